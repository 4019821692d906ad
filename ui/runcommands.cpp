#include "ui/commandcontext.h"

#include "simulation/scenario.h"
#include "simulation/simulation.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace eslab {

int runCommand(const QStringList &arguments)
{
    CommandContext context(u"run"_s,
                           u"Simulate a scenario into a store and print the run report (JSON) on "
                           "stdout.\nWithout SCENARIO, the default scenario runs."_s);
    QCommandLineParser &parser = context.parser();
    context.addScenarioArguments();
    context.addStoreOption(true);
    parser.addOption({ u"paced"_s, u"Follow the wall clock at the scenario's run.speed."_s });
    parser.addOption({ u"join"_s,
                       u"Team mode: the workers also take batches of the orders other runs have "
                       "in progress, racing them (expected-version conflicts and retries)."_s });
    parser.addOption(
        { u"report"_s, u"Also write the run report to this JSON file."_s, u"FILE.json"_s });
    if (auto exit = context.parse(arguments, 0, 1))
        return *exit;

    int exitCode = Success;
    const std::optional<Scenario> scenario = context.scenario(&exitCode);
    if (!scenario)
        return exitCode;

    const QString reportPath = parser.value(u"report"_s);
    if (!reportPath.isEmpty() && !QFileInfo(QFileInfo(reportPath).absolutePath()).isDir())
        return context.fail(
            u"cannot write the report to %1: its folder does not exist"_s.arg(reportPath));

    auto store
        = context.openStore(context.store(true), EventStore::Access::ReadWriteCreate, &exitCode);
    if (!store)
        return exitCode;

    Simulation simulation(*scenario, *store);
    simulation.setJoinsRunsInProgress(parser.isSet(u"join"_s));
    const qint64 orderCount = scenario->orders.count;
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

} // namespace eslab
