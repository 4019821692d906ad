#pragma once

#include "model/projectionrunner.h"

#include <QMap>
#include <QPointF>
#include <QString>
#include <QWidget>

class QCheckBox;
class QChart;
class QComboBox;
class QLabel;
class QLineSeries;
class QProgressBar;
class QPushButton;
class QTableView;
class QTableWidget;
class QThread;
class QValueAxis;

namespace eslab {

class ChartView;
class ParkedEventsModel;
class SimulationController;
class StoreReader;
struct RunProgress;

// The projections tab: for each projection its head, checkpoint, lag in events and in ms,
// parked count and halt, live while a run goes on; a chart of both lag measures over simulated
// time; the parked events, with a replay; and a rebuild from zero with progress, events/s and
// ETA.
//
// Reads go through the StoreReader. Replay and rebuild write: each runs on its own QThread with
// its own read-write store connection, one at a time, never while a simulation run is active,
// and reports back with queued calls at most every ReportIntervalMs. GUI thread only; the
// destructor stops and waits for a running replay or rebuild.
class ProjectionsTab : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProjectionsTab)
public:
    static constexpr int ReportIntervalMs = 100;

    ProjectionsTab(StoreReader *reader, SimulationController *controller,
                   QWidget *parent = nullptr);
    ~ProjectionsTab() override;

    // True while a replay or rebuild runs.
    bool isWriting() const { return m_writer != nullptr; }

public slots:
    void refresh();
    // Adds the lag samples of a run's progress to the table and the chart (while the tab is
    // behind another one, to the chart when it is shown).
    void addProgress(const eslab::RunProgress &progress);
    // Replays the parked events the list shows (its projection filter), on a writer thread.
    void replayParked();
    // Rebuilds the projection chosen next to the rebuild button from zero, on a writer thread.
    void rebuildProjection();

protected:
    void showEvent(QShowEvent *event) override;

signals:
    // A replay or rebuild was refused, or ended (done, stopped or failed) and its thread is
    // gone; `message` says how.
    void writeFinished(const QString &message);

private:
    struct Status;
    struct Row
    {
        qint64 checkpoint = 0;
        qint64 lagEvents = 0;
        qint64 lagMs = 0;
        qint64 parked = 0;
        qint64 haltedAt = 0;
        QString haltReason;
        QString error;
    };
    struct LagSeries
    {
        QList<QPointF> events; // (simulated s, lag in events)
        QList<QPointF> ms; // (simulated s, lag in ms)
        QLineSeries *eventsSeries = nullptr;
        QLineSeries *msSeries = nullptr;
    };

    void statusLoaded(const Status &status);
    void updateTable();
    void updateChart();
    void clearChart();
    void updateActions();
    // Why a write may not start now, or an empty string when it may.
    QString writeRefusal() const;
    void startWriter(QThread *thread);
    void rebuildProgressed(const ProjectionRunner::Progress &progress);
    void rebuildFinished(const ProjectionRunner::Progress &progress, const QString &error,
                         bool stopped);
    void replayProgressed(qint64 done, qint64 total);
    void replayFinished(const QString &message);

    StoreReader *m_reader;
    SimulationController *m_controller;

    QTableWidget *m_table = nullptr;
    QLabel *m_tableNote = nullptr;
    QChart *m_chart = nullptr;
    ChartView *m_chartView = nullptr;
    QValueAxis *m_timeAxis = nullptr;
    QValueAxis *m_eventsAxis = nullptr;
    QValueAxis *m_msAxis = nullptr;
    QComboBox *m_chartProjection = nullptr;

    ParkedEventsModel *m_parked = nullptr;
    QTableView *m_parkedView = nullptr;
    QComboBox *m_parkedFilter = nullptr;
    QLabel *m_parkedNote = nullptr;
    QCheckBox *m_handlerFixed = nullptr;
    QPushButton *m_replayButton = nullptr;

    QComboBox *m_rebuildChoice = nullptr;
    QPushButton *m_rebuildButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_rate = nullptr;
    QLabel *m_eta = nullptr;
    QLabel *m_writeNote = nullptr;

    qint64 m_head = 0;
    QMap<QString, Row> m_rows; // per projection
    QMap<QString, LagSeries> m_lag; // per projection
    quint64 m_statusGeneration = 0;
    qint64 m_lastLiveRefresh = 0; // ms since epoch
    QThread *m_writer = nullptr; // the running replay or rebuild
    bool m_rebuilding = false;
    bool m_chartPending = false; // lag samples came while the tab was out of sight
    QString m_lastWriteMessage;
    QString m_rebuildHelp;
    QString m_runActiveMessage;
};

} // namespace eslab
