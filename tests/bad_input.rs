//! Bad input through the binary: a clear message naming the file, exit 2,
//! never a panic, and never a half-written report.

mod common;
use common::*;
use std::fs;

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn assert_clean_error(o: &std::process::Output, needles: &[&str]) {
    let e = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {e}");
    assert!(!e.contains("panicked"), "{e}");
    for n in needles {
        assert!(e.contains(n), "{n:?} not in {e:?}");
    }
}

#[test]
fn missing_file() {
    let d = tmp();
    let ok = d.path().join("ok.txt");
    fs::write(&ok, "Hello.\n").unwrap();
    let o = run(&["compare", "/no/such/hyp.txt", ok.to_str().unwrap()]);
    assert_clean_error(&o, &["/no/such/hyp.txt", "no such file"]);
}

#[test]
fn invalid_utf8_names_file_line_and_byte() {
    let d = tmp();
    let bad = d.path().join("bad.txt");
    fs::write(&bad, b"First line.\nSecond \xC3\x28 line.\n").unwrap();
    let ok = d.path().join("ok.txt");
    fs::write(&ok, "First line.\n").unwrap();
    let out = d.path().join("report.csv");
    let o = run(&[
        "compare",
        ok.to_str().unwrap(),
        bad.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_clean_error(&o, &["bad.txt:2:", "invalid UTF-8", "byte 19"]);
    assert!(!out.exists(), "no report on failure");
    // --lossy reads it with a warning.
    let o = run(&[
        "compare",
        ok.to_str().unwrap(),
        bad.to_str().unwrap(),
        "--lossy",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("U+FFFD"));
    assert!(fs::read_to_string(&out).unwrap().contains('\u{FFFD}'));
}

#[test]
fn binary_junk() {
    let d = tmp();
    let bin = d.path().join("image.png");
    fs::write(&bin, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00").unwrap();
    let o = run(&["segment", bin.to_str().unwrap()]);
    assert_clean_error(&o, &["image.png", "binary"]);
}

#[test]
fn empty_files_are_all_gaps() {
    let d = tmp();
    let empty = d.path().join("empty.txt");
    fs::write(&empty, "").unwrap();
    let text = d.path().join("text.txt");
    fs::write(&text, "One sentence here. Another one there.\n").unwrap();
    let r = compare(&empty, &text, &[]);
    assert_eq!(r.kinds(), vec!["0-1", "0-1"]);
    let r = compare(&text, &empty, &[]);
    assert_eq!(r.kinds(), vec!["1-0", "1-0"]);
    let r = compare(&empty, &empty, &[]);
    assert!(r.rows.is_empty());
    assert_eq!(r.header[0], "doc");
}

#[test]
fn bom_and_crlf_are_invisible() {
    let d = tmp();
    let a = d.path().join("a.txt");
    let b = d.path().join("b.txt");
    fs::write(
        &a,
        "\u{FEFF}Title line\r\n\r\nThe first sentence. The second sentence.\r\n",
    )
    .unwrap();
    fs::write(
        &b,
        "Title line\n\nThe first sentence. The second sentence.\n",
    )
    .unwrap();
    let r = compare(&a, &b, &[]);
    assert_eq!(r.kinds(), vec!["1-1", "1-1", "1-1"]);
    for row in &r.rows {
        assert_eq!(r.get(row, "hyp_text"), r.get(row, "ref_text"));
        assert_eq!(r.get(row, "hyp_line"), r.get(row, "ref_line"));
        assert!(!r.get(row, "hyp_text").contains('\u{FEFF}'));
        assert!(!r.get(row, "hyp_text").contains('\r'));
        assert_eq!(r.get(row, "char_dist"), "0");
    }
    assert_eq!(r.get(&r.rows[1], "hyp_line"), "3");
}

#[test]
fn fifty_megabyte_single_line() {
    let d = tmp();
    let big = d.path().join("big.txt");
    let sentence = "This is one rather long sentence without an end and it goes on ";
    let body: String = sentence.repeat(50 * 1024 * 1024 / sentence.len());
    fs::write(&big, &body).unwrap();
    let o = bin()
        .args(["segment", big.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1);
    assert_eq!(out.trim_end().len(), body.trim_end().len());
}

#[test]
fn a_giant_sentence_in_terms_gives_excerpts_not_a_copy_per_finding() {
    // 300 KB with no sentence mark and a finding every 50 bytes. Every row
    // used to carry the whole "sentence" (and work its column and
    // fingerprint out from scratch), so memory and output grew with findings
    // times length: a 1.2 MB line ran out of 24 GB. The cell is now an
    // excerpt around the finding.
    let d = tmp();
    let unit = "the micro-letter app and the other feed go on and ";
    let body = unit.repeat(300_000 / unit.len());
    let (t, g) = (d.path().join("t.txt"), d.path().join("g.csv"));
    fs::write(&t, &body).unwrap();
    fs::write(&g, "term,variants\nWeChat,micro-letter\n").unwrap();
    let out = d.path().join("out.csv");
    let args = |extra: &[&str]| {
        let mut a = vec![
            "terms",
            t.to_str().unwrap(),
            "--glossary",
            g.to_str().unwrap(),
        ];
        a.extend_from_slice(extra);
        a.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let a = args(&["-o", out.to_str().unwrap(), "-q"]);
    let o = run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv_text = fs::read_to_string(&out).unwrap();
    assert!(csv_text.len() < 30_000_000, "{} bytes", csv_text.len());
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let at: Vec<usize> = body.match_indices("micro-letter").map(|(i, _)| i).collect();
    assert_eq!(rows.len(), at.len());
    let fp = &rows[0][col("fingerprint")];
    for (r, &i) in rows.iter().zip(&at) {
        assert_eq!(r[col("column")], (i + 1).to_string());
        assert_eq!(&r[col("line")], "1");
        let cell = &r[col("sentence")];
        assert!(cell.contains("the micro-letter app"), "{cell}");
        assert!(cell.len() <= 2 * 1000 + 40, "{}", cell.len());
        assert_eq!(cell.starts_with("the micro-letter"), i < 1000, "{i}");
        assert_eq!(&r[col("fingerprint")], fp, "one sentence, one fingerprint");
    }
    // The rows work as an ignore file: their fingerprint is the one the
    // check itself works out, so every finding is suppressed.
    let a = args(&["--ignore", out.to_str().unwrap(), "-q"]);
    let o = run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1, "header only");
}

#[test]
fn bad_usage_exits_2() {
    let o = run(&["compare", "only-one-arg"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["compare", "a", "b", "--delimiter", "ab"]);
    assert_clean_error(&o, &["--delimiter"]);
}

#[test]
fn malformed_glossary_names_file_and_line() {
    let d = tmp();
    let g = d.path().join("g.csv");
    fs::write(
        &g,
        "term,variants\nWeChat,micro-letter\n\"Weibo,micro-blog\nAlipay\n",
    )
    .unwrap();
    let t = d.path().join("t.txt");
    fs::write(&t, "Hello.\n").unwrap();
    let o = run(&[
        "terms",
        t.to_str().unwrap(),
        "--glossary",
        g.to_str().unwrap(),
    ]);
    assert_clean_error(&o, &["g.csv:3"]);
}
