//! Other frameworks (issue 11): control catalogues imported from OSCAL
//! JSON beside Annex A, their controls, and each control's mapping to the
//! controls of the register. `#/frameworks`, `#/frameworks/<uuid>`,
//! `#/frameworks/<uuid>/<control id>`.

use crate::core::controls::frameworks::{describe, mapping};
use crate::core::controls::oscal;
use crate::core::kernel::text::fold;
use crate::core::Command;
use crate::ui::kit::dialog::ConfirmDialog;
use crate::ui::kit::picker::RecordPicker;
use crate::ui::kit::reactive::{dyn_text, dynamic, handler, on_click, on_value};
use crate::ui::pages::PageHeader;
use crate::ui::route::Route;
use crate::ui::state::{app, measured};
use leptos::prelude::*;

/// How many controls of a framework the list shows at once.
const SHOWN: usize = 100;

/// Reads an OSCAL file and imports it: a refusal names the place and
/// changes nothing.
fn import(file: web_sys::File) {
    let app = app();
    let name = file.name();
    if let Err(e) = crate::core::file::format::check_size(file.size() as u64) {
        app.notify(
            format!("{name} was not imported: {e} Nothing was changed."),
            true,
        );
        return;
    }
    // The whole import as a person waits for it (read, parse, check,
    // apply), beside the parse alone (`bastion:oscal-import`).
    let perf = web_sys::window().and_then(|w| w.performance());
    let mark = "bastion:oscal-total:start";
    if let Some(p) = &perf {
        let _ = p.mark(mark);
    }
    leptos::task::spawn_local(async move {
        let read = match crate::files::read_text(&file).await {
            Ok(text) => measured("oscal-import", || oscal::read(&text)).map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        let message = match read.map(|f| (describe(&f), f)) {
            Err(e) => Err(format!(
                "{name} was not imported: {e}. Nothing was changed."
            )),
            Ok((what, f)) => {
                let title = f.title.clone();
                app.run(Command::ImportFramework(Box::new(f)))
                    .map(|_| format!("Imported {title}: {what}."))
                    .map_err(|e| format!("{name} was not imported: {e} Nothing was changed."))
            }
        };
        if let Some(p) = &perf {
            let _ = p.measure_with_start_mark("bastion:oscal-total", mark);
        }
        match message {
            Ok(m) => app.notify(m, false),
            Err(m) => app.notify(m, true),
        }
    });
}

#[component]
pub fn FrameworksPage() -> impl IntoView {
    let app = app();
    let open = Memo::new(move |_| {
        app.route.with(|r| match r {
            Route::Frameworks(Some(p)) => Some(p.clone()),
            _ => None,
        })
    });
    let on_file = move |ev: leptos::ev::Event| {
        if let Some(file) = crate::files::take_chosen(&ev) {
            import(file);
        }
    };
    // The framework to remove once confirmed: (uuid, title, mappings).
    let removing = RwSignal::new(None::<(String, String, usize)>);
    let remove = move || {
        let Some((uuid, title, _)) = removing.get_untracked() else {
            return;
        };
        removing.set(None);
        match app.run(Command::RemoveFramework { uuid }) {
            Ok(_) => app.notify(format!("Removed {title} and its mappings."), false),
            Err(e) => app.notify(format!("The framework was not removed: {e}"), true),
        }
    };
    view! {
        <section class="page">
            <PageHeader title="Other frameworks" clause="Annex A"
                help="Control catalogues in OSCAL JSON (NIST's open format), such as NIST SP 800-53, beside Annex A: map their controls to the controls of your register, and a control's page lists what maps to it. They travel in the exported file and count against this browser's storage (Settings shows how much).">
                <label class="btn btn--primary file-button">"Import an OSCAL catalogue"
                    <input type="file" class="visually-hidden" accept=".json,application/json"
                        data-testid="framework-import-input" on:change=handler(on_file) />
                </label>
            </PageHeader>
            {dynamic(move || match open.get() {
                Some(path) => framework_view(path),
                None => app.isms.with(|m| {
                    if m.frameworks.is_empty() {
                        return view! { <p class="empty">"No framework yet. Import a catalogue in OSCAL JSON, for example NIST SP 800-53 rev. 5 or one of its baselines (a resolved profile catalogue)."</p> }.into_any();
                    }
                    let rows = m.frameworks.iter().map(|f| {
                        let what = (f.uuid.clone(), f.title.clone(), f.mappings.len());
                        let title = f.title.clone();
                        view! {
                            <tr data-testid="framework-row">
                                <td><a href=format!("#/frameworks/{}", f.uuid)>{f.title.clone()}</a></td>
                                <td>{f.version.clone()}</td>
                                <td>{describe(f)}</td>
                                <td>{f.mappings.len()}</td>
                                <td class="cell--actions"><button type="button" class="btn btn--small btn--ghost" data-testid="framework-remove"
                                    aria-label=format!("Remove {title}") on:click=on_click(move || removing.set(Some(what.clone())))>"Remove"</button></td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <div class="table-box" tabindex="0" role="region" aria-label="Frameworks">
                            <table class="table">
                                <thead><tr><th>"Framework"</th><th>"Version"</th><th>"Contents"</th><th>"Controls mapped"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }.into_any()
                }),
            })}
            {dynamic(move || removing.get().map(|(_, title, n)| view! {
                <ConfirmDialog title="Remove this framework?" confirm_label="Remove it" danger=true
                    confirm_testid="framework-remove-confirm" cancel_testid="framework-remove-cancel"
                    on_confirm=Callback::new(move |_| remove())
                    on_cancel=Callback::new(move |_| removing.set(None))>
                    <p>{format!("{title} and its {n} mapping{} to controls of the register are removed from the ISMS. The audit log keeps a record; to have them again, import the catalogue and map its controls anew.", if n == 1 { "" } else { "s" })}</p>
                </ConfirmDialog>
            }))}
        </section>
    }
}

/// One framework (`uuid`, or `uuid/control`: with that control open).
fn framework_view(path: String) -> AnyView {
    let app = app();
    let (uuid, open) = match path.split_once('/') {
        Some((u, c)) => (u.to_string(), Some(c.to_string())),
        None => (path, None),
    };
    let search = RwSignal::new(String::new());
    let Some((title, version)) = app.isms.with_untracked(|m| {
        m.frameworks
            .iter()
            .find(|f| f.uuid == uuid)
            .map(|f| (f.title.clone(), f.version.clone()))
    }) else {
        return view! { <p class="empty">"This framework is not in the ISMS (it may have been removed). "<a href="#/frameworks">"All frameworks"</a></p> }.into_any();
    };
    let u = uuid.clone();
    let rows = move || {
        let q = fold(&search.get());
        app.isms.with(|m| {
            let Some(f) = m.frameworks.iter().find(|f| f.uuid == u) else {
                return Vec::new();
            };
            let refs = |id: &str| {
                m.controls
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| c.reference.clone())
            };
            f.all_controls()
                .into_iter()
                .filter(|c| {
                    q.is_empty() || fold(&format!("{} {} {}", c.label, c.title, c.id)).contains(&q)
                })
                .take(SHOWN)
                .map(|c| {
                    let to: Vec<String> =
                        mapping(f, &c.id).iter().filter_map(|id| refs(id)).collect();
                    (
                        c.id.clone(),
                        c.label.clone(),
                        c.title.clone(),
                        c.withdrawn,
                        to.join(", "),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let u = uuid.clone();
    let detail = open.map(|control| {
        let (u2, c2) = (u.clone(), control.clone());
        let found = app.isms.with_untracked(|m| {
            let f = m.frameworks.iter().find(|f| f.uuid == u)?;
            let c = f.all_controls().into_iter().find(|c| c.id == control)?;
            Some((c.label.clone(), c.title.clone(), c.statement.clone()))
        });
        let value = Signal::derive(move || {
            app.isms.with(|m| {
                m.frameworks.iter().find(|f| f.uuid == u2).map(|f| mapping(f, &c2).to_vec()).unwrap_or_default()
            })
        });
        let (u3, c3) = (u.clone(), control.clone());
        let map = Callback::new(move |to: Vec<String>| {
            match app.run(Command::MapControl { framework: u3.clone(), control: c3.clone(), to }) {
                Ok(c) => {
                    if let Some(e) = c.entries.first() {
                        app.notify(format!("{}.", e.summary), false)
                    }
                }
                Err(e) => app.notify(format!("The mapping was not saved: {e}"), true),
            }
        });
        match found {
            None => view! { <p class="empty" role="alert">{format!("This framework has no control {control}.")}</p> }.into_any(),
            Some((label, title, statement)) => view! {
                <div class="card" data-testid="framework-control">
                    <h2>{format!("{label} {title}")}</h2>
                    <p class="statement">{statement}</p>
                    <RecordPicker<crate::core::Control> testid="framework-map" label="Mapped to controls of the register"
                        hint="Annex A controls or your own that meet this control, in whole or in part. Each change is saved and logged."
                        placeholder="Find a control by id or title"
                        chips_testid="framework-mapped" option_testid="framework-map-option"
                        value on_change=map error=Signal::derive(|| None::<String>) />
                </div>
            }.into_any(),
        }
    });
    let u = uuid.clone();
    view! {
        <p><a href="#/frameworks">"All frameworks"</a></p>
        <h2>{title}" "<small>{version}</small></h2>
        {detail}
        <div class="toolbar" role="search">
            <input type="search" aria-label="Find a control" placeholder="Filter the list" data-testid="framework-search"
                prop:value=dyn_text(move || search.get()) on:input=on_value(move |v| search.set(v)) />
        </div>
        <div class="table-box" tabindex="0" role="region" aria-label="Controls of the framework">
            <table class="table">
                <thead><tr><th>"Control"</th><th>"Title"</th><th>"Mapped to"</th></tr></thead>
                <tbody>{dynamic(move || rows().into_iter().map(|(id, label, title, withdrawn, to)| view! {
                    <tr data-testid="framework-control-row" data-control=id.clone()>
                        <td class="cell--ref"><a href=format!("#/frameworks/{u}/{id}")>{label}</a></td>
                        <td>{title}{withdrawn.then_some(" (withdrawn)")}</td>
                        <td>{to}</td>
                    </tr>
                }).collect_view())}</tbody>
            </table>
        </div>
        <p class="field__hint">{format!("Shows the first {SHOWN} controls that match; type to find others.")}</p>
    }
    .into_any()
}
