#include "model/eventstore.h"
#include "simulation/simulation.h"
#include "simulation/simulationcontroller.h"
#include "ui/chartview.h"
#include "ui/dashboardtab.h"
#include "ui/storereader.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

Scenario smallScenario()
{
    Scenario scenario;
    scenario.seed = 7;
    scenario.orders.count = 8;
    scenario.orders.quantityMin = 100;
    scenario.orders.quantityMax = 400;
    scenario.failures.paymentFailureRate = 0.2;
    scenario.failures.batchFailureRate = 0.1;
    return scenario;
}

QList<QAreaSeries *> areas(DashboardTab &tab)
{
    QList<QAreaSeries *> found;
    const QList<QAbstractSeries *> series
        = tab.findChild<ChartView *>(u"ordersChart"_s)->chart()->series();
    for (QAbstractSeries *one : series)
        found.append(qobject_cast<QAreaSeries *>(one));
    return found;
}

// The top of the stack: the highest upper line at its last point.
double stackTop(DashboardTab &tab)
{
    double top = 0;
    for (QAreaSeries *area : areas(tab)) {
        if (area->upperSeries()->count() > 0)
            top = std::max(top, area->upperSeries()->points().constLast().y());
    }
    return top;
}

QLineSeries *rateSeries(DashboardTab &tab, const QString &name)
{
    const QList<QAbstractSeries *> series
        = tab.findChild<ChartView *>(u"throughputChart"_s)->chart()->series();
    for (QAbstractSeries *one : series) {
        if (one->objectName() == name)
            return qobject_cast<QLineSeries *>(one);
    }
    return nullptr;
}

QHorizontalBarSeries *failureSeries(DashboardTab &tab)
{
    return qobject_cast<QHorizontalBarSeries *>(
        tab.findChild<ChartView *>(u"failuresChart"_s)->chart()->series().constFirst());
}

// The failures chart as (category label, count).
QMap<QString, double> failureBars(DashboardTab &tab)
{
    QHorizontalBarSeries *series = failureSeries(tab);
    const auto *axis = qobject_cast<QBarCategoryAxis *>(series->attachedAxes().constFirst());
    QMap<QString, double> bars;
    QBarSet *set = series->barSets().constFirst();
    for (int i = 0; i < set->count(); ++i)
        bars.insert(axis->at(i), set->at(i));
    return bars;
}

RunProgress progressAt(int batch, const QString &runId = u"run-a"_s)
{
    RunProgress progress;
    progress.runId = runId;
    progress.storeLocation = u"/tmp/none.db"_s;
    progress.simulatedMs = qint64(batch) * 1000;
    progress.wallMs = qint64(batch) * 100;
    progress.events = qint64(batch) * 50;
    progress.orderCount = 100'000;
    progress.ordersByStatus = { { u"completed"_s, batch * 3 },
                                { u"in_progress"_s, 4 },
                                { u"placed"_s, 1 },
                                { u"failed"_s, batch / 10 } };
    progress.failures = { { u"payment_failed"_s, batch / 5 }, { u"batch_failed"_s, batch } };
    return progress;
}

} // namespace

class TestDashboardTab : public QObject
{
    Q_OBJECT

private slots:
    void stackedAreasTopIsTheTotalOfOrders();
    void eachStatusHasItsOwnAreaAndColour();
    void failuresChartHasABarPerKindWithItsCount();
    void throughputPointsAreEventsPerSecond();
    void seriesStayBoundedOverThousandsOfBatches();
    void aNewRunClearsTheCharts();
    void liveRunFillsTheCharts();
    void refreshShowsTheTotalsOfAnExistingStore();
    void aRunBehindAnotherTabIsShownWhenTheTabIs();
};

void TestDashboardTab::stackedAreasTopIsTheTotalOfOrders()
{
    DashboardTab tab(nullptr, nullptr);
    for (int batch = 1; batch <= 20; ++batch)
        tab.addProgress(progressAt(batch));
    // 20 * 3 completed + 4 in progress + 1 placed + 2 failed.
    QCOMPARE(stackTop(tab), 67.0);
    // Stacked: each area starts where the one below it ends.
    for (QAreaSeries *area : areas(tab)) {
        QCOMPARE(area->upperSeries()->count(), 20);
        if (!area->lowerSeries())
            continue;
        const QList<QPointF> upper = area->upperSeries()->points();
        const QList<QPointF> lower = area->lowerSeries()->points();
        QCOMPARE(upper.size(), lower.size());
        for (qsizetype i = 0; i < upper.size(); ++i) {
            QCOMPARE(upper.at(i).x(), lower.at(i).x());
            QVERIFY(upper.at(i).y() >= lower.at(i).y());
        }
    }
    const auto byStatus = [&](const QString &status) {
        for (QAreaSeries *area : areas(tab)) {
            if (area->objectName() == status) {
                const double top = area->upperSeries()->points().constLast().y();
                const double bottom
                    = area->lowerSeries() ? area->lowerSeries()->points().constLast().y() : 0;
                return top - bottom;
            }
        }
        return -1.0;
    };
    QCOMPARE(byStatus(u"completed"_s), 60.0);
    QCOMPARE(byStatus(u"in_progress"_s), 4.0);
    QCOMPARE(byStatus(u"failed"_s), 2.0);
    QCOMPARE(byStatus(u"cancelled"_s), 0.0);
}

void TestDashboardTab::eachStatusHasItsOwnAreaAndColour()
{
    DashboardTab tab(nullptr, nullptr);
    const QList<QAreaSeries *> all = areas(tab);
    QCOMPARE(all.size(), DashboardTab::StatusCount);
    QSet<QRgb> colours;
    QStringList names;
    for (QAreaSeries *area : all) {
        colours.insert(area->color().rgb());
        names.append(area->objectName());
    }
    QCOMPARE(colours.size(), DashboardTab::StatusCount);
    QCOMPARE(names,
             QStringList({ u"placed"_s, u"paid"_s, u"in_progress"_s, u"completed"_s, u"rejected"_s,
                           u"failed"_s, u"cancelled"_s }));
    QVERIFY(tab.findChild<ChartView *>(u"ordersChart"_s)->chart()->legend()->isVisible());
}

void TestDashboardTab::failuresChartHasABarPerKindWithItsCount()
{
    DashboardTab tab(nullptr, nullptr);
    RunProgress progress = progressAt(1);
    progress.failures
        = { { u"payment_failed"_s, 3 }, { u"batch_failed"_s, 7 }, { u"parked_events"_s, 0 } };
    tab.addProgress(progress);
    QMap<QString, double> expected { { u"Payment failures"_s, 3 },
                                     { u"Batch failures"_s, 7 },
                                     { u"Events parked"_s, 0 } };
    QCOMPARE(failureBars(tab), expected);

    // Live: the next batch updates the bars, and a new kind gets its own.
    progress = progressAt(2);
    progress.failures = { { u"payment_failed"_s, 4 },
                          { u"batch_failed"_s, 9 },
                          { u"parked_events"_s, 0 },
                          { u"worker_crash"_s, 2 } };
    tab.addProgress(progress);
    expected = { { u"Payment failures"_s, 4 },
                 { u"Batch failures"_s, 9 },
                 { u"Events parked"_s, 0 },
                 { u"Worker crashes"_s, 2 } };
    QCOMPARE(failureBars(tab), expected);
}

void TestDashboardTab::throughputPointsAreEventsPerSecond()
{
    DashboardTab tab(nullptr, nullptr);
    for (int batch = 1; batch <= 5; ++batch)
        tab.addProgress(progressAt(batch));
    QLineSeries *wall = rateSeries(tab, u"wallRate"_s);
    QLineSeries *simulated = rateSeries(tab, u"simulatedRate"_s);
    QVERIFY(wall && simulated);
    QCOMPARE(wall->count(), 5);
    QCOMPARE(simulated->count(), 5);
    // 50 events per 100 wall ms and per 1000 simulated ms.
    for (QPointF point : wall->points())
        QCOMPARE(point.y(), 500.0);
    for (QPointF point : simulated->points())
        QCOMPARE(point.y(), 50.0);
    // A batch in which simulated time stood still adds no rate.
    RunProgress still = progressAt(5);
    still.wallMs += 300;
    tab.addProgress(still);
    QCOMPARE(wall->count(), 5);
}

void TestDashboardTab::seriesStayBoundedOverThousandsOfBatches()
{
    DashboardTab tab(nullptr, nullptr);
    constexpr int Batches = 3000;
    for (int batch = 1; batch <= Batches; ++batch) {
        RunProgress progress = progressAt(batch);
        // Uneven pace, so that min/max reduction has spikes to keep.
        progress.events = qint64(batch) * 50 + (batch % 7) * 13;
        tab.addProgress(progress);
    }
    for (QAreaSeries *area : areas(tab)) {
        QVERIFY(area->upperSeries()->count() <= DashboardTab::MaxSeriesPoints);
        QVERIFY(area->upperSeries()->count() > 100);
    }
    QCOMPARE(stackTop(tab), double(Batches * 3 + 5 + Batches / 10));
    for (const QString &name : { u"wallRate"_s, u"simulatedRate"_s }) {
        QLineSeries *series = rateSeries(tab, name);
        QVERIFY(series->count() <= DashboardTab::MaxSeriesPoints);
        QVERIFY(series->count() > 100);
    }
}

void TestDashboardTab::aNewRunClearsTheCharts()
{
    DashboardTab tab(nullptr, nullptr);
    for (int batch = 1; batch <= 10; ++batch)
        tab.addProgress(progressAt(batch));
    tab.addProgress(progressAt(2, u"run-b"_s));
    for (QAreaSeries *area : areas(tab))
        QCOMPARE(area->upperSeries()->count(), 1);
    QCOMPARE(stackTop(tab), 11.0);

    tab.startRun(u"run-c"_s);
    QCOMPARE(stackTop(tab), 0.0);
    QCOMPARE(rateSeries(tab, u"wallRate"_s)->count(), 0);
    QCOMPARE(failureSeries(tab)->barSets().constFirst()->count(), 0);
}

void TestDashboardTab::liveRunFillsTheCharts()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"live.db"_s);
    SimulationController controller;
    StoreReader reader;
    reader.setLocation(path);
    DashboardTab tab(&reader, &controller);
    QSignalSpy finished(&controller, &SimulationController::finished);
    QSignalSpy progressed(&controller, &SimulationController::progressed);
    controller.start(smallScenario(), path);
    QVERIFY(finished.wait(60'000));
    QVERIFY(progressed.count() >= 1);

    const QJsonObject report = finished.constFirst().constFirst().toJsonObject();
    qint64 orders = 0;
    const QJsonObject byStatus = report.value(u"orders"_s).toObject();
    for (auto it = byStatus.begin(); it != byStatus.end(); ++it)
        orders += it.value().toInteger();
    QCOMPARE(orders, 8);
    QCOMPARE(stackTop(tab), double(orders));

    const QJsonObject failures = report.value(u"failures"_s).toObject();
    const QMap<QString, double> bars = failureBars(tab);
    QCOMPARE(bars.size(), failures.size());
    double reported = 0;
    double shown = 0;
    for (auto it = failures.begin(); it != failures.end(); ++it)
        reported += it.value().toDouble();
    for (double count : bars)
        shown += count;
    QCOMPARE(shown, reported);

    // After the run, refresh() keeps the run's charts and adds the store's totals.
    tab.refresh();
    auto *summary = tab.findChild<QLabel *>(u"summary"_s);
    QTRY_VERIFY(summary->text().contains(u"Last run"_s));
    QCOMPARE(stackTop(tab), double(orders));
}

void TestDashboardTab::refreshShowsTheTotalsOfAnExistingStore()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"existing.db"_s);
    qint64 head = 0;
    QMap<QString, qint64> paymentFailures;
    {
        QString error;
        auto store = EventStore::open(path, EventStore::Access::ReadWriteCreate, &error);
        QVERIFY2(store, qPrintable(error));
        Simulation simulation(smallScenario(), *store);
        QVERIFY(simulation.run());
        head = store->headPosition();
        paymentFailures.insert(u"payment_failed"_s,
                               simulation.report().failures.value(u"payment_failed"_s));
    }
    QVERIFY(head > 0);

    StoreReader reader;
    reader.setLocation(path);
    DashboardTab tab(&reader, nullptr);
    tab.refresh();
    auto *summary = tab.findChild<QLabel *>(u"summary"_s);
    QTRY_VERIFY(summary->text().contains(QLocale().toString(head) + u"</b> events"_s));
    QVERIFY(summary->text().contains(u"<b>8</b> orders"_s));
    // The store's history fills the stacked areas: every order, settled.
    QCOMPARE(stackTop(tab), 8.0);
    QCOMPARE(failureBars(tab).value(u"Payment failures"_s),
             double(paymentFailures.value(u"payment_failed"_s)));
}

// A run watched from another tab: the dashboard, shown afterwards, has every batch of it.
void TestDashboardTab::aRunBehindAnotherTabIsShownWhenTheTabIs()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"behind.db"_s);
    SimulationController controller;
    StoreReader reader;
    reader.setLocation(path);
    QTabWidget tabs;
    tabs.addTab(new QLabel(u"another tab"_s), u"other"_s);
    auto *tab = new DashboardTab(&reader, &controller);
    tabs.addTab(tab, u"dashboard"_s);
    tabs.resize(1200, 800);
    tabs.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tabs));

    QSignalSpy finished(&controller, &SimulationController::finished);
    QSignalSpy progressed(&controller, &SimulationController::progressed);
    controller.start(smallScenario(), path);
    QVERIFY(finished.wait(60'000));
    QVERIFY(progressed.count() >= 1);
    // Out of sight, the batches cost the GUI thread no chart work.
    QCOMPARE(stackTop(*tab), 0.0);

    tabs.setCurrentWidget(tab);
    const QJsonObject report = finished.constFirst().constFirst().toJsonObject();
    qint64 orders = 0;
    const QJsonObject byStatus = report.value(u"orders"_s).toObject();
    for (auto it = byStatus.begin(); it != byStatus.end(); ++it)
        orders += it.value().toInteger();
    QCOMPARE(orders, 8);
    QCOMPARE(stackTop(*tab), double(orders));
    // The axes hold the whole run: no point lies outside them.
    QChart *ordersChart = tab->findChild<ChartView *>(u"ordersChart"_s)->chart();
    const auto *timeAxis = qobject_cast<QValueAxis *>(ordersChart->axes(Qt::Horizontal).value(0));
    const auto *countAxis = qobject_cast<QValueAxis *>(ordersChart->axes(Qt::Vertical).value(0));
    QVERIFY(timeAxis && countAxis);
    for (QAreaSeries *area : areas(*tab)) {
        for (QPointF point : area->upperSeries()->points()) {
            QVERIFY(point.x() >= timeAxis->min() && point.x() <= timeAxis->max());
            QVERIFY(point.y() >= countAxis->min() && point.y() <= countAxis->max());
        }
    }

    const QJsonObject failures = report.value(u"failures"_s).toObject();
    double reported = 0;
    for (auto it = failures.begin(); it != failures.end(); ++it)
        reported += it.value().toDouble();
    double shown = 0;
    for (double count : failureBars(*tab))
        shown += count;
    QCOMPARE(shown, reported);
    QVERIFY(tab->findChild<QLabel *>(u"summary"_s)
                ->text()
                .contains(u"<b>%1</b> events this run"_s.arg(
                    QLocale().toString(report.value(u"events"_s).toInteger()))));
}

QTEST_MAIN(TestDashboardTab)
#include "tst_dashboardtab.moc"
