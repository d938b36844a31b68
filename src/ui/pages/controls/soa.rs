//! The Statement of Applicability (6.1.3 d): every control with what an
//! auditor expects of it, the completeness checks, progress by theme and
//! status, the CSV export and the printable document.

use super::Filters;
use crate::core::approvals::Subject;
use crate::core::controls::soa::{self as core_soa};
use crate::core::ImplementationStatus;
use crate::ui::kit::reactive::memo;
use crate::ui::kit::reactive::{dyn_text, dynamic, on_click};
use crate::ui::pages::approvals::{Approvals, DocumentControl};
use crate::ui::pages::PageHeader;
use crate::ui::state::app;
use leptos::prelude::*;

/// How many linked risks a row of the SoA names before "and N more".
const SHOWN_RISKS: usize = 6;

#[component]
pub fn SoaPage() -> impl IntoView {
    let app = app();
    let filters = Filters::new();
    let rows = memo(move || app.isms.with(core_soa::rows));
    let shown = memo(move || {
        let f = filters.get();
        rows.with(|rows| app.isms.with(|m| core_soa::filtered(m, rows, &f)))
    });
    let checks = memo(move || rows.with(|rows| app.isms.with(|m| core_soa::checks(m, rows))));
    let export_csv = move || {
        let text = shown.with_untracked(|order| {
            rows.with_untracked(|rows| app.isms.with_untracked(|m| core_soa::csv(m, rows, order)))
        });
        let name = format!(
            "statement-of-applicability-{}.csv",
            crate::ui::pages::audit::file_stamp()
        );
        match crate::files::download(&name, "text/csv;charset=utf-8", &text) {
            Ok(()) => app.notify(format!("Exported {name}."), false),
            Err(e) => app.notify(format!("The export could not be downloaded: {e}."), true),
        }
    };
    let print = move || {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let progress = move || {
        app.isms.with(|m| {
            let (all, themes) = core_soa::progress(m);
            let line = |label: String, p: &core_soa::Progress, testid: String| {
                let cells = ImplementationStatus::ALL
                    .iter()
                    .zip(p.by_status)
                    .map(|(_, n)| view! { <td>{n}</td> })
                    .collect_view();
                view! {
                    <tr data-testid=testid>
                        <th scope="row">{label}</th>
                        <td>{p.included}</td>
                        <td>{p.excluded}</td>
                        {cells}
                        <td>{format!("{}%", p.implemented_percent())}</td>
                    </tr>
                }
            };
            let heads = ImplementationStatus::ALL
                .iter()
                .map(|s| view! { <th scope="col">{s.label()}</th> })
                .collect_view();
            let body = themes
                .iter()
                .map(|(t, p)| line(t.label().to_string(), p, format!("soa-progress-{}", t.key())))
                .collect_view();
            view! {
                <div class="table-box" tabindex="0" role="region" aria-label="Progress by theme">
                <table class="table report__table" data-testid="soa-progress">
                    <thead><tr><th scope="col">"Theme"</th><th scope="col">"Included"</th><th scope="col">"Excluded"</th>{heads}<th scope="col">"% implemented"</th></tr></thead>
                    <tbody>{body}{line("All controls".to_string(), &all, "soa-progress-all".to_string())}</tbody>
                </table>
                </div>
            }
        })
    };
    let check_list = move || {
        checks.with(|cs| {
            if cs.is_empty() {
                return view! { <p class="banner banner--ok" data-testid="soa-complete">"Every control has a decision, a reason and what the SoA needs."</p> }.into_any();
            }
            let items = cs.iter().map(|c| {
                let links = c.controls.iter().take(12).map(|r| view! {
                    " "<a href=format!("#/controls/{r}")>{r.clone()}</a>
                }).collect_view();
                let more = (c.controls.len() > 12).then(|| format!(" and {} more", c.controls.len() - 12));
                view! { <li data-testid="soa-check">{c.message.clone()}":"{links}{more}</li> }
            }).collect_view();
            view! { <ul class="checks-list">{items}</ul> }.into_any()
        })
    };
    let table = move || {
        shown.with(|order| {
            rows.with(|rows| {
                app.isms.with(|m| {
                    order.iter().filter_map(|&i| {
                        let c = m.controls.get(i)?;
                        let row = rows.iter().find(|r| r.index == i)?;
                        let evidence = c.evidence.iter().map(|e| {
                            let link = e.starts_with("https://") || e.starts_with("http://");
                            if link {
                                view! { <li><a href=e.clone() rel="noopener noreferrer" target="_blank">{e.clone()}</a></li> }.into_any()
                            } else {
                                view! { <li>{e.clone()}</li> }.into_any()
                            }
                        }).collect_view();
                        // A control that treats thousands of risks shows the first few;
                        // the CSV and the control's page list them all.
                        let risks = row.risks.iter().take(SHOWN_RISKS).map(|r| view! { <li><a href=format!("#/risks/{r}")>{r.clone()}</a></li> }).collect_view();
                        let more = (row.risks.len() > SHOWN_RISKS).then(|| view! {
                            <li><a href=format!("#/controls/{}", c.reference)>{format!("and {} more", crate::storage::group(row.risks.len() - SHOWN_RISKS))}</a></li>
                        });
                        Some(view! {
                            <tr data-testid="soa-row" data-control=c.reference.clone() class:row--excluded=!c.applicable>
                                <td class="cell--ref"><a href=format!("#/controls/{}", c.reference)>{c.reference.clone()}</a></td>
                                <td>{c.title.clone()}</td>
                                <td>{if c.applicable { "Yes" } else { "No" }}</td>
                                <td>{row.reasons.join("; ")}</td>
                                <td>{c.justification.clone()}</td>
                                <td>{c.status.label()}</td>
                                <td>{c.owner.clone()}</td>
                                <td><ul class="link-list">{evidence}</ul></td>
                                <td><ul class="link-list">{risks}{more}</ul></td>
                            </tr>
                        })
                    }).collect_view()
                })
            })
        })
    };
    let org = move || app.isms.with(|m| m.organisation.name.clone());
    let scope = move || app.isms.with(|m| m.scope.statement.clone());
    view! {
        <section class="page report soa">
            <PageHeader title="Statement of Applicability" clause="Clause 6.1.3 d"
                help="Every control of Annex A and your own, whether it applies and why, how far it is implemented, its owner, evidence and the risks it treats.">
                <span class="no-print">
                    <a class="btn" href="#/controls">"Edit controls"</a>" "
                    <button type="button" class="btn" data-testid="soa-export-csv" on:click=on_click(export_csv)>"Export CSV"</button>" "
                    <button type="button" class="btn btn--primary" data-testid="soa-print" on:click=on_click(print)>"Print"</button>
                </span>
            </PageHeader>
            <DocumentControl subject=Subject::Soa testid="soa-document">
                <dt>"Organisation"</dt><dd>{dyn_text(move || { let n = org(); if n.is_empty() { "(not named yet: see Organisation)".into() } else { n } })}</dd>
                <dt>"Scope"</dt><dd>{dyn_text(move || { let s = scope(); if s.is_empty() { "(no scope statement yet)".into() } else { s } })}</dd>
                <dt>"Standard"</dt><dd>"ISO/IEC 27001:2022, Annex A"</dd>
            </DocumentControl>
            <h2>"Completeness"</h2>
            {dynamic(check_list)}
            <h2>"Progress"</h2>
            {dynamic(progress)}
            <h2>"The controls"</h2>
            <div class="no-print">{filters.toolbar(["soa-search", "soa-filter-theme", "soa-filter-status", "soa-filter-applicable"])}</div>
            <div class="table-box" tabindex="0" role="region" aria-label="Statement of Applicability">
            <table class="table report__table" data-testid="soa-table">
                <thead><tr><th scope="col">"Control"</th><th scope="col">"Title"</th><th scope="col">"Applicable"</th><th scope="col">"Reasons for inclusion"</th><th scope="col">"Justification"</th><th scope="col">"Status"</th><th scope="col">"Owner"</th><th scope="col">"Evidence"</th><th scope="col">"Risks"</th></tr></thead>
                <tbody>{dynamic(table)}</tbody>
            </table>
            </div>
            <p class="list-count">{dyn_text(move || format!("{} of {} controls", shown.with(Vec::len), app.isms.with(|m| m.controls.len())))}</p>
            <Approvals subject=Subject::Soa prefix="soa" />
        </section>
    }
}
