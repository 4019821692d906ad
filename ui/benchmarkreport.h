#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>
#include <vector>

namespace eslab {

// The figures of one `eslab bench` run, the ratios derived from them, and the targets of issue 5
// (docs/PERFORMANCE.md). Figures are named by their JSON key ("append1_events_per_s"); a figure
// that could not be measured has a reason instead of a value. A value type; any thread.
class BenchmarkReport
{
public:
    // One target: a figure (usually a ratio to a ceiling) compared with a limit.
    struct Target
    {
        QString key; // the figure's JSON key, e.g. "append1_vs_raw_insert1"
        QString label; // the table's row
        bool atMost = false; // value <= limit (or < limit when strict); else value >= limit
        bool strict = false;
        double limit = 0;
        QString unit; // "", "ms" or "MB"
        QString valueKey; // the figure shown as the row's value
        QString ceilingKey; // the figure it is compared with, empty for absolute targets
        QString ceilingLabel;
    };

    // Every target of issue 5, in the order of the table.
    static const QList<Target> &targets();

    void setEventsRequested(qint64 events) { m_eventsRequested = events; }
    qint64 eventsRequested() const { return m_eventsRequested; }
    // The machine's 1-minute load average when the bench started and ended: a figure taken on a
    // busy machine says so.
    void setLoadAverages(double atStart, double atEnd)
    {
        m_loadAtStart = atStart;
        m_loadAtEnd = atEnd;
    }
    // The 1-minute load average now (/proc/loadavg), or -1 where there is none.
    static double currentLoadAverage();

    // What the measurements share: the median of some timings (0 for none), and ns in ms.
    static double median(std::vector<double> values);
    static double msFromNs(qint64 ns) { return double(ns) / 1e6; }

    void setFigure(const QString &key, double value);
    std::optional<double> figure(const QString &key) const;
    // The PostgreSQL figures (`eslab bench --db postgresql://...`): the server's address, and
    // figures kept apart from SQLite's, in the JSON's "postgresql" object. They have no targets.
    void setPostgresServer(const QString &location) { m_postgresServer = location; }
    void setPostgresFigure(const QString &key, double value) { m_postgresFigures[key] = value; }
    std::optional<double> postgresFigure(const QString &key) const;
    // Records why a figure has no value (shown in the table and under "unmeasured" in the JSON).
    void setUnmeasured(const QString &key, const QString &reason);
    QMap<QString, QString> unmeasured() const { return m_unmeasured; }

    // Computes the ratios of targets() from the figures they compare.
    void computeRatios();
    // The target's value, or nullopt when a figure it needs is missing.
    std::optional<double> targetValue(const Target &target) const;
    static bool isMet(const Target &target, double value);
    int targetsMet() const;

    // One JSON object: every figure at the top level (ratios included), a "targets" object with
    // each target's value, limit and whether it is met, "machine", "unmeasured" reasons, and
    // with PostgreSQL figures a "postgresql" object of them and the server.
    QJsonObject toJson() const;
    // A readable table: figure, value, ceiling, ratio, target, met; then the other figures.
    QString table() const;

private:
    qint64 m_eventsRequested = 0;
    double m_loadAtStart = -1;
    double m_loadAtEnd = -1;
    QMap<QString, double> m_figures;
    QString m_postgresServer;
    QMap<QString, double> m_postgresFigures;
    QMap<QString, QString> m_unmeasured;
};

} // namespace eslab
