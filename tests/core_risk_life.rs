//! A risk's life in the standard's words (issue 11): a new risk is not
//! assessed until someone scores it; it is closed with a reason rather
//! than deleted; its owner approves its treatment plan (6.1.3 f), and a
//! later change of the plan asks for that approval again.

mod core_common;

use core_common::*;
use isms::core::kernel::command::{Command, DomainError};
use isms::core::risk::register::{self, Which};
use isms::core::*;

fn errors(e: DomainError) -> Vec<(String, String)> {
    match e {
        DomainError::Invalid(errs) => errs.into_iter().map(|e| (e.path, e.message)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn unscored(title: &str) -> Risk {
    let mut r = Risk::blank();
    r.title = title.into();
    r.owner = "CTO".into();
    r
}

#[test]
fn a_new_risk_is_not_assessed_until_scored_and_stays_off_the_heat_maps() {
    let mut w = World::new();
    let blank = Risk::blank();
    assert_eq!(
        (blank.inherent, blank.current, blank.residual),
        (None, None, None)
    );
    assert!(!blank.is_assessed());
    // It can be recorded as identified, unscored.
    w.ok(Command::save(unscored("Supplier outage")));
    let r = w.isms.risks[0].clone();
    assert!(!r.is_assessed());
    let row = &register::rows(&w.isms, "2026-02-01")[0];
    assert!(row.unassessed);
    assert_eq!(
        (row.inherent, row.current, row.residual),
        (None, None, None)
    );
    // Listed as needing attention, and never "may be retained".
    assert!(row.needs_attention(&r));
    assert_eq!(
        row.problems(&r, &w.isms.risk_method),
        ["not assessed yet: score its inherent and current risk"]
    );
    assert!(!row.above_appetite);
    // Off every heat map.
    for which in [Which::Inherent, Which::Current, Which::Residual] {
        let total: usize = register::heat(&w.isms, which, None).iter().flatten().sum();
        assert_eq!(total, 0, "{which:?}");
    }
    // The CSV says so.
    let rows = register::rows(&w.isms, "2026-02-01");
    let csv = risk::csv::csv(&w.isms, &rows, &[0]);
    assert!(csv.contains(r#""CTO","","","Not assessed""#), "{csv}");

    // Scored: assessed, on the maps, and no longer listed for it.
    let mut r = w.isms.risks[0].clone();
    r.inherent = Some(Score::new(4, 4));
    r.current = Some(Score::new(1, 2));
    r.status = RiskStatus::Assessed;
    w.ok(Command::save(r));
    let row = &register::rows(&w.isms, "2026-02-01")[0];
    assert!(!row.unassessed);
    assert!(!row.needs_attention(&w.isms.risks[0]));
    let total: usize = register::heat(&w.isms, Which::Current, None)
        .iter()
        .flatten()
        .sum();
    assert_eq!(total, 1);
    assert_eq!(register::heat(&w.isms, Which::Current, None)[0][1], 1);
}

#[test]
fn what_an_unscored_risk_may_not_be() {
    let mut w = World::new();
    // Past "identified", a risk must be scored.
    for status in [
        RiskStatus::Assessed,
        RiskStatus::Treatment,
        RiskStatus::Monitored,
    ] {
        let mut r = unscored("Supplier outage");
        r.status = status;
        assert_eq!(
            errors(w.refused(Command::save(r))),
            [(
                "status".to_string(),
                format!(
                    "cannot be {} until the risk is scored: choose the likelihood and impact of its inherent and current risk first",
                    status.label()
                )
            )]
        );
    }
    // Nor accepted.
    let mut r = unscored("Supplier outage");
    r.acceptance = Some(Acceptance {
        accepted_by: "CEO".into(),
        date: "2026-01-15".into(),
        rationale: "Small.".into(),
        ..Acceptance::default()
    });
    assert!(errors(w.refused(Command::save(r))).contains(&(
        "acceptance".to_string(),
        "a risk that is not assessed cannot be accepted: score it first".to_string()
    )));
    // The current risk after the inherent one, the residual after the current one.
    let mut r = unscored("Supplier outage");
    r.current = Some(Score::new(2, 2));
    assert_eq!(
        errors(w.refused(Command::save(r))),
        [(
            "inherent".to_string(),
            "score the inherent risk (before any control) too".to_string()
        )]
    );
    let mut r = unscored("Supplier outage");
    r.inherent = Some(Score::new(2, 2));
    r.residual = Some(Score::new(1, 1));
    assert_eq!(
        errors(w.refused(Command::save(r))),
        [(
            "current".to_string(),
            "score the current risk (with the existing controls) before the residual one"
                .to_string()
        )]
    );
    // Half a score (the editor's "Not scored" on one side) names the other.
    let mut r = unscored("Supplier outage");
    r.inherent = Some(Score::new(3, 0));
    r.current = Some(Score::new(0, 2));
    assert_eq!(
        errors(w.refused(Command::save(r))),
        [
            (
                "inherent".to_string(),
                "choose the impact of the inherent risk too".to_string()
            ),
            (
                "current".to_string(),
                "choose the likelihood of the current risk too".to_string()
            ),
        ]
    );
    assert!(w.isms.risks.is_empty(), "nothing refused was saved");
}

#[test]
fn a_risk_is_closed_with_a_reason_and_leaves_the_attention_list() {
    let mut w = World::new();
    w.ok(Command::save(unscored("Legacy FTP exposure")));
    let mut r = w.isms.risks[0].clone();
    r.status = RiskStatus::Closed;
    assert_eq!(
        errors(w.refused(Command::save(r.clone()))),
        [(
            "closed_reason".to_string(),
            "give the reason the risk is closed (deleting is for mistakes)".to_string()
        )]
    );
    r.closed_reason = "   ".into();
    assert!(matches!(
        w.refused(Command::save(r.clone())),
        DomainError::Invalid(_)
    ));
    r.closed_reason = "The FTP server was decommissioned on 2026-03-01.".into();
    let c = w.ok(Command::save(r));
    assert!(c.entries[0]
        .changes
        .iter()
        .any(|f| f.field == "closed_reason"));
    let closed = &w.isms.risks[0];
    assert_eq!(closed.status, RiskStatus::Closed);
    let row = &register::rows(&w.isms, "2030-01-01")[0];
    assert!(!row.needs_attention(closed), "a closed risk needs nothing");
    // It travels in the file and comes back.
    let text = file::format::export(&w.isms, t(5), "Alice");
    let back = file::format::import(&text).expect("imports");
    assert_eq!(back.isms.risks, w.isms.risks);
}

fn treated(w: &mut World) -> Risk {
    let mut r = risk("Ransomware", "CTO");
    r.treatment = Treatment::Modify;
    r.treatment_rationale = "Backups and EDR.".into();
    r.status = RiskStatus::Treatment;
    r.residual = Some(Score::new(2, 2));
    r.actions = vec![TreatmentAction {
        id: String::new(),
        title: "Offline backups".into(),
        owner: "Head of IT".into(),
        due: "2026-06-30".into(),
        status: ActionStatus::Planned,
        control: String::new(),
    }];
    w.ok(Command::save(r));
    w.isms.risks[0].clone()
}

fn approve(r: &mut Risk, by: &str, date: &str) {
    r.plan_approval = Some(PlanApproval {
        approved_by: by.into(),
        date: date.into(),
        plan_sha256: String::new(),
    });
}

#[test]
fn the_owner_approves_the_plan_and_a_changed_plan_asks_again() {
    let mut w = World::new();
    let mut r = treated(&mut w);
    // Who and when are required; the core records what was approved.
    approve(&mut r, "", "");
    let errs = errors(w.refused(Command::save(r.clone())));
    let paths: Vec<&str> = errs.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["plan_approval.approved_by", "plan_approval.date"]);
    approve(&mut r, "Chief Technology Officer", "2026-02-01");
    w.ok(Command::save(r));
    let r = w.isms.risks[0].clone();
    let approval = r.plan_approval.clone().expect("recorded");
    assert_eq!(approval.plan_sha256, risk::rules::plan_sha256(&r));
    assert_eq!(approval.plan_sha256.len(), 64);
    let row = &register::rows(&w.isms, "2026-02-02")[0];
    assert!(!row.plan_changed);

    // Progress on an action is not a change of the plan.
    let mut r2 = r.clone();
    r2.actions[0].status = ActionStatus::InProgress;
    w.ok(Command::save(r2));
    assert!(!register::rows(&w.isms, "2026-02-02")[0].plan_changed);

    // A new due date is: the approval is kept, and flagged.
    let mut r3 = w.isms.risks[0].clone();
    r3.actions[0].due = "2026-09-30".into();
    w.ok(Command::save(r3));
    let kept = w.isms.risks[0].plan_approval.clone().expect("kept");
    assert_eq!(
        kept.plan_sha256, approval.plan_sha256,
        "what was approved stays"
    );
    let row = &register::rows(&w.isms, "2026-02-02")[0];
    assert!(row.plan_changed);
    assert!(row.needs_attention(&w.isms.risks[0]));
    assert!(row
        .problems(&w.isms.risks[0], &w.isms.risk_method)
        .contains(&"the treatment plan changed since the risk owner approved it: it needs their approval again".to_string()));

    // Approved again (a new date): what is approved now is recorded.
    let mut r4 = w.isms.risks[0].clone();
    approve(&mut r4, "Chief Technology Officer", "2026-02-03");
    w.ok(Command::save(r4));
    assert!(!register::rows(&w.isms, "2026-02-04")[0].plan_changed);

    // No plan to approve while no treatment is decided.
    let mut r5 = w.isms.risks[0].clone();
    r5.treatment = Treatment::Undecided;
    r5.actions.clear();
    r5.status = RiskStatus::Assessed;
    r5.residual = None;
    assert!(errors(w.refused(Command::save(r5))).contains(&(
        "plan_approval".to_string(),
        "there is no plan to approve until a treatment is decided".to_string()
    )));
}

#[test]
fn a_plan_approval_read_from_a_file_keeps_what_it_approved() {
    let mut w = World::new();
    let mut r = treated(&mut w);
    approve(&mut r, "CTO", "2026-02-01");
    w.ok(Command::save(r));
    let text = file::format::export(&w.isms, t(5), "Alice");
    let back = file::format::import(&text).expect("imports");
    assert_eq!(back.isms.risks, w.isms.risks);
    // Edited by hand to another plan: the import keeps the file's word,
    // and the register shows the plan as changed since its approval.
    let edited = text.replace("Offline backups", "Immutable backups");
    let back = file::format::import(&edited).expect("imports");
    assert!(register::rows(&back.isms, "2026-02-02")[0].plan_changed);
}

#[test]
fn a_plan_approved_as_the_risk_is_created_is_not_changed_since() {
    // Ticked in a new risk's editor: stamped before the risk has its id.
    let mut w = World::new();
    let mut r = risk("Laptop theft", "COO");
    r.treatment = Treatment::Modify;
    r.treatment_rationale = "Disk encryption.".into();
    approve(&mut r, "COO", "2026-02-01");
    w.ok(Command::save(r));
    assert!(!register::rows(&w.isms, "2026-02-01")[0].plan_changed);
}

#[test]
fn a_closed_risk_leaves_the_heat_maps_and_is_reviewed_no_more() {
    let mut w = World::new();
    w.ok(Command::save(risk("Legacy FTP exposure", "CTO")));
    let mut r = w.isms.risks[0].clone();
    r.status = RiskStatus::Closed;
    r.closed_reason = "Decommissioned.".into();
    w.ok(Command::save(r));
    for which in [Which::Inherent, Which::Current, Which::Residual] {
        let total: usize = register::heat(&w.isms, which, None).iter().flatten().sum();
        assert_eq!(total, 0, "{which:?}");
    }
    let row = &register::rows(&w.isms, "2030-01-01")[0];
    assert_eq!(row.next_review, "");
    assert!(!row.review_overdue);
}

#[test]
fn approving_the_plan_as_it_is_now_on_the_same_day() {
    let mut w = World::new();
    let mut r = treated(&mut w);
    approve(&mut r, "CTO", "2026-02-01");
    w.ok(Command::save(r));
    let first = w.isms.risks[0].plan_approval.clone().expect("approved");
    let mut r = w.isms.risks[0].clone();
    r.actions[0].title = "Immutable offline backups".into();
    w.ok(Command::save(r));
    assert!(register::rows(&w.isms, "2026-02-01")[0].plan_changed);
    // The same person, the same day, the hash cleared: approved anew.
    let mut r = w.isms.risks[0].clone();
    r.plan_approval.as_mut().expect("kept").plan_sha256.clear();
    w.ok(Command::save(r));
    let again = w.isms.risks[0].plan_approval.clone().expect("approved");
    assert_ne!(again.plan_sha256, first.plan_sha256);
    assert!(!register::rows(&w.isms, "2026-02-01")[0].plan_changed);
}
