//! A real-browser rig shared by the end-to-end tests (`tests/e2e.rs`) and the
//! benchmark (`benches/browser.rs`).
//!
//! [`Rig::start`] makes sure the release `dist/` is built, serves it on
//! 127.0.0.1 with a small static file server, starts chromedriver on a free
//! port and opens headless Chromium with a fresh profile and download folder.
//! Dropping the rig ends Chromium, chromedriver and the server, and removes
//! the temporary folders: also when a test panics or times out.
//!
//! [`run`] is the entry point of a test: it starts a rig, runs the scenario
//! with a time limit, checks the browser console (no Content-Security-Policy
//! violation, no panic), closes the browser and only then reports a failure.
//!
//! Waiting is always on a condition ([`Browser::wait_until`] polls with a
//! time limit); there are no fixed sleeps.
#![allow(dead_code)]

use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::future::Future;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

/// How long a single wait may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(20);
/// How long a whole scenario may take.
pub const SCENARIO_LIMIT: Duration = Duration::from_secs(240);
/// The text of the header's save status once everything is stored.
pub const SAVED: &str = "All changes saved in this browser";

/// The project folder (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `PATH` with the project's tools first (trunk, wasm-bindgen, wasm-opt).
pub fn tool_path() -> String {
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let path = std::env::var("PATH").unwrap_or_default();
    format!(
        "{home}/.cargo/bin:{}/.tools/node_modules/.bin:{path}",
        root().display()
    )
}

// ---------------------------------------------------------------------------
// The release build
// ---------------------------------------------------------------------------

fn newest_mtime(path: &Path) -> Option<SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    let mut newest = meta.modified().ok();
    if meta.is_dir() {
        for entry in std::fs::read_dir(path).ok()?.flatten() {
            if let Some(t) = newest_mtime(&entry.path()) {
                newest = Some(newest.map_or(t, |n| n.max(t)));
            }
        }
    }
    newest
}

/// Whether `dist/index.html` is missing or older than any source of the build.
pub fn dist_is_stale() -> bool {
    let root = root();
    let Some(built) = std::fs::metadata(root.join("dist/index.html"))
        .and_then(|m| m.modified())
        .ok()
    else {
        return true;
    };
    [
        "src",
        "index.html",
        "style",
        "public",
        "Trunk.toml",
        "Cargo.toml",
        "Cargo.lock",
    ]
    .iter()
    .filter_map(|p| newest_mtime(&root.join(p)))
    .any(|t| t > built)
}

/// The release `dist/`, built with `trunk build --release` only when it is
/// missing or older than the sources (`scripts/test.sh` builds it first, so
/// the tests normally reuse that build). Built at most once per process.
/// `BASTION_DIST=/some/folder` serves that folder as it is instead.
pub fn ensure_dist() -> PathBuf {
    static DIST: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let result = DIST.get_or_init(|| {
        if let Some(dir) = std::env::var_os("BASTION_DIST").filter(|d| !d.is_empty()) {
            let dir = PathBuf::from(dir);
            return if dir.join("index.html").is_file() {
                Ok(dir)
            } else {
                Err(format!("BASTION_DIST={} has no index.html", dir.display()))
            };
        }
        let root = root();
        if dist_is_stale() {
            eprintln!(
                "[rig] dist/ is missing or older than the sources: running trunk build --release"
            );
            let out = Command::new("trunk")
                .args(["build", "--release"])
                .current_dir(&root)
                .env("PATH", tool_path())
                .output()
                .map_err(|e| format!("could not run trunk (run scripts/setup.sh): {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "trunk build --release failed:\n{}\n{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
        Ok(root.join("dist"))
    });
    match result {
        Ok(p) => p.clone(),
        Err(e) => panic!("{e}"),
    }
}

// ---------------------------------------------------------------------------
// A static file server
// ---------------------------------------------------------------------------

/// The Content-Type of a file, by its extension.
pub fn mime_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Serves a folder on 127.0.0.1 (a free port) until dropped.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// Paths requested that were not found.
    pub missing: Arc<Mutex<Vec<String>>>,
    /// While set, every connection is closed unanswered, as by a server
    /// that is gone (the browser sees a network error).
    pub down: Arc<AtomicBool>,
    /// The folder served: [`Browser::serve_from`] changes it (a new release
    /// on the server).
    pub dir: Arc<Mutex<PathBuf>>,
}

impl Server {
    pub fn start(dir: PathBuf) -> io::Result<Server> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let missing = Arc::new(Mutex::new(Vec::new()));
        let down = Arc::new(AtomicBool::new(false));
        let dir = Arc::new(Mutex::new(dir));
        let (stop2, missing2, down2, dir2) =
            (stop.clone(), missing.clone(), down.clone(), dir.clone());
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                if down2.load(Ordering::SeqCst) {
                    let _ = conn.shutdown(std::net::Shutdown::Both);
                    continue;
                }
                let dir = dir2.lock().unwrap_or_else(|e| e.into_inner()).clone();
                let missing = missing2.clone();
                std::thread::spawn(move || {
                    let _ = serve_one(conn, &dir, &missing);
                });
            }
        });
        Ok(Server {
            addr,
            stop,
            thread: Some(thread),
            missing,
            down,
            dir,
        })
    }

    /// `http://127.0.0.1:PORT/`
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve_one(conn: TcpStream, dir: &Path, missing: &Mutex<Vec<String>>) -> io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut brotli_ok = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("accept-encoding:") && lower.contains("br") {
            brotli_ok = true;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut conn = conn;
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return respond(
            &mut conn,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"method not allowed",
            false,
        );
    }
    let rel = percent_decode(path.trim_start_matches('/'));
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel
    };
    if rel
        .split('/')
        .any(|seg| seg == ".." || seg.starts_with('.'))
    {
        return respond(
            &mut conn,
            "403 Forbidden",
            "text/plain; charset=utf-8",
            b"forbidden",
            head_only,
        );
    }
    let file = dir.join(&rel);
    // A folder with `name.br` beside a file (the benchmark's) serves it
    // brotli-encoded to a browser that takes it, as a static host would.
    let packed = PathBuf::from(format!("{}.br", file.display()));
    if brotli_ok && packed.is_file() {
        if let Ok(body) = std::fs::read(&packed) {
            return respond_with(
                &mut conn,
                "200 OK",
                mime_type(&file),
                &body,
                head_only,
                "Content-Encoding: br\r\n",
            );
        }
    }
    match std::fs::read(&file) {
        Ok(body) => respond(&mut conn, "200 OK", mime_type(&file), &body, head_only),
        Err(_) => {
            missing
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(path.to_string());
            respond(
                &mut conn,
                "404 Not Found",
                "text/plain; charset=utf-8",
                b"not found",
                head_only,
            )
        }
    }
}

fn respond(
    conn: &mut TcpStream,
    status: &str,
    mime: &str,
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    respond_with(conn, status, mime, body, head_only, "")
}

fn respond_with(
    conn: &mut TcpStream,
    status: &str,
    mime: &str,
    body: &[u8],
    head_only: bool,
    extra: &str,
) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\n{extra}Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    conn.write_all(head.as_bytes())?;
    if !head_only {
        conn.write_all(body)?;
    }
    conn.flush()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---------------------------------------------------------------------------
// Processes and a small HTTP client for chromedriver's own endpoints
// ---------------------------------------------------------------------------

/// A free TCP port on 127.0.0.1 (free when asked; the caller binds it soon).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(9515)
}

/// A child process in its own process group: dropping it ends the whole
/// group (chromedriver and the Chromium it started).
pub struct Proc {
    child: Child,
}

/// Runs the command given as arguments, and ends its whole process group
/// when this test process goes away, even by SIGKILL (when Drop never runs).
const WATCHDOG: &str = r#""$@" & child=$!
while kill -0 "$WATCH_PID" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 0.5; done
kill -TERM -- -$$ 2>/dev/null"#;

impl Proc {
    /// Starts `program args` under a watchdog, in a new process group.
    fn spawn(program: &str, args: &[String], log: &Path) -> io::Result<Proc> {
        let out = std::fs::File::create(log)?;
        let mut cmd = Command::new("bash");
        cmd.arg("-c")
            .arg(WATCHDOG)
            .arg("watchdog")
            .arg(program)
            .args(args)
            .env("WATCH_PID", std::process::id().to_string())
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .process_group(0);
        Ok(Proc {
            child: cmd.spawn()?,
        })
    }

    fn signal_group(&self, sig: &str) {
        let _ = Command::new("kill")
            .args([sig, "--", &format!("-{}", self.child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }

    fn exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.signal_group("-TERM");
        let deadline = Instant::now() + Duration::from_secs(3);
        while !self.exited() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        // Whatever is left of the group (a Chromium helper) goes too.
        self.signal_group("-KILL");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request (blocking): `(status, body)`. Reads exactly the
/// body announced (chromedriver keeps connections open).
pub fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> io::Result<(u16, String)> {
    let mut conn = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    conn.set_read_timeout(Some(Duration::from_secs(60)))?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    write!(
        conn,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut reader = BufReader::new(conn);
    let mut status_line = String::new();
    reader.read_line(&mut status_line)?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = None;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap_or((&line, ""));
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse::<usize>().ok(),
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            _ => {}
        }
    }
    let mut raw = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if n == 0 {
                break;
            }
            let mut chunk = vec![0; n + 2];
            reader.read_exact(&mut chunk)?;
            raw.extend_from_slice(&chunk[..n]);
        }
    } else if let Some(n) = length {
        raw.resize(n, 0);
        reader.read_exact(&mut raw)?;
    } else {
        reader.read_to_end(&mut raw)?;
    }
    Ok((status, String::from_utf8_lossy(&raw).into_owned()))
}

/// A temporary folder under `target/`, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static SEQ: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir = root().join("target/e2e-tmp").join(format!(
            "{label}-{}-{nanos}-{}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("BASTION_KEEP_TMP").is_none() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

// ---------------------------------------------------------------------------
// The rig: server + chromedriver + Chromium
// ---------------------------------------------------------------------------

/// Chromium's arguments (../shared/TOOLCHAIN.md) plus a window size.
pub const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--window-size=1280,800",
];

/// Everything a browser test runs on. Dropping it ends it all.
pub struct Rig {
    pub browser: Browser,
    // Field order is drop order: the browser processes first, then the
    // server, then the folders.
    driver: Proc,
    pub server: Server,
    tmp: TempDir,
}

impl Rig {
    /// Builds `dist/` if needed, serves it, and opens a fresh Chromium.
    pub async fn start(name: &str) -> Rig {
        let dist = ensure_dist();
        let tmp = TempDir::new(name);
        let profile = tmp.0.join("profile");
        let downloads = tmp.0.join("downloads");
        std::fs::create_dir_all(&profile).expect("profile folder");
        std::fs::create_dir_all(&downloads).expect("downloads folder");
        let server = Server::start(dist).expect("start the static file server");

        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let mut attempt = 0;
        let (driver, driver_addr) = loop {
            attempt += 1;
            let port = free_port();
            let mut proc = Proc::spawn(
                &chromedriver,
                &[format!("--port={port}")],
                &tmp.0.join("chromedriver.log"),
            )
            .unwrap_or_else(|e| {
                panic!("cannot start {chromedriver} (run scripts/setup.sh --browser): {e}")
            });
            let addr: SocketAddr = format!("127.0.0.1:{port}").parse().expect("address");
            let deadline = Instant::now() + Duration::from_secs(15);
            let mut ready = false;
            while Instant::now() < deadline && !proc.exited() {
                if let Ok((200, body)) = http(addr, "GET", "/status", None) {
                    if body.replace(' ', "").contains("\"ready\":true") {
                        ready = true;
                        break;
                    }
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            if ready {
                break (proc, addr);
            }
            drop(proc);
            assert!(
                attempt < 3,
                "chromedriver did not start (see its log in {})",
                tmp.0.display()
            );
        };

        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let caps = json!({
            "browserName": "chrome",
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "binary": chromium,
                "args": args,
                // Downloads go to our folder; a second file of the same name
                // becomes "name (1).json". (CDP Browser.setDownloadBehavior
                // would overwrite same-named files instead.)
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                    "safebrowsing.enabled": false
                }
            }
        });
        let Value::Object(caps) = caps else {
            unreachable!()
        };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://{driver_addr}"))
            .await
            .unwrap_or_else(|e| panic!("cannot open Chromium through chromedriver: {e}"));
        let session = client.session_id().await.ok().flatten().unwrap_or_default();
        let browser = Browser {
            client,
            base: server.url(),
            driver_addr,
            session,
            downloads,
            name: name.to_string(),
            console: Arc::new(Mutex::new(Vec::new())),
            server_down: server.down.clone(),
            server_dir: server.dir.clone(),
        };
        Rig {
            browser,
            driver,
            server,
            tmp,
        }
    }

    /// Ends the WebDriver session (Chromium quits), then drops everything.
    pub async fn close(self) {
        let client = self.browser.client.clone();
        let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
        drop(self);
    }
}

/// One browser test at a time: two cores do not run several Chromiums well.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs `scenario` in a fresh browser. After it (pass or fail) the browser
/// console is checked for Content-Security-Policy violations and panics,
/// the browser is closed, and then any failure is reported.
pub async fn run<F, Fut>(name: &str, scenario: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let rig = Rig::start(name).await;
    let b = rig.browser.clone();
    let mut task = tokio::spawn(scenario(b.clone()));
    let outcome = tokio::time::timeout(SCENARIO_LIMIT, &mut task).await;
    if outcome.is_err() {
        task.abort();
    }
    let console_problems = match &outcome {
        Ok(Ok(())) => {
            let log = b.console();
            let bad: Vec<String> = log
                .iter()
                .filter(|e| e.is_csp_violation() || e.is_panic())
                .map(|e| e.to_string())
                .collect();
            bad
        }
        _ => {
            b.screenshot(&format!("{name}-failure")).await;
            for e in b.console() {
                eprintln!("[console] {e}");
            }
            for path in rig
                .server
                .missing
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .iter()
            {
                eprintln!("[server] 404 {path}");
            }
            Vec::new()
        }
    };
    rig.close().await;
    match outcome {
        Err(_) => panic!("{name}: the scenario did not finish within {SCENARIO_LIMIT:?}"),
        Ok(Err(e)) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Ok(Err(e)) => panic!("{name}: the scenario was cancelled: {e}"),
        Ok(Ok(())) => {}
    }
    assert!(
        console_problems.is_empty(),
        "{name}: the browser console shows a Content-Security-Policy violation or a panic:\n{}",
        console_problems.join("\n")
    );
}

// ---------------------------------------------------------------------------
// The browser handle
// ---------------------------------------------------------------------------

/// One line of the browser console.
#[derive(Clone, Debug)]
pub struct LogEntry {
    pub level: String,
    pub source: String,
    pub message: String,
}

impl LogEntry {
    pub fn is_csp_violation(&self) -> bool {
        let m = self.message.to_ascii_lowercase();
        m.contains("content security policy") || m.contains("content-security-policy")
    }
    pub fn is_panic(&self) -> bool {
        let m = self.message.to_ascii_lowercase();
        m.contains("panicked at") || m.contains("unreachable") && m.contains("runtimeerror")
    }
    pub fn is_error(&self) -> bool {
        self.level == "SEVERE"
    }
}

impl std::fmt::Display for LogEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} [{}] {}", self.level, self.source, self.message)
    }
}

/// The CSS selector of a `data-testid`.
pub fn tid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// A handle on the browser of a [`Rig`] (cheap to clone).
#[derive(Clone)]
pub struct Browser {
    pub client: Client,
    /// `http://127.0.0.1:PORT/`, where `dist/` is served.
    pub base: String,
    driver_addr: SocketAddr,
    session: String,
    /// Where Chromium saves downloads.
    pub downloads: PathBuf,
    /// The test's name (for screenshots).
    pub name: String,
    console: Arc<Mutex<Vec<LogEntry>>>,
    /// The server's switch ([`Server::down`]): [`Browser::network`] turns it.
    server_down: Arc<AtomicBool>,
    /// The folder the server serves ([`Server::dir`]).
    server_dir: Arc<Mutex<PathBuf>>,
}

impl Browser {
    /// Takes the web server away (`false`) or brings it back (`true`).
    pub fn network(&self, up: bool) {
        self.server_down.store(!up, Ordering::SeqCst);
    }

    /// Serves `dir` from now on, in place of the release (a new release on
    /// the server).
    pub fn serve_from(&self, dir: PathBuf) {
        *self.server_dir.lock().unwrap_or_else(|e| e.into_inner()) = dir;
    }

    // --- chromedriver's own endpoints ---------------------------------------

    /// Runs a Chrome DevTools Protocol command through chromedriver.
    pub fn cdp(&self, cmd: &str, params: Value) -> Result<Value, String> {
        let path = format!("/session/{}/goog/cdp/execute", self.session);
        match http(
            self.driver_addr,
            "POST",
            &path,
            Some(&json!({ "cmd": cmd, "params": params })),
        ) {
            Ok((200, body)) => Ok(serde_json::from_str::<Value>(&body)
                .map(|v| v["value"].clone())
                .unwrap_or(Value::Null)),
            Ok((status, body)) => Err(format!("{cmd}: HTTP {status}: {body}")),
            Err(e) => Err(format!("{cmd}: {e}")),
        }
    }

    /// Every console line so far (chromedriver hands each out once; they are
    /// collected here).
    pub fn console(&self) -> Vec<LogEntry> {
        let path = format!("/session/{}/se/log", self.session);
        let fresh = http(
            self.driver_addr,
            "POST",
            &path,
            Some(&json!({ "type": "browser" })),
        )
        .ok()
        .and_then(|(_, body)| serde_json::from_str::<Value>(&body).ok())
        .and_then(|v| v["value"].as_array().cloned())
        .unwrap_or_default();
        let mut all = self.console.lock().unwrap_or_else(|e| e.into_inner());
        for e in fresh {
            all.push(LogEntry {
                level: e["level"].as_str().unwrap_or("").to_string(),
                source: e["source"].as_str().unwrap_or("").to_string(),
                message: e["message"].as_str().unwrap_or("").to_string(),
            });
        }
        all.clone()
    }

    // --- waiting ---------------------------------------------------------------

    /// Polls `probe` until it gives `Some`, for at most [`WAIT`]; on time-out
    /// takes a screenshot and fails the test, naming `what` it waited for.
    pub async fn wait_until<T, F, Fut>(&self, what: &str, mut probe: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<Option<T>, CmdError>>,
    {
        let deadline = Instant::now() + WAIT;
        let mut last_error = None;
        loop {
            match probe().await {
                Ok(Some(v)) => return v,
                Ok(None) => {}
                Err(e) => last_error = Some(e.to_string()),
            }
            if Instant::now() >= deadline {
                let shot = self.screenshot(&format!("{}-timeout", self.name)).await;
                panic!(
                    "timed out after {WAIT:?} waiting for {what}{}; screenshot: {}",
                    last_error
                        .map(|e| format!(" (last error: {e})"))
                        .unwrap_or_default(),
                    shot.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    }

    /// Waits until the JavaScript expression `expr` is truthy; returns its value.
    pub async fn wait_js(&self, what: &str, expr: &str) -> Value {
        let script = format!("return ({expr});");
        self.wait_until(what, || async {
            let v = self.client.execute(&script, vec![]).await?;
            let truthy =
                !matches!(v, Value::Null | Value::Bool(false)) && v != json!(0) && v != json!("");
            Ok(truthy.then_some(v))
        })
        .await
    }

    // --- pages and elements ------------------------------------------------------

    /// Opens `path` (such as `#/assets`) relative to the served `dist/`.
    pub async fn open(&self, path: &str) {
        let url = format!("{}{}", self.base, path);
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// Moves to a hash route without reloading, as a link would.
    pub async fn go(&self, hash: &str) {
        self.js(
            "location.hash = arguments[0]; return null;",
            vec![json!(hash)],
        )
        .await;
    }

    /// Reloads the page and waits until the app is up again.
    pub async fn reload(&self) {
        self.client.refresh().await.expect("reload");
        self.wait_app().await;
    }

    /// Waits until the app has mounted (its navigation is there).
    pub async fn wait_app(&self) {
        self.find("nav-home").await;
    }

    /// Runs a script in the page (`arguments[i]` are `args`).
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// The value of a JavaScript expression that may be a promise, once it
    /// settles (a rejection comes back as the text `error: …`).
    pub async fn js_await(&self, expr: &str) -> Value {
        let script = format!(
            "const done = arguments[arguments.length - 1]; Promise.resolve().then(() => ({expr})).then(done, (e) => done('error: ' + e));"
        );
        self.client
            .execute_async(&script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Every element with this `data-testid` now (no waiting).
    pub async fn all(&self, id: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(&tid(id)))
            .await
            .unwrap_or_default()
    }

    /// How many elements have this `data-testid` now.
    pub async fn count(&self, id: &str) -> usize {
        self.all(id).await.len()
    }

    /// Waits for an element with this `data-testid` to be in the page.
    pub async fn find(&self, id: &str) -> Element {
        let sel = tid(id);
        self.wait_until(&format!("element {sel}"), || async {
            match self.client.find(Locator::Css(&sel)).await {
                Ok(e) => Ok(Some(e)),
                Err(e) if e.is_no_such_element() => Ok(None),
                Err(e) => Err(e),
            }
        })
        .await
    }

    /// Waits until no element has this `data-testid`.
    pub async fn wait_gone(&self, id: &str) {
        let sel = tid(id);
        self.wait_until(&format!("{sel} to disappear"), || async {
            Ok(self
                .client
                .find_all(Locator::Css(&sel))
                .await?
                .is_empty()
                .then_some(()))
        })
        .await
    }

    /// Waits until exactly `n` elements have this `data-testid`.
    pub async fn wait_count(&self, id: &str, n: usize) -> Vec<Element> {
        let sel = tid(id);
        self.wait_until(&format!("{n} × {sel}"), || async {
            let all = self.client.find_all(Locator::Css(&sel)).await?;
            Ok((all.len() == n).then_some(all))
        })
        .await
    }

    /// Waits for the element to be shown and enabled, then clicks it
    /// (retrying while something else covers it, such as a closing dialog).
    pub async fn click(&self, id: &str) {
        let sel = tid(id);
        self.wait_until(&format!("a click on {sel}"), || async {
            let e = match self.client.find(Locator::Css(&sel)).await {
                Ok(e) => e,
                Err(e) if e.is_no_such_element() => return Ok(None),
                Err(e) => return Err(e),
            };
            if !e.is_displayed().await? || !e.is_enabled().await? {
                return Ok(None);
            }
            match e.click().await {
                Ok(()) => Ok(Some(())),
                Err(err) if err.to_string().contains("intercepted") => {
                    // Covered (by the sticky header, say): bring it to the
                    // middle of the window and try again.
                    let _ = self
                        .client
                        .execute(
                            "arguments[0].scrollIntoView({ block: 'center' }); return null;",
                            vec![serde_json::to_value(&e).unwrap_or(Value::Null)],
                        )
                        .await;
                    Ok(None)
                }
                Err(err)
                    if err.is_stale_element_reference() || err.is_element_not_interactable() =>
                {
                    Ok(None)
                }
                Err(err) => Err(err),
            }
        })
        .await
    }

    /// Types `text` into the field (after clearing it), as a person would.
    pub async fn fill(&self, id: &str, text: &str) {
        let e = self.find(id).await;
        e.clear()
            .await
            .unwrap_or_else(|err| panic!("cannot clear {id}: {err}"));
        if !text.is_empty() {
            e.send_keys(text)
                .await
                .unwrap_or_else(|err| panic!("cannot type into {id}: {err}"));
        }
    }

    /// Sets an input's value the way a date picker does (typing into a
    /// date field depends on the browser's locale) and fires `input`.
    pub async fn set_value(&self, id: &str, value: &str) {
        self.find(id).await;
        self.js(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
             e.dispatchEvent(new Event('input', { bubbles: true })); return null;",
            vec![json!(tid(id)), json!(value)],
        )
        .await;
    }

    /// Picks the option with this value in a `<select>`.
    pub async fn select(&self, id: &str, value: &str) {
        let e = self.find(id).await;
        e.select_by_value(value)
            .await
            .unwrap_or_else(|err| panic!("cannot select {value} in {id}: {err}"));
    }

    /// The visible text of the element (waits for it).
    pub async fn text(&self, id: &str) -> String {
        self.find(id).await.text().await.unwrap_or_default()
    }

    /// Waits until the element's text contains `needle`; returns the text.
    pub async fn wait_text(&self, id: &str, needle: &str) -> String {
        let sel = tid(id);
        self.wait_until(&format!("{sel} to contain {needle:?}"), || async {
            for e in self.client.find_all(Locator::Css(&sel)).await? {
                let t = e.text().await.unwrap_or_default();
                if t.contains(needle) {
                    return Ok(Some(t));
                }
            }
            Ok(None)
        })
        .await
    }

    /// Waits for the header to say everything is saved.
    pub async fn wait_saved(&self) {
        self.wait_text("save-status", SAVED).await;
    }

    /// Answers the first-run prompt with `name`.
    pub async fn enter_name(&self, name: &str) {
        self.fill("actor-name", name).await;
        self.click("actor-save").await;
        self.wait_gone("actor-name").await;
    }

    /// Opens the app in this (fresh) profile and answers the name prompt.
    pub async fn start_app(&self, name: &str) {
        self.open("#/").await;
        self.wait_app().await;
        self.enter_name(name).await;
    }

    // --- storage -----------------------------------------------------------------

    /// The raw text under a localStorage key.
    pub async fn storage_get(&self, key: &str) -> Option<String> {
        self.js(
            "return localStorage.getItem(arguments[0]);",
            vec![json!(key)],
        )
        .await
        .as_str()
        .map(str::to_string)
    }

    pub async fn storage_set(&self, key: &str, value: &str) {
        self.js(
            "localStorage.setItem(arguments[0], arguments[1]); return null;",
            vec![json!(key), json!(value)],
        )
        .await;
    }

    /// UTF-16 characters in localStorage (keys and values).
    pub async fn storage_chars(&self) -> u64 {
        self.js(
            "let n = 0; for (let i = 0; i < localStorage.length; i++) { const k = localStorage.key(i); n += k.length + localStorage.getItem(k).length; } return n;",
            vec![],
        )
        .await
        .as_u64()
        .unwrap_or(0)
    }

    // --- files -------------------------------------------------------------------

    /// The names of the files downloaded so far.
    pub fn downloaded(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.downloads)
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// Waits for a new, complete download ending in `ext` (not among
    /// `before`); returns its path.
    pub async fn wait_download(&self, before: &[String], ext: &str) -> PathBuf {
        let what = format!("a new *{ext} download in {}", self.downloads.display());
        let mut last_size = None;
        self.wait_until(&what, || {
            let now = self.downloaded();
            let busy = now
                .iter()
                .any(|n| n.ends_with(".crdownload") || n.ends_with(".tmp"));
            let fresh = now
                .into_iter()
                .find(|n| n.ends_with(ext) && !before.contains(n));
            let result = match (busy, fresh) {
                (false, Some(n)) => {
                    let path = self.downloads.join(&n);
                    let size = std::fs::metadata(&path).map(|m| m.len()).ok();
                    // Done once the size is the same twice running.
                    let stable = size.is_some() && size == last_size;
                    last_size = size;
                    stable.then_some(path)
                }
                _ => None,
            };
            async move { Ok(result) }
        })
        .await
    }

    /// Chooses `path` in the header's file input (as the file picker would).
    pub async fn choose_file(&self, path: &Path) {
        let input = self.find("import-input").await;
        input
            .send_keys(&path.display().to_string())
            .await
            .unwrap_or_else(|e| panic!("cannot choose {} in import-input: {e}", path.display()));
    }

    // --- keyboard and focus --------------------------------------------------------

    /// Presses keys on the keyboard, as a person would, wherever focus is:
    /// each of `keys` down in order, then all up in reverse order (so
    /// `&[Key::Shift, Key::Tab]` is Shift+Tab). Letters are given as
    /// themselves (`'a'`).
    pub async fn press(&self, keys: &[char]) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for &k in keys {
            actions = actions.then(KeyAction::Down { value: k });
        }
        for &k in keys.iter().rev() {
            actions = actions.then(KeyAction::Up { value: k });
        }
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|e| panic!("cannot press {keys:?}: {e}"));
    }

    /// Presses one key (a [`fantoccini::key::Key`] such as `Key::Tab`).
    pub async fn key(&self, key: fantoccini::key::Key) {
        self.press(&[char::from(key)]).await;
    }

    /// What has focus: `{testid, id, tag, href, text, label, inDialog, inMain}`
    /// of `document.activeElement` (nulls when nothing does).
    pub async fn focused(&self) -> Value {
        self.js(
            "const a = document.activeElement; if (!a) return {};              return { testid: a.getAttribute('data-testid'), id: a.id || null, tag: a.tagName,                       href: a.getAttribute('href'), text: (a.textContent || '').trim().slice(0, 80),                       label: a.getAttribute('aria-label'),                       inDialog: !!a.closest('dialog[open]'), inMain: !!a.closest('main') };",
            vec![],
        )
        .await
    }

    /// The `data-testid` of what has focus ("" when it has none).
    pub async fn focused_testid(&self) -> String {
        self.focused().await["testid"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Waits until the element with this `data-testid` has focus.
    pub async fn wait_focus(&self, id: &str) {
        let expr = format!(
            "document.activeElement && document.activeElement.getAttribute('data-testid') === {}",
            json!(id)
        );
        self.wait_js(&format!("focus on {id}"), &expr).await;
    }

    /// Gives focus to the element with this `data-testid` (as a click would,
    /// without clicking it).
    pub async fn focus(&self, id: &str) {
        self.find(id).await;
        self.js(
            "document.querySelector(arguments[0]).focus(); return null;",
            vec![json!(tid(id))],
        )
        .await;
    }

    /// Saves a screenshot to `target/screenshots/NAME.png`; returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = root().join("target/screenshots");
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join(format!("{name}.png"));
        match self.client.screenshot().await {
            Ok(png) => {
                let _ = std::fs::write(&path, png);
            }
            Err(e) => eprintln!("[rig] no screenshot {name}: {e}"),
        }
        path
    }
}

// ---------------------------------------------------------------------------
// Accessibility: axe-core
// ---------------------------------------------------------------------------

/// The axe-core rules run: WCAG 2.0, 2.1 and 2.2, levels A and AA.
pub const AXE_TAGS: &[&str] = &[
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa",
];

/// axe-core's script (`.tools/node_modules/axe-core/axe.min.js`, installed
/// by `scripts/setup.sh --browser`), read once.
pub fn axe_source() -> &'static str {
    static SOURCE: OnceLock<Result<String, String>> = OnceLock::new();
    let source = SOURCE.get_or_init(|| {
        let path = root().join(".tools/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "cannot read {} (run scripts/setup.sh --browser): {e}",
                path.display()
            )
        })
    });
    match source {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

/// Runs axe-core over the whole page and returns its violations: rule,
/// impact and, for each element, its selector, what is wrong and its html.
const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
  .then(r => done({ ok: r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({
        target: n.target.map(t => Array.isArray(t) ? t.join(' >> ') : t).join(', '),
        html: n.html.replace(/\s+/g, ' ').slice(0, 180),
        summary: (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 240)
      }))
  })) }))
  .catch(e => done({ error: String(e) }));
"#;

impl Browser {
    /// The WCAG A/AA violations axe-core finds on the page as it is now,
    /// one readable entry per rule broken, naming up to three of the
    /// elements (empty when there is none). Injects axe-core
    /// first if this page does not have it yet: WebDriver's scripts are not
    /// bound by the page's Content-Security-Policy.
    pub async fn axe_violations(&self) -> Vec<String> {
        let loaded = self
            .js("return typeof window.axe === 'object';", vec![])
            .await;
        if loaded != json!(true) {
            self.js(&format!("{}\nreturn null;", axe_source()), vec![])
                .await;
        }
        let result = self
            .client
            .execute_async(AXE_RUN, vec![json!(AXE_TAGS)])
            .await
            .unwrap_or_else(|e| panic!("axe-core did not run: {e}"));
        if let Some(e) = result.get("error") {
            panic!("axe-core failed: {e}");
        }
        let mut lines = Vec::new();
        for v in result["ok"].as_array().into_iter().flatten() {
            let nodes = v["nodes"].as_array().cloned().unwrap_or_default();
            let mut line = format!(
                "{} ({}): {}; {} element(s)",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or(""),
                nodes.len()
            );
            for n in nodes.iter().take(3) {
                line.push_str(&format!(
                    "\n      at {}\n        {}\n        {}",
                    n["target"].as_str().unwrap_or("?"),
                    n["summary"].as_str().unwrap_or(""),
                    n["html"].as_str().unwrap_or(""),
                ));
            }
            if nodes.len() > 3 {
                line.push_str(&format!("\n      and {} more", nodes.len() - 3));
            }
            lines.push(line);
        }
        lines
    }

    /// Fails the test, with a screenshot and the list, when axe-core finds
    /// any WCAG 2.0/2.1/2.2 A or AA violation on the page now. `place` names
    /// the state (and the screenshot, `axe-<place>.png`, on failure).
    pub async fn axe(&self, place: &str) {
        let found = self.axe_violations().await;
        if !found.is_empty() {
            let shot = self.screenshot(&format!("axe-{place}")).await;
            panic!(
                "axe-core: {} WCAG A/AA violation(s) at {place} (screenshot {}):\n  - {}",
                found.len(),
                shot.display(),
                found.join("\n  - ")
            );
        }
    }
}
