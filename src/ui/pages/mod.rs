//! The pages: one folder per domain, named after what the user sees, and
//! the overview, settings and recovery pages.

pub mod assets;
pub mod audit;
pub mod context;
pub mod home;
pub mod recovery;
pub mod risk;
pub mod settings;

use crate::ui::route::Route;
use crate::ui::state::app;
use leptos::prelude::*;

/// The page of a navigation area.
pub fn page_for(area: &str) -> AnyView {
    match area {
        "home" => view! { <home::HomePage /> }.into_any(),
        "organisation" => view! { <context::organisation::OrganisationPage /> }.into_any(),
        "issues" => view! { <context::issues::IssuesPage /> }.into_any(),
        "parties" => view! { <context::parties::PartiesPage /> }.into_any(),
        "scope" => view! { <context::scope::ScopePage /> }.into_any(),
        "assets" => view! { <assets::AssetsPage /> }.into_any(),
        "risks" => view! { <risk::register::RisksPage /> }.into_any(),
        "risk-method" => view! { <risk::method::RiskMethodPage /> }.into_any(),
        "risk-report" => view! { <risk::report::RiskReportPage /> }.into_any(),
        "log" => view! { <audit::LogPage /> }.into_any(),
        "settings" => view! { <settings::SettingsPage /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

/// The record a list page has open (`#/assets/A-0001` or `#/assets/new`).
pub fn open_record(pick: fn(&Route) -> Option<Option<String>>) -> Memo<Option<String>> {
    let app = app();
    Memo::new(move |_| app.route.with(|r| pick(r).flatten()))
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <p>"This link does not lead to a page of Bastion. "<a href="#/">"Go to the overview"</a>"."</p>
        </section>
    }
}

/// The header of a page: title, the ISO clause it serves, and a line of help.
#[component]
pub fn PageHeader(
    #[prop(into)] title: String,
    #[prop(into)] clause: String,
    #[prop(into)] help: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="page__header">
            <div>
                <h1 class="page__title">{title}</h1>
                <p class="page__help"><span class="page__clause">{clause}</span>" "{help}</p>
            </div>
            <div class="page__actions">{children.map(|c| c())}</div>
        </div>
    }
}
