#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include "commandlinetest.h"

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

bool execOnStore(const QString &path, const QString &sql)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tamper"_s);
        db.setDatabaseName(path);
        ok = db.open() && QSqlQuery(db).exec(sql);
        db.close();
    }
    QSqlDatabase::removeDatabase(u"tamper"_s);
    return ok;
}

const QByteArray SmallScenario = R"({
  "name": "Small", "seed": 11,
  "orders": {"count": 12, "quantity": {"min": 40, "max": 400}, "cancel_rate": 0.1},
  "execution": {"batch_size": 20},
  "failures": {"payment_failure_rate": 0.1, "batch_failure_rate": 0.1},
  "snapshots": {"n": 10}
})";

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void versionAndHelpExitZero();
    void everyCommandHasHelp_data();
    void everyCommandHasHelp();
    void badUsageExitsTwoWithOneLine_data();
    void badUsageExitsTwoWithOneLine();
    void runVerifyInspectStatusExport();
    void sameSeedGivesIdenticalStoresAcrossProcesses();
    void invalidScenarioIsRejectedBeforeAnythingIsWritten();
    void validateChecksAScenario();
    void foreignFilesAreRefusedAndLeftUnchanged_data();
    void foreignFilesAreRefusedAndLeftUnchanged();
    void newerStoreFormatIsRefusedAndLeftUnchanged();
    void readOnlyStoreCanBeReadButNotWritten();
    void verifyNamesDamageAndExitsOne();
    void catchUpBringsProjectionsToTheHead();
    void interruptStopsWithExitCode130AndAValidStore();

private:
    QString runSmall(const QString &storeName = u"s.db"_s);
    QTemporaryDir m_root;
    QDir m_dir; // a fresh folder for each test function
};

void TestCommandLine::init()
{
    QVERIFY(m_root.isValid());
    static int testNumber = 0;
    const QString folder = u"test-%1"_s.arg(++testNumber);
    QVERIFY(QDir(m_root.path()).mkpath(folder));
    m_dir = QDir(m_root.filePath(folder));
    QVERIFY(writeFile(m_dir.filePath(u"small.json"_s), SmallScenario));
}

QString TestCommandLine::runSmall(const QString &storeName)
{
    const QString store = m_dir.filePath(storeName);
    const Result result = runEslab({ u"run"_s, m_dir.filePath(u"small.json"_s), u"--db"_s, store });
    if (result.exitCode != 0)
        qWarning() << result.err;
    return result.exitCode == 0 ? store : QString();
}

void TestCommandLine::versionAndHelpExitZero()
{
    Result version = runEslab({ u"--version"_s });
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("eslab "));
    Result help = runEslab({ u"--help"_s });
    QCOMPARE(help.exitCode, 0);
    for (const char *command :
         { "run", "validate", "inspect", "status", "verify", "catch-up", "export" })
        QVERIFY2(help.out.contains(command), command);
}

void TestCommandLine::everyCommandHasHelp_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("run") << u"run"_s << u"--report"_s;
    QTest::newRow("validate") << u"validate"_s << u"SCENARIO"_s;
    QTest::newRow("inspect") << u"inspect"_s << u"--at-version"_s;
    QTest::newRow("status") << u"status"_s << u"--db"_s;
    QTest::newRow("verify") << u"verify"_s << u"--db"_s;
    QTest::newRow("catch-up") << u"catch-up"_s << u"--db"_s;
    QTest::newRow("export") << u"export"_s << u"--format"_s;
}

void TestCommandLine::everyCommandHasHelp()
{
    QFETCH(QString, command);
    QFETCH(QString, mentions);
    const Result result = runEslab({ command, u"--help"_s });
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.startsWith(QByteArray("Usage: eslab " + command.toUtf8() + " [options]")),
             result.out.constData());
    QVERIFY2(result.out.contains(mentions.toUtf8()), result.out.constData());
}

void TestCommandLine::badUsageExitsTwoWithOneLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown command") << QStringList { u"frobnicate"_s } << u"frobnicate"_s;
    QTest::newRow("unknown option") << QStringList { u"run"_s, u"--bogus"_s } << u"bogus"_s;
    QTest::newRow("seed not a number")
        << QStringList { u"run"_s, u"--seed"_s, u"abc"_s } << u"--seed"_s;
    QTest::newRow("seed too large")
        << QStringList { u"run"_s, u"--seed"_s, u"9007199254740992"_s } << u"--seed"_s;
    QTest::newRow("orders zero") << QStringList { u"run"_s, u"--orders"_s, u"0"_s }
                                 << u"--orders"_s;
    QTest::newRow("missing scenario file")
        << QStringList { u"run"_s, u"no-such-scenario.json"_s } << u"no-such-scenario.json"_s;
    QTest::newRow("inspect without db")
        << QStringList { u"inspect"_s, u"--stream"_s, u"order-000001"_s } << u"--db"_s;
    QTest::newRow("verify missing store")
        << QStringList { u"verify"_s, u"--db"_s, u"missing.db"_s } << u"missing.db"_s;
    QTest::newRow("export bad format")
        << QStringList { u"export"_s, u"--db"_s, u"x.db"_s, u"--format"_s, u"xml"_s } << u"xml"_s;
}

void TestCommandLine::badUsageExitsTwoWithOneLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    QVERIFY(QDir::setCurrent(m_dir.path()));
    const QStringList before = QDir(m_dir.path()).entryList(QDir::Files);
    const Result result = runEslab(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(isOneLine(result.err), result.err.constData());
    QVERIFY2(result.err.contains(mentions.toUtf8()), result.err.constData());
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files), before); // no store created
}

void TestCommandLine::runVerifyInspectStatusExport()
{
    const QString store = m_dir.filePath(u"s.db"_s);
    const QString reportPath = m_dir.filePath(u"report.json"_s);
    const Result run = runEslab(
        { u"run"_s, m_dir.filePath(u"small.json"_s), u"--db"_s, store, u"--report"_s, reportPath });
    QCOMPARE(run.exitCode, 0);
    const QJsonObject report = QJsonDocument::fromJson(run.out).object();
    for (const char *key :
         { "events", "orders", "snapshots", "projections", "failures", "wall_ms", "events_per_s" })
        QVERIFY2(report.contains(QLatin1StringView(key)), key);
    QFile reportFile(reportPath);
    QVERIFY(reportFile.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(reportFile.readAll()).object(), report);
    const qint64 events = report.value(u"events"_s).toInteger();
    QVERIFY(events > 50);
    qint64 orders = 0;
    for (const QJsonValue count : report.value(u"orders"_s).toObject())
        orders += count.toInteger();
    QCOMPARE(orders, 12);

    const Result verify = runEslab({ u"verify"_s, u"--db"_s, store });
    QCOMPARE(verify.exitCode, 0);
    QVERIFY2(verify.out.startsWith("OK"), verify.out.constData());

    const Result inspect
        = runEslab({ u"inspect"_s, u"--db"_s, store, u"--stream"_s, u"order-000001"_s });
    QCOMPARE(inspect.exitCode, 0);
    const QJsonObject state = QJsonDocument::fromJson(inspect.out).object();
    QCOMPARE(state.value(u"order_id"_s).toString(), u"order-000001"_s);
    for (const char *key :
         { "status", "quantity", "batch_size", "price_points", "delivered", "batches_executed",
           "batches_failed", "next_batch_no", "last_success_batch_no", "last_failure",
           "points_charged", "points_refunded", "version" })
        QVERIFY2(state.contains(QLatin1StringView(key)), key);

    const Result atOne = runEslab({ u"inspect"_s, u"--db"_s, store, u"--stream"_s,
                                    u"order-000001"_s, u"--at-version"_s, u"1"_s });
    QCOMPARE(atOne.exitCode, 0);
    const QJsonObject placed = QJsonDocument::fromJson(atOne.out).object();
    QCOMPARE(placed.value(u"status"_s).toString(), u"placed"_s);
    QCOMPARE(placed.value(u"version"_s).toInteger(), 1);

    const Result tooFar = runEslab({ u"inspect"_s, u"--db"_s, store, u"--stream"_s,
                                     u"order-000001"_s, u"--at-version"_s, u"100000"_s });
    QCOMPARE(tooFar.exitCode, 2);
    QVERIFY(isOneLine(tooFar.err));
    const Result noStream
        = runEslab({ u"inspect"_s, u"--db"_s, store, u"--stream"_s, u"order-999999"_s });
    QCOMPARE(noStream.exitCode, 2);
    QVERIFY(noStream.err.contains("order-999999"));

    const Result status = runEslab({ u"status"_s, u"--db"_s, store, u"--json"_s });
    QCOMPARE(status.exitCode, 0);
    const QJsonObject statusJson = QJsonDocument::fromJson(status.out).object();
    QCOMPARE(statusJson.value(u"head"_s).toInteger(), events);
    const QJsonObject summary
        = statusJson.value(u"projections"_s).toObject().value(u"order_summary"_s).toObject();
    QCOMPARE(summary.value(u"checkpoint"_s).toInteger(), events);
    QCOMPARE(summary.value(u"lag_events"_s).toInteger(), 0);
    const Result table = runEslab({ u"status"_s, u"--db"_s, store });
    QCOMPARE(table.exitCode, 0);
    QVERIFY(table.out.contains("service_stats"));

    const Result csv = runEslab({ u"export"_s, u"--db"_s, store, u"--format"_s, u"csv"_s });
    QCOMPARE(csv.exitCode, 0);
    QVERIFY(csv.out.startsWith("global_position,event_id,stream_id"));
    const QString jsonPath = m_dir.filePath(u"events.json"_s);
    const Result json = runEslab(
        { u"export"_s, u"--db"_s, store, u"--format"_s, u"json"_s, u"--out"_s, jsonPath });
    QCOMPARE(json.exitCode, 0);
    QFile exported(jsonPath);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    const QJsonArray rows = QJsonDocument::fromJson(exported.readAll()).array();
    QCOMPARE(rows.size(), events);
    QVERIFY(rows.first().toObject().value(u"payload"_s).isObject());
}

void TestCommandLine::sameSeedGivesIdenticalStoresAcrossProcesses()
{
    const QString a = runSmall(u"a.db"_s);
    const QString b = runSmall(u"b.db"_s);
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    const Result exportA = runEslab({ u"export"_s, u"--db"_s, a, u"--format"_s, u"json"_s });
    const Result exportB = runEslab({ u"export"_s, u"--db"_s, b, u"--format"_s, u"json"_s });
    QCOMPARE(exportA.exitCode, 0);
    QVERIFY(exportA.out.size() > 1000);
    QCOMPARE(exportA.out, exportB.out);

    const Result otherSeed = runEslab({ u"run"_s, m_dir.filePath(u"small.json"_s), u"--db"_s,
                                        m_dir.filePath(u"c.db"_s), u"--seed"_s, u"12"_s });
    QCOMPARE(otherSeed.exitCode, 0);
    const Result exportC
        = runEslab({ u"export"_s, u"--db"_s, m_dir.filePath(u"c.db"_s), u"--format"_s, u"json"_s });
    QVERIFY(exportC.out != exportA.out);
}

void TestCommandLine::invalidScenarioIsRejectedBeforeAnythingIsWritten()
{
    const QString scenario = m_dir.filePath(u"bad.json"_s);
    QVERIFY(writeFile(scenario, R"({"orders": {"count": -5}})"));
    const QString store = m_dir.filePath(u"never.db"_s);
    const Result result = runEslab({ u"run"_s, scenario, u"--db"_s, store });
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(isOneLine(result.err), result.err.constData());
    QVERIFY2(result.err.contains("orders.count"), result.err.constData());
    QVERIFY(!QFile::exists(store));

    // On an existing store, a bad scenario leaves it as it was.
    const QString existing = runSmall();
    const QByteArray before = fileDigest(existing);
    QCOMPARE(runEslab({ u"run"_s, scenario, u"--db"_s, existing }).exitCode, 2);
    QCOMPARE(fileDigest(existing), before);
}

void TestCommandLine::validateChecksAScenario()
{
    const Result valid = runEslab({ u"validate"_s, m_dir.filePath(u"small.json"_s) });
    QCOMPARE(valid.exitCode, 0);
    QVERIFY(valid.out.contains("Small"));
    const QString typo = m_dir.filePath(u"typo.json"_s);
    QVERIFY(writeFile(typo, R"({"orders": {"cuont": 5}})"));
    const Result invalid = runEslab({ u"validate"_s, typo });
    QCOMPARE(invalid.exitCode, 2);
    QVERIFY2(invalid.err.contains("orders.cuont"), invalid.err.constData());
}

void TestCommandLine::foreignFilesAreRefusedAndLeftUnchanged_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("text file") << QByteArray("hello, this is not a database\n")
                               << u"not an eslab store"_s;
    QTest::newRow("empty file") << QByteArray() << u"empty"_s;
    QByteArray corrupt("SQLite format 3");
    corrupt.append('\0');
    corrupt.append(QByteArray(4080, '\x7f'));
    QTest::newRow("corrupt sqlite") << corrupt << u"s.db"_s;
}

void TestCommandLine::foreignFilesAreRefusedAndLeftUnchanged()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, mentions);
    const QString path = m_dir.filePath(u"s.db"_s);
    QVERIFY(writeFile(path, content));
    const QByteArray before = fileDigest(path);
    const QList<QStringList> commands {
        { u"run"_s, m_dir.filePath(u"small.json"_s), u"--db"_s, path },
        { u"verify"_s, u"--db"_s, path },
        { u"status"_s, u"--db"_s, path },
        { u"inspect"_s, u"--db"_s, path, u"--stream"_s, u"order-000001"_s },
        { u"catch-up"_s, u"--db"_s, path },
        { u"export"_s, u"--db"_s, path, u"--format"_s, u"csv"_s },
    };
    for (const QStringList &arguments : commands) {
        const Result result = runEslab(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(isOneLine(result.err), result.err.constData());
        QVERIFY2(result.err.contains(mentions.toUtf8()), result.err.constData());
        QCOMPARE(fileDigest(path), before);
        QVERIFY(!QFile::exists(path + u"-wal"_s));
    }

    // A real SQLite database that is not an eslab store.
    const QString foreign = m_dir.filePath(u"foreign.db"_s);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"foreign"_s);
        db.setDatabaseName(foreign);
        QVERIFY(db.open());
        QVERIFY(
            QSqlQuery(db).exec(u"CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)"_s));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"foreign"_s);
    const QByteArray foreignBefore = fileDigest(foreign);
    const Result result = runEslab({ u"run"_s, u"--db"_s, foreign });
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("not an eslab store"), result.err.constData());
    QCOMPARE(fileDigest(foreign), foreignBefore);
}

void TestCommandLine::newerStoreFormatIsRefusedAndLeftUnchanged()
{
    const QString store = runSmall();
    QVERIFY(!store.isEmpty());
    QVERIFY(execOnStore(store, u"UPDATE meta SET value = '99' WHERE key = 'format_version'"_s));
    const QByteArray before = fileDigest(store);
    for (const QStringList &arguments :
         { QStringList { u"verify"_s, u"--db"_s, store },
           QStringList { u"run"_s, m_dir.filePath(u"small.json"_s), u"--db"_s, store } }) {
        const Result result = runEslab(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("newer"), result.err.constData());
        QCOMPARE(fileDigest(store), before);
    }
}

void TestCommandLine::readOnlyStoreCanBeReadButNotWritten()
{
    const QString store = runSmall();
    QVERIFY(!store.isEmpty());
    QVERIFY(::chmod(QFile::encodeName(store).constData(), 0444) == 0);
    const QByteArray before = fileDigest(store);
    QCOMPARE(runEslab({ u"verify"_s, u"--db"_s, store }).exitCode, 0);
    QCOMPARE(
        runEslab({ u"inspect"_s, u"--db"_s, store, u"--stream"_s, u"order-000001"_s }).exitCode, 0);
    const Result run = runEslab({ u"run"_s, m_dir.filePath(u"small.json"_s), u"--db"_s, store });
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("read-only"), run.err.constData());
    QCOMPARE(fileDigest(store), before);
    ::chmod(QFile::encodeName(store).constData(), 0644);
}

void TestCommandLine::verifyNamesDamageAndExitsOne()
{
    const QString store = runSmall();
    QVERIFY(!store.isEmpty());
    QVERIFY(execOnStore(store,
                        u"UPDATE order_summary SET delivered = delivered + 7 "
                        "WHERE order_id = 'order-000003'"_s));
    const Result result = runEslab({ u"verify"_s, u"--db"_s, store });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.out.contains("order-000003"), result.out.constData());
    QVERIFY2(result.out.contains("delivered"), result.out.constData());
}

void TestCommandLine::catchUpBringsProjectionsToTheHead()
{
    const QString store = runSmall();
    QVERIFY(!store.isEmpty());
    QVERIFY(execOnStore(store, u"UPDATE checkpoints SET position = 0"_s));
    QVERIFY(execOnStore(store, u"DELETE FROM order_summary"_s));
    QVERIFY(execOnStore(store, u"DELETE FROM service_stats"_s));
    QVERIFY(execOnStore(store, u"DELETE FROM service_stats_orders"_s));
    const Result lagging = runEslab({ u"status"_s, u"--db"_s, store, u"--json"_s });
    const QJsonObject before = QJsonDocument::fromJson(lagging.out).object();
    const qint64 head = before.value(u"head"_s).toInteger();
    QCOMPARE(before.value(u"projections"_s)
                 .toObject()
                 .value(u"order_summary"_s)
                 .toObject()
                 .value(u"lag_events"_s)
                 .toInteger(),
             head);
    QCOMPARE(runEslab({ u"catch-up"_s, u"--db"_s, store }).exitCode, 0);
    const Result verify = runEslab({ u"verify"_s, u"--db"_s, store });
    QCOMPARE(verify.exitCode, 0);
    QVERIFY2(verify.out.contains("order_summary"), verify.out.constData());
}

void TestCommandLine::interruptStopsWithExitCode130AndAValidStore()
{
    const QString store = m_dir.filePath(u"big.db"_s);
    QProcess process;
    process.start(QStringLiteral(ESLAB_BINARY),
                  { u"run"_s, u"--db"_s, store, u"--orders"_s, u"100000"_s });
    QVERIFY(process.waitForStarted());
    // Wait until events are being written, then press Ctrl-C.
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(store + u"-wal"_s).size() > 200'000, 60'000);
    ::kill(pid_t(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(60'000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 130);
    const QJsonObject report = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    QVERIFY(report.value(u"interrupted"_s).toBool());
    const Result verify = runEslab({ u"verify"_s, u"--db"_s, store });
    QCOMPARE(verify.exitCode, 0);
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
