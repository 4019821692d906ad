#pragma once

#include <QWidget>

namespace eslab {

class SimulationController;
class StoreReader;

// The event stream tab: the global event table over the store, filters, payload and metadata
// JSON, a timeline with snapshot markers, and a live tail.
class EventStreamTab : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventStreamTab)
public:
    EventStreamTab(StoreReader *reader, SimulationController *controller,
                   QWidget *parent = nullptr);

public slots:
    void refresh();
};

} // namespace eslab
