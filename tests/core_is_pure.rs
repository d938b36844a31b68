//! The core must stay free of browser crates so that it builds and tests
//! natively. This scans the code (not the comments or strings) of every
//! `.rs` file under `src/core` for a browser crate used as a path, a `use`,
//! an `extern crate` or an attribute.

use std::path::{Path, PathBuf};

/// Crates the core must not name. A name also matches its `_suffixed`
/// relatives (`gloo_storage`, `wasm_bindgen_futures`).
const FORBIDDEN: &[&str] = &["leptos", "web_sys", "js_sys", "gloo", "wasm_bindgen"];

/// The identifiers of Rust source, with comments, strings and char
/// literals left out.
fn identifiers(src: &str) -> Vec<(usize, String)> {
    let c: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch == '/' && at(i + 1) == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            loop {
                if i >= c.len() {
                    break;
                }
                if c[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if c[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if ch == 'r'
            && (at(i + 1) == '"' || (at(i + 1) == '#' && (at(i + 2) == '"' || at(i + 2) == '#')))
        {
            // Raw string r"..." / r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while at(j) == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1; // the opening quote
            loop {
                if j >= c.len() {
                    break;
                }
                if c[j] == '"' && (1..=hashes).all(|k| at(j + k) == '#') {
                    j += 1 + hashes;
                    break;
                }
                if c[j] == '\n' {
                    line += 1;
                }
                j += 1;
            }
            i = j;
        } else if ch == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    i += 1;
                }
                if at(i) == '\n' {
                    line += 1;
                }
                i += 1;
            }
            i += 1;
        } else if ch == '\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if at(i + 1) == '\\' {
                i += 3; // the quote, the backslash and the escaped character
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
                while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                    i += 1;
                }
            }
        } else if ch.is_alphabetic() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push((line, c[start..i].iter().collect()));
        } else {
            i += 1;
        }
    }
    out
}

/// `(line, identifier)` of every forbidden crate named in `src`.
fn violations(src: &str) -> Vec<(usize, String)> {
    identifiers(src)
        .into_iter()
        .filter(|(_, id)| {
            FORBIDDEN
                .iter()
                .any(|f| id == f || id.starts_with(&format!("{f}_")))
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/core is readable") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn core_uses_no_browser_crate() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    files.sort();
    for expected in [
        "mod.rs",
        "isms.rs",
        "kernel/record.rs",
        "kernel/command.rs",
        "kernel/check.rs",
        "file/format.rs",
        "file/migrate.rs",
        "kernel/ids.rs",
        "assets/query.rs",
        "risk/method.rs",
        "sample.rs",
    ] {
        assert!(
            files.iter().any(|f| f.ends_with(expected)),
            "src/core/{expected} not scanned: {files:?}"
        );
    }
    let mut problems = Vec::new();
    for f in &files {
        let src = std::fs::read_to_string(f).expect("readable source");
        for (line, id) in violations(&src) {
            problems.push(format!("{}:{line}: `{id}`", f.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "the pure core names browser crates:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_scanner_finds_crate_paths_uses_and_attributes() {
    let src = "use std::fmt;\n\
               use leptos::prelude::*;\n\
               fn f() { let w = web_sys::window(); }\n\
               extern crate js_sys;\n\
               #[wasm_bindgen]\n\
               fn g() { ::gloo_storage::LocalStorage::get(\"k\"); }\n\
               use wasm_bindgen_futures::spawn_local;\n";
    let found: Vec<(usize, String)> = violations(src);
    let names: Vec<&str> = found.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "leptos",
            "web_sys",
            "js_sys",
            "wasm_bindgen",
            "gloo_storage",
            "wasm_bindgen_futures"
        ]
    );
    let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 7]);
}

#[test]
fn the_scanner_ignores_comments_strings_and_lookalikes() {
    let src = "//! No leptos, web_sys or gloo here.\n\
               /* block: wasm_bindgen /* nested js_sys */ still comment leptos */\n\
               /// doc: leptos::view!\n\
               fn f<'a>(x: &'a str) -> char { let _ = \"leptos::mount\"; let _ = r#\"web_sys \"quoted\" \"#; 'l' }\n\
               fn leptosish() { let glooming = 1; let my_leptos = 2; let c = '\\''; }\n";
    assert_eq!(violations(src), Vec::<(usize, String)>::new());
}
