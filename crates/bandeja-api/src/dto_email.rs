//! What crosses the UI boundary for email accounts (ACC-30…34, EMAIL-1…6):
//! the setup form and its connection test, the account's settings and
//! sync state, the sanitized HTML of a message, and the answer a member
//! writes (reply, reply-all, forward) with its signature.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// `tls` (993/465), `start_tls` (143/587) or `none` (loopback only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MailSecurity {
    Tls,
    StartTls,
    None,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MailServerDto {
    pub host: String,
    pub port: u16,
    pub security: MailSecurity,
}

/// The setup form of an IMAP/SMTP account (ACC-32).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EmailAccountInput {
    /// The address customers write to.
    pub address: String,
    /// The name recipients see ("Taller Ruiz").
    pub sender_name: String,
    pub imap: MailServerDto,
    pub smtp: MailServerDto,
    /// Usually the address.
    pub username: String,
    /// The password or app password (kept in the OS keychain).
    pub password: String,
    /// How far back the first sync reaches (default 30 days).
    pub sync_days: Option<u32>,
}

impl std::fmt::Debug for EmailAccountInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmailAccountInput")
            .field("address", &self.address)
            .field("imap", &self.imap)
            .field("smtp", &self.smtp)
            .finish_non_exhaustive()
    }
}

/// `dns`, `tcp`, `tls`, `auth`, `capability` or `protocol`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MailStep {
    Dns,
    Tcp,
    Tls,
    Auth,
    Capability,
    Protocol,
}

/// One server's outcome of "Test connection".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MailCheck {
    pub ok: bool,
    /// The step that failed.
    pub failed_step: Option<MailStep>,
    /// The server's or the system's words.
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EmailProbeDto {
    pub ok: bool,
    pub imap: MailCheck,
    pub smtp: MailCheck,
}

/// An email account's settings page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EmailAccountDto {
    pub account_id: i64,
    /// `email_imap`, `email_gmail` or `email_microsoft`.
    pub kind: String,
    pub address: String,
    pub sender_name: String,
    pub imap: MailServerDto,
    pub smtp: MailServerDto,
    pub username: String,
    /// `active`, `paused` or `error`.
    pub status: String,
    pub status_reason: Option<String>,
    /// `connecting`, `syncing`, `idle` (waiting for mail), `offline`.
    pub sync_state: String,
    /// Messages stored from this account.
    pub messages: i64,
    pub last_sync_at: Option<String>,
    pub signature_html: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EmailAccounts {
    pub accounts: Vec<EmailAccountDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignatureInput {
    pub account_id: i64,
    /// Rich HTML (sanitized when saved); images as `data:` URLs.
    pub html: String,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReconnectEmailInput {
    pub account_id: i64,
    pub password: String,
}

impl std::fmt::Debug for ReconnectEmailInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReconnectEmailInput")
            .field("account_id", &self.account_id)
            .finish_non_exhaustive()
    }
}

/// The sanitized HTML of an email, for a sandboxed frame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EmailHtmlDto {
    pub html: String,
    /// Remote images left out (the "load remote images" bar).
    pub blocked_remote_images: u32,
    /// The sender whose remote images can be allowed.
    pub sender: String,
    /// `cid:` images of the HTML and the attachment each one is.
    pub inline: Vec<InlinePart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InlinePart {
    pub content_id: String,
    pub index: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EmailHtmlInput {
    pub message_id: i64,
    /// Show remote images of this message once, without remembering.
    pub load_remote: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SenderInput {
    pub sender: String,
}

/// `reply`, `reply_all` or `forward`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EmailAnswer {
    Reply,
    ReplyAll,
    Forward,
}

/// A file attached to an email being written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EmailFileInput {
    pub filename: String,
    pub mime: String,
    pub data_base64: String,
}

/// Who an answer goes to, as the composer proposes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EmailDraftDto {
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EmailDraftInput {
    /// The message answered.
    pub message_id: i64,
    pub answer: EmailAnswer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SendEmailInput {
    pub conversation_id: i64,
    /// The message answered (the latest one when `null`).
    pub message_id: Option<i64>,
    pub answer: EmailAnswer,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    /// What the member wrote, as plain text.
    pub text: String,
    /// The same with formatting, when the composer has it.
    pub html: Option<String>,
    pub attachments: Vec<EmailFileInput>,
    /// Append the account's signature.
    pub signature: bool,
}

/// `google` (Gmail, Google Workspace) or `microsoft` (Microsoft 365, Outlook.com).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OAuthProviderDto {
    Google,
    Microsoft,
}

/// Start signing in to Gmail or Microsoft 365 (ACC-30, ACC-31).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EmailOAuthInput {
    pub provider: OAuthProviderDto,
    pub address: String,
    pub sender_name: String,
    pub sync_days: Option<u32>,
    /// Other servers than the provider's (a tenant's own host; tests).
    pub imap: Option<MailServerDto>,
    pub smtp: Option<MailServerDto>,
    /// Open the sign-in page in the system browser (the desktop app); the
    /// browser UI opens it itself.
    pub open_browser: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OAuthStartDto {
    pub flow_id: String,
    /// The provider's sign-in page.
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OAuthFlowInput {
    pub flow_id: String,
}
