#include "ui/dashboardtab.h"

// Being written.
namespace eslab {

DashboardTab::DashboardTab(StoreReader *, SimulationController *, QWidget *parent)
    : QWidget(parent)
{ }

void DashboardTab::refresh() { }

} // namespace eslab
