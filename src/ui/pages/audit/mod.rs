//! The audit log: every change, newest first, filterable by record kind,
//! actor and text, with the field-level before and after.

use crate::core::audit::labels::{field, word};
use crate::core::audit::query::LogFilter;
use crate::core::{AuditEntry, RecordKind};
use crate::ui::kit::fields::*;
use crate::ui::kit::reactive::memo;
use crate::ui::kit::reactive::{on_click, show};
use crate::ui::kit::rows::Row;
use crate::ui::kit::table::{DrawRows, ListState, RecordTable, SelectFilter, Toolbar};
use crate::ui::pages::PageHeader;
use crate::ui::state::app;
use leptos::prelude::*;

/// A JSON value as a person reads it; ids of existing assets read as their reference.
/// A change of a field, before and after, for people. A list of records
/// with ids (treatment actions, requirements) shows only the items added,
/// removed or changed, one line each, and how many stayed as they were.
pub fn show_change(
    before: &serde_json::Value,
    after: &serde_json::Value,
    isms: &crate::core::Isms,
) -> (String, String) {
    use serde_json::Value;
    let items = |v: &Value| -> Option<Vec<(String, Value)>> {
        v.as_array()?
            .iter()
            .map(|x| Some((x.get("id")?.as_str()?.to_string(), x.clone())))
            .collect()
    };
    let (Some(b), Some(a)) = (items(before), items(after)) else {
        return (show_value(before, isms), show_value(after, isms));
    };
    let line = |x: &Value| item_line(x, isms);
    let find = |list: &[(String, Value)], id: &str| {
        list.iter().find(|(i, _)| i == id).map(|(_, x)| x.clone())
    };
    let (mut was, mut now, mut same) = (Vec::new(), Vec::new(), 0);
    for (id, x) in &b {
        match find(&a, id) {
            Some(y) if y == *x => same += 1,
            Some(_) => was.push(line(x)),
            None => was.push(format!("{} (removed)", line(x))),
        }
    }
    for (id, y) in &a {
        match find(&b, id) {
            Some(x) if x == *y => {}
            Some(_) => now.push(line(y)),
            None => now.push(format!("{} (added)", line(y))),
        }
    }
    let close = |mut lines: Vec<String>| {
        if same > 0 {
            lines.push(format!("({same} unchanged)"));
        }
        if lines.is_empty() {
            "(none)".to_string()
        } else {
            lines.join("\n")
        }
    };
    (close(was), close(now))
}

/// One record of a list (an action, a requirement) on one line: its
/// title (or text, or name) first, then its other fields' values in key
/// order, the id and empty ones left out.
fn item_line(x: &serde_json::Value, isms: &crate::core::Isms) -> String {
    const FIRST: [&str; 3] = ["title", "text", "name"];
    x.as_object()
        .map(|o| {
            let first = FIRST.iter().filter_map(|k| o.get(*k));
            let rest = o
                .iter()
                .filter(|(k, _)| k.as_str() != "id" && !FIRST.contains(&k.as_str()))
                .map(|(_, v)| v);
            first
                .chain(rest)
                .map(|v| show_value(v, isms))
                .filter(|t| t != "(empty)" && t != "\u{2014}")
                .collect::<Vec<_>>()
                .join(" \u{00b7} ")
        })
        .unwrap_or_else(|| show_value(x, isms))
}

pub fn show_value(v: &serde_json::Value, isms: &crate::core::Isms) -> String {
    let name = |s: &str| -> String {
        if crate::core::kernel::ids::is_uuid(s) {
            for k in crate::core::RecordKind::RECORDS {
                if let Some((r, t)) = isms.describe(*k, s) {
                    return format!("{r} {t}");
                }
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
        // Records of a list, one a line.
        serde_json::Value::Array(a) if a.iter().all(|x| x.is_object()) => a
            .iter()
            .map(|x| item_line(x, isms))
            .collect::<Vec<_>>()
            .join("\n"),
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

/// The indexes of `changes` in the order of the form of `kind`, fields
/// the form does not know last.
fn in_form_order(kind: RecordKind, changes: &[crate::core::FieldChange]) -> Vec<usize> {
    // Each field's place in the form, looked up once.
    let place: Vec<usize> = changes
        .iter()
        .map(|c| field(kind, &c.field).map_or(usize::MAX, |f| f.at))
        .collect();
    let mut order: Vec<usize> = (0..changes.len()).collect();
    crate::core::kernel::text::sort_indexes(&mut order, &|a, b| place[a].cmp(&place[b]));
    order
}

/// An RFC 3339 time in the reader's local time zone (`2026-11-30 09:15:00`).
pub fn local_time(at: &str) -> String {
    match crate::core::kernel::dates::Timestamp::parse(at) {
        // chrono writes a time of whole seconds as `2026-11-30 09:15:00`.
        Some(t) => t
            .time()
            .with_timezone(&chrono::Local)
            .naive_local()
            .to_string(),
        None => at.to_string(),
    }
}

/// Now, for file names: `2026-11-30-0915` (local time).
pub fn file_stamp() -> String {
    use chrono::Timelike;
    let t = chrono::Local::now();
    format!("{}-{:02}{:02}", t.date_naive(), t.hour(), t.minute())
}

#[component]
pub fn LogPage() -> impl IntoView {
    let app = app();
    let text = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let actor = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    // The log has one order, newest first.
    let list = ListState::new(());
    let rows = list.rows(
        move || LogFilter {
            text: text.get(),
            kind: RecordKind::from_key(&kind.get()),
            actor: Some(actor.get()).filter(|a| !a.is_empty()),
            action: crate::core::Action::from_key(&action.get()),
        },
        move |f| {
            app.isms
                .with(|m| crate::core::audit::query::log(&m.audit_log, f))
        },
    );
    let actors = memo(move || {
        app.isms
            .with(|m| crate::core::audit::query::actors(&m.audit_log))
    });
    let draw: DrawRows = Box::new(move |idx| {
        app.isms.with(|m| {
            idx.iter()
                .filter_map(|&i| m.audit_log.get(i).cloned())
                .map(|e| {
                    Row::new(e.seq.to_string(), || {
                        view! { <LogEntry entry=e /> }.into_any()
                    })
                })
                .collect()
        })
    });
    view! {
        <section class="page">
            <PageHeader title="Audit log" clause="Clause 7.5.3"
                help="Every change to this ISMS: when, by whom, what changed from what to what. It travels with exports." />
            <Toolbar>
                <SearchBox testid="log-search" value=text placeholder="Search the log\u{2026}" />
                <ChoiceFilter<RecordKind> testid="log-filter-kind" all_label="All record kinds" value=kind />
                <ChoiceFilter<crate::core::Action> testid="log-filter-action" all_label="All changes" value=action />
                <SelectFilter testid="log-filter-actor" label="Actor" all_label="Everyone" value=actor
                    options=Signal::derive(move || actors.get().into_iter().map(|a| (a.clone(), a)).collect()) />
            </Toolbar>
            <RecordTable rows all=Signal::derive(move || app.isms.with(|m| m.audit_log.len())) page=list.page noun="entries"
                list_class="log" draw
                empty=|| view! { <div class="empty"><p>"No entries yet."</p></div> } />
        </section>
    }
}

#[component]
fn LogEntry(entry: AuditEntry) -> impl IntoView {
    let app = crate::ui::state::app();
    let changes = entry.changes.clone();
    let has_changes = !changes.is_empty();
    // A deleted record can be put back from its delete entry while it is
    // not here.
    let restorable = entry.action == crate::core::Action::Delete && entry.kind.info().is_some();
    let reference = entry.reference.clone();
    view! {
        <li class="log__entry" data-testid="log-row">
            <div class="log__meta">
                <time datetime=entry.at.clone()>{local_time(&entry.at)}</time>
                <span class="log__actor">{entry.actor.clone()}</span>
                <span class=format!("badge badge--{}", entry.action.key())>{entry.action.label()}</span>
                <span class="log__kind">{entry.kind.label()}</span>
                {(!entry.reference.is_empty()).then(|| view! { <span class="cell--ref">{entry.reference.clone()}</span> })}
            </div>
            <div class="log__summary">{entry.summary.clone()}
                {restorable.then(|| {
                    let (kind, id, seq) = (entry.kind, entry.record_id.clone(), entry.seq);
                    show(move || app.isms.with(|m| !m.exists(kind, &id)), move || view! {
                        <button type="button" class="btn btn--small" data-testid="restore"
                            aria-label=format!("Restore {}", reference.clone())
                            on:click=on_click(move || app.restore_logged(seq))>"Restore"</button>
                    }.into_any(), None)
                })}
            </div>
            {has_changes.then(|| view! {
                <details class="log__details">
                    <summary>{format!("{} field{} changed", changes.len(), if changes.len() == 1 { "" } else { "s" })}</summary>
                    <table class="table table--compact">
                        <thead><tr><th>"Field"</th><th>"Before"</th><th>"After"</th></tr></thead>
                        <tbody>
                            // The form's labels and words, in the form's order.
                            {app.isms.with_untracked(|m| in_form_order(entry.kind, &changes).into_iter().map(|i| {
                                let c = &changes[i];
                                let f = field(entry.kind, &c.field);
                                let (before, after) = show_change(&c.before, &c.after, m);
                                let word = |v, shown: String| f.and_then(|f| word(f, v)).map_or(shown, str::to_string);
                                let (before, after) = (word(&c.before, before), word(&c.after, after));
                                let label = f.map_or(c.field.clone(), |f| f.label.to_string());
                                view! { <tr><td>{label}</td><td class="log__before">{before}</td><td class="log__after">{after}</td></tr> }
                            }).collect_view())}
                        </tbody>
                    </table>
                </details>
            })}
        </li>
    }
}
