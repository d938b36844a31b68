//! End-to-end tests: the release build (`dist/`) in headless Chromium,
//! driven through chromedriver the way a person uses the app, through the
//! `data-testid` names of the README's "Testing hooks".
//!
//! `dist/` is built with `trunk build --release` only when it is missing or
//! older than the sources (`scripts/test.sh` builds it before the tests).
//! Each test gets its own Chromium profile, download folder, static server
//! and chromedriver, all ended when it finishes (also when it fails); after
//! each scenario the browser console is checked for Content-Security-Policy
//! violations and panics. Browser tests run one at a time.
#![cfg(not(target_arch = "wasm32"))]

mod browser;

use browser::{run, Browser};
use serde_json::Value;
use std::path::Path;

const KEY_ISMS: &str = "bastion.isms";

// ---------------------------------------------------------------------------
// What a person does
// ---------------------------------------------------------------------------

/// An asset as typed into the form.
struct NewAsset<'a> {
    name: &'a str,
    kind: &'a str,
    owner: &'a str,
    description: &'a str,
    location: &'a str,
    classification: &'a str,
    cia: [&'a str; 3],
    in_scope: bool,
    tags: &'a str,
    /// Text to find the assets this one depends on (one pick each).
    depends_on: &'a [&'a str],
}

impl Default for NewAsset<'_> {
    fn default() -> Self {
        NewAsset {
            name: "Payroll database",
            kind: "software",
            owner: "CFO",
            description: "Salaries and bank details of all staff.",
            location: "Data centre A",
            classification: "confidential",
            cia: ["high", "critical", "low"],
            in_scope: true,
            tags: "gdpr, finance",
            depends_on: &[],
        }
    }
}

/// Adds an asset through the asset page's form and waits until it is listed.
async fn add_asset(b: &Browser, a: &NewAsset<'_>) {
    b.click("nav-assets").await;
    let before = b.count("asset-row").await;
    b.click("asset-new").await;
    b.fill("asset-field-name", a.name).await;
    b.select("asset-field-kind", a.kind).await;
    b.fill("asset-field-owner", a.owner).await;
    b.fill("asset-field-description", a.description).await;
    b.fill("asset-field-location", a.location).await;
    b.select("asset-field-classification", a.classification)
        .await;
    b.select("asset-field-confidentiality", a.cia[0]).await;
    b.select("asset-field-integrity", a.cia[1]).await;
    b.select("asset-field-availability", a.cia[2]).await;
    let checked = b
        .find("asset-field-in-scope")
        .await
        .is_selected()
        .await
        .expect("read in-scope");
    if checked != a.in_scope {
        b.click("asset-field-in-scope").await;
    }
    b.fill("asset-field-tags", a.tags).await;
    for dep in a.depends_on {
        b.fill("asset-field-depends-on", dep).await;
        b.click("asset-dependency-option").await;
    }
    b.click("asset-save").await;
    b.wait_gone("asset-editor").await;
    b.wait_count("asset-row", before + 1).await;
}

/// Adds an interested party with one requirement.
async fn add_party(b: &Browser, name: &str, requirement: &str) {
    b.click("nav-parties").await;
    let before = b.count("party-row").await;
    b.click("party-new").await;
    b.fill("party-field-name", name).await;
    b.select("party-field-kind", "customer").await;
    b.select("party-field-origin", "external").await;
    b.fill("party-field-contact", "dpo@example.com").await;
    b.click("party-requirement-add").await;
    b.fill("requirement-field-text", requirement).await;
    b.select("requirement-field-kind", "contractual").await;
    b.click("party-save").await;
    b.wait_gone("party-editor").await;
    b.wait_count("party-row", before + 1).await;
}

/// Adds a context issue.
async fn add_issue(b: &Browser, title: &str) {
    b.click("nav-issues").await;
    let before = b.count("issue-row").await;
    b.click("issue-new").await;
    b.fill("issue-field-title", title).await;
    b.select("issue-field-origin", "external").await;
    b.select("issue-field-category", "legal").await;
    b.select("issue-field-effect", "negative").await;
    b.fill(
        "issue-field-description",
        "New obligations for incident reporting.",
    )
    .await;
    b.click("issue-save").await;
    b.wait_gone("issue-editor").await;
    b.wait_count("issue-row", before + 1).await;
}

/// Adds the default asset (A-0001, "Payroll database") and "HR portal"
/// (A-0002), which depends on it.
async fn add_payroll_and_hr_portal(b: &Browser) {
    add_asset(b, &NewAsset::default()).await;
    add_asset(
        b,
        &NewAsset {
            name: "HR portal",
            owner: "HR manager",
            depends_on: &["A-0001"],
            ..NewAsset::default()
        },
    )
    .await;
}

/// Opens the field-by-field changes of every audit-log entry shown.
async fn open_log_details(b: &Browser) {
    b.js(
        "document.querySelectorAll('[data-testid=log-row] details').forEach(d => d.open = true); return null;",
        vec![],
    )
    .await;
}

/// Scrolls to the first audit-log entry whose text contains `needle`.
async fn scroll_to_log_entry(b: &Browser, needle: &str) {
    b.js(
        "[...document.querySelectorAll('[data-testid=log-row]')].find(r => r.textContent.includes(arguments[0])).scrollIntoView(); return null;",
        vec![serde_json::json!(needle)],
    )
    .await;
}

/// The texts of the rows of a list.
async fn row_texts(b: &Browser, id: &str) -> Vec<String> {
    let mut out = Vec::new();
    for row in b.all(id).await {
        out.push(row.text().await.unwrap_or_default());
    }
    out
}

/// Exports through the header's button and returns the parsed file.
async fn export(b: &Browser) -> (std::path::PathBuf, Value) {
    let before = b.downloaded();
    b.click("export-button").await;
    let path = b.wait_download(&before, ".json").await;
    let text = std::fs::read_to_string(&path).expect("read the exported file");
    let json: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("the export is not JSON: {e}"));
    (path, json)
}

/// The `data` of the envelope stored (packed) under `bastion.isms`.
async fn stored_data(b: &Browser) -> Value {
    let raw = b
        .storage_get(KEY_ISMS)
        .await
        .expect("bastion.isms is stored");
    let json = isms::core::file::pack::unpack(&raw).expect("bastion.isms is packed");
    let v: Value = serde_json::from_str(&json).expect("bastion.isms holds JSON");
    v["data"].clone()
}

fn write_file(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write a test file");
    path
}

// ---------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_asset_added_is_still_there_after_a_reload() {
    run("asset_survives_reload", |b| async move {
        b.start_app("Alice Auditor").await;
        add_asset(&b, &NewAsset::default()).await;
        add_asset(
            &b,
            &NewAsset {
                name: "Backup storage",
                kind: "hardware",
                owner: "Head of IT",
                description: "Nightly backups.",
                location: "Cloud (EU)",
                classification: "restricted",
                cia: ["critical", "high", "medium"],
                in_scope: false,
                tags: "backup",
                depends_on: &["Payroll"],
            },
        )
        .await;
        b.wait_saved().await;
        let stored = stored_data(&b).await.to_string();
        assert!(
            stored.contains("Payroll database"),
            "storage lacks the asset: {stored:.300}"
        );

        b.reload().await;
        b.click("nav-assets").await;
        b.wait_count("asset-row", 2).await;
        let rows = row_texts(&b, "asset-row").await;
        let payroll = rows
            .iter()
            .find(|r| r.contains("Payroll database"))
            .expect("the first asset is listed after reload");
        for part in ["A-0001", "CFO", "gdpr", "finance"] {
            assert!(payroll.contains(part), "row {payroll:?} lacks {part:?}");
        }
        assert!(
            rows.iter()
                .any(|r| r.contains("Backup storage") && r.contains("A-0002")),
            "rows: {rows:?}"
        );

        // Every field came back as typed.
        b.go("#/assets/A-0002").await;
        b.find("asset-editor").await;
        let value = |id: &'static str| {
            let b = b.clone();
            async move {
                b.find(id)
                    .await
                    .prop("value")
                    .await
                    .ok()
                    .flatten()
                    .unwrap_or_default()
            }
        };
        assert_eq!(value("asset-field-name").await, "Backup storage");
        assert_eq!(value("asset-field-kind").await, "hardware");
        assert_eq!(value("asset-field-owner").await, "Head of IT");
        assert_eq!(value("asset-field-description").await, "Nightly backups.");
        assert_eq!(value("asset-field-location").await, "Cloud (EU)");
        assert_eq!(value("asset-field-classification").await, "restricted");
        assert_eq!(value("asset-field-confidentiality").await, "critical");
        assert_eq!(value("asset-field-integrity").await, "high");
        assert_eq!(value("asset-field-availability").await, "medium");
        assert_eq!(value("asset-field-tags").await, "backup");
        let in_scope = b
            .find("asset-field-in-scope")
            .await
            .is_selected()
            .await
            .expect("checkbox");
        assert!(!in_scope, "in-scope came back checked");
        b.wait_text("asset-dependencies", "A-0001").await;
        b.axe("asset-editor").await;
        b.screenshot("asset-editor").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_clear_import_brings_the_same_data_back() {
    run("export_clear_import", |b| async move {
        b.start_app("Alice Auditor").await;
        add_asset(&b, &NewAsset::default()).await;
        add_asset(
            &b,
            &NewAsset {
                name: "Laptop fleet",
                kind: "hardware",
                owner: "Head of IT",
                depends_on: &["A-0001"],
                ..NewAsset::default()
            },
        )
        .await;
        add_party(&b, "Retail customers", "Protect card data (PCI DSS)").await;
        add_issue(&b, "NIS2 comes into force").await;
        b.wait_saved().await;

        let (first_path, first) = export(&b).await;
        assert_eq!(first["format"], "bastion-isms", "format marker");
        assert_eq!(first["exported_by"], "Alice Auditor");
        assert_eq!(first["data"]["assets"].as_array().map(Vec::len), Some(2));
        assert_eq!(first["data"]["parties"].as_array().map(Vec::len), Some(1));
        assert_eq!(first["data"]["issues"].as_array().map(Vec::len), Some(1));
        assert_eq!(
            stored_data(&b).await,
            first["data"],
            "the export holds what is stored"
        );

        // Clear everything this browser keeps and start again.
        b.js("localStorage.clear(); return null;", vec![]).await;
        b.reload().await;
        b.enter_name("Bob Builder").await;
        b.click("nav-assets").await;
        b.wait_count("asset-row", 0).await;

        b.choose_file(&first_path).await;
        b.wait_text("import-preview", "2").await;
        b.axe("import-preview").await;
        b.screenshot("import-preview").await;
        b.click("import-confirm").await;
        b.wait_gone("import-confirm").await;
        b.wait_count("asset-row", 2).await;
        b.wait_saved().await;
        b.click("nav-parties").await;
        b.wait_count("party-row", 1).await;
        b.click("nav-issues").await;
        b.wait_count("issue-row", 1).await;

        let (_, second) = export(&b).await;
        assert_eq!(second["exported_by"], "Bob Builder");
        // The same data, plus one audit entry that records the import.
        let mut data = second["data"].clone();
        let log = data["audit_log"].as_array_mut().expect("audit_log");
        let import_entry = log.pop().expect("an audit entry for the import");
        assert_eq!(
            import_entry["action"], "import",
            "last audit entry: {import_entry}"
        );
        assert_eq!(import_entry["actor"], "Bob Builder");
        assert_eq!(
            data, first["data"],
            "the imported ISMS differs from the exported one"
        );
        assert_eq!(
            stored_data(&b).await,
            second["data"],
            "storage holds the imported ISMS"
        );

        // And it survives a reload.
        b.reload().await;
        b.click("nav-assets").await;
        b.wait_count("asset-row", 2).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_file_is_refused_and_changes_nothing() {
    run("broken_import", |b| async move {
        b.start_app("Alice Auditor").await;
        add_asset(&b, &NewAsset::default()).await;
        b.wait_saved().await;
        let stored_before = b.storage_get(KEY_ISMS).await.expect("stored");
        let dir = b.downloads.parent().expect("temp folder").to_path_buf();

        // Files a person might pick by mistake, each with what the message must name.
        let (_, good) = export(&b).await;
        let mut wrong_type = good.clone();
        wrong_type["data"]["assets"][0]["owner"] = serde_json::json!(42);
        let mut dangling = good.clone();
        dangling["data"]["assets"][0]["depends_on"] = serde_json::json!(["no-such-asset"]);
        let cases: Vec<(&str, String, &str)> = vec![
            (
                "truncated.json",
                "{\"format\": \"bastion-isms\", \"schema_version\": 1, \"data\": {".into(),
                "JSON",
            ),
            ("other.json", "{\"hello\": \"world\"}".into(), "format"),
            (
                "wrong-type.json",
                serde_json::to_string_pretty(&wrong_type).unwrap_or_default(),
                "assets[0].owner",
            ),
            (
                "dangling.json",
                serde_json::to_string_pretty(&dangling).unwrap_or_default(),
                "depends_on",
            ),
            (
                "too-new.json",
                good.to_string()
                    .replacen("\"schema_version\":4", "\"schema_version\":99", 1),
                "newer",
            ),
        ];
        for (name, text, must_name) in &cases {
            let path = write_file(&dir, name, text);
            b.choose_file(&path).await;
            let shown = b.wait_text("notice", name).await;
            let message: Vec<&str> = shown.lines().filter(|l| l.contains(name)).collect();
            assert!(
                message.iter().any(|l| l.contains(must_name)),
                "the message for {name} does not name {must_name:?}: {message:?}"
            );
            assert_eq!(
                b.count("import-confirm").await,
                0,
                "{name}: a preview opened for a broken file"
            );
            assert_eq!(
                b.count("asset-row").await,
                1,
                "{name}: the asset list changed"
            );
            assert_eq!(
                b.storage_get(KEY_ISMS).await.as_deref(),
                Some(stored_before.as_str()),
                "{name}: storage changed"
            );
        }
        b.axe("broken-import").await;
        b.screenshot("broken-import").await;
        // Still there after a reload.
        b.reload().await;
        b.click("nav-assets").await;
        b.wait_count("asset-row", 1).await;
        assert_eq!(
            b.storage_get(KEY_ISMS).await.as_deref(),
            Some(stored_before.as_str())
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_an_import_changes_nothing() {
    run("cancel_import", |b| async move {
        b.start_app("Alice Auditor").await;
        add_asset(&b, &NewAsset::default()).await;
        b.wait_saved().await;
        let (path, _) = export(&b).await;
        add_asset(
            &b,
            &NewAsset {
                name: "Mail service",
                owner: "Head of IT",
                ..NewAsset::default()
            },
        )
        .await;
        b.wait_saved().await;
        let stored_before = b.storage_get(KEY_ISMS).await;
        b.choose_file(&path).await;
        b.click("import-cancel").await;
        b.wait_gone("import-confirm").await;
        assert_eq!(b.count("asset-row").await, 2, "cancelling changed the list");
        assert_eq!(
            b.storage_get(KEY_ISMS).await,
            stored_before,
            "cancelling changed storage"
        );
    })
    .await;
}

/// Fails if the page holds an element built from the markup typed in
/// [`markup_in_names_shows_as_text`], or if an alert opened.
async fn assert_no_injected_markup(b: &Browser, place: &str) {
    let n = b
        .js(
            "return [...document.querySelectorAll('img, script, b, i')].filter(e => \
               e.tagName === 'IMG' && e.getAttribute('src') === 'x' || \
               e.tagName === 'SCRIPT' && e.textContent.includes('alert') || \
               ['Mallory', 'x', 'Org'].includes(e.textContent)).length;",
            vec![],
        )
        .await;
    assert_eq!(
        n, 0,
        "{place}: the page holds elements built from user text"
    );
    assert!(
        b.client.get_alert_text().await.is_err(),
        "{place}: an alert opened"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_in_names_shows_as_text() {
    const NAME: &str = "<img src=x onerror=alert(1)>";
    run("markup_as_text", |b| async move {
        b.start_app("<b>Mallory</b>").await;
        add_asset(
            &b,
            &NewAsset { name: NAME, owner: "<script>alert(2)</script>", tags: "<i>x</i>", ..NewAsset::default() },
        )
        .await;
        b.wait_saved().await;
        let rows = row_texts(&b, "asset-row").await;
        assert!(rows[0].contains(NAME), "the name is not shown literally: {rows:?}");
        assert!(rows[0].contains("<script>alert(2)</script>"), "the owner is not shown literally: {rows:?}");
        assert!(rows[0].contains("<i>x</i>"), "the tag is not shown literally: {rows:?}");
        assert_no_injected_markup(&b, "asset list").await;

        b.go("#/assets/A-0001").await;
        b.find("asset-editor").await;
        let heading =
            b.js("return document.querySelector('[data-testid=asset-editor] h2').textContent;", vec![]).await;
        assert!(heading.as_str().unwrap_or("").contains(NAME), "editor heading: {heading}");
        assert_no_injected_markup(&b, "asset editor").await;

        b.click("nav-log").await;
        b.wait_text("log-row", NAME).await;
        assert_no_injected_markup(&b, "audit log").await;
        b.click("nav-home").await;
        b.wait_text("actor-display", "<b>Mallory</b>").await;
        assert_no_injected_markup(&b, "overview").await;
        b.axe("markup-as-text").await;
        b.screenshot("markup-as-text").await;

        // The organisation's name, in the header and in an import's preview.
        b.click("nav-organisation").await;
        b.fill("organisation-field-name", "<b>Org</b>").await;
        b.click("organisation-save").await;
        b.wait_text("org-name", "<b>Org</b>").await;
        assert_no_injected_markup(&b, "header").await;
        b.wait_saved().await;
        let before = b.downloaded();
        b.click("export-button").await;
        let file = b.wait_download(&before, ".json").await;
        b.choose_file(&file).await;
        b.find("import-confirm").await;
        b.wait_js(
            "the preview to show the organisation and the author literally",
            "document.body.innerText.includes('<b>Org</b>') && document.body.innerText.includes('<b>Mallory</b>')",
        )
        .await;
        assert_no_injected_markup(&b, "import preview").await;
        b.click("import-cancel").await;
        b.wait_gone("import-confirm").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corrupt_stored_data_is_reported_and_kept() {
    run("corrupt_storage", |b| async move {
        b.start_app("Alice Auditor").await;
        let cases = [
            ("not JSON", "{\"format\":\"bastion-isms-store\",\"schema_version\":1,\"data\":{\"assets\":[{"),
            (
                "a newer schema",
                "{\"format\":\"bastion-isms-store\",\"schema_version\":99,\"saved_at\":\"2030-01-01T00:00:00Z\",\"data\":{}}",
            ),
            ("an invalid record", "{\"format\":\"bastion-isms-store\",\"schema_version\":1,\"data\":{\"assets\":[{\"id\":1}]}}"),
        ];
        for (what, raw) in cases {
            b.storage_set(KEY_ISMS, raw).await;
            b.reload().await;
            // The person is told, in an alert region, that the stored data was not read.
            let told = b
                .wait_until(&format!("a message about the stored data ({what})"), || async {
                    let text = b
                        .js(
                            "return [...document.querySelectorAll('[role=alert], [data-testid=notice]')].map(e => e.innerText).join('\\n');",
                            vec![],
                        )
                        .await;
                    let text = text.as_str().unwrap_or("").to_string();
                    Ok(text.to_lowercase().contains("stored").then_some(text))
                })
                .await;
            assert!(!told.trim().is_empty());
            assert!(!b.text("save-status").await.contains(browser::SAVED), "{what}: the header claims the work is saved");
            // Reloading (which flushes pending saves) leaves the text as it was.
            b.reload().await;
            assert_eq!(b.storage_get(KEY_ISMS).await.as_deref(), Some(raw), "{what}: the stored text was changed");
        }
        b.axe("corrupt-storage").await;
        b.screenshot("corrupt-storage").await;
        // The reset asks first, in a dialog.
        b.click("recovery-reset").await;
        b.find("recovery-reset-confirm").await;
        b.axe("recovery-reset").await;
        b.click("recovery-reset-cancel").await;
        b.wait_gone("recovery-reset-confirm").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_an_asset_others_depend_on_asks_first() {
    run("delete_referenced", |b| async move {
        b.start_app("Alice Auditor").await;
        add_payroll_and_hr_portal(&b).await;
        // The first row's delete asks, naming the asset that depends on it.
        let rows = b.all("asset-row").await;
        let first = &rows[0];
        let text = first.text().await.unwrap_or_default();
        assert!(text.contains("A-0001"), "first row: {text}");
        first
            .find(fantoccini::Locator::Css(&browser::tid("asset-delete")))
            .await
            .expect("a delete button in the row")
            .click()
            .await
            .expect("click delete");
        b.wait_text("delete-dependents", "A-0002").await;
        b.axe("confirm-delete").await;
        b.click("cancel-delete").await;
        b.wait_gone("delete-dependents").await;
        b.click("nav-assets").await;
        b.wait_count("asset-row", 2).await;
    })
    .await;
}

/// The value of a form field.
async fn field_value(b: &Browser, id: &str) -> String {
    b.find(id)
        .await
        .prop("value")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// The address's hash.
async fn hash(b: &Browser) -> String {
    b.js("return location.hash;", vec![])
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaving_an_editor_with_unsaved_changes_asks_first() {
    run("unsaved_changes", |b| async move {
        b.start_app("Alice Auditor").await;
        add_asset(&b, &NewAsset::default()).await;
        b.wait_saved().await;

        // An untouched editor is left without a question.
        b.go("#/assets/A-0001").await;
        b.find("asset-editor").await;
        assert_eq!(b.count("editor-unsaved").await, 0, "nothing is changed yet");
        b.click("nav-issues").await;
        b.find("issue-new").await;
        assert_eq!(
            b.count("leave-confirm").await,
            0,
            "asked with nothing to lose"
        );

        // A change is marked, and a link away asks; Cancel keeps it all.
        b.go("#/assets/A-0001").await;
        b.fill("asset-field-name", "Payroll database (v2)").await;
        b.find("editor-unsaved").await;
        b.click("nav-risks").await;
        b.wait_text("leave-message", "asset A-0001").await;
        b.axe("unsaved-changes").await;
        b.screenshot("unsaved-changes").await;
        b.click("leave-cancel").await;
        b.wait_gone("leave-confirm").await;
        assert_eq!(hash(&b).await, "#/assets/A-0001");
        assert_eq!(
            field_value(&b, "asset-field-name").await,
            "Payroll database (v2)"
        );

        // Back asks too; the address stays on the editor.
        b.client.back().await.expect("back");
        b.find("leave-confirm").await;
        b.click("leave-cancel").await;
        b.wait_gone("leave-confirm").await;
        assert_eq!(hash(&b).await, "#/assets/A-0001");
        assert_eq!(
            field_value(&b, "asset-field-name").await,
            "Payroll database (v2)"
        );

        // Leaving without saving drops the change, and only the change.
        b.click("asset-close").await;
        b.click("leave-confirm").await;
        b.wait_gone("asset-editor").await;
        assert_eq!(hash(&b).await, "#/assets");
        let rows = row_texts(&b, "asset-row").await;
        assert!(
            rows.iter()
                .any(|r| r.contains("Payroll database") && !r.contains("(v2)")),
            "rows: {rows:?}"
        );

        // A saved change leaves without a question.
        b.go("#/assets/A-0001").await;
        b.fill("asset-field-name", "Payroll database (v3)").await;
        b.click("asset-save").await;
        b.wait_gone("asset-editor").await;
        assert_eq!(b.count("leave-confirm").await, 0, "asked after a save");
        b.wait_text("asset-row", "(v3)").await;

        // A new risk with a title asks before it is closed.
        b.go("#/risks/new").await;
        b.fill("risk-field-title", "Laptop theft").await;
        b.find("editor-unsaved").await;
        b.axe("unsaved-mark").await;
        b.screenshot("unsaved-mark").await;
        b.click("risk-close").await;
        b.wait_text("leave-message", "the new risk").await;
        b.click("leave-confirm").await;
        b.wait_gone("risk-editor").await;
        assert_eq!(b.count("risk-row").await, 0, "an unsaved risk was kept");

        // So do the one-record forms, here the organisation profile.
        b.click("nav-organisation").await;
        b.fill("organisation-field-name", "Acme Logistics").await;
        b.fill("organisation-field-sector", "Logistics").await;
        b.click("nav-home").await;
        b.wait_text("leave-message", "the organisation profile")
            .await;
        b.click("leave-cancel").await;
        b.click("organisation-save").await;
        b.wait_gone("editor-unsaved").await;
        b.click("nav-home").await;
        assert_eq!(b.count("leave-confirm").await, 0, "asked after a save");
        assert_eq!(hash(&b).await, "#/");

        // And a risk method draft that is not applied.
        b.click("nav-risk-method").await;
        b.click("method-preset-3x3").await;
        b.click("nav-risks").await;
        b.wait_text("leave-message", "the risk method").await;
        b.click("leave-confirm").await;
        b.find("risk-new").await;
        b.click("nav-risk-method").await;
        b.click("nav-home").await;
        b.wait_js("the overview", "location.hash === '#/'").await;
        assert_eq!(
            b.count("leave-confirm").await,
            0,
            "asked with the method unchanged"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_opens_with_no_console_error() {
    run("pages_and_console", |b| async move {
        b.open("#/").await;
        b.wait_app().await;
        b.find("actor-name").await;
        b.axe("first-run").await;
        b.enter_name("Alice Auditor").await;
        add_asset(&b, &NewAsset::default()).await;
        for area in ["home", "organisation", "issues", "parties", "scope", "assets", "risks", "risk-method", "log", "settings"] {
            b.click(&format!("nav-{area}")).await;
            let hash = if area == "home" { "#/".to_string() } else { format!("#/{area}") };
            b.wait_js(&format!("the route {hash}"), &format!("location.hash === '{hash}' || (location.hash === '' && '{hash}' === '#/')")).await;
            b.wait_js(&format!("the {area} page"), "document.querySelector('main h1') !== null").await;
            b.axe(&format!("page-{area}")).await;
        }
        // Deep links and reloads keep the page.
        b.open("#/assets/A-0001").await;
        b.wait_app().await;
        b.find("asset-editor").await;
        b.click("nav-settings").await;
        b.reload().await;
        b.wait_js("the settings page after reload", "location.hash === '#/settings' && document.querySelector('[data-testid=storage-usage]') !== null").await;
        b.axe("settings").await;
        b.screenshot("settings").await;
        b.click("settings-reset").await;
        b.find("settings-reset-confirm").await;
        b.axe("settings-reset").await;
        b.click("settings-reset-cancel").await;
        b.wait_gone("settings-reset-confirm").await;
        b.click("nav-assets").await;
        b.wait_count("asset-row", 1).await;
        b.axe("assets").await;
        b.screenshot("assets").await;
        let (_, _) = export(&b).await;

        let role = b.find("notice").await.attr("role").await.ok().flatten().unwrap_or_default();
        assert!(role == "alert" || role == "status", "the notice region has role {role:?}");

        let log = b.console();
        let errors: Vec<String> = log.iter().filter(|e| e.is_error()).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "the browser console shows errors:\n{}", errors.join("\n"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_save_is_reported_and_the_work_kept() {
    run("failed_save", |b| async move {
        b.start_app("Alice Auditor").await;
        add_asset(&b, &NewAsset::default()).await;
        b.wait_saved().await;
        let stored_before = b.storage_get(KEY_ISMS).await;

        // Fill this site's storage to the last character.
        let filled = b
            .js(
                "let lo = 0, hi = 6000000;
                 while (lo < hi) {
                   const mid = Math.ceil((lo + hi) / 2);
                   try { localStorage.setItem('e2e.filler', 'x'.repeat(mid)); lo = mid; }
                   catch (e) { localStorage.removeItem('e2e.filler'); hi = mid - 1; }
                 }
                 localStorage.setItem('e2e.filler', 'x'.repeat(lo));
                 return lo;",
                vec![],
            )
            .await;
        assert!(
            filled.as_u64().unwrap_or(0) > 1_000_000,
            "could not fill localStorage: {filled}"
        );

        add_asset(
            &b,
            &NewAsset {
                name: "Mail service",
                owner: "Head of IT",
                ..NewAsset::default()
            },
        )
        .await;
        let banner = b
            .wait_until("the notice to say the changes are not saved", || async {
                let text = b.text("notice").await;
                Ok(text.to_lowercase().contains("not saved").then_some(text))
            })
            .await;
        assert!(
            !b.text("save-status").await.contains(browser::SAVED),
            "the header claims the work is saved"
        );
        assert_eq!(
            b.storage_get(KEY_ISMS).await,
            stored_before,
            "the failed save changed the stored ISMS"
        );
        assert_eq!(
            b.count("asset-row").await,
            2,
            "the new asset is not kept on the page: {banner}"
        );
        b.axe("failed-save").await;
        b.screenshot("failed-save").await;

        // Once there is room again, the next change saves everything.
        b.js(
            "localStorage.removeItem('e2e.filler'); return null;",
            vec![],
        )
        .await;
        add_asset(
            &b,
            &NewAsset {
                name: "CRM",
                owner: "Sales director",
                ..NewAsset::default()
            },
        )
        .await;
        b.wait_saved().await;
        let data = stored_data(&b).await;
        let names: Vec<&str> = data["assets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["name"].as_str())
            .collect();
        assert_eq!(
            names,
            ["Payroll database", "Mail service", "CRM"],
            "stored after the retry"
        );
    })
    .await;
}

/// Makes this page's saves fail (its `localStorage.setItem` throws), or
/// work again; other pages of the origin are not affected.
async fn block_saves(b: &Browser, blocked: bool) {
    b.js(
        "if (!window.__setItem) window.__setItem = Storage.prototype.setItem;
         Storage.prototype.setItem = arguments[0]
           ? function () { throw new DOMException('blocked by the test', 'SecurityError'); }
           : window.__setItem;
         return null;",
        vec![serde_json::json!(blocked)],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tabs_follow_each_other_and_never_overwrite_unsaved_work() {
    run("two_tabs", |b| async move {
        b.start_app("Alice Auditor").await;
        add_asset(&b, &NewAsset::default()).await;
        b.wait_saved().await;
        let first = b.client.window().await.expect("this tab");

        // A second tab of the same browser shows the stored ISMS; what it
        // saves appears in the first tab without a reload.
        let second = b.client.new_window(true).await.expect("a new tab").handle;
        b.client
            .switch_to_window(second.clone())
            .await
            .expect("to the second tab");
        b.open("#/assets").await;
        b.wait_count("asset-row", 1).await;
        let hr = NewAsset {
            name: "HR portal",
            owner: "HR manager",
            ..NewAsset::default()
        };
        add_asset(&b, &hr).await;
        b.wait_saved().await;
        b.client
            .switch_to_window(first.clone())
            .await
            .expect("to the first tab");
        b.wait_text("asset-row", "HR portal").await;
        b.wait_text("notice", "changed in another tab").await;

        // Changes waiting here while the other tab saves: nothing is
        // overwritten, the user chooses. First: keep this tab's version.
        block_saves(&b, true).await;
        let mail = NewAsset {
            name: "Mail service",
            owner: "Head of IT",
            ..NewAsset::default()
        };
        add_asset(&b, &mail).await;
        b.find("save-error").await;
        b.client
            .switch_to_window(second.clone())
            .await
            .expect("to the second tab");
        let crm = NewAsset {
            name: "CRM",
            owner: "Sales lead",
            ..NewAsset::default()
        };
        add_asset(&b, &crm).await;
        b.wait_saved().await;
        b.client
            .switch_to_window(first.clone())
            .await
            .expect("to the first tab");
        b.find("conflict").await;
        b.axe("conflict").await;
        b.screenshot("conflict").await;
        assert!(
            b.text("save-status")
                .await
                .contains("changed in another tab"),
            "the header does not say why nothing is saved"
        );
        let rows = row_texts(&b, "asset-row").await;
        assert!(
            rows.iter().any(|r| r.contains("Mail service"))
                && !rows.iter().any(|r| r.contains("CRM")),
            "this tab's version is still shown: {rows:?}"
        );
        block_saves(&b, false).await;
        b.click("conflict-keep").await;
        b.wait_gone("conflict").await;
        b.wait_saved().await;
        b.client
            .switch_to_window(second.clone())
            .await
            .expect("to the second tab");
        b.wait_text("asset-row", "Mail service").await;
        let rows = row_texts(&b, "asset-row").await;
        assert!(
            !rows.iter().any(|r| r.contains("CRM")),
            "the replaced version: {rows:?}"
        );

        // Second: take the other tab's version.
        b.client
            .switch_to_window(first.clone())
            .await
            .expect("to the first tab");
        block_saves(&b, true).await;
        add_asset(
            &b,
            &NewAsset {
                name: "Backup storage",
                owner: "Head of IT",
                ..NewAsset::default()
            },
        )
        .await;
        b.find("save-error").await;
        b.client
            .switch_to_window(second.clone())
            .await
            .expect("to the second tab");
        add_asset(
            &b,
            &NewAsset {
                name: "Wiki",
                owner: "CTO",
                ..NewAsset::default()
            },
        )
        .await;
        b.wait_saved().await;
        b.client
            .switch_to_window(first.clone())
            .await
            .expect("to the first tab");
        b.find("conflict").await;
        block_saves(&b, false).await;
        b.click("conflict-load").await;
        b.wait_gone("conflict").await;
        b.wait_text("asset-row", "Wiki").await;
        let rows = row_texts(&b, "asset-row").await;
        assert!(
            !rows.iter().any(|r| r.contains("Backup storage")),
            "the dropped version: {rows:?}"
        );
        assert!(b.text("save-status").await.contains(browser::SAVED));
        let stored = stored_data(&b).await.to_string();
        assert!(stored.contains("Wiki") && !stored.contains("Backup storage"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_saved_in_another_tab_is_not_overwritten_unasked() {
    run("stale_editor", |b| async move {
        b.start_app("Alice Auditor").await;
        add_asset(&b, &NewAsset::default()).await;
        b.wait_saved().await;
        let first = b.client.window().await.expect("this tab");
        b.go("#/assets/A-0001").await;
        b.find("asset-editor").await;

        // The same asset, opened and saved in a second tab.
        let second = b.client.new_window(true).await.expect("a new tab").handle;
        let edit_elsewhere = |owner: &'static str| {
            let (b, first, second) = (b.clone(), first.clone(), second.clone());
            async move {
                b.client
                    .switch_to_window(second)
                    .await
                    .expect("to the second tab");
                b.open("#/assets/A-0001").await;
                b.fill("asset-field-owner", owner).await;
                b.click("asset-save").await;
                b.wait_gone("asset-editor").await;
                b.wait_saved().await;
                b.client
                    .switch_to_window(first)
                    .await
                    .expect("to the first tab");
                // This tab has the other's version (its `storage` event came).
                b.wait_text("asset-row", owner).await;
            }
        };
        // Edits under way in the first tab survive the other tab's save.
        b.fill("asset-field-name", "Payroll database (2026)").await;
        edit_elsewhere("CISO").await;
        b.wait_text("notice", "changed in another tab").await;
        assert_eq!(field_value(&b, "asset-field-name").await, "Payroll database (2026)");

        // The editor still holds the version it opened: its save is refused,
        // nothing is lost, and it asks.
        b.click("asset-save").await;
        b.find("editor-stale").await;
        b.wait_text("notice", "was changed elsewhere").await;
        b.axe("stale-editor").await;
        b.screenshot("stale-editor").await;
        let stored = stored_data(&b).await.to_string();
        assert!(
            stored.contains("CISO") && !stored.contains("(2026)"),
            "stored: {stored:.400}"
        );
        assert_eq!(
            field_value(&b, "asset-field-name").await,
            "Payroll database (2026)"
        );

        // Saving over it, on purpose.
        b.click("stale-overwrite").await;
        b.wait_gone("asset-editor").await;
        b.wait_saved().await;
        let stored = stored_data(&b).await.to_string();
        assert!(stored.contains("(2026)"), "stored: {stored:.400}");

        // Or dropping one's edits: the other tab's version stays.
        b.go("#/assets/A-0001").await;
        b.find("asset-editor").await;
        edit_elsewhere("Head of HR").await;
        b.fill("asset-field-location", "Leeds").await;
        b.click("asset-save").await;
        b.find("editor-stale").await;
        b.click("stale-discard").await;
        b.wait_gone("asset-editor").await;
        assert_eq!(
            b.count("leave-confirm").await,
            0,
            "asked again after the choice"
        );
        b.wait_text("asset-row", "Head of HR").await;
        let stored = stored_data(&b).await.to_string();
        assert!(stored.contains("Head of HR") && !stored.contains("Leeds"));

        // A one-record form nobody touched follows the other tab's save.
        b.click("nav-organisation").await;
        b.find("organisation-form").await;
        b.client.switch_to_window(second.clone()).await.expect("to the second tab");
        b.open("#/organisation").await;
        b.fill("organisation-field-name", "Acme Logistics").await;
        b.click("organisation-save").await;
        b.wait_saved().await;
        b.client.switch_to_window(first.clone()).await.expect("to the first tab");
        b.wait_js(
            "the profile of the other tab",
            "document.querySelector('[data-testid=organisation-field-name]').value === 'Acme Logistics'",
        )
        .await;
        assert_eq!(b.count("editor-unsaved").await, 0, "an untouched form marked as changed");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_waiting_to_be_saved_is_saved_when_the_page_closes() {
    run("flush_on_close", |b| async move {
        b.start_app("Alice Auditor").await;
        b.click("nav-assets").await;
        b.click("asset-new").await;
        b.fill("asset-field-name", "Payroll database").await;
        b.fill("asset-field-owner", "CFO").await;
        // Create it and leave at once, before the debounced save runs.
        let status = b
            .js(
                "document.querySelector('[data-testid=asset-save]').click();
                 const status = document.querySelector('[data-testid=save-status]').textContent;
                 location.reload();
                 return status;",
                vec![],
            )
            .await;
        assert!(
            !status.as_str().unwrap_or("").contains(browser::SAVED),
            "the save was not pending: {status}"
        );
        b.wait_app().await;
        b.click("nav-assets").await;
        b.wait_count("asset-row", 1).await;
        b.wait_text("asset-row", "Payroll database").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_dropped_on_the_page_opens_the_import_preview() {
    run("drop_import", |b| async move {
        b.start_app("Alice Auditor").await;
        add_asset(&b, &NewAsset::default()).await;
        b.wait_saved().await;
        let (_, exported) = export(&b).await;
        add_asset(&b, &NewAsset { name: "Mail service", owner: "Head of IT", ..NewAsset::default() }).await;
        b.wait_saved().await;
        // Drop the first export (one asset) on the page.
        b.js(
            "const file = new File([arguments[0]], 'dropped.json', { type: 'application/json' });
             const dt = new DataTransfer();
             dt.items.add(file);
             const residual = document.querySelector('main') || document.body;
             for (const type of ['dragenter', 'dragover', 'drop']) {
               residual.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
             }
             return null;",
            vec![Value::String(serde_json::to_string_pretty(&exported).unwrap_or_default())],
        )
        .await;
        b.wait_text("import-preview", "1").await;
        b.click("import-confirm").await;
        b.wait_gone("import-confirm").await;
        b.wait_count("asset-row", 1).await;
        b.wait_saved().await;
        let names: Vec<String> = stored_data(&b).await["assets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["name"].as_str().map(str::to_string))
            .collect();
        assert_eq!(names, ["Payroll database"], "stored after the dropped import");
    })
    .await;
}

// ---------------------------------------------------------------------------
// Risks
// ---------------------------------------------------------------------------

/// A risk as typed into the form.
struct NewRisk<'a> {
    title: &'a str,
    owner: &'a str,
    /// Text to find the affected assets (one pick each).
    assets: &'a [&'a str],
    inherent: (u8, u8),
    current: (u8, u8),
}

/// Creates a risk through the register's form and waits until it is listed.
async fn add_risk(b: &Browser, r: &NewRisk<'_>) {
    b.click("nav-risks").await;
    let before = b.count("risk-row").await;
    b.click("risk-new").await;
    // A notice appearing at the top of the page can move the button as it
    // is clicked; the link leads to #/risks/new either way.
    if b.js("return location.hash;", vec![]).await != "#/risks/new" {
        b.go("#/risks/new").await;
    }
    b.fill("risk-field-title", r.title).await;
    b.fill("risk-field-owner", r.owner).await;
    b.fill("risk-field-threat", "Ransomware").await;
    for a in r.assets {
        b.fill("risk-field-assets", a).await;
        b.click("risk-asset-option").await;
    }
    b.click("risk-field-availability").await;
    b.select("risk-field-inherent-likelihood", &r.inherent.0.to_string())
        .await;
    b.select("risk-field-inherent-impact", &r.inherent.1.to_string())
        .await;
    b.select("risk-field-current-likelihood", &r.current.0.to_string())
        .await;
    b.select("risk-field-current-impact", &r.current.1.to_string())
        .await;
    b.click("risk-save").await;
    b.wait_gone("risk-editor").await;
    b.wait_count("risk-row", before + 1).await;
}

/// Payroll, the HR portal that depends on it, and a risk to payroll.
async fn add_payroll_hr_portal_and_a_risk(b: &Browser) {
    add_payroll_and_hr_portal(b).await;
    add_risk(
        b,
        &NewRisk {
            title: "Payroll data leak",
            owner: "CFO",
            assets: &["Payroll"],
            inherent: (4, 4),
            current: (3, 3),
        },
    )
    .await;
}

/// After a reload, payroll (A-0001) is back where the deletion took it
/// from: among the HR portal's dependencies and the risk's assets.
async fn payroll_is_back_with_its_links(b: &Browser) {
    b.reload().await;
    b.go("#/assets/A-0002").await;
    b.wait_text("asset-dependencies", "A-0001").await;
    b.click("nav-risks").await;
    b.wait_text("risk-row", "A-0001").await;
}

/// The text of a heat-map cell (its count).
async fn cell(b: &Browser, which: &str, l: u8, i: u8) -> String {
    b.text(&format!("heatmap-{which}-{l}-{i}"))
        .await
        .trim()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_risk_is_assessed_treated_accepted_and_survives_reload_and_export() {
    run("risk_lifecycle", |b| async move {
        b.start_app("Alice Auditor").await;
        add_asset(&b, &NewAsset::default()).await;

        // Identify and assess a risk on the asset.
        add_risk(
            &b,
            &NewRisk {
                title: "Ransomware encrypts the payroll database",
                owner: "Head of IT",
                assets: &["A-0001"],
                inherent: (4, 5),
                current: (3, 3),
            },
        )
        .await;
        let row = b.text("risk-row").await;
        assert!(
            row.contains("R-0001") && row.contains("A-0001"),
            "row: {row}"
        );
        // 5 × 5 preset: 4 × 5 is Very high, 3 × 3 is Medium.
        assert!(
            row.contains("Very high") && row.contains("Medium"),
            "row: {row}"
        );

        // It is on both heat maps; clicking a cell filters the register.
        assert_eq!(cell(&b, "inherent", 4, 5).await, "1");
        assert_eq!(cell(&b, "current", 3, 3).await, "1");
        assert_eq!(cell(&b, "inherent", 3, 3).await, "0");
        b.click("heatmap-inherent-3-3").await;
        b.wait_count("risk-row", 0).await;
        b.find("risk-filter-cell").await;
        b.click("heatmap-inherent-4-5").await;
        b.wait_count("risk-row", 1).await;
        b.click("heatmap-inherent-4-5").await;
        b.wait_gone("risk-filter-cell").await;
        b.axe("risk-register").await;
        b.screenshot("risk-register").await;

        // Treat it: mitigate, with a plan whose action is already late.
        b.go("#/risks/R-0001").await;
        b.find("risk-editor").await;
        b.fill("risk-field-threat", "Drone over the data centre").await;
        b.select("risk-field-treatment", "modify").await;
        b.fill(
            "risk-field-treatment-rationale",
            "Too likely for payroll data.",
        )
        .await;
        b.select("risk-field-status", "in_treatment").await;
        b.click("risk-field-has-residual").await;
        b.select("risk-field-residual-likelihood", "1").await;
        b.select("risk-field-residual-impact", "3").await;
        b.click("risk-action-add").await;
        b.fill("risk-action-title", "Offline backup copy").await;
        b.set_value("risk-action-due", "2020-01-31").await;
        b.select("risk-action-control", &isms::core::controls::annex_a::control_id("8.13")).await;
        b.wait_text("risk-action", "overdue").await;
        b.axe("risk-editor").await;
        b.screenshot("risk-editor").await;
        // Closed while the action is open contradicts the plan: refused,
        // said beside the status, nothing saved.
        b.select("risk-field-status", "closed").await;
        b.click("risk-save").await;
        b.wait_js(
            "the status's error",
            "document.querySelector('[data-testid=risk-editor]').textContent.includes('Cannot be Closed while 1 action of its plan is still open')",
        )
        .await;
        b.find("risk-editor").await;
        b.select("risk-field-status", "in_treatment").await;
        b.click("risk-save").await;
        b.wait_gone("risk-editor").await;
        b.wait_text("risk-row", "1 action overdue").await;
        b.wait_text("risk-attention", "1 treatment action overdue")
            .await;
        // The log shows the action added as a line, not as JSON.
        b.click("nav-log").await;
        b.wait_text("log-row", "Updated risk R-0001").await;
        open_log_details(&b).await;
        b.wait_text("log-row", "Offline backup copy \u{00b7} A.8.13 Information backup \u{00b7} 2020-01-31")
            .await;
        b.wait_text("log-row", "(added)").await;
        scroll_to_log_entry(&b, "(added)").await;
        b.axe("log-actions").await;
        b.screenshot("log-actions").await;

        // A second risk, retained: above the appetite it needs an exception.
        add_risk(
            &b,
            &NewRisk {
                title: "Supplier outage",
                owner: "CFO",
                assets: &["Payroll"],
                inherent: (2, 3),
                current: (2, 3),
            },
        )
        .await;
        b.go("#/risks/R-0002").await;
        // A threat written in another risk is offered again, before the catalogue.
        let offered = b
            .js(
                "const o = document.querySelector('#threat-catalogue option'); return o ? [o.value, o.label] : null;",
                vec![],
            )
            .await;
        assert_eq!(
            offered,
            serde_json::json!(["Drone over the data centre", "Used in this register"])
        );
        b.select("risk-field-treatment", "retain").await;
        b.fill(
            "risk-field-treatment-rationale",
            "No other supplier this year.",
        )
        .await;
        b.select("risk-field-status", "accepted").await;
        b.click("risk-field-accepted").await;
        b.fill("risk-field-accepted-by", "Managing director").await;
        b.set_value("risk-field-accepted-on", "2026-01-15").await;
        b.set_value("risk-field-acceptance-expires", "2099-01-15")
            .await;
        b.fill(
            "risk-field-acceptance-rationale",
            "Exception until the new contract.",
        )
        .await;
        b.click("risk-save").await;
        // Refused: Medium is above the appetite (Low), and no exception is recorded.
        b.wait_text("risk-acceptance-error", "appetite").await;
        b.axe("risk-acceptance-error").await;
        b.find("risk-editor").await;
        b.click("risk-field-exception").await;
        b.click("risk-save").await;
        b.wait_gone("risk-editor").await;
        b.wait_count("risk-row", 2).await;
        b.wait_saved().await;

        // Reload: all of it is still there.
        b.reload().await;
        b.click("nav-risks").await;
        b.wait_count("risk-row", 2).await;
        assert_eq!(cell(&b, "inherent", 4, 5).await, "1");
        assert_eq!(cell(&b, "current", 3, 3).await, "1");
        assert_eq!(cell(&b, "current", 2, 3).await, "1");
        b.wait_text("risk-row", "1 action overdue").await;
        b.go("#/risks/R-0001").await;
        for (id, want) in [
            ("risk-field-inherent-likelihood", "4"),
            ("risk-field-inherent-impact", "5"),
            ("risk-field-current-likelihood", "3"),
            ("risk-field-residual-likelihood", "1"),
            ("risk-field-treatment", "modify"),
            ("risk-action-due", "2020-01-31"),
        ] {
            let v = b.find(id).await.prop("value").await.ok().flatten();
            assert_eq!(v.as_deref(), Some(want), "{id} after the reload");
        }
        b.wait_text("risk-level-inherent", "Very high").await;
        b.click("risk-close").await;
        b.go("#/risks/R-0002").await;
        let accepted = b
            .find("risk-field-exception")
            .await
            .is_selected()
            .await
            .expect("read");
        assert!(accepted, "the exception is kept");
        assert_eq!(
            b.find("risk-field-accepted-by")
                .await
                .prop("value")
                .await
                .ok()
                .flatten()
                .as_deref(),
            Some("Managing director")
        );
        // The acceptance recorded the level it accepted; re-scored above
        // it, the risk needs the owner's acceptance again.
        b.wait_text("risk-acceptance-level", "Accepts the residual level Medium")
            .await;
        b.select("risk-field-current-likelihood", "5").await;
        b.wait_text("risk-acceptance-level", "Needs re-acceptance: re-scored above the level accepted (Medium accepted, now")
            .await;
        b.click("risk-close").await;
        b.click("leave-confirm").await;
        b.wait_gone("risk-editor").await;

        // Export, clear, import: the method and the risks come back unchanged.
        let (path, first) = export(&b).await;
        let risks = first["data"]["risks"].as_array().expect("risks").clone();
        assert_eq!(risks.len(), 2);
        assert_eq!(risks[0]["treatment"], "modify");
        assert_eq!(risks[0]["actions"][0]["control"], isms::core::controls::annex_a::control_id("8.13"));
        assert_eq!(risks[1]["acceptance"]["exception"], true);
        assert_eq!(first["data"]["risk_method"]["scoring"], "lookup");
        b.js("localStorage.clear(); return null;", vec![]).await;
        b.reload().await;
        b.enter_name("Bob Builder").await;
        b.click("nav-risks").await;
        b.wait_count("risk-row", 0).await;
        b.choose_file(&path).await;
        b.click("import-confirm").await;
        b.wait_gone("import-confirm").await;
        b.wait_count("risk-row", 2).await;
        let (_, second) = export(&b).await;
        assert_eq!(second["data"]["risks"], first["data"]["risks"]);
        assert_eq!(second["data"]["risk_method"], first["data"]["risk_method"]);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deletion_is_undone_with_everything_it_detached() {
    run("undo_delete", |b| async move {
        b.start_app("Alice Auditor").await;
        add_payroll_hr_portal_and_a_risk(&b).await;

        // A risk deleted from its row comes back with Undo.
        b.click("risk-delete").await;
        b.wait_text("notice", "Deleted risk R-0001").await;
        b.wait_count("risk-row", 0).await;
        b.click("notice-undo").await;
        b.wait_text("notice", "Restored risk R-0001").await;
        b.wait_text("risk-row", "Payroll data leak").await;
        assert_eq!(
            b.count("notice-undo").await,
            0,
            "the Undo went with its notice"
        );

        // An asset others refer to: deleted after the question, then undone;
        // the asset that depends on it and the risk get it back.
        b.go("#/assets/A-0001").await;
        b.click("asset-delete").await;
        b.click("confirm-delete").await;
        b.wait_text(
            "notice",
            "removed it from the 2 records that referred to it",
        )
        .await;
        b.wait_count("asset-row", 1).await;
        b.axe("undo-delete").await;
        b.screenshot("undo-delete").await;
        b.click("notice-undo").await;
        b.wait_text("notice", "Restored asset A-0001").await;
        b.wait_count("asset-row", 2).await;
        b.wait_saved().await;

        payroll_is_back_with_its_links(&b).await;
        b.click("nav-log").await;
        b.wait_text("log-row", "Restored asset A-0001").await;
        b.wait_text(
            "log-row",
            "Added A-0001 back to the dependencies of asset A-0002",
        )
        .await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_required_field_says_so_and_its_error_goes_with_the_fix() {
    run("required_fields", |b| async move {
        b.start_app("Alice Auditor").await;
        add_asset(&b, &NewAsset::default()).await;
        add_risk(
            &b,
            &NewRisk {
                title: "Payroll data leak",
                owner: "CFO",
                assets: &[],
                inherent: (2, 2),
                current: (1, 1),
            },
        )
        .await;
        b.go("#/risks/R-0001").await;
        b.click("risk-field-accepted").await;
        // Accepted on starts as today, and is marked as required.
        let today = b
            .js("const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');", vec![])
            .await;
        assert_eq!(Value::String(field_value(&b, "risk-field-accepted-on").await), today);
        let required = b
            .js("const f = document.querySelector('[data-testid=risk-field-accepted-on]'); return [f.getAttribute('aria-required'), f.closest('.field').querySelector('.field__required') !== null];", vec![])
            .await;
        assert_eq!(required, serde_json::json!(["true", true]), "Accepted on is marked as required");
        b.fill("risk-field-accepted-by", "Managing director").await;
        b.fill("risk-field-acceptance-rationale", "Low and cheap to live with.").await;
        b.set_value("risk-field-accepted-on", "").await;
        b.click("risk-save").await;
        // The error says what is required, in words, beside the field.
        let err = b
            .wait_js(
                "the date's error",
                "(() => { const e = document.querySelector('[data-testid=risk-field-accepted-on]').closest('.field').querySelector('.field__error'); return e && e.innerText.trim() ? e.innerText.trim() : null; })()",
            )
            .await;
        assert_eq!(err, serde_json::json!("Accepted on is required."));
        b.wait_text("notice", "The risk was not saved").await;
        // Fixed and saved: the error notice goes with it. The date is typed
        // as the app shows dates, ISO, whatever the browser's locale (a date
        // input would want the locale's 01/15/2026 here).
        let kind = b
            .js("const f = document.querySelector('[data-testid=risk-field-accepted-on]'); return [f.type, f.placeholder, f.closest('.date-input').querySelector('button').getAttribute('aria-label')];", vec![])
            .await;
        assert_eq!(
            kind,
            serde_json::json!(["text", "YYYY-MM-DD", "Accepted on: choose from a calendar"])
        );
        b.fill("risk-field-accepted-on", "2026-01-15").await;
        b.click("risk-save").await;
        b.wait_gone("risk-editor").await;
        b.wait_text("notice", "Saved risk R-0001").await;
        let text = b.text("notice").await;
        assert!(!text.contains("not saved"), "the error stayed: {text}");
        b.wait_saved().await;
        let stored = stored_data(&b).await;
        assert_eq!(stored["risks"][0]["acceptance"]["date"], "2026-01-15");
        // An error about a form left unsaved goes when the form is left.
        b.go("#/risks/R-0001").await;
        b.set_value("risk-field-title", "").await;
        b.click("risk-save").await;
        b.wait_text("notice", "The risk was not saved").await;
        b.click("risk-close").await;
        b.click("leave-confirm").await;
        b.wait_gone("risk-editor").await;
        b.wait_until("the error notice to go", || async {
            Ok((!b.text("notice").await.contains("not saved")).then_some(()))
        })
        .await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_record_is_restored_from_the_log_long_after() {
    run("restore_from_log", |b| async move {
        b.start_app("Alice Auditor").await;
        add_payroll_hr_portal_and_a_risk(&b).await;
        // Deleted, its Undo let go, and the page reloaded.
        b.go("#/assets/A-0001").await;
        b.click("asset-delete").await;
        b.click("confirm-delete").await;
        b.wait_text("notice", "Deleted asset A-0001").await;
        b.wait_count("asset-row", 1).await;
        b.wait_saved().await;
        b.reload().await;
        assert_eq!(b.count("notice-undo").await, 0);

        // The log shows the deletions alone, each with a Restore.
        b.click("nav-log").await;
        b.wait_text("log-row", "Deleted asset A-0001").await;
        assert!(b.count("log-row").await > 3);
        b.select("log-filter-action", "delete").await;
        let rows = b.wait_count("log-row", 1).await;
        let text = rows[0].text().await.unwrap_or_default();
        assert!(text.contains("Deleted asset A-0001"), "{text}");
        // Its fields under the form's labels and words, in the form's order.
        open_log_details(&b).await;
        let fields = b
            .js("return [...document.querySelectorAll('[data-testid=log-row] details tbody tr')].map(r => r.cells[0].innerText + '=' + r.cells[1].innerText);", vec![])
            .await;
        let fields: Vec<String> = serde_json::from_value(fields).unwrap_or_default();
        assert_eq!(fields.first().map(String::as_str), Some("Name=Payroll database"), "{fields:?}");
        assert!(fields.iter().any(|f| f == "In the scope of the ISMS=yes"), "{fields:?}");
        assert!(fields.iter().any(|f| f.starts_with("Confidentiality=") && f.chars().nth(16).is_some_and(char::is_uppercase)), "{fields:?}");
        assert!(!fields.iter().any(|f| f.contains('_')), "internal keys shown: {fields:?}");
        b.screenshot("restore-from-log").await;
        b.click("restore").await;
        b.wait_text("notice", "Restored asset A-0001").await;
        // Back, so no longer restorable.
        b.wait_count("restore", 0).await;
        b.wait_saved().await;

        payroll_is_back_with_its_links(&b).await;
        b.click("nav-log").await;
        b.select("log-filter-action", "create").await;
        b.wait_text("log-row", "Restored asset A-0001").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_risk_method_shows_what_changes_and_asks_first() {
    run("risk_method_change", |b| async move {
        b.start_app("Alice Auditor").await;
        add_asset(&b, &NewAsset::default()).await;
        add_risk(
            &b,
            &NewRisk {
                title: "=HYPERLINK(\"http://x\") laptop theft",
                owner: "Head of IT",
                assets: &["A-0001"],
                inherent: (5, 5),
                current: (3, 3),
            },
        )
        .await;

        // A 3 × 3 method cannot hold a 5 × 5 score: refused, never clamped.
        b.click("nav-risk-method").await;
        b.click("method-preset-3x3").await;
        b.click("method-apply").await;
        b.wait_text("method-errors", "R-0001").await;
        b.axe("method-errors").await;
        b.click("method-discard").await;

        // One grid cell changed: the preview names the risk, the dialog asks.
        b.select("method-grid-3-3", "3").await;
        b.wait_text("method-impact", "R-0001 current").await;
        b.axe("risk-method").await;
        b.screenshot("risk-method").await;
        b.click("method-apply").await;
        b.wait_text("method-confirm", "Apply").await;
        b.axe("method-confirm").await;
        b.click("method-confirm").await;
        b.wait_gone("method-confirm").await;
        b.click("nav-risks").await;
        b.wait_text("risk-row", "High").await;
        assert_eq!(cell(&b, "current", 3, 3).await, "1");
        b.click("nav-log").await;
        b.wait_text("log-row", "Changed the risk method").await;
        // Logged cell by cell, each level with its name.
        open_log_details(&b).await;
        b.wait_text("log-row", "grid: likelihood 3 \u{00d7} impact 3")
            .await;
        // Scores and asset links read as such, not as JSON or ids.
        b.wait_text("log-row", "likelihood 5 \u{00d7} impact 5")
            .await;
        b.wait_text("log-row", "A-0001 Payroll database").await;
        scroll_to_log_entry(&b, "Changed the risk method").await;
        b.axe("log-method-change").await;
        b.screenshot("log-method-change").await;

        // CSV export: formula injection neutralised.
        b.click("nav-risks").await;
        let before = b.downloaded();
        b.click("risk-export-csv").await;
        let path = b.wait_download(&before, ".csv").await;
        let csv = std::fs::read_to_string(&path).expect("read the CSV");
        assert!(
            csv.starts_with("\u{feff}\"Reference\",\"Title\""),
            "{csv:.200}"
        );
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"http://x\"\") laptop theft\""),
            "{csv}"
        );

        // The printable report holds the method, the register and the plan.
        b.click("risk-report-link").await;
        b.wait_count("report-risk", 1).await;
        b.find("heatmap-report-inherent-5-5").await;
        b.axe("risk-report").await;
        b.screenshot("risk-report").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_risks_over_five_thousand_assets_persist_across_a_reload() {
    run("large_register", |b| async move {
        let mut m = isms::core::sample::generate(5000, 42);
        isms::core::sample::add_risks(&mut m, 10_000, 43);
        let at = chrono::DateTime::parse_from_rfc3339("2026-01-15T09:00:00Z")
            .expect("time")
            .with_timezone(&chrono::Utc);
        let text = isms::core::file::format::export(&m, at, "Generator");
        let json_chars = text.encode_utf16().count() as u64;
        assert!(
            json_chars > 5_242_880,
            "as plain JSON it would not fit ({json_chars})"
        );
        let dir = b.downloads.parent().expect("temp folder").to_path_buf();
        let path = write_file(&dir, "large.json", &text);

        b.start_app("Alice Auditor").await;
        b.choose_file(&path).await;
        b.wait_text("import-preview", "10000").await;
        b.click("import-confirm").await;
        b.wait_gone("import-confirm").await;
        b.wait_saved().await;
        let used = b.storage_chars().await;
        assert!(
            used < 5_242_880 / 2,
            "the packed store uses {used} characters"
        );
        let data = stored_data(&b).await;
        assert_eq!(data["risks"].as_array().map(Vec::len), Some(10_000));

        b.reload().await;
        b.click("nav-risks").await;
        b.wait_text("pager", "of 10,000 risks").await;
        b.wait_count("risk-row", 50).await;
        b.click("nav-assets").await;
        b.wait_text("pager", "of 5,000 assets").await;
        // And an edit after the reload is saved too.
        b.go("#/risks/R-0001").await;
        b.fill("risk-field-title", "Edited after the reload").await;
        b.click("risk-save").await;
        b.wait_gone("risk-editor").await;
        b.wait_saved().await;
        assert_eq!(
            stored_data(&b).await["risks"][0]["title"],
            "Edited after the reload"
        );
    })
    .await;
}

/// Whether the element with `data-testid` `id` (the first) is checked.
async fn checked(b: &Browser, id: &str) -> bool {
    b.js(
        "const e = document.querySelector(`[data-testid=\"${arguments[0]}\"]`); return !!(e && e.checked);",
        vec![serde_json::json!(id)],
    )
    .await
        == Value::Bool(true)
}

/// The text of the SoA's row of `control`.
async fn soa_row(b: &Browser, control: &str) -> String {
    b.js(
        "const e = document.querySelector(`[data-testid=soa-row][data-control=\"${arguments[0]}\"]`); return e ? e.textContent : '';",
        vec![serde_json::json!(control)],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn controls_and_the_soa_link_to_risks_and_travel_in_the_file() {
    run("controls_soa", |b| async move {
        b.start_app("Alice Auditor").await;
        add_payroll_hr_portal_and_a_risk(&b).await;

        // The register holds the 93 Annex A controls (a page of 50 shown).
        b.click("nav-controls").await;
        b.wait_count("control-row", 50).await;
        b.wait_text("control-row", "Threat intelligence").await;

        // Excluded without a justification: the SoA says so.
        b.go("#/controls/A.5.7").await;
        b.wait_text("control-field-title", "A.5.7 Threat intelligence")
            .await;
        assert!(checked(&b, "control-field-applicable").await);
        b.click("control-field-applicable").await;
        b.click("control-save").await;
        b.wait_gone("control-editor").await;
        b.click("nav-soa").await;
        b.wait_count("soa-row", 93).await;
        b.wait_text("soa-check", "A.5.7 is excluded with no justification")
            .await;

        // Linked to a risk from the control: the risk treats it, and the SoA
        // flags the excluded control that treats a risk.
        b.go("#/controls/A.5.7").await;
        b.fill("control-link-risk", "R-0001").await;
        b.click("control-risk-option").await;
        b.wait_text("notice", "Linked risk R-0001").await;
        b.wait_text("control-risks", "R-0001").await;
        b.wait_js(
            "the reason derived from the risk",
            "document.querySelector('[data-testid=control-field-reasons-risk]').checked",
        )
        .await;
        b.go("#/soa").await;
        b.wait_text(
            "soa-check",
            "R-0001 is treated by A.5.7, which is marked not applicable",
        )
        .await;

        // Included again: its reason is the risk treatment, derived.
        b.go("#/controls/A.5.7").await;
        b.click("control-field-applicable").await;
        b.fill("control-field-owner", "Head of IT").await;
        b.select("control-field-status", "planned").await;
        b.fill(
            "control-field-evidence",
            "Threat feed contract\nhttps://intranet.example.com/ti",
        )
        .await;
        b.click("control-save").await;
        b.wait_gone("control-editor").await;
        b.go("#/soa").await;
        b.wait_count("soa-row", 93).await;
        let row = soa_row(&b, "A.5.7").await;
        assert!(
            row.contains("Risk treatment") && row.contains("Head of IT") && row.contains("R-0001"),
            "{row}"
        );
        let checks = row_texts(&b, "soa-check").await;
        assert!(
            !checks.iter().any(|c| c.contains("A.5.7 is excluded")),
            "{checks:?}"
        );

        // A link that is not http(s) is refused beside the field.
        b.go("#/controls/A.5.8").await;
        b.fill("control-field-evidence", "javascript:alert(1)")
            .await;
        b.click("control-save").await;
        b.wait_text("control-editor", "links must start with https://")
            .await;
        b.click("control-close").await;
        b.click("leave-confirm").await;
        b.wait_gone("control-editor").await;

        // The risk shows the control among its controls.
        b.go("#/risks/R-0001").await;
        b.wait_text("risk-controls", "A.5.7").await;
        b.click("risk-close").await;

        // An own control beside Annex A.
        b.go("#/controls/new").await;
        b.fill("control-field-title", "Board review of access rights")
            .await;
        b.click("control-save").await;
        b.wait_gone("control-editor").await;
        b.go("#/soa").await;
        b.wait_count("soa-row", 94).await;
        assert!(soa_row(&b, "C-0001")
            .await
            .contains("Board review of access rights"));

        // Filters: the people theme has 8 controls.
        b.select("soa-filter-theme", "people").await;
        b.wait_count("soa-row", 8).await;
        b.select("soa-filter-theme", "").await;
        b.wait_count("soa-row", 94).await;
        b.axe("soa").await;
        b.screenshot("soa").await;

        // The CSV: one row per control, formula-safe.
        let before = b.downloaded();
        b.click("soa-export-csv").await;
        let csv = std::fs::read_to_string(b.wait_download(&before, ".csv").await).expect("csv");
        assert!(
            csv.starts_with("\u{feff}\"Control\",\"Title\""),
            "{csv:.80}"
        );
        assert_eq!(csv.matches("\r\n").count(), 95);
        assert!(csv.contains(
            "\"A.5.7\",\"Threat intelligence\",\"Organizational\",\"Yes\",\"Risk treatment\""
        ));

        // Approve the SoA: version 1, with who, role, date and its hash.
        b.wait_text("soa-standing", "no version has been approved yet")
            .await;
        b.click("soa-approve").await;
        b.click("soa-approve-confirm").await;
        b.wait_text("soa-approvals", "Approved by is required")
            .await;
        // Focus goes to the first field in error; Escape closes the form
        // and gives focus back to its button.
        b.wait_focus("soa-approve-name").await;
        b.key(fantoccini::key::Key::Escape).await;
        b.wait_gone("soa-approve-confirm").await;
        b.wait_focus("soa-approve").await;
        b.click("soa-approve").await;
        b.wait_focus("soa-approve-name").await;
        b.fill("soa-approve-name", "Carla CISO").await;
        b.fill("soa-approve-role", "Chief information security officer")
            .await;
        b.fill("soa-approve-note", "First issue for the stage 1 audit")
            .await;
        b.click("soa-approve-confirm").await;
        b.wait_text(
            "notice",
            "Approved version 1 of the Statement of Applicability",
        )
        .await;
        b.wait_count("soa-version", 1).await;
        b.wait_focus("soa-approve").await;
        b.wait_text("soa-standing", "This is version 1, approved by Carla CISO")
            .await;
        let doc = b.text("soa-document").await;
        assert!(
            doc.contains("ISMS-SOA")
                && doc.contains("Carla CISO (Chief information security officer)"),
            "{doc}"
        );
        assert_eq!(b.text("soa-document-classification").await, "INTERNAL");

        // A control changes: the SoA is a working draft again, and the
        // comparison with version 1 names the change.
        b.go("#/controls/A.5.7").await;
        b.select("control-field-status", "implemented").await;
        b.click("control-save").await;
        b.wait_gone("control-editor").await;
        b.go("#/soa").await;
        b.wait_text("soa-standing", "1 item changed since version 1")
            .await;
        let diff = b.wait_count("soa-diff-row", 1).await;
        let said = diff[0].text().await.expect("diff text");
        assert!(
            said.contains("A.5.7")
                && said.contains("Implementation status")
                && said.contains("Planned")
                && said.contains("Implemented"),
            "{said}"
        );
        b.click("soa-approve").await;
        b.fill("soa-approve-name", "Carla CISO").await;
        b.fill("soa-approve-role", "CISO").await;
        b.click("soa-approve-confirm").await;
        b.wait_count("soa-version", 2).await;
        b.wait_text("soa-compare", "No differences between version 2 and today")
            .await;
        b.select("soa-compare-from", "1").await;
        b.select("soa-compare-to", "2").await;
        b.wait_count("soa-diff-row", 1).await;
        b.screenshot("soa-versions").await;

        // The print view renders: a PDF of several pages.
        let pdf = b
            .client
            .print(
                fantoccini::wd::PrintConfigurationBuilder::default()
                    .build()
                    .expect("print settings"),
            )
            .await
            .expect("printed");
        assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
        let count = |needle: &[u8]| pdf.windows(needle.len()).filter(|w| *w == needle).count();
        let pages = count(b"/Type /Page") - count(b"/Type /Pages");
        assert!(pages >= 2, "{pages} pages");

        // A reload keeps it; the file carries it, and an import brings it back.
        b.reload().await;
        b.go("#/soa").await;
        b.wait_count("soa-row", 94).await;
        assert!(soa_row(&b, "A.5.7").await.contains("Risk treatment"));
        b.wait_count("soa-version", 2).await;
        let (path, first) = export(&b).await;
        let controls = first["data"]["controls"]
            .as_array()
            .expect("controls")
            .clone();
        assert_eq!(controls.len(), 94);
        let a57 = controls
            .iter()
            .find(|c| c["reference"] == "A.5.7")
            .expect("A.5.7");
        assert_eq!(a57["owner"], "Head of IT");
        let versions = first["data"]["approvals"].as_array().expect("approvals");
        assert_eq!(versions.len(), 2);
        assert_eq!(versions[0]["approved_by"], "Carla CISO");
        assert_eq!(versions[1]["version"], 2);
        assert_eq!(
            first["data"]["risks"][0]["controls"],
            serde_json::json!([isms::core::controls::annex_a::control_id("5.7")])
        );
        b.js("localStorage.clear(); return null;", vec![]).await;
        b.reload().await;
        b.enter_name("Bob Builder").await;
        b.go("#/soa").await;
        b.wait_count("soa-row", 93).await;
        b.choose_file(&path).await;
        b.click("import-confirm").await;
        b.wait_gone("import-confirm").await;
        b.go("#/soa").await;
        b.wait_count("soa-row", 94).await;
        assert!(soa_row(&b, "A.5.7").await.contains("Head of IT"));
        b.wait_count("soa-version", 2).await;
        b.wait_text("soa-standing", "This is version 2").await;
    })
    .await;
}

// ---------------------------------------------------------------------------
// Issue 11: a risk not assessed until scored, closed with a reason, its plan
// approved by its owner
// ---------------------------------------------------------------------------

/// The text of the register's attention list ("" when there is none).
async fn attention(b: &Browser) -> String {
    b.js(
        "const e = document.querySelector('[data-testid=risk-attention]'); return e ? e.textContent : '';",
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_risk_is_not_assessed_until_scored_its_plan_approved_and_closed_with_a_reason() {
    run("risk_assessed_approved_closed", |b| async move {
        b.start_app("Alice Auditor").await;
        // Recorded without scores: not assessed, listed, off the heat maps.
        b.go("#/risks/new").await;
        b.fill("risk-field-title", "Supplier outage").await;
        b.fill("risk-field-owner", "COO").await;
        assert_eq!(
            b.js("return document.querySelector('[data-testid=risk-field-inherent-likelihood]').value;", vec![]).await,
            "0"
        );
        b.wait_text("risk-guidance", "Not assessed yet").await;
        b.click("risk-save").await;
        b.wait_gone("risk-editor").await;
        b.wait_text("risk-row", "not assessed").await;
        b.wait_text("risk-attention", "not assessed yet: score its inherent and current risk")
            .await;
        for which in ["inherent", "current", "residual"] {
            let total = b
                .js(
                    &format!("return [...document.querySelectorAll('[data-testid^=heatmap-{which}-]')].map(e => parseInt(e.textContent) || 0).reduce((a, x) => a + x, 0);"),
                    vec![],
                )
                .await;
            assert_eq!(total, 0, "{which} heat map");
        }
        b.wait_text("heatmap-left-off", "1 risk not assessed yet").await;

        // Past "identified" it must be scored: refused beside the status.
        b.go("#/risks/R-0001").await;
        b.select("risk-field-status", "assessed").await;
        b.click("risk-save").await;
        b.wait_text("risk-editor", "until the risk is scored").await;
        // Focus goes to the field in error, not left on Save far below it.
        b.wait_focus("risk-field-status").await;
        assert_eq!(
            b.js("return document.querySelector('[data-testid=risk-field-status]').getAttribute('aria-invalid');", vec![]).await,
            "true"
        );
        // Half a score names the other half.
        b.select("risk-field-inherent-likelihood", "4").await;
        b.click("risk-save").await;
        b.wait_text("risk-editor", "Choose the impact of the inherent risk too").await;
        b.wait_focus("risk-field-inherent-likelihood").await;
        b.select("risk-field-inherent-impact", "4").await;
        b.select("risk-field-current-likelihood", "3").await;
        b.select("risk-field-current-impact", "3").await;
        // A plan, approved by the risk owner (the approver defaults to them).
        b.select("risk-field-treatment", "modify").await;
        b.fill("risk-field-treatment-rationale", "A second supplier.").await;
        b.select("risk-field-status", "in_treatment").await;
        b.click("risk-field-has-residual").await;
        b.select("risk-field-residual-likelihood", "1").await;
        b.select("risk-field-residual-impact", "1").await;
        b.click("risk-action-add").await;
        b.fill("risk-action-title", "Contract a second carrier").await;
        b.set_value("risk-action-due", "2099-06-30").await;
        b.click("risk-field-plan-approved").await;
        assert_eq!(
            b.js("return document.querySelector('[data-testid=risk-field-plan-approved-by]').value;", vec![]).await,
            "COO"
        );
        b.wait_text("risk-plan-approval-status", "Saving records the plan as approved").await;
        b.axe("risk-editor-plan-approval").await;
        b.click("risk-save").await;
        b.wait_gone("risk-editor").await;
        assert!(!attention(&b).await.contains("R-0001"), "assessed and planned");
        let stored = b.storage_get(KEY_ISMS).await.unwrap_or_default();
        assert!(!stored.is_empty());

        // The plan changes: its approval is asked for again.
        b.go("#/risks/R-0001").await;
        b.wait_text("risk-plan-approval-status", "was approved by COO").await;
        b.set_value("risk-action-due", "2099-09-30").await;
        b.wait_text("risk-plan-approval-status", "The plan changed since this approval")
            .await;
        b.click("risk-save").await;
        b.wait_gone("risk-editor").await;
        b.wait_text("risk-attention", "the treatment plan changed since the risk owner approved it")
            .await;
        b.go("#/risks/R-0001").await;
        b.click("risk-plan-approve-now").await;
        b.click("risk-save").await;
        b.wait_gone("risk-editor").await;
        b.wait_js(
            "the attention list to let the risk go",
            "!(document.querySelector('[data-testid=risk-attention]')?.textContent || '').includes('R-0001')",
        )
        .await;

        // Closed: only with a reason, and with its plan done or cancelled.
        b.go("#/risks/R-0001").await;
        b.select("risk-field-status", "closed").await;
        b.find("risk-field-closed-reason").await;
        b.select("risk-action-status", "cancelled").await;
        b.click("risk-save").await;
        b.wait_text("risk-editor", "Give the reason the risk is closed").await;
        b.fill("risk-field-closed-reason", "The supplier contract ended.").await;
        b.click("risk-save").await;
        b.wait_gone("risk-editor").await;
        b.wait_text("risk-row", "Closed").await;

        // All of it stays after a reload.
        b.wait_saved().await;
        b.reload().await;
        b.go("#/risks/R-0001").await;
        b.wait_js(
            "the reason closed after a reload",
            "document.querySelector('[data-testid=risk-field-closed-reason]')?.value === 'The supplier contract ended.'",
        )
        .await;
        assert!(checked(&b, "risk-field-plan-approved").await);
        b.screenshot("risk-closed").await;
    })
    .await;
}
