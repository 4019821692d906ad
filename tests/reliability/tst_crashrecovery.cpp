#include "reliabilitytest.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

// Every kind of append the simulation makes: payments, batches with retries and compensation,
// cancellations with refunds, snapshots, notes from a concurrent writer, legacy events, parked
// poison notes, and projector faults that a same-transaction checkpoint absorbs.
const QByteArray CrashScenario = R"({
  "name": "Crash", "seed": 5,
  "orders": {"count": 60, "arrival_per_min": 600, "quantity": {"min": 50, "max": 1500},
             "cancel_rate": 0.05},
  "execution": {"batch_size": 50, "workers": 6, "retry": {"max_attempts": 2, "backoff_ms": 500}},
  "failures": {"payment_failure_rate": 0.05, "batch_failure_rate": 0.08, "worker_crash_rate": 0.01,
               "duplicate_delivery_rate": 0.05, "projector_crash_rate": 0.05,
               "poison_event_rate": 0.02, "concurrent_writer_rate": 0.03, "legacy_event_rate": 0.05},
  "snapshots": {"policy": "every_n", "n": 7},
  "projections": {"poll_interval_ms": 300, "batch_size": 40, "failure_policy": "retry"}
})";

constexpr int Kills = 24;

// The seed of the kill moments: ESLAB_CRASH_SEED when set, so that a failure can be replayed.
quint32 crashSeed()
{
    bool ok = false;
    const quint32 seed = qEnvironmentVariable("ESLAB_CRASH_SEED").toUInt(&ok);
    return ok ? seed : 20240611u;
}

QJsonObject statusOf(const QString &store)
{
    const Result status = runEslab({ u"status"_s, u"--db"_s, store, u"--json"_s });
    if (status.exitCode != 0)
        qWarning() << status.err;
    return QJsonDocument::fromJson(status.out).object();
}

} // namespace

// SIGKILL at random moments: whatever a crash interrupts, the store keeps every committed
// append whole and nothing else, `verify` passes, and catching up from the checkpoints gives
// read models equal to a fresh fold.
class TestCrashRecovery : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void killedRunsLoseNothingCommittedAndLeaveNoHalfAppend();
    void killDuringStoreCreationLeavesNoStoreOrAWholeOne();
    void killedCatchUpAndRebuildKeepCheckpointsWithTheirReadModels();
    void lostWalTailLeavesAWholePrefixOfCommits();

private:
    // Checks the store after a crash: the committed prefix is unchanged, every append whole,
    // `verify` passes, and a catch-up (on a copy, so that the next run meets the crashed store
    // as it is) brings every projection to the head with read models equal to a fresh fold.
    void checkAfterCrash(const QString &store, qint64 *head, QByteArray *digest);
    qint64 runDurationMs(const QStringList &arguments);

    QTemporaryDir m_dir;
    QString m_scenario;
};

void TestCrashRecovery::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_scenario = m_dir.filePath(u"crash.json"_s);
    QVERIFY(writeFile(m_scenario, CrashScenario));
}

qint64 TestCrashRecovery::runDurationMs(const QStringList &arguments)
{
    QElapsedTimer timer;
    timer.start();
    const Result result = runEslab(arguments);
    if (result.exitCode != 0) {
        qWarning() << result.err;
        return -1;
    }
    return timer.elapsed();
}

void TestCrashRecovery::checkAfterCrash(const QString &store, qint64 *head, QByteArray *digest)
{
    const StoreFacts facts = readStoreFacts(store, *head);
    QVERIFY2(facts.error.isEmpty(), qPrintable(facts.error));
    QVERIFY2(facts.problems.isEmpty(), qPrintable(facts.problems.join(u'\n')));
    QVERIFY2(facts.head >= *head, "the head moved back: committed events were lost");
    QVERIFY2(facts.prefixDigest == *digest, "events committed before the crash changed");
    *head = facts.head;
    *digest = facts.digest;

    const Result verify = runEslab({ u"verify"_s, u"--db"_s, store });
    QVERIFY2(verify.exitCode == 0, outputOf(verify).constData());

    const QString copy = store + u".recovered"_s;
    QVERIFY(copyStore(store, copy));
    const Result catchUp = runEslab({ u"catch-up"_s, u"--db"_s, copy });
    QVERIFY2(catchUp.exitCode == 0, catchUp.err.constData());
    const QJsonObject status = statusOf(copy);
    QCOMPARE(status.value(u"head"_s).toInteger(), facts.head);
    const QJsonObject projections = status.value(u"projections"_s).toObject();
    QCOMPARE(projections.size(), 2);
    for (auto it = projections.begin(); it != projections.end(); ++it) {
        const QJsonObject projection = it.value().toObject();
        QVERIFY2(projection.value(u"halt"_s).isNull(), qPrintable(it.key()));
        QCOMPARE(projection.value(u"lag_events"_s).toInteger(), 0);
        QCOMPARE(projection.value(u"checkpoint"_s).toInteger(), facts.head);
    }
    const Result recovered = runEslab({ u"verify"_s, u"--db"_s, copy });
    QVERIFY2(recovered.exitCode == 0, outputOf(recovered).constData());
    QVERIFY2(recovered.out.contains("read models order_summary, service_stats equal a fresh fold"),
             recovered.out.constData());
}

void TestCrashRecovery::killedRunsLoseNothingCommittedAndLeaveNoHalfAppend()
{
    const quint32 seed = crashSeed();
    qInfo("kill moments from seed %u (set ESLAB_CRASH_SEED to replay)", seed);
    QRandomGenerator random(seed);
    const QString store = m_dir.filePath(u"crash.db"_s);

    // A first run, whole, makes the store and says how long a run takes on this machine.
    QElapsedTimer timer;
    timer.start();
    const Result first = runEslab({ u"run"_s, m_scenario, u"--db"_s, store });
    const qint64 fullRunMs = timer.elapsed();
    QVERIFY2(first.exitCode == 0, first.err.constData());
    // Half the runs are paced to the wall clock so that they last about two seconds: they
    // commit before each wait, while a run at full speed commits hundreds of appends at once.
    const qint64 simulatedMs
        = QJsonDocument::fromJson(first.out).object().value(u"simulated_ms"_s).toInteger();
    QVERIFY(simulatedMs > 0);
    QJsonObject paced = QJsonDocument::fromJson(CrashScenario).object();
    paced.insert(u"run"_s, QJsonObject { { u"speed"_s, double(simulatedMs) / 2000.0 } });
    const QString pacedScenario = m_dir.filePath(u"paced.json"_s);
    QVERIFY(writeFile(pacedScenario, QJsonDocument(paced).toJson()));
    const qint64 pacedRunMs = 2000 + fullRunMs;
    qInfo("a whole run takes %lld ms, a paced one about %lld ms", fullRunMs, pacedRunMs);
    qint64 head = 0;
    QByteArray digest = QCryptographicHash::hash({}, QCryptographicHash::Sha256);
    checkAfterCrash(store, &head, &digest);
    if (QTest::currentTestFailed())
        return;

    int kills = 0;
    int finished = 0;
    for (int attempt = 0; kills < Kills; ++attempt) {
        const QString runSeed = QString::number(random.bounded(1'000'000));
        const bool isPaced = attempt % 2 == 1;
        // Most kills land while the run appends; some while it starts or catches up at the end.
        const qint64 runMs = isPaced ? pacedRunMs : fullRunMs;
        const int delayMs = int(random.bounded(runMs * 11 / 10 + 1));
        QStringList arguments { u"run"_s,    isPaced ? pacedScenario : m_scenario,
                                u"--db"_s,   store,
                                u"--seed"_s, runSeed };
        if (isPaced)
            arguments.append(u"--paced"_s);
        QProcess run;
        run.start(QStringLiteral(ESLAB_BINARY), arguments);
        QVERIFY(run.waitForStarted());
        if (run.waitForFinished(delayMs)) {
            QCOMPARE(run.exitStatus(), QProcess::NormalExit);
            QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
            ++finished;
        } else {
            run.kill();
            QVERIFY(run.waitForFinished(30'000));
            ++kills;
        }
        checkAfterCrash(store, &head, &digest);
        if (QTest::currentTestFailed()) {
            qWarning("after kill %d at %d ms of a %s run (seed %u)", kills, delayMs,
                     isPaced ? "paced" : "full-speed", seed);
            return;
        }
    }
    qInfo("%d kills, %d runs finished before their kill, %lld events in the end", kills, finished,
          head);

    // The crashed store takes a whole run: its projectors start from their checkpoints.
    const Result last
        = runEslab({ u"run"_s, m_scenario, u"--db"_s, store, u"--orders"_s, u"20"_s });
    QVERIFY2(last.exitCode == 0, last.err.constData());
    const Result verify = runEslab({ u"verify"_s, u"--db"_s, store });
    QVERIFY2(verify.exitCode == 0, outputOf(verify).constData());
    QVERIFY2(verify.out.contains("read models order_summary, service_stats equal a fresh fold"),
             verify.out.constData());
}

void TestCrashRecovery::killDuringStoreCreationLeavesNoStoreOrAWholeOne()
{
    // The kill lands as soon as the store's file or the hidden draft it is made in appears, or
    // a few milliseconds later: while the schema is being created. Afterwards the path holds no
    // file or a whole store, which takes the next run; never a file that eslab made and now
    // refuses as "not an eslab store".
    QRandomGenerator random(crashSeed() + 1);
    int refused = 0;
    QStringList refusals;
    for (int attempt = 0; attempt < 12; ++attempt) {
        const QString store = m_dir.filePath(u"creating-%1.db"_s.arg(attempt));
        QProcess run;
        run.start(QStringLiteral(ESLAB_BINARY),
                  { u"run"_s, m_scenario, u"--db"_s, store, u"--orders"_s, u"5"_s });
        QVERIFY(run.waitForStarted());
        QElapsedTimer timer;
        timer.start();
        const QString draftPattern = u".creating-%1.db.creating-*"_s.arg(attempt);
        const auto appeared = [&] {
            return QFileInfo::exists(store)
                || !QDir(m_dir.path()).entryList({ draftPattern }, QDir::Files | QDir::Hidden).isEmpty();
        };
        while (!appeared() && timer.elapsed() < 30'000)
            QThread::usleep(50);
        QVERIFY(appeared());
        const int delayUs = int(random.bounded(4000));
        QThread::usleep(delayUs);
        run.kill();
        QVERIFY(run.waitForFinished(30'000));

        if (!QFileInfo::exists(store))
            continue;
        const Result verify = runEslab({ u"verify"_s, u"--db"_s, store });
        if (verify.exitCode == 0) {
            // A whole store: the next run continues it.
            QCOMPARE(runEslab({ u"run"_s, m_scenario, u"--db"_s, store, u"--orders"_s, u"3"_s })
                         .exitCode,
                     0);
            QCOMPARE(runEslab({ u"verify"_s, u"--db"_s, store }).exitCode, 0);
            continue;
        }
        // Refused: cleanly, in one line, and never taken for a store.
        QCOMPARE(verify.exitCode, 2);
        QVERIFY2(isOneLine(verify.err), verify.err.constData());
        const QByteArray before = storeFilesDigest(store);
        const Result again
            = runEslab({ u"run"_s, m_scenario, u"--db"_s, store, u"--orders"_s, u"3"_s });
        QCOMPARE(again.exitCode, 2);
        QVERIFY2(isOneLine(again.err), again.err.constData());
        QCOMPARE(storeFilesDigest(store), before);
        ++refused;
        refusals.append(QString::fromUtf8(verify.err.trimmed()) + u" (after %1 us)"_s.arg(delayUs));
    }
    qInfo("%d of 12 kills left a file that eslab refuses: %s", refused,
          qPrintable(refusals.join(u"; "_s)));
    QVERIFY2(refused == 0, qPrintable(refusals.join(u"; "_s)));
}

void TestCrashRecovery::killedCatchUpAndRebuildKeepCheckpointsWithTheirReadModels()
{
    QRandomGenerator random(crashSeed() + 2);
    const QString store = m_dir.filePath(u"projections.db"_s);
    QVERIFY(runDurationMs({ u"run"_s, m_scenario, u"--db"_s, store, u"--orders"_s, u"800"_s }) > 0);
    const qint64 head = readStoreFacts(store).head;
    QVERIFY(head > 0);

    // Both projections behind by the whole store, as a new projection would be.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"rewind"_s);
        db.setDatabaseName(store);
        QVERIFY(db.open());
        QSqlQuery query(db);
        for (const QString &sql :
             { u"UPDATE checkpoints SET position = 0"_s, u"DELETE FROM order_summary"_s,
               u"DELETE FROM service_stats"_s, u"DELETE FROM service_stats_orders"_s,
               u"DELETE FROM parked_events"_s, u"DELETE FROM projection_halts"_s })
            QVERIFY2(query.exec(sql), qPrintable(sql));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"rewind"_s);
    QElapsedTimer timer;
    const QString copy = store + u".timing"_s;
    QVERIFY(copyStore(store, copy));
    timer.start();
    QCOMPARE(runEslab({ u"catch-up"_s, u"--db"_s, copy }).exitCode, 0);
    const qint64 catchUpMs = timer.elapsed();
    qInfo("a whole catch-up of %lld events takes %lld ms", head, catchUpMs);

    for (int kill = 0; kill < 8; ++kill) {
        const bool rebuild = kill % 4 == 3;
        const QStringList arguments = rebuild
            ? QStringList { u"rebuild"_s, u"--db"_s, store, u"--projection"_s,
                            kill % 8 == 3 ? u"order_summary"_s : u"service_stats"_s }
            : QStringList { u"catch-up"_s, u"--db"_s, store };
        QProcess process;
        process.start(QStringLiteral(ESLAB_BINARY), arguments);
        QVERIFY(process.waitForStarted());
        if (!process.waitForFinished(int(random.bounded(catchUpMs + 1)))) {
            process.kill();
            QVERIFY(process.waitForFinished(30'000));
        }
        const Result verify = runEslab({ u"verify"_s, u"--db"_s, store });
        QVERIFY2(verify.exitCode == 0, outputOf(verify).constData());
    }
    const Result finish = runEslab({ u"catch-up"_s, u"--db"_s, store });
    QVERIFY2(finish.exitCode == 0, finish.err.constData());
    const Result verify = runEslab({ u"verify"_s, u"--db"_s, store });
    QVERIFY2(verify.exitCode == 0, outputOf(verify).constData());
    QVERIFY2(verify.out.contains("read models order_summary, service_stats equal a fresh fold"),
             verify.out.constData());
    QCOMPARE(readStoreFacts(store).head, head);
}

void TestCrashRecovery::lostWalTailLeavesAWholePrefixOfCommits()
{
    // With synchronous=NORMAL in WAL mode a commit is not synced to disk until a checkpoint: a
    // power loss may lose the end of the -wal file, or leave garbage there. SQLite's frame
    // checksums then end the log at the last whole commit. Simulated on a killed run's files:
    // whatever the cut, the store is a prefix of the commits, whole, and valid.
    const QString store = m_dir.filePath(u"power.db"_s);
    const QString paced = m_dir.filePath(u"power.json"_s);
    QJsonObject scenario = QJsonDocument::fromJson(CrashScenario).object();
    scenario.insert(u"run"_s, QJsonObject { { u"speed"_s, 600.0 } });
    QVERIFY(writeFile(paced, QJsonDocument(scenario).toJson()));
    // A first run, whole: closing the store checkpoints it into the main file. The killed run
    // after it leaves its commits in the -wal file only.
    QCOMPARE(runEslab({ u"run"_s, m_scenario, u"--db"_s, store }).exitCode, 0);
    QVERIFY(!QFile::exists(store + u"-wal"_s));
    const qint64 checkpointed = readStoreFacts(store).head;
    QProcess run;
    run.start(QStringLiteral(ESLAB_BINARY),
              { u"run"_s, paced, u"--db"_s, store, u"--paced"_s, u"--orders"_s, u"200"_s });
    QVERIFY(run.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(store + u"-wal"_s).size() > 400'000, 60'000);
    run.kill();
    QVERIFY(run.waitForFinished(30'000));
    const StoreFacts crashed = readStoreFacts(store);
    QVERIFY2(crashed.problems.isEmpty(), qPrintable(crashed.problems.join(u'\n')));

    QFile wal(store + u"-wal"_s);
    QVERIFY(wal.open(QIODevice::ReadOnly));
    const QByteArray log = wal.readAll();
    wal.close();
    QVERIFY(log.size() > 32);
    // The WAL header holds the page size (big-endian, at byte 8); each frame is a 24-byte
    // header and a page.
    const qint64 pageSize = (quint8(log.at(8)) << 24) | (quint8(log.at(9)) << 16)
        | (quint8(log.at(10)) << 8) | quint8(log.at(11));
    const qint64 frames = (log.size() - 32) / (24 + pageSize);
    QVERIFY(frames > 10);

    QRandomGenerator random(crashSeed() + 3);
    const QString copy = m_dir.filePath(u"power-lost.db"_s);
    qint64 shortest = crashed.head;
    for (int cut = 0; cut < 10; ++cut) {
        const qint64 frame = random.bounded(frames + 1);
        QByteArray tail = log.left(32 + frame * (24 + pageSize));
        // Half the cuts also leave a torn frame of garbage after the last whole one.
        if (cut % 2 == 1)
            tail += QByteArray(int(24 + random.bounded(pageSize)), char(0x5a));
        for (const QString &suffix : { QString(), u"-wal"_s, u"-shm"_s })
            QFile::remove(copy + suffix);
        QVERIFY(QFile::copy(store, copy));
        QVERIFY(writeFile(copy + u"-wal"_s, tail));

        const StoreFacts lost = readStoreFacts(copy);
        QVERIFY2(lost.error.isEmpty(), qPrintable(lost.error));
        QVERIFY2(lost.problems.isEmpty(), qPrintable(lost.problems.join(u'\n')));
        QVERIFY(lost.head >= checkpointed && lost.head <= crashed.head);
        QCOMPARE(lost.digest, readStoreFacts(store, lost.head).prefixDigest);
        shortest = std::min(shortest, lost.head);
        const Result verify = runEslab({ u"verify"_s, u"--db"_s, copy });
        QVERIFY2(verify.exitCode == 0, outputOf(verify).constData());
        QCOMPARE(runEslab({ u"catch-up"_s, u"--db"_s, copy }).exitCode, 0);
        const Result recovered = runEslab({ u"verify"_s, u"--db"_s, copy });
        QVERIFY2(recovered.out.contains("equal a fresh fold"), outputOf(recovered).constData());
    }
    qInfo("the cuts kept from %lld to %lld of %lld events", shortest, crashed.head, crashed.head);
}

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "tst_crashrecovery.moc"
