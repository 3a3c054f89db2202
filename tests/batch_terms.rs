//! `batch --glossary` writes term_summary.csv: one row per document and
//! term, and corpus totals under doc `*` that add the documents up.

mod common;
use common::*;
use std::fs;

#[test]
fn batch_writes_per_term_rows_and_totals() {
    let d = tempfile::tempdir().unwrap();
    let (h, r, out) = (d.path().join("h"), d.path().join("r"), d.path().join("out"));
    fs::create_dir_all(&h).unwrap();
    fs::create_dir_all(&r).unwrap();
    fs::write(
        h.join("a.txt"),
        "We paid by micro-letter. The shop was busy.\n",
    )
    .unwrap();
    fs::write(r.join("a.txt"), "We paid by WeChat. The shop was busy.\n").unwrap();
    fs::write(
        h.join("b.txt"),
        "Pay treasure and micro-letter both work.\n",
    )
    .unwrap();
    fs::write(r.join("b.txt"), "Alipay and WeChat both work.\n").unwrap();
    let g = repo().join("data/glossary.csv");
    let o = run(&[
        "batch",
        "--hyp-dir",
        h.to_str().unwrap(),
        "--ref-dir",
        r.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--glossary",
        g.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = Report::parse(&fs::read_to_string(out.join("term_summary.csv")).unwrap());
    let find = |doc: &str, term: &str| -> &Vec<String> {
        t.rows
            .iter()
            .find(|row| t.get(row, "doc") == doc && t.get(row, "term") == term)
            .unwrap_or_else(|| panic!("no row {doc}/{term}"))
    };
    assert_eq!(t.get(find("a", "WeChat"), "hyp_deprecated"), "1");
    assert_eq!(t.get(find("b", "WeChat"), "hyp_deprecated"), "1");
    assert_eq!(t.get(find("b", "Alipay"), "hyp_deprecated"), "1");
    assert_eq!(t.get(find("*", "WeChat"), "hyp_deprecated"), "2");
    assert_eq!(t.get(find("*", "WeChat"), "ref_ok"), "2");
    assert_eq!(t.get(find("*", "WeChat"), "links_hyp_wrong_ref_right"), "2");
    assert!(
        t.get(find("*", "WeChat"), "hyp_renderings")
            .contains("micro-letter 2")
    );
    // Without a glossary there is nothing to tally and no file.
    let out2 = d.path().join("out2");
    let o = run(&[
        "batch",
        "--hyp-dir",
        h.to_str().unwrap(),
        "--ref-dir",
        r.to_str().unwrap(),
        "--out-dir",
        out2.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(out2.join("summary.csv").exists());
    assert!(!out2.join("term_summary.csv").exists());
}
