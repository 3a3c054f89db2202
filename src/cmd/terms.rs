//! `mtaudit terms FILE`: the glossary check of one text, one row per
//! finding; saved as `--ignore FILE` the output silences those findings.

use super::{aux_inputs, check_outputs, load_glossary, read_doc, segmenter, warn_all};
use crate::cli::TermsArgs;
use crate::error::{Error, Result};
use crate::glossary::text_findings;
use crate::output::{self, schema};
use crate::table::Table;

pub fn run(a: TermsArgs) -> Result<()> {
    let mut inputs = vec![("FILE", a.file.as_path())];
    inputs.extend(aux_inputs(&a.common, &a.terms));
    check_outputs(&inputs, &[("-o/--output", Some(&a.output))])?;
    let wo = a.fmt.write_options(Some(&a.output))?;
    if a.terms.glossaries.is_empty() {
        return Err(Error::usage("terms needs at least one --glossary FILE"));
    }
    let glossary = load_glossary(&a.terms)?;
    let doc = read_doc(&a.file, &a.common)?;
    let seg = segmenter(&a.common)?;
    let sentences = seg.segment(&doc.text, a.common.split_mode());
    let mut table = Table::new(schema::TERMS_COLUMNS);
    text_findings(&doc, &sentences, &glossary, |f| {
        table.rows.push(schema::terms_row(f))
    });
    let warnings = output::write_table_to(&a.output, &table, &wo)?;
    warn_all(&warnings);
    Ok(())
}
