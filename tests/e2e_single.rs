//! End-to-end check of the single-file edition (issue 10): the release
//! packed into `dist-single/bastion.html` (`scripts/single-file.mjs`) opens
//! from disk (`file://`, no server, no special browser flag), keeps a record
//! across a reload, exports it, and says in Settings where its data lives;
//! the console shows no Content-Security-Policy violation (the rig checks).
#![cfg(not(target_arch = "wasm32"))]

mod browser;

use browser::{ensure_dist, root, run, tool_path, Browser};
use serde_json::json;
use std::path::PathBuf;
use std::process::Command;
use std::time::SystemTime;

fn modified(path: &PathBuf) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// `dist-single/bastion.html`, packed again from the release `dist/` when it
/// is missing or older than `dist/index.html` or the packing script.
fn ensure_single() -> PathBuf {
    ensure_dist();
    let root = root();
    let single = root.join("dist-single/bastion.html");
    let built = modified(&single);
    let stale = [
        "dist/index.html",
        "scripts/single-file.mjs",
        "public/boot.js",
    ]
    .iter()
    .filter_map(|p| modified(&root.join(p)))
    .any(|t| built.is_none_or(|b| t > b));
    if stale {
        eprintln!("[single] dist-single/bastion.html is missing or old: running node scripts/single-file.mjs");
        let out = Command::new("node")
            .arg("scripts/single-file.mjs")
            .current_dir(&root)
            .env("PATH", tool_path())
            .output()
            .unwrap_or_else(|e| panic!("cannot run node (run scripts/setup.sh): {e}"));
        assert!(
            out.status.success(),
            "node scripts/single-file.mjs failed (the single file is not built):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(single.is_file(), "{} was not written", single.display());
    single
}

/// The address of the single file, opened from disk.
fn single_url() -> String {
    format!("file://{}", ensure_single().display())
}

/// Opens the single file at `route` and waits for the app.
async fn open_single(b: &Browser, url: &str, route: &str) {
    let target = format!("{url}{route}");
    b.client
        .goto(&target)
        .await
        .unwrap_or_else(|e| panic!("cannot open {target}: {e}"));
    b.wait_app().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_single_file_opens_from_disk_and_keeps_a_record() {
    let url = single_url();
    run("single", |b| async move {
        open_single(&b, &url, "#/").await;
        b.enter_name("Alice Auditor").await;
        b.click("nav-assets").await;
        b.click("asset-new").await;
        b.fill("asset-field-name", "Payroll database").await;
        b.fill("asset-field-owner", "CFO").await;
        b.click("asset-save").await;
        b.wait_text("asset-row", "Payroll database").await;
        b.wait_saved().await;

        b.reload().await;
        b.click("nav-assets").await;
        b.wait_text("asset-row", "Payroll database").await;
        // Nothing was loaded by URL: every part is in the page.
        let loaded = b
            .js(
                "return performance.getEntriesByType('resource').map((e) => e.name).filter((n) => !n.startsWith('data:'));",
                vec![],
            )
            .await;
        assert_eq!(loaded, json!([]), "the single file loaded other files");
        assert_eq!(
            b.js("return navigator.serviceWorker ? navigator.serviceWorker.controller : null;", vec![])
                .await,
            json!(null),
            "a service worker controls the single file"
        );
        b.screenshot("single-assets").await;

        // Export is the way to move the data: it works from disk too.
        let before = b.downloaded();
        b.click("export-button").await;
        let file = b.wait_download(&before, ".json").await;
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(text.contains("Payroll database"), "the export lacks the asset");

        b.click("nav-settings").await;
        let said = b.wait_text("data-location", "single-file edition").await;
        assert!(said.contains("files opened from disk"), "Settings say: {said}");
        assert!(said.contains("Export"), "Settings say: {said}");
        b.screenshot("single-settings").await;
        b.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": false }),
        )
        .expect("a phone-sized window");
        b.js(
            "document.querySelector('[data-testid=data-location]').scrollIntoView({ block: 'center' }); return null;",
            vec![],
        )
        .await;
        b.screenshot("single-settings-360").await;
        b.cdp("Emulation.clearDeviceMetricsOverride", json!({}))
            .expect("the window back");

        // The served edition says the site instead.
        b.start_app("Alice Auditor").await;
        b.click("nav-settings").await;
        let origin = b.base.trim_end_matches('/').to_string();
        let said = b.wait_text("data-location", &origin).await;
        assert!(!said.contains("single-file"), "Settings say: {said}");
    })
    .await;
}
