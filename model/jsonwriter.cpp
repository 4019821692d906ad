#include "model/jsonwriter.h"

#include <algorithm>
#include <string_view>

namespace eslab {

JsonObjectWriter &JsonObjectWriter::addEncoded(QLatin1StringView key, qsizetype valueFrom)
{
    m_fields.append({ key, valueFrom, m_values.size() - valueFrom });
    return *this;
}

JsonObjectWriter &JsonObjectWriter::addInteger(QLatin1StringView key, qint64 value)
{
    const qsizetype from = m_values.size();
    char digits[24];
    char *end = digits + sizeof digits;
    char *begin = end;
    // Through the unsigned value, so that the lowest qint64 negates without overflow.
    quint64 magnitude = value < 0 ? 0 - quint64(value) : quint64(value);
    do {
        *--begin = char('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    if (value < 0)
        *--begin = '-';
    m_values.append(begin, end - begin);
    return addEncoded(key, from);
}

JsonObjectWriter &JsonObjectWriter::addBool(QLatin1StringView key, bool value)
{
    const qsizetype from = m_values.size();
    const std::string_view text = value ? "true" : "false";
    m_values.append(text.data(), qsizetype(text.size()));
    return addEncoded(key, from);
}

JsonObjectWriter &JsonObjectWriter::addString(QLatin1StringView key, const QString &value)
{
    const qsizetype from = m_values.size();
    // Stream ids, run ids, service names: plain ASCII is copied a code unit at a time, straight
    // into the buffer; anything else goes through the general escaping below.
    m_values.append('"');
    const QChar *units = value.constData();
    qsizetype plain = 0;
    while (plain < value.size()) {
        const char16_t unit = units[plain].unicode();
        if (unit < 0x20 || unit >= 0x80 || unit == u'"' || unit == u'\\')
            break;
        ++plain;
    }
    const qsizetype copied = m_values.size();
    m_values.resize(copied + plain);
    for (qsizetype i = 0; i < plain; ++i)
        m_values[copied + i] = char(units[i].unicode());
    if (plain == value.size()) {
        m_values.append('"');
    } else {
        QByteArray rest;
        appendString(rest, value.sliced(plain));
        m_values.append(rest.constData() + 1, rest.size() - 1); // its opening quote is ours
    }
    return addEncoded(key, from);
}

JsonObjectWriter &JsonObjectWriter::addNull(QLatin1StringView key)
{
    const qsizetype from = m_values.size();
    m_values.append("null", 4);
    return addEncoded(key, from);
}

QByteArray JsonObjectWriter::toJson() const
{
    QVarLengthArray<const Field *, 8> sorted;
    qsizetype size = 2;
    for (const Field &field : m_fields) {
        sorted.append(&field);
        size += field.key.size() + field.valueSize + 4;
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
        json += QByteArrayView(m_values.constData() + field->valueFrom, field->valueSize);
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
