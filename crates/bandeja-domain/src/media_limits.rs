//! Which files WhatsApp accepts, and how big they may be.
//!
//! Meta refuses an unsupported or oversized upload only after the whole file
//! went over the network (and a wrong MIME type can even surface later as a
//! failed delivery). Checking the type and size first lets the composer say
//! "PDFs up to 100 MB" before anything is sent.
//!
//! Limits are Meta's (research doc §5). Sizes are decimal megabytes
//! (1 MB = 1 000 000 bytes): Meta does not say whether it means 10⁶ or 2²⁰,
//! and the smaller reading never lets through a file Meta would refuse.
//! Stickers are `image/webp` only; Bandeja cannot tell static from animated
//! stickers without decoding them, so it allows the animated limit (500 KB).

use serde::{Deserialize, Serialize};

const MB: u64 = 1_000_000;
const KB: u64 = 1_000;

/// The kind of WhatsApp message a file is sent as.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    Image,
    Video,
    Audio,
    Document,
    Sticker,
}

impl MediaKind {
    pub const ALL: &'static [MediaKind] = &[
        MediaKind::Image,
        MediaKind::Video,
        MediaKind::Audio,
        MediaKind::Document,
        MediaKind::Sticker,
    ];

    /// The Graph API's name, also the key of the message object (`"image"`).
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Video => "video",
            MediaKind::Audio => "audio",
            MediaKind::Document => "document",
            MediaKind::Sticker => "sticker",
        }
    }

    /// The kind in an English sentence ("this audio file is…").
    pub fn noun(self) -> &'static str {
        match self {
            MediaKind::Audio => "audio file",
            other => other.as_str(),
        }
    }

    pub fn noun_plural(self) -> &'static str {
        match self {
            MediaKind::Image => "images",
            MediaKind::Video => "videos",
            MediaKind::Audio => "audio files",
            MediaKind::Document => "documents",
            MediaKind::Sticker => "stickers",
        }
    }

    /// Largest file Meta accepts for this kind, in bytes.
    pub fn max_size(self) -> u64 {
        match self {
            MediaKind::Image => 5 * MB,
            MediaKind::Video | MediaKind::Audio => 16 * MB,
            MediaKind::Document => 100 * MB,
            MediaKind::Sticker => 500 * KB,
        }
    }

    /// The MIME types accepted for this kind.
    pub fn mime_types(self) -> &'static [&'static str] {
        match self {
            MediaKind::Image => &["image/jpeg", "image/png"],
            MediaKind::Video => &["video/mp4", "video/3gpp"],
            MediaKind::Audio => &[
                "audio/aac",
                "audio/amr",
                "audio/mpeg",
                "audio/mp4",
                "audio/ogg",
            ],
            MediaKind::Document => &[
                "text/plain",
                "application/pdf",
                "application/msword",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "application/vnd.ms-excel",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "application/vnd.ms-powerpoint",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ],
            MediaKind::Sticker => &["image/webp"],
        }
    }

    /// The kind a MIME type (parameters allowed, any case) is sent as.
    pub fn of_mime(mime: &str) -> Option<MediaKind> {
        let base = base_type(mime);
        MediaKind::ALL
            .iter()
            .copied()
            .find(|k| k.mime_types().contains(&base.as_str()))
    }
}

impl std::fmt::Display for MediaKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a file can't be sent on WhatsApp.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaLimitError {
    #[error("files of type {mime:?} can't be sent on WhatsApp (images: JPEG or PNG; videos: MP4 or 3GP; audio: AAC, AMR, MP3, M4A or Opus OGG; documents: PDF, TXT, Word, Excel or PowerPoint; stickers: WebP)")]
    Unsupported { mime: String },
    #[error("the file is empty")]
    Empty,
    #[error("this {} is {} and WhatsApp accepts {} of at most {}", kind.noun(), human(*size), kind.noun_plural(), human(*max))]
    TooLarge {
        kind: MediaKind,
        size: u64,
        max: u64,
    },
}

fn base_type(mime: &str) -> String {
    mime.split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// `1.5 MB`, `500 KB`, `12 bytes`.
fn human(bytes: u64) -> String {
    let fmt = |v: f64, unit: &str| {
        let s = format!("{v:.1}");
        format!("{} {unit}", s.strip_suffix(".0").unwrap_or(&s))
    };
    if bytes >= MB {
        fmt(bytes as f64 / MB as f64, "MB")
    } else if bytes >= KB {
        fmt(bytes as f64 / KB as f64, "KB")
    } else {
        format!("{bytes} bytes")
    }
}

/// Is a file of this MIME type and size acceptable to WhatsApp, and as what?
/// `audio/ogg` is only accepted with the Opus codec (an explicit other
/// `codecs=` parameter is refused).
pub fn check_upload(mime: &str, size: u64) -> Result<MediaKind, MediaLimitError> {
    let unsupported = || MediaLimitError::Unsupported {
        mime: mime.trim().to_string(),
    };
    let kind = MediaKind::of_mime(mime).ok_or_else(unsupported)?;
    if base_type(mime) == "audio/ogg" {
        let codecs = mime
            .split(';')
            .skip(1)
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("codecs"))
            .map(|(_, v)| v.trim().trim_matches('"').to_ascii_lowercase());
        if codecs.is_some_and(|c| c != "opus") {
            return Err(unsupported());
        }
    }
    if size == 0 {
        return Err(MediaLimitError::Empty);
    }
    if size > kind.max_size() {
        return Err(MediaLimitError::TooLarge {
            kind,
            size,
            max: kind.max_size(),
        });
    }
    Ok(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    #[test]
    fn types_and_limits_table() {
        let ok: &[(&str, u64, MediaKind)] = &[
            ("image/jpeg", 5 * MB, MediaKind::Image),
            ("IMAGE/PNG", 1, MediaKind::Image),
            ("video/mp4", 16 * MB, MediaKind::Video),
            ("video/3gpp", 10, MediaKind::Video),
            ("audio/aac", 16 * MB, MediaKind::Audio),
            ("audio/amr", 10, MediaKind::Audio),
            ("audio/mpeg", 10, MediaKind::Audio),
            ("audio/mp4", 10, MediaKind::Audio),
            ("audio/ogg", 10, MediaKind::Audio),
            ("audio/ogg; codecs=opus", 10, MediaKind::Audio),
            ("application/pdf", 100 * MB, MediaKind::Document),
            ("text/plain; charset=utf-8", 10, MediaKind::Document),
            (DOCX, 10, MediaKind::Document),
            ("application/vnd.ms-excel", 10, MediaKind::Document),
            ("image/webp", 500 * KB, MediaKind::Sticker),
        ];
        for (mime, size, kind) in ok {
            assert_eq!(check_upload(mime, *size), Ok(*kind), "{mime} {size}");
        }
        let too_big: &[(&str, u64)] = &[
            ("image/jpeg", 5 * MB + 1),
            ("video/mp4", 16 * MB + 1),
            ("audio/mpeg", 16 * MB + 1),
            ("application/pdf", 100 * MB + 1),
            ("image/webp", 500 * KB + 1),
        ];
        for (mime, size) in too_big {
            assert!(
                matches!(
                    check_upload(mime, *size),
                    Err(MediaLimitError::TooLarge { .. })
                ),
                "{mime} {size}"
            );
        }
        for mime in [
            "image/gif",
            "video/quicktime",
            "audio/ogg; codecs=vorbis",
            "",
            "application/zip",
        ] {
            assert!(
                matches!(
                    check_upload(mime, 10),
                    Err(MediaLimitError::Unsupported { .. })
                ),
                "{mime}"
            );
        }
        assert_eq!(check_upload("image/png", 0), Err(MediaLimitError::Empty));
    }

    #[test]
    fn errors_say_what_is_wrong_in_plain_english() {
        let e = check_upload("image/jpeg", 6_200_000).unwrap_err();
        assert_eq!(
            e.to_string(),
            "this image is 6.2 MB and WhatsApp accepts images of at most 5 MB"
        );
        let e = check_upload("image/webp", 600_000).unwrap_err();
        assert_eq!(
            e.to_string(),
            "this sticker is 600 KB and WhatsApp accepts stickers of at most 500 KB"
        );
        let e = check_upload("image/gif", 10).unwrap_err().to_string();
        assert!(
            e.starts_with("files of type \"image/gif\" can't be sent"),
            "{e}"
        );
    }

    #[test]
    fn kinds_serialise_as_graph_names() {
        for k in MediaKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
            assert_eq!(MediaKind::of_mime(k.mime_types()[0]), Some(*k));
        }
    }
}
