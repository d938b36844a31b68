//! The app shell: header, navigation, notices, first-run prompt, the page
//! for the current route, and the listeners that talk to the outside world.

use crate::ui::import::{install_drop_target, ImportButton, ImportPreview};
use crate::ui::kit::dialog::{focus_fallback, focus_first};
use crate::ui::kit::notices::Notices;
use crate::ui::kit::reactive::memo;
use crate::ui::kit::reactive::{
    dyn_opt_text, dyn_text, dynamic, handler, on_submit, on_value, while_mounted,
};
use crate::ui::pages;
use crate::ui::route::{Route, AREAS};
use crate::ui::state::{app, AppState, Leave, SaveStatus};
use leptos::prelude::*;

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Moves to `route` (records a history entry, so Back works). When an open
/// editor has unsaved changes, asks first (see [`LeaveDialog`]).
pub fn go(route: &Route) {
    let app = app();
    if app.would_lose(Some(route)).is_some() {
        app.leaving.set(Some(Leave::To(route.clone())));
        return;
    }
    set_hash(&route.href());
}

fn set_hash(href: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(href);
    }
}

/// Shows `href` in the address bar without a new history entry or a
/// `hashchange`.
fn replace_hash(href: &str) {
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
    }
}

/// The route of an in-app link that was clicked plainly (no modifier key, so
/// not opened elsewhere), if any.
fn clicked_route(ev: &web_sys::MouseEvent) -> Option<Route> {
    use wasm_bindgen::JsCast;
    if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
        return None;
    }
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let link = target.closest("a[href^='#/']").ok()??;
    Some(Route::parse(&link.get_attribute("href")?))
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::load();
    provide_context(state);
    state.route.set(Route::parse(&current_hash()));

    while_mounted(window_event_listener(leptos::ev::hashchange, move |_| {
        let to = Route::parse(&current_hash());
        if state.would_lose(Some(&to)).is_some() {
            // Back, Forward or a typed address: stay, put the address back
            // and ask.
            replace_hash(&state.route.get_untracked().href());
            state.leaving.set(Some(Leave::To(to)));
        } else {
            // After a move (not the first load), focus goes where the page
            // starts, once it is drawn.
            let before = state.route.get_untracked();
            let next = FOCUS_NEXT.with(|f| f.borrow_mut().take());
            state.route.set(to.clone());
            if before != to {
                request_animation_frame(move || focus_after(&before, &to, next));
            }
        }
    }));
    // A link away from unsaved changes asks before it is followed.
    while_mounted(window_event_listener(leptos::ev::click, move |ev| {
        if ev.default_prevented() {
            return;
        }
        if let Some(to) = clicked_route(&ev) {
            if state.would_lose(Some(&to)).is_some() {
                ev.prevent_default();
                state.leaving.set(Some(Leave::To(to)));
            }
        }
    }));
    // A newer release is ready (public/boot.js tells, now or later).
    let told = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"bastionUpdate".into()).ok())
        .is_some_and(|v| v.is_truthy());
    state.update.set(told);
    while_mounted(window_event_listener_untyped("bastion-update", move |_| {
        state.update.set(true)
    }));
    // Never lose a pending save: flush when the page is hidden or left.
    while_mounted(window_event_listener_untyped(
        "visibilitychange",
        move |_| {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
            if hidden {
                state.flush();
            }
        },
    ));
    while_mounted(window_event_listener(leptos::ev::pagehide, move |_| {
        state.flush()
    }));
    // Another tab or window of this browser saved: follow it, or ask when
    // changes made here wait to be saved.
    while_mounted(window_event_listener_untyped("storage", move |ev| {
        use wasm_bindgen::JsCast;
        let Ok(ev) = ev.dyn_into::<web_sys::StorageEvent>() else {
            return;
        };
        match ev.key().as_deref() {
            Some(crate::storage::KEY_ACTOR) => state.actor.set(crate::storage::load_actor()),
            // `None`: the whole storage was cleared.
            Some(crate::storage::KEY_ISMS) | None => state.stored_elsewhere(),
            _ => {}
        }
    }));
    while_mounted(window_event_listener(leptos::ev::beforeunload, move |ev| {
        state.flush();
        let failed = matches!(
            state.save.get_untracked(),
            SaveStatus::Failed(_) | SaveStatus::Conflict
        );
        if failed || state.would_lose(None).is_some() {
            // Ask the browser to warn: the work is only in this tab.
            ev.prevent_default();
            ev.set_return_value("Your changes are not saved.");
        }
    }));
    // The page shown changes with the area of the route, not with the
    // record open in it (a memo of the area's name, a type the app already
    // has memos of, rather than of a route: 0.4 KB brotli).
    let area = memo(move || state.route.with(|r| r.area()));
    let dragging = RwSignal::new(false);
    install_drop_target(state, dragging);

    Effect::new(move |_| {
        let title = AREAS
            .iter()
            .find(|(a, _)| *a == state.route.get().area())
            .map(|(_, l)| *l)
            .unwrap_or("Bastion");
        if let Some(d) = web_sys::window().and_then(|w| w.document()) {
            d.set_title(&format!("{title} \u{00b7} Bastion ISMS"));
        }
    });

    view! {
        <div class="app" class:app--dragging=move || dragging.get()>
            <a class="skip-link" href="#main" data-testid="skip-link" on:click=handler(|ev: web_sys::MouseEvent| {
                ev.prevent_default();
                focus_first("#main");
            })>"Skip to main content"</a>
            <Header />
            <div class="app__body">
                <Nav />
                <main class="app__main" id="main">
                    <Notices />
                    {dynamic(move || if state.unreadable.with(|u| u.is_some()) {
                        view! { <pages::recovery::RecoveryPage /> }.into_any()
                    } else {
                        pages::page_for(&Route::parse(area.get()))
                    })}
                </main>
            </div>
            <ImportPreview />
            <LeaveDialog />
            <ActorPrompt />
            <div class="drop-overlay" aria-hidden="true">"Drop a Bastion .json file to import it"</div>
        </div>
    }
}

thread_local! {
    /// Where focus goes once the next move is drawn (see [`focus_after_move`]).
    static FOCUS_NEXT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Asks that focus go to the first element `selector` finds once the next
/// move is drawn (an editor saved: the row of its record), or, when there
/// is none, to the list's search box.
pub fn focus_after_move(selector: String) {
    FOCUS_NEXT.with(|f| *f.borrow_mut() = Some(selector));
}

/// Moves focus where the page reached from `before` starts.
fn focus_after(before: &Route, now: &Route, next: Option<String>) {
    if let Some(sel) = next {
        if !focus_first(&sel) {
            focus_fallback();
        }
        return;
    }
    let done = match (before, now) {
        // An editor opened: its first field.
        (_, Route::Record(_, Some(_))) => {
            focus_first("main .editor input, main .editor select, main .editor textarea")
                || focus_first("main .editor a")
        }
        // An editor closed: the row of its record, or the button that opened it.
        (Route::Record(k, Some(_)), Route::Record(j, None)) if k == j => {
            let href = before.href();
            focus_first(&format!("main table a[href=\"{href}\"]"))
                || focus_first(&format!("main a[href=\"{href}\"]"))
                || {
                    focus_fallback();
                    true
                }
        }
        _ => false,
    };
    if !done {
        let _ = focus_first("main h1") || focus_first("#main");
    }
}

/// Asks before a move that would drop an editor's unsaved changes (to
/// another page, or into a newer release): stay (the default), or go and
/// lose them.
#[component]
fn LeaveDialog() -> impl IntoView {
    use crate::ui::kit::dialog::ConfirmDialog;
    let app = app();
    dynamic(move || {
        let to = app.leaving.get()?;
        let what = app
            .unsaved
            .with_untracked(|u| u.as_ref().map(|u| u.what.clone()))
            .unwrap_or_default();
        let update = to == Leave::Update;
        let leave = Callback::new(move |()| {
            app.leaving.set(None);
            app.unsaved.set(None);
            match &to {
                Leave::To(route) => set_hash(&route.href()),
                Leave::Update => app.take_update(true),
            }
        });
        let stay = Callback::new(move |()| app.leaving.set(None));
        let (title, confirm, now) = if update {
            (
                "Reload without saving?",
                "Reload without saving",
                "If you reload for the new version now",
            )
        } else {
            (
                "Leave without saving?",
                "Leave without saving",
                "If you leave now",
            )
        };
        Some(view! {
            <ConfirmDialog title=title confirm_label=confirm
                confirm_testid="leave-confirm" cancel_testid="leave-cancel"
                on_confirm=leave on_cancel=stay danger=true>
                <p data-testid="leave-message">{format!("The changes to {what} are not saved. {now}, they are lost. Cancel to go back and save them.")}</p>
            </ConfirmDialog>
        })
    })
}

#[component]
fn Header() -> impl IntoView {
    let app = app();
    let org = move || app.isms.with(|m| m.organisation.name.clone());
    let status = move || match app.save.get() {
        SaveStatus::Saved { at, .. } if at.is_empty() => {
            ("save-status", "Nothing to save yet".to_string())
        }
        SaveStatus::Saved { .. } => (
            "save-status save-status--ok",
            "All changes saved in this browser".to_string(),
        ),
        SaveStatus::Pending => ("save-status", "Saving\u{2026}".to_string()),
        SaveStatus::Failed(_) => ("save-status save-status--error", "Not saved".to_string()),
        SaveStatus::Conflict => (
            "save-status save-status--error",
            "Not saved: changed in another tab".to_string(),
        ),
        SaveStatus::Held => (
            "save-status save-status--error",
            "Saving paused".to_string(),
        ),
    };
    view! {
        <header class="header">
            <a class="header__brand" href="#/">
                <span class="header__logo" aria-hidden="true"></span>
                "Bastion"
            </a>
            <span class="header__org" data-testid="org-name">{dyn_text(org)}</span>
            <span class=move || status().0 data-testid="save-status">{dyn_text(move || status().1)}</span>
            <span class="header__actor" data-testid="actor-display">{dyn_text(move || app.actor.get().unwrap_or_default())}</span>
            <div class="header__actions">
                <button class="btn" data-testid="export-button" on:click=handler(move |_| app.export())>"Export"</button>
                <ImportButton />
            </div>
        </header>
    }
}

#[component]
fn Nav() -> impl IntoView {
    let app = app();
    view! {
        <nav class="nav" aria-label="Main">
            <ul>
                {AREAS
                    .iter()
                    .map(|(area, label)| {
                        let href = if *area == "home" { "#/".to_string() } else { format!("#/{area}") };
                        let area = *area;
                        view! {
                            <li>
                                <a
                                    class="nav__link"
                                    class:nav__link--active=move || app.route.with(|r| r.area() == area)
                                    aria-current=move || app.route.with(|r| r.area() == area).then_some("page")
                                    data-testid=format!("nav-{area}")
                                    href=href
                                >
                                    {*label}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// Asks for the user's name once; every change records it.
#[component]
fn ActorPrompt() -> impl IntoView {
    let app = app();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let save = move || {
        let n = name.get_untracked().trim().to_string();
        if n.is_empty() {
            error.set(Some(
                "Enter your name: each change you make records it.".into(),
            ));
            return;
        }
        if n.chars().count() > crate::core::kernel::check::MAX_SHORT {
            error.set(Some(
                "That name is too long (at most 200 characters).".into(),
            ));
            return;
        }
        if let Err(e) = crate::storage::save_actor(&n) {
            app.notify(format!("Your name could not be remembered in this browser: {e}. It is used for this visit."), true);
        }
        app.actor.set(Some(n));
    };
    dynamic(move || {
        app.actor.with(|a| a.is_none()).then(|| {
            // The name is needed: Escape does not dismiss this one.
            crate::ui::kit::dialog::modal("actor-title", Callback::new(|()| {}), view! {
                <form on:submit=on_submit(save)>
                    <h2 id="actor-title" class="modal__title">"Welcome to Bastion"</h2>
                    <p>"Your ISMS stays in this browser: nothing is sent anywhere. Every change is recorded in the audit log with your name."</p>
                    <div class="field" class:field--invalid=move || error.with(|e| e.is_some())>
                        <label class="field__label" for="actor-name">"Your name"</label>
                        <input id="actor-name" type="text" data-testid="actor-name" autocomplete="name" autofocus=true
                            prop:value=move || name.get() on:input=on_value(move |v| name.set(v)) />
                        <span class="field__error" role="alert">{dyn_opt_text(move || error.get())}</span>
                    </div>
                    <div class="modal__actions">
                        <button type="submit" class="btn btn--primary" data-testid="actor-save">"Start"</button>
                    </div>
                </form>
            }.into_any())
        })
    })
}
