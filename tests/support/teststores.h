#pragma once

#include "model/eventstore.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>

// The store tests run against both backends (DESIGN section 2): ctest runs each store test
// twice, the second time with ESLAB_TEST_BACKEND=postgresql. On PostgreSQL the test starts a
// throwaway cluster of its own on 127.0.0.1 (initdb and pg_ctl in a temporary folder, as the
// `postgres` user when run as root, since initdb refuses root) and stops it at the end. Without
// the server binaries the test skips with a message, unless ESLAB_REQUIRE_POSTGRESQL=1 (CI).

namespace teststores {

inline bool onPostgres()
{
    return qEnvironmentVariable("ESLAB_TEST_BACKEND") == QLatin1StringView("postgresql");
}

inline bool postgresRequired()
{
    return qEnvironmentVariable("ESLAB_REQUIRE_POSTGRESQL") == QLatin1StringView("1");
}

// The folder of PostgreSQL's server programs: on PATH, or Debian's /usr/lib/postgresql/N/bin.
inline QString serverBinaries()
{
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("initdb"));
    if (!onPath.isEmpty()
        && QFileInfo::exists(QFileInfo(onPath).dir().filePath(QStringLiteral("pg_ctl"))))
        return QFileInfo(onPath).canonicalPath();
    QDir versions(QStringLiteral("/usr/lib/postgresql"));
    const QStringList found = versions.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (auto version = found.crbegin(); version != found.crend(); ++version) {
        const QString bin = versions.filePath(*version + QStringLiteral("/bin"));
        if (QFileInfo::exists(bin + QStringLiteral("/initdb")))
            return bin;
    }
    return {};
}

// A TCP port on 127.0.0.1 that nothing listens on now.
inline int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), length) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

// A throwaway PostgreSQL cluster: started by start(), stopped and deleted with the object.
class PostgresCluster
{
public:
    PostgresCluster() = default;
    PostgresCluster(const PostgresCluster &) = delete;
    PostgresCluster &operator=(const PostgresCluster &) = delete;
    ~PostgresCluster() { stop(); }

    // False with errorString(); serverMissing() tells a machine without the server programs.
    bool start()
    {
        m_bin = serverBinaries();
        if (m_bin.isEmpty()) {
            m_serverMissing = true;
            m_error = QStringLiteral("the PostgreSQL server programs (initdb, pg_ctl; Debian "
                                     "package postgresql) are not installed");
            return false;
        }
        if (!m_folder.isValid()) {
            m_error = QStringLiteral("cannot make a temporary folder");
            return false;
        }
        // initdb refuses to run as root: the cluster then belongs to the postgres user.
        if (::geteuid() == 0) {
            const passwd *user = ::getpwnam("postgres");
            if (!user) {
                m_error = QStringLiteral("running as root and there is no postgres user to "
                                         "run initdb as");
                return false;
            }
            if (::chown(QFile::encodeName(m_folder.path()).constData(), user->pw_uid, user->pw_gid)
                != 0) {
                m_error = QStringLiteral("cannot give the cluster's folder to postgres");
                return false;
            }
            m_runAs = QStringLiteral("postgres");
        }
        const QString data = m_folder.filePath(QStringLiteral("data"));
        if (!runServerProgram(QStringLiteral("initdb"),
                              { QStringLiteral("-D"), data, QStringLiteral("-U"), user(),
                                QStringLiteral("--auth=trust"), QStringLiteral("-E"),
                                QStringLiteral("UTF8"), QStringLiteral("--locale=C"),
                                QStringLiteral("--no-sync") }))
            return false;
        // The port was free when chosen, but another test running beside this one may have
        // taken it since (as the local port of a connection, or for a cluster of its own):
        // the server then cannot listen, and a new port is tried.
        constexpr int StartAttempts = 3;
        bool started = false;
        for (int attempt = 1; attempt <= StartAttempts && !started; ++attempt) {
            m_port = freePort();
            const QString options
                = QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off "
                                 "-c full_page_writes=off -c max_connections=60")
                      .arg(m_port)
                      .arg(m_folder.path());
            started = runServerProgram(
                QStringLiteral("pg_ctl"),
                { QStringLiteral("-D"), data, QStringLiteral("-o"), options, QStringLiteral("-l"),
                  m_folder.filePath(QStringLiteral("log")), QStringLiteral("-w"),
                  QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("start") });
        }
        if (!started)
            return false;
        m_running = true;
        return true;
    }

    void stop()
    {
        if (!m_running)
            return;
        m_running = false;
        runServerProgram(QStringLiteral("pg_ctl"),
                         { QStringLiteral("-D"), m_folder.filePath(QStringLiteral("data")),
                           QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("-w"),
                           QStringLiteral("stop") });
    }

    bool isRunning() const { return m_running; }
    bool serverMissing() const { return m_serverMissing; }
    QString errorString() const { return m_error; }
    QString user() const { return QStringLiteral("eslab"); }
    int port() const { return m_port; }

    // The address of a database on the cluster, made empty now; empty with errorString() when
    // it cannot be made.
    QString newDatabase()
    {
        const QString name = QStringLiteral("store_%1").arg(++m_databases);
        if (!psql(QStringLiteral("postgres"), QStringLiteral("CREATE DATABASE %1").arg(name)))
            return {};
        return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(user()).arg(m_port).arg(name);
    }

    // Runs `sql` on `database` as the cluster's superuser, as a user with psql would.
    bool psql(const QString &database, const QString &sql)
    {
        QProcess process;
        process.start(m_bin + QStringLiteral("/psql"),
                      { QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-v"),
                        QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-h"),
                        QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(m_port),
                        QStringLiteral("-U"), user(), QStringLiteral("-d"), database,
                        QStringLiteral("-c"), sql });
        if (!process.waitForFinished(60'000) || process.exitCode() != 0) {
            m_error = QStringLiteral("psql %1 failed: %2")
                          .arg(sql, QString::fromLocal8Bit(process.readAllStandardError()));
            return false;
        }
        return true;
    }

private:
    bool runServerProgram(const QString &program, QStringList arguments)
    {
        QProcess process;
        QString executable = m_bin + u'/' + program;
        if (!m_runAs.isEmpty()) {
            arguments.prepend(executable);
            arguments
                = QStringList { QStringLiteral("-u"), m_runAs, QStringLiteral("--") } + arguments;
            executable = QStringLiteral("runuser");
        }
        process.setWorkingDirectory(m_folder.path());
        process.start(executable, arguments);
        if (!process.waitForFinished(120'000) || process.exitStatus() != QProcess::NormalExit
            || process.exitCode() != 0) {
            m_error = QStringLiteral("%1 failed: %2%3")
                          .arg(program, QString::fromLocal8Bit(process.readAllStandardOutput()),
                               QString::fromLocal8Bit(process.readAllStandardError()));
            return false;
        }
        return true;
    }

    // In /tmp whatever TMPDIR says: the postgres user must reach it, and the server's socket
    // path must stay short.
    QTemporaryDir m_folder { QStringLiteral("/tmp/eslab-postgres-XXXXXX") };
    QString m_bin;
    QString m_runAs;
    QString m_error;
    int m_port = 0;
    int m_databases = 0;
    bool m_running = false;
    bool m_serverMissing = false;
};

// The cluster of this test process, started by the first call on PostgreSQL.
inline PostgresCluster &cluster()
{
    static PostgresCluster instance;
    return instance;
}

// Starts this process's cluster, or skips the whole test when the server programs are missing
// (fails in CI, where they must be there). For initTestCase().
#define TESTSTORES_START_CLUSTER()                                                                 \
    do {                                                                                           \
        if (!teststores::cluster().isRunning() && !teststores::cluster().start()) {                \
            if (teststores::cluster().serverMissing() && !teststores::postgresRequired())          \
                QSKIP(qPrintable(QStringLiteral("PostgreSQL tests skipped: ")                      \
                                 + teststores::cluster().errorString()));                          \
            QFAIL(qPrintable(teststores::cluster().errorString()));                                \
        }                                                                                          \
    } while (false)

// Call from initTestCase() of a store test: on PostgreSQL starts the cluster.
#define TESTSTORES_INIT()                                                                          \
    do {                                                                                           \
        if (teststores::onPostgres())                                                              \
            TESTSTORES_START_CLUSTER();                                                            \
    } while (false)

// Skips the current test function on PostgreSQL: it is about SQLite files.
#define TESTSTORES_SQLITE_ONLY()                                                                   \
    do {                                                                                           \
        if (teststores::onPostgres())                                                              \
            QSKIP("about SQLite store files only");                                                \
    } while (false)

// A connection named `name` to the store at `location` that shares nothing with eslab's, as a
// user's sqlite3 or psql would have. Not opened yet.
inline QSqlDatabase addRawConnection(const QString &name, const QString &location, bool readOnly)
{
    if (eslab::EventStore::isPostgresLocation(location)) {
        const QUrl url(location);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setUserName(url.userName());
        db.setDatabaseName(url.path().mid(1));
        if (readOnly)
            db.setConnectOptions(QStringLiteral("options='-c default_transaction_read_only=on'"));
        return db;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(location);
    if (readOnly)
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
    return db;
}

// Where a test makes a new store: the file `path` on SQLite, a new empty database on the
// cluster on PostgreSQL (empty when it cannot be made; the open then fails and says why).
inline QString newStoreLocation(const QString &path)
{
    if (onPostgres())
        return cluster().newDatabase();
    return path;
}

inline QString newStoreLocation(const QTemporaryDir &dir,
                                const QString &fileName = QStringLiteral("store.db"))
{
    return newStoreLocation(dir.filePath(fileName));
}

} // namespace teststores
