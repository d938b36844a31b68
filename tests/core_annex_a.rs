//! The shipped Annex A list is exactly the reference list (ids, themes and
//! short titles of ISO/IEC 27001:2022 Annex A, `tests/fixtures/annex-a-2022.tsv`).

use isms::core::controls::annex_a::{theme, CONTROLS};

#[test]
fn annex_a_matches_the_reference_list() {
    let tsv = include_str!("fixtures/annex-a-2022.tsv");
    let rows: Vec<Vec<&str>> = tsv
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(rows.len(), 93);
    assert_eq!(CONTROLS.len(), 93);
    for (row, (id, title)) in rows.iter().zip(CONTROLS) {
        assert_eq!(row[0], format!("A.{id}"));
        assert_eq!(row[2], *title);
        assert_eq!(theme(id), Some(row[1]), "theme of {id}");
    }
    assert_eq!(theme("A.8.13"), Some("Technological"));
    assert_eq!(theme("9.1"), None);
}
