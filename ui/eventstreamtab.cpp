#include "ui/eventstreamtab.h"

// Being written.
namespace eslab {

EventStreamTab::EventStreamTab(StoreReader *, SimulationController *, QWidget *parent)
    : QWidget(parent)
{ }

void EventStreamTab::refresh() { }

} // namespace eslab
