//! The beam-limited edit distance's state: the band around the
//! pseudo-diagonal, the buffers a thread keeps between pairs, and which
//! distances the band provably leaves exact.

use super::bits::BitRow;
use super::shift::Key;
use super::*;

pub(super) struct Beam<'r> {
    pub(super) refw: &'r [u32],
    pub(super) n: usize,
    pub(super) m: usize,
    /// Largest slack `e` for which every path of cost `|m-n| + 2e` stays in
    /// the band; `None` when the band may cut even a cheapest path.
    pub(super) trust: Option<i64>,
    /// 64-bit words per reference bit vector.
    pub(super) blocks: usize,
    /// Whether `b.cost` holds the banded matrix of `b.cur`. When the band
    /// provably keeps every optimal path, the round works from the Myers
    /// states alone and the banded DP runs only if an untrusted candidate
    /// needs it.
    pub(super) base_ready: bool,
    /// Whether the band offsets, the band matrix and the rolling rows are
    /// sized for this pair: most pairs never run a banded DP, so
    /// [`Beam::base`] sets them up on first use.
    pub(super) band_ready: bool,
    /// Whether every band row is at most 64 cells wide (beam ≤ 32, which
    /// takes a length ratio above 40 to break), so the banded DP runs on
    /// bit vectors (see [`BitRow`]); else it runs cell by cell.
    pub(super) bits: bool,
    /// Lower bound of the distance of every shift of the hypothesis (see
    /// [`bag_floor`]): a round that starts there has no positive gain, and
    /// a candidate that could not win even there needs no distance.
    pub(super) floor: i64,
    pub(super) b: &'r mut Bufs,
}

/// A [`Beam`]'s vectors. A thread keeps them between pairs (a pair's TER
/// would otherwise allocate some twenty vectors).
#[derive(Default)]
pub(super) struct Bufs {
    /// Band of row i: columns `lo[i]..hi[i]`.
    pub(super) lo: Vec<usize>,
    pub(super) hi: Vec<usize>,
    /// Band cells of the current hypothesis' matrix; row i starts at `off[i]`.
    pub(super) cost: Vec<i32>,
    pub(super) off: Vec<usize>,
    /// Rolling rows for candidates, INF everywhere when idle.
    pub(super) roll: [Vec<i32>; 2],
    /// Current hypothesis' alignment data (flipped trace).
    pub(super) align: Vec<i64>,
    pub(super) hyp_err: Vec<u32>,
    pub(super) ref_err: Vec<u32>,
    /// Shortest span from each position that holds an error (see
    /// `first_error_len`): shorter blocks fail sacrebleu's first two tests.
    pub(super) hyp_err_len: Vec<usize>,
    pub(super) ref_err_len: Vec<usize>,
    pub(super) scratch: Vec<u32>,
    /// Bit vectors of the reference (Myers' Peq), `blocks` words per id;
    /// also where the shift search finds the reference positions of a word.
    pub(super) peq: Vec<u64>,
    /// Myers state `(vp, vn, score)` after each prefix of the current
    /// hypothesis for references of up to 128 words (one or two 64-bit
    /// words, see [`Lanes`]), so a candidate resumes where it departs from it.
    pub(super) states: Vec<(u128, u128, usize)>,
    /// The same for references of 3..=`MAX_RESUME_BLOCKS` blocks: per prefix,
    /// `blocks` words of vp, `blocks` of vn, then the score.
    pub(super) mstates: Vec<u64>,
    /// The current hypothesis.
    pub(super) cur: Vec<u32>,
    /// Untrusted candidates of the round: `(gain bound, len, -start, -target)`.
    pub(super) pending: Vec<Key>,
    /// Rows of the current hypothesis' banded matrix when `Beam::bits`.
    pub(super) rows: Vec<BitRow>,
    /// Word counts for [`bag_floor`], all zero between calls.
    pub(super) bag: Vec<u32>,
}

/// `v` emptied and filled with `len` copies of `x`, keeping its allocation.
pub(super) fn refill<T: Clone>(v: &mut Vec<T>, len: usize, x: T) {
    v.clear();
    v.resize(len, x);
}

impl<'r> Beam<'r> {
    pub(super) fn new(refw: &'r [u32], n: usize, alphabet: usize, b: &'r mut Bufs) -> Self {
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
    pub(super) fn beam_geometry(n: usize, m: usize) -> (impl Fn(usize) -> i64, i64) {
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
    pub(super) fn band_is_whole(n: usize, m: usize) -> bool {
        let (diag, beam) = Self::beam_geometry(n, m);
        diag(n) <= beam && diag(1) + beam > m as i64
    }

    /// Fills the band of rows 1..=n into `lo` and `hi`.
    pub(super) fn fill_band(lo: &mut [usize], hi: &mut [usize], n: usize, m: usize) {
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
    pub(super) fn dp_parts(
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

    /// A path through cell (i, j) costs at least |k| + |D - k| with k = j - i
    /// and D = m - n. A path of cost d = |D| + 2e therefore stays within
    /// k ∈ [min(0,D) - e, max(0,D) + e]. If that strip lies inside the band
    /// on every row, the banded DP sees an optimal path and equals the plain
    /// Levenshtein distance. Returns the largest such e.
    pub(super) fn trust_limit(lo: &[usize], hi: &[usize], n: usize, m: usize) -> Option<i64> {
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
    pub(super) fn at(&self, i: usize, j: usize) -> i32 {
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
}
