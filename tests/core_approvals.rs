#![cfg(not(target_arch = "wasm32"))]
//! Approved versions: approving the SoA, the risk method, the scope and the
//! treatment plan; where a document stands against its last version; the
//! comparison item by item; the hash; versions in the file, and a file
//! whose versions were altered refused.

mod core_common;

use core_common::*;
use isms::core::approvals::snapshot::{self, Difference};
use isms::core::approvals::{self, Approve, Standing, Subject};
use isms::core::file::format;
use isms::core::kernel::command::{Command, DomainError};
use isms::core::*;
use serde_json::Value;

fn approve(who: &str) -> Approve {
    Approve {
        document_id: "ISMS-SOA".into(),
        classification: "Internal".into(),
        approved_by: who.into(),
        role: "CISO".into(),
        date: "2026-01-15".into(),
        note: "First issue".into(),
    }
}

fn cmd(subject: Subject, who: &str) -> Command {
    Command::Approve {
        subject,
        approval: approve(who),
    }
}

fn set_status(w: &mut World, reference: &str, s: ImplementationStatus) {
    let mut c = w
        .isms
        .by_reference::<Control>(reference)
        .expect("control")
        .clone();
    c.status = s;
    w.ok(Command::save(c));
}

#[test]
fn the_hash_is_sha256_of_the_canonical_snapshot() {
    // Reference: Python's hashlib.sha256(b'{"columns":["Value"],"items":[]}').
    let empty = approvals::Snapshot {
        columns: vec!["Value".into()],
        items: Vec::new(),
    };
    assert_eq!(
        snapshot::sha256(&empty),
        "c5db29ffa75023839b2e8749716aadaccb0a63b82dff2b942631f4e8c56eb8a4"
    );
}

#[test]
fn approving_the_soa_stores_a_numbered_read_only_version_and_logs_it() {
    let mut w = realistic_with_risks();
    assert_eq!(approvals::standing(&w.isms, Subject::Soa), Standing::Draft);
    let seq = w.isms.audit_log.len();
    w.ok(cmd(Subject::Soa, "Carla CISO"));
    let v1 = approvals::latest(&w.isms, Subject::Soa)
        .expect("v1")
        .clone();
    assert_eq!(v1.version, 1);
    assert_eq!(
        (v1.approved_by.as_str(), v1.role.as_str(), v1.date.as_str()),
        ("Carla CISO", "CISO", "2026-01-15")
    );
    assert_eq!(v1.recorded_by, w.actor);
    assert_eq!(v1.snapshot.items.len(), 93);
    assert_eq!(v1.snapshot.items[0].item, "A.5.1");
    assert_eq!(v1.sha256, snapshot::sha256(&v1.snapshot));
    assert_eq!(v1.sha256.len(), 64);
    let e = &w.isms.audit_log[seq];
    assert_eq!((e.action, e.kind), (Action::Approve, RecordKind::Soa));
    assert!(
        e.summary
            .starts_with("Approved version 1 of the Statement of Applicability"),
        "{}",
        e.summary
    );
    assert_eq!(
        approvals::standing(&w.isms, Subject::Soa),
        Standing::Approved(1)
    );

    // Nothing new to approve: refused, nothing changed.
    match w.refused(cmd(Subject::Soa, "Carla CISO")) {
        DomainError::Refused(m) => assert!(m.contains("has not changed since version 1"), "{m}"),
        e => panic!("{e:?}"),
    }

    // A change makes the SoA differ from version 1, by one item.
    set_status(&mut w, "A.8.7", ImplementationStatus::Implemented);
    assert_eq!(
        approvals::standing(&w.isms, Subject::Soa),
        Standing::Changed {
            version: 1,
            changes: 1
        }
    );
    let now = snapshot::of(&w.isms, Subject::Soa);
    let d = snapshot::compare(&v1.snapshot, &now);
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0].to_string(),
        "A.8.7: Implementation status Not started → Implemented"
    );
    w.tick();
    w.ok(cmd(Subject::Soa, "Carla CISO"));
    let v2 = approvals::latest(&w.isms, Subject::Soa).expect("v2");
    assert_eq!(v2.version, 2);
    assert_eq!(snapshot::compare(&v1.snapshot, &v2.snapshot), d);
    // Version 1 is as it was approved.
    assert_eq!(approvals::versions(&w.isms, Subject::Soa).next(), Some(&v1));
}

#[test]
fn an_approval_needs_who_their_role_a_date_and_a_document_id() {
    let mut w = World::new();
    let bad = Command::Approve {
        subject: Subject::Soa,
        approval: Approve {
            date: "15/01/2026".into(),
            ..Approve::default()
        },
    };
    let DomainError::Invalid(errs) = w.refused(bad) else {
        panic!("not field errors")
    };
    let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        text,
        [
            "document_id: is required",
            "approved_by: is required",
            "role: is required",
            "date: expected a date such as 2026-01-31"
        ]
    );
}

#[test]
fn the_comparison_shows_items_added_removed_and_changed() {
    let mut w = realistic_with_risks();
    w.ok(Command::Approve {
        subject: Subject::Scope,
        approval: approve("Carla"),
    });
    let mut s = w.isms.scope.clone();
    s.inclusions.push(ScopeItem {
        text: "Payroll office".into(),
        justification: String::new(),
    });
    let removed = s.locations.remove(0);
    s.statement.push_str(" and the payroll office");
    w.ok(Command::SetScope(s));
    let v1 = approvals::latest(&w.isms, Subject::Scope).expect("v1");
    let d = snapshot::compare(&v1.snapshot, &snapshot::of(&w.isms, Subject::Scope));
    let kinds: Vec<(Difference, &str)> =
        d.iter().map(|r| (r.difference, r.item.as_str())).collect();
    let loc = format!("Location: {removed}");
    assert_eq!(
        kinds,
        [
            (Difference::Changed, "Scope statement"),
            (Difference::Added, "Included: Payroll office"),
            (Difference::Removed, loc.as_str()),
        ]
    );
    assert_eq!(d[1].to_string(), "Included: Payroll office: added");
}

#[test]
fn the_method_and_the_treatment_plan_are_approved_the_same_way() {
    let mut w = realistic_with_risks();
    w.ok(cmd(Subject::RiskMethod, "Carla"));
    w.ok(cmd(Subject::TreatmentPlan, "Rita Risk-Owner"));
    let plan = approvals::latest(&w.isms, Subject::TreatmentPlan).expect("plan");
    assert_eq!(
        plan.snapshot.columns,
        snapshot::PLAN_COLUMNS
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
    );
    assert!(!plan.snapshot.items.is_empty());
    // Renaming the top risk level changes the method's snapshot.
    let mut m = w.isms.risk_method.clone();
    let last = m.levels.len() - 1;
    m.levels[last].name = "Extreme".into();
    w.ok(Command::SetRiskMethod {
        method: m,
        confirmed: true,
    });
    match approvals::standing(&w.isms, Subject::RiskMethod) {
        Standing::Changed {
            version: 1,
            changes,
        } => assert!(changes >= 1),
        s => panic!("{s:?}"),
    }
    // Each document keeps its own numbering.
    w.ok(cmd(Subject::RiskMethod, "Carla"));
    let numbers: Vec<(Subject, u32)> = w
        .isms
        .approvals
        .iter()
        .map(|a| (a.subject, a.version))
        .collect();
    assert_eq!(
        numbers,
        [
            (Subject::RiskMethod, 1),
            (Subject::TreatmentPlan, 1),
            (Subject::RiskMethod, 2)
        ]
    );
}

#[test]
fn versions_travel_in_the_file_and_an_altered_one_is_refused() {
    let mut w = realistic_with_risks();
    w.ok(cmd(Subject::Soa, "Carla CISO"));
    set_status(&mut w, "A.8.7", ImplementationStatus::Planned);
    w.ok(cmd(Subject::Soa, "Carla CISO"));
    let text = format::export(&w.isms, t(60), "Alice");
    let back = format::import(&text).expect("imports");
    assert_eq!(back.isms.approvals, w.isms.approvals);

    // A value of version 1 edited by hand: the hash no longer matches.
    let mut v: Value = serde_json::from_str(&text).expect("json");
    let items = &mut v["data"]["approvals"][0]["snapshot"]["items"];
    let a87 = items
        .as_array_mut()
        .expect("items")
        .iter_mut()
        .find(|i| i["item"] == "A.8.7")
        .expect("A.8.7");
    a87["values"][5] = Value::String("Implemented".into());
    let err = format::import(&v.to_string()).expect_err("refused");
    let said = err.to_string();
    assert!(
        said.contains("approvals[0].sha256")
            && said.contains("version 1 of the Statement of Applicability was altered"),
        "{said}"
    );

    // A version removed: the numbering says so.
    let mut v: Value = serde_json::from_str(&text).expect("json");
    v["data"]["approvals"]
        .as_array_mut()
        .expect("list")
        .remove(0);
    let said = format::import(&v.to_string())
        .expect_err("refused")
        .to_string();
    assert!(said.contains("approvals[0].version"), "{said}");

    // A snapshot whose row does not fit its columns.
    let mut v: Value = serde_json::from_str(&text).expect("json");
    v["data"]["approvals"][1]["snapshot"]["items"][0]["values"]
        .as_array_mut()
        .expect("values")
        .pop();
    let said = format::import(&v.to_string())
        .expect_err("refused")
        .to_string();
    assert!(said.contains("approvals[1].snapshot"), "{said}");
}

#[test]
fn an_approval_is_dated_between_the_last_version_and_today() {
    let mut w = realistic_with_risks();
    w.ok(cmd(Subject::Soa, "Carla"));
    set_status(&mut w, "A.8.7", ImplementationStatus::Planned);
    let dated = |date: &str| Command::Approve {
        subject: Subject::Soa,
        approval: Approve {
            date: date.into(),
            ..approve("Carla")
        },
    };
    let said = |e: DomainError| match e {
        DomainError::Invalid(errs) => errs[0].to_string(),
        e => panic!("{e:?}"),
    };
    assert_eq!(
        said(w.refused(dated("2026-01-17"))),
        "date: is in the future: an approval is recorded once it is given"
    );
    assert_eq!(
        said(w.refused(dated("2025-12-31"))),
        "date: is before version 1's (2026-01-15): versions are approved in order"
    );
    w.ok(dated("2026-01-15"));
}
