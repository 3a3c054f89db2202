//! Words and characters interned into dense integer ids, so n-grams and
//! edit distances work on integers and tables are indexed, not hashed.

use super::hash::hash_bytes;

thread_local! {
    /// Slot tables handed to [`Interner`]s and taken back on drop, so
    /// interning allocates nothing per pair, each with the stamp its next
    /// user starts above.
    static SLOT_POOL: std::cell::RefCell<Vec<(Vec<Slot>, u32)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Maps strings to dense ids starting at `first` (open addressing with
/// linear probing).
pub struct Interner<'a> {
    words: Vec<&'a str>,
    slots: Vec<Slot>,
    shift: u32,
    first: u32,
    /// Slots whose stamp is at most this are empty: they belong to an
    /// earlier user of the pooled table, which then needs no clearing.
    base: u32,
}

/// One hash slot: the word's head (see `hash_bytes`), and its length and
/// stamp, `base` + index + 1 into `words` (see [`Interner::base`]). Equal
/// heads and lengths decide equality for words of up to eight bytes from
/// the slot alone.
#[derive(Clone, Copy, Default)]
struct Slot {
    head: u64,
    len: u32,
    index: u32,
}

impl<'a> Interner<'a> {
    pub fn new(first: u32, capacity: usize) -> Self {
        let size = (capacity.max(8) * 2).next_power_of_two();
        let (mut slots, mut base) = SLOT_POOL.with(|p| {
            let mut p = p.borrow_mut();
            match p.iter().position(|(t, _)| t.len() == size) {
                Some(k) => p.swap_remove(k),
                None => p.pop().unwrap_or_default(),
            }
        });
        // Clearing is needed only for a table of another size, or once the
        // stamps have used half their range (a pooled table's user adds at
        // most 2^15 of them, so they never wrap).
        if slots.len() != size || base > u32::MAX / 2 {
            slots.clear();
            slots.resize(size, Slot::default());
            base = 0;
        }
        Interner {
            words: Vec::with_capacity(capacity),
            slots,
            shift: 64 - size.trailing_zeros(),
            first,
            base,
        }
    }

    #[inline]
    pub fn id(&mut self, w: &'a str) -> u32 {
        let (hash, head) = hash_bytes(w.as_bytes());
        self.id_hashed(w, hash, head)
    }

    /// [`Interner::id`] with `(hash, head)` of `w` from [`hash_in`].
    #[inline]
    pub(crate) fn id_hashed(&mut self, w: &'a str, hash: u64, head: u64) -> u32 {
        if (self.words.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = (hash >> self.shift) as usize;
        // Lengths over 4 GiB wrap here, but such words are longer than
        // eight bytes and their tails are compared in full.
        let len = w.len() as u32;
        loop {
            let s = self.slots[i];
            if s.index <= self.base {
                self.words.push(w);
                let k = self.words.len() as u32;
                let index = self.base + k;
                self.slots[i] = Slot { head, len, index };
                return self.first + k - 1;
            }
            let k = s.index - self.base;
            if s.head == head
                && s.len == len
                && (w.len() <= 8 || self.words[k as usize - 1].as_bytes()[8..] == w.as_bytes()[8..])
            {
                return self.first + k - 1;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        self.slots.clear();
        self.slots.resize(size, Slot::default());
        // The table is clean now, so stamps restart (and cannot overflow).
        self.base = 0;
        self.shift = 64 - size.trailing_zeros();
        let mask = size - 1;
        for (k, w) in self.words.iter().enumerate() {
            let (hash, head) = hash_bytes(w.as_bytes());
            let mut i = (hash >> self.shift) as usize;
            while self.slots[i].index > self.base {
                i = (i + 1) & mask;
            }
            let (len, index) = (w.len() as u32, self.base + k as u32 + 1);
            self.slots[i] = Slot { head, len, index };
        }
    }

    /// One past the largest id handed out.
    pub fn end(&self) -> u32 {
        self.first + self.words.len() as u32
    }
}

impl Drop for Interner<'_> {
    fn drop(&mut self) {
        let slots = std::mem::take(&mut self.slots);
        let next = self.base + self.words.len() as u32;
        SLOT_POOL.with(|p| {
            let mut p = p.borrow_mut();
            // A giant pair's table is not kept: the pool would hold it for
            // the thread's life.
            if p.len() < 8 && slots.len() <= 1 << 16 {
                p.push((slots, next));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metric::text::test_rng;
    #[test]
    fn interner_assigns_dense_ids() {
        let text: Vec<String> = (0..1000).map(|i| format!("w{}", i % 300)).collect();
        let mut a = Interner::new(5, 4);
        let ids: Vec<u32> = text.iter().map(|w| a.id(w)).collect();
        assert_eq!(a.end(), 305);
        for (w, id) in text.iter().zip(&ids) {
            let n: u32 = w[1..].parse().unwrap();
            assert_eq!(*id, 5 + n, "{w}");
        }
        // A second interner alive at the same time gets its own table.
        let mut b = Interner::new(0, 4);
        assert_eq!(b.id("x"), 0);
        assert_eq!(b.id("y"), 1);
        assert_eq!(b.id("x"), 0);
        assert_eq!(a.id("w7"), 12);
    }
    #[test]
    fn pooled_tables_forget_their_earlier_users() {
        // Each interner of the same size reuses the table the last one left
        // uncleared: its words must be unknown there, and its ids dense.
        let mut next = test_rng(0x5107_57a3);
        let mut stamps = Vec::new();
        for round in 0..200 {
            let words: Vec<String> = (0..next(60)).map(|_| format!("w{}", next(50))).collect();
            let mut a = Interner::new(1, 40);
            let mut seen: Vec<&str> = Vec::new();
            for w in &words {
                let want = match seen.iter().position(|s| s == w) {
                    Some(k) => k as u32 + 1,
                    None => {
                        seen.push(w);
                        seen.len() as u32
                    }
                };
                assert_eq!(a.id(w), want, "round {round}: {w}");
            }
            assert_eq!(a.end(), seen.len() as u32 + 1);
            stamps.push(a.base);
        }
        assert!(
            stamps.windows(2).any(|s| s[1] > s[0]),
            "the table was never reused"
        );
        // Stamps past half their range: the next user clears and restarts.
        SLOT_POOL.with(|p| {
            for (_, base) in p.borrow_mut().iter_mut() {
                *base = u32::MAX / 2 + 1;
            }
        });
        let mut b = Interner::new(1, 40);
        assert_eq!(b.base, 0);
        assert_eq!((b.id("x"), b.id("y"), b.id("x")), (1, 2, 1));
    }
    #[test]
    fn interner_tells_words_with_equal_heads_apart() {
        let words = [
            "abcdefgh1",
            "abcdefgh2",
            "abcdefgh",
            "abcdefg",
            "abcdefgh12",
            "a",
        ];
        let mut a = Interner::new(0, 2);
        let ids: Vec<u32> = words.iter().map(|w| a.id(w)).collect();
        assert_eq!(ids, [0, 1, 2, 3, 4, 5]);
        let again: Vec<u32> = words.iter().rev().map(|w| a.id(w)).collect();
        assert_eq!(again, [5, 4, 3, 2, 1, 0]);
    }
}
