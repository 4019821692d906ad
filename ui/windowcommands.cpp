#include "ui/commandcontext.h"

#include "model/eventstore.h"
#include "ui/inspectortab.h"
#include "ui/mainwindow.h"
#include "ui/scenarioeditor.h"
#include "ui/snapshotstudytab.h"

#include <QApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

// Waits, handling events, until `done` holds or `timeoutMs` passes; false on timeout.
bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs || interruptRequested())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return true;
}

// Lets the views' asynchronous reads land and repaint.
void settle(int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

} // namespace

void installTranslations(QApplication &application)
{
    const QString chosen = QSettings().value(u"language"_s, u"system"_s).toString();
    const QLocale locale = chosen == u"system"_s ? QLocale::system() : QLocale(chosen);
    // Scenario descriptions and number formats follow the chosen language too.
    QLocale::setDefault(locale);
    if (locale.language() != QLocale::Korean)
        return;
    auto *translator = new QTranslator(&application);
    if (translator->load(locale, u"eslab"_s, u"_"_s, u":/i18n"_s))
        QCoreApplication::installTranslator(translator);
    auto *qtTranslator = new QTranslator(&application);
    if (qtTranslator->load(locale, u"qtbase"_s, u"_"_s,
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
}

int windowCommand(const QStringList &arguments)
{
    CommandContext context(u"window"_s, u"Open the eslab window on a store."_s);
    context.addStoreOption(true);
    if (auto exit = context.parse(arguments, 0, 0))
        return *exit;
    installTranslations(*qApp);
    MainWindow window(context.parser().isSet(u"db"_s) ? context.store(true) : QString());
    window.show();
    return QApplication::exec();
}

int screenshotCommand(const QStringList &arguments)
{
    CommandContext context(u"screenshot"_s,
                           u"Run a scenario, show one tab of the window at 1280x800 and save it as "
                           "a PNG. Needs no display (offscreen platform). The inspector shows the "
                           "first completed order at a middle version; the snapshot study tab "
                           "runs the sweep first. The run goes into a scratch store unless --db "
                           "names one."_s);
    context.addScenarioArguments();
    context.addStoreOption(false);
    QCommandLineParser &parser = context.parser();
    parser.addOption({ u"out"_s, u"The PNG file to write."_s, u"FILE.png"_s });
    parser.addOption({ u"tab"_s,
                       u"stream, inspector, projections, snapshots or dashboard (default "
                       "stream)."_s,
                       u"TAB"_s });
    if (auto exit = context.parse(arguments, 0, 1))
        return *exit;
    if (!parser.isSet(u"out"_s))
        return context.fail(u"--out FILE.png is required"_s);
    const QString outPath = parser.value(u"out"_s);
    if (!QFileInfo(QFileInfo(outPath).absolutePath()).isDir())
        return context.fail(u"cannot write %1: its folder does not exist"_s.arg(outPath));
    const QString tabName = parser.isSet(u"tab"_s) ? parser.value(u"tab"_s) : u"stream"_s;
    const std::optional<MainWindow::Tab> tab = MainWindow::tabFromName(tabName);
    if (!tab)
        return context.fail(u"--tab is '%1'; expected stream, inspector, projections, snapshots "
                            "or dashboard"_s.arg(tabName));
    int exitCode = Success;
    const std::optional<Scenario> scenario = context.scenario(&exitCode);
    if (!scenario)
        return exitCode;

    // A screenshot never reads or writes the user's settings, nor a store they did not name.
    QTemporaryDir scratch;
    if (!scratch.isValid())
        return context.fail(u"cannot create a temporary folder: %1"_s.arg(scratch.errorString()));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       scratch.filePath(u"settings"_s));
    installTranslations(*qApp);

    const QString storePath = context.store(false).isEmpty() ? scratch.filePath(u"screenshot.db"_s)
                                                             : context.store(false);
    MainWindow window(storePath);
    window.resize(1280, 800);
    window.scenarioEditor()->setScenario(*scenario);
    window.showTab(*tab);
    window.show();

    bool ended = false;
    QString failure;
    QObject::connect(window.controller(), &SimulationController::finished, &window,
                     [&] { ended = true; });
    QObject::connect(window.controller(), &SimulationController::failed, &window,
                     [&](const QString &message) {
                         failure = message;
                         ended = true;
                     });
    window.controller()->setSpeed(0);
    window.controller()->start(*scenario, storePath);
    if (!waitFor([&] { return ended; }, 30 * 60 * 1000))
        return interruptRequested() ? Interrupted : context.fail(u"the run did not finish"_s);
    if (!failure.isEmpty())
        return context.fail(failure);
    window.refreshTabs();

    if (*tab == MainWindow::Tab::Inspector) {
        QString error;
        auto store = EventStore::open(storePath, EventStore::Access::ReadOnly, &error);
        if (!store)
            return context.fail(error);
        QSqlQuery *first = store->execute(u"SELECT order_id FROM order_summary WHERE status = "
                                          "'completed' ORDER BY order_id LIMIT 1"_s);
        if (first && first->next()) {
            const QString streamId = first->value(0).toString();
            first->finish();
            window.inspectorTab()->showOrder(streamId, store->streamVersion(streamId) / 2);
        }
    } else if (*tab == MainWindow::Tab::Snapshots) {
        bool swept = false;
        QObject::connect(window.snapshotStudyTab(), &SnapshotStudyTab::sweepFinished, &window,
                         [&] { swept = true; });
        window.snapshotStudyTab()->setScenario(*scenario);
        window.snapshotStudyTab()->runSweep();
        if (!waitFor([&] { return swept; }, 60 * 60 * 1000))
            return interruptRequested() ? Interrupted
                                        : context.fail(u"the snapshot study did not finish"_s);
    }
    settle(1500);
    if (!window.grab().save(outPath, "PNG"))
        return context.fail(u"cannot write %1"_s.arg(outPath));
    out() << outPath << "\n";
    out().flush();
    return Success;
}

} // namespace eslab
