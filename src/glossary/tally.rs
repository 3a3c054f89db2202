//! Per-term comparison of the two renderings: for each term, how each side
//! renders it (every spelling with its count) and, link by link, which side
//! got it right.

use std::collections::BTreeMap;

use super::matcher::Role;
use super::{Glossary, Hit, LinkCheck};

/// How one aligned link treats one term.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum LinkClass {
    BothRight,
    /// The hyp uses a variant or wrong case where the ref is right.
    HypWrongRefRight,
    /// The ref is wrong where the hyp is right.
    RefWrongHypRight,
    BothWrong,
    /// The ref mentions the term, the hyp has neither it nor a variant.
    RefOnly,
    /// The hyp mentions the term, the ref does not.
    HypOnly,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TermStats {
    pub term: String,
    /// Correct occurrences (the term in acceptable case, or an alternate).
    pub hyp_ok: usize,
    pub hyp_deprecated: usize,
    pub hyp_case: usize,
    pub hyp_missing: usize,
    pub ref_ok: usize,
    pub ref_deprecated: usize,
    pub ref_case: usize,
    /// Findings on either side that an ignore rule suppressed.
    pub suppressed: usize,
    pub links: BTreeMap<LinkClass, usize>,
    /// Every rendering used, with its count (variants lower-cased, the term
    /// as written so that a wrong case stays visible).
    pub hyp_renderings: BTreeMap<String, usize>,
    pub ref_renderings: BTreeMap<String, usize>,
}

impl LinkClass {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkClass::BothRight => "both right",
            LinkClass::HypWrongRefRight => "hyp wrong, ref right",
            LinkClass::RefWrongHypRight => "ref wrong, hyp right",
            LinkClass::BothWrong => "both wrong",
            LinkClass::RefOnly => "ref only",
            LinkClass::HypOnly => "hyp only",
        }
    }
}

impl TermStats {
    pub fn link_count(&self, c: LinkClass) -> usize {
        self.links.get(&c).copied().unwrap_or(0)
    }
}

/// Per-term figures for one document (or, merged, for many).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TermTally {
    /// By glossary entry index.
    pub terms: BTreeMap<usize, TermStats>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SideState {
    Absent,
    Right,
    Wrong,
}

fn rendering(g: &Glossary, text: &str, h: &Hit) -> String {
    let stem = text[h.start..h.stem_end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    match h.role {
        // The variant as the glossary writes it, unless the text spells it
        // differently (capitals inside a word), so each way of writing shows.
        Role::Variant => {
            let n = super::matcher::normalize_pattern(&stem);
            g.entries[h.entry]
                .variants
                .iter()
                .find(|v| {
                    super::matcher::normalize_pattern(v) == n && super::matcher::case_ok(&stem, v)
                })
                .cloned()
                .unwrap_or(stem)
        }
        Role::Term if !h.wrong_case => g.entries[h.entry].term.clone(),
        _ => stem,
    }
}

impl TermTally {
    pub fn new() -> TermTally {
        TermTally::default()
    }

    fn stats(&mut self, g: &Glossary, entry: usize) -> &mut TermStats {
        self.terms.entry(entry).or_insert_with(|| TermStats {
            term: g.entries[entry].term.clone(),
            ..TermStats::default()
        })
    }

    /// Adds one link. `gap` links (one side empty) add occurrences but no
    /// link comparison and no `missing`.
    pub fn add_link(&mut self, g: &Glossary, hyp: &str, ref_: &str, gap: bool) {
        if g.is_empty() {
            return;
        }
        self.add_check(g, &g.check_link(hyp, ref_, gap), hyp, ref_, gap);
    }

    /// Counts a finding of `entry` that an ignore rule suppressed outside
    /// [`LinkCheck`] (a `near` finding).
    pub fn add_suppressed(&mut self, g: &Glossary, entry: usize) {
        self.stats(g, entry).suppressed += 1;
    }

    /// Adds one link from its [`LinkCheck`] (computed with the same `gap`).
    pub fn add_check(&mut self, g: &Glossary, c: &LinkCheck, hyp: &str, ref_: &str, gap: bool) {
        let mut state: BTreeMap<usize, (SideState, SideState)> = BTreeMap::new();
        for (side, text, hits) in [(0usize, hyp, &c.hyp_hits), (1, ref_, &c.ref_hits)] {
            for (h, suppressed) in hits {
                let suppressed = *suppressed;
                let r = rendering(g, text, h);
                let s = self.stats(g, h.entry);
                let renders = if side == 0 {
                    &mut s.hyp_renderings
                } else {
                    &mut s.ref_renderings
                };
                *renders.entry(r).or_default() += 1;
                let wrong = h.is_wrong() && !suppressed;
                if suppressed {
                    s.suppressed += 1;
                } else {
                    let c = match (side, h.role, h.wrong_case) {
                        (0, Role::Variant, _) => &mut s.hyp_deprecated,
                        (0, _, true) => &mut s.hyp_case,
                        (0, _, _) => &mut s.hyp_ok,
                        (_, Role::Variant, _) => &mut s.ref_deprecated,
                        (_, _, true) => &mut s.ref_case,
                        _ => &mut s.ref_ok,
                    };
                    *c += 1;
                }
                let st = state
                    .entry(h.entry)
                    .or_insert((SideState::Absent, SideState::Absent));
                let slot = if side == 0 { &mut st.0 } else { &mut st.1 };
                *slot = match (*slot, wrong) {
                    (SideState::Wrong, _) | (_, true) => SideState::Wrong,
                    _ => SideState::Right,
                };
            }
        }
        if gap {
            return;
        }
        for (f, suppressed) in &c.missing {
            let s = self.stats(g, f.entry);
            if *suppressed {
                s.suppressed += 1;
            } else {
                s.hyp_missing += 1;
            }
        }
        for (entry, (h, r)) in state {
            use SideState::*;
            let class = match (h, r) {
                (Right, Right) => LinkClass::BothRight,
                (Wrong, Right) => LinkClass::HypWrongRefRight,
                (Right, Wrong) => LinkClass::RefWrongHypRight,
                (Wrong, Wrong) => LinkClass::BothWrong,
                (Absent, _) => LinkClass::RefOnly,
                (_, Absent) => LinkClass::HypOnly,
            };
            *self.stats(g, entry).links.entry(class).or_default() += 1;
        }
    }

    /// How one link treats each term either side mentions, in glossary
    /// order: (preferred term, class). Suppressed findings count as right.
    pub fn classify_link(g: &Glossary, hyp: &str, ref_: &str) -> Vec<(String, LinkClass)> {
        let mut t = TermTally::new();
        t.add_link(g, hyp, ref_, false);
        t.terms
            .values()
            .filter_map(|s| s.links.keys().next().map(|c| (s.term.clone(), *c)))
            .collect()
    }

    /// Adds another document's tally (same glossary) for a corpus total.
    pub fn merge(&mut self, other: &TermTally) {
        for (e, o) in &other.terms {
            let s = self.terms.entry(*e).or_insert_with(|| TermStats {
                term: o.term.clone(),
                ..TermStats::default()
            });
            s.hyp_ok += o.hyp_ok;
            s.hyp_deprecated += o.hyp_deprecated;
            s.hyp_case += o.hyp_case;
            s.hyp_missing += o.hyp_missing;
            s.ref_ok += o.ref_ok;
            s.ref_deprecated += o.ref_deprecated;
            s.ref_case += o.ref_case;
            s.suppressed += o.suppressed;
            for (k, v) in &o.links {
                *s.links.entry(*k).or_default() += v;
            }
            for (k, v) in &o.hyp_renderings {
                *s.hyp_renderings.entry(k.clone()).or_default() += v;
            }
            for (k, v) in &o.ref_renderings {
                *s.ref_renderings.entry(k.clone()).or_default() += v;
            }
        }
    }

    /// Findings suppressed by ignore rules, both sides.
    pub fn suppressed(&self) -> usize {
        self.terms.values().map(|s| s.suppressed).sum()
    }

    /// The stats of the entry whose preferred term is `term`.
    pub fn get(&self, term: &str) -> Option<&TermStats> {
        self.terms.values().find(|s| s.term == term)
    }
}

/// `micro-letter 15; Wechat 3`: most used first.
pub fn format_renderings(m: &BTreeMap<String, usize>) -> String {
    let mut v: Vec<(&String, &usize)> = m.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v.iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join("; ")
}
