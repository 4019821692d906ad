#pragma once

#include <QByteArray>
#include <QLatin1StringView>
#include <QString>
#include <QVarLengthArray>

namespace eslab {

// Writes one flat JSON object byte for byte as QJsonDocument::Compact writes the equivalent
// QJsonObject (keys in sorted order, the same escapes, UTF-8), without building a QJsonObject:
// every appended event is encoded, and the QJsonObject round trip cost more than the append.
// A value type for one object; keys are ASCII literals.
class JsonObjectWriter
{
public:
    JsonObjectWriter &addInteger(QLatin1StringView key, qint64 value);
    JsonObjectWriter &addBool(QLatin1StringView key, bool value);
    JsonObjectWriter &addString(QLatin1StringView key, const QString &value);
    JsonObjectWriter &addNull(QLatin1StringView key);

    QByteArray toJson() const;

    // `value` as a JSON string literal, quotes included.
    static void appendString(QByteArray &out, const QString &value);

private:
    struct Field
    {
        QLatin1StringView key;
        qsizetype valueFrom; // the encoded value's bytes in m_values
        qsizetype valueSize;
    };
    JsonObjectWriter &addEncoded(QLatin1StringView key, qsizetype valueFrom);

    QVarLengthArray<Field, 8> m_fields;
    // Every value, encoded, one after the other: one buffer for the object instead of one per
    // field.
    QVarLengthArray<char, 256> m_values;
};

} // namespace eslab
