#pragma once

#include <QString>

#include <functional>

namespace eslab {

class BenchmarkReport;

// The window figures of the bench (issue 5, point 3), on whatever platform the QApplication
// runs (the bench chooses offscreen): the main window opens a large store and paints the event
// stream's first page; a jump to the last row (Ctrl+End in the table) paints it; an event-loop
// latency probe (a 5 ms timer) runs on the GUI thread while the window runs a simulation as fast
// as possible on that store; and a ChartView repaints a series of a million points fed through
// min/max reduction, as the window's charts are.
//
// "Painted with data" is seen from inside the table's viewport paint: a paint counts when the
// rows it is to show are cached in the model. Times run from the action (the window's
// construction, the key press) to the end of that paint. GUI thread only.
class WindowBenchmark
{
public:
    struct Options
    {
        QString storePath; // the store to open; the run in the window adds to it
        QString settingsPath; // where the window's QSettings go (never the user's)
        qint64 runOrders = 100; // orders of the run during which the GUI thread is probed
    };

    WindowBenchmark(Options options, std::function<void(const QString &)> progress,
                    std::function<bool()> stop);

    // Measures every window figure into `report`; a figure that cannot be measured gets a reason.
    void run(BenchmarkReport &report);

private:
    void measureStore(BenchmarkReport &report);
    void measureChart(BenchmarkReport &report);

    Options m_options;
    std::function<void(const QString &)> m_progress;
    std::function<bool()> m_stop;
};

} // namespace eslab
