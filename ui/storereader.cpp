#include "ui/storereader.h"

#include "model/eventstore.h"

#include <QFileInfo>
#include <QTimer>

namespace eslab {

// Owns the read-only connection on the reader thread.
class StoreReader::Worker : public QObject
{
public:
    explicit Worker(StoreReader *reader)
        : m_reader(reader)
    { }

    void setLocation(const QString &location)
    {
        m_store.reset();
        m_location = location;
        m_reportedError.clear();
    }

    void run(const std::function<void(EventStore *)> &task) { task(store()); }

private:
    EventStore *store()
    {
        if (m_store || m_location.isEmpty())
            return m_store.get();
        if (!EventStore::exists(m_location))
            return nullptr; // not created yet: the next job tries again
        QString error;
        m_store = EventStore::open(m_location, EventStore::Access::ReadOnly, &error);
        if (!m_store && !m_confirming) {
            // A store that a run is creating is briefly an empty file, then a schema still in
            // its first transaction: report only a failure that is still there a moment later.
            m_confirming = true;
            QTimer::singleShot(ConfirmFailureMs, this, [this] { confirmFailure(); });
        }
        return m_store.get();
    }

    void confirmFailure()
    {
        m_confirming = false;
        if (m_store || m_location.isEmpty() || !EventStore::exists(m_location))
            return;
        QString error;
        m_store = EventStore::open(m_location, EventStore::Access::ReadOnly, &error);
        if (m_store || error == m_reportedError)
            return;
        m_reportedError = error;
        QMetaObject::invokeMethod(m_reader, [reader = m_reader, location = m_location, error] {
            reader->reportFailure(location, error);
        });
    }

    static constexpr int ConfirmFailureMs = 1500;
    bool m_confirming = false;

    StoreReader *m_reader;
    QString m_location;
    QString m_reportedError;
    std::unique_ptr<EventStore> m_store;
};

StoreReader::StoreReader(QObject *parent)
    : QObject(parent)
{
    for (std::size_t lane = 0; lane < LaneCount; ++lane) {
        QThread &thread = m_threads[lane];
        thread.setObjectName(Lane(lane) == Lane::View ? QStringLiteral("eslab-store-reader")
                                                      : QStringLiteral("eslab-store-scanner"));
        m_workers[lane] = new Worker(this);
        m_workers[lane]->moveToThread(&thread);
        connect(&thread, &QThread::finished, m_workers[lane], &QObject::deleteLater);
        thread.start();
    }
}

StoreReader::~StoreReader()
{
    for (QThread &thread : m_threads)
        thread.quit();
    for (QThread &thread : m_threads)
        thread.wait();
}

void StoreReader::setLocation(const QString &location)
{
    if (location == m_location)
        return;
    m_location = location;
    m_reportedFailure.clear();
    for (Worker *worker : m_workers)
        QMetaObject::invokeMethod(worker, [worker, location] { worker->setLocation(location); });
    emit locationChanged(location);
}

void StoreReader::post(Lane lane, std::function<void(EventStore *)> task)
{
    Worker *worker = m_workers[std::size_t(lane)];
    QMetaObject::invokeMethod(worker, [worker, task = std::move(task)] { worker->run(task); });
}

// Both lanes open the store and find the same fault; a report about a store no longer read
// comes too late to matter.
void StoreReader::reportFailure(const QString &location, const QString &message)
{
    if (location != m_location || message == m_reportedFailure)
        return;
    m_reportedFailure = message;
    emit failed(message);
}

} // namespace eslab
