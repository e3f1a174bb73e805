//! The WhatsApp business profile customers see (about text, address,
//! description, email, websites, industry), with Meta's field limits.
//!
//! Meta refuses an update as a whole with one terse "Param … must be …"
//! message; [`validate_profile`] checks every field up front so the settings
//! form can mark each offending field before anything is sent.

use serde::{Deserialize, Serialize};

pub const ABOUT_MAX: usize = 139;
pub const ADDRESS_MAX: usize = 256;
pub const DESCRIPTION_MAX: usize = 512;
pub const EMAIL_MAX: usize = 128;
pub const MAX_WEBSITES: usize = 2;
pub const WEBSITE_MAX: usize = 256;

/// Meta's industry values for `vertical` (`""` is also accepted: unset).
pub const VERTICALS: &[&str] = &[
    "ALCOHOL",
    "APPAREL",
    "AUTO",
    "BEAUTY",
    "EDU",
    "ENTERTAIN",
    "EVENT_PLAN",
    "FINANCE",
    "GOVT",
    "GROCERY",
    "HEALTH",
    "HOTEL",
    "NONPROFIT",
    "ONLINE_GAMBLING",
    "OTC_DRUGS",
    "OTHER",
    "PHYSICAL_GAMBLING",
    "PROF_SERVICES",
    "RESTAURANT",
    "RETAIL",
    "TRAVEL",
];

/// The profile as Meta returns it. `None` = not set (or not returned).
/// `vertical` is kept as a string because Meta returns values outside its
/// documented list; only writing one is checked.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessProfile {
    pub about: Option<String>,
    pub address: Option<String>,
    pub description: Option<String>,
    pub email: Option<String>,
    #[serde(default)]
    pub websites: Vec<String>,
    pub vertical: Option<String>,
    /// Read-only; the picture is changed through an upload handle.
    pub profile_picture_url: Option<String>,
}

/// A field Meta would refuse.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileProblem {
    /// `about`, `email`, `websites[1]`, …
    pub field: String,
    /// Stable machine code, e.g. `about_too_long`.
    pub code: String,
    /// One English sentence.
    pub message: String,
}

impl std::fmt::Display for ProfileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

fn problem(field: impl Into<String>, code: &str, message: impl Into<String>) -> ProfileProblem {
    ProfileProblem {
        field: field.into(),
        code: code.into(),
        message: message.into(),
    }
}

fn too_long(field: &str, value: &Option<String>, max: usize, out: &mut Vec<ProfileProblem>) {
    if value.as_ref().is_some_and(|v| v.chars().count() > max) {
        out.push(problem(
            field,
            &format!("{field}_too_long"),
            format!("The {field} must be at most {max} characters."),
        ));
    }
}

/// A plausible address: something@domain.tld, no spaces, one `@`.
fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
        && domain.split('.').filter(|l| !l.is_empty()).count() >= 2
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// Every field Meta would refuse; empty means the update can be sent.
pub fn validate_profile(p: &BusinessProfile) -> Vec<ProfileProblem> {
    let mut out = Vec::new();
    if let Some(about) = &p.about {
        if about.trim().is_empty() {
            out.push(problem(
                "about",
                "about_empty",
                "The about text can't be empty.",
            ));
        }
    }
    too_long("about", &p.about, ABOUT_MAX, &mut out);
    too_long("address", &p.address, ADDRESS_MAX, &mut out);
    too_long("description", &p.description, DESCRIPTION_MAX, &mut out);
    if let Some(email) = &p.email {
        if email.len() > EMAIL_MAX {
            out.push(problem(
                "email",
                "email_too_long",
                format!("The email must be at most {EMAIL_MAX} characters."),
            ));
        } else if !looks_like_email(email) {
            out.push(problem(
                "email",
                "email_invalid",
                format!("{email:?} is not an email address."),
            ));
        }
    }
    if p.websites.len() > MAX_WEBSITES {
        out.push(problem(
            "websites",
            "too_many_websites",
            format!("At most {MAX_WEBSITES} websites."),
        ));
    }
    for (i, w) in p.websites.iter().enumerate() {
        if !(w.starts_with("https://") || w.starts_with("http://")) || w.contains(' ') {
            out.push(problem(
                format!("websites[{i}]"),
                "website_invalid",
                "A website must start with https:// or http://.",
            ));
        } else if w.len() > WEBSITE_MAX {
            out.push(problem(
                format!("websites[{i}]"),
                "website_too_long",
                format!("A website must be at most {WEBSITE_MAX} characters."),
            ));
        }
    }
    if let Some(v) = &p.vertical {
        if !v.is_empty() && !VERTICALS.contains(&v.as_str()) {
            out.push(problem(
                "vertical",
                "vertical_invalid",
                format!("{v:?} is not one of WhatsApp's industries."),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture_profile() -> BusinessProfile {
        let path = format!(
            "{}/../../../shared/fixtures/whatsapp/business_profile_response.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        serde_json::from_value(v["data"][0].clone()).unwrap()
    }

    #[test]
    fn the_fixture_profile_reads_and_is_valid() {
        let p = fixture_profile();
        assert_eq!(p.vertical.as_deref(), Some("APPAREL"));
        assert_eq!(p.websites, vec!["https://tienda.example.invalid/"]);
        assert_eq!(validate_profile(&p), vec![]);
        // missing fields are None / empty
        let p: BusinessProfile = serde_json::from_str(r#"{"about":"Hola"}"#).unwrap();
        assert_eq!((p.email, p.websites.len()), (None, 0));
    }

    type Break = fn(&mut BusinessProfile);

    /// (what, how to break the fixture profile, field, code)
    #[rustfmt::skip]
    const CASES: &[(&str, Break, &str, &str)] = &[
        ("empty about", |p| p.about = Some(String::new()), "about", "about_empty"),
        ("about 140", |p| p.about = Some("a".repeat(140)), "about", "about_too_long"),
        ("address 257", |p| p.address = Some("a".repeat(257)), "address", "address_too_long"),
        ("description 513", |p| p.description = Some("d".repeat(513)), "description", "description_too_long"),
        ("email empty", |p| p.email = Some(String::new()), "email", "email_invalid"),
        ("email no at", |p| p.email = Some("hola.example.invalid".into()), "email", "email_invalid"),
        ("email no tld", |p| p.email = Some("hola@tienda".into()), "email", "email_invalid"),
        ("email space", |p| p.email = Some("ho la@tienda.example".into()), "email", "email_invalid"),
        ("email two at", |p| p.email = Some("a@b@c.example".into()), "email", "email_invalid"),
        ("email 129", |p| p.email = Some(format!("{}@t.example", "a".repeat(119))), "email", "email_too_long"),
        ("three websites", |p| p.websites = vec!["https://a.example".into(); 3], "websites", "too_many_websites"),
        ("website not http", |p| p.websites = vec!["tienda.example".into()], "websites[0]", "website_invalid"),
        ("website 257", |p| p.websites = vec![format!("https://{}", "w".repeat(249))], "websites[0]", "website_too_long"),
        ("vertical unknown", |p| p.vertical = Some("INDUSTRY".into()), "vertical", "vertical_invalid"),
    ];

    #[test]
    fn each_limit_is_reported_on_its_field() {
        let cases = CASES;
        for (what, break_it, field, code) in cases {
            let mut p = fixture_profile();
            break_it(&mut p);
            let got: Vec<(String, String)> = validate_profile(&p)
                .into_iter()
                .map(|x| (x.field, x.code))
                .collect();
            assert_eq!(got, vec![(field.to_string(), code.to_string())], "{what}");
        }
        // the limits themselves are fine
        let mut p = fixture_profile();
        p.about = Some("é".repeat(139));
        p.websites = vec!["http://a.example".into(), "https://b.example".into()];
        p.vertical = Some(String::new());
        assert_eq!(validate_profile(&p), vec![]);
    }
}
