//! Internal and external issues (clause 4.1).

use crate::core::context::query::{self, IssueFilter, IssueSort};
use crate::core::{Choice, Command, ContextIssue, Effect, IssueCategory, Origin};
use crate::ui::kit::editor::{Editing, RecordEditor};
use crate::ui::kit::fields::*;
use crate::ui::kit::reactive::{dynamic, handler};
use crate::ui::kit::table::{record_rows, Column, ListState, RecordTable, Toolbar};
use crate::ui::pages::{open_record, PageHeader};
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

#[component]
pub fn IssuesPage() -> impl IntoView {
    let app = app();
    let open = open_record::<crate::core::ContextIssue>();
    let text = RwSignal::new(String::new());
    let origin = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let effect = RwSignal::new(String::new());
    let list = ListState::new(IssueSort::Reference);
    let rows = list.rows(
        move || IssueFilter {
            text: text.get(),
            origin: Origin::from_key(&origin.get()),
            category: IssueCategory::from_key(&category.get()),
            effect: Effect::from_key(&effect.get()),
            sort: list.sort(),
            descending: list.descending.get(),
        },
        move |f| app.isms.with(|m| query::issues(&m.issues, f)),
    );
    view! {
        <section class="page">
            <PageHeader title="Internal and external issues" clause="Clause 4.1"
                help="What inside and around the organisation affects the ISMS's ability to achieve its intended outcomes.">
                <a class="btn btn--primary" data-testid="issue-new" href="#/issues/new">"New issue"</a>
            </PageHeader>
            {dynamic(move || open.get().map(|key| view! { <IssueEditor key /> }))}
            <Toolbar>
                <SearchBox testid="issue-search" value=text placeholder="Search issues\u{2026}" />
                <ChoiceFilter<Origin> testid="issue-filter-origin" all_label="Internal and external" value=origin />
                <ChoiceFilter<IssueCategory> testid="issue-filter-category" all_label="All categories" value=category />
                <ChoiceFilter<Effect> testid="issue-filter-effect" all_label="All effects" value=effect />
            </Toolbar>
            <RecordTable rows all=Signal::derive(move || app.isms.with(|m| m.issues.len())) page=list.page noun="issues"
                columns=vec![
                    list.column("Ref", IssueSort::Reference),
                    list.column("Issue", IssueSort::Title),
                    Column::plain("Internal / external"),
                    list.column("Category", IssueSort::Category),
                    list.column("Effect", IssueSort::Effect),
                    Column::actions(),
                ]
                draw=record_rows(|i: ContextIssue| view! { <IssueRow issue=i /> }.into_any())
                empty=|| view! {
                    <div class="empty"><p>"No issues yet. Record what could help or hinder your ISMS: regulation, technology change, staffing, suppliers, market."</p></div>
                } />
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
