//! The banded DP on bit vectors, one Myers step per row, whenever the
//! band is at most 64 cells wide; the cell-by-cell DP stays the oracle.

use super::beam::Beam;
use super::*;

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
pub(super) struct BitRow {
    pub(super) v0: i32,
    /// Value of the row's last cell, kept so that the next row and the
    /// final distance need no population count.
    pub(super) last: i32,
    pub(super) vp: u64,
    pub(super) vn: u64,
}

/// The low `k` bits set (`k` ≤ 64).
#[inline]
pub(super) fn low_bits(k: usize) -> u64 {
    if k >= 64 { !0 } else { (1u64 << k) - 1 }
}

impl BitRow {
    /// Value of the cell `k` columns right of the first.
    #[inline]
    pub(super) fn value(&self, k: usize) -> i32 {
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
pub(super) fn bits_from(v: &[u64], start: usize) -> u64 {
    let (q, r) = (start / 64, start % 64);
    let lo = v.get(q).map_or(0, |w| w >> r);
    if r == 0 {
        lo
    } else {
        lo | v.get(q + 1).map_or(0, |w| w << (64 - r))
    }
}

impl Beam<'_> {
    /// Whether the banded DP can run on [`BitRow`]s: every row from 1 on is
    /// at most 64 cells wide, both edges move right (never left) and each
    /// row overlaps the one above, and row 1 ends within row 0's first 65
    /// cells (the part of row 0 a bit row holds).
    pub(super) fn bits_fit(lo: &[usize], hi: &[usize], n: usize, m: usize) -> bool {
        (1..=n).all(|i| {
            let hp = if i == 1 { (m + 1).min(65) } else { hi[i - 1] };
            let right_ok = if i == 1 { hi[i] <= hp } else { hi[i] >= hp };
            hi[i] - lo[i] <= 64 && lo[i] >= lo[i - 1] && lo[i] < hp && right_ok
        })
    }

    /// Row 0 as a bit row: its cells are 0, 1, 2, ... (first 65 of them).
    pub(super) fn bit_row0(&self) -> BitRow {
        BitRow {
            v0: 0,
            last: self.m.min(64) as i32,
            vp: low_bits(self.m.min(64)),
            vn: 0,
        }
    }

    /// Row `i` for hyp word `w` from row `i - 1` (see [`BitRow`]).
    #[inline]
    pub(super) fn bit_step(&self, prev: &BitRow, i: usize, w: u32) -> BitRow {
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
    pub(super) fn base_bits(&mut self, words: &[u32]) -> i32 {
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
    pub(super) fn banded_bits(&self, words: &[u32], p: usize, settle: usize) -> i32 {
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
}
