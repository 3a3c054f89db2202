//! An interrupted run must not leave temporary files beside the reports: on
//! SIGINT, SIGTERM or SIGHUP they are removed and the process exits with
//! 128 + the signal number, as the shell reports a run ended by that signal.
//! A signal the parent set to be ignored (`nohup`, a background job of a
//! script) stays ignored.

#[cfg(unix)]
pub fn install_cleanup() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let wanted: Vec<i32> = [SIGINT, SIGTERM, SIGHUP]
        .into_iter()
        .filter(|&s| !is_ignored(s))
        .collect();
    if let Ok(mut signals) = signal_hook::iterator::Signals::new(&wanted) {
        std::thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                crate::output::remove_temp_files_and_exit(128 + sig);
            }
        });
    }
}

#[cfg(not(unix))]
pub fn install_cleanup() {}

#[cfg(unix)]
fn is_ignored(sig: i32) -> bool {
    // SAFETY: sigaction with a null new action only reads the current
    // disposition into `old`, a zeroed plain-data struct we own.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(sig, std::ptr::null(), &mut old) == 0 && old.sa_sigaction == libc::SIG_IGN
    }
}
