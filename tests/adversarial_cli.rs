//! Adversarial end-to-end checks of the binary against PRODUCT.md, written from
//! the point of view of a localization team trying to break it. Each bug QA
//! found while writing them (once `#[ignore]`d here) is fixed; every one is
//! listed with its reproduction in qa/FINDINGS.md.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const HEADER: [&str; 18] = [
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

const METRICS: [&str; 7] = [
    "char_dist",
    "char_sim",
    "word_dist",
    "wer",
    "chrf",
    "ter",
    "bleu",
];

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mtaudit"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run mtaudit")
}

fn run_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtaudit"))
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

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn assert_no_panic(o: &Output) {
    let e = err(o);
    assert!(!e.contains("panicked"), "panic: {e}");
    assert!(o.status.code().is_some(), "killed by a signal: {e}");
}

fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn parse_with(text: &str, delim: u8) -> Table {
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

    fn parse(text: &str) -> Table {
        Table::parse_with(text, b',')
    }

    fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    fn column(&self, name: &str) -> Vec<&str> {
        let c = self.col(name);
        self.rows.iter().map(|r| r[c].as_str()).collect()
    }

    /// Every sentence of one side, in row order, as the report shows them.
    fn side(&self, side: &str) -> Vec<&str> {
        self.column(&format!("{side}_text"))
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect()
    }
}

fn ok_report(dir: &Path, args: &[&str]) -> Table {
    let o = run_in(dir, args);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", err(&o));
    Table::parse(&out(&o))
}

/// What `mtaudit segment` sees in a file, one sentence per entry.
fn segments(dir: &Path, file: &str) -> Vec<String> {
    let o = run_in(dir, &["segment", file, "-q"]);
    assert_eq!(o.status.code(), Some(0), "segment {file}: {}", err(&o));
    out(&o).lines().map(str::to_owned).collect()
}

/// The contract's invariants for any successful report: header prefix, link
/// numbering, every sentence of both sides in exactly one row, in order, and
/// empty metric cells on gap rows.
fn check_invariants(dir: &Path, t: &Table, hyp: &str, reference: &str) {
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

// ---------------------------------------------------------------- input decoding

#[test]
fn invalid_utf8_is_exit_2_naming_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "bad.txt", b"Hello world.\nBad \xff\xfe byte.\n");
    write(d.path(), "good.txt", "Hello world.\n");
    let o = run_in(d.path(), &["compare", "bad.txt", "good.txt", "-q"]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("bad.txt:2"), "{}", err(&o));
    assert!(o.stdout.is_empty(), "no partial report on stdout");
}

#[test]
fn utf16_with_bom_both_endians_decode() {
    let d = tempfile::tempdir().unwrap();
    let text = "Hello world. Second sentence here.\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    write(d.path(), "le.txt", le);
    write(d.path(), "be.txt", be);
    write(d.path(), "u8.txt", text);
    for f in ["le.txt", "be.txt"] {
        let t = ok_report(d.path(), &["compare", f, "u8.txt", "-q"]);
        check_invariants(d.path(), &t, f, "u8.txt");
        assert_eq!(t.column("kind"), ["1-1", "1-1"], "{f}");
        assert_eq!(t.column("char_dist"), ["0", "0"], "{f}");
    }
}

#[test]
fn utf16_without_bom_is_read_and_binary_junk_is_exit_2_naming_the_file() {
    let d = tempfile::tempdir().unwrap();
    let u16: Vec<u8> = "Hello world.\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    write(d.path(), "u16.txt", u16);
    // Deterministic junk bytes covering the whole byte range.
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    write(d.path(), "junk.bin", junk);
    write(d.path(), "good.txt", "Hello world.\n");
    // UTF-16 without a byte-order mark is recognised by its zero bytes.
    let t = ok_report(d.path(), &["compare", "u16.txt", "good.txt", "-q"]);
    assert_eq!(t.column("hyp_text"), ["Hello world."]);
    assert_eq!(t.column("chrf"), ["100.0000"]);
    let o = run_in(d.path(), &["compare", "junk.bin", "good.txt", "-q"]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("junk.bin"), "{}", err(&o));
    assert!(o.stdout.is_empty(), "no partial report on stdout");
}

#[test]
fn bom_crlf_and_cr_only_keep_line_numbers() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "crlf.txt",
        b"\xEF\xBB\xBFFirst line here.\r\nSecond one here.\r\n\r\nFourth line now.\r\n",
    );
    write(
        d.path(),
        "cr.txt",
        "First line here.\rSecond one here.\r\rFourth line now.\r",
    );
    write(
        d.path(),
        "lf.txt",
        "First line here.\nSecond one here.\n\nFourth line now.\n",
    );
    for f in ["crlf.txt", "cr.txt"] {
        let t = ok_report(d.path(), &["compare", f, "lf.txt", "-q"]);
        check_invariants(d.path(), &t, f, "lf.txt");
        assert_eq!(t.column("hyp_line"), ["1", "2", "4"], "{f}");
        assert_eq!(t.column("ref_line"), ["1", "2", "4"], "{f}");
        assert!(t.side("hyp")[0].starts_with("First"), "BOM leaked: {f}");
    }
}

#[test]
fn whitespace_only_and_empty_files_give_all_gap_rows() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "ws.txt", "   \n\t\n  \u{00A0}\n");
    write(d.path(), "empty.txt", "");
    write(
        d.path(),
        "ref.txt",
        "One sentence here. Another one there.\n",
    );
    for f in ["ws.txt", "empty.txt"] {
        let t = ok_report(d.path(), &["compare", f, "ref.txt", "-q"]);
        check_invariants(d.path(), &t, f, "ref.txt");
        assert_eq!(t.column("kind"), ["0-1", "0-1"], "{f}");
        assert_eq!(t.column("hyp_line"), ["", ""], "{f}");
    }
}

#[test]
fn directory_and_missing_file_are_exit_2_naming_the_path() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("adir")).unwrap();
    write(d.path(), "good.txt", "Hello world.\n");
    for args in [
        ["compare", "adir", "good.txt"],
        ["compare", "good.txt", "missing.txt"],
        ["segment", "adir", "-q"],
        ["terms", "adir", "--glossary=x.csv"],
    ] {
        let o = run_in(d.path(), &args);
        assert_no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let name = if args.contains(&"missing.txt") {
            "missing.txt"
        } else {
            "adir"
        };
        let e = err(&o);
        assert!(e.contains(name) || e.contains("x.csv"), "{args:?}: {e}");
    }
}

#[test]
fn lossy_replaces_bad_bytes_and_keeps_every_sentence() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "bad.txt", b"Hello world.\nBad \xff byte here.\n");
    write(d.path(), "good.txt", "Hello world.\n");
    let t = ok_report(
        d.path(),
        &["compare", "bad.txt", "good.txt", "--lossy", "-q"],
    );
    assert!(t.side("hyp").iter().any(|s| s.contains('\u{FFFD}')));
    assert_eq!(t.side("hyp").len(), 2);
}

// ---------------------------------------------------------------- stdin

#[test]
fn segment_and_terms_read_stdin() {
    let d = tempfile::tempdir().unwrap();
    let o = run_stdin(
        d.path(),
        &["segment", "-", "-q"],
        b"Mr. Smith left. He came back.\n",
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o).lines().count(), 2, "{}", out(&o));
    let g = data().join("glossary.csv");
    let o = run_stdin(
        d.path(),
        &["terms", "-", "--glossary", g.to_str().unwrap(), "-q"],
        b"We paid by micro-letter.\n",
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let t = Table::parse(&out(&o));
    assert_eq!(t.column("found"), ["micro-letter"]);
    assert_eq!(t.column("kind"), ["deprecated"]);
}

#[test]
fn stdin_for_both_sides_is_a_usage_error() {
    let d = tempfile::tempdir().unwrap();
    let o = run_stdin(d.path(), &["compare", "-", "-", "-q"], b"Hello there.\n");
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(2), "stdout: {}", out(&o));
    assert!(err(&o).contains('-'), "{}", err(&o));
}

#[test]
fn stdin_document_gets_a_readable_name() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "ref.txt", "Hello there.\n");
    let o = run_stdin(
        d.path(),
        &["compare", "-", "ref.txt", "-q"],
        b"Hello there.\n",
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let t = Table::parse(&out(&o));
    assert_ne!(t.column("doc")[0], "'-");
}

// ---------------------------------------------------------------- output paths

#[test]
fn output_path_that_is_a_directory_is_exit_2_naming_it() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("outdir")).unwrap();
    write(d.path(), "a.txt", "Hello world.\n");
    for fmt in ["csv", "xlsx"] {
        let o = run_in(
            d.path(),
            &[
                "compare", "a.txt", "a.txt", "-q", "--format", fmt, "-o", "outdir",
            ],
        );
        assert_no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{fmt}");
        assert!(err(&o).contains("outdir"), "{fmt}: {}", err(&o));
    }
}

#[test]
fn failed_run_keeps_an_existing_report_untouched() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "bad.txt", b"x \xff\n");
    write(d.path(), "a.txt", "Hello world.\n");
    write(d.path(), "report.csv", "OLD\n");
    let o = run_in(
        d.path(),
        &["compare", "bad.txt", "a.txt", "-q", "-o", "report.csv"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(d.path().join("report.csv")).unwrap(),
        "OLD\n"
    );
    let o = run_in(
        d.path(),
        &["compare", "bad.txt", "a.txt", "-q", "-o", "new.csv"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!d.path().join("new.csv").exists(), "partial report left");
}

#[test]
fn output_path_equal_to_an_input_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let text = "Hello world. This is the hyp.\n";
    write(d.path(), "hyp.txt", text);
    write(d.path(), "ref.txt", "Hello world.\n");
    let o = run_in(
        d.path(),
        &["compare", "hyp.txt", "ref.txt", "-q", "-o", "hyp.txt"],
    );
    assert_eq!(
        std::fs::read_to_string(d.path().join("hyp.txt")).unwrap(),
        text,
        "the input was overwritten"
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn summary_and_report_on_the_same_path_is_refused() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.txt", "Hello world.\n");
    let o = run_in(
        d.path(),
        &[
            "compare",
            "a.txt",
            "a.txt",
            "-q",
            "-o",
            "x.csv",
            "--summary",
            "x.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
}

// ---------------------------------------------------------------- report format

#[test]
fn formula_guard_bom_and_semicolon_delimiter() {
    let d = tempfile::tempdir().unwrap();
    let lines = "=cmd|' /C calc'!A0\n+SUM(A1)\n-2+3 is math\n@foo bar\nNormal, \"quoted\"; semi.\n";
    write(d.path(), "h.txt", lines);
    write(d.path(), "r.txt", lines);
    let args = ["compare", "h.txt", "r.txt", "-q", "--split", "lines"];
    let t = ok_report(d.path(), &args);
    assert_eq!(&t.header[..HEADER.len()], HEADER);
    let raw: Vec<&str> = lines.lines().collect();
    for (i, r) in t.rows.iter().enumerate() {
        for side in ["hyp_text", "ref_text"] {
            let cell = &r[t.col(side)];
            let want = if "=+-@".contains(&raw[i][..1]) {
                format!("'{}", raw[i])
            } else {
                raw[i].to_owned()
            };
            assert_eq!(cell, &want);
        }
    }

    let mut a = args.to_vec();
    a.push("--no-formula-guard");
    let t = ok_report(d.path(), &a);
    assert_eq!(t.side("hyp"), raw);

    let mut a = args.to_vec();
    a.extend(["--bom", "--delimiter", ";"]);
    let o = run_in(d.path(), &a);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.starts_with(b"\xEF\xBB\xBFdoc;link;kind;"));
    let t = Table::parse_with(&out(&o), b';');
    assert_eq!(&t.header[..HEADER.len()], HEADER);
    assert_eq!(t.rows.len(), raw.len());
    assert_eq!(t.side("ref")[4], raw[4]);
}

#[test]
fn delimiter_that_breaks_csv_is_rejected() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.txt", "Hello world.\n");
    for delim in ["\"", "\n", "\r"] {
        let o = run_in(
            d.path(),
            &["compare", "a.txt", "a.txt", "-q", "--delimiter", delim],
        );
        assert_eq!(o.status.code(), Some(2), "delimiter {delim:?} accepted");
    }
}

#[test]
fn jsonl_has_contract_fields_and_null_metrics_on_gaps() {
    let d = tempfile::tempdir().unwrap();
    let h = data().join("sample_hyp.txt");
    let r = data().join("sample_ref.txt");
    let o = run_in(
        d.path(),
        &[
            "compare",
            h.to_str().unwrap(),
            r.to_str().unwrap(),
            "-q",
            "--format",
            "jsonl",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let csv_rows = ok_report(
        d.path(),
        &["compare", h.to_str().unwrap(), r.to_str().unwrap(), "-q"],
    );
    let text = out(&o);
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(rows.len(), csv_rows.rows.len());
    let mut gaps = 0;
    for row in &rows {
        for f in HEADER {
            assert!(row.get(f).is_some(), "field {f} missing in {row}");
        }
        let kind = row["kind"].as_str().unwrap();
        if kind == "1-0" || kind == "0-1" {
            gaps += 1;
            for m in METRICS {
                let v = &row[m];
                assert!(v.is_null() || v == "", "metric {m} on gap: {row}");
            }
        }
    }
    assert!(gaps > 0, "the sample pair has gaps");
}

#[test]
fn xlsx_has_report_and_summary_sheets() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.txt", "=1+1 formula. Second sentence.\n");
    write(d.path(), "b.txt", "=1+1 formula. Another sentence.\n");
    let o = run_in(
        d.path(),
        &[
            "compare", "a.txt", "b.txt", "-q", "--format", "xlsx", "-o", "r.xlsx",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let f = std::fs::File::open(d.path().join("r.xlsx")).unwrap();
    let mut z = zip::ZipArchive::new(f).expect("a zip workbook");
    let mut wb = String::new();
    z.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut wb)
        .unwrap();
    assert_eq!(wb.matches("<sheet ").count(), 2, "{wb}");
    let mut ss = String::new();
    z.by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_string(&mut ss)
        .unwrap();
    // xlsx stores text as text, so the formula guard must not add an apostrophe.
    assert!(ss.contains(">=1+1 formula.<"), "{ss}");
}

#[test]
fn cells_over_excel_limit_are_cut_with_marker_and_warning() {
    let d = tempfile::tempdir().unwrap();
    let long = format!("A{}.", "b".repeat(39_998));
    write(d.path(), "h.txt", format!("{long}\n"));
    // Astral characters count twice towards Excel's UTF-16 limit.
    let emoji = format!("Smile {} done.", "\u{1F600}".repeat(20_000));
    write(d.path(), "e.txt", format!("{emoji}\n"));
    for (f, full) in [("h.txt", &long), ("e.txt", &emoji)] {
        let o = run_in(d.path(), &["compare", f, f]);
        assert_no_panic(&o);
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        let t = Table::parse(&out(&o));
        assert_eq!(t.rows.len(), 1);
        let cell = t.column("hyp_text")[0];
        assert!(cell.encode_utf16().count() <= 32_767, "{f}");
        assert!(cell.chars().count() < full.chars().count(), "{f} not cut");
        assert!(err(&o).contains("32767"), "{f}: no warning: {}", err(&o));
        // The metrics are computed on the full text.
        assert_eq!(t.column("char_dist"), ["0"]);
    }
}

#[test]
fn emoji_zwj_rtl_and_combining_text_survive() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "h.txt",
        "👨‍👩‍👧‍👦 family emoji here. שלום עולם is Hebrew. e\u{301}te\u{301} combining. \u{202E}RLO override text.\n",
    );
    write(
        d.path(),
        "r.txt",
        "👨‍👩‍👧 family emoji here. שלום is Hebrew. été combining. RLO override text.\n",
    );
    let t = ok_report(d.path(), &["compare", "h.txt", "r.txt", "-q"]);
    check_invariants(d.path(), &t, "h.txt", "r.txt");
    assert_eq!(t.column("kind"), ["1-1"; 4]);
    // One ZWJ family is 7 code points; dropping one person removes 2 (ZWJ + boy).
    assert_eq!(t.column("char_dist")[0], "2");
}

#[test]
fn identical_symbol_only_sentences_are_linked() {
    let d = tempfile::tempdir().unwrap();
    for (i, s) in ["* * *", "---", "!!!", "\u{1F600}\u{1F600}."]
        .iter()
        .enumerate()
    {
        let f = format!("s{i}.txt");
        write(d.path(), &f, format!("{s}\n"));
        let t = ok_report(d.path(), &["compare", &f, &f, "-q"]);
        assert_eq!(t.column("kind"), ["1-1"], "{s:?}");
        let score: f64 = t.column("align_score")[0].parse().unwrap();
        assert!(
            score > 0.5,
            "{s:?}: identical link with align_score {score}"
        );
    }
}

// ---------------------------------------------------------------- --aligned / --split

#[test]
fn aligned_unequal_counts_is_exit_2_naming_both_counts() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "three.txt", "One.\n\nThree.\n");
    write(d.path(), "two.txt", "One.\nTwo.\n");
    let o = run_in(
        d.path(),
        &["compare", "three.txt", "two.txt", "--aligned", "-q"],
    );
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    for needle in ["three.txt", "two.txt", "3", "2"] {
        assert!(e.contains(needle), "{needle} missing in {e}");
    }
    assert!(o.stdout.is_empty());
}

#[test]
fn aligned_keeps_empty_lines_as_rows_and_ignores_line_end_style() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "h.txt", "One.\n\nThree.\n");
    write(d.path(), "r.txt", "One.\r\n\r\nThree.");
    let t = ok_report(d.path(), &["compare", "h.txt", "r.txt", "--aligned", "-q"]);
    assert_eq!(&t.header[..HEADER.len()], HEADER);
    assert_eq!(t.column("kind"), ["1-1"; 3]);
    assert_eq!(t.column("hyp_line"), ["1", "2", "3"]);
    assert_eq!(t.column("ref_line"), ["1", "2", "3"]);
    assert_eq!(t.column("hyp_text"), ["One.", "", "Three."]);
    // Two empty segments: char_sim is 1 by the contract's definition.
    assert_eq!(t.column("char_sim")[1], "1.0000");
}

/// Runs `compare` on a pair big enough that writing the report takes a
/// while, sends `signal` (through `sh`, whose `trap_prefix` sets up the
/// child's signal state) the moment the temporary file appears, and
/// returns the exit code, whether a write was caught in progress, and the
/// temporary files left over.
#[cfg(unix)]
fn signal_during_write(
    d: &Path,
    signal: &str,
    trap_prefix: &str,
) -> (Option<i32>, bool, Vec<String>) {
    let out = d.join("out");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir(&out).unwrap();
    let bin = env!("CARGO_BIN_EXE_mtaudit");
    let script =
        format!("{trap_prefix} exec '{bin}' compare h.txt r.txt --aligned -q -o out/r.csv");
    let mut child = Command::new("sh")
        .args(["-c", &script])
        .current_dir(d)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let tmp_seen = loop {
        let tmp = std::fs::read_dir(&out)
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".tmp"));
        if tmp {
            break true;
        }
        if child.try_wait().unwrap().is_some() {
            break false;
        }
        std::thread::sleep(std::time::Duration::from_micros(200));
    };
    if tmp_seen {
        // The shell's builtin kill: no procps needed on the machine.
        let kill = format!("kill -{signal} {}", child.id());
        Command::new("sh").args(["-c", &kill]).status().unwrap();
    }
    let code = child.wait().unwrap().code();
    let left = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    (code, tmp_seen, left)
}

#[cfg(unix)]
fn big_aligned_pair(d: &Path) {
    let line = |i: usize, w: &str| format!("Line {i} of the report is {w} here and now.\n");
    let h: String = (0..30_000).map(|i| line(i, "written")).collect();
    let r: String = (0..30_000).map(|i| line(i, "printed")).collect();
    write(d, "h.txt", &h);
    write(d, "r.txt", &r);
}

/// Ctrl-C or SIGTERM while the report is being written: exit 128 + signal
/// and no temporary file left beside it. The signal is sent the moment the
/// temporary file appears, so the test really interrupts a write.
#[cfg(unix)]
#[test]
fn interrupted_write_leaves_no_temporary_file() {
    let d = tempfile::tempdir().unwrap();
    big_aligned_pair(d.path());
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let mut caught = false;
        for _ in 0..5 {
            let (got, tmp_seen, left) = signal_during_write(d.path(), signal, "");
            assert!(left.is_empty(), "{signal}: temporary files left: {left:?}");
            // Exit 0: the write finished between the look and the kill; retry.
            if tmp_seen && got != Some(0) {
                assert_eq!(got, Some(code), "{signal}");
                caught = true;
                break;
            }
        }
        assert!(caught, "{signal}: never interrupted a write in progress");
    }
}

/// Under `nohup` (SIGHUP ignored by the parent) a hangup must not stop the
/// run: the cleanup handler leaves ignored signals ignored.
#[cfg(unix)]
#[test]
fn an_ignored_hangup_stays_ignored() {
    let d = tempfile::tempdir().unwrap();
    big_aligned_pair(d.path());
    for _ in 0..5 {
        let (got, tmp_seen, left) = signal_during_write(d.path(), "HUP", "trap '' HUP;");
        assert!(left.is_empty(), "temporary files left: {left:?}");
        if tmp_seen {
            assert_eq!(got, Some(0));
            let report = std::fs::read_to_string(d.path().join("out/r.csv")).unwrap();
            assert_eq!(report.lines().count(), 30_001);
            return;
        }
    }
    panic!("never caught a write in progress");
}

/// `-o /dev/stdout >> all.csv` appends, as the shell promised: the report
/// goes through our stdout instead of replacing the redirection target.
#[cfg(unix)]
#[test]
fn dev_stdout_is_stdout_and_keeps_an_append_redirection() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "h.txt", "One line here.\n");
    write(d.path(), "r.txt", "One line there.\n");
    write(d.path(), "all.csv", "previous run\n");
    let bin = env!("CARGO_BIN_EXE_mtaudit");
    let script = format!("'{bin}' compare h.txt r.txt -q -o /dev/stdout >> all.csv");
    let o = Command::new("sh")
        .args(["-c", &script])
        .current_dir(d.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let all = std::fs::read_to_string(d.path().join("all.csv")).unwrap();
    let lines: Vec<&str> = all.lines().collect();
    assert_eq!(lines[0], "previous run");
    assert!(lines[1].starts_with("doc,link,kind,"), "{all}");
    assert_eq!(lines.len(), 3, "{all}");
}

#[test]
fn no_output_may_overwrite_any_input_file() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "h.txt", "Users like micro-letter.\n");
    write(d.path(), "r.txt", "Users like WeChat.\n");
    write(d.path(), "g.csv", "term,variants\nWeChat,micro-letter\n");
    write(d.path(), "ig.csv", "term,found\nWeChat,micro-letter\n");
    write(d.path(), "ab.txt", "Approx.\n");
    let base = ["compare", "h.txt", "r.txt", "--glossary", "g.csv", "-q"];
    let cases: [(&[&str], &str); 6] = [
        (&["-o", "g.csv"], "(--glossary)"),
        (&["--term-summary", "g.csv"], "(--glossary)"),
        (&["--ignore", "ig.csv", "-o", "ig.csv"], "(--ignore)"),
        (&["--abbrev", "ab.txt", "--summary", "ab.txt"], "(--abbrev)"),
        (&["-o", "./h.txt"], "(HYP)"),
        (&["--summary", "sub/../r.txt"], "(REF)"),
    ];
    std::fs::create_dir_all(d.path().join("sub")).unwrap();
    for (extra, what) in cases {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let o = run_in(d.path(), &args);
        assert_no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{extra:?}");
        let e = err(&o);
        assert!(
            e.contains("is an input file") && e.contains(what),
            "{extra:?}: {e}"
        );
    }
    for (f, body) in [
        ("g.csv", "term,variants\nWeChat,micro-letter\n"),
        ("ig.csv", "term,found\nWeChat,micro-letter\n"),
        ("ab.txt", "Approx.\n"),
        ("h.txt", "Users like micro-letter.\n"),
        ("r.txt", "Users like WeChat.\n"),
    ] {
        assert_eq!(std::fs::read_to_string(d.path().join(f)).unwrap(), body);
    }
    // `terms` guards its text and glossary the same way.
    for out in ["h.txt", "g.csv"] {
        let o = run_in(
            d.path(),
            &["terms", "h.txt", "--glossary", "g.csv", "-o", out],
        );
        assert_eq!(o.status.code(), Some(2), "{out}");
        assert!(err(&o).contains("is an input file"), "{}", err(&o));
    }
    assert_eq!(
        std::fs::read_to_string(d.path().join("h.txt")).unwrap(),
        "Users like micro-letter.\n"
    );
}

#[test]
fn aligned_empty_line_against_text_is_a_gap_row() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "h.txt", "One.\nTwo.\n\n");
    write(d.path(), "r.txt", "One.\n\nThree.\n");
    let t = ok_report(d.path(), &["compare", "h.txt", "r.txt", "--aligned", "-q"]);
    assert_eq!(t.column("kind"), ["1-1", "1-0", "0-1"]);
    assert_eq!(t.column("hyp_line"), ["1", "2", ""]);
    assert_eq!(t.column("ref_line"), ["1", "", "3"]);
    assert_eq!(t.column("verdict"), ["ok", "gap", "gap"]);
    for m in METRICS {
        assert_eq!(&t.column(m)[1..], ["", ""], "{m}");
    }
    // Corpus scores still count both gap pairs against an empty segment:
    // sacrebleu 2.6 corpus_chrf / corpus_chrf(word_order=2) on
    // ["One.", "Two.", ""] vs ["One.", "", "Three."] give 39.126 / 44.736.
    let o = run_in(d.path(), &["compare", "h.txt", "r.txt", "--aligned"]);
    let e = err(&o);
    assert!(e.contains("3 links (0-1:1 1-0:1 1-1:1)"), "{e}");
    assert!(e.contains("nw:0|space:no|version:2.6.0 = 39.13"), "{e}");
    assert!(e.contains("nw:2|space:no|version:2.6.0 = 44.74"), "{e}");
}

#[test]
fn ter_over_the_word_limit_is_empty_and_reported_not_stalled() {
    // A 6,000-word line with no sentence marks against its reverse: the
    // TER shift search would run for minutes, so the cell stays empty and
    // the summary says why; the other metrics are still computed.
    let d = tempfile::tempdir().unwrap();
    let words: Vec<String> = (0..6000).map(|i| format!("w{}", i % 700)).collect();
    let mut rev = words.clone();
    rev.reverse();
    write(d.path(), "h.txt", words.join(" "));
    write(d.path(), "r.txt", rev.join(" "));
    let o = run_in(d.path(), &["compare", "h.txt", "r.txt", "--aligned"]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let e = err(&o);
    assert!(
        e.contains("TER left out for 1 pair(s) with a side over 5000 words"),
        "{e}"
    );
    assert!(e.contains("version:2.6.0 = n/a"), "{e}");
    assert!(!e.contains("NaN"), "{e}");
    let t = ok_report(d.path(), &["compare", "h.txt", "r.txt", "--aligned", "-q"]);
    assert_eq!(t.column("ter"), [""]);
    assert_eq!(t.column("word_dist").len(), 1);
    assert_ne!(t.column("word_dist")[0], "");
    assert_ne!(t.column("chrf")[0], "");
}

#[test]
fn distances_over_the_cell_limit_are_empty_and_reported_not_stalled() {
    // Two different 40,000-character lines with no sentence marks: the
    // quadratic character distance would stall a batch on such files
    // (two 1.2 MB lines took over a minute), so char_dist and char_sim stay
    // empty and the summary says why. In words (about 5,700 a side) the
    // distance is still under the limit, so word_dist and wer are there.
    let d = tempfile::tempdir().unwrap();
    let side = |seed: u64| {
        let mut x = seed;
        let mut out = String::new();
        while out.len() < 40_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            out.push_str(
                ["alpha ", "beta ", "gamma ", "delta ", "micro ", "blog "][(x % 6) as usize],
            );
        }
        format!("<{}>", out.trim_end())
    };
    write(d.path(), "h.txt", side(1));
    write(d.path(), "r.txt", format!("[{}]", &side(2)[1..]));
    let o = run_in(d.path(), &["compare", "h.txt", "r.txt"]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let e = err(&o);
    assert!(
        e.contains(
            "char_dist/word_dist left out for 1 pair(s) differing over more than 1073741824 cells"
        ),
        "{e}"
    );
    assert!(e.contains("mean char_sim n/a"), "{e}");
    assert!(!e.contains("NaN"), "{e}");
    let t = ok_report(d.path(), &["compare", "h.txt", "r.txt", "-q"]);
    assert_eq!(t.column("kind"), ["1-1"]);
    assert_eq!(t.column("char_dist"), [""]);
    assert_eq!(t.column("char_sim"), [""]);
    assert_ne!(t.column("word_dist")[0], "");
    assert_ne!(t.column("wer")[0], "");
    assert_ne!(t.column("chrf")[0], "");
    assert_eq!(t.column("ter"), [""], "over the TER word limit too");
    // A gate on a mean char_sim that was never computed fails, naming it.
    let o = run_in(
        d.path(),
        &[
            "compare",
            "h.txt",
            "r.txt",
            "-q",
            "-o",
            "out.csv",
            "--fail-under",
            "char_sim=0.1",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("char_sim not available"), "{}", err(&o));
    // In a batch the pair leaves the other pairs' mean char_sim alone.
    write(d.path(), "a.txt", "Hello world.");
    write(d.path(), "b.txt", "Hello world!");
    write(
        d.path(),
        "m.csv",
        "hyp,ref,name\nh.txt,r.txt,giant\na.txt,b.txt,small\n",
    );
    let o = run_in(
        d.path(),
        &["batch", "--manifest", "m.csv", "--out-dir", "o"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("mean char_sim 0.9167"), "{}", err(&o));
    assert!(
        err(&o).contains("char_dist/word_dist left out for 1 pair(s)"),
        "{}",
        err(&o)
    );
    let s = Table::parse(&std::fs::read_to_string(d.path().join("o/summary.csv")).unwrap());
    assert_eq!(s.column("name"), ["giant", "small"]);
    assert_eq!(s.column("mean_char_sim"), ["", "0.9167"]);
}

#[test]
fn split_lines_still_aligns_and_keeps_one_sentence_per_line() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "h.txt",
        "Heading\nFirst sentence. Still the first line.\nThe market opened early today.\nFooter text only in the hyp copy.\n",
    );
    write(
        d.path(),
        "r.txt",
        "Heading\nFirst sentence. Still the first line.\nThe market opened early today.\n",
    );
    let t = ok_report(
        d.path(),
        &["compare", "h.txt", "r.txt", "--split", "lines", "-q"],
    );
    assert_eq!(t.column("kind"), ["1-1", "1-1", "1-1", "1-0"]);
    assert_eq!(t.side("hyp")[1], "First sentence. Still the first line.");
}

#[test]
fn many_tiny_lines_segment_without_losing_words() {
    let d = tempfile::tempdir().unwrap();
    let words = ["alpha", "beta", "gamma", "delta", "market", "phone"];
    let text: String = (0..100_000)
        .map(|i| format!("{}\n", words[i % words.len()]))
        .collect();
    write(d.path(), "tiny.txt", &text);
    let segs = segments(d.path(), "tiny.txt");
    let got: Vec<&str> = segs.iter().flat_map(|s| s.split_whitespace()).collect();
    let want: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(got.len(), want.len());
    assert!(got == want);
}

#[test]
fn a_single_huge_sentence_does_not_abort() {
    let d = tempfile::tempdir().unwrap();
    let words = ["the", "market", "payment", "app", "phone", "screen", "town"];
    let line: Vec<&str> = (0..400_000).map(|i| words[(i * 7 + i / 3) % 7]).collect();
    write(d.path(), "h.txt", format!("{}.\n", line.join(" ")));
    let o = run_in(
        d.path(),
        &["compare", "h.txt", "h.txt", "-q", "-o", "r.csv"],
    );
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
}

// ---------------------------------------------------------------- summary and gates

#[test]
fn summary_counts_match_the_report() {
    let d = tempfile::tempdir().unwrap();
    let h = data().join("sample_hyp.txt");
    let r = data().join("sample_ref.txt");
    let (h, r) = (h.to_str().unwrap(), r.to_str().unwrap());
    let t = ok_report(d.path(), &["compare", h, r, "-q", "--summary", "s.csv"]);
    check_invariants(d.path(), &t, h, r);
    let s = Table::parse(&std::fs::read_to_string(d.path().join("s.csv")).unwrap());
    assert_eq!(s.rows.len(), 1);
    let row = &s.rows[0];
    assert_eq!(row[s.col("links")], t.rows.len().to_string());
    for kind in ["1-1", "1-0", "0-1"] {
        let n = t.column("kind").iter().filter(|k| **k == kind).count();
        assert_eq!(
            row[s.col(&format!("links_{kind}"))],
            n.to_string(),
            "{kind}"
        );
    }
    assert_eq!(
        row[s.col("hyp_sentences")],
        segments(d.path(), h).len().to_string()
    );
    assert_eq!(
        row[s.col("ref_sentences")],
        segments(d.path(), r).len().to_string()
    );
}

#[test]
fn quality_gates_exit_1_with_a_reason_and_still_write_the_report() {
    let d = tempfile::tempdir().unwrap();
    let h = data().join("sample_hyp.txt");
    let r = data().join("sample_ref.txt");
    let g = data().join("glossary.csv");
    let (h, r, g) = (
        h.to_str().unwrap(),
        r.to_str().unwrap(),
        g.to_str().unwrap(),
    );
    let o = run_in(d.path(), &["compare", h, r, "-q", "--fail-under", "chrf=1"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let o = run_in(
        d.path(),
        &[
            "compare",
            h,
            r,
            "-q",
            "-o",
            "g.csv",
            "--fail-under",
            "chrf=99.9",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).to_lowercase().contains("chrf"), "{}", err(&o));
    assert!(d.path().join("g.csv").exists(), "report still written");
    let o = run_in(
        d.path(),
        &["compare", h, r, "-q", "--fail-under", "ter=0.1"],
    );
    assert_eq!(o.status.code(), Some(1));
    let o = run_in(
        d.path(),
        &["compare", h, r, "-q", "--glossary", g, "--fail-on-terms"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    for bad in ["chrf", "chrf=abc", "nope=3", "chrf=nan"] {
        let o = run_in(d.path(), &["compare", h, r, "-q", "--fail-under", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
    }
}

#[test]
fn gaps_count_against_corpus_gates() {
    let d = tempfile::tempdir().unwrap();
    let r = data().join("sample_ref.txt");
    let full = std::fs::read_to_string(&r).unwrap();
    write(d.path(), "one.txt", full.lines().next().unwrap());
    let o = run_in(
        d.path(),
        &[
            "compare",
            "one.txt",
            r.to_str().unwrap(),
            "-q",
            "--fail-under",
            "chrf=90",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "a hyp missing 15/16 sentences passed"
    );
}

#[test]
fn fail_on_terms_without_glossary_is_flagged() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.txt", "We paid by micro-letter.\n");
    let o = run_in(
        d.path(),
        &["compare", "a.txt", "a.txt", "-q", "--fail-on-terms"],
    );
    assert!(
        o.status.code() == Some(2) || err(&o).contains("glossary"),
        "a gate that can never fail passed silently"
    );
}

// ---------------------------------------------------------------- glossaries

const TEXT: &str = "The micro-letter app and Wechat and WeChat.\n";

fn findings(dir: &Path, glossary: &str) -> Vec<(String, String)> {
    let t = ok_report(dir, &["terms", "t.txt", "--glossary", glossary, "-q"]);
    let (f, k) = (t.col("found"), t.col("kind"));
    t.rows
        .iter()
        .map(|r| (r[f].clone(), r[k].clone()))
        .collect()
}

const TBX_HEAD: &str = r#"<?xml version="1.0"?><martif type="TBX"><text><body><termEntry id="1"><langSet xml:lang="LANG"><tig><term>WeChat</term></tig><tig><term>micro-letter</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet></termEntry>"#;
const TBX_TAIL: &str = "</body></text></martif>";

#[test]
fn glossary_csv_with_bom_tsv_and_tbx_with_bom_agree() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "t.txt", TEXT);
    write(
        d.path(),
        "g.csv",
        b"\xEF\xBB\xBFterm,variants\r\nWeChat,micro-letter\r\n",
    );
    write(d.path(), "g.tsv", "term\tvariants\nWeChat\tmicro-letter\n");
    let tbx = format!("{}{}", TBX_HEAD.replace("LANG", "en-US"), TBX_TAIL);
    write(d.path(), "g.tbx", format!("\u{FEFF}{tbx}"));
    let want = vec![
        ("micro-letter".to_owned(), "deprecated".to_owned()),
        ("Wechat".to_owned(), "case".to_owned()),
    ];
    for g in ["g.csv", "g.tsv", "g.tbx"] {
        assert_eq!(findings(d.path(), g), want, "{g}");
    }
}

#[test]
fn glossary_errors_are_exit_2_naming_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "t.txt", TEXT);
    write(d.path(), "empty.csv", "");
    write(d.path(), "nohdr.csv", "foo,bar\nWeChat,micro-letter\n");
    write(
        d.path(),
        "badre.csv",
        "term,variants,match\nWeChat,micro-(letter,regex\n",
    );
    write(
        d.path(),
        "badmatch.csv",
        "term,variants,match\nWeChat,x,fuzzy\n",
    );
    write(
        d.path(),
        "badcase.csv",
        "term,variants,case\nWeChat,x,yes\n",
    );
    write(d.path(), "notxml.tbx", "this is not xml at all\n");
    write(d.path(), "empty.tbx", "");
    for (g, line) in [
        ("empty.csv", None),
        ("nohdr.csv", Some(1)),
        ("badre.csv", Some(2)),
        ("badmatch.csv", Some(2)),
        ("badcase.csv", Some(2)),
        ("notxml.tbx", None),
        ("empty.tbx", None),
    ] {
        let o = run_in(d.path(), &["terms", "t.txt", "--glossary", g, "-q"]);
        assert_no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{g}");
        let e = err(&o);
        assert!(e.contains(g), "{g}: {e}");
        if let Some(n) = line {
            assert!(e.contains(&format!("{g}:{n}")), "{g}: {e}");
        }
    }
}

#[test]
fn glossary_duplicates_and_cycles_are_reported() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "t.txt", TEXT);
    write(
        d.path(),
        "dup.csv",
        "term,variants\nWeChat,micro-letter\nWeChat,micro-letter\n",
    );
    write(
        d.path(),
        "cycle.csv",
        "term,variants\nWeChat,micro-letter\nmicro-letter,WeChat\n",
    );
    write(d.path(), "noterm.csv", "term,variants\n,micro-letter\n");
    for (g, line) in [("dup.csv", 3), ("cycle.csv", 2), ("noterm.csv", 2)] {
        let o = run_in(d.path(), &["terms", "t.txt", "--glossary", g]);
        assert_eq!(o.status.code(), Some(0), "{g}: {}", err(&o));
        assert!(err(&o).contains(&format!("{g}:{line}")), "{g}: {}", err(&o));
    }
    // A duplicate entry must not double the findings.
    assert_eq!(findings(d.path(), "dup.csv").len(), 2);
}

#[test]
fn truncated_tbx_is_exit_2() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "t.txt", TEXT);
    write(d.path(), "trunc.tbx", TBX_HEAD.replace("LANG", "en"));
    let o = run_in(
        d.path(),
        &["terms", "t.txt", "--glossary", "trunc.tbx", "-q"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("trunc.tbx"));
}

#[test]
fn csv_glossary_with_unterminated_quote_is_exit_2() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "t.txt", TEXT);
    write(
        d.path(),
        "q.csv",
        "term,variants\nWeibo,micro-blog\nWeChat,\"micro-letter\n",
    );
    let o = run_in(d.path(), &["terms", "t.txt", "--glossary", "q.csv", "-q"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(err(&o).contains("q.csv:3"), "{}", err(&o));
}

#[test]
fn tbx_without_english_is_reported() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "t.txt", TEXT);
    let tbx = format!("{}{}", TBX_HEAD.replace("LANG", "de"), TBX_TAIL);
    write(d.path(), "de.tbx", tbx);
    let o = run_in(d.path(), &["terms", "t.txt", "--glossary", "de.tbx"]);
    assert!(
        o.status.code() == Some(2) || err(&o).contains("de.tbx"),
        "no word that the glossary has no English terms: {}",
        err(&o)
    );
}

#[test]
fn regex_variant_matching_empty_string_is_exit_2() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "t.txt", TEXT);
    for (i, re) in ["x*", ".*", "(a|)"].iter().enumerate() {
        let g = format!("re{i}.csv");
        write(
            d.path(),
            &g,
            format!("term,variants,match\nWeChat,{re},regex\n"),
        );
        let o = run_in(d.path(), &["terms", "t.txt", "--glossary", &g, "-q"]);
        assert_eq!(o.status.code(), Some(2), "{re}");
        assert!(err(&o).contains(&format!("{g}:2")), "{re}: {}", err(&o));
    }
}

// ---------------------------------------------------------------- batch

fn batch_tree(root: &Path) {
    let sample_h = std::fs::read(data().join("sample_hyp.txt")).unwrap();
    let sample_r = std::fs::read(data().join("sample_ref.txt")).unwrap();
    write(root, "h/a.txt", &sample_h);
    write(root, "r/a.txt", &sample_r);
    write(root, "h/sub/b.txt", &sample_h);
    write(root, "r/sub/b.txt", &sample_r);
    write(root, "h/bad.txt", b"Hello.\nBad \xff.\n");
    write(root, "r/bad.txt", "Hello.\n");
    write(root, "h/orphan.txt", "Only here.\n");
    write(root, "r/ref_orphan.txt", "Only there.\n");
    write(root, "h/junk.txt", [0u8, 159, 146, 150, 0, 1, 2, 255]);
    write(root, "r/junk.txt", "Hello.\n");
    let mut u16 = vec![0xFF, 0xFE];
    u16.extend("Hello world.\n".encode_utf16().flat_map(u16::to_le_bytes));
    write(root, "h/u16.txt", u16);
    write(root, "r/u16.txt", "Hello world.\n");
    write(root, "h/empty.txt", "");
    write(root, "r/empty.txt", "Hello world.\n");
    write(root, "h/formula.txt", "=cmd|' /C calc'!A0\n");
    write(root, "r/formula.txt", "=cmd|' /C calc'!A0\n");
}

fn tree_bytes(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                v.push((
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    v.sort();
    v
}

#[test]
fn batch_dirs_report_good_pairs_name_broken_ones_and_are_byte_identical_across_jobs() {
    let d = tempfile::tempdir().unwrap();
    batch_tree(d.path());
    let mut outs = Vec::new();
    for (j, fmt) in [("1", "csv"), ("2", "csv"), ("1", "jsonl"), ("2", "jsonl")] {
        let od = format!("out-{j}-{fmt}");
        let o = run_in(
            d.path(),
            &[
                "batch",
                "--hyp-dir",
                "h",
                "--ref-dir",
                "r",
                "--out-dir",
                &od,
                "-q",
                "-j",
                j,
                "--format",
                fmt,
            ],
        );
        assert_no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{}", err(&o));
        outs.push(tree_bytes(&d.path().join(&od)));
    }
    assert!(outs[0] == outs[1], "csv -j 1 vs -j 2 differ");
    assert!(outs[2] == outs[3], "jsonl -j 1 vs -j 2 differ");

    let s = Table::parse(&std::fs::read_to_string(d.path().join("out-1-csv/summary.csv")).unwrap());
    let status: Vec<(String, String)> = s
        .rows
        .iter()
        .map(|r| (r[s.col("name")].clone(), r[s.col("status")].clone()))
        .collect();
    for (name, st) in [
        ("a", "ok"),
        ("sub/b", "ok"),
        ("u16", "ok"),
        ("empty", "ok"),
        ("formula", "ok"),
        ("bad", "error"),
        ("junk", "error"),
        ("orphan", "error"),
        ("ref_orphan", "error"),
    ] {
        assert!(
            status.contains(&(name.to_owned(), st.to_owned())),
            "{name} should be {st}: {status:?}"
        );
    }
    let msg = s.col("message");
    let bad = s.rows.iter().find(|r| r[0] == "bad").unwrap();
    assert!(bad[msg].contains("bad.txt:2"), "{}", bad[msg]);
    for f in ["a.csv", "sub/b.csv", "u16.csv", "empty.csv", "formula.csv"] {
        let p = d.path().join("out-1-csv").join(f);
        let t = Table::parse(&std::fs::read_to_string(&p).unwrap());
        assert_eq!(&t.header[..HEADER.len()], HEADER, "{f}");
        assert!(!t.rows.is_empty(), "{f}");
    }
    let t = Table::parse(&std::fs::read_to_string(d.path().join("out-1-csv/formula.csv")).unwrap());
    assert!(t.column("hyp_text")[0].starts_with("'="));
}

#[test]
fn batch_manifest_with_bom_crlf_duplicate_names_and_missing_file() {
    let d = tempfile::tempdir().unwrap();
    batch_tree(d.path());
    write(
        d.path(),
        "m.csv",
        b"\xEF\xBB\xBFhyp,ref,name\r\nh/a.txt,r/a.txt,alpha\r\nh/sub/b.txt,r/sub/b.txt,alpha\r\nnope.txt,r/a.txt,missing\r\n",
    );
    let o = run_in(
        d.path(),
        &["batch", "--manifest", "m.csv", "--out-dir", "o", "-q"],
    );
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let s = Table::parse(&std::fs::read_to_string(d.path().join("o/summary.csv")).unwrap());
    assert_eq!(s.column("name"), ["alpha", "alpha", "missing"]);
    assert_eq!(s.column("status"), ["ok", "ok", "error"]);
    assert!(s.column("message")[2].contains("nope.txt"));
    let reports = tree_bytes(&d.path().join("o"));
    assert_eq!(reports.len(), 3, "two distinct reports plus summary.csv");
}

#[test]
fn batch_out_dir_inside_inputs_does_not_orphan_every_pair() {
    let d = tempfile::tempdir().unwrap();
    batch_tree(d.path());
    let o = run_in(
        d.path(),
        &[
            "batch",
            "--hyp-dir",
            "h",
            "--ref-dir",
            "r",
            "--out-dir",
            "h",
            "-q",
        ],
    );
    assert_no_panic(&o);
    let summary = d.path().join("h/summary.csv");
    if o.status.code() == Some(2) && !summary.exists() {
        return; // refused as a usage error: fine
    }
    let s = Table::parse(&std::fs::read_to_string(summary).unwrap());
    let a = s.rows.iter().find(|r| r[0] == "a").expect("pair a");
    assert_eq!(a[s.col("status")], "ok", "{a:?}");
}
