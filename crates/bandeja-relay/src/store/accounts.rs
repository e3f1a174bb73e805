//! Tenants, enrollment codes and devices.
//!
//! A tenant is one business: its Meta app secret (to verify signatures), the
//! verify token Meta's handshake echoes, and an unguessable path token that is
//! its callback URL. Devices are desktops; each holds a random bearer token of
//! which the relay keeps only the hash, obtained once by redeeming a one-time,
//! expiring enrollment code.

use sqlx::Row;

use super::{on_backend, Store};
use crate::retention;
use crate::secret::{random_hex, sha256_hex};
use crate::RelayError;

/// What `tenant create` needs.
#[derive(Clone)]
pub struct NewTenant {
    pub name: String,
    pub app_secret: String,
}

/// A tenant as stored. `Debug` hides the secrets so they never reach a log.
/// The Twilio auth token is optional (a tenant may use only Meta); without
/// it the tenant's Twilio path answers 404.
#[derive(Clone, PartialEq, Eq)]
pub struct Tenant {
    pub id: String,
    pub name: String,
    pub app_secret: String,
    pub verify_token: String,
    pub path_token: String,
    pub twilio_auth_token: Option<String>,
    pub twilio_path_token: Option<String>,
    pub created_at: i64,
}

impl std::fmt::Debug for Tenant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tenant")
            .field("id", &self.id)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// An authenticated device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: String,
    pub tenant_id: String,
    pub name: String,
    pub last_acked_seq: i64,
}

/// Which of a tenant's callback paths a request came in on.
#[derive(Clone, Copy)]
enum CallbackPath {
    Meta,
    Twilio,
}

/// The result of redeeming an enrollment code: the plain token is shown once.
#[derive(Clone)]
pub struct Enrolled {
    pub device_id: String,
    pub tenant_id: String,
    pub token: String,
}

impl std::fmt::Debug for Enrolled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enrolled")
            .field("device_id", &self.device_id)
            .field("tenant_id", &self.tenant_id)
            .finish_non_exhaustive()
    }
}

/// A tenant from a `SELECT *` row of either backend.
fn tenant_from<'r, R: Row>(row: &'r R) -> Tenant
where
    &'static str: sqlx::ColumnIndex<R>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    Tenant {
        id: row.get("id"),
        name: row.get("name"),
        app_secret: row.get("app_secret"),
        verify_token: row.get("verify_token"),
        path_token: row.get("path_token"),
        twilio_auth_token: row.get("twilio_auth_token"),
        twilio_path_token: row.get("twilio_path_token"),
        created_at: row.get("created_at"),
    }
}

impl Store {
    pub async fn create_tenant(&self, new: NewTenant, now: i64) -> Result<Tenant, RelayError> {
        let tenant = Tenant {
            id: random_hex(8)?,
            name: new.name,
            app_secret: new.app_secret,
            verify_token: random_hex(16)?,
            path_token: random_hex(24)?,
            twilio_auth_token: None,
            twilio_path_token: Some(random_hex(24)?),
            created_at: now,
        };
        on_backend!(&self.backend, writer, |pool, _sql| {
            sqlx::query(
                "INSERT INTO tenants (id, name, app_secret, verify_token, path_token,
                                      twilio_path_token, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&tenant.id)
            .bind(&tenant.name)
            .bind(&tenant.app_secret)
            .bind(&tenant.verify_token)
            .bind(&tenant.path_token)
            .bind(&tenant.twilio_path_token)
            .bind(now)
            .execute(pool)
            .await
            .map_err(self.db_err())?;
        });
        tracing::info!(tenant = %tenant.id, "tenant created");
        Ok(tenant)
    }

    pub async fn tenant(&self, id: &str) -> Result<Option<Tenant>, RelayError> {
        on_backend!(&self.backend, reader, |pool, _sql| {
            let row = sqlx::query("SELECT * FROM tenants WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await
                .map_err(self.db_err())?;
            Ok(row.as_ref().map(tenant_from))
        })
    }

    /// The tenant whose callback path is `/hooks/meta/{path_token}`.
    pub async fn tenant_by_path(&self, path_token: &str) -> Result<Option<Tenant>, RelayError> {
        self.tenant_by(CallbackPath::Meta, path_token).await
    }

    /// The tenant whose Twilio callback path is `/hooks/twilio/{path_token}`.
    pub async fn tenant_by_twilio_path(
        &self,
        path_token: &str,
    ) -> Result<Option<Tenant>, RelayError> {
        self.tenant_by(CallbackPath::Twilio, path_token).await
    }

    /// A tenant by one of its callback paths, through the tenant cache.
    async fn tenant_by(
        &self,
        path: CallbackPath,
        path_token: &str,
    ) -> Result<Option<Tenant>, RelayError> {
        let (prefix, query) = match path {
            CallbackPath::Meta => ("meta", "SELECT * FROM tenants WHERE path_token = $1"),
            CallbackPath::Twilio => (
                "twilio",
                "SELECT * FROM tenants WHERE twilio_path_token = $1",
            ),
        };
        let key = format!("{prefix}/{path_token}");
        if let Some(t) = self.tenants.get(&key) {
            return Ok(Some(t));
        }
        let tenant = on_backend!(&self.backend, reader, |pool, _sql| {
            let row = sqlx::query(query)
                .bind(path_token)
                .fetch_optional(pool)
                .await
                .map_err(self.db_err())?;
            row.as_ref().map(tenant_from)
        });
        if let Some(t) = &tenant {
            self.tenants.put(&key, t);
        }
        Ok(tenant)
    }

    /// Set (or with `None` clear) the tenant's Twilio auth token; gives a
    /// tenant made before Twilio support its Twilio path. Returns the path token.
    pub async fn set_twilio_auth_token(
        &self,
        tenant: &str,
        auth_token: Option<&str>,
    ) -> Result<String, RelayError> {
        let fresh = random_hex(24)?;
        let path: Option<String> = on_backend!(&self.backend, writer, |pool, _sql| {
            sqlx::query_scalar(
                "UPDATE tenants SET twilio_auth_token = $1,
                     twilio_path_token = COALESCE(twilio_path_token, $2)
                 WHERE id = $3 RETURNING twilio_path_token",
            )
            .bind(auth_token)
            .bind(&fresh)
            .bind(tenant)
            .fetch_optional(pool)
            .await
            .map_err(self.db_err())?
        });
        self.tenants.clear();
        tracing::info!(
            tenant,
            set = auth_token.is_some(),
            "twilio auth token changed"
        );
        path.ok_or_else(|| RelayError::UnknownTenant(tenant.to_string()))
    }

    /// A new one-time code for `tenant`, valid until `now + ttl_ms`. The plain
    /// code is returned once; only its hash is stored.
    pub async fn create_enrollment_code(
        &self,
        tenant: &str,
        now: i64,
        ttl_ms: i64,
    ) -> Result<String, RelayError> {
        if self.tenant(tenant).await?.is_none() {
            return Err(RelayError::UnknownTenant(tenant.to_string()));
        }
        let code = random_hex(16)?;
        on_backend!(&self.backend, writer, |pool, _sql| {
            sqlx::query(
                "INSERT INTO enrollment_codes (code_hash, tenant_id, expires_at)
                 VALUES ($1, $2, $3)",
            )
            .bind(sha256_hex(code.as_bytes()))
            .bind(tenant)
            .bind(now + ttl_ms)
            .execute(pool)
            .await
            .map_err(self.db_err())?;
        });
        tracing::info!(tenant, "enrollment code created");
        Ok(code)
    }

    /// Redeem `code` for a new device of its tenant. The code is burnt in the
    /// same transaction that creates the device, so it works exactly once
    /// (with PostgreSQL, `FOR UPDATE` makes a concurrent redeemer wait and
    /// then see the code used).
    pub async fn enroll(&self, code: &str, name: &str, now: i64) -> Result<Enrolled, RelayError> {
        let code_hash = sha256_hex(code.trim().as_bytes());
        let device_id = random_hex(8)?;
        let token = random_hex(32)?;
        let lock = if self.is_postgres() {
            " FOR UPDATE"
        } else {
            ""
        };
        let tenant_id = on_backend!(&self.backend, writer, |pool, _sql| {
            let mut tx = pool.begin().await.map_err(self.db_err())?;
            let row = sqlx::query(&format!(
                "SELECT tenant_id, expires_at, used_at FROM enrollment_codes
                 WHERE code_hash = $1{lock}"
            ))
            .bind(&code_hash)
            .fetch_optional(&mut *tx)
            .await
            .map_err(self.db_err())?
            .ok_or(RelayError::UnknownCode)?;
            let tenant_id: String = row.get("tenant_id");
            if row.get::<Option<i64>, _>("used_at").is_some() {
                return Err(RelayError::CodeUsed);
            }
            if row.get::<i64, _>("expires_at") <= now {
                return Err(RelayError::CodeExpired);
            }
            sqlx::query("UPDATE enrollment_codes SET used_at = $1 WHERE code_hash = $2")
                .bind(now)
                .bind(&code_hash)
                .execute(&mut *tx)
                .await
                .map_err(self.db_err())?;
            sqlx::query(
                "INSERT INTO devices (id, tenant_id, name, token_hash, created_at, last_seen_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&device_id)
            .bind(&tenant_id)
            .bind(name)
            .bind(sha256_hex(token.as_bytes()))
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(self.db_err())?;
            tx.commit().await.map_err(self.db_err())?;
            tenant_id
        });
        tracing::info!(device = %device_id, tenant = %tenant_id, "device enrolled");
        Ok(Enrolled {
            device_id,
            tenant_id,
            token,
        })
    }

    /// The device holding `token`; refuses revoked and stale devices, and
    /// records that the device was seen at `now`.
    pub async fn authenticate(&self, token: &str, now: i64) -> Result<Device, RelayError> {
        let device = on_backend!(&self.backend, reader, |pool, _sql| {
            let row = sqlx::query(
                "SELECT id, tenant_id, name, last_acked_seq, revoked_at, stale_at, last_seen_at
                 FROM devices WHERE token_hash = $1",
            )
            .bind(sha256_hex(token.trim().as_bytes()))
            .fetch_optional(pool)
            .await
            .map_err(self.db_err())?
            .ok_or(RelayError::UnknownDevice)?;
            let id: String = row.get("id");
            if row.get::<Option<i64>, _>("revoked_at").is_some() {
                return Err(RelayError::Revoked(id));
            }
            if row.get::<Option<i64>, _>("stale_at").is_some()
                || retention::is_stale(row.get("last_seen_at"), now, self.retention_ms)
            {
                return Err(RelayError::Stale(id));
            }
            Device {
                id,
                tenant_id: row.get("tenant_id"),
                name: row.get("name"),
                last_acked_seq: row.get("last_acked_seq"),
            }
        });
        self.touch(&device.id, now).await?;
        Ok(device)
    }

    pub async fn revoke(&self, device: &str, now: i64) -> Result<(), RelayError> {
        on_backend!(&self.backend, writer, |pool, _sql| {
            sqlx::query("UPDATE devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(now)
                .bind(device)
                .execute(pool)
                .await
                .map_err(self.db_err())?;
        });
        tracing::info!(device, "device revoked");
        Ok(())
    }

    pub(super) async fn touch(&self, device: &str, now: i64) -> Result<(), RelayError> {
        on_backend!(&self.backend, writer, |pool, sql| {
            sqlx::query(sql.touch)
                .bind(now)
                .bind(device)
                .execute(pool)
                .await
                .map_err(self.db_err())?;
        });
        Ok(())
    }
}
