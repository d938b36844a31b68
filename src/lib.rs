//! Bastion: an ISO/IEC 27001:2022 ISMS manager that runs in the browser.
//!
//! - [`core`]: the pure domain (no browser): model, commands, validation, file format.
//! - [`storage`]: the one module that touches browser storage.
//! - [`files`]: the one module that reads and writes files (downloads, imports).
//! - [`ui`]: Leptos pages and components.

pub mod core;
pub mod files;
pub mod storage;
pub mod ui;
