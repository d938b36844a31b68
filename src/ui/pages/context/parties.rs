//! Interested parties and their requirements (clause 4.2).

use crate::core::context::query::{self, PartyFilter, PartySort};
use crate::core::{Command, FieldError, Origin, Party, PartyKind, Requirement, RequirementKind};
use crate::ui::kit::editor::{Editing, RecordEditor};
use crate::ui::kit::fields::*;
use crate::ui::kit::list_editor::{Item, ListEditor};
use crate::ui::kit::reactive::{dyn_opt_text, dynamic, handler, on_checked};
use crate::ui::kit::table::{record_rows, Column, ListState, RecordTable, Toolbar};
use crate::ui::pages::{open_record, PageHeader};
use crate::ui::state::{app, fresh_id};
use leptos::prelude::*;

fn new_party() -> Party {
    Party {
        id: String::new(),
        reference: String::new(),
        name: String::new(),
        kind: PartyKind::Customer,
        origin: Origin::External,
        contact: String::new(),
        requirements: Vec::new(),
        created_at: String::new(),
        updated_at: String::new(),
    }
}

#[component]
pub fn PartiesPage() -> impl IntoView {
    let app = app();
    let open = open_record::<crate::core::Party>();
    let text = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let origin = RwSignal::new(String::new());
    let req_kind = RwSignal::new(String::new());
    let unaddressed = RwSignal::new(false);
    let list = ListState::new(PartySort::Reference);
    let rows = list.rows(
        move || PartyFilter {
            text: text.get(),
            kind: PartyKind::from_key(&kind.get()),
            origin: Origin::from_key(&origin.get()),
            requirement: RequirementKind::from_key(&req_kind.get()),
            unaddressed: unaddressed.get(),
            sort: list.sort(),
            descending: list.descending.get(),
        },
        move |f| app.isms.with(|m| query::parties(&m.parties, f)),
    );
    view! {
        <section class="page">
            <PageHeader title="Interested parties" clause="Clause 4.2"
                help="Who has a stake in information security, what they require, and which requirements the ISMS addresses.">
                <a class="btn btn--primary" data-testid="party-new" href="#/parties/new">"New interested party"</a>
            </PageHeader>
            {dynamic(move || open.get().map(|key| view! { <PartyEditor key /> }))}
            <Toolbar>
                <SearchBox testid="party-search" value=text placeholder="Search parties and requirements\u{2026}" />
                <ChoiceFilter<PartyKind> testid="party-filter-kind" all_label="All kinds" value=kind />
                <ChoiceFilter<Origin> testid="party-filter-origin" all_label="Internal and external" value=origin />
                <ChoiceFilter<RequirementKind> testid="party-filter-requirement" all_label="Any requirement" value=req_kind />
                <label class="toolbar__check"><input type="checkbox" data-testid="party-filter-unaddressed"
                    prop:checked=move || unaddressed.get() on:change=on_checked(move |v| unaddressed.set(v)) />" With unaddressed requirements"</label>
            </Toolbar>
            <RecordTable rows all=Signal::derive(move || app.isms.with(|m| m.parties.len())) page=list.page noun="interested parties"
                columns=vec![
                    list.column("Ref", PartySort::Reference),
                    list.column("Party", PartySort::Name),
                    list.column("Kind", PartySort::Kind),
                    list.column("Internal / external", PartySort::Origin),
                    list.column("Requirements", PartySort::Open),
                    Column::actions(),
                ]
                draw=record_rows(|p: Party| view! { <PartyRow party=p /> }.into_any())
                empty=|| view! {
                    <div class="empty"><p>"No interested parties yet: customers, staff, regulators, suppliers, owners, insurers\u{2026}"</p></div>
                } />
        </section>
    }
}

#[component]
fn PartyRow(party: Party) -> impl IntoView {
    let app = app();
    let href = format!("#/parties/{}", party.reference);
    let id = party.id.clone();
    let delete = move |_| {
        app.delete(Command::Delete {
            kind: crate::core::RecordKind::Party,
            detach: false,
            id: id.clone(),
        });
    };
    let open = party.requirements.iter().filter(|r| !r.addressed).count();
    view! {
        <tr data-testid="party-row">
            <td class="cell--ref"><a href=href.clone()>{party.reference.clone()}</a></td>
            <td><a href=href>{party.name.clone()}</a><div class="cell__sub">{party.contact.clone()}</div></td>
            <td>{party.kind.label()}</td>
            <td>{party.origin.label()}</td>
            <td>
                <ul class="req-list">
                    {party.requirements.iter().map(|r| view! {
                        <li class:req--open=!r.addressed>
                            <span class="tag">{r.kind.label()}</span>" "{r.text.clone()}
                            {(!r.addressed).then(|| view! { <span class="badge badge--warn">"not addressed"</span> })}
                        </li>
                    }).collect_view()}
                </ul>
                {(open > 0).then(|| view! { <span class="cell__sub">{format!("{open} not addressed")}</span> })}
            </td>
            <td class="cell--actions"><button class="btn btn--small btn--ghost" data-testid="party-delete"
                aria-label=format!("Delete {}", party.reference) on:click=handler(delete)>"Delete"</button></td>
        </tr>
    }
}

/// Creates or edits one interested party. `key` is `new`, a reference or
/// an id.
#[component]
fn PartyEditor(key: String) -> impl IntoView {
    view! { <RecordEditor key testid="party" blank=new_party fields=party_fields /> }
}

fn new_requirement(_: &Party) -> Requirement {
    Requirement {
        id: fresh_id(),
        text: String::new(),
        kind: RequirementKind::Contractual,
        addressed: false,
        how: String::new(),
    }
}

/// The fields of an interested party, and its requirements.
fn party_fields(e: Editing<Party>) -> AnyView {
    let Editing { draft, errors, .. } = e;
    let (name, set_name) = bind(draft, |d| d.name.clone(), |d, v| d.name = v);
    let (contact, set_contact) = bind(draft, |d| d.contact.clone(), |d, v| d.contact = v);
    let requirements = ListEditor::new(
        draft,
        "requirements",
        |p| &p.requirements,
        |p| &mut p.requirements,
    )
    .keyed_by(|r| r.id.clone());
    view! {
        <div class="editor__grid">
            <TextField testid="party-field-name" label="Name" required=true value=name on_input=set_name error=error_for(errors, "name") />
            <ChoiceField<PartyKind> testid="party-field-kind" label="Kind"
                value=Signal::derive(move || draft.with(|d| d.kind.key()))
                on_change=Callback::new(move |v: Option<PartyKind>| if let Some(v) = v { draft.update(|d| d.kind = v) }) />
            <ChoiceField<Origin> testid="party-field-origin" label="Internal or external"
                value=Signal::derive(move || draft.with(|d| d.origin.key()))
                on_change=Callback::new(move |v: Option<Origin>| if let Some(v) = v { draft.update(|d| d.origin = v) }) />
            <TextField testid="party-field-contact" label="Contact" value=contact on_input=set_contact error=error_for(errors, "contact") />
        </div>
        <fieldset class="fieldset">
            <legend>"Requirements"</legend>
            <p class="field__hint">"What this party requires of information security, where it comes from (law, regulation, contract, expectation), and whether the ISMS addresses it."</p>
            <div class="field__error" role="alert">{dyn_opt_text(move || requirements.error(errors).get())}</div>
            {requirements.rows(move |r| requirement_row(r, errors))}
            {requirements.add_button("party-requirement-add", "Add a requirement", new_requirement)}
        </fieldset>
    }
    .into_any()
}

fn requirement_row(r: Item<Party, Requirement>, errors: RwSignal<Vec<FieldError>>) -> AnyView {
    view! {
        <div class="item-row item-row--requirement" data-testid="requirement-row">
            <TextField testid="requirement-field-text" label="Requirement" required=true multiline=true
                value=r.value(|r| r.text.clone()) on_input=r.setter(|r, v| r.text = v) error=r.error(errors, "text") />
            <ChoiceField<RequirementKind> testid="requirement-field-kind" label="Source"
                value=r.value(|r| r.kind.key())
                on_change=r.setter(|r, v: Option<RequirementKind>| if let Some(v) = v { r.kind = v }) />
            <CheckField testid="requirement-field-addressed" label="Addressed by the ISMS"
                value=r.value(|r| r.addressed) on_change=r.setter(|r, v| r.addressed = v) />
            <TextField testid="requirement-field-how" label="How it is addressed (or why not)"
                value=r.value(|r| r.how.clone()) on_input=r.setter(|r, v| r.how = v) error=r.error(errors, "how") />
            {r.remove_button("requirement-remove")}
        </div>
    }
    .into_any()
}
