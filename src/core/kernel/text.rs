//! Text as lists use it: case-insensitive search and comparison, and the
//! one stable sort every list ends in.

use std::cmp::Ordering;

/// Lower-cases text for case-insensitive search, sorting and duplicate
/// checks, with the standard library's Unicode case tables.
pub fn fold(s: &str) -> String {
    s.to_lowercase()
}

/// Case-insensitive match of every word of `query` against `haystack`.
pub fn matches_words(query: &str, haystack: &[&str]) -> bool {
    let q = fold(query.trim());
    if q.is_empty() {
        return true;
    }
    let hay: String = haystack
        .iter()
        .map(|s| fold(s))
        .collect::<Vec<_>>()
        .join("\u{1f}");
    q.split_whitespace().all(|w| hay.contains(w))
}

/// Sorts indexes stably by `cmp`. Every sort of the app ends here: the
/// standard library's sort is about 4 KB of WebAssembly for each element
/// type and comparison it is compiled for, and this compiles it once.
pub fn sort_indexes(indexes: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    indexes.sort_by(|a, b| cmp(*a, *b));
}

/// Sorts `items` stably by `cmp` (as `sort_by` does), through [`sort_indexes`].
pub fn sort_by<T>(items: &mut Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indexes(&mut order, &|a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

pub fn ref_order(a: &str, b: &str) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Sorts indexes by reference (`A-0002` before `A-0010`).
pub fn by_reference<T>(
    items: &[T],
    reference: impl Fn(&T) -> &str,
    keep: impl Fn(&T) -> bool,
    descending: bool,
) -> Vec<usize> {
    let mut out: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, x)| keep(x))
        .map(|(i, _)| i)
        .collect();
    sort_indexes(&mut out, &|a, b| {
        let o = ref_order(reference(&items[a]), reference(&items[b]));
        if descending {
            o.reverse()
        } else {
            o
        }
    });
    out
}
