#include "reliabilitytest.h"

#include "simulation/scenario.h"
#include "simulation/simulation.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <grp.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

const QByteArray SmallScenario = R"({
  "name": "Faulty", "seed": 3,
  "orders": {"count": 150, "arrival_per_min": 600, "quantity": {"min": 100, "max": 2000},
             "cancel_rate": 0.05},
  "failures": {"payment_failure_rate": 0.05, "batch_failure_rate": 0.05, "poison_event_rate": 0.02},
  "snapshots": {"n": 10}
})";

// Enough appends to fill whatever room a test leaves.
const QByteArray BigScenario = R"({
  "name": "Big", "seed": 8,
  "orders": {"count": 20000, "arrival_per_min": 6000, "quantity": {"min": 100, "max": 2000}},
  "snapshots": {"n": 10}
})";

constexpr uid_t Nobody = 65534;

// The commands that write to a store, and those that only read it.
QList<QStringList> writingCommands(const QString &store, const QString &scenario)
{
    return { { u"run"_s, scenario, u"--db"_s, store },
             { u"catch-up"_s, u"--db"_s, store },
             { u"rebuild"_s, u"--db"_s, store, u"--projection"_s, u"order_summary"_s },
             { u"replay-parked"_s, u"--db"_s, store } };
}

QList<QStringList> readingCommands(const QString &store)
{
    return { { u"verify"_s, u"--db"_s, store },
             { u"status"_s, u"--db"_s, store },
             { u"inspect"_s, u"--db"_s, store, u"--stream"_s, u"order-000001"_s },
             { u"export"_s, u"--db"_s, store, u"--format"_s, u"json"_s },
             { u"parked"_s, u"--db"_s, store } };
}

// Runs eslab with a limit on the size of every file it writes (RLIMIT_FSIZE) and SIGXFSZ
// ignored, so that a write past the limit fails as on a full disk instead of killing it.
// With `asUser`, it runs as that user (the test must be root).
Result runEslabLimited(const QStringList &arguments, rlim_t fileSizeLimit, uid_t asUser = 0)
{
    QProcess process;
    process.setChildProcessModifier([fileSizeLimit, asUser] {
        if (fileSizeLimit > 0) {
            const rlimit limit { fileSizeLimit, fileSizeLimit };
            ::setrlimit(RLIMIT_FSIZE, &limit);
            ::signal(SIGXFSZ, SIG_IGN);
        }
        if (asUser != 0) {
            ::setgroups(0, nullptr);
            if (::setgid(asUser) != 0 || ::setuid(asUser) != 0)
                ::_exit(99);
        }
    });
    process.start(QStringLiteral(ESLAB_BINARY), arguments);
    if (!process.waitForFinished(120'000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    Result result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

Result runEslabAs(uid_t user, const QStringList &arguments)
{
    return user == 0 ? runEslab(arguments) : runEslabLimited(arguments, 0, user);
}

// What a store looks like on disk: the file, and the -wal file when it has a non-empty one.
QByteArray onDisk(const QString &path)
{
    QByteArray state = fileDigest(path);
    if (QFileInfo(path + u"-wal"_s).size() > 0)
        state += "+wal:" + fileDigest(path + u"-wal"_s);
    return state;
}

bool execOn(const QString &path, const QStringList &statements)
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tamper"_s);
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery query(db);
        for (const QString &sql : statements) {
            if (ok && !query.exec(sql)) {
                qWarning() << sql << query.lastError().text();
                ok = false;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"tamper"_s);
    return ok;
}

// The pages of the events table's leaves (dbstat), to damage the rows themselves.
QList<qint64> eventLeafPages(const QString &path)
{
    QList<qint64> pages;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"pages"_s);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(u"SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' "
                           "ORDER BY pageno"_s)) {
                while (query.next())
                    pages.append(query.value(0).toLongLong());
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"pages"_s);
    return pages;
}

// Whether another connection holds the store's write lock: BEGIN IMMEDIATE without waiting.
bool isWriteLocked(const QString &path)
{
    bool locked = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"probe"_s);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=0"_s);
        if (db.open()) {
            QSqlQuery query(db);
            locked = !query.exec(u"BEGIN IMMEDIATE"_s);
            if (!locked)
                query.exec(u"ROLLBACK"_s);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"probe"_s);
    return locked;
}

bool overwrite(const QString &path, qint64 offset, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::ReadWrite) && file.seek(offset)
        && file.write(bytes) == bytes.size();
}

} // namespace

// Faulty stores: a full disk, read-only files and folders, a lock held by another process,
// damaged and foreign files. Each gives one clear line and exit code 2, and leaves the file as
// it was; what was committed before stays intact. (tests/ui/tst_commandline.cpp covers text,
// empty and header-corrupt files, a foreign SQLite file for `run`, a newer format for `verify`
// and `run`, and a read-only file for `verify`, `inspect` and `run`.)
class TestFaultyStores : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void fullDiskStopsARunWithEverythingCommittedIntact();
    void writeFailureStopsTheCommandLineCleanly();
    void storeThatCannotBeCreatedLeavesNoFile();
    void readOnlyFileServesEveryReadingCommand();
    void readOnlyFolderServesEveryReadingCommand();
    void lockedStoreMakesWritersWaitBoundedThenFail();
    void damagedFilesAreRefusedByEveryCommand_data();
    void damagedFilesAreRefusedByEveryCommand();

private:
    // A fresh copy of the template store in this test's folder.
    QString freshStore(const QString &name = u"s.db"_s);

    QTemporaryDir m_root;
    QString m_template;
    QString m_scenario;
    QDir m_dir;
};

void TestFaultyStores::initTestCase()
{
    QVERIFY(m_root.isValid());
    // Another user must be able to reach the binary and the test's folders (a read-only folder
    // is tested as that user when the test runs as root, who may write anywhere).
    QVERIFY(QFile::setPermissions(
        m_root.path(), QFile::permissions(m_root.path()) | QFile::ReadOther | QFile::ExeOther));
    m_scenario = m_root.filePath(u"small.json"_s);
    QVERIFY(writeFile(m_scenario, SmallScenario));
    QVERIFY(writeFile(m_root.filePath(u"big.json"_s), BigScenario));
    m_template = m_root.filePath(u"template.db"_s);
    const Result run = runEslab({ u"run"_s, m_scenario, u"--db"_s, m_template });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(!QFile::exists(m_template + u"-wal"_s));
}

void TestFaultyStores::init()
{
    static int number = 0;
    const QString folder = u"test-%1"_s.arg(++number);
    QVERIFY(QDir(m_root.path()).mkpath(folder));
    m_dir = QDir(m_root.filePath(folder));
    QVERIFY(QFile::setPermissions(
        m_dir.path(), QFile::permissions(m_dir.path()) | QFile::ReadOther | QFile::ExeOther));
}

QString TestFaultyStores::freshStore(const QString &name)
{
    const QString path = m_dir.filePath(name);
    QFile::remove(path);
    return QFile::copy(m_template, path) ? path : QString();
}

void TestFaultyStores::fullDiskStopsARunWithEverythingCommittedIntact()
{
    const QString path = freshStore();
    const StoreFacts before = readStoreFacts(path);
    QVERIFY(before.error.isEmpty());
    const ScenarioParseResult parsed = loadScenarioFile(m_root.filePath(u"big.json"_s));
    QVERIFY(parsed.scenario);

    QString runId;
    qint64 appended = 0;
    {
        QString error;
        auto store = EventStore::open(path, EventStore::Access::ReadWrite, &error);
        QVERIFY2(store, qPrintable(error));
        QSqlQuery *pages = store->execute(u"PRAGMA page_count"_s);
        QVERIFY(pages && pages->next());
        const qint64 pageCount = pages->value(0).toLongLong();
        pages->finish();
        // Room for a few group commits (up to 12,000 appends each), then the disk is full.
        QVERIFY(store->execute(u"PRAGMA max_page_count = %1"_s.arg(pageCount + 20000)));
        Simulation simulation(*parsed.scenario, *store);
        const bool completed = simulation.run();
        QVERIFY2(!completed, "the run should have hit the full disk");
        QVERIFY2(simulation.errorString().contains(u"full"_s),
                 qPrintable(simulation.errorString()));
        runId = simulation.report().runId;
        appended = simulation.report().events;
        QVERIFY(appended > 0);
    }

    const StoreFacts after = readStoreFacts(path, before.head);
    QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
    QVERIFY2(after.problems.isEmpty(), qPrintable(after.problems.join(u'\n')));
    QCOMPARE(after.prefixDigest, before.digest);
    // The run added its own events and nothing else.
    const qint64 stored = after.eventsByRun.value(runId);
    QVERIFY(stored > 0);
    QCOMPARE(after.head, before.head + stored);
    // What the run reports as appended is what the store kept: the last group transaction
    // rolled back when the disk filled up, and its appends are not counted.
    QCOMPARE(appended, stored);
    const Result verify = runEslab({ u"verify"_s, u"--db"_s, path });
    QVERIFY2(verify.exitCode == 0, outputOf(verify).constData());

    // With room again, the store takes the next run.
    const Result next = runEslab({ u"run"_s, m_scenario, u"--db"_s, path });
    QVERIFY2(next.exitCode == 0, next.err.constData());
    QCOMPARE(runEslab({ u"verify"_s, u"--db"_s, path }).exitCode, 0);
}

void TestFaultyStores::writeFailureStopsTheCommandLineCleanly()
{
    // The command line has no way to lower SQLite's page limit, so the disk fills up from
    // outside: no file eslab writes may grow past a limit above the store's size, with room
    // for a few group commits (up to 12,000 appends each) but not for the whole run.
    const QString path = freshStore();
    const StoreFacts before = readStoreFacts(path);
    const rlim_t limit = rlim_t(QFileInfo(path).size() + 16 * 1024 * 1024);
    const Result run
        = runEslabLimited({ u"run"_s, m_root.filePath(u"big.json"_s), u"--db"_s, path }, limit);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(isOneLine(run.err), run.err.constData());
    QVERIFY2(run.out.isEmpty(), run.out.constData());

    const StoreFacts after = readStoreFacts(path, before.head);
    QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
    QVERIFY2(after.problems.isEmpty(), qPrintable(after.problems.join(u'\n')));
    QCOMPARE(after.prefixDigest, before.digest);
    QVERIFY(after.head > before.head);
    const Result verify = runEslab({ u"verify"_s, u"--db"_s, path });
    QVERIFY2(verify.exitCode == 0, outputOf(verify).constData());
    const Result next = runEslab({ u"run"_s, m_scenario, u"--db"_s, path });
    QVERIFY2(next.exitCode == 0, next.err.constData());
}

void TestFaultyStores::storeThatCannotBeCreatedLeavesNoFile()
{
    // The disk fills up while the new store's first pages are written.
    const QString path = m_dir.filePath(u"new.db"_s);
    QByteArrayList messages;
    for (const rlim_t limit : { rlim_t(1), rlim_t(2048), rlim_t(20'000) }) {
        const Result run = runEslabLimited({ u"run"_s, m_scenario, u"--db"_s, path }, limit);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("cannot create a store"), run.err.constData());
        for (const QString &suffix : { QString(), u"-wal"_s, u"-shm"_s })
            QVERIFY2(!QFile::exists(path + suffix), qPrintable(path + suffix));
        // Nor the hidden draft the store was being made in.
        const QStringList drafts = QFileInfo(path).dir().entryList(
            { u".*.creating-*"_s }, QDir::Files | QDir::Hidden | QDir::System);
        QVERIFY2(drafts.isEmpty(), qPrintable(drafts.join(u", "_s)));
        if (!isOneLine(run.err))
            messages.append(run.err);
    }
    QVERIFY2(messages.isEmpty(), messages.join().constData());
}

void TestFaultyStores::readOnlyFileServesEveryReadingCommand()
{
    const QString path = freshStore();
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0444) == 0);
    const QByteArray before = onDisk(path);
    for (const QStringList &arguments : writingCommands(path, m_scenario)) {
        const Result result = runEslab(arguments);
        QVERIFY2(result.exitCode == 2, qPrintable(arguments.first()));
        QVERIFY2(isOneLine(result.err), result.err.constData());
        QVERIFY2(result.err.contains("read-only"), result.err.constData());
        QCOMPARE(onDisk(path), before);
    }
    for (const QStringList &arguments : readingCommands(path)) {
        const Result result = runEslab(arguments);
        QVERIFY2(result.exitCode == 0,
                 qPrintable(arguments.first() + u": "_s + QString::fromUtf8(result.err)));
        QCOMPARE(onDisk(path), before);
    }
}

void TestFaultyStores::readOnlyFolderServesEveryReadingCommand()
{
    // The store's file may be written, its folder may not: SQLite cannot create the -wal file,
    // so a writing command must refuse, and reading commands must still work. Root may write
    // in any folder, so as root the commands run as another user.
    const QString folder = m_dir.filePath(u"locked-folder"_s);
    QVERIFY(QDir().mkpath(folder));
    const QString path = folder + u"/s.db"_s;
    QVERIFY(QFile::copy(m_template, path));
    const uid_t user = ::geteuid() == 0 ? Nobody : 0;
    if (user != 0)
        QVERIFY(::chown(QFile::encodeName(path).constData(), user, gid_t(user)) == 0);
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0666) == 0);
    QVERIFY(::chmod(QFile::encodeName(folder).constData(), 0555) == 0);
    const QByteArray before = onDisk(path);
    for (const QStringList &arguments : writingCommands(path, m_scenario)) {
        const Result result = runEslabAs(user, arguments);
        QVERIFY2(result.exitCode == 2, qPrintable(arguments.first()));
        QVERIFY2(isOneLine(result.err), result.err.constData());
        QVERIFY2(result.err.contains("read-only"), result.err.constData());
        QCOMPARE(onDisk(path), before);
    }
    QByteArrayList refusals;
    for (const QStringList &arguments : readingCommands(path)) {
        const Result result = runEslabAs(user, arguments);
        if (result.exitCode != 0)
            refusals.append(arguments.first().toUtf8() + ": " + result.err);
        QCOMPARE(onDisk(path), before);
    }
    ::chmod(QFile::encodeName(folder).constData(), 0755);
    // Without a -wal file, SQLite needs to create the -shm index to read a WAL store, and the
    // folder does not let it: the store is opened immutable.
    QVERIFY2(refusals.isEmpty(), refusals.join().constData());
    QCOMPARE(QDir(folder).entryList(QDir::Files), QStringList { u"s.db"_s });
}

void TestFaultyStores::lockedStoreMakesWritersWaitBoundedThenFail()
{
    const QString path = freshStore();
    // Projections behind, so that catch-up has something to write; replay-parked has the
    // template's parked poison notes.
    QVERIFY(execOn(path,
                   { u"UPDATE checkpoints SET position = 0"_s, u"DELETE FROM order_summary"_s,
                     u"DELETE FROM service_stats"_s, u"DELETE FROM service_stats_orders"_s }));
    // Another process holds the write lock: the sqlite3 shell, inside BEGIN IMMEDIATE.
    QProcess holder;
    holder.start(u"sqlite3"_s, { path });
    if (!holder.waitForStarted())
        QSKIP("the sqlite3 shell is not installed");
    holder.write("BEGIN IMMEDIATE;\n");
    QTRY_VERIFY_WITH_TIMEOUT(isWriteLocked(path), 10'000);
    const QByteArray before = onDisk(path);

    for (const QStringList &arguments : writingCommands(path, m_scenario)) {
        QElapsedTimer timer;
        timer.start();
        const Result result = runEslab(arguments);
        const qint64 waitedMs = timer.elapsed();
        const QByteArray what = arguments.first().toUtf8() + ": " + result.err;
        QVERIFY2(result.exitCode == 2, what.constData());
        QVERIFY2(isOneLine(result.err), what.constData());
        QVERIFY2(result.err.contains("locked"), what.constData());
        // The store waits for the other writer (5 s), but not for ever.
        QVERIFY2(waitedMs >= 4'000 && waitedMs < 60'000, qPrintable(u"%1 ms"_s.arg(waitedMs)));
        QCOMPARE(onDisk(path), before);
    }
    // Readers never wait for a writer in WAL mode.
    for (const QStringList &arguments : readingCommands(path)) {
        const Result result = runEslab(arguments);
        QVERIFY2(result.exitCode == 0,
                 qPrintable(arguments.first() + u": "_s + QString::fromUtf8(result.err)));
    }

    holder.write("ROLLBACK;\n.quit\n");
    holder.closeWriteChannel();
    QVERIFY(holder.waitForFinished(10'000));
    QCOMPARE(onDisk(path), before);
    const Result catchUp = runEslab({ u"catch-up"_s, u"--db"_s, path });
    QVERIFY2(catchUp.exitCode == 0, catchUp.err.constData());
    QCOMPARE(runEslab({ u"verify"_s, u"--db"_s, path }).exitCode, 0);
}

void TestFaultyStores::damagedFilesAreRefusedByEveryCommand_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("mentions");
    // Whether the command must refuse the file, or may serve what it can still read.
    QTest::addColumn<bool>("mustRefuse");
    const QList<std::pair<QString, QString>> damages {
        { u"events pages overwritten"_s, u"malformed"_s },
        { u"truncated to half"_s, u"malformed"_s },
        { u"foreign database in WAL mode"_s, u"not an eslab store"_s },
        { u"newer format"_s, u"newer"_s },
        { u"no format version"_s, u"format_version"_s },
        { u"a table missing"_s, u"snapshots table is missing"_s },
    };
    const QStringList commands { u"run"_s,           u"catch-up"_s, u"rebuild"_s,
                                 u"replay-parked"_s, u"verify"_s,   u"status"_s,
                                 u"inspect"_s,       u"export"_s,   u"parked"_s };
    for (const auto &[damage, mentions] : damages) {
        for (const QString &command : commands) {
            // Damaged rows that a command never reads cannot stop a reading command; verify
            // and export read every event.
            const bool mayServe = damage == u"events pages overwritten"_s
                && (command == u"status"_s || command == u"inspect"_s || command == u"parked"_s);
            QTest::addRow("%s: %s", qPrintable(damage), qPrintable(command))
                << damage << command << mentions << !mayServe;
        }
    }
}

void TestFaultyStores::damagedFilesAreRefusedByEveryCommand()
{
    QFETCH(QString, damage);
    QFETCH(QString, command);
    QFETCH(QString, mentions);
    QFETCH(bool, mustRefuse);
    const QString path = freshStore();
    if (damage == u"events pages overwritten"_s) {
        const QList<qint64> leaves = eventLeafPages(path);
        QVERIFY2(leaves.size() > 10, "dbstat lists no leaf pages of events");
        QByteArray garbage(3000, '\0');
        for (qsizetype i = 0; i < garbage.size(); ++i)
            garbage[i] = char((i * 131 + 7) % 251);
        // Two leaves in the middle of the table, past their page headers.
        for (const qint64 page : { leaves.at(leaves.size() / 3), leaves.at(leaves.size() / 2) })
            QVERIFY(overwrite(path, (page - 1) * 4096 + 100, garbage));
    } else if (damage == u"truncated to half"_s) {
        QVERIFY(QFile::resize(path, QFileInfo(path).size() / 2));
    } else if (damage == u"foreign database in WAL mode"_s) {
        // A foreign program's database in WAL mode, copied with its -wal file while that
        // program had it open (as after its crash): eslab must not fold the -wal into the file.
        QFile::remove(path);
        const QString source = m_dir.filePath(u"foreign-source.db"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"foreign"_s);
            db.setDatabaseName(source);
            QVERIFY(db.open());
            QSqlQuery query(db);
            for (const QString &sql :
                 { u"PRAGMA journal_mode = WAL"_s, u"PRAGMA wal_autocheckpoint = 0"_s,
                   u"CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)"_s,
                   u"INSERT INTO customers (name) VALUES ('kim'), ('lee')"_s })
                QVERIFY2(query.exec(sql), qPrintable(sql));
            QVERIFY(QFile::copy(source, path));
            QVERIFY(QFile::copy(source + u"-wal"_s, path + u"-wal"_s));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"foreign"_s);
        QVERIFY(QFileInfo(path + u"-wal"_s).size() > 0);
    } else if (damage == u"newer format"_s) {
        QVERIFY(execOn(path, { u"UPDATE meta SET value = '2' WHERE key = 'format_version'"_s }));
    } else if (damage == u"no format version"_s) {
        QVERIFY(execOn(path, { u"DELETE FROM meta WHERE key = 'format_version'"_s }));
    } else if (damage == u"a table missing"_s) {
        QVERIFY(execOn(path, { u"DROP TABLE snapshots"_s }));
    }
    const QByteArray before = onDisk(path);

    QStringList arguments;
    for (const QStringList &candidate : writingCommands(path, m_scenario) + readingCommands(path)) {
        if (candidate.first() == command)
            arguments = candidate;
    }
    QVERIFY(!arguments.isEmpty());
    const Result result = runEslab(arguments);
    const bool unchanged = onDisk(path) == before;
    const QByteArray what = command.toUtf8() + " exited " + QByteArray::number(result.exitCode)
        + (unchanged ? " leaving the file as it was: " : " and changed the file: ") + result.err;
    const bool refused
        = result.exitCode == 2 && isOneLine(result.err) && result.err.contains(mentions.toUtf8());
    const bool served = !mustRefuse && result.exitCode == 0;
    QVERIFY2((refused || served) && unchanged, what.constData());
}

QTEST_GUILESS_MAIN(TestFaultyStores)
#include "tst_faultystores.moc"
