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
    /// Creates the risk when its id is empty, otherwise updates it.
    /// Actions with an empty id get a new one.
    SaveRisk(Risk),
    DeleteRisk {
        id: String,
    },
    /// Replaces the risk method. When the change would change the level of
    /// a risk, it fails with [`DomainError::Unconfirmed`] (listing them)
    /// unless `confirmed` is set; it always fails when a stored risk would
    /// no longer be valid (a score outside a new scale): scores are never
    /// clamped or reset.
    SetRiskMethod {
        method: super::risk::RiskMethod,
        confirmed: bool,
    },
    /// Puts back a deleted record as it was (Undo): same id, reference and
    /// creation time, at its place in the list; a deleted asset is linked
    /// again to the assets and risks that referred to it, where they still
    /// exist. Refused when the record exists again, or when it no longer
    /// fits (a score outside a changed method, an asset gone since).
    Restore(Deleted),
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

/// A deleted record, as it was: what an Undo puts back.
#[derive(Clone, Debug, PartialEq)]
pub enum Deleted {
    Issue(ContextIssue),
    Party(Party),
    Risk(Risk),
    /// An asset, with the assets that depended on it and the risks it was
    /// linked to (both detached by the deletion): each an id and where the
    /// asset stood in its list.
    Asset {
        asset: Asset,
        dependents: Vec<(String, usize)>,
        risks: Vec<(String, usize)>,
    },
}

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
    super::query::sort_by(&mut keys, &|x, y| x.cmp(y));
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
            restore: None,
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
            Command::SaveIssue(x) => {
                let errs = validate::issue(&x);
                if !errs.is_empty() {
                    return Err(DomainError::Invalid(errs));
                }
                self.save_record(ctx, x)
            }
            Command::DeleteIssue { id } => self.delete_record::<ContextIssue>(ctx, id),
            Command::SaveParty(mut p) => {
                let errs = validate::party(&p);
                if !errs.is_empty() {
                    return Err(DomainError::Invalid(errs));
                }
                for r in p.requirements.iter_mut().filter(|r| r.id.is_empty()) {
                    r.id = (ctx.new_id)();
                }
                self.save_record(ctx, p)
            }
            Command::DeleteParty { id } => self.delete_record::<Party>(ctx, id),
            Command::SaveAsset(mut a) => {
                a.tags = a.tags.into_iter().map(|t| t.trim().to_string()).collect();
                let errs = validate::asset(&a, self);
                if !errs.is_empty() {
                    return Err(DomainError::Invalid(errs));
                }
                self.save_record(ctx, a)
            }
            Command::SaveRisk(mut r) => {
                let errs = validate::risk(&r, self);
                if !errs.is_empty() {
                    return Err(DomainError::Invalid(errs));
                }
                for a in r.actions.iter_mut().filter(|a| a.id.is_empty()) {
                    a.id = (ctx.new_id)();
                }
                self.save_record(ctx, r)
            }
            Command::DeleteRisk { id } => self.delete_record::<Risk>(ctx, id),
            Command::SetRiskMethod { method, confirmed } => {
                self.set_risk_method(ctx, method, confirmed)
            }
            Command::DeleteAsset { id, detach } => {
                let Some(pos) = self.assets.iter().position(|a| a.id == id) else {
                    return Err(DomainError::NotFound {
                        kind: RecordKind::Asset,
                        id,
                    });
                };
                let mut dependents: Vec<String> = self
                    .dependents_of(&id)
                    .iter()
                    .map(|a| format!("{} {}", a.reference, quoted(&a.name)))
                    .collect();
                dependents.extend(
                    self.risks_of_asset(&id)
                        .iter()
                        .map(|r| format!("risk {} {}", r.reference, quoted(&r.title))),
                );
                if !dependents.is_empty() && !detach {
                    return Err(DomainError::Referenced {
                        kind: RecordKind::Asset,
                        id,
                        by: dependents,
                    });
                }
                let mut entries = Vec::new();
                let at = |list: &[String]| list.iter().position(|d| *d == id);
                let dependent_ids: Vec<(String, usize)> = self
                    .assets
                    .iter()
                    .filter_map(|a| Some((a.id.clone(), at(&a.depends_on)?)))
                    .collect();
                let risk_ids: Vec<(String, usize)> = self
                    .risks
                    .iter()
                    .filter_map(|r| Some((r.id.clone(), at(&r.assets)?)))
                    .collect();
                let gone = self.assets[pos].reference.clone();
                for i in 0..self.assets.len() {
                    if !self.assets[i].depends_on.contains(&id) {
                        continue;
                    }
                    entries.push(self.touch::<Asset>(
                        ctx,
                        i,
                        |a| a.depends_on.retain(|d| *d != id),
                        |a| {
                            format!(
                                "Removed {gone} from the dependencies of asset {} {} (it was deleted)",
                                a.reference,
                                quoted(&a.name)
                            )
                        },
                    ));
                }
                for i in 0..self.risks.len() {
                    if !self.risks[i].assets.contains(&id) {
                        continue;
                    }
                    entries.push(self.touch::<Risk>(
                        ctx,
                        i,
                        |r| r.assets.retain(|d| *d != id),
                        |r| {
                            format!(
                                "Removed asset {gone} from risk {} {} (the asset was deleted)",
                                r.reference,
                                quoted(&r.title)
                            )
                        },
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
                    restore: Some(Deleted::Asset {
                        asset: old,
                        dependents: dependent_ids,
                        risks: risk_ids,
                    }),
                })
            }
            Command::Restore(d) => self.restore(ctx, d),
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
                    "Imported the ISMS from {source}: {} assets, {} risks, {} interested parties, {} issues (replacing {} assets, {} risks, {} interested parties, {} issues)",
                    after.assets, after.risks, after.parties, after.issues, before.assets, before.risks, before.parties, before.issues
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
                    restore: None,
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
            (
                "R",
                highest(
                    self.risks.iter().map(|a| a.reference.as_str()).collect(),
                    "R",
                ),
            ),
        ];
        for (prefix, max) in pairs {
            // A kind with no record and no counter gets none, so that an
            // import gives back exactly the counters of the file.
            if max == 0 && !self.counters.contains_key(prefix) {
                continue;
            }
            let c = self.counters.entry(prefix.to_string()).or_insert(0);
            *c = (*c).max(max);
        }
    }
}

/// A kind of record with an id, a reference and timestamps, kept in a list
/// of the ISMS: what [`Isms::save_record`] and [`Isms::delete_record`] need.
trait Record: Recorded + Serialize + Clone {
    /// The reference prefix (`A` for `A-0001`).
    const PREFIX: &'static str;
    /// The kind in a sentence ("interested party").
    const NOUN: &'static str;
    fn list(m: &mut Isms) -> &mut Vec<Self>;
    /// Id, reference, created at, updated at.
    fn ident(&mut self) -> [&mut String; 4];
    fn name(&self) -> &str;
    /// The record as an Undo of its deletion needs it.
    fn into_deleted(self) -> Deleted;
}

macro_rules! record {
    ($t:ty, $prefix:literal, $noun:literal, $list:ident, $name:ident, $deleted:expr) => {
        impl Record for $t {
            const PREFIX: &'static str = $prefix;
            const NOUN: &'static str = $noun;
            fn list(m: &mut Isms) -> &mut Vec<Self> {
                &mut m.$list
            }
            fn ident(&mut self) -> [&mut String; 4] {
                [
                    &mut self.id,
                    &mut self.reference,
                    &mut self.created_at,
                    &mut self.updated_at,
                ]
            }
            fn name(&self) -> &str {
                &self.$name
            }
            fn into_deleted(self) -> Deleted {
                $deleted(self)
            }
        }
    };
}

record!(ContextIssue, "I", "issue", issues, title, Deleted::Issue);
record!(
    Party,
    "P",
    "interested party",
    parties,
    name,
    Deleted::Party
);
record!(Asset, "A", "asset", assets, name, |asset| {
    Deleted::Asset {
        asset,
        dependents: Vec::new(),
        risks: Vec::new(),
    }
});
record!(Risk, "R", "risk", risks, title, Deleted::Risk);

impl Isms {
    /// Creates `x` when its id is empty, otherwise updates the record with
    /// its id; logs the change. `x` is already validated. Its reference and
    /// creation time are ignored; its `updated_at`, when not empty, says
    /// which version the change started from, and must be the stored one
    /// ([`DomainError::Stale`] otherwise).
    fn save_record<T: Record>(&mut self, ctx: &mut Ctx, mut x: T) -> Result<Change, DomainError> {
        let now = ctx.stamp();
        if x.id().is_empty() {
            let reference = self.next_reference(T::PREFIX);
            let [id, r, created, updated] = x.ident();
            *id = (ctx.new_id)();
            *r = reference;
            *created = now.clone();
            *updated = now;
            let (id, r) = (id.clone(), r.clone());
            let summary = format!("Created {} {r} {}", T::NOUN, quoted(x.name()));
            let changes = all_fields(&x, true);
            T::list(self).push(x);
            let e = self.log(ctx, Action::Create, T::KIND, &id, &r, summary, changes);
            return Ok(Change {
                record_id: Some(id),
                entries: vec![e],
                restore: None,
            });
        }
        let Some(pos) = T::list(self).iter().position(|o| o.id() == x.id()) else {
            return Err(DomainError::NotFound {
                kind: T::KIND,
                id: x.id().to_string(),
            });
        };
        let mut old = T::list(self)[pos].clone();
        // A caller that says which version it started from (a form opened
        // on a record) must start from the stored one.
        if !x.updated_at().is_empty() && x.updated_at() != old.updated_at() {
            return Err(DomainError::Stale {
                kind: T::KIND,
                reference: old.reference().to_string(),
                current: old.updated_at().to_string(),
            });
        }
        {
            let [_, r, created, updated] = x.ident();
            let [_, or, ocreated, oupdated] = old.ident();
            *r = or.clone();
            *created = ocreated.clone();
            *updated = oupdated.clone();
        }
        let changes = diff(&old, &x);
        let id = x.id().to_string();
        if changes.is_empty() {
            return Ok(Change {
                record_id: Some(id),
                entries: vec![],
                restore: None,
            });
        }
        let [_, r, _, updated] = x.ident();
        *updated = now;
        let r = r.clone();
        let summary = updated_summary(T::NOUN, &r, x.name(), &changes);
        T::list(self)[pos] = x;
        let e = self.log(ctx, Action::Update, T::KIND, &id, &r, summary, changes);
        Ok(Change {
            record_id: Some(id),
            entries: vec![e],
            restore: None,
        })
    }

    /// Deletes the record `id`, logging every field it had.
    fn delete_record<T: Record>(
        &mut self,
        ctx: &mut Ctx,
        id: String,
    ) -> Result<Change, DomainError> {
        let Some(pos) = T::list(self).iter().position(|o| o.id() == id) else {
            return Err(DomainError::NotFound { kind: T::KIND, id });
        };
        let mut old = T::list(self).remove(pos);
        let summary = {
            let r = old.ident()[1].clone();
            format!("Deleted {} {r} {}", T::NOUN, quoted(old.name()))
        };
        let r = old.ident()[1].clone();
        let e = self.log(
            ctx,
            Action::Delete,
            T::KIND,
            &id,
            &r,
            summary,
            all_fields(&old, false),
        );
        Ok(Change {
            record_id: Some(id),
            entries: vec![e],
            restore: Some(old.into_deleted()),
        })
    }

    /// Changes the record at `i` of `T`'s list with `edit`, stamps it and
    /// logs the update under `summary` (given the changed record).
    fn touch<T: Record>(
        &mut self,
        ctx: &Ctx,
        i: usize,
        edit: impl FnOnce(&mut T),
        summary: impl FnOnce(&T) -> String,
    ) -> AuditEntry {
        let before = T::list(self)[i].clone();
        let mut after = before.clone();
        edit(&mut after);
        after.ident()[3].clone_from(&ctx.stamp());
        let said = summary(&after);
        let [id, reference, _, _] = after.ident();
        let (id, reference) = (id.clone(), reference.clone());
        let changes = diff(&before, &after);
        T::list(self)[i] = after;
        self.log(ctx, Action::Update, T::KIND, &id, &reference, said, changes)
    }

    /// Undoes a deletion (see [`Command::Restore`]).
    fn restore(&mut self, ctx: &mut Ctx, d: Deleted) -> Result<Change, DomainError> {
        match d {
            Deleted::Issue(x) => {
                let errs = validate::issue(&x);
                self.restore_record(ctx, x, errs)
            }
            Deleted::Party(x) => {
                let errs = validate::party(&x);
                self.restore_record(ctx, x, errs)
            }
            Deleted::Risk(x) => {
                let errs = validate::risk(&x, self);
                self.restore_record(ctx, x, errs)
            }
            Deleted::Asset {
                asset,
                dependents,
                risks,
            } => {
                let errs = validate::asset(&asset, self);
                let (id, reference) = (asset.id.clone(), asset.reference.clone());
                let mut change = self.restore_record(ctx, asset, errs)?;
                // Each referring record that still exists gets the asset back
                // where it stood in its list.
                for (x, at) in dependents {
                    let Some(i) = self.assets.iter().position(|a| a.id == x) else {
                        continue;
                    };
                    if self.assets[i].depends_on.contains(&id) {
                        continue;
                    }
                    change.entries.push(self.touch::<Asset>(
                        ctx,
                        i,
                        |a| a.depends_on.insert(at.min(a.depends_on.len()), id.clone()),
                        |a| {
                            format!(
                                "Added {reference} back to the dependencies of asset {} {} (it was restored)",
                                a.reference,
                                quoted(&a.name)
                            )
                        },
                    ));
                }
                for (x, at) in risks {
                    let Some(i) = self.risks.iter().position(|r| r.id == x) else {
                        continue;
                    };
                    if self.risks[i].assets.contains(&id) {
                        continue;
                    }
                    change.entries.push(self.touch::<Risk>(
                        ctx,
                        i,
                        |r| r.assets.insert(at.min(r.assets.len()), id.clone()),
                        |r| {
                            format!(
                                "Added asset {reference} back to risk {} {} (the asset was restored)",
                                r.reference,
                                quoted(&r.title)
                            )
                        },
                    ));
                }
                Ok(change)
            }
        }
    }

    /// Puts `x` back at its place (by reference number), as it was; `errs`
    /// are its validation errors under the ISMS as it is now.
    fn restore_record<T: Record>(
        &mut self,
        ctx: &mut Ctx,
        mut x: T,
        errs: Vec<FieldError>,
    ) -> Result<Change, DomainError> {
        let [id, reference, _, _] = x.ident();
        let (id, reference) = (id.clone(), reference.clone());
        let Some(number) = ids::reference_number(T::PREFIX, &reference) else {
            return Err(DomainError::Invalid(vec![FieldError::new(
                "reference",
                format!("{reference:?} is not a reference like {}-0001", T::PREFIX),
            )]));
        };
        let taken = T::list(self).iter_mut().any(|o| {
            let [oid, oreference, _, _] = o.ident();
            *oid == id || *oreference == reference
        });
        if id.is_empty() || taken {
            return Err(DomainError::Invalid(vec![FieldError::new(
                "reference",
                format!(
                    "{} {reference} exists again, so the deleted one cannot be put back",
                    T::NOUN
                ),
            )]));
        }
        if !errs.is_empty() {
            return Err(DomainError::Invalid(errs));
        }
        x.ident()[3].clone_from(&ctx.stamp());
        let summary = format!(
            "Restored {} {reference} {} (undoing its deletion)",
            T::NOUN,
            quoted(x.name())
        );
        let changes = all_fields(&x, true);
        let list = T::list(self);
        let pos = list
            .iter_mut()
            .position(|o| {
                ids::reference_number(T::PREFIX, o.ident()[1]).is_some_and(|n| n > number)
            })
            .unwrap_or(list.len());
        list.insert(pos, x);
        let counter = self.counters.entry(T::PREFIX.to_string()).or_insert(0);
        *counter = (*counter).max(number);
        let e = self.log(
            ctx,
            Action::Create,
            T::KIND,
            &id,
            &reference,
            summary,
            changes,
        );
        Ok(Change {
            record_id: Some(id),
            entries: vec![e],
            restore: None,
        })
    }

    /// Every score of every risk, as (`R-0001 inherent`, likelihood, impact).
    pub fn risk_scores(&self) -> Vec<(String, u8, u8)> {
        let mut out = Vec::with_capacity(self.risks.len() * 3);
        for r in &self.risks {
            out.push((
                format!("{} inherent", r.reference),
                r.inherent.likelihood,
                r.inherent.impact,
            ));
            out.push((
                format!("{} residual", r.reference),
                r.residual.likelihood,
                r.residual.impact,
            ));
            if let Some(t) = &r.target {
                out.push((format!("{} target", r.reference), t.likelihood, t.impact));
            }
        }
        out
    }

    fn set_risk_method(
        &mut self,
        ctx: &mut Ctx,
        method: super::risk::RiskMethod,
        confirmed: bool,
    ) -> Result<Change, DomainError> {
        let errs = super::risk::validate(&method);
        if !errs.is_empty() {
            return Err(DomainError::Invalid(errs));
        }
        // Every stored risk must still be valid under the new method: a
        // score outside a new scale is reported, never clamped.
        let mut errs = Vec::new();
        for r in &self.risks {
            let found = validate::risk_among(r, &method, &|_| true);
            errs.extend(
                found
                    .into_iter()
                    .map(|e| FieldError::new(format!("{} {}", r.reference, e.path), e.message)),
            );
        }
        if !errs.is_empty() {
            return Err(DomainError::Invalid(errs));
        }
        let lines: Vec<String> =
            super::risk::impact_of_change(&self.risk_method, &method, &self.risk_scores())
                .iter()
                .map(|c| c.describe(&self.risk_method, &method))
                .collect();
        if !lines.is_empty() && !confirmed {
            return Err(DomainError::Unconfirmed(lines));
        }
        // The entry holds each change cell by cell and field by field; the
        // summary names the parts of the method they are in.
        let (parts, mut changes) = method_changes(&self.risk_method, &method);
        if changes.is_empty() {
            return Ok(Change::default());
        }
        if !lines.is_empty() {
            changes.push(FieldChange {
                field: "risk levels".into(),
                before: serde_json::Value::Null,
                after: serde_json::Value::Array(
                    lines
                        .iter()
                        .cloned()
                        .map(serde_json::Value::String)
                        .collect(),
                ),
            });
        }
        let mut fields: Vec<&str> = parts.iter().map(String::as_str).collect();
        if !lines.is_empty() {
            fields.push("risk levels");
        }
        let summary = format!(
            "Changed the risk method: {}{}",
            fields.join(", "),
            match lines.len() {
                0 => String::new(),
                1 => " (1 risk level changes)".to_string(),
                n => format!(" ({n} risk levels change)"),
            }
        );
        self.risk_method = method;
        Ok(self.log_singleton(ctx, RecordKind::RiskMethod, summary, changes))
    }
}

/// A step of a path into a JSON value.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The differences between two JSON values, as deep as both have the same
/// shape (objects, or arrays of one length); where the shapes differ, the
/// whole values at that place.
fn deep_diff<'a>(
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
            super::query::sort_by(&mut keys, &|x, y| x.cmp(y));
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

/// A change of the risk method, named as its page names things ("grid:
/// likelihood 4 × impact 4", "risk level 2: review interval (months)"), a
/// level number shown with its name ("High (level 3)"); and the parts of the
/// method changed (`grid`, `levels`), in key order.
fn method_changes(
    old: &super::risk::RiskMethod,
    new: &super::risk::RiskMethod,
) -> (Vec<String>, Vec<FieldChange>) {
    use serde_json::Value;
    let (Some(b), Some(a)) = (to_value(old), to_value(new)) else {
        return (Vec::new(), Vec::new());
    };
    let name = |path: &[Step]| -> String {
        let field = |f: &str| match f {
            "review_months" => "review interval (months)".to_string(),
            other => other.replace('_', " "),
        };
        match path {
            [Step::Key(axis), Step::Key("levels"), Step::Index(i), Step::Key(f)] => {
                format!("{axis} level {}: {}", i + 1, field(f))
            }
            [Step::Key("levels"), Step::Index(i), Step::Key(f)] => {
                format!("risk level {}: {}", i + 1, field(f))
            }
            [Step::Key("grid"), Step::Index(l), Step::Index(i)] => {
                format!("grid: likelihood {} \u{00d7} impact {}", l + 1, i + 1)
            }
            [Step::Key("bands"), Step::Index(k), Step::Key(f)] => {
                format!("band {}: {}", k + 1, field(f))
            }
            _ => path
                .iter()
                .map(|s| match s {
                    Step::Key(k) => (*k).to_string(),
                    Step::Index(i) => (i + 1).to_string(),
                })
                .collect::<Vec<_>>()
                .join(" "),
        }
    };
    let mut found = Vec::new();
    deep_diff(&mut Vec::new(), &b, &a, &mut found, &name);
    // A level number, with the name it has in its method.
    let level = |v: Value, m: &super::risk::RiskMethod| match v.as_u64() {
        Some(n) => match m.levels.get((n as usize).wrapping_sub(1)) {
            Some(l) => Value::String(format!("{} (level {n})", l.name)),
            None => v,
        },
        None => v,
    };
    let mut parts: Vec<String> = found.iter().map(|f| f.0.clone()).collect();
    parts.dedup();
    let changes = found
        .into_iter()
        .map(|(_, field, before, after)| {
            let is_level =
                field == "appetite" || field.starts_with("grid: ") || field.ends_with(": level");
            let (before, after) = if is_level {
                (level(before, old), level(after, new))
            } else {
                (before, after)
            };
            FieldChange {
                field,
                before,
                after,
            }
        })
        .collect();
    (parts, changes)
}

fn updated_summary(kind: &str, reference: &str, name: &str, changes: &[FieldChange]) -> String {
    let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
    format!(
        "Updated {kind} {reference} {}: {}",
        quoted(name),
        fields.join(", ")
    )
}
