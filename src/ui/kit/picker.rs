//! One record picker: a search box with suggestions from the records of a
//! kind, picking adds the record's id to a list of ids (an asset's
//! dependencies, a risk's affected assets), and the chosen records as
//! chips with a remove button.

use crate::core::Record;
use crate::ui::kit::reactive::{dyn_bool, dyn_opt_text, dyn_text, dynamic, on_click, on_value};
use crate::ui::state::app;
use leptos::prelude::*;

/// How many suggestions show at a time.
const SUGGESTIONS: usize = 8;

/// Chooses records of kind `T` by reference or title.
#[component]
pub fn RecordPicker<T: Record>(
    /// `data-testid` of the search box; also its element id (`f-<testid>`).
    testid: &'static str,
    label: &'static str,
    hint: &'static str,
    placeholder: &'static str,
    /// `data-testid` of the list of chosen records.
    chips_testid: &'static str,
    /// `data-testid` of each suggestion.
    option_testid: &'static str,
    /// The ids chosen.
    #[prop(into)]
    value: Signal<Vec<String>>,
    /// Called with the ids once one is added or removed.
    on_change: Callback<Vec<String>>,
    /// An id never suggested: the record being edited.
    #[prop(into, optional)]
    exclude: Signal<String>,
    /// A detail shown beside each chosen record (a risk's asset shows its
    /// C/I/A ratings).
    #[prop(optional)]
    detail: Option<fn(&T) -> String>,
    /// The field's error, shown below it.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let app = app();
    let label_of = |x: &T| format!("{} {}", x.reference(), x.title());
    let chosen = move || {
        value.with(|ids| {
            app.isms.with(|m| {
                ids.iter()
                    .map(|id| match m.find::<T>(id) {
                        Some(x) => Chip {
                            id: id.clone(),
                            label: label_of(x),
                            detail: detail.map(|f| f(x)),
                        },
                        None => Chip {
                            id: id.clone(),
                            label: format!("missing {} {id}", T::INFO.noun),
                            detail: detail.map(|_| String::new()),
                        },
                    })
                    .collect()
            })
        })
    };
    let suggest = move |q: &str| {
        value.with(|ids| {
            exclude.with(|own| {
                app.isms.with(|m| {
                    T::list(m)
                        .iter()
                        .filter(|x| x.id() != own && !ids.iter().any(|i| i == x.id()))
                        .filter(|x| {
                            crate::core::kernel::text::matches_words(q, &[x.reference(), x.title()])
                        })
                        .take(SUGGESTIONS)
                        .map(|x| (x.id().to_string(), label_of(x)))
                        .collect()
                })
            })
        })
    };
    picker(Picker {
        testid,
        label,
        hint,
        placeholder,
        chips_testid,
        option_testid,
        value,
        on_change,
        error,
        chosen: Box::new(chosen),
        suggest: Box::new(suggest),
    })
}

/// A chosen record: its id, "A-0001 Payroll", and its detail, if any.
struct Chip {
    id: String,
    label: String,
    detail: Option<String>,
}

/// [`RecordPicker`] once the records are found: the same for every kind.
struct Picker {
    testid: &'static str,
    label: &'static str,
    hint: &'static str,
    placeholder: &'static str,
    chips_testid: &'static str,
    option_testid: &'static str,
    value: Signal<Vec<String>>,
    on_change: Callback<Vec<String>>,
    error: Signal<Option<String>>,
    chosen: Box<dyn Fn() -> Vec<Chip> + Send + Sync>,
    suggest: Suggest,
}

/// The (id, label) of the records that match a search.
type Suggest = Box<dyn Fn(&str) -> Vec<(String, String)> + Send + Sync>;

fn picker(p: Picker) -> AnyView {
    let Picker {
        testid,
        label,
        hint,
        placeholder,
        chips_testid,
        option_testid,
        value,
        on_change,
        error,
        chosen,
        suggest,
    } = p;
    let search = RwSignal::new(String::new());
    let remove = move |id: String| {
        on_change.run(value.with_untracked(|v| v.iter().filter(|x| **x != id).cloned().collect()))
    };
    let add = move |id: String| {
        let mut v = value.get_untracked();
        v.push(id);
        on_change.run(v);
        search.set(String::new());
    };
    let suggestions = move || {
        let q = search.get();
        if q.trim().is_empty() {
            Vec::new()
        } else {
            suggest(&q)
        }
    };
    let id = format!("f-{testid}");
    view! {
        <div class="field" class:field--invalid=dyn_bool(move || error.with(|e| e.is_some()))>
            <label class="field__label" for=id.clone()>{label}</label>
            <span class="field__hint">{hint}</span>
            <ul class="chips" data-testid=chips_testid>
                {dynamic(move || chosen().into_iter().map(|Chip { id, label, detail }| {
                    let aria = format!("Remove {label}");
                    view! {
                        <li class="chip">
                            {label}
                            {detail.map(|d| view! { " "<span class="chip__meta">{d}</span> })}
                            <button type="button" class="chip__remove" aria-label=aria
                                on:click=on_click(move || remove(id.clone()))>"\u{00d7}"</button>
                        </li>
                    }
                }).collect_view())}
            </ul>
            <input type="search" id=id data-testid=testid placeholder=placeholder
                prop:value=dyn_text(move || search.get()) on:input=on_value(move |v| search.set(v)) />
            <ul class="suggestions">
                {dynamic(move || suggestions().into_iter().map(|(id, label)| view! {
                    <li>
                        <button type="button" class="suggestion" data-testid=option_testid
                            on:click=on_click(move || add(id.clone()))>
                            {label}
                        </button>
                    </li>
                }).collect_view())}
            </ul>
            <span class="field__error" role="alert">{dyn_opt_text(move || error.get())}</span>
        </div>
    }
    .into_any()
}
