//! Invariants the loader and the UI rely on: the workspace here, messages
//! and conversations in [`messages`].

mod messages;

use std::collections::{HashMap, HashSet};

use bandeja_domain::{
    phones_match, window_state, AccountStatus, ChannelKind, ConversationStatus, DeliveryState,
    Direction, Identity, MessageContent, MessageKind,
};
use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::{demo_workspace, DemoAccount, DemoConversation, DemoMessage, DemoWorkspace};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 12, 10, 30, 0).unwrap()
}

fn demo() -> DemoWorkspace {
    demo_workspace(now())
}

fn account<'a>(ws: &'a DemoWorkspace, key: &str) -> &'a DemoAccount {
    ws.accounts.iter().find(|a| a.key == key).unwrap()
}

fn is_whatsapp(ws: &DemoWorkspace, c: &DemoConversation) -> bool {
    account(ws, c.account).kind.channel() == ChannelKind::Whatsapp
}

fn last_inbound(c: &DemoConversation) -> Option<DateTime<Utc>> {
    c.messages
        .iter()
        .filter(|m| m.direction == Direction::Inbound)
        .map(|m| m.at)
        .next_back()
}

fn all_messages(ws: &DemoWorkspace) -> impl Iterator<Item = (&DemoConversation, &DemoMessage)> {
    ws.conversations
        .iter()
        .flat_map(|c| c.messages.iter().map(move |m| (c, m)))
}

fn is_hex_color(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

#[test]
fn sizes_are_as_promised() {
    let ws = demo();
    assert!(
        (25..=35).contains(&ws.contacts.len()),
        "{}",
        ws.contacts.len()
    );
    assert!((30..=40).contains(&ws.conversations.len()));
    assert!((4..=5).contains(&ws.members.len()));
    assert!((6..=8).contains(&ws.tags.len()));
    for c in &ws.conversations {
        assert!((2..=15).contains(&c.messages.len()), "{}", c.contact);
    }
}

#[test]
fn exactly_one_me_and_it_is_the_owner() {
    let ws = demo();
    let me: Vec<_> = ws.members.iter().filter(|m| m.is_me).collect();
    assert_eq!(me.len(), 1);
    assert_eq!(me[0].role, bandeja_domain::Role::Owner);
}

#[test]
fn keys_are_unique_and_every_reference_exists() {
    let ws = demo();
    fn keys<'a>(it: impl Iterator<Item = &'a str>) -> HashSet<&'a str> {
        let v: Vec<_> = it.collect();
        let set: HashSet<_> = v.iter().copied().collect();
        assert_eq!(set.len(), v.len(), "duplicate key in {v:?}");
        set
    }
    let brands = keys(ws.brands.iter().map(|b| b.key));
    let members = keys(ws.members.iter().map(|m| m.key));
    let accounts = keys(ws.accounts.iter().map(|a| a.key));
    let tags = keys(ws.tags.iter().map(|t| t.key));
    let contacts = keys(ws.contacts.iter().map(|c| c.key));
    for a in &ws.accounts {
        assert!(a.brand.is_none_or(|b| brands.contains(b)));
        assert!(
            a.authorized.iter().all(|m| members.contains(m)),
            "{}",
            a.key
        );
    }
    for c in &ws.contacts {
        assert!(c.tags.iter().all(|t| tags.contains(t)), "{}", c.key);
        assert!(c.salesperson.is_none_or(|m| members.contains(m)));
    }
    for c in &ws.conversations {
        assert!(accounts.contains(c.account) && contacts.contains(c.contact));
        assert!(c.tags.iter().all(|t| tags.contains(t)), "{}", c.contact);
        assert!(c.assignee.is_none_or(|m| members.contains(m)));
        for m in &c.messages {
            assert!(m.author.is_none_or(|a| members.contains(a)));
            for r in &m.reactions {
                assert!(r.member.is_none_or(|a| members.contains(a)));
            }
        }
    }
}

#[test]
fn assignees_and_authors_may_use_the_account() {
    let ws = demo();
    for c in &ws.conversations {
        let acc = account(&ws, c.account);
        let people = c
            .assignee
            .into_iter()
            .chain(c.messages.iter().filter_map(|m| m.author));
        for m in people {
            assert!(acc.authorized.contains(&m), "{m} on {}", acc.key);
        }
    }
    // someone is left out of some account
    let members = demo().members.len();
    assert!(ws.accounts.iter().any(|a| a.authorized.len() < members));
}

#[test]
fn accounts_brands_tags_and_members_are_well_formed() {
    let ws = demo();
    for b in &ws.brands {
        assert!(b.country.len() == 2 && b.country.chars().all(|c| c.is_ascii_uppercase()));
    }
    for m in &ws.members {
        assert!(is_hex_color(&m.color) && m.email.contains('@'));
    }
    for t in &ws.tags {
        assert!(is_hex_color(&t.color) && !t.description.is_empty());
    }
    for a in &ws.accounts {
        match a.kind.channel() {
            ChannelKind::Whatsapp => {
                assert_eq!(
                    bandeja_domain::normalize_phone(&a.address, None).unwrap(),
                    a.address
                )
            }
            ChannelKind::Email => assert!(a.address.contains('@')),
        }
    }
    let errors: Vec<_> = ws
        .accounts
        .iter()
        .filter_map(|a| match &a.status {
            AccountStatus::Error { reason } => Some(reason),
            _ => None,
        })
        .collect();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].contains("app password was revoked"));
}

#[test]
fn contact_identities_are_normalized_and_consistent() {
    let ws = demo();
    let mut brazil = false;
    for c in &ws.contacts {
        assert!(!c.identities.is_empty(), "{}", c.key);
        let phone = c.identities.iter().find(|i| i.kind() == "phone");
        for id in &c.identities {
            match id {
                Identity::Phone(p) => {
                    assert_eq!(
                        bandeja_domain::normalize_phone(p, None).as_deref(),
                        Ok(p.as_str())
                    )
                }
                Identity::WhatsappId(w) => {
                    assert!(w.chars().all(|c| c.is_ascii_digit()), "{w}");
                    let p = phone.expect("a WhatsApp contact has a phone").value();
                    assert!(phones_match(w, p), "{w} vs {p}");
                    if w.starts_with("55") && format!("+{w}") != p {
                        brazil = true;
                    }
                }
                Identity::Email(e) => assert!(e.contains('@') && e.to_lowercase() == *e),
                Identity::WhatsappUser(u) => assert!(!u.is_empty()),
            }
        }
    }
    assert!(brazil, "a Brazilian contact with the ninth-digit quirk");
}

#[test]
fn conversations_match_their_channel() {
    let ws = demo();
    for c in &ws.conversations {
        let contact = ws.contacts.iter().find(|k| k.key == c.contact).unwrap();
        let wa = is_whatsapp(&ws, c);
        assert_eq!(c.subject.is_some(), !wa, "subject only for email");
        let needed = if wa { "wa_id" } else { "email" };
        assert!(contact.identities.iter().any(|i| i.kind() == needed));
        if !wa {
            for m in &c.messages {
                // mail is email (with its headers), and notes stay notes
                assert!(matches!(m.kind, MessageKind::Email | MessageKind::Note));
                if m.direction == Direction::Inbound {
                    let addresses: Vec<_> = contact.identities.iter().map(|i| i.value()).collect();
                    assert!(addresses.contains(&m.sender.as_str()), "{}", m.sender);
                }
            }
        }
    }
}
