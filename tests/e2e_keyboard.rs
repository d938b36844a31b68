//! End-to-end tests of the keyboard and of focus (issue 9): the record
//! picker as a WAI-ARIA combobox, modal dialogs (focus kept inside, Escape,
//! focus given back), the skip link, the heat map as one tab stop with
//! arrow keys, where focus goes after New, a save, a close and a move to
//! another page, and deleting a referenced asset from the list.
//!
//! Same rig as `tests/e2e.rs` (`tests/browser/`): the release `dist/` in
//! headless Chromium; keys are pressed through WebDriver actions, so they
//! reach whatever has focus, as a person's keyboard would.
#![cfg(not(target_arch = "wasm32"))]

mod browser;

use browser::{run, Browser};
use fantoccini::key::Key;
use serde_json::{json, Value};

/// A file exported by an earlier version: 4 assets (A-0002 and A-0005
/// depend on A-0001 "Shipment database") and 3 risks (R-0001 and R-0003 at
/// inherent 4 × 4, R-0002 at 2 × 2).
fn fixture() -> std::path::PathBuf {
    browser::root().join("tests/fixtures/schema-v2.json")
}

/// Imports the fixture by keyboard: the preview opens on Cancel; Tab,
/// Enter confirms.
async fn import_fixture(b: &Browser) {
    b.choose_file(&fixture()).await;
    b.find("import-preview").await;
    b.wait_focus("import-cancel").await;
    b.key(Key::Tab).await;
    b.wait_focus("import-confirm").await;
    b.key(Key::Enter).await;
    b.wait_gone("import-preview").await;
}

/// Types text through the keyboard into what has focus.
async fn type_keys(b: &Browser, text: &str) {
    let keys: Vec<char> = text.chars().collect();
    for k in keys {
        b.press(&[k]).await;
    }
}

/// An attribute of the element with this `data-testid`.
async fn attr(b: &Browser, id: &str, name: &str) -> Value {
    b.find(id).await;
    b.js(
        "return document.querySelector(arguments[0]).getAttribute(arguments[1]);",
        vec![json!(browser::tid(id)), json!(name)],
    )
    .await
}

/// The address's hash.
async fn hash(b: &Browser) -> String {
    b.js("return location.hash;", vec![])
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Waits until the combobox `id` says whether its list shows.
async fn wait_expanded(b: &Browser, id: &str, expanded: bool) {
    let expr = format!(
        "document.querySelector({}).getAttribute('aria-expanded') === '{expanded}'",
        json!(browser::tid(id))
    );
    b.wait_js(&format!("{id} aria-expanded={expanded}"), &expr)
        .await;
}

/// The text of the suggestion the combobox `id` points at
/// (`aria-activedescendant`), which must be one of its options, selected.
async fn active_option(b: &Browser, id: &str) -> String {
    b.js(
        "const i = document.querySelector(arguments[0]); \
         const o = document.getElementById(i.getAttribute('aria-activedescendant')); \
         if (!o || o.getAttribute('role') !== 'option' || o.getAttribute('aria-selected') !== 'true' \
             || o.parentElement.id !== i.getAttribute('aria-controls') \
             || o.parentElement.getAttribute('role') !== 'listbox') return null; \
         return o.textContent.trim();",
        vec![json!(browser::tid(id))],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_record_picker_is_a_combobox_and_enter_never_submits() {
    run("kb_picker", |b| async move {
        b.start_app("Kim Keyboard").await;
        import_fixture(&b).await;
        b.go("#/assets/new").await;
        b.focus("asset-field-name").await;
        type_keys(&b, "Courier portal").await;
        b.focus("asset-field-owner").await;
        type_keys(&b, "COO").await;

        let picker = "asset-field-depends-on";
        b.focus(picker).await;
        assert_eq!(attr(&b, picker, "role").await, "combobox");
        assert_eq!(attr(&b, picker, "aria-expanded").await, "false");
        // "a" finds several assets; the first is active at once.
        type_keys(&b, "a").await;
        wait_expanded(&b, picker, true).await;
        b.screenshot("kb-picker-list").await;
        let options = b.all("asset-dependency-option").await.len();
        assert!(options >= 3, "{options} suggestions for \"a\"");
        let first = active_option(&b, picker).await;
        assert!(first.starts_with("A-0001"), "active at first: {first:?}");
        b.key(Key::Down).await;
        b.key(Key::Down).await;
        let third = active_option(&b, picker).await;
        b.key(Key::Up).await;
        let second = active_option(&b, picker).await;
        assert!(
            !second.is_empty() && second != first && second != third,
            "first {first:?}, second {second:?}, third {third:?}"
        );
        // Enter picks the active suggestion; the form is not submitted.
        b.key(Key::Enter).await;
        b.wait_text("asset-dependencies", &second[..6]).await;
        assert_eq!(b.count("asset-editor").await, 1, "the editor stays open");
        assert_eq!(hash(&b).await, "#/assets/new");
        assert_eq!(
            b.focused_testid().await,
            picker,
            "focus stays in the picker"
        );
        assert_eq!(attr(&b, picker, "aria-expanded").await, "false");
        b.find("editor-unsaved").await;

        // Escape closes the list and keeps the text; Enter then does nothing.
        type_keys(&b, "Ship").await;
        wait_expanded(&b, picker, true).await;
        b.key(Key::Escape).await;
        wait_expanded(&b, picker, false).await;
        assert_eq!(b.count("asset-dependency-option").await, 0);
        let typed = b.find(picker).await.prop("value").await.ok().flatten();
        assert_eq!(typed.as_deref(), Some("Ship"));
        b.key(Key::Enter).await;
        assert_eq!(
            b.count("asset-editor").await,
            1,
            "Enter with the list closed does not save"
        );
        let chips = b.text("asset-dependencies").await;
        assert!(
            !chips.contains("A-0001 Shipment"),
            "nothing picked: {chips}"
        );
        b.screenshot("kb-picker").await;

        // In the risk editor too: Enter picks, the editor stays open.
        b.focus("asset-save").await;
        b.key(Key::Enter).await;
        b.wait_gone("asset-editor").await;
        b.go("#/risks/new").await;
        b.find("risk-editor").await;
        b.focus("risk-field-assets").await;
        type_keys(&b, "Laptop").await;
        wait_expanded(&b, "risk-field-assets", true).await;
        b.key(Key::Enter).await;
        b.wait_text("risk-assets", "A-0004").await;
        assert_eq!(
            b.count("risk-editor").await,
            1,
            "the risk editor stays open"
        );
        assert_eq!(hash(&b).await, "#/risks/new");
        assert_eq!(b.focused_testid().await, "risk-field-assets");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dialog_keeps_focus_inside_escape_cancels_and_focus_returns() {
    run("kb_dialog", |b| async move {
        b.start_app("Kim Keyboard").await;
        b.go("#/settings").await;
        b.focus("settings-reset").await;
        b.key(Key::Enter).await;
        b.find("settings-reset-confirm").await;
        // Modal: the page behind is inert, focus starts on Cancel.
        b.wait_js(
            "a modal <dialog>",
            "!!document.querySelector('dialog[open] [data-testid=settings-reset-confirm]') && document.querySelector('dialog[open]').matches(':modal')",
        )
        .await;
        b.wait_focus("settings-reset-cancel").await;
        // Tab and Shift+Tab never leave it.
        for k in 0..5 {
            b.key(Key::Tab).await;
            let f = b.focused().await;
            assert_eq!(f["inDialog"], true, "Tab {k} left the dialog for {f}");
        }
        for k in 0..5 {
            b.press(&[char::from(Key::Shift), char::from(Key::Tab)]).await;
            let f = b.focused().await;
            assert_eq!(f["inDialog"], true, "Shift+Tab {k} left the dialog for {f}");
        }
        b.screenshot("kb-dialog").await;
        // Escape cancels, and focus goes back to the button that opened it.
        b.key(Key::Escape).await;
        b.wait_gone("settings-reset-confirm").await;
        b.wait_focus("settings-reset").await;
        assert!(b.storage_get("bastion.actor").await.is_some());

        // Escape works wherever focus is in it; Cancel gives focus back too.
        b.key(Key::Enter).await;
        b.wait_focus("settings-reset-cancel").await;
        b.key(Key::Tab).await;
        b.wait_focus("settings-reset-confirm").await;
        b.key(Key::Escape).await;
        b.wait_gone("settings-reset-confirm").await;
        b.wait_focus("settings-reset").await;

        // The first-run dialog is a native modal <dialog> too (no
        // role="dialog" on its form), and Escape does not skip it.
        b.js("localStorage.removeItem('bastion.actor'); return null;", vec![])
            .await;
        b.reload().await;
        b.wait_focus("actor-name").await;
        let shape = b
            .js(
                "const i = document.querySelector('[data-testid=actor-name]'); \
                 const d = i.closest('dialog'); const f = i.closest('form'); \
                 return { modal: !!d && d.matches(':modal'), formRole: f && f.getAttribute('role') };",
                vec![],
            )
            .await;
        assert_eq!(shape["modal"], true, "{shape}");
        assert_eq!(shape["formRole"], Value::Null, "{shape}");
        b.key(Key::Escape).await;
        b.wait_focus("actor-name").await;
        type_keys(&b, "Kim").await;
        b.key(Key::Enter).await;
        b.wait_gone("actor-name").await;
        b.wait_text("actor-display", "Kim").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_skip_link_is_the_first_stop_and_leads_to_the_main_content() {
    run("kb_skip_link", |b| async move {
        b.start_app("Kim Keyboard").await;
        b.open("#/assets").await;
        b.reload().await;
        b.find("asset-search").await;
        b.key(Key::Tab).await;
        b.wait_focus("skip-link").await;
        let link = b
            .js(
                "const a = document.querySelector('[data-testid=skip-link]'); const r = a.getBoundingClientRect(); \
                 return { text: a.textContent.trim(), visible: r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight, \
                          residual: a.getAttribute('href') };",
                vec![],
            )
            .await;
        assert_eq!(link["text"], "Skip to main content", "{link}");
        assert_eq!(link["visible"], true, "shown when focused: {link}");
        assert_eq!(link["residual"], "#main", "{link}");
        b.screenshot("kb-skip-link").await;
        b.key(Key::Enter).await;
        b.wait_js("focus on <main id=main>", "document.activeElement.id === 'main' && document.activeElement.tagName === 'MAIN'").await;
        assert_eq!(hash(&b).await, "#/assets", "the route stays");
        // The next stop is inside the main content, past the navigation.
        b.key(Key::Tab).await;
        let f = b.focused().await;
        assert_eq!(f["inMain"], true, "after the skip link: {f}");
        // Hidden again once focus leaves it.
        let top = b
            .js("return document.querySelector('[data-testid=skip-link]').getBoundingClientRect().bottom;", vec![])
            .await;
        assert!(top.as_f64().unwrap_or(1.0) <= 0.0, "skip link still shown: bottom {top}");
    })
    .await;
}

/// The heat-map cells of `which` that are in the tab order.
async fn tab_stops(b: &Browser, which: &str) -> Value {
    b.js(
        "return [...document.querySelectorAll(`[data-testid^=heatmap-${arguments[0]}-]`)] \
           .filter(e => e.tagName === 'BUTTON' && e.tabIndex >= 0).map(e => e.getAttribute('data-testid'));",
        vec![json!(which)],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_heat_map_is_one_tab_stop_with_arrow_keys_inside() {
    run("kb_heatmap", |b| async move {
        b.start_app("Kim Keyboard").await;
        import_fixture(&b).await;
        b.go("#/risks").await;
        b.wait_count("risk-row", 3).await;
        assert_eq!(attr(&b, "heatmap-inherent", "data-testid").await, "heatmap-inherent");
        let grid = b
            .js("const t = document.querySelector('[data-testid=heatmap-inherent] table'); return [t.getAttribute('role'), t.getAttribute('aria-label')];", vec![])
            .await;
        assert_eq!(grid[0], "grid", "{grid}");
        assert_eq!(tab_stops(&b, "inherent").await, json!(["heatmap-inherent-5-1"]));
        assert_eq!(tab_stops(&b, "current").await, json!(["heatmap-current-5-1"]));

        // Tab reaches the map once; arrows move inside it.
        b.focus("risk-report-link").await;
        let mut guard = 0;
        while !b.focused_testid().await.starts_with("heatmap-inherent-") {
            b.key(Key::Tab).await;
            guard += 1;
            assert!(guard < 10, "Tab never reached the inherent map");
        }
        assert_eq!(b.focused_testid().await, "heatmap-inherent-5-1");
        b.key(Key::Right).await;
        b.wait_focus("heatmap-inherent-5-2").await;
        b.key(Key::Down).await;
        b.wait_focus("heatmap-inherent-4-2").await;
        b.key(Key::Right).await;
        b.key(Key::Right).await;
        b.wait_focus("heatmap-inherent-4-4").await;
        b.key(Key::Up).await;
        b.key(Key::Up).await;
        b.wait_focus("heatmap-inherent-5-4").await;
        // At the edge, focus stays.
        b.key(Key::Up).await;
        b.wait_focus("heatmap-inherent-5-4").await;
        b.key(Key::Down).await;
        b.wait_focus("heatmap-inherent-4-4").await;
        // Home and End: the first and last cell of the row.
        b.key(Key::Home).await;
        b.wait_focus("heatmap-inherent-4-1").await;
        b.key(Key::End).await;
        b.wait_focus("heatmap-inherent-4-5").await;
        b.key(Key::Left).await;
        b.wait_focus("heatmap-inherent-4-4").await;
        assert_eq!(tab_stops(&b, "inherent").await, json!(["heatmap-inherent-4-4"]));

        // Enter picks the cell: the register is filtered, the map says how
        // many risks it shows, and focus stays on the cell.
        b.key(Key::Enter).await;
        b.find("risk-filter-cell").await;
        b.wait_count("risk-row", 2).await;
        b.wait_text("heatmap-inherent-result", "2 risks shown below").await;
        b.wait_focus("heatmap-inherent-4-4").await;
        assert_eq!(attr(&b, "heatmap-inherent-4-4", "aria-pressed").await, "true");
        b.screenshot("kb-heatmap").await;
        // Space picks it again: the filter goes.
        b.press(&[' ']).await;
        b.wait_gone("risk-filter-cell").await;
        b.wait_count("risk-row", 3).await;
        b.wait_focus("heatmap-inherent-4-4").await;

        // One Tab leaves the map for the next one (current, then residual),
        // one more leaves the last.
        b.key(Key::Tab).await;
        let next = b.focused_testid().await;
        assert!(next.starts_with("heatmap-current-"), "after the inherent map: {next:?}");
        b.key(Key::Tab).await;
        let next = b.focused_testid().await;
        assert!(next.starts_with("heatmap-residual-"), "after the current map: {next:?}");
        b.key(Key::Tab).await;
        let after = b.focused_testid().await;
        assert!(!after.starts_with("heatmap-"), "after the residual map: {after:?}");

        // Show brings the register's rows: focus on its first risk.
        b.focus("heatmap-current-3-3").await;
        b.key(Key::Enter).await;
        b.wait_text("heatmap-current-result", "2 risks shown below").await;
        b.wait_focus("heatmap-current-3-3").await;
        // The count's Show button comes right after the map.
        b.key(Key::Tab).await;
        let show = b.focused().await;
        assert_eq!(show["text"], "Show", "{show}");
        b.key(Key::Enter).await;
        b.wait_js(
            "focus on the register",
            "!!document.activeElement.closest('[data-testid=risk-table] tbody')",
        )
        .await;

        // No axis label is cut.
        let cut = b
            .js(
                "return [...document.querySelectorAll('.heatmap__axis')] \
                   .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent);",
                vec![],
            )
            .await;
        assert_eq!(cut, json!([]), "cut labels");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn focus_follows_new_save_close_and_route_changes() {
    run("kb_focus_moves", |b| async move {
        b.start_app("Kim Keyboard").await;
        // A move to another page: focus on its heading.
        b.focus("nav-assets").await;
        b.key(Key::Enter).await;
        b.wait_js(
            "focus on the page heading",
            "document.activeElement.tagName === 'H1' && document.activeElement.textContent === 'Asset inventory'",
        )
        .await;
        // New: focus on the first field.
        b.focus("asset-new").await;
        b.key(Key::Enter).await;
        b.wait_focus("asset-field-name").await;
        type_keys(&b, "Payroll database").await;
        b.focus("asset-field-owner").await;
        type_keys(&b, "CFO").await;
        // Enter in a plain field saves (the form's default); focus goes to
        // the saved row's link.
        b.key(Key::Enter).await;
        b.wait_gone("asset-editor").await;
        b.wait_js(
            "focus on the new row's link",
            "document.activeElement.getAttribute('href') === '#/assets/A-0001' && !!document.activeElement.closest('[data-testid=asset-row]')",
        )
        .await;
        // Opening it: the first field; closing it: its row again.
        b.key(Key::Enter).await;
        b.wait_focus("asset-field-name").await;
        b.focus("asset-close").await;
        b.key(Key::Enter).await;
        b.wait_gone("asset-editor").await;
        b.wait_js(
            "focus on the row's link",
            "document.activeElement.getAttribute('href') === '#/assets/A-0001'",
        )
        .await;
        // A new record abandoned: focus back on New.
        b.focus("asset-new").await;
        b.key(Key::Enter).await;
        b.wait_focus("asset-field-name").await;
        b.go("#/assets").await;
        b.wait_gone("asset-editor").await;
        b.wait_focus("asset-new").await;
        // Deleting from the editor: the row is gone, focus on the search box.
        b.go("#/assets/A-0001").await;
        b.wait_focus("asset-field-name").await;
        b.focus("asset-delete").await;
        b.key(Key::Enter).await;
        b.wait_gone("asset-editor").await;
        b.wait_focus("asset-search").await;

        // The first load of a page leaves focus alone.
        b.reload().await;
        b.find("asset-search").await;
        let f = b.focused().await;
        assert_eq!(f["tag"], "BODY", "on a first load: {f}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_referenced_asset_from_the_list_asks_over_the_list() {
    run("kb_delete_from_list", |b| async move {
        b.start_app("Kim Keyboard").await;
        import_fixture(&b).await;
        b.go("#/assets").await;
        b.wait_count("asset-row", 4).await;
        // A-0001 is depended on by A-0002 and A-0005, and on R-0001 and R-0003.
        let delete = "[data-testid=asset-row] [aria-label='Delete A-0001']";
        b.js(&format!("document.querySelector(\"{delete}\").focus(); return null;"), vec![])
            .await;
        b.key(Key::Enter).await;
        b.wait_text("delete-dependents", "A-0002").await;
        // Asked over the list: no editor opens behind the question.
        assert_eq!(hash(&b).await, "#/assets");
        assert_eq!(b.count("asset-editor").await, 0, "no editor behind the dialog");
        let behind = b
            .js("return !!document.querySelector('dialog[open] [data-testid=delete-dependents]') && document.querySelector('dialog[open]').matches(':modal');", vec![])
            .await;
        assert_eq!(behind, true, "the question is a modal dialog");
        b.screenshot("kb-delete-from-list").await;
        // Cancel: still the list, focus back on that row's Delete.
        b.wait_focus("cancel-delete").await;
        b.key(Key::Enter).await;
        b.wait_gone("delete-dependents").await;
        assert_eq!(hash(&b).await, "#/assets");
        assert_eq!(b.count("asset-editor").await, 0, "Cancel leaves no editor");
        b.wait_js(
            "focus back on the row's Delete",
            "document.activeElement.getAttribute('aria-label') === 'Delete A-0001'",
        )
        .await;
        assert_eq!(b.count("asset-row").await, 4);
        // Again, and confirm: deleted, detached, with an Undo.
        b.key(Key::Enter).await;
        b.wait_focus("cancel-delete").await;
        b.key(Key::Tab).await;
        b.wait_focus("confirm-delete").await;
        b.key(Key::Enter).await;
        b.wait_count("asset-row", 3).await;
        b.find("notice-undo").await;
        assert_eq!(hash(&b).await, "#/assets");
        let rows = b.text("asset-table").await;
        assert!(!rows.contains("A-0001"), "{rows}");
        // Focus is not lost: the list's search box.
        b.wait_focus("asset-search").await;
    })
    .await;
}
