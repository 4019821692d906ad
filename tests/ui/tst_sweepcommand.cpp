#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "commandlinetest.h"

#include <csignal>
#include <sys/types.h>

using namespace Qt::StringLiterals;

namespace {

// Twelve orders of 20 to 100 batches: a run takes a moment.
const QByteArray SmallScenario = R"({
  "name": "Small sweep", "seed": 3,
  "orders": {"count": 12, "quantity": {"min": 200, "max": 1000}},
  "execution": {"batch_size": 10},
  "snapshots": {"policy": "none", "event_types": ["OrderStarted"], "load_budget": 25}
})";

// The table's line for a setting, empty when there is none.
QByteArray tableLine(const QByteArray &out, const QByteArray &label)
{
    for (const QByteArray &line : out.split('\n')) {
        if (line.startsWith(QByteArray(label + "  ")))
            return line;
    }
    return {};
}

} // namespace

class TestSweepCommand : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void reportHasOneRowPerSettingAndStdoutATable();
    void seedAndOrdersOverrideTheScenario();
    void withoutSettingsTheDefaultIntervalsRun();
    void badInputExitsTwoAndWritesNothing_data();
    void badInputExitsTwoAndWritesNothing();
    void interruptExitsWith130AndRemovesTheTemporaryStores();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_scenario;
};

void TestSweepCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_scenario = m_dir->filePath(u"small.json"_s);
    QVERIFY(writeFile(m_scenario, SmallScenario));
}

void TestSweepCommand::reportHasOneRowPerSettingAndStdoutATable()
{
    const QString report = m_dir->filePath(u"sweep.json"_s);
    const Result result
        = runEslab({ u"sweep"_s, m_scenario, u"--snapshot-every"_s, u"0,10,40"_s, u"--policies"_s,
                     u"on_event,load_budget"_s, u"--report"_s, report });
    QVERIFY2(result.exitCode == 0, result.err.constData());
    // Progress goes to a terminal only.
    QCOMPARE(result.err, QByteArray());

    QFile file(report);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QJsonParseError error;
    const QJsonObject json = QJsonDocument::fromJson(text, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(json.value(u"scenario"_s).toString(), u"Small sweep"_s);
    QCOMPARE(json.value(u"seed"_s).toInteger(), 3);
    QCOMPARE(json.value(u"orders"_s).toInteger(), 12);
    const QJsonArray rows = json.value(u"rows"_s).toArray();
    QCOMPARE(rows.size(), 5);
    // Integers as JSON integers, not 0.0.
    QVERIFY(text.contains("\"snapshot_every\": 0,"));
    QVERIFY(text.contains("\"snapshot_every\": 10,"));
    QVERIFY(text.contains("\"snapshot_every\": 40,"));
    QCOMPARE(rows.at(3).toObject().value(u"policy"_s).toString(), u"on_event"_s);
    QCOMPARE(rows.at(4).toObject().value(u"policy"_s).toString(), u"load_budget"_s);
    QVERIFY(!rows.at(4).toObject().contains(u"snapshot_every"_s));

    const QStringList measures { u"events_replayed_mean"_s, u"events_replayed_p95"_s,
                                 u"events_replayed_max"_s,  u"load_ms_mean"_s,
                                 u"load_ms_p95"_s,          u"snapshots_written"_s,
                                 u"snapshot_bytes"_s,       u"event_bytes"_s,
                                 u"snapshot_write_share"_s };
    qint64 events = -1;
    for (const QJsonValue &value : rows) {
        const QJsonObject row = value.toObject();
        for (const QString &key : measures)
            QVERIFY2(row.value(key).isDouble(), qPrintable(key));
        QVERIFY(row.value(u"load_ms_mean"_s).toDouble() > 0);
        if (events < 0)
            events = row.value(u"events"_s).toInteger();
        QCOMPARE(row.value(u"events"_s).toInteger(), events);
    }
    QCOMPARE(rows.at(0).toObject().value(u"snapshots_written"_s).toInteger(), 0);
    QVERIFY(rows.at(1).toObject().value(u"snapshots_written"_s).toInteger()
            > rows.at(2).toObject().value(u"snapshots_written"_s).toInteger());
    QVERIFY(rows.at(1).toObject().value(u"events_replayed_max"_s).toInteger() < 13);

    // The table on stdout still shows every setting, one line each, with the replay maximum.
    for (const char *label :
         { "none", "every 10", "every 40", "on_event(OrderStarted)", "load_budget(25)" })
        QVERIFY2(!tableLine(result.out, label).isEmpty(), label);
    const QList<QByteArray> every10 = tableLine(result.out, "every 10").simplified().split(' ');
    QCOMPARE(every10.size(), 11);
    QCOMPARE(every10.at(4).toLongLong(),
             rows.at(1).toObject().value(u"events_replayed_max"_s).toInteger());
}

void TestSweepCommand::seedAndOrdersOverrideTheScenario()
{
    const QString report = m_dir->filePath(u"override.json"_s);
    const Result result
        = runEslab({ u"sweep"_s, m_scenario, u"--snapshot-every"_s, u"5"_s, u"--seed"_s, u"77"_s,
                     u"--orders"_s, u"4"_s, u"--report"_s, report });
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QFile file(report);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(json.value(u"seed"_s).toInteger(), 77);
    QCOMPARE(json.value(u"orders"_s).toInteger(), 4);
    QCOMPARE(
        json.value(u"rows"_s).toArray().first().toObject().value(u"loads_measured"_s).toInteger(),
        4);
}

void TestSweepCommand::withoutSettingsTheDefaultIntervalsRun()
{
    const QString report = m_dir->filePath(u"defaults.json"_s);
    const Result result = runEslab({ u"sweep"_s, u"--orders"_s, u"2"_s, u"--report"_s, report });
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QFile file(report);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(json.value(u"seed"_s).toInteger(), 42);
    QList<qint64> intervals;
    for (const QJsonValue &row : json.value(u"rows"_s).toArray())
        intervals.append(row.toObject().value(u"snapshot_every"_s).toInteger(-1));
    QCOMPARE(intervals, (QList<qint64> { 0, 10, 50, 100, 500 }));
}

void TestSweepCommand::badInputExitsTwoAndWritesNothing_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("names");

    QTest::newRow("not an integer")
        << QStringList { u"--snapshot-every"_s, u"10,abc"_s } << QByteArray("'abc'");
    QTest::newRow("negative") << QStringList { u"--snapshot-every=-5"_s } << QByteArray("'-5'");
    QTest::newRow("negative as next argument")
        << QStringList { u"--snapshot-every"_s, u"0,-5"_s } << QByteArray("'-5'");
    QTest::newRow("fraction") << QStringList { u"--snapshot-every"_s, u"1.5"_s }
                              << QByteArray("'1.5'");
    QTest::newRow("empty value") << QStringList { u"--snapshot-every"_s, u"10,,50"_s }
                                 << QByteArray("empty value");
    QTest::newRow("duplicate") << QStringList { u"--snapshot-every"_s, u"10,50,10"_s }
                               << QByteArray("10 is listed twice");
    QTest::newRow("unknown policy")
        << QStringList { u"--policies"_s, u"on_event,hourly"_s } << QByteArray("'hourly'");
    QTest::newRow("duplicate policy") << QStringList { u"--policies"_s, u"on_event,on_event"_s }
                                      << QByteArray("on_event is listed twice");
    QTest::newRow("0 and none") << QStringList { u"--snapshot-every"_s, u"0"_s, u"--policies"_s,
                                                 u"none"_s }
                                << QByteArray("same run");
    QTest::newRow("bad seed") << QStringList { u"--seed"_s, u"x"_s } << QByteArray("--seed");
    QTest::newRow("bad orders") << QStringList { u"--orders"_s, u"0"_s } << QByteArray("--orders");
    QTest::newRow("unknown option")
        << QStringList { u"--snapshot-evry"_s, u"10"_s } << QByteArray("snapshot-evry");
    QTest::newRow("missing scenario") << QStringList { u"/nonexistent/scenario.json"_s }
                                      << QByteArray("/nonexistent/scenario.json");
    QTest::newRow("report folder missing")
        << QStringList { u"--report"_s, u"/nonexistent/folder/r.json"_s }
        << QByteArray("/nonexistent/folder");
}

void TestSweepCommand::badInputExitsTwoAndWritesNothing()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, names);
    const QString report = m_dir->filePath(u"bad.json"_s);
    QStringList command { u"sweep"_s };
    command += arguments;
    if (!arguments.contains(u"--report"_s))
        command += QStringList { u"--report"_s, report };
    const Result result = runEslab(command, 30'000);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.endsWith('\n') && result.err.count('\n') == 1, result.err.constData());
    QVERIFY2(result.err.startsWith("eslab sweep: "), result.err.constData());
    QVERIFY2(result.err.contains(names), result.err.constData());
    QCOMPARE(result.out, QByteArray());
    QVERIFY(!QFile::exists(report));
}

void TestSweepCommand::interruptExitsWith130AndRemovesTheTemporaryStores()
{
    const QString tmp = m_dir->filePath(u"tmp"_s);
    QVERIFY(QDir().mkpath(tmp));
    const QString report = m_dir->filePath(u"interrupted.json"_s);
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"TMPDIR"_s, tmp);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(ESLAB_BINARY),
                  { u"sweep"_s, u"--orders"_s, u"100000"_s, u"--report"_s, report });
    QVERIFY(process.waitForStarted());
    // Wait until the first run is writing events, then press Ctrl-C.
    auto walSize = [&tmp] {
        qint64 size = 0;
        QDirIterator it(tmp, { u"*.db-wal"_s }, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            size = std::max(size, QFileInfo(it.next()).size());
        return size;
    };
    QTRY_VERIFY_WITH_TIMEOUT(walSize() > 200'000, 60'000);
    ::kill(pid_t(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(60'000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 130);
    QVERIFY(process.readAllStandardError().contains("interrupted"));
    QVERIFY(!QFile::exists(report));
    QCOMPARE(QDir(tmp).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
}

QTEST_GUILESS_MAIN(TestSweepCommand)
#include "tst_sweepcommand.moc"
