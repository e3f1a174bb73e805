//! Bad input to the email commands, refused before any server is asked:
//! an incomplete form, the demo workspace, a sign-in that is not one, an
//! account that is not a mailbox, an answer with nothing to say or no one
//! to say it to.

use bandeja_channels::email::{Security, Server};
use bandeja_core::email::{Answer, EmailSettings, EmailSetupError, OutgoingEmail};
use bandeja_core::{InvalidField, SendRefused};
use bandeja_testkit::TestWorkspace;

fn form() -> EmailSettings {
    let server = |port| Server {
        host: "mail.example.test".into(),
        port,
        security: Security::Tls,
    };
    EmailSettings {
        address: "taller@example.test".into(),
        sender_name: "Taller".into(),
        imap: server(993),
        smtp: server(465),
        username: "taller@example.test".into(),
        sync_days: 30,
        signature_html: String::new(),
        sent_folder: None,
        oauth: None,
    }
}

fn field(e: EmailSetupError) -> String {
    match e {
        EmailSetupError::Invalid(f) => f.field,
        other => panic!("expected a field to correct, got {other:?}"),
    }
}

#[tokio::test]
async fn an_incomplete_form_names_the_field() {
    let tw = TestWorkspace::new(chrono::Utc::now()).await;
    let core = &tw.core;
    let mut f = form();
    f.address = "taller".into();
    assert_eq!(
        field(core.test_email(&f, "pw").await.unwrap_err()),
        "address"
    );
    let mut f = form();
    f.imap.port = 0;
    assert_eq!(field(core.test_email(&f, "pw").await.unwrap_err()), "imap");
    let mut f = form();
    f.smtp.host = "mail example".into();
    assert_eq!(field(core.test_email(&f, "pw").await.unwrap_err()), "smtp");
    assert_eq!(
        field(core.test_email(&form(), "").await.unwrap_err()),
        "password"
    );
    let mut f = form();
    f.sync_days = 0;
    assert_eq!(
        field(core.test_email(&f, "pw").await.unwrap_err()),
        "sync_days"
    );
    assert!(core.email_accounts().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_demo_and_strangers_are_refused() {
    let tw = TestWorkspace::new(chrono::Utc::now()).await;
    let core = &tw.core;
    // not a sign-in: no provider, no address, an unknown flow
    assert_eq!(
        field(core.start_email_oauth(form()).await.unwrap_err()),
        "provider"
    );
    assert_eq!(
        field(core.finish_email_oauth("no-such-flow").await.unwrap_err()),
        "flow"
    );
    // no such account: the store says so (the API answers `not_found`)
    match core.reconnect_email(4242, "pw").await.unwrap_err() {
        EmailSetupError::Other(e) => assert!(matches!(
            e.downcast_ref::<bandeja_store::StoreError>(),
            Some(bandeja_store::StoreError::NotFound(_))
        )),
        other => panic!("expected not found, got {other:?}"),
    }
    let e = core.allow_remote_images("nobody").await.unwrap_err();
    assert_eq!(e.downcast_ref::<InvalidField>().unwrap().field, "sender");
    assert!(core.email_html(4242, false).await.is_err());
    // the demo has no servers to connect to
    core.open_demo().await.unwrap();
    assert_eq!(
        field(core.connect_email(form(), "pw").await.unwrap_err()),
        "workspace"
    );
}

#[tokio::test]
async fn an_answer_needs_words_and_someone_to_answer() {
    let tw = TestWorkspace::new(chrono::Utc::now()).await;
    let answer = |text: &str| OutgoingEmail {
        conversation_id: 4242,
        parent_message_id: None,
        answer: Answer::Reply,
        to: vec!["a@example.test".into()],
        cc: vec![],
        text: text.into(),
        html: None,
        attachments: vec![],
        signature: false,
        automated: false,
    };
    let e = tw.core.send_email(answer("  ")).await.unwrap_err();
    assert_eq!(e.downcast_ref::<SendRefused>(), Some(&SendRefused::Empty));
    // a conversation without mail has no one to answer
    let e = tw.core.send_email(answer("Hola")).await.unwrap_err();
    assert_eq!(
        e.downcast_ref::<SendRefused>(),
        Some(&SendRefused::NoRecipient)
    );
}
