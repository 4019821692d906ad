#include "model/eventstore.h"
#include "model/orderrepository.h"
#include "model/projection.h"
#include "model/projectionrunner.h"
#include "model/snapshotstore.h"
#include "model/storeverifier.h"
#include "simulation/simulation.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

// Small orders and no failures but the one under test.
Scenario quietScenario(qint64 seed = 5)
{
    Scenario scenario;
    scenario.name = u"Failure under test"_s;
    scenario.seed = seed;
    scenario.orders.count = 30;
    scenario.orders.quantityMin = 100;
    scenario.orders.quantityMax = 800;
    scenario.orders.cancelRate = 0;
    scenario.execution.batchSize = 25;
    scenario.failures.paymentFailureRate = 0;
    scenario.failures.batchFailureRate = 0;
    scenario.snapshots.n = 10;
    return scenario;
}

struct Run
{
    QTemporaryDir dir;
    std::unique_ptr<EventStore> store;
    RunReport report;
    bool ok = false;
    QString error;
};

std::unique_ptr<Run> simulate(const Scenario &scenario)
{
    auto run = std::make_unique<Run>();
    run->store = EventStore::open(run->dir.filePath(u"s.db"_s), EventStore::Access::ReadWriteCreate,
                                  &run->error);
    if (!run->store)
        return run;
    Simulation simulation(scenario, *run->store);
    run->ok = simulation.run();
    run->error = simulation.errorString();
    run->report = simulation.report();
    return run;
}

qint64 count(EventStore &store, const QString &sql)
{
    QSqlQuery query(store.database());
    if (!query.exec(sql) || !query.next()) {
        qWarning() << sql << query.lastError();
        return -1;
    }
    return query.value(0).toLongLong();
}

StoreVerifier::Report verify(EventStore &store)
{
    StoreVerifier verifier(store);
    return verifier.verify();
}

} // namespace

class TestFailures : public QObject
{
    Q_OBJECT

private slots:
    void workerCrashOverDeliversWhatTheStoreNeverRecorded();
    void concurrentWritersConflictAndAreRetried();
    void poisonEventsAreParkedWithSkipAndProjectionsGoOn();
    void poisonEventHaltsAProjectorWithStop();
    void poisonEventIsRetriedThenParked();
    void duplicateDeliveryIsIgnoredByIdempotentProjections();
    void duplicateDeliveryDamagesANonIdempotentProjectionAndVerifyCatchesIt();
    void projectorCrashInOneTransactionAppliesNothingTwice();
    void projectorCrashWithSeparateCheckpointAppliesTwice();
    void legacyEventsAreStoredAsVersionOneAndUpcastOnRead();
    void onEventPolicySnapshotsAfterTheNamedTypes();
    void loadBudgetPolicyBoundsTheEventsReplayed();
};

void TestFailures::workerCrashOverDeliversWhatTheStoreNeverRecorded()
{
    Scenario scenario = quietScenario();
    scenario.failures.workerCrashRate = 0.1;
    const auto run = simulate(scenario);
    QVERIFY2(run->ok, qPrintable(run->error));
    const qint64 crashes = run->report.failures.value(u"worker_crash"_s);
    QVERIFY(crashes > 0);
    const qint64 overDelivered = run->report.unitsDeliveredExternally - run->report.unitsRecorded;
    QVERIFY(overDelivered > 0);
    QVERIFY(overDelivered <= crashes * scenario.execution.batchSize);
    // The store recorded exactly what it was told, and every order still completed exactly.
    QCOMPARE(count(*run->store, u"SELECT SUM(delivered) FROM order_summary"_s),
             run->report.unitsRecorded);
    QCOMPARE(count(*run->store,
                   u"SELECT COUNT(*) FROM order_summary WHERE status = 'completed' "
                   "AND delivered = quantity"_s),
             30);
    const QJsonObject delivery = run->report.toJson().value(u"delivery"_s).toObject();
    QCOMPARE(delivery.value(u"over_delivered_units"_s).toInteger(), overDelivered);
    QVERIFY(verify(*run->store).passed());
}

void TestFailures::concurrentWritersConflictAndAreRetried()
{
    Scenario scenario = quietScenario();
    scenario.failures.concurrentWriterRate = 0.2;
    const auto run = simulate(scenario);
    QVERIFY2(run->ok, qPrintable(run->error));
    const qint64 writes = run->report.failures.value(u"concurrent_writes"_s);
    QVERIFY(writes > 0);
    // Each interfering write costs exactly one conflict, after which the command succeeded.
    QCOMPARE(run->report.failures.value(u"concurrency_conflicts"_s), writes);
    QCOMPARE(count(*run->store,
                   u"SELECT COUNT(*) FROM events WHERE event_type = 'OrderNoteAdded' "
                   "AND metadata LIKE '%support-desk%'"_s),
             writes);
    QCOMPARE(run->report.ordersByStatus.value(u"completed"_s), 30);
    const StoreVerifier::Report report = verify(*run->store);
    QVERIFY2(report.passed(), qPrintable(report.violations.join(u'\n')));
}

void TestFailures::poisonEventsAreParkedWithSkipAndProjectionsGoOn()
{
    Scenario scenario = quietScenario();
    scenario.failures.poisonEventRate = 0.3;
    scenario.projections.failurePolicy = u"skip"_s;
    const auto run = simulate(scenario);
    QVERIFY2(run->ok, qPrintable(run->error));
    const qint64 poison = run->report.failures.value(u"poison_events"_s);
    QVERIFY(poison > 0);
    QCOMPARE(
        count(*run->store, u"SELECT COUNT(*) FROM events WHERE payload LIKE '%\"poison\":true%'"_s),
        poison);
    // Both read models parked every poison event and caught up past them.
    QCOMPARE(count(*run->store, u"SELECT COUNT(*) FROM parked_events"_s), 2 * poison);
    QCOMPARE(run->report.failures.value(u"parked_events"_s), 2 * poison);
    const qint64 head = run->store->headPosition();
    QCOMPARE(count(*run->store, u"SELECT MIN(position) FROM checkpoints"_s), head);
    const StoreVerifier::Report report = verify(*run->store);
    QVERIFY2(report.passed(), qPrintable(report.violations.join(u'\n')));
}

void TestFailures::poisonEventHaltsAProjectorWithStop()
{
    Scenario scenario = quietScenario();
    scenario.failures.poisonEventRate = 0.3;
    scenario.projections.failurePolicy = u"stop"_s;
    const auto run = simulate(scenario);
    QVERIFY2(run->ok, qPrintable(run->error));
    const qint64 firstPoison = count(*run->store,
                                     u"SELECT MIN(global_position) FROM events WHERE "
                                     "payload LIKE '%\"poison\":true%'"_s);
    QVERIFY(firstPoison > 0);
    for (const QString &name : standardProjectionNames()) {
        const ProjectorTotals totals = run->report.projectors.value(name);
        QCOMPARE(totals.haltedAt, firstPoison);
        QVERIFY(!totals.haltReason.isEmpty());
        QCOMPARE(count(*run->store,
                       u"SELECT position FROM checkpoints WHERE projection = '%1'"_s.arg(name)),
                 firstPoison - 1);
        // The lag grew behind the halt until the end of the run.
        QVERIFY(run->report.lag.value(name).last().lagEvents > 0);
    }
    const QJsonObject json = run->report.toJson();
    QCOMPARE(json.value(u"projections"_s)
                 .toObject()
                 .value(u"order_summary"_s)
                 .toObject()
                 .value(u"halted_at"_s)
                 .toInteger(),
             firstPoison);
    QCOMPARE(count(*run->store, u"SELECT COUNT(*) FROM parked_events"_s), 0);
}

void TestFailures::poisonEventIsRetriedThenParked()
{
    Scenario scenario = quietScenario();
    scenario.failures.poisonEventRate = 0.3;
    scenario.projections.failurePolicy = u"retry"_s;
    scenario.projections.retryAttempts = 3;
    const auto run = simulate(scenario);
    QVERIFY2(run->ok, qPrintable(run->error));
    const qint64 poison = run->report.failures.value(u"poison_events"_s);
    QVERIFY(poison > 0);
    QCOMPARE(count(*run->store, u"SELECT COUNT(*) FROM parked_events WHERE attempts = 3"_s),
             2 * poison);
    for (const QString &name : standardProjectionNames())
        QCOMPARE(run->report.projectors.value(name).retried, 2 * poison);
    QVERIFY(verify(*run->store).passed());
}

void TestFailures::duplicateDeliveryIsIgnoredByIdempotentProjections()
{
    Scenario scenario = quietScenario();
    scenario.failures.duplicateDeliveryRate = 0.5;
    scenario.projections.idempotent = true;
    const auto run = simulate(scenario);
    QVERIFY2(run->ok, qPrintable(run->error));
    for (const QString &name : standardProjectionNames()) {
        const ProjectorTotals totals = run->report.projectors.value(name);
        QVERIFY(totals.redelivered > 0);
        QCOMPARE(totals.duplicatesIgnored, totals.redelivered);
        QCOMPARE(totals.doubleApplied, 0);
    }
    const StoreVerifier::Report report = verify(*run->store);
    QVERIFY2(report.passed(), qPrintable(report.violations.join(u'\n')));
}

void TestFailures::duplicateDeliveryDamagesANonIdempotentProjectionAndVerifyCatchesIt()
{
    Scenario scenario = quietScenario();
    scenario.failures.duplicateDeliveryRate = 0.5;
    scenario.projections.idempotent = false;
    const auto run = simulate(scenario);
    QVERIFY2(run->ok, qPrintable(run->error));
    QVERIFY(run->report.projectors.value(u"order_summary"_s).doubleApplied > 0);
    const StoreVerifier::Report report = verify(*run->store);
    QVERIFY(!report.passed());
    QVERIFY2(report.violations.join(u'\n').contains(u"order_summary"_s),
             qPrintable(report.violations.join(u'\n')));
}

void TestFailures::projectorCrashInOneTransactionAppliesNothingTwice()
{
    Scenario scenario = quietScenario();
    scenario.failures.projectorCrashRate = 0.3;
    scenario.projections.checkpoint = u"same_transaction"_s;
    // Not even idempotency is needed: the crash rolls back the read model with the checkpoint.
    scenario.projections.idempotent = false;
    const auto run = simulate(scenario);
    QVERIFY2(run->ok, qPrintable(run->error));
    QVERIFY(run->report.failures.value(u"projector_crashes"_s) > 0);
    for (const QString &name : standardProjectionNames())
        QCOMPARE(run->report.projectors.value(name).doubleApplied, 0);
    const StoreVerifier::Report report = verify(*run->store);
    QVERIFY2(report.passed(), qPrintable(report.violations.join(u'\n')));
}

void TestFailures::projectorCrashWithSeparateCheckpointAppliesTwice()
{
    Scenario scenario = quietScenario();
    scenario.failures.projectorCrashRate = 0.3;
    scenario.projections.checkpoint = u"separate"_s;
    scenario.projections.idempotent = false;
    const auto run = simulate(scenario);
    QVERIFY2(run->ok, qPrintable(run->error));
    QVERIFY(run->report.failures.value(u"projector_crashes"_s) > 0);
    QVERIFY(run->report.projectors.value(u"order_summary"_s).doubleApplied > 0);
    const StoreVerifier::Report report = verify(*run->store);
    QVERIFY(!report.passed());
    QVERIFY(report.violations.join(u'\n').contains(u"order_summary"_s));
}

void TestFailures::legacyEventsAreStoredAsVersionOneAndUpcastOnRead()
{
    Scenario scenario = quietScenario();
    scenario.failures.legacyEventRate = 0.5;
    scenario.snapshots.policy = u"none"_s;
    const auto run = simulate(scenario);
    QVERIFY2(run->ok, qPrintable(run->error));
    const qint64 legacy = run->report.failures.value(u"legacy_events"_s);
    QVERIFY(legacy > 0);
    // Stored exactly as the old writer wrote them.
    QCOMPARE(count(*run->store,
                   u"SELECT COUNT(*) FROM events WHERE event_type = 'BatchExecuted' "
                   "AND schema_version = 1 AND payload LIKE '%\"count\":%' AND "
                   "payload NOT LIKE '%\"delivered\"%'"_s),
             legacy);
    QVERIFY(run->report.upcastEventsReplayed > 0);
    // Read back, the upcast events count as delivered everywhere.
    SnapshotStore snapshots(*run->store);
    OrderRepository repository(*run->store, snapshots);
    QSqlQuery orders(run->store->database());
    QVERIFY(orders.exec(u"SELECT order_id, delivered FROM order_summary"_s));
    int checked = 0;
    while (orders.next()) {
        const LoadedOrder loaded = repository.load(orders.value(0).toString());
        QVERIFY(loaded.isLoaded());
        QCOMPARE(loaded.order.state().delivered, orders.value(1).toLongLong());
        QCOMPARE(loaded.order.state().status, OrderStatus::Completed);
        ++checked;
    }
    QCOMPARE(checked, 30);
    QVERIFY(verify(*run->store).passed());
}

void TestFailures::onEventPolicySnapshotsAfterTheNamedTypes()
{
    Scenario scenario = quietScenario();
    scenario.snapshots.policy = u"on_event"_s;
    scenario.snapshots.eventTypes = { u"OrderStarted"_s };
    const auto run = simulate(scenario);
    QVERIFY2(run->ok, qPrintable(run->error));
    QCOMPARE(run->report.snapshotsWritten, 30);
    // Each snapshot sits exactly at its order's OrderStarted.
    QCOMPARE(count(*run->store,
                   u"SELECT COUNT(*) FROM snapshots s JOIN events e ON e.stream_id = "
                   "s.stream_id AND e.stream_version = s.stream_version WHERE "
                   "e.event_type = 'OrderStarted'"_s),
             30);
    QVERIFY(verify(*run->store).passed());
}

void TestFailures::loadBudgetPolicyBoundsTheEventsReplayed()
{
    Scenario scenario = quietScenario();
    scenario.orders.quantityMin = 1000;
    scenario.orders.quantityMax = 1500;
    scenario.snapshots.policy = u"load_budget"_s;
    scenario.snapshots.loadBudget = 12;
    const auto run = simulate(scenario);
    QVERIFY2(run->ok, qPrintable(run->error));
    QVERIFY(run->report.snapshotsWritten > 0);
    // A load over budget triggers a snapshot, so a load replays at most one append (up to three
    // events) more than the budget.
    QVERIFY(run->report.eventsReplayedPerLoad.maximum() <= 12 + 3);

    Scenario none = scenario;
    none.snapshots.policy = u"none"_s;
    const auto unsnapshotted = simulate(none);
    QVERIFY(unsnapshotted->ok);
    QVERIFY(unsnapshotted->report.eventsReplayedPerLoad.maximum() > 40);
    QVERIFY(verify(*run->store).passed());
}

QTEST_GUILESS_MAIN(TestFailures)
#include "tst_failures.moc"
