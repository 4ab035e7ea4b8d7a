//! A PostgreSQL cluster of our own: throwaway for the core's tests on the team engine, or kept
//! under target/tmp for the benchmarks. initdb into its folder (as the `postgres` user when
//! run as root, since initdb refuses root), the server on a free local port with password
//! authentication over TCP (as a real server asks; the password is in the URL the tests get)
//! and no fsync, stopped when dropped (also when the tests fail) and a throwaway one deleted.

use std::path::PathBuf;
use std::process::Command;

use crate::{step, Result, StatusOk};

/// The superuser's password of the throwaway cluster (it listens on 127.0.0.1 only, for the
/// minutes the tests take).
const PASSWORD: &str = "throwaway";

pub struct Cluster {
    bin: PathBuf,
    /// The cluster's folder: deleted with the guard, or kept (the benchmarks' desk).
    dir: PathBuf,
    _temporary: Option<tempfile::TempDir>,
    as_postgres: bool,
    /// The server's options (its port and socket folder), to start it again after a pause.
    options: String,
    pub url: String,
}

/// The bin folder of the newest PostgreSQL installed the Debian way (15 or newer).
fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v: u32 = e.file_name().to_string_lossy().parse().ok()?;
            let bin = e.path().join("bin");
            (v >= 15 && bin.join("initdb").exists()).then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

impl Cluster {
    /// A cluster in a temporary folder, deleted when the guard is dropped.
    pub fn start() -> Result<Cluster> {
        step("starting a throwaway PostgreSQL server for the core's tests");
        let temporary = tempfile::Builder::new()
            .prefix("cspdesk-postgres-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        Cluster::start_in(temporary.path().to_path_buf(), Some(temporary))
    }

    /// A cluster kept in `dir` from run to run (made there the first time); stopped, not
    /// deleted, when the guard is dropped.
    pub fn start_kept(dir: PathBuf) -> Result<Cluster> {
        step(&format!("starting the PostgreSQL server kept in {}", dir.display()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        Cluster::start_in(dir, None)
    }

    fn start_in(dir: PathBuf, temporary: Option<tempfile::TempDir>) -> Result<Cluster> {
        let bin = bin_dir().ok_or(
            "PostgreSQL 15 or newer is not installed (/usr/lib/postgresql/N/bin): `apt-get install postgresql`",
        )?;
        let as_postgres = is_root();
        if as_postgres {
            crate::cmd("chown", &["-R", "postgres:postgres", &dir.display().to_string()])
                .status_ok()?;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let mut server = Cluster {
            bin,
            options: String::new(),
            url: format!(
                "postgres://postgres:{PASSWORD}@127.0.0.1:{port}/postgres?sslmode=disable"
            ),
            dir,
            _temporary: temporary,
            as_postgres,
        };
        let data = server.data();
        let made = std::path::Path::new(&data).join("PG_VERSION").exists();
        let pwfile = server.dir.join("password");
        std::fs::write(&pwfile, PASSWORD).map_err(|e| e.to_string())?;
        let pwfile = format!("--pwfile={}", pwfile.display());
        if !made {
            server
                .tool(
                    "initdb",
                    &[
                        "-D",
                        &data,
                        "--auth-local=trust",
                        "--auth-host=scram-sha-256",
                        &pwfile,
                        "-U",
                        "postgres",
                        "-E",
                        "UTF8",
                        "--locale=C.UTF-8",
                    ],
                )
                .stdout(std::process::Stdio::null())
                .status_ok()?;
        }
        server.options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
            server.dir.display()
        );
        server.resume()?;
        println!("  {}", server.url);
        Ok(server)
    }

    /// Stops the server for a while (the end-to-end test of a server gone away).
    pub fn pause(&self) -> Result {
        self.tool("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"])
            .stdout(std::process::Stdio::null())
            .status_ok()
    }

    /// Starts the server (again), on the same port.
    pub fn resume(&self) -> Result {
        let log = self.dir.join("server.log").display().to_string();
        self.tool("pg_ctl", &["-D", &self.data(), "-o", &self.options, "-l", &log, "-w", "start"])
            .stdout(std::process::Stdio::null())
            .status_ok()
    }

    fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    fn tool(&self, name: &str, args: &[&str]) -> Command {
        let program: PathBuf = self.bin.join(name);
        if self.as_postgres {
            let mut c = crate::cmd("runuser", &["-u", "postgres", "--"]);
            c.arg(program).args(args);
            c
        } else {
            crate::cmd(&program, args)
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data();
        let _ = self
            .tool("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"])
            .stdout(std::process::Stdio::null())
            .status();
    }
}
