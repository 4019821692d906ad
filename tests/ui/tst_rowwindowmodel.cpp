#include "ui/rowwindowmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

// A table as long as wanted without storing it: row r holds r + 1 in column 0 (the event at
// global position r + 1, as the event stream has it) and "event-<r + 1>" in column 1. Rows are
// appended as a run appends events.
class LongModel : public QAbstractTableModel
{
public:
    explicit LongModel(int rows)
        : m_rows(rows)
    { }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : m_rows;
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : 2;
    }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override
    {
        if (!index.isValid() || role != Qt::DisplayRole)
            return {};
        const qint64 position = qint64(index.row()) + 1;
        return index.column() == 0 ? QVariant(position) : QVariant(u"event-%1"_s.arg(position));
    }

    void append(int rows)
    {
        beginInsertRows({}, m_rows, m_rows + rows - 1);
        m_rows += rows;
        endInsertRows();
    }
    void changeRows(int first, int last) { emit dataChanged(index(first, 0), index(last, 1)); }
    void resetTo(int rows)
    {
        beginResetModel();
        m_rows = rows;
        endResetModel();
    }

private:
    int m_rows;
};

qint64 positionAt(const RowWindowModel &window, int row)
{
    return window.index(row, 0).data().toLongLong();
}

} // namespace

// The window the event table shows of the whole stream: a bounded number of rows whatever the
// stream's length, any of its rows reachable, and a tail that grows the window only until it is
// full.
class TestRowWindowModel : public QObject
{
    Q_OBJECT

private slots:
    void aWindowOverTenMillionRowsReachesTheLastOne();
    void movingTheWindowChangesItsRowsDataNotItsShape();
    void theTailFillsTheWindowThenOnlyWidensItsRange();
    void sourceChangesAreMappedIntoTheWindow();
    void aSourceResetPutsTheWindowBackAtTheStart();
};

void TestRowWindowModel::aWindowOverTenMillionRowsReachesTheLastOne()
{
    constexpr int Rows = 10'000'000;
    LongModel source(Rows);
    RowWindowModel window(&source);
    QAbstractItemModelTester tester(&window,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(window.rowCount(), RowWindowModel::DefaultCapacity);
    QCOMPARE(positionAt(window, 0), 1);

    QVERIFY(window.setFirstRow(Rows)); // clamped: the window ends with the last row
    QCOMPARE(window.firstRow(), Rows - RowWindowModel::DefaultCapacity);
    QCOMPARE(window.firstRow(), window.lastFirstRow());
    const int last = window.rowCount() - 1;
    QCOMPARE(window.mapToSource(last), Rows - 1);
    QCOMPARE(positionAt(window, last), qint64(Rows));
    QCOMPARE(window.index(last, 1).data().toString(), u"event-10000000"_s);

    // Anywhere in the middle, too.
    QVERIFY(window.setFirstRow(4'321'000));
    QCOMPARE(positionAt(window, 0), 4'321'001);
    QCOMPARE(window.mapFromSource(4'321'099), 99);
    QCOMPARE(window.mapFromSource(4'320'999), -1);
    QCOMPARE(window.mapFromSource(4'321'000 + RowWindowModel::DefaultCapacity), -1);
}

void TestRowWindowModel::movingTheWindowChangesItsRowsDataNotItsShape()
{
    LongModel source(1'000'000);
    RowWindowModel window(&source);
    window.setCapacity(500);
    QAbstractItemModelTester tester(&window,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&window, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&window, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&window, &QAbstractItemModel::rowsInserted);
    QSignalSpy moved(&window, &RowWindowModel::firstRowChanged);

    QVERIFY(window.setFirstRow(700'000));
    QCOMPARE(window.rowCount(), 500);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex(), window.index(0, 0));
    QCOMPARE(changed.first().at(1).toModelIndex(), window.index(499, 1));
    QCOMPARE(moved.count(), 1);
    QCOMPARE(moved.first().at(0).toInt(), 700'000);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 0);

    // Where it already is, or below the start: nothing, or the start.
    QVERIFY(!window.setFirstRow(700'000));
    QCOMPARE(changed.count(), 1);
    QVERIFY(window.setFirstRow(-5));
    QCOMPARE(window.firstRow(), 0);
    QCOMPARE(positionAt(window, 0), 1);
}

void TestRowWindowModel::theTailFillsTheWindowThenOnlyWidensItsRange()
{
    LongModel source(0);
    RowWindowModel window(&source);
    window.setCapacity(100);
    QAbstractItemModelTester tester(&window,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&window, &QAbstractItemModel::rowsInserted);
    QCOMPARE(window.rowCount(), 0);

    source.append(60);
    QCOMPARE(window.rowCount(), 60);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.last().at(1).toInt(), 0);
    QCOMPARE(inserted.last().at(2).toInt(), 59);

    source.append(60); // 20 more than the window holds
    QCOMPARE(window.rowCount(), 100);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.last().at(1).toInt(), 60);
    QCOMPARE(inserted.last().at(2).toInt(), 99);
    QCOMPARE(window.lastFirstRow(), 20);

    // A long run: the window's rows stay as many, and its end can follow the tail.
    for (int batch = 0; batch < 100; ++batch)
        source.append(30'000);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(window.rowCount(), 100);
    QCOMPARE(window.firstRow(), 0);
    QVERIFY(window.setFirstRow(window.lastFirstRow()));
    QCOMPARE(positionAt(window, 99), qint64(120 + 100 * 30'000));
}

void TestRowWindowModel::sourceChangesAreMappedIntoTheWindow()
{
    LongModel source(10'000);
    RowWindowModel window(&source);
    window.setCapacity(1000);
    window.setFirstRow(5000);
    QSignalSpy changed(&window, &QAbstractItemModel::dataChanged);

    source.changeRows(5990, 6010); // across the window's end
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 990);
    QCOMPARE(changed.first().at(1).toModelIndex().row(), 999);

    source.changeRows(100, 200); // outside: nothing to repaint
    QCOMPARE(changed.count(), 1);
}

void TestRowWindowModel::aSourceResetPutsTheWindowBackAtTheStart()
{
    LongModel source(10'000);
    RowWindowModel window(&source);
    window.setCapacity(1000);
    QAbstractItemModelTester tester(&window,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.setFirstRow(9000);
    QSignalSpy reset(&window, &QAbstractItemModel::modelReset);

    source.resetTo(300); // a filter matched 300 events
    QCOMPARE(reset.count(), 1);
    QCOMPARE(window.firstRow(), 0);
    QCOMPARE(window.rowCount(), 300);
    QCOMPARE(window.lastFirstRow(), 0);
    QCOMPARE(positionAt(window, 299), 300);
}

QTEST_GUILESS_MAIN(TestRowWindowModel)
#include "tst_rowwindowmodel.moc"
