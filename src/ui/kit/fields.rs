//! Form fields with their label, hint and inline error.

use crate::core::{Choice, FieldError};
use crate::ui::kit::reactive::{dyn_bool, dyn_opt_text, dyn_text, on_checked, on_value};
use leptos::prelude::*;

/// The messages of `errors` for the field at `path` (and anything under it).
pub fn error_for(
    errors: RwSignal<Vec<FieldError>>,
    path: impl Into<String>,
) -> Signal<Option<String>> {
    let path = path.into();
    Signal::derive(move || {
        errors.with(|errs| {
            let msgs: Vec<String> = errs
                .iter()
                .filter(|e| {
                    e.path == path
                        || e.path
                            .strip_prefix(path.as_str())
                            .is_some_and(|rest| rest.starts_with('[') || rest.starts_with('.'))
                })
                .map(|e| {
                    let sub = e.path.strip_prefix(path.as_str()).unwrap_or("");
                    let sub = sub.trim_start_matches('.');
                    if sub.is_empty() {
                        capitalise(&e.message)
                    } else {
                        format!("{sub}: {}", e.message)
                    }
                })
                .collect();
            (!msgs.is_empty()).then(|| msgs.join("; "))
        })
    })
}

/// A date shown and typed as ISO (`2026-01-31`) whatever the browser's
/// locale (a date input shows the locale's format, `01/31/2026`, while the
/// app shows ISO dates everywhere): a text box, and a button that opens the
/// browser's own calendar (a date input kept out of sight) whose pick is
/// written into it. `id` for a `<label for>` (else `name` is the box's
/// accessible name), `described` the id of its error.
pub fn date_input(
    testid: String,
    id: Option<String>,
    name: &'static str,
    described: Option<String>,
    required: bool,
    value: Signal<String>,
    on_input: Callback<String>,
) -> AnyView {
    let named = id.is_none().then_some(name);
    view! {
        <span class="date-input">
            <input type="text" inputmode="numeric" placeholder="YYYY-MM-DD" maxlength="10" autocomplete="off"
                id=id data-testid=testid aria-label=named aria-required=required.then_some("true") aria-describedby=described
                prop:value=dyn_text(move || value.get()) on:input=on_value(move |v| on_input.run(v)) />
            <input type="date" class="date-input__native" tabindex="-1" aria-hidden="true"
                prop:value=dyn_text(move || value.get()) on:input=on_value(move |v| on_input.run(v)) />
            <button type="button" class="btn btn--small btn--ghost date-input__pick" aria-label=format!("{name}: choose from a calendar") title="Choose from a calendar"
                on:click=crate::ui::kit::reactive::handler(open_calendar)>"\u{25be}"</button>
        </span>
    }
    .into_any()
}

/// A labelled date field ([`date_input`]) with its inline error: the
/// input's id is `f-<testid>`, its error's `f-<testid>-error`.
pub fn date_field(
    testid: String,
    label: &'static str,
    required: bool,
    error: Signal<Option<String>>,
    value: Signal<String>,
    on_input: Callback<String>,
) -> AnyView {
    let id = format!("f-{testid}");
    let err_id = format!("{id}-error");
    view! {
        <div class="field" class:field--invalid=dyn_bool(move || error.with(|e| e.is_some()))>
            <label class="field__label" for=id.clone()>{label}
                {required.then(|| view! { <span class="field__required" aria-hidden="true">" *"</span> })}
            </label>
            {date_input(testid, Some(id), label, Some(err_id.clone()), required, value, on_input)}
            <span class="field__error" id=err_id role="alert">{dyn_opt_text(move || in_words(label, error.get()))}</span>
        </div>
    }
    .into_any()
}

/// Opens the calendar of the date input beside the clicked button.
fn open_calendar(ev: leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    let native = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|b| b.closest(".date-input").ok().flatten())
        .and_then(|box_| box_.query_selector(".date-input__native").ok().flatten());
    if let Some(el) = native {
        let open = js_sys::Reflect::get(&el, &"showPicker".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(open) = open {
            let _ = open.call0(&el);
        }
    }
}

/// A field's error in words: "Accepted on is required." rather than the
/// core's "Is required" beside a field named `label`.
pub fn in_words(label: &str, error: Option<String>) -> Option<String> {
    error.map(|e| {
        if e == "Is required" {
            format!("{label} is required.")
        } else {
            e
        }
    })
}

/// The message with its first letter in capitals. Our messages start with
/// an ASCII letter (`is required`); ASCII-only keeps the standard library's
/// Unicode upper-case table (about 12 KB) out of the WebAssembly.
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// A value of a draft record (a text, a list of ids), as a signal and a
/// setter.
pub fn bind<T, V>(
    draft: RwSignal<T>,
    get: fn(&T) -> V,
    set: fn(&mut T, V),
) -> (Signal<V>, Callback<V>)
where
    T: Send + Sync + 'static,
    V: Send + Sync + 'static,
{
    (
        Signal::derive(move || draft.with(get)),
        Callback::new(move |v| draft.update(|d| set(d, v))),
    )
}

/// One line of text (or several with `multiline`).
#[component]
pub fn TextField(
    /// `data-testid` of the input; also its element id.
    #[prop(into)]
    testid: String,
    #[prop(into)] label: String,
    /// The current value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new value on every input.
    on_input: Callback<String>,
    /// The field's error, shown beside it.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] placeholder: Option<String>,
) -> impl IntoView {
    let id = format!("f-{testid}");
    let err_id = format!("{id}-error");
    let hint_view = hint.map(|h| view! { <span class="field__hint">{h}</span> });
    let ph = placeholder.unwrap_or_default();
    let named = label.clone();
    let input = if multiline {
        view! {
            <textarea
                id=id.clone()
                data-testid=testid
                rows="4"
                placeholder=ph
                aria-required=required.then_some("true")
                aria-invalid=dyn_text(move || error.with(|e| e.is_some()).to_string())
                aria-describedby=err_id.clone()
                prop:value=dyn_text(move || value.get())
                on:input=on_value(move |v| on_input.run(v))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                type="text"
                id=id.clone()
                data-testid=testid
                placeholder=ph
                aria-required=required.then_some("true")
                aria-invalid=dyn_text(move || error.with(|e| e.is_some()).to_string())
                aria-describedby=err_id.clone()
                prop:value=dyn_text(move || value.get())
                on:input=on_value(move |v| on_input.run(v))
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:field--invalid=dyn_bool(move || error.with(|e| e.is_some()))>
            <label class="field__label" for=id>
                {label}
                {required.then(|| view! { <span class="field__required" aria-hidden="true">" *"</span> })}
            </label>
            {hint_view}
            {input}
            <span class="field__error" id=err_id role="alert">{dyn_opt_text(move || in_words(&named, error.get()))}</span>
        </div>
    }
}

/// A choice from a closed list; `none_label` adds an empty choice.
#[component]
pub fn ChoiceField<C: Choice>(
    /// `data-testid` of the select.
    #[prop(into)]
    testid: String,
    #[prop(into)] label: String,
    /// The stored name of the chosen value (`C::key`), or `""` for none.
    /// A name rather than `Option<C>`: reading one kind of signal for every
    /// kind of choice keeps the WebAssembly small.
    #[prop(into)]
    value: Signal<&'static str>,
    /// Called with the new choice.
    on_change: Callback<Option<C>>,
    #[prop(optional, into)] none_label: Option<String>,
    #[prop(into, optional)] error: Signal<Option<String>>,
) -> impl IntoView {
    choice_field(
        testid,
        label,
        (C::keys(), C::labels()),
        value,
        Callback::new(move |key: String| on_change.run(C::from_key(&key))),
        none_label,
        error,
    )
}

/// The stored names and the labels of a closed list.
type Options = (&'static [&'static str], &'static [&'static str]);

/// The `<option>`s of a closed list; `selected` follows `value` (a key, or
/// `""` for none) when given.
fn options(options: Options, value: Option<Signal<&'static str>>) -> impl IntoView {
    let (keys, labels) = options;
    keys.iter()
        .zip(labels)
        .map(|(k, l)| {
            let k: &'static str = k;
            let selected = value.map(|v| dyn_bool(move || v.get() == k));
            view! { <option value=k selected=selected>{*l}</option> }
        })
        .collect_view()
}

/// [`ChoiceField`] with the choice as its stored name: compiled once for
/// every kind of choice.
fn choice_field(
    testid: String,
    label: String,
    choices: Options,
    value: Signal<&'static str>,
    on_change: Callback<String>,
    none_label: Option<String>,
    error: Signal<Option<String>>,
) -> AnyView {
    let id = format!("f-{testid}");
    let err_id = format!("{id}-error");
    let none = none_label.map(|l| view! { <option value="">{l}</option> });
    view! {
        <div class="field" class:field--invalid=dyn_bool(move || error.with(|e| e.is_some()))>
            <label class="field__label" for=id.clone()>{label}</label>
            <select
                id=id
                data-testid=testid
                aria-invalid=dyn_text(move || error.with(|e| e.is_some()).to_string())
                aria-describedby=err_id.clone()
                prop:value=dyn_text(move || value.get().to_string())
                on:change=on_value(move |v| on_change.run(v))
            >
                {none}
                {options(choices, Some(value))}
            </select>
            <span class="field__error" id=err_id role="alert">{dyn_opt_text(move || error.get())}</span>
        </div>
    }
    .into_any()
}

/// A yes/no field.
#[component]
pub fn CheckField(
    /// `data-testid` of the checkbox.
    #[prop(into)]
    testid: String,
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<bool>,
    /// Called with the new state.
    on_change: Callback<bool>,
) -> impl IntoView {
    view! {
        <div class="field field--check">
            <label class="field__label">
                <input
                    type="checkbox"
                    data-testid=testid
                    prop:checked=dyn_bool(move || value.get())
                    on:change=on_checked(move |v| on_change.run(v))
                />
                " "
                {label}
            </label>
        </div>
    }
}

/// A search box for lists.
#[component]
pub fn SearchBox(
    /// `data-testid` of the input.
    #[prop(into)]
    testid: String,
    #[prop(into)] value: RwSignal<String>,
    #[prop(into)] placeholder: String,
) -> impl IntoView {
    let aria = placeholder.clone();
    view! {
        <input
            type="search"
            class="toolbar__search"
            data-testid=testid
            aria-label=aria
            placeholder=placeholder
            prop:value=dyn_text(move || value.get())
            on:input=on_value(move |v| value.set(v))
        />
    }
}

/// A filter over a closed list, with an "all" choice.
#[component]
pub fn ChoiceFilter<C: Choice>(
    /// `data-testid` of the select.
    #[prop(into)]
    testid: String,
    /// Label of the "all" choice (also the accessible name).
    #[prop(into)]
    all_label: String,
    /// The stored name of the chosen value (`C::from_key` reads it), or
    /// `""` for all. Text rather than `Option<C>`: one kind of signal for
    /// every filter keeps the WebAssembly small.
    value: RwSignal<String>,
    /// The kind of choice (given by the type parameter).
    #[prop(optional)]
    choice: std::marker::PhantomData<C>,
) -> impl IntoView {
    let _ = choice;
    choice_filter(testid, all_label, (C::keys(), C::labels()), value)
}

/// [`ChoiceFilter`], compiled once for every kind of choice.
fn choice_filter(
    testid: String,
    all_label: String,
    choices: Options,
    value: RwSignal<String>,
) -> AnyView {
    let aria = all_label.clone();
    view! {
        <select
            class="toolbar__filter"
            data-testid=testid
            aria-label=aria
            prop:value=dyn_text(move || value.get())
            on:change=on_value(move |v| value.set(v))
        >
            <option value="">{all_label}</option>
            {options(choices, None)}
        </select>
    }
    .into_any()
}

/// Lines of a textarea as a list, kept exactly as typed (so editing never
/// moves the cursor); [`clean_list`] tidies it before saving.
pub fn lines_to_list(s: &str) -> Vec<String> {
    if s.is_empty() {
        Vec::new()
    } else {
        s.split('\n').map(str::to_string).collect()
    }
}

/// Trims every item and drops blank ones.
pub fn clean_list(v: &[String]) -> Vec<String> {
    v.iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

pub fn list_to_lines(v: &[String]) -> String {
    v.join("\n")
}
