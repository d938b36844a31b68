//! Save, delete and restore (Undo of a deletion) for a record of any kind
//! of the table, with their audit entries: what [`Command::Save`],
//! [`Command::Delete`] and [`Command::Restore`] do.

use crate::core::kernel::check::FieldError;
use crate::core::kernel::command::{updated_summary, Change, Ctx, Deleted, DomainError, Unlinked};
use crate::core::kernel::diff::{all_fields, diff};
use crate::core::kernel::ids;
use crate::core::kernel::record::{
    quoted, Among, AnyRecord, Link, Record, RecordKind, WithKind, WithRecord,
};
use crate::core::*;

impl Isms {
    pub(crate) fn save_any(&mut self, ctx: &mut Ctx, x: AnyRecord) -> Result<Change, DomainError> {
        struct Save<'a, 'b, 'c>(&'a mut Isms, &'b mut Ctx<'c>);
        impl WithRecord for Save<'_, '_, '_> {
            type Out = Result<Change, DomainError>;
            fn with<T: Record>(self, mut x: T) -> Self::Out {
                x.prepare();
                let among = Among::isms(self.0);
                let mut errs = x.rules(&among);
                errs.extend(x.save_rules(&among));
                if !errs.is_empty() {
                    return Err(DomainError::Invalid(errs));
                }
                x.stamp(self.0);
                x.new_ids(self.1.new_id);
                self.0.save_record(self.1, x)
            }
        }
        x.with(Save(self, ctx))
    }

    /// Creates `x` when its id is empty, otherwise updates the record with
    /// its id; logs the change. `x` is already validated. Its reference and
    /// creation time are ignored; its `updated_at`, when not empty, says
    /// which version the change started from, and must be the stored one
    /// ([`DomainError::Stale`] otherwise).
    fn save_record<T: Record>(&mut self, ctx: &mut Ctx, mut x: T) -> Result<Change, DomainError> {
        let now = ctx.stamp();
        let noun = T::INFO.noun;
        if x.id().is_empty() {
            let reference = self.next_reference(T::INFO.prefix);
            let i = x.ident_mut();
            *i.id = (ctx.new_id)();
            *i.reference = reference;
            *i.created_at = now.clone();
            *i.updated_at = now;
            let (id, r) = (x.id().to_string(), x.reference().to_string());
            let summary = format!("Created {noun} {r} {}", quoted(x.title()));
            let changes = all_fields(&x, true);
            T::list_mut(self).push(x);
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
        let old = &T::list(self)[pos];
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
            let i = x.ident_mut();
            *i.reference = old.reference().to_string();
            *i.created_at = old.created_at().to_string();
            *i.updated_at = old.updated_at().to_string();
        }
        let changes = diff(old, &x);
        let id = x.id().to_string();
        if changes.is_empty() {
            return Ok(Change {
                record_id: Some(id),
                entries: vec![],
                restore: None,
            });
        }
        *x.ident_mut().updated_at = now;
        let r = x.reference().to_string();
        let summary = updated_summary(noun, &r, x.title(), &changes);
        T::list_mut(self)[pos] = x;
        let e = self.log(ctx, Action::Update, T::KIND, &id, &r, summary, changes);
        Ok(Change {
            record_id: Some(id),
            entries: vec![e],
            restore: None,
        })
    }

    /// The records of every kind that list the record `id` of `kind` in
    /// one of their link fields: the holder's kind, id, field and where.
    fn holders_of(&self, kind: RecordKind, id: &str) -> Vec<(Unlinked, String)> {
        struct Find<'a> {
            m: &'a Isms,
            kind: RecordKind,
            id: &'a str,
            out: Vec<(Unlinked, String)>,
        }
        impl WithKind for Find<'_> {
            type Out = ();
            fn with<T: Record>(&mut self) {
                for link in T::links().iter().filter(|l| l.to == self.kind) {
                    for x in T::list(self.m) {
                        if let Some(at) = (link.get)(x).iter().position(|d| d == self.id) {
                            let named = Link::<T>::say(link.named, "", x.reference(), x.title());
                            self.out.push((
                                Unlinked {
                                    kind: T::KIND,
                                    id: x.id().to_string(),
                                    field: link.field,
                                    at,
                                },
                                named,
                            ));
                        }
                    }
                }
            }
        }
        let mut f = Find {
            m: self,
            kind,
            id,
            out: Vec::new(),
        };
        crate::core::kernel::record::each_kind(&mut f);
        f.out
    }

    pub(crate) fn delete_any(
        &mut self,
        ctx: &mut Ctx,
        kind: RecordKind,
        id: String,
        detach: bool,
    ) -> Result<Change, DomainError> {
        struct Delete<'a, 'b, 'c> {
            m: &'a mut Isms,
            ctx: &'b mut Ctx<'c>,
            id: String,
            detach: bool,
        }
        impl WithKind for Delete<'_, '_, '_> {
            type Out = Result<Change, DomainError>;
            fn with<T: Record>(&mut self) -> Self::Out {
                self.m
                    .delete_record::<T>(self.ctx, std::mem::take(&mut self.id), self.detach)
            }
        }
        let mut d = Delete {
            m: self,
            ctx,
            id: id.clone(),
            detach,
        };
        kind.with(&mut d)
            .unwrap_or(Err(DomainError::NotFound { kind, id }))
    }

    /// Deletes the record `id`, logging every field it had; first detaches
    /// it from the records that list it (when `detach`), each logged.
    fn delete_record<T: Record>(
        &mut self,
        ctx: &mut Ctx,
        id: String,
        detach: bool,
    ) -> Result<Change, DomainError> {
        let Some(pos) = T::list(self).iter().position(|o| o.id() == id) else {
            return Err(DomainError::NotFound { kind: T::KIND, id });
        };
        if let Some(why) = T::list(self)[pos].delete_refusal(self) {
            return Err(DomainError::Refused(why));
        }
        let holders = self.holders_of(T::KIND, &id);
        if !holders.is_empty() && !detach {
            return Err(DomainError::Referenced {
                kind: T::KIND,
                id,
                by: holders.into_iter().map(|(_, named)| named).collect(),
            });
        }
        let gone = T::list(self)[pos].reference().to_string();
        let mut entries = Vec::new();
        let mut links = Vec::new();
        for (h, _) in holders {
            entries.extend(self.relink(ctx, &h, &id, &gone, false));
            links.push(h);
        }
        let old = T::list_mut(self).remove(pos);
        let summary = format!("Deleted {} {gone} {}", T::INFO.noun, quoted(old.title()));
        entries.push(self.log(
            ctx,
            Action::Delete,
            T::KIND,
            &id,
            &gone,
            summary,
            all_fields(&old, false),
        ));
        Ok(Change {
            record_id: Some(id),
            entries,
            restore: Some(Deleted {
                record: old.wrap(),
                links,
            }),
        })
    }

    /// Removes `id` from the field `h` names of the record `h.id` (`put`
    /// false), or puts it back at `h.at` (`put` true) unless it is there:
    /// the update logged; `None` when the holder is gone or unchanged.
    fn relink(
        &mut self,
        ctx: &Ctx,
        h: &Unlinked,
        id: &str,
        gone: &str,
        put: bool,
    ) -> Option<AuditEntry> {
        struct Relink<'a, 'b, 'c> {
            m: &'a mut Isms,
            ctx: &'b Ctx<'c>,
            h: &'a Unlinked,
            id: &'a str,
            gone: &'a str,
            put: bool,
        }
        impl WithKind for Relink<'_, '_, '_> {
            type Out = Option<AuditEntry>;
            fn with<T: Record>(&mut self) -> Self::Out {
                let link = T::links().iter().find(|l| l.field == self.h.field)?;
                let i = T::list(self.m).iter().position(|x| x.id() == self.h.id)?;
                let has = (link.get)(&T::list(self.m)[i]).iter().any(|d| d == self.id);
                if has == self.put {
                    return None;
                }
                let (id, at, put, gone) = (self.id, self.h.at, self.put, self.gone);
                let template = if put { link.restored } else { link.removed };
                Some(self.m.touch::<T>(
                    self.ctx,
                    i,
                    |x| {
                        let list = (link.get_mut)(x);
                        if put {
                            list.insert(at.min(list.len()), id.to_string());
                        } else {
                            list.retain(|d| d != id);
                        }
                    },
                    |x| Link::<T>::say(template, gone, x.reference(), x.title()),
                ))
            }
        }
        h.kind
            .with(&mut Relink {
                m: self,
                ctx,
                h,
                id,
                gone,
                put,
            })
            .flatten()
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
        *after.ident_mut().updated_at = ctx.stamp();
        let said = summary(&after);
        let (id, reference) = (after.id().to_string(), after.reference().to_string());
        let changes = diff(&before, &after);
        T::list_mut(self)[i] = after;
        self.log(ctx, Action::Update, T::KIND, &id, &reference, said, changes)
    }

    /// Undoes a deletion (see [`Command::Restore`]).
    pub(crate) fn restore(&mut self, ctx: &mut Ctx, d: Deleted) -> Result<Change, DomainError> {
        struct Restore<'a, 'b, 'c>(&'a mut Isms, &'b mut Ctx<'c>);
        impl WithRecord for Restore<'_, '_, '_> {
            type Out = Result<Change, DomainError>;
            fn with<T: Record>(self, x: T) -> Self::Out {
                let errs = x.rules(&Among::isms(self.0));
                self.0.restore_record(self.1, x, errs)
            }
        }
        let (id, reference) = {
            struct Ids;
            impl WithRecord for Ids {
                type Out = (String, String);
                fn with<T: Record>(self, x: T) -> Self::Out {
                    (x.id().to_string(), x.reference().to_string())
                }
            }
            d.record.clone().with(Ids)
        };
        let mut change = d.record.with(Restore(self, ctx))?;
        // Each record that listed it and still exists gets it back where
        // it stood in its list.
        for h in &d.links {
            change
                .entries
                .extend(self.relink(ctx, h, &id, &reference, true));
        }
        Ok(change)
    }

    /// Puts `x` back at its place (by reference number), as it was; `errs`
    /// are its validation errors under the ISMS as it is now.
    fn restore_record<T: Record>(
        &mut self,
        ctx: &mut Ctx,
        mut x: T,
        errs: Vec<FieldError>,
    ) -> Result<Change, DomainError> {
        let prefix = T::INFO.prefix;
        let (id, reference) = (x.id().to_string(), x.reference().to_string());
        let Some(number) = ids::reference_number(prefix, &reference) else {
            return Err(DomainError::Invalid(vec![FieldError::new(
                "reference",
                format!("{reference:?} is not a reference like {prefix}-0001"),
            )]));
        };
        let taken = T::list(self)
            .iter()
            .any(|o| o.id() == id || o.reference() == reference);
        if id.is_empty() || taken {
            return Err(DomainError::Invalid(vec![FieldError::new(
                "reference",
                format!(
                    "{} {reference} exists again, so the deleted one cannot be put back",
                    T::INFO.noun
                ),
            )]));
        }
        if !errs.is_empty() {
            return Err(DomainError::Invalid(errs));
        }
        *x.ident_mut().updated_at = ctx.stamp();
        let summary = format!(
            "Restored {} {reference} {} (undoing its deletion)",
            T::INFO.noun,
            quoted(x.title())
        );
        let changes = all_fields(&x, true);
        let list = T::list_mut(self);
        let pos = list
            .iter()
            .position(|o| ids::reference_number(prefix, o.reference()).is_some_and(|n| n > number))
            .unwrap_or(list.len());
        list.insert(pos, x);
        let counter = self.counters.entry(prefix.to_string()).or_insert(0);
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
}
