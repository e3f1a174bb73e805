import type { TFunction } from "i18next";

/** The core names the secrets' home in English; the two it has are translated. */
const SECRETS_BACKENDS: Record<string, string> = {
  "the system keychain": "keychain",
  "the encrypted file secrets.enc": "encryptedFile",
};

/** Where secrets are kept, in the member's language. */
export function secretsWhere(backend: string, t: TFunction): string {
  const key = SECRETS_BACKENDS[backend];
  return key === undefined ? backend : t(`wa.connection.backends.${key}`);
}
