//! A team server as Settings shows it: host, port, database, login and whether the connection
//! is encrypted, turned into the URL the core connects with. The password is never part of it:
//! the app keeps it in the operating system's credential store and passes it alongside.

use serde::{Deserialize, Serialize};

use crate::problem::{Problem, ProblemCode, Problems};
use crate::{Error, Result};

/// Where a team desk is, as typed in Settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub database: String,
    /// The login (e.g. anna).
    pub user: String,
    /// Encrypted (TLS, the default). Off only on purpose, shown as such.
    pub tls: bool,
}

impl Server {
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Problems::default();
        let host = self.host.trim();
        p.text("host", host, true, 253);
        if !host.is_empty() && host.chars().any(|c| c.is_whitespace() || "/?#@".contains(c)) {
            p.add_with("host", ProblemCode::InvalidHost, &[("value", crate::problem::quote(host))]);
        }
        if self.port == 0 {
            p.add_with(
                "port",
                ProblemCode::OutOfRange,
                &[("min", "1".into()), ("max", "65535".into())],
            );
        }
        p.text("database", self.database.trim(), true, 63);
        p.0.extend(crate::team::login_problems(&self.user).into_iter().map(|mut q| {
            q.field = "user".into();
            q
        }));
        p.0
    }

    /// `postgres://user@host:port/database`, with `sslmode=disable` when TLS is off. Parts are
    /// percent-encoded, so any login or database name survives.
    pub fn url(&self) -> String {
        let host = self.host.trim();
        let host = if host.contains(':') && !host.starts_with('[') {
            format!("[{host}]")
        } else {
            host.to_owned()
        };
        let tls = if self.tls { "" } else { "?sslmode=disable" };
        format!(
            "postgres://{}@{host}:{}/{}{tls}",
            encode(&self.user),
            self.port,
            encode(self.database.trim())
        )
    }

    /// The server a URL names (for Settings to show what `--db` or the saved choice says).
    pub fn from_url(url: &str) -> Result<Server> {
        let config: postgres::Config = url.parse().map_err(|e| {
            Error::Database(format!(
                "{} is not a database server address ({e})",
                super::redact(url)
            ))
        })?;
        let host = match config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            _ => String::new(),
        };
        Ok(Server {
            host,
            port: config.get_ports().first().copied().unwrap_or(5432),
            database: config.get_dbname().unwrap_or_default().to_owned(),
            user: config.get_user().unwrap_or_default().to_owned(),
            tls: config.get_ssl_mode() != postgres::config::SslMode::Disable,
        })
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn encode(part: &str) -> String {
    let mut out = String::new();
    for b in part.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What "Test connection" found, without changing anything on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    /// The server's version, e.g. "16.4".
    pub server_version: String,
    pub encrypted: bool,
    /// The desk's schema version; `None` when the database holds no desk yet (connecting sets
    /// it up, and the login becomes its first owner).
    pub schema_version: Option<u32>,
    /// Whether the login is on the desk's team (and may sign in); `None` when there is no desk.
    pub on_team: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server() -> Server {
        Server {
            host: "desk.example.se".into(),
            port: 5432,
            database: "cspdesk".into(),
            user: "anna".into(),
            tls: true,
        }
    }

    #[test]
    fn the_url_says_what_the_form_says_and_reads_back() {
        assert_eq!(server().url(), "postgres://anna@desk.example.se:5432/cspdesk");
        let odd = Server {
            user: "Åsa Öberg@firma".into(),
            database: "desk 2".into(),
            host: "::1".into(),
            tls: false,
            ..server()
        };
        assert_eq!(
            odd.url(),
            "postgres://%C3%85sa%20%C3%96berg%40firma@[::1]:5432/desk%202?sslmode=disable"
        );
        for s in [server(), Server { tls: false, port: 6543, ..server() }] {
            assert_eq!(Server::from_url(&s.url()).unwrap(), s);
        }
    }

    #[test]
    fn a_form_with_problems_names_each_field() {
        let bad = Server {
            host: "desk.example.se:5432/x".into(),
            port: 0,
            database: " ".into(),
            user: String::new(),
            tls: true,
        };
        let fields: Vec<(String, ProblemCode)> =
            bad.problems().into_iter().map(|p| (p.field, p.code)).collect();
        assert_eq!(
            fields,
            vec![
                ("host".into(), ProblemCode::InvalidHost),
                ("port".into(), ProblemCode::OutOfRange),
                ("database".into(), ProblemCode::Required),
                ("user".into(), ProblemCode::Required),
            ]
        );
        assert!(server().problems().is_empty());
    }
}
