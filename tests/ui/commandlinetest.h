#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QStringList>

// What the end-to-end tests of the command line share: running the built eslab binary
// (ESLAB_BINARY, defined for every test) and the checks every bad-input case makes.

struct Result
{
    int exitCode = -1; // -2 when it crashed, -1 when it timed out
    QByteArray out;
    QByteArray err;
};

inline Result runEslab(const QStringList &arguments, int timeoutMs = 120'000)
{
    QProcess process;
    process.start(QStringLiteral(ESLAB_BINARY), arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    Result result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// A one-line error on stderr, as every bad input gives.
inline bool isOneLine(const QByteArray &err)
{
    return err.endsWith('\n') && err.count('\n') == 1 && err.size() > 10;
}

inline QByteArray fileDigest(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

inline bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}
