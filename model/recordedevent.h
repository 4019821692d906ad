#pragma once

#include "model/events.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace eslab {

// The metadata every event carries (DESIGN section 2), stored as compact JSON.
struct EventMetadata
{
    QString correlationId;
    QString causationId;
    QString runId;

    QByteArray toJson() const;
};

// An event about to be appended: everything but its stream position, which the store assigns.
struct NewEvent
{
    QString eventId;
    QString eventType;
    int schemaVersion = 1;
    QByteArray payload; // compact JSON object
    QByteArray metadata; // compact JSON object: correlation_id, causation_id, run_id
    qint64 recordedAt = 0;

    // The current-schema form of a domain event.
    static NewEvent fromDomainEvent(const QString &eventId, const DomainEvent &event,
                                    const QJsonObject &metadata, qint64 recordedAt);
    static NewEvent fromDomainEvent(const QString &eventId, const DomainEvent &event,
                                    const EventMetadata &metadata, qint64 recordedAt);
    // A BatchExecuted as an older writer stored it: schema version 1, a single `count` in place
    // of `requested` and `delivered` (which must be equal). Read back, it is upcast.
    static NewEvent legacyBatchExecuted(const QString &eventId, const BatchExecuted &batch,
                                        const QJsonObject &metadata, qint64 recordedAt);
    static NewEvent legacyBatchExecuted(const QString &eventId, const BatchExecuted &batch,
                                        const EventMetadata &metadata, qint64 recordedAt);
    friend bool operator==(const NewEvent &, const NewEvent &) = default;
};

// One row of the `events` table, as stored. decode() upcasts older schemas on read; the stored
// bytes stay as they are.
struct RecordedEvent
{
    qint64 globalPosition = 0;
    QString eventId;
    QString streamId;
    qint64 streamVersion = 0;
    QString eventType;
    int schemaVersion = 1;
    QByteArray payload;
    QByteArray metadata;
    qint64 recordedAt = 0;

    [[nodiscard]] DecodedEvent decode() const
    {
        return decodeEvent(eventType, schemaVersion, payload);
    }
    friend bool operator==(const RecordedEvent &, const RecordedEvent &) = default;
};

} // namespace eslab
