//! Segmentation misses that break alignment links (issue #15): an unknown
//! abbreviation before a lowercase word must not split, and a country
//! abbreviation closing a sentence before a capitalised word must.

use mtaudit::segment::{Segmenter, SplitMode};

fn split(text: &str) -> Vec<String> {
    Segmenter::new()
        .segment(text, SplitMode::Sentences)
        .into_iter()
        .map(|s| s.text)
        .collect()
}

#[test]
fn unknown_abbreviation_before_lowercase_does_not_split() {
    for (text, want) in [
        (
            "Output rose to 1.5 bn. in 2020 and fell later. Prices held.",
            vec![
                "Output rose to 1.5 bn. in 2020 and fell later.",
                "Prices held.",
            ],
        ),
        (
            "The saying is quoted from Prov. in the second chapter. It is old.",
            vec![
                "The saying is quoted from Prov. in the second chapter.",
                "It is old.",
            ],
        ),
        (
            "Sales reached 40 mln. in March. Costs fell.",
            vec!["Sales reached 40 mln. in March.", "Costs fell."],
        ),
    ] {
        assert_eq!(split(text), want, "{text}");
    }
}

#[test]
fn ordinary_words_before_lowercase_still_split() {
    // MT output often starts a sentence in lowercase after an ordinary word.
    assert_eq!(
        split("The market was closed. then the rain came."),
        vec!["The market was closed.", "then the rain came."]
    );
}

#[test]
fn country_abbreviation_closes_a_sentence_before_a_capital() {
    for (text, want) in [
        (
            "Exports fell sharply to the U.K. Shares rose anyway.",
            vec!["Exports fell sharply to the U.K.", "Shares rose anyway."],
        ),
        (
            "Demand slowed in the U.S. Analysts expect a rebound.",
            vec!["Demand slowed in the U.S.", "Analysts expect a rebound."],
        ),
    ] {
        assert_eq!(split(text), want, "{text}");
    }
    // A capital that goes on naming something stays in the sentence, and
    // so does a country that opens one.
    for text in [
        "Officials from the U.K. Treasury met on Monday.",
        "He works for the U.S. Army in Ohio.",
        "U.S. Stocks fell on Monday.",
    ] {
        assert_eq!(split(text), vec![text], "{text}");
    }
}
