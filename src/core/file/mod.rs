//! The file layer: the exported file and the stored envelope, the reader
//! of the model, the schema migrations, and the packed form of the store.

pub mod format;
pub mod migrate;
pub mod pack;
pub(crate) mod read;
