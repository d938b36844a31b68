//! The one record table every list page shows: sortable column headers,
//! one page of keyed rows, the pager, the count line ("3 of 12 issues")
//! and the empty state; and the toolbar of search box and filters above
//! it. What the list shows (filter and sort) is the core's query; a page
//! gives the table the resulting indexes ([`ListState::rows`]) and how to
//! draw a row ([`record_rows`] for records).
//!
//! The generic parts (a kind of record, a kind of sort column) are thin:
//! the table itself is compiled once for every list.

use crate::core::kernel::choice::SortColumn;
use crate::core::kernel::record::Record;
use crate::ui::kit::pager::{last_page, page_range, Pager};
use crate::ui::kit::reactive::memo;
use crate::ui::kit::reactive::{dyn_text, dynamic, on_click, on_value, show};
use crate::ui::kit::rows::{keyed, record_key, Row};
use leptos::prelude::*;

/// What a list shows besides its filter: the column it is sorted by, the
/// direction, and the page shown.
pub struct ListState<S: 'static> {
    /// The place in `S::ALL` of the column the list is sorted by: one kind
    /// of signal for every list ([`Self::sort`] reads it).
    sort: RwSignal<usize>,
    columns: std::marker::PhantomData<fn() -> S>,
    pub descending: RwSignal<bool>,
    /// The page shown, from 0.
    pub page: RwSignal<usize>,
}

impl<S> Clone for ListState<S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S> Copy for ListState<S> {}

impl<S: SortColumn> ListState<S> {
    /// A list sorted by `sort`, ascending, on its first page.
    pub fn new(sort: S) -> Self {
        ListState {
            sort: RwSignal::new(place(sort)),
            columns: std::marker::PhantomData,
            descending: RwSignal::new(false),
            page: RwSignal::new(0),
        }
    }

    /// The rows of the list: the indexes `query` (the core's query) gives
    /// for the filter `filter` builds from the toolbar's signals and this
    /// sort, again whenever what either reads changes. The list goes back
    /// to its first page whenever a signal the filter reads changes.
    ///
    /// The filter is built twice then (cheap) rather than kept in a memo of
    /// its own: a `Memo` of each kind of filter cost about 9 KB of
    /// WebAssembly (1.3 KB brotli) for the five lists.
    pub fn rows<F: 'static>(
        self,
        filter: impl Fn() -> F + Send + Sync + 'static,
        query: impl Fn(&F) -> Vec<usize> + Send + Sync + 'static,
    ) -> Memo<Vec<usize>> {
        let filter = std::sync::Arc::new(filter);
        let track = filter.clone();
        first_page_on(
            self.page,
            Box::new(move || {
                track();
            }),
        );
        memo(move || query(&filter()))
    }

    /// The column the list is sorted by (tracked).
    pub fn sort(self) -> S {
        S::ALL[self.sort.get()]
    }

    /// A header that sorts the list by `by`, and toggles the direction when
    /// clicked again.
    pub fn column(self, label: &'static str, by: S) -> Column {
        sort_column(label, self.sort, place(by), self.descending)
    }
}

/// The place of `s` in `S::ALL`.
fn place<S: SortColumn>(s: S) -> usize {
    S::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// [`ListState::column`], the same for every list.
fn sort_column(
    label: &'static str,
    sort: RwSignal<usize>,
    by: usize,
    descending: RwSignal<bool>,
) -> Column {
    Column(Head::Sort {
        label,
        active: Signal::derive(move || sort.get() == by),
        select: Callback::new(move |_| sort.set(by)),
        descending,
    })
}

/// Sets `page` back to 0 whenever what `track` reads changes.
fn first_page_on(page: RwSignal<usize>, track: Box<dyn Fn() + Send + Sync>) {
    Effect::watch(track, move |_, _, _| page.set(0), false);
}

/// A column header of a [`RecordTable`].
#[derive(Clone, Copy)]
pub struct Column(Head);

#[derive(Clone, Copy)]
enum Head {
    Plain(&'static str),
    /// Named for screen readers only.
    Hidden(&'static str),
    Sort {
        label: &'static str,
        active: Signal<bool>,
        select: Callback<()>,
        descending: RwSignal<bool>,
    },
}

impl Column {
    /// A header that does not sort.
    pub fn plain(label: &'static str) -> Self {
        Column(Head::Plain(label))
    }

    /// The header of the column of row buttons (Delete), named for screen
    /// readers only.
    pub fn actions() -> Self {
        Column(Head::Hidden("Actions"))
    }

    fn view(&self) -> AnyView {
        match self.0 {
            Head::Plain(label) => view! { <th>{label}</th> }.into_any(),
            Head::Hidden(label) => {
                view! { <th><span class="visually-hidden">{label}</span></th> }.into_any()
            }
            Head::Sort {
                label,
                active,
                select,
                descending,
            } => sort_header(label, active, select, descending),
        }
    }
}

/// A sortable column header: `aria-sort`, and an arrow for the direction.
fn sort_header(
    label: &'static str,
    active: Signal<bool>,
    select: Callback<()>,
    descending: RwSignal<bool>,
) -> AnyView {
    let active = move || active.get();
    view! {
        <th aria-sort=dyn_text(move || if !active() { "none" } else if descending.get() { "descending" } else { "ascending" }.to_string())>
            <button class="th-sort" on:click=on_click(move || {
                if active() { descending.update(|d| *d = !*d) } else { select.run(()); descending.set(false) }
            })>
                {label}
                <span class="th-sort__arrow" aria-hidden="true">
                    {dynamic(move || if !active() { "" } else if descending.get() { " \u{25bc}" } else { " \u{25b2}" })}
                </span>
            </button>
        </th>
    }
    .into_any()
}

/// Draws the rows of the page shown, given their indexes.
pub type DrawRows = Box<dyn Fn(&[usize]) -> Vec<Row> + Send + Sync>;

/// The rows of records of kind `T` at the given indexes of their list,
/// each drawn by `draw` and keyed by [`record_key`], so that an edited
/// record is redrawn. The records are read inside, so a change of the
/// ISMS redraws what changed.
pub fn record_rows<T: Record>(draw: fn(T) -> AnyView) -> DrawRows {
    let app = crate::ui::state::app();
    Box::new(move |idx| {
        app.isms.with(|m| {
            let list = T::list(m);
            idx.iter()
                .filter_map(|&i| list.get(i).cloned())
                .map(|r| Row::new(record_key(r.id(), &r), move || draw(r)))
                .collect()
        })
    })
}

/// One page (50 rows) of a filtered and sorted list of records, with its
/// column headers, the pager and the count line; `empty` instead while
/// there is no record at all.
#[component]
pub fn RecordTable(
    /// The indexes of the records that pass the filter, in the order
    /// shown: the core's query.
    rows: Memo<Vec<usize>>,
    /// How many records there are in all ("3 of `all` issues"); none shows
    /// `empty`.
    #[prop(into)]
    all: Signal<usize>,
    /// The column headers, in order.
    #[prop(optional)]
    columns: Vec<Column>,
    /// Draws the rows of the page shown ([`record_rows`] for records).
    draw: DrawRows,
    /// What the rows are, in the plural ("issues").
    noun: &'static str,
    /// What shows while there is no record at all.
    #[prop(into)]
    empty: ViewFn,
    /// The page shown ([`ListState::page`]).
    page: RwSignal<usize>,
    /// `data-testid` of the `<table>`.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// Rows as the items of an ordered list of this class rather than of a
    /// table (the audit log).
    #[prop(optional)]
    list_class: Option<&'static str>,
) -> impl IntoView {
    let total = Signal::derive(move || rows.with(Vec::len));
    let draw = std::sync::Arc::new(draw);
    let body = move || {
        let draw = draw.clone();
        keyed(move || {
            // Only the rows of the page shown are drawn.
            let idx =
                rows.with(|r| r[page_range(r.len(), page.get().min(last_page(r.len())))].to_vec());
            draw(&idx)
        })
    };
    let table = move || {
        let body = body();
        let list = match list_class {
            Some(class) => view! { <ol class=class>{body}</ol> }.into_any(),
            None => {
                let heads = columns.iter().map(|c| c.view()).collect_view();
                // A table wider than the window scrolls in its own box,
                // never the page.
                view! {
                    <div class="table-box">
                        <table class="table" data-testid=testid>
                            <thead><tr>{heads}</tr></thead>
                            <tbody>{body}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }
        };
        view! {
            {list}
            <Pager total page noun />
            <p class="list-count">{dyn_text(move || format!("{} of {} {noun}", crate::storage::group(total.get()), crate::storage::group(all.get())))}</p>
        }
        .into_any()
    };
    show(
        move || all.get() > 0,
        table,
        Some(Box::new(move || empty.run())),
    )
}

/// The search box and filters above a list.
#[component]
pub fn Toolbar(children: Children) -> impl IntoView {
    view! { <div class="toolbar" role="search">{children()}</div> }
}

/// A filter over values known only as the page runs (owners, actors, risk
/// levels), with an "all" choice.
#[component]
pub fn SelectFilter(
    /// `data-testid` of the select.
    testid: &'static str,
    /// The accessible name.
    label: &'static str,
    /// The label of the "all" choice (value `""`).
    all_label: &'static str,
    /// The choices: (value, label).
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// The chosen value, or `""` for all.
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <select class="toolbar__filter" data-testid=testid aria-label=label
            prop:value=dyn_text(move || value.get()) on:change=on_value(move |v| value.set(v))>
            <option value="">{all_label}</option>
            // Redrawn when the choices change: the chosen one stays chosen.
            {dynamic(move || options.get().into_iter().map(|(v, l)| {
                let selected = value.with_untracked(|x| *x == v);
                view! { <option value=v selected=selected>{l}</option> }
            }).collect_view())}
        </select>
    }
}
