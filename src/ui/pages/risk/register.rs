//! The risk register (6.1.2, 8.2): heat maps of inherent and current risk,
//! what needs attention, a searchable, filterable, sortable register (paged,
//! so ten thousand risks stay responsive), CSV export, and the editor.

use crate::core::risk::register::{self, RiskFilter, RiskSort, Row as RiskRow, Which};
use crate::core::{Command, Risk, RiskStatus, Treatment};
use crate::ui::kit::fields::*;
use crate::ui::kit::reactive::memo;
use crate::ui::kit::reactive::{dyn_bool, dyn_text, dynamic, on_click, on_value, show};
use crate::ui::kit::rows::Row;
use crate::ui::kit::table::{Column, DrawRows, ListState, RecordTable, SelectFilter, Toolbar};
use crate::ui::pages::risk::editor::RiskEditor;
use crate::ui::pages::risk::matrix::{level_badge, HeatMap};
use crate::ui::pages::{open_record, PageHeader};
use crate::ui::state::{app, measured, today};
use leptos::prelude::*;

/// The register's rows (levels, review dates, flags), recomputed once per
/// change of the ISMS.
pub fn register_rows() -> Memo<Vec<RiskRow>> {
    let app = app();
    let today = today();
    memo(move || {
        app.isms.with(|m| {
            let levels = measured("risk-levels", || register::levels(m));
            measured("risk-rows", || register::rows_with(m, &levels, &today))
        })
    })
}

/// The risk register page.
#[component]
pub fn RisksPage() -> impl IntoView {
    let app = app();
    let open = open_record::<crate::core::Risk>();
    let rows = register_rows();
    let text = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let treatment = RwSignal::new(String::new());
    let asset = RwSignal::new(String::new());
    let cell = RwSignal::new(None::<(Which, u8, u8)>);
    let attention = RwSignal::new(false);
    let list = ListState::new(RiskSort::Reference);
    // A new number whenever the ISMS or its register rows change: an
    // earlier result of the filter is good only for the same number.
    let counter = StoredValue::new(0u64);
    let generation = memo(move || {
        rows.track();
        app.isms.track();
        counter.update_value(|n| *n += 1);
        counter.get_value()
    });
    let last = StoredValue::new(None::<(u64, RiskFilter, Vec<usize>)>);
    // The asset filter takes a reference (`A-0001`).
    let asset_id = memo(move || {
        let r = asset.get();
        let r = r.trim();
        if r.is_empty() {
            return Ok(String::new());
        }
        app.isms.with(|m| {
            m.assets
                .iter()
                .find(|a| a.reference.eq_ignore_ascii_case(r))
                .map(|a| a.id.clone())
                .ok_or_else(|| format!("No asset {r}"))
        })
    });
    let shown = list.rows(
        move || RiskFilter {
            text: text.get(),
            level: level.get().parse().ok(),
            owner: owner.get(),
            status: RiskStatus::from_key(&status.get()),
            treatment: Treatment::from_key(&treatment.get()),
            // An unknown asset matches nothing.
            asset: asset_id.get().unwrap_or_else(|_| "\u{0}".into()),
            cell: cell.get(),
            attention: attention.get(),
            sort: list.sort(),
            descending: list.descending.get(),
        },
        move |f| {
            // As a search is typed, each key looks only among what the key
            // before found, while the ISMS stays the same.
            let now = generation.get();
            let mut earlier = None;
            last.update_value(|l| earlier = l.take().filter(|(g, _, _)| *g == now));
            let found = rows.with(|r| {
                app.isms.with(|m| {
                    measured("risk-filter", || {
                        register::filter_from(m, r, f, earlier.map(|(_, e, v)| (e, v)))
                    })
                })
            });
            last.set_value(Some((now, f.clone(), found.clone())));
            found
        },
    );
    let method = Signal::derive(move || app.isms.with(|m| m.risk_method.clone()));
    let heat = move |which: Which| {
        Signal::derive(move || Some(app.isms.with(|m| register::heat(m, which, None))))
    };
    let picked = move |which: Which| {
        Signal::derive(move || match cell.get() {
            Some((w, l, i)) if w == which => Some((l, i)),
            _ => None,
        })
    };
    let pick = move |which: Which| {
        Callback::new(move |(l, i): (u8, u8)| {
            cell.update(|c| {
                *c = if *c == Some((which, l, i)) {
                    None
                } else {
                    Some((which, l, i))
                }
            })
        })
    };
    let needing = memo(move || {
        rows.with(|rows| {
            app.isms.with(|m| {
                rows.iter()
                    .filter(|r| m.risks.get(r.index).is_some_and(|k| r.needs_attention(k)))
                    .map(|r| r.index)
                    .collect::<Vec<_>>()
            })
        })
    });
    let export_csv = move || {
        let text = shown.with_untracked(|order| {
            rows.with_untracked(|rows| {
                app.isms
                    .with_untracked(|m| crate::core::risk::csv::csv(m, rows, order))
            })
        });
        let name = format!(
            "risk-register-{}.csv",
            crate::ui::pages::audit::file_stamp()
        );
        match crate::files::download(&name, "text/csv;charset=utf-8", &text) {
            Ok(()) => app.notify(format!("Exported {name}."), false),
            Err(e) => app.notify(format!("The export could not be downloaded: {e}."), true),
        }
    };
    let any = move || app.isms.with(|m| !m.risks.is_empty());
    // The risks of the page shown with their register rows, keyed by both.
    let draw: DrawRows = Box::new(move |idx| {
        // Level names and colours come from the method.
        let method = method.with(|m| crate::ui::kit::rows::record_key("", m));
        rows.with(|rows| {
            app.isms.with(|m| {
                idx.iter()
                    .filter_map(|&k| Some((m.risks.get(k)?.clone(), rows.get(k)?.clone())))
                    .map(|(r, row)| {
                        let key = format!(
                            "{}|{method}|{:?}|{:?}|{:?}|{}|{}",
                            crate::ui::kit::rows::record_key(&r.id, &r),
                            row.inherent,
                            row.current,
                            row.residual,
                            row.next_review,
                            row.review_overdue
                        );
                        Row::new(key, move || view! { <RiskLine risk=r row /> }.into_any())
                    })
                    .collect()
            })
        })
    });
    let owners = move || app.isms.with(|m| register::owners(&m.risks));
    let clear = move || {
        text.set(String::new());
        level.set(String::new());
        owner.set(String::new());
        status.set(String::new());
        treatment.set(String::new());
        asset.set(String::new());
        cell.set(None);
        attention.set(false);
    };

    view! {
        <section class="page">
            <PageHeader title="Risk register" clause="6.1.2, 6.1.3, 8.2, 8.3"
                help="Risks to the confidentiality, integrity and availability of information: who owns them, how big they are before and after controls, and how they are treated.">
                <a class="btn" href="#/risk-method" data-testid="risk-method-link">"Risk method"</a>
                <a class="btn" href="#/risk-report" data-testid="risk-report-link">"Printable report"</a>
                <button type="button" class="btn" data-testid="risk-export-csv" on:click=on_click(export_csv)
                    disabled=dyn_bool(move || shown.with(Vec::is_empty))>"Export CSV"</button>
                <a class="btn btn--primary" data-testid="risk-new" href="#/risks/new">"New risk"</a>
            </PageHeader>
            {dynamic(move || open.get().map(|key| view! { <RiskEditor key /> }))}
            {show(any, move || view! {
                <div class="heatmaps">
                    <HeatMap which="inherent" title="Inherent risk (before controls)" method counts=heat(Which::Inherent)
                        selected=picked(Which::Inherent) on_pick=pick(Which::Inherent) />
                    <HeatMap which="current" title="Current risk (with existing controls)" method counts=heat(Which::Current)
                        selected=picked(Which::Current) on_pick=pick(Which::Current) />
                    <HeatMap which="residual" title="Residual risk (after planned treatment)" method counts=heat(Which::Residual)
                        selected=picked(Which::Residual) on_pick=pick(Which::Residual) />
                </div>
                <p class="field__hint" data-testid="heatmap-left-off">{dyn_text(move || app.isms.with(|m| {
                    let (unscored, closed) = m.risks.iter().fold((0, 0), |(u, c), r| {
                        if r.status == RiskStatus::Closed { (u, c + 1) } else if !r.is_assessed() { (u + 1, c) } else { (u, c) }
                    });
                    if unscored + closed == 0 { String::new() } else {
                        format!("Not on the maps: {unscored} risk{} not assessed yet, {closed} closed.", if unscored == 1 { "" } else { "s" })
                    }
                }))}</p>
                <AttentionPanel rows needing attention />
            }.into_any(), None)}
            <Toolbar>
                <SearchBox testid="risk-search" value=text placeholder="Search title, threat, owner, asset\u{2026}" />
                <SelectFilter testid="risk-filter-level" label="Current level" all_label="All current levels" value=level
                    options=Signal::derive(move || method.with(|m| m.levels.iter().enumerate().map(|(k, l)| ((k + 1).to_string(), l.name.clone())).collect())) />
                <SelectFilter testid="risk-filter-owner" label="Owner" all_label="All owners" value=owner
                    options=Signal::derive(move || owners().into_iter().map(|o| (o.clone(), o)).collect()) />
                <ChoiceFilter<RiskStatus> testid="risk-filter-status" all_label="All statuses" value=status />
                <ChoiceFilter<Treatment> testid="risk-filter-treatment" all_label="All treatments" value=treatment />
                <input type="search" class="toolbar__filter" data-testid="risk-filter-asset" aria-label="Asset reference"
                    placeholder="Asset (A-0001)" prop:value=dyn_text(move || asset.get())
                    on:input=on_value(move |v| asset.set(v)) />
            </Toolbar>
            <div class="filter-chips">
                {dynamic(move || asset_id.get().err().map(|e| view! { <span class="chip chip--warn" role="status">{e}</span> }))}
                {dynamic(move || cell.get().map(|(w, l, i)| view! {
                    <span class="chip" data-testid="risk-filter-cell">
                        {format!("{} risk: likelihood {l} \u{00d7} impact {i}", w.label())}
                        <button type="button" class="chip__remove" aria-label="Remove this filter" on:click=on_click(move || cell.set(None))>"\u{00d7}"</button>
                    </span>
                }))}
                {dynamic(move || attention.get().then(|| view! {
                    <span class="chip" data-testid="risk-filter-attention">
                        "Needing attention"
                        <button type="button" class="chip__remove" aria-label="Remove this filter" on:click=on_click(move || attention.set(false))>"\u{00d7}"</button>
                    </span>
                }))}
                <button type="button" class="btn btn--small btn--ghost" on:click=on_click(clear)>"Clear filters"</button>
            </div>
            <RecordTable rows=shown all=Signal::derive(move || app.isms.with(|m| m.risks.len())) page=list.page noun="risks" testid="risk-table"
                columns=vec![
                    list.column("Ref", RiskSort::Reference),
                    list.column("Risk", RiskSort::Title),
                    Column::plain("Assets"),
                    list.column("Owner", RiskSort::Owner),
                    list.column("Inherent", RiskSort::Inherent),
                    list.column("Current", RiskSort::Current),
                    list.column("Residual", RiskSort::Residual),
                    list.column("Treatment", RiskSort::Treatment),
                    list.column("Status", RiskSort::Status),
                    list.column("Next review", RiskSort::NextReview),
                    Column::actions(),
                ]
                draw
                empty=|| view! {
                    <div class="empty">
                        <p>"No risks yet. For each asset or process in scope, ask what could harm its confidentiality, integrity or availability, how likely that is and how bad it would be."</p>
                        <a class="btn btn--primary" href="#/risks/new">"Record the first risk"</a>
                    </div>
                } />
        </section>
    }
}

/// The risks that need attention: overdue reviews and actions, expired
/// acceptances, risks above the appetite with no decision.
#[component]
fn AttentionPanel(
    rows: Memo<Vec<RiskRow>>,
    needing: Memo<Vec<usize>>,
    attention: RwSignal<bool>,
) -> impl IntoView {
    let app = app();
    let lines = move || {
        needing.with(|idx| {
            rows.with(|rows| {
                app.isms.with(|m| {
                    idx.iter()
                        .take(8)
                        .filter_map(|&k| {
                            let r = m.risks.get(k)?;
                            let problems = rows.get(k)?.problems(r, &m.risk_method).join("; ");
                            Some((r.reference.clone(), r.title.clone(), problems))
                        })
                        .collect::<Vec<_>>()
                })
            })
        })
    };
    view! {
        <div class="card attention" data-testid="risk-attention">
            <h2>{dyn_text(move || match needing.with(Vec::len) {
                0 => "Nothing needs attention".to_string(),
                1 => "1 risk needs attention".to_string(),
                n => format!("{} risks need attention", crate::storage::group(n)),
            })}</h2>
            <ul class="attention__list">
                {dynamic(move || lines().into_iter().map(|(reference, title, problems)| view! {
                    <li data-testid="risk-attention-item">
                        <a href=format!("#/risks/{reference}")>{reference.clone()}" "{title}</a>
                        ": "<span class="attention__why">{problems}</span>
                    </li>
                }).collect_view())}
            </ul>
            {show(move || needing.with(Vec::len) > 0, move || view! {
                <button type="button" class="btn btn--small" data-testid="risk-show-attention"
                    on:click=on_click(move || attention.set(true))>"Show them all in the register"</button>
            }.into_any(), None)}
        </div>
    }
}

#[component]
fn RiskLine(risk: Risk, row: RiskRow) -> impl IntoView {
    let app = app();
    let href = format!("#/risks/{}", risk.reference);
    // The asset references come with the row: no search of the inventory
    // while a keystroke redraws the page.
    let assets = row.asset_refs.clone();
    let (inherent, current, residual) = app.isms.with_untracked(|m| {
        let method = &m.risk_method;
        (
            level_badge(method, row.inherent),
            level_badge(method, row.current),
            if risk.residual.is_some() {
                level_badge(method, row.residual)
            } else {
                ().into_any()
            },
        )
    });
    let score = crate::ui::pages::risk::matrix::score_text;
    let id = risk.id.clone();
    let delete = move || {
        app.delete(Command::Delete {
            kind: crate::core::RecordKind::Risk,
            detach: false,
            id: id.clone(),
        });
    };
    let overdue_actions = row.overdue_actions;
    view! {
        <tr data-testid="risk-row" class:row--closed=risk.status == RiskStatus::Closed>
            <td class="cell--ref"><a href=href.clone()>{risk.reference.clone()}</a></td>
            <td><a href=href>{risk.title.clone()}</a>
                {(overdue_actions > 0).then(|| view! { <span class="flag flag--late">{format!("{overdue_actions} action{} overdue", if overdue_actions == 1 { "" } else { "s" })}</span> })}
                {row.acceptance_expired.then(|| view! { <span class="flag flag--late">"acceptance expired"</span> })}
            </td>
            <td>{assets.split(", ").map(|a| view! { <span class="ref">{a.to_string()}</span>" " }).collect_view()}</td>
            <td>{risk.owner.clone()}</td>
            <td class="cell--level">{inherent}<span class="score">{score(risk.inherent)}</span></td>
            <td class="cell--level">{current}<span class="score">{score(risk.current)}</span></td>
            <td class="cell--level">{residual}<span class="score">{risk.residual.map(|s| score(Some(s))).unwrap_or_default()}</span></td>
            <td>{risk.treatment.label()}</td>
            <td>{risk.status.label()}</td>
            <td class:cell--late=row.review_overdue><span class="ref">{row.next_review.clone()}</span>{row.review_overdue.then_some(" (overdue)")}</td>
            <td class="cell--actions">
                <button class="btn btn--small btn--ghost" data-testid="risk-delete"
                    aria-label=format!("Delete {}", risk.reference) on:click=on_click(delete)>"Delete"</button>
            </td>
        </tr>
    }
}
