//! WA-7 and WA-8: the window reminder fires at the right minute (and at
//! 18:00 when hour 23 is at night), repeats after "Sí", and the
//! conversation closes when the window ends without an answer.

use bandeja_domain::reminder::ReminderSettings;
use bandeja_domain::ConversationStatus;
use bandeja_sim::wire::{ButtonReply, Content};
use bandeja_sim::Inbound;

use crate::kit::{office_hours, utc, Scenario};

async fn with_reminders(s: &Scenario) {
    let template = s.reminder_template().await;
    s.automate(|a| {
        a.hours = Some(office_hours("Europe/Madrid"));
        a.reminder = ReminderSettings {
            enabled: true,
            template_id: Some(template),
            params: vec!["{{customer_name}}".into()],
        };
        a.auto_close = true;
    })
    .await;
}

/// Run the scheduler at `at` and send what it queued; returns the
/// reminders sent.
async fn tick(s: &Scenario, at: &str) -> usize {
    s.advance_to(utc(at));
    let report = s.core().run_due().await.unwrap();
    s.flush().await;
    report.reminders_sent
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reminder_fires_at_the_right_minute_and_repeats_after_yes() {
    // Tuesday 3 March 2026, 15:00 in Madrid (UTC+1)
    let s = Scenario::at(utc("2026-03-03T14:00:00Z")).await;
    with_reminders(&s).await;
    s.says("34600000001", "Ana Ruiz", "¿Me guardáis el pedido?")
        .await;
    // the window closes Wednesday 15:00 local: the reminder goes at 14:00
    assert_eq!(tick(&s, "2026-03-04T12:59:00Z").await, 0);
    assert!(s.sent_to("34600000001").is_empty());
    assert_eq!(tick(&s, "2026-03-04T13:00:00Z").await, 1);
    let sent = s.sent_to("34600000001");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].template.as_deref(), Some("seguimos_en_contacto"));
    let params = &sent[0].request["template"]["components"][0]["parameters"];
    assert_eq!(params[0]["text"], "Ana Ruiz");
    // only once per window
    assert_eq!(tick(&s, "2026-03-04T13:20:00Z").await, 0);

    // the customer taps "Sí" at 14:30: the window reopens and the cycle repeats
    s.advance_to(utc("2026-03-04T13:30:00Z"));
    s.customer(
        Inbound::new(
            "34600000001",
            Content::Button {
                button: ButtonReply {
                    payload: "Sí".into(),
                    text: "Sí".into(),
                },
            },
        )
        .named("Ana Ruiz")
        .reply_to(&sent[0].id),
    )
    .await;
    assert_eq!(tick(&s, "2026-03-05T12:29:00Z").await, 0);
    assert_eq!(tick(&s, "2026-03-05T12:30:00Z").await, 1);
    assert_eq!(s.sent_to("34600000001").len(), 2);
    let conv = s.conversation_of("Ana Ruiz").await;
    assert_eq!(conv.status, ConversationStatus::Open);

    // no "Sí" this time: when the window ends the conversation is closed
    tick(&s, "2026-03-05T13:29:00Z").await;
    assert_eq!(
        s.conversation_of("Ana Ruiz").await.status,
        ConversationStatus::Open
    );
    tick(&s, "2026-03-05T13:30:00Z").await;
    assert_eq!(
        s.conversation_of("Ana Ruiz").await.status,
        ConversationStatus::Resolved
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hour_23_at_night_moves_the_reminder_to_18_00() {
    // Tuesday 3 March 2026, 23:00 in Madrid: hour 23 of the window is 22:00
    // on Wednesday, at night, so the reminder goes at 18:00 that day
    let s = Scenario::at(utc("2026-03-03T22:00:00Z")).await;
    with_reminders(&s).await;
    s.says("34600000001", "Ana Ruiz", "Hola, ¿abrís mañana?")
        .await;
    assert_eq!(tick(&s, "2026-03-04T08:00:00Z").await, 0); // 09:00
                                                           // a private note is no answer: the reminder still goes
    let ana = s.conversation_of("Ana Ruiz").await;
    s.core()
        .add_note(ana.id, "Mirar stock antes de contestar")
        .await
        .unwrap();
    assert_eq!(tick(&s, "2026-03-04T16:59:00Z").await, 0); // 17:59
    assert_eq!(tick(&s, "2026-03-04T17:00:00Z").await, 1); // 18:00
    assert_eq!(tick(&s, "2026-03-04T21:00:00Z").await, 0); // 22:00: not again
    assert_eq!(s.sent_to("34600000001").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_before_the_reminder_cancels_it_and_a_sleeping_computer_skips_the_night() {
    let s = Scenario::at(utc("2026-03-03T14:00:00Z")).await;
    with_reminders(&s).await;
    // Ana is answered by a person: no reminder for her
    s.says("34600000001", "Ana Ruiz", "Hola").await;
    let ana = s.conversation_of("Ana Ruiz").await;
    s.core()
        .send_text(ana.id, "¡Hola Ana! Ya lo miro.", None)
        .await
        .unwrap();
    s.flush().await;
    // Luis writes at 23:00; the computer sleeps from 17:00 to 20:00 the
    // next day, past his 18:00 reminder: skipped rather than sent at night
    s.advance_to(utc("2026-03-03T22:00:00Z"));
    s.says("34600000002", "Luis Gómez", "Hola").await;
    assert_eq!(tick(&s, "2026-03-04T16:00:00Z").await, 0);
    let report = {
        s.advance_to(utc("2026-03-04T19:00:00Z"));
        s.core().run_due().await.unwrap()
    };
    assert_eq!(report.reminders_sent, 0);
    assert_eq!(report.reminders_skipped, 1);
    assert_eq!(s.sent_to("34600000002").len(), 0);
    assert_eq!(s.sent_to("34600000001").len(), 1); // only the person's answer
}
