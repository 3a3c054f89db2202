//! The `mtaudit` binary: parses arguments, calls the library, maps errors to
//! the exit codes of PRODUCT.md (0 done, 1 quality gate failed, 2 bad usage
//! or unreadable input).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use mtaudit::audit::{self as pipeline, Options};
use mtaudit::batch::{self, Gate};
use mtaudit::input::{DecodeOptions, Document};
use mtaudit::output::{self as report, Format, WriteOptions, schema};
use mtaudit::segment::{Segmenter, SplitMode};
use mtaudit::summary::{self, DocSummary};
use mtaudit::{Error, Result};

// Every example line stays under 80 columns so that clap never wraps one
// in the middle of a command a user will copy.
const EXAMPLES: &str = "\
Examples:
  mtaudit compare data/sample_hyp.txt data/sample_ref.txt \\
      --glossary data/glossary.csv -o report.csv
  mtaudit segment article.txt
  mtaudit terms article.txt --glossary terms.tbx
  mtaudit batch --hyp-dir mt/ --ref-dir approved/ --out-dir audit/ --bom";

const COMPARE_EXAMPLES: &str = "\
Examples:
  mtaudit compare data/sample_hyp.txt data/sample_ref.txt \\
      --glossary data/glossary.csv -o report.csv
  mtaudit compare mt.txt approved.txt --format xlsx -o audit.xlsx
  mtaudit compare hyp.txt ref.txt --aligned --summary summary.csv -o -
  mtaudit compare mt.txt approved.txt --glossary terms.tbx --terms-only
  mtaudit compare mt.txt approved.txt -q --fail-under chrf=50 -o report.csv";

const SEGMENT_EXAMPLES: &str = "\
Examples:
  mtaudit segment article.txt
  mtaudit segment --abbrev house_abbreviations.txt - < article.txt
  mtaudit segment --split lines export.txt | wc -l";

const TERMS_EXAMPLES: &str = "\
Examples:
  mtaudit terms article.txt --glossary terms.tbx
  mtaudit terms article.txt --glossary a.csv --glossary b.tbx -o findings.csv
  mtaudit terms article.txt --glossary terms.csv --ignore accepted.csv

The output lists one finding per row; saved as --ignore FILE it silences
those findings in later runs.";

const BATCH_EXAMPLES: &str = "\
Examples:
  mtaudit batch --hyp-dir mt/ --ref-dir approved/ --out-dir audit/ --bom
  mtaudit batch --manifest pairs.csv --out-dir audit/ --format xlsx -j 2
  mtaudit batch --manifest pairs.csv --out-dir audit/ -q \\
      --fail-under chrf=50 --fail-under ter=60

summary.csv has one row per pair; a pair that could not be read is an `error` row
and the exit code is 2 once everything is written. Gates (--fail-under,
--fail-on-terms) look at all successful pairs together and exit 1 when one fails.";

#[derive(Parser)]
#[command(name = "mtaudit", version, about = "Audit two English renderings of one source, sentence by sentence", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Align and score one pair; writes the per-sentence report.
    #[command(after_help = COMPARE_EXAMPLES)]
    Compare(CompareArgs),
    /// Many pairs: one report per pair plus summary.csv in --out-dir.
    #[command(after_help = BATCH_EXAMPLES)]
    Batch(BatchArgs),
    /// Print the sentences mtaudit sees, one per line.
    #[command(after_help = SEGMENT_EXAMPLES)]
    Segment(SegmentArgs),
    /// Glossary check of one text, one row per finding.
    #[command(after_help = TERMS_EXAMPLES)]
    Terms(TermsArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum SplitArg {
    Sentences,
    Lines,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Csv,
    Jsonl,
    Xlsx,
}

/// Glossary options: every command but `segment`.
#[derive(Args)]
struct TermArgs {
    /// Glossary file (.csv, .tsv or .tbx); repeat to merge several.
    #[arg(long = "glossary", value_name = "FILE")]
    glossaries: Vec<PathBuf>,
    /// Accepted glossary findings not to report: CSV with `term,found[,fingerprint][,kind]`
    /// (the output of `mtaudit terms` works as is).
    #[arg(long, value_name = "FILE")]
    ignore: Option<PathBuf>,
}

/// Reading and splitting the input: every command.
#[derive(Args)]
struct Common {
    /// `sentences` finds sentence ends; `lines` takes each line as one sentence (still aligned).
    #[arg(long, value_enum, default_value = "sentences")]
    split: SplitArg,
    /// Extra abbreviations (one per line, e.g. `Approx.`) that never end a sentence.
    #[arg(long, value_name = "FILE")]
    abbrev: Option<PathBuf>,
    /// Replace undecodable bytes with U+FFFD (with a warning) instead of failing.
    #[arg(long)]
    lossy: bool,
    /// No progress or summary on stderr (warnings and errors still print).
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Args)]
struct FormatArgs {
    /// Report format; compare and batch add a `summary` sheet to xlsx.
    #[arg(long, value_enum, default_value = "csv")]
    format: FormatArg,
    /// Start CSV output with a UTF-8 byte-order mark (Excel).
    #[arg(long)]
    bom: bool,
    /// CSV field delimiter (one ASCII character, e.g. ';' or '\t').
    #[arg(long, default_value = ",", value_name = "CHAR")]
    delimiter: String,
    /// Do not prefix CSV cells starting with = + - @ tab or CR with an apostrophe
    /// (xlsx never needs it: text is always stored as text there).
    #[arg(long)]
    no_formula_guard: bool,
}

/// How each pair is aligned and scored: shared by `compare` and `batch`.
#[derive(Args)]
struct PipelineArgs {
    /// Line i of HYP pairs with line i of REF: no segmentation, no alignment.
    #[arg(long)]
    aligned: bool,
    /// Sentences matching this regex start a section no link may cross (e.g. chapter headings).
    #[arg(long, value_name = "REGEX")]
    boundary: Option<String>,
    /// Flag links whose chrF is below this value as `review`.
    #[arg(long, default_value_t = 50.0, value_name = "CHRF")]
    review_below: f64,
    /// Number of threads (default and 0: all cores; at most 256).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(0..=256))]
    jobs: Option<u16>,
}

/// CI quality gates: exit 1 with a one-line reason when one fails.
#[derive(Args)]
struct GateArgs {
    /// Fail (exit 1) when a corpus score misses VALUE: chrf, chrfpp, bleu and
    /// char_sim (mean, 0..1) must be at least VALUE; ter must be at most VALUE
    /// (ter=40 fails when corpus TER > 40). Repeatable. In batch, over all pairs.
    #[arg(long, value_name = "METRIC=VALUE")]
    fail_under: Vec<Gate>,
    /// Fail (exit 1) when the hyp has any glossary finding.
    #[arg(long)]
    fail_on_terms: bool,
}

#[derive(Args)]
struct CompareArgs {
    /// The translation under audit (`-` for stdin).
    hyp: PathBuf,
    /// The approved or second rendering.
    #[arg(name = "REF")]
    reference: PathBuf,
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    terms: TermArgs,
    /// Report file; `-` is stdout.
    #[arg(short, long, default_value = "-", value_name = "FILE")]
    output: PathBuf,
    #[command(flatten)]
    fmt: FormatArgs,
    #[command(flatten)]
    pipe: PipelineArgs,
    #[command(flatten)]
    gates: GateArgs,
    /// Write the one-row document summary (CSV) here.
    #[arg(long, value_name = "FILE")]
    summary: Option<PathBuf>,
    /// Write the per-term comparison of the two renderings (one row per glossary term) here.
    #[arg(long, value_name = "FILE")]
    term_summary: Option<PathBuf>,
    /// Report only the rows with a glossary finding (the summaries still count every row).
    #[arg(long)]
    terms_only: bool,
}

#[derive(Args)]
struct BatchArgs {
    /// Directory of hyp files, paired with --ref-dir by relative path (recursive).
    #[arg(long, value_name = "DIR", requires = "ref_dir")]
    hyp_dir: Option<PathBuf>,
    /// Directory of ref files.
    #[arg(long, value_name = "DIR", requires = "hyp_dir")]
    ref_dir: Option<PathBuf>,
    /// CSV with columns `hyp,ref[,name]`; relative paths start at the manifest's directory.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["hyp_dir", "ref_dir"])]
    manifest: Option<PathBuf>,
    /// One report per pair goes here (same relative path), plus summary.csv.
    #[arg(long, value_name = "DIR")]
    out_dir: PathBuf,
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    terms: TermArgs,
    #[command(flatten)]
    fmt: FormatArgs,
    #[command(flatten)]
    pipe: PipelineArgs,
    #[command(flatten)]
    gates: GateArgs,
}

#[derive(Args)]
struct SegmentArgs {
    /// Text file (`-` for stdin).
    file: PathBuf,
    #[command(flatten)]
    common: Common,
}

#[derive(Args)]
struct TermsArgs {
    /// Text file (`-` for stdin).
    file: PathBuf,
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    terms: TermArgs,
    /// Report file; `-` is stdout.
    #[arg(short, long, default_value = "-", value_name = "FILE")]
    output: PathBuf,
    #[command(flatten)]
    fmt: FormatArgs,
}

fn decode_opts(c: &Common) -> DecodeOptions {
    DecodeOptions { lossy: c.lossy }
}

/// Reads one input; with `--lossy` a replaced byte never goes unmentioned.
fn read_doc(path: &std::path::Path, c: &Common) -> Result<Document> {
    let doc = Document::read(path, decode_opts(c))?;
    if doc.replacements > 0 {
        warn_all(&[format!(
            "{}: {} undecodable byte sequences replaced with U+FFFD (--lossy)",
            doc.path.display(),
            doc.replacements
        )]);
    }
    Ok(doc)
}

fn segmenter(c: &Common) -> Result<Segmenter> {
    let mut s = Segmenter::new();
    if let Some(p) = &c.abbrev {
        let d = Document::read(p, DecodeOptions::default())?;
        s = s.with_abbreviations(
            d.text
                .lines()
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty()),
        );
    }
    Ok(s)
}

fn split_mode(c: &Common) -> SplitMode {
    match c.split {
        SplitArg::Sentences => SplitMode::Sentences,
        SplitArg::Lines => SplitMode::Lines,
    }
}

fn write_opts(o: &FormatArgs) -> Result<WriteOptions> {
    let delimiter = match o.delimiter.as_str() {
        "\\t" | "tab" => b'\t',
        // A quote or line break as delimiter makes CSV that no reader can split.
        d if d.len() == 1 && d.is_ascii() && !matches!(d, "\"" | "\n" | "\r") => d.as_bytes()[0],
        d => {
            return Err(Error::usage(format!(
                "--delimiter must be one ASCII character, got {d:?}"
            )));
        }
    };
    let format = match o.format {
        FormatArg::Csv => Format::Csv,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Xlsx => Format::Xlsx,
    };
    Ok(WriteOptions {
        format,
        bom: o.bom,
        delimiter,
        formula_guard: !o.no_formula_guard,
    })
}

/// Warnings print even with `-q`: each one says that data was changed or
/// left out (a cut cell, replaced bytes, a glossary line skipped), which a
/// CI log must show.
fn warn_all(warnings: &[String]) {
    for w in warnings {
        eprintln!("mtaudit: warning: {w}");
    }
}

/// The merged glossaries with the `--ignore` rules; load warnings go to stderr.
fn load_glossary(t: &TermArgs) -> Result<mtaudit::glossary::Glossary> {
    let mut g = mtaudit::glossary::Glossary::load(&t.glossaries)?;
    warn_all(&g.warnings());
    if let Some(p) = &t.ignore {
        g = g.with_ignore(mtaudit::glossary::IgnoreList::load(p)?);
    }
    Ok(g)
}

/// The pipeline settings shared by `compare` and `batch`; loads the
/// glossaries once (a batch shares them across all pairs).
fn build_options(c: &Common, t: &TermArgs, p: &PipelineArgs) -> Result<Options> {
    let glossary = load_glossary(t)?;
    let boundary = p
        .boundary
        .as_deref()
        .map(regex::Regex::new)
        .transpose()
        .map_err(|e| Error::usage(format!("--boundary: invalid regular expression: {e}")))?;
    if !p.review_below.is_finite() {
        return Err(Error::usage("--review-below must be a number"));
    }
    Ok(Options {
        split: split_mode(c),
        aligned: p.aligned,
        segmenter: segmenter(c)?,
        align: mtaudit::align::AlignConfig {
            boundary,
            ..mtaudit::align::AlignConfig::default()
        },
        glossary,
        review_below_chrf: p.review_below,
        ..Options::default()
    })
}

/// A local pool: the global one is left alone so the library stays usable
/// from callers that configure their own.
fn thread_pool(jobs: Option<u16>) -> Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(j) = jobs {
        b = b.num_threads(j as usize);
    }
    b.build()
        .map_err(|e| Error::usage(format!("--jobs: cannot start threads: {e}")))
}

fn show_progress(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}

/// Inputs at least this large get a spinner in `compare` (on a terminal).
const SPINNER_BYTES: u64 = 256 * 1024;

/// Same file, whether named the same way or not (a file that does not
/// exist yet cannot be an input).
fn same_file(a: &Path, b: &Path) -> bool {
    if report::is_stdout(a) || report::is_stdout(b) {
        return false;
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Every file a command reads besides its texts: glossaries, --ignore, --abbrev.
fn aux_inputs<'a>(c: &'a Common, t: &'a TermArgs) -> Vec<(&'static str, &'a Path)> {
    let mut v: Vec<(&'static str, &'a Path)> = t
        .glossaries
        .iter()
        .map(|g| ("--glossary", g.as_path()))
        .collect();
    v.extend(t.ignore.as_deref().map(|p| ("--ignore", p)));
    v.extend(c.abbrev.as_deref().map(|p| ("--abbrev", p)));
    v
}

/// Refuses an output that is one of the inputs (it would be destroyed) or
/// that another output also names (one would silently replace the other).
fn check_outputs(inputs: &[(&str, &Path)], outputs: &[(&str, Option<&PathBuf>)]) -> Result<()> {
    for (i, (flag, out)) in outputs.iter().enumerate() {
        let Some(out) = out else { continue };
        for (what, input) in inputs {
            if same_file(out, input) {
                return Err(Error::usage(format!(
                    "{flag} {} is an input file ({what}); writing there would destroy it",
                    out.display()
                )));
            }
        }
        for (flag2, other) in &outputs[i + 1..] {
            if let Some(other) = other
                && !report::is_stdout(out)
                && (out == other || same_file(out, other))
            {
                return Err(Error::usage(format!(
                    "{flag} and {flag2} both name {}; give each its own file",
                    out.display()
                )));
            }
        }
    }
    Ok(())
}

/// Refuses argument combinations that would silently lose data.
fn check_compare_paths(a: &CompareArgs) -> Result<()> {
    if a.hyp == Path::new("-") && a.reference == Path::new("-") {
        return Err(Error::usage(
            "HYP and REF cannot both be `-`: stdin can be read only once; save one side to a file",
        ));
    }
    let mut inputs = vec![("HYP", a.hyp.as_path()), ("REF", a.reference.as_path())];
    inputs.extend(aux_inputs(&a.common, &a.terms));
    check_outputs(
        &inputs,
        &[
            ("-o/--output", Some(&a.output)),
            ("--summary", a.summary.as_ref()),
            ("--term-summary", a.term_summary.as_ref()),
        ],
    )
}

/// `--fail-on-terms` with no glossary could never fail: say so rather than pass silently.
fn check_gate_args(g: &GateArgs, t: &TermArgs) -> Result<()> {
    if g.fail_on_terms && t.glossaries.is_empty() {
        return Err(Error::usage(
            "--fail-on-terms needs at least one --glossary FILE to check terms against",
        ));
    }
    Ok(())
}

fn run_compare(a: CompareArgs) -> Result<()> {
    check_compare_paths(&a)?;
    check_gate_args(&a.gates, &a.terms)?;
    let wo = write_opts(&a.fmt)?;
    let opts = build_options(&a.common, &a.terms, &a.pipe)?;
    let pool = thread_pool(a.pipe.jobs)?;
    let size = |p: &PathBuf| std::fs::metadata(p).map_or(0, |m| m.len());
    let spinner = (show_progress(a.common.quiet)
        && size(&a.hyp) + size(&a.reference) >= SPINNER_BYTES)
        .then(|| {
            let pb = ProgressBar::new_spinner();
            pb.set_style(
                ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            pb.enable_steady_tick(std::time::Duration::from_millis(120));
            pb
        });
    let step = |m: &str| {
        if let Some(pb) = &spinner {
            pb.set_message(m.to_owned());
        }
    };
    step("reading");
    let hyp = read_doc(&a.hyp, &a.common)?;
    let reference = read_doc(&a.reference, &a.common)?;
    step("aligning and scoring");
    let name = if a.hyp == std::path::Path::new("-") {
        "stdin".to_owned()
    } else {
        pipeline::doc_name(&a.hyp)
    };
    let mut rep = pool.install(|| pipeline::compare(&name, &hyp, &reference, &opts))?;
    step("writing");
    let s = DocSummary::from_report(&rep, opts.min_align_score);
    let gate_stats = batch::GateStats::from_report(&rep);
    if let Some(p) = &a.term_summary {
        let t = schema::term_summary_table([(rep.name.as_str(), &rep.terms)], false);
        report::write_table_to(p, &t, &wo)?;
    }
    if a.terms_only {
        rep.rows
            .retain(|r| !r.hyp_terms.is_empty() || !r.ref_terms.is_empty());
    }
    let table = schema::report_table(&rep);
    let sum_table = schema::summary_table(std::slice::from_ref(&s));
    let sheet = (wo.format == Format::Xlsx).then_some(&sum_table);
    let warnings = report::write_report_to(&a.output, &table, sheet, &wo)?;
    if let Some(pb) = spinner {
        pb.finish_and_clear();
    }
    warn_all(&warnings);
    if let Some(p) = &a.summary {
        report::write_table_to(p, &sum_table, &wo)?;
    }
    if !a.common.quiet {
        eprintln!("{}", summary::describe(&s));
    }
    batch::check_gates(&gate_stats, &a.gates.fail_under, a.gates.fail_on_terms)
}

/// Drives an indicatif bar from the batch workers.
struct Bar(ProgressBar);

impl batch::Progress for Bar {
    fn start(&self, name: &str) {
        self.0.set_message(name.to_owned());
    }
    fn done(&self) {
        self.0.inc(1);
    }
}

fn run_batch(a: BatchArgs) -> Result<()> {
    check_gate_args(&a.gates, &a.terms)?;
    let wo = write_opts(&a.fmt)?;
    let pairs = match (&a.manifest, &a.hyp_dir, &a.ref_dir) {
        (Some(m), _, _) => batch::pairs_from_manifest(m)?,
        (None, Some(h), Some(r)) => batch::pairs_from_dirs(h, r, Some(&a.out_dir))?,
        _ => {
            return Err(Error::usage(
                "batch needs --manifest FILE or both --hyp-dir DIR and --ref-dir DIR",
            ));
        }
    };
    if pairs.is_empty() {
        warn_all(&["no pairs found; writing an empty summary".into()]);
    }
    let opts = build_options(&a.common, &a.terms, &a.pipe)?;
    let bo = batch::BatchOptions {
        decode: decode_opts(&a.common),
        write: wo,
        out_dir: a.out_dir.clone(),
        jobs: a.pipe.jobs.map(usize::from),
        other_inputs: a
            .manifest
            .iter()
            .cloned()
            .chain(
                aux_inputs(&a.common, &a.terms)
                    .into_iter()
                    .map(|(_, p)| p.to_path_buf()),
            )
            .collect(),
    };
    let outcome = if show_progress(a.common.quiet) {
        let pb = ProgressBar::new(pairs.len() as u64);
        pb.set_style(
            ProgressStyle::with_template(
                "{bar:30} {pos}/{len} pairs  {rate}  ETA {eta}  {wide_msg}",
            )
            .map(|s| {
                // indicatif's {per_sec} prints four decimals ("742.4934/s").
                s.with_key(
                    "rate",
                    |st: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.0} pairs/s", st.per_sec());
                    },
                )
            })
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let bar = Bar(pb);
        let o = batch::run(&pairs, &opts, &bo, &bar);
        bar.0.finish_and_clear();
        o?
    } else {
        batch::run(&pairs, &opts, &bo, &batch::NoProgress)?
    };
    for r in &outcome.results {
        warn_all(&r.warnings);
    }
    // A failed pair is an error: named on stderr even with -q.
    for r in &outcome.results {
        if let Some(e) = &r.summary.error {
            eprintln!("mtaudit: pair {}: {e}", r.summary.name);
        }
    }
    if !a.common.quiet {
        eprintln!("{}", batch::describe(&outcome));
    }
    let gates = batch::check_gates(&outcome.gate, &a.gates.fail_under, a.gates.fail_on_terms);
    if outcome.failed > 0 {
        if let Err(g) = &gates {
            eprintln!("mtaudit: {g}");
        }
        return Err(Error::input(
            a.out_dir.join(batch::SUMMARY_FILE),
            None,
            format!(
                "{} of {} pairs failed (status error in this file)",
                outcome.failed,
                outcome.results.len()
            ),
        ));
    }
    gates
}

fn run_segment(a: SegmentArgs) -> Result<()> {
    let doc = read_doc(&a.file, &a.common)?;
    let seg = segmenter(&a.common)?;
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let mut res = Ok(());
    seg.for_each_sentence(&doc.text, split_mode(&a.common), |s| {
        if res.is_ok() {
            res = w
                .write_all(s.text.as_bytes())
                .and_then(|()| w.write_all(b"\n"));
        }
    });
    res.and_then(|()| w.flush()).or_else(report::stdout_error)
}

fn run_terms(a: TermsArgs) -> Result<()> {
    let mut inputs = vec![("FILE", a.file.as_path())];
    inputs.extend(aux_inputs(&a.common, &a.terms));
    check_outputs(&inputs, &[("-o/--output", Some(&a.output))])?;
    let wo = write_opts(&a.fmt)?;
    if a.terms.glossaries.is_empty() {
        return Err(Error::usage("terms needs at least one --glossary FILE"));
    }
    let glossary = load_glossary(&a.terms)?;
    let doc = read_doc(&a.file, &a.common)?;
    let seg = segmenter(&a.common)?;
    let sentences = seg.segment(&doc.text, split_mode(&a.common));
    let mut table = mtaudit::table::Table::new(schema::TERMS_COLUMNS);
    mtaudit::glossary::text_findings(&doc, &sentences, &glossary, |f| {
        table.rows.push(schema::terms_row(f))
    });
    let warnings = report::write_table_to(&a.output, &table, &wo)?;
    warn_all(&warnings);
    Ok(())
}

/// An interrupted run must not leave `.NAME.PID.tmp` files beside the
/// reports: on SIGINT, SIGTERM or SIGHUP the temporary files are removed and
/// the process exits with 128 + the signal number, as the shell reports a
/// run ended by that signal. A signal the parent set to be ignored (`nohup`,
/// a background job of a script) stays ignored.
#[cfg(unix)]
fn install_signal_cleanup() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let wanted: Vec<i32> = [SIGINT, SIGTERM, SIGHUP]
        .into_iter()
        .filter(|&s| !signal_is_ignored(s))
        .collect();
    if let Ok(mut signals) = signal_hook::iterator::Signals::new(&wanted) {
        std::thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                report::remove_temp_files_and_exit(128 + sig);
            }
        });
    }
}

#[cfg(not(unix))]
fn install_signal_cleanup() {}

#[cfg(unix)]
fn signal_is_ignored(sig: i32) -> bool {
    // SAFETY: sigaction with a null new action only reads the current
    // disposition into `old`, a zeroed plain-data struct we own.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(sig, std::ptr::null(), &mut old) == 0 && old.sa_sigaction == libc::SIG_IGN
    }
}

fn main() -> ExitCode {
    install_signal_cleanup();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let res = match cli.command {
        Command::Compare(a) => run_compare(a),
        Command::Batch(a) => run_batch(a),
        Command::Segment(a) => run_segment(a),
        Command::Terms(a) => run_terms(a),
    };
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind == mtaudit::ErrorKind::Gate => {
            eprintln!("mtaudit: {e}");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("mtaudit: error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
