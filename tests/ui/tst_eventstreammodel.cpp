#include "model/eventstore.h"
#include "ui/eventstreammodel.h"
#include "ui/storereader.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

using Filter = EventStreamModel::Filter;
constexpr int Orders = 2000; // ten events each: 20,000 events

QString streamId(int order)
{
    return u"order-%1"_s.arg(order, 6, 10, QLatin1Char('0'));
}

// Ten events: placed, paid, started, six batches, completed.
DomainEvent orderEvent(int order, int version)
{
    switch (version) {
    case 1:
        return OrderPlaced {
            streamId(order), u"customer-%1"_s.arg(order % 97), u"likes"_s, 300, 50, 600
        };
    case 2:
        return PointsDeducted { 600 };
    case 3:
        return OrderStarted { 6 };
    case 10:
        return OrderCompleted { 300 };
    default:
        return BatchExecuted { version - 3, 1, 50, 50, u"worker-01"_s, 800 };
    }
}

// Appends orders first .. first + count - 1, ten events each, in a few group-commit transactions.
// Interleaved, the orders take turns (order k's version v is at (v - 1) * count + k when the
// store starts empty); otherwise each order's ten events are one append. recorded_at is ten
// times the position.
bool appendOrders(EventStore &store, int first, int count, bool interleaved)
{
    qint64 position = store.headPosition();
    if (position < 0 || !store.beginWrite())
        return false;
    int appends = 0;
    const auto append = [&](int order, int fromVersion, int versions) {
        QList<NewEvent> events;
        for (int version = fromVersion; version < fromVersion + versions; ++version)
            events.append(NewEvent::fromDomainEvent(
                u"test:%1:%2"_s.arg(order).arg(version), orderEvent(order, version),
                QJsonObject { { u"run_id"_s, u"test-run"_s } }, ++position * 10));
        if (!store.append(streamId(order), fromVersion - 1, events).isStored())
            return false;
        if (++appends % 5000 == 0)
            return store.commit() && store.beginWrite();
        return true;
    };
    for (int version = 1; version <= 10; version += interleaved ? 1 : 10) {
        for (int order = first; order < first + count; ++order) {
            if (!append(order, version, interleaved ? 1 : 10)) {
                store.rollback();
                return false;
            }
        }
    }
    return store.commit();
}

std::unique_ptr<EventStore> openForWriting(const QString &path)
{
    QString error;
    auto store = EventStore::open(path, EventStore::Access::ReadWriteCreate, &error);
    if (!store)
        qWarning("%s", qPrintable(error));
    return store;
}

Filter byType(const QString &eventType)
{
    Filter filter;
    filter.eventType = eventType;
    return filter;
}

Filter byStream(const QString &streamId, const QString &eventType = {})
{
    Filter filter;
    filter.streamId = streamId;
    filter.eventType = eventType;
    return filter;
}

Filter byTime(std::optional<qint64> fromMs, std::optional<qint64> toMs)
{
    Filter filter;
    filter.fromMs = fromMs;
    filter.toMs = toMs;
    return filter;
}

QVariant cell(const EventStreamModel &model, int row, int column)
{
    return model.data(model.index(row, column));
}

} // namespace

// The lazy global table against real stores: rows known at once, pages read on demand through
// the reader thread, filters, the tail, and a store that is not there yet.
class TestEventStreamModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void rowCountIsTheHeadAtOnce();
    void aFarRowShowsAPlaceholderThenItsValues();
    void pagesAreFetchedLazilyAndOnlyOnceInFlight();
    void theCacheStaysBounded();
    void aTypeFilterShowsExactlyTheMatchingRows();
    void aStreamFilterShowsExactlyTheStream();
    void aTimeFilterShowsTheRecordedRange();
    void clearingTheFilterShowsEveryEventAgain();
    void theTailGrowsTheRows();
    void theTailGrowsAFilteredTable();
    void anotherStoreResetsTheTable();
    void aStoreThatDoesNotExistYetIsShownOnceItDoes();
    void lazyFetchingOverALargeStore();
    void aPageArrivesWhileALongScanRuns();

private:
    // A copy of the 20,000-event store that a test may write to.
    QString copyOfStore(const QString &name);

    QTemporaryDir m_dir;
    QString m_store;
};

void TestEventStreamModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_store = m_dir.filePath(u"stream.db"_s);
    auto store = openForWriting(m_store);
    QVERIFY(store);
    QVERIFY(appendOrders(*store, 1, Orders, true));
    QCOMPARE(store->headPosition(), qint64(Orders) * 10);
}

QString TestEventStreamModel::copyOfStore(const QString &name)
{
    const QString path = m_dir.filePath(name);
    QFile::remove(path);
    return QFile::copy(m_store, path) ? path : QString();
}

void TestEventStreamModel::rowCountIsTheHeadAtOnce()
{
    StoreReader reader;
    reader.setLocation(m_store);
    EventStreamModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), int(EventStreamModel::ColumnCount));
    model.refresh();
    QTRY_COMPARE(model.rowCount(), Orders * 10);
    QCOMPARE(model.storeHead(), qint64(Orders) * 10);
    // Knowing the count read no rows beyond what the tester looked at.
    QVERIFY2(model.pagesRequested() <= 2, qPrintable(QString::number(model.pagesRequested())));
}

void TestEventStreamModel::aFarRowShowsAPlaceholderThenItsValues()
{
    StoreReader reader;
    reader.setLocation(m_store);
    EventStreamModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &EventStreamModel::pageLoaded);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.refresh();
    QTRY_COMPARE(model.rowCount(), Orders * 10);

    const int last = model.rowCount() - 1;
    QCOMPARE(cell(model, last, EventStreamModel::PositionColumn).toString(), u"\u2026"_s);
    QVERIFY(!model.eventAt(last));
    QTRY_COMPARE(cell(model, last, EventStreamModel::PositionColumn).toLongLong(),
                 qint64(Orders) * 10);
    QCOMPARE(cell(model, last, EventStreamModel::StreamColumn).toString(), streamId(Orders));
    QCOMPARE(cell(model, last, EventStreamModel::VersionColumn).toLongLong(), 10);
    QCOMPARE(cell(model, last, EventStreamModel::TypeColumn).toString(), u"OrderCompleted"_s);
    QCOMPARE(cell(model, last, EventStreamModel::SchemaVersionColumn).toInt(), 1);
    // recorded_at is ten times the position: 200,000 ms.
    QCOMPARE(cell(model, last, EventStreamModel::RecordedAtColumn).toString(), u"00:03:20.000"_s);
    QCOMPARE(cell(model, last, EventStreamModel::EventIdColumn).toString(),
             u"test:%1:10"_s.arg(Orders));

    const int pageStart = last / EventStreamModel::PageSize * EventStreamModel::PageSize;
    QVERIFY(loaded.contains({ pageStart }));
    bool announced = false;
    for (const QList<QVariant> &signal : changed) {
        const auto from = signal.at(0).toModelIndex();
        const auto to = signal.at(1).toModelIndex();
        announced |= from.row() <= last && to.row() >= last;
    }
    QVERIFY(announced);
}

void TestEventStreamModel::pagesAreFetchedLazilyAndOnlyOnceInFlight()
{
    StoreReader reader;
    reader.setLocation(m_store);
    EventStreamModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.refresh();
    QTRY_COMPARE(model.rowCount(), Orders * 10);
    QTRY_COMPARE(model.pagesRequested(), model.cachedPageCount());

    const int before = model.pagesRequested();
    const int row = 12345;
    for (int i = 0; i < 20; ++i) {
        QVERIFY(!model.eventAt(row));
        QVERIFY(!model.eventAt(row + 1));
    }
    QCOMPARE(model.pagesRequested(), before + 1);
    QTRY_VERIFY(model.eventAt(row));
    QCOMPARE(model.eventAt(row)->globalPosition, qint64(row) + 1);
    // Once cached, the page is not read again.
    for (int i = 0; i < 20; ++i)
        QVERIFY(model.eventAt(row - row % EventStreamModel::PageSize + i));
    QCOMPARE(model.pagesRequested(), before + 1);
}

void TestEventStreamModel::theCacheStaysBounded()
{
    StoreReader reader;
    reader.setLocation(m_store);
    EventStreamModel model(&reader);
    model.refresh();
    QTRY_COMPARE(model.rowCount(), Orders * 10);

    const int pages = model.rowCount() / EventStreamModel::PageSize;
    QVERIFY(pages > EventStreamModel::MaxCachedPages);
    for (int page = 0; page < pages; ++page) {
        const int row = page * EventStreamModel::PageSize;
        if (!model.eventAt(row))
            QTRY_VERIFY(model.eventAt(row));
        QCOMPARE(model.eventAt(row)->globalPosition, qint64(row) + 1);
        QVERIFY(model.cachedPageCount() <= EventStreamModel::MaxCachedPages);
    }
    QCOMPARE(model.cachedPageCount(), EventStreamModel::MaxCachedPages);
    // The first page was the least recently used: it is read again.
    const int requested = model.pagesRequested();
    QVERIFY(!model.eventAt(0));
    QCOMPARE(model.pagesRequested(), requested + 1);
    QTRY_VERIFY(model.eventAt(0));
}

void TestEventStreamModel::aTypeFilterShowsExactlyTheMatchingRows()
{
    StoreReader reader;
    reader.setLocation(m_store);
    EventStreamModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.refresh();
    QTRY_COMPARE(model.rowCount(), Orders * 10);

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setFilter(byType(u"OrderCompleted"_s));
    QCOMPARE(reset.count(), 1);
    QVERIFY(model.isCounting());
    QCOMPARE(model.rowCount(), 0);
    QTRY_VERIFY(!model.isCounting());
    QCOMPARE(model.rowCount(), Orders);
    // Interleaved: every order's tenth event is in the last tenth of the store.
    for (int row : { 0, 1, 700, Orders - 1 }) {
        if (!model.eventAt(row))
            QTRY_VERIFY(model.eventAt(row));
        const RecordedEvent event = *model.eventAt(row);
        QCOMPARE(event.eventType, u"OrderCompleted"_s);
        QCOMPARE(event.globalPosition, qint64(9 * Orders + row + 1));
        QCOMPARE(event.streamId, streamId(row + 1));
    }

    model.setFilter(byType(u"BatchExecuted"_s));
    QTRY_VERIFY(!model.isCounting());
    QCOMPARE(model.rowCount(), Orders * 6);
    QTRY_COMPARE(cell(model, Orders * 6 - 1, EventStreamModel::TypeColumn).toString(),
                 u"BatchExecuted"_s);
    QCOMPARE(cell(model, Orders * 6 - 1, EventStreamModel::PositionColumn).toLongLong(),
             qint64(Orders) * 9);
}

void TestEventStreamModel::aStreamFilterShowsExactlyTheStream()
{
    StoreReader reader;
    reader.setLocation(m_store);
    EventStreamModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.refresh();
    QTRY_COMPARE(model.rowCount(), Orders * 10);

    model.setFilter(byStream(streamId(42)));
    QTRY_VERIFY(!model.isCounting());
    QCOMPARE(model.rowCount(), 10);
    QTRY_VERIFY(model.eventAt(9));
    for (int row = 0; row < 10; ++row) {
        const RecordedEvent event = *model.eventAt(row);
        QCOMPARE(event.streamId, streamId(42));
        QCOMPARE(event.streamVersion, qint64(row) + 1);
        QCOMPARE(event.globalPosition, qint64(row) * Orders + 42);
    }

    model.setFilter(byStream(streamId(42), u"OrderStarted"_s));
    QTRY_VERIFY(!model.isCounting());
    QCOMPARE(model.rowCount(), 1);
    QTRY_COMPARE(cell(model, 0, EventStreamModel::VersionColumn).toLongLong(), 3);

    model.setFilter(byStream(u"order-999999"_s));
    QTRY_VERIFY(!model.isCounting());
    QCOMPARE(model.rowCount(), 0);
}

void TestEventStreamModel::aTimeFilterShowsTheRecordedRange()
{
    StoreReader reader;
    reader.setLocation(m_store);
    EventStreamModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.refresh();
    QTRY_COMPARE(model.rowCount(), Orders * 10);

    // recorded_at = 10 * position: 10 s to 19.999 s is positions 1,000 to 1,999.
    model.setFilter(byTime(10000, 19999));
    QTRY_VERIFY(!model.isCounting());
    QCOMPARE(model.rowCount(), 1000);
    QTRY_COMPARE(cell(model, 0, EventStreamModel::PositionColumn).toLongLong(), 1000);
    QCOMPARE(cell(model, 0, EventStreamModel::RecordedAtColumn).toString(), u"00:00:10.000"_s);
    QTRY_COMPARE(cell(model, 999, EventStreamModel::PositionColumn).toLongLong(), 1999);

    model.setFilter(byTime(199000, std::nullopt));
    QTRY_VERIFY(!model.isCounting());
    QCOMPARE(model.rowCount(), 101);
}

void TestEventStreamModel::clearingTheFilterShowsEveryEventAgain()
{
    StoreReader reader;
    reader.setLocation(m_store);
    EventStreamModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.refresh();
    QTRY_COMPARE(model.rowCount(), Orders * 10);
    model.setFilter(byType(u"OrderPlaced"_s));
    QTRY_VERIFY(!model.isCounting());
    QCOMPARE(model.rowCount(), Orders);

    model.setFilter({});
    QVERIFY(!model.isCounting());
    QCOMPARE(model.rowCount(), Orders * 10);
    QTRY_COMPARE(cell(model, 5, EventStreamModel::PositionColumn).toLongLong(), 6);
}

void TestEventStreamModel::theTailGrowsTheRows()
{
    const QString path = copyOfStore(u"tail.db"_s);
    QVERIFY(!path.isEmpty());
    StoreReader reader;
    reader.setLocation(path);
    EventStreamModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.refresh();
    QTRY_COMPARE(model.rowCount(), Orders * 10);
    // The tail page is cached short: its last rows do not exist yet.
    const int last = model.rowCount() - 1;
    QTRY_VERIFY(model.eventAt(last));

    auto writer = openForWriting(path);
    QVERIFY(writer);
    QVERIFY(appendOrders(*writer, Orders + 1, 30, false));
    const qint64 head = writer->headPosition();
    QCOMPARE(head, qint64(Orders) * 10 + 300);

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setHead(head);
    QCOMPARE(model.rowCount(), int(head));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), last + 1);
    QCOMPARE(inserted.first().at(2).toInt(), int(head) - 1);
    QCOMPARE(reset.count(), 0);
    // The cached rows stay; the new ones in the short page are read again.
    QVERIFY(model.eventAt(last));
    QTRY_COMPARE(cell(model, last + 1, EventStreamModel::StreamColumn).toString(),
                 streamId(Orders + 1));
    QTRY_COMPARE(cell(model, int(head) - 1, EventStreamModel::PositionColumn).toLongLong(), head);

    // An older head (progress arriving late) changes nothing; refresh() reads the head itself.
    model.setHead(head - 5);
    QCOMPARE(model.rowCount(), int(head));
    QVERIFY(appendOrders(*writer, Orders + 31, 1, false));
    model.refresh();
    QTRY_COMPARE(model.rowCount(), int(head) + 10);
    QCOMPARE(reset.count(), 0);
}

void TestEventStreamModel::theTailGrowsAFilteredTable()
{
    const QString path = copyOfStore(u"filtered-tail.db"_s);
    QVERIFY(!path.isEmpty());
    StoreReader reader;
    reader.setLocation(path);
    EventStreamModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.refresh();
    QTRY_COMPARE(model.rowCount(), Orders * 10);
    model.setFilter(byType(u"OrderCompleted"_s));
    QTRY_VERIFY(!model.isCounting());
    QCOMPARE(model.rowCount(), Orders);
    QTRY_VERIFY(model.eventAt(Orders - 1));

    auto writer = openForWriting(path);
    QVERIFY(writer);
    QVERIFY(appendOrders(*writer, Orders + 1, 30, false));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setHead(writer->headPosition());
    QTRY_COMPARE(model.rowCount(), Orders + 30);
    QCOMPARE(reset.count(), 0);
    QTRY_COMPARE(cell(model, Orders + 29, EventStreamModel::StreamColumn).toString(),
                 streamId(Orders + 30));
    QCOMPARE(cell(model, Orders + 29, EventStreamModel::PositionColumn).toLongLong(),
             writer->headPosition());
}

void TestEventStreamModel::anotherStoreResetsTheTable()
{
    const QString other = m_dir.filePath(u"other.db"_s);
    {
        auto store = openForWriting(other);
        QVERIFY(store);
        QVERIFY(appendOrders(*store, 1, 3, false));
    }
    StoreReader reader;
    reader.setLocation(m_store);
    EventStreamModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.refresh();
    QTRY_COMPARE(model.rowCount(), Orders * 10);
    QTRY_VERIFY(model.eventAt(0));

    reader.setLocation(other);
    model.reset();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.cachedPageCount(), 0);
    QTRY_COMPARE(model.rowCount(), 30);
    QTRY_COMPARE(cell(model, 29, EventStreamModel::StreamColumn).toString(), streamId(3));
}

void TestEventStreamModel::aStoreThatDoesNotExistYetIsShownOnceItDoes()
{
    const QString path = m_dir.filePath(u"later.db"_s);
    StoreReader reader;
    reader.setLocation(path);
    EventStreamModel model(&reader);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.refresh();
    model.setFilter(byType(u"OrderCompleted"_s));
    QTest::qWait(100);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!QFile::exists(path)); // reading never creates the store

    auto writer = openForWriting(path);
    QVERIFY(writer);
    QVERIFY(appendOrders(*writer, 1, 5, false));
    // A run reports its head: the filter's dropped count is noticed and run again.
    model.setHead(writer->headPosition());
    QTRY_VERIFY(!model.isCounting());
    QTRY_COMPARE(model.rowCount(), 5);
    QTRY_COMPARE(cell(model, 4, EventStreamModel::StreamColumn).toString(), streamId(5));

    model.setFilter({});
    QCOMPARE(model.rowCount(), 50);
    QTRY_COMPARE(cell(model, 49, EventStreamModel::PositionColumn).toLongLong(), 50);
}

void TestEventStreamModel::lazyFetchingOverALargeStore()
{
    constexpr int LargeOrders = 20000; // 200,000 events
    const QString path = m_dir.filePath(u"large.db"_s);
    {
        auto store = openForWriting(path);
        QVERIFY(store);
        QVERIFY(appendOrders(*store, 1, LargeOrders, false));
        QCOMPARE(store->headPosition(), qint64(LargeOrders) * 10);
    }

    StoreReader reader;
    reader.setLocation(path);
    EventStreamModel model(&reader);
    QElapsedTimer clock;
    clock.start();
    model.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), LargeOrders * 10, 2000);
    const qint64 openMs = clock.elapsed();
    // Attached after the timing: the tester walks every index it is shown.
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    const int last = model.rowCount() - 1;
    QTRY_COMPARE(cell(model, last, EventStreamModel::PositionColumn).toLongLong(),
                 qint64(LargeOrders) * 10);
    QCOMPARE(cell(model, last, EventStreamModel::StreamColumn).toString(), streamId(LargeOrders));
    const int middle = last / 2;
    QTRY_COMPARE(cell(model, middle, EventStreamModel::PositionColumn).toLongLong(),
                 qint64(middle) + 1);
    // Three rows asked for, a page each (plus what the tester looked at): nothing else was read.
    QVERIFY2(model.pagesRequested() <= 5, qPrintable(QString::number(model.pagesRequested())));
    QVERIFY(model.cachedPageCount() <= 5);
    qInfo("opened 200,000 events in %lld ms, read %d pages", openMs, model.pagesRequested());
}

// The window's long reads (the dashboard's totals, the inspector's listing, the timeline: seconds
// on ten million events) go in the reader's scan lane; the table's first page does not wait for
// one that is under way.
void TestEventStreamModel::aPageArrivesWhileALongScanRuns()
{
    // Declared before the reader, so that they outlive its threads.
    QSemaphore scanStarted;
    QSemaphore scanMayEnd;
    StoreReader reader;
    reader.setLocation(m_store);
    // Whatever the test finds, the scan ends before the reader waits for its thread.
    const auto endScan = qScopeGuard([&] { scanMayEnd.release(); });
    bool scanEnded = false;
    reader.read<bool>(
        this,
        [&](EventStore &) {
            scanStarted.release();
            scanMayEnd.acquire();
            return true;
        },
        [&](bool) { scanEnded = true; }, StoreReader::Lane::Scan);
    QVERIFY(scanStarted.tryAcquire(1, 10'000));

    EventStreamModel model(&reader);
    model.refresh();
    QTRY_COMPARE(model.rowCount(), Orders * 10);
    QVERIFY(!model.eventAt(0));
    QTRY_VERIFY(model.eventAt(0));
    QCOMPARE(model.eventAt(0)->globalPosition, qint64(1));
    QVERIFY(!scanEnded);

    scanMayEnd.release();
    QTRY_VERIFY(scanEnded);
}

QTEST_GUILESS_MAIN(TestEventStreamModel)
#include "tst_eventstreammodel.moc"
