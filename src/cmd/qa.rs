//! `mtaudit qa FILE`: the QA checks that need no second rendering, on one
//! text (of an XLIFF, TMX or PO file, each unit's translation): a delivery
//! can be checked before any reference exists.

use super::{check_outputs, read_text, segmenter, tokenized_warning, warn_all};
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

/// The checks of `set` that `qa` runs: all of them for `all`, else those
/// that need no second text (a project file's list names pair checks too).
pub(crate) fn single_text_part(set: qa::CheckSet) -> qa::CheckSet {
    if set == qa::CheckSet::ALL {
        return set;
    }
    SINGLE
        .iter()
        .filter(|c| set.contains(**c))
        .fold(qa::CheckSet::NONE, |s, c| s.with(*c))
}

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
    let (doc, units) = read_text(&a.file, &a.common, &a.cat)?;
    let seg = segmenter(&a.common)?;
    // A CAT file's units (the translation as the reader gave it, and the
    // sentence the report shows), or `None` for plain text.
    let units = units.map(|u| {
        let texts = u.units.unwrap_or_default();
        texts.into_iter().zip(u.sentences).collect::<Vec<_>>()
    });
    let mut table = Table::new(schema::QA_COLUMNS);
    let mut found: Vec<QaFinding> = Vec::new();
    // Tokenized text (a space before every comma and full stop) is one
    // defect of the whole delivery, said once rather than on every line.
    let mut tokens = qa::Tokenization::default();
    if a.checks.contains(qa::Code::Space) {
        match &units {
            Some(u) => u.iter().for_each(|(unit, _)| tokens.add(&unit.text)),
            None => tokens.add(&doc.text),
        }
    }
    let tokenized = tokens.is_tokenized();
    // `raw` is checked as written, not folded: a double space is a finding.
    let mut check = |raw: &str, line: usize, shown: &str| {
        found.clear();
        qa::check_text_styled(raw, a.script, a.checks, tokenized, &mut found);
        for f in found.drain(..) {
            table.rows.push(schema::qa_row(line, &f, shown));
        }
    };
    match &units {
        Some(u) => {
            for (unit, s) in u {
                check(unit.text.trim(), s.line, &s.text);
            }
        }
        None => seg.for_each_sentence(&doc.text, a.common.split_mode(), |s| {
            check(
                doc.text.get(s.span.clone()).unwrap_or(&s.text),
                s.line,
                &s.text,
            );
        }),
    }
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
