//! One file per command, the way xsv lays them out: each `run` takes its
//! parsed arguments and returns `Ok` or an error carrying its exit code.
//! What more than one command needs lives here: reading inputs, building the
//! pipeline settings, the thread pool, refusing outputs that would destroy
//! an input, and writing one pair's report.

pub mod batch;
pub mod compare;
pub mod segment;
pub mod signals;
pub mod terms;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::audit::{DocReport, Options};
use crate::cli::{Common, PipelineArgs, TermArgs};
use crate::error::{Error, Result};
use crate::glossary::{Glossary, IgnoreList};
use crate::input::{DecodeOptions, Document};
use crate::output::{self, Format, WriteOptions, is_stdout, schema};
use crate::segment::{Segmenter, SplitMode};
use crate::summary::DocSummary;

/// Warnings print even with `-q`: each one says that data was changed or
/// left out (a cut cell, replaced bytes, a glossary line skipped), which a
/// CI log must show.
pub fn warn_all(warnings: &[String]) {
    for w in warnings {
        eprintln!("mtaudit: warning: {w}");
    }
}

fn decode_opts(c: &Common) -> DecodeOptions {
    DecodeOptions { lossy: c.lossy }
}

/// With `--lossy` a replaced byte never goes unmentioned.
pub fn lossy_warning(doc: &Document) -> Option<String> {
    (doc.replacements > 0).then(|| {
        format!(
            "{}: {} undecodable byte sequences replaced with U+FFFD (--lossy)",
            doc.path.display(),
            doc.replacements
        )
    })
}

/// Reads one input, printing the lossy-decoding warning.
fn read_doc(path: &Path, c: &Common) -> Result<Document> {
    let doc = Document::read(path, decode_opts(c))?;
    warn_all(lossy_warning(&doc).as_slice());
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

/// The merged glossaries with the `--ignore` rules; load warnings go to stderr.
fn load_glossary(t: &TermArgs) -> Result<Glossary> {
    let mut g = Glossary::load(&t.glossaries)?;
    warn_all(&g.warnings());
    if let Some(p) = &t.ignore {
        g = g.with_ignore(IgnoreList::load(p)?);
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
        split: if p.aligned {
            SplitMode::AlignedLines
        } else {
            c.split_mode()
        },
        segmenter: segmenter(c)?,
        align: crate::align::AlignConfig {
            boundary,
            ..crate::align::AlignConfig::default()
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

/// Progress and spinners only where a person watches: never with `-q`,
/// never into a log file.
fn show_progress(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}

/// Same file, whether named the same way or not (a file that does not
/// exist yet cannot be an input).
fn same_file(a: &Path, b: &Path) -> bool {
    !is_stdout(a) && !is_stdout(b) && crate::pairs::same_file(a, b)
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
                && !is_stdout(out)
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

/// `--fail-on-terms` with no glossary could never fail: say so rather than pass silently.
fn check_gate_args(g: &crate::cli::GateArgs, t: &TermArgs) -> Result<()> {
    if g.fail_on_terms && t.glossaries.is_empty() {
        return Err(Error::usage(
            "--fail-on-terms needs at least one --glossary FILE to check terms against",
        ));
    }
    Ok(())
}

/// Writes one pair's report (with the summary as a second xlsx sheet);
/// `terms_only` keeps the rows with a glossary finding. Returns warnings.
fn write_pair_report(
    path: &Path,
    rep: &DocReport,
    s: &DocSummary,
    wo: &WriteOptions,
    terms_only: bool,
) -> Result<Vec<String>> {
    let mut table = schema::report_table(rep);
    if terms_only {
        let keep: Vec<bool> = rep
            .rows
            .iter()
            .map(|r| !r.hyp_terms.is_empty() || !r.ref_terms.is_empty())
            .collect();
        let mut k = keep.iter();
        table.rows.retain(|_| *k.next().unwrap_or(&false));
    }
    let sheet = (wo.format == Format::Xlsx).then(|| schema::summary_table(std::slice::from_ref(s)));
    output::write_report_to(path, &table, sheet.as_ref(), wo)
}
