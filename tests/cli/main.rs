//! End-to-end tests of the `mtaudit` binary, one module per feature, all
//! running it through `common`. Many of them are QA's attacks on the
//! contract; qa/FINDINGS.md names the test of each finding.

mod common;

mod align;
mod batch;
mod compare;
mod examples;
mod gates;
mod glossary;
mod help;
mod html;
mod input;
mod output;
mod qa;
mod segment;
