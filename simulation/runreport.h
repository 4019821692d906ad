#pragma once

#include "simulation/distribution.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace eslab {

// One sample of a projection's position, taken when its projector polls.
struct LagSample
{
    qint64 at = 0; // simulated ms
    qint64 head = 0;
    qint64 checkpoint = 0;
    qint64 lagEvents = 0;
    qint64 lagMs = 0;
};

// What happened to one projector during a run, beyond its lag.
struct ProjectorTotals
{
    qint64 redelivered = 0; // events delivered more than once (at-least-once, crashes)
    qint64 duplicatesIgnored = 0; // redelivered events an idempotent projection ignored
    qint64 doubleApplied = 0; // redelivered events a non-idempotent projection applied again
    qint64 crashes = 0; // crashes between read-model write and checkpoint
    qint64 parked = 0;
    qint64 retried = 0;
    qint64 haltedAt = 0; // the position a Stop policy halted on, 0 when it never halted
    QString haltReason;
};

// Counts and series gathered during one run, and the JSON report of DESIGN section 6 built from
// them. Owned by the Simulation that fills it; a value type.
class RunReport
{
public:
    QString runId;
    QString scenarioName;
    qint64 seed = 0;
    qint64 firstOrderNumber = 0;
    qint64 orderCount = 0;
    qint64 joinedOrders = 0; // team mode: other runs' orders this run worked on
    qint64 events = 0; // events this run appended
    qint64 simulatedMs = 0; // simulated time when the run ended
    qint64 wallMs = 0;
    bool interrupted = false;
    QMap<QString, qint64> ordersByStatus; // finished orders by final status
    QMap<QString, qint64> openOrdersByStatus; // orders still open (an interrupted run)
    QMap<QString, qint64> failures; // a counter per kind
    qint64 snapshotsWritten = 0;
    qint64 snapshotBytes = 0;
    qint64 snapshotWriteNs = 0; // real time spent writing snapshots
    qint64 snapshotsIgnored = 0; // unusable snapshots (old schema) skipped by loads
    qint64 upcastEventsReplayed = 0; // old-schema events upcast by loads
    qint64 unitsDeliveredExternally = 0; // what the external system delivered, crashes included
    qint64 unitsRecorded = 0; // what the store recorded as delivered
    // Per command: the events a load from the store replays (after the newest snapshot).
    Distribution eventsReplayedPerLoad;
    // Per projection, in time order: one sample per poll; past LagSamplesPerStride samples each
    // sample stands for twice as many polls as before (the worst lag among them), so that a
    // run of any length keeps a few ten thousand samples.
    QMap<QString, QList<LagSample>> lag;
    static constexpr int LagSamplesPerStride = 4096;
    QMap<QString, ProjectorTotals> projectors;

    void countFailure(const QString &kind, qint64 by = 1) { failures[kind] += by; }

    QJsonObject toJson() const;

    // The value at the given percentile (nearest rank) of unsorted values; 0 for none.
    static qint64 percentile(QList<qint64> values, int percent);
    // At most `maxPoints` samples that keep each stretch's worst lag, for charts.
    static QList<LagSample> reduced(const QList<LagSample> &samples, int maxPoints);
};

} // namespace eslab
