//! The one module that touches browser storage (localStorage, through
//! gloo-storage once we know it is there).
//!
//! Keys (also listed in the README):
//! - `bastion.isms`: the ISMS, in the store envelope of [`crate::core::file::format::store`],
//!   packed by [`crate::core::file::pack::pack`] (compressed, with a length and a
//!   checksum; it starts with `bastion-packed-1:`). Stores written before
//!   packing (plain JSON, starting with `{`) are still read, and replaced by
//!   the packed form at the next save;
//! - `bastion.actor`: the name of the person using this browser (JSON string).
//!
//! Nothing here overwrites stored data it could not read: [`load`] hands the
//! text back, and only [`reset`] (an explicit user action) removes it. The
//! text handed back is what is stored, except for a packed store that
//! unpacks but cannot be read (a newer schema, an invalid record): then it is
//! the unpacked JSON, so that the user can download something readable. A
//! packed store that does not unpack (damaged) is handed back as stored.

use crate::core::file::format::{self, FormatError};
use crate::core::kernel::ids::fingerprint;
use crate::core::Isms;
use gloo_storage::Storage as _;
use std::fmt;

/// Where the ISMS is kept.
pub const KEY_ISMS: &str = "bastion.isms";
/// Where the user's name is kept.
pub const KEY_ACTOR: &str = "bastion.actor";
/// About how many UTF-16 characters Chromium lets one origin keep.
pub const QUOTA_CHARS: usize = 5_242_880;
/// When the ISMS was last exported from this browser (RFC 3339).
pub const KEY_LAST_EXPORT: &str = "bastion.last-export";

/// Why storage could not be used.
#[derive(Clone, Debug, PartialEq)]
pub enum StorageError {
    /// The browser refused to keep more (`QuotaExceededError`).
    Quota { chars: usize },
    /// Storage is disabled, blocked or missing in this browser.
    Unavailable(String),
    /// Any other failure the browser reported.
    Failed(String),
    /// Another tab or window of this browser saved since this one last read
    /// or wrote the ISMS: writing now would overwrite that version unseen.
    ChangedElsewhere,
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Quota { chars } => write!(
                f,
                "this site's storage in the browser is full (saving needs room for {} characters; the browser keeps about {} for the whole site, see Settings)",
                group(*chars),
                group(QUOTA_CHARS)
            ),
            StorageError::Unavailable(why) => write!(f, "browser storage is not available ({why})"),
            StorageError::Failed(why) => write!(f, "the browser refused to save ({why})"),
            StorageError::ChangedElsewhere => f.write_str(
                "another tab or window of this browser saved a different version of the ISMS",
            ),
        }
    }
}

/// `1234567` as `1,234,567`.
pub fn group(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What was found in storage.
#[derive(Clone, Debug, PartialEq)]
pub enum Loaded {
    /// Nothing stored yet: a new ISMS.
    Empty,
    /// The stored ISMS and when it was saved.
    Found(Box<Isms>, String),
    /// Stored text that cannot be used. It is left in place, untouched.
    Unreadable { raw: String, error: FormatError },
    /// Storage itself cannot be used.
    Unavailable(StorageError),
}

fn storage() -> Result<web_sys::Storage, StorageError> {
    let window = web_sys::window().ok_or_else(|| StorageError::Unavailable("no window".into()))?;
    match window.local_storage() {
        Ok(Some(_)) => Ok(gloo_storage::LocalStorage::raw()),
        Ok(None) => Err(StorageError::Unavailable(
            "this browser has no localStorage".into(),
        )),
        Err(e) => Err(StorageError::Unavailable(js_error_text(&e))),
    }
}

fn js_error_text(e: &wasm_bindgen::JsValue) -> String {
    if let Some(d) = wasm_bindgen::JsCast::dyn_ref::<web_sys::DomException>(e) {
        return format!("{}: {}", d.name(), d.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

fn is_quota(e: &wasm_bindgen::JsValue) -> bool {
    wasm_bindgen::JsCast::dyn_ref::<web_sys::DomException>(e).is_some_and(|d| {
        d.code() == 22
            || d.name() == "QuotaExceededError"
            || d.name() == "NS_ERROR_DOM_QUOTA_REACHED"
    })
}

/// Reads the raw text under `key`.
pub fn read_raw(key: &str) -> Result<Option<String>, StorageError> {
    storage()?
        .get_item(key)
        .map_err(|e| StorageError::Failed(js_error_text(&e)))
}

/// Writes `text` under `key`. On failure the old value stays as it was.
pub fn write_raw(key: &str, text: &str) -> Result<(), StorageError> {
    storage()?.set_item(key, text).map_err(|e| {
        if is_quota(&e) {
            StorageError::Quota {
                chars: text.encode_utf16().count(),
            }
        } else {
            StorageError::Failed(js_error_text(&e))
        }
    })
}

/// Removes `key`.
pub fn remove(key: &str) -> Result<(), StorageError> {
    storage()?
        .remove_item(key)
        .map_err(|e| StorageError::Failed(js_error_text(&e)))
}

thread_local! {
    /// A fingerprint of the stored ISMS as this tab last read or wrote it
    /// (`None`: nothing stored). A save first checks that storage still
    /// holds it, so that a version another tab saved is never overwritten
    /// unseen, even before its `storage` event arrives.
    static LAST_SEEN: std::cell::Cell<Option<u64>> = const { std::cell::Cell::new(None) };
}

/// Reads the stored ISMS, packed or (written before packing) plain JSON.
pub fn load() -> Loaded {
    match read_raw(KEY_ISMS) {
        Err(e) => Loaded::Unavailable(e),
        Ok(None) => {
            LAST_SEEN.set(None);
            Loaded::Empty
        }
        Ok(Some(raw)) => {
            LAST_SEEN.set(Some(fingerprint(&raw)));
            read(raw)
        }
    }
}

fn read(raw: String) -> Loaded {
    let json = if crate::core::file::pack::is_packed(&raw) {
        match crate::core::file::pack::unpack(&raw) {
            Ok(json) => json,
            Err(e) => {
                return Loaded::Unreadable {
                    raw,
                    error: FormatError::Packed(e),
                }
            }
        }
    } else {
        raw
    };
    match format::load(&json) {
        Ok(found) => Loaded::Found(Box::new(found.isms), found.exported_at.unwrap_or_default()),
        Err(error) => Loaded::Unreadable { raw: json, error },
    }
}

/// Saves the ISMS, given in its stored form ([`format::store`]), packed.
/// Returns the characters written (the packed length). Refused with
/// [`StorageError::ChangedElsewhere`] when another tab saved since this one
/// last read or wrote, unless `over_other` (the user chose this version).
pub fn save(text: &str, over_other: bool) -> Result<usize, StorageError> {
    if !over_other {
        let stored = read_raw(KEY_ISMS)?;
        if stored.as_deref().map(fingerprint) != LAST_SEEN.get() {
            return Err(StorageError::ChangedElsewhere);
        }
    }
    let packed = crate::core::file::pack::pack(text);
    write_raw(KEY_ISMS, &packed)?;
    LAST_SEEN.set(Some(fingerprint(&packed)));
    Ok(packed.encode_utf16().count())
}

/// Removes the stored ISMS: only on the user's explicit reset.
pub fn reset() -> Result<(), StorageError> {
    remove(KEY_ISMS)?;
    LAST_SEEN.set(None);
    Ok(())
}

/// The name of the person using this browser, if set.
pub fn load_actor() -> Option<String> {
    storage().ok()?;
    gloo_storage::LocalStorage::get::<String>(KEY_ACTOR)
        .ok()
        .filter(|s| !s.trim().is_empty())
}

/// Remembers the user's name in this browser.
pub fn save_actor(name: &str) -> Result<(), StorageError> {
    storage()?;
    gloo_storage::LocalStorage::set(KEY_ACTOR, name)
        .map_err(|e| StorageError::Failed(e.to_string()))
}

/// How much of this site's storage is used, in UTF-16 characters (keys and
/// values): `(all keys, the ISMS alone)`.
pub fn usage() -> Result<(usize, usize), StorageError> {
    let s = storage()?;
    let n = s
        .length()
        .map_err(|e| StorageError::Failed(js_error_text(&e)))?;
    let mut total = 0;
    let mut isms = 0;
    for i in 0..n {
        let Ok(Some(key)) = s.key(i) else { continue };
        let value = s.get_item(&key).ok().flatten().unwrap_or_default();
        let chars = key.encode_utf16().count() + value.encode_utf16().count();
        total += chars;
        if key == KEY_ISMS {
            isms = chars;
        }
    }
    Ok((total, isms))
}

/// Notes that the ISMS was exported now (shown in Settings).
pub fn note_export(at: &str) {
    let _ = write_raw(KEY_LAST_EXPORT, at);
}

/// When the ISMS was last exported from this browser, if ever.
pub fn last_export() -> Option<String> {
    read_raw(KEY_LAST_EXPORT)
        .ok()
        .flatten()
        .filter(|s| !s.is_empty())
}

/// Calls `navigator.storage.<name>()` (`persist` or `persisted`): whether
/// this site's storage is persistent, so never cleared by the browser to
/// free space; `None` where the browser has no such call.
pub async fn persistence(name: &str) -> Option<bool> {
    use wasm_bindgen::JsCast;
    let navigator = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
    let manager = js_sys::Reflect::get(&navigator, &"storage".into()).ok()?;
    let call = js_sys::Reflect::get(&manager, &name.into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let promise = call
        .call0(&manager)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .as_bool()
}
