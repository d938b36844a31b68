//! The kit: shared pieces every page builds with.
//!
//! - [`editor`]: the one record editor (find or create, draft, guards,
//!   save, close, delete with Undo), given each kind's fields;
//! - [`picker`]: the one record picker (search, suggestions, chips);
//! - [`list_editor`]: the rows of a list inside a record (add, remove);
//! - [`fields`], [`dialog`] (modal dialogs, and where focus goes),
//!   [`notices`], [`pager`], [`rows`] (the one keyed list), [`reactive`]
//!   (boxed reactive parts);
//! - [`unsaved`] and [`versioned`]: an editor's guards against losing
//!   unsaved changes and against overwriting a change made elsewhere.

pub mod dialog;
pub mod editor;
pub mod fields;
pub mod list_editor;
pub mod notices;
pub mod pager;
pub mod picker;
pub mod reactive;
pub mod rows;
pub mod table;
pub mod unsaved;
pub mod versioned;
