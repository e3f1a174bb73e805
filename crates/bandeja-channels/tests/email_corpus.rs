//! The `.eml` corpus (`tests/eml/`, expected grouping in `expected.txt`):
//! every message is parsed, then threaded in date order with the domain's
//! rule against what came before, as the sync will do. Also checks what the
//! parser reads from the awkward ones: a broken MIME part, ISO-8859-1
//! headers and body, an HTML body with an inline `cid:` image.

use std::collections::HashMap;
use std::path::Path;

use bandeja_channels::email::{parse, ParseError, ParsedEmail};
use bandeja_domain::email_thread::{normalized_subject, thread_for, SubjectCandidate, ThreadKeys};
use chrono::{TimeZone, Utc};

const US: &str = "ventas@tienda.example";

fn corpus() -> Vec<(String, String, ParsedEmail)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eml");
    let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    expected
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut cols = l.split_whitespace();
            let (file, label) = (cols.next().unwrap(), cols.next().unwrap());
            let raw = std::fs::read(dir.join(file)).unwrap();
            let parsed = parse(&raw).unwrap_or_else(|e| panic!("{file}: {e}"));
            (file.to_string(), label.to_string(), parsed)
        })
        .collect()
}

/// The other party of a message: its sender, or for our own mail the
/// first recipient.
fn counterpart(m: &ParsedEmail) -> String {
    match &m.from {
        Some(p) if p.address != US => p.address.clone(),
        _ => m.to.first().map(|p| p.address.clone()).unwrap_or_default(),
    }
}

#[test]
fn the_corpus_threads_as_expected() {
    let mut mails = corpus();
    mails.sort_by_key(|(_, _, m)| m.date);
    let mut conversation_of_id: HashMap<String, i64> = HashMap::new();
    let mut candidates: Vec<SubjectCandidate> = Vec::new();
    let mut label_of: HashMap<i64, String> = HashMap::new();
    let mut next = 1;
    for (file, label, m) in &mails {
        let who = counterpart(m);
        let keys = ThreadKeys {
            in_reply_to: &m.in_reply_to,
            references: &m.references,
            gmail_thread_id: m.gmail_thread_id.as_deref(),
            subject: &m.subject,
            counterpart: &who,
        };
        let at = Utc.timestamp_opt(m.date.unwrap(), 0).unwrap();
        let conv = thread_for(
            &keys,
            |_| None,
            |id| conversation_of_id.get(id).copied(),
            &candidates,
            at,
        )
        .unwrap_or_else(|| {
            next += 1;
            candidates.push(SubjectCandidate {
                conversation_id: next,
                normalized_subject: normalized_subject(&m.subject),
                counterpart: who.clone(),
                last_message_at: at,
            });
            next
        });
        if let Some(id) = &m.message_id {
            conversation_of_id.insert(id.clone(), conv);
        }
        for c in candidates.iter_mut().filter(|c| c.conversation_id == conv) {
            c.last_message_at = at;
        }
        let seen = label_of.entry(conv).or_insert_with(|| label.clone());
        assert_eq!(seen, label, "{file} joined {seen}'s conversation");
    }
    // as many conversations as labels: nothing wrongly split either
    let mut labels: Vec<&String> = mails.iter().map(|(_, l, _)| l).collect();
    labels.sort();
    labels.dedup();
    assert_eq!(label_of.len(), labels.len(), "{label_of:?}");
}

#[test]
fn awkward_messages_give_what_can_be_read() {
    let mails = corpus();
    let get = |name: &str| &mails.iter().find(|(f, _, _)| f == name).unwrap().2;

    let latin = get("08-latin1.eml");
    assert_eq!(latin.subject, "Presupuesto año 2027");
    assert_eq!(
        latin.from.as_ref().unwrap().name.as_deref(),
        Some("José Pérez")
    );
    assert!(latin.text.contains("¿cuánto cuesta?"), "{:?}", latin.text);

    let broken = get("07-broken-mime.eml");
    assert!(broken.text.contains("Adjunto la factura."));
    assert_eq!(broken.attachments.len(), 1, "the damaged part is kept");
    assert_eq!(broken.attachments[0].name, "factura.pdf");
    assert_eq!(broken.attachments[0].content_type, "application/pdf");

    let html = get("09-html-cid-missing-parent.eml");
    assert!(html.html.as_deref().unwrap().contains("cid:logo@tienda"));
    assert!(
        !html.text.is_empty(),
        "a text version is made from the HTML"
    );
    let logo = &html.attachments[0];
    assert_eq!(logo.content_id.as_deref(), Some("logo@tienda"));
    assert!(logo.inline);
    assert_eq!(logo.content_type, "image/png");
    assert_eq!(logo.bytes, [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a]);

    let reply = get("02-shop-reply.eml");
    assert_eq!(reply.message_id.as_deref(), Some("s1@tienda.example"));
    assert_eq!(reply.in_reply_to, ["a1@cliente.example"]);
    assert_eq!(reply.references, ["a1@cliente.example"]);
    let fwd = get("09-html-cid-missing-parent.eml");
    assert_eq!(
        fwd.references,
        ["a1@cliente.example", "lost@tienda.example"]
    );
}

#[test]
fn bytes_that_are_not_a_message_are_refused_clearly() {
    assert_eq!(parse(b""), Err(ParseError::Empty));
    assert_eq!(parse(b"  \r\n "), Err(ParseError::Empty));
    // no standard header at all
    assert_eq!(
        parse(b"\x00\x01\x02 binary junk"),
        Err(ParseError::NoHeaders)
    );
    assert_eq!(
        parse(b"X-Whatever: 1\r\n\r\nbody"),
        Err(ParseError::NoHeaders)
    );
    // a bare body with one header still parses, with defaults
    let m = parse(b"Subject: hola\r\n\r\ncuerpo").unwrap();
    assert_eq!(m.subject, "hola");
    assert_eq!(m.message_id, None);
    assert!(m.from.is_none());
}
