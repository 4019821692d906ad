#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>

#include <array>
#include <functional>
#include <memory>

namespace eslab {

class EventStore;

// Where views read the store: reader threads with read-only connections of their own, so the
// GUI thread never waits on the store. A job runs on a reader thread with the open store; its
// result comes back to the receiver's thread, and is dropped if the receiver is gone by then.
//
// Reads go in one of two lanes, each a thread with its own connection. Within a lane, jobs run
// one at a time, in the order they were posted, and results come back in that order; the lanes
// run side by side (SQLite's WAL lets readers share the file). The view lane serves what a view
// shows now (a page of the event table, one order, the head); the scan lane takes the reads
// that walk much of the store (totals, listings, the timeline), which take seconds on ten
// million events: a page never waits behind one of them. Lives on the GUI thread.
class StoreReader : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreReader)
public:
    enum class Lane { View, Scan };

    explicit StoreReader(QObject *parent = nullptr);
    ~StoreReader() override;

    // The store to read; opened read-only, lazily, on each lane's thread. A store that does not
    // exist yet is simply not read until it does: jobs posted until then are dropped.
    void setLocation(const QString &location);
    QString location() const { return m_location; }

    template<typename Result>
    void read(QObject *receiver, std::function<Result(EventStore &)> job,
              std::function<void(Result)> done, Lane lane = Lane::View)
    {
        QPointer<QObject> guard(receiver);
        post(lane, [guard, job = std::move(job), done = std::move(done)](EventStore *store) {
            if (!store || !guard)
                return;
            Result result = job(*store);
            QMetaObject::invokeMethod(
                guard.data(),
                [guard, done, result = std::move(result)]() mutable {
                    if (guard)
                        done(std::move(result));
                },
                Qt::QueuedConnection);
        });
    }

signals:
    void locationChanged(const QString &location);
    // The store could not be opened for reading (not an eslab store, newer format, ...). Said
    // once for a location, whichever lane found it.
    void failed(const QString &message);

private:
    static constexpr std::size_t LaneCount = 2;

    void post(Lane lane, std::function<void(EventStore *)> task);
    void reportFailure(const QString &location, const QString &message);

    class Worker;
    std::array<QThread, LaneCount> m_threads;
    std::array<Worker *, LaneCount> m_workers {}; // each lives on its thread
    QString m_location;
    QString m_reportedFailure; // for m_location
};

} // namespace eslab
