//! Shared by the email tests: the business mailbox (alice) and the customer
//! (bob) on the test kit's loopback Dovecot + Postfix, mail written the way
//! a customer's client writes it, and a core that trusts the servers' CA.
#![allow(dead_code)]

use std::time::Duration;

use bandeja_channels::email::imap;
use bandeja_channels::email::smtp;
use bandeja_channels::email::{Login, Security, Server, Trust};
use bandeja_core::email::{EmailSettings, OAuthConfig, Provider};
use bandeja_core::{Core, WorkspaceOutbound};
use bandeja_domain::DeliveryState;
use bandeja_store::{ConversationRecord, View};
use bandeja_testkit::mail::MailServers;
use bandeja_testkit::{conversations, eventually, messages, TestWorkspace};

pub fn settings(ms: &MailServers, user: &str) -> EmailSettings {
    EmailSettings {
        address: format!("{user}@example.test"),
        sender_name: "Taller Ruiz".into(),
        imap: Server {
            host: "localhost".into(),
            port: ms.imaps_port(),
            security: Security::Tls,
        },
        smtp: Server {
            host: "localhost".into(),
            port: ms.submission_port(),
            security: Security::StartTls,
        },
        username: format!("{user}@example.test"),
        sync_days: 30,
        signature_html: String::new(),
        sent_folder: None,
        oauth: None,
    }
}

pub fn trust(ms: &MailServers) -> Trust {
    Trust::with_pem(&std::fs::read(ms.ca()).expect("ca")).expect("pem")
}

pub fn login(user: &str) -> Login {
    Login::Password {
        user: format!("{user}@example.test"),
        password: format!("{user}-pw"),
    }
}

/// bob writes `raw` to alice over submission (retrying like a mail client
/// while the server says "try again later").
pub async fn bob_sends(ms: &MailServers, raw: &str) {
    bob_sends_bytes(ms, raw.replace('\n', "\r\n").as_bytes()).await
}

pub async fn bob_sends_bytes(ms: &MailServers, raw: &[u8]) {
    let s = settings(ms, "bob");
    for _ in 0..100 {
        match smtp::send(
            &s.smtp,
            &login("bob"),
            &trust(ms),
            "bob@example.test",
            &["alice@example.test".into()],
            raw,
        )
        .await
        {
            Ok(()) => return,
            Err(e) if e.failure == smtp::SmtpFailure::Transient => {
                tokio::time::sleep(Duration::from_millis(100)).await
            }
            Err(e) => panic!("bob's mail refused: {e:?}"),
        }
    }
    panic!("bob's mail never accepted");
}

/// Wait until `user`'s INBOX holds `n` messages.
pub async fn delivered(ms: &MailServers, user: &str, n: u32) {
    let s = settings(ms, user);
    for _ in 0..200 {
        let mut session = imap::connect(&s.imap, &login(user), &trust(ms))
            .await
            .expect("login");
        let sel = session.select("INBOX").await.expect("select");
        session.logout().await;
        if sel.exists >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{user} never got {n} messages");
}

pub fn mail(id: &str, subject: &str, extra: &str, body: &str) -> String {
    format!(
        "From: Bob Cliente <bob@example.test>\nTo: alice@example.test\nSubject: {subject}\nMessage-ID: <{id}>\nDate: {}\n{extra}MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n{body}\n",
        chrono::Utc::now().to_rfc2822()
    )
}

pub async fn workspace(ms: &MailServers) -> TestWorkspace {
    let tw = TestWorkspace::new(chrono::Utc::now()).await;
    tw.core
        .set_mail_ca(&std::fs::read(ms.ca()).expect("ca"))
        .expect("ca accepted");
    tw
}

pub async fn email_conversations(tw: &TestWorkspace) -> Vec<ConversationRecord> {
    let mut all = conversations(&tw.core, View::AllOpen).await;
    all.extend(conversations(&tw.core, View::Resolved).await);
    all
}

/// Every message in `user`'s INBOX, parsed.
pub async fn inbox_of(ms: &MailServers, user: &str) -> Vec<bandeja_channels::email::ParsedEmail> {
    let mut s = imap::connect(&settings(ms, user).imap, &login(user), &trust(ms))
        .await
        .expect("login");
    s.select("INBOX").await.expect("select");
    let uids = s.uids_from(1).await.expect("uids");
    let got = s.fetch(&uids).await.expect("fetch");
    s.logout().await;
    got.iter()
        .map(|f| bandeja_channels::email::parse(&f.raw).expect("parse"))
        .collect()
}

/// Run the outbox as the app does.
pub fn start_outbox(core: &Core) {
    core.start_outbox(std::sync::Arc::new(WorkspaceOutbound::new(
        core.clone(),
        core.whatsapp(),
    )));
}

/// Wait until `message` of `conversation` is sent.
pub async fn sent(core: &Core, conversation: i64, message: i64) {
    eventually("sent", 400, || async {
        messages(core, conversation)
            .await
            .iter()
            .any(|m| m.id == message && m.delivery == Some(DeliveryState::Sent))
    })
    .await;
}

/// A Microsoft-like OAuth client of the test kit's OAuth server (with its
/// Graph stand-in when `graph`).
pub fn test_oauth(ms: &MailServers, graph: bool) -> OAuthConfig {
    OAuthConfig {
        provider: Provider::Microsoft,
        auth_url: format!("{}/authorize", ms.oauth_url()),
        token_url: format!("{}/token", ms.oauth_url()),
        client_id: "bandeja-test".into(),
        client_secret: None,
        scopes: vec![
            "https://outlook.office.com/IMAP.AccessAsUser.All".into(),
            "offline_access".into(),
        ],
        graph_scopes: match graph {
            true => vec![
                "https://graph.microsoft.com/Mail.Send".into(),
                "offline_access".into(),
            ],
            false => vec![],
        },
        graph_url: graph.then(|| format!("{}/graph", ms.oauth_url())),
    }
}
