//! `mtaudit batch`: many pairs at once, in parallel, one report each plus
//! `summary.csv` (and `term_summary.csv` with a glossary) in `--out-dir`.
//!
//! A pair that cannot be processed (missing partner, unreadable, undecodable
//! or binary input, a failed write) becomes an `error` row of the summary;
//! the other pairs still run. Results are collected in pair order, so every
//! output is byte-identical whatever the number of threads.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::{
    OptionFiles, aux_inputs, build_options, check_gate_args, decode_opts, show_progress,
    thread_pool, warn_all,
};
use crate::audit::Options;
use crate::cli::BatchArgs;
use crate::error::{Error, Result};
use crate::gate::{GateStats, check_gates};
use crate::input::DecodeOptions;
use crate::output::{self, Format, Staging, WriteOptions, schema};
use crate::pairs::{Pair, pairs_from_dirs, pairs_from_manifest};
use crate::summary::DocSummary;

/// The summary file's name inside `--out-dir`.
pub const SUMMARY_FILE: &str = "summary.csv";
/// Per document and glossary term, plus corpus totals (doc `*`).
pub const TERM_SUMMARY_FILE: &str = "term_summary.csv";
/// The summary as a workbook, written beside `summary.csv` with `--format xlsx`.
pub const SUMMARY_XLSX_FILE: &str = "summary.xlsx";
/// The review pages' index, written beside `summary.csv` with `--format html`.
pub const INDEX_HTML_FILE: &str = "index.html";

/// Every file name a batch writes besides the reports.
const OWN_FILES: [&str; 4] = [
    SUMMARY_FILE,
    TERM_SUMMARY_FILE,
    SUMMARY_XLSX_FILE,
    INDEX_HTML_FILE,
];

/// Drives an indicatif bar from the batch workers.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, name: &str) {
        self.0.set_message(name.to_owned());
    }
    fn done(&self) {
        self.0.inc(1);
    }
}

pub fn run(a: BatchArgs) -> Result<()> {
    check_gate_args(&a.gates, &a.terms)?;
    let wo = a.fmt.write_options(None)?;
    let pairs = match (&a.manifest, &a.hyp_dir, &a.ref_dir) {
        (Some(m), _, _) => pairs_from_manifest(m)?,
        (None, Some(h), Some(r)) => pairs_from_dirs(h, r, Some(&a.out_dir))?,
        _ => {
            return Err(Error::usage(
                "batch needs --manifest FILE or both --hyp-dir DIR and --ref-dir DIR",
            ));
        }
    };
    if pairs.is_empty() {
        return Err(no_pairs(&a));
    }
    let mut pairs = pairs;
    warn_all(&unique_names(&mut pairs));
    let mut files = match a.shard {
        Some(_) => OptionFiles::fingerprinting(),
        None => OptionFiles::default(),
    };
    let opts = build_options(&a.common, &a.terms, &a.pipe, &mut files)?;
    // A shard takes its part of the whole listing, named as the whole
    // batch names its pairs, and remembers each pair's place in it.
    let header = a.shard.map(|shard| {
        let indices: Vec<usize> = (0..pairs.len())
            .filter(|&i| shard.holds(&pairs[i]))
            .collect();
        ShardHeader {
            version: ShardHeader::VERSION,
            shard: shard.k,
            shards: shard.n,
            listing: listing_fingerprint(&pairs),
            options: shard_options(&a, &files),
            total_pairs: pairs.len(),
            indices,
        }
    });
    if let Some(h) = &header {
        // The indices ascend, as they were taken from the listing in order.
        let mut keep = h.indices.iter().peekable();
        pairs = pairs
            .into_iter()
            .enumerate()
            .filter(|(i, _)| keep.next_if_eq(&i).is_some())
            .map(|(_, p)| p)
            .collect();
    }
    let closing = || match &header {
        Some(h) => Closing::Shard(h),
        None => Closing::Summaries,
    };
    let bo = BatchOptions {
        decode: decode_opts(&a.common),
        write: wo,
        out_dir: a.out_dir.clone(),
        jobs: a.pipe.jobs,
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
        let o = run_pairs(&pairs, &opts, &bo, &bar, closing());
        bar.0.finish_and_clear();
        o?
    } else {
        run_pairs(&pairs, &opts, &bo, &NoProgress, closing())?
    };
    // Pairs sharing one reference would repeat what it said about itself
    // (tokenized text, replaced bytes): each line once.
    let mut said = std::collections::HashSet::new();
    for r in &outcome.results {
        let fresh: Vec<String> = r
            .warnings
            .iter()
            .filter(|w| said.insert(w.as_str()))
            .cloned()
            .collect();
        warn_all(&fresh);
    }
    // A shard writes no summary.csv: its failed pairs wait in the shard
    // file for the merge.
    let failed_in = match &header {
        Some(h) => (
            a.out_dir.join(h.file_name()),
            "listed above; the merge writes them to summary.csv",
        ),
        None => (a.out_dir.join(SUMMARY_FILE), "status error in this file"),
    };
    conclude(&outcome, &a.gates, a.common.quiet, failed_in)
}

/// A batch with nothing to audit is an error, not an empty summary: a
/// wrong artifact path or an empty export would otherwise pass CI green.
/// The message names what was empty and what to check.
fn no_pairs(a: &BatchArgs) -> Error {
    match (&a.manifest, &a.hyp_dir, &a.ref_dir) {
        (Some(m), _, _) => Error::usage(format!(
            "{}: the manifest lists no pairs (no row after its header); add one row \
             `hyp,ref[,name]` per pair, or check that this is the manifest you meant",
            m.display()
        )),
        (None, Some(h), Some(r)) => Error::usage(format!(
            "no pairs: --hyp-dir {} and --ref-dir {} hold no files (hidden files are \
             skipped); check both paths: a pair is a file at the same relative path in each",
            h.display(),
            r.display()
        )),
        _ => Error::usage("no pairs to audit"),
    }
}

/// The end of a batch or a merge: failed pairs named on stderr (even with
/// -q), the closing line, the gates; failed pairs make the run an error
/// naming `failed_in` (the file that lists them, and where in it).
pub(crate) fn conclude(
    o: &BatchOutcome,
    g: &crate::cli::GateArgs,
    quiet: bool,
    failed_in: (PathBuf, &str),
) -> Result<()> {
    for r in &o.results {
        if let Some(e) = &r.summary.error {
            super::say(&format!("mtaudit: pair {}: {e}", r.summary.name));
        }
    }
    if !quiet {
        super::say(&describe(o));
    }
    let gates = check_gates(&o.gate, &g.fail_under, g.fail_on_terms);
    if o.failed > 0 {
        if let Err(g) = &gates {
            super::say(&format!("mtaudit: {g}"));
        }
        let (file, where_) = failed_in;
        return Err(Error::input(
            file,
            None,
            format!(
                "{} of {} pairs failed ({where_})",
                o.failed,
                o.results.len()
            ),
        ));
    }
    gates
}

/// Gives every pair its own name: two pairs both called `a` (a manifest
/// naming them so, or two hyp files with one stem) would otherwise share
/// the `doc` column and their summary rows could not be told apart. The
/// second becomes `a~2`, the third `a~3`, in pair order; returns a warning
/// per renamed pair.
fn unique_names(pairs: &mut [Pair]) -> Vec<String> {
    let mut taken: HashSet<String> = pairs.iter().map(|p| p.name.clone()).collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut warnings = Vec::new();
    for p in pairs.iter_mut() {
        if seen.insert(p.name.clone()) {
            continue;
        }
        let mut n = 2;
        let name = loop {
            let cand = format!("{}~{n}", p.name);
            if !taken.contains(&cand) {
                break cand;
            }
            n += 1;
        };
        warnings.push(format!(
            "{}: pair name {:?} is already taken; this pair is named {name:?}",
            p.origin, p.name
        ));
        let mut stem = p.out_stem.as_os_str().to_owned();
        stem.push(format!("~{n}"));
        p.out_stem = PathBuf::from(stem);
        taken.insert(name.clone());
        seen.insert(name.clone());
        p.name = name;
    }
    warnings
}

/// Output paths relative to the output directory, one per pair, all
/// distinct and none equal to the summary's: a clash (two names with one
/// stem, or a pair named `summary`) gets `~2`, `~3`, ... in pair order.
pub fn report_paths(pairs: &[Pair], format: Format) -> Vec<PathBuf> {
    let ext = format.extension();
    let mut taken: HashSet<PathBuf> = OWN_FILES.iter().map(PathBuf::from).collect();
    pairs
        .iter()
        .map(|p| {
            let mut cand = with_ext(&p.out_stem, ext, None);
            let mut n = 2;
            while taken.contains(&cand) {
                cand = with_ext(&p.out_stem, ext, Some(n));
                n += 1;
            }
            taken.insert(cand.clone());
            cand
        })
        .collect()
}

fn with_ext(stem: &Path, ext: &str, n: Option<usize>) -> PathBuf {
    let mut s = stem.as_os_str().to_owned();
    if let Some(n) = n {
        s.push(format!("~{n}"));
    }
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// How a batch writes its outputs.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    pub decode: DecodeOptions,
    pub write: WriteOptions,
    pub out_dir: PathBuf,
    /// Worker threads; `None` or 0 = all cores.
    pub jobs: Option<u16>,
    /// Files read besides the pairs (manifest, glossaries, --ignore,
    /// --abbrev): no output may overwrite them either.
    pub other_inputs: Vec<PathBuf>,
}

/// Called by the workers: `start` with a pair's name, `done` when finished.
pub trait Progress: Sync {
    fn start(&self, _name: &str) {}
    fn done(&self) {}
}

/// No progress display.
pub struct NoProgress;
impl Progress for NoProgress {}

/// What one pair produced.
#[derive(Debug, Clone)]
pub struct PairResult {
    /// Its summary row; `error` is set for a failed pair.
    pub summary: DocSummary,
    /// Where its report was written (relative to the output directory);
    /// `None` for a failed pair.
    pub report: Option<PathBuf>,
    pub warnings: Vec<String>,
}

/// The whole batch, in pair order.
#[derive(Debug, Clone)]
pub struct BatchOutcome {
    pub results: Vec<PairResult>,
    /// Gate figures over all successful pairs.
    pub gate: GateStats,
    pub failed: usize,
}

fn run_pair(
    pair: &Pair,
    rel_out: &Path,
    opts: &Options,
    bo: &BatchOptions,
    staging: &Staging,
) -> PairResult {
    let out = bo.out_dir.join(rel_out);
    let staged = staging.path(rel_out);
    let res = (|| -> Result<super::PairOutput> {
        if let Some(p) = &pair.problem {
            return Err(Error::usage(p.clone()));
        }
        if let Some(e) = pair.broken_link() {
            return Err(e);
        }
        let (hyp, ref_) = match (&pair.hyp, &pair.ref_) {
            (Some(h), Some(r)) => (h, r),
            (Some(h), None) => {
                return Err(Error::input(
                    h,
                    None,
                    "orphan: no file with this relative path in the ref directory",
                ));
            }
            (None, Some(r)) => {
                return Err(Error::input(
                    r,
                    None,
                    "orphan: no file with this relative path in the hyp directory",
                ));
            }
            (None, None) => return Err(Error::usage(format!("{}: empty pair", pair.origin))),
        };
        if let Some(parent) = staged.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::output(&out, format!("cannot write: {e}")))?;
        }
        let file = std::fs::File::create(&staged)
            .map_err(|e| Error::output(&out, format!("cannot write: {e}")))?;
        let input = super::PairInput {
            name: &pair.name,
            hyp,
            ref_,
            decode: bo.decode,
            regular_only: true,
        };
        let w = std::io::BufWriter::new(file);
        let res = super::audit_into(&input, opts, w, &out, &bo.write, &|_| true);
        if res.is_err() {
            let _ = std::fs::remove_file(&staged);
        }
        res
    })();
    match res {
        Ok(o) => {
            let mut warnings = o.lossy;
            warnings.extend(
                o.warnings
                    .into_iter()
                    .map(|w| format!("{}: {w}", out.display())),
            );
            PairResult {
                summary: o.summary,
                report: Some(rel_out.to_path_buf()),
                warnings,
            }
        }
        Err(e) => PairResult {
            summary: DocSummary::failed(&pair.name, &e.message),
            report: None,
            warnings: Vec::new(),
        },
    }
}

/// Runs every pair (in parallel on a local pool of `bo.jobs` threads) into
/// a staging directory, writes `summary.csv` and the term summary there,
/// then moves everything into place together: an interrupted or failed
/// run leaves the previous outputs as they were. Returns the results in
/// pair order. Only a failure to set up the pool or to write the summaries
/// is an `Err`; failed pairs are in [`BatchOutcome::failed`].
/// How a batch ends: the summaries of everything it ran, or, for one shard
/// of a larger batch, the file `mtaudit merge` combines.
pub enum Closing<'a> {
    Summaries,
    Shard(&'a ShardHeader),
}

pub fn run_pairs(
    pairs: &[Pair],
    opts: &Options,
    bo: &BatchOptions,
    progress: &dyn Progress,
    closing: Closing,
) -> Result<BatchOutcome> {
    let pool = thread_pool(bo.jobs)?;
    let paths = report_paths(pairs, bo.write.format);
    check_outputs_spare_inputs(pairs, &paths, opts, bo)?;
    let staging = Staging::new(&bo.out_dir)?;
    // Pairs run in parallel; within a pair the rows are made on the same
    // pool, so a batch of one huge pair still uses every core.
    let results: Vec<PairResult> = pool.install(|| {
        pairs
            .par_iter()
            .zip(paths.par_iter())
            .map(|(p, rel)| {
                progress.start(&p.name);
                let r = run_pair(p, rel, opts, bo, &staging);
                progress.done();
                r
            })
            .collect()
    });
    let mut done: Vec<PathBuf> = results.iter().filter_map(|r| r.report.clone()).collect();
    let summaries: Vec<&DocSummary> = results.iter().map(|r| &r.summary).collect();
    match closing {
        Closing::Summaries => {
            let pages: Vec<Option<&Path>> = results.iter().map(|r| r.report.as_deref()).collect();
            done.extend(write_summaries(
                &staging,
                &bo.out_dir,
                &summaries,
                &pages,
                !opts.glossary.is_empty(),
                &bo.write,
            )?)
        }
        Closing::Shard(header) => {
            let file = ShardFile {
                header: header.clone(),
                glossary: !opts.glossary.is_empty(),
                bom: bo.write.bom,
                delimiter: bo.write.delimiter,
                formula_guard: bo.write.formula_guard,
                format: bo.write.format.extension().to_owned(),
                pairs: header
                    .indices
                    .iter()
                    .zip(&results)
                    .map(|(&index, r)| ShardPair {
                        index,
                        summary: r.summary.clone(),
                        report: r.report.clone(),
                    })
                    .collect(),
            };
            let rel = header.file_name();
            let p = staging.path(Path::new(&rel));
            let f = std::fs::File::create(&p)
                .map_err(|e| Error::output(bo.out_dir.join(&rel), format!("cannot write: {e}")))?;
            serde_json::to_writer(std::io::BufWriter::new(f), &file)
                .map_err(|e| Error::output(bo.out_dir.join(&rel), format!("cannot write: {e}")))?;
            done.push(PathBuf::from(rel));
        }
    }
    // A report left from an earlier run would look current next to an
    // `error` row; it goes when the new outputs arrive.
    let stale: Vec<PathBuf> = results
        .iter()
        .zip(&paths)
        .filter(|(r, _)| r.report.is_none())
        .map(|(_, p)| p.clone())
        .collect();
    staging.commit(&done, &stale)?;
    remove_stale_temps(&bo.out_dir, &paths);
    Ok(outcome(results))
}

/// The batch's figures over its results, in pair order.
pub fn outcome(results: Vec<PairResult>) -> BatchOutcome {
    let gate = GateStats::over(results.iter().map(|r| &r.summary));
    let failed = results.iter().filter(|r| r.summary.error.is_some()).count();
    BatchOutcome {
        results,
        gate,
        failed,
    }
}

/// Writes `summary.csv`, `term_summary.csv` (with a glossary) and, for
/// xlsx, `summary.xlsx`, for html `index.html` (linking each pair's page in
/// `pages`), into the staging directory; returns their names. The summary
/// is always CSV (the file CI jobs and scripts read), with the user's BOM,
/// delimiter and formula-guard choices.
pub fn write_summaries(
    staging: &Staging,
    out_dir: &Path,
    summaries: &[&DocSummary],
    pages: &[Option<&Path>],
    glossary: bool,
    write: &WriteOptions,
) -> Result<Vec<PathBuf>> {
    let owned: Vec<DocSummary> = summaries.iter().map(|s| (*s).clone()).collect();
    let table = schema::summary_table(&owned);
    let csv_opts = WriteOptions {
        format: Format::Csv,
        ..write.clone()
    };
    let mut done = Vec::new();
    let mut put = |rel: &str, t: &crate::table::Table, o: &WriteOptions| -> Result<()> {
        let p = staging.path(Path::new(rel));
        let err =
            |e: std::io::Error| Error::output(out_dir.join(rel), format!("cannot write: {e}"));
        let f = std::fs::File::create(&p).map_err(err)?;
        output::write_table(std::io::BufWriter::new(f), t, o).map_err(err)?;
        done.push(PathBuf::from(rel));
        Ok(())
    };
    put(SUMMARY_FILE, &table, &csv_opts)?;
    if glossary {
        let tallies = summaries
            .iter()
            .filter(|s| s.error.is_none())
            .map(|s| (s.name.as_str(), &s.terms));
        let terms = schema::term_summary_table(tallies, true);
        put(TERM_SUMMARY_FILE, &terms, &csv_opts)?;
    }
    if write.format == Format::Xlsx {
        let xo = WriteOptions {
            format: Format::Xlsx,
            ..write.clone()
        };
        put(SUMMARY_XLSX_FILE, &table, &xo)?;
    }
    if write.format == Format::Html {
        let rows: Vec<output::html::IndexRow> = summaries
            .iter()
            .zip(pages)
            .map(|(s, p)| output::html::IndexRow {
                summary: s,
                page: *p,
            })
            .collect();
        let gate = GateStats::over(summaries.iter().copied());
        let rel = INDEX_HTML_FILE;
        let err =
            |e: std::io::Error| Error::output(out_dir.join(rel), format!("cannot write: {e}"));
        let f = std::fs::File::create(staging.path(Path::new(rel))).map_err(err)?;
        output::html::write_index(
            std::io::BufWriter::new(f),
            &rows,
            &gate.corpus,
            &gate.linked,
        )
        .map_err(err)?;
        done.push(PathBuf::from(rel));
    }
    Ok(done)
}

/// What identifies one shard of one batch.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ShardHeader {
    /// Bumped when the file's shape changes.
    pub version: u32,
    pub shard: usize,
    pub shards: usize,
    /// A fingerprint of the whole listing (every pair's key and name, in
    /// order), so shards of different listings are never merged.
    pub listing: String,
    /// The options that shape the reports and summaries, as
    /// `--name value` strings (files also by content), so shards run with
    /// different settings are never merged into one summary.
    #[serde(default)]
    pub options: Vec<String>,
    pub total_pairs: usize,
    /// The listing position of each pair this shard ran.
    pub indices: Vec<usize>,
}

impl ShardHeader {
    pub const VERSION: u32 = 1;

    pub fn file_name(&self) -> String {
        format!("shard-{}-of-{}.json", self.shard, self.shards)
    }
}

/// One shard's results, for `mtaudit merge`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ShardFile {
    pub header: ShardHeader,
    pub glossary: bool,
    pub bom: bool,
    pub delimiter: u8,
    pub formula_guard: bool,
    /// The reports' format (its extension): the merge writes the same
    /// summaries a run in that format does.
    pub format: String,
    pub pairs: Vec<ShardPair>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ShardPair {
    pub index: usize,
    pub summary: DocSummary,
    /// Its report, relative to the shard's output directory.
    pub report: Option<PathBuf>,
}

/// The options of a batch that change what its reports and summaries say,
/// in a fixed order; `-j`, `--chunk`, `-q`, `--out-dir`, `--shard` and the
/// gates (which go on the merge) are left out. A file option also names
/// its content's SHA-256, since every machine reads its own copy.
fn shard_options(a: &BatchArgs, files: &OptionFiles) -> Vec<String> {
    use clap::ValueEnum;
    fn name<T: ValueEnum>(v: &T) -> String {
        v.to_possible_value()
            .map_or_else(String::new, |p| p.get_name().to_string())
    }
    let (c, t, f, p) = (&a.common, &a.terms, &a.fmt, &a.pipe);
    let mut o = vec![
        format!("--split {}", name(&c.split)),
        format!("--lossy {}", c.lossy),
        format!("--encoding {}", c.encoding.map_or("auto", |e| e.name())),
        format!("--max-input {}", c.max_input),
        format!("--max-term-chars {}", t.max_term_chars),
        format!("--format {}", f.format.as_ref().map_or("csv".into(), name)),
        format!("--bom {}", f.bom),
        format!("--delimiter {:?}", f.delimiter.as_deref().unwrap_or(",")),
        format!("--no-formula-guard {}", f.no_formula_guard),
        format!("--aligned {}", p.aligned),
        format!("--boundary {:?}", p.boundary.as_deref().unwrap_or("")),
        format!("--review-below {}", p.review_below),
        format!("--near {}", p.near),
        format!("--max-sentence {}", p.max_sentence),
        format!("--checks {}", p.checks),
        format!(
            "--input-format {}",
            p.input_format.map_or("auto".into(), |x| format!("{x:?}"))
        ),
        format!("--lang {}", p.lang.as_deref().unwrap_or("auto")),
    ];
    o.extend(files.lines().cloned());
    o
}

/// A fingerprint of a listing: the pairs' keys and names, in order.
pub fn listing_fingerprint(pairs: &[Pair]) -> String {
    let mut h = crate::metric::text::Fnv::NEW;
    for p in pairs {
        for b in p.key.bytes().chain([0]).chain(p.name.bytes()).chain([0]) {
            h.push(b);
        }
    }
    format!("{:016x}-{}", h.0, pairs.len())
}

/// Refuses a batch that would write over one of its own inputs (a manifest
/// listing files inside `--out-dir`, a glossary named `term_summary.csv`
/// there), before anything is written. Only outputs that already exist can
/// be inputs, so a fresh `--out-dir` costs one `stat` per report.
fn check_outputs_spare_inputs(
    pairs: &[Pair],
    paths: &[PathBuf],
    opts: &Options,
    bo: &BatchOptions,
) -> Result<()> {
    let mut outputs: Vec<PathBuf> = paths.iter().map(|p| bo.out_dir.join(p)).collect();
    outputs.push(bo.out_dir.join(SUMMARY_FILE));
    if !opts.glossary.is_empty() {
        outputs.push(bo.out_dir.join(TERM_SUMMARY_FILE));
    }
    if bo.write.format == Format::Xlsx {
        outputs.push(bo.out_dir.join(SUMMARY_XLSX_FILE));
    }
    if bo.write.format == Format::Html {
        outputs.push(bo.out_dir.join(INDEX_HTML_FILE));
    }
    let existing: Vec<(PathBuf, PathBuf)> = outputs
        .into_iter()
        .filter_map(|o| std::fs::canonicalize(&o).ok().map(|c| (c, o)))
        .collect();
    if existing.is_empty() {
        return Ok(());
    }
    let inputs: std::collections::HashMap<PathBuf, &Path> = pairs
        .iter()
        .flat_map(|p| [p.hyp.as_deref(), p.ref_.as_deref()])
        .flatten()
        .chain(bo.other_inputs.iter().map(PathBuf::as_path))
        .filter_map(|i| std::fs::canonicalize(i).ok().map(|c| (c, i)))
        .collect();
    for (canon, out) in &existing {
        if let Some(input) = inputs.get(canon) {
            return Err(Error::usage(format!(
                "{} would overwrite the input {}; choose an --out-dir that holds no input",
                out.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

/// Removes temporary files that an interrupted single-file write (a killed
/// `compare -o` or an older version's batch) left beside the outputs this
/// run writes: `.NAME.<random>.tmp`, see [`crate::output::Sink`]. Only
/// files whose NAME is one of this run's outputs are touched.
fn remove_stale_temps(out_dir: &Path, reports: &[PathBuf]) {
    let mut ours: BTreeSet<PathBuf> = reports.iter().cloned().collect();
    ours.extend(OWN_FILES.iter().map(PathBuf::from));
    let dirs: BTreeSet<PathBuf> = ours
        .iter()
        .map(|p| p.parent().map(Path::to_path_buf).unwrap_or_default())
        .collect();
    for d in dirs {
        let Ok(rd) = std::fs::read_dir(out_dir.join(&d)) else {
            continue;
        };
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(rest) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
                continue;
            };
            let Some((target, tag)) = rest.rsplit_once('.') else {
                continue;
            };
            if !tag.is_empty()
                && tag.bytes().all(|b| b.is_ascii_alphanumeric())
                && ours.contains(&d.join(target))
            {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// The closing line on stderr: pairs by status and the batch's scores.
pub fn describe(o: &BatchOutcome) -> String {
    use crate::summary::or_na;
    let (c, l) = (&o.gate.corpus, &o.gate.linked);
    let mut line = format!(
        "{} pairs: {} ok, {} error",
        o.results.len(),
        o.results.len() - o.failed,
        o.failed,
    );
    let scores = c.scores(l);
    for s in scores.iter().filter(|s| s.signature.is_none()) {
        line.push_str(&format!(
            "; {} {}",
            s.spec.short,
            or_na(s.value, s.spec.decimals)
        ));
    }
    let signed: Vec<String> = scores
        .iter()
        .filter(|s| s.signature.is_some() && !s.spec.short.is_empty())
        .map(|s| format!("{} {}", s.spec.short, or_na(s.value, s.spec.decimals)))
        .collect();
    if !signed.is_empty() {
        line.push_str(&format!("; {}", signed.join(", ")));
    }
    for note in c.stats.notes() {
        line.push_str(&format!(" ({note})"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(stem: &str) -> Pair {
        Pair {
            name: stem.into(),
            hyp: None,
            ref_: None,
            out_stem: stem.into(),
            origin: String::new(),
            key: stem.into(),
            problem: None,
        }
    }

    #[test]
    fn a_shard_fingerprints_the_bytes_it_parses() {
        use clap::Parser;
        use sha2::{Digest, Sha256};
        let dir = std::env::temp_dir().join(format!("mtaudit-optfiles-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (g, ig, ab) = (
            dir.join("terms.csv"),
            dir.join("accepted.csv"),
            dir.join("abbrev.txt"),
        );
        let contents = [
            "term,variants\nWeChat,micro-letter\n",
            "term,found\nWeChat,micro-letter\n",
            "\u{feff}Frobz.\r\nInc.\r\n",
        ];
        for (f, c) in [&g, &ig, &ab].into_iter().zip(contents) {
            std::fs::write(f, c).unwrap();
        }
        let argv = ["mtaudit", "batch", "--manifest", "m.csv", "--out-dir", "o"];
        let args = |extra: &[&str]| {
            let cli = crate::cli::Cli::try_parse_from(argv.iter().chain(extra)).unwrap();
            let crate::cli::Command::Batch(a) = cli.command else {
                panic!("not a batch")
            };
            a
        };
        let [gs, igs, abs] = [&g, &ig, &ab].map(|p| p.to_str().unwrap());
        let a = args(&["--ignore", igs, "--glossary", gs, "--abbrev", abs]);
        let mut files = OptionFiles::fingerprinting();
        let opts = build_options(&a.common, &a.terms, &a.pipe, &mut files).unwrap();
        // The manifest's order, whatever the command line's, each line the
        // SHA-256 of the file's bytes (the BOM and CRLF included).
        let expected: Vec<String> = [
            ("--abbrev", abs, 2),
            ("--glossary", gs, 0),
            ("--ignore", igs, 1),
        ]
        .into_iter()
        .map(|(flag, p, k)| {
            let d = Sha256::digest(contents[k].as_bytes());
            let hex: String = d[..8].iter().map(|x| format!("{x:02x}")).collect();
            format!("{flag} {p} (sha256 {hex}…)")
        })
        .collect();
        let recorded = shard_options(&a, &files);
        assert_eq!(recorded[recorded.len() - 3..], expected);
        // What was fingerprinted is what was parsed.
        let terms: Vec<&str> = opts
            .glossary
            .entries
            .iter()
            .map(|e| e.term.as_str())
            .collect();
        assert_eq!(terms, ["WeChat"]);
        let text = "It was made by Frobz. Smith in the spring.";
        let split = opts
            .segmenter
            .segment(text, crate::segment::SplitMode::Sentences);
        assert_eq!(split.len(), 1, "{split:?}");
        // Without a shard nothing is fingerprinted.
        let mut plain = OptionFiles::default();
        build_options(&a.common, &a.terms, &a.pipe, &mut plain).unwrap();
        assert_eq!(plain.lines().count(), 0);
        // Errors keep the order of the files' parse: a broken glossary is
        // reported before a missing --abbrev.
        std::fs::write(&g, "no header here\n").unwrap();
        std::fs::remove_file(&ab).unwrap();
        let msg = build_options(
            &a.common,
            &a.terms,
            &a.pipe,
            &mut OptionFiles::fingerprinting(),
        )
        .err()
        .unwrap()
        .to_string();
        assert!(msg.contains("terms.csv"), "{msg}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn duplicate_names_become_unique_in_name_and_path() {
        let mut p = [pair("a"), pair("a"), pair("a~2"), pair("a")];
        let w = unique_names(&mut p);
        let names: Vec<&str> = p.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["a", "a~3", "a~2", "a~4"]);
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!(p[1].out_stem, PathBuf::from("a~3"));
        let paths = report_paths(&p, Format::Csv);
        let unique: HashSet<&PathBuf> = paths.iter().collect();
        assert_eq!(unique.len(), 4);
    }

    #[test]
    fn report_paths_are_unique_and_spare_the_summary() {
        let p = [pair("a"), pair("summary"), pair("a"), pair("sub/a")];
        let got = report_paths(&p, Format::Csv);
        let want = ["a.csv", "summary~2.csv", "a~2.csv", "sub/a.csv"];
        assert_eq!(got, want.map(PathBuf::from));
        assert_eq!(
            report_paths(&p[..1], Format::Xlsx),
            [PathBuf::from("a.xlsx")]
        );
    }

    #[test]
    fn closing_line_says_n_a_for_an_empty_batch() {
        let o = BatchOutcome {
            results: Vec::new(),
            gate: GateStats::default(),
            failed: 0,
        };
        let d = describe(&o);
        assert_eq!(
            d,
            "0 pairs: 0 ok, 0 error; mean char_sim n/a; chrF n/a, TER n/a, BLEU n/a"
        );
    }
}
