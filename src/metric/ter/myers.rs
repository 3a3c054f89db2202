//! Myers' bit-parallel distance of candidates, resumed from the state
//! recorded after the prefix they share with the current hypothesis.

use super::beam::Beam;
use super::shift::{Pieces, words_from};
use super::*;

impl Beam<'_> {
    pub(super) fn trusted(&self, d: i64) -> bool {
        let diff = (self.m as i64 - self.n as i64).abs();
        self.trust.is_some_and(|e_max| (d - diff) / 2 <= e_max)
    }

    /// One Myers step for a reference that fits in one `W`.
    #[inline]
    pub(super) fn step<W: Lanes>(&self, vp: W, vn: W, score: usize, c: u32) -> (W, W, usize) {
        let last = W::ONE << (self.m - 1) as u32;
        let (vp, vn, change) = myers_step(vp, vn, W::peq(&self.b.peq, c as usize), last);
        (vp, vn, (score as i32 + change) as usize)
    }

    /// Myers distance of `words` from state `(vp, vn, score)` in one `W`.
    pub(super) fn run<W: Lanes>(
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
    pub(super) fn myers_full(&self, words: impl IntoIterator<Item = u32>) -> usize {
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
    pub(super) fn multi_step(&self, vp: &mut [u64], vn: &mut [u64], score: usize, c: u32) -> usize {
        let blocks = self.blocks;
        let eqs = &self.b.peq[c as usize * blocks..c as usize * blocks + blocks];
        (score as i64 + blocks_step(vp, vn, eqs, ((self.m - 1) % 64) as u32)) as usize
    }

    /// Records the Myers states along the base hypothesis: always for up to
    /// two blocks, and for up to `MAX_RESUME_BLOCKS` blocks when the table
    /// stays small.
    pub(super) fn record_states(&mut self, words: &[u32]) {
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
    pub(super) fn record<W: Lanes>(&mut self, words: &[u32]) {
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
    pub(super) fn myers_from(&self, pieces: &Pieces, p: usize) -> usize {
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
}
