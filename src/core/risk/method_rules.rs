//! Every rule of a risk method: scales, levels, the grid or the bands,
//! the appetite; a sound method gives a level for every cell, and a higher
//! likelihood or impact never gives a lower level.

use super::method::*;
use crate::core::kernel::check::{Check, FieldError, MAX_LONG, MAX_SHORT};
use std::collections::HashMap;

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
            let key = crate::core::kernel::text::fold(name.trim());
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
    fn grid(&mut self, m: &RiskMethod, grid: &[Vec<usize>]) -> Vec<usize> {
        let (rows, cols, n) = (m.likelihood.len(), m.impact.len(), m.levels.len());
        let mut used = Vec::new();
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
                    used.push(cell);
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
    fn bands(&mut self, m: &RiskMethod, formula: Formula, bands: &[Band]) -> Vec<usize> {
        let n = m.levels.len();
        let mut used = Vec::new();
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
                used.push(band.level);
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
