#pragma once

#include <QByteArray>
#include <QString>

namespace eslab {

// A sign that a writer is waiting for a store file's write lock, seen by every process on the
// machine: an abstract Unix socket name made from the file's device and inode, bound while the
// writer waits. The kernel frees it when the socket closes, or when its process dies.
//
// SQLite gives the write lock to whoever asks first once it is free. A writer that holds it for
// a long transaction, commits and at once begins again asks first nearly every time, since the
// waiting writers only try again every fraction of a millisecond: they then give up after the
// busy timeout. After a long transaction, the holder gives way to a waiting writer's sign.
//
// It orders writers for fairness only; correctness never depends on it. Where it cannot work
// (no file, not Linux, another network namespace) writers wait as SQLite alone would have them.
// One per store connection, used on that connection's thread.
class WaitingWriterSign
{
public:
    // For the store file at `path`; does nothing when it names no file.
    explicit WaitingWriterSign(const QString &path);
    ~WaitingWriterSign();
    WaitingWriterSign(const WaitingWriterSign &) = delete;
    WaitingWriterSign &operator=(const WaitingWriterSign &) = delete;

    // This writer waits for the lock: shows the sign from now on, if no other writer shows it
    // yet (one at a time gets the way).
    void show();
    // Takes the sign down, if this writer shows it. Whether this writer waited for the lock
    // (called show()) since the last takeDown().
    bool takeDown();
    // Whether another writer shows the sign.
    bool isShownByAnother() const;
    // After its commit, waits while another writer shows the sign, up to `maxMs`: that writer
    // then takes the lock first, and takes the sign down.
    void giveWay(int maxMs) const;

private:
    QByteArray m_name; // the abstract name, its first byte 0; empty when there is no sign
    int m_socket = -1; // bound to m_name while this writer shows the sign
    bool m_waited = false;
};

} // namespace eslab
