//! Clause 4: the organisation's profile, issues (4.1), interested parties
//! (4.2) and the scope (4.3): the records, their rules and their lists.

pub mod model;
pub mod query;
pub mod rules;

pub use model::*;
