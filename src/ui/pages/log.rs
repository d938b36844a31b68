//! The audit log: every change, newest first, filterable by record kind,
//! actor and text, with the field-level before and after.

use crate::core::query::{self, LogFilter};
use crate::core::{AuditEntry, RecordKind};
use crate::ui::components::fields::*;
use crate::ui::components::pager::{last_page, page_range, Pager};
use crate::ui::components::reactive::{dynamic, on_value, show};
use crate::ui::components::rows::{keyed, Row};
use crate::ui::pages::PageHeader;
use crate::ui::state::app;
use leptos::prelude::*;

/// A JSON value as a person reads it; ids of existing assets read as their reference.
pub fn show_value(v: &serde_json::Value, isms: &crate::core::Isms) -> String {
    let name = |s: &str| -> String {
        if crate::core::ids::is_uuid(s) {
            if let Some(a) = isms.asset(s) {
                return format!("{} {}", a.reference, a.name);
            }
        }
        s.to_string()
    };
    match v {
        serde_json::Value::Null => "\u{2014}".into(),
        serde_json::Value::String(s) if s.is_empty() => "(empty)".into(),
        serde_json::Value::String(s) => name(s),
        serde_json::Value::Bool(true) => "yes".into(),
        serde_json::Value::Bool(false) => "no".into(),
        serde_json::Value::Array(a) if a.is_empty() => "(none)".into(),
        serde_json::Value::Array(a) if a.iter().all(|x| x.is_string()) => a
            .iter()
            .filter_map(|x| x.as_str())
            .map(name)
            .collect::<Vec<_>>()
            .join(", "),
        // A risk score.
        serde_json::Value::Object(o)
            if o.len() == 2 && o.contains_key("likelihood") && o.contains_key("impact") =>
        {
            format!(
                "likelihood {} \u{00d7} impact {}",
                o["likelihood"], o["impact"]
            )
        }
        // As JSON text; `to_string` rather than `Display` shares the writer
        // the stored copy uses.
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// An RFC 3339 time in the reader's local time zone (`2026-11-30 09:15:00`).
pub fn local_time(at: &str) -> String {
    use chrono::{Datelike, Timelike};
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| {
            let t = t.with_timezone(&chrono::Local);
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            )
        })
        .unwrap_or_else(|_| at.to_string())
}

/// Now, for file names: `2026-11-30-0915` (local time).
pub fn file_stamp() -> String {
    use chrono::{Datelike, Timelike};
    let t = chrono::Local::now();
    format!(
        "{:04}-{:02}-{:02}-{:02}{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    )
}

#[component]
pub fn LogPage() -> impl IntoView {
    let app = app();
    let text = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let actor = RwSignal::new(String::new());
    let page = RwSignal::new(0usize);
    let filter = Memo::new(move |_| LogFilter {
        text: text.get(),
        kind: RecordKind::from_key(&kind.get()),
        actor: Some(actor.get()).filter(|a| !a.is_empty()),
    });
    Effect::watch(move || filter.track(), move |_, _, _| page.set(0), false);
    let rows = Memo::new(move |_| filter.with(|f| app.isms.with(|m| query::log(&m.audit_log, f))));
    let total = Signal::derive(move || rows.with(Vec::len));
    let actors = Memo::new(move |_| app.isms.with(|m| query::actors(&m.audit_log)));
    let visible = move || {
        let idx =
            rows.with(|r| r[page_range(r.len(), page.get().min(last_page(r.len())))].to_vec());
        app.isms.with(|m| {
            idx.iter()
                .filter_map(|&i| m.audit_log.get(i).cloned())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="page">
            <PageHeader title="Audit log" clause="Clause 7.5.3"
                help="Every change to this ISMS: when, by whom, what changed from what to what. It travels with exports." />
            <div class="toolbar" role="search">
                <SearchBox testid="log-search" value=text placeholder="Search the log\u{2026}" />
                <ChoiceFilter<RecordKind> testid="log-filter-kind" all_label="All record kinds" value=kind />
                <select class="toolbar__filter" data-testid="log-filter-actor" aria-label="Actor"
                    on:change=on_value(move |v| actor.set(v))>
                    <option value="">"Everyone"</option>
                    {dynamic(move || actors.get().into_iter().map(|a| view! { <option value=a.clone()>{a.clone()}</option> }).collect_view())}
                </select>
            </div>
            {show(move || { total.get() > 0 }, move || view! {
                <ol class="log">
                    {keyed(move || visible().into_iter().map(|e| {
                        Row::new(e.seq.to_string(), || view! { <LogEntry entry=e /> }.into_any())
                    }).collect())}
                </ol>
                <Pager total page noun="entries" />
            }.into_any(), Some(Box::new(|| view! { <div class="empty"><p>"No entries match."</p></div> }.into_any())))}
        </section>
    }
}

#[component]
fn LogEntry(entry: AuditEntry) -> impl IntoView {
    let app = crate::ui::state::app();
    let changes = entry.changes.clone();
    let has_changes = !changes.is_empty();
    view! {
        <li class="log__entry" data-testid="log-row">
            <div class="log__meta">
                <time datetime=entry.at.clone()>{local_time(&entry.at)}</time>
                <span class="log__actor">{entry.actor.clone()}</span>
                <span class=format!("badge badge--{}", entry.action.key())>{entry.action.label()}</span>
                <span class="log__kind">{entry.kind.label()}</span>
                {(!entry.reference.is_empty()).then(|| view! { <span class="cell--ref">{entry.reference.clone()}</span> })}
            </div>
            <div class="log__summary">{entry.summary.clone()}</div>
            {has_changes.then(|| view! {
                <details class="log__details">
                    <summary>{format!("{} field{} changed", changes.len(), if changes.len() == 1 { "" } else { "s" })}</summary>
                    <table class="table table--compact">
                        <thead><tr><th>"Field"</th><th>"Before"</th><th>"After"</th></tr></thead>
                        <tbody>
                            {app.isms.with_untracked(|m| changes.iter().map(|c| view! {
                                <tr><td>{c.field.clone()}</td><td class="log__before">{show_value(&c.before, m)}</td><td class="log__after">{show_value(&c.after, m)}</td></tr>
                            }).collect_view())}
                        </tbody>
                    </table>
                </details>
            })}
        </li>
    }
}
