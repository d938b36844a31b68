//! What the audit log page shows: filters and the list of actors.

use super::{Action, AuditEntry};
use crate::core::kernel::record::RecordKind;
use crate::core::kernel::text::{matches_words, sort_by};

/// What the audit log shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogFilter {
    pub text: String,
    pub kind: Option<RecordKind>,
    pub actor: Option<String>,
    /// Only the entries of one action (the deletions, say).
    pub action: Option<Action>,
}

/// Indexes of the log entries that pass `f`, newest first.
pub fn log(entries: &[AuditEntry], f: &LogFilter) -> Vec<usize> {
    (0..entries.len())
        .rev()
        .filter(|&i| {
            let e = &entries[i];
            f.kind.is_none_or(|k| e.kind == k)
                && f.action.is_none_or(|a| e.action == a)
                && f.actor.as_ref().is_none_or(|a| &e.actor == a)
                && matches_words(
                    &f.text,
                    &[&e.summary, &e.reference, &e.actor, e.action.label()],
                )
        })
        .collect()
}

/// The distinct actors of the log, sorted.
pub fn actors(entries: &[AuditEntry]) -> Vec<String> {
    let mut v: Vec<String> = entries.iter().map(|e| e.actor.clone()).collect();
    sort_by(&mut v, &|a, b| a.cmp(b));
    v.dedup();
    v
}
