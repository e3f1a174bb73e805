//! AUTO-3: an out-of-hours message gets the out-of-hours reply once.

use bandeja_domain::auto_reply::AutoReplySettings;
use chrono::Duration;

use crate::kit::{office_hours, utc, Scenario};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_out_of_hours_message_gets_the_out_of_hours_reply_once() {
    // Monday 2 March 2026, 22:00 in Madrid (UTC+1)
    let s = Scenario::at(utc("2026-03-02T21:00:00Z")).await;
    s.automate(|a| {
        a.hours = Some(office_hours("Europe/Madrid"));
        a.auto_reply = AutoReplySettings {
            enabled: true,
            outside_hours: Some(
                "Hola {{customer_name}}, en {{company_name}} abrimos a las 9:00. Te respondemos mañana."
                    .into(),
            ),
            first_contact: Some("¡Bienvenido, {{customer_name}}!".into()),
            always: None,
            period_hours: 24,
        };
    })
    .await;

    s.says("34600000001", "Ana Ruiz", "¿Tenéis la talla M?")
        .await;
    assert_eq!(s.flush().await, 1);
    let sent = s.sent_to("34600000001");
    assert_eq!(sent.len(), 1);
    let body = sent[0].request["text"]["body"].as_str().unwrap();
    assert!(
        body.starts_with("Hola Ana Ruiz, en ")
            && body.ends_with("abrimos a las 9:00. Te respondemos mañana."),
        "{body}"
    );

    // the automatic answer is not an answer: the customer is still waiting
    let conv = s.conversation_of("Ana Ruiz").await;
    assert_eq!(conv.awaiting_since, Some(utc("2026-03-02T21:00:00Z")));
    let msgs = bandeja_testkit::messages(s.core(), conv.id).await;
    let auto = msgs.last().unwrap();
    assert_eq!(auto.author_member_id, None);

    // more messages that night, and the next morning within 24 h: nothing more
    s.advance(Duration::minutes(10));
    s.says("34600000001", "Ana Ruiz", "¿Y en azul?").await;
    s.advance_to(utc("2026-03-03T09:30:00Z")); // 10:30, open
    s.says("34600000001", "Ana Ruiz", "¿Hola?").await;
    assert_eq!(s.flush().await, 0);
    assert_eq!(s.sent_to("34600000001").len(), 1);

    // a new customer by day gets the first-contact text instead
    s.says("34600000002", "Luis Gómez", "Buenos días").await;
    assert_eq!(s.flush().await, 1);
    let welcome = s.sent_to("34600000002");
    assert_eq!(
        welcome[0].request["text"]["body"].as_str(),
        Some("¡Bienvenido, Luis Gómez!")
    );

    // the next night, more than 24 h after the first reply: one more
    s.advance_to(utc("2026-03-03T22:00:00Z")); // 23:00 Tuesday
    s.says("34600000001", "Ana Ruiz", "Sigo esperando").await;
    assert_eq!(s.flush().await, 1);
    assert_eq!(s.sent_to("34600000001").len(), 2);
}
