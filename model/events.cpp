#include "model/events.h"

#include "model/jsonwriter.h"

#include <QJsonDocument>
#include <QJsonValue>
#include <QVarLengthArray>

#include <cmath>
#include <cstring>
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

bool sameBytes(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

// One value of a flat JSON object, as parseFlatObject() found it: text is the string's bytes
// (ASCII, no escapes), integer the number's value.
struct FlatValue
{
    enum class Kind { String, Integer, True, False, Null };
    Kind kind = Kind::Null;
    QByteArrayView text;
    qint64 integer = 0;

    QJsonValue toJsonValue() const
    {
        switch (kind) {
        case Kind::String:
            return QString::fromLatin1(text);
        case Kind::Integer:
            return double(integer);
        case Kind::True:
            return true;
        case Kind::False:
            return false;
        case Kind::Null:
            break;
        }
        return QJsonValue(QJsonValue::Null);
    }
};

// The fields of a flat JSON object: every stored payload is one. The store reads millions of
// them, and QJsonDocument builds a whole document for each; these are views into the payload.
using FlatObject = QVarLengthArray<std::pair<QByteArrayView, FlatValue>, 8>;

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
    const auto word = [&](QByteArrayView expected) {
        if (!json.sliced(i).startsWith(expected))
            return false;
        i += expected.size();
        return true;
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
                if (sameBytes(field.first, *key))
                    return std::nullopt;
            }
            skipSpace();
            if (i >= n || json[i++] != ':')
                return std::nullopt;
            skipSpace();
            if (i >= n)
                return std::nullopt;
            FlatValue value;
            switch (json[i]) {
            case '"': {
                const std::optional<QByteArrayView> text = plainString();
                if (!text)
                    return std::nullopt;
                value.kind = FlatValue::Kind::String;
                value.text = *text;
                break;
            }
            case 't':
                if (!word("true"))
                    return std::nullopt;
                value.kind = FlatValue::Kind::True;
                break;
            case 'f':
                if (!word("false"))
                    return std::nullopt;
                value.kind = FlatValue::Kind::False;
                break;
            case 'n':
                if (!word("null"))
                    return std::nullopt;
                value.kind = FlatValue::Kind::Null;
                break;
            default: {
                const bool negative = json[i] == '-';
                if (negative)
                    ++i;
                const qsizetype digits = i;
                qint64 number = 0;
                // At most 15 digits: the value cannot overflow, and a double holds it exactly.
                while (i < n && json[i] >= '0' && json[i] <= '9' && i - digits < 16)
                    number = number * 10 + (json[i++] - '0');
                const qsizetype count = i - digits;
                if (count == 0 || count > 15 || (count > 1 && json[digits] == '0'))
                    return std::nullopt;
                value.kind = FlatValue::Kind::Integer;
                value.integer = negative ? -number : number;
                break;
            }
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

// The message for a payload field that is missing or of the wrong kind.
QString fieldError(QLatin1StringView key, const QJsonValue &value, const QString &expected)
{
    if (value.isUndefined())
        return u"payload field '%1' is missing (expected %2)"_s.arg(key, expected);
    return u"payload field '%1' is %2 (expected %3)"_s.arg(
        key,
        QString::fromUtf8(
            QJsonDocument(QJsonObject { { QString(key), value } }).toJson(QJsonDocument::Compact)),
        expected);
}

// Reads the fields of one payload that QJsonDocument parsed, remembering the first problem so
// that a decoder can read every field and then report once.
class JsonPayloadReader
{
public:
    explicit JsonPayloadReader(const QJsonObject &payload)
        : m_payload(payload)
    { }

    qint64 integer(QLatin1StringView key)
    {
        const QJsonValue value = m_payload.value(key);
        const double number = value.toDouble(std::nan(""));
        if (!value.isDouble() || std::trunc(number) != number
            || std::abs(number) > MaxExactInteger) {
            fail(key, value, u"an integer"_s);
            return 0;
        }
        return static_cast<qint64>(number);
    }

    QString string(QLatin1StringView key)
    {
        const QJsonValue value = m_payload.value(key);
        // A lone surrogate (\ud800) parses, but no UTF-8 can store it: it would not read back.
        if (!value.isString())
            fail(key, value, u"a string"_s);
        else if (!value.toString().isValidUtf16())
            fail(key, value, u"valid Unicode text"_s);
        return value.toString();
    }

    bool boolean(QLatin1StringView key, std::optional<bool> missing = std::nullopt)
    {
        const QJsonValue value = m_payload.value(key);
        if (value.isUndefined() && missing)
            return *missing;
        if (!value.isBool())
            fail(key, value, u"true or false"_s);
        return value.toBool();
    }

    QString error() const { return m_error; }

private:
    void fail(QLatin1StringView key, const QJsonValue &value, const QString &expected)
    {
        if (m_error.isEmpty())
            m_error = fieldError(key, value, expected);
    }

    const QJsonObject &m_payload;
    QString m_error;
};

// The same over a flat object, without building a QJsonValue for a field that is as expected:
// the same values, the same messages.
class FlatPayloadReader
{
public:
    explicit FlatPayloadReader(const FlatObject &fields)
        : m_fields(fields)
    { }

    qint64 integer(QLatin1StringView key)
    {
        const FlatValue *value = field(key);
        if (!value || value->kind != FlatValue::Kind::Integer) {
            fail(key, value, u"an integer"_s);
            return 0;
        }
        return value->integer;
    }

    QString string(QLatin1StringView key)
    {
        const FlatValue *value = field(key);
        if (!value || value->kind != FlatValue::Kind::String) {
            fail(key, value, u"a string"_s);
            return {};
        }
        // ASCII without escapes: valid Unicode, and Latin-1 reads it as UTF-8 would.
        return QString::fromLatin1(value->text);
    }

    bool boolean(QLatin1StringView key, std::optional<bool> missing = std::nullopt)
    {
        const FlatValue *value = field(key);
        if (!value && missing)
            return *missing;
        if (value && value->kind == FlatValue::Kind::True)
            return true;
        if (!value || value->kind != FlatValue::Kind::False)
            fail(key, value, u"true or false"_s);
        return false;
    }

    QString error() const { return m_error; }

private:
    void fail(QLatin1StringView key, const FlatValue *value, const QString &expected)
    {
        if (m_error.isEmpty())
            m_error = fieldError(
                key, value ? value->toJsonValue() : QJsonValue(QJsonValue::Undefined), expected);
    }

    const FlatValue *field(QLatin1StringView key)
    {
        const QByteArrayView name(key.data(), key.size());
        // Stored payloads hold their fields in the order the decoders read them: look after the
        // field found last first.
        const qsizetype count = m_fields.size();
        for (qsizetype k = 0, at = m_next; k < count; ++k, ++at) {
            if (at == count)
                at = 0;
            if (sameBytes(m_fields[at].first, name)) {
                m_next = at + 1;
                return &m_fields[at].second;
            }
        }
        return nullptr;
    }

    const FlatObject &m_fields;
    qsizetype m_next = 0;
    QString m_error;
};

template<class Reader>
DecodedEvent finish(DomainEvent event, const Reader &reader, bool upcast = false)
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

template<class Reader>
DecodedEvent decodeWith(Reader &r, const QString &eventType, int schemaVersion)
{
    if (eventType == u"BatchExecuted"_s) {
        if (schemaVersion == 1) {
            BatchExecuted e;
            e.batchNo = r.integer("batch_no"_L1);
            e.attempt = r.integer("attempt"_L1);
            e.requested = e.delivered = r.integer("count"_L1);
            e.workerId = r.string("worker_id"_L1);
            e.durationMs = r.integer("duration_ms"_L1);
            return finish(e, r, true);
        }
        if (schemaVersion == 2) {
            BatchExecuted e;
            e.batchNo = r.integer("batch_no"_L1);
            e.attempt = r.integer("attempt"_L1);
            e.requested = r.integer("requested"_L1);
            e.delivered = r.integer("delivered"_L1);
            e.workerId = r.string("worker_id"_L1);
            e.durationMs = r.integer("duration_ms"_L1);
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
        e.orderId = r.string("order_id"_L1);
        e.customerId = r.string("customer_id"_L1);
        e.service = r.string("service"_L1);
        e.quantity = r.integer("quantity"_L1);
        e.batchSize = r.integer("batch_size"_L1);
        e.pricePoints = r.integer("price_points"_L1);
        return finish(e, r);
    }
    if (eventType == u"PointsDeducted"_s)
        return finish(PointsDeducted { r.integer("amount"_L1) }, r);
    if (eventType == u"PaymentFailed"_s)
        return finish(PaymentFailed { r.string("reason"_L1) }, r);
    if (eventType == u"OrderStarted"_s)
        return finish(OrderStarted { r.integer("batches_planned"_L1) }, r);
    if (eventType == u"BatchFailed"_s) {
        BatchFailed e;
        e.batchNo = r.integer("batch_no"_L1);
        e.attempt = r.integer("attempt"_L1);
        e.reason = r.string("reason"_L1);
        e.willRetry = r.boolean("will_retry"_L1);
        return finish(e, r);
    }
    if (eventType == u"OrderCompleted"_s)
        return finish(OrderCompleted { r.integer("delivered"_L1) }, r);
    if (eventType == u"OrderFailed"_s) {
        OrderFailed e;
        e.reason = r.string("reason"_L1);
        e.delivered = r.integer("delivered"_L1);
        return finish(e, r);
    }
    if (eventType == u"OrderCancelled"_s) {
        OrderCancelled e;
        e.reason = r.string("reason"_L1);
        e.by = r.string("by"_L1);
        return finish(e, r);
    }
    if (eventType == u"PointsRefunded"_s) {
        PointsRefunded e;
        e.amount = r.integer("amount"_L1);
        e.reason = r.string("reason"_L1);
        return finish(e, r);
    }
    OrderNoteAdded e;
    e.note = r.string("note"_L1);
    e.poison = r.boolean("poison"_L1, false);
    return finish(e, r);
}

} // namespace

DecodedEvent decodeEvent(const QString &eventType, int schemaVersion, const QJsonObject &payload)
{
    JsonPayloadReader reader(payload);
    return decodeWith(reader, eventType, schemaVersion);
}

DecodedEvent decodeEvent(const QString &eventType, int schemaVersion, const QByteArray &payloadJson)
{
    if (const std::optional<FlatObject> fields = parseFlatObject(payloadJson)) {
        FlatPayloadReader reader(*fields);
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
