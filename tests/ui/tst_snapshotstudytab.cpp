#include "simulation/sweep.h"
#include "ui/chartview.h"
#include "ui/snapshotstudytab.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCheckBox>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

Scenario tinyScenario()
{
    Scenario scenario;
    scenario.name = u"Tiny"_s;
    scenario.seed = 11;
    scenario.orders.count = 8;
    scenario.orders.quantityMin = 100;
    scenario.orders.quantityMax = 400;
    return scenario;
}

QAbstractBarSeries *barSeries(SnapshotStudyTab &tab, const QString &chart)
{
    auto *view = tab.findChild<ChartView *>(chart);
    return view ? qobject_cast<QAbstractBarSeries *>(view->chart()->series().constFirst())
                : nullptr;
}

QBarCategoryAxis *categoryAxis(QAbstractBarSeries *series)
{
    for (QAbstractAxis *axis : series->attachedAxes()) {
        if (auto *categories = qobject_cast<QBarCategoryAxis *>(axis))
            return categories;
    }
    return nullptr;
}

// The settings as the chart lists them, top-down (horizontal bars are drawn bottom-up).
QStringList categories(QAbstractBarSeries *series)
{
    QStringList labels = categoryAxis(series)->categories();
    std::reverse(labels.begin(), labels.end());
    return labels;
}

// One bar set's values in the order of categories().
QList<double> values(QAbstractBarSeries *series, int set)
{
    QList<double> found;
    QBarSet *bars = series->barSets().at(set);
    for (int i = bars->count() - 1; i >= 0; --i)
        found.append(bars->at(i));
    return found;
}

void choose(SnapshotStudyTab &tab, const QString &intervals, bool onEvent, bool loadBudget)
{
    tab.findChild<QLineEdit *>(u"intervals"_s)->setText(intervals);
    tab.findChild<QCheckBox *>(u"onEvent"_s)->setChecked(onEvent);
    tab.findChild<QCheckBox *>(u"loadBudget"_s)->setChecked(loadBudget);
}

} // namespace

class TestSnapshotStudyTab : public QObject
{
    Q_OBJECT

private slots:
    void defaultsToTheStudysIntervalsAndPolicies();
    void sweepChartsOneCategoryPerSettingWithTheRowsFigures();
    void policiesAreSettingsOfTheirOwn();
    void badIntervalsAreRefusedNextToTheFieldAndNothingRuns();
    void cancelStopsTheSweepAndKeepsFinishedRows();
};

void TestSnapshotStudyTab::defaultsToTheStudysIntervalsAndPolicies()
{
    SnapshotStudyTab tab;
    Scenario scenario = tinyScenario();
    scenario.snapshots.eventTypes = { u"OrderStarted"_s };
    scenario.snapshots.loadBudget = 150;
    tab.setScenario(scenario);
    QCOMPARE(tab.findChild<QLineEdit *>(u"intervals"_s)->text(), u"0,10,50,100,500"_s);
    QCOMPARE(tab.findChild<QCheckBox *>(u"onEvent"_s)->text(), u"on_event(OrderStarted)"_s);
    QCOMPARE(tab.findChild<QCheckBox *>(u"loadBudget"_s)->text(), u"load_budget(150)"_s);
    QVERIFY(tab.findChild<QPushButton *>(u"runSweep"_s)->isEnabled());
    QVERIFY(!tab.findChild<QPushButton *>(u"cancelSweep"_s)->isEnabled());
}

void TestSnapshotStudyTab::sweepChartsOneCategoryPerSettingWithTheRowsFigures()
{
    SnapshotStudyTab tab;
    tab.setScenario(tinyScenario());
    choose(tab, u"0,10"_s, false, false);
    QSignalSpy finished(&tab, &SnapshotStudyTab::sweepFinished);
    tab.runSweep();
    QVERIFY(tab.isRunning());
    QVERIFY(!tab.findChild<QPushButton *>(u"runSweep"_s)->isEnabled());
    QVERIFY(finished.wait(120'000));
    QCOMPARE(finished.count(), 1);
    QVERIFY(!tab.isRunning());

    const QList<SweepRow> &rows = tab.rows();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).label, u"none"_s);
    QCOMPARE(rows.at(1).label, u"every 10"_s);
    QCOMPARE(rows.at(0).snapshotsWritten, 0);
    QVERIFY(rows.at(1).snapshotsWritten > 0);

    const QStringList labels { u"none"_s, u"every 10"_s };
    QAbstractBarSeries *replayed = barSeries(tab, u"replayedChart"_s);
    QAbstractBarSeries *loadTime = barSeries(tab, u"loadTimeChart"_s);
    QAbstractBarSeries *storage = barSeries(tab, u"storageChart"_s);
    QAbstractBarSeries *writeCost = barSeries(tab, u"writeCostChart"_s);
    QVERIFY(replayed && loadTime && storage && writeCost);
    for (QAbstractBarSeries *series : { replayed, loadTime, storage, writeCost })
        QCOMPARE(categories(series), labels);

    QCOMPARE(values(replayed, 0),
             QList<double>({ rows.at(0).eventsReplayedMean, rows.at(1).eventsReplayedMean }));
    QCOMPARE(values(replayed, 1),
             QList<double>(
                 { double(rows.at(0).eventsReplayedP95), double(rows.at(1).eventsReplayedP95) }));
    QCOMPARE(values(replayed, 2),
             QList<double>(
                 { double(rows.at(0).eventsReplayedMax), double(rows.at(1).eventsReplayedMax) }));
    QCOMPARE(values(loadTime, 0), QList<double>({ rows.at(0).loadMsMean, rows.at(1).loadMsMean }));
    QCOMPARE(values(loadTime, 1), QList<double>({ rows.at(0).loadMsP95, rows.at(1).loadMsP95 }));
    QCOMPARE(values(storage, 0),
             QList<double>({ double(rows.at(0).snapshotBytes) / 1024.0,
                             double(rows.at(1).snapshotBytes) / 1024.0 }));
    QCOMPARE(values(storage, 1),
             QList<double>({ double(rows.at(0).eventBytes) / 1024.0,
                             double(rows.at(1).eventBytes) / 1024.0 }));
    QCOMPARE(values(writeCost, 0),
             QList<double>({ rows.at(0).snapshotWriteShare() * 100.0,
                             rows.at(1).snapshotWriteShare() * 100.0 }));
    // Snapshots bound the replay: every 10 replays fewer events per load than none.
    QVERIFY(rows.at(1).eventsReplayedMax < rows.at(0).eventsReplayedMax);

    auto *table = tab.findChild<QTableWidget *>(u"rows"_s);
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(0, 0)->text(), u"none"_s);
    QCOMPARE(table->item(1, 6)->text(), QLocale().toString(rows.at(1).snapshotsWritten));
}

void TestSnapshotStudyTab::policiesAreSettingsOfTheirOwn()
{
    SnapshotStudyTab tab;
    Scenario scenario = tinyScenario();
    scenario.orders.count = 3;
    tab.setScenario(scenario);
    choose(tab, QString(), true, true);
    QSignalSpy finished(&tab, &SnapshotStudyTab::sweepFinished);
    tab.runSweep();
    QVERIFY(finished.wait(120'000));
    QCOMPARE(categories(barSeries(tab, u"replayedChart"_s)),
             QStringList({ u"on_event(OrderStarted)"_s, u"load_budget(200)"_s }));
}

void TestSnapshotStudyTab::badIntervalsAreRefusedNextToTheFieldAndNothingRuns()
{
    SnapshotStudyTab tab;
    tab.setScenario(tinyScenario());
    choose(tab, u"0,ten"_s, false, false);
    auto *error = tab.findChild<QLabel *>(u"intervalsError"_s);
    QVERIFY(!error->isHidden());
    QVERIFY2(error->text().contains(u"ten"_s), qPrintable(error->text()));
    QVERIFY(!tab.findChild<QPushButton *>(u"runSweep"_s)->isEnabled());

    QSignalSpy finished(&tab, &SnapshotStudyTab::sweepFinished);
    tab.runSweep();
    QVERIFY(!tab.isRunning());
    QCOMPARE(finished.count(), 1); // at once: nothing runs
    QVERIFY(tab.rows().isEmpty());
    QCOMPARE(categories(barSeries(tab, u"replayedChart"_s)), QStringList());

    for (const QString &bad : { u"-5"_s, u"10,10"_s, u"5,,"_s }) {
        choose(tab, bad, false, false);
        QVERIFY2(!error->isHidden(), qPrintable(bad));
        QVERIFY(!error->text().isEmpty());
    }
    choose(tab, QString(), false, false);
    QVERIFY(!error->isHidden());

    choose(tab, u"0,10"_s, false, false);
    QVERIFY(error->isHidden());
    QVERIFY(tab.findChild<QPushButton *>(u"runSweep"_s)->isEnabled());
}

void TestSnapshotStudyTab::cancelStopsTheSweepAndKeepsFinishedRows()
{
    SnapshotStudyTab tab;
    Scenario scenario = tinyScenario();
    scenario.orders.count = 400;
    tab.setScenario(scenario);
    choose(tab, u"0,10,50,100,500"_s, true, true);
    QSignalSpy finished(&tab, &SnapshotStudyTab::sweepFinished);
    tab.runSweep();
    QTest::qWait(300);
    tab.findChild<QPushButton *>(u"cancelSweep"_s)->click();
    QVERIFY(finished.wait(60'000));
    QVERIFY(!tab.isRunning());
    QVERIFY(tab.rows().size() < 7);
    QCOMPARE(tab.findChild<QTableWidget *>(u"rows"_s)->rowCount(), int(tab.rows().size()));
    QVERIFY(tab.findChild<QPushButton *>(u"runSweep"_s)->isEnabled());
}

QTEST_MAIN(TestSnapshotStudyTab)
#include "tst_snapshotstudytab.moc"
