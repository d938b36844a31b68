//! The printable risk assessment report (6.1.2 e, 6.1.3, 8.2, 8.3): the
//! method, the matrix, the register and the treatment plan, laid out for
//! paper by the print stylesheet.

use crate::core::approvals::Subject;
use crate::core::risk::register::{self, Which};
use crate::ui::kit::reactive::{dyn_text, dynamic, on_click};
use crate::ui::pages::approvals::{Approvals, DocumentControl};
use crate::ui::pages::risk::matrix::{level_badge, score_text, HeatMap};
use crate::ui::pages::risk::register::register_rows;
use crate::ui::state::{app, today};
use leptos::prelude::*;

#[component]
pub fn RiskReportPage() -> impl IntoView {
    let app = app();
    let rows = register_rows();
    let method = Signal::derive(move || app.isms.with(|m| m.risk_method.clone()));
    let heat = move |which: Which| {
        Signal::derive(move || Some(app.isms.with(|m| register::heat(m, which, None))))
    };
    let no_counts = Signal::derive(|| None::<Vec<Vec<usize>>>);
    let no_cell = Signal::derive(|| None::<(u8, u8)>);
    let print = move || {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let method_view = move || {
        app.isms.with(|m| {
            let r = &m.risk_method;
            let scale = |title: &'static str, s: &crate::core::risk::Scale| {
                let rows = s.levels.iter().enumerate().map(|(k, l)| view! {
                    <tr><td>{k + 1}</td><td>{l.label.clone()}</td><td>{l.criteria.clone()}</td></tr>
                }).collect_view();
                view! {
                    <h3>{title}</h3>
                    <div class="table-box" tabindex="0" role="region" aria-label=title>
                        <table class="table report__table"><thead><tr><th>"#"</th><th>"Label"</th><th>"Criteria"</th></tr></thead><tbody>{rows}</tbody></table>
                    </div>
                }
            };
            let levels = r.levels.iter().enumerate().map(|(k, l)| view! {
                <tr>
                    <td>{level_badge(r, Some(k + 1))}</td>
                    <td>{l.response.clone()}</td>
                    <td>{format!("{} month{}", l.review_months, if l.review_months == 1 { "" } else { "s" })}</td>
                    <td>{if r.within_appetite(k + 1) { "Yes" } else { "No: exception needed" }}</td>
                </tr>
            }).collect_view();
            let how = match &r.scoring {
                crate::core::risk::Scoring::Lookup { .. } => "Levels are read from the lookup grid below.".to_string(),
                crate::core::risk::Scoring::Formula { formula, bands } => format!(
                    "Score = {}; bands: {}.",
                    formula.label(),
                    bands.iter().map(|b| format!("{}\u{2013}{} \u{2192} {}", b.from, b.to, r.risk_level(b.level).map_or("?", |l| l.name.as_str()))).collect::<Vec<_>>().join(", ")
                ),
            };
            view! {
                {scale("Likelihood", &r.likelihood)}
                {scale("Impact", &r.impact)}
                <h3>"Risk levels and acceptance criteria"</h3>
                <div class="table-box" tabindex="0" role="region" aria-label="Risk levels and acceptance criteria">
                    <table class="table report__table">
                        <thead><tr><th>"Level"</th><th>"Required response"</th><th>"Review"</th><th>"May be retained without treatment"</th></tr></thead>
                        <tbody>{levels}</tbody>
                    </table>
                </div>
                <p>{how}</p>
                <p>"Risks above the appetite may only be accepted by: "{r.acceptance_authority.clone()}</p>
            }
        })
    };
    let register_view = move || {
        rows.with(|rows| app.isms.with(|m| {
            let r = &m.risk_method;
            let by_id: std::collections::HashMap<&str, &crate::core::Asset> = m.assets.iter().map(|a| (a.id.as_str(), a)).collect();
            rows.iter().filter_map(|row| {
                let k = m.risks.get(row.index)?;
                let assets = k.assets.iter().filter_map(|id| by_id.get(id.as_str())).enumerate().map(|(n, a)| view! {
                    {(n > 0).then_some("; ")}<span class="ref">{a.reference.clone()}</span>" "{a.name.clone()}
                }).collect_view();
                let controls = k.controls.iter().filter_map(|id| m.controls.iter().find(|c| c.id == *id)).enumerate().map(|(n, c)| view! {
                    {(n > 0).then_some("; ")}<a class="ref" href=format!("#/controls/{}", c.reference)>{c.reference.clone()}</a>" "{c.title.clone()}
                }).collect_view();
                let note = (!k.existing_controls.trim().is_empty()).then(|| view! { <br /><small>{k.existing_controls.clone()}</small> });
                Some(view! {
                    <tr data-testid="report-risk">
                        <td class="cell--ref">{k.reference.clone()}</td>
                        <td><strong>{k.title.clone()}</strong><br />{k.threat.clone()}{(!k.vulnerability.is_empty()).then(|| format!(" / {}", k.vulnerability))}</td>
                        <td>{assets}</td>
                        <td>{k.cia()}</td>
                        <td>{k.owner.clone()}</td>
                        <td>{controls}{note}</td>
                        <td>{level_badge(r, row.inherent)}" "{score_text(k.inherent)}</td>
                        <td>{level_badge(r, row.current)}" "{score_text(k.current)}</td>
                        <td>{k.residual.map(|t| view! { {level_badge(r, row.residual)}" "{score_text(Some(t))} })}</td>
                        <td>{k.treatment.label()}<br /><small>{k.treatment_rationale.clone()}</small>{k.plan_approval.as_ref().map(|p| view! { <br /><small>{format!("Plan approved by {} on {}", p.approved_by, p.date)}</small> })}</td>
                        <td>{k.acceptance.as_ref().map(|a| format!("{} on {}{}{}", a.accepted_by, a.date, if a.expires.is_empty() { String::new() } else { format!(", until {}", a.expires) }, if a.exception { " (exception)" } else { "" }))}</td>
                        <td>{k.status.label()}<br /><small>{if k.closed_reason.is_empty() { format!("next review {}", row.next_review) } else { k.closed_reason.clone() }}</small></td>
                    </tr>
                })
            }).collect_view()
        }))
    };
    let plan_view = move || {
        let today = today();
        app.isms.with(|m| {
            let control = |id: &str| {
                m.controls
                    .iter()
                    .find(|c| c.id == id)
                    .map_or(String::new(), |c| format!("{} {}", c.reference, c.title))
            };
            m.risks
                .iter()
                .flat_map(|k| k.actions.iter().map(move |a| (k, a)))
                .map(|(k, a)| {
                    let late = a.is_overdue(&today);
                    view! {
                        <tr class:row--late=late data-testid="report-action">
                            <td class="cell--ref">{k.reference.clone()}</td>
                            <td>{a.title.clone()}</td>
                            <td>{control(&a.control)}</td>
                            <td>{a.owner.clone()}</td>
                            <td><span class="ref">{a.due.clone()}</span>{late.then_some(" (overdue)")}</td>
                            <td>{a.status.label()}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="page report" data-testid="risk-report">
            <div class="page__header">
                <div>
                    <h1 class="page__title">{dyn_text(move || {
                        let n = app.isms.with(|m| m.organisation.name.clone());
                        if n.is_empty() { "Risk assessment report".to_string() } else { format!("Risk assessment report \u{2014} {n}") }
                    })}</h1>
                    <p class="page__help">{format!("ISO/IEC 27001:2022 clauses 6.1.2, 6.1.3, 8.2 and 8.3. Produced on {} by Bastion.", today())}</p>
                </div>
                <div class="page__actions no-print">
                    <a class="btn" href="#/risks">"Back to the register"</a>
                    <button type="button" class="btn btn--primary" data-testid="report-print" on:click=on_click(print)>"Print"</button>
                </div>
            </div>
            <DocumentControl subject=Subject::TreatmentPlan testid="report-document">
                <dt>"Organisation"</dt><dd>{dyn_text(move || app.isms.with(|m| m.organisation.name.clone()))}</dd>
                <dt>"Scope"</dt><dd>{dyn_text(move || app.isms.with(|m| if m.scope.statement.is_empty() { "(no scope statement yet)".to_string() } else { m.scope.statement.clone() }))}</dd>
            </DocumentControl>
            <h2>"1. The risk assessment method"</h2>
            {dynamic(method_view)}
            <h2>"2. The risk matrix"</h2>
            <div class="heatmaps">
                <HeatMap which="report-method" title="Levels" method counts=no_counts selected=no_cell />
                <HeatMap which="report-inherent" title="Inherent risks" method counts=heat(Which::Inherent) selected=no_cell />
                <HeatMap which="report-current" title="Current risks" method counts=heat(Which::Current) selected=no_cell />
                <HeatMap which="report-residual" title="Residual risks (after planned treatment)" method counts=heat(Which::Residual) selected=no_cell />
            </div>
            <h2>"3. The risk register"</h2>
            <div class="table-box" tabindex="0" role="region" aria-label="The risk register">
            <table class="table report__table">
                <thead><tr><th>"Ref"</th><th>"Risk, threat / vulnerability"</th><th>"Assets"</th><th>"C/I/A"</th><th>"Owner"</th><th>"Controls"</th><th>"Inherent"</th><th>"Current"</th><th>"Residual"</th><th>"Treatment"</th><th>"Acceptance"</th><th>"Status"</th></tr></thead>
                <tbody>{dynamic(register_view)}</tbody>
            </table>
            </div>
            <h2>"4. The risk treatment plan"</h2>
            <div class="table-box" tabindex="0" role="region" aria-label="The risk treatment plan">
            <table class="table report__table">
                <thead><tr><th>"Risk"</th><th>"Action"</th><th>"Control"</th><th>"Owner"</th><th>"Due"</th><th>"Status"</th></tr></thead>
                <tbody>{dynamic(plan_view)}</tbody>
            </table>
            </div>
            <Approvals subject=Subject::TreatmentPlan prefix="plan" />
        </section>
    }
}
