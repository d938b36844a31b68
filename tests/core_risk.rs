#![cfg(not(target_arch = "wasm32"))]
//! The risk method: every cell of every preset, custom grids and both
//! formulas, each validation rule with its path, the monotonicity rule, the
//! impact of a change of method, and properties over generated methods.

use isms::core::kernel::check::{FieldError, MAX_LONG, MAX_SHORT};
use isms::core::risk::{
    self, impact_of_change, preset_3x3, preset_4x4, preset_5x5, validate, Axis, Band, Formula,
    LevelChange, NewLevel, RiskError, RiskLevel, RiskMethod, Scale, ScaleLevel, Scoring,
};
use proptest::prelude::*;

// ---------------------------------------------------------------- helpers

fn paths(errs: &[FieldError]) -> Vec<&str> {
    errs.iter().map(|e| e.path.as_str()).collect()
}

/// The single error of `errs`, which must be at `path`.
fn one_at<'a>(errs: &'a [FieldError], path: &str) -> &'a FieldError {
    assert_eq!(paths(errs), [path], "{errs:#?}");
    &errs[0]
}

/// The single error of validating `m`, which must be at `path`.
fn only_error(m: &RiskMethod, path: &str) -> String {
    one_at(&validate(m), path).message.clone()
}

fn scale(n: usize) -> Scale {
    Scale {
        levels: (1..=n)
            .map(|k| ScaleLevel {
                label: format!("S{k}"),
                criteria: format!("What level {k} means"),
            })
            .collect(),
    }
}

fn levels(n: usize) -> Vec<RiskLevel> {
    (1..=n)
        .map(|k| RiskLevel {
            name: format!("R{k}"),
            colour: "#d9480f".into(),
            response: format!("What level {k} requires"),
            review_months: 12,
        })
        .collect()
}

/// A method on `l` × `i` scales with `n` risk levels and the given scoring.
fn method(l: usize, i: usize, n: usize, scoring: Scoring) -> RiskMethod {
    RiskMethod {
        likelihood: scale(l),
        impact: scale(i),
        levels: levels(n),
        scoring,
        appetite: 1,
        acceptance_authority: "The board".into(),
    }
}

fn lookup(grid: &[&[usize]]) -> Scoring {
    Scoring::Lookup {
        grid: grid.iter().map(|r| r.to_vec()).collect(),
    }
}

fn formula(f: Formula, bands: &[(u32, u32, usize)]) -> Scoring {
    Scoring::Formula {
        formula: f,
        bands: bands
            .iter()
            .map(|&(from, to, level)| Band { from, to, level })
            .collect(),
    }
}

fn bands_mut(m: &mut RiskMethod) -> &mut Vec<Band> {
    match &mut m.scoring {
        Scoring::Formula { bands, .. } => bands,
        Scoring::Lookup { .. } => panic!("not a formula method"),
    }
}

fn grid_mut(m: &mut RiskMethod) -> &mut Vec<Vec<usize>> {
    match &mut m.scoring {
        Scoring::Lookup { grid } => grid,
        Scoring::Formula { .. } => panic!("not a lookup method"),
    }
}

/// A valid 5 × 5 product method with bands 1–4, 5–9, 10–16, 17–25.
fn product_5x5() -> RiskMethod {
    method(
        5,
        5,
        4,
        formula(
            Formula::Product,
            &[(1, 4, 1), (5, 9, 2), (10, 16, 3), (17, 25, 4)],
        ),
    )
}

/// The name of the level `m` gives likelihood `l` × impact `i`.
fn name_at(m: &RiskMethod, l: u8, i: u8) -> String {
    let k = m.level(l, i).unwrap_or_else(|e| panic!("{l}×{i}: {e}"));
    m.risk_level(k).expect("level exists").name.clone()
}

/// Checks every cell of `m` against `expected` (rows: likelihood 1 first).
fn assert_cells(m: &RiskMethod, expected: &[&[&str]]) {
    assert_eq!(m.likelihood.len(), expected.len());
    for (l, row) in expected.iter().enumerate() {
        assert_eq!(m.impact.len(), row.len());
        for (i, want) in row.iter().enumerate() {
            let (l, i) = (l as u8 + 1, i as u8 + 1);
            assert_eq!(name_at(m, l, i), *want, "likelihood {l} × impact {i}");
        }
    }
}

/// Every pair of cells where the higher one (in both likelihood and impact)
/// gives a lower level, found by brute force.
fn violations(m: &RiskMethod) -> Vec<((u8, u8), (u8, u8))> {
    let (rows, cols) = (m.likelihood.len() as u8, m.impact.len() as u8);
    let mut out = Vec::new();
    for l1 in 1..=rows {
        for i1 in 1..=cols {
            for l2 in l1..=rows {
                for i2 in i1..=cols {
                    if let (Ok(a), Ok(b)) = (m.level(l1, i1), m.level(l2, i2)) {
                        if b < a {
                            out.push(((l1, i1), (l2, i2)));
                        }
                    }
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------- presets

const L: &str = "Low";
const M: &str = "Medium";
const H: &str = "High";
const V: &str = "Very high";

#[test]
fn preset_5x5_every_cell() {
    let m = preset_5x5();
    assert_cells(
        &m,
        &[
            &[L, L, L, L, M],
            &[L, L, M, M, H],
            &[L, M, M, H, H],
            &[L, M, H, H, V],
            &[M, H, H, V, V],
        ],
    );
    assert_eq!(m.matrix().unwrap()[4], vec![2, 3, 3, 4, 4]);
}

#[test]
fn preset_4x4_every_cell() {
    assert_cells(
        &preset_4x4(),
        &[&[L, L, M, M], &[L, M, M, H], &[M, M, H, V], &[M, H, V, V]],
    );
}

#[test]
fn preset_3x3_every_cell() {
    assert_cells(&preset_3x3(), &[&[L, L, M], &[L, M, H], &[M, H, H]]);
}

#[test]
fn presets_are_valid_and_monotone() {
    for risk::Preset { key, label, make } in risk::PRESETS {
        let m = make();
        assert_eq!(validate(&m), vec![], "preset {key} ({label})");
        assert_eq!(violations(&m), vec![], "preset {key}");
        assert!(m.matrix().is_ok(), "preset {key}");
    }
    assert_eq!(
        risk::PRESETS.iter().map(|p| p.key).collect::<Vec<_>>(),
        ["5x5", "4x4", "3x3"]
    );
    assert_eq!(RiskMethod::default(), preset_5x5());
}

#[test]
fn presets_scales_and_levels() {
    let m5 = preset_5x5();
    let labels = |s: &Scale| s.levels.iter().map(|l| l.label.clone()).collect::<Vec<_>>();
    assert_eq!(
        labels(&m5.likelihood),
        ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]
    );
    assert_eq!(
        labels(&m5.impact),
        ["Negligible", "Minor", "Moderate", "Major", "Severe"]
    );
    assert!(m5
        .likelihood
        .levels
        .iter()
        .chain(&m5.impact.levels)
        .all(|l| !l.criteria.trim().is_empty()));
    assert_eq!(
        m5.levels
            .iter()
            .map(|l| l.name.as_str())
            .collect::<Vec<_>>(),
        [L, M, H, V]
    );
    assert_eq!(labels(&preset_4x4().likelihood).len(), 4);
    assert_eq!(labels(&preset_3x3().impact).len(), 3);
    assert_eq!(preset_3x3().levels.len(), 3);
    for m in [preset_5x5(), preset_4x4(), preset_3x3()] {
        assert_eq!(m.appetite, 1);
        assert!(m.within_appetite(1));
        assert!(!m.within_appetite(2));
        assert!(!m.within_appetite(0));
        assert!(!m.within_appetite(m.levels.len() + 1));
        assert_eq!(m.review_interval(1), Some(12));
        assert_eq!(m.review_interval(2), Some(6));
        assert_eq!(m.review_interval(3), Some(3));
        assert_eq!(m.review_interval(0), None);
        assert_eq!(m.review_interval(m.levels.len() + 1), None);
    }
    assert_eq!(m5.review_interval(4), Some(1));
}

/// Each preset's grid is the product cut into the bands its doc names.
#[test]
fn presets_equal_their_product_bands() {
    type Bands = &'static [(u32, u32, usize)];
    let cases: [(RiskMethod, Bands); 3] = [
        (
            preset_5x5(),
            &[(1, 4, 1), (5, 9, 2), (10, 16, 3), (17, 25, 4)],
        ),
        (
            preset_4x4(),
            &[(1, 2, 1), (3, 6, 2), (7, 9, 3), (10, 16, 4)],
        ),
        (preset_3x3(), &[(1, 2, 1), (3, 4, 2), (5, 9, 3)]),
    ];
    for (preset, bands) in cases {
        let mut f = preset.clone();
        f.scoring = formula(Formula::Product, bands);
        assert_eq!(validate(&f), vec![]);
        assert_eq!(f.matrix(), preset.matrix());
    }
}

// ---------------------------------------------------------------- level()

#[test]
fn level_outside_the_scales_is_an_error() {
    let m = preset_5x5();
    for (l, i) in [(0, 1), (6, 1), (255, 3)] {
        assert_eq!(
            m.level(l, i),
            Err(RiskError::OutsideScale {
                axis: Axis::Likelihood,
                value: l,
                levels: 5
            })
        );
    }
    for (l, i) in [(1, 0), (5, 6), (3, 255)] {
        assert_eq!(
            m.level(l, i),
            Err(RiskError::OutsideScale {
                axis: Axis::Impact,
                value: i,
                levels: 5
            })
        );
    }
    assert_eq!(
        m.level(6, 1).unwrap_err().to_string(),
        "Likelihood 6 is outside the likelihood scale (1 to 5)"
    );
    assert_eq!(
        m.level(2, 0).unwrap_err().to_string(),
        "Impact 0 is outside the impact scale (1 to 5)"
    );
    // The same on a formula method.
    let f = product_5x5();
    assert!(matches!(f.level(0, 0), Err(RiskError::OutsideScale { .. })));
    assert!(matches!(f.level(3, 6), Err(RiskError::OutsideScale { .. })));
}

#[test]
fn level_of_a_broken_method_is_an_error_not_a_guess() {
    let mut m = preset_3x3();
    grid_mut(&mut m)[1][2] = 0;
    assert_eq!(
        m.level(2, 3),
        Err(RiskError::NoLevel {
            likelihood: 2,
            impact: 3
        })
    );
    grid_mut(&mut m)[1][2] = 9;
    assert!(matches!(m.level(2, 3), Err(RiskError::NoLevel { .. })));
    grid_mut(&mut m)[2].pop();
    assert!(matches!(m.level(3, 3), Err(RiskError::NoLevel { .. })));
    assert!(m.matrix().is_err());
    assert!(m
        .level(3, 3)
        .unwrap_err()
        .to_string()
        .contains("likelihood 3 × impact 3"));

    let mut f = product_5x5();
    bands_mut(&mut f).remove(1); // scores 5 to 9 now have no band
    assert_eq!(f.level(1, 4), Ok(1));
    assert!(matches!(f.level(1, 5), Err(RiskError::NoLevel { .. })));
    assert_eq!(f.level(2, 5), Ok(3));
}

#[test]
fn custom_grid_non_square() {
    // 3 likelihood levels × 4 impact levels, 3 risk levels.
    let m = method(
        3,
        4,
        3,
        lookup(&[&[1, 1, 2, 3], &[1, 2, 2, 3], &[2, 2, 3, 3]]),
    );
    assert_eq!(validate(&m), vec![]);
    assert_eq!(m.level(1, 4), Ok(3));
    assert_eq!(m.level(3, 1), Ok(2));
    assert_eq!(m.level(2, 2), Ok(2));
    assert_eq!(m.level(1, 1), Ok(1));
    assert!(matches!(
        m.level(4, 1),
        Err(RiskError::OutsideScale {
            axis: Axis::Likelihood,
            value: 4,
            levels: 3
        })
    ));
    assert_eq!(m.level(3, 4), Ok(3));
    assert!(matches!(
        m.level(3, 5),
        Err(RiskError::OutsideScale {
            axis: Axis::Impact,
            ..
        })
    ));
    assert_eq!(
        m.matrix().unwrap(),
        vec![vec![1, 1, 2, 3], vec![1, 2, 2, 3], vec![2, 2, 3, 3]]
    );
    assert_eq!(m.score_range(), None);
}

#[test]
fn product_formula_cut_into_bands() {
    let m = product_5x5();
    assert_eq!(validate(&m), vec![]);
    assert_eq!(m.score_range(), Some((1, 25)));
    // Score = l × i; bands 1–4 → 1, 5–9 → 2, 10–16 → 3, 17–25 → 4.
    let expected: [[usize; 5]; 5] = [
        [1, 1, 1, 1, 2],
        [1, 1, 2, 2, 3],
        [1, 2, 2, 3, 3],
        [1, 2, 3, 3, 4],
        [2, 3, 3, 4, 4],
    ];
    for l in 1..=5u8 {
        for i in 1..=5u8 {
            assert_eq!(
                m.level(l, i),
                Ok(expected[l as usize - 1][i as usize - 1]),
                "{l}×{i}"
            );
        }
    }
    assert_eq!(Formula::Product.score(4, 5), 20);
    assert_eq!(Formula::Product.range(3, 4), Some((1, 12)));
}

#[test]
fn sum_formula_cut_into_bands() {
    // 4 × 3, scores 2 to 7: 2–3 → 1, 4–5 → 2, 6–7 → 3.
    let m = method(
        4,
        3,
        3,
        formula(Formula::Sum, &[(2, 3, 1), (4, 5, 2), (6, 7, 3)]),
    );
    assert_eq!(validate(&m), vec![]);
    assert_eq!(m.score_range(), Some((2, 7)));
    let expected = [[1, 1, 2], [1, 2, 2], [2, 2, 3], [2, 3, 3]];
    for l in 1..=4u8 {
        for i in 1..=3u8 {
            assert_eq!(
                m.level(l, i),
                Ok(expected[l as usize - 1][i as usize - 1]),
                "{l}+{i}"
            );
        }
    }
    assert_eq!(Formula::Sum.score(4, 3), 7);
    assert_eq!(Formula::from_key("sum"), Some(Formula::Sum));
    assert_eq!(Formula::from_key("product"), Some(Formula::Product));
    assert_eq!(Formula::from_key("max"), None);
}

#[test]
fn appetite_and_review_interval() {
    let mut m = preset_5x5();
    m.appetite = 2;
    assert!(m.within_appetite(1) && m.within_appetite(2));
    assert!(!m.within_appetite(3) && !m.within_appetite(4));
    m.levels[2].review_months = 2;
    assert_eq!(m.review_interval(3), Some(2));
    assert_eq!(m.risk_level(4).map(|l| l.name.as_str()), Some(V));
    assert_eq!(m.risk_level(0), None);
}

// ---------------------------------------------------------------- validation: scales

#[test]
fn scale_sizes() {
    let mut m = product_5x5();
    m.likelihood = scale(2);
    // The bands then reach past the highest score (10): one error each.
    let errs = validate(&m);
    assert_eq!(errs[0].path, "likelihood.levels");
    assert_eq!(errs[0].message, "has 2 levels; a scale has 3 to 10");

    let mut m = method(3, 3, 2, lookup(&[&[1, 1, 1], &[1, 1, 2], &[1, 2, 2]]));
    assert_eq!(validate(&m), vec![]);
    m.impact = scale(11);
    *grid_mut(&mut m) = vec![vec![1; 11], vec![1; 11], vec![2; 11]];
    assert_eq!(
        only_error(&m, "impact.levels"),
        "has 11 levels; a scale has 3 to 10"
    );
    // A huge scale is refused without looping over its scores.
    let mut big = product_5x5();
    big.likelihood = scale(100_000);
    assert_eq!(
        only_error(&big, "likelihood.levels"),
        "has 100000 levels; a scale has 3 to 10"
    );
    m.impact = scale(10);
    *grid_mut(&mut m) = vec![vec![1; 10], vec![1; 10], vec![2; 10]];
    assert_eq!(validate(&m), vec![]);
}

#[test]
fn scale_labels_required_unique_and_bounded() {
    let mut m = preset_5x5();
    m.likelihood.levels[2].label = "  ".into();
    assert_eq!(only_error(&m, "likelihood.levels[2].label"), "is required");

    let mut m = preset_5x5();
    m.impact.levels[3].label = " minor ".into();
    assert_eq!(
        only_error(&m, "impact.levels[3].label"),
        "\"minor\" is already the label of level 2"
    );

    let mut m = preset_5x5();
    m.impact.levels[0].label = "x".repeat(MAX_SHORT + 1);
    assert!(only_error(&m, "impact.levels[0].label").contains("too long"));
    m.impact.levels[0].label = "é".repeat(MAX_SHORT);
    assert_eq!(validate(&m), vec![]);

    let mut m = preset_5x5();
    m.likelihood.levels[4].criteria = String::new();
    assert!(only_error(&m, "likelihood.levels[4].criteria").starts_with("is required"));
    m.likelihood.levels[4].criteria = "y".repeat(MAX_LONG + 1);
    assert!(only_error(&m, "likelihood.levels[4].criteria").contains("too long"));
}

// ---------------------------------------------------------------- validation: risk levels

#[test]
fn risk_level_count() {
    let mut m = method(3, 3, 1, lookup(&[&[1, 1, 1], &[1, 1, 1], &[1, 1, 1]]));
    assert_eq!(
        only_error(&m, "levels"),
        "has 1 risk level; a method has 2 to 10"
    );
    m.levels = levels(11);
    m.scoring = formula(
        Formula::Product,
        &[
            (1, 1, 1),
            (2, 2, 2),
            (3, 3, 3),
            (4, 4, 4),
            (5, 5, 5),
            (6, 6, 6),
            (7, 7, 7),
            (8, 8, 8),
            (9, 9, 9),
        ],
    );
    // 11 levels: the count is refused, and since the bands are sound, the two
    // levels no band gives are named too.
    assert_eq!(paths(&validate(&m)), ["levels", "levels[9]", "levels[10]"]);
}

#[test]
fn risk_level_fields() {
    let mut m = preset_5x5();
    m.levels[1].name = String::new();
    assert_eq!(only_error(&m, "levels[1].name"), "is required");

    let mut m = preset_5x5();
    m.levels[3].name = "HIGH".into();
    assert_eq!(
        only_error(&m, "levels[3].name"),
        "\"HIGH\" is already the name of level 3"
    );

    let mut m = preset_5x5();
    m.levels[0].response = " ".into();
    assert_eq!(only_error(&m, "levels[0].response"), "is required");
    m.levels[0].response = "r".repeat(MAX_LONG + 1);
    assert!(only_error(&m, "levels[0].response").contains("too long"));

    for bad in [0, 61, 1000] {
        let mut m = preset_5x5();
        m.levels[2].review_months = bad;
        assert_eq!(
            only_error(&m, "levels[2].review_months"),
            format!("is {bad} months; a review interval is 1 to 60 months")
        );
    }
    for good in [1, 60] {
        let mut m = preset_5x5();
        m.levels[2].review_months = good;
        assert_eq!(validate(&m), vec![]);
    }
}

#[test]
fn colours() {
    for good in ["#d9480f", "#D9480F", "#abc", "#000000"] {
        assert!(risk::is_colour(good), "{good}");
        let mut m = preset_5x5();
        m.levels[0].colour = good.into();
        assert_eq!(validate(&m), vec![], "{good}");
    }
    for bad in [
        "",
        "red",
        "d9480f",
        "#d9480",
        "#d9480f0",
        "#ggg",
        "#d9480f;background:url(x)",
        "# d9480f",
        "#abcd",
    ] {
        assert!(!risk::is_colour(bad), "{bad}");
        let mut m = preset_5x5();
        m.levels[1].colour = bad.into();
        assert_eq!(
            only_error(&m, "levels[1].colour"),
            "expected a colour such as #d9480f",
            "{bad}"
        );
    }
}

// ---------------------------------------------------------------- validation: grid

#[test]
fn grid_with_a_missing_row() {
    let mut m = preset_5x5();
    grid_mut(&mut m).pop();
    assert_eq!(
        only_error(&m, "grid"),
        "has 4 rows, but the likelihood scale has 5 levels: one row per likelihood level is needed"
    );
}

#[test]
fn grid_with_a_short_row() {
    let mut m = preset_5x5();
    grid_mut(&mut m)[1].pop();
    assert_eq!(
        only_error(&m, "grid[1]"),
        "has 4 cells, but the impact scale has 5 levels: every likelihood × impact needs a level"
    );
    // A row too long is refused too.
    let mut m = preset_5x5();
    grid_mut(&mut m)[4].push(4);
    one_at(&validate(&m), "grid[4]");
}

#[test]
fn grid_with_an_empty_cell() {
    let mut m = preset_5x5();
    grid_mut(&mut m)[1][3] = 0;
    assert_eq!(
        only_error(&m, "grid[1][3]"),
        "likelihood 2 × impact 4 has no level: choose one of 1 to 4"
    );
}

#[test]
fn grid_naming_a_level_that_does_not_exist() {
    let mut m = preset_5x5();
    grid_mut(&mut m)[4][4] = 5;
    assert_eq!(
        only_error(&m, "grid[4][4]"),
        "names level 5, but there are only 4"
    );
}

#[test]
fn grid_where_a_higher_likelihood_lowers_the_level() {
    let mut m = preset_5x5();
    // Likelihood 4 × impact 3 (High) dropped to Low: below likelihood 3 ×
    // impact 3 and likelihood 4 × impact 2 (both Medium).
    grid_mut(&mut m)[3][2] = 1;
    let errs = validate(&m);
    assert_eq!(paths(&errs), ["grid[3][2]", "grid[3][2]"], "{errs:#?}");
    assert_eq!(
        errs[0].message,
        "likelihood 4 × impact 3 gives Low (level 1), below the Medium (level 2) of \
         likelihood 3 × impact 3: a higher likelihood must never give a lower level"
    );
    assert_eq!(
        errs[1].message,
        "likelihood 4 × impact 3 gives Low (level 1), below the Medium (level 2) of \
         likelihood 4 × impact 2: a higher impact must never give a lower level"
    );
}

#[test]
fn grid_where_a_higher_impact_lowers_the_level() {
    // Along impact only: likelihood 1 row goes 1, 2, 1.
    let m = method(3, 3, 2, lookup(&[&[1, 2, 1], &[2, 2, 2], &[2, 2, 2]]));
    assert_eq!(
        only_error(&m, "grid[0][2]"),
        "likelihood 1 × impact 3 gives R1 (level 1), below the R2 (level 2) of \
         likelihood 1 × impact 2: a higher impact must never give a lower level"
    );
    assert_eq!(violations(&m).len(), 1);
}

#[test]
fn every_level_must_be_used() {
    let m = method(3, 3, 3, lookup(&[&[1, 1, 3], &[1, 1, 3], &[1, 3, 3]]));
    assert_eq!(
        only_error(&m, "levels[1]"),
        "no cell of the grid gives R2 (level 2): use it or remove it"
    );
    let m = method(3, 3, 3, formula(Formula::Sum, &[(2, 3, 1), (4, 6, 3)]));
    assert_eq!(
        only_error(&m, "levels[1]"),
        "no band gives R2 (level 2): use it or remove it"
    );
}

// ---------------------------------------------------------------- validation: bands

#[test]
fn bands_with_a_gap() {
    let mut m = product_5x5();
    bands_mut(&mut m)[1] = Band {
        from: 5,
        to: 6,
        level: 2,
    };
    bands_mut(&mut m)[2].from = 9;
    assert_eq!(
        only_error(&m, "bands"),
        "no band covers scores 7 to 8: every score from 1 to 25 must fall in exactly one band"
    );
    // A single missing score, at the top.
    let mut m = product_5x5();
    bands_mut(&mut m)[3].to = 24;
    assert_eq!(
        only_error(&m, "bands"),
        "no band covers score 25: every score from 1 to 25 must fall in exactly one band"
    );
}

#[test]
fn bands_that_overlap() {
    let mut m = product_5x5();
    bands_mut(&mut m)[0].to = 6;
    assert_eq!(
        only_error(&m, "bands[1]"),
        "Scores 5 to 6 are also in the band of scores 1 to 6: each score must fall in exactly one band"
    );
    let mut m = product_5x5();
    bands_mut(&mut m)[3].from = 16;
    assert_eq!(
        only_error(&m, "bands[3]"),
        "Score 16 is also in the band of scores 10 to 16: each score must fall in exactly one band"
    );
}

#[test]
fn band_reversed_outside_or_out_of_order() {
    let mut m = product_5x5();
    bands_mut(&mut m)[0] = Band {
        from: 4,
        to: 1,
        level: 1,
    };
    let errs = validate(&m);
    assert_eq!(paths(&errs), ["bands[0]", "bands"], "{errs:#?}");
    assert_eq!(
        errs[0].message,
        "starts at 4 but ends at 1: the first score must not exceed the last"
    );
    assert!(errs[1].message.contains("scores 1 to 4"));

    let mut m = product_5x5();
    bands_mut(&mut m)[3].to = 30;
    assert_eq!(
        only_error(&m, "bands[3]"),
        "reaches outside the possible scores (1 to 25): it covers scores 17 to 30"
    );
    bands_mut(&mut m).push(Band {
        from: 40,
        to: 50,
        level: 4,
    });
    bands_mut(&mut m)[3].to = 25;
    assert_eq!(
        only_error(&m, "bands[4]"),
        "Scores 40 to 50 can never occur: the scores run from 1 to 25"
    );
    // A sum starts at 2: a band from 1 reaches outside.
    let m = method(3, 3, 2, formula(Formula::Sum, &[(1, 3, 1), (4, 6, 2)]));
    assert_eq!(
        only_error(&m, "bands[0]"),
        "reaches outside the possible scores (2 to 6): it covers scores 1 to 3"
    );

    let mut m = product_5x5();
    bands_mut(&mut m).swap(1, 2);
    assert_eq!(
        only_error(&m, "bands[2]"),
        "this band (scores 5 to 9) is listed after a band of higher scores (scores 10 to 16): \
         list the bands from the lowest scores up"
    );
}

#[test]
fn band_levels() {
    let mut m = product_5x5();
    bands_mut(&mut m)[0].level = 0;
    let errs = validate(&m);
    assert_eq!(paths(&errs), ["bands[0].level"]);
    assert_eq!(errs[0].message, "has no level: choose one of 1 to 4");
    bands_mut(&mut m)[0].level = 7;
    assert_eq!(
        only_error(&m, "bands[0].level"),
        "names level 7, but there are only 4"
    );
}

#[test]
fn bands_where_a_higher_score_lowers_the_level() {
    let mut m = product_5x5();
    bands_mut(&mut m)[2].level = 1;
    bands_mut(&mut m)[0].level = 3;
    let errs = validate(&m);
    assert_eq!(
        paths(&errs),
        ["bands[1].level", "bands[2].level"],
        "{errs:#?}"
    );
    assert_eq!(
        errs[0].message,
        "Scores 5 to 9 give R2 (level 2), below the R3 (level 3) of scores 1 to 4: \
         a higher score must never give a lower level"
    );
    assert!(!violations(&m).is_empty());
    // One score alone.
    let m = method(
        3,
        3,
        2,
        formula(Formula::Sum, &[(2, 3, 1), (4, 4, 2), (5, 6, 1)]),
    );
    assert_eq!(
        only_error(&m, "bands[2].level"),
        "Scores 5 to 6 give R1 (level 1), below the R2 (level 2) of score 4: \
         a higher score must never give a lower level"
    );
    let m = method(3, 3, 2, formula(Formula::Sum, &[(2, 5, 2), (6, 6, 1)]));
    assert!(only_error(&m, "bands[1].level").starts_with("Score 6 gives R1 (level 1), below"));
}

#[test]
fn no_bands_at_all() {
    let m = method(3, 3, 2, formula(Formula::Product, &[]));
    assert_eq!(only_error(&m, "bands"), "at least one band is needed");
    let many: Vec<(u32, u32, usize)> = (1..=101).map(|s| (s, s, 1)).collect();
    let m = method(3, 3, 2, formula(Formula::Product, &many));
    assert_eq!(only_error(&m, "bands"), "has 101 bands; at most 100");
}

// ---------------------------------------------------------------- validation: acceptance

#[test]
fn appetite_is_an_existing_level() {
    for bad in [0, 5] {
        let mut m = preset_5x5();
        m.appetite = bad;
        assert_eq!(
            only_error(&m, "appetite"),
            format!("is level {bad}, which does not exist: choose one of 1 to 4")
        );
    }
}

#[test]
fn who_may_accept_above_the_appetite() {
    let mut m = preset_5x5();
    m.acceptance_authority = "  ".into();
    assert_eq!(only_error(&m, "acceptance_authority"), "is required");
    // Nothing lies above the top level: no one needs naming.
    m.appetite = 4;
    assert_eq!(validate(&m), vec![]);
    m.acceptance_authority = "a".repeat(MAX_LONG + 1);
    assert!(only_error(&m, "acceptance_authority").contains("too long"));
}

// ---------------------------------------------------------------- stored shape

#[test]
fn json_shape_is_readable_and_stable() {
    let text = serde_json::to_string(&preset_3x3()).unwrap();
    let keys = [
        "\"likelihood\":",
        "\"impact\":",
        "\"levels\":[{\"name\":\"Low\"",
        "\"scoring\":\"lookup\"",
        "\"grid\":[[1,1,2],[1,2,3],[2,3,3]]",
        "\"appetite\":1",
        "\"acceptance_authority\":",
    ];
    let at: Vec<usize> = keys
        .iter()
        .map(|k| {
            text.find(k)
                .unwrap_or_else(|| panic!("{k} missing in {text}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "key order: {text}");
    assert!(text.contains("{\"name\":\"High\",\"colour\":\"#d9480f\",\"response\":"));
    assert!(text.contains("\"review_months\":3}"));
    assert!(text.starts_with("{\"likelihood\":{\"levels\":[{\"label\":\"Unlikely\",\"criteria\":"));

    let v = serde_json::to_value(product_5x5()).unwrap();
    assert_eq!(v["scoring"], "formula");
    assert_eq!(v["formula"], "product");
    assert_eq!(
        v["bands"][1],
        serde_json::json!({"from": 5, "to": 9, "level": 2})
    );
    assert!(v.get("grid").is_none());
    assert_eq!(
        serde_json::to_string(&preset_5x5()).unwrap(),
        serde_json::to_string(&preset_5x5()).unwrap()
    );
}

// ---------------------------------------------------------------- impact of a change

fn risks(list: &[(&str, u8, u8)]) -> Vec<(String, u8, u8)> {
    list.iter()
        .map(|&(r, l, i)| (r.to_string(), l, i))
        .collect()
}

#[test]
fn same_method_changes_nothing() {
    let rs = risks(&[("R-001", 1, 1), ("R-002", 5, 5), ("R-003", 3, 4)]);
    assert_eq!(impact_of_change(&preset_5x5(), &preset_5x5(), &rs), vec![]);
    // A formula giving the same levels changes nothing either.
    let mut f = preset_5x5();
    f.scoring = product_5x5().scoring;
    assert_eq!(impact_of_change(&preset_5x5(), &f, &rs), vec![]);
}

#[test]
fn from_5x5_to_4x4() {
    let old = preset_5x5();
    let new = preset_4x4();
    let rs = risks(&[
        ("R-001", 1, 1), // Low → Low: unchanged
        ("R-002", 4, 4), // High → Very high
        ("R-003", 1, 3), // Low → Medium
        ("R-004", 5, 2), // likelihood 5 outside
        ("R-005", 2, 5), // impact 5 outside
        ("R-006", 5, 5), // both outside
        ("R-007", 3, 3), // Medium → High
        ("R-008", 2, 2), // Low → Medium
        ("R-009", 4, 1), // Low → Medium
        ("R-010", 2, 4), // Medium → High
        ("R-011", 3, 4), // High → Very high
        ("R-012", 1, 4), // Low → Medium
        ("R-013", 2, 1), // Low → Low
    ]);
    let changes = impact_of_change(&old, &new, &rs);
    let level = |r: &str, l, i, before, after| LevelChange {
        risk: r.into(),
        likelihood: l,
        impact: i,
        before: Some(before),
        after: NewLevel::Level { level: after },
    };
    let outside = |r: &str, l, i, before, lo, io| LevelChange {
        risk: r.into(),
        likelihood: l,
        impact: i,
        before: Some(before),
        after: NewLevel::OutsideScale {
            likelihood: lo,
            impact: io,
        },
    };
    assert_eq!(
        changes,
        vec![
            level("R-002", 4, 4, 3, 4),
            level("R-003", 1, 3, 1, 2),
            outside("R-004", 5, 2, 3, true, false),
            outside("R-005", 2, 5, 3, false, true),
            outside("R-006", 5, 5, 4, true, true),
            level("R-007", 3, 3, 2, 3),
            level("R-008", 2, 2, 1, 2),
            level("R-009", 4, 1, 1, 2),
            level("R-010", 2, 4, 2, 3),
            level("R-011", 3, 4, 3, 4),
            level("R-012", 1, 4, 1, 2),
        ]
    );
    assert_eq!(
        changes[0].describe(&old, &new),
        "R-002 (likelihood 4 × impact 4): High (level 3) → Very high (level 4)"
    );
    assert_eq!(
        changes[2].describe(&old, &new),
        "R-004 (likelihood 5 × impact 2): was High (level 3); likelihood 5 is outside \
         the new scale (1 to 4): it must be rescored"
    );
    assert_eq!(
        changes[4].describe(&old, &new),
        "R-006 (likelihood 5 × impact 5): was Very high (level 4); likelihood 5 is outside \
         the new scale (1 to 4) and impact 5 is outside the new scale (1 to 4): it must be rescored"
    );
}

#[test]
fn a_renamed_or_dropped_level_is_reported() {
    let old = preset_5x5();
    let mut new = preset_5x5();
    new.levels[1].name = "Moderate".into();
    new.levels[1].colour = "#ffaa00".into();
    let rs = risks(&[("R-001", 1, 1), ("R-002", 3, 3)]);
    let changes = impact_of_change(&old, &new, &rs);
    assert_eq!(
        changes,
        vec![LevelChange {
            risk: "R-002".into(),
            likelihood: 3,
            impact: 3,
            before: Some(2),
            after: NewLevel::Level { level: 2 },
        }]
    );
    assert_eq!(
        changes[0].describe(&old, &new),
        "R-002 (likelihood 3 × impact 3): Medium (level 2) → Moderate (level 2)"
    );
    // A colour or a response alone is not a change of level.
    let mut new = preset_5x5();
    new.levels[2].colour = "#000".into();
    new.levels[2].response = "Other words".into();
    assert_eq!(impact_of_change(&old, &new, &rs), vec![]);
}

#[test]
fn larger_scales_keep_scores_and_report_level_changes() {
    // 3 × 3 → 5 × 5: every old score fits; none is moved or clamped.
    let old = preset_3x3();
    let new = preset_5x5();
    let rs: Vec<(String, u8, u8)> = (1..=3u8)
        .flat_map(|l| (1..=3u8).map(move |i| (format!("R-{l}{i}"), l, i)))
        .collect();
    let changes = impact_of_change(&old, &new, &rs);
    for c in &changes {
        let (l, i) = (c.likelihood, c.impact);
        assert_eq!(c.risk, format!("R-{l}{i}"));
        assert_eq!(c.before, old.level(l, i).ok());
        assert_eq!(
            c.after,
            NewLevel::Level {
                level: new.level(l, i).unwrap()
            }
        );
    }
    // (3,3): High (3) → Medium (2); (2,3): High → Medium; (1,3): Medium → Low;
    // (3,1): Medium → Low; (3,2): High → Medium; (2,2) Medium → Low.
    let changed: Vec<&str> = changes.iter().map(|c| c.risk.as_str()).collect();
    assert_eq!(changed, ["R-13", "R-22", "R-23", "R-31", "R-32", "R-33"]);
}

#[test]
fn a_broken_new_method_is_reported_not_guessed() {
    let old = preset_5x5();
    let mut new = preset_5x5();
    grid_mut(&mut new)[0][0] = 0;
    let rs = risks(&[("R-001", 1, 1)]);
    let changes = impact_of_change(&old, &new, &rs);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].after, NewLevel::NoLevel);
    assert_eq!(changes[0].before, Some(1));
    // A risk already outside the old scale has no level before.
    let rs = risks(&[("R-009", 4, 4)]);
    let changes = impact_of_change(&preset_3x3(), &preset_4x4(), &rs);
    assert_eq!(changes[0].before, None);
    assert_eq!(changes[0].after, NewLevel::Level { level: 4 });
    assert_eq!(
        changes[0].describe(&preset_3x3(), &preset_4x4()),
        "R-009 (likelihood 4 × impact 4): no level → Very high (level 4)"
    );
}

// ---------------------------------------------------------------- properties

/// A valid formula-band method: scales of 3 to 10 levels, either formula,
/// 2 to 10 risk levels, contiguous bands whose levels never drop.
fn band_method() -> impl Strategy<Value = RiskMethod> {
    (
        3usize..=10,
        3usize..=10,
        prop_oneof![Just(Formula::Product), Just(Formula::Sum)],
        2usize..=10,
        any::<u64>(),
    )
        .prop_map(|(l, i, f, k, seed)| {
            let (lo, hi) = f.range(l, i).unwrap();
            let span = (hi - lo + 1) as usize;
            let k = k.min(span);
            // k - 1 distinct cut points in lo+1..=hi, picked from the seed.
            let mut cuts: Vec<u32> = Vec::new();
            let mut x = seed;
            while cuts.len() < k - 1 {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let c = lo + 1 + ((x >> 33) % u64::from(hi - lo)) as u32;
                if !cuts.contains(&c) {
                    cuts.push(c);
                }
            }
            cuts.sort_unstable();
            let mut starts = vec![lo];
            starts.extend(&cuts);
            let bands: Vec<(u32, u32, usize)> = starts
                .iter()
                .enumerate()
                .map(|(n, &from)| {
                    let to = starts.get(n + 1).map_or(hi, |next| next - 1);
                    (from, to, n + 1)
                })
                .collect();
            method(l, i, k, formula(f, &bands))
        })
}

/// A random grid on random scales with 2 to 4 risk levels, each cell
/// 1..=levels: often non-monotone.
fn random_grid() -> impl Strategy<Value = RiskMethod> {
    (3usize..=5, 3usize..=5, 2usize..=4).prop_flat_map(|(l, i, n)| {
        proptest::collection::vec(proptest::collection::vec(1..=n, i), l)
            .prop_map(move |grid| method(l, i, n, Scoring::Lookup { grid }))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn valid_band_methods_never_lower_the_level(m in band_method()) {
        prop_assert_eq!(validate(&m), vec![]);
        prop_assert_eq!(violations(&m), vec![]);
        let Scoring::Formula { formula, bands } = &m.scoring else { unreachable!() };
        for l in 1..=m.likelihood.len() as u8 {
            for i in 1..=m.impact.len() as u8 {
                let s = formula.score(l, i);
                let oracle: Vec<usize> = bands.iter().filter(|b| b.from <= s && s <= b.to).map(|b| b.level).collect();
                prop_assert_eq!(oracle.len(), 1);
                prop_assert_eq!(m.level(l, i), Ok(oracle[0]));
                // One step up in either scale never lowers the level.
                if l < m.likelihood.len() as u8 {
                    prop_assert!(m.level(l + 1, i).unwrap() >= m.level(l, i).unwrap());
                }
                if i < m.impact.len() as u8 {
                    prop_assert!(m.level(l, i + 1).unwrap() >= m.level(l, i).unwrap());
                }
            }
        }
    }

    #[test]
    fn presets_never_lower_the_level(p in 0usize..3, l in 1u8..=5, i in 1u8..=5, dl in 0u8..=4, di in 0u8..=4) {
        let m = (risk::PRESETS[p].make)();
        let n = m.likelihood.len() as u8;
        prop_assume!(l <= n && i <= n);
        let (l2, i2) = ((l + dl).min(n), (i + di).min(n));
        prop_assert!(m.level(l2, i2).unwrap() >= m.level(l, i).unwrap());
    }

    #[test]
    fn level_is_defined_exactly_on_the_scales(m in band_method(), l in any::<u8>(), i in any::<u8>()) {
        let inside = l >= 1 && i >= 1 && usize::from(l) <= m.likelihood.len() && usize::from(i) <= m.impact.len();
        match m.level(l, i) {
            Ok(k) => {
                prop_assert!(inside);
                prop_assert!(k >= 1 && k <= m.levels.len());
            }
            Err(RiskError::OutsideScale { axis, value, levels }) => {
                prop_assert!(!inside);
                match axis {
                    Axis::Likelihood => prop_assert_eq!((value, levels), (l, m.likelihood.len())),
                    Axis::Impact => prop_assert_eq!((value, levels), (i, m.impact.len())),
                }
            }
            Err(e) => prop_assert!(false, "unexpected {:?}", e),
        }
    }

    /// On any grid, validation names a monotonicity problem exactly when
    /// some higher cell gives a lower level.
    #[test]
    fn grid_monotonicity_is_flagged_exactly_when_it_fails(m in random_grid()) {
        let errs = validate(&m);
        let flagged = errs.iter().any(|e| e.message.contains("must never give a lower level"));
        prop_assert_eq!(flagged, !violations(&m).is_empty(), "{:#?}", errs);
        if errs.is_empty() {
            prop_assert_eq!(violations(&m), vec![]);
        }
    }

    /// On any bands, a gap or overlap is reported exactly when some possible
    /// score falls in no band or in several.
    #[test]
    fn band_coverage_is_flagged_exactly_when_it_fails(
        f in prop_oneof![Just(Formula::Product), Just(Formula::Sum)],
        raw in proptest::collection::vec((0u32..=12, 0u32..=12), 1..5),
    ) {
        let mut bands: Vec<(u32, u32, usize)> = raw.iter().map(|&(a, b)| (a.min(b), a.max(b), 1)).collect();
        bands.sort_unstable();
        let m = method(3, 3, 2, formula(f, &bands));
        let (lo, hi) = f.range(3, 3).unwrap();
        let bad_cover = (lo..=hi).any(|s| bands.iter().filter(|b| b.0 <= s && s <= b.1).count() != 1);
        let overlapping = bands.windows(2).any(|w| w[1].0 <= w[0].1);
        let errs = validate(&m);
        let coverage = errs.iter().any(|e| e.message.contains("exactly one band"));
        prop_assert_eq!(coverage, bad_cover || overlapping, "{:?} {:#?}", bands, errs);
    }

    /// A change of method reports exactly the risks whose level or level
    /// name changes, or that fall outside the new scales; scores are never
    /// altered.
    #[test]
    fn impact_of_change_reports_exactly_the_changed(
        old in band_method(),
        new in band_method(),
        rs in proptest::collection::vec((1u8..=10, 1u8..=10), 0..30),
    ) {
        let risks: Vec<(String, u8, u8)> = rs.iter().enumerate().map(|(n, &(l, i))| (format!("R-{n:03}"), l, i)).collect();
        let changes = impact_of_change(&old, &new, &risks);
        let mut reported = changes.iter().peekable();
        for (r, l, i) in &risks {
            let before = old.level(*l, *i).ok();
            let after = new.level(*l, *i);
            let name = |m: &RiskMethod, k: Option<usize>| k.and_then(|k| m.risk_level(k)).map(|x| x.name.clone());
            let same = after.is_ok() && before == after.clone().ok() && name(&old, before) == name(&new, after.clone().ok());
            if same {
                prop_assert!(reported.peek().is_none_or(|c| &c.risk != r));
                continue;
            }
            let c = reported.next();
            prop_assert!(c.is_some(), "{} not reported", r);
            let c = c.unwrap();
            prop_assert_eq!(&c.risk, r);
            prop_assert_eq!((c.likelihood, c.impact), (*l, *i));
            prop_assert_eq!(c.before, before);
            match (&c.after, after) {
                (NewLevel::Level { level }, Ok(k)) => prop_assert_eq!(*level, k),
                (NewLevel::OutsideScale { likelihood, impact }, Err(RiskError::OutsideScale { .. })) => {
                    prop_assert_eq!(*likelihood, !new.likelihood.contains(*l));
                    prop_assert_eq!(*impact, !new.impact.contains(*i));
                }
                (got, want) => prop_assert!(false, "{:?} vs {:?}", got, want),
            }
        }
        prop_assert!(reported.next().is_none());
    }
}
