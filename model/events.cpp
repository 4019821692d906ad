#include "model/events.h"

#include "model/jsonwriter.h"

#include <QJsonDocument>
#include <QJsonValue>
#include <QVarLengthArray>

#include <cmath>
#include <optional>

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

// The fields of a flat JSON object: every stored payload is one. The store reads millions of
// them, and QJsonDocument builds a whole document for each.
using FlatObject = QVarLengthArray<std::pair<QByteArrayView, QJsonValue>, 8>;

// Parses `json` when it is a flat object of unique plain keys whose values are ASCII strings
// without escapes, integers of up to 15 digits, true, false or null. Anything else (nesting, escapes,
// fractions, duplicate keys, bad JSON) is nullopt: QJsonDocument then reads it, and says what is
// wrong with it, as before.
std::optional<FlatObject> parseFlatObject(QByteArrayView json)
{
    qsizetype i = 0;
    const qsizetype n = json.size();
    const auto skipSpace = [&] {
        while (i < n && (json[i] == ' ' || json[i] == '\n' || json[i] == '\t' || json[i] == '\r'))
            ++i;
    };
    const auto plainString = [&]() -> std::optional<QByteArrayView> {
        if (i >= n || json[i] != '"')
            return std::nullopt;
        const qsizetype start = ++i;
        while (i < n && json[i] != '"') {
            const auto c = static_cast<unsigned char>(json[i]);
            // Non-ASCII text goes to QJsonDocument, which checks that it is valid UTF-8.
            if (c == '\\' || c < 0x20 || c >= 0x80)
                return std::nullopt;
            ++i;
        }
        if (i >= n)
            return std::nullopt;
        return json.sliced(start, i++ - start);
    };
    FlatObject fields;
    skipSpace();
    if (i >= n || json[i++] != '{')
        return std::nullopt;
    skipSpace();
    if (i < n && json[i] == '}') {
        ++i;
    } else {
        for (;;) {
            skipSpace();
            const std::optional<QByteArrayView> key = plainString();
            if (!key)
                return std::nullopt;
            for (const auto &field : fields) {
                if (field.first == *key)
                    return std::nullopt;
            }
            skipSpace();
            if (i >= n || json[i++] != ':')
                return std::nullopt;
            skipSpace();
            if (i >= n)
                return std::nullopt;
            QJsonValue value;
            if (json[i] == '"') {
                const std::optional<QByteArrayView> text = plainString();
                if (!text)
                    return std::nullopt;
                value = QString::fromUtf8(*text);
            } else if (json.sliced(i).startsWith("true")) {
                value = true;
                i += 4;
            } else if (json.sliced(i).startsWith("false")) {
                value = false;
                i += 5;
            } else if (json.sliced(i).startsWith("null")) {
                value = QJsonValue(QJsonValue::Null);
                i += 4;
            } else {
                const qsizetype start = i;
                if (json[i] == '-')
                    ++i;
                const qsizetype digits = i;
                while (i < n && json[i] >= '0' && json[i] <= '9')
                    ++i;
                const qsizetype count = i - digits;
                if (count == 0 || count > 15 || (count > 1 && json[digits] == '0'))
                    return std::nullopt;
                value = double(json.sliced(start, i - start).toLongLong());
            }
            fields.append({ *key, value });
            skipSpace();
            if (i < n && json[i] == ',') {
                ++i;
                continue;
            }
            if (i < n && json[i] == '}') {
                ++i;
                break;
            }
            return std::nullopt;
        }
    }
    skipSpace();
    if (i != n)
        return std::nullopt;
    return fields;
}

// Reads the fields of one payload, remembering the first problem so that a decoder can read
// every field and then report once.
class PayloadReader
{
public:
    explicit PayloadReader(const QJsonObject &payload)
        : m_payload(&payload)
    { }
    explicit PayloadReader(const FlatObject &fields)
        : m_fields(&fields)
    { }

    qint64 integer(const QString &key)
    {
        const QJsonValue value = field(key);
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
        const QJsonValue value = field(key);
        // A lone surrogate (\ud800) parses, but no UTF-8 can store it: it would not read back.
        if (!value.isString())
            fail(key, u"a string"_s);
        else if (!value.toString().isValidUtf16())
            fail(key, u"valid Unicode text"_s);
        return value.toString();
    }

    bool boolean(const QString &key, std::optional<bool> missing = std::nullopt)
    {
        const QJsonValue value = field(key);
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
            const QJsonValue value = field(key);
            m_error = value.isUndefined()
                ? u"payload field '%1' is missing (expected %2)"_s.arg(key, expected)
                : u"payload field '%1' is %2 (expected %3)"_s.arg(
                    key,
                    QString::fromUtf8(QJsonDocument(QJsonObject { { key, value } })
                                          .toJson(QJsonDocument::Compact)),
                    expected);
        }
    }

    QJsonValue field(const QString &key) const
    {
        if (m_payload)
            return m_payload->value(key);
        for (const auto &[name, value] : *m_fields) {
            if (key == QLatin1StringView(name))
                return value;
        }
        return QJsonValue(QJsonValue::Undefined);
    }

    const QJsonObject *m_payload = nullptr;
    const FlatObject *m_fields = nullptr;
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

QByteArray eventPayload(const DomainEvent &event)
{
    struct Encoder
    {
        JsonObjectWriter &json;

        void operator()(const OrderPlaced &e) const
        {
            json.addString("order_id"_L1, e.orderId)
                .addString("customer_id"_L1, e.customerId)
                .addString("service"_L1, e.service)
                .addInteger("quantity"_L1, e.quantity)
                .addInteger("batch_size"_L1, e.batchSize)
                .addInteger("price_points"_L1, e.pricePoints);
        }
        void operator()(const PointsDeducted &e) const { json.addInteger("amount"_L1, e.amount); }
        void operator()(const PaymentFailed &e) const { json.addString("reason"_L1, e.reason); }
        void operator()(const OrderStarted &e) const
        {
            json.addInteger("batches_planned"_L1, e.batchesPlanned);
        }
        void operator()(const BatchExecuted &e) const
        {
            json.addInteger("batch_no"_L1, e.batchNo)
                .addInteger("attempt"_L1, e.attempt)
                .addInteger("requested"_L1, e.requested)
                .addInteger("delivered"_L1, e.delivered)
                .addString("worker_id"_L1, e.workerId)
                .addInteger("duration_ms"_L1, e.durationMs);
        }
        void operator()(const BatchFailed &e) const
        {
            json.addInteger("batch_no"_L1, e.batchNo)
                .addInteger("attempt"_L1, e.attempt)
                .addString("reason"_L1, e.reason)
                .addBool("will_retry"_L1, e.willRetry);
        }
        void operator()(const OrderCompleted &e) const
        {
            json.addInteger("delivered"_L1, e.delivered);
        }
        void operator()(const OrderFailed &e) const
        {
            json.addString("reason"_L1, e.reason).addInteger("delivered"_L1, e.delivered);
        }
        void operator()(const OrderCancelled &e) const
        {
            json.addString("reason"_L1, e.reason).addString("by"_L1, e.by);
        }
        void operator()(const PointsRefunded &e) const
        {
            json.addInteger("amount"_L1, e.amount).addString("reason"_L1, e.reason);
        }
        void operator()(const OrderNoteAdded &e) const
        {
            json.addString("note"_L1, e.note);
            if (e.poison)
                json.addBool("poison"_L1, true);
        }
    };
    JsonObjectWriter json;
    std::visit(Encoder { json }, event);
    return json.toJson();
}

QJsonObject eventToJson(const DomainEvent &event)
{
    return QJsonDocument::fromJson(eventPayload(event)).object();
}

namespace {

DecodedEvent decodeWith(PayloadReader &r, const QString &eventType, int schemaVersion)
{
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

} // namespace

DecodedEvent decodeEvent(const QString &eventType, int schemaVersion, const QJsonObject &payload)
{
    PayloadReader reader(payload);
    return decodeWith(reader, eventType, schemaVersion);
}

DecodedEvent decodeEvent(const QString &eventType, int schemaVersion, const QByteArray &payloadJson)
{
    if (const std::optional<FlatObject> fields = parseFlatObject(payloadJson)) {
        PayloadReader reader(*fields);
        return decodeWith(reader, eventType, schemaVersion);
    }
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
