#include "simulation/runreport.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace eslab {

qint64 RunReport::percentile(QList<qint64> values, int percent)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype rank = (values.size() * percent + 99) / 100; // nearest rank, 1-based
    return values.at(std::clamp<qsizetype>(rank, 1, values.size()) - 1);
}

QList<LagSample> RunReport::reduced(const QList<LagSample> &samples, int maxPoints)
{
    if (samples.size() <= maxPoints || maxPoints <= 0)
        return samples;
    QList<LagSample> result;
    result.reserve(maxPoints);
    const qsizetype bucket = (samples.size() + maxPoints - 1) / maxPoints;
    for (qsizetype start = 0; start < samples.size(); start += bucket) {
        const auto first = samples.cbegin() + start;
        const auto last = samples.cbegin() + std::min(start + bucket, samples.size());
        // Keep the sample with the worst lag so that a chart never hides a spike.
        result.append(*std::max_element(first, last, [](const LagSample &a, const LagSample &b) {
            return a.lagEvents < b.lagEvents;
        }));
    }
    return result;
}

QJsonObject RunReport::toJson() const
{
    QJsonObject orders;
    for (auto it = ordersByStatus.cbegin(); it != ordersByStatus.cend(); ++it)
        orders.insert(it.key(), it.value());
    for (auto it = openOrdersByStatus.cbegin(); it != openOrdersByStatus.cend(); ++it)
        orders.insert(it.key(), orders.value(it.key()).toInteger() + it.value());
    QJsonObject failureCounts;
    for (auto it = failures.cbegin(); it != failures.cend(); ++it)
        failureCounts.insert(it.key(), it.value());

    QJsonObject projections;
    for (auto it = lag.cbegin(); it != lag.cend(); ++it) {
        QList<qint64> lagEvents;
        QList<qint64> lagMs;
        for (const LagSample &sample : it.value()) {
            lagEvents.append(sample.lagEvents);
            lagMs.append(sample.lagMs);
        }
        QJsonArray at, head, checkpoint, seriesEvents, seriesMs;
        for (const LagSample &sample : reduced(it.value(), 500)) {
            at.append(sample.at);
            head.append(sample.head);
            checkpoint.append(sample.checkpoint);
            seriesEvents.append(sample.lagEvents);
            seriesMs.append(sample.lagMs);
        }
        const ProjectorTotals totals = projectors.value(it.key());
        QJsonObject projection {
            { u"lag_events_max"_s, percentile(lagEvents, 100) },
            { u"lag_events_p95"_s, percentile(lagEvents, 95) },
            { u"lag_ms_max"_s, percentile(lagMs, 100) },
            { u"lag_ms_p95"_s, percentile(lagMs, 95) },
            { u"samples"_s, it.value().size() },
            { u"series"_s,
              QJsonObject { { u"at_ms"_s, at },
                            { u"head"_s, head },
                            { u"checkpoint"_s, checkpoint },
                            { u"lag_events"_s, seriesEvents },
                            { u"lag_ms"_s, seriesMs } } },
            { u"redelivered"_s, totals.redelivered },
            { u"duplicates_ignored"_s, totals.duplicatesIgnored },
            { u"double_applied"_s, totals.doubleApplied },
            { u"crashes"_s, totals.crashes },
            { u"parked"_s, totals.parked },
            { u"retried"_s, totals.retried },
        };
        if (totals.haltedAt > 0) {
            projection.insert(u"halted_at"_s, totals.haltedAt);
            projection.insert(u"halt_reason"_s, totals.haltReason);
        }
        projections.insert(it.key(), projection);
    }

    return {
        { u"run_id"_s, runId },
        { u"scenario"_s, scenarioName },
        { u"seed"_s, seed },
        { u"interrupted"_s, interrupted },
        { u"events"_s, events },
        { u"orders"_s, orders },
        { u"order_numbers"_s,
          QJsonObject { { u"first"_s, firstOrderNumber },
                        { u"last"_s, firstOrderNumber + orderCount - 1 } } },
        { u"joined_orders"_s, joinedOrders },
        { u"snapshots"_s,
          QJsonObject { { u"written"_s, snapshotsWritten },
                        { u"ignored_old_schema"_s, snapshotsIgnored },
                        { u"bytes"_s, snapshotBytes },
                        { u"write_ms"_s, double(snapshotWriteNs) / 1e6 } } },
        { u"loads"_s,
          QJsonObject { { u"count"_s, eventsReplayedPerLoad.count() },
                        { u"events_replayed_mean"_s, eventsReplayedPerLoad.mean() },
                        { u"events_replayed_p95"_s, eventsReplayedPerLoad.percentile(95) },
                        { u"events_replayed_max"_s, eventsReplayedPerLoad.maximum() },
                        { u"upcast_events_replayed"_s, upcastEventsReplayed } } },
        { u"delivery"_s,
          QJsonObject { { u"external_units"_s, unitsDeliveredExternally },
                        { u"recorded_units"_s, unitsRecorded },
                        { u"over_delivered_units"_s, unitsDeliveredExternally - unitsRecorded } } },
        { u"projections"_s, projections },
        { u"failures"_s, failureCounts },
        { u"simulated_ms"_s, simulatedMs },
        { u"wall_ms"_s, wallMs },
        { u"events_per_s"_s, wallMs > 0 ? double(events) * 1000.0 / double(wallMs) : 0.0 },
    };
}

} // namespace eslab
