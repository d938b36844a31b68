//! Other frameworks beside Annex A: control catalogues imported from OSCAL
//! ([`super::oscal`]), kept in the ISMS and its file, and their controls
//! mapped to controls of the register. One door for each change (import,
//! remove, map), each logged; the whole-ISMS rules for what a file holds.

use super::oscal::{Framework, Mapping, MAX_CONTROLS};
use crate::core::audit::Action;
use crate::core::kernel::check::Check;
use crate::core::kernel::command::{Change, Ctx, DomainError};
use crate::core::kernel::record::quoted;
use crate::core::{FieldChange, Isms, RecordKind};
use serde_json::Value;
use std::collections::HashSet;

/// The most frameworks one ISMS holds.
pub const MAX_FRAMEWORKS: usize = 20;

/// "NIST SP 800-53 Rev 5 LOW (version 5.1.1)".
pub fn name(f: &Framework) -> String {
    if f.version.is_empty() {
        quoted(&f.title)
    } else {
        format!("{} (version {})", quoted(&f.title), f.version)
    }
}

/// "18 groups, 131 controls, 18 enhancements".
pub fn describe(f: &Framework) -> String {
    let n = f.counts();
    let plural =
        |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
    format!(
        "{}, {}, {}",
        plural(n.groups, "group", "groups"),
        plural(n.controls, "control", "controls"),
        plural(n.enhancements, "enhancement", "enhancements")
    )
}

/// A framework control mapped to a control of the register.
#[derive(Clone, Debug, PartialEq)]
pub struct MappedFrom<'a> {
    pub framework: &'a Framework,
    pub control: &'a super::oscal::Control,
}

/// The framework controls mapped to the register's control `id`.
pub fn mapped_to<'a>(m: &'a Isms, id: &str) -> Vec<MappedFrom<'a>> {
    let mut out = Vec::new();
    for f in &m.frameworks {
        let all = f.all_controls();
        for map in f.mappings.iter().filter(|x| x.to.iter().any(|t| t == id)) {
            if let Some(c) = all.iter().find(|c| c.id == map.control) {
                out.push(MappedFrom {
                    framework: f,
                    control: c,
                });
            }
        }
    }
    out
}

/// The register's controls a framework control is mapped to (their ids).
pub fn mapping<'a>(f: &'a Framework, control: &str) -> &'a [String] {
    f.mappings
        .iter()
        .find(|x| x.control == control)
        .map_or(&[], |x| x.to.as_slice())
}

fn changed(field: &str, before: Value, after: Value) -> Vec<FieldChange> {
    vec![FieldChange {
        field: field.into(),
        before,
        after,
    }]
}

impl Isms {
    /// Imports a framework read from OSCAL. One with the same UUID is
    /// replaced (a newer version of the catalogue): its mappings are kept
    /// for the controls still in it, and the log says how many were not.
    pub(crate) fn import_framework(
        &mut self,
        ctx: &Ctx,
        mut f: Framework,
    ) -> Result<Change, DomainError> {
        let at = self.frameworks.iter().position(|x| x.uuid == f.uuid);
        if at.is_none() && self.frameworks.len() >= MAX_FRAMEWORKS {
            return Err(DomainError::Refused(format!(
                "This ISMS holds {MAX_FRAMEWORKS} frameworks already, the most it may: remove one first."
            )));
        }
        let mut summary = format!("Imported the framework {}: {}", name(&f), describe(&f));
        match at {
            Some(k) => {
                let old = self.frameworks.remove(k);
                let ids: HashSet<&str> = f.all_controls().iter().map(|c| c.id.as_str()).collect();
                let (kept, dropped): (Vec<Mapping>, Vec<Mapping>) = old
                    .mappings
                    .into_iter()
                    .partition(|x| ids.contains(x.control.as_str()));
                f.mappings = kept;
                summary = format!(
                    "Imported the framework {} again, replacing version {:?}: {}; {} mapping{} kept{}",
                    name(&f),
                    old.version,
                    describe(&f),
                    f.mappings.len(),
                    if f.mappings.len() == 1 { "" } else { "s" },
                    if dropped.is_empty() {
                        String::new()
                    } else {
                        format!(
                            ", {} dropped (controls no longer in it: {})",
                            dropped.len(),
                            dropped
                                .iter()
                                .map(|x| x.control.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }
                );
                self.frameworks.insert(k, f);
            }
            None => self.frameworks.push(f),
        }
        let uuid = self.frameworks[at.unwrap_or(self.frameworks.len() - 1)]
            .uuid
            .clone();
        let e = self.log(
            ctx,
            Action::Import,
            RecordKind::Framework,
            &uuid,
            "",
            summary,
            Vec::new(),
        );
        Ok(Change::logged(e))
    }

    /// Removes a framework and its mappings.
    pub(crate) fn remove_framework(
        &mut self,
        ctx: &Ctx,
        uuid: &str,
    ) -> Result<Change, DomainError> {
        let Some(k) = self.frameworks.iter().position(|x| x.uuid == uuid) else {
            return Err(DomainError::NotFound {
                kind: RecordKind::Framework,
                id: uuid.into(),
            });
        };
        let f = self.frameworks.remove(k);
        let summary = format!(
            "Removed the framework {} and its {} mapping{}",
            name(&f),
            f.mappings.len(),
            if f.mappings.len() == 1 { "" } else { "s" }
        );
        let e = self.log(
            ctx,
            Action::Delete,
            RecordKind::Framework,
            uuid,
            "",
            summary,
            Vec::new(),
        );
        Ok(Change::logged(e))
    }

    /// Maps a framework's control to controls of the register (`to`, their
    /// ids; empty: no mapping).
    pub(crate) fn map_control(
        &mut self,
        ctx: &Ctx,
        framework: &str,
        control: &str,
        to: Vec<String>,
    ) -> Result<Change, DomainError> {
        let Some(k) = self.frameworks.iter().position(|x| x.uuid == framework) else {
            return Err(DomainError::NotFound {
                kind: RecordKind::Framework,
                id: framework.into(),
            });
        };
        let f = &self.frameworks[k];
        let Some(c) = f.all_controls().into_iter().find(|c| c.id == control) else {
            return Err(DomainError::Refused(format!(
                "The framework {} has no control {control}.",
                name(f)
            )));
        };
        let label = c.label.clone();
        let mut errors = Vec::new();
        let mut seen = HashSet::new();
        for (i, id) in to.iter().enumerate() {
            if !self.controls.iter().any(|x| &x.id == id) {
                errors.push(crate::core::FieldError::new(
                    format!("to[{i}]"),
                    format!("no control has the id {id}"),
                ));
            } else if !seen.insert(id) {
                errors.push(crate::core::FieldError::new(
                    format!("to[{i}]"),
                    "is listed twice",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(DomainError::Invalid(errors));
        }
        let before = mapping(f, control).to_vec();
        if before == to {
            return Ok(Change::default());
        }
        let refs = |ids: &[String]| -> Vec<String> {
            ids.iter()
                .filter_map(|id| self.controls.iter().find(|x| &x.id == id))
                .map(|x| x.reference.clone())
                .collect()
        };
        let (was, now) = (refs(&before), refs(&to));
        let summary = if now.is_empty() {
            format!("Removed the mapping of {label} ({})", f.title)
        } else {
            format!("Mapped {label} ({}) to {}", f.title, now.join(", "))
        };
        let changes = changed("mapping", Value::from(was), Value::from(now));
        let f = &mut self.frameworks[k];
        f.mappings.retain(|x| x.control != control);
        if !to.is_empty() {
            f.mappings.push(Mapping {
                control: control.into(),
                to,
            });
        }
        let e = self.log(
            ctx,
            Action::Update,
            RecordKind::Framework,
            framework,
            &label,
            summary,
            changes,
        );
        Ok(Change::logged(e))
    }
}

/// Why the register's control `id` may not be deleted: framework controls
/// are mapped to it.
pub fn mapped_refusal(m: &Isms, id: &str, reference: &str) -> Option<String> {
    let from: Vec<String> = mapped_to(m, id)
        .into_iter()
        .map(|x| format!("{} ({})", x.control.label, x.framework.title))
        .collect();
    (!from.is_empty()).then(|| {
        format!(
            "{reference} is mapped from {}: remove those mappings first.",
            from.join(", ")
        )
    })
}

/// The whole-ISMS rules for the frameworks a file holds: each read as its
/// catalogue was (unique UUIDs, ids unique in it, at most
/// [`MAX_CONTROLS`] controls), mappings of its own controls to controls of
/// the register.
pub(crate) fn check(m: &Isms, c: &mut Check) {
    if m.frameworks.len() > MAX_FRAMEWORKS {
        c.err(
            "frameworks",
            format!(
                "holds {} frameworks; at most {MAX_FRAMEWORKS}",
                m.frameworks.len()
            ),
        );
    }
    let mut uuids = HashSet::new();
    let register: HashSet<&str> = m.controls.iter().map(|x| x.id.as_str()).collect();
    for (i, f) in m.frameworks.iter().enumerate() {
        let at = format!("frameworks[{i}]");
        if f.uuid.trim().is_empty() || !uuids.insert(f.uuid.as_str()) {
            c.err(format!("{at}.uuid"), "is empty or used twice");
        }
        c.required(
            &format!("{at}.title"),
            &f.title,
            crate::core::kernel::check::MAX_SHORT,
        );
        let all = f.all_controls();
        if all.len() > MAX_CONTROLS {
            c.err(at.clone(), format!("has more than {MAX_CONTROLS} controls"));
        }
        let mut ids = HashSet::new();
        for x in &all {
            if x.id.is_empty() || !ids.insert(x.id.as_str()) {
                c.err(
                    at.clone(),
                    format!("the control id {:?} is empty or used twice", x.id),
                );
            }
        }
        let mut mapped = HashSet::new();
        for (j, x) in f.mappings.iter().enumerate() {
            let mat = format!("{at}.mappings[{j}]");
            if !ids.contains(x.control.as_str()) || !mapped.insert(x.control.as_str()) {
                c.err(
                    format!("{mat}.control"),
                    format!(
                        "{} is not a control of this framework, or is mapped twice",
                        x.control
                    ),
                );
            }
            for (k, id) in x.to.iter().enumerate() {
                if !register.contains(id.as_str()) {
                    c.err(
                        format!("{mat}.to[{k}]"),
                        format!("no control has the id {id}"),
                    );
                }
            }
        }
    }
}
