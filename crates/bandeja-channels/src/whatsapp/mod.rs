//! WhatsApp Cloud API (Meta) webhooks: signature check (normalization next).

pub mod signature;

pub use signature::SignatureError;
