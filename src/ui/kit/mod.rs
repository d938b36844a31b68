//! The kit: shared pieces every page builds with.

pub mod dialog;
pub mod editor;
pub mod fields;
pub mod notices;
pub mod pager;
pub mod picker;
pub mod reactive;
pub mod rows;
pub mod unsaved;
pub mod versioned;
