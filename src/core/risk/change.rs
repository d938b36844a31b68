//! A change of the risk method: what it does to the register (which risks
//! change level), and how it is logged, cell by cell.

use super::method::*;
use crate::core::kernel::check::FieldError;
use crate::core::kernel::command::{Change, Ctx, DomainError};
use crate::core::kernel::diff::{deep_diff, to_value, Step};
use crate::core::kernel::record::RecordKind;
use crate::core::*;
use serde::Serialize;

/// What a risk's level becomes under a new method.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NewLevel {
    /// The level number under the new method.
    Level { level: usize },
    /// The risk's scores are outside the new scales: it must be rescored.
    /// Nothing is clamped.
    OutsideScale { likelihood: bool, impact: bool },
    /// On the new scales, but the new method gives no level (it does not
    /// pass [`validate`]).
    NoLevel,
}

/// A risk whose level a change of method would change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LevelChange {
    /// The risk's reference (`R-001`).
    pub risk: String,
    pub likelihood: u8,
    pub impact: u8,
    /// The level under the old method (`None` when it gave none).
    pub before: Option<usize>,
    pub after: NewLevel,
}

impl LevelChange {
    /// One line for people and for the audit log:
    /// "R-001 (likelihood 4 × impact 4): High (level 3) → Very high (level 4)".
    pub fn describe(&self, old: &RiskMethod, new: &RiskMethod) -> String {
        let head = format!(
            "{} (likelihood {} × impact {})",
            self.risk, self.likelihood, self.impact
        );
        let was = match self.before {
            Some(k) => old.level_name(k),
            None => "no level".to_string(),
        };
        match &self.after {
            NewLevel::Level { level } => format!("{head}: {was} → {}", new.level_name(*level)),
            NewLevel::OutsideScale { likelihood, impact } => {
                let mut outside = Vec::new();
                if *likelihood {
                    outside.push(format!(
                        "likelihood {} is outside the new scale (1 to {})",
                        self.likelihood,
                        new.likelihood.len()
                    ));
                }
                if *impact {
                    outside.push(format!(
                        "impact {} is outside the new scale (1 to {})",
                        self.impact,
                        new.impact.len()
                    ));
                }
                format!(
                    "{head}: was {was}; {}: it must be rescored",
                    outside.join(" and ")
                )
            }
            NewLevel::NoLevel => format!("{head}: was {was}; the new method gives no level"),
        }
    }
}

/// Which of `risks` (reference, likelihood, impact) a change from `old` to
/// `new` would affect, in the order given: those whose level number or
/// level name changes, and those whose scores fall outside the new scales
/// (reported, never clamped, so that people rescore them). Risks whose
/// level stays the same are left out.
pub fn impact_of_change(
    old: &RiskMethod,
    new: &RiskMethod,
    risks: &[(String, u8, u8)],
) -> Vec<LevelChange> {
    let mut out = Vec::new();
    for (risk, l, i) in risks {
        let before = old.level(*l, *i).ok();
        let (lo, io) = (!new.likelihood.contains(*l), !new.impact.contains(*i));
        let after = if lo || io {
            NewLevel::OutsideScale {
                likelihood: lo,
                impact: io,
            }
        } else {
            match new.level(*l, *i) {
                Ok(level) => {
                    let same_name = match (
                        before.and_then(|k| old.risk_level(k)),
                        new.risk_level(level),
                    ) {
                        (Some(a), Some(b)) => a.name == b.name,
                        _ => false,
                    };
                    if before == Some(level) && same_name {
                        continue;
                    }
                    NewLevel::Level { level }
                }
                Err(_) => NewLevel::NoLevel,
            }
        };
        out.push(LevelChange {
            risk: risk.clone(),
            likelihood: *l,
            impact: *i,
            before,
            after,
        });
    }
    out
}

impl Isms {
    /// Every score of every risk, as (`R-0001 inherent`, likelihood, impact).
    pub fn risk_scores(&self) -> Vec<(String, u8, u8)> {
        let mut out = Vec::with_capacity(self.risks.len() * 3);
        for r in &self.risks {
            for (which, s) in [
                ("inherent", r.inherent),
                ("current", r.current),
                ("residual", r.residual),
            ] {
                if let Some(s) = s {
                    out.push((format!("{} {which}", r.reference), s.likelihood, s.impact));
                }
            }
        }
        out
    }

    pub(crate) fn set_risk_method(
        &mut self,
        ctx: &mut Ctx,
        method: super::RiskMethod,
        confirmed: bool,
    ) -> Result<Change, DomainError> {
        let errs = super::validate(&method);
        if !errs.is_empty() {
            return Err(DomainError::Invalid(errs));
        }
        // Every stored risk must still be valid under the new method: a
        // score outside a new scale is reported, never clamped.
        let mut errs = Vec::new();
        for r in &self.risks {
            let found = super::rules::risk_among(r, &method, &|_, _| true);
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
            super::impact_of_change(&self.risk_method, &method, &self.risk_scores())
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

/// A change of the risk method, named as its page names things ("grid:
/// likelihood 4 × impact 4", "risk level 2: review interval (months)"), a
/// level number shown with its name ("High (level 3)"); and the parts of the
/// method changed (`grid`, `levels`), in key order.
fn method_changes(
    old: &super::RiskMethod,
    new: &super::RiskMethod,
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
    let level = |v: Value, m: &super::RiskMethod| match v.as_u64() {
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
