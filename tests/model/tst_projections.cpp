#include "model/eventstore.h"
#include "model/order.h"
#include "model/ordersummaryprojection.h"
#include "model/projection.h"
#include "model/projectionrunner.h"
#include "model/servicestatsprojection.h"

#include "tests/support/teststores.h"

#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

using Command = std::function<Decision(const Order &)>;

// Writes order streams the way the application does: the aggregate decides, the store appends
// what it decided. Each event is recorded 100 ms after the previous one.
class OrderWriter
{
public:
    explicit OrderWriter(EventStore &store)
        : m_store(store)
    { }

    [[nodiscard]] bool run(const QString &orderId, const Command &command)
    {
        Order &order = m_orders[orderId];
        const Decision decision = command(order);
        if (!decision.isAccepted()) {
            m_error = orderId + u": "_s + decision.rejection;
            return false;
        }
        QList<NewEvent> events;
        for (const DomainEvent &event : decision.events)
            events.append(NewEvent::fromDomainEvent({}, event, EventMetadata {}, 0));
        if (!append(orderId, events))
            return false;
        for (const DomainEvent &event : decision.events)
            order.apply(event);
        return true;
    }

    // Appends a hand-built event (an old schema, a broken payload) and folds it into the
    // aggregate when it decodes.
    [[nodiscard]] bool appendRaw(const QString &orderId, const NewEvent &event)
    {
        if (!append(orderId, { event }))
            return false;
        const DecodedEvent decoded
            = decodeEvent(event.eventType, event.schemaVersion, event.payload);
        if (decoded.event)
            m_orders[orderId].apply(*decoded.event);
        return true;
    }

    const Order &order(const QString &orderId) const
    {
        static const Order none;
        const auto found = m_orders.constFind(orderId);
        return found == m_orders.cend() ? none : *found;
    }
    QString lastError() const { return m_error; }
    qint64 clock() const { return m_clock; }

private:
    // Gives the events their ids, metadata and clock, and appends them at the stream's version.
    bool append(const QString &orderId, QList<NewEvent> events)
    {
        if (events.isEmpty())
            return true;
        qint64 &version = m_versions[orderId];
        for (qsizetype i = 0; i < events.size(); ++i) {
            events[i].eventId = u"%1-v%2"_s.arg(orderId).arg(version + i + 1);
            events[i].metadata = compactJson(metadata(orderId));
            events[i].recordedAt = m_clock += 100;
        }
        const AppendResult result = m_store.append(orderId, version, events);
        if (result.status != AppendResult::Status::Appended) {
            m_error = orderId + u": "_s + result.error;
            return false;
        }
        version = result.streamVersion;
        return true;
    }

    static QJsonObject metadata(const QString &orderId)
    {
        return { { u"correlation_id"_s, orderId },
                 { u"causation_id"_s, QString() },
                 { u"run_id"_s, u"test-run"_s } };
    }

    EventStore &m_store;
    QMap<QString, Order> m_orders;
    QHash<QString, qint64> m_versions;
    QString m_error;
    qint64 m_clock = 0;
};

Command placeOrder(const QString &orderId, const QString &service, qint64 quantity)
{
    return [=](const Order &order) {
        return order.place(
            { orderId, u"customer-"_s + orderId.right(3), service, quantity, 50, 2 * quantity });
    };
}

Command pay()
{
    return [](const Order &order) { return order.deductPoints(); };
}

Command start()
{
    return [](const Order &order) { return order.start(); };
}

Command executeNextBatch()
{
    return [](const Order &order) {
        const OrderState &state = order.state();
        const qint64 size = std::min(state.batchSize, state.quantity - state.delivered);
        return order.executeBatch({ state.nextBatchNo, 1, size, size, u"worker-1"_s, 800 });
    };
}

Command failNextBatch(bool willRetry)
{
    return [=](const Order &order) {
        return order.failBatch({ order.state().nextBatchNo, 1,
                                 willRetry ? u"timeout"_s : u"provider refused"_s, willRetry });
    };
}

Command cancel()
{
    return [](const Order &order) { return order.cancel(u"changed my mind"_s, u"customer"_s); };
}

Command addNote(bool poison = false)
{
    return [=](const Order &order) { return order.addNote(u"from ordering v2"_s, poison); };
}

// Order n's commands: every kind of ending, cycling with n.
QList<Command> orderScript(int n)
{
    static const QStringList services { u"likes"_s, u"followers"_s, u"views"_s };
    const QString orderId = orderStreamId(n);
    const qint64 quantity = 120 + 37 * n;
    QList<Command> script { placeOrder(orderId, services.at(n % services.size()), quantity) };
    switch (n % 6) {
    case 0:
        script << [](const Order &order) { return order.failPayment(u"card declined"_s); };
        break;
    case 1:
        script << pay() << start();
        for (qint64 batch = 0; batch < (quantity + 49) / 50; ++batch)
            script << executeNextBatch();
        break;
    case 2:
        script << pay() << start() << executeNextBatch() << failNextBatch(true)
               << executeNextBatch() << failNextBatch(false);
        break;
    case 3:
        script << pay() << start() << executeNextBatch() << addNote() << cancel();
        break;
    case 4:
        script << pay() << addNote();
        break;
    case 5:
        script << pay() << start() << executeNextBatch() << executeNextBatch();
        break;
    }
    return script;
}

// Runs the scripts of orders 1..count round-robin, so that their events interleave in the
// global stream as concurrent orders do, and calls afterRound after each round.
bool writeMixedOrders(OrderWriter &writer, int count, const std::function<void()> &afterRound = {})
{
    QList<QList<Command>> scripts;
    for (int n = 1; n <= count; ++n)
        scripts.append(orderScript(n));
    for (qsizetype step = 0;; ++step) {
        bool any = false;
        for (int n = 1; n <= count; ++n) {
            if (step >= scripts.at(n - 1).size())
                continue;
            any = true;
            if (!writer.run(orderStreamId(n), scripts.at(n - 1).at(step)))
                return false;
        }
        if (!any)
            return true;
        if (afterRound)
            afterRound();
    }
}

// Every row of a query, each as its values joined by '|'.
QStringList dump(EventStore &store, const QString &sql)
{
    QStringList rows;
    QSqlQuery query(store.database());
    if (!query.exec(sql))
        return { u"query failed: "_s + query.lastError().text() };
    while (query.next()) {
        QStringList values;
        for (int i = 0; i < query.record().count(); ++i)
            values.append(query.value(i).isNull() ? u"NULL"_s : query.value(i).toString());
        rows.append(values.join(u'|'));
    }
    return rows;
}

QStringList dumpReadModels(EventStore &store)
{
    return dump(store, u"SELECT * FROM order_summary ORDER BY order_id"_s)
        + dump(store, u"SELECT * FROM service_stats ORDER BY service, status"_s)
        + dump(store, u"SELECT * FROM service_stats_orders ORDER BY order_id"_s);
}

// Both read models rebuilt from zero by runners of their own, dumped.
QStringList rebuiltReadModels(EventStore &store)
{
    OrderSummaryProjection orderSummary;
    ServiceStatsProjection serviceStats;
    for (Projection *projection :
         { static_cast<Projection *>(&orderSummary), static_cast<Projection *>(&serviceStats) }) {
        const auto progress = ProjectionRunner(store, *projection).rebuild(100, 0);
        if (!progress.isOk())
            return { u"rebuild failed: "_s + progress.error };
    }
    return dumpReadModels(store);
}

// service_stats as "service/status" -> {orders, quantity, delivered, points}.
QMap<QString, QList<qint64>> serviceStats(EventStore &store)
{
    QMap<QString, QList<qint64>> stats;
    QSqlQuery query(store.database());
    if (!query.exec(u"SELECT service, status, orders, quantity, delivered, points "
                    "FROM service_stats"_s))
        return stats;
    while (query.next()) {
        stats.insert(query.value(0).toString() + u'/' + query.value(1).toString(),
                     { query.value(2).toLongLong(), query.value(3).toLongLong(),
                       query.value(4).toLongLong(), query.value(5).toLongLong() });
    }
    return stats;
}

bool execSql(EventStore &store, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery query(store.database());
    if (!query.prepare(sql))
        return false;
    for (qsizetype i = 0; i < values.size(); ++i)
        query.bindValue(static_cast<int>(i), values.at(i));
    return query.exec();
}

// A projection whose store breaks: it writes the read model like order_summary, then fails with
// no handler failure to blame (no failedPosition).
class FailingAfterWrite final : public Projection
{
public:
    QString name() const override { return m_inner.name(); }
    ApplyResult apply(EventStore &store, const QList<RecordedEvent> &events,
                      const ProjectionOptions &options, ApplyMode mode) override
    {
        ApplyResult result = m_inner.apply(store, events, options, mode);
        if (result.isOk() && m_broken)
            result.error = u"store broke after writing the rows"_s;
        return result;
    }
    void setBroken(bool broken) { m_broken = broken; }
    bool clear(EventStore &store, QString *error) override { return m_inner.clear(store, error); }
    QStringList differencesFromFreshFold(EventStore &store, qint64 position,
                                         const QSet<qint64> &excluded) override
    {
        return m_inner.differencesFromFreshFold(store, position, excluded);
    }

private:
    OrderSummaryProjection m_inner;
    bool m_broken = true;
};

} // namespace

class TestProjections : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void standardProjectionsAreOrderSummaryThenServiceStats();
    void orderSummaryRowFollowsTheOrderThroughItsLife();
    void orderSummaryMatchesTheAggregateOfEveryOrder();
    void orderSummaryIgnoresADuplicateDelivery();
    void serviceStatsMoveAnOrderBetweenStatusBuckets();
    void checkpointCommitsWithTheReadModel();
    void failedApplyLeavesCheckpointAndReadModelUnchanged();
    void undecodablePayloadIsAHandlerFailureNamingItsPosition();
    void poisonNoteFailsTheHandlersNamingItsPosition();
    void poisonNoteIsAPlainNoteOnceTheHandlerIsFixed();
    void pollAppliesAtMostTheBatchSize();
    void catchUpReachesTheHeadInBatches();
    void catchUpStopsWhenTheCallbackSaysSo();
    void lagCountsEventsAndMillisecondsToTheOldestUnprocessedEvent();
    void rebuildFromZeroEqualsTheLiveProjection_data();
    void rebuildFromZeroEqualsTheLiveProjection();
    void pollsInsideAGroupEqualTheRebuild_data();
    void pollsInsideAGroupEqualTheRebuild();
    void bufferedPollsCommitAndRollBackWithTheirGroup();
    void failedBufferedPollKeepsTheCheckpointOfTheGroupsEarlierPolls();
    void bufferedProjectorsOnTwoConnectionsEqualTheRebuild();
    void freshFoldFindsNothingWhenCaughtUp();
    void freshFoldNamesTheTamperedRowAndColumn();
    void freshFoldNamesMissingAndExtraRows();
    void freshFoldCapsItsList();
    void version1BatchExecutedCountsAsDelivered();

private:
    bool catchUpAll(int batchSize = 100);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<OrderWriter> m_writer;
    OrderSummaryProjection m_orderSummary;
    ServiceStatsProjection m_serviceStats;
};

void TestProjections::initTestCase()
{
    TESTSTORES_INIT();
}

void TestProjections::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QString error;
    m_store = EventStore::open(teststores::newStoreLocation(*m_dir),
                               EventStore::Access::ReadWriteCreate, &error);
    QVERIFY2(m_store, qPrintable(error));
    m_writer = std::make_unique<OrderWriter>(*m_store);
}

void TestProjections::cleanup()
{
    m_writer.reset();
    m_store.reset();
    m_dir.reset();
}

bool TestProjections::catchUpAll(int batchSize)
{
    for (Projection *projection : { static_cast<Projection *>(&m_orderSummary),
                                    static_cast<Projection *>(&m_serviceStats) }) {
        ProjectionRunner runner(*m_store, *projection);
        const auto progress = runner.catchUp(batchSize, m_writer->clock());
        if (!progress.isOk()) {
            qWarning("%s", qPrintable(progress.error));
            return false;
        }
    }
    return true;
}

void TestProjections::standardProjectionsAreOrderSummaryThenServiceStats()
{
    const auto projections = createStandardProjections();
    QCOMPARE(projections.size(), 2u);
    QCOMPARE(projections.at(0)->name(), u"order_summary"_s);
    QCOMPARE(projections.at(1)->name(), u"service_stats"_s);
    QCOMPARE(standardProjectionNames(), QStringList({ u"order_summary"_s, u"service_stats"_s }));
}

void TestProjections::orderSummaryRowFollowsTheOrderThroughItsLife()
{
    const QString id = orderStreamId(42);
    const auto row = [&] {
        return dump(*m_store,
                    u"SELECT customer_id, service, status, quantity, delivered, "
                    "progress_pct, batches_executed, batches_failed, points_charged, "
                    "points_refunded, last_failure_reason, last_position "
                    "FROM order_summary WHERE order_id = 'order-000042'"_s);
    };

    QVERIFY2(m_writer->run(id, placeOrder(id, u"likes"_s, 200)), qPrintable(m_writer->lastError()));
    QVERIFY(catchUpAll());
    QCOMPARE(row(), QStringList { u"customer-042|likes|placed|200|0|0|0|0|0|0|NULL|1"_s });

    for (const Command &command :
         { pay(), start(), executeNextBatch(), failNextBatch(true), executeNextBatch() })
        QVERIFY2(m_writer->run(id, command), qPrintable(m_writer->lastError()));
    QVERIFY(catchUpAll(2));
    QCOMPARE(row(),
             QStringList { u"customer-042|likes|in_progress|200|100|50|2|1|400|0|timeout|6"_s });

    // A note changes nothing but the position of the last event.
    QVERIFY(m_writer->run(id, addNote()));
    QVERIFY(catchUpAll());
    QCOMPARE(row(),
             QStringList { u"customer-042|likes|in_progress|200|100|50|2|1|400|0|timeout|7"_s });

    // Cancelling refunds the undelivered half in the same append.
    QVERIFY(m_writer->run(id, cancel()));
    QVERIFY(catchUpAll());
    QCOMPARE(row(),
             QStringList { u"customer-042|likes|cancelled|200|100|50|2|1|400|200|timeout|9"_s });
}

void TestProjections::orderSummaryMatchesTheAggregateOfEveryOrder()
{
    QVERIFY2(writeMixedOrders(*m_writer, 12), qPrintable(m_writer->lastError()));
    QVERIFY(catchUpAll(10));

    QSqlQuery query(m_store->database());
    QVERIFY(query.exec(u"SELECT order_id, status, quantity, delivered, progress_pct, "
                       "batches_executed, batches_failed, points_charged, points_refunded, "
                       "last_failure_reason, last_position FROM order_summary"_s));
    int rows = 0;
    while (query.next()) {
        ++rows;
        const QString id = query.value(0).toString();
        const OrderState &state = m_writer->order(id).state();
        QCOMPARE(query.value(1).toString(), orderStatusName(state.status));
        QCOMPARE(query.value(2).toLongLong(), state.quantity);
        QCOMPARE(query.value(3).toLongLong(), state.delivered);
        QCOMPARE(query.value(4).toDouble(), 100.0 * state.delivered / state.quantity);
        QCOMPARE(query.value(5).toLongLong(), state.batchesExecuted);
        QCOMPARE(query.value(6).toLongLong(), state.batchesFailed);
        QCOMPARE(query.value(7).toLongLong(), state.pointsCharged);
        QCOMPARE(query.value(8).toLongLong(), state.pointsRefunded);
        QCOMPARE(query.value(9).isNull(), !state.lastFailure.has_value());
        if (state.lastFailure)
            QCOMPARE(query.value(9).toString(), state.lastFailure->reason);
        QCOMPARE(query.value(10).toLongLong(), m_store->readStream(id).last().globalPosition);
    }
    QCOMPARE(rows, 12);
}

void TestProjections::orderSummaryIgnoresADuplicateDelivery()
{
    QVERIFY2(writeMixedOrders(*m_writer, 6), qPrintable(m_writer->lastError()));
    QVERIFY(catchUpAll());
    const QStringList before = dump(*m_store, u"SELECT * FROM order_summary ORDER BY order_id"_s);

    // At-least-once delivery hands the projection events it has already applied.
    const QList<RecordedEvent> again = m_store->readAll(10, 20);
    QVERIFY(m_store->beginWrite());
    const ApplyResult result = m_orderSummary.apply(*m_store, again, {}, ApplyMode::Deliver);
    QVERIFY2(result.isOk(), qPrintable(result.error));
    QVERIFY(m_store->commit());
    QCOMPARE(result.applied, 0);
    QCOMPARE(result.ignored, again.size());
    QCOMPARE(dump(*m_store, u"SELECT * FROM order_summary ORDER BY order_id"_s), before);
}

void TestProjections::serviceStatsMoveAnOrderBetweenStatusBuckets()
{
    const QString first = orderStreamId(1), second = orderStreamId(2), third = orderStreamId(3);
    QVERIFY(m_writer->run(first, placeOrder(first, u"likes"_s, 100)));
    QVERIFY(m_writer->run(second, placeOrder(second, u"likes"_s, 300)));
    QVERIFY(m_writer->run(third, placeOrder(third, u"followers"_s, 50)));
    QVERIFY(catchUpAll());
    using Stats = QMap<QString, QList<qint64>>;
    QCOMPARE(serviceStats(*m_store),
             (Stats { { u"likes/placed"_s, { 2, 400, 0, 0 } },
                      { u"followers/placed"_s, { 1, 50, 0, 0 } } }));

    QVERIFY(m_writer->run(first, pay()));
    QVERIFY(catchUpAll());
    QCOMPARE(serviceStats(*m_store),
             (Stats { { u"likes/placed"_s, { 1, 300, 0, 0 } },
                      { u"likes/paid"_s, { 1, 100, 0, 200 } },
                      { u"followers/placed"_s, { 1, 50, 0, 0 } } }));

    // The paid bucket empties and its row goes.
    QVERIFY(m_writer->run(first, start()));
    QVERIFY(m_writer->run(first, executeNextBatch()));
    QVERIFY(catchUpAll());
    QCOMPARE(serviceStats(*m_store),
             (Stats { { u"likes/placed"_s, { 1, 300, 0, 0 } },
                      { u"likes/in_progress"_s, { 1, 100, 50, 200 } },
                      { u"followers/placed"_s, { 1, 50, 0, 0 } } }));

    QVERIFY(m_writer->run(first, cancel()));
    QVERIFY(m_writer->run(second, pay()));
    QVERIFY(catchUpAll());
    QCOMPARE(serviceStats(*m_store),
             (Stats { { u"likes/paid"_s, { 1, 300, 0, 600 } },
                      { u"likes/cancelled"_s, { 1, 100, 50, 100 } },
                      { u"followers/placed"_s, { 1, 50, 0, 0 } } }));
    QCOMPARE(dump(*m_store, u"SELECT * FROM service_stats_orders ORDER BY order_id"_s),
             QStringList({ u"order-000001|likes|cancelled|100|50|100|8"_s,
                           u"order-000002|likes|paid|300|0|600|9"_s,
                           u"order-000003|followers|placed|50|0|0|3"_s }));
}

void TestProjections::checkpointCommitsWithTheReadModel()
{
    QVERIFY2(writeMixedOrders(*m_writer, 3), qPrintable(m_writer->lastError()));
    ProjectionRunner runner(*m_store, m_orderSummary);
    QCOMPARE(runner.checkpoint(), 0);

    const auto progress = runner.poll(5, 12345);
    QVERIFY2(progress.isOk(), qPrintable(progress.error));
    QCOMPARE(progress.checkpoint, 5);
    QVERIFY(!m_store->inTransaction());

    // Another connection sees the checkpoint and the rows it covers together.
    QString error;
    const auto reader = EventStore::open(m_store->location(), EventStore::Access::ReadOnly, &error);
    QVERIFY2(reader, qPrintable(error));
    QCOMPARE(dump(*reader,
                  u"SELECT position, updated_at FROM checkpoints "
                  "WHERE projection = 'order_summary'"_s),
             QStringList { u"5|12345"_s });
    QCOMPARE(dump(*reader, u"SELECT MAX(last_position) FROM order_summary"_s),
             QStringList { u"5"_s });
}

void TestProjections::failedApplyLeavesCheckpointAndReadModelUnchanged()
{
    QVERIFY2(writeMixedOrders(*m_writer, 6), qPrintable(m_writer->lastError()));
    ProjectionRunner good(*m_store, m_orderSummary);
    QVERIFY(good.poll(10, 1000).isOk());
    const QStringList rowsBefore = dump(*m_store, u"SELECT * FROM order_summary"_s);
    const QStringList checkpointBefore = dump(*m_store, u"SELECT * FROM checkpoints"_s);

    FailingAfterWrite buggy;
    ProjectionRunner runner(*m_store, buggy);
    const auto progress = runner.poll(10, 2000);
    QVERIFY(!progress.isOk());
    QVERIFY2(progress.error.contains(u"store broke"_s), qPrintable(progress.error));
    QCOMPARE(progress.applied, 0);
    QVERIFY(!m_store->inTransaction());
    QCOMPARE(runner.checkpoint(), 10);
    QCOMPARE(dump(*m_store, u"SELECT * FROM order_summary"_s), rowsBefore);
    QCOMPARE(dump(*m_store, u"SELECT * FROM checkpoints"_s), checkpointBefore);

    // The next poll of a working handler goes on from where the committed batch ended.
    const auto next = good.poll(10, 3000);
    QVERIFY2(next.isOk(), qPrintable(next.error));
    QCOMPARE(next.checkpoint, 20);
}

void TestProjections::undecodablePayloadIsAHandlerFailureNamingItsPosition()
{
    const QString id = orderStreamId(1);
    QVERIFY(m_writer->run(id, placeOrder(id, u"views"_s, 100)));
    NewEvent broken;
    broken.eventType = u"PointsDeducted"_s;
    broken.payload = R"({"amount":"lots"})";
    QVERIFY2(m_writer->appendRaw(id, broken), qPrintable(m_writer->lastError()));

    ProjectionOptions stop;
    stop.failurePolicy = ProjectionOptions::FailurePolicy::Stop;
    for (Projection *projection : { static_cast<Projection *>(&m_orderSummary),
                                    static_cast<Projection *>(&m_serviceStats) }) {
        ProjectionRunner runner(*m_store, *projection, stop);
        const auto progress = runner.catchUp(10, 0);
        QVERIFY2(progress.isOk(), qPrintable(progress.error));
        QCOMPARE(progress.haltedAt, 2);
        QVERIFY2(progress.haltReason.contains(u"event 2 "_s), qPrintable(progress.haltReason));
        QVERIFY2(progress.haltReason.contains(u"amount"_s), qPrintable(progress.haltReason));
        QCOMPARE(progress.applied, 1);
        QCOMPARE(runner.checkpoint(), 1);
    }
    QCOMPARE(dump(*m_store, u"SELECT order_id, status, last_position FROM order_summary"_s),
             QStringList { u"order-000001|placed|1"_s });
}

void TestProjections::poisonNoteFailsTheHandlersNamingItsPosition()
{
    const QString id = orderStreamId(1);
    QVERIFY(m_writer->run(id, placeOrder(id, u"likes"_s, 100)));
    QVERIFY(m_writer->run(id, pay()));
    QVERIFY(catchUpAll());
    QVERIFY(m_writer->run(id, addNote(true)));

    ProjectionOptions stop;
    stop.failurePolicy = ProjectionOptions::FailurePolicy::Stop;
    for (Projection *projection : { static_cast<Projection *>(&m_orderSummary),
                                    static_cast<Projection *>(&m_serviceStats) }) {
        ProjectionRunner runner(*m_store, *projection, stop);
        const auto progress = runner.poll(10, 0);
        QVERIFY2(progress.isOk(), qPrintable(progress.error));
        QCOMPARE(progress.haltedAt, 3);
        QVERIFY2(progress.haltReason.contains(u"event 3 in order-000001"_s),
                 qPrintable(progress.haltReason));
        QVERIFY2(progress.haltReason.contains(u"poison"_s), qPrintable(progress.haltReason));
        QCOMPARE(progress.applied, 0);
        QCOMPARE(runner.checkpoint(), 2);
        QCOMPARE(projection->differencesFromFreshFold(*m_store, 2), QStringList());
        // Parked, the note is left out of the fresh fold as it is out of the read model.
        QCOMPARE(projection->differencesFromFreshFold(*m_store, 3, { 3 }), QStringList());
    }
}

void TestProjections::poisonNoteIsAPlainNoteOnceTheHandlerIsFixed()
{
    const QString id = orderStreamId(1);
    for (const Command &command : { placeOrder(id, u"likes"_s, 100), pay(), addNote(true) })
        QVERIFY2(m_writer->run(id, command), qPrintable(m_writer->lastError()));

    ProjectionOptions fixed;
    fixed.poisonFails = false;
    for (Projection *projection : { static_cast<Projection *>(&m_orderSummary),
                                    static_cast<Projection *>(&m_serviceStats) }) {
        ProjectionRunner runner(*m_store, *projection, fixed);
        const auto progress = runner.catchUp(10, 0);
        QVERIFY2(progress.isOk(), qPrintable(progress.error));
        QCOMPARE(progress.applied, 3);
        QCOMPARE(progress.parked, 0);
        QCOMPARE(projection->differencesFromFreshFold(*m_store, 3), QStringList());
    }
    QCOMPARE(dump(*m_store, u"SELECT status, last_position FROM order_summary"_s),
             QStringList { u"paid|3"_s });
}

void TestProjections::pollAppliesAtMostTheBatchSize()
{
    QVERIFY2(writeMixedOrders(*m_writer, 2), qPrintable(m_writer->lastError()));
    const qint64 head = m_store->headPosition();
    QCOMPARE(head, 17); // order 1: 8 events, order 2: 9

    ProjectionRunner runner(*m_store, m_serviceStats);
    QList<qint64> applied, checkpoints;
    for (int i = 0; i < 4; ++i) {
        const auto progress = runner.poll(7, 0);
        QVERIFY2(progress.isOk(), qPrintable(progress.error));
        QCOMPARE(progress.head, head);
        applied.append(progress.applied);
        checkpoints.append(progress.checkpoint);
    }
    QCOMPARE(applied, (QList<qint64> { 7, 7, 3, 0 }));
    QCOMPARE(checkpoints, (QList<qint64> { 7, 14, 17, 17 }));
    QCOMPARE(runner.checkpoint(), 17);

    QVERIFY(!runner.poll(0, 0).isOk());
}

void TestProjections::catchUpReachesTheHeadInBatches()
{
    QVERIFY2(writeMixedOrders(*m_writer, 6), qPrintable(m_writer->lastError()));
    const qint64 head = m_store->headPosition();

    ProjectionRunner runner(*m_store, m_orderSummary);
    QList<qint64> seen;
    const auto progress = runner.catchUp(10, 0, [&](const ProjectionRunner::Progress &so_far) {
        seen.append(so_far.checkpoint);
        return true;
    });
    QVERIFY2(progress.isOk(), qPrintable(progress.error));
    QCOMPARE(progress.applied, head);
    QCOMPARE(progress.checkpoint, head);
    QCOMPARE(progress.head, head);
    QCOMPARE(seen.size(), (head + 9) / 10);
    QCOMPARE(seen.last(), head);
    QCOMPARE(runner.lag(0).lagEvents, 0);

    // Caught up, it has nothing to do.
    const auto again = runner.catchUp(10, 0);
    QVERIFY(again.isOk());
    QCOMPARE(again.applied, 0);
}

void TestProjections::catchUpStopsWhenTheCallbackSaysSo()
{
    QVERIFY2(writeMixedOrders(*m_writer, 6), qPrintable(m_writer->lastError()));
    ProjectionRunner runner(*m_store, m_orderSummary);
    int batches = 0;
    const auto progress
        = runner.catchUp(4, 0, [&](const ProjectionRunner::Progress &) { return ++batches < 2; });
    QVERIFY(progress.isOk());
    QCOMPARE(batches, 2);
    QCOMPARE(progress.applied, 8);
    QCOMPARE(runner.checkpoint(), 8);
}

void TestProjections::lagCountsEventsAndMillisecondsToTheOldestUnprocessedEvent()
{
    QVERIFY2(writeMixedOrders(*m_writer, 2), qPrintable(m_writer->lastError()));
    // Event n was recorded at n * 100 ms.
    ProjectionRunner runner(*m_store, m_orderSummary);
    ProjectionLag lag = runner.lag(5000);
    QVERIFY(lag.error.isEmpty());
    QCOMPARE(lag.head, 17);
    QCOMPARE(lag.checkpoint, 0);
    QCOMPARE(lag.lagEvents, 17);
    QCOMPARE(lag.lagMs, 4900);

    QVERIFY(runner.poll(5, 5000).isOk());
    lag = runner.lag(5000);
    QCOMPARE(lag.checkpoint, 5);
    QCOMPARE(lag.lagEvents, 12);
    QCOMPARE(lag.lagMs, 5000 - 600);

    // A clock behind the oldest unprocessed event gives no lag rather than a negative one.
    QCOMPARE(runner.lag(100).lagMs, 0);

    QVERIFY(runner.catchUp(5, 5000).isOk());
    lag = runner.lag(9000);
    QCOMPARE(lag.lagEvents, 0);
    QCOMPARE(lag.lagMs, 0);
}

void TestProjections::rebuildFromZeroEqualsTheLiveProjection_data()
{
    QTest::addColumn<int>("liveBatchSize");
    QTest::addColumn<int>("rebuildBatchSize");
    QTest::newRow("one event a poll") << 1 << 7;
    QTest::newRow("4 a poll") << 4 << 7;
    QTest::newRow("25 a poll") << 25 << 7;
    QTest::newRow("everything a poll") << 1000 << 7;
    // eslab rebuild's batch holds every event here: each order's events fold into its rows in
    // memory, which are written once.
    QTest::newRow("one event a poll, rebuilt in one batch")
        << 1 << ProjectionRunner::BulkBatchSize;
}

void TestProjections::rebuildFromZeroEqualsTheLiveProjection()
{
    QFETCH(int, liveBatchSize);
    QFETCH(int, rebuildBatchSize);
    ProjectionRunner orderSummary(*m_store, m_orderSummary);
    ProjectionRunner serviceStats(*m_store, m_serviceStats);

    // Live: the projectors poll while the orders are being written.
    bool polled = true;
    const bool written = writeMixedOrders(*m_writer, 18, [&] {
        polled = polled && orderSummary.poll(liveBatchSize, m_writer->clock()).isOk()
            && serviceStats.poll(liveBatchSize, m_writer->clock()).isOk();
    });
    QVERIFY2(written, qPrintable(m_writer->lastError()));
    QVERIFY(polled);
    QVERIFY(orderSummary.catchUp(liveBatchSize, m_writer->clock()).isOk());
    QVERIFY(serviceStats.catchUp(liveBatchSize, m_writer->clock()).isOk());
    const QStringList live = dumpReadModels(*m_store);
    QCOMPARE(dump(*m_store, u"SELECT COUNT(*) FROM order_summary"_s), QStringList { u"18"_s });

    const qint64 head = m_store->headPosition();
    for (ProjectionRunner *runner : { &orderSummary, &serviceStats }) {
        qint64 lastReported = 0;
        const auto progress
            = runner->rebuild(rebuildBatchSize, 0, [&](const ProjectionRunner::Progress &p) {
                  lastReported = p.checkpoint;
                  return true;
              });
        QVERIFY2(progress.isOk(), qPrintable(progress.error));
        QCOMPARE(progress.applied, head);
        QCOMPARE(lastReported, head);
    }
    QCOMPARE(dumpReadModels(*m_store), live);
}

void TestProjections::pollsInsideAGroupEqualTheRebuild_data()
{
    QTest::addColumn<bool>("buffered");
    QTest::newRow("rows written by each poll") << false;
    QTest::newRow("rows held until the group commits, as a run's") << true;
}

void TestProjections::pollsInsideAGroupEqualTheRebuild()
{
    QFETCH(bool, buffered);
    ProjectionRunner orderSummary(*m_store, m_orderSummary);
    ProjectionRunner serviceStats(*m_store, m_serviceStats);
    orderSummary.setBuffered(buffered);
    serviceStats.setBuffered(buffered);

    // One group transaction, as a run's: the polls follow the group's appends, and every third
    // poll of order_summary crashes before its checkpoint, which rolls its savepoint back.
    QVERIFY(m_store->beginWrite());
    PollFaults crash;
    crash.crashBeforeCheckpoint = true;
    int round = 0;
    bool polled = true;
    const bool written = writeMixedOrders(*m_writer, 18, [&] {
        const bool crashes = ++round % 3 == 0;
        const auto summary
            = orderSummary.poll(4, m_writer->clock(), crashes ? crash : PollFaults {});
        polled = polled && summary.isOk() && summary.crashed == crashes
            && serviceStats.poll(4, m_writer->clock()).isOk();
    });
    QVERIFY2(written, qPrintable(m_writer->lastError()));
    QVERIFY(polled);
    QVERIFY(orderSummary.catchUp(4, m_writer->clock()).isOk());
    QVERIFY(serviceStats.catchUp(4, m_writer->clock()).isOk());
    QVERIFY2(m_store->commit(), qPrintable(m_store->errorString()));
    const qint64 head = m_store->headPosition();
    QCOMPARE(orderSummary.checkpoint(), head);
    QCOMPARE(serviceStats.checkpoint(), head);
    const QStringList live = dumpReadModels(*m_store);

    for (ProjectionRunner *runner : { &orderSummary, &serviceStats })
        QVERIFY(runner->rebuild(ProjectionRunner::BulkBatchSize, 0).isOk());
    QCOMPARE(dumpReadModels(*m_store), live);
}

void TestProjections::bufferedPollsCommitAndRollBackWithTheirGroup()
{
    ProjectionRunner orderSummary(*m_store, m_orderSummary);
    ProjectionRunner serviceStats(*m_store, m_serviceStats);
    orderSummary.setBuffered(true);
    serviceStats.setBuffered(true);
    const auto pollBoth = [&] {
        return orderSummary.poll(100, m_writer->clock()).isOk()
            && serviceStats.poll(100, m_writer->clock()).isOk();
    };
    const QString checkpoints
        = u"SELECT projection, position FROM checkpoints ORDER BY projection"_s;

    // A group that commits stores its polls' rows and checkpoints with its events.
    QVERIFY(m_store->beginWrite());
    QVERIFY2(writeMixedOrders(*m_writer, 6), qPrintable(m_writer->lastError()));
    QVERIFY(pollBoth());
    const qint64 committedHead = m_store->headPosition();
    QCOMPARE(orderSummary.checkpoint(), committedHead);
    QVERIFY2(m_store->commit(), qPrintable(m_store->errorString()));
    const QString head = QString::number(committedHead);
    QCOMPARE(dump(*m_store, checkpoints),
             QStringList({ u"order_summary|"_s + head, u"service_stats|"_s + head }));
    const QStringList committed = dumpReadModels(*m_store);
    QVERIFY(committed.size() > 6);

    // A group that rolls back takes its polls with it: no checkpoint passes the head, and the
    // read models are as the last commit left them.
    {
        OrderWriter doomed(*m_store);
        QVERIFY(m_store->beginWrite());
        for (const Command &command : orderScript(5))
            QVERIFY(doomed.run(orderStreamId(101), command));
        QVERIFY(pollBoth());
        QVERIFY(orderSummary.checkpoint() > committedHead);
        m_store->rollback();
    }
    QCOMPARE(orderSummary.checkpoint(), committedHead);
    QCOMPARE(serviceStats.checkpoint(), committedHead);
    QCOMPARE(dump(*m_store, checkpoints),
             QStringList({ u"order_summary|"_s + head, u"service_stats|"_s + head }));
    QCOMPARE(dumpReadModels(*m_store), committed);

    // The next group goes on from the committed checkpoint.
    OrderWriter next(*m_store);
    QVERIFY(m_store->beginWrite());
    for (const Command &command : orderScript(5))
        QVERIFY(next.run(orderStreamId(102), command));
    QVERIFY(pollBoth());
    QVERIFY2(m_store->commit(), qPrintable(m_store->errorString()));
    QCOMPARE(orderSummary.checkpoint(), m_store->headPosition());
    const QStringList live = dumpReadModels(*m_store);
    QCOMPARE(rebuiltReadModels(*m_store), live);
}

void TestProjections::failedBufferedPollKeepsTheCheckpointOfTheGroupsEarlierPolls()
{
    FailingAfterWrite flaky;
    flaky.setBroken(false);
    ProjectionRunner runner(*m_store, flaky);
    runner.setBuffered(true);
    QVERIFY(m_store->beginWrite());
    QVERIFY2(writeMixedOrders(*m_writer, 6), qPrintable(m_writer->lastError()));
    QVERIFY(runner.poll(10, 1000).isOk());
    QCOMPARE(runner.checkpoint(), 10);

    flaky.setBroken(true);
    const auto failed = runner.poll(10, 2000);
    QVERIFY(!failed.isOk());
    QVERIFY2(failed.error.contains(u"store broke"_s), qPrintable(failed.error));
    // Only the failed poll is undone: the group and its earlier poll go on.
    QVERIFY(m_store->inTransaction());
    QCOMPARE(runner.checkpoint(), 10);
    QVERIFY2(m_store->commit(), qPrintable(m_store->errorString()));
    QCOMPARE(dump(*m_store, u"SELECT projection, position, updated_at FROM checkpoints"_s),
             QStringList { u"order_summary|10|1000"_s });
    QCOMPARE(dump(*m_store, u"SELECT MAX(last_position) FROM order_summary"_s),
             QStringList { u"10"_s });
}

void TestProjections::bufferedProjectorsOnTwoConnectionsEqualTheRebuild()
{
    // Two writers of one store, each with buffered projectors, take turns in groups. Each must
    // see what the other committed: service_stats' buckets are shared by every order.
    QString error;
    const auto other = EventStore::open(m_store->location(), EventStore::Access::ReadWrite, &error);
    QVERIFY2(other, qPrintable(error));
    OrderWriter otherWriter(*other);
    OrderSummaryProjection otherSummary;
    ServiceStatsProjection otherStats;
    ProjectionRunner summaryHere(*m_store, m_orderSummary);
    ProjectionRunner statsHere(*m_store, m_serviceStats);
    ProjectionRunner summaryThere(*other, otherSummary);
    ProjectionRunner statsThere(*other, otherStats);
    for (ProjectionRunner *runner : { &summaryHere, &statsHere, &summaryThere, &statsThere })
        runner->setBuffered(true);

    QList<QList<Command>> scripts;
    for (int n = 1; n <= 12; ++n)
        scripts.append(orderScript(n));
    const auto group = [&](EventStore &store, OrderWriter &writer, int firstOrder,
                           ProjectionRunner &summary, ProjectionRunner &stats, qsizetype step) {
        if (!store.beginWrite())
            return false;
        for (int n = 1; n <= 12; ++n) {
            if (step < scripts.at(n - 1).size()
                && !writer.run(orderStreamId(firstOrder + n), scripts.at(n - 1).at(step)))
                return false;
        }
        return summary.poll(50, writer.clock()).isOk() && stats.poll(50, writer.clock()).isOk()
            && store.commit();
    };
    for (qsizetype step = 0; step < 6; ++step) {
        QVERIFY(group(*m_store, *m_writer, 0, summaryHere, statsHere, step));
        QVERIFY(group(*other, otherWriter, 100, summaryThere, statsThere, step));
    }
    QVERIFY(summaryHere.catchUp(50, 0).isOk());
    QVERIFY(statsHere.catchUp(50, 0).isOk());
    QCOMPARE(summaryHere.checkpoint(), m_store->headPosition());
    const QStringList live = dumpReadModels(*m_store);
    QVERIFY(live.size() > 24);

    QCOMPARE(rebuiltReadModels(*m_store), live);
}

void TestProjections::freshFoldFindsNothingWhenCaughtUp()
{
    QVERIFY2(writeMixedOrders(*m_writer, 12), qPrintable(m_writer->lastError()));
    QVERIFY(catchUpAll(9));
    const qint64 head = m_store->headPosition();
    QCOMPARE(m_orderSummary.differencesFromFreshFold(*m_store, head), QStringList());
    QCOMPARE(m_serviceStats.differencesFromFreshFold(*m_store, head), QStringList());
}

void TestProjections::freshFoldNamesTheTamperedRowAndColumn()
{
    QVERIFY2(writeMixedOrders(*m_writer, 12), qPrintable(m_writer->lastError()));
    QVERIFY(catchUpAll());
    const qint64 head = m_store->headPosition();
    QVERIFY(execSql(*m_store, u"UPDATE order_summary SET delivered = 7 WHERE order_id = ?"_s,
                    { u"order-000005"_s }));
    QVERIFY(execSql(*m_store,
                    u"UPDATE service_stats SET points = 1 WHERE service = ? AND status = ?"_s,
                    { u"followers"_s, u"paid"_s }));

    QCOMPARE(m_orderSummary.differencesFromFreshFold(*m_store, head),
             QStringList { u"order_summary order-000005: delivered is 7, "
                           "a fresh fold gives 100"_s });
    const QStringList stats = m_serviceStats.differencesFromFreshFold(*m_store, head);
    QCOMPARE(stats.size(), 1);
    QVERIFY2(stats.first().startsWith(u"service_stats followers/paid: points is 1, "_s),
             qPrintable(stats.first()));
}

void TestProjections::freshFoldNamesMissingAndExtraRows()
{
    QVERIFY2(writeMixedOrders(*m_writer, 6), qPrintable(m_writer->lastError()));
    QVERIFY(catchUpAll());
    const qint64 head = m_store->headPosition();
    QVERIFY(execSql(*m_store, u"DELETE FROM order_summary WHERE order_id = ?"_s,
                    { u"order-000002"_s }));
    QVERIFY(execSql(*m_store, u"INSERT INTO service_stats_orders VALUES (?, ?, ?, 1, 0, 0, 1)"_s,
                    { u"order-999999"_s, u"likes"_s, u"placed"_s }));

    QCOMPARE(m_orderSummary.differencesFromFreshFold(*m_store, head),
             QStringList { u"order_summary order-000002: no row, but a fresh fold has one"_s });
    QCOMPARE(m_serviceStats.differencesFromFreshFold(*m_store, head),
             QStringList { u"service_stats_orders order-999999: a row that a fresh fold does "
                           "not have"_s });
}

void TestProjections::freshFoldCapsItsList()
{
    QVERIFY2(writeMixedOrders(*m_writer, 60), qPrintable(m_writer->lastError()));
    QVERIFY(catchUpAll());
    QVERIFY(execSql(*m_store, u"UPDATE order_summary SET batches_failed = batches_failed + 1"_s));

    const QStringList lines
        = m_orderSummary.differencesFromFreshFold(*m_store, m_store->headPosition());
    QCOMPARE(lines.size(), MaxDifferenceLines + 1);
    QCOMPARE(lines.last(), u"... and 10 more differences"_s);
}

void TestProjections::version1BatchExecutedCountsAsDelivered()
{
    const QString id = orderStreamId(7);
    for (const Command &command : { placeOrder(id, u"likes"_s, 100), pay(), start() })
        QVERIFY2(m_writer->run(id, command), qPrintable(m_writer->lastError()));
    NewEvent legacy;
    legacy.eventType = u"BatchExecuted"_s;
    legacy.schemaVersion = 1;
    legacy.payload
        = R"({"batch_no":1,"attempt":1,"count":40,"worker_id":"w-old","duration_ms":700})";
    QVERIFY2(m_writer->appendRaw(id, legacy), qPrintable(m_writer->lastError()));
    QVERIFY(catchUpAll());

    QCOMPARE(dump(*m_store,
                  u"SELECT delivered, batches_executed, progress_pct "
                  "FROM order_summary"_s),
             QStringList { u"40|1|40"_s });
    QCOMPARE(serviceStats(*m_store),
             (QMap<QString, QList<qint64>> { { u"likes/in_progress"_s, { 1, 100, 40, 200 } } }));
    QCOMPARE(m_orderSummary.differencesFromFreshFold(*m_store, 4), QStringList());
    QCOMPARE(m_serviceStats.differencesFromFreshFold(*m_store, 4), QStringList());
}

QTEST_GUILESS_MAIN(TestProjections)
#include "tst_projections.moc"
