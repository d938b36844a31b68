//! The scope of the ISMS (clause 4.3): statement, inclusions, exclusions
//! with their justification, locations, interfaces and dependencies.

use crate::core::{Command, FieldError, Interface, Scope, ScopeItem};
use crate::ui::kit::fields::*;
use crate::ui::kit::list_editor::ListEditor;
use crate::ui::kit::reactive::memo;
use crate::ui::kit::reactive::{dyn_opt_text, dyn_text, on_submit};
use crate::ui::pages::PageHeader;
use crate::ui::state::app;
use leptos::prelude::*;

/// Removes blank rows before saving.
fn tidy(mut s: Scope) -> Scope {
    let blank = |i: &ScopeItem| i.text.trim().is_empty() && i.justification.trim().is_empty();
    s.inclusions.retain(|i| !blank(i));
    s.exclusions.retain(|i| !blank(i));
    s.locations = clean_list(&s.locations);
    s.interfaces
        .retain(|f| !(f.organisation.trim().is_empty() && f.description.trim().is_empty()));
    s
}

#[component]
pub fn ScopePage() -> impl IntoView {
    let app = app();
    let draft = RwSignal::new(app.isms.with_untracked(|m| m.scope.clone()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let dirty = memo(move || draft.with(|d| app.isms.with(|m| m.scope != *d)));
    crate::ui::kit::unsaved::follow_stored(draft, |m| m.scope.clone());
    // Leaving with changes not saved asks first.
    let _ = crate::ui::kit::unsaved::track_unsaved("the scope".into(), dirty.into());
    let save = move || {
        let s = tidy(draft.get_untracked());
        // Error paths refer to the tidied list, so the form shows that one.
        draft.set(s.clone());
        app.save_form(Command::SetScope(s), errors, "the scope", "The scope");
    };
    let (statement, set_statement) = bind(draft, |d| d.statement.clone(), |d, v| d.statement = v);
    let (locations, set_locations) = bind(
        draft,
        |d| list_to_lines(&d.locations),
        |d, v| d.locations = lines_to_list(&v),
    );
    let assets_in = move || {
        app.isms.with(|m| {
            (
                m.assets.iter().filter(|a| a.in_scope).count(),
                m.assets.len(),
            )
        })
    };

    view! {
        <section class="page">
            <PageHeader title="Scope of the ISMS" clause="Clause 4.3"
                help="The boundaries and applicability of the ISMS, considering the issues (4.1), the requirements (4.2) and the interfaces with others." />
            <form class="editor editor--page" data-testid="scope-form" on:submit=on_submit(save)>
                <TextField testid="scope-field-statement" label="Scope statement" multiline=true value=statement on_input=set_statement
                    hint="The sentence a certificate would carry: which activities, services, sites and information the ISMS covers."
                    error=error_for(errors, "statement") />
                <ItemList draft errors title="Included" field="inclusions" testid="scope-inclusion" note_label="Note (optional)"
                    get=|s| &s.inclusions get_mut=|s| &mut s.inclusions />
                <ItemList draft errors title="Excluded" field="exclusions" testid="scope-exclusion" note_label="Justification (required)"
                    get=|s| &s.exclusions get_mut=|s| &mut s.exclusions />
                <TextField testid="scope-field-locations" label="Locations in scope" multiline=true value=locations on_input=set_locations
                    hint="One per line." error=error_for(errors, "locations") />
                <Interfaces draft errors />
                <p class="page__help">{dyn_text(move || { let (i, n) = assets_in(); format!("{i} of {n} assets in the inventory are marked in scope.") })}" "<a href="#/assets">"Review the assets"</a></p>
                <div class="editor__actions">
                    <button type="submit" class="btn btn--primary" data-testid="scope-save">"Save scope"</button>
                    {crate::ui::kit::unsaved::unsaved_mark(dirty.into())}
                </div>
            </form>
            <crate::ui::pages::approvals::Approvals subject=crate::core::approvals::Subject::Scope prefix="scope" />
        </section>
    }
}

/// Included or excluded items, each with a note or justification.
#[component]
fn ItemList(
    draft: RwSignal<Scope>,
    errors: RwSignal<Vec<FieldError>>,
    title: &'static str,
    /// The list's name in error paths (`inclusions`).
    field: &'static str,
    /// The prefix of its test ids (`scope-inclusion`).
    testid: &'static str,
    note_label: &'static str,
    get: fn(&Scope) -> &Vec<ScopeItem>,
    get_mut: fn(&mut Scope) -> &mut Vec<ScopeItem>,
) -> impl IntoView {
    let items = ListEditor::new(draft, field, get, get_mut);
    let ids = StoredValue::new(ItemIds {
        row: format!("{testid}-row"),
        text: format!("{testid}-text"),
        justification: format!("{testid}-justification"),
        remove: format!("{testid}-remove"),
    });
    view! {
        <fieldset class="fieldset">
            <legend>{title}</legend>
            <div class="field__error" role="alert">{dyn_opt_text(move || items.error(errors).get())}</div>
            {items.rows(move |x| ids.with_value(|ids| view! {
                <div class="item-row" data-testid=ids.row.clone()>
                    <TextField testid=ids.text.clone() label="What" multiline=false
                        value=x.value(|x| x.text.clone()) on_input=x.setter(|x, v| x.text = v)
                        error=x.error(errors, "text") />
                    <TextField testid=ids.justification.clone() label=note_label multiline=true
                        value=x.value(|x| x.justification.clone()) on_input=x.setter(|x, v| x.justification = v)
                        error=x.error(errors, "justification") />
                    {x.remove_button(ids.remove.clone())}
                </div>
            }.into_any()))}
            {items.add_button(format!("{testid}-add"), "Add", |_| ScopeItem::default())}
        </fieldset>
    }
}

/// The test ids of an [`ItemList`]'s rows.
struct ItemIds {
    row: String,
    text: String,
    justification: String,
    remove: String,
}

/// Interfaces and dependencies with other organisations (4.3 c).
#[component]
fn Interfaces(draft: RwSignal<Scope>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let interfaces = ListEditor::new(
        draft,
        "interfaces",
        |d| &d.interfaces,
        |d| &mut d.interfaces,
    );
    view! {
        <fieldset class="fieldset">
            <legend>"Interfaces and dependencies"</legend>
            <p class="field__hint">"Activities performed by other organisations that the ISMS relies on, such as hosting, payroll or support."</p>
            {interfaces.rows(move |x| view! {
                <div class="item-row" data-testid="scope-interface-row">
                    <TextField testid="scope-interface-organisation" label="Organisation"
                        value=x.value(|x| x.organisation.clone()) on_input=x.setter(|x, v| x.organisation = v)
                        error=x.error(errors, "organisation") />
                    <TextField testid="scope-interface-description" label="What they do for us"
                        value=x.value(|x| x.description.clone()) on_input=x.setter(|x, v| x.description = v)
                        error=x.error(errors, "description") />
                    {x.remove_button("scope-interface-remove")}
                </div>
            }.into_any())}
            {interfaces.add_button("scope-interface-add", "Add", |_| Interface::default())}
        </fieldset>
    }
}
