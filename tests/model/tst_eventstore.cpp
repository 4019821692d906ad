#include "model/eventstore.h"
#include "model/order.h"

#include "tests/support/teststores.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <limits>
#include <thread>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

using Access = EventStore::Access;
using Status = AppendResult::Status;

// A connection of its own, as a user's sqlite3 or psql would have: it shares nothing with the
// store.
class RawConnection
{
public:
    explicit RawConnection(const QString &location, bool readOnly = false)
        : m_name(u"raw-%1"_s.arg(++s_count))
    {
        m_open = teststores::addRawConnection(m_name, location, readOnly).open();
    }
    ~RawConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    bool isOpen() const { return m_open; }

    // Runs one statement; returns its error text, empty on success.
    QString exec(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        return query.exec(sql) ? QString() : query.lastError().text();
    }
    // The rows of one query, each as "a|b|c".
    QStringList rows(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        QStringList rows;
        if (!query.exec(sql))
            return { u"error: "_s + query.lastError().text() };
        while (query.next()) {
            QStringList values;
            for (int i = 0; i < query.record().count(); ++i)
                values.append(query.value(i).toString());
            rows.append(values.join(u'|'));
        }
        return rows;
    }

private:
    static inline int s_count = 0;
    QString m_name;
    bool m_open = false;
};

NewEvent note(const QString &eventId, qint64 recordedAt = 0)
{
    return NewEvent::fromDomainEvent(eventId, OrderNoteAdded { u"note "_s + eventId },
                                     QJsonObject { { u"run_id"_s, u"test"_s } }, recordedAt);
}

QList<NewEvent> notes(const QString &prefix, int count)
{
    QList<NewEvent> events;
    for (int i = 1; i <= count; ++i)
        events.append(note(u"%1-%2"_s.arg(prefix).arg(i)));
    return events;
}

// The first events of a real order: placed, paid, started.
QList<NewEvent> orderOpening(const QString &streamId)
{
    Order order;
    QList<NewEvent> events;
    const auto record = [&](const Decision &decision) {
        Q_ASSERT(decision.isAccepted());
        for (const DomainEvent &event : decision.events) {
            events.append(NewEvent::fromDomainEvent(
                u"%1/%2"_s.arg(streamId).arg(events.size() + 1), event,
                QJsonObject { { u"run_id"_s, u"test"_s } }, 1000 * events.size()));
            order.apply(event);
        }
    };
    record(order.place({ streamId, u"customer-1"_s, u"likes"_s, 500, 50, 1000 }));
    record(order.deductPoints());
    record(order.start());
    return events;
}

QList<RecordedEvent> everything(EventStore &store)
{
    return store.readAll(0, 1'000'000);
}

QList<qint64> positions(const QList<RecordedEvent> &events)
{
    QList<qint64> list;
    for (const RecordedEvent &event : events)
        list.append(event.globalPosition);
    return list;
}

QList<qint64> versions(const QList<RecordedEvent> &events)
{
    QList<qint64> list;
    for (const RecordedEvent &event : events)
        list.append(event.streamVersion);
    return list;
}

QStringList eventIds(const QList<RecordedEvent> &events)
{
    QStringList list;
    for (const RecordedEvent &event : events)
        list.append(event.eventId);
    return list;
}

QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> list;
    for (qint64 i = first; i <= last; ++i)
        list.append(i);
    return list;
}

QByteArray bytesOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return "<unreadable>";
    return file.readAll();
}

QStringList filesIn(const QString &folder)
{
    return QDir(folder).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

const char *describe(const AppendResult &result)
{
    static QByteArray text;
    text = u"status %1, positions %2..%3, version %4, error '%5'"_s.arg(int(result.status))
               .arg(result.firstPosition)
               .arg(result.lastPosition)
               .arg(result.streamVersion)
               .arg(result.error)
               .toUtf8();
    return text.constData();
}

// A new store (in `dir`, or a new database) holding the opening of order 1, closed again; its
// location, or empty when it could not be made.
QString storeWithOneOrder(const QTemporaryDir &dir)
{
    const QString location = teststores::newStoreLocation(dir);
    QString error;
    auto store = EventStore::open(location, EventStore::Access::ReadWriteCreate, &error);
    if (!store || !store->append(orderStreamId(1), 0, orderOpening(orderStreamId(1))).isStored()) {
        qWarning("cannot make a store with one order: %s", qPrintable(error));
        return {};
    }
    return location;
}

} // namespace

Q_DECLARE_METATYPE(eslab::EventStore::Access)

// Opens a new store in `dir` (on PostgreSQL, in a new database), failing the test when it cannot;
// `store##Location` names it.
#define CREATE_STORE(store, dir)                                                                   \
    QString store##Error;                                                                          \
    const QString store##Location = teststores::newStoreLocation(dir);                             \
    std::unique_ptr<EventStore> store                                                              \
        = EventStore::open(store##Location, Access::ReadWriteCreate, &store##Error);               \
    QVERIFY2(store, qPrintable(store##Error))

// Appends and requires success.
#define APPEND(store, stream, expected, events)                                                    \
    do {                                                                                           \
        const AppendResult appended = (store)->append((stream), (expected), (events));             \
        QVERIFY2(appended.status == Status::Appended, describe(appended));                         \
    } while (false)

class TestEventStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void newStoreHasTheContractTables_data();
    void newStoreHasTheContractTables();
    void newStoreIsInWalModeAndRecordsItsFormat();
    void appendToANewStreamStartsAtVersionOne();
    void appendRejectsStaleExpectedVersion_data();
    void appendRejectsStaleExpectedVersion();
    void appendRepeatingStoredEventIdsReturnsTheStoredResult_data();
    void appendRepeatingStoredEventIdsReturnsTheStoredResult();
    void appendIsAllOrNothing_data();
    void appendIsAllOrNothing();
    void groupCommitStoresEveryAppendOnlyOnCommit();
    void headInsideAGroupFollowsItsAppendsAndRollbacks();
    void groupRollbackStoresNone();
    void failedAppendInAGroupDoesNotUndoTheOthers();
    void projectionReadsInAGroupAreWhatTheStoreHolds();
    void backgroundCheckpointsCopyTheLogIntoTheStoreFile();
    void textsAreStoredWholeWhateverWasBoundBefore();
    void commitNeverReportsWhatTheStoreDidNotKeep();
    void eventsAreAppendOnly_data();
    void eventsAreAppendOnly();
    void globalPositionsAreGapFreeInCommitOrderAcrossStreams();
    void aWaitingWriterGetsTheLockWhenTheHolderCommits();
    void aStoreKnowsWhenItSharesTheWriteLock();
    void readAllPagesCoverEveryEventOnceInOrder_data();
    void readAllPagesCoverEveryEventOnceInOrder();
    void readStreamFromAndUpToAVersion_data();
    void readStreamFromAndUpToAVersion();
    void readPositionsGivesThoseEventsInGlobalOrder();
    void highestOrderNumberComparesNumbersPast999999_data();
    void highestOrderNumberComparesNumbersPast999999();
    void badFileIsRefusedAndLeftUnchanged_data();
    void badFileIsRefusedAndLeftUnchanged();
    void missingStoreIsNeverCreatedForAnOpenThatMustNotCreate_data();
    void missingStoreIsNeverCreatedForAnOpenThatMustNotCreate();
    void readOnlyFileOpensForReading();
    void readOnlyFileIsRefusedForWriting();
    void postgresDatabaseThatIsNotAStoreIsRefusedAndLeftUnchanged_data();
    void postgresDatabaseThatIsNotAStoreIsRefusedAndLeftUnchanged();
    void postgresDatabaseWithoutAStoreGetsNoTablesFromAnOpenThatMustNotCreate();
    void postgresStoreOpenedReadOnlyReadsAndRefusesWrites();
    void postgresAddressIsCheckedBeforeConnecting_data();
    void postgresAddressIsCheckedBeforeConnecting();
    void removingAPostgresStoreDropsItsTablesOnly();
};

void TestEventStore::initTestCase()
{
    TESTSTORES_INIT();
}

void TestEventStore::newStoreHasTheContractTables_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QStringList>("columns"); // "name type notnull pk", in order

    QTest::newRow("events") << u"events"_s
                            << QStringList { u"global_position INTEGER 0 1"_s,
                                             u"event_id TEXT 1 0"_s,
                                             u"stream_id TEXT 1 0"_s,
                                             u"stream_version INTEGER 1 0"_s,
                                             u"event_type TEXT 1 0"_s,
                                             u"schema_version INTEGER 1 0"_s,
                                             u"payload TEXT 1 0"_s,
                                             u"metadata TEXT 1 0"_s,
                                             u"recorded_at INTEGER 1 0"_s };
    QTest::newRow("snapshots") << u"snapshots"_s
                               << QStringList { u"stream_id TEXT 0 1"_s,
                                                u"stream_version INTEGER 0 2"_s,
                                                u"schema_version INTEGER 0 0"_s,
                                                u"state TEXT 0 0"_s, u"taken_at INTEGER 0 0"_s };
    QTest::newRow("checkpoints") << u"checkpoints"_s
                                 << QStringList { u"projection TEXT 0 1"_s,
                                                  u"position INTEGER 1 0"_s,
                                                  u"updated_at INTEGER 1 0"_s };
}

void TestEventStore::newStoreHasTheContractTables()
{
    QFETCH(QString, table);
    QFETCH(QStringList, columns);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString location;
    {
        CREATE_STORE(store, dir);
        location = storeLocation;
    }
    RawConnection raw(location, true);
    QVERIFY(raw.isOpen());
    if (teststores::onPostgres()) {
        // The same names in the same order; integers are BIGINT there.
        QStringList names;
        for (const QString &column : std::as_const(columns))
            names.append(column.section(u' ', 0, 0));
        QCOMPARE(raw.rows(u"SELECT column_name FROM information_schema.columns "
                          "WHERE table_name = '%1' ORDER BY ordinal_position"_s.arg(table)),
                 names);
        return;
    }
    QCOMPARE(raw.rows(u"SELECT name || ' ' || type || ' ' || \"notnull\" || ' ' || pk "
                      "FROM pragma_table_info('%1') ORDER BY cid"_s.arg(table)),
             columns);
}

void TestEventStore::newStoreIsInWalModeAndRecordsItsFormat()
{
    TESTSTORES_SQLITE_ONLY();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    {
        CREATE_STORE(store, dir);
    }
    RawConnection raw(dir.filePath(u"store.db"_s));
    QVERIFY(raw.isOpen());
    QCOMPARE(raw.rows(u"PRAGMA journal_mode"_s), QStringList { u"wal"_s });
    QCOMPARE(raw.rows(u"SELECT value FROM meta WHERE key = 'format_version'"_s),
             QStringList { QString::number(EventStore::FormatVersion) });
    const QStringList tables = raw.rows(u"SELECT name FROM sqlite_master WHERE type = 'table'"_s);
    for (const QString &table : { u"events"_s, u"snapshots"_s, u"checkpoints"_s, u"meta"_s,
                                  u"runs"_s, u"order_summary"_s, u"service_stats"_s })
        QVERIFY2(tables.contains(table), qPrintable(table));
    QCOMPARE(raw.rows(u"SELECT COUNT(*) FROM events"_s), QStringList { u"0"_s });
}

void TestEventStore::appendToANewStreamStartsAtVersionOne()
{
    QTemporaryDir dir;
    CREATE_STORE(store, dir);
    const QString stream = orderStreamId(1);
    const QList<NewEvent> opening = orderOpening(stream);

    const AppendResult first = store->append(stream, 0, opening.mid(0, 2));
    QVERIFY2(first.status == Status::Appended, describe(first));
    QVERIFY(first.isStored());
    QCOMPARE(first.firstPosition, 1);
    QCOMPARE(first.lastPosition, 2);
    QCOMPARE(first.streamVersion, 2);
    const AppendResult second = store->append(stream, 2, opening.mid(2));
    QVERIFY2(second.status == Status::Appended, describe(second));
    QCOMPARE(second.firstPosition, 3);
    QCOMPARE(second.streamVersion, 3);

    QCOMPARE(store->streamVersion(stream), 3);
    QCOMPARE(store->headPosition(), 3);
    const QList<RecordedEvent> stored = store->readStream(stream);
    QCOMPARE(stored.size(), opening.size());
    for (qsizetype i = 0; i < stored.size(); ++i) {
        const RecordedEvent &event = stored.at(i);
        const NewEvent &appended = opening.at(i);
        QCOMPARE(event.globalPosition, i + 1);
        QCOMPARE(event.streamId, stream);
        QCOMPARE(event.streamVersion, i + 1);
        QCOMPARE(event.eventId, appended.eventId);
        QCOMPARE(event.eventType, appended.eventType);
        QCOMPARE(event.schemaVersion, appended.schemaVersion);
        QCOMPARE(event.payload, appended.payload);
        QCOMPARE(event.metadata, appended.metadata);
        QCOMPARE(event.recordedAt, appended.recordedAt);
        QVERIFY(event.decode().event);
    }
    QCOMPARE(store->streamIds(), QStringList { stream });
}

void TestEventStore::appendRejectsStaleExpectedVersion_data()
{
    QTest::addColumn<int>("stored");
    QTest::addColumn<qint64>("expected");

    QTest::newRow("another writer appended since the read") << 3 << qint64(2);
    QTest::newRow("expected a new stream") << 3 << qint64(0);
    QTest::newRow("expected a version not reached") << 3 << qint64(4);
    QTest::newRow("the stream does not exist yet") << 0 << qint64(1);
}

void TestEventStore::appendRejectsStaleExpectedVersion()
{
    QFETCH(int, stored);
    QFETCH(qint64, expected);

    QTemporaryDir dir;
    CREATE_STORE(store, dir);
    const QString stream = orderStreamId(7);
    APPEND(store, orderStreamId(1), 0, notes(u"other"_s, 2));
    if (stored > 0)
        APPEND(store, stream, 0, notes(u"a"_s, stored));
    const QList<RecordedEvent> before = everything(*store);

    const AppendResult result = store->append(stream, expected, notes(u"late"_s, 2));
    QVERIFY2(result.status == Status::Conflict, describe(result));
    QVERIFY(!result.isStored());
    QCOMPARE(result.streamVersion, stored);
    QVERIFY2(result.error.contains(stream), qPrintable(result.error));
    QVERIFY2(result.error.contains(QString::number(expected)), qPrintable(result.error));

    QCOMPARE(everything(*store), before);
    QCOMPARE(store->streamVersion(stream), stored);
    // The writer reads again and retries at the actual version.
    APPEND(store, stream, result.streamVersion, notes(u"late"_s, 2));
    QCOMPARE(store->streamVersion(stream), stored + 2);
}

void TestEventStore::appendRepeatingStoredEventIdsReturnsTheStoredResult_data()
{
    QTest::addColumn<qint64>("expected");
    QTest::addColumn<bool>("streamMovedOn");

    QTest::newRow("retried with the same expected version") << qint64(0) << false;
    QTest::newRow("retried at the version after it") << qint64(3) << false;
    QTest::newRow("retried after the stream moved on") << qint64(0) << true;
}

void TestEventStore::appendRepeatingStoredEventIdsReturnsTheStoredResult()
{
    QFETCH(qint64, expected);
    QFETCH(bool, streamMovedOn);

    QTemporaryDir dir;
    CREATE_STORE(store, dir);
    const QString stream = orderStreamId(2);
    APPEND(store, orderStreamId(1), 0, notes(u"other"_s, 4));
    const QList<NewEvent> events = orderOpening(stream);
    const AppendResult first = store->append(stream, 0, events);
    QVERIFY2(first.status == Status::Appended, describe(first));
    QCOMPARE(first.firstPosition, 5);
    if (streamMovedOn)
        APPEND(store, stream, 3, notes(u"later"_s, 2));
    const QList<RecordedEvent> before = everything(*store);

    const AppendResult repeat = store->append(stream, expected, events);
    QVERIFY2(repeat.status == Status::AlreadyStored, describe(repeat));
    QVERIFY(repeat.isStored());
    QCOMPARE(repeat.firstPosition, first.firstPosition);
    QCOMPARE(repeat.lastPosition, first.lastPosition);
    QCOMPARE(repeat.streamVersion, first.streamVersion);
    QCOMPARE(everything(*store), before);
}

void TestEventStore::appendIsAllOrNothing_data()
{
    QTest::addColumn<QStringList>("eventIds");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("third event_id already stored in another stream")
        << QStringList { u"new-1"_s, u"new-2"_s, u"other-1"_s } << u"other-1"_s;
    QTest::newRow("third event_id repeats the first")
        << QStringList { u"new-1"_s, u"new-2"_s, u"new-1"_s } << u"event_id"_s;
    QTest::newRow("some event_ids stored in this stream, some new")
        << QStringList { u"mine-1"_s, u"new-2"_s, u"new-3"_s } << u"some stored event_ids"_s;
}

void TestEventStore::appendIsAllOrNothing()
{
    QFETCH(QStringList, eventIds);
    QFETCH(QString, mentions);

    QTemporaryDir dir;
    CREATE_STORE(store, dir);
    const QString stream = orderStreamId(5);
    APPEND(store, orderStreamId(1), 0, notes(u"other"_s, 2));
    APPEND(store, stream, 0, notes(u"mine"_s, 2));
    const QList<RecordedEvent> before = everything(*store);
    const qint64 head = store->headPosition();

    QList<NewEvent> events;
    for (const QString &id : eventIds)
        events.append(note(id));
    const AppendResult result = store->append(stream, 2, events);
    QVERIFY2(result.status == Status::Failed, describe(result));
    QVERIFY(!result.isStored());
    QVERIFY(!result.error.isEmpty());
    QVERIFY2(result.error.contains(mentions), qPrintable(result.error));

    QCOMPARE(store->headPosition(), head);
    QCOMPARE(store->streamVersion(stream), 2);
    QCOMPARE(everything(*store), before);
    QVERIFY(!store->inTransaction());
    // The store is still usable: a good append takes the next positions.
    const AppendResult next = store->append(stream, 2, notes(u"fresh"_s, 3));
    QVERIFY2(next.status == Status::Appended, describe(next));
    QCOMPARE(next.firstPosition, head + 1);
}

void TestEventStore::groupCommitStoresEveryAppendOnlyOnCommit()
{
    QTemporaryDir dir;
    CREATE_STORE(store, dir);
    RawConnection reader(storeLocation, true);
    QVERIFY(reader.isOpen());

    QVERIFY2(store->beginWrite(), qPrintable(store->errorString()));
    QVERIFY(store->inTransaction());
    for (int n = 1; n <= 4; ++n)
        APPEND(store, orderStreamId(n), 0, orderOpening(orderStreamId(n)));
    // Nothing is visible to anyone else before the commit.
    QCOMPARE(reader.rows(u"SELECT COUNT(*) FROM events"_s), QStringList { u"0"_s });

    QVERIFY2(store->commit(), qPrintable(store->errorString()));
    QVERIFY(!store->inTransaction());
    QCOMPARE(reader.rows(u"SELECT COUNT(*) FROM events"_s), QStringList { u"12"_s });
    QCOMPARE(positions(everything(*store)), range(1, 12));
    for (int n = 1; n <= 4; ++n)
        QCOMPARE(store->streamVersion(orderStreamId(n)), 3);
}

void TestEventStore::headInsideAGroupFollowsItsAppendsAndRollbacks()
{
    QTemporaryDir dir;
    CREATE_STORE(store, dir);
    APPEND(store, orderStreamId(1), 0, orderOpening(orderStreamId(1)));

    QVERIFY(store->beginWrite());
    const quint64 epoch = store->writeEpoch();
    QCOMPARE(store->headPosition(), 3);
    APPEND(store, orderStreamId(2), 0, orderOpening(orderStreamId(2)));
    QCOMPARE(store->headPosition(), 6);
    // A failed append leaves the head where it was.
    const AppendResult stale = store->append(orderStreamId(2), 1, notes(u"late"_s, 1));
    QVERIFY2(stale.status == Status::Conflict, describe(stale));
    QCOMPARE(store->headPosition(), 6);
    QCOMPARE(store->writeEpoch(), epoch);

    QVERIFY(store->beginWrite());
    APPEND(store, orderStreamId(3), 0, notes(u"undone"_s, 2));
    QCOMPARE(store->headPosition(), 8);
    store->rollback();
    // What the savepoint wrote is gone, and so is what anyone remembered of it.
    QVERIFY(store->writeEpoch() != epoch);
    QCOMPARE(store->headPosition(), 6);
    QVERIFY2(store->commit(), qPrintable(store->errorString()));
    QCOMPARE(store->headPosition(), 6);
}

void TestEventStore::groupRollbackStoresNone()
{
    QTemporaryDir dir;
    CREATE_STORE(store, dir);
    APPEND(store, orderStreamId(1), 0, orderOpening(orderStreamId(1)));

    QVERIFY(store->beginWrite());
    APPEND(store, orderStreamId(2), 0, orderOpening(orderStreamId(2)));
    APPEND(store, orderStreamId(1), 3, notes(u"more"_s, 2));
    store->rollback();
    QVERIFY(!store->inTransaction());

    QCOMPARE(store->headPosition(), 3);
    QCOMPARE(store->streamVersion(orderStreamId(1)), 3);
    QCOMPARE(store->streamVersion(orderStreamId(2)), 0);
    // The rolled-back positions are free again: no gap.
    const AppendResult retried = store->append(orderStreamId(2), 0, orderOpening(orderStreamId(2)));
    QVERIFY2(retried.status == Status::Appended, describe(retried));
    QCOMPARE(retried.firstPosition, 4);
}

void TestEventStore::failedAppendInAGroupDoesNotUndoTheOthers()
{
    QTemporaryDir dir;
    CREATE_STORE(store, dir);

    QVERIFY(store->beginWrite());
    APPEND(store, orderStreamId(1), 0, notes(u"a"_s, 2));
    // Fails on its third insert, after two rows went in.
    const AppendResult duplicate
        = store->append(orderStreamId(2), 0, { note(u"b-1"_s), note(u"b-2"_s), note(u"b-1"_s) });
    QVERIFY2(duplicate.status == Status::Failed, describe(duplicate));
    // Fails on its lookup: the event_id is in another stream of this transaction.
    const AppendResult foreign = store->append(orderStreamId(3), 0, { note(u"a-1"_s) });
    QVERIFY2(foreign.status == Status::Failed, describe(foreign));
    const AppendResult stale = store->append(orderStreamId(1), 0, notes(u"c"_s, 1));
    QVERIFY2(stale.status == Status::Conflict, describe(stale));
    const AppendResult last = store->append(orderStreamId(4), 0, notes(u"d"_s, 2));
    QVERIFY2(last.status == Status::Appended, describe(last));
    QCOMPARE(last.firstPosition, 3);
    QVERIFY(store->inTransaction());
    QVERIFY2(store->commit(), qPrintable(store->errorString()));

    const QList<RecordedEvent> stored = everything(*store);
    QCOMPARE(eventIds(stored), (QStringList { u"a-1"_s, u"a-2"_s, u"d-1"_s, u"d-2"_s }));
    QCOMPARE(positions(stored), range(1, 4));
    QCOMPARE(store->streamVersion(orderStreamId(2)), 0);
}

// Inside a write transaction, a projector's reads come from the events this connection has just
// appended. They must be what the store holds: after failed appends, a savepoint's rollback, and
// another connection's appends.
void TestEventStore::projectionReadsInAGroupAreWhatTheStoreHolds()
{
    QTemporaryDir dir;
    CREATE_STORE(store, dir);
    QString error;
    const std::unique_ptr<EventStore> other
        = EventStore::open(storeLocation, Access::ReadWrite, &error);
    QVERIFY2(other, qPrintable(error));
    const auto projectionForm = [](QList<RecordedEvent> events) {
        for (RecordedEvent &event : events) {
            event.eventId.clear();
            event.metadata.clear();
        }
        return events;
    };
    const auto readsAreStored = [&](qint64 after, int limit) {
        const QList<RecordedEvent> read = store->readForProjections(after, limit);
        // readAll() asks SQL: it sees this transaction's rows and what others committed.
        const QList<RecordedEvent> stored = projectionForm(store->readAll(after, limit));
        if (read != stored) {
            qWarning() << "after" << after << "read" << positions(read) << "stored"
                       << positions(stored);
            return false;
        }
        return true;
    };

    QVERIFY(store->beginWrite());
    APPEND(store, orderStreamId(1), 0, orderOpening(orderStreamId(1)));
    APPEND(store, orderStreamId(2), 0, notes(u"a"_s, 3));
    const AppendResult duplicate
        = store->append(orderStreamId(3), 0, { note(u"b-1"_s), note(u"a-1"_s) });
    QVERIFY2(duplicate.status == Status::Failed, describe(duplicate));
    APPEND(store, orderStreamId(4), 0, notes(u"c"_s, 2));
    QVERIFY(store->beginWrite());
    APPEND(store, orderStreamId(5), 0, notes(u"undone"_s, 2));
    store->rollback();
    APPEND(store, orderStreamId(6), 0, notes(u"d"_s, 1));
    QVERIFY2(store->commit(), qPrintable(store->errorString()));

    QVERIFY(store->beginWrite());
    APPEND(store, orderStreamId(1), 3, notes(u"e"_s, 2));
    for (qint64 after = 0; after <= store->headPosition(); ++after)
        QVERIFY(readsAreStored(after, 3));
    QVERIFY2(store->commit(), qPrintable(store->errorString()));

    // Another connection appends between two of this one's groups.
    APPEND(other, orderStreamId(7), 0, notes(u"f"_s, 2));
    QVERIFY(store->beginWrite());
    QCOMPARE(store->headPosition(), 13);
    for (qint64 after = 0; after <= 13; ++after)
        QVERIFY(readsAreStored(after, 100));
    APPEND(store, orderStreamId(8), 0, notes(u"g"_s, 2));
    QCOMPARE(store->headPosition(), 15);
    for (qint64 after = 0; after <= 15; ++after)
        QVERIFY(readsAreStored(after, 100));
    QVERIFY2(store->commit(), qPrintable(store->errorString()));
}

// A run hands its checkpoints to a thread of their own: the log reaches the store file while the
// writer goes on committing, far below the pages at which the writer would checkpoint itself.
void TestEventStore::backgroundCheckpointsCopyTheLogIntoTheStoreFile()
{
    if (teststores::onPostgres())
        QSKIP("about store files only");
    QTemporaryDir dir;
    CREATE_STORE(store, dir);
    const qint64 sizeBefore = QFileInfo(storeLocation).size();
    QVERIFY2(store->checkpointInBackground(32), qPrintable(store->errorString()));
    for (int order = 1; order <= 100; ++order) {
        QVERIFY(store->beginWrite());
        APPEND(store, orderStreamId(order), 0, notes(u"order-%1"_s.arg(order), 5));
        QVERIFY2(store->commit(), qPrintable(store->errorString()));
    }
    // Only a checkpoint writes pages into the store file.
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(storeLocation).size() > sizeBefore, 10000);
    QString error;
    const std::unique_ptr<EventStore> reader
        = EventStore::open(storeLocation, Access::ReadOnly, &error);
    QVERIFY2(reader, qPrintable(error));
    const QList<RecordedEvent> stored = everything(*reader);
    QCOMPARE(positions(stored), range(1, 500));
    QCOMPARE(stored.constLast().eventId, u"order-100-5"_s);
}

void TestEventStore::textsAreStoredWholeWhateverWasBoundBefore()
{
    // One prepared insert binds every event's texts in turn: each must be stored as it was,
    // longer or shorter than the one before, ASCII or not.
    const QStringList ids {
        u"a-much-longer-event-id-than-the-next-one-0001"_s,
        u"e2"_s,
        u"주문-완료-\u00e9-3"_s,
        u"e4"_s,
        u"\U0001F600-5"_s,
        u"plain-ascii-after-the-rest-6"_s,
    };
    QTemporaryDir dir;
    CREATE_STORE(store, dir);
    const QStringList streams { u"order-000001"_s, u"주문-000002"_s };
    qint64 version[2] = { 0, 0 };
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const int stream = int(i % 2);
        const QList<NewEvent> event { note(ids.at(i)) };
        APPEND(store, streams.at(stream), version[stream], event);
        ++version[stream];
    }

    const QList<RecordedEvent> stored = everything(*store);
    QCOMPARE(stored.size(), ids.size());
    for (qsizetype i = 0; i < ids.size(); ++i) {
        QCOMPARE(stored.at(i).eventId, ids.at(i));
        QCOMPARE(stored.at(i).streamId, streams.at(i % 2));
        QCOMPARE(stored.at(i).eventType, u"OrderNoteAdded"_s);
    }
}

// PostgreSQL ends a transaction in which a statement failed with a rollback, even when asked to
// COMMIT, and says nothing; SQLite undoes only the failed statement. Either way, commit() says
// what the store kept.
void TestEventStore::commitNeverReportsWhatTheStoreDidNotKeep()
{
    QTemporaryDir dir;
    CREATE_STORE(store, dir);
    QVERIFY2(store->beginWrite(), qPrintable(store->errorString()));
    APPEND(store, orderStreamId(1), 0, orderOpening(orderStreamId(1)));
    QVERIFY(!store->execute(u"SELECT * FROM no_such_table"_s));
    const bool committed = store->commit();
    QVERIFY(!store->inTransaction());
    QCOMPARE(committed, !teststores::onPostgres());
    if (!committed)
        QVERIFY2(store->errorString().contains(u"commit"_s), qPrintable(store->errorString()));
    RawConnection reader(storeLocation, true);
    QCOMPARE(reader.rows(u"SELECT COUNT(*) FROM events"_s),
             QStringList { committed ? u"3"_s : u"0"_s });
    // The store goes on: the next write works.
    APPEND(store, orderStreamId(2), 0, orderOpening(orderStreamId(2)));
}

void TestEventStore::eventsAreAppendOnly_data()
{
    QTest::addColumn<QString>("sql");

    QTest::newRow("rewrite a payload")
        << u"UPDATE events SET payload = '{}' WHERE global_position = 2"_s;
    QTest::newRow("renumber a stream")
        << u"UPDATE events SET stream_version = stream_version + 10"_s;
    QTest::newRow("delete one event") << u"DELETE FROM events WHERE global_position = 3"_s;
    QTest::newRow("delete everything") << u"DELETE FROM events"_s;
}

void TestEventStore::eventsAreAppendOnly()
{
    QFETCH(QString, sql);

    QTemporaryDir dir;
    CREATE_STORE(store, dir);
    APPEND(store, orderStreamId(1), 0, orderOpening(orderStreamId(1)));
    const QList<RecordedEvent> before = everything(*store);

    QSqlQuery query(store->database());
    QVERIFY(!query.exec(sql));
    QVERIFY2(query.lastError().text().contains(u"append-only"_s),
             qPrintable(query.lastError().text()));
    QCOMPARE(everything(*store), before);
    // And through a connection of the user's own.
    RawConnection raw(storeLocation);
    QVERIFY(raw.exec(sql).contains(u"append-only"_s));
    QCOMPARE(everything(*store), before);
}

void TestEventStore::globalPositionsAreGapFreeInCommitOrderAcrossStreams()
{
    QTemporaryDir dir;
    CREATE_STORE(store, dir);

    QStringList appendedIds;
    QHash<QString, qint64> streamVersions;
    for (int round = 0; round < 12; ++round) {
        const QString stream = orderStreamId(round % 5 + 1);
        const qint64 version = streamVersions.value(stream);
        const QList<NewEvent> events = notes(u"r%1"_s.arg(round), round % 3 + 1);
        // Refused appends in between must not use up positions.
        const AppendResult conflict = store->append(stream, version + 1, notes(u"x"_s, 1));
        QVERIFY2(conflict.status == Status::Conflict, describe(conflict));
        const AppendResult failed = store->append(stream, version, { note(u"y"_s), note(u"y"_s) });
        QVERIFY2(failed.status == Status::Failed, describe(failed));

        const AppendResult result = store->append(stream, version, events);
        QVERIFY2(result.status == Status::Appended, describe(result));
        QCOMPARE(result.firstPosition, appendedIds.size() + 1);
        for (const NewEvent &event : events)
            appendedIds.append(event.eventId);
        QCOMPARE(result.lastPosition, appendedIds.size());
        streamVersions[stream] = result.streamVersion;
    }

    const QList<RecordedEvent> stored = everything(*store);
    QCOMPARE(positions(stored), range(1, appendedIds.size()));
    QCOMPARE(eventIds(stored), appendedIds);
    for (auto it = streamVersions.cbegin(); it != streamVersions.cend(); ++it)
        QCOMPARE(versions(store->readStream(it.key())), range(1, it.value()));
    QCOMPARE(store->headPosition(), appendedIds.size());
}

// A run holds the write lock for a group of appends, up to a second, and begins its next group
// as soon as it commits one. Another writer waiting for the lock (another run on the same store)
// must get it at the holder's next commit: not only if it happens to ask in the microseconds
// between two groups, else it gives up after the busy timeout with "database is locked".
void TestEventStore::aWaitingWriterGetsTheLockWhenTheHolderCommits()
{
    QTemporaryDir dir;
    CREATE_STORE(store, dir);
    std::atomic<bool> waiterDone = false;
    std::atomic<int> groupsBegun = 0;
    std::atomic<bool> holderSharesTheLock = false;
    QString holderError;
    std::thread holder([&] {
        QString error;
        const std::unique_ptr<EventStore> writer
            = EventStore::open(storeLocation, Access::ReadWrite, &error);
        if (!writer) {
            holderError = error;
            return;
        }
        for (qint64 group = 0; !waiterDone && group < 40; ++group) {
            if (!writer->beginWrite()) {
                holderError = writer->errorString();
                return;
            }
            ++groupsBegun;
            const AppendResult appended
                = writer->append(orderStreamId(1), group, notes(u"holder-%1"_s.arg(group), 1));
            QThread::msleep(250);
            if (appended.status != Status::Appended || !writer->commit()) {
                holderError
                    = u"group %1: %2"_s.arg(group).arg(QString::fromUtf8(describe(appended)));
                return;
            }
            holderSharesTheLock = writer->sharesWriteLock();
        }
    });
    QTRY_VERIFY_WITH_TIMEOUT(groupsBegun > 0 || !holderError.isEmpty(), 10000);
    const bool began = store->beginWrite();
    const int groupsBeforeTheWaiter = groupsBegun;
    if (began) {
        const AppendResult appended = store->append(orderStreamId(2), 0, notes(u"waiter"_s, 1));
        QVERIFY2(appended.status == Status::Appended, describe(appended));
        QVERIFY2(store->commit(), qPrintable(store->errorString()));
    }
    waiterDone = true;
    holder.join();
    QVERIFY2(holderError.isEmpty(), qPrintable(holderError));
    QVERIFY2(began, qPrintable(store->errorString()));
    // It waited for the group it found open, and at most for the one begun as it asked.
    QVERIFY2(groupsBeforeTheWaiter <= 2, qPrintable(QString::number(groupsBeforeTheWaiter)));
    QCOMPARE(store->readStream(orderStreamId(2)).size(), 1);
    // Each saw the other writer, and holds the lock for less from then on.
    QVERIFY(holderSharesTheLock);
    QVERIFY(store->sharesWriteLock());
}

void TestEventStore::aStoreKnowsWhenItSharesTheWriteLock()
{
    QTemporaryDir dir;
    CREATE_STORE(store, dir);
    if (teststores::onPostgres()) {
        QVERIFY(store->sharesWriteLock());
        return;
    }
    QString error;
    const std::unique_ptr<EventStore> other
        = EventStore::open(storeLocation, Access::ReadWrite, &error);
    QVERIFY2(other, qPrintable(error));
    QVERIFY(!store->sharesWriteLock());
    for (int order = 1; order <= 3; ++order) {
        QVERIFY(store->beginWrite());
        APPEND(store, orderStreamId(order), 0, notes(u"own-%1"_s.arg(order), 2));
        QVERIFY2(store->commit(), qPrintable(store->errorString()));
    }
    // Alone, with a reader beside it: no other writer.
    QCOMPARE(other->readStream(orderStreamId(1)).size(), 2);
    QVERIFY(!store->sharesWriteLock());
    APPEND(other, orderStreamId(9), 0, notes(u"other"_s, 1));
    QVERIFY(!store->sharesWriteLock());
    // Seen as the next write begins.
    QVERIFY(store->beginWrite());
    QVERIFY(store->sharesWriteLock());
    store->rollback();
    QVERIFY(store->sharesWriteLock());
}

void TestEventStore::readAllPagesCoverEveryEventOnceInOrder_data()
{
    QTest::addColumn<int>("pageSize");
    QTest::addColumn<int>("pages"); // full or partial pages that hold events

    QTest::newRow("pages of 7") << 7 << 8;
    QTest::newRow("pages of 1") << 1 << 50;
    QTest::newRow("one page that fits exactly") << 50 << 1;
    QTest::newRow("one page larger than the store") << std::numeric_limits<int>::max() << 1;
}

void TestEventStore::readAllPagesCoverEveryEventOnceInOrder()
{
    QFETCH(int, pageSize);
    QFETCH(int, pages);

    QTemporaryDir dir;
    CREATE_STORE(store, dir);
    QStringList appended;
    for (int i = 0; i < 10; ++i) {
        const QString stream = orderStreamId(i % 4 + 1);
        const QList<NewEvent> events = notes(u"e%1"_s.arg(i), 5);
        APPEND(store, stream, store->streamVersion(stream), events);
        for (const NewEvent &event : events)
            appended.append(event.eventId);
    }
    QCOMPARE(appended.size(), 50);

    QList<RecordedEvent> read;
    qint64 after = 0;
    int pagesRead = 0;
    for (;;) {
        const QList<RecordedEvent> page = store->readAll(after, pageSize);
        QVERIFY2(store->errorString().isEmpty(), qPrintable(store->errorString()));
        if (page.isEmpty())
            break;
        QVERIFY(page.size() <= pageSize);
        ++pagesRead;
        QVERIFY(pagesRead <= pages);
        read += page;
        after = page.last().globalPosition;
    }
    QCOMPARE(pagesRead, pages);
    QCOMPARE(positions(read), range(1, 50));
    QCOMPARE(eventIds(read), appended);
}

void TestEventStore::readStreamFromAndUpToAVersion_data()
{
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<QList<qint64>>("expected");

    constexpr qint64 End = std::numeric_limits<qint64>::max();
    QTest::newRow("whole stream") << qint64(1) << End << range(1, 10);
    QTest::newRow("from version 4") << qint64(4) << End << range(4, 10);
    QTest::newRow("up to version 3") << qint64(1) << qint64(3) << range(1, 3);
    QTest::newRow("from 4 up to 6") << qint64(4) << qint64(6) << range(4, 6);
    QTest::newRow("only the last") << qint64(10) << qint64(10) << range(10, 10);
    QTest::newRow("past the end") << qint64(11) << End << QList<qint64> {};
    QTest::newRow("up to beyond the end") << qint64(8) << qint64(99) << range(8, 10);
    QTest::newRow("an empty range") << qint64(7) << qint64(3) << QList<qint64> {};
}

void TestEventStore::readStreamFromAndUpToAVersion()
{
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(QList<qint64>, expected);

    QTemporaryDir dir;
    CREATE_STORE(store, dir);
    const QString stream = orderStreamId(3);
    for (int i = 0; i < 5; ++i) {
        APPEND(store, stream, 2 * i, notes(u"s%1"_s.arg(i), 2));
        APPEND(store, orderStreamId(4), i, notes(u"o%1"_s.arg(i), 1));
    }

    const QList<RecordedEvent> events = store->readStream(stream, from, to);
    QVERIFY2(store->errorString().isEmpty(), qPrintable(store->errorString()));
    QCOMPARE(versions(events), expected);
    qint64 previous = 0;
    for (const RecordedEvent &event : events) {
        QCOMPARE(event.streamId, stream);
        QVERIFY(event.globalPosition > previous);
        previous = event.globalPosition;
    }
    QVERIFY(store->readStream(orderStreamId(99), from, to).isEmpty());
}

void TestEventStore::readPositionsGivesThoseEventsInGlobalOrder()
{
    QTemporaryDir dir;
    CREATE_STORE(store, dir);
    for (int i = 0; i < 5; ++i) {
        APPEND(store, orderStreamId(3), 2 * i, notes(u"s%1"_s.arg(i), 2));
        APPEND(store, orderStreamId(4), i, notes(u"o%1"_s.arg(i), 1));
    }
    const QList<RecordedEvent> all = store->readAll(0, 100);
    QCOMPARE(all.size(), 15);
    // Asked out of order, with holes (0 and past the head), as a padded filtered page is.
    const QList<RecordedEvent> events = store->readPositions({ 12, 0, 3, 99, 7, 3 });
    QVERIFY2(store->errorString().isEmpty(), qPrintable(store->errorString()));
    QCOMPARE(events.size(), 3);
    QCOMPARE(events.at(0), all.at(2));
    QCOMPARE(events.at(1), all.at(6));
    QCOMPARE(events.at(2), all.at(11));
    QVERIFY(store->readPositions({}).isEmpty());
}

void TestEventStore::highestOrderNumberComparesNumbersPast999999_data()
{
    QTest::addColumn<QList<qint64>>("orders"); // in the order their streams are created
    QTest::addColumn<qint64>("highest");

    QTest::newRow("an empty store") << QList<qint64> {} << qint64(0);
    QTest::newRow("six digits") << QList<qint64> { 1, 42, 7 } << qint64(42);
    QTest::newRow("past 999999") << QList<qint64> { 999999, 1000000 } << qint64(1000000);
    QTest::newRow("past 999999, created first")
        << QList<qint64> { 1000001, 999999, 2 } << qint64(1000001);
}

void TestEventStore::highestOrderNumberComparesNumbersPast999999()
{
    QFETCH(QList<qint64>, orders);
    QFETCH(qint64, highest);

    QTemporaryDir dir;
    CREATE_STORE(store, dir);
    for (qint64 n : orders)
        APPEND(store, orderStreamId(n), 0, orderOpening(orderStreamId(n)));
    QCOMPARE(store->highestOrderNumber(), highest);
    // A new run numbers its orders after the highest: the next stream must be new.
    QCOMPARE(store->streamVersion(orderStreamId(highest + 1)), 0);
}

void TestEventStore::badFileIsRefusedAndLeftUnchanged_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("a text file") << u"text"_s << u"not an SQLite database"_s;
    QTest::newRow("an empty file") << u"empty"_s << u"empty file"_s;
    QTest::newRow("a corrupt database") << u"corrupt"_s << u"not an eslab store"_s;
    QTest::newRow("another program's SQLite database") << u"foreign"_s << u"not an eslab store"_s;
    QTest::newRow("a store of a newer format") << u"newer"_s << u"newer"_s;
    QTest::newRow("a store missing a table") << u"damaged"_s << u"checkpoints"_s;
}

void TestEventStore::badFileIsRefusedAndLeftUnchanged()
{
    TESTSTORES_SQLITE_ONLY();
    QFETCH(QString, kind);
    QFETCH(QString, mentions);

    QTemporaryDir dir;
    const QString path = dir.filePath(u"store.db"_s);
    if (kind == u"text" || kind == u"empty" || kind == u"corrupt") {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        if (kind == u"text")
            file.write("order-000001,likes,1000\nthis is a CSV export, not a store\n");
        if (kind == u"corrupt")
            file.write(QByteArray("SQLite format 3\0", 16) + QByteArray(8192, '\xab'));
    } else if (kind == u"foreign") {
        RawConnection raw(path);
        QVERIFY(raw.isOpen());
        QCOMPARE(raw.exec(u"CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)"_s),
                 QString());
        QCOMPARE(raw.exec(u"INSERT INTO customers (name) VALUES ('kim'), ('lee')"_s), QString());
    } else {
        {
            CREATE_STORE(store, dir);
            APPEND(store, orderStreamId(1), 0, orderOpening(orderStreamId(1)));
        }
        RawConnection raw(path);
        QVERIFY(raw.isOpen());
        const QString sql = kind == u"newer"
            ? u"UPDATE meta SET value = '99' WHERE key = 'format_version'"_s
            : u"DROP TABLE checkpoints"_s;
        QCOMPARE(raw.exec(sql), QString());
    }
    const QByteArray bytes = bytesOf(path);
    const QStringList files = filesIn(dir.path());
    QCOMPARE(files, QStringList { u"store.db"_s });

    for (const Access access : { Access::ReadOnly, Access::ReadWrite, Access::ReadWriteCreate }) {
        QString error;
        const std::unique_ptr<EventStore> store = EventStore::open(path, access, &error);
        QVERIFY2(!store, qPrintable(u"opened with access %1"_s.arg(int(access))));
        QVERIFY2(error.contains(mentions), qPrintable(error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY2(!error.contains(u'\n'), qPrintable(error));
        QVERIFY(bytesOf(path) == bytes);
        QCOMPARE(filesIn(dir.path()), files);
    }
}

void TestEventStore::missingStoreIsNeverCreatedForAnOpenThatMustNotCreate_data()
{
    QTest::addColumn<Access>("access");
    QTest::addColumn<QString>("name");

    QTest::newRow("read-only") << Access::ReadOnly << u"store.db"_s;
    QTest::newRow("read-write") << Access::ReadWrite << u"store.db"_s;
    QTest::newRow("read-only in a missing folder") << Access::ReadOnly << u"missing/store.db"_s;
    QTest::newRow("create in a missing folder") << Access::ReadWriteCreate << u"missing/store.db"_s;
}

void TestEventStore::missingStoreIsNeverCreatedForAnOpenThatMustNotCreate()
{
    TESTSTORES_SQLITE_ONLY();
    QFETCH(Access, access);
    QFETCH(QString, name);

    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    QString error;
    QVERIFY(!EventStore::open(path, access, &error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY(!QFileInfo::exists(path));
    QCOMPARE(filesIn(dir.path()), QStringList {});
}

void TestEventStore::readOnlyFileOpensForReading()
{
    TESTSTORES_SQLITE_ONLY();
    QTemporaryDir dir;
    const QString path = dir.filePath(u"store.db"_s);
    {
        CREATE_STORE(store, dir);
        APPEND(store, orderStreamId(1), 0, orderOpening(orderStreamId(1)));
    }
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    const QByteArray bytes = bytesOf(path);

    QString error;
    {
        const std::unique_ptr<EventStore> store = EventStore::open(path, Access::ReadOnly, &error);
        QVERIFY2(store, qPrintable(error));
        QVERIFY(store->isReadOnly());
        QCOMPARE(versions(store->readStream(orderStreamId(1))), range(1, 3));
        QCOMPARE(store->headPosition(), 3);
        QCOMPARE(store->highestOrderNumber(), 1);

        const AppendResult refused = store->append(orderStreamId(1), 3, notes(u"n"_s, 1));
        QVERIFY2(refused.status == Status::Failed, describe(refused));
        QVERIFY2(refused.error.contains(u"read-only"_s), qPrintable(refused.error));
        QVERIFY(!store->beginWrite());
        QCOMPARE(store->headPosition(), 3);
    }
    QVERIFY(bytesOf(path) == bytes);
}

void TestEventStore::readOnlyFileIsRefusedForWriting()
{
    TESTSTORES_SQLITE_ONLY();
    QTemporaryDir dir;
    const QString path = dir.filePath(u"store.db"_s);
    {
        CREATE_STORE(store, dir);
        APPEND(store, orderStreamId(1), 0, orderOpening(orderStreamId(1)));
    }
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    // Even root, who may write anyway, is refused: the store honours the permission bits.
    const QByteArray bytes = bytesOf(path);

    for (const Access access : { Access::ReadWrite, Access::ReadWriteCreate }) {
        QString error;
        QVERIFY(!EventStore::open(path, access, &error));
        QVERIFY2(error.contains(u"read-only"_s), qPrintable(error));
        QVERIFY2(error.contains(path), qPrintable(error));
    }
    QVERIFY(bytesOf(path) == bytes);
}

void TestEventStore::postgresDatabaseThatIsNotAStoreIsRefusedAndLeftUnchanged_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("another program's tables named like ours")
        << u"foreign"_s << u"not an eslab store"_s;
    QTest::newRow("a store of a newer format") << u"newer"_s << u"newer"_s;
    QTest::newRow("a store missing a table") << u"damaged"_s << u"checkpoints"_s;
}

void TestEventStore::postgresDatabaseThatIsNotAStoreIsRefusedAndLeftUnchanged()
{
    if (!teststores::onPostgres())
        QSKIP("about PostgreSQL databases only");
    QFETCH(QString, kind);
    QFETCH(QString, mentions);

    QTemporaryDir dir;
    QString location;
    if (kind == u"foreign") {
        location = teststores::newStoreLocation(dir);
        RawConnection raw(location);
        QVERIFY(raw.isOpen());
        QCOMPARE(raw.exec(u"CREATE TABLE events (id BIGINT PRIMARY KEY, what TEXT)"_s), QString());
        QCOMPARE(raw.exec(u"INSERT INTO events VALUES (1, 'kim'), (2, 'lee')"_s), QString());
    } else {
        location = storeWithOneOrder(dir);
        QVERIFY(!location.isEmpty());
        RawConnection raw(location);
        QVERIFY(raw.isOpen());
        const QString sql = kind == u"newer"
            ? u"UPDATE meta SET value = '99' WHERE key = 'format_version'"_s
            : u"DROP TABLE checkpoints"_s;
        QCOMPARE(raw.exec(sql), QString());
    }
    const auto contents = [&] {
        RawConnection raw(location, true);
        return raw.rows(u"SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = current_schema() ORDER BY 1"_s)
            + raw.rows(u"SELECT * FROM events ORDER BY 1"_s);
    };
    const QStringList before = contents();

    for (const Access access : { Access::ReadOnly, Access::ReadWrite, Access::ReadWriteCreate }) {
        QString error;
        const std::unique_ptr<EventStore> store = EventStore::open(location, access, &error);
        QVERIFY2(!store, qPrintable(u"opened with access %1"_s.arg(int(access))));
        QVERIFY2(error.contains(mentions), qPrintable(error));
        QVERIFY2(error.contains(location), qPrintable(error));
        QVERIFY2(!error.contains(u'\n'), qPrintable(error));
        QCOMPARE(contents(), before);
    }
}

void TestEventStore::postgresDatabaseWithoutAStoreGetsNoTablesFromAnOpenThatMustNotCreate()
{
    if (!teststores::onPostgres())
        QSKIP("about PostgreSQL databases only");
    QTemporaryDir dir;
    const QString location = teststores::newStoreLocation(dir);
    for (const Access access : { Access::ReadOnly, Access::ReadWrite }) {
        QString error;
        QVERIFY(!EventStore::open(location, access, &error));
        QVERIFY2(error.contains(u"no store at %1"_s.arg(location)), qPrintable(error));
    }
    RawConnection raw(location, true);
    QCOMPARE(raw.rows(u"SELECT COUNT(*) FROM information_schema.tables "
                      "WHERE table_schema = current_schema()"_s),
             QStringList { u"0"_s });
}

void TestEventStore::postgresStoreOpenedReadOnlyReadsAndRefusesWrites()
{
    if (!teststores::onPostgres())
        QSKIP("about PostgreSQL databases only");
    QTemporaryDir dir;
    const QString location = storeWithOneOrder(dir);
    QVERIFY(!location.isEmpty());
    QString error;
    const std::unique_ptr<EventStore> store = EventStore::open(location, Access::ReadOnly, &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(versions(store->readStream(orderStreamId(1))), range(1, 3));
    QVERIFY(!store->beginWrite());
    const AppendResult refused = store->append(orderStreamId(1), 3, notes(u"n"_s, 1));
    QVERIFY2(refused.status == Status::Failed, describe(refused));
    // Even SQL of its own through the read-only connection is refused by the server.
    QSqlQuery query(store->database());
    QVERIFY(!query.exec(u"DELETE FROM checkpoints"_s));
    QCOMPARE(store->headPosition(), 3);
}

void TestEventStore::postgresAddressIsCheckedBeforeConnecting_data()
{
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("a password in the address")
        << u"postgresql://eslab:secret@127.0.0.1:5432/store"_s << u"PGPASSWORD"_s;
    QTest::newRow("no database") << u"postgresql://eslab@127.0.0.1:5432/"_s
                                 << u"postgresql://USER@HOST:PORT/DBNAME"_s;
    QTest::newRow("no host") << u"postgresql:///store"_s << u"postgresql://USER@HOST:PORT/DBNAME"_s;
    QTest::newRow("a server nobody runs")
        << u"postgresql://eslab@127.0.0.1:%1/store"_s.arg(teststores::freePort())
        << u"cannot open postgresql://eslab@127.0.0.1:"_s;
}

void TestEventStore::postgresAddressIsCheckedBeforeConnecting()
{
    QFETCH(QString, location);
    QFETCH(QString, mentions);
    for (const Access access : { Access::ReadOnly, Access::ReadWriteCreate }) {
        QString error;
        QVERIFY(!EventStore::open(location, access, &error));
        QVERIFY2(error.contains(mentions), qPrintable(error));
        QVERIFY2(!error.contains(u"secret"_s), qPrintable(error));
        QVERIFY2(!error.contains(u'\n'), qPrintable(error));
    }
}

void TestEventStore::removingAPostgresStoreDropsItsTablesOnly()
{
    if (!teststores::onPostgres())
        QSKIP("about PostgreSQL databases only");
    QTemporaryDir dir;
    const QString location = storeWithOneOrder(dir);
    QVERIFY(!location.isEmpty());
    {
        RawConnection raw(location);
        QCOMPARE(raw.exec(u"CREATE TABLE customers (id BIGINT PRIMARY KEY)"_s), QString());
    }
    QString error;
    QVERIFY2(EventStore::removePostgresStore(location, &error), qPrintable(error));
    RawConnection raw(location, true);
    QCOMPARE(raw.rows(u"SELECT table_name FROM information_schema.tables "
                      "WHERE table_schema = current_schema()"_s),
             QStringList { u"customers"_s });
    // Afresh: the next run creates a new store there.
    const std::unique_ptr<EventStore> store
        = EventStore::open(location, Access::ReadWriteCreate, &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(store->headPosition(), 0);
    // Removing what is not a store is refused.
    QVERIFY(!EventStore::removePostgresStore(dir.filePath(u"store.db"_s), &error));
}

QTEST_GUILESS_MAIN(TestEventStore)
#include "tst_eventstore.moc"
