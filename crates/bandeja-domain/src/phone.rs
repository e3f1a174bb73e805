//! Phone numbers: one normal form (E.164) and a matching rule that knows the
//! national quirks WhatsApp exposes.
//!
//! WhatsApp ids are digits without "+", and for some countries they differ from
//! the number the business typed: Brazil's mobile numbers gained a ninth digit
//! ("9") that many wa_ids still lack, Mexico's mobiles used to carry a "1"
//! after +52, Argentina's a "9" after +54. A contact must be matched whichever
//! form arrives, so matching compares a *match key* with those digits removed.

use phonenumber::{country, Mode};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("phone number is empty")]
    Empty,
    #[error("not a phone number: {0:?}")]
    Invalid(String),
    #[error("unknown region {0:?} (use an ISO 3166 code such as \"ES\")")]
    UnknownRegion(String),
}

/// Normalize to E.164 (`+34612345678`). Accepts international input (`+…`,
/// `00…`, or bare WhatsApp-id digits when no region is given) and national
/// input when `default_region` (ISO 3166-1 alpha-2) is given.
pub fn normalize_phone(raw: &str, default_region: Option<&str>) -> Result<String, PhoneError> {
    let cleaned: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.' | '\u{a0}'))
        .collect();
    if cleaned.is_empty() {
        return Err(PhoneError::Empty);
    }
    let region = match default_region {
        Some(r) => Some(
            r.to_ascii_uppercase()
                .parse::<country::Id>()
                .map_err(|_| PhoneError::UnknownRegion(r.to_string()))?,
        ),
        None => None,
    };
    let international = if let Some(rest) = cleaned.strip_prefix("00") {
        format!("+{rest}")
    } else if cleaned.starts_with('+') {
        cleaned.clone()
    } else if region.is_none() {
        // a WhatsApp id: country code included, no plus
        format!("+{cleaned}")
    } else {
        cleaned.clone()
    };
    let digits = international.trim_start_matches('+');
    if !digits.chars().all(|c| c.is_ascii_digit()) || !(6..=15).contains(&digits.len()) {
        return Err(PhoneError::Invalid(raw.to_string()));
    }
    let parsed = phonenumber::parse(region, &international)
        .map_err(|_| PhoneError::Invalid(raw.to_string()))?;
    let e164 = parsed.format().mode(Mode::E164).to_string();
    if e164.len() < 7 {
        return Err(PhoneError::Invalid(raw.to_string()));
    }
    Ok(e164)
}

/// The form two numbers are compared in: E.164 without the national "mobile
/// marker" digits that WhatsApp ids may or may not carry.
pub fn phone_match_key(e164: &str) -> String {
    let d = e164.trim_start_matches('+');
    // Brazil: +55 AA 9XXXXXXXX (11 national digits) ≡ +55 AA XXXXXXXX
    if let Some(national) = d.strip_prefix("55") {
        if national.len() == 11 && national.as_bytes()[2] == b'9' {
            return format!("+55{}{}", &national[..2], &national[3..]);
        }
    }
    // Mexico: +52 1 XXXXXXXXXX ≡ +52 XXXXXXXXXX
    if let Some(national) = d.strip_prefix("521") {
        if national.len() == 10 {
            return format!("+52{national}");
        }
    }
    // Argentina: +54 9 XXXXXXXXXX ≡ +54 XXXXXXXXXX
    if let Some(national) = d.strip_prefix("549") {
        if national.len() == 10 {
            return format!("+54{national}");
        }
    }
    format!("+{d}")
}

/// Whether two numbers (any accepted input form) reach the same line.
pub fn phones_match(a: &str, b: &str) -> bool {
    match (normalize_phone(a, None), normalize_phone(b, None)) {
        (Ok(a), Ok(b)) => phone_match_key(&a) == phone_match_key(&b),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalizes_common_inputs() {
        let cases = [
            ("+34 612 34 56 78", None, "+34612345678"),
            ("0034612345678", None, "+34612345678"),
            ("34612345678", None, "+34612345678"),
            ("612 34 56 78", Some("ES"), "+34612345678"),
            ("(55) 1234-5678", Some("MX"), "+525512345678"),
            ("+1 (415) 555-0123", None, "+14155550123"),
            ("5511987654321", None, "+5511987654321"),
            ("11 98765-4321", Some("br"), "+5511987654321"),
        ];
        for (raw, region, want) in cases {
            assert_eq!(normalize_phone(raw, region).as_deref(), Ok(want), "{raw}");
        }
    }

    #[test]
    fn rejects_garbage_with_a_clear_error() {
        assert_eq!(normalize_phone("  ", None), Err(PhoneError::Empty));
        assert!(matches!(
            normalize_phone("hola", None),
            Err(PhoneError::Invalid(_))
        ));
        assert!(matches!(
            normalize_phone("+12", None),
            Err(PhoneError::Invalid(_))
        ));
        assert!(matches!(
            normalize_phone("612345678", Some("XX")),
            Err(PhoneError::UnknownRegion(_))
        ));
    }

    #[test]
    fn brazil_ninth_digit_matches_both_ways() {
        assert!(phones_match("5511987654321", "551187654321"));
        assert!(phones_match("+55 11 8765-4321", "+55 11 98765-4321"));
        assert!(!phones_match("5511987654321", "5511987654322"));
        // a different area code is a different line
        assert!(!phones_match("5511987654321", "552187654321"));
    }

    #[test]
    fn mexico_and_argentina_mobile_markers() {
        assert!(phones_match("5215512345678", "+52 55 1234 5678"));
        assert!(phones_match("5491155551234", "+54 11 5555-1234"));
    }

    proptest! {
        #[test]
        fn normalization_is_idempotent(n in 600_000_000u64..699_999_999) {
            let once = normalize_phone(&format!("+34{n}"), None).unwrap();
            prop_assert_eq!(normalize_phone(&once, None).unwrap(), once.clone());
            let spaced = format!("0034 {n}");
            prop_assert!(phones_match(&once, &spaced));
        }

        #[test]
        fn brazil_with_and_without_nine(area in proptest::sample::select(vec![11u32, 21, 31, 41, 47, 51, 61, 71, 81, 85, 92]), line in 60_000_000u32..99_999_999) {
            let with9 = format!("55{area}9{line}");
            let without = format!("55{area}{line}");
            prop_assert!(phones_match(&with9, &without));
        }

        #[test]
        fn never_panics_on_any_input(s in "\\PC{0,24}") {
            let _ = normalize_phone(&s, None);
            let _ = normalize_phone(&s, Some("ES"));
        }
    }
}
