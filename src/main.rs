//! The `mtaudit` binary: parses arguments, calls the library, maps errors to
//! the exit codes of PRODUCT.md (0 done, 1 quality gate failed, 2 bad usage
//! or unreadable input).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use mtaudit::input::{DecodeOptions, Document};
use mtaudit::pipeline::{self, Options};
use mtaudit::report::{self, Format, WriteOptions};
use mtaudit::segment::{Segmenter, SplitMode};
use mtaudit::summary::{self, DocSummary};
use mtaudit::{Error, Result};

const EXAMPLES: &str = "\
Examples:
  mtaudit compare data/sample_hyp.txt data/sample_ref.txt --glossary data/glossary.csv -o report.csv
  mtaudit compare hyp.txt ref.txt --aligned --format jsonl -o -
  mtaudit segment article.txt
  mtaudit terms article.txt --glossary terms.tbx";

#[derive(Parser)]
#[command(name = "mtaudit", version, about = "Audit two English renderings of one source, sentence by sentence", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Align and score one pair; writes the per-sentence report.
    #[command(after_help = EXAMPLES)]
    Compare(CompareArgs),
    /// Print the sentences mtaudit sees, one per line.
    Segment(SegmentArgs),
    /// Glossary check of one text, one row per finding.
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

#[derive(Args)]
struct Common {
    /// Glossary file (.csv, .tsv or .tbx); repeat to merge several.
    #[arg(long = "glossary", value_name = "FILE")]
    glossaries: Vec<PathBuf>,
    /// Accepted glossary findings not to report: CSV with `term,found[,fingerprint][,kind]`
    /// (the output of `mtaudit terms` works as is).
    #[arg(long, value_name = "FILE")]
    ignore: Option<PathBuf>,
    /// `sentences` finds sentence ends; `lines` takes each line as one sentence (still aligned).
    #[arg(long, value_enum, default_value = "sentences")]
    split: SplitArg,
    /// Extra abbreviations (one per line, e.g. `Approx.`) that never end a sentence.
    #[arg(long, value_name = "FILE")]
    abbrev: Option<PathBuf>,
    /// Replace undecodable bytes with U+FFFD (with a warning) instead of failing.
    #[arg(long)]
    lossy: bool,
    /// No progress or summary on stderr.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Args)]
struct OutputArgs {
    /// Report file; `-` is stdout.
    #[arg(short, long, default_value = "-", value_name = "FILE")]
    output: PathBuf,
    #[arg(long, value_enum, default_value = "csv")]
    format: FormatArg,
    /// Start CSV output with a UTF-8 byte-order mark (Excel).
    #[arg(long)]
    bom: bool,
    /// CSV field delimiter (one ASCII character, e.g. ';' or '\t').
    #[arg(long, default_value = ",", value_name = "CHAR")]
    delimiter: String,
    /// Do not prefix cells starting with = + - @ tab or CR with an apostrophe.
    #[arg(long)]
    no_formula_guard: bool,
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
    out: OutputArgs,
    /// Line i of HYP pairs with line i of REF: no segmentation, no alignment.
    #[arg(long)]
    aligned: bool,
    /// Sentences matching this regex start a section no link may cross (e.g. chapter headings).
    #[arg(long, value_name = "REGEX")]
    boundary: Option<String>,
    /// Write the one-row document summary (CSV) here.
    #[arg(long, value_name = "FILE")]
    summary: Option<PathBuf>,
    /// Write the per-term comparison of the two renderings (one row per glossary term) here.
    #[arg(long, value_name = "FILE")]
    term_summary: Option<PathBuf>,
    /// Report only the rows with a glossary finding (the summaries still count every row).
    #[arg(long)]
    terms_only: bool,
    /// Flag links whose chrF is below this value as `review`.
    #[arg(long, default_value_t = 50.0, value_name = "CHRF")]
    review_below: f64,
    /// Number of threads (default: all cores).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
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
    out: OutputArgs,
}

fn decode_opts(c: &Common) -> DecodeOptions {
    DecodeOptions { lossy: c.lossy }
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

fn write_opts(o: &OutputArgs) -> Result<WriteOptions> {
    let delimiter = match o.delimiter.as_str() {
        "\\t" | "tab" => b'\t',
        d if d.len() == 1 && d.is_ascii() => d.as_bytes()[0],
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

fn warn_all(quiet: bool, warnings: &[String]) {
    if !quiet {
        for w in warnings {
            eprintln!("mtaudit: warning: {w}");
        }
    }
}

/// The merged glossaries with the `--ignore` rules; load warnings go to stderr.
fn load_glossary(c: &Common) -> Result<mtaudit::glossary::Glossary> {
    let mut g = mtaudit::glossary::Glossary::load(&c.glossaries)?;
    warn_all(c.quiet, &g.warnings());
    if let Some(p) = &c.ignore {
        g = g.with_ignore(mtaudit::glossary::IgnoreList::load(p)?);
    }
    Ok(g)
}

fn run_compare(a: CompareArgs) -> Result<()> {
    if let Some(j) = a.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(j.max(1))
            .build_global()
            .map_err(|e| Error::usage(format!("--jobs: {e}")))?;
    }
    let wo = write_opts(&a.out)?;
    let glossary = load_glossary(&a.common)?;
    let boundary = a
        .boundary
        .as_deref()
        .map(regex::Regex::new)
        .transpose()
        .map_err(|e| Error::usage(format!("--boundary: invalid regular expression: {e}")))?;
    let opts = Options {
        split: split_mode(&a.common),
        aligned: a.aligned,
        segmenter: segmenter(&a.common)?,
        align: mtaudit::align::AlignConfig {
            boundary,
            ..mtaudit::align::AlignConfig::default()
        },
        glossary,
        review_below_chrf: a.review_below,
        ..Options::default()
    };
    let d = decode_opts(&a.common);
    let hyp = Document::read(&a.hyp, d)?;
    let reference = Document::read(&a.reference, d)?;
    for doc in [&hyp, &reference] {
        if doc.replacements > 0 {
            warn_all(
                a.common.quiet,
                &[format!(
                    "{}: {} undecodable byte sequences replaced with U+FFFD (--lossy)",
                    doc.path.display(),
                    doc.replacements
                )],
            );
        }
    }
    let mut rep = pipeline::compare(&pipeline::doc_name(&a.hyp), &hyp, &reference, &opts)?;
    let s = DocSummary::from_report(&rep, opts.min_align_score);
    if let Some(p) = &a.term_summary {
        let t = summary::term_summary_table([(rep.name.as_str(), &rep.terms)], false);
        report::write_table_to(p, &t, &wo)?;
    }
    if a.terms_only {
        rep.rows
            .retain(|r| !r.hyp_terms.is_empty() || !r.ref_terms.is_empty());
    }
    let table = report::report_table(&rep);
    let warnings = report::write_table_to(&a.out.output, &table, &wo)?;
    warn_all(a.common.quiet, &warnings);
    if let Some(p) = &a.summary {
        report::write_table_to(p, &summary::summary_table(std::slice::from_ref(&s)), &wo)?;
    }
    if !a.common.quiet {
        eprintln!("{}", summary::describe(&s));
    }
    Ok(())
}

fn run_segment(a: SegmentArgs) -> Result<()> {
    let doc = Document::read(&a.file, decode_opts(&a.common))?;
    let seg = segmenter(&a.common)?;
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    for s in seg.segment(&doc.text, split_mode(&a.common)) {
        writeln!(w, "{}", s.text).map_err(|e| Error::output("<stdout>", e))?;
    }
    w.flush().map_err(|e| Error::output("<stdout>", e))
}

fn run_terms(a: TermsArgs) -> Result<()> {
    let wo = write_opts(&a.out)?;
    if a.common.glossaries.is_empty() {
        return Err(Error::usage("terms needs at least one --glossary FILE"));
    }
    let glossary = load_glossary(&a.common)?;
    let doc = Document::read(&a.file, decode_opts(&a.common))?;
    let seg = segmenter(&a.common)?;
    let sentences = seg.segment(&doc.text, split_mode(&a.common));
    let table = mtaudit::glossary::terms_table(&doc, &sentences, &glossary);
    let warnings = report::write_table_to(&a.out.output, &table, &wo)?;
    warn_all(a.common.quiet, &warnings);
    Ok(())
}

fn main() -> ExitCode {
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
        Command::Segment(a) => run_segment(a),
        Command::Terms(a) => run_terms(a),
    };
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mtaudit: error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
