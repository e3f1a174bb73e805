//! Provider adapters. Each channel turns the provider's raw bytes into
//! [`bandeja_domain::inbound::InboundEvent`]s with a pure `normalize`, checks
//! the provider's signatures, and (later) talks to the provider's API.

pub mod email;
pub mod graph;
pub mod relay_client;
pub mod whatsapp;
