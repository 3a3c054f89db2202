//! mtaudit: audit two English renderings of one source text sentence by sentence.
//!
//! The pipeline is one module per stage: [`input`] decodes files, [`segment`]
//! splits sentences, [`align`] links the two sides, [`metric`] scores each
//! link, [`glossary`] checks terminology, [`report`] writes the per-sentence
//! rows and [`summary`] the per-document figures; [`pipeline`] wires them for
//! one pair and [`batch`] runs many pairs.

pub mod align;
pub mod batch;
pub mod error;
pub mod glossary;
pub mod input;
pub mod metric;
pub mod pipeline;
pub mod qa;
pub mod report;
pub mod segment;
pub mod summary;

pub use error::{Error, ErrorKind, Result};
