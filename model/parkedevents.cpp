#include "model/parkedevents.h"

#include "model/eventstore.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <limits>
#include <map>
#include <memory>

using namespace Qt::StringLiterals;

namespace eslab {

QList<ParkedEvent> ParkedEvents::list(const QString &projection, qint64 limit)
{
    m_error.clear();
    QList<ParkedEvent> parked;
    // An empty name matches every projection.
    QSqlQuery *query = m_store.execute(
        u"SELECT p.projection, p.global_position, e.stream_id, e.event_type, p.attempts, "
        "p.reason, p.parked_at FROM parked_events p "
        "LEFT JOIN events e ON e.global_position = p.global_position "
        "WHERE ? = '' OR p.projection = ? "
        "ORDER BY p.global_position, p.projection LIMIT ?"_s,
        { projection.isEmpty() ? u""_s : projection, projection,
          limit < 0 ? std::numeric_limits<qint64>::max() : limit });
    if (!query) {
        m_error = u"cannot read the parked events: %1"_s.arg(m_store.errorString());
        return parked;
    }
    while (query->next()) {
        parked.append({ query->value(0).toString(), query->value(1).toLongLong(),
                        query->value(2).toString(), query->value(3).toString(),
                        query->value(4).toInt(), query->value(5).toString(),
                        query->value(6).toLongLong() });
    }
    if (query->lastError().isValid()) {
        m_error = u"cannot read the parked events: %1"_s.arg(query->lastError().text());
        parked.clear();
    }
    query->finish();
    return parked;
}

QSet<qint64> ParkedEvents::positions(const QString &projection)
{
    m_error.clear();
    QSet<qint64> positions;
    QSqlQuery *query = m_store.execute(
        u"SELECT global_position FROM parked_events WHERE projection = ?"_s, { projection });
    if (!query) {
        m_error
            = u"cannot read the parked events of %1: %2"_s.arg(projection, m_store.errorString());
        return positions;
    }
    while (query->next())
        positions.insert(query->value(0).toLongLong());
    if (query->lastError().isValid()) {
        m_error = u"cannot read the parked events of %1: %2"_s.arg(projection,
                                                                   query->lastError().text());
        positions.clear();
    }
    query->finish();
    return positions;
}

ParkedEvents::ReplayReport ParkedEvents::replay(const QString &projection,
                                                const ProjectionOptions &options, qint64 limit,
                                                const ReplayCallback &onEvent)
{
    ReplayReport report;
    std::map<QString, std::unique_ptr<Projection>> projections;
    for (const QString &name :
         projection.isEmpty() ? standardProjectionNames() : QStringList { projection }) {
        auto found = createStandardProjection(name);
        if (!found) {
            report.error = u"there is no projection '%1' (known: %2)"_s.arg(
                name, standardProjectionNames().join(u", "_s));
            return report;
        }
        projections.emplace(name, std::move(found));
    }

    const QList<ParkedEvent> parked = list(projection, limit);
    if (!m_error.isEmpty()) {
        report.error = m_error;
        return report;
    }
    for (const ParkedEvent &event : parked) {
        const auto found = projections.find(event.projection);
        if (found == projections.end())
            continue; // parked by a projection this build does not know: leave it alone
        Projection &target = *found->second;
        const QString where
            = u"event %1 of %2"_s.arg(QString::number(event.position), event.projection);
        if (!m_store.beginWrite()) {
            report.error = u"cannot replay %1: %2"_s.arg(where, m_store.errorString());
            return report;
        }
        const auto fail = [&](const QString &error) {
            m_store.rollback();
            report.error = u"cannot replay %1: %2"_s.arg(where, error);
            return report;
        };
        const QList<RecordedEvent> events = m_store.readAll(event.position - 1, 1);
        if (!m_store.errorString().isEmpty())
            return fail(m_store.errorString());
        if (events.isEmpty() || events.first().globalPosition != event.position)
            return fail(u"the store has no event at that position"_s);

        const ApplyResult result = target.apply(m_store, events, options, ApplyMode::Replay);
        if (!result.isOk() && !result.handlerFailed())
            return fail(result.error);
        ReplayOutcome outcome { event, result.isOk(), result.error };
        const QSqlQuery *written = outcome.replayed
            ? m_store.execute(u"DELETE FROM parked_events "
                              "WHERE projection = ? AND global_position = ?"_s,
                              { event.projection, event.position })
            : m_store.execute(u"UPDATE parked_events SET attempts = attempts + 1, reason = ? "
                              "WHERE projection = ? AND global_position = ?"_s,
                              { result.error, event.projection, event.position });
        if (!written)
            return fail(m_store.errorString());
        if (!m_store.commit())
            return fail(m_store.errorString());
        ++(outcome.replayed ? report.replayed : report.failed);
        report.outcomes.append(outcome);
        if (onEvent && !onEvent(outcome))
            break;
    }

    for (const auto &[name, unused] : projections) {
        const QSet<qint64> left = positions(name);
        if (!m_error.isEmpty()) {
            report.error = m_error;
            return report;
        }
        report.remaining += left.size();
    }
    return report;
}

} // namespace eslab
