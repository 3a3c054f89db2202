//! `--format html`, the review page, as the binary writes it: one row per
//! link with the report's texts, to a file or stdout; batch pages and their
//! index; byte-identical across runs and thread counts. What the page does
//! in a browser is `scripts/browser_test.py`'s concern (run by `.ci/run`).

use crate::common::*;
use std::path::Path;

/// The text of an HTML fragment: tags dropped, references decoded.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Each row of the page's report table: (row id, the cells' HTML).
fn page_rows(page: &str) -> Vec<(String, Vec<String>)> {
    let table = &page[page.find("<table id=rows>").expect("the rows' table")..];
    let body = &table[..table.find("</tbody>").unwrap()];
    body.split("<tr id=")
        .skip(1)
        .map(|r| {
            let id = r[..r.find(' ').unwrap()].to_owned();
            let cells = r.split("<td").skip(1).map(|c| {
                // Past the tag's own attributes.
                c[c.find('>').unwrap() + 1..].trim_end().to_owned()
            });
            (id, cells.collect())
        })
        .collect()
}

fn html_compare(dir: &Path, hyp: &Path, reference: &Path, extra: &[&str]) -> String {
    let out = dir.join("page.html");
    let mut args = vec![
        "compare",
        hyp.to_str().unwrap(),
        reference.to_str().unwrap(),
        "-q",
        "--format",
        "html",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn the_seed_page_has_every_link_with_the_reports_texts() {
    let d = tempfile::tempdir().unwrap();
    let (hyp, reference) = seeds();
    let glossary = data().join("seeds_glossary.csv");
    let g = ["--glossary", glossary.to_str().unwrap()];
    let csv = compare(&hyp, &reference, &g);
    let page = html_compare(d.path(), &hyp, &reference, &g);
    assert!(page.starts_with("<!DOCTYPE html>"));
    let rows = page_rows(&page);
    assert_eq!(rows.len(), csv.rows.len());
    for (r, (id, cells)) in csv.rows.iter().zip(&rows) {
        assert_eq!(*id, format!("l{}", csv.get(r, "link")));
        let kind = csv.get(r, "kind");
        assert!(cells[1].starts_with(kind), "{kind}: {}", cells[1]);
        for (side, cell) in [("hyp", &cells[2]), ("ref", &cells[3])] {
            let want = csv.get(r, &format!("{side}_text"));
            let got = text_of(cell);
            if want.is_empty() && csv.get(r, "verdict") == "gap" {
                assert_eq!(got, format!("no {side} sentence"));
            } else {
                assert_eq!(got, want, "{side} of link {id}");
            }
        }
        assert!(text_of(&cells[5]).starts_with(csv.get(r, "verdict")));
        // Each finding of the report is listed in the row.
        for col in ["hyp_terms", "ref_terms", "qa"] {
            for f in csv.get(r, col).split("; ").filter(|f| !f.is_empty()) {
                assert!(text_of(&cells[5]).contains(f), "{f} in {}", cells[5]);
            }
        }
    }
    // The corpus scores and their signatures head the page.
    assert!(page.contains("chrF2|nrefs:1|case:mixed"));
    assert!(page.contains("<figure class=hist><svg"));
}

#[test]
fn html_goes_to_stdout_and_a_summary_is_a_plain_table() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.txt", "One <b>two</b>. Three & four.\n");
    write(d.path(), "b.txt", "One <i>two</i>. Three and four.\n");
    let o = run_in(
        d.path(),
        &[
            "compare",
            "a.txt",
            "b.txt",
            "-q",
            "--format",
            "html",
            "--summary",
            "s.html",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = stdout(&o);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(page_rows(&page).len(), 2);
    // Markup in a text is text, diffed and marked like any word (here also
    // a QA placeholder finding).
    assert!(
        page.contains("&lt;<del class=s>b</del>&gt;</mark>two"),
        "{page}"
    );
    assert!(
        page.contains("Three <del class=s>&amp;</del> four."),
        "{page}"
    );
    let s = std::fs::read_to_string(d.path().join("s.html")).unwrap();
    assert!(s.contains("<table class=\"sortable plain\">"));
    assert!(s.contains("<th scope=col>name<th scope=col>status"));
    assert_eq!(s.matches("<tr><td>a<td>ok").count(), 1, "{s}");
}

#[test]
fn batch_html_writes_a_page_per_pair_and_an_index_the_same_every_time() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    for (f, t) in [
        ("h/a.txt", "One. Two.\n"),
        ("r/a.txt", "One. Too.\n"),
        ("h/index.txt", "Index page text.\n"),
        ("r/index.txt", "Index page words.\n"),
        ("h/sub/x y.txt", "Nested.\n"),
        ("r/sub/x y.txt", "Nested!\n"),
        ("h/broken.txt", "no partner\n"),
    ] {
        write(p, f, t);
    }
    let run_batch = |out: &str, j: &str| {
        let o = batch_in(
            p,
            "h",
            "r",
            &["--out-dir", out, "--format", "html", "-q", "-j", j],
        );
        assert_no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "the orphan fails: {}", stderr(&o));
    };
    run_batch("o1", "1");
    run_batch("o2", "2");
    let files = [
        "a.html",
        "index~2.html",
        "sub/x y.html",
        "index.html",
        "summary.csv",
    ];
    for f in files {
        let a = std::fs::read(p.join("o1").join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert_eq!(a, std::fs::read(p.join("o2").join(f)).unwrap(), "{f}");
    }
    let index = std::fs::read_to_string(p.join("o1/index.html")).unwrap();
    for link in ["./a.html", "./index~2.html", "./sub/x%20y.html"] {
        assert!(
            index.contains(&format!("<a href=\"{link}\">")),
            "{link} in {index}"
        );
    }
    assert!(index.contains("<td>broken<td>"), "{index}");
    assert!(index.contains("orphan"), "the failed pair's error: {index}");
    assert!(!p.join("o1/broken.html").exists());
    let page = std::fs::read_to_string(p.join("o1/index~2.html")).unwrap();
    assert!(page.contains("<title>mtaudit review: index</title>"));
}

#[test]
fn a_cat_units_workflow_state_is_on_the_page() {
    let d = tempfile::tempdir().unwrap();
    let cat = repo().join("tests/data/cat");
    let page = html_compare(
        d.path(),
        &cat.join("trados_mt.sdlxliff"),
        &cat.join("trados_final.sdlxliff"),
        &[],
    );
    assert!(
        page.contains("<small>hyp Draft</small><small>ref ApprovedSignOff locked</small>"),
        "{page}"
    );
    // Plain text has no state.
    let (h, r) = seeds();
    assert!(!html_compare(d.path(), &h, &r, &[]).contains("<small>hyp "));
}
