//! The one region where errors and notices appear (`data-testid="notice"`):
//! storage banners that stay until dealt with, and short-lived toasts.

use crate::ui::kit::reactive::{dynamic, handler};
use crate::ui::kit::rows::{keyed, Row};
use crate::ui::state::{app, SaveStatus};
use leptos::prelude::*;

/// Banners and toasts.
#[component]
pub fn Notices() -> impl IntoView {
    let app = app();
    let save_failed = move || match app.save.get() {
        SaveStatus::Failed(e) => Some(e.to_string()),
        _ => None,
    };
    let download_copy = move |_| app.export();
    let retry = move |_| {
        app.save_now();
        if matches!(app.save.get_untracked(), SaveStatus::Saved { .. }) {
            app.notify(
                "Saved. Your changes are now in this browser's storage.",
                false,
            );
        }
    };
    let conflict = move || app.save.with(|s| *s == SaveStatus::Conflict);
    view! {
        <div class="notices" data-testid="notice" role="status" aria-live="polite">
            {dynamic(move || conflict().then(|| view! {
                <div class="banner banner--error" role="alert" data-testid="conflict">
                    <strong>"This ISMS was changed in another tab or window"</strong>
                    " while changes made here were waiting to be saved. Saving here is paused, so that neither version is lost. Choose the version to keep, or download this one first."
                    <div class="banner__actions">
                        <button class="btn" data-testid="conflict-load" on:click=handler(move |_| app.use_stored())>"Use the other version (drop the changes made here)"</button>
                        <button class="btn" data-testid="conflict-keep" on:click=handler(move |_| app.keep_this_version())>"Keep this version (replace the other)"</button>
                        <button class="btn btn--primary" data-testid="conflict-download" on:click=handler(move |_| app.export())>"Download this version"</button>
                    </div>
                </div>
            }))}
            {dynamic(move || app.update.get().then(|| view! {
                <div class="banner banner--info" data-testid="update-ready">
                    <strong>"A new version of Bastion is ready."</strong>
                    " Reload to start it: your changes are saved first. Otherwise it starts the next time Bastion is opened."
                    <div class="banner__actions">
                        <button class="btn btn--primary" data-testid="update-reload" on:click=handler(move |_| app.take_update(false))>"Reload now"</button>
                        <button class="btn" data-testid="update-later" on:click=handler(move |_| app.update.set(false))>"Later"</button>
                    </div>
                </div>
            }))}
            {dynamic(move || save_failed().map(|reason| view! {
                <div class="banner banner--error" role="alert" data-testid="save-error">
                    <strong>"Your changes are not saved: "</strong>
                    {reason}
                    ". They are kept in this tab only: download a copy before you close it."
                    <div class="banner__actions">
                        <button class="btn btn--primary" data-testid="save-download" on:click=handler(download_copy)>"Download a copy now"</button>
                        <button class="btn" data-testid="save-retry" on:click=handler(retry)>"Try saving again"</button>
                    </div>
                </div>
            }))}
            {keyed(move || app.notices.get().into_iter().map(|n| {
                let id = n.id;
                Row::new(id.to_string(), move || view! {
                    <div class="toast" class:toast--error=n.error role=if n.error { "alert" } else { "status" }>
                        <span class="toast__text">{n.text}</span>
                        {n.undo.map(|d| view! {
                            <button class="btn btn--small toast__undo" data-testid="notice-undo"
                                on:click=handler(move |_| app.undo(id, d.clone()))>"Undo"</button>
                        })}
                        <button class="toast__close" aria-label="Dismiss" on:click=handler(move |_| app.dismiss(id))>"\u{00d7}"</button>
                    </div>
                }.into_any())
            }).collect())}
        </div>
    }
}
