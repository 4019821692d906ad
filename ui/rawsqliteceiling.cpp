#include "ui/rawsqliteceiling.h"

#include "model/eventstore.h"
#include "model/recordedevent.h"

#include <QElapsedTimer>

#include <sqlite3.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

constexpr int BusyTimeoutMs = 5000;

struct ConnectionCloser
{
    void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer
{
    void operator()(sqlite3_stmt *statement) const { sqlite3_finalize(statement); }
};
using Connection = std::unique_ptr<sqlite3, ConnectionCloser>;
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

QString sqliteError(sqlite3 *db, const char *what)
{
    return u"raw sqlite3: cannot %1: %2"_s.arg(QString::fromLatin1(what),
                                               QString::fromUtf8(sqlite3_errmsg(db)));
}

Connection openConnection(const QString &path, int flags, QString *error)
{
    sqlite3 *db = nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db, flags, nullptr);
    Connection connection(db);
    if (rc != SQLITE_OK) {
        *error
            = db ? sqliteError(db, "open the store") : u"raw sqlite3: cannot open %1"_s.arg(path);
        return nullptr;
    }
    sqlite3_busy_timeout(db, BusyTimeoutMs);
    return connection;
}

Statement prepare(sqlite3 *db, const char *sql, QString *error)
{
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) {
        *error = sqliteError(db, "prepare a statement");
        return nullptr;
    }
    return Statement(statement);
}

bool stepDone(sqlite3 *db, sqlite3_stmt *statement, const char *what, QString *error)
{
    const int rc = sqlite3_step(statement);
    sqlite3_reset(statement);
    if (rc != SQLITE_DONE) {
        *error = sqliteError(db, what);
        return false;
    }
    return true;
}

void bindText(sqlite3_stmt *statement, int index, const QByteArray &text)
{
    sqlite3_bind_text(statement, index, text.constData(), int(text.size()), SQLITE_STATIC);
}

} // namespace

RawSqliteCeiling::Row RawSqliteCeiling::toRow(const RecordedEvent &event)
{
    return { event.eventId.toUtf8(),   event.streamId.toUtf8(), event.streamVersion,
             event.eventType.toUtf8(), event.schemaVersion,     event.payload,
             event.metadata,           event.recordedAt };
}

RawSqliteCeiling::Result RawSqliteCeiling::insert(const QString &path, const std::vector<Row> &rows,
                                                  const std::vector<Chunk> &chunks)
{
    Result result;
    Connection connection = openConnection(path, SQLITE_OPEN_READWRITE, &result.error);
    if (!connection)
        return result;
    sqlite3 *db = connection.get();
    if (sqlite3_exec(db, "PRAGMA synchronous = NORMAL", nullptr, nullptr, nullptr) != SQLITE_OK) {
        result.error = sqliteError(db, "set synchronous");
        return result;
    }
    const QByteArray checkpointEvery
        = "PRAGMA wal_autocheckpoint = " + QByteArray::number(EventStore::WalCheckpointPages);
    if (sqlite3_exec(db, checkpointEvery.constData(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        result.error = sqliteError(db, "set the checkpoint interval");
        return result;
    }
    const Statement begin = prepare(db, "BEGIN IMMEDIATE", &result.error);
    const Statement commit = begin ? prepare(db, "COMMIT", &result.error) : nullptr;
    const Statement insert = commit
        ? prepare(db,
                  "INSERT INTO events (event_id, stream_id, stream_version, event_type, "
                  "schema_version, payload, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  &result.error)
        : nullptr;
    if (!insert)
        return result;

    QElapsedTimer clock;
    clock.start();
    for (const Chunk &chunk : chunks) {
        if (!stepDone(db, begin.get(), "begin a transaction", &result.error))
            return result;
        for (int i = chunk.first; i < chunk.first + chunk.count; ++i) {
            const Row &row = rows[std::size_t(i)];
            bindText(insert.get(), 1, row.eventId);
            bindText(insert.get(), 2, row.streamId);
            sqlite3_bind_int64(insert.get(), 3, row.streamVersion);
            bindText(insert.get(), 4, row.eventType);
            sqlite3_bind_int(insert.get(), 5, row.schemaVersion);
            bindText(insert.get(), 6, row.payload);
            bindText(insert.get(), 7, row.metadata);
            sqlite3_bind_int64(insert.get(), 8, row.recordedAt);
            if (!stepDone(db, insert.get(), "insert an event", &result.error)) {
                sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
                return result;
            }
        }
        if (!stepDone(db, commit.get(), "commit", &result.error))
            return result;
        result.events += chunk.count;
    }
    result.elapsedNs = clock.nsecsElapsed();
    return result;
}

RawSqliteCeiling::Result RawSqliteCeiling::readAll(const QString &path)
{
    Result result;
    Connection connection = openConnection(path, SQLITE_OPEN_READONLY, &result.error);
    if (!connection)
        return result;
    sqlite3 *db = connection.get();
    const Statement select = prepare(db,
                                     "SELECT global_position, event_id, stream_id, stream_version, "
                                     "event_type, schema_version, payload, metadata, recorded_at "
                                     "FROM events ORDER BY global_position",
                                     &result.error);
    if (!select)
        return result;

    QElapsedTimer clock;
    clock.start();
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
        sqlite3_stmt *row = select.get();
        qint64 sum = sqlite3_column_int64(row, 0) + sqlite3_column_int64(row, 3)
            + sqlite3_column_int64(row, 5) + sqlite3_column_int64(row, 8);
        for (int column : { 1, 2, 4, 6, 7 }) {
            // The text pointer is fetched (and its first byte read) as a reader of the row would.
            const unsigned char *text = sqlite3_column_text(row, column);
            sum += sqlite3_column_bytes(row, column) + (text ? text[0] : 0);
        }
        result.checksum += sum;
        ++result.events;
    }
    result.elapsedNs = clock.nsecsElapsed();
    if (rc != SQLITE_DONE)
        result.error = sqliteError(db, "read the events");
    return result;
}

} // namespace eslab
