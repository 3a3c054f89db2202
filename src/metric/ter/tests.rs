use super::beam::{Beam, Bufs};
use super::shift::{Gain, bag_floor, first_error_len, perform_shift, shift_pieces, words_from};
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
