#![cfg(not(target_arch = "wasm32"))]
//! Property tests: whatever text people type, changes made through commands
//! keep the ISMS valid, and export -> import -> export is byte-identical.

mod core_common;

use core_common::*;
use isms::core::assets::query::{AssetFilter, AssetSort};
use isms::core::file::format;
use isms::core::kernel::command::{Command, DomainError};
use isms::core::sample::generate;
use isms::core::*;
use proptest::collection::vec;
use proptest::prelude::*;

/// Text as people (and attackers) type it.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 ]{1,30}",
        2 => any::<String>(),
        1 => "\\PC{0,60}",
        1 => "[a-z \"'<>&/\\\\\n\r\t]{0,40}",
        1 => Just("<img src=x onerror=alert(1)>".to_string()),
        1 => Just("\"quoted\" and 'single' and back\\slash".to_string()),
        1 => Just("line one\nline two\r\n\tindented".to_string()),
        1 => Just("Zoë 日本語 🚀 \u{202e}txet \u{0}nul".to_string()),
        1 => Just("   ".to_string()),
        1 => ".{195,205}",
    ]
}

/// Applies `cmd`; a refusal must leave the ISMS as it was, an acceptance
/// must leave it valid.
fn step(w: &mut World, cmd: Command) -> Result<(), TestCaseError> {
    let before = w.isms.clone();
    match w.apply(cmd) {
        Err(e) => {
            prop_assert_eq!(&w.isms, &before, "refused ({}) but changed", e);
            let blank_actor = w.actor.trim().is_empty();
            prop_assert!(
                matches!(e, DomainError::Invalid(_)) || (blank_actor && e == DomainError::NoActor),
                "unexpected error {:?}",
                e
            );
        }
        Ok(_) => {
            let errs = w.isms.check();
            prop_assert!(
                errs.is_empty(),
                "a command left the ISMS invalid: {:?}",
                errs
            );
        }
    }
    w.tick();
    Ok(())
}

/// A generated ISMS, then one of each command carrying the given texts.
fn build(n: usize, seed: u64, t: &[String], actor: String) -> Result<World, TestCaseError> {
    let mut w = World::with(generate(n, seed));
    w.actor = actor;
    step(
        &mut w,
        Command::SetOrganisation(Organisation {
            name: t[0].clone(),
            sector: t[1].clone(),
            size: Some(OrgSize::Large),
            locations: vec![t[2].clone()],
            description: t[3].clone(),
        }),
    )?;
    let mut a = asset(&t[4], &t[5]);
    a.description = t[6].clone();
    a.tags = vec![t[7].clone(), "fixed-tag".into()];
    a.depends_on = w
        .isms
        .assets
        .first()
        .map(|x| x.id.clone())
        .into_iter()
        .collect();
    step(&mut w, Command::save(a))?;
    if !w.isms.assets.is_empty() {
        let i = (seed as usize) % w.isms.assets.len();
        let mut u = w.isms.assets[i].clone();
        u.name = t[8].clone();
        u.owner = t[9].clone();
        u.location = t[10].clone();
        step(&mut w, Command::save(u))?;
    }
    let mut x = issue(&t[11]);
    x.description = t[0].clone();
    step(&mut w, Command::save(x))?;
    let mut p = party(
        &t[1],
        vec![requirement(&t[2]), requirement("Fixed requirement")],
    );
    p.requirements[0].how = t[3].clone();
    p.contact = t[4].clone();
    step(&mut w, Command::save(p))?;
    step(
        &mut w,
        Command::SetScope(Scope {
            statement: t[5].clone(),
            inclusions: vec![ScopeItem {
                text: t[6].clone(),
                justification: String::new(),
            }],
            exclusions: vec![ScopeItem {
                text: t[7].clone(),
                justification: t[8].clone(),
            }],
            locations: vec![t[9].clone()],
            interfaces: vec![Interface {
                organisation: t[10].clone(),
                description: t[11].clone(),
            }],
        }),
    )?;
    if !w.isms.assets.is_empty() {
        let i = (seed as usize / 7) % w.isms.assets.len();
        let id = w.isms.assets[i].id.clone();
        step(
            &mut w,
            Command::Delete {
                kind: RecordKind::Asset,
                id,
                detach: true,
            },
        )?;
    }
    Ok(w)
}

/// The exported file as `serde_json::to_string_pretty` writes it: what
/// `format::export` wrote before it indented the compact text itself.
#[derive(serde::Serialize)]
struct ExportFile<'a> {
    format: &'a str,
    schema_version: u32,
    exported_at: String,
    exported_by: &'a str,
    data: &'a Isms,
}

fn pretty_export(m: &Isms, at: chrono::DateTime<chrono::Utc>, by: &str) -> String {
    let file = ExportFile {
        format: format::FILE_FORMAT,
        schema_version: format::SCHEMA_VERSION,
        exported_at: isms::core::kernel::command::timestamp(at),
        exported_by: by,
        data: m,
    };
    serde_json::to_string_pretty(&file).expect("serialises") + "\n"
}

/// Any JSON value, with awkward texts as keys and strings.
fn json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e300f64..1e300).prop_map(Value::from),
        text().prop_map(Value::String),
        Just(Value::String("{[,:\"]}".into())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            vec((text(), inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn actor() -> impl Strategy<Value = String> {
    prop_oneof![4 => Just("Alice Auditor".to_string()), 1 => text()]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn export_import_export_is_byte_identical(
        n in 0usize..40,
        seed in any::<u64>(),
        t in vec(text(), 12),
        actor in actor(),
        by in text(),
    ) {
        let w = build(n, seed, &t, actor)?;
        let first = format::export(&w.isms, w.now, &by);
        prop_assert_eq!(&first, &pretty_export(&w.isms, w.now, &by));
        let imported = format::import(&first).map_err(|e| TestCaseError::fail(format!("import failed: {e}")))?;
        prop_assert_eq!(&imported.isms, &w.isms);
        prop_assert_eq!(imported.exported_by.as_deref(), Some(by.as_str()));
        let second = format::export(&imported.isms, w.now, &by);
        prop_assert_eq!(&first, &second);

        let stored = format::store(&w.isms, w.now);
        let loaded = format::load(&stored).map_err(|e| TestCaseError::fail(format!("load failed: {e}")))?;
        prop_assert_eq!(&loaded.isms, &w.isms);
    }

    #[test]
    fn generated_data_round_trips(n in 0usize..40, seed in any::<u64>()) {
        let m = generate(n, seed);
        prop_assert!(m.check().is_empty());
        let first = format::export(&m, t(0), "gen");
        prop_assert_eq!(&first, &pretty_export(&m, t(0), "gen"));
        let imported = format::import(&first).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&imported.isms, &m);
        prop_assert_eq!(format::export(&imported.isms, t(0), "gen"), first);
    }

    /// The export indents serde_json's compact text exactly as serde_json's
    /// pretty printer would have written it.
    #[test]
    fn indent_is_serde_json_pretty(v in json()) {
        let compact = serde_json::to_string(&v).expect("serialises");
        prop_assert_eq!(format::indent(&compact), serde_json::to_string_pretty(&v).expect("serialises"));
    }

    /// A damaged file is refused with an error, never a panic; if the damage
    /// happens to leave a valid file, it round-trips like any other.
    #[test]
    fn damaged_files_never_panic(
        n in 0usize..8,
        seed in any::<u64>(),
        cut in any::<prop::sample::Index>(),
        len in 0usize..40,
        insert in text(),
    ) {
        let text = format::export(&generate(n, seed), t(0), "x");
        let chars: Vec<char> = text.chars().collect();
        let at = cut.index(chars.len());
        let end = (at + len).min(chars.len());
        let damaged: String = chars[..at].iter().chain(insert.chars().collect::<Vec<_>>().iter()).chain(chars[end..].iter()).collect();
        match format::import(&damaged) {
            Ok(imp) => {
                let again = format::export(&imp.isms, t(0), "x");
                let back = format::import(&again).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(back.isms, imp.isms);
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    /// Descending is the exact reverse of ascending (references are unique),
    /// and a filter only ever removes assets.
    #[test]
    fn asset_sorting_is_a_total_order(n in 0usize..60, seed in any::<u64>(), sort_i in 0usize..7, word in "[a-z]{0,3}") {
        let m = generate(n, seed);
        let sort = [AssetSort::Reference, AssetSort::Name, AssetSort::Kind, AssetSort::Owner,
                    AssetSort::Classification, AssetSort::Criticality, AssetSort::InScope][sort_i];
        let asc = assets::query::assets(&m.assets, &AssetFilter { sort, ..AssetFilter::default() });
        let mut desc = assets::query::assets(&m.assets, &AssetFilter { sort, descending: true, ..AssetFilter::default() });
        desc.reverse();
        prop_assert_eq!(&asc, &desc);
        let mut seen = asc.clone();
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..n).collect::<Vec<_>>());
        let some = assets::query::assets(&m.assets, &AssetFilter { text: word.clone(), sort, ..AssetFilter::default() });
        prop_assert!(some.iter().all(|i| asc.contains(i)));
        prop_assert!(asc.iter().filter(|i| some.contains(i)).eq(some.iter()), "filtering keeps the order");
    }
}

// ---------------------------------------------------------------- the risk register

use isms::core::kernel::dates;
use isms::core::risk::register::{self, RiskFilter, RiskSort, Which};
use isms::core::risk::{self, Formula, RiskMethod};
use isms::core::sample::add_risks;

/// Every preset, as its lookup grid or cut into bands of each formula.
fn methods() -> Vec<RiskMethod> {
    let mut out = Vec::new();
    for p in risk::PRESETS {
        let m = (p.make)();
        for f in [Formula::Product, Formula::Sum] {
            let mut formula = m.clone();
            formula.scoring = m.as_formula(f);
            out.push(formula);
        }
        out.push(m);
    }
    out
}

const SORTS: [RiskSort; 9] = [
    RiskSort::Reference,
    RiskSort::Title,
    RiskSort::Owner,
    RiskSort::Inherent,
    RiskSort::Current,
    RiskSort::Residual,
    RiskSort::Status,
    RiskSort::Treatment,
    RiskSort::NextReview,
];

/// Reads CSV as `register::csv` writes it (every cell quoted, CRLF after
/// each record, a BOM first); `None` when it is not that.
fn parse_csv(text: &str) -> Option<Vec<Vec<String>>> {
    let text = text.strip_prefix('\u{feff}')?;
    let (mut records, mut record, mut cell) = (Vec::new(), Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.next() == Some('\n') => {
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            _ => return None,
        }
    }
    (!quoted && record.is_empty() && cell.is_empty()).then_some(records)
}

/// How `register::csv` writes a text: a leading apostrophe before what a
/// spreadsheet would take for a formula.
fn neutralised(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    /// A generated register under any preset or formula: valid, its rows
    /// say what the method says, the heat map counts every risk once, the
    /// sorts are total orders, the CSV has one record per risk, and the
    /// file round-trips.
    #[test]
    fn a_generated_register_agrees_with_its_method(
        assets in 1usize..30,
        n in 0usize..120,
        seed in any::<u64>(),
        method_i in 0usize..9,
        days in 0i64..1500,
        sort_i in 0usize..9,
    ) {
        let mut m = generate(assets, seed);
        m.risk_method = methods()[method_i].clone();
        prop_assert!(risk::validate(&m.risk_method).is_empty(), "{:?}", risk::validate(&m.risk_method));
        add_risks(&mut m, n, seed.wrapping_add(1));
        let errs = m.check();
        prop_assert!(errs.is_empty(), "{:?}", errs);

        let today = dates::day(t(days * 24 * 60));
        let method = &m.risk_method;
        let rows = register::rows(&m, &today);
        prop_assert_eq!(&rows, &register::rows_with(&m, &register::levels(&m), &today));
        for (row, r) in rows.iter().zip(&m.risks) {
            let level = |s: &Score| method.level(s.likelihood, s.impact).ok();
            prop_assert_eq!(row.inherent, r.inherent.as_ref().and_then(level));
            prop_assert_eq!(row.current, r.current.as_ref().and_then(level));
            prop_assert_eq!(row.residual, r.residual.as_ref().and_then(level));
            let current = row.current.expect("a valid method gives every score a level");
            let from = if r.last_review.is_empty() { &r.created_at[..10] } else { r.last_review.as_str() };
            let months = method.levels[current - 1].review_months;
            prop_assert_eq!(Some(row.next_review.clone()), dates::add_months(from, months));
            prop_assert_eq!(row.review_overdue, r.status != RiskStatus::Closed && row.next_review < today);
            prop_assert_eq!(row.above_appetite, current > method.appetite);
            prop_assert_eq!(row.needs_attention(r), !row.problems(r, method).is_empty());
        }

        for which in [Which::Inherent, Which::Current] {
            let h = register::heat(&m, which, None);
            prop_assert_eq!(h.len(), method.likelihood.len());
            prop_assert_eq!(h.iter().flatten().sum::<usize>(), n);
        }

        let sort = SORTS[sort_i];
        let asc = register::filter(&m, &rows, &RiskFilter { sort, ..RiskFilter::default() });
        let mut desc = register::filter(&m, &rows, &RiskFilter { sort, descending: true, ..RiskFilter::default() });
        desc.reverse();
        prop_assert_eq!(&asc, &desc);
        let mut all = asc.clone();
        all.sort_unstable();
        prop_assert_eq!(all, (0..n).collect::<Vec<_>>());
        let attention = register::filter(&m, &rows, &RiskFilter { attention: true, sort, ..RiskFilter::default() });
        prop_assert!(asc.iter().filter(|k| attention.contains(k)).eq(attention.iter()), "filtering keeps the order");
        prop_assert!(attention.iter().all(|&k| rows[k].needs_attention(&m.risks[k])));

        let csv = parse_csv(&risk::csv::csv(&m, &rows, &asc));
        prop_assert!(csv.is_some(), "malformed CSV");
        let csv = csv.expect("checked");
        prop_assert_eq!(csv.len(), n + 1);
        prop_assert!(csv.iter().all(|r| r.len() == 33));
        for (record, &k) in csv[1..].iter().zip(&asc) {
            prop_assert_eq!(&record[0], &m.risks[k].reference);
        }

        let text = format::export(&m, t(0), "gen");
        let back = format::import(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back.isms, &m);
        prop_assert_eq!(format::export(&back.isms, t(0), "gen"), text);
    }

    /// Whatever people type into a risk: it is refused with field errors
    /// and nothing changes, or it is saved, the ISMS stays valid, it is
    /// found by its title, and its CSV is well formed with every text
    /// neutralised against formulas.
    #[test]
    fn risk_texts_are_refused_or_saved_safely(
        t in vec(text(), 9),
        scores in vec(prop_oneof![8 => 1u8..6, 1 => Just(0u8), 1 => 6u8..=255], 6),
        treatment_i in 0usize..5,
        actor in actor(),
    ) {
        let mut w = World::new();
        w.add_asset(asset("Shipment database", "Head of IT"));
        w.actor = actor;
        let mut r = Risk::blank();
        r.title = t[0].clone();
        r.owner = t[1].clone();
        r.description = t[2].clone();
        r.threat = t[3].clone();
        r.vulnerability = t[4].clone();
        r.existing_controls = t[5].clone();
        r.treatment_rationale = t[6].clone();
        r.assets = vec![w.isms.assets[0].id.clone()];
        r.inherent = Some(Score::new(scores[0], scores[1]));
        r.current = Some(Score::new(scores[2], scores[3]));
        r.residual = (scores[4] != 3).then(|| Score::new(scores[4], scores[5]));
        r.treatment = Treatment::ALL[treatment_i];
        r.actions = vec![TreatmentAction {
            id: String::new(),
            title: t[7].clone(),
            owner: t[8].clone(),
            due: "2026-03-31".into(),
            status: ActionStatus::Planned,
            control: String::new(),
        }];
        step(&mut w, Command::save(r.clone()))?;
        let Some(saved) = w.isms.risks.first().cloned() else {
            return Ok(());
        };
        prop_assert_eq!(&saved.title, &r.title);
        let rows = register::rows(&w.isms, "2026-02-01");
        let found = register::filter(&w.isms, &rows, &RiskFilter { text: r.title.clone(), ..RiskFilter::default() });
        prop_assert_eq!(found, vec![0]);
        let csv = parse_csv(&risk::csv::csv(&w.isms, &rows, &[0]));
        prop_assert!(csv.is_some(), "malformed CSV");
        let csv = csv.expect("checked");
        prop_assert_eq!(csv.len(), 2);
        let record = &csv[1];
        prop_assert!(record.iter().all(|c| !c.starts_with(['=', '+', '-', '@', '\t', '\r'])), "{:?}", record);
        prop_assert_eq!(&record[1], &neutralised(&r.title));
        prop_assert_eq!(&record[2], &neutralised(&r.description));
        prop_assert_eq!(&record[7], &neutralised(&r.owner));

        let text = format::export(&w.isms, w.now, "x");
        let back = format::import(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back.isms, &w.isms);
    }
}
