//! Abbreviations that a period after them does not (always) turn into a
//! sentence end, grouped by how the segmenter treats what follows them.
//!
//! Keys are lowercase, without the final period ("u.s", "e.g", "mr").

// FxHash: the keys are a few ASCII bytes, where SipHash's setup dominates.
use crate::metric::text::{FxMap, FxSet};

/// How a known abbreviation behaves before a capitalised word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Titles, Latin connectives and the like: they introduce what follows,
    /// so they never end a sentence ("Dr. Smith", "e.g. The Beatles").
    Never,
    /// Reference words that are also ordinary English words ("art", "no",
    /// "app"): an abbreviation only when a number follows ("No. 5", "p. 55").
    Numbered,
    /// Can close a sentence ("... & Co. It closed"): a capitalised word
    /// after them starts a new sentence once the sentence has some words.
    Final,
    /// Dotted place and organisation names, months, street words: a new
    /// sentence only when the next word is a typical sentence opener
    /// ("the U.S. How" splits, "the U.S. Government" does not).
    Opener,
}

#[rustfmt::skip]
const NEVER: &[&str] = &[
    // titles and honorifics
    "mr", "mrs", "ms", "mx", "dr", "drs", "prof", "profs", "rev", "lt", "capt", "cmdr", "comdr",
    "adm", "maj", "sgt", "cpl", "pvt", "pfc", "brig", "gov", "sen", "sens", "supt", "insp",
    "messrs", "mme", "mlle", "msgr", "fr", "rt", "sra", "srta",
    // Latin and reading aids that always introduce something
    "e.g", "i.e", "cf", "viz", "vs", "v", "ca", "ibid", "approx", "appx", "esp", "incl",
    "excl", "resp", "n.b", "q.v", "et", "abt", "n°", "nº",
];

#[rustfmt::skip]
const NUMBERED: &[&str] = &[
    "no", "nos", "nr", "p", "pp", "fig", "figs", "vol", "vols", "ch", "chap", "sec", "secs",
    "art", "arts", "para", "paras", "eq", "eqs", "ref", "refs", "tab", "app", "pt", "pts", "op",
    "ex", "ser", "suppl", "ps", "ln", "ll", "l", "c", "cl",
];

#[rustfmt::skip]
const FINAL: &[&str] = &[
    "etc", "inc", "ltd", "corp", "co", "llc", "plc", "bros", "jr", "sr", "esq", "al", "a.m",
    "p.m", "ph.d", "m.d", "b.a", "m.a", "b.sc", "m.sc", "d.phil", "ll.b", "ll.m", "a.d", "b.c",
    "b.c.e", "c.e", "hrs", "hr", "min", "mins", "yrs", "yr", "mos", "wk", "wks", "lb", "lbs",
    "oz", "ft", "sq", "cu", "pty", "gmbh", "s.a", "n.v", "a.g", "ag", "sa",
];

#[rustfmt::skip]
const OPENER: &[&str] = &[
    // dotted countries, places and organisations
    "u.s", "u.k", "u.n", "u.s.a", "e.u", "u.a.e", "d.c", "n.y", "l.a", "u.s.s.r", "p.r.c",
    "r.o.c", "n.z", "s.f",
    // months and weekdays that are not also common words
    "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "tue", "tues",
    "thu", "thur", "thurs", "fri",
    // titles that are also English words ("your sales rep. She"): before a
    // name they stay, before a sentence opener they end the sentence
    "rep", "reps", "gen", "col", "det", "pres", "hon",
    // addresses
    "st", "ste", "ave", "av", "blvd", "rd", "hwy", "bldg", "mt", "pkwy", "cir", "ct", "fl",
    // organisations and offices
    "dept", "div", "univ", "inst", "assn", "assoc", "intl", "natl", "govt", "admin", "mfg",
    "dir", "mgr", "asst", "acad", "tel", "ext", "ed", "eds", "trans", "repr", "est", "abbr",
    "misc", "avg", "calif", "ariz", "colo", "conn", "fla", "mich", "minn", "tenn", "okla",
];

/// Capitalised words that usually open a sentence rather than continue a
/// name: pronouns, determiners, conjunctions, common sentence adverbs.
#[rustfmt::skip]
const OPENER_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "there",
    "here",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "however",
    "then",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "also",
    "although",
    "though",
    "because",
    "since",
    "what",
    "why",
    "how",
    "who",
    "whom",
    "whose",
    "where",
    "which",
    "some",
    "many",
    "most",
    "all",
    "each",
    "every",
    "both",
    "such",
    "thus",
    "therefore",
    "meanwhile",
    "still",
    "later",
    "finally",
    "please",
    "let",
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "can",
    "could",
    "will",
    "would",
    "should",
    "may",
    "might",
    "must",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "one",
    "no",
    "not",
    "nor",
    "another",
    "any",
    "other",
    "more",
    "much",
    "few",
    "several",
    "only",
    "even",
    "just",
    "once",
    "first",
    "second",
    "next",
    "last",
    "according",
    "during",
    "despite",
    "unlike",
    "instead",
    "otherwise",
    "moreover",
    "furthermore",
    "indeed",
    "yes",
    "oh",
    "well",
    "ok",
    "okay",
    "hello",
    "hi",
    "thanks",
    "thank",
    "sure",
    "perhaps",
    "maybe",
    "usually",
    "sometimes",
    "often",
    "never",
    "always",
    "again",
    "unfortunately",
    "fortunately",
    "consequently",
    "nevertheless",
    "nonetheless",
    "besides",
    "similarly",
    "additionally",
    "overall",
    "to",
    "its",
    "we'll",
    "i'm",
    "it's",
    "that's",
    "there's",
    "he's",
    "she's",
    "they're",
    "we're",
    "you're",
    "don't",
    "i'll",
    "have",
    "has",
    "had",
    "be",
    "go",
    "see",
    "look",
    "note",
    "did",
    "where's",
    "what's",
    "who's",
    "how's",
    "under",
    "over",
    "about",
    "within",
    "without",
    "until",
    "unless",
    "whether",
    "either",
    "neither",
    "every",
    "everyone",
    "nobody",
    "someone",
    "something",
    "nothing",
    "everything",
    "anyone",
    "none",
    "most",
];

/// The abbreviation table of one segmenter: the built-in list plus the user's.
#[derive(Debug, Clone)]
pub struct Abbreviations {
    kinds: FxMap<Box<[u8]>, Kind>,
    openers: FxSet<&'static [u8]>,
}

impl Default for Abbreviations {
    fn default() -> Self {
        let mut kinds = FxMap::default();
        // Later groups do not override earlier ones: the first, stricter
        // reading of a key wins ("ca" stays `Never`).
        for (list, kind) in [
            (NEVER, Kind::Never),
            (NUMBERED, Kind::Numbered),
            (FINAL, Kind::Final),
            (OPENER, Kind::Opener),
        ] {
            for k in list {
                kinds.entry(k.as_bytes().into()).or_insert(kind);
            }
        }
        Abbreviations {
            kinds,
            openers: OPENER_WORDS.iter().map(|w| w.as_bytes()).collect(),
        }
    }
}

impl Abbreviations {
    /// Adds a user entry such as `Approx.` or `approx`; user entries never
    /// end a sentence (the `--abbrev` contract). Blank entries are ignored.
    pub fn add_user(&mut self, entry: &str) {
        let e = entry.trim();
        let e = e.strip_suffix('.').unwrap_or(e).trim();
        if e.is_empty() || e.chars().any(char::is_whitespace) {
            return;
        }
        self.kinds
            .insert(e.to_lowercase().into_bytes().into(), Kind::Never);
    }

    /// The kind of `word` (the token before the period, without it).
    pub fn kind(&self, word: &str) -> Option<Kind> {
        if word.is_empty() || word.len() > 24 {
            return None;
        }
        let mut buf = [0u8; 24];
        if word.is_ascii() {
            let b = &mut buf[..word.len()];
            b.copy_from_slice(word.as_bytes());
            b.make_ascii_lowercase();
            self.kinds.get(&b[..]).copied()
        } else {
            self.kinds.get(word.to_lowercase().as_bytes()).copied()
        }
    }

    /// Whether `word` (letters only, any case) typically opens a sentence.
    pub fn is_opener_word(&self, word: &str) -> bool {
        if word.is_empty() || word.len() > 16 || !word.is_ascii() {
            return false;
        }
        let mut buf = [0u8; 16];
        let b = &mut buf[..word.len()];
        b.copy_from_slice(word.as_bytes());
        b.make_ascii_lowercase();
        self.openers.contains(&b[..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_entries_with_or_without_dot() {
        let mut a = Abbreviations::default();
        assert_eq!(a.kind("Approx"), Some(Kind::Never));
        assert_eq!(a.kind("Frobn"), None);
        a.add_user("Frobn.");
        a.add_user("zork");
        a.add_user("   ");
        assert_eq!(a.kind("frobn"), Some(Kind::Never));
        assert_eq!(a.kind("ZORK"), Some(Kind::Never));
        assert_eq!(a.kind(""), None);
    }

    #[test]
    fn kinds_of_builtins() {
        let a = Abbreviations::default();
        assert_eq!(a.kind("U.S"), Some(Kind::Opener));
        assert_eq!(a.kind("Inc"), Some(Kind::Final));
        assert_eq!(a.kind("No"), Some(Kind::Numbered));
        assert_eq!(a.kind("Mr"), Some(Kind::Never));
        assert_eq!(a.kind("N°"), Some(Kind::Never));
        assert!(a.is_opener_word("The"));
        assert!(!a.is_opener_word("Government"));
    }
}
