//! Text helpers shared by the metrics: Python's notion of whitespace, word
//! splitting and lowercasing, jiwer's word splitting, and interning of words
//! into dense integer ids (so n-grams and edit distances work on integers).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Python `str.isspace()`: Rust's `White_Space` plus U+001C..U+001F, which
/// Python counts as separators and `char::is_whitespace` does not.
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

/// FxHash (rustc's hasher): fast, non-cryptographic, fine for interning.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// One FxHash step: mixes the word `w` into `h`.
#[inline]
fn fx_add(h: u64, w: u64) -> u64 {
    (h.rotate_left(5) ^ w).wrapping_mul(FX_SEED)
}

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.hash = fx_add(self.hash, w);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

thread_local! {
    /// Slot tables handed to [`Interner`]s and taken back on drop, so
    /// interning allocates nothing per pair, each with the stamp its next
    /// user starts above.
    static SLOT_POOL: std::cell::RefCell<Vec<(Vec<Slot>, u32)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// FxHash of a word and its head (first eight bytes, zero-padded); the
/// tail is gathered byte by byte rather than copied, which avoids a
/// `memcpy` call per word.
#[inline]
fn hash_bytes(b: &[u8]) -> (u64, u64) {
    let mut h = (b.len() as u64).wrapping_mul(FX_SEED);
    let mut head = None;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        head.get_or_insert(v);
        h = fx_add(h, v);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut v = 0u64;
        for (i, &x) in rest.iter().enumerate() {
            v |= (x as u64) << (8 * i);
        }
        head.get_or_insert(v);
        h = fx_add(h, v);
    }
    (h, head.unwrap_or(0))
}

/// `hash_bytes(&text[start..end])`, with the head of a word of up to eight
/// bytes read in one load when the text has eight bytes from `start`.
#[inline]
pub(crate) fn hash_in(text: &[u8], start: usize, end: usize) -> (u64, u64) {
    let len = end - start;
    if (1..=8).contains(&len) && start + 8 <= text.len() {
        let v = u64::from_le_bytes(text[start..start + 8].try_into().unwrap_or([0; 8]));
        let head = if len == 8 {
            v
        } else {
            v & ((1u64 << (8 * len)) - 1)
        };
        let h = (len as u64).wrapping_mul(FX_SEED);
        return (fx_add(h, head), head);
    }
    hash_bytes(&text[start..end])
}

/// Lengths of the common prefix of `a` and `b`, and of the common suffix
/// of what remains after it (the two never overlap).
pub(crate) fn common_ends<T: PartialEq>(a: &[T], b: &[T]) -> (usize, usize) {
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    (pre, common_suffix_len(&a[pre..], &b[pre..]))
}

/// Length of the common suffix of `a` and `b`.
pub(crate) fn common_suffix_len<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// [`common_ends`] of two byte strings, eight bytes at a time.
pub(crate) fn common_byte_ends(a: &[u8], b: &[u8]) -> (usize, usize) {
    let pre = common_prefix(a, b);
    (pre, common_suffix(&a[pre..], &b[pre..]))
}

/// Length of the common prefix of two byte strings, eight bytes at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let x = u64::from_le_bytes(a[i..i + 8].try_into().unwrap_or([0; 8]))
            ^ u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
        if x != 0 {
            return i + x.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    i + common_ends(&a[i..n], &b[i..n]).0
}

/// Length of the common suffix of two byte strings, eight bytes at a time.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (ea, eb) = (a.len(), b.len());
    let mut i = 0;
    while i + 8 <= n {
        let x = u64::from_le_bytes(a[ea - i - 8..ea - i].try_into().unwrap_or([0; 8]))
            ^ u64::from_le_bytes(b[eb - i - 8..eb - i].try_into().unwrap_or([0; 8]));
        if x != 0 {
            return i + x.leading_zeros() as usize / 8;
        }
        i += 8;
    }
    i + common_suffix_len(&a[..ea - i], &b[..eb - i])
}

/// Maps strings to dense ids starting at `first` (open addressing with
/// linear probing).
pub struct Interner<'a> {
    words: Vec<&'a str>,
    slots: Vec<Slot>,
    shift: u32,
    first: u32,
    /// Slots whose stamp is at most this are empty: they belong to an
    /// earlier user of the pooled table, which then needs no clearing.
    base: u32,
}

/// One hash slot: the word's head (see `hash_bytes`), and its length and
/// stamp, `base` + index + 1 into `words` (see [`Interner::base`]). Equal
/// heads and lengths decide equality for words of up to eight bytes from
/// the slot alone.
#[derive(Clone, Copy, Default)]
struct Slot {
    head: u64,
    len: u32,
    index: u32,
}

impl<'a> Interner<'a> {
    pub fn new(first: u32, capacity: usize) -> Self {
        let size = (capacity.max(8) * 2).next_power_of_two();
        let (mut slots, mut base) = SLOT_POOL.with(|p| {
            let mut p = p.borrow_mut();
            match p.iter().position(|(t, _)| t.len() == size) {
                Some(k) => p.swap_remove(k),
                None => p.pop().unwrap_or_default(),
            }
        });
        // Clearing is needed only for a table of another size, or once the
        // stamps have used half their range (a pooled table's user adds at
        // most 2^15 of them, so they never wrap).
        if slots.len() != size || base > u32::MAX / 2 {
            slots.clear();
            slots.resize(size, Slot::default());
            base = 0;
        }
        Interner {
            words: Vec::with_capacity(capacity),
            slots,
            shift: 64 - size.trailing_zeros(),
            first,
            base,
        }
    }

    #[inline]
    pub fn id(&mut self, w: &'a str) -> u32 {
        let (hash, head) = hash_bytes(w.as_bytes());
        self.id_hashed(w, hash, head)
    }

    /// [`Interner::id`] with `(hash, head)` of `w` from [`hash_in`].
    #[inline]
    pub(crate) fn id_hashed(&mut self, w: &'a str, hash: u64, head: u64) -> u32 {
        if (self.words.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = (hash >> self.shift) as usize;
        // Lengths over 4 GiB wrap here, but such words are longer than
        // eight bytes and their tails are compared in full.
        let len = w.len() as u32;
        loop {
            let s = self.slots[i];
            if s.index <= self.base {
                self.words.push(w);
                let k = self.words.len() as u32;
                let index = self.base + k;
                self.slots[i] = Slot { head, len, index };
                return self.first + k - 1;
            }
            let k = s.index - self.base;
            if s.head == head
                && s.len == len
                && (w.len() <= 8 || self.words[k as usize - 1].as_bytes()[8..] == w.as_bytes()[8..])
            {
                return self.first + k - 1;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        self.slots.clear();
        self.slots.resize(size, Slot::default());
        // The table is clean now, so stamps restart (and cannot overflow).
        self.base = 0;
        self.shift = 64 - size.trailing_zeros();
        let mask = size - 1;
        for (k, w) in self.words.iter().enumerate() {
            let (hash, head) = hash_bytes(w.as_bytes());
            let mut i = (hash >> self.shift) as usize;
            while self.slots[i].index > self.base {
                i = (i + 1) & mask;
            }
            let (len, index) = (w.len() as u32, self.base + k as u32 + 1);
            self.slots[i] = Slot { head, len, index };
        }
    }

    /// One past the largest id handed out.
    pub fn end(&self) -> u32 {
        self.first + self.words.len() as u32
    }
}

impl Drop for Interner<'_> {
    fn drop(&mut self) {
        let slots = std::mem::take(&mut self.slots);
        let next = self.base + self.words.len() as u32;
        SLOT_POOL.with(|p| {
            let mut p = p.borrow_mut();
            // A giant pair's table is not kept: the pool would hold it for
            // the thread's life.
            if p.len() < 8 && slots.len() <= 1 << 16 {
                p.push((slots, next));
            }
        });
    }
}

/// Deterministic xorshift numbers for the generated-input unit tests.
#[cfg(test)]
pub(crate) fn test_rng(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |k: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % k as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn interner_assigns_dense_ids() {
        let text: Vec<String> = (0..1000).map(|i| format!("w{}", i % 300)).collect();
        let mut a = Interner::new(5, 4);
        let ids: Vec<u32> = text.iter().map(|w| a.id(w)).collect();
        assert_eq!(a.end(), 305);
        for (w, id) in text.iter().zip(&ids) {
            let n: u32 = w[1..].parse().unwrap();
            assert_eq!(*id, 5 + n, "{w}");
        }
        // A second interner alive at the same time gets its own table.
        let mut b = Interner::new(0, 4);
        assert_eq!(b.id("x"), 0);
        assert_eq!(b.id("y"), 1);
        assert_eq!(b.id("x"), 0);
        assert_eq!(a.id("w7"), 12);
    }

    #[test]
    fn pooled_tables_forget_their_earlier_users() {
        // Each interner of the same size reuses the table the last one left
        // uncleared: its words must be unknown there, and its ids dense.
        let mut next = test_rng(0x5107_57a3);
        let mut stamps = Vec::new();
        for round in 0..200 {
            let words: Vec<String> = (0..next(60)).map(|_| format!("w{}", next(50))).collect();
            let mut a = Interner::new(1, 40);
            let mut seen: Vec<&str> = Vec::new();
            for w in &words {
                let want = match seen.iter().position(|s| s == w) {
                    Some(k) => k as u32 + 1,
                    None => {
                        seen.push(w);
                        seen.len() as u32
                    }
                };
                assert_eq!(a.id(w), want, "round {round}: {w}");
            }
            assert_eq!(a.end(), seen.len() as u32 + 1);
            stamps.push(a.base);
        }
        assert!(
            stamps.windows(2).any(|s| s[1] > s[0]),
            "the table was never reused"
        );
        // Stamps past half their range: the next user clears and restarts.
        SLOT_POOL.with(|p| {
            for (_, base) in p.borrow_mut().iter_mut() {
                *base = u32::MAX / 2 + 1;
            }
        });
        let mut b = Interner::new(1, 40);
        assert_eq!(b.base, 0);
        assert_eq!((b.id("x"), b.id("y"), b.id("x")), (1, 2, 1));
    }

    #[test]
    fn common_prefix_and_suffix_lengths() {
        let s = b"the quick brown fox jumps";
        for (a, b) in [
            (&s[..], &s[..]),
            (&s[..10], &s[..]),
            (&b"xthe"[..], &b"the"[..]),
        ] {
            // The element-at-a-time versions are the oracle.
            assert_eq!(common_prefix(a, b), common_ends(a, b).0);
            assert_eq!(common_suffix(a, b), common_suffix_len(a, b));
            assert_eq!(common_byte_ends(a, b), common_ends(a, b));
        }
        assert_eq!(common_prefix(b"abcdefghijk", b"abcdefghiXk"), 9);
        assert_eq!(common_suffix(b"kXihgfedcba", b"kjihgfedcba"), 9);
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
    fn hash_in_text_equals_hash_of_the_word() {
        let text = b"a bb ccc dddd eeeee ffffff ggggggg hhhhhhhh iiiiiiiii j";
        for start in 0..text.len() {
            for end in start..=text.len() {
                assert_eq!(hash_in(text, start, end), hash_bytes(&text[start..end]));
            }
        }
    }

    #[test]
    fn interner_tells_words_with_equal_heads_apart() {
        let words = [
            "abcdefgh1",
            "abcdefgh2",
            "abcdefgh",
            "abcdefg",
            "abcdefgh12",
            "a",
        ];
        let mut a = Interner::new(0, 2);
        let ids: Vec<u32> = words.iter().map(|w| a.id(w)).collect();
        assert_eq!(ids, [0, 1, 2, 3, 4, 5]);
        let again: Vec<u32> = words.iter().rev().map(|w| a.id(w)).collect();
        assert_eq!(again, [5, 4, 3, 2, 1, 0]);
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
