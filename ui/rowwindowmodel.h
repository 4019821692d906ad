#pragma once

#include <QAbstractTableModel>

namespace eslab {

// A bounded window onto a long flat model: rows firstRow() to firstRow() + rowCount() - 1 of the
// source, min(capacity(), source rows) of them, so the window is always as full as the source
// allows.
//
// A QTableView pays for every change in its row count with work in proportion to its rows (its
// vertical QHeaderView keeps an entry per row and walks them all after an insertion: ten
// milliseconds at ten million rows, on every batch of a live tail). Over this window it pays for
// at most capacity() rows, and once the source has that many the window's row count stays put:
// rows the source appends only widen the range the window can be moved over, and moving it
// (setFirstRow()) is one dataChanged() over its rows, never a reset, so a view keeps its layout.
// A view's persistent indexes (its current row) keep their window row across a move: whoever
// moves the window puts them back on their source rows.
//
// The source must be flat and change only by appending rows, changing data or resetting; any
// other structural change resets the window to the source's start. GUI thread only.
class RowWindowModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RowWindowModel)
public:
    static constexpr int DefaultCapacity = 10'000;

    explicit RowWindowModel(QAbstractItemModel *source, QObject *parent = nullptr);
    ~RowWindowModel() override;

    QAbstractItemModel *sourceModel() const { return m_source; }

    int capacity() const { return m_capacity; }
    // Resets the window, moved to the source's start.
    void setCapacity(int rows);

    // The source row shown in the window's row 0.
    int firstRow() const { return m_first; }
    // The highest firstRow() the source allows: the window then ends with the source's last row.
    int lastFirstRow() const;
    // Moves the window to start at `row`, clamped to 0 .. lastFirstRow(). Returns whether it moved.
    bool setFirstRow(int row);

    // The source row of a window row, and the window row of a source row (-1 when outside).
    int mapToSource(int row) const { return m_first + row; }
    int mapFromSource(int sourceRow) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

signals:
    void firstRowChanged(int firstRow);

private:
    int sourceRows() const;
    void sourceRowsInserted(const QModelIndex &parent);
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                           const QList<int> &roles);
    void beginSourceReset();
    void endSourceReset();

    QAbstractItemModel *m_source;
    int m_capacity = DefaultCapacity;
    int m_first = 0;
    int m_rows = 0; // min(m_capacity, source rows) outside a reset
    int m_columns = 0;
    bool m_resetting = false;
};

} // namespace eslab
