//! The outbox against real SQLite files. The provider is played by a scripted
//! `Outbound` (the external boundary: Meta's answers), so every outcome —
//! accepted, rate-limited, transient, auth, permanent — is deterministic.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use bandeja_core::*;
use bandeja_domain::inbound::*;
use bandeja_domain::*;
use chrono::{DateTime, Duration, TimeZone, Utc};

const PHONE_ID: &str = "200000000000002";
const WA: &[AccountKind] = &[AccountKind::WhatsappCloud];

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 12, 0, 0).unwrap()
}

/// Answers in order; records every call.
#[derive(Default)]
struct Provider {
    answers: Mutex<VecDeque<Result<String, SendError>>>,
    calls: Mutex<Vec<serde_json::Value>>,
}

impl Provider {
    fn answer(&self, a: Result<&str, SendError>) {
        self.answers
            .lock()
            .unwrap()
            .push_back(a.map(str::to_string));
    }
    fn calls(&self) -> usize {
        self.calls.lock().unwrap().len()
    }
}

impl Outbound for Provider {
    fn send<'a>(&'a self, _account: i64, payload: &'a serde_json::Value) -> SendFuture<'a> {
        self.calls.lock().unwrap().push(payload.clone());
        let a = self
            .answers
            .lock()
            .unwrap()
            .pop_front()
            .expect("a scripted answer");
        Box::pin(async move { a })
    }
}

fn err(kind: SendErrorKind, code: i64, title: &str) -> SendError {
    SendError {
        kind,
        code,
        title: title.into(),
    }
}

struct Fx {
    _dir: tempfile::TempDir,
    core: Core,
    clock: Arc<ManualClock>,
    account: i64,
    conv: i64,
}

async fn fixture() -> Fx {
    let t = bandeja_testkit::TestWorkspace::new(t0()).await;
    let account = t.whatsapp_account(PHONE_ID, ReopenPolicy::Reopen).await;
    let (dir, core, clock) = (t.dir, t.core, t.clock);
    core.ingest(
        WA,
        vec![InboundEvent::Message(InboundMessage {
            account: AccountRef {
                provider_account_id: PHONE_ID.into(),
                display_address: None,
            },
            provider_id: "wamid.in".into(),
            from: SenderRef {
                wa_id: Some("15550100123".into()),
                profile_name: Some("Ana".into()),
                ..SenderRef::default()
            },
            timestamp: t0(),
            kind: MessageKind::Text,
            content: MessageContent::Text {
                body: "¿Tienen la talla M?".into(),
            },
            media: None,
            reply_to: None,
            forwarded: false,
            frequently_forwarded: false,
            referral: None,
        })],
    )
    .await
    .unwrap();
    let conv = bandeja_testkit::conversations(&core, bandeja_store::View::AllOpen).await[0].id;
    Fx {
        _dir: dir,
        core,
        clock,
        account,
        conv,
    }
}

async fn last_delivery(f: &Fx) -> Option<DeliveryState> {
    bandeja_testkit::messages(&f.core, f.conv)
        .await
        .last()
        .unwrap()
        .delivery
        .clone()
}

fn status(id: &str, state: DeliveryState) -> InboundEvent {
    InboundEvent::Status(StatusUpdate {
        account: AccountRef {
            provider_account_id: PHONE_ID.into(),
            display_address: None,
        },
        provider_id: id.into(),
        state,
        timestamp: t0(),
        recipient: None,
        pricing_category: None,
        errors: vec![],
    })
}

#[tokio::test]
async fn accepted_sends_get_their_id_and_then_their_ticks() {
    let f = fixture().await;
    let p = Provider::default();
    f.core
        .send_text(f.conv, "Sí, la tenemos", None)
        .await
        .unwrap();
    assert_eq!(
        last_delivery(&f).await,
        Some(DeliveryState::Pending),
        "stored before any network call"
    );
    p.answer(Ok("wamid.out1"));
    assert_eq!(f.core.run_outbox_once(&p).await.unwrap(), 1);
    f.core
        .ingest(
            WA,
            vec![
                status("wamid.out1", DeliveryState::Sent),
                status("wamid.out1", DeliveryState::Read),
                status("wamid.out1", DeliveryState::Delivered),
            ],
        )
        .await
        .unwrap();
    assert_eq!(last_delivery(&f).await, Some(DeliveryState::Read));
    assert_eq!(
        f.core.run_outbox_once(&p).await.unwrap(),
        0,
        "never sent twice"
    );
    assert_eq!(p.calls(), 1);
    assert_eq!(p.calls.lock().unwrap()[0]["to"], "15550100123");
}

#[tokio::test]
async fn a_status_that_beats_the_send_response_is_applied_when_the_id_is_known() {
    let f = fixture().await;
    let p = Provider::default();
    f.core.send_text(f.conv, "Enseguida", None).await.unwrap();
    f.core
        .ingest(WA, vec![status("wamid.fast", DeliveryState::Delivered)])
        .await
        .unwrap();
    p.answer(Ok("wamid.fast"));
    f.core.run_outbox_once(&p).await.unwrap();
    assert_eq!(last_delivery(&f).await, Some(DeliveryState::Delivered));
}

#[tokio::test]
async fn outside_the_window_a_free_form_message_is_refused_and_not_stored() {
    let f = fixture().await;
    f.clock.advance(Duration::hours(25));
    let e = f
        .core
        .send_text(f.conv, "¿Sigue interesada?", None)
        .await
        .unwrap_err();
    assert_eq!(
        e.downcast_ref::<SendRefused>(),
        Some(&SendRefused::WindowClosed)
    );
    let ws = f.core.workspace().await;
    assert_eq!(ws.store.count_messages(f.account).await.unwrap(), 1);
    assert!(matches!(
        f.core
            .send_text(f.conv, "   ", None)
            .await
            .unwrap_err()
            .downcast_ref::<SendRefused>(),
        Some(SendRefused::Empty)
    ));
}

#[tokio::test]
async fn rate_limits_and_transient_errors_wait_then_succeed() {
    let f = fixture().await;
    let p = Provider::default();
    f.core.send_text(f.conv, "Hola", None).await.unwrap();
    p.answer(Err(err(
        SendErrorKind::RateLimited {
            retry_after: std::time::Duration::from_secs(30),
        },
        130429,
        "Rate limit hit",
    )));
    f.core.run_outbox_once(&p).await.unwrap();
    assert_eq!(
        f.core.run_outbox_once(&p).await.unwrap(),
        0,
        "not before retry-after"
    );
    f.clock.advance(Duration::seconds(31));
    p.answer(Err(err(
        SendErrorKind::Transient,
        2,
        "Service temporarily unavailable",
    )));
    assert_eq!(f.core.run_outbox_once(&p).await.unwrap(), 1);
    assert_eq!(f.core.run_outbox_once(&p).await.unwrap(), 0, "backing off");
    f.clock.advance(Duration::minutes(10));
    p.answer(Ok("wamid.late"));
    assert_eq!(f.core.run_outbox_once(&p).await.unwrap(), 1);
    assert_eq!(p.calls(), 3);
    assert_eq!(last_delivery(&f).await, Some(DeliveryState::Pending));
}

#[tokio::test]
async fn a_permanent_error_fails_the_message_with_metas_code() {
    let f = fixture().await;
    let p = Provider::default();
    f.core.send_text(f.conv, "Hola", None).await.unwrap();
    p.answer(Err(err(
        SendErrorKind::Permanent,
        131026,
        "Message undeliverable",
    )));
    f.core.run_outbox_once(&p).await.unwrap();
    assert_eq!(
        last_delivery(&f).await,
        Some(DeliveryState::Failed {
            code: 131026,
            title: "Message undeliverable".into()
        })
    );
}

#[tokio::test]
async fn an_expired_token_turns_the_account_to_error_and_sends_wait_for_reconnect() {
    let f = fixture().await;
    let p = Provider::default();
    let mut events = f.core.subscribe();
    f.core.send_text(f.conv, "Hola", None).await.unwrap();
    p.answer(Err(err(
        SendErrorKind::Auth,
        190,
        "Error validating access token",
    )));
    f.core.run_outbox_once(&p).await.unwrap();
    let ws = f.core.workspace().await;
    let acc = ws
        .store
        .accounts(None)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.id == f.account)
        .unwrap();
    assert!(
        matches!(acc.status, AccountStatus::Error { ref reason } if reason.contains("reconnect")),
        "{:?}",
        acc.status
    );
    let mut saw = false;
    while let Ok(e) = events.try_recv() {
        saw |= e == CoreEvent::WorkspaceChanged;
    }
    assert!(saw, "the UI hears about it");
    assert_eq!(
        f.core.run_outbox_once(&p).await.unwrap(),
        0,
        "nothing goes out while in error"
    );
    ws.store
        .set_account_status(f.account, &AccountStatus::Active)
        .await
        .unwrap();
    p.answer(Ok("wamid.after"));
    assert_eq!(f.core.run_outbox_once(&p).await.unwrap(), 1);
    assert_eq!(last_delivery(&f).await, Some(DeliveryState::Pending));
}

#[tokio::test]
async fn a_send_interrupted_by_a_crash_is_never_sent_twice() {
    let f = fixture().await;
    f.core.send_text(f.conv, "Hola", None).await.unwrap();
    let ws = f.core.workspace().await;
    // claimed (the provider may have been called), then the app died
    assert_eq!(ws.store.claim_due(f.core.now(), 10).await.unwrap().len(), 1);
    let recovered = ws.store.outbox_recover().await.unwrap();
    assert_eq!(recovered.len(), 1);
    assert!(matches!(
        last_delivery(&f).await,
        Some(DeliveryState::Failed { .. })
    ));
    let p = Provider::default();
    assert_eq!(f.core.run_outbox_once(&p).await.unwrap(), 0);
    assert_eq!(p.calls(), 0);
}

/// A conversation on `account` with a contact known only by `identity`,
/// whose last inbound message is from now.
async fn conversation_with(f: &Fx, account: i64, identity: Identity) -> i64 {
    let ws = f.core.workspace().await;
    let contact = ws
        .store
        .insert_contacts(
            &[bandeja_store::NewContact {
                name: "Sin WhatsApp".into(),
                identities: vec![identity],
                custom_fields: vec![],
                salesperson_id: None,
            }],
            t0(),
        )
        .await
        .unwrap()[0];
    let conv = ws
        .store
        .insert_conversations(&[bandeja_store::NewConversation {
            account_id: account,
            contact_id: contact,
            subject: None,
            status: ConversationStatus::Open,
            priority: Priority::Normal,
            assignee_id: None,
            snoozed_until: None,
            created_at: t0(),
        }])
        .await
        .unwrap()[0];
    ws.store
        .insert_messages(&[bandeja_store::NewMessage {
            conversation_id: conv,
            account_id: account,
            direction: Direction::Inbound,
            kind: MessageKind::Text,
            content: MessageContent::Text {
                body: "hola".into(),
            },
            provider_id: Some(format!("in-{conv}")),
            author_member_id: None,
            sender: "x".into(),
            delivery: None,
            reply_to_provider_id: None,
            forwarded: false,
            created_at: t0(),
            automated: false,
        }])
        .await
        .unwrap();
    conv
}

#[tokio::test]
async fn sends_that_cannot_be_addressed_are_refused_and_not_stored() {
    let f = fixture().await;
    let ws = f.core.workspace().await;
    // a WhatsApp conversation whose contact has a phone but no WhatsApp id
    let conv = conversation_with(&f, f.account, Identity::Phone("+34600111222".into())).await;
    let e = f.core.send_text(conv, "hola", None).await.unwrap_err();
    assert_eq!(
        e.downcast_ref::<SendRefused>(),
        Some(&SendRefused::NoRecipient)
    );
    // email sending is not built yet: said plainly, nothing queued
    let mail = ws
        .store
        .insert_account(
            AccountKind::EmailImap,
            "Correo",
            "hola@x.es",
            &AccountStatus::Active,
            None,
            ReopenPolicy::Reopen,
            &[ws.me],
            t0(),
        )
        .await
        .unwrap();
    let conv = conversation_with(&f, mail, Identity::Email("cliente@x.es".into())).await;
    let e = f.core.send_text(conv, "hola", None).await.unwrap_err();
    assert_eq!(
        e.downcast_ref::<SendRefused>(),
        Some(&SendRefused::EmailNotYet)
    );
    assert_eq!(
        ws.store.claim_due(f.core.now(), 10).await.unwrap().len(),
        0,
        "nothing in the outbox"
    );
}
