//! One editor for every kind of record of the core's table (assets,
//! issues, interested parties, risks). It finds the record of the link or
//! starts a new one, keeps the draft, asks before unsaved changes are left,
//! refuses to save over a version saved elsewhere ([`Versioned`]), saves
//! through the one door with a notice, closes back to the list, deletes
//! with an Undo, and says so when the record of the link does not exist.
//! The page gives only its fields.
//!
//! The part that depends on the kind is small; the form around the fields
//! is drawn by one function for every kind ([`frame`]), so that each kind
//! adds little WebAssembly.

use crate::core::{Change, Command, FieldError, Record, RecordKind};
use crate::ui::kit::reactive::memo;
use crate::ui::kit::reactive::{on_click, on_submit};
use crate::ui::kit::unsaved::{track_unsaved, unsaved_mark};
use crate::ui::kit::versioned::Versioned;
use crate::ui::route::Route;
use crate::ui::shell::go;
use crate::ui::state::app;
use leptos::prelude::*;

/// What the fields of a record editor work with.
pub struct Editing<T: Record> {
    /// The record as edited: what Save saves.
    pub draft: RwSignal<T>,
    /// The field errors of the last refused save, by the paths of the
    /// core's rules (`name`, `requirements[2].text`).
    pub errors: RwSignal<Vec<FieldError>>,
    /// Whether the record is new (not stored yet).
    pub is_new: bool,
    close: Callback<()>,
    ask_delete: StoredValue<Option<Callback<()>>>,
}

impl<T: Record> Clone for Editing<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Record> Copy for Editing<T> {}

impl<T: Record> Editing<T> {
    /// Leaves the editor for the list, without asking about its changes.
    pub fn close(self) {
        self.close.run(())
    }

    /// Deletes the record (its notice offers an Undo) and closes the
    /// editor; `detach`: also removes it from the records that list it.
    pub fn delete(self, detach: bool) {
        let id = self.draft.with_untracked(|d| d.id().to_string());
        delete(T::KIND, id, detach, self.close);
    }

    /// What the Delete button does instead of deleting at once: the asset
    /// editor first asks when other records refer to the asset.
    pub fn on_delete(self, ask: Callback<()>) {
        self.ask_delete.set_value(Some(ask));
    }
}

/// Creates or edits one record of kind `T`; the page gives its fields.
#[component]
pub fn RecordEditor<T: Record, F>(
    /// From the link: `new`, a reference (`A-0001`) or an id.
    key: String,
    /// The prefix of the editor's test ids: `<testid>-editor` (the form),
    /// `-save`, `-close`, `-delete`.
    testid: &'static str,
    /// A new record, as the form starts it.
    blank: fn() -> T,
    /// The form's fields.
    fields: F,
    /// The link of the missing-record view (default "Back to the list").
    #[prop(optional)]
    back_label: Option<&'static str>,
) -> impl IntoView
where
    F: FnOnce(Editing<T>) -> AnyView + 'static,
{
    let app = app();
    let list = Route::record::<T>(None);
    let found = if key == "new" {
        Some(blank())
    } else {
        app.isms.with_untracked(|m| {
            T::list(m)
                .iter()
                .find(|x| x.reference() == key || x.id() == key)
                .cloned()
        })
    };
    let Some(start) = found else {
        return missing_record(
            T::INFO.noun,
            &key,
            list.href(),
            back_label.unwrap_or("Back to the list"),
        );
    };
    let is_new = start.id().is_empty();
    let heading = editor_heading(is_new, T::INFO.noun, start.reference(), start.title());
    let what = record_what(is_new, T::INFO.noun, start.reference());
    // A save first checks the record is still the one opened.
    let versioned = Versioned::new(&start);
    let baseline = start.clone();
    let draft = RwSignal::new(start);
    let dirty = Signal::from(memo(move || draft.with(|d| *d != baseline)));
    let release = track_unsaved(what, dirty);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let to_list = list.clone();
    let close = Callback::new(move |()| {
        release();
        go(&to_list);
    });
    let save = Callback::new(move |()| {
        if !versioned.unchanged() {
            return;
        }
        match app.run(Command::save(draft.get_untracked())) {
            Ok(change) => {
                versioned.saved();
                saved(change, T::KIND, is_new, errors, close)
            }
            Err(e) => versioned.refused(e, errors, T::INFO.noun),
        }
    });
    let editing = Editing {
        draft,
        errors,
        is_new,
        close,
        ask_delete: StoredValue::new(None),
    };
    let delete = Callback::new(move |()| match editing.ask_delete.get_value() {
        Some(ask) => ask.run(()),
        None => editing.delete(false),
    });
    // After a refusal because the record changed elsewhere: save over it
    // on purpose, or drop the edits.
    let overwrite = move || {
        versioned.take_over(draft);
        save.run(());
    };
    let banner = versioned.banner(overwrite, move || close.run(()));
    frame(Frame {
        testid,
        noun: T::INFO.noun,
        list: list.href(),
        heading,
        is_new,
        dirty,
        banner,
        fields: fields(editing),
        save,
        delete,
    })
}

/// Deletes a record (its notice offers an Undo), then closes its editor.
fn delete(kind: RecordKind, id: String, detach: bool, close: Callback<()>) {
    if app().delete(Command::Delete { kind, id, detach }) {
        close.run(());
    }
}

/// After a successful save: the notice ("Created asset A-0001 “Payroll”."),
/// and back to the list.
fn saved(
    change: Change,
    kind: RecordKind,
    is_new: bool,
    errors: RwSignal<Vec<FieldError>>,
    close: Callback<()>,
) {
    let app = app();
    let (reference, title) = change
        .record_id
        .and_then(|id| app.isms.with_untracked(|m| m.describe(kind, &id)))
        .unwrap_or_default();
    let verb = if is_new {
        "Created"
    } else if change.entries.is_empty() {
        "No changes to"
    } else {
        "Saved"
    };
    let noun = kind.info().map_or("record", |i| i.noun);
    errors.set(Vec::new());
    // Focus goes to the saved record's row in the list.
    crate::ui::shell::focus_after_move(format!(
        "main table a[href=\"{}\"]",
        Route::Record(kind, Some(reference.clone())).href()
    ));
    app.notify(
        format!(
            "{verb} {noun} {reference} \u{201c}{}\u{201d}.",
            title.trim()
        ),
        false,
    );
    close.run(());
}

/// The form around a record's fields, the same for every kind.
struct Frame {
    testid: &'static str,
    noun: &'static str,
    /// The list's link (`#/assets`).
    list: String,
    heading: String,
    is_new: bool,
    dirty: Signal<bool>,
    banner: AnyView,
    fields: AnyView,
    save: Callback<()>,
    delete: Callback<()>,
}

fn frame(f: Frame) -> AnyView {
    let Frame {
        testid,
        noun,
        list,
        heading,
        is_new,
        dirty,
        banner,
        fields,
        save,
        delete,
    } = f;
    let save_label = if is_new {
        format!("Create {noun}")
    } else {
        "Save changes".to_string()
    };
    let aria = heading.clone();
    view! {
        <form class="editor" data-testid=format!("{testid}-editor") aria-label=aria
            on:submit=on_submit(move || save.run(()))>
            <div class="editor__header">
                <h2 class="editor__title">{heading}</h2>
                {unsaved_mark(dirty)}
                <a class="btn btn--ghost" href=list.clone() data-testid=format!("{testid}-close")>"Close"</a>
            </div>
            {banner}
            {fields}
            <div class="editor__actions">
                <button type="submit" class="btn btn--primary" data-testid=format!("{testid}-save")>{save_label}</button>
                <a class="btn" href=list>"Cancel"</a>
                {(!is_new).then(|| view! {
                    <button type="button" class="btn btn--danger editor__delete" data-testid=format!("{testid}-delete")
                        on:click=on_click(move || delete.run(()))>"Delete"</button>
                })}
            </div>
        </form>
    }
    .into_any()
}

/// What an editor shows when the record in the link does not exist (any
/// more): `noun` names its kind ("asset"), `back` leads to the list.
pub fn missing_record(noun: &str, key: &str, back: String, back_label: &'static str) -> AnyView {
    view! {
        <div class="editor editor--missing" role="alert">
            <p>{format!("There is no {noun} {key}. It may have been deleted.")}</p>
            <a class="btn" href=back>{back_label}</a>
        </div>
    }
    .into_any()
}

/// What a record editor edits, for the question before leaving it: "the new
/// risk", "risk R-0001".
pub fn record_what(is_new: bool, noun: &str, reference: &str) -> String {
    if is_new {
        format!("the new {noun}")
    } else {
        format!("{noun} {reference}")
    }
}

/// An editor's heading: "New asset", or "A-0001 — Payroll database".
pub fn editor_heading(is_new: bool, noun: &str, reference: &str, name: &str) -> String {
    if is_new {
        format!("New {noun}")
    } else {
        format!("{reference} \u{2014} {name}")
    }
}
