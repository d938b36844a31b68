//! Searching, filtering and sorting lists: pure, so lists of thousands of
//! records are tested natively and computed once per change in the UI.

use super::model::*;
use std::cmp::Ordering;

/// Case-insensitive match of every word of `query` against `haystack`.
pub fn matches_words(query: &str, haystack: &[&str]) -> bool {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return true;
    }
    let hay: String = haystack
        .iter()
        .map(|s| s.to_lowercase())
        .collect::<Vec<_>>()
        .join("\u{1f}");
    q.split_whitespace().all(|w| hay.contains(w))
}

/// The columns an asset list sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssetSort {
    Reference,
    Name,
    Kind,
    Owner,
    Classification,
    Criticality,
    InScope,
}

/// What an asset list shows.
#[derive(Clone, Debug, PartialEq)]
pub struct AssetFilter {
    pub text: String,
    pub kind: Option<AssetKind>,
    pub classification: Option<Classification>,
    /// `Some(true)`: only in scope; `Some(false)`: only out of scope.
    pub in_scope: Option<bool>,
    pub sort: AssetSort,
    pub descending: bool,
}

impl Default for AssetFilter {
    fn default() -> Self {
        Self {
            text: String::new(),
            kind: None,
            classification: None,
            in_scope: None,
            sort: AssetSort::Reference,
            descending: false,
        }
    }
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

fn ref_order(a: &str, b: &str) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// The indexes into `assets` that pass `f`, in its order.
pub fn assets(assets: &[Asset], f: &AssetFilter) -> Vec<usize> {
    let mut out: Vec<usize> = assets
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            f.kind.is_none_or(|k| a.kind == k)
                && f.classification.is_none_or(|c| a.classification == c)
                && f.in_scope.is_none_or(|s| a.in_scope == s)
                && matches_words(
                    &f.text,
                    &[
                        &a.reference,
                        &a.name,
                        &a.owner,
                        &a.description,
                        &a.location,
                        a.kind.label(),
                        &a.tags.join(" "),
                    ],
                )
        })
        .map(|(i, _)| i)
        .collect();
    sort_indexes(&mut out, &|x, y| {
        let (a, b) = (&assets[x], &assets[y]);
        let o = match f.sort {
            AssetSort::Reference => Ordering::Equal,
            AssetSort::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            AssetSort::Kind => a.kind.label().cmp(b.kind.label()),
            AssetSort::Owner => a.owner.to_lowercase().cmp(&b.owner.to_lowercase()),
            AssetSort::Classification => a.classification.cmp(&b.classification),
            AssetSort::Criticality => a.criticality().cmp(&b.criticality()),
            AssetSort::InScope => a.in_scope.cmp(&b.in_scope),
        }
        .then_with(|| ref_order(&a.reference, &b.reference));
        if f.descending {
            o.reverse()
        } else {
            o
        }
    });
    out
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

/// What the audit log shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogFilter {
    pub text: String,
    pub kind: Option<RecordKind>,
    pub actor: Option<String>,
}

/// Indexes of the log entries that pass `f`, newest first.
pub fn log(entries: &[AuditEntry], f: &LogFilter) -> Vec<usize> {
    (0..entries.len())
        .rev()
        .filter(|&i| {
            let e = &entries[i];
            f.kind.is_none_or(|k| e.kind == k)
                && f.actor.as_ref().is_none_or(|a| &e.actor == a)
                && matches_words(
                    &f.text,
                    &[&e.summary, &e.reference, &e.actor, e.action.label()],
                )
        })
        .collect()
}

/// The distinct actors of the log, sorted.
pub fn actors(entries: &[AuditEntry]) -> Vec<String> {
    let mut v: Vec<String> = entries.iter().map(|e| e.actor.clone()).collect();
    sort_by(&mut v, &|a, b| a.cmp(b));
    v.dedup();
    v
}
