#include "model/eventstore.h"

#include "model/postgresstatement.h"
#include "model/sqlitestatement.h"
#include "model/waitingwritersign.h"
#include "model/walcheckpointer.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

constexpr int BusyTimeoutMs = 5000;
// A writer that held the write lock this long gives way, after its commit, to a writer waiting
// for it (WaitingWriterSign), for at most GiveWayMs: a run's groups hold it up to a second.
constexpr qint64 LongWriteMs = 2;
constexpr int GiveWayMs = 100;
// Readers page through stores of millions of events. Neither cache grows with the store.
constexpr int ReaderPageCacheKib = 64 * 1024;
// Stream versions kept at most; beyond it they are forgotten and read again.
constexpr qsizetype MaxKnownStreamVersions = 200000;
// Enough for the events a run's projectors have not read yet: they poll every few appends.
constexpr size_t MaxRecentAppends = 10000;
// The key of the PostgreSQL advisory lock a process holds while it creates a store's tables.
constexpr qint64 PostgresCreationLock = 0x65736c6162; // "eslab"

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
// Waits for another connection's lock in steps of a fraction of a millisecond, up to
// BusyTimeoutMs. A writer that commits and at once begins again frees the lock for a few
// microseconds only; SQLite's own handler sleeps up to 100 ms between tries and would miss
// those moments for as long as the other writer runs.
int waitForTheLock(void *, int tries)
{
    // One connection per thread waits at a time; `tries` is 0 when a new wait starts.
    thread_local QElapsedTimer waited;
    if (tries == 0)
        waited.start();
    if (waited.elapsed() >= BusyTimeoutMs)
        return 0;
    ::usleep(200);
    return 1;
}

// The same, for a writer's BEGIN IMMEDIATE: it shows its sign while it waits.
int waitForTheWriteLock(void *sign, int tries)
{
    static_cast<WaitingWriterSign *>(sign)->show();
    return waitForTheLock(nullptr, tries);
}

// The URI that opens a database file immutable: read as it is, with no -wal or -shm file.
QString immutableUri(const QFileInfo &info)
{
    return QUrl::fromLocalFile(info.absoluteFilePath()).toString(QUrl::FullyEncoded)
        + u"?immutable=1"_s;
}

bool isWritableFile(const QFileInfo &info)
{
    // WriteUser says what this user may do (root: anything); the mode bits are the owner's,
    // the group's and the others'.
    constexpr auto anyWrite
        = QFileDevice::WriteOwner | QFileDevice::WriteGroup | QFileDevice::WriteOther;
    return info.isWritable() && (info.permissions() & anyWrite);
}

// The statements of one of the schema files in the resources, separated by blank lines.
QStringList schemaStatements(const QString &resource)
{
    QFile file(resource);
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

// The stored event_type: a known type shares the one string of its name instead of a new one
// for every row.
QString eventTypeOf(const StoreStatement &query, int column)
{
    const QByteArrayView stored = query.view(column);
    for (const QString &name : allEventTypeNames()) {
        // The names are ASCII: equal as Latin-1 is equal as UTF-8.
        if (name.size() == stored.size() && name == QLatin1StringView(stored))
            return name;
    }
    return QString::fromUtf8(stored);
}

RecordedEvent eventFromRow(const StoreStatement &query)
{
    RecordedEvent event;
    event.globalPosition = query.int64(0);
    event.eventId = query.text(1);
    event.streamId = query.text(2);
    event.streamVersion = query.int64(3);
    event.eventType = eventTypeOf(query, 4);
    event.schemaVersion = int(query.int64(5));
    event.payload = query.bytes(6);
    event.metadata = query.bytes(7);
    event.recordedAt = query.int64(8);
    return event;
}

// A row of PROJECTION_COLUMNS: what a read model uses of an event.
RecordedEvent projectionEventFromRow(const StoreStatement &query)
{
    RecordedEvent event;
    event.globalPosition = query.int64(0);
    event.streamId = query.text(1);
    event.streamVersion = query.int64(2);
    event.eventType = eventTypeOf(query, 3);
    event.schemaVersion = int(query.int64(4));
    event.payload = query.bytes(5);
    event.recordedAt = query.int64(6);
    return event;
}

#define PROJECTION_COLUMNS                                                                         \
    "global_position, stream_id, stream_version, event_type, schema_version, payload, recorded_at"

#define EVENT_COLUMNS                                                                              \
    "global_position, event_id, stream_id, stream_version, event_type, schema_version, payload, "  \
    "metadata, recorded_at"

} // namespace

std::unique_ptr<EventStore> EventStore::open(const QString &location, Access access, QString *error)
{
    Q_ASSERT(error);
    // SQLite keeps memory statistics behind a global mutex on every allocation, a few hundred
    // instructions each, and a run allocates dozens of times an event. eslab never reads them.
    // This works only before SQLite's first use in the process; later it changes nothing.
    static const bool memoryStatisticsOff = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
    Q_UNUSED(memoryStatisticsOff);
    if (isPostgresLocation(location))
        return openPostgres(location, access, error);
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
        if (!createStoreFile(location, error))
            return nullptr;
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
    std::unique_ptr<EventStore> store(
        new EventStore(location, nextConnectionName(), readOnly, Backend::Sqlite));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, store->m_connectionName);
        // Refuse what is not ours before any pragma can touch the file, through a connection that
        // cannot change it. When no -wal file exists the database file is whole, and an immutable
        // connection reads it without leaving -wal and -shm files beside a file we refuse.
        const bool hasWal = QFileInfo::exists(location + u"-wal"_s);
        db.setDatabaseName(hasWal ? location : immutableUri(info));
        db.setConnectOptions(hasWal ? u"QSQLITE_OPEN_READONLY"_s
                                    : u"QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"_s);
        if (!db.open()) {
            *error = u"cannot open %1: %2"_s.arg(location, db.lastError().text());
            return nullptr;
        }
        if (!store->checkSchema(error))
            return nullptr;
        if (access != Access::ReadOnly && !store->checkPages(error))
            return nullptr;
        db.close();
    }
    // Reading a WAL store needs its -shm index, which SQLite cannot create in a read-only
    // folder. Without a -wal file the database file is whole, and nobody can be writing to it
    // there: an immutable connection reads it as it is.
    const bool immutable = readOnly && !QFileInfo::exists(location + u"-wal"_s)
        && !QFileInfo(info.absolutePath()).isWritable();
    const bool opened = immutable
        ? store->connect(immutableUri(info), u"QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"_s)
        : store->connect(location, readOnly ? u"QSQLITE_OPEN_READONLY"_s : QString());
    if (!opened) {
        *error = u"cannot open %1: %2"_s.arg(location, store->m_error);
        return nullptr;
    }
    if (!readOnly && !store->execSql(u"PRAGMA synchronous = NORMAL"_s, "set synchronous")) {
        *error = u"cannot open %1: %2"_s.arg(location, store->m_error);
        return nullptr;
    }
    // A reader pages through stores of millions of events: a large cache keeps the indexes'
    // upper levels. A writer starts with SQLite's default cache (2 MB) and takes the large one
    // for bulk work (useLargePageCache()).
    if (readOnly && !store->setPageCache(ReaderPageCacheKib)) {
        *error = u"cannot open %1: %2"_s.arg(location, store->m_error);
        return nullptr;
    }
    if (!readOnly
        && !store->execSql(u"PRAGMA wal_autocheckpoint = %1"_s.arg(WalCheckpointPages),
                           "set the checkpoint interval")) {
        *error = u"cannot open %1: %2"_s.arg(location, store->m_error);
        return nullptr;
    }
    return store;
}

bool EventStore::connect(const QString &databaseName, const QString &options)
{
    QSqlDatabase db = database();
    db.setDatabaseName(databaseName);
    db.setConnectOptions(options);
    if (!db.open()) {
        m_error = db.lastError().text();
        return false;
    }
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0) {
        m_error = u"the SQLite driver gives no connection handle"_s;
        return false;
    }
    m_db = *static_cast<sqlite3 *const *>(handle.constData());
    sqlite3_busy_handler(m_db, waitForTheLock, nullptr);
    m_waitingSign
        = std::make_unique<WaitingWriterSign>(QString::fromUtf8(sqlite3_db_filename(m_db, "main")));
    return true;
}

bool EventStore::isPostgresLocation(const QString &location)
{
    return location.startsWith(u"postgresql://"_s) || location.startsWith(u"postgres://"_s);
}

bool EventStore::exists(const QString &location)
{
    if (!isPostgresLocation(location))
        return QFileInfo::exists(location);
    EventStore probe(location, nextConnectionName(), true, Backend::Postgres);
    QString error;
    QStringList tables;
    if (!connectPostgres(location, probe.m_connectionName, &error) || !probe.listTables(&tables))
        return true;
    return tables.contains(u"meta"_s) || tables.contains(u"events"_s);
}

bool EventStore::connectPostgres(const QString &location, const QString &connectionName,
                                 QString *error)
{
    const QUrl url(location, QUrl::StrictMode);
    const QString database = url.path().mid(1);
    if (!url.isValid() || url.host().isEmpty() || database.isEmpty() || database.contains(u'/')
        || url.hasQuery() || url.hasFragment()) {
        *error = u"%1 is not a PostgreSQL store address; write postgresql://USER@HOST:PORT/DBNAME"_s
                     .arg(location);
        return false;
    }
    // The address is shown and kept in the window's settings: a password in it would be too.
    if (!url.password().isEmpty()) {
        *error
            = u"the address %1 holds a password; give it in PGPASSWORD or ~/.pgpass instead"_s.arg(
                url.toString(QUrl::RemovePassword));
        return false;
    }
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s)) {
        *error = u"cannot open %1: Qt SQL's PostgreSQL driver (QPSQL, Debian package "
                 "libqt6sql6-psql) is not installed"_s.arg(location);
        return false;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connectionName);
    db.setHostName(url.host());
    db.setPort(url.port(5432));
    db.setUserName(url.userName());
    db.setDatabaseName(database);
    // No password is set: libpq takes it from PGPASSWORD or ~/.pgpass.
    db.setConnectOptions(u"connect_timeout=%1;application_name=eslab"_s.arg(BusyTimeoutMs / 1000));
    if (!db.open()) {
        *error = u"cannot open %1: %2"_s.arg(location, db.lastError().text().simplified());
        return false;
    }
    return true;
}

std::unique_ptr<EventStore> EventStore::openPostgres(const QString &location, Access access,
                                                     QString *error)
{
    const bool readOnly = access == Access::ReadOnly;
    std::unique_ptr<EventStore> store(
        new EventStore(location, nextConnectionName(), readOnly, Backend::Postgres));
    if (!connectPostgres(location, store->m_connectionName, error))
        return nullptr;
    // Writers wait for the write lock a bounded time, as on SQLite; notices ("relation already
    // exists, skipping") are not errors and stay off stderr.
    if (!store->execSql(u"SET lock_timeout = %1"_s.arg(BusyTimeoutMs), "set the lock timeout")
        || !store->execSql(u"SET client_min_messages = warning"_s, "quieten notices")) {
        *error = u"cannot open %1: %2"_s.arg(location, store->m_error);
        return nullptr;
    }
    QStringList tables;
    if (!store->listTables(&tables)) {
        *error = u"cannot open %1: %2"_s.arg(location, store->m_error);
        return nullptr;
    }
    if (!tables.contains(u"meta"_s) && !tables.contains(u"events"_s)) {
        if (access != Access::ReadWriteCreate) {
            *error = u"no store at %1 (the database has no eslab tables)"_s.arg(location);
            return nullptr;
        }
        if (!store->createPostgresSchema()) {
            *error = u"cannot create a store at %1: %2"_s.arg(location, store->m_error);
            return nullptr;
        }
    }
    if (!store->checkSchema(error))
        return nullptr;
    if (readOnly
        && !store->execSql(u"SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"_s,
                           "open read-only")) {
        *error = u"cannot open %1: %2"_s.arg(location, store->m_error);
        return nullptr;
    }
    return store;
}

bool EventStore::createPostgresSchema()
{
    if (!execSql(u"BEGIN"_s, "start creating the schema"))
        return false;
    m_transactionDepth = 1;
    // Two processes may create the same store at once: the second waits here and then finds
    // the tables made.
    QStringList tables;
    if (!execSql(u"SELECT pg_advisory_xact_lock(%1)"_s.arg(PostgresCreationLock),
                 "wait for another process creating the store")
        || !listTables(&tables)) {
        rollback();
        return false;
    }
    if (tables.contains(u"meta"_s) || tables.contains(u"events"_s))
        return commit();
    return createTablesAndCommit(u":/eslab/schema/postgresql.sql"_s);
}

bool EventStore::removePostgresStore(const QString &location, QString *error)
{
    if (!isPostgresLocation(location)) {
        *error = u"%1 is not a PostgreSQL store; remove a store file with rm"_s.arg(location);
        return false;
    }
    std::unique_ptr<EventStore> store = open(location, Access::ReadWrite, error);
    if (!store)
        return false;
    // Dropping takes each table's exclusive lock: a running writer or reader makes this wait
    // its bounded time and fail, never half-drop.
    if (!store->execSql(u"BEGIN"_s, "start removing the store"))
        return false;
    store->m_transactionDepth = 1;
    for (const QString &statement : schemaStatements(u":/eslab/schema/postgresql-drop.sql"_s)) {
        if (!store->execSql(statement, "remove the store")) {
            *error = u"cannot remove the store at %1: %2"_s.arg(location, store->m_error);
            store->rollback();
            return false;
        }
    }
    if (!store->commit()) {
        *error = u"cannot remove the store at %1: %2"_s.arg(location, store->m_error);
        return false;
    }
    return true;
}

bool EventStore::listTables(QStringList *names)
{
    QSqlQuery tables(database());
    const QString sql = m_backend == Backend::Postgres
        ? u"SELECT table_name FROM information_schema.tables "
          "WHERE table_schema = current_schema()"_s
        : u"SELECT name FROM sqlite_master WHERE type = 'table'"_s;
    if (!tables.exec(sql)) {
        m_error = tables.lastError().text();
        return false;
    }
    while (tables.next())
        names->append(tables.value(0).toString());
    if (tables.lastError().isValid()) {
        m_error = tables.lastError().text();
        return false;
    }
    return true;
}

bool EventStore::postgresTransactionFailed()
{
    // QPSQL's handle is a PGconn*, which Qt's meta-type system names by its struct.
    const QVariant handle = database().driver()->handle();
    if (!handle.isValid()
        || (qstrcmp(handle.typeName(), "PGconn*") != 0
            && qstrcmp(handle.typeName(), "pg_conn*") != 0)) {
        Q_ASSERT_X(false, "EventStore::postgresTransactionFailed", "QPSQL gave no PGconn handle");
        return false;
    }
    auto *connection = *static_cast<PGconn *const *>(handle.constData());
    return PQtransactionStatus(connection) == PQTRANS_INERROR;
}

bool EventStore::createStoreFile(const QString &location, QString *error)
{
    // The schema is made in a hidden file beside the store and linked into place once whole,
    // so that a kill in the middle leaves no store (and a stray hidden file), never a half-made
    // file that every later command would refuse as "not an eslab store".
    static QAtomicInteger<int> drafts;
    const QFileInfo info(location);
    const QString draftPath = info.dir().filePath(u".%1.creating-%2-%3"_s.arg(info.fileName())
                                                      .arg(QCoreApplication::applicationPid())
                                                      .arg(drafts.fetchAndAddRelaxed(1)));
    const auto removeDraftFiles = [&] {
        for (const QLatin1StringView suffix : { ""_L1, "-wal"_L1, "-shm"_L1, "-journal"_L1 })
            QFile::remove(draftPath + suffix);
    };
    QString failure;
    {
        EventStore draft(draftPath, nextConnectionName(), false, Backend::Sqlite);
        QSqlDatabase::addDatabase(u"QSQLITE"_s, draft.m_connectionName);
        if (!draft.connect(draftPath, {}) || !draft.createSchema())
            failure = draft.m_error;
        // Closing the last connection checkpoints the WAL into the file and removes it.
    }
    if (failure.isEmpty() && QFileInfo::exists(draftPath + u"-wal"_s))
        failure = u"SQLite kept a -wal file"_s;
    if (!failure.isEmpty()) {
        *error = u"cannot create a store at %1: %2"_s.arg(location, failure);
        removeDraftFiles();
        return false;
    }
    // link() never replaces: a store another process made meanwhile is the one to open.
    if (::link(QFile::encodeName(draftPath).constData(), QFile::encodeName(location).constData())
            != 0
        && errno != EEXIST) {
        *error = u"cannot create a store at %1: %2"_s.arg(location,
                                                          QString::fromLocal8Bit(strerror(errno)));
        removeDraftFiles();
        return false;
    }
    removeDraftFiles();
    return true;
}

EventStore::EventStore(QString location, QString connectionName, bool readOnly, Backend backend)
    : m_location(std::move(location))
    , m_connectionName(std::move(connectionName))
    , m_readOnly(readOnly)
    , m_backend(backend)
{ }

EventStore::~EventStore()
{
    while (inTransaction())
        rollback();
    if (m_checkpointer) {
        sqlite3_wal_hook(m_db, nullptr, nullptr);
        m_checkpointer.reset();
    }
    m_statements.clear();
    m_storeStatements.clear();
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
    // A forward-only QPSQL query streams its rows and loses them when the connection runs
    // another statement; callers may, so on PostgreSQL the query holds its whole result.
    query->setForwardOnly(m_backend == Backend::Sqlite);
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

StoreStatement *EventStore::statement(QByteArrayView sql)
{
    for (const auto &statement : m_storeStatements) {
        if (statement->sql() == sql) {
            statement->reset();
            return statement.get();
        }
    }
    std::unique_ptr<StoreStatement> statement;
    if (m_backend == Backend::Postgres)
        statement = std::make_unique<PostgresStatement>(database(), sql.toByteArray());
    else
        statement = std::make_unique<SqliteStatement>(m_db, sql.toByteArray());
    if (!statement->isValid()) {
        m_error
            = u"cannot prepare '%1': %2"_s.arg(QString::fromUtf8(sql), statement->errorString());
        return nullptr;
    }
    m_storeStatements.push_back(std::move(statement));
    return m_storeStatements.back().get();
}

bool EventStore::run(QByteArrayView sql, const char *what)
{
    // PostgreSQL prepares no transaction control (BEGIN, SAVEPOINT, LOCK ...).
    if (m_backend == Backend::Postgres)
        return execSql(QString::fromUtf8(sql), what);
    StoreStatement *query = statement(sql);
    if (!query)
        return false;
    if (query->run())
        return true;
    m_error = u"%1 failed: %2"_s.arg(QLatin1StringView(what), query->errorString());
    return false;
}

template<class Visit>
bool EventStore::readRows(StoreStatement &query, const char *what, Visit visit)
{
    for (;;) {
        switch (query.step()) {
        case StoreStatement::Step::Row:
            visit(query);
            continue;
        case StoreStatement::Step::Done:
            query.reset();
            return true;
        case StoreStatement::Step::Failed:
            m_error = u"%1 failed: %2"_s.arg(QLatin1StringView(what), query.errorString());
            query.reset();
            return false;
        }
    }
}

bool EventStore::createSchema()
{
    // journal_mode cannot change inside a transaction, and WAL persists in the file.
    if (!execSql(u"PRAGMA journal_mode = WAL"_s, "enable WAL")
        || !execSql(u"PRAGMA synchronous = NORMAL"_s, "set synchronous"))
        return false;
    if (!beginWrite())
        return false;
    return createTablesAndCommit(u":/eslab/schema/sqlite.sql"_s);
}

bool EventStore::createTablesAndCommit(const QString &schemaResource)
{
    for (const QString &statement : schemaStatements(schemaResource)) {
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
    QStringList names;
    if (!listTables(&names)) {
        *error = m_backend == Backend::Postgres
            ? u"cannot read the tables of %1: %2"_s.arg(m_location, m_error)
            : u"%1 is corrupt or not an eslab store: %2"_s.arg(m_location, m_error);
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

bool EventStore::checkPages(QString *error)
{
    // SQLite finds a damaged page only when it reads it, and a writing command reads little of
    // the store before it writes: without this it would add to a file whose other pages are
    // damaged, and change what the user would want to rescue. quick_check reads every page
    // (about a second per GB) and, unlike integrity_check, does not match indexes to tables.
    QSqlQuery check(database());
    if (!check.exec(u"PRAGMA quick_check(1)"_s)) {
        *error = u"%1 is damaged: %2; this command writes, so it refuses the store"_s.arg(
            m_location, check.lastError().databaseText());
        return false;
    }
    if (!check.next()) {
        *error = u"cannot check the pages of %1"_s.arg(m_location);
        return false;
    }
    const QString verdict
        = check.value(0).toString().remove(u"*** in database main ***"_s).simplified();
    if (verdict != u"ok"_s) {
        *error = u"%1 is damaged (database disk image is malformed: %2); this command writes, "
                 "so it refuses the store"_s.arg(m_location, verdict);
        return false;
    }
    return true;
}

bool EventStore::setPageCache(int kib)
{
    return execSql(u"PRAGMA cache_size = -%1"_s.arg(kib), "size the page cache");
}

bool EventStore::useLargePageCache()
{
    return m_backend != Backend::Sqlite || setPageCache(BulkWriterPageCacheKib);
}

bool EventStore::checkpointInBackground(int pages)
{
    if (m_backend != Backend::Sqlite)
        return false;
    if (m_checkpointer)
        return true;
    auto checkpointer = std::make_unique<WalCheckpointer>(m_location);
    if (!checkpointer->isRunning()) {
        m_error = checkpointer->errorString();
        return false;
    }
    m_checkpointer = std::move(checkpointer);
    m_backgroundCheckpointPages = pages;
    // Takes the place of the automatic checkpoints (PRAGMA wal_autocheckpoint).
    sqlite3_wal_hook(m_db, &EventStore::walCommitted, this);
    return true;
}

int EventStore::walCommitted(void *store, sqlite3 *db, const char *database, int pages)
{
    auto *self = static_cast<EventStore *>(store);
    if (pages >= WalCheckpointPages)
        (void)sqlite3_wal_checkpoint_v2(db, database, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    else if (pages >= self->m_backgroundCheckpointPages)
        self->m_checkpointer->request();
    return SQLITE_OK;
}

bool EventStore::beginWrite()
{
    if (m_readOnly) {
        m_error = u"%1 is open read-only"_s.arg(m_location);
        return false;
    }
    if (m_transactionDepth > 0) {
        if (!run(QByteArray("SAVEPOINT nested_" + QByteArray::number(m_transactionDepth)),
                 "start a nested write"))
            return false;
        ++m_transactionDepth;
        return true;
    }
    if (m_backend == Backend::Postgres) {
        // One writer at a time, as on SQLite: global positions are then given and committed in
        // one order, with no gaps. Readers are not blocked; the wait is lock_timeout.
        if (!run("BEGIN", "start a write"))
            return false;
        m_transactionDepth = 1;
        if (!run("LOCK TABLE events IN EXCLUSIVE MODE", "take the store's write lock")) {
            rollback();
            return false;
        }
    } else {
        // BEGIN IMMEDIATE waits up to the busy timeout for another writer, then gives up.
        sqlite3_busy_handler(m_db, waitForTheWriteLock, m_waitingSign.get());
        const bool begun = run("BEGIN IMMEDIATE", "take the store's write lock");
        sqlite3_busy_handler(m_db, waitForTheLock, nullptr);
        if (m_waitingSign->takeDown())
            m_sharesWriteLock = true;
        if (!begun)
            return false;
        m_transactionDepth = 1;
        m_writeLockHeld.start();
    }
    ++m_writeEpoch;
    m_headInTransaction = -1;
    noteOtherWriters();
    return true;
}

void EventStore::noteOtherWriters()
{
    qint64 dataVersion = -1;
    if (m_backend == Backend::Sqlite) {
        if (StoreStatement *query = statement("PRAGMA data_version")) {
            if (query->step() == StoreStatement::Step::Row)
                dataVersion = query->int64(0);
            query->reset();
        }
    }
    if (m_dataVersion >= 0 && dataVersion >= 0 && dataVersion != m_dataVersion)
        m_sharesWriteLock = true;
    // Unknown (PostgreSQL, or a failed read) counts as changed.
    if (dataVersion < 0 || dataVersion != m_dataVersion) {
        ++m_sharedEpoch;
        // What is held from before may no longer fit what the other writer left: the holders
        // read the store again.
        for (PendingWrites *pending : m_pendingWrites)
            pending->dropPending();
    }
    m_dataVersion = dataVersion;
}

void EventStore::addPendingWrites(PendingWrites *pending)
{
    Q_ASSERT(std::find(m_pendingWrites.cbegin(), m_pendingWrites.cend(), pending)
             == m_pendingWrites.cend());
    m_pendingWrites.push_back(pending);
}

void EventStore::removePendingWrites(PendingWrites *pending)
{
    std::erase(m_pendingWrites, pending);
}

void EventStore::rolledBack()
{
    m_transactionDepth = 0;
    ++m_sharedEpoch;
    for (PendingWrites *pending : m_pendingWrites)
        pending->dropPending();
}

bool EventStore::commit()
{
    Q_ASSERT(m_transactionDepth > 0);
    if (m_transactionDepth > 1) {
        if (!run(QByteArray("RELEASE nested_" + QByteArray::number(m_transactionDepth - 1)),
                 "finish a nested write")) {
            rollback();
            return false;
        }
        --m_transactionDepth;
        return true;
    }
    if (m_backend == Backend::Sqlite && sqlite3_get_autocommit(m_db)) {
        // SQLite rolled the whole transaction back itself (a full disk, an I/O error): pending
        // writes made now would each commit on their own.
        m_error = u"commit failed: the store rolled the transaction back after an error"_s;
        rollback();
        return false;
    }
    for (PendingWrites *pending : m_pendingWrites) {
        QString error;
        if (!pending->writePending(&error)) {
            m_error = u"commit failed: %1"_s.arg(error);
            rollback();
            return false;
        }
    }
    if (m_backend == Backend::Postgres && postgresTransactionFailed()) {
        // PostgreSQL answers COMMIT of a failed transaction by rolling it back, without an error.
        m_error = u"commit failed: a statement of the transaction failed before it"_s;
        rollback();
        return false;
    }
    // Asked while this connection still holds the lock: once it commits, the waiting writer
    // may take the lock, and its sign down, at once.
    const bool othersWait = m_waitingSign && m_writeLockHeld.elapsed() >= LongWriteMs
        && m_waitingSign->isShownByAnother();
    if (!run("COMMIT", "commit")) {
        rollback();
        return false;
    }
    m_transactionDepth = 0;
    m_headInTransaction = -1;
    if (othersWait) {
        m_sharesWriteLock = true;
        m_waitingSign->giveWay(GiveWayMs);
    }
    return true;
}

void EventStore::rollback()
{
    if (m_transactionDepth == 0)
        return;
    ++m_writeEpoch;
    m_streamVersions.clear();
    m_recentAppends.clear();
    m_headInTransaction = -1;
    if (m_backend == Backend::Sqlite && sqlite3_get_autocommit(m_db)) {
        // SQLite has rolled the whole transaction back itself (a full disk, an I/O error).
        rolledBack();
        return;
    }
    if (m_transactionDepth > 1) {
        const QByteArray name = "nested_" + QByteArray::number(m_transactionDepth - 1);
        --m_transactionDepth;
        if (run(QByteArray("ROLLBACK TO " + name), "undo a nested write")
            && run(QByteArray("RELEASE " + name), "finish a nested write"))
            return;
    }
    // Fails harmlessly when there is nothing left to roll back.
    const QString error = m_error;
    run("ROLLBACK", "roll back");
    m_error = error;
    rolledBack();
}

AppendResult EventStore::append(const QString &streamId, qint64 expectedVersion,
                                const QList<NewEvent> &events)
{
    AppendResult result;
    if (events.isEmpty()) {
        result.error = u"an append needs at least one event"_s;
        return result;
    }
    // Its own transaction, or inside a group transaction a savepoint, so that one failed append
    // does not take the others with it. A single event needs no savepoint in a group: SQLite
    // undoes a failed statement by itself, and the append writes nothing else.
    const bool ownTransaction = !inTransaction() || events.size() > 1;
    if (ownTransaction && !beginWrite()) {
        result.error = m_error;
        return result;
    }
    bool duplicateEventId = false;
    result = appendInTransaction(streamId, expectedVersion, events, &duplicateEventId);
    if (result.status != AppendResult::Status::Appended) {
        if (ownTransaction)
            rollback();
        if (duplicateEventId) {
            // Say why once this append's own rows are gone: the stored result of a retry, an
            // event_id stored in another stream, or one the append holds twice.
            const AppendResult stored = storedAlready(streamId, events);
            if (stored.status == AppendResult::Status::AlreadyStored)
                return stored;
            result.error = !stored.error.isEmpty()
                ? stored.error
                : u"an append to %1 holds the same event_id twice"_s.arg(streamId);
        }
        return result;
    }
    if (ownTransaction && !commit()) {
        result = AppendResult {};
        result.error = m_error;
    }
    // Under the write lock a new row's global_position is the highest plus one.
    if (inTransaction() && result.status == AppendResult::Status::Appended)
        m_headInTransaction = result.lastPosition;
    return result;
}

AppendResult EventStore::appendInTransaction(const QString &streamId, qint64 expectedVersion,
                                             const QList<NewEvent> &events, bool *duplicateEventId)
{
    AppendResult result;
    auto fail = [&] {
        result.status = AppendResult::Status::Failed;
        result.error = m_error;
        return result;
    };

    // A run appends to each open order again and again under one write lock: the version it
    // left a stream at is still the stored one while no other connection has written and
    // nothing was rolled back (rollback() forgets them all).
    if (m_streamVersionsEpoch != m_sharedEpoch
        || m_streamVersions.size() > MaxKnownStreamVersions) {
        m_streamVersions.clear();
        m_streamVersionsEpoch = m_sharedEpoch;
    }
    const auto known = m_streamVersions.find(streamId);
    const qint64 current
        = known != m_streamVersions.cend() ? known->second : streamVersion(streamId);
    if (current < 0)
        return fail();
    if (current != expectedVersion) {
        // A retried append whose first try was stored has moved the stream on.
        result = storedAlready(streamId, events);
        if (result.status != AppendResult::Status::Failed || !result.error.isEmpty())
            return result;
        result.status = AppendResult::Status::Conflict;
        result.streamVersion = current;
        result.error = u"%1 is at version %2, not the expected %3"_s.arg(streamId).arg(current).arg(
            expectedVersion);
        return result;
    }

    // On SQLite global_position is the rowid: SQLite gives each row the highest plus one. On
    // PostgreSQL the statement does the same (a sequence would leave gaps and commit out of
    // order). Under the write lock both are gap-free and in commit order. A repeated event_id
    // inserts nothing and returns no row, without failing the transaction.
    const bool postgres = m_backend == Backend::Postgres;
    StoreStatement *insert = postgres
        ? statement("INSERT INTO events (global_position, event_id, stream_id, stream_version, "
                    "event_type, schema_version, payload, metadata, recorded_at) VALUES ("
                    "(SELECT COALESCE(MAX(global_position), 0) + 1 FROM events), "
                    "?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING "
                    "RETURNING global_position")
        : statement("INSERT INTO events (event_id, stream_id, stream_version, event_type, "
                    "schema_version, payload, metadata, recorded_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert)
        return fail();
    const QByteArray stream = streamId.toUtf8();
    qint64 version = current;
    for (const NewEvent &event : events) {
        insert->bind(1, event.eventId);
        insert->bind(2, stream);
        insert->bind(3, ++version);
        insert->bind(4, event.eventType);
        insert->bind(5, event.schemaVersion);
        insert->bind(6, event.payload);
        insert->bind(7, event.metadata);
        insert->bind(8, event.recordedAt);
        qint64 position = 0;
        bool inserted = false;
        if (postgres) {
            const StoreStatement::Step step = insert->step();
            inserted = step == StoreStatement::Step::Row;
            if (inserted) {
                position = insert->int64(0);
            } else {
                *duplicateEventId = step == StoreStatement::Step::Done;
                m_error = *duplicateEventId
                    ? u"append an event failed: event_id %1 is stored"_s.arg(event.eventId)
                    : u"append an event failed: %1"_s.arg(insert->errorString());
            }
            insert->reset();
        } else {
            inserted = insert->run();
            position = sqlite3_last_insert_rowid(m_db);
            // An event_id stored before, in this stream or another: the caller says which.
            *duplicateEventId = !inserted && insert->failedOnUniqueKey();
            if (!inserted)
                m_error = u"append an event failed: %1"_s.arg(insert->errorString());
        }
        if (!inserted)
            return fail();
        if (result.firstPosition == 0)
            result.firstPosition = position;
        result.lastPosition = position;
        rememberAppended(position, streamId, version, event);
    }
    result.status = AppendResult::Status::Appended;
    result.streamVersion = version;
    m_streamVersions.insert_or_assign(streamId, version);
    return result;
}

void EventStore::rememberAppended(qint64 position, const QString &streamId, qint64 version,
                                  const NewEvent &event)
{
    if (m_recentAppendsEpoch != m_sharedEpoch
        || (!m_recentAppends.empty() && m_recentAppends.back().globalPosition + 1 != position)) {
        m_recentAppends.clear();
        m_recentAppendsEpoch = m_sharedEpoch;
    }
    RecordedEvent recorded;
    recorded.globalPosition = position;
    recorded.streamId = streamId;
    recorded.streamVersion = version;
    recorded.eventType = event.eventType;
    recorded.schemaVersion = event.schemaVersion;
    recorded.payload = event.payload;
    recorded.recordedAt = event.recordedAt;
    m_recentAppends.push_back(std::move(recorded));
    if (m_recentAppends.size() > MaxRecentAppends)
        m_recentAppends.pop_front();
}

// Appended when every event_id of `events` is stored in `streamId` (as AlreadyStored, with their
// positions); Failed with an error when only some are, or one is stored in another stream;
// Failed with no error when none is.
AppendResult EventStore::storedAlready(const QString &streamId, const QList<NewEvent> &events)
{
    AppendResult result;
    StoreStatement *byId = statement(
        "SELECT global_position, stream_id, stream_version FROM events WHERE event_id = ?");
    if (!byId) {
        result.error = m_error;
        return result;
    }
    int stored = 0;
    for (const NewEvent &event : events) {
        byId->bind(1, event.eventId);
        QString otherStream;
        const bool read = readRows(*byId, "look up an event_id", [&](const StoreStatement &row) {
            const qint64 position = row.int64(0);
            if (row.text(1) != streamId) {
                otherStream = row.text(1);
                return;
            }
            result.firstPosition
                = stored == 0 ? position : std::min(result.firstPosition, position);
            result.lastPosition = std::max(result.lastPosition, position);
            result.streamVersion = std::max(result.streamVersion, row.int64(2));
            ++stored;
        });
        if (!read) {
            result.error = m_error;
            return result;
        }
        if (!otherStream.isEmpty()) {
            result.error = u"event_id %1 is already stored in %2"_s.arg(event.eventId, otherStream);
            return result;
        }
    }
    if (stored == events.size()) {
        result.status = AppendResult::Status::AlreadyStored;
        return result;
    }
    if (stored > 0) {
        result.error = u"an append to %1 repeats some stored event_ids but not all"_s.arg(streamId);
        return result;
    }
    return AppendResult {};
}

QList<RecordedEvent> EventStore::readStream(const QString &streamId, qint64 fromVersion,
                                            qint64 toVersion)
{
    m_error.clear();
    QList<RecordedEvent> events;
    StoreStatement *query
        = statement("SELECT " EVENT_COLUMNS " FROM events WHERE stream_id = ? "
                    "AND stream_version >= ? AND stream_version <= ? ORDER BY stream_version");
    if (!query)
        return events;
    query->bind(1, streamId);
    query->bind(2, fromVersion);
    query->bind(3, toVersion);
    readRows(*query, "read a stream",
             [&](const StoreStatement &row) { events.append(eventFromRow(row)); });
    return events;
}

template<class FromRow>
QList<RecordedEvent> EventStore::readPage(QByteArrayView sql, qint64 afterPosition, int limit,
                                          FromRow fromRow)
{
    m_error.clear();
    QList<RecordedEvent> events;
    StoreStatement *query = statement(sql);
    if (!query)
        return events;
    query->bind(1, afterPosition);
    query->bind(2, limit);
    // A caller may ask for more than the store holds: do not reserve for the limit itself.
    events.reserve(std::min(limit, 1024));
    readRows(*query, "read the global stream",
             [&](const StoreStatement &row) { events.append(fromRow(row)); });
    return events;
}

QList<RecordedEvent> EventStore::readAll(qint64 afterPosition, int limit)
{
    return readPage("SELECT " EVENT_COLUMNS " FROM events "
                    "WHERE global_position > ? ORDER BY global_position LIMIT ?",
                    afterPosition, limit, eventFromRow);
}

QList<RecordedEvent> EventStore::readForProjections(qint64 afterPosition, int limit)
{
    // Under the write lock, with no other writer since they were appended, nothing can follow
    // the recent appends: they are the head of the store.
    if (inTransaction() && m_recentAppendsEpoch == m_sharedEpoch && !m_recentAppends.empty()
        && m_recentAppends.front().globalPosition <= afterPosition + 1
        && afterPosition <= m_recentAppends.back().globalPosition) {
        m_error.clear();
        const auto first = m_recentAppends.cbegin()
            + qsizetype(afterPosition + 1 - m_recentAppends.front().globalPosition);
        const auto last
            = m_recentAppends.cend() - first > limit ? first + limit : m_recentAppends.cend();
        return QList<RecordedEvent>(first, last);
    }
    return readPage("SELECT " PROJECTION_COLUMNS " FROM events "
                    "WHERE global_position > ? ORDER BY global_position LIMIT ?",
                    afterPosition, limit, projectionEventFromRow);
}

QList<RecordedEvent> EventStore::readPositions(const QList<qint64> &positions)
{
    m_error.clear();
    QList<RecordedEvent> events;
    if (positions.isEmpty())
        return events;
    // One statement per list length keeps the statement cache small: pages have one size.
    QByteArray marks = "?";
    for (qsizetype i = 1; i < positions.size(); ++i)
        marks += ", ?";
    StoreStatement *query
        = statement(QByteArray("SELECT " EVENT_COLUMNS " FROM events WHERE global_position IN ("
                               + marks + ") ORDER BY global_position"));
    if (!query)
        return events;
    for (qsizetype i = 0; i < positions.size(); ++i)
        query->bind(int(i) + 1, positions.at(i));
    readRows(*query, "read events",
             [&](const StoreStatement &row) { events.append(eventFromRow(row)); });
    return events;
}

qint64 EventStore::headPosition()
{
    // Nobody else appends while this connection holds the write lock.
    if (inTransaction() && m_headInTransaction >= 0)
        return m_headInTransaction;
    StoreStatement *query = statement("SELECT COALESCE(MAX(global_position), 0) FROM events");
    qint64 head = -1;
    if (query)
        readRows(*query, "read the head position",
                 [&](const StoreStatement &row) { head = row.int64(0); });
    if (inTransaction())
        m_headInTransaction = head;
    return head;
}

qint64 EventStore::streamVersion(const QString &streamId)
{
    StoreStatement *query
        = statement("SELECT COALESCE(MAX(stream_version), 0) FROM events WHERE stream_id = ?");
    qint64 version = -1;
    if (!query)
        return version;
    query->bind(1, streamId);
    readRows(*query, "read a stream version",
             [&](const StoreStatement &row) { version = row.int64(0); });
    return version;
}

qint64 EventStore::highestOrderNumber()
{
    // Order numbers outgrow their 6-digit padding past 999999, so compare them as numbers.
    QSqlQuery *queryStatement
        = prepared(u"SELECT COALESCE(MAX(CAST(substr(stream_id, 7) AS BIGINT)), 0) "
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

qint64 EventStore::reserveOrderNumbers(qint64 count)
{
    Q_ASSERT(inTransaction());
    const qint64 highest = highestOrderNumber();
    if (highest < 0)
        return -1;
    QSqlQuery *reserved = execute(u"SELECT value FROM meta WHERE key = 'next_order_number'"_s);
    if (!reserved)
        return -1;
    const qint64 next = reserved->next() ? reserved->value(0).toLongLong() : 0;
    reserved->finish();
    const qint64 first = std::max(highest + 1, next);
    if (!execute(u"INSERT INTO meta (key, value) VALUES ('next_order_number', ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s,
                 { QString::number(first + count) }))
        return -1;
    return first;
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
