#pragma once

#include "model/eventstore.h"
#include "model/order.h"
#include "model/recordedevent.h"

#include "tests/ui/commandlinetest.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <memory>

// What the reliability tests share beyond the command-line runner: a check of every append's
// wholeness that is independent of `eslab verify`, and a digest of the stored events, so that a
// test can tell that nothing committed before a crash was lost or changed after it.

// What a command printed, stdout then stderr, for a failure message.
inline QByteArray outputOf(const Result &result)
{
    return result.out + result.err;
}

// The stored facts of one store, read in one pass over the global stream.
struct StoreFacts
{
    qint64 head = 0;
    qint64 streams = 0;
    QHash<QString, qint64> streamVersions;
    QHash<QString, qint64> eventsByRun; // metadata.run_id -> events
    // Every row, hashed in global order: equal digests, equal events.
    QByteArray digest;
    // The rows up to the position readStoreFacts() was given, hashed the same way.
    QByteArray prefixDigest;
    // Gaps, reused versions, and appends that were cut short.
    QStringList problems;
    QString error; // the store could not be opened or read
};

namespace reliability {

// What must follow an event in the same append, because the aggregate decides them together.
struct PendingTail
{
    QString expectedType;
    qint64 recordedAt = 0;
    QString runId;
    qint64 position = 0;
};

inline QString runIdOf(const eslab::RecordedEvent &event)
{
    return QJsonDocument::fromJson(event.metadata)
        .object()
        .value(QStringLiteral("run_id"))
        .toString();
}

inline void hashEvent(QCryptographicHash &hash, const eslab::RecordedEvent &event)
{
    const QByteArray row = QByteArray::number(event.globalPosition) + '\x1f'
        + event.eventId.toUtf8() + '\x1f' + event.streamId.toUtf8() + '\x1f'
        + QByteArray::number(event.streamVersion) + '\x1f' + event.eventType.toUtf8() + '\x1f'
        + QByteArray::number(event.schemaVersion) + '\x1f' + event.payload + '\x1f' + event.metadata
        + '\x1f' + QByteArray::number(event.recordedAt) + '\x1e';
    hash.addData(row);
}

// The event the aggregate appends together with `event` (already folded into `state`), if any:
// the last batch completes the order; a batch out of retries fails it; a failed or cancelled
// order is refunded when a refund is due.
inline QString requiredSuccessor(const eslab::OrderState &state, const eslab::DomainEvent &event)
{
    using namespace eslab;
    if (std::holds_alternative<BatchExecuted>(event) && state.status == OrderStatus::InProgress
        && state.quantity > 0 && state.delivered == state.quantity)
        return QStringLiteral("OrderCompleted");
    if (const auto *failed = std::get_if<BatchFailed>(&event); failed && !failed->willRetry)
        return QStringLiteral("OrderFailed");
    if ((std::holds_alternative<OrderFailed>(event)
         || std::holds_alternative<OrderCancelled>(event))
        && state.awaitsRefund())
        return QStringLiteral("PointsRefunded");
    return {};
}

} // namespace reliability

// Reads every event of the store at `path` (read-only) and checks what `eslab verify` checks
// only in part, and independently of it: positions 1..head without gaps, stream versions
// 1..n without gaps or repeats, payloads that decode, and every multi-event append whole (the
// events the aggregate decides together are all stored, consecutive in their stream, with the
// same recorded_at and run_id). Also digests the rows, all of them and those up to `prefixEnd`.
inline StoreFacts readStoreFacts(const QString &path, qint64 prefixEnd = 0)
{
    using namespace eslab;
    StoreFacts facts;
    auto store = EventStore::open(path, EventStore::Access::ReadOnly, &facts.error);
    if (!store)
        return facts;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QCryptographicHash prefixHash(QCryptographicHash::Sha256);
    QHash<QString, OrderState> states;
    QHash<QString, reliability::PendingTail> pending;
    qint64 position = 0;
    for (;;) {
        const QList<RecordedEvent> page = store->readAll(position, 2000);
        if (!store->errorString().isEmpty()) {
            facts.error = store->errorString();
            return facts;
        }
        if (page.isEmpty())
            break;
        for (const RecordedEvent &event : page) {
            const QString where = QStringLiteral("position %1 (%2 v%3, %4)")
                                      .arg(event.globalPosition)
                                      .arg(event.streamId)
                                      .arg(event.streamVersion)
                                      .arg(event.eventType);
            if (event.globalPosition != position + 1)
                facts.problems.append(
                    QStringLiteral("%1: follows position %2").arg(where).arg(position));
            position = event.globalPosition;
            reliability::hashEvent(hash, event);
            if (event.globalPosition <= prefixEnd)
                reliability::hashEvent(prefixHash, event);
            qint64 &version = facts.streamVersions[event.streamId];
            if (event.streamVersion != version + 1)
                facts.problems.append(
                    QStringLiteral("%1: follows version %2 of its stream").arg(where).arg(version));
            version = event.streamVersion;
            const QString runId = reliability::runIdOf(event);
            facts.eventsByRun[runId] += 1;

            if (const auto tail = pending.take(event.streamId); !tail.expectedType.isEmpty()) {
                if (event.eventType != tail.expectedType || event.recordedAt != tail.recordedAt
                    || runId != tail.runId)
                    facts.problems.append(
                        QStringLiteral("%1: the append at position %2 lacks its %3")
                            .arg(where)
                            .arg(tail.position)
                            .arg(tail.expectedType));
            }
            const DecodedEvent decoded = event.decode();
            if (!decoded.event) {
                facts.problems.append(QStringLiteral("%1: %2").arg(where, decoded.error));
                continue;
            }
            OrderState &state = states[event.streamId];
            Order::evolve(state, *decoded.event);
            const QString successor = reliability::requiredSuccessor(state, *decoded.event);
            if (!successor.isEmpty())
                pending.insert(event.streamId,
                               { successor, event.recordedAt, runId, event.globalPosition });
        }
    }
    for (auto it = pending.cbegin(); it != pending.cend(); ++it)
        facts.problems.append(QStringLiteral("%1: the append at position %2 ends without its %3")
                                  .arg(it.key())
                                  .arg(it.value().position)
                                  .arg(it.value().expectedType));
    facts.head = position;
    if (store->headPosition() != facts.head)
        facts.problems.append(QStringLiteral("the head is %1 but the last event read is at %2")
                                  .arg(store->headPosition())
                                  .arg(facts.head));
    facts.streams = facts.streamVersions.size();
    facts.digest = hash.result();
    facts.prefixDigest = prefixHash.result();
    return facts;
}

// Copies a store and its -wal file (never the -shm index, which SQLite rebuilds) while no
// process has it open, so that a test can change the copy and keep the original as it was.
inline bool copyStore(const QString &from, const QString &to)
{
    for (const QString &suffix : { QString(), QStringLiteral("-wal"), QStringLiteral("-shm") })
        QFile::remove(to + suffix);
    if (!QFile::copy(from, to))
        return false;
    if (QFile::exists(from + QStringLiteral("-wal"))
        && !QFile::copy(from + QStringLiteral("-wal"), to + QStringLiteral("-wal")))
        return false;
    return true;
}

// The SHA-256 of a store's file and of its -wal file, when it has one.
inline QByteArray storeFilesDigest(const QString &path)
{
    QByteArray digest = fileDigest(path);
    if (QFile::exists(path + QStringLiteral("-wal")))
        digest += fileDigest(path + QStringLiteral("-wal"));
    return digest;
}
