//! Who sent what: the identities and name a sender is known by, and the
//! per-batch prefetch of redeliveries and known senders.

use bandeja_domain::inbound::{InboundEvent, SenderRef};
use bandeja_domain::{normalize_phone, AccountKind, Identity};
use bandeja_store::IngestTx;

/// Who the sender is, as identities to match and store.
pub(super) fn identities(from: &SenderRef) -> Vec<Identity> {
    let mut ids = Vec::new();
    if let Some(wa) = &from.wa_id {
        ids.push(Identity::WhatsappId(wa.clone()));
        // a wa_id is already international digits: E.164 is "+" and them
        // (full parsing with libphonenumber's rules costs more than the
        // whole rest of ingest, so it is kept for what people type)
        let e164 = if (6..=15).contains(&wa.len()) && wa.bytes().all(|b| b.is_ascii_digit()) {
            Some(format!("+{wa}"))
        } else {
            normalize_phone(wa, None).ok()
        };
        if let Some(e164) = e164 {
            ids.push(Identity::Phone(e164));
        }
    }
    if let Some(u) = &from.user_id {
        ids.push(Identity::WhatsappUser(u.clone()));
    }
    if let Some(e) = &from.email {
        ids.push(Identity::Email(e.to_lowercase()));
    }
    ids
}

/// The best name we have for a sender.
pub(super) fn display_name(from: &SenderRef) -> String {
    from.profile_name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| from.wa_id.as_ref().map(|w| format!("+{w}")))
        .or_else(|| from.username.clone())
        .or_else(|| from.email.clone())
        .unwrap_or_else(|| "?".into())
}

/// A name that is only a phone number (what we call a contact before we
/// learn their profile name).
pub(super) fn is_just_a_number(name: &str) -> bool {
    let digits = name.trim_start_matches('+');
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == ' ')
}

/// What a batch needs to know before it is applied, with one query per
/// account instead of several per message: which messages are already
/// stored (redeliveries), and the known senders with their latest
/// conversation.
pub(super) async fn prefetch(
    tx: &mut IngestTx,
    kinds: &[AccountKind],
    batch: &[InboundEvent],
    out: &mut super::Applied,
) -> anyhow::Result<()> {
    let mut by_account: std::collections::HashMap<i64, (Vec<&str>, Vec<&str>)> = Default::default();
    for event in batch {
        if let InboundEvent::Message(m) = event {
            if let Some(account) = tx
                .account_by_ref(kinds, &m.account.provider_account_id)
                .await?
            {
                let entry = by_account.entry(account.id).or_default();
                entry.0.push(m.provider_id.as_str());
                if let Some(w) = &m.from.wa_id {
                    entry.1.push(w.as_str());
                }
            }
        }
    }
    for (account, (ids, wa_ids)) in by_account {
        for id in tx.known_provider_ids(account, &ids).await? {
            out.known.insert((account, id));
        }
        if !wa_ids.is_empty() {
            for (wa, sender) in tx.senders_by_wa_id(account, &wa_ids).await? {
                out.senders.insert((account, wa), sender);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_just_a_number("+34 600 000 000"));
        assert!(!is_just_a_number("Ana"));
        let from = SenderRef {
            wa_id: Some("5511987654321".into()),
            ..SenderRef::default()
        };
        assert_eq!(display_name(&from), "+5511987654321");
        assert_eq!(
            identities(&from),
            vec![
                Identity::WhatsappId("5511987654321".into()),
                Identity::Phone("+5511987654321".into())
            ]
        );
    }
}
