//! Internal and external issues (clause 4.1).

use crate::core::{Choice, Command, ContextIssue, Effect, IssueCategory, Origin};
use crate::ui::kit::editor::{Editing, RecordEditor};
use crate::ui::kit::fields::*;
use crate::ui::kit::reactive::{dyn_text, dynamic, handler, show};
use crate::ui::kit::rows::{keyed, Row};
use crate::ui::pages::{open_record, PageHeader};
use crate::ui::route::Route;
use crate::ui::state::app;
use leptos::prelude::*;

fn new_issue() -> ContextIssue {
    ContextIssue {
        id: String::new(),
        reference: String::new(),
        title: String::new(),
        origin: Origin::External,
        category: IssueCategory::Technological,
        effect: Effect::Negative,
        description: String::new(),
        created_at: String::new(),
        updated_at: String::new(),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Sort {
    Reference,
    Title,
    Category,
    Effect,
}

#[component]
pub fn IssuesPage() -> impl IntoView {
    let app = app();
    let open = open_record(|r| {
        if let Route::Issues(x) = r {
            Some(x.clone())
        } else {
            None
        }
    });
    let text = RwSignal::new(String::new());
    let origin = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let effect = RwSignal::new(String::new());
    let sort = RwSignal::new(Sort::Reference);
    let descending = RwSignal::new(false);
    let rows = Memo::new(move |_| {
        let (t, o, c, e) = (
            text.get(),
            Origin::from_key(&origin.get()),
            IssueCategory::from_key(&category.get()),
            Effect::from_key(&effect.get()),
        );
        app.isms.with(|m| {
            let mut v = crate::core::kernel::text::by_reference(
                &m.issues,
                |i| &i.reference,
                |i| {
                    o.is_none_or(|o| i.origin == o)
                        && c.is_none_or(|c| i.category == c)
                        && e.is_none_or(|e| i.effect == e)
                        && crate::core::kernel::text::matches_words(
                            &t,
                            &[&i.reference, &i.title, &i.description, i.category.label()],
                        )
                },
                false,
            );
            let issue = |i: usize| &m.issues[i];
            match sort.get() {
                Sort::Reference => {}
                Sort::Title => crate::core::kernel::text::sort_indexes(&mut v, &|a, b| {
                    crate::core::kernel::text::fold(&issue(a).title)
                        .cmp(&crate::core::kernel::text::fold(&issue(b).title))
                }),
                Sort::Category => crate::core::kernel::text::sort_indexes(&mut v, &|a, b| {
                    issue(a).category.label().cmp(issue(b).category.label())
                }),
                Sort::Effect => crate::core::kernel::text::sort_indexes(&mut v, &|a, b| {
                    issue(a).effect.cmp(&issue(b).effect)
                }),
            }
            if descending.get() {
                v.reverse();
            }
            v
        })
    });
    let any = move || app.isms.with(|m| !m.issues.is_empty());
    view! {
        <section class="page">
            <PageHeader title="Internal and external issues" clause="Clause 4.1"
                help="What inside and around the organisation affects the ISMS's ability to achieve its intended outcomes.">
                <a class="btn btn--primary" data-testid="issue-new" href="#/issues/new">"New issue"</a>
            </PageHeader>
            {dynamic(move || open.get().map(|key| view! { <IssueEditor key /> }))}
            <div class="toolbar" role="search">
                <SearchBox testid="issue-search" value=text placeholder="Search issues\u{2026}" />
                <ChoiceFilter<Origin> testid="issue-filter-origin" all_label="Internal and external" value=origin />
                <ChoiceFilter<IssueCategory> testid="issue-filter-category" all_label="All categories" value=category />
                <ChoiceFilter<Effect> testid="issue-filter-effect" all_label="All effects" value=effect />
            </div>
            {show(any, move || view! {
                <table class="table">
                    <thead><tr>
                        <crate::ui::kit::pager::SortHeader label="Ref" column=Sort::Reference sort descending />
                        <crate::ui::kit::pager::SortHeader label="Issue" column=Sort::Title sort descending />
                        <th>"Internal / external"</th>
                        <crate::ui::kit::pager::SortHeader label="Category" column=Sort::Category sort descending />
                        <crate::ui::kit::pager::SortHeader label="Effect" column=Sort::Effect sort descending />
                        <th><span class="visually-hidden">"Actions"</span></th>
                    </tr></thead>
                    <tbody>
                        {keyed(move || {
                            // Indexes into the ISMS: its records are read here,
                            // so an edited issue is redrawn.
                            let rows = rows.get();
                            app.isms.with(|m| rows.iter().filter_map(|&i| m.issues.get(i).cloned()).map(|i| {
                                Row::new(crate::ui::kit::rows::record_key(&i.id, &i), || view! { <IssueRow issue=i /> }.into_any())
                            }).collect())
                        })}
                    </tbody>
                </table>
                <p class="list-count">{dyn_text(move || format!("{} of {} issues", rows.with(Vec::len), app.isms.with(|m| m.issues.len())))}</p>
            }.into_any(), Some(Box::new(|| view! {
                <div class="empty"><p>"No issues yet. Record what could help or hinder your ISMS: regulation, technology change, staffing, suppliers, market."</p></div>
            }.into_any())))}
        </section>
    }
}

#[component]
fn IssueRow(issue: ContextIssue) -> impl IntoView {
    let app = app();
    let href = format!("#/issues/{}", issue.reference);
    let id = issue.id.clone();
    let delete = move |_| {
        app.delete(Command::Delete {
            kind: crate::core::RecordKind::Issue,
            detach: false,
            id: id.clone(),
        });
    };
    view! {
        <tr data-testid="issue-row">
            <td class="cell--ref"><a href=href.clone()>{issue.reference.clone()}</a></td>
            <td><a href=href>{issue.title.clone()}</a><div class="cell__sub">{issue.description.clone()}</div></td>
            <td>{issue.origin.label()}</td>
            <td>{issue.category.label()}</td>
            <td><span class=format!("effect effect--{}", issue.effect.key())>{issue.effect.label()}</span></td>
            <td class="cell--actions"><button class="btn btn--small btn--ghost" data-testid="issue-delete"
                aria-label=format!("Delete {}", issue.reference) on:click=handler(delete)>"Delete"</button></td>
        </tr>
    }
}

/// Creates or edits one issue. `key` is `new`, a reference or an id.
#[component]
fn IssueEditor(key: String) -> impl IntoView {
    view! { <RecordEditor key testid="issue" blank=new_issue fields=issue_fields /> }
}

/// The fields of an issue.
fn issue_fields(e: Editing<ContextIssue>) -> AnyView {
    let Editing { draft, errors, .. } = e;
    let (title, set_title) = bind(draft, |d| d.title.clone(), |d, v| d.title = v);
    let (description, set_description) =
        bind(draft, |d| d.description.clone(), |d, v| d.description = v);
    fn pick<C: Choice>(
        draft: RwSignal<ContextIssue>,
        get: fn(&ContextIssue) -> C,
        set: fn(&mut ContextIssue, C),
    ) -> (Signal<&'static str>, Callback<Option<C>>) {
        (
            Signal::derive(move || draft.with(get).key()),
            Callback::new(move |v: Option<C>| {
                if let Some(v) = v {
                    draft.update(|d| set(d, v))
                }
            }),
        )
    }
    let (origin, set_origin) = pick(draft, |d| d.origin, |d, v| d.origin = v);
    let (category, set_category) = pick(draft, |d| d.category, |d, v| d.category = v);
    let (effect, set_effect) = pick(draft, |d| d.effect, |d, v| d.effect = v);
    view! {
        <TextField testid="issue-field-title" label="Issue" required=true value=title on_input=set_title error=error_for(errors, "title") />
        <div class="editor__grid">
            <ChoiceField<Origin> testid="issue-field-origin" label="Internal or external" value=origin on_change=set_origin />
            <ChoiceField<IssueCategory> testid="issue-field-category" label="Category" value=category on_change=set_category />
            <ChoiceField<Effect> testid="issue-field-effect" label="Effect on the ISMS" value=effect on_change=set_effect />
        </div>
        <TextField testid="issue-field-description" label="How it affects the ISMS" multiline=true value=description on_input=set_description
            hint="What it could change in the ISMS's intended outcomes, and how you will monitor it." error=error_for(errors, "description") />
    }
    .into_any()
}
