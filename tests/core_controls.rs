#![cfg(not(target_arch = "wasm32"))]
//! The control register and the Statement of Applicability: the register
//! every ISMS holds, a control's rules, the reasons derived from risks, the
//! completeness checks, progress, the CSV, and the schema 2 → 3 migration
//! of free-text controls.

mod core_common;

use core_common::*;
use isms::core::controls::annex_a::{self, control_id};
use isms::core::controls::soa;
use isms::core::file::{format, migrate};
use isms::core::kernel::command::{Command, DomainError};
use isms::core::*;
use serde_json::{json, Value};

fn control<'a>(m: &'a Isms, reference: &str) -> &'a Control {
    m.by_reference::<Control>(reference).expect("control")
}

fn errors(w: &mut World, c: Control) -> Vec<String> {
    match w.refused(Command::save(c)) {
        DomainError::Invalid(e) => e.into_iter().map(|e| e.to_string()).collect(),
        e => panic!("not a field error: {e}"),
    }
}

#[test]
fn every_isms_holds_the_93_annex_a_controls_by_theme_under_fixed_ids() {
    let m = Isms::default();
    assert_eq!(m.controls.len(), 93);
    let count = |t: Theme| m.controls.iter().filter(|c| c.theme == t).count();
    assert_eq!(
        (
            count(Theme::Organizational),
            count(Theme::People),
            count(Theme::Physical),
            count(Theme::Technological)
        ),
        (37, 8, 14, 34)
    );
    let tsv = include_str!("fixtures/annex-a-2022.tsv");
    for (row, c) in tsv
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .zip(&m.controls)
    {
        let cells: Vec<&str> = row.split('\t').collect();
        assert_eq!(
            (cells[0], cells[1], cells[2]),
            (c.reference.as_str(), c.theme.label(), c.title.as_str())
        );
        assert!(c.applicable && c.status == ImplementationStatus::NotStarted);
    }
    assert_eq!(
        control(&m, "A.8.13").id,
        "a27001a0-2022-4000-8000-00000800000d"
    );
    assert_eq!(control_id("5.1"), "a27001a0-2022-4000-8000-000005000001");
    assert_eq!(m.check(), Vec::<FieldError>::new());
    // A file without one of them is refused.
    let mut odd = m.clone();
    odd.controls.retain(|c| c.reference != "A.5.3");
    let e: Vec<String> = odd.check().into_iter().map(|e| e.to_string()).collect();
    assert_eq!(
        e,
        vec!["controls: the Annex A control A.5.3 is missing (every register holds all 93)"]
    );
    // Names of controls in free text.
    for t in ["8.13", "A.8.13", "a.8.13", " A 8.13 "] {
        assert_eq!(annex_a::parse_id(t), Some("8.13"), "{t}");
    }
    assert_eq!(annex_a::parse_id("8.35"), None);
    assert_eq!(annex_a::parse_id("9.1"), None);
}

#[test]
fn a_control_s_rules_name_their_field() {
    let mut w = realistic();
    let mut c = control(&w.isms, "A.5.15").clone();
    c.title = "Our access control".into();
    c.theme = Theme::People;
    c.evidence = vec![
        "Access policy v2".into(),
        "Policy: see intranet".into(),
        "javascript:alert(1)".into(),
        "https://".into(),
        "HTTPS://intranet.example.com/access".into(),
    ];
    c.test_result = TestResult::Effective;
    c.reasons = vec![InclusionReason::Legal, InclusionReason::Legal];
    assert_eq!(
        errors(&mut w, c),
        vec![
            "title: is the catalogue's for A.5.15: Access control",
            "theme: is the catalogue's for A.5.15: Organizational",
            "reasons[1]: is listed twice",
            "evidence[2]: links must start with https:// or http://",
            "evidence[3]: expected a link such as https://intranet.example.com/policies/backup",
            "last_tested: is required with a result: when was it reviewed or tested?",
        ]
    );
    let mut c = control(&w.isms, "A.5.15").clone();
    c.last_tested = "2026-02-30".into();
    assert_eq!(
        errors(&mut w, c),
        vec!["last_tested: expected a date such as 2026-01-31"]
    );
    let mut c = control(&w.isms, "A.5.15").clone();
    c.last_tested = "2026-02-03".into();
    assert_eq!(
        errors(&mut w, c),
        vec!["test_result: say what the review or test on that date found"]
    );
    // An own control needs a title; an exclusion may be saved without its
    // justification (the SoA lists it).
    assert_eq!(errors(&mut w, Control::blank()), vec!["title: is required"]);
    let mut c = control(&w.isms, "A.7.4").clone();
    c.applicable = false;
    w.ok(Command::save(c));
    assert!(!control(&w.isms, "A.7.4").applicable);
}

#[test]
fn annex_a_controls_are_never_deleted_and_own_ones_only_when_no_action_implements_them() {
    let mut w = realistic_with_risks();
    let a = control(&w.isms, "A.8.13").id.clone();
    match w.refused(Command::delete::<Control>(a)) {
        DomainError::Refused(why) => {
            assert!(why.starts_with("A.8.13 is a control of Annex A"), "{why}")
        }
        e => panic!("{e}"),
    }
    let mut own = Control::blank();
    own.title = "Board access review".into();
    let id = w.ok(Command::save(own)).record_id.expect("id");
    assert_eq!(control(&w.isms, "C-0001").id, id);
    let mut r = w.isms.risks[0].clone();
    r.actions[0].control = id.clone();
    r.controls.push(id.clone());
    w.ok(Command::save(r));
    match w.refused(Command::Delete { kind: RecordKind::Control, id: id.clone(), detach: true }) {
        DomainError::Refused(why) => assert_eq!(
            why,
            "Treatment actions implement C-0001: R-0001 (action “Offline backup copy”). Choose another control for them first."
        ),
        e => panic!("{e}"),
    }
    // Once no action names it, deleting it asks (a risk lists it), then
    // detaches it, and Undo puts it back.
    let mut r = w.isms.risks[0].clone();
    r.actions[0].control = String::new();
    w.ok(Command::save(r));
    assert!(matches!(
        w.refused(Command::delete::<Control>(id.clone())),
        DomainError::Referenced { .. }
    ));
    let gone = w.ok(Command::Delete {
        kind: RecordKind::Control,
        id: id.clone(),
        detach: true,
    });
    assert!(!w.isms.risks[0].controls.contains(&id));
    w.ok(Command::Restore(gone.restore.expect("undo")));
    assert!(w.isms.risks[0].controls.contains(&id));
}

#[test]
fn a_risk_links_only_controls_of_the_register() {
    let mut w = realistic_with_risks();
    let mut r = w.isms.risks[0].clone();
    r.controls = vec![control_id("8.13"), "nope".into(), control_id("8.13")];
    r.actions[0].control = "8.13".into();
    match w.refused(Command::save(r)) {
        DomainError::Invalid(e) => assert_eq!(
            e.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
            vec![
                "controls[1]: no control has the id nope",
                "controls[2]: is listed twice",
                "actions[0].control: no control has the id 8.13",
            ]
        ),
        e => panic!("{e}"),
    }
}

#[test]
fn reasons_are_derived_from_the_risks_and_the_checks_say_what_is_missing() {
    let mut w = realistic_with_risks();
    // R-0001's actions implement A.8.13; R-0002 lists A.5.15 and A.8.7.
    let mut r = w.isms.risks[1].clone();
    r.controls = vec![control_id("5.15"), control_id("8.7")];
    w.ok(Command::save(r));
    let mut c = control(&w.isms, "A.8.7").clone();
    c.applicable = false;
    w.ok(Command::save(c));
    let mut c = control(&w.isms, "A.5.1").clone();
    c.applicable = false;
    c.justification = "Covered by the group policy.".into();
    c.reasons = vec![InclusionReason::Legal];
    w.ok(Command::save(c));
    let mut c = control(&w.isms, "A.5.2").clone();
    c.reasons = vec![InclusionReason::Contractual, InclusionReason::Practice];
    c.owner = "CISO".into();
    c.status = ImplementationStatus::Implemented;
    c.last_tested = "2026-01-10".into();
    c.test_result = TestResult::NotEffective;
    w.ok(Command::save(c));
    let m = &w.isms;
    let rows = soa::rows(m);
    let row = |r: &str| {
        rows.iter()
            .find(|x| m.controls[x.index].reference == r)
            .expect("row")
            .clone()
    };
    assert_eq!(row("A.8.13").reasons, vec!["Risk treatment"]);
    assert_eq!(row("A.8.13").risks, vec!["R-0001"]);
    assert_eq!(row("A.5.15").reasons, vec!["Risk treatment"]);
    assert_eq!(
        row("A.5.2").reasons,
        vec!["Contractual obligation", "Good practice"]
    );
    assert_eq!(row("A.5.3").reasons, Vec::<&str>::new());
    assert_eq!(soa::risks_of(m, &control_id("8.7")).len(), 1);

    let checks = soa::checks(m, &rows);
    let said: Vec<&str> = checks.iter().map(|c| c.message.as_str()).collect();
    assert_eq!(
        said,
        vec![
            "A.8.7 is excluded with no justification",
            "R-0002 is treated by A.8.7, which is marked not applicable",
            "88 included controls have no reason for inclusion: they treat no risk and no other reason is given",
            "A.5.1 is excluded but has reasons for inclusion ticked",
            "90 included controls have no owner",
            "A.5.2 is implemented with no evidence cited",
            "A.5.2 was found not effective at its last review or test",
        ]
    );
    assert_eq!(checks[0].controls, vec!["A.8.7"]);
    assert_eq!(checks[2].controls.len(), 88);
    assert_eq!(checks[2].controls[0], "A.5.3");
    assert!(!checks[2].controls.contains(&"A.8.13".to_string()));

    // Progress: by theme and status, over the included controls.
    let (all, themes) = soa::progress(m);
    assert_eq!((all.included, all.excluded), (91, 2));
    assert_eq!(all.by_status, [90, 0, 0, 1]);
    assert_eq!(all.implemented_percent(), 1);
    assert_eq!(themes[0].0, Theme::Organizational);
    assert_eq!((themes[0].1.included, themes[0].1.excluded), (36, 1));
    assert_eq!(
        themes
            .iter()
            .map(|t| t.1.included + t.1.excluded)
            .sum::<usize>(),
        93
    );

    // Filters.
    let f = |f: soa::Filter| soa::filtered(m, &rows, &f).len();
    assert_eq!(f(soa::Filter::default()), 93);
    assert_eq!(
        f(soa::Filter {
            theme: Some(Theme::People),
            ..Default::default()
        }),
        8
    );
    assert_eq!(
        f(soa::Filter {
            applicable: Some(false),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        f(soa::Filter {
            status: Some(ImplementationStatus::Implemented),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        f(soa::Filter {
            query: "backup".into(),
            ..Default::default()
        }),
        1
    );
    let order = soa::filtered(m, &rows, &soa::Filter::default());
    assert_eq!(m.controls[order[0]].reference, "A.5.1");
    assert_eq!(m.controls[order[92]].reference, "A.8.34");
}

#[test]
fn the_soa_csv_has_a_row_per_control_and_is_formula_safe() {
    let mut w = realistic_with_risks();
    let mut c = control(&w.isms, "A.5.1").clone();
    c.owner = "=HYPERLINK(\"http://x\")".into();
    c.evidence = vec!["Policy".into(), "https://intranet.example.com/p".into()];
    w.ok(Command::save(c));
    let rows = soa::rows(&w.isms);
    let order = soa::filtered(&w.isms, &rows, &soa::Filter::default());
    let csv = soa::csv(&w.isms, &rows, &order);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines.len(), 95); // header, 93 rows, and the empty end
    assert_eq!(
        lines[0],
        "\u{feff}\"Control\",\"Title\",\"Theme\",\"Applicable\",\"Reasons for inclusion\",\"Justification\",\"Implementation status\",\"Owner\",\"Implementation\",\"Evidence\",\"Last review or test\",\"Result\",\"Linked risks\""
    );
    assert!(lines[1].starts_with("\"A.5.1\",\"Policies for information security\",\"Organizational\",\"Yes\",\"\",\"\",\"Not started\",\"'=HYPERLINK(\"\"http://x\"\")\""), "{}", lines[1]);
    assert!(lines[1].contains("\"Policy; https://intranet.example.com/p\""));
    let a813 = lines
        .iter()
        .find(|l| l.starts_with("\"A.8.13\""))
        .expect("A.8.13");
    assert!(
        a813.contains("\"Risk treatment\"") && a813.ends_with("\"R-0001\""),
        "{a813}"
    );
}

/// A schema-2 ISMS (as `data`) with the given existing-controls text and
/// action controls on its first risk.
fn schema_2(existing: &str, actions: &[&str]) -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/schema-v2.json"
    ))
    .expect("fixture");
    let mut v: Value = serde_json::from_str(&text).expect("json");
    let r = &mut v["data"]["risks"][0];
    r["existing_controls"] = json!(existing);
    let template = r["actions"][0].clone();
    r["actions"] = Value::Array(
        actions
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut a = template.clone();
                a["id"] = json!(format!("00000000-0000-4000-8000-00000000000{i}"));
                a["title"] = json!(format!("Action {i}"));
                a["control"] = json!(c);
                a
            })
            .collect(),
    );
    v["data"].clone()
}

#[test]
fn free_text_controls_become_links_and_nothing_is_dropped() {
    let data = schema_2(
        "A.8.13 backups, 5.15; MFA for admins\n8.7: EDR on servers, A.9.9 typo",
        &["8.13", "A.5.15 Access control", "our own firewall rule", ""],
    );
    let up = migrate::run(data, 2).expect("migrates");
    let r = &up["risks"][0];
    assert_eq!(
        r["controls"],
        json!([control_id("8.13"), control_id("5.15"), control_id("8.7")])
    );
    // The note is kept as it was: nothing is dropped.
    assert_eq!(
        r["existing_controls"],
        "A.8.13 backups, 5.15; MFA for admins\n8.7: EDR on servers, A.9.9 typo"
    );
    let controls: Vec<&Value> = r["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .map(|a| &a["control"])
        .collect();
    assert_eq!(
        controls,
        vec![
            &json!(control_id("8.13")),
            &json!(control_id("5.15")),
            &json!(""),
            &json!("")
        ]
    );
    assert_eq!(
        r["treatment_rationale"],
        "Too likely for a critical database.\n\nAction \u{201c}Action 2\u{201d} named the control \u{201c}our own firewall rule\u{201d}, which matches no control of the register."
    );
    assert_eq!(up["controls"].as_array().map(Vec::len), Some(93));
    // And the whole file then reads and passes every check.
    let file = json!({"format": "bastion-isms", "schema_version": 3, "data": up});
    let imp = format::import(&file.to_string()).expect("imports");
    assert_eq!(imp.isms.risks[0].controls.len(), 3);
    // A schema-2 file that already has controls is refused, not merged.
    let mut odd = schema_2("", &[]);
    odd["controls"] = json!([]);
    assert!(migrate::run(odd, 2).is_err());
}

#[test]
fn a_deleted_schema_2_risk_in_the_log_can_still_be_put_back() {
    // A schema-2 file whose log holds the deletion of a risk with a
    // free-text control.
    let mut w = realistic_with_risks();
    let id = w.isms.risks[2].id.clone();
    w.ok(Command::delete::<Risk>(id.clone()));
    let seq = w.isms.audit_log.last().expect("entry").seq;
    let text = format::export(&w.isms, t(90), "Alice");
    let mut v: Value = serde_json::from_str(&text).expect("json");
    v["schema_version"] = json!(2);
    let data = v["data"].as_object_mut().expect("data");
    data.remove("controls");
    data.remove("approvals");
    schema_2_score_names(data);
    for r in data["risks"].as_array_mut().expect("risks") {
        r.as_object_mut().expect("risk").remove("controls");
        for a in r["actions"].as_array_mut().expect("actions") {
            a["control"] = json!("8.13");
        }
    }
    let log = data["audit_log"].as_array_mut().expect("log");
    let e = log
        .iter_mut()
        .find(|e| e["seq"] == json!(seq))
        .expect("deletion");
    let changes = e["changes"].as_array_mut().expect("changes");
    changes.retain(|c| c["field"] != "controls");
    for c in changes.iter_mut() {
        if c["field"] == "existing_controls" {
            c["before"] = json!("A.5.15");
        }
    }
    let imp = format::import(&v.to_string()).expect("the schema-2 file imports");
    let back = imp.isms.deletion(seq).expect("restorable");
    let mut w2 = World::with(imp.isms);
    w2.ok(Command::Restore(back));
    let r = w2.isms.risk(&id).expect("back");
    assert_eq!(r.controls, vec![control_id("5.15")]);
}
