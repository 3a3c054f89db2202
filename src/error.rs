//! One error type for the whole library, carrying the exit code class that
//! the binary maps to the contract's exit codes.

use std::fmt;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad command-line usage (exit 2).
    Usage,
    /// A file could not be read, decoded or parsed (exit 2).
    Input,
    /// Writing an output failed (exit 2).
    Output,
    /// A quality gate the user set failed (exit 1).
    Gate,
    /// The reader of standard output went away (`mtaudit ... | head`): the
    /// run stops quietly with exit 0, as the reader asked for no more.
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Usage,
            message: message.into(),
        }
    }

    /// An input problem; the message always starts with the file name (and
    /// the line, when known) so a user can jump straight to it.
    pub fn input(path: impl AsRef<Path>, line: Option<usize>, message: impl fmt::Display) -> Self {
        let p = path.as_ref().display();
        let message = match line {
            Some(l) => format!("{p}:{l}: {message}"),
            None => format!("{p}: {message}"),
        };
        Error {
            kind: ErrorKind::Input,
            message,
        }
    }

    pub fn output(path: impl AsRef<Path>, message: impl fmt::Display) -> Self {
        Error {
            kind: ErrorKind::Output,
            message: format!("{}: {message}", path.as_ref().display()),
        }
    }

    pub fn gate(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Gate,
            message: message.into(),
        }
    }

    /// The process exit code documented in PRODUCT.md.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            ErrorKind::Closed => 0,
            ErrorKind::Gate => 1,
            ErrorKind::Usage | ErrorKind::Input | ErrorKind::Output => 2,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
