//! Meta's rules for creating a template (`POST /{waba}/message_templates`):
//! name, category, language, parameter format, and the components with
//! their length, variable and button limits. Rule breaks get the error
//! bodies Meta documents (code 100, with subcodes 2388019 limit, 2388023
//! name being deleted, 2388024 duplicate, 2388040 length, 2388047 format,
//! 2388293 too many variables, 2388299 leading/trailing variable).

use serde_json::Value;

use super::vars::{self, Var};
use super::Template;
use crate::error::GraphError;

const LANGUAGES: &[&str] = &[
    "af", "sq", "ar", "az", "bn", "bg", "ca", "zh_CN", "zh_HK", "zh_TW", "hr", "cs", "da", "nl",
    "en", "en_GB", "en_US", "et", "fil", "fi", "fr", "ka", "de", "el", "gu", "ha", "he", "hi",
    "hu", "id", "ga", "it", "ja", "kn", "kk", "rw_RW", "ko", "ky_KG", "lo", "lv", "lt", "mk", "ms",
    "ml", "mr", "nb", "fa", "pl", "pt_BR", "pt_PT", "pa", "ro", "ru", "sr", "sk", "sl", "es",
    "es_AR", "es_ES", "es_MX", "sw", "sv", "ta", "te", "th", "tr", "uk", "ur", "uz", "vi", "zu",
];

fn too_long(what: &str, max: usize) -> GraphError {
    GraphError::template(
        Some(2388040),
        "Message template character limit exceeded",
        format!("The {what} exceeds the limit of {max} characters."),
    )
}

fn format_error(msg: impl Into<String>) -> GraphError {
    GraphError::template(Some(2388047), "Message template format is invalid", msg)
}

/// Check a create request against the WABA's templates; on success the
/// template to store (id and status are set by the caller).
pub fn validate_create(
    body: &Value,
    existing: &[Template],
    deleted: &[(String, String, i64)],
    limit: usize,
    now_s: i64,
) -> Result<Template, GraphError> {
    let name = str_param(body, "name")?;
    if name.is_empty()
        || name.len() > 512
        || !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(GraphError::template(
            None,
            "Invalid template name",
            "Template names can only contain lowercase alphanumeric characters and underscores (max 512).",
        ));
    }
    let language = str_param(body, "language")?;
    if !LANGUAGES.contains(&language.as_str()) {
        return Err(GraphError::template(
            None,
            "Invalid language",
            format!("The language code {language} is not supported."),
        ));
    }
    let category = str_param(body, "category")?.to_ascii_uppercase();
    if !matches!(
        category.as_str(),
        "MARKETING" | "UTILITY" | "AUTHENTICATION"
    ) {
        return Err(GraphError::param(format!(
            "Param category must be one of {{AUTHENTICATION, MARKETING, UTILITY}} - got \"{category}\"."
        )));
    }
    let format = match body.get("parameter_format").and_then(Value::as_str) {
        None => "POSITIONAL".to_string(),
        Some(f) if f.eq_ignore_ascii_case("positional") => "POSITIONAL".into(),
        Some(f) if f.eq_ignore_ascii_case("named") => "NAMED".into(),
        Some(f) => {
            return Err(GraphError::param(format!(
                "Param parameter_format must be one of {{NAMED, POSITIONAL}} - got \"{f}\"."
            )))
        }
    };
    let components = match body.get("components") {
        Some(Value::Array(c)) if !c.is_empty() => c.clone(),
        Some(Value::String(s)) => serde_json::from_str::<Vec<Value>>(s)
            .map_err(|_| GraphError::param("Param components must be an array."))?,
        _ => return Err(GraphError::param("The parameter components is required.")),
    };
    check_components(&components, &format, &category)?;

    let same = |t: &&Template| t.name == name && super::same_language(&t.language, &language);
    if existing.iter().any(|t| same(&t)) {
        return Err(GraphError::template(
            Some(2388024),
            "Content in This Language Already Exists",
            format!("There is already {language} content for this template ({name})."),
        ));
    }
    if deleted
        .iter()
        .any(|(n, l, at)| *n == name && *l == language && now_s - at < 30 * 86_400)
    {
        return Err(GraphError::template(
            Some(2388023),
            "Message template is being deleted",
            format!("{language} content can't be added while the existing content is being deleted. Try again in 4 weeks or use a new name."),
        ));
    }
    if existing.len() >= limit {
        return Err(GraphError::template(
            Some(2388019),
            "Message template limit exceeded",
            format!("This WhatsApp Business Account already has {limit} message templates."),
        ));
    }
    Ok(Template {
        name,
        parameter_format: format,
        components,
        language,
        status: "PENDING".into(),
        sub_category: (category == "MARKETING").then(|| "CUSTOM".into()),
        category,
        id: String::new(),
        rejected_reason: None,
        paced: false,
        pauses: 0,
    })
}

fn str_param(body: &Value, key: &str) -> Result<String, GraphError> {
    body.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| GraphError::param(format!("The parameter {key} is required.")))
}

fn check_components(components: &[Value], format: &str, category: &str) -> Result<(), GraphError> {
    let mut seen: Vec<String> = Vec::new();
    for (i, c) in components.iter().enumerate() {
        let kind = c["type"].as_str().unwrap_or("").to_ascii_uppercase();
        if !matches!(kind.as_str(), "HEADER" | "BODY" | "FOOTER" | "BUTTONS") {
            return Err(GraphError::param(format!(
                "Param components[{i}]['type'] must be one of {{BODY, BUTTONS, FOOTER, HEADER}}."
            )));
        }
        if seen.contains(&kind) {
            return Err(format_error(format!(
                "Only one {kind} component is allowed."
            )));
        }
        seen.push(kind.clone());
        match kind.as_str() {
            "HEADER" => check_header(c, format)?,
            "BODY" => check_body(c, format, category)?,
            "FOOTER" => {
                let text = c["text"].as_str().unwrap_or("");
                if text.chars().count() > 60 {
                    return Err(too_long("footer", 60));
                }
                if !vars::find(text).is_empty() {
                    return Err(format_error("Footers can't contain variables."));
                }
            }
            _ => check_buttons(c)?,
        }
    }
    if !seen.iter().any(|k| k == "BODY") && category != "AUTHENTICATION" {
        return Err(format_error("A template needs exactly one BODY component."));
    }
    Ok(())
}

/// Variables of `text` must match the declared format; returns how many.
fn check_vars(text: &str, format: &str, what: &str) -> Result<Vec<Var>, GraphError> {
    let found = vars::find(text);
    let ok = if format == "NAMED" {
        found.iter().all(|v| vars::is_named(&v.inner))
    } else {
        vars::positional_count(&found).is_some()
    };
    if !ok {
        return Err(GraphError::template(
            None,
            "Invalid parameter format",
            format!(
                "The {what} variables must be {} parameters.",
                if format == "NAMED" {
                    "lowercase named ({{first_name}})"
                } else {
                    "sequential positional ({{1}}, {{2}}, …)"
                }
            ),
        ));
    }
    Ok(found)
}

fn check_header(c: &Value, format: &str) -> Result<(), GraphError> {
    let hf = c["format"].as_str().unwrap_or("TEXT").to_ascii_uppercase();
    match hf.as_str() {
        "TEXT" => {
            let text = c["text"].as_str().unwrap_or("");
            if text.is_empty() {
                return Err(format_error("A TEXT header needs text."));
            }
            if text.chars().count() > 60 {
                return Err(too_long("header", 60));
            }
            let found = check_vars(text, format, "header")?;
            if found.len() > 1 {
                return Err(format_error("Headers can contain at most one variable."));
            }
            let has_example = c["example"]["header_text"].is_array()
                || c["example"]["header_text_named_params"].is_array();
            if !found.is_empty() && !has_example {
                return Err(missing_example("header_text"));
            }
        }
        "IMAGE" | "VIDEO" | "DOCUMENT" => {
            let ok = c["example"]["header_handle"]
                .as_array()
                .is_some_and(|a| !a.is_empty());
            if !ok {
                return Err(missing_example("header_handle"));
            }
        }
        "LOCATION" => {}
        other => {
            return Err(GraphError::param(format!(
                "Param format must be one of {{DOCUMENT, IMAGE, LOCATION, TEXT, VIDEO}} - got \"{other}\"."
            )))
        }
    }
    Ok(())
}

fn missing_example(field: &str) -> GraphError {
    GraphError::template(
        None,
        "Missing sample values",
        format!("Templates with variables or media need example values ({field})."),
    )
}

fn check_body(c: &Value, format: &str, category: &str) -> Result<(), GraphError> {
    let text = c["text"].as_str().unwrap_or("");
    if text.is_empty() {
        return if category == "AUTHENTICATION" {
            Ok(())
        } else {
            Err(format_error("The BODY component needs text."))
        };
    }
    if text.chars().count() > 1024 {
        return Err(too_long("body", 1024));
    }
    let found = check_vars(text, format, "body")?;
    if found.is_empty() {
        return Ok(());
    }
    let trimmed = text.trim();
    if trimmed.starts_with("{{") || trimmed.ends_with("}}") {
        return Err(GraphError::template(
            Some(2388299),
            "Variables can't be at the start or end of the template",
            "Move the variable so that text comes before and after it.",
        ));
    }
    let distinct = if format == "NAMED" {
        vars::named(&found).len()
    } else {
        vars::positional_count(&found).unwrap_or(0)
    };
    if vars::words_outside(text) < distinct * 2 {
        return Err(GraphError::template(
            Some(2388293),
            "Too many variables for the message length",
            "This template contains too many variable parameters relative to the message length.",
        ));
    }
    let example = &c["example"];
    let ok = if format == "NAMED" {
        let given: Vec<&str> = example["body_text_named_params"]
            .as_array()
            .map(|a| a.iter().filter_map(|p| p["param_name"].as_str()).collect())
            .unwrap_or_default();
        vars::named(&found)
            .iter()
            .all(|n| given.contains(&n.as_str()))
    } else {
        example["body_text"][0]
            .as_array()
            .is_some_and(|row| row.len() == distinct)
    };
    if !ok {
        return Err(missing_example(if format == "NAMED" {
            "body_text_named_params"
        } else {
            "body_text"
        }));
    }
    Ok(())
}

fn check_buttons(c: &Value) -> Result<(), GraphError> {
    let buttons = c["buttons"].as_array().cloned().unwrap_or_default();
    if buttons.is_empty() || buttons.len() > 10 {
        return Err(format_error("A BUTTONS component holds 1 to 10 buttons."));
    }
    let kinds: Vec<String> = buttons
        .iter()
        .map(|b| b["type"].as_str().unwrap_or("").to_ascii_uppercase())
        .collect();
    let count = |k: &str| kinds.iter().filter(|x| *x == k).count();
    if count("URL") > 2 || count("PHONE_NUMBER") > 1 || count("COPY_CODE") > 1 {
        return Err(format_error(
            "At most 2 URL buttons, 1 phone number button and 1 copy code button.",
        ));
    }
    // quick replies must be grouped together
    let qr: Vec<usize> = (0..kinds.len())
        .filter(|i| kinds[*i] == "QUICK_REPLY")
        .collect();
    if qr.windows(2).any(|w| w[1] != w[0] + 1) {
        return Err(format_error(
            "Quick reply buttons must be grouped together.",
        ));
    }
    for b in &buttons {
        let kind = b["type"].as_str().unwrap_or("").to_ascii_uppercase();
        let text = b["text"].as_str().unwrap_or("");
        if text.is_empty() && kind != "COPY_CODE" && kind != "OTP" {
            return Err(format_error("Every button needs text."));
        }
        if text.chars().count() > 25 {
            return Err(too_long("button text", 25));
        }
        match kind.as_str() {
            "QUICK_REPLY" | "COPY_CODE" | "OTP" | "VOICE_CALL" | "FLOW" | "MPM" | "CATALOG" => {}
            "URL" => {
                let url = b["url"].as_str().unwrap_or("");
                if url.len() > 2000 || !(url.starts_with("https://") || url.starts_with("http://"))
                {
                    return Err(format_error(
                        "URL buttons need an http(s) url of at most 2000 characters.",
                    ));
                }
                let found = vars::find(url);
                if found.len() > 1 || found.first().is_some_and(|v| v.end != url.len()) {
                    return Err(format_error(
                        "A URL button may have one variable, at the end.",
                    ));
                }
                if !found.is_empty() && !b["example"].is_array() {
                    return Err(missing_example("buttons[].example"));
                }
            }
            "PHONE_NUMBER" => {
                let n = b["phone_number"].as_str().unwrap_or("");
                if n.is_empty() || n.len() > 20 {
                    return Err(format_error(
                        "Phone number buttons need a number of at most 20 characters.",
                    ));
                }
            }
            other => {
                return Err(GraphError::param(format!(
                    "Unknown button type \"{other}\"."
                )));
            }
        }
    }
    Ok(())
}
