//! The audit log: one entry for every change, with what changed field by
//! field; and what the log page shows of it.

pub mod labels;
pub mod query;
mod restore;

use crate::core::kernel::choice::choice_enum;
use crate::core::kernel::record::RecordKind;
use serde::Serialize;

/// One field's value before and after a change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

choice_enum!(
    /// What a logged change did.
    Action {
        Create => "create", "Created",
        Update => "update", "Updated",
        Delete => "delete", "Deleted",
        Import => "import", "Imported",
        Approve => "approve", "Approved",
    }
);

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuditEntry {
    /// 1, 2, 3... in the order the changes were made.
    pub seq: u64,
    /// RFC 3339 UTC timestamp.
    pub at: String,
    pub actor: String,
    pub action: Action,
    pub kind: RecordKind,
    /// The record's id (empty for singletons such as the scope).
    pub record_id: String,
    /// The record's human reference, when it has one.
    pub reference: String,
    pub summary: String,
    pub changes: Vec<FieldChange>,
}
