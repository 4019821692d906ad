#pragma once

#include "model/events.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace eslab {

enum class OrderStatus { None, Placed, Paid, Rejected, InProgress, Completed, Failed, Cancelled };

// "placed", "in_progress", ...; an empty string for None (a stream with no events).
QString orderStatusName(OrderStatus status);
std::optional<OrderStatus> orderStatusFromName(const QString &name);
bool isFinished(OrderStatus status);

// The stream id of order n: "order-000042".
QString orderStreamId(qint64 orderNumber);
// The n of a canonical order stream id, -1 for anything else: "order-42" and "order-0000042"
// both name order 42 but are not its stream.
qint64 orderNumberOf(const QString &streamId);

struct LastFailure
{
    qint64 batchNo = 0;
    QString reason;
    friend bool operator==(const LastFailure &, const LastFailure &) = default;
};

// The state of one order, folded from its stream. Its JSON form (snapshots, the inspector,
// `eslab inspect`) has exactly the keys of DESIGN section 1.
struct OrderState
{
    QString orderId;
    OrderStatus status = OrderStatus::None;
    qint64 quantity = 0;
    qint64 batchSize = 0;
    qint64 pricePoints = 0;
    qint64 delivered = 0;
    qint64 batchesExecuted = 0;
    qint64 batchesFailed = 0;
    qint64 nextBatchNo = 1;
    std::optional<qint64> lastSuccessBatchNo;
    std::optional<LastFailure> lastFailure;
    qint64 pointsCharged = 0;
    qint64 pointsRefunded = 0;
    qint64 version = 0;

    // What the customer gets back when the order ends now: points_charged * undelivered / quantity,
    // rounded down.
    qint64 refundDue() const;
    // True after OrderFailed or OrderCancelled until their PointsRefunded is folded.
    bool awaitsRefund() const;

    QJsonObject toJson() const;
    // Reads the JSON form back; empty when a key is missing or has the wrong type.
    static std::optional<OrderState> fromJson(const QJsonObject &json);

    friend bool operator==(const OrderState &, const OrderState &) = default;
};

// The outcome of a command: the events to append, all in one append, or a rejection with its
// reason (and then no events). An accepted command may decide no events (an idempotent repeat).
struct Decision
{
    QList<DomainEvent> events;
    QString rejection;

    bool isAccepted() const { return rejection.isEmpty(); }
    static Decision rejected(const QString &reason) { return { {}, reason }; }
};

// The order aggregate: commands decide events from the current state, events evolve the state.
// Every rule of DESIGN section 1 lives in violation(), which the commands apply to what they
// decide and `eslab verify` applies to every stored event on replay. A value type; any thread.
class Order
{
public:
    Order() = default;
    explicit Order(OrderState state)
        : m_state(std::move(state))
    { }

    const OrderState &state() const { return m_state; }

    Decision place(const OrderPlaced &placed) const;
    Decision deductPoints() const;
    Decision failPayment(const QString &reason) const;
    Decision start() const;
    // Records a batch that ran. A batch already recorded is an idempotent no-op (no events);
    // the batch that delivers the last unit also completes the order.
    Decision executeBatch(const BatchExecuted &batch) const;
    // Records a failed attempt; without a retry the order fails and is refunded in the same append.
    Decision failBatch(const BatchFailed &failure) const;
    Decision cancel(const QString &reason, const QString &by) const;
    Decision addNote(const QString &note, bool poison = false) const;

    // Folds one event into the state (no checks: stored events are facts).
    static void evolve(OrderState &state, const DomainEvent &event);
    // Why `event` may not follow `state`, or an empty string when it may.
    static QString violation(const OrderState &state, const DomainEvent &event);

    void apply(const DomainEvent &event) { evolve(m_state, event); }

private:
    Decision decide(QList<DomainEvent> events) const;

    OrderState m_state;
};

} // namespace eslab
