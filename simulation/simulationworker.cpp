#include "simulation/simulationworker.h"

#include "model/eventstore.h"
#include "simulation/simulation.h"

#include <QThread>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

// A slice runs this long before the worker returns to its event loop for commands.
constexpr qint64 SliceMs = 20;

} // namespace

// Parented, the timer moves to the worker's thread with it.
SimulationWorker::SimulationWorker()
    : m_sliceTimer(this)
{ }

SimulationWorker::~SimulationWorker()
{
    close();
}

void SimulationWorker::close()
{
    m_sliceTimer.stop();
    m_simulation.reset();
    m_store.reset();
    m_lagSent.clear();
}

void SimulationWorker::start(const Scenario &scenario, const QString &storeLocation,
                             bool startPaused, double speed)
{
    close();
    m_sliceTimer.setSingleShot(true);
    disconnect(&m_sliceTimer, nullptr, this, nullptr);
    connect(&m_sliceTimer, &QTimer::timeout, this, &SimulationWorker::runSlice);

    QString error;
    m_store = EventStore::open(storeLocation, EventStore::Access::ReadWriteCreate, &error);
    if (!m_store) {
        fail(error);
        return;
    }
    m_storeLocation = storeLocation;
    m_simulation = std::make_unique<Simulation>(scenario, *m_store);
    if (!m_simulation->start()) {
        fail(m_simulation->errorString());
        return;
    }
    m_speed = speed;
    m_paused = startPaused;
    m_stepping = false;
    m_paceClock.start();
    m_paceAnchorSimulatedMs = 0;
    m_sinceProgress.start();
    emit started(m_simulation->runId());
    emitProgress();
    if (m_paused)
        emit paused();
    else
        scheduleSlice();
}

void SimulationWorker::pause()
{
    if (!m_simulation || m_paused)
        return;
    m_paused = true;
    m_stepping = false;
    m_sliceTimer.stop();
    emitProgress();
    emit paused();
}

void SimulationWorker::resume()
{
    if (!m_simulation || !m_paused)
        return;
    m_paused = false;
    m_stepping = false;
    // Pacing starts again from here: no rush to make up for the pause.
    m_paceClock.restart();
    m_paceAnchorSimulatedMs = m_simulation->now();
    emit resumed();
    scheduleSlice();
}

void SimulationWorker::step()
{
    if (!m_simulation)
        return;
    m_paused = true;
    m_stepping = true;
    m_eventsBeforeStep = m_simulation->eventsAppended();
    scheduleSlice();
}

void SimulationWorker::reset()
{
    if (!m_simulation)
        return;
    close();
    emit paused();
}

void SimulationWorker::setSpeed(double speed)
{
    m_speed = speed;
    if (m_simulation) {
        m_paceClock.restart();
        m_paceAnchorSimulatedMs = m_simulation->now();
    }
}

void SimulationWorker::scheduleSlice(int delayMs)
{
    m_sliceTimer.start(delayMs);
}

bool SimulationWorker::advance()
{
    if (m_simulation->step())
        return true;
    if (m_simulation->isFinished())
        finish();
    else
        fail(m_simulation->errorString());
    return false;
}

void SimulationWorker::runSlice()
{
    if (!m_simulation)
        return;
    runActions();
    // The slice's appends are for the views to see.
    if (m_simulation)
        commitAppends();
}

bool SimulationWorker::commitAppends()
{
    if (m_simulation->commit())
        return true;
    fail(m_simulation->errorString());
    return false;
}

void SimulationWorker::runActions()
{
    QElapsedTimer slice;
    slice.start();
    while (slice.elapsed() < SliceMs) {
        if (m_stepping) {
            if (!advance())
                return;
            if (m_simulation->eventsAppended() > m_eventsBeforeStep) {
                m_stepping = false;
                if (!commitAppends())
                    return;
                emitProgress();
                emit paused();
                return;
            }
            continue;
        }
        if (m_paused)
            return;
        if (m_speed > 0) {
            // Paced: simulated time may not run ahead of the wall clock times the speed.
            const qint64 allowedMs
                = m_paceAnchorSimulatedMs + qint64(double(m_paceClock.elapsed()) * m_speed);
            if (m_simulation->now() > allowedMs) {
                const qint64 waitMs = qint64(double(m_simulation->now() - allowedMs) / m_speed) + 1;
                if (!commitAppends())
                    return;
                if (m_sinceProgress.elapsed() >= SimulationController::ProgressIntervalMs)
                    emitProgress();
                scheduleSlice(
                    int(std::min<qint64>(waitMs, SimulationController::ProgressIntervalMs)));
                return;
            }
        }
        if (!advance())
            return;
        if (m_sinceProgress.elapsed() >= SimulationController::ProgressIntervalMs) {
            if (!commitAppends())
                return;
            emitProgress();
        }
    }
    scheduleSlice();
}

void SimulationWorker::finish()
{
    if (!m_simulation->catchUpProjections()) {
        fail(m_simulation->errorString());
        return;
    }
    emitProgress();
    const QJsonObject report = m_simulation->report().toJson();
    close();
    emit finished(report);
}

void SimulationWorker::fail(const QString &message)
{
    close();
    emit failed(message);
}

void SimulationWorker::emitProgress()
{
    if (!m_simulation)
        return;
    const RunReport &report = m_simulation->report();
    RunProgress progress;
    progress.runId = report.runId;
    progress.storeLocation = m_storeLocation;
    progress.simulatedMs = report.simulatedMs;
    progress.events = report.events;
    progress.head = m_store->headPosition();
    progress.orderCount = report.orderCount;
    progress.ordersByStatus = report.ordersByStatus;
    for (qint64 finished : report.ordersByStatus)
        progress.ordersFinished += finished;
    for (auto it = report.openOrdersByStatus.cbegin(); it != report.openOrdersByStatus.cend(); ++it)
        progress.ordersByStatus[it.key()] += it.value();
    progress.failures = report.failures;
    for (auto it = report.lag.cbegin(); it != report.lag.cend(); ++it) {
        qsizetype &sent = m_lagSent[it.key()];
        progress.newLagSamples.insert(it.key(), it.value().mid(sent));
        sent = it.value().size();
    }
    progress.wallMs = report.wallMs;
    m_sinceProgress.restart();
    emit progressed(progress);
}

} // namespace eslab
