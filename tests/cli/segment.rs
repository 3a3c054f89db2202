//! `mtaudit segment` end to end (more in tests/segment_cli.rs).

use crate::common::*;

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
