//! The asset inventory: the record, its rules and its list.

pub mod model;
pub mod query;
pub mod rules;

pub use model::*;
