#pragma once

#include "simulation/runreport.h"
#include "simulation/scenario.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <functional>
#include <optional>

namespace eslab {

// One setting of the snapshot study: an interval (`snapshot_every`; 0 is policy `none`, N is
// `every_n` with n = N) or a named policy that takes its parameters (n, event_types,
// load_budget) from the scenario. A value type.
class SnapshotSetting
{
public:
    static constexpr qint64 MaxInterval = 1'000'000'000;

    static SnapshotSetting every(qint64 interval);
    // One of policyNames().
    static SnapshotSetting policy(const QString &name);
    static const QStringList &policyNames();

    bool isPolicy() const { return m_isPolicy; }
    qint64 interval() const { return m_interval; } // for interval settings
    QString policyName() const { return m_policy; } // for policy settings

    // The scenario's snapshot group with this setting applied.
    Scenario::Snapshots appliedTo(const Scenario::Snapshots &base) const;
    // How a table names the setting, with the parameters it takes from `base`: "none",
    // "every 10", "on_event(OrderStarted)", "load_budget(200)".
    QString label(const Scenario::Snapshots &base) const;

    friend bool operator==(const SnapshotSetting &, const SnapshotSetting &) = default;

private:
    bool m_isPolicy = false;
    qint64 m_interval = 0;
    QString m_policy;
};

// The outcome of reading the settings of a sweep: the settings in order (intervals first), or one
// message naming the offending value.
struct SnapshotSettingsParseResult
{
    std::optional<QList<SnapshotSetting>> settings;
    QString error;
};

// Parses the command line's lists strictly: `snapshotEvery` as "0,10,50" (integers from 0 to
// MaxInterval) and `policies` as "on_event,load_budget" (known policy names); either may be absent,
// not both. A non-integer, a negative or empty value, an unknown policy and two settings that
// would make the same run with `base` (10 twice, or 0 and policy none) are rejected.
[[nodiscard]] SnapshotSettingsParseResult
parseSnapshotSettings(const std::optional<QString> &snapshotEvery,
                      const std::optional<QString> &policies, const Scenario::Snapshots &base);

// The measurements of one setting: the run's own loads, loads timed on the store after the run,
// and what the snapshots cost. Every figure is measured, none is derived from a formula.
struct SweepRow
{
    SnapshotSetting setting;
    QString label;

    // Loads the simulation did while it ran (RunReport::eventsReplayedPerLoad).
    qint64 runLoads = 0;
    double eventsReplayedMean = 0;
    qint64 eventsReplayedP95 = 0;
    qint64 eventsReplayedMax = 0;

    // Loads of the run's orders from the finished store, snapshots used, each the fastest of the
    // repeats.
    qint64 loadsMeasured = 0;
    double loadMsMean = 0;
    double loadMsP95 = 0;
    double measuredEventsReplayedMean = 0;
    qint64 measuredEventsReplayedMax = 0;

    qint64 snapshotsWritten = 0; // rows in `snapshots`
    qint64 snapshotBytes = 0; // bytes of their state JSON
    qint64 events = 0; // rows in `events`
    qint64 eventBytes = 0; // bytes of their payload and metadata JSON
    double snapshotWriteMs = 0; // real time the run spent writing snapshots
    double runWallMs = 0; // real time of the whole run, projections caught up
    double snapshotWriteShare() const { return runWallMs > 0 ? snapshotWriteMs / runWallMs : 0; }

    // One row of the `sweep` report (DESIGN section 6): `snapshot_every` for an interval,
    // `policy` for a named policy.
    QJsonObject toJson() const;
};

// The snapshot study (DESIGN section 3): runs the same scenario and seed once per setting, each
// into a fresh store in its own temporary folder (removed afterwards), then measures that store.
// Plain C++: it runs synchronously on the calling thread, which owns the stores it opens.
class SnapshotSweep
{
    Q_DISABLE_COPY_MOVE(SnapshotSweep)
public:
    static constexpr int DefaultMaxMeasuredOrders = 500;
    static constexpr int DefaultLoadRepeats = 3;

    SnapshotSweep(Scenario base, QList<SnapshotSetting> settings);

    // Loads are timed for every order of a run, or for this many evenly spaced ones when it has
    // more; each is timed `repeats` times and keeps its fastest.
    void setMaxMeasuredOrders(int orders) { m_maxMeasuredOrders = std::max(1, orders); }
    void setLoadRepeats(int repeats) { m_loadRepeats = std::max(1, repeats); }

    struct Progress
    {
        enum class Phase { Running, MeasuringLoads };
        int setting = 0; // 0-based index of the setting under way
        int settings = 0;
        QString label;
        Phase phase = Phase::Running;
        qint64 ordersFinished = 0; // of the run, while Running
        qint64 orders = 0;
        qint64 events = 0;
        qint64 loadsMeasured = 0; // while MeasuringLoads
        qint64 loadsToMeasure = 0;
    };
    // Called between actions and loads: return true to stop (Ctrl-C).
    using StopRequest = std::function<bool()>;
    using ProgressCallback = std::function<void(const Progress &)>;

    // Runs and measures every setting in order. False on a store error (errorString()); true when
    // every setting is done or a stop was requested (isInterrupted()), with the finished rows.
    [[nodiscard]] bool run(const StopRequest &stop = {}, const ProgressCallback &progress = {},
                           int progressIntervalMs = 200);

    const Scenario &scenario() const { return m_base; }
    const QList<SnapshotSetting> &settings() const { return m_settings; }
    int maxMeasuredOrders() const { return m_maxMeasuredOrders; }
    int loadRepeats() const { return m_loadRepeats; }
    const QList<SweepRow> &rows() const { return m_rows; }
    bool isInterrupted() const { return m_interrupted; }
    QString errorString() const { return m_error; }

    // {"rows": [...]} with the scenario's name, seed and order count for context.
    QJsonObject toJson() const;

private:
    bool runSetting(int index, const StopRequest &stop, const ProgressCallback &progress,
                    int progressIntervalMs);

    Scenario m_base;
    QList<SnapshotSetting> m_settings;
    int m_maxMeasuredOrders = DefaultMaxMeasuredOrders;
    int m_loadRepeats = DefaultLoadRepeats;
    QList<SweepRow> m_rows;
    bool m_interrupted = false;
    QString m_error;
};

} // namespace eslab
