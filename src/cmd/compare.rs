//! `mtaudit compare HYP REF`: one pair aligned, scored and checked; the
//! per-sentence report, the optional summaries and the CI gates.

use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use super::{
    OptionFiles, PairInput, audit_into, aux_inputs, build_options, check_gate_args, check_outputs,
    decode_opts, show_progress, thread_pool, warn_all,
};
use crate::audit::Row;
use crate::cli::CompareArgs;
use crate::error::{Error, Result};
use crate::gate::{GateStats, check_gates};
use crate::output::{self, WriteOptions, schema};
use crate::summary;

/// Inputs at least this large get a spinner (on a terminal).
const SPINNER_BYTES: u64 = 256 * 1024;

/// Refuses argument combinations that would silently lose data.
fn check_paths(a: &CompareArgs) -> Result<()> {
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

fn spinner() -> ProgressBar {
    let pb = ProgressBar::new_spinner();
    pb.set_style(
        ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    pb
}

pub fn run(a: CompareArgs) -> Result<()> {
    check_paths(&a)?;
    check_gate_args(&a.gates, &a.terms)?;
    let wo = a.fmt.write_options(Some(&a.output))?;
    let opts = build_options(&a.common, &a.terms, &a.pipe, &mut OptionFiles::default())?;
    let pool = thread_pool(a.pipe.jobs)?;
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let spinner = (show_progress(a.common.quiet)
        && size(&a.hyp) + size(&a.reference) >= SPINNER_BYTES)
        .then(spinner);
    if let Some(pb) = &spinner {
        pb.set_message("aligning, scoring and writing");
    }
    let name = if a.hyp == Path::new("-") {
        "stdin".to_owned()
    } else {
        crate::pairs::doc_name(&a.hyp)
    };
    // Every output is opened before any work, so a bad path fails at once,
    // and all are replaced together at the end, or none is.
    let mut report = output::open(&a.output, &wo)?;
    let summary_wo = a.summary.as_deref().map(|p| side_format(p, &wo));
    let terms_wo = a.term_summary.as_deref().map(|p| side_format(p, &wo));
    let mut summary_out = a
        .summary
        .as_deref()
        .zip(summary_wo.as_ref())
        .map(|(p, o)| output::open(p, o.as_ref().unwrap_or(&wo)))
        .transpose()?;
    let mut terms_out = a
        .term_summary
        .as_deref()
        .zip(terms_wo.as_ref())
        .map(|(p, o)| output::open(p, o.as_ref().unwrap_or(&wo)))
        .transpose()?;
    let input = PairInput {
        name: &name,
        hyp: &a.hyp,
        ref_: &a.reference,
        decode: decode_opts(&a.common),
        regular_only: false,
    };
    let terms_only = a.terms_only;
    let keep = move |r: &Row| !terms_only || !r.hyp_terms.is_empty() || !r.ref_terms.is_empty();
    let out = pool.install(|| audit_into(&input, &opts, &mut report, &a.output, &wo, &keep))?;
    warn_all(&out.lossy);
    let s = out.summary;
    if let (Some(sink), Some(p), Some(o)) = (summary_out.as_mut(), &a.summary, &summary_wo) {
        match o {
            None => output::write_json_into(sink, &schema::SummaryRecord::new(&s))?,
            Some(o) => {
                let t = schema::summary_table(std::slice::from_ref(&s));
                warn_all(&prefixed(p, output::write_table_into(sink, &t, o)?));
            }
        }
    }
    if let (Some(sink), Some(p), Some(o)) = (terms_out.as_mut(), &a.term_summary, &terms_wo) {
        let t = schema::term_summary_table([(s.name.as_str(), &s.terms)], false);
        warn_all(&prefixed(
            p,
            output::write_table_into(sink, &t, o.as_ref().unwrap_or(&wo))?,
        ));
    }
    output::commit_all(
        std::iter::once(report)
            .chain(summary_out)
            .chain(terms_out)
            .collect(),
    )?;
    if let Some(pb) = spinner {
        pb.finish_and_clear();
    }
    warn_all(&out.warnings);
    if !a.common.quiet {
        super::say(&summary::describe(&s));
    }
    check_gates(
        &GateStats::from_summary(&s),
        &a.gates.fail_under,
        a.gates.fail_on_terms,
    )
}

/// How a summary file is written: `None` for JSON (`.json`), else the
/// table format its extension names, else the report's.
fn side_format(p: &Path, report: &WriteOptions) -> Option<WriteOptions> {
    let ext = p
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if ext.as_deref() == Some("json") {
        return None;
    }
    let mut o = report.clone();
    if let Some(f) = crate::cli::format_of_path(p) {
        let (format, delimiter) = crate::cli::format_arg(f);
        o.format = format;
        if f == crate::cli::FormatArg::Tsv {
            o.delimiter = delimiter;
        }
    }
    Some(o)
}

/// Warnings about one of several outputs name it.
fn prefixed(p: &Path, w: Vec<String>) -> Vec<String> {
    w.into_iter()
        .map(|w| format!("{}: {w}", p.display()))
        .collect()
}
