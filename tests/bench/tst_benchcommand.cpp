#include "commandlinetest.h"

#include "tests/support/teststores.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

// `eslab bench` end to end, small: the shape of its output and its bad-input exits. The figures
// themselves are the bench's business (docs/PERFORMANCE.md), not this test's.
class TestBenchCommand : public QObject
{
    Q_OBJECT

private slots:
    void smallBenchPrintsOneJsonObjectWithEveryRatio();
    void badEventsExitsTwoWithOneLine_data();
    void badEventsExitsTwoWithOneLine();
    void smallBenchOnPostgresqlAddsItsFiguresAndLeavesNoStore();
    void postgresqlDatabaseHoldingAStoreIsRefusedBeforeMeasuring();
    void unreachablePostgresqlIsRefusedWithOneLine();
    void storeFileIsRefusedWithOneLine();
};

void TestBenchCommand::smallBenchPrintsOneJsonObjectWithEveryRatio()
{
    const Result result = runEslab({ QStringLiteral("bench"), QStringLiteral("--events"),
                                     QStringLiteral("20000"), QStringLiteral("--json") },
                                   540'000);
    QCOMPARE(result.exitCode, 0);
    // Progress goes to a terminal only; stdout is the JSON object and nothing else.
    QVERIFY2(!result.err.contains('\r'), result.err.constData());
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(result.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QVERIFY(document.isObject());
    const QJsonObject json = document.object();

    const char *const ratios[]
        = { "append1_vs_raw_insert1", "append100_vs_raw_insert100", "run_vs_raw_insert100",
            "rebuild_vs_raw_read",    "snapshot_load_vs_full_load", "peak_rss_mb" };
    for (const char *key : ratios) {
        const QJsonValue value = json.value(QLatin1String(key));
        QVERIFY2(value.isDouble() && value.toDouble() > 0, key);
    }
    const char *const window[] = { "window_first_page_ms", "window_last_row_ms", "gui_max_stall_ms",
                                   "chart_1m_repaint_ms" };
    for (const char *key : window) {
        const QJsonValue value = json.value(QLatin1String(key));
        QVERIFY2(value.isDouble() && value.toDouble() >= 0, key);
    }

    const QJsonObject targets = json.value(QStringLiteral("targets")).toObject();
    QCOMPARE(targets.size(), 10);
    for (auto it = targets.constBegin(); it != targets.constEnd(); ++it) {
        const QJsonObject target = it.value().toObject();
        QVERIFY2(target.value(QStringLiteral("value")).isDouble(), qPrintable(it.key()));
        QVERIFY2(target.value(QStringLiteral("limit")).isDouble(), qPrintable(it.key()));
        QVERIFY2(target.value(QStringLiteral("met")).isBool(), qPrintable(it.key()));
        QCOMPARE(target.value(QStringLiteral("value")).toDouble(), json.value(it.key()).toDouble());
    }
    QVERIFY(json.value(QStringLiteral("unmeasured")).toObject().isEmpty());
    QCOMPARE(json.value(QStringLiteral("events_requested")).toInteger(), 20000);

    // The run is held to the faster of the two orders the raw inserts take.
    const double byStream = json.value(QStringLiteral("raw_insert100_events_per_s")).toDouble();
    const double inOrder
        = json.value(QStringLiteral("raw_insert100_in_order_events_per_s")).toDouble();
    QVERIFY(byStream > 0 && inOrder > 0);
    QCOMPARE(json.value(QStringLiteral("raw_insert100_faster_order_events_per_s")).toDouble(),
             std::max(byStream, inOrder));
    QCOMPARE(json.value(QStringLiteral("run_vs_raw_insert100")).toDouble(),
             json.value(QStringLiteral("run_events_per_s")).toDouble()
                 / std::max(byStream, inOrder));
    // Raw inserts of every one of the run's events, into one store, are reported beside it.
    QCOMPARE(json.value(QStringLiteral("raw_insert100_whole_run_events")).toDouble(),
             json.value(QStringLiteral("run_events")).toDouble());
    QVERIFY(json.value(QStringLiteral("raw_insert100_whole_run_events_per_s")).toDouble() > 0);
}

void TestBenchCommand::badEventsExitsTwoWithOneLine_data()
{
    QTest::addColumn<QString>("events");
    QTest::newRow("zero") << QStringLiteral("0");
    QTest::newRow("letters") << QStringLiteral("x");
    QTest::newRow("negative") << QStringLiteral("-5");
    QTest::newRow("fraction") << QStringLiteral("1.5");
    QTest::newRow("too many") << QStringLiteral("1000000000000");
}

void TestBenchCommand::badEventsExitsTwoWithOneLine()
{
    QFETCH(QString, events);
    const Result result = runEslab({ QStringLiteral("bench"), QStringLiteral("--events"), events });
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(isOneLine(result.err), result.err.constData());
    QVERIFY(result.err.contains("--events"));
    QVERIFY(result.out.isEmpty());
}

void TestBenchCommand::smallBenchOnPostgresqlAddsItsFiguresAndLeavesNoStore()
{
    TESTSTORES_START_CLUSTER();
    const QString location = teststores::cluster().newDatabase();
    QVERIFY(!location.isEmpty());
    const Result result
        = runEslab({ QStringLiteral("bench"), QStringLiteral("--events"), QStringLiteral("3000"),
                     QStringLiteral("--json"), QStringLiteral("--db"), location },
                   540'000);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonObject json = QJsonDocument::fromJson(result.out).object();
    // The SQLite figures as without a server, then PostgreSQL's apart.
    QVERIFY(json.value(QStringLiteral("append1_vs_raw_insert1")).toDouble() > 0);
    const QJsonObject postgres = json.value(QStringLiteral("postgresql")).toObject();
    QCOMPARE(postgres.value(QStringLiteral("server")).toString(), location);
    for (const char *key :
         { "append1_events_per_s", "append100_events_per_s", "rebuild_order_summary_events_per_s",
           "rebuild_service_stats_events_per_s" })
        QVERIFY2(postgres.value(QLatin1String(key)).toDouble() > 0, key);
    QVERIFY(json.value(QStringLiteral("unmeasured")).toObject().isEmpty());
    // The bench removed the store it made.
    QVERIFY(!eslab::EventStore::exists(location));
}

void TestBenchCommand::postgresqlDatabaseHoldingAStoreIsRefusedBeforeMeasuring()
{
    TESTSTORES_START_CLUSTER();
    const QString location = teststores::cluster().newDatabase();
    QCOMPARE(runEslab({ QStringLiteral("run"), QStringLiteral("--db"), location,
                        QStringLiteral("--orders"), QStringLiteral("2") })
                 .exitCode,
             0);
    const Result result = runEslab({ QStringLiteral("bench"), QStringLiteral("--db"), location });
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(isOneLine(result.err), result.err.constData());
    QVERIFY(result.err.contains("holds a store"));
    QVERIFY(result.out.isEmpty());
    QCOMPARE(runEslab({ QStringLiteral("verify"), QStringLiteral("--db"), location }).exitCode, 0);
}

void TestBenchCommand::unreachablePostgresqlIsRefusedWithOneLine()
{
    const QString nowhere
        = QStringLiteral("postgresql://eslab@127.0.0.1:%1/eslab").arg(teststores::freePort());
    const Result result = runEslab({ QStringLiteral("bench"), QStringLiteral("--db"), nowhere });
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(isOneLine(result.err), result.err.constData());
    QVERIFY(result.err.contains("cannot open"));
    QVERIFY(result.out.isEmpty());
}

void TestBenchCommand::storeFileIsRefusedWithOneLine()
{
    const Result result
        = runEslab({ QStringLiteral("bench"), QStringLiteral("--db"), QStringLiteral("x.db") });
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(isOneLine(result.err), result.err.constData());
    QVERIFY(result.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestBenchCommand)

#include "tst_benchcommand.moc"
