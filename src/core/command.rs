//! The one door for changes: every edit is a [`Command`] applied to the
//! [`Isms`] by [`Isms::apply`], which validates it, changes the model and
//! writes the audit-log entries. Time, actor and new ids come in through
//! [`Ctx`]; nothing here reads a clock or a random source.

use super::ids;
use super::model::*;
use super::validate::{self, FieldError};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::fmt;

/// An edit a user asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    SetOrganisation(Organisation),
    SetScope(Scope),
    /// Creates the issue when its id is empty, otherwise updates it.
    SaveIssue(ContextIssue),
    DeleteIssue {
        id: String,
    },
    /// Creates the party when its id is empty, otherwise updates it.
    /// Requirements with an empty id get a new one.
    SaveParty(Party),
    DeleteParty {
        id: String,
    },
    /// Creates the asset when its id is empty, otherwise updates it.
    SaveAsset(Asset),
    /// Deletes an asset. When other assets depend on it, this fails with
    /// [`DomainError::Referenced`] unless `detach` is set, which also removes
    /// it from their dependencies.
    DeleteAsset {
        id: String,
        detach: bool,
    },
    /// Replaces the whole ISMS with an imported one (already migrated and
    /// validated); `source` names where it came from.
    ReplaceAll {
        isms: Box<Isms>,
        source: String,
    },
}

/// Who acts, when, and where new ids come from.
pub struct Ctx<'a> {
    pub now: DateTime<Utc>,
    pub actor: &'a str,
    pub new_id: &'a mut dyn FnMut() -> String,
}

impl Ctx<'_> {
    fn stamp(&self) -> String {
        timestamp(self.now)
    }
}

/// The stored form of a time: RFC 3339, UTC, whole seconds.
pub fn timestamp(t: DateTime<Utc>) -> String {
    // Written by hand: chrono's formatter costs tens of KB of WebAssembly.
    use chrono::{Datelike, Timelike};
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
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
                super::query::fold(kind.label()),
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
}

/// The field-level differences between two versions of a record.
/// Bookkeeping fields (`id`, `reference`, timestamps) are left out.
pub fn diff<T: Serialize>(before: &T, after: &T) -> Vec<FieldChange> {
    let (Some(serde_json::Value::Object(b)), Some(serde_json::Value::Object(a))) =
        (to_value(before), to_value(after))
    else {
        return Vec::new();
    };
    a.iter()
        .filter(|(k, _)| !matches!(k.as_str(), "id" | "reference" | "created_at" | "updated_at"))
        .filter_map(|(k, av)| {
            let bv = b.get(k).cloned().unwrap_or(serde_json::Value::Null);
            (bv != *av).then(|| FieldChange {
                field: k.clone(),
                before: bv,
                after: av.clone(),
            })
        })
        .collect()
}

/// A record as a JSON value. Through the text rather than with
/// `serde_json::to_value`: the compact writer and the parser are in the
/// app anyway, a second serializer is not (records hold no floats, so the
/// value is the same).
fn to_value<T: Serialize>(record: &T) -> Option<serde_json::Value> {
    serde_json::from_str(&serde_json::to_string(record).ok()?).ok()
}

/// Every field of a record as a change from nothing (create) or to nothing (delete).
fn all_fields<T: Serialize>(record: &T, created: bool) -> Vec<FieldChange> {
    let Some(serde_json::Value::Object(m)) = to_value(record) else {
        return Vec::new();
    };
    m.into_iter()
        .filter(|(k, _)| !matches!(k.as_str(), "id" | "reference" | "created_at" | "updated_at"))
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

fn quoted(s: &str) -> String {
    let s: String = s.chars().take(80).collect();
    format!("\u{201c}{s}\u{201d}")
}

impl Isms {
    fn next_reference(&mut self, prefix: &str) -> String {
        let n = self.counters.entry(prefix.to_string()).or_insert(0);
        *n += 1;
        ids::reference(prefix, *n)
    }

    fn next_seq(&self) -> u64 {
        self.audit_log.last().map_or(1, |e| e.seq + 1)
    }

    #[allow(clippy::too_many_arguments)]
    fn log(
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
    fn log_singleton(
        &mut self,
        ctx: &Ctx,
        kind: RecordKind,
        summary: String,
        changes: Vec<FieldChange>,
    ) -> Change {
        let e = self.log(ctx, Action::Update, kind, "", "", summary, changes);
        Change {
            record_id: None,
            entries: vec![e],
        }
    }

    /// Applies one command: validates it, changes the model, logs it.
    /// On error nothing has changed.
    pub fn apply(&mut self, cmd: Command, ctx: &mut Ctx) -> Result<Change, DomainError> {
        if ctx.actor.trim().is_empty() {
            return Err(DomainError::NoActor);
        }
        // The log's rules (validate::isms) cap the actor's name; refuse here
        // rather than write a log that no longer imports.
        let actor_len = ctx.actor.chars().count();
        if actor_len > validate::MAX_SHORT {
            return Err(DomainError::Invalid(vec![FieldError::new(
                "actor",
                format!(
                    "is too long ({actor_len} characters; at most {})",
                    validate::MAX_SHORT
                ),
            )]));
        }
        match cmd {
            Command::SetOrganisation(o) => {
                let errs = validate::organisation(&o);
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
                let errs = validate::scope(&s);
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
            Command::SaveIssue(mut x) => {
                let errs = validate::issue(&x);
                if !errs.is_empty() {
                    return Err(DomainError::Invalid(errs));
                }
                let now = ctx.stamp();
                if x.id.is_empty() {
                    x.id = (ctx.new_id)();
                    x.reference = self.next_reference("I");
                    x.created_at = now.clone();
                    x.updated_at = now;
                    let summary = format!("Created issue {} {}", x.reference, quoted(&x.title));
                    let changes = all_fields(&x, true);
                    let (id, r) = (x.id.clone(), x.reference.clone());
                    self.issues.push(x);
                    let e = self.log(
                        ctx,
                        Action::Create,
                        RecordKind::Issue,
                        &id,
                        &r,
                        summary,
                        changes,
                    );
                    return Ok(Change {
                        record_id: Some(id),
                        entries: vec![e],
                    });
                }
                let Some(pos) = self.issues.iter().position(|i| i.id == x.id) else {
                    return Err(DomainError::NotFound {
                        kind: RecordKind::Issue,
                        id: x.id,
                    });
                };
                let old = &self.issues[pos];
                x.reference = old.reference.clone();
                x.created_at = old.created_at.clone();
                x.updated_at = old.updated_at.clone();
                let changes = diff(old, &x);
                if changes.is_empty() {
                    return Ok(Change {
                        record_id: Some(x.id),
                        entries: vec![],
                    });
                }
                x.updated_at = now;
                let summary = updated_summary("issue", &x.reference, &x.title, &changes);
                let (id, r) = (x.id.clone(), x.reference.clone());
                self.issues[pos] = x;
                let e = self.log(
                    ctx,
                    Action::Update,
                    RecordKind::Issue,
                    &id,
                    &r,
                    summary,
                    changes,
                );
                Ok(Change {
                    record_id: Some(id),
                    entries: vec![e],
                })
            }
            Command::DeleteIssue { id } => {
                let Some(pos) = self.issues.iter().position(|i| i.id == id) else {
                    return Err(DomainError::NotFound {
                        kind: RecordKind::Issue,
                        id,
                    });
                };
                let old = self.issues.remove(pos);
                let summary = format!("Deleted issue {} {}", old.reference, quoted(&old.title));
                let e = self.log(
                    ctx,
                    Action::Delete,
                    RecordKind::Issue,
                    &id,
                    &old.reference,
                    summary,
                    all_fields(&old, false),
                );
                Ok(Change {
                    record_id: Some(id),
                    entries: vec![e],
                })
            }
            Command::SaveParty(mut p) => {
                let errs = validate::party(&p);
                if !errs.is_empty() {
                    return Err(DomainError::Invalid(errs));
                }
                for r in p.requirements.iter_mut().filter(|r| r.id.is_empty()) {
                    r.id = (ctx.new_id)();
                }
                let now = ctx.stamp();
                if p.id.is_empty() {
                    p.id = (ctx.new_id)();
                    p.reference = self.next_reference("P");
                    p.created_at = now.clone();
                    p.updated_at = now;
                    let summary = format!(
                        "Created interested party {} {}",
                        p.reference,
                        quoted(&p.name)
                    );
                    let changes = all_fields(&p, true);
                    let (id, r) = (p.id.clone(), p.reference.clone());
                    self.parties.push(p);
                    let e = self.log(
                        ctx,
                        Action::Create,
                        RecordKind::Party,
                        &id,
                        &r,
                        summary,
                        changes,
                    );
                    return Ok(Change {
                        record_id: Some(id),
                        entries: vec![e],
                    });
                }
                let Some(pos) = self.parties.iter().position(|x| x.id == p.id) else {
                    return Err(DomainError::NotFound {
                        kind: RecordKind::Party,
                        id: p.id,
                    });
                };
                let old = &self.parties[pos];
                p.reference = old.reference.clone();
                p.created_at = old.created_at.clone();
                p.updated_at = old.updated_at.clone();
                let changes = diff(old, &p);
                if changes.is_empty() {
                    return Ok(Change {
                        record_id: Some(p.id),
                        entries: vec![],
                    });
                }
                p.updated_at = now;
                let summary = updated_summary("interested party", &p.reference, &p.name, &changes);
                let (id, r) = (p.id.clone(), p.reference.clone());
                self.parties[pos] = p;
                let e = self.log(
                    ctx,
                    Action::Update,
                    RecordKind::Party,
                    &id,
                    &r,
                    summary,
                    changes,
                );
                Ok(Change {
                    record_id: Some(id),
                    entries: vec![e],
                })
            }
            Command::DeleteParty { id } => {
                let Some(pos) = self.parties.iter().position(|p| p.id == id) else {
                    return Err(DomainError::NotFound {
                        kind: RecordKind::Party,
                        id,
                    });
                };
                let old = self.parties.remove(pos);
                let summary = format!(
                    "Deleted interested party {} {}",
                    old.reference,
                    quoted(&old.name)
                );
                let e = self.log(
                    ctx,
                    Action::Delete,
                    RecordKind::Party,
                    &id,
                    &old.reference,
                    summary,
                    all_fields(&old, false),
                );
                Ok(Change {
                    record_id: Some(id),
                    entries: vec![e],
                })
            }
            Command::SaveAsset(mut a) => {
                a.tags = a.tags.into_iter().map(|t| t.trim().to_string()).collect();
                let errs = validate::asset(&a, self);
                if !errs.is_empty() {
                    return Err(DomainError::Invalid(errs));
                }
                let now = ctx.stamp();
                if a.id.is_empty() {
                    a.id = (ctx.new_id)();
                    a.reference = self.next_reference("A");
                    a.created_at = now.clone();
                    a.updated_at = now;
                    let summary = format!("Created asset {} {}", a.reference, quoted(&a.name));
                    let changes = all_fields(&a, true);
                    let (id, r) = (a.id.clone(), a.reference.clone());
                    self.assets.push(a);
                    let e = self.log(
                        ctx,
                        Action::Create,
                        RecordKind::Asset,
                        &id,
                        &r,
                        summary,
                        changes,
                    );
                    return Ok(Change {
                        record_id: Some(id),
                        entries: vec![e],
                    });
                }
                let Some(pos) = self.assets.iter().position(|x| x.id == a.id) else {
                    return Err(DomainError::NotFound {
                        kind: RecordKind::Asset,
                        id: a.id,
                    });
                };
                let old = &self.assets[pos];
                a.reference = old.reference.clone();
                a.created_at = old.created_at.clone();
                a.updated_at = old.updated_at.clone();
                let changes = diff(old, &a);
                if changes.is_empty() {
                    return Ok(Change {
                        record_id: Some(a.id),
                        entries: vec![],
                    });
                }
                a.updated_at = now;
                let summary = updated_summary("asset", &a.reference, &a.name, &changes);
                let (id, r) = (a.id.clone(), a.reference.clone());
                self.assets[pos] = a;
                let e = self.log(
                    ctx,
                    Action::Update,
                    RecordKind::Asset,
                    &id,
                    &r,
                    summary,
                    changes,
                );
                Ok(Change {
                    record_id: Some(id),
                    entries: vec![e],
                })
            }
            Command::DeleteAsset { id, detach } => {
                let Some(pos) = self.assets.iter().position(|a| a.id == id) else {
                    return Err(DomainError::NotFound {
                        kind: RecordKind::Asset,
                        id,
                    });
                };
                let dependents: Vec<String> = self
                    .dependents_of(&id)
                    .iter()
                    .map(|a| format!("{} {}", a.reference, quoted(&a.name)))
                    .collect();
                if !dependents.is_empty() && !detach {
                    return Err(DomainError::Referenced {
                        kind: RecordKind::Asset,
                        id,
                        by: dependents,
                    });
                }
                let now = ctx.stamp();
                let mut entries = Vec::new();
                for i in 0..self.assets.len() {
                    if !self.assets[i].depends_on.contains(&id) {
                        continue;
                    }
                    let before = self.assets[i].clone();
                    self.assets[i].depends_on.retain(|d| *d != id);
                    self.assets[i].updated_at = now.clone();
                    let after = self.assets[i].clone();
                    let summary = format!(
                        "Removed {} from the dependencies of asset {} {} (it was deleted)",
                        self.assets[pos].reference,
                        after.reference,
                        quoted(&after.name)
                    );
                    entries.push(self.log(
                        ctx,
                        Action::Update,
                        RecordKind::Asset,
                        &after.id,
                        &after.reference,
                        summary,
                        diff(&before, &after),
                    ));
                }
                let old = self.assets.remove(pos);
                let summary = format!("Deleted asset {} {}", old.reference, quoted(&old.name));
                entries.push(self.log(
                    ctx,
                    Action::Delete,
                    RecordKind::Asset,
                    &id,
                    &old.reference,
                    summary,
                    all_fields(&old, false),
                ));
                Ok(Change {
                    record_id: Some(id),
                    entries,
                })
            }
            Command::ReplaceAll { isms, source } => {
                let errs = validate::isms(&isms);
                if !errs.is_empty() {
                    return Err(DomainError::Invalid(errs));
                }
                let before = self.counts();
                let mut next = *isms;
                next.repair_counters();
                let after = next.counts();
                let summary = format!(
                    "Imported the ISMS from {source}: {} assets, {} interested parties, {} issues (replacing {} assets, {} interested parties, {} issues)",
                    after.assets, after.parties, after.issues, before.assets, before.parties, before.issues
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
                Ok(Change {
                    record_id: None,
                    entries: vec![e],
                })
            }
        }
    }

    /// Raises each reference counter to at least the highest reference in
    /// use, so a hand-edited file never leads to a reused reference.
    pub fn repair_counters(&mut self) {
        let highest = |refs: Vec<&str>, prefix: &str| {
            refs.into_iter()
                .filter_map(|r| ids::reference_number(prefix, r))
                .max()
                .unwrap_or(0)
        };
        let pairs = [
            (
                "A",
                highest(
                    self.assets.iter().map(|a| a.reference.as_str()).collect(),
                    "A",
                ),
            ),
            (
                "P",
                highest(
                    self.parties.iter().map(|a| a.reference.as_str()).collect(),
                    "P",
                ),
            ),
            (
                "I",
                highest(
                    self.issues.iter().map(|a| a.reference.as_str()).collect(),
                    "I",
                ),
            ),
        ];
        for (prefix, max) in pairs {
            let c = self.counters.entry(prefix.to_string()).or_insert(0);
            *c = (*c).max(max);
        }
    }
}

fn updated_summary(kind: &str, reference: &str, name: &str, changes: &[FieldChange]) -> String {
    let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
    format!(
        "Updated {kind} {reference} {}: {}",
        quoted(name),
        fields.join(", ")
    )
}
