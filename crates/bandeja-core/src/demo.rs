//! Loading the demo workspace (from `bandeja-demo`) into a fresh store.

use std::collections::HashMap;

use anyhow::Context;
use bandeja_demo::DemoWorkspace;
use bandeja_domain::{Direction, ReopenPolicy};
use bandeja_store::{NewContact, NewConversation, NewMessage, Store};
use chrono::{DateTime, Utc};

/// Fill `store` with the demo and return the id of the member "me".
pub(crate) async fn load(
    store: &Store,
    demo: &DemoWorkspace,
    now: DateTime<Utc>,
) -> anyhow::Result<i64> {
    store.create_workspace(&demo.name, true, now).await?;
    let mut brands = HashMap::new();
    for b in &demo.brands {
        brands.insert(b.key, store.insert_brand(&b.name, &b.country).await?);
    }
    let mut members = HashMap::new();
    let mut me = None;
    for m in &demo.members {
        let id = store
            .insert_member(
                &m.name,
                &m.email,
                m.role,
                m.availability,
                m.capacity,
                &m.color,
                m.is_me,
            )
            .await?;
        if m.is_me {
            me = Some(id);
        }
        members.insert(m.key, id);
    }
    let mut accounts = HashMap::new();
    for a in &demo.accounts {
        let authorized = a
            .authorized
            .iter()
            .map(|k| lookup(&members, k))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let id = store
            .insert_account(
                a.kind,
                &a.name,
                &a.address,
                &a.status,
                a.brand.and_then(|b| brands.get(b).copied()),
                ReopenPolicy::default(),
                &authorized,
                now,
            )
            .await?;
        // lets the demo's simulated phones report ticks through ingest
        store
            .set_provider_ref(id, &format!("demo:{}", a.key))
            .await?;
        let country = a
            .brand
            .and_then(|b| demo.brands.iter().find(|x| x.key == b))
            .map_or("ES", |b| b.country.as_str());
        crate::demo_rules::load(store, id, country).await?;
        accounts.insert(a.key, id);
    }
    let mut tags = HashMap::new();
    for t in &demo.tags {
        tags.insert(
            t.key,
            store.insert_tag(&t.name, &t.description, &t.color).await?,
        );
    }
    let new_contacts: Vec<NewContact> = demo
        .contacts
        .iter()
        .map(|c| {
            Ok(NewContact {
                name: c.name.clone(),
                identities: c.identities.clone(),
                custom_fields: c.custom_fields.clone(),
                salesperson_id: opt(&members, c.salesperson)?,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let contact_ids = store.insert_contacts(&new_contacts, now).await?;
    let mut contacts = HashMap::new();
    for (c, id) in demo.contacts.iter().zip(contact_ids) {
        for t in &c.tags {
            store.tag_contact(id, lookup(&tags, t)?).await?;
        }
        contacts.insert(c.key, id);
    }
    for conv in &demo.conversations {
        let account = *accounts.get(conv.account).context("demo account")?;
        let created_at = conv.messages.first().map(|m| m.at).unwrap_or(now);
        let id = store
            .insert_conversations(&[NewConversation {
                account_id: account,
                contact_id: *contacts.get(conv.contact).context("demo contact")?,
                subject: conv.subject.clone(),
                status: conv.status,
                priority: conv.priority,
                assignee_id: opt(&members, conv.assignee)?,
                snoozed_until: conv.snoozed_until,
                created_at,
            }])
            .await?[0];
        for t in &conv.tags {
            store
                .tag_conversation(
                    id,
                    lookup(&tags, t)?,
                    opt(&members, conv.assignee)?,
                    created_at,
                )
                .await?;
        }
        let batch: Vec<NewMessage> = conv
            .messages
            .iter()
            .map(|m| {
                Ok(NewMessage {
                    conversation_id: id,
                    account_id: account,
                    direction: m.direction,
                    kind: m.kind,
                    content: m.content.clone(),
                    provider_id: m.provider_id.clone(),
                    author_member_id: opt(&members, m.author)?,
                    sender: m.sender.clone(),
                    delivery: m.delivery.clone(),
                    reply_to_provider_id: m.reply_to.clone(),
                    forwarded: m.forwarded,
                    created_at: m.at,
                    automated: false,
                })
            })
            .collect::<anyhow::Result<_>>()?;
        let ids = store.insert_messages(&batch).await?;
        for (m, out) in conv.messages.iter().zip(&ids) {
            for r in &m.reactions {
                store
                    .add_reaction(out.id(), opt(&members, r.member)?, &r.emoji, m.at)
                    .await?;
            }
        }
        // unread = the customer's messages after the last answer
        let unread = if conv.read {
            0
        } else {
            conv.messages
                .iter()
                .rev()
                .take_while(|m| m.direction == Direction::Inbound)
                .count() as i64
        };
        store.set_unread(id, unread).await?;
    }
    store.optimize().await?;
    me.context("the demo has no owner")
}

fn lookup(map: &HashMap<&'static str, i64>, key: &str) -> anyhow::Result<i64> {
    map.get(key)
        .copied()
        .with_context(|| format!("the demo refers to an unknown key {key:?}"))
}

fn opt(map: &HashMap<&'static str, i64>, key: Option<&str>) -> anyhow::Result<Option<i64>> {
    key.map(|k| lookup(map, k)).transpose()
}
