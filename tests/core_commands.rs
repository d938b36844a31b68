//! Every command of `Isms::apply`, its audit-log entries, and that a refused
//! command changes nothing.

mod core_common;

use core_common::*;
use isms::core::kernel::command::{timestamp, Change, Command, Ctx, DomainError};
use isms::core::kernel::diff::diff;
use isms::core::kernel::ids::is_uuid;
use isms::core::*;
use serde_json::json;

/// The field list at the end of a summary that starts with `head`, sorted.
fn summary_fields<'a>(summary: &'a str, head: &str) -> Vec<&'a str> {
    let rest = summary
        .strip_prefix(head)
        .unwrap_or_else(|| panic!("{summary:?} does not start with {head:?}"));
    let mut v: Vec<&str> = rest.split(", ").collect();
    v.sort_unstable();
    v
}

fn only_entry(c: &Change) -> &AuditEntry {
    assert_eq!(c.entries.len(), 1, "expected one entry: {c:?}");
    &c.entries[0]
}

// ---------------------------------------------------------------- organisation

#[test]
fn set_organisation_logs_field_changes_and_no_op_logs_nothing() {
    let mut w = World::new();
    let c = w.ok(Command::SetOrganisation(organisation("Acme & Co")));
    assert_eq!(c.record_id, None);
    let e = only_entry(&c);
    assert_eq!(e.seq, 1);
    assert_eq!(e.action, Action::Update);
    assert_eq!(e.kind, RecordKind::Organisation);
    assert_eq!(e.actor, "Alice Auditor");
    assert_eq!(e.at, "2026-01-15T09:00:00Z");
    assert_eq!(e.record_id, "");
    assert_eq!(e.reference, "");
    assert_eq!(
        e.summary,
        "Updated the organisation profile of \u{201c}Acme & Co\u{201d}"
    );
    assert_eq!(field(e, "name").before, json!(""));
    assert_eq!(field(e, "name").after, json!("Acme & Co"));
    assert_eq!(field(e, "size").before, json!(null));
    assert_eq!(field(e, "size").after, json!("small"));
    assert_eq!(field(e, "locations").after, json!(["Rotterdam"]));
    assert_eq!(w.isms.organisation.name, "Acme & Co");
    assert_eq!(w.isms.audit_log, c.entries);

    // The same profile again changes nothing and logs nothing.
    let before = w.isms.clone();
    let c = w.ok(Command::SetOrganisation(organisation("Acme & Co")));
    assert_eq!(c, Change::default());
    assert_eq!(w.isms, before);

    // One field changed: one field logged.
    w.tick();
    let mut o = organisation("Acme & Co");
    o.sector = "Shipping".into();
    let c = w.ok(Command::SetOrganisation(o));
    let e = only_entry(&c);
    assert_eq!(e.seq, 2);
    assert_eq!(e.at, "2026-01-15T09:01:00Z");
    assert_eq!(
        e.changes,
        vec![FieldChange {
            field: "sector".into(),
            before: json!("Logistics"),
            after: json!("Shipping")
        }]
    );
}

#[test]
fn set_organisation_refuses_missing_name() {
    let mut w = World::new();
    let err = w.refused(Command::SetOrganisation(organisation("   ")));
    let DomainError::Invalid(errs) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].path, "name");
    assert_eq!(err.to_string(), "Please correct: name: is required");
}

// ---------------------------------------------------------------- scope

#[test]
fn set_scope_logs_changed_fields_and_refuses_unjustified_exclusion() {
    let mut w = World::new();
    let mut s = Scope {
        statement: "All of it".into(),
        ..Scope::default()
    };
    s.exclusions.push(ScopeItem {
        text: "Canteen".into(),
        justification: " ".into(),
    });
    let err = w.refused(Command::SetScope(s.clone()));
    let DomainError::Invalid(errs) = err else {
        panic!()
    };
    assert_eq!(errs[0].path, "exclusions[0].justification");
    assert!(
        errs[0].message.contains("justification"),
        "{}",
        errs[0].message
    );

    s.exclusions[0].justification = "Outsourced".into();
    let c = w.ok(Command::SetScope(s.clone()));
    let e = only_entry(&c);
    assert_eq!((e.action, e.kind), (Action::Update, RecordKind::Scope));
    // Changed fields are listed once each (in the serialiser's key order).
    assert_eq!(
        summary_fields(&e.summary, "Updated the ISMS scope: "),
        ["exclusions", "statement"]
    );
    assert_eq!(changed_fields(e), ["exclusions", "statement"]);
    assert_eq!(field(e, "statement").before, json!(""));
    assert_eq!(
        field(e, "exclusions").after,
        json!([{"text": "Canteen", "justification": "Outsourced"}])
    );
    assert_eq!(w.isms.scope, s);

    let before = w.isms.clone();
    assert_eq!(w.ok(Command::SetScope(s)), Change::default());
    assert_eq!(w.isms, before);
}

// ---------------------------------------------------------------- issues

#[test]
fn issue_create_update_no_op_delete() {
    let mut w = World::new();
    let mut x = issue("NIS2 \"transposition\"");
    x.reference = "I-0099".into(); // ignored on create
    x.created_at = "1999-01-01T00:00:00Z".into(); // ignored on create
    let c = w.ok(Command::save(x));
    let id = c.record_id.clone().expect("id");
    assert!(is_uuid(&id));
    assert_eq!(id, nth_id(1));
    let e = only_entry(&c);
    assert_eq!((e.action, e.kind), (Action::Create, RecordKind::Issue));
    assert_eq!(e.record_id, id);
    assert_eq!(e.reference, "I-0001");
    assert_eq!(
        e.summary,
        "Created issue I-0001 \u{201c}NIS2 \"transposition\"\u{201d}"
    );
    assert_eq!(field(e, "title").before, json!(null));
    assert_eq!(field(e, "title").after, json!("NIS2 \"transposition\""));
    assert_eq!(field(e, "origin").after, json!("external"));
    for bookkeeping in ["id", "reference", "created_at", "updated_at"] {
        assert!(
            e.changes.iter().all(|c| c.field != bookkeeping),
            "{bookkeeping} logged"
        );
    }
    let stored = w.isms.issue(&id).expect("stored").clone();
    assert_eq!(stored.reference, "I-0001");
    assert_eq!(stored.created_at, "2026-01-15T09:00:00Z");
    assert_eq!(stored.updated_at, "2026-01-15T09:00:00Z");

    // Update: reference and created_at cannot be changed by the caller.
    w.tick();
    let mut u = stored.clone();
    u.effect = Effect::Neutral;
    u.reference = "I-0042".into();
    u.created_at = "2000-01-01T00:00:00Z".into();
    let c = w.ok(Command::save(u));
    let e = only_entry(&c);
    assert_eq!(c.record_id.as_deref(), Some(id.as_str()));
    assert_eq!((e.seq, e.action), (2, Action::Update));
    assert_eq!(e.reference, "I-0001");
    assert_eq!(
        e.summary,
        "Updated issue I-0001 \u{201c}NIS2 \"transposition\"\u{201d}: effect"
    );
    assert_eq!(
        e.changes,
        vec![FieldChange {
            field: "effect".into(),
            before: json!("negative"),
            after: json!("neutral")
        }]
    );
    let updated = w.isms.issue(&id).expect("stored");
    assert_eq!(updated.reference, "I-0001");
    assert_eq!(updated.created_at, "2026-01-15T09:00:00Z");
    assert_eq!(updated.updated_at, "2026-01-15T09:01:00Z");
    assert_eq!(updated.effect, Effect::Neutral);

    // A no-op update keeps updated_at and logs nothing.
    w.tick();
    let before = w.isms.clone();
    let same = w.isms.issue(&id).expect("stored").clone();
    let c = w.ok(Command::save(same));
    assert_eq!(c.record_id.as_deref(), Some(id.as_str()));
    assert!(c.entries.is_empty());
    assert_eq!(w.isms, before);

    // Delete.
    let c = w.ok(Command::Delete {
        kind: RecordKind::Issue,
        detach: false,
        id: id.clone(),
    });
    let e = only_entry(&c);
    assert_eq!(
        (e.seq, e.action, e.kind),
        (3, Action::Delete, RecordKind::Issue)
    );
    assert_eq!(
        e.summary,
        "Deleted issue I-0001 \u{201c}NIS2 \"transposition\"\u{201d}"
    );
    assert_eq!(field(e, "title").before, json!("NIS2 \"transposition\""));
    assert_eq!(field(e, "title").after, json!(null));
    assert!(w.isms.issues.is_empty());

    // The next issue gets I-0002: references are never reused.
    let c = w.ok(Command::save(issue("Another")));
    assert_eq!(only_entry(&c).reference, "I-0002");
    assert_eq!(w.isms.counters.get("I"), Some(&2));
}

#[test]
fn issue_errors_change_nothing() {
    let mut w = realistic();
    let err = w.refused(Command::save(issue("")));
    assert!(
        matches!(&err, DomainError::Invalid(e) if e[0].path == "title"),
        "{err:?}"
    );
    let mut long = issue("ok");
    long.description = "x".repeat(kernel::check::MAX_LONG + 1);
    let err = w.refused(Command::save(long));
    let DomainError::Invalid(e) = err else {
        panic!()
    };
    assert_eq!(e[0].path, "description");
    assert_eq!(
        e[0].message,
        format!(
            "is too long ({} characters; at most {})",
            kernel::check::MAX_LONG + 1,
            kernel::check::MAX_LONG
        )
    );

    let mut ghost = issue("Ghost");
    ghost.id = nth_id(9999);
    let err = w.refused(Command::save(ghost));
    assert_eq!(
        err,
        DomainError::NotFound {
            kind: RecordKind::Issue,
            id: nth_id(9999)
        }
    );
    let err = w.refused(Command::Delete {
        kind: RecordKind::Issue,
        detach: false,
        id: "nope".into(),
    });
    assert_eq!(
        err,
        DomainError::NotFound {
            kind: RecordKind::Issue,
            id: "nope".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "Issue nope no longer exists (it may have been deleted)."
    );
}

// ---------------------------------------------------------------- parties

#[test]
fn party_create_gives_requirements_ids_and_update_keeps_them() {
    let mut w = World::new();
    let c = w.ok(Command::save(party(
        "Customers",
        vec![requirement("Uptime 99.9%"), requirement("EU hosting")],
    )));
    let id = c.record_id.clone().expect("id");
    let p = w.isms.party(&id).expect("stored").clone();
    assert_eq!(p.reference, "P-0001");
    assert_eq!(p.requirements.len(), 2);
    assert!(p.requirements.iter().all(|r| is_uuid(&r.id)));
    assert_ne!(p.requirements[0].id, p.requirements[1].id);
    assert_ne!(p.requirements[0].id, id);
    let e = only_entry(&c);
    assert_eq!((e.action, e.kind), (Action::Create, RecordKind::Party));
    assert_eq!(
        e.summary,
        "Created interested party P-0001 \u{201c}Customers\u{201d}"
    );
    assert_eq!(
        field(e, "requirements").after[0]["id"],
        json!(p.requirements[0].id)
    );

    // Adding a requirement gives only the new one an id; others are kept.
    w.tick();
    let mut u = p.clone();
    u.requirements[0].addressed = true;
    u.requirements.push(requirement("Monthly report"));
    let c = w.ok(Command::save(u));
    let e = only_entry(&c);
    assert_eq!(e.action, Action::Update);
    assert_eq!(
        e.summary,
        "Updated interested party P-0001 \u{201c}Customers\u{201d}: requirements"
    );
    let q = w.isms.party(&id).expect("stored");
    assert_eq!(q.requirements[0].id, p.requirements[0].id);
    assert_eq!(q.requirements[1].id, p.requirements[1].id);
    assert!(is_uuid(&q.requirements[2].id));
    assert!(!p.requirements.iter().any(|r| r.id == q.requirements[2].id));
    assert!(q.requirements[0].addressed);
    assert_eq!(q.updated_at, "2026-01-15T09:01:00Z");
    assert_eq!(q.created_at, "2026-01-15T09:00:00Z");
    assert_eq!(
        field(e, "requirements").before.as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(
        field(e, "requirements").after.as_array().map(Vec::len),
        Some(3)
    );

    // No-op.
    let before = w.isms.clone();
    let same = w.isms.party(&id).expect("stored").clone();
    let c = w.ok(Command::save(same));
    assert!(c.entries.is_empty());
    assert_eq!(w.isms, before);
    assert!(w.isms.check().is_empty());

    // Delete, then the next party is P-0002.
    let c = w.ok(Command::Delete {
        kind: RecordKind::Party,
        detach: false,
        id: id.clone(),
    });
    let e = only_entry(&c);
    assert_eq!((e.action, e.reference.as_str()), (Action::Delete, "P-0001"));
    assert_eq!(
        e.summary,
        "Deleted interested party P-0001 \u{201c}Customers\u{201d}"
    );
    assert_eq!(field(e, "name").before, json!("Customers"));
    assert!(w.isms.parties.is_empty());
    let c = w.ok(Command::save(party("Regulator", vec![])));
    assert_eq!(only_entry(&c).reference, "P-0002");
}

#[test]
fn party_errors_change_nothing() {
    let mut w = realistic();
    let mut p = party("Auditors", vec![requirement(" ")]);
    p.contact = "c".repeat(201);
    let err = w.refused(Command::save(p));
    let DomainError::Invalid(e) = err else {
        panic!()
    };
    let paths: Vec<&str> = e.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["contact", "requirements[0].text"]);

    let id = nth_id(4242);
    let mut p = party("Ghost", vec![]);
    p.id = id.clone();
    assert_eq!(
        w.refused(Command::save(p)),
        DomainError::NotFound {
            kind: RecordKind::Party,
            id: id.clone()
        }
    );
    assert_eq!(
        w.refused(Command::Delete {
            kind: RecordKind::Party,
            detach: false,
            id: id.clone()
        }),
        DomainError::NotFound {
            kind: RecordKind::Party,
            id
        }
    );
}

// ---------------------------------------------------------------- assets

#[test]
fn asset_create_references_are_sequential_and_never_reused() {
    let mut w = World::new();
    let a = w.add_asset(asset("CRM", "Sales director"));
    let b = w.add_asset(asset("Mail", "Head of IT"));
    assert_eq!(
        w.isms.asset(&a).map(|x| x.reference.as_str()),
        Some("A-0001")
    );
    assert_eq!(
        w.isms.asset(&b).map(|x| x.reference.as_str()),
        Some("A-0002")
    );
    w.ok(Command::Delete {
        kind: RecordKind::Asset,
        id: b,
        detach: false,
    });
    let c = w.add_asset(asset("Wiki", "CTO"));
    assert_eq!(
        w.isms.asset(&c).map(|x| x.reference.as_str()),
        Some("A-0003")
    );
    assert_eq!(w.isms.counters.get("A"), Some(&3));
    let refs: Vec<&str> = w
        .isms
        .audit_log
        .iter()
        .map(|e| e.reference.as_str())
        .collect();
    assert_eq!(refs, ["A-0001", "A-0002", "A-0002", "A-0003"]);
    let seqs: Vec<u64> = w.isms.audit_log.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4]);
}

#[test]
fn asset_create_logs_every_field_and_trims_tags() {
    let mut w = World::new();
    let mut a = asset("CRM <img src=x onerror=alert(1)>", "Sales director");
    a.tags = vec!["  gdpr ".into(), "cloud".into()];
    let c = w.ok(Command::save(a));
    let id = c.record_id.clone().expect("id");
    let e = only_entry(&c);
    assert_eq!((e.action, e.kind), (Action::Create, RecordKind::Asset));
    assert_eq!(e.record_id, id);
    assert_eq!(
        e.summary,
        "Created asset A-0001 \u{201c}CRM <img src=x onerror=alert(1)>\u{201d}"
    );
    let fields: Vec<&str> = e.changes.iter().map(|c| c.field.as_str()).collect();
    for f in [
        "name",
        "kind",
        "owner",
        "description",
        "location",
        "classification",
        "confidentiality",
        "integrity",
        "availability",
        "in_scope",
        "depends_on",
        "tags",
    ] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
    assert_eq!(fields.len(), 12, "{fields:?}");
    assert_eq!(field(e, "tags").after, json!(["gdpr", "cloud"]));
    assert_eq!(
        w.isms.asset(&id).map(|a| a.tags.clone()),
        Some(vec!["gdpr".to_string(), "cloud".to_string()])
    );
}

#[test]
fn changing_an_asset_owner_records_owner_before_and_after() {
    let mut w = World::new();
    let id = w.add_asset(asset("Payroll", "HR manager"));
    w.tick();
    w.actor = "Bob".into();
    let mut a = w.isms.asset(&id).expect("stored").clone();
    a.owner = "CFO".into();
    let c = w.ok(Command::save(a));
    let e = only_entry(&c);
    assert_eq!(e.seq, 2);
    assert_eq!(e.actor, "Bob");
    assert_eq!(e.at, "2026-01-15T09:01:00Z");
    assert_eq!((e.action, e.kind), (Action::Update, RecordKind::Asset));
    assert_eq!(e.record_id, id);
    assert_eq!(e.reference, "A-0001");
    assert_eq!(
        e.summary,
        "Updated asset A-0001 \u{201c}Payroll\u{201d}: owner"
    );
    assert_eq!(
        e.changes,
        vec![FieldChange {
            field: "owner".into(),
            before: json!("HR manager"),
            after: json!("CFO")
        }]
    );
    let stored = w.isms.asset(&id).expect("stored").clone();
    assert_eq!(stored.owner, "CFO");
    assert_eq!(stored.updated_at, "2026-01-15T09:01:00Z");
    assert_eq!(stored.created_at, "2026-01-15T09:00:00Z");

    // Several fields, logged in record order.
    w.tick();
    let mut a = stored.clone();
    a.name = "Payroll system".into();
    a.integrity = Rating::Critical;
    a.in_scope = false;
    let c = w.ok(Command::save(a));
    let e = only_entry(&c);
    assert_eq!(changed_fields(e), ["in_scope", "integrity", "name"]);
    assert_eq!(
        summary_fields(
            &e.summary,
            "Updated asset A-0001 \u{201c}Payroll system\u{201d}: "
        ),
        ["in_scope", "integrity", "name"]
    );
    assert_eq!(field(e, "in_scope").before, json!(true));
    assert_eq!(field(e, "integrity").after, json!("critical"));

    // No-op: nothing logged, updated_at kept.
    w.tick();
    let before = w.isms.clone();
    let same = w.isms.asset(&id).expect("stored").clone();
    let c = w.ok(Command::save(same));
    assert_eq!(c.record_id.as_deref(), Some(id.as_str()));
    assert!(c.entries.is_empty());
    assert_eq!(w.isms, before);
}

#[test]
fn asset_validation_errors_change_nothing() {
    let mut w = World::new();
    let crm = w.add_asset(asset("CRM", "Sales"));

    let err = w.refused(Command::save(asset("", "")));
    let DomainError::Invalid(e) = &err else {
        panic!()
    };
    let paths: Vec<&str> = e.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["name", "owner"]);
    assert_eq!(
        err.to_string(),
        "Please correct: name: is required; owner: is required"
    );

    let mut a = asset("Web", "CTO");
    a.depends_on = vec!["missing".into()];
    let DomainError::Invalid(e) = w.refused(Command::save(a)) else {
        panic!()
    };
    assert_eq!(e[0].path, "depends_on[0]");
    assert_eq!(e[0].message, "no asset has the id missing");

    let mut a = asset("Web", "CTO");
    a.depends_on = vec![crm.clone(), crm.clone()];
    let DomainError::Invalid(e) = w.refused(Command::save(a)) else {
        panic!()
    };
    assert_eq!(
        (e[0].path.as_str(), e[0].message.as_str()),
        ("depends_on[1]", "is listed twice")
    );

    let mut me = w.isms.asset(&crm).expect("stored").clone();
    me.depends_on = vec![crm.clone()];
    let DomainError::Invalid(e) = w.refused(Command::save(me)) else {
        panic!()
    };
    assert_eq!(
        (e[0].path.as_str(), e[0].message.as_str()),
        ("depends_on[0]", "an asset cannot depend on itself")
    );

    let mut a = asset("Web", "CTO");
    a.tags = vec!["GDPR".into(), " gdpr".into()];
    let DomainError::Invalid(e) = w.refused(Command::save(a)) else {
        panic!()
    };
    assert_eq!(e[0].path, "tags[1]");
    assert!(e[0].message.contains("listed twice"), "{}", e[0].message);

    let mut ghost = asset("Ghost", "Nobody");
    ghost.id = nth_id(777);
    assert_eq!(
        w.refused(Command::save(ghost)),
        DomainError::NotFound {
            kind: RecordKind::Asset,
            id: nth_id(777)
        }
    );
    let err = w.refused(Command::Delete {
        kind: RecordKind::Asset,
        id: nth_id(777),
        detach: true,
    });
    assert_eq!(
        err,
        DomainError::NotFound {
            kind: RecordKind::Asset,
            id: nth_id(777)
        }
    );
    assert!(err.to_string().starts_with("Asset "), "{err}");
}

#[test]
fn delete_asset_with_dependents_is_refused_listing_them() {
    let mut w = World::new();
    let db = w.add_asset(asset("Database", "CTO"));
    let mut app = asset("Portal", "CTO");
    app.depends_on = vec![db.clone()];
    w.add_asset(app);
    let mut bak = asset("Backups \"nightly\"", "Ops");
    bak.depends_on = vec![db.clone()];
    w.add_asset(bak);

    let err = w.refused(Command::Delete {
        kind: RecordKind::Asset,
        id: db.clone(),
        detach: false,
    });
    assert_eq!(
        err,
        DomainError::Referenced {
            kind: RecordKind::Asset,
            id: db.clone(),
            by: vec![
                "A-0002 \u{201c}Portal\u{201d}".into(),
                "A-0003 \u{201c}Backups \"nightly\"\u{201d}".into()
            ],
        }
    );
    assert_eq!(
        err.to_string(),
        "This asset is referred to by 2 records: A-0002 \u{201c}Portal\u{201d}, A-0003 \u{201c}Backups \"nightly\"\u{201d}."
    );
    assert_eq!(w.isms.assets.len(), 3);
}

#[test]
fn delete_asset_with_detach_removes_dependency_and_logs_each_change() {
    let mut w = World::new();
    let db = w.add_asset(asset("Database", "CTO"));
    let other = w.add_asset(asset("Queue", "CTO"));
    let mut app = asset("Portal", "CTO");
    app.depends_on = vec![other.clone(), db.clone()];
    let app = w.add_asset(app);
    let mut bak = asset("Backups", "Ops");
    bak.depends_on = vec![db.clone()];
    let bak = w.add_asset(bak);
    w.tick();
    w.actor = "Carol".into();

    let c = w.ok(Command::Delete {
        kind: RecordKind::Asset,
        id: db.clone(),
        detach: true,
    });
    assert_eq!(c.record_id.as_deref(), Some(db.as_str()));
    assert_eq!(c.entries.len(), 3);
    let (e1, e2, e3) = (&c.entries[0], &c.entries[1], &c.entries[2]);
    assert_eq!([e1.seq, e2.seq, e3.seq], [5, 6, 7]);
    assert!(c
        .entries
        .iter()
        .all(|e| e.actor == "Carol" && e.at == "2026-01-15T09:01:00Z"));
    assert_eq!(
        (e1.action, e1.record_id.as_str(), e1.reference.as_str()),
        (Action::Update, app.as_str(), "A-0003")
    );
    assert_eq!(e1.summary, "Removed A-0001 from the dependencies of asset A-0003 \u{201c}Portal\u{201d} (it was deleted)");
    assert_eq!(
        e1.changes,
        vec![FieldChange {
            field: "depends_on".into(),
            before: json!([other, db]),
            after: json!([other])
        }]
    );
    assert_eq!(
        (e2.action, e2.record_id.as_str()),
        (Action::Update, bak.as_str())
    );
    assert_eq!(e2.changes[0].after, json!([]));
    assert_eq!(
        (e3.action, e3.kind, e3.reference.as_str()),
        (Action::Delete, RecordKind::Asset, "A-0001")
    );
    assert_eq!(e3.summary, "Deleted asset A-0001 \u{201c}Database\u{201d}");

    assert!(w.isms.asset(&db).is_none());
    assert_eq!(
        w.isms.asset(&app).map(|a| a.depends_on.clone()),
        Some(vec![other.clone()])
    );
    assert_eq!(
        w.isms.asset(&app).map(|a| a.updated_at.as_str()),
        Some("2026-01-15T09:01:00Z")
    );
    assert!(w.isms.asset(&bak).is_some_and(|a| a.depends_on.is_empty()));
    assert!(w.isms.dependents_of(&db).is_empty());
    assert!(w.isms.check().is_empty(), "{:?}", w.isms.check());
    assert_eq!(w.isms.audit_log.last(), Some(e3));
}

// ---------------------------------------------------------------- whole ISMS

#[test]
fn replace_all_swaps_the_isms_repairs_counters_and_logs_an_import() {
    let mut w = realistic();
    let seq_before = w.isms.audit_log.len() as u64;
    let mut incoming = isms::core::sample::generate(7, 3);
    incoming.counters.clear(); // a hand-edited file with no counters
    let incoming_log_len = incoming.audit_log.len();
    let c = w.ok(Command::ReplaceAll {
        isms: Box::new(incoming.clone()),
        source: "backup.json".into(),
    });
    let e = only_entry(&c);
    assert_eq!((e.action, e.kind), (Action::Import, RecordKind::Isms));
    assert_eq!(
        e.summary,
        "Imported the ISMS from backup.json: 7 assets, 0 risks, 5 interested parties, 5 issues, 94 controls (replacing 4 assets, 0 risks, 2 interested parties, 3 issues, 93 controls)"
    );
    assert_eq!(
        e.seq, 1,
        "the log is the imported one ({incoming_log_len} entries), not the old one ({seq_before})"
    );
    assert_eq!(w.isms.assets, incoming.assets);
    assert_eq!(w.isms.audit_log.len(), incoming_log_len + 1);
    assert_eq!(w.isms.counters.get("A"), Some(&7));
    assert_eq!(w.isms.counters.get("P"), Some(&5));
    assert_eq!(w.isms.counters.get("I"), Some(&5));
    // So a new asset continues after the highest reference in the file.
    let id = w.add_asset(asset("New", "Me"));
    assert_eq!(
        w.isms.asset(&id).map(|a| a.reference.as_str()),
        Some("A-0008")
    );
}

#[test]
fn replace_all_keeps_a_higher_counter_and_refuses_an_invalid_isms() {
    let mut w = World::new();
    let mut incoming = isms::core::sample::generate(2, 9);
    incoming.counters.insert("A".into(), 50);
    w.ok(Command::ReplaceAll {
        isms: Box::new(incoming.clone()),
        source: "x".into(),
    });
    assert_eq!(w.isms.counters.get("A"), Some(&50));

    let mut w = realistic();
    incoming.assets[1].owner = String::new();
    let err = w.refused(Command::ReplaceAll {
        isms: Box::new(incoming),
        source: "bad.json".into(),
    });
    let DomainError::Invalid(e) = err else {
        panic!()
    };
    assert_eq!(e[0].path, "assets[1].owner");
}

#[test]
fn no_actor_is_refused_for_every_command() {
    let mut w = realistic();
    let a = w.isms.assets[0].clone();
    let cmds = vec![
        Command::SetOrganisation(organisation("X")),
        Command::SetScope(Scope::default()),
        Command::save(issue("X")),
        Command::Delete {
            kind: RecordKind::Issue,
            detach: false,
            id: w.isms.issues[0].id.clone(),
        },
        Command::save(party("X", vec![])),
        Command::Delete {
            kind: RecordKind::Party,
            detach: false,
            id: w.isms.parties[0].id.clone(),
        },
        Command::save(asset("X", "Y")),
        Command::Delete {
            kind: RecordKind::Asset,
            id: a.id.clone(),
            detach: true,
        },
        Command::ReplaceAll {
            isms: Box::default(),
            source: "x".into(),
        },
    ];
    for actor in ["", "  \t\n"] {
        w.actor = actor.into();
        for cmd in cmds.clone() {
            assert_eq!(w.refused(cmd), DomainError::NoActor);
        }
    }
    assert!(DomainError::NoActor.to_string().contains("name"));
}

#[test]
fn an_overlong_actor_is_refused_so_the_log_stays_valid() {
    let mut w = World::new();
    w.actor = "n".repeat(kernel::check::MAX_SHORT + 1);
    let err = w.refused(Command::save(issue("X")));
    assert!(
        matches!(&err, DomainError::Invalid(e) if e[0].path == "actor"),
        "{err:?}"
    );
    w.actor = "n".repeat(kernel::check::MAX_SHORT);
    w.ok(Command::save(issue("X")));
    assert!(w.isms.check().is_empty());
}

#[test]
fn audit_log_of_a_session_is_consistent_and_valid() {
    let w = realistic();
    let log = &w.isms.audit_log;
    assert!(log.len() >= 12, "{}", log.len());
    for (i, e) in log.iter().enumerate() {
        assert_eq!(e.seq, i as u64 + 1);
        assert!(!e.summary.is_empty());
        assert!(
            chrono::DateTime::parse_from_rfc3339(&e.at).is_ok(),
            "{}",
            e.at
        );
    }
    assert!(log.windows(2).all(|p| p[0].at <= p[1].at));
    assert!(
        log.iter().any(|e| e.actor == "Alice Auditor")
            && log.iter().any(|e| e.actor == "Bob Builder")
    );
    assert!(w.isms.check().is_empty(), "{:?}", w.isms.check());
    assert_eq!(w.isms.counters.get("A"), Some(&5));
    let refs: Vec<&str> = w.isms.assets.iter().map(|a| a.reference.as_str()).collect();
    assert_eq!(refs, ["A-0001", "A-0002", "A-0004", "A-0005"]);
}

#[test]
fn timestamps_are_whole_seconds_utc() {
    let t0 = t(0) + chrono::Duration::milliseconds(987);
    assert_eq!(timestamp(t0), "2026-01-15T09:00:00Z");
    let mut isms = Isms::default();
    let mut n = 0u64;
    let mut next = || {
        n += 1;
        nth_id(n)
    };
    let mut ctx = Ctx {
        now: t0,
        actor: "Dana",
        new_id: &mut next,
    };
    let c = isms
        .apply(Command::save(issue("X")), &mut ctx)
        .expect("accepted");
    assert_eq!(c.entries[0].at, "2026-01-15T09:00:00Z");
    assert_eq!(isms.issues[0].created_at, "2026-01-15T09:00:00Z");
    assert_eq!(n, 1, "one id drawn for one issue");
}

#[test]
fn diff_ignores_bookkeeping_fields() {
    let mut a = asset("A", "B");
    let mut b = a.clone();
    b.id = "x".into();
    b.reference = "A-0009".into();
    b.created_at = "then".into();
    b.updated_at = "now".into();
    assert!(diff(&a, &b).is_empty());
    a.location = "Leeds".into();
    assert_eq!(
        diff(&b, &a),
        vec![FieldChange {
            field: "location".into(),
            before: json!(""),
            after: json!("Leeds")
        }]
    );
}
