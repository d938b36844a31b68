//! Risk assessment and treatment (6.1.2, 6.1.3, 8.2, 8.3): the risk method
//! (scales, levels, scoring, presets, its rules and what a change of it
//! does), the register's records and rules, the register seen through the
//! method, its CSV, and the starter catalogue.

pub mod catalogue;
pub mod change;
pub mod csv;
pub mod method;
pub mod method_rules;
pub mod model;
pub mod presets;
pub mod register;
pub mod rules;

pub use change::*;
pub use method::*;
pub use method_rules::{is_colour, validate};
pub use model::*;
pub use presets::*;
