//! Bytes to text, incrementally, with encoding_rs: the same decoder serves
//! a whole document and a stream of lines read chunk by chunk, so a
//! `--aligned` run over a 100-million-line file holds one chunk, and a
//! device that starts with binary junk (`/dev/zero`) is refused after its
//! first bytes instead of being read to exhaustion.
//!
//! The encoding comes from `--encoding`, else from a byte-order mark, else
//! from the shape of the first 4 KiB (UTF-16 without a BOM shows zero bytes
//! in every other position), else UTF-8. Every error names the file, the
//! line and the byte offset in the file, and says what to do.

use std::path::{Path, PathBuf};

use encoding_rs::{DecoderResult, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::{DecodeOptions, Encoding};
use crate::error::{Error, Result};

/// Bytes looked at before the encoding is decided (when there is no BOM).
const SNIFF: usize = 4096;

pub struct Decoder {
    path: PathBuf,
    opts: DecodeOptions,
    /// Bytes held until the encoding is decided.
    pending: Vec<u8>,
    inner: Option<(encoding_rs::Decoder, Encoding)>,
    /// File bytes consumed by the decoder so far (BOM included).
    consumed: u64,
    /// Text bytes and UTF-16 units produced so far, for NUL offsets.
    text_bytes: u64,
    text_units: u64,
    /// Line ends in the text produced so far, and whether it ended in CR
    /// (a CRLF split across two chunks is one line end).
    lines: usize,
    last_cr: bool,
    /// Nothing but (stripped) BOMs has been produced yet.
    at_start: bool,
    pub replacements: usize,
}

impl Decoder {
    pub fn new(path: &Path, opts: DecodeOptions) -> Decoder {
        Decoder {
            path: path.to_path_buf(),
            opts,
            pending: Vec::new(),
            inner: None,
            consumed: 0,
            text_bytes: 0,
            text_units: 0,
            lines: 0,
            last_cr: false,
            at_start: true,
            replacements: 0,
        }
    }

    /// The encoding, once decided (after the first 4 KiB or at the end).
    pub fn encoding(&self) -> Option<Encoding> {
        self.inner.as_ref().map(|(_, e)| *e)
    }

    /// Decodes the next bytes of the file, appending the text to `out`.
    pub fn feed(&mut self, bytes: &[u8], out: &mut String) -> Result<()> {
        if self.inner.is_none() {
            self.pending.extend_from_slice(bytes);
            if self.pending.len() < SNIFF {
                return Ok(());
            }
            return self.start(out, false);
        }
        self.run(bytes, out, false)
    }

    /// Ends the input: decodes what is held and checks for a cut sequence.
    pub fn finish(&mut self, out: &mut String) -> Result<()> {
        if self.inner.is_none() {
            return self.start(out, true);
        }
        self.run(&[], out, true)
    }

    fn start(&mut self, out: &mut String, last: bool) -> Result<()> {
        let head = std::mem::take(&mut self.pending);
        let (enc, which, bom) = match self.opts.encoding {
            Some(e) => {
                let bom = encoding_rs::Encoding::for_bom(&head)
                    .filter(|(b, _)| *b == e)
                    .map_or(0, |(_, n)| n);
                (e, Encoding::Other(e.name()), bom)
            }
            None => sniff(&head, last),
        };
        self.consumed = bom as u64;
        self.inner = Some((enc.new_decoder_without_bom_handling(), which));
        self.run(&head[bom..], out, last)
    }

    fn run(&mut self, mut src: &[u8], out: &mut String, last: bool) -> Result<()> {
        let start = out.len();
        let Some((dec, which)) = self.inner.as_mut() else {
            return Ok(());
        };
        let which = *which;
        loop {
            if let Some(n) = dec.max_utf8_buffer_length_without_replacement(src.len()) {
                out.reserve(n);
            }
            let (res, read) = dec.decode_to_string_without_replacement(src, out, last);
            match res {
                DecoderResult::InputEmpty => {
                    self.consumed += read as u64;
                    break;
                }
                DecoderResult::OutputFull => {
                    self.consumed += read as u64;
                    src = &src[read..];
                    out.reserve(src.len().max(16) * 3);
                }
                DecoderResult::Malformed(bad, extra) => {
                    let bad_at = read - bad as usize - extra as usize;
                    if self.opts.lossy {
                        out.push('\u{FFFD}');
                        self.replacements += 1;
                        self.consumed += read as u64;
                        src = &src[read..];
                        continue;
                    }
                    let at = self.consumed + bad_at as u64;
                    let line = self.lines_in(&out[start..]) + 1;
                    let sample = &src[bad_at..src.len().min(bad_at + 4)];
                    let binary = memchr::memchr(0, src).is_some();
                    return Err(self.malformed(which, line, at, sample, &src[..bad_at], binary));
                }
            }
        }
        self.check_new(start, out, which)
    }

    /// Line ends up to the end of `fresh` (text produced by this call),
    /// added to those of earlier calls: every CR, and every LF that does
    /// not close a CRLF (whose CR may have ended the previous call).
    fn lines_in(&self, fresh: &str) -> usize {
        let b = fresh.as_bytes();
        let mut n = self.lines;
        for i in memchr::memchr2_iter(b'\n', b'\r', b) {
            let after_cr = if i == 0 {
                self.last_cr
            } else {
                b[i - 1] == b'\r'
            };
            if b[i] == b'\r' || !after_cr {
                n += 1;
            }
        }
        n
    }

    /// Bookkeeping for the text just produced: extra leading BOMs dropped,
    /// NUL refused, line ends counted.
    fn check_new(&mut self, start: usize, out: &mut String, which: Encoding) -> Result<()> {
        if self.at_start && out.len() > start {
            // A doubled BOM (an editor adding one to a file that had one) is
            // not text either.
            let lead = out[start..].len() - out[start..].trim_start_matches('\u{FEFF}').len();
            out.drain(start..start + lead);
            if out.len() > start {
                self.at_start = false;
            }
        }
        let fresh = &out[start..];
        if let Some(pos) = memchr::memchr(0, fresh.as_bytes()) {
            let line = self.lines_in(&fresh[..pos]) + 1;
            let at = match which {
                Encoding::Utf16Le
                | Encoding::Utf16Be
                | Encoding::Utf16LeNoBom
                | Encoding::Utf16BeNoBom => {
                    let bom = u64::from(matches!(which, Encoding::Utf16Le | Encoding::Utf16Be)) * 2;
                    bom + 2 * (self.text_units + fresh[..pos].encode_utf16().count() as u64)
                }
                Encoding::Utf8Bom => 3 + self.text_bytes + pos as u64,
                _ => self.text_bytes + pos as u64,
            };
            let hint = match which {
                Encoding::Utf8 | Encoding::Utf8Bom => {
                    "this looks like a binary file, not text (or UTF-16 without a byte-order mark: \
                     pass --encoding utf-16le or utf-16be); pass a plain-text rendering"
                }
                _ => "this looks like a binary file, not text; pass a plain-text rendering",
            };
            return Err(Error::input(
                &self.path,
                Some(line),
                format!("NUL character at byte {at}: {hint}"),
            ));
        }
        self.lines = self.lines_in(fresh);
        if !fresh.is_empty() {
            self.last_cr = fresh.ends_with('\r');
        }
        self.text_bytes += fresh.len() as u64;
        if matches!(
            which,
            Encoding::Utf16Le | Encoding::Utf16Be | Encoding::Utf16LeNoBom | Encoding::Utf16BeNoBom
        ) {
            self.text_units += fresh.encode_utf16().count() as u64;
        }
        Ok(())
    }

    fn malformed(
        &self,
        which: Encoding,
        line: usize,
        at: u64,
        sample: &[u8],
        before: &[u8],
        binary: bool,
    ) -> Error {
        let hex: Vec<String> = sample.iter().map(|b| format!("{b:02X}")).collect();
        let msg = match which {
            Encoding::Utf16Le
            | Encoding::Utf16Be
            | Encoding::Utf16LeNoBom
            | Encoding::Utf16BeNoBom => {
                if sample.len() < 2 {
                    format!(
                        "invalid {} at byte {at}: odd number of bytes (truncated file?); fix the \
                         file or pass --lossy",
                        which.as_str()
                    )
                } else {
                    let unit = if matches!(which, Encoding::Utf16Be | Encoding::Utf16BeNoBom) {
                        u16::from_be_bytes([sample[0], sample[1]])
                    } else {
                        u16::from_le_bytes([sample[0], sample[1]])
                    };
                    format!(
                        "invalid {} at byte {at}: unpaired surrogate {unit:04X}; fix the file or \
                         pass --lossy",
                        which.as_str()
                    )
                }
            }
            Encoding::Utf8 | Encoding::Utf8Bom => {
                let hint = if binary {
                    "this looks like a binary file, not text; pass a plain-text rendering"
                        .to_owned()
                } else {
                    cp1252_hint(before, sample)
                };
                format!(
                    "invalid UTF-8 at byte {at} (bytes {}); {hint}",
                    hex.join(" ")
                )
            }
            Encoding::Other(name) => format!(
                "invalid {name} at byte {at} (bytes {}); check --encoding or pass --lossy",
                hex.join(" ")
            ),
        };
        Error::input(&self.path, Some(line), msg)
    }
}

/// What to do about bytes that are not UTF-8: most such files are
/// Windows-1252 exports, so show the text read that way.
fn cp1252_hint(before: &[u8], bad: &[u8]) -> String {
    let from = before.len().saturating_sub(12);
    let mut bytes = before[from..].to_vec();
    bytes.extend_from_slice(bad);
    let (text, _, _) = WINDOWS_1252.decode(&bytes);
    let shown: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!(
        "if the file is Windows-1252 (it would read \"{}\"), pass --encoding windows-1252 or convert \
         it (iconv -f WINDOWS-1252 -t UTF-8); or pass --lossy",
        shown.trim()
    )
}

/// The encoding of a file from its first bytes: a BOM, else the zero bytes
/// of BOM-less UTF-16, else UTF-8. Returns the BOM's length too. `whole`:
/// `head` is the whole file (an odd length cannot be UTF-16).
fn sniff(head: &[u8], whole: bool) -> (&'static encoding_rs::Encoding, Encoding, usize) {
    if head.starts_with(b"\xEF\xBB\xBF") {
        return (UTF_8, Encoding::Utf8Bom, 3);
    }
    if head.starts_with(b"\xFF\xFE") {
        return (UTF_16LE, Encoding::Utf16Le, 2);
    }
    if head.starts_with(b"\xFE\xFF") {
        return (UTF_16BE, Encoding::Utf16Be, 2);
    }
    // Text in UTF-16 without a BOM: mostly Latin text has a zero byte in
    // every other position (odd ones for little-endian), binary files have
    // zero bytes anywhere.
    let n = head.len() & !1;
    let odd_file = whole && head.len() % 2 == 1;
    if n >= 8 && !odd_file && memchr::memchr(0, &head[..n]).is_some() {
        let pairs = n / 2;
        let even = head[..n].iter().step_by(2).filter(|&&b| b == 0).count();
        let odd = head[1..n].iter().step_by(2).filter(|&&b| b == 0).count();
        let share = |k: usize| k as f64 / pairs as f64;
        if share(odd) >= 0.3 && share(even) <= 0.05 && reads_as_text(UTF_16LE, &head[..n]) {
            return (UTF_16LE, Encoding::Utf16LeNoBom, 0);
        }
        if share(even) >= 0.3 && share(odd) <= 0.05 && reads_as_text(UTF_16BE, &head[..n]) {
            return (UTF_16BE, Encoding::Utf16BeNoBom, 0);
        }
    }
    if let Some(e) = declared(head) {
        return (e, Encoding::Other(e.name()), 0);
    }
    (UTF_8, Encoding::Utf8, 0)
}

/// The encoding a file names for itself in its first bytes, where it is
/// one that ASCII text reads the same in and not UTF-8: an XML
/// declaration's `encoding="ISO-8859-1"` (XML 1.0 §4.3.3: it governs the
/// file), or a PO header's `charset=` (gettext reads the catalogue in it).
/// CAT tools still write Latin-1 and Windows-1252 exports.
fn declared(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let label = |from: &[u8]| -> Option<&'static encoding_rs::Encoding> {
        let n = from
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || b"-_.:".contains(c))
            .count();
        encoding_rs::Encoding::for_label(&from[..n])
            .filter(|e| e.is_ascii_compatible() && *e != UTF_8)
    };
    if let Some(rest) = head.strip_prefix(b"<?xml") {
        let decl = &rest[..memchr::memmem::find(rest, b"?>")?];
        let at = memchr::memmem::find(decl, b"encoding")?;
        let value = decl[at + 8..]
            .trim_ascii_start()
            .strip_prefix(b"=")?
            .trim_ascii_start();
        return label(value.strip_prefix(b"\"").or(value.strip_prefix(b"'"))?);
    }
    // A PO catalogue: its header entry (msgid "") comes first and names
    // the charset in its Content-Type line.
    let header = memchr::memmem::find(head, b"msgid \"\"")?;
    let ct = header + memchr::memmem::find(&head[header..], b"Content-Type:")?;
    let at = ct + memchr::memmem::find(&head[ct..], b"charset=")?;
    label(&head[at + 8..])
}

/// Whether `sample` decodes as text in `enc`: no NUL and hardly any other
/// control character, which binary data read as UTF-16 is full of.
fn reads_as_text(enc: &'static encoding_rs::Encoding, sample: &[u8]) -> bool {
    let (text, malformed) = enc.decode_without_bom_handling(sample);
    if malformed {
        return false;
    }
    let (mut chars, mut bad) = (0usize, 0usize);
    for c in text.chars() {
        chars += 1;
        if c == '\0' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')) {
            bad += 1;
        }
    }
    chars > 0 && bad * 50 <= chars && !text.contains('\0')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_in_chunks(bytes: &[u8], chunk: usize, opts: DecodeOptions) -> Result<String> {
        let mut d = Decoder::new(Path::new("t.txt"), opts);
        let mut out = String::new();
        for c in bytes.chunks(chunk.max(1)) {
            d.feed(c, &mut out)?;
        }
        d.finish(&mut out)?;
        Ok(out)
    }

    fn utf16(text: &str, be: bool, bom: bool) -> Vec<u8> {
        let mut v = Vec::new();
        if bom {
            v.extend_from_slice(if be { b"\xFE\xFF" } else { b"\xFF\xFE" });
        }
        for u in text.encode_utf16() {
            v.extend_from_slice(&if be { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        v
    }

    #[test]
    fn chunking_never_changes_the_text_or_the_error() {
        let text = "one\r\ntwo é 微 😀\rthree\n";
        let cases: Vec<Vec<u8>> = vec![
            text.as_bytes().to_vec(),
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            utf16(text, false, true),
            utf16(text, true, true),
            utf16(text, false, false),
            utf16(text, true, false),
        ];
        for bytes in &cases {
            for chunk in [1, 2, 3, 7, 4096, 1 << 20] {
                assert_eq!(
                    decode_in_chunks(bytes, chunk, DecodeOptions::default()).unwrap(),
                    text,
                    "chunk {chunk}: {bytes:?}"
                );
            }
        }
        let bad = b"line one\r\nline two\r\n caf\xE9 here";
        let whole = decode_in_chunks(bad, 1 << 20, DecodeOptions::default()).unwrap_err();
        for chunk in [1, 2, 5, 13] {
            let e = decode_in_chunks(bad, chunk, DecodeOptions::default()).unwrap_err();
            assert_eq!(e.message, whole.message, "chunk {chunk}");
        }
        assert!(whole.message.starts_with("t.txt:3:"), "{}", whole.message);
        assert!(whole.message.contains("byte 24"), "{}", whole.message);
        assert!(whole.message.contains("café"), "{}", whole.message);
        assert!(
            whole.message.contains("--encoding windows-1252"),
            "{}",
            whole.message
        );
    }

    #[test]
    fn bomless_utf16_is_detected_and_binary_is_not() {
        let d = |b: &[u8]| decode_in_chunks(b, 4096, DecodeOptions::default());
        assert_eq!(
            d(&utf16("Hello world\n", false, false)).unwrap(),
            "Hello world\n"
        );
        assert_eq!(
            d(&utf16("Hello world\n", true, false)).unwrap(),
            "Hello world\n"
        );
        let e = d(b"PK\x03\x04\x00\x00\x14\x00abc\x00\x00def").unwrap_err();
        assert!(e.message.contains("binary"), "{}", e.message);
        // Zero bytes in every other position, but controls when read as
        // UTF-16: still binary.
        let e = d(&[0, 159, 146, 150, 0, 1, 2, 255]).unwrap_err();
        assert!(e.message.contains("binary"), "{}", e.message);
        // An odd length cannot be UTF-16.
        let e = d(b"\x00binary").unwrap_err();
        assert!(e.message.contains("binary"), "{}", e.message);
        // A zero byte first thing: refused after the first chunk, whatever
        // follows (a device is never read to its end).
        let mut dec = Decoder::new(Path::new("/dev/zero"), DecodeOptions::default());
        let mut out = String::new();
        let zeros = vec![0u8; SNIFF];
        let e = dec.feed(&zeros, &mut out).unwrap_err();
        assert!(
            e.message.contains("NUL character at byte 0"),
            "{}",
            e.message
        );
    }

    #[test]
    fn an_encoding_the_file_declares_is_used() {
        let dec = |b: &[u8]| decode_in_chunks(b, 7, DecodeOptions::default());
        let xml = b"<?xml version=\"1.0\" encoding = 'ISO-8859-1'?>\n<xliff>caf\xe9</xliff>";
        assert_eq!(
            dec(xml).unwrap(),
            "<?xml version=\"1.0\" encoding = 'ISO-8859-1'?>\n<xliff>caf\u{e9}</xliff>"
        );
        let po = b"# x\nmsgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=windows-1252\\n\"\n\nmsgid \"a\"\nmsgstr \"\x93b\x94\"\n";
        assert!(dec(po).unwrap().contains("msgstr \"\u{201c}b\u{201d}\""));
        // UTF-8, UTF-16 and unknown labels, and text that only mentions a
        // charset, stay UTF-8: invalid bytes are still an error.
        for b in [
            &b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>\xe9</a>"[..],
            b"<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>\xe9</a>",
            b"<?xml version=\"1.0\" encoding=\"klingon\"?><a>\xe9</a>",
            b"Use charset=latin1 in the header: caf\xe9",
        ] {
            assert!(dec(b).is_err(), "{}", String::from_utf8_lossy(b));
        }
    }

    #[test]
    fn doubled_bom_and_explicit_encoding() {
        let d =
            decode_in_chunks(b"\xEF\xBB\xBF\xEF\xBB\xBFtext", 3, DecodeOptions::default()).unwrap();
        assert_eq!(d, "text");
        let opts = DecodeOptions {
            encoding: Some(WINDOWS_1252),
            ..DecodeOptions::default()
        };
        assert_eq!(decode_in_chunks(b"caf\xE9", 2, opts).unwrap(), "café");
    }
}
