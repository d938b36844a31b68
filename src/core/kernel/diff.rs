//! Field-level differences between two versions of a record, as the
//! audit log keeps them.

use crate::core::audit::FieldChange;
use serde::Serialize;

/// The field-level differences between two versions of a record.
/// Bookkeeping fields (`id`, `reference`, timestamps) are left out. A field
/// only one version has (the risk method's `grid` or `bands`, which depend
/// on its scoring) is a change from or to null.
pub fn diff<T: Serialize>(before: &T, after: &T) -> Vec<FieldChange> {
    use serde_json::Value;
    let (Some(Value::Object(b)), Some(Value::Object(a))) = (to_value(before), to_value(after))
    else {
        return Vec::new();
    };
    // Every key of either version, in key order.
    let mut keys: Vec<&String> = a
        .keys()
        .chain(b.keys().filter(|k| !a.contains_key(k.as_str())))
        .filter(|k| !matches!(k.as_str(), "id" | "reference" | "created_at" | "updated_at"))
        .collect();
    crate::core::kernel::text::sort_by(&mut keys, &|x, y| x.cmp(y));
    keys.into_iter()
        .filter_map(|k| {
            let bv = b.get(k).cloned().unwrap_or(Value::Null);
            let av = a.get(k).cloned().unwrap_or(Value::Null);
            (bv != av).then(|| FieldChange {
                field: k.clone(),
                before: bv,
                after: av,
            })
        })
        .collect()
}

/// A record as a JSON value. Through the text rather than with
/// `serde_json::to_value`: the compact writer and the parser are in the
/// app anyway, a second serializer is not (records hold no floats, so the
/// value is the same).
pub(crate) fn to_value<T: Serialize>(record: &T) -> Option<serde_json::Value> {
    serde_json::from_str(&serde_json::to_string(record).ok()?).ok()
}

/// Every field of a record as a change from nothing (create) or to nothing (delete).
pub(crate) fn all_fields<T: Serialize>(record: &T, created: bool) -> Vec<FieldChange> {
    let Some(serde_json::Value::Object(m)) = to_value(record) else {
        return Vec::new();
    };
    m.into_iter()
        // A deletion keeps when the record was created, so that the log
        // can put it back as it was.
        .filter(|(k, _)| {
            !matches!(k.as_str(), "id" | "reference" | "updated_at")
                && (k != "created_at" || !created)
        })
        .map(|(k, v)| {
            let (before, after) = if created {
                (serde_json::Value::Null, v)
            } else {
                (v, serde_json::Value::Null)
            };
            FieldChange {
                field: k,
                before,
                after,
            }
        })
        .collect()
}

/// A step of a path into a JSON value.
pub(crate) enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The differences between two JSON values, as deep as both have the same
/// shape (objects, or arrays of one length); where the shapes differ, the
/// whole values at that place.
pub(crate) fn deep_diff<'a>(
    path: &mut Vec<Step<'a>>,
    before: &'a serde_json::Value,
    after: &'a serde_json::Value,
    out: &mut Vec<(String, String, serde_json::Value, serde_json::Value)>,
    name: &dyn Fn(&[Step]) -> String,
) {
    use serde_json::Value;
    static NULL: Value = Value::Null;
    if before == after {
        return;
    }
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            let mut keys: Vec<&String> = b
                .keys()
                .chain(a.keys().filter(|k| !b.contains_key(k.as_str())))
                .collect();
            crate::core::kernel::text::sort_by(&mut keys, &|x, y| x.cmp(y));
            for k in keys {
                path.push(Step::Key(k));
                let (bv, av) = (b.get(k).unwrap_or(&NULL), a.get(k).unwrap_or(&NULL));
                deep_diff(path, bv, av, out, name);
                path.pop();
            }
        }
        (Value::Array(b), Value::Array(a)) if b.len() == a.len() => {
            for (i, (bv, av)) in b.iter().zip(a).enumerate() {
                path.push(Step::Index(i));
                deep_diff(path, bv, av, out, name);
                path.pop();
            }
        }
        _ => {
            let part = match path.first() {
                Some(Step::Key(k)) => (*k).to_string(),
                _ => String::new(),
            };
            out.push((part, name(path), before.clone(), after.clone()))
        }
    }
}
