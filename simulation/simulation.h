#pragma once

#include "simulation/random.h"
#include "simulation/runreport.h"
#include "simulation/scenario.h"

#include "model/order.h"
#include "model/projectionrunner.h"
#include "model/recordedevent.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QString>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <vector>

namespace eslab {

class EventStore;
class OrderRepository;
class Projection;
class SnapshotStore;
struct Decision;
struct LoadedOrder;

// A seeded discrete-event simulation of one run in virtual time (DESIGN section 5). Orders
// arrive, are paid or rejected, a worker pool executes their batches with failures and retries,
// customers cancel, projectors poll on their interval and a snapshotter follows its policy; every
// step is a real command on the order aggregate and a real append to the store.
//
// The same scenario, seed and store run count give the same events (payloads, event_id,
// metadata, recorded_at, order). Plain C++: it runs synchronously on the thread that owns the
// store, which it borrows.
//
// Group commit: step() appends inside a write transaction that it commits every few thousand
// appends (or up to a second of wall time); commit() ends it at once. Nothing of a group
// reaches another connection before its commit, so callers report between groups or commit
// first (run() reports between groups).
//
// On a file store, the projections' rows and checkpoints stay in memory over several group
// commits (up to ten seconds) and are written together at a later one: a long run touches
// each of its open orders about once in a group, and would rewrite nearly every read-model row
// at every commit. commit() writes them, as does the run's last commit; a run that joins others
// writes them at every group.
// Should a commit fail, the store keeps everything up to the previous one and the run fails.
//
// The workers keep each open order as their last append left it and load it from the store
// only when the store says another writer got there first (an expected-version conflict). The
// events a load from the store would replay at each command are what the report counts.
class Simulation
{
    Q_DISABLE_COPY_MOVE(Simulation)
public:
    Simulation(const Scenario &scenario, EventStore &store);
    ~Simulation();

    // Team mode, before start(): the workers also take batches of the orders that other runs
    // have in progress, found when the run starts and as they start later, so that two
    // simulators race on the same orders (expected-version conflicts, and their retries).
    // The report counts this run's own orders; `joined_orders` counts the others taken.
    void setJoinsRunsInProgress(bool joins) { m_joinsRuns = joins; }

    // Records the run in the store and schedules the first arrivals and polls. False (with
    // errorString()) when the store refuses.
    [[nodiscard]] bool start();
    // Handles the next scheduled action. False when the simulation has ended or failed.
    bool step();
    // Commits the open group of appends, if any, and the projections' rows held past earlier
    // groups. False (with errorString()) when the store refuses: the group is lost and the run
    // cannot go on.
    [[nodiscard]] bool commit();
    // Events appended so far, committed or in the open group.
    qint64 eventsAppended() const { return m_report.events + m_group.events; }
    bool isFinished() const { return m_finished; }
    // Brings every projector up to the head, as a run does when its simulation ends.
    [[nodiscard]] bool catchUpProjections();

    // Called between actions: return true to stop (Ctrl-C). The store stays valid.
    using StopRequest = std::function<bool()>;
    // Called at most every `progressIntervalMs` of wall time with the report so far.
    using ProgressCallback = std::function<void(const RunReport &)>;
    // Runs start() to the end, then catches the projectors up. With `paced`, simulated time
    // follows the wall clock at the scenario's run.speed. False on a store error (errorString());
    // true when finished or stopped (report().interrupted tells which).
    bool run(bool paced = false, const StopRequest &stop = {},
             const ProgressCallback &progress = {}, int progressIntervalMs = 200);

    qint64 now() const { return m_now; }
    QString runId() const { return m_report.runId; }
    const RunReport &report();
    QString errorString() const { return m_error; }

    // The run id: derived from the scenario, its seed and the store's run count.
    static QString deriveRunId(const Scenario &scenario, int previousRuns);

private:
    enum class ActionKind {
        OrderArrives,
        PaymentSettles,
        BatchFinishes,
        RetryDue,
        CancelRequested,
        WorkerRestarts,
        ProjectorPolls,
        JoinScan, // team mode: look for other runs' orders that started
    };
    struct Action
    {
        qint64 at = 0;
        quint64 sequence = 0; // ties break in scheduling order
        ActionKind kind = ActionKind::OrderArrives;
        qint64 order = 0; // order number, or projector index for polls
        qint64 worker = 0;
        bool operator>(const Action &other) const
        {
            return at != other.at ? at > other.at : sequence > other.sequence;
        }
    };
    // What the simulation tracks of an open order besides the store; finished orders are
    // dropped, so memory follows the open orders, not the run.
    struct OrderProgress
    {
        qint64 attempt = 1; // attempt number of the current batch's next try
        qint64 durationMs = 0; // of the batch a worker is running
        OrderStatus status = OrderStatus::None;
        // The order as our last append left it; empty when it must be loaded from the store.
        std::optional<OrderState> state;
        QString lastEventId; // of the event at state's version, while state is set
        // What a load from the store would find: the newest snapshot's version, the old-schema
        // events after it and the unusable snapshots newer than it.
        qint64 snapshotVersion = 0;
        int upcastEventsAfterSnapshot = 0;
        int snapshotsIgnored = 0;
    };
    // Lag samples of one projector; see RunReport::lag.
    struct LagRecorder
    {
        qint64 stride = 1; // polls per sample
        qint64 pollsInSample = 0;
        LagSample worst;
    };

    void schedule(qint64 at, ActionKind kind, qint64 order = 0, qint64 worker = 0);
    bool groupCommitDue() const;
    // Commits a group that step() ended; the projections' rows may stay held past it.
    bool commitGroup();
    // Commits the open transaction and counts its group in the report.
    bool commitTransaction();
    void recordLag(const QString &projection, const ProjectionLag &lag, bool last = false);
    // The open order as our last append left it, or loaded from the store.
    LoadedOrder loadOrder(qint64 orderNumber, const QString &streamId);
    bool handle(const Action &action);
    bool orderArrives(qint64 orderNumber);
    bool paymentSettles(qint64 orderNumber);
    bool batchFinishes(qint64 orderNumber, qint64 worker);
    bool cancelRequested(qint64 orderNumber);
    bool projectorPolls(int index);
    // Team mode: joins the orders other runs have in progress now, then those that start.
    bool joinOrdersInProgress();
    bool joinScan();
    void join(qint64 orderNumber);
    bool isOwnOrder(qint64 orderNumber) const;
    void countProjectorFaults(const QString &projection,
                              const ProjectionRunner::Progress &progress);
    // A worker crashed after the external system delivered the batch and before the append:
    // the store never hears of it, the batch runs again, and the customer gets it twice.
    void workerCrashes(qint64 orderNumber, qint64 worker, qint64 units);
    void dispatchWorkers();

    // Loads the order, decides with `command`, appends the decision at the loaded version and
    // snapshots by policy. A conflict reloads and decides again. Returns false on a store
    // error; a rejected command is counted and returns true.
    bool execute(qint64 orderNumber, const std::function<Decision(const LoadedOrder &)> &command,
                 OrderStatus *statusAfter = nullptr);
    // Another writer (the support desk) appends to the order between our load and our append,
    // so that our append meets a real expected-version conflict.
    bool concurrentWriterAppends(const QString &streamId, const LoadedOrder &loaded);
    // The events of a decision, each with the next event_id of the run. The first one's cause is
    // `previousEventId`, the stream's event at `expectedVersion` (empty for a new stream).
    QList<NewEvent> eventsToAppend(const QString &streamId, qint64 expectedVersion,
                                   const QString &previousEventId,
                                   const QList<DomainEvent> &events);
    // The event_id of the stream's event at `version`: known from our last append to it, or
    // read from the store. Empty, with m_error set, when the read fails.
    QString eventIdAt(const QString &streamId, qint64 version, const OrderProgress *progress);
    void orderEnded(qint64 orderNumber, OrderStatus status);
    bool isOpen(qint64 orderNumber) const { return m_progress.contains(orderNumber); }
    qint64 batchDuration();
    // `worker-01`, the id a worker's batches carry.
    QString workerName(qint64 worker);

    Scenario m_scenario;
    EventStore &m_store;
    std::unique_ptr<SnapshotStore> m_snapshots;
    std::unique_ptr<OrderRepository> m_repository;
    std::vector<std::unique_ptr<Projection>> m_projections;
    std::vector<std::unique_ptr<ProjectionRunner>> m_runners;

    Random m_arrivalRandom;
    Random m_orderRandom;
    Random m_paymentRandom;
    Random m_workRandom;
    Random m_faultRandom; // the failures of the scenario's `failures` group

    using ActionQueue = std::priority_queue<Action, std::vector<Action>, std::greater<>>;
    ActionQueue m_work; // everything but polls: the simulation ends when it is empty
    ActionQueue m_polls;
    quint64 m_nextSequence = 0;
    qint64 m_eventsBuilt = 0; // the run's event_ids number its events in the order it built them
    qint64 m_now = 0;
    qint64 m_arrivalClockUs = 0;
    qint64 m_ordersArrived = 0;
    QHash<qint64, OrderProgress> m_progress;
    std::deque<qint64> m_readyOrders;
    std::vector<qint64> m_idleWorkers;
    std::vector<QString> m_workerNames; // by worker number - 1

    RunReport m_report;
    QHash<QString, LagRecorder> m_lagRecorders;
    // What the open group transaction appended: the report counts it once the group commits.
    struct GroupCounts
    {
        int appends = 0;
        qint64 events = 0;
        qint64 unitsRecorded = 0;
    };
    GroupCounts m_group;
    QElapsedTimer m_groupClock;
    // Group commits since the projections' rows were last written, and the wall time since.
    int m_groupsHeld = 0;
    QElapsedTimer m_readModelClock;
    QElapsedTimer m_wallClock;
    bool m_joinsRuns = false;
    qint64 m_joinScanPosition = 0; // the events up to here have been scanned for orders to join
    QSet<qint64> m_joinedOrders; // other runs' orders this run works on, while open
    bool m_started = false;
    bool m_finished = false;
    QString m_error;
};

} // namespace eslab
