//! Named variables in texts a business writes once and sends many times
//! (templates, auto-replies, reminders): `{{customer_name}}`,
//! `{{company_name}}`, `{{user_name}}`, `{{quote_number}}` and the contact's
//! custom fields by name. Rendering refuses, naming each one, when a
//! variable has no value: "Hola ," reaching a customer is the failure TPL-1
//! exists to prevent.

use std::collections::BTreeMap;

/// The variables a text uses, in order of first use, without duplicates.
pub fn variables(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = after[..end].trim();
        if !name.is_empty() && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
        rest = &after[end + 2..];
    }
    out
}

/// `text` with every `{{name}}` replaced, or the names that have no
/// (non-blank) value. Names match without regard to case or spaces.
pub fn render(text: &str, values: &BTreeMap<String, String>) -> Result<String, Vec<String>> {
    let lookup = |name: &str| {
        let key = normalize(name);
        values
            .iter()
            .find(|(k, _)| normalize(k) == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    };
    let missing: Vec<String> = variables(text)
        .into_iter()
        .filter(|n| lookup(n).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        out.push_str(&rest[..start]);
        match lookup(after[..end].trim()) {
            Some(v) => out.push_str(v),
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn normalize(name: &str) -> String {
    name.trim().to_lowercase().replace(' ', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn renders_named_variables_and_custom_fields() {
        let v = values(&[
            ("customer_name", "Lucía"),
            ("company_name", "Tienda Sol"),
            ("Número de pedido", "A-77"),
        ]);
        assert_eq!(
            render("Hola {{ customer_name }}, gracias por escribir a {{company_name}}. Pedido {{número de pedido}}.", &v),
            Ok("Hola Lucía, gracias por escribir a Tienda Sol. Pedido A-77.".into())
        );
    }

    #[test]
    fn names_every_missing_or_blank_variable_once() {
        let v = values(&[("customer_name", "  ")]);
        assert_eq!(
            render("{{customer_name}} {{quote_number}} {{customer_name}}", &v),
            Err(vec!["customer_name".into(), "quote_number".into()])
        );
    }

    #[test]
    fn text_without_variables_or_with_broken_braces_is_kept() {
        let v = values(&[]);
        assert_eq!(render("Sin variables", &v), Ok("Sin variables".into()));
        assert_eq!(
            render("Abre {{ y no cierra", &v),
            Ok("Abre {{ y no cierra".into())
        );
        assert_eq!(variables("{{}} {{a}}"), vec!["a".to_string()]);
    }
}
