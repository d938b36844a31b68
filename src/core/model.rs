//! The domain model: plain data, no browser, no signals.
//!
//! Field order here is the key order of the exported file, and records keep
//! their creation order, so that two exports of one ISMS are byte-identical.

use serde::Serialize;
use std::collections::BTreeMap;

/// A closed set of choices (kinds, levels, ratings...), for forms and filters.
pub trait Choice: Copy + PartialEq + Send + Sync + 'static {
    fn all() -> &'static [Self];
    /// The stored names of [`Choice::all`], in the same order.
    fn keys() -> &'static [&'static str];
    /// The labels of [`Choice::all`], in the same order.
    fn labels() -> &'static [&'static str];
    fn key(self) -> &'static str;
    fn label(self) -> &'static str;
    fn from_key(key: &str) -> Option<Self>;
}

/// Declares a closed set of choices with its stored name and its label.
macro_rules! choice_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $key:literal, $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum $name {
            $(#[serde(rename = $key)] $variant),+
        }
        impl $name {
            /// Every choice, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The stored names of [`Self::ALL`], in the same order.
            pub const KEYS: &'static [&'static str] = &[$($key),+];
            /// The labels of [`Self::ALL`], in the same order.
            pub const LABELS: &'static [&'static str] = &[$($label),+];
            /// The name stored in files.
            pub fn key(self) -> &'static str { match self { $($name::$variant => $key),+ } }
            /// The name shown to people.
            pub fn label(self) -> &'static str { match self { $($name::$variant => $label),+ } }
            /// The choice stored under `key`.
            pub fn from_key(key: &str) -> Option<Self> {
                match key { $($key => Some($name::$variant),)+ _ => None }
            }
        }
        impl Choice for $name {
            fn all() -> &'static [Self] { Self::ALL }
            fn keys() -> &'static [&'static str] { Self::KEYS }
            fn labels() -> &'static [&'static str] { Self::LABELS }
            fn key(self) -> &'static str { $name::key(self) }
            fn label(self) -> &'static str { $name::label(self) }
            fn from_key(key: &str) -> Option<Self> { $name::from_key(key) }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.label()) }
        }
    };
}

choice_enum!(
    /// Headcount band of the organisation.
    OrgSize {
        Micro => "micro", "Micro (1-9 people)",
        Small => "small", "Small (10-49 people)",
        Medium => "medium", "Medium (50-249 people)",
        Large => "large", "Large (250-999 people)",
        Enterprise => "enterprise", "Enterprise (1000+ people)",
    }
);

choice_enum!(
    /// Where an issue (4.1) or party (4.2) sits relative to the organisation.
    Origin {
        Internal => "internal", "Internal",
        External => "external", "External",
    }
);

choice_enum!(
    /// What area a context issue (4.1) belongs to.
    IssueCategory {
        Strategic => "strategic", "Strategic",
        Organisational => "organisational", "Organisational",
        People => "people", "People and culture",
        Technological => "technological", "Technological",
        Legal => "legal", "Legal and regulatory",
        Economic => "economic", "Economic and market",
        Political => "political", "Political",
        Social => "social", "Social",
        Environmental => "environmental", "Environmental",
        Supplier => "supplier", "Suppliers and partners",
    }
);

choice_enum!(
    /// Whether an issue helps or hinders the ISMS reaching its outcomes.
    Effect {
        Negative => "negative", "Negative (a threat to the ISMS)",
        Positive => "positive", "Positive (an opportunity)",
        Neutral => "neutral", "Neutral (to monitor)",
    }
);

choice_enum!(
    /// The kind of an interested party (4.2).
    PartyKind {
        Customer => "customer", "Customer",
        Employee => "employee", "Employee",
        Management => "management", "Top management",
        Shareholder => "shareholder", "Shareholder or owner",
        Supplier => "supplier", "Supplier or partner",
        Regulator => "regulator", "Regulator or authority",
        Certification => "certification", "Certification body or auditor",
        Insurer => "insurer", "Insurer",
        Public => "public", "Public or community",
        Other => "other", "Other",
    }
);

choice_enum!(
    /// Where a requirement of an interested party comes from.
    RequirementKind {
        Legal => "legal", "Legal",
        Regulatory => "regulatory", "Regulatory",
        Contractual => "contractual", "Contractual",
        Expectation => "expectation", "Expectation",
    }
);

choice_enum!(
    /// What an asset is.
    AssetKind {
        Information => "information", "Information",
        Software => "software", "Software",
        Hardware => "hardware", "Hardware",
        Service => "service", "Service",
        People => "people", "People",
        Site => "site", "Site",
        Supplier => "supplier", "Supplier",
        Process => "process", "Process",
    }
);

choice_enum!(
    /// Information classification level.
    Classification {
        Public => "public", "Public",
        Internal => "internal", "Internal",
        Confidential => "confidential", "Confidential",
        Restricted => "restricted", "Restricted",
    }
);

choice_enum!(
    /// A confidentiality, integrity or availability rating.
    Rating {
        Low => "low", "Low",
        Medium => "medium", "Medium",
        High => "high", "High",
        Critical => "critical", "Critical",
    }
);

impl Rating {
    /// 1 (low) to 4 (critical).
    pub fn score(self) -> u8 {
        match self {
            Rating::Low => 1,
            Rating::Medium => 2,
            Rating::High => 3,
            Rating::Critical => 4,
        }
    }
}

/// The organisation's profile.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Organisation {
    pub name: String,
    pub sector: String,
    pub size: Option<OrgSize>,
    pub locations: Vec<String>,
    pub description: String,
}

/// An internal or external issue (clause 4.1).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContextIssue {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub origin: Origin,
    pub category: IssueCategory,
    pub effect: Effect,
    /// How the issue affects the ISMS's ability to achieve its outcomes.
    pub description: String,
    pub created_at: String,
    pub updated_at: String,
}

/// A requirement of an interested party (clause 4.2 b, c).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Requirement {
    pub id: String,
    pub text: String,
    pub kind: RequirementKind,
    /// Whether the ISMS addresses this requirement (4.2 c).
    pub addressed: bool,
    /// How it is addressed, or why it is not.
    pub how: String,
}

/// An interested party (clause 4.2).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Party {
    pub id: String,
    pub reference: String,
    pub name: String,
    pub kind: PartyKind,
    pub origin: Origin,
    pub contact: String,
    pub requirements: Vec<Requirement>,
    pub created_at: String,
    pub updated_at: String,
}

/// Something the scope includes, or excludes with a justification.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ScopeItem {
    pub text: String,
    /// Required for an exclusion; empty for an inclusion.
    pub justification: String,
}

/// An interface or dependency with another organisation (4.3 c).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Interface {
    pub organisation: String,
    pub description: String,
}

/// The scope of the ISMS (clause 4.3).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Scope {
    pub statement: String,
    pub inclusions: Vec<ScopeItem>,
    pub exclusions: Vec<ScopeItem>,
    pub locations: Vec<String>,
    pub interfaces: Vec<Interface>,
}

/// An entry of the asset inventory.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Asset {
    pub id: String,
    pub reference: String,
    pub name: String,
    pub kind: AssetKind,
    pub owner: String,
    pub description: String,
    pub location: String,
    pub classification: Classification,
    pub confidentiality: Rating,
    pub integrity: Rating,
    pub availability: Rating,
    pub in_scope: bool,
    /// Ids of the assets this one depends on.
    pub depends_on: Vec<String>,
    pub tags: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl Asset {
    /// The highest of the three C/I/A ratings.
    pub fn criticality(&self) -> Rating {
        self.confidentiality
            .max(self.integrity)
            .max(self.availability)
    }
}

/// One field's value before and after a change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

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
    /// The control the action implements (an Annex A id such as `5.15`, or
    /// free text).
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
    /// risk whose residual level is above the appetite.
    pub exception: bool,
}

impl Acceptance {
    /// Expired before `today` (`YYYY-MM-DD`).
    pub fn is_expired(&self, today: &str) -> bool {
        !self.expires.is_empty() && self.expires.as_str() < today
    }
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
    /// Before any control.
    pub inherent: Score,
    pub existing_controls: String,
    /// Now, with the existing controls (the current risk).
    pub residual: Score,
    /// After the planned treatment, once it is decided.
    pub target: Option<Score>,
    pub status: RiskStatus,
    pub treatment: Treatment,
    pub treatment_rationale: String,
    pub actions: Vec<TreatmentAction>,
    pub acceptance: Option<Acceptance>,
    /// Date of the last review, `YYYY-MM-DD`, or empty when never reviewed.
    pub last_review: String,
    pub created_at: String,
    pub updated_at: String,
}

impl Risk {
    /// A new, empty risk scored at the lowest level.
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
            inherent: Score::new(1, 1),
            existing_controls: String::new(),
            residual: Score::new(1, 1),
            target: None,
            status: RiskStatus::Identified,
            treatment: Treatment::Undecided,
            treatment_rationale: String::new(),
            actions: Vec::new(),
            acceptance: None,
            last_review: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
        }
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

choice_enum!(
    /// What a logged change did.
    Action {
        Create => "create", "Created",
        Update => "update", "Updated",
        Delete => "delete", "Deleted",
        Import => "import", "Imported",
    }
);

choice_enum!(
    /// The kinds of record the audit log speaks of.
    RecordKind {
        Organisation => "organisation", "Organisation",
        Issue => "issue", "Issue",
        Party => "party", "Interested party",
        Scope => "scope", "Scope",
        Asset => "asset", "Asset",
        Risk => "risk", "Risk",
        RiskMethod => "risk_method", "Risk method",
        Isms => "isms", "Whole ISMS",
    }
);

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuditEntry {
    /// 1, 2, 3... in the order the changes were made.
    pub seq: u64,
    /// RFC 3339 UTC timestamp.
    pub at: String,
    pub actor: String,
    pub action: Action,
    pub kind: RecordKind,
    /// The record's id (empty for singletons such as the scope).
    pub record_id: String,
    /// The record's human reference, when it has one.
    pub reference: String,
    pub summary: String,
    pub changes: Vec<FieldChange>,
}

/// The whole ISMS: what is stored and exported.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Isms {
    pub organisation: Organisation,
    pub issues: Vec<ContextIssue>,
    pub parties: Vec<Party>,
    pub scope: Scope,
    pub assets: Vec<Asset>,
    /// How risks are scored (6.1.2 a, b).
    pub risk_method: super::risk::RiskMethod,
    /// The risk register.
    pub risks: Vec<Risk>,
    /// The last number handed out per reference prefix (`A`, `P`, `I`, `R`), so
    /// a deleted record's reference is never reused.
    pub counters: BTreeMap<String, u32>,
    pub audit_log: Vec<AuditEntry>,
}

impl Isms {
    pub fn asset(&self, id: &str) -> Option<&Asset> {
        self.assets.iter().find(|a| a.id == id)
    }
    pub fn party(&self, id: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id)
    }
    pub fn risk(&self, id: &str) -> Option<&Risk> {
        self.risks.iter().find(|r| r.id == id)
    }
    /// The risks that name the asset `id` among their affected assets.
    pub fn risks_of_asset(&self, id: &str) -> Vec<&Risk> {
        self.risks
            .iter()
            .filter(|r| r.assets.iter().any(|a| a == id))
            .collect()
    }
    pub fn issue(&self, id: &str) -> Option<&ContextIssue> {
        self.issues.iter().find(|i| i.id == id)
    }
    /// The assets that depend on the asset `id`.
    pub fn dependents_of(&self, id: &str) -> Vec<&Asset> {
        self.assets
            .iter()
            .filter(|a| a.depends_on.iter().any(|d| d == id))
            .collect()
    }
    /// Record counts by kind, for previews and the dashboard.
    pub fn counts(&self) -> Counts {
        Counts {
            issues: self.issues.len(),
            parties: self.parties.len(),
            requirements: self.parties.iter().map(|p| p.requirements.len()).sum(),
            assets: self.assets.len(),
            risks: self.risks.len(),
            audit_entries: self.audit_log.len(),
        }
    }
}

/// How many records of each kind an ISMS holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub issues: usize,
    pub parties: usize,
    pub requirements: usize,
    pub assets: usize,
    pub risks: usize,
    pub audit_entries: usize,
}

/// A kind of record kept in a list of the ISMS, with an id, a reference and
/// timestamps: issues, interested parties, assets and risks.
pub trait Recorded: Sized {
    const KIND: RecordKind;
    /// The record `id` of this kind in `m`.
    fn find<'a>(m: &'a Isms, id: &str) -> Option<&'a Self>;
    fn id(&self) -> &str;
    fn reference(&self) -> &str;
    /// When it last changed: the version a change of it starts from.
    fn updated_at(&self) -> &str;
    fn set_updated_at(&mut self, at: String);
}

macro_rules! recorded {
    ($t:ty, $kind:ident, $find:ident) => {
        impl Recorded for $t {
            const KIND: RecordKind = RecordKind::$kind;
            fn find<'a>(m: &'a Isms, id: &str) -> Option<&'a Self> {
                m.$find(id)
            }
            fn id(&self) -> &str {
                &self.id
            }
            fn reference(&self) -> &str {
                &self.reference
            }
            fn updated_at(&self) -> &str {
                &self.updated_at
            }
            fn set_updated_at(&mut self, at: String) {
                self.updated_at = at;
            }
        }
    };
}

recorded!(ContextIssue, Issue, issue);
recorded!(Party, Party, party);
recorded!(Asset, Asset, asset);
recorded!(Risk, Risk, risk);
