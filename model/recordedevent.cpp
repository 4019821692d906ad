#include "model/recordedevent.h"

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

} // namespace eslab
