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

// How a projector treats a handler that fails on an event, and where it writes its checkpoint:
// the scenario's `projections` group.
struct ProjectionOptions
{
    enum class FailurePolicy {
        Stop,  // halt before the failing event and say where (the checkpoint stays before it)
        Skip,  // park the event (parked_events, with the reason) and go on
        Retry, // try it again, retryAttempts attempts in all, then park it
    };
    enum class CheckpointMode {
        SameTransaction, // the checkpoint commits with the read-model writes: a crash loses both
        Separate,        // the read model commits first, the checkpoint after: a crash between
                         // them delivers the batch again
    };
    FailurePolicy failurePolicy = FailurePolicy::Skip;
    int retryAttempts = 3;
    CheckpointMode checkpointMode = CheckpointMode::SameTransaction;
    // An idempotent projection ignores an event its read-model row has already applied; a
    // non-idempotent one applies a redelivered event again (the damage `verify` catches).
    bool idempotent = true;
    // The handler bug of DESIGN section 5: a handler fails on a poison OrderNoteAdded. Off when
    // the bug is "fixed" (replay-parked --handler-fixed): a poison note is then a plain note.
    bool poisonFails = true;
};

// Faults the simulation injects into one poll.
struct PollFaults
{
    // At-least-once delivery: deliver this many already-applied events again, before new ones.
    qint64 redeliver = 0;
    // The projector crashes after writing the read model and before writing the checkpoint.
    bool crashBeforeCheckpoint = false;
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

        qint64 redelivered = 0; // events delivered again: PollFaults::redeliver, or after a
                                // crash that lost the checkpoint (Separate)
        qint64 duplicatesIgnored = 0; // of those, the ones an idempotent projection ignored
        qint64 parked = 0; // events parked by this call
        qint64 retried = 0; // failed attempts that were tried again (Retry)
        bool crashed = false; // PollFaults::crashBeforeCheckpoint happened
        qint64 haltedAt = 0; // Stop: the position of the event it halted on; 0 when not halted
        QString haltReason;

        bool isOk() const { return error.isEmpty(); }
    };
    // Called after each committed batch with the call's progress so far (events applied since
    // the call started, the checkpoint now, the head it works towards); return false to stop.
    using BatchCallback = std::function<bool(const Progress &)>;

    ProjectionRunner(EventStore &store, Projection &projection, ProjectionOptions options = {});

    Projection &projection() const { return m_projection; }

    // The stored checkpoint (0 when the projection has none yet), or -1 on error.
    qint64 checkpoint();
    ProjectionLag lag(qint64 now);
    // How many of the projection's events are parked (in `parked_events`), or -1 on error.
    qint64 parkedCount(QString *error);

    // One poll: applies up to batchSize events after the checkpoint in one write transaction.
    // An event the handler fails on is treated by the failure policy; a Stop halt is a result
    // (haltedAt), not an error. With faults, the poll suffers them first.
    Progress poll(int batchSize, qint64 now, const PollFaults &faults = {});
    // Polls until the checkpoint reaches the head as it was when the call started.
    Progress catchUp(int batchSize, qint64 now, const BatchCallback &onBatch = {});
    // Clears the read model and the checkpoint in one transaction, then catches up from zero.
    Progress rebuild(int batchSize, qint64 now, const BatchCallback &onBatch = {});

private:
    qint64 readCheckpoint(QString *error);
    bool writeCheckpoint(qint64 position, qint64 now, QString *error);

    EventStore &m_store;
    Projection &m_projection;
    ProjectionOptions m_options;
};

} // namespace eslab
