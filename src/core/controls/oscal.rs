//! Control catalogues in OSCAL JSON (NIST's Open Security Controls Assessment
//! Language, catalog model 1.x), read as an extra framework beside Annex A:
//! its groups (which may nest), controls and their enhancements (controls
//! inside controls), each with its id, label, title and statement.
//!
//! A file that is not JSON, JSON that is not an OSCAL catalogue, or a
//! catalogue that breaks a rule below is refused with a message that names
//! the place (`catalog.groups[2].controls[5].title`) and the problem; nothing
//! is half read. Limits keep a hostile file from filling the storage: at most
//! [`MAX_CONTROLS`] controls and [`MAX_DEPTH`] levels of nesting, titles of
//! at most `MAX_SHORT` characters and statements of at most `MAX_LONG`.
//!
//! Pure: no browser, no clock.

use crate::core::kernel::check::{MAX_LONG, MAX_SHORT};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// The most controls (enhancements included) one catalogue may hold. NIST SP
/// 800-53 rev. 5 in full has 1,196.
pub const MAX_CONTROLS: usize = 20_000;
/// The deepest nesting of groups and controls.
pub const MAX_DEPTH: usize = 8;

/// An imported control catalogue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Framework {
    /// The catalogue's own UUID (`catalog.uuid`).
    pub uuid: String,
    /// `catalog.metadata.title`.
    pub title: String,
    /// `catalog.metadata.version`.
    pub version: String,
    /// Controls outside any group (`catalog.controls`).
    pub controls: Vec<Control>,
    pub groups: Vec<Group>,
}

/// A group of controls (a family such as "Access Control").
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    pub id: String,
    pub title: String,
    pub groups: Vec<Group>,
    pub controls: Vec<Control>,
}

/// A control, or an enhancement when it sits inside another control.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Control {
    /// The OSCAL id (`ac-2.1`).
    pub id: String,
    /// How the catalogue shows it (`AC-2(1)`): its `label` property, else the id.
    pub label: String,
    pub title: String,
    /// The statement's prose, its items one per line, parameters shown as
    /// `[Assignment: …]` or `[Selection: …]`. Empty when the control has none.
    pub statement: String,
    /// Marked withdrawn by the catalogue (`status` property).
    pub withdrawn: bool,
    /// Its enhancements.
    pub controls: Vec<Control>,
}

/// How many groups, controls (outside enhancements) and enhancements.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub groups: usize,
    pub controls: usize,
    pub enhancements: usize,
}

impl Framework {
    /// Counts every group, control and enhancement, however deep.
    pub fn counts(&self) -> Counts {
        fn controls(list: &[Control], inside: bool, n: &mut Counts) {
            for c in list {
                if inside {
                    n.enhancements += 1;
                } else {
                    n.controls += 1;
                }
                controls(&c.controls, true, n);
            }
        }
        fn groups(list: &[Group], n: &mut Counts) {
            for g in list {
                n.groups += 1;
                groups(&g.groups, n);
                controls(&g.controls, false, n);
            }
        }
        let mut n = Counts::default();
        groups(&self.groups, &mut n);
        controls(&self.controls, false, &mut n);
        n
    }

    /// Every control and enhancement, depth first in catalogue order.
    pub fn all_controls(&self) -> Vec<&Control> {
        fn walk<'a>(list: &'a [Control], out: &mut Vec<&'a Control>) {
            for c in list {
                out.push(c);
                walk(&c.controls, out);
            }
        }
        fn groups<'a>(list: &'a [Group], out: &mut Vec<&'a Control>) {
            for g in list {
                walk(&g.controls, out);
                groups(&g.groups, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.controls, &mut out);
        groups(&self.groups, &mut out);
        out
    }
}

/// Why a catalogue was refused: where (a path into the file, empty for the
/// whole file) and what.
#[derive(Clone, Debug, PartialEq)]
pub struct OscalError {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for OscalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

fn fail<T>(path: &str, message: impl Into<String>) -> Result<T, OscalError> {
    Err(OscalError {
        path: path.to_string(),
        message: message.into(),
    })
}

/// Reads an OSCAL catalogue from the text of a JSON file.
pub fn read(text: &str) -> Result<Framework, OscalError> {
    let v: Value = serde_json::from_str(text).map_err(|e| OscalError {
        path: String::new(),
        message: format!(
            "this file is not valid JSON (line {}, column {}: {e})",
            e.line(),
            e.column()
        ),
    })?;
    catalog(&v)
}

/// Reads an OSCAL catalogue from parsed JSON.
pub fn catalog(v: &Value) -> Result<Framework, OscalError> {
    let Some(root) = v.as_object() else {
        return fail(
            "",
            "this is not an OSCAL catalogue: the file holds no JSON object",
        );
    };
    let Some(cat) = root.get("catalog").and_then(Value::as_object) else {
        let what = if root.contains_key("profile") {
            "an OSCAL profile (a baseline that points to a catalogue); import the resolved catalogue instead"
        } else if root.contains_key("component-definition")
            || root.contains_key("system-security-plan")
            || root.contains_key("assessment-plan")
        {
            "another kind of OSCAL document; only catalogues hold controls to import"
        } else {
            "not an OSCAL catalogue: it has no \"catalog\" object"
        };
        return fail("", format!("this file is {what}"));
    };
    let uuid = text(cat, "catalog", "uuid", true, MAX_SHORT)?;
    let Some(meta) = cat.get("metadata").and_then(Value::as_object) else {
        return fail(
            "catalog.metadata",
            "is missing (every OSCAL catalogue has one)",
        );
    };
    let mut r = Reader::default();
    let framework = Framework {
        uuid,
        title: text(meta, "catalog.metadata", "title", true, MAX_SHORT)?,
        version: text(meta, "catalog.metadata", "version", false, MAX_SHORT)?,
        controls: r.controls(cat, "catalog", 1)?,
        groups: r.groups(cat, "catalog", 1)?,
    };
    if r.seen == 0 {
        return fail("catalog", "has no controls");
    }
    Ok(framework)
}

/// A text member of `obj` (at `path`), trimmed; an error when it is there
/// but not text, too long, or `required` and missing or empty.
fn text(
    obj: &Map<String, Value>,
    path: &str,
    key: &str,
    required: bool,
    max: usize,
) -> Result<String, OscalError> {
    let at = format!("{path}.{key}");
    match obj.get(key) {
        None | Some(Value::Null) if !required => Ok(String::new()),
        None | Some(Value::Null) => fail(&at, "is missing"),
        Some(Value::String(s)) => {
            let s = s.trim();
            if required && s.is_empty() {
                fail(&at, "is empty")
            } else if s.chars().count() > max {
                fail(&at, format!("is longer than {max} characters"))
            } else {
                Ok(s.to_string())
            }
        }
        Some(_) => fail(&at, "expected text"),
    }
}

/// An OSCAL token (ids of groups, controls and parameters): a letter or `_`,
/// then letters, digits, `_`, `-` and `.`.
fn is_token(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && s.len() <= 100
}

/// The array `key` of `obj`, or none; an error when it is not an array.
fn array<'a>(
    obj: &'a Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<&'a [Value], OscalError> {
    match obj.get(key) {
        None => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => fail(&format!("{path}.{key}"), "expected a list"),
    }
}

#[derive(Default)]
struct Reader {
    /// Controls read so far (enhancements included).
    seen: usize,
    /// Ids of controls and groups so far, with where they were.
    ids: HashSet<String>,
}

impl Reader {
    fn id(&mut self, obj: &Map<String, Value>, path: &str) -> Result<String, OscalError> {
        let id = text(obj, path, "id", true, MAX_SHORT)?;
        if !is_token(&id) {
            return fail(
                &format!("{path}.id"),
                format!(
                    "{id:?} is not an OSCAL id (a letter, then letters, digits, '-', '_' or '.')"
                ),
            );
        }
        if !self.ids.insert(id.clone()) {
            return fail(&format!("{path}.id"), format!("the id {id} is used twice"));
        }
        Ok(id)
    }

    fn groups(
        &mut self,
        obj: &Map<String, Value>,
        path: &str,
        depth: usize,
    ) -> Result<Vec<Group>, OscalError> {
        let list = array(obj, path, "groups")?;
        let mut out = Vec::with_capacity(list.len());
        for (i, g) in list.iter().enumerate() {
            let at = format!("{path}.groups[{i}]");
            if depth > MAX_DEPTH {
                return fail(
                    &at,
                    format!("groups and controls nest deeper than {MAX_DEPTH} levels"),
                );
            }
            let Some(g) = g.as_object() else {
                return fail(&at, "expected an object (a group)");
            };
            // A group's id is optional in OSCAL.
            let id = if g.contains_key("id") {
                self.id(g, &at)?
            } else {
                String::new()
            };
            out.push(Group {
                id,
                title: text(g, &at, "title", true, MAX_SHORT)?,
                groups: self.groups(g, &at, depth + 1)?,
                controls: self.controls(g, &at, depth + 1)?,
            });
        }
        Ok(out)
    }

    fn controls(
        &mut self,
        obj: &Map<String, Value>,
        path: &str,
        depth: usize,
    ) -> Result<Vec<Control>, OscalError> {
        let list = array(obj, path, "controls")?;
        let mut out = Vec::with_capacity(list.len());
        for (i, c) in list.iter().enumerate() {
            let at = format!("{path}.controls[{i}]");
            if depth > MAX_DEPTH {
                return fail(
                    &at,
                    format!("groups and controls nest deeper than {MAX_DEPTH} levels"),
                );
            }
            self.seen += 1;
            if self.seen > MAX_CONTROLS {
                return fail(
                    &at,
                    format!("the catalogue has more than {MAX_CONTROLS} controls"),
                );
            }
            let Some(c) = c.as_object() else {
                return fail(&at, "expected an object (a control)");
            };
            let id = self.id(c, &at)?;
            let props = array(c, &at, "props")?;
            let prop = |name: &str| {
                props.iter().find_map(|p| {
                    (p.get("name").and_then(Value::as_str) == Some(name))
                        .then(|| p.get("value").and_then(Value::as_str))
                        .flatten()
                })
            };
            // The plain label: NIST also gives zero-padded ones, with a class.
            let plain = props.iter().find_map(|p| {
                (p.get("name").and_then(Value::as_str) == Some("label") && p.get("class").is_none())
                    .then(|| p.get("value").and_then(Value::as_str))
                    .flatten()
            });
            let label = plain
                .or_else(|| prop("label"))
                .map(str::trim)
                .filter(|l| !l.is_empty() && l.chars().count() <= MAX_SHORT)
                .unwrap_or(&id)
                .to_string();
            let withdrawn = prop("status").is_some_and(|s| s.eq_ignore_ascii_case("withdrawn"));
            let params = params(c, &at)?;
            let mut statement = String::new();
            for (j, part) in array(c, &at, "parts")?.iter().enumerate() {
                if part.get("name").and_then(Value::as_str) == Some("statement") {
                    prose(
                        part,
                        &format!("{at}.parts[{j}]"),
                        &params,
                        0,
                        &mut statement,
                    )?;
                }
            }
            let statement = statement.trim_end().to_string();
            if statement.chars().count() > MAX_LONG {
                return fail(
                    &format!("{at}.parts"),
                    format!("the statement is longer than {MAX_LONG} characters"),
                );
            }
            out.push(Control {
                title: text(c, &at, "title", true, MAX_SHORT)?,
                id,
                label,
                statement,
                withdrawn,
                controls: self.controls(c, &at, depth + 1)?,
            });
        }
        Ok(out)
    }
}

/// A control's parameters: id → how its statement shows it.
fn params(c: &Map<String, Value>, path: &str) -> Result<HashMap<String, String>, OscalError> {
    let mut out = HashMap::new();
    for (i, p) in array(c, path, "params")?.iter().enumerate() {
        let at = format!("{path}.params[{i}]");
        let Some(p) = p.as_object() else {
            return fail(&at, "expected an object (a parameter)");
        };
        let id = text(p, &at, "id", true, MAX_SHORT)?;
        let shown = if let Some(sel) = p.get("select").and_then(Value::as_object) {
            let choices: Vec<&str> = sel
                .get("choice")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let how = if sel.get("how-many").and_then(Value::as_str) == Some("one-or-more") {
                "Selection (one or more)"
            } else {
                "Selection"
            };
            format!("[{how}: {}]", choices.join("; "))
        } else {
            let label = p.get("label").and_then(Value::as_str).unwrap_or("value");
            format!("[Assignment: {label}]")
        };
        out.insert(id, shown);
    }
    Ok(out)
}

/// Appends a part's prose and its sub-parts' (one line each, with their
/// labels), parameters replaced by how they are shown.
fn prose(
    part: &Value,
    path: &str,
    params: &HashMap<String, String>,
    depth: usize,
    out: &mut String,
) -> Result<(), OscalError> {
    if depth > MAX_DEPTH {
        return fail(path, format!("parts nest deeper than {MAX_DEPTH} levels"));
    }
    let Some(part) = part.as_object() else {
        return fail(path, "expected an object (a part)");
    };
    let label = part.get("props").and_then(Value::as_array).and_then(|ps| {
        ps.iter().find_map(|p| {
            (p.get("name").and_then(Value::as_str) == Some("label"))
                .then(|| p.get("value").and_then(Value::as_str))
                .flatten()
        })
    });
    if let Some(text) = part.get("prose").and_then(Value::as_str) {
        if let Some(l) = label {
            out.push_str(l);
            out.push(' ');
        }
        out.push_str(&insert_params(text.trim(), params));
        out.push('\n');
    }
    for (i, sub) in array(part, path, "parts")?.iter().enumerate() {
        prose(sub, &format!("{path}.parts[{i}]"), params, depth + 1, out)?;
    }
    Ok(())
}

/// `{{ insert: param, ac-1_prm_1 }}` → the parameter as shown.
fn insert_params(text: &str, params: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let inner = rest[start + 2..start + len].trim();
        let shown = inner
            .strip_prefix("insert:")
            .map(str::trim)
            .and_then(|r| r.strip_prefix("param,"))
            .map(str::trim)
            .map(|id| params.get(id).cloned().unwrap_or_else(|| format!("[{id}]")));
        match shown {
            Some(s) => out.push_str(&s),
            None => out.push_str(&rest[start..start + len + 2]),
        }
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}
