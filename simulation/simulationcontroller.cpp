#include "simulation/simulationcontroller.h"

#include "simulation/simulationworker.h"

namespace eslab {

SimulationController::SimulationController(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<eslab::RunProgress>();
    qRegisterMetaType<eslab::Scenario>();
    m_thread.setObjectName(QStringLiteral("eslab-simulation"));
    m_worker = new SimulationWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    connect(this, &SimulationController::startRequested, m_worker, &SimulationWorker::start);
    connect(this, &SimulationController::pauseRequested, m_worker, &SimulationWorker::pause);
    connect(this, &SimulationController::resumeRequested, m_worker, &SimulationWorker::resume);
    connect(this, &SimulationController::stepRequested, m_worker, &SimulationWorker::step);
    connect(this, &SimulationController::resetRequested, m_worker, &SimulationWorker::reset);
    connect(this, &SimulationController::speedRequested, m_worker, &SimulationWorker::setSpeed);

    connect(m_worker, &SimulationWorker::started, this, [this](const QString &runId) {
        setState(State::Running);
        emit started(runId);
    });
    connect(m_worker, &SimulationWorker::progressed, this, &SimulationController::progressed);
    connect(m_worker, &SimulationWorker::paused, this, [this] {
        // A reset also reports "paused": after it there is no run to resume.
        setState(m_state == State::Idle ? State::Idle : State::Paused);
    });
    connect(m_worker, &SimulationWorker::resumed, this, [this] { setState(State::Running); });
    connect(m_worker, &SimulationWorker::finished, this, [this](const QJsonObject &report) {
        setState(State::Finished);
        emit finished(report);
    });
    connect(m_worker, &SimulationWorker::failed, this, [this](const QString &message) {
        setState(State::Failed);
        emit failed(message);
    });
    m_thread.start();
}

SimulationController::~SimulationController()
{
    m_thread.requestInterruption();
    // The worker's slice loop yields to the event loop often, so quit() is seen promptly; the
    // worker is deleted on its own thread when the loop ends.
    m_thread.quit();
    m_thread.wait();
}

void SimulationController::start(const Scenario &scenario, const QString &storeLocation,
                                 bool startPaused)
{
    emit startRequested(scenario, storeLocation, startPaused, m_speed);
}

void SimulationController::pause()
{
    if (m_state == State::Running)
        emit pauseRequested();
}

void SimulationController::resume()
{
    if (m_state == State::Paused)
        emit resumeRequested();
}

void SimulationController::step()
{
    if (isActive())
        emit stepRequested();
}

void SimulationController::reset()
{
    if (m_state == State::Idle)
        return;
    setState(State::Idle);
    emit resetRequested();
}

void SimulationController::setSpeed(double speed)
{
    m_speed = speed;
    emit speedRequested(speed);
}

void SimulationController::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace eslab
