//! Searching, filtering and sorting the lists of issues (4.1) and
//! interested parties (4.2): `core::context::query`, which the two list
//! pages show.

mod core_common;

use core_common::*;
use isms::core::context::query::{self, IssueFilter, IssueSort, PartyFilter, PartySort};
use isms::core::*;

fn stored_issue(
    reference: &str,
    title: &str,
    origin: Origin,
    category: IssueCategory,
    effect: Effect,
    description: &str,
) -> ContextIssue {
    let mut i = issue(title);
    i.id = format!("id-{reference}");
    i.reference = reference.into();
    i.origin = origin;
    i.category = category;
    i.effect = effect;
    i.description = description.into();
    i
}

/// Five issues, deliberately not in reference order; I-9999 and I-10000
/// tie on title and category, with the later reference first in the list.
fn issues() -> Vec<ContextIssue> {
    use Effect::*;
    use IssueCategory::*;
    use Origin::*;
    vec![
        stored_issue(
            "I-0010",
            "beta supplier outage",
            External,
            Supplier,
            Negative,
            "Cloud provider SLA breached twice",
        ),
        stored_issue(
            "I-0002",
            "Alpha regulation NIS2",
            External,
            Legal,
            Negative,
            "New incident reporting duties",
        ),
        stored_issue(
            "I-10000",
            "MARKET growth",
            Internal,
            Economic,
            Neutral,
            "Budget cuts",
        ),
        stored_issue(
            "I-0001",
            "Delta cloud migration",
            Internal,
            Technological,
            Positive,
            "Fewer servers to patch",
        ),
        stored_issue(
            "I-9999",
            "market growth",
            External,
            Economic,
            Positive,
            "More customers, more data",
        ),
    ]
}

fn issue_refs(v: &[ContextIssue], f: &IssueFilter) -> Vec<String> {
    query::issues(v, f)
        .iter()
        .map(|&i| v[i].reference.clone())
        .collect()
}

fn issue_sort(sort: IssueSort, descending: bool) -> IssueFilter {
    IssueFilter {
        sort,
        descending,
        ..IssueFilter::default()
    }
}

#[test]
fn issues_unfiltered_are_in_numeric_reference_order() {
    let v = issues();
    assert_eq!(
        issue_refs(&v, &IssueFilter::default()),
        ["I-0001", "I-0002", "I-0010", "I-9999", "I-10000"]
    );
    assert_eq!(
        issue_refs(&v, &issue_sort(IssueSort::Reference, true)),
        ["I-10000", "I-9999", "I-0010", "I-0002", "I-0001"]
    );
    assert!(query::issues(&[], &IssueFilter::default()).is_empty());
    assert!(query::issues(&[], &issue_sort(IssueSort::Title, true)).is_empty());
}

#[test]
fn issues_sort_by_each_column_with_ties_in_reference_order() {
    let v = issues();
    let cases = [
        // Case does not count: "MARKET growth" ties with "market growth".
        (
            IssueSort::Title,
            ["I-0002", "I-0010", "I-0001", "I-9999", "I-10000"],
        ),
        // By the category's label ("Economic and market" first), not by
        // its place in the list of categories.
        (
            IssueSort::Category,
            ["I-9999", "I-10000", "I-0002", "I-0010", "I-0001"],
        ),
        // Negative, positive, neutral: the order of the choice.
        (
            IssueSort::Effect,
            ["I-0002", "I-0010", "I-0001", "I-9999", "I-10000"],
        ),
    ];
    for (sort, ascending) in cases {
        assert_eq!(
            issue_refs(&v, &issue_sort(sort, false)),
            ascending,
            "{sort:?}"
        );
        // Descending is the ascending list reversed, ties included (as a
        // second click on a header shows it).
        let mut descending = ascending.to_vec();
        descending.reverse();
        assert_eq!(
            issue_refs(&v, &issue_sort(sort, true)),
            descending,
            "{sort:?} descending"
        );
    }
}

#[test]
fn issue_text_search_covers_reference_title_description_and_category() {
    let v = issues();
    let text = |t: &str| {
        issue_refs(
            &v,
            &IssueFilter {
                text: t.into(),
                ..IssueFilter::default()
            },
        )
    };
    assert_eq!(text("i-0002"), ["I-0002"], "reference, any case");
    assert_eq!(text("NIS2"), ["I-0002"], "title");
    assert_eq!(text("patch"), ["I-0001"], "description");
    assert_eq!(text("partners"), ["I-0010"], "category label");
    assert_eq!(text("alpha incident"), ["I-0002"], "words over two fields");
    assert_eq!(text("  Market  "), ["I-9999", "I-10000"], "trimmed");
    assert!(text("alpha budget").is_empty(), "every word must match");
    // Not searched: the origin and effect labels.
    assert!(text("internal").is_empty());
    assert!(text("external").is_empty());
    assert!(text("opportunity").is_empty());
    assert_eq!(text("").len(), 5);
    assert_eq!(text("   ").len(), 5);
}

#[test]
fn issue_filters_combine() {
    let v = issues();
    let only = |f: IssueFilter| issue_refs(&v, &f);
    assert_eq!(
        only(IssueFilter {
            origin: Some(Origin::External),
            ..IssueFilter::default()
        }),
        ["I-0002", "I-0010", "I-9999"]
    );
    assert_eq!(
        only(IssueFilter {
            origin: Some(Origin::Internal),
            ..IssueFilter::default()
        }),
        ["I-0001", "I-10000"]
    );
    assert_eq!(
        only(IssueFilter {
            category: Some(IssueCategory::Economic),
            ..IssueFilter::default()
        }),
        ["I-9999", "I-10000"]
    );
    assert!(only(IssueFilter {
        category: Some(IssueCategory::Political),
        ..IssueFilter::default()
    })
    .is_empty());
    assert_eq!(
        only(IssueFilter {
            effect: Some(Effect::Positive),
            ..IssueFilter::default()
        }),
        ["I-0001", "I-9999"]
    );
    assert_eq!(
        only(IssueFilter {
            origin: Some(Origin::External),
            effect: Some(Effect::Positive),
            ..IssueFilter::default()
        }),
        ["I-9999"]
    );
    assert_eq!(
        only(IssueFilter {
            text: "growth".into(),
            origin: Some(Origin::Internal),
            category: Some(IssueCategory::Economic),
            effect: Some(Effect::Neutral),
            ..IssueFilter::default()
        }),
        ["I-10000"]
    );
    assert!(only(IssueFilter {
        origin: Some(Origin::Internal),
        effect: Some(Effect::Negative),
        ..IssueFilter::default()
    })
    .is_empty());
    // Filtered, then sorted.
    assert_eq!(
        only(IssueFilter {
            effect: Some(Effect::Negative),
            sort: IssueSort::Title,
            descending: true,
            ..IssueFilter::default()
        }),
        ["I-0010", "I-0002"]
    );
}

fn req(text: &str, kind: RequirementKind, addressed: bool, how: &str) -> Requirement {
    let mut r = requirement(text);
    r.id = format!("req-{text}");
    r.kind = kind;
    r.addressed = addressed;
    r.how = how.into();
    r
}

fn stored_party(
    reference: &str,
    name: &str,
    kind: PartyKind,
    origin: Origin,
    contact: &str,
    requirements: Vec<Requirement>,
) -> Party {
    let mut p = party(name, requirements);
    p.id = format!("id-{reference}");
    p.reference = reference.into();
    p.kind = kind;
    p.origin = origin;
    p.contact = contact.into();
    p
}

/// Six parties, deliberately not in reference order; P-9999 and P-10000
/// tie on name, kind and origin, with the later reference first in the
/// list.
fn parties() -> Vec<Party> {
    use Origin::*;
    use PartyKind::*;
    use RequirementKind::*;
    vec![
        stored_party(
            "P-0010",
            "Beta Bank",
            Customer,
            External,
            "security@beta.example",
            vec![req(
                "Annual penetration test",
                Contractual,
                true,
                "Yearly test by an accredited firm",
            )],
        ),
        stored_party(
            "P-0002",
            "alpha regulator",
            Regulator,
            External,
            "",
            vec![
                req("Report incidents within 24 hours", Regulatory, false, ""),
                req(
                    "GDPR Article 32",
                    Legal,
                    true,
                    "Encryption and access control",
                ),
            ],
        ),
        stored_party(
            "P-10000",
            "Staff",
            Employee,
            Internal,
            "HR",
            vec![req("Training on phishing", Expectation, false, "")],
        ),
        stored_party(
            "P-0001",
            "Delta Insurance",
            Insurer,
            External,
            "broker",
            vec![
                req("Multi-factor authentication", Contractual, false, ""),
                req("Offline backups", Contractual, false, ""),
            ],
        ),
        stored_party(
            "P-9999",
            "staff",
            Employee,
            Internal,
            "Works council",
            vec![req("Clear acceptable use policy", Expectation, false, "")],
        ),
        stored_party(
            "P-0003",
            "Gamma Shareholders",
            Shareholder,
            External,
            "",
            vec![],
        ),
    ]
}

fn party_refs(v: &[Party], f: &PartyFilter) -> Vec<String> {
    query::parties(v, f)
        .iter()
        .map(|&i| v[i].reference.clone())
        .collect()
}

fn party_sort(sort: PartySort, descending: bool) -> PartyFilter {
    PartyFilter {
        sort,
        descending,
        ..PartyFilter::default()
    }
}

#[test]
fn parties_unfiltered_are_in_numeric_reference_order() {
    let v = parties();
    assert_eq!(
        party_refs(&v, &PartyFilter::default()),
        ["P-0001", "P-0002", "P-0003", "P-0010", "P-9999", "P-10000"]
    );
    assert_eq!(
        party_refs(&v, &party_sort(PartySort::Reference, true)),
        ["P-10000", "P-9999", "P-0010", "P-0003", "P-0002", "P-0001"]
    );
    assert!(query::parties(&[], &PartyFilter::default()).is_empty());
    assert!(query::parties(&[], &party_sort(PartySort::Open, true)).is_empty());
}

#[test]
fn parties_sort_by_each_column_with_ties_in_reference_order() {
    let v = parties();
    let cases = [
        // Case does not count: "Staff" ties with "staff".
        (
            PartySort::Name,
            ["P-0002", "P-0010", "P-0001", "P-0003", "P-9999", "P-10000"],
        ),
        // By the kind's label (Customer, Employee, Insurer, Regulator…,
        // Shareholder…), not by its place in the list of kinds.
        (
            PartySort::Kind,
            ["P-0010", "P-9999", "P-10000", "P-0001", "P-0002", "P-0003"],
        ),
        // Internal before external: the order of the choice.
        (
            PartySort::Origin,
            ["P-9999", "P-10000", "P-0001", "P-0002", "P-0003", "P-0010"],
        ),
        // By the number of requirements not addressed: 0, 0, 1, 1, 1, 2.
        (
            PartySort::Open,
            ["P-0003", "P-0010", "P-0002", "P-9999", "P-10000", "P-0001"],
        ),
    ];
    for (sort, ascending) in cases {
        assert_eq!(
            party_refs(&v, &party_sort(sort, false)),
            ascending,
            "{sort:?}"
        );
        let mut descending = ascending.to_vec();
        descending.reverse();
        assert_eq!(
            party_refs(&v, &party_sort(sort, true)),
            descending,
            "{sort:?} descending"
        );
    }
}

#[test]
fn party_text_search_covers_the_party_and_its_requirement_texts() {
    let v = parties();
    let text = |t: &str| {
        party_refs(
            &v,
            &PartyFilter {
                text: t.into(),
                ..PartyFilter::default()
            },
        )
    };
    assert_eq!(text("p-0003"), ["P-0003"], "reference, any case");
    assert_eq!(text("BANK"), ["P-0010"], "name");
    assert_eq!(text("works council"), ["P-9999"], "contact");
    assert_eq!(text("authority"), ["P-0002"], "kind label");
    assert_eq!(text("24 hours"), ["P-0002"], "a requirement's text");
    assert_eq!(text("gdpr"), ["P-0002"], "its second requirement's text");
    assert_eq!(text("phishing"), ["P-10000"]);
    assert_eq!(text("delta backups"), ["P-0001"], "party and requirement");
    assert_eq!(text("staff"), ["P-9999", "P-10000"]);
    assert!(text("delta phishing").is_empty(), "every word must match");
    // Not searched: how a requirement is addressed, its kind, the origin.
    assert!(text("accredited").is_empty());
    assert!(text("contractual").is_empty());
    assert!(text("internal").is_empty());
    assert!(text("external").is_empty());
    assert_eq!(text("").len(), 6);
}

#[test]
fn party_filters_combine() {
    let v = parties();
    let only = |f: PartyFilter| party_refs(&v, &f);
    assert_eq!(
        only(PartyFilter {
            kind: Some(PartyKind::Employee),
            ..PartyFilter::default()
        }),
        ["P-9999", "P-10000"]
    );
    assert_eq!(
        only(PartyFilter {
            origin: Some(Origin::External),
            ..PartyFilter::default()
        }),
        ["P-0001", "P-0002", "P-0003", "P-0010"]
    );
    // Parties with at least one requirement of the kind.
    let of_kind = |k| {
        only(PartyFilter {
            requirement: Some(k),
            ..PartyFilter::default()
        })
    };
    assert_eq!(of_kind(RequirementKind::Legal), ["P-0002"]);
    assert_eq!(of_kind(RequirementKind::Regulatory), ["P-0002"]);
    assert_eq!(of_kind(RequirementKind::Contractual), ["P-0001", "P-0010"]);
    assert_eq!(of_kind(RequirementKind::Expectation), ["P-9999", "P-10000"]);
    // Unaddressed only: a party whose every requirement is addressed, or
    // with none, is left out.
    assert_eq!(
        only(PartyFilter {
            unaddressed: true,
            ..PartyFilter::default()
        }),
        ["P-0001", "P-0002", "P-9999", "P-10000"]
    );
    assert_eq!(
        only(PartyFilter {
            requirement: Some(RequirementKind::Contractual),
            unaddressed: true,
            ..PartyFilter::default()
        }),
        ["P-0001"]
    );
    // The two are separate conditions: P-0002's legal requirement is
    // addressed, its regulatory one is not.
    assert_eq!(
        only(PartyFilter {
            requirement: Some(RequirementKind::Legal),
            unaddressed: true,
            ..PartyFilter::default()
        }),
        ["P-0002"]
    );
    assert_eq!(
        only(PartyFilter {
            text: "staff".into(),
            kind: Some(PartyKind::Employee),
            origin: Some(Origin::Internal),
            requirement: Some(RequirementKind::Expectation),
            unaddressed: true,
            ..PartyFilter::default()
        }),
        ["P-9999", "P-10000"]
    );
    assert!(only(PartyFilter {
        kind: Some(PartyKind::Employee),
        origin: Some(Origin::External),
        ..PartyFilter::default()
    })
    .is_empty());
    // Filtered, then sorted.
    assert_eq!(
        only(PartyFilter {
            unaddressed: true,
            sort: PartySort::Open,
            descending: true,
            ..PartyFilter::default()
        }),
        ["P-0001", "P-10000", "P-9999", "P-0002"]
    );
}
