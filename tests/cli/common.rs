//! The one runner of the integration tests: run the `mtaudit` binary (in a
//! directory, with stdin), write input files, read its CSV back, and check
//! the contract's invariants on a report.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_mtaudit");

/// The report columns the contract fixes, in order.
pub const HEADER: [&str; 18] = [
    "doc",
    "link",
    "kind",
    "hyp_line",
    "ref_line",
    "hyp_text",
    "ref_text",
    "align_score",
    "char_dist",
    "char_sim",
    "word_dist",
    "wer",
    "chrf",
    "ter",
    "bleu",
    "hyp_terms",
    "ref_terms",
    "verdict",
];

/// The metric columns, empty on gap rows.
pub const METRICS: [&str; 7] = [
    "char_dist",
    "char_sim",
    "word_dist",
    "wer",
    "chrf",
    "ter",
    "bleu",
];

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample pair and glossary in `data/`.
pub fn data() -> PathBuf {
    repo().join("data")
}

/// The shared seed pair: (hyp, ref).
pub fn seeds() -> (PathBuf, PathBuf) {
    let dir = repo().join("../shared/seeds");
    let dir = if dir.is_dir() {
        dir
    } else {
        repo().join("tests/fixtures/seeds")
    };
    let find = |prefix: &str| {
        std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix}* seed in {}", dir.display()))
    };
    (find("000_"), find("003_"))
}

/// `mtaudit ARGS` in the test's working directory.
pub fn run<S: AsRef<OsStr>>(args: &[S]) -> Output {
    Command::new(BIN).args(args).output().expect("run mtaudit")
}

/// `mtaudit ARGS` in `dir`.
pub fn run_in<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run mtaudit")
}

/// `mtaudit ARGS` in `dir`, stdout and stderr discarded: its exit code and
/// its own peak memory in KB (by `wait4`, not the largest of every test's
/// children, as `getrusage(RUSAGE_CHILDREN)` would give).
#[cfg(unix)]
pub fn run_peak_kb<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> (Option<i32>, u64) {
    use std::os::unix::process::ExitStatusExt;
    // Reaped by wait4 below.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn mtaudit");
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32, "wait4");
    let code = std::process::ExitStatus::from_raw(status).code();
    (code, usage.ru_maxrss as u64)
}

/// The arguments `batch --hyp-dir HYP --ref-dir REF EXTRA…`.
pub fn batch_args<'a>(hyp: &'a str, ref_: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    [&["batch", "--hyp-dir", hyp, "--ref-dir", ref_][..], extra].concat()
}

/// `mtaudit batch --hyp-dir HYP --ref-dir REF EXTRA…` in `dir`.
pub fn batch_in(dir: &Path, hyp: &str, ref_: &str, extra: &[&str]) -> Output {
    run_in(dir, &batch_args(hyp, ref_, extra))
}

/// `mtaudit ARGS` in `dir` with `input` on stdin.
pub fn run_stdin<S: AsRef<OsStr>>(dir: &Path, args: &[S], input: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mtaudit");
    // A child that exits early closes the pipe; that is not this test's concern.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().expect("wait mtaudit")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn assert_no_panic(o: &Output) {
    let e = stderr(o);
    assert!(!e.contains("panicked"), "panic: {e}");
    assert!(o.status.code().is_some(), "killed by a signal: {e}");
}

/// Exit 2, no panic, and every needle in stderr.
pub fn assert_clean_error(o: &Output, needles: &[&str]) {
    let e = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {e}");
    assert!(!e.contains("panicked"), "{e}");
    for n in needles {
        assert!(e.contains(n), "{n:?} not in {e:?}");
    }
}

/// Writes `dir/name` (creating its directories) and returns its path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A CSV the binary wrote (report, summary, terms): header plus rows.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn parse_with(text: &str, delim: u8) -> Table {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut r = csv::ReaderBuilder::new()
            .delimiter(delim)
            .from_reader(text.as_bytes());
        let header = r.headers().unwrap().iter().map(str::to_owned).collect();
        let rows = r
            .records()
            .map(|x| x.unwrap().iter().map(str::to_owned).collect())
            .collect();
        Table { header, rows }
    }

    pub fn parse(text: &str) -> Table {
        Table::parse_with(text, b',')
    }

    pub fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    pub fn get<'a>(&'a self, row: &'a [String], name: &str) -> &'a str {
        &row[self.col(name)]
    }

    pub fn column(&self, name: &str) -> Vec<&str> {
        let c = self.col(name);
        self.rows.iter().map(|r| r[c].as_str()).collect()
    }

    /// Every sentence of one side, in row order, as the report shows them.
    pub fn side(&self, side: &str) -> Vec<&str> {
        self.column(&format!("{side}_text"))
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// The only row whose `side`_text contains `needle`.
    pub fn row_with(&self, side: &str, needle: &str) -> &Vec<String> {
        let c = self.col(&format!("{side}_text"));
        let hits: Vec<_> = self.rows.iter().filter(|r| r[c].contains(needle)).collect();
        assert_eq!(
            hits.len(),
            1,
            "rows with {side} text {needle:?}: {}",
            hits.len()
        );
        hits[0]
    }

    pub fn kinds(&self) -> Vec<String> {
        let c = self.col("kind");
        self.rows.iter().map(|r| r[c].clone()).collect()
    }
}

/// `compare HYP REF -q EXTRA...`, which must succeed; its report.
pub fn compare(hyp: &Path, reference: &Path, extra: &[&str]) -> Table {
    let mut args = vec![
        "compare",
        hyp.to_str().unwrap(),
        reference.to_str().unwrap(),
        "-q",
    ];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert!(o.status.success(), "mtaudit failed: {}", stderr(&o));
    Table::parse(&stdout(&o))
}

/// `mtaudit ARGS` in `dir`, which must exit 0 without a panic; its CSV.
pub fn ok_report(dir: &Path, args: &[&str]) -> Table {
    let o = run_in(dir, args);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    Table::parse(&stdout(&o))
}

/// What `mtaudit segment` sees in a file, one sentence per entry.
pub fn segments(dir: &Path, file: &str) -> Vec<String> {
    let o = run_in(dir, &["segment", file, "-q"]);
    assert_eq!(o.status.code(), Some(0), "segment {file}: {}", stderr(&o));
    stdout(&o).lines().map(str::to_owned).collect()
}

/// The contract's invariants for any successful report: header prefix, link
/// numbering, every sentence of both sides in exactly one row, in order, and
/// empty metric cells on gap rows.
pub fn check_invariants(dir: &Path, t: &Table, hyp: &str, reference: &str) {
    assert_eq!(&t.header[..HEADER.len()], HEADER, "header");
    let links: Vec<String> = (1..=t.rows.len()).map(|i| i.to_string()).collect();
    assert_eq!(t.column("link"), links, "link numbering");
    assert_eq!(t.side("hyp").join(" "), segments(dir, hyp).join(" "));
    assert_eq!(t.side("ref").join(" "), segments(dir, reference).join(" "));
    for r in &t.rows {
        let kind = &r[t.col("kind")];
        if kind == "1-0" || kind == "0-1" {
            assert_eq!(r[t.col("verdict")], "gap", "{r:?}");
            for m in METRICS {
                assert_eq!(r[t.col(m)], "", "metric {m} on gap row {r:?}");
            }
        }
    }
}

/// A zh→en XLIFF 1.2 file: Chinese sources, English targets with inline
/// codes, a note. The units start on lines 5, 10 and 14; unit 3 has no
/// target.
pub const ZH_EN_XLIFF: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="a.docx" source-language="zh-CN" target-language="en-US" datatype="plaintext">
<body>
<trans-unit id="1">
<source>微信支付进入菜市场。</source>
<target>Micro-letter payment enters the vegetable market.</target>
<note>Say micro-letter? No: the target is WeChat.</note>
</trans-unit>
<trans-unit id="2">
<source>摊主说：<g id="1">很方便</g>。</source>
<target>The the stall owner said: <g id="1">paying with micro-letter</g> is handy.</target>
</trans-unit>
<trans-unit id="3">
<source>谢谢。</source>
</trans-unit>
</body>
</file>
</xliff>
"#;
