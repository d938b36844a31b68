//! Reusable pieces of the UI.

pub mod dialog;
pub mod fields;
pub mod import;
pub mod notices;
pub mod pager;
pub mod reactive;
pub mod risk_matrix;
pub mod rows;
pub mod versioned;
