// libFuzzer target: the command line's per-command argument parsing (ui/commandcontext.h).
//
// runCommandLine() creates the application object and can run only once per process, so the
// fuzzer calls the commands themselves, as runCommandLine() does after it: the input is the
// command name and its arguments, separated by NUL bytes. Everything happens in a scratch
// folder that holds a small store (s.db) and a scenario (s.json); commands that write may run
// only when no argument names a path outside it, and the folder is put back after each input.
//
// Properties: every command returns an exit code of DESIGN section 6 (0, 1, 2, 130), and a
// command that only reads (validate, inspect, status, verify, export, parked) never changes
// the store. `screenshot` (a window) and `bench` (minutes of measurements) are not fuzzed.

#include "ui/commandcontext.h"

#include "simulation/scenario.h"
#include "simulation/simulation.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>

namespace {

struct FuzzedCommand
{
    const char *name;
    std::function<int(const QStringList &)> run;
    bool writes;
};

const FuzzedCommand Commands[] = {
    { "run", eslab::runCommand, true },
    { "validate", eslab::validateCommand, false },
    { "sweep", eslab::sweepCommand, true },
    { "inspect", eslab::inspectCommand, false },
    { "status", eslab::statusCommand, false },
    { "verify", eslab::verifyCommand, false },
    { "catch-up", eslab::catchUpCommand, true },
    { "rebuild", eslab::rebuildCommand, true },
    { "parked", eslab::parkedCommand, false },
    { "replay-parked", eslab::replayParkedCommand, true },
    // export --out writes a file, but never to the store.
    { "export", eslab::exportCommand, false },
};

const QByteArray Scenario = R"({"name": "Fuzz", "orders": {"count": 20, "quantity":
  {"min": 50, "max": 400}}, "failures": {"poison_event_rate": 0.2}, "snapshots": {"n": 5}})";

std::unique_ptr<QTemporaryDir> g_folder;
QByteArray g_store; // the pristine s.db
QByteArray g_storeDigest;

[[noreturn]] void broken(const char *what)
{
    std::fprintf(stderr, "%s\n", what);
    std::abort();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        broken("cannot write the scratch folder");
}

// The scratch folder as it was: s.db, s.json and nothing else.
void restoreFolder()
{
    QDir folder(g_folder->path());
    for (const QString &name : folder.entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot
                                                | QDir::Hidden | QDir::System)) {
        if (name == QStringLiteral("s.json"))
            continue;
        if (name == QStringLiteral("s.db")
            && QCryptographicHash::hash(readAll(folder.filePath(name)), QCryptographicHash::Sha256)
                == g_storeDigest)
            continue;
        QFileInfo info(folder.filePath(name));
        if (info.isDir() && !info.isSymLink())
            QDir(info.filePath()).removeRecursively();
        else
            QFile::remove(info.filePath());
    }
    if (!QFile::exists(folder.filePath(QStringLiteral("s.db"))))
        writeAll(folder.filePath(QStringLiteral("s.db")), g_store);
    writeAll(folder.filePath(QStringLiteral("s.json")), Scenario);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication application(*argc, *argv);
    g_folder = std::make_unique<QTemporaryDir>();
    if (!g_folder->isValid() || !QDir::setCurrent(g_folder->path()))
        broken("no scratch folder");
    writeAll(QStringLiteral("s.json"), Scenario);
    {
        QString error;
        auto store = eslab::EventStore::open(QStringLiteral("s.db"),
                                             eslab::EventStore::Access::ReadWriteCreate, &error);
        const eslab::ScenarioParseResult parsed = eslab::parseScenario(Scenario);
        if (!store || !parsed.scenario)
            broken("cannot make the scratch store");
        eslab::Simulation simulation(*parsed.scenario, *store);
        if (!simulation.run())
            broken("cannot run the scratch store's simulation");
    }
    g_store = readAll(QStringLiteral("s.db"));
    g_storeDigest = QCryptographicHash::hash(g_store, QCryptographicHash::Sha256);
    restoreFolder();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    QList<QByteArray> parts = input.split('\0');
    const QByteArray name = parts.takeFirst();
    const FuzzedCommand *command = nullptr;
    for (const FuzzedCommand &candidate : Commands) {
        if (name == candidate.name)
            command = &candidate;
    }
    if (!command)
        return 0;
    QStringList arguments;
    for (const QByteArray &part : std::as_const(parts))
        arguments.append(QString::fromUtf8(part));
    // Devices and kernel files would only measure how much memory a read can take.
    for (const QString &argument : std::as_const(arguments)) {
        for (const char *system : { "/dev", "/proc", "/sys" }) {
            if (argument.contains(QLatin1StringView(system)))
                return 0;
        }
    }
    if (command->writes || name == "export") {
        // Only inside the scratch folder: no path, no parent, no home.
        for (const QString &argument : std::as_const(arguments)) {
            if (argument.contains(u'/') || argument.contains(u'~') || argument.contains(u'\\'))
                return 0;
        }
    }

    const int exitCode = command->run(arguments);
    if (exitCode != eslab::Success && exitCode != eslab::ViolationsFound
        && exitCode != eslab::BadInput && exitCode != eslab::Interrupted)
        broken("an exit code outside 0, 1, 2 and 130");
    if (exitCode == eslab::ViolationsFound && name != "verify")
        broken("exit code 1 from a command other than verify");
    if (!command->writes
        && QCryptographicHash::hash(readAll(QStringLiteral("s.db")), QCryptographicHash::Sha256)
            != g_storeDigest)
        broken("a reading command changed the store");
    restoreFolder();
    return 0;
}
