#include "ui/chartview.h"

#include <QChart>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace eslab;

class TestChartView : public QObject
{
    Q_OBJECT

private slots:
    void fewPointsPassThroughUnchanged();
    void reductionKeepsEveryColumnsExtremes();
    void aMillionPointsBecomeAFewThousand();
    void savesAPng();
    void axesEndOnRoundTicks();
    void aLiveAxisGrowsByWholeTicksAndStaysPut();
};

void TestChartView::fewPointsPassThroughUnchanged()
{
    const QList<QPointF> points { { 0, 1 }, { 1, 5 }, { 2, 3 } };
    QCOMPARE(ChartView::reduceMinMax(points, 100), points);
}

void TestChartView::reductionKeepsEveryColumnsExtremes()
{
    QList<QPointF> points;
    for (int i = 0; i < 10'000; ++i)
        points.append({ double(i), double(i % 7) });
    points[5'000].setY(1'000); // a spike
    points[7'777].setY(-50); // a dip
    const QList<QPointF> reduced = ChartView::reduceMinMax(points, 100);
    QVERIFY(reduced.size() <= 200);
    QVERIFY(std::is_sorted(reduced.cbegin(), reduced.cend(),
                           [](QPointF a, QPointF b) { return a.x() < b.x(); }));
    const auto [low, high] = std::minmax_element(
        reduced.cbegin(), reduced.cend(), [](QPointF a, QPointF b) { return a.y() < b.y(); });
    QCOMPARE(high->y(), 1'000.0);
    QCOMPARE(high->x(), 5'000.0);
    QCOMPARE(low->y(), -50.0);
}

void TestChartView::aMillionPointsBecomeAFewThousand()
{
    QList<QPointF> points;
    points.reserve(1'000'000);
    for (int i = 0; i < 1'000'000; ++i)
        points.append({ double(i), double((qint64(i) * 7919) % 1000) });
    const QList<QPointF> reduced = ChartView::reduceMinMax(points, 1280);
    QVERIFY(reduced.size() <= 2 * 1280);
    QVERIFY(reduced.size() > 1000);
}

void TestChartView::savesAPng()
{
    auto *chart = new QChart;
    auto *series = new QLineSeries;
    series->replace({ { 0, 0 }, { 1, 1 } });
    chart->addSeries(series);
    ChartView view(chart);
    view.resize(400, 300);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"chart.png"_s);
    QVERIFY(view.savePng(path));
    QImage image(path);
    QCOMPARE(image.size(), QSize(400, 300));
}

void TestChartView::axesEndOnRoundTicks()
{
    QValueAxis axis;
    ChartView::setRoundRange(&axis, 0, ChartView::Bound::Exact);
    QCOMPARE(axis.max(), 1.0); // nothing yet: [0, 1]
    ChartView::setRoundRange(&axis, 52, ChartView::Bound::Exact);
    QCOMPARE(axis.min(), 0.0);
    QCOMPARE(axis.max(), 52.0);
    QCOMPARE(axis.tickType(), QValueAxis::TicksDynamic);
    QCOMPARE(axis.tickInterval(), 10.0);
    ChartView::setRoundRange(&axis, 52, ChartView::Bound::Tick);
    QCOMPARE(axis.max(), 60.0);
    ChartView::setRoundRange(&axis, 1234, ChartView::Bound::Tick);
    QCOMPARE(axis.tickInterval(), 500.0);
    QCOMPARE(axis.max(), 1500.0);
    // Counts tick on whole numbers.
    ChartView::setRoundRange(&axis, 3, ChartView::Bound::Tick, true);
    QCOMPARE(axis.tickInterval(), 1.0);
    QCOMPARE(axis.max(), 3.0);
}

// A run's batches come ten times a second; its axes change only when a value passes them.
void TestChartView::aLiveAxisGrowsByWholeTicksAndStaysPut()
{
    QValueAxis axis;
    ChartView::setRoundRange(&axis, 1, ChartView::Bound::Exact);
    QSignalSpy ranges(&axis, &QValueAxis::rangeChanged);
    int grown = 0;
    for (int value = 1; value <= 1000; ++value) {
        const double before = axis.max();
        ChartView::setRoundRange(&axis, value, ChartView::Bound::Grow);
        QVERIFY(axis.max() >= value);
        QVERIFY(axis.max() >= before);
        grown += axis.max() > before;
    }
    QCOMPARE(ranges.count(), grown);
    QVERIFY2(grown < 40, qPrintable(QString::number(grown)));
    // Smaller values leave it as it is.
    const double top = axis.max();
    ranges.clear();
    ChartView::setRoundRange(&axis, 10, ChartView::Bound::Grow);
    QCOMPARE(axis.max(), top);
    QCOMPARE(ranges.count(), 0);
}

QTEST_MAIN(TestChartView)
#include "tst_chartview.moc"
