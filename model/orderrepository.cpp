#include "model/orderrepository.h"

#include "model/eventstore.h"
#include "model/snapshotstore.h"

using namespace Qt::StringLiterals;

namespace eslab {

LoadedOrder OrderRepository::load(const QString &streamId, qint64 version, bool useSnapshots)
{
    LoadedOrder loaded;
    OrderState state;
    if (useSnapshots) {
        SnapshotStore::Found found = m_snapshots.latest(streamId, version);
        if (!found.error.isEmpty()) {
            loaded.error = found.error;
            return loaded;
        }
        loaded.snapshotsIgnored = found.ignored;
        if (found.state) {
            state = std::move(*found.state);
            loaded.snapshotVersion = state.version;
        }
    }
    const QList<RecordedEvent> tail = m_store.readStream(streamId, state.version + 1, version);
    if (!m_store.errorString().isEmpty()) {
        loaded.error = m_store.errorString();
        return loaded;
    }
    for (const RecordedEvent &recorded : tail) {
        const DecodedEvent decoded = recorded.decode();
        if (!decoded.event) {
            loaded.error = u"%1 version %2 (%3): %4"_s.arg(streamId)
                               .arg(recorded.streamVersion)
                               .arg(recorded.eventType, decoded.error);
            return loaded;
        }
        Order::evolve(state, *decoded.event);
        loaded.upcastEvents += decoded.upcast ? 1 : 0;
        ++loaded.eventsReplayed;
    }
    loaded.order = Order(std::move(state));
    return loaded;
}

} // namespace eslab
