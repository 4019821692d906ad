#pragma once

#include "simulation/simulationcontroller.h"

#include <QMainWindow>
#include <QSet>

class QAction;
class QComboBox;
class QLabel;
class QTabWidget;
class QTimer;

namespace eslab {

class DashboardTab;
class EventStreamTab;
class InspectorTab;
class ProjectionsTab;
class ScenarioEditor;
class SnapshotStudyTab;
class StoreReader;

// The eslab window: the scenario editor, run controls, the five tabs over one store, menus and a
// status bar. Owns the simulation controller (worker thread) and the store reader (reader
// thread), so that nothing here waits on the store. GUI thread only.
class MainWindow : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    enum class Tab { Stream, Inspector, Projections, Snapshots, Dashboard };

    explicit MainWindow(const QString &storeLocation, QWidget *parent = nullptr);
    ~MainWindow() override;

    QString storeLocation() const { return m_storeLocation; }
    void setStoreLocation(const QString &location);
    void showTab(Tab tab);
    static std::optional<Tab> tabFromName(const QString &name);

    ScenarioEditor *scenarioEditor() const { return m_editor; }
    SimulationController *controller() const { return m_controller; }
    StoreReader *reader() const { return m_reader; }
    InspectorTab *inspectorTab() const { return m_inspector; }
    SnapshotStudyTab *snapshotStudyTab() const { return m_snapshots; }

public slots:
    void startRun();
    void togglePause();
    // Re-reads the store: the tab in sight at once, each other tab when it is next shown.
    void refreshTabs();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void updateActions();
    void refreshCurrentTabIfStale();
    // Team mode: while no run of this window is going on, reads the store's head now and then;
    // when another process moved it, the tabs follow.
    void watchStore();
    void storeMovedElsewhere(qint64 head);
    void updateStatus(const RunProgress &progress);
    // Shows a warning without blocking: the status bar and a window-modal box.
    void warn(const QString &title, const QString &message);
    void newStore();
    void openStore();
    void openPostgresStore();
    void exportEvents();
    void exportCurrentTab();
    void restoreSettings();
    void saveSettings() const;

    QString m_storeLocation;
    SimulationController *m_controller = nullptr;
    StoreReader *m_reader = nullptr;
    ScenarioEditor *m_editor = nullptr;
    QTabWidget *m_tabs = nullptr;
    EventStreamTab *m_stream = nullptr;
    InspectorTab *m_inspector = nullptr;
    ProjectionsTab *m_projections = nullptr;
    SnapshotStudyTab *m_snapshots = nullptr;
    DashboardTab *m_dashboard = nullptr;
    QSet<QWidget *> m_staleTabs; // tabs to refresh when they are next shown
    QTimer *m_watch = nullptr;
    qint64 m_watchedHead = -1; // the head watchStore() last read, -1 before the first read

    QAction *m_runAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_stepAction = nullptr;
    QAction *m_resetAction = nullptr;
    QComboBox *m_speed = nullptr;
    QLabel *m_simulatedTime = nullptr;
    QLabel *m_events = nullptr;
    QLabel *m_head = nullptr;
    QLabel *m_store = nullptr;
};

} // namespace eslab
