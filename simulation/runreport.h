#pragma once

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
    QList<qint64> eventsReplayedPerLoad;
    QMap<QString, QList<LagSample>> lag; // per projection, in time order

    void countFailure(const QString &kind, qint64 by = 1) { failures[kind] += by; }

    QJsonObject toJson() const;

    // The value at the given percentile (nearest rank) of unsorted values; 0 for none.
    static qint64 percentile(QList<qint64> values, int percent);
    // At most `maxPoints` samples that keep each stretch's worst lag, for charts.
    static QList<LagSample> reduced(const QList<LagSample> &samples, int maxPoints);
};

} // namespace eslab
