//! The current hypothesis' banded matrix and its alignment trace, which
//! tell the shift search where the errors are.

use super::beam::{Beam, refill};
use super::shift::{dp_row, first_error_len};
use super::*;

impl Beam<'_> {
    /// Banded DP with ops for `words` (all rows); returns the distance.
    /// Only band cells are stored (row i at `off[i]`), so memory stays
    /// O(n · beam) even for very long segments; the rows being computed live
    /// in the full-width rolling buffers, so reads need no band checks.
    pub(super) fn base(&mut self, words: &[u32]) -> i32 {
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
    pub(super) fn cost_at(&self, i: usize, j: usize) -> i32 {
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
    pub(super) fn op_at(&self, words: &[u32], i: usize, j: usize) -> u8 {
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
    pub(super) fn op_trace(&self, words: &[u32], trace: &mut Vec<u8>) {
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
    pub(super) fn trusted_trace(&self, words: &[u32], trace: &mut Vec<u8>) {
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
    pub(super) fn alignment(&mut self, words: &[u32]) {
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
}
