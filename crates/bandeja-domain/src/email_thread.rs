//! Which conversation an email belongs to (EMAIL-3), as a pure rule.
//!
//! The references a mail client writes are the truth: Gmail's thread id
//! first, then `In-Reply-To`, then `References` from the newest ancestor to
//! the oldest (RFC 5322 §3.6.4, the JWZ idea without its subject merging).
//! Subjects alone never merge mail: two customers who both write "Pedido"
//! stay apart. The one exception is a reply whose client dropped or
//! rewrote the reference headers: a `Re:`/`AW:`/`SV:`… subject from the same
//! person, matching one of their recent conversations, joins it.

use chrono::{DateTime, Duration, Utc};

/// How long a conversation stays a candidate for a reply without headers.
pub const SUBJECT_FALLBACK_WINDOW: Duration = Duration::days(30);

/// What threading reads of a message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreadKeys<'a> {
    pub in_reply_to: &'a [String],
    /// Oldest first.
    pub references: &'a [String],
    pub gmail_thread_id: Option<&'a str>,
    pub subject: &'a str,
    /// The other party: the sender of an incoming mail (lower-case address).
    pub counterpart: &'a str,
}

/// A recent conversation with the same counterpart, for the fallback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectCandidate {
    pub conversation_id: i64,
    /// The conversation's subject as [`normalized_subject`] gives it.
    pub normalized_subject: String,
    pub counterpart: String,
    pub last_message_at: DateTime<Utc>,
}

/// The ids to look up, most telling first: `In-Reply-To`, then
/// `References` newest to oldest, without repeats.
pub fn parent_ids<'a>(keys: &ThreadKeys<'a>) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = Vec::new();
    for id in keys.in_reply_to.iter().chain(keys.references.iter().rev()) {
        let id = id.as_str();
        if !id.is_empty() && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// Prefixes mail clients put before a subject, in several languages.
const REPLY_PREFIXES: &[&str] = &[
    "re", "aw", "sv", "vs", "antw", "ref", "rv", "r", "fwd", "fw", "wg", "tr", "enc", "rif",
    "doorst",
];

/// Strip one leading `Prefix:` (or `Prefix[2]:`) or `[list]` tag.
fn strip_one(s: &str) -> Option<&str> {
    let s = s.trim_start();
    if let Some(rest) = s.strip_prefix('[') {
        let end = rest.find(']')?;
        return Some(&rest[end + 1..]);
    }
    let colon = s.find(':')?;
    let head = s[..colon].trim();
    let word = head.split('[').next().unwrap_or(head).trim();
    REPLY_PREFIXES
        .iter()
        .any(|p| word.eq_ignore_ascii_case(p))
        .then(|| &s[colon + 1..])
}

/// The subject without its reply/forward prefixes and list tags, as written.
pub fn strip_reply_prefixes(subject: &str) -> &str {
    let mut s = subject;
    while let Some(rest) = strip_one(s) {
        s = rest;
    }
    s.trim()
}

/// [`strip_reply_prefixes`], case-folded and with runs of spaces collapsed:
/// what two messages of one thread share.
pub fn normalized_subject(subject: &str) -> String {
    strip_reply_prefixes(subject)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether the subject says it answers or forwards something.
pub fn is_reply_subject(subject: &str) -> bool {
    let mut s = subject.trim_start();
    while s.starts_with('[') {
        match strip_one(s) {
            Some(rest) => s = rest.trim_start(),
            None => return false,
        }
    }
    strip_one(s).is_some()
}

/// The conversation `keys` joins, or `None` for a new one.
///
/// `by_message_id` and `by_gmail_thread` look up conversations already
/// stored; `candidates` are the counterpart's recent conversations.
pub fn thread_for(
    keys: &ThreadKeys<'_>,
    by_gmail_thread: impl Fn(&str) -> Option<i64>,
    by_message_id: impl Fn(&str) -> Option<i64>,
    candidates: &[SubjectCandidate],
    now: DateTime<Utc>,
) -> Option<i64> {
    if let Some(found) = keys.gmail_thread_id.and_then(&by_gmail_thread) {
        return Some(found);
    }
    if let Some(found) = parent_ids(keys).into_iter().find_map(&by_message_id) {
        return Some(found);
    }
    if !is_reply_subject(keys.subject) {
        return None;
    }
    let subject = normalized_subject(keys.subject);
    if subject.is_empty() {
        return None;
    }
    candidates
        .iter()
        .filter(|c| {
            c.counterpart.eq_ignore_ascii_case(keys.counterpart)
                && c.normalized_subject == subject
                && now - c.last_message_at <= SUBJECT_FALLBACK_WINDOW
        })
        .max_by_key(|c| c.last_message_at)
        .map(|c| c.conversation_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, 10, 0, 0).unwrap()
    }

    #[test]
    fn subjects_lose_prefixes_and_tags_in_any_language() {
        for (raw, want) in [
            ("Re: Pedido 123", "pedido 123"),
            ("RE: re:  Pedido   123", "pedido 123"),
            ("AW: WG: Angebot", "angebot"),
            ("SV: Fwd: Offert", "offert"),
            ("[clientes] Re: Pedido", "pedido"),
            ("Re[2]: Pedido", "pedido"),
            ("RV: Presupuesto", "presupuesto"),
            ("Pedido", "pedido"),
            ("Reunión: martes", "reunión: martes"),
            ("", ""),
        ] {
            assert_eq!(normalized_subject(raw), want, "{raw:?}");
        }
        assert!(is_reply_subject("Re: Pedido"));
        assert!(is_reply_subject("[clientes] Fwd: Pedido"));
        assert!(!is_reply_subject("Pedido"));
        assert!(!is_reply_subject("Reunión: martes"));
        assert!(!is_reply_subject("[clientes] Pedido"));
    }

    #[test]
    fn parents_are_in_reply_to_then_references_newest_first() {
        let irt = vec!["c".to_string()];
        let refs = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        let keys = ThreadKeys {
            in_reply_to: &irt,
            references: &refs,
            ..Default::default()
        };
        assert_eq!(parent_ids(&keys), ["c", "b", "a"]);
    }

    #[test]
    fn references_win_and_subjects_never_merge_strangers() {
        let refs = vec!["root@shop".to_string(), "gone@shop".to_string()];
        let keys = ThreadKeys {
            references: &refs,
            subject: "Pedido",
            counterpart: "ana@example.com",
            ..Default::default()
        };
        // the newest known ancestor decides even when the parent is missing
        let known = |id: &str| (id == "root@shop").then_some(7);
        assert_eq!(thread_for(&keys, |_| None, known, &[], at(20)), Some(7));

        let candidates = [SubjectCandidate {
            conversation_id: 9,
            normalized_subject: "pedido".into(),
            counterpart: "ana@example.com".into(),
            last_message_at: at(19),
        }];
        let plain = ThreadKeys {
            subject: "Pedido",
            counterpart: "ana@example.com",
            ..Default::default()
        };
        assert_eq!(
            thread_for(&plain, |_| None, |_| None, &candidates, at(20)),
            None
        );
        let other_sender = ThreadKeys {
            subject: "Re: Pedido",
            counterpart: "luis@example.com",
            ..Default::default()
        };
        assert_eq!(
            thread_for(&other_sender, |_| None, |_| None, &candidates, at(20)),
            None
        );
    }

    #[test]
    fn a_reply_without_headers_joins_the_same_persons_recent_conversation() {
        let candidates = [
            SubjectCandidate {
                conversation_id: 3,
                normalized_subject: "pedido".into(),
                counterpart: "ana@example.com".into(),
                last_message_at: at(1),
            },
            SubjectCandidate {
                conversation_id: 4,
                normalized_subject: "pedido".into(),
                counterpart: "ana@example.com".into(),
                last_message_at: at(18),
            },
        ];
        let keys = ThreadKeys {
            subject: "RE: Pedido",
            counterpart: "Ana@Example.com",
            ..Default::default()
        };
        assert_eq!(
            thread_for(&keys, |_| None, |_| None, &candidates, at(20)),
            Some(4)
        );
        // past the window, it starts a new conversation
        let late = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(
            thread_for(&keys, |_| None, |_| None, &candidates, late),
            None
        );
    }

    #[test]
    fn gmail_thread_id_comes_first() {
        let irt = vec!["x".to_string()];
        let keys = ThreadKeys {
            in_reply_to: &irt,
            gmail_thread_id: Some("177"),
            ..Default::default()
        };
        assert_eq!(
            thread_for(
                &keys,
                |t| (t == "177").then_some(1),
                |_| Some(2),
                &[],
                at(2)
            ),
            Some(1)
        );
    }
}
