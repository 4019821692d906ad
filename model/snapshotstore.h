#pragma once

#include "model/order.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <limits>
#include <optional>

namespace eslab {

class EventStore;

// One row of the `snapshots` table.
struct Snapshot
{
    QString streamId;
    qint64 streamVersion = 0;
    int schemaVersion = 0;
    QByteArray state; // the OrderState JSON
    qint64 takenAt = 0;
};

// Reads and writes order snapshots in the store's `snapshots` table through the EventStore's
// connection (so a snapshot can share a transaction with appends). A snapshot whose
// schema_version is not CurrentSchemaVersion, or whose state does not parse, is never trusted:
// it is skipped and counted. Same thread rules as the EventStore it wraps; it does not own it.
class SnapshotStore
{
public:
    static constexpr int CurrentSchemaVersion = 1;

    explicit SnapshotStore(EventStore &store)
        : m_store(store)
    { }

    // Writes the state at its version; returns the bytes written, or -1 on error (errorString()).
    qint64 save(const QString &streamId, const OrderState &state, qint64 takenAt);

    struct Found
    {
        std::optional<OrderState> state; // the newest usable snapshot, if any
        int ignored = 0; // newer ones skipped: old schema or unreadable
        QString error; // the store failed
    };
    // The newest usable snapshot of the stream at or below `atOrBelowVersion`.
    Found latest(const QString &streamId,
                 qint64 atOrBelowVersion = std::numeric_limits<qint64>::max());

    // Up to `limit` snapshots after (streamId, streamVersion) in key order: one page.
    QList<Snapshot> page(const QString &afterStreamId, qint64 afterVersion, int limit);
    qint64 count();
    QString errorString() const { return m_error; }

    // The state a snapshot row holds, when it is usable.
    static std::optional<OrderState> usableState(const Snapshot &snapshot);

private:
    EventStore &m_store;
    QString m_error;
};

} // namespace eslab
