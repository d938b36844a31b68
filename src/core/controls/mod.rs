//! Controls: the control register (the ISO/IEC 27001:2022 Annex A
//! catalogue, ids, themes and short titles, and the organisation's own
//! controls), the Statement of Applicability built on it, and other
//! frameworks' catalogues read from OSCAL.

pub mod annex_a;
pub mod model;
pub mod oscal;
pub mod rules;
pub mod soa;
