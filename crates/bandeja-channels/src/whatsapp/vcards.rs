//! `type: "contacts"`: the vCards a customer shared → [`SharedContact`]s.
//!
//! Every card property may be missing (the doc says so), and the domain keeps
//! only a name, phones and emails. The name falls back from `formatted_name`
//! to the name parts, the company, then the first phone or email, so a card
//! is never shown nameless when it has anything to show. A phone without a
//! `phone` string uses its `wa_id`. `org`, `addresses`, `urls` and
//! `birthday` are dropped: the domain has no place for them.

use bandeja_domain::{MessageContent, MessageKind, SharedContact};
use serde::Deserialize;

use super::content::Body;
use super::wire::{leaf, Obj};

#[derive(Deserialize, Default)]
#[serde(default)]
struct Card {
    name: Option<CardName>,
    phones: Vec<CardPhone>,
    emails: Vec<CardEmail>,
    org: Option<CardOrg>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CardName {
    formatted_name: Option<String>,
    prefix: Option<String>,
    first_name: Option<String>,
    middle_name: Option<String>,
    last_name: Option<String>,
    suffix: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CardPhone {
    phone: Option<String>,
    wa_id: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CardEmail {
    email: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CardOrg {
    company: Option<String>,
}

pub(crate) fn shared_contacts(msg: &Obj) -> Result<Body, String> {
    let cards: Vec<Card> = leaf(msg, "contacts")?;
    let contacts = cards.into_iter().map(shared_contact).collect();
    Ok(Body::plain(
        MessageKind::Contacts,
        MessageContent::Contacts { contacts },
    ))
}

fn shared_contact(card: Card) -> SharedContact {
    let present = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let phones: Vec<String> = card
        .phones
        .iter()
        .filter_map(|p| present(&p.phone).or_else(|| present(&p.wa_id)))
        .collect();
    let emails: Vec<String> = card
        .emails
        .iter()
        .filter_map(|e| present(&e.email))
        .collect();
    let from_parts = card.name.as_ref().map(|n| {
        [
            &n.prefix,
            &n.first_name,
            &n.middle_name,
            &n.last_name,
            &n.suffix,
        ]
        .into_iter()
        .filter_map(present)
        .collect::<Vec<_>>()
        .join(" ")
    });
    let name = card
        .name
        .as_ref()
        .and_then(|n| present(&n.formatted_name))
        .or(from_parts.filter(|s| !s.is_empty()))
        .or_else(|| card.org.as_ref().and_then(|o| present(&o.company)))
        .or_else(|| phones.first().cloned())
        .or_else(|| emails.first().cloned())
        .unwrap_or_default();
    SharedContact {
        name,
        phones,
        emails,
    }
}
