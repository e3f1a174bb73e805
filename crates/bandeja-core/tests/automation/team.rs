//! ACC-4: a member not authorized for an account reaches nothing of it —
//! lists, counts, search, the conversation, its messages, its contact,
//! notifications — and the rules never hand them its conversations.

use bandeja_domain::assign::{AssignRule, AssignStep, Fallback};
use bandeja_domain::{AccountKind, AccountStatus, Availability, ReopenPolicy, Role};
use bandeja_store::{ConversationFilter, View};

use crate::kit::{utc, Scenario};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unauthorized_member_sees_nothing_of_an_account() {
    let s = Scenario::at(utc("2026-03-03T10:00:00Z")).await;
    let ws = s.core().workspace().await;
    // Pablo works the email account only; he is online and idle
    let pablo = ws
        .store
        .insert_member(
            "Pablo",
            "pablo@tienda.example",
            Role::Agent,
            Availability::Online,
            None,
            "#f97316",
            false,
        )
        .await
        .unwrap();
    let email = ws
        .store
        .insert_account(
            AccountKind::EmailImap,
            "Ventas",
            "ventas@tienda.example",
            &AccountStatus::Active,
            None,
            ReopenPolicy::default(),
            &[ws.me, pablo],
            s.core().now(),
        )
        .await
        .unwrap();
    ws.store
        .set_availability(ws.me, Availability::Offline)
        .await
        .unwrap();
    // even a rule that would pick anyone never picks him for WhatsApp
    s.automate(|a| {
        a.assignment = vec![AssignStep {
            rule: AssignRule::Random,
            fallback: Fallback::Next,
        }]
    })
    .await;

    let mut events = s.core().subscribe();
    s.says("34600000001", "Ana Ruiz", "Quiero devolver el pedido 7781")
        .await;
    let conv = s.conversation_of("Ana Ruiz").await;
    assert_eq!(conv.assignee_id, None);

    // the owner sees it; Pablo sees nothing of it anywhere
    let now = s.core().now();
    for view in [
        View::AllOpen,
        View::Mine,
        View::Unassigned,
        View::Snoozed,
        View::Resolved,
    ] {
        let (list, _) = ws
            .store
            .list_conversations(pablo, &ConversationFilter::view(view), now, None, 100)
            .await
            .unwrap();
        assert!(list.is_empty(), "{view:?}");
    }
    let counts = ws.store.counts(pablo).await.unwrap();
    assert_eq!((counts.all_open, counts.unassigned), (0, 0));
    assert!(counts
        .unread_by_account
        .iter()
        .all(|(a, n)| *a == email || *n == 0));
    assert!(ws
        .store
        .search(pablo, "devolver", 20)
        .await
        .unwrap()
        .is_empty());
    assert!(ws.store.search(pablo, "Ana", 20).await.unwrap().is_empty());
    assert!(ws.store.conversation(pablo, conv.id).await.is_err());
    assert!(ws
        .store
        .messages_page(pablo, conv.id, None, 50)
        .await
        .map_or(true, |p| p.0.is_empty()));
    assert!(ws
        .store
        .contact(pablo, conv.contact_id, None)
        .await
        .is_err());
    let accounts = ws.store.accounts(Some(pablo)).await.unwrap();
    assert_eq!(
        accounts.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![email]
    );
    // while the owner does
    assert_eq!(ws.store.counts(ws.me).await.unwrap().all_open, 1);
    assert_eq!(
        ws.store.search(ws.me, "devolver", 20).await.unwrap().len(),
        1
    );

    // notifications: the installation of the owner notifies, Pablo's would not
    let mut notified = None;
    while let Ok(e) = events.try_recv() {
        if let bandeja_core::CoreEvent::IncomingMessage {
            conversation_id, ..
        } = e
        {
            notified = Some(conversation_id);
        }
    }
    let id = notified.expect("an incoming message event");
    assert!(s.core().notifies(ws.me, id).await);
    assert!(!s.core().notifies(pablo, id).await);
}
