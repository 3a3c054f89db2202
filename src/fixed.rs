//! Fixed-point decimal formatting of floats, equal to `format!("{v:.d$}")`.
//!
//! Every report row carries up to eight scores with four decimals, and the
//! standard formatter's exact path (big-number arithmetic) was about a tenth
//! of a whole `compare --aligned` run. A score is a 53-bit integer times a
//! power of two, so `v * 10^d` rounded half to even (the standard library's
//! rule for exact ties) is one 128-bit multiplication and shift; values out of
//! that range fall back to the standard formatter.

/// The largest number of decimals the fast path takes (10^9 < 2^30, so the
/// product with a 53-bit mantissa stays below 2^83).
const MAX_FAST_DECIMALS: usize = 9;

/// Appends `v` with `decimals` digits after the point, exactly as
/// `format!("{v:.decimals$}")` writes it (finite values; callers write NaN
/// and infinities their own way, but those fall back correctly too).
pub fn push_fixed(out: &mut String, v: f64, decimals: usize) {
    match fast(v, decimals) {
        Some((neg, q)) => write_scaled(out, neg, q, decimals),
        None => {
            use std::fmt::Write;
            let _ = write!(out, "{v:.decimals$}");
        }
    }
}

/// `format!("{v:.decimals$}")` as a new string.
pub fn fixed(v: f64, decimals: usize) -> String {
    let mut s = String::new();
    push_fixed(&mut s, v, decimals);
    s
}

/// `(negative, round_half_even(|v| * 10^d))` when the exact product fits.
fn fast(v: f64, d: usize) -> Option<(bool, u128)> {
    if !v.is_finite() || d > MAX_FAST_DECIMALS {
        return None;
    }
    let bits = v.to_bits();
    let neg = bits >> 63 == 1;
    let exp_bits = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    // value = m * 2^e exactly.
    let (m, e) = if exp_bits == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp_bits - 1075)
    };
    let n = m as u128 * 10u128.pow(d as u32);
    if e >= 0 {
        // An integer: exact if the shift keeps every bit.
        return (e < 128 && n.leading_zeros() as i32 > e).then(|| (neg, n << e));
    }
    let s = (-e) as u32;
    if s >= 128 {
        // n < 2^83 is far below half of 2^s: rounds to zero.
        return Some((neg, 0));
    }
    let q = n >> s;
    let rem = n & ((1u128 << s) - 1);
    let half = 1u128 << (s - 1);
    let up = rem > half || (rem == half && q & 1 == 1);
    Some((neg, q + up as u128))
}

/// Writes `q / 10^d` with exactly `d` decimals.
fn write_scaled(out: &mut String, neg: bool, q: u128, d: usize) {
    // 39 digits hold any u128, plus the point.
    let mut buf = [0u8; 41];
    let mut i = buf.len();
    let mut rest = q;
    let mut emitted = 0;
    // Digits from the right: the d decimals, the point, then at least one
    // integer digit.
    loop {
        if emitted == d && d > 0 {
            i -= 1;
            buf[i] = b'.';
        }
        i -= 1;
        buf[i] = b'0' + (rest % 10) as u8;
        rest /= 10;
        emitted += 1;
        if rest == 0 && emitted > d {
            break;
        }
    }
    if neg {
        out.push('-');
    }
    // Only ASCII digits and '.' were written.
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(v: f64) {
        for d in 0..=10 {
            assert_eq!(
                fixed(v, d),
                format!("{v:.d$}"),
                "{v:e} ({:#x}) d={d}",
                v.to_bits()
            );
        }
    }

    #[test]
    fn equals_the_standard_formatter_on_every_value_class() {
        let specials = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            1.5,
            2.5,
            0.25,
            0.35,
            0.03125,
            0.09375,
            0.00005,
            -0.00005,
            -0.00001,
            0.99995,
            0.999_949_999_999_999_9,
            9.99995,
            99.99995,
            100.0,
            123.45675,
            1e-300,
            f64::MIN_POSITIVE,
            5e-324,
            1e15,
            1e17,
            1e20,
            2f64.powi(70),
            2f64.powi(80) + 2f64.powi(28),
            1e300,
            f64::MAX,
            f64::MIN,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for v in specials {
            check(v);
        }
        // Exact ties at every decimal count: odd multiples of 2^-k.
        for k in 1..=40 {
            for j in (1..200u64).step_by(2) {
                check(j as f64 / 2f64.powi(k));
                check(-(j as f64) / 2f64.powi(k));
            }
        }
        // Scores as the metrics make them: ratios of small counts, times 100.
        for a in 0..300u32 {
            for b in 1..60u32 {
                check(a as f64 / b as f64);
                check(100.0 * a as f64 / b as f64);
            }
        }
        // Arbitrary bit patterns.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            let d = (x % 11) as usize;
            assert_eq!(fixed(v, d), format!("{v:.d$}"), "{:#x} d={d}", x);
            // And values in the scores' range with full mantissas.
            let w = (x >> 11) as f64 / (1u64 << 53) as f64 * 200.0;
            assert_eq!(fixed(w, 4), format!("{w:.4}"), "{w:e}");
        }
    }
}
