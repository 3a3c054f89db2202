//! Library-level integration tests, one binary: the metrics against the
//! reference tools' numbers, and the fuzz targets' invariants as property
//! tests. (The alignment and segmentation suites stay in their own files
//! for now.)

mod props;
mod vectors;
