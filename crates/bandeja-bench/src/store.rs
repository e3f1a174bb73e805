//! `bandeja-bench store`: a workspace of realistic size, built through the
//! store's own batched insert path, then the queries the inbox runs most.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use bandeja_domain::*;
use bandeja_store::{ConversationFilter, NewContact, NewConversation, NewMessage, Store, View};
use chrono::{Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

use crate::machine::{describe, percentile, profile};
use crate::text;

pub struct Options {
    conversations: usize,
    messages: usize,
    runs: usize,
    keep: Option<PathBuf>,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut o = Options {
            conversations: 100_000,
            messages: 1_000_000,
            runs: 300,
            keep: None,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut val = || it.next().ok_or_else(|| format!("{a} needs a value"));
            match a.as_str() {
                "--conversations" => {
                    o.conversations = val()?.parse().map_err(|e| format!("{e}"))?
                }
                "--messages" => o.messages = val()?.parse().map_err(|e| format!("{e}"))?,
                "--runs" => o.runs = val()?.parse().map_err(|e| format!("{e}"))?,
                "--keep" => o.keep = Some(PathBuf::from(val()?)),
                other => return Err(format!("unknown option {other}")),
            }
        }
        if o.conversations == 0 || o.messages < o.conversations {
            return Err("need at least one message per conversation".into());
        }
        Ok(o)
    }
}

const BATCH: usize = 500;

async fn timed<F, Fut>(runs: usize, mut f: F) -> anyhow::Result<serde_json::Value>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<usize>>,
{
    // warm-up: the first runs fill SQLite's page cache and statement cache
    for i in 0..runs.min(20) {
        f(i).await?;
    }
    let mut ms = Vec::with_capacity(runs);
    let mut rows = 0;
    for i in 0..runs {
        let t = Instant::now();
        rows += f(i).await?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(|a, b| a.total_cmp(b));
    Ok(json!({
        "p50_ms": percentile(&ms, 50.0),
        "p99_ms": percentile(&ms, 99.0),
        "max_ms": percentile(&ms, 100.0),
        "runs": runs,
        "avg_rows": rows as f64 / runs as f64,
    }))
}

pub async fn run(o: Options) -> anyhow::Result<serde_json::Value> {
    let dir = tempfile::tempdir()?;
    let path = o
        .keep
        .clone()
        .unwrap_or_else(|| dir.path().join("bench.sqlite"));
    if path.exists() {
        anyhow::bail!("{} exists; --keep wants a new file", path.display());
    }
    let store = Store::open(&path).await.context("open store")?;
    let mut rng = StdRng::seed_from_u64(0xBA4DE7A);
    let now = Utc::now();
    store.create_workspace("Bench", false, now).await?;
    let mut members = vec![];
    for (i, n) in ["Ana", "Luis", "Marta", "Iker", "Sofía"].iter().enumerate() {
        let role = if i == 0 { Role::Owner } else { Role::Agent };
        members.push(
            store
                .insert_member(
                    n,
                    &format!("{n}@bench.test"),
                    role,
                    Availability::Online,
                    None,
                    "#64748b",
                    i == 0,
                )
                .await?,
        );
    }
    let me = members[0];
    let mut accounts = vec![];
    for (kind, name) in [
        (AccountKind::WhatsappCloud, "WhatsApp ES"),
        (AccountKind::TwilioWhatsapp, "WhatsApp MX"),
        (AccountKind::EmailImap, "Correo"),
        (AccountKind::EmailGmail, "Gmail"),
    ] {
        accounts.push((
            store
                .insert_account(
                    kind,
                    name,
                    "x",
                    &AccountStatus::Active,
                    None,
                    ReopenPolicy::default(),
                    &members,
                    now,
                )
                .await?,
            kind,
        ));
    }
    let mut tags = vec![];
    for t in [
        "Presupuesto",
        "Urgente",
        "Garantía",
        "VIP",
        "Pedido",
        "Factura",
        "Cita",
        "Queja",
    ] {
        tags.push(store.insert_tag(t, "", "#64748b").await?);
    }

    eprintln!("contacts and conversations…");
    let n_contacts = (o.conversations * 5 / 8).max(1);
    let mut contacts = Vec::with_capacity(n_contacts);
    for chunk in (0..n_contacts).collect::<Vec<_>>().chunks(5000) {
        let batch: Vec<NewContact> = chunk
            .iter()
            .map(|i| NewContact {
                name: text::name(&mut rng),
                identities: vec![Identity::WhatsappId(format!("34{}", 600_000_000 + i))],
                custom_fields: vec![],
                salesperson_id: None,
            })
            .collect();
        contacts.extend(store.insert_contacts(&batch, now).await?);
    }
    let mut convs = Vec::with_capacity(o.conversations);
    let mut conv_account = Vec::with_capacity(o.conversations);
    for chunk in (0..o.conversations).collect::<Vec<_>>().chunks(5000) {
        let batch: Vec<NewConversation> = chunk
            .iter()
            .map(|_| {
                let (account, kind) = accounts[rng.gen_range(0..accounts.len())];
                let status = match rng.gen_range(0..100) {
                    0..=14 => ConversationStatus::Open,
                    15..=19 => ConversationStatus::Pending,
                    20..=24 => ConversationStatus::Snoozed,
                    _ => ConversationStatus::Resolved,
                };
                conv_account.push(account);
                NewConversation {
                    account_id: account,
                    contact_id: contacts[rng.gen_range(0..contacts.len())],
                    subject: (kind.channel() == ChannelKind::Email)
                        .then(|| text::sentence(&mut rng)),
                    status,
                    priority: Priority::Normal,
                    assignee_id: rng
                        .gen_bool(0.6)
                        .then(|| members[rng.gen_range(0..members.len())]),
                    snoozed_until: None,
                    created_at: now - Duration::days(400),
                }
            })
            .collect();
        convs.extend(store.insert_conversations(&batch).await?);
    }
    for (i, c) in convs.iter().enumerate() {
        if i % 3 == 0 {
            store
                .tag_conversation(*c, tags[i % tags.len()], Some(me), now)
                .await?;
        }
    }

    eprintln!("ingesting {} messages in batches of {BATCH}…", o.messages);
    // Traffic is bursty: at any moment a few dozen conversations are active
    // and each receives its messages close together. Every conversation gets
    // a planned number of messages (at least one), drawn from an active set.
    let start = now - Duration::days(365);
    let step_ms = (365 * 24 * 3600 * 1000 / o.messages as i64).max(1);
    let mut planned = vec![1usize; convs.len()];
    for _ in convs.len()..o.messages {
        // skewed: a few long conversations, many short ones
        let x: f64 = rng.gen();
        planned[((x * x) * convs.len() as f64) as usize % convs.len()] += 1;
    }
    // long conversations, to measure a full page of 50 messages
    let long: Vec<i64> = planned
        .iter()
        .enumerate()
        .filter(|(_, n)| **n >= 60)
        .map(|(i, _)| convs[i])
        .collect();
    let mut order: Vec<usize> = (0..convs.len()).collect();
    rand::seq::SliceRandom::shuffle(order.as_mut_slice(), &mut rng);
    let mut queue = order.into_iter();
    const ACTIVE: usize = 64;
    let mut active: Vec<usize> = queue.by_ref().take(ACTIVE).collect();
    let mut ingest_secs = 0.0;
    let mut n = 0usize;
    // conversations people open: those with traffic (one sample per 997 messages)
    let mut opened: Vec<i64> = Vec::new();
    let mut batch = Vec::with_capacity(BATCH);
    while n < o.messages {
        batch.clear();
        for _ in 0..BATCH.min(o.messages - n) {
            let slot = rng.gen_range(0..active.len());
            let ci = active[slot];
            planned[ci] -= 1;
            if planned[ci] == 0 {
                match queue.next() {
                    Some(next) => active[slot] = next,
                    None => {
                        active.swap_remove(slot);
                    }
                }
            }
            if n.is_multiple_of(997) {
                opened.push(convs[ci]);
            }
            let inbound = rng.gen_bool(0.55);
            let body = text::sentence(&mut rng);
            let media = rng.gen_ratio(1, 10);
            let (kind, content) = if media {
                (
                    MessageKind::Image,
                    MessageContent::Media {
                        caption: Some(body),
                        mime: "image/jpeg".into(),
                        filename: None,
                        size: Some(rng.gen_range(20_000..3_000_000)),
                        duration_secs: None,
                    },
                )
            } else {
                (MessageKind::Text, MessageContent::Text { body })
            };
            batch.push(NewMessage {
                conversation_id: convs[ci],
                account_id: conv_account[ci],
                direction: if inbound {
                    Direction::Inbound
                } else {
                    Direction::Outbound
                },
                kind,
                content,
                provider_id: Some(format!("wamid.bench.{n}")),
                author_member_id: (!inbound).then_some(me),
                sender: String::new(),
                delivery: (!inbound).then_some(DeliveryState::Delivered),
                reply_to_provider_id: None,
                forwarded: false,
                created_at: start + Duration::milliseconds(step_ms * n as i64),
                automated: false,
            });
            n += 1;
        }
        let t = Instant::now();
        store.insert_messages(&batch).await?;
        ingest_secs += t.elapsed().as_secs_f64();
        if n.is_multiple_of(100_000) {
            eprintln!("  {n} messages, {:.0} msg/s", n as f64 / ingest_secs);
        }
    }
    let ingest_rate = o.messages as f64 / ingest_secs;
    let t = Instant::now();
    store.optimize().await?;
    let maintenance_secs = t.elapsed().as_secs_f64();

    eprintln!("queries…");
    let all_open = ConversationFilter::view(View::AllOpen);
    let list_first = timed(o.runs, |_| {
        let (s, f) = (&store, &all_open);
        async move { Ok(s.list_conversations(me, f, now, None, 50).await?.0.len()) }
    })
    .await?;
    let mut tagged = ConversationFilter::view(View::AllOpen);
    tagged.tag_id = Some(tags[1]);
    let list_tag = timed(o.runs, |_| {
        let (s, f) = (&store, &tagged);
        async move { Ok(s.list_conversations(me, f, now, None, 50).await?.0.len()) }
    })
    .await?;
    let mine = ConversationFilter::view(View::Mine);
    let list_mine = timed(o.runs, |_| {
        let (s, f) = (&store, &mine);
        async move { Ok(s.list_conversations(me, f, now, None, 50).await?.0.len()) }
    })
    .await?;
    let picks: Vec<i64> = (0..o.runs + 20)
        .map(|_| opened[rng.gen_range(0..opened.len())])
        .collect();
    let messages_page = timed(o.runs, |i| {
        let (s, c) = (&store, picks[i]);
        async move { Ok(s.messages_page(me, c, None, 50).await?.0.len()) }
    })
    .await?;
    let long_picks: Vec<i64> = (0..o.runs + 20)
        .map(|i| long.get(i % long.len().max(1)).copied().unwrap_or(convs[0]))
        .collect();
    let messages_page_long = timed(o.runs, |i| {
        let (s, c) = (&store, long_picks[i]);
        async move { Ok(s.messages_page(me, c, None, 50).await?.0.len()) }
    })
    .await?;
    let counts = timed(o.runs.min(100), |_| {
        let s = &store;
        async move {
            s.counts(me).await?;
            Ok(1)
        }
    })
    .await?;
    let common = ["gracias", "presupuesto", "hola", "thanks"];
    let search_common = timed(o.runs, |i| {
        let (s, q) = (&store, common[i % common.len()]);
        async move { Ok(s.search(me, q, 50).await?.len()) }
    })
    .await?;
    let search_rare = timed(o.runs, |i| {
        let (s, q) = (&store, text::RARE[i % text::RARE.len()]);
        async move { Ok(s.search(me, q, 50).await?.len()) }
    })
    .await?;
    let search_prefix = timed(o.runs, |i| {
        let (s, q) = (&store, ["presu", "gara", "factu", "appoi"][i % 4]);
        async move { Ok(s.search(me, q, 50).await?.len()) }
    })
    .await?;
    let size = store.size_on_disk();
    store.close().await;

    let p99 = |v: &serde_json::Value| v["p99_ms"].as_f64().unwrap_or(f64::MAX);
    Ok(json!({
        "bench": "store",
        "profile": profile(),
        "machine": describe(),
        "dataset": {
            "conversations": o.conversations,
            "messages": o.messages,
            "contacts": n_contacts,
            "accounts": accounts.len(),
            "batch_size": BATCH,
        },
        "figures": {
            "ingest_messages_per_s": ingest_rate.round(),
            "ingest_seconds": (ingest_secs * 10.0).round() / 10.0,
            "maintenance_seconds": (maintenance_secs * 10.0).round() / 10.0,
            "list_first_page": list_first,
            "list_first_page_tag_filter": list_tag,
            "list_first_page_mine": list_mine,
            "messages_latest_50": messages_page,
            "messages_latest_50_long_conversations": messages_page_long,
            "counts": counts,
            "search_common_word": search_common,
            "search_rare_word": search_rare,
            "search_prefix": search_prefix,
            "database_bytes": size,
            "database_mib": ((size as f64 / 1048576.0) * 10.0).round() / 10.0,
        },
        "units": {"*_ms": "milliseconds", "ingest_messages_per_s": "messages per second", "database_bytes": "bytes"},
        "targets": {
            "list_first_page_p99_ms": 5.0,
            "messages_latest_50_p99_ms": 5.0,
            "search_p99_ms": 30.0,
            "ingest_messages_per_s": 20000.0,
        },
        "met": {
            "list_first_page": p99(&list_first) <= 5.0,
            "messages_latest_50": p99(&messages_page) <= 5.0 && p99(&messages_page_long) <= 5.0,
            "search_common_word": p99(&search_common) <= 30.0,
            "search_rare_word": p99(&search_rare) <= 30.0,
            "ingest": ingest_rate >= 20000.0,
        },
    }))
}
