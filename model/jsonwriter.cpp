#include "model/jsonwriter.h"

#include <algorithm>

namespace eslab {

JsonObjectWriter &JsonObjectWriter::addInteger(QLatin1StringView key, qint64 value)
{
    m_fields.append({ key, QByteArray::number(value) });
    return *this;
}

JsonObjectWriter &JsonObjectWriter::addBool(QLatin1StringView key, bool value)
{
    m_fields.append({ key, value ? QByteArray("true") : QByteArray("false") });
    return *this;
}

JsonObjectWriter &JsonObjectWriter::addString(QLatin1StringView key, const QString &value)
{
    QByteArray encoded;
    appendString(encoded, value);
    m_fields.append({ key, std::move(encoded) });
    return *this;
}

JsonObjectWriter &JsonObjectWriter::addNull(QLatin1StringView key)
{
    m_fields.append({ key, QByteArray("null") });
    return *this;
}

QByteArray JsonObjectWriter::toJson() const
{
    QVarLengthArray<const Field *, 8> sorted;
    qsizetype size = 2;
    for (const Field &field : m_fields) {
        sorted.append(&field);
        size += field.key.size() + field.value.size() + 4;
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const Field *a, const Field *b) { return a->key < b->key; });
    QByteArray json;
    json.reserve(size);
    json += '{';
    for (const Field *field : sorted) {
        if (json.size() > 1)
            json += ',';
        json += '"';
        json += QByteArrayView(field->key.data(), field->key.size());
        json += "\":";
        json += field->value;
    }
    json += '}';
    return json;
}

void JsonObjectWriter::appendString(QByteArray &out, const QString &value)
{
    static constexpr char Hex[] = "0123456789abcdef";
    const QByteArray utf8 = value.toUtf8();
    out.reserve(out.size() + utf8.size() + 2);
    out += '"';
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        switch (byte) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (byte < 0x20) {
                out += "\\u00";
                out += Hex[byte >> 4];
                out += Hex[byte & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

} // namespace eslab
