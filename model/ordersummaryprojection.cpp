#include "model/ordersummaryprojection.h"

#include "model/eventstore.h"
#include "model/order.h"

#include <QHash>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

template<class... Ts> struct Overloaded : Ts...
{
    using Ts::operator()...;
};

const QString SelectColumns = u"customer_id, service, status, quantity, delivered, progress_pct, "
                              "batches_executed, batches_failed, points_charged, points_refunded, "
                              "last_failure_reason, last_position"_s;

// The columns of a row after order_id, in the order of SelectColumns.
const QStringList &valueColumns()
{
    static const QStringList columns = SelectColumns.split(u", "_s);
    return columns;
}

QVariantList valuesOf(const OrderSummaryRow &row)
{
    return { row.customerId,
             row.service,
             row.status,
             row.quantity,
             row.delivered,
             row.progressPct,
             row.batchesExecuted,
             row.batchesFailed,
             row.pointsCharged,
             row.pointsRefunded,
             row.lastFailureReason ? QVariant(*row.lastFailureReason) : QVariant(),
             row.lastPosition };
}

// Reads the columns of SelectColumns starting at `first`.
void readRow(const QSqlQuery &query, int first, OrderSummaryRow *row)
{
    row->customerId = query.value(first).toString();
    row->service = query.value(first + 1).toString();
    row->status = query.value(first + 2).toString();
    row->quantity = query.value(first + 3).toLongLong();
    row->delivered = query.value(first + 4).toLongLong();
    row->progressPct = query.value(first + 5).toDouble();
    row->batchesExecuted = query.value(first + 6).toLongLong();
    row->batchesFailed = query.value(first + 7).toLongLong();
    row->pointsCharged = query.value(first + 8).toLongLong();
    row->pointsRefunded = query.value(first + 9).toLongLong();
    const QVariant reason = query.value(first + 10);
    row->lastFailureReason
        = reason.isNull() ? std::nullopt : std::optional<QString>(reason.toString());
    row->lastPosition = query.value(first + 11).toLongLong();
}

bool sqlFailed(const QSqlQuery &query, const QString &what, QString *error)
{
    *error = u"cannot %1: %2"_s.arg(what, query.lastError().text());
    return false;
}

bool prepareFailed(const EventStore &store, const QString &what, QString *error)
{
    *error = u"cannot %1: %2"_s.arg(what, store.errorString());
    return false;
}

} // namespace

QString OrderSummaryProjection::projectionName()
{
    return u"order_summary"_s;
}

bool OrderSummaryProjection::fold(OrderSummaryRow &row, const RecordedEvent &recorded,
                                  const DomainEvent &event, bool poisonFails, QString *error)
{
    if (QString failure = poisonHandlerFailure(recorded, event, poisonFails); !failure.isEmpty()) {
        *error = std::move(failure);
        return false;
    }
    std::visit(
        Overloaded {
            [&](const OrderPlaced &e) {
                row.customerId = e.customerId;
                row.service = e.service;
                row.status = orderStatusName(OrderStatus::Placed);
                row.quantity = e.quantity;
            },
            [&](const PointsDeducted &e) {
                row.status = orderStatusName(OrderStatus::Paid);
                row.pointsCharged += e.amount;
            },
            [&](const PaymentFailed &) { row.status = orderStatusName(OrderStatus::Rejected); },
            [&](const OrderStarted &) { row.status = orderStatusName(OrderStatus::InProgress); },
            [&](const BatchExecuted &e) {
                row.delivered += e.delivered;
                row.batchesExecuted += 1;
            },
            [&](const BatchFailed &e) {
                row.batchesFailed += 1;
                row.lastFailureReason = e.reason;
            },
            [&](const OrderCompleted &) { row.status = orderStatusName(OrderStatus::Completed); },
            [&](const OrderFailed &) { row.status = orderStatusName(OrderStatus::Failed); },
            [&](const OrderCancelled &) { row.status = orderStatusName(OrderStatus::Cancelled); },
            [&](const PointsRefunded &e) { row.pointsRefunded += e.amount; },
            [](const OrderNoteAdded &) {},
        },
        event);
    row.progressPct = row.quantity > 0
        ? 100.0 * static_cast<double>(row.delivered) / static_cast<double>(row.quantity)
        : 0.0;
    row.lastPosition = std::max(row.lastPosition, recorded.globalPosition);
    return true;
}

ApplyResult OrderSummaryProjection::apply(EventStore &store, const QList<RecordedEvent> &events,
                                          const ProjectionOptions &options, ApplyMode mode)
{
    ApplyResult result;
    QSqlQuery *selectStatement = store.prepared(u"SELECT "_s + SelectColumns
                                                + u" FROM order_summary WHERE order_id = ?"_s);
    if (!selectStatement) {
        prepareFailed(store, u"prepare the row lookup"_s, &result.error);
        return result;
    }
    QSqlQuery &select = *selectStatement;

    QHash<QString, OrderSummaryRow> rows;
    QStringList changed; // rows a fold changed, in the order of their first change
    QSet<QString> isChanged;
    for (const RecordedEvent &recorded : events) {
        auto row = rows.find(recorded.streamId);
        if (row == rows.end()) {
            OrderSummaryRow loaded;
            loaded.orderId = recorded.streamId;
            select.bindValue(0, recorded.streamId);
            if (!select.exec()) {
                sqlFailed(select, u"read the row of %1"_s.arg(recorded.streamId), &result.error);
                return result;
            }
            if (select.next())
                readRow(select, 0, &loaded);
            select.finish();
            row = rows.insert(recorded.streamId, loaded);
        }
        // Already in the row: a duplicate delivery must not count twice.
        if (options.idempotent && mode == ApplyMode::Deliver
            && recorded.globalPosition <= row->lastPosition) {
            ++result.ignored;
            continue;
        }
        const std::optional<DomainEvent> event = decodeForProjection(recorded, &result.error);
        if (!event || !fold(*row, recorded, *event, options.poisonFails, &result.error)) {
            result.failedPosition = recorded.globalPosition;
            break;
        }
        ++result.applied;
        if (!isChanged.contains(recorded.streamId)) {
            isChanged.insert(recorded.streamId);
            changed.append(recorded.streamId);
        }
    }

    QSqlQuery *writeStatement
        = store.prepared(u"INSERT OR REPLACE INTO order_summary (order_id, "_s + SelectColumns
                         + u") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    if (!writeStatement) {
        result.failedPosition = 0;
        prepareFailed(store, u"prepare the row write"_s, &result.error);
        return result;
    }
    QSqlQuery &write = *writeStatement;
    for (const QString &orderId : std::as_const(changed)) {
        const OrderSummaryRow &row = rows[orderId];
        write.bindValue(0, row.orderId);
        const QVariantList values = valuesOf(row);
        for (qsizetype i = 0; i < values.size(); ++i)
            write.bindValue(static_cast<int>(i + 1), values.at(i));
        if (!write.exec()) {
            result.failedPosition = 0;
            sqlFailed(write, u"write the row of %1"_s.arg(orderId), &result.error);
            return result;
        }
    }
    return result;
}

bool OrderSummaryProjection::clear(EventStore &store, QString *error)
{
    QSqlQuery query(store.database());
    if (!query.exec(u"DELETE FROM order_summary"_s))
        return sqlFailed(query, u"clear the read model"_s, error);
    return true;
}

QStringList OrderSummaryProjection::differencesFromFreshFold(EventStore &store, qint64 position,
                                                             const QSet<qint64> &excluded)
{
    QHash<QString, OrderSummaryRow> fresh;
    QStringList order;
    QString error;
    const bool read = forEachEventUpTo(
        store, position,
        [&](const RecordedEvent &recorded) {
            if (excluded.contains(recorded.globalPosition))
                return;
            QString skipped;
            const std::optional<DomainEvent> event = decodeForProjection(recorded, &skipped);
            if (!event)
                return;
            auto row = fresh.find(recorded.streamId);
            if (row == fresh.end()) {
                OrderSummaryRow first;
                first.orderId = recorded.streamId;
                row = fresh.insert(recorded.streamId, first);
                order.append(recorded.streamId);
            }
            (void)fold(*row, recorded, *event, false, &skipped);
        },
        &error);
    if (!read)
        return { u"order_summary: cannot read the events for a fresh fold: %1"_s.arg(error) };

    QList<ReadModelRow> stored;
    QSqlQuery query(store.database());
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT order_id, "_s + SelectColumns
                    + u" FROM order_summary ORDER BY order_id"_s)) {
        sqlFailed(query, u"read the read model"_s, &error);
        return { projectionName() + u": "_s + error };
    }
    while (query.next()) {
        OrderSummaryRow row;
        row.orderId = query.value(0).toString();
        readRow(query, 1, &row);
        stored.append({ row.orderId, valuesOf(row) });
    }
    if (query.lastError().isValid()) {
        sqlFailed(query, u"read the read model"_s, &error);
        return { projectionName() + u": "_s + error };
    }

    QList<ReadModelRow> folded;
    folded.reserve(order.size());
    for (const QString &orderId : std::as_const(order))
        folded.append({ orderId, valuesOf(fresh[orderId]) });
    return cappedDifferences(compareReadModel(projectionName(), valueColumns(), stored, folded));
}

} // namespace eslab
