//! Reading the inputs: every encoding the contract accepts decodes to the
//! same text, and bad input gets a clear message naming the file, exit 2,
//! never a panic, and never a half-written report.

use crate::common::*;
use std::fs;

#[test]
fn missing_file() {
    let d = tempfile::tempdir().unwrap();
    let ok = d.path().join("ok.txt");
    fs::write(&ok, "Hello.\n").unwrap();
    let o = run(&["compare", "/no/such/hyp.txt", ok.to_str().unwrap()]);
    assert_clean_error(&o, &["/no/such/hyp.txt", "no such file"]);
}

#[test]
fn invalid_utf8_names_file_line_and_byte() {
    let d = tempfile::tempdir().unwrap();
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
    let d = tempfile::tempdir().unwrap();
    let bin = d.path().join("image.png");
    fs::write(&bin, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00").unwrap();
    let o = run(&["segment", bin.to_str().unwrap()]);
    assert_clean_error(&o, &["image.png", "binary"]);
}

#[test]
fn empty_files_are_all_gaps() {
    let d = tempfile::tempdir().unwrap();
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
    let d = tempfile::tempdir().unwrap();
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
    let d = tempfile::tempdir().unwrap();
    let big = d.path().join("big.txt");
    let sentence = "This is one rather long sentence without an end and it goes on ";
    let body: String = sentence.repeat(50 * 1024 * 1024 / sentence.len());
    fs::write(&big, &body).unwrap();
    let o = run(&["segment", big.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1);
    assert_eq!(out.trim_end().len(), body.trim_end().len());
}
