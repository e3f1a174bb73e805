//! The Graph client against the real simulator (`bandeja-sim`) on loopback:
//! media, templates, the business profile and numbers, and token expiry.
//! One test binary so the simulator and its dependencies link once.

mod account;
mod common;
mod media;
mod templates;
