//! Reading and decoding input files.
//!
//! Text is kept exactly as decoded (only a byte-order mark is dropped), so
//! that byte spans reported by later stages point into the file's own text;
//! CRLF and lone CR are treated as line ends by [`Document::line_at`] and by
//! the segmenter rather than rewritten here.

pub mod cat;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// How the bytes of a file were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct DecodeOptions {
    /// Replace undecodable bytes with U+FFFD instead of failing.
    pub lossy: bool,
}

/// A decoded input text with its line index.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where the text came from (`-` for stdin), used in messages.
    pub path: PathBuf,
    pub text: String,
    pub encoding: Encoding,
    /// Number of U+FFFD substitutions made in lossy mode (0 otherwise).
    pub replacements: usize,
    line_starts: Vec<usize>,
}

impl Document {
    /// Reads a file, or stdin when `path` is `-`.
    pub fn read(path: &Path, opts: DecodeOptions) -> Result<Document> {
        let bytes = if path == Path::new("-") {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| Error::input(path, None, format!("cannot read stdin: {e}")))?;
            buf
        } else {
            std::fs::read(path).map_err(|e| {
                let hint = match e.kind() {
                    std::io::ErrorKind::NotFound => "no such file; check the path",
                    std::io::ErrorKind::PermissionDenied => "permission denied",
                    _ if path.is_dir() => "is a directory, not a text file",
                    _ => "cannot read the file",
                };
                Error::input(path, None, format!("{hint} ({e})"))
            })?
        };
        Document::from_bytes(path, &bytes, opts)
    }

    /// Decodes bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM.
    pub fn from_bytes(
        path: impl Into<PathBuf>,
        bytes: &[u8],
        opts: DecodeOptions,
    ) -> Result<Document> {
        let path = path.into();
        let (text, encoding, replacements) = decode(&path, bytes, opts)?;
        if let Some(pos) = text.find('\0') {
            let line = line_number(&text, pos);
            let at = file_offset(&text, pos, encoding);
            return Err(Error::input(
                &path,
                Some(line),
                format!(
                    "NUL character at byte {at}: this looks like a binary file, not text; \
                     pass a plain-text rendering"
                ),
            ));
        }
        Ok(Document::from_text(path, text, encoding, replacements))
    }

    pub fn from_text(
        path: impl Into<PathBuf>,
        text: String,
        encoding: Encoding,
        replacements: usize,
    ) -> Document {
        let line_starts = line_starts(&text);
        Document {
            path: path.into(),
            text,
            encoding,
            replacements,
            line_starts,
        }
    }

    /// The 1-based line containing byte offset `byte` of [`Document::text`].
    pub fn line_at(&self, byte: usize) -> usize {
        match self.line_starts.binary_search(&byte) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Number of lines (a final line without a line end counts).
    pub fn line_count(&self) -> usize {
        if self.text.is_empty() {
            0
        } else if self.text.ends_with('\n') || self.text.ends_with('\r') {
            self.line_starts.len() - 1
        } else {
            self.line_starts.len()
        }
    }
}

/// Byte offsets where each line starts; `\r\n`, `\n` and a lone `\r` end a line.
fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    // memchr's vectorised search: every document byte passes through here.
    for i in memchr::memchr2_iter(b'\n', b'\r', b) {
        // The \r of a \r\n pair does not end a line; its \n does.
        if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
            continue;
        }
        starts.push(i + 1);
    }
    starts
}

fn line_number(text: &str, byte: usize) -> usize {
    let starts = line_starts(&text[..byte.min(text.len())]);
    starts.len()
}

fn decode(path: &Path, bytes: &[u8], opts: DecodeOptions) -> Result<(String, Encoding, usize)> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let (t, n) = decode_utf8(path, rest, opts, 3)?;
        return Ok((t, Encoding::Utf8Bom, n));
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return decode_utf16(path, bytes, false, Encoding::Utf16Le, opts);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return decode_utf16(path, bytes, true, Encoding::Utf16Be, opts);
    }
    let (t, n) = decode_utf8(path, bytes, opts, 0)?;
    Ok((t, Encoding::Utf8, n))
}

fn decode_utf8(
    path: &Path,
    bytes: &[u8],
    opts: DecodeOptions,
    offset: usize,
) -> Result<(String, usize)> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_owned(), 0)),
        Err(e) if opts.lossy => {
            let _ = e;
            let s = String::from_utf8_lossy(bytes).into_owned();
            let n = s.matches('\u{FFFD}').count() - count_fffd_valid(bytes);
            Ok((s, n))
        }
        Err(e) => {
            let good = e.valid_up_to();
            // The prefix is valid, so its line count is exact.
            let prefix = std::str::from_utf8(&bytes[..good]).unwrap_or("");
            let line = line_starts(prefix).len();
            let bad: Vec<String> = bytes[good..bytes.len().min(good + 4)]
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect();
            let hint = if bytes.contains(&0) {
                "this looks like a binary file (or UTF-16 without a byte-order mark)"
            } else {
                "convert the file to UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`) or pass --lossy"
            };
            Err(Error::input(
                path,
                Some(line),
                format!(
                    "invalid UTF-8 at byte {} (bytes {}); {hint}",
                    good + offset,
                    bad.join(" ")
                ),
            ))
        }
    }
}

/// U+FFFD characters that were genuinely in the input, so lossy mode counts
/// only its own substitutions.
fn count_fffd_valid(bytes: &[u8]) -> usize {
    bytes.windows(3).filter(|w| *w == b"\xEF\xBF\xBD").count()
}

/// UTF-16 after its BOM. Decoded by hand rather than with a library call
/// so an error can name the byte offset and line of the first bad unit,
/// and lossy mode can count its own substitutions exactly.
fn decode_utf16(
    path: &Path,
    bytes: &[u8],
    big_endian: bool,
    which: Encoding,
    opts: DecodeOptions,
) -> Result<(String, Encoding, usize)> {
    let body = &bytes[2..];
    let units = body.chunks_exact(2).map(|c| {
        if big_endian {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            u16::from_le_bytes([c[0], c[1]])
        }
    });
    let mut text = String::with_capacity(body.len() / 2);
    let mut replacements = 0;
    // Byte offset (in the file) of the unit being decoded.
    let mut at = 2;
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => {
                text.push(c);
                at += 2 * c.len_utf16();
            }
            Err(_) if opts.lossy => {
                text.push('\u{FFFD}');
                replacements += 1;
                at += 2;
            }
            Err(e) => {
                return Err(Error::input(
                    path,
                    Some(line_starts(&text).len()),
                    format!(
                        "invalid {} at byte {at}: unpaired surrogate {:04X}; fix the file or pass --lossy",
                        which.as_str(),
                        e.unpaired_surrogate()
                    ),
                ));
            }
        }
    }
    if body.len() % 2 == 1 {
        if !opts.lossy {
            return Err(Error::input(
                path,
                Some(line_starts(&text).len()),
                format!(
                    "invalid {} at byte {}: odd number of bytes (truncated file?); fix the file or pass --lossy",
                    which.as_str(),
                    bytes.len() - 1
                ),
            ));
        }
        text.push('\u{FFFD}');
        replacements += 1;
    }
    Ok((text, which, replacements))
}

/// Byte offset in the file of byte offset `pos` of the decoded text.
fn file_offset(text: &str, pos: usize, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => pos,
        Encoding::Utf8Bom => pos + 3,
        Encoding::Utf16Le | Encoding::Utf16Be => {
            2 + 2 * text[..pos].chars().map(char::len_utf16).sum::<usize>()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(bytes: &[u8]) -> Result<Document> {
        Document::from_bytes("t.txt", bytes, DecodeOptions::default())
    }

    #[test]
    fn line_starts_match_a_byte_by_byte_scan() {
        // The plain scan is the oracle for the memchr version.
        fn oracle(t: &str) -> Vec<usize> {
            let b = t.as_bytes();
            let mut v = vec![0];
            let mut i = 0;
            while i < b.len() {
                if b[i] == b'\n' || b[i] == b'\r' {
                    if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    v.push(i + 1);
                }
                i += 1;
            }
            v
        }
        for t in [
            "",
            "a",
            "\r",
            "\r\n",
            "\n\r",
            "a\r\r\nb\n\nc\r",
            "x\r\n\r\ny\rz\n",
            "é\r\nü\r",
        ] {
            assert_eq!(line_starts(t), oracle(t), "{t:?}");
        }
    }

    #[test]
    fn strips_utf8_bom_and_counts_crlf_lines() {
        let d = doc(b"\xEF\xBB\xBFone\r\ntwo\rthree\nfour").unwrap();
        assert_eq!(d.encoding, Encoding::Utf8Bom);
        assert!(d.text.starts_with("one"));
        assert_eq!(d.line_at(0), 1);
        assert_eq!(d.line_at(d.text.find("two").unwrap()), 2);
        assert_eq!(d.line_at(d.text.find("three").unwrap()), 3);
        assert_eq!(d.line_at(d.text.find("four").unwrap()), 4);
        assert_eq!(d.line_count(), 4);
    }

    #[test]
    fn invalid_utf8_names_file_line_and_byte() {
        let e = doc(b"ok line\nbad \xFF here").unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.message.starts_with("t.txt:2:"), "{}", e.message);
        assert!(e.message.contains("byte 12"), "{}", e.message);
        assert!(e.message.contains("FF"), "{}", e.message);
    }

    #[test]
    fn lossy_replaces_and_counts() {
        let d = Document::from_bytes("t", b"a\xFFb \xEF\xBF\xBD", DecodeOptions { lossy: true })
            .unwrap();
        assert_eq!(d.text, "a\u{FFFD}b \u{FFFD}");
        assert_eq!(d.replacements, 1);
    }

    #[test]
    fn utf16_both_orders() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in "Hé\n微".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(doc(&le).unwrap().text, "Hé\n微");
        assert_eq!(doc(&le).unwrap().encoding, Encoding::Utf16Le);
        assert_eq!(doc(&be).unwrap().text, "Hé\n微");
        assert!(doc(&le[..le.len() - 1]).is_err());
    }

    #[test]
    fn utf16_errors_name_byte_and_lossy_counts_only_its_own() {
        let mut le = vec![0xFF, 0xFE];
        for u in [0x61u16, 0x0A, 0xD800, 0x62, 0xFFFD] {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let e = doc(&le).unwrap_err();
        assert!(e.message.starts_with("t.txt:2:"), "{}", e.message);
        assert!(
            e.message.contains("byte 6") && e.message.contains("D800"),
            "{}",
            e.message
        );
        let d = Document::from_bytes("t", &le, DecodeOptions { lossy: true }).unwrap();
        assert_eq!(d.text, "a\n\u{FFFD}b\u{FFFD}");
        assert_eq!(
            d.replacements, 1,
            "the U+FFFD of the file is not a substitution"
        );
        let e = doc(&[0xFF, 0xFE, 0x61, 0x00, 0x41]).unwrap_err();
        assert!(
            e.message.contains("odd number of bytes") && e.message.contains("byte 4"),
            "{}",
            e.message
        );
    }

    #[test]
    fn nul_offset_is_a_file_offset() {
        let e = doc(b"\xEF\xBB\xBFab\x00").unwrap_err();
        assert!(e.message.contains("byte 5"), "{}", e.message);
        let mut be = vec![0xFE, 0xFF];
        for u in "x\n\0".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        let e = doc(&be).unwrap_err();
        assert!(
            e.message.starts_with("t.txt:2:") && e.message.contains("byte 6"),
            "{}",
            e.message
        );
    }

    #[test]
    fn binary_junk_is_rejected() {
        let e = doc(b"PK\x03\x04\x00\x00abc").unwrap_err();
        assert!(e.message.contains("binary"), "{}", e.message);
        let e = doc(&[0x89, b'P', b'N', b'G', 0, 0, 0xFF]).unwrap_err();
        assert!(e.message.contains("t.txt"), "{}", e.message);
    }

    #[test]
    fn empty_file_is_valid() {
        let d = doc(b"").unwrap();
        assert_eq!(d.text, "");
        assert_eq!(d.line_count(), 0);
    }

    #[test]
    fn missing_file_error() {
        let e =
            Document::read(Path::new("/nonexistent/x.txt"), DecodeOptions::default()).unwrap_err();
        assert!(e.message.contains("/nonexistent/x.txt"));
        assert!(e.message.contains("no such file"));
    }
}
