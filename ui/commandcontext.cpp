#include "ui/commandcontext.h"

#include <QFileInfo>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

const QString DefaultStore = u"eslab.db"_s;

std::atomic<bool> g_interruptRequested = false;

extern "C" void requestInterruption(int)
{
    g_interruptRequested = true;
}

} // namespace

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

bool interruptRequested()
{
    return g_interruptRequested.load();
}

void installInterruptHandler()
{
    std::signal(SIGINT, requestInterruption);
    std::signal(SIGTERM, requestInterruption);
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

qint64 storeClock(EventStore &store)
{
    const qint64 head = store.headPosition();
    if (head <= 0)
        return 0;
    const QList<RecordedEvent> last = store.readAll(head - 1, 1);
    return last.isEmpty() ? 0 : last.first().recordedAt;
}

CommandContext::CommandContext(QString name, const QString &summary)
    : m_name(std::move(name))
{
    m_parser.setApplicationDescription(summary);
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.addHelpOption();
}

void CommandContext::addStoreOption(bool withDefault)
{
    m_parser.addOption({ u"db"_s,
                         withDefault ? u"The store: a file path (default eslab.db), or "
                                       "postgresql://USER@HOST:PORT/DBNAME (the password from "
                                       "PGPASSWORD or ~/.pgpass)."_s
                                     : u"The store: a file path, or "
                                       "postgresql://USER@HOST:PORT/DBNAME (the password from "
                                       "PGPASSWORD or ~/.pgpass)."_s,
                         u"STORE"_s });
}

std::optional<int> CommandContext::parse(const QStringList &arguments, int minPositional,
                                         int maxPositional)
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

QString CommandContext::store(bool withDefault) const
{
    if (m_parser.isSet(u"db"_s))
        return m_parser.value(u"db"_s);
    return withDefault ? DefaultStore : QString();
}

std::optional<int> CommandContext::requireStore()
{
    if (m_parser.isSet(u"db"_s))
        return std::nullopt;
    return fail(u"--db STORE is required"_s);
}

int CommandContext::fail(const QString &message, int code)
{
    err() << "eslab " << m_name << ": " << QString(message).replace(u'\n', u' ') << Qt::endl;
    return code;
}

std::optional<qint64> CommandContext::integerOption(const QString &option, qint64 min, qint64 max,
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

void CommandContext::addScenarioArguments()
{
    m_parser.addPositionalArgument(
        u"SCENARIO"_s, u"A scenario JSON file (default: the built-in default scenario)."_s,
        u"[SCENARIO]"_s);
    m_parser.addOption({ u"seed"_s, u"Use this seed instead of the scenario's."_s, u"N"_s });
    m_parser.addOption(
        { u"orders"_s, u"Simulate this many orders instead of the scenario's."_s, u"N"_s });
}

std::optional<Scenario> CommandContext::scenario(int *exitCode)
{
    const QStringList positional = m_parser.positionalArguments();
    const QString path
        = positional.isEmpty() ? u":/eslab/scenarios/default.json"_s : positional.first();
    ScenarioParseResult parsed = loadScenarioFile(path);
    if (!parsed.scenario) {
        *exitCode = fail(parsed.error);
        return std::nullopt;
    }
    int optionExit = Success;
    if (auto seed = integerOption(u"seed"_s, 0, MaxSeed - 1, &optionExit))
        parsed.scenario->seed = *seed;
    if (auto orders = integerOption(u"orders"_s, 1, 10'000'000, &optionExit))
        parsed.scenario->orders.count = *orders;
    if (optionExit != Success) {
        *exitCode = optionExit;
        return std::nullopt;
    }
    return parsed.scenario;
}

std::unique_ptr<EventStore> CommandContext::openStore(const QString &location,
                                                      EventStore::Access access, int *exitCode)
{
    QString error;
    auto store = EventStore::open(location, access, &error);
    if (!store)
        *exitCode = fail(error);
    return store;
}

} // namespace eslab
