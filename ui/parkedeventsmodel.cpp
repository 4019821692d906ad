#include "ui/parkedeventsmodel.h"

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

QString formatClock(qint64 ms)
{
    const qint64 seconds = ms / 1000;
    return u"%1:%2:%3"_s.arg(seconds / 3600, 2, 10, QLatin1Char('0'))
        .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

ParkedEventsModel::ParkedEventsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ParkedEventsModel::setEvents(const QList<ParkedEvent> &events)
{
    beginResetModel();
    m_events = events;
    endResetModel();
}

int ParkedEventsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int ParkedEventsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ParkedEventsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ParkedEvent &event = m_events.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Projection:
            return event.projection;
        case Position:
            return event.position;
        case Stream:
            return event.streamId;
        case Type:
            return event.eventType;
        case Attempts:
            return event.attempts;
        case ParkedAt:
            return formatClock(event.parkedAt);
        case Reason:
            return event.reason;
        }
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == Reason)
        return event.reason;
    if (role == Qt::TextAlignmentRole && (index.column() == Position || index.column() == Attempts))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant ParkedEventsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Projection:
        return tr("Projection");
    case Position:
        return tr("Position");
    case Stream:
        return tr("Stream");
    case Type:
        return tr("Type");
    case Attempts:
        return tr("Attempts");
    case ParkedAt:
        return tr("Parked at");
    case Reason:
        return tr("Reason");
    }
    return {};
}

} // namespace eslab
