//! A realistic mailbox for the sync benchmark, written straight into a
//! Maildir the way a server stores it: a deterministic mix (seeded) of
//! plain text, multipart/alternative and HTML-only newsletters, about a
//! third replies in References chains (`Re:`, `RE:`, `AW:`, `Fwd:`), one in
//! ten with base64 attachments, RFC 2047 names and subjects, Received and
//! DKIM headers, and the flags of a mailbox in use (80 % seen, 10 %
//! answered, 3 % flagged). Sizes follow email.md §3 (p50 ~6 KB, p90 ~50 KB).

use std::io::Write;
use std::path::Path;

use bandeja_domain::email_thread::strip_reply_prefixes;
use base64::Engine;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// The harness's mail owner (`tests/mail/mailserver.sh` users file).
const MAIL_UID: u32 = 65534;

const NAMES: [&str; 12] = [
    "María López García",
    "José Pérez",
    "Lucía Fernández",
    "Jürgen Müller",
    "Ana Ruiz",
    "Carlos Núñez",
    "Elena Vidal",
    "Thomas Wright",
    "Zoë Ibáñez",
    "Pedro Gómez",
    "Marta Sánchez",
    "Iñaki Etxeberria",
];
const SUBJECTS: [&str; 12] = [
    "Presupuesto de reparación",
    "Pedido 5530",
    "Cita para la revisión",
    "Factura pendiente",
    "Garantía del alternador",
    "Neumáticos de invierno",
    "Siniestro n.º 118734",
    "Recambios urgentes",
    "Quarterly maintenance",
    "Horario de verano",
    "Devolución de pieza",
    "Oferta de flota",
];
const WORDS: [&str; 24] = [
    "el",
    "coche",
    "pieza",
    "taller",
    "presupuesto",
    "mañana",
    "gracias",
    "revisión",
    "motor",
    "frenos",
    "aceite",
    "filtro",
    "cliente",
    "entrega",
    "semana",
    "precio",
    "garantía",
    "factura",
    "pedido",
    "urgente",
    "cita",
    "lunes",
    "hasta",
    "saludos",
];

fn q_encode(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    format!(
        "=?UTF-8?B?{}?=",
        base64::engine::general_purpose::STANDARD.encode(s)
    )
}

fn text(rng: &mut StdRng, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 80);
    let mut line = 0;
    while out.len() < bytes {
        let w = WORDS[rng.gen_range(0..WORDS.len())];
        out.push_str(w);
        line += w.len() + 1;
        if line > 70 {
            out.push_str("\r\n");
            line = 0;
        } else {
            out.push(' ');
        }
    }
    out
}

/// A body size: mostly small, a long tail (p50 ~6 KB, p90 ~50 KB).
fn body_size(rng: &mut StdRng) -> usize {
    let u: f64 = rng.gen_range(0.0..1.0);
    (600.0 * (u * 5.0).exp()) as usize
}

fn b64_lines(bytes: &[u8]) -> String {
    let enc = base64::engine::general_purpose::STANDARD.encode(bytes);
    enc.as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).expect("base64 is ascii"))
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// Write `count` messages for `to` into `maildir` (its `cur/`); returns the
/// total bytes written.
pub fn write_mailbox(maildir: &Path, to: &str, count: usize, seed: u64) -> std::io::Result<u64> {
    for d in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(d))?;
        std::os::unix::fs::chown(maildir.join(d), Some(MAIL_UID), Some(MAIL_UID))?;
    }
    std::os::unix::fs::chown(maildir, Some(MAIL_UID), Some(MAIL_UID))?;
    let mut rng = StdRng::seed_from_u64(seed);
    let start = chrono::Utc::now() - chrono::Duration::days(25);
    let mut ids: Vec<(String, String, Vec<String>)> = Vec::new(); // (id, subject, references)
    let mut total = 0u64;
    for i in 0..count {
        let name = NAMES[rng.gen_range(0..NAMES.len())];
        let from = format!(
            "{}{}@cliente{}.example",
            name.split(' ')
                .next()
                .unwrap_or("x")
                .to_lowercase()
                .replace(['í', 'é', 'ü', 'ñ', 'ë', 'ó'], "x"),
            i % 300,
            i % 37
        );
        let id = format!("{i}.{}@bench.example", rng.gen::<u32>());
        let date =
            start + chrono::Duration::seconds((i as i64) * 25 * 86_400 / count.max(1) as i64);
        let (subject, refs) = if !ids.is_empty() && rng.gen_bool(0.36) {
            let parent = &ids[rng.gen_range(ids.len().saturating_sub(400)..ids.len())];
            let prefix = ["Re: ", "RE: ", "AW: ", "Fwd: "][rng.gen_range(0..4)];
            let mut refs = parent.2.clone();
            refs.push(parent.0.clone());
            if refs.len() > 10 {
                refs.drain(..refs.len() - 10);
            }
            (format!("{prefix}{}", parent.1), refs)
        } else {
            (
                SUBJECTS[rng.gen_range(0..SUBJECTS.len())].to_string(),
                Vec::new(),
            )
        };
        let mut m = String::new();
        m.push_str(&format!("Return-Path: <{from}>\r\nReceived: from mx.cliente.example (mx.cliente.example [192.0.2.{}])\r\n\tby mail.example.test with ESMTPS id {i:08x}; {}\r\n", i % 250, date.to_rfc2822()));
        m.push_str("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=cliente.example; s=sel1;\r\n\th=from:to:subject:date:message-id; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n\tb=dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZSBidXQgaXQgbG9va3MgbGlrZSBvbmU=\r\n");
        m.push_str(&format!("From: {} <{from}>\r\nTo: {to}\r\nSubject: {}\r\nDate: {}\r\nMessage-ID: <{id}>\r\nMIME-Version: 1.0\r\n", q_encode(name), q_encode(&subject), date.to_rfc2822()));
        if let Some(parent) = refs.last() {
            m.push_str(&format!(
                "In-Reply-To: <{parent}>\r\nReferences: {}\r\n",
                refs.iter()
                    .map(|r| format!("<{r}>"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ));
        }
        let size = body_size(&mut rng);
        let kind: f64 = rng.gen_range(0.0..1.0);
        let attach = rng.gen_bool(0.10);
        let body_text = text(&mut rng, size);
        let body = if kind < 0.13 {
            m.push_str("List-Unsubscribe: <mailto:baja@boletin.example>\r\n");
            let html = format!("<html><body><table width=\"600\"><tr><td style=\"font-family:Arial\"><h1>Boletín</h1><p>{}</p><img src=\"https://boletin.example/pixel.gif\"></td></tr></table></body></html>", body_text.replace("\r\n", "<br>"));
            ("text/html; charset=utf-8".to_string(), html)
        } else if kind < 0.58 {
            let html = format!(
                "<div dir=\"ltr\">{}</div>",
                body_text.replace("\r\n", "<br>")
            );
            let alt = format!("--alt{i}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body_text}\r\n--alt{i}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{html}\r\n--alt{i}--\r\n");
            (format!("multipart/alternative; boundary=\"alt{i}\""), alt)
        } else {
            ("text/plain; charset=utf-8".to_string(), body_text)
        };
        if attach {
            m.push_str(&format!("Content-Type: multipart/mixed; boundary=\"mix{i}\"\r\n\r\n--mix{i}\r\nContent-Type: {}\r\n\r\n{}\r\n", body.0, body.1));
            for a in 0..rng.gen_range(1..=3) {
                let n = rng.gen_range(10_000..120_000);
                let bytes: Vec<u8> = (0..n).map(|_| rng.gen()).collect();
                m.push_str(&format!("--mix{i}\r\nContent-Type: application/pdf; name=\"doc{a}.pdf\"\r\nContent-Disposition: attachment; filename=\"doc{a}.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n", b64_lines(&bytes)));
            }
            m.push_str(&format!("--mix{i}--\r\n"));
        } else {
            m.push_str(&format!("Content-Type: {}\r\n\r\n{}\r\n", body.0, body.1));
        }
        let r: f64 = rng.gen_range(0.0..1.0);
        let flags = match r {
            r if r < 0.10 => "RS",
            r if r < 0.13 => "FS",
            r if r < 0.80 => "S",
            _ => "",
        };
        let file = maildir.join("cur").join(format!(
            "{}.M{i}P1.bench,S={}:2,{flags}",
            date.timestamp(),
            m.len()
        ));
        let mut f = std::fs::File::create(&file)?;
        f.write_all(m.as_bytes())?;
        // Dovecot reads mail as the virtual users' uid (65534 in the harness)
        std::os::unix::fs::chown(&file, Some(MAIL_UID), Some(MAIL_UID))?;
        total += m.len() as u64;
        ids.push((id, strip_reply_prefixes(&subject).to_string(), refs));
    }
    Ok(total)
}
