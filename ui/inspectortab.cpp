#include "ui/inspectortab.h"

// Being written.
namespace eslab {

InspectorTab::InspectorTab(StoreReader *, SimulationController *, QWidget *parent)
    : QWidget(parent)
{ }

void InspectorTab::refresh() { }

void InspectorTab::showOrder(const QString &, qint64) { }

} // namespace eslab
