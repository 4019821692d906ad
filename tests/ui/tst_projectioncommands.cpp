#include "model/eventstore.h"
#include "model/order.h"
#include "model/projection.h"
#include "model/projectionrunner.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "commandlinetest.h"

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

// Orders 1 to 6, each placed, paid, started, one batch, a note and the last batch; the notes of
// the even orders are poison. Notes are positions 25 to 30, so the poison ones are 26, 28 and 30.
bool writeOrders(EventStore &store)
{
    constexpr int Orders = 6;
    QList<Order> orders(Orders);
    qint64 clock = 0;
    const auto step = [&](const std::function<Decision(const Order &, int)> &command) {
        for (int n = 1; n <= Orders; ++n) {
            Order &order = orders[n - 1];
            const Decision decision = command(order, n);
            if (!decision.isAccepted())
                return false;
            const QString id = orderStreamId(n);
            QList<NewEvent> events;
            qint64 version = order.state().version;
            for (const DomainEvent &event : decision.events) {
                ++version;
                const QJsonObject metadata { { u"run_id"_s, u"run-test"_s },
                                             { u"correlation_id"_s, id },
                                             { u"causation_id"_s, id } };
                events.append(NewEvent::fromDomainEvent(u"%1-v%2"_s.arg(id).arg(version), event,
                                                        metadata, clock += 100));
            }
            if (store.append(id, order.state().version, events).status
                != AppendResult::Status::Appended)
                return false;
            for (const DomainEvent &event : decision.events)
                order.apply(event);
        }
        return true;
    };
    const auto batch = [](const Order &order, int) {
        return order.executeBatch({ order.state().nextBatchNo, 1, 50, 50, u"worker-1"_s, 800 });
    };
    return step([](const Order &order, int n) {
               return order.place(
                   { orderStreamId(n), u"customer-%1"_s.arg(n), u"likes"_s, 100, 50, 200 });
           })
        && step([](const Order &order, int) { return order.deductPoints(); })
        && step([](const Order &order, int) { return order.start(); }) && step(batch)
        && step([](const Order &order, int n) {
               return order.addNote(u"from ordering v2"_s, n % 2 == 0);
           })
        && step(batch);
}

QJsonArray parkedJson(const QString &store)
{
    const Result listed = runEslab({ u"parked"_s, u"--db"_s, store, u"--json"_s });
    return QJsonDocument::fromJson(listed.out).object().value(u"parked"_s).toArray();
}

} // namespace

class TestProjectionCommands : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void parkedListsEachEventWithItsReason();
    void parkedSaysSoWhenNothingIsParked();
    void replayParkedStopsAtNAndKeepsWhatFailsAgain();
    void replayParkedWithTheHandlerFixedEmptiesTheListAndVerifyPasses();
    void rebuildReportsEveryParkedEventAndExitsZero();
    void rebuildUnderStopReportsTheHaltAndStatusShowsIt();
    void badInputIsOneLineAndLeavesTheStoreUntouched_data();
    void badInputIsOneLineAndLeavesTheStoreUntouched();
    void helpExplainsTheBounds();

private:
    // Runs both projections over the store with the skip policy, parking the poison notes.
    void catchUpWithSkip();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_store;
};

void TestProjectionCommands::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = m_dir->filePath(u"store.db"_s);
    QString error;
    auto store = EventStore::open(m_store, EventStore::Access::ReadWriteCreate, &error);
    QVERIFY2(store, qPrintable(error));
    QVERIFY(writeOrders(*store));
    QCOMPARE(store->headPosition(), 42);
}

void TestProjectionCommands::cleanup()
{
    m_dir.reset();
}

void TestProjectionCommands::catchUpWithSkip()
{
    QString error;
    auto store = EventStore::open(m_store, EventStore::Access::ReadWrite, &error);
    QVERIFY2(store, qPrintable(error));
    for (const auto &projection : createStandardProjections()) {
        ProjectionRunner runner(*store, *projection);
        const auto progress = runner.catchUp(100, 5000);
        QVERIFY2(progress.isOk(), qPrintable(progress.error));
        QCOMPARE(progress.parked, 3);
    }
}

void TestProjectionCommands::parkedListsEachEventWithItsReason()
{
    catchUpWithSkip();
    const QByteArray before = fileDigest(m_store);
    const Result table = runEslab({ u"parked"_s, u"--db"_s, m_store });
    QCOMPARE(table.exitCode, 0);
    const QString text = QString::fromUtf8(table.out);
    QVERIFY2(text.contains(u"order-000002"_s) && text.contains(u"OrderNoteAdded"_s),
             qPrintable(text));
    QVERIFY2(text.contains(u"poison"_s), qPrintable(text));
    QVERIFY2(text.contains(u"6 parked event(s)"_s), qPrintable(text));
    QCOMPARE(fileDigest(m_store), before); // read-only

    const QJsonArray all = parkedJson(m_store);
    QCOMPARE(all.size(), 6);
    const QJsonObject first = all.first().toObject();
    QCOMPARE(first.value(u"projection"_s).toString(), u"order_summary"_s);
    QCOMPARE(first.value(u"position"_s).toInteger(), 26);
    QCOMPARE(first.value(u"stream_id"_s).toString(), u"order-000002"_s);
    QCOMPARE(first.value(u"event_type"_s).toString(), u"OrderNoteAdded"_s);
    QCOMPARE(first.value(u"attempts"_s).toInteger(), 1);
    QCOMPARE(first.value(u"parked_at"_s).toInteger(), 5000);
    QVERIFY(first.value(u"reason"_s).toString().contains(u"event 26 in order-000002"_s));

    const Result one = runEslab(
        { u"parked"_s, u"--db"_s, m_store, u"--projection"_s, u"service_stats"_s, u"--json"_s });
    QCOMPARE(one.exitCode, 0);
    const QJsonArray stats = QJsonDocument::fromJson(one.out).object().value(u"parked"_s).toArray();
    QCOMPARE(stats.size(), 3);
    for (const QJsonValue &row : stats)
        QCOMPARE(row.toObject().value(u"projection"_s).toString(), u"service_stats"_s);
}

void TestProjectionCommands::parkedSaysSoWhenNothingIsParked()
{
    const Result none = runEslab({ u"parked"_s, u"--db"_s, m_store });
    QCOMPARE(none.exitCode, 0);
    QCOMPARE(none.out, QByteArray("no parked events\n"));
    QCOMPARE(parkedJson(m_store), QJsonArray());
}

void TestProjectionCommands::replayParkedStopsAtNAndKeepsWhatFailsAgain()
{
    catchUpWithSkip();
    const Result replayed = runEslab({ u"replay-parked"_s, u"--db"_s, m_store, u"--projection"_s,
                                       u"order_summary"_s, u"--stop-at"_s, u"2"_s });
    QCOMPARE(replayed.exitCode, 0);
    const QStringList lines = QString::fromUtf8(replayed.out).trimmed().split(u'\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines.at(0).startsWith(u"order_summary event 26 (order-000002 OrderNoteAdded): "
                                    "failed again (attempt 2): "_s),
             qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).startsWith(u"order_summary event 28 "_s), qPrintable(lines.at(1)));
    QCOMPARE(lines.at(2), u"replayed 0, failed again 2, still parked 3"_s);

    QList<qint64> attempts;
    for (const QJsonValue &row : parkedJson(m_store))
        attempts.append(row.toObject().value(u"attempts"_s).toInteger());
    // order_summary 26, service_stats 26, order_summary 28, service_stats 28, then 30 for both.
    QCOMPARE(attempts, (QList<qint64> { 2, 1, 2, 1, 1, 1 }));
}

void TestProjectionCommands::replayParkedWithTheHandlerFixedEmptiesTheListAndVerifyPasses()
{
    catchUpWithSkip();
    const Result verifiedBefore = runEslab({ u"verify"_s, u"--db"_s, m_store });
    QCOMPARE(verifiedBefore.exitCode, 0);
    QVERIFY2(verifiedBefore.err.contains("order_summary: 3 parked events are not in its read "
                                         "model (eslab parked)"),
             verifiedBefore.err.constData());

    const Result replayed
        = runEslab({ u"replay-parked"_s, u"--db"_s, m_store, u"--handler-fixed"_s });
    QCOMPARE(replayed.exitCode, 0);
    QVERIFY2(replayed.out.contains("order_summary event 26 (order-000002 OrderNoteAdded): "
                                   "replayed\n"),
             replayed.out.constData());
    QVERIFY2(replayed.out.endsWith("replayed 6, failed again 0, still parked 0\n"),
             replayed.out.constData());
    QCOMPARE(runEslab({ u"parked"_s, u"--db"_s, m_store }).out, QByteArray("no parked events\n"));

    const Result verified = runEslab({ u"verify"_s, u"--db"_s, m_store });
    QCOMPARE(verified.exitCode, 0);
    QVERIFY(!verified.err.contains("parked"));
    QVERIFY2(verified.out.contains("read models order_summary, service_stats equal a fresh fold"),
             verified.out.constData());
}

void TestProjectionCommands::rebuildReportsEveryParkedEventAndExitsZero()
{
    catchUpWithSkip();
    const Result rebuilt
        = runEslab({ u"rebuild"_s, u"--db"_s, m_store, u"--projection"_s, u"order_summary"_s,
                     u"--failure-policy"_s, u"retry"_s, u"--retry-attempts"_s, u"2"_s });
    QCOMPARE(rebuilt.exitCode, 0);
    const QString text = QString::fromUtf8(rebuilt.out);
    QVERIFY2(text.startsWith(u"order_summary: checkpoint 42 of 42, 39 events applied, 3 parked, "
                             "3 retried"_s),
             qPrintable(text));
    for (const QString &position : { u"26"_s, u"28"_s, u"30"_s }) {
        QVERIFY2(text.contains(u"parked event %1 "_s.arg(position)), qPrintable(text));
    }
    QVERIFY2(text.contains(u"after 2 attempts: event 30 in order-000006 is a poison"_s),
             qPrintable(text));
    QVERIFY(rebuilt.err.isEmpty()); // no progress lines off a terminal
    const QJsonArray parked = parkedJson(m_store);
    QCOMPARE(parked.size(), 6);
    QCOMPARE(runEslab({ u"verify"_s, u"--db"_s, m_store }).exitCode, 0);
}

void TestProjectionCommands::rebuildUnderStopReportsTheHaltAndStatusShowsIt()
{
    const Result rebuilt = runEslab({ u"rebuild"_s, u"--db"_s, m_store, u"--projection"_s,
                                      u"service_stats"_s, u"--failure-policy"_s, u"stop"_s });
    QCOMPARE(rebuilt.exitCode, 0); // the rebuild ran as far as its policy allows
    QVERIFY2(rebuilt.out.startsWith("service_stats: checkpoint 25 of 42, 25 events applied, "
                                    "0 parked"),
             rebuilt.out.constData());
    QVERIFY2(rebuilt.out.contains("halted at event 26: event 26 in order-000002 is a poison"),
             rebuilt.out.constData());
    QVERIFY(isOneLine(rebuilt.err));
    QVERIFY2(rebuilt.err.contains("halted at event 26"), rebuilt.err.constData());

    const Result status = runEslab({ u"status"_s, u"--db"_s, m_store, u"--json"_s });
    QCOMPARE(status.exitCode, 0);
    const QJsonObject projections
        = QJsonDocument::fromJson(status.out).object().value(u"projections"_s).toObject();
    const QJsonObject stats = projections.value(u"service_stats"_s).toObject();
    QCOMPARE(stats.value(u"checkpoint"_s).toInteger(), 25);
    const QJsonObject halt = stats.value(u"halt"_s).toObject();
    QCOMPARE(halt.value(u"position"_s).toInteger(), 26);
    QVERIFY(halt.value(u"reason"_s).toString().contains(u"poison"_s));
    QVERIFY(projections.value(u"order_summary"_s).toObject().value(u"halt"_s).isNull());

    const Result table = runEslab({ u"status"_s, u"--db"_s, m_store });
    QVERIFY2(table.out.contains("service_stats is halted at event 26 since "),
             table.out.constData());
    QVERIFY2(table.err.isEmpty(), table.err.constData());
    const QList<QByteArray> rows = table.out.split('\n');
    const auto statsRow = std::find_if(rows.cbegin(), rows.cend(), [](const QByteArray &row) {
        return row.startsWith("service_stats ");
    });
    QVERIFY(statsRow != rows.cend());
    QVERIFY2(statsRow->simplified().endsWith(" 26"), statsRow->constData());

    // Rebuilt with skip, it gets past the event and the halt is gone.
    QCOMPARE(runEslab({ u"rebuild"_s, u"--db"_s, m_store, u"--projection"_s, u"service_stats"_s })
                 .exitCode,
             0);
    const Result after = runEslab({ u"status"_s, u"--db"_s, m_store, u"--json"_s });
    QVERIFY(QJsonDocument::fromJson(after.out)
                .object()
                .value(u"projections"_s)
                .toObject()
                .value(u"service_stats"_s)
                .toObject()
                .value(u"halt"_s)
                .isNull());
}

void TestProjectionCommands::badInputIsOneLineAndLeavesTheStoreUntouched_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("parked: unknown projection")
        << QStringList { u"parked"_s, u"--projection"_s, u"orders"_s }
        << u"there is no projection 'orders' (known: order_summary, service_stats)"_s;
    QTest::newRow("replay: unknown projection")
        << QStringList { u"replay-parked"_s, u"--projection"_s, u"x"_s }
        << u"there is no projection 'x'"_s;
    QTest::newRow("replay: stop-at 0")
        << QStringList { u"replay-parked"_s, u"--stop-at"_s, u"0"_s } << u"--stop-at is '0'"_s;
    QTest::newRow("rebuild: no projection")
        << QStringList { u"rebuild"_s } << u"--projection NAME is required"_s;
    QTest::newRow("rebuild: unknown projection")
        << QStringList { u"rebuild"_s, u"--projection"_s, u"summary"_s }
        << u"known: order_summary, service_stats"_s;
    QTest::newRow("rebuild: unknown policy")
        << QStringList { u"rebuild"_s, u"--projection"_s, u"order_summary"_s, u"--failure-policy"_s,
                         u"ignore"_s }
        << u"--failure-policy is 'ignore'; expected stop, skip or retry"_s;
    QTest::newRow("rebuild: no attempts")
        << QStringList { u"rebuild"_s, u"--projection"_s, u"order_summary"_s, u"--retry-attempts"_s,
                         u"0"_s }
        << u"--retry-attempts is '0'"_s;
    QTest::newRow("rebuild: unknown option")
        << QStringList { u"rebuild"_s, u"--projection"_s, u"order_summary"_s, u"--fast"_s }
        << u"fast"_s;
}

void TestProjectionCommands::badInputIsOneLineAndLeavesTheStoreUntouched()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    catchUpWithSkip();
    const QByteArray before = fileDigest(m_store);
    const Result result = runEslab(arguments + QStringList { u"--db"_s, m_store });
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(isOneLine(result.err), result.err.constData());
    QVERIFY2(QString::fromUtf8(result.err).contains(message), result.err.constData());
    QVERIFY(result.out.isEmpty());
    QCOMPARE(fileDigest(m_store), before);

    // And a store that does not exist is not created.
    const QString missing = m_dir->filePath(u"missing.db"_s);
    QCOMPARE(runEslab({ arguments.first(), u"--db"_s, missing }).exitCode, 2);
    QVERIFY(!QFile::exists(missing));
}

void TestProjectionCommands::helpExplainsTheBounds()
{
    const Result replay = runEslab({ u"replay-parked"_s, u"--help"_s });
    QCOMPARE(replay.exitCode, 0);
    QVERIFY2(replay.out.contains("Usage: eslab replay-parked"), replay.out.constData());
    QVERIFY2(replay.out.contains("--stop-at <N>") && replay.out.contains("Stop after N events"),
             replay.out.constData());
    QVERIFY(replay.out.contains("--handler-fixed"));
    const Result rebuild = runEslab({ u"rebuild"_s, u"--help"_s });
    QCOMPARE(rebuild.exitCode, 0);
    QVERIFY(rebuild.out.contains("--failure-policy <POLICY>"));
    QVERIFY(rebuild.out.contains("events/s"));
    // It documents the exit code rebuildUnderStopReportsTheHaltAndStatusShowsIt asserts.
    QVERIFY2(rebuild.out.contains("Exit 0 when it ran as far as its policy allows"),
             rebuild.out.constData());
    QCOMPARE(runEslab({ u"parked"_s, u"--help"_s }).exitCode, 0);
}

QTEST_GUILESS_MAIN(TestProjectionCommands)
#include "tst_projectioncommands.moc"
