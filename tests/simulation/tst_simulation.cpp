#include "model/eventstore.h"
#include "model/orderrepository.h"
#include "model/projection.h"
#include "model/projectionrunner.h"
#include "model/snapshotstore.h"
#include "model/storeverifier.h"
#include "simulation/simulation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

// A small, quick scenario with every kind of first-cut failure switched on.
Scenario smallScenario(qint64 seed = 7)
{
    Scenario scenario;
    scenario.name = u"Small"_s;
    scenario.seed = seed;
    scenario.orders.count = 25;
    scenario.orders.quantityMin = 50;
    scenario.orders.quantityMax = 600;
    scenario.orders.cancelRate = 0.1;
    scenario.execution.batchSize = 25;
    scenario.failures.paymentFailureRate = 0.1;
    scenario.failures.batchFailureRate = 0.1;
    scenario.snapshots.n = 10;
    return scenario;
}

std::unique_ptr<EventStore> createStore(const QTemporaryDir &dir, const QString &name)
{
    QString error;
    auto store = EventStore::open(dir.filePath(name), EventStore::Access::ReadWriteCreate, &error);
    if (!store)
        qWarning() << error;
    return store;
}

// The events after `from`, as far as the head.
QList<RecordedEvent> allEvents(EventStore &store, qint64 from = 0)
{
    QList<RecordedEvent> events;
    for (qint64 after = from;;) {
        const QList<RecordedEvent> page = store.readAll(after, 1000);
        if (page.isEmpty())
            return events;
        events += page;
        after = page.last().globalPosition;
    }
}

// Long enough for several group commits (up to 12,000 appends each), whose projections' rows
// a run holds past all but one in several.
Scenario scenarioOfSeveralGroups()
{
    Scenario scenario;
    scenario.name = u"Several groups"_s;
    scenario.seed = 11;
    scenario.orders.count = 600;
    scenario.orders.arrivalPerMin = 600;
    scenario.orders.quantityMin = 2000;
    scenario.orders.quantityMax = 6000;
    return scenario;
}

qint64 countRows(EventStore &store, const QString &sql)
{
    QSqlQuery query(store.database());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

} // namespace

class TestSimulation : public QObject
{
    Q_OBJECT

private slots:
    void sameScenarioAndSeedGiveIdenticalEvents();
    void anotherSeedGivesOtherEvents();
    void runLeavesAStoreThatVerifies();
    void projectionsCatchUpToTheHeadWhenTheRunEnds();
    void reportCountsEveryOrderAndEvent();
    void secondRunNumbersItsOrdersAfterTheFirst();
    void eventIdsSortInAppendOrder_data();
    void eventIdsSortInAppendOrder();
    void exhaustedRetriesFailTheOrderAndRefund();
    void cancellationsRefundWhatWasNotDelivered();
    void everyNPolicySnapshotsAtMultiplesOfN();
    void snapshotsBoundTheEventsReplayedPerLoad();
    void stopRequestInterruptsWithAValidStore();
    void progressReportsOnlyWhatTheStoreCommitted();
    void projectionsKeepTheirProgressWhenARunStopsBetweenGroups_data();
    void projectionsKeepTheirProgressWhenARunStopsBetweenGroups();
    void heldProjectionRowsGiveWayToAnotherWriter();
    void aRunCommitsSmallerGroupsOnceAnotherRunWritesToItsStore();
};

void TestSimulation::sameScenarioAndSeedGiveIdenticalEvents()
{
    QTemporaryDir dir;
    auto first = createStore(dir, u"a.db"_s);
    auto second = createStore(dir, u"b.db"_s);
    QVERIFY(first && second);
    Simulation one(smallScenario(), *first);
    Simulation two(smallScenario(), *second);
    QVERIFY2(one.run(), qPrintable(one.errorString()));
    QVERIFY2(two.run(), qPrintable(two.errorString()));

    const QList<RecordedEvent> a = allEvents(*first);
    const QList<RecordedEvent> b = allEvents(*second);
    QVERIFY(a.size() > 100);
    QCOMPARE(a.size(), b.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        // Every column: payload, event_id, metadata and recorded_at included.
        QCOMPARE(a.at(i), b.at(i));
    }
}

void TestSimulation::anotherSeedGivesOtherEvents()
{
    QTemporaryDir dir;
    auto first = createStore(dir, u"a.db"_s);
    auto second = createStore(dir, u"b.db"_s);
    Simulation one(smallScenario(7), *first);
    Simulation two(smallScenario(8), *second);
    QVERIFY(one.run());
    QVERIFY(two.run());
    QVERIFY(one.runId() != two.runId());
    const QList<RecordedEvent> a = allEvents(*first);
    const QList<RecordedEvent> b = allEvents(*second);
    QVERIFY(a.size() != b.size() || a.first().payload != b.first().payload);
}

void TestSimulation::runLeavesAStoreThatVerifies()
{
    QTemporaryDir dir;
    auto store = createStore(dir, u"s.db"_s);
    Simulation simulation(smallScenario(), *store);
    QVERIFY(simulation.run());
    StoreVerifier verifier(*store);
    const StoreVerifier::Report report = verifier.verify();
    QVERIFY2(report.passed(), qPrintable(report.violations.join(u'\n') + report.error));
    QCOMPARE(report.events, store->headPosition());
    QCOMPARE(report.projectionsChecked.size(), 2);
}

void TestSimulation::projectionsCatchUpToTheHeadWhenTheRunEnds()
{
    QTemporaryDir dir;
    auto store = createStore(dir, u"s.db"_s);
    Scenario scenario = smallScenario();
    // Projectors far slower than the events arrive: without the final catch-up they would lag.
    scenario.projections.pollIntervalMs = 60'000;
    scenario.projections.batchSize = 5;
    Simulation simulation(scenario, *store);
    QVERIFY(simulation.run());
    const qint64 head = store->headPosition();
    for (const auto &projection : createStandardProjections()) {
        ProjectionRunner runner(*store, *projection);
        QCOMPARE(runner.checkpoint(), head);
    }
    const auto &lag = simulation.report().lag;
    QVERIFY(lag.contains(u"order_summary"_s));
    QVERIFY(lag.value(u"order_summary"_s).size() > 1);
    qint64 worstLag = 0;
    for (const LagSample &sample : lag.value(u"order_summary"_s))
        worstLag = std::max(worstLag, sample.lagEvents);
    QVERIFY2(worstLag > 5, "a slow projector must show lag during the run");
    QCOMPARE(lag.value(u"order_summary"_s).last().lagEvents, 0);
}

void TestSimulation::reportCountsEveryOrderAndEvent()
{
    QTemporaryDir dir;
    auto store = createStore(dir, u"s.db"_s);
    Simulation simulation(smallScenario(), *store);
    QVERIFY(simulation.run());
    const RunReport &report = simulation.report();
    QCOMPARE(report.events, store->headPosition());
    qint64 orders = 0;
    for (auto it = report.ordersByStatus.cbegin(); it != report.ordersByStatus.cend(); ++it) {
        orders += it.value();
        QCOMPARE(
            countRows(*store,
                      u"SELECT COUNT(*) FROM order_summary WHERE status = '%1'"_s.arg(it.key())),
            it.value());
    }
    QCOMPARE(orders, 25);
    const QJsonObject json = report.toJson();
    for (const char *key :
         { "events", "orders", "snapshots", "projections", "failures", "wall_ms", "events_per_s" })
        QVERIFY2(json.contains(QLatin1StringView(key)), key);
    QCOMPARE(json.value(u"events"_s).toInteger(), store->headPosition());

    // Each projection carries its lag over time, ready for charts: equal-length series.
    const QJsonObject summary
        = json.value(u"projections"_s).toObject().value(u"order_summary"_s).toObject();
    const QJsonObject series = summary.value(u"series"_s).toObject();
    const qsizetype points = series.value(u"at_ms"_s).toArray().size();
    QVERIFY(points > 10);
    for (const char *key : { "head", "checkpoint", "lag_events", "lag_ms" })
        QCOMPARE(series.value(QLatin1StringView(key)).toArray().size(), points);
    QCOMPARE(series.value(u"head"_s).toArray().last().toInteger(), store->headPosition());
    QVERIFY(summary.value(u"lag_events_max"_s).toInteger()
            >= summary.value(u"lag_events_p95"_s).toInteger());
}

void TestSimulation::secondRunNumbersItsOrdersAfterTheFirst()
{
    QTemporaryDir dir;
    auto store = createStore(dir, u"s.db"_s);
    Simulation first(smallScenario(), *store);
    QVERIFY(first.run());
    const qint64 headAfterFirst = store->headPosition();
    Simulation second(smallScenario(), *store);
    QVERIFY(second.run());
    QVERIFY(first.runId() != second.runId());
    QCOMPARE(second.report().firstOrderNumber, 26);
    QCOMPARE(store->highestOrderNumber(), 50);
    QCOMPARE(store->runCount(), 2);
    QVERIFY(store->headPosition() > headAfterFirst);
    StoreVerifier verifier(*store);
    const StoreVerifier::Report report = verifier.verify();
    QVERIFY2(report.passed(), qPrintable(report.violations.join(u'\n') + report.error));
}

void TestSimulation::eventIdsSortInAppendOrder_data()
{
    QTest::addColumn<double>("concurrentWriterRate");
    QTest::newRow("one writer") << 0.0;
    // The support desk appends between our load and our append: conflicts, reloads and retries.
    QTest::newRow("conflicts") << 0.3;
}

// The event_id index grows at its end, like the events table, and each event still names the
// stream's previous event as its cause, whoever wrote that one.
void TestSimulation::eventIdsSortInAppendOrder()
{
    QFETCH(double, concurrentWriterRate);
    QTemporaryDir dir;
    auto store = createStore(dir, u"s.db"_s);
    for (int run = 0; run < 2; ++run) {
        Scenario scenario = smallScenario();
        scenario.failures.concurrentWriterRate = concurrentWriterRate;
        Simulation simulation(scenario, *store);
        QVERIFY2(simulation.run(), qPrintable(simulation.errorString()));
        QCOMPARE(simulation.report().failures.value(u"concurrency_conflicts"_s) > 0,
                 concurrentWriterRate > 0);
    }
    const QList<RecordedEvent> events = allEvents(*store);
    QVERIFY(events.size() > 500);
    QHash<QString, QString> lastIdOfStream;
    QString previousOwnId;
    for (const RecordedEvent &event : events) {
        const QJsonObject metadata = QJsonDocument::fromJson(event.metadata).object();
        const QString causation = metadata.value(u"causation_id"_s).toString();
        const auto last = lastIdOfStream.constFind(event.streamId);
        if (last == lastIdOfStream.cend())
            QCOMPARE(causation, metadata.value(u"correlation_id"_s).toString());
        else if (!event.eventId.contains(u"support-desk"_s))
            QCOMPARE(causation, *last);
        lastIdOfStream.insert(event.streamId, event.eventId);
        if (event.eventId.contains(u"support-desk"_s))
            continue;
        QVERIFY2(event.eventId > previousOwnId,
                 qPrintable(event.eventId + u" after "_s + previousOwnId));
        QVERIFY(event.eventId.startsWith(metadata.value(u"run_id"_s).toString() + u':'));
        previousOwnId = event.eventId;
    }
}

void TestSimulation::exhaustedRetriesFailTheOrderAndRefund()
{
    QTemporaryDir dir;
    auto store = createStore(dir, u"s.db"_s);
    Scenario scenario = smallScenario();
    scenario.orders.cancelRate = 0;
    scenario.failures.paymentFailureRate = 0;
    scenario.failures.batchFailureRate = 0.5;
    scenario.execution.retryMaxAttempts = 1;
    Simulation simulation(scenario, *store);
    QVERIFY(simulation.run());
    const qint64 failed = simulation.report().ordersByStatus.value(u"failed"_s);
    QVERIFY(failed > 0);
    QCOMPARE(simulation.report().failures.value(u"order_failed"_s), failed);
    // Every failed order was refunded, in the same append, exactly what was not delivered.
    SnapshotStore snapshots(*store);
    OrderRepository repository(*store, snapshots);
    QSqlQuery query(store->database());
    QVERIFY(query.exec(u"SELECT order_id FROM order_summary WHERE status = 'failed'"_s));
    int checked = 0;
    while (query.next()) {
        const OrderState state = repository.load(query.value(0).toString()).order.state();
        QCOMPARE(state.pointsRefunded,
                 state.pricePoints * (state.quantity - state.delivered) / state.quantity);
        QVERIFY(state.delivered < state.quantity);
        ++checked;
    }
    QCOMPARE(checked, failed);
    QCOMPARE(countRows(*store,
                       u"SELECT COUNT(*) FROM events e JOIN events r ON r.stream_id = "
                       "e.stream_id AND r.stream_version = e.stream_version + 1 WHERE "
                       "e.event_type = 'OrderFailed' AND r.event_type = 'PointsRefunded' "
                       "AND r.recorded_at = e.recorded_at"_s),
             failed);
}

void TestSimulation::cancellationsRefundWhatWasNotDelivered()
{
    QTemporaryDir dir;
    auto store = createStore(dir, u"s.db"_s);
    Scenario scenario = smallScenario();
    scenario.orders.cancelRate = 1.0;
    scenario.failures.paymentFailureRate = 0;
    scenario.failures.batchFailureRate = 0;
    Simulation simulation(scenario, *store);
    QVERIFY(simulation.run());
    const qint64 cancelled = simulation.report().ordersByStatus.value(u"cancelled"_s);
    QVERIFY2(cancelled > 10, "most orders should be cancelled before they complete");
    QCOMPARE(simulation.report().failures.value(u"cancelled"_s), cancelled);
    QVERIFY(countRows(*store,
                      u"SELECT COUNT(*) FROM order_summary WHERE status = 'cancelled' "
                      "AND delivered > 0 AND delivered < quantity"_s)
            > 0);
    QCOMPARE(countRows(*store,
                       u"SELECT COUNT(*) FROM order_summary WHERE status = 'cancelled' AND "
                       "points_refunded != points_charged * (quantity - delivered) / "
                       "quantity"_s),
             0);
}

void TestSimulation::everyNPolicySnapshotsAtMultiplesOfN()
{
    QTemporaryDir dir;
    auto store = createStore(dir, u"s.db"_s);
    Simulation simulation(smallScenario(), *store);
    QVERIFY(simulation.run());
    const qint64 written = simulation.report().snapshotsWritten;
    QVERIFY(written > 0);
    QCOMPARE(countRows(*store, u"SELECT COUNT(*) FROM snapshots"_s), written);
    // A snapshot is taken at the end of an append that crosses a multiple of n, and one append
    // adds at most three events (a failure, OrderFailed and its refund).
    QCOMPARE(countRows(*store, u"SELECT COUNT(*) FROM snapshots WHERE stream_version % 10 > 2"_s),
             0);
    // Every stream that passed version 10 has its snapshot there.
    QCOMPARE(countRows(*store,
                       u"SELECT COUNT(*) FROM events WHERE stream_version = 10 AND "
                       "NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.stream_id = "
                       "events.stream_id AND s.stream_version BETWEEN 10 AND 12)"_s),
             0);

    QTemporaryDir noneDir;
    auto unsnapshotted = createStore(noneDir, u"none.db"_s);
    Scenario none = smallScenario();
    none.snapshots.policy = u"none"_s;
    Simulation withoutSnapshots(none, *unsnapshotted);
    QVERIFY(withoutSnapshots.run());
    QCOMPARE(countRows(*unsnapshotted, u"SELECT COUNT(*) FROM snapshots"_s), 0);
}

void TestSimulation::snapshotsBoundTheEventsReplayedPerLoad()
{
    QTemporaryDir dir;
    auto store = createStore(dir, u"s.db"_s);
    Simulation simulation(smallScenario(), *store);
    QVERIFY(simulation.run());
    const Distribution &replayed = simulation.report().eventsReplayedPerLoad;
    QVERIFY(!replayed.isEmpty());
    // The newest snapshot is at most n - 1 versions behind, and one append adds at most 3 events.
    QVERIFY(replayed.maximum() < 10 + 3);
}

void TestSimulation::stopRequestInterruptsWithAValidStore()
{
    QTemporaryDir dir;
    auto store = createStore(dir, u"s.db"_s);
    Simulation simulation(smallScenario(), *store);
    int steps = 0;
    QVERIFY(simulation.run(false, [&] { return ++steps > 200; }));
    QVERIFY(simulation.report().interrupted);
    QVERIFY(store->headPosition() > 0);
    StoreVerifier verifier(*store);
    const StoreVerifier::Report report = verifier.verify();
    QVERIFY2(report.violations.isEmpty(), qPrintable(report.violations.join(u'\n')));
}

void TestSimulation::progressReportsOnlyWhatTheStoreCommitted()
{
    QTemporaryDir dir;
    auto store = createStore(dir, u"s.db"_s);
    QString error;
    auto reader = EventStore::open(dir.filePath(u"s.db"_s), EventStore::Access::ReadOnly, &error);
    QVERIFY2(reader, qPrintable(error));
    Simulation simulation(scenarioOfSeveralGroups(), *store);
    // Each report: its events and finished orders, and those another connection sees.
    QList<std::pair<qint64, qint64>> reported;
    QList<std::pair<qint64, qint64>> stored;
    QVERIFY(simulation.run(
        false, {},
        [&](const RunReport &report) {
            qint64 finished = 0;
            for (const qint64 count : report.ordersByStatus)
                finished += count;
            reported.append({ report.events, finished });
            stored.append({ reader->headPosition(),
                            countRows(*reader,
                                      u"SELECT COUNT(*) FROM events WHERE event_type IN "
                                      "('PaymentFailed', 'OrderCompleted', 'OrderFailed', "
                                      "'OrderCancelled')"_s) });
        },
        0));
    QVERIFY2(reported.size() > 2, "the run should report after each of its groups");
    QCOMPARE(reported, stored);
    QCOMPARE(simulation.report().events, store->headPosition());
}

void TestSimulation::projectionsKeepTheirProgressWhenARunStopsBetweenGroups_data()
{
    QTest::addColumn<bool>("dropped");
    QTest::newRow("stopped by a request") << false;
    QTest::newRow("simulation dropped") << true;
}

void TestSimulation::projectionsKeepTheirProgressWhenARunStopsBetweenGroups()
{
    QFETCH(bool, dropped);
    QTemporaryDir dir;
    auto store = createStore(dir, u"s.db"_s);
    {
        Simulation simulation(scenarioOfSeveralGroups(), *store);
        // Right after a group commit past the first, whose rows the run holds.
        const auto betweenLaterGroups
            = [&] { return simulation.eventsAppended() > 30000 && !store->inTransaction(); };
        if (dropped) {
            QVERIFY(simulation.start());
            while (!betweenLaterGroups())
                QVERIFY2(simulation.step(), qPrintable(simulation.errorString()));
        } else {
            QVERIFY(simulation.run(false, betweenLaterGroups));
            QVERIFY(simulation.report().interrupted);
        }
        QVERIFY(simulation.eventsAppended() < 100000);
    }
    // The projectors keep up with the run: their stored checkpoints are where they got to, a
    // poll or so behind the head, not where the last group that wrote them left them.
    QVERIFY(!store->inTransaction());
    const qint64 head = store->headPosition();
    for (const auto &projection : createStandardProjections()) {
        ProjectionRunner runner(*store, *projection);
        const ProjectionLag lag = runner.lag(0);
        QVERIFY2(lag.error.isEmpty(), qPrintable(lag.error));
        QCOMPARE(lag.head, head);
        QVERIFY2(
            lag.lagEvents < 1000,
            qPrintable(u"%1 is %2 events behind"_s.arg(projection->name()).arg(lag.lagEvents)));
    }
    StoreVerifier verifier(*store);
    const StoreVerifier::Report report = verifier.verify();
    QVERIFY2(report.passed(), qPrintable(report.violations.join(u'\n') + report.error));
}

void TestSimulation::heldProjectionRowsGiveWayToAnotherWriter()
{
    QTemporaryDir dir;
    auto store = createStore(dir, u"s.db"_s);
    Scenario scenario = scenarioOfSeveralGroups();
    // A slow projector, far behind the head when the other writer comes.
    scenario.projections.pollIntervalMs = 20'000;
    scenario.projections.batchSize = 20;
    Simulation simulation(scenario, *store);
    QVERIFY(simulation.start());
    while (simulation.eventsAppended() <= 30000 || store->inTransaction())
        QVERIFY2(simulation.step(), qPrintable(simulation.errorString()));

    // Between two groups, another connection rebuilds service_stats up to the head.
    QString error;
    auto other = EventStore::open(dir.filePath(u"s.db"_s), EventStore::Access::ReadWrite, &error);
    QVERIFY2(other, qPrintable(error));
    const auto projections = createStandardProjections();
    Projection &serviceStats = *projections.at(1);
    QCOMPARE(serviceStats.name(), u"service_stats"_s);
    ProjectionRunner rebuilder(*other, serviceStats);
    const ProjectionRunner::Progress rebuilt = rebuilder.rebuild(1000, 0);
    QVERIFY2(rebuilt.isOk(), qPrintable(rebuilt.error));
    QCOMPARE(rebuilt.checkpoint, store->headPosition());
    other.reset();

    // What the run held is from before the rebuild: it must not be written over it.
    QVERIFY2(simulation.commit(), qPrintable(simulation.errorString()));
    QVERIFY2(simulation.run(), qPrintable(simulation.errorString()));
    StoreVerifier verifier(*store);
    const StoreVerifier::Report report = verifier.verify();
    QVERIFY2(report.passed(), qPrintable(report.violations.join(u'\n') + report.error));
    for (const auto &projection : createStandardProjections())
        QCOMPARE(ProjectionRunner(*store, *projection).checkpoint(), store->headPosition());
}

// A run holds the store's write lock for a group of appends at a time, and another run on the
// same store waits for it; with groups of up to 12,000 appends, three runs at once left one of
// them waiting past the busy timeout ("database is locked"). Once a run sees another writer,
// it commits groups of at most 2,000 appends, as on a PostgreSQL store.
void TestSimulation::aRunCommitsSmallerGroupsOnceAnotherRunWritesToItsStore()
{
    QTemporaryDir dir;
    auto store = createStore(dir, u"s.db"_s);
    Simulation simulation(scenarioOfSeveralGroups(), *store);
    QVERIFY(simulation.start());
    const auto stepToTheNextCommit = [&] {
        const qint64 before = simulation.eventsAppended();
        do {
            if (!simulation.step())
                return false;
        } while (store->inTransaction() || simulation.eventsAppended() == before);
        return true;
    };
    QVERIFY2(stepToTheNextCommit(), qPrintable(simulation.errorString()));
    QVERIFY(!store->sharesWriteLock());

    // Between two groups, another run starts on the store: it records itself.
    QString error;
    auto otherStore
        = EventStore::open(dir.filePath(u"s.db"_s), EventStore::Access::ReadWrite, &error);
    QVERIFY2(otherStore, qPrintable(error));
    Scenario otherScenario = scenarioOfSeveralGroups();
    otherScenario.seed = 12;
    Simulation otherRun(otherScenario, *otherStore);
    QVERIFY2(otherRun.start(), qPrintable(otherRun.errorString()));

    for (int group = 0; group < 3; ++group) {
        const qint64 head = store->headPosition();
        QVERIFY2(stepToTheNextCommit(), qPrintable(simulation.errorString()));
        QVERIFY(store->sharesWriteLock());
        // Each append is one stream's events, next to each other: a group made of N appends
        // changes stream at most N - 1 times.
        qint64 appends = 0;
        QString lastStream;
        for (const RecordedEvent &event : allEvents(*store, head)) {
            if (event.streamId != lastStream)
                ++appends;
            lastStream = event.streamId;
        }
        QVERIFY2(appends > 0 && appends <= 2000,
                 qPrintable(u"group %1: at least %2 appends"_s.arg(group).arg(appends)));
    }
}

QTEST_GUILESS_MAIN(TestSimulation)
#include "tst_simulation.moc"
