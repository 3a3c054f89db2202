//! `mtaudit batch` end to end: directory trees and manifests, the summary
//! and the term summary.

use crate::common::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

// ---------------------------------------------------------------- trees
// Generated trees: broken pairs become `error` rows without stopping the
// batch, outputs do not depend on -j.

/// The sentences of good pair `i`: hyp and ref differ in a word or two.
fn sentences(i: usize, side: &str) -> Vec<String> {
    (0..(3 + i % 5))
        .map(|k| {
            let w = if side == "hyp" && k % 2 == 0 {
                "quick"
            } else {
                "fast"
            };
            format!("Pair {i} sentence {k} has a {w} brown fox.")
        })
        .collect()
}

struct Tree {
    dir: tempfile::TempDir,
    good: Vec<String>,
}

/// 52 good pairs (some nested) and 8 special ones.
fn tree() -> Tree {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut good = Vec::new();
    for i in 0..52 {
        let rel = if i % 4 == 0 {
            format!("part{}/doc{i:02}", i % 3)
        } else {
            format!("doc{i:02}")
        };
        for side in ["hyp", "ref"] {
            let text = sentences(i, side).join(" ") + "\n";
            write(&root.join(side), &format!("{rel}.txt"), text.as_bytes());
        }
        good.push(rel);
    }
    let h = root.join("hyp");
    let r = root.join("ref");
    write(&h, "orphan_hyp.txt", b"Only the hyp has this.\n");
    write(&r, "orphan_ref.txt", b"Only the ref has this.\n");
    write(
        &h,
        "bad_utf8.txt",
        b"Fine first line.\nThen caf\xE9 in Latin-1.\n",
    );
    write(&r, "bad_utf8.txt", b"Fine first line.\nThen cafe.\n");
    write(&h, "binary.txt", b"Some text.\n");
    write(&r, "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    write(&h, "empty.txt", b"");
    write(&r, "empty.txt", b"The ref has one sentence.\n");
    let mut u16 = vec![0xFF, 0xFE];
    for u in "Café au lait is served. Tea is too.\n".encode_utf16() {
        u16.extend_from_slice(&u.to_le_bytes());
    }
    write(&h, "utf16.txt", &u16);
    write(
        &r,
        "utf16.txt",
        "Café au lait is served. Tea is too.\n".as_bytes(),
    );
    write(
        &h,
        "formula.txt",
        b"=HYPERLINK(\"http://example.com\",\"click\") now.\n-5 degrees is cold.\n",
    );
    write(
        &r,
        "formula.txt",
        b"=HYPERLINK(\"http://example.com\",\"click\") now.\n-5 degrees is cold.\n",
    );
    // A named pipe would block a naive reader forever.
    let ok = Command::new("mkfifo").arg(r.join("fifo")).status().unwrap();
    assert!(ok.success());
    write(&h, "fifo", b"Text.\n");
    good.extend(["empty", "utf16", "formula"].map(String::from));
    Tree { dir, good }
}

fn read_summary(p: &Path) -> BTreeMap<String, csv::StringRecord> {
    let mut rdr = csv::Reader::from_path(p).unwrap();
    let header = rdr.headers().unwrap().clone();
    assert_eq!(&header[0], "name");
    assert_eq!(&header[1], "status");
    assert_eq!(&header[2], "message");
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), r)
        })
        .collect()
}

/// Every file under `root`, relative path -> bytes.
fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

fn col(header: &csv::StringRecord, name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

#[test]
fn batch_reports_good_pairs_names_broken_ones_and_exits_2() {
    let t = tree();
    let root = t.dir.path();
    let out = batch_in(root, "hyp", "ref", &["--out-dir", "out1", "-j", "1"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("5 of 60 pairs failed"), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}'),
        "no progress bar off a terminal: {stderr}"
    );

    let summary = read_summary(&root.join("out1/summary.csv"));
    assert_eq!(summary.len(), 60);
    for name in &t.good {
        let row = &summary[name.as_str()];
        assert_eq!(&row[1], "ok", "{name}: {row:?}");
        let report = root.join("out1").join(format!("{name}.csv"));
        let mut rdr = csv::Reader::from_path(&report).unwrap();
        let header = rdr.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        assert_eq!(rows.len().to_string(), row[5].to_owned(), "{name}: links");
        for r in &rows {
            assert_eq!(&r[col(&header, "doc")], name.as_str());
        }
        if let Some(i) = name
            .strip_prefix("doc")
            .or_else(|| name.split("/doc").nth(1))
        {
            // Every hyp sentence shows up in the report, in order.
            let i: usize = i.parse().unwrap();
            let hyp_col: String = rows
                .iter()
                .map(|r| r[col(&header, "hyp_text")].to_owned())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(hyp_col, sentences(i, "hyp").join(" "), "{name}");
            assert_eq!(row[3].to_owned(), sentences(i, "hyp").len().to_string());
        }
    }
    // The empty hyp: its ref sentence is a gap row.
    let empty = std::fs::read_to_string(root.join("out1/empty.csv")).unwrap();
    assert!(empty.contains("The ref has one sentence."), "{empty}");
    assert!(empty.contains(",gap,"), "{empty}");
    assert_eq!(&summary["empty"][3], "0");
    // UTF-16 decoded to the same text as its UTF-8 partner.
    let u = std::fs::read_to_string(root.join("out1/utf16.csv")).unwrap();
    assert!(u.contains("Café au lait is served."), "{u}");
    // Formula-looking text is guarded with an apostrophe.
    let f = std::fs::read_to_string(root.join("out1/formula.csv")).unwrap();
    assert!(
        f.contains("\"'=HYPERLINK(\"\"http://example.com\"\""),
        "{f}"
    );
    assert!(f.contains(",'-5 degrees is cold.,"), "{f}");

    let err = |n: &str| {
        let r = &summary[n];
        assert_eq!(&r[1], "error", "{n}: {r:?}");
        assert!(!root.join("out1").join(format!("{n}.csv")).exists(), "{n}");
        r[2].to_owned()
    };
    let m = err("orphan_hyp");
    assert!(
        m.contains("orphan_hyp.txt") && m.contains("ref directory"),
        "{m}"
    );
    let m = err("orphan_ref");
    assert!(
        m.contains("orphan_ref.txt") && m.contains("hyp directory"),
        "{m}"
    );
    let m = err("bad_utf8");
    assert!(
        m.contains("bad_utf8.txt:2:") && m.contains("invalid UTF-8 at byte 25"),
        "{m}"
    );
    let m = err("fifo");
    assert!(
        m.contains("fifo") && m.contains("not a regular file"),
        "{m}"
    );
    let m = err("binary");
    assert!(m.contains("binary.txt") && m.contains("binary"), "{m}");
    // Every failure is also named on stderr.
    for n in ["orphan_hyp", "orphan_ref", "bad_utf8", "binary", "fifo"] {
        assert!(stderr.contains(&format!("pair {n}:")), "{stderr}");
    }

    // Same batch on two threads: every output byte-identical.
    let out2 = batch_in(root, "hyp", "ref", &["--out-dir", "out2", "-j", "2"]);
    assert_eq!(out2.status.code(), Some(2));
    let a = files(&root.join("out1"));
    let b = files(&root.join("out2"));
    assert_eq!(a.len(), 56, "{:?}", a.keys());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{} differs between -j 1 and -j 2", k.display());
    }
}

#[test]
fn rerun_overwrites_leaves_no_temp_files_and_skips_its_own_out_dir() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "hyp/a.txt", b"One. Two.\n");
    write(root, "ref/a.txt", b"One. Three.\n");
    // A stale report of a pair that now fails must not survive the rerun.
    write(root, "hyp/b.txt", b"Fine.\n");
    write(root, "ref/b.txt", b"Fine.\n");
    let args = [
        "batch",
        "--hyp-dir",
        "hyp",
        "--ref-dir",
        "ref",
        "--out-dir",
        "hyp/out",
        "-q",
    ];
    let first = run_in(root, &args);
    assert_eq!(first.status.code(), Some(0), "{first:?}");
    let before = files(&root.join("hyp/out"));
    assert_eq!(before.len(), 3, "{:?}", before.keys());
    std::fs::write(root.join("ref/b.txt"), b"\x00binary").unwrap();
    // Leftovers of an interrupted run are cleaned; other files are not ours.
    write(root, "hyp/out/.a.csv.4242.tmp", b"half a rep");
    write(root, "hyp/out/.summary.csv.17.tmp", b"half");
    let second = run_in(root, &args);
    assert_eq!(second.status.code(), Some(2));
    let after = files(&root.join("hyp/out"));
    // out/ lies inside hyp/ but was not taken as input pairs.
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        [Path::new("a.csv"), Path::new("summary.csv")]
    );
    assert_eq!(after[Path::new("a.csv")], before[Path::new("a.csv")]);
    let s = read_summary(&root.join("hyp/out/summary.csv"));
    assert_eq!(s.len(), 2);
    assert_eq!(&s["b"][1], "error");
    assert!(s["b"][2].contains("NUL"), "{:?}", s["b"]);
}

#[test]
fn manifest_pairs_names_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "m/h/a.txt", b"Alpha one. Alpha two.\n");
    write(root, "m/r/a.txt", b"Alpha one. Alpha 2.\n");
    write(root, "m/h/b.txt", b"Beta.\n");
    write(root, "m/r/b.txt", b"Beta.\n");
    write(
        root,
        "m/pairs.csv",
        b"name,hyp,ref\nalpha,h/a.txt,r/a.txt\n,h/b.txt,r/b.txt\nmissing,h/none.txt,r/b.txt\n",
    );
    let out = run_in(
        root,
        &[
            "batch",
            "--manifest",
            "m/pairs.csv",
            "--out-dir",
            "o",
            "--format",
            "jsonl",
            "-q",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let s = read_summary(&root.join("o/summary.csv"));
    assert_eq!(s.keys().collect::<Vec<_>>(), ["alpha", "b", "missing"]);
    assert_eq!(&s["alpha"][1], "ok");
    assert_eq!(&s["b"][1], "ok");
    assert!(s["missing"][2].contains("none.txt"), "{:?}", s["missing"]);
    let j = std::fs::read_to_string(root.join("o/alpha.jsonl")).unwrap();
    let rows: Vec<serde_json::Value> = j
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len().to_string(), s["alpha"][5].to_owned());
    assert!(rows.iter().all(|r| r["doc"] == "alpha"));
    assert!(root.join("o/b.jsonl").exists());

    // Excel's `;` flavour with a BOM and CRLF reads the same.
    write(
        root,
        "m/semi.csv",
        b"\xEF\xBB\xBFhyp;ref;name\r\nh/a.txt;r/a.txt;alpha\r\n",
    );
    let out = run_in(
        root,
        &["batch", "--manifest", "m/semi.csv", "--out-dir", "o3", "-q"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        read_summary(&root.join("o3/summary.csv"))
            .keys()
            .collect::<Vec<_>>(),
        ["alpha"]
    );

    // A row that is no pair fails as that pair, naming file and line
    // (see `a_manifest_row_without_a_side_fails_alone`).
    write(root, "m/bad.csv", b"hyp,ref\nh/a.txt,r/a.txt\nh/b.txt\n");
    let out = run_in(
        root,
        &["batch", "--manifest", "m/bad.csv", "--out-dir", "o2"],
    );
    let e = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(e.contains("bad.csv:3:"), "{e}");
    // Malformed manifests are usage errors naming file and line, and
    // nothing is written.
    write(
        root,
        "m/unclosed.csv",
        b"hyp,ref\nh/a.txt,r/a.txt\n\"h/b.txt,r/b.txt\n",
    );
    let out = run_in(
        root,
        &["batch", "--manifest", "m/unclosed.csv", "--out-dir", "o4"],
    );
    let e = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(e.contains("unclosed.csv:3:"), "{e}");
    assert!(
        !root.join("o4").exists(),
        "nothing written for a bad manifest"
    );
    write(root, "m/nohdr.csv", b"h/a.txt,r/a.txt\n");
    let out = run_in(
        root,
        &["batch", "--manifest", "m/nohdr.csv", "--out-dir", "o2"],
    );
    let e = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(e.contains("nohdr.csv:1:") && e.contains("`hyp`"), "{e}");
}

/// One manifest row without a hyp or a ref must not abort the batch: it is
/// a failed pair naming the manifest's line, the other pairs run, exit 2.
/// A manifest that does not parse (an unclosed quote) is still refused,
/// naming the quote and its line.
#[test]
fn a_manifest_row_without_a_side_fails_alone() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    write(root, "mt/seed.txt", b"Alpha one. Alpha two.\n");
    write(root, "approved/seed.txt", b"Alpha one. Alpha 2.\n");
    write(root, "mt/sample.txt", b"Beta.\n");
    write(
        root,
        "crlf.csv",
        b"hyp,ref,name\r\nmt/seed.txt,approved/seed.txt,a\r\n\r\nmt/sample.txt,,b\r\n,,name-only\r\n",
    );
    let o = run_in(
        root,
        &["batch", "--manifest", "crlf.csv", "--out-dir", "o", "-q"],
    );
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let s = Table::parse(&std::fs::read_to_string(root.join("o/summary.csv")).unwrap());
    assert_eq!(s.column("name"), ["a", "b", "name-only"]);
    assert_eq!(s.column("status"), ["ok", "error", "error"]);
    let m = s.column("message");
    assert!(
        m[1].contains("crlf.csv:4:") && m[1].contains("both `hyp` and `ref` are needed"),
        "{m:?}"
    );
    assert!(m[2].contains("crlf.csv:5:"), "{m:?}");
    assert!(root.join("o/a.csv").exists());
    assert!(stderr(&o).contains("2 of 3 pairs failed"), "{}", stderr(&o));

    write(
        root,
        "q.csv",
        b"hyp,ref,name\r\nmt/seed.txt,approved/seed.txt,a\r\n\"mt/sample.txt,approved/seed.txt,b\r\n",
    );
    let o = run_in(
        root,
        &["batch", "--manifest", "q.csv", "--out-dir", "o2", "-q"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("q.csv:3:") && e.contains("unclosed quote"),
        "{e}"
    );
    assert!(!e.contains("needed"), "{e}");
    assert!(!root.join("o2").exists());
}

#[test]
fn clashing_names_get_distinct_reports() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (p, t) in [
        ("hyp/summary.txt", "S one.\n"),
        ("ref/summary.txt", "S one.\n"),
        ("hyp/x.txt", "X one.\n"),
        ("ref/x.txt", "X one.\n"),
        ("hyp/x.md", "X two.\n"),
        ("ref/x.md", "X two.\n"),
    ] {
        write(root, p, t.as_bytes());
    }
    let out = batch_in(root, "hyp", "ref", &["--out-dir", "o", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let f = files(&root.join("o"));
    assert_eq!(f.len(), 4, "{:?}", f.keys());
    let s = read_summary(&root.join("o/summary.csv"));
    assert_eq!(s.len(), 3, "the summary was not overwritten by a report");
    assert_eq!(s.keys().collect::<Vec<_>>(), ["summary", "x.md", "x.txt"]);
    assert!(String::from_utf8_lossy(&f[Path::new("x.txt.csv")]).contains("X one."));
    assert!(String::from_utf8_lossy(&f[Path::new("x.md.csv")]).contains("X two."));
    assert!(String::from_utf8_lossy(&f[Path::new("summary~2.csv")]).contains("S one."));
}

#[test]
fn usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["batch", "--out-dir", "o"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--manifest"));
    let out = batch_in(dir.path(), "nope", "nope2", &["--out-dir", "o"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));
    // A runaway -j is refused rather than starting 100,000 threads.
    let out = run_in(
        dir.path(),
        &[
            "batch",
            "--manifest",
            "m.csv",
            "--out-dir",
            "o",
            "-j",
            "100000",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("100000"),
        "{out:?}"
    );
}

/// A batch that finds nothing to audit (a wrong artifact path, an empty
/// export, a manifest with only its header) must not pass CI green: exit
/// 2 naming what was empty, and the previous outputs stay as they were.
#[test]
fn a_batch_with_no_pairs_is_an_error_naming_what_was_empty() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("h")).unwrap();
    std::fs::create_dir_all(d.join("r")).unwrap();
    // Hidden files are no pairs either.
    write(d, "h/.keep", "");
    write(d, "prev/summary.csv", "previous summary\n");
    let o = batch_in(d, "h", "r", &["--out-dir", "o", "-q"]);
    assert_clean_error(&o, &["--hyp-dir h", "--ref-dir r", "no files"]);
    assert!(!d.join("o").exists(), "an output directory was created");
    let o = batch_in(d, "h", "r", &["--out-dir", "prev"]);
    assert_clean_error(&o, &["no files"]);
    assert_eq!(
        fs::read_to_string(d.join("prev/summary.csv")).unwrap(),
        "previous summary\n"
    );
    // A manifest with its header and no row, with or without a line end.
    for body in ["hyp,ref,name\n", "hyp,ref"] {
        write(d, "m.csv", body);
        let o = run_in(d, &["batch", "--manifest", "m.csv", "--out-dir", "o"]);
        assert_clean_error(&o, &["m.csv", "no pairs", "hyp,ref"]);
        assert!(!d.join("o").exists(), "an output directory was created");
    }
}

#[test]
fn lossy_batch_counts_replacements_in_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "hyp/a.txt",
        b"Caf\xE9 au lait. Cr\xE8me br\xFBl\xE9e.\n",
    );
    write(
        root,
        "ref/a.txt",
        "Café au lait. Crème brûlée.\n".as_bytes(),
    );
    let args = ["batch", "--hyp-dir", "hyp", "--ref-dir", "ref", "--out-dir"];
    let strict = run_in(root, &[&args[..], &["o1"]].concat());
    assert_eq!(strict.status.code(), Some(2));
    let lossy = run_in(root, &[&args[..], &["o2", "--lossy"]].concat());
    let e = String::from_utf8_lossy(&lossy.stderr);
    assert_eq!(lossy.status.code(), Some(0), "{e}");
    assert!(e.contains("4 undecodable byte sequences replaced"), "{e}");
    let mut rdr = csv::Reader::from_path(root.join("o2/summary.csv")).unwrap();
    let h = rdr.headers().unwrap().clone();
    let row = rdr.records().next().unwrap().unwrap();
    assert_eq!(&row[col(&h, "lossy_replacements")], "4");
    let report = std::fs::read_to_string(root.join("o2/a.csv")).unwrap();
    assert!(report.contains("Caf\u{FFFD} au lait."), "{report}");
}

#[test]
fn pipeline_errors_are_error_rows_too() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "hyp/a.txt", b"one\ntwo\n");
    write(root, "ref/a.txt", b"one\n");
    write(root, "hyp/b.txt", b"same\n");
    write(root, "ref/b.txt", b"same\n");
    let out = batch_in(root, "hyp", "ref", &["--out-dir", "o", "--aligned", "-q"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let s = read_summary(&root.join("o/summary.csv"));
    assert_eq!(&s["a"][1], "error");
    assert!(s["a"][2].contains("equal line counts"), "{:?}", s["a"]);
    assert_eq!(&s["b"][1], "ok");
}

#[test]
fn outputs_never_overwrite_inputs_inside_the_out_dir() {
    let hyp = b"The market opened early. Prices rose.\n";
    let refs = b"The market opened early. Prices went up.\n";
    let gloss = b"term,variants\nWeChat,micro-letter\n";
    // (files to create, batch arguments, the input that must survive)
    type Case<'a> = (&'a [(&'a str, &'a [u8])], &'a [&'a str], &'a str);
    let cases: [Case; 3] = [
        // A manifest listing a hyp whose name is its own report's.
        (
            &[
                ("out/x.csv", hyp),
                ("r.txt", refs),
                ("man.csv", b"hyp,ref,name\nout/x.csv,r.txt,x\n"),
            ],
            &["--manifest", "man.csv"],
            "out/x.csv",
        ),
        // The manifest itself is out/summary.csv.
        (
            &[
                ("h.txt", hyp),
                ("r.txt", refs),
                ("out/summary.csv", b"hyp,ref\n../h.txt,../r.txt\n"),
            ],
            &["--manifest", "out/summary.csv"],
            "out/summary.csv",
        ),
        // The glossary is out/term_summary.csv.
        (
            &[
                ("h.txt", hyp),
                ("r.txt", refs),
                ("man.csv", b"hyp,ref\nh.txt,r.txt\n"),
                ("out/term_summary.csv", gloss),
            ],
            &[
                "--manifest",
                "man.csv",
                "--glossary",
                "out/term_summary.csv",
            ],
            "out/term_summary.csv",
        ),
    ];
    for (files, args, victim) in cases {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in files {
            write(dir.path(), name, bytes);
        }
        let before = std::fs::read(dir.path().join(victim)).unwrap();
        let mut a = vec!["batch", "--out-dir", "out", "-q"];
        a.extend_from_slice(args);
        let out = run_in(dir.path(), &a);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{victim}: {err}");
        assert!(
            err.contains(&format!("would overwrite the input {victim}")),
            "{err}"
        );
        assert_eq!(std::fs::read(dir.path().join(victim)).unwrap(), before);
        // Nothing else was written.
        let written = std::fs::read_dir(dir.path().join("out")).unwrap().count();
        assert_eq!(written, 1, "{victim}");
    }
}

#[test]
fn quiet_batch_still_names_each_failed_pair() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "h.txt", b"One sentence here.\n");
    write(dir.path(), "r.txt", b"One sentence there.\n");
    write(dir.path(), "bad.txt", b"ok\n\xff\xfe\n");
    write(
        dir.path(),
        "m.csv",
        b"hyp,ref,name\nh.txt,r.txt,good\nbad.txt,r.txt,broken\nnope.txt,r.txt,missing\n",
    );
    let out = run_in(
        dir.path(),
        &["batch", "--manifest", "m.csv", "--out-dir", "o", "-q"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mtaudit: pair broken: bad.txt:2"), "{err}");
    assert!(err.contains("mtaudit: pair missing: "), "{err}");
    assert!(!err.contains("pair good"), "{err}");
    // -q drops the closing summary line, not the errors.
    assert!(!err.contains("3 pairs:"), "{err}");
}

// ---------------------------------------------------------------- term summary
// `batch --glossary` writes term_summary.csv: one row per document and
// term, and corpus totals under doc `*` that add the documents up.

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
    let t = Table::parse(&fs::read_to_string(out.join("term_summary.csv")).unwrap());
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

// ---------------------------------------------------------------- a small tree of broken files

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

#[test]
fn batch_dirs_report_good_pairs_name_broken_ones_and_are_byte_identical_across_jobs() {
    let d = tempfile::tempdir().unwrap();
    batch_tree(d.path());
    let mut outs = Vec::new();
    for (j, fmt) in [("1", "csv"), ("2", "csv"), ("1", "jsonl"), ("2", "jsonl")] {
        let od = format!("out-{j}-{fmt}");
        let o = batch_in(
            d.path(),
            "h",
            "r",
            &["--out-dir", &od, "-q", "-j", j, "--format", fmt],
        );
        assert_no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        outs.push(files(&d.path().join(&od)));
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
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let s = Table::parse(&std::fs::read_to_string(d.path().join("o/summary.csv")).unwrap());
    // The second `alpha` gets a name of its own, in its summary row, its
    // report's file name and its report's doc column alike.
    assert_eq!(s.column("name"), ["alpha", "alpha~2", "missing"]);
    assert_eq!(s.column("status"), ["ok", "ok", "error"]);
    assert!(s.column("message")[2].contains("nope.txt"));
    assert!(
        stderr(&o).contains("m.csv:3: pair name \"alpha\" is already taken"),
        "{}",
        stderr(&o)
    );
    let reports = files(&d.path().join("o"));
    assert_eq!(reports.len(), 3, "two distinct reports plus summary.csv");
    let second = Table::parse(&std::fs::read_to_string(d.path().join("o/alpha~2.csv")).unwrap());
    assert!(second.column("doc").iter().all(|d| *d == "alpha~2"));
}

#[test]
fn batch_out_dir_inside_inputs_does_not_orphan_every_pair() {
    let d = tempfile::tempdir().unwrap();
    batch_tree(d.path());
    let o = batch_in(d.path(), "h", "r", &["--out-dir", "h", "-q"]);
    assert_no_panic(&o);
    let summary = d.path().join("h/summary.csv");
    if o.status.code() == Some(2) && !summary.exists() {
        return; // refused as a usage error: fine
    }
    let s = Table::parse(&std::fs::read_to_string(summary).unwrap());
    let a = s.rows.iter().find(|r| r[0] == "a").expect("pair a");
    assert_eq!(a[s.col("status")], "ok", "{a:?}");
}

/// Twelve pairs of real-looking text in h/ and r/, one of them binary.
fn shard_tree(root: &Path) {
    for i in 1..=12 {
        let h: String = (0..5)
            .map(|j| format!("The micro-letter payment number {i} reached {j} shops in town. "))
            .collect();
        let r: String = (0..5)
            .map(|j| {
                format!(
                    "WeChat payment number {i} reached {} shops in the town. ",
                    j + i % 3
                )
            })
            .collect();
        write(root, &format!("h/p{i}.txt"), h);
        write(root, &format!("r/p{i}.txt"), r);
    }
    write(root, "h/p7.txt", b"\x00binary".as_slice());
    write(root, "g.csv", "term,variants\nWeChat,micro-letter\n");
}

#[test]
fn merged_shards_equal_one_run_byte_for_byte() {
    let d = tempfile::tempdir().unwrap();
    shard_tree(d.path());
    let base = [
        "batch",
        "--hyp-dir",
        "h",
        "--ref-dir",
        "r",
        "--glossary",
        "g.csv",
        "-q",
    ];
    let with = |extra: &[&str]| -> Vec<String> {
        base.iter().chain(extra).map(|s| s.to_string()).collect()
    };
    let o = run_in(d.path(), &with(&["--out-dir", "all"]));
    assert_eq!(
        o.status.code(),
        Some(2),
        "one pair is binary: {}",
        stderr(&o)
    );
    for k in 1..=3 {
        let spec = format!("{k}/3");
        let out = format!("s{k}");
        let o = run_in(d.path(), &with(&["--out-dir", &out, "--shard", &spec]));
        assert!(
            o.status.code().is_some_and(|c| c == 0 || c == 2),
            "{}",
            stderr(&o)
        );
        assert!(
            d.path()
                .join(&out)
                .join(format!("shard-{k}-of-3.json"))
                .is_file()
        );
        assert!(!d.path().join(&out).join("summary.csv").exists());
    }
    let o = run_in(
        d.path(),
        &["merge", "s3", "s1", "s2", "--out-dir", "merged"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    for f in ["summary.csv", "term_summary.csv"] {
        assert_eq!(
            std::fs::read(d.path().join("all").join(f)).unwrap(),
            std::fs::read(d.path().join("merged").join(f)).unwrap(),
            "{f}"
        );
    }
    // Every report of the batch exists in exactly one shard directory.
    for i in (1..=12).filter(|&i| i != 7) {
        let n = (1..=3)
            .filter(|k| d.path().join(format!("s{k}/p{i}.csv")).is_file())
            .count();
        assert_eq!(n, 1, "p{i}");
    }
    // The closing line on stderr is the one run's, corpus scores included.
    let one = run_in(
        d.path(),
        &[
            "batch",
            "--hyp-dir",
            "h",
            "--ref-dir",
            "r",
            "--glossary",
            "g.csv",
            "--out-dir",
            "all2",
        ],
    );
    let merged = run_in(d.path(), &["merge", "s1", "s2", "s3", "--out-dir", "m2"]);
    let closing = |o: &std::process::Output| {
        stderr(o)
            .lines()
            .find(|l| l.contains(" pairs: "))
            .unwrap_or("")
            .to_owned()
    };
    assert!(!closing(&one).is_empty());
    assert_eq!(closing(&one), closing(&merged));
    // Gates on the merge see every pair.
    let o = run_in(
        d.path(),
        &[
            "merge",
            "s1",
            "s2",
            "s3",
            "--out-dir",
            "m3",
            "--fail-under",
            "chrf=99",
        ],
    );
    assert!(
        stderr(&o).contains("quality gate failed: corpus chrF"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn shard_specs_and_incomplete_merges_are_usage_errors() {
    let d = tempfile::tempdir().unwrap();
    shard_tree(d.path());
    for bad in ["3/2", "0/4", "x/y", "1", "2/0"] {
        let o = batch_in(d.path(), "h", "r", &["--out-dir", "o", "--shard", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(stderr(&o).contains("K/N"), "{bad}: {}", stderr(&o));
    }
    for k in [1, 2] {
        let spec = format!("{k}/3");
        batch_in(
            d.path(),
            "h",
            "r",
            &["--out-dir", "s", "--shard", &spec, "-q"],
        );
    }
    let o = run_in(d.path(), &["merge", "s", "--out-dir", "m"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("shard(s) 3/3 missing"),
        "{}",
        stderr(&o)
    );
    let o = run_in(
        d.path(),
        &["merge", "s", "s/shard-1-of-3.json", "--out-dir", "m"],
    );
    assert!(stderr(&o).contains("given twice"), "{}", stderr(&o));
    // A shard of another listing is refused.
    write(d.path(), "h/extra.txt", "One more.");
    write(d.path(), "r/extra.txt", "One more.");
    batch_in(
        d.path(),
        "h",
        "r",
        &["--out-dir", "t", "--shard", "3/3", "-q"],
    );
    let o = run_in(d.path(), &["merge", "s", "t", "--out-dir", "m"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("another batch"), "{}", stderr(&o));
    assert!(!d.path().join("m/summary.csv").exists());
}

#[cfg(unix)]
#[test]
fn an_interrupted_batch_leaves_the_previous_outputs_together() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    let lines = |f: &dyn Fn(usize) -> String| -> String { (0..3000).map(f).collect() };
    for i in 0..20 {
        let h =
            lines(&|j| format!("Sentence {j} of pair {i} is about the market and the phone.\n"));
        write(root, &format!("h/p{i}.txt"), &h);
        write(root, &format!("r/p{i}.txt"), h.replace("phone", "mobile"));
    }
    let args = [
        "batch",
        "--hyp-dir",
        "h",
        "--ref-dir",
        "r",
        "--out-dir",
        "o",
        "-q",
        "-j",
        "1",
        "--aligned",
    ];
    let o = run_in(root, &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = files(&root.join("o"));
    // Change every input, start again, and interrupt the run once its
    // staging directory exists.
    for i in 0..20 {
        write(
            root,
            &format!("r/p{i}.txt"),
            lines(&|j| format!("Line {j} changed.\n")),
        );
    }
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let staged = loop {
        let hidden = std::fs::read_dir(root.join("o")).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".mtaudit-batch.")
        });
        if hidden {
            break true;
        }
        if child.try_wait().unwrap().is_some() {
            break false;
        }
        std::thread::sleep(std::time::Duration::from_micros(200));
    };
    if staged {
        Command::new("sh")
            .args(["-c", &format!("kill -TERM {}", child.id())])
            .status()
            .unwrap();
    }
    let code = child.wait().unwrap().code();
    if staged && code == Some(143) {
        // The old summary and the old reports, as they were, and nothing else.
        assert_eq!(files(&root.join("o")), before);
    }
}

#[test]
fn broken_link_in_a_tree_is_named_with_its_target() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    write(root, "h/a.txt", "One sentence.\n");
    write(root, "r/a.txt", "One sentence.\n");
    write(root, "r/b.txt", "Another one.\n");
    write(root, "r/c.txt", "A third.\n");
    // b: a dangling link with a partner; c: one without a hyp partner.
    std::os::unix::fs::symlink("gone/b.txt", root.join("h/b.txt")).unwrap();
    std::os::unix::fs::symlink("/nowhere/c.txt", root.join("r/d.txt")).unwrap();
    let o = batch_in(root, "h", "r", &["--out-dir", "out", "-q"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("b.txt: broken symbolic link: it points to gone/b.txt, which does not exist"),
        "{e}"
    );
    assert!(
        e.contains("d.txt: broken symbolic link: it points to /nowhere/c.txt"),
        "{e}"
    );
    assert!(!e.contains("pair d: r/d.txt: orphan"), "{e}");
    assert!(root.join("out/a.csv").exists());
}

#[test]
fn shards_run_with_other_options_are_not_merged_and_name_their_own_file() {
    let d = tempfile::tempdir().unwrap();
    shard_tree(d.path());
    let shard = |k: u32, out: &str, extra: &[&str]| {
        let spec = format!("{k}/2");
        let mut args = vec![
            "batch",
            "--hyp-dir",
            "h",
            "--ref-dir",
            "r",
            "--glossary",
            "g.csv",
            "-q",
            "--out-dir",
            out,
            "--shard",
            &spec,
        ];
        args.extend_from_slice(extra);
        run_in(d.path(), &args)
    };
    // The binary pair fails in one of the shards, which names its shard
    // file (a shard writes no summary.csv).
    let (a, b) = (shard(1, "s", &[]), shard(2, "s", &[]));
    let failed: Vec<_> = [(1, &a), (2, &b)]
        .into_iter()
        .filter(|(_, o)| o.status.code() == Some(2))
        .collect();
    assert_eq!(failed.len(), 1, "{}\n{}", stderr(&a), stderr(&b));
    let (k, o) = failed[0];
    let e = stderr(o);
    assert!(
        e.contains(&format!("shard-{k}-of-2.json: 1 of ")) && e.contains("the merge writes them"),
        "{e}"
    );
    assert!(!e.contains("summary.csv: "), "{e}");
    // The same shards merge; one rerun with another threshold does not.
    let o = run_in(d.path(), &["merge", "s", "--out-dir", "m"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(d.path().join("m/summary.csv").is_file());
    shard(2, "t", &["--review-below", "90"]);
    let o = run_in(
        d.path(),
        &["merge", "s/shard-1-of-2.json", "t", "--out-dir", "m2"],
    );
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("different options") && e.contains("--review-below 90 in t/shard-2-of-2.json"),
        "{e}"
    );
    assert!(
        e.contains("--review-below 50 in s/shard-1-of-2.json"),
        "{e}"
    );
    assert!(!d.path().join("m2/summary.csv").exists());
    // A glossary with the same name but other content is another option.
    write(
        d.path(),
        "g2/g.csv",
        "term,variants\nWeChat,micro-letter\nAlipay,\n",
    );
    let o = run_in(
        &d.path().join("g2"),
        &[
            "batch",
            "--hyp-dir",
            "../h",
            "--ref-dir",
            "../r",
            "--glossary",
            "g.csv",
            "-q",
            "--out-dir",
            "../u",
            "--shard",
            "2/2",
        ],
    );
    assert!(o.status.code().is_some_and(|c| c == 0 || c == 2));
    let o = run_in(
        d.path(),
        &["merge", "s/shard-1-of-2.json", "u", "--out-dir", "m3"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--glossary g.csv (sha256 "),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_shard_reads_a_streamed_glossary_once_and_fingerprints_what_it_used() {
    let d = tempfile::tempdir().unwrap();
    shard_tree(d.path());
    let shard = |glossary: &str, out: &str| {
        let extra = [
            "--glossary",
            glossary,
            "-q",
            "--out-dir",
            out,
            "--shard",
            "1/2",
        ];
        let args = batch_args("h", "r", &extra);
        let o = run_stdin(d.path(), &args, b"term,variants\nWeChat,micro-letter\n");
        // Exit 2 for the binary pair p7, which falls in this shard, and for
        // nothing else.
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{e}");
        assert!(e.contains("p7") && !e.contains(glossary), "{e}");
        std::fs::read_to_string(d.path().join(out).join("shard-1-of-2.json")).unwrap()
    };
    // The glossary on a pipe, the same bytes as g.csv: a pipe gives its
    // bytes to one read only, so the shard must parse what it hashed
    // (shards once refused a pipe for that reason).
    let piped = shard("/dev/stdin", "p");
    let file = shard("g.csv", "f");
    // The fingerprint on a shard's `--glossary PATH (sha256 …)` line.
    let sha = |json: &str, path: &str| {
        let head = format!("--glossary {path} (sha256 ");
        let at = json.find(&head).expect(path) + head.len();
        json[at..]
            .chars()
            .take_while(|&c| c != ')')
            .collect::<String>()
    };
    assert_eq!(
        sha(&file, "g.csv").chars().count(),
        17,
        "16 hex digits and …"
    );
    assert_eq!(sha(&piped, "/dev/stdin"), sha(&file, "g.csv"));
    // And the shard used it: with the path made the same, the two shards
    // are one, term findings included.
    assert!(file.contains(r#""hyp_renderings":{"micro-letter":5}"#));
    assert!(
        piped.replace("/dev/stdin", "g.csv") == file,
        "the shards differ"
    );
}
