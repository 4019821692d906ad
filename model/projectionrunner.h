#pragma once

#include "model/eventstore.h"
#include "model/projection.h"

#include <QString>

#include <functional>
#include <optional>

namespace eslab {

// Where a projection stands against the head of the store.
struct ProjectionLag
{
    qint64 head = 0;
    qint64 checkpoint = 0;
    qint64 lagEvents = 0; // head - checkpoint
    qint64 lagMs = 0; // now - recorded_at of the oldest unprocessed event; 0 when caught up
    QString error;
};

// Where a `stop` failure policy halted a projection (`projection_halts`): it stays before this
// event until a poll gets past it.
struct ProjectionHalt
{
    qint64 position = 0; // the event the handler failed on
    QString reason;
    qint64 haltedAt = 0; // the simulated clock of the poll that halted
};

// Faults the simulation injects into one poll.
struct PollFaults
{
    // At-least-once delivery: deliver this many already-applied events again, before new ones.
    qint64 redeliver = 0;
    // The projector crashes after writing the read model and before writing the checkpoint.
    bool crashBeforeCheckpoint = false;
};

// Runs one projection over the store: reads events after its checkpoint in batches, hands them
// to the projection, treats an event the handler fails on by the failure policy (halt, park,
// retry), and writes the new checkpoint in the same transaction as the read-model writes
// (CheckpointMode::SameTransaction, so a crash never applies a batch twice) or in a second one
// right after (CheckpointMode::Separate). Parked events (`parked_events`) are never delivered
// again; ParkedEvents replays them.
//
// Invariants: the checkpoint never moves back, and never past an event a Stop halt is on; an
// event is parked in the transaction that moves the checkpoint past it (or, Separate, in the
// read-model transaction before it). The runner remembers the highest position it has handed
// over, so that events delivered again after a lost checkpoint are counted as redelivered.
//
// Each call opens its own write transaction(s), or inside an open one (a group commit) its own
// savepoints, and a poll inside an open one opens none when it has nothing to apply. While the
// store's write lock is held, the runner keeps its checkpoint and its highest parked position
// in memory (EventStore::writeEpoch): a run polls hundreds of times per group commit, a few
// events each. Buffered (setBuffered), it also holds the projection's rows and its checkpoint
// in memory until the transaction commits, and writes them then (or at a later commit, when
// told to hold them: setHoldsPastCommit). Borrows the store and the projection; same thread
// rules as the store.
class ProjectionRunner : private PendingWrites
{
    Q_DISABLE_COPY_MOVE(ProjectionRunner)
public:
    struct Progress
    {
        qint64 applied = 0; // events applied by this call
        qint64 checkpoint = 0; // the checkpoint after it
        qint64 head = 0; // the head it was working towards
        QString error; // non-empty when a batch could not be applied (nothing committed)

        qint64 redelivered = 0; // events delivered again: PollFaults::redeliver, or after a
                                // crash that lost the checkpoint (Separate)
        qint64 duplicatesIgnored = 0; // of those, the ones an idempotent projection ignored (or
                                      // that were parked); the rest were applied again
        qint64 parked = 0; // events parked by this call
        qint64 retried = 0; // failed attempts that were tried again (Retry)
        ProjectionLag lagBefore; // poll: where the projection stood when the poll began
        bool crashed = false; // PollFaults::crashBeforeCheckpoint happened; in SameTransaction
                              // mode everything else is rolled back and counts nothing
        qint64 haltedAt = 0; // Stop: the position of the event it halted on; 0 when not halted
        QString haltReason;
        qint64 elapsedMs = 0; // catchUp and rebuild: wall time since the call started

        bool isOk() const { return error.isEmpty(); }
        bool isHalted() const { return haltedAt > 0; }
    };
    // Called after each committed batch with the call's progress so far (events applied since
    // the call started, the checkpoint now, the head it works towards); return false to stop.
    using BatchCallback = std::function<bool(const Progress &)>;

    // The batch size of a rebuild from zero and of a long catch-up (eslab rebuild and
    // catch-up, the window's rebuild, the bench, the end of a run).
    // The simulation runs its orders side by side: in a long run, 1,000 consecutive events
    // touch nearly 1,000 orders, so that a small batch reads and writes a read-model row for
    // almost every event, and each commit rewrites most of the read model's pages. A batch this
    // large folds many events into each row it touches and commits twenty times per million
    // events; its events take a few tens of MB while it is applied.
    static constexpr int BulkBatchSize = 50000;

    ProjectionRunner(EventStore &store, Projection &projection, ProjectionOptions options = {});
    ~ProjectionRunner() override;

    // Buffered: the projection's rows (Projection::setBuffered) and the checkpoint a poll moves
    // stay in memory until the store commits the transaction the polls ran in, which writes
    // them first (EventStore::PendingWrites), or a later one (setHoldsPastCommit); a rollback
    // drops them, as does a write transaction that begins after another connection wrote. For
    // a run's projectors, which poll hundreds of times per group commit. Switch it only with
    // no transaction open.
    void setBuffered(bool buffered);
    // Buffered: whether the rows and the checkpoint stay held when the transaction commits,
    // to be written, together, by a later commit that does not hold them.
    void setHoldsPastCommit(bool holds) { m_holdsPastCommit = holds; }

    Projection &projection() const { return m_projection; }

    // The stored checkpoint (0 when the projection has none yet), or -1 on error.
    qint64 checkpoint();
    ProjectionLag lag(qint64 now);
    // How many of the projection's events are parked (in `parked_events`), or -1 on error.
    qint64 parkedCount(QString *error);
    // Where a Stop policy halted the projection, nullopt when it is not halted or on error
    // (`error` set).
    std::optional<ProjectionHalt> halt(QString *error);
    const ProjectionOptions &options() const { return m_options; }

    // One poll: delivers up to batchSize events after the checkpoint (after faults.redeliver
    // events before it) and applies them in one write transaction. When the handler fails on
    // event p, the events before p are applied and then: Stop halts with the checkpoint at p - 1
    // (haltedAt, and a `projection_halts` row, which a poll that does not halt clears); Skip
    // parks p and goes on; Retry tries p again, retryAttempts attempts in all, then parks it. A
    // halt is a result, not an error. With faults.crashBeforeCheckpoint the poll crashes after
    // the read-model writes: SameTransaction loses them with the checkpoint, Separate keeps them
    // and loses only the checkpoint. An error (a store failure) commits nothing.
    Progress poll(int batchSize, qint64 now, const PollFaults &faults = {});
    // The same, with the faults decided once the poll has read where the projection stands
    // (Progress::lagBefore, which the plan is given): one read serves both.
    using FaultPlan = std::function<PollFaults(const ProjectionLag &before)>;
    Progress poll(int batchSize, qint64 now, const FaultPlan &plan);
    // Polls until the checkpoint reaches the head as it was when the call started, or a Stop
    // policy halts, or the callback says stop. The counters add up over the polls. A catch-up
    // and a rebuild are bulk writes: they give the store's connection its large page cache
    // (EventStore::useLargePageCache).
    Progress catchUp(int batchSize, qint64 now, const BatchCallback &onBatch = {});
    // Clears the read model, the checkpoint, the projection's parked events and its halt in one
    // transaction, then catches up from zero with the runner's options.
    Progress rebuild(int batchSize, qint64 now, const BatchCallback &onBatch = {});

private:
    bool writePending(QString *error) override;
    void dropPending() override;
    // The checkpoint and the highest position of this projection's parked events, both 0 when
    // there is none; false on error.
    bool readPositions(qint64 *checkpoint, qint64 *highestParked, QString *error);
    qint64 readCheckpoint(QString *error);
    // Whether m_known still holds the stored values.
    bool knowsPositions() const;
    // Buffered, holds the checkpoint for writePending(); else writes it.
    bool writeCheckpoint(qint64 position, qint64 now, QString *error);
    bool storeCheckpoint(qint64 position, qint64 now, QString *error);
    bool park(qint64 position, const QString &reason, int attempts, qint64 now, QString *error);
    bool writeHalt(qint64 position, const QString &reason, qint64 now, QString *error);
    bool clearHalt(QString *error);

    EventStore &m_store;
    Projection &m_projection;
    ProjectionOptions m_options;
    // The highest position this runner has handed to the projection in a committed poll.
    qint64 m_highestDelivered = 0;
    // A halt row may exist (unknown at first): a poll that gets through clears it.
    bool m_mayBeHalted = true;
    // What readPositions() read, or this runner wrote since, under the write lock of epoch
    // writeEpoch. highestParked is never below the stored one: a poll looks for parked events
    // only in a delivery that reaches it.
    struct KnownPositions
    {
        quint64 writeEpoch = 0;
        qint64 checkpoint = 0;
        qint64 highestParked = 0;
    };
    std::optional<KnownPositions> m_known;
    bool m_buffered = false;
    bool m_holdsPastCommit = false;
    // Buffered: the checkpoint the kept polls moved to, not written yet.
    struct HeldCheckpoint
    {
        qint64 position = 0;
        qint64 updatedAt = 0;
    };
    std::optional<HeldCheckpoint> m_heldCheckpoint;
};

} // namespace eslab
