//! The command line: clap structs for every command and the conversion of
//! single options into library settings. Flows live in `cmd/`, one file per
//! command.

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::{Error, Result};
use crate::gate::Gate;
use crate::output::{Format, WriteOptions};
use crate::segment::SplitMode;

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

const QA_EXAMPLES: &str = "\
Examples:
  mtaudit qa delivery.txt
  mtaudit qa delivery.txt --checks repeat,space -o findings.csv
  mtaudit qa ru_delivery.txt --script cyrillic

Only the checks that need no second text run here: repeat, space, punct
(unbalanced brackets and quotes; full-width marks such as ， or 【】 where
--script writes ASCII ones) and untranslated (letters of another script
than --script).";

const MERGE_EXAMPLES: &str = "\
Examples:
  mtaudit merge audit/ --out-dir audit/ --fail-under chrf=50
  mtaudit merge s1/shard-1-of-2.json s2/shard-2-of-2.json --out-dir all/

after `mtaudit batch --manifest pairs.csv --out-dir audit/ --shard K/2` for
K = 1 and 2 (on one machine or two). SHARD is a shard-K-of-N.json file or a
directory holding them; every shard of the batch must be there, once.";

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
#[command(name = "mtaudit", version, about = "Audit two English renderings of one source, sentence by sentence", after_help = EXAMPLES, args_override_self = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Project file of default options (default: ./mtaudit.toml if present);
    /// options on the command line win.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore ./mtaudit.toml.
    #[arg(long, global = true)]
    pub no_config: bool,
}

#[derive(Subcommand)]
pub enum Command {
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
    /// QA checks of one text (repeats, spacing, unbalanced brackets and
    /// quotes, full-width marks, letters of an unexpected script), one row
    /// per finding.
    #[command(after_help = QA_EXAMPLES)]
    Qa(QaArgs),
    /// Combine the shards of a batch (batch --shard K/N) into the summaries
    /// one run over every pair would write.
    #[command(after_help = MERGE_EXAMPLES)]
    Merge(MergeArgs),
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SplitArg {
    Sentences,
    Lines,
    Aligned,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Csv,
    /// CSV with tabs.
    Tsv,
    Jsonl,
    Xlsx,
    // The review page; no doc comment, so that `--help` keeps listing the
    // values on one line.
    Html,
}

/// Glossary options: every command but `segment`.
#[derive(Args)]
pub struct TermArgs {
    /// Glossary file (.csv, .tsv or .tbx); repeat to merge several.
    #[arg(long = "glossary", value_name = "FILE")]
    pub glossaries: Vec<PathBuf>,
    /// Accepted glossary findings not to report: CSV (`,` `;` or tab) with
    /// `term,found[,fingerprint][,kind]` (the output of `mtaudit terms` works as is).
    #[arg(long, value_name = "FILE")]
    pub ignore: Option<PathBuf>,
    /// Longest glossary term, variant or alternate, in characters; a longer
    /// one is refused naming its file and line (0: no limit).
    #[arg(long, value_name = "CHARS", default_value_t = crate::glossary::DEFAULT_MAX_TERM_CHARS)]
    pub max_term_chars: usize,
}

/// Reading and splitting the input: every command.
#[derive(Args)]
pub struct Common {
    /// `sentences` finds sentence ends; `lines` takes each line as one sentence (still aligned);
    /// `aligned` pairs line i with line i (compare and batch; same as --aligned).
    #[arg(long, value_enum, default_value = "sentences")]
    pub split: SplitArg,
    /// Extra abbreviations (one per line, e.g. `Approx.`) that never end a sentence.
    #[arg(long, value_name = "FILE")]
    pub abbrev: Option<PathBuf>,
    /// Replace undecodable bytes with U+FFFD (with a warning) instead of failing.
    #[arg(long)]
    pub lossy: bool,
    /// Read the texts in this encoding instead of detecting UTF-8 or UTF-16
    /// (any WHATWG label, e.g. windows-1252, iso-8859-2, shift_jis, utf-16le).
    #[arg(long, value_name = "LABEL", value_parser = parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Most bytes of one input held in memory (texts that are aligned);
    /// a device or endless pipe stops there with a clear error.
    #[arg(long, value_name = "BYTES", default_value_t = crate::input::DEFAULT_MAX_INPUT, value_parser = parse_size)]
    pub max_input: u64,
    /// No progress or summary on stderr (warnings and errors still print).
    #[arg(short, long)]
    pub quiet: bool,
}

fn parse_encoding(s: &str) -> std::result::Result<&'static encoding_rs::Encoding, String> {
    encoding_rs::Encoding::for_label(s.trim().as_bytes()).ok_or_else(|| {
        format!("unknown encoding {s:?}; use a WHATWG label such as utf-8, utf-16le, windows-1252")
    })
}

/// A byte count with an optional K, M or G suffix (powers of 1024).
fn parse_size(s: &str) -> std::result::Result<u64, String> {
    let t = s.trim();
    let (num, mult) = match t.char_indices().last() {
        Some((i, 'k' | 'K')) => (&t[..i], 1u64 << 10),
        Some((i, 'm' | 'M')) => (&t[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&t[..i], 1 << 30),
        _ => (t, 1),
    };
    num.trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("expected a positive number of bytes (e.g. 500M or 2G), got {s:?}"))
}

/// [`parse_size`], or 0 for no limit.
fn parse_limit(s: &str) -> std::result::Result<u64, String> {
    if s.trim() == "0" {
        return Ok(0);
    }
    parse_size(s).map_err(|e| format!("{e}; 0 for no limit"))
}

fn parse_input_format(s: &str) -> std::result::Result<crate::input::cat::Format, String> {
    s.parse::<crate::input::cat::Format>()
        .map_err(|e| e.to_string())
}

fn parse_checks(s: &str) -> std::result::Result<crate::qa::CheckSet, String> {
    s.parse::<crate::qa::CheckSet>().map_err(|e| e.to_string())
}

fn parse_chunk(s: &str) -> std::result::Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=1_000_000).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected a number of rows from 1 to 1000000, got {s:?}"
        )),
    }
}

impl Common {
    pub fn split_mode(&self) -> SplitMode {
        match self.split {
            SplitArg::Sentences => SplitMode::Sentences,
            SplitArg::Lines => SplitMode::Lines,
            SplitArg::Aligned => SplitMode::AlignedLines,
        }
    }
}

/// Reading one text that may be a CAT file: `segment`, `terms` and `qa`
/// (`compare` and `batch` have the same options in [`PipelineArgs`]).
#[derive(Args)]
pub struct CatArgs {
    /// How to read FILE: text, xliff (1.2 and 2.0), tmx or po (default: from
    /// its extension and content). Of an XLIFF, TMX or PO file each unit's
    /// translation is read, as one sentence.
    #[arg(long, value_name = "FORMAT", value_parser = parse_input_format)]
    pub input_format: Option<crate::input::cat::Format>,
    /// The language of a TMX file whose segments are read (e.g. en, en-US;
    /// default: the one language besides the header's srclang).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
}

#[derive(Args)]
pub struct FormatArgs {
    /// Report format (default: from -o's extension, .csv .tsv .jsonl .xlsx
    /// .html, else csv); compare and batch add a `summary` sheet to xlsx;
    /// `html` is the review page (word diff, findings marked, filters), and
    /// batch adds `index.html`.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Start CSV output with a UTF-8 byte-order mark (Excel).
    #[arg(long)]
    pub bom: bool,
    /// CSV field delimiter (one ASCII character, e.g. ';' or '\t'; tab for .tsv).
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// Do not prefix CSV cells starting with = + - @ tab or CR with an apostrophe
    /// (xlsx never needs it: text is always stored as text there).
    #[arg(long)]
    pub no_formula_guard: bool,
}

/// The output format of `f` and its default delimiter.
pub fn format_arg(f: FormatArg) -> (Format, u8) {
    match f {
        FormatArg::Csv => (Format::Csv, b','),
        FormatArg::Tsv => (Format::Csv, b'\t'),
        FormatArg::Jsonl => (Format::Jsonl, b','),
        FormatArg::Xlsx => (Format::Xlsx, b','),
        FormatArg::Html => (Format::Html, b','),
    }
}

/// The format a file name asks for, by its extension.
pub fn format_of_path(path: &Path) -> Option<FormatArg> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "csv" => FormatArg::Csv,
        "tsv" | "tab" => FormatArg::Tsv,
        "jsonl" | "ndjson" => FormatArg::Jsonl,
        "xlsx" => FormatArg::Xlsx,
        "html" | "htm" => FormatArg::Html,
        _ => return None,
    })
}

impl FormatArgs {
    /// The write options for the output `path` (`None`: a batch's reports):
    /// `--format` if given, else the file's extension, else CSV. A
    /// `--format` that contradicts the extension is a usage error, since one
    /// of the two is a mistake (an .xlsx file holding CSV opens nowhere).
    pub fn write_options(&self, path: Option<&Path>) -> Result<WriteOptions> {
        let by_name = path
            .filter(|p| !crate::output::is_stdout(p))
            .and_then(format_of_path);
        let arg = match (self.format, by_name) {
            (Some(f), Some(n)) if f != n => {
                let path = path.map(|p| p.display().to_string()).unwrap_or_default();
                return Err(Error::usage(format!(
                    "--format {} contradicts the file name {path}; drop --format or name the \
                     file after the format",
                    f.to_possible_value()
                        .map(|v| v.get_name().to_owned())
                        .unwrap_or_default()
                )));
            }
            (Some(f), _) => f,
            (None, Some(n)) => n,
            (None, None) => FormatArg::Csv,
        };
        let (format, default_delimiter) = format_arg(arg);
        let delimiter = match self.delimiter.as_deref() {
            None => default_delimiter,
            Some("\\t" | "tab") => b'\t',
            // A quote or line break as delimiter makes CSV that no reader can split.
            Some(d) if d.len() == 1 && d.is_ascii() && !matches!(d, "\"" | "\n" | "\r") => {
                d.as_bytes()[0]
            }
            Some(d) => {
                return Err(Error::usage(format!(
                    "--delimiter must be one ASCII character, got {d:?}"
                )));
            }
        };
        Ok(WriteOptions {
            format,
            bom: self.bom,
            delimiter,
            formula_guard: !self.no_formula_guard,
        })
    }
}

/// How each pair is aligned and scored: shared by `compare` and `batch`.
#[derive(Args)]
pub struct PipelineArgs {
    /// Line i of HYP pairs with line i of REF: no segmentation, no alignment
    /// (the same as --split aligned).
    #[arg(long, conflicts_with = "split")]
    pub aligned: bool,
    /// Sentences matching this regex start a section no link may cross (e.g. chapter headings).
    #[arg(long, value_name = "REGEX")]
    pub boundary: Option<String>,
    /// Flag links whose chrF is below this value as `review`.
    #[arg(long, default_value_t = 50.0, value_name = "CHRF")]
    pub review_below: f64,
    /// Also report words within N edits of a glossary term or variant
    /// (`micro-leter`) as `near` findings (0, the default: off).
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=5))]
    pub near: u8,
    /// QA checks to run: `all`, `none` or a comma-separated list of number,
    /// placeholder, untranslated, url, punct, repeat, space, length,
    /// inconsistent. A finding makes the row `review`.
    #[arg(long, value_name = "LIST", default_value = "all", value_parser = parse_checks)]
    pub checks: crate::qa::CheckSet,
    /// Number of threads (default and 0: all cores; at most 256).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(0..=256))]
    pub jobs: Option<u16>,
    /// How to read HYP and REF: text, xliff (1.2 and 2.0), tmx or po (default:
    /// from each file's extension and content). Two XLIFF, TMX or PO files
    /// are paired unit by unit (by id, else by source text) instead of
    /// aligned.
    #[arg(long, value_name = "FORMAT", value_parser = parse_input_format)]
    pub input_format: Option<crate::input::cat::Format>,
    /// The language of a TMX file whose segments are audited (e.g. en, en-US;
    /// default: the one language besides the header's srclang).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Rows made (and, with --aligned, lines read) per chunk: memory stays
    /// bounded by it (and by the first 1,000 rows, read ahead to judge
    /// whether a side is tokenized text), and the report is the same for
    /// every value.
    #[arg(long, value_name = "ROWS", default_value_t = crate::audit::DEFAULT_CHUNK, value_parser = parse_chunk)]
    pub chunk: usize,
    /// Longest sentence (or line, or unit) scored, in bytes: a text without
    /// sentence marks past it is refused (exit 2) instead of costing some
    /// 16 bytes of memory per byte. 0: no limit.
    #[arg(long, value_name = "BYTES", default_value_t = crate::audit::DEFAULT_MAX_SENTENCE, value_parser = parse_limit)]
    pub max_sentence: u64,
}

/// CI quality gates: exit 1 with a one-line reason when one fails.
#[derive(Args)]
pub struct GateArgs {
    /// Fail (exit 1) when a corpus score misses VALUE: chrf, chrfpp, bleu and
    /// char_sim (mean, 0..1) must be at least VALUE; ter must be at most VALUE
    /// (ter=40 fails when corpus TER > 40). The score is over the whole
    /// document, a gap counting as a pair with one empty side; prefix
    /// `linked:` (linked:chrf=60) to score the linked rows only. Repeatable.
    /// In batch, over all pairs.
    #[arg(long, value_name = "[linked:]METRIC=VALUE")]
    pub fail_under: Vec<Gate>,
    /// Fail (exit 1) when the hyp has any glossary finding.
    #[arg(long)]
    pub fail_on_terms: bool,
}

#[derive(Args)]
pub struct CompareArgs {
    /// The translation under audit (`-` for stdin).
    pub hyp: PathBuf,
    /// The approved or second rendering.
    #[arg(name = "REF")]
    pub reference: PathBuf,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub terms: TermArgs,
    /// Report file; `-` is stdout.
    #[arg(short, long, default_value = "-", value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub fmt: FormatArgs,
    #[command(flatten)]
    pub pipe: PipelineArgs,
    #[command(flatten)]
    pub gates: GateArgs,
    /// Write the one-row document summary (CSV) here.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// Write the per-term comparison of the two renderings (one row per glossary term) here.
    #[arg(long, value_name = "FILE")]
    pub term_summary: Option<PathBuf>,
    /// Report only the rows with a glossary finding (the summaries still count every row).
    #[arg(long)]
    pub terms_only: bool,
}

#[derive(Args)]
pub struct BatchArgs {
    /// Directory of hyp files, paired with --ref-dir by relative path (recursive).
    #[arg(long, value_name = "DIR", requires = "ref_dir")]
    pub hyp_dir: Option<PathBuf>,
    /// Directory of ref files.
    #[arg(long, value_name = "DIR", requires = "hyp_dir")]
    pub ref_dir: Option<PathBuf>,
    /// CSV with columns `hyp,ref[,name]`; relative paths start at the manifest's directory.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["hyp_dir", "ref_dir"])]
    pub manifest: Option<PathBuf>,
    /// One report per pair goes here (same relative path), plus summary.csv.
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
    /// Run only the K-th of N deterministic parts of the pairs (K from 1),
    /// for a cluster: the part a pair falls in does not depend on the
    /// listing's order. Writes shard-K-of-N.json instead of the summaries;
    /// `mtaudit merge` combines the shards into what one run would write.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::pairs::Shard>,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub terms: TermArgs,
    #[command(flatten)]
    pub fmt: FormatArgs,
    #[command(flatten)]
    pub pipe: PipelineArgs,
    #[command(flatten)]
    pub gates: GateArgs,
}

#[derive(Args)]
pub struct SegmentArgs {
    /// Text file, or XLIFF, TMX or PO file (`-` for stdin).
    pub file: PathBuf,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub cat: CatArgs,
}

#[derive(Args)]
pub struct TermsArgs {
    /// Text file, or XLIFF, TMX or PO file (`-` for stdin).
    pub file: PathBuf,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub cat: CatArgs,
    #[command(flatten)]
    pub terms: TermArgs,
    /// Report file; `-` is stdout.
    #[arg(short, long, default_value = "-", value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub fmt: FormatArgs,
}

#[derive(Args)]
pub struct QaArgs {
    /// Text file, or XLIFF, TMX or PO file (`-` for stdin).
    pub file: PathBuf,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub cat: CatArgs,
    /// The script the text should be in; letters of another one are
    /// `untranslated` (latin, cyrillic, greek, han, japanese, korean, arabic,
    /// hebrew, ...; ISO 15924 codes and language codes work too).
    #[arg(long, default_value = "latin", value_name = "SCRIPT", value_parser = parse_script)]
    pub script: crate::qa::Script,
    /// The single-text checks to run: `all` or a comma-separated list of
    /// repeat, space, punct, untranslated.
    #[arg(long, value_name = "LIST", default_value = "all", value_parser = parse_checks)]
    pub checks: crate::qa::CheckSet,
    /// Report file; `-` is stdout.
    #[arg(short, long, default_value = "-", value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub fmt: FormatArgs,
}

fn parse_script(s: &str) -> std::result::Result<crate::qa::Script, String> {
    s.parse::<crate::qa::Script>().map_err(|e| e.to_string())
}

#[derive(Args)]
pub struct MergeArgs {
    /// Shard files (shard-K-of-N.json) or directories holding them.
    #[arg(required = true, value_name = "SHARD")]
    pub shards: Vec<PathBuf>,
    /// Where summary.csv (and term_summary.csv, summary.xlsx) go.
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
    #[command(flatten)]
    pub gates: GateArgs,
    /// No summary line on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}
