//! Email against real servers (issue 5): Dovecot and Postfix on loopback,
//! started by the test kit. A customer (bob) writes to the business
//! (alice) over SMTP; the core syncs alice's mailbox over IMAPS, follows it
//! in IDLE, answers through the outbox and SMTP, and the answer reaches
//! bob's mailbox threaded.

use std::sync::Arc;
use std::time::Duration;

use bandeja_channels::email::imap;
use bandeja_channels::email::smtp;
use bandeja_channels::email::{Login, Security, Server, Step, Trust};
use bandeja_core::email::{Answer, EmailSettings, OutgoingEmail};
use bandeja_core::WorkspaceOutbound;
use bandeja_domain::{DeliveryState, Direction, MessageContent};
use bandeja_store::{ConversationRecord, View};
use bandeja_testkit::mail::MailServers;
use bandeja_testkit::{conversations, eventually, messages, TestWorkspace};

fn settings(ms: &MailServers, user: &str) -> EmailSettings {
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

fn trust(ms: &MailServers) -> Trust {
    Trust::with_pem(&std::fs::read(ms.ca()).expect("ca")).expect("pem")
}

fn login(user: &str) -> Login {
    Login::Password {
        user: format!("{user}@example.test"),
        password: format!("{user}-pw"),
    }
}

/// bob writes `raw` to alice over submission (retrying like a mail client
/// while the server says "try again later").
async fn bob_sends(ms: &MailServers, raw: &str) {
    bob_sends_bytes(ms, raw.replace('\n', "\r\n").as_bytes()).await
}

async fn bob_sends_bytes(ms: &MailServers, raw: &[u8]) {
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
async fn delivered(ms: &MailServers, user: &str, n: u32) {
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

fn mail(id: &str, subject: &str, extra: &str, body: &str) -> String {
    format!(
        "From: Bob Cliente <bob@example.test>\nTo: alice@example.test\nSubject: {subject}\nMessage-ID: <{id}>\nDate: {}\n{extra}MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n{body}\n",
        chrono::Utc::now().to_rfc2822()
    )
}

async fn workspace(ms: &MailServers) -> TestWorkspace {
    let tw = TestWorkspace::new(chrono::Utc::now()).await;
    tw.core
        .set_mail_ca(&std::fs::read(ms.ca()).expect("ca"))
        .expect("ca accepted");
    tw
}

async fn email_conversations(tw: &TestWorkspace) -> Vec<ConversationRecord> {
    let mut all = conversations(&tw.core, View::AllOpen).await;
    all.extend(conversations(&tw.core, View::Resolved).await);
    all
}

#[tokio::test]
async fn first_sync_live_mail_reply_threading_and_flags() {
    let ms = MailServers::start();
    // history before the mailbox is connected: a question and its follow-up
    bob_sends(
        &ms,
        &mail(
            "q1@bob",
            "Presupuesto frenos",
            "",
            "¿Cuánto cuestan las pastillas?",
        ),
    )
    .await;
    bob_sends(
        &ms,
        &mail(
            "q2@bob",
            "Re: Presupuesto frenos",
            "In-Reply-To: <q1@bob>\nReferences: <q1@bob>\n",
            "Es un Seat León de 2019.",
        ),
    )
    .await;
    bob_sends(
        &ms,
        &mail("other@bob", "Presupuesto", "", "Otra consulta, otro tema."),
    )
    .await;
    delivered(&ms, "alice", 3).await;

    let tw = workspace(&ms).await;
    let core = &tw.core;
    let account = core
        .connect_email(settings(&ms, "alice"), "alice-pw")
        .await
        .expect("mailbox connects");
    core.start_outbox(Arc::new(WorkspaceOutbound::new(
        core.clone(),
        core.whatsapp(),
    )));

    // first sync: the reply joins its question, the other subject stays apart
    eventually("first sync", 400, || async {
        email_conversations(&tw).await.len() == 2
    })
    .await;
    let convs = email_conversations(&tw).await;
    let brakes = convs
        .iter()
        .find(|c| c.subject.as_deref() == Some("Presupuesto frenos"))
        .expect("threaded conversation");
    assert_eq!(messages(core, brakes.id).await.len(), 2);
    assert_eq!(brakes.contact_name, "Bob Cliente");
    assert_eq!(brakes.account_id, account);

    // live: a new mail arrives through IDLE
    bob_sends(
        &ms,
        &mail(
            "live@bob",
            "Cita para el lunes",
            "",
            "¿Tenéis hueco el lunes?",
        ),
    )
    .await;
    eventually("live mail", 400, || async {
        email_conversations(&tw).await.len() == 3
    })
    .await;

    // answer the brakes thread with a signature
    core.set_email_signature(
        account,
        "<p><b>Ana Ruiz</b> · <a href=\"https://taller.example\">Taller Ruiz</a></p>",
    )
    .await
    .expect("signature saved");
    let reply = core
        .send_email(OutgoingEmail {
            conversation_id: brakes.id,
            parent_message_id: None,
            answer: Answer::Reply,
            to: vec!["bob@example.test".into()],
            cc: vec![],
            text: "Son 85 € montadas.".into(),
            html: None,
            attachments: vec![],
            signature: true,
        })
        .await
        .expect("reply queued");
    eventually("reply sent", 400, || async {
        messages(core, brakes.id)
            .await
            .iter()
            .any(|m| m.id == reply && m.delivery == Some(DeliveryState::Sent))
    })
    .await;

    // bob received it threaded, with the signature
    delivered(&ms, "bob", 1).await;
    let mut bob = imap::connect(&settings(&ms, "bob").imap, &login("bob"), &trust(&ms))
        .await
        .expect("bob");
    bob.select("INBOX").await.expect("select");
    let uids = bob.uids_from(1).await.expect("uids");
    let got = bob.fetch(&uids).await.expect("fetch");
    let parsed = bandeja_channels::email::parse(&got[0].raw).expect("parse");
    assert_eq!(parsed.in_reply_to, vec!["q2@bob".to_string()]);
    assert_eq!(
        parsed.references,
        vec!["q1@bob".to_string(), "q2@bob".to_string()]
    );
    assert_eq!(parsed.subject, "Re: Presupuesto frenos");
    assert!(parsed.text.contains("Son 85 €"));
    assert!(
        parsed.text.contains("Ana Ruiz"),
        "signature in text: {}",
        parsed.text
    );
    assert!(parsed
        .html
        .as_deref()
        .unwrap_or("")
        .contains("<b>Ana Ruiz</b>"));
    assert!(parsed
        .message_id
        .as_deref()
        .unwrap_or("")
        .ends_with("@example.test"));

    // bob answers our answer: it joins the same conversation
    let ours = parsed.message_id.unwrap();
    bob_sends(
        &ms,
        &mail(
            "thanks@bob",
            "Re: Presupuesto frenos",
            &format!("In-Reply-To: <{ours}>\nReferences: <q1@bob> <q2@bob> <{ours}>\n"),
            "Perfecto, gracias.",
        ),
    )
    .await;
    eventually("bob's answer threaded", 400, || async {
        messages(core, brakes.id).await.len() == 4
    })
    .await;
    assert_eq!(email_conversations(&tw).await.len(), 3);

    // the copy in Sent came back through sync and was not stored twice
    tokio::time::sleep(Duration::from_millis(300)).await;
    let ms_in = messages(core, brakes.id).await;
    assert_eq!(
        ms_in
            .iter()
            .filter(|m| m.direction == Direction::Outbound)
            .count(),
        1
    );

    // reading in Bandeja sets \Seen on the server
    core.mark_read(brakes.id).await.expect("read");
    let mut alice = imap::connect(&settings(&ms, "alice").imap, &login("alice"), &trust(&ms))
        .await
        .expect("alice");
    alice.select("INBOX").await.expect("select");
    let mut all_seen = false;
    for _ in 0..100 {
        let flags = alice.flags(None).await.expect("flags");
        let seen = flags.iter().filter(|(_, f, _)| f.seen).count();
        if seen >= 3 {
            all_seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(all_seen, "the thread's mail is \\Seen on the server");
    let answered = alice
        .flags(None)
        .await
        .expect("flags")
        .iter()
        .filter(|(_, f, _)| f.answered)
        .count();
    assert_eq!(
        answered, 1,
        "the message we answered is \\Answered on the server"
    );
    let content = &messages(core, brakes.id).await[0].content;
    assert!(matches!(content, MessageContent::Email(e) if e.text.contains("pastillas")));
}

#[tokio::test]
async fn test_connection_names_the_step_that_failed() {
    let ms = MailServers::start();
    let tw = workspace(&ms).await;
    let s = settings(&ms, "alice");
    let ok = tw
        .core
        .test_email(&s, "alice-pw")
        .await
        .expect("valid form");
    assert!(ok.ok(), "{ok:?}");

    let wrong = tw.core.test_email(&s, "nope").await.expect("valid form");
    assert_eq!(wrong.imap.as_ref().unwrap_err().step, Step::Auth);
    assert_eq!(wrong.smtp.as_ref().unwrap_err().step, Step::Auth);

    let mut closed = s.clone();
    closed.imap.port = ms.base + 999; // nothing listens there
    let r = tw
        .core
        .test_email(&closed, "alice-pw")
        .await
        .expect("valid form");
    assert_eq!(r.imap.unwrap_err().step, Step::Tcp);

    let mut nowhere = s.clone();
    nowhere.smtp.host = "mail.nonexistent.invalid".into();
    let r = tw
        .core
        .test_email(&nowhere, "alice-pw")
        .await
        .expect("valid form");
    assert_eq!(r.smtp.unwrap_err().step, Step::Dns);

    // a core that does not trust the test CA
    let plain = TestWorkspace::new(chrono::Utc::now()).await;
    let r = plain
        .core
        .test_email(&s, "alice-pw")
        .await
        .expect("valid form");
    let e = r.imap.unwrap_err();
    assert_eq!(e.step, Step::Tls);
    assert!(
        e.message.contains("not signed by a trusted authority"),
        "{}",
        e.message
    );

    // TLS spoken to a plain-text port
    let mut starttls_port = s.clone();
    starttls_port.imap.port = ms.imap_port();
    let r = tw
        .core
        .test_email(&starttls_port, "alice-pw")
        .await
        .expect("valid form");
    assert_eq!(r.imap.unwrap_err().step, Step::Tls);

    // the form itself
    let mut bad = s.clone();
    bad.address = "alice".into();
    assert!(tw.core.test_email(&bad, "alice-pw").await.is_err());
    assert!(tw.core.connect_email(s.clone(), "nope").await.is_err());
    assert!(
        tw.core.email_accounts().await.unwrap().is_empty(),
        "nothing kept after a refusal"
    );
}

#[tokio::test]
async fn broken_mime_charsets_and_a_restart_mid_idle() {
    let ms = MailServers::start();
    let tw = workspace(&ms).await;
    let core = &tw.core;
    core.connect_email(settings(&ms, "alice"), "alice-pw")
        .await
        .expect("connects");
    eventually("idle", 400, || async {
        core.email_accounts().await.unwrap()[0].sync_state == bandeja_core::email::SyncState::Idle
    })
    .await;

    // Latin-1 text and a multipart whose boundary never closes
    let latin1 = b"From: =?ISO-8859-1?Q?Jos=E9?= <jose@example.test>\r\nTo: alice@example.test\r\nSubject: =?ISO-8859-1?Q?Reparaci=F3n?=\r\nMessage-ID: <latin1@jose>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n\r\nEl cig\xfce\xf1al hace ruido.\r\n".to_vec();
    let broken = "From: rota@example.test\r\nTo: alice@example.test\r\nSubject: Adjunto roto\r\nMessage-ID: <broken@rota>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nVa el adjunto\r\n--XX\r\nContent-Type: application/pdf; name=\"a.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK!!!not base64\r\n".as_bytes().to_vec();
    for raw in [latin1, broken] {
        bob_sends_bytes(&ms, &raw).await;
    }
    eventually("both stored", 400, || async {
        email_conversations(&tw).await.len() == 2
    })
    .await;
    let convs = email_conversations(&tw).await;
    let latin = convs
        .iter()
        .find(|c| c.subject.as_deref() == Some("Reparación"))
        .expect("decoded subject");
    let m = &messages(core, latin.id).await[0];
    assert!(matches!(&m.content, MessageContent::Email(e) if e.text.contains("cigüeñal")));
    assert_eq!(latin.contact_name, "José");
    let rota = convs
        .iter()
        .find(|c| c.subject.as_deref() == Some("Adjunto roto"))
        .expect("broken kept");
    let m = &messages(core, rota.id).await[0];
    assert!(matches!(&m.content, MessageContent::Email(e) if e.text.contains("Va el adjunto")));

    // the IMAP server restarts under the IDLE connection: the sync comes back
    ms.restart_imap();
    bob_sends(
        &ms,
        &mail("after@bob", "Después del reinicio", "", "¿Seguís ahí?"),
    )
    .await;
    eventually("mail after the restart", 2000, || async {
        email_conversations(&tw).await.len() == 3
    })
    .await;
}

#[tokio::test]
async fn uidvalidity_reset_and_a_25_mb_attachment() {
    use base64::Engine;
    let ms = MailServers::start();
    bob_sends(&ms, &mail("a@bob", "Primera", "", "uno")).await;
    bob_sends(&ms, &mail("b@bob", "Segunda", "", "dos")).await;
    delivered(&ms, "alice", 2).await;
    let tw = workspace(&ms).await;
    let core = &tw.core;
    let account = core
        .connect_email(settings(&ms, "alice"), "alice-pw")
        .await
        .expect("connects");
    let idle = || async {
        core.email_accounts().await.unwrap()[0].sync_state == bandeja_core::email::SyncState::Idle
    };
    eventually("first sync", 400, || async {
        email_conversations(&tw).await.len() == 2
    })
    .await;
    eventually("idle", 400, idle).await;
    let store = core.workspace().await.store;
    let before = store
        .sync_state(account, "imap:INBOX")
        .await
        .unwrap()
        .unwrap();

    // the server renumbers the mailbox (its UID list is lost)
    core.stop_email_sync();
    std::fs::remove_file(ms.maildir("alice").join("Maildir/dovecot-uidlist")).expect("uid list");
    tokio::time::sleep(Duration::from_millis(1100)).await; // a new UIDVALIDITY is a new second
    ms.restart_imap();
    core.restore_email().await.expect("sync restarts");
    eventually("resynced", 400, || async {
        store
            .sync_state(account, "imap:INBOX")
            .await
            .unwrap()
            .unwrap()
            != before
    })
    .await;
    eventually("idle again", 400, idle).await;
    let convs = email_conversations(&tw).await;
    assert_eq!(convs.len(), 2, "read again, stored once");
    for c in &convs {
        assert_eq!(messages(core, c.id).await.len(), 1);
    }
    assert_eq!(store.email_message_count(account).await.unwrap(), 2);

    // a 25 MB attachment arrives whole
    let big: Vec<u8> = (0..25 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let b64 = base64::engine::general_purpose::STANDARD.encode(&big);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    let raw = format!(
        "From: bob@example.test\r\nTo: alice@example.test\r\nSubject: Planos del taller\r\nMessage-ID: <big@bob>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVan los planos.\r\n--B\r\nContent-Type: application/octet-stream; name=\"planos.bin\"\r\nContent-Disposition: attachment; filename=\"planos.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--B--\r\n",
        lines.join("\r\n")
    );
    bob_sends_bytes(&ms, raw.as_bytes()).await;
    eventually("big mail", 2000, || async {
        email_conversations(&tw).await.len() == 3
    })
    .await;
    let convs = email_conversations(&tw).await;
    let c = convs
        .iter()
        .find(|c| c.subject.as_deref() == Some("Planos del taller"))
        .unwrap();
    let m = &messages(core, c.id).await[0];
    let MessageContent::Email(e) = &m.content else {
        panic!("not an email")
    };
    assert_eq!(e.attachments.len(), 1);
    assert_eq!(e.attachments[0].size, big.len() as u64);
    let (name, _, bytes) = core.email_attachment(m.id, 0).await.expect("attachment");
    assert_eq!(name, "planos.bin");
    assert!(bytes == big, "the attachment's bytes are intact");
}

async fn oauth_admin(ms: &MailServers, path: &str, user: &str) {
    reqwest::Client::new()
        .post(format!("{}{path}", ms.oauth_url()))
        .form(&[("username", format!("{user}@example.test"))])
        .send()
        .await
        .expect("oauth admin");
}

#[tokio::test]
async fn oauth_sign_in_refresh_and_a_revoked_grant() {
    use bandeja_core::email::{OAuthConfig, Provider};
    let ms = MailServers::start();
    bob_sends(&ms, &mail("hola@bob", "Hola", "", "¿Abrís el sábado?")).await;
    delivered(&ms, "alice", 1).await;
    let tw = workspace(&ms).await;
    let core = &tw.core;
    let mut s = settings(&ms, "alice");
    s.oauth = Some(OAuthConfig {
        provider: Provider::Microsoft,
        auth_url: format!("{}/authorize", ms.oauth_url()),
        token_url: format!("{}/token", ms.oauth_url()),
        client_id: "bandeja-test".into(),
        client_secret: None,
        scopes: vec![
            "https://outlook.office.com/IMAP.AccessAsUser.All".into(),
            "offline_access".into(),
        ],
        graph_scopes: vec![],
        graph_url: None,
    });
    let start = core.start_email_oauth(s).await.expect("sign-in starts");
    assert!(start.url.contains("code_challenge="), "PKCE: {}", start.url);
    assert!(
        start.url.contains("login_hint=alice%40example.test"),
        "{}",
        start.url
    );
    // the system browser: the provider approves and redirects to our loopback listener
    let browser = tokio::spawn(async move { reqwest::get(&start.url).await.map(|r| r.status()) });
    let account = core
        .finish_email_oauth(&start.flow_id)
        .await
        .expect("signed in");
    assert!(browser
        .await
        .unwrap()
        .expect("redirect served")
        .is_success());
    let idle = || async {
        core.email_accounts().await.unwrap()[0].sync_state == bandeja_core::email::SyncState::Idle
    };
    eventually("first sync over XOAUTH2", 400, || async {
        email_conversations(&tw).await.len() == 1
    })
    .await;
    eventually("idle", 400, idle).await;
    assert_eq!(
        core.email_accounts().await.unwrap()[0].kind,
        "email_microsoft"
    );

    // the token dies early on the server: SMTP refreshes it and sends
    oauth_admin(&ms, "/_admin/expire-user", "alice").await;
    let conv = email_conversations(&tw).await[0].id;
    let reply = core
        .send_email(OutgoingEmail {
            conversation_id: conv,
            parent_message_id: None,
            answer: Answer::Reply,
            to: vec!["bob@example.test".into()],
            cc: vec![],
            text: "Sí, de 9 a 14.".into(),
            html: None,
            attachments: vec![],
            signature: false,
        })
        .await
        .expect("queued");
    core.start_outbox(Arc::new(WorkspaceOutbound::new(
        core.clone(),
        core.whatsapp(),
    )));
    eventually("sent over XOAUTH2", 400, || async {
        messages(core, conv)
            .await
            .iter()
            .any(|m| m.id == reply && m.delivery == Some(DeliveryState::Sent))
    })
    .await;

    // so does IMAP: the sync reconnects, refreshes and goes on
    oauth_admin(&ms, "/_admin/expire-user", "alice").await;
    ms.restart_imap();
    bob_sends(
        &ms,
        &mail("otra@bob", "Otra pregunta", "", "¿Y el domingo?"),
    )
    .await;
    eventually("mail after a refused token", 2000, || async {
        email_conversations(&tw).await.len() == 2
    })
    .await;

    // the grant is revoked (password changed, access removed): sign in again
    oauth_admin(&ms, "/_admin/revoke-user", "alice").await;
    oauth_admin(&ms, "/_admin/expire-user", "alice").await;
    ms.restart_imap();
    eventually("account in error", 2000, || async {
        let a = &core.email_accounts().await.unwrap()[0];
        a.status == "error"
            && a.status_reason
                .as_deref()
                .unwrap_or("")
                .contains("sign in again")
    })
    .await;
    assert_eq!(account, core.email_accounts().await.unwrap()[0].account_id);
}

/// An SMTP server refusing every login the way Exchange Online does when
/// the tenant turned SMTP AUTH off.
async fn smtp_auth_disabled() -> u16 {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            tokio::spawn(async move {
                let (r, mut w) = sock.into_split();
                let mut lines = BufReader::new(r).lines();
                let _ = w.write_all(b"220 fake.outlook ESMTP\r\n").await;
                while let Ok(Some(line)) = lines.next_line().await {
                    let verb = line
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250-fake.outlook\r\n250 AUTH LOGIN XOAUTH2\r\n",
                        "AUTH" => b"535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.\r\n",
                        "QUIT" => b"221 bye\r\n",
                        _ => b"503 5.5.1 send AUTH first\r\n",
                    };
                    let _ = w.write_all(reply).await;
                    if verb == "QUIT" {
                        break;
                    }
                }
            });
        }
    });
    port
}

#[tokio::test]
async fn microsoft_tenant_without_smtp_auth_sends_through_graph() {
    use bandeja_core::email::{OAuthConfig, Provider};
    let ms = MailServers::start();
    bob_sends(
        &ms,
        &mail("m365@bob", "Factura", "", "¿Me reenviáis la factura?"),
    )
    .await;
    delivered(&ms, "alice", 1).await;
    let tw = workspace(&ms).await;
    let core = &tw.core;
    let mut s = settings(&ms, "alice");
    s.smtp = Server {
        host: "127.0.0.1".into(),
        port: smtp_auth_disabled().await,
        security: Security::None,
    };
    s.oauth = Some(OAuthConfig {
        provider: Provider::Microsoft,
        auth_url: format!("{}/authorize", ms.oauth_url()),
        token_url: format!("{}/token", ms.oauth_url()),
        client_id: "bandeja-test".into(),
        client_secret: None,
        scopes: vec![
            "https://outlook.office.com/IMAP.AccessAsUser.All".into(),
            "offline_access".into(),
        ],
        graph_scopes: vec![
            "https://graph.microsoft.com/Mail.Send".into(),
            "offline_access".into(),
        ],
        graph_url: Some(format!("{}/graph", ms.oauth_url())),
    });
    let start = core.start_email_oauth(s).await.expect("sign-in starts");
    let browser = tokio::spawn(async move { reqwest::get(&start.url).await.map(|r| r.status()) });
    core.finish_email_oauth(&start.flow_id)
        .await
        .expect("SMTP refuses but Graph can send: the account connects");
    browser.await.unwrap().expect("redirect");
    eventually("first sync", 400, || async {
        email_conversations(&tw).await.len() == 1
    })
    .await;
    let conv = email_conversations(&tw).await[0].id;
    let reply = core
        .send_email(OutgoingEmail {
            conversation_id: conv,
            parent_message_id: None,
            answer: Answer::Reply,
            to: vec!["bob@example.test".into()],
            cc: vec![],
            text: "Adjunta va.".into(),
            html: None,
            attachments: vec![(
                "factura.pdf".into(),
                "application/pdf".into(),
                b"%PDF-1.4 factura".to_vec(),
            )],
            signature: false,
        })
        .await
        .expect("queued");
    core.start_outbox(Arc::new(WorkspaceOutbound::new(
        core.clone(),
        core.whatsapp(),
    )));
    eventually("sent through Graph", 400, || async {
        messages(core, conv)
            .await
            .iter()
            .any(|m| m.id == reply && m.delivery == Some(DeliveryState::Sent))
    })
    .await;
    delivered(&ms, "bob", 1).await;
    let mut bob = imap::connect(&settings(&ms, "bob").imap, &login("bob"), &trust(&ms))
        .await
        .expect("bob");
    bob.select("INBOX").await.expect("select");
    let uids = bob.uids_from(1).await.expect("uids");
    let got = bob.fetch(&uids).await.expect("fetch");
    let parsed = bandeja_channels::email::parse(&got[0].raw).expect("parse");
    assert_eq!(parsed.in_reply_to, vec!["m365@bob".to_string()]);
    assert_eq!(parsed.attachments[0].name, "factura.pdf");
    assert_eq!(parsed.attachments[0].bytes, b"%PDF-1.4 factura");
}

#[tokio::test]
async fn a_refused_password_stops_the_sync_until_the_member_reconnects() {
    use bandeja_secrets::account_key;
    let ms = MailServers::start();
    bob_sends(&ms, &mail("r1@bob", "Antes", "", "uno")).await;
    delivered(&ms, "alice", 1).await;
    let tw = workspace(&ms).await;
    let core = &tw.core;
    let account = core
        .connect_email(settings(&ms, "alice"), "alice-pw")
        .await
        .expect("connects");
    eventually("first sync", 400, || async {
        email_conversations(&tw).await.len() == 1
    })
    .await;

    // the password changed on the server side (here: the kept one is stale)
    core.stop_email_sync();
    core.secrets()
        .set(&account_key(account, "password"), "old-pw")
        .await
        .unwrap();
    core.restore_email().await.unwrap();
    eventually("account in error", 400, || async {
        let a = &core.email_accounts().await.unwrap()[0];
        a.status == "error"
            && a.status_reason
                .as_deref()
                .unwrap_or("")
                .contains("refused the login")
    })
    .await;

    // a wrong new password is refused and changes nothing
    let e = core
        .reconnect_email(account, "still-wrong")
        .await
        .unwrap_err();
    assert!(
        matches!(e, bandeja_core::email::EmailSetupError::Refused(_)),
        "{e:?}"
    );
    assert_eq!(core.email_accounts().await.unwrap()[0].status, "error");

    // the right one brings the sync back
    core.reconnect_email(account, "alice-pw")
        .await
        .expect("reconnects");
    assert_eq!(core.email_accounts().await.unwrap()[0].status, "active");
    bob_sends(&ms, &mail("r2@bob", "Después", "", "dos")).await;
    eventually("mail after reconnecting", 400, || async {
        email_conversations(&tw).await.len() == 2
    })
    .await;
}
