//! Text helpers shared by the metrics, one file per concern: Python's
//! whitespace, splitting and lowercasing rules (`py`), the hasher (`hash`),
//! common starts and ends of two sequences (`ends`) and the interning of
//! words into dense ids (`interner`).

mod ends;
mod hash;
mod interner;
mod py;

pub(crate) use ends::{common_byte_ends, common_ends, common_prefix};
pub(crate) use hash::Fnv;
pub(crate) use hash::hash_in;
pub use hash::{FxHasher, FxMap, FxSet, Prehashed, PrehashedMap};
pub use interner::Interner;
pub(crate) use py::count_py_space_ascii;
pub use py::{
    for_each_py_word, is_py_space, is_py_space_ascii, jiwer_words, py_lower_into, py_rstrip,
    py_split,
};

/// Deterministic xorshift numbers for the generated-input unit tests.
#[cfg(test)]
pub(crate) fn test_rng(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |k: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % k as u64) as usize
    }
}
