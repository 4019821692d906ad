#include "model/projectionrunner.h"

#include "model/eventstore.h"
#include "model/projection.h"
#include "model/storestatement.h"

#include <QElapsedTimer>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace eslab {

ProjectionRunner::ProjectionRunner(EventStore &store, Projection &projection,
                                   ProjectionOptions options)
    : m_store(store)
    , m_projection(projection)
    , m_options(options)
{ }

ProjectionRunner::~ProjectionRunner()
{
    // Rows still held go with the runner, as its held checkpoint does; the projection is left
    // unbuffered for the next runner.
    if (m_buffered) {
        m_store.removePendingWrites(this);
        m_projection.setBuffered(false);
    }
}

void ProjectionRunner::setBuffered(bool buffered)
{
    Q_ASSERT(!m_store.inTransaction());
    if (buffered == m_buffered)
        return;
    m_buffered = buffered;
    m_projection.setBuffered(buffered);
    m_heldCheckpoint.reset();
    if (buffered)
        m_store.addPendingWrites(this);
    else
        m_store.removePendingWrites(this);
}

bool ProjectionRunner::writePending(QString *error)
{
    if (m_holdsPastCommit)
        return true;
    if (!m_projection.writeBuffered(m_store, error))
        return false;
    if (m_heldCheckpoint) {
        if (!storeCheckpoint(m_heldCheckpoint->position, m_heldCheckpoint->updatedAt, error))
            return false;
        m_heldCheckpoint.reset();
    }
    return true;
}

void ProjectionRunner::dropPending()
{
    m_projection.forgetBuffered();
    m_heldCheckpoint.reset();
    m_known.reset();
}

qint64 ProjectionRunner::checkpoint()
{
    QString error;
    return readCheckpoint(&error);
}

bool ProjectionRunner::knowsPositions() const
{
    return m_known && m_store.inTransaction() && m_known->writeEpoch == m_store.writeEpoch();
}

bool ProjectionRunner::readPositions(qint64 *checkpoint, qint64 *highestParked, QString *error)
{
    if (knowsPositions()) {
        *checkpoint = m_heldCheckpoint ? m_heldCheckpoint->position : m_known->checkpoint;
        *highestParked = m_known->highestParked;
        return true;
    }
    StoreStatement *query = m_store.statement(
        "SELECT (SELECT position FROM checkpoints WHERE projection = ?), "
        "(SELECT MAX(global_position) FROM parked_events WHERE projection = ?)");
    if (query) {
        query->bind(1, m_projection.name());
        query->bind(2, m_projection.name());
        const StoreStatement::Step step = query->step();
        // NULL, for no checkpoint or no parked event, reads as 0.
        *checkpoint = step == StoreStatement::Step::Row ? query->int64(0) : 0;
        *highestParked = step == StoreStatement::Step::Row ? query->int64(1) : 0;
        query->reset();
        if (step != StoreStatement::Step::Failed) {
            if (m_heldCheckpoint)
                *checkpoint = m_heldCheckpoint->position;
            m_known.reset();
            if (m_store.inTransaction())
                m_known = KnownPositions { m_store.writeEpoch(), *checkpoint, *highestParked };
            return true;
        }
    }
    *error = u"cannot read the checkpoint of %1: %2"_s.arg(
        m_projection.name(), query ? query->errorString() : m_store.errorString());
    return false;
}

qint64 ProjectionRunner::readCheckpoint(QString *error)
{
    qint64 checkpoint = 0;
    qint64 highestParked = 0;
    return readPositions(&checkpoint, &highestParked, error) ? checkpoint : -1;
}

qint64 ProjectionRunner::parkedCount(QString *error)
{
    QSqlQuery *query = m_store.execute(u"SELECT COUNT(*) FROM parked_events WHERE projection = ?"_s,
                                       { m_projection.name() });
    if (!query || !query->next()) {
        *error = u"cannot count the parked events of %1: %2"_s.arg(m_projection.name(),
                                                                   m_store.errorString());
        return -1;
    }
    const qint64 count = query->value(0).toLongLong();
    query->finish();
    return count;
}

std::optional<ProjectionHalt> ProjectionRunner::halt(QString *error)
{
    QSqlQuery *query = m_store.execute(u"SELECT global_position, reason, halted_at "
                                       "FROM projection_halts WHERE projection = ?"_s,
                                       { m_projection.name() });
    if (!query) {
        *error
            = u"cannot read the halt of %1: %2"_s.arg(m_projection.name(), m_store.errorString());
        return std::nullopt;
    }
    std::optional<ProjectionHalt> halt;
    if (query->next())
        halt = ProjectionHalt { query->value(0).toLongLong(), query->value(1).toString(),
                                query->value(2).toLongLong() };
    query->finish();
    return halt;
}

bool ProjectionRunner::writeCheckpoint(qint64 position, qint64 now, QString *error)
{
    if (!m_buffered)
        return storeCheckpoint(position, now, error);
    m_heldCheckpoint = HeldCheckpoint { position, now };
    if (knowsPositions())
        m_known->checkpoint = position;
    return true;
}

bool ProjectionRunner::storeCheckpoint(qint64 position, qint64 now, QString *error)
{
    // Updated in place: INSERT OR REPLACE would delete the row and insert it again.
    StoreStatement *query
        = m_store.statement("INSERT INTO checkpoints (projection, position, updated_at) "
                            "VALUES (?, ?, ?) ON CONFLICT (projection) DO UPDATE SET "
                            "position = excluded.position, updated_at = excluded.updated_at");
    if (query) {
        query->bind(1, m_projection.name());
        query->bind(2, position);
        query->bind(3, now);
        if (query->run()) {
            if (knowsPositions())
                m_known->checkpoint = position;
            return true;
        }
    }
    *error = u"cannot write the checkpoint of %1: %2"_s.arg(
        m_projection.name(), query ? query->errorString() : m_store.errorString());
    return false;
}

bool ProjectionRunner::park(qint64 position, const QString &reason, int attempts, qint64 now,
                            QString *error)
{
    if (!m_store.execute(u"INSERT INTO parked_events "
                         "(projection, global_position, reason, attempts, parked_at) "
                         "VALUES (?, ?, ?, ?, ?) ON CONFLICT (projection, global_position) "
                         "DO UPDATE SET reason = excluded.reason, attempts = excluded.attempts, "
                         "parked_at = excluded.parked_at"_s,
                         { m_projection.name(), position, reason, attempts, now })) {
        *error = u"cannot park event %1 of %2: %3"_s.arg(
            QString::number(position), m_projection.name(), m_store.errorString());
        return false;
    }
    if (knowsPositions())
        m_known->highestParked = std::max(m_known->highestParked, position);
    return true;
}

bool ProjectionRunner::writeHalt(qint64 position, const QString &reason, qint64 now, QString *error)
{
    if (!m_store.execute(u"INSERT INTO projection_halts "
                         "(projection, global_position, reason, halted_at) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT (projection) DO UPDATE SET global_position = "
                         "excluded.global_position, reason = excluded.reason, "
                         "halted_at = excluded.halted_at"_s,
                         { m_projection.name(), position, reason, now })) {
        *error
            = u"cannot record the halt of %1: %2"_s.arg(m_projection.name(), m_store.errorString());
        return false;
    }
    return true;
}

bool ProjectionRunner::clearHalt(QString *error)
{
    if (!m_store.execute(u"DELETE FROM projection_halts WHERE projection = ?"_s,
                         { m_projection.name() })) {
        *error
            = u"cannot clear the halt of %1: %2"_s.arg(m_projection.name(), m_store.errorString());
        return false;
    }
    return true;
}

ProjectionLag ProjectionRunner::lag(qint64 now)
{
    ProjectionLag lag;
    lag.head = m_store.headPosition();
    if (lag.head < 0) {
        lag.error = u"cannot read the head position: %1"_s.arg(m_store.errorString());
        lag.head = 0;
        return lag;
    }
    lag.checkpoint = readCheckpoint(&lag.error);
    if (lag.checkpoint < 0) {
        lag.checkpoint = 0;
        return lag;
    }
    lag.lagEvents = lag.head - lag.checkpoint;
    if (lag.lagEvents <= 0)
        return lag;

    StoreStatement *query = m_store.statement("SELECT recorded_at FROM events "
                                              "WHERE global_position > ? "
                                              "ORDER BY global_position LIMIT 1");
    StoreStatement::Step step = StoreStatement::Step::Failed;
    if (query) {
        query->bind(1, lag.checkpoint);
        step = query->step();
        if (step == StoreStatement::Step::Row)
            lag.lagMs = std::max<qint64>(0, now - query->int64(0));
        query->reset();
    }
    if (step == StoreStatement::Step::Failed)
        lag.error = u"cannot read the oldest unprocessed event: %1"_s.arg(
            query ? query->errorString() : m_store.errorString());
    return lag;
}

ProjectionRunner::Progress ProjectionRunner::poll(int batchSize, qint64 now,
                                                  const PollFaults &faults)
{
    return poll(batchSize, now, [&](const ProjectionLag &) { return faults; });
}

ProjectionRunner::Progress ProjectionRunner::poll(int batchSize, qint64 now, const FaultPlan &plan)
{
    Progress progress;
    if (batchSize < 1) {
        progress.error = u"%1: the batch size must be at least 1 (got %2)"_s.arg(
            m_projection.name(), QString::number(batchSize));
        return progress;
    }
    // Where the projection stands is read under the write lock: its own transaction's, or the
    // open one's, in which the poll opens a savepoint only once it has something to apply.
    const bool ownTransaction = !m_store.inTransaction();
    if (ownTransaction && !m_store.beginWrite()) {
        progress.error = u"%1: %2"_s.arg(m_projection.name(), m_store.errorString());
        return progress;
    }
    bool writing = ownTransaction;
    const std::optional<HeldCheckpoint> heldBefore = m_heldCheckpoint;
    // A poll that fails or crashes takes what it staged and held with it (a rollback of the
    // whole transaction has dropped everything held already).
    const auto forgetPoll = [&] {
        m_projection.discardStaged();
        if (m_store.inTransaction())
            m_heldCheckpoint = heldBefore;
    };
    // What the poll staged is kept as its writes commit: before the commit that writes the
    // buffered rows (its own transaction's), after a savepoint's, which could still fail.
    const auto commitPoll = [&] {
        const bool outermost = ownTransaction;
        if (outermost)
            m_projection.keepStaged();
        if (!m_store.commit())
            return false;
        if (!outermost)
            m_projection.keepStaged();
        return true;
    };
    // Whatever the poll had done, an error commits nothing of it.
    auto fail = [&](const QString &error) {
        if (writing)
            m_store.rollback();
        forgetPoll();
        Progress failed;
        failed.checkpoint = progress.checkpoint;
        failed.head = progress.head;
        failed.error = u"%1: %2"_s.arg(m_projection.name(), error);
        return failed;
    };

    QString error;
    qint64 from = 0;
    qint64 highestParked = 0;
    if (!readPositions(&from, &highestParked, &error))
        return fail(error);
    progress.checkpoint = from;
    progress.head = m_store.headPosition();
    if (progress.head < 0)
        return fail(u"cannot read the head position: %1"_s.arg(m_store.errorString()));
    QList<RecordedEvent> fresh;
    if (progress.head > from) {
        fresh = m_store.readForProjections(from, batchSize);
        if (!m_store.errorString().isEmpty())
            return fail(m_store.errorString());
    }

    // The oldest unprocessed event is the first of this delivery.
    ProjectionLag &lag = progress.lagBefore;
    lag.head = progress.head;
    lag.checkpoint = from;
    lag.lagEvents = std::max<qint64>(0, progress.head - from);
    if (lag.lagEvents > 0 && !fresh.isEmpty())
        lag.lagMs = std::max<qint64>(0, now - fresh.first().recordedAt);
    const PollFaults faults = plan(lag);

    QList<RecordedEvent> delivery;
    if (faults.redeliver > 0 && from > 0) {
        const qint64 count
            = std::min({ faults.redeliver, from, qint64(std::numeric_limits<int>::max()) });
        delivery = m_store.readForProjections(from - count, int(count));
        if (!m_store.errorString().isEmpty())
            return fail(m_store.errorString());
        progress.redelivered = delivery.size();
    }
    if (delivery.isEmpty() && fresh.isEmpty()) {
        if (ownTransaction)
            m_store.rollback(); // nothing was written
        return progress;
    }
    if (!writing) {
        if (!m_store.beginWrite())
            return fail(m_store.errorString());
        writing = true;
    }
    // Shared, not copied, when nothing is delivered again.
    if (delivery.isEmpty())
        delivery = fresh;
    else
        delivery += fresh;

    // A parked event stays out of the read model until it is replayed, however often the
    // stream delivers it; only a delivery after a lost checkpoint can include one.
    QSet<qint64> parked;
    if (delivery.first().globalPosition <= highestParked) {
        StoreStatement *parkedQuery
            = m_store.statement("SELECT global_position FROM parked_events "
                                "WHERE projection = ? AND global_position >= ? "
                                "AND global_position <= ?");
        if (!parkedQuery)
            return fail(u"cannot read the parked events: %1"_s.arg(m_store.errorString()));
        parkedQuery->bind(1, m_projection.name());
        parkedQuery->bind(2, delivery.first().globalPosition);
        parkedQuery->bind(3, delivery.last().globalPosition);
        StoreStatement::Step step;
        while ((step = parkedQuery->step()) == StoreStatement::Step::Row)
            parked.insert(parkedQuery->int64(0));
        parkedQuery->reset();
        if (step == StoreStatement::Step::Failed)
            return fail(u"cannot read the parked events: %1"_s.arg(parkedQuery->errorString()));
    }

    for (const RecordedEvent &event : std::as_const(delivery)) {
        const bool isParked = parked.contains(event.globalPosition);
        if (event.globalPosition > from && (isParked || event.globalPosition <= m_highestDelivered))
            ++progress.redelivered;
        if (isParked)
            ++progress.duplicatesIgnored;
    }
    // Without parked events, the delivery is handed over as it is (shared, not copied).
    QList<RecordedEvent> remaining = delivery;
    if (!parked.isEmpty()) {
        remaining.removeIf(
            [&](const RecordedEvent &event) { return parked.contains(event.globalPosition); });
    }

    qint64 target = fresh.isEmpty() ? from : fresh.last().globalPosition;
    qint64 handledUpTo = delivery.last().globalPosition;
    while (!remaining.isEmpty()) {
        const ApplyResult result
            = m_projection.apply(m_store, remaining, m_options, ApplyMode::Deliver);
        progress.applied += result.applied;
        progress.duplicatesIgnored += result.ignored;
        if (result.isOk())
            break;
        if (!result.handlerFailed())
            return fail(result.error);

        const qint64 failed = result.failedPosition;
        const auto at
            = std::find_if(remaining.cbegin(), remaining.cend(),
                           [&](const RecordedEvent &e) { return e.globalPosition == failed; });
        Q_ASSERT(at != remaining.cend());
        const qsizetype index = at - remaining.cbegin();
        QString reason = result.error;
        int attempts = 1;
        bool recovered = false;
        if (m_options.failurePolicy == ProjectionOptions::FailurePolicy::Retry) {
            while (!recovered && attempts < m_options.retryAttempts) {
                ++attempts;
                ++progress.retried;
                const ApplyResult again = m_projection.apply(m_store, { remaining.at(index) },
                                                             m_options, ApplyMode::Deliver);
                progress.applied += again.applied;
                progress.duplicatesIgnored += again.ignored;
                if (!again.isOk() && !again.handlerFailed())
                    return fail(again.error);
                recovered = again.isOk();
                if (!recovered)
                    reason = again.error;
            }
        }
        remaining = remaining.mid(index + 1);
        if (recovered)
            continue;
        if (m_options.failurePolicy == ProjectionOptions::FailurePolicy::Stop) {
            progress.haltedAt = failed;
            progress.haltReason = reason;
            target = std::max(from, failed - 1);
            handledUpTo = failed - 1;
            break;
        }
        if (!park(failed, reason, attempts, now, &error))
            return fail(error);
        ++progress.parked;
    }
    // An event the read model already had was delivered before, if not by this runner then by
    // one before it (a restart after a lost checkpoint).
    progress.redelivered = std::max(progress.redelivered, progress.duplicatesIgnored);

    // The checkpoint's transaction: the halt, or the end of one, goes with it.
    const auto writeCheckpointAndHalt = [&](QString *error) {
        if (!writeCheckpoint(target, now, error))
            return false;
        if (progress.isHalted())
            return writeHalt(progress.haltedAt, progress.haltReason, now, error);
        return !m_mayBeHalted || clearHalt(error);
    };
    const bool separate = m_options.checkpointMode == ProjectionOptions::CheckpointMode::Separate;
    if (!separate) {
        if (faults.crashBeforeCheckpoint) {
            m_store.rollback();
            forgetPoll();
            Progress crashed;
            crashed.checkpoint = from;
            crashed.head = progress.head;
            crashed.lagBefore = progress.lagBefore;
            crashed.crashed = true;
            return crashed;
        }
        if (!writeCheckpointAndHalt(&error))
            return fail(error);
    }
    if (!commitPoll()) {
        writing = false; // commit() rolled back
        return fail(m_store.errorString());
    }
    m_highestDelivered = std::max(m_highestDelivered, handledUpTo);
    if (separate) {
        if (faults.crashBeforeCheckpoint) {
            progress.crashed = true;
            return progress;
        }
        if (!m_store.beginWrite()) {
            writing = false;
            return fail(m_store.errorString());
        }
        writing = true;
        if (!writeCheckpointAndHalt(&error))
            return fail(error);
        if (!m_store.commit()) {
            writing = false;
            return fail(m_store.errorString());
        }
    }
    m_mayBeHalted = progress.isHalted();
    progress.checkpoint = target;
    return progress;
}

ProjectionRunner::Progress ProjectionRunner::catchUp(int batchSize, qint64 now,
                                                     const BatchCallback &onBatch)
{
    QElapsedTimer timer;
    timer.start();
    Progress total;
    if (!m_store.useLargePageCache()) {
        total.error = u"%1: %2"_s.arg(m_projection.name(), m_store.errorString());
        return total;
    }
    total.head = m_store.headPosition();
    if (total.head < 0) {
        total.head = 0;
        total.error = u"%1: cannot read the head position: %2"_s.arg(m_projection.name(),
                                                                     m_store.errorString());
        return total;
    }
    QString error;
    total.checkpoint = readCheckpoint(&error);
    if (total.checkpoint < 0) {
        total.checkpoint = 0;
        total.error = u"%1: %2"_s.arg(m_projection.name(), error);
        return total;
    }
    while (total.checkpoint < total.head) {
        const Progress step = poll(batchSize, now);
        if (!step.isOk()) {
            total.error = step.error;
            break;
        }
        total.applied += step.applied;
        total.redelivered += step.redelivered;
        total.duplicatesIgnored += step.duplicatesIgnored;
        total.parked += step.parked;
        total.retried += step.retried;
        total.elapsedMs = timer.elapsed();
        if (step.isHalted()) {
            total.checkpoint = step.checkpoint;
            total.haltedAt = step.haltedAt;
            total.haltReason = step.haltReason;
            break;
        }
        // The head only grows, so a poll that ends where it began below it means the events
        // are not readable.
        if (step.checkpoint <= total.checkpoint) {
            total.error = u"%1: no events after %2 although the head is %3"_s.arg(
                m_projection.name(), QString::number(step.checkpoint), QString::number(total.head));
            break;
        }
        total.checkpoint = step.checkpoint;
        if (onBatch && !onBatch(total))
            break;
    }
    total.elapsedMs = timer.elapsed();
    return total;
}

ProjectionRunner::Progress ProjectionRunner::rebuild(int batchSize, qint64 now,
                                                     const BatchCallback &onBatch)
{
    Progress progress;
    if (!m_store.useLargePageCache() || !m_store.beginWrite()) {
        progress.error = u"%1: %2"_s.arg(m_projection.name(), m_store.errorString());
        return progress;
    }
    QString error;
    // Rows held from before the clear are gone from the table.
    m_projection.forgetBuffered();
    bool cleared = m_projection.clear(m_store, &error) && writeCheckpoint(0, now, &error)
        && clearHalt(&error);
    if (cleared
        && !m_store.execute(u"DELETE FROM parked_events WHERE projection = ?"_s,
                            { m_projection.name() })) {
        error = u"cannot clear the parked events of %1: %2"_s.arg(m_projection.name(),
                                                                  m_store.errorString());
        cleared = false;
    }
    if (!cleared) {
        m_store.rollback();
        progress.error = u"%1: %2"_s.arg(m_projection.name(), error);
        return progress;
    }
    if (!m_store.commit()) {
        progress.error = u"%1: %2"_s.arg(m_projection.name(), m_store.errorString());
        return progress;
    }
    // The read model is empty: delivering its events again is the rebuild, not a redelivery.
    m_highestDelivered = 0;
    m_mayBeHalted = false;
    return catchUp(batchSize, now, onBatch);
}

} // namespace eslab
