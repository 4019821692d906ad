#pragma once

#include "model/projection.h"

#include <QList>
#include <QSet>
#include <QString>

#include <functional>

namespace eslab {

class EventStore;

// One row of `parked_events`, with the event's stream and type.
struct ParkedEvent
{
    QString projection;
    qint64 position = 0; // the event's global_position
    QString streamId;
    QString eventType;
    int attempts = 0; // how often the handler has failed on it
    QString reason; // why it failed the last time
    qint64 parkedAt = 0; // the simulated clock when it was parked
};

// The events a projector parked (failure policies `skip` and `retry`): listed, and replayed
// into their read model one at a time once the handler is fixed.
//
// A replay applies the one event to its read model with ApplyMode::Replay (a parked event was
// never applied, so the idempotency check is bypassed) and deletes its row in the same
// transaction; when the handler fails again, the row stays with attempts + 1 and the new reason.
// Borrows the store; same thread rules as the store. Listing only reads; replaying writes, each
// event in its own write transaction, so call it when the store has none open.
class ParkedEvents
{
public:
    struct ReplayOutcome
    {
        ParkedEvent event; // as it was before the replay
        bool replayed = false; // applied and no longer parked; otherwise it failed again
        QString error; // why the handler failed again
    };
    struct ReplayReport
    {
        QList<ReplayOutcome> outcomes; // in the order replayed
        qint64 replayed = 0;
        qint64 failed = 0; // failed again and still parked
        qint64 remaining = 0; // parked events of the replayed projection(s) after the replay
        QString error; // a store failure stopped the replay; the outcomes so far are committed
        bool isOk() const { return error.isEmpty(); }
    };
    // Called after each replayed event; return false to stop.
    using ReplayCallback = std::function<bool(const ReplayOutcome &)>;

    explicit ParkedEvents(EventStore &store)
        : m_store(store)
    { }

    QString errorString() const { return m_error; }

    // The parked events of `projection` (every projection when empty), in position order, at
    // most `limit` of them (every one when negative). Empty with errorString() on failure.
    QList<ParkedEvent> list(const QString &projection = {}, qint64 limit = -1);
    // The positions parked for `projection`; empty with errorString() on failure.
    QSet<qint64> positions(const QString &projection);

    // Replays the parked events of `projection` (every standard projection when empty), in
    // position order, at most `limit` of them (every one when negative). `options` decides
    // whether the handler still fails on poison notes (poisonFails).
    ReplayReport replay(const QString &projection, const ProjectionOptions &options, qint64 limit,
                        const ReplayCallback &onEvent = {});

private:
    EventStore &m_store;
    QString m_error;
};

} // namespace eslab
