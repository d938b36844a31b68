//! Schema migrations: one step per released schema, from each version to the
//! next, applied in order to the `data` of a file or of the stored copy.
//!
//! Schema 1 was the first released schema (context and assets); schema 2
//! adds the risk method and the risk register; schema 3 adds the control
//! register and links risks and treatment actions to its controls; schema 4
//! lets a risk be not assessed yet, closed with a reason, and its treatment
//! plan approved by its owner. To change the stored shape: raise `format::SCHEMA_VERSION`, add a step
//! `(old_version, function)` to [`STEPS`], and add a fixture of the old
//! version under `tests/fixtures/schema-v<old>.json` with a test that it
//! migrates.

use super::format::{FormatError, SCHEMA_VERSION};
use serde_json::Value;

/// The oldest schema this build can read.
pub const OLDEST_SCHEMA: u32 = 1;

/// One step: the version it upgrades from, and the upgrade to the next one.
pub type Step = (u32, fn(Value) -> Result<Value, String>);

/// Every step, in order.
pub const STEPS: &[Step] = &[(1, v1_to_v2), (2, v2_to_v3), (3, v3_to_v4)];

/// The fields schema 4 gives a risk, with their value for a schema-3 one:
/// no reason closed, no approval of its plan recorded. (Its scores may be
/// null from schema 4 on, for a risk not assessed yet; every schema-3 risk
/// is scored.)
fn v4_risk_fields() -> [(&'static str, Value); 2] {
    [
        ("closed_reason", Value::String(String::new())),
        ("plan_approval", Value::Null),
    ]
}

/// Schema 3 → 4: each risk gets [`v4_risk_fields`], and so does each
/// logged deletion of a risk, so that it can still be undone.
fn v3_to_v4(mut data: Value) -> Result<Value, String> {
    let Some(obj) = data.as_object_mut() else {
        return Err("`data` is not an object".into());
    };
    if let Some(Value::Array(risks)) = obj.get_mut("risks") {
        for (i, r) in risks.iter_mut().enumerate() {
            let Some(r) = r.as_object_mut() else {
                return Err(format!("risks[{i}] is not an object"));
            };
            for (field, value) in v4_risk_fields() {
                r.entry(field).or_insert(value);
            }
        }
    }
    if let Some(Value::Array(log)) = obj.get_mut("audit_log") {
        for e in log.iter_mut().filter_map(Value::as_object_mut) {
            let is_risk_deletion = e.get("action").and_then(Value::as_str) == Some("delete")
                && e.get("kind").and_then(Value::as_str) == Some("risk");
            let Some(Value::Array(changes)) = e.get_mut("changes").filter(|_| is_risk_deletion)
            else {
                continue;
            };
            for (field, before) in v4_risk_fields() {
                let has = changes
                    .iter()
                    .any(|c| c.get("field").and_then(Value::as_str) == Some(field));
                if !has {
                    let mut c = serde_json::Map::new();
                    c.insert("field".into(), Value::String(field.into()));
                    c.insert("before".into(), before);
                    c.insert("after".into(), Value::Null);
                    changes.push(Value::Object(c));
                }
            }
        }
    }
    Ok(data)
}

/// Schema 1 → 2: the ISMS gets the default risk method (the 5 × 5 preset)
/// and an empty risk register.
fn v1_to_v2(mut data: Value) -> Result<Value, String> {
    let Some(obj) = data.as_object_mut() else {
        return Err("`data` is not an object".into());
    };
    for key in ["risk_method", "risks"] {
        if obj.contains_key(key) {
            return Err(format!("a schema-1 file cannot have `{key}`"));
        }
    }
    let method = serde_json::to_string(&crate::core::risk::preset_5x5())
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .ok_or("the default risk method could not be written")?;
    obj.insert("risk_method".into(), method);
    obj.insert("risks".into(), Value::Array(Vec::new()));
    Ok(data)
}

/// Schema 2 → 3: the control register (the 93 Annex A controls, included
/// and not started); each risk gets `controls`, the links to the controls
/// its "existing controls" text names (`8.13`, `A.8.13`, at the start of a
/// part between `,`, `;` or line ends), the text itself kept as the note;
/// a treatment action's free-text control becomes the id of the control it
/// names, and text that names none is kept in the risk's treatment
/// rationale. Deletions in the audit log are upgraded alike, so they can
/// still be undone. A risk's scores take ISO/IEC 27005's names (schema 2's
/// `residual`, with the existing controls, is `current`; its `target`,
/// after the planned treatment, is `residual`), in the log too. No
/// document has an approved version yet (`approvals` is empty).
fn v2_to_v3(mut data: Value) -> Result<Value, String> {
    let Some(obj) = data.as_object_mut() else {
        return Err("`data` is not an object".into());
    };
    if obj.contains_key("controls") {
        return Err("a schema-2 file cannot have `controls`".into());
    }
    let controls = crate::core::kernel::diff::to_value(&crate::core::controls::annex_a::register())
        .ok_or("the Annex A controls could not be written")?;
    if let Some(Value::Array(risks)) = obj.get_mut("risks") {
        for (i, r) in risks.iter_mut().enumerate() {
            let Some(r) = r.as_object_mut() else {
                return Err(format!("risks[{i}] is not an object"));
            };
            link_controls(r);
            rename_scores(r);
        }
    }
    if let Some(Value::Array(log)) = obj.get_mut("audit_log") {
        for e in log.iter_mut() {
            upgrade_deletion(e);
            rename_logged_scores(e);
        }
    }
    obj.insert("controls".into(), controls);
    obj.insert("approvals".into(), Value::Array(Vec::new()));
    Ok(data)
}

/// The control a text names at its start (`A.8.13`, `8.13 Backup`), as
/// its fixed id in the register.
fn named_control(text: &str) -> Option<String> {
    use crate::core::controls::annex_a::{control_id, parse_id};
    let t = text.trim();
    let first = t.split_whitespace().next().unwrap_or("");
    let first = first.trim_end_matches([':', '.', ')']);
    parse_id(t)
        .or_else(|| parse_id(first))
        .or_else(|| {
            // "A 8.13": the prefix and the number as two words.
            let mut w = t.split_whitespace();
            match (w.next(), w.next()) {
                (Some("A" | "a"), Some(n)) => parse_id(n.trim_end_matches([':', '.', ')'])),
                _ => None,
            }
        })
        .map(control_id)
}

/// Gives a schema-2 risk (as a map of its fields) its schema-3 links.
fn link_controls(r: &mut serde_json::Map<String, Value>) {
    let mut links: Vec<String> = Vec::new();
    if let Some(Value::String(note)) = r.get("existing_controls") {
        for part in note.split([',', ';', '\n']) {
            if let Some(id) = named_control(part) {
                if !links.contains(&id) {
                    links.push(id);
                }
            }
        }
    }
    let mut unmatched = Vec::new();
    if let Some(Value::Array(actions)) = r.get_mut("actions") {
        for a in actions.iter_mut().filter_map(Value::as_object_mut) {
            let text = a
                .get("control")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let id = if text.trim().is_empty() {
                String::new()
            } else if let Some(id) = named_control(&text) {
                id
            } else {
                let title = a.get("title").and_then(Value::as_str).unwrap_or("");
                unmatched.push(format!(
                    "Action \u{201c}{title}\u{201d} named the control \u{201c}{}\u{201d}, which matches no control of the register.",
                    text.trim()
                ));
                String::new()
            };
            a.insert("control".into(), Value::String(id));
        }
    }
    if !unmatched.is_empty() {
        let before = r
            .get("treatment_rationale")
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim_end()
            .to_string();
        let mut text = before;
        for u in unmatched {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&u);
        }
        r.insert("treatment_rationale".into(), Value::String(text));
    }
    r.insert(
        "controls".into(),
        Value::Array(links.into_iter().map(Value::String).collect()),
    );
    // An acceptance of schema 2 recorded neither the level accepted nor the
    // method: not known (no re-acceptance is asked for on their account).
    if let Some(Value::Object(a)) = r.get_mut("acceptance") {
        a.insert("level".into(), Value::from(0));
        a.insert("method_sha256".into(), Value::String(String::new()));
    }
}

/// The schema-3 name of a risk's score field: ISO/IEC 27005's words.
/// What schema 2 called `residual` (the risk with the existing controls)
/// is the `current` risk; its `target` (after the planned treatment) is
/// the `residual` risk.
fn score_name(field: &str) -> Option<&'static str> {
    match field {
        "residual" => Some("current"),
        "target" => Some("residual"),
        _ => None,
    }
}

/// Renames a schema-2 risk's scores (see [`score_name`]); the values and
/// their meaning are kept.
fn rename_scores(r: &mut serde_json::Map<String, Value>) {
    let residual = r.remove("residual");
    let target = r.remove("target");
    if let Some(v) = residual {
        r.insert("current".into(), v);
    }
    if let Some(v) = target {
        r.insert("residual".into(), v);
    }
}

/// The log's changes of a risk name its fields: the scores are renamed as
/// a stored risk's are.
fn rename_logged_scores(e: &mut Value) {
    let Some(e) = e.as_object_mut() else { return };
    if e.get("kind").and_then(Value::as_str) != Some("risk") {
        return;
    }
    let Some(Value::Array(changes)) = e.get_mut("changes") else {
        return;
    };
    for c in changes.iter_mut().filter_map(Value::as_object_mut) {
        let new = c.get("field").and_then(Value::as_str).and_then(score_name);
        if let Some(new) = new {
            c.insert("field".into(), Value::String(new.into()));
        }
    }
}

/// A logged deletion of a risk keeps the risk's fields as the `before` of
/// its changes: upgraded as a stored risk is.
fn upgrade_deletion(e: &mut Value) {
    let Some(e) = e.as_object_mut() else { return };
    let is_risk_deletion = e.get("action").and_then(Value::as_str) == Some("delete")
        && e.get("kind").and_then(Value::as_str) == Some("risk");
    if !is_risk_deletion {
        return;
    }
    let Some(Value::Array(changes)) = e.get_mut("changes") else {
        return;
    };
    let mut fields = serde_json::Map::new();
    for c in changes.iter() {
        if let (Some(f), Some(b)) = (c.get("field").and_then(Value::as_str), c.get("before")) {
            fields.insert(f.to_string(), b.clone());
        }
    }
    if fields.contains_key("controls") {
        return;
    }
    link_controls(&mut fields);
    for c in changes.iter_mut().filter_map(Value::as_object_mut) {
        if let Some(f) = c.get("field").and_then(Value::as_str).map(str::to_string) {
            if let Some(v) = fields.remove(&f) {
                c.insert("before".into(), v);
            }
        }
    }
    for (field, before) in fields {
        let mut c = serde_json::Map::new();
        c.insert("field".into(), Value::String(field));
        c.insert("before".into(), before);
        c.insert("after".into(), Value::Null);
        changes.push(Value::Object(c));
    }
}

/// Upgrades `data` written with schema `from` to the current schema.
pub fn run(data: Value, from: u32) -> Result<Value, FormatError> {
    run_steps(data, from, STEPS, SCHEMA_VERSION)
}

/// The chain itself, with its steps passed in so it can be tested on its own.
pub fn run_steps(
    mut data: Value,
    from: u32,
    steps: &[Step],
    current: u32,
) -> Result<Value, FormatError> {
    let oldest = steps.first().map_or(current, |s| s.0).min(OLDEST_SCHEMA);
    if from < oldest {
        return Err(FormatError::BadVersion {
            message: format!("{from} was never a released schema (the oldest is {oldest})"),
        });
    }
    let mut version = from;
    while version < current {
        let Some((_, step)) = steps.iter().find(|(v, _)| *v == version) else {
            return Err(FormatError::Migration {
                from: version,
                message: "no upgrade step is known for this version".into(),
            });
        };
        data = step(data).map_err(|message| FormatError::Migration {
            from: version,
            message,
        })?;
        version += 1;
    }
    Ok(data)
}
