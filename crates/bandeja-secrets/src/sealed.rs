//! The on-disk format of `secrets.enc`: a small plain header, then the whole
//! secrets map encrypted with XChaCha20-Poly1305.
//!
//! Why this shape:
//! - The header records how the key is obtained (a key file, or argon2id over
//!   a passphrase with its salt and costs), so a later version can raise the
//!   argon2 costs without breaking files written earlier, and so opening a
//!   passphrase file without a passphrase is a clear error, not a failed
//!   decryption.
//! - The header is the AEAD's associated data: changing a single byte of it
//!   (say, lowering the costs) makes decryption fail instead of being obeyed.
//! - XChaCha's 24-byte nonce is random for every write, so reusing one key
//!   across many rewrites is safe without a counter.
//!
//! Layout (integers little-endian):
//! `magic[8] kdf[1] m_cost[4] t_cost[4] p_cost[4] salt[16] nonce[24] ciphertext+tag`

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

/// "BNDJSEC" and the format version.
const MAGIC: &[u8; 8] = b"BNDJSEC\x01";
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;
/// Everything before the nonce; also the associated data.
const HEADER_LEN: usize = 8 + 1 + 4 + 4 + 4 + SALT_LEN;
const TAG_LEN: usize = 16;

/// Upper bounds on argon2 costs read from a file, so a crafted header cannot
/// make opening take gigabytes of memory or minutes of CPU.
const MAX_M_COST_KIB: u32 = 1024 * 1024;
const MAX_T_COST: u32 = 16;
const MAX_P_COST: u32 = 8;

/// A 256-bit key, wiped from memory when dropped.
pub(crate) type Key = Zeroizing<[u8; 32]>;

/// How the file's key is obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kdf {
    /// 32 random bytes in `secrets.key` next to the file.
    KeyFile,
    /// argon2id over `BANDEJA_SECRETS_PASSPHRASE`.
    Passphrase {
        m_cost: u32,
        t_cost: u32,
        p_cost: u32,
        salt: [u8; SALT_LEN],
    },
}

impl Kdf {
    /// A passphrase KDF with a fresh salt and the argon2 crate's default
    /// costs (19 MiB, 2 passes, 1 lane: OWASP's minimum for argon2id).
    pub(crate) fn new_passphrase() -> Result<Kdf, String> {
        let mut salt = [0u8; SALT_LEN];
        random(&mut salt)?;
        Ok(Kdf::Passphrase {
            m_cost: Params::DEFAULT_M_COST,
            t_cost: Params::DEFAULT_T_COST,
            p_cost: Params::DEFAULT_P_COST,
            salt,
        })
    }

    /// The key for `passphrase` under these parameters.
    pub(crate) fn derive(&self, passphrase: &str) -> Result<Key, String> {
        let Kdf::Passphrase {
            m_cost,
            t_cost,
            p_cost,
            salt,
        } = self
        else {
            return Err("this file is protected by a key file, not a passphrase".into());
        };
        let params = Params::new(*m_cost, *t_cost, *p_cost, Some(32))
            .map_err(|e| format!("argon2 parameters: {e}"))?;
        let mut key = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
            .map_err(|e| format!("argon2: {e}"))?;
        Ok(key)
    }

    fn encode(&self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        out[..8].copy_from_slice(MAGIC);
        if let Kdf::Passphrase {
            m_cost,
            t_cost,
            p_cost,
            salt,
        } = self
        {
            out[8] = 1;
            out[9..13].copy_from_slice(&m_cost.to_le_bytes());
            out[13..17].copy_from_slice(&t_cost.to_le_bytes());
            out[17..21].copy_from_slice(&p_cost.to_le_bytes());
            out[21..].copy_from_slice(salt);
        }
        out
    }

    fn decode(header: &[u8]) -> Result<Kdf, String> {
        if header.len() < HEADER_LEN || &header[..8] != MAGIC {
            return Err("it does not start with the Bandeja secrets header".into());
        }
        let word = |at: usize| u32::from_le_bytes(header[at..at + 4].try_into().expect("4 bytes"));
        match header[8] {
            0 => Ok(Kdf::KeyFile),
            1 => {
                let (m_cost, t_cost, p_cost) = (word(9), word(13), word(17));
                if m_cost > MAX_M_COST_KIB || t_cost > MAX_T_COST || p_cost > MAX_P_COST {
                    return Err(format!(
                        "argon2 costs m={m_cost} KiB, t={t_cost}, p={p_cost} exceed the allowed maximum"
                    ));
                }
                let mut salt = [0u8; SALT_LEN];
                salt.copy_from_slice(&header[21..HEADER_LEN]);
                Ok(Kdf::Passphrase {
                    m_cost,
                    t_cost,
                    p_cost,
                    salt,
                })
            }
            other => Err(format!("unknown key derivation {other}")),
        }
    }
}

/// Reads how the key of a whole file's bytes is obtained.
pub(crate) fn read_kdf(file: &[u8]) -> Result<Kdf, String> {
    if file.len() < HEADER_LEN + NONCE_LEN + TAG_LEN {
        return Err(format!("it is too short ({} bytes)", file.len()));
    }
    Kdf::decode(file)
}

/// Encrypts `plaintext` into the bytes of a whole file.
pub(crate) fn seal(kdf: &Kdf, key: &Key, plaintext: &[u8]) -> Result<Vec<u8>, String> {
    let header = kdf.encode();
    let mut nonce = [0u8; NONCE_LEN];
    random(&mut nonce)?;
    let sealed = cipher(key)
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: plaintext,
                aad: &header,
            },
        )
        .map_err(|_| "encryption failed".to_string())?;
    let mut out = Vec::with_capacity(HEADER_LEN + NONCE_LEN + sealed.len());
    out.extend_from_slice(&header);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Decrypts the bytes of a whole file; `None` when the key is wrong or any
/// byte was altered (the AEAD cannot tell those apart).
pub(crate) fn unseal(key: &Key, file: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if file.len() < HEADER_LEN + NONCE_LEN + TAG_LEN {
        return None;
    }
    let (header, rest) = file.split_at(HEADER_LEN);
    let (nonce, sealed) = rest.split_at(NONCE_LEN);
    let nonce = XNonce::try_from(nonce).ok()?;
    cipher(key)
        .decrypt(
            &nonce,
            Payload {
                msg: sealed,
                aad: header,
            },
        )
        .ok()
        .map(Zeroizing::new)
}

/// A fresh random key.
pub(crate) fn new_key() -> Result<Key, String> {
    let mut key = Zeroizing::new([0u8; 32]);
    random(key.as_mut())?;
    Ok(key)
}

fn cipher(key: &Key) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new_from_slice(key.as_ref()).expect("32-byte key")
}

fn random(buf: &mut [u8]) -> Result<(), String> {
    getrandom::fill(buf).map_err(|e| format!("the OS random generator failed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_unseals_with_the_same_key_only() {
        let key = new_key().unwrap();
        let file = seal(&Kdf::KeyFile, &key, b"{\"a\":\"b\"}").unwrap();
        assert_eq!(read_kdf(&file).unwrap(), Kdf::KeyFile);
        assert_eq!(unseal(&key, &file).unwrap().as_slice(), b"{\"a\":\"b\"}");
        assert!(unseal(&new_key().unwrap(), &file).is_none());
    }

    #[test]
    fn any_altered_byte_fails_decryption() {
        let kdf = Kdf::new_passphrase().unwrap();
        let key = new_key().unwrap();
        let file = seal(&kdf, &key, b"secret").unwrap();
        for at in [9, 25, HEADER_LEN + 3, file.len() - 1] {
            let mut bad = file.clone();
            bad[at] ^= 1;
            assert!(
                unseal(&key, &bad).is_none(),
                "byte {at} was not authenticated"
            );
        }
    }

    #[test]
    fn refuses_absurd_argon2_costs() {
        let kdf = Kdf::Passphrase {
            m_cost: u32::MAX,
            t_cost: 2,
            p_cost: 1,
            salt: [0; SALT_LEN],
        };
        let file = seal(&kdf, &new_key().unwrap(), b"x").unwrap();
        assert!(read_kdf(&file).unwrap_err().contains("exceed"));
    }
}
