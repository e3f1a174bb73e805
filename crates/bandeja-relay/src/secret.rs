//! Random identifiers and secrets, and their stored hashes.
//!
//! Device tokens and enrollment codes are bearer secrets: the database keeps
//! only their SHA-256, so a leaked database file does not let anyone connect
//! as a device. They are 256-bit random, so a plain (unsalted) hash is enough.

use sha2::{Digest, Sha256};

use crate::RelayError;

/// `n` random bytes from the OS, hex-encoded.
pub fn random_hex(n: usize) -> Result<String, RelayError> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).map_err(|e| RelayError::Random(e.to_string()))?;
    Ok(hex::encode(buf))
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Constant-time equality for secrets compared in the clear (verify tokens).
pub fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_is_hex_of_the_right_length_and_differs() {
        let a = random_hex(32).unwrap();
        let b = random_hex(32).unwrap();
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn sha256_of_abc() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn same_secret_compares() {
        assert!(same_secret("tok", "tok"));
        assert!(!same_secret("tok", "tak"));
        assert!(!same_secret("tok", "toke"));
    }
}
