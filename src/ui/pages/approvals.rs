//! Approved versions of a document, one component for every document that
//! has them (the SoA, the risk method, the scope, the treatment plan):
//! where the document stands, the form that approves the next version,
//! the versions, and the comparison of any two (or a version and today).
//! And the document-control block a printed document starts with.
//!
//! Test ids start with the page's prefix (`soa-approve`, `soa-version`,
//! `method-compare`...).

use crate::core::approvals::{self, snapshot, Approve, Standing, Subject};
use crate::core::FieldError;
use crate::ui::kit::fields::{date_field, error_for, TextField};
use crate::ui::kit::reactive::memo;
use crate::ui::kit::reactive::{dyn_text, dynamic, on_click, on_value};
use crate::ui::state::{app, today};
use leptos::prelude::*;

/// A text field of the approval form; `flags`: 1 required, 2 multiline.
/// One function rather than a closure per field: one copy of its code.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn approve_field(
    draft: RwSignal<Approve>,
    errors: RwSignal<Vec<FieldError>>,
    testid: String,
    label: &'static str,
    path: &'static str,
    get: fn(&Approve) -> String,
    set: fn(&mut Approve, String),
    flags: u8,
) -> AnyView {
    view! {
        <TextField testid=testid label=label required=flags & 1 != 0 multiline=flags & 2 != 0
            value=Signal::derive(move || draft.with(get))
            on_input=Callback::new(move |v| draft.update(|d| set(d, v)))
            error=error_for(errors, path) />
    }
    .into_any()
}

/// A select of the versions (newest first), and today's draft when
/// `today_too` (value 0).
#[inline(never)]
fn version_select(
    count: Signal<u32>,
    testid: String,
    label: &'static str,
    today_too: bool,
    get: Signal<u32>,
    set: Callback<u32>,
) -> AnyView {
    let options = move || {
        let n = count.get();
        let mut v: Vec<(u32, String)> =
            (1..=n).rev().map(|k| (k, format!("Version {k}"))).collect();
        if today_too {
            v.insert(0, (0, "Today (working draft)".into()));
        }
        v.into_iter()
            .map(|(k, l)| view! { <option value=k.to_string() selected=move || get.get() == k>{l}</option> })
            .collect_view()
    };
    view! {
        <label class="field field--inline">
            <span class="field__label">{label}</span>
            <select data-testid=testid on:change=on_value(move |v| set.run(v.parse().unwrap_or(0)))>{dynamic(options)}</select>
        </label>
    }
    .into_any()
}

/// Focuses the element `selector` finds once the page is drawn.
fn focus(selector: String) {
    request_animation_frame(move || {
        crate::ui::kit::dialog::focus_first(&selector);
    });
}

/// Where `subject` stands, in a sentence.
fn standing_text(m: &crate::core::Isms, subject: Subject) -> String {
    let by = |n: u32| {
        approvals::versions(m, subject)
            .find(|a| a.version == n)
            .map_or(String::new(), |a| {
                format!(", approved by {} ({}) on {}", a.approved_by, a.role, a.date)
            })
    };
    match approvals::standing(m, subject) {
        Standing::Draft => "Working draft: no version has been approved yet.".into(),
        Standing::Approved(n) => format!("This is version {n}{}.", by(n)),
        Standing::Changed { version, changes } => format!(
            "Working draft: {changes} item{} changed since version {version}{}. Approve a new version when it is ready.",
            if changes == 1 { "" } else { "s" },
            by(version)
        ),
    }
}

/// The document-control block of a document: its id, version, approval and
/// classification marking (from its latest approved version), and whether
/// what is shown is that version.
#[component]
pub fn DocumentControl(
    subject: Subject,
    /// `data-testid` of the block.
    testid: &'static str,
    /// Rows before the document's own (organisation, scope).
    children: Children,
) -> impl IntoView {
    let app = app();
    let latest = move || app.isms.with(|m| approvals::latest(m, subject).cloned());
    let field = move |f: fn(&approvals::Approval) -> String, none: &'static str| {
        dyn_text(move || latest().map_or(none.to_string(), |a| f(&a)))
    };
    view! {
        <p class="classification-mark" data-testid=format!("{testid}-classification")>
            {field(|a| a.classification.clone(), approvals::DEFAULT_CLASSIFICATION)}
        </p>
        <dl class="doc-control" data-testid=testid>
            {children()}
            <dt>"Document"</dt><dd>{field(|a| a.document_id.clone(), subject.default_document_id())}</dd>
            <dt>"Version"</dt><dd>{field(|a| a.version.to_string(), "none approved yet")}</dd>
            <dt>"Approved"</dt><dd>{field(|a| format!("{} ({}), {}", a.approved_by, a.role, a.date), "not yet")}</dd>
            <dt>"Status"</dt><dd>{dyn_text(move || format!("{} Produced on {} by Bastion.", app.isms.with(|m| standing_text(m, subject)), today()))}</dd>
        </dl>
    }
}

/// The approved versions of `subject`: the standing, the approval form,
/// the list of versions and the comparison.
#[component]
pub fn Approvals(
    subject: Subject,
    /// The test-id prefix (`soa`).
    prefix: &'static str,
) -> impl IntoView {
    let app = app();
    let id = move |s: &str| format!("{prefix}-{s}");
    let open = RwSignal::new(false);
    let draft = RwSignal::new(Approve::default());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let start = move || {
        let (document_id, classification) = app.isms.with_untracked(|m| {
            approvals::latest(m, subject).map_or(
                (
                    subject.default_document_id().to_string(),
                    approvals::DEFAULT_CLASSIFICATION.to_string(),
                ),
                |a| (a.document_id.clone(), a.classification.clone()),
            )
        });
        draft.set(Approve {
            document_id,
            classification,
            date: today(),
            ..Approve::default()
        });
        errors.set(Vec::new());
        open.set(true);
        focus(format!("#f-{}", id("approve-name")));
    };
    // Closing the form gives focus back to the button that opened it.
    let close = move || {
        open.set(false);
        focus(format!("[data-testid={}]", id("approve")));
    };
    let confirm = move || {
        let cmd = crate::core::Command::Approve {
            subject,
            approval: draft.get_untracked(),
        };
        match app.run(cmd) {
            Ok(_) => {
                close();
                let n = app
                    .isms
                    .with_untracked(|m| approvals::latest(m, subject).map_or(0, |a| a.version));
                app.notify(
                    format!("Approved version {n} of the {}.", subject.label()),
                    false,
                );
            }
            Err(crate::core::DomainError::Invalid(e)) => {
                errors.set(e);
                focus(".approve-form [aria-invalid=true]".into());
            }
            Err(e) => app.notify(e.to_string(), true),
        }
    };
    let text = move |key: &'static str,
                     label: &'static str,
                     path: &'static str,
                     get: fn(&Approve) -> String,
                     set: fn(&mut Approve, String),
                     flags: u8| {
        approve_field(draft, errors, id(key), label, path, get, set, flags)
    };
    let form = move || {
        open.get().then(|| view! {
            <div class="approve-form" role="group" aria-labelledby=id("approve-title")
                on:keydown=crate::ui::kit::reactive::handler(move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { ev.prevent_default(); close() })>
                <h3 id=id("approve-title")>{format!("Approve the {} as it is now", subject.label())}</h3>
                <p class="field__hint">"Stored read-only, with a SHA-256 of its content; a later change becomes the next version."</p>
                {text("approve-name", "Approved by", "approved_by", |d| d.approved_by.clone(), |d, v| d.approved_by = v, 1)}
                {text("approve-role", "Their role", "role", |d| d.role.clone(), |d, v| d.role = v, 1)}
                {date_field(id("approve-date"), "Date of approval", true, error_for(errors, "date"),
                    Signal::derive(move || draft.with(|d| d.date.clone())), Callback::new(move |v| draft.update(|d| d.date = v)))}
                {text("approve-document", "Document id", "document_id", |d| d.document_id.clone(), |d, v| d.document_id = v, 1)}
                {text("approve-classification", "Classification marking", "classification", |d| d.classification.clone(), |d, v| d.classification = v, 0)}
                {text("approve-note", "Note", "note", |d| d.note.clone(), |d, v| d.note = v, 2)}
                <div class="form__actions">
                    <button type="button" class="btn btn--primary" data-testid=id("approve-confirm") on:click=on_click(confirm)>"Approve this version"</button>" "
                    <button type="button" class="btn" on:click=on_click(close)>"Cancel"</button>
                </div>
            </div>
        })
    };
    let versions = move || {
        app.isms.with(|m| {
            let rows = approvals::versions(m, subject).map(|a| view! {
                <tr data-testid=id("version") data-version=a.version.to_string()>
                    <td>{a.version}</td>
                    <td>{a.document_id.clone()}</td>
                    <td>{a.approved_by.clone()}</td>
                    <td>{a.role.clone()}</td>
                    <td>{a.date.clone()}</td>
                    <td>{a.note.clone()}</td>
                    <td><code title=a.sha256.clone()>{a.sha256[..a.sha256.len().min(12)].to_string()}</code></td>
                </tr>
            }).collect_view();
            view! {
                <div class="table-box" tabindex="0" role="region" aria-label=format!("Approved versions of the {}", subject.label())>
                <table class="table">
                    <thead><tr><th scope="col">"Version"</th><th scope="col">"Document"</th><th scope="col">"Approved by"</th><th scope="col">"Role"</th><th scope="col">"Date"</th><th scope="col">"Note"</th><th scope="col">"SHA-256"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                </div>
            }
        })
    };
    // The comparison: 0 is "today"; from defaults to the latest version.
    let from = RwSignal::new(None::<u32>);
    let to = RwSignal::new(0u32);
    let count = memo(move || {
        app.isms
            .with(|m| approvals::versions(m, subject).count() as u32)
    });
    let from_now = move || from.get().unwrap_or_else(|| count.get());
    let picker = move |testid: String,
                       label: &'static str,
                       today_too: bool,
                       get: Signal<u32>,
                       set: Callback<u32>| {
        version_select(count.into(), testid, label, today_too, get, set)
    };
    let diff = move || {
        // The older of the two first (0, today, is the newest).
        let (mut a, mut b) = (from_now(), to.get());
        if b != 0 && (a == 0 || a > b) {
            std::mem::swap(&mut a, &mut b);
        }
        app.isms.with(|m| {
            let snap = |k: u32| {
                if k == 0 {
                    Some(snapshot::of(m, subject))
                } else {
                    approvals::versions(m, subject).find(|x| x.version == k).map(|x| x.snapshot.clone())
                }
            };
            let (Some(before), Some(after)) = (snap(a), snap(b)) else {
                return view! { <p>"Nothing to compare yet."</p> }.into_any();
            };
            let rows = snapshot::compare(&before, &after);
            let name = |k: u32| if k == 0 { "today".to_string() } else { format!("version {k}") };
            if rows.is_empty() {
                return view! { <p data-testid=id("compare-same")>{format!("No differences between {} and {}.", name(a), name(b))}</p> }.into_any();
            }
            let shown = rows.iter().take(500).map(|r| view! {
                <tr data-testid=id("diff-row")>
                    <th scope="row">{r.item.clone()}</th>
                    <td>{match r.difference { snapshot::Difference::Added => "Added".to_string(), snapshot::Difference::Removed => "Removed".to_string(), snapshot::Difference::Changed => r.field.clone() }}</td>
                    <td>{r.before.clone()}</td>
                    <td>{r.after.clone()}</td>
                </tr>
            }).collect_view();
            let more = (rows.len() > 500).then(|| view! { <p>{format!("and {} more differences", rows.len() - 500)}</p> });
            view! {
                <p>{format!("{} difference{} from {} to {}:", rows.len(), if rows.len() == 1 { "" } else { "s" }, name(a), name(b))}</p>
                <div class="table-box" tabindex="0" role="region" aria-label="Differences">
                <table class="table">
                    <thead><tr><th scope="col">"Item"</th><th scope="col">"What"</th><th scope="col">{format!("In {}", name(a))}</th><th scope="col">{format!("In {}", name(b))}</th></tr></thead>
                    <tbody>{shown}</tbody>
                </table>
                </div>
                {more}
            }
            .into_any()
        })
    };
    view! {
        <section class="approvals" data-testid=id("approvals") aria-labelledby=id("approvals-title")>
            <h2 id=id("approvals-title")>"Approved versions"</h2>
            <p data-testid=id("standing")>{dyn_text(move || app.isms.with(|m| standing_text(m, subject)))}</p>
            <p class="no-print">
                <button type="button" class="btn btn--primary" data-testid=id("approve") aria-expanded=move || open.get().to_string() on:click=on_click(start)>"Approve a version…"</button>
            </p>
            <div class="no-print">{dynamic(form)}</div>
            {move || (count.get() > 0).then(|| view! {
                {dynamic(versions)}
                <div class="no-print compare" data-testid=id("compare")>
                    <h3>"Compare"</h3>
                    <div class="toolbar">
                        {picker(id("compare-from"), "From", false, Signal::derive(from_now), Callback::new(move |k| from.set(Some(k))))}
                        {picker(id("compare-to"), "To", true, Signal::derive(move || to.get()), Callback::new(move |k| to.set(k)))}
                    </div>
                    {dynamic(diff)}
                </div>
            })}
        </section>
    }
}
