//! The Statement of Applicability (6.1.3 d) over the control register:
//! each control with its derived reasons and linked risks, the
//! completeness checks an auditor would make, progress by theme and status,
//! filters, and the CSV export.

use super::model::*;
use crate::core::kernel::text;
use crate::core::risk::csv::csv_cell;
use crate::core::{Isms, Risk};

/// The label of the reason derived from the risks a control treats.
pub const RISK_TREATMENT: &str = "Risk treatment";

/// The risks a control treats: those that list it among their controls,
/// and those whose treatment plan has an action implementing it, in
/// register order.
pub fn risks_of<'a>(m: &'a Isms, control_id: &str) -> Vec<&'a Risk> {
    m.risks
        .iter()
        .filter(|r| {
            r.controls.iter().any(|c| c == control_id)
                || r.actions.iter().any(|a| a.control == control_id)
        })
        .collect()
}

/// A control's reasons for inclusion, as the SoA states them: "Risk
/// treatment" first when it treats a risk (derived, never ticked), then
/// those given.
pub fn reasons(c: &Control, treats: bool) -> Vec<&'static str> {
    let mut out = Vec::new();
    if treats {
        out.push(RISK_TREATMENT);
    }
    for r in InclusionReason::ALL {
        if c.reasons.contains(r) {
            out.push(r.label());
        }
    }
    out
}

/// One row of the SoA.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Index of the control in the register.
    pub index: usize,
    /// References of the risks it treats.
    pub risks: Vec<String>,
    pub reasons: Vec<&'static str>,
}

/// Every control's row, in the register's order.
pub fn rows(m: &Isms) -> Vec<Row> {
    // Risks per control, built once.
    let mut by: std::collections::HashMap<&str, Vec<String>> = std::collections::HashMap::new();
    for r in &m.risks {
        let mut ids: Vec<&str> = r.controls.iter().map(String::as_str).collect();
        ids.extend(
            r.actions
                .iter()
                .map(|a| a.control.as_str())
                .filter(|c| !c.is_empty()),
        );
        let mut seen = std::collections::HashSet::new();
        for id in ids {
            if seen.insert(id) {
                by.entry(id).or_default().push(r.reference.clone());
            }
        }
    }
    m.controls
        .iter()
        .enumerate()
        .map(|(index, c)| {
            let risks = by.remove(c.id.as_str()).unwrap_or_default();
            let reasons = reasons(c, !risks.is_empty());
            Row {
                index,
                risks,
                reasons,
            }
        })
        .collect()
}

/// What the SoA is filtered by; `None` is "any".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub query: String,
    pub theme: Option<Theme>,
    pub status: Option<ImplementationStatus>,
    pub applicable: Option<bool>,
}

/// The indexes of the rows that pass `f`, in Annex A order then the
/// organisation's controls by reference.
pub fn filtered(m: &Isms, rows: &[Row], f: &Filter) -> Vec<usize> {
    let mut out: Vec<usize> = rows
        .iter()
        .filter(|r| {
            let c = &m.controls[r.index];
            f.theme.is_none_or(|t| c.theme == t)
                && f.status.is_none_or(|s| c.status == s)
                && f.applicable.is_none_or(|a| c.applicable == a)
                && text::matches_words(
                    &f.query,
                    &[
                        &c.reference,
                        &c.title,
                        &c.owner,
                        &c.implementation,
                        &c.justification,
                    ],
                )
        })
        .map(|r| r.index)
        .collect();
    text::sort_indexes(&mut out, &|a, b| {
        order_key(&m.controls[a]).cmp(&order_key(&m.controls[b]))
    });
    out
}

/// Annex A controls first, by theme and number; then the organisation's.
fn order_key(c: &Control) -> (u8, u32, u32) {
    if let Some(rest) = c.reference.strip_prefix("A.") {
        if c.is_annex_a() {
            let mut p = rest.split('.');
            let a = p.next().and_then(|x| x.parse().ok()).unwrap_or(0);
            let b = p.next().and_then(|x| x.parse().ok()).unwrap_or(0);
            return (0, a, b);
        }
    }
    let n = crate::core::kernel::ids::reference_number("C", &c.reference).unwrap_or(u32::MAX);
    (1, n, 0)
}

/// A completeness warning: what is missing, and the controls it is about
/// (references), each a link on the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    pub message: String,
    pub controls: Vec<String>,
}

/// One warning about `controls` (references): "A.5.1 `one`" for one,
/// "3 `many_noun` `many`" for several.
fn grouped(controls: Vec<String>, many_noun: &str, one: &str, many: &str) -> Option<Check> {
    let message = match controls.len() {
        0 => return None,
        1 => format!("{} {one}", controls[0]),
        n => format!("{n} {many_noun} {many}"),
    };
    Some(Check { message, controls })
}

/// The completeness checks of the SoA, each saying what is missing.
pub fn checks(m: &Isms, rows: &[Row]) -> Vec<Check> {
    let refs = |pred: &dyn Fn(&Control, &Row) -> bool| -> Vec<String> {
        let mut v: Vec<usize> = rows
            .iter()
            .filter(|r| pred(&m.controls[r.index], r))
            .map(|r| r.index)
            .collect();
        text::sort_indexes(&mut v, &|a, b| {
            order_key(&m.controls[a]).cmp(&order_key(&m.controls[b]))
        });
        v.into_iter()
            .map(|i| m.controls[i].reference.clone())
            .collect()
    };
    let mut out: Vec<Check> = Vec::new();
    out.extend(grouped(
        refs(&|c, _| !c.applicable && c.justification.trim().is_empty()),
        "excluded controls",
        "is excluded with no justification",
        "have no justification",
    ));
    // A risk treated by an excluded control: one warning per pair.
    for r in &m.risks {
        for c in m.controls.iter().filter(|c| !c.applicable) {
            if r.controls.contains(&c.id) || r.actions.iter().any(|a| a.control == c.id) {
                out.push(Check {
                    message: format!(
                        "{} is treated by {}, which is marked not applicable",
                        r.reference, c.reference
                    ),
                    controls: vec![c.reference.clone()],
                });
            }
        }
    }
    out.extend(grouped(
        refs(&|c, r| c.applicable && r.reasons.is_empty()),
        "included controls",
        "is included with no reason: it treats no risk and no other reason is given",
        "have no reason for inclusion: they treat no risk and no other reason is given",
    ));
    out.extend(grouped(
        refs(&|c, _| !c.applicable && !c.reasons.is_empty()),
        "excluded controls",
        "is excluded but has reasons for inclusion ticked",
        "have reasons for inclusion ticked",
    ));
    out.extend(grouped(
        refs(&|c, _| c.applicable && c.owner.trim().is_empty()),
        "included controls",
        "is included with no owner",
        "have no owner",
    ));
    out.extend(grouped(
        refs(&|c, _| {
            c.applicable && c.status == ImplementationStatus::Implemented && c.evidence.is_empty()
        }),
        "implemented controls",
        "is implemented with no evidence cited",
        "cite no evidence",
    ));
    out.extend(grouped(
        refs(&|c, _| c.applicable && c.test_result == TestResult::NotEffective),
        "controls",
        "was found not effective at its last review or test",
        "were found not effective at their last review or test",
    ));
    out
}

/// Counts per implementation status, in [`ImplementationStatus::ALL`] order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Included controls.
    pub included: usize,
    pub excluded: usize,
    pub by_status: [usize; 4],
}

impl Progress {
    /// Implemented, of the included, in whole per cent.
    pub fn implemented_percent(&self) -> u32 {
        (self.by_status[3] * 100)
            .checked_div(self.included)
            .unwrap_or(0) as u32
    }
}

fn status_index(s: ImplementationStatus) -> usize {
    ImplementationStatus::ALL
        .iter()
        .position(|x| *x == s)
        .unwrap_or(0)
}

/// Progress of the whole register and of each theme (in [`Theme::ALL`]
/// order): status counts over the included controls.
pub fn progress(m: &Isms) -> (Progress, Vec<(Theme, Progress)>) {
    let mut all = Progress::default();
    let mut themes: Vec<(Theme, Progress)> = Theme::ALL
        .iter()
        .map(|t| (*t, Progress::default()))
        .collect();
    for c in &m.controls {
        let k = Theme::ALL.iter().position(|t| *t == c.theme).unwrap_or(0);
        for p in [&mut all, &mut themes[k].1] {
            if c.applicable {
                p.included += 1;
                p.by_status[status_index(c.status)] += 1;
            } else {
                p.excluded += 1;
            }
        }
    }
    (all, themes)
}

/// The columns of the SoA's CSV (and, after the first, of its approved
/// snapshot).
pub const HEADER: &[&str] = &[
    "Control",
    "Title",
    "Theme",
    "Applicable",
    "Reasons for inclusion",
    "Justification",
    "Implementation status",
    "Owner",
    "Implementation",
    "Evidence",
    "Last review or test",
    "Result",
    "Linked risks",
];

/// A control's row of the SoA as text, one value per [`HEADER`] column.
pub fn cells(c: &Control, row: &Row) -> Vec<String> {
    vec![
        c.reference.clone(),
        c.title.clone(),
        c.theme.label().into(),
        if c.applicable { "Yes" } else { "No" }.into(),
        row.reasons.join("; "),
        c.justification.clone(),
        c.status.label().into(),
        c.owner.clone(),
        c.implementation.clone(),
        c.evidence.join("; "),
        c.last_tested.clone(),
        if c.last_tested.is_empty() {
            String::new()
        } else {
            c.test_result.label().into()
        },
        row.risks.join("; "),
    ]
}

/// The SoA (the controls at `order`) as CSV, formula-safe like the risk
/// register's: a header, one row per control, CRLF, UTF-8 with a BOM.
pub fn csv(m: &Isms, rows: &[Row], order: &[usize]) -> String {
    let mut out = String::from("\u{feff}");
    let line = |cells: Vec<String>, out: &mut String| {
        let v: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&v.join(","));
        out.push_str("\r\n");
    };
    line(HEADER.iter().map(|h| h.to_string()).collect(), &mut out);
    for &k in order {
        let (Some(c), Some(row)) = (m.controls.get(k), rows.iter().find(|r| r.index == k)) else {
            continue;
        };
        line(cells(c, row), &mut out);
    }
    out
}
