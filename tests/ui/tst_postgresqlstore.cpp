#include "model/eventstore.h"
#include "model/order.h"
#include "simulation/simulationcontroller.h"
#include "ui/dashboardtab.h"
#include "ui/mainwindow.h"
#include "ui/storereader.h"

#include "tests/support/teststores.h"
#include "tests/ui/commandlinetest.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTreeView>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

QString preset(const QString &name)
{
    return QStringLiteral(ESLAB_SOURCE_DIR "/resources/scenarios/") + name + u".json"_s;
}

QJsonObject reportOf(const Result &result)
{
    return QJsonDocument::fromJson(result.out).object();
}

qint64 eventsIn(const QString &location)
{
    QString error;
    const auto store = EventStore::open(location, EventStore::Access::ReadOnly, &error);
    return store ? store->headPosition() : -1;
}

} // namespace

// The command line on a PostgreSQL store, end to end, on a throwaway cluster: the same runs as
// on SQLite, `reset`, and team mode (two simulators on one store).
class TestPostgresqlStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void runEqualsTheSqliteRunOfTheSameSeedAndVerifies_data();
    void runEqualsTheSqliteRunOfTheSameSeedAndVerifies();
    void resetNeedsConfirmationThenRemovesTheStore();
    void resetRefusesAStoreFile();
    void unreachableServerIsOneLineAndExitCode2();
    void joiningSimulatorRacesTheRunInProgress();
    void windowRunsOnAPostgresStoreAndRemembersItsAddress();
    void windowReportsAnUnreachableServer();

private:
    QTemporaryDir m_dir;
};

void TestPostgresqlStore::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       m_dir.filePath(u"settings"_s));
    QCoreApplication::setOrganizationName(u"eslab-tests"_s);
    TESTSTORES_START_CLUSTER();
}

void TestPostgresqlStore::runEqualsTheSqliteRunOfTheSameSeedAndVerifies_data()
{
    QTest::addColumn<QString>("scenario");
    // Retries and refunds, old-schema events, and read models a projector crash damaged.
    for (const QString &name : { u"flaky_workers"_s, u"schema_upgrade"_s, u"projector_crash"_s })
        QTest::newRow(qPrintable(name)) << name;
}

void TestPostgresqlStore::runEqualsTheSqliteRunOfTheSameSeedAndVerifies()
{
    QFETCH(QString, scenario);
    const QString sqlite = m_dir.filePath(scenario + u".db"_s);
    const QString postgres = teststores::cluster().newDatabase();
    QVERIFY2(!postgres.isEmpty(), qPrintable(teststores::cluster().errorString()));

    // Two runs each: the second run on a store numbers its orders after the first's.
    for (const QString &location : { sqlite, postgres }) {
        for (const char *orders : { "8", "4" }) {
            const Result run = runEslab({ u"run"_s, preset(scenario), u"--db"_s, location,
                                          u"--orders"_s, QLatin1StringView(orders) });
            QVERIFY2(run.exitCode == 0, run.err.constData());
        }
    }
    const Result fromSqlite
        = runEslab({ u"export"_s, u"--db"_s, sqlite, u"--format"_s, u"json"_s });
    const Result fromPostgres
        = runEslab({ u"export"_s, u"--db"_s, postgres, u"--format"_s, u"json"_s });
    QCOMPARE(fromSqlite.exitCode, 0);
    QCOMPARE(fromPostgres.exitCode, 0);
    QVERIFY(fromSqlite.out.size() > 1000);
    // Every event, byte for byte: ids, payloads, metadata, positions, recorded_at.
    QVERIFY(fromPostgres.out == fromSqlite.out);

    // The same verdict, with the same findings, as on SQLite.
    const Result verify = runEslab({ u"verify"_s, u"--db"_s, postgres });
    const Result sqliteVerify = runEslab({ u"verify"_s, u"--db"_s, sqlite });
    QVERIFY2(verify.exitCode == (scenario == u"projector_crash" ? 1 : 0),
             QByteArray(verify.out + verify.err).constData());
    QCOMPARE(verify.exitCode, sqliteVerify.exitCode);
    QCOMPARE(verify.out, sqliteVerify.out);
    const Result status = runEslab({ u"status"_s, u"--db"_s, postgres, u"--json"_s });
    QCOMPARE(status.exitCode, 0);
    const Result sqliteStatus = runEslab({ u"status"_s, u"--db"_s, sqlite, u"--json"_s });
    QJsonObject statusJson = QJsonDocument::fromJson(status.out).object();
    QJsonObject sqliteJson = QJsonDocument::fromJson(sqliteStatus.out).object();
    statusJson.remove(u"store"_s);
    sqliteJson.remove(u"store"_s);
    QCOMPARE(statusJson, sqliteJson);
}

void TestPostgresqlStore::resetNeedsConfirmationThenRemovesTheStore()
{
    const QString location = teststores::cluster().newDatabase();
    QVERIFY(!location.isEmpty());
    QCOMPARE(runEslab({ u"run"_s, u"--db"_s, location, u"--orders"_s, u"3"_s }).exitCode, 0);
    const qint64 head = eventsIn(location);
    QVERIFY(head > 0);

    const Result unconfirmed = runEslab({ u"reset"_s, u"--db"_s, location });
    QCOMPARE(unconfirmed.exitCode, 2);
    QVERIFY2(isOneLine(unconfirmed.err), unconfirmed.err.constData());
    QVERIFY(unconfirmed.err.contains("--yes"));
    QCOMPARE(eventsIn(location), head);

    const Result reset = runEslab({ u"reset"_s, u"--db"_s, location, u"--yes"_s });
    QVERIFY2(reset.exitCode == 0, reset.err.constData());
    const Result status = runEslab({ u"status"_s, u"--db"_s, location });
    QCOMPARE(status.exitCode, 2);
    QVERIFY2(status.err.contains("no store"), status.err.constData());
    // Afresh: a new run starts again at position 1 and order 1.
    const Result again = runEslab({ u"run"_s, u"--db"_s, location, u"--orders"_s, u"2"_s });
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(reportOf(again).value(u"order_numbers"_s).toObject().value(u"first"_s).toInteger(), 1);
}

void TestPostgresqlStore::resetRefusesAStoreFile()
{
    const QString path = m_dir.filePath(u"kept.db"_s);
    QCOMPARE(runEslab({ u"run"_s, u"--db"_s, path, u"--orders"_s, u"2"_s }).exitCode, 0);
    const QByteArray before = fileDigest(path);
    const Result reset = runEslab({ u"reset"_s, u"--db"_s, path, u"--yes"_s });
    QCOMPARE(reset.exitCode, 2);
    QVERIFY2(isOneLine(reset.err), reset.err.constData());
    QCOMPARE(fileDigest(path), before);
}

void TestPostgresqlStore::unreachableServerIsOneLineAndExitCode2()
{
    const QString nowhere = u"postgresql://eslab@127.0.0.1:%1/store"_s.arg(teststores::freePort());
    for (const QStringList &arguments :
         { QStringList { u"run"_s, u"--db"_s, nowhere, u"--orders"_s, u"1"_s },
           QStringList { u"status"_s, u"--db"_s, nowhere },
           QStringList { u"verify"_s, u"--db"_s, nowhere } }) {
        const Result result = runEslab(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(isOneLine(result.err), result.err.constData());
        QVERIFY2(result.err.contains(nowhere.toUtf8()), result.err.constData());
    }
}

void TestPostgresqlStore::joiningSimulatorRacesTheRunInProgress()
{
    const QString location = teststores::cluster().newDatabase();
    QVERIFY(!location.isEmpty());
    // Long orders (40 to 80 batches) worked by eight workers on each side, so that the two
    // runs share many open orders for seconds: the first goes on while the second joins it,
    // even on a loaded machine.
    const QString scenario = m_dir.filePath(u"team.json"_s);
    QVERIFY(writeFile(scenario,
                      R"({"name": "Team", "orders": {"count": 400, "arrival_per_min": 600,
                          "quantity": {"min": 2000, "max": 4000}}, "execution": {"workers": 8},
                          "failures": {"batch_failure_rate": 0.05}})"));
    QProcess first;
    first.start(QStringLiteral(ESLAB_BINARY), { u"run"_s, scenario, u"--db"_s, location });
    QVERIFY(first.waitForStarted());
    QElapsedTimer waited;
    waited.start();
    while (eventsIn(location) < 200 && first.state() == QProcess::Running
           && waited.elapsed() < 60'000)
        QThread::msleep(20);
    QVERIFY2(first.state() == QProcess::Running, "the first run ended before the second joined");

    const Result second = runEslab({ u"run"_s, scenario, u"--db"_s, location, u"--join"_s,
                                     u"--orders"_s, u"20"_s, u"--seed"_s, u"7"_s },
                                   300'000);
    QVERIFY(first.waitForFinished(300'000));
    QVERIFY2(second.exitCode == 0, second.err.constData());
    QCOMPARE(first.exitCode(), 0);
    const QJsonObject firstReport = QJsonDocument::fromJson(first.readAllStandardOutput()).object();
    const QJsonObject secondReport = reportOf(second);

    // The second took orders of the first and appended batches to them, and the runs met each
    // other's appends as expected-version conflicts, which they retried. (Which of the two
    // meets them depends on how their group commits interleave.)
    QVERIFY(secondReport.value(u"joined_orders"_s).toInteger() > 0);
    const QString secondRun = secondReport.value(u"run_id"_s).toString();
    const QJsonObject firstOrders = firstReport.value(u"order_numbers"_s).toObject();
    qint64 batchesOfTheFirstBySecond = 0;
    {
        QString error;
        const auto store = EventStore::open(location, EventStore::Access::ReadOnly, &error);
        QVERIFY2(store, qPrintable(error));
        for (const RecordedEvent &event : store->readAll(0, 1'000'000)) {
            const qint64 order = orderNumberOf(event.streamId);
            batchesOfTheFirstBySecond += event.eventType == u"BatchExecuted"
                    && event.metadata.contains(secondRun.toUtf8())
                    && order >= firstOrders.value(u"first"_s).toInteger()
                    && order <= firstOrders.value(u"last"_s).toInteger()
                ? 1
                : 0;
        }
    }
    QVERIFY2(batchesOfTheFirstBySecond > 0, "the joining run executed no batch of the first's");
    const auto conflicts = [](const QJsonObject &report) {
        return report.value(u"failures"_s).toObject().value(u"concurrency_conflicts"_s).toInteger();
    };
    QVERIFY2(conflicts(firstReport) + conflicts(secondReport) > 0, "the runs met no conflict");
    // Each run counts its own orders, every one finished.
    const auto finished = [](const QJsonObject &report) {
        qint64 count = 0;
        const QJsonObject orders = report.value(u"orders"_s).toObject();
        for (auto it = orders.constBegin(); it != orders.constEnd(); ++it) {
            if (it.key() != u"in_progress" && it.key() != u"placed" && it.key() != u"paid")
                count += it.value().toInteger();
        }
        return count;
    };
    QCOMPARE(finished(firstReport), 400);
    QCOMPARE(finished(secondReport), 20);
    // No event lost or doubled: the store holds exactly what the two reports appended.
    QCOMPARE(eventsIn(location),
             firstReport.value(u"events"_s).toInteger()
                 + secondReport.value(u"events"_s).toInteger());
    const Result verify = runEslab({ u"verify"_s, u"--db"_s, location });
    QVERIFY2(verify.exitCode == 0, QByteArray(verify.out + verify.err).constData());
}

void TestPostgresqlStore::windowRunsOnAPostgresStoreAndRemembersItsAddress()
{
    // A database with no store yet: the window's first run makes one.
    const QString location = teststores::cluster().newDatabase();
    QVERIFY(!location.isEmpty());
    {
        MainWindow window(location);
        QCOMPARE(window.storeLocation(), location);
        QVERIFY2(window.windowTitle().contains(QUrl(location).path().mid(1)),
                 qPrintable(window.windowTitle()));
        QSignalSpy failed(window.reader(), &StoreReader::failed);
        QSignalSpy finished(window.controller(), &SimulationController::finished);
        window.showTab(MainWindow::Tab::Dashboard);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Scenario scenario;
        scenario.orders.count = 5;
        scenario.orders.quantityMin = 100;
        scenario.orders.quantityMax = 200;
        window.controller()->start(scenario, window.storeLocation());
        QVERIFY(finished.wait(60'000));
        const qint64 events = eventsIn(location);
        QCOMPARE(finished.first().first().toJsonObject().value(u"events"_s).toInteger(), events);
        QStringList texts;
        for (QLabel *label : window.statusBar()->findChildren<QLabel *>())
            texts.append(label->text());
        QVERIFY2(texts.join(u" | "_s).contains(location), qPrintable(texts.join(u" | "_s)));
        auto *summary = window.findChild<DashboardTab *>()->findChild<QLabel *>(u"summary"_s);
        QVERIFY(summary);
        QTRY_VERIFY2(summary->text().contains(QLocale().toString(events) + u"</b> events"_s),
                     qPrintable(summary->text()));
        // Each tab reads the server: the inspector lists the orders, the projections tab has
        // caught up, with no error shown anywhere.
        window.showTab(MainWindow::Tab::Inspector);
        const auto *orders = window.findChild<QTreeView *>(u"orderList"_s);
        QVERIFY(orders);
        QTRY_COMPARE(orders->model()->rowCount(), 5);
        window.showTab(MainWindow::Tab::Projections);
        const auto *projections = window.findChild<QTableView *>(u"projectionTable"_s);
        QVERIFY(projections);
        QTRY_COMPARE(projections->model()->rowCount(), 2);
        QTRY_COMPARE(projections->model()->index(0, 2).data().toString(),
                     QLocale().toString(events));
        // Being created is not an error.
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        window.close();
    }
    MainWindow again(QString {});
    QCOMPARE(again.storeLocation(), location);
}

void TestPostgresqlStore::windowReportsAnUnreachableServer()
{
    StoreReader reader;
    QSignalSpy failed(&reader, &StoreReader::failed);
    const QString nowhere = u"postgresql://eslab@127.0.0.1:%1/store"_s.arg(teststores::freePort());
    reader.setLocation(nowhere);
    reader.read<qint64>(
        this, [](EventStore &store) { return store.headPosition(); }, [](qint64) {});
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10'000);
    QVERIFY2(failed.first().first().toString().contains(u"cannot open"_s),
             qPrintable(failed.first().first().toString()));
}

QTEST_MAIN(TestPostgresqlStore)
#include "tst_postgresqlstore.moc"
