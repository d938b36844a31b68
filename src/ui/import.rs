//! Import: the file input in the header, drag-and-drop anywhere, and the
//! preview that must be confirmed before anything is replaced.

use crate::core::file::format;
use crate::files;
use crate::ui::kit::dialog::ConfirmDialog;
use crate::ui::kit::reactive::{dynamic, handler, while_mounted};
use crate::ui::state::{app, measured, AppState, Preview};
use leptos::prelude::*;

/// Reads `file`, checks it and opens the preview; any failure is reported and changes nothing.
pub fn start_import(app: AppState, file: web_sys::File) {
    let name = file.name();
    if let Err(e) = format::check_size(file.size() as u64) {
        app.notify(
            format!("{name} was not imported: {e} Nothing was changed."),
            true,
        );
        return;
    }
    leptos::task::spawn_local(async move {
        match files::read_text(&file).await {
            Err(e) => app.notify(
                format!("{name} could not be read: {e}. Nothing was changed."),
                true,
            ),
            Ok(text) => match measured("import", || format::import(&text)) {
                Ok(imported) => app.preview.set(Some(Preview {
                    file_name: name,
                    imported,
                })),
                Err(e) => app.notify(
                    format!("{name} was not imported: {e} Nothing was changed."),
                    true,
                ),
            },
        }
    });
}

/// The header's Import button with its (visually hidden) file input.
#[component]
pub fn ImportButton() -> impl IntoView {
    let app = app();
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(file) = files::take_chosen(&ev) {
            start_import(app, file);
        }
    };
    view! {
        <label class="btn file-button">
            "Import"
            <input
                type="file"
                class="visually-hidden"
                accept=".json,application/json"
                data-testid="import-input"
                on:change=handler(on_change)
            />
        </label>
    }
}

/// Accepts a `.json` file dropped anywhere on the page.
pub fn install_drop_target(app: AppState, dragging: RwSignal<bool>) {
    let has_files = |ev: &web_sys::DragEvent| {
        ev.data_transfer().is_some_and(|dt| {
            dt.types()
                .iter()
                .any(|t| t.as_string().as_deref() == Some("Files"))
        })
    };
    while_mounted(window_event_listener(leptos::ev::dragover, move |ev| {
        if has_files(&ev) {
            ev.prevent_default();
            dragging.set(true);
        }
    }));
    while_mounted(window_event_listener(leptos::ev::dragleave, move |ev| {
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    }));
    while_mounted(window_event_listener(leptos::ev::drop, move |ev| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|dt| dt.files())
            .and_then(|f| f.get(0))
        {
            start_import(app, file);
        }
    }));
}

/// What the file holds and what it will replace; nothing changes until confirmed.
#[component]
pub fn ImportPreview() -> impl IntoView {
    let app = app();
    dynamic(move || {
        app.preview.get().map(|p| {
            // One row per kind of record (and the items counted inside
            // them), from the table of kinds, then the log.
            let rows = |m: &crate::core::Isms| {
                let mut v = m.count_rows();
                v.push(("Audit-log entries", m.audit_log.len()));
                v
            };
            let file = rows(&p.imported.isms);
            let now = app.isms.with_untracked(rows);
            let org = p.imported.isms.organisation.name.clone();
            let replaces_unreadable = app.unreadable.with_untracked(|u| u.is_some());
            let row = |label: &'static str, a: usize, b: usize| view! { <tr><th scope="row">{label}</th><td>{a}</td><td>{b}</td></tr> };
            view! {
                <ConfirmDialog
                    title="Replace the ISMS with this file?"
                    confirm_label="Replace my ISMS"
                    confirm_testid="import-confirm"
                    cancel_testid="import-cancel"
                    danger=true
                    on_confirm=Callback::new(move |_| app.confirm_import())
                    on_cancel=Callback::new(move |_| app.preview.set(None))
                >
                    <p>
                        <strong>{p.file_name.clone()}</strong>
                        {if org.is_empty() { String::new() } else { format!(" holds the ISMS of {org}") }}
                        {p.imported.exported_at.clone().map(|at| format!(", exported {at}"))}
                        {p.imported.exported_by.clone().filter(|b| !b.is_empty()).map(|b| format!(" by {b}"))}
                        "."
                    </p>
                    <table class="table table--compact" data-testid="import-preview">
                        <thead><tr><th></th><th scope="col">"In the file"</th><th scope="col">"Now (will be replaced)"</th></tr></thead>
                        <tbody>
                            {file.iter().zip(&now).map(|(&(label, a), &(_, b))| row(label, a, b)).collect_view()}
                        </tbody>
                    </table>
                    {(p.imported.schema_version < format::SCHEMA_VERSION).then(|| view! {
                        <p>{format!("The file uses the older schema {}; it will be upgraded.", p.imported.schema_version)}</p>
                    })}
                    {replaces_unreadable.then(|| view! {
                        <p class="warning">"This also replaces the stored data that could not be read. Download it first if you may need it."</p>
                    })}
                    <p class="warning">"Everything now in this browser's ISMS is replaced. Export it first if you want to keep a copy."</p>
                </ConfirmDialog>
            }
        })
    })
}
