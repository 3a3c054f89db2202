//! FxHash, the hasher interning and n-gram maps use: words are short and
//! hashed by the million, so a fast non-cryptographic hash is the point.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash (rustc's hasher): fast, non-cryptographic, fine for interning.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

pub(super) const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// One FxHash step: mixes the word `w` into `h`.
#[inline]
fn fx_add(h: u64, w: u64) -> u64 {
    (h.rotate_left(5) ^ w).wrapping_mul(FX_SEED)
}

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.hash = fx_add(self.hash, w);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub type FxSet<T> = std::collections::HashSet<T, BuildHasherDefault<FxHasher>>;

/// For keys that are already well-mixed 64-bit hashes (alignment
/// signatures, the QA consistency keys): hashing them again is wasted work.
#[derive(Default, Clone, Copy)]
pub struct Prehashed(u64);

impl Hasher for Prehashed {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    /// Not the intended use; still a usable hash of any key.
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by a hash (see [`Prehashed`]).
pub type PrehashedMap<V> = HashMap<u64, V, BuildHasherDefault<Prehashed>>;

/// FxHash of a word and its head (first eight bytes, zero-padded); the
/// tail is gathered byte by byte rather than copied, which avoids a
/// `memcpy` call per word.
#[inline]
pub(super) fn hash_bytes(b: &[u8]) -> (u64, u64) {
    let mut h = (b.len() as u64).wrapping_mul(FX_SEED);
    let mut head = None;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        head.get_or_insert(v);
        h = fx_add(h, v);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut v = 0u64;
        for (i, &x) in rest.iter().enumerate() {
            v |= (x as u64) << (8 * i);
        }
        head.get_or_insert(v);
        h = fx_add(h, v);
    }
    (h, head.unwrap_or(0))
}

/// `hash_bytes(&text[start..end])`, with the head of a word of up to eight
/// bytes read in one load when the text has eight bytes from `start`.
#[inline]
pub(crate) fn hash_in(text: &[u8], start: usize, end: usize) -> (u64, u64) {
    let len = end - start;
    if (1..=8).contains(&len) && start + 8 <= text.len() {
        let v = u64::from_le_bytes(text[start..start + 8].try_into().unwrap_or([0; 8]));
        let head = if len == 8 {
            v
        } else {
            v & ((1u64 << (8 * len)) - 1)
        };
        let h = (len as u64).wrapping_mul(FX_SEED);
        return (fx_add(h, head), head);
    }
    hash_bytes(&text[start..end])
}

/// 64-bit FNV-1a: for short keys that must hash the same in every run
/// and on every machine (QA marks, the shard a pair falls in).
#[derive(Clone, Copy)]
pub(crate) struct Fnv(pub u64);

impl Fnv {
    pub(crate) const NEW: Fnv = Fnv(0xcbf2_9ce4_8422_2325);
    #[inline]
    pub(crate) fn push(&mut self, b: u8) {
        self.0 = (self.0 ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    pub(crate) fn bytes(mut self, bs: &[u8]) -> Fnv {
        for &b in bs {
            self.push(b);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn hash_in_text_equals_hash_of_the_word() {
        let text = b"a bb ccc dddd eeeee ffffff ggggggg hhhhhhhh iiiiiiiii j";
        for start in 0..text.len() {
            for end in start..=text.len() {
                assert_eq!(hash_in(text, start, end), hash_bytes(&text[start..end]));
            }
        }
    }
}
