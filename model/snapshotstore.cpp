#include "model/snapshotstore.h"

#include "model/eventstore.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace eslab {

qint64 SnapshotStore::save(const QString &streamId, const OrderState &state, qint64 takenAt)
{
    const QByteArray json = compactJson(state.toJson());
    QSqlQuery *statement = m_store.prepared(
        u"INSERT INTO snapshots (stream_id, stream_version, schema_version, state, taken_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (stream_id, stream_version) DO UPDATE SET "
        "schema_version = excluded.schema_version, state = excluded.state, "
        "taken_at = excluded.taken_at"_s);
    if (!statement) {
        m_error = m_store.errorString();
        return -1;
    }
    QSqlQuery &query = *statement;
    query.bindValue(0, streamId);
    query.bindValue(1, state.version);
    query.bindValue(2, CurrentSchemaVersion);
    query.bindValue(3, QString::fromUtf8(json));
    query.bindValue(4, takenAt);
    if (!query.exec()) {
        m_error = u"writing a snapshot of %1 failed: %2"_s.arg(streamId, query.lastError().text());
        return -1;
    }
    return json.size();
}

std::optional<OrderState> SnapshotStore::usableState(const Snapshot &snapshot)
{
    if (snapshot.schemaVersion != CurrentSchemaVersion)
        return std::nullopt;
    const QJsonDocument document = QJsonDocument::fromJson(snapshot.state);
    if (!document.isObject())
        return std::nullopt;
    auto state = OrderState::fromJson(document.object());
    if (!state || state->version != snapshot.streamVersion)
        return std::nullopt;
    return state;
}

SnapshotStore::Found SnapshotStore::latest(const QString &streamId, qint64 atOrBelowVersion)
{
    Found found;
    QSqlQuery *statement = m_store.prepared(
        u"SELECT stream_version, schema_version, state FROM snapshots "
        "WHERE stream_id = ? AND stream_version <= ? ORDER BY stream_version DESC"_s);
    if (!statement) {
        found.error = m_store.errorString();
        return found;
    }
    QSqlQuery &query = *statement;
    query.bindValue(0, streamId);
    query.bindValue(1, atOrBelowVersion);
    if (!query.exec()) {
        found.error
            = u"reading snapshots of %1 failed: %2"_s.arg(streamId, query.lastError().text());
        return found;
    }
    while (query.next()) {
        const Snapshot snapshot { streamId, query.value(0).toLongLong(), query.value(1).toInt(),
                                  query.value(2).toString().toUtf8(), 0 };
        if (auto state = usableState(snapshot)) {
            found.state = std::move(state);
            break;
        }
        ++found.ignored;
    }
    query.finish();
    return found;
}

QList<Snapshot> SnapshotStore::page(const QString &afterStreamId, qint64 afterVersion, int limit)
{
    QList<Snapshot> snapshots;
    QSqlQuery *statement
        = m_store.prepared(u"SELECT stream_id, stream_version, schema_version, state, taken_at "
                           "FROM snapshots WHERE (stream_id, stream_version) > (?, ?) "
                           "ORDER BY stream_id, stream_version LIMIT ?"_s);
    if (!statement) {
        m_error = m_store.errorString();
        return snapshots;
    }
    QSqlQuery &query = *statement;
    // A null QString binds as SQL NULL, which compares as nothing: start before every id instead.
    query.bindValue(0, afterStreamId.isNull() ? u""_s : afterStreamId);
    query.bindValue(1, afterVersion);
    query.bindValue(2, limit);
    if (!query.exec()) {
        m_error = u"reading snapshots failed: %1"_s.arg(query.lastError().text());
        return snapshots;
    }
    while (query.next()) {
        snapshots.append({ query.value(0).toString(), query.value(1).toLongLong(),
                           query.value(2).toInt(), query.value(3).toString().toUtf8(),
                           query.value(4).toLongLong() });
    }
    query.finish();
    return snapshots;
}

qint64 SnapshotStore::count()
{
    QSqlQuery query(m_store.database());
    if (!query.exec(u"SELECT COUNT(*) FROM snapshots"_s) || !query.next()) {
        m_error = u"counting snapshots failed: %1"_s.arg(query.lastError().text());
        return -1;
    }
    return query.value(0).toLongLong();
}

} // namespace eslab
