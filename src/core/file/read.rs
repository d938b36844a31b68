//! Reads the model out of a file's parsed `data`, or names the first wrong
//! value and its place (`assets[3].owner`, "integer `5`, expected text").
//!
//! Written by hand rather than with serde's `Deserialize`: one small,
//! non-generic reader is a fraction of the WebAssembly that serde's
//! per-type code took, and it knows the path of every value it reads.
//!
//! Which problem is named when a record has several: the first key, in the
//! order the parsed object keeps them (sorted), that is unknown or holds a
//! wrong value; when every key is fine, the first missing field in the
//! model's order. A wrong value inside a list of records is named inside
//! that record (`parties[1].requirements[0].addressed`); a wrong item of a
//! list of texts is named by the list (`assets[1].tags`).

use crate::core::approvals::{Approval, Snapshot, SnapshotItem};
use crate::core::risk::{Band, Formula, RiskLevel, RiskMethod, Scale, ScaleLevel, Scoring};
use crate::core::*;
use serde_json::{Map, Value};

/// Where a value is wrong, and why.
pub type Error = (String, String);

/// Reads the ISMS out of `data`, or says where and why it cannot.
pub fn isms(data: &Value) -> Result<Isms, Error> {
    let mut r = Rec::new(data, "")?;
    let m = Isms {
        organisation: r.record("organisation", organisation).unwrap_or_default(),
        issues: r.list("issues", issue),
        parties: r.list("parties", party),
        scope: r.record("scope", scope).unwrap_or_default(),
        assets: r.list("assets", asset),
        risk_method: r.record("risk_method", risk_method).unwrap_or_default(),
        risks: r.list("risks", risk),
        controls: r.list("controls", control),
        approvals: r.list("approvals", approval),
        counters: r.counters("counters"),
        audit_log: r.list("audit_log", entry),
    };
    r.finish()?;
    Ok(m)
}

/// One record of kind `kind` out of `v`, as a file holds it, or where and
/// why it cannot be read (what the log keeps of a deleted record is read
/// back with it). The match is exhaustive: a new kind of record does not
/// compile until it is read here too.
pub fn record(kind: RecordKind, v: &Value) -> Result<AnyRecord, Error> {
    let path = kind.info().map_or("", |i| i.key);
    match kind {
        RecordKind::Issue => read_record(v, path, issue).map(AnyRecord::Issue),
        RecordKind::Party => read_record(v, path, party).map(AnyRecord::Party),
        RecordKind::Asset => read_record(v, path, asset).map(AnyRecord::Asset),
        RecordKind::Risk => read_record(v, path, risk).map(AnyRecord::Risk),
        RecordKind::Control => read_record(v, path, control).map(AnyRecord::Control),
        RecordKind::Organisation
        | RecordKind::Scope
        | RecordKind::RiskMethod
        | RecordKind::Soa
        | RecordKind::TreatmentPlan
        | RecordKind::Isms => Err((path.to_string(), "is not a record of a list".to_string())),
    }
}

fn organisation(r: &mut Rec) -> Organisation {
    Organisation {
        name: r.text("name"),
        sector: r.text("sector"),
        size: r.option_choice("size"),
        locations: r.texts("locations"),
        description: r.text("description"),
    }
}

fn issue(r: &mut Rec) -> ContextIssue {
    ContextIssue {
        id: r.text("id"),
        reference: r.text("reference"),
        title: r.text("title"),
        origin: r.choice("origin"),
        category: r.choice("category"),
        effect: r.choice("effect"),
        description: r.text("description"),
        created_at: r.text("created_at"),
        updated_at: r.text("updated_at"),
    }
}

fn requirement(r: &mut Rec) -> Requirement {
    Requirement {
        id: r.text("id"),
        text: r.text("text"),
        kind: r.choice("kind"),
        addressed: r.boolean("addressed"),
        how: r.text("how"),
    }
}

fn party(r: &mut Rec) -> Party {
    Party {
        id: r.text("id"),
        reference: r.text("reference"),
        name: r.text("name"),
        kind: r.choice("kind"),
        origin: r.choice("origin"),
        contact: r.text("contact"),
        requirements: r.list("requirements", requirement),
        created_at: r.text("created_at"),
        updated_at: r.text("updated_at"),
    }
}

fn scope_item(r: &mut Rec) -> ScopeItem {
    ScopeItem {
        text: r.text("text"),
        justification: r.text("justification"),
    }
}

fn interface(r: &mut Rec) -> Interface {
    Interface {
        organisation: r.text("organisation"),
        description: r.text("description"),
    }
}

fn scope(r: &mut Rec) -> Scope {
    Scope {
        statement: r.text("statement"),
        inclusions: r.list("inclusions", scope_item),
        exclusions: r.list("exclusions", scope_item),
        locations: r.texts("locations"),
        interfaces: r.list("interfaces", interface),
    }
}

fn asset(r: &mut Rec) -> Asset {
    Asset {
        id: r.text("id"),
        reference: r.text("reference"),
        name: r.text("name"),
        kind: r.choice("kind"),
        owner: r.text("owner"),
        description: r.text("description"),
        location: r.text("location"),
        classification: r.choice("classification"),
        confidentiality: r.choice("confidentiality"),
        integrity: r.choice("integrity"),
        availability: r.choice("availability"),
        in_scope: r.boolean("in_scope"),
        depends_on: r.texts("depends_on"),
        tags: r.texts("tags"),
        created_at: r.text("created_at"),
        updated_at: r.text("updated_at"),
    }
}

fn scale_level(r: &mut Rec) -> ScaleLevel {
    ScaleLevel {
        label: r.text("label"),
        criteria: r.text("criteria"),
    }
}

fn scale(r: &mut Rec) -> Scale {
    Scale {
        levels: r.list("levels", scale_level),
    }
}

fn risk_level(r: &mut Rec) -> RiskLevel {
    RiskLevel {
        name: r.text("name"),
        colour: r.text("colour"),
        response: r.text("response"),
        review_months: r.number("review_months", u32::MAX as u64, "a whole number of months")
            as u32,
    }
}

fn band(r: &mut Rec) -> Band {
    Band {
        from: r.number("from", u32::MAX as u64, "a whole number, 0 or more") as u32,
        to: r.number("to", u32::MAX as u64, "a whole number, 0 or more") as u32,
        level: r.number("level", 1000, "a level number from 1") as usize,
    }
}

fn risk_method(r: &mut Rec) -> RiskMethod {
    let likelihood = r
        .record("likelihood", scale)
        .unwrap_or(Scale { levels: Vec::new() });
    let impact = r
        .record("impact", scale)
        .unwrap_or(Scale { levels: Vec::new() });
    let levels = r.list("levels", risk_level);
    let scoring = match r.choice_index("scoring", &["lookup", "formula"], false) {
        Some(1) => {
            let formula = match r.choice_index("formula", &["product", "sum"], false) {
                Some(1) => Formula::Sum,
                _ => Formula::Product,
            };
            Scoring::Formula {
                formula,
                bands: r.list("bands", band),
            }
        }
        Some(_) => Scoring::Lookup {
            grid: r.grid("grid"),
        },
        // Missing or wrong: that is the problem to name, not the keys of
        // the scoring it was meant to be (`bands` would read as unknown).
        None => {
            r.known(&["grid", "formula", "bands"]);
            Scoring::Lookup { grid: Vec::new() }
        }
    };
    RiskMethod {
        likelihood,
        impact,
        levels,
        scoring,
        appetite: r.number("appetite", 1000, "a level number from 1") as usize,
        acceptance_authority: r.text("acceptance_authority"),
    }
}

fn score(r: &mut Rec) -> Score {
    Score {
        likelihood: r.number("likelihood", 255, "a level number from 1") as u8,
        impact: r.number("impact", 255, "a level number from 1") as u8,
    }
}

fn action(r: &mut Rec) -> TreatmentAction {
    TreatmentAction {
        id: r.text("id"),
        title: r.text("title"),
        owner: r.text("owner"),
        due: r.text("due"),
        status: r.choice("status"),
        control: r.text("control"),
    }
}

fn acceptance(r: &mut Rec) -> Acceptance {
    Acceptance {
        accepted_by: r.text("accepted_by"),
        date: r.text("date"),
        rationale: r.text("rationale"),
        expires: r.text("expires"),
        exception: r.boolean("exception"),
        level: r.number("level", u32::MAX as u64, "a whole number, 0 or more") as u32,
        method_sha256: r.text("method_sha256"),
    }
}

fn plan_approval(r: &mut Rec) -> PlanApproval {
    PlanApproval {
        approved_by: r.text("approved_by"),
        date: r.text("date"),
        plan_sha256: r.text("plan_sha256"),
    }
}

fn risk(r: &mut Rec) -> Risk {
    Risk {
        id: r.text("id"),
        reference: r.text("reference"),
        title: r.text("title"),
        description: r.text("description"),
        threat: r.text("threat"),
        vulnerability: r.text("vulnerability"),
        assets: r.texts("assets"),
        confidentiality: r.boolean("confidentiality"),
        integrity: r.boolean("integrity"),
        availability: r.boolean("availability"),
        owner: r.text("owner"),
        inherent: r.option_record("inherent", score),
        controls: r.texts("controls"),
        existing_controls: r.text("existing_controls"),
        current: r.option_record("current", score),
        residual: r.option_record("residual", score),
        status: r.choice("status"),
        treatment: r.choice("treatment"),
        treatment_rationale: r.text("treatment_rationale"),
        actions: r.list("actions", action),
        acceptance: r.option_record("acceptance", acceptance),
        plan_approval: r.option_record("plan_approval", plan_approval),
        closed_reason: r.text("closed_reason"),
        last_review: r.text("last_review"),
        created_at: r.text("created_at"),
        updated_at: r.text("updated_at"),
    }
}

fn control(r: &mut Rec) -> Control {
    Control {
        id: r.text("id"),
        reference: r.text("reference"),
        title: r.text("title"),
        theme: r.choice("theme"),
        applicable: r.boolean("applicable"),
        reasons: r.choices("reasons"),
        justification: r.text("justification"),
        status: r.choice("status"),
        owner: r.text("owner"),
        implementation: r.text("implementation"),
        evidence: r.texts("evidence"),
        last_tested: r.text("last_tested"),
        test_result: r.choice("test_result"),
        created_at: r.text("created_at"),
        updated_at: r.text("updated_at"),
    }
}

fn snapshot_item(r: &mut Rec) -> SnapshotItem {
    SnapshotItem {
        item: r.text("item"),
        values: r.texts("values"),
    }
}

fn snapshot(r: &mut Rec) -> Snapshot {
    Snapshot {
        columns: r.texts("columns"),
        items: r.list("items", snapshot_item),
    }
}

fn approval(r: &mut Rec) -> Approval {
    Approval {
        subject: r.choice("subject"),
        version: r.number("version", u32::MAX as u64, "a whole number from 1") as u32,
        document_id: r.text("document_id"),
        classification: r.text("classification"),
        approved_by: r.text("approved_by"),
        role: r.text("role"),
        date: r.text("date"),
        note: r.text("note"),
        recorded_by: r.text("recorded_by"),
        recorded_at: r.text("recorded_at"),
        sha256: r.text("sha256"),
        snapshot: r.record("snapshot", snapshot).unwrap_or_default(),
    }
}

fn change(r: &mut Rec) -> FieldChange {
    FieldChange {
        field: r.text("field"),
        before: r.any("before"),
        after: r.any("after"),
    }
}

fn entry(r: &mut Rec) -> AuditEntry {
    AuditEntry {
        seq: r.number("seq", u64::MAX, "a whole number, 0 or more"),
        at: r.text("at"),
        actor: r.text("actor"),
        action: r.choice("action"),
        kind: r.choice("kind"),
        record_id: r.text("record_id"),
        reference: r.text("reference"),
        summary: r.text("summary"),
        changes: r.list("changes", change),
    }
}

/// What a value is, as an error message names it.
fn found(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// A whole number from 0 to `max`.
fn whole(v: &Value, max: u64) -> Option<u64> {
    v.as_u64().filter(|n| *n <= max)
}

fn expected(v: &Value, what: &str) -> String {
    format!("{}, expected {what}", found(v))
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `` `a` ``, `` `a` or `b` `` or `` one of `a`, `b`, `c` ``.
fn one_of(keys: &[&str]) -> String {
    let quoted: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    match quoted.len() {
        1 | 2 => quoted.join(" or "),
        _ => format!("one of {}", quoted.join(", ")),
    }
}

/// One record (a JSON object) being read: each field is read in the model's
/// order, a wrong one gives a default and is remembered, and [`Rec::finish`]
/// picks the problem to report.
struct Rec<'a> {
    map: &'a Map<String, Value>,
    path: &'a str,
    /// The keys of the record's fields, in the model's order.
    fields: Vec<&'static str>,
    /// How many of them the object has.
    present: usize,
    missing: Option<&'static str>,
    errors: Vec<(&'static str, Error)>,
}

impl<'a> Rec<'a> {
    fn new(v: &'a Value, path: &'a str) -> Result<Self, Error> {
        match v {
            Value::Object(map) => Ok(Rec {
                map,
                path,
                fields: Vec::new(),
                present: 0,
                missing: None,
                errors: Vec::new(),
            }),
            _ => Err((path.to_string(), expected(v, "an object"))),
        }
    }

    /// The value under `key`; a missing one is remembered.
    fn get(&mut self, key: &'static str) -> Option<&'a Value> {
        self.fields.push(key);
        let v = self.map.get(key);
        match v {
            Some(_) => self.present += 1,
            None if self.missing.is_none() => self.missing = Some(key),
            None => {}
        }
        v
    }

    /// Takes `keys` as fields of the record without reading them.
    fn known(&mut self, keys: &[&'static str]) {
        self.fields.extend_from_slice(keys);
    }

    fn fail(&mut self, key: &'static str, at: String, message: String) {
        self.errors.push((key, (at, message)));
    }

    /// Remembers `message` as the problem of `key`.
    fn wrong(&mut self, key: &'static str, message: String) {
        let at = join(self.path, key);
        self.fail(key, at, message);
    }

    fn text(&mut self, key: &'static str) -> String {
        match self.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(v) => {
                self.wrong(key, expected(v, "text"));
                String::new()
            }
            None => String::new(),
        }
    }

    fn boolean(&mut self, key: &'static str) -> bool {
        match self.get(key) {
            Some(Value::Bool(b)) => *b,
            Some(v) => {
                self.wrong(key, expected(v, "a boolean"));
                false
            }
            None => false,
        }
    }

    fn number(&mut self, key: &'static str, max: u64, what: &str) -> u64 {
        let Some(v) = self.get(key) else {
            return 0;
        };
        match whole(v, max) {
            Some(n) => n,
            None => {
                self.wrong(key, expected(v, what));
                0
            }
        }
    }

    fn any(&mut self, key: &'static str) -> Value {
        self.get(key).cloned().unwrap_or(Value::Null)
    }

    /// A list of texts; a wrong item is named by the list.
    fn texts(&mut self, key: &'static str) -> Vec<String> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let Value::Array(items) = v else {
            self.wrong(key, expected(v, "a list"));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match item {
                Value::String(s) => out.push(s.clone()),
                _ => {
                    self.wrong(key, expected(item, "text"));
                    return Vec::new();
                }
            }
        }
        out
    }

    /// The index into `keys` of the choice under `key`; `None` when it is
    /// missing, null (if `optional`) or wrong (remembered).
    fn choice_index(&mut self, key: &'static str, keys: &[&str], optional: bool) -> Option<usize> {
        let v = self.get(key)?;
        let message = match v {
            Value::Null if optional => return None,
            Value::String(s) => match keys.iter().position(|k| k == s) {
                Some(i) => return Some(i),
                None => format!("unknown value `{s}`, expected {}", one_of(keys)),
            },
            _ => expected(v, "text"),
        };
        self.wrong(key, message);
        None
    }

    fn choice<C: Choice>(&mut self, key: &'static str) -> C {
        let i = self.choice_index(key, C::keys(), false).unwrap_or(0);
        C::all()[i]
    }

    /// A list of choices; a wrong item is named by the list.
    fn choices<C: Choice>(&mut self, key: &'static str) -> Vec<C> {
        let texts = self.texts(key);
        let mut out = Vec::with_capacity(texts.len());
        for t in &texts {
            match C::from_key(t) {
                Some(c) => out.push(c),
                None => {
                    let message = format!("unknown value `{t}`, expected {}", one_of(C::keys()));
                    self.wrong(key, message);
                    return Vec::new();
                }
            }
        }
        out
    }

    /// A choice that may be null, or left out.
    fn option_choice<C: Choice>(&mut self, key: &'static str) -> Option<C> {
        // A missing optional field is `None`, as serde read it.
        if !self.map.contains_key(key) {
            self.fields.push(key);
            return None;
        }
        let i = self.choice_index(key, C::keys(), true)?;
        Some(C::all()[i])
    }

    /// A record under `key`; a problem inside it is named inside it.
    fn record<T>(&mut self, key: &'static str, read: fn(&mut Rec) -> T) -> Option<T> {
        let v = self.get(key)?;
        let at = join(self.path, key);
        match read_record(v, &at, read) {
            Ok(x) => Some(x),
            Err((p, m)) => {
                self.fail(key, p, m);
                None
            }
        }
    }

    /// A record that may be null.
    fn option_record<T>(&mut self, key: &'static str, read: fn(&mut Rec) -> T) -> Option<T> {
        if matches!(self.map.get(key), Some(Value::Null)) {
            self.get(key);
            return None;
        }
        self.record(key, read)
    }

    /// A grid: a list of lists of level numbers (`grid[1][3]`).
    fn grid(&mut self, key: &'static str) -> Vec<Vec<usize>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let at = join(self.path, key);
        let Value::Array(rows) = v else {
            self.wrong(key, expected(v, "a list"));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(rows.len());
        for (l, row) in rows.iter().enumerate() {
            let Value::Array(cells) = row else {
                self.fail(key, format!("{at}[{l}]"), expected(row, "a list"));
                return Vec::new();
            };
            let mut levels = Vec::with_capacity(cells.len());
            for (i, cell) in cells.iter().enumerate() {
                match whole(cell, 1000) {
                    Some(n) => levels.push(n as usize),
                    None => {
                        self.fail(
                            key,
                            format!("{at}[{l}][{i}]"),
                            expected(cell, "a level number from 1"),
                        );
                        return Vec::new();
                    }
                }
            }
            out.push(levels);
        }
        out
    }

    /// A list of records; the first wrong one is named with its index.
    fn list<T>(&mut self, key: &'static str, read: fn(&mut Rec) -> T) -> Vec<T> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let Value::Array(items) = v else {
            self.wrong(key, expected(v, "a list"));
            return Vec::new();
        };
        let at = join(self.path, key);
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match read_record(item, &format!("{at}[{i}]"), read) {
                Ok(x) => out.push(x),
                Err((p, m)) => {
                    self.fail(key, p, m);
                    return Vec::new();
                }
            }
        }
        out
    }

    /// The reference counters: an object of whole numbers.
    fn counters(&mut self, key: &'static str) -> std::collections::BTreeMap<String, u32> {
        let mut out = std::collections::BTreeMap::new();
        let Some(v) = self.get(key) else {
            return out;
        };
        let Value::Object(map) = v else {
            self.wrong(key, expected(v, "an object"));
            return out;
        };
        let at = join(self.path, key);
        for (k, n) in map {
            match whole(n, u32::MAX as u64) {
                Some(n) => {
                    out.insert(k.clone(), n as u32);
                }
                None => {
                    let message = expected(n, "a whole number from 0 to 4294967295");
                    self.fail(key, join(&at, k), message);
                    break;
                }
            }
        }
        out
    }

    /// The record's problem, if it has one.
    fn finish(mut self) -> Result<(), Error> {
        if self.errors.is_empty() && self.missing.is_none() && self.present == self.map.len() {
            return Ok(());
        }
        for key in self.map.keys() {
            if !self.fields.contains(&key.as_str()) {
                return Err((join(self.path, key), format!("unknown field `{key}`")));
            }
            if let Some(i) = self.errors.iter().position(|(k, _)| k == key) {
                return Err(self.errors.swap_remove(i).1);
            }
        }
        match self.missing {
            Some(f) => Err((self.path.to_string(), format!("missing field `{f}`"))),
            None => Ok(()),
        }
    }
}

fn read_record<T>(v: &Value, path: &str, read: fn(&mut Rec) -> T) -> Result<T, Error> {
    let mut r = Rec::new(v, path)?;
    let x = read(&mut r);
    r.finish()?;
    Ok(x)
}
