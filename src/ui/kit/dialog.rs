//! A modal confirmation dialog.

use crate::ui::kit::reactive::handler;
use leptos::prelude::*;

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
    let cancel_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(b) = cancel_ref.get() {
            let _ = b.focus();
        }
    });
    view! {
        <div class="modal" on:keydown=move |ev| if ev.key() == "Escape" { on_cancel.run(()) }>
            <div class="modal__box" role="dialog" aria-modal="true" aria-labelledby="modal-title">
                <h2 id="modal-title" class="modal__title">{title}</h2>
                <div class="modal__body">{children()}</div>
                <div class="modal__actions">
                    <button class="btn" data-testid=cancel_testid node_ref=cancel_ref on:click=handler(move |_| on_cancel.run(()))>
                        "Cancel"
                    </button>
                    <button
                        class="btn"
                        class:btn--danger=danger
                        class:btn--primary=!danger
                        data-testid=confirm_testid
                        on:click=handler(move |_| on_confirm.run(()))
                    >
                        {confirm_label}
                    </button>
                </div>
            </div>
        </div>
    }
}
