#include "ui/mainwindow.h"

#include "model/eventexport.h"
#include "model/eventstore.h"
#include "ui/dashboardtab.h"
#include "ui/eventstreamtab.h"
#include "ui/inspectortab.h"
#include "ui/projectionstab.h"
#include "ui/scenarioeditor.h"
#include "ui/snapshotstudytab.h"
#include "ui/storereader.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

// How often a window with no run of its own reads the head of its store.
constexpr int WatchIntervalMs = 2000;

// Simulated seconds per wall second; 0 runs as fast as possible.
struct SpeedChoice
{
    const char *label;
    double speed;
};
constexpr SpeedChoice SpeedChoices[] = {
    { QT_TRANSLATE_NOOP("eslab::MainWindow", "Real time"), 1 },
    { QT_TRANSLATE_NOOP("eslab::MainWindow", "10x"), 10 },
    { QT_TRANSLATE_NOOP("eslab::MainWindow", "60x"), 60 },
    { QT_TRANSLATE_NOOP("eslab::MainWindow", "600x"), 600 },
    { QT_TRANSLATE_NOOP("eslab::MainWindow", "As fast as possible"), 0 },
};

QString formatTime(qint64 ms)
{
    const qint64 seconds = ms / 1000;
    return u"%1:%2:%3"_s.arg(seconds / 3600, 2, 10, QLatin1Char('0'))
        .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

MainWindow::MainWindow(const QString &storeLocation, QWidget *parent)
    : QMainWindow(parent)
    , m_controller(new SimulationController(this))
    , m_reader(new StoreReader(this))
{
    setObjectName(u"MainWindow"_s);
    m_editor = new ScenarioEditor;
    auto *editorDock = new QDockWidget(tr("Scenario"), this);
    editorDock->setObjectName(u"ScenarioDock"_s);
    editorDock->setWidget(m_editor);
    editorDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, editorDock);

    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_stream = new EventStreamTab(m_reader, m_controller);
    m_inspector = new InspectorTab(m_reader, m_controller);
    m_projections = new ProjectionsTab(m_reader, m_controller);
    m_snapshots = new SnapshotStudyTab;
    m_dashboard = new DashboardTab(m_reader, m_controller);
    m_tabs->addTab(m_stream, tr("Event stream"));
    m_tabs->addTab(m_inspector, tr("Order inspector"));
    m_tabs->addTab(m_projections, tr("Projections"));
    m_tabs->addTab(m_snapshots, tr("Snapshot study"));
    m_tabs->addTab(m_dashboard, tr("Dashboard"));
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::refreshCurrentTabIfStale);

    m_simulatedTime = new QLabel;
    m_events = new QLabel;
    m_head = new QLabel;
    m_store = new QLabel;
    statusBar()->addWidget(m_simulatedTime);
    statusBar()->addWidget(m_events);
    statusBar()->addWidget(m_head);
    statusBar()->addPermanentWidget(m_store);

    createActions();
    createMenus();
    createToolBar();

    connect(m_editor, &ScenarioEditor::validityChanged, this, &MainWindow::updateActions);
    connect(m_editor, &ScenarioEditor::scenarioChanged, this,
            [this] { m_snapshots->setScenario(m_editor->scenario()); });
    connect(m_controller, &SimulationController::stateChanged, this, &MainWindow::updateActions);
    connect(m_controller, &SimulationController::progressed, this, &MainWindow::updateStatus);
    connect(m_controller, &SimulationController::finished, this, [this](const QJsonObject &report) {
        statusBar()->showMessage(tr("Run finished: %1 events, %2 events/s")
                                     .arg(report.value(u"events"_s).toInteger())
                                     .arg(report.value(u"events_per_s"_s).toDouble(), 0, 'f', 0),
                                 10000);
        refreshTabs();
    });
    connect(m_controller, &SimulationController::failed, this, [this](const QString &message) {
        warn(tr("The run stopped"), message);
        refreshTabs();
    });
    connect(m_reader, &StoreReader::failed, this,
            [this](const QString &message) { warn(tr("Cannot read the store"), message); });

    // Another process may write the same store (a second simulator, `eslab run` beside the
    // window): the window follows it, as it follows a run of its own.
    m_watch = new QTimer(this);
    m_watch->setInterval(WatchIntervalMs);
    connect(m_watch, &QTimer::timeout, this, &MainWindow::watchStore);
    m_watch->start();

    restoreSettings();
    setStoreLocation(storeLocation.isEmpty() ? m_storeLocation : storeLocation);
    if (m_storeLocation.isEmpty())
        setStoreLocation(u"eslab.db"_s);
    m_snapshots->setScenario(m_editor->scenario());
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::warn(const QString &title, const QString &message)
{
    // Not exec(): a nested event loop would stall the run's signals (and eslab screenshot).
    statusBar()->showMessage(message, 15000);
    auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

std::optional<MainWindow::Tab> MainWindow::tabFromName(const QString &name)
{
    static const QMap<QString, Tab> tabs { { u"stream"_s, Tab::Stream },
                                           { u"inspector"_s, Tab::Inspector },
                                           { u"projections"_s, Tab::Projections },
                                           { u"snapshots"_s, Tab::Snapshots },
                                           { u"dashboard"_s, Tab::Dashboard } };
    if (!tabs.contains(name))
        return std::nullopt;
    return tabs.value(name);
}

void MainWindow::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

void MainWindow::setStoreLocation(const QString &location)
{
    const bool onServer = EventStore::isPostgresLocation(location);
    m_storeLocation = onServer ? location : QFileInfo(location).absoluteFilePath();
    m_reader->setLocation(m_storeLocation);
    m_watchedHead = -1;
    m_store->setText(
        tr("Store: %1")
            .arg(onServer ? m_storeLocation : QDir::toNativeSeparators(m_storeLocation)));
    // The database's name, as a file's: postgresql://USER@HOST:PORT/DBNAME.
    setWindowTitle(tr("eslab - %1")
                       .arg(onServer ? QUrl(m_storeLocation).path().mid(1)
                                     : QFileInfo(m_storeLocation).fileName()));
    refreshTabs();
}

void MainWindow::createActions()
{
    m_runAction = new QAction(tr("&Run"), this);
    m_runAction->setShortcut(Qt::CTRL | Qt::Key_R);
    m_runAction->setToolTip(tr("Start a new run of the scenario on this store (Ctrl+R)"));
    connect(m_runAction, &QAction::triggered, this, &MainWindow::startRun);

    m_pauseAction = new QAction(tr("&Pause"), this);
    m_pauseAction->setShortcut(Qt::CTRL | Qt::Key_P);
    connect(m_pauseAction, &QAction::triggered, this, &MainWindow::togglePause);

    m_stepAction = new QAction(tr("&Step"), this);
    m_stepAction->setShortcut(Qt::Key_F10);
    m_stepAction->setToolTip(tr("Run until the next event is appended (F10)"));
    connect(m_stepAction, &QAction::triggered, m_controller, &SimulationController::step);

    m_resetAction = new QAction(tr("Rese&t"), this);
    m_resetAction->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_R);
    m_resetAction->setToolTip(
        tr("Stop the run; what it committed stays in the store (Ctrl+Shift+R)"));
    connect(m_resetAction, &QAction::triggered, m_controller, &SimulationController::reset);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New store..."), QKeySequence::New, this, &MainWindow::newStore);
    file->addAction(tr("&Open store..."), QKeySequence::Open, this, &MainWindow::openStore);
    file->addAction(tr("Open Postgre&SQL store..."), this, &MainWindow::openPostgresStore);
    file->addSeparator();
    file->addAction(tr("&Export events..."), Qt::CTRL | Qt::Key_E, this, &MainWindow::exportEvents);
    file->addAction(tr("Export this tab as &PNG..."), this, &MainWindow::exportCurrentTab);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_runAction);
    run->addAction(m_pauseAction);
    run->addAction(m_stepAction);
    run->addAction(m_resetAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Refresh"), QKeySequence::Refresh, this, &MainWindow::refreshTabs);

    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    QMenu *language = settings->addMenu(tr("&Language"));
    auto *languages = new QActionGroup(this);
    const QString chosen = QSettings().value(u"language"_s, u"system"_s).toString();
    const std::pair<QString, QString> choices[]
        = { { u"system"_s, tr("System") }, { u"en"_s, u"English"_s }, { u"ko"_s, u"한국어"_s } };
    for (const auto &[code, name] : choices) {
        QAction *action = language->addAction(name);
        action->setCheckable(true);
        action->setChecked(code == chosen);
        languages->addAction(action);
        connect(action, &QAction::triggered, this, [this, code = code] {
            QSettings().setValue(u"language"_s, code);
            QMessageBox::information(this, tr("Language"),
                                     tr("The language changes the next time eslab starts."));
        });
    }
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Run"));
    bar->setObjectName(u"RunToolBar"_s);
    bar->addAction(m_runAction);
    bar->addAction(m_pauseAction);
    bar->addAction(m_stepAction);
    bar->addAction(m_resetAction);
    bar->addSeparator();
    bar->addWidget(new QLabel(tr("Speed: ")));
    m_speed = new QComboBox;
    for (const SpeedChoice &choice : SpeedChoices)
        m_speed->addItem(tr(choice.label), choice.speed);
    m_speed->setToolTip(tr("Simulated time per wall-clock second"));
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this] { m_controller->setSpeed(m_speed->currentData().toDouble()); });
    bar->addWidget(m_speed);
}

void MainWindow::updateActions()
{
    const SimulationController::State state = m_controller->state();
    const bool active = m_controller->isActive();
    m_runAction->setEnabled(m_editor->isValid() && !active);
    m_pauseAction->setEnabled(active);
    m_pauseAction->setText(state == SimulationController::State::Paused ? tr("Res&ume")
                                                                        : tr("&Pause"));
    m_stepAction->setEnabled(active);
    m_resetAction->setEnabled(active);
}

void MainWindow::startRun()
{
    if (!m_editor->isValid())
        return;
    m_controller->setSpeed(m_speed->currentData().toDouble());
    m_controller->start(m_editor->scenario(), m_storeLocation);
}

void MainWindow::togglePause()
{
    if (m_controller->state() == SimulationController::State::Paused)
        m_controller->resume();
    else
        m_controller->pause();
}

// Only the tab in sight reads now. On a large store a hidden tab's reads are seconds of a core
// (the dashboard's history, the inspector's listing) that opening the window need not wait for.
void MainWindow::refreshTabs()
{
    m_staleTabs = { m_stream, m_inspector, m_projections, m_dashboard };
    refreshCurrentTabIfStale();
}

void MainWindow::watchStore()
{
    if (m_controller->isActive())
        return;
    const QString location = m_storeLocation;
    m_reader->read<qint64>(
        this, [](EventStore &store) { return store.headPosition(); },
        [this, location](qint64 head) {
            if (head < 0 || location != m_storeLocation || head == m_watchedHead)
                return;
            const bool firstRead = m_watchedHead < 0;
            m_watchedHead = head;
            if (!firstRead && !m_controller->isActive())
                storeMovedElsewhere(head);
        });
}

void MainWindow::storeMovedElsewhere(qint64 head)
{
    m_stream->followHead(head);
    m_staleTabs += { m_inspector, m_projections, m_dashboard };
    refreshCurrentTabIfStale();
}

void MainWindow::refreshCurrentTabIfStale()
{
    QWidget *current = m_tabs->currentWidget();
    if (!m_staleTabs.remove(current))
        return;
    if (current == m_stream)
        m_stream->refresh();
    else if (current == m_inspector)
        m_inspector->refresh();
    else if (current == m_projections)
        m_projections->refresh();
    else if (current == m_dashboard)
        m_dashboard->refresh();
}

void MainWindow::updateStatus(const RunProgress &progress)
{
    m_simulatedTime->setText(tr("Simulated %1").arg(formatTime(progress.simulatedMs)));
    m_events->setText(tr("%1 events this run").arg(progress.events));
    m_head->setText(tr("Head %1").arg(progress.head));
}

void MainWindow::newStore()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("New store"), u"eslab.db"_s,
                                                      tr("eslab stores (*.db);;All files (*)"));
    if (path.isEmpty())
        return;
    if (QFileInfo::exists(path)) {
        QMessageBox::warning(this, tr("New store"),
                             tr("%1 already exists. Open it with File > Open store, or choose "
                                "another name.")
                                 .arg(path));
        return;
    }
    // The store is created by the first run, on the simulation's thread.
    setStoreLocation(path);
}

void MainWindow::openStore()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open store"), QString(),
                                                      tr("eslab stores (*.db);;All files (*)"));
    if (!path.isEmpty())
        setStoreLocation(path);
}

void MainWindow::openPostgresStore()
{
    const QString current = EventStore::isPostgresLocation(m_storeLocation)
        ? m_storeLocation
        : u"postgresql://%1@localhost:5432/eslab"_s.arg(qEnvironmentVariable("USER", u"eslab"_s));
    bool accepted = false;
    const QString address
        = QInputDialog::getText(this, tr("Open PostgreSQL store"),
                                tr("Address, as postgresql://USER@HOST:PORT/DBNAME. The password "
                                   "comes from PGPASSWORD or ~/.pgpass.\nA database with no "
                                   "store gets one on the first run."),
                                QLineEdit::Normal, current, &accepted)
              .trimmed();
    if (!accepted || address.isEmpty())
        return;
    if (!EventStore::isPostgresLocation(address)) {
        warn(tr("Open PostgreSQL store"),
             tr("%1 is not a PostgreSQL address; it starts with postgresql://").arg(address));
        return;
    }
    // The address is kept in the settings: a password must never be.
    if (!QUrl(address).password().isEmpty()) {
        warn(tr("Open PostgreSQL store"),
             tr("Give the password in PGPASSWORD or ~/.pgpass, not in the address."));
        return;
    }
    setStoreLocation(address);
}

void MainWindow::exportEvents()
{
    QString filter;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export events"), u"events.csv"_s,
                                                      tr("CSV (*.csv);;JSON (*.json)"), &filter);
    if (path.isEmpty())
        return;
    const ExportFormat format
        = path.endsWith(u".json"_s, Qt::CaseInsensitive) ? ExportFormat::Json : ExportFormat::Csv;
    statusBar()->showMessage(tr("Exporting events to %1...").arg(path));
    m_reader->read<QString>(
        this,
        [path, format](EventStore &store) {
            QSaveFile file(path);
            QString error;
            if (!file.open(QIODevice::WriteOnly))
                return file.errorString();
            if (!eslab::exportEvents(store, format, file, &error))
                return error;
            return file.commit() ? QString() : file.errorString();
        },
        [this, path](const QString &error) {
            if (error.isEmpty())
                statusBar()->showMessage(tr("Exported the events to %1").arg(path), 10000);
            else
                QMessageBox::warning(this, tr("Export events"), error);
        },
        StoreReader::Lane::Scan);
}

void MainWindow::exportCurrentTab()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export as PNG"), u"eslab.png"_s,
                                                      tr("PNG images (*.png)"));
    if (!path.isEmpty() && !m_tabs->currentWidget()->grab().save(path, "PNG"))
        QMessageBox::warning(this, tr("Export as PNG"), tr("Cannot write %1.").arg(path));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    m_controller->reset();
    event->accept();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
    restoreState(settings.value(u"window/state"_s).toByteArray());
    m_storeLocation = settings.value(u"store"_s).toString();
    const int speed = m_speed->findData(settings.value(u"speed"_s, 60.0).toDouble());
    m_speed->setCurrentIndex(speed >= 0 ? speed : 2);
    m_tabs->setCurrentIndex(settings.value(u"tab"_s, 0).toInt());
    const QByteArray scenario = settings.value(u"scenario"_s).toByteArray();
    if (const ScenarioParseResult parsed = parseScenario(scenario); parsed.scenario)
        m_editor->setScenario(*parsed.scenario);
    else
        m_editor->loadFile(u":/eslab/scenarios/default.json"_s);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    settings.setValue(u"store"_s, m_storeLocation);
    settings.setValue(u"speed"_s, m_speed->currentData());
    settings.setValue(u"tab"_s, m_tabs->currentIndex());
    if (m_editor->isValid())
        settings.setValue(u"scenario"_s, QJsonDocument(m_editor->scenario().toJson()).toJson());
}

} // namespace eslab
