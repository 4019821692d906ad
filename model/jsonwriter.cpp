#include "model/jsonwriter.h"

#include <algorithm>
#include <string_view>

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
    // Compared as bytes: GCC 12 at -O2 warns (wrongly) inside QLatin1StringView's operator<.
    std::sort(sorted.begin(), sorted.end(), [](const Field *a, const Field *b) {
        return std::string_view(a->key.data(), a->key.size())
            < std::string_view(b->key.data(), b->key.size());
    });
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
    const char *data = utf8.constData();
    out.reserve(out.size() + utf8.size() + 2);
    out += '"';
    // Plain text is copied a run at a time; a byte at a time cost more than the rest of an
    // event's encoding.
    qsizetype plainFrom = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto byte = static_cast<unsigned char>(data[i]);
        if (byte >= 0x20 && byte != '"' && byte != '\\')
            continue;
        out.append(data + plainFrom, i - plainFrom);
        plainFrom = i + 1;
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
            out += "\\u00";
            out += Hex[byte >> 4];
            out += Hex[byte & 0xf];
        }
    }
    out.append(data + plainFrom, utf8.size() - plainFrom);
    out += '"';
}

} // namespace eslab
