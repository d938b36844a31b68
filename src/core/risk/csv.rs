//! The register as CSV, safe from spreadsheet formula injection.

use super::method::RiskMethod;
use super::register::Row;
use crate::core::Asset;
use crate::core::Isms;
// ---------------------------------------------------------------- CSV

/// One CSV cell: quoted, and neutralised against spreadsheet formula
/// injection: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return gets a leading apostrophe, so a spreadsheet shows it as text.
pub fn csv_cell(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let mut out = String::with_capacity(s.len() + 3);
    out.push('"');
    if risky {
        out.push('\'');
    }
    out.push_str(&s.replace('"', "\"\""));
    out.push('"');
    out
}

/// The existing controls as the CSV states them: the linked controls'
/// references, then the note.
fn existing(isms: &Isms, r: &crate::core::Risk) -> String {
    let mut parts: Vec<String> = r
        .controls
        .iter()
        .filter_map(|id| isms.controls.iter().find(|c| c.id == *id))
        .map(|c| format!("{} {}", c.reference, c.title))
        .collect();
    if !r.existing_controls.trim().is_empty() {
        parts.push(r.existing_controls.trim().to_string());
    }
    parts.join("; ")
}

fn level_text(m: &RiskMethod, k: Option<usize>) -> String {
    match k.and_then(|k| m.risk_level(k).map(|l| (k, l))) {
        Some((_, l)) => l.name.clone(),
        None => String::new(),
    }
}

/// The register (the risks at `order`) as CSV: a header row, one row per
/// risk, CRLF line ends, UTF-8 with a byte-order mark so spreadsheets read
/// the accents right. Every cell passes [`csv_cell`].
pub fn csv(isms: &Isms, rows: &[Row], order: &[usize]) -> String {
    const HEADER: &[&str] = &[
        "Reference",
        "Title",
        "Description",
        "Threat",
        "Vulnerability",
        "Assets",
        "Affects (C, I, A)",
        "Owner",
        "Inherent likelihood",
        "Inherent impact",
        "Inherent level",
        "Existing controls",
        "Current likelihood",
        "Current impact",
        "Current level",
        "Residual likelihood",
        "Residual impact",
        "Residual level",
        "Status",
        "Reason closed",
        "Treatment",
        "Treatment rationale",
        "Treatment actions",
        "Plan approved by",
        "Plan approved on",
        "Accepted by",
        "Accepted on",
        "Acceptance rationale",
        "Acceptance expires",
        "Exception to appetite",
        "Last review",
        "Next review",
        "Needs attention",
    ];
    let m = &isms.risk_method;
    let mut out = String::from("\u{feff}");
    let line = |cells: Vec<String>, out: &mut String| {
        let v: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&v.join(","));
        out.push_str("\r\n");
    };
    line(HEADER.iter().map(|h| h.to_string()).collect(), &mut out);
    let by_id: std::collections::HashMap<&str, &Asset> =
        isms.assets.iter().map(|a| (a.id.as_str(), a)).collect();
    for &k in order {
        let (Some(r), Some(row)) = (isms.risks.get(k), rows.get(k)) else {
            continue;
        };
        let assets: Vec<String> = r
            .assets
            .iter()
            .filter_map(|id| by_id.get(id.as_str()))
            .map(|a| format!("{} {}", a.reference, a.name))
            .collect();
        let actions: Vec<String> = r
            .actions
            .iter()
            .map(|a| {
                let mut s = format!("{} ({}; {}", a.title, a.owner, a.status.label());
                if !a.due.is_empty() {
                    s.push_str(&format!("; due {}", a.due));
                }
                if let Some(c) = isms.controls.iter().find(|c| c.id == a.control) {
                    s.push_str(&format!("; control {}", c.reference));
                }
                s.push(')');
                s
            })
            .collect();
        let acc = r.acceptance.clone().unwrap_or_default();
        let plan = r.plan_approval.clone().unwrap_or_default();
        let level_or_unassessed = |s: Option<super::Score>, k: Option<usize>| match s {
            None => "Not assessed".to_string(),
            Some(_) => level_text(m, k),
        };
        let t = r.residual;
        let num = |v: Option<u8>| v.map_or(String::new(), |v| v.to_string());
        line(
            vec![
                r.reference.clone(),
                r.title.clone(),
                r.description.clone(),
                r.threat.clone(),
                r.vulnerability.clone(),
                assets.join("; "),
                r.cia(),
                r.owner.clone(),
                num(r.inherent.map(|s| s.likelihood)),
                num(r.inherent.map(|s| s.impact)),
                level_or_unassessed(r.inherent, row.inherent),
                existing(isms, r),
                num(r.current.map(|s| s.likelihood)),
                num(r.current.map(|s| s.impact)),
                level_or_unassessed(r.current, row.current),
                num(t.map(|t| t.likelihood)),
                num(t.map(|t| t.impact)),
                level_text(m, row.residual),
                r.status.label().into(),
                r.closed_reason.clone(),
                r.treatment.label().into(),
                r.treatment_rationale.clone(),
                actions.join("; "),
                plan.approved_by,
                plan.date,
                acc.accepted_by,
                acc.date,
                acc.rationale,
                acc.expires,
                if r.acceptance.as_ref().is_some_and(|a| a.exception) {
                    "yes".into()
                } else {
                    String::new()
                },
                r.last_review.clone(),
                row.next_review.clone(),
                row.problems(r, m).join("; "),
            ],
            &mut out,
        );
    }
    out
}
