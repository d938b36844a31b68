//! Unsaved changes: the guard that asks before an editor with changes is
//! left, the mark beside its title, and how a one-record form nobody
//! touched follows what is stored.

use crate::ui::state::app;
use leptos::prelude::*;

/// Registers an editor whose draft may differ from what is stored, so that
/// leaving it (a link, Back, closing the tab) asks before its changes are
/// lost. `what` names what it edits ("risk R-0001"). Returns the release to
/// call once the draft is saved or deleted, just before moving on.
pub fn track_unsaved(
    what: String,
    dirty: Signal<bool>,
) -> impl Fn() + Copy + Send + Sync + 'static {
    use crate::ui::state::Unsaved;
    use std::sync::atomic::{AtomicU64, Ordering};
    static SEQ: AtomicU64 = AtomicU64::new(1);
    let app = app();
    let seq = SEQ.fetch_add(1, Ordering::Relaxed);
    app.unsaved.set(Some(Unsaved {
        seq,
        route: app.route.get_untracked(),
        what,
        dirty,
    }));
    let release = move || {
        let ours = app
            .unsaved
            .try_with_untracked(|u| u.as_ref().is_some_and(|u| u.seq == seq))
            .unwrap_or(false);
        if ours {
            app.unsaved.set(None);
        }
    };
    on_cleanup(release);
    release
}

/// "Unsaved changes" beside an editor's title while its draft differs from
/// what is stored.
pub fn unsaved_mark(dirty: Signal<bool>) -> impl IntoView {
    crate::ui::kit::reactive::dynamic(move || {
        dirty.get().then(|| {
            view! { <span class="editor__dirty" data-testid="editor-unsaved">"Unsaved changes"</span> }
        })
    })
}

/// Keeps the untouched draft of a one-record form (organisation, scope, risk
/// method) in step with what is stored when another tab saves or a file is
/// imported: a draft equal to the stored value before the change follows
/// it; a draft with edits stays as it is.
pub fn follow_stored<T>(
    draft: RwSignal<T>,
    stored: impl Fn(&crate::core::Isms) -> T + Send + Sync + 'static,
) where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let app = app();
    Effect::watch(
        move || app.isms.with(&stored),
        move |now: &T, before: Option<&T>, _| {
            if before.is_some_and(|b| draft.with_untracked(|d| d == b)) {
                draft.set(now.clone());
            }
        },
        false,
    );
}
