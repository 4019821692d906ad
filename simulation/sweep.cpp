#include "simulation/sweep.h"

#include "simulation/simulation.h"

#include "model/eventstore.h"
#include "model/orderrepository.h"
#include "model/snapshotstore.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QVariant>

#include <algorithm>
#include <limits>
#include <memory>
#include <numeric>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

constexpr double NsPerMs = 1'000'000.0;

double mean(const QList<qint64> &values)
{
    if (values.isEmpty())
        return 0;
    return double(std::accumulate(values.begin(), values.end(), qint64(0))) / double(values.size());
}

qint64 maximum(const QList<qint64> &values)
{
    return values.isEmpty() ? 0 : *std::max_element(values.begin(), values.end());
}

// The streams whose loads are timed: all of them, or `limit` evenly spaced ones, always the same.
QStringList sampled(const QStringList &streams, int limit)
{
    if (streams.size() <= limit)
        return streams;
    QStringList sample;
    sample.reserve(limit);
    for (qsizetype i = 0; i < limit; ++i)
        sample.append(streams.at(i * streams.size() / limit));
    return sample;
}

// COUNT(*) and the summed byte length of a table's JSON columns. CAST AS BLOB makes length()
// count bytes rather than characters.
bool countAndBytes(EventStore &store, const QString &sql, qint64 *count, qint64 *bytes)
{
    QSqlQuery *query = store.execute(sql);
    if (!query || !query->next())
        return false;
    *count = query->value(0).toLongLong();
    *bytes = query->value(1).toLongLong();
    query->finish();
    return true;
}

} // namespace

SnapshotSetting SnapshotSetting::every(qint64 interval)
{
    Q_ASSERT(interval >= 0);
    SnapshotSetting setting;
    setting.m_interval = interval;
    return setting;
}

SnapshotSetting SnapshotSetting::policy(const QString &name)
{
    Q_ASSERT(policyNames().contains(name));
    SnapshotSetting setting;
    setting.m_isPolicy = true;
    setting.m_policy = name;
    return setting;
}

const QStringList &SnapshotSetting::policyNames()
{
    static const QStringList names { u"none"_s, u"every_n"_s, u"on_event"_s, u"load_budget"_s };
    return names;
}

Scenario::Snapshots SnapshotSetting::appliedTo(const Scenario::Snapshots &base) const
{
    Scenario::Snapshots snapshots = base;
    if (m_isPolicy) {
        snapshots.policy = m_policy;
    } else if (m_interval == 0) {
        snapshots.policy = u"none"_s;
    } else {
        snapshots.policy = u"every_n"_s;
        snapshots.n = m_interval;
    }
    return snapshots;
}

QString SnapshotSetting::label(const Scenario::Snapshots &base) const
{
    const Scenario::Snapshots applied = appliedTo(base);
    if (!m_isPolicy)
        return m_interval == 0 ? u"none"_s : u"every %1"_s.arg(m_interval);
    if (applied.policy == u"every_n"_s)
        return u"every_n(%1)"_s.arg(applied.n);
    if (applied.policy == u"on_event"_s)
        return u"on_event(%1)"_s.arg(applied.eventTypes.join(u'+'));
    if (applied.policy == u"load_budget"_s)
        return u"load_budget(%1)"_s.arg(applied.loadBudget);
    return applied.policy;
}

SnapshotSettingsParseResult parseSnapshotSettings(const std::optional<QString> &snapshotEvery,
                                                  const std::optional<QString> &policies,
                                                  const Scenario::Snapshots &base)
{
    SnapshotSettingsParseResult result;
    QList<SnapshotSetting> settings;
    QStringList given; // as typed, to name the first of two settings that make the same run
    auto add = [&](const SnapshotSetting &setting, const QString &typed) -> bool {
        const Scenario::Snapshots applied = setting.appliedTo(base);
        for (qsizetype i = 0; i < settings.size(); ++i) {
            if (settings.at(i).appliedTo(base) == applied) {
                result.error = typed == given.at(i)
                    ? u"%1 is listed twice"_s.arg(typed)
                    : u"%1 and %2 make the same run"_s.arg(given.at(i), typed);
                return false;
            }
        }
        settings.append(setting);
        given.append(typed);
        return true;
    };

    if (snapshotEvery) {
        const QStringList values = snapshotEvery->split(u',');
        for (const QString &raw : values) {
            const QString value = raw.trimmed();
            const QString typed = u"--snapshot-every %1"_s.arg(value);
            if (value.isEmpty()) {
                result.error = u"--snapshot-every '%1' has an empty value; expected integers "
                               "like 0,10,50"_s.arg(*snapshotEvery);
                return result;
            }
            bool digitsOnly = true;
            for (qsizetype i = value.startsWith(u'-') ? 1 : 0; i < value.size(); ++i)
                digitsOnly = digitsOnly && value.at(i).isDigit() && value.at(i).unicode() < 128;
            bool ok = false;
            const qint64 interval = digitsOnly && value != u"-"_s ? value.toLongLong(&ok) : 0;
            if (!ok || interval < 0 || interval > SnapshotSetting::MaxInterval) {
                result.error = u"--snapshot-every value '%1' is %2; expected an integer from 0 "
                               "(no snapshots) to %3"_s.arg(value)
                                   .arg(ok && interval < 0 ? u"negative"_s
                                            : ok           ? u"too large"_s
                                                           : u"not an integer"_s)
                                   .arg(SnapshotSetting::MaxInterval);
                return result;
            }
            if (!add(SnapshotSetting::every(interval), typed))
                return result;
        }
    }
    if (policies) {
        const QStringList values = policies->split(u',');
        for (const QString &raw : values) {
            const QString value = raw.trimmed();
            if (!SnapshotSetting::policyNames().contains(value)) {
                result.error = value.isEmpty()
                    ? u"--policies '%1' has an empty value; expected policy names like "
                      "on_event,load_budget"_s.arg(*policies)
                    : u"--policies value '%1' is not a snapshot policy; expected one of %2"_s.arg(
                        value, SnapshotSetting::policyNames().join(u", "_s));
                return result;
            }
            if (!add(SnapshotSetting::policy(value), u"--policies %1"_s.arg(value)))
                return result;
        }
    }
    if (settings.isEmpty()) {
        result.error = u"no snapshot settings: give --snapshot-every or --policies"_s;
        return result;
    }
    result.settings = std::move(settings);
    return result;
}

QJsonObject SweepRow::toJson() const
{
    QJsonObject row;
    if (setting.isPolicy())
        row.insert(u"policy"_s, setting.policyName());
    else
        row.insert(u"snapshot_every"_s, setting.interval());
    row.insert(u"events_replayed_mean"_s, eventsReplayedMean);
    row.insert(u"events_replayed_p95"_s, eventsReplayedP95);
    row.insert(u"events_replayed_max"_s, eventsReplayedMax);
    row.insert(u"load_ms_mean"_s, loadMsMean);
    row.insert(u"load_ms_p95"_s, loadMsP95);
    row.insert(u"loads_measured"_s, loadsMeasured);
    row.insert(u"measured_events_replayed_mean"_s, measuredEventsReplayedMean);
    row.insert(u"snapshots_written"_s, snapshotsWritten);
    row.insert(u"snapshot_bytes"_s, snapshotBytes);
    row.insert(u"event_bytes"_s, eventBytes);
    row.insert(u"events"_s, events);
    row.insert(u"snapshot_write_ms"_s, snapshotWriteMs);
    row.insert(u"snapshot_write_share"_s, snapshotWriteShare());
    row.insert(u"run_wall_ms"_s, runWallMs);
    return row;
}

SnapshotSweep::SnapshotSweep(Scenario base, QList<SnapshotSetting> settings)
    : m_base(std::move(base))
    , m_settings(std::move(settings))
{ }

bool SnapshotSweep::run(const StopRequest &stop, const ProgressCallback &progress,
                        int progressIntervalMs)
{
    m_rows.clear();
    m_interrupted = false;
    m_error.clear();
    for (int index = 0; index < m_settings.size(); ++index) {
        if (!runSetting(index, stop, progress, progressIntervalMs))
            return false;
        if (m_interrupted)
            return true;
    }
    return true;
}

bool SnapshotSweep::runSetting(int index, const StopRequest &stop, const ProgressCallback &progress,
                               int progressIntervalMs)
{
    const SnapshotSetting &setting = m_settings.at(index);
    SweepRow row;
    row.setting = setting;
    row.label = setting.label(m_base.snapshots);
    auto fail = [&](const QString &message) {
        m_error = u"%1: %2"_s.arg(row.label, message);
        return false;
    };

    QTemporaryDir folder;
    if (!folder.isValid())
        return fail(u"cannot create a temporary folder: %1"_s.arg(folder.errorString()));
    QString openError;
    std::unique_ptr<EventStore> store = EventStore::open(
        folder.filePath(u"sweep.db"_s), EventStore::Access::ReadWriteCreate, &openError);
    if (!store)
        return fail(openError);

    Scenario scenario = m_base;
    scenario.snapshots = setting.appliedTo(m_base.snapshots);

    Progress state;
    state.setting = index;
    state.settings = int(m_settings.size());
    state.label = row.label;
    state.orders = scenario.orders.count;
    {
        Simulation simulation(scenario, *store);
        QElapsedTimer wall;
        wall.start();
        const bool completed = simulation.run(
            false, stop,
            [&](const RunReport &report) {
                if (!progress)
                    return;
                state.ordersFinished = 0;
                for (qint64 count : report.ordersByStatus)
                    state.ordersFinished += count;
                state.events = report.events;
                progress(state);
            },
            progressIntervalMs);
        const qint64 wallNs = wall.nsecsElapsed();
        if (!completed)
            return fail(simulation.errorString());
        const RunReport &report = simulation.report();
        if (report.interrupted) {
            m_interrupted = true;
            return true;
        }
        row.runLoads = report.eventsReplayedPerLoad.count();
        row.eventsReplayedMean = report.eventsReplayedPerLoad.mean();
        row.eventsReplayedP95 = report.eventsReplayedPerLoad.percentile(95);
        row.eventsReplayedMax = report.eventsReplayedPerLoad.maximum();
        row.snapshotWriteMs = double(report.snapshotWriteNs) / NsPerMs;
        row.runWallMs = double(wallNs) / NsPerMs;
    }

    if (!countAndBytes(*store,
                       u"SELECT COUNT(*), COALESCE(SUM(LENGTH(CAST(payload AS BLOB)) "
                       "+ LENGTH(CAST(metadata AS BLOB))), 0) FROM events"_s,
                       &row.events, &row.eventBytes)
        || !countAndBytes(*store,
                          u"SELECT COUNT(*), COALESCE(SUM(LENGTH(CAST(state AS BLOB))), 0) "
                          "FROM snapshots"_s,
                          &row.snapshotsWritten, &row.snapshotBytes))
        return fail(u"measuring the store failed: %1"_s.arg(store->errorString()));

    const QStringList streams = store->streamIds();
    if (!store->errorString().isEmpty())
        return fail(store->errorString());
    const QStringList measured = sampled(streams, m_maxMeasuredOrders);
    state.phase = Progress::Phase::MeasuringLoads;
    state.loadsToMeasure = measured.size() * qint64(m_loadRepeats);

    SnapshotStore snapshots(*store);
    OrderRepository repository(*store, snapshots);
    QList<qint64> fastestNs(measured.size(), std::numeric_limits<qint64>::max());
    QList<qint64> replayed(measured.size(), 0);
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    // Whole passes rather than back-to-back repeats of one order, so that no order is timed only
    // while its pages are hot from the load before.
    for (int pass = 0; pass < m_loadRepeats; ++pass) {
        for (qsizetype i = 0; i < measured.size(); ++i) {
            if (stop && stop()) {
                m_interrupted = true;
                return true;
            }
            QElapsedTimer timer;
            timer.start();
            const LoadedOrder loaded = repository.load(measured.at(i));
            const qint64 ns = timer.nsecsElapsed();
            if (!loaded.isLoaded())
                return fail(loaded.error);
            fastestNs[i] = std::min(fastestNs.at(i), ns);
            replayed[i] = loaded.eventsReplayed;
            ++state.loadsMeasured;
            if (progress && sinceProgress.elapsed() >= progressIntervalMs) {
                sinceProgress.restart();
                progress(state);
            }
        }
    }
    row.loadsMeasured = measured.size();
    row.loadMsMean = mean(fastestNs) / NsPerMs;
    row.loadMsP95 = double(RunReport::percentile(fastestNs, 95)) / NsPerMs;
    row.measuredEventsReplayedMean = mean(replayed);
    row.measuredEventsReplayedMax = maximum(replayed);
    m_rows.append(row);
    return true;
}

QJsonObject SnapshotSweep::toJson() const
{
    QJsonArray rows;
    for (const SweepRow &row : m_rows)
        rows.append(row.toJson());
    return QJsonObject { { u"scenario"_s, m_base.name },
                         { u"seed"_s, m_base.seed },
                         { u"orders"_s, m_base.orders.count },
                         { u"rows"_s, rows } };
}

} // namespace eslab
