#include "ui/commandcontext.h"

#include "simulation/scenario.h"
#include "simulation/sweep.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

const QString DefaultIntervals = u"0,10,50,100,500"_s;

QString number(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}

// The rows as an aligned table: the setting left-aligned, numbers right-aligned, under a header
// whose first line names the groups of columns.
QString table(const QList<SweepRow> &rows)
{
    QList<QStringList> lines { { u"setting"_s, u"mean"_s, u"p95"_s, u"max"_s, u"mean"_s, u"p95"_s,
                                 u"snapshots"_s, u"KB"_s, u"KB"_s, u"share %"_s } };
    for (const SweepRow &row : rows) {
        lines.append({ row.label, number(row.eventsReplayedMean, 1),
                       QString::number(row.eventsReplayedP95),
                       QString::number(row.eventsReplayedMax), number(row.loadMsMean, 3),
                       number(row.loadMsP95, 3), QString::number(row.snapshotsWritten),
                       number(double(row.snapshotBytes) / 1024.0, 1),
                       number(double(row.eventBytes) / 1024.0, 1),
                       number(row.snapshotWriteShare() * 100.0, 2) });
    }
    constexpr qsizetype Gap = 2;
    QList<qsizetype> widths(lines.first().size(), 0);
    for (const QStringList &line : std::as_const(lines)) {
        for (qsizetype column = 0; column < line.size(); ++column)
            widths[column] = std::max(widths.at(column), line.at(column).size());
    }
    struct Group
    {
        qsizetype first;
        qsizetype last;
        QString title;
    };
    const QList<Group> groups { { 1, 3, u"events replayed"_s },
                                { 4, 5, u"load ms"_s },
                                { 7, 7, u"snapshot"_s },
                                { 8, 8, u"event"_s },
                                { 9, 9, u"write"_s } };
    for (const Group &group : groups) {
        qsizetype span = Gap * (group.last - group.first);
        for (qsizetype column = group.first; column <= group.last; ++column)
            span += widths.at(column);
        widths[group.last] += std::max<qsizetype>(group.title.size() - span, 0);
    }
    QList<qsizetype> ends; // the text offset where each column ends
    for (qsizetype column = 0, end = -Gap; column < widths.size(); ++column) {
        end += Gap + widths.at(column);
        ends.append(end);
    }

    QString text(ends.last(), u' ');
    for (const Group &group : groups)
        text.replace(ends.at(group.last) - group.title.size(), group.title.size(), group.title);
    text += u'\n';
    for (const QStringList &line : std::as_const(lines)) {
        QString rendered = line.first().leftJustified(widths.first());
        for (qsizetype column = 1; column < line.size(); ++column)
            rendered += QString(Gap, u' ') + line.at(column).rightJustified(widths.at(column));
        text += rendered + u'\n';
    }
    return text;
}

} // namespace

int sweepCommand(const QStringList &arguments)
{
    CommandContext context(
        u"sweep"_s,
        u"The snapshot study: run the same scenario and seed once per snapshot setting, each into "
        "a fresh temporary store, and print per setting the events replayed per load, the "
        "measured load time from the store, the snapshots written and their bytes, and the "
        "share of the run spent writing them.\nWithout SCENARIO, the default scenario runs; "
        "without --snapshot-every and --policies, --snapshot-every "_s
            + DefaultIntervals + u"."_s);
    QCommandLineParser &parser = context.parser();
    context.addScenarioArguments();
    parser.addOption({ u"snapshot-every"_s,
                       u"Snapshot intervals, comma-separated; 0 means no snapshots."_s,
                       u"LIST"_s });
    parser.addOption({ u"policies"_s,
                       u"Snapshot policies, comma-separated (none, every_n, on_event, "
                       "load_budget), with the scenario's parameters."_s,
                       u"LIST"_s });
    parser.addOption({ u"report"_s, u"Also write the rows to this JSON file."_s, u"FILE.json"_s });
    if (auto exit = context.parse(arguments, 0, 1))
        return *exit;

    int exitCode = Success;
    const std::optional<Scenario> parsedScenario = context.scenario(&exitCode);
    if (!parsedScenario)
        return exitCode;
    const Scenario &scenario = *parsedScenario;

    std::optional<QString> intervals;
    std::optional<QString> policies;
    if (parser.isSet(u"snapshot-every"_s))
        intervals = parser.value(u"snapshot-every"_s);
    if (parser.isSet(u"policies"_s))
        policies = parser.value(u"policies"_s);
    if (!intervals && !policies)
        intervals = DefaultIntervals;
    const SnapshotSettingsParseResult settings
        = parseSnapshotSettings(intervals, policies, scenario.snapshots);
    if (!settings.settings)
        return context.fail(settings.error);

    const QString reportPath = parser.value(u"report"_s);
    if (!reportPath.isEmpty() && !QFileInfo(QFileInfo(reportPath).absolutePath()).isDir())
        return context.fail(
            u"cannot write the report to %1: its folder does not exist"_s.arg(reportPath));

    SnapshotSweep sweep(scenario, *settings.settings);
    const bool completed = sweep.run(
        interruptRequested, [](const SnapshotSweep::Progress &progress) {
            const QString step = progress.phase == SnapshotSweep::Progress::Phase::Running
                ? u"running, %1/%2 orders finished, %3 events"_s.arg(progress.ordersFinished)
                      .arg(progress.orders)
                      .arg(progress.events)
                : u"timing loads, %1/%2"_s.arg(progress.loadsMeasured).arg(progress.loadsToMeasure);
            printProgress(u"sweep %1/%2 %3: %4"_s.arg(progress.setting + 1)
                              .arg(progress.settings)
                              .arg(progress.label, step));
        });
    endProgress();
    if (!completed)
        return context.fail(sweep.errorString());

    if (!sweep.rows().isEmpty()) {
        out() << "Snapshot study: scenario '" << scenario.name << "', seed " << scenario.seed
              << ", " << scenario.orders.count << " orders, " << sweep.rows().first().events
              << " events per run\n\n"
              << table(sweep.rows()) << "\nload ms: the fastest of " << sweep.loadRepeats()
              << " timed loads of each of " << sweep.rows().first().loadsMeasured
              << " orders, from the store after the run\n";
        out().flush();
    }
    if (sweep.isInterrupted()) {
        err() << "eslab sweep: interrupted after " << sweep.rows().size() << " of "
              << sweep.settings().size() << " settings; no report written" << Qt::endl;
        return Interrupted;
    }

    if (!reportPath.isEmpty()) {
        const QByteArray json = QJsonDocument(sweep.toJson()).toJson(QJsonDocument::Indented);
        QSaveFile file(reportPath);
        if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit())
            return context.fail(
                u"cannot write the report to %1: %2"_s.arg(reportPath, file.errorString()));
    }
    return Success;
}

} // namespace eslab
