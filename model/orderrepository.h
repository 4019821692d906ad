#pragma once

#include "model/order.h"

#include <QString>

#include <limits>

namespace eslab {

class EventStore;
class SnapshotStore;

// An order as loaded from the store, with how it was loaded.
struct LoadedOrder
{
    Order order;
    qint64 snapshotVersion = 0; // the version of the snapshot used, 0 for none
    int eventsReplayed = 0; // events folded after the snapshot
    int upcastEvents = 0; // replayed events stored in an older schema
    int snapshotsIgnored = 0; // newer snapshots skipped as unusable
    QString error; // non-empty when the order could not be loaded

    bool isLoaded() const { return error.isEmpty(); }
};

// Loads orders: the newest usable snapshot at or below the wanted version plus the events after
// it. Wraps a store and a snapshot store it does not own; same thread rules as the store.
class OrderRepository
{
public:
    static constexpr qint64 Latest = std::numeric_limits<qint64>::max();

    OrderRepository(EventStore &store, SnapshotStore &snapshots)
        : m_store(store)
        , m_snapshots(snapshots)
    { }

    // The order at `version` (its latest when Latest or above its length). A stream with no
    // events loads as an empty order at version 0.
    LoadedOrder load(const QString &streamId, qint64 version = Latest, bool useSnapshots = true);

private:
    EventStore &m_store;
    SnapshotStore &m_snapshots;
};

} // namespace eslab
