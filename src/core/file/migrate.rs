//! Schema migrations: one step per released schema, from each version to the
//! next, applied in order to the `data` of a file or of the stored copy.
//!
//! Schema 1 was the first released schema (context and assets); schema 2
//! adds the risk method and the risk register. To change the stored shape: raise `format::SCHEMA_VERSION`, add a step
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
pub const STEPS: &[Step] = &[(1, v1_to_v2)];

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
