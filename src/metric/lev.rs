//! Unit-cost Levenshtein distance with the bit-parallel algorithm of Myers
//! (1999) in Hyyrö's formulation; patterns longer than 64 symbols use
//! Hyyrö's block variant (one 64-bit word per block, carries passed upward).
//! Sequences are dense integer ids, so one routine serves characters (code
//! points) and words.

use std::cell::RefCell;

use super::text::{FxMap, Interner, common_byte_ends, common_ends, for_each_py_word};

/// Id sequences of both sides and the id map of non-ASCII code points.
type CharBuffers = (Vec<u32>, Vec<u32>, FxMap<char, u32>);

thread_local! {
    static PEQ: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
    /// Pattern symbol -> match-vector row of the block variant (0 = none).
    static ROWS: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
    static CHARS: RefCell<CharBuffers> = RefCell::new(Default::default());
}

/// A sequence element usable as an index into the match-vector table.
pub trait Sym: Copy + PartialEq {
    fn idx(self) -> usize;
}
impl Sym for u8 {
    #[inline]
    fn idx(self) -> usize {
        self as usize
    }
}
impl Sym for u32 {
    #[inline]
    fn idx(self) -> usize {
        self as usize
    }
}

/// The bit vectors of the single-block Myers step for patterns of up to
/// 64 (`u64`) or 128 symbols (`u128`, two Peq words per id in a TER
/// table): one wide integer keeps the carries between the halves in the
/// hardware.
pub(crate) trait Lanes:
    Copy
    + PartialEq
    + std::ops::BitAnd<Output = Self>
    + std::ops::BitOr<Output = Self>
    + std::ops::BitXor<Output = Self>
    + std::ops::Not<Output = Self>
    + std::ops::Shl<u32, Output = Self>
{
    const ZERO: Self;
    const ONE: Self;
    fn wrapping_add(self, o: Self) -> Self;
    /// The Peq bits of word id `c`.
    fn peq(peq: &[u64], c: usize) -> Self;
    fn wide(self) -> u128;
    fn narrow(x: u128) -> Self;
}

macro_rules! impl_lanes {
    ($t:ty, |$peq:ident, $c:ident| $load:expr) => {
        impl Lanes for $t {
            const ZERO: Self = 0;
            const ONE: Self = 1;
            #[inline]
            fn wrapping_add(self, o: Self) -> Self {
                <$t>::wrapping_add(self, o)
            }
            #[inline]
            fn peq($peq: &[u64], $c: usize) -> Self {
                $load
            }
            #[inline]
            fn wide(self) -> u128 {
                self as u128
            }
            #[inline]
            fn narrow(x: u128) -> Self {
                x as $t
            }
        }
    };
}

impl_lanes!(u64, |peq, c| peq[c]);
impl_lanes!(u128, |peq, c| peq[2 * c] as u128
    | (peq[2 * c + 1] as u128) << 64);

/// One step of Myers' algorithm on a pattern held in one `W`: the new
/// vertical differences and the change (-1, 0 or 1) of the last row, whose
/// bit is `last`; `eq` has the bits of the pattern positions equal to the
/// text symbol.
#[inline]
pub(crate) fn myers_step<W: Lanes>(vp: W, vn: W, eq: W, last: W) -> (W, W, i32) {
    let x = eq | vn;
    let d0 = (vp.wrapping_add(x & vp) ^ vp) | x;
    let hp = vn | !(d0 | vp);
    let hn = vp & d0;
    let change = ((hp & last) != W::ZERO) as i32 - ((hn & last) != W::ZERO) as i32;
    let hp = (hp << 1) | W::ONE;
    let hn = hn << 1;
    (hn | !(d0 | hp), hp & d0, change)
}

/// One 64-row block of Myers' step with the horizontal difference entering
/// from the block below (`hin_pos` / `hin_neg`: +1, 0 or -1 as two 0/1
/// bits): the block's vertical differences `vp` / `vn` advance by one text
/// symbol whose match bits are `eq`. Returns the block's horizontal
/// differences before the shift: bit k of the first (second) is set when
/// row k's new cell is one more (less) than its old one, so bit 63 is the
/// carry into the next block.
#[inline]
pub(crate) fn block_step(
    vp: &mut u64,
    vn: &mut u64,
    eq: u64,
    hin_pos: u64,
    hin_neg: u64,
) -> (u64, u64) {
    let (pv, mv) = (*vp, *vn);
    let xv = eq | mv;
    let eqh = eq | hin_neg;
    let xh = ((eqh & pv).wrapping_add(pv) ^ pv) | eqh;
    let (ph, mh) = (mv | !(xh | pv), pv & xh);
    let (phs, mhs) = ((ph << 1) | hin_pos, (mh << 1) | hin_neg);
    *vp = mhs | !(xv | phs);
    *vn = phs & xv;
    (ph, mh)
}

/// Myers' step over all blocks of a pattern longer than 64 symbols (the
/// top row grows by one per symbol); returns the change (-1, 0 or 1) of the
/// last row, bit `last_shift` of the last block.
#[inline]
pub(crate) fn blocks_step(vp: &mut [u64], vn: &mut [u64], eqs: &[u64], last_shift: u32) -> i64 {
    let (mut hin_pos, mut hin_neg) = (1u64, 0u64);
    let (mut ph, mut mh) = (0u64, 0u64);
    for ((pv, mv), &e) in vp.iter_mut().zip(vn.iter_mut()).zip(eqs) {
        (ph, mh) = block_step(pv, mv, e, hin_pos, hin_neg);
        // ph and mh never share a bit, so the carry out is branch-free.
        (hin_pos, hin_neg) = (ph >> 63, mh >> 63);
    }
    ((ph >> last_shift) & 1) as i64 - ((mh >> last_shift) & 1) as i64
}

/// Most cells an edit distance is worked out over: the product of the two
/// sides' lengths once their common start and end are dropped. 2^30 is two
/// 32,768-character sides with nothing in common at the ends; past it the
/// "sentences" are files without sentence marks, where the quadratic
/// distance would stall a batch. Such a pair gets no distance (empty cells)
/// instead. Timings on both sides of the limit: BENCHMARKS.md.
pub const MAX_DISTANCE_CELLS: u64 = 1 << 30;

/// Levenshtein distance between two id sequences, every id `< alphabet`.
pub fn distance_ids<T: Sym>(a: &[T], b: &[T], alphabet: usize) -> usize {
    let (p, t) = middles(a, b);
    middle_distance(p, t, alphabet)
}

/// [`distance_ids`], or `None` when it spans more than `max_cells` cells.
pub fn distance_ids_within<T: Sym>(
    a: &[T],
    b: &[T],
    alphabet: usize,
    max_cells: u64,
) -> Option<usize> {
    let (p, t) = middles(a, b);
    within(p, t, max_cells).then(|| middle_distance(p, t, alphabet))
}

/// The parts of `a` and `b` between their common prefix and suffix, which
/// never change the distance, shorter one first.
fn middles<'s, T: PartialEq>(a: &'s [T], b: &'s [T]) -> (&'s [T], &'s [T]) {
    let (pre, suf) = common_ends(a, b);
    cut_ends(a, b, pre, suf)
}

/// `a` and `b` without their first `pre` and last `suf` elements, the
/// shorter one first.
fn cut_ends<'s, T>(a: &'s [T], b: &'s [T], pre: usize, suf: usize) -> (&'s [T], &'s [T]) {
    let (a, b) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    if a.len() <= b.len() { (a, b) } else { (b, a) }
}

fn within<T>(p: &[T], t: &[T], max_cells: u64) -> bool {
    (p.len() as u64).saturating_mul(t.len() as u64) <= max_cells
}

/// Distance of two middles, `p` no longer than `t`.
fn middle_distance<T: Sym>(p: &[T], t: &[T], alphabet: usize) -> usize {
    if p.is_empty() {
        return t.len();
    }
    PEQ.with(|cell| {
        let mut peq = cell.borrow_mut();
        if p.len() <= 64 {
            if peq.len() < alphabet {
                peq.resize(alphabet, 0);
            }
            let d = myers64(p, t, &mut peq);
            for &c in p {
                peq[c.idx()] = 0;
            }
            d
        } else {
            ROWS.with(|rows| myers_blocks(p, t, alphabet, &mut peq, &mut rows.borrow_mut()))
        }
    })
}

fn myers64<T: Sym>(p: &[T], t: &[T], peq: &mut [u64]) -> usize {
    for (i, &c) in p.iter().enumerate() {
        peq[c.idx()] |= 1u64 << i;
    }
    let last = 1u64 << (p.len() - 1);
    let (mut vp, mut vn, mut score) = (!0u64, 0u64, p.len() as i64);
    for &c in t {
        let change;
        (vp, vn, change) = myers_step(vp, vn, peq[c.idx()], last);
        score += change as i64;
    }
    score as usize
}

/// Myers' block variant. The match vectors get one row of `blocks` words
/// per distinct pattern symbol (row 0, all zero, for text symbols the
/// pattern lacks) rather than one per id of the alphabet, which for words
/// counts every distinct word of both texts: rows × blocks stays below the
/// pattern's length squared / 64, whatever the texts around the middles.
fn myers_blocks<T: Sym>(
    p: &[T],
    t: &[T],
    alphabet: usize,
    peq: &mut Vec<u64>,
    rows: &mut Vec<u32>,
) -> usize {
    let blocks = p.len().div_ceil(64);
    if rows.len() < alphabet {
        rows.resize(alphabet, 0);
    }
    let mut distinct = 0u32;
    for &c in p {
        if rows[c.idx()] == 0 {
            distinct += 1;
            rows[c.idx()] = distinct;
        }
    }
    peq.clear();
    peq.resize((distinct as usize + 1) * blocks, 0);
    for (i, &c) in p.iter().enumerate() {
        peq[rows[c.idx()] as usize * blocks + i / 64] |= 1u64 << (i % 64);
    }
    let mut vp = vec![!0u64; blocks];
    let mut vn = vec![0u64; blocks];
    let last_shift = ((p.len() - 1) % 64) as u32;
    let mut score = p.len() as i64;
    for &c in t {
        let row = rows.get(c.idx()).map_or(0, |&r| r as usize) * blocks;
        score += blocks_step(&mut vp, &mut vn, &peq[row..row + blocks], last_shift);
    }
    for &c in p {
        rows[c.idx()] = 0;
    }
    // The single-block path expects an all-zero table; a giant one is not
    // kept for the thread's next pair.
    if peq.capacity() > 1 << 20 {
        *peq = Vec::new();
    } else {
        peq.clear();
    }
    score as usize
}

/// Levenshtein distance over Unicode code points (rapidfuzz `Levenshtein.distance`).
/// Takes time in the product of the lengths left once the common start and
/// end are dropped; see [`char_distance_within`].
pub fn char_distance(a: &str, b: &str) -> usize {
    char_distance_within(a, b, u64::MAX).expect("no product of two lengths exceeds u64::MAX")
}

/// [`char_distance`], or `None` when it spans more than `max_cells` cells
/// (see [`MAX_DISTANCE_CELLS`]).
pub fn char_distance_within(a: &str, b: &str, max_cells: u64) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() {
        return byte_distance(a.as_bytes(), b.as_bytes(), max_cells);
    }
    CHARS.with(|cell| {
        let (ref mut x, ref mut y, ref mut map) = *cell.borrow_mut();
        x.clear();
        y.clear();
        map.clear();
        // ASCII keeps its own value as id; other code points get ids from 128.
        let mut next = 128u32;
        let mut id = |c: char| -> u32 {
            if c.is_ascii() {
                c as u32
            } else {
                *map.entry(c).or_insert_with(|| {
                    next += 1;
                    next - 1
                })
            }
        };
        x.extend(a.chars().map(&mut id));
        y.extend(b.chars().map(&mut id));
        distance_ids_within(x, y, next as usize, max_cells)
    })
}

/// ASCII-only fast path of [`char_distance_within`].
fn byte_distance(a: &[u8], b: &[u8], max_cells: u64) -> Option<usize> {
    // The common ends eight bytes at a time (`middles` goes byte by byte).
    let (pre, suf) = common_byte_ends(a, b);
    let (p, t) = cut_ends(a, b, pre, suf);
    if !within(p, t, max_cells) {
        return None;
    }
    Some(match p.len() {
        0 => t.len(),
        1..=64 => ascii_myers::<u64>(p, t),
        65..=128 => ascii_myers::<u128>(p, t),
        _ => middle_distance(p, t, 128),
    })
}

/// Myers' distance of ASCII `t` to a pattern `p` that fits in one `W`.
fn ascii_myers<W: Lanes>(p: &[u8], t: &[u8]) -> usize {
    let mut peq = [W::ZERO; 128];
    for (i, &c) in p.iter().enumerate() {
        peq[c as usize & 127] = peq[c as usize & 127] | W::ONE << i as u32;
    }
    let last = W::ONE << (p.len() - 1) as u32;
    let (mut vp, mut vn, mut score) = (!W::ZERO, W::ZERO, p.len() as i64);
    for &c in t {
        let change;
        (vp, vn, change) = myers_step(vp, vn, peq[c as usize & 127], last);
        score += change as i64;
    }
    score as usize
}

/// Levenshtein distance over Python `str.split()` tokens.
pub fn word_distance(a: &str, b: &str) -> usize {
    word_distance_within(a, b, u64::MAX).unwrap_or(usize::MAX)
}

/// [`word_distance`], or `None` when its differing middles span more than
/// `max_cells` cells.
pub fn word_distance_within(a: &str, b: &str, max_cells: u64) -> Option<usize> {
    let mut interner = Interner::new(0, 64);
    let mut x = Vec::with_capacity(32);
    let mut y = Vec::with_capacity(32);
    for_each_py_word(a, |w| x.push(interner.id(w)));
    for_each_py_word(b, |w| y.push(interner.id(w)));
    distance_ids_within(&x, &y, interner.end() as usize, max_cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small deterministic generator so the test needs no extra crate.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    fn random_string(rng: &mut Rng, len: usize, alphabet: &[char]) -> String {
        (0..len)
            .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize])
            .collect()
    }

    #[test]
    fn matches_strsim_on_random_strings() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let ascii: Vec<char> = "abcd ef".chars().collect();
        let uni: Vec<char> = "aé漢😀b\u{301}".chars().collect();
        for round in 0..3000 {
            let alpha = if round % 2 == 0 { &ascii } else { &uni };
            // Lengths cross the 64-symbol single-word limit and several blocks.
            let max = [10, 70, 200][round % 3];
            let la = rng.below(max as u64) as usize;
            let lb = rng.below(max as u64) as usize;
            let a = random_string(&mut rng, la, alpha);
            let mut b = random_string(&mut rng, lb, alpha);
            if round % 5 == 0 {
                // Similar strings exercise the prefix/suffix trimming.
                b = a.clone();
                b.insert(0, 'x');
            } else if round % 5 == 1 && !a.is_empty() {
                // One edit inside: long common starts and ends on both sides.
                let cut = a
                    .char_indices()
                    .nth(rng.below(la as u64) as usize)
                    .map_or(0, |c| c.0);
                b = format!("{}x{}", &a[..cut], &a[cut..]);
            }
            let ac: Vec<char> = a.chars().collect();
            let bc: Vec<char> = b.chars().collect();
            assert_eq!(
                char_distance(&a, &b),
                strsim::generic_levenshtein(&ac, &bc),
                "{a:?} {b:?}"
            );
            let aw: Vec<&str> = super::super::text::py_split(&a).collect();
            let bw: Vec<&str> = super::super::text::py_split(&b).collect();
            assert_eq!(word_distance(&a, &b), strsim::generic_levenshtein(&aw, &bw));
        }
    }

    /// The block variant keeps match-vector rows for the pattern's symbols
    /// only; ids from a large alphabet, text ids the pattern lacks, and
    /// single-block calls between block calls (which need the table left
    /// all zero) must all give the plain DP's distance.
    #[test]
    fn block_rows_follow_the_pattern_not_the_alphabet() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let alphabet = 100_000usize;
        for round in 0..400 {
            let (la, lb) = if round % 2 == 0 {
                (65 + rng.below(300) as usize, 65 + rng.below(300) as usize)
            } else {
                (1 + rng.below(64) as usize, 1 + rng.below(200) as usize)
            };
            // A few common ids (so there are matches) among rare ones.
            let mut id = |_| {
                if rng.below(3) == 0 {
                    rng.below(alphabet as u64) as u32
                } else {
                    rng.below(8) as u32
                }
            };
            let a: Vec<u32> = (0..la).map(&mut id).collect();
            let b: Vec<u32> = (0..lb).map(&mut id).collect();
            let want = strsim::generic_levenshtein(&a, &b);
            assert_eq!(distance_ids(&a, &b, alphabet), want, "round {round}");
            assert_eq!(distance_ids(&b, &a, alphabet), want, "round {round}");
        }
    }

    #[test]
    fn distances_past_the_cell_limit_are_left_out() {
        // Middles of 10 and 20 symbols: 200 cells.
        let (a, b) = ("<aaaaaaaaaa>", "<bbbbbbbbbbbbbbbbbbbb>");
        assert_eq!(char_distance_within(a, b, 200), Some(20));
        assert_eq!(char_distance_within(a, b, 199), None);
        let (a, b) = ("«aaaaaaaaaa»", "«bbbbbbbbbbbbbbbbbbbb»");
        assert_eq!(char_distance_within(a, b, 200), Some(20));
        assert_eq!(char_distance_within(a, b, 199), None);
        let (x, y) = ([1u32; 10], [2u32; 20]);
        assert_eq!(distance_ids_within(&x, &y, 3, 200), Some(20));
        assert_eq!(distance_ids_within(&x, &y, 3, 199), None);
        // The common start and end cost nothing: two 1 MB sides that differ
        // in one character stay exact under the real limit.
        let big = "word ".repeat(200_000);
        let other = format!("{}X{}", &big[..500_000], &big[500_001..]);
        assert_eq!(
            char_distance_within(&big, &other, MAX_DISTANCE_CELLS),
            Some(1)
        );
        // Against an empty side the distance is the other's length, with
        // no cell to work out, whatever the limit.
        assert_eq!(char_distance_within("", &big, 0), Some(1_000_000));
        assert_eq!(char_distance_within("", "", 0), Some(0));
    }

    #[test]
    fn edge_cases() {
        assert_eq!(char_distance("", ""), 0);
        assert_eq!(char_distance("", "abc"), 3);
        assert_eq!(char_distance("漢字", ""), 2);
        assert_eq!(char_distance("e\u{301}", "é"), 2);
        assert_eq!(word_distance("", "a b"), 2);
        assert_eq!(word_distance("a\u{1f}b", "a b"), 0);
        assert_eq!(word_distance("a\u{200b}b", "a b"), 2);
    }
}
