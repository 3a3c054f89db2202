//! Where the layout of a file breaks between sentences: the aligner makes a
//! merged link across such a break cost more, so a heading or a footer line
//! dropped on one side stays a gap instead of riding along with the
//! sentence next to it.

use super::{Sentence, SplitMode};

/// Whether a layout break lies between each sentence and the one before: a
/// blank line, or a line break next to a sentence that fills one line alone
/// (a heading, a byline, a footer line). A break inside hard-wrapped prose
/// does not count, nor one after a line ending in a colon, a label that its
/// next line continues ("Payment mode:"). With `--split lines` every
/// sentence is a line, so only a blank line counts.
pub fn layout_breaks(text: &str, s: &[Sentence], split: SplitMode) -> Vec<bool> {
    let breaks = |t: &str| t.matches('\n').count().max(t.matches('\r').count());
    let alone = |x: &Sentence| {
        let before = &text[..x.span.start];
        let after = &text[x.span.end..];
        let head = before
            .rfind(['\n', '\r'])
            .map_or(before, |i| &before[i + 1..]);
        let tail = after.find(['\n', '\r']).map_or(after, |i| &after[..i]);
        let one_line = !text[x.span.clone()].contains(['\n', '\r']);
        one_line && head.trim().is_empty() && tail.trim().is_empty()
    };
    let mut prev: Option<&Sentence> = None;
    s.iter()
        .map(|x| {
            let Some(p) = prev.replace(x) else {
                return false;
            };
            let n = breaks(text.get(p.span.end..x.span.start).unwrap_or(""));
            if p.text.ends_with(':') || n == 0 {
                return false;
            }
            n >= 2 || (split == SplitMode::Sentences && (alone(p) || alone(x)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(text: &str, t: &str) -> Sentence {
        let start = text.find(t).unwrap();
        Sentence {
            text: t.to_owned(),
            span: start..start + t.len(),
            line: 0,
            doubles: Box::default(),
        }
    }

    #[test]
    fn line_starts_follow_the_layout() {
        let text = "Payment mode:\nBoth sides. Still.\r\n\r\nWechat\nNext one";
        let s: Vec<Sentence> = [
            "Payment mode:",
            "Both sides.",
            "Still.",
            "Wechat",
            "Next one",
        ]
        .iter()
        .map(|t| sent(text, t))
        .collect();
        assert_eq!(
            layout_breaks(text, &s, SplitMode::Sentences),
            [false, false, false, true, true],
            "a label line continues; a sentence after a break starts a line"
        );
        assert_eq!(
            layout_breaks(text, &s, SplitMode::Lines),
            [false, false, false, true, false],
            "in lines mode only a blank line counts"
        );
        // Hard-wrapped prose: a sentence that happens to start a line is no
        // layout break.
        let text = "The first sentence wraps over\nthe line end. The second one ends here.\nThe third starts a line and wraps\non.";
        let s: Vec<Sentence> = [
            "The first sentence wraps over\nthe line end.",
            "The second one ends here.",
            "The third starts a line and wraps\non.",
        ]
        .iter()
        .map(|t| sent(text, t))
        .collect();
        assert_eq!(
            layout_breaks(text, &s, SplitMode::Sentences),
            [false, false, false]
        );
    }
}
