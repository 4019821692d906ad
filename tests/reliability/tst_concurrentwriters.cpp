#include "reliabilitytest.h"

#include "simulation/scenario.h"
#include "simulation/simulation.h"

#include "tests/support/teststores.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

// Short batches and many appends; no injected writer, so that every conflict a run meets comes
// from another process.
const QByteArray RaceScenario = R"({
  "name": "Race", "seed": 1,
  "orders": {"count": 600, "arrival_per_min": 1200, "quantity": {"min": 100, "max": 1500},
             "cancel_rate": 0.05},
  "execution": {"batch_size": 50, "workers": 8},
  "failures": {"payment_failure_rate": 0.05, "batch_failure_rate": 0.05},
  "snapshots": {"n": 10},
  "projections": {"poll_interval_ms": 200, "batch_size": 50}
})";

// The same with the support desk writing into orders between a worker's load and its append.
const QByteArray DeskScenario = R"({
  "name": "Desk", "seed": 1,
  "orders": {"count": 600, "arrival_per_min": 1200, "quantity": {"min": 100, "max": 1500}},
  "execution": {"batch_size": 50, "workers": 8},
  "failures": {"concurrent_writer_rate": 0.1},
  "snapshots": {"n": 10}
})";

// One order of many batches, one worker, and a support desk that writes before every append.
const QByteArray OneOrderDeskScenario = R"({
  "name": "One order", "seed": 2,
  "orders": {"count": 1, "quantity": {"min": 2000, "max": 2000}, "cancel_rate": 0},
  "execution": {"batch_size": 50, "workers": 1},
  "failures": {"payment_failure_rate": 0, "batch_failure_rate": 0, "concurrent_writer_rate": 1}
})";

// Orders of each racing run: fewer on PostgreSQL, where every statement is a round trip to the
// server, so that the test takes about as long on both backends.
qint64 racingOrders()
{
    return teststores::onPostgres() ? 200 : 600;
}

struct Writer
{
    std::unique_ptr<QProcess> process;
    QString reportPath;
    QJsonObject report;
    int exitCode = -1;
    QByteArray err;
};

// Starts `count` runs of the scenario on one store at once, with seeds 100, 101, ..., and
// waits for all of them.
std::vector<Writer> runTogether(const QString &store, const QString &scenario, int count,
                                const QDir &dir, const QStringList &extra = {})
{
    std::vector<Writer> writers(count);
    for (int i = 0; i < count; ++i) {
        Writer &writer = writers[i];
        writer.reportPath = dir.filePath(u"report-%1.json"_s.arg(i));
        writer.process = std::make_unique<QProcess>();
        writer.process->start(QStringLiteral(ESLAB_BINARY),
                              QStringList { u"run"_s, scenario, u"--db"_s, store, u"--seed"_s,
                                            QString::number(100 + i), u"--orders"_s,
                                            QString::number(racingOrders()), u"--report"_s,
                                            writer.reportPath }
                                  + extra);
    }
    for (Writer &writer : writers) {
        if (!writer.process->waitForFinished(240'000))
            writer.process->kill();
        writer.process->waitForFinished();
        writer.exitCode = writer.process->exitStatus() == QProcess::NormalExit
            ? writer.process->exitCode()
            : -2;
        writer.err = writer.process->readAllStandardError();
        QFile file(writer.reportPath);
        if (file.open(QIODevice::ReadOnly))
            writer.report = QJsonDocument::fromJson(file.readAll()).object();
    }
    return writers;
}

// The streams whose OrderPlaced a run wrote: the orders it placed itself.
QHash<QString, QSet<QString>> placedByRun(const QString &path)
{
    QHash<QString, QSet<QString>> placed;
    QString error;
    auto store = EventStore::open(path, EventStore::Access::ReadOnly, &error);
    if (!store)
        return placed;
    qint64 position = 0;
    for (;;) {
        const QList<RecordedEvent> page = store->readAll(position, 2000);
        if (page.isEmpty())
            break;
        for (const RecordedEvent &event : page) {
            if (event.eventType == u"OrderPlaced"_s)
                placed[reliability::runIdOf(event)].insert(event.streamId);
        }
        position = page.last().globalPosition;
    }
    return placed;
}

qint64 failureCount(const QJsonObject &report, const QString &kind)
{
    return report.value(u"failures"_s).toObject().value(kind).toInteger();
}

} // namespace

// Several eslab processes append to one SQLite store at once: no event is lost or duplicated,
// no (stream, version) is used twice, positions stay gap-free, and conflicts are reported and
// retried.
class TestConcurrentWriters : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void simultaneousRunsKeepEveryEventOfEach();
    void simultaneousRunsEachPlaceTheirOwnOrders();
    void runsOfOneScenarioAndSeedAtOnceNeverShareEvents();
    void conflictsBetweenProcessesAreReportedAndRetried();
    void supportDeskRetriesAfterAnotherWriterMovedTheOrder();

private:
    QString baseStore();

    QTemporaryDir m_root;
    QString m_scenario;
    QString m_deskScenario;
    QDir m_dir;
};

void TestConcurrentWriters::initTestCase()
{
    TESTSTORES_INIT();
    QVERIFY(m_root.isValid());
    m_scenario = m_root.filePath(u"race.json"_s);
    QVERIFY(writeFile(m_scenario, RaceScenario));
    m_deskScenario = m_root.filePath(u"desk.json"_s);
    QVERIFY(writeFile(m_deskScenario, DeskScenario));
}

void TestConcurrentWriters::init()
{
    static int number = 0;
    const QString folder = u"test-%1"_s.arg(++number);
    QVERIFY(QDir(m_root.path()).mkpath(folder));
    m_dir = QDir(m_root.filePath(folder));
}

QString TestConcurrentWriters::baseStore()
{
    // The store exists before the writers start: creating it is not what they race on.
    const QString store = teststores::newStoreLocation(m_dir.filePath(u"shared.db"_s));
    const Result first
        = runEslab({ u"run"_s, m_scenario, u"--db"_s, store, u"--orders"_s, u"5"_s });
    if (first.exitCode != 0) {
        qWarning() << first.err;
        return {};
    }
    return store;
}

void TestConcurrentWriters::simultaneousRunsKeepEveryEventOfEach()
{
    const QString store = baseStore();
    QVERIFY(!store.isEmpty());
    const StoreFacts before = readStoreFacts(store);
    QVERIFY(before.error.isEmpty());

    const std::vector<Writer> writers = runTogether(store, m_scenario, 3, m_dir);
    qint64 reported = 0;
    QSet<QString> runIds;
    for (const Writer &writer : writers) {
        QVERIFY2(writer.exitCode == 0, writer.err.constData());
        QVERIFY(!writer.report.isEmpty());
        QVERIFY(!writer.report.value(u"interrupted"_s).toBool());
        reported += writer.report.value(u"events"_s).toInteger();
        runIds.insert(writer.report.value(u"run_id"_s).toString());
    }
    QCOMPARE(runIds.size(), 3);
    for (const Writer &writer : writers)
        qInfo("%s: %lld events, %lld conflicts, %lld rejected commands, orders from %lld, %lld ms",
              qPrintable(writer.report.value(u"run_id"_s).toString()),
              writer.report.value(u"events"_s).toInteger(),
              failureCount(writer.report, u"concurrency_conflicts"_s),
              failureCount(writer.report, u"rejected_commands"_s),
              writer.report.value(u"order_numbers"_s).toObject().value(u"first"_s).toInteger(),
              writer.report.value(u"wall_ms"_s).toInteger());

    const StoreFacts after = readStoreFacts(store, before.head);
    QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
    // Gap-free positions and versions: no reused (stream, version), no append cut short.
    QVERIFY2(after.problems.isEmpty(), qPrintable(after.problems.join(u'\n')));
    QCOMPARE(after.prefixDigest, before.digest);
    // Every event each run was told it appended is stored, once.
    for (const Writer &writer : writers) {
        const QString runId = writer.report.value(u"run_id"_s).toString();
        QCOMPARE(after.eventsByRun.value(runId), writer.report.value(u"events"_s).toInteger());
    }
    QCOMPARE(after.head, before.head + reported);
    // Conflicts between the processes, if any, were retried: every run finished its orders.
    for (const Writer &writer : writers) {
        qint64 finished = 0;
        const QJsonObject orders = writer.report.value(u"orders"_s).toObject();
        for (auto it = orders.begin(); it != orders.end(); ++it)
            finished += it.value().toInteger();
        QVERIFY2(finished > 0, writer.reportPath.toUtf8().constData());
    }

    const Result verify = runEslab({ u"verify"_s, u"--db"_s, store });
    QVERIFY2(verify.exitCode == 0, outputOf(verify).constData());
    QVERIFY2(verify.out.contains("read models order_summary, service_stats equal a fresh fold"),
             verify.out.constData());
}

void TestConcurrentWriters::simultaneousRunsEachPlaceTheirOwnOrders()
{
    // DESIGN section 5: "A run on an existing store adds a new run: its orders are numbered
    // after the highest already there." Runs that start together must not pick the same
    // numbers, or one run's orders are refused and it drives the other run's orders instead.
    const QString store = baseStore();
    QVERIFY(!store.isEmpty());
    const std::vector<Writer> writers = runTogether(store, m_scenario, 2, m_dir);
    QSet<qint64> firstNumbers;
    for (const Writer &writer : writers) {
        QVERIFY2(writer.exitCode == 0, writer.err.constData());
        firstNumbers.insert(
            writer.report.value(u"order_numbers"_s).toObject().value(u"first"_s).toInteger());
    }
    const QHash<QString, QSet<QString>> placed = placedByRun(store);
    QStringList shortRuns;
    for (const Writer &writer : writers) {
        const QString runId = writer.report.value(u"run_id"_s).toString();
        const qsizetype own = placed.value(runId).size();
        if (own != racingOrders())
            shortRuns.append(u"%1 placed %2 of its %3 orders (%4 commands rejected)"_s.arg(runId)
                                 .arg(own)
                                 .arg(racingOrders())
                                 .arg(failureCount(writer.report, u"rejected_commands"_s)));
    }
    qInfo("%s", qPrintable(shortRuns.join(u"; "_s)));
    QVERIFY2(shortRuns.isEmpty() && firstNumbers.size() == 2, qPrintable(shortRuns.join(u"; "_s)));
}

void TestConcurrentWriters::runsOfOneScenarioAndSeedAtOnceNeverShareEvents()
{
    // The run id comes from the scenario, the seed and the store's run count, and event ids
    // from the run id: two runs of one scenario and seed that start together must not derive
    // the same ids, or one's appends would be taken for repeats of the other's.
    const QString store = baseStore();
    QVERIFY(!store.isEmpty());
    const StoreFacts before = readStoreFacts(store);
    std::vector<Writer> writers(2);
    for (Writer &writer : writers) {
        writer.process = std::make_unique<QProcess>();
        writer.process->start(QStringLiteral(ESLAB_BINARY),
                              { u"run"_s, m_scenario, u"--db"_s, store });
    }
    qint64 reported = 0;
    for (Writer &writer : writers) {
        QVERIFY(writer.process->waitForFinished(240'000));
        writer.exitCode = writer.process->exitCode();
        writer.err = writer.process->readAllStandardError();
        writer.report = QJsonDocument::fromJson(writer.process->readAllStandardOutput()).object();
        // A run may be refused (exit 2, one line) but never half done or merged into another.
        if (writer.exitCode == 2) {
            QVERIFY2(isOneLine(writer.err), writer.err.constData());
            continue;
        }
        QVERIFY2(writer.exitCode == 0, writer.err.constData());
        reported += writer.report.value(u"events"_s).toInteger();
    }
    const StoreFacts after = readStoreFacts(store, before.head);
    QVERIFY2(after.problems.isEmpty(), qPrintable(after.problems.join(u'\n')));
    QCOMPARE(after.head, before.head + reported);
    for (const Writer &writer : writers) {
        if (writer.exitCode == 0)
            QCOMPARE(after.eventsByRun.value(writer.report.value(u"run_id"_s).toString()),
                     writer.report.value(u"events"_s).toInteger());
    }
    QCOMPARE(runEslab({ u"verify"_s, u"--db"_s, store }).exitCode, 0);
}

void TestConcurrentWriters::conflictsBetweenProcessesAreReportedAndRetried()
{
    const QString store = baseStore();
    QVERIFY(!store.isEmpty());
    const StoreFacts before = readStoreFacts(store);
    const std::vector<Writer> writers = runTogether(store, m_deskScenario, 2, m_dir);

    // Whatever the runs did, the store holds whole appends only, and each finished run's events.
    const StoreFacts after = readStoreFacts(store, before.head);
    QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
    QVERIFY2(after.problems.isEmpty(), qPrintable(after.problems.join(u'\n')));
    QCOMPARE(after.prefixDigest, before.digest);
    QCOMPARE(runEslab({ u"verify"_s, u"--db"_s, store }).exitCode, 0);
    qint64 conflicts = 0;
    QByteArrayList failures;
    for (const Writer &writer : writers) {
        if (writer.exitCode != 0) {
            failures.append(writer.err);
            continue;
        }
        QCOMPARE(after.eventsByRun.value(writer.report.value(u"run_id"_s).toString()),
                 writer.report.value(u"events"_s).toInteger());
        conflicts += failureCount(writer.report, u"concurrency_conflicts"_s);
    }
    QVERIFY2(failures.isEmpty(), failures.join().constData());
    // The support desk writes between a worker's load and its append: each run meets conflicts
    // and retries them.
    QVERIFY(conflicts > 0);
}

void TestConcurrentWriters::supportDeskRetriesAfterAnotherWriterMovedTheOrder()
{
    // In process, step by step: the run keeps the open order's state between commands; another
    // connection (another process, as far as SQLite knows) appends to that order; the run's
    // support desk then writes at the version it remembers and meets a conflict. A conflict is
    // an expected outcome: the run must reload and go on.
    const QString path = teststores::newStoreLocation(m_dir.filePath(u"desk.db"_s));
    QString error;
    auto store = EventStore::open(path, EventStore::Access::ReadWriteCreate, &error);
    QVERIFY2(store, qPrintable(error));
    auto other = EventStore::open(path, EventStore::Access::ReadWrite, &error);
    QVERIFY2(other, qPrintable(error));
    const ScenarioParseResult parsed = parseScenario(OneOrderDeskScenario);
    QVERIFY2(parsed.scenario, qPrintable(parsed.error));
    Simulation simulation(*parsed.scenario, *store);
    QVERIFY(simulation.start());
    const QString stream = orderStreamId(1);
    // Until the order runs its batches (placed, paid, started, a batch or two) and the run has
    // committed them.
    QElapsedTimer timer;
    timer.start();
    while (other->streamVersion(stream) < 6 && timer.elapsed() < 30'000) {
        QVERIFY2(simulation.step(), qPrintable(simulation.errorString()));
        QThread::msleep(2);
    }
    QVERIFY(!store->inTransaction());
    const qint64 version = other->streamVersion(stream);
    QVERIFY(version >= 6);
    const NewEvent note
        = NewEvent::fromDomainEvent(u"another-process:%1:%2"_s.arg(stream).arg(version + 1),
                                    OrderNoteAdded { u"another process was here"_s, false },
                                    QJsonObject { { u"correlation_id"_s, u"another-process"_s },
                                                  { u"causation_id"_s, u"another-process"_s },
                                                  { u"run_id"_s, u"another-process"_s } },
                                    simulation.now());
    QCOMPARE(other->append(stream, version, { note }).status, AppendResult::Status::Appended);
    other.reset();

    const bool completed = simulation.run();
    QVERIFY2(completed, qPrintable(simulation.errorString()));
    QVERIFY(simulation.report().failures.value(u"concurrency_conflicts"_s) > 0);
}

QTEST_GUILESS_MAIN(TestConcurrentWriters)
#include "tst_concurrentwriters.moc"
