#pragma once

#include "model/recordedevent.h"
#include "model/textkeymap.h"

#include <QElapsedTimer>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

#include <deque>
#include <limits>
#include <memory>
#include <vector>

class QSqlQuery;
struct sqlite3;

namespace eslab {

class StoreStatement;
class WalCheckpointer;
class WaitingWriterSign;

// The outcome of one append. A concurrency conflict is an expected outcome, not an error.
struct AppendResult
{
    enum class Status {
        Appended, // the events are stored (or, inside a group transaction, will be on commit)
        AlreadyStored, // every event_id was stored before; nothing was written
        Conflict, // the stream's version was not the expected one; nothing was written
        Failed, // the store refused or broke; nothing was written
    };
    Status status = Status::Failed;
    qint64 firstPosition = 0; // global positions of the appended (or already stored) events
    qint64 lastPosition = 0;
    qint64 streamVersion = 0; // the stream's version after the append, or its actual version
    QString error;

    bool isStored() const { return status == Status::Appended || status == Status::AlreadyStored; }
};

// Writes that a caller holds in memory (a run's projections, ProjectionRunner::setBuffered):
// the store asks for them just before each transaction commits, and the holder writes them or
// keeps holding them for a later commit. The store has them dropped when a transaction rolls
// back as a whole, and when a write transaction begins after another connection wrote.
class PendingWrites
{
public:
    virtual ~PendingWrites() = default;
    // Writes what is held, inside the transaction, or holds on. False with `error` set fails
    // the commit.
    [[nodiscard]] virtual bool writePending(QString *error) = 0;
    // A rollback, or another writer: forget what is held.
    virtual void dropPending() = 0;
};

// An event store over Qt SQL: the tables of DESIGN section 2, append with an expected version,
// reads by stream and by global position, and the store's `meta` and `runs`. The store is an
// SQLite file (WAL), the embedded default, or a PostgreSQL database shared by a team
// (`postgresql://USER@HOST:PORT/DBNAME`, the password from PGPASSWORD or ~/.pgpass as libpq
// finds it); both keep the same contract, and callers write their SQL once for both.
//
// It owns one uniquely named database connection, which belongs to the thread that opened the
// store: use the store only from that thread. Snapshots, checkpoints and read models live in the
// same database and share this connection (see SnapshotStore, ProjectionRunner), so that a
// projection's checkpoint commits with its read-model writes.
//
// Fallible calls return a null/false/empty result and set errorString().
class EventStore
{
    Q_DISABLE_COPY_MOVE(EventStore)
public:
    static constexpr int FormatVersion = 1;
    // A writer's connection checkpoints its WAL into the store's file every this many pages
    // (256 MB), not SQLite's default 1,000: a run's group commit dirties an index page or two
    // for each order it appended to, and a checkpoint (with two disk syncs) after nearly every
    // commit cost more than the commits. A page that several commits changed is copied once.
    static constexpr int WalCheckpointPages = 65536;
    // With checkpointInBackground(), a commit that leaves this many pages in the log (64 MB)
    // asks the checkpointer's thread to copy them.
    static constexpr int BackgroundCheckpointPages = 16384;
    // The page cache of a bulk writer (useLargePageCache): 128 MB instead of 64 made a run of
    // 2.5 million events a tenth faster (docs/PERFORMANCE.md).
    static constexpr int BulkWriterPageCacheKib = 128 * 1024;

    enum class Backend {
        Sqlite,
        Postgres,
    };

    enum class Access {
        ReadOnly, // never writes; refuses a missing store
        ReadWrite, // refuses a missing store and a read-only file
        ReadWriteCreate, // creates a new store when the file is missing
    };

    // Opens the store at `location` (a file path or a postgresql:// address). Checks that it is
    // an eslab store of a format this build knows before setting any pragma; on failure returns
    // null and sets `error` to one line naming the cause. Never creates a file, or tables,
    // unless `access` is ReadWriteCreate.
    static std::unique_ptr<EventStore> open(const QString &location, Access access, QString *error);
    // Whether `location` names a PostgreSQL store rather than a file.
    static bool isPostgresLocation(const QString &location);
    // False when no store has been made at `location` yet: no file, or a database without
    // eslab's tables. An unreachable server or a bad address counts as there: open() then
    // says what is wrong.
    static bool exists(const QString &location);
    // Drops every table of the eslab store at the postgresql:// `location`, in one transaction:
    // the only way to start afresh on a server. Refuses a database whose tables are not an
    // eslab store's. False with one line in `error` on failure.
    static bool removePostgresStore(const QString &location, QString *error);
    ~EventStore();

    QString location() const { return m_location; }
    Backend backend() const { return m_backend; }
    bool isReadOnly() const { return m_readOnly; }
    QSqlDatabase database() const;
    QString errorString() const { return m_error; }

    // A write transaction that takes the write lock up front (BEGIN IMMEDIATE), waiting a bounded
    // time for other writers. Appends inside it commit together (group commit). Inside an open
    // transaction, beginWrite() nests a savepoint: its commit() keeps its writes for the outer
    // transaction to commit, its rollback() undoes only them. A commit() that fails rolls back
    // what it could not commit; rollback() does nothing when no write is open (after a failed
    // commit, or when SQLite rolled the transaction back itself on a full disk).
    // A run or a rebuild writes to thousands of orders side by side, each write on index and
    // read-model pages of its own: SQLite's default page cache (2 MB) keeps few of them, this
    // one (128 MB) the indexes' upper levels and the open orders' pages. It is not the default
    // for writers because SQLite goes over the whole cache at the end of every write
    // transaction: with it, appends of a few events each, one commit each, were a fifth slower
    // (docs/PERFORMANCE.md). On SQLite only; false (with errorString()) when refused.
    [[nodiscard]] bool useLargePageCache();
    // Hands the checkpoints of a store file's write-ahead log to a thread and a connection of
    // their own (WalCheckpointer), for a writer that commits a group after another (a run):
    // after a commit that leaves `pages` or more in the log, that thread copies them into the
    // store file while this connection goes on writing. This connection still checkpoints
    // itself at WalCheckpointPages, then finding most pages copied, which lets the log start
    // over from its beginning. Whether a checkpointer runs: it does not on PostgreSQL, and when
    // it cannot open the store (errorString() says why) this connection checkpoints by itself.
    bool checkpointInBackground(int pages = BackgroundCheckpointPages);
    [[nodiscard]] bool beginWrite();
    [[nodiscard]] bool commit();
    void rollback();
    bool inTransaction() const { return m_transactionDepth > 0; }
    // Changes when this connection begins a write transaction and whenever it rolls back any
    // part of one. While inTransaction() and the epoch stay the same, this connection is the
    // store's only writer and nothing it wrote was undone: a value it read or wrote since is
    // still the stored one, unless it changed that value itself.
    quint64 writeEpoch() const { return m_writeEpoch; }
    // Changes when another connection may have written to the store since this connection last
    // held the write lock (checked as each write transaction begins: SQLite's data_version; on
    // PostgreSQL, always), and when this connection rolls a whole transaction back. While it
    // stays the same, a row this connection read or committed is still the stored one, unless
    // this connection changed it since.
    quint64 sharedEpoch() const { return m_sharedEpoch; }
    // Whether the store has another writer: on a file, true from the moment this connection
    // waits for the write lock, sees that another one committed between two of its write
    // transactions, or finds, as it commits, another waiting for the lock it held
    // (WaitingWriterSign); on PostgreSQL, always (a team shares the server). Writers that hold the
    // lock for long, such as a run's group commits, hold it for less while it is true.
    bool sharesWriteLock() const { return m_backend == Backend::Postgres || m_sharesWriteLock; }
    // Registers writes that commit() asks for first and that a whole rollback, or a write
    // transaction that begins after another writer, drops (PendingWrites), in the order
    // registered. The store borrows `pending`: remove it before it goes.
    void addPendingWrites(PendingWrites *pending);
    void removePendingWrites(PendingWrites *pending);

    // Appends `events` to `streamId` atomically when the stream is at `expectedVersion` (0 for a
    // new stream). An append whose event_ids are all stored returns the stored positions and
    // writes nothing. Runs in its own transaction unless one is open.
    [[nodiscard]] AppendResult append(const QString &streamId, qint64 expectedVersion,
                                      const QList<NewEvent> &events);

    // Reads clear errorString() first, so after a read it tells whether that read failed.
    // The events of a stream with fromVersion <= version <= toVersion, in version order.
    QList<RecordedEvent> readStream(const QString &streamId, qint64 fromVersion = 1,
                                    qint64 toVersion = std::numeric_limits<qint64>::max());
    // The events at the given global positions, in global order; positions with no event
    // (0, or past the head) are skipped. For a page of a filtered view.
    QList<RecordedEvent> readPositions(const QList<qint64> &positions);
    // Up to `limit` events after `afterPosition`, in global order: one page.
    QList<RecordedEvent> readAll(qint64 afterPosition, int limit);
    // The same page with what a read model uses of each event: eventId and metadata are left
    // empty, which saves reading and copying them. Inside a write transaction, the events this
    // connection appended last come from memory (see m_recentAppends).
    QList<RecordedEvent> readForProjections(qint64 afterPosition, int limit);
    // The highest global position (0 for an empty store), or -1 on error. Inside a write
    // transaction it is read once and then follows this connection's appends.
    qint64 headPosition();
    // The stream's version (0 when it has no events), or -1 on error.
    qint64 streamVersion(const QString &streamId);
    // The number n of the highest `order-<n>` stream, 0 when there is none, -1 on error.
    qint64 highestOrderNumber();
    // Every stream id, in order of first appearance.
    QStringList streamIds();

    // A statement prepared once on this store's connection and kept for reuse: hot paths run the
    // same SQL thousands of times, and preparing costs more than running. Null when the SQL does
    // not prepare (errorString()). Finish a query's rows before its SQL runs again.
    QSqlQuery *prepared(const QString &sql);
    // Binds `values` to the cached statement for `sql` and runs it. Returns the query, positioned
    // before its first row, or null on failure (errorString() names the SQL's error).
    QSqlQuery *execute(const QString &sql, const QVariantList &values = {});
    // The same for the hot paths (on SQLite, on the connection itself): a statement prepared
    // once and kept, reset and ready to bind. Null when the SQL does not prepare
    // (errorString()).
    StoreStatement *statement(QByteArrayView sql);

    // Runs recorded in `runs`, in order.
    int runCount();
    // Reserves `count` order numbers after the highest order in the store and after every
    // earlier reservation (kept in `meta`), so that runs which start together never number
    // their orders alike. Call inside the write that records the run. Returns the first
    // number, or -1 on error.
    qint64 reserveOrderNumbers(qint64 count);
    [[nodiscard]] bool recordRun(const QString &runId, const QString &scenarioName,
                                 const QByteArray &scenarioJson, qint64 seed);

private:
    EventStore(QString location, QString connectionName, bool readOnly, Backend backend);
    static std::unique_ptr<EventStore> openPostgres(const QString &location, Access access,
                                                    QString *error);
    // Opens a QPSQL connection named `connectionName` on the database `location` names.
    static bool connectPostgres(const QString &location, const QString &connectionName,
                                QString *error);
    // The tables of the connected database, in the current schema or SQLite's main file.
    bool listTables(QStringList *names);
    bool createPostgresSchema();
    // Whether the PostgreSQL transaction is open but failed: COMMIT would roll it back and say
    // nothing.
    bool postgresTransactionFailed();
    // Opens the store's connection on `databaseName` (its file, or a URI for it) with the busy
    // timeout and `options`; false with
    // the driver's reason in errorString().
    bool connect(const QString &databaseName, const QString &options);
    // Makes a new store at `location`, which must not exist, as a whole or not at all.
    static bool createStoreFile(const QString &location, QString *error);
    bool exec(QSqlQuery &query, const char *what);
    bool execSql(const QString &sql, const char *what);
    // SQLite's page cache of this connection, in KiB.
    bool setPageCache(int kib);
    // Runs a statement with no rows and no bindings through the statement cache (on
    // PostgreSQL, unprepared: it prepares no transaction control).
    bool run(QByteArrayView sql, const char *what);
    bool createSchema();
    // Inside a new store's creating transaction: the tables of `schemaResource` and the rows of
    // `meta`, then the commit; on failure rolls back and returns false.
    bool createTablesAndCommit(const QString &schemaResource);
    bool checkSchema(QString *error);
    // A whole transaction ended in a rollback: what was held for it is dropped.
    void rolledBack();
    // At the start of a write: whether another connection has committed since the last one.
    void noteOtherWriters();
    // Whether SQLite finds every page of the store's file whole (PRAGMA quick_check): run before
    // a command writes to an existing file. False with one line in `error` naming the damage.
    bool checkPages(QString *error);
    AppendResult appendInTransaction(const QString &streamId, qint64 expectedVersion,
                                     const QList<NewEvent> &events, bool *duplicateEventId);
    AppendResult storedAlready(const QString &streamId, const QList<NewEvent> &events);
    void rememberAppended(qint64 position, const QString &streamId, qint64 version,
                          const NewEvent &event);
    // sqlite3_wal_hook: after each commit, with the pages now in the log.
    static int walCommitted(void *store, sqlite3 *db, const char *database, int pages);
    template<class Visit> bool readRows(StoreStatement &query, const char *what, Visit visit);
    // Up to `limit` events after `afterPosition` by `sql` (which binds those two), each made
    // from its row by `fromRow`.
    template<class FromRow>
    QList<RecordedEvent> readPage(QByteArrayView sql, qint64 afterPosition, int limit,
                                  FromRow fromRow);

    QString m_location;
    QString m_connectionName;
    sqlite3 *m_db = nullptr; // the QSQLITE connection's own handle (null on PostgreSQL)
    bool m_readOnly = false;
    Backend m_backend = Backend::Sqlite;
    int m_transactionDepth = 0; // 1 in a transaction, more in its savepoints
    QElapsedTimer m_writeLockHeld; // since this connection's transaction took the write lock
    std::unique_ptr<WaitingWriterSign> m_waitingSign; // a writable store file's; see beginWrite()
    quint64 m_writeEpoch = 0;
    quint64 m_sharedEpoch = 0;
    qint64 m_dataVersion = -1; // SQLite's data_version when the last write began; -1 unread
    bool m_sharesWriteLock = false;
    std::vector<PendingWrites *> m_pendingWrites;
    // Versions of the streams this connection appended to, as of m_streamVersionsEpoch of
    // sharedEpoch(); any rollback clears them.
    TextKeyMap<qint64> m_streamVersions;
    quint64 m_streamVersionsEpoch = 0;
    qint64 m_headInTransaction = -1; // the head under this transaction's lock; -1 when unread
    // The last events this connection appended, as readForProjections() reads them, with no gap
    // between them and none after them while m_sharedEpoch is m_recentAppendsEpoch: a run's
    // projectors poll the events its workers have just appended, hundreds of times per group.
    // Any rollback clears them.
    std::deque<RecordedEvent> m_recentAppends;
    quint64 m_recentAppendsEpoch = 0;
    std::unique_ptr<WalCheckpointer> m_checkpointer; // see checkpointInBackground()
    int m_backgroundCheckpointPages = 0;
    QString m_error;
    std::vector<std::pair<QString, std::unique_ptr<QSqlQuery>>> m_statements;
    std::vector<std::unique_ptr<StoreStatement>> m_storeStatements;
};

} // namespace eslab
