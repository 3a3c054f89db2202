//! The output-path checks and the formula guard. Any string, as a path
//! inside a scratch directory holding a file, a directory, a dangling
//! symlink, a symlink loop and links to the file and the directory (or as
//! given, for absolute paths such as `/dev/null` or `/proc/version`):
//! `output::atomic::resolve` never panics, never writes, says stdout only
//! for stdout's names, never takes a directory for a file, and every error
//! names the path. Any string as a cell: the formula guard fires exactly
//! when the first visible character (past whitespace, BOM and zero-width
//! characters) starts a formula, or the cell starts with a tab or CR.
#![no_main]
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mtaudit::output::atomic::{Target, is_stdout, resolve};
use mtaudit::output::needs_formula_guard;

fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("mtaudit-fuzz-outputs-{}", std::process::id()));
        let _ = std::fs::create_dir_all(d.join("dir"));
        let _ = std::fs::write(d.join("file"), b"x");
        let link = |to: &str, at: &str| {
            let _ = std::os::unix::fs::symlink(to, d.join(at));
        };
        link("nowhere/gone.csv", "dangling");
        link("loop2", "loop1");
        link("loop1", "loop2");
        link("file", "to_file");
        link("dir", "to_dir");
        link("dangling", "to_dangling");
        d
    })
}

const NAMES: [&str; 10] = [
    "file",
    "dir",
    "dangling",
    "loop1",
    "to_file",
    "to_dir",
    "to_dangling",
    "new.csv",
    "dir/new.csv",
    "nowhere/new.csv",
];

fn visible_formula(s: &str) -> bool {
    let invisible = |c: char| {
        matches!(
            c,
            '\u{FEFF}'
                | '\u{200B}'
                | '\u{200C}'
                | '\u{200D}'
                | '\u{2060}'
                | '\u{00AD}'
                | '\u{180E}'
        )
    };
    s.starts_with(['\t', '\r'])
        || s.chars()
            .find(|&c| !c.is_whitespace() && !invisible(c))
            .is_some_and(|c| "=+-@＝＋－＠".contains(c))
}

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    assert_eq!(needs_formula_guard(&s), visible_formula(&s), "{s:?}");

    let dir = scratch();
    let path = match data.first() {
        Some(&b) if b < 128 => {
            let rest = String::from_utf8_lossy(&data[1..]);
            dir.join(NAMES[b as usize % NAMES.len()])
                .join(rest.as_ref())
        }
        Some(&b) if b < 160 => dir.join(NAMES[b as usize % NAMES.len()]),
        _ if s.starts_with('/') || s == "-" => PathBuf::from(s.as_ref()),
        _ => dir.join(s.as_ref()),
    };
    match resolve(&path) {
        Ok(Target::Stdout) => assert!(is_stdout(&path), "{path:?}"),
        Ok(Target::File(f)) => assert!(!f.is_dir(), "{path:?} -> {f:?}"),
        Ok(Target::InPlace(p)) => assert!(p.exists(), "{path:?}"),
        Err(e) => assert!(
            e.message.starts_with(&path.display().to_string()),
            "{}",
            e.message
        ),
    }
});
