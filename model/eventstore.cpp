#include "model/eventstore.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

constexpr int BusyTimeoutMs = 5000;

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return u"eslab-store-%1"_s.arg(counter.fetchAndAddRelaxed(1));
}

// The first bytes of every SQLite 3 database file.
bool hasSqliteHeader(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    const QByteArray header = file.read(16);
    if (header.isEmpty()) {
        *error = u"%1 is an empty file, not an eslab store"_s.arg(path);
        return false;
    }
    if (header != QByteArrayView("SQLite format 3\0", 16)) {
        *error = u"%1 is not an eslab store (not an SQLite database)"_s.arg(path);
        return false;
    }
    return true;
}

// Root may write any file, but a store whose every write permission bit is off was made
// read-only on purpose: honour that for every user.
bool isWritableFile(const QFileInfo &info)
{
    // WriteUser says what this user may do (root: anything); the mode bits are the owner's,
    // the group's and the others'.
    constexpr auto anyWrite
        = QFileDevice::WriteOwner | QFileDevice::WriteGroup | QFileDevice::WriteOther;
    return info.isWritable() && (info.permissions() & anyWrite);
}

QStringList schemaStatements()
{
    QFile file(u":/eslab/schema/sqlite.sql"_s);
    const bool opened = file.open(QIODevice::ReadOnly | QIODevice::Text);
    Q_ASSERT(opened);
    Q_UNUSED(opened);
    QStringList statements;
    const QStringList blocks = QString::fromUtf8(file.readAll()).split(u"\n\n"_s);
    for (const QString &block : blocks) {
        QStringList lines;
        for (const QString &line : block.split(u'\n')) {
            if (!line.trimmed().startsWith(u"--"_s))
                lines.append(line);
        }
        const QString statement = lines.join(u'\n').trimmed();
        if (!statement.isEmpty())
            statements.append(statement);
    }
    return statements;
}

RecordedEvent eventFromRow(const QSqlQuery &query)
{
    RecordedEvent event;
    event.globalPosition = query.value(0).toLongLong();
    event.eventId = query.value(1).toString();
    event.streamId = query.value(2).toString();
    event.streamVersion = query.value(3).toLongLong();
    event.eventType = query.value(4).toString();
    event.schemaVersion = query.value(5).toInt();
    event.payload = query.value(6).toString().toUtf8();
    event.metadata = query.value(7).toString().toUtf8();
    event.recordedAt = query.value(8).toLongLong();
    return event;
}

const QString EventColumns = u"global_position, event_id, stream_id, stream_version, event_type, "
                             "schema_version, payload, metadata, recorded_at"_s;

} // namespace

std::unique_ptr<EventStore> EventStore::open(const QString &location, Access access, QString *error)
{
    Q_ASSERT(error);
    if (location.startsWith(u"postgresql://"_s) || location.startsWith(u"postgres://"_s)) {
        *error
            = u"%1: PostgreSQL stores are not available in this build yet; use a file path"_s.arg(
                location);
        return nullptr;
    }
    const QFileInfo info(location);
    const bool creating = !info.exists();
    if (creating && access != Access::ReadWriteCreate) {
        *error = u"no store at %1"_s.arg(location);
        return nullptr;
    }
    if (creating) {
        const QFileInfo folder(info.absolutePath());
        if (!folder.isDir()) {
            *error = u"cannot create a store at %1: the folder %2 does not exist"_s.arg(
                location, folder.filePath());
            return nullptr;
        }
        if (!folder.isWritable()) {
            *error = u"cannot create a store at %1: the folder is read-only"_s.arg(location);
            return nullptr;
        }
    } else {
        if (info.isDir()) {
            *error = u"%1 is a folder, not an eslab store"_s.arg(location);
            return nullptr;
        }
        if (!hasSqliteHeader(location, error))
            return nullptr;
        if (access != Access::ReadOnly && !isWritableFile(info)) {
            *error = u"%1 is read-only; this command needs to write to the store"_s.arg(location);
            return nullptr;
        }
        if (access != Access::ReadOnly && !QFileInfo(info.absolutePath()).isWritable()) {
            *error
                = u"the folder of %1 is read-only; this command needs to write to the store"_s.arg(
                    location);
            return nullptr;
        }
    }

    const bool readOnly = access == Access::ReadOnly;
    std::unique_ptr<EventStore> store(new EventStore(location, nextConnectionName(), readOnly));
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, store->m_connectionName);
    if (!creating) {
        // Refuse what is not ours before any pragma can touch the file, through a connection that
        // cannot change it. When no -wal file exists the database file is whole, and an immutable
        // connection reads it without leaving -wal and -shm files beside a file we refuse.
        const bool hasWal = QFileInfo::exists(location + u"-wal"_s);
        const QString uri
            = QUrl::fromLocalFile(info.absoluteFilePath()).toString(QUrl::FullyEncoded);
        db.setDatabaseName(hasWal ? location : uri + u"?immutable=1"_s);
        db.setConnectOptions(hasWal ? u"QSQLITE_OPEN_READONLY"_s
                                    : u"QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"_s);
        if (!db.open()) {
            *error = u"cannot open %1: %2"_s.arg(location, db.lastError().text());
            return nullptr;
        }
        if (!store->checkSchema(error))
            return nullptr;
        db.close();
    }
    db.setDatabaseName(location);
    QString options = u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(BusyTimeoutMs);
    if (readOnly)
        options += u";QSQLITE_OPEN_READONLY"_s;
    db.setConnectOptions(options);
    if (!db.open()) {
        *error = u"cannot open %1: %2"_s.arg(location, db.lastError().text());
        return nullptr;
    }

    if (creating) {
        if (!store->createSchema()) {
            *error = u"cannot create a store at %1: %2"_s.arg(location, store->m_error);
            store.reset();
            QFile::remove(location);
            QFile::remove(location + u"-wal"_s);
            QFile::remove(location + u"-shm"_s);
            return nullptr;
        }
        return store;
    }

    if (!readOnly && !store->execSql(u"PRAGMA synchronous = NORMAL"_s, "set synchronous")) {
        *error = u"cannot open %1: %2"_s.arg(location, store->m_error);
        return nullptr;
    }
    return store;
}

EventStore::EventStore(QString location, QString connectionName, bool readOnly)
    : m_location(std::move(location))
    , m_connectionName(std::move(connectionName))
    , m_readOnly(readOnly)
{ }

EventStore::~EventStore()
{
    if (m_inTransaction)
        rollback();
    m_statements.clear();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase EventStore::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool EventStore::exec(QSqlQuery &query, const char *what)
{
    if (query.exec())
        return true;
    m_error = u"%1 failed: %2"_s.arg(QLatin1StringView(what), query.lastError().text());
    return false;
}

bool EventStore::execSql(const QString &sql, const char *what)
{
    QSqlQuery query(database());
    if (query.exec(sql))
        return true;
    m_error = u"%1 failed: %2"_s.arg(QLatin1StringView(what), query.lastError().text());
    return false;
}

QSqlQuery *EventStore::prepared(const QString &sql)
{
    for (auto &[text, query] : m_statements) {
        if (text == sql)
            return query.get();
    }
    auto query = std::make_unique<QSqlQuery>(database());
    query->setForwardOnly(true);
    if (!query->prepare(sql)) {
        m_error = u"cannot prepare '%1': %2"_s.arg(sql, query->lastError().text());
        return nullptr;
    }
    m_statements.emplace_back(sql, std::move(query));
    return m_statements.back().second.get();
}

QSqlQuery *EventStore::execute(const QString &sql, const QVariantList &values)
{
    QSqlQuery *query = prepared(sql);
    if (!query)
        return nullptr;
    query->finish();
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values.at(i));
    if (!query->exec()) {
        m_error = query->lastError().text();
        return nullptr;
    }
    return query;
}

bool EventStore::createSchema()
{
    // journal_mode cannot change inside a transaction, and WAL persists in the file.
    if (!execSql(u"PRAGMA journal_mode = WAL"_s, "enable WAL")
        || !execSql(u"PRAGMA synchronous = NORMAL"_s, "set synchronous"))
        return false;
    if (!beginWrite())
        return false;
    for (const QString &statement : schemaStatements()) {
        if (!execSql(statement, "create the schema")) {
            rollback();
            return false;
        }
    }
    QSqlQuery meta(database());
    meta.prepare(u"INSERT INTO meta (key, value) VALUES (?, ?)"_s);
    const std::pair<QString, QString> rows[] = {
        { u"format_version"_s, QString::number(FormatVersion) },
        { u"application"_s, u"eslab"_s },
        { u"created_by"_s, u"eslab " ESLAB_VERSION ""_s },
    };
    for (const auto &[key, value] : rows) {
        meta.bindValue(0, key);
        meta.bindValue(1, value);
        if (!exec(meta, "write the store's meta")) {
            rollback();
            return false;
        }
    }
    return commit();
}

bool EventStore::checkSchema(QString *error)
{
    QSqlQuery tables(database());
    if (!tables.exec(u"SELECT name FROM sqlite_master WHERE type = 'table'"_s)) {
        *error = u"%1 is corrupt or not an eslab store: %2"_s.arg(m_location,
                                                                  tables.lastError().text());
        return false;
    }
    QStringList names;
    while (tables.next())
        names.append(tables.value(0).toString());
    if (tables.lastError().isValid()) {
        *error = u"%1 is corrupt: %2"_s.arg(m_location, tables.lastError().text());
        return false;
    }
    if (!names.contains(u"meta"_s) || !names.contains(u"events"_s)) {
        *error = u"%1 is not an eslab store (it has no eslab meta and events tables)"_s.arg(
            m_location);
        return false;
    }
    QSqlQuery format(database());
    if (!format.exec(u"SELECT value FROM meta WHERE key = 'format_version'"_s) || !format.next()) {
        *error
            = u"%1 is not an eslab store (its meta table has no format_version)"_s.arg(m_location);
        return false;
    }
    bool isNumber = false;
    const int version = format.value(0).toString().toInt(&isNumber);
    if (!isNumber || version < 1) {
        *error = u"%1 has an unreadable store format version '%2'"_s.arg(
            m_location, format.value(0).toString());
        return false;
    }
    if (version > FormatVersion) {
        *error = u"%1 has store format %2, newer than this eslab reads (%3); use a newer eslab"_s
                     .arg(m_location)
                     .arg(version)
                     .arg(FormatVersion);
        return false;
    }
    for (const char *required :
         { "runs", "snapshots", "checkpoints", "order_summary", "service_stats",
           "service_stats_orders", "parked_events", "projection_halts" }) {
        if (!names.contains(QLatin1StringView(required))) {
            *error = u"%1 is damaged: its %2 table is missing"_s.arg(m_location,
                                                                     QLatin1StringView(required));
            return false;
        }
    }
    return true;
}

bool EventStore::beginWrite()
{
    Q_ASSERT(!m_inTransaction);
    if (m_readOnly) {
        m_error = u"%1 is open read-only"_s.arg(m_location);
        return false;
    }
    // BEGIN IMMEDIATE waits up to the busy timeout for another writer, then gives up.
    if (!execSql(u"BEGIN IMMEDIATE"_s, "take the store's write lock"))
        return false;
    m_inTransaction = true;
    return true;
}

bool EventStore::commit()
{
    Q_ASSERT(m_inTransaction);
    if (!execSql(u"COMMIT"_s, "commit")) {
        rollback();
        return false;
    }
    m_inTransaction = false;
    return true;
}

void EventStore::rollback()
{
    QSqlQuery query(database());
    query.exec(u"ROLLBACK"_s); // fails harmlessly when SQLite already rolled back
    m_inTransaction = false;
}

AppendResult EventStore::append(const QString &streamId, qint64 expectedVersion,
                                const QList<NewEvent> &events)
{
    AppendResult result;
    if (events.isEmpty()) {
        result.error = u"an append needs at least one event"_s;
        return result;
    }
    if (m_readOnly) {
        result.error = u"%1 is open read-only"_s.arg(m_location);
        return result;
    }
    if (m_inTransaction) {
        // Inside a group transaction one failed append must not take the others with it.
        if (!execSql(u"SAVEPOINT append"_s, "start an append")) {
            result.error = m_error;
            return result;
        }
        result = appendInTransaction(streamId, expectedVersion, events);
        if (result.status == AppendResult::Status::Failed)
            execSql(u"ROLLBACK TO append"_s, "undo a failed append");
        execSql(u"RELEASE append"_s, "finish an append");
        return result;
    }
    if (!beginWrite()) {
        result.error = m_error;
        return result;
    }
    result = appendInTransaction(streamId, expectedVersion, events);
    if (result.status != AppendResult::Status::Appended) {
        rollback();
        return result;
    }
    if (!commit()) {
        result = AppendResult {};
        result.error = m_error;
    }
    return result;
}

AppendResult EventStore::appendInTransaction(const QString &streamId, qint64 expectedVersion,
                                             const QList<NewEvent> &events)
{
    AppendResult result;
    auto fail = [&](const char *what) {
        result.status = AppendResult::Status::Failed;
        result.error = m_error.isEmpty() ? QString::fromLatin1(what) : m_error;
        return result;
    };

    QSqlQuery *byIdStatement
        = prepared(u"SELECT global_position, stream_id, stream_version FROM events "
                   "WHERE event_id = ?"_s);
    if (!byIdStatement)
        return fail("prepare a statement");
    QSqlQuery &byId = *byIdStatement;
    int alreadyStored = 0;
    for (const NewEvent &event : events) {
        byId.bindValue(0, event.eventId);
        if (!exec(byId, "look up an event_id"))
            return fail("look up an event_id");
        if (byId.next()) {
            const qint64 position = byId.value(0).toLongLong();
            if (byId.value(1).toString() != streamId) {
                m_error = u"event_id %1 is already stored in %2"_s.arg(event.eventId,
                                                                       byId.value(1).toString());
                return fail("");
            }
            result.firstPosition
                = alreadyStored == 0 ? position : std::min(result.firstPosition, position);
            result.lastPosition = std::max(result.lastPosition, position);
            result.streamVersion = std::max(result.streamVersion, byId.value(2).toLongLong());
            ++alreadyStored;
        }
        byId.finish();
    }
    if (alreadyStored == events.size()) {
        result.status = AppendResult::Status::AlreadyStored;
        return result;
    }
    if (alreadyStored > 0) {
        m_error = u"an append to %1 repeats some stored event_ids but not all"_s.arg(streamId);
        return fail("");
    }

    const qint64 current = streamVersion(streamId);
    if (current < 0)
        return fail("read the stream version");
    if (current != expectedVersion) {
        result.status = AppendResult::Status::Conflict;
        result.streamVersion = current;
        result.error = u"%1 is at version %2, not the expected %3"_s.arg(streamId).arg(current).arg(
            expectedVersion);
        return result;
    }
    const qint64 head = headPosition();
    if (head < 0)
        return fail("read the head position");

    QSqlQuery *insertStatement
        = prepared(u"INSERT INTO events (global_position, event_id, stream_id, "
                   "stream_version, event_type, schema_version, payload, metadata, "
                   "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    if (!insertStatement)
        return fail("prepare a statement");
    QSqlQuery &insert = *insertStatement;
    qint64 position = head;
    qint64 version = current;
    for (const NewEvent &event : events) {
        insert.bindValue(0, ++position);
        insert.bindValue(1, event.eventId);
        insert.bindValue(2, streamId);
        insert.bindValue(3, ++version);
        insert.bindValue(4, event.eventType);
        insert.bindValue(5, event.schemaVersion);
        insert.bindValue(6, QString::fromUtf8(event.payload));
        insert.bindValue(7, QString::fromUtf8(event.metadata));
        insert.bindValue(8, event.recordedAt);
        if (!exec(insert, "append an event"))
            return fail("append an event");
    }
    result.status = AppendResult::Status::Appended;
    result.firstPosition = head + 1;
    result.lastPosition = position;
    result.streamVersion = version;
    return result;
}

QList<RecordedEvent> EventStore::readStream(const QString &streamId, qint64 fromVersion,
                                            qint64 toVersion)
{
    m_error.clear();
    QList<RecordedEvent> events;
    QSqlQuery *queryStatement
        = prepared(u"SELECT "_s + EventColumns
                   + u" FROM events WHERE stream_id = ? AND stream_version >= ? "
                     "AND stream_version <= ? ORDER BY stream_version"_s);
    if (!queryStatement)
        return events;
    QSqlQuery &query = *queryStatement;
    query.bindValue(0, streamId);
    query.bindValue(1, fromVersion);
    query.bindValue(2, toVersion);
    if (!exec(query, "read a stream"))
        return events;
    while (query.next())
        events.append(eventFromRow(query));
    query.finish();
    return events;
}

QList<RecordedEvent> EventStore::readAll(qint64 afterPosition, int limit)
{
    m_error.clear();
    QList<RecordedEvent> events;
    QSqlQuery *queryStatement = prepared(u"SELECT "_s + EventColumns
                                         + u" FROM events WHERE global_position > ? "
                                           "ORDER BY global_position LIMIT ?"_s);
    if (!queryStatement)
        return events;
    QSqlQuery &query = *queryStatement;
    query.bindValue(0, afterPosition);
    query.bindValue(1, limit);
    if (!exec(query, "read the global stream"))
        return events;
    // A caller may ask for more than the store holds: do not reserve for the limit itself.
    events.reserve(std::min(limit, 1024));
    while (query.next())
        events.append(eventFromRow(query));
    query.finish();
    return events;
}

QList<RecordedEvent> EventStore::readPositions(const QList<qint64> &positions)
{
    m_error.clear();
    QList<RecordedEvent> events;
    // One statement per list length keeps the statement cache small: pages have one size.
    QStringList marks;
    QVariantList values;
    for (qint64 position : positions) {
        marks.append(u"?"_s);
        values.append(position);
    }
    if (marks.isEmpty())
        return events;
    QSqlQuery *query = execute(u"SELECT "_s + EventColumns
                                   + u" FROM events WHERE global_position IN (%1) "
                                     "ORDER BY global_position"_s.arg(marks.join(u", "_s)),
                               values);
    if (!query)
        return events;
    while (query->next())
        events.append(eventFromRow(*query));
    query->finish();
    return events;
}

qint64 EventStore::headPosition()
{
    QSqlQuery *queryStatement = prepared(u"SELECT COALESCE(MAX(global_position), 0) FROM events"_s);
    if (!queryStatement)
        return -1;
    QSqlQuery &query = *queryStatement;
    if (!exec(query, "read the head position") || !query.next())
        return -1;
    const qint64 head = query.value(0).toLongLong();
    query.finish();
    return head;
}

qint64 EventStore::streamVersion(const QString &streamId)
{
    QSqlQuery *queryStatement
        = prepared(u"SELECT COALESCE(MAX(stream_version), 0) FROM events WHERE stream_id = ?"_s);
    if (!queryStatement)
        return -1;
    QSqlQuery &query = *queryStatement;
    query.bindValue(0, streamId);
    if (!exec(query, "read a stream version") || !query.next())
        return -1;
    const qint64 version = query.value(0).toLongLong();
    query.finish();
    return version;
}

qint64 EventStore::highestOrderNumber()
{
    // Order numbers outgrow their 6-digit padding past 999999, so compare them as numbers.
    QSqlQuery *queryStatement
        = prepared(u"SELECT COALESCE(MAX(CAST(substr(stream_id, 7) AS INTEGER)), 0) "
                   "FROM events WHERE stream_version = 1 "
                   "AND stream_id LIKE 'order-%'"_s);
    if (!queryStatement)
        return -1;
    QSqlQuery &query = *queryStatement;
    if (!exec(query, "find the highest order number") || !query.next())
        return -1;
    const qint64 highest = query.value(0).toLongLong();
    query.finish();
    return highest;
}

QStringList EventStore::streamIds()
{
    QStringList ids;
    QSqlQuery *queryStatement = prepared(
        u"SELECT stream_id FROM events WHERE stream_version = 1 ORDER BY global_position"_s);
    if (!queryStatement)
        return ids;
    QSqlQuery &query = *queryStatement;
    if (!exec(query, "list the streams"))
        return ids;
    while (query.next())
        ids.append(query.value(0).toString());
    query.finish();
    return ids;
}

int EventStore::runCount()
{
    QSqlQuery *queryStatement = prepared(u"SELECT COUNT(*) FROM runs"_s);
    if (!queryStatement)
        return -1;
    QSqlQuery &query = *queryStatement;
    if (!exec(query, "count the runs") || !query.next())
        return -1;
    const int count = query.value(0).toInt();
    query.finish();
    return count;
}

bool EventStore::recordRun(const QString &runId, const QString &scenarioName,
                           const QByteArray &scenarioJson, qint64 seed)
{
    QSqlQuery *queryStatement = prepared(
        u"INSERT INTO runs (run_id, scenario_name, scenario, seed) VALUES (?, ?, ?, ?)"_s);
    if (!queryStatement)
        return false;
    QSqlQuery &query = *queryStatement;
    query.bindValue(0, runId);
    query.bindValue(1, scenarioName);
    query.bindValue(2, QString::fromUtf8(scenarioJson));
    query.bindValue(3, seed);
    return exec(query, "record the run");
}

} // namespace eslab
