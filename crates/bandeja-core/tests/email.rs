//! Email against real servers (issue 5): Dovecot and Postfix on loopback,
//! started by the test kit. A customer (bob) writes to the business
//! (alice) over SMTP; the core syncs alice's mailbox over IMAPS, follows it
//! in IDLE, answers through the outbox and SMTP, and the answer reaches
//! bob's mailbox threaded.

use std::time::Duration;

use bandeja_channels::email::imap;
use bandeja_channels::email::Step;
use bandeja_core::email::{Answer, OutgoingEmail};
use bandeja_domain::{Direction, MessageContent};
use bandeja_testkit::mail::MailServers;
use bandeja_testkit::{eventually, messages, TestWorkspace};

#[path = "support/mail_kit.rs"]
mod mail_kit;
use mail_kit::*;

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
    start_outbox(core);

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
            automated: false,
        })
        .await
        .expect("reply queued");
    sent(core, brakes.id, reply).await; // reply sent

    // bob received it threaded, with the signature
    delivered(&ms, "bob", 1).await;
    let parsed = inbox_of(&ms, "bob").await.remove(0);
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
