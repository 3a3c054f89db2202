//! `mtaudit segment FILE`: the sentences mtaudit sees, one per line,
//! streamed as the segmenter finds them.

use std::io::Write;

use super::{read_doc, segmenter};
use crate::cli::SegmentArgs;
use crate::error::Result;
use crate::output::stdout_error;

pub fn run(a: SegmentArgs) -> Result<()> {
    let doc = read_doc(&a.file, &a.common)?;
    let seg = segmenter(&a.common)?;
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let mut res = Ok(());
    seg.for_each_sentence(&doc.text, a.common.split_mode(), |s| {
        if res.is_ok() {
            res = w
                .write_all(s.text.as_bytes())
                .and_then(|()| w.write_all(b"\n"));
        }
    });
    res.and_then(|()| w.flush()).map_err(stdout_error)
}
