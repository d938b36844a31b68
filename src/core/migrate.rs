//! Schema migrations: one step per released schema, from each version to the
//! next, applied in order to the `data` of a file or of the stored copy.
//!
//! Schema 1 is the first released schema, so the chain is still empty. To
//! change the stored shape: raise `format::SCHEMA_VERSION`, add a step
//! `(old_version, function)` to [`STEPS`], and add a fixture of the old
//! version under `tests/fixtures/schema-v<old>.json` with a test that it
//! migrates.

use super::format::{FormatError, SCHEMA_VERSION};
use serde_json::Value;

/// The oldest schema this build can read.
pub const OLDEST_SCHEMA: u32 = 1;

/// One step: the version it upgrades from, and the upgrade to the next one.
pub type Step = (u32, fn(Value) -> Result<Value, String>);

/// Every step, in order. Empty while schema 1 is the only released schema.
pub const STEPS: &[Step] = &[];

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
