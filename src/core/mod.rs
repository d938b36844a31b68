//! The pure core: the ISMS model, the command path that changes it, the
//! rules that validate it, the file format and its migrations.
//!
//! Nothing under `core` may use a browser crate (leptos, web-sys, js-sys,
//! gloo, wasm-bindgen): `tests/core_is_pure.rs` enforces it. Time, the
//! acting user and fresh ids are passed in.
//!
//! - [`kernel`]: the record model and the table of kinds, the command
//!   door, field errors, ids, dates, text;
//! - one folder per domain: [`context`] (clause 4), [`assets`], [`risk`]
//!   (6.1), [`controls`] (Annex A), [`approvals`] (approved versions of
//!   documents), [`audit`] (the log);
//! - `isms.rs`: the whole ISMS ([`Isms`]) and its whole-file rules;
//! - [`file`]: the file format, reader, migrations and packing;
//! - [`sample`]: generated data for tests and benchmarks.

pub mod approvals;
pub mod assets;
pub mod audit;
pub mod context;
pub mod controls;
pub mod file;
mod isms;
pub mod kernel;
pub mod risk;
pub mod sample;

pub use assets::model::*;
pub use audit::{Action, AuditEntry, FieldChange};
pub use context::model::*;
pub use controls::model::*;
pub use file::format::FormatError;
pub use isms::*;
pub use kernel::check::FieldError;
pub use kernel::choice::Choice;
pub use kernel::command::{Change, Command, Ctx, Deleted, DomainError};
pub use kernel::record::{AnyRecord, Record, RecordKind};
pub use risk::model::*;
pub use risk::RiskMethod;
