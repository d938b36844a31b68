//! The risk method (6.1.2 a, b): scales with their criteria, risk levels
//! with their response and review interval, the lookup grid or formula,
//! the appetite and who may accept above it. Edited as a draft; before it
//! is applied, the page shows which risks would change level, and asks.

use crate::core::risk::{
    self, impact_of_change, Band, Formula, RiskLevel, RiskMethod, Scale, Scoring, PRESETS,
};
use crate::core::{Command, DomainError, FieldError};
use crate::ui::kit::dialog::ConfirmDialog;
use crate::ui::kit::reactive::memo;
use crate::ui::kit::reactive::{
    dyn_bool, dyn_text, dynamic, on_click, on_value, show, Dynamic, Handler,
};
use crate::ui::pages::risk::matrix::{light_background, HeatMap};
use crate::ui::pages::PageHeader;
use crate::ui::state::app;
use leptos::prelude::*;

/// The risk method page.
#[component]
pub fn RiskMethodPage() -> impl IntoView {
    let app = app();
    let draft = RwSignal::new(app.isms.with_untracked(|m| m.risk_method.clone()));
    let errors = memo(move || draft.with(risk::validate));
    let changed = memo(move || draft.with(|d| app.isms.with(|m| *d != m.risk_method)));
    crate::ui::kit::unsaved::follow_stored(draft, |m| m.risk_method.clone());
    // Leaving with changes not saved asks first.
    let _ = crate::ui::kit::unsaved::track_unsaved("the risk method".into(), changed.into());
    let impact = memo(move || {
        draft.with(|d| {
            app.isms.with(|m| {
                impact_of_change(&m.risk_method, d, &m.risk_scores())
                    .iter()
                    .map(|c| c.describe(&m.risk_method, d))
                    .collect::<Vec<_>>()
            })
        })
    });
    let refused = RwSignal::new(Vec::<FieldError>::new());
    let confirming = RwSignal::new(None::<Vec<String>>);
    let apply = move |confirmed: bool| {
        let method = draft.get_untracked();
        match app.run(Command::SetRiskMethod { method, confirmed }) {
            Ok(c) => {
                refused.set(Vec::new());
                confirming.set(None);
                app.notify(
                    if c.entries.is_empty() {
                        "The method had not changed.".to_string()
                    } else {
                        "Applied the new risk method. Every level is recomputed, and the change is in the audit log.".to_string()
                    },
                    false,
                );
            }
            Err(DomainError::Unconfirmed(lines)) => confirming.set(Some(lines)),
            Err(DomainError::Invalid(errs)) => {
                refused.set(errs);
                app.notify("The method was not applied: see the problems listed.", true);
            }
            Err(e) => app.notify(e.to_string(), true),
        }
    };
    let preview = Signal::derive(move || draft.get());
    let valid = move || errors.with(Vec::is_empty);

    view! {
        <section class="page">
            <PageHeader title="Risk method" clause="6.1.2 a, b"
                help="How risks are scored, what each level requires and which risks may be accepted. Stored in the ISMS and its exported file, so everyone computes the same levels.">
                <a class="btn" href="#/risks">"Risk register"</a>
            </PageHeader>
            <div class="card">
                <h2>"Start from a preset"</h2>
                <p class="page__help">"A preset replaces the draft below; nothing changes until you apply it."</p>
                <div class="inline">
                    {PRESETS.iter().map(|p| {
                        let make = p.make;
                        view! {
                            <button type="button" class="btn" data-testid=format!("method-preset-{}", p.key)
                                on:click=on_click(move || draft.set(make()))>{p.label}</button>
                        }
                    }).collect_view()}
                </div>
            </div>
            <div class="columns columns--wide">
                <ScaleEditor title="Likelihood scale" testid="method-likelihood" draft
                    get=|m| &m.likelihood set=|m| &mut m.likelihood />
                <ScaleEditor title="Impact scale" testid="method-impact" draft
                    get=|m| &m.impact set=|m| &mut m.impact />
            </div>
            <LevelsEditor draft />
            <ScoringEditor draft errors />
            <div class="card">
                <h2>"Risk acceptance criteria"</h2>
                <div class="editor__grid">
                    <div class="field">
                        <label class="field__label" for="f-method-appetite">"Risk appetite: the highest level that may be retained without treatment"</label>
                        <select id="f-method-appetite" data-testid="method-appetite"
                            prop:value=dyn_text(move || draft.with(|d| d.appetite.to_string()))
                            on:change=on_value(move |v| { let v = v.parse().unwrap_or(1); draft.update(|d| d.appetite = v) })>
                            {dynamic(move || draft.with(|d| d.levels.iter().enumerate().map(|(k, l)| view! {
                                <option value=(k + 1).to_string()>{format!("{} (level {})", l.name, k + 1)}</option>
                            }).collect_view()))}
                        </select>
                    </div>
                    <div class="field field--wide">
                        <label class="field__label" for="f-method-authority">"Who may accept a risk above the appetite"</label>
                        <textarea id="f-method-authority" data-testid="method-authority" rows="3"
                            prop:value=dyn_text(move || draft.with(|d| d.acceptance_authority.clone()))
                            on:input=on_value(move |v| draft.update(|d| d.acceptance_authority = v))></textarea>
                    </div>
                </div>
            </div>
            <div class="card method-apply" data-testid="method-preview">
                <h2>"Before you apply"</h2>
                {dynamic(move || {
                    let errs = errors.get();
                    let refused_now = refused.get();
                    if !errs.is_empty() {
                        view! {
                            <div class="problems" role="alert" data-testid="method-errors">
                                <p>{format!("The draft has {} problem{}; it cannot be applied until they are fixed:", errs.len(), if errs.len() == 1 { "" } else { "s" })}</p>
                                <ul>{errs.into_iter().map(|e| view! { <li>{e.to_string()}</li> }).collect_view()}</ul>
                            </div>
                        }.into_any()
                    } else if !refused_now.is_empty() {
                        view! {
                            <div class="problems" role="alert" data-testid="method-errors">
                                <p>"Some risks would no longer fit the method. Scores are never clamped or reset: rescore these risks first, or keep the scales."</p>
                                <ul>{refused_now.into_iter().map(|e| view! { <li>{e.to_string()}</li> }).collect_view()}</ul>
                            </div>
                        }.into_any()
                    } else {
                        ().into_any()
                    }
                })}
                <p data-testid="method-impact-summary">{dyn_text(move || {
                    if !changed.get() { return "The draft is the method in use.".to_string(); }
                    match impact.with(Vec::len) {
                        0 => "No risk changes level with this draft.".to_string(),
                        1 => "1 risk score changes level with this draft:".to_string(),
                        n => format!("{n} risk scores change level with this draft:"),
                    }
                })}</p>
                <ul class="impact" data-testid="method-impact">
                    {dynamic(move || impact.get().into_iter().take(200).map(|l| view! { <li>{l}</li> }).collect_view())}
                </ul>
                {show(valid, move || view! {
                    <HeatMap which="method" title="The matrix of the draft" method=preview counts=Signal::derive(|| None) selected=Signal::derive(|| None) />
                }.into_any(), None)}
                <div class="editor__actions">
                    <button type="button" class="btn btn--primary" data-testid="method-apply"
                        disabled=dyn_bool(move || !valid() || !changed.get()) on:click=on_click(move || apply(false))>"Apply the method"</button>
                    <button type="button" class="btn" data-testid="method-discard" disabled=dyn_bool(move || !changed.get())
                        on:click=on_click(move || { refused.set(Vec::new()); draft.set(app.isms.with_untracked(|m| m.risk_method.clone())) })>"Discard the draft"</button>
                </div>
            </div>
            {dynamic(move || confirming.get().map(|lines| view! {
                <ConfirmDialog title="Change the risk method?" confirm_label="Apply and recompute" danger=false
                    confirm_testid="method-confirm" cancel_testid="method-cancel"
                    on_confirm=Callback::new(move |_| apply(true))
                    on_cancel=Callback::new(move |_| confirming.set(None))>
                    <p>{format!("{} risk score{} will change level:", lines.len(), if lines.len() == 1 { "" } else { "s" })}</p>
                    <ul class="impact">{lines.into_iter().take(200).map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    <p>"No score is changed; only the levels they give. The audit log records the change and this list."</p>
                </ConfirmDialog>
            }))}
            <crate::ui::pages::approvals::Approvals subject=crate::core::approvals::Subject::RiskMethod prefix="method" />
        </section>
    }
}

/// A likelihood or impact scale: labels and criteria, 3 to 10 levels.
#[component]
fn ScaleEditor(
    #[prop(into)] title: String,
    /// Prefix of the test ids (`method-likelihood`).
    #[prop(into)]
    testid: String,
    draft: RwSignal<RiskMethod>,
    get: fn(&RiskMethod) -> &Scale,
    set: fn(&mut RiskMethod) -> &mut Scale,
) -> impl IntoView {
    let len = memo(move || draft.with(|d| get(d).len()));
    let len = move || len.get();
    let t = testid.clone();
    view! {
        <div class="card" data-testid=testid.clone()>
            <h2>{title}</h2>
            <table class="table table--form table--scale">
                <thead><tr><th>"#"</th><th>"Label"</th><th>"What it means (criteria)"</th></tr></thead>
                <tbody>
                    {dynamic(move || (0..len()).map(|k| {
                        let t = t.clone();
                        view! {
                            <tr>
                                <td>{k + 1}</td>
                                <td><input type="text" aria-label=format!("Label of level {}", k + 1) data-testid=format!("{t}-label-{}", k + 1)
                                    prop:value=dyn_text(move || draft.with(|d| get(d).levels.get(k).map(|l| l.label.clone()).unwrap_or_default()))
                                    on:input=on_value(move |v| draft.update(|d| if let Some(l) = set(d).levels.get_mut(k) { l.label = v })) /></td>
                                <td><textarea rows="2" aria-label=format!("Criteria of level {}", k + 1)
                                    prop:value=dyn_text(move || draft.with(|d| get(d).levels.get(k).map(|l| l.criteria.clone()).unwrap_or_default()))
                                    on:input=on_value(move |v| draft.update(|d| if let Some(l) = set(d).levels.get_mut(k) { l.criteria = v }))></textarea></td>
                            </tr>
                        }
                    }).collect_view())}
                </tbody>
            </table>
            <div class="inline">
                <button type="button" class="btn btn--small" data-testid=format!("{testid}-add")
                    disabled=dyn_bool(move || len() >= risk::MAX_SCALE)
                    on:click=on_click(move || draft.update(|d| {
                        let n = get(d).len() + 1;
                        set(d).levels.push(risk::ScaleLevel { label: format!("Level {n}"), criteria: String::new() });
                        d.fit_grid();
                    }))>"Add a level"</button>
                <button type="button" class="btn btn--small" data-testid=format!("{testid}-remove")
                    disabled=dyn_bool(move || len() <= risk::MIN_SCALE)
                    on:click=on_click(move || draft.update(|d| { set(d).levels.pop(); d.fit_grid(); }))>"Remove the top level"</button>
            </div>
        </div>
    }
}

/// The risk levels: name, colour, required response, review interval.
#[component]
fn LevelsEditor(draft: RwSignal<RiskMethod>) -> impl IntoView {
    let len = memo(move || draft.with(|d| d.levels.len()));
    let len = move || len.get();
    let text = move |k: usize, get: fn(&RiskLevel) -> String| -> Dynamic<String> {
        dyn_text(move || draft.with(|d| d.levels.get(k).map(get).unwrap_or_default()))
    };
    let put = move |k: usize, set: fn(&mut RiskLevel, String)| -> Handler<leptos::ev::Event> {
        on_value(move |v| {
            draft.update(|d| {
                if let Some(l) = d.levels.get_mut(k) {
                    set(l, v)
                }
            })
        })
    };
    view! {
        <div class="card" data-testid="method-levels">
            <h2>"Risk levels, from the least to the most severe"</h2>
            <table class="table table--form table--levels">
                <thead><tr><th>"#"</th><th>"Name"</th><th>"Colour"</th><th>"Response it requires"</th><th>"Review every (months)"</th></tr></thead>
                <tbody>
                    {dynamic(move || (0..len()).map(|k| view! {
                        <tr>
                            <td>{k + 1}</td>
                            <td><input type="text" aria-label=format!("Name of level {}", k + 1) data-testid=format!("method-level-name-{}", k + 1)
                                prop:value=text(k, |l| l.name.clone()) on:input=put(k, |l, v| l.name = v) /></td>
                            <td><input type="color" aria-label=format!("Colour of level {}", k + 1)
                                prop:value=text(k, |l| l.colour.clone()) on:input=put(k, |l, v| l.colour = v) /></td>
                            <td><textarea rows="2" aria-label=format!("Response of level {}", k + 1)
                                prop:value=text(k, |l| l.response.clone()) on:input=put(k, |l, v| l.response = v)></textarea></td>
                            <td><input type="number" min="1" max=risk::MAX_REVIEW_MONTHS.to_string() aria-label=format!("Review interval of level {}", k + 1)
                                data-testid=format!("method-level-review-{}", k + 1)
                                prop:value=text(k, |l| l.review_months.to_string())
                                on:input=put(k, |l, v| l.review_months = v.trim().parse().unwrap_or(0)) /></td>
                        </tr>
                    }).collect_view())}
                </tbody>
            </table>
            <div class="inline">
                <button type="button" class="btn btn--small" data-testid="method-level-add"
                    disabled=dyn_bool(move || len() >= risk::MAX_RISK_LEVELS)
                    on:click=on_click(move || draft.update(|d| {
                        let n = d.levels.len() + 1;
                        d.levels.push(RiskLevel { name: format!("Level {n}"), colour: "#862e9c".into(), response: String::new(), review_months: 1 });
                    }))>"Add a level"</button>
                <button type="button" class="btn btn--small" data-testid="method-level-remove"
                    disabled=dyn_bool(move || len() <= risk::MIN_RISK_LEVELS)
                    on:click=on_click(move || draft.update(|d| { d.levels.pop(); }))>"Remove the most severe level"</button>
            </div>
        </div>
    }
}

/// How a score gives a level: the grid cell by cell, or a formula's bands.
#[component]
fn ScoringEditor(draft: RwSignal<RiskMethod>, errors: Memo<Vec<FieldError>>) -> impl IntoView {
    let mode = move || {
        draft.with(|d| match &d.scoring {
            Scoring::Lookup { .. } => "lookup",
            Scoring::Formula { formula, .. } => formula.key(),
        })
    };
    let set_mode = on_value(move |v| {
        draft.update(|d| {
            d.scoring = match Formula::from_key(&v) {
                Some(f) => d.as_formula(f),
                None => d.as_lookup(),
            }
        })
    });
    let level_options = move |current: usize| {
        draft.with(|d| {
            d.levels
                .iter()
                .enumerate()
                .map(|(k, l)| {
                    let n = k + 1;
                    view! { <option value=n.to_string() selected={n == current}>{l.name.clone()}</option> }
                })
                .collect_view()
        })
    };
    let invalid = move |path: String| errors.with(|e| e.iter().any(|x| x.path == path));
    view! {
        <div class="card" data-testid="method-scoring">
            <h2>"How a likelihood and an impact give a level"</h2>
            <div class="field">
                <label class="field__label" for="f-method-scoring">"Scoring"</label>
                <select id="f-method-scoring" data-testid="method-scoring-mode" prop:value=dyn_text(move || mode().to_string()) on:change=set_mode>
                    <option value="lookup">"A lookup grid, edited cell by cell"</option>
                    <option value="product">"Likelihood \u{00d7} impact, cut into bands"</option>
                    <option value="sum">"Likelihood + impact, cut into bands"</option>
                </select>
            </div>
            {dynamic(move || draft.with(|d| match &d.scoring {
                Scoring::Lookup { grid } => {
                    let (nl, ni) = (grid.len(), grid.first().map_or(0, Vec::len));
                    let rows = (0..nl).rev().map(|l| {
                        let cells = (0..ni).map(|i| {
                            let current = grid[l][i];
                            let colour = d.risk_level(current).map(|x| x.colour.clone()).unwrap_or_else(|| "#ffffff".into());
                            let light = light_background(&colour);
                            view! {
                                <td class="grid-cell" class:grid-cell--invalid=invalid(format!("grid[{l}][{i}]"))>
                                    <select class="grid-cell__select" class:heatmap__button--light=light style:background-color=colour
                                        aria-label=format!("Level of likelihood {} \u{00d7} impact {}", l + 1, i + 1)
                                        data-testid=format!("method-grid-{}-{}", l + 1, i + 1)
                                        on:change=on_value(move |v| {
                                            let v: usize = v.parse().unwrap_or(1);
                                            draft.update(|d| if let Scoring::Lookup { grid } = &mut d.scoring {
                                                if let Some(c) = grid.get_mut(l).and_then(|r| r.get_mut(i)) { *c = v }
                                            })
                                        })>
                                        {level_options(current)}
                                    </select>
                                </td>
                            }
                        }).collect_view();
                        view! { <tr><th scope="row">{format!("L{}", l + 1)}</th>{cells}</tr> }
                    }).collect_view();
                    let foot = (0..ni).map(|i| view! { <th scope="col">{format!("I{}", i + 1)}</th> }).collect_view();
                    view! {
                        <div class="table-box">
                            <table class="grid-editor" data-testid="method-grid">
                                <tbody>{rows}</tbody>
                                <tfoot><tr><td></td>{foot}</tr></tfoot>
                            </table>
                        </div>
                    }.into_any()
                }
                Scoring::Formula { bands, .. } => {
                    let range = d.score_range().map(|(a, b)| format!("Scores run from {a} to {b}. Every score must fall in exactly one band.")).unwrap_or_default();
                    let rows = bands.iter().enumerate().map(|(b, band)| {
                        let Band { from, to, level } = band.clone();
                        let num = move |set: fn(&mut Band, u32)| on_value(move |v| {
                            let v: u32 = v.trim().parse().unwrap_or(0);
                            draft.update(|d| if let Scoring::Formula { bands, .. } = &mut d.scoring {
                                if let Some(x) = bands.get_mut(b) { set(x, v) }
                            })
                        });
                        view! {
                            <tr class:row--late=invalid(format!("bands[{b}]"))>
                                <td><input type="number" min="0" aria-label="From score" data-testid=format!("method-band-from-{}", b + 1) prop:value=from.to_string() on:change=num(|x, v| x.from = v) /></td>
                                <td><input type="number" min="0" aria-label="To score" data-testid=format!("method-band-to-{}", b + 1) prop:value=to.to_string() on:change=num(|x, v| x.to = v) /></td>
                                <td><select aria-label="Level" data-testid=format!("method-band-level-{}", b + 1)
                                    on:change=num(|x, v| x.level = v as usize)>{level_options(level)}</select></td>
                                <td><button type="button" class="btn btn--small btn--ghost" aria-label="Remove this band"
                                    on:click=on_click(move || draft.update(|d| if let Scoring::Formula { bands, .. } = &mut d.scoring { if b < bands.len() { bands.remove(b); } }))>"\u{00d7}"</button></td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <p class="page__help">{range}</p>
                        <table class="table table--form" data-testid="method-bands">
                            <thead><tr><th>"From score"</th><th>"To score"</th><th>"Level"</th><th></th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                        <button type="button" class="btn btn--small" data-testid="method-band-add"
                            on:click=on_click(move || draft.update(|d| if let Scoring::Formula { bands, .. } = &mut d.scoring {
                                let from = bands.last().map_or(1, |b| b.to + 1);
                                let level = bands.last().map_or(1, |b| b.level);
                                bands.push(Band { from, to: from, level });
                            }))>"Add a band"</button>
                    }.into_any()
                }
            }))}
        </div>
    }
}
