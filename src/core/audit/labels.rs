//! How the log names a field of each form and the words of its choices:
//! the field's key in the file, the form's label, and for a choice its
//! stored names and labels; in the order the form shows them.

use crate::core::*;

/// A field of a form: key, label, and for a choice its stored names and
/// their labels (empty for other fields).
pub type Field = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

const NONE: &[&str] = &[];

macro_rules! fields {
    ($($key:literal => $label:literal $(: $choice:ty)?),+ $(,)?) => {
        &[$(fields!(@one $key, $label $(, $choice)?)),+]
    };
    (@one $key:literal, $label:literal) => { ($key, $label, NONE, NONE) };
    (@one $key:literal, $label:literal, $choice:ty) => { ($key, $label, <$choice>::KEYS, <$choice>::LABELS) };
}

/// The fields of the form of a kind of record (or of a part the ISMS has
/// one of), in the form's order; empty where the log shows its own keys
/// (the risk method's changes are logged cell by cell).
pub fn form(kind: RecordKind) -> &'static [Field] {
    match kind {
        RecordKind::Organisation => fields! {
            "name" => "Organisation name", "sector" => "Sector", "size" => "Size": OrgSize,
            "locations" => "Locations", "description" => "Description",
        },
        RecordKind::Issue => fields! {
            "title" => "Issue", "origin" => "Internal or external": Origin,
            "category" => "Category": IssueCategory, "effect" => "Effect on the ISMS": Effect,
            "description" => "How it affects the ISMS", "created_at" => "Created",
        },
        RecordKind::Party => fields! {
            "name" => "Name", "kind" => "Kind": PartyKind, "origin" => "Internal or external": Origin,
            "contact" => "Contact", "requirements" => "Requirements", "created_at" => "Created",
        },
        RecordKind::Scope => fields! {
            "statement" => "Scope statement", "inclusions" => "Included", "exclusions" => "Excluded",
            "locations" => "Locations in scope", "interfaces" => "Interfaces and dependencies",
        },
        RecordKind::Asset => fields! {
            "name" => "Name", "kind" => "Kind": AssetKind, "owner" => "Owner", "location" => "Location",
            "classification" => "Classification": Classification, "in_scope" => "In the scope of the ISMS",
            "confidentiality" => "Confidentiality": Rating, "integrity" => "Integrity": Rating,
            "availability" => "Availability": Rating, "tags" => "Tags", "description" => "Description",
            "depends_on" => "Depends on", "created_at" => "Created",
        },
        RecordKind::Risk => fields! {
            "title" => "Title", "owner" => "Risk owner", "threat" => "Risk source or threat",
            "vulnerability" => "Vulnerability", "description" => "Description",
            "confidentiality" => "Confidentiality", "integrity" => "Integrity", "availability" => "Availability",
            "assets" => "Affected assets", "inherent" => "Inherent risk", "residual" => "Residual risk",
            "target" => "Target risk", "existing_controls" => "Existing controls",
            "treatment" => "Treatment decision": Treatment, "status" => "Status": RiskStatus,
            "treatment_rationale" => "Rationale for the decision", "actions" => "Treatment plan",
            "acceptance" => "Acceptance", "last_review" => "Last review", "created_at" => "Created",
        },
        RecordKind::RiskMethod | RecordKind::Isms => &[],
    }
}

/// The field `key` of the form of `kind`, with its place in the form.
pub fn field(kind: RecordKind, key: &str) -> Option<(usize, &'static Field)> {
    form(kind).iter().enumerate().find(|(_, f)| f.0 == key)
}

/// The label of a choice's stored name `v` under the field `f`, if it is
/// one of its names.
pub fn word(f: &Field, v: &serde_json::Value) -> Option<&'static str> {
    let k = f.2.iter().position(|k| v.as_str() == Some(k))?;
    f.3.get(k).copied()
}
