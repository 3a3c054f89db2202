//! `mtaudit compare HYP REF`: one pair aligned, scored and checked; the
//! per-sentence report, the optional summaries and the CI gates.

use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use super::{
    aux_inputs, build_options, check_gate_args, check_outputs, read_doc, show_progress,
    thread_pool, warn_all, write_pair_report,
};
use crate::audit::audit_pair;
use crate::cli::CompareArgs;
use crate::error::{Error, Result};
use crate::gate::{GateStats, check_gates};
use crate::output::{self, schema};
use crate::summary::{self, DocSummary};

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
    let wo = a.fmt.write_options()?;
    let opts = build_options(&a.common, &a.terms, &a.pipe)?;
    let pool = thread_pool(a.pipe.jobs)?;
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let spinner = (show_progress(a.common.quiet)
        && size(&a.hyp) + size(&a.reference) >= SPINNER_BYTES)
        .then(spinner);
    let step = |m: &str| {
        if let Some(pb) = &spinner {
            pb.set_message(m.to_owned());
        }
    };
    step("reading");
    let hyp = read_doc(&a.hyp, &a.common)?;
    let reference = read_doc(&a.reference, &a.common)?;
    step("aligning and scoring");
    let name = if a.hyp == Path::new("-") {
        "stdin".to_owned()
    } else {
        crate::pairs::doc_name(&a.hyp)
    };
    let rep = pool.install(|| audit_pair(&name, &hyp, &reference, &opts))?;
    step("writing");
    let s = DocSummary::from_report(&rep, opts.min_align_score);
    let gate_stats = GateStats::from_report(&rep);
    if let Some(p) = &a.term_summary {
        let t = schema::term_summary_table([(rep.name.as_str(), &rep.terms)], false);
        output::write_table_to(p, &t, &wo)?;
    }
    let warnings = write_pair_report(&a.output, &rep, &s, &wo, a.terms_only)?;
    if let Some(pb) = spinner {
        pb.finish_and_clear();
    }
    warn_all(&warnings);
    if let Some(p) = &a.summary {
        let sum_table = schema::summary_table(std::slice::from_ref(&s));
        output::write_table_to(p, &sum_table, &wo)?;
    }
    if !a.common.quiet {
        eprintln!("{}", summary::describe(&s));
    }
    check_gates(&gate_stats, &a.gates.fail_under, a.gates.fail_on_terms)
}
