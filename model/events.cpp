#include "model/events.h"

#include <QJsonDocument>
#include <QJsonValue>

#include <cmath>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

template<typename T> struct TypeName;
#define ESLAB_EVENT_NAME(Type)                                                                     \
    template<> struct TypeName<Type>                                                               \
    {                                                                                              \
        static QString name() { return QStringLiteral(#Type); }                                    \
    };
ESLAB_EVENT_NAME(OrderPlaced)
ESLAB_EVENT_NAME(PointsDeducted)
ESLAB_EVENT_NAME(PaymentFailed)
ESLAB_EVENT_NAME(OrderStarted)
ESLAB_EVENT_NAME(BatchExecuted)
ESLAB_EVENT_NAME(BatchFailed)
ESLAB_EVENT_NAME(OrderCompleted)
ESLAB_EVENT_NAME(OrderFailed)
ESLAB_EVENT_NAME(OrderCancelled)
ESLAB_EVENT_NAME(PointsRefunded)
ESLAB_EVENT_NAME(OrderNoteAdded)
#undef ESLAB_EVENT_NAME

// JSON numbers are doubles: integers beyond 2^53 - 1 cannot be told apart from their neighbours.
constexpr double MaxExactInteger = 9007199254740991.0;

// Reads the fields of one payload, remembering the first problem so that a decoder can read
// every field and then report once.
class PayloadReader
{
public:
    explicit PayloadReader(const QJsonObject &payload)
        : m_payload(payload)
    { }

    qint64 integer(const QString &key)
    {
        const QJsonValue value = m_payload.value(key);
        const double number = value.toDouble(std::nan(""));
        if (!value.isDouble() || std::trunc(number) != number
            || std::abs(number) > MaxExactInteger) {
            fail(key, u"an integer"_s);
            return 0;
        }
        return static_cast<qint64>(number);
    }

    QString string(const QString &key)
    {
        const QJsonValue value = m_payload.value(key);
        if (!value.isString())
            fail(key, u"a string"_s);
        return value.toString();
    }

    bool boolean(const QString &key, std::optional<bool> missing = std::nullopt)
    {
        const QJsonValue value = m_payload.value(key);
        if (value.isUndefined() && missing)
            return *missing;
        if (!value.isBool())
            fail(key, u"true or false"_s);
        return value.toBool();
    }

    QString error() const { return m_error; }

private:
    void fail(const QString &key, const QString &expected)
    {
        if (m_error.isEmpty()) {
            const QJsonValue value = m_payload.value(key);
            m_error = value.isUndefined()
                ? u"payload field '%1' is missing (expected %2)"_s.arg(key, expected)
                : u"payload field '%1' is %2 (expected %3)"_s.arg(
                    key,
                    QString::fromUtf8(QJsonDocument(QJsonObject { { key, value } })
                                          .toJson(QJsonDocument::Compact)),
                    expected);
        }
    }

    const QJsonObject &m_payload;
    QString m_error;
};

DecodedEvent finish(DomainEvent event, const PayloadReader &reader, bool upcast = false)
{
    if (!reader.error().isEmpty())
        return { std::nullopt, false, reader.error() };
    return { std::move(event), upcast, {} };
}

} // namespace

QString eventTypeName(const DomainEvent &event)
{
    return std::visit([](const auto &e) { return TypeName<std::decay_t<decltype(e)>>::name(); },
                      event);
}

const QStringList &allEventTypeNames()
{
    static const QStringList names {
        u"OrderPlaced"_s,    u"PointsDeducted"_s, u"PaymentFailed"_s,  u"OrderStarted"_s,
        u"BatchExecuted"_s,  u"BatchFailed"_s,    u"OrderCompleted"_s, u"OrderFailed"_s,
        u"OrderCancelled"_s, u"PointsRefunded"_s, u"OrderNoteAdded"_s,
    };
    return names;
}

int currentSchemaVersion(const QString &eventType)
{
    return eventType == u"BatchExecuted"_s ? 2 : 1;
}

QJsonObject eventToJson(const DomainEvent &event)
{
    struct Encoder
    {
        QJsonObject operator()(const OrderPlaced &e) const
        {
            return { { u"order_id"_s, e.orderId },     { u"customer_id"_s, e.customerId },
                     { u"service"_s, e.service },      { u"quantity"_s, e.quantity },
                     { u"batch_size"_s, e.batchSize }, { u"price_points"_s, e.pricePoints } };
        }
        QJsonObject operator()(const PointsDeducted &e) const
        {
            return { { u"amount"_s, e.amount } };
        }
        QJsonObject operator()(const PaymentFailed &e) const
        {
            return { { u"reason"_s, e.reason } };
        }
        QJsonObject operator()(const OrderStarted &e) const
        {
            return { { u"batches_planned"_s, e.batchesPlanned } };
        }
        QJsonObject operator()(const BatchExecuted &e) const
        {
            return { { u"batch_no"_s, e.batchNo },    { u"attempt"_s, e.attempt },
                     { u"requested"_s, e.requested }, { u"delivered"_s, e.delivered },
                     { u"worker_id"_s, e.workerId },  { u"duration_ms"_s, e.durationMs } };
        }
        QJsonObject operator()(const BatchFailed &e) const
        {
            return { { u"batch_no"_s, e.batchNo },
                     { u"attempt"_s, e.attempt },
                     { u"reason"_s, e.reason },
                     { u"will_retry"_s, e.willRetry } };
        }
        QJsonObject operator()(const OrderCompleted &e) const
        {
            return { { u"delivered"_s, e.delivered } };
        }
        QJsonObject operator()(const OrderFailed &e) const
        {
            return { { u"reason"_s, e.reason }, { u"delivered"_s, e.delivered } };
        }
        QJsonObject operator()(const OrderCancelled &e) const
        {
            return { { u"reason"_s, e.reason }, { u"by"_s, e.by } };
        }
        QJsonObject operator()(const PointsRefunded &e) const
        {
            return { { u"amount"_s, e.amount }, { u"reason"_s, e.reason } };
        }
        QJsonObject operator()(const OrderNoteAdded &e) const
        {
            QJsonObject json { { u"note"_s, e.note } };
            if (e.poison)
                json.insert(u"poison"_s, true);
            return json;
        }
    };
    return std::visit(Encoder {}, event);
}

DecodedEvent decodeEvent(const QString &eventType, int schemaVersion, const QJsonObject &payload)
{
    PayloadReader r(payload);
    if (eventType == u"BatchExecuted"_s) {
        if (schemaVersion == 1) {
            BatchExecuted e;
            e.batchNo = r.integer(u"batch_no"_s);
            e.attempt = r.integer(u"attempt"_s);
            e.requested = e.delivered = r.integer(u"count"_s);
            e.workerId = r.string(u"worker_id"_s);
            e.durationMs = r.integer(u"duration_ms"_s);
            return finish(e, r, true);
        }
        if (schemaVersion == 2) {
            BatchExecuted e;
            e.batchNo = r.integer(u"batch_no"_s);
            e.attempt = r.integer(u"attempt"_s);
            e.requested = r.integer(u"requested"_s);
            e.delivered = r.integer(u"delivered"_s);
            e.workerId = r.string(u"worker_id"_s);
            e.durationMs = r.integer(u"duration_ms"_s);
            return finish(e, r);
        }
        return { std::nullopt, false,
                 u"BatchExecuted has schema version %1 (expected 1 or 2)"_s.arg(schemaVersion) };
    }
    if (!allEventTypeNames().contains(eventType))
        return { std::nullopt, false, u"unknown event type '%1'"_s.arg(eventType) };
    if (schemaVersion != 1) {
        return { std::nullopt, false,
                 u"%1 has schema version %2 (expected 1)"_s.arg(eventType).arg(schemaVersion) };
    }
    if (eventType == u"OrderPlaced"_s) {
        OrderPlaced e;
        e.orderId = r.string(u"order_id"_s);
        e.customerId = r.string(u"customer_id"_s);
        e.service = r.string(u"service"_s);
        e.quantity = r.integer(u"quantity"_s);
        e.batchSize = r.integer(u"batch_size"_s);
        e.pricePoints = r.integer(u"price_points"_s);
        return finish(e, r);
    }
    if (eventType == u"PointsDeducted"_s)
        return finish(PointsDeducted { r.integer(u"amount"_s) }, r);
    if (eventType == u"PaymentFailed"_s)
        return finish(PaymentFailed { r.string(u"reason"_s) }, r);
    if (eventType == u"OrderStarted"_s)
        return finish(OrderStarted { r.integer(u"batches_planned"_s) }, r);
    if (eventType == u"BatchFailed"_s) {
        BatchFailed e;
        e.batchNo = r.integer(u"batch_no"_s);
        e.attempt = r.integer(u"attempt"_s);
        e.reason = r.string(u"reason"_s);
        e.willRetry = r.boolean(u"will_retry"_s);
        return finish(e, r);
    }
    if (eventType == u"OrderCompleted"_s)
        return finish(OrderCompleted { r.integer(u"delivered"_s) }, r);
    if (eventType == u"OrderFailed"_s) {
        OrderFailed e;
        e.reason = r.string(u"reason"_s);
        e.delivered = r.integer(u"delivered"_s);
        return finish(e, r);
    }
    if (eventType == u"OrderCancelled"_s) {
        OrderCancelled e;
        e.reason = r.string(u"reason"_s);
        e.by = r.string(u"by"_s);
        return finish(e, r);
    }
    if (eventType == u"PointsRefunded"_s) {
        PointsRefunded e;
        e.amount = r.integer(u"amount"_s);
        e.reason = r.string(u"reason"_s);
        return finish(e, r);
    }
    OrderNoteAdded e;
    e.note = r.string(u"note"_s);
    e.poison = r.boolean(u"poison"_s, false);
    return finish(e, r);
}

DecodedEvent decodeEvent(const QString &eventType, int schemaVersion, const QByteArray &payloadJson)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(payloadJson, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return { std::nullopt, false,
                 u"payload is not a JSON object (%1)"_s.arg(
                     parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                  : u"another JSON value"_s) };
    }
    return decodeEvent(eventType, schemaVersion, document.object());
}

QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace eslab
