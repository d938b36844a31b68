//! Approved versions: one mechanism for every document the ISMS approves
//! (the Statement of Applicability, the risk method, the scope statement,
//! the risk treatment plan).
//!
//! Approving stores a numbered, read-only snapshot of the document as it is
//! ([`snapshot::of`]): who approved it, their role, the date, a note, the
//! document's id and classification marking, and the SHA-256 of the
//! snapshot's canonical content. Versions are never edited or deleted: a
//! mistake is put right by approving the next version. Any two versions, or
//! a version and the document today, compare item by item
//! ([`snapshot::compare`]). Versions travel in the file; a file whose
//! version does not match its hash, or whose versions are not numbered 1, 2,
//! 3... per document, is refused.
//!
//! Pure: the date and the actor come in through the command.

pub mod snapshot;

use crate::core::kernel::check::{Check, MAX_LONG, MAX_SHORT};
use crate::core::kernel::choice::choice_enum;
use crate::core::kernel::command::{Change, Ctx, DomainError};
use crate::core::kernel::record::RecordKind;
use crate::core::{Action, FieldError, Isms};
use serde::Serialize;
pub use snapshot::{DiffRow, Snapshot, SnapshotItem};

choice_enum!(
    /// A document that is approved in versions.
    Subject {
        Soa => "soa", "Statement of Applicability",
        RiskMethod => "risk_method", "Risk assessment method",
        Scope => "scope", "ISMS scope",
        TreatmentPlan => "treatment_plan", "Risk treatment plan",
    }
);

impl Subject {
    /// What the audit log files an approval of it under.
    pub fn kind(self) -> RecordKind {
        match self {
            Subject::Soa => RecordKind::Soa,
            Subject::RiskMethod => RecordKind::RiskMethod,
            Subject::Scope => RecordKind::Scope,
            Subject::TreatmentPlan => RecordKind::TreatmentPlan,
        }
    }
    /// The document id offered for its first version.
    pub fn default_document_id(self) -> &'static str {
        match self {
            Subject::Soa => "ISMS-SOA",
            Subject::RiskMethod => "ISMS-RAM",
            Subject::Scope => "ISMS-SCOPE",
            Subject::TreatmentPlan => "ISMS-RTP",
        }
    }
}

/// The classification marking offered for a first version.
pub const DEFAULT_CLASSIFICATION: &str = "Internal";

/// One approved version of a document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Approval {
    pub subject: Subject,
    /// 1, 2, 3... per subject, in the order approved.
    pub version: u32,
    /// The document's id as it is cited ("ISMS-SOA").
    pub document_id: String,
    /// The classification marking printed on it ("Internal").
    pub classification: String,
    pub approved_by: String,
    pub role: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub note: String,
    /// Who recorded the approval, and when (RFC 3339 UTC).
    pub recorded_by: String,
    pub recorded_at: String,
    /// SHA-256 of the snapshot's canonical content, lower-case hex.
    pub sha256: String,
    pub snapshot: Snapshot,
}

/// What the person approving says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Approve {
    pub document_id: String,
    pub classification: String,
    pub approved_by: String,
    pub role: String,
    pub date: String,
    pub note: String,
}

/// The approved versions of `subject`, oldest first.
pub fn versions(m: &Isms, subject: Subject) -> impl Iterator<Item = &Approval> {
    m.approvals.iter().filter(move |a| a.subject == subject)
}

/// The latest approved version of `subject`.
pub fn latest(m: &Isms, subject: Subject) -> Option<&Approval> {
    versions(m, subject).last()
}

/// Where the document stands against its latest version.
#[derive(Clone, Debug, PartialEq)]
pub enum Standing {
    /// Never approved.
    Draft,
    /// The document is what version `n` approved.
    Approved(u32),
    /// The document changed in `changes` items since version `n`.
    Changed { version: u32, changes: usize },
}

/// Whether `subject` today is its latest approved version.
pub fn standing(m: &Isms, subject: Subject) -> Standing {
    let Some(last) = latest(m, subject) else {
        return Standing::Draft;
    };
    let now = snapshot::of(m, subject);
    if snapshot::sha256(&now) == last.sha256 {
        Standing::Approved(last.version)
    } else {
        Standing::Changed {
            version: last.version,
            changes: snapshot::compare(&last.snapshot, &now).len(),
        }
    }
}

/// The field errors of an approval as asked for.
fn rules(a: &Approve) -> Vec<FieldError> {
    let mut c = Check::default();
    for (key, v) in [
        ("document_id", &a.document_id),
        ("approved_by", &a.approved_by),
        ("role", &a.role),
    ] {
        c.required(key, v, MAX_SHORT);
    }
    c.length("classification", &a.classification, MAX_SHORT);
    c.length("note", &a.note, MAX_LONG);
    c.date("date", a.date.trim(), false);
    c.errors
}

impl Isms {
    /// Approves the next version of `subject` as it is now.
    pub(crate) fn approve(
        &mut self,
        ctx: &Ctx,
        subject: Subject,
        a: Approve,
    ) -> Result<Change, DomainError> {
        let mut errs = rules(&a);
        // An approval is dated between the last version's and today (a day
        // of slack: today where the user is may be tomorrow in UTC).
        let date = a.date.trim();
        if errs.is_empty() {
            let latest_day = crate::core::kernel::dates::day(ctx.now + chrono::Duration::days(1));
            if date > latest_day.as_str() {
                errs.push(FieldError::new(
                    "date",
                    "is in the future: an approval is recorded once it is given",
                ));
            } else if let Some(l) = latest(self, subject).filter(|l| date < l.date.as_str()) {
                errs.push(FieldError::new(
                    "date",
                    format!(
                        "is before version {}'s ({}): versions are approved in order",
                        l.version, l.date
                    ),
                ));
            }
        }
        if !errs.is_empty() {
            return Err(DomainError::Invalid(errs));
        }
        let snap = snapshot::of(self, subject);
        let sha256 = snapshot::sha256(&snap);
        let version = latest(self, subject).map_or(1, |l| l.version + 1);
        if latest(self, subject).is_some_and(|l| l.sha256 == sha256) {
            return Err(DomainError::Refused(format!(
                "The {} has not changed since version {}: there is nothing new to approve.",
                subject.label(),
                version - 1
            )));
        }
        let approval = Approval {
            subject,
            version,
            document_id: a.document_id.trim().to_string(),
            classification: a.classification.trim().to_string(),
            approved_by: a.approved_by.trim().to_string(),
            role: a.role.trim().to_string(),
            date: a.date.trim().to_string(),
            note: a.note.trim().to_string(),
            recorded_by: ctx.actor.to_string(),
            recorded_at: ctx.stamp(),
            sha256,
            snapshot: snap,
        };
        let summary = format!(
            "Approved version {version} of the {} ({} {version}) by {}, {}, on {}; SHA-256 {}",
            subject.label(),
            approval.document_id,
            approval.approved_by,
            approval.role,
            approval.date,
            &approval.sha256[..16]
        );
        self.approvals.push(approval);
        let e = self.log(
            ctx,
            Action::Approve,
            subject.kind(),
            "",
            &format!("v{version}"),
            summary,
            Vec::new(),
        );
        Ok(Change::logged(e))
    }
}

/// The rules of the approved versions of a whole ISMS, as read from a file
/// or from storage: numbered 1, 2, 3... per subject, each its hash, its
/// texts within their lengths.
pub(crate) fn check(m: &Isms, c: &mut Check) {
    // The next version of each subject (a handful: a list).
    let mut next: Vec<(Subject, u32)> = Vec::new();
    for (i, a) in m.approvals.iter().enumerate() {
        let at = format!("approvals[{i}]");
        let k = next
            .iter()
            .position(|(s, _)| *s == a.subject)
            .unwrap_or_else(|| {
                next.push((a.subject, 1));
                next.len() - 1
            });
        let n = &mut next[k].1;
        if a.version != *n {
            c.err(
                format!("{at}.version"),
                format!(
                    "is {}, expected {} (the versions of the {} are numbered 1, 2, 3... in order)",
                    a.version,
                    n,
                    a.subject.label()
                ),
            );
        }
        *n = a.version.saturating_add(1);
        for (key, v) in [
            ("document_id", &a.document_id),
            ("classification", &a.classification),
            ("approved_by", &a.approved_by),
            ("role", &a.role),
            ("recorded_by", &a.recorded_by),
        ] {
            c.length(&format!("{at}.{key}"), v, MAX_SHORT);
        }
        c.length(&format!("{at}.note"), &a.note, MAX_LONG);
        c.date(&format!("{at}.date"), &a.date, false);
        c.timestamp(&format!("{at}.recorded_at"), &a.recorded_at);
        if let Some(e) = snapshot::problem(&a.snapshot) {
            c.err(format!("{at}.snapshot"), e);
        } else if snapshot::sha256(&a.snapshot) != a.sha256 {
            c.err(
                format!("{at}.sha256"),
                format!(
                    "does not match the snapshot: version {} of the {} was altered after it was approved",
                    a.version,
                    a.subject.label()
                ),
            );
        }
    }
}
