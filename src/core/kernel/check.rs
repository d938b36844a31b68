//! Field errors and the collector every record's rules write them with:
//! messages that name the field (`name`) or, for a whole ISMS, the place
//! (`assets[3].owner`).

use std::fmt;

/// Longest short text (names, titles, owners, tags...), in characters.
pub const MAX_SHORT: usize = 200;
/// Longest long text (descriptions, statements), in characters.
pub const MAX_LONG: usize = 20_000;
/// Most items in one list of a record (tags, dependencies, requirements...).
pub const MAX_ITEMS: usize = 1_000;

/// A problem with one field, named by its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// `name`, `requirements[2].text`, `assets[3].owner`...
    pub path: String,
    pub message: String,
}

impl FieldError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
    /// The same error under a parent path (`assets[3]` + `owner`).
    pub fn under(mut self, parent: &str) -> Self {
        self.path = if self.path.is_empty() {
            parent.to_string()
        } else if self.path.starts_with('[') {
            format!("{parent}{}", self.path)
        } else {
            format!("{parent}.{}", self.path)
        };
        self
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Collects field errors (shared with the risk method's rules).
#[derive(Default)]
pub(crate) struct Check {
    pub(crate) errors: Vec<FieldError>,
}

impl Check {
    pub(crate) fn err(&mut self, path: impl Into<String>, msg: impl Into<String>) {
        self.errors.push(FieldError::new(path, msg));
    }
    pub(crate) fn required(&mut self, path: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.err(path, "is required");
        } else {
            self.length(path, value, max);
        }
    }
    pub(crate) fn length(&mut self, path: &str, value: &str, max: usize) {
        let n = value.chars().count();
        if n > max {
            self.err(path, format!("is too long ({n} characters; at most {max})"));
        }
    }
    pub(crate) fn list_len<T>(&mut self, path: &str, items: &[T]) {
        if items.len() > MAX_ITEMS {
            self.err(
                path,
                format!("has too many items ({}; at most {MAX_ITEMS})", items.len()),
            );
        }
    }
    pub(crate) fn text_list(&mut self, path: &str, items: &[String]) {
        self.list_len(path, items);
        for (i, t) in items.iter().enumerate() {
            self.required(&format!("{path}[{i}]"), t, MAX_SHORT);
        }
    }
    /// A date field: `YYYY-MM-DD`, or empty when `optional`.
    pub(crate) fn date(&mut self, path: &str, value: &str, optional: bool) {
        if value.is_empty() {
            if !optional {
                self.err(path, "is required");
            }
        } else if !crate::core::kernel::dates::is_date(value) {
            self.err(path, "expected a date such as 2026-01-31");
        }
    }
    pub(crate) fn timestamp(&mut self, path: &str, value: &str) {
        if crate::core::kernel::dates::Timestamp::parse(value).is_none() {
            self.err(
                path,
                "expected a date and time such as 2026-01-31T09:30:00Z",
            );
        }
    }
}
