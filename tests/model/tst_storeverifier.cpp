#include "model/eventexport.h"
#include "model/eventstore.h"
#include "model/order.h"
#include "model/projection.h"
#include "model/projectionrunner.h"
#include "model/snapshotstore.h"
#include "model/storeverifier.h"

#include "tests/support/teststores.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

enum class Ending { Rejected, InProgress, Completed, Failed, Cancelled };

QJsonObject metadataFor(const QString &streamId, qint64 version)
{
    return { { u"run_id"_s, u"run-test"_s },
             { u"correlation_id"_s, streamId },
             { u"causation_id"_s, u"%1-command-%2"_s.arg(streamId).arg(version) } };
}

// Appends what the aggregate decided to its stream and folds it into `order`.
bool appendDecision(EventStore &store, const QString &streamId, Order &order,
                    const Decision &decision)
{
    if (!decision.isAccepted()) {
        qWarning() << "rejected:" << decision.rejection;
        return false;
    }
    QList<NewEvent> events;
    qint64 version = order.state().version;
    for (const DomainEvent &event : decision.events) {
        ++version;
        events.append(NewEvent::fromDomainEvent(u"%1-%2"_s.arg(streamId).arg(version), event,
                                                metadataFor(streamId, version), version * 100));
    }
    const AppendResult result = store.append(streamId, order.state().version, events);
    if (result.status != AppendResult::Status::Appended) {
        qWarning() << "append failed:" << result.error;
        return false;
    }
    for (const DomainEvent &event : decision.events)
        order.apply(event);
    return true;
}

BatchExecuted batch(qint64 batchNo, qint64 delivered = 50)
{
    return { batchNo, 1, delivered, delivered, u"worker-1"_s, 800 };
}

// Order n: 100 likes in batches of 50 for 200 points, driven by the aggregate to `ending`.
bool buildOrder(EventStore &store, qint64 number, Ending ending, Order *built = nullptr)
{
    const QString id = orderStreamId(number);
    Order order;
    bool ok = appendDecision(
        store, id, order,
        order.place({ id, u"customer-%1"_s.arg(number), u"likes"_s, 100, 50, 200 }));
    if (ok && ending == Ending::Rejected)
        ok = appendDecision(store, id, order, order.failPayment(u"card declined"_s));
    if (ok && ending != Ending::Rejected) {
        ok = appendDecision(store, id, order, order.deductPoints())
            && appendDecision(store, id, order, order.start())
            && appendDecision(store, id, order, order.executeBatch(batch(1)));
        if (ok && ending == Ending::Completed)
            ok = appendDecision(store, id, order, order.executeBatch(batch(2)));
        if (ok && ending == Ending::Failed) {
            ok = appendDecision(store, id, order, order.failBatch({ 2, 1, u"timeout"_s, true }))
                && appendDecision(store, id, order, order.failBatch({ 2, 2, u"timeout"_s, false }));
        }
        if (ok && ending == Ending::Cancelled)
            ok = appendDecision(store, id, order, order.cancel(u"changed mind"_s, u"customer"_s));
    }
    if (built)
        *built = order;
    return ok;
}

// Appends events as given, bypassing the aggregate's rules.
bool appendRaw(EventStore &store, const QString &streamId, const QList<NewEvent> &events)
{
    const qint64 version = store.streamVersion(streamId);
    const AppendResult result = store.append(streamId, version, events);
    if (result.status != AppendResult::Status::Appended)
        qWarning() << "raw append failed:" << result.error;
    return result.status == AppendResult::Status::Appended;
}

NewEvent rawEvent(const QString &eventId, const DomainEvent &event, const QString &streamId)
{
    return NewEvent::fromDomainEvent(eventId, event, metadataFor(streamId, 0), 0);
}

bool execSql(EventStore &store, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery query(store.database());
    if (!query.prepare(sql)) {
        qWarning() << sql << query.lastError().text();
        return false;
    }
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values.at(i));
    if (!query.exec()) {
        qWarning() << sql << query.lastError().text();
        return false;
    }
    return true;
}

bool catchUpAll(EventStore &store)
{
    for (const auto &projection : createStandardProjections()) {
        ProjectionRunner runner(store, *projection);
        const ProjectionRunner::Progress progress = runner.catchUp(100, 0);
        if (!progress.isOk()) {
            qWarning() << projection->name() << progress.error;
            return false;
        }
    }
    return true;
}

// A minimal RFC 4180 reader: quoted fields may hold commas, CRLF and doubled quotes.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            row.append(field);
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            row.append(field);
            rows.append(row);
            row.clear();
            field.clear();
            ++i;
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty()) {
        row.append(field);
        rows.append(row);
    }
    return rows;
}

class FailingDevice : public QIODevice
{
public:
    FailingDevice() { open(QIODevice::WriteOnly); }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64) override
    {
        setErrorString(u"No space left on device"_s);
        return -1;
    }
};

const QStringList ExportColumns { u"global_position"_s, u"event_id"_s,   u"stream_id"_s,
                                  u"stream_version"_s,  u"event_type"_s, u"schema_version"_s,
                                  u"payload"_s,         u"metadata"_s,   u"recorded_at"_s };

} // namespace

class TestStoreVerifier : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void emptyStorePasses();
    void cleanStorePasses();
    void readOnlyStoreVerifiesAndStaysUnchanged();
    void legacyBatchExecutedIsAccepted();
    void damageIsNamed_data();
    void damageIsNamed();
    void undecodablePayloadDoesNotCascade();
    void oldSchemaSnapshotIsNotedNotViolated();
    void laggingProjectionIsNotedNotCompared();
    void violationListIsCappedButCounted();
    void progressReachesTheTotal();

    void csvExportHasHeaderAndOneQuotedRowPerEvent();
    void jsonExportHasEveryEventWithObjectPayloads();
    void jsonExportKeepsStoredNumbersVerbatim();
    void exportOfEmptyStoreIsValid_data();
    void exportOfEmptyStoreIsValid();
    void exportReportsWriteErrors();

private:
    // Orders 1 (completed), 2 (failed and refunded), 3 (in progress, next batch 2), 4 (cancelled),
    // 5 (rejected), with snapshots of order 1 at versions 3 and 6.
    void buildCleanStore();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<EventStore> m_store;
};

void TestStoreVerifier::initTestCase()
{
    TESTSTORES_INIT();
}

void TestStoreVerifier::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QString error;
    m_store = EventStore::open(teststores::newStoreLocation(*m_dir),
                               EventStore::Access::ReadWriteCreate, &error);
    QVERIFY2(m_store, qPrintable(error));
}

void TestStoreVerifier::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void TestStoreVerifier::buildCleanStore()
{
    Order completed;
    QVERIFY(buildOrder(*m_store, 1, Ending::Completed, &completed));
    QVERIFY(buildOrder(*m_store, 2, Ending::Failed));
    QVERIFY(buildOrder(*m_store, 3, Ending::InProgress));
    QVERIFY(buildOrder(*m_store, 4, Ending::Cancelled));
    QVERIFY(buildOrder(*m_store, 5, Ending::Rejected));

    SnapshotStore snapshots(*m_store);
    OrderState atThree;
    for (const RecordedEvent &event : m_store->readStream(orderStreamId(1), 1, 3))
        Order::evolve(atThree, *event.decode().event);
    QVERIFY(snapshots.save(orderStreamId(1), atThree, 0) > 0);
    QVERIFY(snapshots.save(orderStreamId(1), completed.state(), 0) > 0);
}

void TestStoreVerifier::emptyStorePasses()
{
    const StoreVerifier::Report report = StoreVerifier(*m_store).verify();
    QVERIFY2(report.passed(), qPrintable(report.violations.join(u'\n') + report.error));
    QCOMPARE(report.events, 0);
    QCOMPARE(report.streams, 0);
    QCOMPARE(report.snapshots, 0);
    QCOMPARE(report.projectionsChecked, standardProjectionNames());
}

void TestStoreVerifier::cleanStorePasses()
{
    buildCleanStore();
    QVERIFY(catchUpAll(*m_store));

    const StoreVerifier::Report report = StoreVerifier(*m_store).verify();
    QVERIFY2(report.passed(), qPrintable(report.violations.join(u'\n') + report.error));
    QCOMPARE(report.violationCount, 0);
    QCOMPARE(report.events, m_store->headPosition());
    QCOMPARE(report.streams, 5);
    QCOMPARE(report.snapshots, 2);
    QCOMPARE(report.projectionsChecked, standardProjectionNames());
    QVERIFY2(report.notes.isEmpty(), qPrintable(report.notes.join(u'\n')));
}

void TestStoreVerifier::readOnlyStoreVerifiesAndStaysUnchanged()
{
    buildCleanStore();
    QVERIFY(catchUpAll(*m_store));
    const QString location = m_store->location();
    m_store.reset();
    QString error;
    auto store = EventStore::open(location, EventStore::Access::ReadOnly, &error);
    QVERIFY2(store, qPrintable(error));

    const StoreVerifier::Report report = StoreVerifier(*store).verify();
    QVERIFY2(report.passed(), qPrintable(report.violations.join(u'\n') + report.error));
    QCOMPARE(report.projectionsChecked, standardProjectionNames());
    QVERIFY(!store->inTransaction());
    // The read transaction is over: a second verify on the same connection works too.
    QVERIFY(StoreVerifier(*store).verify().passed());
}

void TestStoreVerifier::legacyBatchExecutedIsAccepted()
{
    const QString id = orderStreamId(7);
    Order order;
    QVERIFY(appendDecision(*m_store, id, order,
                           order.place({ id, u"customer-7"_s, u"views"_s, 100, 50, 200 })));
    QVERIFY(appendDecision(*m_store, id, order, order.deductPoints()));
    QVERIFY(appendDecision(*m_store, id, order, order.start()));
    const QJsonObject legacyPayload { { u"batch_no"_s, 1 },
                                      { u"attempt"_s, 1 },
                                      { u"count"_s, 50 },
                                      { u"worker_id"_s, u"w-1"_s },
                                      { u"duration_ms"_s, 700 } };
    const NewEvent legacy { u"legacy-1"_s,
                            u"BatchExecuted"_s,
                            1,
                            compactJson(legacyPayload),
                            compactJson(metadataFor(id, 4)),
                            400 };
    QVERIFY(appendRaw(*m_store, id, { legacy }));

    const StoreVerifier::Report report = StoreVerifier(*m_store).verify();
    QVERIFY2(report.passed(), qPrintable(report.violations.join(u'\n') + report.error));
    QCOMPARE(report.events, 4);
}

void TestStoreVerifier::damageIsNamed_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("batch out of order")
        << u"batch out of order"_s
        << QStringList { u"(order-000003 v5, BatchExecuted): batch 3 out of order: the next "
                         "batch is 2"_s };
    QTest::newRow("missing refund")
        << u"missing refund"_s
        << QStringList { u"order-000006 (v6, failed): a refund of 100 points is due and was "
                         "never written"_s };
    QTest::newRow("wrong refund amount")
        << u"wrong refund amount"_s
        << QStringList { u"(order-000006 v7, PointsRefunded): refund of 10 points where 100 "
                         "were due"_s };
    QTest::newRow("event after the order finished")
        << u"event after finish"_s
        << QStringList { u"(order-000001 v7, BatchFailed): BatchFailed on a completed order"_s };
    QTest::newRow("bad payload")
        << u"bad payload"_s
        << QStringList { u"(order-000003 v5, BatchExecuted): payload does not decode"_s };
    QTest::newRow("metadata without run_id")
        << u"metadata without run_id"_s
        << QStringList { u"(order-000003 v5, OrderNoteAdded): metadata has no string run_id"_s };
    QTest::newRow("unknown schema version")
        << u"unknown schema version"_s
        << QStringList { u"(order-000003 v5, OrderNoteAdded): schema_version 7 where the "
                         "current one is 1"_s };
    QTest::newRow("malformed stream id")
        << u"malformed stream id"_s
        << QStringList { u"(order-42 v1, OrderPlaced): stream id 'order-42' is not "
                         "order-<n>"_s };
    QTest::newRow("order_id of another stream")
        << u"order_id of another stream"_s
        << QStringList { u"(order-000006 v1, OrderPlaced): order_id 'order-000009' is not the "
                         "stream id"_s };
    QTest::newRow("gap in global positions")
        << u"gap in global positions"_s
        << QStringList { u"position 28 (order-000003 v5, OrderNoteAdded): global positions 27 "
                         "to 27 are missing"_s };
    QTest::newRow("gap in stream versions")
        << u"gap in stream versions"_s
        << QStringList { u"(order-000003 v7, OrderNoteAdded): stream version 7 follows "
                         "version 4; the next must be 5"_s };
    QTest::newRow("snapshot differs from the fold")
        << u"snapshot differs"_s
        << QStringList { u"snapshot order-000001 v6 differs from the fold of its events: "
                         "delivered is 60, the fold gives 100"_s };
    QTest::newRow("snapshot of a version that does not exist")
        << u"snapshot of a missing version"_s
        << QStringList { u"snapshot order-000001 v99: the stream has no version 99 (it ends "
                         "at v6)"_s };
    QTest::newRow("snapshot of a stream that does not exist")
        << u"snapshot of a missing stream"_s
        << QStringList { u"snapshot order-000099 v1: the stream has no events"_s };
    QTest::newRow("checkpoint above the head")
        << u"checkpoint above head"_s
        << QStringList { u"projection order_summary: checkpoint 31 is above the head 26"_s };
    QTest::newRow("tampered order_summary row")
        << u"tampered read model"_s
        << QStringList { u"order_summary order-000001: delivered is 7, the order's events "
                         "give 100"_s };
}

void TestStoreVerifier::damageIsNamed()
{
    QFETCH(QString, damage);
    QFETCH(QStringList, expected);

    buildCleanStore();
    QCOMPARE(m_store->headPosition(), 26);
    const QString three = orderStreamId(3);
    const QString six = orderStreamId(6);

    if (damage == u"batch out of order"_s) {
        QVERIFY(appendRaw(*m_store, three, { rawEvent(u"x"_s, batch(3), three) }));
    } else if (damage == u"missing refund"_s || damage == u"wrong refund amount"_s) {
        QVERIFY(buildOrder(*m_store, 6, Ending::InProgress));
        QList<NewEvent> events { rawEvent(u"x1"_s, BatchFailed { 2, 1, u"timeout"_s, false }, six),
                                 rawEvent(u"x2"_s, OrderFailed { u"timeout"_s, 50 }, six) };
        if (damage == u"wrong refund amount"_s)
            events.append(rawEvent(u"x3"_s, PointsRefunded { 10, u"short"_s }, six));
        QVERIFY(appendRaw(*m_store, six, events));
    } else if (damage == u"event after finish"_s) {
        QVERIFY(appendRaw(
            *m_store, orderStreamId(1),
            { rawEvent(u"x"_s, BatchFailed { 3, 1, u"late"_s, true }, orderStreamId(1)) }));
    } else if (damage == u"bad payload"_s) {
        QVERIFY(appendRaw(*m_store, three,
                          { { u"x"_s, u"BatchExecuted"_s, 2, "{\"batch_no\": 2,",
                              compactJson(metadataFor(three, 5)), 0 } }));
    } else if (damage == u"metadata without run_id"_s) {
        NewEvent note = rawEvent(u"x"_s, OrderNoteAdded { u"hello"_s, false }, three);
        note.metadata = R"({"correlation_id":"c","causation_id":"c"})";
        QVERIFY(appendRaw(*m_store, three, { note }));
    } else if (damage == u"unknown schema version"_s) {
        NewEvent note = rawEvent(u"x"_s, OrderNoteAdded { u"hello"_s, false }, three);
        note.schemaVersion = 7;
        QVERIFY(appendRaw(*m_store, three, { note }));
    } else if (damage == u"malformed stream id"_s) {
        Order order;
        QVERIFY(appendDecision(*m_store, u"order-42"_s, order,
                               order.place({ u"order-42"_s, u"c"_s, u"likes"_s, 10, 5, 20 })));
    } else if (damage == u"order_id of another stream"_s) {
        QVERIFY(appendRaw(
            *m_store, six,
            { rawEvent(u"x"_s, OrderPlaced { orderStreamId(9), u"c"_s, u"likes"_s, 10, 5, 20 },
                       six) }));
    } else if (damage == u"gap in global positions"_s || damage == u"gap in stream versions"_s) {
        // Rows no append would write, as a hand edit with sqlite3 or psql could leave them.
        const bool positionGap = damage == u"gap in global positions"_s;
        const NewEvent note = rawEvent(u"x"_s, OrderNoteAdded { u"hello"_s, false }, three);
        QVERIFY(execSql(*m_store,
                        u"INSERT INTO events (global_position, event_id, stream_id, "
                        "stream_version, event_type, schema_version, payload, metadata, "
                        "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                        { positionGap ? 28 : 27, note.eventId, three, positionGap ? 5 : 7,
                          note.eventType, note.schemaVersion, QString::fromUtf8(note.payload),
                          QString::fromUtf8(note.metadata), 0 }));
    } else if (damage == u"snapshot differs"_s || damage == u"snapshot of a missing version"_s
               || damage == u"snapshot of a missing stream"_s) {
        OrderState state;
        for (const RecordedEvent &event : m_store->readStream(orderStreamId(1)))
            Order::evolve(state, *event.decode().event);
        QString stream = orderStreamId(1);
        if (damage == u"snapshot differs"_s)
            state.delivered = 60;
        if (damage == u"snapshot of a missing version"_s)
            state.version = 99;
        if (damage == u"snapshot of a missing stream"_s) {
            stream = orderStreamId(99);
            state = {};
            state.orderId = stream;
            state.version = 1;
        }
        QVERIFY(SnapshotStore(*m_store).save(stream, state, 0) > 0);
    } else if (damage == u"checkpoint above head"_s) {
        QVERIFY(execSql(*m_store,
                        u"INSERT INTO checkpoints (projection, position, updated_at) "
                        "VALUES (?, ?, ?) ON CONFLICT (projection) DO UPDATE SET "
                        "position = excluded.position"_s,
                        { u"order_summary"_s, 31, 0 }));
    } else if (damage == u"tampered read model"_s) {
        QVERIFY(catchUpAll(*m_store));
        QVERIFY(execSql(*m_store, u"UPDATE order_summary SET delivered = ? WHERE order_id = ?"_s,
                        { 7, orderStreamId(1) }));
    } else {
        QFAIL("unknown damage");
    }

    const StoreVerifier::Report report = StoreVerifier(*m_store).verify();
    QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
    QVERIFY(!report.passed());
    const QString all = report.violations.join(u'\n');
    for (const QString &line : expected)
        QVERIFY2(all.contains(line), qPrintable(u"expected '%1' in:\n%2"_s.arg(line, all)));
}

void TestStoreVerifier::undecodablePayloadDoesNotCascade()
{
    buildCleanStore();
    const QString three = orderStreamId(3);
    QVERIFY(
        appendRaw(*m_store, three,
                  { { u"x1"_s, u"BatchExecuted"_s, 2, "[]", compactJson(metadataFor(three, 5)), 0 },
                    rawEvent(u"x2"_s, batch(2), three) }));

    const StoreVerifier::Report report = StoreVerifier(*m_store).verify();
    QCOMPARE(report.violationCount, 1);
    QVERIFY(report.violations.first().contains(u"payload does not decode"_s));
}

void TestStoreVerifier::oldSchemaSnapshotIsNotedNotViolated()
{
    buildCleanStore();
    QVERIFY(execSql(*m_store,
                    u"INSERT INTO snapshots (stream_id, stream_version, schema_version, state, "
                    "taken_at) VALUES (?, ?, ?, ?, ?)"_s,
                    { orderStreamId(2), 4, 0, u"{\"old\": true}"_s, 0 }));

    const StoreVerifier::Report report = StoreVerifier(*m_store).verify();
    QVERIFY2(report.passed(), qPrintable(report.violations.join(u'\n') + report.error));
    QCOMPARE(report.snapshots, 3);
    QVERIFY2(report.notes.join(u'\n').contains(u"1 snapshot(s) of an old schema version"_s),
             qPrintable(report.notes.join(u'\n')));
}

void TestStoreVerifier::laggingProjectionIsNotedNotCompared()
{
    buildCleanStore();
    QVERIFY(catchUpAll(*m_store));
    QVERIFY(execSql(*m_store, u"UPDATE order_summary SET delivered = ? WHERE order_id = ?"_s,
                    { 7, orderStreamId(1) }));
    QVERIFY(buildOrder(*m_store, 6, Ending::Completed));

    const StoreVerifier::Report report = StoreVerifier(*m_store).verify();
    QVERIFY2(report.passed(), qPrintable(report.violations.join(u'\n') + report.error));
    QVERIFY(report.projectionsChecked.isEmpty());
    const QString notes = report.notes.join(u'\n');
    QVERIFY2(notes.contains(u"order_summary is 6 events behind the head; its read model was not "
                            "compared (run eslab catch-up)"_s),
             qPrintable(notes));
    QVERIFY2(notes.contains(u"service_stats is 6 events behind the head"_s), qPrintable(notes));
}

void TestStoreVerifier::violationListIsCappedButCounted()
{
    QVERIFY(buildOrder(*m_store, 1, Ending::InProgress));
    const QString id = orderStreamId(1);
    QList<NewEvent> notes;
    for (int i = 0; i < 250; ++i) {
        NewEvent note = rawEvent(u"note-%1"_s.arg(i), OrderNoteAdded { u"n"_s, false }, id);
        note.metadata = "{}";
        notes.append(note);
    }
    QVERIFY(appendRaw(*m_store, id, notes));

    const StoreVerifier::Report report = StoreVerifier(*m_store).verify();
    QCOMPARE(report.violationCount, 250);
    QCOMPARE(report.violations.size(), StoreVerifier::MaxListedViolations + 1);
    QCOMPARE(report.violations.last(), u"... and 50 more"_s);
}

void TestStoreVerifier::progressReachesTheTotal()
{
    buildCleanStore();
    qint64 lastChecked = -1;
    qint64 lastTotal = -1;
    const StoreVerifier::Report report
        = StoreVerifier(*m_store).verify([&](qint64 checked, qint64 total) {
              QVERIFY(checked >= lastChecked);
              lastChecked = checked;
              lastTotal = total;
          });
    QVERIFY(report.error.isEmpty());
    QCOMPARE(lastTotal, 26 + 2);
    QCOMPARE(lastChecked, lastTotal);
}

void TestStoreVerifier::csvExportHasHeaderAndOneQuotedRowPerEvent()
{
    buildCleanStore();
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QString error;
    QVERIFY2(exportEvents(*m_store, ExportFormat::Csv, buffer, &error), qPrintable(error));

    const QByteArray bytes = buffer.data();
    QVERIFY(bytes.startsWith("global_position,event_id,stream_id,stream_version,event_type,"
                             "schema_version,payload,metadata,recorded_at\r\n"));
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(bytes));
    QCOMPARE(rows.size(), 1 + 26);
    QCOMPARE(rows.first(), ExportColumns);

    const QList<RecordedEvent> events = m_store->readAll(0, 100);
    for (int i = 0; i < events.size(); ++i) {
        const QStringList &row = rows.at(i + 1);
        const RecordedEvent &event = events.at(i);
        QCOMPARE(row.size(), ExportColumns.size());
        QCOMPARE(row.at(0), QString::number(event.globalPosition));
        QCOMPARE(row.at(2), event.streamId);
        QCOMPARE(row.at(4), event.eventType);
        QCOMPARE(row.at(6).toUtf8(), event.payload);
        QCOMPARE(row.at(7).toUtf8(), event.metadata);
        QVERIFY(QJsonDocument::fromJson(row.at(6).toUtf8()).isObject());
    }
    // A payload holds commas and quotes, so its field is quoted with doubled quotes.
    QVERIFY(bytes.contains(",\"{\"\"batch_size\"\":50,\"\"customer_id\"\":\"\"customer-1\"\","));
}

void TestStoreVerifier::jsonExportHasEveryEventWithObjectPayloads()
{
    buildCleanStore();
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QString error;
    qint64 lastDone = -1;
    QVERIFY2(exportEvents(*m_store, ExportFormat::Json, buffer, &error,
                          [&](qint64 done, qint64) { lastDone = done; }),
             qPrintable(error));
    QCOMPARE(lastDone, 26);

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(buffer.data(), &parseError);
    QVERIFY2(document.isArray(), qPrintable(parseError.errorString()));
    const QJsonArray array = document.array();
    QCOMPARE(array.size(), 26);
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject object = array.at(i).toObject();
        QCOMPARE(object.keys().size(), ExportColumns.size());
        for (const QString &key : ExportColumns)
            QVERIFY2(object.contains(key), qPrintable(key));
        QCOMPARE(object.value(u"global_position"_s).toInteger(), i + 1);
        QVERIFY(object.value(u"payload"_s).isObject());
        QVERIFY(object.value(u"metadata"_s).isObject());
        QCOMPARE(object.value(u"metadata"_s).toObject().value(u"run_id"_s).toString(),
                 u"run-test"_s);
    }
    QCOMPARE(
        array.first().toObject().value(u"payload"_s).toObject().value(u"order_id"_s).toString(),
        u"order-000001"_s);
}

void TestStoreVerifier::jsonExportKeepsStoredNumbersVerbatim()
{
    const QString id = orderStreamId(1);
    // 2^53 + 1 has no double; re-encoding through QJsonDocument would print 9007199254740992.
    const QByteArray payload = R"({"note":"big","count":9007199254740993})";
    QVERIFY(appendRaw(
        *m_store, id,
        { { u"x"_s, u"OrderNoteAdded"_s, 1, payload, compactJson(metadataFor(id, 1)), 0 } }));
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QString error;
    QVERIFY2(exportEvents(*m_store, ExportFormat::Json, buffer, &error), qPrintable(error));
    QVERIFY(buffer.data().contains(QByteArray(QByteArray("\"payload\":") + payload)));
    QVERIFY(QJsonDocument::fromJson(buffer.data()).isArray());
}

void TestStoreVerifier::exportOfEmptyStoreIsValid_data()
{
    QTest::addColumn<ExportFormat>("format");
    QTest::newRow("csv") << ExportFormat::Csv;
    QTest::newRow("json") << ExportFormat::Json;
}

void TestStoreVerifier::exportOfEmptyStoreIsValid()
{
    QFETCH(ExportFormat, format);
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QString error;
    QVERIFY2(exportEvents(*m_store, format, buffer, &error), qPrintable(error));
    if (format == ExportFormat::Csv) {
        const QList<QStringList> rows = parseCsv(QString::fromUtf8(buffer.data()));
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first(), ExportColumns);
    } else {
        const QJsonDocument document = QJsonDocument::fromJson(buffer.data());
        QVERIFY(document.isArray());
        QVERIFY(document.array().isEmpty());
    }
}

void TestStoreVerifier::exportReportsWriteErrors()
{
    buildCleanStore();
    FailingDevice device;
    QString error;
    QVERIFY(!exportEvents(*m_store, ExportFormat::Json, device, &error));
    QVERIFY2(error.contains(u"No space left on device"_s), qPrintable(error));

    QBuffer readOnly;
    QVERIFY(readOnly.open(QIODevice::ReadOnly));
    QVERIFY(!exportEvents(*m_store, ExportFormat::Csv, readOnly, &error));
    QVERIFY2(error.contains(u"not open for writing"_s), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestStoreVerifier)
#include "tst_storeverifier.moc"
