//! Browser tests (headless Chromium through wasm-bindgen-test-runner) of
//! the risk pages mounted for real: heat-map counts, filtering by a cell,
//! level colours set without inline style markup, user text shown as text.
#![cfg(target_arch = "wasm32")]

use isms::core::risk::register::{self, Which};
use isms::core::{file::format, sample};
use isms::storage;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc)
}

fn by_testid(host: &web_sys::HtmlElement, id: &str) -> Vec<web_sys::HtmlElement> {
    let list = host
        .query_selector_all(&format!("[data-testid=\"{id}\"]"))
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect()
}

/// Mounts the app on `hash` over a stored ISMS.
async fn mount(
    isms: &isms::core::Isms,
    hash: &str,
) -> (web_sys::HtmlElement, Box<dyn std::any::Any>) {
    local().clear().unwrap();
    storage::save_actor("Tester").unwrap();
    storage::save(&format::store(isms, now()), true).unwrap();
    web_sys::window()
        .unwrap()
        .location()
        .set_hash(hash)
        .unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), isms::ui::App);
    leptos::task::tick().await;
    (host, Box::new(handle))
}

#[wasm_bindgen_test]
async fn heat_maps_count_every_risk_and_a_cell_filters_the_register() {
    let mut m = sample::generate(20, 3);
    sample::add_risks(&mut m, 40, 11);
    let (host, handle) = mount(&m, "#/risks").await;

    for (which, key) in [(Which::Inherent, "inherent"), (Which::Current, "current")] {
        let counts = register::heat(&m, which, None);
        let mut total = 0;
        for (l, row) in counts.iter().enumerate() {
            for (i, n) in row.iter().enumerate() {
                let cell = by_testid(&host, &format!("heatmap-{key}-{}-{}", l + 1, i + 1));
                assert_eq!(cell.len(), 1, "one cell {key} {} {}", l + 1, i + 1);
                assert_eq!(cell[0].text_content().unwrap(), n.to_string());
                // The level's colour is set through the CSS object model.
                assert!(!cell[0]
                    .style()
                    .get_property_value("background-color")
                    .unwrap()
                    .is_empty());
                total += n;
            }
        }
        assert_eq!(total, 40);
    }
    assert_eq!(by_testid(&host, "risk-row").len(), 40);

    // The fullest inherent cell filters the register to its risks.
    let counts = register::heat(&m, Which::Inherent, None);
    let (l, i, n) = counts
        .iter()
        .enumerate()
        .flat_map(|(l, r)| r.iter().enumerate().map(move |(i, n)| (l + 1, i + 1, *n)))
        .max_by_key(|c| c.2)
        .unwrap();
    by_testid(&host, &format!("heatmap-inherent-{l}-{i}"))[0].click();
    leptos::task::tick().await;
    assert_eq!(by_testid(&host, "risk-row").len(), n);
    assert_eq!(by_testid(&host, "risk-filter-cell").len(), 1);
    by_testid(&host, &format!("heatmap-inherent-{l}-{i}"))[0].click();
    leptos::task::tick().await;
    assert_eq!(by_testid(&host, "risk-row").len(), 40);

    drop(handle);
    host.remove();
    local().clear().unwrap();
}

#[wasm_bindgen_test]
async fn risk_text_is_rendered_as_text() {
    let mut m = sample::generate(3, 1);
    sample::add_risks(&mut m, 1, 2);
    let evil = "<img src=x onerror=alert(1)>";
    m.risks[0].title = evil.into();
    m.risks[0].owner = "<b>boss</b>".into();
    let (host, handle) = mount(&m, "#/risks").await;
    let rows = by_testid(&host, "risk-row");
    assert_eq!(rows.len(), 1);
    assert!(rows[0].text_content().unwrap().contains(evil));
    assert!(rows[0].text_content().unwrap().contains("<b>boss</b>"));
    assert_eq!(host.query_selector_all("img, main b").unwrap().length(), 0);
    drop(handle);
    host.remove();
    local().clear().unwrap();
}
