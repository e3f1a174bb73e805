//! Checking a template send against the approved definition: the parameter
//! counts per component (132000), named vs positional and media formats
//! (132012), what a text parameter may contain (132018) and the length after
//! substitution (132005).

use serde_json::Value;

use super::vars;
use super::Template;
use crate::error::GraphError;

fn count_mismatch(what: &str, got: usize, want: usize) -> GraphError {
    GraphError::whatsapp(
        132000,
        format!("{what}: number of localizable_params ({got}) does not match the expected number of params ({want})"),
    )
}

fn params(c: &Value) -> Vec<Value> {
    c["parameters"].as_array().cloned().unwrap_or_default()
}

pub fn check_send(t: &Template, components: &[Value]) -> Result<(), GraphError> {
    let find = |kind: &str| {
        components.iter().find(|c| {
            c["type"]
                .as_str()
                .is_some_and(|k| k.eq_ignore_ascii_case(kind))
        })
    };
    for c in components {
        let kind = c["type"].as_str().unwrap_or("");
        if !matches!(
            kind.to_ascii_lowercase().as_str(),
            "header" | "body" | "button"
        ) {
            return Err(GraphError::whatsapp(
                131009,
                format!("Component type '{kind}' is not valid; use header, body or button."),
            ));
        }
    }
    check_header(t, find("header"))?;
    check_body(t, find("body"))?;
    check_buttons(t, components)
}

fn check_header(t: &Template, given: Option<&Value>) -> Result<(), GraphError> {
    let got = given.map(params).unwrap_or_default();
    let Some(h) = t.component("HEADER") else {
        return if got.is_empty() {
            Ok(())
        } else {
            Err(count_mismatch("header", got.len(), 0))
        };
    };
    let format = h["format"].as_str().unwrap_or("TEXT").to_ascii_uppercase();
    let want = match format.as_str() {
        "TEXT" => vars::find(h["text"].as_str().unwrap_or("")).len().min(1),
        _ => 1,
    };
    if got.len() != want {
        return Err(count_mismatch("header", got.len(), want));
    }
    if let Some(p) = got.first() {
        let ptype = p["type"].as_str().unwrap_or("").to_ascii_uppercase();
        if ptype != format {
            return Err(GraphError::whatsapp(
                132012,
                format!("header: Format mismatch, expected {format}, received {ptype}"),
            ));
        }
        if format != "TEXT" && format != "LOCATION" {
            let media = &p[ptype.to_ascii_lowercase()];
            if media["id"].as_str().is_none() && media["link"].as_str().is_none() {
                return Err(GraphError::whatsapp(
                    131008,
                    format!(
                        "header: the {} parameter needs an id or a link",
                        ptype.to_ascii_lowercase()
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn check_text_param(p: &Value) -> Result<String, GraphError> {
    let text = match p["type"].as_str().unwrap_or("text") {
        "text" => p["text"].as_str().unwrap_or("").to_string(),
        "currency" | "date_time" => p[p["type"].as_str().unwrap_or("")]["fallback_value"]
            .as_str()
            .unwrap_or("")
            .to_string(),
        other => {
            return Err(GraphError::whatsapp(
                132012,
                format!("body: parameter of type {other} is not allowed in the body"),
            ))
        }
    };
    if text.contains('\n') || text.contains('\t') || text.contains("     ") {
        return Err(GraphError::whatsapp(
            132018,
            "Param text cannot have new-line/tab characters or more than 4 consecutive spaces",
        ));
    }
    Ok(text)
}

fn check_body(t: &Template, given: Option<&Value>) -> Result<(), GraphError> {
    let body = t
        .component("BODY")
        .and_then(|b| b["text"].as_str())
        .unwrap_or("");
    let found = vars::find(body);
    let got = given.map(params).unwrap_or_default();
    let named = t.parameter_format == "NAMED";
    let want: Vec<String> = if named {
        vars::named(&found)
    } else {
        (1..=vars::positional_count(&found).unwrap_or(0))
            .map(|n| n.to_string())
            .collect()
    };
    if got.len() != want.len() {
        return Err(count_mismatch("body", got.len(), want.len()));
    }
    let mut values: Vec<(String, String)> = Vec::new();
    for (i, p) in got.iter().enumerate() {
        let text = check_text_param(p)?;
        let key = match (named, p["parameter_name"].as_str()) {
            (true, Some(n)) if want.iter().any(|w| w == n) => n.to_string(),
            (true, Some(n)) => {
                return Err(GraphError::whatsapp(
                    132000,
                    format!("body: parameter_name '{n}' is not a parameter of the template"),
                ))
            }
            (true, None) => return Err(GraphError::whatsapp(
                132012,
                "body: the template uses named parameters; every parameter needs parameter_name",
            )),
            (false, Some(_)) => {
                return Err(GraphError::whatsapp(
                    132012,
                    "body: the template uses positional parameters; parameter_name is not allowed",
                ))
            }
            (false, None) => (i + 1).to_string(),
        };
        values.push((key, text));
    }
    let mut rendered = body.to_string();
    for (k, v) in &values {
        rendered = rendered.replace(&format!("{{{{{k}}}}}"), v);
    }
    if rendered.chars().count() > 1024 {
        return Err(GraphError::whatsapp(
            132005,
            "The message body is longer than 1024 characters after the parameters were added.",
        ));
    }
    Ok(())
}

fn check_buttons(t: &Template, components: &[Value]) -> Result<(), GraphError> {
    let defined: Vec<Value> = t
        .component("BUTTONS")
        .and_then(|b| b["buttons"].as_array().cloned())
        .unwrap_or_default();
    let given: Vec<&Value> = components
        .iter()
        .filter(|c| {
            c["type"]
                .as_str()
                .is_some_and(|k| k.eq_ignore_ascii_case("button"))
        })
        .collect();
    for g in &given {
        let index: usize = match &g["index"] {
            Value::String(s) => s.parse().unwrap_or(usize::MAX),
            Value::Number(n) => n.as_u64().map_or(usize::MAX, |n| n as usize),
            _ => usize::MAX,
        };
        let sub = g["sub_type"].as_str().unwrap_or("").to_ascii_uppercase();
        let Some(def) = defined.get(index) else {
            return Err(GraphError::whatsapp(
                131009,
                format!("Button at index {index} does not exist in the template"),
            ));
        };
        if def["type"].as_str().unwrap_or("").to_ascii_uppercase() != sub {
            return Err(GraphError::whatsapp(
                132012,
                format!("Button at index {index} is not of type {sub}"),
            ));
        }
    }
    for (i, def) in defined.iter().enumerate() {
        let kind = def["type"].as_str().unwrap_or("").to_ascii_uppercase();
        let needs = match kind.as_str() {
            "URL" => !vars::find(def["url"].as_str().unwrap_or("")).is_empty(),
            "COPY_CODE" => true,
            _ => false,
        };
        let provided = given.iter().find(|g| {
            g["index"].as_str().map(str::to_string) == Some(i.to_string())
                || g["index"].as_u64() == Some(i as u64)
        });
        let got = provided.map(|g| params(g).len()).unwrap_or(0);
        if needs && got != 1 {
            return Err(count_mismatch(&format!("button at index {i}"), got, 1));
        }
    }
    Ok(())
}
