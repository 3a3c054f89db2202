//! Many pairs at once: pairing files (two directory trees or a manifest),
//! running [`audit::compare`] over them in parallel, writing one report
//! per pair and `summary.csv`, and the CI quality gates shared with
//! `compare`.
//!
//! A pair that cannot be processed (missing partner, unreadable, undecodable
//! or binary input, a failed write) becomes an `error` row of the summary;
//! the other pairs still run. Results are collected in pair order, so every
//! output is byte-identical whatever the number of threads.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::audit::{self, DocReport, Options};
use crate::error::{Error, Result};
use crate::input::{DecodeOptions, Document};
use crate::metric::CorpusStats;
use crate::output::{self, Format, WriteOptions, schema};
use crate::summary::DocSummary;

/// The summary file's name inside `--out-dir`.
pub const SUMMARY_FILE: &str = "summary.csv";
/// Per document and glossary term, plus corpus totals (doc `*`).
pub const TERM_SUMMARY_FILE: &str = "term_summary.csv";
/// The summary as a workbook, written beside `summary.csv` with `--format xlsx`.
pub const SUMMARY_XLSX_FILE: &str = "summary.xlsx";

/// One pair to compare. A side is `None` when its file is missing (an
/// orphan in directory mode); such a pair is reported as an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The `doc` value of its rows and the `name` of its summary row.
    pub name: String,
    pub hyp: Option<PathBuf>,
    pub ref_: Option<PathBuf>,
    /// Where its report goes, relative to the output directory, without
    /// the format's extension.
    pub out_stem: PathBuf,
    /// Where the pair came from, for messages (`manifest.csv:4`, or the
    /// relative path).
    pub origin: String,
}

/// Relative path with `/` separators, whatever the platform.
fn slash_path(p: &Path) -> String {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Keeps a report inside the output directory whatever the manifest says:
/// only plain components survive (no root, no `..`).
fn safe_relative(p: &Path) -> PathBuf {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s),
            _ => None,
        })
        .collect()
}

/// Every regular file under `root`, as sorted relative paths. Hidden
/// entries (`.DS_Store`, `.git`) and `skip` (the output directory, when it
/// lies inside an input tree) are left out; symlinked directories are not
/// followed, so a link cycle cannot hang the walk.
fn walk(root: &Path, skip: Option<&Path>) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(root).map_err(|e| Error::input(root, None, e))?;
    if !meta.is_dir() {
        return Err(Error::usage(format!("{}: not a directory", root.display())));
    }
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = root.join(&rel);
        if skip.is_some_and(|s| same_file(&dir, s)) {
            continue;
        }
        let rd = std::fs::read_dir(&dir).map_err(|e| Error::input(&dir, None, e))?;
        for entry in rd {
            let entry = entry.map_err(|e| Error::input(&dir, None, e))?;
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let child = rel.join(&name);
            let ft = entry.file_type().map_err(|e| Error::input(&dir, None, e))?;
            if ft.is_dir() {
                stack.push(child);
            } else if ft.is_symlink() {
                // A link to a file counts; a link to a directory is skipped.
                if std::fs::metadata(root.join(&child)).is_ok_and(|m| m.is_dir()) {
                    continue;
                }
                out.push(child);
            } else {
                out.push(child);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Pairs files of two trees by relative path (recursive, sorted). A file on
/// one side only is an orphan pair. `out_dir` is skipped if it lies inside
/// either tree, so a rerun does not take its own reports as input.
pub fn pairs_from_dirs(
    hyp_dir: &Path,
    ref_dir: &Path,
    out_dir: Option<&Path>,
) -> Result<Vec<Pair>> {
    // Reports written among the inputs would be read as inputs next time
    // (and the walk skips the out dir, so every pair would look orphaned).
    if let Some(out) = out_dir {
        let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        for (flag, dir) in [("--hyp-dir", hyp_dir), ("--ref-dir", ref_dir)] {
            if canon(out) == canon(dir) {
                return Err(Error::usage(format!(
                    "--out-dir {} is the same directory as {flag}; write the reports elsewhere \
                     (a subdirectory is fine: it is skipped when pairing)",
                    out.display()
                )));
            }
        }
    }
    let hyps: BTreeSet<PathBuf> = walk(hyp_dir, out_dir)?.into_iter().collect();
    let refs: BTreeSet<PathBuf> = walk(ref_dir, out_dir)?.into_iter().collect();
    let all: BTreeSet<&PathBuf> = hyps.iter().chain(refs.iter()).collect();
    // `x.txt` and `x.md` would both be named `x`: such files keep their
    // extension in the name so names stay unique.
    let mut stems: HashMap<PathBuf, usize> = HashMap::new();
    for rel in &all {
        *stems.entry(rel.with_extension("")).or_default() += 1;
    }
    Ok(all
        .into_iter()
        .map(|rel| {
            let stem = rel.with_extension("");
            let stem = if stems[&stem] > 1 { rel.clone() } else { stem };
            Pair {
                name: slash_path(&stem),
                hyp: hyps.contains(rel).then(|| hyp_dir.join(rel)),
                ref_: refs.contains(rel).then(|| ref_dir.join(rel)),
                out_stem: stem,
                origin: slash_path(rel),
            }
        })
        .collect())
}

/// Reads a manifest: CSV with a header naming `hyp` and `ref` columns and an
/// optional `name` column (any order, other columns ignored; `,`, `;` or tab
/// separated, as the header line shows). Relative paths
/// are taken from the manifest's directory. A malformed manifest is a usage
/// error naming the file and line.
pub fn pairs_from_manifest(path: &Path) -> Result<Vec<Pair>> {
    let doc = Document::read(path, DecodeOptions::default())?;
    let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
    // Excel saves "CSV" with `;` in many locales, or tabs as "Unicode
    // text": take whichever separator the header line uses most.
    let first = doc.text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (first.bytes().filter(|b| b == d).count(), *d == b','))
        .unwrap_or(b',');
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(doc.text.as_bytes());
    let bad = |line: Option<usize>, msg: String| Error {
        kind: crate::ErrorKind::Usage,
        ..Error::input(path, line, msg)
    };
    let header = rdr
        .headers()
        .map_err(|e| bad(Some(1), format!("cannot read the header: {e}")))?
        .clone();
    let col = |n: &str| header.iter().position(|h| h.eq_ignore_ascii_case(n));
    let (Some(hc), Some(rc)) = (col("hyp"), col("ref")) else {
        return Err(bad(
            Some(1),
            format!(
                "the header must name columns `hyp` and `ref` (and optionally `name`), got {:?}",
                header.iter().collect::<Vec<_>>()
            ),
        ));
    };
    let nc = col("name");
    let mut pairs = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            bad(line, format!("malformed CSV: {e}"))
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.iter().all(str::is_empty) {
            continue;
        }
        let get = |i: usize| rec.get(i).unwrap_or("");
        let (h, r) = (get(hc), get(rc));
        if h.is_empty() || r.is_empty() {
            return Err(bad(
                Some(line),
                format!("both `hyp` and `ref` are needed, got hyp={h:?} ref={r:?}"),
            ));
        }
        let name = nc.map(get).filter(|n| !n.is_empty());
        let hp = base.join(h);
        let name = match name {
            Some(n) => n.to_owned(),
            None => audit::doc_name(&hp),
        };
        let out_stem = safe_relative(Path::new(&name));
        if out_stem.as_os_str().is_empty() {
            return Err(bad(
                Some(line),
                format!("name {name:?} gives no usable file name"),
            ));
        }
        pairs.push(Pair {
            name,
            hyp: Some(hp),
            ref_: Some(base.join(r)),
            out_stem,
            origin: format!("{}:{line}", path.display()),
        });
    }
    Ok(pairs)
}

/// Output paths relative to the output directory, one per pair, all
/// distinct and none equal to the summary's: a clash (two names with one
/// stem, or a pair named `summary`) gets `~2`, `~3`, ... in pair order.
pub fn report_paths(pairs: &[Pair], format: Format) -> Vec<PathBuf> {
    let ext = format.extension();
    let mut taken: HashSet<PathBuf> = HashSet::new();
    taken.insert(PathBuf::from(SUMMARY_FILE));
    taken.insert(PathBuf::from(TERM_SUMMARY_FILE));
    taken.insert(PathBuf::from(SUMMARY_XLSX_FILE));
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

/// Figures the quality gates look at, summed over one or many pairs.
#[derive(Debug, Clone, Default)]
pub struct GateStats {
    pub corpus: CorpusStats,
    /// Sum and count of char_sim over scored links (see
    /// [`DocReport::char_sim_total`]).
    pub char_sim_sum: f64,
    pub char_sim_n: usize,
    /// Term findings on the hyp side (deprecated, case, missing).
    pub hyp_findings: usize,
}

impl GateStats {
    pub fn from_report(rep: &DocReport) -> GateStats {
        let (char_sim_sum, char_sim_n) = rep.char_sim_total();
        GateStats {
            corpus: rep.corpus.clone(),
            char_sim_sum,
            char_sim_n,
            hyp_findings: rep.rows.iter().map(|r| r.hyp_terms.len()).sum(),
        }
    }

    pub fn merge(&mut self, o: &GateStats) {
        self.corpus.merge(&o.corpus);
        self.char_sim_sum += o.char_sim_sum;
        self.char_sim_n += o.char_sim_n;
        self.hyp_findings += o.hyp_findings;
    }

    /// Mean char_sim over all scored links (each link weighs the same,
    /// whichever document it is in); NaN when there is none.
    pub fn mean_char_sim(&self) -> f64 {
        if self.char_sim_n == 0 {
            f64::NAN
        } else {
            self.char_sim_sum / self.char_sim_n as f64
        }
    }
}

/// A metric a `--fail-under` gate can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateMetric {
    Chrf,
    Chrfpp,
    Bleu,
    /// The only "lower is better" metric: the gate fails when corpus TER
    /// is *above* the value.
    Ter,
    CharSim,
}

impl GateMetric {
    pub fn as_str(self) -> &'static str {
        match self {
            GateMetric::Chrf => "chrf",
            GateMetric::Chrfpp => "chrfpp",
            GateMetric::Bleu => "bleu",
            GateMetric::Ter => "ter",
            GateMetric::CharSim => "char_sim",
        }
    }
}

/// One `--fail-under METRIC=VALUE`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gate {
    pub metric: GateMetric,
    pub value: f64,
}

impl std::str::FromStr for Gate {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Gate, String> {
        let (m, v) = s
            .split_once('=')
            .ok_or_else(|| format!("expected METRIC=VALUE (e.g. chrf=50), got {s:?}"))?;
        let metric = match m.trim().to_ascii_lowercase().as_str() {
            "chrf" => GateMetric::Chrf,
            "chrfpp" | "chrf++" => GateMetric::Chrfpp,
            "bleu" => GateMetric::Bleu,
            "ter" => GateMetric::Ter,
            "char_sim" | "charsim" | "char-sim" => GateMetric::CharSim,
            other => {
                return Err(format!(
                    "unknown metric {other:?}; use chrf, chrfpp, bleu, ter or char_sim"
                ));
            }
        };
        let value: f64 = v
            .trim()
            .parse()
            .map_err(|_| format!("{:?} is not a number", v.trim()))?;
        // TER counts edits per reference word, so it has no upper bound
        // (a long hyp against a one-word ref scores in the thousands).
        let max = match metric {
            GateMetric::CharSim => 1.0,
            GateMetric::Ter => f64::INFINITY,
            _ => 100.0,
        };
        if !(value.is_finite() && (0.0..=max).contains(&value)) {
            let range = if max.is_finite() {
                format!("0..{max}")
            } else {
                "0 or more".to_owned()
            };
            return Err(format!(
                "{} is scored {range}, got {}",
                metric.as_str(),
                v.trim()
            ));
        }
        Ok(Gate { metric, value })
    }
}

/// Checks the gates; `Err` carries one line giving every failed gate.
/// A metric that is not available (NaN: nothing scored, or not computed)
/// fails its gate, since a CI job must not pass on a score it never saw.
pub fn check_gates(stats: &GateStats, gates: &[Gate], fail_on_terms: bool) -> Result<()> {
    let mut failed = Vec::new();
    for g in gates {
        let (v, label) = match g.metric {
            GateMetric::Chrf => (stats.corpus.chrf(), "corpus chrF"),
            GateMetric::Chrfpp => (stats.corpus.chrfpp(), "corpus chrF++"),
            GateMetric::Bleu => (stats.corpus.bleu(), "corpus BLEU"),
            GateMetric::Ter => (stats.corpus.ter(), "corpus TER"),
            GateMetric::CharSim => (stats.mean_char_sim(), "mean char_sim"),
        };
        let m = g.metric.as_str();
        if v.is_nan() {
            failed.push(format!("{m} not available ({label} could not be computed)"));
        } else if g.metric == GateMetric::Ter && v > g.value {
            failed.push(format!("{label} {v:.2} > {} (ter={})", g.value, g.value));
        } else if g.metric == GateMetric::CharSim && v < g.value {
            failed.push(format!("{label} {v:.4} < {} ({m}={})", g.value, g.value));
        } else if g.metric != GateMetric::Ter && g.metric != GateMetric::CharSim && v < g.value {
            failed.push(format!("{label} {v:.2} < {} ({m}={})", g.value, g.value));
        }
    }
    if fail_on_terms && stats.hyp_findings > 0 {
        failed.push(format!(
            "{} glossary finding(s) in the hyp (--fail-on-terms)",
            stats.hyp_findings
        ));
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::gate(format!(
            "quality gate failed: {}",
            failed.join("; ")
        )))
    }
}

/// How a batch writes its outputs.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    pub decode: DecodeOptions,
    pub write: WriteOptions,
    pub out_dir: PathBuf,
    /// Worker threads; `None` or 0 = all cores.
    pub jobs: Option<usize>,
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
    pub summary: DocSummary,
    /// `None` for a failed pair.
    pub gate: Option<GateStats>,
    /// Where its report was written (relative to the output directory).
    pub report: Option<PathBuf>,
    /// The pair's term tally (`None` for a failed pair).
    pub terms: Option<crate::glossary::TermTally>,
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

impl BatchOutcome {
    pub fn summaries(&self) -> Vec<DocSummary> {
        self.results.iter().map(|r| r.summary.clone()).collect()
    }
}

/// Reads a file only if it is a regular one: a FIFO or device in an input
/// tree would otherwise block or stream forever.
fn read_regular(p: &Path, d: DecodeOptions) -> Result<Document> {
    if let Ok(m) = std::fs::metadata(p)
        && !m.is_file()
    {
        return Err(Error::input(p, None, "not a regular file"));
    }
    Document::read(p, d)
}

/// Both sides decoded, or the reason the pair cannot run; an orphan's
/// message names the file that exists and the side that lacks it.
fn decode_pair(pair: &Pair, d: DecodeOptions) -> Result<(Document, Document)> {
    match (&pair.hyp, &pair.ref_) {
        (Some(h), Some(r)) => Ok((read_regular(h, d)?, read_regular(r, d)?)),
        (Some(h), None) => Err(Error::input(
            h,
            None,
            "orphan: no file with this relative path in the ref directory",
        )),
        (None, Some(r)) => Err(Error::input(
            r,
            None,
            "orphan: no file with this relative path in the hyp directory",
        )),
        (None, None) => Err(Error::usage(format!("{}: empty pair", pair.origin))),
    }
}

fn run_pair(pair: &Pair, rel_out: &Path, opts: &Options, bo: &BatchOptions) -> PairResult {
    let out = bo.out_dir.join(rel_out);
    let mut warnings = Vec::new();
    let res = (|| -> Result<(DocSummary, GateStats, crate::glossary::TermTally)> {
        let (hyp, reference) = decode_pair(pair, bo.decode)?;
        for doc in [&hyp, &reference] {
            if doc.replacements > 0 {
                warnings.push(format!(
                    "{}: {} undecodable byte sequences replaced with U+FFFD (--lossy)",
                    doc.path.display(),
                    doc.replacements
                ));
            }
        }
        let rep = audit::compare(&pair.name, &hyp, &reference, opts)?;
        let s = DocSummary::from_report(&rep, opts.min_align_score);
        let table = schema::report_table(&rep);
        let sheet = (bo.write.format == Format::Xlsx)
            .then(|| schema::summary_table(std::slice::from_ref(&s)));
        let w = output::write_report_to(&out, &table, sheet.as_ref(), &bo.write)?;
        warnings.extend(w.into_iter().map(|w| format!("{}: {w}", out.display())));
        let gate = GateStats::from_report(&rep);
        Ok((s, gate, rep.terms))
    })();
    match res {
        Ok((summary, gate, terms)) => PairResult {
            summary,
            gate: Some(gate),
            report: Some(rel_out.to_path_buf()),
            terms: Some(terms),
            warnings,
        },
        Err(e) => {
            // A report left from an earlier run would look current next to
            // an `error` row; remove it so the out dir tells the truth.
            let _ = std::fs::remove_file(&out);
            PairResult {
                summary: DocSummary::failed(&pair.name, &e.message),
                gate: None,
                report: None,
                terms: None,
                warnings,
            }
        }
    }
}

/// Runs every pair (in parallel on a local pool of `bo.jobs` threads),
/// writes the reports and `summary.csv` (atomically), and returns the
/// results in pair order. Only a failure to set up the pool or to write the
/// summary is an `Err`; failed pairs are in [`BatchOutcome::failed`].
pub fn run(
    pairs: &[Pair],
    opts: &Options,
    bo: &BatchOptions,
    progress: &dyn Progress,
) -> Result<BatchOutcome> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(j) = bo.jobs {
        b = b.num_threads(j);
    }
    let pool = b
        .build()
        .map_err(|e| Error::usage(format!("--jobs: cannot start threads: {e}")))?;
    let paths = report_paths(pairs, bo.write.format);
    check_outputs_spare_inputs(pairs, &paths, opts, bo)?;
    remove_stale_temps(&bo.out_dir, &paths);
    let results: Vec<PairResult> = pool.install(|| {
        pairs
            .par_iter()
            .zip(paths.par_iter())
            .map(|(p, rel)| {
                progress.start(&p.name);
                let r = run_pair(p, rel, opts, bo);
                progress.done();
                r
            })
            .collect()
    });
    let mut gate = GateStats::default();
    let mut failed = 0;
    for r in &results {
        match &r.gate {
            Some(g) => gate.merge(g),
            None => failed += 1,
        }
    }
    let summaries: Vec<DocSummary> = results.iter().map(|r| r.summary.clone()).collect();
    let table = schema::summary_table(&summaries);
    // The summary is always CSV (the file CI jobs and scripts read), with
    // the user's BOM, delimiter and formula-guard choices.
    let csv_opts = WriteOptions {
        format: Format::Csv,
        ..bo.write.clone()
    };
    output::write_table_to(&bo.out_dir.join(SUMMARY_FILE), &table, &csv_opts)?;
    if !opts.glossary.is_empty() {
        let tallies = results
            .iter()
            .filter_map(|r| r.terms.as_ref().map(|t| (r.summary.name.as_str(), t)));
        let terms = schema::term_summary_table(tallies, true);
        output::write_table_to(&bo.out_dir.join(TERM_SUMMARY_FILE), &terms, &csv_opts)?;
    }
    if bo.write.format == Format::Xlsx {
        output::write_table_to(
            &bo.out_dir.join(SUMMARY_XLSX_FILE),
            &table,
            &WriteOptions {
                format: Format::Xlsx,
                ..bo.write.clone()
            },
        )?;
    }
    Ok(BatchOutcome {
        results,
        gate,
        failed,
    })
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

/// Removes temporary files an interrupted earlier run left beside the
/// reports this run writes (`.NAME.PID.tmp`, see [`output::write_atomic`]).
/// Only files whose NAME is one of this run's outputs are touched.
fn remove_stale_temps(out_dir: &Path, reports: &[PathBuf]) {
    let mut ours: BTreeSet<PathBuf> = reports.iter().cloned().collect();
    ours.insert(PathBuf::from(SUMMARY_FILE));
    ours.insert(PathBuf::from(TERM_SUMMARY_FILE));
    ours.insert(PathBuf::from(SUMMARY_XLSX_FILE));
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
            let Some((target, pid)) = rest.rsplit_once('.') else {
                continue;
            };
            if !pid.is_empty()
                && pid.bytes().all(|b| b.is_ascii_digit())
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
    let c = &o.gate.corpus;
    let mut line = format!(
        "{} pairs: {} ok, {} error; mean char_sim {}; chrF {}, TER {}, BLEU {}",
        o.results.len(),
        o.results.len() - o.failed,
        o.failed,
        or_na(o.gate.mean_char_sim(), 4),
        or_na(c.chrf(), 2),
        or_na(c.ter(), 2),
        or_na(c.bleu(), 2)
    );
    for note in crate::summary::capped_notes(c) {
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
        }
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
    fn manifest_names_cannot_escape_the_out_dir() {
        assert_eq!(
            safe_relative(Path::new("/etc/../x/./y")),
            PathBuf::from("etc/x/y")
        );
        assert_eq!(safe_relative(Path::new("../..")), PathBuf::new());
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

    #[test]
    fn gate_specs() {
        let g: Gate = "TER = 40".parse().unwrap();
        assert_eq!((g.metric, g.value), (GateMetric::Ter, 40.0));
        assert_eq!(
            "chrf++=5".parse::<Gate>().unwrap().metric,
            GateMetric::Chrfpp
        );
        assert!("char_sim=1.5".parse::<Gate>().unwrap_err().contains("0..1"));
        assert!("bleu=101".parse::<Gate>().is_err());
        // TER has no ceiling, but must be a finite non-negative number.
        assert_eq!("ter=250".parse::<Gate>().unwrap().value, 250.0);
        for bad in ["ter=-1", "ter=inf", "ter=NaN", "chrf=nan"] {
            assert!(bad.parse::<Gate>().is_err(), "{bad}");
        }
        assert!("x".parse::<Gate>().unwrap_err().contains("METRIC=VALUE"));
    }

    #[test]
    fn gates_report_every_failure_on_one_line() {
        let s = GateStats {
            char_sim_sum: 1.5,
            char_sim_n: 2,
            hyp_findings: 3,
            ..GateStats::default()
        };
        let cs = |v| Gate {
            metric: GateMetric::CharSim,
            value: v,
        };
        assert!(check_gates(&s, &[cs(0.75)], false).is_ok());
        let e = check_gates(&s, &[cs(0.8)], true).unwrap_err();
        assert_eq!(e.exit_code(), 1);
        assert!(!e.message.contains('\n'));
        assert!(e.message.contains("0.7500 < 0.8"), "{}", e.message);
        assert!(e.message.contains("3 glossary finding(s)"), "{}", e.message);
        // No scored link at all: the gate cannot pass on a score never seen.
        let e = check_gates(&GateStats::default(), &[cs(0.1)], false).unwrap_err();
        assert!(
            e.message.contains("char_sim not available"),
            "{}",
            e.message
        );
        let mut m = s.clone();
        m.merge(&s);
        assert_eq!((m.char_sim_n, m.hyp_findings), (4, 6));
    }
}
