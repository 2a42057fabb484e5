-- Failed logins counted atomically per account and per client address, the addresses each person
-- has logged in from, bounded WebAuthn challenges, and service accounts (machine users created by
-- an approved request).

-- One row per counted subject (`account:<username>` or `address:<client>`). An attempt claims its
-- place with one INSERT … ON CONFLICT DO UPDATE … RETURNING before the password is checked, so a
-- burst of simultaneous attempts, from any number of processes, is counted exactly. The window
-- starts at the first failure; the failure that reaches the limit pushes its end to a full window
-- from then (the lock).
CREATE TABLE gov_login_counters (
  subject text PRIMARY KEY CHECK (subject ~ '^(account|address):'),
  failures int NOT NULL CHECK (failures >= 0),
  window_started_at timestamptz NOT NULL,
  window_ends_at timestamptz NOT NULL CHECK (window_ends_at > window_started_at)
);
CREATE INDEX gov_login_counters_ends ON gov_login_counters (window_ends_at);
COMMENT ON TABLE gov_login_counters IS 'ephemeral: counters of failed logins move on every attempt, and ended windows are purged; a lock and an unlock are audited';

-- The addresses a person has logged in from lately: a limited address still lets them in.
CREATE TABLE gov_login_known_clients (
  user_id text NOT NULL REFERENCES gov_users (id),
  client text NOT NULL,
  last_success_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, client)
);
COMMENT ON TABLE gov_login_known_clients IS 'ephemeral: the time of the last successful login from an address; old rows may be purged';

-- The address a challenge was issued to, so outstanding challenges are bounded per address.
ALTER TABLE gov_webauthn_challenges ADD COLUMN client text;
CREATE INDEX gov_webauthn_challenges_client ON gov_webauthn_challenges (client, expires_at);
CREATE INDEX gov_webauthn_challenges_expiry ON gov_webauthn_challenges (expires_at);

-- A service account is a user without a password, created by executing an approved
-- `governance.service_account.create` request; its first token is inserted with it.
CREATE TABLE gov_service_accounts (
  user_id text PRIMARY KEY REFERENCES gov_users (id),
  request_id text NOT NULL UNIQUE REFERENCES gov_approval_requests (id),
  created_at timestamptz NOT NULL
);
