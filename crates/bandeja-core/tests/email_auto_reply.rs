//! AUTO-3 on email, against real Dovecot and Postfix: a customer's mail gets
//! the automatic answer, threaded and marked `Auto-Submitted` (RFC 3834);
//! mail sent by a program (a mailing list here) gets none.

use bandeja_domain::auto_reply::AutoReplySettings;
use bandeja_domain::Direction;
use bandeja_testkit::mail::MailServers;
use bandeja_testkit::{eventually, messages};

#[path = "support/mail_kit.rs"]
mod mail_kit;
use mail_kit::*;

#[tokio::test]
async fn a_customer_gets_the_auto_reply_and_a_mailing_list_does_not() {
    let ms = MailServers::start();
    let tw = workspace(&ms).await;
    let core = &tw.core;
    let account = core
        .connect_email(settings(&ms, "alice"), "alice-pw")
        .await
        .expect("mailbox connects");
    start_outbox(core);
    let mut a = core.automation(account).await.unwrap();
    a.auto_reply = AutoReplySettings {
        enabled: true,
        always: Some("Gracias, {{customer_name}}: te respondemos hoy mismo.".into()),
        ..AutoReplySettings::default()
    };
    core.set_automation(account, a).await.unwrap();

    bob_sends(
        &ms,
        &mail(
            "consulta@bob",
            "Consulta neumáticos",
            "",
            "¿Tenéis 205/55 R16?",
        ),
    )
    .await;
    eventually("the auto-reply reaches bob", 800, || async {
        inbox_of(&ms, "bob")
            .await
            .iter()
            .any(|m| m.subject == "Re: Consulta neumáticos")
    })
    .await;
    let answer = inbox_of(&ms, "bob")
        .await
        .into_iter()
        .find(|m| m.subject == "Re: Consulta neumáticos")
        .unwrap();
    assert_eq!(answer.in_reply_to, vec!["consulta@bob".to_string()]);
    assert!(answer.automatic, "marked Auto-Submitted");
    assert!(
        answer
            .text
            .contains("Gracias, Bob Cliente: te respondemos hoy mismo."),
        "{}",
        answer.text
    );
    // in Bandeja it is an automatic message, and bob still waits for a person
    let conv = email_conversations(&tw)
        .await
        .into_iter()
        .find(|c| c.subject.as_deref() == Some("Consulta neumáticos"))
        .unwrap();
    assert!(conv.awaiting_since.is_some());
    let out: Vec<_> = messages(core, conv.id)
        .await
        .into_iter()
        .filter(|m| m.direction == Direction::Outbound)
        .collect();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].author_member_id, None);

    // a list's mail: stored, never answered
    let list = format!(
        "From: Ofertas <ofertas@example.test>\nTo: alice@example.test\nSubject: Ofertas de la semana\nMessage-ID: <oferta@list>\nList-Id: <ofertas.example.test>\nDate: {}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nDescuentos\n",
        chrono::Utc::now().to_rfc2822()
    );
    bob_sends(&ms, &list).await;
    eventually("the list's mail is stored", 800, || async {
        email_conversations(&tw)
            .await
            .iter()
            .any(|c| c.subject.as_deref() == Some("Ofertas de la semana"))
    })
    .await;
    let offer = email_conversations(&tw)
        .await
        .into_iter()
        .find(|c| c.subject.as_deref() == Some("Ofertas de la semana"))
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(messages(core, offer.id)
        .await
        .iter()
        .all(|m| m.direction == Direction::Inbound));
}
