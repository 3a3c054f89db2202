//! Sentence segmentation.
//!
//! PLACEHOLDER: a minimal segmenter so the pipeline runs end to end; the
//! segmentation issue replaces the body, keeping this public API.

use std::ops::Range;

/// One sentence as mtaudit sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The sentence with internal line breaks and runs of whitespace folded to one space.
    pub text: String,
    /// Byte range in the decoded document text, first to last non-space character.
    pub span: Range<usize>,
    /// 1-based line of the document where the sentence starts.
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SplitMode {
    /// Find sentence boundaries in running text.
    #[default]
    Sentences,
    /// Each non-blank line is one sentence.
    Lines,
}

#[derive(Debug, Clone, Default)]
pub struct Segmenter {
    extra_abbreviations: Vec<String>,
}

impl Segmenter {
    pub fn new() -> Self {
        Segmenter::default()
    }

    /// Adds abbreviations (without their final dot, e.g. `Approx`) that never end a sentence.
    pub fn with_abbreviations<I: IntoIterator<Item = String>>(mut self, extra: I) -> Self {
        self.extra_abbreviations.extend(extra);
        self
    }

    pub fn segment(&self, text: &str, mode: SplitMode) -> Vec<Sentence> {
        match mode {
            SplitMode::Lines => split_lines(text),
            SplitMode::Sentences => {
                let mut out = Vec::new();
                for s in split_lines(text) {
                    let t = &text[s.span.clone()];
                    let mut start = 0;
                    let b = t.as_bytes();
                    for i in 0..b.len() {
                        if matches!(b[i], b'.' | b'!' | b'?') && b.get(i + 1) == Some(&b' ') {
                            push(&mut out, text, s.span.start + start, s.span.start + i + 1);
                            start = i + 2;
                        }
                    }
                    push(&mut out, text, s.span.start + start, s.span.end);
                }
                out
            }
        }
    }
}

fn push(out: &mut Vec<Sentence>, text: &str, start: usize, end: usize) {
    let t = text[start..end].trim();
    if t.is_empty() {
        return;
    }
    let s = start + text[start..end].find(t).unwrap_or(0);
    out.push(Sentence {
        text: t.split_whitespace().collect::<Vec<_>>().join(" "),
        span: s..s + t.len(),
        line: line_of(text, s),
    });
}

fn line_of(text: &str, byte: usize) -> usize {
    let b = &text.as_bytes()[..byte];
    let mut n = 1;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            n += 1;
        }
        i += 1;
    }
    n
}

/// One sentence per non-blank line.
pub fn split_lines(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' || c == '\r' {
            push(&mut out, text, start, i);
            start = i + 1;
        }
    }
    push(&mut out, text, start, text.len());
    out
}
