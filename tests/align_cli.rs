//! `mtaudit compare` end to end on small pre-segmented files (`--split
//! lines`, so the test does not depend on the sentence splitter): the
//! `kind` column must show the alignment the texts call for.

use std::process::Command;

fn compare(hyp: &str, reff: &str, extra: &[&str]) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path().join("hyp.txt");
    let r = dir.path().join("ref.txt");
    std::fs::write(&h, hyp).unwrap();
    std::fs::write(&r, reff).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mtaudit"))
        .arg("compare")
        .arg(&h)
        .arg(&r)
        .args(["--split", "lines", "-q"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut rd = csv::Reader::from_reader(out.stdout.as_slice());
    let head = rd.headers().unwrap().clone();
    assert_eq!(&head[2], "kind");
    assert_eq!(&head[7], "align_score");
    rd.records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

fn kinds(rows: &[Vec<String>]) -> Vec<&str> {
    rows.iter().map(|r| r[2].as_str()).collect()
}

const HYP: &str = "\
Source: Internet
The bakery of Mrs. Hollis opened in 1987 on the corner of Mill Street.
Every morning she is getting up at four hours to knead the dough.
In winter the shop sold more than 300 loaves per day.
Her son Daniel was delivering the bread with an old red bicycle. The town council gave to her a prize for the best rye bread of Vermont.
In 2003 a supermarket opened beside the river and customers became fewer.
Hollis decided to bake only sourdough and to sell it at the Saturday market.
Tourists from Boston and Montreal were driving hours for one loaf.
Contact Us
Copyright 2024 Example Cloud. All rights reserved.
";

const REF: &str = "\
Mrs. Hollis opened her bakery on the corner of Mill Street in 1987.
She got up at four every morning to knead the dough.
Her neighbours complained about the smell of burnt sugar.
During the winter the shop sold over 300 loaves a day.
Her son Daniel delivered the bread on an old red bicycle.
The town council awarded her a prize for the best rye bread in Vermont.
In 2003 a supermarket opened by the river, and the customers grew fewer.
Hollis chose to bake nothing but sourdough and sell it at the Saturday market.
";

#[test]
fn kinds_for_front_matter_insertion_merge_and_truncation() {
    let rows = compare(HYP, REF, &[]);
    assert_eq!(
        kinds(&rows),
        [
            "1-0", "1-1", "1-1", "0-1", "1-1", "1-2", "1-1", "1-1", "1-0", "1-0", "1-0"
        ]
    );
    // The 1-2 row joins the two ref sentences and starts at ref line 5.
    let merged = &rows[5];
    assert_eq!(merged[4], "5");
    assert!(
        merged[6].starts_with("Her son Daniel delivered") && merged[6].ends_with("in Vermont.")
    );
    for r in &rows {
        let s: f64 = r[7].parse().unwrap();
        assert!((0.0..=1.0).contains(&s), "align_score {s}");
        assert_eq!(r[2].contains('0'), r[17] == "gap");
    }
}

#[test]
fn empty_ref_makes_every_row_a_hyp_gap() {
    let rows = compare(HYP, "", &[]);
    assert_eq!(rows.len(), HYP.lines().count());
    assert!(kinds(&rows).iter().all(|k| *k == "1-0"));
}

#[test]
fn boundary_option_keeps_links_inside_sections() {
    let hyp = "# One\nThe bakery of Mrs. Hollis opened in 1987 on the corner of Mill Street.\n# Two\nEvery morning she is getting up at four hours to knead the dough.\n";
    // The ref misplaces the second sentence before its heading.
    let reff = "# One\nMrs. Hollis opened her bakery on the corner of Mill Street in 1987.\nShe got up at four every morning to knead the dough.\n# Two\n";
    let rows = compare(hyp, reff, &["--boundary", "^# "]);
    assert_eq!(kinds(&rows), ["1-1", "1-1", "0-1", "1-1", "1-0"]);
}
