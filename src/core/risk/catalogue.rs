//! A starter catalogue of threats and vulnerabilities, in our own words and
//! grouped by theme, offered as suggestions when a risk is written. Users
//! may type anything else; what they type is kept as they wrote it.

/// One theme: its name, its threats and its vulnerabilities.
pub struct Theme {
    pub name: &'static str,
    pub threats: &'static [&'static str],
    pub vulnerabilities: &'static [&'static str],
}

pub const THEMES: &[Theme] = &[
    Theme {
        name: "People",
        threats: &[
            "Phishing or other social engineering",
            "Mistake by a member of staff",
            "Misuse of access by an insider",
            "Departure of a key person",
            "Theft or fraud by staff",
        ],
        vulnerabilities: &[
            "Too little security awareness training",
            "No second person checks critical tasks",
            "Knowledge held by a single person",
            "Leavers keep their access",
            "No screening before hiring",
        ],
    },
    Theme {
        name: "Malicious software and attacks",
        threats: &[
            "Ransomware",
            "Malware brought in by e-mail, web or removable media",
            "Break-in through an exposed service",
            "Denial of service attack",
            "Stolen or guessed credentials",
        ],
        vulnerabilities: &[
            "Missing security patches",
            "Weak or reused passwords",
            "No multi-factor authentication",
            "Services exposed to the internet without need",
            "No malware protection on endpoints",
        ],
    },
    Theme {
        name: "Technology and operations",
        threats: &[
            "Hardware failure",
            "Software fault or failed change",
            "Loss of data through deletion or corruption",
            "Capacity exhausted",
            "Misconfiguration",
        ],
        vulnerabilities: &[
            "Backups not tested by restoring them",
            "Single point of failure",
            "Changes made without testing or approval",
            "Unsupported (end-of-life) systems",
            "Logs not collected or not reviewed",
        ],
    },
    Theme {
        name: "Information handling",
        threats: &[
            "Disclosure of confidential information",
            "Loss or theft of a laptop, phone or storage medium",
            "Information sent to the wrong recipient",
            "Unauthorised change of records",
        ],
        vulnerabilities: &[
            "Data not encrypted at rest or in transit",
            "Information not classified or labelled",
            "Access rights broader than needed",
            "No secure disposal of media and paper",
        ],
    },
    Theme {
        name: "Suppliers and cloud",
        threats: &[
            "Supplier outage",
            "Security breach at a supplier",
            "Supplier goes out of business",
            "Data held by a provider in another jurisdiction",
        ],
        vulnerabilities: &[
            "No security requirements in the contract",
            "Supplier not assessed or monitored",
            "No exit plan for a critical service",
            "Shared responsibilities with a cloud provider not defined",
        ],
    },
    Theme {
        name: "Physical and environmental",
        threats: &[
            "Fire, flood or water leak",
            "Power cut",
            "Unauthorised entry to premises",
            "Theft of equipment",
        ],
        vulnerabilities: &[
            "No access control at the entrance or server room",
            "No uninterruptible power supply",
            "Equipment in an unprotected location",
            "Clear desk and screen rules not applied",
        ],
    },
    Theme {
        name: "Legal and compliance",
        threats: &[
            "Breach of data protection law",
            "Breach of a contract's security terms",
            "Use of unlicensed software",
        ],
        vulnerabilities: &[
            "Legal and contractual requirements not identified",
            "No record of processing activities",
            "Retention periods not defined",
        ],
    },
];

/// Every threat of the catalogue, theme by theme.
pub fn threats() -> impl Iterator<Item = (&'static str, &'static str)> {
    THEMES
        .iter()
        .flat_map(|t| t.threats.iter().map(move |x| (t.name, *x)))
}

/// Every vulnerability of the catalogue, theme by theme.
pub fn vulnerabilities() -> impl Iterator<Item = (&'static str, &'static str)> {
    THEMES
        .iter()
        .flat_map(|t| t.vulnerabilities.iter().map(move |x| (t.name, *x)))
}
