//! Risk assessment and treatment: the register, a risk's editor, the
//! method, the printable report, and the heat maps they share.

pub mod editor;
pub mod matrix;
pub mod method;
pub mod register;
pub mod report;
