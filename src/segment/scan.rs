//! The sentence scanner: one forward pass over a chunk's bytes that stops
//! only at bytes that can start a terminal mark, a bullet or a list marker,
//! and judges each from the token before and the token after it.

use super::abbrev::{Abbreviations, Kind};
use super::chars::{
    is_bang_or_question, is_cjk_terminal, is_closer, is_hspace, is_inline_bullet, is_opener,
    is_stray_closer, is_terminal,
};
use super::lines::{EnumKind, EnumStyle, TLine, enum_text, enumerator};
use super::{Sentence, make_sentence};

/// How far the scanner looks around a mark; beyond this a token is simply
/// "long", which keeps pathological input (a 50 MB token) linear.
const LOOK: usize = 64;

/// Bytes worth stopping at: ASCII marks and the lead bytes of the
/// multi-byte marks, quotes and bullets (U+2000–U+2FFF, U+3000–U+3FFF,
/// U+FF00–U+FFFF).
const INTEREST: [bool; 256] = {
    let mut t = [false; 256];
    t[b'.' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t[b')' as usize] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t[0xEF] = true;
    t
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Upper,
    Lower,
    Digit,
    /// A letter without case (CJK, …): treated like a capital.
    Caseless,
    Other,
    End,
}

struct Next<'a> {
    case: Case,
    /// The next word's leading ASCII letters and apostrophes.
    word: &'a str,
}

enum Step {
    /// Keep scanning from this byte.
    Skip(usize),
    /// The sentence ends at `end`; the next one starts at `next`.
    Cut { end: usize, next: usize },
}

struct List {
    kind: EnumKind,
    style: EnumStyle,
    next: u32,
}

struct Scanner<'a> {
    s: &'a str,
    b: &'a [u8],
    lo: usize,
    hi: usize,
    abbr: &'a Abbreviations,
    list: Option<List>,
}

/// Splits the chunk `lines` (consecutive lines of one block) into sentences.
pub fn split_chunk(text: &str, lines: &[TLine], abbr: &Abbreviations, out: &mut Vec<Sentence>) {
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
        return;
    };
    let mut sc = Scanner {
        s: text,
        b: text.as_bytes(),
        lo: first.cs,
        hi: last.ce,
        abbr,
        list: None,
    };
    let mut line_idx = 0;
    let mut emit = |s: usize, e: usize| {
        let raw = &text[s..e];
        let start = s + (raw.len() - raw.trim_start().len());
        while line_idx + 1 < lines.len() && lines[line_idx + 1].start <= start {
            line_idx += 1;
        }
        if let Some(sent) = make_sentence(text, s..e, lines[line_idx].number) {
            out.push(sent);
        }
    };
    let mut start = sc.lo;
    let mut i = sc.begin(start);
    let bytes = &text.as_bytes()[..sc.hi];
    while i < sc.hi {
        match bytes[i..].iter().position(|&c| INTEREST[c as usize]) {
            Some(k) => i += k,
            None => break,
        }
        match sc.step(i, start) {
            Step::Skip(j) => i = j.max(i + 1),
            Step::Cut { end, next } => {
                if next <= start || end < start {
                    // Never re-cut at the sentence start: move on instead.
                    i += sc.char_at(i).map_or(1, char::len_utf8);
                    continue;
                }
                emit(start, end);
                start = next;
                i = sc.begin(next).max(next);
            }
        }
    }
    emit(start, sc.hi);
}

impl<'a> Scanner<'a> {
    fn char_at(&self, i: usize) -> Option<char> {
        if i >= self.hi {
            return None;
        }
        self.s.get(i..)?.chars().next()
    }

    fn char_before(&self, i: usize) -> Option<char> {
        if i <= self.lo {
            return None;
        }
        self.s.get(..i)?.chars().next_back()
    }

    fn is_space_at(&self, i: usize) -> bool {
        self.char_at(i).is_some_and(char::is_whitespace)
    }

    /// Skips whitespace from `i`, at most `cap` bytes.
    fn skip_space(&self, mut i: usize, cap: usize, horizontal_only: bool) -> usize {
        let stop = i.saturating_add(cap).min(self.hi);
        while i < stop {
            match self.char_at(i) {
                Some(c) if c.is_whitespace() && (!horizontal_only || is_hspace(c)) => {
                    i += c.len_utf8()
                }
                _ => break,
            }
        }
        i
    }

    /// Start of a sentence at `pos`: steps over a bullet and a list marker
    /// (whose period is not a sentence end) and returns where to scan from.
    fn begin(&mut self, pos: usize) -> usize {
        let mut p = self.skip_space(pos, usize::MAX, false);
        if let Some(c) = self.char_at(p)
            && (is_inline_bullet(c) || (p == self.lo && matches!(c, '-' | '*' | '+' | '–' | '—')))
        {
            p = self.skip_space(p + c.len_utf8(), LOOK, true);
        }
        if let Some(m) = enumerator(&self.b[..self.hi], p)
            && (m.end >= self.hi || self.is_space_at(m.end))
        {
            self.list = Some(List {
                kind: m.kind,
                style: m.style,
                next: m.value + 1,
            });
            return m.end;
        }
        p
    }

    fn step(&mut self, i: usize, start: usize) -> Step {
        let Some(c) = self.char_at(i) else {
            return Step::Skip(i + 1);
        };
        if matches!(c, '.' | ')') {
            if let Some(ts) = self.next_list_item_before(i, start) {
                return Step::Cut { end: ts, next: ts };
            }
            if c == ')' {
                return Step::Skip(i + 1);
            }
        }
        if is_terminal(c) {
            return self.terminal(i, start);
        }
        if is_inline_bullet(c) && i > start && self.char_before(i).is_some_and(char::is_whitespace)
        {
            let after = self.char_at(i + c.len_utf8());
            if after.is_none_or(|a| a.is_whitespace() || a.is_alphanumeric()) {
                return Step::Cut { end: i, next: i };
            }
        }
        Step::Skip(i + c.len_utf8())
    }

    /// If the token ending at the '.' or ')' at `i` is the next marker of the
    /// list this chunk is in ("2." after "1."), the byte where it starts.
    fn next_list_item_before(&self, i: usize, start: usize) -> Option<usize> {
        let list = self.list.as_ref()?;
        let mut ts = i;
        while ts > start && i - ts < 6 && self.b[ts - 1].is_ascii_alphanumeric() {
            ts -= 1;
        }
        if ts == i {
            return None;
        }
        let (marker_start, end) = match list.style {
            EnumStyle::Dot if self.b[i] == b'.' => (ts, i + 1),
            EnumStyle::DotParen if self.b[i] == b'.' && self.b.get(i + 1) == Some(&b')') => {
                (ts, i + 2)
            }
            EnumStyle::Paren if self.b[i] == b')' => (ts, i + 1),
            EnumStyle::Enclosed if self.b[i] == b')' && ts > start && self.b[ts - 1] == b'(' => {
                (ts - 1, i + 1)
            }
            _ => return None,
        };
        if marker_start <= start
            || !self
                .char_before(marker_start)
                .is_some_and(char::is_whitespace)
            || !(end >= self.hi || self.is_space_at(end))
        {
            return None;
        }
        let want = enum_text(list.kind, list.next)?;
        (self.s.get(ts..i)? == want).then_some(marker_start)
    }

    fn terminal(&mut self, i: usize, start: usize) -> Step {
        // The run of terminal marks, spaced dots (". . .") included.
        let mut j = i;
        let (mut dots, mut bang, mut ellipsis, mut cjk) = (0, false, false, false);
        while let Some(c) = self.char_at(j) {
            if c == '.' {
                dots += 1;
            } else if c == '…' {
                ellipsis = true;
            } else if is_cjk_terminal(c) {
                cjk = true;
            } else if is_bang_or_question(c) {
                bang = true;
            } else if c == ' '
                && self.b.get(j - 1) == Some(&b'.')
                && self.b.get(j + 1) == Some(&b'.')
                && j + 1 < self.hi
            {
                // ". . ." is spaced single dots. In "ended. ... There" the
                // period ends the sentence and the ellipsis opens the next
                // one; "ended. ..." at the end or before lowercase stays one
                // cluster, so no sentence is punctuation only.
                if self.b.get(j + 2) == Some(&b'.') && self.ellipsis_opens_sentence(j + 1) {
                    break;
                }
                j += 1;
                continue;
            } else {
                break;
            }
            j += c.len_utf8();
        }
        let cluster_end = j;
        let mut closed = false;
        while let Some(c) = self.char_at(j) {
            if !is_closer(c) {
                break;
            }
            // A straight quote glued to a letter is an apostrophe or an
            // opening quote ("Jr.'s"), not a closer.
            if matches!(c, '"' | '\'') && self.char_at(j + 1).is_some_and(char::is_alphanumeric) {
                break;
            }
            j += c.len_utf8();
            closed = true;
        }
        // Footnote and citation marks glued to the end: "done.[3]", "so.[a][12]".
        while let Some(e) = self.citation_at(j) {
            j = e;
            closed = true;
        }
        if j < self.hi && !self.is_space_at(j) {
            if cjk {
                return Step::Cut { end: j, next: j };
            }
            if dots == 1 && !bang && !ellipsis && j == cluster_end && self.glued_sentence(i) {
                return Step::Cut { end: j, next: j };
            }
            return Step::Skip(j);
        }
        // A closing quote left standing after the end ("payment." ”).
        loop {
            let m = self.skip_space(j, LOOK, true);
            match self.char_at(m) {
                Some(c)
                    if m > j
                        && is_stray_closer(c)
                        && self
                            .char_at(m + c.len_utf8())
                            .is_none_or(char::is_whitespace) =>
                {
                    j = m + c.len_utf8();
                    closed = true;
                }
                _ => break,
            }
        }
        if j >= self.hi {
            return Step::Cut {
                end: self.hi,
                next: self.hi,
            };
        }
        let next = self.next_token(j);
        let split = if cjk {
            true
        } else if bang {
            next.case != Case::Lower
        } else if ellipsis || dots >= 3 {
            let before = self.char_before(i);
            let detached = before.is_none_or(char::is_whitespace);
            // An ellipsis that opens the sentence, bare or after an opening
            // quote ("\"... I should explain"), marks omitted words before it;
            // cutting there would leave a sentence of punctuation only.
            let opens = self
                .s
                .get(start..i)
                .is_some_and(|p| p.trim_start().chars().all(super::chars::is_opener));
            if opens || matches!(before, Some('[' | '(')) {
                // "[...]": an omission mark inside a quotation.
                false
            } else if dots >= 4 || (ellipsis && dots >= 1) {
                next.case != Case::Lower
            } else if detached {
                false
            } else {
                matches!(next.case, Case::Upper | Case::Caseless)
            }
        } else if dots == 2 {
            next.case != Case::Lower
        } else {
            self.period(i, start, closed, &next)
        };
        if split {
            Step::Cut { end: j, next: j }
        } else {
            Step::Skip(j)
        }
    }

    /// Whether the run of dots at `k` is followed by an uppercase word.
    fn ellipsis_opens_sentence(&self, mut k: usize) -> bool {
        while k < self.hi && self.b[k] == b'.' {
            k += 1;
        }
        k < self.hi && self.is_space_at(k) && self.next_token(k).case == Case::Upper
    }

    /// End of a bracketed footnote mark ("[3]", "[a]", "[note 2]") at `j`.
    fn citation_at(&self, j: usize) -> Option<usize> {
        if self.b.get(j) != Some(&b'[') || j >= self.hi {
            return None;
        }
        let inner = &self.b[j + 1..(j + 12).min(self.hi)];
        let close = inner.iter().position(|&c| c == b']')?;
        let body = &inner[..close];
        (!body.is_empty() && body.iter().all(|c| c.is_ascii_alphanumeric() || *c == b' '))
            .then_some(j + 2 + close)
    }

    /// The first letter after the whitespace at `j`, past opening quotes.
    fn next_token(&self, j: usize) -> Next<'a> {
        let mut k = self.skip_space(j, 4 * LOOK, false);
        let mut guard = 0;
        while let Some(c) = self.char_at(k) {
            if !is_opener(c) || guard == 4 {
                break;
            }
            k += c.len_utf8();
            guard += 1;
        }
        let Some(c) = self.char_at(k) else {
            return Next {
                case: Case::End,
                word: "",
            };
        };
        let case = if c.is_uppercase() {
            Case::Upper
        } else if c.is_lowercase() {
            Case::Lower
        } else if c.is_numeric() {
            Case::Digit
        } else if c.is_alphabetic() {
            Case::Caseless
        } else {
            Case::Other
        };
        let mut e = k;
        while e < self.hi && e - k < 16 && (self.b[e].is_ascii_alphabetic() || self.b[e] == b'\'') {
            e += 1;
        }
        Next {
            case,
            word: &self.s[k..e],
        }
    }

    /// The token before the period at `i`, without leading quotes or brackets,
    /// or `None` when it is longer than [`LOOK`].
    fn word_before(&self, i: usize) -> Option<(usize, &'a str)> {
        let mut ws = i;
        while ws > self.lo {
            let c = self.char_before(ws)?;
            if c.is_whitespace() {
                break;
            }
            ws -= c.len_utf8();
            if i - ws > LOOK {
                return None;
            }
        }
        let mut w = &self.s[ws..i];
        while let Some(c) = w.chars().next().filter(|&c| is_opener(c)) {
            w = &w[c.len_utf8()..];
        }
        Some((ws, w))
    }

    /// Whether the sentence has at least `n` tokens before byte `ws`.
    fn has_words_before(&self, ws: usize, start: usize, n: usize) -> bool {
        let seg = &self.b[start.max(ws.saturating_sub(4 * LOOK))..ws];
        if ws.saturating_sub(start) > 4 * LOOK {
            return true;
        }
        let mut count = 0;
        let mut in_word = false;
        for &c in seg {
            let space = c.is_ascii_whitespace();
            if !space && !in_word {
                count += 1;
            }
            in_word = !space;
        }
        count >= n
    }

    /// A single period followed by whitespace: sentence end or abbreviation?
    fn period(&self, i: usize, start: usize, closed: bool, next: &Next) -> bool {
        let plain = next.case != Case::Lower;
        let capital = matches!(next.case, Case::Upper | Case::Caseless);
        let opener = || next.case == Case::Upper && self.abbr.is_opener_word(next.word);
        if closed {
            return plain;
        }
        let Some((ws, w)) = self.word_before(i) else {
            return true;
        };
        if w.is_empty() {
            return plain;
        }
        // "exports to the U.K. Shares rose": a country closes a sentence
        // before a capital unless the capital continues its name ("the U.S.
        // Army"); at a sentence's start it is a modifier.
        if next.case == Case::Upper
            && is_country(w)
            && !continues_country(next.word)
            && self.has_words_before(ws, start, 2)
        {
            return true;
        }
        match self.abbr.kind(w) {
            Some(Kind::Never) => return false,
            Some(Kind::Numbered) if self.reference_follows(i) => return false,
            // "Acme Corp. Chairman Ito said" goes on; "... & Co. It closed"
            // and "pens, etc. Then" end. Short fronted phrases ("At 5 a.m.
            // Mr. Smith went") are not sentences on their own.
            Some(Kind::Final) => {
                return capital
                    && (opener() || w.eq_ignore_ascii_case("etc"))
                    && self.has_words_before(ws, start, 3);
            }
            Some(Kind::Opener) => return opener(),
            Some(Kind::Numbered) | None => {}
        }
        let mut letters = w.chars();
        if let (Some(c), None) = (letters.next(), letters.next())
            && c.is_alphabetic()
        {
            // "Jonas E. Smith" versus "you and I. Did you".
            return if c.is_uppercase() { opener() } else { plain };
        }
        if is_dotted_initials(w) {
            return opener();
        }
        if next.case == Case::Lower && w.bytes().all(|c| c.is_ascii_digit()) {
            // "1. patience, 2. time": an inline count, not a sentence end.
            return false;
        }
        // "1.5 bn. in 2020", "see Prov. in the margin": a short token that
        // looks like an abbreviation (no vowel, or a capital and up to three
        // small letters) before a lowercase word is not a sentence end.
        if next.case == Case::Lower && abbreviation_like(w) {
            return false;
        }
        // An ordinary word: even a lowercase start is a new sentence (MT
        // output often has them); unknown abbreviations are the risk here.
        true
    }

    /// After "No." or "App.": a number, '#' or a lone capital ("App. B of").
    fn reference_follows(&self, i: usize) -> bool {
        let k = self.skip_space(i + 1, LOOK, false);
        match self.char_at(k) {
            Some(c) if c.is_numeric() || c == '#' => true,
            Some(c) if c.is_uppercase() => self
                .char_at(k + c.len_utf8())
                .is_none_or(|n| !n.is_alphabetic()),
            _ => false,
        }
    }

    /// "world.Today": a period glued between a lowercase word and a
    /// capitalised one, outside URLs, e-mail addresses and file names.
    fn glued_sentence(&self, i: usize) -> bool {
        let b = self.b;
        let (Some(&n0), Some(&n1)) = (b.get(i + 1), b.get(i + 2)) else {
            return false;
        };
        if !(n0.is_ascii_uppercase() && n1.is_ascii_lowercase()) || i + 2 >= self.hi {
            return false;
        }
        let mut p = i;
        while p > self.lo && i - p < LOOK && (b[p - 1].is_ascii_alphanumeric() || b[p - 1] == b',')
        {
            p -= 1;
        }
        let seg = &b[p..i];
        let wordy = seg.len() >= 2
            && seg[seg.len() - 2..].iter().all(u8::is_ascii_lowercase)
            && seg.iter().all(u8::is_ascii_alphabetic);
        let numeric = seg.contains(&b',') && seg.iter().all(|c| c.is_ascii_digit() || *c == b',');
        if !(wordy || numeric) {
            return false;
        }
        // Anything but a space, quote or bracket before the segment (a dot,
        // '@', '/', ':') means a URL, address or dotted name; so does one of
        // those in the rest of the token ("Jane.Doe@example.com").
        let rest = &b[i + 1..(i + 1 + LOOK).min(self.hi)];
        let token_end = rest
            .iter()
            .position(|c| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let tok = &rest[..token_end];
        if tok.iter().enumerate().any(|(k, c)| {
            matches!(c, b'@' | b'/' | b'_')
                || (matches!(c, b'.' | b':')
                    && tok.get(k + 1).is_some_and(u8::is_ascii_alphanumeric))
        }) {
            return false;
        }
        p == self.lo
            || self
                .char_before(p)
                .is_some_and(|c| c.is_whitespace() || is_opener(c))
    }
}

/// A token not in the abbreviation table that reads like one: letters only,
/// and either no vowel ("bn", "mln", "hrs") or a capital and one to three
/// small letters ("Prov", "Gen", "Fig").
fn abbreviation_like(w: &str) -> bool {
    let b = w.as_bytes();
    if b.is_empty() || b.len() > 5 || !b.iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    let vowel = |c: &u8| b"aeiouyAEIOUY".contains(c);
    if !b.iter().any(vowel) {
        return true;
    }
    (2..=4).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b[1..].iter().all(u8::is_ascii_lowercase)
}

/// Dotted country and union names that end a noun phrase ("the U.K").
fn is_country(w: &str) -> bool {
    [
        "u.s", "u.k", "u.s.a", "e.u", "u.n", "u.a.e", "p.r.c", "r.o.k",
    ]
    .iter()
    .any(|c| w.eq_ignore_ascii_case(c))
}

/// Capitalised words that go on naming something after "U.S." or "U.K."
/// ("the U.S. Army", "the U.K. Treasury") instead of opening a sentence.
fn continues_country(next: &str) -> bool {
    const NAMES: &[&str] = &[
        "agency",
        "air",
        "ambassador",
        "army",
        "attorney",
        "bank",
        "border",
        "cabinet",
        "census",
        "central",
        "chamber",
        "coast",
        "commerce",
        "commission",
        "congress",
        "congressman",
        "consulate",
        "council",
        "court",
        "customs",
        "defence",
        "defense",
        "department",
        "dollar",
        "dollars",
        "economy",
        "embassy",
        "energy",
        "federal",
        "food",
        "forces",
        "foreign",
        "geological",
        "government",
        "home",
        "house",
        "immigration",
        "justice",
        "labor",
        "labour",
        "marine",
        "marines",
        "military",
        "minister",
        "ministry",
        "navy",
        "office",
        "officials",
        "olympic",
        "open",
        "parliament",
        "patent",
        "postal",
        "president",
        "prime",
        "representative",
        "secretary",
        "securities",
        "senate",
        "senator",
        "special",
        "state",
        "supreme",
        "trade",
        "treasury",
    ];
    NAMES.iter().any(|n| next.eq_ignore_ascii_case(n))
}

/// "U.S.A", "J.R.R", "e.g": single letters joined by periods.
fn is_dotted_initials(w: &str) -> bool {
    let mut n = 0;
    for part in w.split('.') {
        let mut cs = part.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) if c.is_alphabetic() => n += 1,
            _ => return false,
        }
    }
    n >= 2
}
