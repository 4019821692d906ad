#include "ui/commandcontext.h"

#include "ui/benchmark.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

constexpr qint64 MaxBenchEvents = 100'000'000;

QtMessageHandler g_defaultMessageHandler = nullptr;

// Offscreen, Qt says that there is no runtime folder (no desktop session: it uses one in /tmp)
// and, for every window shown, that it cannot do what only a window manager would. Neither says
// anything about the bench, and they would bury its one-line errors and its table.
void quietOffscreenNotices(QtMsgType type, const QMessageLogContext &context,
                           const QString &message)
{
    if (type == QtWarningMsg
        && (message.startsWith(u"This plugin does not support"_s)
            || message.startsWith(u"QStandardPaths: XDG_RUNTIME_DIR not set"_s)))
        return;
    g_defaultMessageHandler(type, context, message);
}

} // namespace

void installBenchMessageFilter()
{
    if (!g_defaultMessageHandler)
        g_defaultMessageHandler = qInstallMessageHandler(quietOffscreenNotices);
}

int benchCommand(const QStringList &arguments)
{
    return benchCommand(arguments, QCoreApplication::applicationFilePath());
}

int benchCommand(const QStringList &arguments, const QString &eslabBinary)
{
    CommandContext context(
        u"bench"_s,
        u"Measure eslab beside the machine's limits, in one process and one run: raw sqlite3 "
        "inserts and reads of the same events in the same schema, eslab's appends of 1 and of "
        "up to 100 events, a full headless run, a projection rebuild, loads of a 10,000-event "
        "order with and without snapshots, the peak RSS of a run of N events, and the window "
        "figures (offscreen). Prints a table, or with --json one JSON object. Works in a "
        "temporary folder of its own; exit 0 when it completed, whether or not the targets "
        "are met. See docs/PERFORMANCE.md."_s);
    QCommandLineParser &parser = context.parser();
    parser.addOption({ u"events"_s,
                       u"N: the size of the run, of the run whose peak RSS is measured and of "
                       "the store the window opens (default 10000000)."_s,
                       u"N"_s });
    parser.addOption({ u"json"_s, u"Print one JSON object instead of a table."_s });
    parser.addOption({ u"window-store"_s,
                       u"Measure only the window figures, on a copy of STORE in the temporary "
                       "folder (N is its event count; --events is ignored). The run in the window "
                       "is sized by a short run's rate instead of the headless run's. For "
                       "iterating on the window and for stores larger than a run makes in "
                       "time."_s,
                       u"STORE"_s });
    parser.addOption({ u"db"_s,
                       u"Also measure PostgreSQL (appends of 1 and of up to 100 events, a "
                       "rebuild) in this database (postgresql://USER@HOST:PORT/DB), which must "
                       "hold no store: the bench removes its own afterwards."_s,
                       u"URL"_s });
    if (auto exit = context.parse(arguments, 0, 0))
        return *exit;
    int exitCode = Success;
    const std::optional<qint64> events
        = context.integerOption(u"events"_s, 1, MaxBenchEvents, &exitCode);
    if (exitCode != Success)
        return exitCode;
    Benchmark::Options options;
    if (parser.isSet(u"db"_s)) {
        options.postgres = parser.value(u"db"_s);
        if (!EventStore::isPostgresLocation(options.postgres))
            return context.fail(
                u"--db is '%1'; expected a postgresql:// URL (the SQLite figures "
                "are taken in a temporary folder of the bench's own)"_s.arg(options.postgres));
    }

    installBenchMessageFilter();
    options.events = events.value_or(options.events);
    options.eslabBinary = eslabBinary;
    if (parser.isSet(u"window-store"_s)) {
        options.windowStore = parser.value(u"window-store"_s);
        if (!QFileInfo::exists(options.windowStore))
            return context.fail(u"--window-store: no store at %1"_s.arg(options.windowStore));
    }
    Benchmark benchmark(
        options, [](const QString &line) { printProgress(u"eslab bench: "_s + line); },
        interruptRequested);
    const bool completed = benchmark.run();
    endProgress();
    if (benchmark.wasStopped()) {
        err() << "eslab bench: interrupted; nothing is kept" << Qt::endl;
        return Interrupted;
    }
    if (!completed)
        return context.fail(benchmark.errorString());
    if (parser.isSet(u"json"_s))
        out() << QString::fromUtf8(
            QJsonDocument(benchmark.report().toJson()).toJson(QJsonDocument::Indented));
    else
        out() << benchmark.report().table();
    out().flush();
    return Success;
}

} // namespace eslab
