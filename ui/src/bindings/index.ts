// Generated from the Rust types by `bandeja-api` (src/bindings.rs). Do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p bandeja-api bindings

export type ChannelKind = "whatsapp" | "email";

export type AccountKind = "whatsapp_cloud" | "twilio_whatsapp" | "email_gmail" | "email_microsoft" | "email_imap";

export type AccountStatus = { "state": "active" } | { "state": "paused" } | { "state": "error", reason: string, };

export type ConversationStatus = "open" | "pending" | "snoozed" | "resolved";

export type Priority = "low" | "normal" | "high" | "urgent";

export type Direction = "inbound" | "outbound";

export type MessageKind = "text" | "image" | "video" | "audio" | "voice" | "document" | "sticker" | "location" | "contacts" | "interactive" | "button" | "reaction" | "template" | "unsupported" | "note" | "email";

export type DeliveryState = { "state": "pending" } | { "state": "sent" } | { "state": "delivered" } | { "state": "read" } | { "state": "failed", code: number, title: string, };

export type Role = "owner" | "admin" | "agent";

export type Availability = "online" | "away" | "offline";

export type View = "all_open" | "mine" | "unassigned" | "snoozed" | "resolved";

export type WindowFilter = "open" | "closed";

export type Locale = "es" | "en";

export type MemberDto = { id: number, name: string, email: string, role: Role, availability: Availability, capacity: number | null, color: string, };

export type AccountDto = { id: number, name: string, kind: AccountKind, channel: ChannelKind, address: string, status: AccountStatus, brand_id: number | null, };

export type TagDto = { id: number, name: string, description: string, color: string, };

export type BrandDto = { id: number, name: string, country: string, };

export type WorkspaceDto = { id: number, name: string, is_demo: boolean, me: MemberDto, members: Array<MemberDto>, accounts: Array<AccountDto>, tags: Array<TagDto>, brands: Array<BrandDto>, 
/**
 * The core's time when this was read: the UI's clock follows it, so the
 * window and countdowns agree with what the core will accept.
 */
now: string, };

export type Settings = { 
/**
 * `None`: follow the operating system's language.
 */
locale: Locale | null, };

export type ConversationQuery = { view: View, account_id: number | null, channel: ChannelKind | null, tag_id: number | null, assignee_id: number | null, window: WindowFilter | null, text: string | null, cursor: string | null, limit: number, };

export type ConversationSummary = { id: number, account_id: number, channel: ChannelKind, contact_id: number, contact_name: string, subject: string | null, status: ConversationStatus, priority: Priority, assignee_id: number | null, tag_ids: Array<number>, preview: string, last_kind: MessageKind, last_direction: Direction, last_message_at: string, unread: number, window_expires_at: string | null, snoozed_until: string | null, 
/**
 * The first customer message nobody answered yet.
 */
awaiting_since: string | null, 
/**
 * The response target of that wait, when the account has one.
 */
sla: SlaDto | null, };

export type ConversationPage = { items: Array<ConversationSummary>, next_cursor: string | null, };

export type CustomField = { key: string, value: string, };

export type ConversationRef = { id: number, subject: string | null, status: ConversationStatus, last_message_at: string, };

export type ContactDto = { id: number, name: string, phone: string | null, email: string | null, wa_id: string | null, tag_ids: Array<number>, custom_fields: Array<CustomField>, other_conversations: Array<ConversationRef>, };

export type ConversationDetail = { summary: ConversationSummary, contact: ContactDto, account: AccountDto, };

export type MessagesQuery = { conversation_id: number, before: string | null, limit: number, };

export type Reaction = { emoji: string, from_contact: boolean, member_id: number | null, };

export type ReplyRef = { message_id: number | null, preview: string, };

export type SharedContact = { name: string, phones: Array<string>, emails: Array<string>, };

export type MessageContent = { "type": "text", body: string, } | { "type": "media", caption: string | null, mime: string, filename: string | null, size: number | null, duration_secs: number | null, } | { "type": "location", latitude: number, longitude: number, name: string | null, address: string | null, } | { "type": "contacts", contacts: Array<SharedContact>, } | { "type": "interactive", reply_id: string, title: string, description: string | null, } | { "type": "button", payload: string, text: string, } | { "type": "reaction", target_provider_id: string, 
/**
 * `None` when the reaction was removed.
 */
emoji: string | null, } | { "type": "template", name: string, language: string, body: string, } | { "type": "unsupported", reason: string, } | { "type": "note", body: string, } | { "type": "email" } & EmailContent;

export type MessageDto = { id: number, conversation_id: number, direction: Direction, kind: MessageKind, author_member_id: number | null, 
/**
 * Sent by the app on its own (an auto-reply, a window reminder).
 */
automated: boolean, sender: string, text: string | null, created_at: string, delivery: DeliveryState | null, content: MessageContent, reactions: Array<Reaction>, reply_to: ReplyRef | null, forwarded: boolean, 
/**
 * The attachment of a media message and whether its file is here.
 */
media: MediaDto | null, };

export type MessagePage = { 
/**
 * Oldest first.
 */
items: Array<MessageDto>, 
/**
 * Cursor of the page of older messages.
 */
next_before: string | null, };

export type AccountCount = { account_id: number, unread: number, };

export type TagCount = { tag_id: number, count: number, };

export type Counts = { all_open: number, mine: number, unassigned: number, snoozed: number, resolved: number, unread_by_account: Array<AccountCount>, open_by_tag: Array<TagCount>, };

export type SearchQuery = { text: string, limit: number, };

export type SearchHit = { conversation_id: number, message_id: number | null, contact_name: string, channel: ChannelKind, 
/**
 * Matches are between U+E000 and U+E001.
 */
snippet: string, at: string, };

export type SearchResults = { hits: Array<SearchHit>, };

export type ApiError = { code: string, message: string, };

export type NoticeKind = "mentioned" | "assigned" | "sla_breached";

export type UiEvent = { "type": "conversation_changed", conversation_id: number, } | { "type": "list_changed" } | { "type": "incoming_message", conversation_id: number, message_id: number, contact_name: string, preview: string, } | { "type": "workspace_changed" } | { "type": "templates_changed" } | { "type": "notice", member_id: number, conversation_id: number, kind: NoticeKind, text: string, };

export type ConversationIdInput = { id: number, };

export type LocaleInput = { locale: Locale | null, };

export type SendMessageInput = { conversation_id: number, text: string, 
/**
 * The id of the message this one answers, if any.
 */
reply_to_message_id: number | null, };

export type MessageRef = { id: number, };

export type MessageIdInput = { message_id: number, };

export type AccountIdInput = { account_id: number, };

export type SendTemplateInput = { conversation_id: number, template_id: number, 
/**
 * Values for `{{1}}`…`{{n}}` of the body, in order.
 */
params: Array<string>, };

export type SendMediaInput = { conversation_id: number, filename: string, mime: string, 
/**
 * The file's bytes, base64.
 */
data_base64: string, caption: string | null, reply_to_message_id: number | null, };

export type ReactInput = { message_id: number, 
/**
 * `null` removes the reaction.
 */
emoji: string | null, };

export type MediaDto = { 
/**
 * `pending` (downloading), `ready` or `failed`.
 */
state: string, mime: string, size: number | null, error: string | null, };

export type WaTemplateDto = { id: number, account_id: number, name: string, language: string, 
/**
 * MARKETING, UTILITY or AUTHENTICATION.
 */
category: string, 
/**
 * APPROVED, PENDING, REJECTED, PAUSED, DISABLED, …
 */
status: string, reason: string | null, quality: string | null, header: string | null, body: string, footer: string | null, buttons: Array<string>, 
/**
 * How many values a send needs (body, then text header, then URL buttons).
 */
param_count: number, 
/**
 * What each value is, in order: a body placeholder (`1`, `nombre`), the
 * header's, or a URL button's label.
 */
param_names: Array<string>, 
/**
 * `IMAGE`, `VIDEO`, `DOCUMENT`…: the header needs a file, which the
 * picker cannot send yet.
 */
media_header: string | null, updated_at: string, };

export type WaTemplateList = { items: Array<WaTemplateDto>, synced_at: string | null, 
/**
 * Different customers this number started conversations with in the
 * last 24 h (templates sent outside the window).
 */
business_initiated_24h: number, 
/**
 * Its tier's limit (`null`: unlimited or unknown).
 */
messaging_limit: number | null, };

export type TemplateCategory = "marketing" | "utility" | "authentication";

export type TemplateHeader = { "format": "text", text: string, example: string | null, } | { "format": "image", example_handle: string | null, } | { "format": "video", example_handle: string | null, } | { "format": "document", example_handle: string | null, };

export type TemplateButton = { "type": "quick_reply", text: string, } | { "type": "url", text: string, url: string, example: string | null, } | { "type": "phone_number", text: string, phone_number: string, };

export type TemplateDraft = { 
/**
 * Lowercase letters, digits and `_`.
 */
name: string, 
/**
 * Meta's locale code, e.g. `es`, `es_MX`, `en_US`.
 */
language: string, category: TemplateCategory, header: TemplateHeader | null, 
/**
 * With `{{1}}`…`{{n}}` placeholders.
 */
body: string, 
/**
 * One sample value per body placeholder, in order (for Meta's review).
 */
body_examples: Array<string>, footer: string | null, buttons: Array<TemplateButton>, };

export type TemplateProblem = { 
/**
 * `name`, `body`, `header.text`, `buttons[2].text`, …
 */
field: string, 
/**
 * Stable machine code, e.g. `name_invalid`, `too_many_quick_replies`.
 */
code: string, 
/**
 * One English sentence for logs and as a fallback label.
 */
message: string, };

export type SubmitTemplateInput = { account_id: number, draft: TemplateDraft, };

export type TemplateCheck = { problems: Array<TemplateProblem>, 
/**
 * The body with the sample values filled in.
 */
preview: string, };

export type WhatsappConnectInput = { app_id: string, app_secret: string, waba_id: string, phone_number_id: string, access_token: string, };

export type ReconnectInput = { account_id: number, access_token: string, };

export type PhoneNumberDto = { id: string, display_phone_number: string, verified_name: string, 
/**
 * GREEN, YELLOW, RED or UNKNOWN.
 */
quality_rating: string | null, 
/**
 * e.g. TIER_1K, TIER_UNLIMITED (Meta's `whatsapp_business_manager_messaging_limit`).
 */
messaging_limit_tier: string | null, 
/**
 * VERIFIED, NOT_VERIFIED or EXPIRED.
 */
code_verification_status: string | null, 
/**
 * The display name's review: APPROVED, PENDING_REVIEW, DECLINED…
 */
name_status: string | null, 
/**
 * CONNECTED, PENDING, …
 */
status: string | null, };

export type PhoneNumbers = { items: Array<PhoneNumberDto>, };

export type ConnectionDto = { account_id: number, app_id: string, waba_id: string, phone_number_id: string, 
/**
 * What to type in Meta's webhook settings.
 */
verify_token: string, 
/**
 * Where Meta must post webhooks, when this computer receives them itself.
 */
callback_url: string | null, connected_here: boolean, 
/**
 * Where the token and app secret are kept ("the system keychain", …).
 */
secrets_backend: string, 
/**
 * The last webhook received for this number since Bandeja started
 * (`null`: none yet — Meta's settings may not point here).
 */
last_event_at: string | null, };

export type BusinessProfile = { about: string | null, address: string | null, description: string | null, email: string | null, websites: Array<string>, vertical: string | null, 
/**
 * Read-only; the picture is changed through an upload handle.
 */
profile_picture_url: string | null, };

export type ProfileProblem = { 
/**
 * `about`, `email`, `websites[1]`, …
 */
field: string, 
/**
 * Stable machine code, e.g. `about_too_long`.
 */
code: string, 
/**
 * One English sentence.
 */
message: string, };

export type UpdateProfileInput = { account_id: number, profile: BusinessProfile, };

export type RelayStateDto = "not_enrolled" | "connecting" | "connected" | "waiting_for_numbers" | "paused" | "revoked";

export type RelayDto = { state: RelayStateDto, url: string | null, device_id: string | null, last_error: string | null, 
/**
 * Envelopes come by HTTP long-polls: a proxy on the way blocks WebSockets.
 */
long_polling: boolean, 
/**
 * When this desktop last took an envelope from the relay (since start).
 */
last_event_at: string | null, last_acked_seq: number, 
/**
 * What to paste into Meta's webhook settings, when the relay said.
 */
meta_callback_url: string | null, meta_verify_token: string | null, 
/**
 * Envelopes waiting on the relay for this desktop, when known.
 */
backlog: number | null, 
/**
 * Envelopes that could not be verified or read and were skipped.
 */
rejected: number, 
/**
 * Where the device token is kept ("the system keychain", …).
 */
secrets_backend: string, };

export type EnrollRelayInput = { url: string, code: string, 
/**
 * How the relay's operator will see this desktop; the computer's name
 * when absent.
 */
device_name: string | null, };

export type EmailPerson = { name: string | null, address: string, };

export type EmailAttachment = { index: number, name: string, mime: string, size: number, 
/**
 * Shown inside the HTML (`cid:`), not listed.
 */
inline: boolean, };

export type EmailContent = { subject: string, from: EmailPerson | null, to: Array<EmailPerson>, cc: Array<EmailPerson>, 
/**
 * The plain text written in this message (the text part, or the
 * HTML's text), without the quoted history.
 */
text: string, 
/**
 * The quoted history under it ("On … wrote:" and `>` lines), folded
 * in the UI; empty when there is none.
 */
quoted: string, has_html: boolean, attachments: Array<EmailAttachment>, };

export type MailSecurity = "tls" | "start_tls" | "none";

export type MailServerDto = { host: string, port: number, security: MailSecurity, };

export type EmailAccountInput = { 
/**
 * The address customers write to.
 */
address: string, 
/**
 * The name recipients see ("Taller Ruiz").
 */
sender_name: string, imap: MailServerDto, smtp: MailServerDto, 
/**
 * Usually the address.
 */
username: string, 
/**
 * The password or app password (kept in the OS keychain).
 */
password: string, 
/**
 * How far back the first sync reaches (default 30 days).
 */
sync_days: number | null, };

export type MailStep = "dns" | "tcp" | "tls" | "auth" | "capability" | "protocol";

export type MailCheck = { ok: boolean, 
/**
 * The step that failed.
 */
failed_step: MailStep | null, 
/**
 * The server's or the system's words.
 */
message: string | null, };

export type EmailProbeDto = { ok: boolean, imap: MailCheck, smtp: MailCheck, };

export type EmailAccountDto = { account_id: number, 
/**
 * `email_imap`, `email_gmail` or `email_microsoft`.
 */
kind: string, address: string, sender_name: string, imap: MailServerDto, smtp: MailServerDto, username: string, 
/**
 * `active`, `paused` or `error`.
 */
status: string, status_reason: string | null, 
/**
 * `connecting`, `syncing`, `idle` (waiting for mail), `offline`.
 */
sync_state: string, 
/**
 * Messages stored from this account.
 */
messages: number, last_sync_at: string | null, signature_html: string, };

export type EmailAccounts = { accounts: Array<EmailAccountDto>, };

export type SignatureInput = { account_id: number, 
/**
 * Rich HTML (sanitized when saved); images as `data:` URLs.
 */
html: string, };

export type ReconnectEmailInput = { account_id: number, password: string, };

export type EmailHtmlDto = { html: string, 
/**
 * Remote images left out (the "load remote images" bar).
 */
blocked_remote_images: number, 
/**
 * The sender whose remote images can be allowed.
 */
sender: string, 
/**
 * `cid:` images of the HTML and the attachment each one is.
 */
inline: Array<InlinePart>, };

export type InlinePart = { content_id: string, index: number, };

export type EmailHtmlInput = { message_id: number, 
/**
 * Show remote images of this message once, without remembering.
 */
load_remote: boolean, };

export type SenderInput = { sender: string, };

export type EmailAnswer = "reply" | "reply_all" | "forward";

export type EmailFileInput = { filename: string, mime: string, data_base64: string, };

export type EmailDraftDto = { to: Array<string>, cc: Array<string>, subject: string, };

export type EmailDraftInput = { 
/**
 * The message answered.
 */
message_id: number, answer: EmailAnswer, };

export type SendEmailInput = { conversation_id: number, 
/**
 * The message answered (the latest one when `null`).
 */
message_id: number | null, answer: EmailAnswer, to: Array<string>, cc: Array<string>, 
/**
 * What the member wrote, as plain text.
 */
text: string, 
/**
 * The same with formatting, when the composer has it.
 */
html: string | null, attachments: Array<EmailFileInput>, 
/**
 * Append the account's signature.
 */
signature: boolean, };

export type OAuthProviderDto = "google" | "microsoft";

export type EmailOAuthInput = { provider: OAuthProviderDto, address: string, sender_name: string, sync_days: number | null, 
/**
 * Other servers than the provider's (a tenant's own host; tests).
 */
imap: MailServerDto | null, smtp: MailServerDto | null, 
/**
 * Open the sign-in page in the system browser (the desktop app); the
 * browser UI opens it itself.
 */
open_browser: boolean, };

export type OAuthStartDto = { flow_id: string, 
/**
 * The provider's sign-in page.
 */
url: string, };

export type OAuthFlowInput = { flow_id: string, };

export type SlaDto = { due_at: string, 
/**
 * When the warning starts (due − the account's warning minutes).
 */
warn_at: string, breached: boolean, };

export type TeamMemberDto = { member: MemberDto, 
/**
 * Accounts this member may see and answer (ACC-4).
 */
account_ids: Array<number>, is_me: boolean, };

export type TeamDto = { members: Array<TeamMemberDto>, 
/**
 * Whether the member using the app may change the team and its rules.
 */
can_manage: boolean, };

export type MemberInput = { 
/**
 * `null` adds a member.
 */
id: number | null, name: string, email: string, role: Role, availability: Availability, capacity: number | null, account_ids: Array<number>, };

export type MemberIdInput = { member_id: number, };

export type AvailabilityInput = { availability: Availability, };

export type OpeningDto = { weekday: number, opens: string, closes: string, };

export type SpanDto = { opens: string, closes: string, };

export type HolidayDto = { date: string, spans: Array<SpanDto>, };

export type HoursDto = { 
/**
 * IANA zone, e.g. "Europe/Madrid".
 */
timezone: string, openings: Array<OpeningDto>, holidays: Array<HolidayDto>, };

export type AssignRule = { "type": "salesperson" } | { "type": "custom_field", field: string, } | { "type": "last_handler" } | { "type": "rotation" } | { "type": "brand" } | { "type": "random" };

export type Fallback = { "type": "next" } | { "type": "unassigned" } | { "type": "member", member_id: number, };

export type AssignStep = { rule: AssignRule, fallback: Fallback, };

export type AutoReplySettings = { enabled: boolean, 
/**
 * Texts per trigger; `None` or blank = that trigger is off.
 */
outside_hours: string | null, first_contact: string | null, always: string | null, 
/**
 * At most one automatic answer per contact in this many hours.
 */
period_hours: number, };

export type ReminderSettings = { enabled: boolean, template_id: number | null, params: Array<string>, };

export type SlaTargets = { enabled: boolean, first_response_minutes: number | null, next_response_minutes: number | null, 
/**
 * How long before the deadline a conversation shows the warning.
 */
warn_minutes: number, };

export type AutomationDto = { account_id: number, 
/**
 * `null`: always open.
 */
hours: HoursDto | null, assignment: Array<AssignStep>, auto_reply: AutoReplySettings, reminder: ReminderSettings, auto_close: boolean, sla: SlaTargets, 
/**
 * Read-only: whether the account is open now, and when it opens next.
 */
open_now: boolean, next_open: string | null, };

export type AssignInput = { conversation_id: number, 
/**
 * `null` leaves it unassigned.
 */
member_id: number | null, };

export type StatusInput = { conversation_id: number, status: ConversationStatus, 
/**
 * Required for `snoozed` (RFC 3339).
 */
snoozed_until: string | null, };

export type PriorityInput = { conversation_id: number, priority: Priority, };

export type HoursFilter = "all" | "in_hours" | "out_of_hours";

export type Times = { count: number, median_secs: number | null, mean_secs: number | null, };

export type Figures = { conversations: number, resolved: number, first_response: Times, resolution: Times, };

export type ReportQuery = { 
/**
 * RFC 3339; conversations started in `[from, to)`.
 */
from: string, to: string, hours: HoursFilter, };

export type ChannelFigures = { channel: ChannelKind, figures: Figures, };

export type MemberFigures = { 
/**
 * `null` = unassigned.
 */
member_id: number | null, figures: Figures, };

export type TagFigures = { tag_id: number, figures: Figures, };

export type ReportDto = { total: Figures, by_channel: Array<ChannelFigures>, by_member: Array<MemberFigures>, by_tag: Array<TagFigures>, };

export type TemplateType = "start" | "reply" | "window";

export type TagInput = { name: string, description: string, 
/**
 * "#rrggbb"
 */
color: string, };

export type TagIdInput = { tag_id: number, };

export type TagConversationInput = { conversation_id: number, tag_id: number, 
/**
 * `true` puts it on, `false` takes it off.
 */
on: boolean, };

export type TagEventDto = { tag_id: number, 
/**
 * The name it had (kept for deleted tags).
 */
tag_name: string, added: boolean, member_id: number | null, at: string, };

export type SavedViewDto = { 
/**
 * `null` saves a new view.
 */
id: number | null, name: string, query: ConversationQuery, };

export type ViewIdInput = { view_id: number, };

export type TemplateDto = { 
/**
 * `0` adds a template.
 */
id: number, 
/**
 * `null`: shared by every account.
 */
account_id: number | null, name: string, 
/**
 * Text with `{{customer_name}}`, `{{company_name}}`, `{{user_name}}`,
 * `{{quote_number}}` or a contact field's name.
 */
content: string, template_type: TemplateType, tag_ids: Array<number>, 
/**
 * Read-only: the variables the content uses.
 */
variables: Array<string>, };

export type TemplateQuery = { account_id: number | null, template_type: TemplateType | null, tag_id: number | null, text: string | null, };

export type TemplateIdInput = { template_id: number, };

export type VariableValue = { name: string, value: string, };

export type RenderTemplateInput = { template_id: number, conversation_id: number, 
/**
 * Values typed in the composer for variables the app cannot know.
 */
values: Array<VariableValue>, };

export type RenderedTemplate = { text: string, };

export type NoteInput = { conversation_id: number, body: string, };

export type NumberUsage = { account_id: number, 
/**
 * Different customers reached outside the window in the last 24 h.
 */
business_initiated_24h: number, 
/**
 * The number's messaging tier, when known.
 */
tier_limit: number | null, };

export type UsageDto = { conversations_this_month: number, 
/**
 * `null`: no plan limit set.
 */
plan_limit: number | null, numbers: Array<NumberUsage>, };

export type PlanLimitInput = { limit: number | null, };

export type StartConversationInput = { contact_id: number, 
/**
 * The account to write from ("From").
 */
account_id: number, };

export type BrandInput = { 
/**
 * `null` adds a brand.
 */
id: number | null, name: string, 
/**
 * ISO 3166-1 alpha-2, e.g. "ES".
 */
country: string, member_ids: Array<number>, };

export type BrandIdInput = { brand_id: number, };

export type BrandDetail = { brand: BrandDto, member_ids: Array<number>, 
/**
 * Accounts of this brand.
 */
account_ids: Array<number>, };

export interface Api {
  get_workspace: { input: null, output: WorkspaceDto };
  open_demo_workspace: { input: null, output: WorkspaceDto };
  close_demo_workspace: { input: null, output: WorkspaceDto };
  list_conversations: { input: ConversationQuery, output: ConversationPage };
  get_conversation: { input: ConversationIdInput, output: ConversationDetail };
  list_messages: { input: MessagesQuery, output: MessagePage };
  mark_read: { input: ConversationIdInput, output: null };
  counts: { input: null, output: Counts };
  search: { input: SearchQuery, output: SearchResults };
  get_settings: { input: null, output: Settings };
  set_locale: { input: LocaleInput, output: Settings };
  send_message: { input: SendMessageInput, output: MessageRef };
  send_template: { input: SendTemplateInput, output: MessageRef };
  send_media: { input: SendMediaInput, output: MessageRef };
  react: { input: ReactInput, output: null };
  retry_message: { input: MessageIdInput, output: null };
  retry_media: { input: MessageIdInput, output: null };
  list_wa_templates: { input: AccountIdInput, output: WaTemplateList };
  sync_wa_templates: { input: AccountIdInput, output: WaTemplateList };
  check_wa_template: { input: TemplateDraft, output: TemplateCheck };
  submit_wa_template: { input: SubmitTemplateInput, output: WaTemplateList };
  test_whatsapp: { input: WhatsappConnectInput, output: PhoneNumberDto };
  connect_whatsapp: { input: WhatsappConnectInput, output: ConnectionDto };
  reconnect_whatsapp: { input: ReconnectInput, output: ConnectionDto };
  get_connection: { input: AccountIdInput, output: ConnectionDto };
  get_business_profile: { input: AccountIdInput, output: BusinessProfile };
  update_business_profile: { input: UpdateProfileInput, output: BusinessProfile };
  list_phone_numbers: { input: AccountIdInput, output: PhoneNumbers };
  get_relay: { input: null, output: RelayDto };
  enroll_relay: { input: EnrollRelayInput, output: RelayDto };
  reconnect_relay: { input: null, output: RelayDto };
  forget_relay: { input: null, output: RelayDto };
  test_email_account: { input: EmailAccountInput, output: EmailProbeDto };
  connect_email_account: { input: EmailAccountInput, output: EmailAccountDto };
  start_email_oauth: { input: EmailOAuthInput, output: OAuthStartDto };
  finish_email_oauth: { input: OAuthFlowInput, output: EmailAccountDto };
  list_email_accounts: { input: null, output: EmailAccounts };
  get_email_account: { input: AccountIdInput, output: EmailAccountDto };
  set_email_signature: { input: SignatureInput, output: EmailAccountDto };
  reconnect_email_account: { input: ReconnectEmailInput, output: EmailAccountDto };
  get_email_html: { input: EmailHtmlInput, output: EmailHtmlDto };
  allow_remote_images: { input: SenderInput, output: null };
  email_draft: { input: EmailDraftInput, output: EmailDraftDto };
  send_email: { input: SendEmailInput, output: MessageRef };
  list_team: { input: null, output: TeamDto };
  save_member: { input: MemberInput, output: TeamDto };
  delete_member: { input: MemberIdInput, output: TeamDto };
  set_availability: { input: AvailabilityInput, output: null };
  get_automation: { input: AccountIdInput, output: AutomationDto };
  set_automation: { input: AutomationDto, output: AutomationDto };
  assign_conversation: { input: AssignInput, output: null };
  set_status: { input: StatusInput, output: null };
  set_priority: { input: PriorityInput, output: null };
  get_report: { input: ReportQuery, output: ReportDto };
  create_tag: { input: TagInput, output: TagDto };
  update_tag: { input: TagDto, output: null };
  delete_tag: { input: TagIdInput, output: null };
  tag_conversation: { input: TagConversationInput, output: null };
  tag_history: { input: ConversationIdInput, output: Array<TagEventDto> };
  list_views: { input: null, output: Array<SavedViewDto> };
  save_view: { input: SavedViewDto, output: Array<SavedViewDto> };
  delete_view: { input: ViewIdInput, output: Array<SavedViewDto> };
  list_templates: { input: TemplateQuery, output: Array<TemplateDto> };
  save_template: { input: TemplateDto, output: TemplateDto };
  delete_template: { input: TemplateIdInput, output: null };
  render_template: { input: RenderTemplateInput, output: RenderedTemplate };
  add_note: { input: NoteInput, output: MessageRef };
  get_usage: { input: null, output: UsageDto };
  set_plan_limit: { input: PlanLimitInput, output: UsageDto };
  start_conversation: { input: StartConversationInput, output: ConversationIdInput };
  list_brands: { input: null, output: Array<BrandDetail> };
  save_brand: { input: BrandInput, output: Array<BrandDetail> };
  delete_brand: { input: BrandIdInput, output: Array<BrandDetail> };
}

export const PROFILE_LIMITS = { about: 139, address: 256, description: 512, email: 128, website: 256 } as const;
export const MAX_WEBSITES = 2;
export const VERTICALS = ["ALCOHOL", "APPAREL", "AUTO", "BEAUTY", "EDU", "ENTERTAIN", "EVENT_PLAN", "FINANCE", "GOVT", "GROCERY", "HEALTH", "HOTEL", "NONPROFIT", "ONLINE_GAMBLING", "OTC_DRUGS", "OTHER", "PHYSICAL_GAMBLING", "PROF_SERVICES", "RESTAURANT", "RETAIL", "TRAVEL"] as const;
export const TEMPLATE_LIMITS = { name: 512, headerText: 60, body: 1024, footer: 60, quickReplies: 3, quickReplyText: 20, buttonText: 25, url: 2000, phone: 20 } as const;

export const TIME_ZONES = ["Europe/Madrid", "Atlantic/Canary", "America/Mexico_City", "America/Bogota", "America/Lima", "America/Santiago", "America/Argentina/Buenos_Aires", "America/Sao_Paulo", "America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London", "Europe/Lisbon", "UTC"] as const;
