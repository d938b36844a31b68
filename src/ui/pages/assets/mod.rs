//! The asset inventory: a searchable, filterable, sortable list (paged, so
//! thousands of assets stay responsive) and the asset editor.

use crate::core::assets::query::{AssetFilter, AssetSort};
use crate::core::{Asset, AssetKind, Classification, Command, Rating};
use crate::ui::kit::dialog::ConfirmDialog;
use crate::ui::kit::editor::{Editing, RecordEditor};
use crate::ui::kit::fields::*;
use crate::ui::kit::picker::RecordPicker;
use crate::ui::kit::reactive::memo;
use crate::ui::kit::reactive::{dyn_text, dynamic, handler, show};
use crate::ui::kit::table::{record_rows, Column, ListState, RecordTable, SelectFilter, Toolbar};
use crate::ui::pages::{open_record, PageHeader};
use crate::ui::state::app;
use leptos::prelude::*;

fn new_asset() -> Asset {
    Asset {
        id: String::new(),
        reference: String::new(),
        name: String::new(),
        kind: AssetKind::Information,
        owner: String::new(),
        description: String::new(),
        location: String::new(),
        classification: Classification::Internal,
        confidentiality: Rating::Medium,
        integrity: Rating::Medium,
        availability: Rating::Medium,
        in_scope: true,
        depends_on: Vec::new(),
        tags: Vec::new(),
        created_at: String::new(),
        updated_at: String::new(),
    }
}

/// The asset inventory page.
#[component]
pub fn AssetsPage() -> impl IntoView {
    let app = app();
    let open = open_record::<crate::core::Asset>();
    let text = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let classification = RwSignal::new(String::new());
    let scope = RwSignal::new(String::new());
    let list = ListState::new(AssetSort::Reference);
    on_cleanup(move || {
        if app.pending_delete.with_untracked(Option::is_some) {
            app.pending_delete.set(None);
        }
    });
    let rows = list.rows(
        move || AssetFilter {
            text: text.get(),
            kind: AssetKind::from_key(&kind.get()),
            classification: Classification::from_key(&classification.get()),
            in_scope: match scope.get().as_str() {
                "in" => Some(true),
                "out" => Some(false),
                _ => None,
            },
            sort: list.sort(),
            descending: list.descending.get(),
        },
        move |f| {
            app.isms
                .with(|m| crate::core::assets::query::assets(&m.assets, f))
        },
    );

    view! {
        <section class="page">
            <PageHeader title="Asset inventory" clause="A.5.9"
                help="Information and the assets that hold or process it, with an owner, a classification and C/I/A ratings.">
                <a class="btn btn--primary" data-testid="asset-new" href="#/assets/new">"New asset"</a>
            </PageHeader>
            {dynamic(move || open.get().map(|key| view! { <AssetEditor key /> }))}
            // A row's Delete of an asset others refer to asks here, over the list.
            {dynamic(move || app.pending_delete.get().map(|id| {
                let of = id.clone();
                let dependents = Signal::derive(move || app.isms.with(|m| dependents_of(m, &of)));
                let delete = Callback::new(move |()| {
                    app.pending_delete.set(None);
                    app.delete(Command::Delete { kind: crate::core::RecordKind::Asset, id: id.clone(), detach: true });
                });
                confirm_delete(dependents, delete, Callback::new(move |()| app.pending_delete.set(None)))
            }))}
            <Toolbar>
                <SearchBox testid="asset-search" value=text placeholder="Search name, owner, tag, location\u{2026}" />
                <ChoiceFilter<AssetKind> testid="asset-filter-kind" all_label="All kinds" value=kind />
                <ChoiceFilter<Classification> testid="asset-filter-classification" all_label="All classifications" value=classification />
                <SelectFilter testid="asset-filter-scope" label="Scope" all_label="In and out of scope" value=scope
                    options=vec![("in".to_string(), "In scope".to_string()), ("out".to_string(), "Out of scope".to_string())] />
            </Toolbar>
            <RecordTable rows all=Signal::derive(move || app.isms.with(|m| m.assets.len())) page=list.page noun="assets" testid="asset-table"
                columns=vec![
                    list.column("Ref", AssetSort::Reference),
                    list.column("Name", AssetSort::Name),
                    list.column("Kind", AssetSort::Kind),
                    list.column("Owner", AssetSort::Owner),
                    list.column("Classification", AssetSort::Classification),
                    list.column("C / I / A", AssetSort::Criticality),
                    list.column("Scope", AssetSort::InScope),
                    Column::plain("Tags"),
                    Column::actions(),
                ]
                draw=record_rows(|a: Asset| view! { <AssetRow asset=a /> }.into_any())
                empty=|| view! {
                    <div class="empty">
                        <p>"No assets yet. List the information your organisation holds and what it lives on: systems, services, people, sites, suppliers."</p>
                        <a class="btn btn--primary" href="#/assets/new">"Add the first asset"</a>
                    </div>
                } />
        </section>
    }
}

/// One of an asset's C/I/A ratings: its letter, then the level in words
/// ("C High"); a screen reader hears "Confidentiality High".
fn rating_badge(dimension: &'static str, r: Rating) -> impl IntoView {
    view! {
        <span class=format!("rating rating--{}", r.key())>
            <span class="rating__dim" aria-hidden="true">{&dimension[..1]}</span>
            <span class="visually-hidden">{dimension}" "</span>{r.label()}
        </span>
    }
}

#[component]
fn AssetRow(asset: Asset) -> impl IntoView {
    let href = format!("#/assets/{}", asset.reference);
    let id = asset.id.clone();
    let delete = move |_| delete_asset(&id);
    view! {
        <tr data-testid="asset-row" class:row--out=!asset.in_scope>
            <td class="cell--ref"><a href=href.clone()>{asset.reference.clone()}</a></td>
            <td><a href=href>{asset.name.clone()}</a></td>
            <td>{asset.kind.label()}</td>
            <td>{asset.owner.clone()}</td>
            <td><span class=format!("class class--{}", asset.classification.key())>{asset.classification.label()}</span></td>
            <td class="cell--cia">{rating_badge("Confidentiality", asset.confidentiality)}{rating_badge("Integrity", asset.integrity)}{rating_badge("Availability", asset.availability)}</td>
            <td>{if asset.in_scope { "In" } else { "Out" }}</td>
            <td>{asset.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</td>
            <td class="cell--actions">
                <button class="btn btn--small btn--ghost" data-testid="asset-delete"
                    aria-label=format!("Delete {}", asset.reference) on:click=handler(delete)>"Delete"</button>
            </td>
        </tr>
    }
}

/// Deletes an asset nobody depends on; otherwise asks first, over the list.
fn delete_asset(id: &str) {
    let app = app();
    let referenced = app
        .isms
        .with_untracked(|m| !m.dependents_of(id).is_empty() || !m.risks_of_asset(id).is_empty());
    if referenced {
        app.pending_delete.set(Some(id.to_string()));
        return;
    }
    app.delete(Command::Delete {
        kind: crate::core::RecordKind::Asset,
        id: id.to_string(),
        detach: false,
    });
}

/// Creates or edits one asset. `key` is `new`, a reference or an id.
#[component]
fn AssetEditor(key: String) -> impl IntoView {
    view! { <RecordEditor key testid="asset" blank=new_asset fields=asset_fields /> }
}

/// Tags as typed ("gdpr, pci"): trimmed, blanks dropped.
fn split_tags(text: &str) -> Vec<String> {
    text.split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// The fields of an asset; deleting one that others refer to asks first.
fn asset_fields(e: Editing<Asset>) -> AnyView {
    let app = app();
    let Editing { draft, errors, .. } = e;
    let asking = RwSignal::new(false);
    let dependents = memo(move || {
        let id = draft.with(|d| d.id.clone());
        app.isms.with(|m| dependents_of(m, &id))
    });
    e.on_delete(Callback::new(move |()| {
        if dependents.with_untracked(Vec::is_empty) {
            e.delete(true);
        } else {
            asking.set(true);
        }
    }));

    let (name, set_name) = bind(draft, |d| d.name.clone(), |d, v| d.name = v);
    let (owner, set_owner) = bind(draft, |d| d.owner.clone(), |d, v| d.owner = v);
    let (description, set_description) =
        bind(draft, |d| d.description.clone(), |d, v| d.description = v);
    let (location, set_location) = bind(draft, |d| d.location.clone(), |d, v| d.location = v);
    let (depends_on, set_depends_on) =
        bind(draft, |d| d.depends_on.clone(), |d, v| d.depends_on = v);
    // The tags as typed, so that a comma just typed stays; the draft holds
    // them split.
    let tags_text = RwSignal::new(draft.with_untracked(|d| d.tags.join(", ")));
    let set_tags = Callback::new(move |v: String| {
        draft.update(|d| d.tags = split_tags(&v));
        tags_text.set(v);
    });
    let choice = |get: fn(&Asset) -> Rating, set: fn(&mut Asset, Rating)| {
        (
            Signal::derive(move || draft.with(get).key()),
            Callback::new(move |v: Option<Rating>| {
                if let Some(v) = v {
                    draft.update(|d| set(d, v))
                }
            }),
        )
    };
    let (c, set_c) = choice(|d| d.confidentiality, |d, v| d.confidentiality = v);
    let (i, set_i) = choice(|d| d.integrity, |d, v| d.integrity = v);
    let (av, set_av) = choice(|d| d.availability, |d, v| d.availability = v);

    view! {
        <div class="editor__grid">
            <TextField testid="asset-field-name" label="Name" required=true value=name on_input=set_name error=error_for(errors, "name") />
            <ChoiceField<AssetKind> testid="asset-field-kind" label="Kind"
                value=Signal::derive(move || draft.with(|d| d.kind.key()))
                on_change=Callback::new(move |v: Option<AssetKind>| if let Some(v) = v { draft.update(|d| d.kind = v) }) />
            <TextField testid="asset-field-owner" label="Owner" required=true value=owner on_input=set_owner
                hint="The person or role accountable for the asset." error=error_for(errors, "owner") />
            <TextField testid="asset-field-location" label="Location" value=location on_input=set_location error=error_for(errors, "location") />
            <ChoiceField<Classification> testid="asset-field-classification" label="Classification"
                value=Signal::derive(move || draft.with(|d| d.classification.key()))
                on_change=Callback::new(move |v: Option<Classification>| if let Some(v) = v { draft.update(|d| d.classification = v) }) />
            <CheckField testid="asset-field-in-scope" label="In the scope of the ISMS"
                value=Signal::derive(move || draft.with(|d| d.in_scope))
                on_change=Callback::new(move |v| draft.update(|d| d.in_scope = v)) />
            <ChoiceField<Rating> testid="asset-field-confidentiality" label="Confidentiality" value=c on_change=set_c />
            <ChoiceField<Rating> testid="asset-field-integrity" label="Integrity" value=i on_change=set_i />
            <ChoiceField<Rating> testid="asset-field-availability" label="Availability" value=av on_change=set_av />
            <TextField testid="asset-field-tags" label="Tags" value=tags_text on_input=set_tags
                hint="Separated by commas." error=error_for(errors, "tags") />
        </div>
        <TextField testid="asset-field-description" label="Description" multiline=true value=description on_input=set_description error=error_for(errors, "description") />
        <RecordPicker<Asset> testid="asset-field-depends-on" label="Depends on"
            hint="Other assets this one needs (for example the server a database runs on). Type to find them."
            placeholder="Find an asset by reference or name"
            chips_testid="asset-dependencies" option_testid="asset-dependency-option"
            value=depends_on on_change=set_depends_on
            exclude=Signal::derive(move || draft.with(|d| d.id.clone()))
            error=error_for(errors, "depends_on") />
        {show(move || !dependents.with(Vec::is_empty), move || view! {
            <div class="field">
                <span class="field__label">"Depended on by, and risks on it"</span>
                <ul class="chips" data-testid="asset-dependents">
                    {dynamic(move || dependents.get().into_iter().map(|d| view! { <li class="chip chip--plain">{d}</li> }).collect_view())}
                </ul>
            </div>
        }.into_any(), None)}
        {show(move || asking.get(), move || confirm_delete(dependents.into(),
            Callback::new(move |_| { asking.set(false); e.delete(true); }),
            Callback::new(move |_| asking.set(false))), None)}
    }
    .into_any()
}

/// What refers to the asset `id`: the assets that depend on it and the
/// risks that affect it, as "A-0002 “HR portal”".
fn dependents_of(m: &crate::core::Isms, id: &str) -> Vec<String> {
    let mut v: Vec<String> = m
        .dependents_of(id)
        .iter()
        .map(|a| format!("{} \u{201c}{}\u{201d}", a.reference, a.name))
        .collect();
    v.extend(
        m.risks_of_asset(id)
            .iter()
            .map(|r| format!("risk {} \u{201c}{}\u{201d}", r.reference, r.title)),
    );
    v
}

/// The question before deleting an asset others refer to, naming them.
fn confirm_delete(
    dependents: Signal<Vec<String>>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> AnyView {
    let n = move || dependents.with(Vec::len);
    view! {
        <ConfirmDialog title="Delete this asset?" confirm_label="Delete asset" danger=true
            confirm_testid="confirm-delete" cancel_testid="cancel-delete" on_confirm on_cancel>
            <p>{dyn_text(move || format!("{} record{} refer{} to it (assets that depend on it, risks that affect it):", n(), if n() == 1 { "" } else { "s" }, if n() == 1 { "s" } else { "" }))}</p>
            <ul data-testid="delete-dependents">{dynamic(move || dependents.get().into_iter().map(|d| view! { <li>{d}</li> }).collect_view())}</ul>
            <p>"Deleting it also removes it from their dependencies and from those risks' affected assets. The audit log keeps a record of every change."</p>
        </ConfirmDialog>
    }
    .into_any()
}
