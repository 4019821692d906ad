#include "model/ordersummaryprojection.h"

#include "model/eventstore.h"
#include "model/order.h"
#include "model/storestatement.h"
#include "model/textkeymap.h"

#include <QHash>
#include <QSet>
#include <QVariant>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

template<class... Ts> struct Overloaded : Ts...
{
    using Ts::operator()...;
};

#define SUMMARY_COLUMNS                                                                            \
    "customer_id, service, status, quantity, delivered, progress_pct, batches_executed, "          \
    "batches_failed, points_charged, points_refunded, last_failure_reason, last_position"

// The columns of a row after order_id, in the order of SUMMARY_COLUMNS.
const QStringList &valueColumns()
{
    static const QStringList columns = QString::fromLatin1(SUMMARY_COLUMNS).split(u", "_s);
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

// Reads the columns of SUMMARY_COLUMNS starting at `first`.
void readRow(const StoreStatement &query, int first, OrderSummaryRow *row)
{
    row->customerId = query.text(first);
    row->service = query.text(first + 1);
    row->status = query.text(first + 2);
    row->quantity = query.int64(first + 3);
    row->delivered = query.int64(first + 4);
    row->progressPct = query.real(first + 5);
    row->batchesExecuted = query.int64(first + 6);
    row->batchesFailed = query.int64(first + 7);
    row->pointsCharged = query.int64(first + 8);
    row->pointsRefunded = query.int64(first + 9);
    row->lastFailureReason
        = query.isNull(first + 10) ? std::nullopt : std::optional<QString>(query.text(first + 10));
    row->lastPosition = query.int64(first + 11);
}

bool sqlFailed(const StoreStatement &query, const QString &what, QString *error)
{
    *error = u"cannot %1: %2"_s.arg(what, query.errorString());
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
    StoreStatement *select
        = store.statement("SELECT " SUMMARY_COLUMNS " FROM order_summary WHERE order_id = ?");
    if (!select) {
        prepareFailed(store, u"prepare the row lookup"_s, &result.error);
        return result;
    }

    // Each row the batch reads, once, and folds in memory.
    struct Touched
    {
        OrderSummaryRow row;
        bool stored = false; // the table has the row
        bool changed = false; // a fold changed it
    };
    std::vector<Touched> touched;
    TextKeyMap<qsizetype> indexOf; // into touched, by order id
    QList<qsizetype> changed; // rows a fold changed, in the order of their first change
    for (const RecordedEvent &recorded : events) {
        qsizetype index;
        if (const auto found = indexOf.find(recorded.streamId); found != indexOf.cend()) {
            index = found->second;
        } else {
            Touched loaded;
            loaded.row.orderId = recorded.streamId;
            if (const RowBuffer<OrderSummaryRow>::Entry *held = m_rows.find(recorded.streamId)) {
                loaded.row = held->row;
                loaded.stored = held->stored;
            } else {
                select->bind(1, recorded.streamId);
                const StoreStatement::Step step = select->step();
                if (step == StoreStatement::Step::Failed) {
                    sqlFailed(*select, u"read the row of %1"_s.arg(recorded.streamId),
                              &result.error);
                    select->reset();
                    return result;
                }
                if (step == StoreStatement::Step::Row) {
                    readRow(*select, 0, &loaded.row);
                    loaded.stored = true;
                }
                select->reset();
                if (isBuffered())
                    m_rows.remember(recorded.streamId, { loaded.row, loaded.stored });
            }
            index = qsizetype(touched.size());
            touched.push_back(std::move(loaded));
            indexOf.emplace(recorded.streamId, index);
        }
        Touched &entry = touched[size_t(index)];
        // Already in the row: a duplicate delivery must not count twice.
        if (options.idempotent && mode == ApplyMode::Deliver
            && recorded.globalPosition <= entry.row.lastPosition) {
            ++result.ignored;
            continue;
        }
        const std::optional<DomainEvent> event = decodeForProjection(recorded, &result.error);
        if (!event || !fold(entry.row, recorded, *event, options.poisonFails, &result.error)) {
            result.failedPosition = recorded.globalPosition;
            break;
        }
        ++result.applied;
        if (!entry.changed) {
            entry.changed = true;
            changed.append(index);
        }
    }

    for (const qsizetype index : std::as_const(changed)) {
        Touched &entry = touched[size_t(index)];
        if (isBuffered()) {
            const QString orderId = entry.row.orderId;
            m_rows.stage(orderId, { std::move(entry.row), entry.stored });
        } else if (!writeRow(store, entry.row, entry.stored, &result.error)) {
            result.failedPosition = 0;
            return result;
        }
    }
    return result;
}

bool OrderSummaryProjection::writeRow(EventStore &store, const OrderSummaryRow &row, bool stored,
                                      QString *error)
{
    // A row the table has is updated in place; a new one is inserted.
    StoreStatement *write = stored
        ? store.statement("UPDATE order_summary SET customer_id = ?, service = ?, status = ?, "
                          "quantity = ?, delivered = ?, progress_pct = ?, batches_executed = ?, "
                          "batches_failed = ?, points_charged = ?, points_refunded = ?, "
                          "last_failure_reason = ?, last_position = ? WHERE order_id = ?")
        : store.statement("INSERT INTO order_summary (" SUMMARY_COLUMNS
                          ", order_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!write)
        return prepareFailed(store, u"prepare the row write"_s, error);
    write->bind(1, row.customerId);
    write->bind(2, row.service);
    write->bind(3, row.status);
    write->bind(4, row.quantity);
    write->bind(5, row.delivered);
    write->bind(6, row.progressPct);
    write->bind(7, row.batchesExecuted);
    write->bind(8, row.batchesFailed);
    write->bind(9, row.pointsCharged);
    write->bind(10, row.pointsRefunded);
    if (row.lastFailureReason)
        write->bind(11, *row.lastFailureReason);
    else
        write->bindNull(11);
    write->bind(12, row.lastPosition);
    write->bind(13, row.orderId);
    if (!write->run())
        return sqlFailed(*write, u"write the row of %1"_s.arg(row.orderId), error);
    return true;
}

bool OrderSummaryProjection::writeBuffered(EventStore &store, QString *error)
{
    return m_rows.writeDirty([&](const QString &, const RowBuffer<OrderSummaryRow>::Entry &entry) {
        return writeRow(store, entry.row, entry.stored, error);
    });
}

bool OrderSummaryProjection::clear(EventStore &store, QString *error)
{
    StoreStatement *query = store.statement("DELETE FROM order_summary");
    if (query && query->run())
        return true;
    *error = u"cannot clear the read model: %1"_s.arg(query ? query->errorString()
                                                            : store.errorString());
    return false;
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
    StoreStatement *query = store.statement("SELECT order_id, " SUMMARY_COLUMNS
                                            " FROM order_summary ORDER BY order_id");
    if (!query)
        return { projectionName() + u": "_s + store.errorString() };
    StoreStatement::Step step;
    while ((step = query->step()) == StoreStatement::Step::Row) {
        OrderSummaryRow row;
        row.orderId = query->text(0);
        readRow(*query, 1, &row);
        stored.append({ row.orderId, valuesOf(row) });
    }
    if (step == StoreStatement::Step::Failed) {
        sqlFailed(*query, u"read the read model"_s, &error);
        query->reset();
        return { projectionName() + u": "_s + error };
    }
    query->reset();

    QList<ReadModelRow> folded;
    folded.reserve(order.size());
    for (const QString &orderId : std::as_const(order))
        folded.append({ orderId, valuesOf(fresh[orderId]) });
    return cappedDifferences(compareReadModel(projectionName(), valueColumns(), stored, folded));
}

} // namespace eslab
