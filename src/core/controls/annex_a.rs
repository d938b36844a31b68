//! The 93 controls of ISO/IEC 27001:2022 Annex A: ids and short titles only
//! (ISO's own control text is copyrighted and not shipped). Every ISMS
//! holds them as records of its control register ([`register`]), under
//! fixed ids, whatever else it adds.
//! `tests/core_annex_a.rs` checks this list against the reference file.

use super::model::{Control, Theme};

/// (id without the `A.` prefix, short title), in Annex A order.
pub const CONTROLS: &[(&str, &str)] = &[
    ("5.1", "Policies for information security"),
    ("5.2", "Information security roles and responsibilities"),
    ("5.3", "Segregation of duties"),
    ("5.4", "Management responsibilities"),
    ("5.5", "Contact with authorities"),
    ("5.6", "Contact with special interest groups"),
    ("5.7", "Threat intelligence"),
    ("5.8", "Information security in project management"),
    (
        "5.9",
        "Inventory of information and other associated assets",
    ),
    (
        "5.10",
        "Acceptable use of information and other associated assets",
    ),
    ("5.11", "Return of assets"),
    ("5.12", "Classification of information"),
    ("5.13", "Labelling of information"),
    ("5.14", "Information transfer"),
    ("5.15", "Access control"),
    ("5.16", "Identity management"),
    ("5.17", "Authentication information"),
    ("5.18", "Access rights"),
    ("5.19", "Information security in supplier relationships"),
    (
        "5.20",
        "Addressing information security within supplier agreements",
    ),
    (
        "5.21",
        "Managing information security in the ICT supply chain",
    ),
    (
        "5.22",
        "Monitoring, review and change management of supplier services",
    ),
    ("5.23", "Information security for use of cloud services"),
    (
        "5.24",
        "Information security incident management planning and preparation",
    ),
    (
        "5.25",
        "Assessment and decision on information security events",
    ),
    ("5.26", "Response to information security incidents"),
    ("5.27", "Learning from information security incidents"),
    ("5.28", "Collection of evidence"),
    ("5.29", "Information security during disruption"),
    ("5.30", "ICT readiness for business continuity"),
    (
        "5.31",
        "Legal, statutory, regulatory and contractual requirements",
    ),
    ("5.32", "Intellectual property rights"),
    ("5.33", "Protection of records"),
    ("5.34", "Privacy and protection of PII"),
    ("5.35", "Independent review of information security"),
    (
        "5.36",
        "Compliance with policies, rules and standards for information security",
    ),
    ("5.37", "Documented operating procedures"),
    ("6.1", "Screening"),
    ("6.2", "Terms and conditions of employment"),
    (
        "6.3",
        "Information security awareness, education and training",
    ),
    ("6.4", "Disciplinary process"),
    (
        "6.5",
        "Responsibilities after termination or change of employment",
    ),
    ("6.6", "Confidentiality or non-disclosure agreements"),
    ("6.7", "Remote working"),
    ("6.8", "Information security event reporting"),
    ("7.1", "Physical security perimeters"),
    ("7.2", "Physical entry"),
    ("7.3", "Securing offices, rooms and facilities"),
    ("7.4", "Physical security monitoring"),
    (
        "7.5",
        "Protecting against physical and environmental threats",
    ),
    ("7.6", "Working in secure areas"),
    ("7.7", "Clear desk and clear screen"),
    ("7.8", "Equipment siting and protection"),
    ("7.9", "Security of assets off-premises"),
    ("7.10", "Storage media"),
    ("7.11", "Supporting utilities"),
    ("7.12", "Cabling security"),
    ("7.13", "Equipment maintenance"),
    ("7.14", "Secure disposal or re-use of equipment"),
    ("8.1", "User end point devices"),
    ("8.2", "Privileged access rights"),
    ("8.3", "Information access restriction"),
    ("8.4", "Access to source code"),
    ("8.5", "Secure authentication"),
    ("8.6", "Capacity management"),
    ("8.7", "Protection against malware"),
    ("8.8", "Management of technical vulnerabilities"),
    ("8.9", "Configuration management"),
    ("8.10", "Information deletion"),
    ("8.11", "Data masking"),
    ("8.12", "Data leakage prevention"),
    ("8.13", "Information backup"),
    ("8.14", "Redundancy of information processing facilities"),
    ("8.15", "Logging"),
    ("8.16", "Monitoring activities"),
    ("8.17", "Clock synchronization"),
    ("8.18", "Use of privileged utility programs"),
    ("8.19", "Installation of software on operational systems"),
    ("8.20", "Networks security"),
    ("8.21", "Security of network services"),
    ("8.22", "Segregation of networks"),
    ("8.23", "Web filtering"),
    ("8.24", "Use of cryptography"),
    ("8.25", "Secure development life cycle"),
    ("8.26", "Application security requirements"),
    (
        "8.27",
        "Secure system architecture and engineering principles",
    ),
    ("8.28", "Secure coding"),
    ("8.29", "Security testing in development and acceptance"),
    ("8.30", "Outsourced development"),
    (
        "8.31",
        "Separation of development, test and production environments",
    ),
    ("8.32", "Change management"),
    ("8.33", "Test information"),
    (
        "8.34",
        "Protection of information systems during audit testing",
    ),
];

/// The theme of a control id (`5.15` or `A.5.15` → Organizational).
pub fn theme(id: &str) -> Option<&'static str> {
    theme_of(id).map(|t| t.label())
}

/// The theme of a control id of the catalogue (`5.15` or `A.5.15`).
pub fn theme_of(id: &str) -> Option<Theme> {
    let id = parse_id(id)?;
    match id.split('.').next() {
        Some("5") => Some(Theme::Organizational),
        Some("6") => Some(Theme::People),
        Some("7") => Some(Theme::Physical),
        Some("8") => Some(Theme::Technological),
        _ => None,
    }
}

/// The catalogue's id (`8.13`) of a text that names an Annex A control:
/// `8.13`, `A.8.13`, `A 8.13` or `a.8.13`, spaces around it allowed.
pub fn parse_id(text: &str) -> Option<&'static str> {
    let t = text.trim();
    let t = t
        .strip_prefix("A.")
        .or_else(|| t.strip_prefix("a."))
        .or_else(|| t.strip_prefix("A "))
        .or_else(|| t.strip_prefix("a "))
        .unwrap_or(t)
        .trim();
    CONTROLS.iter().find(|(c, _)| *c == t).map(|(c, _)| *c)
}

/// The catalogue entry whose register reference is `reference` (`A.8.13`).
pub fn by_reference(reference: &str) -> Option<(&'static str, &'static str)> {
    let id = reference.strip_prefix("A.")?;
    CONTROLS.iter().find(|(c, _)| *c == id).copied()
}

/// The creation time of the Annex A controls of a register until they are
/// first changed: the day ISO/IEC 27001:2022 was published.
pub const PUBLISHED: &str = "2022-10-25T00:00:00Z";

/// The fixed id of the Annex A control `8.13` in every ISMS, so that two
/// files speak of the same control by the same id:
/// `a27001a0-2022-4000-8000-` and the theme and number in hexadecimal.
pub fn control_id(id: &str) -> String {
    let mut parts = id.split('.');
    let theme: u64 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let n: u64 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    format!("a27001a0-2022-4000-8000-{:06x}{:06x}", theme, n)
}

/// The 93 Annex A controls as records of a new register: included, not
/// started, with their fixed ids and references `A.5.1`…`A.8.34`.
pub fn register() -> Vec<Control> {
    CONTROLS
        .iter()
        .map(|(id, title)| Control {
            id: control_id(id),
            reference: format!("A.{id}"),
            title: (*title).to_string(),
            theme: theme_of(id).unwrap_or(Theme::Organizational),
            created_at: PUBLISHED.to_string(),
            updated_at: PUBLISHED.to_string(),
            ..Control::blank()
        })
        .collect()
}
