//! The integration tests' one runner lives in `tests/cli/common.rs`; a suite
//! outside `tests/cli` reaches it with `mod common; use common::*;`.

#[path = "../cli/common.rs"]
mod runner;
pub use runner::*;
