#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <variant>

namespace eslab {

// The domain events of an order stream (DESIGN section 1). Plain values, past tense; the JSON
// forms below are the stored payloads, and their field names are part of the store's contract.

struct OrderPlaced
{
    QString orderId;
    QString customerId;
    QString service;
    qint64 quantity = 0;
    qint64 batchSize = 0;
    qint64 pricePoints = 0;
    friend bool operator==(const OrderPlaced &, const OrderPlaced &) = default;
};

struct PointsDeducted
{
    qint64 amount = 0;
    friend bool operator==(const PointsDeducted &, const PointsDeducted &) = default;
};

struct PaymentFailed
{
    QString reason;
    friend bool operator==(const PaymentFailed &, const PaymentFailed &) = default;
};

struct OrderStarted
{
    qint64 batchesPlanned = 0;
    friend bool operator==(const OrderStarted &, const OrderStarted &) = default;
};

struct BatchExecuted
{
    qint64 batchNo = 0;
    qint64 attempt = 1;
    qint64 requested = 0;
    qint64 delivered = 0;
    QString workerId;
    qint64 durationMs = 0;
    friend bool operator==(const BatchExecuted &, const BatchExecuted &) = default;
};

struct BatchFailed
{
    qint64 batchNo = 0;
    qint64 attempt = 1;
    QString reason;
    bool willRetry = false;
    friend bool operator==(const BatchFailed &, const BatchFailed &) = default;
};

struct OrderCompleted
{
    qint64 delivered = 0;
    friend bool operator==(const OrderCompleted &, const OrderCompleted &) = default;
};

struct OrderFailed
{
    QString reason;
    qint64 delivered = 0;
    friend bool operator==(const OrderFailed &, const OrderFailed &) = default;
};

struct OrderCancelled
{
    QString reason;
    QString by;
    friend bool operator==(const OrderCancelled &, const OrderCancelled &) = default;
};

struct PointsRefunded
{
    qint64 amount = 0;
    QString reason;
    friend bool operator==(const PointsRefunded &, const PointsRefunded &) = default;
};

struct OrderNoteAdded
{
    QString note;
    bool poison = false;
    friend bool operator==(const OrderNoteAdded &, const OrderNoteAdded &) = default;
};

using DomainEvent = std::variant<OrderPlaced, PointsDeducted, PaymentFailed, OrderStarted,
                                 BatchExecuted, BatchFailed, OrderCompleted, OrderFailed,
                                 OrderCancelled, PointsRefunded, OrderNoteAdded>;

// The stored `event_type` of an event, e.g. "BatchExecuted".
QString eventTypeName(const DomainEvent &event);

// Every event type name, in the order of DESIGN section 1.
const QStringList &allEventTypeNames();

// The schema version written today: 2 for BatchExecuted, 1 for every other type.
int currentSchemaVersion(const QString &eventType);

// The payload as written today (current schema version).
QJsonObject eventToJson(const DomainEvent &event);
// The payload as it is stored: compact JSON, the same bytes as compactJson(eventToJson(event)).
QByteArray eventPayload(const DomainEvent &event);

// The result of decoding a stored payload. `event` is empty when the payload is unusable; then
// `error` names the field and what was wrong.
struct DecodedEvent
{
    std::optional<DomainEvent> event;
    bool upcast = false; // the stored payload was an older schema and was upcast on read
    QString error;
};

// Decodes a stored payload of any known schema version. A version-1 BatchExecuted (a single
// `count`) is upcast: `requested` and `delivered` both become `count`.
[[nodiscard]] DecodedEvent decodeEvent(const QString &eventType, int schemaVersion,
                                       const QJsonObject &payload);
[[nodiscard]] DecodedEvent decodeEvent(const QString &eventType, int schemaVersion,
                                       const QByteArray &payloadJson);

// Compact JSON bytes, as stored in `payload` and `metadata`.
QByteArray compactJson(const QJsonObject &object);

} // namespace eslab
