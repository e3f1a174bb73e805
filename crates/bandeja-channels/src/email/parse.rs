//! MIME parsing with `mail-parser` (0.11; email.md §2): headers for
//! threading, the text and HTML bodies decoded from their charsets, and
//! every attachment or inline `cid:` part with its bytes.

use mail_parser::{Address, HeaderName, HeaderValue, MessageParser, MimeHeaders};

/// A mailbox as a header names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: Option<String>,
    /// Lower-cased: addresses are compared, never shown raw.
    pub address: String,
}

/// One attachment or inline part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name, or a made-up one (`part-2.bin`) when the sender gave none.
    pub name: String,
    /// `type/subtype`, lower-cased (`application/octet-stream` when absent).
    pub content_type: String,
    /// Without angle brackets; what `cid:` links in the HTML point at.
    pub content_id: Option<String>,
    /// Shown inside the HTML body rather than in the attachment list.
    pub inline: bool,
    pub bytes: Vec<u8>,
}

/// What the inbox needs of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedEmail {
    /// Without angle brackets. `None` for the (rare) message without one.
    pub message_id: Option<String>,
    pub in_reply_to: Vec<String>,
    /// Oldest first, as RFC 5322 §3.6.4 orders them.
    pub references: Vec<String>,
    /// Gmail's thread id (`X-GM-THRID`), when the server gave it.
    pub gmail_thread_id: Option<String>,
    pub subject: String,
    pub from: Option<Person>,
    pub to: Vec<Person>,
    pub cc: Vec<Person>,
    pub reply_to: Vec<Person>,
    /// Seconds since the epoch, from the `Date` header.
    pub date: Option<i64>,
    /// The plain text body (converted from HTML when only HTML was sent).
    pub text: String,
    /// The HTML body as sent (unsanitized: sanitizing is the viewer's job).
    pub html: Option<String>,
    pub attachments: Vec<Attachment>,
    /// Sent by a program, not a person (RFC 3834 §2: `Auto-Submitted`
    /// other than `no`, `Precedence: bulk/list/junk`, a mailing list's
    /// `List-Id`, or a daemon sender): never answered automatically.
    pub automatic: bool,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("the message is empty")]
    Empty,
    #[error("the message has no standard header (From, Subject, Date, …)")]
    NoHeaders,
}

/// Parse one raw message. Broken MIME parts, unknown charsets and missing
/// headers give what could be read; only bytes that are not a message at
/// all are an error.
pub fn parse(raw: &[u8]) -> Result<ParsedEmail, ParseError> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Empty);
    }
    let message = MessageParser::default()
        .parse(raw)
        .ok_or(ParseError::NoHeaders)?;
    // a message has at least one standard header (From, Subject, Date…);
    // binary junk only ever yields made-up names
    if !message
        .headers()
        .iter()
        .any(|h| !matches!(h.name, HeaderName::Other(_)))
    {
        return Err(ParseError::NoHeaders);
    }
    // only a real text/html part: mail-parser renders a text-only message
    // as HTML too, and that is not what the sender wrote
    let sent_html = message
        .html_body
        .first()
        .and_then(|id| message.parts.get(*id as usize))
        .is_some_and(|p| matches!(p.body, mail_parser::PartType::Html(_)));
    let html = sent_html
        .then(|| message.body_html(0).map(|h| h.into_owned()))
        .flatten();
    let text = match message.body_text(0) {
        Some(t) => t.into_owned(),
        None => String::new(),
    };
    let attachments = message
        .attachments()
        .enumerate()
        .map(|(n, part)| {
            let content_type = part
                .content_type()
                .map(|ct| match ct.subtype() {
                    Some(sub) => format!("{}/{}", ct.ctype(), sub),
                    None => ct.ctype().to_string(),
                })
                .unwrap_or_else(|| "application/octet-stream".into())
                .to_ascii_lowercase();
            let content_id = part
                .content_id()
                .map(strip_angles)
                .filter(|c| !c.is_empty());
            let inline = content_id.is_some()
                && part
                    .content_disposition()
                    .is_none_or(|d| d.ctype().eq_ignore_ascii_case("inline"));
            Attachment {
                name: part
                    .attachment_name()
                    .map(str::to_string)
                    .unwrap_or_else(|| {
                        format!("part-{}.{}", n + 1, default_extension(&content_type))
                    }),
                content_type,
                content_id,
                inline,
                bytes: part.contents().to_vec(),
            }
        })
        .collect();
    let header = |name: &str| {
        message
            .header_raw(name)
            .map(|v| v.trim().to_ascii_lowercase())
            .filter(|v| !v.is_empty())
    };
    let from_address = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let automatic = header("Auto-Submitted").is_some_and(|v| v != "no")
        || header("Precedence").is_some_and(|v| matches!(v.as_str(), "bulk" | "list" | "junk"))
        || header("List-Id").is_some()
        || [
            "mailer-daemon@",
            "postmaster@",
            "noreply@",
            "no-reply@",
            "donotreply@",
        ]
        .iter()
        .any(|p| from_address.starts_with(p));
    Ok(ParsedEmail {
        automatic,
        message_id: message.message_id().map(strip_angles),
        in_reply_to: ids(message.in_reply_to()),
        references: ids(message.references()),
        gmail_thread_id: message
            .header_raw("X-GM-THRID")
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty()),
        subject: message.subject().unwrap_or_default().trim().to_string(),
        from: message.from().and_then(|a| people(a).into_iter().next()),
        to: message.to().map(people).unwrap_or_default(),
        cc: message.cc().map(people).unwrap_or_default(),
        reply_to: message.reply_to().map(people).unwrap_or_default(),
        date: message.date().map(|d| d.to_timestamp()),
        text,
        html,
        attachments,
    })
}

fn strip_angles(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .to_string()
}

/// Message ids from `In-Reply-To`/`References`, in header order.
fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    let list: Vec<String> = match (value.as_text_list(), value.as_text()) {
        (Some(list), _) => list.iter().map(|s| strip_angles(s)).collect(),
        (None, Some(text)) => text.split_whitespace().map(strip_angles).collect(),
        _ => Vec::new(),
    };
    list.into_iter().filter(|s| !s.is_empty()).collect()
}

fn people(address: &Address<'_>) -> Vec<Person> {
    address
        .iter()
        .filter_map(|a| {
            let addr = a.address.as_deref()?.trim().to_ascii_lowercase();
            (!addr.is_empty()).then(|| Person {
                name: a
                    .name
                    .as_deref()
                    .map(|n| n.trim().to_string())
                    .filter(|n| !n.is_empty()),
                address: addr,
            })
        })
        .collect()
}

fn default_extension(content_type: &str) -> &'static str {
    match content_type {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "application/pdf" => "pdf",
        "text/plain" => "txt",
        "text/calendar" => "ics",
        "message/rfc822" => "eml",
        _ => "bin",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(extra: &str, from: &str) -> Vec<u8> {
        format!(
            "From: {from}\r\nTo: taller@example.test\r\nSubject: Hola\r\n{extra}Message-ID: <m@example.test>\r\n\r\nTexto\r\n"
        )
        .into_bytes()
    }

    #[test]
    fn mail_from_programs_is_recognised() {
        let person = parse(&mail("", "Ana <ana@example.test>")).unwrap();
        assert!(!person.automatic);
        for extra in [
            "Auto-Submitted: auto-replied\r\n",
            "Auto-Submitted: auto-generated\r\n",
            "Precedence: bulk\r\n",
            "List-Id: <ofertas.example.test>\r\n",
        ] {
            assert!(
                parse(&mail(extra, "ana@example.test")).unwrap().automatic,
                "{extra}"
            );
        }
        assert!(
            !parse(&mail("Auto-Submitted: no\r\n", "ana@example.test"))
                .unwrap()
                .automatic
        );
        assert!(
            parse(&mail("", "MAILER-DAEMON@example.test"))
                .unwrap()
                .automatic
        );
    }
}
