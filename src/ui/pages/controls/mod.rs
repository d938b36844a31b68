//! The control register (Annex A and the organisation's own controls) and
//! the Statement of Applicability built on it (6.1.3 d).

pub mod soa;

use crate::core::controls::soa::{self as core_soa, Filter};
use crate::core::{
    Choice, Command, Control, ImplementationStatus, InclusionReason, RecordKind, TestResult, Theme,
};
use crate::ui::kit::editor::{Editing, RecordEditor};
use crate::ui::kit::fields::*;
use crate::ui::kit::picker::RecordPicker;
use crate::ui::kit::reactive::memo;
use crate::ui::kit::reactive::{dyn_bool, dynamic, handler, on_checked};
use crate::ui::kit::table::{record_rows, Column, ListState, RecordTable, SelectFilter, Toolbar};
use crate::ui::pages::{open_record, PageHeader};
use crate::ui::state::app;
use leptos::prelude::*;

/// The toolbar's filter signals, shared by the register and the SoA.
#[derive(Clone, Copy)]
pub struct Filters {
    pub text: RwSignal<String>,
    pub theme: RwSignal<String>,
    pub status: RwSignal<String>,
    pub applicable: RwSignal<String>,
}

impl Filters {
    pub fn new() -> Self {
        Filters {
            text: RwSignal::new(String::new()),
            theme: RwSignal::new(String::new()),
            status: RwSignal::new(String::new()),
            applicable: RwSignal::new(String::new()),
        }
    }
    pub fn get(self) -> Filter {
        Filter {
            query: self.text.get(),
            theme: Theme::from_key(&self.theme.get()),
            status: ImplementationStatus::from_key(&self.status.get()),
            applicable: match self.applicable.get().as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
        }
    }
    /// The toolbar: search, theme, status, applicability; `ids` are their
    /// test ids, in that order.
    pub fn toolbar(self, ids: [&'static str; 4]) -> impl IntoView {
        let applicability = Signal::derive(|| {
            vec![
                ("yes".to_string(), "Applicable".to_string()),
                ("no".to_string(), "Not applicable".to_string()),
            ]
        });
        let [search, theme, status, appl] = ids;
        view! {
            <Toolbar>
                <SearchBox testid=search value=self.text placeholder="Search controls\u{2026}" />
                <ChoiceFilter<Theme> testid=theme all_label="All themes" value=self.theme />
                <ChoiceFilter<ImplementationStatus> testid=status all_label="Any status" value=self.status />
                <SelectFilter testid=appl label="Applicability" all_label="Applicable or not" options=applicability value=self.applicable />
            </Toolbar>
        }
    }
}

impl Default for Filters {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn ControlsPage() -> impl IntoView {
    let app = app();
    let open = open_record::<Control>();
    let filters = Filters::new();
    let list = ListState::new(());
    let rows = list.rows(
        move || filters.get(),
        move |f| {
            app.isms
                .with(|m| core_soa::filtered(m, &core_soa::rows(m), f))
        },
    );
    view! {
        <section class="page">
            <PageHeader title="Controls" clause="Clause 6.1.3, Annex A"
                help="The 93 controls of ISO/IEC 27001:2022 Annex A and your own: whether each applies, why, how far it is implemented and what evidences it. The Statement of Applicability is built from here.">
                <a class="btn" data-testid="nav-soa-link" href="#/soa">"Statement of Applicability"</a>
                <a class="btn btn--primary" data-testid="control-new" href="#/controls/new">"New control"</a>
            </PageHeader>
            {dynamic(move || open.get().map(|key| view! { <ControlEditor key /> }))}
            {filters.toolbar(["control-search", "control-filter-theme", "control-filter-status", "control-filter-applicable"])}
            <RecordTable rows all=Signal::derive(move || app.isms.with(|m| m.controls.len())) page=list.page noun="controls"
                columns=vec![
                    Column::plain("Control"),
                    Column::plain("Title"),
                    Column::plain("Theme"),
                    Column::plain("Applicable"),
                    Column::plain("Status"),
                    Column::plain("Owner"),
                    Column::plain("Risks"),
                    Column::actions(),
                ]
                draw=record_rows(|c: Control| view! { <ControlRow control=c /> }.into_any())
                empty=|| view! { <div class="empty"><p>"No controls."</p></div> } />
        </section>
    }
}

#[component]
fn ControlRow(control: Control) -> impl IntoView {
    let app = app();
    let href = format!("#/controls/{}", control.reference);
    let risks = app
        .isms
        .with_untracked(|m| core_soa::risks_of(m, &control.id).len());
    let id = control.id.clone();
    let own = !control.is_annex_a();
    let delete = move |_| {
        app.delete(Command::Delete {
            kind: RecordKind::Control,
            detach: false,
            id: id.clone(),
        });
    };
    let reference = control.reference.clone();
    view! {
        <tr data-testid="control-row" data-control=control.reference.clone()>
            <td class="cell--ref"><a href=href.clone()>{control.reference.clone()}</a></td>
            <td><a href=href>{control.title.clone()}</a></td>
            <td>{control.theme.label()}</td>
            <td>{if control.applicable { "Yes" } else { "No" }}</td>
            <td><span class=format!("status status--{}", control.status.key())>{control.status.label()}</span></td>
            <td>{control.owner.clone()}</td>
            <td>{risks}</td>
            <td class="cell--actions">{own.then(|| view! {
                <button class="btn btn--small btn--ghost" data-testid="control-delete"
                    aria-label=format!("Delete {reference}") on:click=handler(delete)>"Delete"</button>
            })}</td>
        </tr>
    }
}

/// Creates or edits one control. `key` is `new`, a reference or an id.
#[component]
fn ControlEditor(key: String) -> impl IntoView {
    view! { <RecordEditor key testid="control" blank=Control::blank fields=control_fields /> }
}

fn pick<C: Choice>(
    draft: RwSignal<Control>,
    get: fn(&Control) -> C,
    set: fn(&mut Control, C),
) -> (Signal<&'static str>, Callback<Option<C>>) {
    (
        Signal::derive(move || draft.with(get).key()),
        Callback::new(move |v: Option<C>| {
            if let Some(v) = v {
                draft.update(|d| set(d, v))
            }
        }),
    )
}

/// The fields of a control.
fn control_fields(e: Editing<Control>) -> AnyView {
    let app = app();
    let Editing { draft, errors, .. } = e;
    let annex = memo(move || draft.with(|d| d.is_annex_a()));
    let (title, set_title) = bind(draft, |d| d.title.clone(), |d, v| d.title = v);
    let (theme, set_theme) = pick(draft, |d| d.theme, |d, v| d.theme = v);
    let (status, set_status) = pick(draft, |d| d.status, |d, v| d.status = v);
    let (result, set_result) = pick(draft, |d| d.test_result, |d, v| d.test_result = v);
    let (justification, set_justification) = bind(
        draft,
        |d| d.justification.clone(),
        |d, v| d.justification = v,
    );
    let (owner, set_owner) = bind(draft, |d| d.owner.clone(), |d, v| d.owner = v);
    let (how, set_how) = bind(
        draft,
        |d| d.implementation.clone(),
        |d, v| d.implementation = v,
    );
    let (evidence, set_evidence) = bind(
        draft,
        |d| list_to_lines(&d.evidence),
        |d, v| d.evidence = lines_to_list(&v),
    );
    let applicable = Signal::derive(move || draft.with(|d| d.applicable));
    let set_applicable = Callback::new(move |v: bool| draft.update(|d| d.applicable = v));
    let tested = Signal::derive(move || draft.with(|d| d.last_tested.clone()));
    let set_tested = Callback::new(move |v: String| draft.update(|d| d.last_tested = v));
    // The risks it treats: derived from the register, never ticked here.
    let risks = memo(move || {
        let id = draft.with(|d| d.id.clone());
        app.isms.with(|m| {
            core_soa::risks_of(m, &id)
                .into_iter()
                .map(|r| (r.reference.clone(), r.title.clone()))
                .collect::<Vec<_>>()
        })
    });
    let treats = Signal::derive(move || risks.with(|r| !r.is_empty()));
    let missing_justification =
        move || draft.with(|d| !d.applicable && d.justification.trim().is_empty());
    let reason = move |r: InclusionReason| {
        let value = Signal::derive(move || draft.with(|d| d.reasons.contains(&r)));
        let change = Callback::new(move |on: bool| {
            draft.update(|d| {
                d.reasons.retain(|x| *x != r);
                if on {
                    d.reasons.push(r);
                    let order =
                        |x: &InclusionReason| InclusionReason::ALL.iter().position(|y| y == x);
                    crate::core::kernel::text::sort_by(&mut d.reasons, &|a, b| {
                        order(a).cmp(&order(b))
                    });
                }
            })
        });
        let key = match r {
            InclusionReason::Legal => "legal",
            InclusionReason::Contractual => "contractual",
            InclusionReason::Business => "business",
            InclusionReason::Practice => "practice",
        };
        view! { <CheckField testid=format!("control-field-reasons-{key}") label=r.label() value on_change=change /> }
    };
    // Linking a risk from here saves the risk: the relation is kept once,
    // on the risk's side.
    let link_value = Signal::derive(Vec::<String>::new);
    let link =
        Callback::new(move |ids: Vec<String>| {
            let control = draft.with_untracked(|d| d.id.clone());
            for id in ids {
                let risk = app.isms.with_untracked(|m| m.risk(&id).cloned());
                if let Some(mut r) = risk {
                    if !r.controls.contains(&control) {
                        r.controls.push(control.clone());
                        let reference = r.reference.clone();
                        match app.run(Command::save(r)) {
                            Ok(_) => app
                                .notify(format!("Linked risk {reference} to this control."), false),
                            Err(e) => app
                                .notify(format!("Risk {reference} could not be linked: {e}"), true),
                        }
                    }
                }
            }
        });
    view! {
        <div class="editor__grid">
            {move || if annex.get() {
                view! {
                    <div class="field"><span class="field__label">"Title"</span>
                        <p data-testid="control-field-title">{move || draft.with(|d| format!("{} {}", d.reference, d.title))}</p>
                        <span class="field__hint">"Annex A's short title; ISO's control text is not reproduced."</span></div>
                    <div class="field"><span class="field__label">"Theme"</span><p>{move || draft.with(|d| d.theme.label())}</p></div>
                }.into_any()
            } else {
                view! {
                    <TextField testid="control-field-title" label="Title" required=true value=title on_input=set_title error=error_for(errors, "title") />
                    <ChoiceField<Theme> testid="control-field-theme" label="Theme" value=theme on_change=set_theme />
                }.into_any()
            }}
        </div>
        <fieldset class="editor__section">
            <legend>"Applicability"</legend>
            <CheckField testid="control-field-applicable" label="Applicable: included in the Statement of Applicability" value=applicable on_change=set_applicable />
            <div class="field">
                <span class="field__label">"Reasons for inclusion"</span>
                <div class="checks">
                    <div class="field field--check"><label class="field__label">
                        <input type="checkbox" data-testid="control-field-reasons-risk" disabled=true
                            prop:checked=dyn_bool(move || treats.get()) on:change=on_checked(|_| ()) />
                        " Risk treatment (derived from the risks below)"
                    </label></div>
                    {reason(InclusionReason::Legal)}
                    {reason(InclusionReason::Contractual)}
                    {reason(InclusionReason::Business)}
                    {reason(InclusionReason::Practice)}
                </div>
            </div>
            <TextField testid="control-field-justification" label="Justification" multiline=true value=justification on_input=set_justification
                hint="Why it is excluded (required for an exclusion), or a note on why it is included."
                error=Signal::derive(move || error_for(errors, "justification").get().or_else(|| missing_justification().then(|| "An excluded control needs a justification in the Statement of Applicability.".to_string()))) />
        </fieldset>
        <fieldset class="editor__section">
            <legend>"Implementation"</legend>
            <div class="editor__grid">
                <ChoiceField<ImplementationStatus> testid="control-field-status" label="Implementation status" value=status on_change=set_status />
                <TextField testid="control-field-owner" label="Owner" value=owner on_input=set_owner error=error_for(errors, "owner") />
            </div>
            <TextField testid="control-field-implementation" label="How it is implemented" multiline=true value=how on_input=set_how error=error_for(errors, "implementation") />
            <TextField testid="control-field-evidence" label="Evidence" multiline=true value=evidence on_input=set_evidence
                hint="One per line: a document name, or an https:// link."
                error=Signal::derive(move || errors.with(|es| es.iter().find(|e| e.path.starts_with("evidence")).map(|e| e.message.clone()))) />
            <div class="editor__grid">
                <div class="field">
                    <label class="field__label" for="f-control-field-last-tested">"Last review or test"</label>
                    {date_input("control-field-last-tested".into(), Some("f-control-field-last-tested".into()), "Last review or test", None, false, tested, set_tested)}
                    <span class="field__error" role="alert">{move || error_for(errors, "last_tested").get()}</span>
                </div>
                <ChoiceField<TestResult> testid="control-field-result" label="Result" value=result on_change=set_result error=error_for(errors, "test_result") />
            </div>
        </fieldset>
        <fieldset class="editor__section">
            <legend>"Risks it treats"</legend>
            <ul class="chips" data-testid="control-risks">
                {move || risks.with(|all| all.iter().take(SHOWN_RISKS).map(|(r, t)| view! {
                    <li class="chip"><a href=format!("#/risks/{r}")>{format!("{r} {t}")}</a></li>
                }).collect_view())}
            </ul>
            {move || risks.with(|all| (all.len() > SHOWN_RISKS).then(|| view! {
                <p class="field__hint">{format!("and {} more: the risk register lists them all.", crate::storage::group(all.len() - SHOWN_RISKS))}</p>
            }))}
            {move || risks.with(Vec::is_empty).then(|| view! { <p class="field__hint">"No risk names this control yet."</p> })}
            {move || (!draft.with(|d| d.id.is_empty())).then(|| view! {
                <RecordPicker<crate::core::Risk> testid="control-link-risk" label="Link a risk"
                    hint="Adds this control to the risk's controls (saved on the risk)."
                    placeholder="Find a risk by reference or title"
                    chips_testid="control-link-risk-chosen" option_testid="control-risk-option"
                    value=link_value on_change=link error=Signal::derive(|| None::<String>) />
            })}
        </fieldset>
    }
    .into_any()
}

/// How many of the risks a control treats its page names.
const SHOWN_RISKS: usize = 50;
