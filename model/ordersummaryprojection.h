#pragma once

#include "model/projection.h"
#include "model/rowbuffer.h"

#include <optional>

namespace eslab {

// One row of `order_summary`: what CS reads about one order.
struct OrderSummaryRow
{
    QString orderId; // the stream id
    QString customerId;
    QString service;
    QString status; // the aggregate's status string; empty before OrderPlaced
    qint64 quantity = 0;
    qint64 delivered = 0;
    double progressPct = 0.0; // 100 * delivered / quantity
    qint64 batchesExecuted = 0;
    qint64 batchesFailed = 0; // BatchFailed events, i.e. failed attempts
    qint64 pointsCharged = 0;
    qint64 pointsRefunded = 0;
    std::optional<QString> lastFailureReason; // NULL until a BatchFailed
    qint64 lastPosition = 0; // global_position of the last event folded into the row

    friend bool operator==(const OrderSummaryRow &, const OrderSummaryRow &) = default;
};

// The `order_summary` read model: one row per order, folded with the order aggregate's semantics
// (Order::evolve). A batch is folded in memory and each touched row is written once.
//
// Idempotent (ProjectionOptions::idempotent): an event at or below a row's last_position is
// already in the row and is ignored, so a duplicate delivery changes nothing; without it, a
// redelivered event is folded again. While ProjectionOptions::poisonFails, a poison
// OrderNoteAdded (`poison: true`, DESIGN section 5) fails the handler, as a handler bug would.
// Stateless between calls unless buffered (Projection::setBuffered); use it on the store's
// thread, inside the ProjectionRunner's transaction.
class OrderSummaryProjection final : public Projection
{
public:
    static QString projectionName();

    QString name() const override { return projectionName(); }
    [[nodiscard]] ApplyResult apply(EventStore &store, const QList<RecordedEvent> &events,
                                    const ProjectionOptions &options, ApplyMode mode) override;
    [[nodiscard]] bool clear(EventStore &store, QString *error) override;
    void keepStaged() override { m_rows.keepStaged(); }
    void discardStaged() override { m_rows.discardStaged(); }
    [[nodiscard]] bool writeBuffered(EventStore &store, QString *error) override;
    void forgetBuffered() override { m_rows.forget(); }
    using Projection::differencesFromFreshFold;
    QStringList differencesFromFreshFold(EventStore &store, qint64 position,
                                         const QSet<qint64> &excluded) override;

    // Folds one decoded event into `row` (the row of the event's stream), whatever the row's
    // last position, which becomes the higher of the two. The one fold used by apply() and by
    // the fresh fold. Returns false and sets `error` when the handler fails on the event (a
    // poison note while `poisonFails`); the row is then unchanged.
    [[nodiscard]] static bool fold(OrderSummaryRow &row, const RecordedEvent &recorded,
                                   const DomainEvent &event, bool poisonFails, QString *error);

private:
    // Writes `row`: an update when the table has it (`stored`), else an insert.
    static bool writeRow(EventStore &store, const OrderSummaryRow &row, bool stored,
                         QString *error);

    RowBuffer<OrderSummaryRow> m_rows; // empty unless buffered
};

} // namespace eslab
