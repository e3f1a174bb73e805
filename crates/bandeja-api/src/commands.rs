//! The command table: one line per command gives both the runtime dispatch
//! (used by the Tauri shell and the dev bridge alike) and the `Api` map of
//! the TypeScript bindings, so the two can never disagree.

use bandeja_core::Core;
use serde_json::Value;

use crate::dto::*;
use crate::{ops, ApiError};

/// `Unit` stands for "no input" (JSON `null`).
pub type Unit = ();

fn parse<T: serde::de::DeserializeOwned>(cmd: &str, input: Value) -> Result<T, ApiError> {
    serde_json::from_value(input).map_err(|e| ApiError::bad_input(format!("{cmd}: {e}")))
}

fn out<T: serde::Serialize>(v: T) -> Result<Value, ApiError> {
    serde_json::to_value(v).map_err(|e| ApiError::new("internal", e.to_string()))
}

macro_rules! commands {
    ($( $name:ident : $input:tt => $output:tt ),+ $(,)?) => {
        /// Every command name, in table order.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),+];

        /// Run command `cmd` with its JSON input.
        pub async fn call(core: &Core, cmd: &str, input: Value) -> Result<Value, ApiError> {
            match cmd {
                $(stringify!($name) => {
                    let input: $input = parse(cmd, input)?;
                    out(commands!(@invoke core, $name, input, $input)?)
                })+
                other => Err(ApiError::unknown_command(other)),
            }
        }

        /// The `Api` interface of the TypeScript bindings.
        pub(crate) fn api_interface(cfg: &ts_rs::Config) -> String {
            let mut s = String::from("export interface Api {\n");
            $(
                s.push_str(&format!(
                    "  {}: {{ input: {}, output: {} }};\n",
                    stringify!($name),
                    commands!(@ts cfg, $input),
                    commands!(@ts cfg, $output),
                ));
            )+
            s.push_str("}\n");
            s
        }
    };
    (@invoke $core:ident, $name:ident, $input:ident, Unit) => { { let () = $input; ops::$name($core).await } };
    (@invoke $core:ident, $name:ident, $input:ident, $t:tt) => { ops::$name($core, $input).await };
    (@ts $cfg:ident, Unit) => { "null".to_string() };
    (@ts $cfg:ident, $t:tt) => { <$t as ts_rs::TS>::name($cfg) };
}

commands! {
    get_workspace: Unit => WorkspaceDto,
    open_demo_workspace: Unit => WorkspaceDto,
    close_demo_workspace: Unit => WorkspaceDto,
    list_conversations: ConversationQuery => ConversationPage,
    get_conversation: ConversationIdInput => ConversationDetail,
    list_messages: MessagesQuery => MessagePage,
    mark_read: ConversationIdInput => Unit,
    counts: Unit => Counts,
    search: SearchQuery => SearchResults,
    get_settings: Unit => Settings,
    set_locale: LocaleInput => Settings,
    send_message: SendMessageInput => MessageRef,
    send_template: SendTemplateInput => MessageRef,
    send_media: SendMediaInput => MessageRef,
    react: ReactInput => Unit,
    retry_message: MessageIdInput => Unit,
    retry_media: MessageIdInput => Unit,
    list_wa_templates: AccountIdInput => WaTemplateList,
    sync_wa_templates: AccountIdInput => WaTemplateList,
    check_wa_template: TemplateDraft => TemplateCheck,
    submit_wa_template: SubmitTemplateInput => WaTemplateList,
    test_whatsapp: WhatsappConnectInput => PhoneNumberDto,
    connect_whatsapp: WhatsappConnectInput => ConnectionDto,
    reconnect_whatsapp: ReconnectInput => ConnectionDto,
    get_connection: AccountIdInput => ConnectionDto,
    get_business_profile: AccountIdInput => BusinessProfile,
    update_business_profile: UpdateProfileInput => BusinessProfile,
    list_phone_numbers: AccountIdInput => PhoneNumbers,
    get_relay: Unit => RelayDto,
    enroll_relay: EnrollRelayInput => RelayDto,
    reconnect_relay: Unit => RelayDto,
    forget_relay: Unit => RelayDto,
    test_email_account: EmailAccountInput => EmailProbeDto,
    connect_email_account: EmailAccountInput => EmailAccountDto,
    start_email_oauth: EmailOAuthInput => OAuthStartDto,
    finish_email_oauth: OAuthFlowInput => EmailAccountDto,
    list_email_accounts: Unit => EmailAccounts,
    get_email_account: AccountIdInput => EmailAccountDto,
    set_email_signature: SignatureInput => EmailAccountDto,
    reconnect_email_account: ReconnectEmailInput => EmailAccountDto,
    get_email_html: EmailHtmlInput => EmailHtmlDto,
    allow_remote_images: SenderInput => Unit,
    email_draft: EmailDraftInput => EmailDraftDto,
    send_email: SendEmailInput => MessageRef,
    list_team: Unit => TeamDto,
    save_member: MemberInput => TeamDto,
    delete_member: MemberIdInput => TeamDto,
    set_availability: AvailabilityInput => Unit,
    get_automation: AccountIdInput => AutomationDto,
    set_automation: AutomationDto => AutomationDto,
    assign_conversation: AssignInput => Unit,
    set_status: StatusInput => Unit,
    set_priority: PriorityInput => Unit,
    get_report: ReportQuery => ReportDto,
    create_tag: TagInput => TagDto,
    update_tag: TagDto => Unit,
    delete_tag: TagIdInput => Unit,
    tag_conversation: TagConversationInput => Unit,
    tag_history: ConversationIdInput => TagEvents,
    list_views: Unit => SavedViews,
    save_view: SavedViewDto => SavedViews,
    delete_view: ViewIdInput => SavedViews,
    list_templates: TemplateQuery => Templates,
    save_template: TemplateDto => TemplateDto,
    delete_template: TemplateIdInput => Unit,
    render_template: RenderTemplateInput => RenderedTemplate,
    add_note: NoteInput => MessageRef,
    get_usage: Unit => UsageDto,
    set_plan_limit: PlanLimitInput => UsageDto,
    start_conversation: StartConversationInput => ConversationIdInput,
    list_brands: Unit => Brands,
    save_brand: BrandInput => Brands,
    delete_brand: BrandIdInput => Brands,
}
