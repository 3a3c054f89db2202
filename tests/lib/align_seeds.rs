//! The aligner on the seed pair (../shared/seeds: 000_* = hyp, 003_* = ref),
//! split into sentences here by a simple rule so the test depends on the
//! aligner only. Expectations come from reading both texts: the hyp has front
//! matter the ref lacks, the ref stops about a third of the way in (its last
//! sentence is cut short), and the hyp ends in a web page footer.

use mtaudit::align::{AlignConfig, Link, align};

fn seed(prefix: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("../shared/seeds");
    // A checkout without ../shared uses the copy in tests/fixtures.
    let dir = if dir.is_dir() {
        dir
    } else {
        root.join("tests/fixtures/seeds")
    };
    let entry = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .expect("seed file");
    std::fs::read_to_string(entry).unwrap()
}

/// One sentence per non-blank line, lines cut after . ! ? (and a closing
/// quote) followed by a space and a capital letter or opening quote.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        let chars: Vec<char> = line.chars().collect();
        let mut cur = String::new();
        for (k, &c) in chars.iter().enumerate() {
            cur.push(c);
            let end = matches!(c, '.' | '!' | '?')
                || (matches!(c, '"' | '”') && k > 0 && matches!(chars[k - 1], '.' | '!' | '?'));
            let next_starts = chars.get(k + 1) == Some(&' ')
                && chars
                    .get(k + 2)
                    .is_some_and(|n| n.is_uppercase() || matches!(n, '"' | '“'));
            if end && next_starts {
                out.push(std::mem::take(&mut cur).trim().to_owned());
            }
        }
        if !cur.trim().is_empty() {
            out.push(cur.trim().to_owned());
        }
    }
    out
}

fn find(v: &[String], prefix: &str) -> usize {
    v.iter()
        .position(|s| s.starts_with(prefix))
        .unwrap_or_else(|| panic!("no sentence starts with {prefix:?}"))
}

fn link_of(links: &[Link], hyp: usize) -> &Link {
    links.iter().find(|l| l.hyp.contains(&hyp)).unwrap()
}

#[test]
fn seed_pair_alignment_matches_a_careful_reading() {
    let h = sentences(&seed("000_"));
    let r = sentences(&seed("003_"));
    let hv: Vec<&str> = h.iter().map(String::as_str).collect();
    let rv: Vec<&str> = r.iter().map(String::as_str).collect();
    let links = align(&hv, &rv, &AlignConfig::default());

    let linked = |hp: &str, rp: &str| {
        let (i, j) = (find(&h, hp), find(&r, rp));
        let l = link_of(&links, i);
        assert!(
            l.ref_.contains(&j),
            "{hp:?} should link to {rp:?}, got {l:?}"
        );
    };
    let gap = |hp: &str| {
        let l = link_of(&links, find(&h, hp));
        assert!(l.ref_.is_empty(), "{hp:?} should be a gap, got {l:?}");
    };
    // Front matter only in the hyp.
    gap("Source: Internet");
    gap("Author: User");
    // Same sentence, different wording.
    linked("Tencent said: \"The micro-shop", "Tencent said: Micro shop");
    linked(
        "There is a lot of room for imagination",
        "the model does have a lot",
    );
    linked(
        "Strictly speaking, micro-bo payment",
        "strictly speaking, micro-blog payment",
    );
    linked("Micro-trust in the presence", "WeChat circle of friends");
    linked("Earlier, Tencent said", "previously, Tencent said");
    linked(
        "From the practical use of convenience",
        "From the point of view",
    );
    linked(
        "Mobile End platform Build",
        "mobile terminal platform to build",
    );
    // The ref's last sentence is cut short, but it is this one.
    linked(
        "After Ali announced the microblogging",
        "announced that micro-blog and Alipay cooperation",
    );
    // The ref never reaches this part, nor the footer.
    for p in [
        "For the online Weibo payment",
        "Electric business expert Ruzenwang",
        "Social Electric Business Pipeline",
        "O2O is the one.",
        "Related Article",
        "Contact Us",
        "If you find any instances of plagiarism",
    ] {
        gap(p);
    }
    // Everything after the ref's end is one clean run of hyp-only rows.
    let first = find(&h, "For the online Weibo payment");
    assert!(
        links
            .iter()
            .filter(|l| l.hyp.start >= first)
            .all(|l| l.ref_.is_empty())
    );
    // The sure things are confident; gaps after the ref ends are certain.
    assert!(link_of(&links, find(&h, "There is a lot of room")).score > 0.5);
    assert!(link_of(&links, find(&h, "Contact Us")).score > 0.9);
}
