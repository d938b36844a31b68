//! The snapshot of a document at approval: a table of items (a control, a
//! risk, a scale level, a scope boundary), each with one value per column,
//! as text a reader sees. The same shape for every subject makes the
//! comparison, the hash and the reader of the file one piece of code each.
//!
//! Items are keyed by what they are (`A.8.7`, `R-0012`, "Included: Payroll
//! office"), never by position, so adding one item shows as one addition.

use super::Subject;
use crate::core::controls::soa;
use crate::core::risk::register::level_of;
use crate::core::risk::{RiskMethod, Scoring};
use crate::core::{Isms, Treatment};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A document as a table.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Snapshot {
    /// What each value of an item is ("Implementation status").
    pub columns: Vec<String>,
    pub items: Vec<SnapshotItem>,
}

/// One item: its key and one value per column.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SnapshotItem {
    pub item: String,
    pub values: Vec<String>,
}

/// The most items a snapshot may hold (a register of 100,000 risks).
pub const MAX_ITEMS: usize = 100_000;

/// What is wrong with a snapshot read from a file, if anything.
pub fn problem(s: &Snapshot) -> Option<String> {
    if s.columns.is_empty() {
        return Some("has no columns".into());
    }
    if s.items.len() > MAX_ITEMS {
        return Some(format!(
            "has too many items ({}; at most {MAX_ITEMS})",
            s.items.len()
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, it) in s.items.iter().enumerate() {
        if it.values.len() != s.columns.len() {
            return Some(format!(
                "item {i} ({}) has {} values for {} columns",
                it.item,
                it.values.len(),
                s.columns.len()
            ));
        }
        if !seen.insert(it.item.as_str()) {
            return Some(format!("item {:?} appears twice", it.item));
        }
    }
    None
}

/// The SHA-256 of the snapshot's canonical content (its JSON as written,
/// compact: columns, then items in order), lower-case hex.
pub fn sha256(s: &Snapshot) -> String {
    sha256_json(s)
}

/// The SHA-256 of a value's compact JSON, lower-case hex.
pub fn sha256_json<T: Serialize + ?Sized>(v: &T) -> String {
    let text = serde_json::to_vec(v).unwrap_or_default();
    let digest = Sha256::digest(&text);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The document `subject` of `m` as it is now.
pub fn of(m: &Isms, subject: Subject) -> Snapshot {
    match subject {
        Subject::Soa => soa_table(m),
        Subject::RiskMethod => of_method(&m.risk_method),
        Subject::Scope => scope(m),
        Subject::TreatmentPlan => plan(m),
    }
}

/// A table of one column, "Value", from (item, value) pairs; a key seen
/// before gets " (2)", " (3)"...
fn single(pairs: Vec<(String, String)>) -> Snapshot {
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    let items = pairs
        .into_iter()
        .map(|(k, v)| {
            let n = seen.entry(k.clone()).or_insert(0);
            *n += 1;
            let item = if *n == 1 { k } else { format!("{k} ({n})") };
            SnapshotItem {
                item,
                values: vec![v],
            }
        })
        .collect();
    Snapshot {
        columns: vec!["Value".into()],
        items,
    }
}

fn soa_table(m: &Isms) -> Snapshot {
    let rows = soa::rows(m);
    let order = soa::filtered(m, &rows, &soa::Filter::default());
    let items = order
        .iter()
        .filter_map(|&k| {
            let c = m.controls.get(k)?;
            let row = rows.iter().find(|r| r.index == k)?;
            let mut values = soa::cells(c, row);
            let item = values.remove(0);
            Some(SnapshotItem { item, values })
        })
        .collect();
    Snapshot {
        columns: soa::HEADER[1..].iter().map(|h| h.to_string()).collect(),
        items,
    }
}

/// A risk method as its approval snapshot shows it.
pub fn of_method(m: &RiskMethod) -> Snapshot {
    let name = |k: usize| {
        m.risk_level(k)
            .map_or(format!("level {k}"), |l| l.name.clone())
    };
    let mut v = Vec::new();
    for (axis, scale) in [("Likelihood", &m.likelihood), ("Impact", &m.impact)] {
        for (i, l) in scale.levels.iter().enumerate() {
            v.push((
                format!("{axis} {}", i + 1),
                format!("{}: {}", l.label, l.criteria),
            ));
        }
    }
    for (i, l) in m.levels.iter().enumerate() {
        v.push((
            format!("Risk level {}", i + 1),
            format!(
                "{}; review every {} months; {}",
                l.name, l.review_months, l.response
            ),
        ));
    }
    match &m.scoring {
        Scoring::Lookup { grid } => {
            v.push(("Scoring".into(), "A grid of likelihood × impact".into()));
            for (l, row) in grid.iter().enumerate() {
                for (i, k) in row.iter().enumerate() {
                    v.push((format!("Likelihood {} × impact {}", l + 1, i + 1), name(*k)));
                }
            }
        }
        Scoring::Formula { formula, bands } => {
            v.push(("Scoring".into(), format!("Formula: {}", formula.label())));
            for b in bands {
                v.push((format!("Scores {} to {}", b.from, b.to), name(b.level)));
            }
        }
    }
    v.push(("Risk appetite".into(), name(m.appetite)));
    v.push((
        "Acceptance authority".into(),
        m.acceptance_authority.clone(),
    ));
    single(v)
}

fn scope(m: &Isms) -> Snapshot {
    let s = &m.scope;
    let mut v = vec![("Scope statement".to_string(), s.statement.clone())];
    for i in &s.inclusions {
        v.push((format!("Included: {}", i.text), String::new()));
    }
    for e in &s.exclusions {
        v.push((format!("Excluded: {}", e.text), e.justification.clone()));
    }
    for l in &s.locations {
        v.push((format!("Location: {l}"), String::new()));
    }
    for i in &s.interfaces {
        v.push((
            format!("Interface: {}", i.organisation),
            i.description.clone(),
        ));
    }
    single(v)
}

/// The columns of the treatment plan's snapshot.
pub const PLAN_COLUMNS: &[&str] = &[
    "Risk",
    "Risk owner",
    "Treatment",
    "Rationale",
    "Level with existing controls",
    "Level after treatment",
    "Controls",
    "Actions",
];

fn plan(m: &Isms) -> Snapshot {
    let method = &m.risk_method;
    let level = |s: Option<&crate::core::Score>| {
        s.and_then(|s| level_of(method, s))
            .and_then(|k| method.risk_level(k))
            .map_or(String::new(), |l| l.name.clone())
    };
    let control = |id: &str| {
        m.controls
            .iter()
            .find(|c| c.id == id)
            .map_or(String::new(), |c| format!(", implements {}", c.reference))
    };
    let items = m
        .risks
        .iter()
        .filter(|r| r.treatment != Treatment::Undecided || !r.actions.is_empty())
        .map(|r| {
            let actions: Vec<String> = r
                .actions
                .iter()
                .map(|a| {
                    format!(
                        "{} ({}, due {}, {}{})",
                        a.title,
                        if a.owner.is_empty() {
                            "no owner"
                        } else {
                            &a.owner
                        },
                        if a.due.is_empty() { "no date" } else { &a.due },
                        a.status.label(),
                        control(&a.control)
                    )
                })
                .collect();
            SnapshotItem {
                item: r.reference.clone(),
                values: vec![
                    r.title.clone(),
                    r.owner.clone(),
                    r.treatment.label().into(),
                    r.treatment_rationale.clone(),
                    level(r.current.as_ref()),
                    level(r.residual.as_ref()),
                    r.controls
                        .iter()
                        .filter_map(|id| m.controls.iter().find(|c| &c.id == id))
                        .map(|c| c.reference.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    actions.join("; "),
                ],
            }
        })
        .collect();
    Snapshot {
        columns: PLAN_COLUMNS.iter().map(|c| c.to_string()).collect(),
        items,
    }
}

/// How an item differs between two snapshots.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Difference {
    Added,
    Removed,
    Changed,
}

/// One difference: an item added or removed, or one value of it changed.
#[derive(Clone, Debug, PartialEq)]
pub struct DiffRow {
    pub item: String,
    pub difference: Difference,
    /// The column whose value changed (empty when added or removed).
    pub field: String,
    pub before: String,
    pub after: String,
}

impl std::fmt::Display for DiffRow {
    /// "A.8.7: Implementation status Planned → Implemented".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = |s: &str| {
            if s.is_empty() {
                "(empty)".to_string()
            } else {
                s.to_string()
            }
        };
        match self.difference {
            Difference::Added => write!(f, "{}: added", self.item),
            Difference::Removed => write!(f, "{}: removed", self.item),
            Difference::Changed => write!(
                f,
                "{}: {} {} → {}",
                self.item,
                self.field,
                shown(&self.before),
                shown(&self.after)
            ),
        }
    }
}

/// What changed from `before` to `after`, item by item and value by value:
/// the items of `after` in order (changed or added), then those removed.
/// Columns are matched by name, so a snapshot written by another release
/// of the app still compares.
pub fn compare(before: &Snapshot, after: &Snapshot) -> Vec<DiffRow> {
    let old: std::collections::HashMap<String, usize> = before
        .items
        .iter()
        .enumerate()
        .map(|(k, i)| (i.item.clone(), k))
        .collect();
    let new_keys: std::collections::HashSet<&str> =
        after.items.iter().map(|i| i.item.as_str()).collect();
    let value = |s: &Snapshot, it: &SnapshotItem, col: &str| -> String {
        s.columns
            .iter()
            .position(|c| c == col)
            .and_then(|k| it.values.get(k))
            .cloned()
            .unwrap_or_default()
    };
    let mut columns: Vec<&String> = after.columns.iter().collect();
    columns.extend(before.columns.iter().filter(|c| !after.columns.contains(c)));
    let mut out = Vec::new();
    for it in &after.items {
        let Some(was) = old.get(it.item.as_str()).map(|&k| &before.items[k]) else {
            out.push(DiffRow {
                item: it.item.clone(),
                difference: Difference::Added,
                field: String::new(),
                before: String::new(),
                after: it.values.join(" | "),
            });
            continue;
        };
        for col in &columns {
            let (b, a) = (value(before, was, col), value(after, it, col));
            if a != b {
                out.push(DiffRow {
                    item: it.item.clone(),
                    difference: Difference::Changed,
                    field: col.to_string(),
                    before: b,
                    after: a,
                });
            }
        }
    }
    for it in &before.items {
        if !new_keys.contains(it.item.as_str()) {
            out.push(DiffRow {
                item: it.item.clone(),
                difference: Difference::Removed,
                field: String::new(),
                before: it.values.join(" | "),
                after: String::new(),
            });
        }
    }
    out
}
