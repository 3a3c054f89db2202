//! `mtaudit segment FILE`: the sentences mtaudit sees, one per line,
//! streamed as the segmenter finds them; of an XLIFF, TMX or PO file, each
//! unit's translation.

use std::io::Write;

use super::{read_text, segmenter};
use crate::cli::SegmentArgs;
use crate::error::Result;
use crate::output::stdout_error;

pub fn run(a: SegmentArgs) -> Result<()> {
    let (doc, units) = read_text(&a.file, &a.common, &a.cat)?;
    let seg = segmenter(&a.common)?;
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let mut res = Ok(());
    let mut print = |s: &str| {
        if res.is_ok() {
            res = w.write_all(s.as_bytes()).and_then(|()| w.write_all(b"\n"));
        }
    };
    match &units {
        // A unit is a sentence as `compare` sees it; one without a
        // translation has none.
        Some(u) => u
            .sentences
            .iter()
            .filter(|s| !s.text.is_empty())
            .for_each(|s| print(&s.text)),
        None => seg.for_each_sentence(&doc.text, a.common.split_mode(), |s| print(&s.text)),
    }
    res.and_then(|()| w.flush()).map_err(stdout_error)
}
