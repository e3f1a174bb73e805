//! Writing a message as bytes with lettre's builder: text and HTML
//! alternatives, attachments, and the threading headers Bandeja decided
//! (our own Message-ID on the account's domain, In-Reply-To, References).
//! The same bytes are submitted over SMTP and appended to Sent, so what the
//! recipient gets and what the inbox shows cannot differ.

use lettre::message::header::ContentType;
use lettre::message::{Attachment as Part, Mailbox, MultiPart, SinglePart};
use lettre::Message;

/// Everything a message is made of.
#[derive(Debug, Clone, Default)]
pub struct Outgoing {
    pub from_name: String,
    pub from: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    /// Without angle brackets.
    pub message_id: String,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub text: String,
    pub html: String,
    /// (file name, MIME type, bytes)
    pub attachments: Vec<(String, String, Vec<u8>)>,
    /// An automatic answer: marked `Auto-Submitted: auto-replied` (RFC
    /// 3834) so other programs do not answer it back.
    pub auto_replied: bool,
}

fn mailbox(name: Option<&str>, address: &str) -> Result<Mailbox, String> {
    let address = address
        .trim()
        .parse()
        .map_err(|e| format!("{address} is not a valid address: {e}"))?;
    Ok(Mailbox::new(
        name.filter(|n| !n.trim().is_empty())
            .map(|n| n.trim().to_string()),
        address,
    ))
}

fn angle(id: &str) -> String {
    format!("<{id}>")
}

/// The message's bytes, ready for SMTP and IMAP APPEND.
pub fn build(m: &Outgoing, date: std::time::SystemTime) -> Result<Vec<u8>, String> {
    let mut b = Message::builder()
        .from(mailbox(Some(&m.from_name), &m.from)?)
        .subject(m.subject.clone())
        .message_id(Some(angle(&m.message_id)))
        .date(date)
        .user_agent("Bandeja".into());
    if m.auto_replied {
        use lettre::message::header::{HeaderName, HeaderValue};
        b = b.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-replied".into(),
        ));
    }
    if m.to.is_empty() && m.cc.is_empty() {
        return Err("the message has no recipient".into());
    }
    for to in &m.to {
        b = b.to(mailbox(None, to)?);
    }
    for cc in &m.cc {
        b = b.cc(mailbox(None, cc)?);
    }
    if let Some(parent) = &m.in_reply_to {
        b = b.in_reply_to(angle(parent));
    }
    if !m.references.is_empty() {
        b = b.references(
            m.references
                .iter()
                .map(|r| angle(r))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    let body = MultiPart::alternative()
        .singlepart(SinglePart::plain(m.text.clone()))
        .singlepart(SinglePart::html(m.html.clone()));
    let message = if m.attachments.is_empty() {
        b.multipart(body)
    } else {
        let mut mixed = MultiPart::mixed().multipart(body);
        for (name, mime, bytes) in &m.attachments {
            let ct = ContentType::parse(mime)
                .unwrap_or_else(|_| ContentType::parse("application/octet-stream").expect("valid"));
            mixed = mixed.singlepart(Part::new(name.clone()).body(bytes.clone(), ct));
        }
        b.multipart(mixed)
    }
    .map_err(|e| e.to_string())?;
    Ok(message.formatted())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_mail_parses_back_with_its_threading_headers() {
        let raw = build(
            &Outgoing {
                from_name: "Taller Ruiz".into(),
                from: "taller@example.test".into(),
                to: vec!["cliente@example.test".into()],
                cc: vec!["otro@example.test".into()],
                subject: "Re: Presupuesto — año 2026".into(),
                message_id: "abc@example.test".into(),
                in_reply_to: Some("parent@x".into()),
                references: vec!["root@x".into(), "parent@x".into()],
                text: "Hola\n-- \nTaller".into(),
                html: "<div>Hola</div>".into(),
                attachments: vec![(
                    "factura.pdf".into(),
                    "application/pdf".into(),
                    b"%PDF-1.4".to_vec(),
                )],
                auto_replied: false,
            },
            std::time::SystemTime::now(),
        )
        .expect("builds");
        let p = crate::email::parse(&raw).expect("parses");
        assert_eq!(p.message_id.as_deref(), Some("abc@example.test"));
        assert_eq!(p.in_reply_to, vec!["parent@x".to_string()]);
        assert_eq!(
            p.references,
            vec!["root@x".to_string(), "parent@x".to_string()]
        );
        assert_eq!(p.subject, "Re: Presupuesto — año 2026");
        assert_eq!(p.from.unwrap().name.as_deref(), Some("Taller Ruiz"));
        assert_eq!(p.cc[0].address, "otro@example.test");
        assert!(p.text.contains("Hola"));
        assert_eq!(p.attachments[0].name, "factura.pdf");
        assert_eq!(p.attachments[0].bytes, b"%PDF-1.4");
        assert!(!p.automatic);
    }

    #[test]
    fn an_automatic_answer_says_so_and_is_recognised() {
        let m = Outgoing {
            from: "taller@example.test".into(),
            to: vec!["cliente@example.test".into()],
            message_id: "auto@example.test".into(),
            text: "Estamos cerrados".into(),
            auto_replied: true,
            ..Default::default()
        };
        let raw = build(&m, std::time::SystemTime::now()).expect("builds");
        assert!(String::from_utf8_lossy(&raw).contains("Auto-Submitted: auto-replied"));
        assert!(crate::email::parse(&raw).expect("parses").automatic);
    }

    #[test]
    fn a_message_needs_a_recipient_and_valid_addresses() {
        let mut m = Outgoing {
            from: "a@example.test".into(),
            message_id: "x@example.test".into(),
            ..Default::default()
        };
        assert!(build(&m, std::time::SystemTime::now()).is_err());
        m.to = vec!["not an address".into()];
        assert!(build(&m, std::time::SystemTime::now())
            .unwrap_err()
            .contains("not a valid address"));
    }
}
