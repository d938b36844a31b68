//! A deterministic generator of realistic ISMS data, for benchmarks, demos
//! and property tests. Pure: the same seed gives the same ISMS.

use crate::core::kernel::ids::{reference, uuid_v4};
use crate::core::*;

/// A small, fast pseudo-random source (xorshift64*). Not for secrets.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn id(&mut self) -> String {
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        b[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        uuid_v4(b)
    }
}

const SYSTEMS: &[&str] = &[
    "Payroll database",
    "Customer portal",
    "CRM",
    "Laptop fleet",
    "Mail service",
    "HR records",
    "Source code repository",
    "Backup storage",
    "Firewall cluster",
    "Office Wi-Fi",
    "Data warehouse",
    "Build server",
    "Ticketing system",
    "Website",
    "Contract archive",
    "Finance ledger",
];
const OWNERS: &[&str] = &[
    "Head of IT",
    "CFO",
    "HR manager",
    "CTO",
    "Operations lead",
    "Sales director",
    "DPO",
];
const PLACES: &[&str] = &[
    "Head office",
    "Data centre A",
    "Cloud (EU)",
    "Branch office",
    "Remote",
];
const TAGS: &[&str] = &[
    "gdpr",
    "critical",
    "legacy",
    "cloud",
    "pci",
    "customer-data",
    "internal",
];

/// An ISMS with an organisation, a scope, a few issues and parties, and
/// `assets` assets, some depending on earlier ones.
pub fn generate(assets: usize, seed: u64) -> Isms {
    let mut rng = Rng::new(seed);
    let stamp = "2026-01-15T09:00:00Z".to_string();
    let mut isms = Isms {
        organisation: Organisation {
            name: "Example Ltd".into(),
            sector: "Software".into(),
            size: Some(OrgSize::Medium),
            locations: vec!["London".into(), "Leeds".into()],
            description: "A software company serving retail customers.".into(),
        },
        scope: Scope {
            statement: "The ISMS covers the development and operation of the customer portal."
                .into(),
            inclusions: vec![ScopeItem {
                text: "Customer portal and its infrastructure".into(),
                justification: String::new(),
            }],
            exclusions: vec![ScopeItem {
                text: "Canteen services".into(),
                justification: "Outsourced; no access to information".into(),
            }],
            locations: vec!["London head office".into()],
            interfaces: vec![Interface {
                organisation: "Cloud provider".into(),
                description: "Hosting (IaaS)".into(),
            }],
        },
        ..Isms::default()
    };
    for n in 1..=assets {
        let depends_on = if n > 1 && rng.below(3) == 0 {
            vec![isms.assets[rng.below(n - 1)].id.clone()]
        } else {
            Vec::new()
        };
        let tag = rng.pick(TAGS).to_string();
        isms.assets.push(Asset {
            id: rng.id(),
            reference: reference("A", n as u32),
            name: format!("{} {n}", rng.pick(SYSTEMS)),
            kind: *rng.pick(AssetKind::ALL),
            owner: rng.pick(OWNERS).to_string(),
            description: "Generated asset for testing and benchmarks.".into(),
            location: rng.pick(PLACES).to_string(),
            classification: *rng.pick(Classification::ALL),
            confidentiality: *rng.pick(Rating::ALL),
            integrity: *rng.pick(Rating::ALL),
            availability: *rng.pick(Rating::ALL),
            in_scope: rng.below(5) != 0,
            depends_on,
            tags: vec![tag],
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
        });
    }
    for n in 1..=5u32 {
        isms.issues.push(ContextIssue {
            id: rng.id(),
            reference: reference("I", n),
            title: format!("Context issue {n}"),
            origin: *rng.pick(Origin::ALL),
            category: *rng.pick(IssueCategory::ALL),
            effect: *rng.pick(Effect::ALL),
            description: "Generated issue.".into(),
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
        });
        isms.parties.push(Party {
            id: rng.id(),
            reference: reference("P", n),
            name: format!("Interested party {n}"),
            kind: *rng.pick(PartyKind::ALL),
            origin: *rng.pick(Origin::ALL),
            contact: String::new(),
            requirements: vec![Requirement {
                id: rng.id(),
                text: "Protect personal data".into(),
                kind: *rng.pick(RequirementKind::ALL),
                addressed: true,
                how: "Through the ISMS controls".into(),
            }],
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
        });
    }
    decide_controls(&mut isms, &mut Rng::new(seed ^ 0x434f_4e54_524f_4c53));
    isms.repair_counters();
    isms
}

/// The fixed id of an Annex A control of theme `theme` (5 to 8), its
/// number `n` wrapped into the theme's controls.
fn annex_a_id(theme: usize, n: usize) -> String {
    use crate::core::controls::annex_a::{control_id, CONTROLS};
    let prefix = format!("{theme}.");
    let of: Vec<&str> = CONTROLS
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| c.starts_with(&prefix))
        .collect();
    control_id(of.get((n - 1) % of.len().max(1)).copied().unwrap_or("5.1"))
}

/// Decisions on the register's controls, as an SoA in progress has them:
/// most included with an owner and a status, a few excluded with a
/// justification, one own control.
fn decide_controls(isms: &mut Isms, rng: &mut Rng) {
    let stamp = "2026-01-10T09:00:00Z".to_string();
    for c in &mut isms.controls {
        c.owner = rng.pick(OWNERS).to_string();
        c.status = *rng.pick(ImplementationStatus::ALL);
        c.reasons = vec![*rng.pick(InclusionReason::ALL)];
        if c.status == ImplementationStatus::Implemented {
            c.implementation = "In place across the organisation.".into();
            c.evidence = vec!["ISMS policy manual".into()];
            c.last_tested = "2026-01-05".into();
            c.test_result = TestResult::Effective;
        }
        if rng.below(12) == 0 {
            c.applicable = false;
            c.reasons.clear();
            c.justification = "Not relevant to our operations.".into();
        }
        c.updated_at = stamp.clone();
    }
    isms.controls.push(Control {
        id: rng.id(),
        reference: reference("C", 1),
        title: "Quarterly access review by the board".into(),
        theme: Theme::Organizational,
        owner: "Managing director".into(),
        status: ImplementationStatus::Planned,
        reasons: vec![InclusionReason::Business],
        created_at: stamp.clone(),
        updated_at: stamp,
        ..Control::blank()
    });
}

/// Adds `n` risks to `isms` (which needs assets), each on one to three of
/// its assets, scored, treated and, when retained, accepted as the rules
/// require: every one passes validation under the ISMS's risk method.
pub fn add_risks(isms: &mut Isms, n: usize, seed: u64) {
    use crate::core::risk::catalogue::{threats, vulnerabilities};
    let threats: Vec<(&str, &str)> = threats().collect();
    let vulns: Vec<(&str, &str)> = vulnerabilities().collect();
    let start = isms.counters.get("R").copied().unwrap_or(0);
    // Not the stream `generate` draws from with the same seed, nor the one
    // an earlier batch drew from: either would repeat its ids.
    let mut rng = Rng::new(
        seed ^ 0x5249_534b_5249_534b ^ u64::from(start).wrapping_mul(0x9e37_79b9_7f4a_7c15),
    );
    let stamp = "2026-01-15T09:00:00Z".to_string();
    let m = isms.risk_method.clone();
    let method_sha = crate::core::risk::rules::method_sha256(&m);
    let (nl, ni) = (m.likelihood.len(), m.impact.len());
    for k in 1..=n {
        let mut assets = Vec::new();
        if !isms.assets.is_empty() {
            for _ in 0..=rng.below(3) {
                let id = isms.assets[rng.below(isms.assets.len())].id.clone();
                if !assets.contains(&id) {
                    assets.push(id);
                }
            }
        }
        let threat = rng.pick(&threats).1;
        let vuln = rng.pick(&vulns).1;
        let asset_name = assets
            .first()
            .and_then(|id| isms.asset(id))
            .map_or(String::new(), |a| a.name.clone());
        let inherent = Score::new(1 + rng.below(nl) as u8, 1 + rng.below(ni) as u8);
        let current = Score::new(
            1 + rng.below(inherent.likelihood as usize) as u8,
            1 + rng.below(inherent.impact as usize) as u8,
        );
        let level = m.level(current.likelihood, current.impact).unwrap_or(1);
        let treatment = *rng.pick(&Treatment::ALL[1..]);
        let mut actions = Vec::new();
        if treatment == Treatment::Modify {
            for j in 0..=rng.below(2) {
                actions.push(TreatmentAction {
                    id: rng.id(),
                    title: format!("Put control {} in place", j + 1),
                    owner: rng.pick(OWNERS).to_string(),
                    due: format!("2026-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
                    status: *rng.pick(ActionStatus::ALL),
                    control: annex_a_id(5 + rng.below(4), 1 + rng.below(30)),
                });
            }
        }
        let acceptance = (treatment == Treatment::Retain).then(|| Acceptance {
            accepted_by: "Managing director".into(),
            date: "2026-02-01".into(),
            rationale: "Cost of further treatment outweighs the benefit.".into(),
            expires: "2027-02-01".into(),
            exception: !m.within_appetite(level),
            level: level as u32,
            method_sha256: method_sha.clone(),
        });
        isms.risks.push(Risk {
            id: rng.id(),
            reference: reference("R", start + k as u32),
            title: format!("{threat} affecting {asset_name}"),
            description: format!(
                "{threat} could exploit this weakness: {}.",
                crate::core::kernel::text::fold(vuln)
            ),
            threat: threat.into(),
            vulnerability: vuln.into(),
            assets,
            confidentiality: rng.below(2) == 0,
            integrity: rng.below(2) == 0,
            availability: rng.below(2) == 0,
            owner: rng.pick(OWNERS).to_string(),
            inherent: Some(inherent),
            controls: vec![
                crate::core::controls::annex_a::control_id("5.15"),
                crate::core::controls::annex_a::control_id("8.13"),
            ],
            existing_controls: "Access control and backups in place.".into(),
            current: Some(current),
            residual: (treatment == Treatment::Modify).then(|| Score::new(1, current.impact)),
            status: if treatment == Treatment::Retain {
                RiskStatus::Accepted
            } else {
                RiskStatus::Treatment
            },
            treatment,
            treatment_rationale: "Chosen at the risk workshop.".into(),
            actions,
            acceptance,
            plan_approval: None,
            closed_reason: String::new(),
            last_review: format!("2026-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
            created_at: stamp.clone(),
            updated_at: stamp.clone(),
        });
    }
    isms.repair_counters();
}
