//! Browser tests (headless Chromium through wasm-bindgen-test-runner) of
//! the kit's record editor, record picker and list editor, mounted for
//! real in the pages that use them.
#![cfg(target_arch = "wasm32")]

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

fn one(host: &web_sys::HtmlElement, id: &str) -> web_sys::HtmlElement {
    let found = by_testid(host, id);
    assert_eq!(found.len(), 1, "one {id}");
    found[0].clone()
}

/// Types `text` into the input or textarea `el`.
fn type_into(el: &web_sys::HtmlElement, text: &str) {
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.set_value(text);
    } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.set_value(text);
    }
    el.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn value(el: &web_sys::HtmlElement) -> String {
    el.dyn_ref::<web_sys::HtmlTextAreaElement>()
        .map(|t| t.value())
        .or_else(|| el.dyn_ref::<web_sys::HtmlInputElement>().map(|i| i.value()))
        .unwrap_or_default()
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

async fn unmount(host: web_sys::HtmlElement, handle: Box<dyn std::any::Any>) {
    drop(handle);
    host.remove();
    local().clear().unwrap();
}

#[wasm_bindgen_test]
async fn the_record_picker_suggests_other_records_and_adds_and_removes_them() {
    let mut m = sample::generate(4, 21);
    for a in &mut m.assets {
        a.depends_on.clear();
    }
    let (first, second) = (m.assets[0].clone(), m.assets[1].clone());
    let (host, handle) = mount(&m, &format!("#/assets/{}", first.reference)).await;
    let search = one(&host, "asset-field-depends-on");

    // The asset itself is never offered as its own dependency.
    type_into(&search, &first.reference);
    leptos::task::tick().await;
    assert!(by_testid(&host, "asset-dependency-option").is_empty());

    type_into(&search, &second.reference);
    leptos::task::tick().await;
    let option = one(&host, "asset-dependency-option");
    assert_eq!(
        option.text_content().unwrap().trim(),
        format!("{} {}", second.reference, second.name)
    );
    option.click();
    leptos::task::tick().await;
    let chips = one(&host, "asset-dependencies");
    assert!(chips.text_content().unwrap().contains(&second.reference));
    assert_eq!(value(&search), "", "picking clears the search");
    assert!(by_testid(&host, "asset-dependency-option").is_empty());
    assert_eq!(by_testid(&host, "editor-unsaved").len(), 1);

    // Once chosen, it is not offered again.
    type_into(&search, &second.reference);
    leptos::task::tick().await;
    assert!(by_testid(&host, "asset-dependency-option").is_empty());

    let remove: web_sys::HtmlElement = chips
        .query_selector(".chip__remove")
        .unwrap()
        .expect("a remove button on the chip")
        .unchecked_into();
    remove.click();
    leptos::task::tick().await;
    assert_eq!(chips.query_selector_all(".chip").unwrap().length(), 0);
    assert!(
        by_testid(&host, "editor-unsaved").is_empty(),
        "back as stored"
    );
    unmount(host, handle).await;
}

#[wasm_bindgen_test]
async fn the_risk_picker_shows_each_assets_ratings() {
    let mut m = sample::generate(3, 22);
    sample::add_risks(&mut m, 1, 23);
    let risk = m.risks[0].clone();
    let (host, handle) = mount(&m, &format!("#/risks/{}", risk.reference)).await;
    let chips = one(&host, "risk-assets");
    let shown = chips.query_selector_all(".chip").unwrap().length() as usize;
    assert_eq!(shown, risk.assets.len());
    let asset = m.asset(&risk.assets[0]).unwrap();
    let meta = chips
        .query_selector(".chip__meta")
        .unwrap()
        .expect("the asset's ratings")
        .text_content()
        .unwrap();
    assert_eq!(
        meta,
        format!(
            "C {} \u{00b7} I {} \u{00b7} A {}",
            asset.confidentiality.label(),
            asset.integrity.label(),
            asset.availability.label()
        )
    );
    unmount(host, handle).await;
}

#[wasm_bindgen_test]
async fn the_list_editor_adds_and_removes_rows_that_keep_their_item() {
    let mut m = sample::generate(2, 24);
    m.parties[0].requirements.clear();
    let party = m.parties[0].reference.clone();
    let (host, handle) = mount(&m, &format!("#/parties/{party}")).await;
    let add = one(&host, "party-requirement-add");
    for _ in 0..3 {
        add.click();
        leptos::task::tick().await;
    }
    let rows = by_testid(&host, "requirement-row");
    assert_eq!(rows.len(), 3);
    for (k, text) in by_testid(&host, "requirement-field-text")
        .iter()
        .enumerate()
    {
        type_into(text, &format!("requirement {k}"));
    }
    leptos::task::tick().await;

    // Removing the first keeps the others' rows, with their own text.
    by_testid(&host, "requirement-remove")[0].click();
    leptos::task::tick().await;
    let left = by_testid(&host, "requirement-row");
    assert_eq!(left.len(), 2);
    assert!(left[0].is_same_node(Some(&rows[1])), "the second row stays");
    let texts: Vec<String> = by_testid(&host, "requirement-field-text")
        .iter()
        .map(value)
        .collect();
    assert_eq!(texts, ["requirement 1", "requirement 2"]);
    unmount(host, handle).await;
}

#[wasm_bindgen_test]
async fn the_record_editor_saves_with_a_notice_and_says_when_a_record_is_missing() {
    let m = sample::generate(1, 25);
    let (host, handle) = mount(&m, "#/issues/I-0999").await;
    assert!(by_testid(&host, "issue-editor").is_empty());
    assert!(host
        .text_content()
        .unwrap()
        .contains("There is no issue I-0999. It may have been deleted."));
    unmount(host, handle).await;

    let (host, handle) = mount(&m, "#/issues/new").await;
    assert_eq!(
        one(&host, "issue-save").text_content().unwrap(),
        "Create issue"
    );
    let editor = one(&host, "issue-editor");
    assert!(
        editor
            .query_selector("[data-testid=issue-delete]")
            .unwrap()
            .is_none(),
        "nothing to delete yet"
    );
    type_into(&one(&host, "issue-field-title"), "  Supplier lock-in ");
    leptos::task::tick().await;
    assert_eq!(by_testid(&host, "editor-unsaved").len(), 1);
    one(&host, "issue-save").click();
    leptos::task::tick().await;
    let notice = one(&host, "notice").text_content().unwrap();
    assert!(
        notice.contains("Created issue I-") && notice.contains("\u{201c}Supplier lock-in\u{201d}."),
        "notice: {notice}"
    );
    unmount(host, handle).await;
}
