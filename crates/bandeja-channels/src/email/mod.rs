//! The email channel (issue 5): turning raw RFC 5322 messages into what the
//! inbox stores, and talking to the account's servers. Parsing is pure —
//! bytes in, [`ParsedEmail`] out — so the same code serves the IMAP sync,
//! the copy of a sent message and the test corpus, and a broken message
//! degrades to what could be read instead of failing the sync. The IMAP and
//! SMTP clients name the step that failed so the member knows what to fix.

pub mod build;
mod html;
pub mod imap;
pub mod net;
pub mod oauth;
mod parse;
pub mod smtp;

pub use html::{sanitize, SafeHtml};
pub use net::{Login, MailError, Security, Server, Step, Trust};
pub use parse::{parse, Attachment, ParseError, ParsedEmail, Person};

/// What "Test connection" found (ACC-33): each side's outcome.
#[derive(Debug)]
pub struct Probe {
    pub imap: Result<imap::Caps, MailError>,
    pub smtp: Result<(), MailError>,
}

impl Probe {
    pub fn ok(&self) -> bool {
        self.imap.is_ok() && self.smtp.is_ok()
    }
}

/// Log in to both servers at once, keep nothing.
pub async fn probe(
    imap_server: &Server,
    imap_login: &Login,
    smtp_server: &Server,
    smtp_login: &Login,
    trust: &Trust,
) -> Probe {
    let imap = async {
        let session = imap::connect(imap_server, imap_login, trust).await?;
        let caps = session.caps().clone();
        session.logout().await;
        Ok(caps)
    };
    let smtp = smtp::check(smtp_server, smtp_login, trust);
    let (imap, smtp) = futures::join!(imap, smtp);
    Probe { imap, smtp }
}
