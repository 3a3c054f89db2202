//! Library-level integration tests, one binary: the metrics against the
//! reference tools' numbers, alignment and segmentation on hand-checked
//! cases, the CAT-file readers on files shaped like real exports, and the
//! fuzz targets' invariants as property tests.

mod align_links;
mod align_seeds;
mod cat_readers;
mod props;
mod segment_breaks;
mod segment_cases;
mod vectors;
