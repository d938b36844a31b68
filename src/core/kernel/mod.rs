//! The small kernel every domain builds on: the record model and the table
//! of record kinds, the command door, field errors, ids, dates, text, colours.

pub mod check;
pub mod choice;
pub mod colour;
pub mod command;
pub mod dates;
pub mod diff;
pub mod ids;
pub mod record;
mod save;
pub mod text;
