//! Shown instead of the pages when stored data cannot be read: nothing is
//! overwritten until the user downloads it, resets, or imports a file.

use crate::storage;
use crate::ui::kit::dialog::ConfirmDialog;
use crate::ui::kit::reactive::{dyn_text, handler, show};
use crate::ui::state::{app, SaveStatus};
use leptos::prelude::*;

#[component]
pub fn RecoveryPage() -> impl IntoView {
    let app = app();
    let confirm = RwSignal::new(false);
    let reason = move || {
        app.unreadable
            .with(|u| u.as_ref().map(|u| u.reason.clone()).unwrap_or_default())
    };
    let size = move || {
        app.unreadable
            .with(|u| u.as_ref().map(|u| u.raw.chars().count()).unwrap_or(0))
    };
    let download = move |_| {
        let raw = app
            .unreadable
            .with_untracked(|u| u.as_ref().map(|u| u.raw.clone()).unwrap_or_default());
        let name = format!(
            "bastion-stored-data-{}.json",
            crate::ui::pages::audit::file_stamp()
        );
        match crate::files::download(&name, "application/json", &raw) {
            Ok(()) => app.notify(format!("Downloaded {name}."), false),
            Err(e) => app.notify(format!("The download failed: {e}."), true),
        }
    };
    let reset = move || match storage::reset() {
        Ok(()) => {
            app.unreadable.set(None);
            app.isms.set(Default::default());
            app.save.set(SaveStatus::Saved {
                at: String::new(),
                chars: 0,
            });
            app.notify(
                "The stored data was removed. You start with an empty ISMS.",
                false,
            );
        }
        Err(e) => app.notify(format!("The stored data could not be removed: {e}."), true),
    };
    view! {
        <section class="page recovery" data-testid="recovery">
            <h1>"Your stored ISMS could not be opened"</h1>
            <div class="banner banner--error" role="alert" data-testid="storage-error">
                <p><strong>"The data stored in this browser was not read: "</strong>{dyn_text(reason)}</p>
                <p>{dyn_text(move || format!("It has been kept in this browser's storage exactly as it was, and the copy offered below holds {} characters. Nothing will be saved over it until you choose what to do.", storage::group(size())))}</p>
            </div>
            <h2>"What you can do"</h2>
            <ol class="recovery__steps">
                <li>
                    <p>"Download the stored text, to keep it or to have it repaired."</p>
                    <button class="btn btn--primary" data-testid="recovery-download" on:click=handler(download)>"Download the stored data"</button>
                </li>
                <li><p>"Import an exported ISMS file (Import, at the top): after you confirm, it replaces the stored data."</p></li>
                <li>
                    <p>"Or start again with an empty ISMS. This deletes the stored data."</p>
                    <button class="btn btn--danger" data-testid="recovery-reset" on:click=handler(move |_| confirm.set(true))>"Reset and start empty"</button>
                </li>
            </ol>
            {show(move || confirm.get(), move || view! {
                <ConfirmDialog title="Delete the stored data?" confirm_label="Delete it and start empty" danger=true
                    confirm_testid="recovery-reset-confirm" cancel_testid="recovery-reset-cancel"
                    on_confirm=Callback::new(move |_| { confirm.set(false); reset(); })
                    on_cancel=Callback::new(move |_| confirm.set(false))>
                    <p>"The stored data cannot be recovered afterwards unless you downloaded it."</p>
                </ConfirmDialog>
            }.into_any(), None)}
        </section>
    }
}
