#pragma once

#include "simulation/runreport.h"
#include "simulation/scenario.h"

#include <QJsonObject>
#include <QMap>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>

namespace eslab {

class SimulationWorker;

// What the window learns of a running simulation, sent at most every ProgressIntervalMs: totals
// so far, and the lag samples taken since the previous batch.
struct RunProgress
{
    QString runId;
    QString storeLocation;
    qint64 simulatedMs = 0;
    qint64 events = 0; // appended by this run
    qint64 head = 0; // the store's head position
    qint64 orderCount = 0; // orders the run will place
    qint64 ordersFinished = 0;
    QMap<QString, qint64> ordersByStatus; // finished and open, by status
    QMap<QString, qint64> failures;
    QMap<QString, QList<LagSample>> newLagSamples; // per projection, since the previous batch
    qint64 wallMs = 0;
};

// Runs simulations on a worker thread that owns its own store connection, and reports to the
// thread that created it (the GUI) with signals carrying values, batched at a bounded rate.
// Commands are slots; the controller never blocks its thread on the store. One run at a time:
// start() while a run is active first stops it. Owned by the window; lives on the GUI thread.
class SimulationController : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulationController)
public:
    enum class State { Idle, Running, Paused, Finished, Failed };
    Q_ENUM(State)

    static constexpr int ProgressIntervalMs = 100;

    explicit SimulationController(QObject *parent = nullptr);
    ~SimulationController() override;

    State state() const { return m_state; }
    bool isActive() const { return m_state == State::Running || m_state == State::Paused; }
    double speed() const { return m_speed; }

public slots:
    // Starts a new run of `scenario` on the store at `storeLocation` (created when missing).
    // With `startPaused`, the run waits for step() or resume().
    void start(const eslab::Scenario &scenario, const QString &storeLocation,
               bool startPaused = false);
    void pause();
    void resume();
    // Runs until the next event is appended, then pauses.
    void step();
    // Stops the run; what it committed stays in the store. The next start() adds a new run.
    void reset();
    // Simulated seconds per wall second; 0 runs as fast as possible.
    void setSpeed(double speed);

signals:
    void started(const QString &runId);
    void progressed(const eslab::RunProgress &progress);
    void stateChanged(eslab::SimulationController::State state);
    // The run ended and its projections caught up; `report` is the run report of DESIGN 6.
    void finished(const QJsonObject &report);
    void failed(const QString &message);

    // To the worker (queued across the thread boundary).
    void startRequested(const eslab::Scenario &scenario, const QString &storeLocation,
                        bool startPaused, double speed);
    void pauseRequested();
    void resumeRequested();
    void stepRequested();
    void resetRequested();
    void speedRequested(double speed);

private:
    void setState(State state);

    QThread m_thread;
    SimulationWorker *m_worker = nullptr; // lives on m_thread, deleted when it finishes
    State m_state = State::Idle;
    double m_speed = 0;
};

} // namespace eslab

Q_DECLARE_METATYPE(eslab::RunProgress)
Q_DECLARE_METATYPE(eslab::Scenario)
