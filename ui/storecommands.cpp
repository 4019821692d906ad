#include "ui/commandcontext.h"

#include "model/eventexport.h"
#include "model/orderrepository.h"
#include "model/projection.h"
#include "model/projectionrunner.h"
#include "model/snapshotstore.h"
#include "model/storeverifier.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace eslab {

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
    if (auto exit = context.requireStore())
        return *exit;
    if (!parser.isSet(u"stream"_s))
        return context.fail(u"--stream ID is required"_s);
    int exitCode = Success;
    const auto atVersion
        = context.integerOption(u"at-version"_s, 0, std::numeric_limits<qint64>::max(), &exitCode);
    if (exitCode != Success)
        return exitCode;

    auto store = context.openStore(context.store(false), EventStore::Access::ReadOnly, &exitCode);
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
    if (auto exit = context.requireStore())
        return *exit;
    int exitCode = Success;
    auto store = context.openStore(context.store(false), EventStore::Access::ReadOnly, &exitCode);
    if (!store)
        return exitCode;

    const qint64 head = store->headPosition();
    const int runs = store->runCount();
    if (head < 0 || runs < 0)
        return context.fail(store->errorString());
    const qint64 now = storeClock(*store);
    QJsonObject projections;
    QStringList rows;
    QStringList halts;
    for (const auto &projection : createStandardProjections()) {
        ProjectionRunner runner(*store, *projection);
        const ProjectionLag lag = runner.lag(now);
        if (!lag.error.isEmpty())
            return context.fail(lag.error);
        QString error;
        const qint64 parked = runner.parkedCount(&error);
        if (parked < 0)
            return context.fail(error);
        const std::optional<ProjectionHalt> halt = runner.halt(&error);
        if (!error.isEmpty())
            return context.fail(error);
        projections.insert(
            projection->name(),
            QJsonObject { { u"checkpoint"_s, lag.checkpoint },
                          { u"lag_events"_s, lag.lagEvents },
                          { u"lag_ms"_s, lag.lagMs },
                          { u"parked"_s, parked },
                          { u"halt"_s,
                            halt ? QJsonValue(QJsonObject { { u"position"_s, halt->position },
                                                            { u"reason"_s, halt->reason },
                                                            { u"halted_at"_s, halt->haltedAt } })
                                 : QJsonValue(QJsonValue::Null) } });
        rows.append(u"%1 %2 %3 %4 %5 %6"_s.arg(projection->name(), -16)
                        .arg(lag.checkpoint, 12)
                        .arg(lag.lagEvents, 12)
                        .arg(lag.lagMs, 10)
                        .arg(parked, 8)
                        .arg(halt ? QString::number(halt->position) : u"-"_s, 10));
        if (halt) {
            halts.append(u"%1 is halted at event %2 since %3: %4"_s.arg(projection->name())
                             .arg(halt->position)
                             .arg(formatSimulatedTime(halt->haltedAt), halt->reason));
        }
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
        out() << u"%1 %2 %3 %4 %5 %6"_s.arg(u"projection"_s, -16)
                     .arg(u"checkpoint"_s, 12)
                     .arg(u"lag_events"_s, 12)
                     .arg(u"lag_ms"_s, 10)
                     .arg(u"parked"_s, 8)
                     .arg(u"halted"_s, 10)
              << "\n";
        for (const QString &row : rows)
            out() << row << "\n";
        if (!halts.isEmpty())
            out() << "\n" << halts.join(u'\n') << "\n";
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
    if (auto exit = context.requireStore())
        return *exit;
    int exitCode = Success;
    auto store = context.openStore(context.store(false), EventStore::Access::ReadOnly, &exitCode);
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
    if (auto exit = context.requireStore())
        return *exit;
    int exitCode = Success;
    auto store = context.openStore(context.store(false), EventStore::Access::ReadWrite, &exitCode);
    if (!store)
        return exitCode;
    const qint64 now = storeClock(*store);
    for (const auto &projection : createStandardProjections()) {
        ProjectionRunner runner(*store, *projection);
        const ProjectionRunner::Progress progress
            = runner.catchUp(ProjectionRunner::BulkBatchSize, now, [&](const ProjectionRunner::Progress &step) {
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
    if (auto exit = context.requireStore())
        return *exit;
    const QString formatName = parser.value(u"format"_s);
    if (formatName != u"csv"_s && formatName != u"json"_s)
        return context.fail(u"--format is '%1'; expected csv or json"_s.arg(formatName));
    const ExportFormat format = formatName == u"csv"_s ? ExportFormat::Csv : ExportFormat::Json;
    int exitCode = Success;
    auto store = context.openStore(context.store(false), EventStore::Access::ReadOnly, &exitCode);
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

int resetCommand(const QStringList &arguments)
{
    CommandContext context(
        u"reset"_s,
        u"Remove every table of a PostgreSQL store, to start afresh on a server. A store file "
        "is removed like any file."_s);
    context.addStoreOption(false);
    context.parser().addOption(
        { u"yes"_s, u"Confirm: the store's events, snapshots and read models are lost."_s });
    if (auto exit = context.parse(arguments, 0, 0))
        return *exit;
    if (auto exit = context.requireStore())
        return *exit;
    const QString location = context.store(false);
    if (!EventStore::isPostgresLocation(location))
        return context.fail(u"%1 is a store file; remove it (and its -wal and -shm files) like "
                            "any file"_s.arg(location));
    if (!context.parser().isSet(u"yes"_s))
        return context.fail(
            u"this removes every event of %1; add --yes to confirm"_s.arg(location));
    QString error;
    if (!EventStore::removePostgresStore(location, &error))
        return context.fail(error);
    err() << "eslab reset: removed the store at " << location << Qt::endl;
    return Success;
}

} // namespace eslab
