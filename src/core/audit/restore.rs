//! A deleted record put back from the audit log: the delete entry keeps
//! every field the record had, and the entries logged with it say which
//! records it was detached from, so any deletion, however old, can be
//! undone from the log ([`Command::Restore`]).

use crate::core::kernel::command::{Deleted, Unlinked};
use crate::core::kernel::record::{Record, WithKind};
use crate::core::{Action, AuditEntry, Isms};
use serde_json::{Map, Value};

impl Isms {
    /// The record the delete entry `seq` of the log took away, as it was,
    /// with the links to it removed by the same deletion: what
    /// [`crate::core::Command::Restore`] puts back. `Err` says why it cannot
    /// be: not a deletion, the record is here again, or what the entry kept
    /// cannot be read as a record.
    pub fn deletion(&self, seq: u64) -> Result<Deleted, String> {
        let log = &self.audit_log;
        let Some(at) = log.iter().position(|e| e.seq == seq) else {
            return Err(format!("The log has no entry {seq}."));
        };
        let e = &log[at];
        if e.action != Action::Delete || e.kind.info().is_none() || e.record_id.is_empty() {
            return Err("Only the deletion of a record can be undone.".into());
        }
        if self.exists(e.kind, &e.record_id) {
            return Err(format!(
                "{} is here: it was put back or added again.",
                e.reference
            ));
        }
        // A deletion logged before it kept its creation time: the time of
        // the record's first entry, or of the deletion.
        let created = log
            .iter()
            .find(|x| x.record_id == e.record_id)
            .map_or(e.at.clone(), |x| x.at.clone());
        let mut fields = Map::new();
        fields.insert("id".into(), Value::String(e.record_id.clone()));
        fields.insert("reference".into(), Value::String(e.reference.clone()));
        fields.insert("created_at".into(), Value::String(created));
        fields.insert("updated_at".into(), Value::String(e.at.clone()));
        for c in &e.changes {
            fields.insert(c.field.clone(), c.before.clone());
        }
        let record = crate::core::file::read::record(e.kind, &Value::Object(fields)).map_err(
            |(path, why)| {
                format!(
                    "What the log kept of {} cannot be read ({path}: {why}).",
                    e.reference
                )
            },
        )?;
        // The records it was detached from were changed just before, in the
        // same moment, by the same person.
        let mut links = Vec::new();
        for x in log[..at].iter().rev() {
            if x.at != e.at || x.actor != e.actor || x.action != Action::Update {
                break;
            }
            links.extend(unlinked(x, &e.record_id));
        }
        links.reverse();
        Ok(Deleted { record, links })
    }
}

/// Where the update `x` took the id `id` out of a link field, if it did.
fn unlinked(x: &AuditEntry, id: &str) -> Option<Unlinked> {
    struct Field<'a>(&'a str);
    impl WithKind for Field<'_> {
        type Out = Option<&'static str>;
        fn with<T: Record>(&mut self) -> Self::Out {
            T::links()
                .iter()
                .find(|l| l.field == self.0)
                .map(|l| l.field)
        }
    }
    let has = |v: &Value| v.as_array().and_then(|a| a.iter().position(|d| d == id));
    x.changes.iter().find_map(|c| {
        let at = has(&c.before)?;
        if has(&c.after).is_some() {
            return None;
        }
        let field = x.kind.with(&mut Field(&c.field)).flatten()?;
        Some(Unlinked {
            kind: x.kind,
            id: x.record_id.clone(),
            field,
            at,
        })
    })
}
