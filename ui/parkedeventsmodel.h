#pragma once

#include "model/parkedevents.h"

#include <QAbstractTableModel>
#include <QList>

namespace eslab {

// The events projections parked, one row each: projection, position, stream, type, attempts,
// when it was parked (simulated clock) and why the handler failed. Receives the whole list as one
// value (a reader job fills it) and never reads the store. GUI thread only.
class ParkedEventsModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ParkedEventsModel)
public:
    enum Column { Projection, Position, Stream, Type, Attempts, ParkedAt, Reason, ColumnCount };

    explicit ParkedEventsModel(QObject *parent = nullptr);

    void setEvents(const QList<ParkedEvent> &events);
    const ParkedEvent &event(int row) const { return m_events.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<ParkedEvent> m_events;
};

} // namespace eslab
