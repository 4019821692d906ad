#include "model/eventstore.h"
#include "model/storeverifier.h"
#include "simulation/simulationcontroller.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

Scenario smallScenario(qint64 orders = 12)
{
    Scenario scenario;
    scenario.name = u"Controller"_s;
    scenario.seed = 3;
    scenario.orders.count = orders;
    scenario.orders.quantityMin = 100;
    scenario.orders.quantityMax = 500;
    scenario.execution.batchSize = 25;
    return scenario;
}

qint64 headOf(const QString &path)
{
    QString error;
    auto store = EventStore::open(path, EventStore::Access::ReadOnly, &error);
    return store ? store->headPosition() : -1;
}

using State = SimulationController::State;

} // namespace

// The controller runs the simulation on its worker thread; everything here is observed from
// the test's (GUI) thread through signals, as the window observes it.
class TestSimulationController : public QObject
{
    Q_OBJECT

private slots:
    void runsToTheEndOnItsThreadAndReportsInBatches();
    void pauseStopsTheRunAndResumeGoesOn();
    void stepAppendsOneEventAtATime();
    void resetStopsTheRunAndKeepsWhatItCommitted();
    void aStoreItCannotOpenIsAFailure();
    void pacedRunFollowsTheWallClock();
};

void TestSimulationController::runsToTheEndOnItsThreadAndReportsInBatches()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    SimulationController controller;
    QSignalSpy started(&controller, &SimulationController::started);
    QSignalSpy progressed(&controller, &SimulationController::progressed);
    QSignalSpy finished(&controller, &SimulationController::finished);
    QSignalSpy failed(&controller, &SimulationController::failed);
    controller.start(smallScenario(), path);
    QVERIFY(finished.wait(60'000));
    QCOMPARE(started.count(), 1);
    QVERIFY(started.first().first().toString().startsWith(u"run-0001-"_s));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(controller.state(), State::Finished);

    const QJsonObject report = finished.first().first().toJsonObject();
    const qint64 events = report.value(u"events"_s).toInteger();
    QVERIFY(events > 100);
    QCOMPARE(headOf(path), events);
    // The last batch of values describes the end of the run.
    QVERIFY(!progressed.isEmpty());
    const RunProgress last = progressed.last().first().value<RunProgress>();
    QCOMPARE(last.events, events);
    QCOMPARE(last.head, events);
    QCOMPARE(last.ordersFinished, 12);
    // Lag samples arrive once each, spread over the batches.
    qsizetype samples = 0;
    for (const QList<QVariant> &batch : std::as_const(progressed))
        samples
            += batch.first().value<RunProgress>().newLagSamples.value(u"order_summary"_s).size();
    const QJsonObject summary
        = report.value(u"projections"_s).toObject().value(u"order_summary"_s).toObject();
    QCOMPARE(samples, summary.value(u"samples"_s).toInteger());

    QString error;
    auto store = EventStore::open(path, EventStore::Access::ReadOnly, &error);
    QVERIFY(store);
    StoreVerifier verifier(*store);
    QVERIFY(verifier.verify().passed());
}

void TestSimulationController::pauseStopsTheRunAndResumeGoesOn()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    SimulationController controller;
    QSignalSpy states(&controller, &SimulationController::stateChanged);
    QSignalSpy progressed(&controller, &SimulationController::progressed);
    QSignalSpy finished(&controller, &SimulationController::finished);
    // A simulated minute per wall second and many orders: the run lasts minutes of wall time
    // unless sped up, so the pause lands while it runs however loaded the machine is.
    controller.setSpeed(60);
    controller.start(smallScenario(400), path);
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), State::Running, 10'000);
    QTRY_VERIFY_WITH_TIMEOUT(progressed.count() > 2, 10'000);
    controller.pause();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), State::Paused, 10'000);
    QTest::qWait(300); // let anything in flight land
    const qint64 headWhenPaused = headOf(path);
    QTest::qWait(500);
    QCOMPARE(headOf(path), headWhenPaused);
    QVERIFY(finished.isEmpty());

    controller.setSpeed(0);
    controller.resume();
    QVERIFY(finished.wait(60'000));
    QVERIFY(headOf(path) > headWhenPaused);
    QCOMPARE(controller.state(), State::Finished);
}

void TestSimulationController::stepAppendsOneEventAtATime()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    SimulationController controller;
    QSignalSpy progressed(&controller, &SimulationController::progressed);
    controller.start(smallScenario(), path, /*startPaused=*/true);
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), State::Paused, 10'000);
    QCOMPARE(headOf(path), 0);
    qint64 previous = 0;
    for (int step = 0; step < 5; ++step) {
        progressed.clear();
        controller.step();
        QVERIFY(progressed.wait(10'000));
        const RunProgress progress = progressed.last().first().value<RunProgress>();
        // One command's append: usually one event, at most three (failure, end, refund).
        QVERIFY2(progress.events > previous && progress.events <= previous + 3,
                 qPrintable(u"%1 after %2"_s.arg(progress.events).arg(previous)));
        QCOMPARE(headOf(path), progress.events);
        previous = progress.events;
        QCOMPARE(controller.state(), State::Paused);
    }
}

void TestSimulationController::resetStopsTheRunAndKeepsWhatItCommitted()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    SimulationController controller;
    QSignalSpy finished(&controller, &SimulationController::finished);
    controller.setSpeed(60);
    controller.start(smallScenario(400), path);
    QTRY_VERIFY_WITH_TIMEOUT(headOf(path) > 20, 20'000);
    controller.reset();
    QCOMPARE(controller.state(), State::Idle);
    QTest::qWait(300);
    const qint64 kept = headOf(path);
    QVERIFY(kept > 20);
    QTest::qWait(300);
    QCOMPARE(headOf(path), kept);
    QVERIFY(finished.isEmpty());

    // What was committed is a valid store, and a new run adds to it.
    {
        QString error;
        auto store = EventStore::open(path, EventStore::Access::ReadOnly, &error);
        StoreVerifier verifier(*store);
        QVERIFY(verifier.verify().violations.isEmpty());
    }
    controller.setSpeed(0);
    controller.start(smallScenario(), path);
    QVERIFY(finished.wait(60'000));
    QVERIFY(finished.first()
                .first()
                .toJsonObject()
                .value(u"run_id"_s)
                .toString()
                .startsWith(u"run-0002-"_s));
}

void TestSimulationController::aStoreItCannotOpenIsAFailure()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"not-a-store.db"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("just some text\n");
    }
    SimulationController controller;
    QSignalSpy failed(&controller, &SimulationController::failed);
    controller.start(smallScenario(), path);
    QVERIFY(failed.wait(10'000));
    QVERIFY(failed.first().first().toString().contains(u"not an eslab store"_s));
    QCOMPARE(controller.state(), State::Failed);
}

void TestSimulationController::pacedRunFollowsTheWallClock()
{
    QTemporaryDir dir;
    SimulationController controller;
    QSignalSpy progressed(&controller, &SimulationController::progressed);
    controller.setSpeed(10); // ten simulated seconds per wall second
    controller.start(smallScenario(40), dir.filePath(u"s.db"_s));
    QElapsedTimer wall;
    wall.start();
    QTest::qWait(1500);
    controller.pause();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), State::Paused, 10'000);
    const RunProgress last = progressed.last().first().value<RunProgress>();
    // Simulated time never runs ahead of the wall clock times the speed.
    QVERIFY2(last.simulatedMs <= qint64(double(wall.elapsed()) * 10 + 1000),
             qPrintable(QString::number(last.simulatedMs)));
    QVERIFY(last.simulatedMs > 2000);
}

QTEST_GUILESS_MAIN(TestSimulationController)
#include "tst_simulationcontroller.moc"
