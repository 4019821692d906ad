#pragma once

#include <QJsonObject>
#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QComboBox;
class QPlainTextEdit;
class QSlider;
class QSpinBox;
class QStandardItemModel;
class QTableView;
class QTableWidget;
class QTreeView;
class QGroupBox;

namespace eslab {

class OrderEventsModel;
class SimulationController;
class StoreReader;

// The order inspector tab: pick an order from a searchable list; see its events; travel in time
// with a version slider that shows the state at that version (loaded through the repository:
// which snapshot was used, how many events were replayed); compare two versions key by key; and
// see an event's stored JSON beside the JSON it is read as (upcast when stored in an older
// schema). It only reads: every read is a StoreReader job, and a result that arrives after a
// newer request is dropped. GUI thread only.
class InspectorTab : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InspectorTab)
public:
    InspectorTab(StoreReader *reader, SimulationController *controller, QWidget *parent = nullptr);
    ~InspectorTab() override;

    QString currentOrder() const { return m_streamId; }

public slots:
    void refresh();
    // Shows the order at `version` (-1: its latest).
    void showOrder(const QString &streamId, qint64 version = -1);

private:
    // Results of the reader jobs (defined in the .cpp).
    struct Listing;
    struct Events;
    struct States;

    void loadOrders();
    void loadEvents();
    void loadState();
    void ordersLoaded(const Listing &listing);
    void eventsLoaded(const Events &events);
    void stateLoaded(const States &states);
    void orderPicked();
    void eventPicked();
    void versionChanged(int version);
    void showEventJson(int row);
    void selectOrderInList();
    qint64 compareVersion() const;

    StoreReader *m_reader;
    SimulationController *m_controller;

    QLineEdit *m_search = nullptr;
    QComboBox *m_statusFilter = nullptr;
    QStandardItemModel *m_orders = nullptr;
    QTreeView *m_orderList = nullptr;
    QLabel *m_orderCount = nullptr;

    QLabel *m_title = nullptr;
    OrderEventsModel *m_events = nullptr;
    QTableView *m_eventTable = nullptr;

    QSlider *m_slider = nullptr;
    QLabel *m_versionLabel = nullptr;

    QGroupBox *m_stateBox = nullptr;
    QLabel *m_source = nullptr;
    QPlainTextEdit *m_state = nullptr;

    QGroupBox *m_diffBox = nullptr;
    QSpinBox *m_compare = nullptr;
    QLabel *m_diffSummary = nullptr;
    QTableWidget *m_diff = nullptr;

    QGroupBox *m_eventBox = nullptr;
    QLabel *m_storedLabel = nullptr;
    QLabel *m_readLabel = nullptr;
    QPlainTextEdit *m_stored = nullptr;
    QPlainTextEdit *m_read = nullptr;

    QTimer m_searchTimer; // debounces typing in the search field
    QTimer m_versionTimer; // debounces slider and compare moves into one state read
    QString m_streamId;
    qint64 m_pendingVersion = -1; // the version to show once the order's events are in
    quint64 m_ordersGeneration = 0;
    quint64 m_eventsGeneration = 0;
    quint64 m_stateGeneration = 0;
    qint64 m_lastLiveRefresh = 0; // ms since epoch of the last refresh during a run
};

} // namespace eslab
