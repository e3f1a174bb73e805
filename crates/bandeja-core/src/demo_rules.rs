//! The demo's team rules, so its settings screens show a business at work:
//! a Spanish shop with split hours ("jornada partida") and a Mexican one
//! open Monday to Saturday, holidays, assignment to whoever knows the
//! customer (else rotation), an out-of-hours auto-reply and response
//! targets.

use bandeja_domain::assign::{AssignRule, AssignStep, Fallback};
use bandeja_domain::auto_reply::AutoReplySettings;
use bandeja_domain::sla::SlaTargets;
use bandeja_domain::{BusinessHours, OpeningInterval, RuleKind};
use bandeja_store::Store;
use chrono::{NaiveDate, NaiveTime, Weekday};

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("a valid time")
}

fn hours(country: &str) -> BusinessHours {
    use Weekday::*;
    let open = |days: &[Weekday], spans: &[(NaiveTime, NaiveTime)]| -> Vec<OpeningInterval> {
        days.iter()
            .flat_map(|d| {
                spans.iter().map(|(o, c)| OpeningInterval {
                    weekday: *d,
                    opens: *o,
                    closes: *c,
                })
            })
            .collect()
    };
    let christmas = NaiveDate::from_ymd_opt(2026, 12, 25).expect("a date");
    match country {
        "MX" => BusinessHours {
            timezone: "America/Mexico_City".into(),
            intervals: open(&[Mon, Tue, Wed, Thu, Fri, Sat], &[(t(9, 0), t(18, 0))]),
            holidays: vec![(christmas, vec![])],
        },
        _ => {
            let mut intervals = open(
                &[Mon, Tue, Wed, Thu, Fri],
                &[(t(9, 0), t(14, 0)), (t(16, 0), t(19, 0))],
            );
            intervals.extend(open(&[Sat], &[(t(10, 0), t(13, 30))]));
            BusinessHours {
                timezone: "Europe/Madrid".into(),
                intervals,
                holidays: vec![
                    (
                        christmas - chrono::Duration::days(1),
                        vec![(t(9, 0), t(14, 0))],
                    ),
                    (christmas, vec![]),
                ],
            }
        }
    }
}

/// Store the demo rules of one account.
pub(crate) async fn load(store: &Store, account_id: i64, country: &str) -> anyhow::Result<()> {
    store
        .set_business_hours(account_id, Some(&hours(country)))
        .await?;
    let steps = [AssignRule::LastHandler, AssignRule::Rotation].map(|rule| {
        let step = AssignStep {
            rule,
            fallback: Fallback::Next,
        };
        (true, serde_json::to_value(step).expect("steps serialize"))
    });
    store
        .set_rules(account_id, RuleKind::Assignment, &steps)
        .await?;
    let reply = AutoReplySettings {
        enabled: true,
        outside_hours: Some(
            "Hola {{customer_name}}, gracias por escribir a {{company_name}}. Ahora estamos cerrados; te respondemos en cuanto abramos."
                .into(),
        ),
        first_contact: None,
        always: None,
        period_hours: 24,
    };
    store
        .set_rules(
            account_id,
            RuleKind::AutoReply,
            &[(true, serde_json::to_value(&reply)?)],
        )
        .await?;
    let sla = SlaTargets {
        enabled: true,
        first_response_minutes: Some(60),
        next_response_minutes: Some(240),
        warn_minutes: 15,
    };
    store
        .set_rules(
            account_id,
            RuleKind::Sla,
            &[(true, serde_json::to_value(&sla)?)],
        )
        .await?;
    Ok(())
}
