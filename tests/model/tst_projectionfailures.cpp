#include "model/eventstore.h"
#include "model/order.h"
#include "model/ordersummaryprojection.h"
#include "model/parkedevents.h"
#include "model/projection.h"
#include "model/projectionrunner.h"
#include "model/servicestatsprojection.h"
#include "model/storeverifier.h"

#include "tests/support/teststores.h"

#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

using Policy = ProjectionOptions::FailurePolicy;
using Mode = ProjectionOptions::CheckpointMode;

// The store of every test: orders 1 to 4 written round-robin, each placed (100 units in batches of
// 50), paid, started, one batch, a note, the last batch and its completion. The notes of orders 2
// and 4 are poison, at positions 18 and 20; the head is 28.
constexpr qint64 Head = 28;
constexpr qint64 FirstPoison = 18;
constexpr qint64 SecondPoison = 20;

bool append(EventStore &store, const QString &streamId, Order &order, const Decision &decision,
            qint64 *clock)
{
    if (!decision.isAccepted()) {
        qWarning() << "rejected:" << decision.rejection;
        return false;
    }
    QList<NewEvent> events;
    qint64 version = order.state().version;
    for (const DomainEvent &event : decision.events) {
        ++version;
        const QJsonObject metadata { { u"run_id"_s, u"run-test"_s },
                                     { u"correlation_id"_s, streamId },
                                     { u"causation_id"_s, u"%1-%2"_s.arg(streamId).arg(version) } };
        events.append(NewEvent::fromDomainEvent(u"%1-v%2"_s.arg(streamId).arg(version), event,
                                                metadata, *clock += 100));
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

bool writeOrders(EventStore &store)
{
    QList<Order> orders(4);
    qint64 clock = 0;
    const auto step = [&](const std::function<Decision(const Order &, int)> &command) {
        for (int n = 1; n <= 4; ++n) {
            if (!append(store, orderStreamId(n), orders[n - 1], command(orders[n - 1], n), &clock))
                return false;
        }
        return true;
    };
    const auto batch = [](const Order &order, int) {
        return order.executeBatch({ order.state().nextBatchNo, 1, 50, 50, u"worker-1"_s, 800 });
    };
    return step([](const Order &order, int n) {
               return order.place({ orderStreamId(n), u"customer-%1"_s.arg(n),
                                    n % 2 ? u"likes"_s : u"views"_s, 100, 50, 200 });
           })
        && step([](const Order &order, int) { return order.deductPoints(); })
        && step([](const Order &order, int) { return order.start(); }) && step(batch)
        && step([](const Order &order, int n) {
               return order.addNote(u"from ordering v2"_s, n % 2 == 0);
           })
        && step(batch);
}

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

QStringList parkedRows(EventStore &store)
{
    return dump(store,
                u"SELECT projection, global_position, attempts FROM parked_events "
                "ORDER BY projection, global_position"_s);
}

ProjectionOptions options(Policy policy, Mode mode = Mode::SameTransaction, bool idempotent = true)
{
    ProjectionOptions options;
    options.failurePolicy = policy;
    options.checkpointMode = mode;
    options.idempotent = idempotent;
    return options;
}

} // namespace

class TestProjectionFailures : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void stopHaltsOnThePoisonNoteAndSaysWhere();
    void stopHaltIsPersistedUntilAPollGetsPast();
    void skipParksThePoisonNoteAndGoesOn();
    void retryCountsItsAttemptsThenParks();
    void idempotentProjectionsIgnoreRedeliveredEvents();
    void nonIdempotentProjectionsDoubleApplyAndVerifyNamesTheDamage();
    void crashInSameTransactionAppliesNothingTwice();
    void crashInSeparateTransactionsRedeliversTheBatch_data();
    void crashInSeparateTransactionsRedeliversTheBatch();
    void replayParkedStopsAtTheBoundAndCountsFailedAttempts();
    void replayWithTheHandlerFixedAppliesAndDeletesTheRows();
    void rebuildClearsParkedEventsAndParksThemAgain();
    void verifierNotesParkedEventsAndComparesWithoutThem();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<EventStore> m_store;
    OrderSummaryProjection m_orderSummary;
    ServiceStatsProjection m_serviceStats;
};

void TestProjectionFailures::initTestCase()
{
    TESTSTORES_INIT();
}

void TestProjectionFailures::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QString error;
    m_store = EventStore::open(teststores::newStoreLocation(*m_dir),
                               EventStore::Access::ReadWriteCreate, &error);
    QVERIFY2(m_store, qPrintable(error));
    QVERIFY(writeOrders(*m_store));
    QCOMPARE(m_store->headPosition(), Head);
}

void TestProjectionFailures::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void TestProjectionFailures::stopHaltsOnThePoisonNoteAndSaysWhere()
{
    ProjectionRunner runner(*m_store, m_orderSummary, options(Policy::Stop));
    const auto progress = runner.poll(100, 5000);
    QVERIFY2(progress.isOk(), qPrintable(progress.error));
    QCOMPARE(progress.haltedAt, FirstPoison);
    QVERIFY2(progress.haltReason.contains(u"event 18 in order-000002"_s),
             qPrintable(progress.haltReason));
    QCOMPARE(progress.applied, FirstPoison - 1);
    QCOMPARE(progress.checkpoint, FirstPoison - 1);
    QCOMPARE(progress.parked, 0);
    QCOMPARE(runner.checkpoint(), FirstPoison - 1);

    // It never moves past the event: each poll tries it again and halts again.
    const auto again = runner.poll(100, 6000);
    QCOMPARE(again.haltedAt, FirstPoison);
    QCOMPARE(again.applied, 0);
    QCOMPARE(runner.checkpoint(), FirstPoison - 1);
    const auto caughtUp = runner.catchUp(100, 7000);
    QVERIFY(caughtUp.isOk());
    QCOMPARE(caughtUp.haltedAt, FirstPoison);
    QCOMPARE(parkedRows(*m_store), QStringList());

    // Halted, the projection is behind the head: verify notes it and the halt, and passes.
    const StoreVerifier::Report report = StoreVerifier(*m_store).verify();
    QVERIFY2(report.passed(), qPrintable(report.violations.join(u'\n')));
    QVERIFY(!report.projectionsChecked.contains(u"order_summary"_s));
    QVERIFY2(report.notes.join(u'\n').contains(u"order_summary is halted at event 18"_s),
             qPrintable(report.notes.join(u'\n')));
}

void TestProjectionFailures::stopHaltIsPersistedUntilAPollGetsPast()
{
    {
        ProjectionRunner runner(*m_store, m_serviceStats, options(Policy::Stop));
        QCOMPARE(runner.poll(100, 5000).haltedAt, FirstPoison);
    }
    // What `eslab status` shows: another runner, as another process would, reads the halt.
    ProjectionRunner reader(*m_store, m_serviceStats);
    QString error;
    std::optional<ProjectionHalt> halt = reader.halt(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(halt.has_value());
    QCOMPARE(halt->position, FirstPoison);
    QCOMPARE(halt->haltedAt, 5000);
    QVERIFY2(halt->reason.contains(u"poison"_s), qPrintable(halt->reason));

    // With the handler fixed, the next poll gets past it and the halt is gone.
    ProjectionOptions fixed = options(Policy::Stop);
    fixed.poisonFails = false;
    ProjectionRunner runner(*m_store, m_serviceStats, fixed);
    const auto progress = runner.poll(100, 6000);
    QVERIFY2(progress.isOk(), qPrintable(progress.error));
    QCOMPARE(progress.haltedAt, 0);
    QCOMPARE(progress.checkpoint, Head);
    halt = reader.halt(&error);
    QVERIFY(error.isEmpty());
    QVERIFY(!halt.has_value());
    QCOMPARE(m_serviceStats.differencesFromFreshFold(*m_store, Head), QStringList());
}

void TestProjectionFailures::skipParksThePoisonNoteAndGoesOn()
{
    ProjectionRunner runner(*m_store, m_orderSummary, options(Policy::Skip));
    const auto progress = runner.poll(100, 5000);
    QVERIFY2(progress.isOk(), qPrintable(progress.error));
    QCOMPARE(progress.haltedAt, 0);
    QCOMPARE(progress.parked, 2);
    QCOMPARE(progress.retried, 0);
    QCOMPARE(progress.applied, Head - 2);
    QCOMPARE(progress.checkpoint, Head);

    ParkedEvents parked(*m_store);
    const QList<ParkedEvent> list = parked.list();
    QVERIFY2(parked.errorString().isEmpty(), qPrintable(parked.errorString()));
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.at(0).projection, u"order_summary"_s);
    QCOMPARE(list.at(0).position, FirstPoison);
    QCOMPARE(list.at(0).streamId, u"order-000002"_s);
    QCOMPARE(list.at(0).eventType, u"OrderNoteAdded"_s);
    QCOMPARE(list.at(0).attempts, 1);
    QCOMPARE(list.at(0).parkedAt, 5000);
    QVERIFY2(list.at(0).reason.contains(u"poison"_s), qPrintable(list.at(0).reason));
    QCOMPARE(list.at(1).position, SecondPoison);
    QString error;
    QCOMPARE(runner.parkedCount(&error), 2);

    // The rows of order 2 and 4 went on past their notes.
    QCOMPARE(
        dump(*m_store,
             u"SELECT order_id, status, delivered, last_position FROM order_summary "
             "WHERE order_id IN ('order-000002', 'order-000004') ORDER BY order_id"_s),
        QStringList({ u"order-000002|completed|100|24"_s, u"order-000004|completed|100|28"_s }));
}

void TestProjectionFailures::retryCountsItsAttemptsThenParks()
{
    ProjectionOptions retry = options(Policy::Retry);
    retry.retryAttempts = 4;
    ProjectionRunner runner(*m_store, m_serviceStats, retry);
    const auto progress = runner.catchUp(10, 5000);
    QVERIFY2(progress.isOk(), qPrintable(progress.error));
    QCOMPARE(progress.checkpoint, Head);
    QCOMPARE(progress.parked, 2);
    QCOMPARE(progress.retried, 2 * 3); // 4 attempts in all: 3 tried again, per event
    QCOMPARE(parkedRows(*m_store),
             QStringList({ u"service_stats|18|4"_s, u"service_stats|20|4"_s }));

    retry.retryAttempts = 1; // one attempt in all: parked at once
    ProjectionRunner once(*m_store, m_orderSummary, retry);
    const auto single = once.catchUp(100, 5000);
    QCOMPARE(single.retried, 0);
    QCOMPARE(single.parked, 2);
    QCOMPARE(
        dump(*m_store, u"SELECT attempts FROM parked_events WHERE projection = 'order_summary'"_s),
        QStringList({ u"1"_s, u"1"_s }));
}

void TestProjectionFailures::idempotentProjectionsIgnoreRedeliveredEvents()
{
    const ProjectionOptions fixed = [] {
        ProjectionOptions o = options(Policy::Skip);
        o.poisonFails = false;
        return o;
    }();
    for (Projection *projection : { static_cast<Projection *>(&m_orderSummary),
                                    static_cast<Projection *>(&m_serviceStats) }) {
        ProjectionRunner runner(*m_store, *projection, fixed);
        QCOMPARE(runner.poll(20, 0).checkpoint, 20);
        const auto progress = runner.poll(20, 0, PollFaults { 7, false });
        QVERIFY2(progress.isOk(), qPrintable(progress.error));
        QCOMPARE(progress.redelivered, 7);
        QCOMPARE(progress.duplicatesIgnored, 7);
        QCOMPARE(progress.applied, Head - 20);
        QCOMPARE(progress.checkpoint, Head);
        QCOMPARE(projection->differencesFromFreshFold(*m_store, Head), QStringList());
    }
    const StoreVerifier::Report report = StoreVerifier(*m_store).verify();
    QVERIFY2(report.passed(), qPrintable(report.violations.join(u'\n')));
    QCOMPARE(report.projectionsChecked, standardProjectionNames());
}

void TestProjectionFailures::nonIdempotentProjectionsDoubleApplyAndVerifyNamesTheDamage()
{
    ProjectionOptions careless = options(Policy::Skip, Mode::SameTransaction, false);
    careless.poisonFails = false;
    for (Projection *projection : { static_cast<Projection *>(&m_orderSummary),
                                    static_cast<Projection *>(&m_serviceStats) }) {
        ProjectionRunner runner(*m_store, *projection, careless);
        QVERIFY(runner.catchUp(100, 0).isOk());
        // Positions 25 to 28: order 3's and order 4's last batch and completion.
        const auto progress = runner.poll(100, 0, PollFaults { 4, false });
        QVERIFY2(progress.isOk(), qPrintable(progress.error));
        QCOMPARE(progress.redelivered, 4);
        QCOMPARE(progress.duplicatesIgnored, 0);
        QCOMPARE(progress.applied, 4);
    }
    QCOMPARE(dump(*m_store,
                  u"SELECT delivered, batches_executed FROM order_summary "
                  "WHERE order_id = 'order-000003'"_s),
             QStringList { u"150|3"_s });
    const QStringList damage = m_orderSummary.differencesFromFreshFold(*m_store, Head);
    QVERIFY2(damage.contains(u"order_summary order-000003: delivered is 150, a fresh fold gives "
                             "100"_s),
             qPrintable(damage.join(u'\n')));
    QVERIFY(!m_serviceStats.differencesFromFreshFold(*m_store, Head).isEmpty());

    const StoreVerifier::Report report = StoreVerifier(*m_store).verify();
    QVERIFY(!report.passed());
    QVERIFY2(report.violations.join(u'\n').contains(u"order_summary order-000003: delivered is "
                                                    "150"_s),
             qPrintable(report.violations.join(u'\n')));
    QVERIFY2(report.violations.join(u'\n').contains(u"service_stats"_s),
             qPrintable(report.violations.join(u'\n')));
}

void TestProjectionFailures::crashInSameTransactionAppliesNothingTwice()
{
    // Not even a projection that would apply a redelivered event again.
    const ProjectionOptions same = options(Policy::Skip, Mode::SameTransaction, false);
    for (Projection *projection : { static_cast<Projection *>(&m_orderSummary),
                                    static_cast<Projection *>(&m_serviceStats) }) {
        ProjectionRunner runner(*m_store, *projection, same);
        QCOMPARE(runner.poll(8, 0).checkpoint, 8);
        const QStringList before = dump(*m_store, u"SELECT * FROM "_s + projection->name());

        const auto crashed = runner.poll(8, 0, PollFaults { 3, true });
        QVERIFY2(crashed.isOk(), qPrintable(crashed.error));
        QVERIFY(crashed.crashed);
        QCOMPARE(crashed.applied, 0);
        QCOMPARE(crashed.redelivered, 0); // rolled back with the rest
        QCOMPARE(crashed.checkpoint, 8);
        QCOMPARE(runner.checkpoint(), 8);
        QCOMPARE(dump(*m_store, u"SELECT * FROM "_s + projection->name()), before);

        const auto next = runner.poll(8, 0);
        QVERIFY2(next.isOk(), qPrintable(next.error));
        QVERIFY(!next.crashed);
        QCOMPARE(next.redelivered, 0);
        QCOMPARE(next.applied, 8);
        QCOMPARE(next.checkpoint, 16);
        QVERIFY(runner.catchUp(8, 0).isOk());
    }
    const StoreVerifier::Report report = StoreVerifier(*m_store).verify();
    QVERIFY2(report.passed(), qPrintable(report.violations.join(u'\n')));
    QCOMPARE(report.projectionsChecked, standardProjectionNames());
}

void TestProjectionFailures::crashInSeparateTransactionsRedeliversTheBatch_data()
{
    QTest::addColumn<bool>("idempotent");
    QTest::newRow("idempotent") << true;
    QTest::newRow("not idempotent") << false;
}

void TestProjectionFailures::crashInSeparateTransactionsRedeliversTheBatch()
{
    QFETCH(bool, idempotent);
    const ProjectionOptions separate = options(Policy::Skip, Mode::Separate, idempotent);
    for (Projection *projection : { static_cast<Projection *>(&m_orderSummary),
                                    static_cast<Projection *>(&m_serviceStats) }) {
        ProjectionRunner runner(*m_store, *projection, separate);
        QCOMPARE(runner.poll(8, 0).checkpoint, 8);
        const auto crashed = runner.poll(8, 0, PollFaults { 0, true });
        QVERIFY2(crashed.isOk(), qPrintable(crashed.error));
        QVERIFY(crashed.crashed);
        QCOMPARE(crashed.applied, 8); // the read model is written ...
        QCOMPARE(crashed.checkpoint, 8); // ... and the checkpoint is lost
        QCOMPARE(runner.checkpoint(), 8);

        const auto next = runner.poll(8, 0);
        QVERIFY2(next.isOk(), qPrintable(next.error));
        QCOMPARE(next.redelivered, 8);
        QCOMPARE(next.duplicatesIgnored, idempotent ? 8 : 0);
        QCOMPARE(next.applied, idempotent ? 0 : 8);
        QCOMPARE(next.checkpoint, 16);
        QVERIFY(runner.catchUp(8, 0).isOk());
        QString error;
        QCOMPARE(runner.parkedCount(&error), 2);
    }
    const StoreVerifier::Report report = StoreVerifier(*m_store).verify();
    QCOMPARE(report.passed(), idempotent);
    if (!idempotent) {
        // Positions 9 to 16 are every order's OrderStarted and first batch.
        QVERIFY2(report.violations.join(u'\n').contains(
                     u"order_summary order-000001: delivered is 150, a fresh fold gives 100"_s),
                 qPrintable(report.violations.join(u'\n')));
    }
}

void TestProjectionFailures::replayParkedStopsAtTheBoundAndCountsFailedAttempts()
{
    for (Projection *projection : { static_cast<Projection *>(&m_orderSummary),
                                    static_cast<Projection *>(&m_serviceStats) }) {
        ProjectionRunner runner(*m_store, *projection, options(Policy::Skip));
        QVERIFY(runner.catchUp(100, 0).isOk());
    }
    QCOMPARE(parkedRows(*m_store),
             QStringList({ u"order_summary|18|1"_s, u"order_summary|20|1"_s,
                           u"service_stats|18|1"_s, u"service_stats|20|1"_s }));

    // The handler still has its bug: each replay fails again and stays parked.
    ParkedEvents parked(*m_store);
    QList<qint64> seen;
    const ParkedEvents::ReplayReport report
        = parked.replay({}, ProjectionOptions {}, 3, [&](const ParkedEvents::ReplayOutcome &o) {
              seen.append(o.event.position);
              return true;
          });
    QVERIFY2(report.isOk(), qPrintable(report.error));
    QCOMPARE(seen, (QList<qint64> { 18, 18, 20 })); // position order, across projections
    QCOMPARE(report.replayed, 0);
    QCOMPARE(report.failed, 3);
    QCOMPARE(report.remaining, 4);
    QVERIFY2(report.outcomes.first().error.contains(u"poison"_s),
             qPrintable(report.outcomes.first().error));
    QCOMPARE(parkedRows(*m_store),
             QStringList({ u"order_summary|18|2"_s, u"order_summary|20|2"_s,
                           u"service_stats|18|2"_s, u"service_stats|20|1"_s }));

    // One projection, one event.
    const auto one = parked.replay(u"service_stats"_s, ProjectionOptions {}, 1);
    QCOMPARE(one.failed, 1);
    QCOMPARE(one.remaining, 2);
    QCOMPARE(one.outcomes.first().event.position, 18);
    QVERIFY(!parked.replay(u"no_such"_s, ProjectionOptions {}, -1).isOk());
}

void TestProjectionFailures::replayWithTheHandlerFixedAppliesAndDeletesTheRows()
{
    for (Projection *projection : { static_cast<Projection *>(&m_orderSummary),
                                    static_cast<Projection *>(&m_serviceStats) }) {
        ProjectionRunner runner(*m_store, *projection, options(Policy::Skip));
        QVERIFY(runner.catchUp(100, 0).isOk());
    }
    ProjectionOptions fixed;
    fixed.poisonFails = false;
    ParkedEvents parked(*m_store);
    const auto report = parked.replay(u"order_summary"_s, fixed, -1);
    QVERIFY2(report.isOk(), qPrintable(report.error));
    QCOMPARE(report.replayed, 2);
    QCOMPARE(report.failed, 0);
    QCOMPARE(report.remaining, 0);
    QCOMPARE(parkedRows(*m_store),
             QStringList({ u"service_stats|18|1"_s, u"service_stats|20|1"_s }));
    // Replayed after the later events of its order, the note keeps the row's last position.
    QCOMPARE(dump(*m_store,
                  u"SELECT last_position FROM order_summary WHERE order_id = 'order-000002'"_s),
             QStringList { u"24"_s });
    QCOMPARE(m_orderSummary.differencesFromFreshFold(*m_store, Head), QStringList());

    QCOMPARE(parked.replay({}, fixed, -1).replayed, 2);
    QCOMPARE(parkedRows(*m_store), QStringList());
    QCOMPARE(m_serviceStats.differencesFromFreshFold(*m_store, Head), QStringList());
    const StoreVerifier::Report verified = StoreVerifier(*m_store).verify();
    QVERIFY2(verified.passed(), qPrintable(verified.violations.join(u'\n')));
    QCOMPARE(verified.projectionsChecked, standardProjectionNames());
    QVERIFY(!verified.notes.join(u'\n').contains(u"parked"_s));
}

void TestProjectionFailures::rebuildClearsParkedEventsAndParksThemAgain()
{
    ProjectionRunner runner(*m_store, m_orderSummary, options(Policy::Skip));
    QVERIFY(runner.catchUp(100, 1000).isOk());
    QVERIFY(m_store->execute(u"UPDATE parked_events SET attempts = 9"_s));
    QVERIFY(
        m_store->execute(u"INSERT INTO parked_events VALUES ('order_summary', 3, 'old', 1, 0)"_s));

    qint64 reports = 0;
    const auto progress = runner.rebuild(5, 2000, [&](const ProjectionRunner::Progress &p) {
        ++reports;
        return p.head == Head;
    });
    QVERIFY2(progress.isOk(), qPrintable(progress.error));
    QCOMPARE(reports, (Head + 4) / 5);
    QCOMPARE(progress.checkpoint, Head);
    QCOMPARE(progress.parked, 2);
    QCOMPARE(progress.applied, Head - 2);
    QCOMPARE(parkedRows(*m_store),
             QStringList({ u"order_summary|18|1"_s, u"order_summary|20|1"_s }));
    QCOMPARE(dump(*m_store, u"SELECT parked_at FROM parked_events"_s),
             QStringList({ u"2000"_s, u"2000"_s }));

    // Under stop, a rebuild halts where the handler fails and says so; the halt is cleared by the
    // next rebuild that gets past it.
    ProjectionRunner stopping(*m_store, m_orderSummary, options(Policy::Stop));
    const auto halted = stopping.rebuild(100, 3000);
    QVERIFY(halted.isOk());
    QCOMPARE(halted.haltedAt, FirstPoison);
    QCOMPARE(halted.checkpoint, FirstPoison - 1);
    QCOMPARE(parkedRows(*m_store), QStringList());
    QVERIFY(runner.rebuild(100, 4000).isOk());
    QString error;
    QVERIFY(!runner.halt(&error).has_value());
}

void TestProjectionFailures::verifierNotesParkedEventsAndComparesWithoutThem()
{
    for (Projection *projection : { static_cast<Projection *>(&m_orderSummary),
                                    static_cast<Projection *>(&m_serviceStats) }) {
        ProjectionRunner runner(*m_store, *projection, options(Policy::Skip));
        QVERIFY(runner.catchUp(100, 0).isOk());
    }
    StoreVerifier::Report report = StoreVerifier(*m_store).verify();
    QVERIFY2(report.passed(), qPrintable(report.violations.join(u'\n')));
    QCOMPARE(report.projectionsChecked, standardProjectionNames());
    QVERIFY2(report.notes.contains(
                 u"order_summary: 2 parked events are not in its read model (eslab parked)"_s),
             qPrintable(report.notes.join(u'\n')));
    QVERIFY(report.notes.contains(
        u"service_stats: 2 parked events are not in its read model (eslab parked)"_s));

    // A parked row for an event the read model did apply: the fold without it differs.
    QVERIFY(m_store->execute(
        u"INSERT INTO parked_events VALUES ('order_summary', 13, 'made up', 1, 0)"_s));
    report = StoreVerifier(*m_store).verify();
    QVERIFY(!report.passed());
    QVERIFY2(report.violations.join(u'\n').contains(u"order_summary order-000001: delivered is "
                                                    "100, a fresh fold gives 50"_s),
             qPrintable(report.violations.join(u'\n')));
}

QTEST_GUILESS_MAIN(TestProjectionFailures)
#include "tst_projectionfailures.moc"
