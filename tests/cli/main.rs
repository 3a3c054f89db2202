//! End-to-end tests of the `mtaudit` binary, one module per feature, all
//! running it through `common`.

mod common;

mod batch;
mod compare;
mod gates;
mod glossary;
mod help;
mod input;
mod output;
