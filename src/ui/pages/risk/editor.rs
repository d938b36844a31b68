//! The risk editor: identification (threat, vulnerability, assets, C/I/A),
//! analysis (inherent, current and residual scores with their computed
//! levels), treatment (decision, rationale, plan), acceptance, review and
//! the risk's history from the audit log.

use crate::core::risk::catalogue;
use crate::core::risk::register::{level_opt, next_review};
use crate::core::risk::{RiskMethod, Scale};
use crate::core::{
    Acceptance, ActionStatus, Asset, Control, FieldError, PlanApproval, Risk, RiskStatus, Score,
    Treatment, TreatmentAction,
};
use crate::ui::kit::editor::{Editing, RecordEditor};
use crate::ui::kit::fields::*;
use crate::ui::kit::list_editor::{Item, ListEditor};
use crate::ui::kit::picker::RecordPicker;
use crate::ui::kit::reactive::memo;
use crate::ui::kit::reactive::{
    dyn_bool, dyn_opt_text, dyn_text, dynamic, on_click, on_value, show, Dynamic, Handler,
};
use crate::ui::pages::audit::local_time;
use crate::ui::pages::risk::matrix::level_badge;
use crate::ui::state::{app, today};
use leptos::prelude::*;

/// Creates or edits one risk. `key` is `new`, a reference or an id.
#[component]
pub fn RiskEditor(key: String) -> impl IntoView {
    view! { <RecordEditor key testid="risk" blank=Risk::blank fields=risk_fields back_label="Back to the register" /> }
}

/// The fields of a risk, section by section.
fn risk_fields(e: Editing<Risk>) -> AnyView {
    let app = app();
    let Editing {
        draft,
        errors,
        is_new,
        ..
    } = e;
    let method = memo(move || app.isms.with(|m| m.risk_method.clone()));
    let (title, set_title) = bind(draft, |d| d.title.clone(), |d, v| d.title = v);
    let (owner, set_owner) = bind(draft, |d| d.owner.clone(), |d, v| d.owner = v);
    let (description, set_description) =
        bind(draft, |d| d.description.clone(), |d, v| d.description = v);
    let (controls, set_controls) = bind(
        draft,
        |d| d.existing_controls.clone(),
        |d, v| d.existing_controls = v,
    );
    let (rationale, set_rationale) = bind(
        draft,
        |d| d.treatment_rationale.clone(),
        |d, v| d.treatment_rationale = v,
    );
    let flag = |get: fn(&Risk) -> bool, set: fn(&mut Risk, bool)| {
        (
            Signal::derive(move || draft.with(get)),
            Callback::new(move |v| draft.update(|d| set(d, v))),
        )
    };
    let (c, set_c) = flag(|d| d.confidentiality, |d, v| d.confidentiality = v);
    let (i, set_i) = flag(|d| d.integrity, |d, v| d.integrity = v);
    let (a, set_a) = flag(|d| d.availability, |d, v| d.availability = v);
    let (assets, set_assets) = bind(draft, |d| d.assets.clone(), |d, v| d.assets = v);
    let (linked, set_linked) = bind(draft, |d| d.controls.clone(), |d, v| d.controls = v);
    let has_residual = Signal::derive(move || draft.with(|d| d.residual.is_some()));
    let current_level = memo(move || draft.with(|d| method.with(|m| level_opt(m, d.current))));
    let guidance = move || {
        method.with(|m| {
            let Some(k) = current_level.get() else {
                return if draft.with(|d| d.is_assessed()) {
                    "The scores are outside the method's scales: choose them again."
                } else {
                    "Not assessed yet: choose the likelihood and impact of the inherent and the current risk. Until then the risk is listed as needing attention and stays off the heat maps."
                }
                .to_string();
            };
            let Some(l) = m.risk_level(k) else {
                return String::new();
            };
            let appetite = if m.within_appetite(k) {
                "Within the risk appetite: it may be retained without treatment.".to_string()
            } else {
                format!(
                    "Above the risk appetite: retaining it needs an acceptance recorded as an exception, by {}",
                    m.acceptance_authority.trim()
                )
            };
            format!("{} risk. {} {appetite} Review every {} month{}.", l.name, l.response, l.review_months, if l.review_months == 1 { "" } else { "s" })
        })
    };
    let next = move || {
        draft.with(|d| {
            method.with(|m| {
                let mut probe = d.clone();
                if probe.created_at.is_empty() {
                    probe.created_at = today();
                }
                next_review(m, &probe, level_opt(m, d.current))
            })
        })
    };
    let history = move || {
        let id = draft.with_untracked(|d| d.id.clone());
        if id.is_empty() {
            return Vec::new();
        }
        app.isms.with(|m| {
            m.audit_log
                .iter()
                .rev()
                .filter(|e| e.record_id == id)
                .take(20)
                .map(|e| (e.at.clone(), e.actor.clone(), e.summary.clone()))
                .collect::<Vec<_>>()
        })
    };

    let last_review_error = error_for(errors, "last_review");

    view! {
        <fieldset class="editor__section">
            <legend>"Identification"</legend>
            <div class="editor__grid">
                <TextField testid="risk-field-title" label="Title" required=true value=title on_input=set_title error=error_for(errors, "title")
                    hint="What could happen, in a few words." />
                <TextField testid="risk-field-owner" label="Risk owner" required=true value=owner on_input=set_owner error=error_for(errors, "owner")
                    hint="The person accountable for managing the risk (6.1.2 c 2)." />
                <CatalogueField testid="risk-field-threat" label="Risk source or threat" list="threat-catalogue"
                    value=Signal::derive(move || draft.with(|d| d.threat.clone()))
                    on_input=Callback::new(move |v| draft.update(|d| d.threat = v))
                    options=suggestions(|r| &r.threat, catalogue::threats) error=error_for(errors, "threat") />
                <CatalogueField testid="risk-field-vulnerability" label="Vulnerability" list="vulnerability-catalogue"
                    value=Signal::derive(move || draft.with(|d| d.vulnerability.clone()))
                    on_input=Callback::new(move |v| draft.update(|d| d.vulnerability = v))
                    options=suggestions(|r| &r.vulnerability, catalogue::vulnerabilities) error=error_for(errors, "vulnerability") />
            </div>
            <TextField testid="risk-field-description" label="Description" multiline=true value=description on_input=set_description error=error_for(errors, "description") />
            <div class="field">
                <span class="field__label">"Affects"</span>
                <div class="checks">
                    <CheckField testid="risk-field-confidentiality" label="Confidentiality" value=c on_change=set_c />
                    <CheckField testid="risk-field-integrity" label="Integrity" value=i on_change=set_i />
                    <CheckField testid="risk-field-availability" label="Availability" value=a on_change=set_a />
                </div>
            </div>
            <RecordPicker<Asset> testid="risk-field-assets" label="Affected assets"
                hint="From the asset inventory, with their confidentiality, integrity and availability ratings. Type to find them."
                placeholder="Find an asset by reference or name"
                chips_testid="risk-assets" option_testid="risk-asset-option"
                value=assets on_change=set_assets detail=asset_cia
                error=error_for(errors, "assets") />
        </fieldset>
        <fieldset class="editor__section">
            <legend>"Analysis and evaluation"</legend>
            <div class="scores">
                <ScoreFields which="inherent" label="Inherent risk (before any control)" method draft
                    get=|d| d.inherent set=|d, s| d.inherent = s errors />
                <ScoreFields which="current" label="Current risk (now, with existing controls)" method draft
                    get=|d| d.current set=|d, s| d.current = s errors />
                <div class="score-box">
                    <CheckField testid="risk-field-has-residual" label="Set the residual risk expected after the planned treatment" value=has_residual
                        on_change=Callback::new(move |on: bool| draft.update(|d| d.residual = on.then(|| d.residual_or_current().unwrap_or(Score::new(0, 0))))) />
                    {show(move || has_residual.get(), move || view! {
                        <ScoreFields which="residual" label="Residual risk (after the planned treatment)" method draft
                            get=|d| d.residual set=|d, s| d.residual = Some(s.unwrap_or(Score::new(0, 0))) errors />
                    }.into_any(), None)}
                </div>
            </div>
            <p class="guidance" data-testid="risk-guidance">{dyn_text(guidance)}</p>
            <RecordPicker<Control> testid="risk-field-controls" label="Controls"
                hint="From the control register (Annex A and your own): those in place, which the current score counts on, and those the plan adds. Type an id such as 8.13 or a word of the title."
                placeholder="Find a control by id or title"
                chips_testid="risk-controls" option_testid="risk-control-option"
                value=linked on_change=set_linked
                error=error_for(errors, "controls") />
            <TextField testid="risk-field-existing-controls" label="Note on existing controls" multiline=true value=controls on_input=set_controls
                hint="Anything the links above do not say: how well they work, what else reduces the risk." error=error_for(errors, "existing_controls") />
        </fieldset>
        <fieldset class="editor__section">
            <legend>"Treatment (6.1.3)"</legend>
            <div class="editor__grid">
                <ChoiceField<Treatment> testid="risk-field-treatment" label="Treatment decision"
                    value=Signal::derive(move || draft.with(|d| d.treatment.key()))
                    on_change=Callback::new(move |v: Option<Treatment>| if let Some(v) = v { draft.update(|d| d.treatment = v) })
                    error=error_for(errors, "treatment") />
                <ChoiceField<RiskStatus> testid="risk-field-status" label="Status"
                    value=Signal::derive(move || draft.with(|d| d.status.key()))
                    on_change=Callback::new(move |v: Option<RiskStatus>| if let Some(v) = v { draft.update(|d| d.status = v) })
                    error=error_for(errors, "status") />
            </div>
            {show(move || draft.with(|d| d.status == RiskStatus::Closed), move || view! {
                <TextField testid="risk-field-closed-reason" label="Reason closed" required=true multiline=true
                    value=Signal::derive(move || draft.with(|d| d.closed_reason.clone()))
                    on_input=Callback::new(move |v| draft.update(|d| d.closed_reason = v))
                    hint="Why the risk no longer needs managing (the asset retired, the activity stopped). A closed risk stays in the register and its history; delete only a risk recorded by mistake."
                    error=error_for(errors, "closed_reason") />
            }.into_any(), None)}
            <TextField testid="risk-field-treatment-rationale" label="Rationale for the decision" multiline=true value=rationale on_input=set_rationale
                error=error_for(errors, "treatment_rationale") />
            <ActionsEditor draft errors />
            <PlanApprovalEditor draft errors />
            <AcceptanceEditor draft errors method />
        </fieldset>
        <fieldset class="editor__section">
            <legend>"Review"</legend>
            <div class="editor__grid">
                <div class="field" class:field--invalid=dyn_bool(move || last_review_error.with(|e| e.is_some()))>
                    <label class="field__label" for="f-risk-field-last-review">"Last review"</label>
                    <div class="inline">
                        {date_input("risk-field-last-review".into(), Some("f-risk-field-last-review".into()), "Last review", None, false,
                            Signal::derive(move || draft.with(|d| d.last_review.clone())),
                            Callback::new(move |v| draft.update(|d| d.last_review = v)))}
                        <button type="button" class="btn btn--small" data-testid="risk-reviewed-today"
                            on:click=on_click(move || draft.update(|d| d.last_review = today()))>"Reviewed today"</button>
                    </div>
                    <span class="field__error" role="alert">{dyn_opt_text(move || last_review_error.get())}</span>
                </div>
                <div class="field">
                    <span class="field__label">"Next review"</span>
                    <span class="field__value" data-testid="risk-next-review">{dyn_text(move || {
                        let n = next();
                        if n.is_empty() { "\u{2014}".to_string() } else if n < today() { format!("{n} (overdue)") } else { n }
                    })}</span>
                    <span class="field__hint">"From the last review (or the creation) and the current level's review interval."</span>
                </div>
            </div>
        </fieldset>
        {show(move || !is_new, move || view! {
            <details class="editor__section history" data-testid="risk-history">
                <summary>"History (from the audit log)"</summary>
                <ul class="recent">
                    {dynamic(move || history().into_iter().map(|(at, actor, summary)| view! {
                        <li><time datetime=at.clone()>{local_time(&at)}</time>" "<span class="log__actor">{actor}</span>": "{summary}</li>
                    }).collect_view())}
                </ul>
            </details>
        }.into_any(), None)}
    }
    .into_any()
}

/// Suggestions for a field: what people wrote in it elsewhere in the
/// register, then the starter catalogue, as (group, text) pairs.
fn suggestions<I: Iterator<Item = (&'static str, &'static str)>>(
    get: fn(&Risk) -> &str,
    catalogue: fn() -> I,
) -> Vec<(String, String)> {
    let listed: Vec<(&str, &str)> = catalogue().collect();
    let texts: Vec<&str> = listed.iter().map(|(_, t)| *t).collect();
    let own = app()
        .isms
        .with_untracked(|m| crate::core::risk::register::own_entries(&m.risks, get, &texts, 200));
    own.into_iter()
        .map(|t| ("Used in this register".to_string(), t))
        .chain(
            listed
                .into_iter()
                .map(|(g, t)| (g.to_string(), t.to_string())),
        )
        .collect()
}

/// A text field with suggestions from the register and the starter
/// catalogue (a datalist: pick one, or type anything else).
#[component]
fn CatalogueField(
    #[prop(into)] testid: String,
    #[prop(into)] label: String,
    /// The datalist's element id.
    #[prop(into)]
    list: String,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    /// (group, suggestion) pairs.
    options: Vec<(String, String)>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("f-{testid}");
    view! {
        <div class="field" class:field--invalid=dyn_bool(move || error.with(|e| e.is_some()))>
            <label class="field__label" for=id.clone()>{label}</label>
            <span class="field__hint">"Pick a suggestion (your earlier entries, then the starter catalogue), or write your own."</span>
            <input type="text" id=id data-testid=testid list=list.clone()
                prop:value=dyn_text(move || value.get()) on:input=on_value(move |v| on_input.run(v)) />
            <datalist id=list>
                {options.into_iter().map(|(theme, s)| view! { <option value=s label=theme></option> }).collect_view()}
            </datalist>
            <span class="field__error" role="alert">{dyn_opt_text(move || error.get())}</span>
        </div>
    }
}

/// The options of a scale: "3 — Possible".
fn scale_options(scale: &Scale) -> impl IntoView {
    let none = view! { <option value="0">"Not scored"</option> };
    let levels = scale
        .levels
        .iter()
        .enumerate()
        .map(|(k, l)| {
            let n = (k + 1).to_string();
            view! { <option value=n.clone() title=l.criteria.clone()>{format!("{n} \u{2014} {}", l.label)}</option> }
        })
        .collect_view();
    (none, levels)
}

/// A likelihood and an impact, with the level they give.
#[component]
fn ScoreFields(
    /// `inherent`, `current` or `residual`: the fields' test ids are
    /// `risk-field-<which>-likelihood` and `-impact`.
    #[prop(into)]
    which: String,
    #[prop(into)] label: String,
    method: Memo<RiskMethod>,
    draft: RwSignal<Risk>,
    get: fn(&Risk) -> Option<Score>,
    /// `None` when neither is chosen (not scored).
    set: fn(&mut Risk, Option<Score>),
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let score = Signal::derive(move || draft.with(get));
    let value = move |likelihood: bool| -> Dynamic<String> {
        dyn_text(move || {
            score
                .get()
                .map_or(0, |s| if likelihood { s.likelihood } else { s.impact })
                .to_string()
        })
    };
    let change = move |likelihood: bool| -> Handler<leptos::ev::Event> {
        on_value(move |v| {
            // 0: "Not scored" (the other may be chosen already: the
            // rules then ask for this one).
            let v: u8 = v.parse().unwrap_or(0);
            draft.update(|d| {
                let mut s = get(d).unwrap_or(Score::new(0, 0));
                if likelihood {
                    s.likelihood = v
                } else {
                    s.impact = v
                }
                set(d, (s != Score::new(0, 0)).then_some(s))
            })
        })
    };
    let err = error_for(errors, which.clone());
    let err_id = format!("f-risk-{which}-error");
    let invalid = move || dyn_text(move || err.with(|e| e.is_some()).to_string());
    let (lid, iid) = (
        format!("risk-field-{which}-likelihood"),
        format!("risk-field-{which}-impact"),
    );
    view! {
        <div class="score-box" class:field--invalid=dyn_bool(move || err.with(|e| e.is_some()))>
            <span class="field__label">{label}</span>
            <div class="inline">
                <label class="field__sub" for=format!("f-{lid}")>"Likelihood"</label>
                <select id=format!("f-{lid}") data-testid=lid aria-invalid=invalid() aria-describedby=err_id.clone() prop:value=value(true) on:change=change(true)>
                    {dynamic(move || method.with(|m| scale_options(&m.likelihood).into_any()))}
                </select>
                <label class="field__sub" for=format!("f-{iid}")>"Impact"</label>
                <select id=format!("f-{iid}") data-testid=iid aria-invalid=invalid() aria-describedby=err_id.clone() prop:value=value(false) on:change=change(false)>
                    {dynamic(move || method.with(|m| scale_options(&m.impact).into_any()))}
                </select>
            </div>
            <div class="score-box__level" data-testid=format!("risk-level-{which}")>
                {dynamic(move || method.with(|m| level_badge(m, level_opt(m, score.get()))))}
            </div>
            <span class="field__error" id=err_id role="alert">{dyn_opt_text(move || err.get())}</span>
        </div>
    }
}

/// How an affected asset shows its ratings: "C High · I Low · A Low".
fn asset_cia(a: &Asset) -> String {
    format!(
        "C {} \u{00b7} I {} \u{00b7} A {}",
        a.confidentiality.label(),
        a.integrity.label(),
        a.availability.label()
    )
}

/// The treatment plan: actions with owner, due date, status and control.
#[component]
fn ActionsEditor(draft: RwSignal<Risk>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let actions = ListEditor::new(draft, "actions", |d| &d.actions, |d| &mut d.actions);
    let new_action = |d: &Risk| TreatmentAction {
        id: String::new(),
        title: String::new(),
        owner: d.owner.clone(),
        due: String::new(),
        status: ActionStatus::Planned,
        control: String::new(),
    };
    let today = today();
    view! {
        <div class="field">
            <span class="field__label">"Treatment plan"</span>
            <span class="field__hint">"The actions that carry out the decision, each with an owner, a due date and the control of the register it implements."</span>
            <div class="table-box" tabindex="0" role="region" aria-label="Treatment plan">
                <table class="table table--form table--plan" data-testid="risk-actions">
                    <thead><tr><th>"Action"</th><th>"Owner"</th><th>"Due"</th><th>"Status"</th><th>"Control"</th><th><span class="visually-hidden">"Remove"</span></th></tr></thead>
                    <tbody>
                        {actions.rows(move |a| action_row(a, errors, today.clone()))}
                    </tbody>
                </table>
            </div>
            {actions.add_button("risk-action-add", "Add an action", new_action)}
        </div>
    }
}

/// One action of the plan, as a row of its table; late ones stand out.
fn action_row(
    a: Item<Risk, TreatmentAction>,
    errors: RwSignal<Vec<FieldError>>,
    today: String,
) -> AnyView {
    let text = move |get: fn(&TreatmentAction) -> String| {
        dyn_text(move || a.with(get).unwrap_or_default())
    };
    let put =
        move |set: fn(&mut TreatmentAction, String)| on_value(move |v| a.update(|x| set(x, v)));
    let late = memo(move || a.with(|x| x.is_overdue(&today)).unwrap_or(false));
    let err = a.error(errors, "");
    view! {
        <tr data-testid="risk-action" class:row--late=dyn_bool(move || late.get())>
            <td><input type="text" aria-label="Action" data-testid="risk-action-title" prop:value=text(|a| a.title.clone()) on:input=put(|a, v| a.title = v) /></td>
            <td><input type="text" aria-label="Owner" data-testid="risk-action-owner" prop:value=text(|a| a.owner.clone()) on:input=put(|a, v| a.owner = v) /></td>
            <td>{date_input("risk-action-due".into(), None, "Due date", None, false,
                Signal::derive(move || a.with(|x| x.due.clone()).unwrap_or_default()), Callback::new(move |v| a.update(|x| x.due = v)))}
                {dynamic(move || late.get().then(|| view! { <span class="flag flag--late">"overdue"</span> }))}</td>
            <td><select aria-label="Status" data-testid="risk-action-status" prop:value=text(|a| a.status.key().to_string())
                on:change=put(|a, v| if let Some(s) = ActionStatus::from_key(&v) { a.status = s })>
                {ActionStatus::ALL.iter().map(|s| view! { <option value=s.key()>{s.label()}</option> }).collect_view()}
            </select></td>
            <td><select aria-label="Control" data-testid="risk-action-control" prop:value=text(|a| a.control.clone())
                on:change=put(|a, v| a.control = v)>
                <option value="">"No control"</option>
                {app().isms.with_untracked(|m| m.controls.iter().map(|c| {
                    let (id, label) = (c.id.clone(), format!("{} {}", c.reference, c.title));
                    let chosen = a.with(|x| x.control == id).unwrap_or(false);
                    view! { <option value=id selected=chosen>{label}</option> }
                }).collect_view())}
            </select></td>
            <td><button type="button" class="btn btn--small btn--ghost" aria-label="Remove this action"
                on:click=on_click(move || a.remove())>"\u{00d7}"</button>
                <span class="field__error" role="alert">{dyn_opt_text(move || err.get())}</span></td>
        </tr>
    }
    .into_any()
}

/// The risk owner's approval of the treatment plan (6.1.3 f), and whether
/// the plan changed since.
#[component]
fn PlanApprovalEditor(draft: RwSignal<Risk>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let has = Signal::derive(move || draft.with(|d| d.plan_approval.is_some()));
    let toggle = Callback::new(move |on: bool| {
        draft.update(|d| {
            d.plan_approval = on.then(|| PlanApproval {
                approved_by: d.owner.clone(),
                date: today(),
                plan_sha256: String::new(),
            })
        })
    });
    let text = move |get: fn(&PlanApproval) -> String| {
        Signal::derive(move || {
            draft.with(|d| d.plan_approval.as_ref().map(get).unwrap_or_default())
        })
    };
    let put = move |set: fn(&mut PlanApproval, String)| {
        Callback::new(move |v: String| {
            draft.update(|d| {
                if let Some(p) = d.plan_approval.as_mut() {
                    set(p, v)
                }
            })
        })
    };
    let standing = move || {
        draft.with(|d| {
            let p = d.plan_approval.as_ref()?;
            Some(if p.plan_sha256.is_empty() {
                "Saving records the plan as approved.".to_string()
            } else if p.plan_sha256 != crate::core::risk::rules::plan_sha256(d) {
                "The plan changed since this approval: the risk owner must approve it again.".into()
            } else {
                format!(
                    "The plan as it is was approved by {} on {}.",
                    p.approved_by, p.date
                )
            })
        })
    };
    view! {
        <div class="acceptance" data-testid="risk-plan-approval">
            <CheckField testid="risk-field-plan-approved" label="Record the risk owner's approval of this treatment plan" value=has on_change=toggle />
            <span class="field__error" role="alert">{dyn_opt_text(move || error_for(errors, "plan_approval").get())}</span>
            {show(move || has.get(), move || view! {
                <div class="editor__grid">
                    <TextField testid="risk-field-plan-approved-by" label="Approved by" required=true value=text(|p| p.approved_by.clone()) on_input=put(|p, v| p.approved_by = v)
                        error=error_for(errors, "plan_approval.approved_by") />
                    {date_field("risk-field-plan-approved-on".into(), "Approved on", true, error_for(errors, "plan_approval.date"), text(|p| p.date.clone()), put(|p, v| p.date = v))}
                </div>
                <p class="field__hint" data-testid="risk-plan-approval-status">{dyn_opt_text(standing)}" "
                    <button type="button" class="btn btn--small" data-testid="risk-plan-approve-now"
                        on:click=on_click(move || draft.update(|d| if let Some(p) = d.plan_approval.as_mut() { p.date = today(); p.plan_sha256.clear() }))>"Approve the plan as it is now"</button></p>
            }.into_any(), None)}
        </div>
    }
}

/// The formal acceptance record, and the appetite rule it answers.
#[component]
fn AcceptanceEditor(
    draft: RwSignal<Risk>,
    errors: RwSignal<Vec<FieldError>>,
    method: Memo<RiskMethod>,
) -> impl IntoView {
    let has = Signal::derive(move || draft.with(|d| d.acceptance.is_some()));
    let toggle = Callback::new(move |on: bool| {
        draft.update(|d| {
            d.acceptance = on.then(|| Acceptance {
                date: today(),
                ..Acceptance::default()
            })
        })
    });
    let above = move || {
        draft.with(|d| {
            method.with(|m| {
                level_opt(m, d.residual_or_current()).is_some_and(|k| !m.within_appetite(k))
            })
        })
    };
    // What the acceptance recorded, and whether it must be given again.
    let recorded = move || {
        draft.with(|d| {
            method.with(|m| {
                let a = d.acceptance.as_ref()?;
                let again = crate::core::risk::register::reacceptance(
                    d,
                    m,
                    &crate::core::risk::rules::method_sha256(m),
                );
                Some(match again {
                    Some(why) => format!("Needs re-acceptance: {why}."),
                    None if a.level == 0 => "Saving records the residual level accepted.".into(),
                    None => format!(
                        "Accepts the residual level {}.",
                        m.risk_level(a.level as usize)
                            .map_or("?", |l| l.name.as_str())
                    ),
                })
            })
        })
    };
    let text = move |get: fn(&Acceptance) -> String| {
        Signal::derive(move || draft.with(|d| d.acceptance.as_ref().map(get).unwrap_or_default()))
    };
    let put = move |set: fn(&mut Acceptance, String)| {
        Callback::new(move |v: String| {
            draft.update(|d| {
                if let Some(a) = d.acceptance.as_mut() {
                    set(a, v)
                }
            })
        })
    };
    let acceptance_date = move |testid: &'static str,
                                label: &'static str,
                                path: &'static str,
                                required: bool,
                                get: fn(&Acceptance) -> String,
                                set: fn(&mut Acceptance, String)| {
        date_field(
            testid.into(),
            label,
            required,
            error_for(errors, path),
            text(get),
            put(set),
        )
    };
    let expired = move || {
        draft.with(|d| {
            d.acceptance
                .as_ref()
                .is_some_and(|a| a.is_expired(&today()))
        })
    };
    view! {
        <div class="acceptance" data-testid="risk-acceptance">
            <CheckField testid="risk-field-accepted" label="Record the risk owner's acceptance of the residual risk" value=has on_change=toggle />
            <span class="field__error" role="alert" data-testid="risk-acceptance-error">{dyn_opt_text(move || errors.with(|errs| {
                errs.iter().find(|e| e.path == "acceptance").map(|e| e.message.clone())
            }))}</span>
            {show(move || has.get(), move || view! {
                <div class="editor__grid">
                    <TextField testid="risk-field-accepted-by" label="Accepted by" required=true value=text(|a| a.accepted_by.clone()) on_input=put(|a, v| a.accepted_by = v)
                        error=error_for(errors, "acceptance.accepted_by") />
                    {acceptance_date("risk-field-accepted-on", "Accepted on", "acceptance.date", true, |a| a.date.clone(), |a, v| a.date = v)}
                    {acceptance_date("risk-field-acceptance-expires", "Expires", "acceptance.expires", false, |a| a.expires.clone(), |a, v| a.expires = v)}
                    <CheckField testid="risk-field-exception" label="Exception to the risk appetite (the residual level is above it)"
                        value=Signal::derive(move || draft.with(|d| d.acceptance.as_ref().is_some_and(|a| a.exception)))
                        on_change=Callback::new(move |v| draft.update(|d| if let Some(a) = d.acceptance.as_mut() { a.exception = v })) />
                </div>
                <TextField testid="risk-field-acceptance-rationale" label="Rationale" required=true multiline=true value=text(|a| a.rationale.clone())
                    on_input=put(|a, v| a.rationale = v) error=error_for(errors, "acceptance.rationale") />
                <p class="field__hint" data-testid="risk-acceptance-level">{dyn_opt_text(recorded)}</p>
                {dynamic(move || expired().then(|| view! { <p class="flag flag--late" data-testid="risk-acceptance-expired">"This acceptance has expired: review the risk and renew or withdraw it."</p> }))}
            }.into_any(), None)}
            {dynamic(move || above().then(|| view! {
                <p class="guidance guidance--warn">{dyn_text(move || method.with(|m| format!(
                    "The residual risk is above the appetite: whatever the treatment, it needs an acceptance recorded as an exception, by: {}",
                    m.acceptance_authority.trim())))}</p>
            }))}
        </div>
    }
}
