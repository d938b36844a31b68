//! The risk method (clause 6.1.2 a, b): the scales a risk is scored on, how
//! a likelihood and an impact give a risk level, what each level requires,
//! and the acceptance criteria. Pure: no clock, no browser.
//!
//! Numbering, everywhere (API, stored file, messages): scale levels and risk
//! levels are counted from 1. Likelihood 1 and impact 1 are the lowest;
//! risk level 1 is the least severe, and the list of levels runs from the
//! least to the most severe. Paths in [`FieldError`]s follow the stored
//! shape and count from 0, like every path of the ISMS (`grid[1][3]` is
//! likelihood 2 × impact 4).
//!
//! The stored shape, one object per method (keys in this order):
//!
//! ```json
//! { "likelihood": { "levels": [ { "label": "Rare", "criteria": "…" }, … ] },
//!   "impact":     { "levels": [ … ] },
//!   "levels": [ { "name": "Low", "colour": "#2b8a3e", "response": "…", "review_months": 12 }, … ],
//!   "scoring": "lookup", "grid": [ [1, 1, 1, 1, 2], … ],
//!   "appetite": 1,
//!   "acceptance_authority": "…" }
//! ```
//!
//! or, for a formula, `"scoring": "formula", "formula": "product" | "sum",
//! "bands": [ { "from": 1, "to": 4, "level": 1 }, … ]` in place of the grid.
//! `grid[l - 1][i - 1]` is the level number of likelihood `l` × impact `i`
//! (one row per likelihood level, lowest first); bands are inclusive ranges
//! of scores, listed from the lowest scores up.

use super::validate::Check;
use super::validate::{FieldError, MAX_LONG, MAX_SHORT};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// Fewest levels on a likelihood or impact scale.
pub const MIN_SCALE: usize = 3;
/// Most levels on a likelihood or impact scale.
pub const MAX_SCALE: usize = 10;
/// Fewest risk levels (for example "acceptable" and "not acceptable").
pub const MIN_RISK_LEVELS: usize = 2;
/// Most risk levels.
pub const MAX_RISK_LEVELS: usize = 10;
/// Longest review interval of a risk level, in months.
pub const MAX_REVIEW_MONTHS: u32 = 60;
/// Most bands: one per possible score of the largest product (10 × 10).
pub const MAX_BANDS: usize = MAX_SCALE * MAX_SCALE;

/// One level of a likelihood or impact scale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScaleLevel {
    /// What people call it: "Rare", "Major"...
    pub label: String,
    /// What it means, so that two people give the same score (6.1.2 b).
    pub criteria: String,
}

/// A likelihood or impact scale: its levels, lowest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scale {
    pub levels: Vec<ScaleLevel>,
}

impl Scale {
    /// How many levels the scale has.
    pub fn len(&self) -> usize {
        self.levels.len()
    }
    pub fn is_empty(&self) -> bool {
        self.levels.is_empty()
    }
    /// True when `value` is one of the scale's levels (counted from 1).
    pub fn contains(&self, value: u8) -> bool {
        value >= 1 && usize::from(value) <= self.levels.len()
    }
    /// The level `value` (counted from 1).
    pub fn level(&self, value: u8) -> Option<&ScaleLevel> {
        usize::from(value)
            .checked_sub(1)
            .and_then(|k| self.levels.get(k))
    }
}

/// A risk level: what a likelihood × impact comes to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RiskLevel {
    pub name: String,
    /// A CSS hex colour: `#d9480f` (or the short `#d40`).
    pub colour: String,
    /// The response the level requires ("treat within a month"...).
    pub response: String,
    /// How often a risk at this level is reviewed, in months (1 to 60).
    pub review_months: u32,
}

/// How a formula combines likelihood and impact into a score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Formula {
    /// likelihood × impact
    Product,
    /// likelihood + impact
    Sum,
}

impl Formula {
    /// Every formula, in display order.
    pub const ALL: &'static [Formula] = &[Formula::Product, Formula::Sum];

    /// The name stored in files.
    pub fn key(self) -> &'static str {
        match self {
            Formula::Product => "product",
            Formula::Sum => "sum",
        }
    }
    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Formula::Product => "Likelihood × impact",
            Formula::Sum => "Likelihood + impact",
        }
    }
    /// The formula stored under `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|f| f.key() == key)
    }
    /// The score of likelihood `l` and impact `i`.
    pub fn score(self, l: u8, i: u8) -> u32 {
        match self {
            Formula::Product => u32::from(l) * u32::from(i),
            Formula::Sum => u32::from(l) + u32::from(i),
        }
    }
    /// The lowest and highest scores on scales of `likelihood` and `impact`
    /// levels (`None` when a scale is empty).
    pub fn range(self, likelihood: usize, impact: usize) -> Option<(u32, u32)> {
        if likelihood == 0 || impact == 0 {
            return None;
        }
        let (l, i) = (count(likelihood), count(impact));
        Some(match self {
            Formula::Product => (1, l.saturating_mul(i)),
            Formula::Sum => (2, l.saturating_add(i)),
        })
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A range of scores (both ends included) and the risk level it gives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Band {
    pub from: u32,
    pub to: u32,
    /// The risk level number (counted from 1).
    pub level: usize,
}

impl Band {
    pub fn contains(&self, score: u32) -> bool {
        self.from <= score && score <= self.to
    }
}

/// How a likelihood and an impact give a risk level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "scoring", rename_all = "snake_case")]
pub enum Scoring {
    /// A grid edited cell by cell: `grid[l - 1][i - 1]` is the level number
    /// of likelihood `l` × impact `i`.
    Lookup { grid: Vec<Vec<usize>> },
    /// A formula's score, cut into bands.
    Formula { formula: Formula, bands: Vec<Band> },
}

/// The whole risk method of an ISMS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RiskMethod {
    pub likelihood: Scale,
    pub impact: Scale,
    /// The risk levels, from the least to the most severe.
    pub levels: Vec<RiskLevel>,
    #[serde(flatten)]
    pub scoring: Scoring,
    /// Risk appetite: the highest level (number) that may be retained
    /// without treatment.
    pub appetite: usize,
    /// Who may accept a risk above the appetite.
    pub acceptance_authority: String,
}

impl Default for RiskMethod {
    /// The 5 × 5 preset.
    fn default() -> Self {
        preset_5x5()
    }
}

/// Which scale a value is outside of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Axis {
    Likelihood,
    Impact,
}

impl Axis {
    fn name(self) -> &'static str {
        match self {
            Axis::Likelihood => "likelihood",
            Axis::Impact => "impact",
        }
    }
}

/// Why no risk level could be found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RiskError {
    /// `value` is not a level of the scale, which has `levels` levels.
    OutsideScale {
        axis: Axis,
        value: u8,
        levels: usize,
    },
    /// The scores are on the scales, but the method gives them no level
    /// (a method that does not pass [`validate`]).
    NoLevel { likelihood: u8, impact: u8 },
}

impl fmt::Display for RiskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RiskError::OutsideScale {
                axis,
                value,
                levels,
            } => write!(
                f,
                "{} {value} is outside the {} scale (1 to {levels})",
                capitalised(axis.name()),
                axis.name()
            ),
            RiskError::NoLevel { likelihood, impact } => write!(
                f,
                "The risk method gives no level for likelihood {likelihood} × impact {impact}; \
                 please correct the method"
            ),
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl RiskMethod {
    /// The risk level number (from 1) of `likelihood` × `impact`, both
    /// counted from 1.
    pub fn level(&self, likelihood: u8, impact: u8) -> Result<usize, RiskError> {
        for (axis, scale, value) in [
            (Axis::Likelihood, &self.likelihood, likelihood),
            (Axis::Impact, &self.impact, impact),
        ] {
            if !scale.contains(value) {
                return Err(RiskError::OutsideScale {
                    axis,
                    value,
                    levels: scale.len(),
                });
            }
        }
        // Both are at least 1 here.
        let (l, i) = (
            usize::from(likelihood).saturating_sub(1),
            usize::from(impact).saturating_sub(1),
        );
        let found = match &self.scoring {
            Scoring::Lookup { grid } => grid.get(l).and_then(|row| row.get(i)).copied(),
            Scoring::Formula { formula, bands } => {
                let score = formula.score(likelihood, impact);
                bands.iter().find(|b| b.contains(score)).map(|b| b.level)
            }
        };
        match found {
            Some(k) if k >= 1 && k <= self.levels.len() => Ok(k),
            _ => Err(RiskError::NoLevel { likelihood, impact }),
        }
    }

    /// The risk level numbered `level` (from 1).
    pub fn risk_level(&self, level: usize) -> Option<&RiskLevel> {
        level.checked_sub(1).and_then(|k| self.levels.get(k))
    }

    /// True when a risk at `level` may be retained without treatment.
    pub fn within_appetite(&self, level: usize) -> bool {
        level >= 1 && level <= self.levels.len() && level <= self.appetite
    }

    /// How often a risk at `level` is reviewed, in months.
    pub fn review_interval(&self, level: usize) -> Option<u32> {
        self.risk_level(level).map(|l| l.review_months)
    }

    /// Every cell's level: `[l - 1][i - 1]` for likelihood `l` × impact `i`,
    /// for a heat map or to turn a formula into a grid to edit. (A scale
    /// longer than 255 levels, which [`validate`] refuses, is cut there.)
    pub fn matrix(&self) -> Result<Vec<Vec<usize>>, RiskError> {
        (1..=u8::MAX)
            .take(self.likelihood.len())
            .map(|l| {
                (1..=u8::MAX)
                    .take(self.impact.len())
                    .map(|i| self.level(l, i))
                    .collect()
            })
            .collect()
    }

    /// The lowest and highest possible scores, for a formula.
    pub fn score_range(&self) -> Option<(u32, u32)> {
        match &self.scoring {
            Scoring::Lookup { .. } => None,
            Scoring::Formula { formula, .. } => {
                formula.range(self.likelihood.len(), self.impact.len())
            }
        }
    }

    /// Fits a lookup grid to the scales after a level was added or
    /// removed: a new row or column copies its neighbour below (so the
    /// grid stays monotone), a removed one is dropped. Formulas need nothing.
    pub fn fit_grid(&mut self) {
        let (nl, ni) = (self.likelihood.len(), self.impact.len());
        if let Scoring::Lookup { grid } = &mut self.scoring {
            for row in grid.iter_mut() {
                let last = row.last().copied().unwrap_or(1);
                row.resize(ni, last);
            }
            let last = grid.last().cloned().unwrap_or_else(|| vec![1; ni]);
            grid.resize(nl, last);
        }
    }

    /// The same levels as a lookup grid, to edit cell by cell (a method
    /// whose levels cannot all be found keeps level 1 where it has none).
    pub fn as_lookup(&self) -> Scoring {
        let grid = (1..=self.likelihood.len())
            .map(|l| {
                (1..=self.impact.len())
                    .map(|i| self.level(l as u8, i as u8).unwrap_or(1))
                    .collect()
            })
            .collect();
        Scoring::Lookup { grid }
    }

    /// `formula` with its score range cut into one band per risk level of
    /// about equal width, lowest scores first: a start to adjust.
    pub fn as_formula(&self, formula: Formula) -> Scoring {
        let (lo, hi) = formula
            .range(self.likelihood.len(), self.impact.len())
            .unwrap_or((1, 1));
        let n = self.levels.len().max(1) as u32;
        let width = (hi - lo + 1) as f64 / n as f64;
        let mut bands = Vec::new();
        let mut from = lo;
        for k in 1..=n {
            let to = if k == n {
                hi
            } else {
                (lo as f64 + width * k as f64).round() as u32 - 1
            };
            let to = to.max(from).min(hi);
            if from > hi {
                break;
            }
            bands.push(Band {
                from,
                to,
                level: k as usize,
            });
            from = to + 1;
        }
        Scoring::Formula { formula, bands }
    }

    /// "Medium (level 2)", or "level 7" for a level that does not exist.
    fn level_name(&self, level: usize) -> String {
        match self.risk_level(level) {
            Some(l) => format!("{} (level {level})", l.name),
            None => format!("level {level}"),
        }
    }
}

// ---------------------------------------------------------------- presets

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

// ---------------------------------------------------------------- validation

/// True for a CSS hex colour: `#` and 3 or 6 hexadecimal digits.
pub fn is_colour(s: &str) -> bool {
    s.strip_prefix('#').is_some_and(|hex| {
        (hex.len() == 3 || hex.len() == 6) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// "score 7" or "scores 7 to 9".
fn scores(from: u32, to: u32) -> String {
    if from == to {
        format!("score {from}")
    } else {
        format!("scores {from} to {to}")
    }
}

/// "Score 7 is" or "Scores 7 to 9 are", to start a message.
fn subject(from: u32, to: u32, one: &str, many: &str) -> String {
    let verb = if from == to { one } else { many };
    format!("{} {verb}", capitalised(&scores(from, to)))
}

/// "1 level", "3 levels".
fn counted(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Rules of the risk method, on the shared field-error collector.
impl Check {
    /// Each name must differ from the ones before it (ignoring case and
    /// surrounding spaces); `what` is "label" or "name".
    fn unique<'a>(&mut self, at: &str, what: &str, names: impl Iterator<Item = &'a str>) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (k, name) in names.enumerate() {
            let key = name.trim().to_lowercase();
            if key.is_empty() {
                continue;
            }
            if let Some(first) = seen.get(&key) {
                self.err(
                    format!("{at}[{k}].{what}"),
                    format!(
                        "\"{}\" is already the {what} of level {}",
                        name.trim(),
                        first + 1
                    ),
                );
            } else {
                seen.insert(key, k);
            }
        }
    }

    fn scale(&mut self, at: &str, s: &Scale) {
        let n = s.len();
        if !(MIN_SCALE..=MAX_SCALE).contains(&n) {
            self.err(
                format!("{at}.levels"),
                format!(
                    "has {}; a scale has {MIN_SCALE} to {MAX_SCALE}",
                    counted(n, "level")
                ),
            );
        }
        for (k, l) in s.levels.iter().enumerate() {
            let p = format!("{at}.levels[{k}]");
            self.required(&format!("{p}.label"), &l.label, MAX_SHORT);
            if l.criteria.trim().is_empty() {
                self.err(
                    format!("{p}.criteria"),
                    "is required: say what this level means, so that everyone scores alike",
                );
            } else {
                self.length(&format!("{p}.criteria"), &l.criteria, MAX_LONG);
            }
        }
        self.unique(
            &format!("{at}.levels"),
            "label",
            s.levels.iter().map(|l| l.label.as_str()),
        );
    }

    fn risk_levels(&mut self, levels: &[RiskLevel]) {
        let n = levels.len();
        if !(MIN_RISK_LEVELS..=MAX_RISK_LEVELS).contains(&n) {
            self.err(
                "levels",
                format!(
                    "has {}; a method has {MIN_RISK_LEVELS} to {MAX_RISK_LEVELS}",
                    counted(n, "risk level")
                ),
            );
        }
        for (k, l) in levels.iter().enumerate() {
            let p = format!("levels[{k}]");
            self.required(&format!("{p}.name"), &l.name, MAX_SHORT);
            if !is_colour(&l.colour) {
                self.err(format!("{p}.colour"), "expected a colour such as #d9480f");
            }
            self.required(&format!("{p}.response"), &l.response, MAX_LONG);
            if !(1..=MAX_REVIEW_MONTHS).contains(&l.review_months) {
                self.err(
                    format!("{p}.review_months"),
                    format!(
                        "is {} months; a review interval is 1 to {MAX_REVIEW_MONTHS} months",
                        l.review_months
                    ),
                );
            }
        }
        self.unique("levels", "name", levels.iter().map(|l| l.name.as_str()));
    }

    /// A level number referenced at `path`; true when it exists.
    fn level_ref(&mut self, path: &str, level: usize, n: usize) -> bool {
        if level == 0 {
            self.err(path, format!("has no level: choose one of 1 to {n}"));
            false
        } else if level > n {
            self.err(
                path,
                format!(
                    "names level {level}, but there {} only {n}",
                    if n == 1 { "is" } else { "are" }
                ),
            );
            false
        } else {
            true
        }
    }

    /// The grid's shape, its cells and its monotonicity. Returns the levels
    /// the grid uses.
    fn grid(&mut self, m: &RiskMethod, grid: &[Vec<usize>]) -> BTreeSet<usize> {
        let (rows, cols, n) = (m.likelihood.len(), m.impact.len(), m.levels.len());
        let mut used = BTreeSet::new();
        if grid.len() != rows {
            self.err(
                "grid",
                format!(
                    "has {} rows, but the likelihood scale has {rows} levels: \
                     one row per likelihood level is needed",
                    grid.len()
                ),
            );
        }
        for (l, row) in grid.iter().enumerate() {
            if row.len() != cols {
                self.err(
                    format!("grid[{l}]"),
                    format!(
                        "has {} cells, but the impact scale has {cols} levels: \
                         every likelihood × impact needs a level",
                        row.len()
                    ),
                );
            }
            for (i, &cell) in row.iter().enumerate() {
                let p = format!("grid[{l}][{i}]");
                if cell == 0 {
                    self.err(
                        p,
                        format!(
                            "likelihood {} × impact {} has no level: choose one of 1 to {n}",
                            l + 1,
                            i + 1
                        ),
                    );
                } else if self.level_ref(&p, cell, n) && l < rows && i < cols {
                    used.insert(cell);
                }
            }
        }
        // Monotonicity: compare each cell with the one below it in
        // likelihood and the one before it in impact.
        let ok = |l: usize, i: usize| -> Option<usize> {
            let c = *grid.get(l)?.get(i)?;
            (l < rows && i < cols && c >= 1 && c <= n).then_some(c)
        };
        for l in 0..rows {
            for i in 0..cols {
                let Some(c) = ok(l, i) else { continue };
                let lower = [
                    (l.checked_sub(1).map(|pl| (pl, i)), "likelihood"),
                    (i.checked_sub(1).map(|pi| (l, pi)), "impact"),
                ];
                for (other, axis) in lower {
                    let Some((pl, pi)) = other else { continue };
                    let Some(p) = ok(pl, pi) else { continue };
                    if c < p {
                        self.err(
                            format!("grid[{l}][{i}]"),
                            format!(
                                "likelihood {} × impact {} gives {}, below the {} of \
                                 likelihood {} × impact {}: a higher {axis} must never \
                                 give a lower level",
                                l + 1,
                                i + 1,
                                m.level_name(c),
                                m.level_name(p),
                                pl + 1,
                                pi + 1
                            ),
                        );
                    }
                }
            }
        }
        used
    }

    /// The bands: shape, coverage of every score exactly once, level
    /// references, order and monotonicity. Returns the levels they use.
    fn bands(&mut self, m: &RiskMethod, formula: Formula, bands: &[Band]) -> BTreeSet<usize> {
        let n = m.levels.len();
        let mut used = BTreeSet::new();
        if bands.is_empty() {
            self.err("bands", "at least one band is needed");
            return used;
        }
        if bands.len() > MAX_BANDS {
            self.err(
                "bands",
                format!("has {} bands; at most {MAX_BANDS}", bands.len()),
            );
            return used;
        }
        // The scores to cover; none to check on scales already refused as
        // too large (which also bounds the loops below to 100 scores).
        let (rows, cols) = (m.likelihood.len(), m.impact.len());
        let range = if rows <= MAX_SCALE && cols <= MAX_SCALE {
            formula.range(rows, cols)
        } else {
            None
        };
        let mut sound = vec![false; bands.len()];
        for (b, band) in bands.iter().enumerate() {
            let p = format!("bands[{b}]");
            if band.from > band.to {
                self.err(
                    &p,
                    format!(
                        "starts at {} but ends at {}: the first score must not exceed the last",
                        band.from, band.to
                    ),
                );
            } else {
                sound[b] = true;
                if let Some((lo, hi)) = range {
                    if band.to < lo || band.from > hi {
                        self.err(
                            &p,
                            format!(
                                "{} can never occur: the scores run from {lo} to {hi}",
                                capitalised(&scores(band.from, band.to))
                            ),
                        );
                    } else if band.from < lo || band.to > hi {
                        self.err(
                            &p,
                            format!(
                                "reaches outside the possible scores ({lo} to {hi}): \
                                 it covers {}",
                                scores(band.from, band.to)
                            ),
                        );
                    }
                }
            }
            if self.level_ref(&format!("{p}.level"), band.level, n) {
                used.insert(band.level);
            }
            if b > 0 && sound[b] && sound[b - 1] && band.from < bands[b - 1].from {
                self.err(
                    &p,
                    format!(
                        "this band ({}) is listed after a band of higher scores ({}): \
                         list the bands from the lowest scores up",
                        scores(band.from, band.to),
                        scores(bands[b - 1].from, bands[b - 1].to)
                    ),
                );
            }
        }
        // Overlaps: each pair of bands sharing scores.
        for j in 0..bands.len() {
            for i in 0..j {
                if !(sound[i] && sound[j]) {
                    continue;
                }
                let (a, b) = (&bands[i], &bands[j]);
                let (from, to) = (a.from.max(b.from), a.to.min(b.to));
                if from <= to {
                    self.err(
                        format!("bands[{j}]"),
                        format!(
                            "{} also in the band of {}: each score must fall in exactly one band",
                            subject(from, to, "is", "are"),
                            scores(a.from, a.to)
                        ),
                    );
                }
            }
        }
        // Gaps: every score from the lowest to the highest in some band.
        if let Some((lo, hi)) = range {
            let covered = |s: u32| bands.iter().zip(&sound).any(|(b, ok)| *ok && b.contains(s));
            let mut s = lo;
            while s <= hi {
                if covered(s) {
                    s += 1;
                    continue;
                }
                let start = s;
                while s < hi && !covered(s + 1) {
                    s += 1;
                }
                self.err(
                    "bands",
                    format!(
                        "no band covers {}: every score from {lo} to {hi} must fall in \
                         exactly one band",
                        scores(start, s)
                    ),
                );
                s += 1;
            }
        }
        // Monotonicity: in score order, a band's level never drops.
        let mut order: Vec<usize> = (0..bands.len())
            .filter(|&b| sound[b] && bands[b].level >= 1 && bands[b].level <= n)
            .collect();
        order.sort_by_key(|&b| (bands[b].from, bands[b].to));
        for w in order.windows(2) {
            let (p, b) = (&bands[w[0]], &bands[w[1]]);
            if b.level < p.level {
                self.err(
                    format!("bands[{}].level", w[1]),
                    format!(
                        "{} {}, below the {} of {}: a higher score must never \
                         give a lower level",
                        subject(b.from, b.to, "gives", "give"),
                        m.level_name(b.level),
                        m.level_name(p.level),
                        scores(p.from, p.to)
                    ),
                );
            }
        }
        used
    }
}

/// Every rule of a risk method, with paths such as
/// `likelihood.levels[2].label`, `levels[1].colour`, `grid[1][3]`,
/// `bands[0]`, `appetite`. Empty when the method is sound: then
/// [`RiskMethod::level`] gives a level for every cell, and a higher
/// likelihood or impact never gives a lower level.
pub fn validate(m: &RiskMethod) -> Vec<FieldError> {
    let mut c = Check::default();
    c.scale("likelihood", &m.likelihood);
    c.scale("impact", &m.impact);
    c.risk_levels(&m.levels);
    let n = m.levels.len();
    let before = c.errors.len();
    let (used, by) = match &m.scoring {
        Scoring::Lookup { grid } => (c.grid(m, grid), "no cell of the grid"),
        Scoring::Formula { formula, bands } => (c.bands(m, *formula, bands), "no band"),
    };
    if c.errors.len() == before {
        for k in 1..=n {
            if !used.contains(&k) {
                c.err(
                    format!("levels[{}]", k - 1),
                    format!("{by} gives {}: use it or remove it", m.level_name(k)),
                );
            }
        }
    }
    if m.appetite == 0 || m.appetite > n {
        c.err(
            "appetite",
            format!(
                "is level {}, which does not exist: choose one of 1 to {n}",
                m.appetite
            ),
        );
    }
    if m.appetite < n {
        c.required("acceptance_authority", &m.acceptance_authority, MAX_LONG);
    } else {
        c.length("acceptance_authority", &m.acceptance_authority, MAX_LONG);
    }
    c.errors
}

// ---------------------------------------------------------------- method changes

/// What a risk's level becomes under a new method.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NewLevel {
    /// The level number under the new method.
    Level { level: usize },
    /// The risk's scores are outside the new scales: it must be rescored.
    /// Nothing is clamped.
    OutsideScale { likelihood: bool, impact: bool },
    /// On the new scales, but the new method gives no level (it does not
    /// pass [`validate`]).
    NoLevel,
}

/// A risk whose level a change of method would change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LevelChange {
    /// The risk's reference (`R-001`).
    pub risk: String,
    pub likelihood: u8,
    pub impact: u8,
    /// The level under the old method (`None` when it gave none).
    pub before: Option<usize>,
    pub after: NewLevel,
}

impl LevelChange {
    /// One line for people and for the audit log:
    /// "R-001 (likelihood 4 × impact 4): High (level 3) → Very high (level 4)".
    pub fn describe(&self, old: &RiskMethod, new: &RiskMethod) -> String {
        let head = format!(
            "{} (likelihood {} × impact {})",
            self.risk, self.likelihood, self.impact
        );
        let was = match self.before {
            Some(k) => old.level_name(k),
            None => "no level".to_string(),
        };
        match &self.after {
            NewLevel::Level { level } => format!("{head}: {was} → {}", new.level_name(*level)),
            NewLevel::OutsideScale { likelihood, impact } => {
                let mut outside = Vec::new();
                if *likelihood {
                    outside.push(format!(
                        "likelihood {} is outside the new scale (1 to {})",
                        self.likelihood,
                        new.likelihood.len()
                    ));
                }
                if *impact {
                    outside.push(format!(
                        "impact {} is outside the new scale (1 to {})",
                        self.impact,
                        new.impact.len()
                    ));
                }
                format!(
                    "{head}: was {was}; {}: it must be rescored",
                    outside.join(" and ")
                )
            }
            NewLevel::NoLevel => format!("{head}: was {was}; the new method gives no level"),
        }
    }
}

/// Which of `risks` (reference, likelihood, impact) a change from `old` to
/// `new` would affect, in the order given: those whose level number or
/// level name changes, and those whose scores fall outside the new scales
/// (reported, never clamped, so that people rescore them). Risks whose
/// level stays the same are left out.
pub fn impact_of_change(
    old: &RiskMethod,
    new: &RiskMethod,
    risks: &[(String, u8, u8)],
) -> Vec<LevelChange> {
    let mut out = Vec::new();
    for (risk, l, i) in risks {
        let before = old.level(*l, *i).ok();
        let (lo, io) = (!new.likelihood.contains(*l), !new.impact.contains(*i));
        let after = if lo || io {
            NewLevel::OutsideScale {
                likelihood: lo,
                impact: io,
            }
        } else {
            match new.level(*l, *i) {
                Ok(level) => {
                    let same_name = match (
                        before.and_then(|k| old.risk_level(k)),
                        new.risk_level(level),
                    ) {
                        (Some(a), Some(b)) => a.name == b.name,
                        _ => false,
                    };
                    if before == Some(level) && same_name {
                        continue;
                    }
                    NewLevel::Level { level }
                }
                Err(_) => NewLevel::NoLevel,
            }
        };
        out.push(LevelChange {
            risk: risk.clone(),
            likelihood: *l,
            impact: *i,
            before,
            after,
        });
    }
    out
}
