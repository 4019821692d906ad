#include "model/order.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QtTest>

#include <functional>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

using Command = std::function<Decision(const Order &)>;
using Events = QList<DomainEvent>;

// The order most rows use: 10 batches of 100, priced at 2000 points.
constexpr qint64 Quantity = 1000;
constexpr qint64 BatchSize = 100;
constexpr qint64 Price = 2000;

OrderPlaced placed(qint64 quantity = Quantity, qint64 batchSize = BatchSize, qint64 price = Price)
{
    return { u"order-000042"_s, u"customer-7"_s, u"likes"_s, quantity, batchSize, price };
}

BatchExecuted batch(qint64 batchNo, qint64 delivered = BatchSize)
{
    return { batchNo, 1, delivered, delivered, u"worker-1"_s, 800 };
}

BatchFailed failure(qint64 batchNo, bool willRetry)
{
    return { batchNo, willRetry ? 1 : 3, u"upstream timeout"_s, willRetry };
}

namespace command {
Command place(OrderPlaced event = placed())
{
    return [event](const Order &o) { return o.place(event); };
}
Command deductPoints()
{
    return [](const Order &o) { return o.deductPoints(); };
}
Command failPayment()
{
    return [](const Order &o) { return o.failPayment(u"card declined"_s); };
}
Command start()
{
    return [](const Order &o) { return o.start(); };
}
Command executeBatch(qint64 batchNo, qint64 delivered = BatchSize)
{
    return [=](const Order &o) { return o.executeBatch(batch(batchNo, delivered)); };
}
Command failBatch(qint64 batchNo, bool willRetry)
{
    return [=](const Order &o) { return o.failBatch(failure(batchNo, willRetry)); };
}
Command cancel()
{
    return [](const Order &o) { return o.cancel(u"changed my mind"_s, u"customer"_s); };
}
Command addNote(bool poison = false)
{
    return [=](const Order &o) { return o.addNote(u"from ordering service v3"_s, poison); };
}
} // namespace command

QList<Command> batchesUpTo(qint64 last)
{
    QList<Command> commands;
    for (qint64 no = 1; no <= last; ++no)
        commands.append(command::executeBatch(no));
    return commands;
}

// The commands that bring a new order to a named stage of its life.
QList<Command> stage(const QString &name)
{
    using namespace command;
    const QList<Command> started { place(), deductPoints(), start() };
    if (name == u"new")
        return {};
    if (name == u"placed")
        return { place() };
    if (name == u"paid")
        return { place(), deductPoints() };
    if (name == u"started")
        return started;
    if (name == u"3 batches")
        return started + batchesUpTo(3);
    if (name == u"3 batches and a retry")
        return started + batchesUpTo(3) + QList<Command> { failBatch(4, true) };
    if (name == u"9 batches")
        return started + batchesUpTo(9);
    if (name == u"rejected")
        return { place(), failPayment() };
    if (name == u"completed")
        return started + batchesUpTo(10);
    if (name == u"failed")
        return started + batchesUpTo(3) + QList<Command> { failBatch(4, false) };
    if (name == u"cancelled")
        return started + batchesUpTo(3) + QList<Command> { cancel() };
    if (name == u"cancelled unpaid")
        return { place(), cancel() };
    qFatal("unknown stage %s", qPrintable(name));
    return {};
}

// Runs commands from a new order, folding what each decides. A rejection fails the test.
Order run(const QList<Command> &commands, Order order = {})
{
    for (const Command &command : commands) {
        const Decision decision = command(order);
        if (!decision.isAccepted()) {
            QTest::qFail(qPrintable(u"setting up: "_s + decision.rejection), __FILE__, __LINE__);
            return order;
        }
        for (const DomainEvent &event : decision.events)
            order.apply(event);
    }
    return order;
}

QStringList typeNames(const Events &events)
{
    QStringList names;
    for (const DomainEvent &event : events)
        names.append(eventTypeName(event));
    return names;
}

OrderState fold(const Events &events)
{
    OrderState state;
    for (const DomainEvent &event : events)
        Order::evolve(state, event);
    return state;
}

QByteArray json(const OrderState &state)
{
    return QJsonDocument(state.toJson()).toJson(QJsonDocument::Compact);
}

const QStringList FinishedStages { u"rejected"_s, u"completed"_s, u"failed"_s, u"cancelled"_s,
                                   u"cancelled unpaid"_s };

} // namespace

Q_DECLARE_METATYPE(Command)
Q_DECLARE_METATYPE(eslab::DomainEvent)
Q_DECLARE_METATYPE(eslab::BatchExecuted)

class TestOrder : public QObject
{
    Q_OBJECT

private slots:
    void acceptedCommandDecidesItsEvents_data();
    void acceptedCommandDecidesItsEvents();
    void commandThatBreaksARuleIsRejectedWithAReason_data();
    void commandThatBreaksARuleIsRejectedWithAReason();
    void finishedOrderRejectsEveryCommand_data();
    void finishedOrderRejectsEveryCommand();
    void alreadyRecordedBatchIsAnIdempotentNoOp_data();
    void alreadyRecordedBatchIsAnIdempotentNoOp();
    void lastBatchCompletesTheOrder_data();
    void lastBatchCompletesTheOrder();
    void refundIsTheUndeliveredShareRoundedDownInTheSameDecision_data();
    void refundIsTheUndeliveredShareRoundedDownInTheSameDecision();
    void noteChangesOnlyTheVersion_data();
    void noteChangesOnlyTheVersion();
    void stateJsonAnswersHowFarWhereAndWhy_data();
    void stateJsonAnswersHowFarWhereAndWhy();
    void stateJsonRoundTrips_data();
    void stateJsonRoundTrips();
    void stateJsonWithAMissingOrMistypedKeyIsRefused_data();
    void stateJsonWithAMissingOrMistypedKeyIsRefused();
    void replayCatchesAStoredEventThatBreaksARule_data();
    void replayCatchesAStoredEventThatBreaksARule();
    void replayOfAValidHistoryFindsNoViolation();
    void streamIdIsZeroPaddedToSixDigits();
};

void TestOrder::acceptedCommandDecidesItsEvents_data()
{
    QTest::addColumn<QString>("stage");
    QTest::addColumn<Command>("command");
    QTest::addColumn<QStringList>("events");
    QTest::addColumn<QString>("status");

    using namespace command;
    QTest::newRow("place") << u"new"_s << place() << QStringList { u"OrderPlaced"_s }
                           << u"placed"_s;
    QTest::newRow("payment") << u"placed"_s << deductPoints() << QStringList { u"PointsDeducted"_s }
                             << u"paid"_s;
    QTest::newRow("payment failure ends the order")
        << u"placed"_s << failPayment() << QStringList { u"PaymentFailed"_s } << u"rejected"_s;
    QTest::newRow("start after payment")
        << u"paid"_s << start() << QStringList { u"OrderStarted"_s } << u"in_progress"_s;
    QTest::newRow("first batch") << u"started"_s << executeBatch(1)
                                 << QStringList { u"BatchExecuted"_s } << u"in_progress"_s;
    QTest::newRow("next batch in order") << u"3 batches"_s << executeBatch(4)
                                         << QStringList { u"BatchExecuted"_s } << u"in_progress"_s;
    QTest::newRow("retried batch succeeds")
        << u"3 batches and a retry"_s << executeBatch(4) << QStringList { u"BatchExecuted"_s }
        << u"in_progress"_s;
    QTest::newRow("last batch completes")
        << u"9 batches"_s << executeBatch(10)
        << QStringList { u"BatchExecuted"_s, u"OrderCompleted"_s } << u"completed"_s;
    QTest::newRow("failed attempt with a retry")
        << u"3 batches"_s << failBatch(4, true) << QStringList { u"BatchFailed"_s }
        << u"in_progress"_s;
    QTest::newRow("failed attempt without a retry fails and refunds")
        << u"3 batches"_s << failBatch(4, false)
        << QStringList { u"BatchFailed"_s, u"OrderFailed"_s, u"PointsRefunded"_s } << u"failed"_s;
    QTest::newRow("cancel before payment refunds nothing")
        << u"placed"_s << cancel() << QStringList { u"OrderCancelled"_s } << u"cancelled"_s;
    QTest::newRow("cancel after payment refunds")
        << u"paid"_s << cancel() << QStringList { u"OrderCancelled"_s, u"PointsRefunded"_s }
        << u"cancelled"_s;
    QTest::newRow("cancel mid-flight refunds")
        << u"3 batches"_s << cancel() << QStringList { u"OrderCancelled"_s, u"PointsRefunded"_s }
        << u"cancelled"_s;
    QTest::newRow("note on a placed order")
        << u"placed"_s << addNote() << QStringList { u"OrderNoteAdded"_s } << u"placed"_s;
    QTest::newRow("poison note mid-flight")
        << u"3 batches"_s << addNote(true) << QStringList { u"OrderNoteAdded"_s }
        << u"in_progress"_s;
}

void TestOrder::acceptedCommandDecidesItsEvents()
{
    QFETCH(QString, stage);
    QFETCH(Command, command);
    QFETCH(QStringList, events);
    QFETCH(QString, status);

    Order order = run(::stage(stage));
    if (QTest::currentTestFailed())
        return;
    const Decision decision = command(order);
    QVERIFY2(decision.isAccepted(), qPrintable(decision.rejection));
    QCOMPARE(typeNames(decision.events), events);
    const qint64 versionBefore = order.state().version;
    for (const DomainEvent &event : decision.events) {
        QCOMPARE(Order::violation(order.state(), event), QString());
        order.apply(event);
    }
    QCOMPARE(orderStatusName(order.state().status), status);
    QCOMPARE(order.state().version, versionBefore + events.size());
}

void TestOrder::commandThatBreaksARuleIsRejectedWithAReason_data()
{
    QTest::addColumn<QString>("stage");
    QTest::addColumn<Command>("command");
    QTest::addColumn<QString>("reason");

    using namespace command;
    QTest::newRow("payment before placing")
        << u"new"_s << deductPoints() << u"before the order was placed"_s;
    QTest::newRow("placing twice") << u"placed"_s << place() << u"already been placed"_s;
    QTest::newRow("placing nothing")
        << u"new"_s << place(placed(0)) << u"quantity must be at least 1"_s;
    QTest::newRow("placing without batches")
        << u"new"_s << place(placed(Quantity, 0)) << u"batch_size must be at least 1"_s;
    QTest::newRow("placing at a negative price")
        << u"new"_s << place(placed(Quantity, BatchSize, -1))
        << u"price_points must not be negative"_s;
    QTest::newRow("start before payment")
        << u"placed"_s << start() << u"nothing runs before payment"_s;
    QTest::newRow("batch before payment")
        << u"placed"_s << executeBatch(1) << u"nothing runs before payment"_s;
    QTest::newRow("failed attempt before payment")
        << u"placed"_s << failBatch(1, true) << u"order that is placed"_s;
    QTest::newRow("batch before start") << u"paid"_s << executeBatch(1) << u"the order is paid"_s;
    QTest::newRow("starting twice") << u"3 batches"_s << start() << u"order that is in_progress"_s;
    QTest::newRow("paying twice") << u"paid"_s << deductPoints() << u"order that is paid"_s;
    QTest::newRow("payment failure after payment")
        << u"paid"_s << failPayment() << u"order that is paid"_s;
    QTest::newRow("first batch skipped")
        << u"started"_s << executeBatch(2) << u"batch 2 out of order: the next batch is 1"_s;
    QTest::newRow("batch skipped mid-flight")
        << u"3 batches"_s << executeBatch(5) << u"batch 5 out of order: the next batch is 4"_s;
    QTest::newRow("batch numbered 0")
        << u"started"_s << executeBatch(0) << u"batch 0 out of order: the next batch is 1"_s;
    QTest::newRow("failed attempt out of order")
        << u"3 batches"_s << failBatch(6, true) << u"batch 6 failed out of order"_s;
    QTest::newRow("failed attempt of a recorded batch")
        << u"3 batches"_s << failBatch(2, false) << u"batch 2 failed out of order"_s;
    QTest::newRow("over-delivery") << u"9 batches"_s << executeBatch(10, BatchSize + 1)
                                   << u"would exceed the quantity 1000 (delivered 900)"_s;
    QTest::newRow("over-delivery mid-flight")
        << u"3 batches"_s << executeBatch(4, Quantity) << u"would exceed the quantity"_s;
    QTest::newRow("negative delivery") << u"3 batches"_s << executeBatch(4, -5) << u"negative"_s;
}

void TestOrder::commandThatBreaksARuleIsRejectedWithAReason()
{
    QFETCH(QString, stage);
    QFETCH(Command, command);
    QFETCH(QString, reason);

    const Order order = run(::stage(stage));
    if (QTest::currentTestFailed())
        return;
    const Decision decision = command(order);
    QVERIFY(!decision.isAccepted());
    QVERIFY(decision.events.isEmpty());
    QVERIFY2(decision.rejection.contains(reason),
             qPrintable(u"'%1' does not say '%2'"_s.arg(decision.rejection, reason)));
}

void TestOrder::finishedOrderRejectsEveryCommand_data()
{
    QTest::addColumn<QString>("stage");
    QTest::addColumn<Command>("command");

    using namespace command;
    const QList<std::pair<const char *, Command>> commands {
        { "place", place() },
        { "deductPoints", deductPoints() },
        { "failPayment", failPayment() },
        { "start", start() },
        { "executeBatch next",
          [](const Order &o) { return o.executeBatch(batch(o.state().nextBatchNo, 0)); } },
        { "failBatch with retry",
          [](const Order &o) { return o.failBatch(failure(o.state().nextBatchNo, true)); } },
        { "failBatch without retry",
          [](const Order &o) { return o.failBatch(failure(o.state().nextBatchNo, false)); } },
        { "cancel", cancel() },
        { "addNote", addNote() },
        { "addNote poison", addNote(true) },
    };
    for (const QString &stage : FinishedStages) {
        for (const auto &[name, command] : commands)
            QTest::addRow("%s: %s", qPrintable(stage), name) << stage << command;
    }
}

void TestOrder::finishedOrderRejectsEveryCommand()
{
    QFETCH(QString, stage);
    QFETCH(Command, command);

    const Order order = run(::stage(stage));
    if (QTest::currentTestFailed())
        return;
    QVERIFY(isFinished(order.state().status));
    const Decision decision = command(order);
    QVERIFY2(!decision.isAccepted(), qPrintable(typeNames(decision.events).join(u", ")));
    QVERIFY(decision.events.isEmpty());
}

void TestOrder::alreadyRecordedBatchIsAnIdempotentNoOp_data()
{
    QTest::addColumn<BatchExecuted>("repeat");

    QTest::newRow("the last recorded batch again") << batch(3);
    QTest::newRow("the first batch again") << batch(1);
    QTest::newRow("a repeat reporting another amount") << batch(2, 7);
}

void TestOrder::alreadyRecordedBatchIsAnIdempotentNoOp()
{
    QFETCH(BatchExecuted, repeat);

    const Order order = run(stage(u"3 batches"_s));
    if (QTest::currentTestFailed())
        return;
    const Decision decision = order.executeBatch(repeat);
    QVERIFY2(decision.isAccepted(), qPrintable(decision.rejection));
    QVERIFY(decision.events.isEmpty());
    // The stored history already holds this batch: as a stored event it would be a duplicate.
    QVERIFY(Order::violation(order.state(), repeat).contains(u"already recorded"_s));
}

void TestOrder::lastBatchCompletesTheOrder_data()
{
    QTest::addColumn<qint64>("quantity");
    QTest::addColumn<qint64>("batchSize");
    QTest::addColumn<qint64>("batches");

    QTest::newRow("even batches") << qint64(1000) << qint64(100) << qint64(10);
    QTest::newRow("short last batch") << qint64(1050) << qint64(100) << qint64(11);
    QTest::newRow("a single unit") << qint64(1) << qint64(50) << qint64(1);
    QTest::newRow("one exact batch") << qint64(50) << qint64(50) << qint64(1);
}

void TestOrder::lastBatchCompletesTheOrder()
{
    QFETCH(qint64, quantity);
    QFETCH(qint64, batchSize);
    QFETCH(qint64, batches);

    Order order = run({ command::place(placed(quantity, batchSize, 10)), command::deductPoints() });
    if (QTest::currentTestFailed())
        return;
    const Decision started = order.start();
    QVERIFY2(started.isAccepted(), qPrintable(started.rejection));
    QCOMPARE(started.events.size(), 1);
    QCOMPARE(std::get<OrderStarted>(started.events.first()).batchesPlanned, batches);
    order.apply(started.events.first());

    for (qint64 no = 1; no <= batches; ++no) {
        const qint64 amount = std::min(batchSize, quantity - order.state().delivered);
        const Decision decision = order.executeBatch(batch(no, amount));
        QVERIFY2(decision.isAccepted(), qPrintable(decision.rejection));
        const Events expected = no < batches
            ? Events { batch(no, amount) }
            : Events { batch(no, amount), OrderCompleted { quantity } };
        QVERIFY2(decision.events == expected, qPrintable(typeNames(decision.events).join(u", ")));
        for (const DomainEvent &event : decision.events)
            order.apply(event);
    }
    const OrderState &state = order.state();
    QCOMPARE(state.status, OrderStatus::Completed);
    QCOMPARE(state.delivered, quantity);
    QCOMPARE(state.batchesExecuted, batches);
    QCOMPARE(state.nextBatchNo, batches + 1);
    QCOMPARE(state.lastSuccessBatchNo, std::optional<qint64>(batches));
    QCOMPARE(state.pointsRefunded, 0);
}

void TestOrder::refundIsTheUndeliveredShareRoundedDownInTheSameDecision_data()
{
    QTest::addColumn<qint64>("quantity");
    QTest::addColumn<qint64>("batchSize");
    QTest::addColumn<qint64>("price");
    QTest::addColumn<qint64>("batchesDelivered");
    QTest::addColumn<bool>("cancelled"); // else a batch runs out of retries
    QTest::addColumn<qint64>("refund");

    QTest::newRow("failed at 30%")
        << Quantity << BatchSize << Price << qint64(3) << false << qint64(1400);
    QTest::newRow("cancelled at 30%")
        << Quantity << BatchSize << Price << qint64(3) << true << qint64(1400);
    QTest::newRow("cancelled at a third: 6.67 rounds down")
        << qint64(3) << qint64(1) << qint64(10) << qint64(1) << true << qint64(6);
    QTest::newRow("failed at two thirds: 3.33 rounds down")
        << qint64(3) << qint64(1) << qint64(10) << qint64(2) << false << qint64(3);
    QTest::newRow("failed before any batch: everything back")
        << qint64(7) << qint64(2) << qint64(100) << qint64(0) << false << qint64(100);
    QTest::newRow("cancelled after start: everything back")
        << qint64(7) << qint64(2) << qint64(100) << qint64(0) << true << qint64(100);
    QTest::newRow("less than a point due: no refund")
        << Quantity << BatchSize << qint64(1) << qint64(9) << false << qint64(0);
    QTest::newRow("free order: no refund")
        << Quantity << BatchSize << qint64(0) << qint64(3) << true << qint64(0);
    QTest::newRow("price times quantity past 64 bits")
        << qint64(10'000'000) << qint64(1'000'000) << qint64(4'000'000'000'000'000) << qint64(3)
        << false << qint64(2'800'000'000'000'000);
}

void TestOrder::refundIsTheUndeliveredShareRoundedDownInTheSameDecision()
{
    QFETCH(qint64, quantity);
    QFETCH(qint64, batchSize);
    QFETCH(qint64, price);
    QFETCH(qint64, batchesDelivered);
    QFETCH(bool, cancelled);
    QFETCH(qint64, refund);

    QList<Command> commands { command::place(placed(quantity, batchSize, price)),
                              command::deductPoints(), command::start() };
    for (qint64 no = 1; no <= batchesDelivered; ++no)
        commands.append(command::executeBatch(no, batchSize));
    Order order = run(commands);
    if (QTest::currentTestFailed())
        return;
    const qint64 delivered = order.state().delivered;
    QCOMPARE(delivered, batchSize * batchesDelivered);

    const Decision decision = cancelled ? order.cancel(u"changed my mind"_s, u"operator"_s)
                                        : order.failBatch(failure(batchesDelivered + 1, false));
    QVERIFY2(decision.isAccepted(), qPrintable(decision.rejection));
    QStringList expected = cancelled ? QStringList { u"OrderCancelled"_s }
                                     : QStringList { u"BatchFailed"_s, u"OrderFailed"_s };
    if (refund > 0)
        expected.append(u"PointsRefunded"_s);
    QCOMPARE(typeNames(decision.events), expected);
    if (refund > 0)
        QCOMPARE(std::get<PointsRefunded>(decision.events.last()).amount, refund);
    if (!cancelled)
        QCOMPARE(std::get<OrderFailed>(decision.events.at(1)).delivered, delivered);

    for (const DomainEvent &event : decision.events)
        order.apply(event);
    QCOMPARE(order.state().pointsRefunded, refund);
    QCOMPARE(order.state().pointsCharged, price);
    QVERIFY(!order.state().awaitsRefund());
}

void TestOrder::noteChangesOnlyTheVersion_data()
{
    QTest::addColumn<QString>("stage");
    QTest::addColumn<bool>("poison");

    QTest::newRow("placed") << u"placed"_s << false;
    QTest::newRow("paid") << u"paid"_s << false;
    QTest::newRow("mid-flight after a failed attempt") << u"3 batches and a retry"_s << false;
    QTest::newRow("poison mid-flight") << u"3 batches"_s << true;
}

void TestOrder::noteChangesOnlyTheVersion()
{
    QFETCH(QString, stage);
    QFETCH(bool, poison);

    const Order before = run(::stage(stage));
    if (QTest::currentTestFailed())
        return;
    const Decision decision = before.addNote(u"a note"_s, poison);
    QVERIFY2(decision.isAccepted(), qPrintable(decision.rejection));
    QCOMPARE(decision.events.size(), 1);
    QVERIFY(decision.events.first() == DomainEvent(OrderNoteAdded { u"a note"_s, poison }));

    Order after = before;
    after.apply(decision.events.first());
    OrderState expected = before.state();
    expected.version += 1;
    QCOMPARE(json(after.state()), json(expected));
    QVERIFY(after.state() == expected);
}

void TestOrder::stateJsonAnswersHowFarWhereAndWhy_data()
{
    QTest::addColumn<QString>("stage");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("a stream with no events") << u"new"_s << QByteArray(R"({
        "order_id": "", "status": null, "quantity": 0, "batch_size": 0, "price_points": 0,
        "delivered": 0, "batches_executed": 0, "batches_failed": 0, "next_batch_no": 1,
        "last_success_batch_no": null, "last_failure": null, "points_charged": 0,
        "points_refunded": 0, "version": 0})");
    QTest::newRow("placed") << u"placed"_s << QByteArray(R"({
        "order_id": "order-000042", "status": "placed", "quantity": 1000, "batch_size": 100,
        "price_points": 2000, "delivered": 0, "batches_executed": 0, "batches_failed": 0,
        "next_batch_no": 1, "last_success_batch_no": null, "last_failure": null,
        "points_charged": 0, "points_refunded": 0, "version": 1})");
    QTest::newRow("mid-flight after a failed attempt")
        << u"3 batches and a retry"_s << QByteArray(R"({
        "order_id": "order-000042", "status": "in_progress", "quantity": 1000, "batch_size": 100,
        "price_points": 2000, "delivered": 300, "batches_executed": 3, "batches_failed": 1,
        "next_batch_no": 4, "last_success_batch_no": 3,
        "last_failure": {"batch_no": 4, "reason": "upstream timeout"},
        "points_charged": 2000, "points_refunded": 0, "version": 7})");
    QTest::newRow("failed and refunded") << u"failed"_s << QByteArray(R"({
        "order_id": "order-000042", "status": "failed", "quantity": 1000, "batch_size": 100,
        "price_points": 2000, "delivered": 300, "batches_executed": 3, "batches_failed": 1,
        "next_batch_no": 4, "last_success_batch_no": 3,
        "last_failure": {"batch_no": 4, "reason": "upstream timeout"},
        "points_charged": 2000, "points_refunded": 1400, "version": 9})");
    QTest::newRow("payment failed") << u"rejected"_s << QByteArray(R"({
        "order_id": "order-000042", "status": "rejected", "quantity": 1000, "batch_size": 100,
        "price_points": 2000, "delivered": 0, "batches_executed": 0, "batches_failed": 0,
        "next_batch_no": 1, "last_success_batch_no": null, "last_failure": null,
        "points_charged": 0, "points_refunded": 0, "version": 2})");
    QTest::newRow("completed") << u"completed"_s << QByteArray(R"({
        "order_id": "order-000042", "status": "completed", "quantity": 1000, "batch_size": 100,
        "price_points": 2000, "delivered": 1000, "batches_executed": 10, "batches_failed": 0,
        "next_batch_no": 11, "last_success_batch_no": 10, "last_failure": null,
        "points_charged": 2000, "points_refunded": 0, "version": 14})");
}

void TestOrder::stateJsonAnswersHowFarWhereAndWhy()
{
    QFETCH(QString, stage);
    QFETCH(QByteArray, expected);

    const Order order = run(::stage(stage));
    if (QTest::currentTestFailed())
        return;
    QJsonParseError error;
    const QJsonObject expectedJson = QJsonDocument::fromJson(expected, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(json(order.state()), QJsonDocument(expectedJson).toJson(QJsonDocument::Compact));
}

void TestOrder::stateJsonRoundTrips_data()
{
    QTest::addColumn<QString>("stage");
    for (const char *stage :
         { "new", "placed", "paid", "started", "3 batches", "3 batches and a retry", "rejected",
           "completed", "failed", "cancelled", "cancelled unpaid" })
        QTest::newRow(stage) << QString::fromLatin1(stage);
}

void TestOrder::stateJsonRoundTrips()
{
    QFETCH(QString, stage);

    const Order order = run(::stage(stage));
    if (QTest::currentTestFailed())
        return;
    const QJsonObject state = order.state().toJson();
    const QStringList designKeys { u"order_id"_s,         u"status"_s,
                                   u"quantity"_s,         u"batch_size"_s,
                                   u"price_points"_s,     u"delivered"_s,
                                   u"batches_executed"_s, u"batches_failed"_s,
                                   u"next_batch_no"_s,    u"last_success_batch_no"_s,
                                   u"last_failure"_s,     u"points_charged"_s,
                                   u"points_refunded"_s,  u"version"_s };
    QStringList keys = state.keys();
    QStringList sortedDesignKeys = designKeys;
    keys.sort();
    sortedDesignKeys.sort();
    QCOMPARE(keys, sortedDesignKeys);
    const QJsonValue lastFailure = state.value(u"last_failure"_s);
    if (lastFailure.isObject())
        QCOMPARE(lastFailure.toObject().keys(), (QStringList { u"batch_no"_s, u"reason"_s }));

    // Through the bytes a snapshot stores.
    const QJsonObject reread = QJsonDocument::fromJson(json(order.state())).object();
    const std::optional<OrderState> back = OrderState::fromJson(reread);
    QVERIFY(back);
    QCOMPARE(json(*back), json(order.state()));
    QVERIFY(*back == order.state());
}

void TestOrder::stateJsonWithAMissingOrMistypedKeyIsRefused_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QJsonValue>("value"); // undefined: the key is removed

    const Order order = run(stage(u"3 batches and a retry"_s));
    for (const QString &key : order.state().toJson().keys()) {
        QTest::addRow("%s missing", qPrintable(key)) << key << QJsonValue(QJsonValue::Undefined);
        QTest::addRow("%s an array", qPrintable(key)) << key << QJsonValue(QJsonArray { 1 });
        QTest::addRow("%s a fraction", qPrintable(key)) << key << QJsonValue(1.5);
        QTest::addRow("%s beyond exact integers", qPrintable(key)) << key << QJsonValue(1e300);
        if (key != u"order_id"_s)
            QTest::addRow("%s a string", qPrintable(key)) << key << QJsonValue(u"7"_s);
    }
    QTest::newRow("status unknown") << u"status"_s << QJsonValue(u"shipped"_s);
    QTest::newRow("last_failure without reason")
        << u"last_failure"_s << QJsonValue(QJsonObject { { u"batch_no"_s, 4 } });
    QTest::newRow("last_failure without batch_no")
        << u"last_failure"_s << QJsonValue(QJsonObject { { u"reason"_s, u"x"_s } });
}

void TestOrder::stateJsonWithAMissingOrMistypedKeyIsRefused()
{
    QFETCH(QString, key);
    QFETCH(QJsonValue, value);

    const Order order = run(stage(u"3 batches and a retry"_s));
    if (QTest::currentTestFailed())
        return;
    QJsonObject state = order.state().toJson();
    QVERIFY(OrderState::fromJson(state));
    if (value.isUndefined())
        state.remove(key);
    else
        state.insert(key, value);
    const std::optional<OrderState> read = OrderState::fromJson(state);
    QVERIFY2(!read, QJsonDocument(read ? read->toJson() : QJsonObject {}).toJson().constData());
}

void TestOrder::replayCatchesAStoredEventThatBreaksARule_data()
{
    QTest::addColumn<Events>("history"); // every event but the last is valid
    QTest::addColumn<QString>("reason");

    const Events started { placed(), PointsDeducted { Price }, OrderStarted { 10 } };
    const Events threeBatches = started + Events { batch(1), batch(2), batch(3) };
    const OrderFailed orderFailed { u"upstream timeout"_s, 300 };

    QTest::newRow("a duplicate batch")
        << threeBatches + Events { batch(3) } << u"batch 3 is already recorded"_s;
    QTest::newRow("a batch recorded twice long after")
        << threeBatches + Events { batch(1) } << u"batch 1 is already recorded"_s;
    QTest::newRow("a refund never written after a failure")
        << threeBatches + Events { failure(4, false), orderFailed, OrderNoteAdded { u"n"_s } }
        << u"refund for the failed order was due"_s;
    QTest::newRow("a refund never written after a cancellation")
        << threeBatches + Events { OrderCancelled { u"r"_s, u"customer"_s }, batch(4) }
        << u"refund for the cancelled order was due"_s;
    QTest::newRow("a refund of the wrong amount")
        << threeBatches + Events { failure(4, false), orderFailed, PointsRefunded { 2000, u"r"_s } }
        << u"refund of 2000 points where 1400 were due"_s;
    QTest::newRow("a second refund") << threeBatches
            + Events { failure(4, false), orderFailed, PointsRefunded { 1400, u"r"_s },
                       PointsRefunded { 1400, u"r"_s } }
                                     << u"finished order"_s;
    QTest::newRow("a refund nothing caused")
        << threeBatches + Events { PointsRefunded { 10, u"r"_s } } << u"nothing caused"_s;
    QTest::newRow("a batch before payment")
        << Events { placed(), batch(1) } << u"nothing runs before payment"_s;
    QTest::newRow("a batch out of order")
        << threeBatches + Events { batch(5) } << u"out of order"_s;
    QTest::newRow("an over-delivery")
        << threeBatches + Events { batch(4, 701) } << u"exceed the quantity"_s;
    QTest::newRow("a completion short of the quantity")
        << threeBatches + Events { OrderCompleted { 300 } } << u"completed with 300"_s;
    QTest::newRow("a payment of the wrong amount")
        << Events { placed(), PointsDeducted { 1 } } << u"deducted 1 points"_s;
    QTest::newRow("a batch after completion")
        << started + Events { batch(1, 1000), OrderCompleted { 1000 }, batch(2, 0) }
        << u"finished order"_s;
    QTest::newRow("an event before the order was placed")
        << Events { PointsDeducted { Price } } << u"before the order was placed"_s;
}

void TestOrder::replayCatchesAStoredEventThatBreaksARule()
{
    QFETCH(Events, history);
    QFETCH(QString, reason);

    OrderState state;
    for (qsizetype i = 0; i + 1 < history.size(); ++i) {
        QCOMPARE(Order::violation(state, history.at(i)), QString());
        Order::evolve(state, history.at(i));
    }
    const QString violation = Order::violation(state, history.last());
    QVERIFY2(violation.contains(reason),
             qPrintable(u"'%1' does not say '%2'"_s.arg(violation, reason)));
}

void TestOrder::replayOfAValidHistoryFindsNoViolation()
{
    // Every kind of event, in a history the commands themselves produced.
    Events history;
    Order order;
    using namespace command;
    for (const Command &command :
         QList<Command> { place(), deductPoints(), start(), executeBatch(1), failBatch(2, true),
                          addNote(true), executeBatch(2), executeBatch(2), failBatch(3, false) }) {
        const Decision decision = command(order);
        QVERIFY2(decision.isAccepted(), qPrintable(decision.rejection));
        for (const DomainEvent &event : decision.events) {
            history.append(event);
            order.apply(event);
        }
    }
    QCOMPARE(
        typeNames(history),
        (QStringList { u"OrderPlaced"_s, u"PointsDeducted"_s, u"OrderStarted"_s, u"BatchExecuted"_s,
                       u"BatchFailed"_s, u"OrderNoteAdded"_s, u"BatchExecuted"_s, u"BatchFailed"_s,
                       u"OrderFailed"_s, u"PointsRefunded"_s }));
    OrderState replayed;
    for (const DomainEvent &event : history) {
        QCOMPARE(Order::violation(replayed, event), QString());
        Order::evolve(replayed, event);
    }
    QVERIFY(replayed == order.state());
    QVERIFY(replayed == fold(history));
    QCOMPARE(replayed.pointsRefunded, Price * (Quantity - 2 * BatchSize) / Quantity);
}

void TestOrder::streamIdIsZeroPaddedToSixDigits()
{
    QCOMPARE(orderStreamId(42), u"order-000042"_s);
    QCOMPARE(orderStreamId(999999), u"order-999999"_s);
    QCOMPARE(orderStreamId(1000000), u"order-1000000"_s);
}

QTEST_GUILESS_MAIN(TestOrder)
#include "tst_order.moc"
