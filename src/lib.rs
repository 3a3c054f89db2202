//! mtaudit: audit two English renderings of one source text sentence by sentence.
//!
//! The pipeline is one module per stage, each importing only the stages
//! below it: [`input`] decodes files (and reads CAT-tool exports),
//! [`segment`] splits sentences, [`align`] links the two sides, [`metric`]
//! scores each link, [`glossary`] checks terminology and [`qa`] numbers,
//! placeholders, scripts and the rest; [`audit`] runs them for one pair,
//! streaming rows, [`summary`] and [`gate`] sum up a document or a batch,
//! [`pairs`] lists a batch's pairs, and [`output`] writes every table through
//! [`table`] (each table's columns in `output::schema`). On top, [`cli`]
//! holds the command-line structs, [`config`] the project file and [`cmd`]
//! one file per command; `main.rs` only dispatches.

pub mod align;
pub mod audit;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod error;
mod fixed;
pub mod gate;
pub mod glossary;
pub mod input;
pub mod metric;
pub mod output;
pub mod pairs;
pub mod qa;
pub mod segment;
pub mod summary;
pub mod table;

pub use error::{Error, ErrorKind, Result};
