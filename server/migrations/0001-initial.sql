-- 0001: the dataset, users, idempotency, audit.
-- Applied by `heeyu-server migrate` in one transaction.

-- One row: the dataset epoch (changes when the database is restored, so
-- every outstanding cursor is refused with 410), the change counter that
-- hands out seq, and the oldest seq a cursor may still start from.
CREATE TABLE dataset (
  singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  epoch          text NOT NULL,
  seq            bigint NOT NULL DEFAULT 0,
  min_seq        bigint NOT NULL DEFAULT 0,
  -- used to sign cursors when the configuration gives no cursor-secret
  cursor_secret  bytea NOT NULL
);
INSERT INTO dataset (epoch, cursor_secret)
VALUES (replace (gen_random_uuid ()::text, '-', ''),
        decode (replace (gen_random_uuid ()::text || gen_random_uuid ()::text, '-', ''), 'hex'));

-- The latest state of every record; a delete leaves a tombstone.
CREATE TABLE records (
  kind        text NOT NULL,
  id          text NOT NULL,
  rev         bigint NOT NULL CHECK (rev >= 1),
  seq         bigint NOT NULL,
  deleted     boolean NOT NULL DEFAULT false,
  data        jsonb,
  updated_at  timestamptz NOT NULL DEFAULT now (),
  updated_by  text,
  created_by  text,
  PRIMARY KEY (kind, id),
  CHECK (deleted OR data IS NOT NULL)
);
CREATE UNIQUE INDEX records_seq_idx ON records (seq);
CREATE INDEX records_tombstones_idx ON records (updated_at) WHERE deleted;

-- Live records per kind, kept by every writing transaction (under the
-- dataset row lock), so the last page of a pull can carry counts cheaply.
CREATE TABLE live_counts (
  kind  text PRIMARY KEY,
  n     bigint NOT NULL DEFAULT 0
);

-- Accounts.  Only the SHA-256 of a token is kept.
CREATE TABLE users (
  name        text PRIMARY KEY,
  role        text NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
  token_hash  bytea NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now (),
  revoked_at  timestamptz
);

-- The last mutation id applied for each client of each user.
CREATE TABLE clients (
  user_name   text NOT NULL,
  client_id   text NOT NULL,
  last_mid    bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now (),
  PRIMARY KEY (user_name, client_id)
);

-- Push batches by Idempotency-Key: a batch sent again gets these results.
CREATE TABLE idempotency_keys (
  user_name     text NOT NULL,
  key           text NOT NULL,
  request_hash  bytea NOT NULL,
  response      text,
  created_at    timestamptz NOT NULL DEFAULT now (),
  PRIMARY KEY (user_name, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Every write: who, when, what, before and after.
CREATE TABLE audit_log (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now (),
  actor      text NOT NULL,
  action     text NOT NULL,
  kind       text,
  record_id  text,
  rev        bigint,
  seq        bigint,
  before     jsonb,
  after      jsonb,
  detail     jsonb
);
CREATE INDEX audit_log_record_idx ON audit_log (kind, record_id);
CREATE INDEX audit_log_at_idx ON audit_log (at);
