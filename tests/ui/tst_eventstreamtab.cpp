#include "model/eventstore.h"
#include "simulation/simulationcontroller.h"
#include "ui/chartview.h"
#include "ui/eventstreammodel.h"
#include "ui/eventstreamtab.h"
#include "ui/rowwindowmodel.h"
#include "ui/storereader.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QWheelEvent>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

constexpr int Orders = 500; // ten events each, one of them stored in the older schema

QString streamId(int order)
{
    return u"order-%1"_s.arg(order, 6, 10, QLatin1Char('0'));
}

NewEvent orderEvent(int order, int version, qint64 recordedAt)
{
    const QString eventId = u"test:%1:%2"_s.arg(order).arg(version);
    const QJsonObject metadata { { u"run_id"_s, u"tab-run"_s },
                                 { u"correlation_id"_s, streamId(order) } };
    switch (version) {
    case 1:
        return NewEvent::fromDomainEvent(
            eventId, OrderPlaced { streamId(order), u"customer-7"_s, u"likes"_s, 300, 50, 600 },
            metadata, recordedAt);
    case 2:
        return NewEvent::fromDomainEvent(eventId, PointsDeducted { 600 }, metadata, recordedAt);
    case 3:
        return NewEvent::fromDomainEvent(eventId, OrderStarted { 6 }, metadata, recordedAt);
    case 10:
        return NewEvent::fromDomainEvent(eventId, OrderCompleted { 300 }, metadata, recordedAt);
    default: {
        const BatchExecuted batch { version - 3, 1, 50, 50, u"worker-01"_s, 800 };
        // Order 1's first batch was written by an older service.
        if (order == 1 && version == 4)
            return NewEvent::legacyBatchExecuted(eventId, batch, metadata, recordedAt);
        return NewEvent::fromDomainEvent(eventId, batch, metadata, recordedAt);
    }
    }
}

// Orders take turns, one event each, so that order k's version v is at (v - 1) * Orders + k;
// recorded_at is ten times the position.
bool buildStore(const QString &path)
{
    QString error;
    auto store = EventStore::open(path, EventStore::Access::ReadWriteCreate, &error);
    if (!store || !store->beginWrite())
        return false;
    qint64 position = 0;
    for (int version = 1; version <= 10; ++version) {
        for (int order = 1; order <= Orders; ++order) {
            if (!store
                     ->append(streamId(order), version - 1,
                              { orderEvent(order, version, ++position * 10) })
                     .isStored())
                return false;
        }
    }
    return store->commit();
}

Scenario smallScenario()
{
    Scenario scenario;
    scenario.name = u"Tail"_s;
    scenario.seed = 5;
    scenario.orders.count = 15;
    scenario.orders.quantityMin = 100;
    scenario.orders.quantityMax = 400;
    scenario.execution.batchSize = 25;
    return scenario;
}

// Appends orders first .. first + count - 1 of the same run, ten events each, one order after
// the other; recorded_at stays ten times the position.
bool appendOrders(const QString &path, int first, int count)
{
    QString error;
    auto store = EventStore::open(path, EventStore::Access::ReadWrite, &error);
    if (!store)
        return false;
    qint64 position = store->headPosition();
    if (position < 0 || !store->beginWrite())
        return false;
    for (int order = first; order < first + count; ++order) {
        for (int version = 1; version <= 10; ++version) {
            if (!store
                     ->append(streamId(order), version - 1,
                              { orderEvent(order, version, ++position * 10) })
                     .isStored())
                return false;
        }
    }
    return store->commit();
}

// The events the timeline's line adds up to, and its chart's title.
qint64 timelineTotal(ChartView *timeline)
{
    double total = 0;
    for (QAbstractSeries *series : timeline->chart()->series()) {
        if (series->type() == QAbstractSeries::SeriesTypeLine) {
            for (const QPointF &point : static_cast<QLineSeries *>(series)->points())
                total += point.y();
        }
    }
    return qint64(total);
}

qint64 headOf(const QString &path)
{
    QString error;
    auto store = EventStore::open(path, EventStore::Access::ReadOnly, &error);
    return store ? store->headPosition() : -1;
}

// The tab with its reader and controller, shown offscreen at a window's size.
struct Fixture
{
    explicit Fixture(const QString &path)
    {
        reader.setLocation(path);
        tab = std::make_unique<EventStreamTab>(&reader, &controller);
        tab->resize(1000, 700);
        tab->show();
    }
    ~Fixture() { controller.reset(); }

    template<typename T> T *child(const QString &name) const { return tab->findChild<T *>(name); }
    EventStreamModel *model() const { return tab->model(); }

    StoreReader reader;
    SimulationController controller;
    std::unique_ptr<EventStreamTab> tab;
};

} // namespace

// The event stream tab as a user meets it, offscreen: rows from a real store, the selected
// event's JSON, filters typed into its widgets, the timeline, and the tail of a live run.
class TestEventStreamTab : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void showsTheStoreRows();
    void sidePanelShowsTheSelectedPayloadAndMetadata();
    void anOlderSchemaEventIsNotedAndShownUpcast();
    void filtersWorkThroughTheWidgets();
    void aMistypedTimeIsShownAndNotApplied();
    void streamIdsAreCompletedFromTheStore();
    void timelineChartsTheRun();
    void aLiveTimelineAddsTheNewEventsToItsCounts();
    void followsALiveRunToTheNewestEvent();
    void uncheckingFollowPausesTheScrolling();
    void theScrollBarReachesRowsBeyondTheTablesWindow();
    void keysMoveTheSelectionPastTheWindowsEdge();
    void followsALiveRunPastTheWindow();
    void parsesSimulatedTimes_data();
    void parsesSimulatedTimes();
    void indentsJsonKeepingTheStoredOrder();

private:
    QTemporaryDir m_dir;
    QString m_store;
};

void TestEventStreamTab::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_store = m_dir.filePath(u"tab.db"_s);
    QVERIFY(buildStore(m_store));
}

void TestEventStreamTab::showsTheStoreRows()
{
    Fixture fixture(m_store);
    QVERIFY(QTest::qWaitForWindowExposed(fixture.tab.get()));
    QTableView *table = fixture.tab->table();
    QVERIFY(table);
    QTRY_COMPARE(table->model()->rowCount(), Orders * 10);
    QTRY_VERIFY(
        fixture.child<QLabel>(u"countLabel"_s)->text().contains(QLocale().toString(Orders * 10)));
    // Following by default: the newest event is in view and its row filled in.
    const QModelIndex last = table->model()->index(Orders * 10 - 1, 0);
    QTRY_COMPARE(last.data().toLongLong(), qint64(Orders) * 10);
    QVERIFY(table->viewport()->rect().intersects(table->visualRect(last)));
    QCOMPARE(table->model()->index(Orders * 10 - 1, EventStreamModel::TypeColumn).data(),
             QVariant(u"OrderCompleted"_s));
}

void TestEventStreamTab::sidePanelShowsTheSelectedPayloadAndMetadata()
{
    Fixture fixture(m_store);
    QTableView *table = fixture.tab->table();
    QTRY_COMPARE(table->model()->rowCount(), Orders * 10);

    table->setCurrentIndex(table->model()->index(41, 0)); // position 42: order 42 placed
    auto *payload = fixture.child<QPlainTextEdit>(u"payloadView"_s);
    auto *metadata = fixture.child<QPlainTextEdit>(u"metadataView"_s);
    QTRY_VERIFY(payload->toPlainText().contains(u"\"order_id\": \"order-000042\""_s));
    QVERIFY(payload->toPlainText().contains(u"\"quantity\": 300"_s));
    QVERIFY(payload->toPlainText().contains(u'\n')); // indented, not one line
    QVERIFY(metadata->toPlainText().contains(u"\"run_id\": \"tab-run\""_s));
    QVERIFY(fixture.child<QLabel>(u"eventTitle"_s)->text().contains(u"OrderPlaced"_s));
    QVERIFY(!fixture.child<QLabel>(u"upcastNote"_s)->isVisible());

    // A far row: its page is read first, then the panel fills in.
    table->setCurrentIndex(table->model()->index(3 * Orders + 41, 0)); // order 42, version 4
    QTRY_VERIFY(payload->toPlainText().contains(u"\"batch_no\": 1"_s));
    QVERIFY(fixture.child<QLabel>(u"eventTitle"_s)->text().contains(u"BatchExecuted"_s));
}

void TestEventStreamTab::anOlderSchemaEventIsNotedAndShownUpcast()
{
    Fixture fixture(m_store);
    QTableView *table = fixture.tab->table();
    QTRY_COMPARE(table->model()->rowCount(), Orders * 10);

    table->setCurrentIndex(table->model()->index(3 * Orders, 0)); // order 1, version 4
    auto *note = fixture.child<QLabel>(u"upcastNote"_s);
    QTRY_VERIFY(note->isVisible());
    QVERIFY(note->text().contains(u"schema version 1, upcast on read"_s));
    QVERIFY(fixture.child<QPlainTextEdit>(u"payloadView"_s)
                ->toPlainText()
                .contains(u"\"count\": 50"_s));
    const QString upcast = fixture.child<QPlainTextEdit>(u"upcastView"_s)->toPlainText();
    QVERIFY(upcast.contains(u"\"requested\": 50"_s));
    QVERIFY(upcast.contains(u"\"delivered\": 50"_s));
    QCOMPARE(table->model()->index(3 * Orders, EventStreamModel::SchemaVersionColumn).data(),
             QVariant(1));

    table->setCurrentIndex(table->model()->index(3 * Orders + 1, 0)); // order 2, version 4
    QTRY_VERIFY(!note->isVisible());
}

void TestEventStreamTab::filtersWorkThroughTheWidgets()
{
    Fixture fixture(m_store);
    EventStreamModel *model = fixture.model();
    QTRY_COMPARE(model->rowCount(), Orders * 10);

    auto *type = fixture.child<QComboBox>(u"typeFilter"_s);
    QCOMPARE(type->count(), 1 + int(allEventTypeNames().size()));
    type->setCurrentIndex(type->findData(u"OrderCompleted"_s));
    QTRY_VERIFY(!model->isCounting());
    QTRY_COMPARE(model->rowCount(), Orders);
    QTRY_VERIFY(fixture.child<QLabel>(u"countLabel"_s)
                    ->text()
                    .contains(u"of %1 events match"_s.arg(QLocale().toString(Orders * 10))));

    // A number means that order; the filter applies once the typing pauses.
    auto *stream = fixture.child<QLineEdit>(u"streamFilter"_s);
    QTest::keyClicks(stream, u"42"_s);
    QTRY_COMPARE(model->rowCount(), 1);
    QTRY_COMPARE(model->index(0, EventStreamModel::StreamColumn).data(), QVariant(streamId(42)));
    QCOMPARE(model->index(0, EventStreamModel::TypeColumn).data(), QVariant(u"OrderCompleted"_s));

    type->setCurrentIndex(0);
    QTRY_COMPARE(model->rowCount(), 10);
    stream->clear();
    QTRY_COMPARE(model->rowCount(), Orders * 10);

    // recorded_at = 10 * position: 10 s to 19.999 s is positions 1,000 to 1,999.
    QTest::keyClicks(fixture.child<QLineEdit>(u"fromFilter"_s), u"00:00:10"_s);
    QTest::keyClicks(fixture.child<QLineEdit>(u"toFilter"_s), u"0:19.999"_s);
    QTRY_COMPARE(model->rowCount(), 1000);
    QTRY_COMPARE(model->index(0, EventStreamModel::PositionColumn).data().toLongLong(), 1000);

    QTest::mouseClick(fixture.child<QPushButton>(u"clearFilters"_s), Qt::LeftButton);
    QTRY_COMPARE(model->rowCount(), Orders * 10);
    QVERIFY(model->filter().isEmpty());
    QVERIFY(fixture.child<QLineEdit>(u"fromFilter"_s)->text().isEmpty());
}

void TestEventStreamTab::aMistypedTimeIsShownAndNotApplied()
{
    Fixture fixture(m_store);
    EventStreamModel *model = fixture.model();
    QTRY_COMPARE(model->rowCount(), Orders * 10);
    auto *from = fixture.child<QLineEdit>(u"fromFilter"_s);
    QTest::keyClicks(from, u"1:75"_s);
    QTRY_VERIFY(!from->styleSheet().isEmpty());
    QVERIFY(model->filter().isEmpty());
    QCOMPARE(model->rowCount(), Orders * 10);
}

void TestEventStreamTab::streamIdsAreCompletedFromTheStore()
{
    Fixture fixture(m_store);
    QTRY_COMPARE(fixture.model()->rowCount(), Orders * 10);
    auto *stream = fixture.child<QLineEdit>(u"streamFilter"_s);
    QVERIFY(stream->completer());
    QTest::keyClicks(stream, u"order-00004"_s);
    QStringList expected;
    for (int order = 40; order <= 49; ++order)
        expected.append(streamId(order));
    const auto completions = [stream] {
        QStringList ids;
        QAbstractItemModel *model = stream->completer()->model();
        for (int row = 0; row < model->rowCount(); ++row)
            ids.append(model->index(row, 0).data().toString());
        return ids;
    };
    QTRY_COMPARE(completions(), expected);
}

void TestEventStreamTab::timelineChartsTheRun()
{
    Fixture fixture(m_store);
    ChartView *timeline = fixture.tab->timeline();
    QVERIFY(timeline);
    QLineSeries *events = nullptr;
    for (QAbstractSeries *series : timeline->chart()->series()) {
        if (series->type() == QAbstractSeries::SeriesTypeLine)
            events = static_cast<QLineSeries *>(series);
    }
    QVERIFY(events);
    QTRY_VERIFY(events->count() > 10);
    // Every event is in one bucket: the buckets add up to the store.
    double total = 0;
    for (const QPointF &point : events->points())
        total += point.y();
    QCOMPARE(qint64(total), qint64(Orders) * 10);
    QVERIFY(timeline->chart()->title().contains(u"tab-run"_s));
}

// During a run the timeline is read again about once a second, each read adding the new events
// to the counts of the one before; when the run outgrows its bucket size, it is counted anew.
void TestEventStreamTab::aLiveTimelineAddsTheNewEventsToItsCounts()
{
    const QString path = m_dir.filePath(u"live-timeline.db"_s);
    QFile::remove(path);
    QVERIFY(QFile::copy(m_store, path));
    Fixture fixture(path);
    ChartView *timeline = fixture.tab->timeline();
    QTRY_COMPARE(timelineTotal(timeline), qint64(Orders) * 10);
    QVERIFY(timeline->chart()->title().contains(u"per 200 ms"_s)); // 50 s of simulated time

    // 55 s: the same buckets, and the new events counted into them.
    QVERIFY(appendOrders(path, Orders + 1, 50));
    RunProgress progress;
    progress.storeLocation = path;
    progress.head = headOf(path);
    QCOMPARE(progress.head, qint64(Orders) * 10 + 500);
    QTRY_COMPARE_WITH_TIMEOUT(
        (emit fixture.controller.progressed(progress), timelineTotal(timeline)), progress.head,
        10000);
    QVERIFY(timeline->chart()->title().contains(u"per 200 ms"_s));
    QVERIFY(timeline->chart()->title().contains(u"tab-run"_s));

    // 95 s: a larger bucket, every event in one.
    QVERIFY(appendOrders(path, Orders + 51, 400));
    progress.head = headOf(path);
    QTRY_COMPARE_WITH_TIMEOUT(
        (emit fixture.controller.progressed(progress), timelineTotal(timeline)), progress.head,
        10000);
    QVERIFY(timeline->chart()->title().contains(u"per 500 ms"_s));
}

void TestEventStreamTab::followsALiveRunToTheNewestEvent()
{
    const QString path = m_dir.filePath(u"live.db"_s); // created by the run
    Fixture fixture(path);
    QVERIFY(QTest::qWaitForWindowExposed(fixture.tab.get()));
    EventStreamModel *model = fixture.model();
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(fixture.child<QCheckBox>(u"follow"_s)->isChecked());

    QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
    QSignalSpy finished(&fixture.controller, &SimulationController::finished);
    fixture.controller.setSpeed(0);
    fixture.controller.start(smallScenario(), path);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
    fixture.tab->refresh();
    const qint64 head = headOf(path);
    QVERIFY(head > 0);
    QTRY_COMPARE(model->rowCount(), int(head));
    QVERIFY(!inserted.isEmpty());
    QCOMPARE(model->storeHead(), head);

    QTableView *table = fixture.tab->table();
    QTRY_COMPARE(table->verticalScrollBar()->value(), table->verticalScrollBar()->maximum());
    QVERIFY(table->verticalScrollBar()->maximum() > 0);
    // Nobody picked an event: the panel shows the newest.
    QCOMPARE(table->currentIndex().row(), int(head) - 1);
    QTRY_VERIFY(
        fixture.child<QLabel>(u"eventTitle"_s)->text().contains(u"position %1"_s.arg(head)));
}

void TestEventStreamTab::uncheckingFollowPausesTheScrolling()
{
    const QString path = m_dir.filePath(u"paused.db"_s);
    Fixture fixture(path);
    QVERIFY(QTest::qWaitForWindowExposed(fixture.tab.get()));
    fixture.child<QCheckBox>(u"follow"_s)->setChecked(false);
    QSignalSpy finished(&fixture.controller, &SimulationController::finished);
    fixture.controller.setSpeed(0);
    fixture.controller.start(smallScenario(), path);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
    fixture.tab->refresh();
    const qint64 head = headOf(path);
    QTRY_COMPARE(fixture.model()->rowCount(), int(head));

    // Rows grew, the view stayed at the top.
    QTableView *table = fixture.tab->table();
    QVERIFY(table->verticalScrollBar()->maximum() > 0);
    QCOMPARE(table->verticalScrollBar()->value(), 0);
    QCOMPARE(table->currentIndex().row(), 0);

    // Following again jumps to the newest event.
    fixture.child<QCheckBox>(u"follow"_s)->setChecked(true);
    QCOMPARE(table->verticalScrollBar()->value(), table->verticalScrollBar()->maximum());
}

// The table holds a window of the stream's rows (ten thousand; a thousand here, so that five
// windows' worth fit in the test's store); the tab's scroll bar runs over all of them.
void TestEventStreamTab::theScrollBarReachesRowsBeyondTheTablesWindow()
{
    Fixture fixture(m_store);
    QVERIFY(QTest::qWaitForWindowExposed(fixture.tab.get()));
    fixture.child<QCheckBox>(u"follow"_s)->setChecked(false);
    RowWindowModel *window = fixture.tab->rowWindow();
    window->setCapacity(1000);
    QTableView *table = fixture.tab->table();
    QTRY_COMPARE(fixture.model()->rowCount(), Orders * 10);
    QCOMPARE(table->model()->rowCount(), 1000);
    QScrollBar *bar = fixture.tab->scrollBar();
    QVERIFY(bar->isVisible());
    QTRY_COMPARE(bar->maximum() + bar->pageStep(), Orders * 10);

    // Halfway down the stream: the table's top row is that event.
    bar->setValue(2500);
    QCOMPARE(window->mapToSource(table->rowAt(0)), 2500);
    QTRY_COMPARE(table->model()->index(table->rowAt(0), 0).data().toLongLong(), 2501);

    // To the end: the last event is in view, filled in.
    bar->setValue(bar->maximum());
    QCOMPARE(window->firstRow(), window->lastFirstRow());
    const QModelIndex last = table->model()->index(table->model()->rowCount() - 1, 0);
    QVERIFY(table->viewport()->rect().intersects(table->visualRect(last)));
    QTRY_COMPARE(last.data().toLongLong(), qint64(Orders) * 10);
    QCOMPARE(table->model()->index(last.row(), EventStreamModel::TypeColumn).data(),
             QVariant(u"OrderCompleted"_s));

    // Ctrl+Home and Ctrl+End go to the stream's ends, not the window's.
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Home, Qt::ControlModifier);
    QCOMPARE(fixture.tab->currentRow(), 0);
    QCOMPARE(bar->value(), 0);
    auto *title = fixture.child<QLabel>(u"eventTitle"_s);
    QTRY_VERIFY(title->text().contains(u"position 1<"_s));
    QTest::keyClick(table, Qt::Key_End, Qt::ControlModifier);
    QCOMPARE(fixture.tab->currentRow(), Orders * 10 - 1);
    QCOMPARE(bar->value(), bar->maximum());
    QTRY_VERIFY(title->text().contains(u"position %1"_s.arg(Orders * 10)));
    QCOMPARE(window->mapToSource(table->currentIndex().row()), Orders * 10 - 1);
}

void TestEventStreamTab::keysMoveTheSelectionPastTheWindowsEdge()
{
    Fixture fixture(m_store);
    QVERIFY(QTest::qWaitForWindowExposed(fixture.tab.get()));
    fixture.child<QCheckBox>(u"follow"_s)->setChecked(false);
    RowWindowModel *window = fixture.tab->rowWindow();
    window->setCapacity(1000);
    QTableView *table = fixture.tab->table();
    QTRY_COMPARE(fixture.model()->rowCount(), Orders * 10);
    QScrollBar *bar = fixture.tab->scrollBar();
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Home, Qt::ControlModifier);
    QCOMPARE(fixture.tab->currentRow(), 0);

    // Page after page, past the first window and the second: every step selects the next
    // events, and the table and the scroll bar agree on where they are.
    int previous = 0;
    for (int press = 0; press < 1000 && fixture.tab->currentRow() < 2500; ++press) {
        QTest::keyClick(table, Qt::Key_PageDown);
        const int row = fixture.tab->currentRow();
        QVERIFY2(row > previous, qPrintable(u"%1 after %2"_s.arg(row).arg(previous)));
        QVERIFY(row - previous <= table->verticalScrollBar()->pageStep() + 1);
        QCOMPARE(window->mapToSource(table->currentIndex().row()), row);
        QCOMPARE(bar->value(), window->firstRow() + table->verticalScrollBar()->value());
        previous = row;
    }
    QVERIFY(previous >= 2500);
    QVERIFY(window->firstRow() > 0);
    QTRY_VERIFY(fixture.child<QLabel>(u"eventTitle"_s)
                    ->text()
                    .contains(u"position %1<"_s.arg(previous + 1)));

    // The wheel over the rows scrolls them, the tab's scroll bar with them.
    bar->setValue(0);
    const QPoint centre = table->viewport()->rect().center();
    for (int turn = 0; turn < 400; ++turn) {
        QWheelEvent wheel(centre, table->viewport()->mapToGlobal(centre), {}, { 0, -120 },
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(table->viewport(), &wheel);
    }
    QVERIFY(bar->value() > 1000); // three rows a notch: past the first window
    QCOMPARE(bar->value(), window->firstRow() + table->verticalScrollBar()->value());
    QTRY_COMPARE(table->model()->index(table->rowAt(0), 0).data().toLongLong(), bar->value() + 1);

    // Scrolled far away, a key moves on from the selected event.
    bar->setValue(0);
    QCOMPARE(window->mapFromSource(previous), -1);
    QCOMPARE(fixture.tab->currentRow(), previous);
    QTest::keyClick(table, Qt::Key_Down);
    QCOMPARE(fixture.tab->currentRow(), previous + 1);
    QVERIFY(table->viewport()->rect().intersects(table->visualRect(table->currentIndex())));
}

// A run longer than the window: the table's rows stop growing at the window's size, the window
// follows the tail, and the newest event is selected and in view.
void TestEventStreamTab::followsALiveRunPastTheWindow()
{
    const QString path = m_dir.filePath(u"long-live.db"_s);
    Fixture fixture(path);
    QVERIFY(QTest::qWaitForWindowExposed(fixture.tab.get()));
    RowWindowModel *window = fixture.tab->rowWindow();
    constexpr int Capacity = 50;
    window->setCapacity(Capacity);
    QSignalSpy grew(fixture.model(), &QAbstractItemModel::rowsInserted);
    QSignalSpy windowGrew(window, &QAbstractItemModel::rowsInserted);
    QSignalSpy finished(&fixture.controller, &SimulationController::finished);
    fixture.controller.setSpeed(0);
    fixture.controller.start(smallScenario(), path);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
    fixture.tab->refresh();
    const qint64 head = headOf(path);
    QVERIFY(head > 4 * Capacity);
    QTRY_COMPARE(fixture.model()->rowCount(), int(head));
    QVERIFY(!grew.isEmpty());
    int windowRows = 0;
    for (const QList<QVariant> &signal : windowGrew)
        windowRows += signal.at(2).toInt() - signal.at(1).toInt() + 1;
    QCOMPARE(windowRows, Capacity);

    QTableView *table = fixture.tab->table();
    QCOMPARE(table->model()->rowCount(), Capacity);
    QCOMPARE(window->firstRow(), int(head) - Capacity);
    QScrollBar *bar = fixture.tab->scrollBar();
    QTRY_COMPARE(bar->value(), bar->maximum());
    QCOMPARE(bar->maximum() + bar->pageStep(), int(head));
    QCOMPARE(fixture.tab->currentRow(), int(head) - 1);
    QCOMPARE(table->currentIndex().row(), Capacity - 1);
    QTRY_COMPARE(table->currentIndex().data().toLongLong(), head);
    QVERIFY(table->viewport()->rect().intersects(table->visualRect(table->currentIndex())));
    QTRY_VERIFY(
        fixture.child<QLabel>(u"eventTitle"_s)->text().contains(u"position %1"_s.arg(head)));
}

void TestEventStreamTab::parsesSimulatedTimes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms"); // -1: not a time

    QTest::newRow("seconds") << u"90"_s << qint64(90000);
    QTest::newRow("minutes and seconds") << u"1:30"_s << qint64(90000);
    QTest::newRow("hours") << u"01:02:03"_s << qint64(3723000);
    QTest::newRow("milliseconds") << u"0:00:01.5"_s << qint64(1500);
    QTest::newRow("three digits") << u"00:00:01.250"_s << qint64(1250);
    QTest::newRow("past a day") << u"25:00:00"_s << qint64(90000000);
    QTest::newRow("spaces") << u" 2:00 "_s << qint64(120000);
    QTest::newRow("sixty seconds") << u"1:60"_s << qint64(-1);
    QTest::newRow("sixty minutes") << u"1:60:00"_s << qint64(-1);
    QTest::newRow("words") << u"noon"_s << qint64(-1);
    QTest::newRow("empty") << QString() << qint64(-1);
    QTest::newRow("four fields") << u"1:2:3:4"_s << qint64(-1);
}

void TestEventStreamTab::parsesSimulatedTimes()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    QCOMPARE(EventStreamTab::parseTime(text).value_or(-1), ms);
}

void TestEventStreamTab::indentsJsonKeepingTheStoredOrder()
{
    const QByteArray stored = "{\"b\":1,\"a\":[1,2],\"c\":{},\"d\":\"x, {y}: \\\"z\\\"\"}";
    QCOMPARE(EventStreamTab::indentJson(stored),
             u"{\n  \"b\": 1,\n  \"a\": [\n    1,\n    2\n  ],\n  \"c\": {},\n"
             "  \"d\": \"x, {y}: \\\"z\\\"\"\n}"_s);
    QCOMPARE(EventStreamTab::indentJson("not json"), u"not json"_s);
}

QTEST_MAIN(TestEventStreamTab)
#include "tst_eventstreamtab.moc"
