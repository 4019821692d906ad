#pragma once

#include "simulation/scenario.h"
#include "simulation/sweep.h"

#include <QList>
#include <QThread>
#include <QWidget>

#include <atomic>
#include <memory>

class QBarCategoryAxis;
class QHorizontalBarSeries;
class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QValueAxis;

namespace eslab {

class ChartView;

// The snapshot study tab: the scenario's sweep over the snapshot intervals and policies the user
// picks, run on a worker thread that owns the sweep's temporary stores, with progress at a
// bounded rate and a cancel button; its rows charted side by side (events replayed per load,
// load time, storage, write cost: one category per setting) and listed in a table. One sweep at
// a time. Widgets and charts are touched on the GUI thread only; the worker thread sees the
// scenario and settings by value.
class SnapshotStudyTab : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SnapshotStudyTab)
public:
    static inline const QString DefaultIntervals = QStringLiteral("0,10,50,100,500");

    explicit SnapshotStudyTab(QWidget *parent = nullptr);
    ~SnapshotStudyTab() override;

    bool isRunning() const { return m_running; }
    // The rows of the last sweep, in setting order (the finished ones, when it was cancelled).
    const QList<SweepRow> &rows() const { return m_rows; }

public slots:
    void setScenario(const eslab::Scenario &scenario);
    // Runs the sweep on a worker thread; sweepFinished() when done, failed or cancelled, and
    // at once when the settings are refused (the message shows next to the intervals).
    void runSweep();
    // Asks the sweep to stop after its current action; the finished rows stay.
    void cancelSweep();

signals:
    void sweepFinished();

private:
    struct BarChart
    {
        ChartView *view = nullptr;
        QHorizontalBarSeries *series = nullptr;
        QBarCategoryAxis *categories = nullptr;
        QValueAxis *values = nullptr;
    };

    BarChart createChart(const QString &objectName, const QString &title,
                         const QStringList &setNames, const QList<QColor> &colours);
    std::optional<QList<SnapshotSetting>> parsedSettings(QString *error) const;
    void validate();
    void updatePolicyLabels();
    void showProgress(const SnapshotSweep::Progress &progress);
    void finishSweep(const QList<SweepRow> &rows, bool interrupted, const QString &error);
    void showRows();
    void setRunning(bool running);

    Scenario m_scenario;
    QList<SweepRow> m_rows;
    bool m_running = false;

    QLineEdit *m_intervals;
    QLabel *m_intervalsError;
    QCheckBox *m_onEvent;
    QCheckBox *m_loadBudget;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_status;
    BarChart m_replayed;
    BarChart m_loadTime;
    BarChart m_storage;
    BarChart m_writeCost;
    QTableWidget *m_table;

    QThread m_thread;
    QObject *m_worker = nullptr; // lives on m_thread; the sweeps run in its context
    std::shared_ptr<std::atomic_bool> m_stop; // the current sweep's stop request
};

} // namespace eslab
