//! Pairing the units of two exports of the same source.
//!
//! Two CAT exports of one project carry the tool's unit ids, which say for
//! certain which target renders which source segment; sentence alignment
//! could only guess. Ids fail in two ways that real projects show: a
//! re-export under another name changes the XLIFF `<file original>` while
//! keeping the unit ids, and exports from different tools (or a TMX without
//! `tuid`s) share no ids at all. Hence three passes, each over the units
//! the previous ones left unpaired:
//!
//! 1. the full key (file, unit id, segment) and the source text;
//! 2. only if pass 1 paired nothing: the same without the file;
//! 3. the source text with its tags removed and whitespace folded (units
//!    with no source text are never paired this way).
//!
//! An id pairs two units only when their source texts agree (tags removed,
//! whitespace folded): OmegaT, Okapi and memoQ number units in document
//! order, so in an export of a revised source the same id names another
//! sentence, and scoring one sentence's translation against another's
//! would report a mistranslation that is not there.
//!
//! Within a pass, the k-th unit of one side with a given key pairs with the
//! k-th unpaired unit of the other side with that key, so duplicates pair
//! in document order and the result does not depend on hashing.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

use super::Unit;
use super::xml::fold;

/// Pairs `hyp` and `ref_` units by id, falling back to the source text.
///
/// The result lists every index of both sides exactly once: `(Some(h),
/// Some(r))` for a pair, `(Some(h), None)` for a hyp unit the ref lacks,
/// `(None, Some(r))` for a ref unit the hyp lacks. Hyp units come in their
/// document order; a ref-only unit comes right after the hyp unit paired
/// with the nearest ref unit before it (at the start when there is none),
/// so that a gap row appears where the unit is in the ref.
pub fn pair_units(hyp: &[Unit], ref_: &[Unit]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut h2r: Vec<Option<usize>> = vec![None; hyp.len()];
    let mut r_taken = vec![false; ref_.len()];
    let id_key = |with_file: bool| {
        move |u: &Unit| {
            u.key.unit.as_ref().map(|id| {
                (
                    if with_file {
                        u.key.file.clone()
                    } else {
                        String::new()
                    },
                    id.clone(),
                    u.key.segment.clone(),
                    source_key(&u.source),
                )
            })
        }
    };
    let paired = pass(hyp, ref_, &mut h2r, &mut r_taken, id_key(true));
    if paired == 0 {
        pass(hyp, ref_, &mut h2r, &mut r_taken, id_key(false));
    }
    pass(hyp, ref_, &mut h2r, &mut r_taken, |u| source_key(&u.source));

    let mut r2h: Vec<Option<usize>> = vec![None; ref_.len()];
    for (h, r) in h2r.iter().enumerate() {
        if let Some(r) = *r {
            r2h[r] = Some(h);
        }
    }
    // after[0]: ref-only units before every hyp unit; after[h + 1]: those
    // that follow hyp unit h.
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); hyp.len() + 1];
    let mut slot = 0;
    for (r, h) in r2h.iter().enumerate() {
        match h {
            Some(h) => slot = h + 1,
            None => after[slot].push(r),
        }
    }
    let mut out = Vec::with_capacity(hyp.len() + ref_.len());
    out.extend(after[0].iter().map(|&r| (None, Some(r))));
    for (h, r) in h2r.iter().enumerate() {
        out.push((Some(h), *r));
        out.extend(after[h + 1].iter().map(|&r| (None, Some(r))));
    }
    out
}

/// The source text as a pairing key: tags removed (two tools write the
/// same bold span as `<g id="1">` and `<bpt i="1"/>`), whitespace folded;
/// `None` when nothing is left.
pub(crate) fn source_key(source: &str) -> Option<String> {
    let mut text = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(open) = rest.find('<') {
        match rest[open..].find('>') {
            // Placeholders are `<name …>`, `</name>` or `<name/>`.
            Some(close)
                if rest[open + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
                    && !rest[open + 1..open + close].contains('<') =>
            {
                // Nothing in its place: `<g>Save</g>.` is `Save.`, as a
                // tool without the code writes it.
                text.push_str(&rest[..open]);
                rest = &rest[open + close + 1..];
            }
            _ => {
                text.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    text.push_str(rest);
    let key = fold(&text);
    (!key.is_empty()).then_some(key)
}

/// Pairs still-unpaired units whose keys are equal; returns how many.
fn pass<K: Hash + Eq>(
    hyp: &[Unit],
    ref_: &[Unit],
    h2r: &mut [Option<usize>],
    r_taken: &mut [bool],
    key: impl Fn(&Unit) -> Option<K>,
) -> usize {
    let mut queues: HashMap<K, VecDeque<usize>> = HashMap::new();
    for (r, u) in ref_.iter().enumerate() {
        if !r_taken[r]
            && let Some(k) = key(u)
        {
            queues.entry(k).or_default().push_back(r);
        }
    }
    let mut n = 0;
    for (h, u) in hyp.iter().enumerate() {
        if h2r[h].is_some() {
            continue;
        }
        if let Some(r) = key(u).and_then(|k| queues.get_mut(&k)?.pop_front()) {
            h2r[h] = Some(r);
            r_taken[r] = true;
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::cat::UnitKey;
    use proptest::prelude::*;

    fn unit(file: &str, id: Option<&str>, seg: Option<&str>, source: &str) -> Unit {
        Unit {
            key: UnitKey {
                file: file.into(),
                unit: id.map(Into::into),
                segment: seg.map(Into::into),
            },
            source: source.into(),
            ..Unit::default()
        }
    }

    #[test]
    fn ids_pair_and_gaps_sit_where_the_ref_has_them() {
        let hyp = [
            unit("f", Some("1"), None, "a"),
            unit("f", Some("2"), None, "b"),
            unit("f", Some("4"), None, "d"),
        ];
        let ref_ = [
            unit("f", Some("0"), None, "z"),
            unit("f", Some("1"), None, "a"),
            unit("f", Some("3"), None, "c"),
            unit("f", Some("4"), None, "d"),
        ];
        assert_eq!(
            pair_units(&hyp, &ref_),
            [
                (None, Some(0)),
                (Some(0), Some(1)),
                (None, Some(2)),
                (Some(1), None),
                (Some(2), Some(3)),
            ]
        );
    }

    #[test]
    fn an_id_naming_another_sentence_does_not_pair() {
        // Sequential ids after a sentence was removed from the source: the
        // ids shift, the source texts say which units are the same.
        let hyp = [
            unit("f", Some("1"), None, "Switch it off."),
            unit("f", Some("2"), None, "Pull the plug."),
            unit(
                "f",
                Some("3"),
                None,
                "Do not open <g id=\"1\">the</g> housing.",
            ),
        ];
        let ref_ = [
            unit(
                "f",
                Some("1"),
                None,
                "Switch <x id=\"1\"/>it <g id=\"2\">off</g>.",
            ),
            unit("f", Some("2"), None, "Do not open the  housing."),
            unit("f", Some("3"), None, "Read the manual."),
        ];
        assert_eq!(
            pair_units(&hyp, &ref_),
            [
                (Some(0), Some(0)),
                (Some(1), None),
                (Some(2), Some(1)),
                (None, Some(2)),
            ]
        );
    }

    #[test]
    fn renamed_file_pairs_by_id_and_foreign_ids_by_source() {
        let hyp = [
            unit("mt.docx", Some("1"), None, "x"),
            unit("mt.docx", Some("2"), None, "y"),
        ];
        let ref_ = [
            unit("final.docx", Some("2"), None, "y"),
            unit("final.docx", Some("1"), None, "x"),
        ];
        assert_eq!(
            pair_units(&hyp, &ref_),
            [(Some(0), Some(1)), (Some(1), Some(0))]
        );
        // No shared ids: the source text decides, whitespace folded.
        let hyp = [
            unit("", Some("a"), None, "Hello  world"),
            unit("", None, None, "Bye"),
        ];
        let ref_ = [
            unit("", None, None, "Bye"),
            unit("", Some("b"), None, "Hello world "),
        ];
        assert_eq!(
            pair_units(&hyp, &ref_),
            [(Some(0), Some(1)), (Some(1), Some(0))]
        );
        // Some ids match: the file is not ignored, the rest pair by source.
        let hyp = [
            unit("f", Some("1"), None, "a"),
            unit("f", Some("9"), None, "b"),
        ];
        let ref_ = [
            unit("g", Some("9"), None, "c"),
            unit("f", Some("1"), None, "a"),
        ];
        assert_eq!(
            pair_units(&hyp, &ref_),
            [(None, Some(0)), (Some(0), Some(1)), (Some(1), None)]
        );
    }

    #[test]
    fn duplicates_pair_in_order_and_empty_sources_never() {
        let hyp = [
            unit("", None, None, "Yes"),
            unit("", None, None, ""),
            unit("", None, None, "Yes"),
        ];
        let ref_ = [
            unit("", None, None, "Yes"),
            unit("", None, None, "Yes"),
            unit("", None, None, ""),
        ];
        assert_eq!(
            pair_units(&hyp, &ref_),
            [
                (Some(0), Some(0)),
                (Some(1), None),
                (Some(2), Some(1)),
                (None, Some(2))
            ]
        );
        assert_eq!(pair_units(&[], &[]), []);
    }

    #[test]
    fn source_keys_ignore_tags_and_spacing() {
        let k = |s: &str| source_key(s);
        assert_eq!(
            k("Press <g id=\"1\">OK</g> now.<x id=\"2\"/>"),
            Some("Press OK now.".into())
        );
        assert_eq!(
            k("Press <bpt i=\"1\"/>OK<ept i=\"1\"/> now.<ph x=\"2\"/>"),
            Some("Press OK now.".into())
        );
        assert_eq!(k("a < b and c > d"), Some("a < b and c > d".into()));
        assert_eq!(k("x <<y>> z <"), Some("x <> z <".into()));
        // A code beside a mark or inside a word leaves no space.
        assert_eq!(k("Click <g id=\"1\">Save</g>."), k("Click Save."));
        assert_eq!(k("Un<g id=\"1\">plug</g> it"), Some("Unplug it".into()));
        assert_eq!(k("<x id=\"1\"/>  "), None);
        assert_eq!(k(""), None);
    }

    fn arb_unit() -> impl Strategy<Value = Unit> {
        (
            prop::sample::select(vec!["", "f", "g"]),
            prop::option::of(prop::sample::select(vec!["1", "2", "3", "4"])),
            prop::option::of(prop::sample::select(vec!["1", "2"])),
            prop::sample::select(vec!["", "a", "b", "c", "a ", "d", "<x/>", "a<g>", "<"]),
        )
            .prop_map(|(f, id, seg, src)| unit(f, id, seg, src))
    }

    proptest! {
        #[test]
        fn every_unit_once_hyp_in_order_gaps_after_their_predecessor(
            hyp in prop::collection::vec(arb_unit(), 0..12),
            ref_ in prop::collection::vec(arb_unit(), 0..12),
        ) {
            let out = pair_units(&hyp, &ref_);
            let hs: Vec<usize> = out.iter().filter_map(|p| p.0).collect();
            prop_assert_eq!(hs, (0..hyp.len()).collect::<Vec<_>>());
            let mut rs: Vec<usize> = out.iter().filter_map(|p| p.1).collect();
            rs.sort_unstable();
            prop_assert_eq!(rs, (0..ref_.len()).collect::<Vec<_>>());
            prop_assert!(out.iter().all(|p| p.0.is_some() || p.1.is_some()));
            for &(h, r) in &out {
                if let (Some(h), Some(r)) = (h, r) {
                    let (a, b) = (&hyp[h].key, &ref_[r].key);
                    let by_id = a.unit.is_some() && a.unit == b.unit && a.segment == b.segment;
                    let by_source = source_key(&hyp[h].source).is_some()
                        && source_key(&hyp[h].source) == source_key(&ref_[r].source);
                    prop_assert!(by_id || by_source, "{:?} / {:?}", hyp[h], ref_[r]);
                }
            }
            // A ref-only unit follows the hyp partner of the nearest paired
            // ref unit before it, with only ref-only units in between.
            let pos_of_ref = |r: usize| out.iter().position(|p| p.1 == Some(r)).unwrap();
            for (i, &(h, r)) in out.iter().enumerate() {
                let (None, Some(r)) = (h, r) else { continue };
                let prev = (0..r).rev().find(|&p| out[pos_of_ref(p)].0.is_some());
                let lo = prev.map_or(0, |p| pos_of_ref(p) + 1);
                prop_assert!(i >= lo);
                prop_assert!(out[lo..i].iter().all(|p| p.0.is_none()));
            }
            // A file paired with itself pairs every unit with itself.
            // (Units with neither an id nor a source cannot pair at all.)
            let same = pair_units(&hyp, &hyp);
            for (h, r) in same {
                match (h, r) {
                    (Some(h), Some(r)) => prop_assert_eq!(h, r),
                    (Some(i), None) | (None, Some(i)) => prop_assert!(
                        hyp[i].key.unit.is_none() && source_key(&hyp[i].source).is_none()
                    ),
                    (None, None) => prop_assert!(false),
                }
            }
        }
    }
}
