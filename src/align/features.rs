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

#[derive(Debug, Clone, Default)]
pub(crate) struct Features {
    /// Sorted, deduplicated hashed character 3-grams of the normalised text.
    pub tri: Vec<u32>,
    /// Sorted, deduplicated hashed stems of content words.
    pub words: Vec<u32>,
    /// Sorted, deduplicated hashed numbers and capitalised non-initial words.
    pub strong: Vec<u32>,
    /// Anchor signatures: content stems of 4+ letters, numbers, stem bigrams.
    pub sig: Vec<u64>,
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

impl Features {
    pub fn new(text: &str) -> Features {
        // Normalised text: lowercase alphanumeric words separated by one
        // space, so punctuation and spacing differences do not change the
        // 3-grams; words are byte ranges into it.
        let mut norm = String::with_capacity(text.len() + 2);
        norm.push(' ');
        let mut words: Vec<(usize, usize, bool)> = Vec::with_capacity(text.len() / 4);
        let mut start = None;
        let mut cap = false;
        let mut len = 0u32;
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
                words.push((s0, norm.len(), cap));
                norm.push(' ');
            }
        }
        if let Some(s0) = start {
            words.push((s0, norm.len(), cap));
            norm.push(' ');
        }
        if words.is_empty() {
            // No letters or digits ("* * *", "---", emoji): the symbols
            // themselves are the only evidence, so they form one word, or an
            // identical scene break would have nothing to match on.
            let s0 = norm.len();
            norm.extend(text.chars().filter(|c| !c.is_whitespace()));
            if norm.len() > s0 {
                len = norm[s0..].chars().count() as u32;
                words.push((s0, norm.len(), false));
                norm.push(' ');
            }
        }
        let mut tri = Vec::with_capacity(norm.len());
        let (mut a, mut b) = (0u64, 0u64);
        for (k, c) in norm.chars().enumerate() {
            if k >= 2 {
                tri.push(mix((a << 42) ^ (b << 21) ^ c as u64) as u32);
            }
            a = b;
            b = c as u64;
        }
        let stops = stopword_hashes();
        let mut wv = Vec::with_capacity(words.len());
        let mut strong = Vec::new();
        let mut sig = Vec::with_capacity(words.len() * 2);
        let mut prev: Option<u64> = None;
        for (k, &(s0, e0, cap)) in words.iter().enumerate() {
            let w = &norm[s0..e0];
            let numeric = w.bytes().any(|c| c.is_ascii_digit());
            if !numeric && stops.binary_search(&hash_str(w)).is_ok() {
                prev = None;
                continue;
            }
            let h = hash_str(stem(w));
            wv.push(h as u32);
            let chars = w.chars().count();
            // A capital after the first word hints at a name; a single letter
            // ("I", list markers) does not.
            if numeric || (cap && k > 0 && chars > 1) {
                strong.push(h as u32);
            }
            if numeric || chars >= 4 {
                sig.push(h);
            }
            if let Some(p) = prev {
                sig.push(mix(p.rotate_left(17) ^ h));
            }
            prev = Some(h);
        }
        Features {
            tri: sort_dedup(tri),
            words: sort_dedup(wv),
            strong: sort_dedup(strong),
            sig: sort_dedup(sig),
            len,
            line_start: false,
        }
    }
}

impl Features {
    /// The features of several sentences read as one text.
    pub fn merged(parts: &[Features]) -> Features {
        let cat = |g: &dyn Fn(&Features) -> &Vec<u32>| {
            sort_dedup(parts.iter().flat_map(|p| g(p).iter().copied()).collect())
        };
        Features {
            tri: cat(&|p| &p.tri),
            words: cat(&|p| &p.words),
            strong: cat(&|p| &p.strong),
            sig: sort_dedup(parts.iter().flat_map(|p| p.sig.iter().copied()).collect()),
            len: parts.iter().map(|p| p.len).sum(),
            line_start: parts.first().is_some_and(|p| p.line_start),
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

    #[test]
    fn symbol_only_text_has_features() {
        let a = Features::new("* * *");
        assert_eq!(a.words.len(), 1);
        assert!(!a.tri.is_empty());
        assert_eq!(a.len, 3);
        assert_eq!(a.words, Features::new("***").words);
        assert_ne!(a.words, Features::new("---").words);
        assert!(Features::new("   ").words.is_empty());
    }

    #[test]
    fn stopwords_carry_no_word_evidence() {
        let a = Features::new("The cat and the dog.");
        let b = Features::new("cat dog");
        assert_eq!(a.words, b.words);
        assert_eq!(a.words.len(), 2);
    }

    #[test]
    fn punctuation_and_case_do_not_change_trigrams() {
        let a = Features::new("Hello, World!");
        let b = Features::new("hello world");
        assert_eq!(a.tri, b.tri);
        assert_eq!(a.words, b.words);
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
        assert_eq!(f.strong.len(), 2);
        let g = Features::new("The shop grew.");
        assert!(g.strong.is_empty());
    }

    #[test]
    fn intersection_counts() {
        assert_eq!(inter(&[1, 3, 5, 7], &[3, 4, 5, 8]), 2);
        assert_eq!(inter(&[], &[1]), 0);
    }
}
