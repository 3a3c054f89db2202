//! TER as sacrebleu 2.x computes it with default options (lowercased, no
//! normalization): Tercom's greedy shift search with its heuristics (shift
//! size ≤ 10 words, distance ≤ 50, at most 1000 candidates per sentence,
//! tie-breaks by gain, then length, then earliest start, then earliest
//! target) over a beam-limited edit distance (beam 25 around the
//! pseudo-diagonal).
//!
//! Speed without changing results:
//! * words are interned to integer ids;
//! * a candidate shares its first `min(start, target)` words with the
//!   current hypothesis, so its Myers state (recorded per prefix, for one
//!   block or up to 16) and its banded DP row are resumed from there;
//! * most candidates are scored with the bit-parallel Levenshtein distance
//!   instead of the banded DP: when every path of that cost provably stays
//!   inside the beam, both are equal (see `Beam::trust_limit`); otherwise
//!   that distance bounds the gain, and only candidates whose bound beats
//!   the best exact gain get the banded DP, highest bound first;
//! * when the current hypothesis is trusted the same way, its alignment
//!   trace is read from the Myers states (`Beam::cost_at`) and the banded
//!   DP of the round runs only if a candidate needs it;
//! * past the moved block a candidate's words equal the hypothesis', so its
//!   banded DP stops at the first row that differs from the hypothesis' row
//!   by a constant;
//! * a starting distance of 0 or 1 is final (a shift costs one edit), and
//!   so is one at the bag-of-words floor, which no reordering goes below
//!   (`bag_floor`): most pairs without moved words end there, and a round
//!   whose winner reaches the floor is the last; a candidate that could not
//!   win even at the floor is not scored;
//! * the banded DP itself runs on bit vectors, one Myers step per row
//!   (`BitRow`), whenever the band is at most 64 cells wide; the
//!   cell-by-cell DP stays for wider bands and is the tests' oracle.
//!
//! No cap is needed for sentences: the 486-word reversed pair takes ~6 ms
//! and a 5,000-word reversed pair ~1.2 s with a few MB (only the band's
//! rows are kept).

use std::cell::RefCell;

use super::lev::{Lanes, block_step, blocks_step, myers_step};
use super::text::{Interner, for_each_py_word, py_lower_into};

const MAX_SHIFT_SIZE: usize = 10;
const MAX_SHIFT_DIST: usize = 50;
const BEAM_WIDTH: i64 = 25;
const MAX_SHIFT_CANDIDATES: usize = 1000;
const INF: i32 = 1 << 30;
/// Multi-block Myers states are recorded for resuming candidates when the
/// reference has at most this many 64-word blocks and the table at most
/// `MAX_RESUME_WORDS` words (512 KiB); longer pairs recompute from scratch.
const MAX_RESUME_BLOCKS: usize = 16;
const MAX_RESUME_WORDS: usize = 1 << 16;
/// Longest side (in words) TER is computed for. The beam and the Myers
/// tables grow with the product of the two lengths; a "sentence" this long
/// is a file without sentence marks, where TER would take minutes and
/// gigabytes. Such a pair gets no TER (empty cell, left out of corpus TER)
/// rather than stalling a batch. Real sentences are two orders shorter.
pub const MAX_TER_WORDS: usize = 5_000;

const OP_NOP: u8 = b' ';
const OP_SUB: u8 = b's';
const OP_INS: u8 = b'i';
const OP_DEL: u8 = b'd';
const OP_UNDEF: u8 = b'x';

/// Edits and reference length of one pair; summed for corpus TER.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TerStats {
    pub edits: u64,
    pub ref_len: u64,
    /// Pairs left out because a side exceeds [`MAX_TER_WORDS`].
    pub capped: u64,
}

impl TerStats {
    /// sacrebleu `TER._compute_score_from_stats`.
    pub fn score(&self) -> f64 {
        if self.capped > 0 && self.edits == 0 && self.ref_len == 0 {
            return f64::NAN;
        }
        let s = if self.ref_len > 0 {
            self.edits as f64 / self.ref_len as f64
        } else if self.edits > 0 {
            1.0
        } else {
            0.0
        };
        100.0 * s
    }
}

thread_local! {
    static LOWER: RefCell<(String, String)> = RefCell::new(Default::default());
}

/// TER statistics of one pair: words are `hyp.lower().split()`.
pub fn stats(hyp: &str, ref_: &str) -> TerStats {
    LOWER.with(|cell| {
        let (ref mut lh, ref mut lr) = *cell.borrow_mut();
        py_lower_into(hyp, lh);
        py_lower_into(ref_, lr);
        let mut interner = Interner::new(0, 64);
        let mut h = Vec::with_capacity(32);
        let mut r = Vec::with_capacity(32);
        for_each_py_word(lh, |w| h.push(interner.id(w)));
        for_each_py_word(lr, |w| r.push(interner.id(w)));
        stats_from_ids(&h, &r, interner.end() as usize)
    })
}

/// TER statistics of lowercased word id sequences (ids below `alphabet`).
pub(crate) fn stats_from_ids(h: &[u32], r: &[u32], alphabet: usize) -> TerStats {
    if h != r && h.len().max(r.len()) > MAX_TER_WORDS {
        return TerStats {
            capped: 1,
            ..TerStats::default()
        };
    }
    TerStats {
        edits: edits(h, r, alphabet) as u64,
        ref_len: r.len() as u64,
        capped: 0,
    }
}

/// sacrebleu `sentence_ter(hyp, [ref]).score`.
pub fn sentence_ter(hyp: &str, ref_: &str) -> f64 {
    stats(hyp, ref_).score()
}

/// Number of edits (shifts + beam edit distance) of `translation_edit_rate`.
pub fn edits(hyp: &[u32], refw: &[u32], alphabet: usize) -> usize {
    edits_with(hyp, refw, alphabet, true)
}

/// [`edits`]; without `use_floor` the search ignores [`bag_floor`] (the
/// tests' oracle for the shortcuts that rely on it).
fn edits_with(hyp: &[u32], refw: &[u32], alphabet: usize, use_floor: bool) -> usize {
    if refw.is_empty() {
        return hyp.len();
    }
    if hyp.is_empty() {
        return refw.len();
    }
    if hyp == refw {
        return 0;
    }
    SPARE.with(|bufs| {
        let mut bufs = bufs.borrow_mut();
        let mut beam = Beam::new(refw, hyp.len(), alphabet, &mut bufs);
        beam.floor = if use_floor {
            bag_floor(hyp, refw, alphabet, &mut beam.b.bag) as i64
        } else {
            // Below every distance: no shortcut or pruning ever fires.
            -1
        };
        // Every accepted shift lowers the distance by at least one and costs
        // one, so the result never exceeds the starting distance; a distance
        // of 0 or 1 is therefore final, and so is one at the floor.
        if beam.trust.is_some() {
            let d = beam.myers_full(hyp.iter().copied());
            if (d <= 1 || d as i64 == beam.floor) && beam.trusted(d as i64) {
                return d;
            }
        }
        let mut cur = hyp.to_vec();
        let mut shifts = 0;
        let mut checked = 0;
        loop {
            let (delta, next, pre) = beam.best_shift(&cur, &mut checked);
            if checked >= MAX_SHIFT_CANDIDATES || delta <= 0 {
                // The loop stops without changing `cur`, whose distance the
                // last round already computed.
                return shifts + pre as usize;
            }
            shifts += 1;
            // The gain is exact, so this is the next round's starting
            // distance; at the floor that round would find nothing.
            if pre - delta == beam.floor {
                return shifts + pre as usize - delta as usize;
            }
            cur = next;
        }
    })
}

struct Beam<'r> {
    refw: &'r [u32],
    n: usize,
    m: usize,
    /// Largest slack `e` for which every path of cost `|m-n| + 2e` stays in
    /// the band; `None` when the band may cut even a cheapest path.
    trust: Option<i64>,
    /// 64-bit words per reference bit vector.
    blocks: usize,
    /// Whether `b.cost` holds the banded matrix of `b.cur`. When the band
    /// provably keeps every optimal path, the round works from the Myers
    /// states alone and the banded DP runs only if an untrusted candidate
    /// needs it.
    base_ready: bool,
    /// Whether the band offsets, the band matrix and the rolling rows are
    /// sized for this pair: most pairs never run a banded DP, so
    /// [`Beam::base`] sets them up on first use.
    band_ready: bool,
    /// Whether every band row is at most 64 cells wide (beam ≤ 32, which
    /// takes a length ratio above 40 to break), so the banded DP runs on
    /// bit vectors (see [`BitRow`]); else it runs cell by cell.
    bits: bool,
    /// Lower bound of the distance of every shift of the hypothesis (see
    /// [`bag_floor`]): a round that starts there has no positive gain, and
    /// a candidate that could not win even there needs no distance.
    floor: i64,
    b: &'r mut Bufs,
}

/// A [`Beam`]'s vectors. A thread keeps them between pairs (a pair's TER
/// would otherwise allocate some twenty vectors).
#[derive(Default)]
struct Bufs {
    /// Band of row i: columns `lo[i]..hi[i]`.
    lo: Vec<usize>,
    hi: Vec<usize>,
    /// Band cells of the current hypothesis' matrix; row i starts at `off[i]`.
    cost: Vec<i32>,
    off: Vec<usize>,
    /// Rolling rows for candidates, INF everywhere when idle.
    roll: [Vec<i32>; 2],
    /// Current hypothesis' alignment data (flipped trace).
    align: Vec<i64>,
    hyp_err: Vec<u32>,
    ref_err: Vec<u32>,
    /// Shortest span from each position that holds an error (see
    /// `first_error_len`): shorter blocks fail sacrebleu's first two tests.
    hyp_err_len: Vec<usize>,
    ref_err_len: Vec<usize>,
    scratch: Vec<u32>,
    /// Bit vectors of the reference (Myers' Peq), `blocks` words per id;
    /// also where the shift search finds the reference positions of a word.
    peq: Vec<u64>,
    /// Myers state `(vp, vn, score)` after each prefix of the current
    /// hypothesis for references of up to 128 words (one or two 64-bit
    /// words, see [`Lanes`]), so a candidate resumes where it departs from it.
    states: Vec<(u128, u128, usize)>,
    /// The same for references of 3..=`MAX_RESUME_BLOCKS` blocks: per prefix,
    /// `blocks` words of vp, `blocks` of vn, then the score.
    mstates: Vec<u64>,
    /// The current hypothesis.
    cur: Vec<u32>,
    /// Untrusted candidates of the round: `(gain bound, len, -start, -target)`.
    pending: Vec<Key>,
    /// Rows of the current hypothesis' banded matrix when `Beam::bits`.
    rows: Vec<BitRow>,
    /// Word counts for [`bag_floor`], all zero between calls.
    bag: Vec<u32>,
}

/// One row of the banded matrix on bit vectors: the value of its first
/// cell (column `lo`), and for the columns `lo + 1 + k` bit k of `vp` / `vn`
/// set when the cell is one more / one less than its left neighbour.
///
/// Within the band those differences are -1, 0 or 1: both band edges move
/// right monotonically, so every band cell is reachable, and the usual
/// argument for the full matrix carries over. Myers' step then applies to
/// the part of a row that overlaps the row above; the cells left and right
/// of that overlap have an out-of-band (infinite) neighbour and are worked
/// out one by one.
#[derive(Clone, Copy, Default, PartialEq, Debug)]
struct BitRow {
    v0: i32,
    /// Value of the row's last cell, kept so that the next row and the
    /// final distance need no population count.
    last: i32,
    vp: u64,
    vn: u64,
}

/// The low `k` bits set (`k` ≤ 64).
#[inline]
fn low_bits(k: usize) -> u64 {
    if k >= 64 { !0 } else { (1u64 << k) - 1 }
}

impl BitRow {
    /// Value of the cell `k` columns right of the first.
    #[inline]
    fn value(&self, k: usize) -> i32 {
        let m = low_bits(k);
        let (p, n) = (self.vp & m, self.vn & m);
        if k <= 2 {
            // The band moves by a column or two a row: two bit tests beat
            // a population count, which baseline x86-64 lacks.
            self.v0 + (p & 1) as i32 + (p >> 1) as i32 - (n & 1) as i32 - (n >> 1) as i32
        } else {
            self.v0 + p.count_ones() as i32 - n.count_ones() as i32
        }
    }
}

/// 64 bits of a bit vector stored in words, from bit `start` on (zeros
/// past its end).
#[inline]
fn bits_from(v: &[u64], start: usize) -> u64 {
    let (q, r) = (start / 64, start % 64);
    let lo = v.get(q).map_or(0, |w| w >> r);
    if r == 0 {
        lo
    } else {
        lo | v.get(q + 1).map_or(0, |w| w << (64 - r))
    }
}

thread_local! {
    /// A thread's [`Bufs`], lent to one [`Beam`] at a time.
    static SPARE: RefCell<Bufs> = RefCell::new(Bufs::default());
}

/// `v` emptied and filled with `len` copies of `x`, keeping its allocation.
fn refill<T: Clone>(v: &mut Vec<T>, len: usize, x: T) {
    v.clear();
    v.resize(len, x);
}

impl<'r> Beam<'r> {
    fn new(refw: &'r [u32], n: usize, alphabet: usize, b: &'r mut Bufs) -> Self {
        let m = refw.len();
        // The other vectors are cleared by the code that fills them.
        refill(&mut b.lo, n + 1, 0);
        refill(&mut b.hi, n + 1, m + 1);
        let (trust, bits) = if Self::band_is_whole(n, m) {
            // The rows above are already whole, and every path lies inside.
            (Some(i64::MAX), m < 64)
        } else {
            Self::fill_band(&mut b.lo, &mut b.hi, n, m);
            (
                Self::trust_limit(&b.lo, &b.hi, n, m),
                Self::bits_fit(&b.lo, &b.hi, n, m),
            )
        };
        let blocks = m.div_ceil(64);
        refill(&mut b.peq, alphabet * blocks, 0);
        let peq = &mut b.peq[..];
        for (i, &c) in refw.iter().enumerate() {
            peq[c as usize * blocks + i / 64] |= 1u64 << (i % 64);
        }
        Beam {
            refw,
            n,
            m,
            trust,
            blocks,
            base_ready: false,
            band_ready: false,
            bits,
            floor: 0,
            b,
        }
    }

    /// sacrebleu's beam: `beam` cells either side of the pseudo-diagonal
    /// `floor(i * m / n)` of row i (the last row whole). Returns the
    /// pseudo-diagonal as a function and the beam.
    fn beam_geometry(n: usize, m: usize) -> (impl Fn(usize) -> i64, i64) {
        let ratio = if n > 0 { m as f64 / n as f64 } else { 1.0 };
        let beam = if (BEAM_WIDTH as f64) < ratio / 2.0 {
            (ratio / 2.0 + BEAM_WIDTH as f64).ceil() as i64
        } else {
            BEAM_WIDTH
        };
        // Truncation is floor here (non-negative), without a libm call.
        (move |i: usize| (i as f64 * ratio) as i64, beam)
    }

    /// Whether every row's band is the whole row. The pseudo-diagonal only
    /// grows, so rows 1 and n bound all others.
    fn band_is_whole(n: usize, m: usize) -> bool {
        let (diag, beam) = Self::beam_geometry(n, m);
        diag(n) <= beam && diag(1) + beam > m as i64
    }

    /// Fills the band of rows 1..=n into `lo` and `hi`.
    fn fill_band(lo: &mut [usize], hi: &mut [usize], n: usize, m: usize) {
        let (diag, beam) = Self::beam_geometry(n, m);
        for i in 1..=n {
            let d = diag(i);
            let l = (d - beam).max(0);
            let mut h = (d + beam).min(m as i64 + 1);
            if i == n {
                h = m as i64 + 1;
            }
            lo[i] = l as usize;
            hi[i] = (h.max(l)) as usize;
        }
    }

    /// What the banded DP reads and writes, borrowed apart.
    #[allow(clippy::type_complexity)]
    fn dp_parts(
        &mut self,
    ) -> (
        &[u32],
        &[usize],
        &[usize],
        &[usize],
        &mut Vec<i32>,
        &mut [Vec<i32>; 2],
    ) {
        let b = &mut self.b;
        (self.refw, &b.lo, &b.hi, &b.off, &mut b.cost, &mut b.roll)
    }

    fn trusted(&self, d: i64) -> bool {
        let diff = (self.m as i64 - self.n as i64).abs();
        self.trust.is_some_and(|e_max| (d - diff) / 2 <= e_max)
    }

    /// One Myers step for a reference that fits in one `W`.
    #[inline]
    fn step<W: Lanes>(&self, vp: W, vn: W, score: usize, c: u32) -> (W, W, usize) {
        let last = W::ONE << (self.m - 1) as u32;
        let (vp, vn, change) = myers_step(vp, vn, W::peq(&self.b.peq, c as usize), last);
        (vp, vn, (score as i32 + change) as usize)
    }

    /// Myers distance of `words` from state `(vp, vn, score)` in one `W`.
    fn run<W: Lanes>(
        &self,
        state: (u128, u128, usize),
        words: impl IntoIterator<Item = u32>,
    ) -> usize {
        let (mut vp, mut vn, mut score) = (W::narrow(state.0), W::narrow(state.1), state.2);
        for c in words {
            (vp, vn, score) = self.step(vp, vn, score, c);
        }
        score
    }

    /// Levenshtein distance of `words` to the reference (Myers, ref as pattern).
    fn myers_full(&self, words: impl IntoIterator<Item = u32>) -> usize {
        let start = (!0u128, 0u128, self.m);
        match self.blocks {
            1 => return self.run::<u64>(start, words),
            2 => return self.run::<u128>(start, words),
            _ => {}
        }
        let mut vp = vec![!0u64; self.blocks];
        let mut vn = vec![0u64; self.blocks];
        let mut score = self.m;
        for c in words {
            score = self.multi_step(&mut vp, &mut vn, score, c);
        }
        score
    }

    /// One Myers step over all blocks of a reference longer than 64 words.
    #[inline]
    fn multi_step(&self, vp: &mut [u64], vn: &mut [u64], score: usize, c: u32) -> usize {
        let blocks = self.blocks;
        let eqs = &self.b.peq[c as usize * blocks..c as usize * blocks + blocks];
        (score as i64 + blocks_step(vp, vn, eqs, ((self.m - 1) % 64) as u32)) as usize
    }

    /// Records the Myers states along the base hypothesis: always for up to
    /// two blocks, and for up to `MAX_RESUME_BLOCKS` blocks when the table
    /// stays small.
    fn record_states(&mut self, words: &[u32]) {
        self.b.states.clear();
        self.b.mstates.clear();
        match self.blocks {
            1 => return self.record::<u64>(words),
            2 => return self.record::<u128>(words),
            _ => {}
        }
        let blocks = self.blocks;
        if blocks > MAX_RESUME_BLOCKS || (words.len() + 1) * blocks > MAX_RESUME_WORDS {
            return;
        }
        let mut vp = [!0u64; MAX_RESUME_BLOCKS];
        let mut vn = [0u64; MAX_RESUME_BLOCKS];
        let mut score = self.m;
        let push = |st: &mut Vec<u64>, vp: &[u64], vn: &[u64], score: usize| {
            st.extend_from_slice(vp);
            st.extend_from_slice(vn);
            st.push(score as u64);
        };
        let mut st = std::mem::take(&mut self.b.mstates);
        push(&mut st, &vp[..blocks], &vn[..blocks], score);
        for &c in words {
            score = self.multi_step(&mut vp[..blocks], &mut vn[..blocks], score, c);
            push(&mut st, &vp[..blocks], &vn[..blocks], score);
        }
        self.b.mstates = st;
    }

    /// `record_states` in one `W`.
    fn record<W: Lanes>(&mut self, words: &[u32]) {
        let mut states = std::mem::take(&mut self.b.states);
        let (mut vp, mut vn, mut score) = (!W::ZERO, W::ZERO, self.m);
        states.push((vp.wide(), vn.wide(), score));
        for &c in words {
            (vp, vn, score) = self.step(vp, vn, score, c);
            states.push((vp.wide(), vn.wide(), score));
        }
        self.b.states = states;
    }

    /// Myers distance of a candidate (given as the pieces of the shifted
    /// base, see [`shift_pieces`]) sharing its first `p` words with the base.
    fn myers_from(&self, pieces: &Pieces, p: usize) -> usize {
        match self.blocks {
            1 => return self.run::<u64>(self.b.states[p], words_from(pieces, p)),
            2 => return self.run::<u128>(self.b.states[p], words_from(pieces, p)),
            _ => {}
        }
        if self.b.mstates.is_empty() {
            return self.myers_full(words_from(pieces, 0));
        }
        let blocks = self.blocks;
        let o = p * (2 * blocks + 1);
        let st = &self.b.mstates[o..o + 2 * blocks + 1];
        let mut vp = [0u64; MAX_RESUME_BLOCKS];
        let mut vn = [0u64; MAX_RESUME_BLOCKS];
        vp[..blocks].copy_from_slice(&st[..blocks]);
        vn[..blocks].copy_from_slice(&st[blocks..2 * blocks]);
        let mut score = st[2 * blocks] as usize;
        for c in words_from(pieces, p) {
            score = self.multi_step(&mut vp[..blocks], &mut vn[..blocks], score, c);
        }
        score
    }

    /// A path through cell (i, j) costs at least |k| + |D - k| with k = j - i
    /// and D = m - n. A path of cost d = |D| + 2e therefore stays within
    /// k ∈ [min(0,D) - e, max(0,D) + e]. If that strip lies inside the band
    /// on every row, the banded DP sees an optimal path and equals the plain
    /// Levenshtein distance. Returns the largest such e.
    fn trust_limit(lo: &[usize], hi: &[usize], n: usize, m: usize) -> Option<i64> {
        let d = m as i64 - n as i64;
        let mut e_max = i64::MAX;
        for i in 1..=n {
            let ii = i as i64;
            if lo[i] > 0 {
                e_max = e_max.min(ii + d.min(0) - lo[i] as i64);
            }
            if hi[i] < m + 1 {
                e_max = e_max.min(hi[i] as i64 - 1 - ii - d.max(0));
            }
        }
        (e_max >= 0).then_some(e_max)
    }

    /// Cost of cell (i, j) of the base matrix; INF outside the band.
    #[inline]
    fn at(&self, i: usize, j: usize) -> i32 {
        let lo = self.b.lo[i];
        if j < lo || j >= self.b.hi[i] {
            INF
        } else if !self.bits {
            self.b.cost[self.b.off[i] + j - lo]
        } else if i == 0 {
            // Row 0 is wider than a bit row; its cells are their column.
            j as i32
        } else {
            self.b.rows[i].value(j - lo)
        }
    }

    /// Whether the banded DP can run on [`BitRow`]s: every row from 1 on is
    /// at most 64 cells wide, both edges move right (never left) and each
    /// row overlaps the one above, and row 1 ends within row 0's first 65
    /// cells (the part of row 0 a bit row holds).
    fn bits_fit(lo: &[usize], hi: &[usize], n: usize, m: usize) -> bool {
        (1..=n).all(|i| {
            let hp = if i == 1 { (m + 1).min(65) } else { hi[i - 1] };
            let right_ok = if i == 1 { hi[i] <= hp } else { hi[i] >= hp };
            hi[i] - lo[i] <= 64 && lo[i] >= lo[i - 1] && lo[i] < hp && right_ok
        })
    }

    /// Row 0 as a bit row: its cells are 0, 1, 2, ... (first 65 of them).
    fn bit_row0(&self) -> BitRow {
        BitRow {
            v0: 0,
            last: self.m.min(64) as i32,
            vp: low_bits(self.m.min(64)),
            vn: 0,
        }
    }

    /// Row `i` for hyp word `w` from row `i - 1` (see [`BitRow`]).
    #[inline]
    fn bit_step(&self, prev: &BitRow, i: usize, w: u32) -> BitRow {
        let (lp, lc, hc) = (self.b.lo[i - 1], self.b.lo[i], self.b.hi[i]);
        let hp = if i == 1 {
            (self.m + 1).min(65)
        } else {
            self.b.hi[i - 1]
        };
        let refw = self.refw;
        let s = lc - lp;
        let up = prev.value(s);
        // First cell: its left neighbour is out of the band.
        let c0 = if lc == 0 {
            prev.v0 + 1
        } else if s >= 1 {
            (prev.value(s - 1) + (refw[lc - 1] != w) as i32).min(up + 1)
        } else {
            up + 1
        };
        // Myers' step on the columns both rows hold, with the first cell's
        // vertical difference carried in.
        let peq = &self.b.peq[w as usize * self.blocks..(w as usize + 1) * self.blocks];
        let eq = bits_from(peq, lc);
        let (pv, mv) = if s >= 64 {
            (0, 0)
        } else {
            (prev.vp >> s, prev.vn >> s)
        };
        let hin = c0 - up;
        let (mut vp, mut vn) = (pv, mv);
        // Bit k: the cell in column lc + 1 + k is one more / one less than
        // the cell above it.
        let (up_more, up_less) =
            block_step(&mut vp, &mut vn, eq, (hin > 0) as u64, (hin < 0) as u64);
        // Bits depend only on lower ones: those past the overlap are junk.
        let valid = hp.min(hc) - lc - 1;
        vp &= low_bits(valid);
        vn &= low_bits(valid);
        // The last column both rows hold: the row above's last cell (row
        // 0's cells are their column), plus the difference just computed.
        let t = hp.min(hc) - 1;
        let above = if i == 1 { t as i32 } else { prev.last };
        let at_t = if t == lc {
            c0
        } else {
            let k = t - lc - 1;
            above + (up_more >> k & 1) as i32 - (up_less >> k & 1) as i32
        };
        let mut last = at_t;
        if hc > hp {
            // Cells right of the row above: from the diagonal (first one
            // only) or the left.
            let first = (prev.last + (refw[hp - 1] != w) as i32).min(at_t + 1);
            match first - at_t {
                1 => vp |= 1 << valid,
                -1 => vn |= 1 << valid,
                _ => {}
            }
            vp |= low_bits(hc - lc - 1) & !low_bits(valid + 1);
            last = first + (hc - 1 - hp) as i32;
        }
        BitRow {
            v0: c0,
            last,
            vp,
            vn,
        }
    }

    /// [`Beam::base`] on bit rows.
    fn base_bits(&mut self, words: &[u32]) -> i32 {
        let n = self.n;
        let mut rows = std::mem::take(&mut self.b.rows);
        rows.clear();
        rows.push(self.bit_row0());
        for i in 1..=n {
            let row = self.bit_step(&rows[i - 1], i, words[i - 1]);
            rows.push(row);
        }
        let d = rows[n].last;
        self.b.rows = rows;
        self.base_ready = true;
        d
    }

    /// [`Beam::banded`] on bit rows: a row equals the base's plus a
    /// constant exactly when their difference bits are equal.
    fn banded_bits(&self, words: &[u32], p: usize, settle: usize) -> i32 {
        let n = self.n;
        let rows = &self.b.rows;
        let mut row = if p == 0 { self.bit_row0() } else { rows[p] };
        for i in p + 1..=n {
            row = self.bit_step(&row, i, words[i - 1]);
            if i >= settle && i < n && row.vp == rows[i].vp && row.vn == rows[i].vn {
                return rows[n].last + row.v0 - rows[i].v0;
            }
        }
        // The last row ends at column m.
        if p == n { rows[n].last } else { row.last }
    }

    /// Banded DP with ops for `words` (all rows); returns the distance.
    /// Only band cells are stored (row i at `off[i]`), so memory stays
    /// O(n · beam) even for very long segments; the rows being computed live
    /// in the full-width rolling buffers, so reads need no band checks.
    fn base(&mut self, words: &[u32]) -> i32 {
        if self.bits {
            return self.base_bits(words);
        }
        let (n, m) = (self.n, self.m);
        if !self.band_ready {
            let b = &mut self.b;
            refill(&mut b.off, n + 1, 0);
            let mut total = 0;
            for i in 0..=n {
                b.off[i] = total;
                total += b.hi[i] - b.lo[i];
            }
            // Every cell is written below before it is read.
            b.cost.resize(total, INF);
            for row in &mut b.roll {
                refill(row, m + 1, INF);
            }
            self.band_ready = true;
        }
        let (refw, lo, hi, off, cost, roll) = self.dp_parts();
        let (r0, r1) = roll.split_at_mut(1);
        let (r0, r1) = (&mut r0[0], &mut r1[0]);
        for j in 0..=m {
            r0[j] = j as i32;
            cost[j] = j as i32;
        }
        for i in 1..=n {
            let (cur, prev): (&mut Vec<i32>, &Vec<i32>) = if i & 1 == 0 {
                (&mut *r0, &*r1)
            } else {
                (&mut *r1, &*r0)
            };
            if i >= 2 {
                cur[lo[i - 2]..hi[i - 2]].fill(INF);
            }
            let (l, h, o) = (lo[i], hi[i], off[i]);
            // Costs only: the op of a cell on the trace is recomputed from
            // its neighbours (see `op_at`).
            dp_row(prev, cur, refw, words[i - 1], l, h);
            cost[o..o + h - l].copy_from_slice(&cur[l..h]);
        }
        let d = if n & 1 == 0 { r0[m] } else { r1[m] };
        // Leave both buffers all-INF.
        for i in [n, n.saturating_sub(1)] {
            let buf = if i & 1 == 0 { &mut *r0 } else { &mut *r1 };
            buf[lo[i]..hi[i]].fill(INF);
        }
        self.base_ready = true;
        d
    }

    /// Cost of cell (i, j) of the current hypothesis' matrix: from the banded
    /// DP when it ran, else from the Myers state after i words (vertical
    /// deltas below row j summed onto D(i, 0) = i). The two agree on every
    /// cell the trace compares when the round is trusted: a neighbour that
    /// ties the full-matrix cost lies on an optimal path, hence inside the
    /// band, where both matrices are equal; one that does not tie in the
    /// full matrix cannot tie in the banded one, whose costs are never lower.
    #[inline]
    fn cost_at(&self, i: usize, j: usize) -> i32 {
        if self.base_ready {
            return self.at(i, j);
        }
        let (vp, vn, _) = self.b.states[i];
        let mask = if j >= 128 { !0 } else { (1u128 << j) - 1 };
        i as i32 + (vp & mask).count_ones() as i32 - (vn & mask).count_ones() as i32
    }

    /// The op sacrebleu stores at cell (i, j): the first of substitution or
    /// match (diagonal), deletion (up), insertion (left) reaching the cell's
    /// cost, as its strict `>` comparison in that order picks; UNDEF for an
    /// unreachable cell.
    fn op_at(&self, words: &[u32], i: usize, j: usize) -> u8 {
        if i == 0 {
            return OP_INS;
        }
        let v = self.cost_at(i, j);
        if v >= INF {
            return OP_UNDEF;
        }
        if j == 0 {
            return OP_DEL;
        }
        let same = words[i - 1] == self.refw[j - 1];
        if self.cost_at(i - 1, j - 1) + (!same) as i32 == v {
            if same { OP_NOP } else { OP_SUB }
        } else if self.cost_at(i - 1, j) + 1 == v {
            OP_DEL
        } else if self.cost_at(i, j - 1) + 1 == v {
            OP_INS
        } else {
            OP_UNDEF
        }
    }

    /// The trace from (n, m) back to (0, 0), one [`Beam::op_at`] per cell.
    fn op_trace(&self, words: &[u32], trace: &mut Vec<u8>) {
        let (mut i, mut j) = (self.n, self.m);
        while i > 0 || j > 0 {
            let op = self.op_at(words, i, j);
            trace.push(op);
            match op {
                OP_SUB | OP_NOP => (i, j) = (i - 1, j - 1),
                OP_INS => j -= 1,
                OP_DEL => i -= 1,
                // sacrebleu raises here; an unreachable cell cannot be on
                // the trace of a finite distance, so stop quietly.
                _ => break,
            }
        }
    }

    /// [`Beam::op_trace`] for a trusted round, from the Myers states.
    /// Walking back, the current cell's value and the one above it are
    /// carried along: a step left reads one difference bit per row, and
    /// only a step up sums a row prefix (`cost_at`).
    fn trusted_trace(&self, words: &[u32], trace: &mut Vec<u8>) {
        let st = &self.b.states;
        // D(i, j) - D(i, j - 1), for j ≥ 1.
        let bit = |i: usize, j: usize| {
            let (vp, vn, _) = st[i];
            (vp >> (j - 1) & 1) as i32 - (vn >> (j - 1) & 1) as i32
        };
        let (mut i, mut j) = (self.n, self.m);
        let mut v = self.cost_at(i, j);
        let mut up = if i > 0 { self.cost_at(i - 1, j) } else { 0 };
        while i > 0 || j > 0 {
            let op = if i == 0 {
                OP_INS
            } else if j == 0 {
                OP_DEL
            } else {
                let same = words[i - 1] == self.refw[j - 1];
                if up - bit(i - 1, j) + (!same) as i32 == v {
                    if same { OP_NOP } else { OP_SUB }
                } else if up + 1 == v {
                    OP_DEL
                } else if bit(i, j) == 1 {
                    OP_INS
                } else {
                    OP_UNDEF
                }
            };
            trace.push(op);
            match op {
                OP_SUB | OP_NOP | OP_DEL => {
                    v = up;
                    if op != OP_DEL {
                        v -= bit(i - 1, j);
                        j -= 1;
                    }
                    i -= 1;
                    up = if i > 0 { self.cost_at(i - 1, j) } else { 0 };
                }
                OP_INS => {
                    // Row 0's cells are their column: its bits are all set.
                    v -= bit(i, j);
                    if i > 0 {
                        up -= bit(i - 1, j);
                    }
                    j -= 1;
                }
                _ => break,
            }
        }
    }

    /// Trace of the current base, turned into sacrebleu's alignment (after
    /// flipping insertions and deletions): `align[ref pos] = hyp pos`.
    fn alignment(&mut self, words: &[u32]) {
        let mut trace = Vec::with_capacity(self.n + self.m);
        if self.base_ready {
            self.op_trace(words, &mut trace);
        } else {
            self.trusted_trace(words, &mut trace);
        }
        trace.reverse();
        self.b.align.clear();
        self.b.hyp_err.clear();
        self.b.ref_err.clear();
        self.b.hyp_err.push(0);
        self.b.ref_err.push(0);
        // align is pushed in reference order, so its index is the ref position.
        let mut ph = -1i64;
        // Prefix sums of error flags so range sums are O(1).
        let mut he = 0u32;
        let mut re = 0u32;
        for op in trace {
            match op {
                OP_NOP | OP_SUB => {
                    ph += 1;
                    self.b.align.push(ph);
                    let e = (op == OP_SUB) as u32;
                    he += e;
                    re += e;
                    self.b.hyp_err.push(he);
                    self.b.ref_err.push(re);
                }
                // A deletion from the hypothesis: flipped to an insertion.
                OP_DEL => {
                    ph += 1;
                    he += 1;
                    self.b.hyp_err.push(he);
                }
                // An insertion of a reference word: flipped to a deletion.
                _ => {
                    self.b.align.push(ph);
                    re += 1;
                    self.b.ref_err.push(re);
                }
            }
        }
        first_error_len(&self.b.hyp_err, &mut self.b.hyp_err_len);
        first_error_len(&self.b.ref_err, &mut self.b.ref_err_len);
    }

    /// Exact gain of a candidate, or an upper bound of it. The plain
    /// Levenshtein distance `d` is a lower bound of the banded distance, and
    /// equal to it when the band provably keeps every path of cost `d`.
    fn candidate_gain(&self, pieces: &Pieces, p: usize, pre: i64) -> Gain {
        let d = self.myers_from(pieces, p) as i64;
        if self.trusted(d) {
            Gain::Exact(pre - d)
        } else {
            Gain::AtMost(pre - d)
        }
    }

    /// Exact gain of an untrusted candidate: the banded DP of the shifted
    /// words, resumed at the row where they depart from the base.
    fn exact_gain(&mut self, key: Key, pre: i64) -> i64 {
        if !self.base_ready {
            let cur = std::mem::take(&mut self.b.cur);
            self.base(&cur);
            self.b.cur = cur;
        }
        let (len, sh, idx) = (key.1, (-key.2) as usize, (-key.3) as usize);
        let mut shifted = std::mem::take(&mut self.b.scratch);
        perform_shift(&self.b.cur, sh, len, idx, &mut shifted);
        // Past the moved block and its target the words are the base's again.
        let settle = (sh.max(idx) + len).min(self.n);
        let gain = pre - self.banded(&shifted, sh.min(idx), settle) as i64;
        self.b.scratch = shifted;
        gain
    }

    /// Banded distance of a candidate whose first `p` words equal the base's.
    ///
    /// From row `settle` on the candidate's words equal the base's again, so
    /// once a row equals the base's row plus a constant on every band cell,
    /// every later row does too, and the distance is the base's plus that
    /// constant: the DP stops there.
    fn banded(&mut self, words: &[u32], p: usize, settle: usize) -> i32 {
        if self.bits {
            return self.banded_bits(words, p, settle);
        }
        let (n, m) = (self.n, self.m);
        if p == n {
            return self.at(n, m);
        }
        let base_final = self.at(n, m);
        let (refw, lo, hi, off, cost, roll) = self.dp_parts();
        let (r0, r1) = roll.split_at_mut(1);
        let (r0, r1) = (&mut r0[0], &mut r1[0]);
        // Row p comes from the base; the buffers are all-INF when idle.
        {
            let buf = if p & 1 == 0 { &mut *r0 } else { &mut *r1 };
            buf[lo[p]..hi[p]].copy_from_slice(&cost[off[p]..off[p] + hi[p] - lo[p]]);
        }
        for i in p + 1..=n {
            let (cur, prev): (&mut Vec<i32>, &Vec<i32>) = if i & 1 == 0 {
                (&mut *r0, &*r1)
            } else {
                (&mut *r1, &*r0)
            };
            // Reset what row i-2 left in this buffer.
            if i >= p + 2 {
                cur[lo[i - 2]..hi[i - 2]].fill(INF);
            }
            dp_row(prev, cur, refw, words[i - 1], lo[i], hi[i]);
            if i >= settle && i < n {
                let (l, h) = (lo[i], hi[i]);
                if let Some(c) = constant_offset(&cur[l..h], &cost[off[i]..off[i] + h - l]) {
                    for k in [i, i - 1] {
                        if k >= p {
                            let buf = if k & 1 == 0 { &mut *r0 } else { &mut *r1 };
                            buf[lo[k]..hi[k]].fill(INF);
                        }
                    }
                    return base_final + c;
                }
            }
        }
        let d = if n & 1 == 0 { r0[m] } else { r1[m] };
        // Leave both buffers all-INF.
        for i in [n, n - 1] {
            if i >= p {
                let buf = if i & 1 == 0 { &mut *r0 } else { &mut *r1 };
                buf[lo[i]..hi[i]].fill(INF);
            }
        }
        d
    }

    /// One round of `_shift`: the best shift of `words` and its gain.
    ///
    /// Candidates are enumerated in sacrebleu's order, which decides which
    /// of them the 1,000-candidate limit lets in; the winner is the largest
    /// `(gain, len, -start, -target)` among those, whatever the order in
    /// which they are scored. So trusted candidates are scored exactly on
    /// the spot, the others get an upper bound, and only those whose bound
    /// beats the best exact key get the banded DP, highest bound first
    /// (branch and bound).
    fn best_shift(&mut self, words: &[u32], checked: &mut usize) -> (i64, Vec<u32>, i64) {
        self.record_states(words);
        self.b.cur.clear();
        self.b.cur.extend_from_slice(words);
        let myers = self.b.states.last().map(|s| s.2 as i64);
        let pre = match myers {
            Some(d) if self.trusted(d) => {
                self.base_ready = false;
                d
            }
            _ => self.base(words) as i64,
        };
        if pre == self.floor {
            return (0, Vec::new(), pre);
        }
        self.alignment(words);
        let (n, m) = (self.n, self.m);
        let refw = self.refw;
        let mut best: Option<Key> = None;
        self.b.pending.clear();
        'outer: for sh in 0..n {
            // Only reference positions holding the same word can start a
            // match; visiting them in ascending order keeps sacrebleu's order.
            let c = words[sh] as usize;
            let (from, to) = (sh.saturating_sub(MAX_SHIFT_DIST), sh + MAX_SHIFT_DIST + 1);
            // The word's positions are the set bits of its Peq vector,
            // read from `from` on, ascending.
            let end = to.min(self.blocks * 64);
            let mut k = from / 64;
            let mut set = if from < end {
                self.b.peq[c * self.blocks + k] & !low_bits(from % 64)
            } else {
                0
            };
            loop {
                while set == 0 {
                    k += 1;
                    if k * 64 >= end {
                        break;
                    }
                    set = self.b.peq[c * self.blocks + k];
                }
                if set == 0 {
                    break;
                }
                let sr = k * 64 + set.trailing_zeros() as usize;
                set &= set - 1;
                if sr >= to {
                    break;
                }
                // Blocks without an error on both sides are skipped by
                // `try_triple`'s first tests; do not even call it for them.
                let shortest = self.b.hyp_err_len[sh].max(self.b.ref_err_len[sr]);
                if shortest > MAX_SHIFT_SIZE {
                    continue;
                }
                let mut len = 0;
                while len < MAX_SHIFT_SIZE && words[sh + len] == refw[sr + len] {
                    len += 1;
                    if len >= shortest
                        && self.try_triple(words, sh, sr, len, pre, checked, &mut best)
                        && *checked >= MAX_SHIFT_CANDIDATES
                    {
                        break 'outer;
                    }
                    if sh + len == n || sr + len == m {
                        break;
                    }
                }
            }
        }
        if *checked >= MAX_SHIFT_CANDIDATES {
            // The search ends with this round's distance, whatever its best.
            return (0, Vec::new(), pre);
        }
        let mut pending = std::mem::take(&mut self.b.pending);
        pending.sort_unstable_by(|a, b| b.cmp(a));
        for &bound in &pending {
            // A gain of 0 or less ends the search like no candidate at all.
            if bound.0 <= 0 || best.is_some_and(|b| bound <= b) {
                break;
            }
            let key = (self.exact_gain(bound, pre), bound.1, bound.2, bound.3);
            if best.is_none_or(|b| key > b) {
                best = Some(key);
            }
        }
        self.b.pending = pending;
        match best {
            Some(key) if key.0 > 0 => {
                let mut out = Vec::with_capacity(n);
                perform_shift(words, (-key.2) as usize, key.1, (-key.3) as usize, &mut out);
                (key.0, out, pre)
            }
            _ => (0, Vec::new(), pre),
        }
    }

    /// Evaluates the shift targets of one matching block; returns false when
    /// the block is filtered out (sacrebleu's `continue`).
    #[allow(clippy::too_many_arguments)]
    fn try_triple(
        &mut self,
        words: &[u32],
        sh: usize,
        sr: usize,
        len: usize,
        pre: i64,
        checked: &mut usize,
        best: &mut Option<Key>,
    ) -> bool {
        if self.b.hyp_err[sh + len] - self.b.hyp_err[sh] == 0 {
            return false;
        }
        if self.b.ref_err[sr + len] - self.b.ref_err[sr] == 0 {
            return false;
        }
        let a = self.b.align[sr];
        if sh as i64 <= a && a < (sh + len) as i64 {
            return false;
        }
        let mut prev_idx = -1i64;
        for offset in -1i64..len as i64 {
            let pos = sr as i64 + offset;
            let idx = if pos == -1 {
                0
            } else if (pos as usize) < self.m {
                self.b.align[pos as usize] + 1
            } else {
                break;
            };
            if idx == prev_idx {
                continue;
            }
            prev_idx = idx;
            *checked += 1;
            // No shift goes below the floor: a candidate that could not
            // beat the best key even at the floor needs no distance.
            if best.is_some_and(|b| (pre - self.floor, len, -(sh as i64), -idx) <= b) {
                continue;
            }
            let pieces = shift_pieces(words, sh, len, idx as usize);
            let gain = self.candidate_gain(&pieces, sh.min(idx as usize), pre);
            match gain {
                Gain::Exact(g) => {
                    let key = (g, len, -(sh as i64), -idx);
                    if best.is_none_or(|b| key > b) {
                        *best = Some(key);
                    }
                }
                Gain::AtMost(g) => {
                    if g > 0 {
                        self.b.pending.push((g, len, -(sh as i64), -idx));
                    }
                }
            }
        }
        true
    }
}

/// `max(n, m)` minus the size of the two word multisets' intersection: a
/// lower bound of the edit distance of `hyp` (and so of the banded one)
/// and of every reordering of it, since an alignment matches each word at
/// most once and a shift keeps the multiset. Ids are below `alphabet`;
/// `counts` is all zero on entry and on return.
fn bag_floor(hyp: &[u32], refw: &[u32], alphabet: usize, counts: &mut Vec<u32>) -> usize {
    if counts.len() < alphabet {
        counts.resize(alphabet, 0);
    }
    for &w in refw {
        counts[w as usize] += 1;
    }
    let mut common = 0;
    for &w in hyp {
        let c = &mut counts[w as usize];
        if *c > 0 {
            *c -= 1;
            common += 1;
        }
    }
    for &w in refw {
        counts[w as usize] = 0;
    }
    hyp.len().max(refw.len()) - common
}

/// Row `l..h` of the banded DP for hyp word `hw` from the previous row
/// (full width, INF outside its band); the cell left of the band is INF.
/// The left neighbour stays in a register: reloading it from the row just
/// stored would put a store-to-load round trip on the critical path.
#[inline]
fn dp_row(prev: &[i32], cur: &mut [i32], refw: &[u32], hw: u32, l: usize, h: usize) {
    let (mut left, from) = if l == 0 {
        cur[0] = prev[0] + 1;
        (cur[0], 1)
    } else {
        (INF, l)
    };
    if from >= h {
        return;
    }
    let diag = &prev[from - 1..h - 1];
    let up = &prev[from..h];
    let rw = &refw[from - 1..h - 1];
    let out = &mut cur[from..h];
    // Diagonal and vertical moves first, in a loop without a carried
    // dependency (it vectorises), then the horizontal moves as a running
    // minimum.
    for (((o, &d), &u), &r) in out.iter_mut().zip(diag).zip(up).zip(rw) {
        *o = (d + (hw != r) as i32).min(u + 1);
    }
    for o in out.iter_mut() {
        let v = (*o).min(left + 1).min(INF);
        *o = v;
        left = v;
    }
}

/// `Some(c)` when `row[j] == base[j] + c` on every cell (unreachable cells,
/// INF, on both sides alike).
fn constant_offset(row: &[i32], base: &[i32]) -> Option<i32> {
    let mut c = None;
    for (&a, &b) in row.iter().zip(base) {
        if a >= INF || b >= INF {
            if a != b {
                return None;
            }
        } else if *c.get_or_insert(a - b) != a - b {
            return None;
        }
    }
    Some(c.unwrap_or(0))
}

/// `(gain, len, -start, -target)`: sacrebleu keeps the largest.
type Key = (i64, usize, i64, i64);

enum Gain {
    Exact(i64),
    AtMost(i64),
}

/// For prefix sums of error flags `err` (length k + 1), `out[i]` is the
/// smallest `len` with `err[i + len] > err[i]` (usize::MAX when none).
fn first_error_len(err: &[u32], out: &mut Vec<usize>) {
    out.clear();
    out.resize(err.len(), usize::MAX);
    for i in (0..err.len().saturating_sub(1)).rev() {
        out[i] = if err[i + 1] > err[i] {
            1
        } else {
            out[i + 1].saturating_add(1)
        };
    }
}

/// The words of a shifted hypothesis, as four consecutive slices.
type Pieces<'w> = [&'w [u32]; 4];

/// sacrebleu `_perform_shift` (including its clamped-slice case when the
/// target lies inside the moved block), as the slices of `w` it joins.
fn shift_pieces(w: &[u32], start: usize, len: usize, target: usize) -> Pieces<'_> {
    let n = w.len();
    let sl = |a: usize, b: usize| &w[a.min(n)..b.min(n).max(a.min(n))];
    if target < start {
        [
            sl(0, target),
            sl(start, start + len),
            sl(target, start),
            sl(start + len, n),
        ]
    } else if target > start + len {
        [
            sl(0, start),
            sl(start + len, target),
            sl(start, start + len),
            sl(target, n),
        ]
    } else {
        [
            sl(0, start),
            sl(start + len, len + target),
            sl(start, start + len),
            sl(len + target, n),
        ]
    }
}

fn perform_shift(w: &[u32], start: usize, len: usize, target: usize, out: &mut Vec<u32>) {
    out.clear();
    for piece in shift_pieces(w, start, len, target) {
        out.extend_from_slice(piece);
    }
}

/// The words of `pieces` from position `p` on.
fn words_from<'w>(pieces: &'w Pieces, p: usize) -> impl Iterator<Item = u32> + 'w {
    let mut skip = p;
    pieces.iter().flat_map(move |piece| {
        let k = skip.min(piece.len());
        skip -= k;
        piece[k..].iter().copied()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain Levenshtein distance of id sequences, cell by cell.
    fn lev_ids(a: &[u32], b: &[u32]) -> usize {
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, &x) in a.iter().enumerate() {
            let mut diag = row[0];
            row[0] = i + 1;
            for (j, &y) in b.iter().enumerate() {
                let v = (diag + (x != y) as usize)
                    .min(row[j] + 1)
                    .min(row[j + 1] + 1);
                diag = row[j + 1];
                row[j + 1] = v;
            }
        }
        row[b.len()]
    }

    #[test]
    fn bag_floor_is_the_multiset_bound() {
        let mut next = crate::metric::text::test_rng(0xf100_7ba9);
        let mut counts = Vec::new();
        let mut tight = 0;
        for _ in 0..2000 {
            let sigma = 1 + next(12);
            let h: Vec<u32> = (0..next(30)).map(|_| next(sigma) as u32).collect();
            let r: Vec<u32> = (0..next(30)).map(|_| next(sigma) as u32).collect();
            let f = bag_floor(&h, &r, sigma, &mut counts);
            let mut common = 0;
            let mut left = r.clone();
            for w in &h {
                if let Some(k) = left.iter().position(|x| x == w) {
                    left.swap_remove(k);
                    common += 1;
                }
            }
            assert_eq!(f, h.len().max(r.len()) - common, "{h:?} {r:?}");
            let d = lev_ids(&h, &r);
            assert!(f <= d, "{h:?} {r:?}");
            tight += (f == d) as usize;
            assert!(counts.iter().all(|&c| c == 0), "counts left dirty");
            // Any reordering keeps the bound.
            let mut g = h.clone();
            g.reverse();
            assert!(f <= lev_ids(&g, &r));
        }
        assert!(tight > 200, "{tight}");
    }

    #[test]
    fn floor_shortcuts_keep_every_result() {
        // Shapes where the floor fires (substitutions, deletions, one
        // moved block, a truncated side) and where it does not (reordered
        // and unrelated words), on small alphabets so shifts abound.
        let mut next = crate::metric::text::test_rng(0x5eed_f100);
        let mut fired = 0;
        for case in 0..3000 {
            let sigma = 2 + next(if case % 2 == 0 { 6 } else { 40 });
            let m = 1 + next(if case % 10 == 0 { 120 } else { 40 });
            let r: Vec<u32> = (0..m).map(|_| next(sigma) as u32).collect();
            let mut h = r.clone();
            match next(5) {
                0 => {
                    for _ in 0..=next(3) {
                        let k = next(h.len());
                        h[k] = next(sigma) as u32;
                    }
                }
                1 => h.truncate(1 + next(m)),
                2 => {
                    let (sh, len) = (next(m), 1 + next(8));
                    let len = len.min(m - sh);
                    let mut out = Vec::new();
                    perform_shift(&h, sh, len, next(m + 1), &mut out);
                    h = out;
                    if next(2) == 0 {
                        let k = next(h.len());
                        h.remove(k);
                    }
                }
                3 => h.reverse(),
                _ => h = (0..1 + next(40)).map(|_| next(sigma) as u32).collect(),
            }
            if h.is_empty() {
                continue;
            }
            let alphabet = sigma;
            let fast = edits_with(&h, &r, alphabet, true);
            let slow = edits_with(&h, &r, alphabet, false);
            assert_eq!(fast, slow, "{h:?} {r:?}");
            let f = bag_floor(&h, &r, alphabet, &mut Vec::new());
            fired += (fast - f <= 1) as usize;
        }
        assert!(fired > 500, "{fired}");
    }

    #[test]
    fn giant_sides_are_capped_not_computed() {
        let long: Vec<String> = (0..MAX_TER_WORDS + 1)
            .map(|i| format!("w{}", i % 97))
            .collect();
        let a = long.join(" ");
        let b = long.iter().rev().cloned().collect::<Vec<_>>().join(" ");
        let s = stats(&a, &b);
        assert_eq!(s.capped, 1);
        assert!(s.score().is_nan());
        // Identical text needs no edits, whatever its length.
        assert_eq!(
            stats(&a, &a.to_uppercase()),
            TerStats {
                edits: 0,
                ref_len: long.len() as u64,
                capped: 0
            }
        );
        // Corpus TER leaves a capped pair out instead of failing.
        let mut c = stats("a b c", "a b d");
        c.edits += s.edits;
        c.ref_len += s.ref_len;
        c.capped += s.capped;
        assert!((c.score() - 100.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn empty_sides() {
        assert_eq!(sentence_ter("", ""), 0.0);
        assert_eq!(sentence_ter("a b", ""), 100.0);
        assert_eq!(sentence_ter("", "a b c"), 100.0);
        assert_eq!(sentence_ter("  ", " \t"), 0.0);
    }

    #[test]
    fn lowercased_and_unicode_lower() {
        assert_eq!(sentence_ter("The CAT", "the cat"), 0.0);
        assert_eq!(sentence_ter("STRASSE Straße", "strasse straße"), 0.0);
        assert_eq!(sentence_ter("İstanbul", "istanbul"), 100.0);
    }

    #[test]
    fn a_shift_counts_once() {
        // Moving "d e" back costs one shift instead of four edits.
        let t = sentence_ter("a b c d e f", "a d e b c f");
        assert!((t - 100.0 / 6.0).abs() < 1e-12, "{t}");
    }

    #[test]
    fn first_error_lengths() {
        let mut out = Vec::new();
        first_error_len(&[0, 0, 1, 1, 1, 2], &mut out);
        assert_eq!(out, [2, 1, 3, 2, 1, usize::MAX]);
        first_error_len(&[0, 0], &mut out);
        assert_eq!(out, [usize::MAX, usize::MAX]);
    }

    #[test]
    fn perform_shift_cases() {
        let w = [0, 1, 2, 3, 4, 5];
        let mut out = Vec::new();
        perform_shift(&w, 3, 2, 1, &mut out);
        assert_eq!(out, [0, 3, 4, 1, 2, 5]);
        perform_shift(&w, 0, 2, 4, &mut out);
        assert_eq!(out, [2, 3, 0, 1, 4, 5]);
        perform_shift(&w, 1, 2, 2, &mut out);
        assert_eq!(out, [0, 3, 1, 2, 4, 5]);
        perform_shift(&w, 3, 2, 5, &mut out);
        assert_eq!(out, [0, 1, 2, 5, 3, 4]);
    }

    /// Stopping the banded DP once a row settles at a constant offset from
    /// the base must give the full DP's distance; resumed Myers runs must
    /// give the distance from scratch.
    #[test]
    fn settled_banded_dp_equals_full_banded_dp() {
        let mut next = crate::metric::text::test_rng(0x1234_5678_9abc_def1u64);
        for _ in 0..300 {
            let m = 30 + next(200);
            let r: Vec<u32> = (0..m).map(|_| next(6) as u32).collect();
            let mut h = r.clone();
            for _ in 0..next(8) {
                let a = next(h.len());
                h[a] = next(6) as u32;
            }
            let k = next(h.len());
            h.rotate_left(k);
            let mut bufs = Bufs::default();
            let mut beam = Beam::new(&r, h.len(), 6, &mut bufs);
            beam.base(&h);
            beam.record_states(&h);
            for _ in 0..20 {
                let (sh, len) = (next(h.len()), 1 + next(10));
                let len = len.min(h.len() - sh);
                let idx = next(h.len() + 1);
                let mut shifted = Vec::new();
                perform_shift(&h, sh, len, idx, &mut shifted);
                let p = sh.min(idx);
                let settle = (sh.max(idx) + len).min(h.len());
                assert_eq!(shifted[settle..], h[settle..]);
                let full = beam.banded(&shifted, p, h.len());
                assert_eq!(beam.banded(&shifted, p, settle), full);
                // Resuming Myers from the recorded prefix state (one block
                // or several) equals running it from scratch.
                let pieces = shift_pieces(&h, sh, len, idx);
                assert_eq!(words_from(&pieces, 0).collect::<Vec<_>>(), shifted);
                let scratch = beam.myers_full(shifted.iter().copied());
                assert_eq!(beam.myers_from(&pieces, p), scratch);
            }
        }
    }

    /// The banded DP on bit rows must equal the cell-by-cell one on every
    /// band cell and for every resumed candidate, over length ratios that
    /// move the band by 0, 1 or several columns a row.
    #[test]
    fn bit_rows_equal_cell_by_cell_banded_dp() {
        let mut next = crate::metric::text::test_rng(0x0dd_ba11_5eed_cafeu64);
        let mut bit_pairs = 0;
        for _ in 0..400 {
            let (n, m) = (1 + next(140), 1 + next(140));
            let sigma = 2 + next(8);
            let r: Vec<u32> = (0..m).map(|_| next(sigma) as u32).collect();
            let h: Vec<u32> = (0..n).map(|_| next(sigma) as u32).collect();
            let (mut b1, mut b2) = (Bufs::default(), Bufs::default());
            let mut fast = Beam::new(&r, n, sigma, &mut b1);
            let mut slow = Beam::new(&r, n, sigma, &mut b2);
            if !fast.bits {
                continue;
            }
            bit_pairs += 1;
            slow.bits = false;
            assert_eq!(fast.base(&h), slow.base(&h), "{h:?} {r:?}");
            for i in 0..=n {
                for j in 0..=m {
                    assert_eq!(fast.at(i, j), slow.at(i, j), "cell {i},{j}");
                }
                if i > 0 {
                    let end = fast.b.hi[i] - 1;
                    assert_eq!(fast.b.rows[i].last, slow.at(i, end), "row {i}");
                }
            }
            for _ in 0..10 {
                let (sh, len) = (next(n), 1 + next(10));
                let len = len.min(n - sh);
                let idx = next(n + 1);
                let mut shifted = Vec::new();
                perform_shift(&h, sh, len, idx, &mut shifted);
                let (p, settle) = (sh.min(idx), (sh.max(idx) + len).min(n));
                assert_eq!(
                    fast.banded(&shifted, p, settle),
                    slow.banded(&shifted, p, settle)
                );
            }
        }
        assert!(bit_pairs > 300, "{bit_pairs}");
        // A length ratio above 40 widens row 1 past what a bit row holds.
        let r: Vec<u32> = (0..90).map(|i| i % 5).collect();
        assert!(!Beam::new(&r, 2, 5, &mut Bufs::default()).bits);
    }

    /// When `band_is_whole` says so, filling the rows one by one gives
    /// whole rows too, and the trust and bit-row checks agree.
    #[test]
    fn whole_row_bands_need_no_row_loop() {
        let mut whole = 0;
        for n in 1..90 {
            for m in 1..90 {
                if !Beam::band_is_whole(n, m) {
                    continue;
                }
                // Row 0 is whole by definition; rows 1..=n must be filled.
                let (mut lo, mut hi) = (vec![usize::MAX; n + 1], vec![usize::MAX; n + 1]);
                (lo[0], hi[0]) = (0, m + 1);
                whole += 1;
                Beam::fill_band(&mut lo, &mut hi, n, m);
                assert!(lo.iter().all(|&l| l == 0), "{n} {m}");
                assert!(hi.iter().all(|&h| h == m + 1), "{n} {m}");
                assert_eq!(Beam::trust_limit(&lo, &hi, n, m), Some(i64::MAX));
                assert_eq!(Beam::bits_fit(&lo, &hi, n, m), m < 64, "{n} {m}");
            }
        }
        assert!(whole > 500, "{whole}");
    }

    /// The carried-value trace of a trusted round must pick the op that
    /// `op_at` picks at every cell of the walk.
    #[test]
    fn trusted_trace_equals_op_by_op_trace() {
        let mut next = crate::metric::text::test_rng(0x7ace_7ace_0123_4567u64);
        for _ in 0..500 {
            let (n, m) = (1 + next(120), 1 + next(120));
            let sigma = 2 + next(6);
            let r: Vec<u32> = (0..m).map(|_| next(sigma) as u32).collect();
            let h: Vec<u32> = (0..n).map(|_| next(sigma) as u32).collect();
            let mut bufs = Bufs::default();
            let mut beam = Beam::new(&r, n, sigma, &mut bufs);
            beam.record_states(&h);
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            beam.trusted_trace(&h, &mut fast);
            beam.op_trace(&h, &mut slow);
            assert_eq!(fast, slow, "{h:?} {r:?}");
        }
    }

    #[test]
    fn trusted_myers_equals_banded_dp() {
        // Long sequences where the band matters: compare the shortcut with
        // the banded DP directly.
        let r: Vec<u32> = (0..120).map(|i| (i * 7 % 13) as u32).collect();
        let mut h = r.clone();
        h.reverse();
        h.truncate(100);
        let mut bufs = Bufs::default();
        let mut beam = Beam::new(&r, h.len(), 13, &mut bufs);
        let banded = beam.base(&h);
        beam.record_states(&h);
        let slow = beam.banded(&h, 0, h.len());
        let fast = beam.candidate_gain(&[&h[..], &[], &[], &[]], 0, 1000);
        assert_eq!(banded, slow);
        // Trusted: the Myers distance is the banded one; otherwise it bounds
        // the gain from above.
        match fast {
            Gain::Exact(g) => assert_eq!(g, 1000 - banded as i64),
            Gain::AtMost(g) => assert!(g >= 1000 - banded as i64),
        }
    }
}
