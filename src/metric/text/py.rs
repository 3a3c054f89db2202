//! Python's rules for text, as sacrebleu and jiwer apply them: what
//! `str.isspace()` counts as whitespace, `str.split()`, `str.lower()`,
//! `str.rstrip()`, and jiwer's word splitting. Matching them exactly is what
//! makes every score equal to the reference tools'.

#[inline]
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Bytes that are ASCII whitespace for Python (`\t\n\v\f\r`, `\x1c`..`\x1f`, space).
#[inline]
pub fn is_py_space_ascii(b: u8) -> bool {
    // One bit test: every such byte is below 64.
    const MASK: u64 = (1 << b'\t')
        | (1 << b'\n')
        | (1 << 0x0b)
        | (1 << 0x0c)
        | (1 << b'\r')
        | (0xf << 0x1c)
        | (1 << b' ');
    b < 64 && (MASK >> b) & 1 != 0
}

/// Python `str.split()` without arguments.
pub fn py_split(s: &str) -> impl Iterator<Item = &str> {
    s.split(is_py_space).filter(|w| !w.is_empty())
}

/// Calls `f` for each token of Python `str.split()`, with an ASCII fast path.
#[inline]
pub fn for_each_py_word<'a>(s: &'a str, mut f: impl FnMut(&'a str)) {
    if s.is_ascii() {
        let b = s.as_bytes();
        // Eight bytes at a time: a whitespace bit mask per chunk, whose
        // edges are the starts and ends of words (no branch per byte).
        let mut start = 0;
        let mut prev_space = true;
        let mut i = 0;
        while i + 8 <= b.len() {
            let sp = space_bits(u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8])));
            let before = ((sp << 1) | prev_space as u32) & 0xff;
            let ends = sp & !before;
            let mut edges = (!sp & before & 0xff) | ends;
            while edges != 0 {
                let k = edges.trailing_zeros() as usize;
                if ends >> k & 1 != 0 {
                    f(&s[start..i + k]);
                } else {
                    start = i + k;
                }
                edges &= edges - 1;
            }
            prev_space = sp >> 7 != 0;
            i += 8;
        }
        for (k, &c) in b.iter().enumerate().skip(i) {
            let space = is_py_space_ascii(c);
            if space && !prev_space {
                f(&s[start..k]);
            } else if !space && prev_space {
                start = k;
            }
            prev_space = space;
        }
        if !prev_space {
            f(&s[start..]);
        }
    } else {
        for w in py_split(s) {
            f(w);
        }
    }
}

/// Bit k set when byte k of `x` (eight ASCII bytes) is Python whitespace:
/// `\t\n\v\f\r` (0x09..=0x0d), 0x1c..=0x1f or the space. With no byte above
/// 0x7f, adding 0x80 - c to every byte carries into its top bit exactly
/// when the byte is at least c, and never into the next byte.
#[inline]
fn space_bits(x: u64) -> u32 {
    let m = space_tops(x);
    // Gather the eight top bits into one byte.
    ((m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

const ONES: u64 = 0x0101_0101_0101_0101;

/// The top bit of each whitespace byte of `x` (see [`space_bits`]).
#[inline]
fn space_tops(x: u64) -> u64 {
    const TOP: u64 = ONES * 0x80;
    let at_least = |c: u64| x.wrapping_add(ONES * (0x80 - c)) & TOP;
    let below_21 = !at_least(0x21) & TOP;
    if below_21 == 0 {
        return 0;
    }
    below_21 & ((at_least(0x09) & !at_least(0x0e)) | at_least(0x1c))
}

/// Number of Python whitespace bytes in ASCII `b`, eight bytes at a time.
pub(crate) fn count_py_space_ascii(b: &[u8]) -> usize {
    let mut chunks = b.chunks_exact(8);
    let mut n = 0;
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        // One bit per byte, summed into the top byte by the multiplication.
        n += ((space_tops(x) >> 7).wrapping_mul(ONES) >> 56) as usize;
    }
    n + chunks
        .remainder()
        .iter()
        .filter(|&&c| is_py_space_ascii(c))
        .count()
}

/// Python `str.rstrip()` without arguments.
pub fn py_rstrip(s: &str) -> &str {
    s.trim_end_matches(is_py_space)
}

/// Python `str.lower()`: full Unicode lowercasing (`İ` becomes `i̇`, final
/// sigma handled), which Rust's `to_lowercase` also implements.
pub fn py_lower_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
    } else {
        out.push_str(&s.to_lowercase());
    }
}

/// Words as jiwer's `wer_default` transform produces them: runs of two or
/// more whitespace characters become one space, the ends are stripped, and
/// the result is split on a literal space. A lone TAB/NBSP between two words
/// therefore does not separate them.
pub fn jiwer_words<'a>(s: &'a str, out: &mut Vec<&'a str>) {
    out.clear();
    // Work on char boundaries: find runs of whitespace and decide whether each
    // run is a delimiter (len >= 2 or a plain space) or part of a word.
    let trimmed = s.trim_matches(is_py_space);
    // After collapsing, a run of >= 2 becomes ' ' and is stripped at the ends;
    // a single whitespace at the ends is stripped too, so trimming all
    // whitespace at both ends first is equivalent.
    let mut word_start: Option<usize> = None;
    let mut it = trimmed.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_py_space(c) {
            let next_ws = it.peek().is_some_and(|&(_, n)| is_py_space(n));
            if c == ' ' || next_ws {
                // Delimiter run: consume it entirely.
                if let Some(st) = word_start.take() {
                    out.push(&trimmed[st..i]);
                }
                while it.peek().is_some_and(|&(_, n)| is_py_space(n)) {
                    it.next();
                }
                continue;
            }
            // A lone non-space whitespace char stays inside the word.
            if word_start.is_none() {
                word_start = Some(i);
            }
        } else if word_start.is_none() {
            word_start = Some(i);
        }
    }
    if let Some(st) = word_start {
        out.push(&trimmed[st..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metric::text::test_rng;
    #[test]
    fn python_whitespace() {
        let s = "a\u{1f}b\u{85}c\u{a0}d\u{3000}e\u{200b}f\u{feff}g";
        let w: Vec<&str> = py_split(s).collect();
        assert_eq!(w, ["a", "b", "c", "d", "e\u{200b}f\u{feff}g"]);
        let mut v = Vec::new();
        for_each_py_word("  a\x1cb \t c  ", |x| v.push(x));
        assert_eq!(v, ["a", "b", "c"]);
        assert_eq!(py_rstrip("ab \u{1f}\n"), "ab");
    }
    #[test]
    fn space_bits_marks_exactly_the_whitespace_bytes() {
        let mut next = test_rng(0x5151_7c7c_d00d_f00d);
        for _ in 0..20_000 {
            let bytes: [u8; 8] = std::array::from_fn(|_| {
                // Mostly the interesting low range, sometimes anything ASCII.
                if next(2) == 0 {
                    next(0x24) as u8
                } else {
                    next(0x80) as u8
                }
            });
            let want = (0..8).fold(0u32, |m, k| m | ((is_py_space_ascii(bytes[k]) as u32) << k));
            assert_eq!(space_bits(u64::from_le_bytes(bytes)), want, "{bytes:?}");
        }
    }
    #[test]
    fn word_split_equals_python_split_on_ascii() {
        let mut next = test_rng(0xfeed_beef_0123_4567);
        let alphabet = b"ab.,- \t\n\x0b\x0c\r\x1c\x1f\x01\x7f";
        for _ in 0..5000 {
            let len = next(40);
            let s: String = (0..len)
                .map(|_| alphabet[next(alphabet.len())] as char)
                .collect();
            let mut got = Vec::new();
            for_each_py_word(&s, |w| got.push(w));
            let want: Vec<&str> = py_split(&s).collect();
            assert_eq!(got, want, "{s:?}");
        }
    }
    #[test]
    fn ascii_space_test_agrees_with_char_test() {
        for b in 0..=255u8 {
            assert_eq!(
                is_py_space_ascii(b),
                b < 128 && is_py_space(b as char),
                "{b:#x}"
            );
        }
    }
    #[test]
    fn lowercase_like_python() {
        let mut s = String::new();
        py_lower_into("İstanbul DİREKT", &mut s);
        assert_eq!(s, "i\u{307}stanbul di\u{307}rekt");
        py_lower_into("ΟΔΟΣ", &mut s);
        assert_eq!(s, "οδος");
    }
    #[test]
    fn whitespace_count_equals_counting_byte_by_byte() {
        let mut next = test_rng(0xc0_47a5);
        for _ in 0..2000 {
            let b: Vec<u8> = (0..next(40)).map(|_| next(128) as u8).collect();
            let want = b.iter().filter(|&&c| is_py_space_ascii(c)).count();
            assert_eq!(count_py_space_ascii(&b), want, "{b:?}");
        }
        assert_eq!(
            count_py_space_ascii(b" \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f!x"),
            10
        );
    }
    #[test]
    fn jiwer_splitting() {
        let mut v = Vec::new();
        jiwer_words("a\tb c", &mut v);
        assert_eq!(v, ["a\tb", "c"]);
        jiwer_words("a\t\tb  c ", &mut v);
        assert_eq!(v, ["a", "b", "c"]);
        jiwer_words("\ta b\u{85}", &mut v);
        assert_eq!(v, ["a", "b"]);
        jiwer_words(" \u{a0} ", &mut v);
        assert!(v.is_empty());
        jiwer_words("", &mut v);
        assert!(v.is_empty());
    }
}
