//! One record picker: a search box with suggestions from the records of a
//! kind, picking adds the record's id to a list of ids (an asset's
//! dependencies, a risk's affected assets), and the chosen records as
//! chips with a remove button.

use crate::core::Record;
use crate::ui::kit::reactive::{
    dyn_bool, dyn_opt_text, dyn_text, dynamic, handler, on_click, on_value,
};
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
    // The list of suggestions shows (Escape hides it until the next key),
    // and the suggestion the arrow keys are on.
    let open = RwSignal::new(false);
    let active = RwSignal::new(0usize);
    let refocus = move || {
        crate::ui::kit::dialog::focus_first(&format!("#f-{testid}"));
    };
    let remove = move |id: String| {
        on_change.run(value.with_untracked(|v| v.iter().filter(|x| **x != id).cloned().collect()));
        refocus();
    };
    let add = move |id: String| {
        let mut v = value.get_untracked();
        v.push(id);
        on_change.run(v);
        search.set(String::new());
        active.set(0);
        refocus();
    };
    let suggest = std::sync::Arc::new(suggest);
    let find = suggest.clone();
    let suggestions = move || {
        let q = search.get();
        if !open.get() || q.trim().is_empty() {
            Vec::new()
        } else {
            find(&q)
        }
    };
    // The WAI-ARIA combobox keys. Enter never submits the form around.
    let keys = handler(move |ev: leptos::ev::KeyboardEvent| {
        let shown = untrack(|| {
            let q = search.get();
            if open.get() && !q.trim().is_empty() {
                suggest(&q)
            } else {
                Vec::new()
            }
        });
        let n = shown.len();
        match ev.key().as_str() {
            k @ ("ArrowDown" | "ArrowUp") => {
                ev.prevent_default();
                if !open.get_untracked() {
                    open.set(true);
                    active.set(0);
                } else if n > 0 {
                    let step = if k == "ArrowDown" { 1 } else { n - 1 };
                    active.update(|a| *a = (*a + step) % n);
                }
            }
            "Enter" => {
                ev.prevent_default();
                if let Some((id, _)) = shown.into_iter().nth(active.get_untracked()) {
                    add(id);
                }
            }
            "Escape" if n > 0 => {
                ev.prevent_default();
                ev.stop_propagation();
                open.set(false);
            }
            _ => {}
        }
    });
    // Whether the list shows, and the id of the suggestion the keys are on.
    let count = RwSignal::new(0usize);
    let id = format!("f-{testid}");
    let list_id = format!("{id}-list");
    let option_id = move |k: usize| format!("f-{testid}-list-{k}");
    // The ARIA attributes Leptos does not type are set by name: less
    // WebAssembly.
    let combobox = view! {
        <input type="search" id=id.clone() data-testid=testid placeholder=placeholder
            role="combobox" autocomplete="off"
            prop:value=dyn_text(move || search.get())
            on:input=on_value(move |v| { search.set(v); open.set(true); active.set(0); })
            on:keydown=keys />
    }
    .attr("aria-autocomplete", "list")
    .attr("aria-controls", list_id.clone())
    .attr(
        "aria-expanded",
        dyn_text(move || (count.get() > 0).to_string()),
    )
    .attr(
        "aria-activedescendant",
        dyn_text(move || {
            if count.get() > 0 {
                option_id(active.get())
            } else {
                String::new()
            }
        }),
    );
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
            {combobox}
            {dynamic(move || {
                let shown = suggestions();
                count.set(shown.len());
                let on = active.get();
                (!shown.is_empty()).then(|| view! {
                    <ul class="suggestions" role="listbox" id=list_id.clone() aria-label=label>
                        {shown.into_iter().enumerate().map(|(k, (id, label))| view! {
                            <li role="option" id=option_id(k) data-testid=option_testid
                                class=if k == on { "suggestion suggestion--active" } else { "suggestion" }
                                on:click=on_click(move || add(id.clone()))>
                                {label}
                            </li>
                        }.attr("aria-selected", if k == on { "true" } else { "false" })).collect_view()}
                    </ul>
                })
            })}
            <span class="field__error" role="alert">{dyn_opt_text(move || error.get())}</span>
        </div>
    }
    .into_any()
}
