//! Near misses of glossary terms (`--near N`): a word or run of words within
//! N edits of a term or variant without being one (`micro-leter` for the
//! variant `micro-letter`, `WeChatt` for `WeChat`). Exact matching cannot
//! see a misspelt term, and a misspelt rejected variant is still rejected;
//! off by default, since every near miss is a guess.
//!
//! Words are Unicode words (UAX #29, unicode-segmentation) joined by the
//! separators between them, so a candidate of k words is compared with the
//! term forms of k words; the distance is strsim's Levenshtein over
//! lowercased characters, and only forms whose length is within N of the
//! candidate's are compared.

use std::collections::HashMap;

use unicode_segmentation::UnicodeSegmentation;

use super::{FindingKind, Glossary, TermFinding};

/// Words shorter than this are never near misses: every short word is a
/// few edits from some term.
const MIN_CHARS: usize = 5;

/// One term, alternate or variant: lowercased, its entry, whether it is
/// the preferred term, whether it has a capital letter.
type Form = (String, usize, bool, bool);

/// The glossary's forms (terms and variants) by word count and length.
#[derive(Debug, Default)]
pub struct NearIndex {
    /// (words, chars) -> forms.
    forms: HashMap<(usize, usize), Vec<Form>>,
    max_words: usize,
}

impl NearIndex {
    pub fn build(g: &Glossary) -> NearIndex {
        let mut ix = NearIndex::default();
        for (i, e) in g.entries.iter().enumerate() {
            if e.match_mode == super::MatchMode::Regex {
                continue;
            }
            let forms = std::iter::once((&e.term, true))
                .chain(e.variants.iter().map(|v| (v, false)))
                .chain(e.alternates.iter().map(|a| (a, true)));
            for (f, preferred) in forms {
                let lower = f.trim().to_lowercase();
                let words = lower.unicode_words().count();
                if words == 0 {
                    continue;
                }
                ix.max_words = ix.max_words.max(words);
                let upper = f.chars().any(char::is_uppercase);
                ix.forms
                    .entry((words, lower.chars().count()))
                    .or_default()
                    .push((lower, i, preferred, upper));
            }
        }
        ix
    }

    /// Near misses in `text` within `max_edits` edits, in text order, one
    /// per place (the closest form; the preferred term on a tie).
    pub fn find(&self, g: &Glossary, text: &str, max_edits: usize) -> Vec<TermFinding> {
        if self.forms.is_empty() || max_edits == 0 {
            return Vec::new();
        }
        let words: Vec<(usize, &str)> = text.unicode_word_indices().collect();
        let mut out: Vec<TermFinding> = Vec::new();
        let mut covered_to = 0;
        for start in 0..words.len() {
            let mut best: Option<(usize, usize, usize, bool)> = None; // (dist, end, entry, preferred)
            for k in 1..=self.max_words.min(words.len() - start) {
                let (from, _) = words[start];
                let (last, w) = words[start + k - 1];
                let to = last + w.len();
                if from < covered_to {
                    break;
                }
                let raw = &text[from..to];
                let cand = raw.to_lowercase();
                let n = cand.chars().count();
                if n < MIN_CHARS {
                    continue;
                }
                // Longer words allow more slips: one edit per five letters,
                // at most `max_edits`.
                let allowed = max_edits.min(n / 5);
                let cand_upper = raw.chars().any(char::is_uppercase);
                let mut exact = false;
                let mut here: Option<(usize, usize, bool)> = None;
                for len in n.saturating_sub(max_edits)..=n + max_edits {
                    for (form, entry, preferred, upper) in
                        self.forms.get(&(k, len)).into_iter().flatten()
                    {
                        if *form == cand {
                            exact = true;
                            continue;
                        }
                        // Slips keep the first letter (spell checkers rely
                        // on it too); without this rule every common word
                        // is a near miss of some brand ("small", "Tmall").
                        // A name or acronym (a capital in the form) is not
                        // misspelt by an all-lowercase word ("in times" is
                        // no slip of "IT Times").
                        if form.chars().next() != cand.chars().next() || (*upper && !cand_upper) {
                            continue;
                        }
                        let d = strsim::levenshtein(form, &cand);
                        // Word by word too: "payment pressure" is two edits
                        // from "payment treasure", but both in one short word.
                        let per_word = k == 1
                            || form.split_whitespace().zip(cand.split_whitespace()).all(
                                |(a, b)| {
                                    strsim::levenshtein(a, b)
                                        <= max_edits.min(b.chars().count() / 5)
                                },
                            );
                        if d <= allowed
                            && per_word
                            && here
                                .is_none_or(|(bd, _, bp)| d < bd || (d == bd && *preferred && !bp))
                        {
                            here = Some((d, *entry, *preferred));
                        }
                    }
                }
                if exact {
                    // The exact matcher reports this place already.
                    best = None;
                    covered_to = to;
                    break;
                }
                if let Some((d, entry, preferred)) = here
                    && best.is_none_or(|(bd, ..)| d < bd)
                {
                    best = Some((d, to, entry, preferred));
                }
            }
            if let Some((_, to, entry, _)) = best {
                let from = words[start].0;
                // A near miss that is an inflection the matcher accepts (a
                // plural, a possessive) is no slip.
                if g.occurrences(&text[from..to]).is_empty() {
                    let e = &g.entries[entry];
                    out.push(TermFinding {
                        kind: FindingKind::Near,
                        found: text[from..to].to_owned(),
                        term: e.term.clone(),
                        entry,
                        span: from..to,
                        in_ref: false,
                        severity: e.severity,
                    });
                    covered_to = to;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::Entry;
    use super::*;

    fn g() -> Glossary {
        Glossary::from_entries(
            vec![
                Entry::new("WeChat", &["micro-letter", "micro-trust"]),
                Entry::new("electricity supplier", &["electric quotient"]),
            ],
            Vec::new(),
        )
    }

    fn near(text: &str, n: usize) -> Vec<String> {
        let g = g();
        NearIndex::build(&g)
            .find(&g, text, n)
            .iter()
            .map(|f| format!("{}={}", f.found, f.term))
            .collect()
    }

    #[test]
    fn slips_of_terms_and_variants_are_found() {
        assert_eq!(near("Pay with micro-leter now.", 1), ["micro-leter=WeChat"]);
        assert_eq!(near("Pay with WeChatt now.", 1), ["WeChatt=WeChat"]);
        assert_eq!(
            near("the electricty supplier grew", 2),
            ["electricty supplier=electricity supplier"]
        );
        let g = Glossary::from_entries(
            vec![Entry::new("Alipay", &["payment treasure"])],
            Vec::new(),
        );
        assert!(
            NearIndex::build(&g)
                .find(&g, "under payment pressure", 2)
                .is_empty(),
            "two slips in one short word"
        );
    }

    #[test]
    fn exact_forms_inflections_short_and_distant_words_are_not() {
        assert!(near("WeChat and micro-letter and WeChats", 2).is_empty());
        assert!(near("We chat on the market", 2).is_empty());
        assert!(near("Pay with micro-leter now.", 0).is_empty());
        assert!(near("a bank and a chat", 2).is_empty());
        // Too many edits for the word's length.
        assert!(near("Weapon", 2).is_empty());
        // Another first letter: a different word, not a slip.
        let g = Glossary::from_entries(vec![Entry::new("Tmall", &[])], Vec::new());
        assert!(NearIndex::build(&g).find(&g, "a small shop", 2).is_empty());
    }
}
