//! Closed sets of choices (kinds, levels, ratings...): their stored names
//! and labels, for the model, forms and filters.

/// A closed set of choices (kinds, levels, ratings...), for forms and filters.
pub trait Choice: Copy + PartialEq + Send + Sync + 'static {
    fn all() -> &'static [Self];
    /// The stored names of [`Choice::all`], in the same order.
    fn keys() -> &'static [&'static str];
    /// The labels of [`Choice::all`], in the same order.
    fn labels() -> &'static [&'static str];
    fn key(self) -> &'static str;
    fn label(self) -> &'static str;
    fn from_key(key: &str) -> Option<Self>;
}

/// Declares a closed set of choices with its stored name and its label.
macro_rules! choice_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $key:literal, $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize)]
        pub enum $name {
            $(#[serde(rename = $key)] $variant),+
        }
        impl $name {
            /// Every choice, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The stored names of [`Self::ALL`], in the same order.
            pub const KEYS: &'static [&'static str] = &[$($key),+];
            /// The labels of [`Self::ALL`], in the same order.
            pub const LABELS: &'static [&'static str] = &[$($label),+];
            /// The name stored in files.
            pub fn key(self) -> &'static str { match self { $($name::$variant => $key),+ } }
            /// The name shown to people.
            pub fn label(self) -> &'static str { match self { $($name::$variant => $label),+ } }
            /// The choice stored under `key`.
            pub fn from_key(key: &str) -> Option<Self> {
                match key { $($key => Some($name::$variant),)+ _ => None }
            }
        }
        impl $crate::core::kernel::choice::Choice for $name {
            fn all() -> &'static [Self] { Self::ALL }
            fn keys() -> &'static [&'static str] { Self::KEYS }
            fn labels() -> &'static [&'static str] { Self::LABELS }
            fn key(self) -> &'static str { $name::key(self) }
            fn label(self) -> &'static str { $name::label(self) }
            fn from_key(key: &str) -> Option<Self> { $name::from_key(key) }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.label()) }
        }
    };
}
pub(crate) use choice_enum;

/// The columns a list sorts by, every one of them in [`SortColumn::ALL`]:
/// a list keeps the place of the column it is sorted by, so that one kind
/// of signal serves every list.
pub trait SortColumn: Copy + PartialEq + Send + Sync + 'static {
    const ALL: &'static [Self];
}

/// A list sorted in one way only.
impl SortColumn for () {
    const ALL: &'static [()] = &[()];
}

/// Declares the columns a list sorts by (a [`SortColumn`]).
macro_rules! sort_columns {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vm])* $variant),+
        }
        impl $crate::core::kernel::choice::SortColumn for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
        }
    };
}
pub(crate) use sort_columns;
