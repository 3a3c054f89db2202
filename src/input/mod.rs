//! Reading and decoding input files.
//!
//! Text is kept exactly as decoded (only a byte-order mark is dropped), so
//! that byte spans reported by later stages point into the file's own text;
//! CRLF and lone CR are treated as line ends by [`Document::line_at`] and by
//! the segmenter rather than rewritten here.

pub mod cat;
mod decode;
mod lines;

pub use lines::LineReader;

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
    /// UTF-16 recognised by its zero bytes, without a byte-order mark.
    Utf16LeNoBom,
    Utf16BeNoBom,
    /// Named with `--encoding` (the WHATWG name).
    Other(&'static str),
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le | Encoding::Utf16LeNoBom => "utf-16le",
            Encoding::Utf16Be | Encoding::Utf16BeNoBom => "utf-16be",
            Encoding::Other(name) => name,
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct DecodeOptions {
    /// Replace undecodable bytes with U+FFFD instead of failing.
    pub lossy: bool,
    /// Decode as this encoding instead of detecting one (`--encoding`).
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The most bytes read from one input held whole in memory
    /// (`--max-input`); 0 = [`DEFAULT_MAX_INPUT`].
    pub max_input: u64,
}

/// Inputs read whole (every side that is aligned) stop at this size by
/// default: 2 GiB is far beyond any document and well within memory, and a
/// device or endless pipe given by mistake stops with a clear message.
pub const DEFAULT_MAX_INPUT: u64 = 2 << 30;

/// The most bytes read from a glossary or ignore file that is not a
/// regular file (see [`Document::read_setup`]).
pub const MAX_SETUP_STREAM: u64 = 256 << 20;

impl DecodeOptions {
    fn max_input(&self) -> u64 {
        if self.max_input == 0 {
            DEFAULT_MAX_INPUT
        } else {
            self.max_input
        }
    }
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
    /// Reads a file, or stdin when `path` is `-`, decoding as it goes: a
    /// binary file is refused at its first bytes, and an input over
    /// `DecodeOptions::max_input` bytes (a device or an endless pipe given
    /// by mistake) stops with a clear message instead of filling memory.
    pub fn read(path: &Path, opts: DecodeOptions) -> Result<Document> {
        Document::read_seeing(path, opts, &mut |_| {})
    }

    /// [`Document::read`] that also shows `see` every byte read, in order
    /// (to fingerprint a file read once, a stream included).
    pub fn read_seeing(
        path: &Path,
        opts: DecodeOptions,
        see: &mut dyn FnMut(&[u8]),
    ) -> Result<Document> {
        let max = opts.max_input();
        let source = open_input(path)?;
        let over = "input over the limit of {max} bytes held in memory; split it, or raise the \
                    limit with --max-input BYTES";
        Document::read_from(path, source, opts, max, over, &|e| e, see)
    }

    /// Reads a file that sets up the run (a glossary, an ignore list),
    /// opened by the caller, as [`Document::read_seeing`] reads a text:
    /// decoded as it streams and a binary file refused at its first bytes.
    /// A regular file is read whole whatever its size, but a stream or a
    /// device stops at [`MAX_SETUP_STREAM`] bytes: given by mistake (an
    /// endless stream), it would otherwise fill memory, and a glossary
    /// takes many times its size once parsed. `what` names the file in
    /// the messages.
    pub fn read_setup(
        path: &Path,
        file: std::fs::File,
        what: &str,
        see: &mut dyn FnMut(&[u8]),
    ) -> Result<Document> {
        let meta = file.metadata().map_err(|e| read_error(path, e))?;
        if meta.is_dir() {
            let m = format!("is a directory; give the {what} itself");
            return Err(Error::input(path, None, m));
        }
        Document::read_setup_within(path, file, meta.is_file(), what, MAX_SETUP_STREAM, see)
    }

    /// [`Document::read_setup`] of `source`, a regular file or else a
    /// stream stopped at `max_stream` bytes.
    fn read_setup_within(
        path: &Path,
        source: impl Read,
        regular: bool,
        what: &str,
        max_stream: u64,
        see: &mut dyn FnMut(&[u8]),
    ) -> Result<Document> {
        let max = if regular { u64::MAX } else { max_stream };
        let over = format!(
            "{what} is a stream or device over {{max}} bytes (an endless stream given by \
             mistake?); save it to a file and give that"
        );
        let opts = DecodeOptions::default();
        Document::read_from(path, source, opts, max, &over, &strict_decoding, see)
    }

    /// The streaming read of [`Document::read_seeing`] and
    /// [`Document::read_setup`]; `over` is the message for an input past
    /// `max` bytes, `{max}` standing for the limit, and `undecodable`
    /// rewords a decoding error (not a read error).
    fn read_from(
        path: &Path,
        mut source: impl Read,
        opts: DecodeOptions,
        max: u64,
        over: &str,
        undecodable: &dyn Fn(Error) -> Error,
        see: &mut dyn FnMut(&[u8]),
    ) -> Result<Document> {
        let too_big = || Error::input(path, None, over.replace("{max}", &max.to_string()));
        if let Ok(m) = std::fs::metadata(path)
            && m.is_file()
            && m.len() > max
        {
            return Err(too_big());
        }
        let mut dec = decode::Decoder::new(path, opts);
        let mut text = String::new();
        let mut buf = vec![0u8; 1 << 16];
        let mut total = 0u64;
        loop {
            let n = match source.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(read_error(path, e)),
            };
            total += n as u64;
            if total > max {
                return Err(too_big());
            }
            see(&buf[..n]);
            dec.feed(&buf[..n], &mut text).map_err(undecodable)?;
        }
        dec.finish(&mut text).map_err(undecodable)?;
        let encoding = dec.encoding().unwrap_or(Encoding::Utf8);
        Ok(Document::from_text(path, text, encoding, dec.replacements))
    }

    /// Decodes bytes held in memory (see [`Document::read`]).
    pub fn from_bytes(
        path: impl Into<PathBuf>,
        bytes: &[u8],
        opts: DecodeOptions,
    ) -> Result<Document> {
        let path = path.into();
        let mut dec = decode::Decoder::new(&path, opts);
        let mut text = String::new();
        dec.feed(bytes, &mut text)?;
        dec.finish(&mut text)?;
        let encoding = dec.encoding().unwrap_or(Encoding::Utf8);
        Ok(Document::from_text(path, text, encoding, dec.replacements))
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

/// Opens a file, or stdin for `-`, for reading; the error names the path
/// and says what to check.
pub fn open_input(path: &Path) -> Result<Box<dyn Read + Send>> {
    if path == Path::new("-") {
        return Ok(Box::new(std::io::stdin()));
    }
    if path.is_dir() {
        return Err(Error::input(path, None, "is a directory, not a text file"));
    }
    std::fs::File::open(path)
        .map(|f| Box::new(f) as Box<dyn Read + Send>)
        .map_err(|e| read_error(path, e))
}

/// A sentence (or line) past `--max-sentence`: `len` is its length, or
/// `None` for a line of a stream refused before its end was read.
pub fn sentence_too_long(path: &Path, line: usize, len: Option<u64>, max: u64) -> Error {
    let what = match len {
        Some(n) => format!("a sentence of {n} bytes, over the --max-sentence limit of {max}"),
        None => format!("a line longer than the --max-sentence limit of {max} bytes"),
    };
    Error::input(
        path,
        Some(line),
        format!(
            "{what} (a text without sentence marks or line breaks?); break it into \
             lines, or raise the limit (--max-sentence 0: none; scoring it takes about \
             16 bytes of memory a byte)"
        ),
    )
}

fn read_error(path: &Path, e: std::io::Error) -> Error {
    if path == Path::new("-") {
        return Error::input(path, None, format!("cannot read stdin: {e}"));
    }
    let hint = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file; check the path",
        std::io::ErrorKind::PermissionDenied => "permission denied",
        _ if path.is_dir() => "is a directory, not a text file",
        _ => "cannot read the file",
    };
    Error::input(path, None, format!("{hint} ({e})"))
}

/// A glossary or ignore file that does not decode: the decoder's advice is
/// for texts (`--lossy`, `--encoding`), which do not apply here. A term
/// with replaced bytes would silently never match, so these files must
/// decode exactly; the advice left is converting the file.
fn strict_decoding(mut e: Error) -> Error {
    let m = &mut e.message;
    for (from, to) in [
        ("pass --encoding windows-1252 or convert it", "convert it"),
        (
            "pass --encoding utf-16le or utf-16be",
            "save it with one, or as UTF-8",
        ),
        ("; or pass --lossy", ""),
        (" or pass --lossy", ""),
        ("check --encoding or pass --lossy", "convert it to UTF-8"),
    ] {
        *m = m.replace(from, to);
    }
    m.push_str(
        "; glossaries and ignore files must be valid UTF-8 (or UTF-16); --lossy and \
         --encoding apply to the texts only",
    );
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(bytes: &[u8]) -> Result<Document> {
        Document::from_bytes("t.txt", bytes, DecodeOptions::default())
    }

    #[test]
    fn read_seeing_shows_every_byte_and_still_refuses_binary_at_once() {
        let dir = std::env::temp_dir().join(format!("mtaudit-read-seeing-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // Past one read buffer, with a BOM and CRLF the text loses.
        let f = dir.join("abbrev.txt");
        let mut bytes = b"\xef\xbb\xbf".to_vec();
        for i in 0..20_000 {
            bytes.extend_from_slice(format!("Abbr{i}.\r\n").as_bytes());
        }
        std::fs::write(&f, &bytes).unwrap();
        let mut seen = Vec::new();
        let d = Document::read_seeing(&f, DecodeOptions::default(), &mut |b| {
            seen.extend_from_slice(b)
        })
        .unwrap();
        assert_eq!(seen, bytes);
        assert!(d.text.starts_with("Abbr0.") && d.text.ends_with("Abbr19999.\r\n"));
        // Binary input stops at its first buffer, not at the size limit.
        let z = dir.join("zeros.bin");
        std::fs::write(&z, vec![0u8; 1 << 20]).unwrap();
        let mut n = 0;
        let e = Document::read_seeing(&z, DecodeOptions::default(), &mut |b| n += b.len())
            .unwrap_err()
            .to_string();
        assert!(e.contains("zeros.bin") && e.contains("NUL"), "{e}");
        assert!(n <= 1 << 16, "{n} bytes read before the refusal");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_setup_stream_stops_at_its_limit_but_a_regular_file_does_not() {
        // An endless stream of text: stopped once past the limit, the
        // message naming the file and what to do.
        let mut n = 0u64;
        let e = Document::read_setup_within(
            Path::new("<(endless)"),
            std::io::repeat(b'a'),
            false,
            "glossary",
            1 << 20,
            &mut |b| n += b.len() as u64,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("<(endless)")
                && e.contains("glossary is a stream or device over 1048576 bytes")
                && e.contains("save it to a file"),
            "{e}"
        );
        assert!(n <= (1 << 20) + (1 << 16), "{n} bytes read");
        // A regular file past the stream limit is read whole.
        let dir = std::env::temp_dir().join(format!("mtaudit-setup-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("g.csv");
        let body = "term,variant\n".repeat(200_000);
        std::fs::write(&f, &body).unwrap();
        let d = Document::read_setup_within(
            &f,
            std::fs::File::open(&f).unwrap(),
            true,
            "glossary",
            1 << 20,
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(d.text, body);
        let open = |p: &Path| std::fs::File::open(p).unwrap();
        let d = Document::read_setup(&f, open(&f), "glossary", &mut |_| {}).unwrap();
        assert_eq!(d.text, body);
        // A directory is named as such, not read.
        let e = Document::read_setup(&dir, open(&dir), "ignore file", &mut |_| {})
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("is a directory; give the ignore file itself"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
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
        let d = Document::from_bytes(
            "t",
            b"a\xFFb \xEF\xBF\xBD",
            DecodeOptions {
                lossy: true,
                ..DecodeOptions::default()
            },
        )
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
        let d = Document::from_bytes(
            "t",
            &le,
            DecodeOptions {
                lossy: true,
                ..DecodeOptions::default()
            },
        )
        .unwrap();
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
