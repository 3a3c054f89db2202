//! Sentence segmentation.
//!
//! Rule based, in two linear passes that never look back further than one
//! token: first the text is cut into blocks at blank lines and each block
//! into chunks at the line breaks that end a segment by themselves
//! (headings, short lines, list items; see `segment/lines.rs`); then each chunk is
//! scanned once for terminal marks, and every mark is judged from the token
//! before it and the token after it (see `segment/scan.rs`). No regex runs per
//! position and abbreviations are one hash lookup, so a 50 MB single line
//! costs the same per byte as a short one.

mod abbrev;
mod chars;
mod layout;
mod lines;
mod scan;

use std::ops::Range;

pub use abbrev::{Abbreviations, Kind as AbbreviationKind};
pub use layout::layout_breaks;

/// One sentence as mtaudit sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The sentence with internal line breaks and runs of whitespace folded to one space.
    pub text: String,
    /// Byte range in the decoded document text, first to last non-space character.
    pub span: Range<usize>,
    /// 1-based line of the document where the sentence starts.
    pub line: usize,
    /// Offsets in `text` of the spaces that stand for two or more whitespace
    /// characters in the document (no line break among them): the double spaces the
    /// QA `space` check reports, which folding would otherwise hide.
    /// Empty where `text` is the document's text as it stands.
    pub doubles: Box<[u32]>,
}

/// How a text becomes segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SplitMode {
    /// Find sentence boundaries in running text.
    #[default]
    Sentences,
    /// Each non-blank line is one sentence (still aligned).
    Lines,
    /// Every line is one segment, empty ones included, as sacrebleu reads
    /// files: line i of one side pairs with line i of the other, with no
    /// alignment.
    AlignedLines,
}

impl SplitMode {
    pub fn as_str(self) -> &'static str {
        match self {
            SplitMode::Sentences => "sentences",
            SplitMode::Lines => "lines",
            SplitMode::AlignedLines => "aligned",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Segmenter {
    abbreviations: Abbreviations,
}

impl Segmenter {
    pub fn new() -> Self {
        Segmenter::default()
    }

    /// Adds abbreviations (with or without their final dot, e.g. `Approx.` or
    /// `approx`, any case) that never end a sentence.
    pub fn with_abbreviations<I: IntoIterator<Item = String>>(mut self, extra: I) -> Self {
        for e in extra {
            self.abbreviations.add_user(&e);
        }
        self
    }

    pub fn segment(&self, text: &str, mode: SplitMode) -> Vec<Sentence> {
        // English prose averages well over 100 bytes per sentence.
        let mut out = Vec::with_capacity(text.len() / 128);
        self.for_each_sentence(text, mode, |s| out.push(s));
        out
    }

    /// The sentences of [`Segmenter::segment`], handed to `f` one at a time
    /// as each chunk is done, so a caller that only streams them out (the
    /// `segment` command) never holds the whole list.
    pub fn for_each_sentence(&self, text: &str, mode: SplitMode, mut f: impl FnMut(Sentence)) {
        match mode {
            SplitMode::Lines => for_each_line_sentence(text, f),
            SplitMode::AlignedLines => for_each_aligned_line(text, f),
            SplitMode::Sentences => {
                let mut buf = Vec::new();
                lines::for_each_chunk(text, |chunk| {
                    scan::split_chunk(text, chunk, &self.abbreviations, &mut buf);
                    buf.drain(..).for_each(&mut f);
                });
            }
        }
    }
}

/// One sentence per non-blank line.
pub fn split_lines(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for_each_line_sentence(text, |s| out.push(s));
    out
}

fn for_each_line_sentence(text: &str, mut f: impl FnMut(Sentence)) {
    lines::for_each_line(text, |l| {
        if let Some(s) = make_sentence(text, l.start..l.end, l.number) {
            f(s);
        }
    });
}

/// Every line as it stands, empty ones included; only a final line end
/// does not open another line.
fn for_each_aligned_line(text: &str, mut f: impl FnMut(Sentence)) {
    let b = text.as_bytes();
    let mut start = 0;
    let mut line = 0;
    let mut push = |s: usize, e: usize| {
        line += 1;
        f(Sentence {
            text: text[s..e].to_owned(),
            span: s..e,
            line,
            doubles: Box::default(),
        });
    };
    let mut i = 0;
    while let Some(off) = memchr::memchr2(b'\n', b'\r', &b[i..]) {
        let at = i + off;
        push(start, at);
        i = if b[at] == b'\r' && b.get(at + 1) == Some(&b'\n') {
            at + 2
        } else {
            at + 1
        };
        start = i;
    }
    if start < b.len() {
        push(start, b.len());
    }
}

/// Folds every run of Unicode whitespace (line breaks, tabs, NBSP, U+3000…)
/// to one ASCII space and trims both ends.
pub fn fold_whitespace(s: &str) -> String {
    fold_marking(s, &mut Vec::new())
}

/// [`fold_whitespace`], which also appends to `doubles` the offset in the
/// result of each space that stands for two or more whitespace characters
/// with no line break among them (a run across a line break is layout:
/// a wrapped line, an indent).
pub fn fold_marking(s: &str, doubles: &mut Vec<u32>) -> String {
    let s = s.trim();
    let b = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    // Copy runs whole: a single ASCII space between words is kept as it is,
    // only other whitespace (or several spaces) breaks a run.
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && !SPACE_LEAD[b[i] as usize] {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let l = space_len(s, i);
        if l == 0 {
            i += 1;
            continue;
        }
        if b[i] == b' ' && space_len(s, i + 1) == 0 {
            i += 1;
            continue;
        }
        out.extend_from_slice(&b[run..i]);
        let at = out.len();
        // `s` is trimmed, so a whitespace run is always followed by text.
        out.push(b' ');
        let from = i;
        i += l;
        let mut chars = 1;
        loop {
            let l = space_len(s, i);
            if l == 0 {
                break;
            }
            i += l;
            chars += 1;
        }
        if chars >= 2 && !s[from..i].chars().any(is_line_break) {
            // Past 4 GiB a mark has no offset to hold: that space goes unmarked.
            if let Ok(at) = u32::try_from(at) {
                doubles.push(at);
            }
        }
        run = i;
    }
    if run == 0 {
        return s.to_owned();
    }
    out.extend_from_slice(&b[run..]);
    // Only whole whitespace characters were replaced by ASCII spaces.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A whitespace character that ends a line.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Bytes that can begin a whitespace character.
const SPACE_LEAD: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 9;
    while c <= 13 {
        t[c] = true;
        c += 1;
    }
    t[b' ' as usize] = true;
    t[0xC2] = true;
    t[0xE1] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t
};

/// Byte length of the whitespace character at `i`, 0 if there is none.
fn space_len(s: &str, i: usize) -> usize {
    match s.as_bytes().get(i) {
        Some(&c) if c < 0x80 => usize::from(SPACE_LEAD[c as usize]),
        Some(&c) if SPACE_LEAD[c as usize] => match s[i..].chars().next() {
            Some(ch) if ch.is_whitespace() => ch.len_utf8(),
            _ => 0,
        },
        _ => 0,
    }
}

/// The sentence for `range` trimmed of whitespace, or `None` when blank.
fn make_sentence(text: &str, range: Range<usize>, line: usize) -> Option<Sentence> {
    let raw = &text[range.clone()];
    let lead = raw.len() - raw.trim_start().len();
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return None;
    }
    let start = range.start + lead;
    let mut doubles = Vec::new();
    Some(Sentence {
        text: fold_marking(trimmed, &mut doubles),
        span: start..start + trimmed.len(),
        line,
        doubles: doubles.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<String> {
        Segmenter::new()
            .segment(t, SplitMode::Sentences)
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn folding_marks_double_spaces_but_not_layout() {
        let mark = |t: &str| {
            let mut d = Vec::new();
            let f = fold_marking(t, &mut d);
            (f, d)
        };
        assert_eq!(mark("a  b c\t\td"), ("a b c d".into(), vec![1, 5]));
        assert_eq!(mark("a \u{a0}b"), ("a b".into(), vec![1]));
        // Line breaks (and the indent after one), trimmed ends, single
        // spaces and other single whitespace are not double spaces.
        assert_eq!(
            mark("  a\n    b\r\nc \n d\te  "),
            ("a b c d e".into(), vec![])
        );
        assert_eq!(mark("a\u{2028} b"), ("a b".into(), vec![]));
        assert_eq!(mark("plain text"), ("plain text".into(), vec![]));
        // Offsets count bytes of the folded text.
        assert_eq!(mark("é  ü").1, vec![2]);
    }

    #[test]
    fn every_fold_mark_points_at_a_space() {
        let cases = [
            "é\u{3000}\u{3000}ü  x",
            "\u{a0}\u{a0}lead  and trail\t\t",
            "a \t\u{85} b\u{2029}\u{2029}c  \u{200b}d",
            "中文\u{3000} 字  末",
            "x\r\n\r\n  y   z",
        ];
        for t in cases {
            let mut d = Vec::new();
            let f = fold_marking(t, &mut d);
            assert!(!d.is_empty(), "{t:?} lost its marks");
            for o in d {
                assert_eq!(f.as_bytes().get(o as usize), Some(&b' '), "{t:?} at {o}");
            }
        }
    }

    #[test]
    fn fold_handles_all_spaces() {
        assert_eq!(fold_whitespace("  a\u{a0}\u{3000}b\r\n c\t"), "a b c");
        assert_eq!(fold_whitespace("plain text"), "plain text");
        assert_eq!(fold_whitespace("two  spaces"), "two spaces");
    }

    #[test]
    fn basic_split_and_abbreviation() {
        assert_eq!(
            texts("Mr. Smith came. He left."),
            ["Mr. Smith came.", "He left."]
        );
    }

    #[test]
    fn lines_mode_counts_cr_and_crlf() {
        let s = split_lines("a\r\nb\rc\n\n d ");
        let got: Vec<_> = s.iter().map(|s| (s.text.as_str(), s.line)).collect();
        assert_eq!(got, [("a", 1), ("b", 2), ("c", 3), ("d", 5)]);
        assert_eq!(s[3].span, 9..10);
    }

    #[test]
    fn streaming_gives_the_same_sentences() {
        let t = "Mr. Smith came.  He left!\n\nHeading\nA line. And\nwrapped text here.\n";
        let seg = Segmenter::new();
        for mode in [
            SplitMode::Sentences,
            SplitMode::Lines,
            SplitMode::AlignedLines,
        ] {
            let mut streamed = Vec::new();
            seg.for_each_sentence(t, mode, |s| streamed.push(s));
            assert_eq!(streamed, seg.segment(t, mode));
            assert!(!streamed.is_empty());
        }
    }

    #[test]
    fn aligned_lines_keep_every_line_as_it_stands() {
        let got = Segmenter::new().segment("a \r\n\nb\rc\n", SplitMode::AlignedLines);
        let texts: Vec<(&str, usize)> = got.iter().map(|s| (s.text.as_str(), s.line)).collect();
        assert_eq!(texts, [("a ", 1), ("", 2), ("b", 3), ("c", 4)]);
        assert_eq!(got[2].span, 5..6);
        let one = Segmenter::new().segment("no line end", SplitMode::AlignedLines);
        assert_eq!(one.len(), 1);
        assert!(
            Segmenter::new()
                .segment("", SplitMode::AlignedLines)
                .is_empty()
        );
    }

    #[test]
    fn user_abbreviation_blocks_split() {
        let seg = Segmenter::new().with_abbreviations(["Frobn.".to_owned()]);
        let t = "See frobn. Eleven more.";
        assert_eq!(seg.segment(t, SplitMode::Sentences).len(), 1);
        assert_eq!(Segmenter::new().segment(t, SplitMode::Sentences).len(), 2);
    }
}
