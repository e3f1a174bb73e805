//! Turning what a person typed into FTS5 queries that stay fast.
//!
//! Every word must appear; the last one may be a prefix (search as you type).
//! FTS5 answers a prefix query (`"gracias"*`) by merging the whole doclist of
//! every matching term in memory — hundreds of thousands of rows for a common
//! word — before it can return the newest few, while an exact term is walked
//! lazily newest-first. So search asks for the exact words first and only
//! falls back to the prefix form when that finds too little (the last word is
//! still being typed). Words are folded like the `unicode61 remove_diacritics
//! 2` tokenizer and always quoted, so input is never FTS syntax.

use unicode_normalization::UnicodeNormalization;

/// Words as the tokenizer sees them: alphanumeric runs, lower case, no accents.
pub(crate) fn words(text: &str) -> Vec<String> {
    let folded: String = text
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect::<String>()
        .to_lowercase();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn quoted(text: &str) -> Option<String> {
    let w = words(text);
    (!w.is_empty()).then(|| {
        w.iter()
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// Every word exactly.
pub(crate) fn exact_query(text: &str) -> Option<String> {
    quoted(text)
}

/// Every word, the last one as a prefix.
pub(crate) fn fts_query(text: &str) -> Option<String> {
    quoted(text).map(|q| q + "*")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_like_the_tokenizer() {
        assert_eq!(words("¿Camión  MAÑANA?"), vec!["camion", "manana"]);
        assert_eq!(
            words("F-2026 \"OR\" NEAR("),
            vec!["f", "2026", "or", "near"]
        );
        assert!(words("  ... ").is_empty());
    }

    #[test]
    fn queries_quote_every_word() {
        assert_eq!(
            fts_query("hola  pedi").as_deref(),
            Some("\"hola\" \"pedi\"*")
        );
        assert_eq!(
            exact_query("Hola pedí").as_deref(),
            Some("\"hola\" \"pedi\"")
        );
        assert_eq!(fts_query("*\"-"), None);
    }
}
