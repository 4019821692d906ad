#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <vector>

namespace eslab {

struct RecordedEvent;

// The machine's ceilings for the bench: what the sqlite3 C API does with the same events in the
// same schema, with nothing of eslab in between. Inserts run on a store file that EventStore
// created (so the schema, indexes and triggers are eslab's) and then closed; the connection sets
// `synchronous=NORMAL` and the checkpoint interval (EventStore::WalCheckpointPages) as eslab's
// writers do (the file is already in WAL mode) and prepares each statement once. Values are
// UTF-8 encoded before the clock starts, so the ceiling is SQLite's alone. Any thread; one call
// at a time per file.
class RawSqliteCeiling
{
public:
    // Events as the `events` table stores them, UTF-8 ready to bind.
    struct Row
    {
        QByteArray eventId;
        QByteArray streamId;
        qint64 streamVersion = 0;
        QByteArray eventType;
        int schemaVersion = 1;
        QByteArray payload;
        QByteArray metadata;
        qint64 recordedAt = 0;
    };
    // A chunk of rows inserted in one transaction: [first, first + count).
    struct Chunk
    {
        int first = 0;
        int count = 0;
    };
    struct Result
    {
        qint64 events = 0;
        qint64 elapsedNs = 0;
        qint64 checksum = 0; // sums what a read touched, so that no read can be skipped
        QString error; // non-empty when the measurement failed

        bool isOk() const { return error.isEmpty(); }
        double eventsPerSecond() const
        {
            return elapsedNs > 0 ? double(events) * 1e9 / double(elapsedNs) : 0;
        }
    };

    static Row toRow(const RecordedEvent &event);

    // Inserts `rows` into the store file at `path`, one transaction (BEGIN IMMEDIATE ... COMMIT)
    // per chunk, in the order of `chunks`; the clock covers the transactions only.
    [[nodiscard]] static Result insert(const QString &path, const std::vector<Row> &rows,
                                       const std::vector<Chunk> &chunks);
    // Inserts every event of the store file at `source` into the store file at `path`, in
    // global order, `chunkSize` consecutive events per transaction, with a page cache of
    // `pageCacheKib` (SQLite's default when 0). The clock covers the transactions only; reading
    // the source and copying each chunk into buffers happen off it, so memory stays one chunk
    // whatever the store's size. `proceed` is called after each chunk with the events inserted
    // so far; false stops the copy, with an error.
    [[nodiscard]] static Result insertAllOf(const QString &source, const QString &path,
                                            int chunkSize, int pageCacheKib,
                                            const std::function<bool(qint64)> &proceed);
    // Reads every row of `events` in global order, every column, touching each value.
    [[nodiscard]] static Result readAll(const QString &path);
};

} // namespace eslab
