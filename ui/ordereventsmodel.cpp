#include "ui/ordereventsmodel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include <variant>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

QString formatClock(qint64 ms)
{
    const qint64 seconds = ms / 1000;
    return u"%1:%2:%3.%4"_s.arg(seconds / 3600, 2, 10, QLatin1Char('0'))
        .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'))
        .arg(ms % 1000, 3, 10, QLatin1Char('0'));
}

QString number(qint64 value)
{
    return QLocale().toString(value);
}

} // namespace

OrderEventsModel::OrderEventsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void OrderEventsModel::setEvents(const QList<RecordedEvent> &events,
                                 const QSet<qint64> &snapshotVersions)
{
    beginResetModel();
    m_events = events;
    m_snapshotVersions = snapshotVersions;
    m_summaries.clear();
    m_summaries.reserve(m_events.size());
    // Decoding is the costly part: do it once here, not in data() on every repaint.
    for (const RecordedEvent &event : std::as_const(m_events))
        m_summaries.append(summary(event));
    endResetModel();
}

void OrderEventsModel::clear()
{
    setEvents({});
}

int OrderEventsModel::rowForVersion(qint64 version) const
{
    // A stream's versions are 1, 2, 3 ... without gaps, but do not rely on it.
    const qsizetype guess = version - 1;
    if (guess >= 0 && guess < m_events.size() && m_events.at(guess).streamVersion == version)
        return int(guess);
    for (qsizetype row = 0; row < m_events.size(); ++row) {
        if (m_events.at(row).streamVersion == version)
            return int(row);
    }
    return -1;
}

bool OrderEventsModel::isUpcast(int row) const
{
    return isUpcast(m_events.at(row));
}

bool OrderEventsModel::isUpcast(const RecordedEvent &event)
{
    return event.schemaVersion < currentSchemaVersion(event.eventType);
}

QString OrderEventsModel::summary(const RecordedEvent &recorded)
{
    const DecodedEvent decoded = recorded.decode();
    if (!decoded.event)
        return tr("cannot be decoded: %1").arg(decoded.error);
    return std::visit(
        [](const auto &event) -> QString {
            using T = std::decay_t<decltype(event)>;
            if constexpr (std::is_same_v<T, OrderPlaced>) {
                return tr("%1 %2 for %3, batches of %4, %5 points")
                    .arg(number(event.quantity), event.service, event.customerId,
                         number(event.batchSize), number(event.pricePoints));
            } else if constexpr (std::is_same_v<T, PointsDeducted>) {
                return tr("%1 points deducted").arg(number(event.amount));
            } else if constexpr (std::is_same_v<T, PaymentFailed>) {
                return tr("payment failed: %1").arg(event.reason);
            } else if constexpr (std::is_same_v<T, OrderStarted>) {
                return tr("%1 batches planned").arg(number(event.batchesPlanned));
            } else if constexpr (std::is_same_v<T, BatchExecuted>) {
                return tr("batch %1 (attempt %2): %3 of %4 delivered by %5 in %6 ms")
                    .arg(number(event.batchNo), number(event.attempt), number(event.delivered),
                         number(event.requested), event.workerId, number(event.durationMs));
            } else if constexpr (std::is_same_v<T, BatchFailed>) {
                return (event.willRetry ? tr("batch %1 attempt %2 failed: %3; will retry")
                                        : tr("batch %1 attempt %2 failed: %3; no retry left"))
                    .arg(number(event.batchNo), number(event.attempt), event.reason);
            } else if constexpr (std::is_same_v<T, OrderCompleted>) {
                return tr("completed, %1 delivered").arg(number(event.delivered));
            } else if constexpr (std::is_same_v<T, OrderFailed>) {
                return tr("failed with %1 delivered: %2")
                    .arg(number(event.delivered), event.reason);
            } else if constexpr (std::is_same_v<T, OrderCancelled>) {
                return tr("cancelled by %1: %2").arg(event.by, event.reason);
            } else if constexpr (std::is_same_v<T, PointsRefunded>) {
                return tr("%1 points refunded: %2").arg(number(event.amount), event.reason);
            } else {
                static_assert(std::is_same_v<T, OrderNoteAdded>);
                return event.poison ? tr("note (poison): %1").arg(event.note)
                                    : tr("note: %1").arg(event.note);
            }
        },
        *decoded.event);
}

int OrderEventsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int OrderEventsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrderEventsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RecordedEvent &event = m_events.at(index.row());
    const bool snapshot = m_snapshotVersions.contains(event.streamVersion);
    const bool upcast = isUpcast(event);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Version:
            return snapshot ? tr("%1 (snapshot)").arg(event.streamVersion)
                            : QString::number(event.streamVersion);
        case Type:
            return event.eventType;
        case RecordedAt:
            return formatClock(event.recordedAt);
        case Schema:
            return upcast ? tr("%1 (upcast)").arg(event.schemaVersion)
                          : QString::number(event.schemaVersion);
        case Summary:
            return m_summaries.at(index.row());
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Version && snapshot)
            return tr("A snapshot of the state was taken at this version.");
        if (index.column() == Schema && upcast)
            return tr("Stored in schema version %1, upcast to %2 when read.")
                .arg(event.schemaVersion)
                .arg(currentSchemaVersion(event.eventType));
        if (index.column() == Summary)
            return m_summaries.at(index.row());
        return {};
    case Qt::ForegroundRole:
        if ((index.column() == Schema && upcast) || (index.column() == Version && snapshot))
            return QBrush(QColor(0xb3, 0x5c, 0x00));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Version || index.column() == Schema)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

QVariant OrderEventsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Version:
        return tr("Version");
    case Type:
        return tr("Type");
    case RecordedAt:
        return tr("Recorded at");
    case Schema:
        return tr("Schema");
    case Summary:
        return tr("Summary");
    }
    return {};
}

} // namespace eslab
