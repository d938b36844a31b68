//! Searching, filtering and sorting of lists.

mod core_common;

use core_common::*;
use isms::core::assets::query::{AssetFilter, AssetSort};
use isms::core::audit::query::LogFilter;
use isms::core::kernel::text;
use isms::core::*;

fn stored_asset(reference: &str, name: &str, owner: &str) -> Asset {
    let mut a = asset(name, owner);
    a.id = format!("id-{reference}");
    a.reference = reference.into();
    a
}

/// Five assets, deliberately not in reference order.
fn inventory() -> Vec<Asset> {
    let mut v = vec![
        stored_asset("A-0010", "beta database", "CTO"),
        stored_asset("A-0002", "Alpha portal", "Head of IT"),
        stored_asset("A-10000", "Gamma laptops", "Operations lead"),
        stored_asset("A-0001", "delta mail", "CFO"),
        stored_asset("A-9999", "Épsilon badge readers", "Facilities"),
    ];
    // A-0010: critical, confidential, software, tagged gdpr
    v[0].integrity = Rating::Critical;
    v[0].classification = Classification::Confidential;
    v[0].tags = vec!["gdpr".into(), "customer-data".into()];
    // A-0002: high
    v[1].confidentiality = Rating::High;
    v[1].kind = AssetKind::Service;
    // A-10000: low everywhere, hardware, out of scope
    v[2].confidentiality = Rating::Low;
    v[2].integrity = Rating::Low;
    v[2].kind = AssetKind::Hardware;
    v[2].in_scope = false;
    v[2].location = "Leeds branch".into();
    // A-0001: medium (default), restricted
    v[3].classification = Classification::Restricted;
    v[3].description = "Exchange Online tenant".into();
    // A-9999: critical, hardware, out of scope
    v[4].availability = Rating::Critical;
    v[4].kind = AssetKind::Hardware;
    v[4].in_scope = false;
    v
}

fn refs(assets: &[Asset], idx: &[usize]) -> Vec<String> {
    idx.iter().map(|&i| assets[i].reference.clone()).collect()
}

fn filter(sort: AssetSort, descending: bool) -> AssetFilter {
    AssetFilter {
        sort,
        descending,
        ..AssetFilter::default()
    }
}

#[test]
fn matches_words_is_case_insensitive_and_needs_every_word() {
    assert!(text::matches_words("", &["anything"]));
    assert!(text::matches_words("   ", &[]));
    assert!(text::matches_words("crm", &["Sales CRM"]));
    assert!(
        text::matches_words("  PAY  ", &["payroll"]),
        "substring, trimmed, any case"
    );
    assert!(
        text::matches_words("crm cfo", &["Sales CRM", "CFO"]),
        "words may match different fields"
    );
    assert!(
        !text::matches_words("crm finance", &["Sales CRM", "CFO"]),
        "every word must match"
    );
    assert!(!text::matches_words("x", &[]));
    assert!(
        text::matches_words("ÉPSILON", &["épsilon"]),
        "unicode case folding"
    );
    assert!(
        !text::matches_words("crmcfo", &["crm", "cfo"]),
        "a word does not span two fields"
    );
}

#[test]
fn default_asset_list_is_in_numeric_reference_order() {
    let v = inventory();
    let idx = assets::query::assets(&v, &AssetFilter::default());
    assert_eq!(
        refs(&v, &idx),
        ["A-0001", "A-0002", "A-0010", "A-9999", "A-10000"]
    );
    let idx = assets::query::assets(&v, &filter(AssetSort::Reference, true));
    assert_eq!(
        refs(&v, &idx),
        ["A-10000", "A-9999", "A-0010", "A-0002", "A-0001"]
    );
}

#[test]
fn sort_by_name_ignores_case() {
    let v = inventory();
    let idx = assets::query::assets(&v, &filter(AssetSort::Name, false));
    let names: Vec<&str> = idx.iter().map(|&i| v[i].name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Alpha portal",
            "beta database",
            "delta mail",
            "Gamma laptops",
            "Épsilon badge readers"
        ]
    );
    let idx = assets::query::assets(&v, &filter(AssetSort::Name, true));
    assert_eq!(v[idx[0]].name, "Épsilon badge readers");
    assert_eq!(v[idx[4]].name, "Alpha portal");
}

#[test]
fn sort_by_criticality_then_reference() {
    let v = inventory();
    let idx = assets::query::assets(&v, &filter(AssetSort::Criticality, false));
    // low: A-10000; medium: A-0001; high: A-0002; critical: A-0010, A-9999
    assert_eq!(
        refs(&v, &idx),
        ["A-10000", "A-0001", "A-0002", "A-0010", "A-9999"]
    );
    let idx = assets::query::assets(&v, &filter(AssetSort::Criticality, true));
    assert_eq!(v[idx[0]].criticality(), Rating::Critical);
    assert_eq!(v[idx[1]].criticality(), Rating::Critical);
    assert_eq!(refs(&v, &idx[2..]), ["A-0002", "A-0001", "A-10000"]);
}

#[test]
fn other_sorts() {
    let v = inventory();
    let idx = assets::query::assets(&v, &filter(AssetSort::Owner, false));
    assert_eq!(v[idx[0]].owner, "CFO");
    assert_eq!(v[idx[4]].owner, "Operations lead");
    let idx = assets::query::assets(&v, &filter(AssetSort::InScope, false));
    assert_eq!(
        refs(&v, &idx),
        ["A-9999", "A-10000", "A-0001", "A-0002", "A-0010"]
    );
    let idx = assets::query::assets(&v, &filter(AssetSort::Classification, true));
    assert_eq!(refs(&v, &idx[..2]), ["A-0001", "A-0010"]);
    let idx = assets::query::assets(&v, &filter(AssetSort::Kind, false));
    assert_eq!(v[idx[0]].kind, AssetKind::Hardware);
}

#[test]
fn asset_filters() {
    let v = inventory();
    let only = |f: AssetFilter| refs(&v, &assets::query::assets(&v, &f));
    assert_eq!(
        only(AssetFilter {
            kind: Some(AssetKind::Hardware),
            ..AssetFilter::default()
        }),
        ["A-9999", "A-10000"]
    );
    assert_eq!(
        only(AssetFilter {
            classification: Some(Classification::Restricted),
            ..AssetFilter::default()
        }),
        ["A-0001"]
    );
    assert_eq!(
        only(AssetFilter {
            in_scope: Some(false),
            ..AssetFilter::default()
        }),
        ["A-9999", "A-10000"]
    );
    assert_eq!(
        only(AssetFilter {
            in_scope: Some(true),
            ..AssetFilter::default()
        }),
        ["A-0001", "A-0002", "A-0010"]
    );
    // Text searches reference, name, owner, description, location, kind and tags.
    let text = |t: &str| {
        only(AssetFilter {
            text: t.into(),
            ..AssetFilter::default()
        })
    };
    assert_eq!(text("a-0002"), ["A-0002"]);
    assert_eq!(text("GDPR"), ["A-0010"]);
    assert_eq!(text("exchange"), ["A-0001"]);
    assert_eq!(text("leeds"), ["A-10000"]);
    assert_eq!(text("facilities"), ["A-9999"]);
    assert_eq!(text("service"), ["A-0002"]);
    assert_eq!(text("head it"), ["A-0002"]);
    assert!(text("nothing-matches-this").is_empty());
    // Filters combine.
    assert_eq!(
        only(AssetFilter {
            text: "laptops".into(),
            kind: Some(AssetKind::Hardware),
            in_scope: Some(false),
            ..AssetFilter::default()
        }),
        ["A-10000"]
    );
    assert!(only(AssetFilter {
        text: "laptops".into(),
        in_scope: Some(true),
        ..AssetFilter::default()
    })
    .is_empty());
}

#[test]
fn by_reference_keeps_and_orders() {
    let v = inventory();
    let idx = text::by_reference(&v, |a| &a.reference, |a| a.in_scope, false);
    assert_eq!(refs(&v, &idx), ["A-0001", "A-0002", "A-0010"]);
    let idx = text::by_reference(&v, |a| &a.reference, |_| true, true);
    assert_eq!(
        refs(&v, &idx),
        ["A-10000", "A-9999", "A-0010", "A-0002", "A-0001"]
    );
}

#[test]
fn log_is_newest_first_and_filters() {
    let w = realistic();
    let log = &w.isms.audit_log;
    let all = audit::query::log(log, &LogFilter::default());
    assert_eq!(all, (0..log.len()).rev().collect::<Vec<_>>());
    assert!(all.windows(2).all(|p| log[p[0]].seq > log[p[1]].seq));

    let assets = audit::query::log(
        log,
        &LogFilter {
            kind: Some(RecordKind::Asset),
            ..LogFilter::default()
        },
    );
    assert!(!assets.is_empty());
    assert!(assets.iter().all(|&i| log[i].kind == RecordKind::Asset));
    assert_eq!(
        assets.len(),
        log.iter().filter(|e| e.kind == RecordKind::Asset).count()
    );
    assert!(assets.windows(2).all(|p| p[0] > p[1]));

    let bob = audit::query::log(
        log,
        &LogFilter {
            actor: Some("Bob Builder".into()),
            ..LogFilter::default()
        },
    );
    assert_eq!(bob.len(), 3, "owner change, detach, delete");
    assert!(bob.iter().all(|&i| log[i].actor == "Bob Builder"));
    assert_eq!(log[bob[0]].action, Action::Delete);
    assert!(
        audit::query::log(
            log,
            &LogFilter {
                actor: Some("bob".into()),
                ..LogFilter::default()
            }
        )
        .is_empty(),
        "actor is exact"
    );

    let text = |t: &str| {
        audit::query::log(
            log,
            &LogFilter {
                text: t.into(),
                ..LogFilter::default()
            },
        )
    };
    let deleted = text("deleted a-0003");
    assert_eq!(
        deleted.len(),
        2,
        "the detach (summary) and the deletion (action label)"
    );
    assert_eq!(log[deleted[0]].action, Action::Delete);
    let owner = text("owner trackit");
    assert_eq!(owner.len(), 1);
    assert_eq!(log[owner[0]].changes[0].field, "owner");

    let combined = audit::query::log(
        log,
        &LogFilter {
            text: "created".into(),
            kind: Some(RecordKind::Issue),
            actor: Some("Alice Auditor".into()),
            action: None,
        },
    );
    assert_eq!(combined.len(), 3);
    assert_eq!(log[combined[0]].reference, "I-0003");

    // By action: the deletions alone, newest first.
    let deleted = audit::query::log(
        log,
        &LogFilter {
            action: Some(Action::Delete),
            ..LogFilter::default()
        },
    );
    assert!(!deleted.is_empty());
    assert!(deleted.iter().all(|&i| log[i].action == Action::Delete));
    assert_eq!(
        deleted.len(),
        log.iter().filter(|e| e.action == Action::Delete).count()
    );
    assert!(deleted.windows(2).all(|w| w[0] > w[1]));
}

#[test]
fn actors_are_distinct_and_sorted() {
    let mut w = realistic();
    w.actor = "Aaron".into();
    w.ok(isms::core::kernel::command::Command::save(issue("late")));
    assert_eq!(
        audit::query::actors(&w.isms.audit_log),
        ["Aaron", "Alice Auditor", "Bob Builder"]
    );
    assert!(audit::query::actors(&[]).is_empty());
}

#[test]
fn fold_lowercases_every_character_like_std() {
    use isms::core::kernel::text::fold;
    // Every character of Unicode, one at a time.
    for u in 0..=0x10FFFFu32 {
        let Some(c) = char::from_u32(u) else { continue };
        assert_eq!(
            fold(&c.to_string()),
            c.to_lowercase().collect::<String>(),
            "U+{u:04X} {c}"
        );
    }
    assert_eq!(
        fold("Ärger ÜBER Łódź ΑΘΗΝΑ МОСКВА Straße"),
        "ärger über łódź αθηνα москва straße"
    );
    // Beyond Latin, Greek and Cyrillic; a final sigma like any other.
    assert_eq!(
        fold("ՀԱՅԱՍՏԱՆ ＡＢＣ ᏣᎳᎩ ΟΔΟΣ İ"),
        "հայաստան ａｂｃ ꮳꮃꭹ οδοσ i\u{307}"
    );
}
