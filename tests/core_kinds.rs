#![cfg(not(target_arch = "wasm32"))]
//! The table of record kinds, checked kind by kind: every generic part
//! (lookup, references and counters, identity checks, save, delete with
//! detaching, restore, import counts, the file's keys) works for every kind
//! of the table, and no kind is left out of it. A new kind that misses a
//! piece fails here.

mod core_common;

use core_common::*;
use isms::core::kernel::record::{each_kind, WithKind};
use isms::core::*;
use serde_json::Value;

/// The generated ISMS every check starts from (it must hold records of
/// every kind: extend `isms::core::sample` with a new kind).
fn start() -> World {
    let mut m = isms::core::sample::generate(30, 7);
    isms::core::sample::add_risks(&mut m, 40, 8);
    let mut w = World::with(m);
    w.now = t(600);
    w
}

/// The ISMS as JSON with every `updated_at` blanked and no audit log: what a
/// restore must give back.
fn as_it_was(m: &Isms) -> Value {
    fn blank(v: &mut Value) {
        match v {
            Value::Object(o) => {
                if o.contains_key("updated_at") {
                    o.insert("updated_at".into(), Value::Null);
                }
                o.values_mut().for_each(blank);
            }
            Value::Array(a) => a.iter_mut().for_each(blank),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(m).expect("serialises");
    v.as_object_mut().expect("object").remove("audit_log");
    blank(&mut v);
    v
}

/// The paths of a whole-ISMS check's errors.
fn error_paths(m: &Isms) -> Vec<String> {
    m.check().into_iter().map(|e| e.to_string()).collect()
}

/// A record of any kind as JSON.
struct AsJson;
impl isms::core::kernel::record::WithRecord for AsJson {
    type Out = Value;
    fn with<T: Record>(self, x: T) -> Value {
        serde_json::to_value(&x).expect("serialises")
    }
}

struct EveryKind {
    seen: Vec<RecordKind>,
}

impl WithKind for EveryKind {
    type Out = ();
    fn with<T: Record>(&mut self) {
        self.seen.push(T::KIND);
        let info = T::INFO;
        let kind = format!("{:?}", T::KIND);
        let w = start();
        let list = T::list(&w.isms);
        assert!(
            list.len() >= 2,
            "{kind}: the sample ISMS has fewer than 2 records of this kind"
        );
        assert_eq!(T::KIND.info(), Some(info), "{kind}: the table's info");

        // Lookup by id and by reference.
        let first = list[0].clone();
        assert_eq!(w.isms.find::<T>(first.id()), Some(&first), "{kind}: find");
        assert_eq!(
            w.isms.by_reference::<T>(first.reference()),
            Some(&first),
            "{kind}: by_reference"
        );
        assert!(w.isms.exists(T::KIND, first.id()), "{kind}: exists");
        assert!(!w.isms.exists(T::KIND, "nope"), "{kind}: exists");
        assert_eq!(
            w.isms.describe(T::KIND, first.id()),
            Some((first.reference().to_string(), first.title().to_string())),
            "{kind}: describe"
        );
        assert_eq!(w.isms.count(T::KIND), list.len(), "{kind}: count");
        assert!(
            w.isms.count_rows().contains(&(info.label, list.len())),
            "{kind}: the import preview counts it"
        );
        assert!(
            FILE_KEYS.contains(&info.key),
            "{kind}: its list {} is a key of the file",
            info.key
        );
        assert!(
            list.iter().all(|x| x.reference_ok(info.prefix)),
            "{kind}: its references are of its kind"
        );

        // The stored sample passes the whole-ISMS check.
        assert_eq!(error_paths(&w.isms), Vec::<String>::new(), "{kind}: sample");

        // Identity checks: a duplicate id, a reference of another prefix, a
        // bad timestamp, each named at its place.
        let at = |i: usize| format!("{}[{i}]", info.key);
        let mut m = w.isms.clone();
        let id0 = T::list(&m)[0].id().to_string();
        *T::list_mut(&mut m)[1].ident_mut().id = id0.clone();
        let errs = error_paths(&m);
        assert!(
            errs.iter()
                .any(|e| e.starts_with(&format!("{}.id: duplicate id {id0}", at(1)))),
            "{kind}: duplicate id: {errs:?}"
        );
        let mut m = w.isms.clone();
        let r0 = T::list(&m)[0].reference().to_string();
        *T::list_mut(&mut m)[1].ident_mut().reference = r0.clone();
        *T::list_mut(&mut m)[0].ident_mut().created_at = "yesterday".into();
        let errs = error_paths(&m);
        assert!(
            errs.iter()
                .any(|e| e.starts_with(&format!("{}.reference: duplicate reference {r0}", at(1)))),
            "{kind}: duplicate reference: {errs:?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.starts_with(&format!("{}.created_at: expected a date and time", at(0)))),
            "{kind}: bad timestamp: {errs:?}"
        );
        let mut m = w.isms.clone();
        *T::list_mut(&mut m)[0].ident_mut().reference = "X-0001".into();
        let errs = error_paths(&m);
        assert!(
            errs.contains(&format!(
                "{}.reference: expected a reference such as {}-0001",
                at(0),
                info.prefix
            )),
            "{kind}: reference of another kind: {errs:?}"
        );

        // Counters: repaired up to the highest reference in use.
        let mut m = w.isms.clone();
        let highest = T::list(&m)
            .iter()
            .filter_map(|x| isms::core::kernel::ids::reference_number(info.prefix, x.reference()))
            .max()
            .expect("references");
        m.counters.insert(info.prefix.into(), 0);
        m.repair_counters();
        assert_eq!(
            m.counters.get(info.prefix),
            Some(&highest),
            "{kind}: repair"
        );

        // Save as new: the next reference, logged as created.
        let mut w2 = start();
        let mut copy = first.clone();
        *copy.ident_mut().id = String::new();
        *copy.ident_mut().updated_at = String::new();
        let counter = *w2.isms.counters.get(info.prefix).unwrap_or(&0);
        let change = w2.ok(Command::save(copy));
        let id = change.record_id.expect("an id");
        let saved = w2.isms.find::<T>(&id).expect("saved").clone();
        assert_eq!(
            saved.reference(),
            isms::core::kernel::ids::reference(info.prefix, counter + 1),
            "{kind}: next reference"
        );
        let e = &change.entries[0];
        assert_eq!((e.kind, e.action), (T::KIND, Action::Create), "{kind}");
        assert!(
            e.summary
                .starts_with(&format!("Created {} {}", info.noun, saved.reference())),
            "{kind}: {}",
            e.summary
        );

        // An update that starts from an older version is refused.
        let mut stale = saved.clone();
        *stale.ident_mut().updated_at = "2020-01-01T00:00:00Z".into();
        assert!(
            matches!(w2.refused(Command::save(stale)), DomainError::Stale { .. }),
            "{kind}: stale save"
        );

        // Delete every record of the kind in turn (detaching it from what
        // lists it), then Undo: the ISMS is as it was.
        for i in 0..T::list(&w.isms).len() {
            let mut w3 = start();
            let before = as_it_was(&w3.isms);
            let x = T::list(&w3.isms)[i].clone();
            // A record the kind keeps (an Annex A control) is refused, whatever links to it.
            if let Some(why) = x.delete_refusal(&w3.isms) {
                let e = w3.refused(Command::Delete {
                    kind: T::KIND,
                    id: x.id().to_string(),
                    detach: true,
                });
                assert_eq!(e, DomainError::Refused(why), "{kind}: refused");
                continue;
            }
            let deleted = w3.ok(Command::Delete {
                kind: T::KIND,
                id: x.id().to_string(),
                detach: true,
            });
            assert!(w3.isms.find::<T>(x.id()).is_none(), "{kind}: deleted");
            let last = deleted.entries.last().expect("logged");
            assert_eq!((last.kind, last.action), (T::KIND, Action::Delete));
            assert_eq!(
                error_paths(&w3.isms),
                Vec::<String>::new(),
                "{kind}: nothing lists a deleted record"
            );
            w3.tick();
            // What the log kept of it is what the Undo would put back.
            let undo = deleted.restore.expect("undo");
            let mut logged = w3.isms.deletion(last.seq).expect("restorable from the log");
            assert_eq!(logged.links, undo.links, "{kind}: links kept by the log");
            assert_eq!(
                {
                    let mut r = serde_json::to_value(&logged.record.clone().with(AsJson)).unwrap();
                    r["updated_at"] = Value::Null;
                    r
                },
                {
                    let mut r = serde_json::to_value(&undo.record.clone().with(AsJson)).unwrap();
                    r["updated_at"] = Value::Null;
                    r
                },
                "{kind}: the record kept by the log"
            );
            let mut w4 = w3.clone();
            if i % 2 == 0 {
                logged = undo;
            }
            w3.ok(Command::Restore(logged));
            assert_eq!(
                as_it_was(&w3.isms),
                before,
                "{kind}: undo of {}",
                x.reference()
            );
            // Once back, it cannot be put back twice.
            assert!(
                w3.isms.deletion(last.seq).is_err(),
                "{kind}: restored twice"
            );
            // From the log later, after other changes.
            w4.tick();
            let again = w4.isms.deletion(last.seq).expect("restorable later");
            w4.ok(Command::Restore(again));
            assert_eq!(as_it_was(&w4.isms), before, "{kind}: restored from the log");
        }
    }
}

#[test]
fn every_kind_of_the_table_has_every_generic_part() {
    let mut v = EveryKind { seen: Vec::new() };
    each_kind(&mut v);
    assert_eq!(v.seen, RecordKind::RECORDS);
}

#[test]
fn every_record_kind_is_in_the_table_or_a_part_the_isms_has_one_of() {
    let singletons = [
        RecordKind::Organisation,
        RecordKind::Scope,
        RecordKind::RiskMethod,
        // Documents made of records, approved in versions.
        RecordKind::Soa,
        RecordKind::TreatmentPlan,
        RecordKind::Isms,
    ];
    for k in RecordKind::ALL {
        assert_eq!(
            k.info().is_some(),
            !singletons.contains(k),
            "{k:?}: a kind of record kept in a list needs a row in the table of kinds (kernel/record.rs)"
        );
    }
}

#[test]
fn the_table_names_each_kind_once() {
    let infos: Vec<_> = RecordKind::RECORDS
        .iter()
        .map(|k| k.info().expect("info"))
        .collect();
    for (i, a) in infos.iter().enumerate() {
        for b in &infos[i + 1..] {
            assert_ne!(a.prefix, b.prefix);
            assert_ne!(a.key, b.key);
            assert_ne!(a.route, b.route);
            assert_ne!(a.noun, b.noun);
        }
    }
}

#[test]
fn the_file_keys_are_the_keys_the_isms_is_written_with() {
    let v = serde_json::to_value(Isms::default()).expect("serialises");
    let keys: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected: Vec<&str> = FILE_KEYS.to_vec();
    expected.sort_unstable();
    assert_eq!(
        keys, expected,
        "FILE_KEYS (src/core/isms.rs) lists every key"
    );
    // And a whole ISMS is written in that order.
    let text = serde_json::to_string(&Isms::default()).expect("serialises");
    let mut at = 0;
    for k in FILE_KEYS {
        let found = text[at..].find(&format!("\"{k}\":")).map(|i| i + at);
        assert!(found.is_some(), "{k} written after the keys before it");
        at = found.unwrap_or(at);
    }
}

#[test]
fn a_referenced_record_is_deleted_only_when_detached() {
    let w = start();
    // An asset some other record lists.
    let listed = w
        .isms
        .assets
        .iter()
        .find(|a| {
            !w.isms.dependents_of(&a.id).is_empty() || !w.isms.risks_of_asset(&a.id).is_empty()
        })
        .expect("a listed asset")
        .clone();
    let mut w = w;
    let e = w.refused(Command::delete::<Asset>(listed.id.clone()));
    let DomainError::Referenced { by, .. } = e else {
        panic!("refused as referenced: {e:?}");
    };
    assert!(!by.is_empty());
}

/// The log names every field of every kind by its form's label, and no
/// label is given twice or to a field the record does not have.
#[test]
fn the_log_has_a_label_for_every_field_of_every_kind() {
    use isms::core::audit::labels::{field, fields, word};
    fn check(kind: RecordKind, v: Value) {
        let form: Vec<_> = fields(kind).collect();
        let keys: Vec<&str> = v
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        for k in &keys {
            if !matches!(*k, "id" | "reference" | "updated_at") {
                assert!(
                    form.iter().any(|f| f.0 == *k),
                    "{kind:?}.{k} has no label in audit::labels::form"
                );
            }
        }
        for (i, (key, f)) in form.iter().enumerate() {
            assert!(keys.contains(key), "{kind:?} has no field {key}");
            assert_eq!(f.at, i);
            assert!(
                !f.label.is_empty() && !f.label.contains('_'),
                "{kind:?}.{key}"
            );
            assert!(
                !form[..i]
                    .iter()
                    .any(|g| g.0 == *key || g.1.label == f.label),
                "{kind:?}: {key} twice"
            );
            // A choice's every stored name has its word.
            if !f.choice.is_empty() {
                let v = &v[*key];
                assert!(word(*f, v).is_some() || v.is_null(), "{kind:?}.{key}: {v}");
            }
        }
    }
    struct Every(Isms);
    impl WithKind for Every {
        type Out = ();
        fn with<T: Record>(&mut self) {
            let x = T::list(&self.0)
                .first()
                .expect("the sample has one of each kind");
            check(T::KIND, serde_json::to_value(x).expect("serialises"));
        }
    }
    let m = start().isms;
    check(
        RecordKind::Organisation,
        serde_json::to_value(&m.organisation).unwrap(),
    );
    check(RecordKind::Scope, serde_json::to_value(&m.scope).unwrap());
    each_kind(&mut Every(m));
    let c = field(RecordKind::Asset, "confidentiality").expect("a label");
    assert_eq!(word(c, &Value::from("high")), Some("High"));
    assert_eq!(word(c, &Value::from("nonsense")), None);
    let name = field(RecordKind::Asset, "name").expect("a label");
    assert_eq!((name.at, name.label), (0, "Name"));
    assert_eq!(
        word(name, &Value::from("high")),
        None,
        "a name is not a choice"
    );
    let s = field(RecordKind::Risk, "status").expect("a label");
    assert_eq!(word(s, &Value::from("in_treatment")), Some("In treatment"));
}
