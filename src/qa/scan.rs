//! The one byte pass per side that every pair goes through.
//!
//! It settles the cheap checks on the spot (double spaces, a space before a
//! mark, a word repeated in a row, the character count) and, for the rest,
//! only records whether a byte that can start their pattern occurs at all,
//! so that typical prose never reaches the parsers. ASCII bytes cost one
//! table look-up and a branch; a non-ASCII character is decoded once.

use super::script::is_foreign_letter;
use super::words::{GLUED_AHEAD, glued_mark, is_allowed_repeat, space_before_counts};
use crate::metric::text::common_byte_ends;

/// A digit (ASCII, full-width, Arabic-Indic or Devanagari): `number`.
pub(crate) const DIGIT: u16 = 1 << 0;
/// `%`, `{`, `<`, `$` or `#`: `placeholder`.
pub(crate) const PLACE: u16 = 1 << 1;
/// `/`, `@`, `#` or `www.`: `url`.
pub(crate) const URLISH: u16 = 1 << 2;
/// A bracket or a double quote, or an opening single quote (`‘`, `` ` ``):
/// `punct` balance (`’` and `'` are left out: mostly apostrophes).
pub(crate) const BRACKET: u16 = 1 << 3;
/// Any byte above 0x7F.
pub(crate) const NON_ASCII: u16 = 1 << 4;
/// A letter of a script other than Latin: `untranslated`.
pub(crate) const FOREIGN: u16 = 1 << 5;
/// Two whitespace characters in a row (not counting line breaks).
pub(crate) const DOUBLE_SPACE: u16 = 1 << 6;
/// A space before `,.;:!?` (see [`space_before_counts`]).
pub(crate) const SPACE_BEFORE: u16 = 1 << 7;
/// A word repeated in a row (see [`super::words`]).
pub(crate) const REPEAT: u16 = 1 << 8;
/// A mark glued to the next word, `it,but` (see [`glued_mark`]).
pub(crate) const GLUED: u16 = 1 << 9;
pub(crate) const SPACING: u16 = DOUBLE_SPACE | SPACE_BEFORE | GLUED;

/// The marks a space before is a `space` finding for (the scan's MARK
/// class).
pub(crate) const MARKS: &[u8] = b",.;:!?";

/// What the scan found on one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Profile {
    pub flags: u16,
    /// Characters (code points).
    pub chars: u32,
}

/// Byte classes of the ASCII half.
const WORD: u8 = 1;
/// Space or tab: counts for double spaces.
const SPACE: u8 = 2;
/// Other ASCII whitespace: separates words only.
const BREAK: u8 = 4;
/// `,.;:!?`
const MARK: u8 = 8;

const fn tables() -> ([u8; 128], [u16; 128]) {
    let mut class = [0u8; 128];
    let mut flag = [0u16; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            class[b] = WORD;
        }
        if c.is_ascii_digit() {
            flag[b] = DIGIT;
        }
        b += 1;
    }
    class[b' ' as usize] = SPACE;
    class[b'\t' as usize] = SPACE;
    class[b'\n' as usize] = BREAK;
    class[b'\r' as usize] = BREAK;
    class[0x0b] = BREAK;
    class[0x0c] = BREAK;
    let marks = MARKS;
    let mut k = 0;
    while k < marks.len() {
        class[marks[k] as usize] = MARK;
        k += 1;
    }
    flag[b'%' as usize] = PLACE;
    flag[b'<' as usize] = PLACE;
    flag[b'$' as usize] = PLACE;
    flag[b'{' as usize] = PLACE | BRACKET;
    flag[b'/' as usize] = URLISH;
    flag[b'@' as usize] = URLISH;
    flag[b'#' as usize] = URLISH | PLACE;
    flag[b'`' as usize] = BRACKET;
    flag[b'(' as usize] = BRACKET;
    flag[b')' as usize] = BRACKET;
    flag[b'[' as usize] = BRACKET;
    flag[b']' as usize] = BRACKET;
    flag[b'}' as usize] = BRACKET;
    flag[b'"' as usize] = BRACKET;
    (class, flag)
}

const TABLES: ([u8; 128], [u16; 128]) = tables();

/// Non-ASCII characters that take part in bracket and quote balance.
pub(crate) fn is_bracket_or_quote(c: char) -> bool {
    matches!(
        c,
        '“' | '”'
            | '„'
            | '‘'
            | '‚'
            | '«'
            | '»'
            | '（'
            | '）'
            | '［'
            | '］'
            | '｛'
            | '｝'
            | '「'
            | '」'
            | '『'
            | '』'
            | '【'
            | '】'
            | '《'
            | '》'
            | '〈'
            | '〉'
            | '＂'
    )
}

/// Digits other than ASCII that the number check reads, with the vulgar
/// fractions it reads (`½`, `⅓`, see [`super::number::vulgar`]).
pub(crate) fn is_other_digit(c: char) -> bool {
    matches!(c, '０'..='９' | '٠'..='٩' | '۰'..='۹' | '०'..='९')
        || super::number::vulgar(c).is_some()
}

/// The two copies of a repeat, as byte spans.
pub(crate) type Repeat = ((usize, usize), (usize, usize));

/// Word state shared with [`super::words::for_each_repeat`], which must
/// find exactly the repeats this pass flags.
pub(crate) struct WordRun {
    phrases: Phrases,
    start: usize,
    in_word: bool,
    prev: (usize, usize),
    have_prev: bool,
    /// Only whitespace since the previous word ended.
    clean: bool,
}

impl WordRun {
    pub(crate) fn new() -> Self {
        WordRun {
            phrases: Phrases::new(),
            start: 0,
            in_word: false,
            prev: (0, 0),
            have_prev: false,
            clean: false,
        }
    }

    #[inline]
    pub(crate) fn word_byte(&mut self, i: usize) {
        if !self.in_word {
            self.in_word = true;
            self.start = i;
        }
    }

    /// A non-word character at `i`; `space` when it is whitespace. Returns
    /// what the ended word repeats (see [`WordRun::end`]).
    #[inline]
    pub(crate) fn other(&mut self, text: &str, i: usize, space: bool) -> [Option<Repeat>; 2] {
        let r = if self.in_word {
            self.end(text, i)
        } else {
            [None, None]
        };
        if !space {
            self.clean = false;
        }
        r
    }

    /// Ends the word running up to `i`. Returns the previous and the ended
    /// word when the ended word repeats it, and the two copies when it
    /// ends a phrase said twice ([`Phrases`]).
    #[inline]
    pub(crate) fn end(&mut self, text: &str, i: usize) -> [Option<Repeat>; 2] {
        let b = text.as_bytes();
        self.in_word = false;
        let cur = (self.start, i);
        let prev = self.prev;
        let hit = self.have_prev
            && self.clean
            && prev.1 - prev.0 == i - self.start
            && same_word(&text[prev.0..prev.1], &text[cur.0..cur.1])
            && !starts_with_digit(text, cur.0)
            && !is_allowed_repeat(&b[cur.0..cur.1]);
        self.prev = cur;
        self.have_prev = true;
        self.clean = true;
        [
            hit.then_some((prev, cur)),
            self.phrases.push(text, cur.0, cur.1),
        ]
    }

    pub(crate) fn in_word(&self) -> bool {
        self.in_word
    }
}

/// The last words of a text, for a phrase said twice in a row ("picture
/// book picture book", "for the first time for the first time"): NMT's
/// decoder loops, which a single-word test cannot see. Shared by the
/// scan and [`super::words::for_each_repeat`], so that the check finds
/// exactly what the scan flags.
#[derive(Clone)]
pub(crate) struct Phrases {
    words: [(usize, usize); Phrases::RING],
    /// Words seen so far (the next one goes to `words[n % RING]`).
    n: usize,
    /// A byte per word, the latest lowest, that equal words share (see
    /// [`Phrases::tag`]), so that the words k back are ruled out eight at
    /// a time.
    tags: u64,
}

impl Phrases {
    /// Longest phrase looked for, in words: MT loops on real text run to
    /// six ("in the year of the goat in the year of the goat").
    pub(crate) const MAX: usize = 6;
    const RING: usize = 16;

    pub(crate) fn new() -> Self {
        Phrases {
            words: [(0, 0); Phrases::RING],
            n: 0,
            tags: 0,
        }
    }

    fn at(&self, back: usize) -> (usize, usize) {
        self.words[(self.n - 1 - back) % Phrases::RING]
    }

    /// A non-zero byte that equal words (case-insensitive, of equal byte
    /// lengths) share, from the length and the first and last letters
    /// (a non-ASCII byte as 0x80, as its case may differ); zero for a
    /// word under three bytes, which does not end a phrase loop (so that
    /// "of", "a" and "to", which often have their like a few words back,
    /// are ruled out at once).
    #[inline]
    fn tag(b: &[u8], s: usize, e: usize) -> u64 {
        let len = e - s;
        if len < 3 {
            return 0;
        }
        let fold = |c: u8| if c >= 0x80 { 0x80 } else { c | 0x20 };
        let (f, l) = (fold(b[s]), fold(b[e - 1]));
        u64::from((f ^ l.wrapping_mul(0x1d) ^ (len as u8).wrapping_mul(0x4c)) | 1)
    }

    /// Takes the word `s..e` of `text`; returns the two copies' spans when
    /// it ends a phrase of two to [`Phrases::MAX`] words said twice.
    #[inline]
    pub(crate) fn push(&mut self, text: &str, s: usize, e: usize) -> Option<Repeat> {
        self.words[self.n % Phrases::RING] = (s, e);
        self.n += 1;
        let t = Phrases::tag(text.as_bytes(), s, e);
        let back = self.tags;
        self.tags = back << 8 | t;
        if t == 0 {
            return None;
        }
        // Bytes 1 to 5 of `back` are the words 2 to 6 back; a zero byte
        // in `x` there is a word with this word's tag (a byte above a zero
        // one may show as zero too: that only costs a look).
        let x = back ^ (t * LO);
        if x.wrapping_sub(LO) & !x & HI & 0x0000_8080_8080_8000 == 0 {
            return None;
        }
        self.find(text)
    }

    #[cold]
    #[inline(never)]
    fn find(&self, text: &str) -> Option<Repeat> {
        let t = self.tags;
        for k in 2..=Phrases::MAX.min(self.n / 2) {
            // The tags of words i and i + k, for the pairs within the
            // eight words the tags hold, must agree.
            let pairs = k.min(8 - k);
            let mask = u64::MAX >> (64 - 8 * pairs);
            if (t ^ t >> (8 * k)) & mask == 0 && self.is_loop(text, k) {
                let (first, second) = (self.at(2 * k - 1).0..self.at(k).1, self.at(k - 1).0);
                return Some(((first.start, first.end), (second, self.at(0).1)));
            }
        }
        None
    }

    /// Whether the last `2k` words are a phrase of `k` words twice: the
    /// same words (case-insensitive) with the same gaps, only whitespace
    /// between the copies, not one word over and over, and at least two
    /// words in it that carry meaning ([`is_content_word`]): "to have to
    /// have", "from time to time to" and "the spirit of the spirit of" are
    /// English, and so is a relative clause's "who earns wages earns
    /// wages". Gaps inside a copy may hold marks, so that a loop like
    /// "one river, one river, one" is found as "river, one" twice. The
    /// last word is one [`Phrases::tag`] does not rule out.
    fn is_loop(&self, text: &str, k: usize) -> bool {
        let word = |back: usize| {
            let (s, e) = self.at(back);
            &text[s..e]
        };
        let gap = |back: usize| &text[self.at(back + 1).1..self.at(back).0];
        for i in 0..k {
            if !same_word_any(word(i), word(i + k)) || i + 1 < k && gap(i) != gap(i + k) {
                return false;
            }
        }
        let content = (0..k).filter(|&i| is_content_word(word(i))).count();
        let between = gap(k - 1);
        // "He who earns wages earns wages": a relative clause's subject
        // and its verb ("that" is left out: as often a determiner, "that
        // picture book picture book").
        let relative = self.n > 2 * k
            && ["who", "which"]
                .iter()
                .any(|r| r.as_bytes().eq_ignore_ascii_case(word(2 * k).as_bytes()))
            && gap(2 * k - 1).bytes().all(|c| c == b' ');
        content >= 2
            && !relative
            && !between.is_empty()
            && between.chars().all(is_gap_space)
            && (1..k).any(|i| !same_word_any(word(i), word(0)))
    }
}

/// Words that carry no meaning of their own in a phrase loop (English;
/// words under three bytes never count).
const PHRASE_STOP: &[&str] = &[
    "after", "again", "all", "also", "and", "are", "been", "before", "but", "can", "could", "did",
    "does", "for", "from", "had", "has", "have", "her", "his", "its", "just", "more", "not", "nor",
    "our", "she", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "very", "was", "were", "what", "when", "which", "who", "will", "with", "would", "you",
    "your",
];

/// A word that counts towards a phrase loop: three letters or more, not a
/// number and not one of [`PHRASE_STOP`].
fn is_content_word(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 3
        && (w.is_ascii() || w.chars().nth(2).is_some())
        && !starts_with_digit(w, 0)
        && !PHRASE_STOP
            .iter()
            .any(|s| s.as_bytes().eq_ignore_ascii_case(b))
}

/// [`same_word`] for words of any lengths.
fn same_word_any(a: &str, b: &str) -> bool {
    a.len() == b.len() && same_word(a, b)
}

/// Case-insensitive equality of two words of equal byte length (the
/// rare pair of equal words whose cases differ in length is missed).
#[inline]
fn same_word(a: &str, b: &str) -> bool {
    a.as_bytes().eq_ignore_ascii_case(b.as_bytes())
        || !a.is_ascii()
            && a.chars()
                .flat_map(char::to_lowercase)
                .eq(b.chars().flat_map(char::to_lowercase))
}

fn starts_with_digit(text: &str, i: usize) -> bool {
    let c = text.as_bytes()[i];
    c.is_ascii_digit() || c >= 0x80 && char_at(text, i).is_numeric()
}

/// The letter of Latin script (ASCII included) that starts at `i`, and
/// where the next character starts.
#[inline]
pub(crate) fn latin_after(b: &[u8], i: usize) -> Option<(char, usize)> {
    let c = *b.get(i)?;
    if c < 0x80 {
        return c.is_ascii_alphabetic().then_some((c as char, i + 1));
    }
    let len = match c {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => return None,
    };
    let ch = std::str::from_utf8(b.get(i..i + len)?)
        .ok()?
        .chars()
        .next()?;
    (ch.is_alphabetic() && kind(ch) == Kind::Letter).then_some((ch, i + len))
}

/// The letter of Latin script (ASCII included) that ends at `i`, and where
/// it starts.
#[inline]
pub(crate) fn latin_before(b: &[u8], i: usize) -> Option<(char, usize)> {
    let last = *b[..i].last()?;
    if last < 0x80 {
        return last.is_ascii_alphabetic().then_some((last as char, i - 1));
    }
    let s = b[..i].iter().rposition(|&c| !(0x80..0xC0).contains(&c))?;
    let (ch, e) = latin_after(b, s)?;
    (e == i).then_some((ch, s))
}

/// Decodes the character at byte `i` of `text` (a char boundary).
#[inline]
pub(crate) fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or('\0')
}

pub(crate) const LO: u64 = 0x0101_0101_0101_0101;
pub(crate) const HI: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` (all below 0x80) that lies in `a..=b`.
#[inline]
pub(crate) fn in_range(x: u64, a: u8, b: u8) -> u64 {
    let ge_a = x.wrapping_add(LO * (0x80 - a) as u64);
    let gt_b = x.wrapping_add(LO * (0x7f - b) as u64);
    ge_a & !gt_b & HI
}

/// The scan's running state, shared by the eight-byte and the one-char
/// steps so that they can alternate anywhere.
#[derive(Clone)]
struct State {
    flags: u16,
    chars: u32,
    in_word: bool,
    word_start: usize,
    /// The previous word, when there is one.
    prev: Option<(usize, usize)>,
    phrases: Phrases,
    prev_space: bool,
}

impl State {
    fn new() -> Self {
        State {
            flags: 0,
            chars: 0,
            in_word: false,
            word_start: 0,
            prev: None,
            phrases: Phrases::new(),
            prev_space: false,
        }
    }

    /// Ends the word still open at the end of `text`.
    fn finish(&mut self, text: &str) -> Profile {
        if self.in_word {
            self.end_word(text, text.len());
        }
        Profile {
            flags: self.flags,
            chars: self.chars,
        }
    }

    #[inline]
    fn end_word(&mut self, text: &str, e: usize) {
        self.in_word = false;
        self.word(text, self.word_start, e);
    }

    /// The word `s..e` has ended: is it the previous one again?
    #[inline]
    fn word(&mut self, text: &str, s: usize, e: usize) {
        // Equal lengths and equal first letters (ASCII, either case) are
        // rare enough to look at the gap and the letters only then.
        if let Some((ps, pe)) = self.prev
            && pe - ps == e - s
        {
            let b = text.as_bytes();
            let (x, y) = (b[s], b[ps]);
            if (x | y >= 0x80 || (x | 0x20) == (y | 0x20)) && is_repeat(text, (ps, pe), (s, e)) {
                self.flags |= REPEAT;
            }
        }
        self.prev = Some((s, e));
        if self.phrases.push(text, s, e).is_some() {
            self.flags |= REPEAT;
        }
    }

    /// One character at `i`: a word character or not.
    #[inline]
    fn char_step(&mut self, text: &str, i: usize, word: bool) {
        if word {
            if !self.in_word {
                self.in_word = true;
                self.word_start = i;
            }
        } else if self.in_word {
            self.end_word(text, i);
        }
    }
}

/// Whitespace between the copies of a repeat: what `char::is_whitespace`
/// takes (the vertical tab too).
fn is_gap_space(c: char) -> bool {
    c.is_ascii_whitespace() || kind(c) == Kind::Space
}

/// The repeat test for two words of equal length: only whitespace between
/// them, the same word, not a number and not an allowed doubling.
#[inline(never)]
fn is_repeat(text: &str, a: (usize, usize), b: (usize, usize)) -> bool {
    text[a.1..b.0].chars().all(is_gap_space)
        && same_word(&text[a.0..a.1], &text[b.0..b.1])
        && !starts_with_digit(text, b.0)
        && !is_allowed_repeat(&text.as_bytes()[b.0..b.1])
}

/// Classifies `text` for the checks (see the module docs). ASCII goes
/// eight bytes a step: letters, digits and spaces become lane masks, and
/// only word edges and punctuation are visited one by one.
pub(crate) fn scan(text: &str) -> Profile {
    let mut st = State::new();
    run(text, 0, text.len(), &mut st);
    st.finish(text)
}

/// [`scan`] of both sides of a pair, reading the text they share at their
/// start and end once. A post-edit or a second MT run mostly changes the
/// middle of a sentence (on the benchmark pairs 70 % of the bytes lie in
/// the common ends), and a side's profile is the same whichever side the
/// shared bytes were read on, as long as the scan's state on entering them
/// is the same: at the start that holds by construction, at the end only
/// from a point past a whole word of the shared text (see [`resync`]).
pub(crate) fn scan_pair(a: &str, b: &str) -> [Profile; 2] {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let (p, q) = common_byte_ends(x, y);
    // A mark looks up to GLUED_AHEAD bytes ahead (`glued_mark`): the
    // shared start ends that far short of the first difference, on a
    // character boundary,
    // and in whole eight-byte steps (a character at a time is slower, and
    // where the shared part ends does not matter).
    let mut pre = p.saturating_sub(GLUED_AHEAD + 1);
    while !a.is_char_boundary(pre) {
        pre -= 1;
    }
    let mut st = State::new();
    let e = run_within(a, 0, pre, &mut st);
    let mut sb = st.clone();
    let Some(k) = resync(&x[x.len() - q..]) else {
        run(a, e, a.len(), &mut st);
        run(b, e, b.len(), &mut sb);
        return [st.finish(a), sb.finish(b)];
    };
    // Side `a` reads on in whole steps to the first step's end past the
    // resync point, side `b` exactly to the same place in its text.
    let (ka, kb) = (x.len() - q + k, y.len() - q + k);
    let ja = run_past(a, e, ka, &mut st);
    run(b, e, kb + (ja - ka), &mut sb);
    let head = [(st.flags, st.chars), (sb.flags, sb.chars)];
    st.flags = 0;
    st.chars = 0;
    run(a, ja, a.len(), &mut st);
    let tail = st.finish(a);
    head.map(|(flags, chars)| Profile {
        flags: flags | tail.flags,
        chars: chars + tail.chars,
    })
}

/// The first offset in `shared` (a common end of the two sides) at which
/// the scan's state no longer depends on what came before `shared`: just
/// after the whitespace that follows an ASCII word which itself follows
/// whitespace, [`Phrases::MAX`] times over. There the scan is between
/// words on both sides, its previous word is that word, the words that a
/// phrase loop looks back at are shared ones, and whether the last
/// character was a space is decided by the same byte; every look back or
/// ahead stays inside the shared bytes.
fn resync(shared: &[u8]) -> Option<usize> {
    let mut r = resync_after(shared, 0)?;
    // Each step passes one more whole word; a phrase loop's check looks
    // back at most 2 * MAX - 1 words before the word that ends it.
    for _ in 1..2 * Phrases::MAX {
        r = resync_after(shared, r - 1)?;
    }
    Some(r)
}

/// One step of [`resync`], from the first whitespace at or after `from`.
fn resync_after(shared: &[u8], from: usize) -> Option<usize> {
    let mut i = from + shared[from..].iter().position(u8::is_ascii_whitespace)?;
    loop {
        let start = i + 1;
        let len = shared[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let end = start + len;
        match shared.get(end) {
            Some(c) if c.is_ascii_whitespace() && len > 0 => return Some(end + 1),
            Some(c) if c.is_ascii_whitespace() => i = end,
            Some(_) => i = end + shared[end..].iter().position(u8::is_ascii_whitespace)?,
            None => return None,
        }
    }
}

/// Scans `text[from..to]` (both character boundaries) on from `st`.
fn run(text: &str, from: usize, to: usize, st: &mut State) {
    let mut i = run_within(text, from, to, st);
    while i < to {
        i = char_step(text, i, st);
    }
}

/// Scans from `from` while a whole step fits before `limit` (a character
/// boundary); returns where it stopped, less than eight bytes short.
#[inline]
fn run_within(text: &str, from: usize, limit: usize, st: &mut State) -> usize {
    let b = text.as_bytes();
    let mut i = from;
    while i + 8 <= limit {
        let x = u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
        if x & HI == 0 {
            ascii_chunk(text, i, x, st);
            i += 8;
        } else {
            i = char_step(text, i, st);
        }
    }
    i
}

/// Scans from `from` in whole steps until at or past `at_least` (at most
/// the text's length); returns where it stopped.
fn run_past(text: &str, from: usize, at_least: usize, st: &mut State) -> usize {
    let b = text.as_bytes();
    let mut i = from;
    while i < at_least {
        match b.get(i..i + 8) {
            Some(c) if u64::from_le_bytes(c.try_into().unwrap_or([0; 8])) & HI == 0 => {
                ascii_chunk(
                    text,
                    i,
                    u64::from_le_bytes(c.try_into().unwrap_or([0; 8])),
                    st,
                );
                i += 8;
            }
            _ => i = char_step(text, i, st),
        }
    }
    i
}

/// Eight ASCII bytes `x` (little-endian) at `o`.
#[inline]
fn ascii_chunk(text: &str, o: usize, x: u64, st: &mut State) {
    let (class, flag) = &TABLES;
    let b = text.as_bytes();
    st.chars += 8;
    let d = in_range(x, b'0', b'9');
    if d != 0 {
        st.flags |= DIGIT;
    }
    let w = (in_range(x | (LO * 0x20), b'a', b'z') | d) >> 7;
    let sp = (in_range(x, b' ', b' ') | in_range(x, b'\t', b'\t')) >> 7;
    let brk = in_range(x, b'\n', b'\r') >> 7;
    let sp_before = sp << 8 | st.prev_space as u64;
    if sp & sp_before != 0 {
        st.flags |= DOUBLE_SPACE;
    }
    st.prev_space = sp >> 56 != 0;
    // Punctuation and symbols: flags, a mark after a space, "www."
    let mut other = !(w | sp | brk) & LO;
    while other != 0 {
        let lane = other.trailing_zeros() as usize / 8;
        let p = o + lane;
        let c = b[p];
        st.flags |= flag[c as usize];
        if class[c as usize] & MARK != 0 {
            if sp_before >> (8 * lane) & 1 != 0 && space_before_counts(b, p) {
                st.flags |= SPACE_BEFORE;
            }
            if glued_mark(b, p) {
                st.flags |= GLUED;
            }
            if c == b'.' && p >= 3 && b[p - 3..p].eq_ignore_ascii_case(b"www") {
                st.flags |= URLISH;
            }
        }
        other &= other - 1;
    }
    // Word ends one by one, each word's start found among the chunk's
    // starts below it (or carried over from before the chunk).
    let edges = (w ^ (w << 8 | st.in_word as u64)) & LO;
    let starts = edges & w;
    let mut ends = edges & !w;
    while ends != 0 {
        let bit = ends.trailing_zeros();
        let below = starts & ((1u64 << bit) - 1);
        let s = if below != 0 {
            o + (63 - below.leading_zeros()) as usize / 8
        } else {
            st.word_start
        };
        st.word(text, s, o + bit as usize / 8);
        ends &= ends - 1;
    }
    if starts != 0 {
        let last = 63 - starts.leading_zeros();
        // A start after the chunk's last end begins the word still open.
        if edges >> last == 1 {
            st.word_start = o + last as usize / 8;
        }
    }
    st.in_word = w >> 56 != 0;
}

/// One character at `i` (any, ASCII included); returns where the next
/// starts.
fn char_step(text: &str, i: usize, st: &mut State) -> usize {
    let (class, flag) = &TABLES;
    let b = text.as_bytes();
    let c = b[i];
    st.chars += 1;
    if c < 0x80 {
        st.flags |= flag[c as usize];
        let k = class[c as usize];
        st.char_step(text, i, k & WORD != 0);
        if k & SPACE != 0 {
            if st.prev_space {
                st.flags |= DOUBLE_SPACE;
            }
        } else if k & MARK != 0 {
            if st.prev_space && space_before_counts(b, i) {
                st.flags |= SPACE_BEFORE;
            }
            if glued_mark(b, i) {
                st.flags |= GLUED;
            }
            if c == b'.' && i >= 3 && b[i - 3..i].eq_ignore_ascii_case(b"www") {
                st.flags |= URLISH;
            }
        }
        st.prev_space = k & SPACE != 0;
        return i + 1;
    }
    st.flags |= NON_ASCII;
    let ch = char_at(text, i);
    let k = kind(ch);
    st.flags |= match k {
        Kind::Digit => DIGIT,
        Kind::Foreign => FOREIGN,
        Kind::Bracket => BRACKET,
        _ => 0,
    };
    let space = k == Kind::Space;
    st.char_step(text, i, k.is_word());
    if space && st.prev_space {
        st.flags |= DOUBLE_SPACE;
    }
    st.prev_space = space;
    i + ch.len_utf8()
}

/// What a non-ASCII character is to the scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A letter or digit of Latin script, or another numeric character.
    Letter,
    /// A digit the number check reads ([`is_other_digit`]).
    Digit,
    /// A letter of another script.
    Foreign,
    Space,
    /// A bracket or quote ([`is_bracket_or_quote`]).
    Bracket,
    Other,
}

impl Kind {
    /// Part of a word: letters, digits and combining accents.
    pub(crate) fn is_word(self) -> bool {
        matches!(self, Kind::Letter | Kind::Digit | Kind::Foreign)
    }
}

/// The kind of `c`, with the blocks that English text draws its non-ASCII
/// characters from (Latin-1, Latin Extended, general punctuation) answered
/// without the Unicode tables' searches; equal to [`kind_by_tables`].
#[inline]
pub(crate) fn kind(c: char) -> Kind {
    match c as u32 {
        0x80..=0xff => match c as u32 {
            0xaa | 0xb2 | 0xb3 | 0xb5 | 0xb9 | 0xba | 0xc0..=0xd6 | 0xd8..=0xf6 | 0xf8..=0xff => {
                Kind::Letter
            }
            0xbc..=0xbe => Kind::Digit,
            0x85 | 0xa0 => Kind::Space,
            0xab | 0xbb => Kind::Bracket,
            _ => Kind::Other,
        },
        0x100..=0x24f => Kind::Letter,
        0x2000..=0x206f => match c as u32 {
            0x2000..=0x200a | 0x2028 | 0x2029 | 0x202f | 0x205f => Kind::Space,
            0x2018 | 0x201a | 0x201c..=0x201e => Kind::Bracket,
            _ => Kind::Other,
        },
        _ => kind_by_tables(c),
    }
}

/// [`kind`] from the Unicode tables.
pub(crate) fn kind_by_tables(c: char) -> Kind {
    if c == super::script::SEPARATOR_BAR {
        // A mark, as `untranslated` and `punct` read it.
        return Kind::Other;
    }
    if c.is_alphanumeric() || is_combining(c) {
        if is_other_digit(c) {
            Kind::Digit
        } else if is_foreign_letter(c) {
            Kind::Foreign
        } else {
            Kind::Letter
        }
    } else if c.is_whitespace() {
        Kind::Space
    } else if is_bracket_or_quote(c) {
        Kind::Bracket
    } else {
        Kind::Other
    }
}

/// Combining diacritics continue a word (decomposed accents).
#[inline]
pub(crate) fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first, one-byte-a-step scan: the definition the fast one must
    /// agree with.
    fn scan_reference(text: &str) -> Profile {
        let (class, flag) = &TABLES;
        let b = text.as_bytes();
        let n = b.len();
        let mut flags = 0u16;
        let mut chars = 0u32;
        let mut prev_space = false;
        let mut words = WordRun::new();
        let mut i = 0;
        while i < n {
            let c = b[i];
            if c < 0x80 {
                chars += 1;
                flags |= flag[c as usize];
                let k = class[c as usize];
                if k & WORD != 0 {
                    words.word_byte(i);
                    prev_space = false;
                    i += 1;
                    continue;
                }
                let space = k & (SPACE | BREAK) != 0;
                if words.other(text, i, space).iter().any(Option::is_some) {
                    flags |= REPEAT;
                }
                if k & SPACE != 0 {
                    if prev_space {
                        flags |= DOUBLE_SPACE;
                    }
                    prev_space = true;
                } else {
                    if k & MARK != 0 {
                        if prev_space && space_before_counts(b, i) {
                            flags |= SPACE_BEFORE;
                        }
                        if glued_mark(b, i) {
                            flags |= GLUED;
                        }
                        if c == b'.' && i >= 3 && b[i - 3..i].eq_ignore_ascii_case(b"www") {
                            flags |= URLISH;
                        }
                    }
                    prev_space = false;
                }
                i += 1;
            } else {
                flags |= NON_ASCII;
                chars += 1;
                let ch = char_at(text, i);
                let k = kind(ch);
                if k.is_word() {
                    flags |= match k {
                        Kind::Digit => DIGIT,
                        Kind::Foreign => FOREIGN,
                        _ => 0,
                    };
                    words.word_byte(i);
                    prev_space = false;
                } else {
                    let space = k == Kind::Space;
                    if words.other(text, i, space).iter().any(Option::is_some) {
                        flags |= REPEAT;
                    }
                    if space && prev_space {
                        flags |= DOUBLE_SPACE;
                    }
                    if k == Kind::Bracket {
                        flags |= BRACKET;
                    }
                    prev_space = space;
                }
                i += ch.len_utf8().max(1);
            }
        }
        if words.in_word() && words.end(text, n).iter().any(Option::is_some) {
            flags |= REPEAT;
        }
        Profile { flags, chars }
    }

    /// Text made of the pieces the scan treats differently.
    const PIECES: &str = "([ a-zA-Z0-9]{0,12}|[ \t\n,.;:!?()\"'`{}<%$@#/wW]{1,3}|[é’“中Ж\u{a0}０]|the |the|red car |Red |car |big ){0,30}";

    #[test]
    fn a_pair_scan_shares_the_ends_at_their_edges() {
        // Differences right at the places where the shared reads stop:
        // a mark before the first difference, a word running into it, a
        // repeat or a double space across the edges, a multi-byte char
        // split by the first differing byte.
        let cases = [
            ("It is ,x here", "It is , here"),
            ("the the cat", "the dog the cat"),
            ("a the the b", "a x the the b"),
            ("so  far away now", "so far away now"),
            ("go www.x.org now", "go www.y.org now"),
            ("café now ok", "cafè now ok"),
            ("Cafe", "Cafe and more"),
            ("x dog dog", "y dog dog"),
            ("x 1 1 dog dog", "y 1 1 dog"),
            ("", "anything at all"),
            ("same text here", "same text here"),
            ("ends , here", "end , here"),
            ("a b  c d", "a x  c d"),
            // Phrase loops across the edges: the first copy partly
            // before the shared tail, the second inside it.
            (
                "x the red car red car and one two three four five six seven eight nine ten eleven twelve",
                "y the blue car red car and one two three four five six seven eight nine ten eleven twelve",
            ),
            (
                "a picture book picture book b c d e f g h i j k l m n o p q r s",
                "a comic book picture book b c d e f g h i j k l m n o p q r s",
            ),
            (
                "for the first time for the first time in one two three four five six seven eight nine ten",
                "at the first time for the first time in one two three four five six seven eight nine ten",
            ),
        ];
        for (a, b) in cases {
            assert_eq!(scan_pair(a, b), [scan(a), scan(b)], "{a:?} {b:?}");
            assert_eq!(scan_pair(b, a), [scan(b), scan(a)], "{b:?} {a:?}");
        }
    }

    #[test]
    fn the_resync_point_follows_a_whole_word() {
        assert_eq!(resync_after(b" the cat", 0), Some(5));
        assert_eq!(resync_after(b"at the cat", 0), Some(7));
        assert_eq!(resync_after(b"at  the", 0), None);
        assert_eq!(resync_after(b"x, y. z", 0), None);
        assert_eq!(resync_after(b"x  (a) b c", 0), Some(9));
        assert_eq!(resync_after(b"", 0), None);
        // Twelve whole words, so that a phrase loop looks back at shared
        // words only.
        let t = b"x 1 2 3 4 5 6 7 8 9 10 11 12 13";
        assert_eq!(resync(t), Some(29));
        assert_eq!(resync(&t[..28]), None);
        assert_eq!(resync(b"x a b c d e f g h i j k"), None);
    }

    proptest::proptest! {
        #[test]
        fn the_fast_scan_agrees_with_the_reference(t in PIECES) {
            proptest::prop_assert_eq!(scan(&t), scan_reference(&t), "{:?}", t);
        }

        #[test]
        fn the_fast_scan_agrees_on_any_text(t in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(scan(&t), scan_reference(&t), "{:?}", t);
        }

        #[test]
        fn a_pair_scan_equals_the_two_scans(
            pre in PIECES, mid_a in PIECES, mid_b in PIECES, suf in PIECES
        ) {
            let (a, b) = (format!("{pre}{mid_a}{suf}"), format!("{pre}{mid_b}{suf}"));
            proptest::prop_assert_eq!(scan_pair(&a, &b), [scan(&a), scan(&b)], "{:?} {:?}", a, b);
        }

        #[test]
        fn a_pair_scan_equals_the_two_scans_on_any_text(
            pre in proptest::prelude::any::<String>(),
            mid_a in proptest::prelude::any::<String>(),
            mid_b in proptest::prelude::any::<String>(),
            suf in proptest::prelude::any::<String>(),
        ) {
            let (a, b) = (format!("{pre}{mid_a}{suf}"), format!("{pre}{mid_b}{suf}"));
            proptest::prop_assert_eq!(scan_pair(&a, &b), [scan(&a), scan(&b)], "{:?} {:?}", a, b);
        }
    }

    fn flags(t: &str) -> u16 {
        scan(t).flags
    }

    #[test]
    fn plain_prose_sets_nothing() {
        let p = scan("The cat sat on the mat, and that was it.");
        assert_eq!(p.flags, 0);
        assert_eq!(p.chars, 40);
    }

    #[test]
    fn triggers_are_recorded() {
        assert_ne!(flags("in 2016") & DIGIT, 0);
        assert_ne!(flags("in ２０１６") & DIGIT, 0);
        assert_ne!(flags("Hello %s") & PLACE, 0);
        assert_ne!(flags("see www.x.org") & URLISH, 0);
        assert_ne!(flags("mail a@b.c") & URLISH, 0);
        assert_ne!(flags("(yes)") & BRACKET, 0);
        assert_ne!(flags("«oui»") & BRACKET, 0);
        assert_eq!(flags("don’t") & BRACKET, 0);
        assert_ne!(flags("café") & NON_ASCII, 0);
        assert_eq!(flags("café") & FOREIGN, 0);
        assert_ne!(flags("the 中 one") & FOREIGN, 0);
    }

    #[test]
    fn characters_are_code_points() {
        assert_eq!(scan("日本 é").chars, 4);
        assert_eq!(scan("").chars, 0);
    }

    #[test]
    fn phrase_loops_are_flagged_as_the_reference_flags_them() {
        for (t, loops) in [
            ("a decoration company decoration company, go", true),
            ("for the first time for the first time", true),
            ("Très bien merci très bien merci", true),
            ("one river, one river, one lake", true),
            ("x 北京市 上海市 北京市 上海市", true),
            ("from time to time to go", false),
            ("it seems to have to have one", false),
            ("he who earns wages earns wages", false),
            ("red car. red car", false),
            ("120 ml 120 ml", false),
            ("x 中文 书 中文 书", false),
        ] {
            assert_eq!(flags(t) & REPEAT != 0, loops, "{t}");
            assert_eq!(scan(t), scan_reference(t), "{t}");
        }
    }

    #[test]
    fn spacing_flags() {
        assert_ne!(flags("a  b") & DOUBLE_SPACE, 0);
        assert_ne!(flags("a \u{a0}b") & DOUBLE_SPACE, 0);
        assert_eq!(flags("a\n\nb") & DOUBLE_SPACE, 0);
        assert_ne!(flags("a , b") & SPACE_BEFORE, 0);
        for t in ["saw it,but", "one;two", "you.It", "why?Because", "Stop!Now"] {
            assert_ne!(flags(t) & GLUED, 0, "{t}");
        }
        for t in [
            "1,000", "e.g.", "U.S.A", "Node.js", "x,y", "Go.It", "see?q=1", "a, b", "it.",
        ] {
            assert_eq!(flags(t) & GLUED, 0, "{t}");
        }
        assert_ne!(flags("Really ?") & SPACE_BEFORE, 0);
        assert_eq!(flags("wait ... then") & SPACE_BEFORE, 0);
        assert_eq!(flags("use .NET and :)") & SPACE_BEFORE, 0);
    }

    #[test]
    fn the_fast_kinds_agree_with_the_tables() {
        for c in (0x80..0x3000u32).filter_map(char::from_u32) {
            assert_eq!(kind(c), kind_by_tables(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn ranges() {
        let x = u64::from_le_bytes(*b"a0Z9 z/:");
        assert_eq!(in_range(x, b'0', b'9'), 0x80 << 8 | 0x80 << 24);
        assert_eq!(
            in_range(x | (LO * 0x20), b'a', b'z'),
            0x80 | 0x80 << 16 | 0x80 << 40
        );
    }

    #[test]
    fn repeats() {
        assert_ne!(flags("the the cat") & REPEAT, 0);
        assert_ne!(flags("The the cat") & REPEAT, 0);
        assert_ne!(flags("a cat cat") & REPEAT, 0);
        assert_ne!(flags("Ça ça") & REPEAT, 0);
        assert_eq!(flags("the, the cat") & REPEAT, 0);
        assert_eq!(flags("he said that that was it") & REPEAT, 0);
        assert_eq!(flags("1 1 2") & REPEAT, 0);
        assert_eq!(flags("the theme") & REPEAT, 0);
    }
}
