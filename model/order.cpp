#include "model/order.h"

#include <QJsonValue>

#include <cmath>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

__extension__ typedef __int128 WideInt;

template<class... Ts> struct Overloaded : Ts...
{
    using Ts::operator()...;
};

qint64 batchesFor(qint64 quantity, qint64 batchSize)
{
    return batchSize > 0 ? (quantity + batchSize - 1) / batchSize : 0;
}

std::optional<qint64> integerField(const QJsonObject &json, const QString &key)
{
    // JSON numbers are doubles; past 2^53 - 1 they are not exact, and converting a double
    // outside qint64's range is undefined.
    constexpr double MaxExactInteger = 9007199254740991.0;
    const QJsonValue value = json.value(key);
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (!(std::abs(number) <= MaxExactInteger) || std::trunc(number) != number)
        return std::nullopt;
    return static_cast<qint64>(number);
}

} // namespace

QString orderStatusName(OrderStatus status)
{
    switch (status) {
    case OrderStatus::None:
        return {};
    case OrderStatus::Placed:
        return u"placed"_s;
    case OrderStatus::Paid:
        return u"paid"_s;
    case OrderStatus::Rejected:
        return u"rejected"_s;
    case OrderStatus::InProgress:
        return u"in_progress"_s;
    case OrderStatus::Completed:
        return u"completed"_s;
    case OrderStatus::Failed:
        return u"failed"_s;
    case OrderStatus::Cancelled:
        return u"cancelled"_s;
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<OrderStatus> orderStatusFromName(const QString &name)
{
    for (auto status :
         { OrderStatus::Placed, OrderStatus::Paid, OrderStatus::Rejected, OrderStatus::InProgress,
           OrderStatus::Completed, OrderStatus::Failed, OrderStatus::Cancelled }) {
        if (orderStatusName(status) == name)
            return status;
    }
    return std::nullopt;
}

bool isFinished(OrderStatus status)
{
    return status == OrderStatus::Rejected || status == OrderStatus::Completed
        || status == OrderStatus::Failed || status == OrderStatus::Cancelled;
}

QString orderStreamId(qint64 orderNumber)
{
    // QString::arg puts a negative number's sign before the zeros; a run asks for an id at every
    // command, and padding the digits is cheaper than arg.
    if (orderNumber < 0)
        return u"order-%1"_s.arg(orderNumber, 6, 10, QLatin1Char('0'));
    return u"order-"_s + QString::number(orderNumber).rightJustified(6, u'0');
}

qint64 orderNumberOf(const QString &streamId)
{
    if (!streamId.startsWith(u"order-"_s))
        return -1;
    const QStringView digits = QStringView(streamId).mid(6);
    if (digits.size() < 6)
        return -1;
    for (QChar c : digits) {
        if (c < u'0' || c > u'9')
            return -1;
    }
    bool ok = false;
    const qint64 number = digits.toLongLong(&ok);
    return ok && orderStreamId(number) == streamId ? number : -1;
}

qint64 OrderState::refundDue() const
{
    if (quantity <= 0 || pointsCharged <= 0)
        return 0;
    const WideInt undelivered = quantity - delivered;
    return static_cast<qint64>(WideInt(pointsCharged) * undelivered / quantity);
}

bool OrderState::awaitsRefund() const
{
    return (status == OrderStatus::Failed || status == OrderStatus::Cancelled)
        && pointsRefunded == 0 && refundDue() > 0;
}

QJsonObject OrderState::toJson() const
{
    QJsonObject json {
        { u"order_id"_s, orderId },
        { u"status"_s, status == OrderStatus::None ? QJsonValue() : orderStatusName(status) },
        { u"quantity"_s, quantity },
        { u"batch_size"_s, batchSize },
        { u"price_points"_s, pricePoints },
        { u"delivered"_s, delivered },
        { u"batches_executed"_s, batchesExecuted },
        { u"batches_failed"_s, batchesFailed },
        { u"next_batch_no"_s, nextBatchNo },
        { u"last_success_batch_no"_s,
          lastSuccessBatchNo ? QJsonValue(*lastSuccessBatchNo) : QJsonValue() },
        { u"last_failure"_s,
          lastFailure ? QJsonValue(QJsonObject { { u"batch_no"_s, lastFailure->batchNo },
                                                 { u"reason"_s, lastFailure->reason } })
                      : QJsonValue() },
        { u"points_charged"_s, pointsCharged },
        { u"points_refunded"_s, pointsRefunded },
        { u"version"_s, version },
    };
    return json;
}

std::optional<OrderState> OrderState::fromJson(const QJsonObject &json)
{
    OrderState state;
    if (!json.value(u"order_id"_s).isString())
        return std::nullopt;
    state.orderId = json.value(u"order_id"_s).toString();
    const QJsonValue status = json.value(u"status"_s);
    if (status.isNull()) {
        state.status = OrderStatus::None;
    } else {
        const auto parsed = orderStatusFromName(status.toString());
        if (!status.isString() || !parsed)
            return std::nullopt;
        state.status = *parsed;
    }
    const std::pair<const char16_t *, qint64 *> integers[] = {
        { u"quantity", &state.quantity },
        { u"batch_size", &state.batchSize },
        { u"price_points", &state.pricePoints },
        { u"delivered", &state.delivered },
        { u"batches_executed", &state.batchesExecuted },
        { u"batches_failed", &state.batchesFailed },
        { u"next_batch_no", &state.nextBatchNo },
        { u"points_charged", &state.pointsCharged },
        { u"points_refunded", &state.pointsRefunded },
        { u"version", &state.version },
    };
    for (const auto &[key, field] : integers) {
        const auto value = integerField(json, QString::fromUtf16(key));
        if (!value)
            return std::nullopt;
        *field = *value;
    }
    const QJsonValue lastSuccess = json.value(u"last_success_batch_no"_s);
    if (!lastSuccess.isNull()) {
        const auto value = integerField(json, u"last_success_batch_no"_s);
        if (!value)
            return std::nullopt;
        state.lastSuccessBatchNo = *value;
    }
    const QJsonValue lastFailure = json.value(u"last_failure"_s);
    if (!lastFailure.isNull()) {
        const QJsonObject failure = lastFailure.toObject();
        const auto batchNo = integerField(failure, u"batch_no"_s);
        if (!lastFailure.isObject() || !batchNo || !failure.value(u"reason"_s).isString())
            return std::nullopt;
        state.lastFailure = LastFailure { *batchNo, failure.value(u"reason"_s).toString() };
    }
    return state;
}

void Order::evolve(OrderState &state, const DomainEvent &event)
{
    std::visit(Overloaded {
                   [&](const OrderPlaced &e) {
                       state.orderId = e.orderId;
                       state.status = OrderStatus::Placed;
                       state.quantity = e.quantity;
                       state.batchSize = e.batchSize;
                       state.pricePoints = e.pricePoints;
                   },
                   [&](const PointsDeducted &e) {
                       state.status = OrderStatus::Paid;
                       state.pointsCharged += e.amount;
                   },
                   [&](const PaymentFailed &) { state.status = OrderStatus::Rejected; },
                   [&](const OrderStarted &) { state.status = OrderStatus::InProgress; },
                   [&](const BatchExecuted &e) {
                       state.delivered += e.delivered;
                       state.batchesExecuted += 1;
                       state.lastSuccessBatchNo = e.batchNo;
                       state.nextBatchNo = e.batchNo + 1;
                   },
                   [&](const BatchFailed &e) {
                       state.batchesFailed += 1;
                       state.lastFailure = LastFailure { e.batchNo, e.reason };
                   },
                   [&](const OrderCompleted &) { state.status = OrderStatus::Completed; },
                   [&](const OrderFailed &) { state.status = OrderStatus::Failed; },
                   [&](const OrderCancelled &) { state.status = OrderStatus::Cancelled; },
                   [&](const PointsRefunded &e) { state.pointsRefunded += e.amount; },
                   [&](const OrderNoteAdded &) {},
               },
               event);
    state.version += 1;
}

QString Order::violation(const OrderState &state, const DomainEvent &event)
{
    const QString type = eventTypeName(event);
    if (std::holds_alternative<OrderPlaced>(event)) {
        const auto &e = std::get<OrderPlaced>(event);
        if (state.status != OrderStatus::None)
            return u"the order has already been placed"_s;
        if (e.orderId.isEmpty())
            return u"an order needs an order_id"_s;
        if (e.quantity < 1)
            return u"quantity must be at least 1 (got %1)"_s.arg(e.quantity);
        if (e.batchSize < 1)
            return u"batch_size must be at least 1 (got %1)"_s.arg(e.batchSize);
        if (e.pricePoints < 0)
            return u"price_points must not be negative (got %1)"_s.arg(e.pricePoints);
        return {};
    }
    if (state.status == OrderStatus::None)
        return u"%1 before the order was placed"_s.arg(type);
    if (state.awaitsRefund()) {
        const auto *refund = std::get_if<PointsRefunded>(&event);
        if (!refund)
            return u"%1 where the refund for the %2 order was due"_s.arg(
                type, orderStatusName(state.status));
        if (refund->amount != state.refundDue())
            return u"refund of %1 points where %2 were due"_s.arg(refund->amount)
                .arg(state.refundDue());
        return {};
    }
    if (isFinished(state.status))
        return u"%1 on a %2 order; a finished order accepts no more commands"_s.arg(
            type, orderStatusName(state.status));

    return std::visit(
        Overloaded {
            [](const OrderPlaced &) { return QString(); },
            [&](const PointsDeducted &e) {
                if (state.status != OrderStatus::Placed)
                    return u"payment on an order that is %1"_s.arg(orderStatusName(state.status));
                if (e.amount != state.pricePoints)
                    return u"deducted %1 points for an order priced at %2"_s.arg(e.amount).arg(
                        state.pricePoints);
                return QString();
            },
            [&](const PaymentFailed &) {
                if (state.status != OrderStatus::Placed)
                    return u"payment failure on an order that is %1"_s.arg(
                        orderStatusName(state.status));
                return QString();
            },
            [&](const OrderStarted &e) {
                if (state.status == OrderStatus::Placed)
                    return u"nothing runs before payment: the order is %1"_s.arg(
                        orderStatusName(state.status));
                if (state.status != OrderStatus::Paid)
                    return u"start of an order that is %1"_s.arg(orderStatusName(state.status));
                const qint64 planned = batchesFor(state.quantity, state.batchSize);
                if (e.batchesPlanned != planned)
                    return u"%1 batches planned where the order needs %2"_s.arg(e.batchesPlanned)
                        .arg(planned);
                return QString();
            },
            [&](const BatchExecuted &e) {
                if (state.status != OrderStatus::InProgress)
                    return u"nothing runs before payment and start: the order is %1"_s.arg(
                        orderStatusName(state.status));
                if (e.batchNo >= 1 && e.batchNo < state.nextBatchNo)
                    return u"batch %1 is already recorded"_s.arg(e.batchNo);
                if (e.batchNo != state.nextBatchNo)
                    return u"batch %1 out of order: the next batch is %2"_s.arg(e.batchNo).arg(
                        state.nextBatchNo);
                if (e.delivered < 0 || e.requested < 0)
                    return u"batch %1 delivered a negative amount"_s.arg(e.batchNo);
                if (state.delivered + e.delivered > state.quantity)
                    return u"delivering %1 more would exceed the quantity %2 (delivered %3)"_s
                        .arg(e.delivered)
                        .arg(state.quantity)
                        .arg(state.delivered);
                return QString();
            },
            [&](const BatchFailed &e) {
                if (state.status != OrderStatus::InProgress)
                    return u"a batch failed on an order that is %1"_s.arg(
                        orderStatusName(state.status));
                if (e.batchNo != state.nextBatchNo)
                    return u"batch %1 failed out of order: the next batch is %2"_s.arg(e.batchNo)
                        .arg(state.nextBatchNo);
                return QString();
            },
            [&](const OrderCompleted &e) {
                if (state.status != OrderStatus::InProgress)
                    return u"completion of an order that is %1"_s.arg(
                        orderStatusName(state.status));
                if (state.delivered != state.quantity || e.delivered != state.delivered)
                    return u"completed with %1 delivered of %2"_s.arg(state.delivered)
                        .arg(state.quantity);
                return QString();
            },
            [&](const OrderFailed &e) {
                if (state.status != OrderStatus::InProgress)
                    return u"failure of an order that is %1"_s.arg(orderStatusName(state.status));
                if (e.delivered != state.delivered)
                    return u"failed with delivered %1 where %2 were delivered"_s.arg(e.delivered)
                        .arg(state.delivered);
                return QString();
            },
            [](const OrderCancelled &) { return QString(); },
            [](const PointsRefunded &) { return u"a refund that nothing caused"_s; },
            [](const OrderNoteAdded &) { return QString(); },
        },
        event);
}

Decision Order::decide(QList<DomainEvent> events) const
{
    OrderState next = m_state;
    for (const DomainEvent &event : events) {
        const QString reason = violation(next, event);
        if (!reason.isEmpty())
            return Decision::rejected(reason);
        evolve(next, event);
    }
    return { std::move(events), {} };
}

Decision Order::place(const OrderPlaced &placed) const
{
    return decide({ placed });
}

Decision Order::deductPoints() const
{
    return decide({ PointsDeducted { m_state.pricePoints } });
}

Decision Order::failPayment(const QString &reason) const
{
    return decide({ PaymentFailed { reason } });
}

Decision Order::start() const
{
    return decide({ OrderStarted { batchesFor(m_state.quantity, m_state.batchSize) } });
}

Decision Order::executeBatch(const BatchExecuted &batch) const
{
    if (m_state.status == OrderStatus::InProgress && batch.batchNo < m_state.nextBatchNo
        && batch.batchNo >= 1)
        return {};
    if (m_state.delivered + batch.delivered == m_state.quantity)
        return decide({ batch, OrderCompleted { m_state.quantity } });
    return decide({ batch });
}

Decision Order::failBatch(const BatchFailed &failure) const
{
    if (failure.willRetry)
        return decide({ failure });
    OrderState failed = m_state;
    failed.status = OrderStatus::Failed;
    QList<DomainEvent> events { failure, OrderFailed { failure.reason, m_state.delivered } };
    if (const qint64 refund = failed.refundDue(); refund > 0)
        events.append(
            PointsRefunded { refund, u"batch %1 ran out of retries"_s.arg(failure.batchNo) });
    return decide(std::move(events));
}

Decision Order::cancel(const QString &reason, const QString &by) const
{
    QList<DomainEvent> events { OrderCancelled { reason, by } };
    if (const qint64 refund = m_state.refundDue(); refund > 0 && !isFinished(m_state.status))
        events.append(PointsRefunded { refund, u"cancelled by %1"_s.arg(by) });
    return decide(std::move(events));
}

Decision Order::addNote(const QString &note, bool poison) const
{
    return decide({ OrderNoteAdded { note, poison } });
}

} // namespace eslab
