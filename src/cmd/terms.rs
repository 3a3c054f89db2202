//! `mtaudit terms FILE`: the glossary check of one text (of an XLIFF, TMX
//! or PO file, each unit's translation), one row per finding, written as
//! each is found; saved as `--ignore FILE` the output silences those
//! findings.

use super::{aux_inputs, check_outputs, load_glossary, read_text, segmenter, warn_all};
use crate::cli::TermsArgs;
use crate::error::{Error, Result};
use crate::glossary::{text_findings, unit_findings};
use crate::output::{self, schema};

pub fn run(a: TermsArgs) -> Result<()> {
    let mut inputs = vec![("FILE", a.file.as_path())];
    inputs.extend(aux_inputs(&a.common, &a.terms));
    check_outputs(&inputs, &[("-o/--output", Some(&a.output))])?;
    let wo = a.fmt.write_options(Some(&a.output))?;
    if a.terms.glossaries.is_empty() {
        return Err(Error::usage("terms needs at least one --glossary FILE"));
    }
    let glossary = load_glossary(&a.terms)?;
    let (doc, units) = read_text(&a.file, &a.common, &a.cat)?;
    let seg = segmenter(&a.common)?;
    // Spans only: the sentences' own copies of the text would double it.
    let mut sentences = Vec::new();
    if units.is_none() {
        seg.for_each_sentence(&doc.text, a.common.split_mode(), |s| sentences.push(s.span));
    }
    let header: Vec<String> = schema::TERMS_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .collect();
    let mut sink = output::open(&a.output, &wo)?;
    // Each row goes out as its finding is made: a text without sentence
    // marks can have millions of findings, each with a sentence excerpt.
    let written = output::writer(&mut sink, &header, &wo).and_then(|mut w| {
        let mut res = Ok(());
        let row = |f| {
            if res.is_ok() {
                res = w.row(&schema::terms_row(f));
            }
        };
        match &units {
            Some(u) => unit_findings(&u.sentences, &glossary, row),
            None => text_findings(&doc, &sentences, &glossary, row),
        }
        res.and_then(|()| w.finish(None))
    });
    // A closed stdout (`| head`) maps to exit 0 through `Sink::error`.
    let warnings = written
        .map(output::collapse_cut_warnings)
        .map_err(|e| sink.error(e))?;
    sink.commit()?;
    warn_all(&warnings);
    Ok(())
}
