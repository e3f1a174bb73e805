//! Generates `ui/src/bindings/index.ts` from the Rust types. The test
//! `bindings_are_fresh` fails when the committed file differs; run
//! `UPDATE_BINDINGS=1 cargo test -p bandeja-api bindings` to rewrite it.

use ts_rs::{Config, TS};

use crate::dto::*;
use crate::ApiError;

fn config() -> Config {
    // ids and counts fit in a JS number
    Config::new().with_large_int("number")
}

macro_rules! decls {
    ($cfg:ident; $($t:ty),+ $(,)?) => {
        vec![$(format!("export {}", <$t as TS>::decl($cfg))),+]
    };
}

/// The whole bindings file.
pub fn typescript() -> String {
    let cfg = &config();
    let decls: Vec<String> = decls![cfg;
        ChannelKind, AccountKind, AccountStatus, ConversationStatus, Priority, Direction,
        MessageKind, DeliveryState, Role, Availability, View, WindowFilter, Locale,
        MemberDto, AccountDto, TagDto, BrandDto, WorkspaceDto, Settings, ConversationQuery,
        ConversationSummary, ConversationPage, CustomField, ConversationRef, ContactDto,
        ConversationDetail, MessagesQuery, Reaction, ReplyRef, SharedContact, MessageContent,
        MessageDto, MessagePage, AccountCount, TagCount, Counts, SearchQuery, SearchHit,
        SearchResults, ApiError, UiEvent, ConversationIdInput, LocaleInput, SendMessageInput,
        MessageRef, MessageIdInput, AccountIdInput, SendTemplateInput, SendMediaInput, ReactInput,
        MediaDto, WaTemplateDto, WaTemplateList, TemplateCategory, TemplateHeader, TemplateButton,
        TemplateDraft, TemplateProblem, SubmitTemplateInput, TemplateCheck, WhatsappConnectInput,
        ReconnectInput, PhoneNumberDto, PhoneNumbers, ConnectionDto, BusinessProfile,
        ProfileProblem, UpdateProfileInput,
    ];
    let mut s = String::from(
        "// Generated from the Rust types by `bandeja-api` (src/bindings.rs). Do not edit.\n\
         // Regenerate: UPDATE_BINDINGS=1 cargo test -p bandeja-api bindings\n\n",
    );
    for d in decls {
        s.push_str(d.trim_end());
        if !d.trim_end().ends_with(';') {
            s.push(';');
        }
        s.push_str("\n\n");
    }
    s.push_str(&crate::commands::api_interface(cfg));
    s
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn bindings_are_fresh() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings/index.ts");
        let want = super::typescript();
        if std::env::var("UPDATE_BINDINGS").is_ok() {
            std::fs::write(&path, &want).expect("write bindings");
            return;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "ui/src/bindings/index.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p bandeja-api bindings`"
        );
    }
}
