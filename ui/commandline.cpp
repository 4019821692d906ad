#include "ui/commandline.h"

#include "model/eventexport.h"
#include "model/eventstore.h"
#include "model/orderrepository.h"
#include "model/projection.h"
#include "model/projectionrunner.h"
#include "model/snapshotstore.h"
#include "model/storeverifier.h"
#include "simulation/scenario.h"
#include "simulation/simulation.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTextStream>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <functional>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

enum ExitCode { Success = 0, ViolationsFound = 1, BadInput = 2, Interrupted = 130 };

const QString DefaultStore = u"eslab.db"_s;
constexpr qint64 MaxSeed = 9007199254740992LL; // 2^53

std::atomic<bool> g_interruptRequested = false;

extern "C" void requestInterruption(int)
{
    g_interruptRequested = true;
}

bool interruptRequested()
{
    return g_interruptRequested.load();
}

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

bool stderrIsTerminal()
{
    return ::isatty(::fileno(stderr)) == 1;
}

// One command's parsing and its one-line errors.
class CommandContext
{
public:
    CommandContext(QString name, QString summary)
        : m_name(std::move(name))
        , m_summary(std::move(summary))
    {
        m_parser.setApplicationDescription(m_summary);
        m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
        m_parser.addHelpOption();
    }

    QCommandLineParser &parser() { return m_parser; }

    void addStoreOption(bool withDefault)
    {
        m_parser.addOption({ u"db"_s,
                             withDefault ? u"The store: a file path (default eslab.db)."_s
                                         : u"The store: a file path."_s,
                             u"STORE"_s });
    }

    // Parses arguments; returns an exit code when the command should end now (help, bad usage).
    std::optional<int> parse(const QStringList &arguments, int minPositional, int maxPositional)
    {
        if (!m_parser.parse(QStringList { u"eslab "_s + m_name } + arguments))
            return fail(m_parser.errorText());
        if (m_parser.isSet(u"help"_s)) {
            // The parser names the program by its path; a user types "eslab <command>".
            QString help = m_parser.helpText();
            const qsizetype programEnd = help.indexOf(u" [options]"_s);
            if (help.startsWith(u"Usage: "_s) && programEnd > 0)
                help.replace(7, programEnd - 7, u"eslab "_s + m_name);
            out() << help;
            out().flush();
            return Success;
        }
        const qsizetype count = m_parser.positionalArguments().size();
        if (count < minPositional)
            return fail(u"missing argument (see eslab %1 --help)"_s.arg(m_name));
        if (count > maxPositional)
            return fail(u"unexpected argument '%1' (see eslab %2 --help)"_s.arg(
                m_parser.positionalArguments().at(maxPositional), m_name));
        return std::nullopt;
    }

    QString store(bool withDefault)
    {
        if (m_parser.isSet(u"db"_s))
            return m_parser.value(u"db"_s);
        return withDefault ? DefaultStore : QString();
    }

    int fail(const QString &message, int code = BadInput)
    {
        err() << "eslab " << m_name << ": " << QString(message).replace(u'\n', u' ') << Qt::endl;
        return code;
    }

    std::optional<qint64> integerOption(const QString &option, qint64 min, qint64 max,
                                        int *exitCode)
    {
        if (!m_parser.isSet(option))
            return std::nullopt;
        bool ok = false;
        const QString text = m_parser.value(option);
        const qint64 value = text.toLongLong(&ok);
        if (!ok || value < min || value > max) {
            *exitCode = fail(u"--%1 is '%2'; expected an integer from %3 to %4"_s.arg(option, text)
                                 .arg(min)
                                 .arg(max));
            return std::nullopt;
        }
        return value;
    }

    QString name() const { return m_name; }

private:
    QString m_name;
    QString m_summary;
    QCommandLineParser m_parser;
};

std::unique_ptr<EventStore> openStore(CommandContext &context, const QString &location,
                                      EventStore::Access access, int *exitCode)
{
    QString error;
    auto store = EventStore::open(location, access, &error);
    if (!store)
        *exitCode = context.fail(error);
    return store;
}

void printProgress(const QString &line)
{
    if (!stderrIsTerminal())
        return;
    err() << "\r\x1b[K" << line;
    err().flush();
}

void endProgress()
{
    if (stderrIsTerminal()) {
        err() << "\r\x1b[K";
        err().flush();
    }
}

QString formatSimulatedTime(qint64 ms)
{
    const qint64 seconds = ms / 1000;
    return u"%1:%2:%3"_s.arg(seconds / 3600, 2, 10, QLatin1Char('0'))
        .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

// The simulated "now" of a store: the recorded_at of its newest event.
qint64 storeClock(EventStore &store)
{
    const qint64 head = store.headPosition();
    if (head <= 0)
        return 0;
    const QList<RecordedEvent> last = store.readAll(head - 1, 1);
    return last.isEmpty() ? 0 : last.first().recordedAt;
}

int runCommand(const QStringList &arguments)
{
    CommandContext context(u"run"_s,
                           u"Simulate a scenario into a store and print the run report (JSON) on "
                           "stdout.\nWithout SCENARIO, the default scenario runs."_s);
    QCommandLineParser &parser = context.parser();
    parser.addPositionalArgument(u"SCENARIO"_s, u"A scenario JSON file."_s, u"[SCENARIO]"_s);
    context.addStoreOption(true);
    parser.addOption({ u"seed"_s, u"Use this seed instead of the scenario's."_s, u"N"_s });
    parser.addOption(
        { u"orders"_s, u"Simulate this many orders instead of the scenario's."_s, u"N"_s });
    parser.addOption({ u"paced"_s, u"Follow the wall clock at the scenario's run.speed."_s });
    parser.addOption(
        { u"report"_s, u"Also write the run report to this JSON file."_s, u"FILE.json"_s });
    if (auto exit = context.parse(arguments, 0, 1))
        return *exit;

    const QStringList positional = parser.positionalArguments();
    const QString scenarioPath
        = positional.isEmpty() ? u":/eslab/scenarios/default.json"_s : positional.first();
    ScenarioParseResult parsed = loadScenarioFile(scenarioPath);
    if (!parsed.scenario)
        return context.fail(parsed.error);
    Scenario scenario = *parsed.scenario;

    int exitCode = Success;
    if (auto seed = context.integerOption(u"seed"_s, 0, MaxSeed - 1, &exitCode))
        scenario.seed = *seed;
    if (auto orders = context.integerOption(u"orders"_s, 1, 10'000'000, &exitCode))
        scenario.orders.count = *orders;
    if (exitCode != Success)
        return exitCode;

    const QString reportPath = parser.value(u"report"_s);
    if (!reportPath.isEmpty() && !QFileInfo(QFileInfo(reportPath).absolutePath()).isDir())
        return context.fail(
            u"cannot write the report to %1: its folder does not exist"_s.arg(reportPath));

    auto store
        = openStore(context, context.store(true), EventStore::Access::ReadWriteCreate, &exitCode);
    if (!store)
        return exitCode;

    Simulation simulation(scenario, *store);
    const qint64 orderCount = scenario.orders.count;
    const bool completed = simulation.run(
        parser.isSet(u"paced"_s), interruptRequested, [&](const RunReport &report) {
            qint64 finished = 0;
            for (qint64 count : report.ordersByStatus)
                finished += count;
            printProgress(u"%1: %2/%3 orders finished, %4 events, simulated %5"_s.arg(report.runId)
                              .arg(finished)
                              .arg(orderCount)
                              .arg(report.events)
                              .arg(formatSimulatedTime(report.simulatedMs)));
        });
    endProgress();
    if (!completed)
        return context.fail(simulation.errorString());

    const QByteArray json
        = QJsonDocument(simulation.report().toJson()).toJson(QJsonDocument::Indented);
    if (!reportPath.isEmpty()) {
        QSaveFile file(reportPath);
        if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit())
            return context.fail(
                u"cannot write the report to %1: %2"_s.arg(reportPath, file.errorString()));
    }
    out() << QString::fromUtf8(json);
    out().flush();
    if (simulation.report().interrupted) {
        err() << "eslab run: interrupted; the store is valid and every committed event is kept"
              << Qt::endl;
        return Interrupted;
    }
    return Success;
}

int validateCommand(const QStringList &arguments)
{
    CommandContext context(u"validate"_s, u"Check a scenario file; writes nothing."_s);
    context.parser().addPositionalArgument(u"SCENARIO"_s, u"A scenario JSON file."_s);
    if (auto exit = context.parse(arguments, 1, 1))
        return *exit;
    const QString path = context.parser().positionalArguments().first();
    const ScenarioParseResult parsed = loadScenarioFile(path);
    if (!parsed.scenario)
        return context.fail(parsed.error);
    out() << path << ": valid scenario '" << parsed.scenario->name << "' ("
          << parsed.scenario->orders.count << " orders, seed " << parsed.scenario->seed << ")"
          << Qt::endl;
    return Success;
}

int inspectCommand(const QStringList &arguments)
{
    CommandContext context(
        u"inspect"_s, u"Print an order's state JSON at its latest version or at a given one."_s);
    QCommandLineParser &parser = context.parser();
    context.addStoreOption(false);
    parser.addOption({ u"stream"_s, u"The order's stream id, e.g. order-000042."_s, u"ID"_s });
    parser.addOption({ u"at-version"_s, u"The version to show (default: the latest)."_s, u"N"_s });
    if (auto exit = context.parse(arguments, 0, 0))
        return *exit;
    if (!parser.isSet(u"db"_s))
        return context.fail(u"--db STORE is required"_s);
    if (!parser.isSet(u"stream"_s))
        return context.fail(u"--stream ID is required"_s);
    int exitCode = Success;
    const auto atVersion
        = context.integerOption(u"at-version"_s, 0, std::numeric_limits<qint64>::max(), &exitCode);
    if (exitCode != Success)
        return exitCode;

    auto store = openStore(context, context.store(false), EventStore::Access::ReadOnly, &exitCode);
    if (!store)
        return exitCode;
    const QString streamId = parser.value(u"stream"_s);
    const qint64 length = store->streamVersion(streamId);
    if (length < 0)
        return context.fail(store->errorString());
    if (length == 0)
        return context.fail(u"%1 has no stream '%2'"_s.arg(store->location(), streamId));
    if (atVersion && *atVersion > length)
        return context.fail(u"--at-version is %1, but %2 has only %3 events"_s.arg(*atVersion)
                                .arg(streamId)
                                .arg(length));

    SnapshotStore snapshots(*store);
    OrderRepository repository(*store, snapshots);
    const LoadedOrder loaded
        = repository.load(streamId, atVersion.value_or(OrderRepository::Latest));
    if (!loaded.isLoaded())
        return context.fail(loaded.error);
    out() << QString::fromUtf8(QJsonDocument(loaded.order.state().toJson()).toJson());
    out().flush();
    if (stderrIsTerminal()) {
        err() << (loaded.snapshotVersion > 0
                      ? u"from the snapshot at version %1"_s.arg(loaded.snapshotVersion)
                      : u"from no snapshot"_s)
              << ", " << loaded.eventsReplayed << " events replayed" << Qt::endl;
    }
    return Success;
}

int statusCommand(const QStringList &arguments)
{
    CommandContext context(u"status"_s,
                           u"Show the store's head and each projection's checkpoint and lag."_s);
    context.addStoreOption(false);
    context.parser().addOption({ u"json"_s, u"Print JSON instead of a table."_s });
    if (auto exit = context.parse(arguments, 0, 0))
        return *exit;
    if (!context.parser().isSet(u"db"_s))
        return context.fail(u"--db STORE is required"_s);
    int exitCode = Success;
    auto store = openStore(context, context.store(false), EventStore::Access::ReadOnly, &exitCode);
    if (!store)
        return exitCode;

    const qint64 head = store->headPosition();
    const int runs = store->runCount();
    if (head < 0 || runs < 0)
        return context.fail(store->errorString());
    const qint64 now = storeClock(*store);
    QJsonObject projections;
    QStringList rows;
    for (const auto &projection : createStandardProjections()) {
        ProjectionRunner runner(*store, *projection);
        const ProjectionLag lag = runner.lag(now);
        if (!lag.error.isEmpty())
            return context.fail(lag.error);
        QString error;
        const qint64 parked = runner.parkedCount(&error);
        if (parked < 0)
            return context.fail(error);
        projections.insert(projection->name(),
                           QJsonObject { { u"checkpoint"_s, lag.checkpoint },
                                         { u"lag_events"_s, lag.lagEvents },
                                         { u"lag_ms"_s, lag.lagMs },
                                         { u"parked"_s, parked } });
        rows.append(u"%1 %2 %3 %4 %5"_s.arg(projection->name(), -16)
                        .arg(lag.checkpoint, 12)
                        .arg(lag.lagEvents, 12)
                        .arg(lag.lagMs, 10)
                        .arg(parked, 8));
    }
    if (context.parser().isSet(u"json"_s)) {
        const QJsonObject status { { u"store"_s, store->location() },
                                   { u"format_version"_s, EventStore::FormatVersion },
                                   { u"runs"_s, runs },
                                   { u"head"_s, head },
                                   { u"projections"_s, projections } };
        out() << QString::fromUtf8(QJsonDocument(status).toJson());
    } else {
        out() << "store       " << store->location() << " (format " << EventStore::FormatVersion
              << ", " << runs << (runs == 1 ? " run" : " runs") << ")\n";
        out() << "head        " << head << "\n\n";
        out() << u"%1 %2 %3 %4 %5"_s.arg(u"projection"_s, -16)
                     .arg(u"checkpoint"_s, 12)
                     .arg(u"lag_events"_s, 12)
                     .arg(u"lag_ms"_s, 10)
                     .arg(u"parked"_s, 8)
              << "\n";
        for (const QString &row : rows)
            out() << row << "\n";
    }
    out().flush();
    return Success;
}

int verifyCommand(const QStringList &arguments)
{
    CommandContext context(u"verify"_s,
                           u"Check every invariant of the store; exit 0 if all hold, 1 if not."_s);
    context.addStoreOption(false);
    if (auto exit = context.parse(arguments, 0, 0))
        return *exit;
    if (!context.parser().isSet(u"db"_s))
        return context.fail(u"--db STORE is required"_s);
    int exitCode = Success;
    auto store = openStore(context, context.store(false), EventStore::Access::ReadOnly, &exitCode);
    if (!store)
        return exitCode;

    StoreVerifier verifier(*store);
    const StoreVerifier::Report report = verifier.verify([](qint64 checked, qint64 total) {
        printProgress(u"verifying: %1/%2 events"_s.arg(checked).arg(total));
    });
    endProgress();
    if (!report.error.isEmpty())
        return context.fail(report.error);
    for (const QString &note : report.notes)
        err() << "note: " << note << Qt::endl;
    if (!report.passed()) {
        for (const QString &violation : report.violations)
            out() << violation << "\n";
        out().flush();
        err() << "eslab verify: " << report.violationCount << " violation(s) in "
              << store->location() << Qt::endl;
        return ViolationsFound;
    }
    out() << "OK: " << report.events << " events in " << report.streams << " streams, "
          << report.snapshots << " snapshots";
    if (!report.projectionsChecked.isEmpty())
        out() << ", read models " << report.projectionsChecked.join(u", "_s)
              << " equal a fresh fold";
    out() << Qt::endl;
    return Success;
}

int catchUpCommand(const QStringList &arguments)
{
    CommandContext context(u"catch-up"_s, u"Bring every projection up to the head."_s);
    context.addStoreOption(false);
    if (auto exit = context.parse(arguments, 0, 0))
        return *exit;
    if (!context.parser().isSet(u"db"_s))
        return context.fail(u"--db STORE is required"_s);
    int exitCode = Success;
    auto store = openStore(context, context.store(false), EventStore::Access::ReadWrite, &exitCode);
    if (!store)
        return exitCode;
    const qint64 now = storeClock(*store);
    for (const auto &projection : createStandardProjections()) {
        ProjectionRunner runner(*store, *projection);
        const ProjectionRunner::Progress progress
            = runner.catchUp(1000, now, [&](const ProjectionRunner::Progress &step) {
                  printProgress(
                      u"%1: %2/%3"_s.arg(projection->name()).arg(step.checkpoint).arg(step.head));
                  return !interruptRequested();
              });
        endProgress();
        if (!progress.isOk())
            return context.fail(u"%1: %2"_s.arg(projection->name(), progress.error));
        out() << projection->name() << ": checkpoint " << progress.checkpoint << " ("
              << progress.applied << " events applied)" << Qt::endl;
        if (interruptRequested()) {
            err() << "eslab catch-up: interrupted; checkpoints are committed" << Qt::endl;
            return Interrupted;
        }
    }
    return Success;
}

int exportCommand(const QStringList &arguments)
{
    CommandContext context(u"export"_s, u"Export every event as CSV or JSON."_s);
    QCommandLineParser &parser = context.parser();
    context.addStoreOption(false);
    parser.addOption({ u"format"_s, u"csv or json."_s, u"FORMAT"_s });
    parser.addOption({ u"out"_s, u"Write to this file instead of stdout."_s, u"FILE"_s });
    if (auto exit = context.parse(arguments, 0, 0))
        return *exit;
    if (!parser.isSet(u"db"_s))
        return context.fail(u"--db STORE is required"_s);
    const QString formatName = parser.value(u"format"_s);
    if (formatName != u"csv"_s && formatName != u"json"_s)
        return context.fail(u"--format is '%1'; expected csv or json"_s.arg(formatName));
    const ExportFormat format = formatName == u"csv"_s ? ExportFormat::Csv : ExportFormat::Json;
    int exitCode = Success;
    auto store = openStore(context, context.store(false), EventStore::Access::ReadOnly, &exitCode);
    if (!store)
        return exitCode;

    QString error;
    const auto progress = [](qint64 done, qint64 total) {
        printProgress(u"exporting: %1/%2 events"_s.arg(done).arg(total));
    };
    if (parser.isSet(u"out"_s)) {
        QSaveFile file(parser.value(u"out"_s));
        if (!file.open(QIODevice::WriteOnly))
            return context.fail(u"cannot write %1: %2"_s.arg(file.fileName(), file.errorString()));
        const bool exported = exportEvents(*store, format, file, &error, progress);
        endProgress();
        if (!exported)
            return context.fail(error);
        if (!file.commit())
            return context.fail(u"cannot write %1: %2"_s.arg(file.fileName(), file.errorString()));
        return Success;
    }
    QFile standardOutput;
    if (!standardOutput.open(stdout, QIODevice::WriteOnly))
        return context.fail(u"cannot write to stdout"_s);
    const bool exported = exportEvents(*store, format, standardOutput, &error, progress);
    endProgress();
    return exported ? Success : context.fail(error);
}

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
        { u"inspect"_s, u"an order's state JSON at any version"_s, inspectCommand },
        { u"status"_s, u"head, each projection's checkpoint, lag, parked"_s, statusCommand },
        { u"verify"_s, u"check every invariant; exit 0 if all hold"_s, verifyCommand },
        { u"catch-up"_s, u"bring projections up to the head"_s, catchUpCommand },
        { u"export"_s, u"events as CSV or JSON"_s, exportCommand },
    };
    return list;
}

void printUsage(QTextStream &stream)
{
    stream << "eslab " ESLAB_VERSION " - Event Sourcing Lab: SNS-marketing order flows, event "
              "sourced.\n\nUsage: eslab COMMAND [options]\n\nCommands:\n";
    for (const Command &command : commands())
        stream << "  " << command.name.leftJustified(10) << command.summary << "\n";
    stream << "\nRun 'eslab COMMAND --help' for a command's options. Exit codes: 0 success, 1 "
              "verify found violations,\n2 bad input (usage, scenario, store), 130 interrupted.\n";
    stream.flush();
}

} // namespace

int runCommandLine(int argc, char *argv[])
{
    QCoreApplication application(argc, argv);
    QCoreApplication::setApplicationName(u"eslab"_s);
    QCoreApplication::setApplicationVersion(u"" ESLAB_VERSION ""_s);
    std::signal(SIGINT, requestInterruption);
    std::signal(SIGTERM, requestInterruption);

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
