//! `{{1}}` / `{{first_name}}` placeholders in template texts.

#[derive(Debug, Clone, PartialEq)]
pub struct Var {
    pub start: usize,
    pub end: usize,
    pub inner: String,
}

pub fn find(text: &str) -> Vec<Var> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{") {
        let start = from + open;
        let Some(close) = text[start + 2..].find("}}") else {
            break;
        };
        let end = start + 2 + close + 2;
        out.push(Var {
            start,
            end,
            inner: text[start + 2..end - 2].trim().to_string(),
        });
        from = end;
    }
    out
}

/// Named parameters: lowercase letters, digits and underscores, not a digit first.
pub fn is_named(inner: &str) -> bool {
    let mut bytes = inner.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'_'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'))
}

/// Two placeholders with nothing but spaces between them.
pub fn has_adjacent(text: &str) -> bool {
    find(text)
        .windows(2)
        .any(|w| text[w[0].end..w[1].start].trim().is_empty())
}

/// Number of positional parameters if they are exactly `{{1}}..{{n}}`
/// (each may repeat), otherwise `None`.
pub fn positional_count(vars: &[Var]) -> Option<usize> {
    let mut nums: Vec<usize> = vars
        .iter()
        .map(|v| v.inner.parse().ok())
        .collect::<Option<_>>()?;
    nums.sort_unstable();
    nums.dedup();
    nums.iter()
        .enumerate()
        .all(|(i, n)| *n == i + 1)
        .then_some(nums.len())
}

/// Distinct named parameters in order of first appearance.
pub fn named(vars: &[Var]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in vars {
        if !out.contains(&v.inner) {
            out.push(v.inner.clone());
        }
    }
    out
}

/// Words of real text around the placeholders.
pub fn words_outside(text: &str) -> usize {
    let mut rest = String::new();
    let mut last = 0;
    for v in find(text) {
        rest.push_str(&text[last..v.start]);
        rest.push(' ');
        last = v.end;
    }
    rest.push_str(&text[last..]);
    rest.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_classifies() {
        let t = "Hola {{1}}, tu pedido {{2}} ya va en camino.";
        let v = find(t);
        assert_eq!(v.len(), 2);
        assert_eq!(positional_count(&v), Some(2));
        assert!(!has_adjacent(t));
        assert!(has_adjacent("{{1}}{{2}} de descuento"));
        assert_eq!(positional_count(&find("a {{1}} b {{3}}")), None);
        assert!(is_named("first_name") && !is_named("1a") && !is_named("Name"));
        assert_eq!(named(&find("{{a}} y {{b}} y {{a}}")), vec!["a", "b"]);
        assert_eq!(words_outside(t), 7);
    }
}
