//! Settings: who you are, how much storage the ISMS uses, copies and reset.

use crate::core::file::format;
use crate::storage::{self, group, QUOTA_CHARS};
use crate::ui::kit::dialog::ConfirmDialog;
use crate::ui::kit::reactive::memo;
use crate::ui::kit::reactive::{dyn_opt_text, dyn_text, dynamic, handler, on_value, show};
use crate::ui::pages::PageHeader;
use crate::ui::state::{app, SaveStatus};
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let app = app();
    let name = RwSignal::new(app.actor.get_untracked().unwrap_or_default());
    let name_error = RwSignal::new(None::<String>);
    let last_export = RwSignal::new(storage::last_export());
    // Whether the browser keeps the data, asked once there is some.
    if app.isms.with_untracked(|m| !m.audit_log.is_empty()) {
        app.keep_storage();
    }
    let save_name = move |_| {
        let n = name.get_untracked().trim().to_string();
        if n.is_empty() || n.chars().count() > crate::core::kernel::check::MAX_SHORT {
            name_error.set(Some("Enter a name of 1 to 200 characters.".into()));
            return;
        }
        name_error.set(None);
        match storage::save_actor(&n) {
            Ok(()) => app.notify(format!("Changes are now recorded as made by {n}."), false),
            Err(e) => app.notify(
                format!("Your name is used for this visit but could not be remembered: {e}."),
                true,
            ),
        }
        app.actor.set(Some(n));
    };
    // Recomputed whenever a save finishes.
    let usage = memo(move || {
        app.save.track();
        storage::usage()
    });
    let confirm_reset = RwSignal::new(false);
    let reset = move || match storage::reset() {
        Ok(()) => {
            app.isms.set(Default::default());
            app.save.set(SaveStatus::Saved {
                at: String::new(),
                chars: 0,
            });
            app.notify("The ISMS was deleted from this browser.", false);
        }
        Err(e) => app.notify(format!("The ISMS could not be deleted: {e}."), true),
    };
    view! {
        <section class="page">
            <PageHeader title="Settings" clause="" help="This browser's copy of the ISMS, and who you are in the audit log." />
            <div class="card">
                <h2>"Your name"</h2>
                <p class="page__help">"Recorded with every change you make. It is kept in this browser only."</p>
                <div class="inline-form">
                    <div class="field" class:field--invalid=move || name_error.with(|e| e.is_some())>
                        <label class="field__label" for="settings-actor">"Name"</label>
                        <input id="settings-actor" type="text" data-testid="settings-actor"
                            prop:value=move || name.get() on:input=on_value(move |v| name.set(v)) />
                        <span class="field__error" role="alert">{dyn_opt_text(move || name_error.get())}</span>
                    </div>
                    <button class="btn" data-testid="settings-actor-save" on:click=handler(save_name)>"Save name"</button>
                </div>
            </div>
            <div class="card" data-testid="storage-usage">
                <h2>"Storage"</h2>
                {dynamic(move || match usage.get() {
                    Ok((total, isms)) => {
                        let pct = crate::core::kernel::command::percent(isms as u64, QUOTA_CHARS as u64);
                        view! {
                            <p>{format!("The ISMS uses {} characters: {}% of the about {} characters this browser keeps for this site ({} characters in all, with other keys).",
                                group(isms), pct, group(QUOTA_CHARS), group(total))}</p>
                            <meter class="meter" min="0" max="100" low="70" high="90" optimum="0" value=pct.clone()>{format!("{pct}%")}</meter>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="warning">{format!("Storage cannot be read: {e}.")}</p> }.into_any(),
                })}
                <p data-testid="storage-persistent">{dyn_text(move || match app.persistent.get() {
                    Some(true) => "Persistent: this browser keeps Bastion's data and does not clear it to free space.",
                    Some(false) => "Not persistent: this browser may clear Bastion's data when space runs low or after a long time unused. Export the ISMS regularly and keep the file somewhere safe.",
                    None => "Not known yet: the browser is asked to keep the data once there is some.",
                }.to_string())}</p>
                <p data-testid="data-location">{data_location()}</p>
                <p data-testid="last-export">{dyn_text(move || match last_export.get() {
                    Some(at) => format!("Last exported from this browser: {}.", crate::ui::pages::audit::local_time(&at)),
                    None => "Not exported from this browser yet.".to_string(),
                })}</p>
                <p class="page__help">
                    "Storage keys: "<code>{storage::KEY_ISMS}</code>" (the ISMS, format "<code>{format::STORE_FORMAT}</code>
                    ", schema "{format::SCHEMA_VERSION}") and "<code>{storage::KEY_ACTOR}</code>" (your name)."
                </p>
                <div class="editor__actions">
                    <button class="btn" on:click=handler(move |_| { app.export(); last_export.set(storage::last_export()); })>"Export the ISMS"</button>
                    <button class="btn btn--danger" data-testid="settings-reset" on:click=handler(move |_| confirm_reset.set(true))>"Delete the ISMS from this browser"</button>
                </div>
            </div>
            {show(move || confirm_reset.get(), move || view! {
                <ConfirmDialog title="Delete the ISMS from this browser?" confirm_label="Delete everything" danger=true
                    confirm_testid="settings-reset-confirm" cancel_testid="settings-reset-cancel"
                    on_confirm=Callback::new(move |_| { confirm_reset.set(false); reset(); })
                    on_cancel=Callback::new(move |_| confirm_reset.set(false))>
                    <p>"Every record and the audit log are removed from this browser. Export first if you may need them: this cannot be undone."</p>
                </ConfirmDialog>
            }.into_any(), None)}
        </section>
    }
}

/// Where the ISMS lives and how to move it: this site's storage, or, in the
/// single-file edition opened from disk, the storage for files.
fn data_location() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    if href.starts_with("file:") {
        return "This is the single-file edition: your ISMS is kept in this browser's storage for files opened from disk. Chromium shares it between all such files; other browsers may keep it per file, so a moved or renamed copy can open empty. Export the ISMS to move it or back it up.".into();
    }
    // The origin: the address up to the path ("https://host:port").
    let end = href
        .match_indices('/')
        .nth(2)
        .map_or(href.len(), |(i, _)| i);
    format!("Your ISMS is kept in this browser's storage for {}, not on a server. Export it to move it to another browser or back it up.", &href[..end])
}
