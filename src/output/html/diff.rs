//! The review page's word diff: which words of the hyp the ref drops,
//! adds or replaces.
//!
//! Tokens are Unicode word bounds (words, runs of spaces, single
//! punctuation marks), so a diff never cuts a word and a changed comma is
//! a change of its own. The edit script is Myers' greedy shortest one over
//! token ids, after the common start and end are dropped. Its cost grows
//! with the number of edits D (time O((N+M)·D), memory O(D²) for the
//! trace), so D is bounded: past the bound the whole middle is one change,
//! which is what a reader would call two unrelated texts anyway, and a
//! 50,000-word "sentence" costs no more than a few million steps.
//!
//! Changed stretches are then classified for the reader: a stretch that
//! only differs in letter case, or only in punctuation and spacing, is
//! told apart from a real substitution, since a reviewer skims those.

use std::collections::HashMap;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Most edits the search looks for before giving up on the middle.
const MAX_EDITS: usize = 1000;
/// Bound on the search's steps, (N+M)·D: a very long middle gets a
/// smaller edit budget.
const MAX_STEPS: usize = 50_000_000;

/// What a changed stretch is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Change {
    /// Only in the hyp.
    Deleted,
    /// Only in the ref.
    Inserted,
    /// Different words on both sides.
    Substituted,
    /// The same words in other letter case.
    Case,
    /// The same words with other punctuation or spacing.
    Punct,
}

impl Change {
    /// Every kind, in legend order.
    pub const ALL: [Change; 5] = [
        Change::Deleted,
        Change::Inserted,
        Change::Substituted,
        Change::Case,
        Change::Punct,
    ];

    /// How the legend and the marks' titles name it.
    pub fn label(self) -> &'static str {
        match self {
            Change::Deleted => "only in hyp",
            Change::Inserted => "only in ref",
            Change::Substituted => "substituted",
            Change::Case => "case only",
            Change::Punct => "punctuation or spacing only",
        }
    }
}

/// One stretch of the diff: byte ranges of both texts, consecutive and
/// covering each text from start to end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Op {
    pub hyp: Range<usize>,
    pub ref_: Range<usize>,
    /// `None`: the same text on both sides.
    pub change: Option<Change>,
}

/// The word diff of `hyp` against `ref_`.
pub fn diff(hyp: &str, ref_: &str) -> Vec<Op> {
    let ht: Vec<(usize, &str)> = hyp.split_word_bound_indices().collect();
    let rt: Vec<(usize, &str)> = ref_.split_word_bound_indices().collect();
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let a = intern(&mut ids, &ht);
    let b = intern(&mut ids, &rt);
    let script = edit_script(&a, &b);
    // Token index -> byte offset, one past the end included.
    let off = |toks: &[(usize, &str)], len: usize, i: usize| toks.get(i).map_or(len, |t| t.0);
    let hoff = |i| off(&ht, hyp.len(), i);
    let roff = |i| off(&rt, ref_.len(), i);
    let mut ops: Vec<Op> = Vec::new();
    for (equal, h, r) in script {
        let op = Op {
            hyp: hoff(h.start)..hoff(h.end),
            ref_: roff(r.start)..roff(r.end),
            change: None,
        };
        let op = if equal {
            op
        } else {
            Op {
                change: Some(classify(&hyp[op.hyp.clone()], &ref_[op.ref_.clone()])),
                ..op
            }
        };
        ops.push(op);
    }
    merge_across_spaces(ops, hyp, ref_)
}

/// Token ids, equal for equal tokens on either side.
fn intern<'t>(ids: &mut HashMap<&'t str, u32>, toks: &[(usize, &'t str)]) -> Vec<u32> {
    toks.iter()
        .map(|&(_, t)| {
            let n = ids.len() as u32;
            *ids.entry(t).or_insert(n)
        })
        .collect()
}

/// Runs of equal and changed tokens: `(equal, hyp tokens, ref tokens)`,
/// consecutive, changed runs maximal.
fn edit_script(a: &[u32], b: &[u32]) -> Vec<(bool, Range<usize>, Range<usize>)> {
    let (pre, suf) = crate::metric::text::common_ends(a, b);
    let (am, bm) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let mut runs: Vec<(bool, Range<usize>, Range<usize>)> = Vec::new();
    let mut push = |equal: bool, i: usize, j: usize| match runs.last_mut() {
        Some((e, h, r)) if *e == equal => {
            h.end += i;
            r.end += j;
        }
        _ => {
            let (h0, r0) = runs.last().map_or((0, 0), |(_, h, r)| (h.end, r.end));
            runs.push((equal, h0..h0 + i, r0..r0 + j));
        }
    };
    push(true, pre, pre);
    let budget = MAX_EDITS.min(MAX_STEPS / (am.len() + bm.len()).max(1));
    match myers(am, bm, budget) {
        Some(steps) => {
            for s in steps {
                match s {
                    Step::Equal => push(true, 1, 1),
                    Step::Delete => push(false, 1, 0),
                    Step::Insert => push(false, 0, 1),
                }
            }
        }
        None => push(false, am.len(), bm.len()),
    }
    push(true, suf, suf);
    runs.retain(|(_, h, r)| !h.is_empty() || !r.is_empty());
    runs
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Equal,
    Delete,
    Insert,
}

/// Myers' greedy shortest edit script of `a` into `b`, or `None` when it
/// needs more than `max_d` insertions and deletions. The trace keeps, per
/// edit count d, the furthest x reached on each diagonal -d..=d.
fn myers(a: &[u32], b: &[u32], max_d: usize) -> Option<Vec<Step>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max_d = max_d.min(a.len() + b.len()) as isize;
    let mut trace: Vec<Vec<isize>> = Vec::new();
    // Diagonal k = x - y; `prev` holds the furthest x on d-1's diagonals.
    let at = |v: &[isize], d: isize, k: isize| v[(k + d) as usize];
    let mut end_d = None;
    'outer: for d in 0..=max_d {
        let mut v = vec![0isize; (2 * d + 1) as usize];
        for k in (-d..=d).step_by(2) {
            let mut x = if d == 0 {
                0
            } else {
                let prev = &trace[(d - 1) as usize];
                if k == -d || (k != d && at(prev, d - 1, k - 1) < at(prev, d - 1, k + 1)) {
                    at(prev, d - 1, k + 1)
                } else {
                    at(prev, d - 1, k - 1) + 1
                }
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[(k + d) as usize] = x;
            if x >= n && y >= m {
                trace.push(v);
                end_d = Some(d);
                break 'outer;
            }
        }
        trace.push(v);
    }
    let end_d = end_d?;
    let mut steps = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (1..=end_d).rev() {
        let k = x - y;
        let prev = &trace[(d - 1) as usize];
        let down = k == -d || (k != d && at(prev, d - 1, k - 1) < at(prev, d - 1, k + 1));
        let pk = if down { k + 1 } else { k - 1 };
        let px = at(prev, d - 1, pk);
        let py = px - pk;
        // The snake after the edit, then the edit itself.
        let (sx, sy) = if down { (px, py + 1) } else { (px + 1, py) };
        while x > sx && y > sy {
            steps.push(Step::Equal);
            x -= 1;
            y -= 1;
        }
        steps.push(if down { Step::Insert } else { Step::Delete });
        x = px;
        y = py;
    }
    while x > 0 && y > 0 {
        steps.push(Step::Equal);
        x -= 1;
        y -= 1;
    }
    debug_assert!(x == 0 && y == 0);
    steps.reverse();
    Some(steps)
}

/// Neither a letter nor a digit nor a space: what a punctuation-only
/// change may differ in (with spacing).
fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

fn classify(h: &str, r: &str) -> Change {
    let bare = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
    let only_marks = |s: &str| s.chars().all(|c| is_punct(c) || c.is_whitespace());
    match (h.is_empty(), r.is_empty()) {
        (_, true) if only_marks(h) => Change::Punct,
        (true, _) if only_marks(r) => Change::Punct,
        (_, true) => Change::Deleted,
        (true, _) => Change::Inserted,
        _ if h != r && h.to_lowercase() == r.to_lowercase() => Change::Case,
        _ if bare(h) == bare(r) => Change::Punct,
        _ => Change::Substituted,
    }
}

/// Two word changes separated by nothing but spaces read as one change
/// ("big red" for "small blue", not "big" for "small" and "red" for
/// "blue" around an unchanged space). Case and punctuation changes stay
/// apart, so a reader still sees them as the minor edits they are.
fn merge_across_spaces(ops: Vec<Op>, hyp: &str, ref_: &str) -> Vec<Op> {
    let word = |c: Option<Change>| {
        matches!(
            c,
            Some(Change::Deleted | Change::Inserted | Change::Substituted)
        )
    };
    let mut out: Vec<Op> = Vec::with_capacity(ops.len());
    let mut i = 0;
    while i < ops.len() {
        let op = &ops[i];
        let spaces = op.change.is_none() && hyp[op.hyp.clone()].trim().is_empty();
        if spaces
            && i + 1 < ops.len()
            && out.last().is_some_and(|p| word(p.change))
            && word(ops[i + 1].change)
        {
            let (next, last) = (&ops[i + 1], out.last_mut().expect("checked"));
            last.hyp.end = next.hyp.end;
            last.ref_.end = next.ref_.end;
            last.change = Some(classify(&hyp[last.hyp.clone()], &ref_[last.ref_.clone()]));
            i += 2;
            continue;
        }
        out.push(op.clone());
        i += 1;
    }
    out
}

/// One side of the diff as consecutive byte ranges of that side's text,
/// each with its change (`None`: unchanged); empty ranges are left out.
pub fn side(ops: &[Op], hyp_side: bool) -> Vec<(Range<usize>, Option<Change>)> {
    ops.iter()
        .map(|o| {
            let r = if hyp_side { &o.hyp } else { &o.ref_ };
            (r.clone(), o.change)
        })
        .filter(|(r, _)| !r.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The diff as `[-hyp-]{+ref+}` text with the change's initial, for
    /// readable expectations.
    fn show(h: &str, r: &str) -> String {
        let mut s = String::new();
        for o in diff(h, r) {
            let (ht, rt) = (&h[o.hyp.clone()], &r[o.ref_.clone()]);
            match o.change {
                None => s.push_str(ht),
                Some(c) => {
                    let tag = match c {
                        Change::Deleted => 'd',
                        Change::Inserted => 'i',
                        Change::Substituted => 's',
                        Change::Case => 'c',
                        Change::Punct => 'p',
                    };
                    s.push_str(&format!("[{tag}:{ht}|{rt}]"));
                }
            }
        }
        s
    }

    fn check_rebuilds(h: &str, r: &str) {
        let ops = diff(h, r);
        let (mut hh, mut rr) = (0, 0);
        for o in &ops {
            assert_eq!(o.hyp.start, hh, "{ops:?}");
            assert_eq!(o.ref_.start, rr, "{ops:?}");
            hh = o.hyp.end;
            rr = o.ref_.end;
            if o.change.is_none() {
                assert_eq!(h[o.hyp.clone()], r[o.ref_.clone()]);
            }
            assert!(
                !o.hyp.is_empty() || !o.ref_.is_empty(),
                "empty op in {ops:?}"
            );
        }
        assert_eq!((hh, rr), (h.len(), r.len()));
        let rebuilt: String = side(&ops, true)
            .iter()
            .map(|(x, _)| &h[x.clone()])
            .collect();
        assert_eq!(rebuilt, h);
        let rebuilt: String = side(&ops, false)
            .iter()
            .map(|(x, _)| &r[x.clone()])
            .collect();
        assert_eq!(rebuilt, r);
    }

    #[test]
    fn words_are_deleted_inserted_and_substituted() {
        assert_eq!(show("the cat sat", "the cat sat"), "the cat sat");
        assert_eq!(
            show("the big cat sat", "the cat sat"),
            "the [d:big |]cat sat"
        );
        assert_eq!(
            show("the cat sat", "the cat sat down"),
            "the cat sat[i:| down]"
        );
        assert_eq!(
            show("the big red dog", "the small blue dog"),
            "the [s:big red|small blue] dog"
        );
        assert_eq!(show("", "new text"), "[i:|new text]");
        assert_eq!(show("old text", ""), "[d:old text|]");
        assert_eq!(show("", ""), "");
    }

    #[test]
    fn case_and_punctuation_changes_are_told_apart() {
        assert_eq!(
            show("Use WeChat now", "Use wechat now"),
            "Use [c:WeChat|wechat] now"
        );
        assert_eq!(show("Hello, world", "Hello world"), "Hello[p:,|] world");
        assert_eq!(show("an e-mail", "an email"), "an [p:e-mail|email]");
        assert_eq!(show("a  b", "a b"), "a[p:  | ]b");
        assert_eq!(show("end.", "end!"), "end[p:.|!]");
        // A case change next to a word change stays a case change.
        assert_eq!(
            show("The Big red car", "The big blue car"),
            "The [c:Big|big] [s:red|blue] car"
        );
    }

    #[test]
    fn non_latin_scripts_and_combining_marks_keep_whole_graphemes() {
        check_rebuilds("微信很好用。", "微博很好用！");
        check_rebuilds("cafe\u{301} noir", "café noir");
        check_rebuilds("👩‍👩‍👧 family", "👩‍👩‍👦 family");
        check_rebuilds("مرحبا بالعالم", "مرحبا يا عالم");
        // Word bounds never split a grapheme: an edit inside one marks all of it.
        let ops = diff("x 👩‍👩‍👧 y", "x 👩‍👩‍👦 y");
        let changed: Vec<&Op> = ops.iter().filter(|o| o.change.is_some()).collect();
        assert_eq!(changed.len(), 1);
    }

    #[test]
    fn a_huge_middle_past_the_bound_is_one_change() {
        // 50,000 words on each side, every other one different: far more
        // edits than the bound.
        let h: String = (0..50_000).map(|i| format!("w{i} ")).collect();
        let r: String = (0..50_000)
            .map(|i| {
                if i % 2 == 0 {
                    format!("w{i} ")
                } else {
                    format!("v{i} ")
                }
            })
            .collect();
        let ops = diff(&h, &r);
        check_rebuilds(&h, &r);
        let changed: Vec<&Op> = ops.iter().filter(|o| o.change.is_some()).collect();
        assert_eq!(changed.len(), 1, "one change over the whole middle");
        // The common start ("w0 ") and end (" ") stay equal.
        assert_eq!(ops[0].change, None);
        assert_eq!(&h[ops[0].hyp.clone()], "w0 ");
    }

    #[test]
    fn few_edits_in_a_long_text_are_found_exactly() {
        let h: String = (0..20_000).map(|i| format!("w{i} ")).collect();
        let r = h.replace("w777 ", "x777 ").replace("w15000 ", "");
        assert_eq!(
            diff(&h, &r).iter().filter(|o| o.change.is_some()).count(),
            2
        );
    }

    #[test]
    fn myers_is_minimal_on_small_cases() {
        // Against a plain LCS table: the script's edits are n + m - 2·LCS.
        let lcs = |a: &[u32], b: &[u32]| {
            let mut t = vec![vec![0usize; b.len() + 1]; a.len() + 1];
            for i in 0..a.len() {
                for j in 0..b.len() {
                    t[i + 1][j + 1] = if a[i] == b[j] {
                        t[i][j] + 1
                    } else {
                        t[i][j + 1].max(t[i + 1][j])
                    };
                }
            }
            t[a.len()][b.len()]
        };
        let mut next = crate::metric::text::test_rng(0xd1ff);
        for _ in 0..2000 {
            let a: Vec<u32> = (0..next(12)).map(|_| next(4) as u32).collect();
            let b: Vec<u32> = (0..next(12)).map(|_| next(4) as u32).collect();
            let s = myers(&a, &b, 100).unwrap();
            let edits = s.iter().filter(|x| **x != Step::Equal).count();
            assert_eq!(edits, a.len() + b.len() - 2 * lcs(&a, &b), "{a:?} {b:?}");
            // Replaying the script turns a into b.
            let (mut i, mut j) = (0, 0);
            for x in &s {
                match x {
                    Step::Equal => {
                        assert_eq!(a[i], b[j]);
                        i += 1;
                        j += 1;
                    }
                    Step::Delete => i += 1,
                    Step::Insert => j += 1,
                }
            }
            assert_eq!((i, j), (a.len(), b.len()));
            if edits > 0 {
                assert!(myers(&a, &b, edits - 1).is_none());
            }
        }
    }

    proptest! {
        #[test]
        fn the_diff_rebuilds_both_texts(
            h in "[ aAbB,.é微\u{301}\n-]{0,40}",
            r in "[ aAbB,.é微\u{301}\n-]{0,40}",
        ) {
            check_rebuilds(&h, &r);
        }

        #[test]
        fn the_diff_rebuilds_edited_sentences(
            words in proptest::collection::vec("[a-zA-Z]{1,6}|[,.;!?]", 0..30),
            edits in proptest::collection::vec((0usize..30, 0u8..4), 0..8),
        ) {
            let h = words.join(" ");
            let mut w = words.clone();
            for (i, e) in edits {
                if w.is_empty() { break; }
                let i = i % w.len();
                match e {
                    0 => { w.remove(i); }
                    1 => w.insert(i, "new".into()),
                    2 => w[i] = w[i].to_uppercase(),
                    _ => w[i].push(','),
                }
            }
            let r = w.join(" ");
            check_rebuilds(&h, &r);
            if h == r {
                prop_assert!(diff(&h, &r).iter().all(|o| o.change.is_none()));
            }
        }
    }
}
