-- Governance: organisations, people, sessions, API tokens, signing keys, approval requests and
-- policies. Votes and executions are append-only evidence; the rows that must change (a user's
-- lockout counter, a request's status, a session's last use) say why in their table comment.

CREATE TABLE gov_organisations (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE gov_users (
  id text PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  organisation_id text REFERENCES gov_organisations (id),
  -- scrypt parameters, salt and hash in one self-describing string; null = no password login.
  password_hash text,
  roles text[] NOT NULL DEFAULT '{}',
  failed_logins int NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until timestamptz,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
COMMENT ON TABLE gov_users IS 'mutable: roles change through approved requests; the lockout counter moves on each login';

-- Browser sessions. Only the SHA-256 of the cookie token and of the CSRF token are stored.
CREATE TABLE gov_sessions (
  token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
  csrf_hash bytea NOT NULL CHECK (length(csrf_hash) = 32),
  user_id text NOT NULL REFERENCES gov_users (id),
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX gov_sessions_user ON gov_sessions (user_id);
COMMENT ON TABLE gov_sessions IS 'ephemeral: last use is touched for the idle timeout; logout revokes, and expired rows may be purged';

-- Machine clients: a hashed bearer token with a set of actions it may use and an expiry.
CREATE TABLE gov_api_tokens (
  id text PRIMARY KEY,
  token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  user_id text NOT NULL REFERENCES gov_users (id),
  label text NOT NULL,
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
COMMENT ON TABLE gov_api_tokens IS 'mutable: a token is revoked by setting revoked_at';

-- Approvers' Ed25519 public keys (raw 32 bytes, hex). The private key never reaches the server.
CREATE TABLE gov_signing_keys (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES gov_users (id),
  public_key_hex text NOT NULL UNIQUE CHECK (public_key_hex ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);
COMMENT ON TABLE gov_signing_keys IS 'mutable: a key is revoked by setting revoked_at';

-- Policies: one row per version; the highest version is in force.
CREATE TABLE gov_policies (
  version int PRIMARY KEY CHECK (version >= 1),
  document jsonb NOT NULL,
  document_hash text NOT NULL,
  request_id text,
  created_at timestamptz NOT NULL
);

CREATE TABLE gov_approval_requests (
  id text PRIMARY KEY,
  kind text NOT NULL,
  content jsonb NOT NULL,
  request_hash text NOT NULL UNIQUE CHECK (request_hash ~ '^[0-9a-f]{64}$'),
  initiator_id text NOT NULL,
  policy_version int NOT NULL,
  rule_id text,
  outcome text NOT NULL CHECK (outcome IN ('allow', 'block', 'quorum')),
  quorum jsonb NOT NULL,
  -- Value in the policy's reporting currency (base units), for velocity windows; null = unpriced.
  value_reporting numeric(78, 0),
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'blocked', 'executed')),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  quorum_reached_at timestamptz,
  executable_at timestamptz,
  decided_at timestamptz
);
CREATE INDEX gov_approval_requests_kind ON gov_approval_requests (kind, created_at);
CREATE INDEX gov_approval_requests_status ON gov_approval_requests (status, created_at);
COMMENT ON TABLE gov_approval_requests IS 'mutable: status advances pending -> approved -> executed (or rejected); votes and executions are append-only';

CREATE TABLE gov_approval_votes (
  request_id text NOT NULL REFERENCES gov_approval_requests (id),
  user_id text NOT NULL,
  decision text NOT NULL CHECK (decision IN ('approve', 'reject')),
  role text,
  key_id text NOT NULL REFERENCES gov_signing_keys (id),
  signature_hex text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (request_id, user_id)
);

-- At most one execution per request, enforced by the primary key as well as by the service.
CREATE TABLE gov_executions (
  request_id text PRIMARY KEY REFERENCES gov_approval_requests (id),
  executed_by text NOT NULL,
  executed_at timestamptz NOT NULL,
  result jsonb NOT NULL
);

-- Whitelisted destinations. A destination may be used only from `usable_from` (the cooling period).
CREATE TABLE gov_whitelist (
  id text PRIMARY KEY,
  asset text NOT NULL,
  address text NOT NULL,
  label text NOT NULL,
  request_id text NOT NULL,
  added_at timestamptz NOT NULL,
  usable_from timestamptz NOT NULL,
  UNIQUE (asset, address)
);

-- Policy version 1 (src/governance/defaults.ts; a test checks the two agree).
INSERT INTO gov_policies (version, document, document_hash, request_id, created_at)
VALUES (1, '{"adminQuorum":{"groups":[{"count":2,"role":"investment_committee"},{"count":1,"role":"compliance_officer"}],"timeLockSeconds":86400,"vetoRoles":["compliance_officer"]},"reportingCurrency":"USD","rules":[{"description":"Granting or removing a role: a second administrator and compliance.","id":"role-change","match":{"actions":["governance.role.change"]},"outcome":{"kind":"quorum","quorum":{"groups":[{"count":1,"role":"administrator"},{"count":1,"role":"compliance_officer"}],"vetoRoles":["compliance_officer"]}}},{"description":"A new destination: custody and compliance (then a 48 h cooling period).","id":"whitelist-add","match":{"actions":["governance.whitelist.add"]},"outcome":{"kind":"quorum","quorum":{"groups":[{"count":1,"role":"custody_officer"},{"count":1,"role":"compliance_officer"}],"vetoRoles":["compliance_officer"]}}},{"description":"Assets never move to a destination that is not whitelisted.","id":"new-destination","match":{"destination":["new"]},"outcome":{"kind":"block","reason":"the destination is not whitelisted"}},{"description":"A lot is disposed of only once forfeited (emergency sales have their own kind).","id":"disposal-before-forfeiture","match":{"actions":["seizures.disposal.*"],"legalStatuses":["seized","frozen","forfeiture_pending"]},"outcome":{"kind":"block","reason":"the lot is not forfeited"}},{"description":"USD 1m or more: two committee members and risk, with a 24 h time lock.","id":"large-value","match":{"value":{"min":"1000000"}},"outcome":{"kind":"quorum","quorum":{"groups":[{"count":2,"role":"investment_committee"},{"count":1,"role":"risk_officer"}],"timeLockSeconds":86400,"vetoRoles":["risk_officer","compliance_officer"]}}},{"description":"More than USD 5m of one kind within 24 h: as for a large value.","id":"velocity-24h","match":{"velocity":{"min":"5000000","per":"kind","windowSeconds":86400}},"outcome":{"kind":"quorum","quorum":{"groups":[{"count":2,"role":"investment_committee"},{"count":1,"role":"risk_officer"}],"timeLockSeconds":86400,"vetoRoles":["risk_officer","compliance_officer"]}}},{"description":"Any other priced movement of money: one committee member and risk.","id":"ordinary-money","match":{"actions":["ledger.*","reserve.*","seizures.*","chain.*"],"value":{"min":"0"}},"outcome":{"kind":"quorum","quorum":{"groups":[{"count":1,"role":"investment_committee"},{"count":1,"role":"risk_officer"}],"vetoRoles":["risk_officer","compliance_officer"]}}},{"description":"Requests that carry no amount (legal steps, hand-offs): one committee member.","id":"ordinary-unpriced","match":{"actions":["ledger.*","reserve.*","seizures.*","chain.*"],"hasAmount":false},"outcome":{"kind":"quorum","quorum":{"groups":[{"count":1,"role":"investment_committee"}]}}}],"whitelistCoolingSeconds":172800}'::jsonb,
  'e9718f1c8623c09bd70f4a4e049778a904b4808d19a641988a3970e7c34bf7e6', NULL, '2025-01-01T00:00:00Z');
