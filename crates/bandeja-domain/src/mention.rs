//! @mentions in private notes (INB-8): `@Marta` or `@"Marta López"` names
//! a member by first name or full name, in any case and without accents
//! mattering; an @ inside an email address is not a mention.

use crate::model::MemberId;

fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' | 'Á' | 'À' | 'Ä' | 'Â' => 'a',
            'é' | 'è' | 'ë' | 'ê' | 'É' | 'È' | 'Ë' | 'Ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' | 'Í' | 'Ì' | 'Ï' | 'Î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' | 'Ó' | 'Ò' | 'Ö' | 'Ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' | 'Ú' | 'Ù' | 'Ü' | 'Û' => 'u',
            'ñ' | 'Ñ' => 'n',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The members `text` mentions, in order, without duplicates.
pub fn mentions(text: &str, members: &[(MemberId, String)]) -> Vec<MemberId> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if c != '@' {
            continue;
        }
        // part of an address (ana@tienda.example)?
        if k > 0 && chars[k - 1].1.is_alphanumeric() {
            continue;
        }
        let rest = &text[i + 1..];
        let folded = fold(rest);
        // the longest full name that follows, else a first name
        let mut best: Option<(usize, MemberId)> = None;
        for (id, name) in members {
            let full = fold(name.trim());
            let first = full.split_whitespace().next().unwrap_or("").to_string();
            for candidate in [
                full.trim_matches('"').to_string(),
                format!("\"{full}\""),
                first,
            ] {
                if candidate.is_empty() || !folded.starts_with(&candidate) {
                    continue;
                }
                let next = folded[candidate.len()..].chars().next();
                if next.is_some_and(char::is_alphanumeric) {
                    continue;
                }
                if best.is_none_or(|(len, _)| candidate.len() > len) {
                    best = Some((candidate.len(), *id));
                }
            }
        }
        if let Some((_, id)) = best {
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team() -> Vec<(MemberId, String)> {
        vec![
            (1, "Marta López".into()),
            (2, "Marta Ruiz".into()),
            (3, "Íñigo".into()),
        ]
    }

    #[test]
    fn names_by_full_or_first_name() {
        assert_eq!(mentions("@marta ruiz ¿lo miras?", &team()), vec![2]);
        assert_eq!(
            mentions("Avisa a @\"Marta López\" y a @inigo.", &team()),
            vec![1, 3]
        );
        // a first name shared by two members: the first of them
        assert_eq!(mentions("@Marta", &team()), vec![1]);
    }

    #[test]
    fn addresses_and_strangers_are_not_mentions() {
        assert!(mentions("escribe a marta@tienda.example", &team()).is_empty());
        assert!(mentions("@Martina", &team()).is_empty());
        assert!(mentions("@ nadie", &team()).is_empty());
        assert_eq!(mentions("@Íñigo @íñigo", &team()), vec![3]);
    }
}
