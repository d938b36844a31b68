//! The Leptos UI: the app shell, a kit of shared pieces, and a folder of
//! pages per domain. All changes go through [`state::AppState::run`].
//!
//! - [`shell`]: header, navigation, the listeners of the whole page;
//! - [`state`]: the app state handed down by context, the one door for
//!   changes and the debounced save;
//! - [`route`]: hash routes;
//! - [`import`]: reading a file, its preview and confirmation;
//! - [`kit`]: the record editor, picker and list editor, fields, dialogs,
//!   notices, pager, keyed rows, the editors' guards: what every page builds with;
//! - [`pages`]: one folder per domain (context, assets, risk, audit) and
//!   the overview, settings and recovery pages.

pub mod import;
pub mod kit;
pub mod pages;
pub mod route;
pub mod shell;
pub mod state;

pub use shell::App;
