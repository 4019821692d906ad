#include "model/storeverifier.h"

#include "model/eventstore.h"
#include "model/order.h"
#include "model/parkedevents.h"
#include "model/projection.h"
#include "model/projectionrunner.h"
#include "model/snapshotstore.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <limits>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

const QString OrderSummary = u"order_summary"_s;

struct StreamCheck
{
    OrderState state;
    qint64 version = 0; // the highest stream_version seen
    bool broken = false; // an event did not decode: the fold stops there
    bool tainted = false; // an event broke a rule of the domain
    bool summarized = false;
};

bool isOrderStreamId(const QString &streamId)
{
    return orderNumberOf(streamId) >= 0;
}

QString jsonValueText(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return u"null"_s;
    if (value.isString())
        return u"\"%1\""_s.arg(value.toString());
    if (value.isObject())
        return QString::fromUtf8(compactJson(value.toObject()));
    if (value.isDouble())
        return QString::number(static_cast<qint64>(value.toDouble()));
    return QString::fromUtf8(QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

// "delivered is 100, the fold gives 150; status is ..." over the keys of the state JSON.
QString stateDifferences(const OrderState &stored, const OrderState &folded, const QString &what)
{
    const QJsonObject left = stored.toJson();
    const QJsonObject right = folded.toJson();
    QStringList parts;
    for (auto it = right.begin(); it != right.end(); ++it) {
        const QJsonValue mine = left.value(it.key());
        if (mine != it.value())
            parts.append(u"%1 is %2, %3 gives %4"_s.arg(it.key(), jsonValueText(mine), what,
                                                        jsonValueText(it.value())));
    }
    return parts.join(u"; "_s);
}

class Verification
{
public:
    Verification(EventStore &store, const StoreVerifier::ProgressCallback &progress)
        : m_store(store)
        , m_progress(progress)
    { }

    StoreVerifier::Report run();

private:
    void violation(const QString &line);
    bool fail(const QString &error);
    bool checkEvents();
    void checkEvent(const RecordedEvent &event);
    bool checkSnapshots();
    void checkSnapshot(const Snapshot &snapshot);
    bool refoldTo(const QString &streamId, qint64 version);
    bool checkProjections();
    bool crossCheckOrderSummary();
    void reportProgress();

    EventStore &m_store;
    const StoreVerifier::ProgressCallback &m_progress;
    StoreVerifier::Report m_report;
    QHash<QString, StreamCheck> m_streams;
    qint64 m_head = 0;
    qint64 m_total = 0;
    qint64 m_checked = 0;
    qint64 m_nextPosition = 1;

    // The stream being re-folded for its snapshots; snapshots come in stream order.
    QString m_foldStream;
    OrderState m_fold;
    qint64 m_foldVersion = 0;
    bool m_foldBroken = false;
    qint64 m_oldSnapshots = 0;
    qint64 m_uncomparedSnapshots = 0;

    // Streams with an event parked for order_summary that would change what the cross-check
    // compares: the read model rightly lacks it, so the aggregate's state is not the reference.
    QSet<QString> m_parkedSummaryStreams;
};

void Verification::violation(const QString &line)
{
    if (m_report.violationCount < StoreVerifier::MaxListedViolations)
        m_report.violations.append(line);
    ++m_report.violationCount;
}

bool Verification::fail(const QString &error)
{
    m_report.error = error;
    return false;
}

void Verification::reportProgress()
{
    if (m_progress)
        m_progress(m_checked, std::max(m_total, m_checked));
}

StoreVerifier::Report Verification::run()
{
    QSqlDatabase db = m_store.database();
    const bool ownTransaction = !m_store.inTransaction() && db.transaction();

    m_head = m_store.headPosition();
    SnapshotStore snapshots(m_store);
    const qint64 snapshotCount = m_head < 0 ? -1 : snapshots.count();
    if (m_head < 0)
        fail(u"reading the head position failed: %1"_s.arg(m_store.errorString()));
    else if (snapshotCount < 0)
        fail(snapshots.errorString());
    else {
        m_total = m_head + snapshotCount;
        reportProgress();
        if (checkEvents() && checkSnapshots())
            checkProjections();
    }

    // It only read, so rolling back ends the transaction without a trace.
    if (ownTransaction && !db.rollback() && m_report.error.isEmpty())
        fail(u"ending the read transaction failed: %1"_s.arg(db.lastError().text()));

    if (m_report.violationCount > m_report.violations.size()) {
        m_report.violations.append(
            u"... and %1 more"_s.arg(m_report.violationCount - m_report.violations.size()));
    }
    return std::move(m_report);
}

bool Verification::checkEvents()
{
    // Start below 1 so that rows at position 0 or below, which no append writes, are seen too.
    qint64 after = std::numeric_limits<qint64>::min();
    for (;;) {
        const QList<RecordedEvent> page = m_store.readAll(after, StoreVerifier::PageSize);
        if (!m_store.errorString().isEmpty())
            return fail(m_store.errorString());
        if (page.isEmpty())
            break;
        for (const RecordedEvent &event : page)
            checkEvent(event);
        after = page.last().globalPosition;
        m_checked += page.size();
        reportProgress();
    }
    if (m_nextPosition - 1 != m_head)
        violation(u"the head is position %1 but the events end at position %2"_s.arg(m_head).arg(
            m_nextPosition - 1));

    for (auto it = m_streams.cbegin(); it != m_streams.cend(); ++it) {
        const StreamCheck &stream = it.value();
        if (!stream.broken && stream.state.awaitsRefund()) {
            violation(
                u"%1 (v%2, %3): a refund of %4 points is due and was never written"_s.arg(it.key())
                    .arg(stream.version)
                    .arg(orderStatusName(stream.state.status))
                    .arg(stream.state.refundDue()));
        }
    }
    m_report.streams = m_streams.size();
    return true;
}

void Verification::checkEvent(const RecordedEvent &event)
{
    ++m_report.events;
    const QString where = u"position %1 (%2 v%3, %4)"_s.arg(event.globalPosition)
                              .arg(event.streamId)
                              .arg(event.streamVersion)
                              .arg(event.eventType);

    if (event.globalPosition < m_nextPosition) {
        violation(u"%1: global positions start at 1"_s.arg(where));
    } else if (event.globalPosition > m_nextPosition) {
        violation(u"%1: global positions %2 to %3 are missing"_s.arg(where)
                      .arg(m_nextPosition)
                      .arg(event.globalPosition - 1));
    }
    m_nextPosition = std::max(m_nextPosition, event.globalPosition + 1);

    auto found = m_streams.find(event.streamId);
    if (found == m_streams.end()) {
        found = m_streams.insert(event.streamId, {});
        if (!isOrderStreamId(event.streamId))
            violation(u"%1: stream id '%2' is not order-<n> with n zero-padded to 6 digits"_s.arg(
                where, event.streamId));
    }
    StreamCheck &stream = found.value();
    if (event.streamVersion != stream.version + 1) {
        violation(u"%1: stream version %2 follows version %3; the next must be %4"_s.arg(where)
                      .arg(event.streamVersion)
                      .arg(stream.version)
                      .arg(stream.version + 1));
    }
    stream.version = std::max(stream.version, event.streamVersion);

    const QJsonDocument metadata = QJsonDocument::fromJson(event.metadata);
    if (!metadata.isObject()) {
        violation(u"%1: metadata is not a JSON object"_s.arg(where));
    } else {
        QStringList missing;
        for (const QString &key : { u"run_id"_s, u"correlation_id"_s, u"causation_id"_s }) {
            if (!metadata.object().value(key).isString())
                missing.append(key);
        }
        if (!missing.isEmpty())
            violation(u"%1: metadata has no string %2"_s.arg(where, missing.join(u", "_s)));
    }

    const QString unchecked = stream.broken
        ? QString()
        : u"; the stream's later events are not checked against the rules"_s;
    if (!allEventTypeNames().contains(event.eventType)) {
        violation(u"%1: unknown event type%2"_s.arg(where, unchecked));
        stream.broken = true;
        return;
    }
    const int current = currentSchemaVersion(event.eventType);
    const bool legacy = event.eventType == u"BatchExecuted"_s && event.schemaVersion == 1;
    if (event.schemaVersion != current && !legacy) {
        violation(u"%1: schema_version %2 where the current one is %3"_s.arg(where)
                      .arg(event.schemaVersion)
                      .arg(current));
    }

    const DecodedEvent decoded = event.decode();
    if (!decoded.event) {
        violation(u"%1: payload does not decode: %2%3"_s.arg(where, decoded.error, unchecked));
        stream.broken = true;
        return;
    }
    if (stream.broken)
        return;

    if (const auto *placed = std::get_if<OrderPlaced>(&*decoded.event);
        placed && placed->orderId != event.streamId) {
        violation(u"%1: order_id '%2' is not the stream id"_s.arg(where, placed->orderId));
        stream.tainted = true;
    }
    if (const QString reason = Order::violation(stream.state, *decoded.event); !reason.isEmpty()) {
        violation(u"%1: %2"_s.arg(where, reason));
        stream.tainted = true;
    }
    Order::evolve(stream.state, *decoded.event);
}

bool Verification::checkSnapshots()
{
    SnapshotStore snapshots(m_store);
    // Not a null QString: that binds as NULL, and nothing compares greater than NULL.
    QString afterStream = u""_s;
    qint64 afterVersion = std::numeric_limits<qint64>::min();
    for (;;) {
        const QList<Snapshot> page
            = snapshots.page(afterStream, afterVersion, StoreVerifier::PageSize);
        if (!snapshots.errorString().isEmpty())
            return fail(snapshots.errorString());
        if (page.isEmpty())
            break;
        for (const Snapshot &snapshot : page) {
            checkSnapshot(snapshot);
            if (!m_report.error.isEmpty())
                return false;
        }
        afterStream = page.last().streamId;
        afterVersion = page.last().streamVersion;
        m_checked += page.size();
        reportProgress();
    }
    if (m_oldSnapshots > 0) {
        m_report.notes.append(u"%1 snapshot(s) of an old schema version are ignored, as loads "
                              "ignore them"_s.arg(m_oldSnapshots));
    }
    if (m_uncomparedSnapshots > 0) {
        m_report.notes.append(
            u"%1 snapshot(s) were not compared: their stream has an event that "
            "does not decode before the snapshot's version"_s.arg(m_uncomparedSnapshots));
    }
    return true;
}

void Verification::checkSnapshot(const Snapshot &snapshot)
{
    ++m_report.snapshots;
    if (snapshot.schemaVersion != SnapshotStore::CurrentSchemaVersion) {
        ++m_oldSnapshots;
        return;
    }
    const QString where = u"snapshot %1 v%2"_s.arg(snapshot.streamId).arg(snapshot.streamVersion);
    const auto stream = m_streams.constFind(snapshot.streamId);
    if (stream == m_streams.cend()) {
        violation(u"%1: the stream has no events"_s.arg(where));
        return;
    }
    if (snapshot.streamVersion < 1 || snapshot.streamVersion > stream->version) {
        violation(u"%1: the stream has no version %2 (it ends at v%3)"_s.arg(where)
                      .arg(snapshot.streamVersion)
                      .arg(stream->version));
        return;
    }
    const QJsonDocument document = QJsonDocument::fromJson(snapshot.state);
    const auto state = document.isObject() ? OrderState::fromJson(document.object()) : std::nullopt;
    if (!state) {
        violation(u"%1: the state is not a readable order state"_s.arg(where));
        return;
    }
    if (!refoldTo(snapshot.streamId, snapshot.streamVersion))
        return;
    if (m_foldBroken) {
        ++m_uncomparedSnapshots;
        return;
    }
    if (*state != m_fold) {
        violation(u"%1 differs from the fold of its events: %2"_s.arg(
            where, stateDifferences(*state, m_fold, u"the fold"_s)));
    }
}

// Folds m_foldStream forward to `version`, reading the stream in chunks.
bool Verification::refoldTo(const QString &streamId, qint64 version)
{
    if (streamId != m_foldStream || version < m_foldVersion) {
        m_foldStream = streamId;
        m_fold = {};
        m_foldVersion = 0;
        m_foldBroken = false;
    }
    while (m_foldVersion < version && !m_foldBroken) {
        const qint64 to = std::min(version, m_foldVersion + StoreVerifier::PageSize);
        const QList<RecordedEvent> events = m_store.readStream(streamId, m_foldVersion + 1, to);
        if (!m_store.errorString().isEmpty())
            return fail(m_store.errorString());
        for (const RecordedEvent &event : events) {
            const DecodedEvent decoded = event.decode();
            if (!decoded.event) {
                m_foldBroken = true;
                break;
            }
            Order::evolve(m_fold, *decoded.event);
        }
        m_foldVersion = to;
    }
    return true;
}

bool Verification::checkProjections()
{
    ParkedEvents parkedEvents(m_store);
    for (const auto &projection : createStandardProjections()) {
        const QString name = projection->name();
        ProjectionRunner runner(m_store, *projection);
        const qint64 checkpoint = runner.checkpoint();
        if (checkpoint < 0)
            return fail(
                u"reading the checkpoint of %1 failed: %2"_s.arg(name, m_store.errorString()));
        // A parked event was never applied to this read model, so its fresh fold leaves it out.
        const QList<ParkedEvent> parked = parkedEvents.list(name);
        if (!parkedEvents.errorString().isEmpty())
            return fail(parkedEvents.errorString());
        QSet<qint64> parkedPositions;
        for (const ParkedEvent &event : parked) {
            parkedPositions.insert(event.position);
            if (name == OrderSummary && event.eventType != u"OrderNoteAdded"_s)
                m_parkedSummaryStreams.insert(event.streamId);
        }
        if (!parked.isEmpty()) {
            m_report.notes.append(
                u"%1: %2 parked events are not in its read model (eslab parked)"_s.arg(name).arg(
                    parked.size()));
        }
        QString error;
        const std::optional<ProjectionHalt> halt = runner.halt(&error);
        if (!error.isEmpty())
            return fail(error);
        if (halt) {
            m_report.notes.append(u"%1 is halted at event %2 by its stop policy: %3"_s.arg(name)
                                      .arg(halt->position)
                                      .arg(halt->reason));
        }
        if (checkpoint > m_head) {
            violation(u"projection %1: checkpoint %2 is above the head %3"_s.arg(name)
                          .arg(checkpoint)
                          .arg(m_head));
            continue;
        }
        if (checkpoint < m_head) {
            m_report.notes.append(u"%1 is %2 events behind the head; its read model was not "
                                  "compared (run eslab catch-up)"_s.arg(name)
                                      .arg(m_head - checkpoint));
            continue;
        }
        for (const QString &difference :
             projection->differencesFromFreshFold(m_store, m_head, parkedPositions))
            violation(difference);
        m_report.projectionsChecked.append(name);
        if (name == OrderSummary && !crossCheckOrderSummary())
            return false;
    }
    return true;
}

// Compares order_summary with the aggregate states folded above: two independent folds of the
// same events. Streams that broke a rule or did not decode are left out, since a projection may
// fold rule-breaking events differently and the violation is already reported.
bool Verification::crossCheckOrderSummary()
{
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    if (!query.prepare(u"SELECT order_id, status, quantity, delivered, batches_executed, "
                       "batches_failed, points_charged, points_refunded FROM order_summary "
                       "WHERE order_id > ? ORDER BY order_id LIMIT ?"_s))
        return fail(u"reading order_summary failed: %1"_s.arg(query.lastError().text()));

    static const QStringList integerColumns { u"quantity"_s,         u"delivered"_s,
                                              u"batches_executed"_s, u"batches_failed"_s,
                                              u"points_charged"_s,   u"points_refunded"_s };
    qint64 left = 0;
    QString after = u""_s; // not null, which would bind as NULL

    for (;;) {
        query.bindValue(0, after);
        query.bindValue(1, StoreVerifier::PageSize);
        if (!query.exec())
            return fail(u"reading order_summary failed: %1"_s.arg(query.lastError().text()));
        int rows = 0;
        while (query.next()) {
            ++rows;
            after = query.value(0).toString();
            const QString where = u"order_summary %1"_s.arg(after);
            const auto found = m_streams.find(after);
            if (found == m_streams.end()) {
                violation(u"%1: a row for a stream that has no events"_s.arg(where));
                continue;
            }
            StreamCheck &stream = found.value();
            stream.summarized = true;
            if (stream.broken || stream.tainted || m_parkedSummaryStreams.contains(after)) {
                ++left;
                continue;
            }
            const OrderState &state = stream.state;
            const qint64 expected[]
                = { state.quantity,      state.delivered,     state.batchesExecuted,
                    state.batchesFailed, state.pointsCharged, state.pointsRefunded };
            QStringList parts;
            const QString status = query.value(1).toString();
            if (status != orderStatusName(state.status))
                parts.append(u"status is %1, the order's events give %2"_s.arg(
                    status, orderStatusName(state.status)));
            for (int i = 0; i < integerColumns.size(); ++i) {
                const QVariant value = query.value(2 + i);
                bool ok = false;
                const qint64 stored = value.toLongLong(&ok);
                if (!ok || stored != expected[i])
                    parts.append(u"%1 is %2, the order's events give %3"_s
                                     .arg(integerColumns[i], value.toString())
                                     .arg(expected[i]));
            }
            if (!parts.isEmpty())
                violation(u"%1: %2"_s.arg(where, parts.join(u"; "_s)));
        }
        if (query.lastError().isValid())
            return fail(u"reading order_summary failed: %1"_s.arg(query.lastError().text()));
        query.finish();
        if (rows < StoreVerifier::PageSize)
            break;
    }

    for (auto it = m_streams.cbegin(); it != m_streams.cend(); ++it) {
        if (it->summarized)
            continue;
        if (it->broken || it->tainted || it->state.status == OrderStatus::None
            || m_parkedSummaryStreams.contains(it.key()))
            ++left;
        else
            violation(u"order_summary %1: no row for this order"_s.arg(it.key()));
    }
    if (left > 0) {
        m_report.notes.append(u"%1 order(s) with violations or parked events were not "
                              "cross-checked against order_summary"_s.arg(left));
    }
    return true;
}

} // namespace

StoreVerifier::Report StoreVerifier::verify(const ProgressCallback &progress)
{
    return Verification(m_store, progress).run();
}

} // namespace eslab
