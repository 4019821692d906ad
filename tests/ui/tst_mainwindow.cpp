#include "model/eventstore.h"
#include "simulation/simulation.h"
#include "ui/dashboardtab.h"
#include "ui/eventstreammodel.h"
#include "ui/eventstreamtab.h"
#include "ui/mainwindow.h"
#include "ui/storereader.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

QAction *action(MainWindow &window, const QString &text)
{
    for (QAction *candidate : window.findChildren<QAction *>()) {
        if (candidate->text().remove(u'&') == text)
            return candidate;
    }
    return nullptr;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void runControlsFollowTheRun();
    void statusBarShowsTheRunAndTheStore();
    void settingsAreRememberedBetweenStarts();
    void tabsHaveTheirCommandLineNames();
    void readerReportsABadStoreButNotOneBeingCreated();
    void aTabBehindAnotherReadsTheStoreWhenShown();
    void windowFollowsAnotherProcessWritingItsStore();
    void koreanTranslationIsCompiledIn();

private:
    QTemporaryDir m_settings;
};

void TestMainWindow::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    QCoreApplication::setOrganizationName(u"eslab-tests"_s);
}

void TestMainWindow::runControlsFollowTheRun()
{
    QTemporaryDir dir;
    MainWindow window(dir.filePath(u"s.db"_s));
    QAction *run = action(window, u"Run"_s);
    QAction *pause = action(window, u"Pause"_s);
    QAction *step = action(window, u"Step"_s);
    QVERIFY(run && pause && step);
    QVERIFY(run->isEnabled());
    QVERIFY(!pause->isEnabled());
    QVERIFY(!step->isEnabled());

    QSignalSpy finished(window.controller(), &SimulationController::finished);
    window.controller()->setSpeed(60);
    Scenario scenario;
    // Long enough at 600x that the pause lands before the run ends.
    scenario.orders.count = 200;
    scenario.orders.quantityMin = 1000;
    scenario.orders.quantityMax = 3000;
    window.controller()->start(scenario, window.storeLocation());
    QTRY_VERIFY_WITH_TIMEOUT(pause->isEnabled(), 10'000);
    QVERIFY(!run->isEnabled()); // one run at a time
    QVERIFY(step->isEnabled());
    pause->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(pause->text().remove(u'&'), u"Resume"_s, 10'000);
    window.controller()->setSpeed(0);
    pause->trigger();
    QVERIFY(finished.wait(60'000));
    QTRY_VERIFY(run->isEnabled());
    QVERIFY(!pause->isEnabled());
}

void TestMainWindow::statusBarShowsTheRunAndTheStore()
{
    QTemporaryDir dir;
    MainWindow window(dir.filePath(u"s.db"_s));
    QSignalSpy finished(window.controller(), &SimulationController::finished);
    Scenario scenario;
    scenario.orders.count = 5;
    scenario.orders.quantityMin = 100;
    scenario.orders.quantityMax = 200;
    window.controller()->start(scenario, window.storeLocation());
    QVERIFY(finished.wait(60'000));
    const qint64 events = finished.first().first().toJsonObject().value(u"events"_s).toInteger();
    QStringList texts;
    for (QLabel *label : window.statusBar()->findChildren<QLabel *>())
        texts.append(label->text());
    const QString status = texts.join(u" | "_s);
    QVERIFY2(status.contains(u"Head %1"_s.arg(events)), qPrintable(status));
    QVERIFY2(status.contains(u"s.db"_s), qPrintable(status));
    QVERIFY(window.windowTitle().contains(u"s.db"_s));
}

void TestMainWindow::settingsAreRememberedBetweenStarts()
{
    QTemporaryDir dir;
    const QString store = dir.filePath(u"remembered.db"_s);
    {
        MainWindow window(store);
        window.findChild<QComboBox *>()->setCurrentIndex(0); // real time
        window.showTab(MainWindow::Tab::Projections);
        window.close();
    }
    MainWindow again(QString {});
    QCOMPARE(again.storeLocation(), QFileInfo(store).absoluteFilePath());
    QCOMPARE(again.findChild<QComboBox *>()->currentIndex(), 0);
    QCOMPARE(again.findChild<QTabWidget *>()->currentIndex(), int(MainWindow::Tab::Projections));
}

void TestMainWindow::tabsHaveTheirCommandLineNames()
{
    QCOMPARE(MainWindow::tabFromName(u"stream"_s), MainWindow::Tab::Stream);
    QCOMPARE(MainWindow::tabFromName(u"inspector"_s), MainWindow::Tab::Inspector);
    QCOMPARE(MainWindow::tabFromName(u"projections"_s), MainWindow::Tab::Projections);
    QCOMPARE(MainWindow::tabFromName(u"snapshots"_s), MainWindow::Tab::Snapshots);
    QCOMPARE(MainWindow::tabFromName(u"dashboard"_s), MainWindow::Tab::Dashboard);
    QVERIFY(!MainWindow::tabFromName(u"nonsense"_s));
}

void TestMainWindow::koreanTranslationIsCompiledIn()
{
    // The same lookup as installTranslations(): eslab_ko.qm under :/i18n, compiled in.
    QTranslator translator;
    QVERIFY(translator.load(QLocale(QLocale::Korean), u"eslab"_s, u"_"_s, u":/i18n"_s));
    QVERIFY(QCoreApplication::installTranslator(&translator));
    const QString translated = QCoreApplication::translate("eslab::MainWindow", "Event stream");
    QTemporaryDir dir;
    const QString tabTitle = [&] {
        MainWindow window(dir.filePath(u"ko.db"_s));
        return window.findChild<QTabWidget *>()->tabText(int(MainWindow::Tab::Stream));
    }();
    QCoreApplication::removeTranslator(&translator);

    QCOMPARE(translated, u"이벤트 스트림"_s);
    QCOMPARE(tabTitle, u"이벤트 스트림"_s);
    QCOMPARE(QCoreApplication::translate("eslab::MainWindow", "Event stream"), u"Event stream"_s);
}

void TestMainWindow::readerReportsABadStoreButNotOneBeingCreated()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    const auto headOf = [](EventStore &store) { return store.headPosition(); };

    // A run creating the store leaves an empty file for a moment: not an error.
    {
        QFile empty(path);
        QVERIFY(empty.open(QIODevice::WriteOnly));
    }
    StoreReader reader;
    QSignalSpy failed(&reader, &StoreReader::failed);
    reader.setLocation(path);
    qint64 head = -1;
    reader.read<qint64>(this, headOf, [&](qint64 value) { head = value; });
    QTest::qWait(200);
    QVERIFY(QFile::remove(path));
    QString error;
    QVERIFY(EventStore::open(path, EventStore::Access::ReadWriteCreate, &error));
    QTest::qWait(2500);
    QVERIFY2(failed.isEmpty(),
             failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    reader.read<qint64>(this, headOf, [&](qint64 value) { head = value; });
    QTRY_COMPARE(head, 0);

    // A file that stays foreign is reported once.
    const QString text = dir.filePath(u"notes.txt"_s);
    {
        QFile file(text);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a store\n");
    }
    reader.setLocation(text);
    reader.read<qint64>(this, headOf, [&](qint64 value) { head = value; });
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
    QVERIFY(failed.first().first().toString().contains(u"not an eslab store"_s));
}

// Opening a store reads for the tab in sight; the dashboard, behind it, reads the store's totals
// when it is shown.
void TestMainWindow::aTabBehindAnotherReadsTheStoreWhenShown()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"existing.db"_s);
    qint64 head = 0;
    {
        QString error;
        auto store = EventStore::open(path, EventStore::Access::ReadWriteCreate, &error);
        QVERIFY2(store, qPrintable(error));
        Scenario scenario;
        scenario.orders.count = 5;
        scenario.orders.quantityMin = 100;
        scenario.orders.quantityMax = 200;
        Simulation simulation(scenario, *store);
        QVERIFY(simulation.run());
        head = store->headPosition();
    }
    QVERIFY(head > 0);

    MainWindow window(path);
    window.showTab(MainWindow::Tab::Stream);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *summary = window.findChild<DashboardTab *>()->findChild<QLabel *>(u"summary"_s);
    QVERIFY(summary);
    window.showTab(MainWindow::Tab::Dashboard);
    QTRY_VERIFY2(summary->text().contains(QLocale().toString(head) + u"</b> events"_s),
                 qPrintable(summary->text()));
    QVERIFY(summary->text().contains(u"<b>5</b> orders"_s));
}

// Team mode: another simulator (here a Simulation on a connection of its own, as another process
// would have) appends to the store the window shows; the window follows without being asked.
void TestMainWindow::windowFollowsAnotherProcessWritingItsStore()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"shared.db"_s);
    Scenario scenario;
    scenario.orders.count = 3;
    scenario.orders.quantityMin = 100;
    scenario.orders.quantityMax = 200;
    const auto runElsewhere = [&] {
        QString error;
        auto store = EventStore::open(path, EventStore::Access::ReadWriteCreate, &error);
        if (!store)
            return qint64(-1);
        Simulation simulation(scenario, *store);
        return simulation.run() ? store->headPosition() : qint64(-1);
    };
    const qint64 first = runElsewhere();
    QVERIFY(first > 0);

    MainWindow window(path);
    window.showTab(MainWindow::Tab::Stream);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const EventStreamModel *model = window.findChild<EventStreamTab *>()->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), int(first), 10'000);
    QTest::qWait(2500); // the window has read the head it shows

    const qint64 second = runElsewhere();
    QVERIFY(second > first);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), int(second), 10'000);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
