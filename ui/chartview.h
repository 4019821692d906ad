#pragma once

#include <QChartView>
#include <QList>
#include <QPointF>

class QValueAxis;

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

    // Where setRoundRange() ends an axis.
    enum class Bound {
        Exact, // at the largest value
        Tick, // at the first tick at or above it
        Grow, // likewise, but only ever wider: unchanged while the values stay within it
    };
    // Shows [0, max] ([0, 1] when max is not above 0) with ticks on a round step (1, 2 or 5 times a power of
    // ten, at least 1 for `counts`) that gives about six of them, so that the axis reads 0, 2,
    // 4, 6 rather than 0, 2.26157, 4.52313. Sets only what changes: Qt Charts lays every label
    // of an axis out again when its range or ticks change (text shaping, milliseconds an axis),
    // so a live chart uses Grow and changes its axes a few dozen times in a long run rather than
    // on every batch.
    static void setRoundRange(QValueAxis *axis, double max, Bound bound, bool counts = false);

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;
};

} // namespace eslab
