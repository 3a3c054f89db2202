//! Tercom's greedy shift search: candidates, their gains (exact or
//! bounded), the tie-breaks, and the pieces of a shifted hypothesis.

use super::beam::Beam;
use super::bits::low_bits;
use super::*;

impl Beam<'_> {
    /// Exact gain of a candidate, or an upper bound of it. The plain
    /// Levenshtein distance `d` is a lower bound of the banded distance, and
    /// equal to it when the band provably keeps every path of cost `d`.
    pub(super) fn candidate_gain(&self, pieces: &Pieces, p: usize, pre: i64) -> Gain {
        let d = self.myers_from(pieces, p) as i64;
        if self.trusted(d) {
            Gain::Exact(pre - d)
        } else {
            Gain::AtMost(pre - d)
        }
    }

    /// Exact gain of an untrusted candidate: the banded DP of the shifted
    /// words, resumed at the row where they depart from the base.
    pub(super) fn exact_gain(&mut self, key: Key, pre: i64) -> i64 {
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
    pub(super) fn banded(&mut self, words: &[u32], p: usize, settle: usize) -> i32 {
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
    pub(super) fn best_shift(
        &mut self,
        words: &[u32],
        checked: &mut usize,
    ) -> (i64, Vec<u32>, i64) {
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
    pub(super) fn try_triple(
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
pub(super) fn bag_floor(
    hyp: &[u32],
    refw: &[u32],
    alphabet: usize,
    counts: &mut Vec<u32>,
) -> usize {
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
pub(super) fn dp_row(prev: &[i32], cur: &mut [i32], refw: &[u32], hw: u32, l: usize, h: usize) {
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
pub(super) fn constant_offset(row: &[i32], base: &[i32]) -> Option<i32> {
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
pub(super) type Key = (i64, usize, i64, i64);

pub(super) enum Gain {
    Exact(i64),
    AtMost(i64),
}

/// For prefix sums of error flags `err` (length k + 1), `out[i]` is the
/// smallest `len` with `err[i + len] > err[i]` (usize::MAX when none).
pub(super) fn first_error_len(err: &[u32], out: &mut Vec<usize>) {
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
pub(super) type Pieces<'w> = [&'w [u32]; 4];

/// sacrebleu `_perform_shift` (including its clamped-slice case when the
/// target lies inside the moved block), as the slices of `w` it joins.
pub(super) fn shift_pieces(w: &[u32], start: usize, len: usize, target: usize) -> Pieces<'_> {
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

pub(super) fn perform_shift(
    w: &[u32],
    start: usize,
    len: usize,
    target: usize,
    out: &mut Vec<u32>,
) {
    out.clear();
    for piece in shift_pieces(w, start, len, target) {
        out.extend_from_slice(piece);
    }
}

/// The words of `pieces` from position `p` on.
pub(super) fn words_from<'w>(pieces: &'w Pieces, p: usize) -> impl Iterator<Item = u32> + 'w {
    let mut skip = p;
    pieces.iter().flat_map(move |piece| {
        let k = skip.min(piece.len());
        skip -= k;
        piece[k..].iter().copied()
    })
}
