//! Integration tests over real HTTP on loopback: the simulator as a library
//! server, a webhook receiver verifying signatures, and the CLI binary as a
//! separate process.

mod common;

mod account;
mod inbound_shapes;
mod limits;
mod media;
mod process;
mod responses;
mod signature;
mod statuses;
mod templates;
mod tokens;
mod window;
