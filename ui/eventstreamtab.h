#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QCompleter;
class QLabel;
class QLineEdit;
class QLineSeries;
class QPlainTextEdit;
class QScatterSeries;
class QScrollBar;
class QStackedWidget;
class QStringListModel;
class QTableView;
class QValueAxis;

namespace eslab {

class ChartView;
class EventStore;
class EventStreamModel;
class RowWindowModel;
class SimulationController;
class StoreReader;

// The event stream tab: the global event table over the store (lazy, see EventStreamModel) with
// filters by stream, type and simulated time applied as the user types; the selected event's
// payload and metadata as indented JSON (and, for an event stored in an older schema, the JSON
// it is read as); a timeline of events per simulated-time bucket of the latest run with its
// snapshots marked; and a live tail that grows with a run and, while "Follow" is checked,
// scrolls to the newest event.
//
// The table shows a RowWindowModel of the model's rows, so that a run's new rows cost the view
// the same at ten million events as at a thousand. The table's own vertical scroll bar is hidden;
// the tab's (scrollBar()) runs over every row and moves the window where it is needed. Rows in
// this class's functions are the model's; the table's indexes are the window's.
//
// Every read is a StoreReader job; the tab never waits on the store. GUI thread only.
class EventStreamTab : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventStreamTab)
public:
    EventStreamTab(StoreReader *reader, SimulationController *controller,
                   QWidget *parent = nullptr);
    ~EventStreamTab() override;

    EventStreamModel *model() const { return m_model; }
    // The table's model: a window of model()'s rows.
    RowWindowModel *rowWindow() const { return m_window; }
    QTableView *table() const { return m_table; }
    // The vertical scroll bar over every row of model(): its value is the top row's.
    QScrollBar *scrollBar() const { return m_scrollBar; }
    // The row of model() selected in the table, -1 for none.
    int currentRow() const { return m_currentRow; }
    // Selects `row` of model() and scrolls it into view.
    void selectRow(int row);
    ChartView *timeline() const { return m_chartView; }
    bool isFollowing() const;

    // Parses a simulated time typed by a user: "ss", "mm:ss" or "hh:mm:ss", each with optional
    // ".mmm" on the seconds; hours may pass 23. Empty or malformed text gives nothing.
    static std::optional<qint64> parseTime(const QString &text);
    // The JSON text indented for reading, keys in their stored order (text that is not JSON
    // comes back as it is).
    static QString indentJson(const QByteArray &json);

public slots:
    // Re-reads the head and the timeline.
    void refresh();
    // The store's head moved to `head` (a run here, or another process appending): the table
    // grows to it (following the tail when Follow is on) and a live timeline catches up.
    void followHead(qint64 head);

private:
    struct Timeline;
    static Timeline readTimeline(EventStore &store, const Timeline *previous);

    void buildFilterBar(QWidget *bar);
    QWidget *buildDetails();
    void buildTimeline();

    void applyFilter();
    void clearFilter();
    void completeStreams();
    void updateCount();
    void selectSomethingIfNothing();
    void showNewest();
    // The window is moved so that it starts at `first` (clamped), the table's current row put
    // back on its event, and the scroll bar set to match.
    void moveWindow(int first);
    void moveWindowAround(int row);
    void tableScrolled(int value);
    void scrollBarMoved(int value);
    void syncScrollBar();
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEventDetails();
    void progressed(qint64 head, const QString &storeLocation);
    // `live`: during a run, whose timeline grows by the second.
    void refreshTimeline(bool live = false);
    void maybeRefreshTimeline();
    void timelineArrived(const Timeline &timeline);
    void rowsGrew();

    StoreReader *m_reader;
    SimulationController *m_controller;
    EventStreamModel *m_model;

    QLineEdit *m_streamEdit = nullptr;
    QComboBox *m_typeCombo = nullptr;
    QLineEdit *m_fromEdit = nullptr;
    QLineEdit *m_toEdit = nullptr;
    QLabel *m_countLabel = nullptr;
    QCheckBox *m_follow = nullptr;
    QTimer m_filterDelay;
    QTimer m_completionDelay;
    QCompleter *m_completer = nullptr;
    QStringListModel *m_streamIds = nullptr;

    RowWindowModel *m_window;
    QTableView *m_table = nullptr;
    QScrollBar *m_scrollBar = nullptr;
    int m_currentRow = -1;
    bool m_syncing = false; // the window or a scroll bar is being set to match the other
    bool m_remapping = false; // the window moved: the current row is put back on its event
    bool m_selectingRow = false;
    bool m_showingNewest = false; // the current row was chosen for the user, as the newest

    QStackedWidget *m_details = nullptr;
    QLabel *m_emptyLabel = nullptr;
    QLabel *m_eventTitle = nullptr;
    QLabel *m_upcastNote = nullptr;
    QPlainTextEdit *m_payload = nullptr;
    QLabel *m_upcastLabel = nullptr;
    QPlainTextEdit *m_upcast = nullptr;
    QPlainTextEdit *m_metadata = nullptr;

    ChartView *m_chartView = nullptr;
    QLineSeries *m_eventSeries = nullptr;
    QScatterSeries *m_snapshotSeries = nullptr;
    QValueAxis *m_timeAxis = nullptr;
    QValueAxis *m_countAxis = nullptr;
    QValueAxis *m_snapshotAxis = nullptr;
    std::shared_ptr<const Timeline>
        m_lastTimeline; // the last one read, for a live read to go on from
    int m_timelineTicket = 0;
    bool m_timelineInFlight = false;
    QElapsedTimer m_sinceTimeline;
    qint64 m_timelineCostMs = 0;
    double m_timelineUnitMs = 0; // of the time axis shown
};

} // namespace eslab
