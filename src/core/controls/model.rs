//! The control register (6.1.3, Annex A): the 93 Annex A controls, always
//! present, and the organisation's own controls beside them, each with the
//! decisions the Statement of Applicability reports.

use crate::core::kernel::choice::choice_enum;
use serde::Serialize;

choice_enum!(
    /// The four themes of ISO/IEC 27001:2022 Annex A.
    Theme {
        Organizational => "organizational", "Organizational",
        People => "people", "People",
        Physical => "physical", "Physical",
        Technological => "technological", "Technological",
    }
);

choice_enum!(
    /// Where a control stands in its implementation.
    ImplementationStatus {
        NotStarted => "not_started", "Not started",
        Planned => "planned", "Planned",
        Partial => "partial", "Partially implemented",
        Implemented => "implemented", "Implemented",
    }
);

choice_enum!(
    /// A reason for including a control, other than risk treatment (which
    /// is derived from the risks the control treats, never ticked by hand).
    InclusionReason {
        Legal => "legal", "Legal or regulatory requirement",
        Contractual => "contractual", "Contractual obligation",
        Business => "business", "Business requirement",
        Practice => "practice", "Good practice",
    }
);

choice_enum!(
    /// The result of a control's last review or test.
    TestResult {
        NotTested => "not_tested", "Not reviewed yet",
        Effective => "effective", "Effective",
        PartlyEffective => "partly_effective", "Partly effective",
        NotEffective => "not_effective", "Not effective",
    }
);

/// A control of the register: an Annex A control (its reference is its
/// Annex A id, `A.8.13`, and its title the short title) or one of the
/// organisation's own (`C-0001`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Control {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub theme: Theme,
    /// Part of the Statement of Applicability's included controls.
    pub applicable: bool,
    /// The reasons for including it besides risk treatment.
    pub reasons: Vec<InclusionReason>,
    /// Why it is excluded (required then), or a note on its inclusion.
    pub justification: String,
    pub status: ImplementationStatus,
    pub owner: String,
    /// How it is implemented.
    pub implementation: String,
    /// Document names, or http(s) links.
    pub evidence: Vec<String>,
    /// Date of the last review or test, `YYYY-MM-DD`, or empty.
    pub last_tested: String,
    pub test_result: TestResult,
    pub created_at: String,
    pub updated_at: String,
}

impl Control {
    /// A new organisation control, included, not started.
    pub fn blank() -> Self {
        Control {
            id: String::new(),
            reference: String::new(),
            title: String::new(),
            theme: Theme::Organizational,
            applicable: true,
            reasons: Vec::new(),
            justification: String::new(),
            status: ImplementationStatus::NotStarted,
            owner: String::new(),
            implementation: String::new(),
            evidence: Vec::new(),
            last_tested: String::new(),
            test_result: TestResult::NotTested,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    /// One of the 93 Annex A controls (its reference is `A.` and an id of
    /// the catalogue).
    pub fn is_annex_a(&self) -> bool {
        super::annex_a::by_reference(&self.reference).is_some()
    }
}
