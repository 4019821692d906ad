#pragma once

#include <QWidget>

namespace eslab {

class SimulationController;
class StoreReader;

// The projections tab: head, checkpoint and lag of each projection, live; lag over time;
// parked events with replay; rebuild from zero with progress.
class ProjectionsTab : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProjectionsTab)
public:
    ProjectionsTab(StoreReader *reader, SimulationController *controller,
                   QWidget *parent = nullptr);

public slots:
    void refresh();
};

} // namespace eslab
