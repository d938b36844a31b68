//! Finds where a file's data has the wrong shape (`assets[3].owner`), so the
//! import error can name the place.
//!
//! The data is first read in one pass; only when that fails does this walk
//! it: each record is tried on its own, then each of its fields is tried
//! inside a known-good record. This reuses the model's own `Deserialize`
//! code, which keeps the WebAssembly small (a path-tracking deserializer
//! doubled it).

use super::model::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A record type whose bad field can be found.
trait Locate: DeserializeOwned + Serialize {
    /// A valid record to try one field at a time in.
    fn template() -> Self;
    /// Looks inside a list field (`requirements`...) for the bad item.
    fn nested(_key: &str, _path: &str, _value: &Value) -> Option<(String, String)> {
        None
    }
}

fn try_read<T: DeserializeOwned>(v: &Value) -> Result<T, String> {
    T::deserialize(v).map_err(|e| e.to_string())
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The first bad field of a record at `path`.
fn record<T: Locate>(path: &str, v: &Value) -> (String, String) {
    let err = match try_read::<T>(v) {
        Ok(_) => return (path.to_string(), "is not valid".into()),
        Err(e) => e,
    };
    let (Some(obj), Ok(Value::Object(mut probe))) =
        (v.as_object(), serde_json::to_value(T::template()))
    else {
        return (path.to_string(), err);
    };
    for (key, value) in obj {
        let at = join(path, key);
        if !probe.contains_key(key) {
            return (at, format!("unknown field `{key}`"));
        }
        probe.insert(key.clone(), value.clone());
        if let Err(e) = try_read::<T>(&Value::Object(probe.clone())) {
            return T::nested(key, &at, value).unwrap_or((at, e));
        }
    }
    // Every field is fine on its own: one is missing.
    (path.to_string(), err)
}

/// The first bad item of a list of records at `path`.
fn list<T: Locate>(path: &str, v: &Value) -> Option<(String, String)> {
    let items = v.as_array()?;
    items
        .iter()
        .enumerate()
        .find(|(_, item)| try_read::<T>(item).is_err())
        .map(|(i, item)| record::<T>(&format!("{path}[{i}]"), item))
}

const STAMP: &str = "2026-01-01T00:00:00Z";

impl Locate for Organisation {
    fn template() -> Self {
        Organisation::default()
    }
}

impl Locate for ContextIssue {
    fn template() -> Self {
        ContextIssue {
            id: String::new(),
            reference: String::new(),
            title: String::new(),
            origin: Origin::Internal,
            category: IssueCategory::Strategic,
            effect: Effect::Neutral,
            description: String::new(),
            created_at: STAMP.into(),
            updated_at: STAMP.into(),
        }
    }
}

impl Locate for Requirement {
    fn template() -> Self {
        Requirement {
            id: String::new(),
            text: String::new(),
            kind: RequirementKind::Legal,
            addressed: false,
            how: String::new(),
        }
    }
}

impl Locate for Party {
    fn template() -> Self {
        Party {
            id: String::new(),
            reference: String::new(),
            name: String::new(),
            kind: PartyKind::Other,
            origin: Origin::External,
            contact: String::new(),
            requirements: Vec::new(),
            created_at: STAMP.into(),
            updated_at: STAMP.into(),
        }
    }
    fn nested(key: &str, path: &str, value: &Value) -> Option<(String, String)> {
        (key == "requirements")
            .then(|| list::<Requirement>(path, value))
            .flatten()
    }
}

impl Locate for ScopeItem {
    fn template() -> Self {
        ScopeItem::default()
    }
}

impl Locate for Interface {
    fn template() -> Self {
        Interface::default()
    }
}

impl Locate for Scope {
    fn template() -> Self {
        Scope::default()
    }
    fn nested(key: &str, path: &str, value: &Value) -> Option<(String, String)> {
        match key {
            "inclusions" | "exclusions" => list::<ScopeItem>(path, value),
            "interfaces" => list::<Interface>(path, value),
            _ => None,
        }
    }
}

impl Locate for Asset {
    fn template() -> Self {
        Asset {
            id: String::new(),
            reference: String::new(),
            name: String::new(),
            kind: AssetKind::Information,
            owner: String::new(),
            description: String::new(),
            location: String::new(),
            classification: Classification::Internal,
            confidentiality: Rating::Low,
            integrity: Rating::Low,
            availability: Rating::Low,
            in_scope: true,
            depends_on: Vec::new(),
            tags: Vec::new(),
            created_at: STAMP.into(),
            updated_at: STAMP.into(),
        }
    }
}

impl Locate for FieldChange {
    fn template() -> Self {
        FieldChange {
            field: String::new(),
            before: Value::Null,
            after: Value::Null,
        }
    }
}

impl Locate for AuditEntry {
    fn template() -> Self {
        AuditEntry {
            seq: 1,
            at: STAMP.into(),
            actor: String::new(),
            action: Action::Update,
            kind: RecordKind::Isms,
            record_id: String::new(),
            reference: String::new(),
            summary: String::new(),
            changes: Vec::new(),
        }
    }
    fn nested(key: &str, path: &str, value: &Value) -> Option<(String, String)> {
        (key == "changes")
            .then(|| list::<FieldChange>(path, value))
            .flatten()
    }
}

impl Locate for Isms {
    fn template() -> Self {
        Isms::default()
    }
    fn nested(key: &str, path: &str, value: &Value) -> Option<(String, String)> {
        match key {
            "organisation" => Some(record::<Organisation>(path, value)),
            "scope" => Some(record::<Scope>(path, value)),
            "issues" => list::<ContextIssue>(path, value),
            "parties" => list::<Party>(path, value),
            "assets" => list::<Asset>(path, value),
            "audit_log" => list::<AuditEntry>(path, value),
            "counters" => value
                .as_object()?
                .iter()
                .find_map(|(k, n)| try_read::<u32>(n).err().map(|e| (join(path, k), e))),
            _ => None,
        }
    }
}

/// Reads the ISMS out of `data`, or says where and why it cannot.
pub fn read_isms(data: &Value) -> Result<Isms, (String, String)> {
    match Isms::deserialize(data) {
        Ok(isms) => Ok(isms),
        Err(_) => Err(record::<Isms>("", data)),
    }
}
