//! The risk methods a user can start from: 5 × 5 (the default), 4 × 4, 3 × 3.

use super::method::*;

fn scale(levels: &[(&str, &str)]) -> Scale {
    Scale {
        levels: levels
            .iter()
            .map(|(label, criteria)| ScaleLevel {
                label: (*label).into(),
                criteria: (*criteria).into(),
            })
            .collect(),
    }
}

fn risk_level(name: &str, colour: &str, response: &str, review_months: u32) -> RiskLevel {
    RiskLevel {
        name: name.into(),
        colour: colour.into(),
        response: response.into(),
        review_months,
    }
}

const AUTHORITY: &str = "Top management (the managing director or the ISMS sponsor), \
    in writing, with a rationale and an expiry date.";

fn low() -> RiskLevel {
    risk_level(
        "Low",
        "#2b8a3e",
        "Acceptable as it is: retain, and check it at the yearly review.",
        12,
    )
}

fn medium() -> RiskLevel {
    risk_level(
        "Medium",
        "#e67700",
        "Treat within the planned improvement cycle, or retain with a recorded \
         acceptance by top management.",
        6,
    )
}

fn high() -> RiskLevel {
    risk_level(
        "High",
        "#d9480f",
        "Treat: a treatment plan with an owner and due dates within one month; \
         top management is informed.",
        3,
    )
}

fn very_high() -> RiskLevel {
    risk_level(
        "Very high",
        "#c92a2a",
        "Act now: treat at once or stop the activity; top management decides \
         and follows up.",
        1,
    )
}

/// 5 × 5, four levels (Low, Medium, High, Very high), appetite Low. The
/// default. The grid is likelihood × impact cut into 1–4, 5–9, 10–16 and
/// 17–25, written out so that it can be edited cell by cell.
pub fn preset_5x5() -> RiskMethod {
    RiskMethod {
        likelihood: scale(&[
            (
                "Rare",
                "Not expected in the next five years; never seen here, and \
                 rare at comparable organisations.",
            ),
            (
                "Unlikely",
                "Could happen within five years; seen elsewhere in the \
                 sector, not here.",
            ),
            (
                "Possible",
                "Could happen within two years; has happened here before or \
                 is regularly seen in the sector.",
            ),
            (
                "Likely",
                "Expected within the next year; has happened here recently.",
            ),
            (
                "Almost certain",
                "Expected several times a year, or already happening.",
            ),
        ]),
        impact: scale(&[
            (
                "Negligible",
                "No noticeable effect on services, customers or obligations; \
                 absorbed by normal work.",
            ),
            (
                "Minor",
                "A short disruption of a non-critical service, or internal \
                 information seen by the wrong people, with no lasting harm.",
            ),
            (
                "Moderate",
                "A key service down for up to a day, limited exposure of \
                 confidential or personal data, or a remediable breach of \
                 contract; management must step in.",
            ),
            (
                "Major",
                "Key services down for several days, a data breach that must \
                 be notified to a regulator or to customers, a large \
                 financial loss or lasting damage to reputation.",
            ),
            (
                "Severe",
                "Threatens the organisation's survival or its licence to \
                 operate: a long outage of critical services, a large-scale \
                 breach, heavy fines or the loss of major customers.",
            ),
        ]),
        levels: vec![low(), medium(), high(), very_high()],
        scoring: Scoring::Lookup {
            grid: vec![
                vec![1, 1, 1, 1, 2],
                vec![1, 1, 2, 2, 3],
                vec![1, 2, 2, 3, 3],
                vec![1, 2, 3, 3, 4],
                vec![2, 3, 3, 4, 4],
            ],
        },
        appetite: 1,
        acceptance_authority: AUTHORITY.into(),
    }
}

/// 4 × 4, four levels, appetite Low: likelihood × impact cut into 1–2,
/// 3–6, 7–9 and 10–16.
pub fn preset_4x4() -> RiskMethod {
    RiskMethod {
        likelihood: scale(&[
            (
                "Unlikely",
                "Not expected in the next five years; never seen here.",
            ),
            (
                "Possible",
                "Could happen within a few years; seen in the sector or here \
                 in the past.",
            ),
            ("Likely", "Expected within the next year."),
            (
                "Almost certain",
                "Expected several times a year, or already happening.",
            ),
        ]),
        impact: scale(&[
            (
                "Minor",
                "Little or no effect on services, customers or obligations; \
                 handled within a team.",
            ),
            (
                "Moderate",
                "A key service disrupted for hours, or limited exposure of \
                 confidential data; management must step in.",
            ),
            (
                "Major",
                "Key services down for days, a notifiable data breach, or a \
                 large financial or reputational loss.",
            ),
            (
                "Severe",
                "Threatens the organisation's survival or its licence to \
                 operate.",
            ),
        ]),
        levels: vec![low(), medium(), high(), very_high()],
        scoring: Scoring::Lookup {
            grid: vec![
                vec![1, 1, 2, 2],
                vec![1, 2, 2, 3],
                vec![2, 2, 3, 4],
                vec![2, 3, 4, 4],
            ],
        },
        appetite: 1,
        acceptance_authority: AUTHORITY.into(),
    }
}

/// 3 × 3, three levels (Low, Medium, High), appetite Low: likelihood ×
/// impact cut into 1–2, 3–4 and 5–9.
pub fn preset_3x3() -> RiskMethod {
    RiskMethod {
        likelihood: scale(&[
            (
                "Unlikely",
                "Not expected in the next few years; never seen here.",
            ),
            (
                "Possible",
                "Could happen within a few years; seen in the sector or here \
                 in the past.",
            ),
            (
                "Likely",
                "Expected within the next year, or already happening.",
            ),
        ]),
        impact: scale(&[
            (
                "Limited",
                "Little effect on services, customers or obligations; \
                 handled within a team.",
            ),
            (
                "Serious",
                "Key services disrupted, confidential data exposed, or a \
                 notable financial loss; management must step in.",
            ),
            (
                "Severe",
                "Threatens the organisation's survival, its licence to \
                 operate or its major customers.",
            ),
        ]),
        levels: vec![low(), medium(), high()],
        scoring: Scoring::Lookup {
            grid: vec![vec![1, 1, 2], vec![1, 2, 3], vec![2, 3, 3]],
        },
        appetite: 1,
        acceptance_authority: AUTHORITY.into(),
    }
}

/// A method a user can start from.
#[derive(Clone, Copy, Debug)]
pub struct Preset {
    /// Stable name, for forms and tests: `5x5`.
    pub key: &'static str,
    /// What people see: "5 × 5 (default)".
    pub label: &'static str,
    /// Builds the method.
    pub make: fn() -> RiskMethod,
}

/// The presets, the default first.
pub const PRESETS: &[Preset] = &[
    Preset {
        key: "5x5",
        label: "5 × 5 (default)",
        make: preset_5x5,
    },
    Preset {
        key: "4x4",
        label: "4 × 4",
        make: preset_4x4,
    },
    Preset {
        key: "3x3",
        label: "3 × 3",
        make: preset_3x3,
    },
];
