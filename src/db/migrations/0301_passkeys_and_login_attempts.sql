-- Passkeys (WebAuthn) for officials, and failed login attempts counted in the database so that the
-- rate limit holds across restarts and across several Kazna processes on one database.

-- A challenge is issued for one ceremony and consumed (deleted) by the first response naming it,
-- so a replayed response finds nothing. Unused ones expire after a few minutes.
CREATE TABLE gov_webauthn_challenges (
  challenge text PRIMARY KEY CHECK (challenge ~ '^[A-Za-z0-9_-]{43}$'),
  purpose text NOT NULL CHECK (purpose IN ('registration', 'login')),
  -- The user registering a passkey; null for a login, where the credential names the user.
  user_id text REFERENCES gov_users (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
COMMENT ON TABLE gov_webauthn_challenges IS 'ephemeral: a challenge is deleted when used, and expired ones may be purged';

-- A registered passkey: the credential id and COSE public key the authenticator returned, and the
-- signature counter it reported at registration. Never updated: uses and revocations are new rows.
CREATE TABLE gov_passkeys (
  id text PRIMARY KEY,
  credential_id text NOT NULL UNIQUE
    CHECK (credential_id ~ '^[A-Za-z0-9_-]+$' AND length(credential_id) BETWEEN 16 AND 1364),
  user_id text NOT NULL REFERENCES gov_users (id),
  public_key bytea NOT NULL,
  counter bigint NOT NULL CHECK (counter >= 0),
  transports text[] NOT NULL DEFAULT '{}',
  attestation_format text NOT NULL,
  aaguid text NOT NULL,
  label text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX gov_passkeys_user ON gov_passkeys (user_id);

-- Each successful login with a passkey and the counter it reported; the highest is the current one.
CREATE TABLE gov_passkey_uses (
  passkey_id text NOT NULL REFERENCES gov_passkeys (id),
  counter bigint NOT NULL CHECK (counter >= 0),
  used_at timestamptz NOT NULL
);
CREATE INDEX gov_passkey_uses_passkey ON gov_passkey_uses (passkey_id, counter);

CREATE TABLE gov_passkey_revocations (
  passkey_id text PRIMARY KEY REFERENCES gov_passkeys (id),
  revoked_by text NOT NULL,
  revoked_at timestamptz NOT NULL
);

-- Failed logins (password or passkey) per client address; the rate limit counts a sliding window.
CREATE TABLE gov_login_failures (
  client text NOT NULL,
  method text NOT NULL CHECK (method IN ('password', 'passkey')),
  at timestamptz NOT NULL
);
CREATE INDEX gov_login_failures_client ON gov_login_failures (client, at);
