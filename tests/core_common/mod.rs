//! Shared helpers for the native core tests: a deterministic "world" that
//! applies commands with a fixed clock, a named actor and counter-made ids,
//! plus builders for records and a realistic ISMS made through commands.
#![allow(dead_code)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use isms::core::kernel::command::{Change, Command, Ctx, DomainError};
use isms::core::sample::Rng;
use isms::core::*;

/// 2026-01-15T09:00:00Z plus `minutes`.
pub fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 15, 9, 0, 0)
        .single()
        .expect("valid date")
        + Duration::minutes(minutes)
}

/// The id the `n`th call of a world's id source returns (1-based): a
/// random-looking UUID v4, distinct for each `n`.
pub fn nth_id(n: u64) -> String {
    Rng::new(n).id()
}

/// An ISMS plus the clock, actor and id source commands are applied with.
#[derive(Clone)]
pub struct World {
    pub isms: Isms,
    pub now: DateTime<Utc>,
    pub actor: String,
    pub ids_used: u64,
}

impl World {
    pub fn new() -> Self {
        Self::with(Isms::default())
    }

    pub fn with(isms: Isms) -> Self {
        World {
            isms,
            now: t(0),
            actor: "Alice Auditor".into(),
            ids_used: 0,
        }
    }

    /// Applies `cmd` with the world's clock, actor and id source.
    pub fn apply(&mut self, cmd: Command) -> Result<Change, DomainError> {
        let mut used = self.ids_used;
        let result = {
            let mut next = || {
                used += 1;
                nth_id(used)
            };
            let mut ctx = Ctx {
                now: self.now,
                actor: &self.actor,
                new_id: &mut next,
            };
            self.isms.apply(cmd, &mut ctx)
        };
        self.ids_used = used;
        result
    }

    /// Applies `cmd`, which must succeed.
    pub fn ok(&mut self, cmd: Command) -> Change {
        match self.apply(cmd.clone()) {
            Ok(c) => c,
            Err(e) => panic!("command {cmd:?} was refused: {e}"),
        }
    }

    /// Applies `cmd`, which must fail and leave the ISMS exactly as it was.
    pub fn refused(&mut self, cmd: Command) -> DomainError {
        let before = self.isms.clone();
        let result = self.apply(cmd);
        assert_eq!(self.isms, before, "a refused command changed the ISMS");
        match result {
            Ok(c) => panic!("command was accepted: {c:?}"),
            Err(e) => e,
        }
    }

    /// Creates an asset and returns its id.
    pub fn add_asset(&mut self, a: Asset) -> String {
        self.ok(Command::save(a))
            .record_id
            .expect("created asset has an id")
    }

    pub fn tick(&mut self) {
        self.now += Duration::minutes(1);
    }

    pub fn asset_named(&self, name: &str) -> &Asset {
        self.isms
            .assets
            .iter()
            .find(|a| a.name == name)
            .expect("asset exists")
    }
}

/// A new asset (empty id, so saving it creates it).
pub fn asset(name: &str, owner: &str) -> Asset {
    Asset {
        id: String::new(),
        reference: String::new(),
        name: name.into(),
        kind: AssetKind::Software,
        owner: owner.into(),
        description: String::new(),
        location: String::new(),
        classification: Classification::Internal,
        confidentiality: Rating::Medium,
        integrity: Rating::Medium,
        availability: Rating::Low,
        in_scope: true,
        depends_on: Vec::new(),
        tags: Vec::new(),
        created_at: String::new(),
        updated_at: String::new(),
    }
}

/// A new context issue.
pub fn issue(title: &str) -> ContextIssue {
    ContextIssue {
        id: String::new(),
        reference: String::new(),
        title: title.into(),
        origin: Origin::External,
        category: IssueCategory::Legal,
        effect: Effect::Negative,
        description: String::new(),
        created_at: String::new(),
        updated_at: String::new(),
    }
}

/// A new requirement (empty id, so saving its party gives it one).
pub fn requirement(text: &str) -> Requirement {
    Requirement {
        id: String::new(),
        text: text.into(),
        kind: RequirementKind::Contractual,
        addressed: false,
        how: String::new(),
    }
}

/// A new interested party.
pub fn party(name: &str, requirements: Vec<Requirement>) -> Party {
    Party {
        id: String::new(),
        reference: String::new(),
        name: name.into(),
        kind: PartyKind::Customer,
        origin: Origin::External,
        contact: String::new(),
        requirements,
        created_at: String::new(),
        updated_at: String::new(),
    }
}

pub fn organisation(name: &str) -> Organisation {
    Organisation {
        name: name.into(),
        sector: "Logistics".into(),
        size: Some(OrgSize::Small),
        locations: vec!["Rotterdam".into()],
        description: "Freight forwarding for European retailers.".into(),
    }
}

/// A small but complete ISMS built only through commands, by two people,
/// with updates, a deletion (so a reference number is retired), a
/// detached dependency, and text with quotes, markup, newlines and unicode.
pub fn realistic() -> World {
    let mut w = World::new();
    w.ok(Command::SetOrganisation(Organisation {
        name: "Nordwind Logistik GmbH".into(),
        sector: "Transport & logistics".into(),
        size: Some(OrgSize::Medium),
        locations: vec!["Hamburg".into(), "Rotterdam".into(), "Gdańsk".into()],
        description:
            "Freight forwarding for European retailers.\nRuns its own \"TrackIt\" platform.".into(),
    }));
    w.tick();
    w.ok(Command::SetScope(Scope {
        statement: "The ISMS covers the development, operation and support of the TrackIt platform.".into(),
        inclusions: vec![ScopeItem { text: "TrackIt platform and its cloud hosting".into(), justification: String::new() }],
        exclusions: vec![ScopeItem {
            text: "Warehouse forklift telemetry".into(),
            justification: "Operated by the landlord; no company information is processed.".into(),
        }],
        locations: vec!["Hamburg head office".into()],
        interfaces: vec![Interface { organisation: "CloudCo".into(), description: "IaaS hosting under a DPA".into() }],
    }));
    w.tick();
    let mut i1 = issue("NIS2 transposition");
    i1.description = "Brings incident reporting duties within 24 hours.".into();
    w.ok(Command::save(i1));
    let mut i2 = issue("Staff shortage in IT operations");
    i2.origin = Origin::Internal;
    i2.category = IssueCategory::People;
    w.ok(Command::save(i2));
    let mut i3 = issue("Customers ask for ISO 27001 certificates");
    i3.effect = Effect::Positive;
    i3.category = IssueCategory::Economic;
    w.ok(Command::save(i3));
    w.tick();
    let mut p1 = party(
        "Retail customers",
        vec![
            requirement("Deliveries tracked in real time"),
            requirement("Personal data kept in the EU"),
        ],
    );
    p1.requirements[1].kind = RequirementKind::Legal;
    p1.requirements[1].addressed = true;
    p1.requirements[1].how = "Hosting contract pins the EU region (A.5.23).".into();
    w.ok(Command::save(p1));
    let mut p2 = party(
        "Bundesamt für Sicherheit in der Informationstechnik",
        vec![requirement("Report significant incidents")],
    );
    p2.kind = PartyKind::Regulator;
    p2.contact = "meldestelle@example.org".into();
    w.ok(Command::save(p2));
    w.tick();
    let mut db = asset("Shipment database", "Head of IT");
    db.kind = AssetKind::Information;
    db.classification = Classification::Confidential;
    db.confidentiality = Rating::High;
    db.integrity = Rating::Critical;
    db.tags = vec!["gdpr".into(), "customer-data".into()];
    let db = w.add_asset(db);
    let mut app = asset("TrackIt web app", "CTO");
    app.description = "Customer-facing <b>tracking</b> site; see \"runbook\".".into();
    app.depends_on = vec![db.clone()];
    app.tags = vec!["cloud".into()];
    let app = w.add_asset(app);
    let mut old = asset("Legacy FTP server", "Head of IT");
    old.kind = AssetKind::Hardware;
    old.in_scope = false;
    let old = w.add_asset(old);
    let mut laptops = asset("Laptop fleet", "Operations lead");
    laptops.kind = AssetKind::Hardware;
    laptops.location = "Hamburg head office".into();
    laptops.depends_on = vec![old.clone()];
    w.add_asset(laptops);
    let mut backups = asset("Backups", "Head of IT");
    backups.kind = AssetKind::Service;
    backups.availability = Rating::High;
    backups.depends_on = vec![db];
    w.add_asset(backups);
    w.tick();
    w.actor = "Bob Builder".into();
    let mut app_asset = w.isms.asset(&app).expect("app exists").clone();
    app_asset.owner = "Head of Product".into();
    w.ok(Command::save(app_asset));
    w.tick();
    w.ok(Command::Delete {
        kind: RecordKind::Asset,
        id: old,
        detach: true,
    });
    w
}

/// A risk titled `title` owned by `owner`, scored inherent 4 × 4 and
/// current 3 × 3, not yet treated.
pub fn risk(title: &str, owner: &str) -> Risk {
    let mut r = Risk::blank();
    r.title = title.into();
    r.owner = owner.into();
    r.inherent = Some(Score::new(4, 4));
    r.current = Some(Score::new(3, 3));
    r
}

/// [`realistic`] plus a risk register: a treated risk with a plan, a
/// risk retained within the appetite, one retained above it as a recorded
/// exception, and a changed risk method (a lookup grid with one cell
/// edited and a 4-month review for High).
pub fn realistic_with_risks() -> World {
    let mut w = realistic();
    w.tick();
    w.actor = "Carla Risk".into();
    let db = w.asset_named("Shipment database").id.clone();
    let app = w.asset_named("TrackIt web app").id.clone();
    let mut method = isms::core::risk::preset_5x5();
    method.levels[2].review_months = 4;
    if let isms::core::risk::Scoring::Lookup { grid } = &mut method.scoring {
        grid[0][4] = 1;
    }
    w.ok(Command::SetRiskMethod {
        method,
        confirmed: false,
    });
    let mut r1 = risk("Ransomware encrypts the shipment database", "Head of IT");
    r1.description = "Encryption of <b>all</b> records; \"TrackIt\" stops.".into();
    r1.threat = "Ransomware".into();
    r1.vulnerability = "Backups not tested by restoring them".into();
    r1.assets = vec![db.clone(), app.clone()];
    r1.integrity = true;
    r1.availability = true;
    r1.existing_controls = "Nightly backups; EDR on servers.".into();
    r1.residual = Some(Score::new(2, 3));
    r1.status = RiskStatus::Treatment;
    r1.treatment = Treatment::Modify;
    r1.treatment_rationale = "Too likely for a critical database.".into();
    r1.actions = vec![
        TreatmentAction {
            id: String::new(),
            title: "Offline backup copy".into(),
            owner: "Head of IT".into(),
            due: "2026-03-31".into(),
            status: ActionStatus::InProgress,
            control: isms::core::controls::annex_a::control_id("8.13"),
        },
        TreatmentAction {
            id: String::new(),
            title: "Quarterly restore test".into(),
            owner: "Operations lead".into(),
            due: "2026-02-28".into(),
            status: ActionStatus::Planned,
            control: isms::core::controls::annex_a::control_id("8.13"),
        },
    ];
    r1.last_review = "2026-01-10".into();
    w.ok(Command::save(r1));
    let mut r2 = risk("Website defacement", "CTO");
    r2.assets = vec![app];
    r2.integrity = true;
    r2.inherent = Some(Score::new(2, 2));
    r2.current = Some(Score::new(1, 2));
    r2.status = RiskStatus::Accepted;
    r2.treatment = Treatment::Retain;
    r2.treatment_rationale = "Low impact; static content.".into();
    r2.acceptance = Some(Acceptance {
        accepted_by: "Managing director".into(),
        date: "2026-01-15".into(),
        rationale: "Within the appetite.".into(),
        expires: "2027-01-15".into(),
        exception: false,
        ..Acceptance::default()
    });
    w.ok(Command::save(r2));
    let mut r3 = risk("=cmd|' /C calc'!A0 supplier outage", "CFO");
    r3.assets = vec![db];
    r3.availability = true;
    r3.status = RiskStatus::Accepted;
    r3.treatment = Treatment::Retain;
    r3.treatment_rationale = "No alternative supplier this year.".into();
    r3.acceptance = Some(Acceptance {
        accepted_by: "Managing director".into(),
        date: "2026-01-15".into(),
        rationale: "Exception until the new contract.".into(),
        expires: "2026-06-30".into(),
        exception: true,
        ..Acceptance::default()
    });
    w.ok(Command::save(r3));
    w
}

/// The change of the field `name` in a log entry.
pub fn field<'a>(e: &'a AuditEntry, name: &str) -> &'a FieldChange {
    e.changes
        .iter()
        .find(|c| c.field == name)
        .unwrap_or_else(|| panic!("no change of {name} in {e:?}"))
}

/// The fields an entry records, sorted.
pub fn changed_fields(e: &AuditEntry) -> Vec<&str> {
    let mut v: Vec<&str> = e.changes.iter().map(|c| c.field.as_str()).collect();
    v.sort_unstable();
    v
}

/// Gives the risks of a schema-3 file's `data`, and the risk changes of its
/// log, their schema-2 score names back (`current` was `residual`,
/// `residual` was `target`), and their acceptances without the level and
/// method schema 3 records: the inverse of the migration.
pub fn schema_2_score_names(data: &mut serde_json::Map<String, serde_json::Value>) {
    use serde_json::Value;
    let back = |name: &str| match name {
        "current" => Some("residual"),
        "residual" => Some("target"),
        _ => None,
    };
    if let Some(Value::Array(risks)) = data.get_mut("risks") {
        for r in risks.iter_mut().filter_map(Value::as_object_mut) {
            let current = r.remove("current");
            let residual = r.remove("residual");
            if let Some(v) = current {
                r.insert("residual".into(), v);
            }
            if let Some(v) = residual {
                r.insert("target".into(), v);
            }
            if let Some(Value::Object(a)) = r.get_mut("acceptance") {
                a.remove("level");
                a.remove("method_sha256");
            }
        }
    }
    if let Some(Value::Array(log)) = data.get_mut("audit_log") {
        for e in log.iter_mut().filter_map(Value::as_object_mut) {
            if e.get("kind").and_then(Value::as_str) != Some("risk") {
                continue;
            }
            if let Some(Value::Array(changes)) = e.get_mut("changes") {
                for c in changes.iter_mut().filter_map(Value::as_object_mut) {
                    let old = c.get("field").and_then(Value::as_str).and_then(back);
                    if let Some(old) = old {
                        c.insert("field".into(), Value::String(old.into()));
                    }
                    if c.get("field").and_then(Value::as_str) == Some("acceptance") {
                        for side in ["before", "after"] {
                            if let Some(Value::Object(a)) = c.get_mut(side) {
                                a.remove("level");
                                a.remove("method_sha256");
                            }
                        }
                    }
                }
            }
        }
    }
}
