//! `number`: a number, amount, percentage, date or time on one side with no
//! equal on the other.
//!
//! A number is compared by value, so its notation does not matter: digit
//! grouping (`1,000`, `1 000`, `1.000`, `1'000`), decimal marks (`1.5`,
//! `1,5`), leading and trailing zeros (`05`, `2.50`), full-width and
//! Arabic-Indic digits. Where a notation is ambiguous (`1,500` is 1500 in
//! English and 1.5 in French) the pair's other numbers settle it
//! ([`settle_notation`]); failing them, either reading matches.
//!
//! Decisions:
//! - Units, currency signs and percent signs are not compared: `10%`,
//!   `10 %` and `10 percent` are all 10, `$5` equals `5 dollars` (a unit
//!   rendered in words is a normal translation choice, and flagging it
//!   would drown the changed digits).
//! - Spelled-out numbers (zero to ninety-nine, also "twenty one", "first"
//!   to "twentieth" and "twenty-first" to "ninety-ninth",
//!   "dozen", "hundred"/"thousand"/"million"/"billion"/"trillion", alone or
//!   after a number, also as part of "seven-day"), "a"/"an" (an hour =
//!   1 hour) and capitalised month names only *excuse* a digit on the
//!   other side; they never fire themselves, as "one" is as often a
//!   pronoun as a number.
//! - Numbers whose digits are the same in the same order on both sides
//!   but split into a different number of numbers (`424.10.37` against
//!   `424.10. 37`, codes and model numbers) do not fire.
//! - A number followed by a scale word (`million`, `bn`, `mln`; `m` and
//!   `B` only glued to an amount of money, `$5m`) matches only at full
//!   value: `1.5 million` equals `1,500,000`, while `2 million` against
//!   `2 billion`, against `2,000` or against a bare `2` fires (a dropped
//!   or changed scale is a classic MT error). A scale not read here on
//!   the other side (`5万`, `5 lakh`, `5m` without a currency, which may
//!   be metres) lets the bare digits match. A glued `k` (`10k`) adds the
//!   full value as one more reading (`5K` may be a race of 5 km).
//! - Digits glued to a name (`G20`, `LP700`, `COVID-19`, `F-35`, not a
//!   currency such as `RMB399`) fire only against other such digits: the
//!   other side may name the thing in words ("the new coronavirus").
//! - A number the other side has, only a different number of times, is
//!   no change on its own; Roman numerals (`camp III`, `Part I`) and
//!   decades ("the eighties") excuse digits like spelled-out numbers.
//! - Times compare as clock times: `3 p.m.` equals `15:00` and `3pm`, and
//!   an hour written alone (`3 p.m.`, `15:00`) still matches the bare
//!   number. `H:MM` is a time only with two-digit minutes below 60 (a
//!   verse `1:1` or a score `3:1` is two numbers). The `h` of French and
//!   other styles marks a time too: `15h30`, `15 h 30` and `15:30` are
//!   equal, `15 h` is 15:00 (not `15 hours`); such a time that finds no
//!   equal may be a duration, so `1h05` also matches a 1 and a 5 on the
//!   other side ("1 hour 5 minutes").
//! - A range of years may shorten its end: `1956/57` (or `-`, `–`) also
//!   reads as 1957, `1999/00` as 2000.
//! - Ordinals and suffixes are ignored (`1st` is 1, `1990s` is 1990).
//!   A minus sign that stands free (`-5`, `−5`, `–5`, `-$200`, `€-20`, not the hyphen of
//!   `10-20`, `2019-20` or `COVID-19`) is part of the value: `-5 °C`
//!   against `5 °C` fires, unless the unsigned side says it in words
//!   ("minus 5", "5 below zero", "fell 3%"); `+3%` against `-3%` fires.
//!   Years are numbers like any other.
//! - `.5%` is 0.5; `10.30pm` is a clock time like `10:30 pm` (without
//!   am/pm `10.30` is a decimal).
//! - Vulgar fractions are numbers: `½` is 0.5, `2½` and `2 ½` 2.5, `⅜`
//!   0.375; one with no finite decimal (`⅓`) equals only itself. Any of
//!   them, and a decimal, equals the same fraction written with a slash on
//!   the other side (`½` = `0.5` = `1/2`, `2⅓` = `2 1/3` = `2-1/3`; a
//!   proper fraction up to sixteenths, not a date), and a fraction spelled out
//!   excuses one (`a third`, `two-thirds`, `half`, `two and a half`).
//! - A decade in two digits, `'90s`, `’20s` or `90s`, also reads as the
//!   1990s and the 2090s, so it matches `1990s`.
//! - The `(0)` of `+44 (0)20` is a trunk prefix, not a number.
//! - Lists like `1,2,3`, versions `1.2.3` and addresses `192.168.0.1` are
//!   not one number, so each group compares on its own.
//! - The `2` of `m2` and the `3` of `cm3` are the exponents of m² and cm³,
//!   not numbers: they fire only against another exponent (`m2` against
//!   `m3`), not against a unit written out (`3000 m2` against `3,000 square
//!   meters`). After other letters a digit is a number (`A4`, `LP700`).

use std::ops::Range;

use super::scan::{HI, in_range};
use super::{Code, QaFinding, Spans, diff_detail};
use crate::metric::text::Fnv;

/// One number: up to three readings, each a key.
#[derive(Debug, Clone)]
pub(crate) struct Num {
    span: Range<usize>,
    keys: [u64; 3],
    n: u8,
    used: bool,
    /// The keys of the hour and the minutes of an `h` time, which may be
    /// a duration ([`pair_split`]).
    split: Option<[u64; 2]>,
    /// The key of the full value when a scale word follows (`2 million`):
    /// two scaled numbers match only on it ([`compatible`]).
    scaled: Option<u64>,
    /// Digits glued to a name (`G20`, `LP700`, `COVID-19`, `F-35`): see
    /// [`is_code`].
    code: bool,
    /// A scale follows that is not read here (`5万`, `5 lakh`, `5m` with
    /// no currency: metres or millions): a scaled number on the other
    /// side may match its bare digits ([`compatible`]).
    loose: bool,
    /// Written with a minus sign (`-5`, `−5`, `-$200`) or a plus sign.
    neg: bool,
    plus: bool,
    /// Unsigned, on a side whose words may say the minus ("minus", "below
    /// zero", "fell"): it may match a negative number ([`compatible`]).
    neg_ok: bool,
    /// Read from a vulgar fraction: its numerator and denominator (`2⅓`
    /// has 1, 3), as its glyph has no digits ([`unmatched_digits`]).
    frac: Option<(u8, u8)>,
    /// What its marks say of the text's notation ([`settle_notation`]).
    notation: Notation,
}

/// What a number's decimal mark and grouping say of its text's notation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Notation {
    /// Nothing (`15`, `1 000`).
    Silent,
    /// A point for decimals, commas for thousands: `2.50`, `1,234,567`,
    /// `1,234.5`.
    English,
    /// A comma for decimals, points for thousands: `2,50`, `1.234.567`,
    /// `1.234,5`.
    European,
    /// `2,500` or `1.500`: 2500 or 2.5, 1.5 or 1500. Its first key is the
    /// English reading, its second the European one.
    Ambiguous,
}

impl Num {
    fn new(span: Range<usize>) -> Self {
        Num {
            span,
            keys: [0; 3],
            n: 0,
            used: false,
            split: None,
            scaled: None,
            code: false,
            loose: false,
            neg: false,
            plus: false,
            neg_ok: false,
            frac: None,
            notation: Notation::Silent,
        }
    }
    fn add(&mut self, k: u64) {
        if (self.n as usize) < self.keys.len() && !self.keys[..self.n as usize].contains(&k) {
            self.keys[self.n as usize] = k;
            self.n += 1;
        }
    }
    fn keys(&self) -> &[u64] {
        &self.keys[..self.n as usize]
    }
    fn shares(&self, o: &Num) -> bool {
        compatible(self, o) && self.keys().iter().any(|k| o.keys().contains(k))
    }
}

/// `2 million` and `2 billion` share the reading 2, but a number that
/// carries a scale word is the same as another only at full value (`万`
/// against `亿` is a classic MT error, and `2 million` against `2,000`
/// or `5 million users` against `5 users` a dropped scale), unless the
/// other's scale was written in a way not read here (`loose`). A minus
/// sign on one side only is a change (`-5 °C` against `5 °C`), unless the
/// unsigned side says it in words ("minus 5", "5 below zero", "fell 3%").
fn compatible(a: &Num, b: &Num) -> bool {
    let scale = match (a.scaled, b.scaled) {
        (Some(x), Some(y)) => x == y,
        (Some(x), None) => b.loose || b.keys().contains(&x),
        (None, Some(y)) => a.loose || a.keys().contains(&y),
        (None, None) => true,
    };
    scale && (a.neg == b.neg || if a.neg { b.neg_ok } else { a.neg_ok })
}

/// Words that say a number is negative or a fall, so that an unsigned
/// number beside them may render a minus sign.
const NEGATIVE_WORDS: [&str; 16] = [
    "minus", "negative", "below", "under", "down", "fell", "fall", "drop", "declin", "decreas",
    "lower", "loss", "deficit", "less", "reduc", "shr",
];

/// Whether `text` has one of [`NEGATIVE_WORDS`] starting a word.
fn says_negative(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let b = lower.as_bytes();
    NEGATIVE_WORDS.iter().any(|w| {
        lower
            .match_indices(w)
            .any(|(i, _)| i == 0 || !b[i - 1].is_ascii_alphabetic())
    })
}

/// The sign written right before a number starting at `start` (over a
/// currency sign, on either side of it: `-$200`, `€-20`): `Some(true)` for
/// a minus (`-`, `−`, or the en dash that typesetting uses for one, `–5`),
/// `Some(false)` for a plus, when the sign stands free (after a space, a
/// bracket or the start), so that ranges (`10-20`, `5–10`), dates and
/// codes (`COVID-19`) have none; with where the sign (or the currency
/// before it) starts.
fn sign_before(b: &[u8], start: usize) -> Option<(bool, usize)> {
    let sign = |p: usize| -> Option<(bool, usize)> {
        for (mark, neg) in [
            ("\u{2212}", true),
            ("\u{2013}", true),
            ("-", true),
            ("+", false),
        ] {
            if b[..p].ends_with(mark.as_bytes()) {
                return Some((neg, p - mark.len()));
            }
        }
        None
    };
    let currency = |p: usize| {
        CURRENCY_SIGNS
            .iter()
            .find(|c| b[..p].ends_with(c.as_bytes()))
            .map(|c| p - c.len())
    };
    let free =
        |s: usize| s == 0 || matches!(b[s - 1], b' ' | b'\t' | b'(' | b'[' | b':' | b'=' | b'~');
    let p = currency(start).unwrap_or(start);
    if let Some((neg, s)) = sign(p).filter(|&(_, s)| free(s)) {
        return Some((neg, s));
    }
    // `€-20`: the sign between the currency and the digits.
    let (neg, s) = sign(start)?;
    let c = currency(s)?;
    free(c).then_some((neg, c))
}

/// Currency signs written before an amount.
const CURRENCY_SIGNS: [&str; 4] = ["$", "€", "£", "¥"];

/// Whether a currency sign or code stands right before `start` (after at
/// most one space): `$5m` is money, `5m` may be metres.
fn money_before(b: &[u8], start: usize) -> bool {
    let e = if start > 0 && b[start - 1] == b' ' {
        start - 1
    } else {
        start
    };
    let before = &b[..e];
    CURRENCY_SIGNS
        .iter()
        .any(|c| before.ends_with(c.as_bytes()))
        || CURRENCIES.contains(&letters_before(b, e))
}

/// Currency codes and abbreviations written right before an amount.
const CURRENCIES: [&[u8]; 40] = [
    b"AED", b"AUD", b"BRL", b"CAD", b"CHF", b"CNY", b"CZK", b"DKK", b"EUR", b"GBP", b"HK", b"HKD",
    b"HUF", b"IDR", b"INR", b"JPY", b"KRW", b"MXN", b"MYR", b"NOK", b"NT", b"NTD", b"NZD", b"PHP",
    b"PLN", b"RMB", b"RUB", b"Rp", b"Rs", b"SAR", b"SEK", b"SGD", b"THB", b"TRY", b"TWD", b"US",
    b"USD", b"VND", b"ZAR", b"Tk",
];

/// The run of ASCII letters that ends at `end` in `b` (empty if none).
fn letters_before(b: &[u8], end: usize) -> &[u8] {
    let n = b[..end]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    &b[end - n..end]
}

/// Whether the number at `start` is glued to a name: right after a letter
/// (`G20`, `LP700`, `Q3`) or after a hyphen that follows an acronym or a
/// capital letter (`COVID-19`, `MH-17`, `F-35`, but not `mid-2020` or
/// `Mid-2020`). Such a number fires only against another such number, not
/// when the other side names the thing in words ("the new coronavirus").
fn is_code(b: &[u8], start: usize) -> bool {
    match start.checked_sub(1).map(|i| b[i]) {
        // A currency written before the amount is no name: `US55`, `RMB399`.
        Some(c) if c.is_ascii_alphabetic() => !CURRENCIES.contains(&letters_before(b, start)),
        Some(b'-') => {
            let word = letters_before(b, start - 1);
            let upper = word.iter().filter(|c| c.is_ascii_uppercase()).count();
            word.first().is_some_and(u8::is_ascii_uppercase) && (word.len() == 1 || upper >= 2)
        }
        _ => false,
    }
}

const PLAIN: u8 = b'n';
const TIME: u8 = b't';

/// The key of the decimal `int.frac` times 10^`shift` (the digits are
/// ASCII values 0..=9 here, not characters).
fn decimal_key(int: &[u8], frac: &[u8], shift: usize) -> u64 {
    let m = shift.min(frac.len());
    let pad = shift - m;
    let mut h = Fnv::NEW;
    h.push(PLAIN);
    let mut any = false;
    let digits = int
        .iter()
        .chain(&frac[..m])
        .copied()
        .chain(std::iter::repeat_n(0, pad));
    for d in digits {
        if d != 0 || any {
            any = true;
            h.push(b'0' + d);
        }
    }
    if !any {
        h.push(b'0');
    }
    let rest = &frac[m..];
    let keep = rest.iter().rposition(|&d| d != 0).map_or(0, |p| p + 1);
    if keep > 0 {
        h.push(b'.');
        for &d in &rest[..keep] {
            h.push(b'0' + d);
        }
    }
    h.0
}

fn int_key(v: u64) -> u64 {
    let mut buf = [0u8; 20];
    decimal_key(digits_of(v, &mut buf), &[], 0)
}

/// The decimal digits of `v` (values 0..=9), written into `buf`.
fn digits_of(v: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    let mut x = v;
    loop {
        i -= 1;
        buf[i] = (x % 10) as u8;
        x /= 10;
        if x == 0 {
            break;
        }
    }
    &buf[i..]
}

fn time_key(minutes: u32) -> u64 {
    let mut h = Fnv::NEW;
    h.push(TIME);
    h.bytes(&minutes.to_le_bytes()).0
}

/// The digit at byte `i` and its length in bytes.
#[inline]
fn digit_at(b: &[u8], i: usize) -> Option<(u8, usize)> {
    let c = *b.get(i)?;
    if c.is_ascii_digit() {
        return Some((c - b'0', 1));
    }
    let n1 = *b.get(i + 1)?;
    match c {
        0xD9 if (0xA0..=0xA9).contains(&n1) => Some((n1 - 0xA0, 2)),
        0xDB if (0xB0..=0xB9).contains(&n1) => Some((n1 - 0xB0, 2)),
        0xEF | 0xE0 => {
            let n2 = *b.get(i + 2)?;
            match (c, n1) {
                (0xEF, 0xBC) if (0x90..=0x99).contains(&n2) => Some((n2 - 0x90, 3)),
                (0xE0, 0xA5) if (0xA6..=0xAF).contains(&n2) => Some((n2 - 0xA6, 3)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Separator kinds between digit groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    Comma,
    Dot,
    /// Space, no-break space, thin space or apostrophe: grouping only.
    Group,
}

fn sep_at(b: &[u8], i: usize) -> Option<(Sep, usize)> {
    let c = *b.get(i)?;
    Some(match c {
        b',' => (Sep::Comma, 1),
        b'.' => (Sep::Dot, 1),
        b' ' | b'\'' => (Sep::Group, 1),
        0xC2 if b.get(i + 1) == Some(&0xA0) => (Sep::Group, 2),
        0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x89 | 0xAF | 0x99)) => {
            (Sep::Group, 3)
        }
        0xEF if b.get(i + 1) == Some(&0xBC) && matches!(b.get(i + 2), Some(0x8C)) => {
            (Sep::Comma, 3)
        }
        0xEF if b.get(i + 1) == Some(&0xBC) && matches!(b.get(i + 2), Some(0x8E)) => (Sep::Dot, 3),
        _ => return None,
    })
}

const MAX_DIGITS: usize = 48;
const MAX_GROUPS: usize = 12;

/// One run of digits and separators.
struct Tok {
    digits: [u8; MAX_DIGITS],
    len: usize,
    /// Digit index where each group starts, and its byte span.
    groups: [(usize, usize, usize); MAX_GROUPS],
    seps: [Sep; MAX_GROUPS],
    ngroups: usize,
}

impl Tok {
    fn group(&self, g: usize) -> &[u8] {
        let s = self.groups[g].0;
        let e = if g + 1 < self.ngroups {
            self.groups[g + 1].0
        } else {
            self.len
        };
        &self.digits[s..e]
    }
}

/// Reads a digit run at `i` into `t`; returns its end.
fn read_run(b: &[u8], mut i: usize, t: &mut Tok) -> usize {
    let start = i;
    t.groups[t.ngroups] = (t.len, i, i);
    while let Some((d, n)) = digit_at(b, i) {
        if t.len == MAX_DIGITS {
            break;
        }
        t.digits[t.len] = d;
        t.len += 1;
        i += n;
    }
    t.groups[t.ngroups].1 = start;
    t.groups[t.ngroups].2 = i;
    t.ngroups += 1;
    i
}

fn run_len(b: &[u8], mut i: usize) -> usize {
    let mut n = 0;
    while let Some((_, l)) = digit_at(b, i) {
        n += 1;
        i += l;
    }
    n
}

/// The first byte from `i` on that is an ASCII digit or not ASCII (where
/// other digits start), eight bytes a step.
fn next_candidate(b: &[u8], mut i: usize) -> usize {
    while let Some(c) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        let hit = x & HI | in_range(x & !HI, b'0', b'9');
        if hit != 0 {
            return i + hit.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    while i < b.len() && b[i] < 0x80 && !b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// The numerator and denominator of a vulgar fraction (`⅓` is 1, 3). The
/// scan counts these as digits.
pub(crate) fn vulgar(c: char) -> Option<(u8, u8)> {
    Some(match c {
        '¼' => (1, 4),
        '½' => (1, 2),
        '¾' => (3, 4),
        '⅐' => (1, 7),
        '⅑' => (1, 9),
        '⅒' => (1, 10),
        '⅓' => (1, 3),
        '⅔' => (2, 3),
        '⅕' => (1, 5),
        '⅖' => (2, 5),
        '⅗' => (3, 5),
        '⅘' => (4, 5),
        '⅙' => (1, 6),
        '⅚' => (5, 6),
        '⅛' => (1, 8),
        '⅜' => (3, 8),
        '⅝' => (5, 8),
        '⅞' => (7, 8),
        _ => return None,
    })
}

/// The three decimal places of `n`/`d` (`n` < `d`) when they are exact
/// (`½` is .500, `⅜` .375); thirds and the like have none, and compare by
/// [`rational_key`] only.
fn decimal_places(n: u8, d: u8) -> Option<[u8; 3]> {
    let (n, d) = (u16::from(n), u16::from(d));
    if d == 0 || 1000 % d != 0 {
        return None;
    }
    let milli = n * 1000 / d;
    Some([
        (milli / 100) as u8,
        (milli / 10 % 10) as u8,
        (milli % 10) as u8,
    ])
}

/// The value of up to nine digits (values 0..=9, not characters).
fn small_value(digits: &[u8]) -> Option<u64> {
    (!digits.is_empty() && digits.len() <= 9)
        .then(|| digits.iter().fold(0, |v, &d| v * 10 + u64::from(d)))
}

/// The value of `t`, when it is one to nine ASCII digits.
fn ascii_value(t: &[u8]) -> Option<u64> {
    if t.is_empty() || t.len() > 9 || !t.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(t.iter().fold(0, |v, &c| v * 10 + u64::from(c - b'0')))
}

/// A vulgar fraction in the text ([`vulgar`]).
struct Fraction {
    n: u8,
    d: u8,
    /// Its length in bytes.
    len: usize,
}

/// The key of `whole` and `n`/`d` as a fraction: a vulgar fraction with no
/// finite decimal matches only the same fraction.
fn rational_key(whole: u64, n: u8, d: u8) -> u64 {
    // In lowest terms, so that "two sixths" is ⅓.
    let (mut p, mut q) = (
        whole
            .saturating_mul(u64::from(d))
            .saturating_add(u64::from(n)),
        u64::from(d),
    );
    let (mut x, mut y) = (p, q);
    while y != 0 {
        (x, y) = (y, x % y);
    }
    if x > 1 {
        (p, q) = (p / x, q / x);
    }
    let mut h = Fnv::NEW;
    h.push(b'/');
    for b in p.to_le_bytes().into_iter().chain(q.to_le_bytes()) {
        h.push(b);
    }
    h.0
}

/// The key `whole` and `n`/`d` compare by: a decimal's where the value
/// has a finite one of up to three places (`2½` is 2.5, as `2.5` is), else
/// [`rational_key`]'s.
fn fraction_key(whole: u64, n: u8, d: u8) -> u64 {
    let Some(places) = (d > 0).then(|| decimal_places(n % d, d)).flatten() else {
        return rational_key(whole, n, d);
    };
    let mut buf = [0u8; 20];
    let int = whole.saturating_add(u64::from(n / d));
    decimal_key(digits_of(int, &mut buf), &places, 0)
}

/// The denominator a spelled fraction's word names ("third", "thirds",
/// "quarter", "halves").
fn denominator(w: &str) -> Option<u8> {
    Some(match w.strip_suffix('s').unwrap_or(w) {
        "half" | "halve" => 2,
        "third" => 3,
        "quarter" | "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        _ => return None,
    })
}

/// A fraction spelled out from the word `word` (lower-cased, ending at
/// `e`, of [`word_value`] `value`) on: "half", "a third", "two-thirds",
/// "three quarters", "two and a half". Its end, whole part, numerator and
/// denominator.
fn spelled_fraction(
    b: &[u8],
    e: usize,
    word: &str,
    value: Option<u64>,
) -> Option<(usize, u64, u8, u8)> {
    let next = |at: usize| word_after(b, at, b"- ");
    if word == "half" {
        return Some((e, 0, 1, 2));
    }
    let v = value.filter(|v| (1..100).contains(v))?;
    if let Some((e2, w2)) = next(e) {
        if w2 == "and"
            && let Some((e3, w3)) = next(e2)
            && let Some(n) = word_value(&w3).filter(|n| (1..10).contains(n))
            && let Some((e4, w4)) = next(e3)
            && let Some(d) = denominator(&w4)
        {
            return Some((e4, v, n as u8, d));
        }
        if v < 10
            && let Some(d) = denominator(&w2)
        {
            return Some((e2, 0, v as u8, d));
        }
    }
    None
}

/// The vulgar fraction at byte `i`, if one starts there.
fn fraction_at(b: &[u8], i: usize) -> Option<Fraction> {
    // Only two lead bytes start one: the rest of the text is passed over
    // without decoding.
    let len = match b.get(i)? {
        0xC2 => 2,
        0xE2 => 3,
        _ => return None,
    };
    let c = std::str::from_utf8(b.get(i..i + len)?)
        .ok()?
        .chars()
        .next()?;
    let (n, d) = vulgar(c)?;
    Some(Fraction { n, d, len })
}

/// Whether the `0` at `i` is the trunk prefix of an international phone
/// number, `+44 (0)20`, which callers from abroad leave out.
fn trunk_zero(b: &[u8], i: usize) -> bool {
    if b[i] != b'0' || i < 3 || b[i - 1] != b'(' || b.get(i + 1) != Some(&b')') {
        return false;
    }
    let mut k = i - 1;
    if b[k - 1] == b' ' {
        k -= 1;
    }
    let code = b[..k]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    (1..=3).contains(&code) && k > code && b[k - code - 1] == b'+'
}

/// Appends the numbers written with digits in `text` to `out`, and its
/// unit exponents (`m2`, see [`unit_exponent`]) to `exps`.
pub(crate) fn collect(text: &str, out: &mut Vec<Num>, exps: &mut Vec<Num>) {
    let b = text.as_bytes();
    let mut t = Tok {
        digits: [0; MAX_DIGITS],
        len: 0,
        groups: [(0, 0, 0); MAX_GROUPS],
        seps: [Sep::Group; MAX_GROUPS],
        ngroups: 0,
    };
    let mut i = 0;
    while i < b.len() {
        i = next_candidate(b, i);
        if i == b.len() {
            break;
        }
        if digit_at(b, i).is_none() {
            // A fraction alone: `½ cup` is 0.5 cup.
            if let Some(f) = fraction_at(b, i) {
                let mut n = Num::new(i..i + f.len);
                n.add(fraction_key(0, f.n, f.d));
                n.frac = Some((f.n, f.d));
                out.push(n);
                i += f.len;
            } else {
                i += 1;
            }
            continue;
        }
        if trunk_zero(b, i) {
            i += 1;
            continue;
        }
        if let Some(u) = unit_exponent(b, i) {
            let mut n = Num::new(u..i + 1);
            n.add(int_key(u64::from(b[i] - b'0')));
            exps.push(n);
            i += 1;
            continue;
        }
        t.len = 0;
        t.ngroups = 0;
        let mut end = read_run(b, i, &mut t);
        while t.ngroups < MAX_GROUPS {
            let Some((sep, sl)) = sep_at(b, end) else {
                break;
            };
            let next = run_len(b, end + sl);
            if next == 0 || t.len + next > MAX_DIGITS {
                break;
            }
            if sep == Sep::Group
                && (next != 3
                    || t.group(0).len() > 3
                    || t.seps[1..t.ngroups].iter().any(|s| *s != sep))
            {
                break;
            }
            t.seps[t.ngroups] = sep;
            end = read_run(b, end + sl, &mut t);
        }
        let before = out.len();
        interpret(b, &t, out);
        if out.len() == before + 1 {
            let n = &mut out[before];
            if let Some((neg, at)) = sign_before(b, n.span.start) {
                n.neg = neg;
                n.plus = !neg;
                n.span.start = at;
            }
        }
        // An amount with a scale word (`US55 billion`) is no name either.
        if out.len() > before && out[before].scaled.is_none() && is_code(b, out[before].span.start)
        {
            out[before].code = true;
        }
        if out.len() == before + 1 && before > 0 {
            year_range_end(b, &mut out[before - 1..]);
        }
        i = out.last().map_or(end, |n| n.span.end.max(end));
    }
}

/// `1956/57`, `2019-20`, `1999–00`: two digits right after a year and a
/// slash or dash end a range of years, so they also read as the year
/// (1957, 2020, 2000) that the other side may write out. `pair` holds the
/// number before and the two digits.
fn year_range_end(b: &[u8], pair: &mut [Num]) {
    let [year, end] = pair else { return };
    let digits = |r: &Range<usize>| b[r.clone()].iter().all(u8::is_ascii_digit);
    let (y, e) = (year.span.clone(), end.span.clone());
    let sep = &b[y.end..e.start];
    if y.len() != 4
        || e.len() != 2
        || year.n != 1
        || end.n != 1
        || !matches!(b[y.start], b'1' | b'2')
        || !digits(&y)
        || !digits(&e)
        || !(sep == b"/" || sep == b"-" || sep == "\u{2013}".as_bytes())
    {
        return;
    }
    let num = |r: &Range<usize>| {
        b[r.clone()]
            .iter()
            .fold(0u64, |a, &d| a * 10 + u64::from(d - b'0'))
    };
    let (first, last) = (num(&y), num(&e));
    let mut full = first / 100 * 100 + last;
    if full <= first {
        full += 100;
    }
    end.add(int_key(full));
}

/// Whether the digit at `i` is the exponent of an area or volume unit
/// written without superscripts (`m2`, `cm3`, `ft2` for m², cm³, ft²):
/// a lone `2` or `3` right after a lowercase length unit that starts the
/// text or follows a space, a digit, `(` or `/`. Returns where the unit
/// starts.
fn unit_exponent(b: &[u8], i: usize) -> Option<usize> {
    const UNITS: &[&[u8]] = &[b"m", b"cm", b"mm", b"km", b"dm", b"ft"];
    if !matches!(b[i], b'2' | b'3') || b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let letters = b[..i]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_lowercase())
        .count();
    let u = i - letters;
    let free = u == 0 || matches!(b[u - 1], b' ' | b'\t' | b'0'..=b'9' | b'(' | b'/');
    (free && UNITS.contains(&&b[u..i])).then_some(u)
}

/// Turns a token into numbers (see the module docs for the readings).
fn interpret(b: &[u8], t: &Tok, out: &mut Vec<Num>) {
    let g = t.ngroups;
    let (start, end) = (t.groups[0].1, t.groups[g - 1].2);
    let seps = &t.seps[1..g];
    let grouped = |upto: usize| {
        (1..=3).contains(&t.group(0).len())
            && (1..upto).all(|k| t.group(k).len() == 3)
            && seps[..upto - 1].iter().all(|s| *s == seps[0])
    };
    let whole = |upto: usize| &t.digits[..t.groups[upto - 1].0 + t.group(upto - 1).len()];
    let mut num = Num::new(start..end);
    let mut value: Option<(&[u8], &[u8])> = None;
    let frac_digits: [u8; 3];
    if g == 1 {
        value = Some((t.group(0), &[]));
        // `2½` and `1 ½` are 2.5 and 1.5.
        let gap = match b.get(end..end + 2) {
            Some([b' ', _]) => 1,
            Some([0xC2, 0xA0]) => 2,
            _ => 0,
        };
        if let Some(f) = fraction_at(b, end + gap) {
            num.span.end = end + gap + f.len;
            let whole = small_value(t.group(0));
            if whole.is_some() {
                num.frac = Some((f.n, f.d));
            }
            let Some(places) = decimal_places(f.n, f.d) else {
                // A whole part past nine digits keys by its digits.
                num.add(match whole {
                    Some(w) => rational_key(w, f.n, f.d),
                    None => {
                        decimal_key(t.group(0), &[], 0) ^ rational_key(0, f.n, f.d).rotate_left(1)
                    }
                });
                out.push(num);
                return;
            };
            frac_digits = places;
            value = Some((t.group(0), &frac_digits));
        } else if let Some(century) = decade(b, t, start, end) {
            // `'90s` and `90s` may be the 1990s (or the 2090s); `90` stays
            // a reading for an age ("in her 90s").
            num.add(decimal_key(t.group(0), &[], 0));
            for c in century {
                num.add(int_key(c + u64::from(t.group(0)[0]) * 10));
            }
            out.push(num);
            return;
        } else if leading_point(b, start) {
            // `.5%`: a decimal with no zero before its point.
            num.span.start -= 1;
            value = Some((&[], t.group(0)));
        } else if let Some(n) = time(b, t, end) {
            out.push(n);
            return;
        }
    } else if let Some(n) = dot_time(b, t, end) {
        out.push(n);
        return;
    } else if grouped(g) {
        if g == 2 && seps[0] != Sep::Group {
            let dec = (t.group(0), t.group(1));
            let int = (whole(2), &[][..]);
            let (a, bb) = if seps[0] == Sep::Comma {
                (int, dec)
            } else {
                (dec, int)
            };
            num.add(decimal_key(a.0, a.1, 0));
            num.add(decimal_key(bb.0, bb.1, 0));
            num.notation = Notation::Ambiguous;
            value = Some(a);
        } else {
            if g >= 3 {
                num.notation = notation_of(seps[0], Sep::Comma);
            }
            value = Some((whole(g), &[]));
        }
    } else if g >= 3 && grouped(g - 1) && seps[g - 2] != seps[0] && seps[g - 2] != Sep::Group {
        num.notation = notation_of(seps[g - 2], Sep::Dot);
        value = Some((whole(g - 1), t.group(g - 1)));
    } else if g == 2 && seps[0] != Sep::Group {
        num.notation = notation_of(seps[0], Sep::Dot);
        value = Some((t.group(0), t.group(1)));
    }
    let Some((int, frac)) = value else {
        for k in 0..g {
            let mut n = Num::new(t.groups[k].1..t.groups[k].2);
            n.add(decimal_key(t.group(k), &[], 0));
            out.push(n);
        }
        return;
    };
    num.add(decimal_key(int, frac, 0));
    // After a fraction (`2½ million`) the scale follows the fraction.
    let end = num.span.end;
    let scale = match scale_after(b, end) {
        Some((shift, e)) => Short::Scale(shift, e),
        None => short_scale_after(b, end, money_before(b, start)),
    };
    match scale {
        Short::Scale(shift, e) => {
            let k = decimal_key(int, frac, shift);
            num.add(k);
            num.scaled = Some(k);
            num.span.end = e;
        }
        // `10k` is 10,000, but `5K` may be a race of 5 km: the full value
        // is one more reading, the bare digits still match.
        Short::Thousands(e) => {
            num.add(decimal_key(int, frac, 3));
            num.span.end = e;
        }
        Short::Unread => num.loose = true,
        Short::None => {}
    }
    out.push(num);
}

/// The notation of a mark `sep` that is `english` in English (a point for
/// the decimals, a comma between thousands).
fn notation_of(sep: Sep, english: Sep) -> Notation {
    match sep {
        Sep::Group => Notation::Silent,
        _ if sep == english => Notation::English,
        _ => Notation::European,
    }
}

/// Settles the ambiguous numbers (`2,500`, `1.500`) of each side by the
/// notation its other numbers use, or failing them the other side's: both
/// sides are renderings in one language, so against `$2.50` the `$2,500`
/// of the other side is 2500 and fires. Where nothing settles it (or a side
/// writes both ways, or the sides write differently), either reading
/// matches. Digits glued to a name
/// (`v2.50`) say nothing.
fn settle_notation(nums: &mut [Vec<Num>; 2]) {
    let says = |v: &[Num]| {
        let (mut en, mut eu) = (false, false);
        for n in v.iter().filter(|n| !n.code) {
            en |= n.notation == Notation::English;
            eu |= n.notation == Notation::European;
        }
        match (en, eu) {
            (true, false) => Some(Some(Notation::English)),
            (false, true) => Some(Some(Notation::European)),
            (true, true) => Some(None),
            (false, false) => None,
        }
    };
    let own = [says(&nums[0]), says(&nums[1])];
    // Sides that write their decimals differently (`3,5 km` against
    // `3.5 km`, MT keeping the source's notation) settle nothing: the same
    // `1,500` on both must stay equal.
    if let [Some(Some(a)), Some(Some(b))] = own
        && a != b
    {
        return;
    }
    for s in 0..2 {
        let keep = match own[s].or(own[1 - s]).flatten() {
            Some(Notation::English) => 0,
            Some(Notation::European) => 1,
            _ => continue,
        };
        // A scale or `k` after it was read from the English reading: left.
        for n in nums[s].iter_mut().filter(|n| {
            n.notation == Notation::Ambiguous && n.n == 2 && n.scaled.is_none() && !n.loose
        }) {
            n.keys[0] = n.keys[keep];
            n.n = 1;
        }
    }
}

/// The centuries a two-digit decade (`90s`, `'90s`, `’20s`: a multiple of
/// ten with an `s` that ends the word) may be in.
fn decade(b: &[u8], t: &Tok, start: usize, end: usize) -> Option<[u64; 2]> {
    let d = t.group(0);
    let s_end = end + 1;
    (d.len() == 2
        && d[1] == 0
        && end - start == 2
        && b.get(end) == Some(&b's')
        && !b.get(s_end).is_some_and(u8::is_ascii_alphanumeric)
        && !(start > 0 && b[start - 1].is_ascii_alphanumeric()))
    .then_some([1900, 2000])
}

/// Whether the digits at `start` follow a decimal point that has no digit
/// before it and stands free: `.5%`, `$.50`, `(.25)`.
fn leading_point(b: &[u8], start: usize) -> bool {
    start >= 1
        && b[start - 1] == b'.'
        && (start == 1
            || matches!(
                b[start - 2],
                b' ' | b'\t' | b'(' | b'$' | b'+' | b'-' | b'~' | b'='
            ))
}

/// `10.30pm`, `9.15 a.m.`: an hour, a point, two-digit minutes and am/pm
/// (British style); without am/pm `10.30` is a decimal.
fn dot_time(b: &[u8], t: &Tok, end: usize) -> Option<Num> {
    if t.ngroups != 2 || t.seps[1] != Sep::Dot || t.group(0).len() > 2 || t.group(1).len() != 2 {
        return None;
    }
    let v = |g: &[u8]| g.iter().fold(0u32, |a, &d| a * 10 + u32::from(d));
    let (hour, minute) = (v(t.group(0)), v(t.group(1)));
    let (pm, e) = ampm_after(b, end)?;
    if !(1..=12).contains(&hour) || minute >= 60 {
        return None;
    }
    let mut n = Num::new(t.groups[0].1..e);
    n.add(time_key(
        (hour % 12 + if pm { 12 } else { 0 }) * 60 + minute,
    ));
    Some(n)
}

/// What follows a number in short: see [`short_scale_after`].
enum Short {
    /// A scale and its power of ten, and where it ends.
    Scale(usize, usize),
    /// `k`/`K` glued to the number, ending there.
    Thousands(usize),
    /// A scale not read here.
    Unread,
    None,
}

/// Scales written short or in another language after a number ending at
/// `end`: `bn`, `mn`, `mln`, `tn` glued or after a space; `m`/`M` and
/// `b`/`B` glued to an amount of money (`$5m`, `€2.5B`; without a currency
/// `5m` may be metres, so it only loosens the match); `k`/`K` glued;
/// and scales this check does not read (`lakh`, `crore`, `Mio.`, CJK
/// numerals such as `万`), which loosen the match.
fn short_scale_after(b: &[u8], end: usize, money: bool) -> Short {
    let glued = b.get(end).is_some_and(u8::is_ascii_alphabetic);
    let i = if b.get(end) == Some(&b' ') {
        end + 1
    } else {
        end
    };
    let Some(&c) = b.get(i) else {
        return Short::None;
    };
    if c >= 0x80 {
        // A letter of another script right after the number (`5万`,
        // `3 млн`) is taken for its scale.
        let ch = b[i..]
            .utf8_chunks()
            .next()
            .and_then(|k| k.valid().chars().next());
        return match ch {
            Some(ch) if ch.is_alphabetic() => Short::Unread,
            _ => Short::None,
        };
    }
    let e = i + b[i..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    if e == i || b.get(e).is_some_and(|c| c.is_ascii_digit()) {
        return Short::None;
    }
    let w = &b[i..e];
    let is = |x: &str| w.eq_ignore_ascii_case(x.as_bytes());
    if is("bn") || is("bln") {
        Short::Scale(9, e)
    } else if is("mn") || is("mln") {
        Short::Scale(6, e)
    } else if is("tn") {
        Short::Scale(12, e)
    } else if glued && matches!(w, b"m" | b"M" | b"b" | b"B") {
        match (money, w) {
            (true, b"m" | b"M") => Short::Scale(6, e),
            (true, _) => Short::Scale(9, e),
            (false, _) => Short::Unread,
        }
    } else if glued && matches!(w, b"k" | b"K") {
        Short::Thousands(e)
    } else if [
        "lakh", "lakhs", "crore", "crores", "mio", "mrd", "mil", "mille",
    ]
    .iter()
    .any(|x| is(x))
    {
        Short::Unread
    } else {
        Short::None
    }
}

/// `H:MM[:SS]` and `H[:MM] am/pm` after a one- or two-digit run.
fn time(b: &[u8], t: &Tok, end: usize) -> Option<Num> {
    let h = t.group(0);
    if h.len() > 2 {
        return None;
    }
    let hour = h.iter().fold(0u32, |a, &d| a * 10 + d as u32);
    let mut e = end;
    let mut minute = None;
    if b.get(e) == Some(&b':')
        && let Some(m) = two_digits(b, e + 1)
        && m < 60
        && hour <= 24
    {
        minute = Some(m);
        e += 3;
        if b.get(e) == Some(&b':') && two_digits(b, e + 1).is_some() {
            e += 3;
        }
    }
    // `15h30`, `15 h 30`, `15 h`: the hour and minutes of French and
    // other European styles (no am/pm there).
    let mut h_form = false;
    if minute.is_none()
        && hour <= 24
        && let Some((m, he)) = h_time(b, end)
    {
        minute = m;
        e = he;
        h_form = true;
    }
    let ampm = if h_form { None } else { ampm_after(b, e) };
    // `3-5pm`: the start of a range shares its end's am or pm.
    let range_end = if ampm.is_none() && !h_form && (1..=12).contains(&hour) {
        range_end_hour(b, e)
    } else {
        None
    };
    if minute.is_none() && ampm.is_none() && !h_form && range_end.is_none() {
        return None;
    }
    let m = minute.unwrap_or(0);
    let mut n = Num::new(t.groups[0].1..e);
    let hour24 = match ampm {
        Some((pm, ae)) if (1..=12).contains(&hour) => {
            n.span.end = ae;
            hour % 12 + if pm { 12 } else { 0 }
        }
        Some(_) => return None,
        // The latest reading before the end: `3-5pm` 15:00, `11-1pm`
        // 11:00; none (`5-3pm`) leaves the hour as written.
        None => match range_end {
            Some(end) if hour % 12 + 12 < end => hour % 12 + 12,
            Some(end) if hour % 12 < end => hour % 12,
            _ => hour,
        },
    };
    n.add(time_key(hour24 * 60 + m));
    if h_form && minute.is_some() {
        n.split = Some([decimal_key(h, &[], 0), int_key(u64::from(m))]);
    }
    // "15:00" is also "15"; with am/pm the bare hour would make 3 p.m.
    // equal to 3 a.m.
    if m == 0 && ampm.is_none() {
        n.add(decimal_key(h, &[], 0));
    }
    Some(n)
}

/// After a time ending at `e`, a range on to a time with am or pm (`-5pm`,
/// `–5 p.m.`, ` to 5:30pm`): that end's hour on the 24-hour clock.
fn range_end_hour(b: &[u8], e: usize) -> Option<u32> {
    let rest = &b[e..];
    let dash = ["-", "\u{2013}", " - ", " \u{2013} ", " to "]
        .iter()
        .find(|d| rest.starts_with(d.as_bytes()))?;
    let s = e + dash.len();
    let d = b[s..].iter().take_while(|c| c.is_ascii_digit()).count();
    if d == 0 || d > 2 {
        return None;
    }
    let hour = ascii_value(&b[s..s + d])? as u32;
    let mut k = s + d;
    if b.get(k) == Some(&b':') && two_digits(b, k + 1).is_some_and(|m| m < 60) {
        k += 3;
    }
    let (pm, _) = ampm_after(b, k)?;
    (1..=12)
        .contains(&hour)
        .then_some(hour % 12 + if pm { 12 } else { 0 })
}

/// After an hour ending at `end`: an optional space, an `h` that starts no
/// word ("15 hours", "5 hp"), then two-digit minutes below 60 (after an
/// optional `.` and space: `15 h. 30`) or nothing. Returns the minutes and
/// where the time ends.
fn h_time(b: &[u8], end: usize) -> Option<(Option<u32>, usize)> {
    let mut i = end;
    for space in [&b" "[..], "\u{a0}".as_bytes(), "\u{202f}".as_bytes()] {
        if b[i..].starts_with(space) {
            i += space.len();
            break;
        }
    }
    if b.get(i) != Some(&b'h') {
        return None;
    }
    i += 1;
    let mut j = i;
    if b.get(j) == Some(&b'.') {
        j += 1;
    }
    if b.get(j) == Some(&b' ') {
        j += 1;
    }
    match two_digits(b, j) {
        Some(m) if m < 60 && !b.get(j + 2).is_some_and(u8::is_ascii_alphabetic) => {
            Some((Some(m), j + 2))
        }
        _ if b.get(i).is_some_and(u8::is_ascii_alphanumeric) => None,
        _ => Some((None, i)),
    }
}

/// Exactly two ASCII digits at `i`, as a number.
fn two_digits(b: &[u8], i: usize) -> Option<u32> {
    let (x, y) = (*b.get(i)?, *b.get(i + 1)?);
    (x.is_ascii_digit() && y.is_ascii_digit() && digit_at(b, i + 2).is_none())
        .then(|| ((x - b'0') * 10 + (y - b'0')) as u32)
}

/// `am`, `pm`, `a.m.`, `p.m.` (any case, after at most one space): whether
/// it is pm, and where it ends.
fn ampm_after(b: &[u8], mut i: usize) -> Option<(bool, usize)> {
    if b.get(i) == Some(&b' ') {
        i += 1;
    }
    let pm = match b.get(i)?.to_ascii_lowercase() {
        b'a' => false,
        b'p' => true,
        _ => return None,
    };
    let rest = &b[i + 1..];
    let n = if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case(b".m.") {
        3
    } else if rest.len() >= 2 && rest[..2].eq_ignore_ascii_case(b".m") {
        2
    } else if !rest.is_empty() && rest[0].eq_ignore_ascii_case(&b'm') {
        1
    } else {
        return None;
    };
    let e = i + 1 + n;
    (!b.get(e).is_some_and(|c| c.is_ascii_alphanumeric())).then_some((pm, e))
}

const SCALES: [(&str, usize); 9] = [
    ("hundred", 2),
    ("thousand", 3),
    ("million", 6),
    ("billion", 9),
    ("trillion", 12),
    ("millions", 6),
    ("billions", 9),
    ("milliard", 9),
    ("milliards", 9),
];

/// A scale word after at most one space: its power of ten and its end.
fn scale_after(b: &[u8], mut i: usize) -> Option<(usize, usize)> {
    if b.get(i) == Some(&b' ') {
        i += 1;
    }
    let e = i + b[i.min(b.len())..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let w = &b[i..e];
    SCALES
        .iter()
        .find(|(s, _)| s.as_bytes().eq_ignore_ascii_case(w))
        .map(|&(_, p)| (p, e))
}

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const ORDINALS: [&str; 20] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The value of a spelled-out number word (lower case ASCII).
fn word_value(w: &str) -> Option<u64> {
    if let Some(p) = UNITS.iter().position(|u| *u == w) {
        return Some(p as u64);
    }
    if let Some(p) = TENS.iter().position(|u| *u == w) {
        return Some(20 + 10 * p as u64);
    }
    if let Some(p) = ORDINALS.iter().position(|u| *u == w) {
        return Some(p as u64 + 1);
    }
    if let Some((t, u)) = w.split_once('-') {
        let t = TENS.iter().position(|x| *x == t)?;
        let u = UNITS[1..10]
            .iter()
            .position(|x| *x == u)
            .or_else(|| ORDINALS[..9].iter().position(|x| *x == u))?;
        return Some(20 + 10 * t as u64 + u as u64 + 1);
    }
    match w {
        "a" | "an" => Some(1),
        "dozen" => Some(12),
        _ => SCALES
            .iter()
            .find(|(s, _)| *s == w)
            .map(|&(_, p)| 10u64.pow(p as u32)),
    }
}

/// Words after which a Roman numeral is one ("Part I", "World War II",
/// "camp III"; any case).
const NUMBERED: [&str; 26] = [
    "Act", "Annex", "Appendix", "Article", "Book", "Camp", "Category", "Chapter", "Class",
    "Division", "Episode", "Grade", "Group", "Level", "Part", "Phase", "Round", "Season",
    "Section", "Stage", "Step", "Tier", "Title", "Type", "Volume", "War",
];

/// The value of the Roman numeral `b[w]` (capitals, 1 to 39 as `I` to
/// `XXXIX`, in canonical form) in brackets (`(I)`, a list marker) or after
/// a word of [`NUMBERED`]: "camp III", "Part II". Only an excuse, like a
/// spelled-out number.
fn roman_value(b: &[u8], w: Range<usize>) -> Option<u64> {
    let t = &b[w.clone()];
    if t.is_empty() || t.len() > 7 || !t.iter().all(|c| b"IVX".contains(c)) {
        return None;
    }
    let digit = |c: u8| match c {
        b'I' => 1,
        b'V' => 5,
        _ => 10,
    };
    let mut v = 0i64;
    for (k, &c) in t.iter().enumerate() {
        let d = digit(c);
        if t.get(k + 1).is_some_and(|&n| digit(n) > d) {
            v -= d;
        } else {
            v += d;
        }
    }
    let v = u64::try_from(v).ok().filter(|v| (1..40).contains(v))?;
    // Canonical form only: "IIII", "VX" and "IXI" are not numerals.
    let canon = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    let tens = ["", "X", "XX", "XXX"];
    let want = format!("{}{}", tens[(v / 10) as usize], canon[(v % 10) as usize]);
    if want.as_bytes() != t {
        return None;
    }
    // Only where a numeral is expected: `IV` is also "intravenous", `I`
    // the pronoun.
    let bracketed = w.start > 0 && b[w.start - 1] == b'(' && b.get(w.end) == Some(&b')');
    let before = &b[..w.start];
    let after_word = before.strip_suffix(b" ").is_some_and(|p| {
        let word = letters_before(p, p.len());
        NUMBERED
            .iter()
            .any(|x| x.as_bytes().eq_ignore_ascii_case(word))
    });
    if !bracketed && !after_word {
        return None;
    }
    Some(v)
}

/// A capitalised month name or its three-letter (or "Sept") abbreviation.
fn month_value(w: &str) -> Option<u64> {
    if !w.starts_with(|c: char| c.is_ascii_uppercase()) || w.len() < 3 {
        return None;
    }
    let l = w.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| {
            *m == l || l.len() == 3 && m.starts_with(&l) || l == "sept" && *m == "september"
        })
        .map(|p| p as u64 + 1)
}

/// Appends the spelled-out numbers and month names of `text`.
pub(crate) fn collect_spelled(text: &str, out: &mut Vec<Num>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphabetic() || i > 0 && b[i - 1].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let e = i + b[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic() || **c == b'-')
            .count();
        let e = if b[e - 1] == b'-' { e - 1 } else { e };
        let w = &text[i..e];
        let lower = w.to_ascii_lowercase();
        // A fraction in words excuses one in digits; its words are read
        // on their own below as well.
        let alpha = b[i..e]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        let head = &lower[..alpha];
        // One look-up for a word without a hyphen, the most.
        let head_value = word_value(head);
        let value = if alpha == lower.len() {
            head_value
        } else {
            word_value(&lower)
        };
        if let Some((fe, whole, n, d)) = spelled_fraction(b, i + alpha, head, head_value) {
            let mut f = Num::new(i..fe);
            f.add(fraction_key(whole, n, d));
            out.push(f);
        }
        let mut e = e;
        if let Some(mut v) = value
            .or_else(|| month_value(w))
            .or_else(|| roman_value(b, i..e))
        {
            if TENS.contains(&lower.as_str())
                && let Some((u, ue)) = unit_word_after(b, e)
            {
                v += u;
                e = ue;
            }
            push_spelled(b, i..e, v, out);
        } else if let Some(d) = lower
            .strip_suffix("ies")
            .and_then(|stem| TENS.iter().position(|t| t.strip_suffix('y') == Some(stem)))
        {
            // "the eighties": the 80s, the 1980s or the 2080s.
            let d = 20 + 10 * d as u64;
            let mut n = Num::new(i..e);
            for v in [d, 1900 + d, 2000 + d] {
                n.add(int_key(v));
            }
            out.push(n);
        } else if w.contains('-') {
            // "seven-day", "five-year-old": the parts.
            let mut at = i;
            for part in w.split('-') {
                if let Some(v) = word_value(&part.to_ascii_lowercase()) {
                    push_spelled(b, at..at + part.len(), v, out);
                }
                at += part.len() + 1;
            }
        }
        i = e.max(i + 1);
    }
}

/// "twenty one", "thirty first": a unit word (one to nine, first to
/// ninth) after a space; its value and end.
fn unit_word_after(b: &[u8], e: usize) -> Option<(u64, usize)> {
    let (end, w) = word_after(b, e, b" ")?;
    if b.get(end).is_some_and(|c| c.is_ascii_digit() || *c == b'-') {
        return None;
    }
    let u = UNITS[1..10]
        .iter()
        .position(|x| *x == w)
        .or_else(|| ORDINALS[..9].iter().position(|x| *x == w))?;
    Some((u as u64 + 1, end))
}

/// The ASCII word after the separator at `e` (one of `seps`), lower-cased,
/// with its end.
fn word_after(b: &[u8], e: usize, seps: &[u8]) -> Option<(usize, String)> {
    if !b.get(e).is_some_and(|c| seps.contains(c)) {
        return None;
    }
    let s = e + 1;
    let n = b[s..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let w = b[s..s + n]
        .iter()
        .map(|&c| char::from(c.to_ascii_lowercase()));
    (n > 0).then(|| (s + n, w.collect()))
}

fn push_spelled(b: &[u8], span: Range<usize>, v: u64, out: &mut Vec<Num>) {
    let mut n = Num::new(span);
    n.add(int_key(v));
    if let Some((p, se)) = scale_after(b, n.span.end).filter(|_| v < 1000) {
        let k = int_key(v.saturating_mul(10u64.pow(p as u32)));
        n.add(k);
        n.scaled = Some(k);
        n.span.end = se;
    }
    out.push(n);
}

/// Marks as used each number of `a` that finds an unused number of `b`
/// with a shared reading (`primary`: the first readings must be equal).
fn pair_up(a: &mut [Num], b: &mut [Num], primary: bool) {
    for x in a.iter_mut().filter(|x| !x.used) {
        let hit = b.iter_mut().find(|y| {
            !y.used
                && if primary {
                    y.keys[0] == x.keys[0] && compatible(x, y)
                } else {
                    y.shares(x)
                }
        });
        if let Some(y) = hit {
            y.used = true;
            x.used = true;
        }
    }
}

/// Pairs each fraction written with a slash in `b` (`text` is b's side)
/// with a number of `a` of the same value: `1/2` (or `2/4`) with `½` or
/// `0.5`, `2 1/3` or `2-1/3` with `2⅓`. Proper fractions up to sixteenths
/// only, whose numbers stand alone: not a date's (`1/2/2024`), a path's, a
/// score's or a ratio's (`24/7`, `50/50`).
fn pair_fractions(text: &str, a: &mut [Num], b: &mut [Num]) {
    let t = text.as_bytes();
    let value = |y: &Num| (!y.used && !y.neg).then(|| ascii_value(&t[y.span.clone()]))?;
    for j in 1..b.len() {
        let (p, q) = (&b[j - 1], &b[j]);
        if t.get(p.span.end..q.span.start) != Some(b"/")
            || p.span.start > 0 && t[p.span.start - 1] == b'/'
            || t.get(q.span.end) == Some(&b'/')
        {
            continue;
        }
        let (Some(n), Some(d)) = (value(p), value(q)) else {
            continue;
        };
        if n == 0 || n >= d || d > 16 {
            continue;
        }
        let (n, d) = (n as u8, d as u8);
        // A whole number before it makes a mixed number (`2 1/2`), if the
        // other side has that; else the fraction stands alone.
        let whole = j.checked_sub(2).and_then(|i| {
            let r = &b[i];
            matches!(
                t.get(r.span.end..p.span.start),
                Some(b" " | b"-" | b"\xC2\xA0")
            )
            .then(|| value(r).map(|w| (i, w)))?
        });
        let readings = whole
            .map(|(i, w)| (Some(i), fraction_key(w, n, d)))
            .into_iter()
            .chain([(None, fraction_key(0, n, d))]);
        for (i, key) in readings {
            if let Some(x) = a
                .iter_mut()
                .find(|x| !x.used && !x.neg && x.scaled.is_none() && x.keys().contains(&key))
            {
                x.used = true;
                for k in i.into_iter().chain([j - 1, j]) {
                    b[k].used = true;
                }
                break;
            }
        }
    }
}

/// Marks as used each `h` time of `a` still unmatched whose hour and
/// minutes both find an unused number of `b` (`1h05` against "1 hour 5
/// minutes": a duration).
fn pair_split(a: &mut [Num], b: &mut [Num]) {
    for x in a.iter_mut().filter(|x| !x.used) {
        let Some([hour, minutes]) = x.split else {
            continue;
        };
        let find = |b: &[Num], k: u64, skip: Option<usize>| {
            b.iter()
                .enumerate()
                .position(|(j, y)| !y.used && Some(j) != skip && y.keys().contains(&k))
        };
        if let Some(i) = find(b, hour, None)
            && let Some(j) = find(b, minutes, Some(i))
        {
            b[i].used = true;
            b[j].used = true;
            x.used = true;
        }
    }
}

/// Above this many numbers on a side a pair compares first readings only,
/// through a sort, to stay clear of quadratic time on number tables.
const QUADRATIC_LIMIT: usize = 64;

fn pair_up_sorted(a: &mut [Num], b: &mut [Num]) {
    a.sort_by_key(|n| n.keys[0]);
    b.sort_by_key(|n| n.keys[0]);
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].keys[0].cmp(&b[j].keys[0]) {
            std::cmp::Ordering::Equal if !compatible(&a[i], &b[j]) => i += 1,
            std::cmp::Ordering::Equal => {
                a[i].used = true;
                b[j].used = true;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
}

/// The digits of the numbers not yet matched, in order; a vulgar
/// fraction, which has no digits, as its numerator and denominator past
/// 100, so that it is never the same digits as plain ones (`½` against
/// nothing is no regrouping).
fn unmatched_digits<'a>(t: &'a str, v: &'a [Num]) -> impl Iterator<Item = u8> + 'a {
    let b = t.as_bytes();
    v.iter().filter(|n| !n.used).flat_map(move |n| {
        let frac = n.frac.map(|(num, den)| [100 + num, 100 + den]);
        n.span
            .clone()
            .filter_map(move |i| digit_at(b, i).map(|d| d.0))
            .chain(frac.into_iter().flatten())
    })
}

/// `codes[s]`: spans of side s's placeholders and URLs, whose digits are
/// not numbers.
pub(crate) fn check_pair(
    texts: [&str; 2],
    codes: [&[Range<usize>]; 2],
    nums: &mut [Vec<Num>; 2],
    spelled: &mut [Vec<Num>; 2],
    out: &mut Vec<QaFinding>,
) {
    let mut exps = [Vec::new(), Vec::new()];
    for s in 0..2 {
        nums[s].clear();
        collect(texts[s], &mut nums[s], &mut exps[s]);
        if !codes[s].is_empty() {
            let outside = |n: &Num| {
                !codes[s]
                    .iter()
                    .any(|c| c.start < n.span.end && n.span.start < c.end)
            };
            nums[s].retain(outside);
            exps[s].retain(outside);
        }
    }
    settle_notation(nums);
    let says = [0, 1].map(|s| nums[1 - s].iter().any(|n| n.neg) && says_negative(texts[s]));
    for s in 0..2 {
        if says[s] {
            for n in nums[s].iter_mut().filter(|n| !n.neg && !n.plus) {
                n.neg_ok = true;
            }
        }
    }
    let [mut hyp, mut ref_] = number_spans(texts, nums, spelled, says);
    // A unit's exponent fires only against another exponent (`m2` against
    // `m3`): against none the other side wrote the unit out ("square
    // meters").
    let [ea, eb] = &mut exps;
    pair_up(ea, eb, true);
    if ea.iter().any(|n| !n.used) && eb.iter().any(|n| !n.used) {
        for (spans, v) in [(&mut hyp, &*ea), (&mut ref_, &*eb)] {
            spans.extend(v.iter().filter(|n| !n.used).map(|n| n.span.clone()));
        }
        hyp.sort_by_key(|r| r.start);
        ref_.sort_by_key(|r| r.start);
    }
    if hyp.is_empty() && ref_.is_empty() {
        return;
    }
    out.push(QaFinding {
        code: Code::Number,
        detail: diff_detail(texts, [&hyp, &ref_]),
        hyp,
        ref_,
    });
}

/// The spans of each side's numbers (`nums`, as [`collect`] found them)
/// that find no equal on the other.
fn number_spans(
    texts: [&str; 2],
    nums: &mut [Vec<Num>; 2],
    spelled: &mut [Vec<Num>; 2],
    says_negative: [bool; 2],
) -> [Spans; 2] {
    let [a, b] = &mut *nums;
    if a.len().max(b.len()) > QUADRATIC_LIMIT {
        pair_up_sorted(a, b);
    } else {
        // Before the plain pairing, which could take the whole part of
        // `2 1/2` for another 2.
        pair_fractions(texts[1], a, b);
        pair_fractions(texts[0], b, a);
        pair_up(a, b, true);
        pair_up(a, b, false);
        pair_split(a, b);
        pair_split(b, a);
    }
    let left = |v: &[Num]| v.iter().any(|n| !n.used);
    if !left(a) && !left(b) {
        return Default::default();
    }
    // Words may excuse what digits did not.
    for s in 0..2 {
        spelled[s].clear();
        if left(&nums[1 - s]) {
            collect_spelled(texts[s], &mut spelled[s]);
            if says_negative[s] {
                for n in &mut spelled[s] {
                    n.neg_ok = true;
                }
            }
            let [a, b] = &mut *nums;
            let digits = if s == 0 { &mut *b } else { &mut *a };
            if digits.len() <= QUADRATIC_LIMIT {
                pair_up(digits, &mut spelled[s], false);
                pair_split(digits, &mut spelled[s]);
            }
        }
    }
    // A number glued to a name with no such number left on the other side:
    // that side named the thing in words ("COVID-19" against "the new
    // coronavirus"), a rendering, not a changed number.
    let codes_left = [0, 1].map(|s| nums[s].iter().any(|n| !n.used && n.code));
    for s in 0..2 {
        if !codes_left[1 - s] {
            for n in nums[s].iter_mut().filter(|n| n.code) {
                n.used = true;
            }
        }
    }
    // Extra copies of numbers the other side has ("June 4" twice against
    // once, "1 music, 1 art and 1 PE teacher" against "1 teacher each"),
    // with nothing left over on that side: no number has changed. Where
    // both sides have leftovers one may have become the other ("3 times"
    // against "2 times" beside "2 tablets"), so they are reported.
    for s in 0..2 {
        if nums[1 - s].iter().all(|n| n.used) {
            let other: std::collections::HashSet<u64> =
                nums[1 - s].iter().flat_map(|n| n.keys().to_vec()).collect();
            let extra = |n: &Num| n.used || n.keys().iter().any(|k| other.contains(k));
            if nums[s].iter().all(extra) {
                return Default::default();
            }
        }
    }
    // The same digits split into a different number of numbers
    // ("424.10.37" against "424.10. 37", model numbers and codes): one
    // rendering, not a change. With as many numbers on each side the
    // grouping itself changed ("1.5" against "15").
    let count = |v: &[Num]| v.iter().filter(|n| !n.used).count();
    if count(&nums[0]) != count(&nums[1])
        && unmatched_digits(texts[0], &nums[0]).eq(unmatched_digits(texts[1], &nums[1]))
    {
        return Default::default();
    }
    let spans = |v: &[Num]| {
        let mut s: Spans = v
            .iter()
            .filter(|n| !n.used)
            .map(|n| n.span.clone())
            .collect();
        s.sort_by_key(|r| r.start);
        s
    };
    [spans(&nums[0]), spans(&nums[1])]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qa::{CheckSet, check_pair as pair_check};

    fn run(h: &str, r: &str) -> Vec<QaFinding> {
        let mut out = Vec::new();
        pair_check(h, r, CheckSet::NONE.with(Code::Number), &mut out);
        out
    }

    fn pair(h: &str, r: &str) -> Vec<String> {
        run(h, r).iter().map(|f| f.to_string()).collect()
    }

    fn same(h: &str, r: &str) {
        assert!(run(h, r).is_empty(), "{h} / {r}: {:?}", pair(h, r));
    }

    fn numbers(t: &str) -> Vec<&str> {
        let mut v = Vec::new();
        collect(t, &mut v, &mut Vec::new());
        v.iter().map(|n| &t[n.span.clone()]).collect()
    }

    #[test]
    fn fractions_decades_and_trunk_zeros() {
        for (h, r) in [
            ("Add ½ cup of sugar.", "Add 0.5 cup of sugar."),
            ("It took 2½ hours.", "It took 2.5 hours."),
            ("It is 1 ½ metres deep.", "It is 1,50 m deep."),
            ("Add ¾ cup and ⅛ tsp.", "Add 0.75 cup and 0.125 tsp."),
            ("It was big in the '90s.", "It was big in the 1990s."),
            ("It was big in the ’20s.", "It was big in the 2020s."),
            ("It was big in the 90s.", "It was big in the 1990s."),
            ("Call +44 (0)20 7946 0958.", "Call +44 20 7946 0958."),
        ] {
            same(h, r);
        }
        assert_eq!(
            pair("It took 2 hours.", "It took 2½ hours."),
            ["number: 2 -> 2½"]
        );
        assert_eq!(pair("Add ½ cup.", "Add ¼ cup."), ["number: ½ -> ¼"]);
        same("Sales hit 2½ million.", "Sales hit 2.5 million.");
        same("Sales hit 2½ million.", "Sales hit 2,500,000.");
        assert_eq!(pair("the '80s", "the 1990s"), ["number: 80 -> 1990"]);
        // Not a decade: `95s`, `90s` glued to a word; not a trunk zero
        // without a country code.
        assert_eq!(
            numbers("the 95s, A90s, (0) and 5 (0)7"),
            ["95", "90", "0", "5", "0", "7"]
        );
        assert_eq!(numbers("+44 (0)20 and +1 (0)"), ["+44", "20", "+1"]);
    }

    #[test]
    fn a_vulgar_fraction_equals_the_same_fraction_with_a_slash() {
        for (h, r) in [
            ("About ⅓ of the land.", "About 1/3 of the land."),
            ("He ate ⅔ of it.", "He ate 2/3 of it."),
            ("A ⅛ inch gap.", "A 1/8 inch gap."),
            ("Add ½ cup.", "Add 2/4 cup."),
            ("About 2⅓ cups.", "About 2 1/3 cups."),
            ("Add 2½ cups and 2 eggs.", "Add 2 1/2 cups and 2 eggs."),
            ("Add 1½ cups.", "Add 1-1/2 cups."),
            ("Add 1 ½ cups.", "Add 1\u{a0}1/2 cups."),
            ("It is ⅓ and ⅓.", "It is ⅓ and 1/3."),
        ] {
            same(h, r);
            same(r, h);
        }
        assert_eq!(pair("Take ⅓ now.", "Take ⅔ now."), ["number: ⅓ -> ⅔"]);
        // A decimal equals its fraction; a ratio and a score are none.
        same("Add 0.5 cup.", "Add 1/2 cup.");
        same("Add 2.25 cups.", "Add 2 1/4 cups.");
        assert_eq!(pair("Open 1 day.", "Open 24/7."), ["number: 1 -> 24 / 7"]);
        assert_eq!(
            pair("An even split.", "A 50/50 split."),
            ["number: 50 / 50 missing in hyp"]
        );
        assert_eq!(
            pair("Use 1.5 cups.", "Use 3/2 cups."),
            ["number: 1.5 -> 3 / 2"]
        );
        // A whole part past what is read stays a number of its own kind.
        same("It is 99999999999⅓.", "It is 99999999999⅓.");
        assert_eq!(
            pair("It is 99999999999⅓.", "It is 99999999999⅔."),
            ["number: 99999999999⅓ -> 99999999999⅔"]
        );
        // A fraction in words excuses one in digits.
        for (h, r) in [
            ("About ⅓ of the land.", "About a third of the land."),
            ("Add ½ cup.", "Add half a cup."),
            ("Add 0.5 cup.", "Add one half cup."),
            ("About ⅔ of them.", "About two-thirds of them."),
            ("Add ¾ cup.", "Add three quarters of a cup."),
            ("Add 2½ cups.", "Add two and a half cups."),
            ("Add 1.25 cups.", "Add one and a quarter cups."),
            ("Add ⅛ tsp.", "Add an eighth of a tsp."),
            ("About ⅓ of it.", "About two sixths of it."),
        ] {
            same(h, r);
            same(r, h);
        }
        assert_eq!(
            pair("Add ½ cup.", "Add a third of a cup."),
            ["number: ½ missing in ref"]
        );
        assert_eq!(
            pair("Add 2½ cups.", "Add three and a half cups."),
            ["number: 2½ missing in ref"]
        );
        // A fraction against none is a lost number, not the same digits
        // grouped otherwise.
        assert_eq!(
            pair("Add ½ cup.", "Add some cup."),
            ["number: ½ missing in ref"]
        );
        assert_eq!(
            pair("Add ⅓ cup or 3.", "Add a cup or 3."),
            ["number: ⅓ missing in ref"]
        );
        assert_eq!(pair("Take ⅓ now.", "Take 2/3 now."), ["number: ⅓ -> 2 / 3"]);
        assert_eq!(
            pair("About 2⅓ cups.", "About 3 1/3 cups."),
            ["number: 2⅓ -> 3 / 1 / 3"]
        );
        // A date's or a path's numbers are no fraction.
        assert_eq!(
            pair("Due ½.", "Due 1/2/2024."),
            ["number: ½ -> 1 / 2 / 2024"]
        );
        assert_eq!(pair("Page ½.", "Page 4/1/2."), ["number: ½ -> 4 / 1 / 2"]);
    }

    #[test]
    fn the_exponent_of_an_area_unit_is_no_number() {
        assert_eq!(
            numbers("3000 m2 and 2000m2, 5 cm3, 7 ft2"),
            ["3000", "2000", "5", "7"]
        );
        same(
            "The base shall be at least 3000 m2.",
            "The base shall be at least 3,000 square meters.",
        );
        // Other letters, other digits, a longer word, or letters before
        // the unit: numbers.
        assert_eq!(
            numbers("A4 paper, LP700, m4, m22, km2x, item2, x_m2, ém2"),
            ["4", "700", "4", "22", "2", "2", "2", "2"]
        );
        assert_eq!(
            pair("An area of 5 m2.", "An area of 6 m2."),
            ["number: 5 -> 6"]
        );
        // Area against volume fires; so does a variable's index.
        assert_eq!(
            pair("It holds 30 m2.", "It holds 30 m3."),
            ["number: m2 -> m3"]
        );
        assert_eq!(
            pair(
                "Set m1 to 5 and m2 to 30 m2.",
                "Set m1 to 5 and m3 to 30 m2."
            ),
            ["number: m2 -> m3"]
        );
        same(
            "Costs 8 yuan/m2 (30 m2).",
            "Costs 8 yuan per square meter (30 square meters).",
        );
        same(
            "Rooms of 20m2 and 30m2.",
            "Rooms of 20m2 and 30 square meters.",
        );
    }

    #[test]
    fn a_changed_number_fires_with_both_spans() {
        let (h, r) = ("It cost 1,200 yuan.", "It cost 1,500 yuan.");
        let f = &run(h, r)[0];
        assert_eq!(f.to_string(), "number: 1,200 -> 1,500");
        assert_eq!(&h[f.hyp[0].clone()], "1,200");
        assert_eq!(&r[f.ref_[0].clone()], "1,500");
        assert_eq!(
            pair("In 2016.", "In 2016, 300 came."),
            ["number: 300 missing in hyp"]
        );
        assert_eq!(pair("3 and 4 and 5", "3"), ["number: 4 / 5 missing in ref"]);
    }

    #[test]
    fn grouping_and_decimal_marks_do_not_matter() {
        same("1,000 people", "1000 people");
        same("1 000 people", "1000 people");
        same("1\u{a0}000 people", "1,000 people");
        same("1'000'000", "1,000,000");
        same("1.000.000", "1,000,000");
        same("1.5 m", "1,5 m");
        same("1,234.56", "1.234,56");
        same("1 234,5", "1234.5");
        same("１２３", "123");
        same("٣", "3");
        same("05", "5");
        same("2.50", "2.5");
        same("2.0", "2");
    }

    #[test]
    fn ambiguous_groupings_match_either_reading() {
        same("1,500", "1,5 km");
        same("1.500", "1500");
        same("1.500 and 2,500", "1500 and 2500");
        assert_eq!(pair("1.5", "15"), ["number: 1.5 -> 15"]);
    }

    #[test]
    fn the_notation_of_the_other_numbers_settles_an_ambiguous_one() {
        // A decimal point or comma grouping on either side makes `2,500`
        // 2500 and `1.500` 1.5: a thousandfold change fires.
        assert_eq!(
            pair("The price is $2.50.", "The price is $2,500."),
            ["number: 2.50 -> 2,500"]
        );
        assert_eq!(
            pair("It is 3.5 MB.", "It is 3,500 MB."),
            ["number: 3.5 -> 3,500"]
        );
        assert_eq!(
            pair("Only 1.5 of the staff.", "Only 1,500 of the staff."),
            ["number: 1.5 -> 1,500"]
        );
        assert_eq!(
            pair("1,500 of 1,234,567 users", "1.500 of 1,234,567 users"),
            ["number: 1,500 -> 1.500"]
        );
        assert_eq!(
            pair("It costs 2,50 €.", "It costs 2.500 €."),
            ["number: 2,50 -> 2.500"]
        );
        same(
            "It costs 2,50 € for 1.500 units.",
            "It costs 2,50 € for 1500 units.",
        );
        same("1.234,5 and 1,500", "1234.5 and 1.5");
        // The same value in either notation, or nothing to settle it.
        same("Pay $2.50 for 1,500 units.", "Pay $2.50 for 1500 units.");
        same("Pay $2,500.", "Pay $2.500.");
        // A side that writes both ways settles nothing; a version says
        // nothing of the notation.
        same("2.5 and 3,25 and 1,500", "2.5 and 3,25 and 1.5");
        same("iOS 17.5: 1,500", "iOS 17.5: 1.5 thousand");
        // Sides whose notations differ settle nothing.
        same("3,5 km and 1,500 people", "3.5 km and 1,500 people");
        same("3,5 km and 1.500 people", "3.5 km and 1,500 people");
    }

    #[test]
    fn percentages_amounts_and_units_compare_by_value() {
        same("10%", "10 %");
        same("10%", "10 percent");
        same("$5", "5 dollars");
        same("5km", "5 km");
        assert_eq!(pair("10%", "11%"), ["number: 10 -> 11"]);
    }

    #[test]
    fn spelled_out_numbers_excuse_digits_but_never_fire() {
        same("twenty people", "20 people");
        same("3 cars", "three cars");
        same("the 1st day", "the first day");
        same("twenty-one guns", "21 guns");
        same("a dozen eggs", "12 eggs");
        same("ten thousand yuan", "10,000 yuan");
        same("1.5 million people", "1,500,000 people");
        same("one of them", "the man");
        same("It's been an hour.", "It has been 1 hour.");
        same("a 7-day return", "a seven-day return");
        same("a five-year-old child", "a 5-year-old child");
        assert_eq!(pair("three cars", "4 cars"), ["number: 4 missing in hyp"]);
    }

    #[test]
    fn a_scaled_number_compares_at_full_value() {
        assert_eq!(
            pair(
                "Exports rose to 2 million tons.",
                "Exports rose to 2 billion tons."
            ),
            ["number: 2 million -> 2 billion"]
        );
        assert_eq!(
            pair("$3 million", "3 thousand dollars"),
            ["number: 3 million -> 3 thousand"]
        );
        assert_eq!(
            pair("two million", "2 billion"),
            ["number: 2 billion missing in hyp"]
        );
        same("2 million tons", "2,000,000 tons");
        same("2.5 billion", "2,500 million");
        same("2 million", "2 mln");
        same("7.1 thousand tons", "7,100 tons");
        // A scale dropped on one side (WMT22 ref B's "108.5 million tons"
        // for 10.85万吨, 108,500 tons).
        assert_eq!(
            pair("reaching 108.5 million tons", "reaching 108,500 tons"),
            ["number: 108.5 million -> 108,500"]
        );
        assert_eq!(
            pair(
                "The city has 2 million people.",
                "The city has 2,000 people."
            ),
            ["number: 2 million -> 2,000"]
        );
        assert_eq!(
            pair("5 million users", "5 users"),
            ["number: 5 million -> 5"]
        );
        // A scale the other side wrote in a way not read here: the digits.
        same("2 million", "2万");
        same("5 million", "5 lakh");
        same("2 million people", "2m people");
    }

    #[test]
    fn short_scales_after_amounts() {
        same("It costs $5m.", "It costs $5,000,000.");
        same("It costs US$5bn.", "It costs US$5 billion.");
        same("€2.5B", "2.5 billion euros");
        same("10k users", "10,000 users");
        same("a 5K race", "a 5 km race");
        assert_eq!(pair("$5m", "$5bn"), ["number: 5m -> 5bn"]);
        assert_eq!(pair("It costs $5m.", "It costs $5."), ["number: 5m -> 5"]);
    }

    #[test]
    fn a_minus_sign_on_one_side_is_a_change() {
        assert_eq!(
            pair("The low was -5 °C.", "The low was 5 °C."),
            ["number: -5 -> 5"]
        );
        assert_eq!(
            pair("The low was \u{2212}5 °C.", "The low was 5 °C."),
            ["number: \u{2212}5 -> 5"]
        );
        assert_eq!(pair("Change: +3%.", "Change: -3%."), ["number: +3 -> -3"]);
        assert_eq!(
            pair("a loss of -$200", "a cost of $200"),
            ["number: -$200 -> 200"]
        );
        same("The low was -5 °C.", "The low was -5 degrees.");
        // The minus said in words, or no minus at all (ranges, dates, codes).
        same("The low was minus 5 °C.", "The low was -5 °C.");
        same("It was 5 below zero.", "It was -5 °C.");
        same("Sales fell 3%.", "Sales: -3%.");
        same("Pages 10-20.", "Pages 10 to 20.");
        same("on 2026-12-03", "on 3 December 2026");
        same("Flight MH-17", "Flight MH17");
        same("+44 20 7946 0958", "+44 20 7946 0958");
        // The en dash typesetting uses for a minus, and a sign after the
        // currency; an en dash between numbers is a range.
        same("Lows of \u{2013}5 °C tonight.", "Lows of -5 °C tonight.");
        assert_eq!(
            pair("Lows of \u{2013}5 °C tonight.", "Lows of 5 °C tonight."),
            ["number: \u{2013}5 -> 5"]
        );
        same("Balance: \u{2013}€20.", "Balance: \u{2212}€20.");
        same("Balance: -€20.", "Balance: €-20.");
        assert_eq!(
            pair("Balance: €-20.", "Balance: €20."),
            ["number: €-20 -> 20"]
        );
        same("Pages 10\u{2013}20.", "Pages 10-20.");
        same("Pages 10 \u{2013} 20.", "Pages 10-20.");
        same("In 1939\u{2013}45 it grew.", "In 1939-1945 it grew.");
    }

    #[test]
    fn a_decimal_point_without_a_zero() {
        assert_eq!(
            pair("Revenue rose .5% this year.", "Revenue rose 5% this year."),
            ["number: .5 -> 5"]
        );
        same(
            "Revenue rose .5% this year.",
            "Revenue rose 0.5% this year.",
        );
        same("It costs $.50.", "It costs $0.50.");
        assert_eq!(numbers("No.5 and v.5"), ["5", "5"]);
    }

    #[test]
    fn compound_ordinals_and_tens_written_apart() {
        same(
            "Life in the 21st century.",
            "Life in the twenty-first century.",
        );
        same("It was 21 days.", "It was twenty one days.");
        same("the 33rd floor", "the thirty third floor");
        assert_eq!(
            pair("It was 22 days.", "It was twenty one days."),
            ["number: 22 missing in ref"]
        );
    }

    #[test]
    fn a_number_glued_to_a_name_fires_only_against_another() {
        for (h, r) in [
            (
                "He fought the new coronavirus epidemic.",
                "He fought the COVID-19 epidemic.",
            ),
            ("At the G20 summit.", "At the summit."),
            ("The F-35 flew.", "The fighter flew."),
            ("Use A4 paper.", "Use letter paper."),
        ] {
            same(h, r);
        }
        assert_eq!(pair("Model LP700", "Model LP800"), ["number: 700 -> 800"]);
        assert_eq!(
            pair("COVID-19 rose by 5.", "Covid rose by 6."),
            ["number: 5 -> 6"]
        );
        // Lower case, or one capital before the hyphen: a number.
        assert_eq!(
            pair("In mid-2020.", "In mid-2021."),
            ["number: 2020 -> 2021"]
        );
        assert_eq!(
            pair("Mid-2020 it rose.", "It rose."),
            ["number: 2020 missing in ref"]
        );
        assert!(is_code(b"MH-17", 3) && is_code(b"CoV-2", 4) && !is_code(b"mid-2020", 4));
        // A currency before the amount: an amount.
        assert_eq!(
            pair("Price: RMB399", "Price: 3,999 yuan"),
            ["number: 399 -> 3,999"]
        );
        assert_eq!(
            pair("invest US55 billion", "invest 5 billion USD"),
            ["number: 55 billion -> 5 billion"]
        );
    }

    #[test]
    fn a_number_repeated_a_different_number_of_times_is_no_change() {
        same(
            "Train 1 teacher each in music, art and PE.",
            "Train 1 music, 1 art and 1 PE teacher.",
        );
        same("On June 4 and again on June 4.", "On June 4.");
        // Where a number changed, the repeated one stays in the detail,
        // and a number changed into one the sentence already has fires.
        assert_eq!(pair("5 and 5 apples", "5 and 6 apples"), ["number: 5 -> 6"]);
        assert_eq!(
            pair(
                "Take 2 tablets 3 times a day for 3 days.",
                "Take 2 tablets 2 times a day for 3 days."
            ),
            ["number: 3 -> 2"]
        );
        assert_eq!(
            pair(
                "from 10 to 20 and then to 20.",
                "from 10 to 10 and then to 20."
            ),
            ["number: 20 -> 10"]
        );
    }

    #[test]
    fn roman_numerals_and_decades_excuse_digits() {
        same(
            "The team set up camp 3 at dawn.",
            "The team set up camp III at dawn.",
        );
        same("(I) General rules", "1. General rules");
        same("See Part 1.", "See Part I.");
        same("After World War 1.", "After World War I.");
        same("Realism in the Eighties", "Realism in the 1980s");
        same("the 80s", "the eighties");
        // The pronoun, a non-canonical numeral and a word are not numerals.
        assert_eq!(
            pair("I have 1 apple.", "I have no apple."),
            ["number: 1 missing in ref"]
        );
        assert_eq!(pair("camp 4", "camp IIII"), ["number: 4 missing in ref"]);
        assert_eq!(pair("camp 6", "camp VIX"), ["number: 6 missing in ref"]);
        same("camp 38", "camp XXXVIII");
        // IV is also "intravenous".
        assert_eq!(
            pair("Give 4 mg IV.", "Give mg IV."),
            ["number: 4 missing in ref"]
        );
        assert_eq!(roman_value(b"Part XXXIX", 5..10), Some(39));
        assert_eq!(roman_value(b"Part XL", 5..7), None);
        assert_eq!(roman_value(b"XXXIX", 0..5), None);
    }

    #[test]
    fn dates_and_years() {
        same("On 3 May 2016.", "On May 3, 2016.");
        same("2016-05-03", "May 3, 2016");
        same("in the 1990s", "in 1990s");
        assert_eq!(pair("in 2015", "in 2016"), ["number: 2015 -> 2016"]);
        same("may 5", "5");
    }

    #[test]
    fn a_point_between_hour_and_minutes_with_am_or_pm_is_a_time() {
        same("Meet at 10.30pm.", "Meet at 10:30 pm.");
        same("at 9.15 a.m.", "at 9:15 am");
        assert_eq!(
            pair("Meet at 10.30pm.", "Meet at 10:30 am."),
            ["number: 10.30pm -> 10:30 am"]
        );
        // Without am/pm a point makes a decimal.
        assert_eq!(pair("rose 10.30", "rose 10:30"), ["number: 10.30 -> 10:30"]);
    }

    #[test]
    fn times_compare_as_clock_times() {
        same("at 3 p.m.", "at 15:00");
        same("at 3pm", "at 15:00");
        same("at 3:30 PM", "at 15:30");
        same("at 12 a.m.", "at 0:00");
        same("at 3 p.m.", "at 3 pm");
        same("at 15:00", "at 15");
        assert_eq!(
            pair("at 3 p.m.", "at 3:00 a.m."),
            ["number: 3 p.m. -> 3:00 a.m."]
        );
        assert_eq!(pair("at 15:30", "at 15"), ["number: 15:30 -> 15"]);
    }

    #[test]
    fn the_start_of_a_time_range_shares_its_ends_am_or_pm() {
        same("Open 3-5pm daily.", "Open 15:00-17:00 daily.");
        same("Open 3pm-5pm daily.", "Open 3-5pm daily.");
        same("From 2 to 3 p.m.", "From 14:00 to 15:00.");
        same("Open 11\u{2013}1pm.", "Open 11:00\u{2013}13:00.");
        same("Open 9:30 - 11 am.", "Open 9:30-11:00.");
        assert_eq!(
            pair("Open 3-5pm daily.", "Open 3am-5pm daily."),
            ["number: 3 -> 3am"]
        );
        assert_eq!(
            pair("Open 3-5pm daily.", "Open 13:00-17:00 daily."),
            ["number: 3 -> 13:00"]
        );
        // No range: pages, a score, an hour after the end.
        same("pages 3-5", "pages 3 to 5");
        assert_eq!(
            pair("Open 5-3pm.", "Open 17:00-15:00."),
            ["number: 5 -> 17:00"]
        );
    }

    #[test]
    fn a_range_of_years_may_shorten_its_end() {
        same("l'hiver 1956-1957", "l'hiver 1956/57");
        same("in 2019\u{2013}20", "in 2019-2020");
        same("season 1999/00", "season 1999-2000");
        assert_eq!(numbers("1956/57"), ["1956", "57"]);
        assert_eq!(pair("in 1956/57", "in 1956/58"), ["number: 57 -> 58"]);
        same("1956/56", "1956-2056");
        // Not a range of years: a short first number, three digits, a year
        // past 2999 or before 1000, another separator.
        assert_eq!(
            pair("pages 195-57", "pages 195-1957"),
            ["number: 57 -> 1957"]
        );
        assert_eq!(pair("1956/570", "1956/1570"), ["number: 570 -> 1570"]);
        assert_eq!(pair("ISO 9001-15", "ISO 9001-9015"), ["number: 15 -> 9015"]);
        assert_eq!(pair("in 0956-57", "in 0956-957"), ["number: 57 -> 957"]);
        assert_eq!(pair("in 1956 57", "in 1956 1957"), ["number: 57 -> 1957"]);
    }

    #[test]
    fn an_h_between_hour_and_minutes_is_a_time() {
        same("Départ à 15h30.", "Départ à 15:30.");
        same("à 15 h 30 précises", "à 15:30 précises");
        same("vers 15 h. 30 ,", "vers 15h30,");
        same("à 15\u{a0}h", "à 15:00");
        same("à 15h", "à 15 heures");
        assert_eq!(numbers("à 9h05, 24h/24"), ["9h05", "24h", "24"]);
        assert_eq!(pair("à 15h30", "à 16h30"), ["number: 15h30 -> 16h30"]);
        assert_eq!(pair("à 15h30", "à 15h"), ["number: 15h30 -> 15h"]);
        // Not a time: a word after the h, an hour past 24, minutes past 59.
        assert_eq!(
            numbers("5 hours, 5 hp, 48h, 9h75"),
            ["5", "5", "48", "9", "75"]
        );
        assert_eq!(numbers("1h30min"), ["1", "30"]);
        same("à 15\u{a0}h 30", "à 15:30");
        // A time with no equal may be a duration: its hour and minutes.
        same("Il a couru en 1h05.", "He ran it in 1 hour 5 minutes.");
        same("en 2 h 05 min, 3 fois", "in 2 hours 5 minutes, 3 times");
        same("en 1h05", "in one hour and five minutes");
        assert_eq!(
            pair("en 1h05", "in 1 hour 6 minutes"),
            ["number: 1h05 -> 1 / 6"]
        );
    }

    #[test]
    fn verses_scores_lists_and_versions_are_several_numbers() {
        assert_eq!(numbers("John 3:16 and Gen 1:1"), ["3:16", "1", "1"]);
        assert_eq!(numbers("won 3:1"), ["3", "1"]);
        assert_eq!(numbers("1,2,3"), ["1", "2", "3"]);
        assert_eq!(
            numbers("v1.2.3 at 192.168.0.1"),
            ["1", "2", "3", "192", "168", "0", "1"]
        );
        same("won 3:1", "won 3-1");
        same("Model 424.10. 37.20. 01.001", "Model 424.10.37.20.01.001");
        same("1,2,3", "1, 2, 3");
    }

    #[test]
    fn tokens_end_at_the_sentence_mark() {
        assert_eq!(numbers("In 2016. Then 5, and 7."), ["2016", "5", "7"]);
        assert_eq!(numbers("in 2016 300 came"), ["2016", "300"]);
        assert_eq!(numbers("pay 10 000 now"), ["10 000"]);
        assert_eq!(numbers("1.5 million"), ["1.5 million"]);
    }

    #[test]
    fn many_numbers_compare_in_linear_time() {
        let h: String = (0..5000).map(|i| format!("{i}, ")).collect();
        let r: String = (0..5000).rev().map(|i| format!("{i}, ")).collect();
        same(&h, &r);
        let r2 = r.replacen("4999", "5000", 1);
        assert_eq!(pair(&h, &r2), ["number: 4999 -> 5000"]);
    }

    #[test]
    fn long_digit_runs_do_not_panic() {
        let long = "9".repeat(500);
        same(&long, &long);
        let dotted = "1.".repeat(100);
        same(&dotted, &dotted);
    }

    #[test]
    fn candidates_are_digits_and_non_ascii_bytes() {
        let t = "abcdefghijklmnop 7 qrstuvwxyzabcdefé and 0";
        let b = t.as_bytes();
        let want: Vec<usize> = (0..b.len())
            .filter(|&i| b[i].is_ascii_digit() || b[i] >= 0x80)
            .collect();
        let mut got = Vec::new();
        let mut i = 0;
        while i < b.len() {
            i = next_candidate(b, i);
            if i < b.len() {
                got.push(i);
                i += 1;
            }
        }
        assert_eq!(got, want);
    }

    #[test]
    fn keys() {
        assert_eq!(decimal_key(&[0, 1], &[5, 0], 0), decimal_key(&[1], &[5], 0));
        assert_eq!(decimal_key(&[1], &[5], 6), int_key(1_500_000));
        assert_eq!(decimal_key(&[0], &[0, 5], 1), decimal_key(&[0], &[5], 0));
        assert_eq!(int_key(0), decimal_key(&[], &[], 0));
        assert_ne!(time_key(60), int_key(60));
    }

    #[test]
    fn spelled_words_and_months() {
        assert_eq!(word_value("seventeen"), Some(17));
        assert_eq!(word_value("ninety-nine"), Some(99));
        assert_eq!(word_value("twentieth"), Some(20));
        assert_eq!(word_value("million"), Some(1_000_000));
        assert_eq!(word_value("twenty-"), None);
        assert_eq!(month_value("Sept"), Some(9));
        assert_eq!(month_value("May"), Some(5));
        assert_eq!(month_value("may"), None);
        assert_eq!(month_value("Ma"), None);
    }
}
