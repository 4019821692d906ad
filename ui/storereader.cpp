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
        if (!QFileInfo::exists(m_location))
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
        if (m_store || m_location.isEmpty() || !QFileInfo::exists(m_location))
            return;
        QString error;
        m_store = EventStore::open(m_location, EventStore::Access::ReadOnly, &error);
        if (m_store || error == m_reportedError)
            return;
        m_reportedError = error;
        QMetaObject::invokeMethod(m_reader,
                                  [reader = m_reader, error] { emit reader->failed(error); });
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
    m_thread.setObjectName(QStringLiteral("eslab-store-reader"));
    m_worker = new Worker(this);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

StoreReader::~StoreReader()
{
    m_thread.quit();
    m_thread.wait();
}

void StoreReader::setLocation(const QString &location)
{
    if (location == m_location)
        return;
    m_location = location;
    QMetaObject::invokeMethod(m_worker,
                              [worker = m_worker, location] { worker->setLocation(location); });
    emit locationChanged(location);
}

void StoreReader::post(std::function<void(EventStore *)> task)
{
    QMetaObject::invokeMethod(m_worker,
                              [worker = m_worker, task = std::move(task)] { worker->run(task); });
}

} // namespace eslab
