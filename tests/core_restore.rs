//! Undo of a deletion: `Command::Restore` puts the record back as it was, at
//! its place, links a restored asset again, logs it, and refuses what no
//! longer fits without changing anything.

mod core_common;

use core_common::*;
use isms::core::kernel::command::{timestamp, Command, Deleted, DomainError, Unlinked};
use isms::core::*;

/// `list` with every `updated_at` blanked: a restore stamps the time of the
/// restore, everything else comes back as it was.
fn without_updated<T: Clone>(list: &[T], blank: fn(&mut T)) -> Vec<T> {
    list.iter()
        .cloned()
        .map(|mut x| {
            blank(&mut x);
            x
        })
        .collect()
}

fn field_error(e: &DomainError) -> String {
    match e {
        DomainError::Invalid(errs) => errs
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("; "),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn a_deleted_risk_comes_back_as_it_was_at_its_place() {
    let mut w = realistic_with_risks();
    assert!(w.isms.risks.len() >= 3, "the world has a register");
    let before = w.isms.clone();
    let victim = w.isms.risks[1].clone();
    w.tick();
    let deleted = w.ok(Command::Delete {
        kind: RecordKind::Risk,
        detach: false,
        id: victim.id.clone(),
    });
    assert_eq!(deleted.restore, Some(Deleted::of(victim.clone())));
    assert_eq!(w.isms.risks.len(), before.risks.len() - 1);

    w.tick();
    let restored = w.ok(Command::Restore(deleted.restore.expect("undo")));
    assert_eq!(restored.record_id.as_deref(), Some(victim.id.as_str()));
    assert_eq!(restored.restore, None);
    let blank = |r: &mut Risk| r.updated_at.clear();
    assert_eq!(
        without_updated(&w.isms.risks, blank),
        without_updated(&before.risks, blank),
        "same risks, same order, same ids, references and creation times"
    );
    let back = w.isms.risk(&victim.id).expect("restored");
    assert_eq!(back.reference, victim.reference);
    assert_eq!(back.created_at, victim.created_at);
    assert_eq!(back.updated_at, timestamp(w.now));
    assert_eq!(w.isms.counters, before.counters, "no reference is used up");

    // The log keeps both: the deletion and the restore, with every field.
    let n = w.isms.audit_log.len();
    let (del, res) = (&w.isms.audit_log[n - 2], &w.isms.audit_log[n - 1]);
    assert_eq!(del.action, Action::Delete);
    assert_eq!(res.action, Action::Create);
    assert_eq!(res.kind, RecordKind::Risk);
    assert_eq!(res.reference, victim.reference);
    assert_eq!(
        res.summary,
        format!(
            "Restored risk {} \u{201c}{}\u{201d} (undoing its deletion)",
            victim.reference, victim.title
        )
    );
    // The deletion also kept when it was created (to be put back from the log).
    let mut kept = changed_fields(res);
    kept.push("created_at");
    kept.sort();
    assert_eq!(kept, changed_fields(del));
    assert!(w.isms.check().is_empty(), "the ISMS is still valid");

    // The next new risk still gets a fresh reference.
    let c = w.ok(Command::save(risk("Insider fraud", "CFO")));
    let id = c.record_id.expect("id");
    let next = w.isms.risk(&id).expect("created").reference.clone();
    assert!(
        before.risks.iter().all(|r| r.reference != next),
        "{next} was already used"
    );
}

#[test]
fn deleted_issues_and_parties_come_back() {
    let mut w = realistic();
    let before = w.isms.clone();
    let issue = w.isms.issues[0].clone();
    let party = w.isms.parties[0].clone();
    let a = w.ok(Command::Delete {
        kind: RecordKind::Issue,
        detach: false,
        id: issue.id.clone(),
    });
    let b = w.ok(Command::Delete {
        kind: RecordKind::Party,
        detach: false,
        id: party.id.clone(),
    });
    assert_eq!(a.restore, Some(Deleted::of(issue.clone())));
    assert_eq!(b.restore, Some(Deleted::of(party.clone())));
    w.ok(Command::Restore(b.restore.expect("undo")));
    w.ok(Command::Restore(a.restore.expect("undo")));
    assert_eq!(
        without_updated(&w.isms.issues, |x| x.updated_at.clear()),
        without_updated(&before.issues, |x| x.updated_at.clear())
    );
    assert_eq!(
        without_updated(&w.isms.parties, |x| x.updated_at.clear()),
        without_updated(&before.parties, |x| x.updated_at.clear()),
        "requirements and their ids come back too"
    );
    let last = w.isms.audit_log.last().expect("logged");
    assert_eq!(last.kind, RecordKind::Issue);
    assert!(last
        .summary
        .starts_with(&format!("Restored issue {}", issue.reference)));
}

#[test]
fn a_deleted_asset_is_linked_again_to_the_assets_and_risks_that_used_it() {
    let world = realistic_with_risks();
    let (mut with_dependents, mut not_first) = (false, false);
    // Every asset, each in its own copy of the world.
    for residual in &world.isms.assets {
        let mut w = World::with(world.isms.clone());
        w.now = world.now;
        let before = w.isms.clone();
        let at = |list: &[String]| list.iter().position(|d| *d == residual.id);
        let dependents: Vec<(String, usize)> = before
            .assets
            .iter()
            .filter_map(|a| Some((a.id.clone(), at(&a.depends_on)?)))
            .collect();
        let risks: Vec<(String, usize)> = before
            .risks
            .iter()
            .filter_map(|r| Some((r.id.clone(), at(&r.assets)?)))
            .collect();
        with_dependents |= !dependents.is_empty();
        not_first |= risks.iter().chain(&dependents).any(|(_, at)| *at > 0);
        w.tick();
        let deleted = w.ok(Command::Delete {
            kind: RecordKind::Asset,
            id: residual.id.clone(),
            detach: true,
        });
        assert_eq!(
            deleted.restore,
            Some(Deleted {
                record: residual.clone().into(),
                links: dependents
                    .iter()
                    .map(|(id, at)| (RecordKind::Asset, "depends_on", id, at))
                    .chain(
                        risks
                            .iter()
                            .map(|(id, at)| (RecordKind::Risk, "assets", id, at))
                    )
                    .map(|(kind, field, id, &at)| Unlinked {
                        kind,
                        id: id.clone(),
                        field,
                        at,
                    })
                    .collect(),
            })
        );
        assert!(w.isms.dependents_of(&residual.id).is_empty());
        assert!(w.isms.risks_of_asset(&residual.id).is_empty());

        w.tick();
        let restored = w.ok(Command::Restore(deleted.restore.expect("undo")));
        assert_eq!(
            restored.entries.len(),
            1 + dependents.len() + risks.len(),
            "one entry for the asset, one for each record linked again"
        );
        assert_eq!(
            without_updated(&w.isms.assets, |x| x.updated_at.clear()),
            without_updated(&before.assets, |x| x.updated_at.clear()),
            "every asset, and every dependency in its order, as before"
        );
        assert_eq!(
            without_updated(&w.isms.risks, |x| x.updated_at.clear()),
            without_updated(&before.risks, |x| x.updated_at.clear()),
            "every risk linked to the asset again, in its order"
        );
        assert!(restored.entries[1..]
            .iter()
            .all(|e| e.action == Action::Update && e.summary.contains(&residual.reference)));
        assert!(w.isms.check().is_empty());
    }
    assert!(with_dependents, "no asset had dependents");
    assert!(not_first, "no asset stood after another in a list");
}

#[test]
fn a_restored_asset_skips_what_was_deleted_since() {
    let mut w = realistic_with_risks();
    let residual = w
        .isms
        .assets
        .iter()
        .find(|a| !w.isms.dependents_of(&a.id).is_empty())
        .expect("an asset others depend on")
        .clone();
    let dependent = w.isms.dependents_of(&residual.id)[0].id.clone();
    let deleted = w.ok(Command::Delete {
        kind: RecordKind::Asset,
        id: residual.id.clone(),
        detach: true,
    });
    // The dependent goes too, then the asset is restored.
    let still_referenced = !w.isms.dependents_of(&dependent).is_empty()
        || !w.isms.risks_of_asset(&dependent).is_empty();
    w.ok(Command::Delete {
        kind: RecordKind::Asset,
        id: dependent.clone(),
        detach: still_referenced,
    });
    w.ok(Command::Restore(deleted.restore.expect("undo")));
    assert!(w.isms.asset(&residual.id).is_some());
    assert!(w.isms.asset(&dependent).is_none());
    assert!(w.isms.check().is_empty());
}

#[test]
fn a_restore_that_no_longer_fits_is_refused_and_changes_nothing() {
    let mut w = realistic_with_risks();
    let r = w.isms.risks[0].clone();
    let undo = w
        .ok(Command::Delete {
            kind: RecordKind::Risk,
            detach: false,
            id: r.id.clone(),
        })
        .restore
        .expect("undo");

    // Twice: the second finds it back already.
    w.ok(Command::Restore(undo.clone()));
    let e = w.refused(Command::Restore(undo.clone()));
    assert_eq!(
        field_error(&e),
        format!(
            "reference: risk {} exists again, so the deleted one cannot be put back",
            r.reference
        )
    );

    // A risk whose asset was deleted in the meantime.
    let undo = w
        .ok(Command::Delete {
            kind: RecordKind::Risk,
            detach: false,
            id: r.id.clone(),
        })
        .restore
        .expect("undo");
    let asset = r.assets.first().expect("the risk has an asset").clone();
    let referenced =
        !w.isms.dependents_of(&asset).is_empty() || !w.isms.risks_of_asset(&asset).is_empty();
    w.ok(Command::Delete {
        kind: RecordKind::Asset,
        id: asset,
        detach: referenced,
    });
    let e = w.refused(Command::Restore(undo));
    assert!(
        field_error(&e).starts_with("assets"),
        "names the missing asset: {e}"
    );

    // A record with no reference of its kind.
    let mut odd = issue("Odd");
    odd.id = nth_id(999);
    odd.reference = "X-1".into();
    let e = w.refused(Command::Restore(Deleted::of(odd)));
    assert_eq!(
        field_error(&e),
        "reference: \"X-1\" is not a reference like I-0001"
    );
}
