//! Controls: the ISO/IEC 27001:2022 Annex A catalogue (ids, themes, short
//! titles), and other frameworks' catalogues read from OSCAL.

pub mod annex_a;
pub mod oscal;
