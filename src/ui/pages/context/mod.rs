//! Clause 4: the organisation, issues, interested parties, scope.

pub mod issues;
pub mod organisation;
pub mod parties;
pub mod scope;
