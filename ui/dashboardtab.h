#pragma once

#include <QList>
#include <QMap>
#include <QPointF>
#include <QString>
#include <QWidget>

#include <array>

class QAreaSeries;
class QBarCategoryAxis;
class QBarSet;
class QHorizontalBarSeries;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace eslab {

class ChartView;
class SimulationController;
struct RunProgress;
class StoreReader;

// The dashboard tab: events per second, orders by status over time as stacked areas, and
// failures by kind, fed live by the controller's progress batches (one replace() per series per
// batch, every series bounded to a few thousand points, axes that only grow during a run). A
// tab behind another one keeps the batches and draws them when shown. A new run clears the
// charts. When no run is active, refresh() reads the store's totals in the reader's scan lane
// and, when the charts hold no run of this store, fills them from the store (orders by status
// over event positions, failures as far as events tell them). GUI thread only.
class DashboardTab : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardTab)
public:
    // The order statuses in the order of the legend; each has its own colour.
    static constexpr int StatusCount = 7;
    static const std::array<QString, StatusCount> &statuses();

    // The most points a chart series holds, however long the run.
    static constexpr int MaxSeriesPoints = 2000;

    DashboardTab(StoreReader *reader, SimulationController *controller, QWidget *parent = nullptr);

public slots:
    void refresh();
    // Clears the charts for a new run.
    void startRun(const QString &runId);
    // Adds one progress batch; a batch of another run clears the charts first. While the tab
    // is behind another one, the batch is only kept, and the charts show it when the tab does.
    void addProgress(const eslab::RunProgress &progress);

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct StoreTotals;
    struct Sample
    {
        qint64 simulatedMs = 0;
        qint64 wallMs = 0;
        qint64 events = 0;
        std::array<qint64, StatusCount> orders {};
    };

    bool isOutOfSight() const;
    void drawRun();
    void clearCharts();
    void showStoreTotals(const StoreTotals &totals);
    // `live`: a run's batch, whose axes only grow.
    void updateOrdersChart(bool live);
    void updateThroughputChart();
    void updateFailuresChart(const QMap<QString, qint64> &failures, bool live);
    bool hasRunOfCurrentStore() const;

    StoreReader *m_reader;
    SimulationController *m_controller;

    QLabel *m_summary;
    ChartView *m_throughputView;
    ChartView *m_ordersView;
    ChartView *m_failuresView;

    QLineSeries *m_wallRate;
    QLineSeries *m_simulatedRate;
    QValueAxis *m_throughputX;
    QValueAxis *m_wallRateY;
    QValueAxis *m_simulatedRateY;

    std::array<QLineSeries *, StatusCount> m_upper {};
    std::array<QAreaSeries *, StatusCount> m_areas {};
    QValueAxis *m_ordersX;
    QValueAxis *m_ordersY;

    QHorizontalBarSeries *m_failures;
    QBarSet *m_failureCounts;
    QBarCategoryAxis *m_failureKinds;
    QValueAxis *m_failureValues;
    QStringList m_failureKeys; // the kinds shown, in category order

    QString m_runId;
    QString m_runStore;
    QList<Sample> m_samples; // every batch of the run, for the stacked areas
    QList<QPointF> m_wallRatePoints; // (simulated ms, events per wall second)
    QList<QPointF> m_simulatedRatePoints; // (simulated ms, events per simulated second)
    QMap<QString, qint64> m_runFailures; // the latest batch's
    QString m_runSummary; // the latest batch's
    bool m_runDrawPending = false; // batches came while the tab was out of sight
    double m_timeScale = 1000; // ms per unit of the time axes
    qint64 m_storeReadGeneration = 0;
};

} // namespace eslab
