//! `untranslated`: letters of a script that does not belong, i.e. source
//! text the MT left in.
//!
//! Decisions:
//! - Pair check: a run of non-Latin letters on one side fires unless the
//!   same run occurs on the other side (a name quoted in Chinese on both
//!   sides is fine) or its script is the other side's main script (two
//!   Russian renderings are not "untranslated" everywhere).
//! - A lone Greek letter is a symbol in English text (π, μm, Δt, α-helix),
//!   so Greek fires from two letters up. Letterlike symbols, Roman numerals
//!   and enclosed letters count as Latin; ©, ®, ™ and maths signs are not
//!   letters at all.
//! - 丨 (U+4E28, the "line" radical) is no letter here: Chinese web titles
//!   use it as the bar English ones write `|` (`新闻丨标题`), so one left in
//!   an English side is the source's punctuation, which `punct` reports
//!   with the other full-width marks.
//! - With a non-Latin expected script, Latin letters are accepted too:
//!   brand names, units and acronyms are written in Latin letters in every
//!   script.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use super::{Code, ParseError, QaFinding, Side, Spans, excerpt};

/// The script a text is expected to be written in (`mtaudit qa`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Script {
    #[default]
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Georgian,
    Hebrew,
    Arabic,
    Devanagari,
    Bengali,
    Thai,
    /// Chinese: Han ideographs only.
    Han,
    /// Han ideographs and kana.
    Japanese,
    /// Hangul and Han ideographs.
    Korean,
}

impl Script {
    pub const ALL: [Script; 13] = [
        Script::Latin,
        Script::Greek,
        Script::Cyrillic,
        Script::Armenian,
        Script::Georgian,
        Script::Hebrew,
        Script::Arabic,
        Script::Devanagari,
        Script::Bengali,
        Script::Thai,
        Script::Han,
        Script::Japanese,
        Script::Korean,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Script::Latin => "latin",
            Script::Greek => "greek",
            Script::Cyrillic => "cyrillic",
            Script::Armenian => "armenian",
            Script::Georgian => "georgian",
            Script::Hebrew => "hebrew",
            Script::Arabic => "arabic",
            Script::Devanagari => "devanagari",
            Script::Bengali => "bengali",
            Script::Thai => "thai",
            Script::Han => "han",
            Script::Japanese => "japanese",
            Script::Korean => "korean",
        }
    }

    /// Whether a letter of `sc` belongs in a text of this script.
    fn accepts(self, sc: Sc) -> bool {
        if sc == Sc::Latin {
            return true;
        }
        match self {
            Script::Japanese => matches!(sc, Sc::Han | Sc::Kana),
            Script::Korean => matches!(sc, Sc::Han | Sc::Hangul),
            s => s.letters() == sc,
        }
    }

    fn letters(self) -> Sc {
        match self {
            Script::Latin => Sc::Latin,
            Script::Greek => Sc::Greek,
            Script::Cyrillic => Sc::Cyrillic,
            Script::Armenian => Sc::Armenian,
            Script::Georgian => Sc::Georgian,
            Script::Hebrew => Sc::Hebrew,
            Script::Arabic => Sc::Arabic,
            Script::Devanagari => Sc::Devanagari,
            Script::Bengali => Sc::Bengali,
            Script::Thai => Sc::Thai,
            Script::Han | Script::Japanese => Sc::Han,
            Script::Korean => Sc::Hangul,
        }
    }
}

impl fmt::Display for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Accepts the names above, ISO 15924 codes (`Latn`, `Cyrl`, `Hans`, …),
/// `cjk`/`chinese`, and the ISO 639-1 codes of a few common languages
/// (`en`, `ru`, `zh`, …), all case-insensitive.
impl FromStr for Script {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let t = s.trim().to_ascii_lowercase();
        let found = match t.as_str() {
            "latin" | "latn" | "en" | "fr" | "de" | "es" | "it" | "pt" | "nl" | "pl" | "tr"
            | "vi" => Script::Latin,
            "greek" | "grek" | "el" => Script::Greek,
            "cyrillic" | "cyrl" | "ru" | "uk" | "bg" | "sr" => Script::Cyrillic,
            "armenian" | "armn" | "hy" => Script::Armenian,
            "georgian" | "geor" | "ka" => Script::Georgian,
            "hebrew" | "hebr" | "he" => Script::Hebrew,
            "arabic" | "arab" | "ar" | "fa" | "ur" => Script::Arabic,
            "devanagari" | "deva" | "hi" | "mr" | "ne" => Script::Devanagari,
            "bengali" | "beng" | "bn" => Script::Bengali,
            "thai" | "th" => Script::Thai,
            "han" | "hani" | "hans" | "hant" | "cjk" | "chinese" | "zh" => Script::Han,
            "japanese" | "jpan" | "kana" | "ja" => Script::Japanese,
            "korean" | "kore" | "hangul" | "hang" | "ko" => Script::Korean,
            _ => {
                let valid: Vec<&str> = Script::ALL.iter().map(|s| s.as_str()).collect();
                return Err(ParseError::new("script", s.trim(), &valid.join(", ")));
            }
        };
        Ok(found)
    }
}

/// The script of a letter, finer than [`Script`] where a text mixes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sc {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Georgian,
    Hebrew,
    Arabic,
    Devanagari,
    Bengali,
    Thai,
    Han,
    Kana,
    Hangul,
    Other,
}

const SC_COUNT: usize = Sc::Other as usize + 1;

/// The script of `c`, `None` when `c` is not a letter. Everything below
/// U+0370 that is a letter is Latin (including µ and the IPA block); 丨 is
/// a separator mark (see the module's decisions).
pub(crate) fn letter_script(c: char) -> Option<Sc> {
    let u = c as u32;
    if u < 0x370 {
        return c.is_alphabetic().then_some(Sc::Latin);
    }
    if !c.is_alphabetic() || c == SEPARATOR_BAR {
        return None;
    }
    Some(match u {
        0x370..=0x3FF | 0x1F00..=0x1FFF => Sc::Greek,
        0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Sc::Cyrillic,
        0x530..=0x58F | 0xFB13..=0xFB17 => Sc::Armenian,
        0x10A0..=0x10FF | 0x1C90..=0x1CBF | 0x2D00..=0x2D2F => Sc::Georgian,
        0x590..=0x5FF | 0xFB1D..=0xFB4F => Sc::Hebrew,
        0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Sc::Arabic
        }
        0x900..=0x97F | 0xA8E0..=0xA8FF => Sc::Devanagari,
        0x980..=0x9FF => Sc::Bengali,
        0xE00..=0xE7F => Sc::Thai,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xFFA0..=0xFFDC => {
            Sc::Hangul
        }
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F | 0x1B000..=0x1B16F => Sc::Kana,
        0x2E80..=0x2FDF
        | 0x3005..=0x3007
        | 0x3021..=0x3029
        | 0x3038..=0x303B
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3FFFF => Sc::Han,
        // Latin Extended Additional, phonetic letters, letterlike symbols,
        // Roman numerals, enclosed letters, Latin Extended-C..E, ligatures,
        // full-width Latin, mathematical alphanumerics.
        0x1D00..=0x1EFF
        | 0x2070..=0x209F
        | 0x2100..=0x218F
        | 0x2460..=0x24FF
        | 0x2C60..=0x2C7F
        | 0xA720..=0xA7FF
        | 0xAB30..=0xAB6F
        | 0xFB00..=0xFB06
        | 0xFF21..=0xFF5A
        | 0x1D400..=0x1D7FF
        | 0x1F100..=0x1F1FF => Sc::Latin,
        _ => Sc::Other,
    })
}

/// 丨, which Chinese titles use as a separator.
pub(crate) const SEPARATOR_BAR: char = '\u{4E28}';

/// Whether `c` is a letter outside Latin: the scan's trigger for this check.
#[inline]
pub(crate) fn is_foreign_letter(c: char) -> bool {
    letter_script(c).is_some_and(|s| s != Sc::Latin)
}

/// Calls `f(script, run)` for each maximal run of letters of one non-Latin
/// script (combining marks continue a run).
fn for_each_run(text: &str, mut f: impl FnMut(Sc, Range<usize>)) {
    let mut cur: Option<(Sc, usize, usize)> = None;
    for (i, c) in text.char_indices() {
        let sc = letter_script(c);
        let end = i + c.len_utf8();
        match (sc, &mut cur) {
            (Some(s), Some((cs, _, e))) if s == *cs => *e = end,
            (None, Some((_, _, e))) if is_mark(c) => *e = end,
            _ => {
                if let Some((cs, a, b)) = cur.take() {
                    f(cs, a..b);
                }
                if let Some(s) = sc.filter(|s| *s != Sc::Latin) {
                    cur = Some((s, i, end));
                }
            }
        }
    }
    if let Some((cs, a, b)) = cur {
        f(cs, a..b);
    }
}

/// Combining marks of the blocks where vowel signs and points follow a
/// letter (Devanagari matras, Hebrew points, Arabic harakat, Thai vowels).
fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x300..=0x36F | 0x591..=0x5C7 | 0x610..=0x61A | 0x64B..=0x65F | 0x670
        | 0x6D6..=0x6ED | 0x900..=0x903 | 0x93A..=0x94F | 0x951..=0x957 | 0x962..=0x963
        | 0x981..=0x983 | 0x9BC..=0x9D7 | 0xE31 | 0xE34..=0xE3A | 0xE47..=0xE4E
        | 0x3099..=0x309A)
}

/// Whether a run is worth reporting: a lone Greek letter is a symbol.
fn counts(text: &str, sc: Sc, r: &Range<usize>) -> bool {
    sc != Sc::Greek || text[r.clone()].chars().nth(1).is_some()
}

/// The script most letters of `text` are in (Latin for a text without
/// letters).
fn main_script(text: &str) -> Sc {
    let mut n = [0usize; SC_COUNT];
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            n[Sc::Latin as usize] += 1;
        } else if !c.is_ascii()
            && let Some(s) = letter_script(c)
        {
            n[s as usize] += 1;
        }
    }
    let best = (0..SC_COUNT).max_by_key(|&i| (n[i], i == 0)).unwrap_or(0);
    ALL_SC[best]
}

const ALL_SC: [Sc; SC_COUNT] = [
    Sc::Latin,
    Sc::Greek,
    Sc::Cyrillic,
    Sc::Armenian,
    Sc::Georgian,
    Sc::Hebrew,
    Sc::Arabic,
    Sc::Devanagari,
    Sc::Bengali,
    Sc::Thai,
    Sc::Han,
    Sc::Kana,
    Sc::Hangul,
    Sc::Other,
];

/// Pair check; `spans` are scratch buffers for both sides.
pub(crate) fn check_pair(
    texts: [&str; 2],
    spans: &mut [Vec<Range<usize>>; 2],
    out: &mut Vec<QaFinding>,
) {
    let mains = [main_script(texts[0]), main_script(texts[1])];
    for s in 0..2 {
        let (own, other) = (texts[s], texts[1 - s]);
        let v = &mut spans[s];
        v.clear();
        for_each_run(own, |sc, r| {
            if sc != mains[1 - s] && counts(own, sc, &r) && !other.contains(&own[r.clone()]) {
                v.push(r);
            }
        });
    }
    if spans[0].is_empty() && spans[1].is_empty() {
        return;
    }
    let mut parts = Vec::new();
    for (s, side) in [(0, Side::Hyp), (1, Side::Ref)] {
        if !spans[s].is_empty() {
            parts.push(format!(
                "{} in {}",
                quoted_list(texts[s], &spans[s]),
                side.name()
            ));
        }
    }
    out.push(QaFinding {
        code: Code::Untranslated,
        detail: parts.join(", "),
        hyp: spans[0].iter().cloned().collect(),
        ref_: spans[1].iter().cloned().collect(),
    });
}

/// Single-text check against the expected script.
pub(crate) fn check_text(
    text: &str,
    expected: Script,
    spans: &mut Vec<Range<usize>>,
    out: &mut Vec<QaFinding>,
) {
    spans.clear();
    for_each_run(text, |sc, r| {
        if !expected.accepts(sc) && counts(text, sc, &r) {
            spans.push(r);
        }
    });
    if spans.is_empty() {
        return;
    }
    out.push(QaFinding {
        code: Code::Untranslated,
        detail: quoted_list(text, spans),
        hyp: spans.iter().cloned().collect(),
        ref_: Spans::new(),
    });
}

/// `"a", "b", "c" …(+2)`: at most three runs of at most 20 characters.
fn quoted_list(text: &str, spans: &[Range<usize>]) -> String {
    let mut v = String::new();
    for (i, r) in spans.iter().take(3).enumerate() {
        if i > 0 {
            v.push_str(", ");
        }
        v.push('"');
        v.push_str(&excerpt(&text[r.clone()], 20));
        v.push('"');
    }
    if spans.len() > 3 {
        v.push_str(&format!(" …(+{})", spans.len() - 3));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qa::{CheckSet, check_pair, check_text as text_check};

    fn pair(h: &str, r: &str) -> Vec<String> {
        let mut out = Vec::new();
        check_pair(h, r, CheckSet::NONE.with(Code::Untranslated), &mut out);
        out.iter().map(|f| f.to_string()).collect()
    }

    fn single(t: &str, s: Script) -> Vec<String> {
        let mut out = Vec::new();
        text_check(t, s, CheckSet::NONE.with(Code::Untranslated), &mut out);
        out.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn chinese_left_in_the_hyp_fires_with_its_span() {
        let h = "The 新华社 reported it.";
        let mut out = Vec::new();
        check_pair(h, "Xinhua reported it.", CheckSet::ALL, &mut out);
        let f = out.iter().find(|f| f.code == Code::Untranslated).unwrap();
        assert_eq!(f.to_string(), "untranslated: \"新华社\" in hyp");
        assert_eq!(&h[f.hyp[0].clone()], "新华社");
        assert!(f.ref_.is_empty());
    }

    #[test]
    fn chinese_quoted_on_both_sides_does_not_fire() {
        assert!(
            pair(
                "The paper (人民日报) said so.",
                "People's Daily (人民日报) said so."
            )
            .is_empty()
        );
    }

    #[test]
    fn a_side_in_the_other_script_fires_but_two_russian_sides_do_not() {
        assert_eq!(
            pair("He said hello.", "Он сказал привет."),
            ["untranslated: \"Он\", \"сказал\", \"привет\" in ref"]
        );
        assert!(pair("Он сказал привет.", "Он сказал: привет!").is_empty());
    }

    #[test]
    fn lone_greek_letters_are_symbols_but_greek_words_are_not() {
        assert!(pair("The value of π is 3.14.", "Pi is 3.14.").is_empty());
        assert!(pair("A 5 μm layer.", "A 5 micron layer.").is_empty());
        assert_eq!(
            pair("He said λόγος.", "He said logos."),
            ["untranslated: \"λόγος\" in hyp"]
        );
    }

    #[test]
    fn the_separator_bar_is_no_chinese_letter() {
        // WMT22's titles: one rendering keeps the source's 丨 (reported by
        // `punct` as a full-width mark), one drops it.
        assert!(pair("Hot topics丨Today's weather", "Hot topics: today's weather").is_empty());
        assert_eq!(
            pair("Hot 丨新闻", "Hot news"),
            ["untranslated: \"新闻\" in hyp"]
        );
        assert!(single("News 丨 today", Script::Latin).is_empty());
        assert_eq!(letter_script('丨'), None);
    }

    #[test]
    fn accented_latin_symbols_and_marks_are_not_foreign() {
        assert!(pair("Café © 2020™ ½ → ∑ №5 Ⅻ ª µ", "Cafe").is_empty());
    }

    #[test]
    fn japanese_and_korean_runs_fire() {
        assert_eq!(
            pair("ありがとう, he said.", "Thanks, he said."),
            ["untranslated: \"ありがとう\" in hyp"]
        );
        assert_eq!(pair("Hi.", "안녕 Hi."), ["untranslated: \"안녕\" in ref"]);
    }

    #[test]
    fn long_runs_are_cut_and_many_runs_counted() {
        let h = "一二三四五六七八九十一二三四五六七八九十一二 a 甲 b 乙 c 丙";
        let d = &pair(h, "x")[0];
        assert!(d.contains("…\""), "{d}");
        assert!(d.ends_with("…(+1) in hyp"), "{d}");
    }

    #[test]
    fn single_text_flags_other_scripts_than_the_expected_one() {
        assert_eq!(
            single("Hello Мир", Script::Latin),
            ["untranslated: \"Мир\""]
        );
        assert!(single("Привет, Мир! iPhone 5", Script::Cyrillic).is_empty());
        assert_eq!(
            single("他说 hello ありがとう", Script::Han),
            ["untranslated: \"ありがとう\""]
        );
        assert!(single("日本語のテキスト", Script::Japanese).is_empty());
        assert!(single("한국어 漢字", Script::Korean).is_empty());
        assert!(single("plain ASCII", Script::Latin).is_empty());
        assert!(single("π r²", Script::Latin).is_empty());
    }

    #[test]
    fn script_names_parse_and_display() {
        for s in Script::ALL {
            assert_eq!(s.as_str().parse::<Script>(), Ok(s));
            assert_eq!(s.to_string(), s.as_str());
        }
        assert_eq!("Hans".parse::<Script>(), Ok(Script::Han));
        assert_eq!("CJK".parse::<Script>(), Ok(Script::Han));
        assert_eq!("ru".parse::<Script>(), Ok(Script::Cyrillic));
        assert_eq!(Script::default(), Script::Latin);
        let e = "klingon".parse::<Script>().unwrap_err().to_string();
        assert!(e.contains("`klingon`") && e.contains("cyrillic"), "{e}");
    }

    #[test]
    fn letter_scripts() {
        assert_eq!(letter_script('a'), Some(Sc::Latin));
        assert_eq!(letter_script('1'), None);
        assert_eq!(letter_script('中'), Some(Sc::Han));
        assert_eq!(letter_script('ア'), Some(Sc::Kana));
        assert_eq!(letter_script('ж'), Some(Sc::Cyrillic));
        assert_eq!(letter_script('ש'), Some(Sc::Hebrew));
        assert_eq!(letter_script('ع'), Some(Sc::Arabic));
        assert_eq!(letter_script('，'), None);
        assert!(!is_foreign_letter('é') && is_foreign_letter('ж'));
    }
}
