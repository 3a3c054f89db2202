//! The `match=regex` variants of a glossary, run together: a glossary of
//! 100,000 regex entries compiled one regex per variant (three times over)
//! and ran each over every sentence piece, over a minute before the first
//! finding. Here the variants are grouped into [`regex::RegexSet`]s, one
//! pass per set tells which variants match a piece at all, and only those
//! are compiled (once, on first use) to find where.

use std::ops::Range;
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

/// Variants per set: fewer sets mean fewer passes over each piece, larger
/// ones a slower build (100,000 variants: 1.9 s and 0.12 s per 100 KB of
/// text at 1,000 a set; 2.3 s and 1.1 s at 100).
const SET_SIZE: usize = 1000;
/// Compiled size one set may reach (the regex crate's default is 10 MB,
/// which a thousand Unicode-aware variants can pass); a set past it is
/// split in two.
const SET_SIZE_LIMIT: usize = 256 << 20;

/// One regex variant of one entry.
#[derive(Debug)]
pub struct Variant {
    pub pattern: String,
    pub insensitive: bool,
    pub entry: u32,
    compiled: OnceLock<Option<Regex>>,
}

impl Variant {
    pub fn new(pattern: &str, insensitive: bool, entry: u32) -> Variant {
        Variant {
            pattern: pattern.to_owned(),
            insensitive,
            entry,
            compiled: OnceLock::new(),
        }
    }

    /// The variant compiled on its own; `None` if it does not compile.
    pub fn regex(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| {
                RegexBuilder::new(&self.pattern)
                    .case_insensitive(self.insensitive)
                    .build()
                    .ok()
            })
            .as_ref()
    }

    /// The pattern as a set member: the case flag inside, as
    /// `case_insensitive` sets it for the variant alone.
    fn in_set(&self) -> String {
        if self.insensitive {
            format!("(?i:{})", self.pattern)
        } else {
            format!("(?:{})", self.pattern)
        }
    }
}

#[derive(Debug, Default)]
pub struct Variants {
    list: Vec<Variant>,
    /// Each set with the variants it holds.
    sets: Vec<(RegexSet, Range<usize>)>,
    /// Variants no set takes (a pattern that is valid alone but not inside
    /// a group, such as one ending in an `(?x)` comment): tried on every
    /// piece, as before.
    solo: Vec<usize>,
}

impl Variants {
    pub fn new(list: Vec<Variant>) -> Variants {
        let mut v = Variants {
            list,
            ..Variants::default()
        };
        let mut start = 0;
        while start < v.list.len() {
            let end = (start + SET_SIZE).min(v.list.len());
            v.group(start..end);
            start = end;
        }
        v
    }

    fn group(&mut self, r: Range<usize>) {
        let pats = self.list[r.clone()].iter().map(Variant::in_set);
        match RegexSetBuilder::new(pats)
            .size_limit(SET_SIZE_LIMIT)
            .build()
        {
            Ok(set) => self.sets.push((set, r)),
            Err(_) if r.len() == 1 => self.solo.push(r.start),
            Err(_) => {
                let mid = r.start + r.len() / 2;
                self.group(r.start..mid);
                self.group(mid..r.end);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn get(&self, i: usize) -> &Variant {
        &self.list[i]
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Calls `f` with the index of every variant that may match in `hay`
    /// (every one that does, plus the solo ones), in index order per set.
    pub fn matching(&self, hay: &str, mut f: impl FnMut(usize)) {
        for (set, r) in &self.sets {
            for k in set.matches(hay).iter() {
                f(r.start + k);
            }
        }
        for &i in &self.solo {
            f(i);
        }
    }

    /// Whether variant `i` matches all of `s`: its own set rules out the
    /// usual case (a variant does not match its own term) in one pass, and
    /// only a variant that matches somewhere is compiled anchored.
    pub fn matches_whole(&self, i: usize, s: &str) -> bool {
        let somewhere = match self.sets.iter().find(|(_, r)| r.contains(&i)) {
            Some((set, r)) => set.matches(s).matched(i - r.start),
            None => true,
        };
        let v = &self.list[i];
        somewhere
            && RegexBuilder::new(&format!("^(?:{})$", v.pattern))
                .case_insensitive(v.insensitive)
                .build()
                .is_ok_and(|r| r.is_match(s))
    }

    /// Whether variant `i` compiles: every set member does; a solo one is
    /// tried alone.
    pub fn compiles(&self, i: usize) -> bool {
        !self.solo.contains(&i) || self.list[i].regex().is_some()
    }
}
