//! Searching, filtering and sorting the lists of issues and interested
//! parties.

use super::model::*;
use crate::core::kernel::choice::sort_columns;
use crate::core::kernel::text::{by_reference, fold, matches_words, sort_indexes};

sort_columns!(
    /// The columns the list of issues sorts by.
    #[derive(Default)]
    IssueSort {
        #[default]
        Reference,
        Title,
        Category,
        Effect,
    }
);

/// What the list of issues shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IssueFilter {
    pub text: String,
    pub origin: Option<Origin>,
    pub category: Option<IssueCategory>,
    pub effect: Option<Effect>,
    pub sort: IssueSort,
    pub descending: bool,
}

/// The indexes into `issues` that pass `f`, sorted by its column (ties in
/// reference order; descending reverses the whole list).
pub fn issues(issues: &[ContextIssue], f: &IssueFilter) -> Vec<usize> {
    let mut v = by_reference(
        issues,
        |i| &i.reference,
        |i| {
            f.origin.is_none_or(|o| i.origin == o)
                && f.category.is_none_or(|c| i.category == c)
                && f.effect.is_none_or(|e| i.effect == e)
                && matches_words(
                    &f.text,
                    &[&i.reference, &i.title, &i.description, i.category.label()],
                )
        },
        false,
    );
    let issue = |i: usize| &issues[i];
    match f.sort {
        IssueSort::Reference => {}
        IssueSort::Title => sort_indexes(&mut v, &|a, b| {
            fold(&issue(a).title).cmp(&fold(&issue(b).title))
        }),
        IssueSort::Category => sort_indexes(&mut v, &|a, b| {
            issue(a).category.label().cmp(issue(b).category.label())
        }),
        IssueSort::Effect => sort_indexes(&mut v, &|a, b| issue(a).effect.cmp(&issue(b).effect)),
    }
    if f.descending {
        v.reverse();
    }
    v
}

sort_columns!(
    /// The columns the list of interested parties sorts by.
    #[derive(Default)]
    PartySort {
        #[default]
        Reference,
        Name,
        Kind,
        Origin,
        /// By the number of requirements not yet addressed.
        Open,
    }
);

/// What the list of interested parties shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PartyFilter {
    /// Matches the party and the text of its requirements.
    pub text: String,
    pub kind: Option<PartyKind>,
    pub origin: Option<Origin>,
    /// Parties with at least one requirement of this kind.
    pub requirement: Option<RequirementKind>,
    /// Only parties with a requirement the ISMS does not address yet.
    pub unaddressed: bool,
    pub sort: PartySort,
    pub descending: bool,
}

/// The indexes into `parties` that pass `f`, sorted by its column (ties in
/// reference order; descending reverses the whole list).
pub fn parties(parties: &[Party], f: &PartyFilter) -> Vec<usize> {
    let mut rows = by_reference(
        parties,
        |p| &p.reference,
        |p| {
            let texts: Vec<&str> = p.requirements.iter().map(|r| r.text.as_str()).collect();
            f.kind.is_none_or(|k| p.kind == k)
                && f.origin.is_none_or(|o| p.origin == o)
                && f.requirement
                    .is_none_or(|rk| p.requirements.iter().any(|r| r.kind == rk))
                && (!f.unaddressed || p.requirements.iter().any(|r| !r.addressed))
                && matches_words(
                    &f.text,
                    &[
                        &[
                            p.reference.as_str(),
                            p.name.as_str(),
                            p.contact.as_str(),
                            p.kind.label(),
                        ],
                        texts.as_slice(),
                    ]
                    .concat(),
                )
        },
        false,
    );
    let p = |i: usize| &parties[i];
    match f.sort {
        PartySort::Reference => {}
        PartySort::Name => sort_indexes(&mut rows, &|a, b| fold(&p(a).name).cmp(&fold(&p(b).name))),
        PartySort::Kind => {
            sort_indexes(&mut rows, &|a, b| p(a).kind.label().cmp(p(b).kind.label()))
        }
        PartySort::Origin => sort_indexes(&mut rows, &|a, b| p(a).origin.cmp(&p(b).origin)),
        PartySort::Open => {
            let open = |i: usize| p(i).requirements.iter().filter(|r| !r.addressed).count();
            sort_indexes(&mut rows, &|a, b| open(a).cmp(&open(b)))
        }
    }
    if f.descending {
        rows.reverse();
    }
    rows
}
