#include "ui/chartview.h"

#include <QContextMenuEvent>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace eslab {

ChartView::ChartView(QChart *chart, QWidget *parent)
    : QChartView(chart, parent)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(160);
}

bool ChartView::savePng(const QString &path)
{
    return grab().save(path, "PNG");
}

QList<QPointF> ChartView::reduceMinMax(const QList<QPointF> &points, int columns)
{
    if (columns <= 0 || points.size() <= 2 * qsizetype(columns))
        return points;
    const double first = points.constFirst().x();
    const double span = points.constLast().x() - first;
    if (span <= 0)
        return { *std::min_element(points.cbegin(), points.cend(),
                                   [](QPointF a, QPointF b) { return a.y() < b.y(); }),
                 *std::max_element(points.cbegin(), points.cend(),
                                   [](QPointF a, QPointF b) { return a.y() < b.y(); }) };
    QList<QPointF> reduced;
    reduced.reserve(2 * columns);
    qsizetype start = 0;
    while (start < points.size()) {
        const int column
            = std::min(columns - 1, int((points.at(start).x() - first) / span * columns));
        qsizetype end = start + 1;
        while (end < points.size()
               && std::min(columns - 1, int((points.at(end).x() - first) / span * columns))
                   == column)
            ++end;
        qsizetype low = start;
        qsizetype high = start;
        for (qsizetype i = start + 1; i < end; ++i) {
            if (points.at(i).y() < points.at(low).y())
                low = i;
            if (points.at(i).y() > points.at(high).y())
                high = i;
        }
        // Keep x order within the column so the line does not double back.
        reduced.append(points.at(std::min(low, high)));
        if (low != high)
            reduced.append(points.at(std::max(low, high)));
        start = end;
    }
    return reduced;
}

void ChartView::setRoundRange(QValueAxis *axis, double max, Bound bound, bool counts)
{
    constexpr int Ticks = 6;
    max = max > 0 ? max : 1;
    if (bound == Bound::Grow && axis->min() == 0 && max <= axis->max())
        return;
    const double raw = max / Ticks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude * 10;
    for (double factor : { 1.0, 2.0, 5.0 }) {
        if (magnitude * factor >= raw) {
            step = magnitude * factor;
            break;
        }
    }
    if (counts)
        step = std::max(step, 1.0);
    const double end = bound == Bound::Exact ? max : std::ceil(max / step - 1e-9) * step;
    if (axis->tickType() != QValueAxis::TicksDynamic)
        axis->setTickType(QValueAxis::TicksDynamic);
    if (axis->tickAnchor() != 0)
        axis->setTickAnchor(0);
    // Interval and range change in the order that never asks for more than a few ticks on the
    // way (a wide range at a narrow interval would lay out thousands of labels).
    const bool wider = step > axis->tickInterval();
    if (wider)
        axis->setTickInterval(step);
    if (axis->min() != 0 || axis->max() != end)
        axis->setRange(0, end);
    if (!wider && axis->tickInterval() != step)
        axis->setTickInterval(step);
}

void ChartView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    QAction *save = menu.addAction(tr("Save as PNG..."));
    if (menu.exec(event->globalPos()) != save)
        return;
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Save chart"), QString(), tr("PNG images (*.png)"));
    if (!path.isEmpty() && !savePng(path))
        QMessageBox::warning(this, tr("Save chart"), tr("Cannot write %1.").arg(path));
}

} // namespace eslab
