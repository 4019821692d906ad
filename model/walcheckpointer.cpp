#include "model/walcheckpointer.h"

#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace eslab {

WalCheckpointer::WalCheckpointer(const QString &path)
{
    sqlite3 *db = nullptr;
    const int opened
        = sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr);
    if (opened != SQLITE_OK) {
        m_error = u"cannot open %1 to checkpoint it: %2"_s.arg(
            path, QString::fromUtf8(db ? sqlite3_errmsg(db) : sqlite3_errstr(opened)));
        sqlite3_close(db);
        return;
    }
    // A connection learns that the store is in WAL mode, and opens the log, on its first read.
    if (sqlite3_exec(db, "PRAGMA schema_version", nullptr, nullptr, nullptr) != SQLITE_OK) {
        m_error = u"cannot read %1 to checkpoint it: %2"_s.arg(
            path, QString::fromUtf8(sqlite3_errmsg(db)));
        sqlite3_close(db);
        return;
    }
    m_db = db;
    m_thread = std::thread([this] { checkpointWhenAsked(); });
}

WalCheckpointer::~WalCheckpointer()
{
    if (!m_db)
        return;
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_asked.notify_one();
    m_thread.join();
    sqlite3_close(m_db);
}

void WalCheckpointer::request()
{
    if (!m_db)
        return;
    {
        const std::lock_guard lock(m_mutex);
        m_requested = true;
    }
    m_asked.notify_one();
}

void WalCheckpointer::checkpointWhenAsked()
{
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_asked.wait(lock, [this] { return m_requested || m_stopping; });
            if (m_stopping)
                return;
            m_requested = false;
        }
        // A busy or failed checkpoint copies nothing and harms nothing: the writer's own
        // checkpoints (EventStore::WalCheckpointPages) still keep the log bounded.
        (void)sqlite3_wal_checkpoint_v2(m_db, "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    }
}

} // namespace eslab
