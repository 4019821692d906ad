#include "model/eventstore.h"
#include "model/orderrepository.h"
#include "model/snapshotstore.h"

#include "tests/support/teststores.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

// One long order: 50000 units in 1000 batches of 50, every 97th batch failing once before it
// succeeds, every 10th batch stored in the old schema (a single `count`).
constexpr qint64 Quantity = 50'000;
constexpr qint64 BatchSize = 50;
constexpr qint64 SnapshotEvery = 37;

QByteArray json(const OrderState &state)
{
    return QJsonDocument(state.toJson()).toJson(QJsonDocument::Compact);
}

qint64 newestSnapshotAtOrBelow(qint64 version)
{
    return version / SnapshotEvery * SnapshotEvery;
}

} // namespace

class TestOrderRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();

    void loadAtEveryVersionEqualsAFullReplay();
    void loadWithoutSnapshotsReplaysEveryEvent();
    void loadBeyondTheEndGivesTheLatestState();
    void loadOfAStreamWithNoEventsIsAnEmptyOrder();
    void unusableSnapshotIsIgnoredCountedAndNeverTrusted_data();
    void unusableSnapshotIsIgnoredCountedAndNeverTrusted();
    void loadOfAnUndecodableEventNamesIt();

private:
    bool appendDecision(const Decision &decision);

    QTemporaryDir m_dir;
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<SnapshotStore> m_snapshots;
    std::unique_ptr<OrderRepository> m_repository;
    QString m_stream = orderStreamId(1);
    QString m_otherStream = orderStreamId(2);
    Order m_order;
    // m_folded[v]: the state after the first v events, folded straight from the domain events.
    QList<OrderState> m_folded;
    // m_upcastUpTo[v]: how many of the first v events are stored in the old schema.
    QList<int> m_upcastUpTo;
};

bool TestOrderRepository::appendDecision(const Decision &decision)
{
    if (!decision.isAccepted()) {
        qWarning("rejected: %s", qPrintable(decision.rejection));
        return false;
    }
    QList<NewEvent> events;
    for (const DomainEvent &event : decision.events) {
        const qint64 version = m_order.state().version + 1;
        const QString eventId = u"%1/%2"_s.arg(m_stream).arg(version);
        NewEvent stored = NewEvent::fromDomainEvent(eventId, event, QJsonObject {}, version * 10);
        const auto *batch = std::get_if<BatchExecuted>(&event);
        const bool legacy = batch && batch->batchNo % 10 == 3;
        if (legacy) {
            stored.schemaVersion = 1;
            stored.payload = compactJson({ { u"batch_no"_s, batch->batchNo },
                                           { u"attempt"_s, batch->attempt },
                                           { u"count"_s, batch->delivered },
                                           { u"worker_id"_s, batch->workerId },
                                           { u"duration_ms"_s, batch->durationMs } });
        }
        events.append(stored);
        m_order.apply(event);
        m_folded.append(m_order.state());
        m_upcastUpTo.append(m_upcastUpTo.last() + (legacy ? 1 : 0));
    }
    const AppendResult result
        = m_store->append(m_stream, m_order.state().version - events.size(), events);
    if (result.status != AppendResult::Status::Appended) {
        qWarning("append failed: %s", qPrintable(result.error));
        return false;
    }
    return true;
}

void TestOrderRepository::initTestCase()
{
    TESTSTORES_INIT();
    QVERIFY(m_dir.isValid());
    QString error;
    m_store = EventStore::open(teststores::newStoreLocation(m_dir),
                               EventStore::Access::ReadWriteCreate, &error);
    QVERIFY2(m_store, qPrintable(error));
    m_snapshots = std::make_unique<SnapshotStore>(*m_store);
    m_repository = std::make_unique<OrderRepository>(*m_store, *m_snapshots);

    m_folded.append(OrderState {});
    m_upcastUpTo.append(0);
    QVERIFY(m_store->beginWrite());
    QVERIFY(appendDecision(m_order.place(
        { m_stream, u"customer-1"_s, u"followers"_s, Quantity, BatchSize, 2 * Quantity })));
    QVERIFY(appendDecision(m_order.deductPoints()));
    QVERIFY(appendDecision(m_order.start()));
    for (qint64 no = 1; no <= Quantity / BatchSize; ++no) {
        qint64 attempt = 1;
        if (no % 97 == 0)
            QVERIFY(
                appendDecision(m_order.failBatch({ no, attempt++, u"upstream timeout"_s, true })));
        QVERIFY(appendDecision(m_order.executeBatch(
            { no, attempt, BatchSize, BatchSize, u"worker-%1"_s.arg(no % 4), 800 })));
    }
    QCOMPARE(m_order.state().status, OrderStatus::Completed);
    QCOMPARE(m_order.state().batchesFailed, 10);
    QCOMPARE(m_order.state().version, 3 + 1000 + 10 + 1);

    // Another order, with a snapshot of its own, interleaved in the store.
    Order other;
    const Decision placed = other.place({ m_otherStream, u"c"_s, u"likes"_s, 100, 50, 10 });
    QVERIFY(placed.isAccepted());
    other.apply(placed.events.first());
    QCOMPARE(m_store
                 ->append(m_otherStream, 0,
                          { NewEvent::fromDomainEvent(u"other/1"_s, placed.events.first(),
                                                      QJsonObject {}, 0) })
                 .status,
             AppendResult::Status::Appended);
    QVERIFY(m_snapshots->save(m_otherStream, other.state(), 0) > 0);

    for (qint64 version = SnapshotEvery; version < m_folded.size(); version += SnapshotEvery) {
        const qint64 bytes = m_snapshots->save(m_stream, m_folded.at(version), version * 10);
        QVERIFY2(bytes > 0, qPrintable(m_snapshots->errorString()));
        QCOMPARE(bytes, json(m_folded.at(version)).size());
    }
    QVERIFY2(m_store->commit(), qPrintable(m_store->errorString()));
    QCOMPARE(m_snapshots->count(), 1 + (m_folded.size() - 1) / SnapshotEvery);
    QCOMPARE(m_store->streamVersion(m_stream), m_folded.size() - 1);
    QVERIFY(m_upcastUpTo.last() >= 100);
}

void TestOrderRepository::cleanup()
{
    // A test that changes the snapshots does so in a transaction; a failed one leaves it open.
    if (m_store && m_store->inTransaction())
        m_store->rollback();
}

void TestOrderRepository::loadAtEveryVersionEqualsAFullReplay()
{
    for (qint64 version = 0; version < m_folded.size(); ++version) {
        const LoadedOrder loaded = m_repository->load(m_stream, version);
        QVERIFY2(loaded.isLoaded(), qPrintable(loaded.error));
        const LoadedOrder replayed = m_repository->load(m_stream, version, false);
        QVERIFY2(replayed.isLoaded(), qPrintable(replayed.error));

        QCOMPARE(json(loaded.order.state()), json(m_folded.at(version)));
        QVERIFY(loaded.order.state() == m_folded.at(version));
        QVERIFY(replayed.order.state() == m_folded.at(version));

        const qint64 snapshot = newestSnapshotAtOrBelow(version);
        QCOMPARE(loaded.snapshotVersion, snapshot);
        QCOMPARE(loaded.eventsReplayed, version - snapshot);
        QCOMPARE(loaded.snapshotsIgnored, 0);
        QCOMPARE(loaded.upcastEvents, m_upcastUpTo.at(version) - m_upcastUpTo.at(snapshot));
    }
}

void TestOrderRepository::loadWithoutSnapshotsReplaysEveryEvent()
{
    for (qint64 version = 0; version < m_folded.size(); version += 13) {
        const LoadedOrder replayed = m_repository->load(m_stream, version, false);
        QVERIFY2(replayed.isLoaded(), qPrintable(replayed.error));
        QCOMPARE(replayed.snapshotVersion, 0);
        QCOMPARE(replayed.eventsReplayed, version);
        QCOMPARE(replayed.snapshotsIgnored, 0);
        QCOMPARE(replayed.upcastEvents, m_upcastUpTo.at(version));
    }
}

void TestOrderRepository::loadBeyondTheEndGivesTheLatestState()
{
    const qint64 end = m_folded.size() - 1;
    for (const qint64 version : { end + 1, end + 1000, OrderRepository::Latest }) {
        const LoadedOrder loaded = m_repository->load(m_stream, version);
        QVERIFY2(loaded.isLoaded(), qPrintable(loaded.error));
        QCOMPARE(json(loaded.order.state()), json(m_folded.last()));
        QCOMPARE(loaded.snapshotVersion, newestSnapshotAtOrBelow(end));
        QCOMPARE(loaded.eventsReplayed, end - newestSnapshotAtOrBelow(end));
    }
    const LoadedOrder other = m_repository->load(m_otherStream);
    QVERIFY2(other.isLoaded(), qPrintable(other.error));
    QCOMPARE(other.order.state().orderId, m_otherStream);
    QCOMPARE(other.order.state().quantity, 100);
    QCOMPARE(other.snapshotVersion, 1);
    QCOMPARE(other.eventsReplayed, 0);
}

void TestOrderRepository::loadOfAStreamWithNoEventsIsAnEmptyOrder()
{
    const LoadedOrder loaded = m_repository->load(orderStreamId(99));
    QVERIFY2(loaded.isLoaded(), qPrintable(loaded.error));
    QVERIFY(loaded.order.state() == OrderState {});
    QCOMPARE(loaded.eventsReplayed, 0);
    QCOMPARE(loaded.snapshotVersion, 0);
}

void TestOrderRepository::unusableSnapshotIsIgnoredCountedAndNeverTrusted_data()
{
    QTest::addColumn<qint64>("version");
    QTest::addColumn<int>("schemaVersion");
    QTest::addColumn<QVariant>("state"); // a string, or null

    // A state that would be wrong if it were used: it claims more than was delivered.
    OrderState tampered = m_folded.value(500);
    tampered.delivered += 1;
    const QString tamperedJson = QString::fromUtf8(json(tampered));
    const qint64 beside = 500; // between the regular snapshots at 481 and 518
    const qint64 replacing = 481;

    QTest::newRow("older schema_version beside a good one")
        << beside << 0 << QVariant(tamperedJson);
    QTest::newRow("newer schema_version beside a good one")
        << beside << 2 << QVariant(tamperedJson);
    QTest::newRow("newer schema_version in place of a good one")
        << replacing << 2 << QVariant(QString::fromUtf8(json(m_folded.value(replacing))));
    QTest::newRow("garbage state JSON") << beside << 1 << QVariant(u"{\"order_id\": \"order-0"_s);
    QTest::newRow("garbage in place of a good one") << replacing << 1 << QVariant(u"garbage"_s);
    QTest::newRow("state JSON that is not an object") << beside << 1 << QVariant(u"[1, 2]"_s);
    QTest::newRow("state JSON missing keys")
        << beside << 1 << QVariant(u"{\"order_id\": \"order-000001\", \"version\": 500}"_s);
    QTest::newRow("state of another version than its row")
        << beside << 1 << QVariant(QString::fromUtf8(json(m_folded.value(499))));
    QTest::newRow("no state at all") << beside << 1 << QVariant(QMetaType::fromType<QString>());
}

void TestOrderRepository::unusableSnapshotIsIgnoredCountedAndNeverTrusted()
{
    QFETCH(qint64, version);
    QFETCH(int, schemaVersion);
    QFETCH(QVariant, state);

    // Written in a transaction that cleanup() rolls back, so the other tests see the store as
    // initTestCase() left it.
    QVERIFY(m_store->beginWrite());
    QSqlQuery insert(m_store->database());
    QVERIFY(insert.prepare(u"INSERT INTO snapshots (stream_id, stream_version, "
                           "schema_version, state, taken_at) VALUES (?, ?, ?, ?, 0) "
                           "ON CONFLICT (stream_id, stream_version) DO UPDATE SET "
                           "schema_version = excluded.schema_version, state = excluded.state"_s));
    insert.bindValue(0, m_stream);
    insert.bindValue(1, version);
    insert.bindValue(2, schemaVersion);
    insert.bindValue(3, state);
    QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));

    const qint64 good = version == newestSnapshotAtOrBelow(version)
        ? version - SnapshotEvery
        : newestSnapshotAtOrBelow(version);
    const qint64 nextGood = newestSnapshotAtOrBelow(version) + SnapshotEvery;
    for (qint64 at = version - 40; at < nextGood + 5; ++at) {
        const LoadedOrder loaded = m_repository->load(m_stream, at);
        QVERIFY2(loaded.isLoaded(), qPrintable(loaded.error));
        QCOMPARE(json(loaded.order.state()), json(m_folded.at(at)));
        const bool reachesBad = at >= version && at < nextGood;
        const qint64 used = reachesBad ? good : newestSnapshotAtOrBelow(at);
        QCOMPARE(loaded.snapshotVersion, used);
        QCOMPARE(loaded.eventsReplayed, at - used);
        QCOMPARE(loaded.snapshotsIgnored, reachesBad ? 1 : 0);
    }
    m_store->rollback();
}

void TestOrderRepository::loadOfAnUndecodableEventNamesIt()
{
    const QString stream = orderStreamId(3);
    Order order;
    const Decision placed = order.place({ stream, u"c"_s, u"views"_s, 10, 5, 10 });
    QVERIFY(placed.isAccepted());
    NewEvent broken
        = NewEvent::fromDomainEvent(u"broken/2"_s, PointsDeducted { 10 }, QJsonObject {}, 0);
    broken.payload = R"({"amount":"ten"})";
    QVERIFY(m_store->beginWrite());
    QCOMPARE(m_store
                 ->append(stream, 0,
                          { NewEvent::fromDomainEvent(u"broken/1"_s, placed.events.first(),
                                                      QJsonObject {}, 0),
                            broken })
                 .status,
             AppendResult::Status::Appended);

    const LoadedOrder loaded = m_repository->load(stream);
    QVERIFY(!loaded.isLoaded());
    for (const QString &mention : { stream, u"version 2"_s, u"PointsDeducted"_s, u"'amount'"_s })
        QVERIFY2(loaded.error.contains(mention), qPrintable(loaded.error));
    // Up to the last good event it still loads.
    const LoadedOrder before = m_repository->load(stream, 1);
    QVERIFY2(before.isLoaded(), qPrintable(before.error));
    QCOMPARE(before.order.state().status, OrderStatus::Placed);
    m_store->rollback();
}

QTEST_GUILESS_MAIN(TestOrderRepository)
#include "tst_orderrepository.moc"
