//! The risk register seen through the risk method: each risk's computed
//! levels and review date, what needs attention, filters, sorting, heat-map
//! counts and the CSV export. Pure: "today" (`YYYY-MM-DD`) is passed in.

use super::method::RiskMethod;
use super::model::*;
use crate::core::kernel::choice::sort_columns;
use crate::core::kernel::dates;
use crate::core::kernel::text::{fold, sort_indexes};
use crate::core::Isms;
use std::cmp::Ordering;

/// One risk with everything the method and the date say about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Index into `Isms::risks`.
    pub index: usize,
    /// Level numbers (from 1); `None` when the method gives none.
    pub inherent: Option<usize>,
    pub current: Option<usize>,
    pub residual: Option<usize>,
    /// When the risk is next due for review (`YYYY-MM-DD`), from the last
    /// review (or its creation) and its current level's review interval.
    pub next_review: String,
    pub review_overdue: bool,
    /// Open actions past their due date.
    pub overdue_actions: usize,
    pub acceptance_expired: bool,
    /// The current level is above the risk appetite.
    pub above_appetite: bool,
    /// The residual level (after the planned treatment; the current one
    /// when none is given) is above the appetite, the risk is treated
    /// (modify, avoid, share) and no exception is recorded.
    pub needs_exception: bool,
    /// Why its acceptance must be given again (re-scored above the level
    /// accepted, or the method changed), if it must.
    pub reaccept: Option<String>,
    /// Not scored yet (no inherent or no current score).
    pub unassessed: bool,
    /// The treatment plan changed since the risk owner approved it.
    pub plan_changed: bool,
    /// The references of the affected assets, `A-0001, A-0007`.
    pub asset_refs: String,
    /// Reference, title, texts, owner, threat... folded for search.
    pub search: String,
}

impl Row {
    /// Why the risk needs attention, one phrase each (empty when it does not).
    pub fn problems(&self, risk: &Risk, method: &RiskMethod) -> Vec<String> {
        let mut out = Vec::new();
        if risk.status == RiskStatus::Closed {
            return out;
        }
        if self.review_overdue {
            out.push(format!("review overdue (due {})", self.next_review));
        }
        match self.overdue_actions {
            0 => {}
            1 => out.push("1 treatment action overdue".into()),
            n => out.push(format!("{n} treatment actions overdue")),
        }
        if self.acceptance_expired {
            if let Some(a) = &risk.acceptance {
                out.push(format!("acceptance expired on {}", a.expires));
            }
        }
        if self.above_appetite && risk.treatment == Treatment::Undecided {
            let name = self
                .current
                .and_then(|k| method.risk_level(k))
                .map_or("", |l| l.name.as_str());
            out.push(format!(
                "{name} risk above the appetite with no treatment decided"
            ));
        }
        if self.needs_exception {
            out.push(
                "the residual risk stays above the appetite: set the residual expected after treatment, or record an exception"
                    .into(),
            );
        }
        if let Some(why) = &self.reaccept {
            out.push(why.clone());
        }
        if self.plan_changed {
            out.push(
                "the treatment plan changed since the risk owner approved it: it needs their approval again"
                    .into(),
            );
        }
        if self.unassessed {
            out.push("not assessed yet: score its inherent and current risk".into());
        } else if self.current.is_none() {
            out.push("the risk method gives no level: rescore it".into());
        }
        out
    }

    /// True when [`Row::problems`] has something to say.
    pub fn needs_attention(&self, risk: &Risk) -> bool {
        risk.status != RiskStatus::Closed
            && (self.review_overdue
                || self.overdue_actions > 0
                || self.acceptance_expired
                || (self.above_appetite && risk.treatment == Treatment::Undecided)
                || self.needs_exception
                || self.reaccept.is_some()
                || self.plan_changed
                || self.current.is_none())
    }
}

/// The level of a score, when the method gives one.
pub fn level_of(m: &RiskMethod, s: &Score) -> Option<usize> {
    m.level(s.likelihood, s.impact).ok()
}

/// The level of a score that may not be given yet.
pub fn level_opt(m: &RiskMethod, s: Option<Score>) -> Option<usize> {
    s.and_then(|s| level_of(m, &s))
}

/// The date a risk is next due for review.
pub fn next_review(m: &RiskMethod, r: &Risk, current: Option<usize>) -> String {
    let from = if r.last_review.is_empty() {
        r.created_at.get(..10).unwrap_or("")
    } else {
        r.last_review.as_str()
    };
    current
        .and_then(|k| m.review_interval(k))
        .and_then(|months| dates::add_months(from, months))
        .unwrap_or_default()
}

/// The levels (numbers from 1) of a risk's three scores.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Levels {
    pub inherent: Option<usize>,
    pub current: Option<usize>,
    pub residual: Option<usize>,
}

/// Every risk's levels under the ISMS's method, in register order.
pub fn levels(isms: &Isms) -> Vec<Levels> {
    let m = &isms.risk_method;
    isms.risks
        .iter()
        .map(|r| Levels {
            inherent: level_opt(m, r.inherent),
            current: level_opt(m, r.current),
            residual: level_opt(m, r.residual),
        })
        .collect()
}

/// Every risk's row, in register order.
pub fn rows(isms: &Isms, today: &str) -> Vec<Row> {
    rows_with(isms, &levels(isms), today)
}

/// Why the acceptance of `r` must be given again, if it must: the risk
/// was re-scored above the residual level accepted, or the method
/// (`method_now`, its [`super::rules::method_sha256`]) changed since.
pub fn reacceptance(r: &Risk, m: &RiskMethod, method_now: &str) -> Option<String> {
    let a = r.acceptance.as_ref()?;
    let now = level_opt(m, r.residual_or_current())?;
    let name = |k: usize| {
        m.risk_level(k)
            .map_or(format!("level {k}"), |l| l.name.clone())
    };
    if a.level > 0 && now > a.level as usize {
        Some(format!(
            "re-scored above the level accepted ({} accepted, now {}): the risk owner must accept it again",
            name(a.level as usize),
            name(now)
        ))
    } else if !a.method_sha256.is_empty() && a.method_sha256 != method_now {
        Some(
            "the risk method changed since the acceptance: the risk owner must accept it again"
                .into(),
        )
    } else {
        None
    }
}

/// Every risk's row, from levels already computed by [`levels`].
pub fn rows_with(isms: &Isms, levels: &[Levels], today: &str) -> Vec<Row> {
    let m = &isms.risk_method;
    let method_now = super::rules::method_sha256(m);
    let refs: std::collections::HashMap<&str, &crate::core::Asset> =
        isms.assets.iter().map(|a| (a.id.as_str(), a)).collect();
    isms.risks
        .iter()
        .enumerate()
        .map(|(index, r)| {
            let lv = levels.get(index).copied().unwrap_or_default();
            let current = lv.current;
            let open = r.status != RiskStatus::Closed;
            // A closed risk is reviewed no more.
            let next_review = if open {
                next_review(m, r, current)
            } else {
                String::new()
            };
            let asset_refs: Vec<&str> = r
                .assets
                .iter()
                .filter_map(|id| refs.get(id.as_str()).map(|a| a.reference.as_str()))
                .collect();
            let search = fold(
                &[
                    r.reference.as_str(),
                    &r.title,
                    &r.description,
                    &r.threat,
                    &r.vulnerability,
                    &r.owner,
                    &r.existing_controls,
                    &r.treatment_rationale,
                    &asset_refs.join(", "),
                ]
                .join("\u{1f}"),
            );
            Row {
                index,
                inherent: lv.inherent,
                current,
                residual: lv.residual,
                review_overdue: open && !next_review.is_empty() && next_review.as_str() < today,
                next_review,
                overdue_actions: if open {
                    r.actions.iter().filter(|a| a.is_overdue(today)).count()
                } else {
                    0
                },
                acceptance_expired: r.acceptance.as_ref().is_some_and(|a| a.is_expired(today)),
                above_appetite: current.is_some_and(|k| !m.within_appetite(k)),
                needs_exception: open
                    && matches!(
                        r.treatment,
                        Treatment::Modify | Treatment::Avoid | Treatment::Share
                    )
                    && lv
                        .residual
                        .or(current)
                        .is_some_and(|k| !m.within_appetite(k))
                    && !r.acceptance.as_ref().is_some_and(|a| a.exception),
                reaccept: if open {
                    reacceptance(r, m, &method_now)
                } else {
                    None
                },
                unassessed: !r.is_assessed(),
                plan_changed: open
                    && r.plan_approval
                        .as_ref()
                        .is_some_and(|p| p.plan_sha256 != super::rules::plan_sha256(r)),
                asset_refs: asset_refs.join(", "),
                search,
            }
        })
        .collect()
}

/// Which score a heat map or a cell filter is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Which {
    Inherent,
    Current,
    Residual,
}

impl Which {
    pub fn key(self) -> &'static str {
        match self {
            Which::Inherent => "inherent",
            Which::Current => "current",
            Which::Residual => "residual",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Which::Inherent => "Inherent",
            Which::Current => "Current",
            Which::Residual => "Residual",
        }
    }
    /// The risk's score of this kind. The residual risk is the one
    /// expected after the planned treatment; where none is given, nothing
    /// planned changes the current risk, so that is what remains.
    pub fn score(self, r: &Risk) -> Option<Score> {
        match self {
            Which::Inherent => r.inherent,
            Which::Current => r.current,
            Which::Residual => r.residual_or_current(),
        }
    }
}

/// How many risks sit in each cell: `[l - 1][i - 1]`, sized to the
/// method's scales (scores outside them, risks not assessed and closed
/// risks are not counted).
pub fn heat(isms: &Isms, which: Which, only: Option<&[usize]>) -> Vec<Vec<usize>> {
    let m = &isms.risk_method;
    let mut out = vec![vec![0; m.impact.len()]; m.likelihood.len()];
    let mut count = |r: &Risk| {
        if r.status == RiskStatus::Closed {
            return;
        }
        if let Some(s) = which.score(r) {
            let (l, i) = (usize::from(s.likelihood), usize::from(s.impact));
            if l >= 1 && i >= 1 {
                if let Some(c) = out.get_mut(l - 1).and_then(|row| row.get_mut(i - 1)) {
                    *c += 1;
                }
            }
        }
    };
    match only {
        Some(idx) => idx
            .iter()
            .filter_map(|&k| isms.risks.get(k))
            .for_each(&mut count),
        None => isms.risks.iter().for_each(&mut count),
    }
    out
}

sort_columns!(
    /// The columns the register sorts by.
    RiskSort {
        Reference,
        Title,
        Owner,
        Inherent,
        Current,
        Residual,
        Status,
        Treatment,
        NextReview,
    }
);

/// What the register shows.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskFilter {
    pub text: String,
    /// Current level number.
    pub level: Option<usize>,
    /// Exact owner (as typed), or empty for any.
    pub owner: String,
    pub status: Option<RiskStatus>,
    /// Asset id, or empty for any.
    pub asset: String,
    pub treatment: Option<Treatment>,
    /// Only the risks in one heat-map cell: (which, likelihood, impact).
    pub cell: Option<(Which, u8, u8)>,
    /// Only risks that need attention.
    pub attention: bool,
    pub sort: RiskSort,
    pub descending: bool,
}

impl Default for RiskFilter {
    fn default() -> Self {
        RiskFilter {
            text: String::new(),
            level: None,
            owner: String::new(),
            status: None,
            asset: String::new(),
            treatment: None,
            cell: None,
            attention: false,
            sort: RiskSort::Reference,
            descending: false,
        }
    }
}

fn ref_order(a: &str, b: &str) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Indexes into `rows` (and so into `isms.risks`) that pass `f`, sorted.
pub fn filter(isms: &Isms, rows: &[Row], f: &RiskFilter) -> Vec<usize> {
    filter_from(isms, rows, f, None)
}

/// Does every risk that passes `f` also pass `earlier`, in the same order?
/// So when `f` only adds to the search text of `earlier` (a search typed
/// one key further: each earlier word is inside a word of the new text) and
/// is otherwise the same.
pub fn narrows(f: &RiskFilter, earlier: &RiskFilter) -> bool {
    let words = |t: &str| {
        fold(t.trim())
            .split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let (new, old) = (words(&f.text), words(&earlier.text));
    let rest = |x: &RiskFilter| RiskFilter {
        text: String::new(),
        ..x.clone()
    };
    rest(f) == rest(earlier)
        && old
            .iter()
            .all(|o| new.iter().any(|n| n.contains(o.as_str())))
}

/// [`filter`], looking only among the risks of an earlier result when the
/// filter it came from is one `f` [narrows]: that result in the same order,
/// less those that no longer pass, with no new sort. (As a search is typed,
/// each key looks only at what the key before found.) `earlier` must have
/// been found over the same `rows` of the same ISMS.
pub fn filter_from(
    isms: &Isms,
    rows: &[Row],
    f: &RiskFilter,
    earlier: Option<(RiskFilter, Vec<usize>)>,
) -> Vec<usize> {
    let words: Vec<String> = fold(f.text.trim())
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let owner = fold(f.owner.trim());
    let passes = |row: &Row| {
        let Some(r) = isms.risks.get(row.index) else {
            return false;
        };
        f.level.is_none_or(|k| row.current == Some(k))
            && (owner.is_empty() || fold(r.owner.trim()) == owner)
            && f.status.is_none_or(|s| r.status == s)
            && (f.asset.is_empty() || r.assets.contains(&f.asset))
            && f.treatment.is_none_or(|t| r.treatment == t)
            && f.cell
                .is_none_or(|(which, l, i)| which.score(r) == Some(Score::new(l, i)))
            && (!f.attention || row.needs_attention(r))
            && words.iter().all(|w| row.search.contains(w.as_str()))
    };
    if let Some((_, mut found)) = earlier.filter(|(e, _)| narrows(f, e)) {
        found.retain(|&i| rows.get(i).is_some_and(passes));
        return found;
    }
    let mut out: Vec<usize> = rows
        .iter()
        .filter(|row| passes(row))
        .map(|row| row.index)
        .collect();
    let risks = &isms.risks;
    let by_level = |a: Option<usize>, b: Option<usize>| a.cmp(&b);
    sort_indexes(&mut out, &|a, b| {
        let (ra, rb) = (&risks[a], &risks[b]);
        let (wa, wb) = (&rows[a], &rows[b]);
        let o = match f.sort {
            RiskSort::Reference => Ordering::Equal,
            RiskSort::Title => fold(&ra.title).cmp(&fold(&rb.title)),
            RiskSort::Owner => fold(&ra.owner).cmp(&fold(&rb.owner)),
            RiskSort::Inherent => by_level(wa.inherent, wb.inherent),
            RiskSort::Current => by_level(wa.current, wb.current),
            RiskSort::Residual => by_level(wa.residual, wb.residual),
            RiskSort::Status => ra.status.cmp(&rb.status),
            RiskSort::Treatment => ra.treatment.cmp(&rb.treatment),
            RiskSort::NextReview => wa.next_review.cmp(&wb.next_review),
        }
        .then_with(|| ref_order(&ra.reference, &rb.reference));
        if f.descending {
            o.reverse()
        } else {
            o
        }
    });
    out
}

/// The distinct owners of the register (as written, first spelling kept),
/// sorted case-insensitively: for the owner filter.
pub fn owners(risks: &[Risk]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<String> = Vec::new();
    for r in risks {
        let o = r.owner.trim();
        if !o.is_empty() && seen.insert(fold(o)) {
            out.push(o.to_string());
        }
    }
    crate::core::kernel::text::sort_by(&mut out, &|a, b| fold(a).cmp(&fold(b)));
    out
}

/// The texts people wrote in a field of the register (`get`) that the
/// starter catalogue (`catalogue`) does not hold: their own threats or
/// vulnerabilities, offered again as suggestions. Distinct ignoring case,
/// first spelling kept, sorted, at most `max`.
pub fn own_entries(
    risks: &[Risk],
    get: fn(&Risk) -> &str,
    catalogue: &[&str],
    max: usize,
) -> Vec<String> {
    let known: std::collections::HashSet<String> =
        catalogue.iter().map(|c| fold(c.trim())).collect();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for r in risks {
        let t = get(r).trim();
        if !t.is_empty() && !known.contains(&fold(t)) && seen.insert(fold(t)) {
            out.push(t.to_string());
        }
    }
    crate::core::kernel::text::sort_by(&mut out, &|a, b| fold(a).cmp(&fold(b)));
    out.truncate(max);
    out
}
