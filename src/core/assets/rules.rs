//! The rules of an asset.

use super::model::Asset;
use crate::core::kernel::check::{Check, FieldError, MAX_LONG, MAX_SHORT};
use crate::core::kernel::record::{ident, Among, Link, Record, RecordKind};
use std::collections::HashSet;

/// An asset's fields, with `exists` telling which asset ids exist.
pub fn asset_among(a: &Asset, exists: &dyn Fn(&str) -> bool) -> Vec<FieldError> {
    let mut c = Check::default();
    c.required("name", &a.name, MAX_SHORT);
    c.required("owner", &a.owner, MAX_SHORT);
    c.length("description", &a.description, MAX_LONG);
    c.length("location", &a.location, MAX_SHORT);
    c.list_len("depends_on", &a.depends_on);
    let mut seen = HashSet::new();
    for (i, d) in a.depends_on.iter().enumerate() {
        let at = format!("depends_on[{i}]");
        if !a.id.is_empty() && *d == a.id {
            c.err(at, "an asset cannot depend on itself");
        } else if !exists(d) {
            c.err(at, format!("no asset has the id {d}"));
        } else if !seen.insert(d.as_str()) {
            c.err(at, "is listed twice");
        }
    }
    c.list_len("tags", &a.tags);
    let mut tags = HashSet::new();
    for (i, t) in a.tags.iter().enumerate() {
        c.required(&format!("tags[{i}]"), t, 50);
        if !tags.insert(crate::core::kernel::text::fold(t)) {
            c.err(format!("tags[{i}]"), format!("tag \"{t}\" is listed twice"));
        }
    }
    c.errors
}

impl Record for Asset {
    ident!(name);
    fn rules(&self, among: &Among) -> Vec<FieldError> {
        asset_among(self, &|id| among.exists(RecordKind::Asset, id))
    }
    fn prepare(&mut self) {
        for t in &mut self.tags {
            *t = t.trim().to_string();
        }
    }
    fn links() -> &'static [Link<Self>] {
        &[Link {
            field: "depends_on",
            to: RecordKind::Asset,
            get: |a| &a.depends_on,
            get_mut: |a| &mut a.depends_on,
            named: "{ref} {title}",
            removed: "Removed {gone} from the dependencies of asset {ref} {title} (it was deleted)",
            restored:
                "Added {gone} back to the dependencies of asset {ref} {title} (it was restored)",
        }]
    }
}

/// An asset's editable fields; dependencies must name other assets of `isms`.
pub fn asset(a: &Asset, isms: &crate::core::Isms) -> Vec<FieldError> {
    a.rules(&Among::isms(isms))
}
