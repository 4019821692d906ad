#include "model/eventstore.h"
#include "simulation/simulation.h"
#include "simulation/sweep.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

constexpr qint64 LoadBudget = 30;
// One append writes at most this many events (OrderFailed with its refund, or a batch with the
// order's completion), so a load can replay at most this many more than the last one did.
constexpr qint64 MostEventsPerAppend = 3;

// 20 orders of 50 to 150 batches each: streams of roughly 50 to 200 events.
Scenario smallScenario()
{
    Scenario scenario;
    scenario.name = u"Sweep"_s;
    scenario.seed = 5;
    scenario.orders.count = 20;
    scenario.orders.quantityMin = 500;
    scenario.orders.quantityMax = 1500;
    scenario.execution.batchSize = 10;
    scenario.snapshots.eventTypes = { u"OrderStarted"_s };
    scenario.snapshots.loadBudget = LoadBudget;
    return scenario;
}

// A scenario that runs in a blink, for the sweep's mechanics.
Scenario tinyScenario()
{
    Scenario scenario = smallScenario();
    scenario.orders.count = 10;
    scenario.orders.quantityMin = 20;
    scenario.orders.quantityMax = 100;
    return scenario;
}

qint64 queryValue(EventStore &store, const QString &sql)
{
    QSqlQuery query(store.database());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

} // namespace

class TestSweep : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void settingsParseStrictly_data();
    void settingsParseStrictly();
    void rowsFollowTheSettingsWithTheReportKeys();
    void everyNBoundsEventsReplayedByItsInterval();
    void eventsReplayedGrowWithTheInterval();
    void noSnapshotsReplaysWholeStreams();
    void snapshotCountFallsAsTheIntervalGrows();
    void loadBudgetBoundsReplayNearItsBudget();
    void onEventSnapshotsOnlyAfterTheNamedTypes();
    void snapshotPolicyDoesNotChangeTheEvents();
    void loadTimesAndCostsAreMeasured();
    void manyOrdersAreSampledEvenly();
    void stopRequestKeepsTheFinishedRows();
    void temporaryStoresAreRemoved();

private:
    const SweepRow &row(const QString &label) const;

    QList<SweepRow> m_rows;
    QJsonObject m_json;
    // The same scenario run once into a store the test keeps, to compare against.
    qint64 m_longestStream = 0;
    qint64 m_ordersStarted = 0;
    qint64 m_events = 0;
    qint64 m_crossings10 = 0; // multiples of 10 the streams pass
    qint64 m_crossings50 = 0;
};

const SweepRow &TestSweep::row(const QString &label) const
{
    for (const SweepRow &row : m_rows) {
        if (row.label == label)
            return row;
    }
    qFatal("no sweep row %s", qPrintable(label));
}

void TestSweep::initTestCase()
{
    const Scenario scenario = smallScenario();
    SnapshotSweep sweep(scenario,
                        { SnapshotSetting::every(0), SnapshotSetting::every(10),
                          SnapshotSetting::every(50), SnapshotSetting::policy(u"on_event"_s),
                          SnapshotSetting::policy(u"load_budget"_s) });
    QVERIFY2(sweep.run(), qPrintable(sweep.errorString()));
    QVERIFY(!sweep.isInterrupted());
    m_rows = sweep.rows();
    m_json = sweep.toJson();

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;
    auto store = EventStore::open(dir.filePath(u"reference.db"_s),
                                  EventStore::Access::ReadWriteCreate, &error);
    QVERIFY2(store, qPrintable(error));
    Simulation simulation(scenario, *store);
    QVERIFY2(simulation.run(), qPrintable(simulation.errorString()));
    m_longestStream = queryValue(*store, u"SELECT MAX(stream_version) FROM events"_s);
    m_ordersStarted
        = queryValue(*store, u"SELECT COUNT(*) FROM events WHERE event_type = 'OrderStarted'"_s);
    m_events = queryValue(*store, u"SELECT COUNT(*) FROM events"_s);
    m_crossings10 = queryValue(*store,
                               u"SELECT SUM(v / 10) FROM (SELECT MAX(stream_version) AS v "
                               "FROM events GROUP BY stream_id)"_s);
    m_crossings50 = queryValue(*store,
                               u"SELECT SUM(v / 50) FROM (SELECT MAX(stream_version) AS v "
                               "FROM events GROUP BY stream_id)"_s);
    QVERIFY(m_longestStream >= 50 && m_longestStream <= 250);
    QVERIFY(m_ordersStarted > 0);
}

void TestSweep::settingsParseStrictly_data()
{
    QTest::addColumn<QVariant>("intervals");
    QTest::addColumn<QVariant>("policies");
    QTest::addColumn<QStringList>("labels"); // empty: rejected
    QTest::addColumn<QString>("errorNames");

    const QVariant absent;
    QTest::newRow("intervals") << QVariant(u"0,10,50,100,500"_s) << absent
                               << QStringList { u"none"_s, u"every 10"_s, u"every 50"_s,
                                                u"every 100"_s, u"every 500"_s }
                               << QString();
    QTest::newRow("spaces allowed") << QVariant(u"10, 20"_s) << absent
                                    << QStringList { u"every 10"_s, u"every 20"_s } << QString();
    QTest::newRow("policies after intervals")
        << QVariant(u"10"_s) << QVariant(u"load_budget,on_event"_s)
        << QStringList { u"every 10"_s, u"load_budget(30)"_s, u"on_event(OrderStarted)"_s }
        << QString();
    QTest::newRow("every_n takes the scenario's n")
        << absent << QVariant(u"every_n,none"_s) << QStringList { u"every_n(100)"_s, u"none"_s }
        << QString();
    QTest::newRow("not an integer")
        << QVariant(u"10,abc"_s) << absent << QStringList() << u"'abc' is not an integer"_s;
    QTest::newRow("fraction") << QVariant(u"2.5"_s) << absent << QStringList()
                              << u"'2.5' is not an integer"_s;
    QTest::newRow("negative") << QVariant(u"10,-5"_s) << absent << QStringList()
                              << u"'-5' is negative"_s;
    QTest::newRow("empty value") << QVariant(u"10,,50"_s) << absent << QStringList()
                                 << u"empty value"_s;
    QTest::newRow("empty list") << QVariant(QString()) << absent << QStringList()
                                << u"empty value"_s;
    QTest::newRow("duplicate interval") << QVariant(u"10,50,10"_s) << absent << QStringList()
                                        << u"--snapshot-every 10 is listed twice"_s;
    QTest::newRow("unknown policy") << absent << QVariant(u"on_event,sometimes"_s) << QStringList()
                                    << u"'sometimes' is not a snapshot policy"_s;
    QTest::newRow("duplicate policy") << absent << QVariant(u"on_event,on_event"_s) << QStringList()
                                      << u"--policies on_event is listed twice"_s;
    QTest::newRow("0 is none") << QVariant(u"0"_s) << QVariant(u"none"_s) << QStringList()
                               << u"--snapshot-every 0 and --policies none make the same run"_s;
    QTest::newRow("n is every_n")
        << QVariant(u"100"_s) << QVariant(u"every_n"_s) << QStringList()
        << u"--snapshot-every 100 and --policies every_n make the same run"_s;
    QTest::newRow("nothing") << absent << absent << QStringList() << u"no snapshot settings"_s;
}

void TestSweep::settingsParseStrictly()
{
    QFETCH(QVariant, intervals);
    QFETCH(QVariant, policies);
    QFETCH(QStringList, labels);
    QFETCH(QString, errorNames);

    const Scenario::Snapshots base = smallScenario().snapshots;
    auto optional = [](const QVariant &value) {
        return value.isValid() ? std::optional<QString>(value.toString()) : std::nullopt;
    };
    const SnapshotSettingsParseResult result
        = parseSnapshotSettings(optional(intervals), optional(policies), base);
    if (labels.isEmpty()) {
        QVERIFY(!result.settings);
        QVERIFY2(result.error.contains(errorNames), qPrintable(result.error));
        QVERIFY(!result.error.contains(u'\n'));
        return;
    }
    QVERIFY2(result.settings, qPrintable(result.error));
    QStringList parsed;
    for (const SnapshotSetting &setting : *result.settings)
        parsed.append(setting.label(base));
    QCOMPARE(parsed, labels);
}

void TestSweep::rowsFollowTheSettingsWithTheReportKeys()
{
    const QStringList labels { u"none"_s, u"every 10"_s, u"every 50"_s, u"on_event(OrderStarted)"_s,
                               u"load_budget(30)"_s };
    QCOMPARE(m_rows.size(), labels.size());
    for (qsizetype i = 0; i < labels.size(); ++i)
        QCOMPARE(m_rows.at(i).label, labels.at(i));

    const QJsonArray rows = m_json.value(u"rows"_s).toArray();
    QCOMPARE(rows.size(), labels.size());
    QCOMPARE(m_json.value(u"seed"_s).toInteger(), 5);
    QCOMPARE(m_json.value(u"orders"_s).toInteger(), 20);
    QCOMPARE(m_json.value(u"scenario"_s).toString(), u"Sweep"_s);
    const QStringList measures { u"events_replayed_mean"_s,
                                 u"events_replayed_p95"_s,
                                 u"events_replayed_max"_s,
                                 u"load_ms_mean"_s,
                                 u"load_ms_p95"_s,
                                 u"loads_measured"_s,
                                 u"measured_events_replayed_mean"_s,
                                 u"snapshots_written"_s,
                                 u"snapshot_bytes"_s,
                                 u"event_bytes"_s,
                                 u"events"_s,
                                 u"snapshot_write_ms"_s,
                                 u"snapshot_write_share"_s,
                                 u"run_wall_ms"_s };
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QJsonObject row = rows.at(i).toObject();
        for (const QString &key : measures)
            QVERIFY2(row.value(key).isDouble(), qPrintable(key));
        QCOMPARE(row.size(), measures.size() + 1);
    }
    // An integer snapshot_every for intervals (0 = none), policy in its place for policies.
    const QList<qint64> intervals { 0, 10, 50 };
    for (qsizetype i = 0; i < intervals.size(); ++i) {
        const QJsonValue every = rows.at(i).toObject().value(u"snapshot_every"_s);
        QCOMPARE(every.toVariant().typeId(), QMetaType::LongLong);
        QCOMPARE(every.toInteger(-1), intervals.at(i));
        QVERIFY(!rows.at(i).toObject().contains(u"policy"_s));
    }
    QCOMPARE(rows.at(3).toObject().value(u"policy"_s).toString(), u"on_event"_s);
    QVERIFY(!rows.at(3).toObject().contains(u"snapshot_every"_s));
    QCOMPARE(rows.at(4).toObject().value(u"policy"_s).toString(), u"load_budget"_s);
    QCOMPARE(rows.at(1).toObject().value(u"events_replayed_max"_s).toInteger(),
             row(u"every 10"_s).eventsReplayedMax);
}

void TestSweep::everyNBoundsEventsReplayedByItsInterval()
{
    for (qint64 n : { 10, 50 }) {
        const SweepRow &every = row(u"every %1"_s.arg(n));
        QVERIFY2(every.eventsReplayedMax < n + MostEventsPerAppend,
                 qPrintable(u"every %1 replayed up to %2"_s.arg(n).arg(every.eventsReplayedMax)));
        QVERIFY(every.measuredEventsReplayedMax < n + MostEventsPerAppend);
        QVERIFY(every.eventsReplayedP95 <= every.eventsReplayedMax);
        QVERIFY(every.eventsReplayedMean <= double(every.eventsReplayedMax));
        QVERIFY(every.runLoads > 0);
    }
}

void TestSweep::eventsReplayedGrowWithTheInterval()
{
    const SweepRow &every10 = row(u"every 10"_s);
    const SweepRow &every50 = row(u"every 50"_s);
    const SweepRow &none = row(u"none"_s);
    QVERIFY(every10.eventsReplayedMax < every50.eventsReplayedMax);
    QVERIFY(every50.eventsReplayedMax < none.eventsReplayedMax);
    QVERIFY(every10.eventsReplayedMean < every50.eventsReplayedMean);
    QVERIFY(every50.eventsReplayedMean < none.eventsReplayedMean);
    QVERIFY(every10.measuredEventsReplayedMean < every50.measuredEventsReplayedMean);
    QVERIFY(every50.measuredEventsReplayedMean < none.measuredEventsReplayedMean);
}

void TestSweep::noSnapshotsReplaysWholeStreams()
{
    const SweepRow &none = row(u"none"_s);
    QCOMPARE(none.snapshotsWritten, qint64(0));
    QCOMPARE(none.snapshotBytes, qint64(0));
    QCOMPARE(none.snapshotWriteMs, 0.0);
    // Loading after the run replays the longest stream whole; the run's own last load of it came
    // before its final append.
    QCOMPARE(none.measuredEventsReplayedMax, m_longestStream);
    QVERIFY(none.eventsReplayedMax < m_longestStream);
    QVERIFY(none.eventsReplayedMax >= m_longestStream - MostEventsPerAppend);
}

void TestSweep::snapshotCountFallsAsTheIntervalGrows()
{
    const SweepRow &every10 = row(u"every 10"_s);
    const SweepRow &every50 = row(u"every 50"_s);
    QVERIFY(every10.snapshotsWritten > every50.snapshotsWritten);
    QVERIFY(every50.snapshotsWritten > 0);
    QVERIFY(every10.snapshotBytes > every50.snapshotBytes);
    QVERIFY(every50.snapshotBytes > 0);
    // One snapshot per multiple of N a stream passes (an append adds fewer than N events).
    QCOMPARE(every10.snapshotsWritten, m_crossings10);
    QCOMPARE(every50.snapshotsWritten, m_crossings50);
}

void TestSweep::loadBudgetBoundsReplayNearItsBudget()
{
    const SweepRow &budget = row(u"load_budget(30)"_s);
    // A snapshot follows the first load past the budget, so no load goes far past it.
    QVERIFY2(budget.eventsReplayedMax > LoadBudget,
             qPrintable(QString::number(budget.eventsReplayedMax)));
    QVERIFY(budget.eventsReplayedMax <= LoadBudget + MostEventsPerAppend);
    QVERIFY(budget.measuredEventsReplayedMax <= LoadBudget + MostEventsPerAppend);
    QVERIFY(budget.snapshotsWritten > 0);
    QVERIFY(budget.snapshotsWritten < row(u"every 10"_s).snapshotsWritten);
}

void TestSweep::onEventSnapshotsOnlyAfterTheNamedTypes()
{
    // OrderStarted happens once per started order, so its snapshots number exactly those.
    const SweepRow &onEvent = row(u"on_event(OrderStarted)"_s);
    QCOMPARE(onEvent.snapshotsWritten, m_ordersStarted);
    QVERIFY(onEvent.snapshotBytes > 0);
    // A snapshot at the start saves only the three events before it.
    QVERIFY(onEvent.measuredEventsReplayedMean < row(u"none"_s).measuredEventsReplayedMean);
    QVERIFY(onEvent.measuredEventsReplayedMean
            >= row(u"none"_s).measuredEventsReplayedMean - MostEventsPerAppend);
}

void TestSweep::snapshotPolicyDoesNotChangeTheEvents()
{
    for (const SweepRow &row : std::as_const(m_rows)) {
        QCOMPARE(row.events, m_events);
        QVERIFY(row.eventBytes > row.events * 50);
        QCOMPARE(row.loadsMeasured, qint64(20));
    }
}

void TestSweep::loadTimesAndCostsAreMeasured()
{
    for (const SweepRow &row : std::as_const(m_rows)) {
        QVERIFY(row.loadMsMean > 0);
        QVERIFY(row.loadMsP95 > 0);
        QVERIFY(row.loadMsMean < 1000);
        QVERIFY(row.runWallMs > 0);
        if (row.snapshotsWritten > 0) {
            QVERIFY(row.snapshotWriteMs > 0);
            QVERIFY(row.snapshotWriteShare() > 0);
            QVERIFY(row.snapshotWriteShare() < 1);
        }
    }
}

void TestSweep::manyOrdersAreSampledEvenly()
{
    SnapshotSweep sweep(tinyScenario(), { SnapshotSetting::every(0) });
    sweep.setMaxMeasuredOrders(4);
    sweep.setLoadRepeats(1);
    QVERIFY2(sweep.run(), qPrintable(sweep.errorString()));
    QCOMPARE(sweep.rows().size(), 1);
    QCOMPARE(sweep.rows().first().loadsMeasured, qint64(4));
    QVERIFY(sweep.rows().first().loadMsMean > 0);
}

void TestSweep::stopRequestKeepsTheFinishedRows()
{
    SnapshotSweep sweep(
        tinyScenario(),
        { SnapshotSetting::every(0), SnapshotSetting::every(10), SnapshotSetting::every(20) });
    QList<int> settingsSeen;
    bool stop = false;
    const bool ok
        = sweep.run([&] { return stop; },
                    [&](const SnapshotSweep::Progress &progress) {
                        QCOMPARE(progress.settings, 3);
                        if (settingsSeen.isEmpty() || settingsSeen.last() != progress.setting)
                            settingsSeen.append(progress.setting);
                        stop = progress.setting == 1
                            && progress.phase == SnapshotSweep::Progress::Phase::Running;
                    },
                    0);
    QVERIFY2(ok, qPrintable(sweep.errorString()));
    QVERIFY(sweep.isInterrupted());
    QCOMPARE(settingsSeen, (QList<int> { 0, 1 }));
    QCOMPARE(sweep.rows().size(), 1);
    QCOMPARE(sweep.rows().first().label, u"none"_s);
    QCOMPARE(sweep.toJson().value(u"rows"_s).toArray().size(), 1);
}

void TestSweep::temporaryStoresAreRemoved()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const bool wasSet = qEnvironmentVariableIsSet("TMPDIR");
    const QByteArray previous = qgetenv("TMPDIR");
    qputenv("TMPDIR", QFile::encodeName(tmp.path()));
    SnapshotSweep sweep(tinyScenario(), { SnapshotSetting::every(10) });
    const bool ok = sweep.run();
    if (wasSet)
        qputenv("TMPDIR", previous);
    else
        qunsetenv("TMPDIR");
    QVERIFY2(ok, qPrintable(sweep.errorString()));
    QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
}

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
