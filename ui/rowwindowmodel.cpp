#include "ui/rowwindowmodel.h"

#include <algorithm>

namespace eslab {

RowWindowModel::RowWindowModel(QAbstractItemModel *source, QObject *parent)
    : QAbstractTableModel(parent)
    , m_source(source)
{
    Q_ASSERT(source);
    m_rows = std::min(m_capacity, sourceRows());
    m_columns = m_source->columnCount();

    connect(m_source, &QAbstractItemModel::rowsAboutToBeInserted, this,
            [this](const QModelIndex &parent, int first) {
                // Rows appended after the window's end are added by rowsInserted; rows anywhere
                // else would shift the window's rows under the view.
                if (!parent.isValid() && first < sourceRows())
                    beginSourceReset();
            });
    connect(m_source, &QAbstractItemModel::rowsInserted, this, &RowWindowModel::sourceRowsInserted);
    connect(m_source, &QAbstractItemModel::dataChanged, this, &RowWindowModel::sourceDataChanged);
    connect(m_source, &QAbstractItemModel::headerDataChanged, this,
            [this](Qt::Orientation orientation, int first, int last) {
                if (orientation == Qt::Horizontal) {
                    emit headerDataChanged(orientation, first, last);
                    return;
                }
                first = std::max(first - m_first, 0);
                last = std::min(last - m_first, m_rows - 1);
                if (first <= last)
                    emit headerDataChanged(orientation, first, last);
            });

    const auto resets = [this](auto aboutTo, auto done) {
        connect(m_source, aboutTo, this, &RowWindowModel::beginSourceReset);
        connect(m_source, done, this, &RowWindowModel::endSourceReset);
    };
    resets(&QAbstractItemModel::modelAboutToBeReset, &QAbstractItemModel::modelReset);
    resets(&QAbstractItemModel::rowsAboutToBeRemoved, &QAbstractItemModel::rowsRemoved);
    resets(&QAbstractItemModel::rowsAboutToBeMoved, &QAbstractItemModel::rowsMoved);
    resets(&QAbstractItemModel::columnsAboutToBeInserted, &QAbstractItemModel::columnsInserted);
    resets(&QAbstractItemModel::columnsAboutToBeRemoved, &QAbstractItemModel::columnsRemoved);
    resets(&QAbstractItemModel::columnsAboutToBeMoved, &QAbstractItemModel::columnsMoved);
    resets(&QAbstractItemModel::layoutAboutToBeChanged, &QAbstractItemModel::layoutChanged);
}

RowWindowModel::~RowWindowModel() = default;

void RowWindowModel::setCapacity(int rows)
{
    Q_ASSERT(rows > 0);
    beginSourceReset();
    m_capacity = std::max(rows, 1);
    endSourceReset();
}

int RowWindowModel::sourceRows() const
{
    return m_source->rowCount();
}

int RowWindowModel::lastFirstRow() const
{
    return std::max(0, sourceRows() - m_capacity);
}

bool RowWindowModel::setFirstRow(int row)
{
    row = std::clamp(row, 0, lastFirstRow());
    if (row == m_first || m_resetting)
        return false;
    m_first = row;
    // The row count is the same: every row shows another source row, and nothing else changes.
    if (m_rows > 0 && m_columns > 0) {
        emit dataChanged(index(0, 0), index(m_rows - 1, m_columns - 1));
        emit headerDataChanged(Qt::Vertical, 0, m_rows - 1);
    }
    emit firstRowChanged(m_first);
    return true;
}

int RowWindowModel::mapFromSource(int sourceRow) const
{
    const int row = sourceRow - m_first;
    return sourceRow >= 0 && row >= 0 && row < m_rows ? row : -1;
}

int RowWindowModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int RowWindowModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_columns;
}

QVariant RowWindowModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    return m_source->data(m_source->index(m_first + index.row(), index.column()), role);
}

QVariant RowWindowModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical)
        section += m_first;
    return m_source->headerData(section, orientation, role);
}

Qt::ItemFlags RowWindowModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    return m_source->flags(m_source->index(m_first + index.row(), index.column()));
}

void RowWindowModel::sourceRowsInserted(const QModelIndex &parent)
{
    if (m_resetting) {
        endSourceReset();
        return;
    }
    if (parent.isValid())
        return;
    // Appended rows: the window holds at most m_capacity rows from 0 while it is not full, so
    // the new rows are the window's new rows until it is; after that the window stays put.
    const int rows = std::min(m_capacity, sourceRows());
    if (rows <= m_rows)
        return;
    beginInsertRows({}, m_rows, rows - 1);
    m_rows = rows;
    endInsertRows();
}

void RowWindowModel::sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                       const QList<int> &roles)
{
    if (m_resetting || topLeft.parent().isValid())
        return;
    const int first = std::max(topLeft.row() - m_first, 0);
    const int last = std::min(bottomRight.row() - m_first, m_rows - 1);
    if (first > last)
        return;
    emit dataChanged(index(first, topLeft.column()), index(last, bottomRight.column()), roles);
}

void RowWindowModel::beginSourceReset()
{
    if (m_resetting)
        return;
    m_resetting = true;
    beginResetModel();
}

void RowWindowModel::endSourceReset()
{
    if (!m_resetting)
        return;
    const bool moved = m_first != 0;
    m_first = 0;
    m_rows = std::min(m_capacity, sourceRows());
    m_columns = m_source->columnCount();
    m_resetting = false;
    endResetModel();
    if (moved)
        emit firstRowChanged(m_first);
}

} // namespace eslab
