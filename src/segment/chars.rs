//! Character classes the segmenter reasons with.

/// Marks that can end a sentence.
pub fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '。' | '！' | '？' | '．' | '｡'
    )
}

/// CJK sentence marks: they end a sentence whatever follows, space or not.
pub fn is_cjk_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '．' | '｡')
}

pub fn is_bang_or_question(c: char) -> bool {
    matches!(c, '!' | '?' | '‼' | '⁇' | '⁈' | '⁉')
}

/// Closing quotes and brackets that stay with the sentence they close.
pub fn is_closer(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '”'
            | '’'
            | '»'
            | '›'
            | '」'
            | '』'
            | '）'
            | '〉'
            | '》'
            | '】'
            | '〕'
            | '"'
            | '\''
    )
}

/// Quotes and brackets that may open a sentence before its first letter.
pub fn is_opener(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '“'
            | '‘'
            | '«'
            | '‹'
            | '「'
            | '『'
            | '（'
            | '〈'
            | '《'
            | '【'
            | '〔'
            | '"'
            | '\''
            | '¿'
            | '¡'
            | '„'
            | '‚'
    )
}

/// A closing mark standing alone after a sentence end, as in `payment." ”`:
/// it belongs to the sentence before it.
pub fn is_stray_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '»' | '」' | '』' | '）' | ')' | ']' | '"' | '\''
    )
}

/// Bullets that start a new item even inside running text.
pub fn is_inline_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '‣' | '⁃' | '◦' | '▪' | '●' | '■' | '►' | '▸' | '➢' | '❖'
    )
}

/// Bullets recognised at the start of a line.
pub fn is_line_bullet(c: char) -> bool {
    is_inline_bullet(c) || matches!(c, '-' | '*' | '+' | '–' | '—' | '·' | '○' | '□' | '✓' | '✔')
}

/// Whitespace that does not break a line.
pub fn is_hspace(c: char) -> bool {
    c.is_whitespace()
        && !matches!(
            c,
            '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
}

/// Lowercase function words after which a line break never ends a segment.
pub fn is_connective(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "of"
            | "to"
            | "and"
            | "or"
            | "but"
            | "in"
            | "on"
            | "for"
            | "with"
            | "at"
            | "by"
            | "from"
            | "as"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "that"
            | "which"
            | "who"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "your"
            | "my"
            | "not"
            | "than"
            | "into"
            | "this"
            | "these"
            | "those"
    )
}

/// Small words a title leaves lowercase.
pub fn is_title_small_word(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "and"
            | "or"
            | "nor"
            | "but"
            | "of"
            | "to"
            | "in"
            | "on"
            | "for"
            | "with"
            | "at"
            | "by"
            | "from"
            | "as"
            | "vs"
            | "via"
            | "per"
            | "into"
            | "is"
    )
}
