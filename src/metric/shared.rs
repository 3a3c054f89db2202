//! One word pass for all word-level metrics of a pair.
//!
//! Word distance, chrF++ words, TER and BLEU each tokenize differently, but
//! every one of their tokens is a piece of a `str.split()` word or of the
//! lowercased text: chrF++ splits off one ASCII punctuation character, TER
//! lowercases, and 13a only inserts spaces inside a word once entities and
//! `<skipped>` are ruled out. Its rules are ASCII and look at one
//! neighbouring character, and whitespace next to a word acts like the
//! space the tokenizer pads a line with, so the 13a tokens of a line are
//! the 13a tokens of its words in order (the exception, `-\n` joining two
//! words, is ruled out too). So each side is split once, every word is
//! hashed once into one id space, and the derived tokens are worked out
//! once per distinct word rather than once per occurrence and metric. TER's
//! lowercase words come from the same word on ASCII text; elsewhere
//! lowercasing may change lengths, and the lowercased text is split again.
//! The second side's words that lie in the two texts' common start and end
//! are the first side's words there: on ASCII text their ids are copied.

use std::cell::RefCell;

use super::text::{
    Interner, common_byte_ends, for_each_py_word, hash_in, is_py_space_ascii, py_lower_into,
};
use super::{bleu, chrf, lev, ter};

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

/// Buffers reused from pair to pair (one set per thread).
#[derive(Default)]
struct Store {
    lower_hyp: String,
    lower_ref: String,
    tok: Vec<u8>,
    derived: Vec<Derived>,
    flat: Vec<u32>,
    hyp: SideIds,
    ref_: SideIds,
    marks: Vec<[u32; 4]>,
    scratch_marks: Vec<[u32; 4]>,
}

thread_local! {
    static STORE: RefCell<Store> = RefCell::new(Store::default());
}

/// True when [`word_stats`] computes exactly what the per-metric tokenizers
/// would: text without HTML entities, `<skipped>` or `-\n`.
pub(crate) fn applies(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr2(b'&', b'<', b).is_none()
        && memchr::memchr_iter(b'\n', b).all(|i| i == 0 || b[i - 1] != b'-')
}

struct Pass<'a, 's> {
    interner: Interner<'a>,
    derived: &'s mut Vec<Derived>,
    flat: &'s mut Vec<u32>,
    tok: &'s mut Vec<u8>,
}

/// Byte classes of [`CLASS`]: what a word's bytes tell the derived tokens.
const UPPER: u8 = 1;
/// A byte the first three 13a rules split at: an isolated symbol, a period
/// or a comma.
const SPLIT: u8 = 2;
const DIGIT: u8 = 4;
const HYPHEN: u8 = 8;

const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_uppercase() {
            t[b] |= UPPER;
        }
        if bleu::spaced(c) || c == b'.' || c == b',' {
            t[b] |= SPLIT;
        }
        if c.is_ascii_digit() {
            t[b] |= DIGIT;
        }
        if c == b'-' {
            t[b] |= HYPHEN;
        }
        b += 1;
    }
    t
};

/// What one pass over a word's bytes tells: whether it has an ASCII
/// capital, and the length of its first 13a token when its tokens are the
/// word itself or the word and its final period or comma (`None` when the
/// full rules must decide). With no isolated symbol, no period or comma
/// inside and no hyphen after a digit, no rule applies to the core; a final
/// period or comma after a non-digit is split off by the second rule.
/// Bytes of multi-byte characters are classless: no 13a rule matches them.
fn scan_word(w: &[u8]) -> (bool, Option<usize>) {
    let n = w.len();
    let head = w[..n - 1].iter().fold(0u8, |f, &b| f | CLASS[b as usize]);
    let last = w[n - 1];
    let upper = (head | CLASS[last as usize]) & UPPER != 0;
    let (core, flags) = match last {
        b'.' | b',' if n >= 2 && !w[n - 2].is_ascii_digit() => (n - 1, head),
        _ => (n, head | CLASS[last as usize]),
    };
    let split = flags & SPLIT != 0
        || (flags & (DIGIT | HYPHEN) == DIGIT | HYPHEN
            && w[..core]
                .windows(2)
                .any(|p| p[0].is_ascii_digit() && p[1] == b'-'));
    (upper, (!split).then_some(core))
}

impl<'a> Pass<'a, '_> {
    /// chrF++ and 13a tokens of a word (`lower` is filled in by `side`),
    /// and whether it has an ASCII capital.
    fn derive(&mut self, w: &'a str, id: u32) -> (Derived, bool) {
        let chrf = match chrf::chrf_tokens(w) {
            (a, None) if a.len() == w.len() => [id, UNSET],
            (a, None) => [self.interner.id(a), UNSET],
            (a, Some(b)) => [self.interner.id(a), self.interner.id(b)],
        };
        let start = self.flat.len() as u32;
        let (upper, simple) = scan_word(w.as_bytes());
        if let Some(core) = simple {
            if core == w.len() {
                self.flat.push(id);
            } else if chrf[1] != UNSET && core + 1 == w.len() {
                // chrF++ split the same final period or comma off.
                self.flat.extend_from_slice(&chrf);
            } else {
                let t = self.interner.id(&w[..core]);
                self.flat.push(t);
                let t = self.interner.id(&w[core..]);
                self.flat.push(t);
            }
        } else {
            // The tokenizer only inserts spaces here, so its output, read
            // past the spaces, is `w` again: each token is a slice of `w`.
            bleu::tokenize_13a_word_into(w, self.tok);
            let (mut pos, mut tok_start) = (0usize, None);
            for &c in self.tok.iter().chain([&b' ']) {
                if c == b' ' {
                    if let Some(a) = tok_start.take() {
                        let t = self.interner.id(&w[a..pos]);
                        self.flat.push(t);
                    }
                } else {
                    tok_start.get_or_insert(pos);
                    pos += 1;
                }
            }
            debug_assert_eq!(pos, w.len());
        }
        let d = Derived {
            lower: UNSET,
            chrf,
            bleu: (start, self.flat.len() as u32),
        };
        (d, upper)
    }

    /// Ids of one side. `lower` is the side lowercased: for ASCII text
    /// byte for byte (so a word's lowercase sits at the same offsets), else
    /// as Python's `str.lower()`, split on its own. `marks` receives, per
    /// word, `[start, end, first chrF token, first 13a token]` and a final
    /// entry with the token counts (see [`Pass::other_side`]).
    fn side(&mut self, s: &'a str, lower: &'a str, out: &mut SideIds, marks: &mut Vec<[u32; 4]>) {
        let ascii = s.is_ascii();
        marks.clear();
        for_each_py_word(s, |w| {
            let o = w.as_ptr() as usize - s.as_ptr() as usize;
            let m = [o, o + w.len(), out.chrf.len(), out.bleu.len()];
            marks.push(m.map(|x| x as u32));
            self.word(s, lower, ascii, w, out);
        });
        let (n, c, b) = (s.len() as u32, out.chrf.len() as u32, out.bleu.len() as u32);
        marks.push([n, n, c, b]);
        if !ascii {
            // Lowercasing may change a word's length, so TER's words come
            // from the lowercased text itself (as sacrebleu splits it).
            for_each_py_word(lower, |w| out.lower.push(self.interner.id(w)));
        }
    }

    /// Ids of the second side, given the first one's text, ids and marks.
    /// The words both texts share at their start and end have the same ids
    /// and tokens, so on ASCII text (where a byte is a character) they are
    /// copied from the first side; only the words in between are looked up.
    #[allow(clippy::too_many_arguments)]
    fn other_side(
        &mut self,
        first: &str,
        ids: &SideIds,
        marks: &[[u32; 4]],
        s: &'a str,
        lower: &'a str,
        out: &mut SideIds,
        scratch: &mut Vec<[u32; 4]>,
    ) {
        // Marks are u32 offsets: texts of 4 GiB or more take the plain path.
        let fits = first.len().max(s.len()) < u32::MAX as usize;
        if !(fits && first.is_ascii() && s.is_ascii()) {
            return self.side(s, lower, out, scratch);
        }
        let (a, b) = (first.as_bytes(), s.as_bytes());
        let (p, q) = common_byte_ends(a, b);
        let nw = marks.len() - 1;
        // A word ending inside the common prefix ends at the same byte in
        // both texts: the byte after it is the same whitespace (or, right at
        // the prefix's end, whitespace or the end on both sides).
        let ends_in =
            |e: usize| e < p || (e == p && b.get(p).is_none_or(|&c| is_py_space_ascii(c)));
        let k1 = marks[..nw].partition_point(|m| ends_in(m[1] as usize));
        // Likewise a word starting inside the common suffix.
        let (sa, sb) = (a.len() - q, b.len() - q);
        let starts_in =
            |st: usize| st > sa || (st == sa && (sb == 0 || is_py_space_ascii(b[sb - 1])));
        let k2 = k1 + marks[k1..nw].partition_point(|m| !starts_in(m[0] as usize));
        let shift = |x: u32| x as usize + b.len() - a.len();
        let from = if k1 > 0 { marks[k1 - 1][1] as usize } else { 0 };
        let to = if k2 < nw {
            shift(marks[k2][0])
        } else {
            b.len()
        };
        let (c1, t1) = (marks[k1][2] as usize, marks[k1][3] as usize);
        out.words.extend_from_slice(&ids.words[..k1]);
        out.lower.extend_from_slice(&ids.lower[..k1]);
        out.chrf.extend_from_slice(&ids.chrf[..c1]);
        out.bleu.extend_from_slice(&ids.bleu[..t1]);
        for_each_py_word(&s[from..to], |w| self.word(s, lower, true, w, out));
        let (c2, t2) = (marks[k2][2] as usize, marks[k2][3] as usize);
        out.words.extend_from_slice(&ids.words[k2..nw]);
        out.lower.extend_from_slice(&ids.lower[k2..nw]);
        out.chrf.extend_from_slice(&ids.chrf[c2..]);
        out.bleu.extend_from_slice(&ids.bleu[t2..]);
    }

    /// Looks up one word `w` of `s` and appends its ids to `out`.
    #[inline]
    fn word(&mut self, s: &'a str, lower: &'a str, ascii: bool, w: &'a str, out: &mut SideIds) {
        let o = w.as_ptr() as usize - s.as_ptr() as usize;
        let (hash, head) = hash_in(s.as_bytes(), o, o + w.len());
        let id = self.interner.id_hashed(w, hash, head);
        out.words.push(id);
        let i = id as usize;
        if self.derived.len() <= i {
            self.derived.resize(i + 1, UNSET_DERIVED);
        }
        let mut d = self.derived[i];
        let mut upper = None;
        if d.chrf[0] == UNSET {
            let u;
            (d, u) = self.derive(w, id);
            upper = Some(u);
        }
        if ascii {
            // A word first met on a non-ASCII side has no lowercase id yet.
            if d.lower == UNSET {
                let u = upper.unwrap_or_else(|| w.bytes().any(|b| b.is_ascii_uppercase()));
                d.lower = if u {
                    self.interner.id(&lower[o..o + w.len()])
                } else {
                    id
                };
            }
            out.lower.push(d.lower);
        }
        self.derived[i] = d;
        out.chrf.push(d.chrf[0]);
        if d.chrf[1] != UNSET {
            out.chrf.push(d.chrf[1]);
        }
        let (a, b) = (d.bleu.0 as usize, d.bleu.1 as usize);
        if b == a + 1 {
            out.bleu.push(self.flat[a]);
        } else {
            out.bleu.extend_from_slice(&self.flat[a..b]);
        }
    }
}

/// Word-level results of a pair for which [`applies`] holds.
#[derive(Debug, PartialEq)]
pub(crate) struct WordStats {
    /// `None` past [`lev::MAX_DISTANCE_CELLS`].
    pub word_dist: Option<usize>,
    pub hyp_words: usize,
    pub ref_words: usize,
    /// Only the chrF++ word rows (6..8) are filled.
    pub chrf: chrf::ChrfStats,
    pub bleu: bleu::BleuStats,
    pub ter: ter::TerStats,
}

pub(crate) fn word_stats(hyp: &str, ref_: &str) -> WordStats {
    STORE.with(|cell| {
        let st = &mut *cell.borrow_mut();
        for (src, dst) in [(hyp, &mut st.lower_hyp), (ref_, &mut st.lower_ref)] {
            if src.is_ascii() {
                dst.clear();
                dst.push_str(src);
                dst.make_ascii_lowercase();
            } else {
                py_lower_into(src, dst);
            }
        }
        st.derived.clear();
        st.flat.clear();
        let (h, r) = (&mut st.hyp, &mut st.ref_);
        for side in [&mut *h, &mut *r] {
            side.words.clear();
            side.lower.clear();
            side.chrf.clear();
            side.bleu.clear();
        }
        let mut pass = Pass {
            // About one id per five bytes of text (bounded: the table grows
            // as needed): rarely a rehash.
            interner: Interner::new(1, ((hyp.len() + ref_.len()) / 5).clamp(32, 4096)),
            derived: &mut st.derived,
            flat: &mut st.flat,
            tok: &mut st.tok,
        };
        pass.side(hyp, &st.lower_hyp, h, &mut st.marks);
        pass.other_side(
            hyp,
            h,
            &st.marks,
            ref_,
            &st.lower_ref,
            r,
            &mut st.scratch_marks,
        );
        let end = pass.interner.end();
        let mut chrf = [[0u64; 3]; chrf::ORDERS];
        chrf::word_rows_from_ids(&h.chrf, &r.chrf, &mut chrf);
        WordStats {
            word_dist: lev::distance_ids_within(
                &h.words,
                &r.words,
                end as usize,
                lev::MAX_DISTANCE_CELLS,
            ),
            hyp_words: h.words.len(),
            ref_words: r.words.len(),
            chrf,
            bleu: bleu::stats_from_ids(&h.bleu, &r.bleu, end),
            ter: ter::stats_from_ids(&h.lower, &r.lower, end as usize),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_separate_tokenizers(h: &str, r: &str) {
        assert!(applies(h) && applies(r), "{h:?} {r:?}");
        let w = word_stats(h, r);
        let full = chrf::stats(h, r, true);
        assert_eq!(
            w.chrf[chrf::CHAR_ORDER..],
            full[chrf::CHAR_ORDER..],
            "{h:?} {r:?}"
        );
        assert_eq!(w.bleu, bleu::stats(h, r), "{h:?} {r:?}");
        assert_eq!(w.ter, ter::stats(h, r), "{h:?} {r:?}");
        assert_eq!(
            w.word_dist,
            Some(super::super::word_distance(h, r)),
            "{h:?} {r:?}"
        );
        let n = |s: &str| super::super::text::py_split(s).count();
        assert_eq!((w.hyp_words, w.ref_words), (n(h), n(r)));
    }

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
            ("5. 5, a. b, ., ,. 3-4- x-5 -5 5--", ". , - 1.5, 2,5. end."),
            (
                "ΟΔΟΣ Σ İİ “Größe”, café. 3.5€",
                "οδος σ i̇i̇ \"größe\" CAFÉ\u{a0}3,5",
            ),
            // Capitalised words first met on a non-ASCII side, then on an
            // ASCII one, still get their lowercase id there.
            ("Größe Hello World. (X)", "Hello World. (X) again"),
        ];
        for (h, r) in pairs {
            same_as_separate_tokenizers(h, r);
        }
    }

    /// Generated pairs full of the characters the tokenizers treat
    /// specially, against the per-metric tokenizers.
    #[test]
    fn generated_pairs_equal_separate_tokenizers() {
        let pieces = [
            "a", "B", "cat", "Cat", "1", "22", ".", ",", "-", "'", "\"", "(", ")", "/", "$", "e.g",
            "U.S", "x,y", "3.5", "5-6", "a-b", ":", ";", "?", "!", "%", "_", "~",
        ];
        let mut next = crate::metric::text::test_rng(0x2545_f491_4f6c_dd1du64);
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
            same_as_separate_tokenizers(&h, &r);
        }
    }

    /// Pairs that share a start and an end around one edit, so the second
    /// side copies most of its words from the first; the edits land on,
    /// next to and inside words and whitespace of several kinds.
    #[test]
    fn shared_start_and_end_equal_separate_tokenizers() {
        let pieces = [
            "a", "Cat", "cat", "cat.", "(x)", "1-2", ",", " ", "  ", "\t", "x", "end.", "",
        ];
        let mut next = crate::metric::text::test_rng(0x5eed_0fc0_ffee_u64);
        for _ in 0..3000 {
            let mut r = String::new();
            for _ in 0..next(14) {
                r.push_str(pieces[next(pieces.len())]);
                r.push_str([" ", " ", "\t", "", "  "][next(5)]);
            }
            let (a, b) = (next(r.len() + 1), next(r.len() + 1));
            let (a, b) = (a.min(b), a.max(b));
            let h = format!("{}{}{}", &r[..a], pieces[next(pieces.len())], &r[b..]);
            same_as_separate_tokenizers(&h, &r);
            same_as_separate_tokenizers(&r, &h);
        }
        for (h, r) in [
            ("same text here", "same text here"),
            ("a b", "a b c d"),
            ("a b c d", "a b"),
            ("foo bar", "foo barx"),
            ("foo bar", "foo\tbar"),
            ("x foo", "xx foo"),
            ("", "a b"),
            ("a b", ""),
            ("a  b", "a b"),
        ] {
            same_as_separate_tokenizers(h, r);
            same_as_separate_tokenizers(r, h);
        }
    }

    #[test]
    fn entities_skipped_and_joined_lines_take_the_general_path() {
        assert!(!applies("a &amp; b"));
        assert!(!applies("x <skipped> y"));
        assert!(!applies("re-\nenter"));
        assert!(applies("Größe ΟΔΟΣ İ"));
        assert!(applies("a - b\nc"));
    }
}
