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
        SearchResults, ApiError, NoticeKind, UiEvent, ConversationIdInput, LocaleInput, SendMessageInput,
        MessageRef, MessageIdInput, AccountIdInput, SendTemplateInput, SendMediaInput, ReactInput,
        MediaDto, WaTemplateDto, WaTemplateList, TemplateCategory, TemplateHeader, TemplateButton,
        TemplateDraft, TemplateProblem, SubmitTemplateInput, TemplateCheck, WhatsappConnectInput,
        ReconnectInput, PhoneNumberDto, PhoneNumbers, ConnectionDto, BusinessProfile,
        ProfileProblem, UpdateProfileInput, RelayStateDto, RelayDto, EnrollRelayInput,
        EmailPerson, EmailAttachment, EmailContent, MailSecurity, MailServerDto,
        EmailAccountInput, MailStep, MailCheck, EmailProbeDto, EmailAccountDto, EmailAccounts,
        SignatureInput, ReconnectEmailInput, EmailHtmlDto, InlinePart, EmailHtmlInput, SenderInput, EmailAnswer, EmailFileInput,
        EmailDraftDto, EmailDraftInput, SendEmailInput, OAuthProviderDto, EmailOAuthInput,
        OAuthStartDto, OAuthFlowInput, SlaDto, TeamMemberDto, TeamDto, MemberInput, MemberIdInput,
        AvailabilityInput, OpeningDto, SpanDto, HolidayDto, HoursDto, AssignRule, Fallback,
        AssignStep, AutoReplySettings, ReminderSettings, SlaTargets, AutomationDto, AssignInput,
        StatusInput, PriorityInput, HoursFilter, Times, Figures, ReportQuery, ChannelFigures,
        MemberFigures, TagFigures, ReportDto, TemplateType, TagInput, TagIdInput,
        TagConversationInput, TagEventDto, SavedViewDto, ViewIdInput, TemplateDto, TemplateQuery,
        TemplateIdInput, VariableValue, RenderTemplateInput, RenderedTemplate, NoteInput,
        NumberUsage, UsageDto, PlanLimitInput, StartConversationInput, BrandInput, BrandIdInput,
        BrandDetail,
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
    s.push_str(&profile_rules());
    s.push_str(&template_limits());
    s.push_str(&time_zones());
    s
}

/// The zones the business-hours editor offers first.
fn time_zones() -> String {
    let zones: Vec<String> = crate::dto::ZONES
        .iter()
        .map(|z| format!("\"{z}\""))
        .collect();
    format!(
        "\nexport const TIME_ZONES = [{}] as const;\n",
        zones.join(", ")
    )
}

/// Meta's template limits (as Bandeja applies them), from `bandeja_domain`,
/// for the editor's live counters; the core's check has the last word.
fn template_limits() -> String {
    use bandeja_domain::wa_template as t;
    format!(
        "export const TEMPLATE_LIMITS = {{ name: {}, headerText: {}, body: {}, footer: {}, quickReplies: {}, \
         quickReplyText: {}, buttonText: {}, url: {}, phone: {} }} as const;\n",
        t::NAME_MAX,
        t::HEADER_TEXT_MAX,
        t::BODY_MAX,
        t::FOOTER_MAX,
        t::MAX_QUICK_REPLIES,
        t::QUICK_REPLY_TEXT_MAX,
        t::BUTTON_TEXT_MAX,
        t::URL_MAX,
        t::PHONE_MAX,
    )
}

/// Meta's business-profile limits and industries, from `bandeja_domain`, so
/// the editor's live counters and choices never disagree with the core.
fn profile_rules() -> String {
    use bandeja_domain::wa_profile as p;
    let verticals: Vec<String> = p::VERTICALS
        .iter()
        .filter(|v| !v.is_empty())
        .map(|v| format!("\"{v}\""))
        .collect();
    format!(
        "\nexport const PROFILE_LIMITS = {{ about: {}, address: {}, description: {}, email: {}, website: {} }} as const;\n\
         export const MAX_WEBSITES = {};\n\
         export const VERTICALS = [{}] as const;\n",
        p::ABOUT_MAX,
        p::ADDRESS_MAX,
        p::DESCRIPTION_MAX,
        p::EMAIL_MAX,
        p::WEBSITE_MAX,
        p::MAX_WEBSITES,
        verticals.join(", "),
    )
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
