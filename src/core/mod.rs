//! The pure core: the ISMS model, the command path that changes it, the
//! rules that validate it, the file format and its migrations.
//!
//! Nothing under `core` may use a browser crate (leptos, web-sys, js-sys,
//! gloo, wasm-bindgen): `tests/core_is_pure.rs` enforces it. Time, the
//! acting user and fresh ids are passed in.

pub mod annex_a;
pub mod catalogue;
pub mod command;
pub mod compact;
pub mod dates;
pub mod format;
pub mod ids;
pub mod migrate;
pub mod model;
pub mod query;
mod read;
pub mod register;
pub mod risk;
pub mod sample;
pub mod validate;

pub use command::{Change, Command, Ctx, DomainError};
pub use format::FormatError;
pub use model::*;
pub use validate::FieldError;
