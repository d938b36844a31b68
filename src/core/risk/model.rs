//! The risk register's records (6.1.2, 8.2): risks, their scores,
//! treatment plans (6.1.3, 8.3) and acceptances.

use crate::core::kernel::choice::choice_enum;
use serde::Serialize;

choice_enum!(
    /// Where a risk stands in its life cycle.
    RiskStatus {
        Identified => "identified", "Identified",
        Assessed => "assessed", "Assessed",
        Treatment => "in_treatment", "In treatment",
        Accepted => "accepted", "Accepted",
        Monitored => "monitored", "Monitored",
        Closed => "closed", "Closed",
    }
);

choice_enum!(
    /// The risk treatment option chosen (6.1.3 a).
    Treatment {
        Undecided => "undecided", "Not decided yet",
        Modify => "modify", "Modify (mitigate)",
        Retain => "retain", "Retain (accept)",
        Avoid => "avoid", "Avoid",
        Share => "share", "Share (transfer)",
    }
);

choice_enum!(
    /// Where an action of a treatment plan stands.
    ActionStatus {
        Planned => "planned", "Planned",
        InProgress => "in_progress", "In progress",
        Done => "done", "Done",
        Cancelled => "cancelled", "Cancelled",
    }
);

impl ActionStatus {
    /// Done or cancelled: nothing is left to do.
    pub fn is_closed(self) -> bool {
        matches!(self, ActionStatus::Done | ActionStatus::Cancelled)
    }
}

/// A likelihood and an impact, each a level of the method's scale (from 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Score {
    pub likelihood: u8,
    pub impact: u8,
}

impl Score {
    pub fn new(likelihood: u8, impact: u8) -> Self {
        Score { likelihood, impact }
    }
}

/// One action of a risk treatment plan (6.1.3 e, 8.3).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TreatmentAction {
    pub id: String,
    pub title: String,
    pub owner: String,
    /// Due date, `YYYY-MM-DD`, or empty.
    pub due: String,
    pub status: ActionStatus,
    /// The id of the control of the register the action implements, or
    /// empty.
    pub control: String,
}

impl TreatmentAction {
    /// Not done, not cancelled, and due before `today` (`YYYY-MM-DD`).
    pub fn is_overdue(&self, today: &str) -> bool {
        !self.status.is_closed() && !self.due.is_empty() && self.due.as_str() < today
    }
}

/// A formal acceptance of a risk (6.1.3 f).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Acceptance {
    pub accepted_by: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub rationale: String,
    /// `YYYY-MM-DD`, or empty for no expiry.
    pub expires: String,
    /// Recorded as an exception to the risk appetite: required to retain a
    /// risk whose current level is above the appetite.
    pub exception: bool,
    /// The level (number, from 1) of the residual risk accepted: set by the
    /// core when the acceptance is recorded (0: not known, an acceptance
    /// from before schema 3).
    pub level: u32,
    /// The SHA-256 of the risk method the acceptance was given under
    /// (its approval snapshot's; empty: not known).
    pub method_sha256: String,
}

impl Acceptance {
    /// Expired before `today` (`YYYY-MM-DD`).
    pub fn is_expired(&self, today: &str) -> bool {
        !self.expires.is_empty() && self.expires.as_str() < today
    }
}

/// The risk owner's approval of a risk's treatment plan (6.1.3 f).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PlanApproval {
    pub approved_by: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The SHA-256 of the plan approved (the decision, its rationale, the
    /// residual score and each action's title, owner, due date and
    /// control; not the actions' progress): set by the core when the
    /// approval is recorded (empty in a change: approve the plan as it is
    /// now), so that a later change of the plan asks for it again.
    pub plan_sha256: String,
}

/// An entry of the risk register (6.1.2, 8.2).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Risk {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub description: String,
    /// The risk source or threat.
    pub threat: String,
    pub vulnerability: String,
    /// Ids of the affected assets.
    pub assets: Vec<String>,
    pub confidentiality: bool,
    pub integrity: bool,
    pub availability: bool,
    pub owner: String,
    /// Before any control; `None` until the risk is assessed (scored).
    pub inherent: Option<Score>,
    /// Ids of the controls of the register that treat it: those in place
    /// (its current score counts them) and those its plan implements.
    pub controls: Vec<String>,
    /// A note on the existing controls, beside the links.
    pub existing_controls: String,
    /// Now, with the existing controls (the current risk); `None` until
    /// the risk is assessed.
    pub current: Option<Score>,
    /// After the planned treatment, once it is decided.
    pub residual: Option<Score>,
    pub status: RiskStatus,
    pub treatment: Treatment,
    pub treatment_rationale: String,
    pub actions: Vec<TreatmentAction>,
    pub acceptance: Option<Acceptance>,
    /// The risk owner's approval of the treatment plan (6.1.3 f).
    pub plan_approval: Option<PlanApproval>,
    /// Why the risk was closed (required when its status is Closed).
    pub closed_reason: String,
    /// Date of the last review, `YYYY-MM-DD`, or empty when never reviewed.
    pub last_review: String,
    pub created_at: String,
    pub updated_at: String,
}

impl Risk {
    /// A new, empty risk, not assessed yet.
    pub fn blank() -> Self {
        Risk {
            id: String::new(),
            reference: String::new(),
            title: String::new(),
            description: String::new(),
            threat: String::new(),
            vulnerability: String::new(),
            assets: Vec::new(),
            confidentiality: false,
            integrity: false,
            availability: false,
            owner: String::new(),
            inherent: None,
            controls: Vec::new(),
            existing_controls: String::new(),
            current: None,
            residual: None,
            status: RiskStatus::Identified,
            treatment: Treatment::Undecided,
            treatment_rationale: String::new(),
            actions: Vec::new(),
            acceptance: None,
            plan_approval: None,
            closed_reason: String::new(),
            last_review: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    /// Scored: its inherent and current risk are both given.
    pub fn is_assessed(&self) -> bool {
        self.inherent.is_some() && self.current.is_some()
    }

    /// The residual risk: the one expected after the planned treatment;
    /// where none is given, nothing planned changes the current risk, so
    /// that is what remains (`None` while the risk is not assessed).
    pub fn residual_or_current(&self) -> Option<Score> {
        self.residual.or(self.current)
    }

    /// "C, I, A" for the properties it affects.
    pub fn cia(&self) -> String {
        let mut v = Vec::new();
        for (on, l) in [
            (self.confidentiality, "C"),
            (self.integrity, "I"),
            (self.availability, "A"),
        ] {
            if on {
                v.push(l);
            }
        }
        v.join(", ")
    }
}
