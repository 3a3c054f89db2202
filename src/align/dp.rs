//! The exact search: a monotone dynamic programme over link types with
//! affine gap costs, run inside a band of ref positions per hyp position.

use super::Params;
use super::anchor;
use super::features::{Features, inter};

/// Link types searched besides gaps: (hyp sentences, ref sentences).
pub(crate) const LINKS: [(usize, usize); 6] = [(1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1)];

/// DP states: the last link was a match, a hyp-only gap or a ref-only gap.
const M: usize = 0;
const H: usize = 1;
const R: usize = 2;

const NEG: f32 = f32::NEG_INFINITY;

/// Below this many DP nodes the whole matrix is searched (exact, no anchors).
const FULL_LIMIT: usize = 1 << 18;
/// Upper bound on band nodes (about 60 bytes each), keeping memory well under 1 GiB.
const MAX_NODES: usize = 12_000_000;

/// One link of a region, in region-local indices, with its confidence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawLink {
    pub hyp: (usize, usize),
    pub ref_: (usize, usize),
    pub score: f64,
}

/// Overlap counts of one hyp group with one ref group.
#[derive(Clone, Copy, Default)]
struct Pair {
    tri: u16,
    words: u16,
    strong: u16,
}

/// Size of the intersection of a small sorted set with a large one.
#[inline]
fn inter_small(small: &[u32], big: &[u32]) -> u32 {
    if small.len() * 8 < big.len() {
        small
            .iter()
            .filter(|x| big.binary_search(x).is_ok())
            .count() as u32
    } else {
        inter(small, big)
    }
}

fn inter_vec(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut v) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            v.push(a[i]);
        }
        let (x, y) = (a[i], b[j]);
        i += (x <= y) as usize;
        j += (y <= x) as usize;
    }
    v
}

/// What neighbouring sentences of one side share, per feature kind
/// (3-grams, words, strong tokens): with the sentence pairs' overlaps it
/// gives, by inclusion-exclusion, the exact overlap of 2- and 3-sentence
/// groups read as one text (each feature counted once, as Vecalign embeds
/// the concatenation instead of adding up the parts).
struct Text<'a> {
    f: &'a [Features],
    /// `next[a]`: sentence a's features shared with a+1.
    next: Vec<[Vec<u32>; 3]>,
    /// `skip[a]`: shared with a+2; `all3[a]`: shared by a, a+1 and a+2.
    skip: Vec<[Vec<u32>; 3]>,
    all3: Vec<[Vec<u32>; 3]>,
}

#[inline]
fn kind(x: &Features, q: usize) -> &[u32] {
    match q {
        0 => x.tri(),
        1 => x.words(),
        _ => x.strong(),
    }
}

impl<'a> Text<'a> {
    fn new(f: &'a [Features]) -> Text<'a> {
        let n = f.len();
        let next: Vec<[Vec<u32>; 3]> = (0..n.saturating_sub(1))
            .map(|a| [0, 1, 2].map(|q| inter_vec(kind(&f[a], q), kind(&f[a + 1], q))))
            .collect();
        let skip: Vec<[Vec<u32>; 3]> = (0..n.saturating_sub(2))
            .map(|a| [0, 1, 2].map(|q| inter_vec(kind(&f[a], q), kind(&f[a + 2], q))))
            .collect();
        let all3 = (0..n.saturating_sub(2))
            .map(|a| [0, 1, 2].map(|q| inter_vec(&next[a][q], &skip[a][q])))
            .collect();
        Text {
            f,
            next,
            skip,
            all3,
        }
    }

    /// Sizes (3-grams, words, strong tokens) of sentences a..a+k as one text.
    #[inline]
    fn size(&self, a: usize, k: usize) -> [u32; 3] {
        [0, 1, 2].map(|q| {
            let s: usize = self.f[a..a + k].iter().map(|x| kind(x, q).len()).sum();
            let shared = match k {
                1 => 0,
                2 => self.next[a][q].len(),
                _ => {
                    self.next[a][q].len() + self.next[a + 1][q].len() + self.skip[a][q].len()
                        - self.all3[a][q].len()
                }
            };
            (s - shared) as u32
        })
    }

    /// Overlap of `x` (one feature set of the other side) with sentences
    /// a..a+k as one text, given `pairs[c]` = |x ∩ sentence a+c|.
    #[inline]
    fn over_one(&self, x: &[u32], q: usize, a: usize, k: usize, pairs: [u32; 3]) -> u32 {
        // Pair counts saturate at u16::MAX on giant sentences: never wrap.
        let sum: u32 = pairs[..k].iter().sum();
        match k {
            1 => sum,
            2 => sum.saturating_sub(inter_small(&self.next[a][q], x)),
            _ => (sum + inter_small(&self.all3[a][q], x))
                .saturating_sub(inter_small(&self.next[a][q], x))
                .saturating_sub(inter_small(&self.next[a + 1][q], x))
                .saturating_sub(inter_small(&self.skip[a][q], x)),
        }
    }
}

/// Prefix sums of one side's per-sentence sizes, for O(1) group sizes.
struct Side {
    tri: Vec<u32>,
    words: Vec<u32>,
    len: Vec<u32>,
    rho_tri: Vec<f32>,
    rho_words: Vec<f32>,
    /// Prefix count of sentences that start a line of their file.
    line_starts: Vec<u32>,
}

impl Side {
    fn new(f: &[Features], (rt, rw): (Vec<f32>, Vec<f32>)) -> Side {
        let pre = |g: &dyn Fn(&Features) -> u32| {
            let mut v = Vec::with_capacity(f.len() + 1);
            let mut acc = 0u32;
            v.push(0);
            for x in f {
                acc = acc.saturating_add(g(x));
                v.push(acc);
            }
            v
        };
        let fpre = |v: &[f32]| {
            let mut b = Vec::with_capacity(v.len() + 1);
            let mut acc = 0f32;
            b.push(0.0);
            for x in v {
                acc += x;
                b.push(acc);
            }
            b
        };
        Side {
            tri: pre(&|x| x.tri().len() as u32),
            words: pre(&|x| x.words().len() as u32),
            len: pre(&|x| x.len),
            rho_tri: fpre(&rt),
            rho_words: fpre(&rw),
            line_starts: pre(&|x| x.line_start as u32),
        }
    }
}

fn pair(a: &Features, b: &Features) -> Pair {
    let c = |x: &[u32], y: &[u32]| inter(x, y).min(u16::MAX as u32) as u16;
    Pair {
        tri: c(a.tri(), b.tri()),
        words: c(a.words(), b.words()),
        strong: c(a.strong(), b.strong()),
    }
}

/// Similarity of two groups: Dice overlap of 3-grams and of words above
/// what chance gives (`et`, `ew`: expected chance overlaps), blended with
/// the agreement of numbers and names when either side has some.
#[allow(clippy::too_many_arguments)]
fn sim(p: &Params, it: f32, et: f32, iw: f32, ew: f32, is: u32, st: u32, sw: u32, ss: u32) -> f32 {
    let dice = |i: f32, s: u32| if s == 0 { 0.0 } else { 2.0 * i / s as f32 };
    let mut s = (dice(it - et, st) + dice(iw - ew, sw)) * 0.5;
    if ss > 0 {
        s = (s + p.strong_weight * dice(is as f32, ss)) / (1.0 + p.strong_weight);
    }
    s
}

/// How much of an unrelated sentence of the other side each sentence
/// overlaps with, per feature of that sentence (3-grams, words). Chance
/// overlap grows with length and with formulaic wording, so a link is scored
/// by its overlap above this expectation (the idea of Vecalign's
/// normalisation, for set overlaps). The sample is every pair the search
/// can use anyway (the band, or everything in a short document) except each
/// sentence's three best partners, which may be true ones: the competitors
/// that matter are the neighbours, not random sentences.
fn baselines(p: &Params, pairs: &Pairs, h: &[Features], r: &[Features]) -> [Vec<f32>; 4] {
    const PRIOR_W: f32 = 3.0;
    const TOP: usize = 3;
    struct Acc {
        sum: [f32; 2],
        n: f32,
        top: [[f32; TOP]; 2],
    }
    impl Acc {
        fn add(&mut self, k: usize, x: f32) {
            self.sum[k] += x;
            let t = &mut self.top[k];
            if x > t[TOP - 1] {
                t[TOP - 1] = x;
                t.sort_unstable_by(|a, b| b.total_cmp(a));
            }
        }
        fn est(&self, k: usize, prior: f32) -> f32 {
            let kept = (self.n - TOP as f32).max(0.0);
            let top: f32 = self.top[k].iter().filter(|x| **x > 0.0).sum();
            let sum = if kept > 0.0 { self.sum[k] - top } else { 0.0 };
            (sum.max(0.0) + prior * PRIOR_W) / (kept + PRIOR_W)
        }
    }
    let new = || Acc {
        sum: [0.0; 2],
        n: 0.0,
        top: [[0.0; TOP]; 2],
    };
    let mut ah: Vec<Acc> = (0..h.len()).map(|_| new()).collect();
    let mut ar: Vec<Acc> = (0..r.len()).map(|_| new()).collect();
    for (a, x) in h.iter().enumerate() {
        for b in pairs.lo[a] as usize..pairs.hi[a] as usize {
            let y = &r[b];
            let q = pairs.get(a, b);
            let (ha, rb) = (&mut ah[a], &mut ar[b]);
            ha.n += 1.0;
            rb.n += 1.0;
            if !y.tri().is_empty() {
                ha.add(0, q.tri as f32 / y.tri().len() as f32);
            }
            if !y.words().is_empty() {
                ha.add(1, q.words as f32 / y.words().len() as f32);
            }
            if !x.tri().is_empty() {
                rb.add(0, q.tri as f32 / x.tri().len() as f32);
            }
            if !x.words().is_empty() {
                rb.add(1, q.words as f32 / x.words().len() as f32);
            }
        }
    }
    let (pt, pw) = (p.base_prior, p.base_prior * 0.25);
    [
        ah.iter().map(|a| a.est(0, pt)).collect(),
        ah.iter().map(|a| a.est(1, pw)).collect(),
        ar.iter().map(|a| a.est(0, pt)).collect(),
        ar.iter().map(|a| a.est(1, pw)).collect(),
    ]
}

/// Per hyp position (row `i`, 0..=n) the admissible ref positions `lo..hi`.
struct Band {
    lo: Vec<u32>,
    hi: Vec<u32>,
    off: Vec<usize>,
}

impl Band {
    fn full(n: usize, m: usize) -> Band {
        Band::from_rows(vec![0; n + 1], vec![m as u32 + 1; n + 1])
    }

    fn from_rows(lo: Vec<u32>, hi: Vec<u32>) -> Band {
        let mut off = Vec::with_capacity(lo.len() + 1);
        let mut acc = 0usize;
        for (l, h) in lo.iter().zip(&hi) {
            off.push(acc);
            acc += (h - l) as usize;
        }
        off.push(acc);
        Band { lo, hi, off }
    }

    /// A band of half-width `w` around the monotone polyline through `points`
    /// (which must start at (0,0) and end at (n,m)).
    fn around(points: &[(usize, usize)], n: usize, m: usize, w: &[usize]) -> Band {
        // First and last ref position of the polyline on each row.
        let mut jf = vec![usize::MAX; n + 1];
        let mut jl = vec![0usize; n + 1];
        let mut put = |i: usize, j: usize| {
            jf[i] = jf[i].min(j);
            jl[i] = jl[i].max(j);
        };
        for w2 in points.windows(2) {
            let ((i0, j0), (i1, j1)) = (w2[0], w2[1]);
            put(i0, j0);
            if i1 == i0 {
                put(i0, j1);
            } else {
                for r in i0 + 1..=i1 {
                    // Rows crossed by the segment get the interpolated span.
                    let a = j0 + (j1 - j0) * (r - 1 - i0) / (i1 - i0);
                    let b = j0 + (j1 - j0) * (r - i0) / (i1 - i0);
                    put(r, a);
                    put(r, b);
                }
            }
        }
        if let Some(&(i, j)) = points.last() {
            put(i, j);
        }
        // Rows the polyline does not touch (it jumps over them) inherit the
        // previous row's end, so the band stays connected.
        for i in 1..=n {
            if jf[i] == usize::MAX {
                jf[i] = jl[i - 1];
                jl[i] = jl[i - 1];
            }
        }
        let mut lo: Vec<u32> = (0..=n).map(|i| jf[i].saturating_sub(w[i]) as u32).collect();
        let mut hi: Vec<u32> = (0..=n)
            .map(|i| (jl[i] + w[i] + 1).min(m + 1) as u32)
            .collect();
        // Widths vary by row: keep both edges monotone so pair rows and
        // transitions between rows stay well formed.
        for i in 1..=n {
            hi[i] = hi[i].max(hi[i - 1]);
        }
        for i in (0..n).rev() {
            lo[i] = lo[i].min(lo[i + 1]);
        }
        Band::from_rows(lo, hi)
    }

    fn nodes(&self) -> usize {
        *self.off.last().unwrap_or(&0)
    }

    #[inline]
    fn idx(&self, i: usize, j: usize) -> Option<usize> {
        let (l, h) = (*self.lo.get(i)? as usize, self.hi[i] as usize);
        (j >= l && j < h).then(|| self.off[i] + j - l)
    }
}

/// Overlap counts for the sentence pairs a band can use.
struct Pairs {
    lo: Vec<u32>,
    off: Vec<usize>,
    hi: Vec<u32>,
    v: Vec<Pair>,
}

/// Both sides' sentences and merged groups.
struct Texts<'a> {
    h: Text<'a>,
    r: Text<'a>,
}

impl Pairs {
    /// Overlaps already counted in `prev` (an earlier, narrower band) are reused.
    fn new(band: &Band, tx: &Texts, prev: Option<&Pairs>) -> Pairs {
        let (h, r) = (tx.h.f, tx.r.f);
        let (n, m) = (h.len(), r.len());
        let mut lo = Vec::with_capacity(n);
        let mut hi = Vec::with_capacity(n);
        let mut off = Vec::with_capacity(n + 1);
        let mut acc = 0;
        for p in 0..n {
            // A link ending at node (i, j) with i <= p + 3 uses ref j-3..j.
            let l = band.lo[p].saturating_sub(3);
            let u = band.hi[(p + 3).min(n)].min(m as u32).max(l);
            lo.push(l);
            hi.push(u);
            off.push(acc);
            acc += (u - l) as usize;
        }
        off.push(acc);
        let mut v = Vec::with_capacity(acc);
        for p in 0..n {
            for q in lo[p]..hi[p] {
                let old = prev.and_then(|o| {
                    let (l, u) = (o.lo[p], o.hi[p]);
                    (q >= l && q < u).then(|| o.v[o.off[p] + (q - l) as usize])
                });
                v.push(old.unwrap_or_else(|| pair(&h[p], &r[q as usize])));
            }
        }
        Pairs { lo, off, hi, v }
    }

    #[inline]
    fn get(&self, p: usize, q: usize) -> Pair {
        let (l, h) = (self.lo[p] as usize, self.hi[p] as usize);
        if q >= l && q < h {
            self.v[self.off[p] + q - l]
        } else {
            Pair::default()
        }
    }
}

struct Ctx<'a> {
    p: &'a Params,
    tx: &'a Texts<'a>,
    /// `((k+l)/2)^merge_exp` by `k+l`, computed once.
    size_factor: [f32; 7],
    /// Factor on every similarity that brings this document's typical true
    /// link to `Params::match_level` (see [`gain`]).
    gain: f32,
    hs: Side,
    rs: Side,
    n: usize,
    m: usize,
}

impl Ctx<'_> {
    /// Similarity above chance of hyp i-k..i and ref j-l..j read as one text each.
    /// Overlap counts of hyp i-k..i and ref j-l..j, each read as one text.
    /// With `exact` false, an upper bound from the sentence pairs (a
    /// feature two parts share counts twice), which costs no set walk.
    fn counts(&self, pairs: &Pairs, i: usize, j: usize, k: usize, l: usize, exact: bool) -> Pair {
        if k == 1 && l == 1 {
            return pairs.get(i - 1, j - 1);
        }
        let tx = self.tx;
        if exact {
            let (a0, b0) = (i - k, j - l);
            let get = |a: usize, b: usize| {
                let p = pairs.get(a, b);
                [p.tri as u32, p.words as u32, p.strong as u32]
            };
            let c = [0, 1, 2].map(|q| {
                let v = if k == 1 {
                    let x = kind(&tx.h.f[a0], q);
                    let ps = [0, 1, 2].map(|c| if c < l { get(a0, b0 + c)[q] } else { 0 });
                    tx.r.over_one(x, q, b0, l, ps)
                } else if l == 1 {
                    let x = kind(&tx.r.f[b0], q);
                    let ps = [0, 1, 2].map(|c| if c < k { get(a0 + c, b0)[q] } else { 0 });
                    tx.h.over_one(x, q, a0, k, ps)
                } else {
                    // 2-2: a feature in both hyp parts or both ref parts
                    // is counted twice (four times in both) by the pairs.
                    let (dh, dr) = (&tx.h.next[a0][q], &tx.r.next[b0][q]);
                    let sum: u32 = (0..2)
                        .flat_map(|x| (0..2).map(move |y| (x, y)))
                        .map(|(x, y)| get(a0 + x, b0 + y)[q])
                        .sum();
                    (sum + inter(dh, dr))
                        .saturating_sub(inter_small(dh, kind(&tx.r.f[b0], q)))
                        .saturating_sub(inter_small(dh, kind(&tx.r.f[b0 + 1], q)))
                        .saturating_sub(inter_small(dr, kind(&tx.h.f[a0], q)))
                        .saturating_sub(inter_small(dr, kind(&tx.h.f[a0 + 1], q)))
                };
                v.min(u16::MAX as u32) as u16
            });
            return Pair {
                tri: c[0],
                words: c[1],
                strong: c[2],
            };
        }
        let (mut it, mut iw, mut is) = (0u32, 0u32, 0u32);
        for a in i - k..i {
            for b in j - l..j {
                let q = pairs.get(a, b);
                it += q.tri as u32;
                iw += q.words as u32;
                is += q.strong as u32;
            }
        }
        let hz = tx.h.size(i - k, k);
        let rz = tx.r.size(j - l, l);
        let cap = |x: u32, q: usize| x.min(hz[q]).min(rz[q]).min(u16::MAX as u32) as u16;
        Pair {
            tri: cap(it, 0),
            words: cap(iw, 1),
            strong: cap(is, 2),
        }
    }

    /// Similarity above chance of hyp i-k..i and ref j-l..j read as one
    /// text each (an upper bound unless `exact`, see [`Ctx::counts`]).
    fn sim(&self, pairs: &Pairs, i: usize, j: usize, k: usize, l: usize, exact: bool) -> f32 {
        let q = self.counts(pairs, i, j, k, l, exact);
        let tx = self.tx;
        let [ht, hw, hst] = tx.h.size(i - k, k);
        let [rt, rw, rst] = tx.r.size(j - l, l);
        let (hs, rs) = (&self.hs, &self.rs);
        // Chance overlap of the groups: each side's per-feature rate times
        // the other side's size, averaged over the two directions. A
        // group's rate is its parts' rates summed, scaled down by the
        // features its parts share (counted once in the group).
        let own = |sum: u32, set: u32| {
            if sum == 0 {
                1.0
            } else {
                set as f32 / sum as f32
            }
        };
        let fh = own(hs.tri[i] - hs.tri[i - k], ht);
        let fr = own(rs.tri[j] - rs.tri[j - l], rt);
        let et = 0.5
            * ((hs.rho_tri[i] - hs.rho_tri[i - k]) * fh * rt as f32
                + (rs.rho_tri[j] - rs.rho_tri[j - l]) * fr * ht as f32);
        let fh = own(hs.words[i] - hs.words[i - k], hw);
        let fr = own(rs.words[j] - rs.words[j - l], rw);
        let ew = 0.5
            * ((hs.rho_words[i] - hs.rho_words[i - k]) * fh * rw as f32
                + (rs.rho_words[j] - rs.rho_words[j - l]) * fr * hw as f32);
        sim(
            self.p,
            q.tri as f32,
            et,
            q.words as f32,
            ew,
            q.strong as u32,
            ht + rt,
            hw + rw,
            hst + rst,
        )
    }

    /// Score (higher is better) of linking hyp i-k..i with ref j-l..j.
    fn link(&self, pairs: &Pairs, i: usize, j: usize, k: usize, l: usize, exact: bool) -> f32 {
        let s = self.gain * self.sim(pairs, i, j, k, l, exact);
        let (hs, rs) = (&self.hs, &self.rs);
        let (sht, srt) = (hs.tri[i] - hs.tri[i - k], rs.tri[j] - rs.tri[j - l]);
        // Below the threshold a link is evidence against itself: weighing
        // that more keeps two unrelated sentences as two gaps, not a link.
        let q = s - self.p.threshold;
        let q = if q < 0.0 { q * self.p.neg_weight } else { q };
        let lh = (hs.len[i] - hs.len[i - k]) as f32 + 10.0;
        let lr = (rs.len[j] - rs.len[j - l]) as f32 + 10.0;
        // A side that is cut off (a truncated ref, a text starting mid-way)
        // often ends or starts with a sentence cut short: there, being the
        // shorter side says nothing against the link.
        let cut_short = (j == self.m && lr < lh)
            || (i == self.n && lh < lr)
            || (j == l && lr < lh)
            || (i == k && lh < lr);
        let lr_log = if cut_short {
            0.0
        } else {
            (lh / lr).ln().clamp(-1.0, 1.0)
        };
        // A merged link must need each of its parts: a part that shares no
        // more with the other side than chance (a dropped heading swallowed
        // into its neighbour's link) is charged, so it stays a gap instead.
        let mut weakest = f32::INFINITY;
        if k > 1 || l > 1 {
            for a in i - k..i {
                let size = (hs.tri[a + 1] - hs.tri[a]) as f32;
                let got: u32 = (j - l..j).map(|b| pairs.get(a, b).tri as u32).sum();
                let chance = (hs.rho_tri[a + 1] - hs.rho_tri[a]) * srt as f32;
                weakest = weakest.min((got as f32 - chance) / size.max(1.0));
            }
            for b in j - l..j {
                let size = (rs.tri[b + 1] - rs.tri[b]) as f32;
                let got: u32 = (i - k..i).map(|a| pairs.get(a, b).tri as u32).sum();
                let chance = (rs.rho_tri[b + 1] - rs.rho_tri[b]) * sht as f32;
                weakest = weakest.min((got as f32 - chance) / size.max(1.0));
            }
        }
        let part_pen = if weakest.is_finite() {
            self.p.part_weight * (self.p.part_min - self.gain * weakest).max(0.0)
        } else {
            0.0
        };
        // Sentences a merged link joins across line breaks: a translator
        // splits and joins sentences within a paragraph far more often than
        // across a heading or paragraph break.
        let crossings = hs.line_starts[i] - hs.line_starts[i - k + 1] + rs.line_starts[j]
            - rs.line_starts[j - l + 1];
        let pen = part_pen
            + self.p.pen_line * crossings as f32
            + match (k, l) {
                (1, 1) => 0.0,
                (1, 2) | (2, 1) => self.p.pen_12,
                (2, 2) => self.p.pen_22,
                _ => self.p.pen_13,
            };
        self.p.scale * self.size_factor[k + l] * q - self.p.len_weight * lr_log * lr_log - pen
    }

    /// The best score of a path from (i-k, j-l) to (i, j), whatever its
    /// end state, made of one 1-1 link inside the block and gaps (or two
    /// 1-1 links for 2-2), less what ending in a gap state can cost later:
    /// a merged link scoring below this is never on the best path.
    fn dominating(
        &self,
        band: &Band,
        wl: &[[f32; 6]],
        i: usize,
        j: usize,
        k: usize,
        l: usize,
    ) -> f32 {
        let p = self.p;
        let gap_max = p.edge_gap.max(p.gap + p.gap_open + p.gap_swap);
        let w11 = |a: usize, b: usize| band.idx(a, b).map_or(NEG, |x| wl[x][0]);
        let mut best = NEG;
        for a in i - k + 1..=i {
            for b in j - l + 1..=j {
                best = best.max(w11(a, b));
            }
        }
        let mut alt = best - (k + l - 2) as f32 * gap_max - p.gap_swap;
        if (k, l) == (2, 2) {
            alt = alt.max(w11(i - 1, j - 1) + w11(i, j));
        }
        alt
    }

    /// Score of a hyp-only gap leaving node (i, j) in state `s`.
    #[inline]
    fn hgap(&self, s: usize, _i: usize, j: usize) -> f32 {
        if j == 0 || j == self.m {
            -self.p.edge_gap
        } else if s == H {
            -self.p.gap
        } else if s == R {
            -(self.p.gap + self.p.gap_open + self.p.gap_swap)
        } else {
            -(self.p.gap + self.p.gap_open)
        }
    }

    #[inline]
    fn rgap(&self, s: usize, i: usize, _j: usize) -> f32 {
        if i == 0 || i == self.n {
            -self.p.edge_gap
        } else if s == R {
            -self.p.gap
        } else if s == H {
            -(self.p.gap + self.p.gap_open + self.p.gap_swap)
        } else {
            -(self.p.gap + self.p.gap_open)
        }
    }
}

#[inline]
fn argmax3(v: &[f32; 3]) -> (f32, usize) {
    let mut b = (v[0], 0);
    for (s, &x) in v.iter().enumerate().skip(1) {
        if x > b.0 {
            b = (x, s);
        }
    }
    b
}

struct Solved {
    links: Vec<RawLink>,
    /// Path nodes from (0,0) to (n,m).
    nodes: Vec<(usize, usize)>,
    /// Rows where the path runs along an edge of the band.
    touched: Vec<usize>,
}

#[allow(clippy::needless_range_loop)] // states index several parallel arrays
fn solve(cx: &Ctx, band: &Band, pairs: &Pairs) -> Solved {
    let (n, m) = (cx.n, cx.m);
    let nn = band.nodes();
    let mut f = vec![[NEG; 3]; nn];
    let mut bp = vec![[0u8; 3]; nn];
    let mut wl = vec![[NEG; 6]; nn];
    for i in 0..=n {
        for j in band.lo[i] as usize..band.hi[i] as usize {
            let v = band.off[i] + j - band.lo[i] as usize;
            if i == 0 && j == 0 {
                f[v] = [0.0, NEG, NEG];
                continue;
            }
            let mut cur = [NEG; 3];
            let mut b = [0u8; 3];
            for (t, &(k, l)) in LINKS.iter().enumerate() {
                if i < k || j < l {
                    continue;
                }
                if let Some(u) = band.idx(i - k, j - l) {
                    let (fu, su) = argmax3(&f[u]);
                    if fu == NEG {
                        continue;
                    }
                    // A merged link is first priced from its sentence
                    // pairs, an upper bound; its own text is read only if
                    // that bound beats a path that links one pair inside
                    // it and leaves the rest as gaps (or, for 2-2, two
                    // 1-1 links). A dominated link keeps its bound: it can
                    // never be on the best path, and as a competitor in
                    // the confidence it is only slightly overstated.
                    let mut w = cx.link(pairs, i, j, k, l, false);
                    if t > 0 && w >= cx.dominating(band, &wl, i, j, k, l) {
                        w = cx.link(pairs, i, j, k, l, true);
                    }
                    wl[v][t] = w;
                    if fu + w > cur[M] {
                        cur[M] = fu + w;
                        b[M] = t as u8 | (su as u8) << 4;
                    }
                }
            }
            if i > 0
                && let Some(u) = band.idx(i - 1, j)
            {
                for s in 0..3 {
                    let c = f[u][s] + cx.hgap(s, i - 1, j);
                    if c > cur[H] {
                        cur[H] = c;
                        b[H] = s as u8;
                    }
                }
            }
            if j > 0
                && let Some(u) = band.idx(i, j - 1)
            {
                for s in 0..3 {
                    let c = f[u][s] + cx.rgap(s, i, j - 1);
                    if c > cur[R] {
                        cur[R] = c;
                        b[R] = s as u8;
                    }
                }
            }
            f[v] = cur;
            bp[v] = b;
        }
    }
    // Backward scores: best continuation from each node and state to the end.
    let mut g = vec![[NEG; 3]; nn];
    for i in (0..=n).rev() {
        for j in (band.lo[i] as usize..band.hi[i] as usize).rev() {
            let v = band.off[i] + j - band.lo[i] as usize;
            if i == n && j == m {
                g[v] = [0.0; 3];
                continue;
            }
            let mut lk = NEG;
            for (t, &(k, l)) in LINKS.iter().enumerate() {
                if let Some(x) = band.idx(i + k, j + l) {
                    lk = lk.max(wl[x][t] + g[x][M]);
                }
            }
            let hx = band.idx(i + 1, j);
            let rx = band.idx(i, j + 1);
            for s in 0..3 {
                let mut c = lk;
                if let Some(x) = hx {
                    c = c.max(g[x][H] + cx.hgap(s, i, j));
                }
                if let Some(x) = rx {
                    c = c.max(g[x][R] + cx.rgap(s, i, j));
                }
                g[v][s] = c;
            }
        }
    }
    // Trace back the best path.
    let end = band.idx(n, m).expect("band holds the end node");
    let (opt, mut s) = argmax3(&f[end]);
    let (mut i, mut j) = (n, m);
    // (from node, from state, type: 0..6 links, 6 hyp gap, 7 ref gap)
    let mut steps: Vec<(usize, usize, usize, usize, usize)> = Vec::new();
    while i > 0 || j > 0 {
        let v = band.idx(i, j).expect("path stays in band");
        let b = bp[v][s];
        let (t, ps, pi, pj) = match s {
            M => {
                let t = (b & 15) as usize;
                let (k, l) = LINKS[t];
                (t, (b >> 4) as usize, i - k, j - l)
            }
            H => (6, b as usize, i - 1, j),
            _ => (7, b as usize, i, j - 1),
        };
        steps.push((pi, pj, ps, t, s));
        i = pi;
        j = pj;
        s = ps;
    }
    steps.reverse();
    let tau = cx.p.temperature;
    let mut links = Vec::with_capacity(steps.len());
    let mut nodes = Vec::with_capacity(steps.len() + 1);
    nodes.push((0, 0));
    let mut touched = Vec::new();
    for (e, &(i0, j0, s0, t, s1)) in steps.iter().enumerate() {
        // A hyp gap next to a ref gap could be written in either order: the
        // other order is the same alignment, not a competitor.
        let prev_t = e.checked_sub(1).map(|p| steps[p].3);
        let next_t = steps.get(e + 1).map(|x| x.3);
        let swap_out = |other: usize| t >= 6 && next_t == Some(other);
        let swap_in = |other: usize| t >= 6 && prev_t == Some(other);
        let (k, l) = match t {
            6 => (1, 0),
            7 => (0, 1),
            _ => LINKS[t],
        };
        let (i1, j1) = (i0 + k, j0 + l);
        nodes.push((i1, j1));
        for (a, bb) in [(i0, j0), (i1, j1)] {
            let (lo, hi) = (band.lo[a] as usize, band.hi[a] as usize);
            if (bb == lo && lo > 0) || (bb + 1 == hi && hi <= m) {
                touched.push(a);
            }
        }
        // Local posterior: softmax over the competing edges leaving the start
        // node and entering the end node, each scored by its best full path.
        let u = band.idx(i0, j0).expect("in band");
        let v = band.idx(i1, j1).expect("in band");
        let mut z = 0f64;
        let mut add = |total: f32| {
            if total > NEG {
                z += (((total - opt) / tau) as f64).exp();
            }
        };
        let fu = f[u][s0];
        for (t2, &(k2, l2)) in LINKS.iter().enumerate() {
            if t2 != t
                && let Some(x) = band.idx(i0 + k2, j0 + l2)
            {
                add(fu + wl[x][t2] + g[x][M]);
            }
            if (t2 != t || s1 != M)
                && i1 >= k2
                && j1 >= l2
                && let Some(y) = band.idx(i1 - k2, j1 - l2)
                && (i1 - k2, j1 - l2) != (i0, j0)
            {
                add(argmax3(&f[y]).0 + wl[v][t2] + g[v][M]);
            }
        }
        if t != 6 {
            if !swap_out(6)
                && let Some(x) = band.idx(i0 + 1, j0)
            {
                add(fu + cx.hgap(s0, i0, j0) + g[x][H]);
            }
            if i1 > 0
                && !swap_in(6)
                && let Some(y) = band.idx(i1 - 1, j1)
            {
                for s in 0..3 {
                    add(f[y][s] + cx.hgap(s, i1 - 1, j1) + g[v][H]);
                }
            }
        }
        if t != 7 {
            if !swap_out(7)
                && let Some(x) = band.idx(i0, j0 + 1)
            {
                add(fu + cx.rgap(s0, i0, j0) + g[x][R]);
            }
            if j1 > 0
                && !swap_in(7)
                && let Some(y) = band.idx(i1, j1 - 1)
            {
                for s in 0..3 {
                    add(f[y][s] + cx.rgap(s, i1, j1 - 1) + g[v][R]);
                }
            }
        }
        let post = 1.0 / (1.0 + z);
        links.push(RawLink {
            hyp: (i0, i1),
            ref_: (j0, j1),
            score: (2.0 * post - 1.0).clamp(0.0, 1.0),
        });
    }
    Solved {
        links,
        nodes,
        touched,
    }
}

/// How a region too long for one search is cut into overlapping windows.
#[derive(Clone, Copy, Debug)]
struct Windows {
    /// Regions with more sentences than this on either side are cut.
    over: usize,
    /// Sentences per side a window commits.
    rows: usize,
    /// Sentences per side searched past the commit point and thrown away.
    overlap: usize,
    /// Band nodes a window may use per sentence of its longer side. Widening
    /// the band is what makes a search of text without true links slow (it
    /// touches the band edge everywhere); this stops it after a round or two.
    nodes_per_sentence: usize,
}

/// The DP tables cost about 1.7 KB per sentence (51 bytes per band node,
/// some 34 nodes per sentence): two million-sentence files took 4 GB in one
/// search. Windows bound that to about 100 MB whatever the length, and leave
/// every region of up to `over` sentences (any real document we have met:
/// the Bible is 31,102 verses) solved exactly as before.
const WINDOWS: Windows = Windows {
    over: 100_000,
    rows: 50_000,
    overlap: 5_000,
    nodes_per_sentence: 24,
};

/// Aligns one region (a whole document or one section between boundaries).
pub(crate) fn align_region(
    h: &[Features],
    r: &[Features],
    p: &Params,
    band: usize,
) -> Vec<RawLink> {
    align_windows(h, r, WINDOWS, |h, r, max_nodes| {
        solve_region(h, r, p, band, max_nodes)
    })
}

/// Solves a long region window by window. Each window runs from the last
/// committed node to a point `rows + overlap` sentences further along the
/// anchor polyline; its path is kept up to `rows` sentences and the rest,
/// whose end was forced to a guessed point, is searched again as the start
/// of the next window. The committed path never sees the forced end, so on
/// a real document it is the path a single search finds.
fn align_windows(
    h: &[Features],
    r: &[Features],
    win: Windows,
    mut solve: impl FnMut(&[Features], &[Features], usize) -> Vec<RawLink>,
) -> Vec<RawLink> {
    let (n, m) = (h.len(), r.len());
    if n.max(m) <= win.over {
        return solve(h, r, MAX_NODES);
    }
    let mut pts = vec![(0, 0)];
    pts.extend(anchor::anchors(h, r));
    pts.push((n, m));
    let line = Polyline(pts);
    let reach = win.rows + win.overlap;
    let (mut i0, mut j0) = (0, 0);
    let mut out = Vec::with_capacity(n.max(m));
    loop {
        let last = (n - i0).max(m - j0) <= reach + win.overlap;
        let (i1, j1) = if last {
            (n, m)
        } else {
            line.ahead(i0, j0, reach, n, m)
        };
        let budget = win.nodes_per_sentence * (i1 - i0).max(j1 - j0);
        let links = solve(&h[i0..i1], &r[j0..j1], budget.min(MAX_NODES));
        let take = if last {
            links.len()
        } else {
            // At least one link, so every window moves on.
            links
                .iter()
                .take_while(|l| l.hyp.1.max(l.ref_.1) <= win.rows)
                .count()
                .max(1)
        };
        let (mut di, mut dj) = (0, 0);
        for l in links.into_iter().take(take) {
            (di, dj) = (l.hyp.1, l.ref_.1);
            out.push(RawLink {
                hyp: (i0 + l.hyp.0, i0 + l.hyp.1),
                ref_: (j0 + l.ref_.0, j0 + l.ref_.1),
                score: l.score,
            });
        }
        if last {
            return out;
        }
        (i0, j0) = (i0 + di, j0 + dj);
    }
}

/// The anchor chain as a monotone line from (0, 0) to (n, m).
struct Polyline(Vec<(usize, usize)>);

impl Polyline {
    /// The ref position of the line at hyp position `i`.
    fn ref_at(&self, i: usize) -> usize {
        Self::interp(&self.0, i, |p| p)
    }

    /// The hyp position of the line at ref position `j`.
    fn hyp_at(&self, j: usize) -> usize {
        Self::interp(&self.0, j, |(a, b)| (b, a))
    }

    /// Along the line, the coordinate `y` where `x` is reached (`key` gives
    /// (x, y) of a point); the first point when several share that `x`.
    fn interp(
        pts: &[(usize, usize)],
        x: usize,
        key: impl Fn((usize, usize)) -> (usize, usize),
    ) -> usize {
        let k = pts.partition_point(|&p| key(p).0 < x);
        let Some(&b) = pts.get(k) else {
            return pts.last().map_or(0, |&p| key(p).1);
        };
        let (xb, yb) = key(b);
        if k == 0 || xb == x {
            return yb;
        }
        let (xa, ya) = key(pts[k - 1]);
        ya + (yb - ya) * (x - xa) / (xb - xa)
    }

    /// The end of the window that starts at (i0, j0): the point of the line
    /// `reach` sentences further on the side that moves faster there.
    fn ahead(&self, i0: usize, j0: usize, reach: usize, n: usize, m: usize) -> (usize, usize) {
        if i0 == n {
            // Only ref sentences are left: the window must still move on.
            return (n, (j0 + reach).min(m));
        }
        let i1 = (i0 + reach).min(n);
        let j = self.ref_at(i1);
        if j <= j0 + reach {
            // The line may run behind the committed node; never step back.
            return (i1, j.clamp(j0, m));
        }
        let j1 = (j0 + reach).min(m);
        (self.hyp_at(j1).clamp(i0, i1), j1)
    }
}

/// Aligns a region in one search of at most about `max_nodes` band nodes.
fn solve_region(
    h: &[Features],
    r: &[Features],
    p: &Params,
    band: usize,
    max_nodes: usize,
) -> Vec<RawLink> {
    let (n, m) = (h.len(), r.len());
    if n == 0 || m == 0 {
        // Nothing to choose: every sentence is certainly a gap.
        return (0..n)
            .map(|i| RawLink {
                hyp: (i, i + 1),
                ref_: (0, 0),
                score: 1.0,
            })
            .chain((0..m).map(|j| RawLink {
                hyp: (n, n),
                ref_: (j, j + 1),
                score: 1.0,
            }))
            .collect();
    }
    let tx = Texts {
        h: Text::new(h),
        r: Text::new(r),
    };
    let ctx = |pairs: &Pairs| {
        let [ht, hw, rt, rw] = baselines(p, pairs, h, r);
        let mut cx = Ctx {
            p,
            tx: &tx,
            size_factor: std::array::from_fn(|t| (t as f32 * 0.5).powf(p.merge_exp)),
            gain: 1.0,
            hs: Side::new(h, (ht, hw)),
            rs: Side::new(r, (rt, rw)),
            n,
            m,
        };
        cx.gain = gain(&cx, pairs);
        cx
    };
    if (n + 1) * (m + 1) <= FULL_LIMIT {
        let b = Band::full(n, m);
        let pairs = Pairs::new(&b, &tx, None);
        return solve(&ctx(&pairs), &b, &pairs).links;
    }
    let anchors = anchor::anchors(h, r);
    let mut points = vec![(0, 0)];
    for (i, j) in anchors {
        // Node before and after the anchored pair.
        points.push((i, j));
        points.push((i + 1, j + 1));
    }
    points.push((n, m));
    let w0 = if band == 0 { 8 } else { band };
    let mut w = vec![w0; n + 1];
    let mut prev: Option<Pairs> = None;
    for round in 0.. {
        let mut b = Band::around(&points, n, m, &w);
        let capped = b.nodes() > max_nodes;
        if capped {
            // Too wide to afford: fall back to the widest band that fits.
            while b.nodes() > max_nodes && w.iter().any(|&x| x > 4) {
                w.iter_mut().for_each(|x| *x = (*x * 3 / 4).max(4));
                b = Band::around(&points, n, m, &w);
            }
        }
        let pairs = Pairs::new(&b, &tx, prev.take().as_ref());
        let sol = solve(&ctx(&pairs), &b, &pairs);
        if sol.touched.is_empty() || capped || round >= 8 {
            return sol.links;
        }
        prev = Some(pairs);
        // Widen only around the rows where the band constrained the path,
        // re-centred on the path found.
        let mut grow = vec![0usize; n + 1];
        for &t in &sol.touched {
            let reach = 2 * w[t] + 4;
            let wide = w[t] * 2;
            for g in &mut grow[t.saturating_sub(reach)..=(t + reach).min(n)] {
                *g = (*g).max(wide);
            }
        }
        for (x, g) in w.iter_mut().zip(grow) {
            *x = (*x).max(g).min(n.max(m));
        }
        points = sol.nodes;
    }
    unreachable!("the loop returns")
}

/// How strongly this document's true links resemble each other, as a
/// factor on every similarity: `Params::match_level` over the median
/// similarity of the mutually best 1-1 pairs (each the other's best partner
/// among the pairs the search can use). A poor MT shares fewer 3-grams and
/// words with a human rendering than a good one does, on its true links and
/// only there (chance overlap is already subtracted, so unrelated pairs sit
/// near 0 whatever the MT): scaling by what the document's own best
/// candidates score lets one set of costs serve near-identical renderings,
/// paraphrase and poor MT. A short document's median is pulled towards
/// `match_level` (a prior worth a few pairs); the factor is clamped to
/// `gain_min..=gain_max`. `match_level` 0 turns calibration off.
#[allow(clippy::needless_range_loop)] // a and b index both sides' bests
fn gain(cx: &Ctx, pairs: &Pairs) -> f32 {
    let p = cx.p;
    if p.match_level <= 0.0 {
        return 1.0;
    }
    let (n, m) = (cx.n, cx.m);
    let mut bh = vec![(f32::NEG_INFINITY, u32::MAX); n];
    let mut br = vec![(f32::NEG_INFINITY, u32::MAX); m];
    for a in 0..n {
        for b in pairs.lo[a] as usize..pairs.hi[a] as usize {
            let s = cx.sim(pairs, a + 1, b + 1, 1, 1, true);
            if s > bh[a].0 {
                bh[a] = (s, b as u32);
            }
            if s > br[b].0 {
                br[b] = (s, a as u32);
            }
        }
    }
    let mut best: Vec<f32> = (0..n)
        .filter(|&a| {
            let b = bh[a].1 as usize;
            b < m && br[b].1 as usize == a
        })
        .map(|a| bh[a].0)
        .collect();
    const PRIOR_W: f32 = 4.0;
    let k = best.len() as f32;
    let med = if best.is_empty() {
        p.match_level
    } else {
        let mid = best.len() / 2;
        *best.select_nth_unstable_by(mid, f32::total_cmp).1
    };
    let level = (med * k + p.match_level * PRIOR_W) / (k + PRIOR_W);
    (p.match_level / level.max(1e-3)).clamp(p.gain_min, p.gain_max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(v: &[&str]) -> Vec<Features> {
        v.iter().map(|s| Features::new(s)).collect()
    }

    #[test]
    fn band_holds_the_polyline_and_stays_monotone() {
        let pts = [(0, 0), (5, 2), (5, 9), (12, 10), (20, 30)];
        let b = Band::around(&pts, 20, 30, &[1; 21]);
        for &(i, j) in &pts {
            assert!(b.idx(i, j).is_some(), "({i},{j}) outside");
        }
        for i in 1..=20 {
            assert!(b.lo[i] >= b.lo[i - 1] && b.hi[i] >= b.hi[i - 1]);
            // Consecutive rows overlap, so a path can always go on.
            assert!(b.lo[i] < b.hi[i - 1]);
        }
    }

    #[test]
    fn reused_overlaps_equal_fresh_ones() {
        let h = feats(&[
            "alpha beta gamma",
            "delta epsilon",
            "zeta eta theta",
            "iota kappa",
        ]);
        let r = feats(&[
            "alpha beta",
            "gamma delta",
            "epsilon zeta",
            "eta theta iota",
        ]);
        let narrow = Band::around(&[(0, 0), (4, 4)], 4, 4, &[0; 5]);
        let wide = Band::full(4, 4);
        let tx = Texts {
            h: Text::new(&h),
            r: Text::new(&r),
        };
        let a = Pairs::new(&narrow, &tx, None);
        let b = Pairs::new(&wide, &tx, Some(&a));
        let c = Pairs::new(&wide, &tx, None);
        for p in 0..4 {
            for q in 0..4 {
                let (x, y) = (b.get(p, q), c.get(p, q));
                assert_eq!((x.tri, x.words, x.strong), (y.tri, y.words, y.strong));
            }
        }
    }

    /// A merged link's overlap is that of the concatenated texts (each
    /// feature once), not the sum of its sentence pairs'.
    #[test]
    fn merged_groups_are_scored_as_one_text() {
        let h = feats(&[
            "the river rose and the river fell in 1931",
            "the river rose again, and Lyon flooded in 1931",
            "the bridge at Lyon held",
            "nothing else",
        ]);
        let r = feats(&[
            "In 1931 the river rose and fell",
            "then it rose again and flooded Lyon",
            "the bridge at Lyon held firm",
            "nothing more",
        ]);
        let tx = Texts {
            h: Text::new(&h),
            r: Text::new(&r),
        };
        let b = Band::full(4, 4);
        let pairs = Pairs::new(&b, &tx, None);
        let p = Params::default();
        let cx = Ctx {
            p: &p,
            tx: &tx,
            size_factor: [1.0; 7],
            gain: 1.0,
            hs: Side::new(&h, (vec![0.0; 4], vec![0.0; 4])),
            rs: Side::new(&r, (vec![0.0; 4], vec![0.0; 4])),
            n: 4,
            m: 4,
        };
        let union = |f: &[Features], q: usize| -> Vec<u32> {
            let mut v: Vec<u32> = f.iter().flat_map(|x| kind(x, q).to_vec()).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        for &(k, l) in &LINKS {
            for i in k..=4 {
                for j in l..=4 {
                    let got = cx.counts(&pairs, i, j, k, l, true);
                    let bound = cx.counts(&pairs, i, j, k, l, false);
                    let (hu, ru) = (&h[i - k..i], &r[j - l..j]);
                    let want = [0, 1, 2].map(|q| inter(&union(hu, q), &union(ru, q)) as u16);
                    assert_eq!([got.tri, got.words, got.strong], want, "{k}-{l} at {i},{j}");
                    assert!(bound.tri >= got.tri && bound.words >= got.words);
                    let size = [0, 1, 2].map(|q| union(hu, q).len() as u32);
                    assert_eq!(tx.h.size(i - k, k), size);
                }
            }
        }
    }

    /// Links cover both sides once each, in order, with no empty link.
    fn assert_monotone_cover(l: &[RawLink], n: usize, m: usize) {
        let (mut i, mut j) = (0, 0);
        for x in l {
            assert_eq!(
                (x.hyp.0, x.ref_.0),
                (i, j),
                "{x:?} does not follow ({i},{j})"
            );
            assert!(x.hyp.1 >= x.hyp.0 && x.ref_.1 >= x.ref_.0);
            assert!(x.hyp.1 > x.hyp.0 || x.ref_.1 > x.ref_.0, "empty link {x:?}");
            (i, j) = (x.hyp.1, x.ref_.1);
        }
        assert_eq!((i, j), (n, m));
    }

    const SMALL: Windows = Windows {
        over: 500,
        rows: 200,
        overlap: 50,
        nodes_per_sentence: 24,
    };

    /// Every search of a long region stays within one window's sentences
    /// and node budget, and the windows' kept paths join into one
    /// alignment of the whole region, whatever the side lengths.
    #[test]
    fn windows_bound_every_search_and_join_into_one_alignment() {
        let mut rng = crate::metric::text::test_rng(0x51de);
        let vocab = ["cat", "dog", "sun", "sea", "red", "run", "map", "key"];
        let mut doc = |k: usize| -> Vec<Features> {
            let v: Vec<String> = (0..k)
                .map(|_| {
                    (0..1 + rng(3))
                        .map(|_| vocab[rng(8)])
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            v.iter().map(|s| Features::new(s)).collect()
        };
        let p = Params::default();
        for (n, m) in [
            (1_500, 1_500),
            (1_500, 600),
            (400, 1_300),
            (1_200, 3),
            (0, 900),
        ] {
            let (h, r) = (doc(n), doc(m));
            let mut calls = 0;
            let l = align_windows(&h, &r, SMALL, |a, b, budget| {
                calls += 1;
                let most = SMALL.rows + 2 * SMALL.overlap;
                assert!(
                    a.len().max(b.len()) <= most,
                    "{n}x{m}: {}x{}",
                    a.len(),
                    b.len()
                );
                assert!(budget <= SMALL.nodes_per_sentence * most);
                solve_region(a, b, &p, 0, budget)
            });
            assert_monotone_cover(&l, n, m);
            // Each window keeps about `rows` sentences of its longer side.
            assert!(
                calls <= n.max(m) / (SMALL.rows - 2) + 1,
                "{n}x{m}: {calls} searches"
            );
        }
    }

    fn real(name: &str) -> Vec<Features> {
        let path = format!("{}/tests/data/align/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        text.lines().map(Features::new).collect()
    }

    /// On real renderings (an OCR'd human translation and two MTs of its
    /// source, with merges and omissions) windows far smaller than the
    /// product's find the links of one search of the whole text: the kept
    /// part of each window never sees the forced end.
    #[test]
    fn windowed_search_keeps_the_single_search_links_on_real_text() {
        let p = Params::default();
        let tiny = Windows {
            over: 40,
            rows: 25,
            overlap: 12,
            nodes_per_sentence: 24,
        };
        for (a, b) in [
            ("textberg.google.fr", "textberg.human.fr"),
            ("textberg.europarllight.fr", "textberg.human.fr"),
            ("textberg.europarllight.fr", "textberg.google.fr"),
        ] {
            let (h, r) = (real(a), real(b));
            let whole = solve_region(&h, &r, &p, 0, MAX_NODES);
            let mut calls = 0;
            let win = align_windows(&h, &r, tiny, |x, y, budget| {
                calls += 1;
                solve_region(x, y, &p, 0, budget)
            });
            assert!(calls >= 3, "{a}: {calls} windows");
            assert_monotone_cover(&win, h.len(), r.len());
            let same = win
                .iter()
                .filter(|x| whole.iter().any(|y| (y.hyp, y.ref_) == (x.hyp, x.ref_)))
                .count();
            assert!(
                same * 100 >= whole.len() * 90,
                "{a} vs {b}: {same} of {}",
                whole.len()
            );
        }
    }

    #[test]
    fn the_polyline_interpolates_and_a_window_never_steps_back() {
        let line = Polyline(vec![(0, 0), (10, 40), (10, 45), (30, 50), (100, 120)]);
        assert_eq!(line.ref_at(5), 20);
        assert_eq!(line.ref_at(10), 40);
        assert_eq!(line.ref_at(20), 47);
        assert_eq!(line.ref_at(100), 120);
        assert_eq!(line.hyp_at(20), 5);
        assert_eq!(line.hyp_at(47), 18);
        assert_eq!(line.hyp_at(120), 100);
        // Where the line is flat, the hyp side moves `reach` and the ref
        // side follows the line.
        assert_eq!(line.ahead(30, 50, 10, 100, 120), (40, 60));
        // Where it climbs steeply, the ref side moves `reach`.
        assert_eq!(line.ahead(0, 0, 5, 100, 120), (1, 5));
        assert_eq!(line.ahead(0, 0, 20, 100, 120), (5, 20));
        // A committed node ahead of the line on the ref side: never back.
        assert_eq!(line.ahead(40, 90, 10, 100, 120), (50, 90));
        // With the hyp side used up, the ref side moves on alone.
        assert_eq!(line.ahead(100, 60, 30, 100, 120), (100, 90));
        // Near the end both sides stop at the region's end.
        assert_eq!(line.ahead(95, 110, 30, 100, 120), (100, 120));
    }

    #[test]
    fn competing_readings_lower_the_confidence() {
        let p = Params::default();
        // The hyp sentence matches two identical ref sentences equally well:
        // which one is linked is a coin flip.
        let h = feats(&["The harbour master closed the northern gate at dawn."]);
        let r = feats(&[
            "The harbour master closed the northern gate at dawn.",
            "The harbour master closed the northern gate at dawn.",
        ]);
        let l = align_region(&h, &r, &p, 0);
        let one = l.iter().find(|x| x.hyp.1 > x.hyp.0 && x.ref_.1 > x.ref_.0);
        assert!(one.is_some_and(|x| x.score < 0.2), "{l:?}");
        // With one candidate only it is sure.
        let l = align_region(&h, &r[..1], &p, 0);
        assert_eq!(l.len(), 1);
        assert!(l[0].score > 0.9, "{l:?}");
    }
}
