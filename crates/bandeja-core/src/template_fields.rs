//! The values a template needs at send time, read from Meta's components:
//! the body's placeholders (`{{1}}`…`{{n}}` or named, like `{{nombre}}`), a
//! text header's placeholder, and the `{{1}}` at the end of URL buttons — in
//! that order, which is the order the member fills them in. A media header
//! needs a file, which the picker does not offer yet: such templates are
//! flagged so they are never sent half-filled.

use serde_json::{json, Value};

/// Where a value goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    Body,
    Header,
    /// The URL button at this index of the BUTTONS component.
    Button(usize),
}

/// One value to fill in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub slot: Slot,
    /// The placeholder (`1`, `nombre`); for a button, its label.
    pub name: String,
}

/// Everything a template needs at send time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TemplateFields {
    pub fields: Vec<Field>,
    /// `IMAGE`, `VIDEO`, `DOCUMENT` or `LOCATION` when the header needs media.
    pub media_header: Option<String>,
    named_body: bool,
}

fn component<'a>(components: &'a Value, kind: &str) -> Option<&'a Value> {
    components.as_array()?.iter().find(|c| {
        c["type"]
            .as_str()
            .is_some_and(|t| t.eq_ignore_ascii_case(kind))
    })
}

/// The distinct `{{…}}` placeholders of a text: `{{1}}…{{n}}` by number,
/// named ones in order of first appearance.
pub fn template_placeholders(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let inner = after[..end].trim();
        let valid = !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if valid && !out.iter().any(|n| n == inner) {
            out.push(inner.to_string());
        }
        rest = &after[end + 2..];
    }
    if out.iter().all(|n| n.parse::<u32>().is_ok()) {
        out.sort_by_key(|n| n.parse::<u32>().unwrap_or(0));
    }
    out
}

impl TemplateFields {
    pub fn of(components: &Value) -> TemplateFields {
        let mut out = TemplateFields::default();
        let body = component(components, "body")
            .and_then(|b| b["text"].as_str())
            .unwrap_or_default();
        let names = template_placeholders(body);
        out.named_body = names.iter().any(|n| n.parse::<u32>().is_err());
        out.fields.extend(names.into_iter().map(|name| Field {
            slot: Slot::Body,
            name,
        }));
        if let Some(h) = component(components, "header") {
            match h["format"]
                .as_str()
                .unwrap_or("TEXT")
                .to_ascii_uppercase()
                .as_str()
            {
                "TEXT" => {
                    if let Some(name) = template_placeholders(h["text"].as_str().unwrap_or(""))
                        .into_iter()
                        .next()
                    {
                        out.fields.push(Field {
                            slot: Slot::Header,
                            name,
                        });
                    }
                }
                other => out.media_header = Some(other.to_string()),
            }
        }
        let buttons = component(components, "buttons").and_then(|b| b["buttons"].as_array());
        for (i, b) in buttons.into_iter().flatten().enumerate() {
            let is_url = b["type"]
                .as_str()
                .is_some_and(|t| t.eq_ignore_ascii_case("url"));
            if is_url && b["url"].as_str().is_some_and(|u| u.contains("{{")) {
                out.fields.push(Field {
                    slot: Slot::Button(i),
                    name: b["text"].as_str().unwrap_or("URL").to_string(),
                });
            }
        }
        out
    }

    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The send request's `components` for these values (same order as
    /// [`TemplateFields::fields`]).
    pub fn components(&self, values: &[String]) -> Value {
        let text = |f: &Field, v: &String| match (f.slot == Slot::Body && self.named_body, &f.slot)
        {
            (true, _) => json!({"type": "text", "parameter_name": f.name, "text": v}),
            _ => json!({"type": "text", "text": v}),
        };
        let of = |slot: &Slot| -> Vec<Value> {
            self.fields
                .iter()
                .zip(values)
                .filter(|(f, _)| &f.slot == slot)
                .map(|(f, v)| text(f, v))
                .collect()
        };
        let mut out = Vec::new();
        let header = of(&Slot::Header);
        if !header.is_empty() {
            out.push(json!({"type": "header", "parameters": header}));
        }
        let body = of(&Slot::Body);
        if !body.is_empty() {
            out.push(json!({"type": "body", "parameters": body}));
        }
        for f in &self.fields {
            if let Slot::Button(i) = f.slot {
                out.push(
                    json!({"type": "button", "sub_type": "url", "index": i.to_string(),
                                "parameters": of(&f.slot)}),
                );
            }
        }
        Value::Array(out)
    }

    /// The body as the customer reads it.
    pub fn render(&self, body: &str, values: &[String]) -> String {
        let mut text = body.to_string();
        for (f, v) in self.fields.iter().zip(values) {
            if f.slot == Slot::Body {
                text = text.replace(&format!("{{{{{}}}}}", f.name), v);
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_or_named() {
        assert_eq!(
            template_placeholders("Hola {{2}} y {{1}}, otra vez {{1}}"),
            vec!["1", "2"]
        );
        assert_eq!(
            template_placeholders("Hola {{nombre}}, a las {{hora}} ({{nombre}})"),
            vec!["nombre", "hora"]
        );
        assert!(template_placeholders("Sin variables {{ }} {{Mal}}").is_empty());
    }

    #[test]
    fn body_header_and_url_button_values_become_the_send_components() {
        let c = json!([
            {"type": "HEADER", "format": "TEXT", "text": "Pedido {{1}}"},
            {"type": "BODY", "text": "Hola {{1}}, tu pedido {{2}} ya va en camino."},
            {"type": "BUTTONS", "buttons": [
                {"type": "QUICK_REPLY", "text": "¿Dónde está?"},
                {"type": "URL", "text": "Ver pedido", "url": "https://x.example/p/{{1}}"}]}
        ]);
        let f = TemplateFields::of(&c);
        let names: Vec<&str> = f.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["1", "2", "1", "Ver pedido"]);
        assert_eq!(f.media_header, None);
        let v: Vec<String> = ["Ana", "A-7", "A-7", "7781"].map(String::from).to_vec();
        assert_eq!(
            f.components(&v),
            json!([
                {"type": "header", "parameters": [{"type": "text", "text": "A-7"}]},
                {"type": "body", "parameters": [{"type": "text", "text": "Ana"}, {"type": "text", "text": "A-7"}]},
                {"type": "button", "sub_type": "url", "index": "1", "parameters": [{"type": "text", "text": "7781"}]}
            ])
        );
        assert_eq!(
            f.render("Hola {{1}}, tu pedido {{2}} ya va en camino.", &v),
            "Hola Ana, tu pedido A-7 ya va en camino."
        );
    }

    #[test]
    fn named_bodies_send_parameter_names_and_media_headers_are_flagged() {
        let f = TemplateFields::of(
            &json!([{"type": "BODY", "text": "Hola {{nombre}}, a las {{hora}}."}]),
        );
        assert_eq!(
            f.components(&["Ana".into(), "10:00".into()]),
            json!([{"type": "body", "parameters": [
                {"type": "text", "parameter_name": "nombre", "text": "Ana"},
                {"type": "text", "parameter_name": "hora", "text": "10:00"}]}])
        );
        let f = TemplateFields::of(
            &json!([{"type": "HEADER", "format": "IMAGE"}, {"type": "BODY", "text": "Hola"}]),
        );
        assert_eq!(f.media_header.as_deref(), Some("IMAGE"));
        assert!(f.is_empty());
    }
}
