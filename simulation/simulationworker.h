#pragma once

#include "simulation/simulationcontroller.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

namespace eslab {

class EventStore;
class Simulation;

// The SimulationController's worker: lives on the controller's thread, owns the store
// connection and the Simulation, and runs it in slices so that commands (pause, step, reset,
// speed) are handled between slices. Only the controller creates it; only its thread calls it.
class SimulationWorker : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulationWorker)
public:
    SimulationWorker();
    ~SimulationWorker() override;

public slots:
    void start(const eslab::Scenario &scenario, const QString &storeLocation, bool startPaused,
               double speed);
    void pause();
    void resume();
    void step();
    void reset();
    void setSpeed(double speed);

signals:
    void started(const QString &runId);
    void progressed(const eslab::RunProgress &progress);
    void paused();
    void resumed();
    void finished(const QJsonObject &report);
    void failed(const QString &message);

private:
    // Runs actions for a slice of wall time (or until paced time catches up), then yields.
    void runSlice();
    // The actions of one slice; returns early on a pause, a step done or the end of the run.
    void runActions();
    // Commits the run's open group of appends; a failure ends the run (failed()).
    bool commitAppends();
    void scheduleSlice(int delayMs = 0);
    bool advance(); // one action; false when the run ended or failed
    void finish();
    void fail(const QString &message);
    void emitProgress();
    void close();

    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<Simulation> m_simulation;
    QString m_storeLocation;
    QTimer m_sliceTimer;
    QElapsedTimer m_sinceProgress;
    QElapsedTimer m_paceClock; // wall time since the pace anchor
    qint64 m_paceAnchorSimulatedMs = 0;
    QMap<QString, qsizetype> m_lagSent; // lag samples already sent, per projection
    double m_speed = 0;
    bool m_paused = false;
    bool m_stepping = false;
    qint64 m_eventsBeforeStep = 0;
};

} // namespace eslab
