#pragma once

#include "model/recordedevent.h"

#include <QAbstractTableModel>
#include <QList>
#include <QSet>
#include <QStringList>

namespace eslab {

// The events of one order stream, one row per event in version order: version (marked where a
// snapshot was taken), type, recorded at (simulated clock), schema version (marked when the
// event is upcast on read) and a one-line summary of its payload. Receives the whole stream as
// one value and never reads the store. GUI thread only.
class OrderEventsModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderEventsModel)
public:
    enum Column { Version, Type, RecordedAt, Schema, Summary, ColumnCount };

    explicit OrderEventsModel(QObject *parent = nullptr);

    // Replaces the rows with `events` (one stream, in version order); `snapshotVersions` are the
    // versions that have a snapshot.
    void setEvents(const QList<RecordedEvent> &events, const QSet<qint64> &snapshotVersions = {});
    void clear();

    const RecordedEvent &event(int row) const { return m_events.at(row); }
    // The row of the event at `version`, or -1.
    int rowForVersion(qint64 version) const;
    // True when the event is stored in an older schema and upcast on read.
    bool isUpcast(int row) const;
    static bool isUpcast(const RecordedEvent &event);
    // One line that says what the event records ("batch 3 (attempt 1): 50 of 50 delivered ...").
    static QString summary(const RecordedEvent &event);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<RecordedEvent> m_events;
    QSet<qint64> m_snapshotVersions;
    QStringList m_summaries; // one per event
};

} // namespace eslab
