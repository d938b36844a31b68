//! The rules of the context records.

use super::model::*;
use crate::core::kernel::check::{Check, FieldError, MAX_LONG, MAX_SHORT};
use crate::core::kernel::record::{ident, Among, Listed, Record};
use std::collections::HashSet;

/// The editable fields of the organisation's profile.
pub fn organisation(o: &Organisation) -> Vec<FieldError> {
    let mut c = Check::default();
    c.required("name", &o.name, MAX_SHORT);
    c.length("sector", &o.sector, MAX_SHORT);
    c.text_list("locations", &o.locations);
    c.length("description", &o.description, MAX_LONG);
    c.errors
}

/// A context issue's editable fields.
pub fn issue(i: &ContextIssue) -> Vec<FieldError> {
    let mut c = Check::default();
    c.required("title", &i.title, MAX_SHORT);
    c.length("description", &i.description, MAX_LONG);
    c.errors
}

/// An interested party's editable fields, requirements included.
pub fn party(p: &Party) -> Vec<FieldError> {
    let mut c = Check::default();
    c.required("name", &p.name, MAX_SHORT);
    c.length("contact", &p.contact, MAX_SHORT);
    c.list_len("requirements", &p.requirements);
    let mut seen = HashSet::new();
    for (i, r) in p.requirements.iter().enumerate() {
        let at = format!("requirements[{i}]");
        c.required(&format!("{at}.text"), &r.text, MAX_LONG);
        c.length(&format!("{at}.how"), &r.how, MAX_LONG);
        if !r.id.is_empty() && !seen.insert(r.id.as_str()) {
            c.err(format!("{at}.id"), format!("duplicate id {}", r.id));
        }
    }
    c.errors
}

/// The scope's fields: every exclusion needs a justification.
pub fn scope(s: &Scope) -> Vec<FieldError> {
    let mut c = Check::default();
    c.length("statement", &s.statement, MAX_LONG);
    c.list_len("inclusions", &s.inclusions);
    for (i, item) in s.inclusions.iter().enumerate() {
        c.required(&format!("inclusions[{i}].text"), &item.text, MAX_LONG);
        c.length(
            &format!("inclusions[{i}].justification"),
            &item.justification,
            MAX_LONG,
        );
    }
    c.list_len("exclusions", &s.exclusions);
    for (i, item) in s.exclusions.iter().enumerate() {
        c.required(&format!("exclusions[{i}].text"), &item.text, MAX_LONG);
        if item.justification.trim().is_empty() {
            c.err(
                format!("exclusions[{i}].justification"),
                "every exclusion needs a justification",
            );
        } else {
            c.length(
                &format!("exclusions[{i}].justification"),
                &item.justification,
                MAX_LONG,
            );
        }
    }
    c.text_list("locations", &s.locations);
    c.list_len("interfaces", &s.interfaces);
    for (i, f) in s.interfaces.iter().enumerate() {
        c.required(
            &format!("interfaces[{i}].organisation"),
            &f.organisation,
            MAX_SHORT,
        );
        c.length(
            &format!("interfaces[{i}].description"),
            &f.description,
            MAX_LONG,
        );
    }
    c.errors
}

impl Record for ContextIssue {
    ident!(title);
    fn rules(&self, _: &Among) -> Vec<FieldError> {
        issue(self)
    }
}

impl Record for Party {
    ident!(name);
    fn rules(&self, _: &Among) -> Vec<FieldError> {
        party(self)
    }
    fn new_ids(&mut self, new_id: &mut dyn FnMut() -> String) {
        for r in self.requirements.iter_mut().filter(|r| r.id.is_empty()) {
            r.id = new_id();
        }
    }
    fn nested_ids(&self) -> Vec<(String, &str)> {
        let at = |j| format!("requirements[{j}]");
        self.requirements
            .iter()
            .enumerate()
            .map(|(j, r)| (at(j), r.id.as_str()))
            .collect()
    }
    fn count_rows(list: &[Self]) -> Vec<(&'static str, usize)> {
        vec![
            (Self::INFO.label, list.len()),
            (
                "Requirements",
                list.iter().map(|p| p.requirements.len()).sum(),
            ),
        ]
    }
}
