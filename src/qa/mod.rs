//! QA checks: mechanical differences between the two renderings that a
//! reviewer would otherwise have to spot by eye (a changed number, a lost
//! placeholder, source text the MT left in, a doubled word).
//!
//! Why a separate engine rather than more metrics: the metrics say *how far*
//! two renderings are apart, but a 0.95 chrF pair can still carry the one
//! wrong digit that matters, and reviewers triage by such concrete defects.
//! Each finding names the offending text so that a reviewer can judge it
//! without opening the files, and carries byte spans so the review page can
//! highlight it.
//!
//! Why the design looks the way it does:
//! - The checks run in the same pass as the metrics over millions of pairs,
//!   with a budget of about a microsecond per pair. So each side is read
//!   once by `scan`, which only classifies bytes; the costlier parsers
//!   (numbers, placeholders, URLs, brackets, scripts) run only on sides
//!   where that scan saw a byte that can start what they look for, and
//!   nothing is allocated unless something is reported ([`Checker`] keeps
//!   its buffers between pairs).
//! - Reviewers stop reading a column that cries wolf. Where a rule is
//!   ambiguous the checks lean towards silence: a pair check fires only on
//!   a difference *between* the sides (a quotation split over two sentences
//!   leaves both sides unbalanced, which is not the translator's doing),
//!   spelled-out numbers and month names may only excuse a digit, never
//!   raise a finding themselves, units and currency signs are not compared.
//!   The decisions are listed beside each check.
//! - `inconsistent` needs the whole document, so it is a separate,
//!   streaming [`Consistency`] tracker with bounded memory instead of a
//!   part of [`check_pair`].
//!
//! This module sits below the report layer, which decides where findings
//! go; from the rest of the crate it takes only the excerpt rule and the
//! metrics' common-ends search.

mod consistency;
mod marks;
mod number;
mod punct;
mod scan;
mod script;
mod style;
mod words;

// QA details quote the offending text cut as messages quote it.
use crate::input::cat::clip as excerpt;
use std::cell::RefCell;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

pub use consistency::Consistency;
pub use script::Script;
pub use style::{Style, Tokenization};

/// The kind of a finding, in the order the report lists them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Code {
    Number,
    Placeholder,
    Untranslated,
    Url,
    Punct,
    Repeat,
    Space,
    Length,
    Inconsistent,
}

impl Code {
    /// Every code, in report order.
    pub const ALL: [Code; 9] = [
        Code::Number,
        Code::Placeholder,
        Code::Untranslated,
        Code::Url,
        Code::Punct,
        Code::Repeat,
        Code::Space,
        Code::Length,
        Code::Inconsistent,
    ];

    /// The name used in the report and in `--checks`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Number => "number",
            Code::Placeholder => "placeholder",
            Code::Untranslated => "untranslated",
            Code::Url => "url",
            Code::Punct => "punct",
            Code::Repeat => "repeat",
            Code::Space => "space",
            Code::Length => "length",
            Code::Inconsistent => "inconsistent",
        }
    }

    fn bit(self) -> u16 {
        1 << self as u16
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Code {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let t = s.trim();
        Code::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| ParseError::new("check", t, &valid_checks()))
    }
}

fn valid_checks() -> String {
    let mut v = String::from("all, none");
    for c in Code::ALL {
        v.push_str(", ");
        v.push_str(c.as_str());
    }
    v
}

/// A name that [`Code`], [`CheckSet`] or [`Script`] does not know; the
/// message lists the accepted names, so it can go to the user as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    message: String,
}

impl ParseError {
    fn new(what: &str, input: &str, valid: &str) -> Self {
        ParseError {
            message: format!("unknown {what} `{input}` (valid: {valid})"),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

/// Byte spans of a finding's text on one side. Nearly every finding
/// has at most one per side, held without an allocation: on a document of
/// repeated sentences nearly every row reports `inconsistent`.
pub type Spans = smallvec::SmallVec<[Range<usize>; 1]>;

/// A row's findings; the usual none or one without an allocation.
pub type Findings = smallvec::SmallVec<[QaFinding; 1]>;

/// One QA finding. `Display` gives the report form `CODE: detail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QaFinding {
    pub code: Code,
    /// The offending text, hyp part first and `->` before the ref part
    /// where both sides have one.
    pub detail: String,
    /// Byte spans of the offending text in the hyp (for [`check_text`]:
    /// in the checked text); may be empty.
    pub hyp: Spans,
    /// Byte spans of the offending text in the ref; may be empty.
    pub ref_: Spans,
}

impl fmt::Display for QaFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.detail)
    }
}

/// The report cell for a row: the findings in their `Display` form joined
/// by `; `, empty for none. Built without the formatting machinery: the
/// report writes one per row with findings.
///
/// A cell splits back into its findings at each `; ` followed by a code and
/// `: `. Quoted text could hold that too (an `inconsistent` excerpt "Set
/// the size; length: 20"), so there its space becomes a no-break space.
pub fn joined(findings: &[QaFinding]) -> String {
    let mut s = String::new();
    joined_into(&mut s, findings);
    s
}

/// [`joined`] into `s` (cleared first), so that a writer of many rows
/// reuses one buffer.
pub fn joined_into(s: &mut String, findings: &[QaFinding]) {
    let len: usize = findings
        .iter()
        .map(|f| f.code.as_str().len() + 2 + f.detail.len())
        .sum::<usize>()
        + 2 * findings.len().saturating_sub(1);
    s.clear();
    s.reserve(len);
    for (i, f) in findings.iter().enumerate() {
        if i > 0 {
            s.push_str("; ");
        }
        s.push_str(f.code.as_str());
        s.push_str(": ");
        push_unambiguous(s, &f.detail);
    }
}

/// Appends `detail` to a [`joined`] cell, with a no-break space after any
/// `;` that would read as the start of another finding.
fn push_unambiguous(s: &mut String, detail: &str) {
    let mut from = 0;
    // A `;` search, not a two-byte one: that would build a searcher for
    // every row, and nearly every detail has no `;` at all.
    for at in memchr::memchr_iter(b';', detail.as_bytes()) {
        let Some(rest) = detail[at + 1..].strip_prefix(' ') else {
            continue;
        };
        let next_finding = Code::ALL.iter().any(|c| {
            rest.strip_prefix(c.as_str())
                .is_some_and(|r| r.starts_with(": "))
        });
        if next_finding {
            s.push_str(&detail[from..at]);
            s.push_str(";\u{a0}");
            from = at + 2;
        }
    }
    s.push_str(&detail[from..]);
}

/// Which checks run (`--checks`). Parses `all`, `none` or a comma-separated
/// list of codes (case-insensitive; `none` inside a list adds nothing);
/// displays as `all`, `none` or the codes in report order, so the display
/// parses back to the same set.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CheckSet(u16);

impl CheckSet {
    pub const ALL: CheckSet = CheckSet((1 << Code::ALL.len()) - 1);
    pub const NONE: CheckSet = CheckSet(0);

    pub fn contains(self, c: Code) -> bool {
        self.0 & c.bit() != 0
    }
    pub fn with(self, c: Code) -> CheckSet {
        CheckSet(self.0 | c.bit())
    }
    pub fn without(self, c: Code) -> CheckSet {
        CheckSet(self.0 & !c.bit())
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The codes in the set, in report order.
    pub fn iter(self) -> impl Iterator<Item = Code> {
        Code::ALL.into_iter().filter(move |c| self.contains(*c))
    }
}

impl Default for CheckSet {
    fn default() -> Self {
        CheckSet::ALL
    }
}

impl FromIterator<Code> for CheckSet {
    fn from_iter<I: IntoIterator<Item = Code>>(it: I) -> Self {
        it.into_iter().fold(CheckSet::NONE, CheckSet::with)
    }
}

impl FromStr for CheckSet {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let mut set = CheckSet::NONE;
        for part in s.split(',') {
            let p = part.trim();
            if p.eq_ignore_ascii_case("all") {
                set = CheckSet::ALL;
            } else if p.eq_ignore_ascii_case("none") {
                // Adds nothing: `none` alone is the empty set.
            } else {
                set = set.with(p.parse()?);
            }
        }
        Ok(set)
    }
}

impl fmt::Display for CheckSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == CheckSet::ALL {
            return f.write_str("all");
        }
        if self.is_empty() {
            return f.write_str("none");
        }
        for (i, c) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(c.as_str())?;
        }
        Ok(())
    }
}

impl fmt::Debug for CheckSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CheckSet({self})")
    }
}

/// Reusable buffers for the checks, so a pair without findings allocates
/// nothing. [`check_pair`] and [`check_text`] keep one per thread; hold
/// your own where a thread-local is unwelcome.
#[derive(Default)]
pub struct Checker {
    nums: [Vec<number::Num>; 2],
    spelled: [Vec<number::Num>; 2],
    marks: [Vec<marks::Mark>; 2],
    /// The sides' placeholders, parsed once per text.
    places: [marks::Placeholders; 2],
    spans: [Vec<Range<usize>>; 2],
    /// What [`pair_findings`] gathers before the row takes it.
    found: Vec<QaFinding>,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends to `out` the findings of the pair checks in `set` (all codes
    /// but [`Code::Inconsistent`], which needs the document: see
    /// [`Consistency`]), at most one per code, in code order.
    pub fn check_pair(&mut self, hyp: &str, ref_: &str, set: CheckSet, out: &mut Vec<QaFinding>) {
        self.check_pair_folded(hyp, ref_, [&[], &[]], set, out);
    }

    /// [`Checker::check_pair`] of texts whose whitespace was folded:
    /// `folded[s]` holds the offsets in side `s` of the single spaces that
    /// stood for a double space (see [`crate::segment::fold_marking`]),
    /// which `space` reports as the double spaces they were.
    pub fn check_pair_folded(
        &mut self,
        hyp: &str,
        ref_: &str,
        folded: [&[u32]; 2],
        set: CheckSet,
        out: &mut Vec<QaFinding>,
    ) {
        self.check_pair_styled(hyp, ref_, folded, set, Style::default(), out);
    }

    /// [`Checker::check_pair_folded`] in a document of the given
    /// [`Style`]: a tokenized side's spaces before marks are its style,
    /// not findings.
    pub fn check_pair_styled(
        &mut self,
        hyp: &str,
        ref_: &str,
        folded: [&[u32]; 2],
        set: CheckSet,
        style: Style,
        out: &mut Vec<QaFinding>,
    ) {
        // `inconsistent` alone needs no scan: skip the pass over the text.
        // Identical sides differ in nothing a pair check compares (a
        // post-editor leaves many MT sentences as they are).
        if set.without(Code::Inconsistent).is_empty() || (hyp == ref_ && folded[0] == folded[1]) {
            return;
        }
        self.compare([hyp, ref_], folded, set, style, out);
    }

    /// [`Checker::check_pair_folded`] without its shortcuts.
    fn compare(
        &mut self,
        texts: [&str; 2],
        folded: [&[u32]; 2],
        set: CheckSet,
        style: Style,
        out: &mut Vec<QaFinding>,
    ) {
        let [mut ph, mut pr] = scan::scan_pair(texts[0], texts[1]);
        for ((p, f), tokenized) in [(&mut ph, folded[0]), (&mut pr, folded[1])]
            .into_iter()
            .zip(style.tokenized)
        {
            if !f.is_empty() {
                p.flags |= scan::DOUBLE_SPACE;
            }
            if tokenized {
                p.flags &= !scan::SPACE_BEFORE;
            }
        }
        let any = ph.flags | pr.flags;
        for p in &mut self.places {
            p.clear();
        }
        if set.contains(Code::Number) && any & scan::DIGIT != 0 {
            let mut codes = [Vec::new(), Vec::new()];
            if any & (scan::PLACE | scan::URLISH) != 0 {
                for s in 0..2 {
                    marks::code_spans(
                        texts[s],
                        &mut self.places[s],
                        &mut self.marks[s],
                        &mut codes[s],
                    );
                }
            }
            number::check_pair(
                texts,
                [&codes[0], &codes[1]],
                &mut self.nums,
                &mut self.spelled,
                out,
            );
        }
        let placeholders = set.contains(Code::Placeholder);
        if placeholders && any & scan::PLACE != 0 {
            marks::check_pair(
                texts,
                Code::Placeholder,
                true,
                &mut self.places,
                &mut self.marks,
                out,
            );
        }
        if set.contains(Code::Untranslated) && any & scan::FOREIGN != 0 {
            script::check_pair(texts, &mut self.spans, out);
        }
        if set.contains(Code::Url) && any & scan::URLISH != 0 {
            marks::check_pair(
                texts,
                Code::Url,
                placeholders,
                &mut self.places,
                &mut self.marks,
                out,
            );
        }
        if set.contains(Code::Punct) {
            let latin = [ph.flags, pr.flags]
                .map(|f| f & (scan::NON_ASCII | scan::FOREIGN) == scan::NON_ASCII);
            let brackets = any & scan::BRACKET != 0;
            let mut codes = [Vec::new(), Vec::new()];
            if brackets && any & scan::PLACE != 0 {
                for s in 0..2 {
                    marks::closed_placeholder_spans(texts[s], &mut self.places[s], &mut codes[s]);
                }
            }
            punct::check_pair(texts, brackets, latin, [&codes[0], &codes[1]], out);
        }
        if set.contains(Code::Repeat) && any & scan::REPEAT != 0 {
            words::check_repeat_pair(texts, &mut self.spans, out);
        }
        if set.contains(Code::Space) && (ph.flags ^ pr.flags) & scan::SPACING != 0 {
            words::check_space_pair(texts, [ph.flags, pr.flags], folded, style.tokenized, out);
        }
        if set.contains(Code::Length)
            && let Some(f) = length(ph.chars, pr.chars)
        {
            out.push(f);
        }
    }

    /// Appends to `out` the findings of the single-text checks in `set`
    /// (`repeat`, `space`, `punct` for unbalanced brackets and quotes and
    /// for full-width marks where `expected` writes ASCII ones, and
    /// `untranslated` meaning letters of a script other than `expected`)
    /// on one text. Spans go in
    /// [`QaFinding::hyp`]; details name no side.
    pub fn check_text(
        &mut self,
        text: &str,
        expected: Script,
        set: CheckSet,
        out: &mut Vec<QaFinding>,
    ) {
        self.check_text_styled(text, expected, set, false, out);
    }

    /// [`Checker::check_text`] of a sentence of a text that is `tokenized`
    /// (see [`Style`]): its spaces before marks are no findings.
    pub fn check_text_styled(
        &mut self,
        text: &str,
        expected: Script,
        set: CheckSet,
        tokenized: bool,
        out: &mut Vec<QaFinding>,
    ) {
        if set.is_empty() {
            return;
        }
        let mut p = scan::scan(text);
        if tokenized {
            p.flags &= !scan::SPACE_BEFORE;
        }
        // Only non-ASCII text can hold a letter of a script other than
        // Latin; Latin letters are accepted under every expected script.
        let trigger = if expected == Script::Latin {
            scan::FOREIGN
        } else {
            scan::NON_ASCII
        };
        if set.contains(Code::Untranslated) && p.flags & trigger != 0 {
            script::check_text(text, expected, &mut self.spans[0], out);
        }
        if set.contains(Code::Punct) {
            let latin = !matches!(expected, Script::Han | Script::Japanese | Script::Korean)
                && p.flags & (scan::NON_ASCII | scan::FOREIGN) == scan::NON_ASCII;
            let brackets = p.flags & scan::BRACKET != 0;
            if brackets || latin {
                let mut codes = Vec::new();
                if brackets && p.flags & scan::PLACE != 0 {
                    self.places[0].clear();
                    marks::closed_placeholder_spans(text, &mut self.places[0], &mut codes);
                }
                punct::check_text(text, brackets, latin, &codes, out);
            }
        }
        if set.contains(Code::Repeat) && p.flags & scan::REPEAT != 0 {
            words::check_repeat_text(text, &mut self.spans[0], out);
        }
        if set.contains(Code::Space) && p.flags & scan::SPACING != 0 {
            words::check_space_text(text, p.flags, out);
        }
    }
}

thread_local! {
    static CHECKER: RefCell<Checker> = RefCell::new(Checker::new());
}

/// [`Checker::check_pair`] with this thread's buffers.
pub fn check_pair(hyp: &str, ref_: &str, set: CheckSet, out: &mut Vec<QaFinding>) {
    CHECKER.with(|c| c.borrow_mut().check_pair(hyp, ref_, set, out));
}

/// [`Checker::check_pair_folded`] with this thread's buffers.
pub fn check_pair_folded(
    hyp: &str,
    ref_: &str,
    folded: [&[u32]; 2],
    set: CheckSet,
    out: &mut Vec<QaFinding>,
) {
    CHECKER.with(|c| {
        c.borrow_mut()
            .check_pair_folded(hyp, ref_, folded, set, out)
    });
}

/// [`Checker::check_pair_styled`]'s findings as a row holds them (the
/// usual none or one inline), gathered in this thread's buffer.
pub fn pair_findings(
    hyp: &str,
    ref_: &str,
    folded: [&[u32]; 2],
    set: CheckSet,
    style: Style,
) -> Findings {
    CHECKER.with(|c| {
        let c = &mut *c.borrow_mut();
        let mut found = std::mem::take(&mut c.found);
        found.clear();
        c.check_pair_styled(hyp, ref_, folded, set, style, &mut found);
        let row = found.drain(..).collect();
        c.found = found;
        row
    })
}

/// [`Checker::check_text`] with this thread's buffers.
pub fn check_text(text: &str, expected: Script, set: CheckSet, out: &mut Vec<QaFinding>) {
    CHECKER.with(|c| c.borrow_mut().check_text(text, expected, set, out));
}

/// [`Checker::check_text_styled`] with this thread's buffers.
pub fn check_text_styled(
    text: &str,
    expected: Script,
    set: CheckSet,
    tokenized: bool,
    out: &mut Vec<QaFinding>,
) {
    CHECKER.with(|c| {
        c.borrow_mut()
            .check_text_styled(text, expected, set, tokenized, out)
    });
}

/// The `length` finding of two texts on their own, for a caller that
/// measures other texts than the ones the other checks read (a CAT row's
/// text without its inline codes).
pub fn length_of(hyp: &str, ref_: &str) -> Option<QaFinding> {
    let chars = |t: &str| u32::try_from(t.chars().count()).unwrap_or(u32::MAX);
    length(chars(hyp), chars(ref_))
}

/// `length`: one side over 2.5 times or under 0.4 times the other in
/// characters, once the longer side is over 20 characters (below that a
/// short answer against a short question is normal).
fn length(h: u32, r: u32) -> Option<QaFinding> {
    let (hi, lo) = (h.max(r), h.min(r));
    // lo * 2.5 < hi, kept in integers.
    if hi <= 20 || 2 * hi <= 5 * lo {
        return None;
    }
    let ratio = if lo == 0 {
        String::from("one side empty")
    } else {
        format!("{:.2}x", hi as f64 / lo as f64)
    };
    Some(QaFinding {
        code: Code::Length,
        detail: format!("{h} -> {r} chars ({ratio})"),
        hyp: Spans::new(),
        ref_: Spans::new(),
    })
}

/// Which side a pair finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Hyp,
    Ref,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Hyp => "hyp",
            Side::Ref => "ref",
        }
    }
}

/// The detail of a difference between the sides: `H -> R`, `R missing in
/// hyp` or `H missing in ref`, each part the offending texts joined by
/// ` / ` (numbers carry commas, so a comma would be ambiguous).
fn diff_detail(texts: [&str; 2], spans: [&[Range<usize>]; 2]) -> String {
    const SHOWN: usize = 4;
    let list = |t: &str, s: &[Range<usize>]| {
        let mut v = String::new();
        for (i, r) in s.iter().take(SHOWN).enumerate() {
            if i > 0 {
                v.push_str(" / ");
            }
            v.push_str(&excerpt(&t[r.clone()], 40));
        }
        if s.len() > SHOWN {
            v.push_str(&format!(" / …(+{})", s.len() - SHOWN));
        }
        v
    };
    match (spans[0].is_empty(), spans[1].is_empty()) {
        (false, false) => format!(
            "{} -> {}",
            list(texts[0], spans[0]),
            list(texts[1], spans[1])
        ),
        (true, _) => format!("{} missing in hyp", list(texts[1], spans[1])),
        (false, true) => format!("{} missing in ref", list(texts[0], spans[0])),
    }
}

#[cfg(test)]
mod tests;
