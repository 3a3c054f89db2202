//! Outputs land whole or not at all. Each file is written to a temporary
//! file beside its target (named safely by `tempfile`, so a shared
//! directory cannot be raced with a planted symlink) and renamed into place;
//! the outputs of one run are renamed together only once all of them are
//! written ([`commit_all`]), and a batch writes into a private staging
//! directory that is moved into place at the end ([`Staging`]). An
//! interrupted run removes every temporary file and directory it was
//! writing.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};

/// Temporary files and directories in use right now, so that an interrupted
/// run (Ctrl-C, SIGTERM from a CI timeout) can remove them on its way out.
static IN_FLIGHT: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn in_flight() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

fn unregister(p: &Path) {
    let mut v = in_flight();
    if let Some(i) = v.iter().position(|x| x == p) {
        v.swap_remove(i);
    }
}

/// Removes every temporary file and staging directory still in use and
/// exits with `code`; for the binary's signal handler. Outputs already in
/// place stay; nothing half-written is left behind. The registry stays
/// locked until the process ends, so no worker can start a new temporary
/// file after the sweep.
pub fn remove_temp_files_and_exit(code: i32) -> ! {
    let mut v = in_flight();
    for p in v.drain(..) {
        if p.is_dir() {
            let _ = std::fs::remove_dir_all(p);
        } else {
            let _ = std::fs::remove_file(p);
        }
    }
    std::process::exit(code)
}

/// `-` and the names a shell user gives standard output. Writing those
/// through our own stdout keeps the shell's redirection (`>> all.csv`
/// appends) instead of reopening, truncating or replacing its target.
pub fn is_stdout(path: &Path) -> bool {
    ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
        .iter()
        .any(|p| path == Path::new(p))
}

/// A closed pipe on stdout (`mtaudit ... | head`) is the reader's choice,
/// not an error: the run stops and exits 0 (see [`ErrorKind::Closed`]).
pub fn stdout_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Error {
            kind: ErrorKind::Closed,
            message: "standard output closed by its reader".into(),
        }
    } else {
        Error::output("<stdout>", e)
    }
}

/// Where an output path really leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    /// A device, FIFO or socket (`-o /dev/null`, a named pipe to another
    /// tool): written in place, since renaming over it would replace
    /// `/dev/null` itself with a regular file.
    InPlace(PathBuf),
    /// A regular file or a new path, with symlinks followed: the file a
    /// link points to gets the output and the link stays a link, as the
    /// shell's `>` would do; a dangling link creates the file it names.
    File(PathBuf),
}

/// Resolves `path` as [`Target`] explains; a directory or a symlink loop
/// is an error naming the path.
pub fn resolve(path: &Path) -> Result<Target> {
    if is_stdout(path) {
        return Ok(Target::Stdout);
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(Error::output(
                path,
                "is a directory; give a file name for the output",
            ));
        }
        Ok(m) if !m.is_file() => return Ok(Target::InPlace(path.to_path_buf())),
        Ok(_) => {}
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            return Err(Error::output(
                path,
                "is a loop of symbolic links; remove the link or choose another file",
            ));
        }
        Err(_) => {}
    }
    if names_a_directory(path) {
        return Err(Error::output(
            path,
            "names a directory (it ends in `/`), not a file; give the output a file name \
             after the `/`",
        ));
    }
    let mut p = path.to_path_buf();
    // Follow links by hand (at most 40, as the kernel does), so a dangling
    // one leads to the path it names instead of being replaced.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)
                    .map_err(|e| Error::output(path, format!("cannot read the link: {e}")))?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(Target::File(p)),
        }
    }
    Err(Error::output(
        path,
        "is a loop of symbolic links; remove the link or choose another file",
    ))
}

/// The mode mtaudit creates its files with, before the umask takes its
/// bits away, as the shell's `>` and most programs do: 0644 under the
/// usual umask 022.
#[cfg(unix)]
const NEW_FILE_MODE: u32 = 0o666;

/// Gives `new`, about to be renamed over `target`, the permission bits
/// `target` has, so that a replaced output keeps its mode (a team's
/// group-writable 0664, a private 0600) as if it had been rewritten in
/// place. Without a `target` yet, `new` keeps the mode it was created with,
/// [`NEW_FILE_MODE`] less the umask. Every output goes through here: the
/// files of `compare`, `terms` and `qa` ([`Sink`]) and a batch's or a
/// merge's ([`Staging::commit`]).
pub(crate) fn keep_mode(new: &Path, target: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    if let Ok(m) = std::fs::metadata(target)
        && m.is_file()
    {
        use std::os::unix::fs::PermissionsExt;
        let bits = m.permissions().mode() & 0o7777;
        std::fs::set_permissions(new, std::fs::Permissions::from_mode(bits))?;
    }
    #[cfg(not(unix))]
    let _ = (new, target);
    Ok(())
}

/// Whether `path` can only name a directory: it ends in `/`, `/.` or
/// `/..` (`Path` would drop the trailing `/` or `.` and take the name
/// before it for a file).
fn names_a_directory(path: &Path) -> bool {
    let s = path.as_os_str().to_string_lossy();
    let last = s.rsplit('/').next().unwrap_or_default();
    s.contains('/') && (last.is_empty() || last == "." || last == "..")
}

/// Refuses an output whose directory is missing, before any work: mtaudit
/// makes no directory for `-o` and the summaries, so a failed run leaves
/// none behind, nor does a typo (as root, anywhere), as the shell's `>`
/// would not. The message says to create it.
fn check_directory(path: &Path, dir: &Path) -> Result<()> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(Error::output(
            path,
            format!(
                "{} is not a directory; choose an output in a directory",
                dir.display()
            ),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::output(
            path,
            format!(
                "directory {} does not exist; mtaudit creates no directory for an output: \
                 create it first (mkdir -p {}) or choose an existing one",
                dir.display(),
                dir.display()
            ),
        )),
        Err(e) if e.raw_os_error() == Some(libc::ENOTDIR) => {
            // Some part of the way is a file: name the first one.
            let file = dir
                .ancestors()
                .filter(|a| !a.as_os_str().is_empty())
                .find(|a| std::fs::metadata(a).is_ok_and(|m| !m.is_dir()))
                .unwrap_or(dir);
            Err(Error::output(
                path,
                format!(
                    "{} is not a directory; choose an output in a directory",
                    file.display()
                ),
            ))
        }
        // Anything else (no permission) is said by the attempt to write.
        Err(_) => Ok(()),
    }
}

/// A temporary file beside its target, known to the signal handler.
struct Temp {
    file: BufWriter<tempfile::NamedTempFile>,
    target: PathBuf,
}

/// Stdout and devices cannot be rolled back, so their output is held
/// (in memory up to this size, then in an anonymous temporary file) and
/// written once the run succeeds: a failed run prints no partial report.
const SPOOL_IN_MEMORY: usize = 64 << 20;

enum Kind {
    Stdout(tempfile::SpooledTempFile),
    InPlace(tempfile::SpooledTempFile, PathBuf),
    Temp(Temp),
    /// Committed: nothing more goes anywhere.
    Done(std::io::Sink),
}

/// One output being written: see [`Target`]. Dropped without
/// [`Sink::commit`], a temporary file is removed and the target keeps its
/// old content.
pub struct Sink {
    kind: Kind,
    /// The path the user gave, for messages.
    label: PathBuf,
}

impl Sink {
    pub fn open(path: &Path) -> Result<Sink> {
        let kind = match resolve(path)? {
            Target::Stdout => Kind::Stdout(tempfile::spooled_tempfile(SPOOL_IN_MEMORY)),
            Target::InPlace(p) => {
                // Opened now, so a device that cannot be written fails
                // before any work.
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(&p)
                    .map_err(|e| Error::output(path, format!("cannot write: {e}")))?;
                Kind::InPlace(tempfile::spooled_tempfile(SPOOL_IN_MEMORY), p)
            }
            Target::File(target) => {
                let dir = match target.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                check_directory(path, &dir)?;
                let name = target
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                // Created while the registry is locked: once the signal
                // handler has swept it, no new temporary file can appear.
                let mut v = in_flight();
                let prefix = format!(".{name}.");
                let mut builder = tempfile::Builder::new();
                builder.prefix(&prefix).suffix(".tmp");
                // A new report gets the mode any file the user creates gets
                // (0666 less the umask). One that is replaced keeps its
                // own mode (see [`keep_mode`]); until then the temporary
                // file stays private (0600), as the report it replaces may be.
                #[cfg(unix)]
                if !target.exists() {
                    use std::os::unix::fs::PermissionsExt;
                    builder.permissions(std::fs::Permissions::from_mode(NEW_FILE_MODE));
                }
                let tmp = builder.tempfile_in(&dir).map_err(|e| {
                    // The OS error alone ("No such file or directory" for
                    // /proc/version) would say the wrong thing: the
                    // output exists, its directory takes no new file.
                    let why = e.raw_os_error().map_or_else(
                        || e.kind().to_string(),
                        |c| std::io::Error::from_raw_os_error(c).to_string(),
                    );
                    Error::output(
                        path,
                        format!(
                            "is not writable: mtaudit writes a new file beside it and \
                                 renames it into place, and {} takes no new file ({why}); \
                                 choose an output in a writable directory",
                            dir.display()
                        ),
                    )
                })?;
                v.push(tmp.path().to_path_buf());
                Kind::Temp(Temp {
                    file: BufWriter::new(tmp),
                    target,
                })
            }
        };
        Ok(Sink {
            kind,
            label: path.to_path_buf(),
        })
    }

    pub fn is_stdout(&self) -> bool {
        matches!(self.kind, Kind::Stdout(_))
    }

    fn out(&mut self) -> &mut dyn Write {
        match &mut self.kind {
            Kind::Stdout(w) | Kind::InPlace(w, _) => w,
            Kind::Temp(t) => &mut t.file,
            Kind::Done(w) => w,
        }
    }

    /// The error of a failed write to this output, naming it.
    pub fn error(&self, e: std::io::Error) -> Error {
        if self.is_stdout() {
            stdout_error(e)
        } else {
            Error::output(&self.label, format!("cannot write: {e}"))
        }
    }

    /// Writes out what is buffered and, for a file, makes it durable: the
    /// part of committing that can fail for lack of space.
    fn settle(&mut self) -> Result<()> {
        let res = match &mut self.kind {
            Kind::Temp(t) => t
                .file
                .flush()
                .and_then(|()| t.file.get_ref().as_file().sync_all()),
            _ => self.out().flush(),
        };
        res.map_err(|e| self.error(e))
    }

    /// Moves a settled temporary file into place, or copies held output to
    /// stdout or its device.
    fn rename(mut self) -> Result<()> {
        let label = std::mem::take(&mut self.label);
        match std::mem::replace(&mut self.kind, Kind::Done(std::io::sink())) {
            Kind::Stdout(mut held) => {
                let stdout = std::io::stdout();
                let mut out = stdout.lock();
                copy_held(&mut held, &mut out).map_err(stdout_error)
            }
            Kind::InPlace(mut held, p) => std::fs::OpenOptions::new()
                .write(true)
                .open(&p)
                .and_then(|mut f| copy_held(&mut held, &mut f))
                .map_err(|e| Error::output(&label, format!("cannot write: {e}"))),
            Kind::Temp(t) => {
                let tmp = t
                    .file
                    .into_inner()
                    .map_err(|e| Error::output(&label, format!("cannot write: {}", e.error())))?;
                let tmp_path = tmp.path().to_path_buf();
                if let Err(e) = keep_mode(&tmp_path, &t.target) {
                    unregister(&tmp_path);
                    return Err(Error::output(
                        &label,
                        format!("cannot give the new file the mode of the old one: {e}"),
                    ));
                }
                let res = tmp.persist(&t.target);
                unregister(&tmp_path);
                res.map(|_| ())
                    .map_err(|e| Error::output(&label, format!("cannot write: {}", e.error)))
            }
            _ => Ok(()),
        }
    }

    /// Finishes this one output.
    pub fn commit(self) -> Result<()> {
        commit_all(vec![self])
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        // An uncommitted temporary file: NamedTempFile removes it, the
        // registry forgets it.
        if let Kind::Temp(t) = &self.kind {
            unregister(t.file.get_ref().path());
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out().write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.out().write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out().flush()
    }
}

fn copy_held(held: &mut tempfile::SpooledTempFile, out: &mut dyn Write) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom};
    held.seek(SeekFrom::Start(0))?;
    std::io::copy(held, out)?;
    out.flush()
}

/// Finishes the outputs of one run together: every one is written out and
/// synced first, and only then are the temporary files renamed into place,
/// so a full disk leaves all old outputs as they were instead of a mix of
/// old and new.
pub fn commit_all(mut sinks: Vec<Sink>) -> Result<()> {
    for s in &mut sinks {
        s.settle()?;
    }
    // Devices and stdout cannot be rolled back: they are written first, so
    // if one fails (a full /dev/full, a closed pipe) no file is replaced.
    // Then the renames, which do not fail for lack of space.
    let (held, files): (Vec<Sink>, Vec<Sink>) = sinks
        .into_iter()
        .partition(|s| !matches!(s.kind, Kind::Temp(_)));
    for s in held.into_iter().chain(files) {
        s.rename()?;
    }
    Ok(())
}

/// Writes `path` atomically in one go (see [`Sink`]).
pub fn write_atomic(path: &Path, f: impl FnOnce(&mut Sink) -> std::io::Result<()>) -> Result<()> {
    let mut sink = Sink::open(path)?;
    f(&mut sink).map_err(|e| sink.error(e))?;
    sink.commit()
}

/// A batch's private staging directory inside its output directory: every
/// output of the run is written there and moved into place by
/// [`Staging::commit`] once all pairs are done, so an interrupted batch
/// leaves the previous run's reports and summary together, never a mix.
pub struct Staging {
    dir: Option<tempfile::TempDir>,
    out_dir: PathBuf,
}

/// Staging directories are named with this and the process id, so a later
/// run can tell those of a killed run from those of one still running.
const STAGING_PREFIX: &str = ".mtaudit-batch.";

impl Staging {
    pub fn new(out_dir: &Path) -> Result<Staging> {
        std::fs::create_dir_all(out_dir)
            .map_err(|e| Error::output(out_dir, format!("cannot create directory: {e}")))?;
        remove_dead_stagings(out_dir);
        let mut v = in_flight();
        let dir = tempfile::Builder::new()
            .prefix(&format!(
                "{STAGING_PREFIX}{}.{}.",
                host(),
                std::process::id()
            ))
            .tempdir_in(out_dir)
            .map_err(|e| {
                Error::output(out_dir, format!("cannot create a staging directory: {e}"))
            })?;
        v.push(dir.path().to_path_buf());
        Ok(Staging {
            dir: Some(dir),
            out_dir: out_dir.to_path_buf(),
        })
    }

    /// Where the output `rel` (relative to the output directory) is staged.
    pub fn path(&self, rel: &Path) -> PathBuf {
        self.dir
            .as_ref()
            .map_or_else(PathBuf::new, |d| d.path().join(rel))
    }

    /// Moves the staged outputs `rel` into place and removes `stale` (the
    /// reports of pairs that failed this time), all relative to the output
    /// directory.
    pub fn commit(mut self, rel: &[PathBuf], stale: &[PathBuf]) -> Result<()> {
        for r in rel {
            let from = self.path(r);
            let to = match resolve(&self.out_dir.join(r))? {
                Target::File(p) => p,
                Target::InPlace(_) | Target::Stdout => {
                    return Err(Error::output(
                        self.out_dir.join(r),
                        "is not a regular file; remove it or choose another --out-dir",
                    ));
                }
            };
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Error::output(parent, format!("cannot create directory: {e}")))?;
            }
            keep_mode(&from, &to).map_err(|e| {
                Error::output(
                    &to,
                    format!("cannot give the new file the mode of the old one: {e}"),
                )
            })?;
            std::fs::rename(&from, &to)
                .map_err(|e| Error::output(&to, format!("cannot write: {e}")))?;
        }
        for r in stale {
            let _ = std::fs::remove_file(self.out_dir.join(r));
        }
        self.close();
        Ok(())
    }

    fn close(&mut self) {
        if let Some(d) = self.dir.take() {
            unregister(d.path());
            let _ = d.close();
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        self.close();
    }
}

/// This machine's name, in staging directory names: shards of a batch on
/// several machines may share an output directory, and a process id says
/// nothing about another machine's processes.
fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| {
            h.trim()
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect::<String>()
        })
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".to_owned())
}

/// Removes staging directories that a killed run (kill -9, a power cut) on
/// this machine left in `out_dir`: those whose process no longer exists.
fn remove_dead_stagings(out_dir: &Path) {
    let Ok(rd) = std::fs::read_dir(out_dir) else {
        return;
    };
    let here = format!("{}.", host());
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(STAGING_PREFIX)
            .and_then(|r| r.strip_prefix(&here))
            .and_then(|r| r.split('.').next())
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = Path::new("/proc").is_dir() && Path::new(&format!("/proc/{pid}")).exists();
        if !alive && Path::new("/proc").is_dir() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // A dangling link creates the file it names and stays a link.
        let dangling = dir.path().join("dangling.csv");
        std::os::unix::fs::symlink("made.csv", &dangling).unwrap();
        write_atomic(&dangling, |f| f.write_all(b"made")).unwrap();
        assert!(
            std::fs::symlink_metadata(&dangling)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("made.csv")).unwrap(),
            "made"
        );
        // A loop is an error naming it.
        let a = dir.path().join("loop_a");
        let b = dir.path().join("loop_b");
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        let e = write_atomic(&a, |f| f.write_all(b"x")).unwrap_err();
        assert!(
            e.message.contains("loop of symbolic links"),
            "{}",
            e.message
        );
        // A directory is an error naming it, not a rename attempt.
        let e = write_atomic(dir.path(), |f| f.write_all(b"x")).unwrap_err();
        assert!(e.message.contains("is a directory"), "{}", e.message);
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(names.is_empty(), "temporary files left: {names:?}");
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
        assert!(in_flight().iter().all(|t| !t.starts_with(dir.path())));
    }

    #[test]
    fn outputs_of_one_run_are_replaced_together_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
        std::fs::write(&a, "old a").unwrap();
        std::fs::write(&b, "old b").unwrap();
        let mut sa = Sink::open(&a).unwrap();
        sa.write_all(b"new a").unwrap();
        let mut sb = Sink::open(&b).unwrap();
        sb.write_all(b"new b").unwrap();
        // The run fails before committing: neither is replaced.
        drop((sa, sb));
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "old b");
        let mut sa = Sink::open(&a).unwrap();
        sa.write_all(b"new a").unwrap();
        let mut sb = Sink::open(&b).unwrap();
        sb.write_all(b"new b").unwrap();
        commit_all(vec![sa, sb]).unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new b");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        // A device that fails (a full disk) fails the run before any file
        // is replaced, whatever the order the outputs were opened in.
        if Path::new("/dev/full").exists() {
            let mut sa = Sink::open(&a).unwrap();
            sa.write_all(b"newer a").unwrap();
            let mut full = Sink::open(Path::new("/dev/full")).unwrap();
            full.write_all(b"x").unwrap();
            assert!(commit_all(vec![sa, full]).is_err());
            assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        }
    }

    #[test]
    fn staging_moves_everything_at_the_end_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(out.join("sub")).unwrap();
        std::fs::write(out.join("old.csv"), "stale").unwrap();
        std::fs::write(out.join("summary.csv"), "old summary").unwrap();
        let st = Staging::new(&out).unwrap();
        let rel = [PathBuf::from("sub/a.csv"), PathBuf::from("summary.csv")];
        for r in &rel {
            let p = st.path(r);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "new").unwrap();
        }
        // Not yet in place.
        assert_eq!(
            std::fs::read_to_string(out.join("summary.csv")).unwrap(),
            "old summary"
        );
        st.commit(&rel, &[PathBuf::from("old.csv")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("sub/a.csv")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("summary.csv")).unwrap(),
            "new"
        );
        assert!(!out.join("old.csv").exists());
        let hidden: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        assert!(hidden.is_empty(), "{hidden:?}");
        // A staging directory dropped uncommitted leaves the outputs alone.
        let st = Staging::new(&out).unwrap();
        std::fs::write(st.path(Path::new("summary.csv")), "x").unwrap();
        drop(st);
        assert_eq!(
            std::fs::read_to_string(out.join("summary.csv")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2);
    }
}
