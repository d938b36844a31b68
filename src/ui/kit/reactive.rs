//! Reactive parts of views, boxed. Leptos compiles the code that keeps a
//! reactive part up to date once for each closure it is given; behind a
//! box it is compiled once for each kind of result (a view, a text) for the
//! whole app. Same DOM, same updates.

use leptos::prelude::*;

/// A reactive part of a view: redrawn whenever what `f` reads changes.
pub type Dynamic<T> = Box<dyn FnMut() -> T + Send>;

/// A part of a view drawn by `f`, redrawn whenever what it reads changes.
pub fn dynamic<V: IntoView + 'static>(f: impl Fn() -> V + Send + 'static) -> Dynamic<AnyView> {
    Box::new(move || f().into_any())
}

/// A memo of what `f` computes: recomputed when what `f` reads changes,
/// and its readers told only when the value differs. Boxed: Leptos's memo
/// code is compiled once for each kind of value rather than once for each
/// memo.
pub fn memo<T>(f: impl Fn() -> T + Send + Sync + 'static) -> Memo<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    let f: Box<dyn Fn() -> T + Send + Sync> = Box::new(f);
    Memo::new(move |_| f())
}

/// A text kept up to date.
pub fn dyn_text(f: impl Fn() -> String + Send + 'static) -> Dynamic<String> {
    Box::new(f)
}

/// A text kept up to date, or nothing.
pub fn dyn_opt_text(f: impl Fn() -> Option<String> + Send + 'static) -> Dynamic<Option<String>> {
    Box::new(f)
}

/// A yes or no kept up to date: a `class:`, `disabled`, `prop:checked`.
pub fn dyn_bool(f: impl Fn() -> bool + Send + 'static) -> Dynamic<bool> {
    Box::new(f)
}

/// An event handler, boxed: Leptos's event code is compiled once for each
/// kind of event rather than once for each handler.
pub type Handler<E> = Box<dyn FnMut(E)>;

/// An `on:input` or `on:change` handler given the element's new value.
pub fn on_value(f: impl Fn(String) + 'static) -> Handler<leptos::ev::Event> {
    Box::new(move |ev| f(event_target_value(&ev)))
}

/// An `on:change` handler given the checkbox's new state.
pub fn on_checked(f: impl Fn(bool) + 'static) -> Handler<leptos::ev::Event> {
    Box::new(move |ev| f(event_target_checked(&ev)))
}

/// Any event handler, boxed.
pub fn handler<E: 'static>(f: impl FnMut(E) + 'static) -> Handler<E> {
    Box::new(f)
}

/// An `on:submit` handler: the form is not sent, `f` runs instead.
pub fn on_submit(f: impl Fn() + 'static) -> Handler<leptos::ev::SubmitEvent> {
    Box::new(move |ev| {
        ev.prevent_default();
        f()
    })
}

/// An `on:click` handler.
pub fn on_click(f: impl Fn() + 'static) -> Handler<leptos::ev::MouseEvent> {
    Box::new(move |_| f())
}

/// Leptos's `<Show>`: `children` while `when` holds, otherwise `fallback`;
/// redrawn only when `when` changes.
pub fn show(
    when: impl Fn() -> bool + Send + Sync + 'static,
    children: impl Fn() -> AnyView + Send + Sync + 'static,
    fallback: Option<Box<dyn Fn() -> AnyView + Send + Sync>>,
) -> AnyView {
    let when: Box<dyn Fn() -> bool + Send + Sync> = Box::new(when);
    let children: Box<dyn Fn() -> AnyView + Send + Sync> = Box::new(children);
    let when = ArcMemo::new(move |_| when());
    let view: Dynamic<AnyView> = Box::new(move || {
        if when.get() {
            children()
        } else {
            match &fallback {
                Some(f) => f(),
                None => ().into_any(),
            }
        }
    });
    view.into_any()
}

/// Removes a window listener when the component that added it goes: the
/// app is mounted once in a page, but many times over in the browser tests,
/// where a listener left behind would reach an app already gone.
pub fn while_mounted(listener: leptos::leptos_dom::helpers::WindowListenerHandle) {
    on_cleanup(move || listener.remove());
}
