//! How the log names a field of each form and the words of its choices:
//! the field's key in the file, the form's label, and for a choice the
//! words of its stored names; in the order the form shows them.
//!
//! Each form is one line of text (`key:Label:choice|…`) rather than a table
//! of references: the same words at about a third of the WebAssembly.

use crate::core::*;

/// The fields of the form of a kind of record (or of a part the ISMS has
/// one of), in the form's order, as `key:Label` or `key:Label:c` for a
/// choice `c` ([`words`]), separated by `|`; empty where the log shows its
/// own keys (the risk method's changes are logged cell by cell).
pub fn form(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Organisation => "name:Organisation name|sector:Sector|size:Size:z|locations:Locations|description:Description",
        RecordKind::Issue => "title:Issue|origin:Internal or external:o|category:Category:g|effect:Effect on the ISMS:e|description:How it affects the ISMS|created_at:Created",
        RecordKind::Party => "name:Name|kind:Kind:p|origin:Internal or external:o|contact:Contact|requirements:Requirements|created_at:Created",
        RecordKind::Scope => "statement:Scope statement|inclusions:Included|exclusions:Excluded|locations:Locations in scope|interfaces:Interfaces and dependencies",
        RecordKind::Asset => "name:Name|kind:Kind:k|owner:Owner|location:Location|classification:Classification:c|in_scope:In the scope of the ISMS|confidentiality:Confidentiality:r|integrity:Integrity:r|availability:Availability:r|tags:Tags|description:Description|depends_on:Depends on|created_at:Created",
        RecordKind::Risk => "title:Title|owner:Risk owner|threat:Risk source or threat|vulnerability:Vulnerability|description:Description|confidentiality:Confidentiality|integrity:Integrity|availability:Availability|assets:Affected assets|inherent:Inherent risk|current:Current risk|residual:Residual risk|controls:Controls|existing_controls:Note on existing controls|treatment:Treatment decision:t|status:Status:s|closed_reason:Reason closed|treatment_rationale:Rationale for the decision|actions:Treatment plan|plan_approval:Approval of the treatment plan|acceptance:Acceptance|last_review:Last review|created_at:Created",
        RecordKind::Control => "title:Title|theme:Theme:h|applicable:Applicable|reasons:Reasons for inclusion|justification:Justification|status:Implementation status:i|owner:Owner|implementation:How it is implemented|evidence:Evidence|last_tested:Last review or test|test_result:Result:x|created_at:Created",
        RecordKind::RiskMethod
        | RecordKind::Soa
        | RecordKind::TreatmentPlan
        | RecordKind::Isms => "",
    }
}

/// A field of a form: its place in the form, its label, and the code of
/// its choice ("" for none).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Field {
    pub at: usize,
    pub label: &'static str,
    pub choice: &'static str,
}

/// Every field of the form of `kind`, in order: (key, field).
pub fn fields(kind: RecordKind) -> impl Iterator<Item = (&'static str, Field)> {
    form(kind)
        .split('|')
        .filter(|f| !f.is_empty())
        .enumerate()
        .map(|(at, f)| {
            let mut p = f.split(':');
            let key = p.next().unwrap_or_default();
            let label = p.next().unwrap_or(key);
            let choice = p.next().unwrap_or_default();
            (key, Field { at, label, choice })
        })
}

/// The field `key` of the form of `kind`.
pub fn field(kind: RecordKind, key: &str) -> Option<Field> {
    fields(kind).find(|(k, _)| *k == key).map(|(_, f)| f)
}

/// The word for a choice's stored name `v` under the field `f`, if it is
/// one of its names.
pub fn word(f: Field, v: &serde_json::Value) -> Option<&'static str> {
    let v = v.as_str()?;
    match f.choice {
        "z" => OrgSize::from_key(v).map(OrgSize::label),
        "o" => Origin::from_key(v).map(Origin::label),
        "g" => IssueCategory::from_key(v).map(IssueCategory::label),
        "e" => Effect::from_key(v).map(Effect::label),
        "p" => PartyKind::from_key(v).map(PartyKind::label),
        "k" => AssetKind::from_key(v).map(AssetKind::label),
        "c" => Classification::from_key(v).map(Classification::label),
        "r" => Rating::from_key(v).map(Rating::label),
        "t" => Treatment::from_key(v).map(Treatment::label),
        "s" => RiskStatus::from_key(v).map(RiskStatus::label),
        "h" => Theme::from_key(v).map(Theme::label),
        "i" => ImplementationStatus::from_key(v).map(ImplementationStatus::label),
        "x" => TestResult::from_key(v).map(TestResult::label),
        _ => None,
    }
}
