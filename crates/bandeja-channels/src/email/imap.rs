//! The IMAP side of an email account (EMAIL-1), over `async-imap`: log in
//! (password or XOAUTH2), find the Sent folder by its special-use flag,
//! read a mailbox's UIDVALIDITY/UIDNEXT/HIGHESTMODSEQ, fetch whole messages
//! by UID, follow flags (with CONDSTORE when the server has it), append a
//! sent copy, and wait in IDLE. What to fetch and when is the core's job;
//! this module only speaks the protocol and names what went wrong.

use async_imap::types::{Fetch, Flag, NameAttribute};
use async_imap::{Authenticator, Client, Session};
use futures::TryStreamExt;
use std::time::Duration;

use super::net::{self, Login, MailError, MailStream, Security, Server, Step, Trust};

/// What the server can do, from its post-login CAPABILITY.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caps {
    pub idle: bool,
    pub condstore: bool,
    pub qresync: bool,
    pub uidplus: bool,
    pub special_use: bool,
    /// Gmail (X-GM-EXT-1): Sent copies are made by the server.
    pub gmail: bool,
}

/// A selected mailbox's bookkeeping values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Selected {
    pub uid_validity: u32,
    pub uid_next: u32,
    pub exists: u32,
    pub highest_modseq: Option<u64>,
}

/// The flags Bandeja follows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    pub seen: bool,
    pub answered: bool,
    pub flagged: bool,
    pub deleted: bool,
}

impl Flags {
    fn of(fetch: &Fetch) -> Flags {
        let mut f = Flags::default();
        for flag in fetch.flags() {
            match flag {
                Flag::Seen => f.seen = true,
                Flag::Answered => f.answered = true,
                Flag::Flagged => f.flagged = true,
                Flag::Deleted => f.deleted = true,
                _ => {}
            }
        }
        f
    }
}

/// One fetched message.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub uid: u32,
    pub flags: Flags,
    /// When the server received it (ms since the epoch).
    pub internal_date: Option<i64>,
    pub modseq: Option<u64>,
    pub raw: Vec<u8>,
}

/// Why an IDLE wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// The server announced a change (new mail, expunge, flags).
    Changed,
    /// Nothing happened before the timeout: time to re-issue IDLE.
    Quiet,
}

/// A logged-in IMAP session.
pub struct Imap {
    session: Session<MailStream>,
    caps: Caps,
    /// The mailbox selected now, and what SELECT said of it.
    current: Option<(String, Selected)>,
}

impl std::fmt::Debug for Imap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Imap").field("caps", &self.caps).finish()
    }
}

struct XOAuth2(String);

impl Authenticator for &XOAuth2 {
    type Response = String;
    fn process(&mut self, _challenge: &[u8]) -> String {
        // After a refusal the server sends a JSON challenge; answering with
        // the same string again only gets the final NO, which is what we want.
        self.0.clone()
    }
}

fn protocol(e: impl std::fmt::Display) -> MailError {
    MailError::new(Step::Protocol, e.to_string())
}

/// Connect, protect and log in.
pub async fn connect(server: &Server, login: &Login, trust: &Trust) -> Result<Imap, MailError> {
    let tcp = net::tcp(&server.host, server.port).await?;
    let mut client = match server.security {
        Security::Tls => Client::new(MailStream::Tls(Box::new(
            net::tls(trust, &server.host, tcp).await?,
        ))),
        Security::StartTls | Security::None => Client::new(MailStream::Plain(tcp)),
    };
    let greeting = tokio::time::timeout(net::STEP_TIMEOUT, client.read_response())
        .await
        .map_err(|_| {
            MailError::new(
                Step::Tcp,
                "the server did not greet (is this an IMAP port?)",
            )
        })?
        .map_err(|e| match server.security {
            Security::Tls => MailError::new(Step::Tls, e.to_string()),
            _ => MailError::new(Step::Tcp, e.to_string()),
        })?;
    if greeting.is_none() {
        return Err(MailError::new(
            Step::Tcp,
            "the server closed the connection before greeting",
        ));
    }
    if server.security == Security::None && !net::plain_allowed(&server.host) {
        return Err(MailError::new(
            Step::Tls,
            "a connection without TLS is only allowed to a server on this computer",
        ));
    }
    if server.security == Security::StartTls {
        client
            .run_command_and_check_ok("STARTTLS", None)
            .await
            .map_err(|e| {
                MailError::new(
                    Step::Capability,
                    format!("the server refused STARTTLS: {e}"),
                )
            })?;
        let MailStream::Plain(tcp) = client.into_inner() else {
            unreachable!("STARTTLS starts from plain text")
        };
        client = Client::new(MailStream::Tls(Box::new(
            net::tls(trust, &server.host, tcp).await?,
        )));
    }
    let session = match login {
        Login::Password { user, password } => client.login(user, password).await,
        Login::OAuth { user, access_token } => {
            client
                .authenticate("XOAUTH2", &XOAuth2(Login::xoauth2(user, access_token)))
                .await
        }
    }
    .map_err(|(e, _)| MailError::new(Step::Auth, auth_words(&e.to_string())))?;
    let mut imap = Imap {
        session,
        caps: Caps::default(),
        current: None,
    };
    imap.caps = imap.read_caps().await?;
    Ok(imap)
}

fn auth_words(e: &str) -> String {
    if e.contains("AUTHENTICATIONFAILED")
        || e.to_ascii_lowercase().contains("authentication failed")
    {
        format!("the server refused the user name or password ({e})")
    } else {
        e.to_string()
    }
}

/// `1,3:5,9` for a sorted list of UIDs.
pub fn uid_set(uids: &[u32]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < uids.len() {
        let start = uids[i];
        let mut end = start;
        while i + 1 < uids.len() && uids[i + 1] == end + 1 {
            i += 1;
            end = uids[i];
        }
        if !out.is_empty() {
            out.push(',');
        }
        if start == end {
            out.push_str(&start.to_string());
        } else {
            out.push_str(&format!("{start}:{end}"));
        }
        i += 1;
    }
    out
}

impl Imap {
    async fn read_caps(&mut self) -> Result<Caps, MailError> {
        let c = self.session.capabilities().await.map_err(protocol)?;
        if !c.has_str("IMAP4rev1") && !c.has_str("IMAP4REV1") && !c.has_str("IMAP4rev2") {
            return Err(MailError::new(
                Step::Capability,
                "the server does not speak IMAP4rev1",
            ));
        }
        Ok(Caps {
            idle: c.has_str("IDLE"),
            condstore: c.has_str("CONDSTORE"),
            qresync: c.has_str("QRESYNC"),
            uidplus: c.has_str("UIDPLUS"),
            special_use: c.has_str("SPECIAL-USE"),
            gmail: c.has_str("X-GM-EXT-1"),
        })
    }

    pub fn caps(&self) -> &Caps {
        &self.caps
    }

    /// Select a mailbox (with CONDSTORE when the server has it).
    pub async fn select(&mut self, mailbox: &str) -> Result<Selected, MailError> {
        let mb = match self.caps.condstore {
            true => self.session.select_condstore(mailbox).await,
            false => self.session.select(mailbox).await,
        }
        .map_err(|e| MailError::new(Step::Protocol, format!("cannot open {mailbox}: {e}")))?;
        let selected = Selected {
            uid_validity: mb.uid_validity.unwrap_or(0),
            uid_next: mb.uid_next.unwrap_or(0),
            exists: mb.exists,
            highest_modseq: mb.highest_modseq,
        };
        self.current = Some((mailbox.to_string(), selected));
        Ok(selected)
    }

    /// The mailbox selected now and what its SELECT said (a UIDVALIDITY
    /// cannot change under a selected mailbox, so after IDLE the session
    /// can go on without selecting again — SELECT of a large mailbox costs
    /// tens of milliseconds).
    pub fn current(&self) -> Option<(&str, Selected)> {
        self.current.as_ref().map(|(m, s)| (m.as_str(), *s))
    }

    /// The folder with the `\Sent` special-use flag, else one named like it.
    pub async fn sent_folder(&mut self) -> Result<Option<String>, MailError> {
        let names: Vec<_> = self
            .session
            .list(Some(""), Some("*"))
            .await
            .map_err(protocol)?
            .try_collect()
            .await
            .map_err(protocol)?;
        if let Some(n) = names
            .iter()
            .find(|n| n.attributes().contains(&NameAttribute::Sent))
        {
            return Ok(Some(n.name().to_string()));
        }
        const USUAL: [&str; 5] = [
            "Sent",
            "Sent Items",
            "Sent Messages",
            "Enviados",
            "INBOX.Sent",
        ];
        Ok(USUAL
            .iter()
            .find_map(|u| names.iter().find(|n| n.name().eq_ignore_ascii_case(u)))
            .map(|n| n.name().to_string()))
    }

    /// UIDs (ascending) of the selected mailbox's messages received since
    /// `since` (a date; IMAP compares dates, not times).
    pub async fn uids_since(&mut self, since: chrono::NaiveDate) -> Result<Vec<u32>, MailError> {
        let q = format!("SINCE {}", since.format("%d-%b-%Y"));
        self.search(&q).await
    }

    /// UIDs at or above `first` (the new mail after a known UIDNEXT).
    pub async fn uids_from(&mut self, first: u32) -> Result<Vec<u32>, MailError> {
        // `n:*` always matches the last message even when its UID is below n
        let mut uids = self.search(&format!("UID {first}:*")).await?;
        uids.retain(|u| *u >= first);
        Ok(uids)
    }

    async fn search(&mut self, q: &str) -> Result<Vec<u32>, MailError> {
        let mut uids: Vec<u32> = self
            .session
            .uid_search(q)
            .await
            .map_err(protocol)?
            .into_iter()
            .collect();
        uids.sort_unstable();
        Ok(uids)
    }

    /// Whole messages by UID, in the server's order.
    pub async fn fetch(&mut self, uids: &[u32]) -> Result<Vec<Fetched>, MailError> {
        if uids.is_empty() {
            return Ok(Vec::new());
        }
        let query = match self.caps.condstore {
            true => "(UID FLAGS INTERNALDATE MODSEQ BODY.PEEK[])",
            false => "(UID FLAGS INTERNALDATE BODY.PEEK[])",
        };
        let stream = self
            .session
            .uid_fetch(uid_set(uids), query)
            .await
            .map_err(protocol)?;
        let fetches: Vec<Fetch> = stream.try_collect().await.map_err(protocol)?;
        Ok(fetches
            .iter()
            .filter_map(|f| {
                Some(Fetched {
                    uid: f.uid?,
                    flags: Flags::of(f),
                    internal_date: f.internal_date().map(|d| d.timestamp_millis()),
                    modseq: f.modseq,
                    raw: f.body()?.to_vec(),
                })
            })
            .collect())
    }

    /// Flags of every message, or of those changed since `modseq` when the
    /// server has CONDSTORE, with each message's mod-sequence.
    pub async fn flags(
        &mut self,
        since_modseq: Option<u64>,
    ) -> Result<Vec<(u32, Flags, Option<u64>)>, MailError> {
        let query = match (self.caps.condstore, since_modseq) {
            (true, Some(m)) => format!("(UID FLAGS) (CHANGEDSINCE {m})"),
            _ => "(UID FLAGS)".to_string(),
        };
        let stream = self
            .session
            .uid_fetch("1:*", query)
            .await
            .map_err(protocol)?;
        let fetches: Vec<Fetch> = stream.try_collect().await.map_err(protocol)?;
        Ok(fetches
            .iter()
            .filter_map(|f| Some((f.uid?, Flags::of(f), f.modseq)))
            .collect())
    }

    /// Add or remove `\Seen` / `\Answered` on one message.
    pub async fn set_flag(&mut self, uid: u32, flag: &str, on: bool) -> Result<(), MailError> {
        let op = if on { "+FLAGS.SILENT" } else { "-FLAGS.SILENT" };
        let stream = self
            .session
            .uid_store(uid.to_string(), format!("{op} ({flag})"))
            .await
            .map_err(protocol)?;
        let _: Vec<Fetch> = stream.try_collect().await.map_err(protocol)?;
        Ok(())
    }

    /// Store a copy of a sent message.
    pub async fn append(&mut self, mailbox: &str, raw: &[u8]) -> Result<(), MailError> {
        self.session
            .append(mailbox, Some("(\\Seen)"), None, raw)
            .await
            .map_err(|e| MailError::new(Step::Protocol, format!("cannot store in {mailbox}: {e}")))
    }

    /// Wait in IDLE for at most `timeout` (servers drop IDLE after 30 min;
    /// RFC 2177 asks clients to re-issue it every 29).
    pub async fn idle(self, timeout: Duration) -> Result<(Imap, Wake), MailError> {
        let (caps, current) = (self.caps, self.current);
        let mut handle = self.session.idle();
        handle.init().await.map_err(protocol)?;
        let (wait, _stop) = handle.wait_with_timeout(timeout);
        let wake = match wait.await.map_err(protocol)? {
            async_imap::extensions::idle::IdleResponse::NewData(_) => Wake::Changed,
            _ => Wake::Quiet,
        };
        let session = handle.done().await.map_err(protocol)?;
        while session.unsolicited_responses.try_recv().is_ok() {}
        Ok((
            Imap {
                session,
                caps,
                current,
            },
            wake,
        ))
    }

    /// A cheap round trip (keeps the connection alive, surfaces a dead one).
    pub async fn noop(&mut self) -> Result<(), MailError> {
        self.session.noop().await.map_err(protocol)?;
        while self.session.unsolicited_responses.try_recv().is_ok() {}
        Ok(())
    }

    pub async fn logout(mut self) {
        let _ = self.session.logout().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_sets_collapse_runs() {
        assert_eq!(uid_set(&[1, 2, 3, 5, 7, 8]), "1:3,5,7:8");
        assert_eq!(uid_set(&[4]), "4");
        assert_eq!(uid_set(&[]), "");
    }
}
