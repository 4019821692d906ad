#include "model/eventstore.h"
#include "model/storeverifier.h"
#include "simulation/scenario.h"
#include "simulation/simulation.h"

#include <QDir>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

qint64 count(EventStore &store, const QString &sql)
{
    QSqlQuery query(store.database());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

QString presetPath(const QString &name)
{
    return QStringLiteral(ESLAB_SOURCE_DIR) + u"/resources/scenarios/"_s + name + u".json"_s;
}

const QStringList Presets { u"happy_path"_s,         u"flaky_workers"_s,   u"payment_outage"_s,
                            u"worker_crash"_s,       u"projector_crash"_s, u"duplicate_delivery"_s,
                            u"concurrent_writers"_s, u"poison_event"_s,    u"schema_upgrade"_s,
                            u"snapshot_study"_s };

} // namespace

// Every preset runs headless, shows its signature in the report, and passes `verify`, except
// the one whose point is damage that `verify` must catch.
class TestPresets : public QObject
{
    Q_OBJECT

private slots:
    void everyPresetIsAScenarioFileWithBothDescriptions();
    void presetShowsItsSignatureAndVerifies_data();
    void presetShowsItsSignatureAndVerifies();
};

void TestPresets::everyPresetIsAScenarioFileWithBothDescriptions()
{
    const QStringList files = QDir(QStringLiteral(ESLAB_SOURCE_DIR) + u"/resources/scenarios"_s)
                                  .entryList({ u"*.json"_s }, QDir::Files);
    for (const QString &preset : Presets)
        QVERIFY2(files.contains(preset + u".json"_s), qPrintable(preset));
    for (const QString &file : files) {
        const ScenarioParseResult parsed = loadScenarioFile(QStringLiteral(ESLAB_SOURCE_DIR)
                                                            + u"/resources/scenarios/"_s + file);
        QVERIFY2(parsed.scenario, qPrintable(parsed.error));
        QVERIFY2(parsed.scenario->description.value(u"en"_s).size() > 100, qPrintable(file));
        QVERIFY2(parsed.scenario->description.value(u"ko"_s).size() > 50, qPrintable(file));
        // The built-in copy is the same file.
        QVERIFY(loadScenarioFile(u":/eslab/scenarios/"_s + file).scenario == parsed.scenario);
    }
}

void TestPresets::presetShowsItsSignatureAndVerifies_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<bool>("verifies");
    for (const QString &preset : Presets)
        QTest::newRow(qPrintable(preset)) << preset << (preset != u"projector_crash"_s);
}

void TestPresets::presetShowsItsSignatureAndVerifies()
{
    QFETCH(QString, preset);
    QFETCH(bool, verifies);
    const ScenarioParseResult parsed = loadScenarioFile(presetPath(preset));
    QVERIFY2(parsed.scenario, qPrintable(parsed.error));
    const Scenario &scenario = *parsed.scenario;

    QTemporaryDir dir;
    QString error;
    auto store
        = EventStore::open(dir.filePath(u"s.db"_s), EventStore::Access::ReadWriteCreate, &error);
    QVERIFY2(store, qPrintable(error));
    Simulation simulation(scenario, *store);
    QVERIFY2(simulation.run(), qPrintable(simulation.errorString()));
    const RunReport &report = simulation.report();
    const auto failures
        = [&](const char *kind) { return report.failures.value(QLatin1StringView(kind)); };
    const auto orders = [&](const char *status) {
        return report.ordersByStatus.value(QLatin1StringView(status));
    };
    const qint64 total = scenario.orders.count;

    if (preset == u"happy_path"_s) {
        QCOMPARE(orders("completed"), total);
        qint64 anyFailure = 0;
        for (qint64 value : report.failures)
            anyFailure += value;
        QCOMPARE(anyFailure, 0);
    } else if (preset == u"flaky_workers"_s) {
        QVERIFY(failures("batch_failed") > total);
        QVERIFY(failures("batch_retried") > 0);
        QVERIFY(orders("failed") > 0);
        QCOMPARE(count(*store,
                       u"SELECT COUNT(*) FROM order_summary WHERE status = 'failed' AND "
                       "points_refunded > 0"_s),
                 orders("failed"));
    } else if (preset == u"payment_outage"_s) {
        QVERIFY(orders("rejected") > total / 3);
        QCOMPARE(count(*store,
                       u"SELECT COUNT(*) FROM events WHERE stream_id IN (SELECT order_id "
                       "FROM order_summary WHERE status = 'rejected') AND event_type NOT "
                       "IN ('OrderPlaced', 'PaymentFailed')"_s),
                 0);
    } else if (preset == u"worker_crash"_s) {
        QVERIFY(failures("worker_crash") > 0);
        QVERIFY(report.unitsDeliveredExternally > report.unitsRecorded);
    } else if (preset == u"projector_crash"_s) {
        QVERIFY(failures("projector_crashes") > 0);
        QVERIFY(report.projectors.value(u"order_summary"_s).doubleApplied > 0);
    } else if (preset == u"duplicate_delivery"_s) {
        const ProjectorTotals totals = report.projectors.value(u"order_summary"_s);
        QVERIFY(totals.redelivered > 0);
        QCOMPARE(totals.duplicatesIgnored, totals.redelivered);
    } else if (preset == u"concurrent_writers"_s) {
        QVERIFY(failures("concurrency_conflicts") > 0);
        QCOMPARE(failures("concurrency_conflicts"), failures("concurrent_writes"));
    } else if (preset == u"poison_event"_s) {
        QVERIFY(failures("poison_events") > 0);
        QCOMPARE(count(*store, u"SELECT COUNT(*) FROM parked_events"_s),
                 2 * failures("poison_events"));
    } else if (preset == u"schema_upgrade"_s) {
        QVERIFY(failures("legacy_events") > 0);
        QCOMPARE(count(*store,
                       u"SELECT COUNT(*) FROM events WHERE schema_version = 1 AND "
                       "event_type = 'BatchExecuted'"_s),
                 failures("legacy_events"));
        QVERIFY(report.upcastEventsReplayed > 0);
    } else if (preset == u"snapshot_study"_s) {
        QVERIFY(report.snapshotsWritten > total);
        QVERIFY(report.eventsReplayedPerLoad.maximum() < scenario.snapshots.n + 3);
    } else {
        QFAIL("a preset without a signature check");
    }

    StoreVerifier verifier(*store);
    const StoreVerifier::Report verified = verifier.verify();
    QVERIFY2(verified.error.isEmpty(), qPrintable(verified.error));
    if (verifies) {
        QVERIFY2(verified.passed(), qPrintable(verified.violations.join(u'\n')));
    } else {
        QVERIFY2(!verified.passed(), "verify must catch the damage this preset shows");
        QVERIFY(verified.violations.join(u'\n').contains(u"order_summary"_s));
    }
}

QTEST_GUILESS_MAIN(TestPresets)
#include "tst_presets.moc"
