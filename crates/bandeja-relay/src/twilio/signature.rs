//! Twilio's `X-Twilio-Signature`, as a pure function (twilio-whatsapp.md §5).
//!
//! Twilio signs the URL it requested followed by every form parameter, sorted,
//! as `name` + decoded `value` with no separators: HMAC-SHA1 with the account's
//! auth token, base64. There is no official Rust SDK, so this ports the
//! reference validator and is pinned to its vectors. Twilio's own signing is
//! inconsistent about the default port, so like the SDK a URL is accepted
//! written with or without `:443`/`:80`.

use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;

/// The request header carrying the signature.
pub const HEADER_NAME: &str = "x-twilio-signature";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("no X-Twilio-Signature header")]
    Missing,
    #[error("X-Twilio-Signature does not match the URL and parameters")]
    Mismatch,
}

/// The form parameters of `body`, decoded (`+` → space, `%3A` → `:`), sorted
/// by name then value in byte order (repeated names keep every value).
pub fn sorted_params(body: &[u8]) -> Vec<(String, String)> {
    let mut params: Vec<(String, String)> = form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    params.sort();
    params
}

/// The base64 signature of `url` + form `body` under `auth_token`.
pub fn sign(auth_token: &[u8], url: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(auth_token).expect("HMAC takes any key length");
    mac.update(url.as_bytes());
    for (name, value) in sorted_params(body) {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// `url` as written, plus the same URL with the scheme's default port added
/// (when it has no port) or removed (when it has the default one).
pub fn url_forms(url: &str) -> Vec<String> {
    let mut forms = vec![url.to_string()];
    let Some((scheme, rest)) = url.split_once("://") else {
        return forms;
    };
    let default = match scheme.to_ascii_lowercase().as_str() {
        "https" => "443",
        "http" => "80",
        _ => return forms,
    };
    let split = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(split);
    let host_end = authority
        .rfind(':')
        .filter(|&i| !authority[i..].contains(']'));
    let other = match host_end {
        Some(i) if &authority[i + 1..] == default => authority[..i].to_string(),
        Some(_) => return forms,
        None => format!("{authority}:{default}"),
    };
    forms.push(format!("{scheme}://{other}{tail}"));
    forms
}

/// Check `header` against `url` (in either port form) and `body`, comparing
/// in constant time.
pub fn verify(
    auth_token: &[u8],
    url: &str,
    body: &[u8],
    header: Option<&str>,
) -> Result<(), SignatureError> {
    use subtle::ConstantTimeEq;
    let given = header.ok_or(SignatureError::Missing)?.trim().as_bytes();
    let mut ok = false;
    for form in url_forms(url) {
        let expected = sign(auth_token, &form, body);
        ok |= expected.len() == given.len() && bool::from(expected.as_bytes().ct_eq(given));
    }
    ok.then_some(()).ok_or(SignatureError::Mismatch)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &[u8] = b"0123456789abcdef0123456789abcdef";
    const URL: &str = "https://relay.bandeja.example/twilio/inbound?tenant=t_0001";
    const T1_BODY: &str = "AccountSid=AC00000000000000000000000000000001&ApiVersion=2010-04-01&Body=Hola&From=whatsapp%3A%2B15550100123&MessageSid=SM00000000000000000000000000005001&NumMedia=0&ProfileName=Ana+Ruiz&SmsMessageSid=SM00000000000000000000000000005001&SmsSid=SM00000000000000000000000000005001&SmsStatus=received&To=whatsapp%3A%2B15550100001&WaId=15550100123";

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/../../../shared/fixtures/twilio/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn vector_t1_inbound_text() {
        assert_eq!(
            sign(TOKEN, URL, T1_BODY.as_bytes()),
            "puq6Z0zy8jq+VSotw6uRf7YuNbM="
        );
        assert_eq!(fixture("signature_vector_body.txt"), T1_BODY.as_bytes());
    }

    #[test]
    fn vector_t1_with_the_default_port_and_both_accepted() {
        let with_port = "https://relay.bandeja.example:443/twilio/inbound?tenant=t_0001";
        assert_eq!(
            sign(TOKEN, with_port, T1_BODY.as_bytes()),
            "G/ajlMV/nSazcJSJ7wBjFc7QId4="
        );
        for header in [
            "puq6Z0zy8jq+VSotw6uRf7YuNbM=",
            "G/ajlMV/nSazcJSJ7wBjFc7QId4=",
        ] {
            assert_eq!(verify(TOKEN, URL, T1_BODY.as_bytes(), Some(header)), Ok(()));
            assert_eq!(
                verify(TOKEN, with_port, T1_BODY.as_bytes(), Some(header)),
                Ok(())
            );
        }
    }

    #[test]
    fn vector_t1_negative_checks() {
        let other_tenant = URL.replace("t_0001", "t_0002");
        assert_eq!(
            verify(
                TOKEN,
                &other_tenant,
                T1_BODY.as_bytes(),
                Some("puq6Z0zy8jq+VSotw6uRf7YuNbM=")
            ),
            Err(SignatureError::Mismatch)
        );
        // signing the raw, still-encoded values gives another signature
        let mut mac = Hmac::<Sha1>::new_from_slice(TOKEN).unwrap();
        mac.update(URL.as_bytes());
        for pair in T1_BODY.split('&') {
            mac.update(pair.replace('=', "").as_bytes());
        }
        let raw = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        assert_eq!(
            verify(TOKEN, URL, T1_BODY.as_bytes(), Some(&raw)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(TOKEN, URL, T1_BODY.as_bytes(), None),
            Err(SignatureError::Missing)
        );
        assert_eq!(
            verify(
                b"another",
                URL,
                T1_BODY.as_bytes(),
                Some("puq6Z0zy8jq+VSotw6uRf7YuNbM=")
            ),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn vector_t2_unsorted_image_body_is_sorted() {
        assert_eq!(
            sign(TOKEN, URL, &fixture("inbound_image.txt")),
            "6zDISnMTKlN58RNAJODEGOXRBf8="
        );
    }

    #[test]
    fn vector_t3_status_callback() {
        let url = "https://relay.bandeja.example/twilio/status?tenant=t_0001";
        assert_eq!(
            sign(TOKEN, url, &fixture("status_delivered.txt")),
            "MHxJNAO+zCJzizZFcEy7ZybkqCU="
        );
    }

    #[test]
    fn vector_t0_twilio_sdk() {
        let body = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";
        assert_eq!(
            sign(
                b"12345",
                "https://mycompany.com/myapp.php?foo=1&bar=2",
                body.as_bytes()
            ),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8="
        );
    }

    #[test]
    fn url_forms_add_or_drop_the_default_port_only() {
        assert_eq!(
            url_forms("https://h.example/p?q=1"),
            ["https://h.example/p?q=1", "https://h.example:443/p?q=1"]
        );
        assert_eq!(
            url_forms("https://h.example:443/p"),
            ["https://h.example:443/p", "https://h.example/p"]
        );
        assert_eq!(
            url_forms("http://h.example"),
            ["http://h.example", "http://h.example:80"]
        );
        assert_eq!(
            url_forms("https://h.example:8443/p"),
            ["https://h.example:8443/p"]
        );
        assert_eq!(
            url_forms("https://[::1]/p"),
            ["https://[::1]/p", "https://[::1]:443/p"]
        );
    }

    #[test]
    fn repeated_names_keep_every_value_sorted() {
        assert_eq!(
            sorted_params(b"b=2&a=y&a=x"),
            [
                ("a".into(), "x".into()),
                ("a".into(), "y".into()),
                ("b".into(), "2".into())
            ]
        );
    }
}
