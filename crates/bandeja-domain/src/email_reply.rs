//! The headers and subject of an answer (EMAIL-5), as pure rules: a reply
//! carries `In-Reply-To` = the parent's Message-ID and `References` = the
//! parent's References plus that id (RFC 5322 §3.6.4), trimmed from the
//! front when long; the subject gets one `Re:`/`Fwd:`; reply-all answers
//! everyone but ourselves; our Message-IDs use the account's own domain
//! (lettre would use the machine's hostname, which hurts threading and spam
//! scores; email.md §2).

use std::collections::HashSet;

use crate::email_thread::strip_reply_prefixes;

/// Most ids kept in `References`: enough for any real thread, and short
/// enough for servers that cap header length.
pub const MAX_REFERENCES: usize = 20;

/// What kind of answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Reply,
    ReplyAll,
    Forward,
}

/// The message being answered, as parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parent<'a> {
    pub message_id: Option<&'a str>,
    /// Oldest first.
    pub references: &'a [String],
    pub subject: &'a str,
    pub from: &'a str,
    pub reply_to: &'a [String],
    pub to: &'a [String],
    pub cc: &'a [String],
}

/// Threading headers of the answer (ids without angle brackets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerHeaders {
    pub in_reply_to: Option<String>,
    /// Oldest first, at most [`MAX_REFERENCES`].
    pub references: Vec<String>,
    pub subject: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
}

/// The headers of `answer` to `parent`, written from `own` addresses (the
/// account's, lower-case) — never answered to.
pub fn answer_headers(answer: Answer, parent: &Parent<'_>, own: &[String]) -> AnswerHeaders {
    let mut references: Vec<String> = parent.references.to_vec();
    if let Some(id) = parent.message_id {
        if !references.iter().any(|r| r == id) {
            references.push(id.to_string());
        }
    }
    if references.len() > MAX_REFERENCES {
        // keep the thread's root and the newest ancestors
        let tail = references.split_off(references.len() - (MAX_REFERENCES - 1));
        references.truncate(1);
        references.extend(tail);
    }
    let prefix = if answer == Answer::Forward {
        "Fwd"
    } else {
        "Re"
    };
    let base = strip_reply_prefixes(parent.subject)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let subject = if base.is_empty() {
        format!("{prefix}:")
    } else {
        format!("{prefix}: {base}")
    };
    let mut seen: HashSet<String> = own.iter().map(|a| a.to_ascii_lowercase()).collect();
    let mut pick = |list: &[String]| -> Vec<String> {
        list.iter()
            .map(|a| a.trim().to_ascii_lowercase())
            .filter(|a| !a.is_empty() && seen.insert(a.clone()))
            .collect()
    };
    let (to, cc) = match answer {
        Answer::Forward => (Vec::new(), Vec::new()),
        Answer::Reply | Answer::ReplyAll => {
            let first = if parent.reply_to.is_empty() {
                vec![parent.from.to_string()]
            } else {
                parent.reply_to.to_vec()
            };
            // our own mail answered again goes to its recipients
            let mut to = pick(&first);
            if to.is_empty() {
                to = pick(parent.to);
            }
            let cc = if answer == Answer::ReplyAll {
                let mut rest = pick(parent.to);
                rest.extend(pick(parent.cc));
                rest
            } else {
                Vec::new()
            };
            (to, cc)
        }
    };
    AnswerHeaders {
        in_reply_to: (answer != Answer::Forward)
            .then(|| parent.message_id.map(str::to_string))
            .flatten(),
        references: if answer == Answer::Forward {
            Vec::new()
        } else {
            references
        },
        subject,
        to,
        cc,
    }
}

/// A Message-ID for mail sent from `account_address`: `unique` (random,
/// from the caller) on the account's domain.
pub fn message_id(unique: &str, account_address: &str) -> String {
    let domain = account_address
        .rsplit_once('@')
        .map(|(_, d)| d)
        .filter(|d| !d.is_empty())
        .unwrap_or("bandeja.invalid");
    format!("{unique}@{domain}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_reply_threads_under_its_parent() {
        let refs = s(&["root@c", "mid@c"]);
        let parent = Parent {
            message_id: Some("last@c"),
            references: &refs,
            subject: "RE: re: Pedido 123",
            from: "Ana@Cliente.example",
            ..Default::default()
        };
        let h = answer_headers(Answer::Reply, &parent, &s(&["ventas@tienda.example"]));
        assert_eq!(h.in_reply_to.as_deref(), Some("last@c"));
        assert_eq!(h.references, s(&["root@c", "mid@c", "last@c"]));
        assert_eq!(h.subject, "Re: Pedido 123");
        assert_eq!(h.to, s(&["ana@cliente.example"]));
        assert!(h.cc.is_empty());
    }

    #[test]
    fn reply_all_answers_everyone_but_us_once() {
        let to = s(&["ventas@tienda.example", "luis@otro.example"]);
        let cc = s(&["ANA@cliente.example", "marta@correo.example"]);
        let reply_to = s(&["pedidos@cliente.example"]);
        let parent = Parent {
            message_id: Some("p@c"),
            subject: "Pedido",
            from: "ana@cliente.example",
            reply_to: &reply_to,
            to: &to,
            cc: &cc,
            ..Default::default()
        };
        let h = answer_headers(Answer::ReplyAll, &parent, &s(&["ventas@tienda.example"]));
        assert_eq!(h.to, s(&["pedidos@cliente.example"]));
        assert_eq!(
            h.cc,
            s(&[
                "luis@otro.example",
                "ana@cliente.example",
                "marta@correo.example"
            ])
        );
    }

    #[test]
    fn answering_our_own_mail_goes_to_its_recipients() {
        let to = s(&["ana@cliente.example"]);
        let parent = Parent {
            message_id: Some("s1@tienda"),
            subject: "Re: Pedido",
            from: "ventas@tienda.example",
            to: &to,
            ..Default::default()
        };
        let h = answer_headers(Answer::Reply, &parent, &s(&["ventas@tienda.example"]));
        assert_eq!(h.to, s(&["ana@cliente.example"]));
    }

    #[test]
    fn forwards_start_fresh_and_long_chains_keep_root_and_newest() {
        let refs: Vec<String> = (0..30).map(|n| format!("r{n}@c")).collect();
        let parent = Parent {
            message_id: Some("r30@c"),
            references: &refs,
            subject: "Fwd: AW: Angebot",
            from: "x@y",
            ..Default::default()
        };
        let fwd = answer_headers(Answer::Forward, &parent, &[]);
        assert_eq!(fwd.subject, "Fwd: Angebot");
        assert!(fwd.in_reply_to.is_none() && fwd.references.is_empty() && fwd.to.is_empty());
        let re = answer_headers(Answer::Reply, &parent, &[]);
        assert_eq!(re.references.len(), MAX_REFERENCES);
        assert_eq!(re.references.first().unwrap(), "r0@c");
        assert_eq!(re.references.last().unwrap(), "r30@c");
        assert_eq!(re.references[1], "r12@c");
    }

    #[test]
    fn empty_subjects_and_ids_on_the_account_domain() {
        let parent = Parent {
            subject: "",
            from: "a@b",
            ..Default::default()
        };
        assert_eq!(answer_headers(Answer::Reply, &parent, &[]).subject, "Re:");
        assert_eq!(
            message_id("k3j2", "Ventas@Tienda.example"),
            "k3j2@Tienda.example"
        );
        assert_eq!(message_id("k3j2", "broken"), "k3j2@bandeja.invalid");
    }
}
