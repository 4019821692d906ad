#pragma once

#include <QWidget>

namespace eslab {

class SimulationController;
class StoreReader;

// The dashboard tab: events per second, orders by status over time (stacked), failures by kind.
class DashboardTab : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardTab)
public:
    DashboardTab(StoreReader *reader, SimulationController *controller, QWidget *parent = nullptr);

public slots:
    void refresh();
};

} // namespace eslab
