//! The overview: where the ISMS stands on clause 4, and what to do next.

use crate::core::{Effect, Isms, Rating};
use crate::ui::kit::reactive::memo;
use crate::ui::kit::reactive::{dyn_text, dynamic};
use crate::ui::pages::audit::local_time;
use crate::ui::state::app;
use leptos::prelude::*;

/// One step of getting clause 4 in place, and whether it is done.
struct Step {
    done: bool,
    text: String,
    href: &'static str,
}

fn steps(m: &Isms) -> Vec<Step> {
    let unaddressed = m
        .parties
        .iter()
        .flat_map(|p| &p.requirements)
        .filter(|r| !r.addressed)
        .count();
    let requirements = m
        .parties
        .iter()
        .map(|p| p.requirements.len())
        .sum::<usize>();
    vec![
        Step { done: !m.organisation.name.trim().is_empty(), text: "Name the organisation and describe it".into(), href: "#/organisation" },
        Step { done: !m.issues.is_empty(), text: format!("Record internal and external issues (4.1): {} so far", m.issues.len()), href: "#/issues" },
        Step { done: !m.parties.is_empty() && requirements > 0, text: format!("List interested parties and their requirements (4.2): {} parties, {requirements} requirements", m.parties.len()), href: "#/parties" },
        Step { done: requirements > 0 && unaddressed == 0, text: format!("Decide which requirements the ISMS addresses: {unaddressed} not yet addressed"), href: "#/parties" },
        Step { done: !m.scope.statement.trim().is_empty(), text: "Write the scope statement, boundaries and interfaces (4.3)".into(), href: "#/scope" },
        Step { done: !m.assets.is_empty(), text: format!("Build the asset inventory: {} assets", m.assets.len()), href: "#/assets" },
        Step { done: !m.risks.is_empty(), text: format!("Identify and assess risks (6.1.2): {} in the register", m.risks.len()), href: "#/risks" },
        Step { done: !m.risks.is_empty() && m.risks.iter().all(|r| r.treatment != crate::core::Treatment::Undecided), text: format!("Decide how to treat each risk (6.1.3): {} undecided", m.risks.iter().filter(|r| r.treatment == crate::core::Treatment::Undecided).count()), href: "#/risks" },
    ]
}

#[component]
pub fn HomePage() -> impl IntoView {
    let app = app();
    let figures = memo(move || {
        app.isms.with(|m| {
            (
                m.assets.len(),
                m.assets.iter().filter(|a| a.in_scope).count(),
                m.assets
                    .iter()
                    .filter(|a| a.criticality() >= Rating::High)
                    .count(),
                m.parties.len(),
                m.issues.len(),
                m.issues
                    .iter()
                    .filter(|i| i.effect == Effect::Negative)
                    .count(),
            )
        })
    });
    let card = move |label: &'static str,
                     href: &'static str,
                     value: Signal<String>,
                     sub: Signal<String>| {
        view! {
            <a class="stat" href=href>
                <span class="stat__value">{value}</span>
                <span class="stat__label">{label}</span>
                <span class="stat__sub">{sub}</span>
            </a>
        }
    };
    let recent = move || {
        app.isms.with(|m| {
            m.audit_log
                .iter()
                .rev()
                .take(6)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="page">
            <div class="page__header">
                <div>
                    <h1 class="page__title">{dyn_text(move || {
                        let n = app.isms.with(|m| m.organisation.name.clone());
                        if n.is_empty() { "Your ISMS".to_string() } else { format!("ISMS of {n}") }
                    })}</h1>
                    <p class="page__help">"ISO/IEC 27001:2022. Everything stays in this browser; share it by exporting a file."</p>
                </div>
            </div>
            <div class="stats">
                {card("Assets", "#/assets", Signal::derive(move || figures.get().0.to_string()),
                    Signal::derive(move || { let f = figures.get(); format!("{} in scope, {} high or critical", f.1, f.2) }))}
                {card("Interested parties", "#/parties", Signal::derive(move || figures.get().3.to_string()), Signal::derive(|| "Clause 4.2".to_string()))}
                {card("Risks", "#/risks", Signal::derive(move || app.isms.with(|m| m.risks.len()).to_string()),
                    Signal::derive(move || app.isms.with(|m| {
                        let above = m.risks.iter().filter(|r| crate::core::risk::register::level_opt(&m.risk_method, r.current).is_some_and(|k| !m.risk_method.within_appetite(k))).count();
                        format!("{above} above the risk appetite")
                    })))}
                {card("Issues", "#/issues", Signal::derive(move || figures.get().4.to_string()),
                    Signal::derive(move || format!("{} negative", figures.get().5)))}
            </div>
            <div class="columns">
                <div class="card">
                    <h2>"Context (clause 4) and risk (6.1)"</h2>
                    <ul class="checklist" data-testid="checklist">
                        {dynamic(move || app.isms.with(steps).into_iter().map(|s| view! {
                            <li class:checklist__done=s.done>
                                <span class="checklist__mark" aria-hidden="true">{if s.done { "\u{2713}" } else { "\u{25cb}" }}</span>
                                <a href=s.href>{s.text}</a>
                                <span class="visually-hidden">{if s.done { " (done)" } else { " (to do)" }}</span>
                            </li>
                        }).collect_view())}
                    </ul>
                </div>
                <div class="card">
                    <h2>"Latest changes"</h2>
                    <ul class="recent">
                        {dynamic(move || {
                            let r = recent();
                            if r.is_empty() {
                                view! { <li class="page__help">"No changes yet."</li> }.into_any()
                            } else {
                                r.into_iter().map(|e| view! {
                                    <li><time datetime=e.at.clone()>{local_time(&e.at)}</time>" "<span class="log__actor">{e.actor.clone()}</span>": "{e.summary.clone()}</li>
                                }).collect_view().into_any()
                            }
                        })}
                    </ul>
                    <a href="#/log">"The full audit log"</a>
                </div>
            </div>
        </section>
    }
}
