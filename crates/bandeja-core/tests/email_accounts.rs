//! Email accounts that sign in (issue 5, ACC-30/31) and accounts that stop:
//! OAuth through the loopback redirect against the test kit's OAuth server
//! (which Dovecot checks tokens against), tokens refreshed when a server
//! refuses them, a revoked grant, a Microsoft tenant without SMTP AUTH
//! sending through Graph, and a refused password until Reconnect.

use bandeja_channels::email::{Security, Server};
use bandeja_core::email::{Answer, OutgoingEmail};
use bandeja_testkit::eventually;
use bandeja_testkit::mail::MailServers;

#[path = "support/mail_kit.rs"]
mod mail_kit;
use mail_kit::*;

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
    let ms = MailServers::start();
    bob_sends(&ms, &mail("hola@bob", "Hola", "", "¿Abrís el sábado?")).await;
    delivered(&ms, "alice", 1).await;
    let tw = workspace(&ms).await;
    let core = &tw.core;
    let mut s = settings(&ms, "alice");
    s.oauth = Some(test_oauth(&ms, false));
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
            automated: false,
        })
        .await
        .expect("queued");
    start_outbox(core);
    sent(core, conv, reply).await; // sent over XOAUTH2

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
    s.oauth = Some(test_oauth(&ms, true));
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
            automated: false,
        })
        .await
        .expect("queued");
    start_outbox(core);
    sent(core, conv, reply).await; // sent through Graph
    delivered(&ms, "bob", 1).await;
    let parsed = inbox_of(&ms, "bob").await.remove(0);
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
