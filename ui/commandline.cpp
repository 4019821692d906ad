#include "ui/commandline.h"

#include "ui/commandcontext.h"

#include <QApplication>

#include <functional>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

struct Command
{
    QString name;
    QString summary;
    std::function<int(const QStringList &)> run;
};

const QList<Command> &commands()
{
    static const QList<Command> list {
        { u"run"_s, u"simulate a scenario into a store and print its report"_s, runCommand },
        { u"validate"_s, u"check a scenario, write nothing"_s, validateCommand },
        { u"sweep"_s, u"the snapshot study: one run per snapshot setting"_s, sweepCommand },
        { u"inspect"_s, u"an order's state JSON at any version"_s, inspectCommand },
        { u"status"_s, u"head, each projection's checkpoint, lag, parked"_s, statusCommand },
        { u"verify"_s, u"check every invariant; exit 0 if all hold"_s, verifyCommand },
        { u"catch-up"_s, u"bring projections up to the head"_s, catchUpCommand },
        { u"rebuild"_s, u"rebuild a projection from zero"_s, rebuildCommand },
        { u"parked"_s, u"list the events projections parked"_s, parkedCommand },
        { u"replay-parked"_s, u"replay parked events"_s, replayParkedCommand },
        { u"export"_s, u"events as CSV or JSON"_s, exportCommand },
        { u"reset"_s, u"remove a PostgreSQL store's tables"_s, resetCommand },
        { u"screenshot"_s, u"run a scenario and save a tab of the window as a PNG"_s,
          screenshotCommand },
        { u"bench"_s, u"measure eslab beside the machine's limits"_s,
          [](const QStringList &arguments) { return benchCommand(arguments); } },
    };
    return list;
}

void printUsage(QTextStream &stream)
{
    stream
        << "eslab " ESLAB_VERSION " - Event Sourcing Lab: SNS-marketing order flows, event "
           "sourced.\n\nUsage: eslab [--db STORE]       open the window (default store eslab.db)\n"
           "       eslab COMMAND [options]\n\nCommands:\n";
    for (const Command &command : commands())
        stream << "  " << command.name.leftJustified(15) << command.summary << "\n";
    stream << "\nRun 'eslab COMMAND --help' for a command's options. Exit codes: 0 success, 1 "
              "verify found violations,\n2 bad input (usage, scenario, store), 130 interrupted.\n";
    stream.flush();
}

} // namespace

int runCommandLine(int argc, char *argv[])
{
    // The kind of application must be chosen before it exists: the window, screenshots and the
    // bench's window figures need widgets; every other command runs on QCoreApplication, with no
    // display.
    const QByteArray first = argc > 1 ? QByteArray(argv[1]) : QByteArray();
    const bool window = argc == 1 || first == "--db" || first.startsWith("--db=");
    const bool offscreen = first == "screenshot" || first == "bench";
    if (offscreen)
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (first == "bench")
        installBenchMessageFilter();
    std::unique_ptr<QCoreApplication> application;
    if (window || offscreen)
        application = std::make_unique<QApplication>(argc, argv);
    else
        application = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setOrganizationName(u"eslab"_s);
    QCoreApplication::setApplicationName(u"eslab"_s);
    QCoreApplication::setApplicationVersion(u"" ESLAB_VERSION ""_s);
    if (window)
        return windowCommand(QCoreApplication::arguments().mid(1));
    installInterruptHandler();
    QStringList arguments = QCoreApplication::arguments().mid(1);
    if (arguments.isEmpty() || arguments.first() == u"--help"_s || arguments.first() == u"-h"_s
        || arguments.first() == u"help"_s) {
        printUsage(out());
        return Success;
    }
    if (arguments.first() == u"--version"_s || arguments.first() == u"-v"_s) {
        out() << "eslab " ESLAB_VERSION << Qt::endl;
        return Success;
    }
    const QString name = arguments.takeFirst();
    for (const Command &command : commands()) {
        if (command.name == name)
            return command.run(arguments);
    }
    err() << "eslab: unknown command '" << name << "' (see eslab --help)" << Qt::endl;
    return BadInput;
}

} // namespace eslab
