//! Modal dialogs: the native `<dialog>` opened with `showModal()`, so the
//! browser makes the page behind it inert, keeps focus inside it (Tab wraps
//! around) and lets Escape cancel it; closing it gives focus back to what
//! opened it. And where focus goes when what had it is gone.

use crate::ui::kit::reactive::{handler, Handler};
use leptos::prelude::*;

/// A modal dialog around `body`, open while it is shown: named by the
/// element of id `labelled_by`, focus on its element with `autofocus` (or
/// its first focusable one). Escape runs `on_cancel`. When it goes, focus
/// returns to the element focused before it opened, or, when that is gone,
/// to [`focus_fallback`].
pub fn modal(labelled_by: &'static str, on_cancel: Callback<()>, body: AnyView) -> AnyView {
    use std::sync::atomic::{AtomicU32, Ordering};
    use wasm_bindgen::JsCast;
    static SEQ: AtomicU32 = AtomicU32::new(0);
    // Found by id rather than by a `NodeRef`: less WebAssembly.
    let id = format!("modal-{}", SEQ.fetch_add(1, Ordering::Relaxed));
    let find = |id: &str| {
        document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlDialogElement>().ok())
    };
    let open = id.clone();
    request_animation_frame(move || {
        if let Some(d) = find(&open).filter(|d| !d.open()) {
            let _ = d.show_modal();
        }
    });
    let shut = id.clone();
    on_cleanup(move || {
        if let Some(d) = find(&shut) {
            // The browser focuses again what was focused before showModal().
            d.close();
            // Once the page is redrawn: what was focused may have gone with
            // what the dialog did (a deleted row).
            request_animation_frame(|| {
                if !focus_in_page() {
                    focus_fallback();
                }
            });
        }
    });
    let keys: Handler<leptos::ev::KeyboardEvent> = handler(move |ev: leptos::ev::KeyboardEvent| {
        // Escape is the dialog's cancel: handled here (not the browser's
        // close), so that what the dialog shows stays the app's state.
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                on_cancel.run(());
            }
            // The browser lets Tab leave a modal dialog for its own
            // toolbar: from the last control, back to the first.
            "Tab" => {
                let Some(Ok(list)) = ev
                    .current_target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .map(|d| d.query_selector_all("button:enabled, [href], input:enabled, select:enabled, textarea:enabled"))
                else {
                    return;
                };
                let last = list.length().saturating_sub(1);
                let (edge, wrap) = if ev.shift_key() { (0, last) } else { (last, 0) };
                let active = document().active_element();
                let at_edge = list
                    .item(edge)
                    .is_some_and(|e| active.is_some_and(|a| a.is_same_node(Some(&e))));
                if let Some(to) = list
                    .item(wrap)
                    .filter(|_| at_edge)
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    ev.prevent_default();
                    let _ = to.focus();
                }
            }
            _ => {}
        }
    });
    view! {
        <dialog class="modal__box" id=id aria-labelledby=labelled_by on:keydown=keys>
            {body}
        </dialog>
    }
    .into_any()
}

/// Whether some element other than `<body>` has focus.
fn focus_in_page() -> bool {
    let d = document();
    match (d.active_element(), d.body()) {
        (Some(a), Some(b)) => !a.is_same_node(Some(&b)),
        (a, _) => a.is_some(),
    }
}

/// Focuses the first element `selector` finds that takes focus; `h1`s and
/// `main` are made focusable by script only (`tabindex="-1"`). Whether one
/// took focus.
pub fn focus_first(selector: &str) -> bool {
    use wasm_bindgen::JsCast;
    let Ok(list) = document().query_selector_all(selector) else {
        return false;
    };
    (0..list.length())
        .filter_map(|k| list.item(k)?.dyn_into::<web_sys::HtmlElement>().ok())
        .any(|e| {
            if matches!(e.tag_name().as_str(), "H1" | "MAIN") && !e.has_attribute("tabindex") {
                let _ = e.set_attribute("tabindex", "-1");
            }
            let _ = e.focus();
            document()
                .active_element()
                .is_some_and(|a| a.is_same_node(Some(&e)))
        })
}

/// After a refused save, focus on the first field marked in error (in the
/// order of the page), once the errors are drawn: a keyboard user lands
/// where the problem is, not on the Save button far below it.
pub fn focus_first_error() {
    request_animation_frame(|| {
        focus_first(
            "main .field--invalid input:not([disabled]), main .field--invalid select, main .field--invalid textarea",
        );
    });
}

/// Where focus goes when the element it belonged to is gone: the list's
/// search box, else the page's heading, else the main region.
pub fn focus_fallback() {
    let _ =
        focus_first("main [role=search] input") || focus_first("main h1") || focus_first("#main");
}

/// Asks before something that cannot be undone.
#[component]
pub fn ConfirmDialog(
    #[prop(into)] title: String,
    /// Label of the confirming button.
    #[prop(into)]
    confirm_label: String,
    /// `data-testid` of the confirming button.
    #[prop(into)]
    confirm_testid: String,
    /// `data-testid` of the cancelling button.
    #[prop(into)]
    cancel_testid: String,
    /// Called when the user confirms.
    on_confirm: Callback<()>,
    /// Called when the user cancels (button or Escape).
    on_cancel: Callback<()>,
    #[prop(optional)] danger: bool,
    children: Children,
) -> impl IntoView {
    modal(
        "modal-title",
        on_cancel,
        view! {
            <h2 id="modal-title" class="modal__title">{title}</h2>
            <div class="modal__body">{children()}</div>
            <div class="modal__actions">
                <button type="button" class="btn" data-testid=cancel_testid autofocus=true on:click=handler(move |_| on_cancel.run(()))>
                    "Cancel"
                </button>
                <button
                    type="button"
                    class="btn"
                    class:btn--danger=danger
                    class:btn--primary=!danger
                    data-testid=confirm_testid
                    on:click=handler(move |_| on_confirm.run(()))
                >
                    {confirm_label}
                </button>
            </div>
        }
        .into_any(),
    )
}
