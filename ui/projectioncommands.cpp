#include "ui/commandcontext.h"

#include "model/parkedevents.h"
#include "model/projection.h"
#include "model/projectionrunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

constexpr int BulkBatchSize = ProjectionRunner::BulkBatchSize;

void addProjectionOption(QCommandLineParser &parser, const QString &description)
{
    parser.addOption({ u"projection"_s,
                       u"%1 (%2)."_s.arg(description, standardProjectionNames().join(u", "_s)),
                       u"NAME"_s });
}

// The --projection value, empty when not given; fails on a name no projection has.
std::optional<QString> projectionOption(CommandContext &context, bool required, int *exitCode)
{
    if (!context.parser().isSet(u"projection"_s)) {
        if (required)
            *exitCode = context.fail(u"--projection NAME is required (one of %1)"_s.arg(
                standardProjectionNames().join(u", "_s)));
        return required ? std::nullopt : std::optional<QString>(QString());
    }
    const QString name = context.parser().value(u"projection"_s);
    if (!standardProjectionNames().contains(name)) {
        *exitCode = context.fail(u"there is no projection '%1' (known: %2)"_s.arg(
            name, standardProjectionNames().join(u", "_s)));
        return std::nullopt;
    }
    return name;
}

QString describe(const ParkedEvent &event)
{
    return u"event %1 (%2 %3)"_s.arg(QString::number(event.position), event.streamId,
                                     event.eventType);
}

QString formatDuration(qint64 seconds)
{
    if (seconds < 60)
        return u"%1s"_s.arg(seconds);
    if (seconds < 3600)
        return u"%1m%2s"_s.arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return u"%1h%2m"_s.arg(seconds / 3600).arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'));
}

qint64 eventsPerSecond(qint64 events, qint64 elapsedMs)
{
    return elapsedMs > 0 ? events * 1000 / elapsedMs : 0;
}

} // namespace

int parkedCommand(const QStringList &arguments)
{
    CommandContext context(u"parked"_s,
                           u"List the events projections parked, with the reason their handler "
                           "failed. Replay them with eslab replay-parked."_s);
    QCommandLineParser &parser = context.parser();
    context.addStoreOption(false);
    addProjectionOption(parser, u"Only the events this projection parked"_s);
    parser.addOption({ u"json"_s, u"Print JSON instead of a table."_s });
    if (auto exit = context.parse(arguments, 0, 0))
        return *exit;
    if (auto exit = context.requireStore())
        return *exit;
    int exitCode = Success;
    const std::optional<QString> projection = projectionOption(context, false, &exitCode);
    if (!projection)
        return exitCode;
    auto store = context.openStore(context.store(false), EventStore::Access::ReadOnly, &exitCode);
    if (!store)
        return exitCode;

    ParkedEvents parkedEvents(*store);
    const QList<ParkedEvent> parked = parkedEvents.list(*projection);
    if (!parkedEvents.errorString().isEmpty())
        return context.fail(parkedEvents.errorString());

    if (parser.isSet(u"json"_s)) {
        QJsonArray rows;
        for (const ParkedEvent &event : parked) {
            rows.append(QJsonObject { { u"projection"_s, event.projection },
                                      { u"position"_s, event.position },
                                      { u"stream_id"_s, event.streamId },
                                      { u"event_type"_s, event.eventType },
                                      { u"attempts"_s, event.attempts },
                                      { u"reason"_s, event.reason },
                                      { u"parked_at"_s, event.parkedAt } });
        }
        out() << QString::fromUtf8(QJsonDocument(QJsonObject { { u"parked"_s, rows } }).toJson());
        out().flush();
        return Success;
    }
    if (parked.isEmpty()) {
        out() << (projection->isEmpty() ? u"no parked events"_s
                                        : u"no parked events for %1"_s.arg(*projection))
              << Qt::endl;
        return Success;
    }
    out() << u"%1 %2 %3 %4 %5 %6  %7"_s.arg(u"projection"_s, -16)
                 .arg(u"position"_s, 10)
                 .arg(u"stream"_s, -14)
                 .arg(u"type"_s, -16)
                 .arg(u"attempts"_s, 8)
                 .arg(u"parked_at"_s, 9)
                 .arg(u"reason"_s)
          << "\n";
    for (const ParkedEvent &event : parked) {
        out() << u"%1 %2 %3 %4 %5 %6  %7"_s.arg(event.projection, -16)
                     .arg(event.position, 10)
                     .arg(event.streamId, -14)
                     .arg(event.eventType, -16)
                     .arg(event.attempts, 8)
                     .arg(formatSimulatedTime(event.parkedAt), 9)
                     .arg(event.reason)
              << "\n";
    }
    out() << parked.size() << " parked event(s)" << Qt::endl;
    return Success;
}

int replayParkedCommand(const QStringList &arguments)
{
    CommandContext context(u"replay-parked"_s,
                           u"Replay parked events into their read model, in position order. An "
                           "event applied is no longer parked; one whose handler fails again "
                           "stays parked with one more attempt and the new reason."_s);
    QCommandLineParser &parser = context.parser();
    context.addStoreOption(false);
    addProjectionOption(parser, u"Only the events this projection parked"_s);
    parser.addOption({ u"stop-at"_s,
                       u"Stop after N events have been replayed, whether they were applied or "
                       "failed again (default: every parked event)."_s,
                       u"N"_s });
    parser.addOption({ u"handler-fixed"_s,
                       u"The handler bug is fixed: a poison note is applied as a plain note."_s });
    if (auto exit = context.parse(arguments, 0, 0))
        return *exit;
    if (auto exit = context.requireStore())
        return *exit;
    int exitCode = Success;
    const std::optional<QString> projection = projectionOption(context, false, &exitCode);
    if (!projection)
        return exitCode;
    const std::optional<qint64> stopAt
        = context.integerOption(u"stop-at"_s, 1, std::numeric_limits<qint64>::max(), &exitCode);
    if (exitCode != Success)
        return exitCode;
    auto store = context.openStore(context.store(false), EventStore::Access::ReadWrite, &exitCode);
    if (!store)
        return exitCode;

    ProjectionOptions options;
    options.poisonFails = !parser.isSet(u"handler-fixed"_s);
    ParkedEvents parkedEvents(*store);
    const ParkedEvents::ReplayReport report = parkedEvents.replay(
        *projection, options, stopAt.value_or(-1), [](const ParkedEvents::ReplayOutcome &outcome) {
            const ParkedEvent &event = outcome.event;
            out() << event.projection << " " << describe(event) << ": ";
            if (outcome.replayed)
                out() << "replayed";
            else
                out() << "failed again (attempt " << event.attempts + 1 << "): " << outcome.error;
            out() << Qt::endl;
            return !interruptRequested();
        });
    if (!report.isOk())
        return context.fail(report.error);
    out() << "replayed " << report.replayed << ", failed again " << report.failed
          << ", still parked " << report.remaining << Qt::endl;
    if (interruptRequested()) {
        err() << "eslab replay-parked: interrupted; every replay so far is committed" << Qt::endl;
        return Interrupted;
    }
    return Success;
}

int rebuildCommand(const QStringList &arguments)
{
    CommandContext context(u"rebuild"_s,
                           u"Rebuild a projection from zero: clear its read model, checkpoint, "
                           "parked events and halt, then apply every event, showing %, events/s "
                           "and ETA. Reports every event its handler failed on, and where a stop "
                           "policy halted it. Exit 0 when it ran as far as its policy allows "
                           "(parked events or a halt included), 130 when interrupted."_s);
    QCommandLineParser &parser = context.parser();
    context.addStoreOption(false);
    addProjectionOption(parser, u"The projection to rebuild"_s);
    parser.addOption({ u"failure-policy"_s,
                       u"What a handler failure does: stop (halt there), skip (park the event "
                       "and go on) or retry (retry it, then park it). Default: skip."_s,
                       u"POLICY"_s });
    parser.addOption({ u"retry-attempts"_s,
                       u"Attempts in all for an event under retry (default 3)."_s, u"N"_s });
    if (auto exit = context.parse(arguments, 0, 0))
        return *exit;
    if (auto exit = context.requireStore())
        return *exit;
    int exitCode = Success;
    const std::optional<QString> name = projectionOption(context, true, &exitCode);
    if (!name)
        return exitCode;
    ProjectionOptions options;
    const QString policy = parser.value(u"failure-policy"_s);
    if (policy == u"stop"_s)
        options.failurePolicy = ProjectionOptions::FailurePolicy::Stop;
    else if (policy == u"retry"_s)
        options.failurePolicy = ProjectionOptions::FailurePolicy::Retry;
    else if (parser.isSet(u"failure-policy"_s) && policy != u"skip"_s)
        return context.fail(
            u"--failure-policy is '%1'; expected stop, skip or retry"_s.arg(policy));
    const std::optional<qint64> attempts
        = context.integerOption(u"retry-attempts"_s, 1, std::numeric_limits<int>::max(), &exitCode);
    if (exitCode != Success)
        return exitCode;
    if (attempts)
        options.retryAttempts = int(*attempts);
    auto store = context.openStore(context.store(false), EventStore::Access::ReadWrite, &exitCode);
    if (!store)
        return exitCode;

    const std::unique_ptr<Projection> projection = createStandardProjection(*name);
    Q_ASSERT(projection);
    ProjectionRunner runner(*store, *projection, options);
    const ProjectionRunner::Progress progress = runner.rebuild(
        BulkBatchSize, storeClock(*store), [&](const ProjectionRunner::Progress &step) {
            const qint64 rate = eventsPerSecond(step.checkpoint, step.elapsedMs);
            const qint64 percent = step.head > 0 ? step.checkpoint * 100 / step.head : 100;
            const QString eta = rate > 0
                ? formatDuration((step.head - step.checkpoint + rate - 1) / rate)
                : u"?"_s;
            printProgress(u"%1: %2% %3/%4 events, %5 events/s, ETA %6"_s.arg(*name)
                              .arg(percent)
                              .arg(step.checkpoint)
                              .arg(step.head)
                              .arg(rate)
                              .arg(eta));
            return !interruptRequested();
        });
    endProgress();
    if (!progress.isOk())
        return context.fail(progress.error);

    out() << *name << ": checkpoint " << progress.checkpoint << " of " << progress.head << ", "
          << progress.applied << " events applied, " << progress.parked << " parked";
    if (progress.retried > 0)
        out() << ", " << progress.retried << " retried";
    out() << ", " << QString::number(double(progress.elapsedMs) / 1000.0, 'f', 1) << " s, "
          << eventsPerSecond(progress.checkpoint, progress.elapsedMs) << " events/s" << Qt::endl;

    ParkedEvents parkedEvents(*store);
    const QList<ParkedEvent> parked = parkedEvents.list(*name);
    if (!parkedEvents.errorString().isEmpty())
        return context.fail(parkedEvents.errorString());
    for (const ParkedEvent &event : parked) {
        out() << "parked " << describe(event) << " after " << event.attempts
              << (event.attempts == 1 ? " attempt: " : " attempts: ") << event.reason << "\n";
    }
    if (progress.isHalted()) {
        out() << "halted at event " << progress.haltedAt << ": " << progress.haltReason << "\n";
        out().flush();
        // The rebuild ran as far as the stop policy lets it: that is its result, not bad input
        // (exit code 1 belongs to verify).
        err() << "note: " << *name << " halted at event " << progress.haltedAt
              << " (its stop policy); fix the handler or rebuild with --failure-policy skip"
              << Qt::endl;
        return Success;
    }
    out().flush();
    if (interruptRequested()) {
        err() << "eslab rebuild: interrupted at checkpoint " << progress.checkpoint
              << "; the store is valid and eslab catch-up goes on from there" << Qt::endl;
        return Interrupted;
    }
    return Success;
}

} // namespace eslab
