//! The scope of the ISMS (clause 4.3): statement, inclusions, exclusions
//! with their justification, locations, interfaces and dependencies.

use crate::core::{Command, FieldError, Interface, Scope, ScopeItem};
use crate::ui::kit::fields::*;
use crate::ui::kit::reactive::{dyn_opt_text, dyn_text, handler, on_submit};
use crate::ui::kit::rows::{keyed, Row};
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
    let dirty = Memo::new(move |_| draft.with(|d| app.isms.with(|m| m.scope != *d)));
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
        </section>
    }
}

/// Included or excluded items, each with a note or justification.
#[component]
fn ItemList(
    draft: RwSignal<Scope>,
    errors: RwSignal<Vec<FieldError>>,
    title: &'static str,
    field: &'static str,
    testid: &'static str,
    note_label: &'static str,
    get: fn(&Scope) -> &Vec<ScopeItem>,
    get_mut: fn(&mut Scope) -> &mut Vec<ScopeItem>,
) -> impl IntoView {
    let len = Memo::new(move |_| draft.with(|d| get(d).len()));
    view! {
        <fieldset class="fieldset">
            <legend>{title}</legend>
            <div class="field__error" role="alert">{dyn_opt_text(move || error_for(errors, field).get())}</div>
            {keyed(move || (0..len.get()).map(|i| Row::new(i.to_string(), move || view! {
                <div class="item-row" data-testid=format!("{testid}-row")>
                    <TextField testid=format!("{testid}-text") label="What" multiline=false
                        value=Signal::derive(move || draft.with(|d| get(d).get(i).map(|x| x.text.clone()).unwrap_or_default()))
                        on_input=Callback::new(move |v| draft.update(|d| if let Some(x) = get_mut(d).get_mut(i) { x.text = v }))
                        error=error_for(errors, format!("{field}[{i}].text")) />
                    <TextField testid=format!("{testid}-justification") label=note_label
                        value=Signal::derive(move || draft.with(|d| get(d).get(i).map(|x| x.justification.clone()).unwrap_or_default()))
                        on_input=Callback::new(move |v| draft.update(|d| if let Some(x) = get_mut(d).get_mut(i) { x.justification = v }))
                        error=error_for(errors, format!("{field}[{i}].justification")) />
                    <button type="button" class="btn btn--small btn--ghost item-row__remove" data-testid=format!("{testid}-remove")
                        on:click=handler(move |_| draft.update(|d| { if i < get(d).len() { get_mut(d).remove(i); } }))>"Remove"</button>
                </div>
            }.into_any())).collect())}
            <button type="button" class="btn btn--small" data-testid=format!("{testid}-add")
                on:click=handler(move |_| draft.update(|d| get_mut(d).push(ScopeItem::default())))>"Add"</button>
        </fieldset>
    }
}

/// Interfaces and dependencies with other organisations (4.3 c).
#[component]
fn Interfaces(draft: RwSignal<Scope>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let len = Memo::new(move |_| draft.with(|d| d.interfaces.len()));
    view! {
        <fieldset class="fieldset">
            <legend>"Interfaces and dependencies"</legend>
            <p class="field__hint">"Activities performed by other organisations that the ISMS relies on, such as hosting, payroll or support."</p>
            {keyed(move || (0..len.get()).map(|i| Row::new(i.to_string(), move || view! {
                <div class="item-row" data-testid="scope-interface-row">
                    <TextField testid="scope-interface-organisation" label="Organisation"
                        value=Signal::derive(move || draft.with(|d| d.interfaces.get(i).map(|x| x.organisation.clone()).unwrap_or_default()))
                        on_input=Callback::new(move |v| draft.update(|d| if let Some(x) = d.interfaces.get_mut(i) { x.organisation = v }))
                        error=error_for(errors, format!("interfaces[{i}].organisation")) />
                    <TextField testid="scope-interface-description" label="What they do for us"
                        value=Signal::derive(move || draft.with(|d| d.interfaces.get(i).map(|x| x.description.clone()).unwrap_or_default()))
                        on_input=Callback::new(move |v| draft.update(|d| if let Some(x) = d.interfaces.get_mut(i) { x.description = v }))
                        error=error_for(errors, format!("interfaces[{i}].description")) />
                    <button type="button" class="btn btn--small btn--ghost item-row__remove" data-testid="scope-interface-remove"
                        on:click=handler(move |_| draft.update(|d| { if i < d.interfaces.len() { d.interfaces.remove(i); } }))>"Remove"</button>
                </div>
            }.into_any())).collect())}
            <button type="button" class="btn btn--small" data-testid="scope-interface-add"
                on:click=handler(move |_| draft.update(|d| d.interfaces.push(Interface::default())))>"Add"</button>
        </fieldset>
    }
}
