//! End-to-end checks that the app opens with no network after the first
//! visit (issue 10, its first part): the service worker the release build
//! writes (`scripts/service-worker.mjs`) keeps every file, so with the web
//! server gone a reload and a deep link still open the app, with its data.
#![cfg(not(target_arch = "wasm32"))]

mod browser;

use browser::{run, Browser};

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
        b.wait_js(
            "the service worker to control the page",
            "navigator.serviceWorker.controller !== null",
        )
        .await;
        let kept = b
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; caches.keys().then(async (keys) => { const c = await caches.open(keys.find((k) => k.startsWith('bastion-'))); done((await c.keys()).map((r) => new URL(r.url).pathname)); }).catch((e) => done(String(e)));",
                vec![],
            )
            .await
            .expect("list the cache");
        let kept: Vec<String> = serde_json::from_value(kept).unwrap_or_default();
        for ext in [".wasm", ".js", ".css", ".svg"] {
            assert!(kept.iter().any(|p| p.ends_with(ext)), "no {ext} kept: {kept:?}");
        }
        assert!(kept.iter().any(|p| p == "/"), "the page is not kept: {kept:?}");

        // The web server is gone: a reload still opens the app, with the data.
        b.network(false);
        let refused = b
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; fetch('./not-kept-' + Date.now(), { cache: 'no-store' }).then(() => done('reached'), () => done('refused'));",
                vec![],
            )
            .await
            .expect("probe the server");
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
        b.wait_text("last-export", "Not exported from this browser yet").await;
        add_payroll(&b).await;
        b.wait_saved().await;
        b.click("nav-settings").await;
        let persisted = b
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; navigator.storage.persisted().then(done, () => done(null));",
                vec![],
            )
            .await
            .expect("ask the browser");
        let expected = if persisted == true { "Persistent:" } else { "Not persistent:" };
        b.wait_text("storage-persistent", expected).await;
        let before = b.downloaded();
        b.click("export-button").await;
        b.wait_download(&before, ".json").await;
        b.click("nav-home").await;
        b.click("nav-settings").await;
        b.wait_text("last-export", "Last exported from this browser:").await;
        assert!(b.storage_get("bastion.last-export").await.is_some());
    })
    .await;
}
