//! Paging for long lists: only one page of rows is in the DOM, so lists of
//! thousands of records stay responsive.

use crate::ui::kit::reactive::{dyn_bool, dyn_text, on_click};
use leptos::prelude::*;

/// Rows per page.
pub const PAGE_SIZE: usize = 50;

/// The range of rows the page `page` shows out of `total`.
pub fn page_range(total: usize, page: usize) -> std::ops::Range<usize> {
    let start = (page * PAGE_SIZE).min(total);
    start..(start + PAGE_SIZE).min(total)
}

/// The last page index for `total` rows.
pub fn last_page(total: usize) -> usize {
    total.saturating_sub(1) / PAGE_SIZE
}

/// "Showing 51-100 of 5,000" and previous/next buttons.
#[component]
pub fn Pager(
    /// The number of rows that pass the filters.
    #[prop(into)]
    total: Signal<usize>,
    /// The page shown (from 0).
    page: RwSignal<usize>,
    /// What the rows are ("assets").
    #[prop(into)]
    noun: String,
) -> impl IntoView {
    // Keep the page in range when the filtered list shrinks.
    let current = move || page.get().min(last_page(total.get()));
    view! {
        <div class="pager" data-testid="pager">
            <span class="pager__info">
                {dyn_text(move || {
                    let t = total.get();
                    let r = page_range(t, current());
                    if t == 0 {
                        format!("No {noun}")
                    } else {
                        format!("Showing {}-{} of {} {noun}", r.start + 1, r.end, crate::storage::group(t))
                    }
                })}
            </span>
            <button class="btn btn--small" data-testid="pager-prev" disabled=dyn_bool(move || current() == 0)
                on:click=on_click(move || page.set(current().saturating_sub(1)))>"Previous"</button>
            <button class="btn btn--small" data-testid="pager-next" disabled=dyn_bool(move || current() >= last_page(total.get()))
                on:click=on_click(move || page.set(current() + 1))>"Next"</button>
        </div>
    }
}
