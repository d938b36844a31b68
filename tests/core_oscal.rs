//! OSCAL catalogues (`core::controls::oscal`): the public-domain NIST SP
//! 800-53 rev. 5 LOW baseline (resolved profile catalogue, copied from
//! `../shared/reference/oscal/` into `tests/fixtures/oscal/`) is read whole,
//! its counts checked against the file itself; hostile or wrong files are
//! refused with a message naming the place.

use isms::core::controls::oscal::{self, Counts, MAX_CONTROLS};
use serde_json::{json, Value};

const NIST_LOW: &str =
    include_str!("fixtures/oscal/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.json");

/// Counts groups, controls and enhancements by walking the JSON itself.
fn counted(v: &Value) -> Counts {
    fn controls(list: &Value, inside: bool, n: &mut Counts) {
        for c in list.as_array().into_iter().flatten() {
            if inside {
                n.enhancements += 1;
            } else {
                n.controls += 1;
            }
            controls(&c["controls"], true, n);
        }
    }
    fn groups(list: &Value, n: &mut Counts) {
        for g in list.as_array().into_iter().flatten() {
            n.groups += 1;
            groups(&g["groups"], n);
            controls(&g["controls"], false, n);
        }
    }
    let mut n = Counts::default();
    groups(&v["catalog"]["groups"], &mut n);
    controls(&v["catalog"]["controls"], false, &mut n);
    n
}

#[test]
fn the_nist_low_baseline_is_read_whole() {
    let started = std::time::Instant::now();
    let f = oscal::read(NIST_LOW).expect("the NIST file reads");
    let took = started.elapsed();
    let v: Value = serde_json::from_str(NIST_LOW).expect("JSON");
    let n = f.counts();
    assert_eq!(n, counted(&v));
    // The same figures as read off the file by hand (python, json module).
    assert_eq!(
        n,
        Counts {
            groups: 18,
            controls: 131,
            enhancements: 18
        }
    );
    assert_eq!(f.uuid, v["catalog"]["uuid"].as_str().unwrap_or_default());
    assert!(f.title.contains("800-53"), "{}", f.title);
    assert_eq!(
        f.version,
        v["catalog"]["metadata"]["version"]
            .as_str()
            .unwrap_or_default()
    );
    assert_eq!(f.groups[0].id, "ac");
    assert_eq!(f.groups[0].title, "Access Control");
    let all = f.all_controls();
    assert_eq!(all.len(), 131 + 18);
    let ac2 = all.iter().find(|c| c.id == "ac-2").expect("ac-2");
    assert_eq!(ac2.label, "AC-2");
    assert_eq!(ac2.title, "Account Management");
    // Its statement, items labelled, parameters shown as NIST shows them.
    assert!(ac2.statement.starts_with("a. "), "{}", ac2.statement);
    assert!(ac2.statement.contains("[Assignment: "), "{}", ac2.statement);
    assert!(!ac2.statement.contains("{{"), "{}", ac2.statement);
    // An enhancement sits inside its control.
    let with_enh = all
        .iter()
        .find(|c| !c.controls.is_empty())
        .expect("an enhancement");
    let e = &with_enh.controls[0];
    assert!(
        e.id.starts_with(&format!("{}.", with_enh.id)),
        "{} in {}",
        e.id,
        with_enh.id
    );
    assert!(e.label.contains('('), "{}", e.label);
    // Ids are unique.
    let mut ids: Vec<&str> = all.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len());
    // Well under a second, natively (the browser's figure is the benchmark's).
    assert!(took.as_secs_f64() < 2.0, "{took:?}");
}

fn catalogue(controls: Value) -> Value {
    json!({ "catalog": {
        "uuid": "74c8ba1e-5cd4-4ad1-bbfd-d888e2f6c724",
        "metadata": { "title": "Test catalogue", "version": "1" },
        "groups": [{ "id": "g", "title": "Group", "controls": controls }]
    }})
}

fn refused(v: &Value) -> String {
    match oscal::catalog(v) {
        Ok(f) => panic!("accepted: {f:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_small_catalogue_with_params_and_enhancements() {
    let v = catalogue(json!([{
        "id": "x-1", "title": "First",
        "props": [{ "name": "label", "value": "X-1" }],
        "params": [
            { "id": "x-1_prm_1", "label": "frequency" },
            { "id": "x-1_prm_2", "select": { "how-many": "one-or-more", "choice": ["yearly", "monthly"] } }
        ],
        "parts": [{ "name": "statement", "parts": [
            { "name": "item", "props": [{ "name": "label", "value": "a." }], "prose": "Review {{ insert: param, x-1_prm_1 }}" },
            { "name": "item", "props": [{ "name": "label", "value": "b." }], "prose": "Report {{ insert: param, x-1_prm_2 }} and {{ insert: param, nope }}" }
        ]}, { "name": "guidance", "prose": "Not the statement." }],
        "controls": [{ "id": "x-1.1", "title": "Enhanced", "props": [{ "name": "status", "value": "withdrawn" }] }]
    }]));
    let f = oscal::catalog(&v).expect("reads");
    assert_eq!(
        f.counts(),
        Counts {
            groups: 1,
            controls: 1,
            enhancements: 1
        }
    );
    let c = &f.groups[0].controls[0];
    assert_eq!(c.label, "X-1");
    assert_eq!(
        c.statement,
        "a. Review [Assignment: frequency]\nb. Report [Selection (one or more): yearly; monthly] and [nope]"
    );
    assert!(!c.withdrawn);
    assert_eq!(c.controls[0].label, "x-1.1", "no label: the id");
    assert!(c.controls[0].withdrawn);
}

#[test]
fn what_is_not_a_catalogue_is_refused_with_a_reason() {
    let not_json = oscal::read("{ \"catalog\": ")
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(not_json.contains("not valid JSON"), "{not_json}");
    assert!(refused(&json!([1, 2])).contains("no JSON object"));
    assert!(refused(&json!({ "profile": {} })).contains("profile"));
    assert!(refused(&json!({ "system-security-plan": {} })).contains("another kind of OSCAL"));
    assert!(refused(&json!({ "data": {} })).contains("no \"catalog\" object"));
    let no_meta = refused(&json!({ "catalog": { "uuid": "u" } }));
    assert!(no_meta.starts_with("catalog.metadata:"), "{no_meta}");
    let empty = refused(&catalogue(json!([])));
    assert_eq!(empty, "catalog: has no controls");
}

#[test]
fn hostile_catalogues_are_refused_naming_the_place() {
    let e = refused(&catalogue(json!([{ "id": "x-1" }])));
    assert_eq!(e, "catalog.groups[0].controls[0].title: is missing");
    let e = refused(&catalogue(json!([{ "id": "x 1; drop", "title": "t" }])));
    assert!(
        e.starts_with("catalog.groups[0].controls[0].id:") && e.contains("not an OSCAL id"),
        "{e}"
    );
    let e = refused(&catalogue(
        json!([{ "id": "x-1", "title": "a" }, { "id": "x-1", "title": "b" }]),
    ));
    assert_eq!(
        e,
        "catalog.groups[0].controls[1].id: the id x-1 is used twice"
    );
    let e = refused(&catalogue(
        json!([{ "id": "x-1", "title": "t".repeat(201) }]),
    ));
    assert!(e.contains("longer than 200"), "{e}");
    let e = refused(&catalogue(json!([{ "id": "x-1", "title": 7 }])));
    assert!(e.ends_with("title: expected text"), "{e}");
    let e = refused(&catalogue(json!({ "id": "x-1" })));
    assert_eq!(e, "catalog.groups[0].controls: expected a list");
    // Too deep: enhancements inside enhancements.
    let mut c = json!({ "id": "d-0", "title": "deep" });
    for i in 1..12 {
        c = json!({ "id": format!("d-{i}"), "title": "deep", "controls": [c] });
    }
    assert!(refused(&catalogue(json!([c]))).contains("deeper than"));
    // Too many.
    let many: Vec<Value> = (0..=MAX_CONTROLS)
        .map(|i| json!({ "id": format!("m-{i}"), "title": "many" }))
        .collect();
    assert!(refused(&catalogue(Value::Array(many))).contains("more than"));
    // A statement that would fill the storage.
    let e = refused(&catalogue(json!([{ "id": "x-1", "title": "t",
        "parts": [{ "name": "statement", "prose": "p".repeat(20_001) }] }])));
    assert!(e.contains("statement is longer"), "{e}");
}
