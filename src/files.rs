//! The one module that reads and writes files: downloads (export, copies of
//! stored data) and the text of a chosen or dropped file (import).

use wasm_bindgen::{JsCast, JsValue};

/// The file chosen in a file input, from its `change` event; the input is
/// emptied, so that the same file can be chosen again later.
pub fn take_chosen(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}

/// Why a file could not be written or read.
#[derive(Clone, Debug, PartialEq)]
pub struct FileError(pub String);

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn js_text(e: JsValue) -> FileError {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return FileError(String::from(err.message()));
    }
    FileError(
        e.as_string()
            .unwrap_or_else(|| "the browser refused".into()),
    )
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), FileError> {
    let window = web_sys::window().ok_or_else(|| FileError("no window".into()))?;
    let document = window
        .document()
        .ok_or_else(|| FileError("no document".into()))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(js_text)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js_text)?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(js_text)?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    if let Some(body) = document.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
    // Revoke once the browser has started the download.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    Ok(())
}

/// Reads a chosen or dropped file as text.
pub async fn read_text(file: &web_sys::File) -> Result<String, FileError> {
    let value = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(js_text)?;
    value
        .as_string()
        .ok_or_else(|| FileError("the file is not text".into()))
}

/// A file name made safe: letters, digits, `-` and `_` only.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "isms".into()
    } else {
        out.chars().take(40).collect()
    }
}

/// The start of an export's file name: `acme-ltd-isms`, or `bastion-isms`
/// while the organisation has no name.
pub fn export_stem(organisation: &str) -> String {
    let slug = slug(organisation);
    if organisation.trim().is_empty() || slug == "isms" {
        "bastion-isms".into()
    } else {
        format!("{slug}-isms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_never_doubled() {
        assert_eq!(slug("Acme <b>Ltd</b> / UK"), "acme-b-ltd-b-uk");
        assert_eq!(export_stem("Acme Ltd"), "acme-ltd-isms");
        assert_eq!(export_stem(""), "bastion-isms");
        assert_eq!(export_stem("  "), "bastion-isms");
        assert_eq!(export_stem("ééé"), "bastion-isms");
    }
}
