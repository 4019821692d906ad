#include "ui/dashboardtab.h"

#include "model/eventstore.h"
#include "simulation/simulationcontroller.h"
#include "ui/chartview.h"
#include "ui/storereader.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QFileInfo>
#include <QGridLayout>
#include <QHash>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QSqlQuery>
#include <QValueAxis>
#include <QVariant>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

using Bound = ChartView::Bound;

// Finished statuses at the bottom of the stack, so that the settled orders form a steady base
// and the orders in flight ride on top of it.
constexpr std::array<int, DashboardTab::StatusCount> StackOrder { 3, 5, 6, 4, 2, 1, 0 };

const std::array<QColor, DashboardTab::StatusCount> &statusColours()
{
    static const std::array<QColor, DashboardTab::StatusCount> colours {
        QColor(0x90, 0xa4, 0xae), // placed
        QColor(0x4f, 0xc3, 0xf7), // paid
        QColor(0x1e, 0x88, 0xe5), // in_progress
        QColor(0x43, 0xa0, 0x47), // completed
        QColor(0xff, 0xb3, 0x00), // rejected
        QColor(0xe5, 0x39, 0x35), // failed
        QColor(0x8e, 0x24, 0xaa), // cancelled
    };
    return colours;
}

const char *const StatusLabels[DashboardTab::StatusCount] = {
    QT_TRANSLATE_NOOP("eslab::DashboardTab", "placed"),
    QT_TRANSLATE_NOOP("eslab::DashboardTab", "paid"),
    QT_TRANSLATE_NOOP("eslab::DashboardTab", "in progress"),
    QT_TRANSLATE_NOOP("eslab::DashboardTab", "completed"),
    QT_TRANSLATE_NOOP("eslab::DashboardTab", "rejected"),
    QT_TRANSLATE_NOOP("eslab::DashboardTab", "failed"),
    QT_TRANSLATE_NOOP("eslab::DashboardTab", "cancelled"),
};

struct FailureKind
{
    const char *key;
    const char *label;
};
// The simulation's failure counters, in the order the chart lists them.
constexpr FailureKind FailureKinds[] = {
    { "payment_failed", QT_TRANSLATE_NOOP("eslab::DashboardTab", "Payment failures") },
    { "batch_failed", QT_TRANSLATE_NOOP("eslab::DashboardTab", "Batch failures") },
    { "batch_retried", QT_TRANSLATE_NOOP("eslab::DashboardTab", "Batch retries") },
    { "order_failed", QT_TRANSLATE_NOOP("eslab::DashboardTab", "Orders failed") },
    { "cancelled", QT_TRANSLATE_NOOP("eslab::DashboardTab", "Orders cancelled") },
    { "worker_crash", QT_TRANSLATE_NOOP("eslab::DashboardTab", "Worker crashes") },
    { "concurrent_writes", QT_TRANSLATE_NOOP("eslab::DashboardTab", "Concurrent writes") },
    { "concurrency_conflicts", QT_TRANSLATE_NOOP("eslab::DashboardTab", "Concurrency conflicts") },
    { "rejected_commands", QT_TRANSLATE_NOOP("eslab::DashboardTab", "Commands rejected") },
    { "duplicate_deliveries", QT_TRANSLATE_NOOP("eslab::DashboardTab", "Duplicate deliveries") },
    { "projector_crashes", QT_TRANSLATE_NOOP("eslab::DashboardTab", "Projector crashes") },
    { "poison_events", QT_TRANSLATE_NOOP("eslab::DashboardTab", "Poison events") },
    { "parked_events", QT_TRANSLATE_NOOP("eslab::DashboardTab", "Events parked") },
    { "legacy_events", QT_TRANSLATE_NOOP("eslab::DashboardTab", "Legacy events written") },
};

// The event that moves an order into each status, by status index.
const std::array<QString, DashboardTab::StatusCount> StatusEvents {
    u"OrderPlaced"_s,   u"PointsDeducted"_s, u"OrderStarted"_s,   u"OrderCompleted"_s,
    u"PaymentFailed"_s, u"OrderFailed"_s,    u"OrderCancelled"_s,
};

// Failure counters an opened store can tell from its events alone.
const QList<std::pair<QString, QString>> StoreFailureEvents {
    { u"payment_failed"_s, u"PaymentFailed"_s },
    { u"batch_failed"_s, u"BatchFailed"_s },
    { u"order_failed"_s, u"OrderFailed"_s },
    { u"cancelled"_s, u"OrderCancelled"_s },
};

// The timeline read from a store keeps about this many samples.
constexpr qint64 StoreTimelineSamples = 1000;

bool sameStore(const QString &a, const QString &b)
{
    return !a.isEmpty() && QFileInfo(a).absoluteFilePath() == QFileInfo(b).absoluteFilePath();
}

QString formatDuration(qint64 ms)
{
    const qint64 seconds = ms / 1000;
    return u"%1:%2:%3"_s.arg(seconds / 3600)
        .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

void setTitle(QChart *chart, const QString &title)
{
    if (chart->title() != title)
        chart->setTitle(title);
}

void setTitle(QAbstractAxis *axis, const QString &title)
{
    if (axis->titleText() != title)
        axis->setTitleText(title);
}

void setLabelFormat(QValueAxis *axis, const QString &format)
{
    if (axis->labelFormat() != format)
        axis->setLabelFormat(format);
}

// At most `count` evenly spaced indexes of [0, size), always the first and the last.
QList<qsizetype> spreadIndexes(qsizetype size, qsizetype count)
{
    QList<qsizetype> indexes;
    if (size <= count) {
        for (qsizetype i = 0; i < size; ++i)
            indexes.append(i);
        return indexes;
    }
    for (qsizetype k = 0; k < count; ++k)
        indexes.append(k * (size - 1) / (count - 1));
    return indexes;
}

} // namespace

// What refresh() reads from the store on the reader thread.
struct DashboardTab::StoreTotals
{
    QString error;
    qint64 head = 0;
    QMap<QString, qint64> failures; // by kind, as far as events tell them
    std::array<qint64, StatusCount> ordersByStatus {};
    bool hasTimeline = false;
    QList<std::pair<qint64, std::array<qint64, StatusCount>>> timeline; // (position, orders)
};

const std::array<QString, DashboardTab::StatusCount> &DashboardTab::statuses()
{
    static const std::array<QString, StatusCount> names {
        u"placed"_s,   u"paid"_s,   u"in_progress"_s, u"completed"_s,
        u"rejected"_s, u"failed"_s, u"cancelled"_s,
    };
    return names;
}

DashboardTab::DashboardTab(StoreReader *reader, SimulationController *controller, QWidget *parent)
    : QWidget(parent)
    , m_reader(reader)
    , m_controller(controller)
{
    m_summary = new QLabel;
    m_summary->setObjectName(u"summary"_s);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_summary->setText(tr("No run yet. Start one, or open a store, to see its figures."));

    auto *throughput = new QChart;
    throughput->setTitle(tr("Throughput"));
    m_wallRate = new QLineSeries;
    m_wallRate->setName(tr("events per wall-clock second"));
    m_wallRate->setObjectName(u"wallRate"_s);
    m_simulatedRate = new QLineSeries;
    m_simulatedRate->setName(tr("events per simulated second"));
    m_simulatedRate->setObjectName(u"simulatedRate"_s);
    throughput->addSeries(m_wallRate);
    throughput->addSeries(m_simulatedRate);
    m_throughputX = new QValueAxis;
    m_wallRateY = new QValueAxis;
    m_simulatedRateY = new QValueAxis;
    m_wallRateY->setTitleText(tr("per wall s"));
    m_simulatedRateY->setTitleText(tr("per simulated s"));
    for (QValueAxis *axis : { m_throughputX, m_wallRateY, m_simulatedRateY })
        axis->setLabelFormat(u"%g"_s);
    throughput->addAxis(m_throughputX, Qt::AlignBottom);
    throughput->addAxis(m_wallRateY, Qt::AlignLeft);
    throughput->addAxis(m_simulatedRateY, Qt::AlignRight);
    m_wallRate->attachAxis(m_throughputX);
    m_wallRate->attachAxis(m_wallRateY);
    m_simulatedRate->attachAxis(m_throughputX);
    m_simulatedRate->attachAxis(m_simulatedRateY);
    // Each rate axis takes its series' colour, so that the two scales cannot be confused.
    m_wallRate->setPen(QPen(QColor(0x1e, 0x88, 0xe5), 2));
    m_simulatedRate->setPen(QPen(QColor(0xf5, 0x7c, 0x00), 2));
    m_wallRateY->setLabelsColor(m_wallRate->pen().color());
    m_wallRateY->setTitleBrush(m_wallRate->pen().color());
    m_simulatedRateY->setLabelsColor(m_simulatedRate->pen().color());
    m_simulatedRateY->setTitleBrush(m_simulatedRate->pen().color());
    throughput->legend()->setAlignment(Qt::AlignBottom);
    m_throughputView = new ChartView(throughput);
    m_throughputView->setObjectName(u"throughputChart"_s);

    auto *orders = new QChart;
    orders->setTitle(tr("Orders by status"));
    m_ordersX = new QValueAxis;
    m_ordersY = new QValueAxis;
    m_ordersX->setLabelFormat(u"%g"_s);
    m_ordersY->setLabelFormat(u"%d"_s);
    m_ordersY->setTitleText(tr("orders"));
    orders->addAxis(m_ordersX, Qt::AlignBottom);
    orders->addAxis(m_ordersY, Qt::AlignLeft);
    for (int level = 0; level < StatusCount; ++level) {
        const int status = StackOrder[size_t(level)];
        m_upper[size_t(status)] = new QLineSeries(orders);
        QLineSeries *lower = level == 0 ? nullptr : m_upper[size_t(StackOrder[size_t(level - 1)])];
        auto *area = new QAreaSeries(m_upper[size_t(status)], lower);
        area->setObjectName(statuses()[size_t(status)]);
        area->setName(tr(StatusLabels[status]));
        const QColor colour = statusColours()[size_t(status)];
        area->setColor(colour);
        area->setBorderColor(colour.darker(120));
        m_areas[size_t(status)] = area;
    }
    // The legend lists the statuses in lifecycle order, whatever the stacking.
    for (QAreaSeries *area : m_areas) {
        orders->addSeries(area);
        area->attachAxis(m_ordersX);
        area->attachAxis(m_ordersY);
    }
    orders->legend()->setAlignment(Qt::AlignRight);
    m_ordersView = new ChartView(orders);
    m_ordersView->setObjectName(u"ordersChart"_s);

    auto *failures = new QChart;
    failures->setTitle(tr("Failures by kind"));
    m_failures = new QHorizontalBarSeries;
    m_failures->setObjectName(u"failures"_s);
    m_failureCounts = new QBarSet(tr("count"));
    m_failureCounts->setColor(QColor(0xe5, 0x39, 0x35));
    m_failureCounts->setLabelColor(Qt::black);
    m_failures->append(m_failureCounts);
    m_failures->setLabelsVisible(true);
    m_failures->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    m_failures->setBarWidth(0.7);
    failures->addSeries(m_failures);
    m_failureKinds = new QBarCategoryAxis;
    m_failureValues = new QValueAxis;
    m_failureValues->setLabelFormat(u"%d"_s);
    failures->addAxis(m_failureKinds, Qt::AlignLeft);
    failures->addAxis(m_failureValues, Qt::AlignBottom);
    m_failures->attachAxis(m_failureKinds);
    m_failures->attachAxis(m_failureValues);
    failures->legend()->hide();
    m_failuresView = new ChartView(failures);
    m_failuresView->setObjectName(u"failuresChart"_s);

    auto *layout = new QGridLayout(this);
    layout->addWidget(m_summary, 0, 0, 1, 2);
    layout->addWidget(m_ordersView, 1, 0, 1, 2);
    layout->addWidget(m_throughputView, 2, 0);
    layout->addWidget(m_failuresView, 2, 1);
    layout->setRowStretch(1, 5);
    layout->setRowStretch(2, 4);
    layout->setColumnStretch(0, 3);
    layout->setColumnStretch(1, 2);

    clearCharts();
    if (m_controller) {
        connect(m_controller, &SimulationController::started, this, &DashboardTab::startRun);
        connect(m_controller, &SimulationController::progressed, this, &DashboardTab::addProgress);
    }
}

void DashboardTab::refresh()
{
    if (!m_reader || (m_controller && m_controller->isActive()))
        return;
    const qint64 generation = ++m_storeReadGeneration;
    const bool withTimeline = !hasRunOfCurrentStore();
    m_reader->read<StoreTotals>(
        this,
        [withTimeline](EventStore &store) {
            StoreTotals totals;
            totals.head = store.headPosition();
            // One count a kind, each a range of the (event_type, global_position) index: a few
            // per cent of the events, where a GROUP BY event_type would walk all of them.
            for (const auto &[kind, type] : StoreFailureEvents) {
                QSqlQuery *query = store.execute(
                    u"SELECT COUNT(*) FROM events WHERE event_type = ?"_s, { type });
                if (!query) {
                    totals.error = store.errorString();
                    return totals;
                }
                if (query->next())
                    totals.failures.insert(kind, query->value(0).toLongLong());
                query->finish();
            }
            if (QSqlQuery *query
                = store.execute(u"SELECT status, COUNT(*) FROM order_summary GROUP BY status"_s)) {
                while (query->next()) {
                    const auto *found = std::find(statuses().cbegin(), statuses().cend(),
                                                  query->value(0).toString());
                    if (found != statuses().cend())
                        totals.ordersByStatus[size_t(found - statuses().cbegin())]
                            = query->value(1).toLongLong();
                }
                query->finish();
            }
            if (!withTimeline)
                return totals;

            // Orders by status over the store's history: replay only the events that move an
            // order from one status to the next.
            QString placeholders;
            QVariantList types;
            for (const QString &type : StatusEvents) {
                placeholders += placeholders.isEmpty() ? u"?"_s : u", ?"_s;
                types.append(type);
            }
            QSqlQuery *query = store.execute(u"SELECT global_position, stream_id, event_type FROM "
                                             "events WHERE event_type IN ("_s
                                                 + placeholders + u") ORDER BY global_position"_s,
                                             types);
            if (!query)
                return totals;
            QHash<QString, int> statusOf;
            std::array<qint64, StatusCount> counts {};
            const qint64 every = std::max<qint64>(1, totals.head / StoreTimelineSamples);
            qint64 nextSample = 0;
            totals.timeline.append({ 0, counts });
            while (query->next()) {
                const qint64 position = query->value(0).toLongLong();
                const auto *found = std::find(StatusEvents.cbegin(), StatusEvents.cend(),
                                              query->value(2).toString());
                const int status = int(found - StatusEvents.cbegin());
                auto previous = statusOf.find(query->value(1).toString());
                if (previous == statusOf.end()) {
                    statusOf.insert(query->value(1).toString(), status);
                } else {
                    --counts[size_t(*previous)];
                    *previous = status;
                }
                ++counts[size_t(status)];
                if (position >= nextSample) {
                    totals.timeline.append({ position, counts });
                    nextSample = position + every;
                }
            }
            query->finish();
            totals.timeline.append({ totals.head, counts });
            totals.hasTimeline = true;
            return totals;
        },
        [this, generation](const StoreTotals &totals) {
            if (generation == m_storeReadGeneration)
                showStoreTotals(totals);
        },
        StoreReader::Lane::Scan);
}

void DashboardTab::startRun(const QString &runId)
{
    ++m_storeReadGeneration; // a store read still under way would paint over the run
    m_runId = runId;
    m_runStore.clear();
    clearCharts();
}

void DashboardTab::addProgress(const RunProgress &progress)
{
    if (progress.runId != m_runId || m_runStore.isEmpty())
        startRun(progress.runId);
    m_runStore = progress.storeLocation;

    Sample sample;
    sample.simulatedMs = progress.simulatedMs;
    sample.wallMs = progress.wallMs;
    sample.events = progress.events;
    for (int status = 0; status < StatusCount; ++status)
        sample.orders[size_t(status)] = progress.ordersByStatus.value(statuses()[size_t(status)]);

    const Sample previous = m_samples.isEmpty() ? Sample() : m_samples.constLast();
    const qint64 events = sample.events - previous.events;
    const qint64 wallMs = sample.wallMs - previous.wallMs;
    const qint64 simulatedMs = sample.simulatedMs - previous.simulatedMs;
    // A batch in which simulated time stood still (the projections' final catch-up) says
    // nothing about throughput.
    if (simulatedMs > 0) {
        m_simulatedRatePoints.append(
            { double(sample.simulatedMs), double(events) * 1000.0 / double(simulatedMs) });
        if (wallMs > 0)
            m_wallRatePoints.append(
                { double(sample.simulatedMs), double(events) * 1000.0 / double(wallMs) });
    }
    m_samples.append(sample);
    m_runFailures = progress.failures;

    const QLocale locale;
    const double wallRate
        = progress.wallMs > 0 ? double(progress.events) * 1000.0 / double(progress.wallMs) : 0.0;
    m_runSummary
        = tr("<b>Run</b> %1 &nbsp;·&nbsp; <b>%2</b> events this run, head %3 "
             "&nbsp;·&nbsp; %4 of %5 orders finished &nbsp;·&nbsp; simulated %6 "
             "&nbsp;·&nbsp; %7 events per wall-clock second on average")
              .arg(progress.runId.toHtmlEscaped(), locale.toString(progress.events),
                   locale.toString(progress.head), locale.toString(progress.ordersFinished),
                   locale.toString(progress.orderCount), formatDuration(progress.simulatedMs),
                   locale.toString(qRound64(wallRate)));

    // Charts that cannot be seen are drawn when they can (showEvent()).
    m_runDrawPending = true;
    if (!isOutOfSight())
        drawRun();
}

bool DashboardTab::isOutOfSight() const
{
    // Behind another tab of a shown window. A tab in no shown window (a test's, a grab's) draws
    // at once.
    return window()->isVisible() && !isVisible();
}

void DashboardTab::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_runDrawPending)
        drawRun();
}

void DashboardTab::drawRun()
{
    m_runDrawPending = false;
    if (m_samples.isEmpty())
        return;
    const qint64 maxMs = m_samples.constLast().simulatedMs;
    QString unit;
    double scale = 1000;
    if (maxMs <= 3 * 60'000) {
        unit = tr("simulated time (s)");
    } else if (maxMs <= 3 * 3'600'000) {
        scale = 60'000;
        unit = tr("simulated time (min)");
    } else {
        scale = 3'600'000;
        unit = tr("simulated time (h)");
    }
    // A new unit shrinks the numbers: the time axes start again from them.
    const Bound timeBound = scale == m_timeScale ? Bound::Grow : Bound::Tick;
    m_timeScale = scale;
    setTitle(m_throughputX, unit);
    ChartView::setRoundRange(m_throughputX, double(maxMs) / m_timeScale, timeBound);
    setLabelFormat(m_ordersX, u"%g"_s);
    ChartView::setRoundRange(m_ordersX, double(maxMs) / m_timeScale, timeBound);
    setTitle(m_ordersX, unit);
    setTitle(m_ordersView->chart(), tr("Orders by status (this run)"));
    setTitle(m_throughputView->chart(), tr("Throughput (this run)"));
    setTitle(m_failuresView->chart(), tr("Failures by kind (this run)"));

    updateOrdersChart(true);
    updateThroughputChart();
    updateFailuresChart(m_runFailures, true);
    m_summary->setText(m_runSummary);
}

void DashboardTab::clearCharts()
{
    m_samples.clear();
    m_wallRatePoints.clear();
    m_simulatedRatePoints.clear();
    m_runFailures.clear();
    m_runDrawPending = false;
    m_timeScale = 1000;
    m_wallRate->clear();
    m_simulatedRate->clear();
    for (QLineSeries *upper : m_upper)
        upper->clear();
    ChartView::setRoundRange(m_throughputX, 1, Bound::Exact);
    setTitle(m_throughputX, tr("simulated time (s)"));
    ChartView::setRoundRange(m_wallRateY, 1, Bound::Exact);
    ChartView::setRoundRange(m_simulatedRateY, 1, Bound::Exact);
    ChartView::setRoundRange(m_ordersX, 1, Bound::Exact);
    setTitle(m_ordersX, tr("simulated time (s)"));
    ChartView::setRoundRange(m_ordersY, 1, Bound::Exact, true);
    updateFailuresChart({}, false);
}

void DashboardTab::updateOrdersChart(bool live)
{
    const QList<qsizetype> indexes = spreadIndexes(m_samples.size(), MaxSeriesPoints);
    std::array<QList<QPointF>, StatusCount> points;
    qint64 top = 0;
    for (qsizetype index : indexes) {
        const Sample &sample = m_samples.at(index);
        const double x = double(sample.simulatedMs) / m_timeScale;
        qint64 stacked = 0;
        for (int status : StackOrder) {
            stacked += sample.orders[size_t(status)];
            points[size_t(status)].append({ x, double(stacked) });
        }
        top = std::max(top, stacked);
    }
    for (int status = 0; status < StatusCount; ++status)
        m_upper[size_t(status)]->replace(points[size_t(status)]);
    ChartView::setRoundRange(m_ordersY, double(top), live ? Bound::Grow : Bound::Tick, true);
}

void DashboardTab::updateThroughputChart()
{
    const auto scaled = [this](const QList<QPointF> &points, double *maxY) {
        QList<QPointF> reduced = ChartView::reduceMinMax(points, MaxSeriesPoints / 2);
        *maxY = 0;
        for (QPointF &point : reduced) {
            point.setX(point.x() / m_timeScale);
            *maxY = std::max(*maxY, point.y());
        }
        return reduced;
    };
    double wallMax = 0;
    double simulatedMax = 0;
    m_wallRate->replace(scaled(m_wallRatePoints, &wallMax));
    m_simulatedRate->replace(scaled(m_simulatedRatePoints, &simulatedMax));
    // The rates of a run go up and down; their axes keep the highest so far.
    ChartView::setRoundRange(m_wallRateY, wallMax * 1.05, Bound::Grow);
    ChartView::setRoundRange(m_simulatedRateY, simulatedMax * 1.05, Bound::Grow);
}

void DashboardTab::updateFailuresChart(const QMap<QString, qint64> &failures, bool live)
{
    QStringList keys;
    QStringList labels;
    for (const FailureKind &kind : FailureKinds) {
        const QString key = QString::fromLatin1(kind.key);
        if (failures.contains(key)) {
            keys.append(key);
            labels.append(tr(kind.label));
        }
    }
    for (auto it = failures.cbegin(); it != failures.cend(); ++it) {
        if (!keys.contains(it.key())) {
            keys.append(it.key());
            labels.append(QString(it.key()).replace(u'_', u' '));
        }
    }
    // Horizontal bars are drawn bottom-up; reversed, the list reads top-down.
    std::reverse(keys.begin(), keys.end());
    std::reverse(labels.begin(), labels.end());

    qint64 max = 0;
    if (keys != m_failureKeys) {
        m_failureKeys = keys;
        m_failureCounts->remove(0, m_failureCounts->count());
        m_failureKinds->clear();
        m_failureKinds->append(labels);
        for (const QString &key : std::as_const(keys))
            m_failureCounts->append(double(failures.value(key)));
    } else {
        for (qsizetype i = 0; i < keys.size(); ++i)
            m_failureCounts->replace(int(i), double(failures.value(keys.at(i))));
    }
    for (const QString &key : std::as_const(keys))
        max = std::max(max, failures.value(key));
    // Room to the right of the longest bar for its label.
    ChartView::setRoundRange(m_failureValues, std::max(double(max) * 1.15, 5.0),
                             live ? Bound::Grow : Bound::Tick, true);
}

void DashboardTab::showStoreTotals(const StoreTotals &totals)
{
    // The run's last batches first, so that they do not cover the store's summary later.
    if (m_runDrawPending)
        drawRun();
    if (!totals.error.isEmpty()) {
        m_summary->setText(tr("Cannot read the store: %1").arg(totals.error.toHtmlEscaped()));
        return;
    }
    const QLocale locale;
    qint64 orders = 0;
    QString chips;
    for (int status = 0; status < StatusCount; ++status) {
        const qint64 count = totals.ordersByStatus[size_t(status)];
        orders += count;
        if (count == 0)
            continue;
        chips += u"&nbsp; <span style=\"color:%1\">&#9632;</span>&nbsp;%2&nbsp;%3"_s.arg(
            statusColours()[size_t(status)].name(), tr(StatusLabels[status]),
            locale.toString(count));
    }
    QString text = tr("<b>Store</b> &nbsp;<b>%1</b> events, <b>%2</b> orders:")
                       .arg(locale.toString(totals.head), locale.toString(orders))
        + chips;
    if (hasRunOfCurrentStore() && !m_samples.isEmpty()) {
        const Sample &last = m_samples.constLast();
        const double rate
            = last.wallMs > 0 ? double(last.events) * 1000.0 / double(last.wallMs) : 0.0;
        text += u"<br>"_s
            + tr("<b>Last run</b> %1: %2 events in %3 simulated, %4 events per wall-clock "
                 "second on average")
                  .arg(m_runId.toHtmlEscaped(), locale.toString(last.events),
                       formatDuration(last.simulatedMs), locale.toString(qRound64(rate)));
    }
    m_summary->setText(text);

    if (!totals.hasTimeline)
        return;
    clearCharts();
    m_runId.clear();
    setTitle(m_ordersView->chart(), tr("Orders by status over the store's history"));
    setTitle(m_throughputView->chart(), tr("Throughput (shown while a run is live)"));
    setTitle(m_failuresView->chart(), tr("Failures recorded in the store"));

    const QList<qsizetype> indexes = spreadIndexes(totals.timeline.size(), MaxSeriesPoints);
    std::array<QList<QPointF>, StatusCount> points;
    qint64 top = 0;
    for (qsizetype index : indexes) {
        const auto &[position, counts] = totals.timeline.at(index);
        qint64 stacked = 0;
        for (int status : StackOrder) {
            stacked += counts[size_t(status)];
            points[size_t(status)].append({ double(position), double(stacked) });
        }
        top = std::max(top, stacked);
    }
    for (int status = 0; status < StatusCount; ++status)
        m_upper[size_t(status)]->replace(points[size_t(status)]);
    setLabelFormat(m_ordersX, u"%.0f"_s);
    ChartView::setRoundRange(m_ordersX, double(std::max<qint64>(totals.head, 1)), Bound::Exact);
    setTitle(m_ordersX, tr("event position"));
    ChartView::setRoundRange(m_ordersY, double(top), Bound::Tick, true);

    updateFailuresChart(totals.failures, false);
}

bool DashboardTab::hasRunOfCurrentStore() const
{
    return !m_samples.isEmpty() && m_reader && sameStore(m_runStore, m_reader->location());
}

} // namespace eslab
