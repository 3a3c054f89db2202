//! The one byte pass per side that every pair goes through.
//!
//! It settles the cheap checks on the spot (double spaces, a space before a
//! mark, a word repeated in a row, the character count) and, for the rest,
//! only records whether a byte that can start their pattern occurs at all,
//! so that typical prose never reaches the parsers. ASCII bytes cost one
//! table look-up and a branch; a non-ASCII character is decoded once.

use super::script::is_foreign_letter;
use super::words::{is_allowed_repeat, space_before_counts};

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
pub(crate) const SPACING: u16 = DOUBLE_SPACE | SPACE_BEFORE;

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
    let marks = b",.;:!?";
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

/// Digits other than ASCII that the number check reads.
pub(crate) fn is_other_digit(c: char) -> bool {
    matches!(c, '０'..='９' | '٠'..='٩' | '۰'..='۹' | '०'..='९')
}

/// Word state shared with [`super::words::for_each_repeat`], which must
/// find exactly the repeats this pass flags.
pub(crate) struct WordRun {
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
    /// the previous and the ended word when the ended word repeats it.
    #[inline]
    pub(crate) fn other(
        &mut self,
        text: &str,
        i: usize,
        space: bool,
    ) -> Option<((usize, usize), (usize, usize))> {
        let r = if self.in_word {
            self.end(text, i)
        } else {
            None
        };
        if !space {
            self.clean = false;
        }
        r
    }

    /// Ends the word running up to `i`.
    #[inline]
    pub(crate) fn end(&mut self, text: &str, i: usize) -> Option<((usize, usize), (usize, usize))> {
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
        hit.then_some((prev, cur))
    }

    pub(crate) fn in_word(&self) -> bool {
        self.in_word
    }
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

/// Decodes the character at byte `i` of `text` (a char boundary).
#[inline]
pub(crate) fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or('\0')
}

/// Classifies `text` for the checks (see the module docs).
pub(crate) fn scan(text: &str) -> Profile {
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
            if words.other(text, i, space).is_some() {
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
            if ch.is_alphanumeric() || is_combining(ch) {
                if is_other_digit(ch) {
                    flags |= DIGIT;
                } else if is_foreign_letter(ch) {
                    flags |= FOREIGN;
                }
                words.word_byte(i);
                prev_space = false;
            } else {
                let space = ch.is_whitespace();
                if words.other(text, i, space).is_some() {
                    flags |= REPEAT;
                }
                if space {
                    if prev_space {
                        flags |= DOUBLE_SPACE;
                    }
                } else if is_bracket_or_quote(ch) {
                    flags |= BRACKET;
                }
                prev_space = space;
            }
            i += ch.len_utf8().max(1);
        }
    }
    if words.in_word() && words.end(text, n).is_some() {
        flags |= REPEAT;
    }
    Profile { flags, chars }
}

/// Combining diacritics continue a word (decomposed accents).
#[inline]
pub(crate) fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn spacing_flags() {
        assert_ne!(flags("a  b") & DOUBLE_SPACE, 0);
        assert_ne!(flags("a \u{a0}b") & DOUBLE_SPACE, 0);
        assert_eq!(flags("a\n\nb") & DOUBLE_SPACE, 0);
        assert_ne!(flags("a , b") & SPACE_BEFORE, 0);
        assert_ne!(flags("Really ?") & SPACE_BEFORE, 0);
        assert_eq!(flags("wait ... then") & SPACE_BEFORE, 0);
        assert_eq!(flags("use .NET and :)") & SPACE_BEFORE, 0);
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
