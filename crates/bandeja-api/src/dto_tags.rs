//! Tags, saved views, the business's templates and private notes across
//! the UI boundary.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use bandeja_domain::TemplateType;

use crate::dto::ConversationQuery;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TagInput {
    pub name: String,
    pub description: String,
    /// "#rrggbb"
    pub color: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TagIdInput {
    pub tag_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TagConversationInput {
    pub conversation_id: i64,
    pub tag_id: i64,
    /// `true` puts it on, `false` takes it off.
    pub on: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TagEventDto {
    pub tag_id: i64,
    /// The name it had (kept for deleted tags).
    pub tag_name: String,
    pub added: bool,
    pub member_id: Option<i64>,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SavedViewDto {
    /// `null` saves a new view.
    pub id: Option<i64>,
    pub name: String,
    pub query: ConversationQuery,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ViewIdInput {
    pub view_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateDto {
    /// `0` adds a template.
    pub id: i64,
    /// `null`: shared by every account.
    pub account_id: Option<i64>,
    pub name: String,
    /// Text with `{{customer_name}}`, `{{company_name}}`, `{{user_name}}`,
    /// `{{quote_number}}` or a contact field's name.
    pub content: String,
    pub template_type: TemplateType,
    pub tag_ids: Vec<i64>,
    /// Read-only: the variables the content uses.
    pub variables: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateQuery {
    pub account_id: Option<i64>,
    pub template_type: Option<TemplateType>,
    pub tag_id: Option<i64>,
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateIdInput {
    pub template_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VariableValue {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RenderTemplateInput {
    pub template_id: i64,
    pub conversation_id: i64,
    /// Values typed in the composer for variables the app cannot know.
    pub values: Vec<VariableValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RenderedTemplate {
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NoteInput {
    pub conversation_id: i64,
    pub body: String,
}

pub type TagEvents = Vec<TagEventDto>;
pub type SavedViews = Vec<SavedViewDto>;
pub type Templates = Vec<TemplateDto>;
