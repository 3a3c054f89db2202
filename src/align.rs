//! Sentence alignment.
//!
//! PLACEHOLDER: zips sentences 1-1 and leaves the rest as gaps so the
//! pipeline runs end to end; the alignment issue replaces the body, keeping
//! this public API.

use std::fmt;
use std::ops::Range;

/// How many sentences of each side a link holds (`1-2`, `1-0`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkKind {
    pub hyp: u8,
    pub ref_: u8,
}

impl LinkKind {
    pub fn is_gap(self) -> bool {
        self.hyp == 0 || self.ref_ == 0
    }
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.hyp, self.ref_)
    }
}

/// One alignment link: consecutive sentence indices on each side (either may be empty).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub hyp: Range<usize>,
    pub ref_: Range<usize>,
    /// Confidence in 0..1.
    pub score: f64,
}

impl Link {
    pub fn kind(&self) -> LinkKind {
        LinkKind {
            hyp: self.hyp.len().min(u8::MAX as usize) as u8,
            ref_: self.ref_.len().min(u8::MAX as usize) as u8,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct AlignConfig {
    /// Sentences matching this start a hard section: no link crosses it.
    pub boundary: Option<regex::Regex>,
    /// Initial half-width of the search band around the anchor path (0 = automatic).
    pub band: usize,
}

/// Aligns two sentence lists monotonically. Every index of both sides
/// appears in exactly one link, in document order.
pub fn align(hyp: &[&str], ref_: &[&str], _cfg: &AlignConfig) -> Vec<Link> {
    let n = hyp.len().min(ref_.len());
    let mut out: Vec<Link> = (0..n)
        .map(|i| Link {
            hyp: i..i + 1,
            ref_: i..i + 1,
            score: 0.5,
        })
        .collect();
    out.extend((n..hyp.len()).map(|i| Link {
        hyp: i..i + 1,
        ref_: ref_.len()..ref_.len(),
        score: 0.5,
    }));
    out.extend((n..ref_.len()).map(|j| Link {
        hyp: hyp.len()..hyp.len(),
        ref_: j..j + 1,
        score: 0.5,
    }));
    out
}
