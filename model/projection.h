#pragma once

#include "model/recordedevent.h"

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace eslab {

class EventStore;

// How a projector treats a handler that fails on an event, and where it writes its checkpoint:
// the scenario's `projections` group. The ProjectionRunner hands it to its projection's apply().
struct ProjectionOptions
{
    enum class FailurePolicy {
        Stop, // halt before the failing event and say where (the checkpoint stays before it)
        Skip, // park the event (parked_events, with the reason) and go on
        Retry, // try it again, retryAttempts attempts in all, then park it
    };
    enum class CheckpointMode {
        SameTransaction, // the checkpoint commits with the read-model writes: a crash loses both
        Separate, // the read model commits first, the checkpoint after: a crash between
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

// How apply() treats events at or below a row's last applied position.
enum class ApplyMode {
    Deliver, // a delivery from the global stream: an idempotent projection ignores such events
    Replay, // a parked event, which was never applied: apply it whatever the row's position
};

// What apply() did with the events it was given.
struct ApplyResult
{
    qint64 applied = 0; // events folded into the read model
    qint64 ignored = 0; // events the read model already had (idempotent), left alone
    // The event the handler failed on, 0 when none did. The events before it are applied and
    // written; it and the events after it are untouched.
    qint64 failedPosition = 0;
    // Why the handler failed on failedPosition; or, with failedPosition 0, why the store failed
    // (writes may be half done: roll the transaction back).
    QString error;

    bool isOk() const { return error.isEmpty(); }
    bool handlerFailed() const { return failedPosition > 0; }
};

// A read model built from the global stream. The ProjectionRunner calls it inside a write
// transaction on the store's connection and writes the checkpoint in that same transaction (or
// right after it, CheckpointMode::Separate). Implementations fold a batch in memory and write
// each touched row once per batch.
//
// Unbuffered (the default), a projection keeps no state between calls. Buffered (a run's
// projectors, ProjectionRunner::setBuffered), apply() takes rows from those it holds in memory
// where it can, and stages the rows it changes instead of writing them; the runner keeps or
// discards what its poll staged, and writeBuffered() writes each kept row once, just before the
// transaction commits. A run polls hundreds of times per group commit, a few events each, and
// touches most rows several times per group.
class Projection
{
public:
    virtual ~Projection() = default;

    bool isBuffered() const { return m_buffered; }
    // Turning buffering off forgets every row held; write them first.
    void setBuffered(bool buffered)
    {
        m_buffered = buffered;
        if (!buffered)
            forgetBuffered();
    }
    // The poll in progress succeeded: its staged rows are to be written.
    virtual void keepStaged() { }
    // The poll in progress rolled back: its staged rows are dropped.
    virtual void discardStaged() { }
    // Writes every kept row inside the open transaction. False with `error` set when the store
    // fails; the transaction must then roll back.
    [[nodiscard]] virtual bool writeBuffered(EventStore &store, QString *error)
    {
        Q_UNUSED(store);
        Q_UNUSED(error);
        return true;
    }
    // Drops every row held: the transaction rolled back, or the table may have changed under them.
    virtual void forgetBuffered() { }

    // The projection's name: its row in `checkpoints` and its read-model table.
    virtual QString name() const = 0;
    // Applies events in the order given (global order) to the read model, up to the first one
    // the handler fails on (an undecodable payload, or a poison note while
    // options.poisonFails). With options.idempotent and ApplyMode::Deliver, an event at or below
    // its row's last applied position is ignored. The row's last position is the highest
    // applied, so a replayed parked event never moves it back. A projection uses no event's
    // eventId or metadata: the runner reads its events without them
    // (EventStore::readForProjections).
    [[nodiscard]] virtual ApplyResult apply(EventStore &store, const QList<RecordedEvent> &events,
                                            const ProjectionOptions &options, ApplyMode mode)
        = 0;
    // Removes every row of the read model (for a rebuild from zero).
    [[nodiscard]] virtual bool clear(EventStore &store, QString *error) = 0;
    // Folds the whole stream up to `position` afresh in memory, leaving out the events at
    // `excluded` positions (those parked for this projection, which its read model never
    // applied), and names every row of the stored read model that differs from it
    // ("order_summary order-000042: delivered is 100, a fresh fold gives 150"). Empty when they
    // agree. The fresh fold is the fixed handler: a poison note is a plain note, and an event
    // that does not decode is left out (verify reports it). Meant for a caught-up projection.
    virtual QStringList differencesFromFreshFold(EventStore &store, qint64 position,
                                                 const QSet<qint64> &excluded)
        = 0;
    QStringList differencesFromFreshFold(EventStore &store, qint64 position)
    {
        return differencesFromFreshFold(store, position, {});
    }

private:
    bool m_buffered = false;
};

// The read models every store has: order_summary and service_stats.
std::vector<std::unique_ptr<Projection>> createStandardProjections();
QStringList standardProjectionNames();
// The standard projection of that name, or null when there is none.
std::unique_ptr<Projection> createStandardProjection(const QString &name);

// What the read models share.

// The event a projection handler sees (upcast on read). A payload that fails to decode is an
// error naming the event's position.
[[nodiscard]] std::optional<DomainEvent> decodeForProjection(const RecordedEvent &event,
                                                             QString *error);

// Reads the global stream from the start up to and including `position`, page by page, and calls
// `visit` for each event in order, as EventStore::readForProjections reads it (no eventId or
// metadata). False with `error` set when a read fails.
[[nodiscard]] bool forEachEventUpTo(EventStore &store, qint64 position,
                                    const std::function<void(const RecordedEvent &)> &visit,
                                    QString *error);

// One row of a read model: its key (the order id, or "service/status") and its other columns.
using ReadModelRow = std::pair<QString, QVariantList>;

// Compares the stored rows of `table` with freshly folded ones and names every difference: a
// differing column ("order_summary order-000042: delivered is 100, a fresh fold gives 150"), a
// row the fresh fold has but the table lacks, and a row the table has but the fold does not.
// Fresh rows are reported in their order, extra rows in the order of `stored`.
QStringList compareReadModel(const QString &table, const QStringList &columns,
                             const QList<ReadModelRow> &stored, const QList<ReadModelRow> &fresh);

// The handler bug of DESIGN section 5: while `poisonFails`, a read model's handler fails on a
// poison OrderNoteAdded. The failure message, or an empty string when the handler takes the event.
QString poisonHandlerFailure(const RecordedEvent &recorded, const DomainEvent &event,
                             bool poisonFails);

// `lines` cut to the first MaxDifferenceLines, plus "... and N more differences" when cut.
inline constexpr int MaxDifferenceLines = 50;
QStringList cappedDifferences(QStringList lines);

} // namespace eslab
