//! The glossary through the binary: malformed files, warnings, formats,
//! `--ignore`, `--terms-only`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> String {
    format!("tests/fixtures/glossary/{name}")
}

fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mtaudit"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn rows(csv_text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

const TEXT: &str = "Users of Wechat pay with micro-letter wallets.\n\
Another micro-\nletter sentence mentions https://example.com/micro-letter and WeChat.\n";

#[test]
fn malformed_glossaries_exit_2_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = write(dir.path(), "t.txt", TEXT);
    for (file, line, words) in [
        ("bad_case.csv", 3, "lower"),
        ("bad_regex.csv", 3, "regular expression"),
        ("bad_xml.tbx", 7, "XML"),
        ("no_term_header.csv", 1, "term"),
        ("too_many_fields.csv", 3, "fields"),
        ("unterminated_quote.csv", 3, "quote"),
    ] {
        let (code, out, err) = run(&["terms", &text, "--glossary", &fixture(file)]);
        assert_eq!(code, 2, "{file}: {err}");
        assert!(out.is_empty(), "{file}");
        let want = format!("{}:{line}:", fixture(file));
        assert!(err.contains(&want), "{file}: {err}");
        assert!(err.contains(words), "{file}: {err}");
    }
    let (code, _, err) = run(&["terms", &text, "--glossary", "no/such/glossary.csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/glossary.csv"), "{err}");
}

#[test]
fn load_problems_are_warnings_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = write(dir.path(), "t.txt", TEXT);
    let (code, out, err) = run(&["terms", &text, "--glossary", &fixture("warnings.csv")]);
    assert_eq!(code, 0, "{err}");
    let w = |l: usize, what: &str| {
        err.lines()
            .any(|x| x.contains(&format!("warnings.csv:{l}:")) && x.contains(what))
    };
    assert!(w(3, "duplicate"), "{err}");
    assert!(w(4, "no preferred term"), "{err}");
    assert!(w(6, "PayPal"), "{err}");
    assert_eq!(err.lines().count(), 3, "each warning once: {err}");
    // Both duplicate WeChat entries are used: micro-letter and micro-credit alike.
    assert!(!rows(&out).is_empty());
}

#[test]
fn tsv_with_bom_and_tbx_v3_load() {
    let dir = tempfile::tempdir().unwrap();
    let text = write(
        dir.path(),
        "t.txt",
        "The micro-faith app.\nThe electric quotient and payment treasure.\n",
    );
    let (code, out, err) = run(&["terms", &text, "--glossary", &fixture("bom.tsv")]);
    assert_eq!(code, 0, "{err}");
    let r = rows(&out);
    assert_eq!(r.len(), 1);
    assert_eq!(&r[0][2], "micro-faith");
    assert_eq!(&r[0][5], "warning");
    let (code, out, err) = run(&["terms", &text, "--glossary", &fixture("v3.tbx")]);
    assert_eq!(code, 0, "{err}");
    let found: Vec<(String, String)> = rows(&out)
        .iter()
        .map(|r| (r[2].to_owned(), r[3].to_owned()))
        .collect();
    assert_eq!(
        found,
        vec![
            ("electric quotient".to_owned(), "e-commerce".to_owned()),
            ("payment treasure".to_owned(), "Alipay".to_owned()),
        ]
    );
    // Several glossaries merge.
    let (_, out, _) = run(&[
        "terms",
        &text,
        "--glossary",
        &fixture("bom.tsv"),
        "--glossary",
        &fixture("v3.tbx"),
    ]);
    assert_eq!(rows(&out).len(), 3);
}

#[test]
fn terms_rows_url_guard_and_line_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let text = write(dir.path(), "t.txt", TEXT);
    let g = write(dir.path(), "g.csv", "term,variants\nWeChat,micro-letter\n");
    let (code, out, err) = run(&["terms", &text, "--glossary", &g]);
    assert_eq!(code, 0, "{err}");
    let r = rows(&out);
    let got: Vec<(String, String, String, String)> = r
        .iter()
        .map(|r| {
            (
                r[0].to_owned(),
                r[1].to_owned(),
                r[2].to_owned(),
                r[4].to_owned(),
            )
        })
        .collect();
    // Line 1: "Wechat" at column 10, "micro-letter" at column 26; line 2:
    // "micro-\nletter" broken over two lines; the URL is skipped; WeChat is right.
    assert_eq!(
        got,
        vec![
            ("1".into(), "10".into(), "Wechat".into(), "case".into()),
            (
                "1".into(),
                "26".into(),
                "micro-letter".into(),
                "deprecated".into()
            ),
            (
                "2".into(),
                "9".into(),
                "micro-\nletter".into(),
                "deprecated".into()
            ),
        ]
    );
}

#[test]
fn ignore_file_suppresses_accepted_findings_and_summary_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let text = write(dir.path(), "t.txt", TEXT);
    let g = write(dir.path(), "g.csv", "term,variants\nWeChat,micro-letter\n");
    let (_, all, _) = run(&["terms", &text, "--glossary", &g]);
    assert_eq!(rows(&all).len(), 3);
    // The terms output is itself an ignore file: keep only the first row.
    let first_two: Vec<&str> = all.lines().take(2).collect();
    let ig = write(dir.path(), "ignore.csv", &(first_two.join("\n") + "\n"));
    let (code, out, err) = run(&["terms", &text, "--glossary", &g, "--ignore", &ig]);
    assert_eq!(code, 0, "{err}");
    let r = rows(&out);
    assert_eq!(r.len(), 2);
    assert!(r.iter().all(|r| &r[2] != "Wechat"));
    // Without a fingerprint a rule applies everywhere; kind narrows it.
    let ig = write(
        dir.path(),
        "ignore2.csv",
        "term,found,kind\nWeChat,micro-letter,deprecated\nWeChat,Wechat,missing\n",
    );
    let (_, out, _) = run(&["terms", &text, "--glossary", &g, "--ignore", &ig]);
    let r = rows(&out);
    assert_eq!(r.len(), 2, "{out}");
    assert_eq!(&r[0][2], "Wechat");

    // compare: the summary counts what was suppressed.
    let hyp = write(dir.path(), "h.txt", "We use micro-letter daily.\n");
    let refp = write(dir.path(), "r.txt", "We use WeChat daily.\n");
    let ig = write(
        dir.path(),
        "ignore3.csv",
        "term,found\nWeChat,micro-letter\n",
    );
    let sum = dir.path().join("s.csv");
    let (code, out, err) = run(&[
        "compare",
        &hyp,
        &refp,
        "--glossary",
        &g,
        "--ignore",
        &ig,
        "--summary",
        sum.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("micro-letter ->"), "{out}");
    let s = std::fs::read_to_string(&sum).unwrap();
    let r = rows(&s);
    let h = csv::Reader::from_reader(s.as_bytes())
        .headers()
        .unwrap()
        .clone();
    let col = h.iter().position(|c| c == "terms_suppressed").unwrap();
    assert_eq!(&r[0][col], "1");
    // A bad ignore file is an input error.
    let bad = write(dir.path(), "bad.csv", "what,ever\n1,2\n");
    let (code, _, err) = run(&["terms", &text, "--glossary", &g, "--ignore", &bad]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.csv:1:"), "{err}");
}

#[test]
fn terms_only_keeps_rows_with_findings() {
    let dir = tempfile::tempdir().unwrap();
    let hyp = write(
        dir.path(),
        "h.txt",
        "First plain sentence here.\n\nWe use micro-letter daily.\n\nLast plain sentence here.\n",
    );
    let refp = write(
        dir.path(),
        "r.txt",
        "First plain sentence here.\n\nWe use WeChat daily.\n\nLast plain sentence here.\n",
    );
    let g = write(dir.path(), "g.csv", "term,variants\nWeChat,micro-letter\n");
    let (_, full, _) = run(&["compare", &hyp, &refp, "--glossary", &g, "-q"]);
    let (code, only, err) = run(&[
        "compare",
        &hyp,
        &refp,
        "--glossary",
        &g,
        "--terms-only",
        "-q",
    ]);
    assert_eq!(code, 0, "{err}");
    let h = csv::Reader::from_reader(only.as_bytes())
        .headers()
        .unwrap()
        .clone();
    let hc = h.iter().position(|c| c == "hyp_terms").unwrap();
    let rc = h.iter().position(|c| c == "ref_terms").unwrap();
    let r = rows(&only);
    assert!(rows(&full).len() > r.len());
    assert!(!r.is_empty());
    for row in &r {
        assert!(!row[hc].is_empty() || !row[rc].is_empty(), "{row:?}");
    }
    assert!(
        r.iter()
            .any(|row| row[hc].contains("deprecated: micro-letter -> WeChat"))
    );
}

#[test]
fn a_fingerprint_from_terms_suppresses_the_same_sentence_in_compare() {
    let dir = tempfile::tempdir().unwrap();
    let hyp = write(
        dir.path(),
        "h.txt",
        "Pay with micro-letter in the shop.\n\nShare it on micro-letter with\nfriends.\n",
    );
    let refp = write(
        dir.path(),
        "r.txt",
        "Pay with WeChat in the shop.\n\nShare it on WeChat with friends.\n",
    );
    let g = write(dir.path(), "g.csv", "term,variants\nWeChat,micro-letter\n");
    let (_, t, _) = run(&["terms", &hyp, "--glossary", &g]);
    let lines: Vec<&str> = t.lines().collect();
    // Header + the row of the second sentence (line 3) only.
    let second: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("3,"))
        .collect();
    assert_eq!(second.len(), 1, "{t}");
    let ig = write(
        dir.path(),
        "ig.csv",
        &format!("{}\n{}\n", lines[0], second[0]),
    );
    let (code, out, err) = run(&["compare", &hyp, &refp, "--glossary", &g, "--ignore", &ig]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.matches("deprecated: micro-letter -> WeChat").count(),
        1,
        "{out}"
    );
    let r = rows(&out);
    let h = csv::Reader::from_reader(out.as_bytes())
        .headers()
        .unwrap()
        .clone();
    let hc = h.iter().position(|c| c == "hyp_terms").unwrap();
    let tc = h.iter().position(|c| c == "hyp_text").unwrap();
    let flagged: Vec<&str> = r
        .iter()
        .filter(|x| !x[hc].is_empty())
        .map(|x| &x[tc])
        .collect();
    assert_eq!(flagged, vec!["Pay with micro-letter in the shop."]);
    assert!(err.contains("1 glossary findings suppressed"), "{err}");
}

#[test]
fn all_caps_headline_gets_no_case_finding_but_running_text_does() {
    let dir = tempfile::tempdir().unwrap();
    let text = write(
        dir.path(),
        "t.txt",
        "WECHAT PAY GOES ABROAD\n\nUsers say WECHAT is everywhere.\n",
    );
    let g = write(dir.path(), "g.csv", "term,variants\nWeChat,micro-letter\n");
    let (code, out, err) = run(&["terms", &text, "--glossary", &g]);
    assert_eq!(code, 0, "{err}");
    let r = rows(&out);
    assert_eq!(r.len(), 1, "{out}");
    assert_eq!((&r[0][0], &r[0][2], &r[0][4]), ("3", "WECHAT", "case"));
    // `compare` checks sentence by sentence and must agree: the headline is
    // its own sentence and quiet, a shouted sentence in prose is flagged.
    let hyp = write(
        dir.path(),
        "h.txt",
        "WECHAT PAY GOES ABROAD\n\nUsers pay by card. WECHAT IS EVERYWHERE NOW. Users love it.\n",
    );
    let refp = write(
        dir.path(),
        "r.txt",
        "WeChat Pay goes abroad\n\nUsers pay by card. WeChat is everywhere now. Users love it.\n",
    );
    let (code, out, err) = run(&["compare", &hyp, &refp, "--glossary", &g, "-q"]);
    assert_eq!(code, 0, "{err}");
    let r = rows(&out);
    let terms: Vec<(&str, &str)> = r.iter().map(|r| (&r[5], &r[15])).collect();
    assert!(terms.contains(&("WECHAT PAY GOES ABROAD", "")), "{terms:?}");
    assert!(
        terms.contains(&("WECHAT IS EVERYWHERE NOW.", "case: WECHAT -> WeChat")),
        "{terms:?}"
    );
}
