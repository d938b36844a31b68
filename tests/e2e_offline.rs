//! End-to-end checks of the app offline (issue 10): the service worker the
//! release build writes (`scripts/service-worker.mjs`) keeps every file, so
//! with the web server gone a reload and a deep link still open the app,
//! with its data; a newer release on the server is announced and taken only
//! once the changes are saved; the app is installable; the browser is asked
//! to keep the data.
#![cfg(not(target_arch = "wasm32"))]

mod browser;

use browser::{ensure_dist, root, run, tool_path, Browser, TempDir};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Copies a folder and everything in it.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("make the folder");
    for e in std::fs::read_dir(from).expect("read the folder").flatten() {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if src.is_dir() {
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).expect("copy a file");
        }
    }
}

/// A second release in `tmp`: the release `dist/` with one file changed
/// (boot.js gains a line) and its service worker written again by the build's
/// own hook, as `trunk build --release` would.
fn second_release(tmp: &TempDir) -> PathBuf {
    let dir = tmp.0.join("release-2");
    copy_tree(&ensure_dist(), &dir);
    let boot = dir.join("boot.js");
    let text = std::fs::read_to_string(&boot).expect("read boot.js");
    std::fs::write(&boot, format!("{text}\n// second release\n")).expect("change boot.js");
    let out = Command::new("node")
        .arg(root().join("scripts/service-worker.mjs"))
        .env("TRUNK_STAGING_DIR", &dir)
        .env("TRUNK_PROFILE", "release")
        .env("PATH", tool_path())
        .current_dir(root())
        .output()
        .expect("run node scripts/service-worker.mjs");
    assert!(
        out.status.success(),
        "the worker of the second release: {out:?}"
    );
    dir
}

/// Waits until the service worker controls the page.
async fn wait_controlled(b: &Browser) {
    b.wait_js(
        "the service worker to control the page",
        "navigator.serviceWorker.controller !== null",
    )
    .await;
}

/// What boot.js the page gets (through its worker) contains `needle`.
async fn boot_js_has(b: &Browser, needle: &str) -> bool {
    b.js_await(&format!(
        "fetch('./boot.js').then((r) => r.text()).then((t) => t.includes({needle:?}))"
    ))
    .await
        == true
}

/// Records one asset, "Payroll database", through its editor.
async fn add_payroll(b: &Browser) {
    b.click("nav-assets").await;
    b.click("asset-new").await;
    b.fill("asset-field-name", "Payroll database").await;
    b.fill("asset-field-owner", "CFO").await;
    b.click("asset-save").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_the_first_visit_the_app_opens_with_no_network() {
    run("offline", |b| async move {
        b.start_app("Alice Auditor").await;
        add_payroll(&b).await;
        b.wait_text("asset-row", "Payroll database").await;
        b.wait_saved().await;
        // The worker has kept this release and controls the page.
        wait_controlled(&b).await;
        let kept = b
            .js_await("caches.keys().then(async (keys) => { const c = await caches.open(keys.find((k) => k.startsWith('bastion-'))); return (await c.keys()).map((r) => new URL(r.url).pathname); })")
            .await;
        let kept: Vec<String> = serde_json::from_value(kept).unwrap_or_default();
        for ext in [".wasm", ".js", ".css", ".svg", ".webmanifest"] {
            assert!(kept.iter().any(|p| p.ends_with(ext)), "no {ext} kept: {kept:?}");
        }
        assert!(kept.iter().any(|p| p == "/"), "the page is not kept: {kept:?}");

        // The web server is gone: a reload still opens the app, with the data.
        b.network(false);
        let refused = b
            .js_await("fetch('./not-kept-' + Date.now(), { cache: 'no-store' }).then(() => 'reached', () => 'refused')")
            .await;
        assert_eq!(refused, "refused", "the server still answers");
        b.reload().await;
        b.wait_app().await;
        b.click("nav-assets").await;
        b.wait_text("asset-row", "Payroll database").await;
        // A deep link opened afresh, offline.
        b.client.goto("about:blank").await.expect("leave the app");
        b.open("#/assets/A-0001").await;
        b.wait_app().await;
        assert_eq!(
            b.js("return document.querySelector('[data-testid=asset-field-name]').value;", vec![])
                .await,
            "Payroll database"
        );
        b.screenshot("offline").await;
        b.network(true);
    })
    .await;
}

/// Once there is data the browser is asked to keep it; Settings says
/// whether it does, and when the ISMS was last exported from here.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_say_whether_the_browser_keeps_the_data_and_when_it_was_exported() {
    run("storage_kept", |b| async move {
        b.start_app("Alice Auditor").await;
        b.click("nav-settings").await;
        b.wait_text("last-export", "Not exported from this browser yet")
            .await;
        add_payroll(&b).await;
        b.wait_saved().await;
        b.click("nav-settings").await;
        let persisted = b.js_await("navigator.storage.persisted()").await;
        let expected = if persisted == true {
            "Persistent:"
        } else {
            "Not persistent:"
        };
        b.wait_text("storage-persistent", expected).await;
        let before = b.downloaded();
        b.click("export-button").await;
        b.wait_download(&before, ".json").await;
        b.click("nav-home").await;
        b.click("nav-settings").await;
        b.wait_text("last-export", "Last exported from this browser:")
            .await;
        assert!(b.storage_get("bastion.last-export").await.is_some());
    })
    .await;
}

/// A newer release on the server is announced, never mixed with the running
/// one, and taken only when the user asks: an editor with unsaved changes
/// asks first, and a change still waiting to be saved is saved before the
/// reload.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_release_is_announced_and_the_update_keeps_a_pending_change() {
    let tmp = TempDir::new("release-2");
    let release2 = second_release(&tmp);
    run("update", |b| async move {
        b.start_app("Alice Auditor").await;
        add_payroll(&b).await;
        b.wait_text("asset-row", "Payroll database").await;
        b.wait_saved().await;
        wait_controlled(&b).await;
        assert_eq!(b.count("update-ready").await, 0, "an update announced on the first visit");

        // The second release is on the server; the next visit finds it.
        b.serve_from(release2);
        b.reload().await;
        b.wait_app().await;
        b.find("update-ready").await;
        // The page still runs the first release, all of it.
        assert!(!boot_js_has(&b, "second release").await, "a file of the new release in the old page");
        b.screenshot("update-ready").await;
        b.axe("the update notice").await;
        // On a phone the notice fits the window.
        b.cdp(
            "Emulation.setDeviceMetricsOverride",
            serde_json::json!({ "width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": false }),
        )
        .expect("a phone-sized window");
        let over = b
            .js("return document.querySelector('[data-testid=update-ready]').getBoundingClientRect().right - window.innerWidth;", vec![])
            .await;
        assert!(over.as_f64().is_some_and(|o| o <= 0.5), "the notice sticks out by {over} px at 360 px");
        b.screenshot("update-ready-360").await;
        b.cdp("Emulation.clearDeviceMetricsOverride", serde_json::json!({}))
            .expect("the window back");

        // An editor with unsaved changes is not reloaded away unasked.
        b.go("#/assets/A-0001").await;
        b.fill("asset-field-owner", "CISO").await;
        b.click("update-reload").await;
        b.wait_text("leave-message", "If you reload for the new version now").await;
        b.screenshot("update-unsaved").await;
        b.click("leave-cancel").await;
        b.wait_gone("leave-message").await;
        assert_eq!(
            b.js("return document.querySelector('[data-testid=asset-field-owner]').value;", vec![]).await,
            "CISO",
            "the draft was lost"
        );

        // Saved and, while the save still waits, the update taken: the
        // change is saved first, then the new release starts.
        let waiting = b
            .js_await(
                "(async () => { window.oldPage = true; const q = (id) => document.querySelector(`[data-testid=${id}]`); q('asset-save').click(); await new Promise((r) => setTimeout(r, 0)); const s = q('save-status').textContent; q('update-reload').click(); return s; })()",
            )
            .await;
        assert_eq!(waiting, "Saving\u{2026}", "the change was not waiting to be saved");
        b.wait_js("the page to reload", "window.oldPage === undefined && document.querySelector('[data-testid=save-status]') !== null").await;
        b.wait_app().await;
        assert!(boot_js_has(&b, "second release").await, "the new release did not start");
        let caches = b.js_await("caches.keys()").await;
        assert_eq!(caches.as_array().map(Vec::len), Some(1), "the old release is still kept: {caches}");
        assert_eq!(b.count("update-ready").await, 0, "the update is still announced after it");
        b.click("nav-assets").await;
        b.wait_text("asset-row", "CISO").await;
    })
    .await;
}

/// The manifest is valid and Chromium finds the app installable; what the
/// installed app opens (the manifest's start URL) opens offline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_is_installable_and_its_start_url_opens_offline() {
    run("installable", |b| async move {
        b.start_app("Alice Auditor").await;
        wait_controlled(&b).await;
        let manifest = b
            .cdp("Page.getAppManifest", serde_json::json!({}))
            .expect("Page.getAppManifest");
        assert!(
            manifest["url"].as_str().is_some_and(|u| u.ends_with("/manifest.webmanifest")),
            "no manifest: {manifest}"
        );
        assert_eq!(manifest["errors"], serde_json::json!([]), "the manifest has errors: {manifest}");
        let parsed = &manifest["manifest"];
        if !parsed.is_null() {
            // Chromium names it kStandalone.
            assert!(
                parsed["display"].as_str().is_some_and(|d| d.to_lowercase().ends_with("standalone")),
                "{parsed}"
            );
        }
        // Chromium looks at the worker and the icons first: ask a few times.
        let mut errors = serde_json::Value::Null;
        for _ in 0..50 {
            errors = b
                .cdp("Page.getInstallabilityErrors", serde_json::json!({}))
                .map(|v| v["installabilityErrors"].clone())
                .unwrap_or_else(serde_json::Value::String);
            if errors == serde_json::json!([]) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        assert_eq!(errors, serde_json::json!([]), "Chromium's installability errors");
        // Every icon the manifest names is there.
        for icon in ["icons/bastion.svg", "icons/bastion-192.png", "icons/bastion-512.png", "icons/bastion-maskable-512.png"] {
            let status = b.js_await(&format!("fetch('./{icon}').then((r) => r.status)")).await;
            assert_eq!(status, 200, "{icon}");
        }
        let start = b
            .js_await("fetch('./manifest.webmanifest').then((r) => r.json()).then((m) => new URL(m.start_url, new URL('./manifest.webmanifest', location)).href)")
            .await;
        let start = start.as_str().expect("the start URL").to_string();
        b.network(false);
        b.client.goto(&start).await.expect("open the start URL");
        b.wait_app().await;
        b.network(true);
    })
    .await;
}

/// Hosted in a sub-folder (`/tools/bastion/`), the worker's scope is that
/// folder and the app still opens there with no network.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hosted_in_a_sub_folder_the_app_works_offline_there() {
    let tmp = TempDir::new("sub-folder");
    copy_tree(&ensure_dist(), &tmp.0.join("site/tools/bastion"));
    let site = tmp.0.join("site");
    run("sub_folder", |b| async move {
        b.serve_from(site);
        b.client
            .goto(&format!("{}tools/bastion/", b.base))
            .await
            .expect("open the app");
        b.enter_name("Alice Auditor").await;
        add_payroll(&b).await;
        b.wait_saved().await;
        wait_controlled(&b).await;
        let scope = b
            .js_await(
                "navigator.serviceWorker.getRegistration().then((r) => new URL(r.scope).pathname)",
            )
            .await;
        assert_eq!(scope, "/tools/bastion/");
        let manifest = b
            .cdp("Page.getAppManifest", serde_json::json!({}))
            .expect("Page.getAppManifest");
        assert!(
            manifest["url"]
                .as_str()
                .is_some_and(|u| u.ends_with("/tools/bastion/manifest.webmanifest")),
            "{manifest}"
        );
        b.network(false);
        b.reload().await;
        b.wait_app().await;
        b.click("nav-assets").await;
        b.wait_text("asset-row", "Payroll database").await;
        b.network(true);
    })
    .await;
}
