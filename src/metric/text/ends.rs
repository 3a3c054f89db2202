//! Common starts and ends of two sequences: most pairs share much of their
//! text, and every distance only needs the differing middle.

/// Lengths of the common prefix of `a` and `b`, and of the common suffix
/// of what remains after it (the two never overlap).
pub(crate) fn common_ends<T: PartialEq>(a: &[T], b: &[T]) -> (usize, usize) {
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    (pre, common_suffix_len(&a[pre..], &b[pre..]))
}

/// Length of the common suffix of `a` and `b`.
pub(crate) fn common_suffix_len<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// [`common_ends`] of two byte strings, eight bytes at a time.
pub(crate) fn common_byte_ends(a: &[u8], b: &[u8]) -> (usize, usize) {
    let pre = common_prefix(a, b);
    (pre, common_suffix(&a[pre..], &b[pre..]))
}

/// Length of the common prefix of two byte strings, eight bytes at a time.
pub(crate) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let x = u64::from_le_bytes(a[i..i + 8].try_into().unwrap_or([0; 8]))
            ^ u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
        if x != 0 {
            return i + x.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    i + common_ends(&a[i..n], &b[i..n]).0
}

/// Length of the common suffix of two byte strings, eight bytes at a time.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (ea, eb) = (a.len(), b.len());
    let mut i = 0;
    while i + 8 <= n {
        let x = u64::from_le_bytes(a[ea - i - 8..ea - i].try_into().unwrap_or([0; 8]))
            ^ u64::from_le_bytes(b[eb - i - 8..eb - i].try_into().unwrap_or([0; 8]));
        if x != 0 {
            return i + x.leading_zeros() as usize / 8;
        }
        i += 8;
    }
    i + common_suffix_len(&a[..ea - i], &b[..eb - i])
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn common_prefix_and_suffix_lengths() {
        let s = b"the quick brown fox jumps";
        for (a, b) in [
            (&s[..], &s[..]),
            (&s[..10], &s[..]),
            (&b"xthe"[..], &b"the"[..]),
        ] {
            // The element-at-a-time versions are the oracle.
            assert_eq!(common_prefix(a, b), common_ends(a, b).0);
            assert_eq!(common_suffix(a, b), common_suffix_len(a, b));
            assert_eq!(common_byte_ends(a, b), common_ends(a, b));
        }
        assert_eq!(common_prefix(b"abcdefghijk", b"abcdefghiXk"), 9);
        assert_eq!(common_suffix(b"kXihgfedcba", b"kjihgfedcba"), 9);
    }
}
