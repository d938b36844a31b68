//! The organisation's profile.

use crate::core::{Command, FieldError, OrgSize};
use crate::ui::kit::fields::*;
use crate::ui::kit::reactive::memo;
use crate::ui::kit::reactive::on_submit;
use crate::ui::pages::PageHeader;
use crate::ui::state::app;
use leptos::prelude::*;

#[component]
pub fn OrganisationPage() -> impl IntoView {
    let app = app();
    let draft = RwSignal::new(app.isms.with_untracked(|m| m.organisation.clone()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let dirty = memo(move || draft.with(|d| app.isms.with(|m| m.organisation != *d)));
    crate::ui::kit::unsaved::follow_stored(draft, |m| m.organisation.clone());
    // Leaving with changes not saved asks first.
    let _ = crate::ui::kit::unsaved::track_unsaved("the organisation profile".into(), dirty.into());
    let save = move || {
        let mut o = draft.get_untracked();
        o.locations = clean_list(&o.locations);
        draft.set(o.clone());
        app.save_form(
            Command::SetOrganisation(o),
            errors,
            "the organisation profile",
            "The profile",
        );
    };
    let (name, set_name) = bind(draft, |d| d.name.clone(), |d, v| d.name = v);
    let (sector, set_sector) = bind(draft, |d| d.sector.clone(), |d, v| d.sector = v);
    let (locations, set_locations) = bind(
        draft,
        |d| list_to_lines(&d.locations),
        |d, v| d.locations = lines_to_list(&v),
    );
    let (description, set_description) =
        bind(draft, |d| d.description.clone(), |d, v| d.description = v);
    view! {
        <section class="page">
            <PageHeader title="Organisation" clause="Clause 4" help="Who the ISMS belongs to. The name appears on exports and reports." />
            <form class="editor editor--page" data-testid="organisation-form" on:submit=on_submit(save)>
                <div class="editor__grid">
                    <TextField testid="organisation-field-name" label="Organisation name" required=true value=name on_input=set_name error=error_for(errors, "name") />
                    <TextField testid="organisation-field-sector" label="Sector" value=sector on_input=set_sector
                        placeholder="e.g. Software, Healthcare, Logistics" error=error_for(errors, "sector") />
                    <ChoiceField<OrgSize> testid="organisation-field-size" label="Size" none_label="Not stated"
                        value=Signal::derive(move || draft.with(|d| d.size.map_or("", OrgSize::key)))
                        on_change=Callback::new(move |v| draft.update(|d| d.size = v)) />
                </div>
                <TextField testid="organisation-field-locations" label="Locations" multiline=true value=locations on_input=set_locations
                    hint="One per line: offices, data centres, regions." error=error_for(errors, "locations") />
                <TextField testid="organisation-field-description" label="Description" multiline=true value=description on_input=set_description
                    hint="What the organisation does: products, services, customers." error=error_for(errors, "description") />
                <div class="editor__actions">
                    <button type="submit" class="btn btn--primary" data-testid="organisation-save">"Save profile"</button>
                    {crate::ui::kit::unsaved::unsaved_mark(dirty.into())}
                </div>
            </form>
        </section>
    }
}
