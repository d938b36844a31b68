//! End-to-end checks of every page with data in it, through the release
//! build in headless Chromium (the rig of `tests/e2e.rs`):
//!
//! - at 360 × 740 (a small phone), 1,280 × 800 (a laptop) and 1,920 × 1,080
//!   (a desktop) no page scrolls sideways: `document.documentElement`
//!   is no wider than the window (a wide table scrolls inside its own box);
//! - axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any of them.
//!
//! The data is the deterministic sample (`core::sample`), imported through
//! the header's file input as a person would. Screenshots of each page at
//! each width go to `target/screenshots/layout-<width>-<page>.png`.
#![cfg(not(target_arch = "wasm32"))]

mod browser;

use browser::{run, Browser};
use serde_json::json;

/// The sample ISMS: 30 assets, 40 risks (some with a treatment plan), with
/// the issues, parties, scope and organisation `generate` fills in. Returns
/// the file's path and the reference of a risk with a plan.
async fn import_sample(b: &Browser) -> String {
    let mut m = isms::core::sample::generate(30, 7);
    isms::core::sample::add_risks(&mut m, 40, 8);
    let with_plan = m
        .risks
        .iter()
        .filter(|r| !r.actions.is_empty())
        .max_by_key(|r| r.actions.len())
        .map(|r| r.reference.clone())
        .expect("a sample risk with a treatment plan");
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-20T09:00:00Z")
        .expect("time")
        .with_timezone(&chrono::Utc);
    let text = isms::core::file::format::export(&m, at, "Generator");
    let path = b
        .downloads
        .parent()
        .expect("temp folder")
        .join("sample.json");
    std::fs::write(&path, text).expect("write the sample file");

    b.start_app("Alice Auditor").await;
    b.choose_file(&path).await;
    b.find("import-preview").await;
    b.click("import-confirm").await;
    b.wait_gone("import-confirm").await;
    b.wait_saved().await;
    // One edit, so that the log has an entry with field-level details.
    b.click("nav-organisation").await;
    b.fill("organisation-field-sector", "Software and services")
        .await;
    b.click("organisation-save").await;
    b.wait_saved().await;
    with_plan
}

/// Every page, as `(name, route, a CSS selector that is there once the page
/// shows its data)`.
fn pages(risk_with_plan: &str) -> Vec<(String, String, String)> {
    let t = |id: &str| format!("[data-testid=\"{id}\"]");
    [
        ("home", "#/", "main h1".to_string()),
        (
            "organisation",
            "#/organisation",
            t("organisation-field-name"),
        ),
        ("issues", "#/issues", t("issue-row")),
        ("issue-editor", "#/issues/I-0001", t("issue-editor")),
        ("parties", "#/parties", t("party-row")),
        ("party-editor", "#/parties/P-0001", t("requirement-row")),
        ("scope", "#/scope", t("scope-exclusion-row")),
        ("assets", "#/assets", t("asset-row")),
        ("asset-editor", "#/assets/A-0002", t("asset-editor")),
        ("asset-new", "#/assets/new", t("asset-field-name")),
        ("risks", "#/risks", t("risk-row")),
        (
            "risk-editor",
            &format!("#/risks/{risk_with_plan}"),
            t("risk-action"),
        ),
        ("risk-new", "#/risks/new", t("risk-field-title")),
        (
            "risk-method",
            "#/risk-method",
            t("method-likelihood-label-1"),
        ),
        ("risk-report", "#/risk-report", t("report-risk")),
        ("controls", "#/controls", t("control-row")),
        (
            "control-editor",
            "#/controls/A.5.15",
            t("control-field-status"),
        ),
        ("control-new", "#/controls/new", t("control-field-title")),
        ("soa", "#/soa", t("soa-row")),
        ("log", "#/log", t("log-row")),
        ("settings", "#/settings", t("storage-usage")),
    ]
    .into_iter()
    .map(|(n, r, s)| (n.to_string(), r.to_string(), s))
    .collect()
}

/// Opens `route` and waits until `ready` is in the page and laid out.
async fn show(b: &Browser, route: &str, ready: &str) {
    b.go(route).await;
    b.wait_js(
        &format!("{route} to show {ready}"),
        &format!(
            "(location.hash || '#/') === '{route}' && document.querySelector('main h1') !== null && document.querySelector('{}') !== null",
            ready.replace('\'', "\\'")
        ),
    )
    .await;
}

/// Emulates a window of `width` × `height` CSS pixels.
async fn window(b: &Browser, width: u32, height: u32) {
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
    )
    .expect("set the window size");
    let inner = b.js("return window.innerWidth;", vec![]).await;
    assert_eq!(inner, json!(width), "the emulated window is {inner} wide");
}

/// How far the page is wider than the window, and the widest elements that
/// stick out past its right edge (to name them in the failure).
async fn overflow(b: &Browser) -> (i64, String) {
    let v = b
        .js(
            "const w = window.innerWidth; \
             const over = document.documentElement.scrollWidth - w; \
             const out = [...document.querySelectorAll('body *')] \
               .map(e => [e, e.getBoundingClientRect().right]) \
               .filter(([e, r]) => r > w + 1 && !(e.parentElement && e.parentElement.closest('.table-box'))) \
               .sort((a, b) => b[1] - a[1]).slice(0, 4) \
               .map(([e, r]) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + (e.dataset.testid ? '[' + e.dataset.testid + ']' : '') + ' to ' + Math.round(r)); \
             return [over, out.join(', ')];",
            vec![],
        )
        .await;
    (
        v[0].as_i64().unwrap_or(0),
        v[1].as_str().unwrap_or("").to_string(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_scrolls_sideways_on_a_phone_a_laptop_or_a_desktop() {
    run("layout", |b| async move {
        let risk = import_sample(&b).await;
        let mut wide = Vec::new();
        for (width, height) in [(360, 740), (1280, 800), (1920, 1080)] {
            window(&b, width, height).await;
            for (name, route, ready) in pages(&risk) {
                show(&b, &route, &ready).await;
                let (over, what) = overflow(&b).await;
                if width != 1920 {
                    // What the page waited for, in sight (the plan of the risk editor, say).
                    b.js("document.querySelector(arguments[0]).scrollIntoView({ block: 'center' }); return null;", vec![json!(ready)]).await;
                    b.screenshot(&format!("layout-{width}-{name}")).await;
                }
                if over > 0 {
                    wide.push(format!("{route} at {width} px: {over} px too wide ({what})"));
                }
                // From a laptop's width up, a list's row actions are in sight,
                // not scrolled away inside the table's box.
                if width >= 1280 && ["assets", "risks", "issues", "parties"].contains(&name.as_str()) {
                    let hidden = b
                        .js(
                            "const box = document.querySelector('main .table-box').getBoundingClientRect(); \
                             return [...document.querySelectorAll('main .table-box .cell--actions button')] \
                               .filter(e => e.getBoundingClientRect().right > box.right + 1).length;",
                            vec![],
                        )
                        .await;
                    if hidden != json!(0) {
                        wide.push(format!("{route} at {width} px: {hidden} row actions scrolled out of sight"));
                    }
                }
            }
        }
        assert!(
            wide.is_empty(),
            "pages scroll sideways:\n  {}",
            wide.join("\n  ")
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_with_data_passes_axe() {
    run("axe_pages", |b| async move {
        let risk = import_sample(&b).await;
        let mut found = Vec::new();
        for (name, route, ready) in pages(&risk) {
            show(&b, &route, &ready).await;
            if name == "log" {
                // The field-level details of the edit, open.
                b.js("document.querySelectorAll('details').forEach(d => d.open = true); return null;", vec![]).await;
            }
            for v in b.axe_violations().await {
                found.push(format!("{route}: {v}"));
            }
        }
        // At a phone's width too: the navigation and header wrap there.
        window(&b, 360, 740).await;
        for (route, ready) in [("#/risks", "[data-testid=\"risk-row\"]"), ("#/assets", "[data-testid=\"asset-row\"]")] {
            show(&b, route, ready).await;
            for v in b.axe_violations().await {
                found.push(format!("{route} at 360 px: {v}"));
            }
        }
        assert!(
            found.is_empty(),
            "axe-core: {} WCAG A/AA violation(s):\n  - {}",
            found.len(),
            found.join("\n  - ")
        );
    })
    .await;
}
