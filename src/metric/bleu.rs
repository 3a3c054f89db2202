//! Sentence and corpus BLEU as sacrebleu 2.x computes them: the `13a`
//! tokenizer (mteval-v13a), n-gram orders 1..4, `exp` smoothing, effective
//! order for sentences.

use std::cell::RefCell;

use super::fused::PairText;
use super::text::{Interner, for_each_py_word, py_rstrip};
use super::{CorpusSpec, GateRule, Metric, SACREBLEU_VERSION};
use crate::table::Cell;

pub const MAX_ORDER: usize = 4;

/// Sufficient statistics of BLEU, summed over a corpus.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BleuStats {
    pub sys_len: u64,
    pub ref_len: u64,
    pub correct: [u64; MAX_ORDER],
    pub total: [u64; MAX_ORDER],
}

impl BleuStats {
    pub fn add(&mut self, o: &BleuStats) {
        self.sys_len += o.sys_len;
        self.ref_len += o.ref_len;
        for n in 0..MAX_ORDER {
            self.correct[n] += o.correct[n];
            self.total[n] += o.total[n];
        }
    }
}

thread_local! {
    static BUF: RefCell<(Vec<u8>, Vec<u8>, Vec<u8>)> = RefCell::new(Default::default());
}

/// Characters the first 13a regex surrounds with spaces:
/// `[\{-\~\[-\` -\&\(-\+\:-\@\/]`.
#[inline]
pub(crate) const fn spaced(b: u8) -> bool {
    matches!(b, 0x7b..=0x7e | 0x5b..=0x60 | 0x20..=0x26 | 0x28..=0x2b | 0x3a..=0x40 | 0x2f)
}

fn replace_all(src: &[u8], pat: &[u8], rep: &[u8], dst: &mut Vec<u8>) {
    dst.clear();
    let mut i = 0;
    while i < src.len() {
        if src[i..].starts_with(pat) {
            dst.extend_from_slice(rep);
            i += pat.len();
        } else {
            dst.push(src[i]);
            i += 1;
        }
    }
}

/// The `13a` tokenizer; the result is the tokenized line (tokens joined by
/// single spaces, possibly with other whitespace left inside tokens as
/// Python's split would see it). All rules are ASCII, so they run on UTF-8
/// bytes: a multi-byte character never matches and is copied unchanged.
pub fn tokenize_13a_into(line: &str, out: &mut Vec<u8>) {
    BUF.with(|cell| {
        let (ref mut a, ref mut b, ref mut c) = *cell.borrow_mut();
        let line = py_rstrip(line).as_bytes();
        a.clear();
        a.extend_from_slice(line);
        // Sequential replacements, in sacrebleu's order.
        let fixed: &[(&[u8], &[u8])] = &[(b"<skipped>", b""), (b"-\n", b""), (b"\n", b" ")];
        for (pat, rep) in fixed {
            if memchr::memmem::find(a, pat).is_some() {
                replace_all(a, pat, rep, b);
                std::mem::swap(a, b);
            }
        }
        if a.contains(&b'&') {
            let ents: &[(&[u8], &[u8])] = &[
                (b"&quot;", b"\""),
                (b"&amp;", b"&"),
                (b"&lt;", b"<"),
                (b"&gt;", b">"),
            ];
            for (pat, rep) in ents {
                if memchr::memmem::find(a, pat).is_some() {
                    replace_all(a, pat, rep, b);
                    std::mem::swap(a, b);
                }
            }
        }
        rules_13a(a, b, c, out);
    });
}

/// The four regex rules of 13a on a line without entities, `<skipped>`
/// and line breaks; `x` and `y` are scratch.
fn rules_13a(line: &[u8], x: &mut Vec<u8>, y: &mut Vec<u8>, out: &mut Vec<u8>) {
    // Rule 1 on " line ": isolate the listed symbols.
    x.clear();
    x.push(b' ');
    for &c in line {
        if spaced(c) {
            x.extend_from_slice(&[b' ', c, b' ']);
        } else {
            x.push(c);
        }
    }
    x.push(b' ');
    // Rule 2: ([^0-9])([\.,]) -> "\1 \2 " (non-overlapping, left to right).
    rewrite_pairs(
        x,
        y,
        |a, b| !a.is_ascii_digit() && matches!(b, b'.' | b','),
        false,
    );
    // Rule 3: ([\.,])([^0-9]) -> " \1 \2".
    rewrite_pairs(
        y,
        x,
        |a, b| matches!(a, b'.' | b',') && !b.is_ascii_digit(),
        true,
    );
    // Rule 4: ([0-9])(-) -> "\1 \2 ".
    rewrite_pairs(x, out, |a, b| a.is_ascii_digit() && b == b'-', false);
}

/// One two-character 13a regex, applied left to right without overlaps:
/// a matching pair `ab` becomes ` a b` (`lead`) or `a b `.
fn rewrite_pairs(src: &[u8], dst: &mut Vec<u8>, hit: impl Fn(u8, u8) -> bool, lead: bool) {
    dst.clear();
    let mut i = 0;
    while i < src.len() {
        if i + 1 < src.len() && hit(src[i], src[i + 1]) {
            let (a, b) = (src[i], src[i + 1]);
            dst.extend_from_slice(&if lead {
                [b' ', a, b' ', b]
            } else {
                [a, b' ', b, b' ']
            });
            i += 2;
        } else {
            dst.push(src[i]);
            i += 1;
        }
    }
}

/// 13a on one `str.split()` word of a line for which the shared word pass
/// applies (no entities, `<skipped>` or line breaks): only the rules run.
pub(crate) fn tokenize_13a_word_into(word: &str, out: &mut Vec<u8>) {
    BUF.with(|cell| {
        let (_, ref mut x, ref mut y) = *cell.borrow_mut();
        rules_13a(word.as_bytes(), x, y, out);
    });
}

/// Tokens of `13a`, as a string for tests and tools.
pub fn tokenize_13a(line: &str) -> String {
    let mut out = Vec::new();
    tokenize_13a_into(line, &mut out);
    let s = String::from_utf8_lossy(&out).into_owned();
    let mut words = Vec::new();
    for_each_py_word(&s, |w| words.push(w.to_owned()));
    words.join(" ")
}

/// Clipped n-gram matches between two id sequences for order `n`.
fn ngram_matches(h: &[u32], r: &[u32], n: usize, hk: &mut Vec<u128>, rk: &mut Vec<u128>) -> u64 {
    let key = |g: &[u32]| g.iter().fold(0u128, |k, &x| (k << 32) | x as u128);
    hk.clear();
    rk.clear();
    hk.extend(h.windows(n).map(key));
    rk.extend(r.windows(n).map(key));
    hk.sort_unstable();
    rk.sort_unstable();
    let (mut i, mut j, mut m) = (0, 0, 0u64);
    while i < hk.len() && j < rk.len() {
        if hk[i] < rk[j] {
            i += 1;
        } else if rk[j] < hk[i] {
            j += 1;
        } else {
            let k = hk[i];
            let si = i;
            while i < hk.len() && hk[i] == k {
                i += 1;
            }
            let sj = j;
            while j < rk.len() && rk[j] == k {
                j += 1;
            }
            m += (i - si).min(j - sj) as u64;
        }
    }
    m
}

/// BLEU statistics of one pair (single reference).
pub fn stats(hyp: &str, ref_: &str) -> BleuStats {
    let mut th = Vec::with_capacity(hyp.len() + 16);
    let mut tr = Vec::with_capacity(ref_.len() + 16);
    tokenize_13a_into(hyp, &mut th);
    tokenize_13a_into(ref_, &mut tr);
    // The tokenizer only inserts ASCII spaces at character boundaries.
    let th = String::from_utf8(th).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into());
    let tr = String::from_utf8(tr).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into());
    let mut interner = Interner::new(1, 64);
    let mut h = Vec::with_capacity(32);
    let mut r = Vec::with_capacity(32);
    for_each_py_word(&th, |w| h.push(interner.id(w)));
    for_each_py_word(&tr, |w| r.push(interner.id(w)));
    stats_from_ids(&h, &r, interner.end())
}

/// BLEU statistics of two token id sequences (ids below `id_end`, none 0).
pub(crate) fn stats_from_ids(h: &[u32], r: &[u32], id_end: u32) -> BleuStats {
    let mut s = BleuStats {
        sys_len: h.len() as u64,
        ref_len: r.len() as u64,
        ..BleuStats::default()
    };
    for n in 1..=MAX_ORDER {
        s.total[n - 1] = (h.len() + 1).saturating_sub(n) as u64;
    }
    if id_end < 1 << 15 {
        // All four orders from one sorted array of packed keys.
        let mut m = [0u64; 7];
        super::chrf::with_keys(|keys| {
            super::chrf::count_matches::<15, MAX_ORDER>(h, r, keys, &mut m)
        });
        s.correct.copy_from_slice(&m[1..=MAX_ORDER]);
    } else {
        let (mut hk, mut rk) = (Vec::new(), Vec::new());
        for n in 1..=MAX_ORDER {
            if s.total[n - 1] > 0 && r.len() >= n {
                s.correct[n - 1] = ngram_matches(h, r, n, &mut hk, &mut rk);
            }
        }
    }
    s
}

fn my_log(x: f64) -> f64 {
    if x == 0.0 { -9_999_999_999.0 } else { x.ln() }
}

/// sacrebleu `BLEU.compute_bleu` with `smooth_method='exp'`.
pub fn score(s: &BleuStats, effective_order: bool) -> f64 {
    let (sys_len, ref_len) = (s.sys_len, s.ref_len);
    let mut bp = 1.0f64;
    if sys_len < ref_len {
        bp = if sys_len > 0 {
            (1.0 - ref_len as f64 / sys_len as f64).exp()
        } else {
            0.0
        };
    }
    if s.correct.iter().all(|&c| c == 0) {
        return 0.0;
    }
    let mut precisions = [0.0f64; MAX_ORDER];
    let mut smooth = 1.0f64;
    let mut eff_order = MAX_ORDER;
    for n in 1..=MAX_ORDER {
        let (c, t) = (s.correct[n - 1], s.total[n - 1]);
        if t == 0 {
            break;
        }
        if effective_order {
            eff_order = n;
        }
        if c == 0 {
            smooth *= 2.0;
            precisions[n - 1] = 100.0 / (smooth * t as f64);
        } else {
            precisions[n - 1] = 100.0 * c as f64 / t as f64;
        }
    }
    let sum = precisions[..eff_order]
        .iter()
        .fold(0.0f64, |acc, &p| acc + my_log(p));
    bp * (sum / eff_order as f64).exp()
}

impl Metric for BleuStats {
    const NAME: &'static str = "bleu";
    const COLUMNS: &'static [&'static str] = &["bleu"];
    const CORPUS: Option<CorpusSpec> = Some(CorpusSpec {
        column: "bleu",
        label: "BLEU",
        short: "BLEU",
        decimals: 2,
        linked_only: false,
    });
    const GATE: Option<GateRule> = Some(GateRule {
        name: "bleu",
        aliases: &[],
        label: "corpus BLEU",
        max: 100.0,
        lower_is_better: false,
        decimals: 2,
    });

    fn of_pair(hyp: &str, ref_: &str) -> Self {
        stats(hyp, ref_)
    }

    fn of_pass(p: &PairText) -> Self {
        p.fused().bleu
    }

    fn add(&mut self, o: &Self) {
        BleuStats::add(self, o)
    }

    fn cell(&self, _: usize) -> Cell<'static> {
        Cell::float(self.sentence())
    }

    /// Sentence BLEU uses the effective order, as `sentence_bleu` does.
    fn sentence(&self) -> f64 {
        score(self, true)
    }

    fn corpus(&self) -> f64 {
        score(self, false)
    }

    fn signature() -> Option<String> {
        Some(format!(
            "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:{SACREBLEU_VERSION}"
        ))
    }
}

/// sacrebleu `sentence_bleu(hyp, [ref]).score`.
pub fn sentence_bleu(hyp: &str, ref_: &str) -> f64 {
    score(&stats(hyp, ref_), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_13a_rules() {
        assert_eq!(tokenize_13a("Hello, world."), "Hello , world .");
        assert_eq!(
            tokenize_13a("3.14 and 1,000 or 5-6"),
            "3.14 and 1,000 or 5 - 6"
        );
        assert_eq!(
            tokenize_13a("a &amp; b &quot;c&quot; &lt;d&gt;"),
            "a & b \" c \" < d >"
        );
        assert_eq!(tokenize_13a("x <skipped> y"), "x y");
        assert_eq!(tokenize_13a("it's (ok)"), "it's ( ok )");
        assert_eq!(tokenize_13a("a..b"), "a . . b");
        assert_eq!(tokenize_13a("re-\nenter\nnow \n"), "reenter now");
    }

    #[test]
    fn packed_counting_equals_per_order_counting() {
        let h: Vec<u32> = [1, 2, 3, 1, 2, 3, 4, 1].to_vec();
        let r: Vec<u32> = [2, 3, 1, 2, 5, 1, 2, 3, 4].to_vec();
        let mut keys = Vec::new();
        super::super::chrf::pack_keys::<15, MAX_ORDER>(&h, &mut keys, 0);
        super::super::chrf::pack_keys::<15, MAX_ORDER>(&r, &mut keys, 1);
        keys.sort_unstable();
        let mut m = [0u64; 7];
        super::super::chrf::prefix_matches::<15, MAX_ORDER>(&keys, &mut m);
        let (mut hk, mut rk) = (Vec::new(), Vec::new());
        for (n, &got) in m.iter().enumerate().take(MAX_ORDER + 1).skip(1) {
            assert_eq!(got, ngram_matches(&h, &r, n, &mut hk, &mut rk), "order {n}");
        }
    }

    #[test]
    fn empty_sides() {
        assert_eq!(sentence_bleu("", ""), 0.0);
        assert_eq!(sentence_bleu("a b", ""), 0.0);
        assert_eq!(sentence_bleu("", "a b"), 0.0);
    }

    #[test]
    fn identical_gets_float_noise_not_exact_100() {
        let s = "The quick brown fox jumps over the lazy dog.";
        let v = sentence_bleu(s, s);
        assert!((v - 100.0).abs() < 1e-9);
    }

    #[test]
    fn entities_make_bleu_equal() {
        assert_eq!(
            sentence_bleu("Tom &amp; Jerry", "Tom & Jerry"),
            sentence_bleu("Tom & Jerry", "Tom & Jerry")
        );
    }
}
