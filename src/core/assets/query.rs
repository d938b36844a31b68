//! Searching, filtering and sorting the asset inventory.

use super::model::*;
use crate::core::kernel::choice::sort_columns;
use crate::core::kernel::text::{fold, matches_words, ref_order, sort_indexes};
use std::cmp::Ordering;

sort_columns!(
    /// The columns an asset list sorts by.
    AssetSort {
        Reference,
        Name,
        Kind,
        Owner,
        Classification,
        Criticality,
        InScope,
    }
);

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
            AssetSort::Name => fold(&a.name).cmp(&fold(&b.name)),
            AssetSort::Kind => a.kind.label().cmp(b.kind.label()),
            AssetSort::Owner => fold(&a.owner).cmp(&fold(&b.owner)),
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
