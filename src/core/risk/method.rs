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

use serde::Serialize;
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
        super::presets::preset_5x5()
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

/// Our own words ("likelihood", "scores 1 to 4") with a capital first
/// letter (ASCII: no Unicode upper-case tables for them).
pub(crate) fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
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
    pub(crate) fn level_name(&self, level: usize) -> String {
        match self.risk_level(level) {
            Some(l) => format!("{} (level {level})", l.name),
            None => format!("level {level}"),
        }
    }
}
