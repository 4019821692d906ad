#include "ui/chartview.h"

#include <QChart>
#include <QLineSeries>
#include <QTemporaryDir>
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

QTEST_MAIN(TestChartView)
#include "tst_chartview.moc"
