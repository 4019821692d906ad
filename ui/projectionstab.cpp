#include "ui/projectionstab.h"

// Being written.
namespace eslab {

ProjectionsTab::ProjectionsTab(StoreReader *, SimulationController *, QWidget *parent)
    : QWidget(parent)
{ }

void ProjectionsTab::refresh() { }

} // namespace eslab
