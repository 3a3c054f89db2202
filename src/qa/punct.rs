//! `punct`: brackets and quotes left open (or closed without opening), and
//! sentences whose final mark changed (a question turned into a statement).
//!
//! Decisions:
//! - Balance is judged per kind (round, square, curly, 《》〈〉, 「」『』,
//!   quotes), and a pair check fires only when one side is balanced in a
//!   kind and the other is not: a quotation that spans several sentences
//!   leaves both sides of its pieces unbalanced, which is the
//!   segmentation's doing, not the translator's. Quotes are one kind
//!   whatever their style, as the sides often differ in it (“…” against
//!   `…' in the Young's Literal Bible).
//! - Double quotes: `"` is paired by alternation; a lone one that follows
//!   a non-space and precedes a space or the end closes a quotation opened
//!   earlier; `"` and `“ ” « »` close each other (mixed styles). `“`
//!   closes a quotation opened by `„` (German style).
//! - Single quotes: `’` and `'` are mostly apostrophes (don't, James’),
//!   so they are never unmatched themselves, except right after `.,;:!?`,
//!   where no apostrophe goes. One closes an open `‘` or `` ` `` unless it
//!   is an English contraction or possessive ending (don't, son's: a
//!   quotation holds them); before other letters it closes one that lost
//!   its space ("‘target'to"). One at the start of a word ("said, 'Here")
//!   may open a quotation typed with straight quotes: it is never left
//!   open itself (it could be an elision, 'tis), but a later closing quote
//!   closes it. Open quotes are counted, not nested. A `‘` before a digit
//!   or a common elision (‘90s, ‘til, ‘em) is a misturned apostrophe.
//!   Elisions of other languages (l’homme) and plural possessives
//!   (fathers’) inside a quotation still close it.
//! - A `"` right after a digit that would close nothing is an inch or a
//!   second mark (`27" monitors`, `5' 10"`).
//! - A `)` after one to three letters or digits at the start of a word
//!   with no `(` open is a list marker ("1)", "b)"); a bracket right after
//!   `:` `;` `=` or `:-` is an emoticon. Neither counts.
//! - A quotation that runs over several paragraphs opens again at each
//!   (the Young's Literal Bible does so at every verse of a speech, with
//!   `` ` ``; French with `«`): a `` ` `` or `«` that starts one side only
//!   is left out of that side's quotes when that makes the sides agree.
//!   A `"` or `“` left open at the start still counts (see [`reopening`]).
//! - The final mark is read after any closing quotes and brackets (`."`
//!   ends in `.`); `...` and `…` are the same as `.` (a full stop). Only
//!   `.`, `?` and `!` are compared, and when both sides end in one; a
//!   headline or a list item without a mark is no finding, nor is one that
//!   ends in `:`, except against a `?`: a side that ends in a word where
//!   the other ends in `?` lost its question mark (a question turned into
//!   a statement, or a cut segment). Against `,` `;` `:` the sentence goes
//!   on past the segment, and the mark may come there.
//! - Brackets inside a placeholder (`{0:#,##0.00;(#,##0.00)}`) are code,
//!   not prose, and left out.
//! - Marks alone in brackets ("8189 m (?)", "(!)", "[...]") are an
//!   editor's doubt, emphasis or cut: the mark is read before them, so
//!   "Who wrote it? (?)" ends in `?` and "8189 m (?)" in no mark.

use std::ops::Range;

use super::scan::char_at;
use super::{Code, QaFinding, Side, Spans};

/// Kinds of bracket or quote.
const KINDS: usize = 7;
const DOUBLE: usize = 5;
const SINGLE: usize = 6;

/// Bytes where a bracket or quote can start: the balance pass skips the
/// rest.
const STOPS: [bool; 256] = {
    let mut t = [false; 256];
    let ascii = b"()[]{}\"'`";
    let mut k = 0;
    while k < ascii.len() {
        t[ascii[k] as usize] = true;
        k += 1;
    }
    let mut c = 0xc0;
    while c < 256 {
        t[c] = true;
        c += 1;
    }
    t
};

/// What a character does to the balance.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Open(usize),
    Close(usize),
}

fn role(c: char) -> Option<Role> {
    use Role::*;
    Some(match c {
        '(' | '（' => Open(0),
        ')' | '）' => Close(0),
        '[' | '［' | '【' => Open(1),
        ']' | '］' | '】' => Close(1),
        '{' | '｛' => Open(2),
        '}' | '｝' => Close(2),
        '《' | '〈' => Open(3),
        '》' | '〉' => Close(3),
        '「' | '『' => Open(4),
        '」' | '』' => Close(4),
        '“' | '«' | '„' => Open(DOUBLE),
        '”' | '»' => Close(DOUBLE),
        '‘' | '`' | '‚' => Open(SINGLE),
        '’' | '\'' => Close(SINGLE),
        _ => return None,
    })
}

/// The first unbalanced bracket or quote of one kind: its span and
/// whether it is left open (or else closes nothing).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Fault {
    span: Range<usize>,
    open: bool,
}

/// Whether the single quote at `span` starts a word: after the start,
/// whitespace or an opening bracket or dash, before a letter.
fn opens_word(text: &str, span: Range<usize>) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    before.is_none_or(|c| c.is_whitespace() || "([{\"“«—-".contains(c))
        && after.is_some_and(char::is_alphabetic)
}

/// Balance per kind of one text: `None` where the kind is balanced.
/// `codes` (sorted, not overlapping) are placeholders, whose brackets are
/// code and left out.
fn balance(text: &str, codes: &[Range<usize>]) -> [Option<Fault>; KINDS] {
    let b = text.as_bytes();
    let mut code = codes.iter().peekable();
    // Positions of the open brackets still unclosed: only the outermost
    // matters for the report.
    let mut depth = [0usize; KINDS];
    let mut first_open = [0usize; KINDS];
    let mut unopened: [Option<Range<usize>>; KINDS] = Default::default();
    let mut german_open = 0usize;
    // German's `‚…‘`: the turned comma opens, `‘` closes.
    let mut german_single = 0usize;
    // German and Danish write `»…«`: a text whose first guillemet is `»`
    // before a word turns the pair round.
    let turned = turned_guillemets(text);
    let mut ascii_quote: Option<usize> = None;
    // Single quotes at a word start, which a closing quote may close.
    let mut word_openers = 0usize;
    let mut i = 0;
    while i < b.len() {
        if !STOPS[b[i] as usize] {
            i += 1;
            continue;
        }
        while code.next_if(|r| r.end <= i).is_some() {}
        if let Some(r) = code.peek()
            && r.start <= i
        {
            i = r.end;
            continue;
        }
        let c = b[i];
        let (ch, len) = if c < 0x80 {
            (c as char, 1)
        } else {
            let ch = char_at(text, i);
            (ch, ch.len_utf8())
        };
        let span = i..i + len;
        i += len;
        if ch == '"' || ch == '＂' {
            // A `"` right after a digit that would close nothing is an
            // inch or second mark (`27" monitors`, `5' 10"`, `30' 15"`).
            if ch == '"'
                && ascii_quote.is_none()
                && depth[DOUBLE] == 0
                && span.start > 0
                && b[span.start - 1].is_ascii_digit()
                && closes_by_context(text, span.clone())
            {
                continue;
            }
            if ascii_quote.take().is_none() {
                if closes_by_context(text, span.clone()) {
                    // Closes a typographic quote if one is open (mixed
                    // styles), else one opened in an earlier sentence.
                    if depth[DOUBLE] > 0 {
                        depth[DOUBLE] -= 1;
                    } else if unopened[DOUBLE].is_none() {
                        unopened[DOUBLE] = Some(span);
                    }
                } else {
                    ascii_quote = Some(span.start);
                }
            }
            continue;
        }
        if ch == '‘' && german_single > 0 && depth[SINGLE] > 0 {
            depth[SINGLE] -= 1;
            german_single -= 1;
            continue;
        }
        let Some(mut r) = role(ch) else { continue };
        if turned && matches!(ch, '«' | '»') {
            r = if ch == '»' {
                Role::Open(DOUBLE)
            } else {
                Role::Close(DOUBLE)
            };
        }
        if matches!(ch, '(' | ')') && emoticon(b, span.start) {
            continue;
        }
        if ch == '“' && german_open > 0 {
            r = Role::Close(DOUBLE);
        }
        match r {
            Role::Close(SINGLE) => {
                // After a mark a quote cannot be an apostrophe.
                let hard = span.start > 0 && b",.;:!?".contains(&b[span.start - 1]);
                // An apostrophe in a word (don't, son's) closes nothing.
                let in_word = !hard
                    && (contraction(text, span.end)
                        || depth[SINGLE] == 0 && !closes_word(text, span.end));
                if opens_word(text, span.clone()) {
                    word_openers += 1;
                } else if in_word {
                    continue;
                } else if depth[SINGLE] > 0 {
                    depth[SINGLE] -= 1;
                } else if word_openers > 0 {
                    word_openers -= 1;
                } else if hard && unopened[SINGLE].is_none() {
                    unopened[SINGLE] = Some(span);
                }
            }
            Role::Open(SINGLE) if ch == '‘' && misturned(text, span.end) => {}
            Role::Open(k) => {
                if depth[k] == 0 {
                    first_open[k] = span.start;
                }
                depth[k] += 1;
                if ch == '„' {
                    german_open += 1;
                }
                if ch == '‚' {
                    german_single += 1;
                }
            }
            Role::Close(DOUBLE) if depth[DOUBLE] == 0 && ascii_quote.is_some() => {
                // Mixed styles: `"…”`.
                ascii_quote = None;
            }
            Role::Close(k) => {
                if depth[k] > 0 {
                    depth[k] -= 1;
                    if k == DOUBLE && ch == '“' {
                        german_open -= 1;
                    }
                } else if !(k == 0 && list_marker(b, span.start)) && unopened[k].is_none() {
                    unopened[k] = Some(span);
                }
            }
        }
    }
    let mut out: [Option<Fault>; KINDS] = Default::default();
    let char_span = |p: usize| p..p + char_at(text, p).len_utf8();
    for k in 0..KINDS {
        if let Some(s) = unopened[k].clone() {
            out[k] = Some(Fault {
                span: s,
                open: false,
            });
        } else if depth[k] > 0 {
            out[k] = Some(Fault {
                span: char_span(first_open[k]),
                open: true,
            });
        }
    }
    if out[DOUBLE].is_none()
        && let Some(p) = ascii_quote
    {
        out[DOUBLE] = Some(Fault {
            span: char_span(p),
            open: true,
        });
    }
    out
}

/// Whether the first guillemet of `text` is a `»` that opens a quotation,
/// right before a word or a quote (`»Hallo«`): German and Danish turn the
/// pair round. French closes with `»` after a space (`« Bonjour »`), and a
/// `»` that closes a quotation of an earlier sentence ends a word.
fn turned_guillemets(text: &str) -> bool {
    let b = text.as_bytes();
    // Both guillemets are two bytes, C2 AB and C2 BB.
    let Some(at) =
        memchr::memchr_iter(0xC2, b).find(|&i| matches!(b.get(i + 1), Some(0xAB | 0xBB)))
    else {
        return false;
    };
    b[at + 1] == 0xBB
        && text[at + 2..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || "„“‚'\"".contains(c))
        && text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "([:—–-".contains(c))
}

/// Whether an opening `‘` ending at `end` is an apostrophe turned the
/// wrong way by a word processor: before a digit (‘90s) or a common
/// English elision (‘til, ‘em, ‘tis, ‘twas, ‘cause, ‘n’).
fn misturned(text: &str, end: usize) -> bool {
    let rest = &text.as_bytes()[end..];
    let n = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let word = &rest[..n];
    rest.first().is_some_and(u8::is_ascii_digit)
        || ["til", "em", "tis", "twas", "cause", "n"]
            .iter()
            .any(|e| word.eq_ignore_ascii_case(e.as_bytes()))
}

/// Whether the letters after a single quote ending at `end` are an
/// English contraction's or possessive's (don't, son's, we'll).
fn contraction(text: &str, end: usize) -> bool {
    let rest = &text.as_bytes()[end..];
    let n = rest.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let word = &rest[..n];
    n > 0
        && rest.get(n).is_none_or(|&c| c < 0x80)
        && ["s", "t", "d", "m", "ll", "re", "ve"]
            .iter()
            .any(|s| word.eq_ignore_ascii_case(s.as_bytes()))
}

/// Whether a single quote ending at `end` is followed by the end, a
/// space or a mark: where a quotation closes (and a possessive, James').
fn closes_word(text: &str, end: usize) -> bool {
    text[end..]
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || ",.;:!?)]}\"”»".contains(c))
}

/// A `"` with no quotation open that follows a non-space and precedes
/// whitespace, a mark or the end closes a quotation opened earlier.
fn closes_by_context(text: &str, span: Range<usize>) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    before.is_some_and(|c| !c.is_whitespace() && !matches!(c, '(' | '[' | '—' | '-'))
        && after.is_none_or(|c| c.is_whitespace() || ",.;:!?)]".contains(c))
}

/// The length of the leading whitespace and quote when `text` starts with
/// a quote that may reopen a quotation at a new paragraph: `` ` `` (the
/// Young's Literal Bible, and TeX-style text generally) or `«` (French).
/// A `"` or `“` left open at the start is as often MT misplacing a quote
/// (`"The second day of the Summit ...` against `the “Summit”`), which
/// only the sentence before could tell apart, so those still count.
fn reopening(text: &str) -> Option<usize> {
    let rest = text.trim_start();
    let q = rest.chars().next().filter(|q| matches!(q, '`' | '«'))?;
    Some(text.len() - rest.len() + q.len_utf8())
}

/// `:(`, `;)`, `=)`, `:-)`.
fn emoticon(b: &[u8], i: usize) -> bool {
    match i.checked_sub(1).map(|p| b[p]) {
        Some(b':' | b';' | b'=') => true,
        Some(b'-') => i >= 2 && matches!(b[i - 2], b':' | b';'),
        _ => false,
    }
}

/// `1)`, `b)`, `iv)` at the start of a word.
fn list_marker(b: &[u8], i: usize) -> bool {
    let mut s = i;
    while s > 0 && b[s - 1].is_ascii_alphanumeric() {
        s -= 1;
    }
    (1..=3).contains(&(i - s)) && (s == 0 || b[s - 1].is_ascii_whitespace())
}

/// How a sentence ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Stop,
    Question,
    Exclaim,
    /// No mark, or one that is not compared.
    Other,
}

/// The final mark of `text`, after closing quotes and brackets.
fn end_mark(text: &str) -> (End, Range<usize>) {
    // Most sentences end in a letter or digit, or in one ASCII mark right
    // after one: settled from the last two bytes (every pair asks).
    let n = text.len();
    if let [.., p, z] = text.as_bytes() {
        if z.is_ascii_alphanumeric() {
            return (End::Other, n..n);
        }
        if p.is_ascii_alphanumeric() {
            let end = match z {
                b'.' => End::Stop,
                b'?' => End::Question,
                b'!' => End::Exclaim,
                _ => return end_mark_slow(text),
            };
            return (end, n - 1..n);
        }
    }
    end_mark_slow(text)
}

/// [`end_mark`] of any text, a character at a time from the end.
fn end_mark_slow(text: &str) -> (End, Range<usize>) {
    // An aside is dropped and the text before it read again: a loop, as
    // asides can follow one another ("(?) (?) (?)").
    let mut t = text;
    loop {
        match read_end(t) {
            Ok(found) => return found,
            Err(aside_at) => t = &text[..aside_at],
        }
    }
}

/// The final mark of `t`, or `Err(at)` when what ends `t` is marks alone
/// in brackets opened at `at` ("8189 m (?)", "(!)", "[...]"): an editor's
/// doubt, emphasis or cut, not how the sentence ends.
fn read_end(t: &str) -> Result<(End, Range<usize>), usize> {
    let mut it = t.char_indices().rev().peekable();
    let mut bracket = false;
    while let Some(&(_, c)) = it.peek() {
        if c.is_whitespace() || "\"')]}”’»›」』）】》".contains(c) {
            bracket |= matches!(c, ')' | ']' | '）');
            it.next();
        } else {
            break;
        }
    }
    let mut span: Option<Range<usize>> = None;
    let (mut q, mut x, mut stop) = (false, false, false);
    while let Some(&(i, c)) = it.peek() {
        match c {
            '?' | '？' => q = true,
            '!' | '！' => x = true,
            '.' | '…' | '。' | '．' => stop = true,
            _ => break,
        }
        let e = span.as_ref().map_or(i + c.len_utf8(), |s| s.end);
        span = Some(i..e);
        it.next();
    }
    if bracket
        && span.is_some()
        && let Some((at, '(' | '[' | '（')) = it.find(|&(_, c)| !c.is_whitespace())
    {
        return Err(at);
    }
    let end = if q {
        End::Question
    } else if x {
        End::Exclaim
    } else if stop {
        End::Stop
    } else {
        End::Other
    };
    Ok((end, span.unwrap_or(t.len()..t.len())))
}

fn fault_part(text: &str, f: &Fault, side: Option<Side>) -> String {
    let what = if f.open { "unclosed" } else { "unmatched" };
    let suffix = side.map_or(String::new(), |s| format!(" in {}", s.name()));
    format!("{what} {}{suffix}", &text[f.span.clone()])
}

/// Whether `c` is a full-width (CJK) punctuation mark: `，。、；：？！（）《》【】「」`,
/// and the separator bar `丨` of Chinese titles.
fn is_full_width_mark(c: char) -> bool {
    matches!(c as u32,
        0x3001..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301f
        | 0xff01..=0xff0f | 0xff1a..=0xff20 | 0xff3b..=0xff40 | 0xff5b..=0xff65)
        || c == super::script::SEPARATOR_BAR
}

/// The full-width marks of `text`, with their spans. Their UTF-8 starts
/// with 0xE3, 0xE4 (丨) or 0xEF, so other text is skipped a vector at a time.
fn full_width_marks(text: &str) -> Vec<(char, std::ops::Range<usize>)> {
    let mut v = Vec::new();
    for i in memchr::memchr3_iter(0xe3, 0xe4, 0xef, text.as_bytes()) {
        if let Some(c) = text.get(i..).and_then(|t| t.chars().next())
            && is_full_width_mark(c)
        {
            v.push((c, i..i + c.len_utf8()));
        }
    }
    v
}

/// The distinct marks of `marks`, in code point order: `，。（）`.
fn mark_list(marks: &[(char, std::ops::Range<usize>)]) -> String {
    let mut cs: Vec<char> = marks.iter().map(|m| m.0).collect();
    cs.sort_unstable();
    cs.dedup();
    cs.into_iter().collect()
}

/// Pair check; `brackets` tells whether the scan saw any bracket or quote,
/// `latin[s]` whether side `s` has characters above ASCII but no letters
/// of another script. Full-width marks in such a side, where the other
/// has none, are the source's punctuation left in (`store，and`), which
/// the bracket and end rules, reading `（` as `(` and `？` as `?`, let
/// pass; in Chinese or Japanese text they are the norm.
/// `codes[s]`: side s's placeholders (see [`balance`]).
pub(crate) fn check_pair(
    texts: [&str; 2],
    brackets: bool,
    latin: [bool; 2],
    codes: [&[Range<usize>]; 2],
    out: &mut Vec<QaFinding>,
) {
    let mut parts = Vec::new();
    let mut spans = [Spans::new(), Spans::new()];
    if latin[0] || latin[1] {
        let marks = texts.map(full_width_marks);
        for (s, side) in [(0, Side::Hyp), (1, Side::Ref)] {
            if latin[s] && !marks[s].is_empty() && marks[1 - s].is_empty() {
                parts.push(format!(
                    "full-width \"{}\" in {}",
                    mark_list(&marks[s]),
                    side.name()
                ));
                spans[s].extend(marks[s].iter().map(|m| m.1.clone()));
            }
        }
    }
    if brackets {
        let merged = |mut b: [Option<Fault>; KINDS]| {
            if b[DOUBLE].is_none() {
                b[DOUBLE] = b[SINGLE].take();
            }
            b[SINGLE] = None;
            b
        };
        let mut bal = [0, 1].map(|s| merged(balance(texts[s], codes[s])));
        // A quotation that runs over several paragraphs opens again at
        // each one (the Young's Literal Bible does so at every verse of a
        // speech, where the other rendering opens once): a quote that
        // starts one side only may be such a reopening. Where the sides
        // disagree on their quotes with it and agree without it, it is:
        // when that side's quotes are left open, or when the other side's
        // fault is a quote closing at its very end what an earlier
        // sentence opened ("« Bonjour », dit-il." against "Bonjour », dit-il."
        // is a dropped quote, not a reopening).
        let starts = texts.map(reopening);
        for s in 0..2 {
            if let (Some(n), None) = (starts[s], starts[1 - s])
                && bal[s][DOUBLE].is_some() != bal[1 - s][DOUBLE].is_some()
            {
                let other = &texts[1 - s];
                let closes_at_end = bal[1 - s][DOUBLE]
                    .as_ref()
                    .is_none_or(|f| !f.open && other[f.span.end..].trim().is_empty());
                let shifted: Vec<Range<usize>> = codes[s]
                    .iter()
                    .filter(|r| r.start >= n)
                    .map(|r| r.start - n..r.end - n)
                    .collect();
                let without = merged(balance(&texts[s][n..], &shifted))[DOUBLE].take();
                if closes_at_end && without.is_some() == bal[1 - s][DOUBLE].is_some() {
                    bal[s][DOUBLE] = without.map(|f| Fault {
                        span: f.span.start + n..f.span.end + n,
                        open: f.open,
                    });
                }
            }
        }
        for (h, r) in bal[0].iter().zip(&bal[1]) {
            for (s, side, own, other) in [(0, Side::Hyp, h, r), (1, Side::Ref, r, h)] {
                if let (Some(f), None) = (own, other) {
                    parts.push(fault_part(texts[s], f, Some(side)));
                    spans[s].push(f.span.clone());
                }
            }
        }
    }
    let (eh, sh) = end_mark(texts[0]);
    let (er, sr) = end_mark(texts[1]);
    // A question mark against a side that ends in a word is a question
    // turned into a statement or a label, or a cut-off segment (a missing
    // full stop or `!` is a headline's or a list item's style); against a
    // side that ends in `,` `;` `:` or a dash the sentence goes on past the
    // segment (verses, lines cut mid-sentence), where the mark may come.
    let ends_in_word = |e: End, t: &str| {
        e == End::Other
            && t.trim_end_matches(|c: char| c.is_whitespace() || "\"')]}”’»›」』）】》".contains(c))
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    };
    let lost_question = eh == End::Question && ends_in_word(er, texts[1])
        || er == End::Question && ends_in_word(eh, texts[0]);
    if eh != er && (eh != End::Other && er != End::Other || lost_question) {
        let mark = |t: &str, s: &Range<usize>| {
            if s.is_empty() {
                "no mark".to_string()
            } else {
                t[s.clone()].to_string()
            }
        };
        parts.push(format!(
            "ends {} -> {}",
            mark(texts[0], &sh),
            mark(texts[1], &sr)
        ));
        spans[0].push(sh);
        spans[1].push(sr);
    }
    if parts.is_empty() {
        return;
    }
    let [hyp, ref_] = spans;
    out.push(QaFinding {
        code: Code::Punct,
        detail: parts.join(", "),
        hyp,
        ref_,
    });
}

/// Single-text check: every unbalanced kind where the scan saw a bracket
/// or quote (`brackets`), and, where `latin` says the text should have none
/// (its expected script writes ASCII marks and it holds no letters of
/// another script), the full-width marks the source left in.
/// `codes`: the text's placeholders (see [`balance`]).
pub(crate) fn check_text(
    text: &str,
    brackets: bool,
    latin: bool,
    codes: &[Range<usize>],
    out: &mut Vec<QaFinding>,
) {
    let mut parts = Vec::new();
    let mut spans = Spans::new();
    if latin {
        let marks = full_width_marks(text);
        if !marks.is_empty() {
            parts.push(format!("full-width \"{}\"", mark_list(&marks)));
            spans.extend(marks.into_iter().map(|m| m.1));
        }
    }
    if brackets {
        for f in balance(text, codes).iter().flatten() {
            parts.push(fault_part(text, f, None));
            spans.push(f.span.clone());
        }
    }
    if parts.is_empty() {
        return;
    }
    out.push(QaFinding {
        code: Code::Punct,
        detail: parts.join(", "),
        hyp: spans,
        ref_: Spans::new(),
    });
}

#[cfg(test)]
mod tests {

    #[test]
    fn full_width_marks_on_one_side_only() {
        let f = |h: &str, r: &str| {
            let mut out = Vec::new();
            check_pair([h, r], true, [true, true], [&[], &[]], &mut out);
            out.iter().map(|f| f.to_string()).collect::<Vec<_>>()
        };
        assert_eq!(
            f("He left，then came back？", "He left, then came back?"),
            ["punct: full-width \"，？\" in hyp"]
        );
        assert_eq!(
            f("In (short).", "In（short）."),
            ["punct: full-width \"（）\" in ref"]
        );
        // Full-width letters and digits are no marks.
        assert!(f("Ｂ２ costs ３.", "B2 costs 3.").is_empty());
        let m = full_width_marks("a，b【c】");
        assert_eq!(
            m.iter().map(|x| x.1.clone()).collect::<Vec<_>>(),
            [1..4, 5..8, 9..12]
        );
    }
    use super::*;
    use crate::qa::{CheckSet, Script, check_pair as pair_check, check_text as text_check};

    #[test]
    fn a_quote_reopened_at_a_verse_is_no_fault() {
        // WEB against YLT, Genesis 6:14, 9:5 and 18:10: YLT opens its quote
        // again at every verse of a speech, WEB once.
        assert!(
            pair(
                "Make an ark of gopher wood.",
                "`Make for thyself an ark of gopher-wood; rooms dost thou make;"
            )
            .is_empty()
        );
        assert!(
            pair(
                "I will surely require your blood.",
                "`And only your blood for your lives do I require; from the hand of every man's brother `is' the life;"
            )
            .is_empty()
        );
        assert!(
            pair(
                "and Sarah your wife will have a son.\"",
                "`and lo, a son to Sarah thy wife;' and Sarah is hearkening."
            )
            .is_empty()
        );
        // French reopens with «.
        assert!(
            pair(
                "Pendant des heures, nous suivions.",
                "« Pendant des heures , nous suivîmes ."
            )
            .is_empty()
        );
        // Both sides starting with a quote, or a quote of other styles left
        // open at the start, still count: MT misplaces those.
        assert_eq!(
            pair("`Go home.", "`Go home.'"),
            ["punct: unclosed ` in hyp"]
        );
        assert_eq!(
            pair(
                "\"The second day of the Summit was devoted to rights.",
                "The second day of the “Summit” was on rights."
            ),
            ["punct: unclosed \" in hyp"]
        );
        // A quote closed inside the sentence on the side that starts with
        // one is no reopening: the other side dropped its opening quote.
        assert_eq!(
            pair("« Bonjour », dit-il.", "Bonjour », dit-il."),
            ["punct: unmatched » in ref"]
        );
        assert_eq!(
            pair("`Go home,' he said.", "Go home,\" he said."),
            ["punct: unmatched \" in ref"]
        );
        // A reopening that would not make the sides agree changes nothing.
        assert_eq!(
            pair("`Go `home now.", "Go home now."),
            ["punct: unclosed ` in hyp"]
        );
    }

    fn pair(h: &str, r: &str) -> Vec<String> {
        let mut out = Vec::new();
        pair_check(h, r, CheckSet::NONE.with(Code::Punct), &mut out);
        out.iter().map(|f| f.to_string()).collect()
    }

    fn single(t: &str) -> Vec<String> {
        let mut out = Vec::new();
        text_check(t, Script::Latin, CheckSet::NONE.with(Code::Punct), &mut out);
        out.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn the_separator_bar_of_chinese_titles_is_a_full_width_mark() {
        assert_eq!(
            pair(
                "Starry sky丨Geminid meteors",
                "Starry sky | Geminid meteors"
            ),
            ["punct: full-width \"丨\" in hyp"]
        );
        // Kept on both sides, or in a side with Chinese words, it is no
        // finding of this check.
        assert!(pair("Sky丨Meteors", "Sky 丨 meteors").is_empty());
        assert!(pair("Sky丨流星", "Sky | meteors").is_empty());
        let t = "Sky丨Meteors (tonight，8 pm";
        let mut out = Vec::new();
        text_check(t, Script::Latin, CheckSet::NONE.with(Code::Punct), &mut out);
        assert_eq!(out[0].to_string(), "punct: full-width \"丨，\", unclosed (");
        let marked: Vec<&str> = out[0].hyp.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(marked, ["丨", "，", "("]);
        assert!(single("Sky | Meteors (tonight, 8 pm)").is_empty());
        let mut out = Vec::new();
        text_check("天空丨流星，今晚", Script::Han, CheckSet::ALL, &mut out);
        assert!(out.is_empty(), "{out:?}");
    }

    fn faults(t: &str) -> Vec<(usize, bool)> {
        balance(t, &[])
            .iter()
            .enumerate()
            .filter_map(|(k, f)| f.as_ref().map(|f| (k, f.open)))
            .collect()
    }

    #[test]
    fn brackets_inside_placeholders_are_code() {
        let t = "Due: {0:#,##0.00;(#,##0.00)} now (soon";
        let found = |codes: &[Range<usize>]| {
            balance(t, codes)
                .iter()
                .flatten()
                .map(|f| (f.span.clone(), f.open))
                .collect::<Vec<_>>()
        };
        // Read as prose, `;(` is an emoticon and its `)` unmatched.
        assert_eq!(found(&[]), [(26..27, false)]);
        let code = 5..28;
        assert_eq!(found(std::slice::from_ref(&code)), [(33..34, true)]);
    }

    #[test]
    fn an_unclosed_bracket_on_one_side_fires_with_its_span() {
        let h = "He left (for good.";
        let mut out = Vec::new();
        pair_check(
            h,
            "He left (for good).",
            CheckSet::NONE.with(Code::Punct),
            &mut out,
        );
        assert_eq!(out[0].to_string(), "punct: unclosed ( in hyp");
        assert_eq!(&h[out[0].hyp[0].clone()], "(");
        assert_eq!(
            pair("He said “yes.", "He said “yes”."),
            ["punct: unclosed “ in hyp"]
        );
        assert_eq!(
            pair("a bcde) c", "a (bcde) c"),
            ["punct: unmatched ) in hyp"]
        );
    }

    #[test]
    fn both_sides_unbalanced_alike_do_not_fire() {
        // The pieces of a quotation split over sentences.
        assert!(pair("“He came.", "\"He arrived.").is_empty());
        assert!(pair("He left.”", "He went away.\"").is_empty());
        // Quote styles differ between the sides.
        assert!(pair("He said, “I came.", "And he saith, `I have come.").is_empty());
    }

    #[test]
    fn apostrophes_and_possessives_are_not_quotes() {
        for t in [
            "Don't stop.",
            "James' car.",
            "James’ car and don’t.",
            "the ’90s",
            "rock ‘n’ roll",
            "`Let light be;' and light is.",
        ] {
            assert!(faults(t).is_empty(), "{t}");
        }
        assert_eq!(faults("He said ‘no."), [(SINGLE, true)]);
        assert_eq!(faults("And he saith, `Lo."), [(SINGLE, true)]);
        assert_eq!(faults("multiply in it.'"), [(SINGLE, false)]);
        assert!(pair("multiply in it.'", "multiply in it.\"").is_empty());
    }

    #[test]
    fn a_straight_quote_at_a_word_start_opens_what_a_later_one_closes() {
        for t in [
            "And said, 'Here you may come, but no further; Here shall your waves be stayed?'",
            "He said, 'Take up your mat, and walk.'",
            "Don't 'quote' me, James' friend.",
            "rock 'n' roll",
            "(’Tis the season.)",
            // Never left open itself: it may be an elision.
            "He said, 'no.",
            "'tis so.",
        ] {
            assert!(faults(t).is_empty(), "{t}: {:?}", faults(t));
        }
        // An apostrophe inside a word does not close it; a closing quote
        // after a mark with nothing open still fires.
        assert_eq!(faults("'Don't.' And then.'"), [(SINGLE, false)]);
        // Nor does one inside a quotation opened otherwise.
        assert!(faults("saith, `Bring nigh, I eat of my son's meat;' and he").is_empty());
        assert_eq!(faults("He said ‘don’t go"), [(SINGLE, true)]);
        // One before other letters closes an open quotation that lost its
        // space.
        assert!(faults("a photo of a ‘target'to raise money").is_empty());
        // A misturned apostrophe opens nothing.
        for t in [
            "I’ll wait ‘til it’s done.",
            "I told ‘em I don’t care.",
            "In the ‘90s it’s fun.",
        ] {
            assert!(faults(t).is_empty(), "{t}: {:?}", faults(t));
        }
        assert_eq!(faults("He said ‘tilt it’s way."), [(SINGLE, true)]);
        // Open quotes are counted: two opened, two closed.
        assert!(faults("‘He said 'no' to me,’ she said.").is_empty());
        assert_eq!(faults("‘He said 'no to me."), [(SINGLE, true)]);
    }

    #[test]
    fn typographic_and_nested_quotes_and_brackets_balance() {
        for t in [
            "He said “she said ‘no’ twice”.",
            "« Oui », dit-il.",
            "„Ja“, sagte er.",
            "(a [b {c} d] e)",
            "He said \"yes\" and \"no\".",
            "《人民日报》 and 「引用」",
            "Note (see “x”).",
            "“Hello,\" he said.",
            "\"Are you in? ”",
        ] {
            assert!(faults(t).is_empty(), "{t}: {:?}", faults(t));
        }
        assert_eq!(faults("(a (b) c"), [(0, true)]);
        assert_eq!(faults("He left.\""), [(DOUBLE, false)]);
        assert_eq!(faults("He said \"yes"), [(DOUBLE, true)]);
    }

    #[test]
    fn german_quotes_balance_either_way_round() {
        for t in [
            "Er sagte »Hallo« gestern.",
            "Er sagte: »Ja.«",
            "»Komm«, rief sie, »schnell!«",
            "Sag ‚Hallo‘ zu ihm.",
            "Er sagte: „Sie rief ‚Hilfe‘.“",
            "»Er rief ‚Hilfe‘«, sagte sie.",
            "« Oui », dit-il.",
        ] {
            assert!(faults(t).is_empty(), "{t}: {:?}", faults(t));
        }
        // French closing a quotation of an earlier sentence: not turned,
        // the `»` closes nothing here.
        assert_eq!(
            faults("la fin de la citation ». Puis « encore »."),
            [(DOUBLE, false)]
        );
        assert_eq!(faults("Er sagte »Hallo gestern."), [(DOUBLE, true)]);
        assert_eq!(faults("Sag ‚Hallo zu ihm."), [(SINGLE, true)]);
        // Only `‚` makes a `‘` close: English still opens with it.
        assert_eq!(faults("He said ‘no."), [(SINGLE, true)]);
    }

    #[test]
    fn list_markers_and_emoticons_are_not_brackets() {
        for t in [
            "1) First item",
            "Pick a) or b)",
            "Great :) and sad :( and :-)",
            "iv) last",
        ] {
            assert!(faults(t).is_empty(), "{t}");
        }
        assert_eq!(faults("word) here"), [(0, false)]);
    }

    #[test]
    fn inch_and_second_marks_are_not_quotes() {
        for t in [
            "Use 27\" monitors for best results.",
            "He was 5' 10\" tall.",
            "At 45° 30' 15\" north.",
            "He said \"buy 5\" and left.",
        ] {
            assert!(faults(t).is_empty(), "{t}: {:?}", faults(t));
        }
        // A quote after a digit still closes one that is open, and a lone
        // quote elsewhere still fires.
        assert_eq!(single("He said \"buy 5."), ["punct: unclosed \""]);
        assert_eq!(single("He said buy\" now."), ["punct: unmatched \""]);
    }

    #[test]
    fn different_end_marks_fire() {
        assert_eq!(pair("Is he here?", "He is here."), ["punct: ends ? -> ."]);
        assert_eq!(pair("Stop!", "Stop."), ["punct: ends ! -> ."]);
        assert_eq!(
            pair("He asked “why?”", "He asked “why.”"),
            ["punct: ends ? -> ."]
        );
        assert_eq!(pair("Really?!", "Really."), ["punct: ends ?! -> ."]);
        // A question mark lost: a question turned into a statement, or
        // a segment cut off (WMT22 MT of customer chats).
        assert_eq!(
            pair(
                "Do I need to stay in the conversation",
                "Do I need to stay in this conversation?"
            ),
            ["punct: ends no mark -> ?"]
        );
        assert_eq!(
            pair("Delete the file?", "Delete the “file”"),
            ["punct: ends ? -> no mark"]
        );
    }

    #[test]
    fn end_mark_near_misses_do_not_fire() {
        assert!(pair("He left...", "He left…").is_empty());
        assert!(pair("He left...", "He left.").is_empty());
        assert!(pair("He said “no.”", "He said “no”.").is_empty());
        assert!(pair("Headline without mark", "Headline without a mark").is_empty());
        // Where the sentence goes on past the segment the mark may come.
        assert!(pair("Is he here,", "Is he here?").is_empty());
        assert!(pair("And he said:", "And he said?").is_empty());
        assert!(pair("Headline!", "Headline").is_empty());
        assert!(pair("He said:", "He said.").is_empty());
        assert!(pair("他来了。", "He came.").is_empty());
        assert!(pair("Great :)", "Great!").is_empty());
        // A mark alone in brackets is an aside, on either side.
        assert!(pair("5. cho oyu , 8189 m ( ? )", "5. Cho Oyu , 8189 m ( ?) .").is_empty());
        assert!(pair("It is 7,422 m (!)", "It is 7,422 m.").is_empty());
        assert!(pair("Height [?]", "Height.").is_empty());
        assert!(pair("Height.", "Height [?]").is_empty());
        assert!(pair("He said [...]", "He said?").is_empty());
    }

    #[test]
    fn the_mark_before_an_aside_still_counts() {
        assert_eq!(
            pair("Who wrote it? (?)", "Who wrote it."),
            ["punct: ends ? -> ."]
        );
        assert_eq!(
            pair("He came.", "He came! (!) (?) [!]"),
            ["punct: ends . -> !"]
        );
        assert_eq!(end_mark("(?)(?)(?)").0, End::Other);
        let t = format!("Really?!{}", " (?)".repeat(5_000));
        assert_eq!(&t[end_mark(&t).1], "?!");
    }

    #[test]
    fn a_mark_ending_bracketed_words_still_counts() {
        assert_eq!(
            pair("He asked (why?)", "He asked (why.)"),
            ["punct: ends ? -> ."]
        );
        assert_eq!(
            pair("Look (there!)", "Look (there.)"),
            ["punct: ends ! -> ."]
        );
    }

    #[test]
    fn single_text_reports_every_unbalanced_kind() {
        assert_eq!(single("(a [b"), ["punct: unclosed (, unclosed ["]);
        assert!(single("(a) [b]").is_empty());
        assert!(single("Is this it?").is_empty());
    }

    /// The two-byte shortcut agrees with the full reading.
    #[test]
    fn end_mark_shortcut_equals_the_full_reading() {
        let tails = [
            "a", "9", ".", "?", "!", ";", " ", "\"", ")", "”", "…", "？", "'", "A", "", "(", "[",
            "]",
        ];
        for x in tails {
            for y in tails {
                for z in tails {
                    let t = format!("{x}{y}{z}");
                    assert_eq!(end_mark(&t), end_mark_slow(&t), "{t:?}");
                }
            }
        }
    }

    #[test]
    fn end_marks() {
        assert_eq!(end_mark("a.").0, End::Stop);
        assert_eq!(end_mark("a?\" ").0, End::Question);
        assert_eq!(end_mark("a!").0, End::Exclaim);
        assert_eq!(end_mark("a").0, End::Other);
        assert_eq!(end_mark("").0, End::Other);
        assert_eq!(end_mark("a;").0, End::Other);
        let t = "Why?!”";
        assert_eq!(&t[end_mark(t).1], "?!");
    }
}
