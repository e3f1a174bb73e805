//! Messages, windows, statuses and languages.

use super::*;

#[test]
fn every_message_kind_appears_with_matching_content() {
    let ws = demo();
    let kinds: HashSet<_> = all_messages(&ws).map(|(_, m)| m.kind).collect();
    for k in MessageKind::ALL {
        assert!(kinds.contains(k), "no {k} message");
    }
    for (_, m) in all_messages(&ws) {
        let ok = match (&m.content, m.kind) {
            (MessageContent::Text { .. }, MessageKind::Text)
            | (MessageContent::Location { .. }, MessageKind::Location)
            | (MessageContent::Contacts { .. }, MessageKind::Contacts)
            | (MessageContent::Interactive { .. }, MessageKind::Interactive)
            | (MessageContent::Button { .. }, MessageKind::Button)
            | (MessageContent::Reaction { .. }, MessageKind::Reaction)
            | (MessageContent::Template { .. }, MessageKind::Template)
            | (MessageContent::Unsupported { .. }, MessageKind::Unsupported)
            | (MessageContent::Note { .. }, MessageKind::Note)
            | (MessageContent::Email(_), MessageKind::Email) => true,
            (
                MessageContent::Media {
                    mime,
                    filename,
                    size,
                    duration_secs,
                    ..
                },
                kind,
            ) if kind.is_media() => {
                let timed = matches!(
                    kind,
                    MessageKind::Audio | MessageKind::Voice | MessageKind::Video
                );
                mime.contains('/')
                    && size.is_some()
                    && duration_secs.is_some() == timed
                    && (kind != MessageKind::Document || filename.is_some())
            }
            _ => false,
        };
        assert!(ok, "{:?} with {:?}", m.kind, m.content);
    }
}

#[test]
fn provider_ids_are_unique_per_account_and_absent_on_notes() {
    let ws = demo();
    let mut seen: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (c, m) in all_messages(&ws) {
        assert_eq!(m.provider_id.is_none(), m.kind == MessageKind::Note);
        if let Some(id) = &m.provider_id {
            assert!(
                seen.entry(c.account).or_default().insert(id),
                "duplicate {id}"
            );
        }
    }
}

#[test]
fn messages_are_chronological_and_in_the_past() {
    let ws = demo();
    for c in &ws.conversations {
        for w in c.messages.windows(2) {
            assert!(w[0].at <= w[1].at, "{}: {:?}", c.contact, w[1].content);
        }
        assert!(c.messages.iter().all(|m| m.at <= now()));
        assert!(c.messages.iter().all(|m| m.at > now() - Duration::days(30)));
    }
}

#[test]
fn replies_and_reactions_point_to_earlier_messages_of_the_same_conversation() {
    let ws = demo();
    let (mut replies, mut reactions, mut forwarded) = (0, 0, 0);
    for c in &ws.conversations {
        for (i, m) in c.messages.iter().enumerate() {
            let earlier = |id: &str| {
                c.messages[..i]
                    .iter()
                    .position(|e| e.provider_id.as_deref() == Some(id))
            };
            if let Some(target) = &m.reply_to {
                assert!(earlier(target).is_some(), "reply to {target}");
                replies += 1;
            }
            if let MessageContent::Reaction {
                target_provider_id,
                emoji,
            } = &m.content
            {
                let t = earlier(target_provider_id).expect("reaction target");
                let who = match m.direction {
                    Direction::Inbound => None,
                    Direction::Outbound => m.author,
                };
                let shown = &c.messages[t].reactions;
                assert!(shown
                    .iter()
                    .any(|r| r.member == who && Some(&r.emoji) == emoji.as_ref()));
                reactions += 1;
            }
            forwarded += usize::from(m.forwarded);
        }
    }
    let shown: usize = all_messages(&ws).map(|(_, m)| m.reactions.len()).sum();
    assert_eq!(shown, reactions, "every shown reaction has its message");
    assert!(replies >= 1 && reactions >= 1 && forwarded >= 1);
    assert!(all_messages(&ws).any(|(_, m)| m.reactions.iter().any(|r| r.member.is_some())));
}

#[test]
fn delivery_states_only_on_outbound_and_all_present() {
    let ws = demo();
    let mut states = HashSet::new();
    for (_, m) in all_messages(&ws) {
        let outbound = m.direction == Direction::Outbound && m.kind != MessageKind::Note;
        assert_eq!(m.delivery.is_some(), outbound, "{:?}", m.content);
        if m.kind == MessageKind::Note {
            assert_eq!(m.direction, Direction::Outbound);
            assert!(m.author.is_some());
        }
        if let Some(d) = &m.delivery {
            states.insert(d.name());
        }
    }
    for s in ["pending", "sent", "delivered", "read", "failed"] {
        assert!(states.contains(s), "no {s} message");
    }
}

#[test]
fn whatsapp_free_form_messages_respect_the_window() {
    let ws = demo();
    let mut failures = 0;
    for c in ws.conversations.iter().filter(|c| is_whatsapp(&ws, c)) {
        let mut last_in = None;
        for m in &c.messages {
            if m.direction == Direction::Inbound {
                last_in = Some(m.at);
                continue;
            }
            if matches!(m.kind, MessageKind::Note | MessageKind::Template) {
                continue;
            }
            let open = window_state(m.at, last_in).is_open();
            let failed = matches!(
                &m.delivery,
                Some(DeliveryState::Failed { code: 131047, .. })
            );
            assert_eq!(!open, failed, "{}: {:?}", c.contact, m.content);
            failures += usize::from(failed);
        }
    }
    assert!(failures >= 1);
}

#[test]
fn some_whatsapp_windows_are_open_and_some_closed() {
    let ws = demo();
    let (mut open, mut closed) = (0, 0);
    for c in ws.conversations.iter().filter(|c| is_whatsapp(&ws, c)) {
        match window_state(now(), last_inbound(c)).remaining(now()) {
            Some(left) if left > Duration::hours(2) => open += 1,
            Some(_) => {}
            None => closed += 1,
        }
    }
    assert!(open >= 3 && closed >= 3, "open {open}, closed {closed}");
}

#[test]
fn statuses_priorities_and_read_states_are_varied() {
    let ws = demo();
    let count = |s| ws.conversations.iter().filter(|c| c.status == s).count();
    assert!(count(ConversationStatus::Open) > ws.conversations.len() / 2);
    for s in ConversationStatus::ALL {
        assert!(count(*s) >= 1, "no {s} conversation");
    }
    for c in &ws.conversations {
        let snoozed = c.status == ConversationStatus::Snoozed;
        assert_eq!(c.snoozed_until.is_some_and(|t| t > now()), snoozed);
        assert_eq!(c.snoozed_until.is_some(), snoozed);
        if !c.read {
            let last = c.messages.iter().rfind(|m| m.kind != MessageKind::Note);
            assert_eq!(last.unwrap().direction, Direction::Inbound, "{}", c.contact);
        }
    }
    let priorities: HashSet<_> = ws.conversations.iter().map(|c| c.priority).collect();
    assert_eq!(priorities.len(), bandeja_domain::Priority::ALL.len());
    assert!(ws.conversations.iter().filter(|c| !c.read).count() >= 4);
    let me = ws.members.iter().find(|m| m.is_me).unwrap().key;
    assert!(ws.conversations.iter().any(|c| c.assignee == Some(me)));
    assert!(ws
        .conversations
        .iter()
        .any(|c| c.assignee.is_some_and(|a| a != me)));
    assert!(ws.conversations.iter().any(|c| c.assignee.is_none()));
    assert!(
        ws.conversations
            .iter()
            .filter(|c| !c.tags.is_empty())
            .count()
            > 20
    );
}

#[test]
fn notes_mention_members_by_first_name() {
    let ws = demo();
    let first_names: Vec<_> = ws
        .members
        .iter()
        .map(|m| m.name.split(' ').next().unwrap())
        .collect();
    let mut mentions = 0;
    for (_, m) in all_messages(&ws) {
        if let MessageContent::Note { body } = &m.content {
            for word in body.split_whitespace().filter_map(|w| w.strip_prefix('@')) {
                let name = word.trim_end_matches(|c: char| !c.is_alphabetic());
                assert!(first_names.contains(&name), "@{name} is not a member");
                mentions += 1;
            }
        }
    }
    assert!(mentions >= 3);
}

/// Spanish or English, by counting common words (notes are internal, in Spanish).
fn is_english(c: &DemoConversation) -> bool {
    const ES: &[&str] = &[
        "que", "de", "el", "la", "los", "para", "por", "hola", "gracias", "con",
    ];
    const EN: &[&str] = &[
        "the", "you", "and", "to", "is", "for", "your", "hi", "thanks", "with",
    ];
    let (mut es, mut en) = (0, 0);
    for m in c.messages.iter().filter(|m| m.kind != MessageKind::Note) {
        let text = m.content.searchable_text().to_lowercase();
        for w in text.split(|ch: char| !ch.is_alphanumeric()) {
            es += usize::from(ES.contains(&w));
            en += usize::from(EN.contains(&w));
        }
    }
    assert_ne!(es, en, "{}: cannot tell the language", c.contact);
    en > es
}

#[test]
fn mostly_spanish_with_about_a_third_in_english() {
    let ws = demo();
    let english = ws.conversations.iter().filter(|c| is_english(c)).count();
    let share = english as f64 / ws.conversations.len() as f64;
    assert!(
        (0.25..=0.40).contains(&share),
        "{english} of {}",
        ws.conversations.len()
    );
}

#[test]
fn timestamps_follow_now() {
    let a = demo();
    let later = now() + Duration::days(200) + Duration::minutes(17);
    let b = demo_workspace(later);
    for (ca, cb) in a.conversations.iter().zip(&b.conversations) {
        assert_eq!(
            cb.snoozed_until.map(|t| later - t),
            ca.snoozed_until.map(|t| now() - t)
        );
        for (ma, mb) in ca.messages.iter().zip(&cb.messages) {
            assert_eq!(now() - ma.at, later - mb.at);
            assert_eq!(ma.provider_id, mb.provider_id);
        }
    }
}
