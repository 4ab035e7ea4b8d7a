//! Which desk the app opens: its own file, or a team server chosen in Settings → Database.
//!
//! The choice is kept in `desk.json` beside the file (written to a temporary file and renamed).
//! The server's password is never in it: it lives in the operating system's credential store
//! (Windows Credential Manager, the macOS Keychain, the Linux kernel keyring), under the
//! server's address without a password, and in memory while the app runs. Where the store
//! cannot keep it (a Linux session without a kernel keyring), the app says so and asks for the
//! password again at the next start.

use std::path::{Path, PathBuf};

use cspdesk::db::server::Server;
use serde::{Deserialize, Serialize};

/// The file of the choice, in the app's data folder.
pub const CHOICE_FILE: &str = "desk.json";

/// The credential store's name for CSP Desk's entries.
const SERVICE: &str = "CSP Desk";

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Choice {
    /// `None`: the app's own file.
    server: Option<Server>,
}

fn choice_path(dir: &Path) -> PathBuf {
    dir.join(CHOICE_FILE)
}

/// The team server chosen in Settings, if any. A missing file is the own file; an unreadable
/// one too, with the reason, so the app still opens and Settings can choose again.
pub fn read_choice(dir: &Path) -> (Option<Server>, Option<String>) {
    match std::fs::read(choice_path(dir)) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (None, None),
        Err(e) => (None, Some(format!("{}: {e}", choice_path(dir).display()))),
        Ok(bytes) => match serde_json::from_slice::<Choice>(&bytes) {
            Ok(choice) => (choice.server, None),
            Err(e) => (None, Some(format!("{}: {e}", choice_path(dir).display()))),
        },
    }
}

/// Keeps the choice for the next start.
pub fn write_choice(dir: &Path, server: Option<&Server>) -> cspdesk::Result<()> {
    let mut json = serde_json::to_vec_pretty(&Choice { server: server.cloned() })
        .expect("the choice serialises");
    json.push(b'\n');
    std::fs::create_dir_all(dir)
        .map_err(|e| cspdesk::Error::Io { path: dir.to_path_buf(), source: e })?;
    cspdesk::files::write_atomically("file", &choice_path(dir), &json, None)
}

fn entry(server: &Server) -> keyring::Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, &server.url())
}

/// The password kept for `server`, if the store has one.
pub fn saved_password(server: &Server) -> Option<String> {
    entry(server).and_then(|e| e.get_password()).ok()
}

/// Keeps `password` for `server` in the credential store; the error says why it could not.
pub fn save_password(server: &Server, password: &str) -> Result<(), String> {
    entry(server).and_then(|e| e.set_password(password)).map_err(|e| e.to_string())
}

/// Forgets the password of `server` (nothing to forget is fine).
pub fn forget_password(server: &Server) {
    if let Ok(e) = entry(server) {
        let _ = e.delete_credential();
    }
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
    fn the_choice_round_trips_and_a_broken_file_opens_the_own_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_choice(dir.path()), (None, None));
        write_choice(dir.path(), Some(&server())).unwrap();
        assert_eq!(read_choice(dir.path()), (Some(server()), None));
        let text = std::fs::read_to_string(dir.path().join(CHOICE_FILE)).unwrap();
        assert!(!text.contains("password"), "{text}");
        write_choice(dir.path(), None).unwrap();
        assert_eq!(read_choice(dir.path()), (None, None));
        std::fs::write(dir.path().join(CHOICE_FILE), "{not json").unwrap();
        let (server, problem) = read_choice(dir.path());
        assert!(server.is_none() && problem.unwrap().contains(CHOICE_FILE));
    }

    #[test]
    fn passwords_go_to_the_credential_store_by_server() {
        keyring::set_default_credential_builder(keyring::mock::default_credential_builder());
        // The mock store keeps nothing between entries: what is asked of it is what matters.
        assert_eq!(saved_password(&server()), None);
        forget_password(&server());
        assert!(save_password(&server(), "hemligt").is_ok());
    }
}
