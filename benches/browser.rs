//! The benchmark: the release `dist/` in headless Chromium with a generated
//! ISMS of 5,000 assets and 10,000 risks over them. Run it with
//! `scripts/bench.sh` (docs/benchmark.md).
//!
//! It reports the size of what the browser downloads (raw, gzip, brotli) and,
//! as the median of a few runs (each in a fresh browser profile):
//! - import: the app's own `bastion:import` measure (parse, migrate, validate);
//! - save: `bastion:save` (serialise and write to localStorage) after the import;
//! - storage: characters in localStorage (keys and values);
//! - export: `bastion:export` (the pretty-printed file);
//! - first render of the asset list: from the hash change to `#/assets` until
//!   the frame after the first rows are in the page;
//! - open at `#/assets`: from navigation start (a reload) until the frame
//!   after the first rows are in the page, and `bastion:load` inside it
//!   (read and parse the stored ISMS);
//! - a keystroke in the asset search: from the input event to the next frame;
//! - risks: recomputing every level (`bastion:risk-levels`) and every row of
//!   the register (`bastion:risk-rows`: levels, review dates, flags, search
//!   text), the first render of the register, a keystroke in its search
//!   (`bastion:risk-filter` inside it), and opening the app at `#/risks`.
//!
//! Options: `--assets N` (5000), `--risks N` (10000), `--seed N` (42), `--runs N` (5),
//! `--out PATH` (target/bench.md), `--profile DIR` (a CPU profile of the register's
//! keystrokes per run, for DevTools: `DIR/risk-keys-N.cpuprofile`).
#![cfg(not(target_arch = "wasm32"))]

#[path = "../tests/browser/mod.rs"]
mod browser;

use browser::{Browser, Rig};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

struct Options {
    assets: usize,
    risks: usize,
    seed: u64,
    runs: usize,
    out: PathBuf,
    /// Where to write a CPU profile of the register's keystrokes (`--profile DIR`).
    profile: Option<PathBuf>,
    /// Only the first and later visits (`--visits-only`).
    visits_only: bool,
}

fn options() -> Options {
    let mut o = Options {
        assets: 5000,
        risks: 10_000,
        seed: 42,
        runs: 5,
        out: browser::root().join("target/bench.md"),
        profile: None,
        visits_only: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--assets" => o.assets = value().parse().expect("--assets N"),
            "--risks" => o.risks = value().parse().expect("--risks N"),
            "--seed" => o.seed = value().parse().expect("--seed N"),
            "--runs" => o.runs = value().parse::<usize>().expect("--runs N").max(1),
            "--out" => o.out = PathBuf::from(value()),
            "--profile" => o.profile = Some(PathBuf::from(value())),
            "--visits-only" => o.visits_only = true,
            // cargo bench passes --bench to harness-less benchmarks.
            "--bench" => {}
            other => {
                panic!("unknown option {other} (use --assets, --risks, --seed, --runs, --out, --profile, --visits-only)")
            }
        }
    }
    o
}

// ---------------------------------------------------------------------------
// Sizes
// ---------------------------------------------------------------------------

/// Compressed size through a command line tool reading stdin, if it is there.
fn compressed(tool: &str, args: &[&str], path: &Path) -> Option<u64> {
    let out = Command::new(tool).args(args).arg(path).output().ok()?;
    out.status.success().then_some(out.stdout.len() as u64)
}

#[derive(Default, Clone, Copy)]
struct Size {
    raw: u64,
    gzip: Option<u64>,
    brotli: Option<u64>,
}

impl std::ops::AddAssign for Size {
    fn add_assign(&mut self, o: Size) {
        self.raw += o.raw;
        self.gzip = self.gzip.zip(o.gzip).map(|(a, b)| a + b);
        self.brotli = self.brotli.zip(o.brotli).map(|(a, b)| a + b);
    }
}

fn size_of(path: &Path) -> Size {
    Size {
        raw: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        gzip: compressed("gzip", &["-9", "-c"], path),
        brotli: compressed("brotli", &["-q", "11", "-c"], path),
    }
}

/// A figure of the download budget, `budget.toml` (KB of 1,024 bytes,
/// brotli): the one place it is written; `scripts/budget.sh` enforces it.
fn budget_kb(key: &str) -> u64 {
    let path = browser::root().join("budget.toml");
    let text = std::fs::read_to_string(&path).expect("read budget.toml");
    text.lines()
        .filter_map(|l| l.split_once('='))
        .find(|(k, _)| k.trim() == key)
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("budget.toml has no whole number for {key}"))
}

fn kb(n: Option<u64>) -> String {
    n.map(|n| format!("{:.1} KB", n as f64 / 1024.0))
        .unwrap_or_else(|| "n/a".into())
}

/// Copies `from` to `to` with a brotli copy (`name.br`) beside each file.
fn copy_packed(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("make the folder");
    for e in std::fs::read_dir(from).expect("read dist/").flatten() {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if src.is_dir() {
            copy_packed(&src, &dst);
            continue;
        }
        std::fs::copy(&src, &dst).expect("copy a file");
        let status = Command::new("brotli")
            .args(["-q", "11", "-f", "-o"])
            .arg(format!("{}.br", dst.display()))
            .arg(&dst)
            .status()
            .expect("run brotli (scripts/setup.sh --bench)");
        assert!(status.success(), "brotli {}", dst.display());
    }
}

/// Sizes of the files in `dist/`, grouped: (label, size).
fn dist_sizes(dist: &Path) -> Vec<(String, Size)> {
    // Every file, folders included, but the install icons (icons/*.png),
    // which the page does not load (budget.toml).
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if !(p.parent().is_some_and(|d| d.ends_with("icons"))
                && p.extension().is_some_and(|x| x == "png"))
            {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(dist, &mut files);
    files.sort();
    let mut wasm = Size {
        gzip: Some(0),
        brotli: Some(0),
        ..Size::default()
    };
    let mut js = wasm;
    let mut other = wasm;
    let mut total = wasm;
    let mut js_names = Vec::new();
    let mut other_names = Vec::new();
    for f in &files {
        let s = size_of(f);
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match f.extension().and_then(|e| e.to_str()) {
            Some("wasm") => wasm += s,
            Some("js") => {
                js += s;
                js_names.push(name);
            }
            _ => {
                other += s;
                other_names.push(name);
            }
        }
        total += s;
    }
    vec![
        ("WebAssembly".into(), wasm),
        (format!("JavaScript ({})", js_names.join(", ")), js),
        (
            format!("HTML, CSS, icon ({})", other_names.join(", ")),
            other,
        ),
        ("whole page (all of dist/)".into(), total),
    ]
}

// ---------------------------------------------------------------------------
// Browser measurements
// ---------------------------------------------------------------------------

/// The figures of one run, in milliseconds unless named otherwise.
#[derive(Default, Clone)]
struct Run {
    import_ms: f64,
    save_ms: f64,
    storage_chars: f64,
    export_ms: f64,
    render_nav_ms: f64,
    open_ms: f64,
    load_ms: f64,
    keystroke_ms: f64,
    keystroke_max_ms: f64,
    risk_levels_ms: f64,
    risk_rows_ms: f64,
    risk_render_ms: f64,
    soa_render_ms: f64,
    risk_open_ms: f64,
    risk_load_ms: f64,
    risk_key_ms: f64,
    risk_key_max_ms: f64,
    risk_filter_ms: f64,
    risk_plain_ms: f64,
    risk_ratio: f64,
    visit_cold_ms: f64,
    visit_warm_ms: f64,
    visit_raw_cold_ms: f64,
    single_open_ms: f64,
}

/// The duration of the latest `performance.measure` named `name`.
async fn measure(b: &Browser, name: &str) -> f64 {
    let v = b
        .js(
            "const e = performance.getEntriesByName(arguments[0]); return e.length ? e[e.length - 1].duration : null;",
            vec![json!(name)],
        )
        .await;
    v.as_f64()
        .unwrap_or_else(|| panic!("the app recorded no performance measure {name}"))
}

/// Installed before the app starts on every page load: notes when the first
/// asset row enters the page, and the frame after it.
const OPEN_PROBE: &str = r#"
(() => {
  const seen = () => {
    if (window.__benchRowsAt || !document.querySelector('[data-testid="asset-row"], [data-testid="risk-row"]')) return false;
    window.__benchRowsAt = performance.now();
    requestAnimationFrame(() => setTimeout(() => { window.__benchRowsPaintedAt = performance.now(); }, 0));
    return true;
  };
  const watch = () => {
    const mo = new MutationObserver(() => { if (seen()) mo.disconnect(); });
    mo.observe(document.documentElement, { childList: true, subtree: true });
  };
  if (document.documentElement) watch(); else document.addEventListener('readystatechange', watch, { once: true });
})();
"#;

/// Installed before a visit's page runs: the time from navigation start to
/// the frame after the app's first page is drawn (the name prompt of a
/// fresh profile, or any page's heading), in `window.__benchVisitAt`.
const VISIT_PROBE: &str = r#"
(() => {
  const seen = () => {
    if (window.__benchVisitSeen || !document.querySelector('[data-testid="actor-name"], main h1')) return false;
    window.__benchVisitSeen = true;
    requestAnimationFrame(() => setTimeout(() => { window.__benchVisitAt = performance.now(); }, 0));
    return true;
  };
  const watch = () => {
    const mo = new MutationObserver(() => { if (seen()) mo.disconnect(); });
    mo.observe(document.documentElement, { childList: true, subtree: true });
  };
  if (document.documentElement) watch(); else document.addEventListener('readystatechange', watch, { once: true });
})();
"#;

/// The network of the visit benchmark: 10 Mbit/s each way, 40 ms round trip.
const THROTTLE_BYTES_PER_S: f64 = 10_000_000.0 / 8.0;
const THROTTLE_LATENCY_MS: f64 = 40.0;

/// A first visit (fresh profile, nothing cached) and a later one (the same
/// profile, the app's files from the service worker's cache), both on the
/// throttled network, to the first drawn page: (cold ms, warm ms). With
/// `packed`, that folder is served: dist/ with a brotli copy of each file.

async fn visits(run: usize, packed: Option<&Path>) -> (f64, f64) {
    let rig = Rig::start(&format!("bench-visit-{run}")).await;
    let b = rig.browser.clone();
    if let Some(dir) = packed {
        b.serve_from(dir.to_path_buf());
    }
    b.client.goto("about:blank").await.expect("a blank page");
    b.cdp("Network.enable", json!({})).expect("Network.enable");
    b.cdp(
        "Network.emulateNetworkConditions",
        json!({
            "offline": false,
            "latency": THROTTLE_LATENCY_MS,
            "downloadThroughput": THROTTLE_BYTES_PER_S,
            "uploadThroughput": THROTTLE_BYTES_PER_S,
        }),
    )
    .expect("throttle the network");
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": VISIT_PROBE }),
    )
    .expect("install the probe");
    b.client.goto(&b.base).await.expect("the first visit");
    let cold = b
        .wait_js("the first visit's page", "window.__benchVisitAt")
        .await;
    // The worker has kept the release before the next visit.
    b.wait_js(
        "the service worker to control the page",
        "navigator.serviceWorker.controller !== null",
    )
    .await;
    b.js_await("caches.keys().then((k) => Promise.all(k.map((n) => caches.open(n).then((c) => c.keys())))).then((l) => l.flat().length)")
        .await;
    b.client.goto("about:blank").await.expect("leave the app");
    b.client.goto(&b.base).await.expect("the later visit");
    let warm = b
        .wait_js("the later visit's page", "window.__benchVisitAt")
        .await;
    rig.close().await;
    (
        cold.as_f64().unwrap_or(f64::NAN),
        warm.as_f64().unwrap_or(f64::NAN),
    )
}

/// The single-file edition opened from disk in a fresh profile: navigation
/// start to the frame after its first page (ms), or `None` when
/// `dist-single/bastion.html` is not there (scripts/single-file.sh).
async fn single_file_open(run: usize) -> Option<f64> {
    let file = browser::root().join("dist-single/bastion.html");
    if !file.is_file() {
        return None;
    }
    let rig = Rig::start(&format!("bench-single-{run}")).await;
    let b = rig.browser.clone();
    b.client.goto("about:blank").await.expect("a blank page");
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": VISIT_PROBE }),
    )
    .expect("install the probe");
    b.client
        .goto(&format!("file://{}", file.display()))
        .await
        .expect("open the single file");
    let at = b
        .wait_js("the single file's page", "window.__benchVisitAt")
        .await;
    rig.close().await;
    at.as_f64()
}

/// From a hash change to `arguments[0]` until the frame after the first
/// row (`data-testid` `arguments[1]`) appears.
const NAV_RENDER: &str = r#"
const done = arguments[arguments.length - 1];
const [hash, row] = arguments;
const t0 = performance.now();
const check = () => {
  if (document.querySelector(`[data-testid="${row}"]`)) {
    requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
    return true;
  }
  return false;
};
const mo = new MutationObserver(() => { if (check()) mo.disconnect(); });
mo.observe(document.body, { childList: true, subtree: true });
location.hash = hash;
"#;

/// Times each keystroke of a search, from the input event to the frame
/// after it (installed once; results in `window.__benchKeys`). When
/// `arguments[1]` names a table, the rows it shows after each keystroke are
/// also noted (`window.__benchShown`, as `[tag, attributes, ...children]`
/// with text as strings), after the time is taken, for the plain table.
const KEY_PROBE: &str = r#"
const input = document.querySelector(`[data-testid="${arguments[0]}"]`);
const table = arguments[1];
const describe = (n) => n.nodeType === 3 ? n.data
  : [n.tagName.toLowerCase(), Object.fromEntries([...n.attributes].map(a => [a.name, a.value])), ...[...n.childNodes].filter(c => c.nodeType === 1 || c.nodeType === 3).map(describe)];
window.__benchKeys = [];
window.__benchShown = [];
input.addEventListener('input', (ev) => {
  const t0 = ev.timeStamp;
  requestAnimationFrame(() => setTimeout(() => {
    window.__benchKeys.push(performance.now() - t0);
    if (table) {
      const body = document.querySelector(`[data-testid="${table}"] tbody`);
      window.__benchShown.push(body ? [...body.children].map(describe) : []);
    }
  }, 0));
}, { capture: true });
return true;
"#;

/// The baseline for a keystroke: the rows the app showed after each
/// keystroke (`window.__benchShown`), drawn by plain JavaScript
/// (`createElement`, attributes, text, one new `<tbody>` swapped in) into a
/// plain copy of the table (`arguments[0]`) in its place on the same page,
/// with the same classes and styles; each from the start of the drawing to
/// the frame after it, as the keystroke is timed. Every set of rows is drawn
/// twice, alternating; the app's table is put back afterwards.
const PLAIN_TABLE: &str = r#"
const done = arguments[arguments.length - 1];
const app = document.querySelector(`[data-testid="${arguments[0]}"]`);
const shown = window.__benchShown.filter(rows => rows.length);
const build = (d) => {
  if (typeof d === 'string') return document.createTextNode(d);
  const [tag, attrs, ...kids] = d;
  const e = document.createElement(tag);
  // Styles through the CSSOM, as the app sets them (the CSP forbids style attributes).
  for (const k in attrs) if (k === 'style') e.style.cssText = attrs[k]; else if (k !== 'data-testid') e.setAttribute(k, attrs[k]);
  for (const c of kids) e.appendChild(build(c));
  return e;
};
const plain = document.createElement('table');
plain.className = app.className;
plain.appendChild(app.tHead.cloneNode(true));
plain.appendChild(document.createElement('tbody'));
app.parentNode.insertBefore(plain, app);
app.style.display = 'none';
const times = [];
const sets = shown.concat(shown);
const next = (k) => {
  if (k === sets.length) {
    plain.remove();
    app.style.display = '';
    done(times);
    return;
  }
  const t0 = performance.now();
  const body = document.createElement('tbody');
  for (const row of sets[k]) body.appendChild(build(row));
  plain.replaceChild(body, plain.tBodies[0]);
  requestAnimationFrame(() => setTimeout(() => { times.push(performance.now() - t0); setTimeout(() => next(k + 1), 50); }, 0));
};
setTimeout(() => next(0), 100);
"#;

/// Types `query` into the search box `id` one key at a time; the time of
/// each keystroke from its input event to the frame after it. With
/// `table`, the rows it shows after each are noted for [`PLAIN_TABLE`].
async fn keystrokes(b: &Browser, id: &str, query: &str, table: Option<&str>) -> Vec<f64> {
    b.js(KEY_PROBE, vec![json!(id), json!(table)]).await;
    let search = b.find(id).await;
    for ch in query.chars() {
        let typed = b
            .js("return window.__benchKeys.length;", vec![])
            .await
            .as_u64()
            .unwrap_or(0);
        search
            .send_keys(&ch.to_string())
            .await
            .expect("type in the search");
        b.wait_js(
            "the keystroke's frame",
            &format!("window.__benchKeys.length > {typed}"),
        )
        .await;
    }
    b.js("return window.__benchKeys;", vec![])
        .await
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

/// The times [`PLAIN_TABLE`] takes to draw the rows noted by the last
/// [`keystrokes`] over the table `table`.
async fn plain_table(b: &Browser, table: &str) -> Vec<f64> {
    let times = b
        .client
        .execute_async(PLAIN_TABLE, vec![json!(table)])
        .await
        .expect("draw the plain table");
    let times: Vec<f64> = times
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    assert!(!times.is_empty(), "the plain table drew no rows");
    times
}

async fn one_run(
    file: &Path,
    n_assets: usize,
    n_risks: usize,
    run: usize,
    profile: Option<&Path>,
) -> Run {
    let rig = Rig::start(&format!("bench-{run}")).await;
    let b = rig.browser.clone();
    let mut r = Run::default();

    b.start_app("Benchmark").await;
    // Import the generated file.
    b.choose_file(file).await;
    b.find("import-confirm").await;
    r.import_ms = measure(&b, "bastion:import").await;
    b.click("import-confirm").await;
    b.wait_gone("import-confirm").await;
    b.wait_saved().await;
    r.save_ms = measure(&b, "bastion:save").await;
    r.storage_chars = b.storage_chars().await as f64;

    // Export it again.
    let before = b.downloaded();
    b.click("export-button").await;
    let exported = b.wait_download(&before, ".json").await;
    r.export_ms = measure(&b, "bastion:export").await;
    let text = std::fs::read_to_string(&exported).unwrap_or_default();
    let back: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    assert_eq!(
        back["data"]["assets"].as_array().map(Vec::len),
        Some(n_assets),
        "the export lost assets"
    );
    assert_eq!(
        back["data"]["risks"].as_array().map(Vec::len),
        Some(n_risks),
        "the export lost risks"
    );

    // First render of the asset list, navigating from the overview.
    b.go("#/").await;
    b.wait_js(
        "the overview",
        "location.hash === '#/' && !document.querySelector('[data-testid=\"asset-row\"]')",
    )
    .await;
    r.render_nav_ms = b
        .client
        .execute_async(NAV_RENDER, vec![json!("#/assets"), json!("asset-row")])
        .await
        .expect("time the asset list")
        .as_f64()
        .unwrap_or(f64::NAN);
    b.wait_count("asset-row", browser_page_rows(n_assets)).await;

    // Open the app at #/assets: reload with a probe installed before the app runs.
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": OPEN_PROBE }),
    )
    .expect("install the probe");
    b.client.refresh().await.expect("reload");
    let painted = b
        .wait_js("the first rows after reload", "window.__benchRowsPaintedAt")
        .await;
    r.open_ms = painted.as_f64().unwrap_or(f64::NAN);
    r.load_ms = measure(&b, "bastion:load").await;

    // Keystrokes in the asset search.
    let query = "backup";
    let keys = keystrokes(&b, "asset-search", query, None).await;
    r.keystroke_ms = median(&keys);
    r.keystroke_max_ms = keys.iter().cloned().fold(f64::NAN, f64::max);
    // The search did filter: every row shown matches.
    let rows = b.all("asset-row").await;
    assert!(!rows.is_empty(), "the search for {query:?} shows no asset");
    for row in rows.iter().take(5) {
        let t = row.text().await.unwrap_or_default().to_lowercase();
        assert!(t.contains(query), "row {t:?} does not match {query:?}");
    }

    // The risk register: first render from the overview.
    b.go("#/").await;
    b.wait_js("the overview", "location.hash === '#/'").await;
    r.risk_render_ms = b
        .client
        .execute_async(NAV_RENDER, vec![json!("#/risks"), json!("risk-row")])
        .await
        .expect("time the register")
        .as_f64()
        .unwrap_or(f64::NAN);
    b.wait_count("risk-row", n_risks.min(50)).await;
    r.risk_levels_ms = measure(&b, "bastion:risk-levels").await;
    r.risk_rows_ms = measure(&b, "bastion:risk-rows").await;
    // The Statement of Applicability: first render from the overview (the
    // sample's 93 Annex A controls and its own one, each with its risks;
    // the checks and progress).
    b.go("#/").await;
    b.wait_js("the overview", "location.hash === '#/'").await;
    r.soa_render_ms = b
        .client
        .execute_async(NAV_RENDER, vec![json!("#/soa"), json!("soa-row")])
        .await
        .expect("time the SoA")
        .as_f64()
        .unwrap_or(f64::NAN);
    b.wait_count("soa-row", 94).await;
    b.go("#/risks").await;
    b.wait_count("risk-row", n_risks.min(50)).await;
    // Keystrokes in the register's search.
    let query = "ransom";
    if profile.is_some() {
        b.cdp("Profiler.enable", json!({}))
            .expect("Profiler.enable");
        b.cdp("Profiler.setSamplingInterval", json!({ "interval": 100 }))
            .expect("Profiler.setSamplingInterval");
        b.cdp("Profiler.start", json!({})).expect("Profiler.start");
    }
    let keys = keystrokes(&b, "risk-search", query, Some("risk-table")).await;
    if let Some(dir) = profile {
        let p = b.cdp("Profiler.stop", json!({})).expect("Profiler.stop");
        std::fs::create_dir_all(dir).expect("the profile directory");
        let file = dir.join(format!("risk-keys-{run}.cpuprofile"));
        std::fs::write(&file, p["profile"].to_string()).expect("write the profile");
        eprintln!(
            "bench: CPU profile of the register's keystrokes in {}",
            file.display()
        );
    }
    r.risk_key_ms = median(&keys);
    r.risk_key_max_ms = keys.iter().cloned().fold(f64::NAN, f64::max);
    r.risk_filter_ms = measure(&b, "bastion:risk-filter").await;
    // The same rows drawn by plain JavaScript, in the same place.
    let plain = plain_table(&b, "risk-table").await;
    r.risk_plain_ms = median(&plain);
    r.risk_ratio = r.risk_key_ms / r.risk_plain_ms;
    let rows = b.all("risk-row").await;
    assert!(!rows.is_empty(), "the search for {query:?} shows no risk");
    // Open the app at #/risks (the probe is still installed).
    b.js("window.__benchRowsAt = 0; return null;", vec![]).await;
    b.go("#/risks").await;
    b.client.refresh().await.expect("reload");
    let painted = b
        .wait_js(
            "the first risks after reload",
            "window.__benchRowsPaintedAt",
        )
        .await;
    r.risk_open_ms = painted.as_f64().unwrap_or(f64::NAN);
    r.risk_load_ms = measure(&b, "bastion:load").await;
    b.wait_count("risk-row", n_risks.min(50)).await;

    let problems: Vec<String> = b
        .console()
        .iter()
        .filter(|e| e.is_csp_violation() || e.is_panic())
        .map(|e| e.to_string())
        .collect();
    rig.close().await;
    assert!(
        problems.is_empty(),
        "the browser console shows problems:\n{}",
        problems.join("\n")
    );
    r
}

/// How many rows the asset list shows at once (one page).
fn browser_page_rows(n_assets: usize) -> usize {
    n_assets.min(50)
}

fn median(v: &[f64]) -> f64 {
    let mut v: Vec<f64> = v.iter().cloned().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

fn chromium_version() -> String {
    Command::new(std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()))
        .arg("--version")
        .output()
        .ok()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| "Chromium (version unknown)".into())
}

/// `5242880` as `5,242,880`.
fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let o = options();
    let dist = browser::ensure_dist();

    // The generated ISMS as an export file.
    let mut isms = isms::core::sample::generate(o.assets, o.seed);
    isms::core::sample::add_risks(&mut isms, o.risks, o.seed + 1);
    let at = chrono::DateTime::parse_from_rfc3339("2026-01-15T09:00:00Z")
        .expect("time")
        .with_timezone(&chrono::Utc);
    let text = isms::core::file::format::export(&isms, at, "Bastion benchmark");
    let dir = browser::root().join("target/bench");
    std::fs::create_dir_all(&dir).expect("target/bench");
    let file = dir.join(format!("isms-{}-assets-{}-risks.json", o.assets, o.risks));
    std::fs::write(&file, &text).expect("write the generated file");
    eprintln!(
        "[bench] {} assets, {} risks, {:.1} MB export file: {}",
        o.assets,
        o.risks,
        text.len() as f64 / 1_048_576.0,
        file.display()
    );

    // dist/ as a static host with compression serves it: each file also as
    // `name.br` (brotli -q 11), sent to a browser that accepts it.
    let packed = dir.join("dist-brotli");
    let _ = std::fs::remove_dir_all(&packed);
    copy_packed(&dist, &packed);

    let mut runs = Vec::new();
    for i in 1..=o.runs {
        eprintln!("[bench] run {i}/{}", o.runs);
        let mut r = if o.visits_only {
            Run::default()
        } else {
            one_run(&file, o.assets, o.risks, i, o.profile.as_deref()).await
        };
        (r.visit_cold_ms, r.visit_warm_ms) = visits(i, Some(&packed)).await;
        (r.visit_raw_cold_ms, _) = visits(i, None).await;
        r.single_open_ms = single_file_open(i).await.unwrap_or(f64::NAN);
        runs.push(r);
    }

    let sizes = dist_sizes(&dist);
    let mut md = String::new();
    md.push_str(&format!(
        "# Bastion benchmark\n\nRelease `dist/` in headless {} on {} CPU cores; a generated ISMS of {} assets and {} risks over them (`sample::generate({}, {})` and `sample::add_risks(.., {}, {})`), export file {:.1} MB. Times are the median of {} run{}, each in a fresh browser profile (min – max in brackets).\n\n",
        chromium_version(),
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        group(o.assets as u64),
        group(o.risks as u64),
        o.assets,
        o.seed,
        o.risks,
        o.seed + 1,
        text.len() as f64 / 1_048_576.0,
        o.runs,
        if o.runs == 1 { "" } else { "s" }
    ));
    md.push_str("## Download size\n\n| What | Raw | gzip -9 | brotli -q 11 |\n| --- | ---: | ---: | ---: |\n");
    for (label, s) in &sizes {
        md.push_str(&format!(
            "| {label} | {} | {} | {} |\n",
            kb(Some(s.raw)),
            kb(s.gzip),
            kb(s.brotli)
        ));
    }
    if let Some((_, total)) = sizes.last() {
        let page = budget_kb("page_kb");
        let verdict = match total.brotli {
            Some(b) if b <= page * 1024 => format!(
                "within the budget of {page} KB brotli ({:.1} KB spare; `budget.toml`)",
                (page * 1024 - b) as f64 / 1024.0
            ),
            Some(b) => format!(
                "OVER the budget of {page} KB brotli by {:.1} KB (`budget.toml`)",
                (b - page * 1024) as f64 / 1024.0
            ),
            None => "brotli size unknown (run scripts/setup.sh --bench)".into(),
        };
        md.push_str(&format!(
            "\nThe whole page is {verdict}; the ceiling for the complete app is {} KB.\n",
            budget_kb("complete_app_kb")
        ));
    }

    let single = browser::root().join("dist-single/bastion.html");
    if single.is_file() {
        let s = size_of(&single);
        md.push_str(&format!(
            "\nThe single-file edition, `dist-single/bastion.html`: {} raw ({} gzip -9, {} brotli -q 11).\n",
            kb(Some(s.raw)),
            kb(s.gzip),
            kb(s.brotli)
        ));
    }

    let stat = |f: fn(&Run) -> f64| {
        let v: Vec<f64> = runs.iter().map(f).collect();
        let lo = v.iter().cloned().fold(f64::INFINITY, f64::min);
        let hi = v.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        (median(&v), lo, hi)
    };
    let ms = |(m, lo, hi): (f64, f64, f64)| format!("{m:.1} ms ({lo:.1} – {hi:.1})");
    md.push_str(&format!(
        "\n## Timings with {} assets and {} risks\n\n| Measure | Median (min – max) |\n| --- | ---: |\n",
        group(o.assets as u64),
        group(o.risks as u64)
    ));
    let rows: Vec<(&str, String)> = vec![
        (
            "Import: parse, migrate, validate (`bastion:import`)",
            ms(stat(|r| r.import_ms)),
        ),
        (
            "Save to localStorage (`bastion:save`)",
            ms(stat(|r| r.save_ms)),
        ),
        (
            "Export: the pretty-printed file (`bastion:export`)",
            ms(stat(|r| r.export_ms)),
        ),
        (
            "First render of the asset list (hash change → frame after the rows)",
            ms(stat(|r| r.render_nav_ms)),
        ),
        (
            "Open the app at `#/assets` (navigation start → frame after the rows)",
            ms(stat(|r| r.open_ms)),
        ),
        (
            "… of which load from storage (`bastion:load`)",
            ms(stat(|r| r.load_ms)),
        ),
        (
            "Asset search keystroke (input event → next frame), median of 6 keys",
            ms(stat(|r| r.keystroke_ms)),
        ),
        (
            "Asset search keystroke, slowest of 6 keys",
            ms(stat(|r| r.keystroke_max_ms)),
        ),
        (
            "Recompute every risk level (`bastion:risk-levels`; goal < 10 ms)",
            ms(stat(|r| r.risk_levels_ms)),
        ),
        (
            "Recompute every register row: levels, review dates, flags, search text (`bastion:risk-rows`)",
            ms(stat(|r| r.risk_rows_ms)),
        ),
        (
            "First render of the risk register (hash change → frame after the rows)",
            ms(stat(|r| r.risk_render_ms)),
        ),
        (
            "First render of the Statement of Applicability, 94 controls over the register (hash change → frame after the rows)",
            ms(stat(|r| r.soa_render_ms)),
        ),
        (
            "Risk search keystroke (input event → next frame), median of 6 keys; goal ≤ 16 ms",
            ms(stat(|r| r.risk_key_ms)),
        ),
        (
            "Risk search keystroke, slowest of 6 keys",
            ms(stat(|r| r.risk_key_max_ms)),
        ),
        (
            "… of which the filter and sort of the register (`bastion:risk-filter`, last key)",
            ms(stat(|r| r.risk_filter_ms)),
        ),
        (
            "The same 50 rows drawn by plain JavaScript in the same page (start → next frame), median of 12",
            ms(stat(|r| r.risk_plain_ms)),
        ),
        (
            "Risk search keystroke ÷ plain JavaScript table (goal ≤ 1.3)",
            {
                let (m, lo, hi) = stat(|r| r.risk_ratio);
                format!("{m:.2}x ({lo:.2} – {hi:.2})")
            },
        ),
        (
            "First visit, nothing cached, network 10 Mbit/s and 40 ms round trip, files served brotli-encoded (navigation start → frame after the first page)",
            ms(stat(|r| r.visit_cold_ms)),
        ),
        (
            "… the same, files served uncompressed",
            ms(stat(|r| r.visit_raw_cold_ms)),
        ),
        (
            "Later visit, the files from the service worker's cache, same network",
            ms(stat(|r| r.visit_warm_ms)),
        ),
        (
            "The single-file edition opened from disk, fresh profile (navigation start → frame after the first page; n/a without dist-single/)",
            ms(stat(|r| r.single_open_ms)),
        ),
        (
            "Reload at `#/risks` (navigation start → frame after the rows)",
            ms(stat(|r| r.risk_open_ms)),
        ),
        (
            "… of which load from storage (`bastion:load`)",
            ms(stat(|r| r.risk_load_ms)),
        ),
    ];
    for (label, v) in rows {
        if o.visits_only
            && !(label.contains("visit")
                || label.contains("served uncompressed")
                || label.contains("single-file"))
        {
            continue;
        }
        md.push_str(&format!("| {label} | {v} |\n"));
    }
    let chars = stat(|r| r.storage_chars).0;
    if !o.visits_only {
        md.push_str(&format!(
        "\nStorage used: {} characters in localStorage, keys and values ({:.1}% of Chromium's 5,242,880).\n",
        group(chars as u64),
        chars / 5_242_880.0 * 100.0
        ));
    }

    println!("{md}");
    if let Some(parent) = o.out.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    std::fs::write(&o.out, &md).expect("write the report");
    eprintln!("[bench] written to {}", o.out.display());
}
