//! `normalize` on bodies the fixture corpus does not cover: refused bodies,
//! malformed items inside valid batches, unknown types and fields, odd but
//! legal shapes, and a large body.

use bandeja_channels::whatsapp::{self, NormalizeError, NO_CODE};
use bandeja_domain::inbound::InboundEvent;
use bandeja_domain::{DeliveryState, MessageContent, MessageKind};
use serde_json::{json, Value};

fn body(value: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": "100000000000001", "changes": [{ "field": "messages", "value": value }] }]
    }))
    .unwrap()
}

fn meta() -> Value {
    json!({ "display_phone_number": "15550100001", "phone_number_id": "200000000000002" })
}

fn messages(msgs: Value) -> Vec<u8> {
    body(json!({
        "messaging_product": "whatsapp",
        "metadata": meta(),
        "contacts": [{ "profile": { "name": "Ana Ruiz" }, "wa_id": "15550100123" }],
        "messages": msgs
    }))
}

fn text(id: &str, ts: &str) -> Value {
    json!({ "from": "15550100123", "id": id, "timestamp": ts, "type": "text", "text": { "body": "hola" } })
}

fn unsupported_reason(e: &InboundEvent) -> &str {
    match e {
        InboundEvent::Message(m) => match &m.content {
            MessageContent::Unsupported { reason } => {
                assert_eq!(m.kind, MessageKind::Unsupported);
                reason
            }
            other => panic!("expected unsupported, got {other:?}"),
        },
        other => panic!("expected a message, got {other:?}"),
    }
}

#[test]
fn not_json_is_refused() {
    for raw in [
        &b""[..],
        b"hola",
        b"{\"object\":",
        b"\xff\xfe{}",
        b"{} trailing",
    ] {
        let err = whatsapp::normalize(raw).unwrap_err();
        assert!(matches!(err, NormalizeError::NotJson(_)), "{raw:?}: {err}");
        assert!(err.to_string().starts_with("body is not JSON: "));
    }
}

#[test]
fn json_that_is_not_an_envelope_is_refused() {
    let cases: [(&str, &str); 6] = [
        ("[]", "the body is an array, not an object"),
        ("\"x\"", "the body is a string, not an object"),
        ("{}", "no `object` field"),
        ("{\"object\":1,\"entry\":[]}", "`object` is a number"),
        (
            "{\"object\":\"whatsapp_business_account\"}",
            "no `entry` array",
        ),
        (
            "{\"object\":\"whatsapp_business_account\",\"entry\":{}}",
            "`entry` is an object",
        ),
    ];
    for (raw, why) in cases {
        let err = whatsapp::normalize(raw.as_bytes()).unwrap_err();
        assert_eq!(err, NormalizeError::NotAnEnvelope(why.into()), "{raw}");
    }
}

#[test]
fn another_object_is_refused_by_name() {
    let err = whatsapp::normalize(br#"{"object":"instagram","entry":[]}"#).unwrap_err();
    assert_eq!(err, NormalizeError::WrongObject("instagram".into()));
    assert_eq!(
        err.to_string(),
        "webhook is for object \"instagram\", not \"whatsapp_business_account\""
    );
}

#[test]
fn empty_entry_list_is_fine() {
    let raw = br#"{"object":"whatsapp_business_account","entry":[]}"#;
    assert_eq!(whatsapp::normalize(raw).unwrap(), vec![]);
}

#[test]
fn unknown_fields_and_odd_changes_are_skipped_not_errors() {
    let raw = serde_json::to_vec(&json!({
        "object": "whatsapp_business_account",
        "entry": [
            { "id": "1", "time": 1788267000, "changes": [
                { "field": "account_update", "value": { "event": "VERIFIED_ACCOUNT" } },
                { "field": "messages" },
                { "value": {} },
                "not a change"
            ]},
            { "id": "2" },
            7,
            { "id": "1", "changes": [{ "field": "messages", "value": {
                "metadata": meta(), "messages": [text("wamid.OK", "1788264000")] } }] }
        ]
    }))
    .unwrap();
    let report = whatsapp::normalize_report(&raw).unwrap();
    assert_eq!(report.events.len(), 1, "the good message survives");
    let paths: Vec<_> = report.skipped.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "entry[0].changes[0]",
            "entry[0].changes[1]",
            "entry[0].changes[2]",
            "entry[0].changes[3]",
            "entry[1]",
            "entry[2]"
        ]
    );
    assert_eq!(
        report.skipped[0].reason,
        "field \"account_update\" is not handled"
    );
}

#[test]
fn unknown_types_become_unsupported_messages_naming_the_type() {
    let raw = messages(json!([
        { "from": "15550100123", "id": "wamid.A", "timestamp": "1788264000", "type": "poll_v9", "poll_v9": {} },
        { "from": "15550100123", "id": "wamid.B", "timestamp": "1788264001", "type": "edit",
          "edit": { "original_message_id": "wamid.X", "message": { "type": "text", "text": { "body": "x" } } } },
        { "from": "15550100123", "id": "wamid.C", "timestamp": "1788264002", "type": "interactive",
          "interactive": { "type": "nfm_reply", "nfm_reply": { "response_json": "{}" } } },
        { "from": "15550100123", "id": "wamid.D", "timestamp": "1788264003", "type": "unknown",
          "errors": [{ "code": 131051, "title": "Message type unknown" }] },
        { "from": "15550100123", "id": "wamid.E", "timestamp": "1788264004" }
    ]));
    let ev = whatsapp::normalize(&raw).unwrap();
    assert_eq!(ev.len(), 5);
    assert_eq!(
        unsupported_reason(&ev[0]),
        "message type \"poll_v9\" is not supported yet"
    );
    assert_eq!(
        unsupported_reason(&ev[1]),
        "message type \"edit\" is not supported yet (the customer edited message wamid.X)"
    );
    assert!(unsupported_reason(&ev[2]).contains("\"nfm_reply\""));
    assert_eq!(
        unsupported_reason(&ev[3]),
        "message type \"unknown\" is not supported yet (WhatsApp error 131051 Message type unknown)"
    );
    assert_eq!(unsupported_reason(&ev[4]), "message has no type");
}

#[test]
fn a_malformed_message_costs_only_itself() {
    let raw = messages(json!([
        text("wamid.1", "1788264000"),
        { "from": "15550100123", "id": "wamid.2", "timestamp": "1788264001", "type": "image", "image": { "caption": "no id" } },
        { "from": "15550100123", "timestamp": "1788264002", "type": "text", "text": { "body": "no id" } },
        { "from": "15550100123", "id": "wamid.4", "timestamp": "ayer", "type": "text", "text": { "body": "bad time" } },
        { "from": "15550100123", "id": "wamid.5", "timestamp": "1788264004", "type": "text", "text": { "body": 5 } },
        { "from": "15550100123", "id": "wamid.6", "timestamp": "1788264005", "type": "reaction", "reaction": { "emoji": "👍" } },
        "not an object",
        text("wamid.8", "1788264007")
    ]));
    let report = whatsapp::normalize_report(&raw).unwrap();
    let ids: Vec<_> = report
        .events
        .iter()
        .map(|e| match e {
            InboundEvent::Message(m) => m.provider_id.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(ids, ["wamid.1", "wamid.2", "wamid.5", "wamid.6", "wamid.8"]);
    assert_eq!(
        unsupported_reason(&report.events[1]),
        "malformed \"image\" message: `image`: missing field `id`"
    );
    assert_eq!(
        unsupported_reason(&report.events[2]),
        "malformed \"text\" message: `text`: invalid type: integer `5`, expected a string"
    );
    assert!(unsupported_reason(&report.events[3]).contains("missing field `message_id`"));
    let skipped: Vec<_> = report
        .skipped
        .iter()
        .map(|s| (s.path.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            ("entry[0].changes[0].value.messages[2]", "message has no id"),
            (
                "entry[0].changes[0].value.messages[3]",
                "message wamid.4: timestamp \"ayer\" is not Unix seconds: cannot place it in time"
            ),
            (
                "entry[0].changes[0].value.messages[6]",
                "message is not a JSON object"
            ),
        ]
    );
}

#[test]
fn messages_without_an_account_are_skipped_with_the_reason() {
    let raw = body(json!({ "messages": [text("wamid.1", "1788264000")],
                            "errors": [{ "code": 131000, "title": "Something went wrong" }] }));
    let report = whatsapp::normalize_report(&raw).unwrap();
    assert_eq!(
        report.events,
        vec![InboundEvent::Error {
            account: None,
            error: bandeja_domain::inbound::ProviderError {
                code: 131000,
                title: "Something went wrong".into(),
                message: None,
                details: None,
            }
        }]
    );
    assert_eq!(report.skipped.len(), 1);
    assert!(report.skipped[0].reason.contains("phone_number_id"));
}

#[test]
fn statuses_edge_cases() {
    let raw = body(json!({ "metadata": meta(), "statuses": [
        { "id": "wamid.O1", "status": "failed", "timestamp": "1788266000", "recipient_id": "15550100123" },
        { "id": "wamid.O2", "status": "deleted", "timestamp": "1788266000" },
        { "id": "wamid.O3", "status": "read", "timestamp": 1788266000, "recipient_user_id": "US.1" },
        { "status": "sent", "timestamp": "1788266000" },
        { "id": "wamid.O5", "status": "failed", "timestamp": "1788266000", "errors": [
            { "code": 131049, "title": "first" }, { "code": 131026, "title": "second" } ] }
    ]}));
    let report = whatsapp::normalize_report(&raw).unwrap();
    let states: Vec<_> = report
        .events
        .iter()
        .map(|e| match e {
            InboundEvent::Status(s) => (s.provider_id.as_str(), s.state.clone(), s.errors.len()),
            other => panic!("{other:?}"),
        })
        .collect();
    let failed = |code, title: &str| DeliveryState::Failed {
        code,
        title: title.into(),
    };
    assert_eq!(
        states,
        [
            (
                "wamid.O1",
                failed(NO_CODE, "failed without an error from WhatsApp"),
                0
            ),
            ("wamid.O3", DeliveryState::Read, 0),
            ("wamid.O5", failed(131049, "first"), 2),
        ]
    );
    let InboundEvent::Status(s) = &report.events[1] else {
        unreachable!()
    };
    assert_eq!(s.recipient.as_deref(), Some("US.1"));
    let reasons: Vec<_> = report.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "status of wamid.O2: unknown status \"deleted\"",
            "status has no message id"
        ]
    );
}

#[test]
fn odd_but_legal_shapes() {
    let raw = body(json!({
        "metadata": meta(),
        "contacts": [{ "profile": { "name": "Ana" }, "wa_id": "15550100123" }],
        "messages": [
            { "from": "+15550100123", "id": "wamid.P", "timestamp": 1788264000, "type": "reaction",
              "reaction": { "message_id": "wamid.OUT", "emoji": "" } },
            { "from": "15550100999", "id": "wamid.Q", "timestamp": "1788264001", "type": "button",
              "button": { "text": "Sí" } },
            { "from": "15550100123", "id": "wamid.R", "timestamp": "1788264002", "type": "system",
              "system": { "type": "customer_identity_changed" } }
        ]
    }));
    let ev = whatsapp::normalize(&raw).unwrap();
    let InboundEvent::Reaction(r) = &ev[0] else {
        panic!("{:?}", ev[0])
    };
    assert_eq!(r.emoji, None, "an empty emoji is a removal");
    assert_eq!(r.from.wa_id.as_deref(), Some("15550100123"), "`+` stripped");
    assert_eq!(r.from.profile_name.as_deref(), Some("Ana"));
    let InboundEvent::Message(m) = &ev[1] else {
        panic!("{:?}", ev[1])
    };
    assert_eq!(
        m.from.profile_name, None,
        "another customer's contact is not borrowed"
    );
    assert_eq!(
        m.content,
        MessageContent::Button {
            payload: "Sí".into(),
            text: "Sí".into()
        }
    );
    let InboundEvent::IdentityChange(c) = &ev[2] else {
        panic!("{:?}", ev[2])
    };
    assert_eq!(c.new_wa_id, None);
    assert_eq!(c.body, "WhatsApp system notice: customer_identity_changed");
}

/// Size limits belong to the receiver: a 4 MiB body of valid JSON parses.
#[test]
fn a_4_mib_body_still_parses() {
    let big_text = "x".repeat(1 << 20);
    let mut msgs = vec![
        json!({ "from": "15550100123", "id": "wamid.BIG", "timestamp": "1788264000",
                                "type": "text", "text": { "body": big_text } }),
    ];
    // ~1 MiB in one text, the rest in ordinary small messages.
    let one = serde_json::to_vec(&text("wamid.000000", "1788264000"))
        .unwrap()
        .len();
    let n = (3 << 20) / one + 1;
    msgs.extend((0..n).map(|i| text(&format!("wamid.{i:06}"), "1788264000")));
    let raw = messages(Value::Array(msgs));
    assert!(raw.len() >= 4 << 20);
    let ev = whatsapp::normalize(&raw).unwrap();
    assert_eq!(ev.len(), n + 1);
    let InboundEvent::Message(m) = &ev[0] else {
        panic!()
    };
    assert_eq!(
        m.content,
        MessageContent::Text {
            body: "x".repeat(1 << 20)
        }
    );
}
