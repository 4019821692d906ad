#include "model/servicestatsprojection.h"

#include "model/eventstore.h"
#include "model/order.h"
#include "model/storestatement.h"
#include "model/textkeymap.h"

#include <QHash>
#include <QMap>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
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

using BucketKey = std::pair<QString, QString>; // service, status

QString keyName(const BucketKey &key)
{
    return key.first + u'/' + key.second;
}

// An order counts in a bucket once it has been placed.
std::optional<BucketKey> bucketOf(const ServiceStatsOrder &order)
{
    if (order.status.isEmpty())
        return std::nullopt;
    return BucketKey { order.service, order.status };
}

void add(ServiceStatsRow &row, const ServiceStatsOrder &order, qint64 sign)
{
    row.orders += sign;
    row.quantity += sign * order.quantity;
    row.delivered += sign * order.delivered;
    row.points += sign * order.points;
}

bool isZero(const ServiceStatsRow &row)
{
    return row.orders == 0 && row.quantity == 0 && row.delivered == 0 && row.points == 0;
}

QVariantList valuesOf(const ServiceStatsRow &row)
{
    return { row.orders, row.quantity, row.delivered, row.points };
}

QVariantList valuesOf(const ServiceStatsOrder &order)
{
    return { order.service,   order.status, order.quantity,
             order.delivered, order.points, order.lastPosition };
}

const QStringList &bucketColumns()
{
    static const QStringList columns { u"orders"_s, u"quantity"_s, u"delivered"_s, u"points"_s };
    return columns;
}

const QStringList &orderColumns()
{
    static const QStringList columns { u"service"_s,   u"status"_s, u"quantity"_s,
                                       u"delivered"_s, u"points"_s, u"last_position"_s };
    return columns;
}

bool sqlFailed(const QSqlQuery &query, const QString &what, QString *error)
{
    *error = u"cannot %1: %2"_s.arg(what, query.lastError().text());
    return false;
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

// Folds one event into the order of its stream in `orders` as the fixed handler would, adding
// the order on its first event.
void foldFresh(QHash<QString, ServiceStatsOrder> &orders, QStringList &order,
               const RecordedEvent &recorded)
{
    QString skipped;
    const std::optional<DomainEvent> event = decodeForProjection(recorded, &skipped);
    if (!event)
        return;
    auto found = orders.find(recorded.streamId);
    if (found == orders.end()) {
        ServiceStatsOrder first;
        first.orderId = recorded.streamId;
        found = orders.insert(recorded.streamId, first);
        order.append(recorded.streamId);
    }
    (void)ServiceStatsProjection::fold(*found, recorded, *event, false, &skipped);
}

} // namespace

QString ServiceStatsProjection::projectionName()
{
    return u"service_stats"_s;
}

bool ServiceStatsProjection::fold(ServiceStatsOrder &order, const RecordedEvent &recorded,
                                  const DomainEvent &event, bool poisonFails, QString *error)
{
    if (QString failure = poisonHandlerFailure(recorded, event, poisonFails); !failure.isEmpty()) {
        *error = std::move(failure);
        return false;
    }
    std::visit(
        Overloaded {
            [&](const OrderPlaced &e) {
                order.service = e.service;
                order.status = orderStatusName(OrderStatus::Placed);
                order.quantity = e.quantity;
            },
            [&](const PointsDeducted &e) {
                order.status = orderStatusName(OrderStatus::Paid);
                order.points += e.amount;
            },
            [&](const PaymentFailed &) { order.status = orderStatusName(OrderStatus::Rejected); },
            [&](const OrderStarted &) { order.status = orderStatusName(OrderStatus::InProgress); },
            [&](const BatchExecuted &e) { order.delivered += e.delivered; },
            [](const BatchFailed &) {},
            [&](const OrderCompleted &) { order.status = orderStatusName(OrderStatus::Completed); },
            [&](const OrderFailed &) { order.status = orderStatusName(OrderStatus::Failed); },
            [&](const OrderCancelled &) { order.status = orderStatusName(OrderStatus::Cancelled); },
            [&](const PointsRefunded &e) { order.points -= e.amount; },
            [](const OrderNoteAdded &) {},
        },
        event);
    order.lastPosition = std::max(order.lastPosition, recorded.globalPosition);
    return true;
}

ApplyResult ServiceStatsProjection::apply(EventStore &store, const QList<RecordedEvent> &events,
                                          const ProjectionOptions &options, ApplyMode mode)
{
    ApplyResult result;
    QString *error = &result.error;
    // Wraps sqlFailed()/prepareFailed(), which set `error`: a store error leaves failedPosition
    // at 0 whatever the handler did before it, so that the runner rolls everything back.
    const auto storeFailed = [&](bool /* always false */) {
        result.failedPosition = 0;
        return result;
    };
    StoreStatement *selectOrder
        = store.statement("SELECT service, status, quantity, delivered, points, last_position "
                          "FROM service_stats_orders WHERE order_id = ?");
    if (!selectOrder)
        return storeFailed(prepareFailed(store, u"prepare the order lookup"_s, error));

    // Each order the batch reads, once: as it was before the batch (nullopt when it has no row
    // yet) and as the batch's folds leave it.
    struct Touched
    {
        std::optional<ServiceStatsOrder> before;
        ServiceStatsOrder after;
        bool stored = false; // the table has a row for it
        bool changed = false; // a fold changed it
    };
    std::vector<Touched> orders;
    TextKeyMap<qsizetype> indexOf; // into orders, by order id
    QList<qsizetype> changed; // orders a fold changed, in the order of their first change
    for (const RecordedEvent &recorded : events) {
        qsizetype index;
        if (const auto found = indexOf.find(recorded.streamId); found != indexOf.cend()) {
            index = found->second;
        } else {
            Touched loaded;
            loaded.after.orderId = recorded.streamId;
            if (const RowBuffer<ServiceStatsOrder>::Entry *held
                = m_orders.find(recorded.streamId)) {
                loaded.after = held->row;
                loaded.before = held->row;
                loaded.stored = held->stored;
            } else {
                selectOrder->bind(1, recorded.streamId);
                const StoreStatement::Step step = selectOrder->step();
                if (step == StoreStatement::Step::Failed)
                    return storeFailed(sqlFailed(
                        *selectOrder, u"read the order %1"_s.arg(recorded.streamId), error));
                if (step == StoreStatement::Step::Row) {
                    loaded.after.service = selectOrder->text(0);
                    loaded.after.status = selectOrder->text(1);
                    loaded.after.quantity = selectOrder->int64(2);
                    loaded.after.delivered = selectOrder->int64(3);
                    loaded.after.points = selectOrder->int64(4);
                    loaded.after.lastPosition = selectOrder->int64(5);
                    loaded.before = loaded.after;
                    loaded.stored = true;
                    if (isBuffered())
                        m_orders.remember(recorded.streamId, { loaded.after, true });
                }
                selectOrder->reset();
            }
            index = qsizetype(orders.size());
            orders.push_back(std::move(loaded));
            indexOf.emplace(recorded.streamId, index);
        }
        Touched &order = orders[size_t(index)];
        // Already in the order: a duplicate delivery must not count twice.
        if (options.idempotent && mode == ApplyMode::Deliver
            && recorded.globalPosition <= order.after.lastPosition) {
            ++result.ignored;
            continue;
        }
        const std::optional<DomainEvent> event = decodeForProjection(recorded, error);
        if (!event || !fold(order.after, recorded, *event, options.poisonFails, error)) {
            result.failedPosition = recorded.globalPosition;
            break;
        }
        ++result.applied;
        if (!order.changed) {
            order.changed = true;
            changed.append(index);
        }
    }

    // A status change moves the order's whole contribution from its old bucket to its new one.
    QMap<BucketKey, ServiceStatsRow> deltas;
    for (const qsizetype index : std::as_const(changed)) {
        const Touched &order = orders[size_t(index)];
        if (order.before) {
            if (const auto key = bucketOf(*order.before))
                add(deltas[*key], *order.before, -1);
        }
        if (const auto key = bucketOf(order.after))
            add(deltas[*key], order.after, +1);
    }

    StoreStatement *selectBucket
        = store.statement("SELECT orders, quantity, delivered, points FROM service_stats "
                          "WHERE service = ? AND status = ?");
    if (!selectBucket)
        return storeFailed(prepareFailed(store, u"prepare the bucket lookup"_s, error));
    for (auto delta = deltas.cbegin(); delta != deltas.cend(); ++delta) {
        if (isZero(delta.value()))
            continue;
        const BucketKey &key = delta.key();
        const QString name = keyName(key);
        ServiceStatsRow row { key.first, key.second };
        if (const RowBuffer<ServiceStatsRow>::Entry *held = m_buckets.find(name)) {
            row = held->row;
        } else {
            selectBucket->bind(1, key.first);
            selectBucket->bind(2, key.second);
            const StoreStatement::Step step = selectBucket->step();
            if (step == StoreStatement::Step::Failed)
                return storeFailed(
                    sqlFailed(*selectBucket, u"read the bucket %1"_s.arg(name), error));
            if (step == StoreStatement::Step::Row) {
                row.orders = selectBucket->int64(0);
                row.quantity = selectBucket->int64(1);
                row.delivered = selectBucket->int64(2);
                row.points = selectBucket->int64(3);
            }
            selectBucket->reset();
            if (isBuffered())
                m_buckets.remember(name, { row, step == StoreStatement::Step::Row });
        }
        row.orders += delta->orders;
        row.quantity += delta->quantity;
        row.delivered += delta->delivered;
        row.points += delta->points;
        if (isBuffered())
            m_buckets.stage(name, { row, true });
        else if (!writeBucket(store, row, error))
            return storeFailed(false);
    }

    for (const qsizetype index : std::as_const(changed)) {
        Touched &touched = orders[size_t(index)];
        if (isBuffered()) {
            const QString orderId = touched.after.orderId;
            m_orders.stage(orderId, { std::move(touched.after), touched.stored });
        } else if (!writeOrder(store, touched.after, touched.stored, error))
            return storeFailed(false);
    }
    return result;
}

bool ServiceStatsProjection::writeBucket(EventStore &store, const ServiceStatsRow &row,
                                         QString *error)
{
    const QString name = keyName({ row.service, row.status });
    if (row.orders == 0) {
        StoreStatement *remove
            = store.statement("DELETE FROM service_stats WHERE service = ? AND status = ?");
        if (!remove)
            return prepareFailed(store, u"prepare the bucket removal"_s, error);
        remove->bind(1, row.service);
        remove->bind(2, row.status);
        if (!remove->run())
            return sqlFailed(*remove, u"remove the bucket %1"_s.arg(name), error);
        return true;
    }
    StoreStatement *write
        = store.statement("INSERT INTO service_stats "
                          "(service, status, orders, quantity, delivered, points) "
                          "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (service, status) DO UPDATE SET "
                          "orders = excluded.orders, quantity = excluded.quantity, "
                          "delivered = excluded.delivered, points = excluded.points");
    if (!write)
        return prepareFailed(store, u"prepare the bucket write"_s, error);
    write->bind(1, row.service);
    write->bind(2, row.status);
    write->bind(3, row.orders);
    write->bind(4, row.quantity);
    write->bind(5, row.delivered);
    write->bind(6, row.points);
    if (!write->run())
        return sqlFailed(*write, u"write the bucket %1"_s.arg(name), error);
    return true;
}

bool ServiceStatsProjection::writeOrder(EventStore &store, const ServiceStatsOrder &order,
                                        bool stored, QString *error)
{
    // An order the table has is updated in place; a new one is inserted.
    StoreStatement *write = stored
        ? store.statement("UPDATE service_stats_orders SET service = ?, status = ?, "
                          "quantity = ?, delivered = ?, points = ?, last_position = ? "
                          "WHERE order_id = ?")
        : store.statement("INSERT INTO service_stats_orders "
                          "(service, status, quantity, delivered, points, last_position, "
                          "order_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!write)
        return prepareFailed(store, u"prepare the order write"_s, error);
    write->bind(1, order.service);
    write->bind(2, order.status);
    write->bind(3, order.quantity);
    write->bind(4, order.delivered);
    write->bind(5, order.points);
    write->bind(6, order.lastPosition);
    write->bind(7, order.orderId);
    if (!write->run())
        return sqlFailed(*write, u"write the order %1"_s.arg(order.orderId), error);
    return true;
}

bool ServiceStatsProjection::writeBuffered(EventStore &store, QString *error)
{
    return m_buckets.writeDirty(
               [&](const QString &, const RowBuffer<ServiceStatsRow>::Entry &entry) {
                   return writeBucket(store, entry.row, error);
               })
        && m_orders.writeDirty(
            [&](const QString &, const RowBuffer<ServiceStatsOrder>::Entry &entry) {
                return writeOrder(store, entry.row, entry.stored, error);
            });
}

void ServiceStatsProjection::keepStaged()
{
    m_buckets.keepStaged();
    m_orders.keepStaged();
}

void ServiceStatsProjection::discardStaged()
{
    m_buckets.discardStaged();
    m_orders.discardStaged();
}

void ServiceStatsProjection::forgetBuffered()
{
    m_buckets.forget();
    m_orders.forget();
}

bool ServiceStatsProjection::clear(EventStore &store, QString *error)
{
    QSqlQuery query(store.database());
    if (!query.exec(u"DELETE FROM service_stats"_s))
        return sqlFailed(query, u"clear the read model"_s, error);
    if (!query.exec(u"DELETE FROM service_stats_orders"_s))
        return sqlFailed(query, u"clear the per-order table"_s, error);
    return true;
}

QStringList ServiceStatsProjection::differencesFromFreshFold(EventStore &store, qint64 position,
                                                             const QSet<qint64> &excluded)
{
    QHash<QString, ServiceStatsOrder> orders;
    QStringList order;
    QString error;
    const bool read = forEachEventUpTo(
        store, position,
        [&](const RecordedEvent &recorded) {
            if (!excluded.contains(recorded.globalPosition))
                foldFresh(orders, order, recorded);
        },
        &error);
    if (!read)
        return { u"service_stats: cannot read the events for a fresh fold: %1"_s.arg(error) };

    QMap<BucketKey, ServiceStatsRow> buckets;
    QList<ReadModelRow> freshOrders;
    freshOrders.reserve(order.size());
    for (const QString &orderId : std::as_const(order)) {
        const ServiceStatsOrder &folded = orders[orderId];
        freshOrders.append({ orderId, valuesOf(folded) });
        if (const auto key = bucketOf(folded)) {
            ServiceStatsRow &row = buckets[*key];
            row.service = key->first;
            row.status = key->second;
            add(row, folded, +1);
        }
    }
    QList<ReadModelRow> freshBuckets;
    for (auto bucket = buckets.cbegin(); bucket != buckets.cend(); ++bucket)
        freshBuckets.append({ keyName(bucket.key()), valuesOf(bucket.value()) });

    QList<ReadModelRow> storedBuckets;
    QSqlQuery query(store.database());
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT service, status, orders, quantity, delivered, points "
                    "FROM service_stats ORDER BY service, status"_s)) {
        sqlFailed(query, u"read the read model"_s, &error);
        return { projectionName() + u": "_s + error };
    }
    while (query.next()) {
        ServiceStatsRow row { query.value(0).toString(),   query.value(1).toString(),
                              query.value(2).toLongLong(), query.value(3).toLongLong(),
                              query.value(4).toLongLong(), query.value(5).toLongLong() };
        storedBuckets.append({ keyName({ row.service, row.status }), valuesOf(row) });
    }
    if (query.lastError().isValid()) {
        sqlFailed(query, u"read the read model"_s, &error);
        return { projectionName() + u": "_s + error };
    }

    QList<ReadModelRow> storedOrders;
    if (!query.exec(u"SELECT order_id, service, status, quantity, delivered, points, "
                    "last_position FROM service_stats_orders ORDER BY order_id"_s)) {
        sqlFailed(query, u"read the per-order table"_s, &error);
        return { projectionName() + u": "_s + error };
    }
    while (query.next()) {
        ServiceStatsOrder stored { query.value(0).toString(),   query.value(1).toString(),
                                   query.value(2).toString(),   query.value(3).toLongLong(),
                                   query.value(4).toLongLong(), query.value(5).toLongLong(),
                                   query.value(6).toLongLong() };
        storedOrders.append({ stored.orderId, valuesOf(stored) });
    }
    if (query.lastError().isValid()) {
        sqlFailed(query, u"read the per-order table"_s, &error);
        return { projectionName() + u": "_s + error };
    }

    QStringList lines
        = compareReadModel(projectionName(), bucketColumns(), storedBuckets, freshBuckets);
    lines += compareReadModel(u"service_stats_orders"_s, orderColumns(), storedOrders, freshOrders);
    return cappedDifferences(std::move(lines));
}

} // namespace eslab
