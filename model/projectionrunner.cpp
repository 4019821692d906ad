#include "model/projectionrunner.h"

#include "model/eventstore.h"
#include "model/projection.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace eslab {

qint64 ProjectionRunner::checkpoint()
{
    QString error;
    return readCheckpoint(&error);
}

ProjectionRunner::ProjectionRunner(EventStore &store, Projection &projection,
                                   ProjectionOptions options)
    : m_store(store)
    , m_projection(projection)
    , m_options(options)
{
}

qint64 ProjectionRunner::readCheckpoint(QString *error)
{
    QSqlQuery *query = m_store.execute(u"SELECT position FROM checkpoints WHERE projection = ?"_s,
                                       { m_projection.name() });
    if (!query) {
        *error = u"cannot read the checkpoint of %1: %2"_s.arg(m_projection.name(),
                                                               m_store.errorString());
        return -1;
    }
    const qint64 checkpoint = query->next() ? query->value(0).toLongLong() : 0;
    query->finish();
    return checkpoint;
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

bool ProjectionRunner::writeCheckpoint(qint64 position, qint64 now, QString *error)
{
    if (!m_store.execute(u"INSERT OR REPLACE INTO checkpoints (projection, position, updated_at) "
                         "VALUES (?, ?, ?)"_s,
                         { m_projection.name(), position, now })) {
        *error = u"cannot write the checkpoint of %1: %2"_s.arg(m_projection.name(),
                                                                m_store.errorString());
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

    QSqlQuery *query = m_store.execute(u"SELECT recorded_at FROM events WHERE global_position > ? "
                                       "ORDER BY global_position LIMIT 1"_s,
                                       { lag.checkpoint });
    if (!query) {
        lag.error = u"cannot read the oldest unprocessed event: %1"_s.arg(m_store.errorString());
        return lag;
    }
    if (query->next())
        lag.lagMs = std::max<qint64>(0, now - query->value(0).toLongLong());
    query->finish();
    return lag;
}

ProjectionRunner::Progress ProjectionRunner::poll(int batchSize, qint64 now, const PollFaults &)
{
    Progress progress;
    if (batchSize < 1) {
        progress.error = u"%1: the batch size must be at least 1 (got %2)"_s.arg(
            m_projection.name(), QString::number(batchSize));
        return progress;
    }
    if (!m_store.beginWrite()) {
        progress.error = u"%1: %2"_s.arg(m_projection.name(), m_store.errorString());
        return progress;
    }
    auto fail = [&](const QString &error) {
        m_store.rollback();
        progress.applied = 0;
        progress.error = u"%1: %2"_s.arg(m_projection.name(), error);
        return progress;
    };

    QString error;
    const qint64 from = readCheckpoint(&error);
    if (from < 0)
        return fail(error);
    progress.checkpoint = from;
    progress.head = m_store.headPosition();
    if (progress.head < 0)
        return fail(u"cannot read the head position: %1"_s.arg(m_store.errorString()));

    const QList<RecordedEvent> events = m_store.readAll(from, batchSize);
    if (!m_store.errorString().isEmpty())
        return fail(m_store.errorString());
    if (events.isEmpty()) {
        m_store.rollback(); // nothing was written
        return progress;
    }
    if (!m_projection.apply(m_store, events, &error))
        return fail(error);
    const qint64 to = events.last().globalPosition;
    if (!writeCheckpoint(to, now, &error))
        return fail(error);
    if (!m_store.commit()) {
        progress.error = u"%1: %2"_s.arg(m_projection.name(), m_store.errorString());
        return progress;
    }
    progress.applied = events.size();
    progress.checkpoint = to;
    return progress;
}

ProjectionRunner::Progress ProjectionRunner::catchUp(int batchSize, qint64 now,
                                                     const BatchCallback &onBatch)
{
    Progress total;
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
            return total;
        }
        // The head only grows, so an empty poll below it means the events are not readable.
        if (step.applied == 0) {
            total.error = u"%1: no events after %2 although the head is %3"_s.arg(
                m_projection.name(), QString::number(step.checkpoint), QString::number(total.head));
            return total;
        }
        total.applied += step.applied;
        total.checkpoint = step.checkpoint;
        if (onBatch && !onBatch(total))
            break;
    }
    return total;
}

ProjectionRunner::Progress ProjectionRunner::rebuild(int batchSize, qint64 now,
                                                     const BatchCallback &onBatch)
{
    Progress progress;
    if (!m_store.beginWrite()) {
        progress.error = u"%1: %2"_s.arg(m_projection.name(), m_store.errorString());
        return progress;
    }
    QString error;
    if (!m_projection.clear(m_store, &error) || !writeCheckpoint(0, now, &error)) {
        m_store.rollback();
        progress.error = u"%1: %2"_s.arg(m_projection.name(), error);
        return progress;
    }
    if (!m_store.commit()) {
        progress.error = u"%1: %2"_s.arg(m_projection.name(), m_store.errorString());
        return progress;
    }
    return catchUp(batchSize, now, onBatch);
}

} // namespace eslab
