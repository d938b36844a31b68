//! The risk register in the pure core: the risk commands and their audit
//! log, the risk rules, changes of the risk method, the register's computed
//! rows (levels, review dates, what needs attention), the heat map, the
//! filters and sorts, the CSV export, the file reader for risks, the sample
//! generator and the date helpers.

mod core_common;

use core_common::*;
use isms::core::file::format::{self, FormatError};
use isms::core::kernel::command::{Change, Command, DomainError};
use isms::core::kernel::dates;
use isms::core::kernel::text::fold;
use isms::core::risk::register::{self, RiskFilter, RiskSort, Row, Which};
use isms::core::risk::{preset_3x3, preset_4x4, preset_5x5, Band, Formula, RiskMethod, Scoring};
use isms::core::sample::{add_risks, generate};
use isms::core::*;
use serde_json::{json, Value};
use std::cmp::Ordering;

// ---------------------------------------------------------------- helpers

fn paths(errs: &[FieldError]) -> Vec<&str> {
    errs.iter().map(|e| e.path.as_str()).collect()
}

/// The message of the one error at `path` (there may be errors elsewhere).
fn message_at<'a>(errs: &'a [FieldError], path: &str) -> &'a str {
    let found: Vec<&FieldError> = errs.iter().filter(|e| e.path == path).collect();
    assert_eq!(found.len(), 1, "expected one error at {path}: {errs:?}");
    &found[0].message
}

fn only_entry(c: &Change) -> &AuditEntry {
    assert_eq!(c.entries.len(), 1, "expected one entry: {c:?}");
    &c.entries[0]
}

/// The editable fields of a risk, as the log names them, sorted.
const RISK_FIELDS: &[&str] = &[
    "acceptance",
    "actions",
    "assets",
    "availability",
    "closed_reason",
    "confidentiality",
    "controls",
    "current",
    "description",
    "existing_controls",
    "inherent",
    "integrity",
    "last_review",
    "owner",
    "plan_approval",
    "residual",
    "status",
    "threat",
    "title",
    "treatment",
    "treatment_rationale",
    "vulnerability",
];

/// The field errors of a refused command (which must change nothing).
fn invalid(w: &mut World, cmd: Command) -> Vec<FieldError> {
    match w.refused(cmd) {
        DomainError::Invalid(errs) => errs,
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// A world with one asset ("Shipment database"); returns its id.
fn world_with_asset() -> (World, String) {
    let mut w = World::new();
    let id = w.add_asset(asset("Shipment database", "Head of IT"));
    (w, id)
}

fn action(title: &str, due: &str, status: ActionStatus) -> TreatmentAction {
    TreatmentAction {
        id: String::new(),
        title: title.into(),
        owner: "Head of IT".into(),
        due: due.into(),
        status,
        control: isms::core::controls::annex_a::control_id("8.13"),
    }
}

fn acceptance(date: &str, expires: &str, exception: bool) -> Acceptance {
    Acceptance {
        accepted_by: "Managing director".into(),
        date: date.into(),
        rationale: "Cost outweighs the benefit.".into(),
        expires: expires.into(),
        exception,
        ..Acceptance::default()
    }
}

/// A risk retained with `current`, accepted on 2026-01-15 (no expiry).
fn retained(title: &str, current: Score, exception: bool) -> Risk {
    let mut r = risk(title, "CFO");
    r.current = Some(current);
    r.treatment = Treatment::Retain;
    r.treatment_rationale = "Accepted at the workshop.".into();
    r.status = RiskStatus::Accepted;
    r.acceptance = Some(acceptance("2026-01-15", "", exception));
    r
}

fn grid_mut(m: &mut RiskMethod) -> &mut Vec<Vec<usize>> {
    match &mut m.scoring {
        Scoring::Lookup { grid } => grid,
        Scoring::Formula { .. } => panic!("not a lookup method"),
    }
}

/// The 5 × 5 scales with the product formula cut as the 5 × 5 preset's
/// grid is (1–4, 5–9, 10–16, 17–25): the same level for every cell.
fn product_formula() -> RiskMethod {
    let mut m = preset_5x5();
    m.scoring = Scoring::Formula {
        formula: Formula::Product,
        bands: vec![
            Band {
                from: 1,
                to: 4,
                level: 1,
            },
            Band {
                from: 5,
                to: 9,
                level: 2,
            },
            Band {
                from: 10,
                to: 16,
                level: 3,
            },
            Band {
                from: 17,
                to: 25,
                level: 4,
            },
        ],
    };
    assert!(isms::core::risk::validate(&m).is_empty());
    m
}

/// The 5 × 5 scales with likelihood + impact (2 to 10) cut in four.
fn sum_formula() -> RiskMethod {
    let mut m = preset_5x5();
    m.scoring = Scoring::Formula {
        formula: Formula::Sum,
        bands: vec![
            Band {
                from: 2,
                to: 4,
                level: 1,
            },
            Band {
                from: 5,
                to: 6,
                level: 2,
            },
            Band {
                from: 7,
                to: 8,
                level: 3,
            },
            Band {
                from: 9,
                to: 10,
                level: 4,
            },
        ],
    };
    assert!(isms::core::risk::validate(&m).is_empty());
    m
}

/// A generated ISMS (`assets` assets) under `method` with `risks` risks.
fn generated(assets: usize, risks: usize, method: RiskMethod, seed: u64) -> Isms {
    let mut m = generate(assets, seed);
    m.risk_method = method;
    add_risks(&mut m, risks, seed.wrapping_add(4));
    m
}

// ---------------------------------------------------------------- SaveRisk / DeleteRisk

#[test]
fn save_risk_creates_references_that_are_never_reused() {
    let (mut w, _) = world_with_asset();
    let c = w.ok(Command::save(risk("First", "CTO")));
    let first = c.record_id.clone().expect("id");
    assert!(isms::core::kernel::ids::is_uuid(&first));
    let r = w.isms.risk(&first).expect("stored");
    assert_eq!(r.reference, "R-0001");
    assert_eq!(r.created_at, "2026-01-15T09:00:00Z");
    assert_eq!(r.updated_at, "2026-01-15T09:00:00Z");
    w.tick();
    let second = w
        .ok(Command::save(risk("Second", "CTO")))
        .record_id
        .expect("id");
    assert_eq!(w.isms.risk(&second).expect("stored").reference, "R-0002");
    assert_eq!(
        w.isms.risk(&second).expect("stored").created_at,
        "2026-01-15T09:01:00Z"
    );

    // Deleting the newest does not hand its number out again.
    w.ok(Command::Delete {
        kind: RecordKind::Risk,
        detach: false,
        id: second,
    });
    let third = w
        .ok(Command::save(risk("Third", "CTO")))
        .record_id
        .expect("id");
    assert_eq!(w.isms.risk(&third).expect("stored").reference, "R-0003");
    w.ok(Command::Delete {
        kind: RecordKind::Risk,
        detach: false,
        id: first,
    });
    w.ok(Command::Delete {
        kind: RecordKind::Risk,
        detach: false,
        id: third,
    });
    assert!(w.isms.risks.is_empty());
    let fourth = w
        .ok(Command::save(risk("Fourth", "CTO")))
        .record_id
        .expect("id");
    assert_eq!(w.isms.risk(&fourth).expect("stored").reference, "R-0004");
    assert_eq!(w.isms.counters.get("R"), Some(&4));
    assert!(w.isms.check().is_empty(), "{:?}", w.isms.check());
}

#[test]
fn save_risk_logs_a_create_with_every_field() {
    let (mut w, db) = world_with_asset();
    let mut r = risk("Ransomware", "Head of IT");
    r.assets = vec![db.clone()];
    r.residual = Some(Score::new(2, 3));
    r.treatment = Treatment::Modify;
    r.treatment_rationale = "Too likely.".into();
    r.status = RiskStatus::Treatment;
    r.actions = vec![action(
        "Offline backup",
        "2026-03-31",
        ActionStatus::Planned,
    )];
    let before_log = w.isms.audit_log.len();
    let c = w.ok(Command::save(r));
    let e = only_entry(&c);
    assert_eq!(w.isms.audit_log.len(), before_log + 1);
    assert_eq!(w.isms.audit_log.last(), Some(e));
    assert_eq!(e.action, Action::Create);
    assert_eq!(e.kind, RecordKind::Risk);
    assert_eq!(Some(&e.record_id), c.record_id.as_ref());
    assert_eq!(e.reference, "R-0001");
    assert_eq!(e.actor, "Alice Auditor");
    assert_eq!(e.at, "2026-01-15T09:00:00Z");
    assert_eq!(e.summary, "Created risk R-0001 \u{201c}Ransomware\u{201d}");
    assert_eq!(changed_fields(e), RISK_FIELDS);
    assert!(e.changes.iter().all(|c| c.before == Value::Null), "{e:?}");
    assert_eq!(field(e, "title").after, json!("Ransomware"));
    assert_eq!(field(e, "assets").after, json!([db]));
    assert_eq!(
        field(e, "inherent").after,
        json!({"likelihood": 4, "impact": 4})
    );
    assert_eq!(
        field(e, "current").after,
        json!({"likelihood": 3, "impact": 3})
    );
    assert_eq!(
        field(e, "residual").after,
        json!({"likelihood": 2, "impact": 3})
    );
    assert_eq!(field(e, "treatment").after, json!("modify"));
    assert_eq!(field(e, "status").after, json!("in_treatment"));
    assert_eq!(field(e, "acceptance").after, Value::Null);
    // The logged action carries the id it was given.
    let stored = w.isms.risks[0].actions[0].id.clone();
    assert_eq!(field(e, "actions").after[0]["id"], json!(stored));
}

#[test]
fn actions_get_ids_and_keep_them() {
    let mut w = World::new();
    let mut r = risk("Ransomware", "Head of IT");
    r.actions = vec![
        action("Offline backup", "2026-03-31", ActionStatus::Planned),
        action("Restore test", "", ActionStatus::InProgress),
    ];
    let id = w.ok(Command::save(r)).record_id.expect("id");
    let stored = w.isms.risk(&id).expect("stored").clone();
    // The actions' ids are drawn before the risk's.
    assert_eq!(stored.actions[0].id, nth_id(1));
    assert_eq!(stored.actions[1].id, nth_id(2));
    assert_eq!(stored.id, nth_id(3));

    // An update keeps the ids it is given and draws one for a new action.
    w.tick();
    let mut r = stored.clone();
    r.actions
        .push(action("Train staff", "2026-05-01", ActionStatus::Planned));
    r.actions[0].status = ActionStatus::Done;
    let c = w.ok(Command::save(r));
    let e = only_entry(&c);
    assert_eq!(changed_fields(e), ["actions"]);
    let now = w.isms.risk(&id).expect("stored");
    assert_eq!(now.actions.len(), 3);
    assert_eq!(now.actions[0].id, nth_id(1));
    assert_eq!(now.actions[0].status, ActionStatus::Done);
    assert_eq!(now.actions[1].id, nth_id(2));
    assert_eq!(now.actions[2].id, nth_id(4));
    assert_eq!(field(e, "actions").before.as_array().map(Vec::len), Some(2));
    assert_eq!(field(e, "actions").after[2]["id"], json!(nth_id(4)));
}

#[test]
fn update_logs_only_the_changed_fields_and_keeps_the_bookkeeping() {
    let mut w = World::new();
    let id = w
        .ok(Command::save(risk("Ransomware", "Head of IT")))
        .record_id
        .expect("id");
    w.tick();
    w.actor = "Bob Builder".into();
    let mut r = w.isms.risk(&id).expect("stored").clone();
    r.title = "Ransomware on the database".into();
    r.current = Some(Score::new(2, 3));
    // Reference and creation time sent by a caller are ignored.
    r.reference = "R-9999".into();
    r.created_at = "2020-01-01T00:00:00Z".into();
    let c = w.ok(Command::save(r));
    assert_eq!(c.record_id.as_deref(), Some(id.as_str()));
    let e = only_entry(&c);
    assert_eq!(e.action, Action::Update);
    assert_eq!(e.kind, RecordKind::Risk);
    assert_eq!(e.reference, "R-0001");
    assert_eq!(e.actor, "Bob Builder");
    assert_eq!(e.seq, 2);
    assert_eq!(
        e.summary,
        "Updated risk R-0001 \u{201c}Ransomware on the database\u{201d}: current, title"
    );
    assert_eq!(changed_fields(e), ["current", "title"]);
    assert_eq!(
        field(e, "current").before,
        json!({"likelihood": 3, "impact": 3})
    );
    assert_eq!(
        field(e, "current").after,
        json!({"likelihood": 2, "impact": 3})
    );
    assert_eq!(field(e, "title").before, json!("Ransomware"));
    let stored = w.isms.risk(&id).expect("stored");
    assert_eq!(stored.reference, "R-0001");
    assert_eq!(stored.created_at, "2026-01-15T09:00:00Z");
    assert_eq!(stored.updated_at, "2026-01-15T09:01:00Z");
    assert_eq!(stored.current, Some(Score::new(2, 3)));

    // Removing the residual logs it as a change to null.
    let mut r = stored.clone();
    r.residual = Some(Score::new(1, 1));
    w.ok(Command::save(r.clone()));
    r.residual = None;
    let c = w.ok(Command::save(r));
    let e = only_entry(&c);
    assert_eq!(changed_fields(e), ["residual"]);
    assert_eq!(
        field(e, "residual").before,
        json!({"likelihood": 1, "impact": 1})
    );
    assert_eq!(field(e, "residual").after, Value::Null);
}

#[test]
fn no_op_update_logs_nothing() {
    let mut w = World::new();
    let id = w
        .ok(Command::save(risk("Ransomware", "Head of IT")))
        .record_id
        .expect("id");
    w.tick();
    let before = w.isms.clone();
    let same = w.isms.risk(&id).expect("stored").clone();
    let c = w.ok(Command::save(same));
    assert_eq!(
        c,
        Change {
            record_id: Some(id),
            entries: vec![],
            restore: None,
        }
    );
    assert_eq!(w.isms, before, "not even updated_at moves");
}

#[test]
fn delete_risk_logs_every_field_and_refuses_unknown_ids() {
    let (mut w, db) = world_with_asset();
    let mut r = risk("Ransomware", "Head of IT");
    r.assets = vec![db.clone()];
    let id = w.ok(Command::save(r)).record_id.expect("id");
    w.tick();
    let c = w.ok(Command::Delete {
        kind: RecordKind::Risk,
        detach: false,
        id: id.clone(),
    });
    assert_eq!(c.record_id.as_deref(), Some(id.as_str()));
    let e = only_entry(&c);
    assert_eq!(e.action, Action::Delete);
    assert_eq!(e.kind, RecordKind::Risk);
    assert_eq!(e.record_id, id);
    assert_eq!(e.reference, "R-0001");
    assert_eq!(e.at, "2026-01-15T09:01:00Z");
    assert_eq!(e.summary, "Deleted risk R-0001 \u{201c}Ransomware\u{201d}");
    // Every field, and when it was created (so the log can put it back).
    let mut every: Vec<&str> = RISK_FIELDS.to_vec();
    every.push("created_at");
    every.sort();
    assert_eq!(changed_fields(e), every);
    assert_eq!(field(e, "created_at").before, json!("2026-01-15T09:00:00Z"));
    assert!(e.changes.iter().all(|c| c.after == Value::Null));
    assert_eq!(field(e, "assets").before, json!([db]));
    assert!(w.isms.risk(&id).is_none());
    // The asset is untouched.
    assert_eq!(w.isms.assets.len(), 1);

    let err = w.refused(Command::Delete {
        kind: RecordKind::Risk,
        detach: false,
        id: id.clone(),
    });
    assert_eq!(
        err,
        DomainError::NotFound {
            kind: RecordKind::Risk,
            id: id.clone()
        }
    );
    assert_eq!(
        err.to_string(),
        format!("Risk {id} no longer exists (it may have been deleted).")
    );
    let mut gone = risk("Ransomware", "Head of IT");
    gone.id = id.clone();
    assert_eq!(
        w.refused(Command::save(gone)),
        DomainError::NotFound {
            kind: RecordKind::Risk,
            id
        }
    );
}

#[test]
fn risk_commands_need_an_actor() {
    let mut w = World::new();
    w.actor = "  ".into();
    assert_eq!(
        w.refused(Command::save(risk("R", "O"))),
        DomainError::NoActor
    );
}

// ---------------------------------------------------------------- risk rules

#[test]
fn title_and_owner_are_required() {
    let mut w = World::new();
    let err = w.refused(Command::save(risk("  ", "\t")));
    assert_eq!(
        err.to_string(),
        "Please correct: title: is required; owner: is required"
    );
    let DomainError::Invalid(errs) = err else {
        panic!()
    };
    assert_eq!(paths(&errs), ["title", "owner"]);
    let long = "x".repeat(kernel::check::MAX_SHORT + 1);
    let errs = invalid(&mut w, Command::save(risk(&long, "CTO")));
    assert_eq!(
        message_at(&errs, "title"),
        format!(
            "is too long (201 characters; at most {})",
            kernel::check::MAX_SHORT
        )
    );
}

#[test]
fn scores_must_be_on_the_scales() {
    let mut w = World::new();
    let mut r = risk("Ransomware", "CTO");
    r.inherent = Some(Score::new(6, 5));
    let errs = invalid(&mut w, Command::save(r));
    assert_eq!(paths(&errs), ["inherent.likelihood"]);
    assert_eq!(
        errs[0].message,
        "6 is outside the likelihood scale (1 to 5)"
    );
    assert_eq!(
        errs[0].to_string(),
        "inherent.likelihood: 6 is outside the likelihood scale (1 to 5)"
    );

    let mut r = risk("Ransomware", "CTO");
    r.current = Some(Score::new(0, 9));
    r.residual = Some(Score::new(1, 0));
    let errs = invalid(&mut w, Command::save(r));
    assert_eq!(paths(&errs), ["current", "current.impact", "residual"]);
    // 0 is the editor's "Not scored" beside a chosen impact.
    assert_eq!(
        errs[0].message,
        "choose the likelihood of the current risk too"
    );
    assert_eq!(errs[1].message, "9 is outside the impact scale (1 to 5)");
    assert_eq!(
        errs[2].message,
        "choose the impact of the residual risk too"
    );

    // The scale is the ISMS's: under 3 × 3, a 4 is refused.
    w.ok(Command::SetRiskMethod {
        method: preset_3x3(),
        confirmed: false,
    });
    let mut r = risk("Ransomware", "CTO");
    r.inherent = Some(Score::new(3, 4));
    r.current = Some(Score::new(1, 1));
    let errs = invalid(&mut w, Command::save(r));
    assert_eq!(paths(&errs), ["inherent.impact"]);
    assert_eq!(errs[0].message, "4 is outside the impact scale (1 to 3)");
}

#[test]
fn affected_assets_must_exist_once() {
    let (mut w, db) = world_with_asset();
    let mut r = risk("Ransomware", "CTO");
    r.assets = vec!["no-such-asset".into()];
    let errs = invalid(&mut w, Command::save(r));
    assert_eq!(paths(&errs), ["assets[0]"]);
    assert_eq!(errs[0].message, "no asset has the id no-such-asset");

    let mut r = risk("Ransomware", "CTO");
    r.assets = vec![db.clone(), db.clone()];
    let errs = invalid(&mut w, Command::save(r));
    assert_eq!(paths(&errs), ["assets[1]"]);
    assert_eq!(errs[0].message, "is listed twice");

    let mut r = risk("Ransomware", "CTO");
    r.assets = vec![db];
    w.ok(Command::save(r));
}

#[test]
fn actions_need_a_title_an_owner_and_a_real_due_date() {
    let mut w = World::new();
    let mut r = risk("Ransomware", "CTO");
    let mut a = action(" ", "2026-03-31", ActionStatus::Planned);
    a.owner = String::new();
    r.actions = vec![action("Fine", "", ActionStatus::Planned), a];
    let errs = invalid(&mut w, Command::save(r));
    assert_eq!(paths(&errs), ["actions[1].title", "actions[1].owner"]);
    assert!(errs.iter().all(|e| e.message == "is required"));

    for bad in [
        "2026-02-30",
        "2026-2-1",
        "31/03/2026",
        "tomorrow",
        "0999-01-01",
    ] {
        let mut r = risk("Ransomware", "CTO");
        r.actions = vec![action("Backup", bad, ActionStatus::Planned)];
        let errs = invalid(&mut w, Command::save(r));
        assert_eq!(paths(&errs), ["actions[0].due"], "{bad}");
        assert_eq!(errs[0].message, "expected a date such as 2026-01-31");
    }

    let mut r = risk("Ransomware", "CTO");
    let mut a = action("Backup", "", ActionStatus::Planned);
    a.id = nth_id(99);
    r.actions = vec![a.clone(), a];
    let errs = invalid(&mut w, Command::save(r));
    assert_eq!(paths(&errs), ["actions[1].id"]);
    assert_eq!(errs[0].message, format!("duplicate id {}", nth_id(99)));
}

#[test]
fn acceptance_needs_who_when_why_and_a_later_expiry() {
    let mut w = World::new();
    let mut r = risk("Ransomware", "CTO");
    r.acceptance = Some(Acceptance::default());
    let errs = invalid(&mut w, Command::save(r));
    assert_eq!(
        paths(&errs),
        [
            "acceptance.accepted_by",
            "acceptance.date",
            "acceptance.rationale"
        ]
    );
    assert!(errs.iter().all(|e| e.message == "is required"));

    for expires in ["2026-01-15", "2025-12-31"] {
        let mut r = risk("Ransomware", "CTO");
        r.acceptance = Some(acceptance("2026-01-15", expires, false));
        let errs = invalid(&mut w, Command::save(r));
        assert_eq!(paths(&errs), ["acceptance.expires"], "{expires}");
        assert_eq!(errs[0].message, "must be after the acceptance date");
    }

    let mut r = risk("Ransomware", "CTO");
    r.acceptance = Some(acceptance("15.01.2026", "2027-02-30", false));
    let errs = invalid(&mut w, Command::save(r));
    assert_eq!(paths(&errs), ["acceptance.date", "acceptance.expires"]);
    assert!(errs
        .iter()
        .all(|e| e.message == "expected a date such as 2026-01-31"));

    // A malformed expiry is named once, as a malformed date, even when its
    // text sorts before the acceptance date.
    let mut r = risk("Ransomware", "CTO");
    r.acceptance = Some(acceptance("2026-01-15", "2025-13-01", false));
    let errs = invalid(&mut w, Command::save(r));
    assert_eq!(paths(&errs), ["acceptance.expires"]);
    assert_eq!(errs[0].message, "expected a date such as 2026-01-31");

    let mut r = risk("Ransomware", "CTO");
    r.acceptance = Some(acceptance("2026-01-15", "2026-01-16", false));
    w.ok(Command::save(r));
}

#[test]
fn accepted_status_needs_an_acceptance_record() {
    let mut w = World::new();
    let mut r = risk("Ransomware", "CTO");
    r.status = RiskStatus::Accepted;
    let errs = invalid(&mut w, Command::save(r.clone()));
    assert_eq!(paths(&errs), ["status"]);
    assert_eq!(
        errs[0].message,
        "a risk marked accepted needs an acceptance record (who accepted it, when and why)"
    );
    r.acceptance = Some(acceptance("2026-01-15", "", false));
    w.ok(Command::save(r));
}

#[test]
fn a_decided_treatment_needs_a_rationale() {
    let mut w = World::new();
    for t in &Treatment::ALL[1..] {
        let mut r = risk("Ransomware", "CTO");
        r.treatment = *t;
        r.treatment_rationale = "  ".into();
        if *t == Treatment::Retain {
            r.current = Some(Score::new(1, 1));
        }
        let errs = invalid(&mut w, Command::save(r));
        assert_eq!(paths(&errs), ["treatment_rationale"], "{t:?}");
        assert_eq!(errs[0].message, "is required");
    }
    // Undecided needs none.
    w.ok(Command::save(risk("Ransomware", "CTO")));
}

#[test]
fn retaining_above_the_appetite_needs_a_recorded_exception() {
    let mut w = World::new();
    // Current 3 × 3 is Medium (level 2); the appetite is Low (level 1).
    let r = retained("Supplier outage", Score::new(3, 3), false);
    let errs = invalid(&mut w, Command::save(r));
    assert_eq!(paths(&errs), ["acceptance"]);
    let m = &errs[0].message;
    assert!(
        m.starts_with(
            "the current level Medium (level 2) is above the risk appetite (Low (level 1)): \
             retaining it needs an acceptance recorded as an exception by: Top management"
        ),
        "{m}"
    );

    // With no acceptance at all, the same rule (and the status rule).
    let mut r = retained("Supplier outage", Score::new(5, 5), false);
    r.acceptance = None;
    r.status = RiskStatus::Monitored;
    let errs = invalid(&mut w, Command::save(r));
    assert_eq!(paths(&errs), ["acceptance"]);
    assert!(errs[0]
        .message
        .contains("Very high (level 4) is above the risk appetite"));

    // Recorded as an exception, it is allowed.
    w.ok(Command::save(retained(
        "Supplier outage",
        Score::new(3, 3),
        true,
    )));
    // Within the appetite, no exception is needed (nor even an acceptance).
    w.ok(Command::save(retained(
        "Defacement",
        Score::new(1, 2),
        false,
    )));
    let mut r = retained("Defacement", Score::new(1, 1), false);
    r.acceptance = None;
    r.status = RiskStatus::Monitored;
    w.ok(Command::save(r));
    // Another treatment above the appetite needs no acceptance.
    let mut r = risk("Ransomware", "CTO");
    r.current = Some(Score::new(5, 5));
    r.treatment = Treatment::Modify;
    r.treatment_rationale = "Mitigate.".into();
    w.ok(Command::save(r));
    assert_eq!(w.isms.risks.len(), 4);

    // With an appetite at the highest level (and so no authority needed),
    // any risk may be retained without an exception.
    let mut method = preset_5x5();
    method.appetite = 4;
    method.acceptance_authority = String::new();
    let mut w = World::new();
    w.ok(Command::SetRiskMethod {
        method,
        confirmed: false,
    });
    w.ok(Command::save(retained("Anything", Score::new(5, 5), false)));
    assert_eq!(w.isms.risks.len(), 1);
}

#[test]
fn last_review_is_a_date_or_empty() {
    let mut w = World::new();
    let mut r = risk("Ransomware", "CTO");
    r.last_review = "2026-13-01".into();
    let errs = invalid(&mut w, Command::save(r.clone()));
    assert_eq!(paths(&errs), ["last_review"]);
    r.last_review = "2026-12-01".into();
    w.ok(Command::save(r));
}

// ---------------------------------------------------------------- SetRiskMethod

#[test]
fn an_invalid_method_is_refused() {
    let mut w = World::new();
    w.ok(Command::save(risk("Ransomware", "CTO")));

    let mut gap = preset_5x5();
    grid_mut(&mut gap)[2].pop();
    let errs = invalid(
        &mut w,
        Command::SetRiskMethod {
            method: gap,
            confirmed: true,
        },
    );
    assert_eq!(paths(&errs), ["grid[2]"]);
    assert!(errs[0]
        .message
        .starts_with("has 4 cells, but the impact scale has 5 levels"));

    let mut overlap = product_formula();
    if let Scoring::Formula { bands, .. } = &mut overlap.scoring {
        bands[1].from = 4;
    }
    let errs = invalid(
        &mut w,
        Command::SetRiskMethod {
            method: overlap,
            confirmed: true,
        },
    );
    assert_eq!(paths(&errs), ["bands[1]"]);
    assert_eq!(
        errs[0].message,
        "Score 4 is also in the band of scores 1 to 4: each score must fall in exactly one band"
    );
    assert_eq!(w.isms.risk_method, preset_5x5());
}

/// The 5 × 5 preset with likelihood 4 × impact 4 raised to Very high.
fn raised_4x4_cell() -> RiskMethod {
    let mut m = preset_5x5();
    grid_mut(&mut m)[3][3] = 4;
    assert!(isms::core::risk::validate(&m).is_empty());
    m
}

#[test]
fn a_method_change_that_changes_levels_needs_confirmation() {
    let mut w = World::new();
    // Inherent 4 × 4 (High), current 3 × 3 (Medium).
    w.ok(Command::save(risk("Ransomware", "CTO")));
    let mut other = risk("Phishing", "CFO");
    other.inherent = Some(Score::new(2, 2));
    other.current = Some(Score::new(1, 1));
    other.residual = Some(Score::new(4, 4));
    w.ok(Command::save(other));
    w.tick();
    let err = w.refused(Command::SetRiskMethod {
        method: raised_4x4_cell(),
        confirmed: false,
    });
    let expected = vec![
        "R-0001 inherent (likelihood 4 × impact 4): High (level 3) → Very high (level 4)"
            .to_string(),
        "R-0002 residual (likelihood 4 × impact 4): High (level 3) → Very high (level 4)"
            .to_string(),
    ];
    assert_eq!(err, DomainError::Unconfirmed(expected.clone()));
    assert_eq!(
        err.to_string(),
        "This change of method changes the level of 2 risks; review and confirm it first."
    );
    assert_eq!(w.isms.risk_method, preset_5x5());

    let log = w.isms.audit_log.len();
    let risks = w.isms.risks.clone();
    let c = w.ok(Command::SetRiskMethod {
        method: raised_4x4_cell(),
        confirmed: true,
    });
    let e = only_entry(&c);
    assert_eq!(c.record_id, None);
    assert_eq!(w.isms.audit_log.len(), log + 1);
    assert_eq!(e.kind, RecordKind::RiskMethod);
    assert_eq!(e.kind.key(), "risk_method");
    assert_eq!(e.action, Action::Update);
    assert_eq!(e.at, "2026-01-15T09:01:00Z");
    assert_eq!(e.record_id, "");
    assert_eq!(
        e.summary,
        "Changed the risk method: grid, risk levels (2 risk levels change)"
    );
    // Cell by cell, each level with its name.
    let cell = "grid: likelihood 4 \u{00d7} impact 4";
    assert_eq!(changed_fields(e), [cell, "risk levels"]);
    assert_eq!(field(e, cell).before, json!("High (level 3)"));
    assert_eq!(field(e, cell).after, json!("Very high (level 4)"));
    assert_eq!(field(e, "risk levels").after, json!(expected));
    assert_eq!(w.isms.risk_method, raised_4x4_cell());
    // The scores stay; only what they mean changed.
    assert_eq!(w.isms.risks, risks);
    let rows = register::rows(&w.isms, "2026-01-20");
    assert_eq!(rows[0].inherent, Some(4));
    assert_eq!(rows[1].residual, Some(4));
}

#[test]
fn renaming_a_level_in_use_needs_confirmation() {
    let mut w = World::new();
    w.ok(Command::save(risk("Ransomware", "CTO")));
    let mut m = preset_5x5();
    m.levels[2].name = "Serious".into();
    let err = w.refused(Command::SetRiskMethod {
        method: m.clone(),
        confirmed: false,
    });
    assert_eq!(
        err,
        DomainError::Unconfirmed(vec![
            "R-0001 inherent (likelihood 4 × impact 4): High (level 3) → Serious (level 3)".into()
        ])
    );
    assert_eq!(
        err.to_string(),
        "This change of method changes the level of 1 risk; review and confirm it first."
    );
    let c = w.ok(Command::SetRiskMethod {
        method: m,
        confirmed: true,
    });
    assert_eq!(
        only_entry(&c).summary,
        "Changed the risk method: levels, risk levels (1 risk level changes)"
    );
}

#[test]
fn switching_to_a_smaller_scale_never_clamps() {
    let (mut w, db) = world_with_asset();
    let mut r = risk("Ransomware", "CTO");
    r.assets = vec![db];
    r.residual = Some(Score::new(1, 5));
    w.ok(Command::save(r));
    let mut small = risk("Small", "CTO");
    small.inherent = Some(Score::new(3, 3));
    small.current = Some(Score::new(2, 2));
    w.ok(Command::save(small));
    let risks = w.isms.risks.clone();
    for confirmed in [false, true] {
        let errs = invalid(
            &mut w,
            Command::SetRiskMethod {
                method: preset_3x3(),
                confirmed,
            },
        );
        assert_eq!(
            paths(&errs),
            [
                "R-0001 inherent.likelihood",
                "R-0001 inherent.impact",
                "R-0001 residual.impact"
            ]
        );
        assert_eq!(
            errs[0].message,
            "4 is outside the likelihood scale (1 to 3)"
        );
        assert_eq!(errs[2].message, "5 is outside the impact scale (1 to 3)");
        assert_eq!(
            errs[0].to_string(),
            "R-0001 inherent.likelihood: 4 is outside the likelihood scale (1 to 3)"
        );
    }
    assert_eq!(w.isms.risks, risks, "scores are never clamped");
    assert_eq!(w.isms.risk_method, preset_5x5());

    // Once rescored, the switch goes through (with confirmation: levels move).
    let mut r = w.isms.risks[0].clone();
    r.inherent = Some(Score::new(3, 3));
    r.residual = None;
    w.ok(Command::save(r));
    let err = w.refused(Command::SetRiskMethod {
        method: preset_3x3(),
        confirmed: false,
    });
    let DomainError::Unconfirmed(lines) = err else {
        panic!("{err:?}")
    };
    assert!(
        lines.contains(
            &"R-0001 inherent (likelihood 3 × impact 3): Medium (level 2) → High (level 3)"
                .to_string()
        ),
        "{lines:?}"
    );
    w.ok(Command::SetRiskMethod {
        method: preset_3x3(),
        confirmed: true,
    });
    assert_eq!(w.isms.risk_method, preset_3x3());
    assert!(w.isms.check().is_empty());
}

#[test]
fn a_method_change_that_would_break_a_retained_risk_is_refused() {
    let mut w = World::new();
    let mut generous = preset_5x5();
    generous.appetite = 2;
    w.ok(Command::SetRiskMethod {
        method: generous,
        confirmed: false,
    });
    // Medium, within an appetite of Medium: no exception needed.
    w.ok(Command::save(retained(
        "Supplier outage",
        Score::new(3, 3),
        false,
    )));
    let errs = invalid(
        &mut w,
        Command::SetRiskMethod {
            method: preset_5x5(),
            confirmed: true,
        },
    );
    assert_eq!(paths(&errs), ["R-0001 acceptance"]);
    assert!(errs[0]
        .message
        .contains("above the risk appetite (Low (level 1))"));
    assert_eq!(w.isms.risk_method.appetite, 2);
}

#[test]
fn a_method_change_that_moves_no_risk_needs_no_confirmation() {
    let mut w = World::new();
    w.ok(Command::save(risk("Ransomware", "CTO")));
    // No risk sits on likelihood 1 × impact 5.
    let mut m = preset_5x5();
    grid_mut(&mut m)[0][4] = 1;
    let c = w.ok(Command::SetRiskMethod {
        method: m.clone(),
        confirmed: false,
    });
    let e = only_entry(&c);
    assert_eq!(e.summary, "Changed the risk method: grid");
    assert_eq!(changed_fields(e), ["grid: likelihood 1 \u{00d7} impact 5"]);
    assert_eq!(
        field(e, "grid: likelihood 1 \u{00d7} impact 5").before,
        json!("Medium (level 2)")
    );
    assert_eq!(w.isms.risk_method, m);

    // Texts and review intervals move no level either.
    m.levels[1].review_months = 4;
    m.acceptance_authority = "The board".into();
    let c = w.ok(Command::SetRiskMethod {
        method: m.clone(),
        confirmed: false,
    });
    let e = only_entry(&c);
    assert_eq!(
        e.summary,
        "Changed the risk method: acceptance_authority, levels"
    );
    assert_eq!(
        changed_fields(e),
        [
            "acceptance_authority",
            "risk level 2: review interval (months)"
        ]
    );
    assert_eq!(
        field(e, "risk level 2: review interval (months)").after,
        json!(4)
    );

    // A level added to a scale: the scale's levels as a whole, and the grid
    // (another shape) as a whole.
    let mut bigger = m.clone();
    bigger
        .likelihood
        .levels
        .push(bigger.likelihood.levels[4].clone());
    bigger.likelihood.levels[5].label = "Certain".into();
    let row = grid_mut(&mut bigger)[4].clone();
    grid_mut(&mut bigger).push(row);
    let c = w.ok(Command::SetRiskMethod {
        method: bigger,
        confirmed: false,
    });
    assert_eq!(
        changed_fields(only_entry(&c)),
        ["grid", "likelihood levels"]
    );
}

#[test]
fn an_identical_method_logs_nothing() {
    let mut w = World::new();
    w.ok(Command::save(risk("Ransomware", "CTO")));
    let before = w.isms.clone();
    for confirmed in [false, true] {
        let c = w.ok(Command::SetRiskMethod {
            method: preset_5x5(),
            confirmed,
        });
        assert_eq!(c, Change::default());
        assert_eq!(w.isms, before);
    }
}

#[test]
fn switching_to_an_equivalent_formula_logs_what_the_grid_was() {
    let mut w = World::new();
    w.ok(Command::save(risk("Ransomware", "CTO")));
    // The same levels everywhere: no confirmation.
    let c = w.ok(Command::SetRiskMethod {
        method: product_formula(),
        confirmed: false,
    });
    let e = only_entry(&c);
    assert_eq!(changed_fields(e), ["bands", "formula", "grid", "scoring"]);
    assert_eq!(field(e, "scoring").before, json!("lookup"));
    assert_eq!(field(e, "scoring").after, json!("formula"));
    assert_eq!(field(e, "formula").before, Value::Null);
    assert_eq!(field(e, "formula").after, json!("product"));
    // The grid it replaced is kept in the log.
    assert_eq!(field(e, "grid").before[4], json!([2, 3, 3, 4, 4]));
    assert_eq!(field(e, "grid").after, Value::Null);
    assert_eq!(w.isms.risk_method, product_formula());

    // And back: the bands are logged as removed.
    let c = w.ok(Command::SetRiskMethod {
        method: preset_5x5(),
        confirmed: false,
    });
    let e = only_entry(&c);
    assert_eq!(changed_fields(e), ["bands", "formula", "grid", "scoring"]);
    assert_eq!(field(e, "bands").after, Value::Null);
    assert_eq!(
        field(e, "bands").before[0],
        json!({"from": 1, "to": 4, "level": 1})
    );
}

// ---------------------------------------------------------------- DeleteAsset and risks

#[test]
fn deleting_an_asset_a_risk_names_needs_detach() {
    let (mut w, db) = world_with_asset();
    let app = w.add_asset(asset("TrackIt web app", "CTO"));
    let mut r = risk("Ransomware", "Head of IT");
    r.assets = vec![db.clone(), app.clone()];
    let rid = w.ok(Command::save(r)).record_id.expect("id");
    let mut other = risk("Unrelated", "CTO");
    other.assets = vec![app.clone()];
    w.ok(Command::save(other));
    w.tick();

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
            by: vec!["risk R-0001 \u{201c}Ransomware\u{201d}".into()],
        }
    );
    assert_eq!(
        err.to_string(),
        "This asset is referred to by 1 record: risk R-0001 \u{201c}Ransomware\u{201d}."
    );

    let log = w.isms.audit_log.len();
    let c = w.ok(Command::Delete {
        kind: RecordKind::Asset,
        id: db.clone(),
        detach: true,
    });
    assert_eq!(c.entries.len(), 2);
    assert_eq!(w.isms.audit_log.len(), log + 2);
    let e = &c.entries[0];
    assert_eq!(e.action, Action::Update);
    assert_eq!(e.kind, RecordKind::Risk);
    assert_eq!(e.record_id, rid);
    assert_eq!(e.reference, "R-0001");
    assert_eq!(
        e.summary,
        "Removed asset A-0001 from risk R-0001 \u{201c}Ransomware\u{201d} (the asset was deleted)"
    );
    assert_eq!(changed_fields(e), ["assets"]);
    assert_eq!(field(e, "assets").before, json!([db, app]));
    assert_eq!(field(e, "assets").after, json!([app]));
    let e = &c.entries[1];
    assert_eq!((e.action, e.kind), (Action::Delete, RecordKind::Asset));
    assert_eq!(e.seq, c.entries[0].seq + 1);

    let r = w.isms.risk(&rid).expect("kept");
    assert_eq!(r.assets, vec![app.clone()]);
    assert_eq!(r.updated_at, "2026-01-15T09:01:00Z");
    assert_eq!(w.isms.risks[1].assets, vec![app], "other risks untouched");
    assert_eq!(w.isms.risks[1].updated_at, "2026-01-15T09:00:00Z");
    assert!(w.isms.asset(&db).is_none());
    assert!(w.isms.check().is_empty());
}

#[test]
fn referenced_lists_dependent_assets_and_risks() {
    let mut w = realistic_with_risks();
    let db = w.asset_named("Shipment database").id.clone();
    let err = w.refused(Command::Delete {
        kind: RecordKind::Asset,
        id: db,
        detach: false,
    });
    let DomainError::Referenced { by, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(by.len(), 4, "{by:?}");
    assert!(by.contains(
        &"risk R-0001 \u{201c}Ransomware encrypts the shipment database\u{201d}".to_string()
    ));
    assert!(by.iter().any(|b| b.starts_with("risk R-0003 ")));
    assert!(err
        .to_string()
        .starts_with("This asset is referred to by 4 records: "));
}

// ---------------------------------------------------------------- register rows

/// For every row: its levels are what the method says of the risk's scores.
fn assert_levels_match(m: &Isms) {
    let rows = register::rows(m, "2026-06-01");
    assert_eq!(rows.len(), m.risks.len());
    let method = &m.risk_method;
    for (k, (row, r)) in rows.iter().zip(&m.risks).enumerate() {
        assert_eq!(row.index, k);
        let level = |s: &Score| method.level(s.likelihood, s.impact).ok();
        assert_eq!(
            row.inherent,
            r.inherent.as_ref().and_then(level),
            "{}",
            r.reference
        );
        assert_eq!(
            row.current,
            r.current.as_ref().and_then(level),
            "{}",
            r.reference
        );
        assert_eq!(
            row.residual,
            r.residual.as_ref().and_then(level),
            "{}",
            r.reference
        );
        assert!(row.inherent.is_some() && row.current.is_some());
        assert_eq!(
            row.above_appetite,
            row.current.is_some_and(|k| k > method.appetite)
        );
    }
}

#[test]
fn row_levels_are_the_methods_on_a_large_generated_register() {
    let mut m = generate(200, 5);
    add_risks(&mut m, 500, 9);
    assert_eq!(m.risks.len(), 500);
    assert!(m.check().is_empty(), "{:?}", m.check());
    assert_levels_match(&m);
    // Every level of the method occurs somewhere in 500 risks.
    let rows = register::rows(&m, "2026-06-01");
    for k in 1..=m.risk_method.levels.len() {
        assert!(rows.iter().any(|r| r.inherent == Some(k)), "level {k}");
    }
}

#[test]
fn row_levels_under_other_methods() {
    for (name, method) in [
        ("4x4", preset_4x4()),
        ("3x3", preset_3x3()),
        ("product", product_formula()),
        ("sum", sum_formula()),
    ] {
        let m = generated(60, 300, method, 17);
        assert!(m.check().is_empty(), "{name}: {:?}", m.check());
        assert!(
            m.risks.iter().all(|r| r.inherent.is_some_and(|s| m
                .risk_method
                .likelihood
                .contains(s.likelihood)
                && m.risk_method.impact.contains(s.impact))),
            "{name}: scores fitted to the scales"
        );
        assert_levels_match(&m);
    }
    // The sum formula really is used: 1 + 4 = 5 is Medium, while the
    // product (4) would be Low.
    let mut m = Isms {
        risk_method: sum_formula(),
        ..Isms::default()
    };
    let mut r = risk("Sum", "CTO");
    r.current = Some(Score::new(1, 4));
    r.inherent = Some(Score::new(5, 5));
    m.risks.push(r);
    let rows = register::rows(&m, "2026-01-01");
    assert_eq!((rows[0].current, rows[0].inherent), (Some(2), Some(4)));
}

/// An ISMS of one risk (created 2026-01-15) with the given current score
/// and last review; the rest is `edit`ed.
fn one_risk(current: Score, last_review: &str, edit: impl FnOnce(&mut Risk)) -> Isms {
    let mut w = World::new();
    let mut r = risk("Ransomware", "CTO");
    r.current = Some(current);
    r.last_review = last_review.into();
    edit(&mut r);
    w.ok(Command::save(r));
    w.isms
}

fn row_of(m: &Isms, today: &str) -> Row {
    let rows = register::rows(m, today);
    assert_eq!(rows.len(), 1);
    rows[0].clone()
}

#[test]
fn next_review_is_the_last_review_plus_the_levels_interval() {
    // Very high: every month; month ends are clamped.
    let m = one_risk(Score::new(4, 5), "2026-01-31", |_| {});
    assert_eq!(row_of(&m, "2026-01-31").next_review, "2026-02-28");
    // High: every 3 months, into a leap February.
    let m = one_risk(Score::new(4, 3), "2027-11-30", |_| {});
    assert_eq!(row_of(&m, "2026-01-31").current, Some(3));
    assert_eq!(row_of(&m, "2026-01-31").next_review, "2028-02-29");
    // Medium: 6 months.
    let m = one_risk(Score::new(3, 3), "2026-08-31", |_| {});
    assert_eq!(row_of(&m, "2026-09-01").next_review, "2027-02-28");
    // Low: 12 months.
    let m = one_risk(Score::new(1, 1), "2026-02-14", |_| {});
    assert_eq!(row_of(&m, "2026-09-01").next_review, "2027-02-14");
    // Never reviewed: from the day it was created (2026-01-15).
    let m = one_risk(Score::new(3, 3), "", |_| {});
    assert_eq!(row_of(&m, "2026-02-01").next_review, "2026-07-15");
    // The method's own interval counts (realistic_with_risks: High = 4 months).
    let mut m = one_risk(Score::new(4, 3), "2026-01-10", |_| {});
    m.risk_method.levels[2].review_months = 4;
    assert_eq!(row_of(&m, "2026-02-01").next_review, "2026-05-10");
    assert_eq!(
        register::next_review(&m.risk_method, &m.risks[0], Some(3)),
        "2026-05-10"
    );
    assert_eq!(register::next_review(&m.risk_method, &m.risks[0], None), "");
}

#[test]
fn review_overdue_only_after_the_due_date_and_never_when_closed() {
    let m = one_risk(Score::new(4, 5), "2026-01-31", |_| {});
    assert!(!row_of(&m, "2026-02-27").review_overdue);
    assert!(
        !row_of(&m, "2026-02-28").review_overdue,
        "due today is not overdue"
    );
    let row = row_of(&m, "2026-03-01");
    assert!(row.review_overdue);
    assert!(row.needs_attention(&m.risks[0]));
    assert_eq!(
        row.problems(&m.risks[0], &m.risk_method),
        [
            "review overdue (due 2026-02-28)",
            "Very high risk above the appetite with no treatment decided"
        ]
    );

    let closed = one_risk(Score::new(4, 5), "2026-01-31", |r| {
        r.status = RiskStatus::Closed;
        r.closed_reason = "The service was shut down.".into();
    });
    let row = row_of(&closed, "2030-01-01");
    assert!(!row.review_overdue);
    assert!(!row.needs_attention(&closed.risks[0]));
    assert!(row
        .problems(&closed.risks[0], &closed.risk_method)
        .is_empty());
}

#[test]
fn overdue_actions_count_only_open_actions_of_open_risks() {
    let plan = |r: &mut Risk| {
        r.treatment = Treatment::Modify;
        r.treatment_rationale = "Mitigate.".into();
        r.actions = vec![
            action("Planned, late", "2026-02-01", ActionStatus::Planned),
            action("In progress, late", "2026-02-10", ActionStatus::InProgress),
            action("Done, late", "2026-02-01", ActionStatus::Done),
            action("Cancelled, late", "2026-02-01", ActionStatus::Cancelled),
            action("No due date", "", ActionStatus::Planned),
            action("Due today", "2026-03-01", ActionStatus::Planned),
            action("Due later", "2026-04-01", ActionStatus::InProgress),
        ];
    };
    let m = one_risk(Score::new(1, 1), "2026-02-01", plan);
    let row = row_of(&m, "2026-03-01");
    assert_eq!(row.overdue_actions, 2);
    assert!(!row.review_overdue);
    assert!(!row.above_appetite);
    assert!(row.needs_attention(&m.risks[0]));
    assert_eq!(
        row.problems(&m.risks[0], &m.risk_method),
        ["2 treatment actions overdue"]
    );
    let row = row_of(&m, "2026-02-05");
    assert_eq!(row.overdue_actions, 1);
    assert_eq!(
        row.problems(&m.risks[0], &m.risk_method),
        ["1 treatment action overdue"]
    );
    assert_eq!(row_of(&m, "2026-02-01").overdue_actions, 0);
    // The model's own rule agrees.
    let a = &m.risks[0].actions;
    assert!(a[0].is_overdue("2026-03-01") && a[1].is_overdue("2026-03-01"));
    assert!(!a[2].is_overdue("2030-01-01") && !a[3].is_overdue("2030-01-01"));
    assert!(!a[4].is_overdue("2030-01-01"));

    // Closed with open actions: refused on a save now, but a register saved
    // before that rule can hold it, and its open actions are not counted.
    let mut closed = one_risk(Score::new(1, 1), "2026-02-01", plan);
    closed.risks[0].status = RiskStatus::Closed;
    assert_eq!(closed.check(), vec![]);
    let row = row_of(&closed, "2026-03-01");
    assert_eq!(row.overdue_actions, 0);
    assert!(!row.needs_attention(&closed.risks[0]));
}

#[test]
fn acceptance_expiry() {
    let accept = |r: &mut Risk| {
        r.treatment = Treatment::Retain;
        r.treatment_rationale = "Accept.".into();
        r.status = RiskStatus::Accepted;
        r.acceptance = Some(acceptance("2026-01-15", "2026-06-30", false));
    };
    let m = one_risk(Score::new(1, 1), "2026-06-01", accept);
    assert!(!row_of(&m, "2026-06-30").acceptance_expired);
    let row = row_of(&m, "2026-07-01");
    assert!(row.acceptance_expired);
    assert!(row.needs_attention(&m.risks[0]));
    assert_eq!(
        row.problems(&m.risks[0], &m.risk_method),
        ["acceptance expired on 2026-06-30"]
    );
    assert!(m.risks[0]
        .acceptance
        .as_ref()
        .expect("acceptance")
        .is_expired("2026-07-01"));
    // No expiry date: never expires.
    let m = one_risk(Score::new(1, 1), "2026-06-01", |r| {
        accept(r);
        r.acceptance.as_mut().expect("acceptance").expires.clear();
    });
    assert!(!row_of(&m, "2099-01-01").acceptance_expired);
    // A closed risk is not flagged for it.
    let m = one_risk(Score::new(1, 1), "2026-06-01", |r| {
        accept(r);
        r.status = RiskStatus::Closed;
        r.closed_reason = "The service was shut down.".into();
    });
    let row = row_of(&m, "2026-07-01");
    assert!(!row.needs_attention(&m.risks[0]));
    assert!(row.problems(&m.risks[0], &m.risk_method).is_empty());
}

#[test]
fn above_the_appetite_needs_attention_until_a_treatment_is_decided() {
    let m = one_risk(Score::new(3, 3), "2026-01-10", |_| {});
    let row = row_of(&m, "2026-01-20");
    assert!(row.above_appetite);
    assert_eq!(
        row.problems(&m.risks[0], &m.risk_method),
        ["Medium risk above the appetite with no treatment decided"]
    );
    // Treated with a residual within the appetite: nothing to say.
    let m = one_risk(Score::new(3, 3), "2026-01-10", |r| {
        r.treatment = Treatment::Avoid;
        r.treatment_rationale = "Stop doing it.".into();
        r.residual = Some(Score::new(1, 1));
    });
    let row = row_of(&m, "2026-01-20");
    assert!(row.above_appetite);
    assert!(!row.needs_attention(&m.risks[0]));
    assert!(row.problems(&m.risks[0], &m.risk_method).is_empty());
    // Treated, but what remains stays above the appetite (no residual
    // given: the current risk remains): an exception is needed, whatever
    // the treatment (6.1.3 f).
    for t in [Treatment::Avoid, Treatment::Modify, Treatment::Share] {
        let m = one_risk(Score::new(3, 3), "2026-01-10", |r| {
            r.treatment = t;
            r.treatment_rationale = "Planned.".into();
        });
        let row = row_of(&m, "2026-01-20");
        assert!(
            row.needs_exception && row.needs_attention(&m.risks[0]),
            "{t:?}"
        );
        assert_eq!(
            row.problems(&m.risks[0], &m.risk_method),
            ["the residual risk stays above the appetite: set the residual expected after treatment, or record an exception"]
        );
        // An exception recorded: settled.
        let m = one_risk(Score::new(3, 3), "2026-01-10", |r| {
            r.treatment = t;
            r.treatment_rationale = "Planned.".into();
            r.acceptance = Some(Acceptance {
                accepted_by: "Managing director".into(),
                date: "2026-01-12".into(),
                rationale: "Accepted by the board until the plan is done.".into(),
                exception: true,
                ..Acceptance::default()
            });
        });
        assert!(!row_of(&m, "2026-01-20").needs_exception);
    }
    // Within the appetite, undecided is fine.
    let m = one_risk(Score::new(1, 1), "2026-01-10", |_| {});
    let row = row_of(&m, "2026-01-20");
    assert!(!row.above_appetite);
    assert!(!row.needs_attention(&m.risks[0]));
}

#[test]
fn a_risk_the_method_gives_no_level_asks_to_be_rescored() {
    // A stored risk outside the scales (as an invalid file would hold).
    let mut m = one_risk(Score::new(1, 1), "2026-01-10", |r| {
        r.current = Some(Score::new(5, 5))
    });
    m.risk_method = preset_3x3();
    let row = row_of(&m, "2026-01-20");
    assert_eq!((row.inherent, row.current), (None, None));
    assert_eq!(row.next_review, "");
    assert!(!row.review_overdue && !row.above_appetite);
    assert!(row.needs_attention(&m.risks[0]));
    assert_eq!(
        row.problems(&m.risks[0], &m.risk_method),
        ["the risk method gives no level: rescore it"]
    );
}

#[test]
fn several_problems_in_order() {
    let m = one_risk(Score::new(3, 3), "2025-01-01", |r| {
        r.actions = vec![action("Late", "2025-12-01", ActionStatus::Planned)];
        r.acceptance = Some(acceptance("2025-01-01", "2025-12-31", false));
    });
    let row = row_of(&m, "2026-02-01");
    assert_eq!(
        row.problems(&m.risks[0], &m.risk_method),
        [
            "review overdue (due 2025-07-01)",
            "1 treatment action overdue",
            "acceptance expired on 2025-12-31",
            "Medium risk above the appetite with no treatment decided"
        ]
    );
}

#[test]
fn rows_of_the_realistic_register() {
    let w = realistic_with_risks();
    let rows = register::rows(&w.isms, "2026-01-20");
    assert_eq!(rows.len(), 3);
    // R-0001: inherent 4 × 4 High, current 3 × 3 Medium (6 months from
    // the last review), residual 2 × 3 Medium.
    assert_eq!(
        (rows[0].inherent, rows[0].current, rows[0].residual),
        (Some(3), Some(2), Some(2))
    );
    assert_eq!(rows[0].next_review, "2026-07-10");
    // R-0002 is Low, retained, reviewed yearly from its creation.
    assert_eq!(rows[1].current, Some(1));
    assert_eq!(rows[1].residual, None);
    assert_eq!(rows[1].next_review, "2027-01-15");
    assert!(!rows[1].above_appetite);
    assert!(rows[2].above_appetite);
    // Only R-0001 needs attention: its plan leaves a Medium residual risk,
    // above the appetite, and no exception is recorded.
    let needing: Vec<&str> = rows
        .iter()
        .zip(&w.isms.risks)
        .filter(|(row, r)| row.needs_attention(r))
        .map(|(_, r)| r.reference.as_str())
        .collect();
    assert_eq!(needing, ["R-0001"]);
    assert!(rows[0].needs_exception);
    // Asset references are searchable, folded.
    assert!(rows[0].search.contains("a-0001"));
    assert!(rows[0].search.contains("ransomware"));
}

// ---------------------------------------------------------------- heat map

#[test]
fn heat_counts_each_risk_in_its_cell() {
    let w = realistic_with_risks();
    let m = &w.isms;
    let inherent = register::heat(m, Which::Inherent, None);
    assert_eq!(inherent.len(), 5);
    assert!(inherent.iter().all(|row| row.len() == 5));
    assert_eq!(inherent[3][3], 2, "R-0001 and R-0003 at 4 × 4");
    assert_eq!(inherent[1][1], 1, "R-0002 at 2 × 2");
    assert_eq!(inherent.iter().flatten().sum::<usize>(), 3);
    let current = register::heat(m, Which::Current, None);
    assert_eq!(current[2][2], 2);
    assert_eq!(current[0][1], 1);
    // The residual map: R-0001's residual score, the others' current one
    // (no residual given: nothing planned changes them).
    let residual = register::heat(m, Which::Residual, None);
    assert_eq!(residual.iter().flatten().sum::<usize>(), 3);
    assert_eq!(residual[1][2], 1, "R-0001's residual 2 × 3");
    assert_eq!(residual[2][2], 1, "R-0003's current 3 × 3");
    assert_eq!(residual[0][1], 1, "R-0002's current 1 × 2");
    // Only a subset (indexes past the end are ignored).
    let only = register::heat(m, Which::Inherent, Some(&[1, 2, 99]));
    assert_eq!(only[3][3], 1);
    assert_eq!(only[1][1], 1);
    assert_eq!(only.iter().flatten().sum::<usize>(), 2);
    let none = register::heat(m, Which::Inherent, Some(&[]));
    assert_eq!(none.iter().flatten().sum::<usize>(), 0);
}

#[test]
fn heat_of_a_generated_register_sums_to_the_number_of_risks() {
    for method in [preset_5x5(), preset_4x4(), preset_3x3(), sum_formula()] {
        let m = generated(80, 400, method, 23);
        let (nl, ni) = (m.risk_method.likelihood.len(), m.risk_method.impact.len());
        for which in [Which::Inherent, Which::Current] {
            let h = register::heat(&m, which, None);
            assert_eq!(h.len(), nl);
            assert!(h.iter().all(|row| row.len() == ni));
            assert_eq!(h.iter().flatten().sum::<usize>(), 400, "{which:?}");
            // Each cell is the number of risks with exactly that score.
            for l in 1..=nl as u8 {
                for i in 1..=ni as u8 {
                    let n = m
                        .risks
                        .iter()
                        .filter(|r| which.score(r) == Some(Score::new(l, i)))
                        .count();
                    assert_eq!(h[l as usize - 1][i as usize - 1], n);
                }
            }
        }
        // The residual map counts every risk: its residual score, or its
        // current one when it has none.
        let h = register::heat(&m, Which::Residual, None);
        assert_eq!(h.iter().flatten().sum::<usize>(), 400);
        let planned = m
            .risks
            .iter()
            .find(|r| r.residual.is_some())
            .expect("a residual");
        assert_eq!(Which::Residual.score(planned), planned.residual);
        // A filtered subset counts only its risks.
        let rows = register::rows(&m, "2026-06-01");
        let f = RiskFilter {
            status: Some(RiskStatus::Accepted),
            ..RiskFilter::default()
        };
        let subset = register::filter(&m, &rows, &f);
        assert!(!subset.is_empty());
        let h = register::heat(&m, Which::Current, Some(&subset));
        assert_eq!(h.iter().flatten().sum::<usize>(), subset.len());
    }
}

#[test]
fn heat_ignores_scores_outside_the_scales() {
    let mut m = one_risk(Score::new(1, 1), "", |_| {});
    m.risk_method = preset_3x3();
    m.risks[0].inherent = Some(Score::new(5, 1));
    let h = register::heat(&m, Which::Inherent, None);
    assert_eq!(h.iter().flatten().sum::<usize>(), 0);
    assert_eq!(register::heat(&m, Which::Current, None)[0][0], 1);
}

#[test]
fn which_names_and_scores() {
    let r = realistic_with_risks().isms.risks[0].clone();
    assert_eq!(Which::Inherent.score(&r), Some(Score::new(4, 4)));
    assert_eq!(Which::Current.score(&r), Some(Score::new(3, 3)));
    assert_eq!(Which::Residual.score(&r), Some(Score::new(2, 3)));
    let blank = Risk::blank();
    // Not assessed: no score of any kind, so off every heat map.
    assert_eq!(Which::Inherent.score(&blank), None);
    assert_eq!(Which::Current.score(&blank), None);
    assert_eq!(Which::Residual.score(&blank), None);
    assert_eq!(
        [
            Which::Inherent.key(),
            Which::Current.key(),
            Which::Residual.key()
        ],
        ["inherent", "current", "residual"]
    );
    assert_eq!(Which::Current.label(), "Current");
}

// ---------------------------------------------------------------- filter and sort

fn refs(m: &Isms, idx: &[usize]) -> Vec<String> {
    idx.iter().map(|&k| m.risks[k].reference.clone()).collect()
}

fn filtered(m: &Isms, today: &str, f: RiskFilter) -> Vec<String> {
    let rows = register::rows(m, today);
    refs(m, &register::filter(m, &rows, &f))
}

#[test]
fn filter_by_text() {
    let w = realistic_with_risks();
    let m = &w.isms;
    let by = |text: &str| {
        filtered(
            m,
            "2026-01-20",
            RiskFilter {
                text: text.into(),
                ..RiskFilter::default()
            },
        )
    };
    assert_eq!(by(""), ["R-0001", "R-0002", "R-0003"]);
    assert_eq!(by("   "), ["R-0001", "R-0002", "R-0003"]);
    assert_eq!(by("RANSOMWARE"), ["R-0001"]);
    // Several words: each must match, anywhere.
    assert_eq!(by("database  ransom"), ["R-0001"]);
    assert_eq!(by("database defacement"), Vec::<String>::new());
    // By reference, and by the reference of an affected asset.
    assert_eq!(by("r-0002"), ["R-0002"]);
    assert_eq!(by("A-0001"), ["R-0001", "R-0003"]);
    assert_eq!(by("a-0002"), ["R-0001", "R-0002"]);
    // Owner, threat, vulnerability, controls and rationale are searched.
    assert_eq!(by("cfo"), ["R-0003"]);
    assert_eq!(by("restoring"), ["R-0001"]);
    assert_eq!(by("edr"), ["R-0001"]);
    assert_eq!(by("static content"), ["R-0002"]);
    assert_eq!(by("nothing-like-this"), Vec::<String>::new());
}

#[test]
fn filter_by_level_owner_status_asset_treatment_cell_and_attention() {
    let w = realistic_with_risks();
    let m = &w.isms;
    let db = w.asset_named("Shipment database").id.clone();
    let app = w.asset_named("TrackIt web app").id.clone();
    let f = |f: RiskFilter| filtered(m, "2026-01-20", f);
    let d = RiskFilter::default;
    assert_eq!(
        f(RiskFilter {
            level: Some(2),
            ..d()
        }),
        ["R-0001", "R-0003"]
    );
    assert_eq!(
        f(RiskFilter {
            level: Some(1),
            ..d()
        }),
        ["R-0002"]
    );
    assert!(f(RiskFilter {
        level: Some(4),
        ..d()
    })
    .is_empty());
    assert_eq!(
        f(RiskFilter {
            owner: "head of it".into(),
            ..d()
        }),
        ["R-0001"]
    );
    assert_eq!(
        f(RiskFilter {
            owner: " CTO ".into(),
            ..d()
        }),
        ["R-0002"]
    );
    assert!(
        f(RiskFilter {
            owner: "Head".into(),
            ..d()
        })
        .is_empty(),
        "whole owner only"
    );
    assert_eq!(
        f(RiskFilter {
            status: Some(RiskStatus::Accepted),
            ..d()
        }),
        ["R-0002", "R-0003"]
    );
    assert_eq!(
        f(RiskFilter {
            status: Some(RiskStatus::Treatment),
            ..d()
        }),
        ["R-0001"]
    );
    assert_eq!(
        f(RiskFilter {
            asset: db.clone(),
            ..d()
        }),
        ["R-0001", "R-0003"]
    );
    assert_eq!(f(RiskFilter { asset: app, ..d() }), ["R-0001", "R-0002"]);
    assert_eq!(
        f(RiskFilter {
            treatment: Some(Treatment::Retain),
            ..d()
        }),
        ["R-0002", "R-0003"]
    );
    assert!(f(RiskFilter {
        treatment: Some(Treatment::Avoid),
        ..d()
    })
    .is_empty());
    assert_eq!(
        f(RiskFilter {
            cell: Some((Which::Inherent, 4, 4)),
            ..d()
        }),
        ["R-0001", "R-0003"]
    );
    assert_eq!(
        f(RiskFilter {
            cell: Some((Which::Current, 1, 2)),
            ..d()
        }),
        ["R-0002"]
    );
    assert_eq!(
        f(RiskFilter {
            cell: Some((Which::Residual, 2, 3)),
            ..d()
        }),
        ["R-0001"]
    );
    assert!(f(RiskFilter {
        cell: Some((Which::Residual, 4, 4)),
        ..d()
    })
    .is_empty());
    // Filters combine.
    assert_eq!(
        f(RiskFilter {
            asset: db,
            status: Some(RiskStatus::Accepted),
            text: "cmd".into(),
            ..d()
        }),
        ["R-0003"]
    );
    // Attention: on 2026-01-20 only R-0001, whose residual risk stays above
    // the appetite; on 2026-03-01 its restore test (due 2026-02-28) is late
    // too; on 2026-07-02 R-0003's acceptance has expired.
    assert_eq!(
        f(RiskFilter {
            attention: true,
            ..d()
        }),
        ["R-0001"]
    );
    let att = |today: &str| {
        filtered(
            m,
            today,
            RiskFilter {
                attention: true,
                ..RiskFilter::default()
            },
        )
    };
    assert_eq!(att("2026-03-01"), ["R-0001"]);
    assert_eq!(att("2026-07-02"), ["R-0001", "R-0003"]);
}

/// A register of five risks built to tie on every sort key somewhere.
fn sort_world() -> Isms {
    let mut w = World::new();
    let mk = |title: &str,
              owner: &str,
              inherent: (u8, u8),
              current: (u8, u8),
              status: RiskStatus,
              treatment: Treatment,
              review: &str| {
        let mut r = risk(title, owner);
        r.inherent = Some(Score::new(inherent.0, inherent.1));
        r.current = Some(Score::new(current.0, current.1));
        r.status = status;
        if status == RiskStatus::Closed {
            r.closed_reason = "No longer applies.".into();
        }
        r.treatment = treatment;
        if treatment != Treatment::Undecided {
            r.treatment_rationale = "Decided.".into();
        }
        if status == RiskStatus::Accepted {
            r.acceptance = Some(acceptance("2026-01-15", "", true));
        }
        r.last_review = review.into();
        r
    };
    let mut r1 = mk(
        "bravo",
        "Zed",
        (5, 5),
        (3, 3),
        RiskStatus::Monitored,
        Treatment::Modify,
        "2026-01-01",
    );
    r1.residual = Some(Score::new(1, 1));
    let r2 = mk(
        "Alpha",
        "amy",
        (1, 1),
        (1, 1),
        RiskStatus::Identified,
        Treatment::Undecided,
        "2026-03-01",
    );
    let mut r3 = mk(
        "charlie",
        "Bob",
        (4, 4),
        (3, 3),
        RiskStatus::Accepted,
        Treatment::Retain,
        "2026-02-01",
    );
    r3.residual = Some(Score::new(5, 5));
    let r4 = mk(
        "alpha",
        "bob",
        (5, 5),
        (4, 5),
        RiskStatus::Closed,
        Treatment::Avoid,
        "",
    );
    let r5 = mk(
        "Delta",
        "Amy",
        (2, 2),
        (1, 1),
        RiskStatus::Identified,
        Treatment::Share,
        "2026-01-01",
    );
    for r in [r1, r2, r3, r4, r5] {
        w.ok(Command::save(r));
    }
    w.isms
}

#[test]
fn every_sort_key_both_ways_with_the_reference_as_tiebreak() {
    let m = sort_world();
    let rows = register::rows(&m, "2026-01-20");
    // Next reviews: R-1 Medium from 2026-01-01 → 2026-07-01; R-2 Low from
    // 2026-03-01 → 2027-03-01; R-3 Medium from 2026-02-01 → 2026-08-01;
    // R-4 is closed: reviewed no more; R-5 Low → 2027-01-01.
    let reviews: Vec<&str> = rows.iter().map(|r| r.next_review.as_str()).collect();
    assert_eq!(
        reviews,
        ["2026-07-01", "2027-03-01", "2026-08-01", "", "2027-01-01"]
    );
    let cases: &[(RiskSort, [&str; 5])] = &[
        (
            RiskSort::Reference,
            ["R-0001", "R-0002", "R-0003", "R-0004", "R-0005"],
        ),
        // "Alpha" and "alpha" tie: reference decides.
        (
            RiskSort::Title,
            ["R-0002", "R-0004", "R-0001", "R-0003", "R-0005"],
        ),
        // amy/Amy, Bob/bob tie.
        (
            RiskSort::Owner,
            ["R-0002", "R-0005", "R-0003", "R-0004", "R-0001"],
        ),
        // Levels: 4, 1, 3, 4, 1.
        (
            RiskSort::Inherent,
            ["R-0002", "R-0005", "R-0003", "R-0001", "R-0004"],
        ),
        // Levels: 2, 1, 2, 4, 1.
        (
            RiskSort::Current,
            ["R-0002", "R-0005", "R-0001", "R-0003", "R-0004"],
        ),
        // No residual first, then Low (R-1), Very high (R-3).
        (
            RiskSort::Residual,
            ["R-0002", "R-0004", "R-0005", "R-0001", "R-0003"],
        ),
        // Life-cycle order: identified, accepted, monitored, closed.
        (
            RiskSort::Status,
            ["R-0002", "R-0005", "R-0003", "R-0001", "R-0004"],
        ),
        // Undecided, modify, retain, avoid, share.
        (
            RiskSort::Treatment,
            ["R-0002", "R-0001", "R-0003", "R-0004", "R-0005"],
        ),
        (
            RiskSort::NextReview,
            ["R-0004", "R-0001", "R-0003", "R-0005", "R-0002"],
        ),
    ];
    for (sort, expected) in cases {
        let asc = register::filter(
            &m,
            &rows,
            &RiskFilter {
                sort: *sort,
                ..RiskFilter::default()
            },
        );
        assert_eq!(refs(&m, &asc), expected, "{sort:?} ascending");
        let desc = register::filter(
            &m,
            &rows,
            &RiskFilter {
                sort: *sort,
                descending: true,
                ..RiskFilter::default()
            },
        );
        let mut reversed: Vec<&str> = expected.to_vec();
        reversed.reverse();
        assert_eq!(refs(&m, &desc), reversed, "{sort:?} descending");
    }
}

#[test]
fn references_sort_by_number_not_text() {
    let mut m = sort_world();
    m.risks[0].reference = "R-10000".into();
    m.risks[1].reference = "R-9999".into();
    let rows = register::rows(&m, "2026-01-20");
    let order = register::filter(&m, &rows, &RiskFilter::default());
    assert_eq!(
        refs(&m, &order),
        ["R-0003", "R-0004", "R-0005", "R-9999", "R-10000"]
    );
}

/// The key a sort compares, as a test writes it.
fn sort_key(m: &Isms, rows: &[Row], sort: RiskSort, k: usize) -> (String, Option<usize>, usize) {
    let (r, row) = (&m.risks[k], &rows[k]);
    let pos = |all: &[RiskStatus], s: RiskStatus| all.iter().position(|x| *x == s).expect("in ALL");
    let tpos = Treatment::ALL
        .iter()
        .position(|x| *x == r.treatment)
        .expect("in ALL");
    match sort {
        RiskSort::Reference => (String::new(), None, 0),
        RiskSort::Title => (fold(&r.title), None, 0),
        RiskSort::Owner => (fold(&r.owner), None, 0),
        RiskSort::Inherent => (String::new(), row.inherent, 0),
        RiskSort::Current => (String::new(), row.current, 0),
        RiskSort::Residual => (String::new(), row.residual, 0),
        RiskSort::Status => (String::new(), None, pos(RiskStatus::ALL, r.status)),
        RiskSort::Treatment => (String::new(), None, tpos),
        RiskSort::NextReview => (row.next_review.clone(), None, 0),
    }
}

fn reference_number(r: &str) -> u32 {
    isms::core::kernel::ids::reference_number("R", r).expect("a risk reference")
}

#[test]
fn sorting_a_generated_register_is_a_total_order() {
    let m = generated(100, 400, preset_5x5(), 31);
    let rows = register::rows(&m, "2026-06-01");
    for sort in [
        RiskSort::Reference,
        RiskSort::Title,
        RiskSort::Owner,
        RiskSort::Inherent,
        RiskSort::Current,
        RiskSort::Residual,
        RiskSort::Status,
        RiskSort::Treatment,
        RiskSort::NextReview,
    ] {
        let asc = register::filter(
            &m,
            &rows,
            &RiskFilter {
                sort,
                ..RiskFilter::default()
            },
        );
        assert_eq!(asc.len(), 400);
        for pair in asc.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let o = sort_key(&m, &rows, sort, a)
                .cmp(&sort_key(&m, &rows, sort, b))
                .then(
                    reference_number(&m.risks[a].reference)
                        .cmp(&reference_number(&m.risks[b].reference)),
                );
            assert_eq!(
                o,
                Ordering::Less,
                "{sort:?}: {} before {}",
                m.risks[a].reference,
                m.risks[b].reference
            );
        }
        let mut desc = register::filter(
            &m,
            &rows,
            &RiskFilter {
                sort,
                descending: true,
                ..RiskFilter::default()
            },
        );
        desc.reverse();
        assert_eq!(asc, desc, "{sort:?}");
    }
}

#[test]
fn filter_survives_rows_that_do_not_cover_the_register() {
    // Rows computed before a risk was deleted: the filter never panics,
    // and only returns risks that exist.
    let m = sort_world();
    let rows = register::rows(&m, "2026-01-20");
    let mut fewer = m.clone();
    fewer.risks.truncate(3);
    for sort in [RiskSort::Title, RiskSort::Current, RiskSort::NextReview] {
        let f = RiskFilter {
            sort,
            ..RiskFilter::default()
        };
        let out = register::filter(&fewer, &rows, &f);
        assert_eq!(out.len(), 3);
        assert!(out.iter().all(|&k| k < 3));
    }
}

#[test]
fn owners_are_distinct_trimmed_and_sorted() {
    let m = sort_world();
    assert_eq!(register::owners(&m.risks), ["amy", "Bob", "Zed"]);
    let mut risks = m.risks.clone();
    risks[0].owner = "  Émile ".into();
    risks[1].owner = "émile".into();
    assert_eq!(register::owners(&risks), ["Amy", "Bob", "Émile"]);
    assert!(register::owners(&[]).is_empty());
}

// ---------------------------------------------------------------- CSV

/// Reads CSV as [`register::csv`] writes it (every cell quoted, CRLF after
/// every record, a BOM first), strictly.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').expect("starts with a BOM");
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                assert!(cell.is_empty(), "quote inside an unquoted cell");
                quoted = true;
            }
            ',' => record.push(std::mem::take(&mut cell)),
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            other => panic!("unquoted character {other:?}"),
        }
    }
    assert!(!quoted, "unterminated quote");
    assert!(
        record.is_empty() && cell.is_empty(),
        "the last record ends with CRLF"
    );
    records
}

#[test]
fn csv_cells_are_quoted_and_neutralised() {
    assert_eq!(risk::csv::csv_cell("plain"), "\"plain\"");
    assert_eq!(risk::csv::csv_cell(""), "\"\"");
    for (input, expected) in [
        ("=1+1", "\"'=1+1\""),
        ("+31 20 123", "\"'+31 20 123\""),
        ("-2", "\"'-2\""),
        ("@SUM(A1)", "\"'@SUM(A1)\""),
        ("\tindented", "\"'\tindented\""),
        ("\rreturn", "\"'\rreturn\""),
    ] {
        assert_eq!(risk::csv::csv_cell(input), expected, "{input:?}");
    }
    // Only the first character matters.
    assert_eq!(risk::csv::csv_cell("a=b-c+d@e"), "\"a=b-c+d@e\"");
    assert_eq!(risk::csv::csv_cell(" =1"), "\" =1\"");
    // Quotes are doubled, newlines stay inside the quotes.
    assert_eq!(risk::csv::csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(
        risk::csv::csv_cell("line 1\nline 2\r\nline 3"),
        "\"line 1\nline 2\r\nline 3\""
    );
    assert_eq!(risk::csv::csv_cell("=\"x\""), "\"'=\"\"x\"\"\"");
}

#[test]
fn csv_of_the_realistic_register() {
    let w = realistic_with_risks();
    let m = &w.isms;
    let rows = register::rows(m, "2026-03-01");
    let order = register::filter(m, &rows, &RiskFilter::default());
    let text = risk::csv::csv(m, &rows, &order);
    assert!(text.starts_with("\u{feff}\"Reference\",\"Title\",\"Description\","));
    assert!(text.ends_with("\r\n"));
    assert_eq!(
        text.matches("\r\n").count(),
        4,
        "header and 3 risks, no stray CRLF"
    );
    assert!(!text.replace("\r\n", "").contains('\r'));
    // The formula in R-0003's title is neutralised.
    assert!(text.contains(",\"'=cmd|' /C calc'!A0 supplier outage\","));
    assert!(!text.contains(",\"=cmd"));

    let csv = parse_csv(&text);
    assert_eq!(csv.len(), 4);
    let header = &csv[0];
    assert_eq!(header.len(), 33);
    assert!(csv.iter().all(|r| r.len() == 33));
    assert_eq!(header[0], "Reference");
    assert_eq!(header[32], "Needs attention");
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let r1 = &csv[1];
    assert_eq!(r1[col("Reference")], "R-0001");
    assert_eq!(
        r1[col("Title")],
        "Ransomware encrypts the shipment database"
    );
    assert_eq!(
        r1[col("Description")],
        "Encryption of <b>all</b> records; \"TrackIt\" stops."
    );
    assert_eq!(
        r1[col("Assets")],
        "A-0001 Shipment database; A-0002 TrackIt web app"
    );
    assert_eq!(r1[col("Affects (C, I, A)")], "I, A");
    assert_eq!(r1[col("Inherent likelihood")], "4");
    assert_eq!(r1[col("Inherent impact")], "4");
    assert_eq!(r1[col("Inherent level")], "High");
    assert_eq!(r1[col("Current level")], "Medium");
    assert_eq!(r1[col("Residual likelihood")], "2");
    assert_eq!(r1[col("Residual level")], "Medium");
    assert_eq!(r1[col("Status")], "In treatment");
    assert_eq!(r1[col("Treatment")], "Modify (mitigate)");
    assert_eq!(
        r1[col("Treatment actions")],
        "Offline backup copy (Head of IT; In progress; due 2026-03-31; control A.8.13); \
         Quarterly restore test (Operations lead; Planned; due 2026-02-28; control A.8.13)"
    );
    assert_eq!(r1[col("Accepted by")], "");
    assert_eq!(r1[col("Last review")], "2026-01-10");
    assert_eq!(r1[col("Next review")], "2026-07-10");
    assert_eq!(
        r1[col("Needs attention")],
        "1 treatment action overdue; the residual risk stays above the appetite: \
         set the residual expected after treatment, or record an exception"
    );
    let r2 = &csv[2];
    assert_eq!(r2[col("Residual likelihood")], "");
    assert_eq!(r2[col("Residual level")], "");
    assert_eq!(r2[col("Accepted by")], "Managing director");
    assert_eq!(r2[col("Acceptance expires")], "2027-01-15");
    assert_eq!(r2[col("Exception to appetite")], "");
    let r3 = &csv[3];
    assert_eq!(r3[col("Title")], "'=cmd|' /C calc'!A0 supplier outage");
    assert_eq!(r3[col("Exception to appetite")], "yes");
    assert_eq!(r3[col("Owner")], "CFO");

    // The order given is the order written; unknown indexes are skipped.
    let text = risk::csv::csv(m, &rows, &[2, 0, 7]);
    let csv = parse_csv(&text);
    let written: Vec<&str> = csv[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(written, ["R-0003", "R-0001"]);
    // No risks: the header alone.
    assert_eq!(parse_csv(&risk::csv::csv(m, &rows, &[])).len(), 1);
}

#[test]
fn csv_keeps_newlines_and_neutralises_every_cell() {
    let mut w = World::new();
    let a = w.add_asset(asset("-dash asset", "@owner"));
    let mut r = risk("+SUM(1,2)", "=HYPERLINK(\"http://x\")");
    r.description = "line 1\nline 2, with a comma\r\nline 3".into();
    r.threat = "\tTab".into();
    r.vulnerability = "\rCR".into();
    r.existing_controls = "@import".into();
    r.assets = vec![a];
    r.treatment = Treatment::Modify;
    r.treatment_rationale = "-1".into();
    r.actions = vec![TreatmentAction {
        id: String::new(),
        title: "=2*3".into(),
        owner: "x".into(),
        due: String::new(),
        status: ActionStatus::Planned,
        control: String::new(),
    }];
    w.ok(Command::save(r));
    let m = &w.isms;
    let rows = register::rows(m, "2026-01-20");
    let text = risk::csv::csv(m, &rows, &[0]);
    let csv = parse_csv(&text);
    assert_eq!(csv.len(), 2);
    let row = &csv[1];
    let h = &csv[0];
    let col = |name: &str| h.iter().position(|x| x == name).expect("column");
    assert_eq!(row[col("Title")], "'+SUM(1,2)");
    assert_eq!(row[col("Owner")], "'=HYPERLINK(\"http://x\")");
    assert_eq!(
        row[col("Description")],
        "line 1\nline 2, with a comma\r\nline 3"
    );
    assert_eq!(row[col("Threat")], "'\tTab");
    assert_eq!(row[col("Vulnerability")], "'\rCR");
    assert_eq!(row[col("Existing controls")], "'@import");
    assert_eq!(row[col("Treatment rationale")], "'-1");
    assert_eq!(row[col("Assets")], "A-0001 -dash asset");
    assert_eq!(row[col("Treatment actions")], "'=2*3 (x; Planned)");
    // No cell a spreadsheet would read as a formula.
    assert!(
        row.iter()
            .all(|c| !c.starts_with(['=', '+', '-', '@', '\t', '\r'])),
        "{row:?}"
    );
}

// ---------------------------------------------------------------- file format

fn exported(m: &Isms) -> Value {
    serde_json::from_str(&format::export(m, t(60), "Tester")).expect("json")
}

fn import_value(v: &Value) -> Result<Isms, FormatError> {
    format::import(&serde_json::to_string(v).expect("json")).map(|i| i.isms)
}

/// The shape error of importing `v`: (path, message).
fn shape_error(v: &Value) -> (String, String) {
    match import_value(v) {
        Err(FormatError::Shape { path, message }) => (path, message),
        other => panic!("expected a shape error, got {other:?}"),
    }
}

fn invalid_file(v: &Value) -> Vec<FieldError> {
    match import_value(v) {
        Err(FormatError::Invalid(errs)) => errs,
        other => panic!("expected an invalid file, got {other:?}"),
    }
}

#[test]
fn the_realistic_register_round_trips() {
    let w = realistic_with_risks();
    let text = format::export(&w.isms, t(60), "Tester");
    let imp = format::import(&text).expect("imports");
    assert_eq!(imp.isms, w.isms);
    assert_eq!(imp.isms.risk_method, w.isms.risk_method);
    assert_ne!(
        imp.isms.risk_method,
        preset_5x5(),
        "the edited method travels"
    );
    assert_eq!(imp.isms.risks, w.isms.risks);
    assert_eq!(format::export(&imp.isms, t(60), "Tester"), text);
    let stored = format::store(&w.isms, t(60));
    assert_eq!(format::load(&stored).expect("loads").isms, w.isms);
}

#[test]
fn a_generated_register_of_300_risks_round_trips() {
    for method in [preset_5x5(), preset_4x4(), product_formula(), sum_formula()] {
        let m = generated(50, 300, method.clone(), 3);
        assert_eq!(m.risks.len(), 300);
        let text = format::export(&m, t(0), "gen");
        let imp = format::import(&text).expect("imports");
        assert_eq!(imp.isms.risk_method, method);
        assert_eq!(imp.isms.risks, m.risks);
        assert_eq!(imp.isms, m);
        assert_eq!(format::export(&imp.isms, t(0), "gen"), text);
    }
}

#[test]
fn a_formula_method_reads_back_with_its_bands() {
    let mut w = realistic_with_risks();
    let mut m = sum_formula();
    m.levels[2].review_months = 4;
    // Every realistic risk keeps its level under this sum: no confirmation.
    let c = w.ok(Command::SetRiskMethod {
        method: m.clone(),
        confirmed: false,
    });
    assert_eq!(
        only_entry(&c).summary,
        "Changed the risk method: bands, formula, grid, scoring"
    );
    assert_eq!(w.isms.risk_method, m);
    let v = exported(&w.isms);
    assert_eq!(v["data"]["risk_method"]["scoring"], json!("formula"));
    assert_eq!(v["data"]["risk_method"]["formula"], json!("sum"));
    assert_eq!(
        v["data"]["risk_method"]["bands"][1],
        json!({"from": 5, "to": 6, "level": 2})
    );
    assert!(v["data"]["risk_method"].get("grid").is_none());
    let back = import_value(&v).expect("imports");
    assert_eq!(back.risk_method, m);
    assert_eq!(back, w.isms);
}

/// A change to an exported file.
type Edit = dyn Fn(&mut Value);

#[test]
fn broken_risk_fields_are_named_by_their_path() {
    let base = exported(&realistic_with_risks().isms);
    let broken = |edit: &Edit| {
        let mut v = base.clone();
        edit(&mut v);
        shape_error(&v)
    };
    let cases: Vec<(&Edit, &str, &str)> = vec![
        (
            &|v| v["data"]["risks"][0]["inherent"]["likelihood"] = json!("4"),
            "risks[0].inherent.likelihood",
            "string \"4\", expected a level number from 1",
        ),
        (
            &|v| v["data"]["risks"][1]["current"]["impact"] = json!(256),
            "risks[1].current.impact",
            "integer `256`, expected a level number from 1",
        ),
        (
            &|v| v["data"]["risks"][1]["current"]["impact"] = json!(-1),
            "risks[1].current.impact",
            "integer `-1`, expected a level number from 1",
        ),
        (
            &|v| v["data"]["risks"][0]["residual"]["likelihood"] = json!(2.5),
            "risks[0].residual.likelihood",
            "floating point `2.5`, expected a level number from 1",
        ),
        (
            &|v| v["data"]["risks"][0]["inherent"] = json!([4, 4]),
            "risks[0].inherent",
            "a list, expected an object",
        ),
        (
            &|v| v["data"]["risks"][2]["colour"] = json!("red"),
            "risks[2].colour",
            "unknown field `colour`",
        ),
        (
            &|v| v["data"]["risks"][0]["inherent"]["severity"] = json!(3),
            "risks[0].inherent.severity",
            "unknown field `severity`",
        ),
        (
            &|v| {
                v["data"]["risks"][1]
                    .as_object_mut()
                    .expect("risk")
                    .remove("owner");
            },
            "risks[1]",
            "missing field `owner`",
        ),
        (
            &|v| v["data"]["risks"][0]["status"] = json!("open"),
            "risks[0].status",
            "unknown value `open`, expected one of `identified`, `assessed`, `in_treatment`, `accepted`, `monitored`, `closed`",
        ),
        (
            &|v| v["data"]["risks"][0]["actions"][1]["status"] = json!("finished"),
            "risks[0].actions[1].status",
            "unknown value `finished`, expected one of `planned`, `in_progress`, `done`, `cancelled`",
        ),
        (
            &|v| v["data"]["risks"][2]["acceptance"]["exception"] = json!("yes"),
            "risks[2].acceptance.exception",
            "string \"yes\", expected a boolean",
        ),
        (
            &|v| v["data"]["risks"][0]["assets"] = json!(["ok", 7]),
            "risks[0].assets",
            "integer `7`, expected text",
        ),
        (
            &|v| v["data"]["risk_method"]["scoring"] = json!("matrix"),
            "risk_method.scoring",
            "unknown value `matrix`, expected `lookup` or `formula`",
        ),
        (
            &|v| v["data"]["risk_method"]["grid"][1][3] = json!("3"),
            "risk_method.grid[1][3]",
            "string \"3\", expected a level number from 1",
        ),
        (
            &|v| v["data"]["risk_method"]["appetite"] = json!(-1),
            "risk_method.appetite",
            "integer `-1`, expected a level number from 1",
        ),
        (
            &|v| v["data"]["risks"] = json!({}),
            "risks",
            "an object, expected a list",
        ),
    ];
    for (edit, path, message) in cases {
        let (p, m) = broken(edit);
        assert_eq!((p.as_str(), m.as_str()), (path, message));
        // The whole message reads as one sentence with the place first.
        let mut v = base.clone();
        edit(&mut v);
        let err = import_value(&v).expect_err("refused");
        assert_eq!(err.to_string(), format!("{path}: {message}."));
    }
}

#[test]
fn a_wrong_scoring_value_is_named_even_in_a_formula_method() {
    let mut w = World::new();
    w.ok(Command::SetRiskMethod {
        method: product_formula(),
        confirmed: false,
    });
    let mut v = exported(&w.isms);
    v["data"]["risk_method"]["scoring"] = json!("formulas");
    let (path, message) = shape_error(&v);
    assert_eq!(path, "risk_method.scoring");
    assert_eq!(
        message,
        "unknown value `formulas`, expected `lookup` or `formula`"
    );
    // A wrong formula is named too.
    let mut v = exported(&w.isms);
    v["data"]["risk_method"]["formula"] = json!("quotient");
    assert_eq!(
        shape_error(&v),
        (
            "risk_method.formula".to_string(),
            "unknown value `quotient`, expected `product` or `sum`".to_string()
        )
    );
    // A band's level.
    let mut v = exported(&w.isms);
    v["data"]["risk_method"]["bands"][2]["level"] = json!(null);
    assert_eq!(
        shape_error(&v),
        (
            "risk_method.bands[2].level".to_string(),
            "null, expected a level number from 1".to_string()
        )
    );
    // A lookup method with bands left in it: the bands are unknown.
    let mut v = exported(&World::new().isms);
    v["data"]["risk_method"]["bands"] = json!([]);
    assert_eq!(
        shape_error(&v),
        (
            "risk_method.bands".to_string(),
            "unknown field `bands`".to_string()
        )
    );
}

#[test]
fn residual_and_acceptance_may_be_null() {
    let base = exported(&realistic_with_risks().isms);
    assert_eq!(base["data"]["risks"][1]["residual"], Value::Null);
    assert_eq!(base["data"]["risks"][0]["acceptance"], Value::Null);
    let mut v = base.clone();
    v["data"]["risks"][0]["residual"] = Value::Null;
    let m = import_value(&v).expect("imports");
    assert_eq!(m.risks[0].residual, None);
}

#[test]
fn validation_of_an_imported_register() {
    let base = exported(&realistic_with_risks().isms);

    let mut v = base.clone();
    v["data"]["risks"][0]["current"]["likelihood"] = json!(9);
    let errs = invalid_file(&v);
    assert_eq!(
        message_at(&errs, "risks[0].current.likelihood"),
        "9 is outside the likelihood scale (1 to 5)"
    );

    let mut v = base.clone();
    v["data"]["risks"][2]["reference"] = json!("R-0001");
    let errs = invalid_file(&v);
    assert_eq!(paths(&errs), ["risks[2].reference"]);
    assert_eq!(
        errs[0].message,
        "duplicate reference R-0001 (also used by risks[0])"
    );

    let mut v = base.clone();
    v["data"]["risks"][1]["id"] = base["data"]["risks"][0]["id"].clone();
    let errs = invalid_file(&v);
    assert!(paths(&errs).contains(&"risks[1].id"), "{errs:?}");

    let mut v = base.clone();
    v["data"]["risks"][0]["reference"] = json!("R-one");
    assert_eq!(
        message_at(&invalid_file(&v), "risks[0].reference"),
        "expected a reference such as R-0001"
    );

    // R-0003 is retained at Medium, above the appetite: only its exception
    // makes it valid.
    let mut v = base.clone();
    v["data"]["risks"][2]["acceptance"]["exception"] = json!(false);
    let errs = invalid_file(&v);
    assert_eq!(paths(&errs), ["risks[2].acceptance"]);
    assert!(
        errs[0].message.contains("above the risk appetite"),
        "{}",
        errs[0].message
    );

    let mut v = base.clone();
    v["data"]["risks"][0]["assets"] = json!(["9b2e1c4a-0000-4000-8000-000000000000"]);
    assert_eq!(
        message_at(&invalid_file(&v), "risks[0].assets[0]"),
        "no asset has the id 9b2e1c4a-0000-4000-8000-000000000000"
    );

    let mut v = base.clone();
    v["data"]["risks"][0]["actions"][0]["id"] = json!("not-a-uuid");
    assert_eq!(
        message_at(&invalid_file(&v), "risks[0].actions[0].id"),
        "expected a UUID"
    );

    // An action id used twice across risks.
    let mut v = base.clone();
    let mut copy = base["data"]["risks"][0]["actions"][0].clone();
    copy["title"] = json!("Copied");
    v["data"]["risks"][1]["actions"] = json!([copy]);
    let errs = invalid_file(&v);
    assert!(
        errs.iter().any(|e| e.path == "risks[1].actions[0].id"
            && e.message.starts_with("duplicate id")
            && e.message.ends_with("(also used by risks[0].actions[0])")),
        "{errs:?}"
    );

    // A broken method is named under risk_method.
    let mut v = base.clone();
    v["data"]["risk_method"]["appetite"] = json!(9);
    let errs = invalid_file(&v);
    assert!(paths(&errs).contains(&"risk_method.appetite"), "{errs:?}");

    // The whole message counts the problems.
    let mut v = base.clone();
    v["data"]["risks"][0]["title"] = json!("");
    v["data"]["risks"][0]["owner"] = json!(" ");
    let err = import_value(&v).expect_err("refused");
    assert_eq!(
        err.to_string(),
        "The file has 2 problems: risks[0].title: is required; risks[0].owner: is required."
    );
}

#[test]
fn a_repaired_counter_never_reuses_an_imported_reference() {
    let w = realistic_with_risks();
    let mut v = exported(&w.isms);
    v["data"]["counters"]["R"] = json!(1);
    let mut imported = import_value(&v).expect("imports");
    assert_eq!(imported.counters.get("R"), Some(&1));
    let mut w2 = World::with(Isms::default());
    w2.ok(Command::ReplaceAll {
        isms: Box::new(imported.clone()),
        source: "file.json".into(),
    });
    let id = w2
        .ok(Command::save(risk("New", "CTO")))
        .record_id
        .expect("id");
    assert_eq!(w2.isms.risk(&id).expect("stored").reference, "R-0004");
    imported.repair_counters();
    assert_eq!(imported.counters.get("R"), Some(&3));
}

// ---------------------------------------------------------------- sample data

#[test]
fn generated_risks_pass_validation() {
    let mut m = generate(200, 5);
    add_risks(&mut m, 500, 9);
    assert!(m.check().is_empty(), "{:?}", m.check());
    // Deterministic.
    let mut again = generate(200, 5);
    add_risks(&mut again, 500, 9);
    assert_eq!(m, again);
    // Varied: every treatment except undecided, retained ones accepted.
    for t in &Treatment::ALL[1..] {
        assert!(m.risks.iter().any(|r| r.treatment == *t), "{t:?}");
    }
    assert!(m
        .risks
        .iter()
        .filter(|r| r.treatment == Treatment::Retain)
        .all(|r| r.status == RiskStatus::Accepted && r.acceptance.is_some()));
    assert!(m
        .risks
        .iter()
        .any(|r| r.acceptance.as_ref().is_some_and(|a| a.exception)));
    assert!(m
        .risks
        .iter()
        .any(|r| r.acceptance.as_ref().is_some_and(|a| !a.exception)));
    assert!(m
        .risks
        .iter()
        .all(|r| !r.assets.is_empty() && r.assets.len() <= 3));
    assert_eq!(m.risks[499].reference, "R-0500");
    assert_eq!(m.counters.get("R"), Some(&500));
}

#[test]
fn generated_risks_pass_validation_under_every_method_and_seed() {
    for seed in 0..20u64 {
        for method in [
            preset_5x5(),
            preset_4x4(),
            preset_3x3(),
            product_formula(),
            sum_formula(),
        ] {
            let m = generated(1 + seed as usize % 7, 40, method, seed);
            let errs = m.check();
            assert!(errs.is_empty(), "seed {seed}: {errs:?}");
        }
    }
}

#[test]
fn adding_risks_twice_continues_the_references_and_stays_valid() {
    let mut m = generate(30, 7);
    add_risks(&mut m, 20, 8);
    add_risks(&mut m, 20, 8);
    assert_eq!(m.risks.len(), 40);
    assert_eq!(m.risks[20].reference, "R-0021");
    assert_eq!(m.counters.get("R"), Some(&40));
    assert!(m.check().is_empty(), "{:?}", m.check());
    // With the seed the assets were generated with, too.
    let mut m = generate(30, 7);
    add_risks(&mut m, 50, 7);
    assert!(m.check().is_empty(), "{:?}", m.check());
}

#[test]
fn risks_can_be_added_through_commands_to_generated_data() {
    let m = generated(20, 30, preset_5x5(), 2);
    let mut w = World::with(m);
    let a = w.isms.assets[0].id.clone();
    let mut r = risk("Through the door", "CTO");
    r.assets = vec![a];
    let id = w.ok(Command::save(r)).record_id.expect("id");
    assert_eq!(w.isms.risk(&id).expect("stored").reference, "R-0031");
    assert!(w.isms.check().is_empty());
}

// ---------------------------------------------------------------- dates

#[test]
fn parse_accepts_only_real_calendar_dates() {
    assert_eq!(
        dates::parse("2026-01-31"),
        chrono::NaiveDate::from_ymd_opt(2026, 1, 31)
    );
    assert!(dates::is_date("2024-02-29"));
    assert!(dates::is_date("1000-01-01"));
    assert!(dates::is_date("9999-12-31"));
    for bad in [
        "",
        "2026-02-30",
        "2025-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-01-00",
        "2026-04-31",
        "2026-2-1",
        "2026-02-1",
        "999-01-01",
        "0999-01-01",
        "+999-01-01",
        "2026/01/31",
        "2026-01-31T00:00:00Z",
        " 2026-01-31",
        "2026-01-3 ",
        "2026-0a-01",
        "2026-+1-01",
        "２０２６-01-01",
        "20é6-01-01",
        "2é6-01-01",
        "2026-01-é",
    ] {
        assert!(!dates::is_date(bad), "{bad:?}");
        assert_eq!(dates::parse(bad), None, "{bad:?}");
    }
}

#[test]
fn add_months_clamps_to_the_end_of_shorter_months() {
    let add = |d: &str, n: u32| dates::add_months(d, n);
    assert_eq!(add("2026-01-31", 1).as_deref(), Some("2026-02-28"));
    assert_eq!(add("2028-01-31", 1).as_deref(), Some("2028-02-29"));
    assert_eq!(add("2026-03-31", 1).as_deref(), Some("2026-04-30"));
    assert_eq!(add("2026-01-15", 0).as_deref(), Some("2026-01-15"));
    assert_eq!(add("2026-01-15", 12).as_deref(), Some("2027-01-15"));
    assert_eq!(add("2026-11-30", 3).as_deref(), Some("2027-02-28"));
    assert_eq!(add("2024-02-29", 12).as_deref(), Some("2025-02-28"));
    assert_eq!(add("2026-01-15", 60).as_deref(), Some("2031-01-15"));
    assert_eq!(add("not a date", 1), None);
    assert_eq!(add("2026-02-30", 1), None);
    assert_eq!(
        add("9999-12-31", 1),
        None,
        "past the last year: no date rather than a wrong one"
    );
    assert_eq!(add("2026-01-15", u32::MAX), None);
}

#[test]
fn days_between_counts_whole_days_both_ways() {
    assert_eq!(dates::days_between("2026-01-01", "2026-01-31"), Some(30));
    assert_eq!(dates::days_between("2026-01-31", "2026-01-01"), Some(-30));
    assert_eq!(dates::days_between("2026-02-28", "2026-03-01"), Some(1));
    assert_eq!(dates::days_between("2028-02-28", "2028-03-01"), Some(2));
    assert_eq!(dates::days_between("2026-01-01", "2027-01-01"), Some(365));
    assert_eq!(dates::days_between("2026-05-05", "2026-05-05"), Some(0));
    assert_eq!(dates::days_between("2026-05-05", "2026-5-6"), None);
    assert_eq!(dates::days_between("x", "2026-05-06"), None);
}

#[test]
fn day_is_the_date_part_of_a_time() {
    assert_eq!(dates::day(t(0)), "2026-01-15");
    assert_eq!(dates::day(t(15 * 60)), "2026-01-16");
    assert!(dates::is_date(&dates::day(t(-60 * 24 * 400))));
}

#[test]
fn stored_dates_sort_as_text_in_date_order() {
    let mut days: Vec<String> = (0..800).map(|d| dates::day(t(d * 24 * 60 + 7))).collect();
    let sorted = days.clone();
    days.sort();
    assert_eq!(days, sorted);
}

// ---------------------------------------------------------------- helpers of the model and the method

#[test]
fn levels_and_rows_with_agree_with_rows() {
    let m = generated(40, 200, preset_4x4(), 8);
    let levels = register::levels(&m);
    assert_eq!(levels.len(), 200);
    for (lv, r) in levels.iter().zip(&m.risks) {
        assert_eq!(lv.inherent, register::level_opt(&m.risk_method, r.inherent));
        assert_eq!(lv.current, register::level_opt(&m.risk_method, r.current));
        assert_eq!(
            lv.residual,
            r.residual
                .as_ref()
                .and_then(|t| register::level_of(&m.risk_method, t))
        );
        assert!(lv.inherent.is_some() && lv.current.is_some());
    }
    assert_eq!(
        register::rows_with(&m, &levels, "2026-06-01"),
        register::rows(&m, "2026-06-01")
    );
}

#[test]
fn risk_scores_list_every_score_by_reference() {
    let w = realistic_with_risks();
    let s = w.isms.risk_scores();
    let expected: Vec<(String, u8, u8)> = vec![
        ("R-0001 inherent".into(), 4, 4),
        ("R-0001 current".into(), 3, 3),
        ("R-0001 residual".into(), 2, 3),
        ("R-0002 inherent".into(), 2, 2),
        ("R-0002 current".into(), 1, 2),
        ("R-0003 inherent".into(), 4, 4),
        ("R-0003 current".into(), 3, 3),
    ];
    assert_eq!(s, expected);
}

#[test]
fn risk_model_helpers() {
    let w = realistic_with_risks();
    let m = &w.isms;
    assert_eq!(m.risks[0].cia(), "I, A");
    assert_eq!(m.risks[2].cia(), "A");
    assert_eq!(Risk::blank().cia(), "");
    let mut all = Risk::blank();
    (all.confidentiality, all.integrity, all.availability) = (true, true, true);
    assert_eq!(all.cia(), "C, I, A");
    assert_eq!(Risk::blank().inherent, None);
    assert_eq!(Risk::blank().current, None);
    assert!(!Risk::blank().is_assessed());
    assert_eq!(Risk::blank().status, RiskStatus::Identified);
    assert_eq!(Risk::blank().treatment, Treatment::Undecided);
    let db = &w.asset_named("Shipment database").id;
    let of_db: Vec<&str> = m
        .risks_of_asset(db)
        .iter()
        .map(|r| r.reference.as_str())
        .collect();
    assert_eq!(of_db, ["R-0001", "R-0003"]);
    assert!(m.risks_of_asset("nope").is_empty());
    assert_eq!(m.count(RecordKind::Risk), 3);
    assert_eq!(
        m.risk(&m.risks[1].id).map(|r| r.reference.as_str()),
        Some("R-0002")
    );
    assert!(ActionStatus::Done.is_closed() && ActionStatus::Cancelled.is_closed());
    assert!(!ActionStatus::Planned.is_closed() && !ActionStatus::InProgress.is_closed());
    assert_eq!(RiskStatus::Treatment.key(), "in_treatment");
    assert_eq!(
        RiskStatus::from_key("in_treatment"),
        Some(RiskStatus::Treatment)
    );
    assert_eq!(Treatment::Retain.label(), "Retain (accept)");
}

#[test]
fn diff_logs_fields_only_one_version_has() {
    use isms::core::kernel::diff::diff;
    assert!(diff(&preset_5x5(), &preset_5x5()).is_empty());
    let d = diff(&preset_5x5(), &product_formula());
    let fields: Vec<&str> = d.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(
        fields,
        ["bands", "formula", "grid", "scoring"],
        "in key order"
    );
    let grid = d.iter().find(|c| c.field == "grid").expect("grid");
    assert_eq!(grid.after, Value::Null);
    assert_eq!(grid.before[0], json!([1, 1, 1, 1, 2]));
    let back = diff(&product_formula(), &preset_5x5());
    let bands = back.iter().find(|c| c.field == "bands").expect("bands");
    assert_eq!(bands.after, Value::Null);
    assert_eq!(bands.before.as_array().map(Vec::len), Some(4));
}

#[test]
fn method_editing_helpers_keep_the_method_sound() {
    use isms::core::risk::{validate as check, ScaleLevel};
    // The equivalent formula as a grid is the preset's grid, and back.
    assert_eq!(product_formula().as_lookup(), preset_5x5().scoring);
    for p in isms::core::risk::PRESETS {
        let m = (p.make)();
        for f in [Formula::Product, Formula::Sum] {
            let mut cut = m.clone();
            cut.scoring = m.as_formula(f);
            assert!(check(&cut).is_empty(), "{} {f:?}: {:?}", p.key, check(&cut));
            // As a grid again: the same levels everywhere.
            let mut grid = cut.clone();
            grid.scoring = cut.as_lookup();
            assert_eq!(grid.matrix(), cut.matrix());
        }
    }
    // A likelihood level added on top copies the row below.
    let mut m = preset_5x5();
    m.likelihood.levels.push(ScaleLevel {
        label: "Constant".into(),
        criteria: "All the time.".into(),
    });
    m.fit_grid();
    assert_eq!(grid_mut(&mut m).len(), 6);
    assert_eq!(grid_mut(&mut m)[5], [2, 3, 3, 4, 4]);
    assert!(check(&m).is_empty(), "{:?}", check(&m));
    // An impact level added on top copies the column before it.
    m.impact.levels.push(ScaleLevel {
        label: "Fatal".into(),
        criteria: "The end.".into(),
    });
    m.fit_grid();
    assert!(grid_mut(&mut m)
        .iter()
        .all(|row| row.len() == 6 && row[5] == row[4]));
    assert!(check(&m).is_empty(), "{:?}", check(&m));
    // Removed levels drop their rows and columns.
    m.likelihood.levels.truncate(3);
    m.impact.levels.truncate(4);
    m.fit_grid();
    let g = grid_mut(&mut m).clone();
    assert_eq!(g, [vec![1, 1, 1, 1], vec![1, 1, 2, 2], vec![1, 2, 2, 3]]);
}

#[test]
fn replacing_the_isms_brings_its_register_and_checks_it() {
    let source = realistic_with_risks().isms;
    let mut w = World::new();
    w.ok(Command::save(risk("Old", "CTO")));
    w.tick();
    let c = w.ok(Command::ReplaceAll {
        isms: Box::new(source.clone()),
        source: "backup.json".into(),
    });
    assert_eq!(only_entry(&c).kind, RecordKind::Isms);
    assert_eq!(w.isms.risks, source.risks);
    assert_eq!(w.isms.risk_method, source.risk_method);

    let mut broken = source.clone();
    broken.risks[0].current = Some(Score::new(6, 1));
    let errs = invalid(
        &mut w,
        Command::ReplaceAll {
            isms: Box::new(broken),
            source: "broken.json".into(),
        },
    );
    assert_eq!(paths(&errs), ["risks[0].current.likelihood"]);
}

#[test]
fn the_catalogue_offers_distinct_texts_a_risk_accepts() {
    use isms::core::risk::catalogue::{threats, vulnerabilities, THEMES};
    assert!(THEMES.len() >= 2);
    for (what, items) in [
        ("threat", threats().collect::<Vec<_>>()),
        ("vulnerability", vulnerabilities().collect::<Vec<_>>()),
    ] {
        assert!(items.len() >= 10, "{what}");
        let mut seen = std::collections::HashSet::new();
        for (theme, text) in &items {
            assert!(THEMES.iter().any(|t| t.name == *theme));
            assert_eq!(text.trim(), *text, "{what} {text:?}");
            assert!(!text.is_empty());
            assert!(
                text.chars().count() <= kernel::check::MAX_SHORT,
                "{what} {text:?}"
            );
            assert!(seen.insert(fold(text)), "{what} {text:?} twice");
        }
    }
    // Each suggestion fits the field it is offered for.
    let mut w = World::new();
    for ((_, threat), (_, vuln)) in threats().zip(vulnerabilities()) {
        let mut r = risk("From the catalogue", "CTO");
        r.threat = threat.into();
        r.vulnerability = vuln.into();
        w.ok(Command::save(r));
    }
}

#[test]
fn own_threats_are_offered_again_once_each_and_catalogue_ones_are_not() {
    let mut w = World::new();
    w.add_asset(asset("CRM", "CTO"));
    for (title, threat) in [
        ("a", "Drone over the data centre"),
        ("b", "drone over the data centre "),
        ("c", "Ransomware"),
        ("d", "Alien invasion"),
        ("e", ""),
    ] {
        let mut r = risk(title, "CTO");
        r.threat = threat.into();
        w.ok(Command::save(r));
    }
    let catalogue: Vec<&str> = isms::core::risk::catalogue::threats()
        .map(|(_, t)| t)
        .collect();
    assert!(catalogue.contains(&"Ransomware"));
    let own = register::own_entries(&w.isms.risks, |r| &r.threat, &catalogue, 10);
    assert_eq!(own, vec!["Alien invasion", "Drone over the data centre"]);
    assert_eq!(
        register::own_entries(&w.isms.risks, |r| &r.threat, &catalogue, 1),
        vec!["Alien invasion"]
    );
}

#[test]
fn a_save_started_from_an_older_version_is_refused_and_changes_nothing() {
    let mut w = World::new();
    let id = w
        .ok(Command::save(risk("Ransomware", "Head of IT")))
        .record_id
        .expect("id");
    // Two forms open on the same version; the first saves.
    let opened = w.isms.risk(&id).expect("stored").clone();
    w.tick();
    let mut first = opened.clone();
    first.owner = "CISO".into();
    w.ok(Command::save(first));
    let saved_at = w.isms.risk(&id).expect("stored").updated_at.clone();
    assert_ne!(saved_at, opened.updated_at);

    // The second would undo the first's change: refused, naming the risk.
    w.tick();
    let mut second = opened.clone();
    second.title = "Ransomware on the file server".into();
    let e = w.refused(Command::save(second.clone()));
    assert_eq!(
        e,
        DomainError::Stale {
            kind: RecordKind::Risk,
            reference: "R-0001".into(),
            current: saved_at.clone(),
        }
    );
    assert_eq!(
        e.to_string(),
        "Risk R-0001 was changed elsewhere (in another tab or window, or by an import) after it was opened here, so it was not saved: saving would undo that change."
    );

    // Saving over it on purpose: the version it replaces is the stored one.
    second.updated_at = saved_at;
    let c = w.ok(Command::save(second));
    let stored = w.isms.risk(&id).expect("stored");
    assert_eq!(stored.title, "Ransomware on the file server");
    assert_eq!(
        stored.owner, "Head of IT",
        "saved over the first form's change"
    );
    assert_eq!(changed_fields(only_entry(&c)), ["owner", "title"]);

    // A caller that does not say which version it started from is not checked.
    let mut blind = w.isms.risk(&id).expect("stored").clone();
    blind.updated_at.clear();
    blind.owner = "CTO".into();
    w.ok(Command::save(blind));
}

// ------------------------------------------------- filtering as a search is typed

/// Typing a search one key at a time, each key looking only among what the
/// key before found, finds exactly what a fresh filter finds, in the same
/// order, for every sort and with other filters set; a filter that does not
/// narrow (a key deleted, another filter changed) looks at every risk again.
#[test]
fn a_search_typed_key_by_key_finds_what_a_fresh_filter_finds() {
    let mut m = generate(200, 5);
    add_risks(&mut m, 800, 9);
    let rows = register::rows(&m, "2026-06-01");
    let owner = m.risks[3].owner.clone();
    let sorts = [
        RiskSort::Reference,
        RiskSort::Title,
        RiskSort::Current,
        RiskSort::NextReview,
    ];
    for (k, sort) in sorts.into_iter().enumerate() {
        let base = RiskFilter {
            sort,
            descending: k % 2 == 1,
            owner: if k == 2 { owner.clone() } else { String::new() },
            ..RiskFilter::default()
        };
        // Typed, then a word added, then keys deleted, then another filter.
        let steps = [
            "r",
            "ra",
            "ran",
            "rans",
            "ransom",
            "ransom w",
            "ransom wa",
            "ransom",
            "ran",
            "",
            "d",
            "da",
            "dat",
        ];
        let mut earlier: Option<(RiskFilter, Vec<usize>)> = None;
        for (n, text) in steps.iter().enumerate() {
            let f = RiskFilter {
                text: text.to_string(),
                status: if n >= 11 {
                    Some(RiskStatus::Assessed)
                } else {
                    None
                },
                ..base.clone()
            };
            let fresh = register::filter(&m, &rows, &f);
            let typed = register::filter_from(&m, &rows, &f, earlier.take());
            assert_eq!(refs(&m, &typed), refs(&m, &fresh), "{sort:?} {text:?}");
            earlier = Some((f, typed));
        }
    }
    // The search above did find something and narrowed it.
    let some = |t: &str| {
        register::filter(
            &m,
            &rows,
            &RiskFilter {
                text: t.into(),
                ..RiskFilter::default()
            },
        )
        .len()
    };
    assert!(
        some("r") > some("ran") && some("ran") > 0,
        "{} {}",
        some("r"),
        some("ran")
    );
}

#[test]
fn which_filters_narrow_which() {
    let f = |text: &str| RiskFilter {
        text: text.into(),
        ..RiskFilter::default()
    };
    assert!(register::narrows(&f("ran"), &f("ra")));
    assert!(register::narrows(&f("ra"), &f("")));
    assert!(register::narrows(&f("  RAN  "), &f("ra")));
    assert!(register::narrows(&f("ransom data"), &f("ransom")));
    assert!(register::narrows(&f("data ransom"), &f("ran da")));
    assert!(!register::narrows(&f("ra"), &f("ran")));
    assert!(!register::narrows(&f("rb"), &f("ra")));
    assert!(!register::narrows(&f(""), &f("a")));
    let other = RiskFilter {
        attention: true,
        ..f("ran")
    };
    assert!(!register::narrows(&other, &f("ra")));
    let sorted = RiskFilter {
        sort: RiskSort::Title,
        ..f("ran")
    };
    assert!(!register::narrows(&sorted, &f("ra")));
    let down = RiskFilter {
        descending: true,
        ..f("ran")
    };
    assert!(!register::narrows(&down, &f("ra")));
}

/// The message of the one error at `status` of a refused save.
fn status_error(e: DomainError) -> String {
    match e {
        DomainError::Invalid(errs) => {
            assert_eq!(errs.len(), 1, "{errs:?}");
            assert_eq!(errs[0].path, "status");
            errs[0].message.clone()
        }
        other => panic!("refused for another reason: {other}"),
    }
}

#[test]
fn a_status_that_contradicts_the_plan_is_refused() {
    let mut w = World::new();
    let mut r = risk("Ransomware", "CTO");
    r.treatment = Treatment::Modify;
    r.treatment_rationale = "Backups and EDR".into();
    r.actions = vec![
        action("Offline backups", "", ActionStatus::Done),
        action("EDR on laptops", "", ActionStatus::InProgress),
    ];
    r.acceptance = Some(Acceptance {
        accepted_by: "CEO".into(),
        date: "2026-01-10".into(),
        rationale: "Within appetite after treatment".into(),
        expires: String::new(),
        exception: false,
        ..Acceptance::default()
    });
    // Accepted while the plan that modifies it has an open action.
    r.status = RiskStatus::Accepted;
    let m = status_error(w.refused(Command::save(r.clone())));
    assert_eq!(
        m,
        "cannot be Accepted while its treatment modifies it and 1 action of its plan is still open: mark it done or cancelled first, or keep the status In treatment"
    );
    // Closed with no reason given (and an open action: both are said).
    r.status = RiskStatus::Closed;
    let errs = invalid(&mut w, Command::save(r.clone()));
    assert_eq!(paths(&errs), ["status", "closed_reason"]);
    assert_eq!(
        errs[1].message,
        "give the reason the risk is closed (deleting is for mistakes)"
    );
    // Closed with open actions (two now).
    r.closed_reason = "The supplier was replaced.".into();
    r.actions
        .push(action("Phishing drill", "", ActionStatus::Planned));
    let m = status_error(w.refused(Command::save(r.clone())));
    assert_eq!(
        m,
        "cannot be Closed while 2 actions of its plan are still open: mark them done or cancelled first"
    );
    // Accepted with open actions is fine when the risk is retained or
    // shared (the actions are not what treats it), and so is any status once
    // every action is done or cancelled.
    r.status = RiskStatus::Accepted;
    r.treatment = Treatment::Share;
    w.ok(Command::save(r.clone()));
    let mut r = w.isms.risks[0].clone();
    for a in &mut r.actions {
        a.status = ActionStatus::Cancelled;
    }
    r.status = RiskStatus::Closed;
    r.treatment = Treatment::Modify;
    w.ok(Command::save(r));
}

#[test]
fn a_register_written_before_the_rule_still_loads_and_imports() {
    // A closed risk with an open action, as an earlier release could store it.
    let mut w = World::new();
    let mut r = risk("Old closed risk", "CTO");
    r.actions = vec![action("Left open", "", ActionStatus::Planned)];
    w.ok(Command::save(r));
    let mut isms = w.isms.clone();
    isms.risks[0].status = RiskStatus::Closed;
    assert_eq!(
        isms.check(),
        vec![],
        "the whole-ISMS check (load, import) refuses it"
    );
    let text = isms::core::file::format::export(&isms, t(5), "test");
    let back = isms::core::file::format::import(&text).expect("it imports");
    assert_eq!(back.isms.risks[0].status, RiskStatus::Closed);
}

#[test]
fn an_acceptance_keeps_the_level_and_method_it_was_given_under() {
    // R-0002 is retained at Low, accepted by the managing director.
    let mut w = realistic_with_risks();
    let r2 = w.isms.risks[1].clone();
    let accepted = r2.acceptance.clone().expect("accepted");
    assert_eq!(accepted.level, 1, "Low (level 1) was accepted");
    assert_eq!(
        accepted.method_sha256,
        isms::core::risk::rules::method_sha256(&w.isms.risk_method)
    );
    let row = |w: &World| register::rows(&w.isms, "2026-01-20")[1].clone();
    assert_eq!(row(&w).reaccept, None);

    // Another edit keeps what was recorded, even if the draft says otherwise.
    let mut r = r2.clone();
    r.description = "Reviewed.".into();
    if let Some(a) = r.acceptance.as_mut() {
        a.level = 9;
    }
    w.ok(Command::save(r));
    assert_eq!(
        w.isms.risks[1].acceptance.as_ref().map(|a| a.level),
        Some(1)
    );

    // Re-scored above the level accepted (Medium, above the appetite, so
    // marked an exception): it must be accepted again.
    let mut r = w.isms.risks[1].clone();
    r.current = Some(Score::new(3, 3));
    if let Some(a) = r.acceptance.as_mut() {
        a.exception = true;
    }
    w.ok(Command::save(r));
    let said = row(&w).reaccept.expect("flagged");
    assert_eq!(
        said,
        "re-scored above the level accepted (Low accepted, now Medium): the risk owner must accept it again"
    );
    assert!(row(&w).needs_attention(&w.isms.risks[1]));

    // Accepted again (a new date): the new level is recorded; settled.
    let mut r = w.isms.risks[1].clone();
    if let Some(a) = r.acceptance.as_mut() {
        a.date = "2026-01-19".into();
    }
    w.ok(Command::save(r));
    let now = w.isms.risks[1].acceptance.clone().expect("accepted");
    assert_eq!(now.level, 2);
    assert_eq!(row(&w).reaccept, None);

    // The method changes (a level renamed): accepted under another method.
    let mut m = w.isms.risk_method.clone();
    m.levels[0].name = "Minor".into();
    w.ok(Command::SetRiskMethod {
        method: m,
        confirmed: true,
    });
    assert_eq!(
        row(&w).reaccept.as_deref(),
        Some("the risk method changed since the acceptance: the risk owner must accept it again")
    );
}
