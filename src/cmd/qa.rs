//! `mtaudit qa FILE`: the QA checks that need no second rendering, on one
//! text: a delivery can be checked before any reference exists.

use super::{check_outputs, read_doc, segmenter, tokenized_warning, warn_all};
use crate::cli::QaArgs;
use crate::error::{Error, Result};
use crate::output::{self, schema};
use crate::qa::{self, QaFinding};
use crate::table::Table;

/// The checks that need no second text.
const SINGLE: [qa::Code; 4] = [
    qa::Code::Repeat,
    qa::Code::Space,
    qa::Code::Punct,
    qa::Code::Untranslated,
];

pub fn run(a: QaArgs) -> Result<()> {
    if a.checks != qa::CheckSet::ALL
        && let Some(c) = a.checks.iter().find(|c| !SINGLE.contains(c))
    {
        return Err(Error::usage(format!(
            "--checks {}: `{}` compares two renderings; mtaudit qa runs repeat, space, punct \
             and untranslated (use compare for the others)",
            a.checks,
            c.as_str()
        )));
    }
    check_outputs(
        &[("FILE", a.file.as_path())],
        &[("-o/--output", Some(&a.output))],
    )?;
    let wo = a.fmt.write_options(Some(&a.output))?;
    let doc = read_doc(&a.file, &a.common)?;
    let seg = segmenter(&a.common)?;
    let mut table = Table::new(schema::QA_COLUMNS);
    let mut found: Vec<QaFinding> = Vec::new();
    // Tokenized text (a space before every comma and full stop) is one
    // defect of the whole delivery, said once rather than on every line.
    let mut tokens = qa::Tokenization::default();
    if a.checks.contains(qa::Code::Space) {
        tokens.add(&doc.text);
    }
    let tokenized = tokens.is_tokenized();
    seg.for_each_sentence(&doc.text, a.common.split_mode(), |s| {
        found.clear();
        // The sentence as written, not folded: a double space is a finding.
        let raw = doc.text.get(s.span.clone()).unwrap_or(&s.text);
        qa::check_text_styled(raw, a.script, a.checks, tokenized, &mut found);
        for f in found.drain(..) {
            table.rows.push(schema::qa_row(s.line, &f, &s.text));
        }
    });
    if tokenized {
        warn_all(&[tokenized_warning(
            &a.file,
            "of its commas and full stops",
            true,
        )]);
    }
    let warnings = output::write_table_to(&a.output, &table, &wo)?;
    warn_all(&warnings);
    Ok(())
}
