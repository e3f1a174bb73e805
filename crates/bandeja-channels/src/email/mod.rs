//! The email channel (issue 5): turning raw RFC 5322 messages into what the
//! inbox stores. Parsing is pure — bytes in, [`ParsedEmail`] out — so the
//! same code serves the IMAP sync, the SMTP copy of a sent message and the
//! test corpus, and a broken message degrades to what could be read instead
//! of failing the sync.

mod html;
mod parse;

pub use html::{sanitize, SafeHtml};
pub use parse::{parse, Attachment, ParseError, ParsedEmail, Person};
