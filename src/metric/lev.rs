//! Unit-cost Levenshtein distance with the bit-parallel algorithm of Myers
//! (1999) in Hyyrö's formulation; patterns longer than 64 symbols use
//! Hyyrö's block variant (one 64-bit word per block, carries passed upward).
//! Sequences are dense integer ids, so one routine serves characters (code
//! points) and words.

use std::cell::RefCell;

use super::text::{FxMap, Interner, common_ends, for_each_py_word};

/// Id sequences of both sides and the id map of non-ASCII code points.
type CharBuffers = (Vec<u32>, Vec<u32>, FxMap<char, u32>);

thread_local! {
    static PEQ: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
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

/// Levenshtein distance between two id sequences, every id `< alphabet`.
pub fn distance_ids<T: Sym>(a: &[T], b: &[T], alphabet: usize) -> usize {
    // Common prefix and suffix never change the distance and are cheap to drop.
    let (pre, suf) = common_ends(a, b);
    let (a, b) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let (p, t) = if a.len() <= b.len() { (a, b) } else { (b, a) };
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
            let blocks = p.len().div_ceil(64);
            if peq.len() < alphabet * blocks {
                peq.resize(alphabet * blocks, 0);
            }
            let d = myers_blocks(p, t, blocks, &mut peq);
            for &c in p {
                let base = c.idx() * blocks;
                peq[base..base + blocks].fill(0);
            }
            d
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

fn myers_blocks<T: Sym>(p: &[T], t: &[T], blocks: usize, peq: &mut [u64]) -> usize {
    for (i, &c) in p.iter().enumerate() {
        peq[c.idx() * blocks + i / 64] |= 1u64 << (i % 64);
    }
    let mut vp = vec![!0u64; blocks];
    let mut vn = vec![0u64; blocks];
    let last_shift = ((p.len() - 1) % 64) as u32;
    let mut score = p.len() as i64;
    for &c in t {
        let eqs = &peq[c.idx() * blocks..c.idx() * blocks + blocks];
        score += blocks_step(&mut vp, &mut vn, eqs, last_shift);
    }
    score as usize
}

/// Levenshtein distance over Unicode code points (rapidfuzz `Levenshtein.distance`).
pub fn char_distance(a: &str, b: &str) -> usize {
    if a.is_ascii() && b.is_ascii() {
        return byte_distance(a.as_bytes(), b.as_bytes());
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
        distance_ids(x, y, next as usize)
    })
}

/// ASCII-only fast path of [`char_distance`].
fn byte_distance(a: &[u8], b: &[u8]) -> usize {
    let (pre, suf) = common_ends(a, b);
    let (a, b) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let (p, t) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if p.is_empty() {
        return t.len();
    }
    match p.len() {
        ..=64 => ascii_myers::<u64>(p, t),
        65..=128 => ascii_myers::<u128>(p, t),
        _ => distance_ids(p, t, 128),
    }
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
    let mut interner = Interner::new(0, 64);
    let mut x = Vec::with_capacity(32);
    let mut y = Vec::with_capacity(32);
    for_each_py_word(a, |w| x.push(interner.id(w)));
    for_each_py_word(b, |w| y.push(interner.id(w)));
    distance_ids(&x, &y, interner.end() as usize)
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
