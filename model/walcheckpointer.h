#pragma once

#include <QString>

#include <condition_variable>
#include <mutex>
#include <thread>

struct sqlite3;

namespace eslab {

// Copies a SQLite store's write-ahead log into the store file from a thread and a connection of
// its own, so that a writer never waits while a checkpoint copies pages and syncs the disk: a
// run's writer asks for one (request()) after a commit that left the log long, and goes on.
// Checkpoints are PASSIVE: they copy what no reader still needs and never wait for a lock.
//
// Owned by an EventStore, whose thread calls every member; the checkpoints themselves run on the
// checkpointer's thread. The destructor stops that thread and waits for it.
class WalCheckpointer
{
public:
    // Opens `path` (an existing store file in WAL mode). isRunning() says whether it could.
    explicit WalCheckpointer(const QString &path);
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

    bool isRunning() const { return m_db != nullptr; }
    QString errorString() const { return m_error; }
    // Starts a checkpoint unless one is running or asked for already; never blocks.
    void request();

private:
    void checkpointWhenAsked();

    sqlite3 *m_db = nullptr; // used by the thread only, once it runs
    QString m_error;
    std::mutex m_mutex;
    std::condition_variable m_asked;
    bool m_requested = false; // guarded by m_mutex
    bool m_stopping = false; // guarded by m_mutex
    std::thread m_thread;
};

} // namespace eslab
