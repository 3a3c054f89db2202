//! Link types, gaps, boundaries and invariants of the aligner, on sentence
//! lists written for these tests (hyp: literal, MT-like; ref: human).

use mtaudit::align::{AlignConfig, Link, align};
use proptest::prelude::*;

/// (hyp, ref) renderings of the same source sentence.
const PAIRS: &[(&str, &str)] = &[
    (
        "The bakery of Mrs. Hollis opened in 1987 on the corner of Mill Street.",
        "Mrs. Hollis opened her bakery on the corner of Mill Street in 1987.",
    ),
    (
        "Every morning she is getting up at four hours to knead the dough.",
        "She got up at four every morning to knead the dough.",
    ),
    (
        "The neighbours were complaining about the smell of burned sugar.",
        "Her neighbours complained about the smell of burnt sugar.",
    ),
    (
        "In winter the shop sold more than 300 loaves per day.",
        "During the winter the shop sold over 300 loaves a day.",
    ),
    (
        "Her son Daniel was delivering the bread with an old red bicycle.",
        "Her son Daniel delivered the bread on an old red bicycle.",
    ),
    (
        "The town council gave to her a prize for the best rye bread of Vermont.",
        "The town council awarded her a prize for the best rye bread in Vermont.",
    ),
    (
        "In 2003 a supermarket opened beside the river and customers became fewer.",
        "In 2003 a supermarket opened by the river, and the customers grew fewer.",
    ),
    (
        "Hollis decided to bake only sourdough and to sell it at the Saturday market.",
        "Hollis chose to bake nothing but sourdough and sell it at the Saturday market.",
    ),
    (
        "The newspaper Burlington Free Press wrote an article about her starter culture.",
        "The Burlington Free Press ran a story about her sourdough starter.",
    ),
    (
        "Tourists from Boston and Montreal were driving hours for one loaf.",
        "Tourists drove for hours from Boston and Montreal to buy a single loaf.",
    ),
    (
        "When she retired in 2019, Daniel took over the ovens and the recipes.",
        "When she retired in 2019, Daniel took over the ovens and her recipes.",
    ),
    (
        "Today the bakery employs eleven people and ships bread to 14 states.",
        "The bakery now employs eleven people and ships bread to 14 states.",
    ),
];

const UNRELATED: &[&str] = &[
    "Glaciers carved the valley floor during the last ice age.",
    "The committee postponed its vote on the harbour dredging contract.",
    "Quantum dots emit light whose colour depends on their size.",
    "A referee must wear a whistle and carry two coloured cards.",
    "Copper prices fell sharply after the mine strike ended in Chile.",
    "Most owls hunt at night and swallow their prey whole.",
    "The orchestra rehearsed the symphony without its principal cellist.",
    "Fresh asphalt releases fumes that irritate the eyes and throat.",
];

fn hyp() -> Vec<&'static str> {
    PAIRS.iter().map(|p| p.0).collect()
}

fn refs() -> Vec<&'static str> {
    PAIRS.iter().map(|p| p.1).collect()
}

/// Links as (hyp indices, ref indices) for easy comparison.
fn spans(links: &[Link]) -> Vec<(Vec<usize>, Vec<usize>)> {
    links
        .iter()
        .map(|l| (l.hyp.clone().collect(), l.ref_.clone().collect()))
        .collect()
}

/// Every index in exactly one link, in order, links monotone and contiguous.
fn check_cover(links: &[Link], n: usize, m: usize) {
    let (mut i, mut j) = (0, 0);
    for l in links {
        assert_eq!(l.hyp.start, i, "hyp not contiguous at {l:?}");
        assert_eq!(l.ref_.start, j, "ref not contiguous at {l:?}");
        assert!(!(l.hyp.is_empty() && l.ref_.is_empty()), "empty link");
        assert!((0.0..=1.0).contains(&l.score), "score out of range: {l:?}");
        i = l.hyp.end;
        j = l.ref_.end;
    }
    assert_eq!((i, j), (n, m));
}

fn run(h: &[&str], r: &[&str]) -> Vec<Link> {
    let links = align(h, r, &AlignConfig::default());
    check_cover(&links, h.len(), r.len());
    links
}

fn has(links: &[Link], h: &[usize], r: &[usize]) -> bool {
    spans(links).contains(&(h.to_vec(), r.to_vec()))
}

#[test]
fn one_to_one_paraphrases() {
    let links = run(&hyp(), &refs());
    let want: Vec<_> = (0..PAIRS.len()).map(|i| (vec![i], vec![i])).collect();
    assert_eq!(spans(&links), want);
    assert!(links.iter().all(|l| l.score > 0.5), "{links:?}");
}

#[test]
fn one_to_two_and_two_to_one() {
    // The ref splits sentence 3 in two; the hyp joins sentences 6 and 7.
    let mut r = refs();
    r.splice(
        3..4,
        [
            "During the winter the shop was busy.",
            "It sold over 300 loaves a day.",
        ],
    );
    let mut h = hyp();
    let joined = format!("{} {}", PAIRS[6].0, PAIRS[7].0);
    h.splice(6..8, [joined.as_str()]);
    let links = run(&h, &r);
    assert!(has(&links, &[3], &[3, 4]), "{:?}", spans(&links));
    assert!(has(&links, &[6], &[7, 8]), "{:?}", spans(&links));
    assert!(has(&links, &[2], &[2]) && has(&links, &[7], &[9]));
}

#[test]
fn two_to_two_crossing_cut() {
    // Sentences 4 and 5 are cut at a different place on each side.
    let mut h = hyp();
    h.splice(
        4..6,
        [
            "Her son Daniel was delivering the bread with an old red bicycle and the town council",
            "gave to her a prize for the best rye bread of Vermont.",
        ],
    );
    let mut r = refs();
    r.splice(
        4..6,
        [
            "Her son Daniel delivered the bread.",
            "He rode an old red bicycle, and the town council awarded her a prize for the best rye bread in Vermont.",
        ],
    );
    let links = run(&h, &r);
    assert!(has(&links, &[4, 5], &[4, 5]), "{:?}", spans(&links));
}

#[test]
fn one_to_three_and_three_to_one() {
    let mut r = refs();
    r.splice(
        1..2,
        [
            "She got up every morning.",
            "It was four o'clock.",
            "Then she kneaded the dough.",
        ],
    );
    let mut h = hyp();
    let joined = format!("{} {} {}", PAIRS[8].0, PAIRS[9].0, PAIRS[10].0);
    h.splice(8..11, [joined.as_str()]);
    let links = run(&h, &r);
    assert!(has(&links, &[1], &[1, 2, 3]), "{:?}", spans(&links));
    assert!(has(&links, &[8], &[10, 11, 12]), "{:?}", spans(&links));
}

#[test]
fn truncated_ref_leaves_a_clean_run_of_hyp_gaps() {
    let h = hyp();
    let r = &refs()[..5];
    let links = run(&h, r);
    for i in 0..5 {
        assert!(has(&links, &[i], &[i]), "{:?}", spans(&links));
    }
    let tail: Vec<_> = links.iter().skip(5).collect();
    assert_eq!(tail.len(), PAIRS.len() - 5);
    assert!(tail.iter().all(|l| l.kind().to_string() == "1-0"));
}

#[test]
fn footer_and_front_matter_are_gaps() {
    let mut h = vec!["Source: Internet", "Author: User"];
    h.extend(hyp());
    h.extend([
        "Related Articles",
        "Contact Us",
        "The content of this page does not represent the opinion of Example Cloud.",
    ]);
    let links = run(&h, &refs());
    let k: Vec<String> = links.iter().map(|l| l.kind().to_string()).collect();
    assert_eq!(&k[..2], ["1-0", "1-0"]);
    assert_eq!(&k[k.len() - 3..], ["1-0", "1-0", "1-0"]);
    assert_eq!(k.iter().filter(|x| *x == "1-1").count(), PAIRS.len());
}

#[test]
fn long_insertion_is_a_clean_gap_run() {
    let mut r = refs();
    r.splice(6..6, UNRELATED.iter().copied());
    let links = run(&hyp(), &r);
    let k: Vec<String> = links.iter().map(|l| l.kind().to_string()).collect();
    let want: Vec<String> = (0..6)
        .map(|_| "1-1")
        .chain(UNRELATED.iter().map(|_| "0-1"))
        .chain((6..PAIRS.len()).map(|_| "1-1"))
        .map(String::from)
        .collect();
    assert_eq!(k, want, "{:?}", spans(&links));
    // Sure gaps: nothing else could be done with them.
    assert!(links[6..6 + UNRELATED.len()].iter().all(|l| l.score > 0.5));
}

#[test]
fn dropped_sentence_in_the_middle() {
    let mut r = refs();
    r.remove(4);
    let links = run(&hyp(), &r);
    assert!(has(&links, &[4], &[]), "{:?}", spans(&links));
    assert!(has(&links, &[3], &[3]) && has(&links, &[5], &[4]));
}

#[test]
fn empty_sides() {
    let h = hyp();
    let links = run(&h, &[]);
    assert!(
        links
            .iter()
            .all(|l| l.kind().to_string() == "1-0" && l.score == 1.0)
    );
    let links = run(&[], &h);
    assert!(links.iter().all(|l| l.kind().to_string() == "0-1"));
    assert!(run(&[], &[]).is_empty());
    // Sentences without letters or digits do not break the scoring.
    let odd = ["", "...", "* * *"];
    run(&odd, &odd);
}

#[test]
fn boundary_sections_are_never_crossed() {
    // Chapter 2 of the ref lacks its first sentences; without the boundary
    // nothing forces it, with it no link may cross a heading.
    let mut h = vec!["Chapter 1"];
    h.extend(&hyp()[..6]);
    h.push("Chapter 2");
    h.extend(&hyp()[6..]);
    let mut r = vec!["CHAPTER 1"];
    r.extend(&refs()[..4]);
    r.push("CHAPTER 2");
    r.extend(&refs()[4..]);
    let cfg = AlignConfig {
        boundary: Some(regex::Regex::new("(?i)^chapter ").unwrap()),
        ..AlignConfig::default()
    };
    let links = align(&h, &r, &cfg);
    check_cover(&links, h.len(), r.len());
    let (hb, rb) = (7, 5); // indices of "Chapter 2" on each side
    for l in &links {
        let crosses = |rg: &std::ops::Range<usize>, b: usize| rg.start < b && rg.end > b;
        assert!(
            !crosses(&l.hyp, hb) && !crosses(&l.ref_, rb),
            "{l:?} crosses"
        );
        assert!(
            (l.hyp.start >= hb) == (l.ref_.start >= rb) || l.hyp.is_empty() || l.ref_.is_empty()
        );
    }
    assert!(has(&links, &[hb], &[rb]), "{:?}", spans(&links));
}

#[test]
fn boundary_counts_differ_section_only_on_one_side_is_gaps() {
    // The hyp has an extra chapter (unrelated text) the ref lacks.
    let mut h = vec!["Chapter 1"];
    h.extend(&hyp()[..6]);
    h.push("Chapter 2");
    h.extend(UNRELATED);
    h.push("Chapter 3");
    h.extend(&hyp()[6..]);
    let mut r = vec!["Chapter 1"];
    r.extend(&refs()[..6]);
    r.push("Chapter 3");
    r.extend(&refs()[6..]);
    let cfg = AlignConfig {
        boundary: Some(regex::Regex::new("^Chapter ").unwrap()),
        ..AlignConfig::default()
    };
    let links = align(&h, &r, &cfg);
    check_cover(&links, h.len(), r.len());
    let extra = 7..8 + UNRELATED.len();
    for i in extra {
        assert!(has(&links, &[i], &[]), "{i}: {:?}", spans(&links));
    }
    assert!(
        has(&links, &[8 + UNRELATED.len()], &[7]),
        "{:?}",
        spans(&links)
    );
}

/// A long pair (band search, not the full matrix) with a long insertion in
/// the middle that the anchor path does not predict.
#[test]
fn long_documents_use_the_band_and_keep_insertions_clean() {
    let words = [
        "river", "market", "lantern", "harvest", "copper", "meadow", "signal", "winter", "orchard",
        "bridge", "engine", "shadow", "garden", "letter", "harbour", "valley",
    ];
    // Deterministic pseudo-random sentences, each with a unique number.
    let mut seed = 7u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let mut h = Vec::new();
    let mut r = Vec::new();
    for k in 0..1600 {
        let w: Vec<&str> = (0..8).map(|_| words[next() % words.len()]).collect();
        h.push(format!(
            "The {} and the {} near {} {} item {k}.",
            w[0], w[1], w[2], w[3]
        ));
        r.push(format!(
            "Near {} {}, the {} and a {} item {k}.",
            w[2], w[3], w[0], w[1]
        ));
    }
    let inserted: Vec<String> = (0..60)
        .map(|k| format!("Unrelated notice number {} about parking.", 90000 + k))
        .collect();
    r.splice(800..800, inserted);
    let hv: Vec<&str> = h.iter().map(String::as_str).collect();
    let rv: Vec<&str> = r.iter().map(String::as_str).collect();
    let links = run(&hv, &rv);
    let gaps: Vec<usize> = links
        .iter()
        .filter(|l| l.hyp.is_empty())
        .map(|l| l.ref_.start)
        .collect();
    assert_eq!(gaps, (800..860).collect::<Vec<_>>());
    assert_eq!(
        links
            .iter()
            .filter(|l| l.kind().to_string() == "1-1")
            .count(),
        1600
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn every_sentence_once_in_order(
        h in prop::collection::vec("[a-e ]{0,30}", 0..25),
        r in prop::collection::vec("[a-e ]{0,30}", 0..25),
        band in 0usize..4,
    ) {
        let hv: Vec<&str> = h.iter().map(String::as_str).collect();
        let rv: Vec<&str> = r.iter().map(String::as_str).collect();
        let links = align(&hv, &rv, &AlignConfig { band, ..AlignConfig::default() });
        check_cover(&links, hv.len(), rv.len());
        for l in &links {
            prop_assert!(l.hyp.len() <= 3 && l.ref_.len() <= 3);
        }
    }

    #[test]
    fn any_unicode_text_and_boundaries_never_panic(
        h in prop::collection::vec("\\PC{0,40}", 0..20),
        r in prop::collection::vec("\\PC{0,40}", 0..20),
    ) {
        let hv: Vec<&str> = h.iter().map(String::as_str).collect();
        let rv: Vec<&str> = r.iter().map(String::as_str).collect();
        // Any sentence containing "a" opens a section: counts usually differ.
        let cfg = AlignConfig {
            boundary: Some(regex::Regex::new("a").unwrap()),
            ..AlignConfig::default()
        };
        check_cover(&align(&hv, &rv, &cfg), hv.len(), rv.len());
        check_cover(&align(&hv, &rv, &AlignConfig::default()), hv.len(), rv.len());
    }
}
