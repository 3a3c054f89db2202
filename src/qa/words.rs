//! `repeat` and `space`: slips of the keyboard or of the MT decoder.
//!
//! Decisions:
//! - A repeat is the same word (case-insensitive) twice with only
//!   whitespace between: "the, the" is a figure of speech, "the the" a slip.
//!   Numbers ("1 1") are not words here. Words that repeat grammatically or
//!   as interjections ("that that", "had had", "is is", "her her", "no no",
//!   "ha ha", "so so" for so-so; French "nous nous" and "vous vous", German
//!   "die die", "der der", "das das" and "sie sie")
//!   never fire; a capitalised word doubled inside a sentence is a name
//!   ("Lan Lan", "Bora Bora"), unless it comes three times, and a
//!   compound followed by its last word ("low-power power") is English.
//!   Each doubling on one side excuses one equal doubling on the other.
//! - A phrase said twice in a row ("decoration company decoration
//!   company") is NMT's decoder loop; see [`scan::Phrases`] for what
//!   counts. A loop on the other side, in any words, excuses one: it is
//!   the source's own figure, translated.
//! - A space before `,.;:!?` counts only where the mark is followed by
//!   whitespace or the end (or, for `,;`, by a letter), so ".NET", ".5",
//!   ":)" and a spaced ellipsis ("wait ...") do not count. French puts a
//!   space before `;:!?`, which is why the pair check compares the sides
//!   instead of judging each.
//! - A double space is two whitespace characters in a row other than line
//!   breaks (a no-break space counts).
//! - A mark glued to the next word (`it,but`) is MT's detokenising fault;
//!   see [`glued_mark`] for what is left out.

use std::ops::Range;

use super::scan::{self, Kind, WordRun, char_at, kind, latin_after, latin_before};
use super::{Code, QaFinding, Side, Spans};

/// Grammatical or interjection doublings, lower case: English ("gave her
/// her book"), French reflexives ("nous nous sommes vus") and German
/// relative clauses ("die Frau, die die Zeitung liest").
const ALLOWED: &[&[u8]] = &[
    b"that", b"had", b"is", b"was", b"do", b"did", b"does", b"her", b"ha", b"bye", b"no", b"knock",
    b"tut", b"hush", b"chop", b"so", b"nous", b"vous", b"die", b"der", b"das", b"sie",
];

pub(crate) fn is_allowed_repeat(w: &[u8]) -> bool {
    w.len() <= 5 && ALLOWED.iter().any(|a| a.eq_ignore_ascii_case(w))
}

/// Title-case words that are no names: "How To Use The The App" stutters.
const FUNCTION_WORDS: [&[u8]; 24] = [
    b"an", b"and", b"are", b"as", b"at", b"be", b"by", b"for", b"from", b"he", b"in", b"is", b"it",
    b"my", b"of", b"on", b"or", b"our", b"the", b"this", b"to", b"we", b"with", b"you",
];

/// Doublings that are words, not slips, given the text `b` and the two
/// equal words `first` and `second`:
/// - a hyphenated compound followed by its own last word, "low-power
///   power line", "one-touch touch screen";
/// - a capitalised name doubled inside a sentence, as Chinese given names
///   are ("the consultant Lan Lan", "Sir Run Run Shaw"); at the start of
///   a text or sentence "The the" is still a slip, and so are a word three
///   times in a row ("Small Power Power Power Cable": names double), a
///   one-letter word and a [`FUNCTION_WORDS`] one ("Use The The App").
fn is_word_doubling(b: &[u8], first: Range<usize>, second: Range<usize>) -> bool {
    if first.start > 0 && b[first.start - 1] == b'-' {
        return true;
    }
    let title = |w: &[u8]| {
        w.first().is_some_and(u8::is_ascii_uppercase) && w[1..].iter().all(u8::is_ascii_lowercase)
    };
    let w = &b[second.clone()];
    if w.len() < 2
        || !title(w)
        || !title(&b[first.clone()])
        || FUNCTION_WORDS.iter().any(|f| f.eq_ignore_ascii_case(w))
    {
        return false;
    }
    // Inside a sentence: something before it, not a sentence's end.
    let before = &b[..first.start];
    let gap = before
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_whitespace())
        .count();
    let before = &before[..before.len() - gap];
    if before.last().is_none_or(|c| b".!?:".contains(c)) {
        return false;
    }
    let whole = |t: &[u8], at: usize| {
        t.get(at..at + w.len())
            .is_some_and(|x| x.eq_ignore_ascii_case(w))
            && !t.get(at + w.len()).is_some_and(u8::is_ascii_alphanumeric)
            && (at == 0 || !t[at - 1].is_ascii_alphanumeric())
    };
    let after = second.end
        + b[second.end..]
            .iter()
            .take_while(|c| c.is_ascii_whitespace())
            .count();
    let thrice = gap > 0 && before.len() >= w.len() && whole(b, before.len() - w.len())
        || after > second.end && whole(b, after);
    !thrice
}

/// Whether the mark at `i`, preceded by whitespace, counts as a space
/// before a mark (see the module docs).
#[inline]
pub(crate) fn space_before_counts(b: &[u8], i: usize) -> bool {
    match b.get(i + 1) {
        None => true,
        Some(n) if n.is_ascii_whitespace() => true,
        Some(n) => matches!(b[i], b',' | b';') && n.is_ascii_alphabetic(),
    }
}

/// Whether the mark at `i` is glued to the next word, the detokenising
/// fault of MT output that drops the space after a mark: `history,but`,
/// `one;two`, `you.It`, `why?Because`, `kam,über`, `"no",then`. Two
/// lower-case letters before it (ASCII or Latin, with at most a closing
/// quote or bracket between) and a Latin letter after it, so that numbers
/// (`1,000`), abbreviations (`e.g.`, `U.S.`), names (`Node.js`), pairs of
/// letters (`x,y`), URL queries (`?q=`) and Chinese glued to a mark stay
/// out; after `.`, `?` and `!` the next word must start a sentence (an
/// upper-case letter, for `.` then a lower-case one). It looks at most
/// [`GLUED_AHEAD`] bytes past the mark.
#[inline]
pub(crate) fn glued_mark(b: &[u8], i: usize) -> bool {
    // Nearly every mark is followed by a space or the end: answered first.
    match b.get(i + 1) {
        Some(&n) if n >= 0x80 || n.is_ascii_alphabetic() => {}
        _ => return false,
    }
    matches!(b[i], b',' | b';' | b'?' | b'!' | b'.') && glued_after_letters(b, i)
}

/// [`glued_mark`] past its first test.
#[inline(never)]
fn glued_after_letters(b: &[u8], i: usize) -> bool {
    let mut k = i;
    if k > 0 && matches!(b[k - 1], b'"' | b'\'' | b')') {
        k -= 1;
    } else if let Some(q) = ["”", "’", "»", "“", "‘", "«"]
        .iter()
        .find(|q| b[..k].ends_with(q.as_bytes()))
    {
        k -= q.len();
    }
    let Some((c1, k)) = latin_before(b, k) else {
        return false;
    };
    let Some((c2, _)) = latin_before(b, k) else {
        return false;
    };
    if !c1.is_lowercase() || !c2.is_lowercase() {
        return false;
    }
    let Some((n1, at)) = latin_after(b, i + 1) else {
        return false;
    };
    match b[i] {
        b',' | b';' => true,
        b'?' | b'!' => n1.is_uppercase(),
        _ => n1.is_uppercase() && latin_after(b, at).is_some_and(|(n2, _)| n2.is_lowercase()),
    }
}

/// The most bytes [`glued_mark`] reads past the mark: two letters of up
/// to four bytes.
pub(crate) const GLUED_AHEAD: usize = 8;

/// Calls `f(first, second, phrase)` for every repeat the scan flags, in
/// order of where they end: a word twice (`phrase` false) or a phrase of
/// several words twice ([`scan::Phrases`]).
pub(crate) fn for_each_repeat(text: &str, mut f: impl FnMut(Range<usize>, Range<usize>, bool)) {
    let b = text.as_bytes();
    let mut w = WordRun::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let (word, space, len) = if c < 0x80 {
            // The scan's whitespace is `char::is_whitespace`, which takes
            // the vertical tab that `u8::is_ascii_whitespace` leaves out.
            (
                c.is_ascii_alphanumeric(),
                c.is_ascii_whitespace() || c == 0x0b,
                1,
            )
        } else {
            let ch = char_at(text, i);
            let k = kind(ch);
            (k.is_word(), k == Kind::Space, ch.len_utf8())
        };
        if word {
            w.word_byte(i);
        } else {
            report(w.other(text, i, space), &mut f);
        }
        i += len;
    }
    if w.in_word() {
        report(w.end(text, b.len()), &mut f);
    }
}

fn report(hits: [Option<scan::Repeat>; 2], f: &mut impl FnMut(Range<usize>, Range<usize>, bool)) {
    for (h, phrase) in hits.into_iter().zip([false, true]) {
        if let Some((p, q)) = h {
            f(p.0..p.1, q.0..q.1, phrase);
        }
    }
}

/// Repeats of `text` whose word is not also doubled in `other` (all of
/// them when `other` is `None`), as spans covering both words, and its
/// phrase loops ([`scan::Phrases`]), each as one span over all its copies.
fn repeats(text: &str, other: Option<&str>, spans: &mut Vec<Range<usize>>) {
    spans.clear();
    // What the other side repeats, gathered once on the first repeat here:
    // a text without sentence marks can hold thousands of repeats, and
    // scanning the other side for each made that quadratic.
    let mut theirs: Option<Theirs> = None;
    let mut loops = Vec::new();
    for_each_repeat(text, |a, b, phrase| {
        if phrase {
            merge(&mut loops, a.start..b.end);
            return;
        }
        // Looks past the two words, so it is no part of the scan (whose
        // pair pass reads the sides' shared ends once).
        if is_word_doubling(text.as_bytes(), a.clone(), b.clone()) {
            return;
        }
        let shared = other.is_some_and(|o| {
            let doubled = &mut theirs.get_or_insert_with(|| Theirs::of(o)).doubled;
            match doubled.get_mut(&lower(&text[b.clone()])) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    true
                }
                _ => false,
            }
        });
        if !shared {
            // A word three times in a row is one stutter, not two.
            merge(spans, a.start..b.end);
        }
    });
    if loops.is_empty() {
        return;
    }
    let excused = other.map_or(0, |o| theirs.get_or_insert_with(|| Theirs::of(o)).loops);
    if excused >= loops.len() {
        return;
    }
    spans.extend(loops.drain(excused..));
    spans.sort_by_key(|r| r.start);
    spans.dedup_by(|r, last| {
        let overlap = last.end > r.start;
        if overlap {
            last.end = last.end.max(r.end);
        }
        overlap
    });
}

fn lower(w: &str) -> String {
    w.chars().flat_map(char::to_lowercase).collect()
}

/// What the other side of a pair repeats, which excuses the same here.
struct Theirs {
    /// Doubled words, lower case, and how often each: each excuses one
    /// doubling here, so that a stutter ("Power Power Power Cable") still
    /// fires against one doubling. Names count too: "Han Han" at the start
    /// of one side is the name the other has inside a sentence.
    doubled: std::collections::HashMap<String, usize>,
    /// Phrase loops, in whatever words: each excuses one loop here, as the
    /// source's own figure ("the temple of Yahweh, the temple of Yahweh"
    /// against "of Jehovah").
    loops: usize,
}

impl Theirs {
    /// One pass over `o`.
    fn of(o: &str) -> Theirs {
        let mut doubled = std::collections::HashMap::new();
        let mut loops = Vec::new();
        for_each_repeat(o, |a, b, phrase| {
            if phrase {
                merge(&mut loops, a.start..b.end);
            } else {
                *doubled.entry(lower(&o[b])).or_insert(0) += 1;
            }
        });
        Theirs {
            doubled,
            loops: loops.len(),
        }
    }
}

/// Pushes `r` onto `spans` (in order of their ends), joined with the last
/// span when they overlap: a phrase loop ends a phrase at each of its
/// words.
fn merge(spans: &mut Vec<Range<usize>>, r: Range<usize>) {
    match spans.last_mut() {
        Some(last) if last.end > r.start => {
            last.start = last.start.min(r.start);
            last.end = last.end.max(r.end);
        }
        _ => spans.push(r),
    }
}

fn quoted(text: &str, spans: &[Range<usize>]) -> String {
    let v: Vec<String> = spans
        .iter()
        .take(3)
        .map(|r| format!("\"{}\"", super::excerpt(&text[r.clone()], 40)))
        .collect();
    let mut s = v.join(", ");
    if spans.len() > 3 {
        s.push_str(&format!(" …(+{})", spans.len() - 3));
    }
    s
}

pub(crate) fn check_repeat_pair(
    texts: [&str; 2],
    spans: &mut [Vec<Range<usize>>; 2],
    out: &mut Vec<QaFinding>,
) {
    repeats(texts[0], Some(texts[1]), &mut spans[0]);
    repeats(texts[1], Some(texts[0]), &mut spans[1]);
    if spans[0].is_empty() && spans[1].is_empty() {
        return;
    }
    let mut parts = Vec::new();
    for (s, side) in [(0, Side::Hyp), (1, Side::Ref)] {
        if !spans[s].is_empty() {
            parts.push(format!(
                "{} in {}",
                quoted(texts[s], &spans[s]),
                side.name()
            ));
        }
    }
    out.push(QaFinding {
        code: Code::Repeat,
        detail: parts.join(", "),
        hyp: spans[0].iter().cloned().collect(),
        ref_: spans[1].iter().cloned().collect(),
    });
}

pub(crate) fn check_repeat_text(
    text: &str,
    spans: &mut Vec<Range<usize>>,
    out: &mut Vec<QaFinding>,
) {
    repeats(text, None, spans);
    if spans.is_empty() {
        return;
    }
    out.push(QaFinding {
        code: Code::Repeat,
        detail: quoted(text, spans),
        hyp: spans.iter().cloned().collect(),
        ref_: Spans::new(),
    });
}

/// The spacing defects of a text, by the scan's rules.
#[derive(Default)]
struct Spacing {
    /// Double spaces: whole whitespace runs.
    double: Vec<Range<usize>>,
    /// Spaces before a mark: the space and the mark.
    before: Vec<Range<usize>>,
    /// Marks glued to the next word: the mark.
    glued: Vec<Range<usize>>,
}

fn spacing_spans(text: &str) -> Spacing {
    let b = text.as_bytes();
    let mut sp = Spacing::default();
    let Spacing {
        double,
        before,
        glued,
    } = &mut sp;
    // Start of the current run of spaces, and how many it has.
    let mut run = (0usize, 0usize);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let (len, space) = if c < 0x80 {
            (1, c == b' ' || c == b'\t')
        } else {
            let ch = char_at(text, i);
            (ch.len_utf8(), kind(ch) == Kind::Space)
        };
        if space {
            if run.1 == 0 {
                run.0 = i;
            }
            run.1 += 1;
        } else {
            if run.1 >= 2 {
                double.push(run.0..i);
            }
            if run.1 >= 1 && scan::MARKS.contains(&c) && space_before_counts(b, i) {
                let s = text[..i].char_indices().next_back().map_or(i, |(k, _)| k);
                before.push(s..i + 1);
            }
            if glued_mark(b, i) {
                glued.push(i..i + 1);
            }
            run.1 = 0;
        }
        i += len;
    }
    if run.1 >= 2 {
        double.push(run.0..b.len());
    }
    sp
}

/// The distinct marks at `at(span)` of `spans`, in byte order.
fn marks_at(text: &str, spans: &[Range<usize>], at: impl Fn(&Range<usize>) -> usize) -> String {
    let mut marks: Vec<u8> = spans.iter().map(|r| text.as_bytes()[at(r)]).collect();
    marks.sort_unstable();
    marks.dedup();
    String::from_utf8(marks).unwrap_or_default()
}

/// The spacing defects of one side that `keep` selects (scan flags), as
/// detail parts and spans.
/// `before_marks` are the marks a space before counts for.
fn spacing(
    text: &str,
    keep: u16,
    folded: &[u32],
    side: Option<Side>,
    before_marks: &[u8],
    spans: &mut Vec<Range<usize>>,
) -> Vec<String> {
    let Spacing {
        mut double,
        mut before,
        glued,
    } = spacing_spans(text);
    before.retain(|r| before_marks.contains(&text.as_bytes()[r.end - 1]));
    if !folded.is_empty() {
        let at = folded
            .iter()
            .map(|&o| o as usize)
            // A mark is trusted only where the text has the space it names.
            .filter(|&o| text.as_bytes().get(o) == Some(&b' '));
        double.extend(at.map(|o| o..o + 1));
        double.sort_by_key(|r| r.start);
    }
    let suffix = side.map_or(String::new(), |s| format!(" in {}", s.name()));
    let mut parts = Vec::new();
    if keep & scan::DOUBLE_SPACE != 0 && !double.is_empty() {
        parts.push(format!("double space{suffix}"));
        spans.extend(double);
    }
    if keep & scan::SPACE_BEFORE != 0 && !before.is_empty() {
        let marks = marks_at(text, &before, |r| r.end - 1);
        parts.push(format!("space before \"{marks}\"{suffix}"));
        spans.extend(before);
    }
    if keep & scan::GLUED != 0 && !glued.is_empty() {
        let marks = marks_at(text, &glued, |r| r.start);
        parts.push(format!("no space after \"{marks}\"{suffix}"));
        spans.extend(glued);
    }
    parts
}

/// Pair check: a defect kind fires on the side that has it when the other
/// side does not.
/// `folded`: see [`crate::qa::Checker::check_pair_folded`].
/// `tokenized[s]`: side `s` is tokenized text (see [`crate::qa::Style`]),
/// whose spaces before marks are its style and whose flags the caller has
/// cleared of them. Facing it, the other side's space before `;:!?` is no
/// finding either: the tokenized side spaces those everywhere, so it tells
/// nothing of whether the other side's typography (French spaces them) is
/// right; a space before `,` or `.` is a slip in any untokenized text.
pub(crate) fn check_space_pair(
    texts: [&str; 2],
    flags: [u16; 2],
    folded: [&[u32]; 2],
    tokenized: [bool; 2],
    out: &mut Vec<QaFinding>,
) {
    let diff = (flags[0] ^ flags[1]) & scan::SPACING;
    let mut spans = [Vec::new(), Vec::new()];
    let marks = |s: usize| -> &[u8] { if tokenized[1 - s] { b",." } else { scan::MARKS } };
    let mut parts = spacing(
        texts[0],
        diff & flags[0],
        folded[0],
        Some(Side::Hyp),
        marks(0),
        &mut spans[0],
    );
    parts.extend(spacing(
        texts[1],
        diff & flags[1],
        folded[1],
        Some(Side::Ref),
        marks(1),
        &mut spans[1],
    ));
    if parts.is_empty() {
        return;
    }
    let [hyp, ref_] = spans;
    out.push(QaFinding {
        code: Code::Space,
        detail: parts.join(", "),
        hyp: Spans::from_vec(hyp),
        ref_: Spans::from_vec(ref_),
    });
}

pub(crate) fn check_space_text(text: &str, flags: u16, out: &mut Vec<QaFinding>) {
    let mut spans = Vec::new();
    let parts = spacing(text, flags, &[], None, scan::MARKS, &mut spans);
    if parts.is_empty() {
        return;
    }
    out.push(QaFinding {
        code: Code::Space,
        detail: parts.join(", "),
        hyp: Spans::from_vec(spans),
        ref_: Spans::new(),
    });
}

#[cfg(test)]
mod tests {
    use super::{check_repeat_pair, glued_mark};
    use crate::qa::{CheckSet, Code, QaFinding, Script, check_pair, check_text};

    fn repeat_pair(h: &str, r: &str) -> Vec<String> {
        let mut out = Vec::new();
        check_repeat_pair([h, r], &mut [Vec::new(), Vec::new()], &mut out);
        out.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn names_and_compounds_double_stutters_do_not() {
        for (h, r) in [
            (
                "The consultant Lan Lan arranged it.",
                "The consultant Lanlan arranged it.",
            ),
            ("Sir Run Run Shaw", "Sir Shaw"),
            (
                "Low-power power cable with brake",
                "Low power cable with brake",
            ),
            ("a one-touch touch screen", "a one-touch screen"),
        ] {
            assert!(repeat_pair(h, r).is_empty(), "{h}");
        }
        assert_eq!(
            repeat_pair("The The end.", "The end."),
            ["repeat: \"The The\" in hyp"]
        );
        assert!(repeat_pair("Han Han is talented.", "In short, Han Han is talented.").is_empty());
        assert!(
            repeat_pair(
                "The consultant (Lan Lan) left.",
                "The consultant (Lanlan) left."
            )
            .is_empty()
        );
        // One letter, a function word: slips even in title case.
        assert_eq!(
            repeat_pair("He said I I want it.", "He said I want it."),
            ["repeat: \"I I\" in hyp"]
        );
        assert_eq!(
            repeat_pair("How To Use The The App", "How To Use The App"),
            ["repeat: \"The The\" in hyp"]
        );
        assert_eq!(
            repeat_pair("He said. Dan Dan left.", "He said. Dan left."),
            ["repeat: \"Dan Dan\" in hyp"]
        );
        // Three times is a stutter even in title case, and one doubling on
        // the other side excuses one of them only.
        assert_eq!(
            repeat_pair(
                "Small Power Power Power Power Cable",
                "Small low-power power cable"
            ),
            ["repeat: \"Power Power Power\" in hyp"]
        );
    }

    #[test]
    fn glued_marks() {
        let glued = |t: &str| {
            (0..t.len())
                .filter(|&i| glued_mark(t.as_bytes(), i))
                .count()
        };
        assert_eq!(
            glued("history,but not long,because.It was you.Then why?Because"),
            5
        );
        assert_eq!(
            glued("1,000 e.g. U.S. Node.js x,y see?q=1 a, b. Mrs. Go.It"),
            0
        );
        // Latin letters past ASCII, and a closing quote or bracket before.
        assert_eq!(
            glued(
                "Er kam,über. Café,bar. He left.Émile said \"no\",then (quickly),then “yes”.Then ’twas"
            ),
            6
        );
        // Not Chinese glued to a mark, nor a word of capitals or one letter.
        assert_eq!(glued("ok,我们 ÉTÉ,été é,b x\",y"), 0);
    }

    fn pair(code: Code, h: &str, r: &str) -> Vec<QaFinding> {
        let mut out = Vec::new();
        check_pair(h, r, CheckSet::NONE.with(code), &mut out);
        out
    }

    fn pair_s(code: Code, h: &str, r: &str) -> Vec<String> {
        pair(code, h, r).iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn folded_double_spaces_count_as_double_spaces() {
        let h = "The cat sat.";
        let mut out = Vec::new();
        let set = CheckSet::NONE.with(Code::Space);
        crate::qa::check_pair_folded(h, h, [&[3], &[]], set, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].to_string(), "space: double space in hyp");
        assert_eq!(out[0].hyp.first(), Some(&(3..4)));
        assert_eq!(out[0].hyp.len(), 1);
        // On both sides it is no difference; an offset past the text, or
        // at a byte that is no space, is ignored.
        out.clear();
        crate::qa::check_pair_folded(h, h, [&[3], &[3]], set, &mut out);
        crate::qa::check_pair_folded(h, "The cat sat", [&[], &[99]], set, &mut out);
        crate::qa::check_pair_folded(h, "The cat sat", [&[], &[1]], set, &mut out);
        assert!(out.is_empty(), "{out:?}");
    }

    fn single(code: Code, t: &str) -> Vec<String> {
        let mut out = Vec::new();
        check_text(t, Script::Latin, CheckSet::NONE.with(code), &mut out);
        out.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn a_repeat_on_one_side_fires_with_both_words_spanned() {
        let h = "He saw the the cat.";
        let f = &pair(Code::Repeat, h, "He saw the cat.")[0];
        assert_eq!(f.to_string(), "repeat: \"the the\" in hyp");
        assert_eq!(&h[f.hyp[0].clone()], "the the");
        assert_eq!(
            pair_s(Code::Repeat, "It is ok.", "It It is ok."),
            ["repeat: \"It It\" in ref"]
        );
        assert_eq!(
            pair_s(Code::Repeat, "The the cat.", "A cat."),
            ["repeat: \"The the\" in hyp"]
        );
    }

    #[test]
    fn a_repeat_on_both_sides_does_not_fire() {
        assert!(
            pair(
                Code::Repeat,
                "We flew to Bora Bora.",
                "They went to Bora Bora."
            )
            .is_empty()
        );
    }

    #[test]
    fn near_miss_repeats_do_not_fire() {
        for t in [
            "He said that that was fine.",
            "She had had enough.",
            "What it is is a problem.",
            "No no, not again.",
            "The food was just so so.",
            "Rooms 1 1 and 2.",
            "Then, then he left.",
            "the theme of the day",
            "He left. He came back.",
            "I gave her her book.",
            "Nous nous sommes vus hier.",
            "Vous vous trompez.",
            "Die Frau, die die Zeitung liest, lacht.",
            "Der Mann, der der Frau hilft, lacht.",
            "Als sie sie sah, lachte sie.",
        ] {
            assert!(pair(Code::Repeat, t, "x").is_empty(), "{t}");
            assert!(single(Code::Repeat, t).is_empty(), "{t}");
        }
    }

    #[test]
    fn a_phrase_said_twice_fires() {
        // Real NMT loops, from WMT22 zh-en systems.
        let h = "If you are looking for a decoration company decoration company, go here.";
        let f = &pair(
            Code::Repeat,
            h,
            "If you need a decoration company, go here.",
        )[0];
        assert_eq!(
            f.to_string(),
            "repeat: \"decoration company decoration company\" in hyp"
        );
        assert_eq!(
            &h[f.hyp[0].clone()],
            "decoration company decoration company"
        );
        assert_eq!(
            pair_s(
                Code::Repeat,
                "He was born in the Year of the Goat in the Year of the Goat.",
                "He was born in the Year of the Goat."
            ),
            // The detail quotes 40 characters; the spans hold the whole.
            ["repeat: \"in the Year of the Goat in the Year of t…\" in hyp"]
        );
        // A loop that goes on is one finding, on the ref side too.
        assert_eq!(
            pair_s(
                Code::Repeat,
                "A picture book.",
                "A picture book picture book picture book."
            ),
            ["repeat: \"picture book picture book picture book\" in ref"]
        );
        assert_eq!(
            single(
                Code::Repeat,
                "It was: for the first time for the first time."
            ),
            ["repeat: \"for the first time for the first time\""]
        );
        // A loop with commas is found as the phrase read from its second
        // word ("person, one"), so the span starts and ends there.
        let h = "the principle of \"one person, one person, one person, one person\" holds";
        let f = &pair(
            Code::Repeat,
            h,
            "the principle of one post, one person holds",
        )[0];
        assert_eq!(&h[f.hyp[0].clone()], "person, one person, one person, one");
        // "that" before a loop is as often a determiner.
        assert_eq!(
            single(Code::Repeat, "I like that picture book picture book."),
            ["repeat: \"picture book picture book\""]
        );
        // Hyphens inside the phrase are part of it.
        assert_eq!(
            single(Code::Repeat, "a high-power cable high-power cable"),
            ["repeat: \"high-power cable high-power cable\""]
        );
    }

    #[test]
    fn phrases_that_are_english_do_not_fire() {
        for t in [
            // Fewer than two words that carry meaning.
            "This licence seems to have to have a first aid licence.",
            "The artist from time to time to check our clothes.",
            "To combine the spirit of the spirit of the sixth plenum.",
            "They stood side by side by side.",
            "It got worse day after day after day.",
            // A relative clause's verb phrase: "he who earns wages earns
            // wages to put them into a bag with holes".
            "He who earns wages earns wages to lose them.",
            // Two-letter words are no content, in any script.
            "Il a dit ça où ça où il va.",
            // Numbers are no words here, a word over and over is `repeat`'s
            // single-word rule, and marks between the copies make a list.
            "Mix 120 ml 120 ml and stir.",
            "No no no no!",
            "Red car, red car, blue car.",
            "Yes. No. Yes. No.",
            // Different gaps inside the copies.
            "a high-power cable high power cable",
        ] {
            assert!(pair(Code::Repeat, t, "x").is_empty(), "{t}");
            assert!(single(Code::Repeat, t).is_empty(), "{t}");
        }
        // A loop on both sides is the source's, in whatever words.
        assert!(
            pair(
                Code::Repeat,
                "saying, The temple of Yahweh, the temple of Yahweh, the temple of Yahweh, are these.",
                "saying, The temple of Jehovah, the temple of Jehovah, The temple of Jehovah!"
            )
            .is_empty()
        );
        let t = "Children's picture book picture book, ages 3 to 6.";
        assert!(pair(Code::Repeat, t, t).is_empty());
        assert!(
            pair(
                Code::Repeat,
                t,
                "Picture Book Picture Book for children aged 3 to 6."
            )
            .is_empty()
        );
    }

    #[test]
    fn a_repeat_across_a_vertical_tab_is_found_as_the_scan_flags_it() {
        let t = "He saw the\x0bthe cat.";
        assert_ne!(super::scan::scan(t).flags & super::scan::REPEAT, 0);
        assert_eq!(single(Code::Repeat, t), ["repeat: \"the\x0bthe\""]);
    }

    #[test]
    fn single_text_repeats() {
        assert_eq!(
            single(Code::Repeat, "a a b b c c d d"),
            ["repeat: \"a a\", \"b b\", \"c c\" …(+1)"]
        );
        assert_eq!(
            single(Code::Repeat, "Très très bien"),
            ["repeat: \"Très très\""]
        );
    }

    #[test]
    fn double_space_and_space_before_a_mark_fire_on_one_side_only() {
        let h = "Hello  world , fine.";
        let f = &pair(Code::Space, h, "Hello world, fine.")[0];
        assert_eq!(
            f.to_string(),
            "space: double space in hyp, space before \",\" in hyp"
        );
        assert_eq!(&h[f.hyp[0].clone()], "  ");
        assert_eq!(&h[f.hyp[1].clone()], " ,");
        assert_eq!(
            pair_s(Code::Space, "Really?", "Really ?"),
            ["space: space before \"?\" in ref"]
        );
    }

    #[test]
    fn the_same_spacing_on_both_sides_does_not_fire() {
        // Tokenised or French text spaces marks on both sides.
        assert!(pair(Code::Space, "Oui , dit-il ?", "Non , dit-elle !").is_empty());
        assert!(pair(Code::Space, "a  b", "c  d").is_empty());
    }

    #[test]
    fn spacing_near_misses_do_not_fire() {
        for t in [
            "Wait ... then go.",
            "Use .NET today.",
            "Smile :) now",
            "Pi is .5 or so",
            "a\n\nb",
        ] {
            assert!(single(Code::Space, t).is_empty(), "{t}");
        }
    }

    #[test]
    fn single_text_spacing() {
        assert_eq!(
            single(Code::Space, "a  b ; c ,d"),
            ["space: double space, space before \",;\""]
        );
    }
}
