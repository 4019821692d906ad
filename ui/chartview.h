#pragma once

#include <QChartView>
#include <QList>
#include <QPointF>

namespace eslab {

// A chart view with what every eslab chart shares: antialiasing, "Save as PNG..." in its
// context menu, and series fed through min/max reduction so that a chart of a million points
// draws a few thousand. GUI thread only.
class ChartView : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartView)
public:
    explicit ChartView(QChart *chart, QWidget *parent = nullptr);

    // Saves the chart as a PNG; false when the file cannot be written.
    bool savePng(const QString &path);

    // Reduces points sorted by x to at most two per column (the column's min and max y, in x
    // order) over `columns` equal-width columns of the x range: spikes survive, the point count
    // is bounded by 2 * columns. Fewer points than that pass through unchanged.
    static QList<QPointF> reduceMinMax(const QList<QPointF> &points, int columns);

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;
};

} // namespace eslab
