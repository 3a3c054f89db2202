//! chrF and chrF++ as sacrebleu 2.x computes them (β = 2, character order 6,
//! whitespace removed, word order 0 or 2, effective-order averaging).
//!
//! Per order the statistics are `[hyp n-grams, ref n-grams, clipped matches]`,
//! with the hyp count zeroed when the ref has no n-gram of that order (as
//! sacrebleu does). Sentence and corpus scores come from the same formula.
//!
//! Counting: characters are mapped to small dense ids and each position gets
//! one integer key packing the next six ids (zero-padded at the end). After
//! sorting the keys once per side, every n-gram order is a key prefix, so one
//! sort serves all six orders and matches are counted by merging.

use std::cell::RefCell;

use super::fused::PairText;
use super::text::{
    FxMap, Interner, common_byte_ends, common_ends, count_py_space_ascii, for_each_py_word,
    is_py_space, is_py_space_ascii,
};
use super::{CorpusSpec, GateRule, Metric, SACREBLEU_VERSION};
use crate::table::Cell;

pub const CHAR_ORDER: usize = 6;
pub const WORD_ORDER: usize = 2;
/// Statistics rows: 6 character orders, then 2 word orders.
pub const ORDERS: usize = CHAR_ORDER + WORD_ORDER;
pub type ChrfStats = [[u64; 3]; ORDERS];

const BETA: f64 = 2.0;

/// sacrebleu's `CHRF._PUNCTS` (Python `string.punctuation`).
#[inline]
fn is_punct(b: u8) -> bool {
    b.is_ascii_punctuation()
}

#[derive(Default)]
struct Buffers {
    hid: Vec<u32>,
    rid: Vec<u32>,
    map: FxMap<char, u32>,
    ascii: Vec<u32>,
}

thread_local! {
    static BUF: RefCell<Buffers> = RefCell::new(Buffers::default());
    static KEYS: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's scratch vector for packed n-gram keys (chrF
/// characters and words, BLEU), so counting allocates nothing per pair.
pub(crate) fn with_keys<R>(f: impl FnOnce(&mut Vec<u64>) -> R) -> R {
    KEYS.with(|k| f(&mut k.borrow_mut()))
}

/// The F-beta score of sacrebleu's `_compute_f_score` (without eps smoothing):
/// precision and recall are averaged over the orders where both sides have
/// n-grams, then combined once.
pub fn f_score(stats: &[[u64; 3]]) -> f64 {
    let factor = BETA * BETA;
    let mut avg_prec = 0.0f64;
    let mut avg_rec = 0.0f64;
    let mut effective = 0u32;
    for &[n_hyp, n_ref, n_match] in stats {
        if n_hyp > 0 && n_ref > 0 {
            avg_prec += n_match as f64 / n_hyp as f64;
            avg_rec += n_match as f64 / n_ref as f64;
            effective += 1;
        }
    }
    if effective == 0 {
        return 0.0;
    }
    avg_prec /= effective as f64;
    avg_rec /= effective as f64;
    if avg_prec + avg_rec != 0.0 {
        let score = (1.0 + factor) * avg_prec * avg_rec;
        100.0 * (score / (factor * avg_prec + avg_rec))
    } else {
        0.0
    }
}

/// Character statistics (rows 0..6) and, when `words` is set, word
/// statistics (rows 6..8) of one pair.
pub fn stats(hyp: &str, ref_: &str, words: bool) -> ChrfStats {
    let mut out = [[0u64; 3]; ORDERS];
    BUF.with(|cell| {
        let b = &mut *cell.borrow_mut();
        char_stats(hyp, ref_, b, &mut out);
    });
    if words {
        word_stats(hyp, ref_, &mut out);
    }
    out
}

fn char_stats(hyp: &str, ref_: &str, b: &mut Buffers, out: &mut ChrfStats) {
    b.hid.clear();
    b.rid.clear();
    if hyp.is_ascii() && ref_.is_ascii() {
        // ids 1..=128 (0 is the padding id).
        let (h, r) = (hyp.as_bytes(), ref_.as_bytes());
        let t = AsciiTrim::new(h, r);
        ascii_ids(&h[t.from..t.to.0], &mut b.hid);
        ascii_ids(&r[t.from..t.to.1], &mut b.rid);
        pack_and_count::<8>(b, out, t.dropped);
        return;
    }
    // Dense ids in order of first appearance, from 1.
    b.map.clear();
    b.ascii.clear();
    b.ascii.resize(128, 0);
    let mut next = 1u32;
    {
        let (map, ascii) = (&mut b.map, &mut b.ascii);
        let mut id = |c: char| -> u32 {
            if c.is_ascii() {
                let slot = &mut ascii[c as usize];
                if *slot == 0 {
                    *slot = next;
                    next += 1;
                }
                *slot
            } else {
                *map.entry(c).or_insert_with(|| {
                    next += 1;
                    next - 1
                })
            }
        };
        for c in hyp.chars().filter(|&c| !is_py_space(c)) {
            let v = id(c);
            b.hid.push(v);
        }
        for c in ref_.chars().filter(|&c| !is_py_space(c)) {
            let v = id(c);
            b.rid.push(v);
        }
    }
    let bits = 32 - (next - 1).leading_zeros();
    if bits as usize * CHAR_ORDER < 64 {
        // Ids below 2^bits are below 2^10 too.
        pack_and_count::<10>(b, out, 0);
    } else {
        // More than 1023 distinct characters in one pair: plain counting.
        count_with_maps(&b.hid, &b.rid, out);
    }
}

/// Byte + 1 for every non-whitespace byte, written branch-free: every byte
/// is stored and the write position advances only past kept ones.
fn ascii_ids(text: &[u8], ids: &mut Vec<u32>) {
    ids.clear();
    ids.resize(text.len(), 0);
    let mut k = 0;
    for &c in text {
        ids[k] = c as u32 + 1;
        k += !super::text::is_py_space_ascii(c) as usize;
    }
    ids.truncate(k);
}

/// What chrF's character ids of two ASCII sides can leave out: the
/// sides' common start and end, found on the bytes, except for the
/// `CHAR_ORDER - 1` characters next to the differing middle, which its
/// n-grams reach into. Each dropped character of the start begins, and
/// each one of the end finishes, an n-gram of every order that lies in the
/// common part (see [`count_matches`]), so it adds one match per order,
/// and one character to each side's length.
struct AsciiTrim {
    /// First byte kept, the same in both sides.
    from: usize,
    /// End of the kept bytes of each side.
    to: (usize, usize),
    /// Non-whitespace bytes left out, the same in both sides.
    dropped: usize,
}

impl AsciiTrim {
    fn new(h: &[u8], r: &[u8]) -> Self {
        let (p, s) = common_byte_ends(h, r);
        let context = CHAR_ORDER - 1;
        let (mut from, mut seen) = (p, 0);
        while from > 0 && seen < context {
            from -= 1;
            seen += !is_py_space_ascii(h[from]) as usize;
        }
        let (eh, er) = (h.len() - s, r.len() - s);
        let (mut tail, mut seen) = (0, 0);
        while tail < s && seen < context {
            seen += !is_py_space_ascii(h[eh + tail]) as usize;
            tail += 1;
        }
        let non_space = |b: &[u8]| b.len() - count_py_space_ascii(b);
        AsciiTrim {
            from,
            to: (eh + tail, er + tail),
            dropped: non_space(&h[..from]) + non_space(&h[eh + tail..]),
        }
    }
}

/// Rows 0..6 from the ids in `b`, plus `dropped` characters both sides
/// share outside them (see [`AsciiTrim`]).
fn pack_and_count<const BITS: u32>(b: &mut Buffers, out: &mut ChrfStats, dropped: usize) {
    let (lh, lr) = (b.hid.len() + dropped, b.rid.len() + dropped);
    let mut matches = [0u64; 7];
    with_keys(|keys| count_matches::<BITS, CHAR_ORDER>(&b.hid, &b.rid, keys, &mut matches));
    for n in 1..=CHAR_ORDER {
        out[n - 1] = order_row(lh, lr, n, matches[n] + dropped as u64);
    }
}

/// `[hyp n-grams, ref n-grams, matches]` of order `n` for sides of `lh` and
/// `lr` tokens; the hyp count is zeroed when the ref has no n-gram of that
/// order, as sacrebleu does.
fn order_row(lh: usize, lr: usize, n: usize, matches: u64) -> [u64; 3] {
    let n_hyp = (lh + 1).saturating_sub(n) as u64;
    let n_ref = (lr + 1).saturating_sub(n) as u64;
    [if n_ref > 0 { n_hyp } else { 0 }, n_ref, matches]
}

/// Adds the clipped matches of orders `1..=ORDERS` of two id sequences
/// (ids in `1..2^BITS`) to `matches[n]`.
///
/// An n-gram occurrence present on both sides adds exactly one match
/// (min(a + 1, b + 1) = min(a, b) + 1), so the n-grams lying wholly in the
/// common prefix or suffix of the two sequences are counted, not sorted:
/// only positions from `ORDERS - 1` before the end of the prefix up to the
/// start of the suffix get keys. An edited sentence mostly differs in a
/// few places, which leaves a short middle to sort.
pub(crate) fn count_matches<const BITS: u32, const ORDERS: usize>(
    h: &[u32],
    r: &[u32],
    keys: &mut Vec<u64>,
    matches: &mut [u64; 7],
) {
    let (p, s) = common_ends(h, r);
    let start = p.saturating_sub(ORDERS - 1);
    for (n, m) in matches.iter_mut().enumerate().take(ORDERS + 1).skip(1) {
        *m += start as u64 + (s + 1).saturating_sub(n) as u64;
    }
    let (mh, mr) = (h.len() - s - start, r.len() - s - start);
    if mh.max(mr) > LOPSIDED_MIN && mh.max(mr) > LOPSIDED_RATIO * mh.min(mr) {
        let (big, small) = if mh > mr { (h, r) } else { (r, h) };
        let (bend, send) = (big.len() - s, small.len() - s);
        budget_matches::<BITS, ORDERS>(big, start..bend, small, start..send, matches);
        return;
    }
    keys.clear();
    pack_keys_range::<BITS, ORDERS>(h, start, h.len() - s, keys, 0);
    pack_keys_range::<BITS, ORDERS>(r, start, r.len() - s, keys, 1);
    keys.sort_unstable();
    prefix_matches::<BITS, ORDERS>(keys, matches);
}

/// A side past this many positions, and [`LOPSIDED_RATIO`] times the
/// other, is counted by [`budget_matches`]: one key per position of a
/// 195 MB "sentence" against a short one took 8 bytes a character (and the
/// ids 4 more), 2.6 GB for keys the short side could match a handful of.
const LOPSIDED_MIN: usize = 1 << 16;
const LOPSIDED_RATIO: usize = 16;

/// The clipped matches of [`count_matches`] for `big[bf]` against
/// `small[sf]` (n-grams starting there, running on into the rest of their
/// sequence), holding only the small side's n-grams: each starts with its
/// count as a budget, and every occurrence on the big side spends one, so
/// an n-gram adds min(big, small) as a run of merged keys does. An n-gram
/// absent from the small side has no longer n-gram there either, so most
/// positions stop at the first lookup.
fn budget_matches<const BITS: u32, const ORDERS: usize>(
    big: &[u32],
    bf: std::ops::Range<usize>,
    small: &[u32],
    sf: std::ops::Range<usize>,
    matches: &mut [u64; 7],
) {
    let gram = |ids: &[u32], i: usize, n: usize| -> Option<u64> {
        let g = ids.get(i..i + n)?;
        Some(g.iter().fold(0u64, |k, &id| (k << BITS) | id as u64))
    };
    let mut budgets: Vec<FxMap<u64, u32>> = (0..ORDERS).map(|_| FxMap::default()).collect();
    for j in sf {
        for (n, b) in budgets.iter_mut().enumerate() {
            match gram(small, j, n + 1) {
                Some(k) => *b.entry(k).or_default() += 1,
                None => break,
            }
        }
    }
    for i in bf {
        for (n, b) in budgets.iter_mut().enumerate() {
            let Some(left) = gram(big, i, n + 1).and_then(|k| b.get_mut(&k)) else {
                break;
            };
            if *left > 0 {
                *left -= 1;
                matches[n + 1] += 1;
            }
        }
    }
}

/// Clipped matches per order from merged sorted keys (`orders` digits of
/// `bits` bits each, then a side bit): a run of keys sharing n leading
/// digits is one n-gram and contributes min(hyp, ref). A zero digit marks
/// the end of the text, so shorter tails are no n-gram of that order.
/// `matches[n]` receives order n (index 0 unused); `orders` ≤ 6.
pub(crate) fn prefix_matches<const BITS: u32, const ORDERS: usize>(
    keys: &[u64],
    matches: &mut [u64; 7],
) {
    // Constant digit sizes turn the per-key divisions below into shifts
    // and multiplications.
    let (bits, orders) = (BITS, ORDERS);
    let width = bits * orders as u32;
    // Lane n holds order n + 1. Branch-free lanes, one per order (unrolled
    // for the constant ORDERS): the run boundaries of the orders are
    // data-dependent and mispredict as branches.
    let mut ch = [0u32; ORDERS];
    let mut cr = [0u32; ORDERS];
    let mut mt = [0u32; ORDERS];
    let mut prev = 0u64;
    for (i, &k) in keys.iter().enumerate() {
        let lcp = if i == 0 {
            0
        } else {
            let y = (prev ^ k) >> 1;
            ((y.leading_zeros() - (64 - width)) / bits).min(orders as u32)
        };
        let valid = orders as u32 - (k >> 1).trailing_zeros() / bits;
        let side = (k & 1) as u32;
        for n in 0..ORDERS as u32 {
            let l = n as usize;
            let close = (n >= lcp) as u32;
            mt[l] += close * ch[l].min(cr[l]);
            ch[l] *= 1 - close;
            cr[l] *= 1 - close;
            let inc = (n < valid) as u32;
            ch[l] += inc & (side ^ 1);
            cr[l] += inc & side;
        }
        prev = k;
    }
    for n in 1..=orders {
        matches[n] += (mt[n - 1] + ch[n - 1].min(cr[n - 1])) as u64;
    }
}

/// Appends one key per position `i` in `from..to`: `ids[i..i+ORDERS]`
/// packed high to low in `BITS`-bit digits (zero-padded past the end of
/// `ids`), shifted left by one with `side` in bit 0. Every id must be in
/// `1..2^BITS`.
pub(crate) fn pack_keys_range<const BITS: u32, const ORDERS: usize>(
    ids: &[u32],
    from: usize,
    to: usize,
    keys: &mut Vec<u64>,
    side: u64,
) {
    let base = keys.len();
    keys.resize(base + (to - from), 0);
    let top = BITS * (ORDERS as u32 - 1);
    let mask = (1u64 << (BITS * ORDERS as u32)) - 1;
    let mut key = 0u64;
    // Start early enough that the key at `to - 1` holds its following ids.
    let lead = (to + ORDERS - 1).min(ids.len());
    for i in (from..lead).rev() {
        key = (key >> BITS) | ((ids[i] as u64) << top);
        if i < to {
            keys[base + i - from] = ((key & mask) << 1) | side;
        }
    }
}

/// [`pack_keys_range`] over every position.
#[cfg(test)]
pub(crate) fn pack_keys<const BITS: u32, const ORDERS: usize>(
    ids: &[u32],
    keys: &mut Vec<u64>,
    side: u64,
) {
    pack_keys_range::<BITS, ORDERS>(ids, 0, ids.len(), keys, side);
}

fn count_with_maps(h: &[u32], r: &[u32], out: &mut ChrfStats) {
    for n in 1..=CHAR_ORDER {
        let mut counts: FxMap<&[u32], (u64, u64)> = FxMap::default();
        for g in h.windows(n) {
            counts.entry(g).or_default().0 += 1;
        }
        for g in r.windows(n) {
            counts.entry(g).or_default().1 += 1;
        }
        let m = counts.values().map(|&(a, b)| a.min(b)).sum();
        out[n - 1] = order_row(h.len(), r.len(), n, m);
    }
}

/// chrF++ word tokens: a token of two or more characters loses one ASCII
/// punctuation character, from its end if there is one there, else from its
/// start.
fn for_each_chrf_word<'a>(s: &'a str, mut f: impl FnMut(&'a str)) {
    for_each_py_word(s, |w| {
        let (a, b) = chrf_tokens(w);
        f(a);
        if let Some(b) = b {
            f(b);
        }
    });
}

fn word_stats(hyp: &str, ref_: &str, out: &mut ChrfStats) {
    let mut interner = Interner::new(1, 64);
    let mut h: Vec<u32> = Vec::with_capacity(32);
    let mut r: Vec<u32> = Vec::with_capacity(32);
    for_each_chrf_word(hyp, |w| h.push(interner.id(w)));
    for_each_chrf_word(ref_, |w| r.push(interner.id(w)));
    word_rows_from_ids(&h, &r, out);
}

/// The chrF++ word rows (6..8) from token id sequences (ids in 1..2^30).
pub(crate) fn word_rows_from_ids(h: &[u32], r: &[u32], out: &mut ChrfStats) {
    let mut m = [0u64; 7];
    with_keys(|keys| count_matches::<30, WORD_ORDER>(h, r, keys, &mut m));
    for n in 1..=WORD_ORDER {
        out[CHAR_ORDER + n - 1] = order_row(h.len(), r.len(), n, m[n]);
    }
}

/// chrF++ word tokens of one `str.split()` word: itself, or the word minus
/// one punctuation character and that character (in text order).
pub(crate) fn chrf_tokens(w: &str) -> (&str, Option<&str>) {
    let bytes = w.as_bytes();
    let single = {
        let mut it = w.chars();
        it.next();
        it.next().is_none()
    };
    if single {
        (w, None)
    } else if is_punct(bytes[bytes.len() - 1]) {
        (&w[..w.len() - 1], Some(&w[w.len() - 1..]))
    } else if is_punct(bytes[0]) {
        (&w[..1], Some(&w[1..]))
    } else {
        (w, None)
    }
}

/// chrF2 (character orders only) as a [`Metric`]: per order the
/// `[hyp, ref, match]` counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Chrf(pub [[u64; 3]; CHAR_ORDER]);

/// chrF2++ (character orders, then word orders 1..2) as a [`Metric`].
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ChrfPlusPlus(pub ChrfStats);

fn add_rows(a: &mut [[u64; 3]], b: &[[u64; 3]]) {
    for (x, y) in a.iter_mut().zip(b) {
        for k in 0..3 {
            x[k] += y[k];
        }
    }
}

impl Metric for Chrf {
    const NAME: &'static str = "chrf";
    const COLUMNS: &'static [&'static str] = &["chrf"];
    const CORPUS: Option<CorpusSpec> = Some(CorpusSpec {
        column: "chrf",
        label: "chrF2",
        short: "chrF",
        decimals: 2,
        linked_only: false,
    });
    const GATE: Option<GateRule> = Some(GateRule {
        name: "chrf",
        aliases: &[],
        label: "corpus chrF",
        max: 100.0,
        lower_is_better: false,
        decimals: 2,
    });

    fn of_pair(hyp: &str, ref_: &str) -> Self {
        let mut rows = [[0; 3]; CHAR_ORDER];
        rows.copy_from_slice(&stats(hyp, ref_, false)[..CHAR_ORDER]);
        Chrf(rows)
    }

    fn of_pass(p: &PairText) -> Self {
        let mut rows = [[0; 3]; CHAR_ORDER];
        rows.copy_from_slice(&p.fused().chrf[..CHAR_ORDER]);
        Chrf(rows)
    }

    fn add(&mut self, o: &Self) {
        add_rows(&mut self.0, &o.0);
    }

    fn cell(&self, _: usize) -> Cell<'static> {
        Cell::float(self.sentence())
    }

    fn sentence(&self) -> f64 {
        f_score(&self.0)
    }

    fn signature() -> Option<String> {
        Some(format!(
            "nrefs:1|case:mixed|eff:yes|nc:{CHAR_ORDER}|nw:0|space:no|version:{SACREBLEU_VERSION}"
        ))
    }
}

impl Metric for ChrfPlusPlus {
    const NAME: &'static str = "chrfpp";
    const COLUMNS: &'static [&'static str] = &["chrfpp"];
    const CORPUS: Option<CorpusSpec> = Some(CorpusSpec {
        column: "chrfpp",
        label: "chrF2++",
        short: "",
        decimals: 2,
        linked_only: false,
    });
    const GATE: Option<GateRule> = Some(GateRule {
        name: "chrfpp",
        aliases: &["chrf++"],
        label: "corpus chrF++",
        max: 100.0,
        lower_is_better: false,
        decimals: 2,
    });

    fn of_pair(hyp: &str, ref_: &str) -> Self {
        ChrfPlusPlus(stats(hyp, ref_, true))
    }

    fn of_pass(p: &PairText) -> Self {
        ChrfPlusPlus(p.fused().chrf)
    }

    fn add(&mut self, o: &Self) {
        add_rows(&mut self.0, &o.0);
    }

    fn cell(&self, _: usize) -> Cell<'static> {
        Cell::float(self.sentence())
    }

    fn sentence(&self) -> f64 {
        f_score(&self.0)
    }

    fn signature() -> Option<String> {
        Some(format!(
            "nrefs:1|case:mixed|eff:yes|nc:{CHAR_ORDER}|nw:{WORD_ORDER}|space:no|version:{SACREBLEU_VERSION}"
        ))
    }
}

/// sacrebleu `sentence_chrf(hyp, [ref]).score`.
pub fn sentence_chrf(hyp: &str, ref_: &str) -> f64 {
    f_score(&stats(hyp, ref_, false)[..CHAR_ORDER])
}

/// sacrebleu `sentence_chrf(hyp, [ref], word_order=2).score`.
pub fn sentence_chrfpp(hyp: &str, ref_: &str) -> f64 {
    f_score(&stats(hyp, ref_, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_sides_score_zero() {
        assert_eq!(sentence_chrf("", ""), 0.0);
        assert_eq!(sentence_chrf("abc", ""), 0.0);
        assert_eq!(sentence_chrf("", "abc"), 0.0);
        assert_eq!(sentence_chrfpp("  ", "\t"), 0.0);
    }

    #[test]
    fn whitespace_is_removed() {
        assert_eq!(sentence_chrf("a b\tc", "abc"), 100.0);
        assert_eq!(sentence_chrf("a\u{85}b\u{1f}c\u{3000}", "abc"), 100.0);
        assert!(sentence_chrf("a\u{200b}bc", "abc") < 100.0);
    }

    #[test]
    fn punctuation_split_for_words() {
        let mut v = Vec::new();
        for_each_chrf_word("(hi) \"x” . ab", |w| v.push(w));
        assert_eq!(v, ["(hi", ")", "\"", "x”", ".", "ab"]);
    }

    #[test]
    fn sort_counting_equals_map_counting() {
        let pairs = [
            ("the cat sat on the mat", "the mat had a cat on it"),
            ("aaaaaaaaaa", "aaaa"),
            ("Größe ändern ÄÖÜ", "größe Ändern äöü 漢字"),
            ("x", "xy"),
        ];
        for (h, r) in pairs {
            let s = stats(h, r, false);
            let hc: Vec<u32> = h
                .chars()
                .filter(|c| !is_py_space(*c))
                .map(u32::from)
                .collect();
            let rc: Vec<u32> = r
                .chars()
                .filter(|c| !is_py_space(*c))
                .map(u32::from)
                .collect();
            let mut m = [[0u64; 3]; ORDERS];
            count_with_maps(&hc, &rc, &mut m);
            assert_eq!(s[..CHAR_ORDER], m[..CHAR_ORDER], "{h} / {r}");
        }
    }

    /// The budget counting of a lopsided pair gives every order's clipped
    /// matches as map counting does: sides of 1 to 300,000 ids over two to
    /// five symbols, both ways round, with shared ends; and a pair past the
    /// limits through `count_matches` itself.
    #[test]
    fn budget_counting_equals_map_counting() {
        let mut next = crate::metric::text::test_rng(0x00b0_d6e7_u64);
        for round in 0..400 {
            let k = 2 + next(4);
            let small: Vec<u32> = (0..1 + next(40)).map(|_| 1 + next(k) as u32).collect();
            let big_len = if round % 50 == 0 {
                300_000
            } else {
                1 + next(400)
            };
            let big: Vec<u32> = (0..big_len).map(|_| 1 + next(k) as u32).collect();
            let (h, r) = if round % 2 == 0 {
                (&big, &small)
            } else {
                (&small, &big)
            };
            let mut m = [0u64; 7];
            let (hf, rf) = (0..h.len(), 0..r.len());
            if h.len() >= r.len() {
                budget_matches::<8, CHAR_ORDER>(h, hf, r, rf, &mut m);
            } else {
                budget_matches::<8, CHAR_ORDER>(r, rf, h, hf, &mut m);
            }
            let mut want = [[0u64; 3]; ORDERS];
            count_with_maps(h, r, &mut want);
            for n in 1..=CHAR_ORDER {
                assert_eq!(m[n], want[n - 1][2], "round {round} order {n}");
            }
            let mut via = [0u64; 7];
            count_matches::<8, CHAR_ORDER>(h, r, &mut Vec::new(), &mut via);
            assert_eq!(via, m, "round {round}");
        }
    }

    /// Trimming the common prefix and suffix must not change any count:
    /// generated pairs over a tiny alphabet share long prefixes, suffixes
    /// and overlapping repeats (one side a prefix of the other, identical
    /// sides, runs of one letter).
    #[test]
    fn trimmed_counting_equals_map_counting() {
        let mut next = crate::metric::text::test_rng(0x9e37_79b9_7f4a_7c15u64);
        for _ in 0..3000 {
            let base: Vec<u32> = (0..next(20)).map(|_| 1 + next(3) as u32).collect();
            let mut h = base.clone();
            let mut r = base;
            for _ in 0..next(3) {
                let side = if next(2) == 0 { &mut h } else { &mut r };
                let at = next(side.len() + 1);
                match next(3) {
                    0 => side.insert(at, 1 + next(3) as u32),
                    1 if at < side.len() => {
                        side.remove(at);
                    }
                    _ if at < side.len() => side[at] = 1 + next(3) as u32,
                    _ => {}
                }
            }
            let mut keys = Vec::new();
            let mut m = [0u64; 7];
            count_matches::<8, CHAR_ORDER>(&h, &r, &mut keys, &mut m);
            let mut want = [[0u64; 3]; ORDERS];
            count_with_maps(&h, &r, &mut want);
            for n in 1..=CHAR_ORDER {
                // The map counter zeroes nothing in the match column.
                assert_eq!(m[n], want[n - 1][2], "order {n}: {h:?} / {r:?}");
            }
        }
    }

    #[test]
    fn ids_trimmed_on_the_bytes_equal_ids_of_the_whole_sides() {
        // Pairs sharing starts and ends of every length, with whitespace
        // runs inside, at the cut points and where only one side has them.
        let mut next = crate::metric::text::test_rng(0x7e1a_ca5e);
        let pieces = [
            "ab", "c", " ", "  ", "\t", "a b", "x", "\x1c", "abcabc", ".,",
        ];
        let mut text =
            |n: usize| -> String { (0..n).map(|_| pieces[next(pieces.len())]).collect() };
        let mut dropped_some = 0;
        for case in 0..3000 {
            let (pre, post) = (text(case % 12), text((case / 12) % 12));
            let h = format!("{pre}{}{post}", text(case % 4));
            let r = format!("{pre}{}{post}", text(case % 3));
            let mut b = Buffers::default();
            let mut fast = [[0u64; 3]; ORDERS];
            char_stats(&h, &r, &mut b, &mut fast);
            let mut slow = [[0u64; 3]; ORDERS];
            ascii_ids(h.as_bytes(), &mut b.hid);
            ascii_ids(r.as_bytes(), &mut b.rid);
            pack_and_count::<8>(&mut b, &mut slow, 0);
            assert_eq!(fast, slow, "{h:?} {r:?}");
            dropped_some += (AsciiTrim::new(h.as_bytes(), r.as_bytes()).dropped > 0) as usize;
        }
        assert!(dropped_some > 1000, "{dropped_some}");
    }

    #[test]
    fn hyp_count_zeroed_when_ref_lacks_order() {
        let s = stats("abcdefgh", "abc", false);
        assert_eq!(s[2], [6, 1, 1]);
        assert_eq!(s[3], [0, 0, 0]);
    }
}
