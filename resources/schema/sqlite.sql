-- The eslab store, SQLite form (DESIGN section 2). Statements are separated by blank lines.
-- The tables and columns of events, snapshots, checkpoints, order_summary and service_stats are
-- a public contract: users query them with sqlite3.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
)

CREATE TABLE runs (
  run_no        INTEGER PRIMARY KEY,
  run_id        TEXT    NOT NULL UNIQUE,
  scenario_name TEXT    NOT NULL,
  scenario      TEXT    NOT NULL,  -- the scenario JSON with every default filled in
  seed          INTEGER NOT NULL
)

CREATE TABLE events (
  global_position INTEGER PRIMARY KEY,      -- gap-free, strictly increasing, commit order
  event_id        TEXT    NOT NULL UNIQUE,  -- idempotent append key
  stream_id       TEXT    NOT NULL,
  stream_version  INTEGER NOT NULL,         -- 1, 2, 3 ... per stream, no gaps
  event_type      TEXT    NOT NULL,
  schema_version  INTEGER NOT NULL,
  payload         TEXT    NOT NULL,         -- JSON object
  metadata        TEXT    NOT NULL,         -- JSON: correlation_id, causation_id, run_id
  recorded_at     INTEGER NOT NULL,         -- simulated clock, ms since the run started
  UNIQUE (stream_id, stream_version)
)

CREATE INDEX events_by_type ON events (event_type, global_position)

CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: UPDATE is not allowed');
END

CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: DELETE is not allowed');
END

CREATE TABLE snapshots (
  stream_id      TEXT,
  stream_version INTEGER,
  schema_version INTEGER,
  state          TEXT,
  taken_at       INTEGER,
  PRIMARY KEY (stream_id, stream_version)
)

CREATE TABLE checkpoints (
  projection TEXT PRIMARY KEY,
  position   INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
)

CREATE TABLE order_summary (
  order_id            TEXT PRIMARY KEY,  -- the stream id
  customer_id         TEXT    NOT NULL,
  service             TEXT    NOT NULL,
  status              TEXT    NOT NULL,
  quantity            INTEGER NOT NULL,
  delivered           INTEGER NOT NULL,
  progress_pct        REAL    NOT NULL,
  batches_executed    INTEGER NOT NULL,
  batches_failed      INTEGER NOT NULL,
  points_charged      INTEGER NOT NULL,
  points_refunded     INTEGER NOT NULL,
  last_failure_reason TEXT,
  last_position       INTEGER NOT NULL
)

CREATE TABLE service_stats (
  service   TEXT    NOT NULL,
  status    TEXT    NOT NULL,
  orders    INTEGER NOT NULL,
  quantity  INTEGER NOT NULL,  -- quantity ordered
  delivered INTEGER NOT NULL,
  points    INTEGER NOT NULL,  -- points charged minus points refunded
  PRIMARY KEY (service, status)
)

CREATE TABLE service_stats_orders (
  order_id      TEXT PRIMARY KEY,
  service       TEXT    NOT NULL,
  status        TEXT    NOT NULL,
  quantity      INTEGER NOT NULL,
  delivered     INTEGER NOT NULL,
  points        INTEGER NOT NULL,
  last_position INTEGER NOT NULL  -- global_position of the last event folded in (idempotency)
)

CREATE TABLE parked_events (
  projection      TEXT    NOT NULL,
  global_position INTEGER NOT NULL,
  reason          TEXT    NOT NULL,
  attempts        INTEGER NOT NULL,
  parked_at       INTEGER NOT NULL,
  PRIMARY KEY (projection, global_position)
)

CREATE TABLE projection_halts (
  projection      TEXT PRIMARY KEY,
  global_position INTEGER NOT NULL,  -- the event a `stop` policy halted on
  reason          TEXT    NOT NULL,
  halted_at       INTEGER NOT NULL
)
