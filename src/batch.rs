//! Many pairs at once.
//!
//! PLACEHOLDER: the batch issue fills this in.
