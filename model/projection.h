#pragma once

#include "model/recordedevent.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace eslab {

class EventStore;

// A read model built from the global stream. The ProjectionRunner calls it inside a write
// transaction on the store's connection and writes the checkpoint in that same transaction.
// Implementations fold a batch in memory and write each touched row once per batch.
class Projection
{
public:
    virtual ~Projection() = default;

    // The projection's name: its row in `checkpoints` and its read-model table.
    virtual QString name() const = 0;
    // Applies events (in global order, all after the checkpoint) to the read model.
    [[nodiscard]] virtual bool apply(EventStore &store, const QList<RecordedEvent> &events,
                                     QString *error) = 0;
    // Removes every row of the read model (for a rebuild from zero).
    [[nodiscard]] virtual bool clear(EventStore &store, QString *error) = 0;
    // Folds the whole stream up to `position` afresh in memory and names every row of the stored
    // read model that differs from it ("order_summary order-000042: delivered is 100, a fresh
    // fold gives 150"). Empty when they agree. Meant for a caught-up projection.
    virtual QStringList differencesFromFreshFold(EventStore &store, qint64 position) = 0;
};

// The read models every store has: order_summary and service_stats.
std::vector<std::unique_ptr<Projection>> createStandardProjections();
QStringList standardProjectionNames();

} // namespace eslab
