//! Anchor points for long documents: pairs of sentences that share
//! signatures (rare stems, stem bigrams) found exactly once on each side and
//! that are each other's best such partner; the heaviest monotone chain of
//! them guides the band of the exact search. Hashing only, never all pairs.

use super::features::Features;
use crate::metric::text::PrehashedMap;

/// The signatures are already well-mixed hashes: used as they are.
type Map<V> = PrehashedMap<V>;

/// Signature -> the sentence it occurs in, or `u32::MAX` when in several.
fn unique_sigs(f: &[Features]) -> Map<u32> {
    let mut m: Map<u32> = Map::default();
    m.reserve(f.iter().map(|x| x.sig.len()).sum());
    for (i, x) in f.iter().enumerate() {
        for &s in &x.sig {
            m.entry(s)
                .and_modify(|v| {
                    if *v != i as u32 {
                        *v = u32::MAX
                    }
                })
                .or_insert(i as u32);
        }
    }
    m
}

/// Monotone chain of anchor pairs `(hyp, ref)`, strictly increasing on both sides.
pub(crate) fn anchors(h: &[Features], r: &[Features]) -> Vec<(usize, usize)> {
    let hm = unique_sigs(h);
    let rm = unique_sigs(r);
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for (s, &i) in &hm {
        if i == u32::MAX {
            continue;
        }
        if let Some(&j) = rm.get(s)
            && j != u32::MAX
        {
            pairs.push((i, j));
        }
    }
    pairs.sort_unstable();
    // Votes per pair.
    let mut votes: Vec<(u32, u32, u32)> = Vec::new();
    for p in pairs {
        match votes.last_mut() {
            Some(v) if (v.0, v.1) == p => v.2 += 1,
            _ => votes.push((p.0, p.1, 1)),
        }
    }
    // Mutually best: the pair holds the strict maximum of votes for its hyp
    // sentence and for its ref sentence.
    let mut best_h: Vec<(u32, u32)> = vec![(0, 0); h.len()]; // (votes, count of that max)
    let mut best_r: Vec<(u32, u32)> = vec![(0, 0); r.len()];
    for &(i, j, v) in &votes {
        for (b, k) in [(&mut best_h, i), (&mut best_r, j)] {
            let e = &mut b[k as usize];
            if v > e.0 {
                *e = (v, 1);
            } else if v == e.0 {
                e.1 += 1;
            }
        }
    }
    let strong: Vec<(u32, u32, u32)> = votes
        .into_iter()
        .filter(|&(i, j, v)| best_h[i as usize] == (v, 1) && best_r[j as usize] == (v, 1) && v >= 2)
        .collect();
    chain(&strong, r.len())
}

/// Heaviest chain strictly increasing in both coordinates (weighted LIS with a
/// Fenwick tree of prefix maxima over ref positions).
fn chain(c: &[(u32, u32, u32)], m: usize) -> Vec<(usize, usize)> {
    if c.is_empty() {
        return Vec::new();
    }
    let mut tree: Vec<(u64, u32)> = vec![(0, u32::MAX); m + 1];
    let mut prev: Vec<u32> = vec![u32::MAX; c.len()];
    let mut score: Vec<u64> = vec![0; c.len()];
    // `c` is sorted by hyp index, one entry per hyp index at most (mutual best).
    for (k, &(_, j, v)) in c.iter().enumerate() {
        // Best chain ending at ref < j.
        let mut q = j as usize;
        let mut best = (0u64, u32::MAX);
        while q > 0 {
            if tree[q].0 > best.0 {
                best = tree[q];
            }
            q &= q - 1;
        }
        score[k] = best.0 + v as u64;
        prev[k] = best.1;
        let mut q = j as usize + 1;
        while q <= m {
            if score[k] > tree[q].0 {
                tree[q] = (score[k], k as u32);
            }
            q += q & q.wrapping_neg();
        }
    }
    let mut k = (0..c.len()).max_by_key(|&k| score[k]).unwrap_or(0) as u32;
    let mut out = Vec::new();
    while k != u32::MAX {
        let (i, j, _) = c[k as usize];
        out.push((i as usize, j as usize));
        k = prev[k as usize];
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_is_monotone_and_heaviest() {
        let c = vec![(0, 5, 1), (1, 1, 2), (2, 2, 2), (3, 0, 1), (4, 6, 3)];
        assert_eq!(chain(&c, 10), vec![(1, 1), (2, 2), (4, 6)]);
    }

    #[test]
    fn anchors_from_rare_shared_words() {
        let h: Vec<Features> = [
            "Abraham travelled towards Canaan quickly.",
            "Nothing here matters much.",
            "Pharaoh summoned Joseph immediately.",
        ]
        .iter()
        .map(|s| Features::new(s))
        .collect();
        let r: Vec<Features> = [
            "Pharaoh summoned Joseph at once.",
            "Abraham travelled towards Canaan fast.",
        ]
        .iter()
        .map(|s| Features::new(s))
        .collect();
        // Crossing candidates: only one of them can be on the chain.
        let a = anchors(&h, &r);
        assert_eq!(a.len(), 1);
    }
}
