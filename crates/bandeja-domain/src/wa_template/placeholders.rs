//! The `{{1}}`, `{{2}}`… placeholders of a template text, found once so the
//! rules, the parameter count and the preview all read them the same way.
//!
//! Only positional placeholders written exactly as `{{n}}` (n ≥ 1, digits
//! only) count. Anything else between double braces — `{{name}}`, `{{ 1 }}`,
//! an unclosed `{{` — is reported as malformed rather than guessed at, since
//! Bandeja creates positional templates only.

/// One `{{…}}` occurrence in a text (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placeholder {
    pub start: usize,
    pub end: usize,
    /// `Some(n)` for a well-formed `{{n}}`, `None` for anything else.
    pub index: Option<usize>,
}

/// Every placeholder of a text, plus whether braces were left unmatched.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scan {
    pub placeholders: Vec<Placeholder>,
    pub stray_braces: bool,
}

impl Scan {
    pub fn is_malformed(&self) -> bool {
        self.stray_braces || self.placeholders.iter().any(|p| p.index.is_none())
    }

    /// Distinct well-formed indices, ascending.
    pub fn indices(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self.placeholders.iter().filter_map(|p| p.index).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// True when the distinct indices are exactly 1..=n (n may be 0).
    pub fn is_sequential(&self) -> bool {
        self.indices().iter().enumerate().all(|(i, n)| *n == i + 1)
    }

    /// Two placeholders with nothing but whitespace between them.
    pub fn has_adjacent(&self, text: &str) -> bool {
        self.placeholders
            .windows(2)
            .any(|w| text[w[0].end..w[1].start].trim().is_empty())
    }

    /// Words (runs containing a letter or digit) outside the placeholders.
    pub fn words_outside(&self, text: &str) -> usize {
        let mut count = 0;
        let mut from = 0;
        for p in &self.placeholders {
            count += words(&text[from..p.start]);
            from = p.end;
        }
        count + words(&text[from..])
    }
}

fn words(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn parse_index(inner: &str) -> Option<usize> {
    if inner.is_empty() || !inner.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    inner.parse().ok().filter(|n| *n >= 1)
}

pub(crate) fn scan(text: &str) -> Scan {
    let mut out = Scan::default();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{") {
        let start = from + open;
        let Some(close) = text[start + 2..].find("}}") else {
            out.stray_braces = true;
            break;
        };
        let end = start + 2 + close + 2;
        let inner = &text[start + 2..end - 2];
        if text[from..start].contains("}}") {
            out.stray_braces = true;
        }
        out.placeholders.push(Placeholder {
            start,
            end,
            index: parse_index(inner),
        });
        from = end;
    }
    if text[from..].contains("}}") {
        out.stray_braces = true;
    }
    out
}
