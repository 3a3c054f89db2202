//! Every command's --help ends with examples a user can copy: none wrapped
//! by clap in mid-command, and the sample command really runs.
//! Usage errors exit 2.

use crate::common::*;

#[test]
fn every_command_has_copyable_examples() {
    for cmd in [
        &[][..],
        &["compare"],
        &["segment"],
        &["terms"],
        &["batch"],
        &["qa"],
        &["merge"],
    ] {
        let mut args = cmd.to_vec();
        args.push("--help");
        let o = run(&args);
        assert!(o.status.success(), "{args:?}");
        let help = stdout(&o);
        let ex = help
            .split_once("Examples:\n")
            .unwrap_or_else(|| panic!("no examples in {args:?} help:\n{help}"))
            .1;
        let lines: Vec<&str> = ex.lines().take_while(|l| !l.is_empty()).collect();
        assert!(lines.len() >= 2, "{args:?}: {lines:?}");
        for l in &lines {
            assert!(l.len() < 80, "{args:?}: example line too long: {l}");
            // A continuation line follows a trailing backslash; every other
            // line is a whole command.
            assert!(
                l.starts_with("  mtaudit ") || l.starts_with("      --"),
                "{args:?}: {l}"
            );
        }
        if let Some(sub) = cmd.first() {
            assert!(
                lines[0].starts_with(&format!("  mtaudit {sub} ")),
                "{lines:?}"
            );
        }
    }
}

#[test]
fn the_sample_example_of_compare_help_runs() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("report.csv");
    let o = run_in(
        &repo(),
        &[
            "compare",
            "data/sample_hyp.txt",
            "data/sample_ref.txt",
            "--glossary",
            "data/glossary.csv",
            "-q",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let rep = Table::parse(&std::fs::read_to_string(&out).unwrap());
    assert!(rep.rows.len() > 5);
    let help = stdout(&run(&["compare", "--help"]));
    assert!(help.contains(
        "mtaudit compare data/sample_hyp.txt data/sample_ref.txt \\\n      --glossary data/glossary.csv -o report.csv"
    ));
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

/// A broken project file is an error for a run, but never hides the help
/// or the version: `mtaudit --help` is how a user finds `--no-config`.
#[test]
fn help_and_version_work_whatever_the_project_file_holds() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.txt", "Hello world.\n");
    write(d.path(), "other.toml", "review_bellow = 3\n");
    for broken in ["review_below = [\n", "frobnicate = 1\n"] {
        write(d.path(), "mtaudit.toml", broken);
        let cases: [&[&str]; 9] = [
            &["--help"],
            &["-h"],
            &["--version"],
            &["-V"],
            &["compare", "--help"],
            &["compare", "a.txt", "a.txt", "-h"],
            &["help", "batch"],
            &["--config", "other.toml", "qa", "--help"],
            &["--config", "missing.toml", "--version"],
        ];
        for args in cases {
            let o = run_in(d.path(), args);
            assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
            assert!(!o.stdout.is_empty(), "{args:?}");
            assert!(!stderr(&o).contains(".toml"), "{args:?}: {}", stderr(&o));
        }
        // A real run still stops at the broken file, naming it.
        let o = run_in(d.path(), &["compare", "a.txt", "a.txt", "-q"]);
        assert_clean_error(&o, &["mtaudit.toml:1"]);
        let o = run_in(d.path(), &["--config", "other.toml", "qa", "a.txt"]);
        assert_clean_error(&o, &["other.toml:1", "review_bellow"]);
        let o = run_in(
            d.path(),
            &["compare", "a.txt", "a.txt", "-q", "--no-config"],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
}
