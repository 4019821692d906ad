#pragma once

#include "model/projection.h"
#include "model/rowbuffer.h"

namespace eslab {

// One order's contribution to `service_stats`, as kept in `service_stats_orders`.
struct ServiceStatsOrder
{
    QString orderId;
    QString service;
    QString status; // the aggregate's status string; empty before OrderPlaced
    qint64 quantity = 0;
    qint64 delivered = 0;
    qint64 points = 0; // points charged minus points refunded
    qint64 lastPosition = 0; // global_position of the last event folded into the order

    friend bool operator==(const ServiceStatsOrder &, const ServiceStatsOrder &) = default;
};

// One row of `service_stats`: the orders of one service that are currently in one status.
struct ServiceStatsRow
{
    QString service;
    QString status;
    qint64 orders = 0;
    qint64 quantity = 0; // quantity ordered
    qint64 delivered = 0;
    qint64 points = 0; // points charged minus points refunded

    friend bool operator==(const ServiceStatsRow &, const ServiceStatsRow &) = default;
};

// The `service_stats` read model: per service and status, how many orders are in that status and
// their quantity, delivery and net points. Each order's contribution is kept in
// `service_stats_orders`, so that a status change moves the order from one bucket to another.
//
// Invariant: every service_stats row is the sum of the service_stats_orders rows with its
// service and status, and a bucket whose order count drops to 0 has no row. A batch is folded in
// memory and each touched row of either table is written once. Idempotent
// (ProjectionOptions::idempotent): an event at or below its order's last_position is ignored;
// without it, a redelivered event is folded again. While ProjectionOptions::poisonFails, a poison
// OrderNoteAdded fails the handler, as a handler bug would. Stateless between calls unless
// buffered (Projection::setBuffered); use it on the store's thread, inside the
// ProjectionRunner's transaction.
class ServiceStatsProjection final : public Projection
{
public:
    static QString projectionName();

    QString name() const override { return projectionName(); }
    [[nodiscard]] ApplyResult apply(EventStore &store, const QList<RecordedEvent> &events,
                                    const ProjectionOptions &options, ApplyMode mode) override;
    [[nodiscard]] bool clear(EventStore &store, QString *error) override;
    void keepStaged() override;
    void discardStaged() override;
    [[nodiscard]] bool writeBuffered(EventStore &store, QString *error) override;
    void forgetBuffered() override;
    using Projection::differencesFromFreshFold;
    QStringList differencesFromFreshFold(EventStore &store, qint64 position,
                                         const QSet<qint64> &excluded) override;

    // Folds one decoded event into `order` (the order of the event's stream), whatever the
    // order's last position, which becomes the higher of the two. The one fold used by apply()
    // and by the fresh fold. Returns false and sets `error` when the handler fails on the event
    // (a poison note while `poisonFails`); the order is then unchanged.
    [[nodiscard]] static bool fold(ServiceStatsOrder &order, const RecordedEvent &recorded,
                                   const DomainEvent &event, bool poisonFails, QString *error);

private:
    // Writes a bucket; one with no orders left is removed.
    static bool writeBucket(EventStore &store, const ServiceStatsRow &row, QString *error);
    // Writes an order's row: an update when the table has it (`stored`), else an insert.
    static bool writeOrder(EventStore &store, const ServiceStatsOrder &order, bool stored,
                           QString *error);

    // Both empty unless buffered; buckets by "service/status".
    RowBuffer<ServiceStatsRow> m_buckets;
    RowBuffer<ServiceStatsOrder> m_orders;
};

} // namespace eslab
