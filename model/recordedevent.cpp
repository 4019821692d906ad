#include "model/recordedevent.h"

#include "model/jsonwriter.h"

using namespace Qt::StringLiterals;

namespace eslab {

QByteArray EventMetadata::toJson() const
{
    return JsonObjectWriter()
        .addString("correlation_id"_L1, correlationId)
        .addString("causation_id"_L1, causationId)
        .addString("run_id"_L1, runId)
        .toJson();
}

namespace {

NewEvent newEvent(const QString &eventId, const DomainEvent &event, QByteArray metadata,
                  qint64 recordedAt)
{
    const QString type = eventTypeName(event);
    return { eventId,   type, currentSchemaVersion(type), eventPayload(event), std::move(metadata),
             recordedAt };
}

NewEvent legacyEvent(const QString &eventId, const BatchExecuted &batch, QByteArray metadata,
                     qint64 recordedAt)
{
    Q_ASSERT(batch.requested == batch.delivered);
    const QByteArray payload = JsonObjectWriter()
                                   .addInteger("batch_no"_L1, batch.batchNo)
                                   .addInteger("attempt"_L1, batch.attempt)
                                   .addInteger("count"_L1, batch.delivered)
                                   .addString("worker_id"_L1, batch.workerId)
                                   .addInteger("duration_ms"_L1, batch.durationMs)
                                   .toJson();
    return { eventId, eventTypeName(batch), 1, payload, std::move(metadata), recordedAt };
}

} // namespace

NewEvent NewEvent::fromDomainEvent(const QString &eventId, const DomainEvent &event,
                                   const QJsonObject &metadata, qint64 recordedAt)
{
    return newEvent(eventId, event, compactJson(metadata), recordedAt);
}

NewEvent NewEvent::fromDomainEvent(const QString &eventId, const DomainEvent &event,
                                   const EventMetadata &metadata, qint64 recordedAt)
{
    return newEvent(eventId, event, metadata.toJson(), recordedAt);
}

NewEvent NewEvent::legacyBatchExecuted(const QString &eventId, const BatchExecuted &batch,
                                       const QJsonObject &metadata, qint64 recordedAt)
{
    return legacyEvent(eventId, batch, compactJson(metadata), recordedAt);
}

NewEvent NewEvent::legacyBatchExecuted(const QString &eventId, const BatchExecuted &batch,
                                       const EventMetadata &metadata, qint64 recordedAt)
{
    return legacyEvent(eventId, batch, metadata.toJson(), recordedAt);
}

} // namespace eslab
