//! Validation: every rule that keeps an ISMS consistent, with messages that
//! name the field (`name`) or, for a whole ISMS, the place (`assets[3].owner`).

use super::ids::{is_uuid, reference_number};
use super::model::*;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// Longest short text (names, titles, owners, tags...), in characters.
pub const MAX_SHORT: usize = 200;
/// Longest long text (descriptions, statements), in characters.
pub const MAX_LONG: usize = 20_000;
/// Most items in one list of a record (tags, dependencies, requirements...).
pub const MAX_ITEMS: usize = 1_000;

/// A problem with one field, named by its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// `name`, `requirements[2].text`, `assets[3].owner`...
    pub path: String,
    pub message: String,
}

impl FieldError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
    /// The same error under a parent path (`assets[3]` + `owner`).
    pub fn under(mut self, parent: &str) -> Self {
        self.path = if self.path.is_empty() {
            parent.to_string()
        } else if self.path.starts_with('[') {
            format!("{parent}{}", self.path)
        } else {
            format!("{parent}.{}", self.path)
        };
        self
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Collects field errors (shared with the risk method's rules).
#[derive(Default)]
pub(crate) struct Check {
    pub(crate) errors: Vec<FieldError>,
}

impl Check {
    pub(crate) fn err(&mut self, path: impl Into<String>, msg: impl Into<String>) {
        self.errors.push(FieldError::new(path, msg));
    }
    pub(crate) fn required(&mut self, path: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.err(path, "is required");
        } else {
            self.length(path, value, max);
        }
    }
    pub(crate) fn length(&mut self, path: &str, value: &str, max: usize) {
        let n = value.chars().count();
        if n > max {
            self.err(path, format!("is too long ({n} characters; at most {max})"));
        }
    }
    fn list_len<T>(&mut self, path: &str, items: &[T]) {
        if items.len() > MAX_ITEMS {
            self.err(
                path,
                format!("has too many items ({}; at most {MAX_ITEMS})", items.len()),
            );
        }
    }
    pub(crate) fn text_list(&mut self, path: &str, items: &[String]) {
        self.list_len(path, items);
        for (i, t) in items.iter().enumerate() {
            self.required(&format!("{path}[{i}]"), t, MAX_SHORT);
        }
    }
    pub(crate) fn timestamp(&mut self, path: &str, value: &str) {
        if chrono::DateTime::parse_from_rfc3339(value).is_err() {
            self.err(
                path,
                "expected a date and time such as 2026-01-31T09:30:00Z",
            );
        }
    }
}

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

/// An asset's editable fields; dependencies must name other assets of `isms`.
pub fn asset(a: &Asset, isms: &Isms) -> Vec<FieldError> {
    asset_among(a, &|id| isms.asset(id).is_some())
}

/// An asset's fields, with `exists` telling which asset ids exist.
fn asset_among(a: &Asset, exists: &dyn Fn(&str) -> bool) -> Vec<FieldError> {
    let mut c = Check::default();
    c.required("name", &a.name, MAX_SHORT);
    c.required("owner", &a.owner, MAX_SHORT);
    c.length("description", &a.description, MAX_LONG);
    c.length("location", &a.location, MAX_SHORT);
    c.list_len("depends_on", &a.depends_on);
    let mut seen = HashSet::new();
    for (i, d) in a.depends_on.iter().enumerate() {
        let at = format!("depends_on[{i}]");
        if !a.id.is_empty() && *d == a.id {
            c.err(at, "an asset cannot depend on itself");
        } else if !exists(d) {
            c.err(at, format!("no asset has the id {d}"));
        } else if !seen.insert(d.as_str()) {
            c.err(at, "is listed twice");
        }
    }
    c.list_len("tags", &a.tags);
    let mut tags = HashSet::new();
    for (i, t) in a.tags.iter().enumerate() {
        c.required(&format!("tags[{i}]"), t, 50);
        if !tags.insert(super::query::fold(t)) {
            c.err(format!("tags[{i}]"), format!("tag \"{t}\" is listed twice"));
        }
    }
    c.errors
}

/// A risk's editable fields, under the ISMS's risk method; affected assets
/// must be assets of `isms`.
pub fn risk(r: &Risk, isms: &Isms) -> Vec<FieldError> {
    risk_among(r, &isms.risk_method, &|id| isms.asset(id).is_some())
}

/// A date field: `YYYY-MM-DD`, or empty when `optional`.
fn date(c: &mut Check, path: &str, value: &str, optional: bool) {
    if value.is_empty() {
        if !optional {
            c.err(path, "is required");
        }
    } else if !super::dates::is_date(value) {
        c.err(path, "expected a date such as 2026-01-31");
    }
}

fn score(c: &mut Check, path: &str, s: &Score, m: &super::risk::RiskMethod) {
    for (key, value, scale, name) in [
        ("likelihood", s.likelihood, &m.likelihood, "likelihood"),
        ("impact", s.impact, &m.impact, "impact"),
    ] {
        if !scale.contains(value) {
            c.err(
                format!("{path}.{key}"),
                format!("{value} is outside the {name} scale (1 to {})", scale.len()),
            );
        }
    }
}

/// A risk's fields, with the method its scores are on and `exists`
/// telling which asset ids exist.
pub fn risk_among(
    r: &Risk,
    m: &super::risk::RiskMethod,
    exists: &dyn Fn(&str) -> bool,
) -> Vec<FieldError> {
    let mut c = Check::default();
    c.required("title", &r.title, MAX_SHORT);
    c.required("owner", &r.owner, MAX_SHORT);
    c.length("description", &r.description, MAX_LONG);
    c.length("threat", &r.threat, MAX_SHORT);
    c.length("vulnerability", &r.vulnerability, MAX_SHORT);
    c.length("existing_controls", &r.existing_controls, MAX_LONG);
    c.list_len("assets", &r.assets);
    let mut seen = HashSet::new();
    for (i, a) in r.assets.iter().enumerate() {
        let at = format!("assets[{i}]");
        if !exists(a) {
            c.err(at, format!("no asset has the id {a}"));
        } else if !seen.insert(a.as_str()) {
            c.err(at, "is listed twice");
        }
    }
    score(&mut c, "inherent", &r.inherent, m);
    score(&mut c, "residual", &r.residual, m);
    if let Some(t) = &r.target {
        score(&mut c, "target", t, m);
    }
    if r.treatment != Treatment::Undecided {
        c.required("treatment_rationale", &r.treatment_rationale, MAX_LONG);
    } else {
        c.length("treatment_rationale", &r.treatment_rationale, MAX_LONG);
    }
    c.list_len("actions", &r.actions);
    let mut ids = HashSet::new();
    for (i, a) in r.actions.iter().enumerate() {
        let at = format!("actions[{i}]");
        c.required(&format!("{at}.title"), &a.title, MAX_SHORT);
        c.required(&format!("{at}.owner"), &a.owner, MAX_SHORT);
        date(&mut c, &format!("{at}.due"), &a.due, true);
        c.length(&format!("{at}.control"), &a.control, MAX_SHORT);
        if !a.id.is_empty() && !ids.insert(a.id.as_str()) {
            c.err(format!("{at}.id"), format!("duplicate id {}", a.id));
        }
    }
    if let Some(a) = &r.acceptance {
        c.required("acceptance.accepted_by", &a.accepted_by, MAX_SHORT);
        date(&mut c, "acceptance.date", &a.date, false);
        c.required("acceptance.rationale", &a.rationale, MAX_LONG);
        date(&mut c, "acceptance.expires", &a.expires, true);
        if super::dates::is_date(&a.expires)
            && super::dates::is_date(&a.date)
            && a.expires <= a.date
        {
            c.err("acceptance.expires", "must be after the acceptance date");
        }
    }
    if r.status == RiskStatus::Accepted && r.acceptance.is_none() {
        c.err(
            "status",
            "a risk marked accepted needs an acceptance record (who accepted it, when and why)",
        );
    }
    // Retaining a risk above the appetite needs a recorded exception (6.1.3 f).
    if r.treatment == Treatment::Retain {
        if let Ok(level) = m.level(r.residual.likelihood, r.residual.impact) {
            let excepted = r.acceptance.as_ref().is_some_and(|a| a.exception);
            if !m.within_appetite(level) && !excepted {
                let name = |k: usize| {
                    m.risk_level(k)
                        .map_or(format!("level {k}"), |l| format!("{} (level {k})", l.name))
                };
                c.err(
                    "acceptance",
                    format!(
                        "the residual level {} is above the risk appetite ({}): retaining it needs an acceptance recorded as an exception{}",
                        name(level),
                        name(m.appetite),
                        if m.acceptance_authority.trim().is_empty() {
                            String::new()
                        } else {
                            format!(" by: {}", m.acceptance_authority.trim())
                        }
                    ),
                );
            }
        }
    }
    date(&mut c, "last_review", &r.last_review, true);
    c.errors
}

/// Checks a record's stored identity: UUID id, reference with the right prefix.
fn identity(c: &mut Check, at: &str, id: &str, reference: &str, prefix: &str) {
    if !is_uuid(id) {
        c.err(
            format!("{at}.id"),
            "expected a UUID such as 1b4e28ba-2fa1-41d2-883f-0016d3cca427",
        );
    }
    if reference_number(prefix, reference).is_none() {
        c.err(
            format!("{at}.reference"),
            format!("expected a reference such as {prefix}-0001"),
        );
    }
}

/// Every rule over a whole ISMS, as read from a file or from storage.
pub fn isms(m: &Isms) -> Vec<FieldError> {
    let mut c = Check::default();
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut unique_id = |c: &mut Check, at: &str, id: &str| {
        if let Some(first) = ids.get(id) {
            c.err(
                format!("{at}.id"),
                format!("duplicate id {id} (also used by {first})"),
            );
        } else {
            ids.insert(id.to_string(), at.to_string());
        }
    };
    let mut refs: HashMap<String, String> = HashMap::new();
    let mut unique_ref = |c: &mut Check, at: &str, r: &str| {
        if let Some(first) = refs.get(r) {
            c.err(
                format!("{at}.reference"),
                format!("duplicate reference {r} (also used by {first})"),
            );
        } else {
            refs.insert(r.to_string(), at.to_string());
        }
    };

    // Organisation: the name may still be empty in a new ISMS.
    let o = &m.organisation;
    c.length("organisation.name", &o.name, MAX_SHORT);
    c.length("organisation.sector", &o.sector, MAX_SHORT);
    c.text_list("organisation.locations", &o.locations);
    c.length("organisation.description", &o.description, MAX_LONG);

    for (i, x) in m.issues.iter().enumerate() {
        let at = format!("issues[{i}]");
        identity(&mut c, &at, &x.id, &x.reference, "I");
        unique_id(&mut c, &at, &x.id);
        unique_ref(&mut c, &at, &x.reference);
        c.errors.extend(issue(x).into_iter().map(|e| e.under(&at)));
        c.timestamp(&format!("{at}.created_at"), &x.created_at);
        c.timestamp(&format!("{at}.updated_at"), &x.updated_at);
    }
    for (i, p) in m.parties.iter().enumerate() {
        let at = format!("parties[{i}]");
        identity(&mut c, &at, &p.id, &p.reference, "P");
        unique_id(&mut c, &at, &p.id);
        unique_ref(&mut c, &at, &p.reference);
        c.errors.extend(party(p).into_iter().map(|e| e.under(&at)));
        for (j, r) in p.requirements.iter().enumerate() {
            let rat = format!("{at}.requirements[{j}]");
            if !is_uuid(&r.id) {
                c.err(format!("{rat}.id"), "expected a UUID");
            }
            unique_id(&mut c, &rat, &r.id);
        }
        c.timestamp(&format!("{at}.created_at"), &p.created_at);
        c.timestamp(&format!("{at}.updated_at"), &p.updated_at);
    }
    c.errors
        .extend(scope(&m.scope).into_iter().map(|e| e.under("scope")));
    let asset_ids: HashSet<&str> = m.assets.iter().map(|a| a.id.as_str()).collect();
    for (i, a) in m.assets.iter().enumerate() {
        let at = format!("assets[{i}]");
        identity(&mut c, &at, &a.id, &a.reference, "A");
        unique_id(&mut c, &at, &a.id);
        unique_ref(&mut c, &at, &a.reference);
        c.errors.extend(
            asset_among(a, &|id| asset_ids.contains(id))
                .into_iter()
                .map(|e| e.under(&at)),
        );
        c.timestamp(&format!("{at}.created_at"), &a.created_at);
        c.timestamp(&format!("{at}.updated_at"), &a.updated_at);
    }
    c.errors.extend(
        super::risk::validate(&m.risk_method)
            .into_iter()
            .map(|e| e.under("risk_method")),
    );
    for (i, r) in m.risks.iter().enumerate() {
        let at = format!("risks[{i}]");
        identity(&mut c, &at, &r.id, &r.reference, "R");
        unique_id(&mut c, &at, &r.id);
        unique_ref(&mut c, &at, &r.reference);
        c.errors.extend(
            risk_among(r, &m.risk_method, &|id| asset_ids.contains(id))
                .into_iter()
                .map(|e| e.under(&at)),
        );
        for (j, a) in r.actions.iter().enumerate() {
            let aat = format!("{at}.actions[{j}]");
            if !is_uuid(&a.id) {
                c.err(format!("{aat}.id"), "expected a UUID");
            }
            unique_id(&mut c, &aat, &a.id);
        }
        c.timestamp(&format!("{at}.created_at"), &r.created_at);
        c.timestamp(&format!("{at}.updated_at"), &r.updated_at);
    }
    let mut last = 0;
    for (i, e) in m.audit_log.iter().enumerate() {
        let at = format!("audit_log[{i}]");
        if e.seq <= last {
            c.err(
                format!("{at}.seq"),
                format!("must be greater than the previous entry's ({last})"),
            );
        }
        last = e.seq;
        c.timestamp(&format!("{at}.at"), &e.at);
        c.length(&format!("{at}.actor"), &e.actor, MAX_SHORT);
        c.length(&format!("{at}.summary"), &e.summary, MAX_LONG);
    }
    c.errors
}
