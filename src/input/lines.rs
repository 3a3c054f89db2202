//! The lines of a file read a chunk at a time, for `--aligned`: line i of
//! one side pairs with line i of the other, so nothing needs the whole file
//! and memory stays the same for a thousand lines or a hundred million.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::decode::Decoder;
use super::{DecodeOptions, open_input};
use crate::error::Result;

/// Bytes read from the file at a time.
const READ: usize = 1 << 16;

pub struct LineReader {
    path: PathBuf,
    src: Box<dyn Read + Send>,
    dec: Decoder,
    /// Decoded text not yet handed out, from `pos`.
    text: String,
    pos: usize,
    buf: Vec<u8>,
    eof: bool,
    /// Lines handed out so far.
    lines: usize,
    /// The longest line held, in bytes (0: no limit): without it an endless
    /// stream with no line end would be read until memory runs out.
    max_line: u64,
}

impl LineReader {
    pub fn open(path: &Path, opts: DecodeOptions) -> Result<LineReader> {
        Ok(LineReader {
            path: path.to_path_buf(),
            src: open_input(path)?,
            dec: Decoder::new(path, opts),
            text: String::new(),
            pos: 0,
            buf: vec![0; READ],
            eof: false,
            lines: 0,
            max_line: 0,
        })
    }

    /// Refuses a line longer than `max` bytes (`--max-sentence`; 0: none),
    /// as soon as that much of it is held when its end is not.
    pub fn with_max_line(mut self, max: u64) -> LineReader {
        self.max_line = max;
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Lossy-decoding substitutions so far.
    pub fn replacements(&self) -> usize {
        self.dec.replacements
    }

    /// Lines handed out so far.
    pub fn lines(&self) -> usize {
        self.lines
    }

    /// Appends up to `max` next lines, without their line ends, to `out`;
    /// appends nothing at the end of the file. Lines end at LF, CRLF or a
    /// lone CR, and a final line end opens no further line, as
    /// `--aligned` reads a whole text (`SplitMode::AlignedLines`).
    pub fn next_lines(&mut self, max: usize, out: &mut Vec<String>) -> Result<()> {
        let mut got = 0;
        while got < max {
            match self.next_line() {
                Some(l) => {
                    let len = l.len() as u64;
                    if self.max_line > 0 && len > self.max_line {
                        let line = self.lines + got + 1;
                        return Err(super::sentence_too_long(
                            &self.path,
                            line,
                            Some(len),
                            self.max_line,
                        ));
                    }
                    out.push(l);
                    got += 1;
                }
                None if self.eof => break,
                None => {
                    // No line end in what is held: it is one partial line
                    // (and perhaps the CR of a CRLF).
                    let held = (self.text.len() - self.pos) as u64;
                    if self.max_line > 0 && held > self.max_line + 1 {
                        let line = self.lines + got + 1;
                        return Err(super::sentence_too_long(
                            &self.path,
                            line,
                            None,
                            self.max_line,
                        ));
                    }
                    self.fill()?;
                }
            }
        }
        self.lines += got;
        Ok(())
    }

    /// Counts the lines left, without keeping them (for the message of an
    /// unequal line count).
    pub fn count_rest(&mut self) -> Result<usize> {
        let mut n = 0;
        loop {
            let mut v = Vec::new();
            self.next_lines(1 << 12, &mut v)?;
            if v.is_empty() {
                return Ok(n);
            }
            n += v.len();
        }
    }

    /// The next complete line held, if any. A CR at the very end of what is
    /// held may be the first half of a CRLF, so it waits for more text.
    fn next_line(&mut self) -> Option<String> {
        let rest = &self.text.as_bytes()[self.pos..];
        match memchr::memchr2(b'\n', b'\r', rest) {
            Some(i) if rest[i] == b'\r' && i + 1 == rest.len() && !self.eof => None,
            Some(i) => {
                let line = self.text[self.pos..self.pos + i].to_owned();
                let crlf = rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n');
                self.pos += i + 1 + usize::from(crlf);
                Some(line)
            }
            None if self.eof && !rest.is_empty() => {
                let line = self.text[self.pos..].to_owned();
                self.pos = self.text.len();
                Some(line)
            }
            None => None,
        }
    }

    fn fill(&mut self) -> Result<()> {
        // Drop what was handed out, so the held text stays one chunk long.
        self.text.drain(..self.pos);
        self.pos = 0;
        loop {
            match self.src.read(&mut self.buf) {
                Ok(0) => {
                    self.eof = true;
                    return self.dec.finish(&mut self.text);
                }
                Ok(n) => {
                    let before = self.text.len();
                    self.dec.feed(&self.buf[..n], &mut self.text)?;
                    if self.text.len() > before {
                        return Ok(());
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(super::read_error(&self.path, e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of a whole text, split the plain way: the oracle.
    fn whole_lines(t: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        let mut chars = t.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    out.push(std::mem::take(&mut cur));
                }
                '\n' => out.push(std::mem::take(&mut cur)),
                c => cur.push(c),
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out
    }

    #[test]
    fn streamed_lines_equal_the_whole_text_split() {
        let dir = tempfile::tempdir().unwrap();
        for text in [
            "",
            "a",
            "a\n",
            "a\r\nb\rc\n\nd",
            "\r\n\r\n",
            "x\r",
            "é 微\r\n😀\n",
        ] {
            let p = dir.path().join("t.txt");
            // Long enough that lines and CRLFs straddle read chunks.
            let big = text.repeat(READ / text.len().max(1) + 3);
            for t in [text.to_owned(), big] {
                std::fs::write(&p, &t).unwrap();
                let want = whole_lines(&t);
                for max in [1, 3, 1000] {
                    let mut r = LineReader::open(&p, DecodeOptions::default()).unwrap();
                    let mut got = Vec::new();
                    loop {
                        let before = got.len();
                        r.next_lines(max, &mut got).unwrap();
                        if got.len() == before {
                            break;
                        }
                    }
                    assert_eq!(got, want, "{text:?} in chunks of {max}");
                    assert_eq!(r.lines(), want.len());
                }
            }
        }
    }

    #[test]
    fn errors_name_the_line_of_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.txt");
        let mut t = "good line\n".repeat(20_000).into_bytes();
        t.extend_from_slice(b"bad \xFF\n");
        std::fs::write(&p, &t).unwrap();
        let mut r = LineReader::open(&p, DecodeOptions::default()).unwrap();
        let e = r.count_rest().unwrap_err();
        assert!(e.message.contains(":20001:"), "{}", e.message);
    }

    /// A line past the cap is refused once that much of it is held, naming
    /// its line, whatever the read sizes; lines up to the cap pass, CRLF too.
    #[test]
    fn a_line_past_the_cap_is_refused_before_its_end() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("t.txt");
        let long = "a".repeat(3 * READ);
        std::fs::write(&p, format!("one\r\n{}\r\ntwo\n{long}", "b".repeat(100))).unwrap();
        let open = |max| {
            LineReader::open(&p, DecodeOptions::default())
                .unwrap()
                .with_max_line(max)
        };
        // A cap far below one read: the short lines held with the long one's
        // start still pass.
        for cap in [READ as u64, 200] {
            let mut got = Vec::new();
            let e = open(cap).next_lines(10, &mut got).unwrap_err();
            assert!(
                e.to_string().contains("t.txt:4: a line longer than"),
                "{cap}: {e}"
            );
            assert_eq!(got.len(), 3, "{cap}");
        }
        // A whole line past the cap, read in one go, is named with its length.
        let mut got = Vec::new();
        let e = open(99).next_lines(10, &mut got).unwrap_err();
        assert!(
            e.to_string()
                .contains("t.txt:2: a sentence of 100 bytes, over"),
            "{e}"
        );
        assert_eq!(got.len(), 1);
        let mut got = Vec::new();
        open(0).next_lines(10, &mut got).unwrap();
        assert_eq!(got.last(), Some(&long));
        let mut got = Vec::new();
        open(3 * READ as u64).next_lines(10, &mut got).unwrap();
        assert_eq!(got.len(), 4);
    }
}
