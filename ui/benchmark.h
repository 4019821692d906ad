#pragma once

#include "ui/benchmarkreport.h"

#include <QString>

#include <functional>
#include <optional>

class QTemporaryDir;

namespace eslab {

struct Scenario;

// The harness behind `eslab bench` and tests/bench (issue 5): measures, in one process and one
// run, the machine's ceilings (raw sqlite3 inserts and reads of the same events in the same
// schema: a sample of the run's events into empty stores, and all of them into one store) and
// eslab beside them: appends of 1 and of up to 100 events, a full headless run, a projection
// rebuild, loads of a 10,000-event order with and without snapshots, the peak RSS of a run of N
// events in a child `eslab run`, and the window figures (WindowBenchmark) on that run's store.
// docs/PERFORMANCE.md says what each figure measures.
//
// With Options::windowStore, only the window figures, on a copy of that store. With
// Options::postgres, PostgreSQL figures too, on that server.
//
// Everything happens in a temporary folder of its own, removed at the end. Needs a QApplication
// (the window figures) on the offscreen platform; runs on the GUI thread, which it blocks for
// the headless figures. A figure that cannot be measured gets a reason in the report; the run
// fails only when the store cannot be written at all.
class Benchmark
{
    Q_DISABLE_COPY_MOVE(Benchmark)
public:
    struct Options
    {
        qint64 events = 10'000'000; // N: the size of the run, the RSS run and the window's store
        QString eslabBinary; // the eslab executable started for the peak-RSS run
        // When set, only the window figures, on a copy of this store (N is its event count):
        // for iterating on the window, and for stores larger than a run can make in time.
        QString windowStore;
        // When set, a PostgreSQL database (postgresql://...) with no store, where the bench
        // also measures appends of 1 and of up to 100 events and a rebuild, removing its store
        // afterwards.
        QString postgres;
    };
    // A line saying what the bench is doing now (for a progress line on a terminal).
    using ProgressCallback = std::function<void(const QString &)>;
    // Polled between steps: true stops the bench (Ctrl-C).
    using StopRequest = std::function<bool()>;

    Benchmark(Options options, ProgressCallback progress, StopRequest stop);
    ~Benchmark();

    // Runs every measurement. False when the bench could not run (errorString()) or was stopped
    // (wasStopped()); the report holds what was measured either way.
    [[nodiscard]] bool run();
    const BenchmarkReport &report() const { return m_report; }
    QString errorString() const { return m_error; }
    bool wasStopped() const { return m_stopped; }

    // The default scenario (the one `eslab run` runs without a file).
    static std::optional<Scenario> defaultScenario(QString *error);

private:
    bool stopRequested();
    void progress(const QString &line);
    QString path(const QString &name) const;

    // Each step records its figures in m_report; false on a fatal error or a stop.
    bool estimateEventsPerOrder();
    bool copyWindowStore();
    bool runHeadless();
    bool measureInserts();
    bool measureWholeRunInsert();
    bool measureRebuild();
    bool measurePostgres();
    bool measureOrderLoads();
    bool measurePeakRss();
    bool measureWindow();

    Options m_options;
    ProgressCallback m_progress;
    StopRequest m_stop;
    std::unique_ptr<QTemporaryDir> m_scratch;
    BenchmarkReport m_report;
    double m_eventsPerOrder = 0;
    double m_estimateEventsPerSecond = 0;
    qint64 m_orders = 0;
    QString m_error;
    bool m_stopped = false;
};

} // namespace eslab
