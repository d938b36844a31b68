//! The file format: the exported `.json` file and the stored envelope.
//!
//! Reading runs one pipeline whatever the source: size check, JSON syntax,
//! format marker, schema version, migrations, shape (with the path of the
//! first wrong value), then every consistency rule. Any failure names the
//! problem and where it is; nothing is half-read.

use super::migrate;
use crate::core::kernel::command::timestamp;
use crate::core::FieldError;
use crate::core::Isms;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::fmt;

/// The `format` marker of an exported file.
pub const FILE_FORMAT: &str = "bastion-isms";
/// The `format` marker of the copy kept in browser storage.
pub const STORE_FORMAT: &str = "bastion-isms-store";
/// The schema this build writes; it reads this one and every older released one.
pub const SCHEMA_VERSION: u32 = 4;
/// The largest file an import reads (checked before reading it).
pub const MAX_IMPORT_BYTES: u64 = 20 * 1024 * 1024;

/// Why a file or stored text could not be read. Nothing was changed.
#[derive(Clone, Debug, PartialEq)]
pub enum FormatError {
    TooLarge {
        bytes: u64,
    },
    Empty,
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    NotBastion {
        found: Option<String>,
    },
    BadVersion {
        message: String,
    },
    TooNew {
        found: u64,
    },
    Migration {
        from: u32,
        message: String,
    },
    Shape {
        path: String,
        message: String,
    },
    Invalid(Vec<FieldError>),
    /// The packed copy in browser storage could not be unpacked.
    Packed(super::pack::CompactError),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::TooLarge { bytes } => write!(
                f,
                "The file is too large ({} MB); the limit is {} MB.",
                crate::core::kernel::command::percent(*bytes, 1_048_576 * 100),
                MAX_IMPORT_BYTES / 1_048_576
            ),
            FormatError::Empty => f.write_str("The file is empty."),
            FormatError::Syntax { line, column, message } => {
                write!(f, "The file is not valid JSON (line {line}, column {column}): {message}.")
            }
            FormatError::NotBastion { found: None } => {
                f.write_str("This is not a Bastion ISMS file: it has no \"format\" marker.")
            }
            FormatError::NotBastion { found: Some(x) } if x == STORE_FORMAT => f.write_str(
                "This is Bastion's own copy from browser storage, not an exported file: use Export in the app to make a file to import.",
            ),
            FormatError::NotBastion { found: Some(x) } if x == FILE_FORMAT => write!(
                f,
                "This is an exported Bastion file, not Bastion's own copy from browser storage (format \"{STORE_FORMAT}\"): import it instead."
            ),
            FormatError::NotBastion { found: Some(x) } => {
                write!(f, "This is not a Bastion ISMS file: its format is \"{x}\", expected \"{FILE_FORMAT}\".")
            }
            FormatError::BadVersion { message } => write!(f, "schema_version: {message}."),
            FormatError::TooNew { found } => write!(
                f,
                "The file was written by a newer version of Bastion (schema {found}; this version reads up to {SCHEMA_VERSION}). Update the app to read it."
            ),
            FormatError::Migration { from, message } => {
                write!(f, "The file could not be upgraded from schema {from}: {message}.")
            }
            FormatError::Shape { path, message } => {
                if path.is_empty() || path == "." {
                    write!(f, "{message}.")
                } else {
                    write!(f, "{path}: {message}.")
                }
            }
            FormatError::Invalid(errs) => {
                let n = errs.len();
                let shown: Vec<String> = errs.iter().take(5).map(|e| e.to_string()).collect();
                write!(f, "The file has {n} problem{}: {}", if n == 1 { "" } else { "s" }, shown.join("; "))?;
                if n > 5 {
                    write!(f, "; and {} more", n - 5)?;
                }
                f.write_str(".")
            }
            FormatError::Packed(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for FormatError {}

/// The envelope of both the exported file and the stored copy. One type,
/// so that serde's writer is compiled once (the export is the same text,
/// indented by [`indent`]).
#[derive(Serialize)]
struct Envelope<'a> {
    format: &'a str,
    schema_version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    exported_at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    exported_by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    saved_at: Option<&'a str>,
    data: &'a Isms,
}

/// The exported file: pretty-printed, keys and records in a stable order,
/// ending with a newline. The same ISMS, time and author give the same bytes.
pub fn export(isms: &Isms, at: DateTime<Utc>, by: &str) -> String {
    let at = timestamp(at);
    let file = Envelope {
        format: FILE_FORMAT,
        schema_version: SCHEMA_VERSION,
        exported_at: Some(&at),
        exported_by: Some(by),
        saved_at: None,
        data: isms,
    };
    let mut s = indent(&serde_json::to_string(&file).unwrap_or_default());
    s.push('\n');
    s
}

/// The compact text kept in browser storage.
pub fn store(isms: &Isms, at: DateTime<Utc>) -> String {
    let at = timestamp(at);
    let file = Envelope {
        format: STORE_FORMAT,
        schema_version: SCHEMA_VERSION,
        exported_at: None,
        exported_by: None,
        saved_at: Some(&at),
        data: isms,
    };
    serde_json::to_string(&file).unwrap_or_default()
}

/// Compact JSON (as serde_json writes it: no space outside strings)
/// indented the way `serde_json::to_string_pretty` writes it: two spaces,
/// one value per line, `[]` and `{}` when empty. Works on bytes: JSON's
/// structural characters are ASCII, which never occurs inside a multi-byte
/// UTF-8 character, and text between them is copied in one piece.
pub fn indent(compact: &str) -> String {
    let b = compact.as_bytes();
    let mut out = String::with_capacity(b.len() + b.len() / 2);
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let (mut depth, mut i, mut start) = (0usize, 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'"' => {
                // Skip the string, escapes included.
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            open @ (b'{' | b'[') => {
                i += 1;
                out.push_str(&compact[start..i]);
                let close = if open == b'{' { b'}' } else { b']' };
                if b.get(i) == Some(&close) {
                    out.push(close as char);
                    i += 1;
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
                start = i;
            }
            close @ (b'}' | b']') => {
                out.push_str(&compact[start..i]);
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(close as char);
                i += 1;
                start = i;
            }
            b',' => {
                i += 1;
                out.push_str(&compact[start..i]);
                newline(&mut out, depth);
                start = i;
            }
            b':' => {
                out.push_str(&compact[start..i]);
                out.push_str(": ");
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&compact[start.min(b.len())..]);
    out
}

/// What an import found, ready for a preview.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub isms: Isms,
    /// The schema the file was written with (older ones are migrated).
    pub schema_version: u32,
    /// When the file was exported (or, for the stored copy, saved).
    pub exported_at: Option<String>,
    pub exported_by: Option<String>,
}

/// Checks an import's size before reading it.
pub fn check_size(bytes: u64) -> Result<(), FormatError> {
    if bytes > MAX_IMPORT_BYTES {
        Err(FormatError::TooLarge { bytes })
    } else if bytes == 0 {
        Err(FormatError::Empty)
    } else {
        Ok(())
    }
}

/// Reads an exported file.
pub fn import(text: &str) -> Result<Imported, FormatError> {
    check_size(text.len() as u64)?;
    read(text, FILE_FORMAT)
}

/// Reads the text kept in browser storage.
pub fn load(text: &str) -> Result<Imported, FormatError> {
    read(text, STORE_FORMAT)
}

fn read(text: &str, expected: &str) -> Result<Imported, FormatError> {
    // Some editors (Windows Notepad) start a saved UTF-8 file with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(FormatError::Empty);
    }
    let mut doc: serde_json::Value =
        serde_json::from_str(text).map_err(|e| FormatError::Syntax {
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        })?;
    let Some(obj) = doc.as_object_mut() else {
        return Err(FormatError::NotBastion { found: None });
    };
    match obj.get("format") {
        Some(serde_json::Value::String(s)) if s == expected => {}
        Some(serde_json::Value::String(s)) => {
            return Err(FormatError::NotBastion {
                found: Some(s.clone()),
            })
        }
        _ => return Err(FormatError::NotBastion { found: None }),
    }
    let version = match obj.get("schema_version") {
        None => {
            return Err(FormatError::BadVersion {
                message: "is missing".into(),
            })
        }
        Some(v) => v.as_u64().ok_or_else(|| FormatError::BadVersion {
            // As in the file (`"1"`, `1.5`), written by the one JSON writer.
            message: format!(
                "expected a whole number, found {}",
                serde_json::to_string(v).unwrap_or_default()
            ),
        })?,
    };
    if version > SCHEMA_VERSION as u64 {
        return Err(FormatError::TooNew { found: version });
    }
    let version = version as u32;
    let text_field = |k: &str| obj.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let exported_at = text_field("exported_at").or_else(|| text_field("saved_at"));
    let exported_by = text_field("exported_by");
    let data = obj.remove("data").ok_or(FormatError::Shape {
        path: "data".into(),
        message: "is missing".into(),
    })?;
    let data = migrate::run(data, version)?;
    let isms =
        super::read::isms(&data).map_err(|(path, message)| FormatError::Shape { path, message })?;
    let errors = isms.check();
    if !errors.is_empty() {
        return Err(FormatError::Invalid(errors));
    }
    Ok(Imported {
        isms,
        schema_version: version,
        exported_at,
        exported_by,
    })
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}
