//! Writing the files a user asks for (a terms sheet, an offering export) without ever
//! clobbering anything: the bytes go to a temporary file beside the target, which is then
//! renamed over it, and a target that is the open database (or its `-wal` or `-shm` file) is
//! refused. The caller says where the database is; the core knows no paths of its own.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::problem::ProblemCode;
use crate::{Error, Result};

/// Writes `bytes` to `dest` through a temporary file and a rename, so `dest` holds either its
/// old content or all of the new. `field` names the option or field that chose `dest`.
pub fn write_atomically(
    field: &str,
    dest: &Path,
    bytes: &[u8],
    database: Option<&Path>,
) -> Result<()> {
    write_atomically_with(field, dest, database, |out| {
        out.write_all(bytes).map_err(|e| Error::Io { path: dest.to_path_buf(), source: e })
    })
}

/// As [`write_atomically`], for content written piece by piece (a large export): `write` gets
/// a buffered writer to the temporary file; on an error nothing replaces `dest`.
pub fn write_atomically_with<T>(
    field: &str,
    dest: &Path,
    database: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<T> {
    if let Some(db) = database {
        if is_database_file(dest, db) {
            return Err(Error::invalid(
                field,
                ProblemCode::OutputIsDatabase,
                &[("path", dest.display().to_string())],
            ));
        }
    }
    let io_error = |e: std::io::Error| Error::Io { path: dest.to_path_buf(), source: e };
    let mut temp = temp_beside(dest, ".cspdesk-").map_err(io_error)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, temp.as_file_mut());
    let value = write(&mut out)?;
    out.flush().map_err(io_error)?;
    drop(out);
    temp.as_file().sync_all().map_err(io_error)?;
    temp.persist(dest).map_err(|e| io_error(e.error))?;
    Ok(value)
}

/// A temporary file in `dest`'s folder (so the final rename stays on one file system), named
/// `<prefix>….partial`: removed when dropped, kept only by persisting it over `dest`.
pub(crate) fn temp_beside(dest: &Path, prefix: &str) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    tempfile::Builder::new().prefix(prefix).suffix(".partial").tempfile_in(dir)
}

/// Removes the temporary files (`.cspdesk-….partial`, see [`temp_beside`]) that a copy or
/// a write left in `dir` when its program was stopped half-way, such as the copy before an
/// upgrade of a large desk when the window was closed: a file the size of the desk, which
/// nothing else would remove. Only those not written to since `before`: a copy under way in
/// another program keeps writing to its file. Returns what was removed; what cannot be read or
/// removed is left as it is.
pub fn remove_abandoned(dir: &Path, before: std::time::SystemTime) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".cspdesk-") && name.ends_with(".partial")) {
            continue;
        }
        let idle = entry
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .is_some_and(|modified| modified < before);
        if idle && std::fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed.sort();
    removed
}

/// Whether `path` is the database file `db`, its write-ahead log or its shared-memory file,
/// however either is spelled (relative, `..`, a symbolic link).
pub fn is_database_file(path: &Path, db: &Path) -> bool {
    let (Some(target), Some(db)) = (canonical(path), canonical(db)) else { return false };
    let with_suffix = |suffix: &str| {
        let mut name: OsString = db.clone().into_os_string();
        name.push(suffix);
        PathBuf::from(name)
    };
    target == db || target == with_suffix("-wal") || target == with_suffix("-shm")
}

/// The absolute, resolved form of a path whose file may not exist yet (its folder must).
fn canonical(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let name = path.file_name()?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(dir.canonicalize().ok()?.join(name))
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::{remove_abandoned, temp_beside};

    #[test]
    fn only_idle_temporary_files_of_ours_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("cspdesk.sqlite3");
        std::fs::write(&db, b"desk").unwrap();
        let left = temp_beside(&db, ".cspdesk-copy-").unwrap().keep().unwrap().1;
        let ours = ["cspdesk.sqlite3", "cspdesk.sqlite3.schema-9.bak", "notes.partial"];
        for name in &ours[1..] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        // Written to after `before`: a copy under way elsewhere.
        let past = SystemTime::now() - Duration::from_secs(3600);
        assert_eq!(remove_abandoned(dir.path(), past), Vec::<std::path::PathBuf>::new());
        assert!(left.exists());
        let later = SystemTime::now() + Duration::from_secs(1);
        assert_eq!(remove_abandoned(dir.path(), later), vec![left.clone()]);
        assert!(!left.exists());
        for name in ours {
            assert!(dir.path().join(name).exists(), "{name} is kept");
        }
        assert_eq!(
            remove_abandoned(&dir.path().join("missing"), later),
            Vec::<std::path::PathBuf>::new()
        );
    }
}
