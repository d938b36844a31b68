//! The rules of a control of the register.

use super::annex_a;
use super::model::*;
use crate::core::kernel::check::{Check, FieldError, MAX_LONG, MAX_SHORT};
use crate::core::kernel::dates;
use crate::core::kernel::ids;
use crate::core::kernel::record::{ident, Among, Record};
use crate::core::Isms;
use std::collections::HashSet;

/// Why an evidence reference is refused, if it is: a document name is
/// free text; anything written as a link (`scheme:…`) must be an http(s)
/// link with a host, so that no `javascript:` or `data:` link is kept.
pub fn evidence_problem(item: &str) -> Option<&'static str> {
    let t = item.trim();
    let scheme_end = t.find(':')?;
    let scheme = &t[..scheme_end];
    let after = &t[scheme_end + 1..];
    let is_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
    // "Policy: v2" is a name with a colon, not a link.
    if !is_scheme || after.is_empty() || after.starts_with(' ') {
        return None;
    }
    let lower = scheme.to_ascii_lowercase();
    if lower != "http" && lower != "https" {
        return Some("links must start with https:// or http://");
    }
    let host = after.strip_prefix("//").unwrap_or("");
    let host = host.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || t.chars().any(char::is_whitespace) {
        return Some("expected a link such as https://intranet.example.com/policies/backup");
    }
    None
}

/// The theme a control of the catalogue has, and its title.
fn catalogue(c: &Control) -> Option<(Theme, &'static str)> {
    let (id, title) = annex_a::by_reference(&c.reference)?;
    Some((annex_a::theme_of(id)?, title))
}

impl Record for Control {
    ident!(title);
    fn rules(&self, _among: &Among) -> Vec<FieldError> {
        let mut c = Check::default();
        match catalogue(self) {
            Some((theme, title)) => {
                if self.title != title {
                    c.err(
                        "title",
                        format!("is the catalogue's for {}: {title}", self.reference),
                    );
                }
                if self.theme != theme {
                    c.err(
                        "theme",
                        format!(
                            "is the catalogue's for {}: {}",
                            self.reference,
                            theme.label()
                        ),
                    );
                }
            }
            None => c.required("title", &self.title, MAX_SHORT),
        }
        // An exclusion without its justification may be saved (an SoA is
        // drafted over weeks); the SoA's completeness checks list it.
        c.length("justification", &self.justification, MAX_LONG);
        let mut seen = HashSet::new();
        for (i, r) in self.reasons.iter().enumerate() {
            if !seen.insert(r.key()) {
                c.err(format!("reasons[{i}]"), "is listed twice");
            }
        }
        c.length("owner", &self.owner, MAX_SHORT);
        c.length("implementation", &self.implementation, MAX_LONG);
        c.text_list("evidence", &self.evidence);
        for (i, e) in self.evidence.iter().enumerate() {
            if let Some(why) = evidence_problem(e) {
                c.err(format!("evidence[{i}]"), why);
            }
        }
        if self.last_tested.is_empty() {
            if self.test_result != TestResult::NotTested {
                c.err(
                    "last_tested",
                    "is required with a result: when was it reviewed or tested?",
                );
            }
        } else if !dates::is_date(&self.last_tested) {
            c.err("last_tested", "expected a date such as 2026-01-31");
        } else if self.test_result == TestResult::NotTested {
            c.err(
                "test_result",
                "say what the review or test on that date found",
            );
        }
        c.errors
    }
    fn reference_ok(&self, prefix: &str) -> bool {
        self.is_annex_a() || ids::reference_number(prefix, &self.reference).is_some()
    }
    fn prepare(&mut self) {
        for e in &mut self.evidence {
            *e = e.trim().to_string();
        }
        self.evidence.retain(|e| !e.is_empty());
    }
    fn delete_refusal(&self, m: &Isms) -> Option<String> {
        if self.is_annex_a() {
            return Some(format!(
                "{} is a control of Annex A: every Statement of Applicability lists it. Mark it not applicable, with the reason, instead.",
                self.reference
            ));
        }
        let by: Vec<String> = m
            .risks
            .iter()
            .flat_map(|r| {
                r.actions
                    .iter()
                    .filter(|a| a.control == self.id)
                    .map(move |a| format!("{} (action “{}”)", r.reference, a.title))
            })
            .collect();
        if by.is_empty() {
            None
        } else {
            Some(format!(
                "Treatment actions implement {}: {}. Choose another control for them first.",
                self.reference,
                by.join(", ")
            ))
        }
    }
    fn count_rows(list: &[Self]) -> Vec<(&'static str, usize)> {
        let own = list.iter().filter(|c| !c.is_annex_a()).count();
        vec![
            ("Controls", list.len()),
            (
                "Controls applicable",
                list.iter().filter(|c| c.applicable).count(),
            ),
            ("Own controls", own),
        ]
    }
}

/// Every Annex A control is in the register, once: what a whole ISMS
/// must hold (an SoA lists all 93).
pub(crate) fn annex_a_complete(m: &Isms, c: &mut Check) {
    let mut missing = Vec::new();
    for (id, _) in annex_a::CONTROLS {
        let r = format!("A.{id}");
        if !m.controls.iter().any(|x| x.reference == r) {
            missing.push(r);
        }
    }
    if !missing.is_empty() {
        let n = missing.len();
        missing.truncate(5);
        c.err(
            "controls",
            format!(
                "the Annex A control{} {}{} {} missing (every register holds all 93)",
                if n == 1 { "" } else { "s" },
                missing.join(", "),
                if n > 5 {
                    format!(" and {} more", n - 5)
                } else {
                    String::new()
                },
                if n == 1 { "is" } else { "are" },
            ),
        );
    }
}
