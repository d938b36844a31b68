//! Browser tests (headless Chromium through wasm-bindgen-test-runner):
//! storage that never loses data, and components mounted for real.
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use isms::core::format;
use isms::core::sample;
use isms::storage::{self, Loaded, StorageError, KEY_ISMS};
use isms::ui::state::{AppState, SaveStatus};
use leptos::prelude::*;
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

/// Fills localStorage with filler keys until the browser refuses more.
fn fill_storage() -> usize {
    let s = local();
    let chunk = "x".repeat(256 * 1024);
    let mut n = 0;
    while s.set_item(&format!("filler.{n}"), &chunk).is_ok() {
        n += 1;
        assert!(n < 200, "storage never filled up");
    }
    // Top up with smaller pieces so that almost nothing is left.
    let small = "y".repeat(1024);
    let mut m = 0;
    while s.set_item(&format!("filler.small.{m}"), &small).is_ok() {
        m += 1;
        assert!(m < 2000);
    }
    n
}

#[wasm_bindgen_test]
fn saves_and_loads_the_isms() {
    local().clear().unwrap();
    assert_eq!(storage::load(), Loaded::Empty);
    let isms = sample::generate(25, 7);
    let text = format::store(&isms, now());
    let chars = storage::save(&text).expect("save");
    assert_eq!(chars, text.encode_utf16().count());
    match storage::load() {
        Loaded::Found(found, saved_at) => {
            assert_eq!(*found, isms);
            assert_eq!(saved_at, "2026-11-30T10:00:00Z");
        }
        other => panic!("expected the stored ISMS, got {other:?}"),
    }
    let (total, used) = storage::usage().unwrap();
    assert_eq!(used, KEY_ISMS.len() + chars);
    assert!(total >= used);
    local().clear().unwrap();
}

#[wasm_bindgen_test]
fn corrupt_stored_data_is_reported_and_kept() {
    local().clear().unwrap();
    let corrupt =
        "{\"format\":\"bastion-isms-store\",\"schema_version\":1,\"data\":{\"assets\":[{\"oops\"";
    local().set_item(KEY_ISMS, corrupt).unwrap();
    match storage::load() {
        Loaded::Unreadable { raw, error } => {
            assert_eq!(raw, corrupt);
            assert!(error.to_string().contains("not valid JSON"), "{error}");
        }
        other => panic!("expected unreadable, got {other:?}"),
    }
    // The app starts with saving held, and a save attempt leaves the text alone.
    let app = AppState::load();
    assert!(app.unreadable.get_untracked().is_some());
    assert_eq!(app.save.get_untracked(), SaveStatus::Held);
    app.save_now();
    app.schedule_save();
    app.flush();
    assert_eq!(
        local().get_item(KEY_ISMS).unwrap().as_deref(),
        Some(corrupt)
    );
    local().clear().unwrap();
}

#[wasm_bindgen_test]
fn data_from_a_newer_version_is_kept() {
    local().clear().unwrap();
    let isms = sample::generate(3, 1);
    let newer =
        format::store(&isms, now()).replacen("\"schema_version\":1", "\"schema_version\":99", 1);
    local().set_item(KEY_ISMS, &newer).unwrap();
    let app = AppState::load();
    let reason = app.unreadable.get_untracked().expect("reported").reason;
    assert!(reason.contains("newer version"), "{reason}");
    app.save_now();
    assert_eq!(
        local().get_item(KEY_ISMS).unwrap().as_deref(),
        Some(newer.as_str())
    );
    local().clear().unwrap();
}

#[wasm_bindgen_test]
fn invalid_stored_data_is_kept() {
    local().clear().unwrap();
    let mut isms = sample::generate(3, 1);
    isms.assets[1].id = isms.assets[0].id.clone();
    let text = format::store(&isms, now());
    local().set_item(KEY_ISMS, &text).unwrap();
    match storage::load() {
        Loaded::Unreadable { raw, error } => {
            assert_eq!(raw, text);
            assert!(error.to_string().contains("assets[1].id"), "{error}");
        }
        other => panic!("expected unreadable, got {other:?}"),
    }
    local().clear().unwrap();
}

#[wasm_bindgen_test]
fn a_failed_save_is_reported_and_the_old_copy_stays() {
    local().clear().unwrap();
    let small = sample::generate(2, 3);
    let old = format::store(&small, now());
    storage::save(&old).unwrap();
    fill_storage();

    // A direct save of something larger fails with a quota error.
    let big = format::store(&sample::generate(400, 3), now());
    match storage::save(&big) {
        Err(StorageError::Quota { chars }) => assert_eq!(chars, big.encode_utf16().count()),
        other => panic!("expected a quota error, got {other:?}"),
    }
    assert_eq!(
        local().get_item(KEY_ISMS).unwrap().as_deref(),
        Some(old.as_str())
    );

    // Through the app: the status says so, the work stays in memory.
    let app = AppState::load();
    app.isms.set(sample::generate(400, 3));
    app.save_now();
    match app.save.get_untracked() {
        SaveStatus::Failed(StorageError::Quota { .. }) => {}
        other => panic!("expected a failed save, got {other:?}"),
    }
    assert!(app.save.get_untracked() != SaveStatus::Pending);
    assert_eq!(app.isms.with_untracked(|m| m.assets.len()), 400);
    assert_eq!(
        local().get_item(KEY_ISMS).unwrap().as_deref(),
        Some(old.as_str())
    );

    // Once space is freed, the next save succeeds.
    local().clear().unwrap();
    app.save_now();
    assert!(matches!(app.save.get_untracked(), SaveStatus::Saved { .. }));
    assert!(matches!(storage::load(), Loaded::Found(m, _) if m.assets.len() == 400));
    local().clear().unwrap();
}

fn mount_app() -> (web_sys::HtmlElement, Box<dyn std::any::Any>) {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), isms::ui::App);
    (host, Box::new(handle))
}

fn by_testid(host: &web_sys::HtmlElement, id: &str) -> Vec<web_sys::Element> {
    let list = host
        .query_selector_all(&format!("[data-testid=\"{id}\"]"))
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect()
}

#[wasm_bindgen_test]
async fn user_text_is_rendered_as_text() {
    local().clear().unwrap();
    storage::save_actor("Tester").unwrap();
    let mut isms = sample::generate(1, 5);
    let evil = "<img src=x onerror=alert(1)>";
    isms.assets[0].name = evil.to_string();
    isms.organisation.name = "<script>alert(2)</script>".into();
    storage::save(&format::store(&isms, now())).unwrap();
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("#/assets")
        .unwrap();

    let (host, handle) = mount_app();
    leptos::task::tick().await;
    let rows = by_testid(&host, "asset-row");
    assert_eq!(rows.len(), 1);
    assert!(rows[0].text_content().unwrap().contains(evil));
    assert_eq!(
        host.query_selector_all("img").unwrap().length(),
        0,
        "no element made from user text"
    );
    assert_eq!(host.query_selector_all("main script").unwrap().length(), 0);
    assert_eq!(
        by_testid(&host, "org-name")[0].text_content().unwrap(),
        "<script>alert(2)</script>"
    );
    drop(handle);
    host.remove();
    local().clear().unwrap();
}

#[wasm_bindgen_test]
async fn the_first_run_asks_for_a_name_and_refuses_a_blank_one() {
    local().clear().unwrap();
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("#/")
        .unwrap();
    let (host, handle) = mount_app();
    leptos::task::tick().await;
    let save: web_sys::HtmlElement = by_testid(&host, "actor-save")[0].clone().unchecked_into();
    save.click();
    leptos::task::tick().await;
    assert!(host.text_content().unwrap().contains("Enter your name"));
    assert_eq!(storage::load_actor(), None);

    let input: web_sys::HtmlInputElement =
        by_testid(&host, "actor-name")[0].clone().unchecked_into();
    input.set_value("Dana");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    save.click();
    leptos::task::tick().await;
    assert_eq!(storage::load_actor().as_deref(), Some("Dana"));
    assert!(
        by_testid(&host, "actor-name").is_empty(),
        "the prompt closes"
    );
    assert_eq!(
        by_testid(&host, "actor-display")[0].text_content().unwrap(),
        "Dana"
    );
    drop(handle);
    host.remove();
    local().clear().unwrap();
}
