//! Each validation rule, for single records and for a whole ISMS, with the
//! path each error names.

mod core_common;

use core_common::*;
use isms::core::kernel::check::{MAX_ITEMS, MAX_LONG, MAX_SHORT};
use isms::core::kernel::command::Command;
use isms::core::sample::generate;
use isms::core::*;

fn paths(errs: &[FieldError]) -> Vec<&str> {
    errs.iter().map(|e| e.path.as_str()).collect()
}

/// The single error of `errs`, which must be at `path`.
fn one_at<'a>(errs: &'a [FieldError], path: &str) -> &'a FieldError {
    assert_eq!(paths(errs), [path], "{errs:?}");
    &errs[0]
}

/// A valid ISMS with every kind of record and an audit log.
fn base() -> Isms {
    let w = realistic();
    assert!(w.isms.check().is_empty(), "{:?}", w.isms.check());
    w.isms
}

// ---------------------------------------------------------------- records

#[test]
fn required_fields_of_each_record() {
    let o = Organisation::default();
    assert_eq!(
        one_at(&context::rules::organisation(&o), "name").message,
        "is required"
    );
    assert_eq!(
        one_at(&context::rules::issue(&issue(" \n\t")), "title").message,
        "is required"
    );
    assert_eq!(
        one_at(&context::rules::party(&party("", vec![])), "name").message,
        "is required"
    );
    let p = party("P", vec![requirement("ok"), requirement("")]);
    one_at(&context::rules::party(&p), "requirements[1].text");
    let errs = assets::rules::asset(&asset(" ", " "), &Isms::default());
    assert_eq!(paths(&errs), ["name", "owner"]);
    let mut s = Scope::default();
    s.inclusions.push(ScopeItem::default());
    s.interfaces.push(Interface::default());
    s.locations.push(String::new());
    assert_eq!(
        paths(&context::rules::scope(&s)),
        [
            "inclusions[0].text",
            "locations[0]",
            "interfaces[0].organisation"
        ]
    );
    let mut o = organisation("Org");
    o.locations = vec!["Here".into(), "  ".into()];
    one_at(&context::rules::organisation(&o), "locations[1]");
}

#[test]
fn valid_records_have_no_errors() {
    assert!(context::rules::organisation(&organisation("Org")).is_empty());
    assert!(context::rules::issue(&issue("Issue")).is_empty());
    assert!(context::rules::party(&party("P", vec![requirement("R")])).is_empty());
    assert!(assets::rules::asset(&asset("A", "B"), &Isms::default()).is_empty());
    assert!(context::rules::scope(&Scope::default()).is_empty());
}

#[test]
fn text_limits_count_characters_at_the_boundary() {
    // Exactly at the limit is fine, also in multi-byte characters.
    assert!(context::rules::issue(&issue(&"é".repeat(MAX_SHORT))).is_empty());
    let e = context::rules::issue(&issue(&"é".repeat(MAX_SHORT + 1)));
    assert_eq!(
        one_at(&e, "title").message,
        "is too long (201 characters; at most 200)"
    );

    let mut a = asset("A", "B");
    a.description = "d".repeat(MAX_LONG);
    a.location = "l".repeat(MAX_SHORT);
    assert!(assets::rules::asset(&a, &Isms::default()).is_empty());
    a.description.push('d');
    a.location.push('l');
    a.owner = "o".repeat(MAX_SHORT + 1);
    assert_eq!(
        paths(&assets::rules::asset(&a, &Isms::default())),
        ["owner", "description", "location"]
    );

    let mut o = organisation("Org");
    o.sector = "s".repeat(MAX_SHORT + 1);
    o.description = "d".repeat(MAX_LONG + 1);
    assert_eq!(
        paths(&context::rules::organisation(&o)),
        ["sector", "description"]
    );

    let mut p = party("P", vec![requirement(&"r".repeat(MAX_LONG + 1))]);
    p.requirements[0].how = "h".repeat(MAX_LONG + 1);
    assert_eq!(
        paths(&context::rules::party(&p)),
        ["requirements[0].text", "requirements[0].how"]
    );

    // Tags are short: at most 50 characters.
    let mut a = asset("A", "B");
    a.tags = vec!["t".repeat(50), "u".repeat(51)];
    let e = assets::rules::asset(&a, &Isms::default());
    assert_eq!(
        one_at(&e, "tags[1]").message,
        "is too long (51 characters; at most 50)"
    );

    let mut s = Scope {
        statement: "s".repeat(MAX_LONG + 1),
        ..Scope::default()
    };
    s.interfaces.push(Interface {
        organisation: "o".repeat(MAX_SHORT + 1),
        description: String::new(),
    });
    assert_eq!(
        paths(&context::rules::scope(&s)),
        ["statement", "interfaces[0].organisation"]
    );
}

#[test]
fn too_many_items_in_a_list() {
    let mut a = asset("A", "B");
    a.tags = (0..=MAX_ITEMS).map(|i| format!("t{i}")).collect();
    let e = assets::rules::asset(&a, &Isms::default());
    let e = one_at(&e, "tags");
    assert_eq!(
        e.message,
        format!(
            "has too many items ({}; at most {MAX_ITEMS})",
            MAX_ITEMS + 1
        )
    );
    let p = party(
        "P",
        (0..=MAX_ITEMS)
            .map(|i| requirement(&format!("r{i}")))
            .collect(),
    );
    one_at(&context::rules::party(&p), "requirements");
}

#[test]
fn exclusion_needs_a_justification_but_inclusion_does_not() {
    let s = Scope {
        inclusions: vec![ScopeItem {
            text: "Portal".into(),
            justification: String::new(),
        }],
        exclusions: vec![
            ScopeItem {
                text: "Canteen".into(),
                justification: "Outsourced".into(),
            },
            ScopeItem {
                text: "Car park".into(),
                justification: "   ".into(),
            },
        ],
        ..Scope::default()
    };
    let e = context::rules::scope(&s);
    assert_eq!(
        one_at(&e, "exclusions[1].justification").message,
        "every exclusion needs a justification"
    );
}

#[test]
fn dependency_rules() {
    let mut w = World::new();
    let db = w.add_asset(asset("DB", "CTO"));
    let mut me = w.isms.asset(&db).expect("stored").clone();

    me.depends_on = vec![db.clone()];
    let e = assets::rules::asset(&me, &w.isms);
    assert_eq!(
        one_at(&e, "depends_on[0]").message,
        "an asset cannot depend on itself"
    );

    let mut a = asset("Web", "CTO");
    a.depends_on = vec![db.clone(), "0000".into()];
    let e = assets::rules::asset(&a, &w.isms);
    assert_eq!(
        one_at(&e, "depends_on[1]").message,
        "no asset has the id 0000"
    );

    a.depends_on = vec![db.clone(), db.clone()];
    let e = assets::rules::asset(&a, &w.isms);
    assert_eq!(one_at(&e, "depends_on[1]").message, "is listed twice");

    a.depends_on = vec![db];
    assert!(assets::rules::asset(&a, &w.isms).is_empty());
}

#[test]
fn duplicate_tags_ignore_case() {
    let mut a = asset("A", "B");
    a.tags = vec!["Cloud".into(), "gdpr".into(), "CLOUD".into()];
    let e = assets::rules::asset(&a, &Isms::default());
    assert_eq!(
        one_at(&e, "tags[2]").message,
        "tag \"CLOUD\" is listed twice"
    );
    a.tags = vec!["".into()];
    assert_eq!(
        one_at(&assets::rules::asset(&a, &Isms::default()), "tags[0]").message,
        "is required"
    );
}

#[test]
fn duplicate_requirement_ids_within_a_party() {
    let mut p = party(
        "P",
        vec![requirement("a"), requirement("b"), requirement("c")],
    );
    p.requirements[0].id = nth_id(1);
    p.requirements[2].id = nth_id(1);
    let e = context::rules::party(&p);
    assert_eq!(
        one_at(&e, "requirements[2].id").message,
        format!("duplicate id {}", nth_id(1))
    );
}

#[test]
fn field_error_paths_nest_and_display() {
    assert_eq!(
        FieldError::new("owner", "is required")
            .under("assets[3]")
            .path,
        "assets[3].owner"
    );
    assert_eq!(FieldError::new("[2]", "x").under("tags").path, "tags[2]");
    assert_eq!(FieldError::new("", "x").under("scope").path, "scope");
    assert_eq!(
        FieldError::new("assets[3].owner", "is required").to_string(),
        "assets[3].owner: is required"
    );
    assert_eq!(
        FieldError::new("", "Something is wrong").to_string(),
        "Something is wrong"
    );
}

// ---------------------------------------------------------------- whole ISMS

#[test]
fn generated_and_realistic_data_are_valid() {
    for (n, seed) in [(0, 0), (1, 1), (40, 7), (200, 99)] {
        let m = generate(n, seed);
        assert!(
            m.check().is_empty(),
            "generate({n}, {seed}): {:?}",
            m.check()
        );
        assert_eq!(m.assets.len(), n);
    }
    assert!(
        Isms::default().check().is_empty(),
        "a new, empty ISMS is valid"
    );
    base();
}

#[test]
fn record_errors_are_reported_with_their_place() {
    let mut m = generate(6, 5);
    m.assets[3].owner = String::new();
    let e = m.check();
    let e = one_at(&e, "assets[3].owner");
    assert_eq!(e.to_string(), "assets[3].owner: is required");

    let mut m = base();
    m.issues[2].title = "t".repeat(MAX_SHORT + 1);
    m.parties[1].requirements[0].text = " ".into();
    m.scope.exclusions[0].justification = String::new();
    m.organisation.locations.push(String::new());
    m.organisation.name = "n".repeat(MAX_SHORT + 1);
    let e = m.check();
    assert_eq!(
        paths(&e),
        [
            "organisation.name",
            "organisation.locations[3]",
            "issues[2].title",
            "parties[1].requirements[0].text",
            "scope.exclusions[0].justification",
        ]
    );
}

#[test]
fn an_empty_organisation_name_is_allowed_in_a_whole_isms() {
    let mut m = base();
    m.organisation.name = String::new();
    assert!(m.check().is_empty());
}

#[test]
fn bad_uuids() {
    let mut m = base();
    m.assets[1].id = "not-a-uuid".into();
    m.assets[2].depends_on.clear(); // nothing depends on assets[1] in `base`, but be sure
    m.issues[0].id = m.issues[0].id.to_uppercase();
    m.parties[0].requirements[1].id = String::new();
    let e = m.check();
    assert!(paths(&e).contains(&"assets[1].id"), "{e:?}");
    assert!(paths(&e).contains(&"issues[0].id"), "{e:?}");
    assert!(
        paths(&e).contains(&"parties[0].requirements[1].id"),
        "{e:?}"
    );
    let a = e
        .iter()
        .find(|e| e.path == "assets[1].id")
        .expect("present");
    assert!(a.message.starts_with("expected a UUID"), "{}", a.message);
}

#[test]
fn bad_references() {
    let mut m = base();
    m.assets[0].reference = "P-0001".into();
    m.parties[0].reference = "P0001".into();
    m.issues[1].reference = String::new();
    let e = m.check();
    assert_eq!(
        paths(&e),
        [
            "issues[1].reference",
            "parties[0].reference",
            "assets[0].reference"
        ]
    );
    assert_eq!(e[2].message, "expected a reference such as A-0001");
    assert_eq!(e[1].message, "expected a reference such as P-0001");
}

#[test]
fn duplicate_ids_within_and_across_kinds() {
    let mut m = base();
    m.issues[1].id = m.issues[0].id.clone();
    let e = m.check();
    let e = one_at(&e, "issues[1].id");
    assert_eq!(
        e.message,
        format!("duplicate id {} (also used by issues[0])", m.issues[0].id)
    );

    let mut m = base();
    m.assets[3].id = m.parties[1].id.clone();
    let e = m.check();
    assert_eq!(
        one_at(&e, "assets[3].id").message,
        format!("duplicate id {} (also used by parties[1])", m.parties[1].id)
    );

    let mut m = base();
    m.parties[1].requirements[0].id = m.parties[0].requirements[0].id.clone();
    let e = m.check();
    assert!(
        paths(&e).contains(&"parties[1].requirements[0].id"),
        "{e:?}"
    );
}

#[test]
fn duplicate_references() {
    let mut m = base();
    m.assets[2].reference = m.assets[0].reference.clone();
    let e = m.check();
    assert_eq!(
        one_at(&e, "assets[2].reference").message,
        "duplicate reference A-0001 (also used by assets[0])"
    );
}

#[test]
fn dependency_errors_in_a_whole_isms() {
    let mut m = base();
    m.assets[1].depends_on = vec![m.assets[1].id.clone()];
    m.assets[2].depends_on = vec!["ffffffff-ffff-4fff-bfff-ffffffffffff".into()];
    m.assets[3].depends_on = vec![m.assets[0].id.clone(), m.assets[0].id.clone()];
    m.assets[0].tags = vec!["x".into(), "X".into()];
    let e = m.check();
    assert_eq!(
        paths(&e),
        [
            "assets[0].tags[1]",
            "assets[1].depends_on[0]",
            "assets[2].depends_on[0]",
            "assets[3].depends_on[1]"
        ]
    );
}

#[test]
fn bad_timestamps() {
    let mut m = base();
    m.assets[0].created_at = "yesterday".into();
    m.issues[0].updated_at = "2026-13-01T00:00:00Z".into();
    m.parties[0].created_at = String::new();
    m.audit_log[2].at = "2026-01-15 09:00".into();
    let e = m.check();
    assert_eq!(
        paths(&e),
        [
            "issues[0].updated_at",
            "parties[0].created_at",
            "assets[0].created_at",
            "audit_log[2].at"
        ]
    );
    assert_eq!(
        e[0].message,
        "expected a date and time such as 2026-01-31T09:30:00Z"
    );
    // Offsets other than Z are still RFC 3339.
    let mut m = base();
    m.assets[0].created_at = "2026-01-15T10:00:00+01:00".into();
    assert!(m.check().is_empty());
}

#[test]
fn audit_seq_must_increase() {
    let mut m = base();
    m.audit_log[3].seq = m.audit_log[2].seq;
    let e = m.check();
    assert_eq!(
        one_at(&e, "audit_log[3].seq").message,
        "must be greater than the previous entry's (3)"
    );

    let mut m = base();
    m.audit_log.swap(0, 1);
    let e = m.check();
    one_at(&e, "audit_log[1].seq");

    let mut m = base();
    m.audit_log[0].seq = 0;
    one_at(&m.check(), "audit_log[0].seq");

    // Gaps are fine (e.g. a trimmed log).
    let mut m = base();
    m.audit_log[5].seq += 100;
    for e in &mut m.audit_log[6..] {
        e.seq += 100;
    }
    assert!(m.check().is_empty());
}

#[test]
fn audit_text_limits() {
    let mut m = base();
    m.audit_log[0].actor = "a".repeat(MAX_SHORT + 1);
    m.audit_log[1].summary = "s".repeat(MAX_LONG + 1);
    let e = m.check();
    assert_eq!(paths(&e), ["audit_log[0].actor", "audit_log[1].summary"]);
}

#[test]
fn an_isms_made_by_commands_stays_valid_after_each_step() {
    let mut w = World::new();
    let check = |w: &World| assert!(w.isms.check().is_empty(), "{:?}", w.isms.check());
    let a = w.add_asset(asset("A", "O"));
    check(&w);
    let mut b = asset("B", "O");
    b.depends_on = vec![a.clone()];
    w.add_asset(b);
    check(&w);
    w.ok(Command::Delete {
        kind: RecordKind::Asset,
        id: a,
        detach: true,
    });
    check(&w);
    w.ok(Command::save(party("P", vec![requirement("r")])));
    check(&w);
}

/// The forms show a message with its first letter in capitals, for ASCII
/// only (so no Unicode case table goes into the WebAssembly): every message
/// must start with an ASCII lower-case letter.
#[test]
fn every_message_starts_with_an_ascii_lower_case_letter() {
    let mut m = base();
    m.organisation.name = "x".repeat(MAX_SHORT + 1);
    m.organisation.locations = vec![" ".into()];
    m.issues[0].id = "not-a-uuid".into();
    m.issues[0].reference = "X-1".into();
    m.issues[0].title = " ".into();
    m.issues[0].created_at = "yesterday".into();
    m.issues[1].id = m.issues[2].id.clone();
    m.issues[1].reference = m.issues[2].reference.clone();
    m.parties[0].name = " ".into();
    m.parties[0].requirements[0].text = " ".into();
    let dup = m.parties[0].requirements[0].clone();
    m.parties[0].requirements.push(dup);
    m.parties[1].requirements[0].id = "bad".into();
    m.scope.inclusions = vec![ScopeItem::default()];
    m.scope.exclusions = vec![ScopeItem {
        text: "Canteen".into(),
        justification: " ".into(),
    }];
    m.scope.interfaces = vec![Interface::default()];
    let (a0, a2) = (m.assets[0].id.clone(), m.assets[2].id.clone());
    m.assets[0].depends_on = vec![a0, "no-such-asset".into(), a2.clone(), a2];
    m.assets[1].tags = vec!["gdpr".into(), "GDPR".into(), " ".into()];
    m.assets[1]
        .tags
        .extend((0..=MAX_ITEMS).map(|i| format!("t{i}")));
    m.assets[2].owner = " ".into();
    m.audit_log[1].seq = 0;
    m.audit_log[1].at = "never".into();
    let errs = m.check();
    assert!(errs.len() >= 20, "{errs:?}");
    for e in &errs {
        assert!(
            e.message.starts_with(|c: char| c.is_ascii_lowercase()),
            "{e}"
        );
    }
    // And the command path's own check of the actor's name.
    let mut w = World::new();
    w.actor = "a".repeat(MAX_SHORT + 1);
    let e = w.refused(Command::SetOrganisation(Organisation::default()));
    assert!(
        e.to_string()
            .starts_with("Please correct: actor: is too long"),
        "{e}"
    );
}
