//! The context of the organisation (clause 4): its profile, internal and
//! external issues (4.1), interested parties and their requirements (4.2),
//! and the scope of the ISMS (4.3).

use crate::core::kernel::choice::choice_enum;
use serde::Serialize;

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
