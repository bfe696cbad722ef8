//! Where records go: standard output, or a file.
//!
//! A regular file (new, or one to replace) is written in full to a temporary file beside it and
//! then moved into place, so the file is never left half-written: a failed or interrupted run
//! leaves the old file as it was and no temporary file behind. The temporary file has a name no
//! other run uses and is created exclusively (it is never an existing file, nor a planted link
//! followed to somewhere else), so two runs writing the same file cannot mix their records.
//! A symbolic link to a regular file has the file it points to replaced; the link stays.
//!
//! Anything else that exists (a device such as `/dev/null`, a FIFO, `/dev/stdout`) is opened and
//! written where it is, never replaced. A folder, or a file in a folder that does not exist, is
//! refused before any work is done.
//!
//! Every write error names where it was writing.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// An output being written.
pub struct Output {
    writer: BufWriter<Box<dyn Write + Send>>,
    dest: Dest,
}

enum Dest {
    /// Standard output, or a target written where it is: nothing to move or remove.
    InPlace,
    /// A regular file, written to `tmp` and then moved onto `target`.
    Replace {
        tmp: PathBuf,
        target: PathBuf,
        /// The temporary file, to sync before the move.
        file: File,
    },
}

/// How a path given with `-o` is written.
enum Plan {
    /// Opened and written where it is (devices, FIFOs, `/dev/stdout`).
    InPlace,
    /// This regular file (new or existing) is replaced by a temporary file beside it.
    Replace(PathBuf),
}

impl Output {
    /// Standard output for `None` or `-`, else the file, as the module documentation says.
    /// Fails, before anything is written, when `path` cannot be an output file.
    pub fn open(path: Option<&Path>) -> Result<Self> {
        let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
            return Ok(Output {
                writer: named(io::stdout(), "standard output"),
                dest: Dest::InPlace,
            });
        };
        match plan(path)? {
            Plan::InPlace => {
                // No create, no truncate: a device or FIFO is written as it is; a regular file
                // reached through /dev/stdout or /proc is appended to, as the shell left it.
                let f = OpenOptions::new()
                    .append(true)
                    .open(path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                Ok(Output {
                    writer: named(f, &path.display().to_string()),
                    dest: Dest::InPlace,
                })
            }
            Plan::Replace(target) => {
                let (tmp, file) = create_temp(&target)?;
                signals::register(&tmp);
                let writer = file
                    .try_clone()
                    .map(|f| named(f, &target.display().to_string()));
                let writer = match writer {
                    Ok(w) => w,
                    Err(e) => {
                        remove_temp(&tmp);
                        return Err(e).context(format!("cannot write {}", target.display()));
                    }
                };
                Ok(Output {
                    writer,
                    dest: Dest::Replace { tmp, target, file },
                })
            }
        }
    }

    /// The writer to hand to a record writer.
    pub fn writer(&mut self) -> &mut BufWriter<Box<dyn Write + Send>> {
        &mut self.writer
    }

    /// Flushes, and moves a file output into place. On failure the temporary file is removed and
    /// the target left as it was.
    pub fn commit(mut self) -> Result<()> {
        // Write errors already name the output.
        let flushed = self.writer.flush();
        let Dest::Replace { tmp, target, file } = std::mem::replace(&mut self.dest, Dest::InPlace)
        else {
            return Ok(flushed?);
        };
        let done = flushed.map_err(anyhow::Error::from).and_then(|()| {
            file.sync_all()
                .with_context(|| format!("writing {}", target.display()))?;
            fs::rename(&tmp, &target).with_context(|| {
                format!(
                    "writing {}: cannot move {} into place",
                    target.display(),
                    tmp.display()
                )
            })
        });
        if done.is_ok() {
            signals::unregister();
        } else {
            remove_temp(&tmp);
        }
        done
    }

    /// Gives up: a file output's temporary file is removed and the target left as it was.
    pub fn abandon(self) {
        // Drop does it.
    }
}

impl Drop for Output {
    /// An output neither committed nor abandoned (an early return) leaves nothing behind.
    fn drop(&mut self) {
        if let Dest::Replace { tmp, .. } = &self.dest {
            remove_temp(tmp);
        }
    }
}

fn remove_temp(tmp: &Path) {
    let _ = fs::remove_file(tmp);
    signals::unregister();
}

/// A buffered writer whose errors say what was being written.
fn named(w: impl Write + Send + 'static, name: &str) -> BufWriter<Box<dyn Write + Send>> {
    BufWriter::new(Box::new(Named {
        inner: w,
        name: name.to_string(),
    }))
}

struct Named<W> {
    inner: W,
    name: String,
}

impl<W> Named<W> {
    /// The same kind of error (a broken pipe stays one), with the output's name.
    fn name_error(&self, e: io::Error) -> io::Error {
        if e.kind() == io::ErrorKind::Interrupted {
            return e;
        }
        io::Error::new(e.kind(), format!("writing {}: {e}", self.name))
    }
}

impl<W: Write> Write for Named<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).map_err(|e| self.name_error(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().map_err(|e| self.name_error(e))
    }
}

/// Decides how `path` is written, or says why it cannot be.
fn plan(path: &Path) -> Result<Plan> {
    let shown = path.display();
    if path.as_os_str().is_empty() {
        bail!("cannot write to an empty file name");
    }
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if path.as_os_str().to_string_lossy().ends_with('/') {
                bail!("cannot write {shown}: no such folder");
            }
            let parent = folder_of(path);
            match fs::metadata(&parent) {
                Ok(m) if m.is_dir() => Ok(Plan::Replace(path.to_path_buf())),
                Ok(_) => bail!("cannot write {shown}: {} is not a folder", parent.display()),
                Err(e) => bail!("cannot write {shown}: folder {}: {e}", parent.display()),
            }
        }
        Err(e) => Err(e).with_context(|| format!("cannot write {shown}")),
        Ok(m) if m.file_type().is_symlink() => match fs::metadata(path) {
            Err(e) => {
                bail!("cannot write {shown}: it is a symbolic link to something missing ({e})")
            }
            Ok(m) if m.is_dir() => bail!("cannot write {shown}: it is a folder"),
            Ok(m) if m.is_file() && !through_dev_or_proc(path) => {
                let real = fs::canonicalize(path)
                    .with_context(|| format!("cannot write {shown}: following the link"))?;
                Ok(Plan::Replace(real))
            }
            Ok(_) => Ok(Plan::InPlace),
        },
        Ok(m) if m.is_dir() => bail!("cannot write {shown}: it is a folder"),
        Ok(m) if m.is_file() => Ok(Plan::Replace(path.to_path_buf())),
        Ok(_) => Ok(Plan::InPlace),
    }
}

/// The folder a file path is in (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether a link, or a link it leads to, is in /dev or /proc (`/dev/stdout`, `/dev/fd/1`,
/// `/proc/self/fd/1`): such a path stands for a descriptor of this process, written where it is,
/// not for a file to replace.
fn through_dev_or_proc(path: &Path) -> bool {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        if p.starts_with("/dev") || p.starts_with("/proc") {
            return true;
        }
        match fs::read_link(&p) {
            Ok(t) if t.is_absolute() => p = t,
            Ok(t) => p = folder_of(&p).join(t),
            Err(_) => return false,
        }
    }
    false
}

/// Creates a new temporary file beside `target` (`.NAME.PID.RANDOM.partial`), exclusively: an
/// existing file or link of that name is never opened. It takes the permissions of the file it
/// replaces.
fn create_temp(target: &Path) -> Result<(PathBuf, File)> {
    use std::hash::{BuildHasher, Hasher};
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let dir = folder_of(target);
    let keys = std::collections::hash_map::RandomState::new();
    let mut last_error = None;
    for attempt in 0u32..100 {
        let mut h = keys.build_hasher();
        h.write_u32(attempt);
        let tmp = dir.join(format!(
            ".{name}.{}.{:016x}.partial",
            std::process::id(),
            h.finish()
        ));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => {
                if let Ok(m) = fs::metadata(target) {
                    let _ = f.set_permissions(m.permissions());
                }
                return Ok((tmp, f));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_error = Some(e),
            Err(e) => {
                return Err(e).with_context(|| {
                    format!(
                        "cannot write {}: creating a temporary file in {}",
                        target.display(),
                        dir.display()
                    )
                });
            }
        }
    }
    Err(last_error.unwrap()).with_context(|| {
        format!(
            "cannot write {}: no free temporary file name in {}",
            target.display(),
            dir.display()
        )
    })
}

/// Whether standard output was closed when the program started (`whosaid … >&-`). The Rust
/// runtime opens /dev/null in its place before `main`, and its standard output treats a closed
/// descriptor as a sink, so this is noted before the runtime starts. Also true when standard
/// output cannot be written (opened read-only).
pub fn stdout_closed() -> bool {
    #[cfg(unix)]
    {
        closed_stdout::CLOSED_AT_START.load(std::sync::atomic::Ordering::Relaxed) || {
            // Safety: F_GETFL only reads the descriptor's flags.
            let flags = unsafe { libc::fcntl(1, libc::F_GETFL) };
            flags == -1 || flags & libc::O_ACCMODE == libc::O_RDONLY
        }
    }
    #[cfg(not(unix))]
    false
}

#[cfg(unix)]
mod closed_stdout {
    use std::sync::atomic::{AtomicBool, Ordering};

    pub static CLOSED_AT_START: AtomicBool = AtomicBool::new(false);

    /// Run by the C runtime before the Rust runtime starts (and replaces a closed descriptor).
    #[cfg(target_os = "linux")]
    #[used]
    #[unsafe(link_section = ".init_array")]
    static NOTE_CLOSED_STDOUT: extern "C" fn() = note;

    #[cfg(target_os = "linux")]
    extern "C" fn note() {
        // Safety: F_GETFD only asks whether the descriptor is open.
        if unsafe { libc::fcntl(1, libc::F_GETFD) } == -1 {
            CLOSED_AT_START.store(true, Ordering::Relaxed);
        }
    }
}

pub use signals::remove_temp_on_signals;

/// SIGINT, SIGTERM and SIGHUP remove the temporary file being written and end the run with
/// 128 + the signal's number (130, 143, 129).
#[cfg(unix)]
mod signals {
    use std::ffi::CString;
    use std::path::Path;
    use std::ptr;
    use std::sync::atomic::{AtomicPtr, Ordering};

    /// The temporary file being written, for the handler; null when none. A path once stored is
    /// never freed (a handler on another thread may be reading it); there is one per run.
    static TEMP_FILE: AtomicPtr<libc::c_char> = AtomicPtr::new(ptr::null_mut());

    pub fn register(tmp: &Path) {
        use std::os::unix::ffi::OsStrExt;
        if let Ok(c) = CString::new(tmp.as_os_str().as_bytes()) {
            TEMP_FILE.store(c.into_raw(), Ordering::SeqCst);
        }
    }

    /// Called once the temporary file is gone (moved into place or removed).
    pub fn unregister() {
        TEMP_FILE.store(ptr::null_mut(), Ordering::SeqCst);
    }

    /// Only async-signal-safe calls: an atomic swap, unlink, _exit.
    extern "C" fn on_signal(sig: libc::c_int) {
        let tmp = TEMP_FILE.swap(ptr::null_mut(), Ordering::SeqCst);
        // Safety: `tmp` is null or a NUL-terminated path that is never freed.
        unsafe {
            if !tmp.is_null() {
                libc::unlink(tmp);
            }
            libc::_exit(128 + sig);
        }
    }

    /// Installs the handlers, except for a signal the caller set to be ignored (`nohup`).
    pub fn remove_temp_on_signals() {
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            // Safety: sigaction with zeroed structures filled in as it documents; the handler
            // makes only async-signal-safe calls.
            unsafe {
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(sig, ptr::null(), &mut old) != 0
                    || old.sa_sigaction == libc::SIG_IGN
                {
                    continue;
                }
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(sig, &action, ptr::null_mut());
            }
        }
    }
}

#[cfg(not(unix))]
mod signals {
    pub fn register(_: &std::path::Path) {}
    pub fn unregister() {}
    pub fn remove_temp_on_signals() {}
}

/// `n` and the noun, singular for one ("1 document", "3 documents").
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod count_tests {
    #[test]
    fn one_is_singular() {
        assert_eq!(super::count(1, "document"), "1 document");
        assert_eq!(super::count(0, "record"), "0 records");
        assert_eq!(super::count(2, "conflicting pair"), "2 conflicting pairs");
    }
}
