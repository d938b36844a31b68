//! The app state handed down by context, and the one door through which
//! the UI changes the ISMS ([`AppState::run`]). Saving is debounced here.

use crate::core::kernel::command::Deleted;
use crate::core::{file::format, Change, Command, Ctx, DomainError, Isms};
use crate::storage::{self, Loaded, StorageError};
use crate::ui::route::Route;
use chrono::Utc;
use leptos::prelude::*;
use std::time::Duration;

/// How long edits wait before they are saved (one write for a burst of edits).
pub const SAVE_DELAY: Duration = Duration::from_millis(400);

/// Where saving stands.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveStatus {
    /// Everything is in browser storage; `chars` is its size.
    Saved { at: String, chars: usize },
    /// Changes wait for the debounced save.
    Pending,
    /// The last save failed: the work is only in this tab.
    Failed(StorageError),
    /// Saving is stopped because stored data could not be read.
    Held,
    /// Another tab or window saved the ISMS while changes made here were
    /// waiting to be saved: saving here stops until the user picks a version.
    Conflict,
}

/// Stored data that could not be read: kept untouched until the user decides.
#[derive(Clone, Debug, PartialEq)]
pub struct Unreadable {
    pub raw: String,
    pub reason: String,
}

/// A message for the user.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: u64,
    pub error: bool,
    pub text: String,
    /// After a deletion: what its Undo button puts back.
    pub undo: Option<Deleted>,
    /// The form it is about ([`AppState::new_form`]), 0 for none: it goes
    /// when that form is saved or left.
    pub form: u64,
}

/// An import waiting for the user's confirmation.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    pub file_name: String,
    pub imported: format::Imported,
}

/// An open editor with changes not yet saved: leaving it asks first.
#[derive(Clone)]
pub struct Unsaved {
    /// Which editor registered it (so one editor never clears another's).
    pub seq: u64,
    /// Where the editor is: a move to the same place is not leaving.
    pub route: Route,
    /// What it edits, for the question: "risk R-0001", "the scope".
    pub what: String,
    /// Whether the draft differs from what is stored.
    pub dirty: Signal<bool>,
}

/// Where a move away from an editor with unsaved changes would go.
#[derive(Clone, PartialEq)]
pub enum Leave {
    /// To another page of the app.
    To(Route),
    /// Into the newer release (a reload).
    Update,
}

/// The app's state: a small `Copy` handle passed by context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub isms: RwSignal<Isms>,
    pub actor: RwSignal<Option<String>>,
    pub save: RwSignal<SaveStatus>,
    pub unreadable: RwSignal<Option<Unreadable>>,
    pub notices: RwSignal<Vec<Notice>>,
    pub preview: RwSignal<Option<Preview>>,
    pub route: RwSignal<Route>,
    /// An asset whose deletion the asset list asks to confirm.
    pub pending_delete: RwSignal<Option<String>>,
    /// The open editor that may hold unsaved changes.
    pub unsaved: RwSignal<Option<Unsaved>>,
    /// A move away from unsaved changes, waiting for the user's answer.
    pub leaving: RwSignal<Option<Leave>>,
    /// A newer release of the app is ready to start ([`AppState::take_update`]).
    pub update: RwSignal<bool>,
    save_generation: StoredValue<u64>,
    /// Whether this site's storage is persistent (never cleared by the
    /// browser to free space): `None` until asked, or where it cannot be.
    pub persistent: RwSignal<Option<bool>>,
    storage_asked: StoredValue<bool>,
    notice_seq: StoredValue<u64>,
}

/// The app state from context.
pub fn app() -> AppState {
    use_context::<AppState>().unwrap_or_else(AppState::empty)
}

/// A fresh UUID v4 from the browser's cryptographic random source.
pub fn fresh_id() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    crate::core::kernel::ids::uuid_v4(bytes)
}

/// Times a piece of work as a `performance.measure` entry named `bastion:<name>`
/// (read by the benchmark and visible in the browser's performance tools).
pub fn measured<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let perf = web_sys::window().and_then(|w| w.performance());
    let start = format!("bastion:{name}:start");
    if let Some(p) = &perf {
        let _ = p.mark(&start);
    }
    let out = work();
    if let Some(p) = &perf {
        let _ = p.measure_with_start_mark(&format!("bastion:{name}"), &start);
        p.clear_marks_with_mark_name(&start);
    }
    out
}

impl AppState {
    fn empty() -> Self {
        Self {
            isms: RwSignal::new(Isms::default()),
            actor: RwSignal::new(None),
            save: RwSignal::new(SaveStatus::Saved {
                at: String::new(),
                chars: 0,
            }),
            unreadable: RwSignal::new(None),
            notices: RwSignal::new(Vec::new()),
            preview: RwSignal::new(None),
            route: RwSignal::new(Route::Home),
            pending_delete: RwSignal::new(None),
            unsaved: RwSignal::new(None),
            leaving: RwSignal::new(None),
            update: RwSignal::new(false),
            save_generation: StoredValue::new(0),
            persistent: RwSignal::new(None),
            storage_asked: StoredValue::new(false),
            notice_seq: StoredValue::new(0),
        }
    }

    /// Loads what is stored; what cannot be read is kept and reported.
    pub fn load() -> Self {
        let s = Self::empty();
        s.actor.set(storage::load_actor());
        s.take(measured("load", storage::load));
        s
    }

    /// Shows what was found in storage in place of what this tab holds.
    fn take(&self, loaded: Loaded) {
        // A save still waiting would write the old version back.
        self.save_generation.update_value(|g| *g += 1);
        match loaded {
            Loaded::Empty => {
                self.isms.set(Isms::default());
                self.readable_again();
                self.save.set(SaveStatus::Saved {
                    at: String::new(),
                    chars: 0,
                });
            }
            Loaded::Found(isms, saved_at) => {
                self.isms.set(*isms);
                self.readable_again();
                self.save.set(SaveStatus::Saved {
                    at: saved_at,
                    chars: 0,
                });
            }
            Loaded::Unreadable { raw, error } => {
                self.unreadable.set(Some(Unreadable {
                    raw,
                    reason: error.to_string(),
                }));
                self.save.set(SaveStatus::Held);
            }
            Loaded::Unavailable(e) => self.save.set(SaveStatus::Failed(e)),
        }
    }

    /// Leaves the recovery page, if it shows. Only then: a change of
    /// `unreadable` redraws the page, and with it any open editor.
    fn readable_again(&self) {
        if self.unreadable.with_untracked(Option::is_some) {
            self.unreadable.set(None);
        }
    }

    /// Another tab or window of this browser changed the stored ISMS. With
    /// nothing waiting to be saved here, this tab shows the stored version.
    /// With changes waiting (or a failed save), neither version may be
    /// lost: saving stops and the user chooses ([`Self::use_stored`] or
    /// [`Self::keep_this_version`]).
    pub fn stored_elsewhere(&self) {
        match self.save.get_untracked() {
            SaveStatus::Pending | SaveStatus::Failed(_) | SaveStatus::Conflict => {
                self.save_generation.update_value(|g| *g += 1);
                self.save.set(SaveStatus::Conflict);
            }
            SaveStatus::Saved { .. } | SaveStatus::Held => {
                self.take(measured("load", storage::load));
                self.notify(
                    "This ISMS was changed in another tab or window of this browser; this tab now shows that version.",
                    false,
                );
            }
        }
    }

    /// Resolves a conflict with the stored version: the changes made here
    /// that were not saved are dropped.
    pub fn use_stored(&self) {
        self.take(measured("load", storage::load));
        self.notify(
            "This tab now shows the version saved in the other tab or window.",
            false,
        );
    }

    /// Resolves a conflict with this tab's version: it replaces the stored one.
    pub fn keep_this_version(&self) {
        self.save.set(SaveStatus::Pending);
        self.write(true);
        if matches!(self.save.get_untracked(), SaveStatus::Saved { .. }) {
            self.notify(
                "Saved this tab's version; it replaces the one saved in the other tab or window.",
                false,
            );
        }
    }

    /// What an open editor would lose by a move to `to`: the name of what it
    /// edits, or `None` when there is nothing to lose (no editor, no change,
    /// or `to` is where the editor already is). `None` for `to` asks about
    /// leaving the page altogether.
    pub fn would_lose(&self, to: Option<&Route>) -> Option<String> {
        self.unsaved.with_untracked(|u| {
            let u = u.as_ref()?;
            let moving = to.is_none_or(|to| *to != u.route);
            (moving && u.dirty.try_get_untracked().unwrap_or(false)).then(|| u.what.clone())
        })
    }

    /// The one door for changes: applies `cmd` to the ISMS with the current
    /// time, actor and fresh ids, then schedules a save.
    pub fn run(&self, cmd: Command) -> Result<Change, DomainError> {
        let actor = self.actor.get_untracked().unwrap_or_default();
        let mut new_id = fresh_id;
        let mut ctx = Ctx {
            now: Utc::now(),
            actor: &actor,
            new_id: &mut new_id,
        };
        let result = self
            .isms
            .try_maybe_update(|m| {
                let r = m.apply(cmd, &mut ctx);
                let changed = matches!(&r, Ok(c) if !c.entries.is_empty());
                (changed, r)
            })
            .unwrap_or(Err(DomainError::NoActor));
        if matches!(&result, Ok(c) if !c.entries.is_empty()) {
            self.schedule_save();
        }
        result
    }

    /// Saves after [`SAVE_DELAY`] unless another change comes first.
    pub fn schedule_save(&self) {
        if self.unreadable.get_untracked().is_some()
            || self.save.get_untracked() == SaveStatus::Conflict
        {
            return;
        }
        self.save.set(SaveStatus::Pending);
        let generation = self.save_generation.get_value() + 1;
        self.save_generation.set_value(generation);
        let this = *self;
        set_timeout(
            move || {
                if this.save_generation.try_get_value() == Some(generation) {
                    this.save_now();
                }
            },
            SAVE_DELAY,
        );
    }

    /// Runs the command of a one-record form (organisation, scope): field
    /// errors go beside the fields, the outcome to a notice. `what` names the
    /// record in a sentence ("the scope"), `subject` starts one ("The scope").
    pub fn save_form(
        &self,
        cmd: Command,
        errors: RwSignal<Vec<crate::core::FieldError>>,
        what: &str,
        subject: &str,
    ) {
        match self.run(cmd) {
            Ok(c) => {
                errors.set(Vec::new());
                let text = if c.entries.is_empty() {
                    "Nothing had changed.".to_string()
                } else {
                    format!("Saved {what}.")
                };
                self.notify(text, false);
            }
            Err(DomainError::Invalid(errs)) => {
                errors.set(errs);
                crate::ui::kit::dialog::focus_first_error();
                self.notify(
                    format!("{subject} was not saved: please correct the fields marked in red."),
                    true,
                );
            }
            Err(e) => self.notify(e.to_string(), true),
        }
    }

    /// Reloads into the newer release of the app once nothing would be lost:
    /// what waits is saved first; a save that failed or is paused stops it,
    /// with a notice; an editor with unsaved changes asks first, unless
    /// `asked`. The service worker (public/boot.js) then takes over and the
    /// page reloads.
    pub fn take_update(&self, asked: bool) {
        self.flush();
        if !matches!(self.save.get_untracked(), SaveStatus::Saved { .. }) {
            self.notify(
                "The new version is not started: your changes are not saved in this browser yet. Deal with the message about saving first.",
                true,
            );
            return;
        }
        if !asked && self.would_lose(None).is_some() {
            self.leaving.set(Some(Leave::Update));
            return;
        }
        if let (Some(w), Ok(ev)) = (
            web_sys::window(),
            web_sys::Event::new("bastion-take-update"),
        ) {
            let _ = w.dispatch_event(&ev);
        }
    }

    /// Saves at once if anything waits (page hidden or closing).
    pub fn flush(&self) {
        if matches!(
            self.save.get_untracked(),
            SaveStatus::Pending | SaveStatus::Failed(_)
        ) {
            self.save_now();
        }
    }

    /// Writes the ISMS to storage now and reports the outcome.
    pub fn save_now(&self) {
        if self.unreadable.get_untracked().is_some() {
            self.save.set(SaveStatus::Held);
            return;
        }
        if self.save.get_untracked() == SaveStatus::Conflict {
            return;
        }
        self.write(false);
    }

    /// Once data exists, asks the browser (once a session) to keep this
    /// site's storage, so that it is never cleared to free space; Settings
    /// says whether it was granted.
    pub fn keep_storage(&self) {
        if self.storage_asked.get_value() {
            return;
        }
        self.storage_asked.set_value(true);
        let persistent = self.persistent;
        leptos::task::spawn_local(async move {
            let granted = match storage::persistence("persisted").await {
                Some(true) => Some(true),
                _ => storage::persistence("persist").await,
            };
            persistent.set(granted);
        });
    }

    /// Writes the ISMS; `over_other`: even over a version another tab saved.
    fn write(&self, over_other: bool) {
        self.save_generation.update_value(|g| *g += 1);
        let now = Utc::now();
        let result = measured("save", || {
            let text = self.isms.with_untracked(|m| format::store(m, now));
            storage::save(&text, over_other)
        });
        match result {
            Ok(chars) => {
                self.save.set(SaveStatus::Saved {
                    at: crate::core::kernel::command::timestamp(now),
                    chars,
                });
                self.keep_storage();
            }
            // Another tab saved first (its event may not have come yet).
            Err(StorageError::ChangedElsewhere) => self.save.set(SaveStatus::Conflict),
            Err(e) => self.save.set(SaveStatus::Failed(e)),
        }
    }

    /// Shows a message. Errors stay until dismissed; others fade after a while.
    pub fn notify(&self, text: impl Into<String>, error: bool) {
        self.push_notice(text.into(), error, None, 0);
    }

    /// A number for a form, whose notices ([`Self::notify_form`]) go with
    /// [`Self::dismiss_form`].
    pub fn new_form(&self) -> u64 {
        let id = self.notice_seq.get_value() + 1;
        self.notice_seq.set_value(id);
        id
    }

    /// A notice about the form `form`: it stays until that form is saved or
    /// left (or it is dismissed).
    pub fn notify_form(&self, form: u64, text: impl Into<String>, error: bool) {
        self.push_notice(text.into(), error, None, form);
    }

    /// Takes away the notices about the form `form`.
    pub fn dismiss_form(&self, form: u64) {
        if self
            .notices
            .with_untracked(|n| n.iter().any(|x| x.form == form))
        {
            self.notices.update(|n| n.retain(|x| x.form != form));
        }
    }

    /// Shows a notice. Errors stay until dismissed; others go after a few
    /// seconds, or a little later when they offer an Undo.
    fn push_notice(&self, text: String, error: bool, undo: Option<Deleted>, form: u64) {
        let id = self.notice_seq.get_value() + 1;
        self.notice_seq.set_value(id);
        let lasts = if undo.is_some() { 12 } else { 6 };
        self.notices.update(|n| {
            n.push(Notice {
                id,
                error,
                text,
                undo,
                form,
            });
            if n.len() > 5 {
                n.remove(0);
            }
        });
        if !error {
            let notices = self.notices;
            set_timeout(
                move || notices.update(|n| n.retain(|x| x.id != id)),
                Duration::from_secs(lasts),
            );
        }
    }

    /// Runs a delete command. The notice says what was deleted (and from how
    /// many records it was removed) and offers an Undo; a refusal is shown
    /// as an error. Whether it was deleted.
    pub fn delete(&self, cmd: Command) -> bool {
        match self.run(cmd) {
            Ok(c) => {
                let said = c
                    .entries
                    .last()
                    .map(|e| e.summary.clone())
                    .unwrap_or_else(|| "Deleted".into());
                let text = match c.entries.len().saturating_sub(1) {
                    0 => format!("{said}."),
                    1 => format!("{said}, and removed it from the record that referred to it."),
                    n => {
                        format!("{said}, and removed it from the {n} records that referred to it.")
                    }
                };
                self.push_notice(text, false, c.restore, 0);
                true
            }
            Err(e) => {
                self.notify(e.to_string(), true);
                false
            }
        }
    }

    /// The Undo of the deletion the notice `notice` reported.
    pub fn undo(&self, notice: u64, deleted: Deleted) {
        if self.restore(Ok(deleted)) {
            self.dismiss(notice);
        }
    }

    /// Puts back the record the delete entry `seq` of the log took away,
    /// however long ago, with the links the deletion removed.
    pub fn restore_logged(&self, seq: u64) {
        self.restore(self.isms.with_untracked(|m| m.deletion(seq)));
    }

    /// Puts a deleted record back and says so (or why not); whether it did.
    fn restore(&self, deleted: Result<Deleted, String>) -> bool {
        let done = deleted.and_then(|d| self.run(Command::Restore(d)).map_err(|e| e.to_string()));
        match done {
            Ok(c) => {
                let said = c
                    .entries
                    .first()
                    .map(|e| e.summary.clone())
                    .unwrap_or_else(|| "Restored".into());
                self.notify(format!("{said}."), false);
                true
            }
            Err(e) => {
                self.notify(format!("The deletion could not be undone: {e}"), true);
                false
            }
        }
    }

    pub fn dismiss(&self, id: u64) {
        self.notices.update(|n| n.retain(|x| x.id != id));
    }

    /// Downloads the whole ISMS as an export file.
    pub fn export(&self) {
        let by = self.actor.get_untracked().unwrap_or_default();
        let now = Utc::now();
        let (text, org) = measured("export", || {
            self.isms
                .with_untracked(|m| (format::export(m, now, &by), m.organisation.name.clone()))
        });
        let name = format!(
            "{}-{}.json",
            crate::files::export_stem(&org),
            crate::ui::pages::audit::file_stamp()
        );
        match crate::files::download(&name, "application/json", &text) {
            Ok(()) => {
                storage::note_export(&crate::core::kernel::command::timestamp(now));
                self.notify(format!("Exported {name}."), false)
            }
            Err(e) => self.notify(format!("The export could not be downloaded: {e}."), true),
        }
    }

    /// Applies a confirmed import: replaces the ISMS and saves at once.
    pub fn confirm_import(&self) {
        let Some(p) = self.preview.get_untracked() else {
            return;
        };
        // An explicit, confirmed replacement also replaces unreadable stored data.
        let kept = self.unreadable.get_untracked();
        self.unreadable.set(None);
        match self.run(Command::ReplaceAll {
            isms: Box::new(p.imported.isms),
            source: format!("file {}", p.file_name),
        }) {
            Ok(_) => {
                self.preview.set(None);
                self.save_now();
                self.notify(format!("Imported {}.", p.file_name), false);
            }
            Err(e) => {
                self.unreadable.set(kept);
                self.notify(
                    format!("The import failed and nothing was changed: {e}"),
                    true,
                );
            }
        }
    }
}

/// Today's date in this browser's time zone, `YYYY-MM-DD`: what due dates,
/// review dates and expiries are compared with.
pub fn today() -> String {
    crate::core::kernel::dates::Date::new(chrono::Local::now().date_naive()).to_string()
}
