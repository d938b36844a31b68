//! Keyed lists. Every list of the app goes through the one `For` in
//! [`keyed`], so Leptos's keyed-list code is compiled once rather than once
//! per list (a few KB of WebAssembly each).

use leptos::prelude::*;

/// One item of a keyed list: its key, and how to draw it (called when the
/// key first appears; an item whose key stays is left as it is).
pub struct Row {
    key: String,
    view: Box<dyn FnOnce() -> AnyView + Send>,
}

impl Row {
    pub fn new(key: impl Into<String>, view: impl FnOnce() -> AnyView + Send + 'static) -> Self {
        Row {
            key: key.into(),
            view: Box::new(view),
        }
    }
}

/// The key of a record's row: its id and a fingerprint of all of it, so
/// that a row is redrawn whenever the record changes (`updated_at` has
/// one-second steps: two saves within a second would leave a stale row).
pub fn record_key<T: serde::Serialize>(id: &str, record: &T) -> String {
    let text = serde_json::to_string(record).unwrap_or_default();
    format!("{id}|{:016x}", crate::core::kernel::ids::fingerprint(&text))
}

/// The rows `each` returns, keyed: rows are added, moved and removed as
/// their keys come and go.
pub fn keyed(each: impl Fn() -> Vec<Row> + Send + 'static) -> AnyView {
    let each: Box<dyn Fn() -> Vec<Row> + Send> = Box::new(each);
    view! { <For each=move || each() key=|r: &Row| r.key.clone() children=|r: Row| (r.view)() /> }
        .into_any()
}
