#pragma once

#include "simulation/scenario.h"

#include <QWidget>

namespace eslab {

class SimulationController;
class StoreReader;

// The snapshot study tab: runs the sweep from the window and charts its rows side by side.
class SnapshotStudyTab : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SnapshotStudyTab)
public:
    explicit SnapshotStudyTab(QWidget *parent = nullptr);

public slots:
    void setScenario(const eslab::Scenario &scenario);
    // Runs the sweep on a worker thread; sweepFinished() when done.
    void runSweep();

signals:
    void sweepFinished();
};

} // namespace eslab
