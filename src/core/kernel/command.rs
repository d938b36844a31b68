//! The one door for changes: every edit is a [`Command`] applied to the
//! [`Isms`] by [`Isms::apply`], which validates it, changes the model and
//! writes the audit-log entries. Time, actor and new ids come in through
//! [`Ctx`]; nothing here reads a clock or a random source.
//!
//! The commands on records of any kind (save, delete, restore) are generic
//! over the table of kinds: `kernel/save.rs`.

use crate::core::kernel::check::{self, FieldError};
use crate::core::kernel::diff::diff;
use crate::core::kernel::record::{quoted, AnyRecord, Record, RecordKind};
use crate::core::*;
use chrono::{DateTime, Utc};
use std::fmt;

/// An edit a user asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    SetOrganisation(Organisation),
    SetScope(Scope),
    /// Creates the record when its id is empty, otherwise updates it (see
    /// [`Isms::save_record`]). Items inside it with an empty id get one.
    Save(AnyRecord),
    /// Deletes a record. When other records list it (an asset others
    /// depend on, or a risk is on), this fails with
    /// [`DomainError::Referenced`] unless `detach` is set, which also
    /// removes it from their lists.
    Delete {
        kind: RecordKind,
        id: String,
        detach: bool,
    },
    /// Replaces the risk method. When the change would change the level of
    /// a risk, it fails with [`DomainError::Unconfirmed`] (listing them)
    /// unless `confirmed` is set; it always fails when a stored risk would
    /// no longer be valid (a score outside a new scale): scores are never
    /// clamped or reset.
    SetRiskMethod {
        method: RiskMethod,
        confirmed: bool,
    },
    /// Puts back a deleted record as it was (Undo): same id, reference and
    /// creation time, at its place in the list; it is listed again by the
    /// records it was detached from, where they still exist. Refused when
    /// the record exists again, or when it no longer fits (a score outside
    /// a changed method, an asset gone since).
    Restore(Deleted),
    /// Replaces the whole ISMS with an imported one (already migrated and
    /// validated); `source` names where it came from.
    ReplaceAll {
        isms: Box<Isms>,
        source: String,
    },
    /// Approves the next version of a document as it is now (see
    /// [`crate::core::approvals`]); refused when nothing changed since the
    /// last version.
    Approve {
        subject: crate::core::approvals::Subject,
        approval: crate::core::approvals::Approve,
    },
}

impl Command {
    /// Saves `x` (see [`Command::Save`]).
    pub fn save<T: Record>(x: T) -> Self {
        Command::Save(x.wrap())
    }
    /// Deletes the record `id` of kind `T`, refusing when others list it.
    pub fn delete<T: Record>(id: impl Into<String>) -> Self {
        Command::Delete {
            kind: T::KIND,
            id: id.into(),
            detach: false,
        }
    }
}

/// Who acts, when, and where new ids come from.
pub struct Ctx<'a> {
    pub now: DateTime<Utc>,
    pub actor: &'a str,
    pub new_id: &'a mut dyn FnMut() -> String,
}

impl Ctx<'_> {
    pub(crate) fn stamp(&self) -> String {
        timestamp(self.now)
    }
}

/// The stored form of a time: RFC 3339, UTC, whole seconds.
pub fn timestamp(t: DateTime<Utc>) -> String {
    crate::core::kernel::dates::Timestamp::new(t).to_string()
}

/// `part / whole` as a percentage with one decimal (`12.5`), without floats.
pub fn percent(part: u64, whole: u64) -> String {
    let tenths = (part * 1000).checked_div(whole).unwrap_or(0);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Why a command was refused. Nothing was changed.
#[derive(Clone, Debug, PartialEq)]
pub enum DomainError {
    /// The record has field errors; each names its field.
    Invalid(Vec<FieldError>),
    NotFound {
        kind: RecordKind,
        id: String,
    },
    /// Other records refer to this one; `by` lists their references and names.
    Referenced {
        kind: RecordKind,
        id: String,
        by: Vec<String>,
    },
    /// No actor name: every change must say who made it.
    NoActor,
    /// The change is not allowed, for the reason given (a sentence).
    Refused(String),
    /// The change would change the level of these risks (one line each);
    /// it needs to be confirmed.
    Unconfirmed(Vec<String>),
    /// The record was changed since the version the change started from
    /// (its `updated_at`): saving would undo that change. `current` is the
    /// stored record's `updated_at`; sending it saves over it.
    Stale {
        kind: RecordKind,
        reference: String,
        current: String,
    },
}

impl fmt::Display for DomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DomainError::Invalid(errs) => {
                f.write_str("Please correct: ")?;
                let list: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
                f.write_str(&list.join("; "))
            }
            DomainError::NotFound { kind, id } => {
                write!(
                    f,
                    "{} {id} no longer exists (it may have been deleted).",
                    kind.label()
                )
            }
            DomainError::Referenced { kind, by, .. } => write!(
                f,
                "This {} is referred to by {}: {}.",
                crate::core::kernel::text::fold(kind.label()),
                if by.len() == 1 {
                    "1 record".to_string()
                } else {
                    format!("{} records", by.len())
                },
                by.join(", ")
            ),
            DomainError::NoActor => {
                f.write_str("Enter your name first: every change records who made it.")
            }
            DomainError::Refused(why) => f.write_str(why),
            DomainError::Stale {
                kind, reference, ..
            } => write!(
                f,
                "{} {reference} was changed elsewhere (in another tab or window, or by an import) after it was opened here, so it was not saved: saving would undo that change.",
                kind.label()
            ),
            DomainError::Unconfirmed(lines) => write!(
                f,
                "This change of method changes the level of {} risk{}; review and confirm it first.",
                lines.len(),
                if lines.len() == 1 { "" } else { "s" }
            ),
        }
    }
}

impl std::error::Error for DomainError {}

/// What a command did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Change {
    /// The id of the record created or changed, when there is one.
    pub record_id: Option<String>,
    /// The audit-log entries written (empty when nothing changed).
    pub entries: Vec<AuditEntry>,
    /// After a deletion: what [`Command::Restore`] needs to undo it.
    pub restore: Option<Deleted>,
}

impl Change {
    /// A change that wrote one log entry and created or changed no record
    /// of a list (the organisation, the scope, an import, an approval).
    pub(crate) fn logged(e: AuditEntry) -> Self {
        Change {
            record_id: None,
            entries: vec![e],
            restore: None,
        }
    }
}

/// A deleted record, as it was: what an Undo puts back.
#[derive(Clone, Debug, PartialEq)]
pub struct Deleted {
    pub record: AnyRecord,
    /// The records it was detached from, in the order they were changed.
    pub links: Vec<Unlinked>,
}

impl Deleted {
    /// A deleted record that no other record listed.
    pub fn of<T: Record>(x: T) -> Self {
        Deleted {
            record: x.wrap(),
            links: Vec::new(),
        }
    }
}

/// A record that listed a deleted one, and where in its list it stood.
#[derive(Clone, Debug, PartialEq)]
pub struct Unlinked {
    pub kind: RecordKind,
    /// The holder's id.
    pub id: String,
    /// The field of the holder (`depends_on`).
    pub field: &'static str,
    /// The position the deleted record's id had in that field.
    pub at: usize,
}

impl Isms {
    fn next_seq(&self) -> u64 {
        self.audit_log.last().map_or(1, |e| e.seq + 1)
    }

    /// Writes one entry of the audit log.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn log(
        &mut self,
        ctx: &Ctx,
        action: Action,
        kind: RecordKind,
        record_id: &str,
        reference: &str,
        summary: String,
        changes: Vec<FieldChange>,
    ) -> AuditEntry {
        let entry = AuditEntry {
            seq: self.next_seq(),
            at: ctx.stamp(),
            actor: ctx.actor.to_string(),
            action,
            kind,
            record_id: record_id.to_string(),
            reference: reference.to_string(),
            summary,
            changes,
        };
        self.audit_log.push(entry.clone());
        entry
    }

    /// Logs an update of a record the ISMS has one of (organisation, scope).
    pub(crate) fn log_singleton(
        &mut self,
        ctx: &Ctx,
        kind: RecordKind,
        summary: String,
        changes: Vec<FieldChange>,
    ) -> Change {
        let e = self.log(ctx, Action::Update, kind, "", "", summary, changes);
        Change::logged(e)
    }

    /// Applies one command: validates it, changes the model, logs it.
    /// On error nothing has changed.
    pub fn apply(&mut self, cmd: Command, ctx: &mut Ctx) -> Result<Change, DomainError> {
        if ctx.actor.trim().is_empty() {
            return Err(DomainError::NoActor);
        }
        // The log's rules (Isms::check) cap the actor's name; refuse here
        // rather than write a log that no longer imports.
        let actor_len = ctx.actor.chars().count();
        if actor_len > check::MAX_SHORT {
            return Err(DomainError::Invalid(vec![FieldError::new(
                "actor",
                format!(
                    "is too long ({actor_len} characters; at most {})",
                    check::MAX_SHORT
                ),
            )]));
        }
        match cmd {
            Command::SetOrganisation(o) => {
                let errs = context::rules::organisation(&o);
                if !errs.is_empty() {
                    return Err(DomainError::Invalid(errs));
                }
                let changes = diff(&self.organisation, &o);
                if changes.is_empty() {
                    return Ok(Change::default());
                }
                let summary = format!("Updated the organisation profile of {}", quoted(&o.name));
                self.organisation = o;
                Ok(self.log_singleton(ctx, RecordKind::Organisation, summary, changes))
            }
            Command::SetScope(s) => {
                let errs = context::rules::scope(&s);
                if !errs.is_empty() {
                    return Err(DomainError::Invalid(errs));
                }
                let changes = diff(&self.scope, &s);
                if changes.is_empty() {
                    return Ok(Change::default());
                }
                let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
                let summary = format!("Updated the ISMS scope: {}", fields.join(", "));
                self.scope = s;
                Ok(self.log_singleton(ctx, RecordKind::Scope, summary, changes))
            }
            Command::Save(x) => self.save_any(ctx, x),
            Command::Approve { subject, approval } => self.approve(ctx, subject, approval),
            Command::Delete { kind, id, detach } => self.delete_any(ctx, kind, id, detach),
            Command::Restore(d) => self.restore(ctx, d),
            Command::SetRiskMethod { method, confirmed } => {
                self.set_risk_method(ctx, method, confirmed)
            }
            Command::ReplaceAll { isms, source } => {
                let errs = isms.check();
                if !errs.is_empty() {
                    return Err(DomainError::Invalid(errs));
                }
                let before = &*self;
                let mut next = *isms;
                next.repair_counters();
                let said = |m: &Isms| {
                    RecordKind::RECORDS
                        .iter()
                        .filter_map(|k| Some(format!("{} {}", m.count(*k), k.info()?.plural)))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let summary = format!(
                    "Imported the ISMS from {source}: {} (replacing {})",
                    said(&next),
                    said(before)
                );
                *self = next;
                let e = self.log(
                    ctx,
                    Action::Import,
                    RecordKind::Isms,
                    "",
                    "",
                    summary,
                    Vec::new(),
                );
                Ok(Change::logged(e))
            }
        }
    }
}

/// "Updated asset A-0001 “Payroll database”: owner, tags".
pub(crate) fn updated_summary(
    kind: &str,
    reference: &str,
    name: &str,
    changes: &[FieldChange],
) -> String {
    let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
    format!(
        "Updated {kind} {reference} {}: {}",
        quoted(name),
        fields.join(", ")
    )
}
