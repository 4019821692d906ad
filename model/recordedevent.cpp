#include "model/recordedevent.h"

using namespace Qt::StringLiterals;

namespace eslab {

NewEvent NewEvent::fromDomainEvent(const QString &eventId, const DomainEvent &event,
                                   const QJsonObject &metadata, qint64 recordedAt)
{
    const QString type = eventTypeName(event);
    return { eventId,
             type,
             currentSchemaVersion(type),
             compactJson(eventToJson(event)),
             compactJson(metadata),
             recordedAt };
}

NewEvent NewEvent::legacyBatchExecuted(const QString &eventId, const BatchExecuted &batch,
                                       const QJsonObject &metadata, qint64 recordedAt)
{
    Q_ASSERT(batch.requested == batch.delivered);
    const QJsonObject payload { { u"batch_no"_s, batch.batchNo },
                                { u"attempt"_s, batch.attempt },
                                { u"count"_s, batch.delivered },
                                { u"worker_id"_s, batch.workerId },
                                { u"duration_ms"_s, batch.durationMs } };
    return { eventId,   eventTypeName(batch), 1, compactJson(payload), compactJson(metadata),
             recordedAt };
}

} // namespace eslab
