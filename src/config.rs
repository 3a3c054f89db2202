//! The project file: `mtaudit.toml` (in the working directory, or named with
//! `--config FILE`) holds any option a team wants for every run: glossaries,
//! checks, thresholds, the split mode. A team commits its settings once.
//!
//! The file becomes command-line options placed before the user's own, so
//! the command line always wins: a single-value option given by the user
//! overrides the file's, and a list option the user gives (`--glossary`,
//! `--fail-under`, `--checks`) replaces the file's list instead of adding
//! to it. An option a command does not have is left out for that command,
//! since one project file serves every command; an unknown key is an error
//! naming the key and its line. Relative paths are taken from the file's
//! directory.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// The project file looked for in the working directory.
pub const FILE_NAME: &str = "mtaudit.toml";

/// A value given as one item or a list.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn items(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// A number or a string (`max_input = "2G"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Scalar {
    Int(i64),
    Float(f64),
    Text(String),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Text(s) => s.clone(),
        }
    }
}

/// Every key the project file may hold: the long options, in snake case
/// (`review_below` for `--review-below`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    glossary: Option<OneOrMany>,
    ignore: Option<String>,
    abbrev: Option<String>,
    split: Option<String>,
    aligned: Option<bool>,
    boundary: Option<String>,
    checks: Option<OneOrMany>,
    script: Option<String>,
    review_below: Option<Scalar>,
    fail_under: Option<OneOrMany>,
    fail_on_terms: Option<bool>,
    format: Option<String>,
    bom: Option<bool>,
    delimiter: Option<String>,
    no_formula_guard: Option<bool>,
    jobs: Option<Scalar>,
    chunk: Option<Scalar>,
    max_sentence: Option<Scalar>,
    lossy: Option<bool>,
    encoding: Option<String>,
    max_input: Option<Scalar>,
    input_format: Option<String>,
    lang: Option<String>,
    near: Option<Scalar>,
    quiet: Option<bool>,
    max_term_chars: Option<Scalar>,
    terms_only: Option<bool>,
    summary: Option<String>,
    term_summary: Option<String>,
    output: Option<String>,
    out_dir: Option<String>,
    hyp_dir: Option<String>,
    ref_dir: Option<String>,
    manifest: Option<String>,
    shard: Option<String>,
}

/// One option for the command line: its long name and its values (empty
/// for a flag).
struct Opt {
    long: &'static str,
    values: Vec<String>,
    /// The values are paths, taken from the file's directory.
    paths: bool,
    /// A list: the user's own occurrences replace it.
    list: bool,
}

impl Config {
    fn options(&self) -> Vec<Opt> {
        let mut v = Vec::new();
        let mut one = |long: &'static str, value: Option<String>, paths: bool| {
            if let Some(x) = value {
                v.push(Opt {
                    long,
                    values: vec![x],
                    paths,
                    list: false,
                });
            }
        };
        one("ignore", self.ignore.clone(), true);
        one("abbrev", self.abbrev.clone(), true);
        one("split", self.split.clone(), false);
        one("boundary", self.boundary.clone(), false);
        one("script", self.script.clone(), false);
        one(
            "review-below",
            self.review_below.as_ref().map(Scalar::text),
            false,
        );
        one("format", self.format.clone(), false);
        one("delimiter", self.delimiter.clone(), false);
        one("jobs", self.jobs.as_ref().map(Scalar::text), false);
        one("chunk", self.chunk.as_ref().map(Scalar::text), false);
        one(
            "max-sentence",
            self.max_sentence.as_ref().map(Scalar::text),
            false,
        );
        one("encoding", self.encoding.clone(), false);
        one(
            "max-input",
            self.max_input.as_ref().map(Scalar::text),
            false,
        );
        one("input-format", self.input_format.clone(), false);
        one("lang", self.lang.clone(), false);
        one("near", self.near.as_ref().map(Scalar::text), false);
        one(
            "max-term-chars",
            self.max_term_chars.as_ref().map(Scalar::text),
            false,
        );
        one("summary", self.summary.clone(), true);
        one("term-summary", self.term_summary.clone(), true);
        one("output", self.output.clone(), true);
        one("out-dir", self.out_dir.clone(), true);
        one("hyp-dir", self.hyp_dir.clone(), true);
        one("ref-dir", self.ref_dir.clone(), true);
        one("manifest", self.manifest.clone(), true);
        one("shard", self.shard.clone(), false);
        // Lists: every item as its own occurrence, except `checks`, which
        // takes one comma-separated value.
        for (long, items, paths) in [
            ("glossary", &self.glossary, true),
            ("fail-under", &self.fail_under, false),
        ] {
            if let Some(items) = items {
                v.push(Opt {
                    long,
                    values: items.items(),
                    paths,
                    list: true,
                });
            }
        }
        if let Some(c) = &self.checks {
            v.push(Opt {
                long: "checks",
                values: vec![c.items().join(",")],
                paths: false,
                list: true,
            });
        }
        for (long, on) in [
            ("aligned", self.aligned),
            ("fail-on-terms", self.fail_on_terms),
            ("bom", self.bom),
            ("no-formula-guard", self.no_formula_guard),
            ("lossy", self.lossy),
            ("quiet", self.quiet),
            ("terms-only", self.terms_only),
        ] {
            if on == Some(true) {
                v.push(Opt {
                    long,
                    values: Vec::new(),
                    paths: false,
                    list: false,
                });
            }
        }
        v
    }
}

/// Whether the user's arguments give `--long` (as `--long V` or `--long=V`).
fn given(user: &[OsString], long: &str) -> bool {
    let flag = format!("--{long}");
    let eq = format!("--{long}=");
    user.iter()
        .any(|a| a.to_str().is_some_and(|a| a == flag || a.starts_with(&eq)))
}

/// The command line with the project file's options put in front of the
/// user's: `argv` is the process's arguments (program name first). The file
/// is `--config FILE` (taken out of the arguments) or `mtaudit.toml` in the
/// working directory; `--no-config` skips it. Without a subcommand the
/// arguments pass unchanged, and so they do when the file cannot be read or
/// parsed but they ask for the help or the version, which need no file.
pub fn apply(argv: Vec<OsString>) -> Result<Vec<OsString>> {
    let mut args = argv;
    let mut path: Option<PathBuf> = None;
    let mut skip = false;
    let mut i = 1;
    while i < args.len() {
        let a = args[i].to_string_lossy().into_owned();
        if a == "--no-config" {
            skip = true;
            args.remove(i);
        } else if a == "--config" {
            args.remove(i);
            if i >= args.len() {
                return Err(Error::usage("--config needs a FILE"));
            }
            path = Some(PathBuf::from(args.remove(i)));
        } else if let Some(p) = a.strip_prefix("--config=") {
            path = Some(PathBuf::from(p));
            args.remove(i);
        } else if a == "--" {
            break;
        } else {
            i += 1;
        }
    }
    if skip {
        return Ok(args);
    }
    let explicit = path.is_some();
    let path = path.unwrap_or_else(|| PathBuf::from(FILE_NAME));
    if !explicit && !path.is_file() {
        return Ok(args);
    }
    let (config, text) = match read(&path) {
        Ok(c) => c,
        // Help and version need no project file: a broken one is an error
        // for a run, but must not hide `--help`, which tells of --no-config.
        Err(_) if asks_for_help_or_version(&args) => return Ok(args),
        Err(e) => return Err(e),
    };
    // The subcommand is the first argument that is not an option.
    let Some(sub_at) = args
        .iter()
        .skip(1)
        .position(|a| !a.to_string_lossy().starts_with('-'))
        .map(|p| p + 1)
    else {
        return Ok(args);
    };
    let sub = args[sub_at].to_string_lossy().into_owned();
    let command = <crate::cli::Cli as clap::CommandFactory>::command();
    let Some(sc) = command.find_subcommand(&sub) else {
        return Ok(args);
    };
    let has = |long: &str| sc.get_arguments().any(|a| a.get_long() == Some(long));
    let user: Vec<OsString> = args[sub_at + 1..].to_vec();
    let base = path.parent().unwrap_or(Path::new(""));
    // The batch's pairs come from the command line's source when it names
    // one: the file's manifest and directories are left out together.
    let source = ["manifest", "hyp-dir", "ref-dir"];
    let user_source = source.iter().any(|l| given(&user, l));
    // The command line's `-o` with a known extension decides the format:
    // the file's `format` applies only when neither it nor `--format` does.
    let user_output_format = user_output(&user).is_some_and(|o| {
        !crate::output::is_stdout(Path::new(&o))
            && crate::cli::format_of_path(Path::new(&o)).is_some()
    });
    let mut injected: Vec<OsString> = Vec::new();
    for mut o in config.options() {
        if sub == "qa" && o.long == "checks" {
            // `mtaudit qa` runs the single-text checks of the project's list
            // (none when it names pair checks only), and refuses a bad list
            // as the pair commands do.
            for v in &mut o.values {
                check_value(sc, &path, &text, o.long, v)?;
                if let Ok(set) = v.parse::<crate::qa::CheckSet>() {
                    *v = crate::cmd::qa::single_text_part(set).to_string();
                }
            }
        }
        let not_here =
            (user_source && source.contains(&o.long)) || (o.long == "format" && user_output_format);
        if !has(o.long) || not_here || (o.list && given(&user, o.long)) {
            continue;
        }
        if o.values.is_empty() {
            injected.push(format!("--{}", o.long).into());
        }
        for v in &o.values {
            check_value(sc, &path, &text, o.long, v)?;
            let v = if o.paths && v != "-" && Path::new(v).is_relative() {
                base.join(v).into_os_string()
            } else {
                OsString::from(v)
            };
            injected.push(format!("--{}", o.long).into());
            injected.push(v);
        }
    }
    let tail = args.split_off(sub_at + 1);
    args.extend(injected);
    args.extend(tail);
    Ok(args)
}

/// The user's `-o`/`--output` value, the last one given.
fn user_output(user: &[OsString]) -> Option<String> {
    let mut out = None;
    let mut it = user.iter().map(|a| a.to_string_lossy().into_owned());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        } else if a == "-o" || a == "--output" {
            out = it.next();
        } else if let Some(v) = a.strip_prefix("--output=") {
            out = Some(v.to_owned());
        } else if let Some(v) = a.strip_prefix("-o").filter(|v| !v.is_empty()) {
            out = Some(v.strip_prefix('=').unwrap_or(v).to_owned());
        }
    }
    out
}

/// A value the command would refuse is refused here, naming the file, the
/// key and its line: clap's own message would speak of a command line the
/// user never typed.
fn check_value(sc: &clap::Command, path: &Path, text: &str, long: &str, value: &str) -> Result<()> {
    use clap::error::ErrorKind;
    // The command parses the option alone: a bad value fails as it is read,
    // before clap would miss the command's required arguments.
    let parsed = sc
        .clone()
        .try_get_matches_from([sc.get_name().to_owned(), format!("--{long}={value}")]);
    let e = match parsed {
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::InvalidValue | ErrorKind::ValueValidation
            ) =>
        {
            e
        }
        _ => return Ok(()),
    };
    let key = long.replace('-', "_");
    // The line of the key's assignment, if it is written plainly.
    let line = text
        .lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key.as_str())
                .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map(|i| i + 1);
    let why = e
        .to_string()
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ")
        .to_owned();
    // clap says "invalid value 'V' for '--LONG <NAME>': REASON"; the reason
    // may hold ": " itself.
    let head = format!("' for '--{long}");
    let reason_at = why
        .find(&head)
        .and_then(|i| why[i..].find("': ").map(|j| i + j + 3));
    let why = match reason_at {
        Some(k) if why.starts_with("invalid value") => why[k..].to_owned(),
        _ => why,
    };
    Err(Error {
        kind: crate::ErrorKind::Usage,
        ..Error::input(
            path,
            line,
            format!("key `{key}`: bad value {value:?} ({why})"),
        )
    })
}

/// The project file, parsed, and its text.
fn read(path: &Path) -> Result<(Config, String)> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::input(path, None, format!("cannot read the project file ({e})")))?;
    let c = toml::from_str(&text).map_err(|e| config_error(path, &text, &e))?;
    Ok((c, text))
}

/// Whether clap answers `args` with the help or the version (`--help`,
/// `-h`, `help COMMAND`, `--version`, or no command at all) instead of a run.
fn asks_for_help_or_version(args: &[OsString]) -> bool {
    use clap::error::ErrorKind;
    match <crate::cli::Cli as clap::Parser>::try_parse_from(args) {
        Err(e) => matches!(
            e.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        ),
        Ok(_) => false,
    }
}

/// A bad project file: the key or value and its line.
fn config_error(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    let line = e
        .span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
    let msg = e.message().trim().replace('\n', " ");
    let msg = if msg.starts_with("unknown field") {
        format!("{msg} (keys are the long options in snake case, e.g. review_below)")
    } else {
        msg
    };
    Error {
        kind: crate::ErrorKind::Usage,
        ..Error::input(path, line, msg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(dir: &Path, config: &str, args: &[&str]) -> Result<Vec<String>> {
        std::fs::write(dir.join("p.toml"), config).unwrap();
        let mut argv: Vec<OsString> = vec!["mtaudit".into()];
        argv.push(args[0].into());
        argv.push("--config".into());
        argv.push(dir.join("p.toml").into());
        argv.extend(args[1..].iter().map(OsString::from));
        apply(argv).map(|v| v.iter().map(|a| a.to_string_lossy().into_owned()).collect())
    }

    #[test]
    fn the_file_goes_first_and_the_command_line_wins() {
        let d = tempfile::tempdir().unwrap();
        let cfg = "glossary = [\"g.csv\", \"h.tbx\"]\nreview_below = 60\nchecks = [\"number\", \"url\"]\nbom = true\nfail_under = \"chrf=40\"\n";
        let got = run(
            d.path(),
            cfg,
            &["compare", "a", "b", "--review-below", "70"],
        )
        .unwrap();
        let g = d.path().join("g.csv").to_string_lossy().into_owned();
        assert_eq!(got[1], "compare");
        assert!(
            got.windows(2).any(|w| w[0] == "--glossary" && w[1] == g),
            "{got:?}"
        );
        let pos = |x: &str| got.iter().rposition(|a| a == x).unwrap();
        // The user's value comes last, so it wins.
        assert!(pos("70") > pos("60"));
        assert!(got.contains(&"number,url".to_owned()) && got.contains(&"--bom".to_owned()));
        // A list option the user gives replaces the file's.
        let got = run(
            d.path(),
            cfg,
            &["compare", "a", "b", "--glossary", "mine.csv"],
        )
        .unwrap();
        assert_eq!(
            got.iter().filter(|a| *a == "--glossary").count(),
            1,
            "{got:?}"
        );
        // `segment` has no --glossary or gates: those keys are left out.
        let got = run(d.path(), cfg, &["segment", "a"]).unwrap();
        assert_eq!(got, ["mtaudit", "segment", "a"]);
        // `qa` runs the single-text checks of the list: here none.
        let got = run(d.path(), cfg, &["qa", "a"]).unwrap();
        assert_eq!(got, ["mtaudit", "qa", "--checks", "none", "--bom", "a"]);
        let got = run(d.path(), "checks = \"space,number,repeat\"\n", &["qa", "a"]).unwrap();
        assert_eq!(got, ["mtaudit", "qa", "--checks", "repeat,space", "a"]);
        let got = run(d.path(), "checks = \"all\"\n", &["qa", "a"]).unwrap();
        assert_eq!(got, ["mtaudit", "qa", "--checks", "all", "a"]);
        // The command line's list wins.
        let got = run(d.path(), cfg, &["qa", "a", "--checks", "punct"]).unwrap();
        assert_eq!(got, ["mtaudit", "qa", "--bom", "a", "--checks", "punct"]);
        // A bad list is refused for `qa` too, naming the key and its line.
        let e = run(d.path(), "bom = true\nchecks = [\"bogus\"]\n", &["qa", "a"]).unwrap_err();
        assert!(
            e.message.contains(
                "p.toml:2: key `checks`: bad value \"bogus\" (unknown check `bogus` (valid: all,"
            ) && e.message.ends_with("inconsistent))"),
            "{}",
            e.message
        );
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_key_and_line() {
        let d = tempfile::tempdir().unwrap();
        let e = run(
            d.path(),
            "bom = true\nreview_bellow = 3\n",
            &["compare", "a", "b"],
        )
        .unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.message.contains("p.toml:2:"), "{}", e.message);
        assert!(e.message.contains("review_bellow"), "{}", e.message);
        let e = run(d.path(), "bom = \"yes\"\n", &["compare", "a", "b"]).unwrap_err();
        assert!(e.message.contains("p.toml:1:"), "{}", e.message);
        // A value the option refuses names the file, the key and its line,
        // not a command line the user never typed.
        for (cfg, key, line) in [
            ("bom = true\nreview_below = \"high\"\n", "review_below", 2),
            ("jobs = -1\n", "jobs", 1),
        ] {
            let e = run(d.path(), cfg, &["batch", "--out-dir", "o"]).unwrap_err();
            assert_eq!(e.exit_code(), 2);
            assert!(
                e.message.contains(&format!("p.toml:{line}:")) && e.message.contains(key),
                "{}",
                e.message
            );
            assert!(!e.message.contains("--"), "{}", e.message);
        }
    }

    /// Every long option of every command (as its --help lists them) is a
    /// key of the project file, and reaches the command.
    #[test]
    fn every_long_option_is_a_key() {
        let d = tempfile::tempdir().unwrap();
        let command = <crate::cli::Cli as clap::CommandFactory>::command();
        for sc in command.get_subcommands() {
            for arg in sc.get_arguments() {
                let Some(long) = arg.get_long() else { continue };
                if ["help", "version", "config", "no-config"].contains(&long) {
                    continue;
                }
                let key = long.replace('-', "_");
                let flag = !arg.get_action().takes_values();
                let value = match long {
                    "split" => "\"lines\"",
                    _ if flag => "true",
                    _ => "\"x\"",
                };
                let cfg = format!("{key} = {value}\n");
                let mut args = vec![sc.get_name()];
                if long == "format" {
                    // -o with an extension decides the format (below).
                    args.push("a");
                }
                // A bad value is fine here: only an unknown key is wrong.
                match run(d.path(), &cfg, &args) {
                    Ok(got) => assert!(
                        got.iter().any(|a| a == &format!("--{long}")),
                        "{} {key}: {got:?}",
                        sc.get_name()
                    ),
                    Err(e) => assert!(
                        !e.message.contains("unknown field"),
                        "{} {key}: {}",
                        sc.get_name(),
                        e.message
                    ),
                }
            }
        }
    }

    #[test]
    fn the_command_lines_output_name_beats_the_files_format() {
        let d = tempfile::tempdir().unwrap();
        let cfg = "format = \"jsonl\"\n";
        let got = run(d.path(), cfg, &["compare", "a", "b", "-o", "x.csv"]).unwrap();
        assert!(!got.contains(&"--format".to_owned()), "{got:?}");
        let got = run(d.path(), cfg, &["compare", "a", "b", "--output=x.xlsx"]).unwrap();
        assert!(!got.contains(&"--format".to_owned()), "{got:?}");
        // No -o, stdout, or a name without a known extension: the file's
        // format applies.
        for args in [
            &["compare", "a", "b"][..],
            &["compare", "a", "b", "-o", "-"],
            &["compare", "a", "b", "-o", "report"],
        ] {
            let got = run(d.path(), cfg, args).unwrap();
            assert!(got.contains(&"--format".to_owned()), "{got:?}");
        }
    }
}
