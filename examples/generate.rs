//! Writes a generated ISMS as an export file, for demos and benchmarks.
//!
//! `cargo run --example generate -- [assets] [seed] > example.json`

fn main() {
    let mut args = std::env::args().skip(1);
    let assets = args.next().and_then(|a| a.parse().ok()).unwrap_or(40);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(42);
    let isms = isms::core::sample::generate(assets, seed);
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-30T09:00:00Z")
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_default();
    print!(
        "{}",
        isms::core::file::format::export(&isms, at, "Bastion example generator")
    );
}
