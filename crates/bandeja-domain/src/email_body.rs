//! The body of an email as Bandeja writes and shows it (EMAIL-5, EMAIL-6):
//! the member's text, the signature (text and rich HTML), the quoted parent
//! under an attribution line; and, for showing, where the quoted history of
//! an incoming plain-text mail starts so the UI can fold it.

/// A signature in both forms a mail carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature<'a> {
    pub text: &'a str,
    /// Rich HTML (logo, links), already sanitized by whoever saved it.
    pub html: &'a str,
}

/// The parent of a reply or forward, quoted under `attribution`
/// ("El lun., 16 nov. 2026, Ana Ruiz escribió:"; the caller localizes it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quoted<'a> {
    pub attribution: &'a str,
    pub text: &'a str,
    /// The parent's HTML, sanitized, when it had one.
    pub html: Option<&'a str>,
}

/// The two bodies of an outgoing mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bodies {
    pub text: String,
    pub html: String,
}

/// Escape text for HTML, keeping line breaks.
pub fn text_to_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push_str("<br>");
        }
        for c in line.trim_end_matches('\r').chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
    }
    out
}

/// Compose the member's `text` with an optional signature and quote. The
/// signature goes under the answer and above the quote (where people read
/// it), after the conventional `-- ` line in the text body.
pub fn compose(
    text: &str,
    signature: Option<&Signature<'_>>,
    quoted: Option<&Quoted<'_>>,
) -> Bodies {
    let mut plain = text.trim_end().to_string();
    let mut html = format!("<div>{}</div>", text_to_html(text.trim_end()));
    if let Some(sig) = signature.filter(|s| !s.text.trim().is_empty() || !s.html.trim().is_empty())
    {
        plain.push_str("\n\n-- \n");
        plain.push_str(sig.text.trim_end());
        let sig_html = if sig.html.trim().is_empty() {
            text_to_html(sig.text.trim_end())
        } else {
            sig.html.to_string()
        };
        html.push_str(&format!(
            "<br><div class=\"bandeja-signature\">{sig_html}</div>"
        ));
    }
    if let Some(q) = quoted {
        plain.push_str("\n\n");
        plain.push_str(q.attribution);
        plain.push('\n');
        for line in q.text.trim_end().lines() {
            if line.is_empty() {
                plain.push_str(">\n");
            } else {
                plain.push_str("> ");
                plain.push_str(line);
                plain.push('\n');
            }
        }
        let inner = match q.html {
            Some(h) => h.to_string(),
            None => text_to_html(q.text.trim_end()),
        };
        html.push_str(&format!(
            "<br><div>{}</div><blockquote type=\"cite\" style=\"margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex\">{inner}</blockquote>",
            text_to_html(q.attribution)
        ));
    }
    Bodies {
        text: if plain.ends_with('\n') {
            plain
        } else {
            plain + "\n"
        },
        html,
    }
}

/// The line above a quoted parent: "El 23/11/2026 a las 09:05, Bob
/// <bob@x> escribió:" or its English form, at the parent's local time.
pub fn attribution(
    written: Option<chrono::DateTime<chrono::FixedOffset>>,
    name: Option<&str>,
    address: &str,
    spanish: bool,
) -> String {
    let who = match name.filter(|n| !n.trim().is_empty()) {
        Some(name) => format!("{name} <{address}>"),
        None => format!("<{address}>"),
    };
    match (written, spanish) {
        (Some(t), true) => format!("El {}, {who} escribió:", t.format("%d/%m/%Y a las %H:%M")),
        (Some(t), false) => format!("On {}, {who} wrote:", t.format("%b %-d, %Y at %H:%M")),
        (None, true) => format!("{who} escribió:"),
        (None, false) => format!("{who} wrote:"),
    }
}

/// Where the quoted history of a plain-text mail starts (a byte offset), so
/// the viewer can fold it: the attribution line of a trailing quote block
/// ("On … wrote:", "El … escribió:", "Am … schrieb …:", "Le … a écrit :")
/// or the block's first `>` line, or Outlook's "-----Original Message-----".
/// `None` when the mail ends with new text.
pub fn quoted_history_start(text: &str) -> Option<usize> {
    let lines: Vec<(usize, &str)> = {
        let mut at = 0;
        text.split_inclusive('\n')
            .map(|l| {
                let start = at;
                at += l.len();
                (start, l.trim_end_matches(['\r', '\n']))
            })
            .collect()
    };
    if let Some((start, _)) = lines.iter().find(|(_, l)| {
        let t = l.trim();
        t.starts_with("-----Original Message-----") || t.starts_with("-----Mensaje original-----")
    }) {
        return Some(*start);
    }
    // the last non-blank line must be quoted
    let last = lines.iter().rposition(|(_, l)| !l.trim().is_empty())?;
    if !lines[last].1.trim_start().starts_with('>') {
        return None;
    }
    let mut first = last;
    while first > 0 {
        let prev = lines[first - 1].1.trim_start();
        if prev.starts_with('>') || prev.is_empty() {
            first -= 1;
        } else {
            break;
        }
    }
    // the attribution may stand a blank line above the quote
    if first > 0 && is_attribution(lines[first - 1].1) {
        return Some(lines[first - 1].0);
    }
    while lines[first].1.trim().is_empty() {
        first += 1;
    }
    Some(lines[first].0)
}

fn is_attribution(line: &str) -> bool {
    let t = line.trim().to_lowercase();
    (t.ends_with(':') || t.ends_with(": "))
        && [
            "wrote",
            "escribió",
            "schrieb",
            "a écrit",
            "escreveu",
            "scritto",
            "skrev",
        ]
        .iter()
        .any(|w| t.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribution_names_the_parent_in_the_members_language() {
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-23T09:05:00+01:00").unwrap();
        assert_eq!(
            attribution(Some(t), Some("Bob Cliente"), "bob@x.test", true),
            "El 23/11/2026 a las 09:05, Bob Cliente <bob@x.test> escribió:"
        );
        assert_eq!(
            attribution(Some(t), None, "bob@x.test", false),
            "On Nov 23, 2026 at 09:05, <bob@x.test> wrote:"
        );
        // no date, or a blank name
        assert_eq!(
            attribution(None, Some(" "), "bob@x.test", true),
            "<bob@x.test> escribió:"
        );
        // what we write is what the viewer folds
        let reply = format!(
            "Gracias\n\n{}\n> hola",
            attribution(Some(t), None, "b@x", true)
        );
        assert_eq!(quoted_history_start(&reply), Some("Gracias\n\n".len()));
    }

    #[test]
    fn the_answer_the_signature_then_the_quote() {
        let sig = Signature {
            text: "Tienda Centro\nwww.tienda.example",
            html: "<b>Tienda Centro</b> <a href=\"https://tienda.example\">web</a>",
        };
        let q = Quoted {
            attribution: "El lun., 16 nov. 2026, Ana Ruiz escribió:",
            text: "Hola, ¿tienen la talla M?\n\n¿Y en azul?",
            html: None,
        };
        let b = compose("Sí, quedan 3 <M>.", Some(&sig), Some(&q));
        assert_eq!(
            b.text,
            "Sí, quedan 3 <M>.\n\n-- \nTienda Centro\nwww.tienda.example\n\n\
             El lun., 16 nov. 2026, Ana Ruiz escribió:\n> Hola, ¿tienen la talla M?\n>\n> ¿Y en azul?\n"
        );
        assert!(b.html.starts_with("<div>Sí, quedan 3 &lt;M&gt;.</div>"));
        let sig_at = b.html.find("bandeja-signature").unwrap();
        let quote_at = b.html.find("<blockquote").unwrap();
        assert!(sig_at < quote_at);
        assert!(b.html.contains("<b>Tienda Centro</b>"));
        assert!(b
            .html
            .contains("Hola, ¿tienen la talla M?<br><br>¿Y en azul?"));
    }

    #[test]
    fn no_signature_no_quote_and_blank_signatures_are_left_out() {
        let b = compose("Gracias\n", None, None);
        assert_eq!(b.text, "Gracias\n");
        assert_eq!(b.html, "<div>Gracias</div>");
        let blank = Signature {
            text: " ",
            html: "",
        };
        assert_eq!(compose("Gracias", Some(&blank), None), b);
        let text_only = Signature {
            text: "Ana & Co",
            html: "",
        };
        assert!(compose("x", Some(&text_only), None)
            .html
            .contains("Ana &amp; Co"));
    }

    #[test]
    fn quoted_history_is_found_in_the_usual_shapes() {
        let gmail = "Perfecto, gracias.\n\nOn Mon, Nov 16, 2026 at 10:00 AM Tienda <v@t> wrote:\n> Sí, quedan 3.\n> \n";
        let at = quoted_history_start(gmail).unwrap();
        assert!(gmail[at..].starts_with("On Mon"));
        assert_eq!(&gmail[..at], "Perfecto, gracias.\n\n");

        let spanish = "Vale.\nEl lun, 16 nov 2026, Tienda escribió:\n\n> Sí.\n";
        assert!(spanish[quoted_history_start(spanish).unwrap()..].starts_with("El lun"));

        let outlook = "De acuerdo.\r\n\r\n-----Original Message-----\r\nFrom: Tienda\r\nSí.\r\n";
        assert!(outlook[quoted_history_start(outlook).unwrap()..].starts_with("-----Original"));

        let bare = "> citado\n> más\n";
        assert_eq!(quoted_history_start(bare), Some(0));
        // inline answers between quotes end with new text: nothing to fold
        assert_eq!(
            quoted_history_start("> ¿talla?\nM\n> ¿color?\nAzul\n"),
            None
        );
        assert_eq!(quoted_history_start("Sin citas."), None);
        assert_eq!(quoted_history_start(""), None);
    }
}
