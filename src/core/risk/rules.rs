//! The rules of a risk of the register, under the ISMS's risk method.

use super::method::RiskMethod;
use super::model::*;
use crate::core::kernel::check::{Check, FieldError, MAX_LONG, MAX_SHORT};
use crate::core::kernel::dates;
use crate::core::kernel::record::{ident, Among, Link, Record, RecordKind};
use std::collections::HashSet;

fn score(c: &mut Check, path: &str, s: &Score, m: &RiskMethod) {
    for (key, value, scale, name) in [
        ("likelihood", s.likelihood, &m.likelihood, "likelihood"),
        ("impact", s.impact, &m.impact, "impact"),
    ] {
        if value == 0 {
            // One of the pair chosen, not the other (the editor's "Not
            // scored"): said of the score, beside both.
            c.err(path, format!("choose the {name} of the {path} risk too"));
        } else if !scale.contains(value) {
            c.err(
                format!("{path}.{key}"),
                format!("{value} is outside the {name} scale (1 to {})", scale.len()),
            );
        }
    }
}

/// A risk's fields, with the method its scores are on and `exists`
/// telling which asset and control ids exist.
pub fn risk_among(
    r: &Risk,
    m: &RiskMethod,
    exists: &dyn Fn(RecordKind, &str) -> bool,
) -> Vec<FieldError> {
    let mut c = Check::default();
    c.required("title", &r.title, MAX_SHORT);
    c.required("owner", &r.owner, MAX_SHORT);
    c.length("description", &r.description, MAX_LONG);
    c.length("threat", &r.threat, MAX_SHORT);
    c.length("vulnerability", &r.vulnerability, MAX_SHORT);
    c.length("existing_controls", &r.existing_controls, MAX_LONG);
    c.list_len("assets", &r.assets);
    let mut seen = HashSet::new();
    for (i, a) in r.assets.iter().enumerate() {
        let at = format!("assets[{i}]");
        if !exists(RecordKind::Asset, a) {
            c.err(at, format!("no asset has the id {a}"));
        } else if !seen.insert(a.as_str()) {
            c.err(at, "is listed twice");
        }
    }
    c.list_len("controls", &r.controls);
    for (i, k) in r.controls.iter().enumerate() {
        let at = format!("controls[{i}]");
        if !exists(RecordKind::Control, k) {
            c.err(at, format!("no control has the id {k}"));
        } else if !seen.insert(k.as_str()) {
            c.err(at, "is listed twice");
        }
    }
    for (path, s) in [
        ("inherent", &r.inherent),
        ("current", &r.current),
        ("residual", &r.residual),
    ] {
        if let Some(s) = s {
            score(&mut c, path, s, m);
        }
    }
    // Not assessed until scored: the current risk is scored after the
    // inherent one, the residual after the current one.
    if r.current.is_some() && r.inherent.is_none() {
        c.err(
            "inherent",
            "score the inherent risk (before any control) too",
        );
    }
    if r.residual.is_some() && r.current.is_none() {
        c.err(
            "current",
            "score the current risk (with the existing controls) before the residual one",
        );
    }
    if !r.is_assessed() {
        let status = match r.status {
            RiskStatus::Identified | RiskStatus::Closed => None,
            s => Some(s.label()),
        };
        if let Some(s) = status {
            c.err(
                "status",
                format!("cannot be {s} until the risk is scored: choose the likelihood and impact of its inherent and current risk first"),
            );
        }
        if r.acceptance.is_some() {
            c.err(
                "acceptance",
                "a risk that is not assessed cannot be accepted: score it first",
            );
        }
    }
    c.length("closed_reason", &r.closed_reason, MAX_LONG);
    if let Some(p) = &r.plan_approval {
        c.required("plan_approval.approved_by", &p.approved_by, MAX_SHORT);
        c.date("plan_approval.date", &p.date, false);
        if r.treatment == Treatment::Undecided {
            c.err(
                "plan_approval",
                "there is no plan to approve until a treatment is decided",
            );
        }
    }
    if r.treatment != Treatment::Undecided {
        c.required("treatment_rationale", &r.treatment_rationale, MAX_LONG);
    } else {
        c.length("treatment_rationale", &r.treatment_rationale, MAX_LONG);
    }
    c.list_len("actions", &r.actions);
    let mut ids = HashSet::new();
    for (i, a) in r.actions.iter().enumerate() {
        let at = format!("actions[{i}]");
        c.required(&format!("{at}.title"), &a.title, MAX_SHORT);
        c.required(&format!("{at}.owner"), &a.owner, MAX_SHORT);
        c.date(&format!("{at}.due"), &a.due, true);
        if !a.control.is_empty() && !exists(RecordKind::Control, &a.control) {
            c.err(
                format!("{at}.control"),
                format!("no control has the id {}", a.control),
            );
        }
        if !a.id.is_empty() && !ids.insert(a.id.as_str()) {
            c.err(format!("{at}.id"), format!("duplicate id {}", a.id));
        }
    }
    if let Some(a) = &r.acceptance {
        c.required("acceptance.accepted_by", &a.accepted_by, MAX_SHORT);
        c.date("acceptance.date", &a.date, false);
        c.required("acceptance.rationale", &a.rationale, MAX_LONG);
        c.date("acceptance.expires", &a.expires, true);
        if dates::is_date(&a.expires) && dates::is_date(&a.date) && a.expires <= a.date {
            c.err("acceptance.expires", "must be after the acceptance date");
        }
    }
    if r.status == RiskStatus::Accepted && r.acceptance.is_none() {
        c.err(
            "status",
            "a risk marked accepted needs an acceptance record (who accepted it, when and why)",
        );
    }
    // Retaining a risk above the appetite needs a recorded exception (6.1.3 f).
    if r.treatment == Treatment::Retain {
        if let Some(level) = r.current.and_then(|s| m.level(s.likelihood, s.impact).ok()) {
            let excepted = r.acceptance.as_ref().is_some_and(|a| a.exception);
            if !m.within_appetite(level) && !excepted {
                let name = |k: usize| {
                    m.risk_level(k)
                        .map_or(format!("level {k}"), |l| format!("{} (level {k})", l.name))
                };
                c.err(
                    "acceptance",
                    format!(
                        "the current level {} is above the risk appetite ({}): retaining it needs an acceptance recorded as an exception{}",
                        name(level),
                        name(m.appetite),
                        if m.acceptance_authority.trim().is_empty() {
                            String::new()
                        } else {
                            format!(" by: {}", m.acceptance_authority.trim())
                        }
                    ),
                );
            }
        }
    }
    c.date("last_review", &r.last_review, true);
    c.errors
}

/// A status that contradicts the treatment plan: accepted while the plan
/// that modifies the risk still has open actions, or closed with open
/// actions. Refused on a change ([`Record::save_rules`]); a register written
/// before this rule still loads.
pub fn contradictions(r: &Risk) -> Vec<FieldError> {
    let mut out = Vec::new();
    // Closed instead of deleted: with the reason (a risk closed before
    // schema 4 had none to give).
    if r.status == RiskStatus::Closed && r.closed_reason.trim().is_empty() {
        out.push(FieldError::new(
            "closed_reason",
            "give the reason the risk is closed (deleting is for mistakes)",
        ));
    }
    let open = r.actions.iter().filter(|a| !a.status.is_closed()).count();
    if open == 0 {
        return out;
    }
    let (actions, are, them) = if open == 1 {
        ("1 action of its plan".to_string(), "is", "it")
    } else {
        (format!("{open} actions of its plan"), "are", "them")
    };
    let message = match (r.status, r.treatment) {
        (RiskStatus::Accepted, Treatment::Modify) => format!(
            "cannot be Accepted while its treatment modifies it and {actions} {are} still open: mark {them} done or cancelled first, or keep the status In treatment"
        ),
        (RiskStatus::Closed, _) => format!(
            "cannot be Closed while {actions} {are} still open: mark {them} done or cancelled first"
        ),
        _ => return out,
    };
    out.insert(0, FieldError::new("status", message));
    out
}

/// The SHA-256 of a risk's treatment plan as its owner approves it: the
/// decision, its rationale, the residual score and each action's title,
/// owner, due date and control (not how far the actions have got).
pub fn plan_sha256(r: &Risk) -> String {
    // Not the risk's id: a new risk is stamped before it gets one.
    let mut values = vec![
        r.treatment.key().to_string(),
        r.treatment_rationale.clone(),
        r.residual
            .map_or(String::new(), |s| format!("{}x{}", s.likelihood, s.impact)),
    ];
    for a in &r.actions {
        values.push(format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}",
            a.title, a.owner, a.due, a.control
        ));
    }
    crate::core::approvals::snapshot::sha256_json(&values)
}

/// The SHA-256 of a risk method: its approval snapshot's.
pub fn method_sha256(m: &RiskMethod) -> String {
    use crate::core::approvals::snapshot;
    snapshot::sha256(&snapshot::of_method(m))
}

impl Record for Risk {
    ident!(title);
    fn save_rules(&self, _among: &Among) -> Vec<FieldError> {
        contradictions(self)
    }
    fn rules(&self, among: &Among) -> Vec<FieldError> {
        risk_among(self, &among.isms.risk_method, &|kind, id| {
            among.exists(kind, id)
        })
    }
    /// An acceptance recorded now (new, or given again: another person or
    /// date) keeps the residual level it accepted and the method it was
    /// given under (6.1.3 f), so that a later re-scoring above that level,
    /// or a change of method, asks for it again. Otherwise the stored
    /// acceptance keeps what it recorded.
    ///
    /// A plan approval recorded now (new, given again by another person or
    /// on another date, or with its hash cleared: "approve the plan as it
    /// is now") keeps the SHA-256 of the plan approved ([`plan_sha256`]),
    /// so that a later change of the plan asks for it again; one given
    /// before keeps what it recorded.
    fn stamp(&mut self, m: &crate::core::Isms) {
        let before = m.risk(&self.id);
        let plan = plan_sha256(self);
        if let Some(p) = self.plan_approval.as_mut() {
            let kept = before
                .and_then(|r| r.plan_approval.as_ref())
                .filter(|b| b.approved_by == p.approved_by && b.date == p.date)
                .filter(|_| !p.plan_sha256.is_empty());
            p.plan_sha256 = match kept {
                Some(b) => b.plan_sha256.clone(),
                None => plan,
            };
        }
        let residual = self.residual_or_current();
        let Some(a) = self.acceptance.as_mut() else {
            return;
        };
        let before = before
            .and_then(|r| r.acceptance.as_ref())
            .filter(|b| b.accepted_by == a.accepted_by && b.date == a.date);
        match before {
            Some(b) => {
                a.level = b.level;
                a.method_sha256 = b.method_sha256.clone();
            }
            None => {
                a.level = residual
                    .and_then(|s| crate::core::risk::register::level_of(&m.risk_method, &s))
                    .map_or(0, |k| k as u32);
                a.method_sha256 = method_sha256(&m.risk_method);
            }
        }
    }
    fn new_ids(&mut self, new_id: &mut dyn FnMut() -> String) {
        for a in self.actions.iter_mut().filter(|a| a.id.is_empty()) {
            a.id = new_id();
        }
    }
    fn nested_ids(&self) -> Vec<(String, &str)> {
        let at = |j| format!("actions[{j}]");
        self.actions
            .iter()
            .enumerate()
            .map(|(j, a)| (at(j), a.id.as_str()))
            .collect()
    }
    fn links() -> &'static [Link<Self>] {
        &[
            Link {
                field: "assets",
                to: RecordKind::Asset,
                get: |r| &r.assets,
                get_mut: |r| &mut r.assets,
                named: "risk {ref} {title}",
                removed: "Removed asset {gone} from risk {ref} {title} (the asset was deleted)",
                restored: "Added asset {gone} back to risk {ref} {title} (the asset was restored)",
            },
            Link {
                field: "controls",
                to: RecordKind::Control,
                get: |r| &r.controls,
                get_mut: |r| &mut r.controls,
                named: "risk {ref} {title}",
                removed: "Removed control {gone} from risk {ref} {title} (the control was deleted)",
                restored:
                    "Added control {gone} back to risk {ref} {title} (the control was restored)",
            },
        ]
    }
}

/// A risk's editable fields, under the ISMS's risk method; affected assets
/// must be assets of `isms`.
pub fn risk(r: &Risk, isms: &crate::core::Isms) -> Vec<FieldError> {
    r.rules(&Among::isms(isms))
}
