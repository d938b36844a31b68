#![cfg(not(target_arch = "wasm32"))]
//! Files are written byte for byte as the release before the code was
//! reshaped by domain wrote them: the exports and stored envelopes under
//! `tests/fixtures/golden/` were written by that release (0c3ea1a) from the
//! schema fixtures and from a generated ISMS with risks.

use isms::core::file::format;

fn at() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-12-01T08:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc)
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Reads `source`, writes it again, and compares with what the earlier
/// release wrote.
fn same_bytes(source: &str, golden: &str) {
    let imported = format::import(&fixture(source)).expect("imports");
    let export = format::export(&imported.isms, at(), "Golden");
    assert!(
        export == fixture(&format!("golden/{golden}.export.json")),
        "the export of {source} differs from what the earlier release wrote"
    );
    let store = format::store(&imported.isms, at());
    assert!(
        store == fixture(&format!("golden/{golden}.store.json")),
        "the stored envelope of {source} differs from what the earlier release wrote"
    );
}

#[test]
fn a_schema_1_file_is_exported_as_the_earlier_release_did() {
    same_bytes("schema-v1.json", "schema-v1");
}

#[test]
fn a_schema_2_file_is_exported_as_the_earlier_release_did() {
    same_bytes("schema-v2.json", "schema-v2");
}

#[test]
fn a_register_with_risks_is_exported_as_the_earlier_release_did() {
    same_bytes("golden/generated-40-60.export.json", "generated-40-60");
}
