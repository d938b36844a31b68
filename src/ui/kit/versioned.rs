//! An editor's guard against overwriting a change made elsewhere: another
//! tab's save or an import while the editor was open. Before it saves, the
//! editor checks that the stored record is still the one it opened
//! (compared whole: `updated_at` has one-second steps); if not, nothing is
//! saved, and a banner offers to save over that change on purpose or to
//! drop the edits.

use crate::core::{DomainError, FieldError, Record};
use crate::ui::kit::reactive::{dynamic, on_click};
use crate::ui::state::app;
use leptos::prelude::*;

/// The record an editor opened, and whether its last save was refused
/// because the stored one changed since.
pub struct Versioned<T: Record> {
    opened: StoredValue<T>,
    stale: RwSignal<bool>,
    /// The editor's form: its notices go when it is saved or left.
    form: u64,
}

impl<T: Record> Clone for Versioned<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Record> Copy for Versioned<T> {}

impl<T: Record> Versioned<T> {
    pub fn new(opened: &T) -> Self {
        let app = app();
        let form = app.new_form();
        // Leaving the editor takes its notices away.
        on_cleanup(move || app.dismiss_form(form));
        Versioned {
            opened: StoredValue::new(opened.clone()),
            stale: RwSignal::new(false),
            form,
        }
    }

    /// Before a save: whether the stored record is still the one opened.
    /// When it is not, says so ([`DomainError::Stale`]) and shows the
    /// choice. A new record (nothing stored) passes.
    pub fn unchanged(&self) -> bool {
        let changed = self.opened.with_value(|o| {
            app()
                .isms
                .with_untracked(|m| m.find::<T>(o.id()).filter(|c| *c != o).cloned())
        });
        match changed {
            Some(c) => {
                let e = DomainError::Stale {
                    kind: T::KIND,
                    reference: c.reference().to_string(),
                    current: c.updated_at().to_string(),
                };
                self.stale.set(true);
                app().notify_form(self.form, e.to_string(), true);
                false
            }
            None => true,
        }
    }

    /// Reports why a save was refused: field errors go beside the fields
    /// (`errors`), with a notice naming the record (`noun`: "risk"); a save
    /// refused as stale (here or by the core) also shows the choice.
    pub fn refused(&self, e: DomainError, errors: RwSignal<Vec<FieldError>>, noun: &str) {
        refused(self.stale, self.form, e, errors, noun)
    }

    /// After a save: the form's notices (its errors) go.
    pub fn saved(&self) {
        app().dismiss_form(self.form);
    }

    /// Saving over the stored version, on purpose: it becomes the version
    /// the editor opened, and the one the draft's save starts from.
    pub fn take_over(&self, draft: RwSignal<T>) {
        let id = self.opened.with_value(|o| o.id().to_string());
        if let Some(c) = app().isms.with_untracked(|m| m.find::<T>(&id).cloned()) {
            draft.update(|d| *d.ident_mut().updated_at = c.updated_at().to_string());
            self.opened.set_value(c);
        }
        self.stale.set(false);
    }

    /// The choice, shown after a refused save: `overwrite` (after
    /// [`Self::take_over`]) or `discard`.
    pub fn banner(
        self,
        overwrite: impl Fn() + Send + Sync + 'static,
        discard: impl Fn() + Send + Sync + 'static,
    ) -> AnyView {
        banner(
            self.stale,
            Callback::new(move |()| overwrite()),
            Callback::new(move |()| discard()),
        )
    }
}

/// [`Versioned::refused`], the same for every kind of record.
fn refused(
    stale: RwSignal<bool>,
    form: u64,
    e: DomainError,
    errors: RwSignal<Vec<FieldError>>,
    noun: &str,
) {
    let app = app();
    match e {
        DomainError::Invalid(errs) => {
            errors.set(errs);
            crate::ui::kit::dialog::focus_first_error();
            app.notify_form(
                form,
                format!("The {noun} was not saved: please correct the fields marked in red."),
                true,
            );
        }
        e => {
            stale.set(matches!(e, DomainError::Stale { .. }));
            app.notify_form(form, e.to_string(), true);
        }
    }
}

/// [`Versioned::banner`], the same for every kind of record.
fn banner(stale: RwSignal<bool>, overwrite: Callback<()>, discard: Callback<()>) -> AnyView {
    dynamic(move || {
        stale.get().then(|| {
            view! {
                <div class="banner banner--error" role="alert" data-testid="editor-stale">
                    <strong>"Changed elsewhere. "</strong>
                    "Since you opened it, this record was saved in another tab or window (or replaced by an import). Saving yours would undo that change; the audit log shows what it was."
                    <div class="banner__actions">
                        <button type="button" class="btn" data-testid="stale-overwrite"
                            on:click=on_click(move || overwrite.run(()))>"Save mine anyway"</button>
                        <button type="button" class="btn" data-testid="stale-discard"
                            on:click=on_click(move || { stale.set(false); discard.run(()) })>"Drop my changes and close"</button>
                    </div>
                </div>
            }
        })
    })
    .into_any()
}
