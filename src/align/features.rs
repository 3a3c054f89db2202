//! Per-sentence features, computed once: hashed character 3-grams, light
//! word stems, "strong" tokens (numbers and proper-noun-like words) and the
//! anchor signatures (rare stems and stem bigrams).

/// Mixes a 64-bit value into a well-spread hash (splitmix64 finaliser).
#[inline]
pub(crate) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn hash_str(s: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in s.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
    }
    mix(h)
}

/// Function words carry no evidence of which sentence matches which.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he",
    "her", "him", "his", "i", "if", "in", "into", "is", "it", "its", "me", "my", "no", "not", "of",
    "on", "one", "or", "our", "out", "shall", "she", "so", "some", "such", "than", "that", "the",
    "thee", "their", "them", "then", "there", "these", "they", "this", "those", "thou", "thy",
    "to", "unto", "up", "upon", "us", "was", "we", "were", "what", "when", "which", "who", "will",
    "with", "would", "ye", "you", "your",
];

/// Hashes of [`STOPWORDS`], sorted: a word is looked up by its hash, which
/// it needs anyway, instead of by string comparisons.
fn stopword_hashes() -> &'static [u64] {
    static H: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    H.get_or_init(|| {
        let mut v: Vec<u64> = STOPWORDS.iter().map(|w| hash_str(w)).collect();
        v.sort_unstable();
        v
    })
}

/// Light stemming: strips common inflections, then keeps a 6-letter prefix,
/// so "electrical"/"electric" and "payments"/"payment" meet.
pub(crate) fn stem(w: &str) -> &str {
    let mut s = w;
    for suf in ["ings", "ing", "edly", "ed", "es", "ly", "s"] {
        if s.len() > suf.len() + 2 && s.ends_with(suf) {
            s = &s[..s.len() - suf.len()];
            break;
        }
    }
    match s.char_indices().nth(6) {
        Some((k, _)) => &s[..k],
        None => s,
    }
}

/// The id lists live in one exact-size allocation (and the signatures in a
/// second): four growable vectors per sentence cost 410 bytes a tiny
/// sentence, 1.6 GB for two files of 2 million of them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Features {
    /// The 3-grams, then the word stems, then the strong tokens.
    ids: Box<[u32]>,
    /// Where the 3-grams end and the word stems end in `ids`.
    tri_end: u32,
    words_end: u32,
    /// Anchor signatures: content stems of 4+ letters, numbers, stem bigrams.
    pub sig: Box<[u64]>,
    /// Letters and digits in the sentence (a length measure that ignores punctuation).
    pub len: u32,
    /// The sentence starts a new line of its file (a heading, a paragraph).
    pub line_start: bool,
}

fn sort_dedup<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort_unstable();
    v.dedup();
    v
}

/// Pushes `x`, sorting and deduplicating `v` whenever it has doubled
/// since the last time: the final [`sort_dedup`] gives the same set, and a
/// giant "sentence" (a 195 MB line) holds its distinct values, not one per
/// byte (20 MB: 80 MB of trigrams sorted whole).
fn push_compact<T: Ord>(v: &mut Vec<T>, x: T, floor: &mut usize) {
    v.push(x);
    if v.len() >= 2 * *floor {
        v.sort_unstable();
        v.dedup();
        *floor = v.len().max(COMPACT_FLOOR);
    }
}

/// Values held before the first [`push_compact`] compaction: a sentence
/// of ordinary length is never compacted before its final sort.
const COMPACT_FLOOR: usize = 4096;

impl Features {
    pub fn new(text: &str) -> Features {
        // Normalised text: lowercase alphanumeric words separated by one
        // space, so punctuation and spacing differences do not change the
        // 3-grams. Each word is taken in as it ends (a word list of a giant
        // sentence would cost 24 bytes a word).
        let mut norm = String::with_capacity(text.len().min(1 << 16) + 2);
        norm.push(' ');
        let stops = stopword_hashes();
        let mut wv = Vec::new();
        let mut strong = Vec::new();
        let mut sig = Vec::new();
        let (mut wf, mut sf, mut gf) = (COMPACT_FLOOR, COMPACT_FLOOR, COMPACT_FLOOR);
        let mut prev: Option<u64> = None;
        let mut k = 0usize;
        let mut word = |w: &str, cap: bool| {
            let numeric = w.bytes().any(|c| c.is_ascii_digit());
            let first = k == 0;
            k += 1;
            if !numeric && stops.binary_search(&hash_str(w)).is_ok() {
                prev = None;
                return;
            }
            let h = hash_str(stem(w));
            push_compact(&mut wv, h as u32, &mut wf);
            let chars = w.chars().count();
            // A capital after the first word hints at a name; a single letter
            // ("I", list markers) does not.
            if numeric || (cap && !first && chars > 1) {
                push_compact(&mut strong, h as u32, &mut sf);
            }
            if numeric || chars >= 4 {
                push_compact(&mut sig, h, &mut gf);
            }
            if let Some(p) = prev {
                push_compact(&mut sig, mix(p.rotate_left(17) ^ h), &mut gf);
            }
            prev = Some(h);
        };
        let mut start = None;
        let mut cap = false;
        let mut len = 0u32;
        let mut any_word = false;
        for ch in text.chars() {
            if ch.is_alphanumeric() {
                if start.is_none() {
                    start = Some(norm.len());
                    cap = ch.is_uppercase() || ch.is_numeric();
                }
                len += 1;
                if ch.is_ascii() {
                    norm.push(ch.to_ascii_lowercase());
                } else {
                    norm.extend(ch.to_lowercase());
                }
            } else if ch == '\'' || ch == '\u{2019}' {
                // Apostrophes stay inside words ("don't") without a boundary.
            } else if let Some(s0) = start.take() {
                word(&norm[s0..], cap);
                any_word = true;
                norm.push(' ');
            }
        }
        if let Some(s0) = start {
            word(&norm[s0..], cap);
            any_word = true;
            norm.push(' ');
        }
        if !any_word {
            // No letters or digits ("* * *", "---", emoji): the symbols
            // themselves are the only evidence, so they form one word, or an
            // identical scene break would have nothing to match on.
            let s0 = norm.len();
            norm.extend(text.chars().filter(|c| !c.is_whitespace()));
            if norm.len() > s0 {
                len = norm[s0..].chars().count() as u32;
                word(&norm[s0..], false);
                norm.push(' ');
            }
        }
        let mut tri = Vec::with_capacity(norm.len().min(1 << 16));
        let mut tf = COMPACT_FLOOR;
        let (mut a, mut b) = (0u64, 0u64);
        for (k, c) in norm.chars().enumerate() {
            if k >= 2 {
                push_compact(
                    &mut tri,
                    mix((a << 42) ^ (b << 21) ^ c as u64) as u32,
                    &mut tf,
                );
            }
            a = b;
            b = c as u64;
        }
        Features::from_parts(
            sort_dedup(tri),
            sort_dedup(wv),
            sort_dedup(strong),
            sort_dedup(sig),
            len,
        )
    }

    fn from_parts(
        tri: Vec<u32>,
        words: Vec<u32>,
        strong: Vec<u32>,
        sig: Vec<u64>,
        len: u32,
    ) -> Features {
        let tri_end = tri.len();
        let words_end = tri_end + words.len();
        let mut ids = tri;
        ids.reserve_exact(words.len() + strong.len());
        ids.extend_from_slice(&words);
        ids.extend_from_slice(&strong);
        // Lengths past u32 would need a 16 GB sentence; saturate rather than wrap.
        let cap = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        Features {
            ids: ids.into_boxed_slice(),
            tri_end: cap(tri_end),
            words_end: cap(words_end),
            sig: sig.into_boxed_slice(),
            len,
            line_start: false,
        }
    }

    /// Sorted, deduplicated hashed character 3-grams of the normalised text.
    #[inline]
    pub fn tri(&self) -> &[u32] {
        &self.ids[..self.tri_end as usize]
    }

    /// Sorted, deduplicated hashed stems of content words.
    #[inline]
    pub fn words(&self) -> &[u32] {
        &self.ids[self.tri_end as usize..self.words_end as usize]
    }

    /// Sorted, deduplicated hashed numbers and capitalised non-initial words.
    #[inline]
    pub fn strong(&self) -> &[u32] {
        &self.ids[self.words_end as usize..]
    }
}

impl Features {
    /// The features of several sentences read as one text.
    pub fn merged(parts: &[Features]) -> Features {
        let cat = |g: &dyn Fn(&Features) -> &[u32]| {
            sort_dedup(parts.iter().flat_map(|p| g(p).iter().copied()).collect())
        };
        Features {
            line_start: parts.first().is_some_and(|p| p.line_start),
            ..Features::from_parts(
                cat(&|p| p.tri()),
                cat(&|p| p.words()),
                cat(&|p| p.strong()),
                sort_dedup(parts.iter().flat_map(|p| p.sig.iter().copied()).collect()),
                parts.iter().map(|p| p.len).sum(),
            )
        }
    }
}

/// Size of the intersection of two sorted, deduplicated slices.
#[inline]
pub(crate) fn inter(a: &[u32], b: &[u32]) -> u32 {
    let (mut i, mut j, mut n) = (0, 0, 0u32);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        n += (x == y) as u32;
        i += (x <= y) as usize;
        j += (y <= x) as usize;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compacting as values come gives the set of sorting them all at the
    /// end, for runs far past the compaction floor.
    #[test]
    fn compacted_pushes_give_the_sorted_set() {
        let mut rng = crate::metric::text::test_rng(0xfea7);
        for round in 0..20 {
            let n = rng(50_000);
            let range = 1 + rng(20_000) as u32;
            let xs: Vec<u32> = (0..n).map(|_| rng(range as usize) as u32).collect();
            let (mut v, mut floor) = (Vec::new(), COMPACT_FLOOR);
            for &x in &xs {
                push_compact(&mut v, x, &mut floor);
            }
            assert_eq!(sort_dedup(v), sort_dedup(xs), "round {round}");
        }
        // A giant sentence keeps its distinct trigrams only.
        let big = "the cat sat on the mat ".repeat(50_000);
        let f = Features::new(&big);
        assert_eq!(
            f.tri(),
            Features::new(&"the cat sat on the mat ".repeat(3)).tri()
        );
    }

    #[test]
    fn symbol_only_text_has_features() {
        let a = Features::new("* * *");
        assert_eq!(a.words().len(), 1);
        assert!(!a.tri().is_empty());
        assert_eq!(a.len, 3);
        assert_eq!(a.words(), Features::new("***").words());
        assert_ne!(a.words(), Features::new("---").words());
        assert!(Features::new("   ").words().is_empty());
    }

    #[test]
    fn stopwords_carry_no_word_evidence() {
        let a = Features::new("The cat and the dog.");
        let b = Features::new("cat dog");
        assert_eq!(a.words(), b.words());
        assert_eq!(a.words().len(), 2);
    }

    #[test]
    fn punctuation_and_case_do_not_change_trigrams() {
        let a = Features::new("Hello, World!");
        let b = Features::new("hello world");
        assert_eq!(a.tri(), b.tri());
        assert_eq!(a.words(), b.words());
        assert_eq!(a.len, 10);
    }

    #[test]
    fn stems_meet_across_inflections() {
        assert_eq!(stem("payments"), stem("payment"));
        assert_eq!(stem("electrical"), stem("electric"));
        assert_eq!(stem("walked"), stem("walking"));
    }

    #[test]
    fn numbers_and_names_are_strong() {
        let f = Features::new("In 2013 the Tencent shop grew.");
        assert_eq!(f.strong().len(), 2);
        let g = Features::new("The shop grew.");
        assert!(g.strong().is_empty());
    }

    #[test]
    fn intersection_counts() {
        assert_eq!(inter(&[1, 3, 5, 7], &[3, 4, 5, 8]), 2);
        assert_eq!(inter(&[], &[1]), 0);
    }
}
