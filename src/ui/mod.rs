//! The Leptos UI: the app shell, pages (one file per page) and reusable
//! components. All changes go through [`state::AppState::run`].

pub mod components;
pub mod pages;
pub mod route;
pub mod shell;
pub mod state;

pub use shell::App;
