#include "ui/rawsqliteceiling.h"

#include "model/eventstore.h"
#include "model/recordedevent.h"

#include <QElapsedTimer>

#include <sqlite3.h>

#include <cstring>
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

// A connection that inserts events as eslab's writers would: synchronous=NORMAL, eslab's
// checkpoint interval, optionally a page cache of a given size, and its three statements
// prepared once.
class Inserter
{
public:
    bool open(const QString &path, int pageCacheKib, QString *error)
    {
        m_connection = openConnection(path, SQLITE_OPEN_READWRITE, error);
        if (!m_connection)
            return false;
        sqlite3 *db = m_connection.get();
        QByteArray pragmas = "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = "
            + QByteArray::number(EventStore::WalCheckpointPages) + ';';
        if (pageCacheKib > 0)
            pragmas += " PRAGMA cache_size = -" + QByteArray::number(pageCacheKib) + ';';
        if (sqlite3_exec(db, pragmas.constData(), nullptr, nullptr, nullptr) != SQLITE_OK) {
            *error = sqliteError(db, "set the writer's pragmas");
            return false;
        }
        m_begin = prepare(db, "BEGIN IMMEDIATE", error);
        m_commit = m_begin ? prepare(db, "COMMIT", error) : nullptr;
        m_insert = m_commit
            ? prepare(db,
                      "INSERT INTO events (event_id, stream_id, stream_version, event_type, "
                      "schema_version, payload, metadata, recorded_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      error)
            : nullptr;
        return m_insert != nullptr;
    }

    // Inserts rows [first, first + count) in one transaction.
    bool insert(const std::vector<RawSqliteCeiling::Row> &rows, std::size_t first,
                std::size_t count, QString *error)
    {
        sqlite3 *db = m_connection.get();
        sqlite3_stmt *insert = m_insert.get();
        if (!stepDone(db, m_begin.get(), "begin a transaction", error))
            return false;
        for (std::size_t i = first; i < first + count; ++i) {
            const RawSqliteCeiling::Row &row = rows[i];
            bindText(insert, 1, row.eventId);
            bindText(insert, 2, row.streamId);
            sqlite3_bind_int64(insert, 3, row.streamVersion);
            bindText(insert, 4, row.eventType);
            sqlite3_bind_int(insert, 5, row.schemaVersion);
            bindText(insert, 6, row.payload);
            bindText(insert, 7, row.metadata);
            sqlite3_bind_int64(insert, 8, row.recordedAt);
            if (!stepDone(db, insert, "insert an event", error)) {
                sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
                return false;
            }
        }
        return stepDone(db, m_commit.get(), "commit", error);
    }

private:
    Connection m_connection;
    Statement m_begin;
    Statement m_commit;
    Statement m_insert;
};

// Copies a text column into `target`, reusing its buffer.
void copyText(sqlite3_stmt *row, int column, QByteArray *target)
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(row, column));
    const int size = sqlite3_column_bytes(row, column);
    target->resize(size);
    if (size > 0)
        std::memcpy(target->data(), text, std::size_t(size));
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
    Inserter inserter;
    if (!inserter.open(path, 0, &result.error))
        return result;
    QElapsedTimer clock;
    clock.start();
    for (const Chunk &chunk : chunks) {
        if (!inserter.insert(rows, std::size_t(chunk.first), std::size_t(chunk.count),
                             &result.error))
            return result;
        result.events += chunk.count;
    }
    result.elapsedNs = clock.nsecsElapsed();
    return result;
}

RawSqliteCeiling::Result RawSqliteCeiling::insertAllOf(const QString &source, const QString &path,
                                                       int chunkSize, int pageCacheKib,
                                                       const std::function<bool(qint64)> &proceed)
{
    Q_ASSERT(chunkSize > 0);
    Result result;
    Connection reader = openConnection(source, SQLITE_OPEN_READONLY, &result.error);
    if (!reader)
        return result;
    const Statement select = prepare(reader.get(),
                                     "SELECT event_id, stream_id, stream_version, event_type, "
                                     "schema_version, payload, metadata, recorded_at "
                                     "FROM events ORDER BY global_position",
                                     &result.error);
    Inserter inserter;
    if (!select || !inserter.open(path, pageCacheKib, &result.error))
        return result;

    std::vector<Row> chunk(static_cast<std::size_t>(chunkSize));
    int rc = SQLITE_ROW;
    while (rc == SQLITE_ROW) {
        // Off the clock: reading the source and filling the chunk's buffers.
        std::size_t filled = 0;
        while (filled < chunk.size() && (rc = sqlite3_step(select.get())) == SQLITE_ROW) {
            sqlite3_stmt *row = select.get();
            Row &target = chunk[filled++];
            copyText(row, 0, &target.eventId);
            copyText(row, 1, &target.streamId);
            target.streamVersion = sqlite3_column_int64(row, 2);
            copyText(row, 3, &target.eventType);
            target.schemaVersion = sqlite3_column_int(row, 4);
            copyText(row, 5, &target.payload);
            copyText(row, 6, &target.metadata);
            target.recordedAt = sqlite3_column_int64(row, 7);
        }
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            result.error = sqliteError(reader.get(), "read the events");
            return result;
        }
        if (filled == 0)
            break;
        QElapsedTimer clock;
        clock.start();
        if (!inserter.insert(chunk, 0, filled, &result.error))
            return result;
        result.elapsedNs += clock.nsecsElapsed();
        result.events += qint64(filled);
        if (!proceed(result.events)) {
            result.error = u"stopped"_s;
            return result;
        }
    }
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
