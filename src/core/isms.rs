//! The whole ISMS: what is stored and exported. Field order here is the
//! key order of the exported file, and records keep their creation order,
//! so that two exports of one ISMS are byte-identical.

use crate::core::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// The whole ISMS: what is stored and exported.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Isms {
    pub organisation: Organisation,
    pub issues: Vec<ContextIssue>,
    pub parties: Vec<Party>,
    pub scope: Scope,
    pub assets: Vec<Asset>,
    /// How risks are scored (6.1.2 a, b).
    pub risk_method: RiskMethod,
    /// The risk register.
    pub risks: Vec<Risk>,
    /// The control register: the 93 Annex A controls and the
    /// organisation's own (6.1.3, Annex A).
    pub controls: Vec<Control>,
    /// The approved versions of the SoA, the risk method, the scope and
    /// the treatment plan, in the order approved (read-only).
    pub approvals: Vec<crate::core::approvals::Approval>,
    /// The last number handed out per reference prefix (`A`, `P`, `I`, `R`), so
    /// a deleted record's reference is never reused.
    pub counters: BTreeMap<String, u32>,
    pub audit_log: Vec<AuditEntry>,
}

/// The top-level keys of the ISMS in the file, in order (a test checks
/// them against what is written): whole-ISMS errors are listed in this
/// order.
pub const FILE_KEYS: &[&str] = &[
    "organisation",
    "issues",
    "parties",
    "scope",
    "assets",
    "risk_method",
    "risks",
    "controls",
    "approvals",
    "counters",
    "audit_log",
];

impl Default for Isms {
    /// A new ISMS: nothing in it yet but the default risk method and the
    /// 93 Annex A controls of its control register.
    fn default() -> Self {
        Isms {
            organisation: Organisation::default(),
            issues: Vec::new(),
            parties: Vec::new(),
            scope: Scope::default(),
            assets: Vec::new(),
            risk_method: RiskMethod::default(),
            risks: Vec::new(),
            controls: crate::core::controls::annex_a::register(),
            approvals: Vec::new(),
            counters: BTreeMap::new(),
            audit_log: Vec::new(),
        }
    }
}

impl Isms {
    pub fn asset(&self, id: &str) -> Option<&Asset> {
        self.find(id)
    }
    pub fn party(&self, id: &str) -> Option<&Party> {
        self.find(id)
    }
    pub fn risk(&self, id: &str) -> Option<&Risk> {
        self.find(id)
    }
    pub fn issue(&self, id: &str) -> Option<&ContextIssue> {
        self.find(id)
    }
    /// The risks that name the asset `id` among their affected assets.
    pub fn risks_of_asset(&self, id: &str) -> Vec<&Risk> {
        self.risks
            .iter()
            .filter(|r| r.assets.iter().any(|a| a == id))
            .collect()
    }
    /// The assets that depend on the asset `id`.
    pub fn dependents_of(&self, id: &str) -> Vec<&Asset> {
        self.assets
            .iter()
            .filter(|a| a.depends_on.iter().any(|d| d == id))
            .collect()
    }
    /// Every rule over a whole ISMS, as read from a file or from storage,
    /// with paths such as `assets[3].owner`, in file order.
    pub fn check(&self) -> Vec<FieldError> {
        use crate::core::kernel::check::{Check, MAX_LONG, MAX_SHORT};
        let mut c = Check::default();
        // Organisation: the name may still be empty in a new ISMS.
        let o = &self.organisation;
        c.length("organisation.name", &o.name, MAX_SHORT);
        c.length("organisation.sector", &o.sector, MAX_SHORT);
        c.text_list("organisation.locations", &o.locations);
        c.length("organisation.description", &o.description, MAX_LONG);
        crate::core::kernel::record::check_records(self, &mut c);
        crate::core::controls::rules::annex_a_complete(self, &mut c);
        crate::core::approvals::check(self, &mut c);
        c.errors.extend(
            crate::core::context::rules::scope(&self.scope)
                .into_iter()
                .map(|e| e.under("scope")),
        );
        c.errors.extend(
            crate::core::risk::validate(&self.risk_method)
                .into_iter()
                .map(|e| e.under("risk_method")),
        );
        let mut last = 0;
        for (i, e) in self.audit_log.iter().enumerate() {
            let at = format!("audit_log[{i}]");
            if e.seq <= last {
                c.err(
                    format!("{at}.seq"),
                    format!("must be greater than the previous entry's ({last})"),
                );
            }
            last = e.seq;
            c.timestamp(&format!("{at}.at"), &e.at);
            c.length(&format!("{at}.actor"), &e.actor, MAX_SHORT);
            c.length(&format!("{at}.summary"), &e.summary, MAX_LONG);
        }
        // In file order: by top-level key, each key's errors as found.
        let place = |e: &FieldError| {
            let key = e.path.split(['.', '[']).next().unwrap_or("");
            FILE_KEYS
                .iter()
                .position(|k| *k == key)
                .unwrap_or(FILE_KEYS.len())
        };
        let mut errors = c.errors;
        crate::core::kernel::text::sort_by(&mut errors, &|a, b| place(a).cmp(&place(b)));
        errors
    }
}
