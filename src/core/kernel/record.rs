//! One record model for every kind of record kept in a list of the ISMS
//! (assets, risks, interested parties, issues...), and the one table of
//! those kinds ([`record_kinds!`] below) from which the generic parts
//! follow: lookup by id and by reference, reference counters and their
//! repair, the identity checks of a whole ISMS (unique ids and references,
//! valid timestamps, links that resolve), the save, delete and restore
//! commands with their audit entries, and the import preview's counts.
//!
//! Adding a kind: its struct and `impl Record` (with its rules) in its
//! domain folder, one row in the table, its page. `tests/core_kinds.rs`
//! runs over every kind of the table. See `docs/adding-a-record-kind.md`.

use crate::core::kernel::check::{Check, FieldError};
use crate::core::kernel::choice::choice_enum;
use crate::core::kernel::ids;
use crate::core::*;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

choice_enum!(
    /// The kinds of record the audit log speaks of: the kinds of the table
    /// below, and the parts the ISMS has one of.
    RecordKind {
        Organisation => "organisation", "Organisation",
        Issue => "issue", "Issue",
        Party => "party", "Interested party",
        Scope => "scope", "Scope",
        Asset => "asset", "Asset",
        Risk => "risk", "Risk",
        Control => "control", "Control",
        RiskMethod => "risk_method", "Risk method",
        Soa => "soa", "Statement of Applicability",
        TreatmentPlan => "treatment_plan", "Risk treatment plan",
        Isms => "isms", "Whole ISMS",
    }
);

/// What the table says of a kind of record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindInfo {
    /// The reference prefix (`A` for `A-0001`).
    pub prefix: &'static str,
    /// The key of its list in the file (`assets`).
    pub key: &'static str,
    /// The kind in a sentence ("interested party").
    pub noun: &'static str,
    /// Its plural in a sentence ("interested parties").
    pub plural: &'static str,
    /// Its plural as a heading or label ("Interested parties").
    pub label: &'static str,
    /// The first part of its routes (`#/parties`, `#/parties/P-0001`).
    pub route: &'static str,
}

/// Mutable access to the bookkeeping fields every record has.
pub struct Ident<'a> {
    pub id: &'a mut String,
    pub reference: &'a mut String,
    pub created_at: &'a mut String,
    pub updated_at: &'a mut String,
}

/// A field of a record that lists the ids of other records (an asset's
/// `depends_on`, a risk's `assets`). Deleting a record detaches it from
/// these lists (after asking), and an Undo puts it back; whole-ISMS checks
/// find an id that resolves to nothing.
pub struct Link<T: 'static> {
    /// The field's name in the file.
    pub field: &'static str,
    /// The kind of record the ids are of.
    pub to: RecordKind,
    pub get: fn(&T) -> &Vec<String>,
    pub get_mut: fn(&mut T) -> &mut Vec<String>,
    /// The holder as named in "referred to by ..." (`{ref}` and `{title}`
    /// are replaced): `risk {ref} {title}`.
    pub named: &'static str,
    /// The log summary of a detach (`{gone}` is the deleted record's
    /// reference).
    pub removed: &'static str,
    /// The log summary of putting it back.
    pub restored: &'static str,
}

impl<T> Link<T> {
    pub(crate) fn say(template: &str, gone: &str, reference: &str, title: &str) -> String {
        template
            .replace("{gone}", gone)
            .replace("{ref}", reference)
            .replace("{title}", &quoted(title))
    }
}

/// What the rules of a record may look at besides the record: the ISMS,
/// and which ids exist (from an index when a whole ISMS is checked).
pub struct Among<'a> {
    pub isms: &'a Isms,
    index: Option<&'a [(RecordKind, HashSet<&'a str>)]>,
}

impl<'a> Among<'a> {
    /// Rules of one record being saved into `isms`.
    pub fn isms(isms: &'a Isms) -> Self {
        Among { isms, index: None }
    }
    /// Whether a record of `kind` has the id `id`.
    pub fn exists(&self, kind: RecordKind, id: &str) -> bool {
        match self.index {
            Some(ix) => ix
                .iter()
                .find(|(k, _)| *k == kind)
                .is_some_and(|(_, s)| s.contains(id)),
            None => self.isms.exists(kind, id),
        }
    }
}

/// Where a kind of record lives: implemented for each row of the table by
/// [`record_kinds!`].
pub trait Listed: Sized {
    const KIND: RecordKind;
    const INFO: KindInfo;
    fn list(m: &Isms) -> &Vec<Self>;
    fn list_mut(m: &mut Isms) -> &mut Vec<Self>;
    fn wrap(self) -> AnyRecord;
}

/// What every record has (id, reference, creation and change times, a
/// title for summaries) and its own rules. Implemented in the kind's
/// domain folder; [`ident!`] writes the bookkeeping part.
pub trait Record:
    Listed + Clone + std::fmt::Debug + PartialEq + Serialize + Send + Sync + 'static
{
    fn id(&self) -> &str;
    fn reference(&self) -> &str;
    fn created_at(&self) -> &str;
    /// When it last changed: the version a change of it starts from.
    fn updated_at(&self) -> &str;
    fn ident_mut(&mut self) -> Ident<'_>;
    /// The name or title shown in summaries and pickers.
    fn title(&self) -> &str;
    /// The rules of its editable fields, with paths relative to the record
    /// (`name`, `requirements[2].text`).
    fn rules(&self, among: &Among) -> Vec<FieldError>;
    /// Rules a change must also pass, which stored data and files written
    /// before them need not (they still load and import as they are): a
    /// save that breaks one is refused, with the message beside its field.
    fn save_rules(&self, _among: &Among) -> Vec<FieldError> {
        Vec::new()
    }
    /// Whether its reference is one of its kind: `prefix-0001` unless the
    /// kind has references of its own (Annex A controls are `A.8.13`).
    fn reference_ok(&self, prefix: &str) -> bool {
        ids::reference_number(prefix, self.reference()).is_some()
    }
    /// Why it may not be deleted, if it may not (whatever links to it):
    /// an Annex A control, a control a treatment action implements.
    fn delete_refusal(&self, _m: &Isms) -> Option<String> {
        None
    }
    /// Readies a record for its rules before a save (trims).
    fn prepare(&mut self) {}
    /// Records what the core derives when it is saved, once its rules pass
    /// (the level and method a risk's acceptance was given under).
    fn stamp(&mut self, _m: &Isms) {}
    /// Gives the new items inside it (empty id) an id, once its rules pass.
    fn new_ids(&mut self, _new_id: &mut dyn FnMut() -> String) {}
    /// Ids of the items inside it (a party's requirements, a risk's
    /// actions), each with its path: checked as UUIDs, unique in the ISMS.
    fn nested_ids(&self) -> Vec<(String, &str)> {
        Vec::new()
    }
    /// Its fields that list other records.
    fn links() -> &'static [Link<Self>] {
        &[]
    }
    /// The rows it adds to an import preview: its label and count, and any
    /// items inside it worth counting (requirements).
    fn count_rows(list: &[Self]) -> Vec<(&'static str, usize)> {
        vec![(Self::INFO.label, list.len())]
    }
}

/// Writes the bookkeeping part of `impl Record` for a struct with `id`,
/// `reference`, `created_at` and `updated_at` fields; `$title` is the field
/// shown as its title.
macro_rules! ident {
    ($title:ident) => {
        fn id(&self) -> &str {
            &self.id
        }
        fn reference(&self) -> &str {
            &self.reference
        }
        fn created_at(&self) -> &str {
            &self.created_at
        }
        fn updated_at(&self) -> &str {
            &self.updated_at
        }
        fn ident_mut(&mut self) -> $crate::core::kernel::record::Ident<'_> {
            $crate::core::kernel::record::Ident {
                id: &mut self.id,
                reference: &mut self.reference,
                created_at: &mut self.created_at,
                updated_at: &mut self.updated_at,
            }
        }
        fn title(&self) -> &str {
            &self.$title
        }
    };
}
pub(crate) use ident;

/// Something done with a record of any kind: the generic code's way to
/// reach the record inside an [`AnyRecord`].
pub trait WithRecord {
    type Out;
    fn with<T: Record>(self, x: T) -> Self::Out;
}

/// Something done for a kind of record: the generic code's way to walk the
/// table ([`RecordKind::with`], [`each_kind`]).
pub trait WithKind {
    type Out;
    fn with<T: Record>(&mut self) -> Self::Out;
}

/// THE TABLE OF RECORD KINDS. One row per kind kept in a list of the ISMS:
/// its [`RecordKind`], its type, where its list is, and what it is called.
/// The order is the order of import summaries and previews.
macro_rules! record_kinds {
    ($($kind:ident => $t:ty { list: $list:ident, prefix: $prefix:literal, noun: $noun:literal, plural: $plural:literal, label: $label:literal, route: $route:literal }),+ $(,)?) => {
        $(impl Listed for $t {
            const KIND: RecordKind = RecordKind::$kind;
            const INFO: KindInfo = KindInfo {
                prefix: $prefix,
                key: stringify!($list),
                noun: $noun,
                plural: $plural,
                label: $label,
                route: $route,
            };
            fn list(m: &Isms) -> &Vec<Self> {
                &m.$list
            }
            fn list_mut(m: &mut Isms) -> &mut Vec<Self> {
                &mut m.$list
            }
            fn wrap(self) -> AnyRecord {
                AnyRecord::$kind(self)
            }
        })+

        /// A record of any kind of the table.
        #[derive(Clone, Debug, PartialEq)]
        pub enum AnyRecord {
            $($kind($t)),+
        }

        impl AnyRecord {
            pub fn kind(&self) -> RecordKind {
                match self {
                    $(AnyRecord::$kind(_) => RecordKind::$kind),+
                }
            }
            /// Does `f` with the record inside.
            pub fn with<F: WithRecord>(self, f: F) -> F::Out {
                match self {
                    $(AnyRecord::$kind(x) => f.with(x)),+
                }
            }
        }

        impl RecordKind {
            /// The kinds of the table, in its order.
            pub const RECORDS: &'static [RecordKind] = &[$(RecordKind::$kind),+];

            /// What the table says of this kind; `None` for the parts the
            /// ISMS has one of (organisation, scope, risk method).
            pub fn info(self) -> Option<KindInfo> {
                match self {
                    $(RecordKind::$kind => Some(<$t as Listed>::INFO),)+
                    _ => None,
                }
            }

            /// Does `f` for this kind's type; `None` for a part the ISMS
            /// has one of.
            pub fn with<F: WithKind>(self, f: &mut F) -> Option<F::Out> {
                match self {
                    $(RecordKind::$kind => Some(f.with::<$t>()),)+
                    _ => None,
                }
            }
        }
    };
}

record_kinds! {
    Asset => Asset { list: assets, prefix: "A", noun: "asset", plural: "assets", label: "Assets", route: "assets" },
    Risk => Risk { list: risks, prefix: "R", noun: "risk", plural: "risks", label: "Risks", route: "risks" },
    Party => Party { list: parties, prefix: "P", noun: "interested party", plural: "interested parties", label: "Interested parties", route: "parties" },
    Issue => ContextIssue { list: issues, prefix: "I", noun: "issue", plural: "issues", label: "Issues", route: "issues" },
    Control => Control { list: controls, prefix: "C", noun: "control", plural: "controls", label: "Controls", route: "controls" },
}

/// Does `f` for every kind of the table, in its order.
pub fn each_kind<F: WithKind<Out = ()>>(f: &mut F) {
    for k in RecordKind::RECORDS {
        k.with(f);
    }
}

impl<T: Record> From<T> for AnyRecord {
    fn from(x: T) -> Self {
        x.wrap()
    }
}

/// Text in typographic quotes, cut to 80 characters: how summaries name
/// a record.
pub fn quoted(s: &str) -> String {
    let s: String = s.chars().take(80).collect();
    format!("\u{201c}{s}\u{201d}")
}

impl Isms {
    /// The record of kind `T` with the id `id`.
    pub fn find<T: Record>(&self, id: &str) -> Option<&T> {
        T::list(self).iter().find(|x| x.id() == id)
    }

    /// The record of kind `T` with the reference `reference` (`A-0001`).
    pub fn by_reference<T: Record>(&self, reference: &str) -> Option<&T> {
        T::list(self).iter().find(|x| x.reference() == reference)
    }

    /// Whether a record of `kind` has the id `id`.
    pub fn exists(&self, kind: RecordKind, id: &str) -> bool {
        struct Has<'a>(&'a Isms, &'a str);
        impl WithKind for Has<'_> {
            type Out = bool;
            fn with<T: Record>(&mut self) -> bool {
                self.0.find::<T>(self.1).is_some()
            }
        }
        kind.with(&mut Has(self, id)).unwrap_or(false)
    }

    /// How many records of `kind` the ISMS holds (0 for a part it has one of).
    pub fn count(&self, kind: RecordKind) -> usize {
        struct Count<'a>(&'a Isms);
        impl WithKind for Count<'_> {
            type Out = usize;
            fn with<T: Record>(&mut self) -> usize {
                T::list(self.0).len()
            }
        }
        kind.with(&mut Count(self)).unwrap_or(0)
    }

    /// The reference and title of the record of `kind` with the id `id`.
    pub fn describe(&self, kind: RecordKind, id: &str) -> Option<(String, String)> {
        struct Describe<'a>(&'a Isms, &'a str);
        impl WithKind for Describe<'_> {
            type Out = Option<(String, String)>;
            fn with<T: Record>(&mut self) -> Self::Out {
                let x = self.0.find::<T>(self.1)?;
                Some((x.reference().to_string(), x.title().to_string()))
            }
        }
        kind.with(&mut Describe(self, id)).flatten()
    }

    /// The rows of an import preview, kind by kind in the table's order.
    pub fn count_rows(&self) -> Vec<(&'static str, usize)> {
        struct Rows<'a>(&'a Isms, Vec<(&'static str, usize)>);
        impl WithKind for Rows<'_> {
            type Out = ();
            fn with<T: Record>(&mut self) {
                self.1.extend(T::count_rows(T::list(self.0)));
            }
        }
        let mut rows = Rows(self, Vec::new());
        each_kind(&mut rows);
        rows.1
    }

    /// Raises each reference counter to at least the highest reference in
    /// use, so a hand-edited file never leads to a reused reference.
    pub fn repair_counters(&mut self) {
        struct Repair<'a>(&'a mut Isms);
        impl WithKind for Repair<'_> {
            type Out = ();
            fn with<T: Record>(&mut self) {
                let prefix = T::INFO.prefix;
                let max = T::list(self.0)
                    .iter()
                    .filter_map(|x| ids::reference_number(prefix, x.reference()))
                    .max()
                    .unwrap_or(0);
                // A kind with no record and no counter gets none, so that an
                // import gives back exactly the counters of the file.
                if max == 0 && !self.0.counters.contains_key(prefix) {
                    return;
                }
                let c = self.0.counters.entry(prefix.to_string()).or_insert(0);
                *c = (*c).max(max);
            }
        }
        each_kind(&mut Repair(self));
    }

    /// The next reference of a kind (`A-0007`), counted so that a deleted
    /// record's reference is never reused.
    pub(crate) fn next_reference(&mut self, prefix: &str) -> String {
        let n = self.counters.entry(prefix.to_string()).or_insert(0);
        *n += 1;
        ids::reference(prefix, *n)
    }
}

/// The identity checks of every record of every kind in a whole ISMS: UUID
/// ids unique across the ISMS (items inside records included), references
/// of the kind's prefix unique within it, valid timestamps, and the
/// record's own rules with the links it holds resolved against the ISMS.
pub(crate) fn check_records(m: &Isms, c: &mut Check) {
    // The ids of each kind (a handful of kinds: a list).
    let mut index: Vec<(RecordKind, HashSet<&str>)> = Vec::new();
    struct Index<'a, 'b>(&'a Isms, &'b mut Vec<(RecordKind, HashSet<&'a str>)>);
    impl<'a> WithKind for Index<'a, '_> {
        type Out = ();
        fn with<T: Record>(&mut self) {
            let m: &'a Isms = self.0;
            self.1
                .push((T::KIND, T::list(m).iter().map(|x| x.id()).collect()));
        }
    }
    each_kind(&mut Index(m, &mut index));

    struct Identity<'a> {
        m: &'a Isms,
        among: Among<'a>,
        c: &'a mut Check,
        ids: HashMap<String, String>,
    }
    impl Identity<'_> {
        fn unique_id(&mut self, at: &str, id: &str) {
            if let Some(first) = self.ids.get(id) {
                self.c.err(
                    format!("{at}.id"),
                    format!("duplicate id {id} (also used by {first})"),
                );
            } else {
                self.ids.insert(id.to_string(), at.to_string());
            }
        }
    }
    impl WithKind for Identity<'_> {
        type Out = ();
        fn with<T: Record>(&mut self) {
            let prefix = T::INFO.prefix;
            let mut refs: HashMap<String, String> = HashMap::new();
            for (i, x) in T::list(self.m).iter().enumerate() {
                let at = format!("{}[{i}]", T::INFO.key);
                if !ids::is_uuid(x.id()) {
                    self.c.err(
                        format!("{at}.id"),
                        "expected a UUID such as 1b4e28ba-2fa1-41d2-883f-0016d3cca427",
                    );
                }
                if !x.reference_ok(prefix) {
                    self.c.err(
                        format!("{at}.reference"),
                        format!("expected a reference such as {prefix}-0001"),
                    );
                }
                self.unique_id(&at, x.id());
                if let Some(first) = refs.get(x.reference()) {
                    self.c.err(
                        format!("{at}.reference"),
                        format!(
                            "duplicate reference {} (also used by {first})",
                            x.reference()
                        ),
                    );
                } else {
                    refs.insert(x.reference().to_string(), at.clone());
                }
                let errs = x.rules(&self.among);
                self.c.errors.extend(errs.into_iter().map(|e| e.under(&at)));
                for (path, id) in x.nested_ids() {
                    let nat = format!("{at}.{path}");
                    if !ids::is_uuid(id) {
                        self.c.err(format!("{nat}.id"), "expected a UUID");
                    }
                    self.unique_id(&nat, id);
                }
                self.c
                    .timestamp(&format!("{at}.created_at"), x.created_at());
                self.c
                    .timestamp(&format!("{at}.updated_at"), x.updated_at());
            }
        }
    }
    // Ids are unique across kinds; visit the kinds in file order, so that
    // "also used by" names the first in the file.
    let mut kinds: Vec<RecordKind> = RecordKind::RECORDS.to_vec();
    let place = |k: &RecordKind| {
        let key = k.info().map_or("", |i| i.key);
        FILE_KEYS
            .iter()
            .position(|f| *f == key)
            .unwrap_or(usize::MAX)
    };
    crate::core::kernel::text::sort_by(&mut kinds, &|a, b| place(a).cmp(&place(b)));
    let mut v = Identity {
        m,
        among: Among {
            isms: m,
            index: Some(&index),
        },
        c,
        ids: HashMap::new(),
    };
    for k in kinds {
        k.with(&mut v);
    }
}
