//! The pages: one folder per domain, named after what the user sees, and
//! the overview, settings and recovery pages.

pub mod approvals;
pub mod assets;
pub mod audit;
pub mod context;
pub mod controls;
pub mod home;
pub mod recovery;
pub mod risk;
pub mod settings;

use crate::core::kernel::record::Listed;
use crate::core::RecordKind;
use crate::ui::kit::reactive::memo;
use crate::ui::route::Route;
use crate::ui::state::app;
use leptos::prelude::*;

/// The page a route shows (the record open in it is the page's business).
pub fn page_for(route: &Route) -> AnyView {
    match route {
        Route::Home => view! { <home::HomePage /> }.into_any(),
        Route::Organisation => view! { <context::organisation::OrganisationPage /> }.into_any(),
        Route::Scope => view! { <context::scope::ScopePage /> }.into_any(),
        Route::Record(kind, _) => record_page(*kind),
        Route::RiskMethod => view! { <risk::method::RiskMethodPage /> }.into_any(),
        Route::RiskReport => view! { <risk::report::RiskReportPage /> }.into_any(),
        Route::Soa => view! { <controls::soa::SoaPage /> }.into_any(),
        Route::Log => view! { <audit::LogPage /> }.into_any(),
        Route::Settings => view! { <settings::SettingsPage /> }.into_any(),
        Route::NotFound(_) => view! { <NotFound /> }.into_any(),
    }
}

/// The list page of each kind of record (with its editor). The match is
/// exhaustive: a new kind of record does not compile until it has its page
/// here, or says it has none.
fn record_page(kind: RecordKind) -> AnyView {
    match kind {
        RecordKind::Issue => view! { <context::issues::IssuesPage /> }.into_any(),
        RecordKind::Party => view! { <context::parties::PartiesPage /> }.into_any(),
        RecordKind::Asset => view! { <assets::AssetsPage /> }.into_any(),
        RecordKind::Risk => view! { <risk::register::RisksPage /> }.into_any(),
        RecordKind::Control => view! { <controls::ControlsPage /> }.into_any(),
        // The parts the ISMS has one of have their own routes.
        RecordKind::Organisation
        | RecordKind::Scope
        | RecordKind::RiskMethod
        | RecordKind::Soa
        | RecordKind::TreatmentPlan
        | RecordKind::Isms => view! { <NotFound /> }.into_any(),
    }
}

/// The record the list page of kind `T` has open (`#/assets/A-0001` or
/// `#/assets/new`).
pub fn open_record<T: Listed>() -> Memo<Option<String>> {
    let app = app();
    memo(move || {
        app.route.with(|r| match r {
            Route::Record(kind, open) if *kind == T::KIND => open.clone(),
            _ => None,
        })
    })
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
