#pragma once

#include <QString>

#include <functional>

class QIODevice;

namespace eslab {

class EventStore;

enum class ExportFormat { Csv, Json };

// Writes every event of `store` to `out` in global order, the heart of `eslab export`. Events are
// read and written a page at a time, so a store of any size exports in bounded memory.
//
// Both formats carry the columns of the `events` table (DESIGN section 2): global_position,
// event_id, stream_id, stream_version, event_type, schema_version, payload, metadata, recorded_at.
// - Csv: a header row, then one row per event, RFC 4180 (CRLF line ends; a field holding a comma,
//   quote, CR or LF is quoted, its quotes doubled); payload and metadata are the stored JSON text.
// - Json: one array of objects with those keys; payload and metadata are the stored JSON objects
//   spliced in verbatim, so numbers keep their stored digits. A stored text that is not a JSON
//   object (a damaged store) is written as a JSON string instead, so the output stays valid.
//
// `out` must be open for writing. On a read or write failure returns false and sets `error` to one
// line naming the cause; what was written by then is incomplete. `progress` gets the events
// written and the head position after each page. Same thread rules as the store.
[[nodiscard]] bool
exportEvents(EventStore &store, ExportFormat format, QIODevice &out, QString *error,
             const std::function<void(qint64 done, qint64 total)> &progress = {});

} // namespace eslab
