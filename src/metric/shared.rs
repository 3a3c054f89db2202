//! One word pass for all word-level metrics of an ASCII pair.
//!
//! Word distance, chrF++ words, TER and BLEU each tokenize differently, but
//! on ASCII text every one of their tokens is a piece of a `str.split()`
//! word (or of its lowercased copy): chrF++ splits off one punctuation
//! character, TER lowercases, and 13a only inserts spaces inside a word
//! once entities and `<skipped>` are ruled out. Its rules look at one
//! neighbouring character, and whitespace next to a word acts like the
//! space the tokenizer pads a line with, so the 13a tokens of a line are
//! the 13a tokens of its words in order (the exception, `-\n` joining two
//! words, is ruled out too). So each side is split once, every word is
//! hashed once into one id space, and the derived tokens are worked out
//! once per distinct word rather than once per occurrence and metric.

use std::cell::RefCell;

use super::text::{Interner, for_each_py_word};
use super::{bleu, chrf, ter};

/// Token ids of one side, per metric.
#[derive(Default)]
pub(crate) struct SideIds {
    /// `str.split()` words (word distance, WER).
    pub words: Vec<u32>,
    /// `str.lower().split()` words (TER).
    pub lower: Vec<u32>,
    /// chrF++ word tokens.
    pub chrf: Vec<u32>,
    /// 13a tokens (BLEU).
    pub bleu: Vec<u32>,
}

/// What a distinct word turns into, computed on its first occurrence.
#[derive(Clone, Copy)]
struct Derived {
    lower: u32,
    chrf: [u32; 2],
    /// Range of its 13a token ids in `Pass::flat`.
    bleu: (u32, u32),
}

const UNSET: u32 = u32::MAX;
const UNSET_DERIVED: Derived = Derived {
    lower: UNSET,
    chrf: [UNSET; 2],
    bleu: (0, 0),
};

thread_local! {
    static SCRATCH: RefCell<(String, String, Vec<u8>)> = RefCell::new(Default::default());
}

/// True when `score_ascii` computes exactly what the per-metric tokenizers
/// would: ASCII text without HTML entities, `<skipped>` or `-\n`.
pub(crate) fn applies(s: &str) -> bool {
    s.is_ascii()
        && memchr::memchr2(b'&', b'<', s.as_bytes()).is_none()
        && memchr::memmem::find(s.as_bytes(), b"-\n").is_none()
}

/// Bytes that may make 13a split a word: the symbols its first rule
/// isolates, and the period, comma and hyphen of the other three rules.
#[inline]
fn special_13a(b: u8) -> bool {
    matches!(b, 0x7b..=0x7e | 0x5b..=0x60 | 0x20..=0x26 | 0x28..=0x2f | 0x3a..=0x40)
}

struct Pass<'a> {
    interner: Interner<'a>,
    derived: Vec<Derived>,
    flat: Vec<u32>,
    tok: Vec<u8>,
    ranges: Vec<(usize, usize)>,
}

impl<'a> Pass<'a> {
    fn derive(&mut self, w: &'a str, lw: &'a str, id: u32) -> Derived {
        let lower = if w.bytes().any(|b| b.is_ascii_uppercase()) {
            self.interner.id(lw)
        } else {
            id
        };
        let chrf = match chrf::chrf_tokens(w) {
            (a, None) if a.len() == w.len() => [id, UNSET],
            (a, None) => [self.interner.id(a), UNSET],
            (a, Some(b)) => [self.interner.id(a), self.interner.id(b)],
        };
        let start = self.flat.len() as u32;
        if !w.bytes().any(special_13a) {
            self.flat.push(id);
        } else {
            // The tokenizer only inserts spaces here, so its output, read
            // past the spaces, is `w` again: each token is a slice of `w`.
            bleu::tokenize_13a_into(w, &mut self.tok);
            self.ranges.clear();
            let (mut pos, mut tok_start) = (0usize, None);
            for &c in &self.tok {
                if c == b' ' {
                    if let Some(a) = tok_start.take() {
                        self.ranges.push((a, pos));
                    }
                } else {
                    tok_start.get_or_insert(pos);
                    pos += 1;
                }
            }
            if let Some(a) = tok_start {
                self.ranges.push((a, pos));
            }
            debug_assert_eq!(pos, w.len());
            for k in 0..self.ranges.len() {
                let (a, b) = self.ranges[k];
                let t = self.interner.id(&w[a..b]);
                self.flat.push(t);
            }
        }
        Derived {
            lower,
            chrf,
            bleu: (start, self.flat.len() as u32),
        }
    }

    fn side(&mut self, s: &'a str, lower: &'a str, out: &mut SideIds) {
        let base = s.as_ptr() as usize;
        for_each_py_word(s, |w| {
            let id = self.interner.id(w);
            out.words.push(id);
            let i = id as usize;
            if self.derived.len() <= i {
                self.derived.resize(i + 1, UNSET_DERIVED);
            }
            let mut d = self.derived[i];
            if d.lower == UNSET {
                let o = w.as_ptr() as usize - base;
                d = self.derive(w, &lower[o..o + w.len()], id);
                if self.derived.len() <= i {
                    self.derived.resize(i + 1, UNSET_DERIVED);
                }
                self.derived[i] = d;
            }
            out.lower.push(d.lower);
            out.chrf.push(d.chrf[0]);
            if d.chrf[1] != UNSET {
                out.chrf.push(d.chrf[1]);
            }
            out.bleu
                .extend_from_slice(&self.flat[d.bleu.0 as usize..d.bleu.1 as usize]);
        });
    }
}

/// Word-level statistics of an ASCII pair for which [`applies`] holds.
pub(crate) struct WordStats {
    pub hyp: SideIds,
    pub ref_: SideIds,
    /// One past the largest id of any token.
    pub id_end: u32,
}

pub(crate) fn word_ids(hyp: &str, ref_: &str) -> WordStats {
    SCRATCH.with(|cell| {
        let (ref mut lh, ref mut lr, ref mut tok) = *cell.borrow_mut();
        lh.clear();
        lh.push_str(hyp);
        lh.make_ascii_lowercase();
        lr.clear();
        lr.push_str(ref_);
        lr.make_ascii_lowercase();
        let mut pass = Pass {
            interner: Interner::new(1, 64),
            derived: Vec::with_capacity(64),
            flat: Vec::with_capacity(64),
            tok: std::mem::take(tok),
            ranges: Vec::new(),
        };
        let mut h = SideIds::default();
        let mut r = SideIds::default();
        pass.side(hyp, lh, &mut h);
        pass.side(ref_, lr, &mut r);
        *tok = std::mem::take(&mut pass.tok);
        WordStats {
            hyp: h,
            ref_: r,
            id_end: pass.interner.end(),
        }
    })
}

/// chrF++ word rows, BLEU and TER statistics from the shared ids.
pub(crate) fn metric_stats(
    w: &WordStats,
    chrf_rows: &mut chrf::ChrfStats,
) -> (bleu::BleuStats, ter::TerStats) {
    chrf::word_rows_from_ids(&w.hyp.chrf, &w.ref_.chrf, chrf_rows);
    let b = bleu::stats_from_ids(&w.hyp.bleu, &w.ref_.bleu, w.id_end);
    let t = ter::stats_from_ids(&w.hyp.lower, &w.ref_.lower, w.id_end as usize);
    (b, t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shared pass must give the per-metric tokenizers' statistics.
    #[test]
    fn shared_ids_equal_separate_tokenizers() {
        let pairs = [
            (
                "The micro-letter app is popular.",
                "The WeChat app is popular.",
            ),
            (
                "Hello, world. (ok) 3.14 and 1,000 or 5-6",
                "hello , World ... x.y,z",
            ),
            ("a..b ,. ., -- 12-34 'quoted' \"q\" [x]{y}", "A B C D"),
            ("", "x"),
            ("x", ""),
            ("  \t ", "a\tb\u{1c}c"),
            ("e.g. U.S.A., Inc.! ?!", "e.g., U.S. inc"),
        ];
        for (h, r) in pairs {
            assert!(applies(h) && applies(r), "{h:?} {r:?}");
            let w = word_ids(h, r);
            let mut rows = [[0u64; 3]; chrf::ORDERS];
            let (b, t) = metric_stats(&w, &mut rows);
            let full = chrf::stats(h, r, true);
            assert_eq!(
                rows[chrf::CHAR_ORDER..],
                full[chrf::CHAR_ORDER..],
                "{h:?} {r:?}"
            );
            assert_eq!(b, bleu::stats(h, r), "{h:?} {r:?}");
            assert_eq!(t, ter::stats(h, r), "{h:?} {r:?}");
        }
    }

    /// Generated ASCII pairs full of the characters the tokenizers treat
    /// specially, against the per-metric tokenizers.
    #[test]
    fn generated_pairs_equal_separate_tokenizers() {
        let pieces = [
            "a", "B", "cat", "Cat", "1", "22", ".", ",", "-", "'", "\"", "(", ")", "/", "$", "e.g",
            "U.S", "x,y", "3.5", "5-6", "a-b", ":", ";", "?", "!", "%", "_", "~",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |k: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % k as u64) as usize
        };
        for _ in 0..2000 {
            let mut side = || {
                let mut s = String::new();
                for _ in 0..next(12) {
                    s.push_str(pieces[next(pieces.len())]);
                    s.push_str([" ", "", "", "\t", "  "][next(5)]);
                }
                s
            };
            let (h, r) = (side(), side());
            let w = word_ids(&h, &r);
            let mut rows = [[0u64; 3]; chrf::ORDERS];
            let (b, t) = metric_stats(&w, &mut rows);
            let full = chrf::stats(&h, &r, true);
            assert_eq!(
                rows[chrf::CHAR_ORDER..],
                full[chrf::CHAR_ORDER..],
                "{h:?} {r:?}"
            );
            assert_eq!(b, bleu::stats(&h, &r), "{h:?} {r:?}");
            assert_eq!(t, ter::stats(&h, &r), "{h:?} {r:?}");
            let d = super::super::lev::distance_ids(&w.hyp.words, &w.ref_.words, w.id_end as usize);
            assert_eq!(d, super::super::word_distance(&h, &r), "{h:?} {r:?}");
        }
    }

    #[test]
    fn entities_skipped_and_joined_lines_take_the_general_path() {
        assert!(!applies("a &amp; b"));
        assert!(!applies("x <skipped> y"));
        assert!(!applies("re-\nenter"));
        assert!(!applies("Größe"));
        assert!(applies("a - b\nc"));
    }
}
