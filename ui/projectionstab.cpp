#include "ui/projectionstab.h"

#include "model/eventstore.h"
#include "model/parkedevents.h"
#include "model/projection.h"
#include "simulation/simulationcontroller.h"
#include "ui/chartview.h"
#include "ui/commandcontext.h"
#include "ui/parkedeventsmodel.h"
#include "ui/storereader.h"

#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QPen>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

constexpr int BulkBatchSize = ProjectionRunner::BulkBatchSize;
constexpr int MaxListedParked = 1000;
constexpr int LiveRefreshIntervalMs = 1000;
// Lag points kept per series between chart updates; older stretches are reduced to min/max so
// a long run keeps its spikes in bounded memory.
constexpr qsizetype MaxKeptPoints = 20000;
constexpr int KeptColumns = 4000;

enum StatusColumn { Name, Head, Checkpoint, LagEvents, LagMs, Parked, State, StatusColumnCount };

// Colour says the measure (events blue, ms orange); the line style says the projection.
const QColor EventsColor(0x1f, 0x77, 0xb4);
const QColor MsColor(0xe6, 0x7e, 0x22);

QPen lagPen(const QColor &color, int projectionIndex)
{
    QPen pen(projectionIndex == 0 ? color : color.darker(140), projectionIndex == 0 ? 1.5 : 1.2);
    if (projectionIndex > 0)
        pen.setStyle(Qt::DashLine);
    return pen;
}

// From 0 to a round multiple of a 1, 2 or 5 step at or above `max`, with a tick on each step.
void setRoundRange(QValueAxis *axis, double max)
{
    constexpr int MaxIntervals = 6;
    const double raw = max / MaxIntervals;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10 * magnitude;
    for (const double factor : { 1.0, 2.0, 5.0 }) {
        if (factor * magnitude >= raw) {
            step = factor * magnitude;
            break;
        }
    }
    const int intervals = std::max(1, int(std::ceil(max / step - 1e-9)));
    axis->setRange(0, intervals * step);
    axis->setTickCount(intervals + 1);
}

QString number(qint64 value)
{
    return QLocale().toString(value);
}

QString formatDuration(qint64 seconds)
{
    if (seconds < 60)
        return QCoreApplication::translate("eslab::ProjectionsTab", "%1 s").arg(seconds);
    if (seconds < 3600)
        return QCoreApplication::translate("eslab::ProjectionsTab", "%1 min %2 s")
            .arg(seconds / 60)
            .arg(seconds % 60);
    return QCoreApplication::translate("eslab::ProjectionsTab", "%1 h %2 min")
        .arg(seconds / 3600)
        .arg(seconds / 60 % 60);
}

qint64 eventsPerSecond(qint64 events, qint64 elapsedMs)
{
    return elapsedMs > 0 ? events * 1000 / elapsedMs : 0;
}

} // namespace

struct ProjectionsTab::Status
{
    quint64 generation = 0;
    qint64 head = 0;
    QMap<QString, Row> rows;
    QList<ParkedEvent> parked;
    bool parkedTruncated = false;
    QString error;
};

ProjectionsTab::ProjectionsTab(StoreReader *reader, SimulationController *controller,
                               QWidget *parent)
    : QWidget(parent)
    , m_reader(reader)
    , m_controller(controller)
{
    const QStringList names = standardProjectionNames();

    // Where each projection stands.
    m_table = new QTableWidget(int(names.size()), StatusColumnCount);
    m_table->setObjectName(u"projectionTable"_s);
    m_table->setHorizontalHeaderLabels({ tr("Projection"), tr("Head"), tr("Checkpoint"),
                                         tr("Lag (events)"), tr("Lag (ms)"), tr("Parked"),
                                         tr("State") });
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // A halt's reason names the event first and the failure last: keep both ends in view.
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    for (int row = 0; row < names.size(); ++row) {
        for (int column = 0; column < StatusColumnCount; ++column) {
            auto *item = new QTableWidgetItem;
            if (column != Name && column != State)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, column, item);
        }
        m_table->item(row, Name)->setText(names.at(row));
        m_rows.insert(names.at(row), Row());
    }
    m_table->resizeRowsToContents();
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height()
                            + m_table->rowHeight(0) * int(names.size())
                            + 2 * m_table->frameWidth());
    m_tableNote = new QLabel(tr("Lag in events is head minus checkpoint; lag in ms is how long "
                                "the oldest unprocessed event has waited (simulated clock)."));
    m_tableNote->setObjectName(u"tableNote"_s);
    m_tableNote->setWordWrap(true);

    // Lag over time.
    m_chart = new QChart;
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_timeAxis = new QValueAxis;
    m_timeAxis->setTitleText(tr("Simulated time (s)"));
    m_timeAxis->setLabelFormat(u"%.0f"_s);
    m_eventsAxis = new QValueAxis;
    m_eventsAxis->setTitleText(tr("Lag (events)"));
    m_eventsAxis->setLabelFormat(u"%.0f"_s);
    m_msAxis = new QValueAxis;
    m_msAxis->setTitleText(tr("Lag (ms)"));
    m_msAxis->setLabelFormat(u"%.0f"_s);
    m_eventsAxis->setTitleBrush(EventsColor);
    m_eventsAxis->setLabelsColor(EventsColor);
    m_msAxis->setTitleBrush(MsColor);
    m_msAxis->setLabelsColor(MsColor);
    m_msAxis->setGridLineVisible(false);
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_eventsAxis, Qt::AlignLeft);
    m_chart->addAxis(m_msAxis, Qt::AlignRight);
    for (int index = 0; index < names.size(); ++index) {
        const QString &name = names.at(index);
        LagSeries &lag = m_lag[name];
        lag.eventsSeries = new QLineSeries;
        lag.eventsSeries->setName(tr("%1, events (left)").arg(name));
        lag.eventsSeries->setPen(lagPen(EventsColor, index));
        lag.msSeries = new QLineSeries;
        lag.msSeries->setName(tr("%1, wait (right)").arg(name));
        lag.msSeries->setPen(lagPen(MsColor, index));
        m_chart->addSeries(lag.eventsSeries);
        m_chart->addSeries(lag.msSeries);
        lag.eventsSeries->attachAxis(m_timeAxis);
        lag.eventsSeries->attachAxis(m_eventsAxis);
        lag.msSeries->attachAxis(m_timeAxis);
        lag.msSeries->attachAxis(m_msAxis);
    }
    m_chartView = new ChartView(m_chart);
    m_chartView->setObjectName(u"lagChart"_s);
    m_chartProjection = new QComboBox;
    m_chartProjection->setObjectName(u"chartProjection"_s);
    // One projection at a time by default: projections that poll together lag alike, and
    // their lines would hide each other.
    for (const QString &name : names)
        m_chartProjection->addItem(name, name);
    m_chartProjection->addItem(tr("Every projection"), QString());
    auto *chartHeader = new QHBoxLayout;
    auto *chartTitle = new QLabel(tr("<b>Lag over time</b>: events behind the head (blue, left "
                                     "axis) and wait of the oldest unprocessed event (orange, "
                                     "right axis)"));
    chartTitle->setWordWrap(true);
    chartHeader->addWidget(chartTitle, 1);
    chartHeader->addWidget(new QLabel(tr("Show:")));
    chartHeader->addWidget(m_chartProjection);
    auto *chartPane = new QWidget;
    auto *chartLayout = new QVBoxLayout(chartPane);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addLayout(chartHeader);
    chartLayout->addWidget(m_chartView, 1);

    // Parked events and their replay.
    m_parked = new ParkedEventsModel(this);
    m_parkedView = new QTableView;
    m_parkedView->setObjectName(u"parkedTable"_s);
    m_parkedView->setModel(m_parked);
    m_parkedView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_parkedView->setAlternatingRowColors(true);
    m_parkedView->setWordWrap(false);
    // A reason names the event first and the failure last: keep both ends in view.
    m_parkedView->setTextElideMode(Qt::ElideMiddle);
    m_parkedView->verticalHeader()->hide();
    m_parkedView->verticalHeader()->setDefaultSectionSize(m_parkedView->fontMetrics().height() + 6);
    m_parkedView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_parkedView->horizontalHeader()->setStretchLastSection(true);
    m_parkedFilter = new QComboBox;
    m_parkedFilter->setObjectName(u"parkedFilter"_s);
    m_parkedFilter->addItem(tr("Every projection"), QString());
    for (const QString &name : names)
        m_parkedFilter->addItem(name, name);
    m_parkedNote = new QLabel(tr("No parked events."));
    m_parkedNote->setObjectName(u"parkedNote"_s);
    m_parkedNote->setWordWrap(true);
    m_handlerFixed = new QCheckBox(tr("Handler bug fixed"));
    m_handlerFixed->setObjectName(u"handlerFixed"_s);
    m_handlerFixed->setToolTip(
        tr("Checked, replay and rebuild apply a poison note as a plain note, as once the "
           "handler is fixed. Unchecked, the handler still fails on it: a replayed event stays "
           "parked with one more attempt."));
    m_replayButton = new QPushButton(tr("Replay"));
    m_replayButton->setObjectName(u"replayButton"_s);
    m_replayButton->setToolTip(tr("Apply the listed parked events to their read model, in "
                                  "position order"));
    auto *parkedHeader = new QHBoxLayout;
    parkedHeader->addWidget(new QLabel(tr("Show:")));
    parkedHeader->addWidget(m_parkedFilter);
    parkedHeader->addStretch(1);
    parkedHeader->addWidget(m_handlerFixed);
    parkedHeader->addWidget(m_replayButton);
    auto *parkedBox = new QGroupBox(tr("Parked events"));
    auto *parkedLayout = new QVBoxLayout(parkedBox);
    parkedLayout->addLayout(parkedHeader);
    parkedLayout->addWidget(m_parkedView, 1);
    parkedLayout->addWidget(m_parkedNote);

    // Rebuild from zero.
    m_rebuildChoice = new QComboBox;
    m_rebuildChoice->setObjectName(u"rebuildProjection"_s);
    for (const QString &name : names)
        m_rebuildChoice->addItem(name, name);
    m_rebuildButton = new QPushButton(tr("Rebuild from zero"));
    m_rebuildButton->setObjectName(u"rebuildButton"_s);
    m_rebuildButton->setToolTip(tr("Clear the read model, its checkpoint, parked events and "
                                   "halt, then apply every event again"));
    m_progress = new QProgressBar;
    m_progress->setObjectName(u"rebuildProgress"_s);
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_rate = new QLabel(tr("Events/s: -"));
    m_rate->setObjectName(u"rebuildRate"_s);
    m_eta = new QLabel(tr("ETA: -"));
    m_eta->setObjectName(u"rebuildEta"_s);
    m_rebuildHelp = tr("A rebuild clears the read model, its checkpoint, parked events and "
                       "halt, then applies every event again with the skip policy.");
    m_runActiveMessage = tr("A simulation run is active. Replay and rebuild write to the store: "
                            "reset the run or let it finish first.");
    m_writeNote = new QLabel(m_rebuildHelp);
    m_writeNote->setObjectName(u"writeNote"_s);
    m_writeNote->setWordWrap(true);
    m_writeNote->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_progress->setMinimumWidth(160);
    m_rate->setMinimumWidth(
        m_rate->fontMetrics().horizontalAdvance(tr("Events/s: %1").arg(number(99999999))));
    m_eta->setMinimumWidth(m_eta->fontMetrics().horizontalAdvance(tr("ETA: done")) * 2);
    auto *rebuildRow = new QHBoxLayout;
    rebuildRow->addWidget(m_rebuildChoice);
    rebuildRow->addWidget(m_rebuildButton);
    rebuildRow->addWidget(m_progress, 1);
    rebuildRow->addWidget(m_rate);
    rebuildRow->addWidget(m_eta);
    auto *rebuildBox = new QGroupBox(tr("Rebuild"));
    auto *rebuildLayout = new QVBoxLayout(rebuildBox);
    rebuildLayout->addLayout(rebuildRow);
    rebuildLayout->addWidget(m_writeNote);

    auto *vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(chartPane);
    vertical->addWidget(parkedBox);
    vertical->setSizes({ 300, 240 });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(m_tableNote);
    layout->addWidget(rebuildBox);
    layout->addWidget(vertical, 1);

    connect(m_parkedFilter, &QComboBox::currentIndexChanged, this, &ProjectionsTab::refresh);
    connect(m_chartProjection, &QComboBox::currentIndexChanged, this, &ProjectionsTab::updateChart);
    connect(m_replayButton, &QPushButton::clicked, this, &ProjectionsTab::replayParked);
    connect(m_rebuildButton, &QPushButton::clicked, this, [this] {
        if (m_rebuilding && m_writer)
            m_writer->requestInterruption();
        else
            rebuildProjection();
    });
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (row >= 0 && !m_rebuilding)
            m_rebuildChoice->setCurrentIndex(row);
    });
    connect(m_reader, &StoreReader::locationChanged, this, [this] {
        clearChart();
        refresh();
    });
    if (m_controller) {
        connect(m_controller, &SimulationController::started, this, &ProjectionsTab::clearChart);
        connect(m_controller, &SimulationController::progressed, this,
                &ProjectionsTab::addProgress);
        connect(m_controller, &SimulationController::stateChanged, this,
                &ProjectionsTab::updateActions);
    }
    updateTable();
    updateChart();
    updateActions();
}

ProjectionsTab::~ProjectionsTab()
{
    if (m_writer) {
        m_writer->requestInterruption();
        m_writer->wait();
        delete m_writer;
    }
}

void ProjectionsTab::refresh()
{
    const quint64 generation = ++m_statusGeneration;
    const QString filter = m_parkedFilter->currentData().toString();
    m_reader->read<Status>(
        this,
        [generation, filter](EventStore &store) {
            Status status;
            status.generation = generation;
            const qint64 now = storeClock(store);
            for (const std::unique_ptr<Projection> &projection : createStandardProjections()) {
                ProjectionRunner runner(store, *projection);
                const ProjectionLag lag = runner.lag(now);
                Row row;
                row.checkpoint = lag.checkpoint;
                row.lagEvents = lag.lagEvents;
                row.lagMs = lag.lagMs;
                row.error = lag.error;
                status.head = lag.head;
                QString error;
                row.parked = std::max<qint64>(0, runner.parkedCount(&error));
                if (const std::optional<ProjectionHalt> halt = runner.halt(&error)) {
                    row.haltedAt = halt->position;
                    row.haltReason = halt->reason;
                }
                if (row.error.isEmpty())
                    row.error = error;
                status.rows.insert(projection->name(), row);
            }
            ParkedEvents parked(store);
            status.parked = parked.list(filter, MaxListedParked + 1);
            status.error = parked.errorString();
            if (status.parked.size() > MaxListedParked) {
                status.parked.removeLast();
                status.parkedTruncated = true;
            }
            return status;
        },
        [this](const Status &status) { statusLoaded(status); });
}

void ProjectionsTab::statusLoaded(const Status &status)
{
    if (status.generation != m_statusGeneration)
        return;
    m_head = status.head;
    for (auto it = status.rows.cbegin(); it != status.rows.cend(); ++it)
        m_rows[it.key()] = it.value();
    updateTable();

    m_parked->setEvents(status.parked);
    qint64 total = 0;
    for (auto it = status.rows.cbegin(); it != status.rows.cend(); ++it) {
        if (m_parkedFilter->currentData().toString().isEmpty()
            || m_parkedFilter->currentData().toString() == it.key())
            total += it.value().parked;
    }
    if (!status.error.isEmpty())
        m_parkedNote->setText(tr("Cannot list the parked events: %1").arg(status.error));
    else if (status.parked.isEmpty())
        m_parkedNote->setText(
            std::any_of(status.rows.cbegin(), status.rows.cend(),
                        [](const Row &row) { return row.haltedAt > 0; })
                ? tr("No parked events. A projection with the stop policy parks nothing: it "
                     "halts at the event its handler fails on (State, above). Rebuild it to "
                     "skip that event, or with the handler fixed to apply it.")
                : tr("No parked events: every event reached its read model."));
    else if (status.parkedTruncated)
        m_parkedNote->setText(tr("The first %1 of %2 parked events. A replay takes every one.")
                                  .arg(status.parked.size())
                                  .arg(total));
    else
        m_parkedNote->setText(tr("%1 parked events: their handler failed, so their read model "
                                 "does not have them yet. Replay them once the handler is fixed.")
                                  .arg(status.parked.size()));
    updateActions();
}

void ProjectionsTab::addProgress(const RunProgress &progress)
{
    m_head = progress.head;
    bool newPoints = false;
    for (auto it = progress.newLagSamples.cbegin(); it != progress.newLagSamples.cend(); ++it) {
        const QList<LagSample> &samples = it.value();
        if (samples.isEmpty())
            continue;
        const LagSample &newest = samples.constLast();
        Row &row = m_rows[it.key()];
        row.checkpoint = newest.checkpoint;
        row.lagEvents = std::max<qint64>(0, m_head - newest.checkpoint);
        row.lagMs = newest.lagMs;
        LagSeries &lag = m_lag[it.key()];
        for (const LagSample &sample : samples) {
            const double seconds = double(sample.at) / 1000.0;
            lag.events.append(QPointF(seconds, double(sample.lagEvents)));
            lag.ms.append(QPointF(seconds, double(sample.lagMs)));
        }
        if (lag.events.size() > MaxKeptPoints) {
            lag.events = ChartView::reduceMinMax(lag.events, KeptColumns);
            lag.ms = ChartView::reduceMinMax(lag.ms, KeptColumns);
        }
        newPoints = true;
    }
    for (auto it = m_rows.begin(); it != m_rows.end(); ++it) {
        if (!progress.newLagSamples.contains(it.key()))
            it->lagEvents = std::max<qint64>(0, m_head - it->checkpoint);
    }
    updateTable();
    // Behind another tab of a shown window, the chart waits to be seen (showEvent()).
    if (newPoints && window()->isVisible() && !isVisible())
        m_chartPending = true;
    else if (newPoints)
        updateChart();
    // Parked counts and halts come from the store: read them now and then, not every batch.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (isVisible() && now - m_lastLiveRefresh >= LiveRefreshIntervalMs) {
        m_lastLiveRefresh = now;
        refresh();
    }
}

void ProjectionsTab::updateTable()
{
    const QStringList names = standardProjectionNames();
    for (int index = 0; index < names.size(); ++index) {
        const Row &row = m_rows.value(names.at(index));
        m_table->item(index, Head)->setText(number(m_head));
        m_table->item(index, Checkpoint)->setText(number(row.checkpoint));
        m_table->item(index, LagEvents)->setText(number(row.lagEvents));
        m_table->item(index, LagMs)->setText(number(row.lagMs));
        m_table->item(index, Parked)->setText(number(row.parked));
        QTableWidgetItem *state = m_table->item(index, State);
        if (!row.error.isEmpty()) {
            state->setText(row.error);
            state->setForeground(QColor(0xc0, 0x39, 0x2b));
        } else if (row.haltedAt > 0) {
            state->setText(tr("Halted at event %1: %2").arg(number(row.haltedAt), row.haltReason));
            state->setForeground(QColor(0xc0, 0x39, 0x2b));
        } else if (row.lagEvents > 0) {
            state->setText(tr("Catching up: %1 events behind").arg(number(row.lagEvents)));
            state->setForeground(QColor(0xb3, 0x5c, 0x00));
        } else if (m_head == 0) {
            state->setText(tr("Empty store: nothing to project yet"));
            state->setForeground(palette().color(QPalette::Text));
        } else {
            state->setText(row.parked > 0 ? tr("Caught up, with parked events") : tr("Caught up"));
            state->setForeground(QColor(0x1b, 0x7f, 0x3b));
        }
        state->setToolTip(state->text());
    }
}

void ProjectionsTab::clearChart()
{
    for (LagSeries &lag : m_lag) {
        lag.events.clear();
        lag.ms.clear();
    }
    updateChart();
}

void ProjectionsTab::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_chartPending)
        updateChart();
}

void ProjectionsTab::updateChart()
{
    m_chartPending = false;
    const QString shown = m_chartProjection->currentData().toString();
    // One point pair per pixel column of the plot is all a line can show.
    const int columns = std::max(100, int(m_chart->plotArea().width()));
    double maxTime = 0;
    double maxEvents = 0;
    double maxMs = 0;
    bool any = false;
    for (auto it = m_lag.begin(); it != m_lag.end(); ++it) {
        LagSeries &lag = it.value();
        const bool visible = shown.isEmpty() || shown == it.key();
        lag.eventsSeries->setVisible(visible);
        lag.msSeries->setVisible(visible);
        lag.eventsSeries->replace(ChartView::reduceMinMax(lag.events, columns));
        if (!visible || lag.events.isEmpty())
            continue;
        any = true;
        maxTime = std::max(maxTime, lag.events.constLast().x());
        for (const QPointF &point : std::as_const(lag.events))
            maxEvents = std::max(maxEvents, point.y());
        for (const QPointF &point : std::as_const(lag.ms))
            maxMs = std::max(maxMs, point.y());
    }
    // A halted projection waits minutes: its axis reads better in seconds than in 6-digit ms.
    const bool seconds = maxMs >= 10000;
    // Titles are set only when they change: each set lays the chart out again.
    if (const QString title = seconds ? tr("Lag (s)") : tr("Lag (ms)");
        m_msAxis->titleText() != title)
        m_msAxis->setTitleText(title);
    for (LagSeries &lag : m_lag) {
        QList<QPointF> wait = ChartView::reduceMinMax(lag.ms, columns);
        if (seconds) {
            for (QPointF &point : wait)
                point.setY(point.y() / 1000.0);
        }
        lag.msSeries->replace(wait);
    }
    setRoundRange(m_timeAxis, std::max(10.0, maxTime));
    setRoundRange(m_eventsAxis, std::max(10.0, maxEvents * 1.05));
    setRoundRange(m_msAxis, std::max(100.0, maxMs * 1.05) / (seconds ? 1000.0 : 1.0));
    if (const QString title = any ? QString()
                                  : tr("No lag samples yet: start a run to chart the projections' "
                                       "lag as it happens.");
        m_chart->title() != title)
        m_chart->setTitle(title);
}

QString ProjectionsTab::writeRefusal() const
{
    if (m_controller && m_controller->isActive())
        return m_runActiveMessage;
    if (m_writer)
        return tr("A replay or rebuild is already running.");
    if (m_reader->location().isEmpty() || !QFileInfo::exists(m_reader->location()))
        return tr("There is no store yet: run a scenario first.");
    return {};
}

void ProjectionsTab::updateActions()
{
    const bool active = m_controller && m_controller->isActive();
    m_replayButton->setEnabled(!active && !m_writer && m_parked->rowCount() > 0);
    m_rebuildButton->setEnabled(!active && (!m_writer || m_rebuilding));
    m_rebuildButton->setText(m_rebuilding ? tr("Stop") : tr("Rebuild from zero"));
    m_rebuildChoice->setEnabled(!m_writer);
    m_parkedFilter->setEnabled(!m_writer);
    m_handlerFixed->setEnabled(!m_writer);
    if (active)
        m_writeNote->setText(writeRefusal());
    else if (m_writeNote->text() == m_runActiveMessage)
        m_writeNote->setText(m_rebuildHelp);
}

void ProjectionsTab::startWriter(QThread *thread)
{
    m_writer = thread;
    m_writer->setObjectName(u"eslab-projection-writer"_s);
    connect(m_writer, &QThread::finished, this, [this] {
        m_writer->deleteLater();
        m_writer = nullptr;
        m_rebuilding = false;
        updateActions();
        refresh();
        emit writeFinished(m_lastWriteMessage);
    });
    updateActions();
    m_writer->start();
}

void ProjectionsTab::replayParked()
{
    if (const QString refusal = writeRefusal(); !refusal.isEmpty()) {
        m_parkedNote->setText(refusal);
        emit writeFinished(refusal);
        return;
    }
    const QString projection = m_parkedFilter->currentData().toString();
    const QString location = m_reader->location();
    ProjectionOptions options;
    options.poisonFails = !m_handlerFixed->isChecked();
    m_parkedNote->setText(tr("Replaying the parked events..."));
    QThread *thread = QThread::create([this, location, projection, options] {
        // Runs on the writer thread: only queued calls reach the widgets.
        const auto report = [this](const QString &message) {
            QMetaObject::invokeMethod(
                this, [this, message] { replayFinished(message); }, Qt::QueuedConnection);
        };
        QString error;
        auto store = EventStore::open(location, EventStore::Access::ReadWrite, &error);
        if (!store) {
            report(tr("Cannot open the store for writing: %1").arg(error));
            return;
        }
        ParkedEvents parked(*store);
        const qint64 total = parked.list(projection).size();
        qint64 done = 0;
        QElapsedTimer sinceReport;
        sinceReport.start();
        const ParkedEvents::ReplayReport result
            = parked.replay(projection, options, -1, [&](const ParkedEvents::ReplayOutcome &) {
                  ++done;
                  if (sinceReport.elapsed() >= ReportIntervalMs) {
                      sinceReport.restart();
                      QMetaObject::invokeMethod(
                          this, [this, done, total] { replayProgressed(done, total); },
                          Qt::QueuedConnection);
                  }
                  return !QThread::currentThread()->isInterruptionRequested();
              });
        if (!result.isOk()) {
            report(tr("The replay stopped: %1").arg(result.error));
            return;
        }
        report(tr("Replayed %1, failed again %2, still parked %3.")
                   .arg(result.replayed)
                   .arg(result.failed)
                   .arg(result.remaining));
    });
    startWriter(thread);
}

void ProjectionsTab::replayProgressed(qint64 done, qint64 total)
{
    m_parkedNote->setText(tr("Replaying: %1 of %2 parked events...").arg(done).arg(total));
}

void ProjectionsTab::replayFinished(const QString &message)
{
    m_parkedNote->setText(message);
    m_lastWriteMessage = message;
}

void ProjectionsTab::rebuildProjection()
{
    if (const QString refusal = writeRefusal(); !refusal.isEmpty()) {
        m_writeNote->setText(refusal);
        emit writeFinished(refusal);
        return;
    }
    const QString name = m_rebuildChoice->currentData().toString();
    const QString location = m_reader->location();
    ProjectionOptions options;
    options.poisonFails = !m_handlerFixed->isChecked();
    m_rebuilding = true;
    m_progress->setValue(0);
    m_rate->setText(tr("Events/s: -"));
    m_eta->setText(tr("ETA: -"));
    m_writeNote->setText(tr("Rebuilding %1 from zero...").arg(name));
    QThread *thread = QThread::create([this, location, name, options] {
        // Runs on the writer thread: only queued calls reach the widgets.
        const auto finish = [this](const ProjectionRunner::Progress &progress, const QString &error,
                                   bool stopped) {
            QMetaObject::invokeMethod(
                this,
                [this, progress, error, stopped] { rebuildFinished(progress, error, stopped); },
                Qt::QueuedConnection);
        };
        QString error;
        auto store = EventStore::open(location, EventStore::Access::ReadWrite, &error);
        if (!store) {
            finish({}, tr("Cannot open the store for writing: %1").arg(error), false);
            return;
        }
        const std::unique_ptr<Projection> projection = createStandardProjection(name);
        ProjectionRunner runner(*store, *projection, options);
        QElapsedTimer sinceReport;
        sinceReport.start();
        const ProjectionRunner::Progress result = runner.rebuild(
            BulkBatchSize, storeClock(*store), [&](const ProjectionRunner::Progress &step) {
                if (sinceReport.elapsed() >= ReportIntervalMs) {
                    sinceReport.restart();
                    QMetaObject::invokeMethod(
                        this, [this, step] { rebuildProgressed(step); }, Qt::QueuedConnection);
                }
                return !QThread::currentThread()->isInterruptionRequested();
            });
        finish(result, result.error, QThread::currentThread()->isInterruptionRequested());
    });
    startWriter(thread);
}

void ProjectionsTab::rebuildProgressed(const ProjectionRunner::Progress &step)
{
    const qint64 rate = eventsPerSecond(step.checkpoint, step.elapsedMs);
    m_progress->setValue(step.head > 0 ? int(step.checkpoint * 100 / step.head) : 100);
    m_rate->setText(tr("Events/s: %1").arg(number(rate)));
    m_eta->setText(rate > 0 ? tr("ETA: %1").arg(
                       formatDuration((step.head - step.checkpoint + rate - 1) / rate))
                            : tr("ETA: -"));
}

void ProjectionsTab::rebuildFinished(const ProjectionRunner::Progress &progress,
                                     const QString &error, bool stopped)
{
    QString message;
    if (!error.isEmpty()) {
        message = tr("The rebuild failed: %1").arg(error);
    } else {
        rebuildProgressed(progress);
        m_eta->setText(tr("ETA: done"));
        const QString seconds = QLocale().toString(double(progress.elapsedMs) / 1000.0, 'f', 1);
        if (stopped)
            message = tr("Stopped at checkpoint %1 of %2; catch-up goes on from there.")
                          .arg(number(progress.checkpoint), number(progress.head));
        else if (progress.isHalted())
            message
                = tr("Halted at event %1: %2").arg(number(progress.haltedAt), progress.haltReason);
        else
            message = tr("Rebuilt to checkpoint %1 of %2 in %3 s: %4 events applied, %5 parked.")
                          .arg(number(progress.checkpoint), number(progress.head), seconds,
                               number(progress.applied), number(progress.parked));
    }
    m_writeNote->setText(message);
    m_lastWriteMessage = message;
}

} // namespace eslab
