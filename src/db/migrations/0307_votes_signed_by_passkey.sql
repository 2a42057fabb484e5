-- A vote is signed either by a registered Ed25519 signing key or by a passkey (a WebAuthn
-- assertion over the approval message's SHA-256); the row names exactly one of them. For a passkey
-- vote, signature_hex is the assertion's signature; the whole evidence (authenticator data, client
-- data, COSE key) is in the vote's audit entry, where it can be checked offline.
ALTER TABLE gov_approval_votes ALTER COLUMN key_id DROP NOT NULL;
ALTER TABLE gov_approval_votes ADD COLUMN passkey_id text REFERENCES gov_passkeys (id);
ALTER TABLE gov_approval_votes ADD CONSTRAINT gov_approval_votes_one_signer
  CHECK ((key_id IS NULL) <> (passkey_id IS NULL));
