//! Frameworks in the ISMS (issue 11, "Other frameworks, from OSCAL"): the
//! NIST SP 800-53 rev. 5 LOW catalogue imported through the one door,
//! mapped to Annex A, kept in the file and the stored copy, imported again
//! as a newer version with its mappings kept, removed; what a file may not
//! hold is refused naming the place, and a refused command changes nothing.

mod core_common;

use core_common::*;
use isms::core::controls::annex_a::control_id;
use isms::core::controls::frameworks;
use isms::core::controls::oscal;
use isms::core::file::format;
use isms::core::kernel::command::{Command, DomainError};
use isms::core::*;

const NIST_LOW: &str =
    include_str!("fixtures/oscal/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.json");

fn nist() -> oscal::Framework {
    oscal::read(NIST_LOW).expect("the NIST file reads")
}

fn imported() -> World {
    let mut w = realistic();
    let c = w.ok(Command::ImportFramework(Box::new(nist())));
    assert_eq!(c.entries.len(), 1);
    w
}

#[test]
fn importing_logs_what_came_in_and_travels_in_the_file() {
    let w = imported();
    assert_eq!(w.isms.frameworks.len(), 1);
    let f = &w.isms.frameworks[0];
    let e = w.isms.audit_log.last().expect("logged");
    assert_eq!(e.kind, RecordKind::Framework);
    assert_eq!(e.action, Action::Import);
    assert!(
        e.summary
            .contains("18 groups, 131 controls, 18 enhancements"),
        "{}",
        e.summary
    );
    assert_eq!(e.record_id, f.uuid);
    // Export and import carry it whole; so do the stored copy and its load.
    let text = format::export(&w.isms, t(9), "Alice");
    let back = format::import(&text).expect("imports");
    assert_eq!(back.isms.frameworks, w.isms.frameworks);
    let stored = format::store(&w.isms, t(9));
    assert_eq!(format::load(&stored).expect("loads").isms, w.isms);
}

#[test]
fn a_control_is_mapped_to_annex_a_and_its_page_shows_it() {
    let mut w = imported();
    let uuid = w.isms.frameworks[0].uuid.clone();
    let to = vec![control_id("5.15"), control_id("5.18")];
    let c = w.ok(Command::MapControl {
        framework: uuid.clone(),
        control: "ac-2".into(),
        to: to.clone(),
    });
    let e = &c.entries[0];
    assert_eq!(
        e.summary,
        format!(
            "Mapped AC-2 ({}) to A.5.15, A.5.18",
            w.isms.frameworks[0].title
        )
    );
    assert_eq!(
        frameworks::mapping(&w.isms.frameworks[0], "ac-2"),
        to.as_slice()
    );
    // Seen from the control: A.5.15 lists AC-2.
    let from = frameworks::mapped_to(&w.isms, &control_id("5.15"));
    assert_eq!(from.len(), 1);
    assert_eq!(
        (
            from[0].control.label.as_str(),
            from[0].control.title.as_str()
        ),
        ("AC-2", "Account Management")
    );
    // The same mapping again changes nothing and logs nothing.
    let before = w.isms.audit_log.len();
    let c = w.ok(Command::MapControl {
        framework: uuid.clone(),
        control: "ac-2".into(),
        to: to.clone(),
    });
    assert!(c.entries.is_empty());
    assert_eq!(w.isms.audit_log.len(), before);
    // Unknown targets, twice the same target, an unknown control: refused.
    let refused = w.refused(Command::MapControl {
        framework: uuid.clone(),
        control: "ac-2".into(),
        to: vec!["nope".into(), control_id("5.15"), control_id("5.15")],
    });
    match refused {
        DomainError::Invalid(errs) => {
            let paths: Vec<&str> = errs.iter().map(|e| e.path.as_str()).collect();
            assert_eq!(paths, ["to[0]", "to[2]"]);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        w.refused(Command::MapControl {
            framework: uuid.clone(),
            control: "zz-99".into(),
            to: to.clone(),
        }),
        DomainError::Refused(_)
    ));
    // Unmapped: gone from both sides.
    w.ok(Command::MapControl {
        framework: uuid,
        control: "ac-2".into(),
        to: Vec::new(),
    });
    assert!(w.isms.frameworks[0].mappings.is_empty());
    assert!(frameworks::mapped_to(&w.isms, &control_id("5.15")).is_empty());
}

#[test]
fn an_own_control_that_is_mapped_to_cannot_be_deleted() {
    let mut w = imported();
    let mut own = Control::blank();
    own.title = "Quarterly access review".into();
    let id = w.ok(Command::save(own)).record_id.expect("saved");
    let uuid = w.isms.frameworks[0].uuid.clone();
    w.ok(Command::MapControl {
        framework: uuid,
        control: "ac-2".into(),
        to: vec![id.clone()],
    });
    match w.refused(Command::delete::<Control>(id)) {
        DomainError::Refused(why) => assert!(why.contains("is mapped from AC-2"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_newer_version_keeps_the_mappings_of_the_controls_still_in_it() {
    let mut w = imported();
    let uuid = w.isms.frameworks[0].uuid.clone();
    for (control, to) in [("ac-2", "5.15"), ("ac-3", "5.15")] {
        w.ok(Command::MapControl {
            framework: uuid.clone(),
            control: control.into(),
            to: vec![control_id(to)],
        });
    }
    // The same catalogue (same UUID), version 9, without AC-3.
    let mut v9 = nist();
    v9.version = "9".into();
    for g in &mut v9.groups {
        g.controls.retain(|c| c.id != "ac-3");
    }
    w.ok(Command::ImportFramework(Box::new(v9)));
    assert_eq!(w.isms.frameworks.len(), 1);
    assert_eq!(w.isms.frameworks[0].version, "9");
    let kept: Vec<&str> = w.isms.frameworks[0]
        .mappings
        .iter()
        .map(|m| m.control.as_str())
        .collect();
    assert_eq!(kept, ["ac-2"]);
    let e = w.isms.audit_log.last().expect("logged");
    assert!(
        e.summary
            .contains("1 mapping kept, 1 dropped (controls no longer in it: ac-3)"),
        "{}",
        e.summary
    );
    // Removed: gone, with its mappings, logged.
    w.ok(Command::RemoveFramework { uuid: uuid.clone() });
    assert!(w.isms.frameworks.is_empty());
    assert!(frameworks::mapped_to(&w.isms, &control_id("5.15")).is_empty());
    assert!(matches!(
        w.refused(Command::RemoveFramework { uuid }),
        DomainError::NotFound { .. }
    ));
}

#[test]
fn a_file_whose_frameworks_break_the_rules_is_refused_naming_the_place() {
    let mut w = imported();
    let uuid = w.isms.frameworks[0].uuid.clone();
    w.ok(Command::MapControl {
        framework: uuid,
        control: "ac-2".into(),
        to: vec![control_id("5.15")],
    });
    let text = format::export(&w.isms, t(9), "Alice");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    let cases: Vec<(Box<dyn Fn(&mut serde_json::Value)>, &str)> = vec![
        (
            Box::new(|v| v["data"]["frameworks"][0]["mappings"][0]["to"][0] = "nope".into()),
            "frameworks[0].mappings[0].to[0]",
        ),
        (
            Box::new(|v| v["data"]["frameworks"][0]["mappings"][0]["control"] = "zz-1".into()),
            "frameworks[0].mappings[0].control",
        ),
        (
            Box::new(|v| v["data"]["frameworks"][0]["title"] = "".into()),
            "frameworks[0].title",
        ),
        (
            Box::new(|v| {
                v["data"]["frameworks"][0]["groups"][0]["controls"][1]["id"] = "ac-1".into()
            }),
            "frameworks[0]",
        ),
        (
            Box::new(|v| v["data"]["frameworks"][0]["controls"] = 3.into()),
            "frameworks[0].controls",
        ),
    ];
    for (edit, path) in cases {
        let mut bad = v.clone();
        edit(&mut bad);
        let err = format::import(&bad.to_string()).expect_err("refused");
        assert!(err.to_string().contains(path), "{path}: {err}");
    }
    // Untouched, it imports.
    v["exported_by"] = "Bob".into();
    assert!(format::import(&v.to_string()).is_ok());
}

#[test]
fn a_schema_3_file_gets_no_framework() {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/golden/schema-3/generated-40-60.export.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture");
    let imp = format::import(&text).expect("imports");
    assert!(imp.isms.frameworks.is_empty());
}
