#pragma once

#include <QWidget>

namespace eslab {

class SimulationController;
class StoreReader;

// The order inspector tab: one order's events, its state at any version, the snapshot used, a
// diff between versions, and stored beside upcast JSON.
class InspectorTab : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InspectorTab)
public:
    InspectorTab(StoreReader *reader, SimulationController *controller, QWidget *parent = nullptr);

public slots:
    void refresh();
    // Shows the order at `version` (-1: its latest).
    void showOrder(const QString &streamId, qint64 version = -1);
};

} // namespace eslab
