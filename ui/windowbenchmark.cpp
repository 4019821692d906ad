#include "ui/windowbenchmark.h"

#include "simulation/scenario.h"
#include "simulation/simulationcontroller.h"
#include "ui/benchmark.h"
#include "ui/benchmarkreport.h"
#include "ui/chartview.h"
#include "ui/eventstreammodel.h"
#include "ui/eventstreamtab.h"
#include "ui/mainwindow.h"
#include "ui/rowwindowmodel.h"
#include "ui/storereader.h"

#include <QApplication>
#include <QChart>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QKeyEvent>
#include <QLineSeries>
#include <QLocale>
#include <QSettings>
#include <QTableView>
#include <QTimer>
#include <QValueAxis>
#include <QWindow>

#include <algorithm>
#include <memory>
#include <random>
#include <vector>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

constexpr int PaintTimeoutMs = 120'000;
constexpr int ProbeIntervalMs = 5;
constexpr int RunTimeoutMs = 300'000;
constexpr int ChartPoints = 1'000'000;
constexpr int ChartRepaints = 15;
constexpr int ChartUpdates = 5;

// Runs an event loop (not a busy loop: a run's worker thread needs the other core) until `done`
// holds, `timeoutMs` passes or `stop` says so; checks every `pollMs`. True when `done` held.
bool waitUntil(const std::function<bool()> &done, int timeoutMs, const std::function<bool()> &stop,
               int pollMs = 1)
{
    if (done())
        return true;
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    poll.setInterval(pollMs);
    bool held = false;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) {
            held = true;
            loop.quit();
        } else if (clock.elapsed() > timeoutMs || stop()) {
            loop.quit();
        }
    });
    poll.start();
    loop.exec();
    return held;
}

// Watches a viewport's paint events and notes when the first paint whose rows are all cached
// (`ready`) ends. The paint is delivered from inside the filter, so that the time taken is the
// end of that paint, not its start.
class PaintWatcher : public QObject
{
public:
    PaintWatcher(QWidget *viewport, std::function<bool()> ready)
        : m_ready(std::move(ready))
    {
        viewport->installEventFilter(this);
    }

    // Starts waiting for a paint with data; times are read on `clock`.
    void arm(const QElapsedTimer *clock)
    {
        m_clock = clock;
        m_paintedNs = -1;
        m_paintsWithoutData = 0;
    }
    bool hasPainted() const { return m_paintedNs >= 0; }
    qint64 paintedNs() const { return m_paintedNs; }
    int paintsWithoutData() const { return m_paintsWithoutData; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Paint || m_delivering || !m_clock || hasPainted())
            return false;
        if (!m_ready()) {
            ++m_paintsWithoutData;
            return false;
        }
        m_delivering = true;
        QCoreApplication::sendEvent(watched, event);
        m_delivering = false;
        m_paintedNs = m_clock->nsecsElapsed();
        return true;
    }

private:
    std::function<bool()> m_ready;
    const QElapsedTimer *m_clock = nullptr;
    qint64 m_paintedNs = -1;
    int m_paintsWithoutData = 0;
    bool m_delivering = false;
};

// The rows of the event stream the table shows now, first and last; (-1, -1) when it shows none.
// The table's rows are a window of the stream's.
std::pair<int, int> visibleRows(QTableView *table, const RowWindowModel *window)
{
    const int rows = table->model()->rowCount();
    if (rows == 0)
        return { -1, -1 };
    const int first = table->rowAt(0);
    if (first < 0)
        return { -1, -1 };
    int last = table->rowAt(table->viewport()->height() - 1);
    if (last < 0)
        last = rows - 1;
    return { window->mapToSource(first), window->mapToSource(last) };
}

bool rowsCached(EventStreamModel *model, std::pair<int, int> rows)
{
    return rows.first >= 0 && model->eventAt(rows.first) && model->eventAt(rows.second);
}

// Waits until every read posted to `reader` before this call has run, in both lanes.
bool waitForReader(StoreReader *reader, QObject *receiver, const std::function<bool()> &stop)
{
    int answered = 0;
    for (StoreReader::Lane lane : { StoreReader::Lane::View, StoreReader::Lane::Scan })
        reader->read<bool>(
            receiver, [](EventStore &) { return true; }, [&answered](bool) { ++answered; }, lane);
    return waitUntil([&] { return answered == 2; }, PaintTimeoutMs, stop, 5);
}

void sendKey(QWidget *widget, int key, Qt::KeyboardModifiers modifiers)
{
    QKeyEvent press(QEvent::KeyPress, key, modifiers);
    QCoreApplication::sendEvent(widget, &press);
    QKeyEvent release(QEvent::KeyRelease, key, modifiers);
    QCoreApplication::sendEvent(widget, &release);
}

} // namespace

WindowBenchmark::WindowBenchmark(Options options, std::function<void(const QString &)> progress,
                                 std::function<bool()> stop)
    : m_options(std::move(options))
    , m_progress(std::move(progress))
    , m_stop(std::move(stop))
{ }

void WindowBenchmark::run(BenchmarkReport &report)
{
    if (!qobject_cast<QApplication *>(QCoreApplication::instance())) {
        for (const QString &key : { u"window_first_page_ms"_s, u"window_last_row_ms"_s,
                                    u"gui_max_stall_ms"_s, u"chart_1m_repaint_ms"_s })
            report.setUnmeasured(key, u"no QApplication"_s);
        return;
    }
    // The window never reads or writes the user's settings.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_options.settingsPath);
    measureStore(report);
    if (!m_stop())
        measureChart(report);
}

void WindowBenchmark::measureStore(BenchmarkReport &report)
{
    const auto progress = [this](const QString &line) {
        if (m_progress)
            m_progress(line);
    };
    // A figure that cannot be taken leaves the ones after it without a window to take them in.
    const auto giveUp = [&report](const QString &reason) {
        for (const QString &key :
             { u"window_first_page_ms"_s, u"window_last_row_ms"_s, u"gui_max_stall_ms"_s }) {
            if (!report.figure(key) && !report.unmeasured().contains(key))
                report.setUnmeasured(key, reason);
        }
    };
    progress(u"window: opening the store"_s);
    QElapsedTimer clock;
    clock.start();
    auto window = std::make_unique<MainWindow>(m_options.storePath);
    auto *tab = window->findChild<EventStreamTab *>();
    if (!tab) {
        giveUp(u"the window has no event stream tab"_s);
        return;
    }
    QTableView *table = tab->table();
    EventStreamModel *model = tab->model();
    // Follow would show the newest events first and keep their page cached; without it the
    // first page is page one, and the jump to the last row reads a page no one has read yet.
    if (auto *follow = tab->findChild<QCheckBox *>(u"follow"_s))
        follow->setChecked(false);
    const RowWindowModel *rows = tab->rowWindow();
    PaintWatcher watcher(table->viewport(),
                         [&] { return rowsCached(model, visibleRows(table, rows)); });
    watcher.arm(&clock);
    window->resize(1280, 800);
    window->showTab(MainWindow::Tab::Stream);
    window->show();
    if (!waitUntil([&] { return watcher.hasPainted(); }, PaintTimeoutMs, m_stop)) {
        giveUp(u"no page was painted with data within %1 s"_s.arg(PaintTimeoutMs / 1000));
        return;
    }
    report.setFigure(u"window_first_page_ms"_s, BenchmarkReport::msFromNs(watcher.paintedNs()));
    report.setFigure(u"window_store_events"_s, model->rowCount());

    // The jump is measured from a settled window: what the open asked of the reader is done.
    progress(u"window: jump to the last row"_s);
    if (!waitForReader(window->reader(), window.get(), m_stop)) {
        giveUp(u"the window's reads did not settle within %1 s"_s.arg(PaintTimeoutMs / 1000));
        return;
    }
    if (tab->currentRow() < 0)
        tab->selectRow(rows->mapToSource(std::max(0, table->rowAt(0))));
    waitUntil([] { return false; }, 200, m_stop, 20);
    const int lastRow = model->rowCount() - 1;
    PaintWatcher lastWatcher(table->viewport(), [&] {
        const auto shown = visibleRows(table, rows);
        return shown.second == lastRow && rowsCached(model, shown);
    });
    clock.restart();
    lastWatcher.arm(&clock);
    table->setFocus();
    sendKey(table, Qt::Key_End, Qt::ControlModifier);
    if (!waitUntil([&] { return lastWatcher.hasPainted(); }, PaintTimeoutMs, m_stop)) {
        report.setUnmeasured(
            u"window_last_row_ms"_s,
            u"the last row was not painted with data within %1 s"_s.arg(PaintTimeoutMs / 1000));
    } else {
        report.setFigure(u"window_last_row_ms"_s,
                         BenchmarkReport::msFromNs(lastWatcher.paintedNs()));
    }
    if (auto *follow = tab->findChild<QCheckBox *>(u"follow"_s))
        follow->setChecked(true);
    if (m_stop())
        return;

    // The event-loop latency probe: a timer that should fire every 5 ms; any longer gap is the
    // time the GUI thread was busy elsewhere.
    QString error;
    std::optional<Scenario> scenario = Benchmark::defaultScenario(&error);
    if (!scenario) {
        giveUp(error);
        return;
    }
    scenario->orders.count = m_options.runOrders;
    progress(u"window: a run of %1 orders, as fast as possible, probing the GUI thread"_s.arg(
        m_options.runOrders));
    SimulationController *controller = window->controller();
    bool ended = false;
    QString failure;
    QJsonObject runReport;
    QObject::connect(controller, &SimulationController::finished, window.get(),
                     [&](const QJsonObject &finished) {
                         runReport = finished;
                         ended = true;
                     });
    QObject::connect(controller, &SimulationController::failed, window.get(),
                     [&](const QString &message) {
                         failure = message;
                         ended = true;
                     });
    QElapsedTimer probeClock;
    qint64 lastTickNs = 0;
    qint64 maxGapNs = 0;
    qint64 ticks = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(ProbeIntervalMs);
    QObject::connect(&probe, &QTimer::timeout, &probe, [&] {
        const qint64 now = probeClock.nsecsElapsed();
        maxGapNs = std::max(maxGapNs, now - lastTickNs);
        lastTickNs = now;
        ++ticks;
    });
    probeClock.start();
    probe.start();
    controller->setSpeed(0);
    controller->start(*scenario, m_options.storePath);
    const bool finished = waitUntil([&] { return ended; }, RunTimeoutMs, m_stop, 50);
    probe.stop();
    // The gap to the end counts too: the probe runs until the run has ended.
    maxGapNs = std::max(maxGapNs, probeClock.nsecsElapsed() - lastTickNs);
    if (!finished) {
        controller->reset();
        waitUntil([&] { return !controller->isActive(); }, 30'000, [] { return false; }, 20);
    }
    if (!failure.isEmpty()) {
        report.setUnmeasured(u"gui_max_stall_ms"_s, u"the run in the window failed: "_s + failure);
    } else if (ticks < 2) {
        report.setUnmeasured(u"gui_max_stall_ms"_s, u"the probe never ran"_s);
    } else {
        report.setFigure(u"gui_max_stall_ms"_s,
                         std::max(0.0, BenchmarkReport::msFromNs(maxGapNs) - ProbeIntervalMs));
        if (finished) {
            const double events = runReport.value(u"events"_s).toDouble();
            report.setFigure(u"gui_stall_run_events"_s, events);
            if (const double wallMs = runReport.value(u"wall_ms"_s).toDouble(); wallMs > 0)
                report.setFigure(u"gui_stall_run_events_per_s"_s, events * 1000.0 / wallMs);
        }
    }
    window->close();
}

void WindowBenchmark::measureChart(BenchmarkReport &report)
{
    if (m_progress)
        m_progress(
            u"window: a chart of %1 points"_s.arg(QLocale(QLocale::English).toString(ChartPoints)));
    auto *chart = new QChart;
    auto *series = new QLineSeries;
    chart->addSeries(series);
    auto *xAxis = new QValueAxis;
    auto *yAxis = new QValueAxis;
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);
    series->attachAxis(xAxis);
    series->attachAxis(yAxis);
    chart->legend()->hide();
    ChartView view(chart);
    view.resize(1280, 400);
    view.show();
    if (!waitUntil([&] { return view.windowHandle() && view.windowHandle()->isExposed(); }, 10'000,
                   m_stop)) {
        report.setUnmeasured(u"chart_1m_repaint_ms"_s, u"the chart was never shown"_s);
        return;
    }

    // A random walk, like a lag series over a long run: spikes that the reduction must keep.
    QList<QPointF> points;
    points.reserve(ChartPoints);
    std::mt19937 random(42);
    std::uniform_int_distribution<int> step(-100, 100);
    double y = 0;
    double low = 0;
    double high = 0;
    for (int i = 0; i < ChartPoints; ++i) {
        y += step(random);
        low = std::min(low, y);
        high = std::max(high, y);
        points.append(QPointF(i, y));
    }
    xAxis->setRange(0, ChartPoints);
    yAxis->setRange(low, high);
    QCoreApplication::processEvents();
    // One point pair per pixel column of the plot, as the window's charts do.
    const int columns = std::max(100, int(chart->plotArea().width()));

    std::vector<double> reduceMs;
    QList<QPointF> reduced;
    for (int i = 0; i < ChartUpdates; ++i) {
        QElapsedTimer timer;
        timer.start();
        reduced = ChartView::reduceMinMax(points, columns);
        reduceMs.push_back(BenchmarkReport::msFromNs(timer.nsecsElapsed()));
    }
    report.setFigure(u"chart_points"_s, ChartPoints);
    report.setFigure(u"chart_reduced_points"_s, double(reduced.size()));
    report.setFigure(u"chart_reduce_ms"_s, BenchmarkReport::median(reduceMs));

    series->replace(reduced);
    QCoreApplication::processEvents();
    view.viewport()->repaint();
    std::vector<double> repaintMs;
    for (int i = 0; i < ChartRepaints; ++i) {
        QCoreApplication::processEvents();
        QElapsedTimer timer;
        timer.start();
        view.viewport()->repaint();
        repaintMs.push_back(BenchmarkReport::msFromNs(timer.nsecsElapsed()));
    }
    report.setFigure(u"chart_1m_repaint_ms"_s, BenchmarkReport::median(repaintMs));

    std::vector<double> updateMs;
    for (int i = 0; i < ChartUpdates; ++i) {
        QCoreApplication::processEvents();
        QElapsedTimer timer;
        timer.start();
        series->replace(ChartView::reduceMinMax(points, columns));
        view.viewport()->repaint();
        updateMs.push_back(BenchmarkReport::msFromNs(timer.nsecsElapsed()));
    }
    report.setFigure(u"chart_1m_update_ms"_s, BenchmarkReport::median(updateMs));

    if (m_stop())
        return;
    // For comparison, once: the same update without the reduction.
    QCoreApplication::processEvents();
    QElapsedTimer timer;
    timer.start();
    series->replace(points);
    view.viewport()->repaint();
    report.setFigure(u"chart_1m_unreduced_update_ms"_s,
                     BenchmarkReport::msFromNs(timer.nsecsElapsed()));
}

} // namespace eslab
