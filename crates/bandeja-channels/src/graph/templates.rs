//! Message templates of a WhatsApp Business Account: list them all (every
//! page), create one from a [`TemplateDraft`], delete one by name.
//!
//! A draft is checked with `bandeja-domain`'s rules before it is sent:
//! Meta's refusals name one problem at a time and count against the hourly
//! creation limit, while the local check lists them all at once.

use bandeja_domain::wa_template::{self, TemplateDraft};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{parse_error, GraphClient, GraphError};

/// Fields asked for when listing. Meta's `quality_score` is read when
/// present but not asked for: `bandeja-sim` does not know that field and
/// refuses requests naming it.
const FIELDS: &str = "id,name,language,category,status,rejected_reason,components";
const PAGE_SIZE: &str = "100";

/// A template as Meta holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphTemplate {
    pub id: String,
    pub name: String,
    pub language: String,
    /// `MARKETING`, `UTILITY`, `AUTHENTICATION`.
    pub category: String,
    /// `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`, …
    pub status: String,
    /// Why Meta rejected it (`None` when Meta says `NONE`).
    pub rejected_reason: Option<String>,
    /// `GREEN`, `YELLOW`, `RED` or `UNKNOWN`, when Meta reports it.
    pub quality_score: Option<String>,
    /// Meta's components (creation syntax: `HEADER`, `BODY`, …).
    pub components: Value,
}

/// Meta's answer to a creation: the new id and the first status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedTemplate {
    pub id: String,
    pub status: String,
    pub category: String,
}

/// A string field that Meta may also send as a number (ids).
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl GraphTemplate {
    fn from_graph(v: &Value) -> Result<GraphTemplate, GraphError> {
        let malformed = || parse_error(200, v.to_string().as_bytes());
        let field = |k: &str| text(&v[k]).unwrap_or_default();
        Ok(GraphTemplate {
            id: text(&v["id"]).ok_or_else(malformed)?,
            name: text(&v["name"]).ok_or_else(malformed)?,
            language: field("language"),
            category: field("category"),
            status: field("status"),
            rejected_reason: text(&v["rejected_reason"]).filter(|r| r != "NONE" && !r.is_empty()),
            // older answers: a string; newer: {"score": "GREEN", "date": …}
            quality_score: text(&v["quality_score"]).or_else(|| text(&v["quality_score"]["score"])),
            components: match &v["components"] {
                Value::Null => json!([]),
                c => c.clone(),
            },
        })
    }
}

/// Code 100 listing every problem, for a draft refused before sending.
fn refused(problems: &[wa_template::TemplateProblem]) -> GraphError {
    let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
    GraphError::refused(
        format!("the template was not sent to Meta: {}", list.join("; ")),
        serde_json::to_string(problems).ok(),
    )
}

impl GraphClient {
    /// Every template of the WABA, across all pages.
    pub async fn templates(&self, waba_id: &str) -> Result<Vec<GraphTemplate>, GraphError> {
        let path = format!("{waba_id}/message_templates");
        let rows = self
            .all_pages(&path, &[("fields", FIELDS), ("limit", PAGE_SIZE)])
            .await?;
        rows.iter().map(GraphTemplate::from_graph).collect()
    }

    /// Submit a draft for Meta's review (it starts `PENDING`). A draft that
    /// breaks a rule is refused here with code 100, no request made; the
    /// error's `details` hold the problems as JSON.
    pub async fn create_template(
        &self,
        waba_id: &str,
        draft: &TemplateDraft,
    ) -> Result<CreatedTemplate, GraphError> {
        let problems = wa_template::validate(draft);
        if !problems.is_empty() {
            return Err(refused(&problems));
        }
        let body = json!({
            "name": draft.name,
            "language": draft.language,
            "category": draft.category.graph_name(),
            "parameter_format": "positional",
            "components": wa_template::to_graph_components(draft),
        });
        let v = self
            .post(&format!("{waba_id}/message_templates"), &body)
            .await?;
        let malformed = || parse_error(200, v.to_string().as_bytes());
        Ok(CreatedTemplate {
            id: text(&v["id"]).ok_or_else(malformed)?,
            status: text(&v["status"]).unwrap_or_else(|| "PENDING".into()),
            category: text(&v["category"]).unwrap_or_else(|| draft.category.graph_name().into()),
        })
    }

    /// Delete a template by name (Meta deletes every language of it).
    pub async fn delete_template(&self, waba_id: &str, name: &str) -> Result<(), GraphError> {
        let url = self.url(&format!("{waba_id}/message_templates"));
        self.execute(self.http.delete(url).query(&[("name", name)]))
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_read_from_the_fixture_list() {
        let path = format!(
            "{}/../../../shared/fixtures/whatsapp/template_list_response.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let v: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let all: Vec<GraphTemplate> = v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| GraphTemplate::from_graph(t).unwrap())
            .collect();
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].name, "pedido_enviado");
        assert_eq!(all[0].id, "500000000000001");
        assert_eq!(all[0].components[1]["type"], "BODY");
        assert_eq!(all[2].status, "REJECTED");
        assert_eq!(all[2].quality_score, None);
    }

    #[test]
    fn rejected_reason_none_and_quality_score_shapes() {
        let t = GraphTemplate::from_graph(&json!({"id": 5, "name": "a", "rejected_reason": "NONE",
            "quality_score": {"score": "GREEN", "date": 1}}))
        .unwrap();
        assert_eq!(
            (t.id.as_str(), t.rejected_reason, t.quality_score.as_deref()),
            ("5", None, Some("GREEN"))
        );
        let t = GraphTemplate::from_graph(&json!({"id": "5", "name": "a",
            "rejected_reason": "PROMOTIONAL", "quality_score": "RED"}))
        .unwrap();
        assert_eq!(t.rejected_reason.as_deref(), Some("PROMOTIONAL"));
        assert_eq!(t.quality_score.as_deref(), Some("RED"));
        assert!(GraphTemplate::from_graph(&json!({"name": "a"})).is_err());
    }
}
