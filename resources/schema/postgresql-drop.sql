-- Removes an eslab store from a PostgreSQL database (`eslab reset`), in one transaction.
-- Statements are separated by blank lines.

DROP TABLE IF EXISTS events, meta, runs, snapshots, checkpoints, order_summary, service_stats,
  service_stats_orders, parked_events, projection_halts

DROP FUNCTION IF EXISTS events_are_append_only()
