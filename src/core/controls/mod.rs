//! Controls: the ISO/IEC 27001:2022 Annex A catalogue (ids, themes, short
//! titles).

pub mod annex_a;
