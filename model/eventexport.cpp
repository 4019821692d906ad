#include "model/eventexport.h"

#include "model/eventstore.h"

#include <QIODevice>
#include <QJsonDocument>

#include <limits>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

constexpr int PageSize = 2000;

void appendCsvField(QByteArray &line, const QByteArray &field)
{
    const bool quoted = field.contains(',') || field.contains('"') || field.contains('\r')
        || field.contains('\n');
    if (!quoted) {
        line += field;
        return;
    }
    line += '"';
    for (char c : field) {
        if (c == '"')
            line += '"';
        line += c;
    }
    line += '"';
}

void appendCsvRow(QByteArray &out, const RecordedEvent &event)
{
    const QByteArray fields[] = {
        QByteArray::number(event.globalPosition),
        event.eventId.toUtf8(),
        event.streamId.toUtf8(),
        QByteArray::number(event.streamVersion),
        event.eventType.toUtf8(),
        QByteArray::number(event.schemaVersion),
        event.payload,
        event.metadata,
        QByteArray::number(event.recordedAt),
    };
    bool first = true;
    for (const QByteArray &field : fields) {
        if (!first)
            out += ',';
        first = false;
        appendCsvField(out, field);
    }
    out += "\r\n";
}

void appendJsonString(QByteArray &out, const QByteArray &utf8)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
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
                out += hex[byte >> 4];
                out += hex[byte & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void appendJsonObjectText(QByteArray &out, const QByteArray &stored)
{
    // Parsing only validates: the stored text itself is written, so numbers keep their digits.
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(stored, &parseError);
    if (parseError.error == QJsonParseError::NoError && document.isObject())
        out += stored.trimmed();
    else
        appendJsonString(out, stored);
}

void appendJsonObject(QByteArray &out, const RecordedEvent &event)
{
    out += "{\"global_position\":" + QByteArray::number(event.globalPosition);
    out += ",\"event_id\":";
    appendJsonString(out, event.eventId.toUtf8());
    out += ",\"stream_id\":";
    appendJsonString(out, event.streamId.toUtf8());
    out += ",\"stream_version\":" + QByteArray::number(event.streamVersion);
    out += ",\"event_type\":";
    appendJsonString(out, event.eventType.toUtf8());
    out += ",\"schema_version\":" + QByteArray::number(event.schemaVersion);
    out += ",\"payload\":";
    appendJsonObjectText(out, event.payload);
    out += ",\"metadata\":";
    appendJsonObjectText(out, event.metadata);
    out += ",\"recorded_at\":" + QByteArray::number(event.recordedAt);
    out += '}';
}

bool writeAll(QIODevice &out, const QByteArray &bytes, QString *error)
{
    if (out.write(bytes) == bytes.size())
        return true;
    if (error)
        *error = u"writing the export failed: %1"_s.arg(out.errorString());
    return false;
}

} // namespace

bool exportEvents(EventStore &store, ExportFormat format, QIODevice &out, QString *error,
                  const std::function<void(qint64 done, qint64 total)> &progress)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (!out.isWritable())
        return fail(u"writing the export failed: the output is not open for writing"_s);
    const qint64 head = store.headPosition();
    if (head < 0)
        return fail(store.errorString());

    const bool csv = format == ExportFormat::Csv;
    QByteArray buffer = csv ? QByteArrayLiteral("global_position,event_id,stream_id,stream_version,"
                                                "event_type,schema_version,payload,metadata,"
                                                "recorded_at\r\n")
                            : QByteArrayLiteral("[");
    qint64 done = 0;
    // Start below 1 so that an export is a faithful dump even of rows no append would write.
    qint64 after = std::numeric_limits<qint64>::min();
    for (;;) {
        const QList<RecordedEvent> page = store.readAll(after, PageSize);
        if (!store.errorString().isEmpty())
            return fail(store.errorString());
        if (page.isEmpty())
            break;
        for (const RecordedEvent &event : page) {
            if (csv) {
                appendCsvRow(buffer, event);
            } else {
                buffer += done == 0 ? "\n" : ",\n";
                appendJsonObject(buffer, event);
            }
            ++done;
        }
        if (!writeAll(out, buffer, error))
            return false;
        buffer.clear();
        after = page.last().globalPosition;
        if (progress)
            progress(done, std::max(head, done));
    }
    if (!csv)
        buffer += done == 0 ? "]\n" : "\n]\n";
    if (!writeAll(out, buffer, error))
        return false;
    if (progress && done == 0)
        progress(0, 0);
    return true;
}

} // namespace eslab
