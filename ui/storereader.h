#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>

#include <functional>
#include <memory>

namespace eslab {

class EventStore;

// Where views read the store: a reader thread with its own read-only connection, so the GUI
// thread never waits on the store. A job runs on the reader thread with the open store; its
// result comes back to the receiver's thread, and is dropped if the receiver is gone by then.
// Jobs run one at a time, in the order they were posted. Lives on the GUI thread.
class StoreReader : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreReader)
public:
    explicit StoreReader(QObject *parent = nullptr);
    ~StoreReader() override;

    // The store to read; opened read-only, lazily, on the reader thread. A store that does not
    // exist yet is simply not read until it does.
    void setLocation(const QString &location);
    QString location() const { return m_location; }

    template<typename Result>
    void read(QObject *receiver, std::function<Result(EventStore &)> job,
              std::function<void(Result)> done)
    {
        QPointer<QObject> guard(receiver);
        post([guard, job = std::move(job), done = std::move(done)](EventStore *store) {
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
    // The store could not be opened for reading (not an eslab store, newer format, ...).
    void failed(const QString &message);

private:
    void post(std::function<void(EventStore *)> task);

    class Worker;
    QThread m_thread;
    Worker *m_worker = nullptr; // lives on m_thread
    QString m_location;
};

} // namespace eslab
