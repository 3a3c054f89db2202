//! What a side's text is like as a whole, which a row alone cannot tell.
//!
//! A tokenized text (MT research data, Moses- or Text+Berg-style
//! references: `himalayens , ce qui` / `très pénible .`) puts a space
//! before every comma and full stop. `space` would report that on nearly
//! every row, and every such row would go to review, hiding the rows that
//! need it. So a side whose first rows show it is taken as tokenized: its
//! spaces before marks are not reported row by row (the other side's still
//! are), and the run says so once.
//!
//! Decisions:
//! - Judged on the first [`Style::SAMPLE_ROWS`] rows, so that a report
//!   streams (`--aligned` reads a chunk at a time) and the verdict does not
//!   depend on the chunk size.
//! - Only `,` and `.` ending a word are counted: French typography puts a
//!   space before `;:!?` and is not tokenized for it. Tokenized means at
//!   least [`Tokenization::MIN_MARKS`] such marks, half or more of them
//!   after a space; a careful text has next to none (a typo, not a style).

/// Document-level facts for the row checks, per side (hyp, ref).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    /// The side is tokenized text: a space before its marks is its style.
    pub tokenized: [bool; 2],
}

impl Style {
    /// Rows the style is judged on.
    pub const SAMPLE_ROWS: usize = 1000;

    /// The style of two sides from their first rows.
    pub fn judge<'a>(rows: impl IntoIterator<Item = (&'a str, &'a str)>) -> Style {
        let mut t = [Tokenization::default(), Tokenization::default()];
        for (h, r) in rows.into_iter().take(Style::SAMPLE_ROWS) {
            t[0].add(h);
            t[1].add(r);
        }
        Style {
            tokenized: [t[0].is_tokenized(), t[1].is_tokenized()],
        }
    }
}

/// Counts of the commas and full stops that end a word, and of those with
/// a space before them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tokenization {
    pub marks: usize,
    pub spaced: usize,
}

impl Tokenization {
    /// Fewest marks to judge a side on: a few short rows tell nothing.
    pub const MIN_MARKS: usize = 20;

    pub fn add(&mut self, text: &str) {
        let b = text.as_bytes();
        for i in memchr::memchr2_iter(b',', b'.', b) {
            // A mark ending a word: `1,000`, `e.g.` and `...` inside are not.
            if !matches!(b.get(i + 1), None | Some(b' ' | b'\n' | b'\r' | b'\t')) || i == 0 {
                continue;
            }
            match b[i - 1] {
                // A spaced ellipsis (`. . .`) is one mark, and no sign of
                // tokenizing: its dots are skipped.
                b' ' if (i >= 2 && b[i - 2] == b'.') || b.get(i + 1..i + 3) == Some(b" .") => {}
                b' ' if i >= 2 && b[i - 2] != b' ' => {
                    self.marks += 1;
                    self.spaced += 1;
                }
                b' ' | b'.' | b',' => {}
                _ => self.marks += 1,
            }
        }
    }

    pub fn is_tokenized(&self) -> bool {
        self.marks >= Tokenization::MIN_MARKS && self.spaced * 2 >= self.marks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(lines: &[&str]) -> Tokenization {
        let mut t = Tokenization::default();
        for l in lines {
            t.add(l);
        }
        t
    }

    #[test]
    fn a_tokenized_reference_is_told_from_careful_text_and_french() {
        // Text+Berg's published French, as its corpus ships it.
        let tb = "Comment expliquer une pareille incertitude , connues et mesurées depuis un siècle , ce qui a amené de regrettables confusions .";
        let t = tok(&[tb; 7]);
        assert_eq!((t.marks, t.spaced), (21, 21));
        assert!(t.is_tokenized());
        // French typography spaces `;:!?`, not `,.`; numbers, abbreviations
        // and ellipses are no word-ending marks; one typo is no style.
        let fr = "Il y a trois sources : la réfraction , la pesanteur ; et 1,5 m. Voir p. 3 ... ou pas !";
        let t = tok(&[fr; 10]);
        assert_eq!((t.marks, t.spaced), (30, 10));
        assert!(!t.is_tokenized());
        // A spaced ellipsis is no tokenizing, nor are the marks after it.
        let t = tok(&["I thought . . . no, never mind, said Anna N."; 12]);
        assert_eq!((t.marks, t.spaced), (36, 0));
        assert!(!t.is_tokenized());
        // Too few marks to judge.
        assert!(!tok(&["a , b .", "c , d ."]).is_tokenized());
        assert!(!tok(&[""]).is_tokenized());
    }

    #[test]
    fn the_style_is_judged_on_the_first_rows_per_side() {
        let tb = "Le 2 juillet , Ratay et Roiss aménagent le passage .";
        let mt = "Le 2 juillet, Ratay et Roiss font le passage.";
        let s = Style::judge(std::iter::repeat_n((mt, tb), 20));
        assert_eq!(s.tokenized, [false, true]);
        // Rows past the sample do not count.
        let rows = std::iter::repeat_n((mt, mt), Style::SAMPLE_ROWS)
            .chain(std::iter::repeat_n((tb, tb), 50));
        assert_eq!(Style::judge(rows).tokenized, [false, false]);
    }

    #[test]
    fn a_tokenized_side_keeps_its_spaces_and_the_other_side_does_not() {
        use crate::qa::{CheckSet, Checker, Code};
        let set = CheckSet::NONE.with(Code::Space);
        let run = |h: &str, r: &str, style: Style| {
            let mut out = Vec::new();
            Checker::new().check_pair_styled(h, r, [&[], &[]], set, style, &mut out);
            out.iter().map(|f| f.to_string()).collect::<Vec<_>>()
        };
        let tokenized_ref = Style {
            tokenized: [false, true],
        };
        let (mt, tb) = ("Le camp, enfin.", "Le camp , enfin .");
        assert_eq!(
            run(mt, tb, Style::default()),
            ["space: space before \",.\" in ref"]
        );
        assert!(run(mt, tb, tokenized_ref).is_empty());
        // The hyp's own slip is still one, as are the ref's double spaces
        // and glued marks, which tokenizing does not make.
        assert_eq!(
            run("Le camp , enfin.", tb, tokenized_ref),
            ["space: space before \",\" in hyp"]
        );
        assert_eq!(
            run(mt, "Le camp ,  enfin .", tokenized_ref),
            ["space: double space in ref"]
        );
        // French typography spaces `;:!?`; a tokenized side spaces them
        // too, so facing it they are no finding on either side.
        assert!(
            run(
                "Quoi ? Il part : enfin.",
                "Quoi ? Il part : enfin .",
                tokenized_ref
            )
            .is_empty()
        );
        assert_eq!(
            run(
                "Quoi ? Il part , enfin.",
                "Quoi ? Il part , enfin .",
                tokenized_ref
            ),
            ["space: space before \",\" in hyp"]
        );
    }
}
