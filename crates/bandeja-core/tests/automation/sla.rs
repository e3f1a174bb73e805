//! AUTO-11: response targets counted in business hours; a breach is flagged,
//! an answer clears the wait, the next message starts the next target.

use bandeja_domain::sla::SlaTargets;

use crate::kit::{office_hours, utc, Scenario};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sla_breach_is_flagged_in_business_hours() {
    // Friday 6 March 2026, 17:30 in Madrid: 30 minutes before closing
    let s = Scenario::at(utc("2026-03-06T16:30:00Z")).await;
    s.automate(|a| {
        a.hours = Some(office_hours("Europe/Madrid"));
        a.sla = SlaTargets {
            enabled: true,
            first_response_minutes: Some(60),
            next_response_minutes: Some(240),
            warn_minutes: 15,
        };
    })
    .await;
    s.says("34600000001", "Ana Ruiz", "¿Hacéis envíos a Canarias?")
        .await;
    let report = s.core().run_due().await.unwrap();
    assert_eq!(report.sla_planned, 1);
    // 30 minutes on Friday, 30 on Monday: due Monday 09:30 local
    let conv = s.conversation_of("Ana Ruiz").await;
    assert_eq!(conv.sla_due_at, Some(utc("2026-03-09T08:30:00Z")));
    assert_eq!(conv.sla_breached_at, None);
    // the scheduler sleeps until then at most
    assert!(report
        .next
        .is_some_and(|n| n <= utc("2026-03-09T08:30:00Z")));

    // the weekend passes; Monday at 09:00 she writes again (still the same wait)
    s.advance_to(utc("2026-03-09T08:00:00Z"));
    s.says("34600000001", "Ana Ruiz", "¿Hola?").await;
    s.core().run_due().await.unwrap();
    let conv = s.conversation_of("Ana Ruiz").await;
    assert_eq!(conv.awaiting_since, Some(utc("2026-03-06T16:30:00Z")));
    assert_eq!(conv.sla_due_at, Some(utc("2026-03-09T08:30:00Z")));
    // not breached a minute before
    s.advance_to(utc("2026-03-09T08:29:00Z"));
    assert_eq!(s.core().run_due().await.unwrap().sla_breached, 0);
    s.advance_to(utc("2026-03-09T08:30:00Z"));
    assert_eq!(s.core().run_due().await.unwrap().sla_breached, 1);
    let conv = s.conversation_of("Ana Ruiz").await;
    assert_eq!(conv.sla_breached_at, Some(utc("2026-03-09T08:30:00Z")));

    // an answer ends the wait and the flag
    s.core()
        .send_text(conv.id, "¡Sí! Tarda 3 días.", None)
        .await
        .unwrap();
    s.flush().await;
    let conv = s.conversation_of("Ana Ruiz").await;
    assert_eq!(
        (conv.awaiting_since, conv.sla_due_at, conv.sla_breached_at),
        (None, None, None)
    );

    // her next message has the next-response target (4 h of open time)
    s.advance_to(utc("2026-03-09T15:00:00Z")); // 16:00
    s.says("34600000001", "Ana Ruiz", "¿Y el coste?").await;
    s.core().run_due().await.unwrap();
    let conv = s.conversation_of("Ana Ruiz").await;
    // 2 h on Monday (16:00–18:00), 2 h on Tuesday: 11:00 local
    assert_eq!(conv.sla_due_at, Some(utc("2026-03-10T10:00:00Z")));
}
