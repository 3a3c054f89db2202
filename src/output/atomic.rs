//! Reports land whole or not at all: each output is written to a
//! temporary file beside its target and renamed into place, and an
//! interrupted run removes the temporary files it was writing.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Temporary files being written right now, so that an interrupted run
/// (Ctrl-C, SIGTERM from a CI timeout) can remove them on its way out.
static IN_FLIGHT: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn in_flight() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes every temporary report file still being written and exits with
/// `code`; for the binary's signal handler. Finished reports are already in
/// place and stay; nothing half-written is left behind. The registry stays
/// locked until the process ends, so no worker can start a new temporary
/// file after the sweep.
pub fn remove_temp_files_and_exit(code: i32) -> ! {
    let mut v = in_flight();
    for p in v.drain(..) {
        let _ = std::fs::remove_file(p);
    }
    std::process::exit(code)
}

/// Writes `path` atomically: a temporary file beside it, renamed into place,
/// so an interrupted run never leaves a truncated report.
///
/// Only a regular file (or a new path) is replaced that way. A device, FIFO
/// or socket (`-o /dev/null`, a named pipe to another tool) is written to
/// in place: renaming over it would replace `/dev/null` itself with a
/// regular file. A symlink is followed, so the file it points to gets the
/// report and the link stays a link.
pub fn write_atomic(
    path: &Path,
    f: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(Error::output(
                path,
                "is a directory; give a file name for the report",
            ));
        }
        Ok(m) if !m.is_file() => {
            let res = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut file| f(&mut file));
            return res.map_err(|e| Error::output(path, format!("cannot write: {e}")));
        }
        _ => {}
    }
    let resolved;
    let path = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(path) {
            Ok(p) => {
                resolved = p;
                resolved.as_path()
            }
            // A dangling link: the rename replaces it with the report.
            Err(_) => path,
        },
        _ => path,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::output(&dir, format!("cannot create directory: {e}")))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let res = (|| {
        // Created while the registry is locked: once the signal handler has
        // swept it, no new temporary file can appear.
        let mut file = {
            let mut v = in_flight();
            let file = std::fs::File::create(&tmp)?;
            v.push(tmp.clone());
            file
        };
        f(&mut file)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if res.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    {
        let mut v = in_flight();
        if let Some(i) = v.iter().position(|p| *p == tmp) {
            v.swap_remove(i);
        }
    }
    res.map_err(|e| Error::output(path, format!("cannot write: {e}")))
}

/// A closed pipe on stdout (`mtaudit ... | head`) is the reader's choice, not an error.
pub fn stdout_error(e: std::io::Error) -> Result<()> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(Error::output("<stdout>", e))
    }
}

/// `-` and the names a shell user gives standard output. Writing those
/// through our own stdout keeps the shell's redirection (`>> all.csv`
/// appends) instead of reopening, truncating or replacing its target.
pub fn is_stdout(path: &Path) -> bool {
    ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
        .iter()
        .any(|p| path == Path::new(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[cfg(unix)]
    #[test]
    fn atomic_write_keeps_fifos_devices_and_symlinks() {
        use std::io::Read;
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
        let dir = tempfile::tempdir().unwrap();
        // A FIFO stands in for /dev/null (never touched by a test: if this
        // broke, the machine would lose its /dev/null): not a regular file,
        // it must survive and receive the report.
        let fifo = dir.path().join("pipe");
        let c_path = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path and a mode; no memory is shared.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        // The read end opened non-blocking first, so the writer never waits
        // and a regression (the FIFO replaced) reads nothing instead of hanging.
        let mut reader = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&fifo)
            .unwrap();
        write_atomic(&fifo, |f| f.write_all(b"through the pipe")).unwrap();
        let mut got = String::new();
        reader.read_to_string(&mut got).unwrap();
        assert_eq!(got, "through the pipe");
        let ft = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(ft.is_fifo(), "the FIFO was replaced: {ft:?}");
        // A symlink stays a link; its target gets the report.
        let target = dir.path().join("real.csv");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, |f| f.write_all(b"new")).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        // A directory is an error naming it, not a rename attempt.
        let e = write_atomic(dir.path(), |f| f.write_all(b"x")).unwrap_err();
        assert!(e.message.contains("is a directory"), "{}", e.message);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    }

    #[test]
    fn atomic_write_leaves_no_temp_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        std::fs::write(&p, "old").unwrap();
        let e = write_atomic(&p, |_| Err(std::io::Error::other("boom"))).unwrap_err();
        assert!(e.message.contains("boom"));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
