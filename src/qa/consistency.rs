//! `inconsistent`: the same sentence rendered two ways in one document.
//!
//! Rows stream by in document order and a document can have millions of
//! them, so the tracker keeps, per side, one entry per distinct sentence:
//! a 64-bit hash of its normalised text, the first link it was seen at,
//! the hash of what it faced there and a short excerpt of that text (the
//! only text the detail needs). Past [`Consistency::DEFAULT_LIMIT`]
//! distinct sentences per side (or the limit given) new sentences are no
//! longer remembered, but rows are still checked against the ones that
//! are, so memory stays bounded (about 130 bytes an entry: some 26 MB for
//! both sides at the default) and early repeats, the common case in a
//! document, are still caught.
//!
//! Decisions:
//! - Normalised means case-folded with runs of whitespace made one space
//!   and the ends trimmed; punctuation counts ("Yes." and "Yes!" differ).
//! - A row is compared with the *first* row that had its sentence and is
//!   reported on the later row only; a third rendering equal to the first
//!   is not reported again.
//! - A row with an empty side (a gap) says nothing and is not remembered.
//! - Two different sentences whose hashes collide would count as one; at
//!   64 bits and 100,000 sentences that is about one document in 10^9.

use super::scan::{self, HI, in_range};
use super::{Code, QaFinding, Spans};
use crate::metric::text::{PrehashedMap, common_prefix};

/// Keys are already hashes: passed through.
type IdMap<V> = PrehashedMap<V>;

/// The first sighting of a sentence, packed into 24 bytes: a document
/// of repeated sentences looks one up on every row, and a smaller table
/// keeps more of it in cache.
#[derive(Clone, Copy)]
struct Seen {
    link: usize,
    /// Hash of what the sentence faced there.
    other: u64,
    /// The start of that text, for the detail, in [`Memory::excerpts`]
    /// (which stops growing at 4 GiB).
    at: u32,
    /// At most [`Consistency::EXCERPT_CHARS`] characters of four bytes.
    len: u8,
    /// Whether the excerpt is shorter than the text.
    cut: bool,
}

const _: () = assert!(Consistency::EXCERPT_CHARS * 4 <= u8::MAX as usize);

/// What is remembered of one side's sentences. The excerpts share one
/// buffer, so remembering a sentence allocates nothing most of the time.
#[derive(Default)]
struct Memory {
    seen: IdMap<Seen>,
    excerpts: String,
}

/// Streaming document-level check: feed every aligned row in document
/// order to [`observe`](Consistency::observe).
pub struct Consistency {
    limit: usize,
    by_ref: Memory,
    by_hyp: Memory,
}

impl Default for Consistency {
    fn default() -> Self {
        Self::new()
    }
}

impl Consistency {
    /// Distinct sentences remembered per side by [`Consistency::new`].
    pub const DEFAULT_LIMIT: usize = 100_000;
    /// Characters of the earlier rendering quoted in a detail.
    pub const EXCERPT_CHARS: usize = 60;

    pub fn new() -> Self {
        Self::with_limit(Self::DEFAULT_LIMIT)
    }

    /// A tracker that remembers at most `limit` distinct sentences per side.
    pub fn with_limit(limit: usize) -> Self {
        Consistency {
            limit,
            by_ref: Memory::default(),
            by_hyp: Memory::default(),
        }
    }

    /// How many distinct sentences are remembered: `(hyp, ref)`.
    pub fn remembered(&self) -> (usize, usize) {
        (self.by_hyp.seen.len(), self.by_ref.seen.len())
    }

    /// Checks one aligned row (`link_no` as the report numbers it) against
    /// the rows before it, then remembers it. Reports when this row's ref
    /// was seen earlier facing a different hyp, or its hyp facing a
    /// different ref; `None` for a row with an empty side.
    pub fn observe(&mut self, link_no: usize, hyp: &str, ref_: &str) -> Option<QaFinding> {
        let keys = Consistency::keys(hyp, ref_)?;
        self.observe_keys(link_no, keys, hyp, ref_)
    }

    /// The normalised keys of a row's two sides (`None` for a gap row):
    /// the costly half of [`Consistency::observe`], which needs no state,
    /// so it can run on many rows at once.
    pub fn keys(hyp: &str, ref_: &str) -> Option<(u64, u64)> {
        let (ht, rt) = (trim(hyp), trim(ref_));
        if ht.is_empty() || rt.is_empty() {
            return None;
        }
        Some(key_pair(ht, rt))
    }

    /// [`Consistency::observe`] with the keys from [`Consistency::keys`].
    pub fn observe_keys(
        &mut self,
        link_no: usize,
        (hh, rh): (u64, u64),
        hyp: &str,
        ref_: &str,
    ) -> Option<QaFinding> {
        let (ht, rt) = (trim(hyp), trim(ref_));
        let span = |t: &str, s: &str| {
            let a = s.as_ptr() as usize - t.as_ptr() as usize;
            a..a + s.len()
        };
        // Most rows are new or repeat their first rendering: look both up
        // before building anything.
        let by_ref = remember(&mut self.by_ref, self.limit, rh, hh, link_no, ht);
        let by_hyp = remember(&mut self.by_hyp, self.limit, hh, rh, link_no, rt);
        if by_ref.is_none() && by_hyp.is_none() {
            return None;
        }
        let mut detail = String::new();
        let mut f = QaFinding {
            code: Code::Inconsistent,
            detail: String::new(),
            hyp: Spans::new(),
            ref_: Spans::new(),
        };
        if let Some(e) = by_ref {
            let (link, text, cut) = self.by_ref.excerpt(e);
            push_detail(
                &mut detail,
                "ref also at link ",
                link,
                ", rendered \"",
                text,
                cut,
            );
            f.hyp.push(span(hyp, ht));
        }
        if let Some(e) = by_hyp {
            if !detail.is_empty() {
                detail.push_str(", ");
            }
            let (link, text, cut) = self.by_hyp.excerpt(e);
            push_detail(
                &mut detail,
                "hyp also at link ",
                link,
                ", for ref \"",
                text,
                cut,
            );
            f.ref_.push(span(ref_, rt));
        }
        f.detail = detail;
        Some(f)
    }
}

/// Appends `{head}{link}{mid}{text}[…]"` to `out` without a format string:
/// on a document of repeated sentences nearly every row reports.
fn push_detail(out: &mut String, head: &str, link: usize, mid: &str, text: &str, cut: bool) {
    out.reserve(head.len() + 20 + mid.len() + text.len() + 4);
    out.push_str(head);
    let mut digits = [0u8; 20];
    let mut n = link;
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&d| d as char));
    out.push_str(mid);
    out.push_str(text);
    if cut {
        out.push('…');
    }
    out.push('"');
}

/// The hash of `t` case-folded with its whitespace runs made one space
/// (`t` is trimmed), hashed as it is folded, so the folded text is never
/// stored.
#[cfg(test)]
fn key(t: &str) -> u64 {
    let mut f = Fold::default();
    f.run(t, 0, t.len(), false);
    f.h.finish()
}

/// The keys of two trimmed sides: the text they share at their start is
/// folded once (on the benchmark pairs that is 40 % of the bytes).
fn key_pair(a: &str, b: &str) -> (u64, u64) {
    let mut p = common_prefix(a.as_bytes(), b.as_bytes());
    while !a.is_char_boundary(p) {
        p -= 1;
    }
    // The shared part ends at the last whole eight-byte step in it: a
    // character at a time is slower, and where it ends does not matter.
    let mut fa = Fold::default();
    let e = fa.run(a, 0, p, true);
    let mut fb = fa;
    fa.run(a, e, a.len(), false);
    fb.run(b, e, b.len(), false);
    (fa.h.finish(), fb.h.finish())
}

/// The folding of [`key`] as a state, so that it can stop and go on.
#[derive(Default, Clone, Copy)]
struct Fold {
    h: Stream,
    last_space: bool,
}

impl Fold {
    /// Folds `t[from..to]` (character boundaries) into the hash, or with
    /// `whole_steps` only while a step of eight ASCII bytes fits; returns
    /// where it stopped.
    fn run(&mut self, t: &str, from: usize, to: usize, whole_steps: bool) -> usize {
        let b = t.as_bytes();
        let mut i = from;
        while i < to {
            if whole_steps && i + 8 > to {
                break;
            }
            // Eight ASCII bytes without control characters or two spaces
            // in a row (most of any text) go through at once.
            if i + 8 <= to {
                let x = u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
                let sp = in_range(x, b' ', b' ');
                if x & HI == 0
                    && in_range(x, 0, 0x1f) == 0
                    && sp & (sp >> 8) == 0
                    && !(self.last_space && sp & 0x80 != 0)
                {
                    self.h.push8(x | in_range(x, b'A', b'Z') >> 2);
                    self.last_space = sp >> 63 != 0;
                    i += 8;
                    continue;
                }
            }
            let c = b[i];
            // ASCII other than what `char::is_whitespace` takes (which,
            // unlike `u8::is_ascii_whitespace`, includes \x0b).
            if c < 0x80 && c != b' ' && !(0x09..=0x0d).contains(&c) {
                self.h.push(c.to_ascii_lowercase());
                self.last_space = false;
                i += 1;
                continue;
            }
            let c = scan::char_at(t, i);
            i += c.len_utf8();
            if c.is_whitespace() {
                if !self.last_space {
                    self.h.push(b' ');
                    self.last_space = true;
                }
            } else {
                let mut tmp = [0u8; 4];
                for l in c.to_lowercase() {
                    for &x in l.encode_utf8(&mut tmp).as_bytes() {
                        self.h.push(x);
                    }
                }
                self.last_space = false;
            }
        }
        i
    }
}

/// `t` without leading and trailing whitespace; text that starts and ends
/// with a visible ASCII character (nearly all) is not searched.
#[inline]
fn trim(t: &str) -> &str {
    match t.as_bytes() {
        [a, .., z] if a.is_ascii_graphic() && z.is_ascii_graphic() => t,
        _ => t.trim(),
    }
}

impl Memory {
    /// The earlier link, excerpt and whether it was cut, of an entry
    /// [`remember`] reported.
    fn excerpt(&self, s: Seen) -> (usize, &str, bool) {
        let at = s.at as usize;
        (s.link, &self.excerpts[at..at + usize::from(s.len)], s.cut)
    }
}

/// Looks `key` up in `mem`: returns its first sighting when it faced
/// something else there (see [`Memory::excerpt`]); remembers it (facing
/// `other`) when new and there is room.
fn remember(
    mem: &mut Memory,
    limit: usize,
    key: u64,
    other: u64,
    link: usize,
    other_text: &str,
) -> Option<Seen> {
    use std::collections::hash_map::Entry;
    let room = mem.seen.len() < limit;
    match mem.seen.entry(key) {
        Entry::Occupied(s) if s.get().other != other => Some(*s.get()),
        Entry::Occupied(_) => None,
        Entry::Vacant(slot) => {
            let at = u32::try_from(mem.excerpts.len()).ok();
            if let (true, Some(at)) = (room, at) {
                const N: usize = Consistency::EXCERPT_CHARS;
                let e = match other_text.as_bytes().get(..N) {
                    None => other_text,
                    Some(head) if head.is_ascii() => &other_text[..N],
                    Some(_) => other_text
                        .char_indices()
                        .nth(N)
                        .map_or(other_text, |(i, _)| &other_text[..i]),
                };
                mem.excerpts.push_str(e);
                slot.insert(Seen {
                    link,
                    other,
                    at,
                    len: e.len() as u8,
                    cut: e.len() < other_text.len(),
                });
            }
            None
        }
    }
}

const K1: u64 = 0x9E37_79B9_7F4A_7C15;
const K2: u64 = 0xD6E8_FEB8_6659_FD93;

#[inline]
fn mix(a: u64, b: u64) -> u64 {
    let p = a as u128 * b as u128;
    p as u64 ^ (p >> 64) as u64
}

/// A 64-bit hash, eight bytes a step with a folded 128-bit multiply for
/// mixing, fed a byte or eight at a time (the length goes in last). Bytes
/// gather in `acc` until eight are there, so the hash does not depend on
/// how the text was fed.
#[derive(Clone, Copy)]
struct Stream {
    h: u64,
    acc: u64,
    /// Bytes waiting in `acc` (0..8).
    pending: u32,
    len: u64,
}

impl Default for Stream {
    fn default() -> Self {
        Stream {
            h: K2,
            acc: 0,
            pending: 0,
            len: 0,
        }
    }
}

impl Stream {
    #[inline]
    fn word(&mut self, x: u64) {
        self.h = mix(self.h ^ x ^ K2, K1);
    }

    #[inline]
    fn push(&mut self, b: u8) {
        self.acc |= (b as u64) << (8 * self.pending);
        self.pending += 1;
        self.len += 1;
        if self.pending == 8 {
            self.word(self.acc);
            self.acc = 0;
            self.pending = 0;
        }
    }

    /// Eight bytes, little-endian.
    #[inline]
    fn push8(&mut self, x: u64) {
        self.len += 8;
        if self.pending == 0 {
            self.word(x);
        } else {
            let s = 8 * self.pending;
            self.word(self.acc | x << s);
            self.acc = x >> (64 - s);
        }
    }

    fn finish(mut self) -> u64 {
        if self.pending > 0 {
            self.h = mix(self.h ^ self.acc ^ K1, K2);
        }
        mix(self.h ^ self.len ^ K1, K1 ^ K2)
    }
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use super::*;

    /// The hash a [`Stream`] computes, fed the whole text at once: the
    /// definition the streamed, folded keys must equal.
    fn hash64(b: &[u8]) -> u64 {
        let mut h = Stream::default();
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            h.push8(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        for &x in chunks.remainder() {
            h.push(x);
        }
        h.finish()
    }

    #[test]
    fn a_ref_with_two_renderings_fires_on_the_later_row_only() {
        let mut c = Consistency::new();
        assert!(c.observe(12, "Good morning.", "Hello.").is_none());
        assert!(c.observe(13, "Other.", "Something else.").is_none());
        let f = c.observe(40, "Hi there.", "Hello.").unwrap();
        assert_eq!(
            f.to_string(),
            "inconsistent: ref also at link 12, rendered \"Good morning.\""
        );
        assert_eq!(f.hyp[..], [Range { start: 0, end: 9 }]);
        assert!(f.ref_.is_empty());
    }

    #[test]
    fn both_sides_in_one_detail_with_long_excerpts_cut() {
        let mut c = Consistency::new();
        let long_h = "Ä".repeat(70);
        let long_r = format!("{} r", "x".repeat(70));
        assert!(c.observe(1234567, &long_h, &long_r).is_none());
        assert!(c.observe(2, "Other.", "Else.").is_none());
        // Row 3: its ref was rendered "Other." at link 2, its hyp (in
        // other case) faced long_r at link 1234567.
        let f = c.observe(3, &long_h.to_lowercase(), "Else. ").unwrap();
        assert_eq!(
            f.to_string(),
            format!(
                "inconsistent: ref also at link 2, rendered \"Other.\", hyp also at link \
                 1234567, for ref \"{}…\"",
                "x".repeat(60)
            )
        );
        assert_eq!(f.hyp[..], [Range { start: 0, end: 140 }]);
        assert_eq!(f.ref_[..], [Range { start: 0, end: 5 }]);
    }

    #[test]
    fn a_hyp_facing_two_refs_fires_the_other_way() {
        let mut c = Consistency::new();
        assert!(c.observe(1, "Yes.", "Certainly.").is_none());
        let f = c.observe(2, "  Yes. ", "Of course.").unwrap();
        assert_eq!(
            f.to_string(),
            "inconsistent: hyp also at link 1, for ref \"Certainly.\""
        );
        assert_eq!(f.ref_[..], [Range { start: 0, end: 10 }]);
    }

    #[test]
    fn case_and_spacing_are_normalised() {
        let mut c = Consistency::new();
        assert!(c.observe(1, "Good  Morning.", "Hello there.").is_none());
        assert!(c.observe(2, "good morning.", "HELLO\tthere.").is_none());
        assert!(c.observe(3, "Guten Morgen, ÄRGER.", "Ärger").is_none());
        assert!(c.observe(4, "guten morgen, ärger.", "ärger").is_none());
        // Long enough for the eight-byte path, with runs across its edges.
        let a = "The Quick  Brown Fox\tJumps over\n\nTHE LAZY DOG again ";
        let b = "the quick brown fox jumps  over the lazy    dog AGAIN";
        let k = key;
        assert_eq!(k(a.trim()), k(b));
        assert_ne!(k("the quick brown fox"), k("the quick brownfox"));
        // The keys of a pair are those of its sides; a gap row has none.
        assert_eq!(Consistency::keys(a, b), Some((k(a.trim()), k(b))));
        assert_eq!(Consistency::keys(" ", b), None);
        assert_eq!(c.remembered(), (2, 2));
    }

    #[test]
    fn a_third_rendering_equal_to_the_first_is_not_reported() {
        let mut c = Consistency::new();
        assert!(c.observe(1, "A.", "R.").is_none());
        assert!(c.observe(2, "B.", "R.").is_some());
        assert!(c.observe(3, "A.", "R.").is_none());
    }

    #[test]
    fn gap_rows_are_skipped() {
        let mut c = Consistency::new();
        assert!(c.observe(1, "", "R.").is_none());
        assert!(c.observe(2, "H.", "  ").is_none());
        assert_eq!(c.remembered(), (0, 0));
        assert!(c.observe(3, "H.", "R.").is_none());
    }

    #[test]
    fn memory_is_bounded_by_the_limit() {
        let mut c = Consistency::with_limit(3);
        for i in 0..10 {
            assert!(c.observe(i, &format!("h{i}"), &format!("r{i}")).is_none());
        }
        assert_eq!(c.remembered(), (3, 3));
        // Remembered sentences are still checked, forgotten ones are not.
        assert!(c.observe(20, "x", "r0").is_some());
        assert!(c.observe(21, "y", "r9").is_none());
    }

    #[test]
    fn the_excerpt_is_cut() {
        let mut c = Consistency::new();
        let long = "word ".repeat(40);
        c.observe(1, &long, "R.");
        let f = c.observe(2, "short", "R.").unwrap();
        assert!(f.detail.ends_with("…\""), "{}", f.detail);
        assert!(f.detail.len() < 120);
    }

    /// The plain definition the eight-byte path must agree with.
    fn folded(t: &str) -> String {
        let words: Vec<String> = t.split_whitespace().map(|w| w.to_lowercase()).collect();
        words.join(" ")
    }

    proptest::proptest! {
        #[test]
        fn keys_fold_case_and_whitespace_runs(t in "[ a-zA-Z\t\n\r\u{b}\u{1c}.,Éé日\u{a0}]{0,40}") {
            // The streamed key is the hash of the folded text, however the
            // eight-byte steps and the single bytes fell.
            proptest::prop_assert_eq!(key(trim(&t)), hash64(folded(&t).as_bytes()));
            proptest::prop_assert_eq!(trim(&t), t.trim());
        }

        #[test]
        fn a_pair_folds_to_the_keys_of_its_sides(
            pre in "[ a-zA-Z\t\u{b}.Éé日]{0,20}", a in "[ a-zA-Z\t\u{b}.Éé日]{0,12}", b in "[ a-zA-Z\t\u{b}.Éé日]{0,12}"
        ) {
            let (x, y) = (format!("{pre}{a}"), format!("{pre}{b}"));
            proptest::prop_assert_eq!(key_pair(&x, &y), (key(&x), key(&y)));
        }
    }

    #[test]
    fn hashes_differ_for_near_texts() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..20_000 {
            assert!(seen.insert(hash64(format!("sentence number {i}").as_bytes())));
        }
        assert_ne!(hash64(b""), hash64(b"\0"));
        assert_ne!(hash64(b"abcdefgh"), hash64(b"abcdefgh\0"));
    }
}
