#include "ui/benchmarkreport.h"

#include <QFile>
#include <QJsonValue>
#include <QLocale>
#include <QStringList>
#include <QSysInfo>
#include <QThread>
#include <QtGlobal>

#include <sqlite3.h>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

// The figures the table lists under the targets, with how to read them.
struct Detail
{
    QString key;
    QString label;
    QString unit;
};

const QList<Detail> &details()
{
    static const QList<Detail> list {
        { u"raw_insert1_events_per_s"_s, u"raw sqlite3 inserts, 1 event per transaction"_s,
          u"events/s"_s },
        { u"raw_insert100_events_per_s"_s, u"raw sqlite3 inserts, up to 100 per transaction"_s,
          u"events/s"_s },
        { u"raw_insert100_in_order_events_per_s"_s,
          u"raw inserts in the run's order, 100 per transaction"_s, u"events/s"_s },
        { u"raw_insert100_faster_order_events_per_s"_s,
          u"raw inserts, 100 per transaction, the faster order"_s, u"events/s"_s },
        { u"raw_insert100_whole_run_events_per_s"_s,
          u"raw inserts of the whole run, 100 per transaction"_s, u"events/s"_s },
        { u"raw_insert100_whole_run_events"_s, u"events inserted by the raw whole-run inserts"_s,
          u"events"_s },
        { u"insert1_events"_s, u"events inserted and appended one at a time"_s, u"events"_s },
        { u"insert100_events"_s, u"events inserted and appended in chunks"_s, u"events"_s },
        { u"insert100_chunks"_s, u"chunks of up to 100 (one transaction or append each)"_s,
          u"chunks"_s },
        { u"run_events"_s, u"events of the headless run"_s, u"events"_s },
        { u"run_orders"_s, u"orders of the headless run"_s, u"orders"_s },
        { u"run_wall_ms"_s, u"wall time of the headless run"_s, u"ms"_s },
        { u"raw_read_events_per_s"_s, u"raw sqlite3 sequential read, every column"_s,
          u"events/s"_s },
        { u"rebuild_service_stats_events_per_s"_s, u"rebuild of service_stats"_s, u"events/s"_s },
        { u"order_events"_s, u"events of the long order"_s, u"events"_s },
        { u"full_load_events_replayed"_s, u"events replayed by a load without snapshots"_s,
          u"events"_s },
        { u"snapshot_load_events_replayed"_s, u"events replayed by a load from a snapshot"_s,
          u"events"_s },
        { u"peak_rss_run_events"_s, u"events of the run whose RSS was measured"_s, u"events"_s },
        { u"peak_rss_run_events_per_s"_s, u"that run (a child eslab run), events/s"_s,
          u"events/s"_s },
        { u"window_store_events"_s, u"events in the store the window opened"_s, u"events"_s },
        { u"gui_stall_run_events"_s, u"events of the run in the window"_s, u"events"_s },
        { u"gui_stall_run_events_per_s"_s, u"that run, events/s"_s, u"events/s"_s },
        { u"chart_points"_s, u"points given to the chart"_s, u"points"_s },
        { u"chart_reduced_points"_s, u"points drawn after min/max reduction"_s, u"points"_s },
        { u"chart_reduce_ms"_s, u"min/max reduction of those points"_s, u"ms"_s },
        { u"chart_1m_update_ms"_s, u"chart update: reduce, replace, repaint"_s, u"ms"_s },
        { u"chart_1m_unreduced_update_ms"_s, u"the same update without reduction (once)"_s,
          u"ms"_s },
    };
    return list;
}

QString formatNumber(double value, const QString &unit)
{
    const QLocale c(QLocale::English);
    QString text;
    if (unit == u"ms"_s)
        text = value < 10 ? QString::number(value, 'f', 2)
                          : (value < 100 ? QString::number(value, 'f', 1)
                                         : c.toString(qint64(std::llround(value))));
    else if (unit.isEmpty())
        text = value < 0.01 && value > 0 ? QString::number(value, 'g', 2)
                                         : QString::number(value, 'f', value < 10 ? 3 : 1);
    else if (unit == u"MB"_s)
        text = QString::number(value, 'f', 1);
    else
        text = c.toString(qint64(std::llround(value)));
    return unit.isEmpty() ? text : text + u' ' + unit;
}

QString comparison(const BenchmarkReport::Target &target)
{
    if (target.atMost)
        return target.strict ? u"<"_s : u"<="_s;
    return target.strict ? u">"_s : u">="_s;
}

QString limitText(const BenchmarkReport::Target &target)
{
    // Limits are round numbers: "<= 300 MB", "< 16 ms", ">= 0.80".
    if (target.unit.isEmpty())
        return comparison(target) + u' ' + QString::number(target.limit, 'f', 2);
    return u"%1 %2 %3"_s.arg(comparison(target),
                             QLocale(QLocale::English).toString(qint64(std::llround(target.limit))),
                             target.unit);
}

QString valueUnit(const QString &key)
{
    if (key.endsWith(u"_per_s"_s))
        return u"events/s"_s;
    if (key.endsWith(u"_ms"_s))
        return u"ms"_s;
    if (key.endsWith(u"_mb"_s))
        return u"MB"_s;
    return {};
}

} // namespace

const QList<BenchmarkReport::Target> &BenchmarkReport::targets()
{
    static const QList<Target> list {
        { u"append1_vs_raw_insert1"_s,
          u"appends of 1 event"_s,
          false,
          false,
          0.8,
          {},
          u"append1_events_per_s"_s,
          u"raw_insert1_events_per_s"_s,
          u"raw, 1/transaction"_s },
        { u"append100_vs_raw_insert100"_s,
          u"appends of up to 100 events"_s,
          false,
          false,
          0.8,
          {},
          u"append100_events_per_s"_s,
          u"raw_insert100_events_per_s"_s,
          u"raw, 100/transaction"_s },
        { u"run_vs_raw_insert100"_s,
          u"full headless run"_s,
          false,
          false,
          0.3,
          {},
          u"run_events_per_s"_s,
          u"raw_insert100_faster_order_events_per_s"_s,
          u"raw, 100/tx, faster"_s },
        { u"rebuild_vs_raw_read"_s,
          u"rebuild of order_summary"_s,
          false,
          false,
          0.1,
          {},
          u"rebuild_order_summary_events_per_s"_s,
          u"raw_read_events_per_s"_s,
          u"raw read"_s },
        { u"snapshot_load_vs_full_load"_s,
          u"load of the long order, every_n 100"_s,
          true,
          false,
          0.05,
          {},
          u"snapshot_load_ms"_s,
          u"full_load_ms"_s,
          u"load, no snapshot"_s },
        { u"peak_rss_mb"_s,
          u"peak RSS of a run"_s,
          true,
          false,
          300,
          u"MB"_s,
          u"peak_rss_mb"_s,
          {},
          {} },
        { u"window_first_page_ms"_s,
          u"window: open, first page painted"_s,
          true,
          true,
          1000,
          u"ms"_s,
          u"window_first_page_ms"_s,
          {},
          {} },
        { u"window_last_row_ms"_s,
          u"window: jump to the last row"_s,
          true,
          true,
          100,
          u"ms"_s,
          u"window_last_row_ms"_s,
          {},
          {} },
        { u"gui_max_stall_ms"_s,
          u"GUI thread's longest stall, run"_s,
          true,
          false,
          50,
          u"ms"_s,
          u"gui_max_stall_ms"_s,
          {},
          {} },
        { u"chart_1m_repaint_ms"_s,
          u"chart of 1,000,000 points, repaint"_s,
          true,
          true,
          16,
          u"ms"_s,
          u"chart_1m_repaint_ms"_s,
          {},
          {} },
    };
    return list;
}

double BenchmarkReport::currentLoadAverage()
{
    QFile file(u"/proc/loadavg"_s);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    bool ok = false;
    const double load = file.readLine().split(' ').value(0).toDouble(&ok);
    return ok ? load : -1;
}

double BenchmarkReport::median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

void BenchmarkReport::setFigure(const QString &key, double value)
{
    m_figures.insert(key, value);
    m_unmeasured.remove(key);
}

std::optional<double> BenchmarkReport::figure(const QString &key) const
{
    const auto found = m_figures.constFind(key);
    if (found == m_figures.cend())
        return std::nullopt;
    return *found;
}

void BenchmarkReport::setUnmeasured(const QString &key, const QString &reason)
{
    m_figures.remove(key);
    m_unmeasured.insert(key, reason);
}

void BenchmarkReport::computeRatios()
{
    for (const Target &target : targets()) {
        if (target.ceilingKey.isEmpty())
            continue;
        const std::optional<double> value = figure(target.valueKey);
        const std::optional<double> ceiling = figure(target.ceilingKey);
        if (value && ceiling && *ceiling > 0) {
            setFigure(target.key, *value / *ceiling);
        } else {
            const QString missing = !value ? target.valueKey : target.ceilingKey;
            setUnmeasured(target.key,
                          u"%1 was not measured: %2"_s.arg(
                              missing, m_unmeasured.value(missing, u"no value"_s)));
        }
    }
}

std::optional<double> BenchmarkReport::targetValue(const Target &target) const
{
    return figure(target.key);
}

bool BenchmarkReport::isMet(const Target &target, double value)
{
    if (target.atMost)
        return target.strict ? value < target.limit : value <= target.limit;
    return target.strict ? value > target.limit : value >= target.limit;
}

int BenchmarkReport::targetsMet() const
{
    int met = 0;
    for (const Target &target : targets()) {
        if (const std::optional<double> value = targetValue(target); value && isMet(target, *value))
            ++met;
    }
    return met;
}

QJsonObject BenchmarkReport::toJson() const
{
    QJsonObject json;
    json.insert(u"events_requested"_s, m_eventsRequested);
    for (auto it = m_figures.cbegin(); it != m_figures.cend(); ++it)
        json.insert(it.key(), it.value());
    QJsonObject targetsJson;
    for (const Target &target : targets()) {
        const std::optional<double> value = targetValue(target);
        QJsonObject entry { { u"limit"_s, target.limit },
                            { u"comparison"_s, comparison(target) },
                            { u"met"_s, value && isMet(target, *value) } };
        entry.insert(u"value"_s, value ? QJsonValue(*value) : QJsonValue());
        // Ratio targets name what they compare, so a reader can check the arithmetic.
        if (!target.ceilingKey.isEmpty()) {
            entry.insert(u"of"_s, target.valueKey);
            entry.insert(u"to"_s, target.ceilingKey);
        }
        targetsJson.insert(target.key, entry);
        if (!value)
            json.insert(target.key, QJsonValue());
    }
    json.insert(u"targets"_s, targetsJson);
    json.insert(u"targets_met"_s, targetsMet());
    json.insert(u"all_targets_met"_s, targetsMet() == targets().size());
    json.insert(u"machine"_s,
                QJsonObject { { u"cpus"_s, QThread::idealThreadCount() },
                              { u"os"_s, QSysInfo::prettyProductName() },
                              { u"cpu_architecture"_s, QSysInfo::currentCpuArchitecture() },
                              { u"qt"_s, QString::fromLatin1(qVersion()) },
                              { u"sqlite"_s, QString::fromLatin1(sqlite3_libversion()) },
                              { u"load_average_start"_s, m_loadAtStart },
                              { u"load_average_end"_s, m_loadAtEnd } });
    QJsonObject unmeasuredJson;
    for (auto it = m_unmeasured.cbegin(); it != m_unmeasured.cend(); ++it)
        unmeasuredJson.insert(it.key(), it.value());
    json.insert(u"unmeasured"_s, unmeasuredJson);
    if (!m_postgresServer.isEmpty()) {
        QJsonObject postgres { { u"server"_s, m_postgresServer } };
        for (auto it = m_postgresFigures.cbegin(); it != m_postgresFigures.cend(); ++it)
            postgres.insert(it.key(), it.value());
        json.insert(u"postgresql"_s, postgres);
    }
    return json;
}

std::optional<double> BenchmarkReport::postgresFigure(const QString &key) const
{
    const auto found = m_postgresFigures.constFind(key);
    if (found == m_postgresFigures.cend())
        return std::nullopt;
    return *found;
}

QString BenchmarkReport::table() const
{
    const QLocale c(QLocale::English);
    QStringList lines;
    lines << u"eslab bench: %1 events requested; %2 CPUs, %3, Qt %4, SQLite %5"_s.arg(
        c.toString(m_eventsRequested), QString::number(QThread::idealThreadCount()),
        QSysInfo::prettyProductName(), QString::fromLatin1(qVersion()),
        QString::fromLatin1(sqlite3_libversion()));
    if (m_loadAtStart >= 0)
        lines << u"Load average (1 min): %1 at the start, %2 at the end (the bench keeps about one "
                 "CPU busy; more means other work shared the machine)."_s.arg(
                     QString::number(m_loadAtStart, 'f', 2), QString::number(m_loadAtEnd, 'f', 2));
    lines << QString();
    const auto row = [](const QString &figure, const QString &value, const QString &ceiling,
                        const QString &ratio, const QString &target, const QString &met) {
        return u"%1 %2 %3 %4 %5 %6"_s.arg(figure, -36)
            .arg(value, 16)
            .arg(ceiling, -40)
            .arg(ratio, 7)
            .arg(target, -12)
            .arg(met)
            .trimmed();
    };
    lines << row(u"figure"_s, u"value"_s, u"  ceiling"_s, u"ratio"_s, u" target"_s, u"met"_s);
    for (const Target &target : targets()) {
        const std::optional<double> value = figure(target.valueKey);
        const std::optional<double> result = targetValue(target);
        QString valueText = value ? formatNumber(*value, valueUnit(target.valueKey)) : u"-"_s;
        QString ceilingText;
        QString ratioText;
        if (!target.ceilingKey.isEmpty()) {
            const std::optional<double> ceiling = figure(target.ceilingKey);
            ceilingText = u"  %1 (%2)"_s.arg(
                ceiling ? formatNumber(*ceiling, valueUnit(target.ceilingKey)) : u"-"_s,
                target.ceilingLabel);
            ratioText = result ? formatNumber(*result, {}) : u"-"_s;
        }
        const QString met
            = !result ? u"not measured"_s : (isMet(target, *result) ? u"yes"_s : u"NO"_s);
        lines << row(target.label, valueText, ceilingText, ratioText, u" "_s + limitText(target),
                     met);
    }
    lines << QString();
    lines << u"%1 of %2 targets met."_s.arg(targetsMet()).arg(targets().size());

    QStringList other;
    for (const Detail &detail : details()) {
        if (const std::optional<double> value = figure(detail.key))
            other << u"  %1 %2"_s.arg(detail.label, -52).arg(formatNumber(*value, detail.unit));
    }
    if (!other.isEmpty()) {
        lines << QString() << u"Other figures:"_s;
        lines << other;
    }
    if (!m_postgresServer.isEmpty()) {
        lines << QString() << u"PostgreSQL (%1):"_s.arg(m_postgresServer);
        const std::pair<QString, QString> postgresFigures[] = {
            { u"append1_events_per_s"_s, u"appends of 1 event"_s },
            { u"append100_events_per_s"_s, u"appends of up to 100 events"_s },
            { u"rebuild_order_summary_events_per_s"_s, u"rebuild of order_summary"_s },
            { u"rebuild_service_stats_events_per_s"_s, u"rebuild of service_stats"_s },
        };
        for (const auto &[key, label] : postgresFigures) {
            if (const std::optional<double> value = postgresFigure(key))
                lines << u"  %1 %2"_s.arg(label, -52).arg(formatNumber(*value, u"events/s"_s));
        }
    }
    if (!m_unmeasured.isEmpty()) {
        lines << QString() << u"Not measured:"_s;
        for (auto it = m_unmeasured.cbegin(); it != m_unmeasured.cend(); ++it)
            lines << u"  %1: %2"_s.arg(it.key(), it.value());
    }
    return lines.join(u'\n') + u'\n';
}

} // namespace eslab
