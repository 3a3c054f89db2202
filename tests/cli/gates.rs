//! `--fail-under` and `--fail-on-terms` for CI: exit 1 with one line saying
//! why, in `compare` (one pair) and `batch` (all pairs merged).

use crate::common::*;
use std::process::Output;

/// The line of stderr that gives the gate's reason.
fn gate_line(o: &Output) -> String {
    let e = stderr(o);
    let lines: Vec<&str> = e.lines().filter(|l| l.contains("quality gate")).collect();
    assert_eq!(lines.len(), 1, "{e}");
    lines[0].to_owned()
}

// ---------------------------------------------------------------- small pairs

#[test]
fn char_sim_gate_in_compare() {
    let d = tempfile::tempdir().unwrap();
    // Line by line: char_sim is 1, 1 and 0 ("abc" vs "xyz"): mean 2/3.
    write(d.path(), "h.txt", "same one\nsame two\nabc\n");
    write(d.path(), "r.txt", "same one\nsame two\nxyz\n");
    let run = |gate: &str| {
        run_in(
            d.path(),
            &[
                "compare",
                "h.txt",
                "r.txt",
                "--aligned",
                "-o",
                "out.csv",
                "--fail-under",
                gate,
            ],
        )
    };
    let pass = run("char_sim=0.6");
    assert_eq!(pass.status.code(), Some(0), "{}", stderr(&pass));
    let fail = run("char_sim=0.7");
    assert_eq!(fail.status.code(), Some(1), "{}", stderr(&fail));
    let l = gate_line(&fail);
    assert!(l.contains("mean char_sim 0.6667 < 0.7"), "{l}");
    // The report is written before the gate is judged.
    assert!(d.path().join("out.csv").exists());
}

#[test]
fn batch_gate_uses_all_pairs_together() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    // Pair a: three identical lines; pair b: one line with nothing in common.
    write(p, "h/a.txt", "one\ntwo\nthree\n");
    write(p, "r/a.txt", "one\ntwo\nthree\n");
    write(p, "h/b.txt", "abc\n");
    write(p, "r/b.txt", "xyz\n");
    let run = |gate: &str, out: &str| {
        batch_in(
            p,
            "h",
            "r",
            &["--out-dir", out, "--aligned", "--fail-under", gate, "-q"],
        )
    };
    // Link-weighted mean over the batch is 3/4, although pair b alone is 0.
    let pass = run("char_sim=0.75", "o1");
    assert_eq!(pass.status.code(), Some(0), "{}", stderr(&pass));
    let fail = run("char_sim=0.8", "o2");
    assert_eq!(fail.status.code(), Some(1), "{}", stderr(&fail));
    assert!(
        gate_line(&fail).contains("0.7500 < 0.8"),
        "{}",
        stderr(&fail)
    );
    // Everything was still written.
    assert!(p.join("o2/summary.csv").exists() && p.join("o2/b.csv").exists());

    // A failed pair wins: exit 2, and the gate's reason is still shown.
    write(p, "h/c.txt", "orphan\n");
    let both = run("char_sim=0.8", "o3");
    assert_eq!(both.status.code(), Some(2), "{}", stderr(&both));
    assert!(
        stderr(&both).contains("quality gate failed"),
        "{}",
        stderr(&both)
    );
}

#[test]
fn bad_gate_specs_are_usage_errors() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "h.txt", "a\n");
    for (spec, why) in [
        ("chrf", "METRIC=VALUE"),
        ("meteor=3", "unknown metric"),
        ("chrf=abc", "not a number"),
        ("char_sim=80", "0..1"),
        ("bleu=101", "0..100"),
        ("ter=-1", "0 or more"),
        ("chrf=nan", "0..100"),
    ] {
        let o = run_in(
            d.path(),
            &["compare", "h.txt", "h.txt", "--fail-under", spec],
        );
        assert_eq!(o.status.code(), Some(2), "{spec}");
        assert!(stderr(&o).contains(why), "{spec}: {}", stderr(&o));
    }
}

/// Identical texts score chrF 100, TER 0 and BLEU 100, so every gate
/// passes.
#[test]
fn identical_files_pass_corpus_metric_gates() {
    let d = tempfile::tempdir().unwrap();
    let t = "The cat sat on the mat today.\nIt was a sunny day in the park.\n";
    write(d.path(), "h.txt", t);
    write(d.path(), "r.txt", t);
    let o = run_in(
        d.path(),
        &[
            "compare",
            "h.txt",
            "r.txt",
            "-o",
            "out.csv",
            "--fail-under",
            "chrf=99",
            "--fail-under",
            "bleu=99",
            "--fail-under",
            "ter=1",
            "--fail-under",
            "chrfpp=99",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn unavailable_metric_fails_its_gate() {
    let d = tempfile::tempdir().unwrap();
    // An empty hyp and ref: nothing is scored, so no corpus score exists.
    write(d.path(), "e.txt", "");
    let o = run_in(
        d.path(),
        &["compare", "e.txt", "e.txt", "--fail-under", "chrf=10"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        gate_line(&o).contains("chrf not available"),
        "{}",
        stderr(&o)
    );
}

/// A deprecated variant in the hyp fails `--fail-on-terms`; the clean hyp
/// passes. (Needs the real glossary checker.)
#[test]
fn fail_on_terms() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    write(p, "g.csv", "term,variants\nWeChat,micro-letter\n");
    write(p, "bad.txt", "Send it by micro-letter today.\n");
    write(p, "good.txt", "Send it by WeChat today.\n");
    let run = |hyp: &str| {
        run_in(
            p,
            &[
                "compare",
                hyp,
                "good.txt",
                "--glossary",
                "g.csv",
                "--fail-on-terms",
                "-o",
                "o.csv",
            ],
        )
    };
    let ok = run("good.txt");
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    let bad = run("bad.txt");
    assert_eq!(bad.status.code(), Some(1), "{}", stderr(&bad));
    assert!(
        gate_line(&bad).contains("--fail-on-terms"),
        "{}",
        stderr(&bad)
    );
}

// ---------------------------------------------------------------- the sample pair

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
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
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
    assert!(stderr(&o).to_lowercase().contains("chrf"), "{}", stderr(&o));
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
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
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
        o.status.code() == Some(2) || stderr(&o).contains("glossary"),
        "a gate that can never fail passed silently"
    );
}

#[test]
fn gates_say_which_scoring_they_use_and_take_either() {
    let (h, r) = seeds();
    let (h, r) = (h.to_str().unwrap(), r.to_str().unwrap());
    // The seed ref stops a third of the way in: the whole delivery's TER
    // is over 200, its linked rows' well under 100.
    let o = run(&[
        "compare",
        h,
        r,
        "-q",
        "-o",
        "/dev/null",
        "--fail-under",
        "ter=100",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("corpus TER"), "{}", stderr(&o));
    let o = run(&[
        "compare",
        h,
        r,
        "-q",
        "-o",
        "/dev/null",
        "--fail-under",
        "linked:ter=100",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&[
        "compare",
        h,
        r,
        "-q",
        "-o",
        "/dev/null",
        "--fail-under",
        "linked:chrf=99",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("linked-rows chrF") && stderr(&o).contains("(linked:chrf=99)"),
        "{}",
        stderr(&o)
    );
}
