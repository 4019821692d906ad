#pragma once

#include <QString>

#include <functional>

namespace eslab {

class EventStore;
class Projection;

// Where a projection stands against the head of the store.
struct ProjectionLag
{
    qint64 head = 0;
    qint64 checkpoint = 0;
    qint64 lagEvents = 0; // head - checkpoint
    qint64 lagMs = 0; // now - recorded_at of the oldest unprocessed event; 0 when caught up
    QString error;
};

// Runs one projection over the store: reads events after its checkpoint in batches, applies
// them, and writes the new checkpoint in the same transaction as the read-model writes, so a
// crash never applies a batch twice. Each call opens its own write transaction, so call it when
// the store has none open. Borrows the store and the projection; same thread rules as the store.
class ProjectionRunner
{
public:
    struct Progress
    {
        qint64 applied = 0; // events applied by this call
        qint64 checkpoint = 0; // the checkpoint after it
        qint64 head = 0; // the head it was working towards
        QString error; // non-empty when a batch could not be applied (nothing committed)

        bool isOk() const { return error.isEmpty(); }
    };
    // Called after each committed batch with the call's progress so far (events applied since
    // the call started, the checkpoint now, the head it works towards); return false to stop.
    using BatchCallback = std::function<bool(const Progress &)>;

    ProjectionRunner(EventStore &store, Projection &projection)
        : m_store(store)
        , m_projection(projection)
    { }

    Projection &projection() const { return m_projection; }

    // The stored checkpoint (0 when the projection has none yet), or -1 on error.
    qint64 checkpoint();
    ProjectionLag lag(qint64 now);
    // How many of the projection's events are parked (in `parked_events`), or -1 on error.
    qint64 parkedCount(QString *error);

    // One poll: applies up to batchSize events after the checkpoint in one write transaction.
    Progress poll(int batchSize, qint64 now);
    // Polls until the checkpoint reaches the head as it was when the call started.
    Progress catchUp(int batchSize, qint64 now, const BatchCallback &onBatch = {});
    // Clears the read model and the checkpoint in one transaction, then catches up from zero.
    Progress rebuild(int batchSize, qint64 now, const BatchCallback &onBatch = {});

private:
    qint64 readCheckpoint(QString *error);
    bool writeCheckpoint(qint64 position, qint64 now, QString *error);

    EventStore &m_store;
    Projection &m_projection;
};

} // namespace eslab
