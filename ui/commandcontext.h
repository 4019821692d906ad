#pragma once

#include "model/eventstore.h"
#include "simulation/scenario.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <optional>

namespace eslab {

// What the commands of the command line share: exit codes, the output streams, one-line errors,
// progress on a terminal, parsing with `parse()` (never `process()`, which exits 1), and opening
// a store. GUI-free; used on the main thread of a QCoreApplication.

enum ExitCode { Success = 0, ViolationsFound = 1, BadInput = 2, Interrupted = 130 };

inline constexpr qint64 MaxSeed = 9007199254740992LL; // 2^53

QTextStream &out();
QTextStream &err();
bool stderrIsTerminal();
// Ctrl-C (SIGINT) or SIGTERM was received: stop after the current append.
bool interruptRequested();
void installInterruptHandler();

// A progress line on stderr, only on a terminal, overwritten in place; endProgress() clears it.
void printProgress(const QString &line);
void endProgress();
QString formatSimulatedTime(qint64 ms);
// The simulated "now" of a store: the recorded_at of its newest event.
qint64 storeClock(EventStore &store);

// One command's parsing and its one-line errors.
class CommandContext
{
    Q_DISABLE_COPY_MOVE(CommandContext)
public:
    CommandContext(QString name, const QString &summary);

    QCommandLineParser &parser() { return m_parser; }
    QString name() const { return m_name; }

    // Adds --db STORE; `withDefault` documents the default eslab.db.
    void addStoreOption(bool withDefault);
    // Parses arguments; returns an exit code when the command should end now (help, bad usage).
    std::optional<int> parse(const QStringList &arguments, int minPositional, int maxPositional);
    // The --db value, or eslab.db when `withDefault`; empty when neither.
    QString store(bool withDefault) const;
    // Fails unless --db was given.
    std::optional<int> requireStore();
    // Prints "eslab <command>: <message>" on stderr and returns `code`.
    int fail(const QString &message, int code = BadInput);
    // The integer value of an option within [min, max]; sets *exitCode on a bad value.
    std::optional<qint64> integerOption(const QString &option, qint64 min, qint64 max,
                                        int *exitCode);
    // Adds the optional SCENARIO argument and --seed and --orders, which override it.
    void addScenarioArguments();
    // The scenario named by SCENARIO (the built-in default without one) with --seed and
    // --orders applied, or nullopt after printing why (*exitCode set).
    std::optional<Scenario> scenario(int *exitCode);
    // Opens the store, or prints why not and sets *exitCode.
    std::unique_ptr<EventStore> openStore(const QString &location, EventStore::Access access,
                                          int *exitCode);

private:
    QString m_name;
    QCommandLineParser m_parser;
};

// The commands, each taking the arguments after its name and returning its exit code.
int runCommand(const QStringList &arguments);
int validateCommand(const QStringList &arguments);
int inspectCommand(const QStringList &arguments);
int statusCommand(const QStringList &arguments);
int verifyCommand(const QStringList &arguments);
int catchUpCommand(const QStringList &arguments);
int exportCommand(const QStringList &arguments);
int resetCommand(const QStringList &arguments);
int parkedCommand(const QStringList &arguments);
int replayParkedCommand(const QStringList &arguments);
int rebuildCommand(const QStringList &arguments);
int sweepCommand(const QStringList &arguments);
int windowCommand(const QStringList &arguments);
int screenshotCommand(const QStringList &arguments);
int benchCommand(const QStringList &arguments);
// Hides the offscreen platform's notices that say nothing about the bench (no runtime folder,
// no window manager). Call before the QApplication exists.
void installBenchMessageFilter();
// The bench, starting `eslabBinary` for its peak-RSS run (tests/bench has its own executable).
int benchCommand(const QStringList &arguments, const QString &eslabBinary);

} // namespace eslab
