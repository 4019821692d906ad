#include "simulation/simulation.h"

#include "model/eventstore.h"
#include "model/orderrepository.h"
#include "model/projection.h"
#include "model/projectionrunner.h"
#include "model/snapshotstore.h"

#include <QCryptographicHash>
#include <QJsonObject>
#include <QSqlQuery>
#include <QThread>
#include <QVariant>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

// Failure counters of the run report.
const QString PaymentFailedKind = u"payment_failed"_s;
const QString BatchFailedKind = u"batch_failed"_s;
const QString BatchRetriedKind = u"batch_retried"_s;
const QString OrderFailedKind = u"order_failed"_s;
const QString CancelledKind = u"cancelled"_s;
const QString ConflictKind = u"concurrency_conflicts"_s;
const QString RejectedKind = u"rejected_commands"_s;
const QString WorkerCrashKind = u"worker_crash"_s;
const QString ConcurrentWriteKind = u"concurrent_writes"_s;
const QString PoisonKind = u"poison_events"_s;
const QString LegacyKind = u"legacy_events"_s;
const QString DuplicateDeliveryKind = u"duplicate_deliveries"_s;
const QString ProjectorCrashKind = u"projector_crashes"_s;
const QString ParkedKind = u"parked_events"_s;

constexpr qint64 WorkerRestartMs = 1500;

// The event that puts an order in progress, and those that end it afterwards.
const QString StartedEventType = u"OrderStarted"_s;
const QStringList FinishingEventTypes
    = { u"OrderCompleted"_s, u"OrderFailed"_s, u"OrderCancelled"_s };

constexpr int MaxConflictRetries = 8;

// A group commit ends after this many appends or this much wall time, whichever comes first:
// enough to share one commit among thousands of appends, short enough that a view waiting to
// see the events hardly notices (the window's runs commit at each progress report anyway). A
// commit writes every page its group changed, and a long run's appends go to thousands of
// orders side by side, each with index and read-model pages of its own: a larger group writes
// each page once for more of its orders' appends (docs/PERFORMANCE.md has the figures).
struct GroupLimits
{
    int appends;
    qint64 wallMs;
};
constexpr GroupLimits FileStoreGroups { 12000, 1000 };
// A store with other writers (EventStore::sharesWriteLock: a PostgreSQL store, shared by a team,
// or a file another run writes to at the same time): they wait for the lock a group holds, and a
// joining run sees a group's orders only once it commits.
constexpr GroupLimits SharedStoreGroups { 2000, 200 };
// A run on a file store with no other writer writes its projections' rows and checkpoints at
// one group commit in this many, or once this much wall time has passed, and at its last commit. A
// long run serves its open orders round robin, tens of thousands of them: 16 groups touch most of
// them several times, and write each of their rows once (docs/PERFORMANCE.md has the figures).
struct ReadModelLimits
{
    int groups;
    qint64 wallMs;
};
constexpr ReadModelLimits ReadModelWrites { 16, 10000 };

// A run's event_ids are its run id and the number of the event in the run, zero-padded so that
// they sort as they are appended: the event_id index then grows at its end, as the events table
// does. Ids built from the stream and the version would put each append on the index pages of its
// order, and a long run writes to tens of thousands of orders side by side: at a few million
// events those pages no longer fit the page cache, and every append read and wrote a page of its
// own (docs/PERFORMANCE.md).
QString eventIdFor(const QString &runId, qint64 number)
{
    return runId + u':' + QString::number(number).rightJustified(12, u'0');
}

} // namespace

// Each concern draws from its own sequence, so that switching one on does not reshuffle the others.
Simulation::Simulation(const Scenario &scenario, EventStore &store)
    : m_scenario(scenario)
    , m_store(store)
    , m_snapshots(std::make_unique<SnapshotStore>(store))
    , m_repository(std::make_unique<OrderRepository>(store, *m_snapshots))
    , m_projections(createStandardProjections())
    , m_arrivalRandom(Random::mix(quint64(scenario.seed) * 8 + 0))
    , m_orderRandom(Random::mix(quint64(scenario.seed) * 8 + 1))
    , m_paymentRandom(Random::mix(quint64(scenario.seed) * 8 + 2))
    , m_workRandom(Random::mix(quint64(scenario.seed) * 8 + 3))
    , m_faultRandom(Random::mix(quint64(scenario.seed) * 8 + 4))
{
    const Scenario::Projections &settings = scenario.projections;
    ProjectionOptions options;
    options.failurePolicy = settings.failurePolicy == u"stop"_s
        ? ProjectionOptions::FailurePolicy::Stop
        : settings.failurePolicy == u"retry"_s ? ProjectionOptions::FailurePolicy::Retry
                                               : ProjectionOptions::FailurePolicy::Skip;
    options.retryAttempts = int(settings.retryAttempts);
    options.checkpointMode = settings.checkpoint == u"separate"_s
        ? ProjectionOptions::CheckpointMode::Separate
        : ProjectionOptions::CheckpointMode::SameTransaction;
    options.idempotent = settings.idempotent;
    // The projectors poll hundreds of times per group commit, a few events each: their rows and
    // checkpoints are written at commits only (commitGroup() says which).
    for (const auto &projection : m_projections) {
        m_runners.push_back(std::make_unique<ProjectionRunner>(store, *projection, options));
        m_runners.back()->setBuffered(true);
    }
}

Simulation::~Simulation()
{
    // A simulation dropped mid-run (a reset, Ctrl-C) keeps what it appended: each append is
    // whole, so the store stays valid.
    (void)commit();
}

QString Simulation::deriveRunId(const Scenario &scenario, int previousRuns)
{
    const QByteArray digest
        = QCryptographicHash::hash(scenario.toCanonicalJson(), QCryptographicHash::Sha1);
    return u"run-%1-%2"_s.arg(previousRuns + 1, 4, 10, QLatin1Char('0'))
        .arg(QString::fromLatin1(digest.toHex().left(8)));
}

bool Simulation::start()
{
    Q_ASSERT(!m_started);
    m_wallClock.start();
    // One write counts the runs, reserves this run's order numbers and records it, so that a
    // run starting at the same moment in another process takes the next run number and the
    // next order numbers.
    const auto failed = [this] {
        m_error = m_store.errorString();
        m_store.rollback();
        return false;
    };
    // A run commits one group after another: a thread of the store's copies the log into the
    // store file meanwhile, when it can open it (otherwise the run's connection does, as usual).
    m_store.checkpointInBackground();
    if (!m_store.useLargePageCache() || !m_store.beginWrite()) {
        m_error = m_store.errorString();
        return false;
    }
    const int previousRuns = m_store.runCount();
    if (previousRuns < 0)
        return failed();
    const qint64 firstOrderNumber = m_store.reserveOrderNumbers(m_scenario.orders.count);
    if (firstOrderNumber < 0)
        return failed();
    m_report.runId = deriveRunId(m_scenario, previousRuns);
    m_report.scenarioName = m_scenario.name;
    m_report.seed = m_scenario.seed;
    m_report.firstOrderNumber = firstOrderNumber;
    m_report.orderCount = m_scenario.orders.count;
    if (!m_store.recordRun(m_report.runId, m_scenario.name, m_scenario.toCanonicalJson(),
                           m_scenario.seed))
        return failed();
    if (!m_store.commit()) {
        m_error = m_store.errorString();
        return false;
    }
    for (qint64 worker = m_scenario.execution.workers; worker >= 1; --worker)
        m_idleWorkers.push_back(worker);
    schedule(0, ActionKind::OrderArrives, m_report.firstOrderNumber);
    for (int index = 0; index < int(m_runners.size()); ++index)
        schedule(m_scenario.projections.pollIntervalMs, ActionKind::ProjectorPolls, index);
    if (m_joinsRuns && !joinOrdersInProgress())
        return false;
    m_started = true;
    return true;
}

void Simulation::schedule(qint64 at, ActionKind kind, qint64 order, qint64 worker)
{
    Action action { at, m_nextSequence++, kind, order, worker };
    // Polls and join scans follow the work; they never keep the simulation going by themselves.
    if (kind == ActionKind::ProjectorPolls || kind == ActionKind::JoinScan)
        m_polls.push(action);
    else
        m_work.push(action);
}

bool Simulation::step()
{
    Q_ASSERT(m_started);
    if (m_finished || !m_error.isEmpty())
        return false;
    if (m_work.empty()) {
        // Only polls are left: the simulation is over; a run catches the projectors up.
        m_finished = true;
        return false;
    }
    const bool pollFirst = !m_polls.empty() && m_work.top() > m_polls.top();
    const Action action = pollFirst ? m_polls.top() : m_work.top();
    if (pollFirst)
        m_polls.pop();
    else
        m_work.pop();
    m_now = action.at;
    if (!m_store.inTransaction()) {
        if (!m_store.beginWrite()) {
            m_error = m_store.errorString();
            return false;
        }
        m_group = {};
        m_groupClock.start();
    }
    if (!handle(action)) {
        // Every append of the group is whole: keep them, if the store still can.
        const QString error = m_error;
        (void)commit();
        m_error = error;
        return false;
    }
    if (m_work.empty())
        m_finished = true;
    if (m_finished)
        return commit();
    if (groupCommitDue() && !commitGroup())
        return false;
    return true;
}

bool Simulation::commitGroup()
{
    // Another writer's commit makes the store drop what is held (EventStore::noteOtherWriters).
    const bool holds = !m_store.sharesWriteLock() && !m_joinsRuns
        && m_groupsHeld + 1 < ReadModelWrites.groups && m_readModelClock.isValid()
        && m_readModelClock.elapsed() < ReadModelWrites.wallMs;
    if (!holds)
        return commit();
    for (const auto &runner : m_runners)
        runner->setHoldsPastCommit(true);
    const bool committed = commitTransaction();
    for (const auto &runner : m_runners)
        runner->setHoldsPastCommit(false);
    // A rollback dropped whatever was held.
    m_groupsHeld = committed ? m_groupsHeld + 1 : 0;
    return committed;
}

bool Simulation::groupCommitDue() const
{
    const GroupLimits &limits = m_store.sharesWriteLock() ? SharedStoreGroups : FileStoreGroups;
    return m_group.appends >= limits.appends || m_groupClock.elapsed() >= limits.wallMs;
}

bool Simulation::commit()
{
    if (!m_store.inTransaction()) {
        if (m_groupsHeld == 0)
            return true;
        // The projections' rows held past the last group commit need a transaction of their own.
        if (!m_store.beginWrite()) {
            m_error = m_store.errorString();
            return false;
        }
    }
    const bool committed = commitTransaction();
    m_groupsHeld = 0;
    m_readModelClock.start();
    return committed;
}

bool Simulation::commitTransaction()
{
    const bool committed = m_store.commit();
    // The report counts what the store keeps: a group that rolled back was never stored.
    if (committed) {
        m_report.events += m_group.events;
        m_report.unitsRecorded += m_group.unitsRecorded;
    }
    m_group = {};
    if (committed)
        return true;
    m_error = u"the store could not commit the last appends (everything before them is "
              "stored): %1"_s.arg(m_store.errorString());
    return false;
}

bool Simulation::handle(const Action &action)
{
    switch (action.kind) {
    case ActionKind::OrderArrives:
        return orderArrives(action.order);
    case ActionKind::PaymentSettles:
        return paymentSettles(action.order);
    case ActionKind::BatchFinishes:
        return batchFinishes(action.order, action.worker);
    case ActionKind::RetryDue:
        if (isOpen(action.order))
            m_readyOrders.push_back(action.order);
        dispatchWorkers();
        return true;
    case ActionKind::CancelRequested:
        return cancelRequested(action.order);
    case ActionKind::WorkerRestarts:
        m_idleWorkers.push_back(action.worker);
        dispatchWorkers();
        return true;
    case ActionKind::ProjectorPolls:
        return projectorPolls(int(action.order));
    case ActionKind::JoinScan:
        return joinScan();
    }
    Q_UNREACHABLE();
    return false;
}

bool Simulation::orderArrives(qint64 orderNumber)
{
    const Scenario::Orders &orders = m_scenario.orders;
    ++m_ordersArrived;
    // A new order's stream is empty: its number comes after every order in the store.
    OrderProgress arrived;
    arrived.state = OrderState {};
    m_progress.insert(orderNumber, arrived);

    quint64 totalWeight = 0;
    QList<std::pair<QString, quint32>> weights;
    for (auto it = orders.services.cbegin(); it != orders.services.cend(); ++it) {
        weights.append({ it.key(), Random::toPpm(it.value()) });
        totalWeight += weights.last().second;
    }
    QString service = weights.isEmpty() ? u"likes"_s : weights.first().first;
    if (totalWeight > 0) {
        quint64 pick = m_orderRandom.below(totalWeight);
        for (const auto &[name, weight] : weights) {
            if (pick < weight) {
                service = name;
                break;
            }
            pick -= weight;
        }
    }
    OrderPlaced placed;
    placed.orderId = orderStreamId(orderNumber);
    placed.customerId
        = u"customer-%1"_s.arg(m_orderRandom.between(1, 9999), 4, 10, QLatin1Char('0'));
    placed.service = service;
    placed.quantity = m_orderRandom.between(orders.quantityMin, orders.quantityMax);
    placed.batchSize = m_scenario.execution.batchSize;
    placed.pricePoints = placed.quantity * orders.pointsPerUnit;
    const bool cancels = m_orderRandom.chancePpm(Random::toPpm(orders.cancelRate));
    const qint64 batches = (placed.quantity + placed.batchSize - 1) / placed.batchSize;
    const qint64 expectedRunMs
        = std::max<qint64>(1000, batches * m_scenario.execution.batchDurationMeanMs);
    const qint64 cancelAfter = m_orderRandom.between(500, 500 + expectedRunMs);

    if (!execute(orderNumber,
                 [&](const LoadedOrder &loaded) { return loaded.order.place(placed); }))
        return false;
    schedule(m_now + m_paymentRandom.between(100, 400), ActionKind::PaymentSettles, orderNumber);
    if (cancels)
        schedule(m_now + cancelAfter, ActionKind::CancelRequested, orderNumber);

    if (m_ordersArrived < orders.count) {
        // Uniform gaps with the scenario's mean, kept in microseconds so rates above 60,000 per
        // minute still spread out.
        const qint64 meanGapUs = std::max<qint64>(1, qRound64(60'000'000.0 / orders.arrivalPerMin));
        m_arrivalClockUs += m_arrivalRandom.between(0, 2 * meanGapUs);
        schedule(m_arrivalClockUs / 1000, ActionKind::OrderArrives, orderNumber + 1);
    }
    return true;
}

bool Simulation::paymentSettles(qint64 orderNumber)
{
    const bool paymentFails
        = m_paymentRandom.chancePpm(Random::toPpm(m_scenario.failures.paymentFailureRate));
    if (!isOpen(orderNumber))
        return true;
    OrderStatus status = OrderStatus::None;
    if (paymentFails) {
        m_report.countFailure(PaymentFailedKind);
        if (!execute(
                orderNumber,
                [](const LoadedOrder &loaded) {
                    return loaded.order.failPayment(u"the customer's points balance is too low"_s);
                },
                &status))
            return false;
        return true;
    }
    if (!execute(orderNumber, [](const LoadedOrder &loaded) { return loaded.order.deductPoints(); })
        || !execute(
            orderNumber, [](const LoadedOrder &loaded) { return loaded.order.start(); }, &status))
        return false;
    if (status != OrderStatus::InProgress)
        return true;
    if (m_faultRandom.chancePpm(Random::toPpm(m_scenario.failures.poisonEventRate))) {
        // A newer ordering service adds a note the read models' handlers choke on.
        m_report.countFailure(PoisonKind);
        if (!execute(orderNumber, [](const LoadedOrder &loaded) {
                return loaded.order.addNote(u"gift wrap requested (ordering service v2)"_s, true);
            }))
            return false;
    }
    m_readyOrders.push_back(orderNumber);
    dispatchWorkers();
    return true;
}

QString Simulation::workerName(qint64 worker)
{
    Q_ASSERT(worker >= 1);
    // Built once per worker: a batch finishes at nearly every step of a run.
    while (qint64(m_workerNames.size()) < worker) {
        m_workerNames.push_back(
            u"worker-%1"_s.arg(qint64(m_workerNames.size()) + 1, 2, 10, QLatin1Char('0')));
    }
    return m_workerNames[size_t(worker - 1)];
}

qint64 Simulation::batchDuration()
{
    const Scenario::Execution &execution = m_scenario.execution;
    const qint64 mean = execution.batchDurationMeanMs;
    const qint64 spread = mean * qint64(Random::toPpm(execution.batchDurationJitter)) / 1'000'000;
    return std::max<qint64>(0, m_workRandom.between(mean - spread, mean + spread));
}

void Simulation::dispatchWorkers()
{
    while (!m_idleWorkers.empty() && !m_readyOrders.empty()) {
        const qint64 orderNumber = m_readyOrders.front();
        m_readyOrders.pop_front();
        auto progress = m_progress.find(orderNumber);
        if (progress == m_progress.end())
            continue;
        const qint64 worker = m_idleWorkers.back();
        m_idleWorkers.pop_back();
        progress->durationMs = batchDuration();
        schedule(m_now + progress->durationMs, ActionKind::BatchFinishes, orderNumber, worker);
    }
}

bool Simulation::batchFinishes(qint64 orderNumber, qint64 worker)
{
    const Scenario::Execution &execution = m_scenario.execution;
    const bool batchFails
        = m_workRandom.chancePpm(Random::toPpm(m_scenario.failures.batchFailureRate));
    if (!isOpen(orderNumber)) {
        m_idleWorkers.push_back(worker);
        dispatchWorkers();
        return true;
    }
    const OrderProgress progress = m_progress.value(orderNumber);
    const QString workerId = workerName(worker);
    OrderStatus status = OrderStatus::None;
    if (batchFails) {
        m_idleWorkers.push_back(worker);
        const bool willRetry = progress.attempt < execution.retryMaxAttempts;
        m_report.countFailure(BatchFailedKind);
        if (!execute(
                orderNumber,
                [&](const LoadedOrder &loaded) {
                    BatchFailed failure;
                    failure.batchNo = loaded.order.state().nextBatchNo;
                    failure.attempt = progress.attempt;
                    failure.reason = u"the provider timed out on %1"_s.arg(workerId);
                    failure.willRetry = willRetry;
                    return loaded.order.failBatch(failure);
                },
                &status))
            return false;
        if (status == OrderStatus::InProgress) {
            m_report.countFailure(BatchRetriedKind);
            m_progress[orderNumber].attempt += 1;
            schedule(m_now + execution.retryBackoffMs, ActionKind::RetryDue, orderNumber);
        } else if (status == OrderStatus::Failed) {
            m_report.countFailure(OrderFailedKind);
        }
        dispatchWorkers();
        return true;
    }

    if (m_faultRandom.chancePpm(Random::toPpm(m_scenario.failures.workerCrashRate))) {
        const LoadedOrder loaded = loadOrder(orderNumber, orderStreamId(orderNumber));
        if (!loaded.isLoaded()) {
            m_error = loaded.error;
            return false;
        }
        m_report.eventsReplayedPerLoad.add(loaded.eventsReplayed);
        const OrderState &state = loaded.order.state();
        workerCrashes(orderNumber, worker,
                      std::min(state.batchSize, state.quantity - state.delivered));
        return true;
    }

    m_idleWorkers.push_back(worker);
    qint64 units = 0;
    if (!execute(
            orderNumber,
            [&](const LoadedOrder &loaded) {
                const OrderState &state = loaded.order.state();
                BatchExecuted batch;
                batch.batchNo = state.nextBatchNo;
                batch.attempt = progress.attempt;
                batch.requested = std::min(state.batchSize, state.quantity - state.delivered);
                batch.delivered = batch.requested;
                batch.workerId = workerId;
                batch.durationMs = progress.durationMs;
                units = batch.delivered;
                return loaded.order.executeBatch(batch);
            },
            &status))
        return false;
    m_report.unitsDeliveredExternally += units;
    if (status == OrderStatus::InProgress) {
        m_progress[orderNumber].attempt = 1;
        m_readyOrders.push_back(orderNumber);
    }
    dispatchWorkers();
    return true;
}

void Simulation::workerCrashes(qint64 orderNumber, qint64 worker, qint64 units)
{
    m_report.countFailure(WorkerCrashKind);
    m_report.unitsDeliveredExternally += units;
    // The worker comes back after a restart; the order's batch is picked up again then, as the
    // same attempt: the store never saw the first one.
    schedule(m_now + WorkerRestartMs, ActionKind::WorkerRestarts, 0, worker);
    schedule(m_now + WorkerRestartMs, ActionKind::RetryDue, orderNumber);
    dispatchWorkers();
}

bool Simulation::cancelRequested(qint64 orderNumber)
{
    if (!isOpen(orderNumber))
        return true;
    OrderStatus status = OrderStatus::None;
    if (!execute(
            orderNumber,
            [](const LoadedOrder &loaded) {
                return loaded.order.cancel(u"the customer changed their mind"_s, u"customer"_s);
            },
            &status))
        return false;
    if (status == OrderStatus::Cancelled)
        m_report.countFailure(CancelledKind);
    return true;
}

bool Simulation::projectorPolls(int index)
{
    ProjectionRunner &runner = *m_runners.at(index);
    const Scenario::Projections &settings = m_scenario.projections;
    const Scenario::Failures &failures = m_scenario.failures;
    // The lag sample is where the projector stands as it polls: the poll reads it anyway.
    const auto plan = [&](const ProjectionLag &lag) {
        recordLag(runner.projection().name(), lag);
        PollFaults faults;
        if (m_faultRandom.chancePpm(Random::toPpm(failures.duplicateDeliveryRate))
            && lag.checkpoint > 0)
            faults.redeliver
                = m_faultRandom.between(1, std::min<qint64>(lag.checkpoint, settings.batchSize));
        faults.crashBeforeCheckpoint
            = m_faultRandom.chancePpm(Random::toPpm(failures.projectorCrashRate));
        return faults;
    };
    const ProjectionRunner::Progress progress
        = runner.poll(int(settings.batchSize), m_now, ProjectionRunner::FaultPlan(plan));
    if (!progress.isOk()) {
        m_error = u"projection %1: %2"_s.arg(runner.projection().name(), progress.error);
        return false;
    }
    countProjectorFaults(runner.projection().name(), progress);
    if (m_work.empty())
        return true;
    const qint64 interval = settings.pollIntervalMs;
    qint64 next = m_now + std::max(interval, progress.applied * settings.costPerEventMs);
    if (progress.applied == 0) {
        // Caught up: nothing can arrive before the next piece of work, so skip the idle polls
        // in between while keeping the poll's phase.
        const qint64 nextWork = m_work.top().at;
        if (nextWork > m_now)
            next = interval > 0 ? m_now + interval * ((nextWork - m_now + interval - 1) / interval)
                                : nextWork;
        next = std::max(next, m_now + std::max<qint64>(interval, 1));
    }
    schedule(next, ActionKind::ProjectorPolls, index);
    return true;
}

bool Simulation::isOwnOrder(qint64 orderNumber) const
{
    return orderNumber >= m_report.firstOrderNumber
        && orderNumber < m_report.firstOrderNumber + m_report.orderCount;
}

bool Simulation::joinOrdersInProgress()
{
    // Events appended after the head read here are left to the scans, which skip orders
    // already joined.
    m_joinScanPosition = m_store.headPosition();
    if (m_joinScanPosition < 0) {
        m_error = m_store.errorString();
        return false;
    }
    QSqlQuery *started = m_store.execute(
        u"SELECT stream_id FROM events WHERE event_type = ? AND stream_id NOT IN "
        "(SELECT stream_id FROM events WHERE event_type IN (?, ?, ?)) ORDER BY global_position"_s,
        { StartedEventType, FinishingEventTypes.at(0), FinishingEventTypes.at(1),
          FinishingEventTypes.at(2) });
    if (!started) {
        m_error = u"cannot find the orders in progress: %1"_s.arg(m_store.errorString());
        return false;
    }
    QList<qint64> inProgress;
    while (started->next())
        inProgress.append(orderNumberOf(started->value(0).toString()));
    started->finish();
    for (const qint64 orderNumber : std::as_const(inProgress))
        join(orderNumber);
    schedule(m_scenario.projections.pollIntervalMs, ActionKind::JoinScan);
    return true;
}

bool Simulation::joinScan()
{
    // A page at a time, as far as the head: orders that started join, joined orders that
    // another run finished are let go.
    constexpr int PageSize = 1000;
    for (;;) {
        const QList<RecordedEvent> page = m_store.readForProjections(m_joinScanPosition, PageSize);
        if (!m_store.errorString().isEmpty()) {
            m_error = u"cannot scan for orders to join: %1"_s.arg(m_store.errorString());
            return false;
        }
        for (const RecordedEvent &event : page) {
            m_joinScanPosition = event.globalPosition;
            const qint64 orderNumber = orderNumberOf(event.streamId);
            if (orderNumber <= 0 || isOwnOrder(orderNumber))
                continue;
            if (event.eventType == StartedEventType)
                join(orderNumber);
            else if (FinishingEventTypes.contains(event.eventType)
                     && m_joinedOrders.remove(orderNumber))
                m_progress.remove(orderNumber);
        }
        if (page.size() < PageSize)
            break;
    }
    if (!m_work.empty())
        schedule(m_now + std::max<qint64>(1, m_scenario.projections.pollIntervalMs),
                 ActionKind::JoinScan);
    return true;
}

void Simulation::join(qint64 orderNumber)
{
    if (orderNumber <= 0 || isOwnOrder(orderNumber) || m_progress.contains(orderNumber))
        return;
    // Its state is loaded from the store when a worker first takes it.
    OrderProgress progress;
    progress.status = OrderStatus::InProgress;
    m_progress.insert(orderNumber, progress);
    m_joinedOrders.insert(orderNumber);
    ++m_report.joinedOrders;
    m_readyOrders.push_back(orderNumber);
    dispatchWorkers();
}

void Simulation::countProjectorFaults(const QString &projection,
                                      const ProjectionRunner::Progress &progress)
{
    ProjectorTotals &totals = m_report.projectors[projection];
    totals.redelivered += progress.redelivered;
    totals.duplicatesIgnored += progress.duplicatesIgnored;
    totals.doubleApplied += progress.redelivered - progress.duplicatesIgnored;
    totals.crashes += progress.crashed ? 1 : 0;
    totals.parked += progress.parked;
    totals.retried += progress.retried;
    if (progress.haltedAt > 0 && totals.haltedAt == 0) {
        totals.haltedAt = progress.haltedAt;
        totals.haltReason = progress.haltReason;
    }
    m_report.countFailure(DuplicateDeliveryKind, progress.redelivered);
    m_report.countFailure(ProjectorCrashKind, progress.crashed ? 1 : 0);
    m_report.countFailure(ParkedKind, progress.parked);
}

bool Simulation::execute(qint64 orderNumber,
                         const std::function<Decision(const LoadedOrder &)> &command,
                         OrderStatus *statusAfter)
{
    const QString streamId = orderStreamId(orderNumber);
    const Scenario::Snapshots &policy = m_scenario.snapshots;
    for (int attempt = 0; attempt <= MaxConflictRetries; ++attempt) {
        const LoadedOrder loaded = loadOrder(orderNumber, streamId);
        if (!loaded.isLoaded()) {
            m_error = loaded.error;
            return false;
        }
        m_report.eventsReplayedPerLoad.add(loaded.eventsReplayed);
        m_report.snapshotsIgnored += loaded.snapshotsIgnored;
        m_report.upcastEventsReplayed += loaded.upcastEvents;
        const Decision decision = command(loaded);
        OrderState state = loaded.order.state();
        if (!decision.isAccepted()) {
            m_report.countFailure(RejectedKind);
            // Another run may have finished it (team mode): it is over for this one too.
            if (eslab::isFinished(state.status))
                orderEnded(orderNumber, state.status);
            if (statusAfter)
                *statusAfter = state.status;
            return true;
        }
        if (decision.events.isEmpty()) {
            if (statusAfter)
                *statusAfter = state.status;
            return true;
        }

        const qint64 expectedVersion = state.version;
        // Nothing below adds or removes open orders before the append's outcome is recorded.
        const auto progress = m_progress.find(orderNumber);
        const QString previousEventId = eventIdAt(
            streamId, expectedVersion, progress != m_progress.end() ? &*progress : nullptr);
        if (expectedVersion > 0 && previousEventId.isEmpty())
            return false;
        const QList<NewEvent> events
            = eventsToAppend(streamId, expectedVersion, previousEventId, decision.events);
        if (attempt == 0 && expectedVersion > 0
            && m_faultRandom.chancePpm(Random::toPpm(m_scenario.failures.concurrentWriterRate))
            && !concurrentWriterAppends(streamId, loaded))
            return false;
        const AppendResult result = m_store.append(streamId, expectedVersion, events);
        if (result.status != AppendResult::Status::Appended && progress != m_progress.end())
            progress->state.reset(); // someone else wrote: load it from the store next time
        if (result.status == AppendResult::Status::Conflict) {
            m_report.countFailure(ConflictKind);
            m_eventsBuilt -= events.size(); // never stored: the retry numbers its events again
            continue;
        }
        if (!result.isStored()) {
            m_error = result.error;
            return false;
        }
        if (result.status == AppendResult::Status::Appended) {
            ++m_group.appends;
            m_group.events += events.size();
            for (const DomainEvent &event : decision.events) {
                if (const auto *batch = std::get_if<BatchExecuted>(&event))
                    m_group.unitsRecorded += batch->delivered;
            }
        }

        bool snapshotDue = false;
        for (const DomainEvent &event : decision.events) {
            Order::evolve(state, event);
            if (policy.policy == u"every_n"_s)
                snapshotDue = snapshotDue || state.version % policy.n == 0;
            else if (policy.policy == u"on_event"_s)
                snapshotDue = snapshotDue || policy.eventTypes.contains(eventTypeName(event));
        }
        if (policy.policy == u"load_budget"_s)
            snapshotDue = loaded.eventsReplayed > policy.loadBudget;
        if (snapshotDue) {
            QElapsedTimer timer;
            timer.start();
            const qint64 bytes = m_snapshots->save(streamId, state, m_now);
            m_report.snapshotWriteNs += timer.nsecsElapsed();
            if (bytes < 0) {
                m_error = m_snapshots->errorString();
                return false;
            }
            ++m_report.snapshotsWritten;
            m_report.snapshotBytes += bytes;
        }
        if (result.status == AppendResult::Status::Appended && progress != m_progress.end()) {
            progress->state = state;
            progress->lastEventId = events.constLast().eventId;
            if (snapshotDue) {
                progress->snapshotVersion = state.version;
                progress->upcastEventsAfterSnapshot = 0;
                progress->snapshotsIgnored = 0;
            } else {
                for (const NewEvent &event : events)
                    progress->upcastEventsAfterSnapshot
                        += event.schemaVersion < currentSchemaVersion(event.eventType) ? 1 : 0;
            }
        }
        if (eslab::isFinished(state.status))
            orderEnded(orderNumber, state.status);
        else if (isOpen(orderNumber))
            m_progress[orderNumber].status = state.status;
        if (statusAfter)
            *statusAfter = state.status;
        return true;
    }
    m_error = u"%1: gave up after %2 concurrency conflicts in a row"_s.arg(streamId).arg(
        MaxConflictRetries + 1);
    return false;
}

QString Simulation::eventIdAt(const QString &streamId, qint64 version,
                              const OrderProgress *progress)
{
    if (version == 0)
        return {};
    if (progress && progress->state && !progress->lastEventId.isEmpty())
        return progress->lastEventId;
    // Loaded from the store (another writer's append, a joined order): ask it.
    const QList<RecordedEvent> events = m_store.readStream(streamId, version, version);
    if (events.size() != 1) {
        m_error
            = u"%1: could not read its event at version %2: %3"_s.arg(streamId).arg(version).arg(
                events.isEmpty() && m_store.errorString().isEmpty() ? u"it is not in the store"_s
                                                                    : m_store.errorString());
        return {};
    }
    return events.first().eventId;
}

QList<NewEvent> Simulation::eventsToAppend(const QString &streamId, qint64 expectedVersion,
                                           const QString &previousEventId,
                                           const QList<DomainEvent> &decided)
{
    const QString correlationId = m_report.runId + u':' + streamId;
    QString causationId = expectedVersion == 0 ? correlationId : previousEventId;
    QList<NewEvent> events;
    for (const DomainEvent &event : decided) {
        const QString eventId = eventIdFor(m_report.runId, ++m_eventsBuilt);
        const EventMetadata metadata { correlationId, causationId, m_report.runId };
        const auto *batch = std::get_if<BatchExecuted>(&event);
        if (batch && m_faultRandom.chancePpm(Random::toPpm(m_scenario.failures.legacyEventRate))) {
            // An older worker build still writes schema version 1.
            m_report.countFailure(LegacyKind);
            events.append(NewEvent::legacyBatchExecuted(eventId, *batch, metadata, m_now));
        } else {
            events.append(NewEvent::fromDomainEvent(eventId, event, metadata, m_now));
        }
        causationId = eventId;
    }
    return events;
}

LoadedOrder Simulation::loadOrder(qint64 orderNumber, const QString &streamId)
{
    const auto progress = m_progress.find(orderNumber);
    if (progress != m_progress.end() && progress->state) {
        LoadedOrder loaded;
        loaded.order = Order(*progress->state);
        loaded.snapshotVersion = progress->snapshotVersion;
        loaded.eventsReplayed = int(progress->state->version - progress->snapshotVersion);
        loaded.upcastEvents = progress->upcastEventsAfterSnapshot;
        loaded.snapshotsIgnored = progress->snapshotsIgnored;
        return loaded;
    }
    LoadedOrder loaded = m_repository->load(streamId);
    if (loaded.isLoaded() && progress != m_progress.end()) {
        progress->state = loaded.order.state();
        progress->lastEventId.clear(); // read from the store when the next append needs it
        progress->snapshotVersion = loaded.snapshotVersion;
        progress->upcastEventsAfterSnapshot = loaded.upcastEvents;
        progress->snapshotsIgnored = loaded.snapshotsIgnored;
    }
    return loaded;
}

bool Simulation::concurrentWriterAppends(const QString &streamId, const LoadedOrder &loaded)
{
    const Decision note = loaded.order.addNote(u"support checked the order's progress"_s);
    if (!note.isAccepted() || note.events.isEmpty())
        return true;
    const qint64 version = loaded.order.state().version;
    const EventMetadata metadata { u"%1:%2"_s.arg(m_report.runId, streamId),
                                   u"%1:support-desk"_s.arg(m_report.runId), m_report.runId };
    // Another writer keys its events in its own namespace.
    const NewEvent event = NewEvent::fromDomainEvent(
        u"%1:support-desk:%2:%3"_s.arg(m_report.runId, streamId).arg(version + 1),
        note.events.first(), metadata, m_now);
    const AppendResult result = m_store.append(streamId, version, { event });
    if (result.status == AppendResult::Status::Conflict) {
        // Another process moved the order on since our last append: the desk met the conflict
        // first. The worker's append will meet it too, and reload and retry.
        m_report.countFailure(ConflictKind);
        return true;
    }
    if (!result.isStored()) {
        m_error = result.error;
        return false;
    }
    m_report.countFailure(ConcurrentWriteKind);
    m_group.events += 1;
    return true;
}

void Simulation::orderEnded(qint64 orderNumber, OrderStatus status)
{
    // A finished order is never scheduled again: forget it so memory does not grow with the run.
    // Orders joined from other runs are theirs to count.
    if (m_progress.remove(orderNumber) && !m_joinedOrders.remove(orderNumber))
        m_report.ordersByStatus[orderStatusName(status)] += 1;
}

bool Simulation::catchUpProjections()
{
    for (const auto &runner : m_runners) {
        const ProjectionRunner::Progress progress
            = runner->catchUp(ProjectionRunner::BulkBatchSize, m_now);
        if (!progress.isOk()) {
            m_error = u"projection %1: %2"_s.arg(runner->projection().name(), progress.error);
            return false;
        }
        // A Stop policy halts the catch-up at its poison event; that is where the run leaves it.
        countProjectorFaults(runner->projection().name(), progress);
        const ProjectionLag lag = runner->lag(m_now);
        recordLag(runner->projection().name(), lag, true);
    }
    return true;
}

void Simulation::recordLag(const QString &projection, const ProjectionLag &lag, bool last)
{
    LagRecorder &recorder = m_lagRecorders[projection];
    const LagSample sample { m_now, lag.head, lag.checkpoint, lag.lagEvents, lag.lagMs };
    if (recorder.pollsInSample == 0 || sample.lagEvents > recorder.worst.lagEvents
        || (sample.lagEvents == recorder.worst.lagEvents && sample.lagMs > recorder.worst.lagMs))
        recorder.worst = sample;
    if (++recorder.pollsInSample < recorder.stride && !last)
        return;
    QList<LagSample> &series = m_report.lag[projection];
    series.append(last ? sample : recorder.worst);
    recorder.pollsInSample = 0;
    if (series.size() % RunReport::LagSamplesPerStride == 0)
        recorder.stride *= 2;
}

const RunReport &Simulation::report()
{
    m_report.simulatedMs = m_now;
    m_report.openOrdersByStatus.clear();
    for (auto progress = m_progress.cbegin(); progress != m_progress.cend(); ++progress) {
        if (!m_joinedOrders.contains(progress.key()))
            m_report.openOrdersByStatus[orderStatusName(progress->status)] += 1;
    }
    m_report.wallMs = m_wallClock.isValid() ? m_wallClock.elapsed() : 0;
    return m_report;
}

bool Simulation::run(bool paced, const StopRequest &stop, const ProgressCallback &progress,
                     int progressIntervalMs)
{
    if (!m_started && !start())
        return false;
    const double speed = m_scenario.run.speed;
    qint64 lastProgressMs = -progressIntervalMs;
    while (!m_finished) {
        if (stop && stop()) {
            m_report.interrupted = true;
            return commit();
        }
        if (paced && speed > 0 && !m_work.empty()) {
            const qint64 nextAt
                = std::min(m_work.top().at, m_polls.empty() ? m_work.top().at : m_polls.top().at);
            const qint64 wallTarget = qint64(double(nextAt) / speed);
            // The events of the wait so far are for everyone to see.
            if (m_wallClock.elapsed() < wallTarget && !commit())
                return false;
            while (m_wallClock.elapsed() < wallTarget) {
                if (stop && stop()) {
                    m_report.interrupted = true;
                    return true;
                }
                QThread::msleep(
                    quint64(std::clamp<qint64>(wallTarget - m_wallClock.elapsed(), 1, 50)));
            }
        }
        if (!step() && !m_finished)
            return false;
        // Reported between two groups, the report holds only what the store has committed.
        if (progress && !m_store.inTransaction()
            && m_wallClock.elapsed() - lastProgressMs >= progressIntervalMs) {
            lastProgressMs = m_wallClock.elapsed();
            progress(report());
        }
    }
    if (!catchUpProjections())
        return false;
    report();
    return true;
}

} // namespace eslab
