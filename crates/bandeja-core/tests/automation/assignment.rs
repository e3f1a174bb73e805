//! AUTO-4/AUTO-8: workload rotation across three members, one offline and
//! one at capacity; and a returning contact back to their last handler.

use bandeja_domain::assign::{AssignRule, AssignStep, Fallback};
use bandeja_domain::Availability;

use crate::kit::{utc, Scenario};

fn step(rule: AssignRule) -> AssignStep {
    AssignStep {
        rule,
        fallback: Fallback::Next,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotation_skips_the_offline_member_and_the_one_at_capacity() {
    let s = Scenario::at(utc("2026-03-03T10:00:00Z")).await;
    let ws = s.core().workspace().await;
    // the owner using the app is away: not a candidate
    ws.store
        .set_availability(ws.me, Availability::Away)
        .await
        .unwrap();
    let marta = s.member("Marta", Availability::Online, None).await;
    let pablo = s.member("Pablo", Availability::Offline, None).await;
    let irene = s.member("Irene", Availability::Online, Some(1)).await;
    s.automate(|a| a.assignment = vec![step(AssignRule::Rotation)])
        .await;

    for n in 1..=5 {
        s.says(&format!("3460000000{n}"), &format!("Cliente {n}"), "Hola")
            .await;
    }
    let mut got = Vec::new();
    for n in 1..=5 {
        got.push(s.conversation_of(&format!("Cliente {n}")).await.assignee_id);
    }
    // Marta and Irene start even; Irene is then full; Pablo never gets one
    assert_eq!(
        got,
        vec![
            Some(marta),
            Some(irene),
            Some(marta),
            Some(marta),
            Some(marta)
        ]
    );
    assert!(!got.contains(&Some(pablo)));

    // Irene resolves hers: she is back in the rotation, and waited longest
    let irene_conv = s.conversation_of("Cliente 2").await.id;
    ws.store
        .set_status(
            irene_conv,
            bandeja_domain::ConversationStatus::Resolved,
            None,
            s.core().now(),
        )
        .await
        .unwrap();
    s.says("34600000006", "Cliente 6", "Hola").await;
    assert_eq!(
        s.conversation_of("Cliente 6").await.assignee_id,
        Some(irene)
    );

    // nobody online: the conversation stays unassigned, visible to all
    for m in [marta, irene] {
        ws.store
            .set_availability(m, Availability::Offline)
            .await
            .unwrap();
    }
    s.says("34600000007", "Cliente 7", "Hola").await;
    assert_eq!(s.conversation_of("Cliente 7").await.assignee_id, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_returning_contact_goes_back_to_the_member_who_handled_them() {
    let s = Scenario::at(utc("2026-03-03T10:00:00Z")).await;
    let ws = s.core().workspace().await;
    ws.store
        .set_availability(ws.me, Availability::Offline)
        .await
        .unwrap();
    let marta = s.member("Marta", Availability::Online, None).await;
    let irene = s.member("Irene", Availability::Online, None).await;
    s.automate(|a| a.assignment = vec![step(AssignRule::LastHandler), step(AssignRule::Rotation)])
        .await;
    s.says("34600000001", "Ana", "Hola").await;
    let first = s.conversation_of("Ana").await;
    assert_eq!(first.assignee_id, Some(marta));
    // Ana's conversation is resolved; she writes again four days later,
    // past the account's 72 h reopen policy: a new conversation
    ws.store
        .set_status(
            first.id,
            bandeja_domain::ConversationStatus::Resolved,
            None,
            s.core().now(),
        )
        .await
        .unwrap();
    s.advance(chrono::Duration::days(4));
    // Irene is now the least busy, but Ana goes back to Marta, who knows her
    s.says("34600000002", "Luis", "Hola").await;
    assert_eq!(s.conversation_of("Luis").await.assignee_id, Some(irene));
    s.says("34600000001", "Ana", "Otra pregunta").await;
    let second = s.conversation_of("Ana").await;
    assert_ne!(second.id, first.id);
    assert_eq!(second.assignee_id, Some(marta));
}
