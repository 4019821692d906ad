#include "model/eventstore.h"
#include "model/parkedevents.h"
#include "model/projection.h"
#include "model/projectionrunner.h"
#include "simulation/simulation.h"
#include "simulation/simulationcontroller.h"
#include "ui/chartview.h"
#include "ui/commandcontext.h"
#include "ui/parkedeventsmodel.h"
#include "ui/projectionstab.h"
#include "ui/storereader.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineSeries>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

enum Column { Name, Head, Checkpoint, LagEvents, LagMs, Parked, State };

Scenario smallScenario(double poisonRate)
{
    Scenario scenario;
    scenario.name = u"Projections under test"_s;
    scenario.seed = 9;
    scenario.orders.count = 25;
    scenario.orders.quantityMin = 100;
    scenario.orders.quantityMax = 600;
    scenario.orders.cancelRate = 0;
    scenario.execution.batchSize = 25;
    scenario.failures.paymentFailureRate = 0;
    scenario.failures.batchFailureRate = 0;
    scenario.failures.poisonEventRate = poisonRate;
    scenario.projections.failurePolicy = u"skip"_s;
    return scenario;
}

// Runs the scenario into a new store at `path` and closes it.
bool simulate(const QString &path, const Scenario &scenario)
{
    QString error;
    auto store = EventStore::open(path, EventStore::Access::ReadWriteCreate, &error);
    if (!store) {
        qWarning() << error;
        return false;
    }
    Simulation simulation(scenario, *store);
    if (!simulation.run()) {
        qWarning() << simulation.errorString();
        return false;
    }
    return true;
}

std::unique_ptr<EventStore> openStore(const QString &path)
{
    QString error;
    auto store = EventStore::open(path, EventStore::Access::ReadWrite, &error);
    if (!store)
        qWarning() << error;
    return store;
}

qint64 count(EventStore &store, const QString &sql)
{
    QSqlQuery *query = store.execute(sql);
    if (!query || !query->next())
        return -1;
    const qint64 value = query->value(0).toLongLong();
    query->finish();
    return value;
}

} // namespace

class TestProjectionsTab : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void parkedEventsModelPassesTheTester();
    void showsCheckpointAndLagOfALaggingStore();
    void listsTheParkedEventsOfAPoisonedStore();
    void replayWithoutTheFixKeepsThemParked();
    void replayWithTheHandlerFixedEmptiesTheList();
    void rebuildReachesTheHeadWithFullProgress();
    void lagChartReceivesPointsFromRunProgress();
    void writesAreRefusedWhileARunIsActive();

private:
    QString poisonedCopy(const QString &name);

    QTemporaryDir m_dir;
    QString m_poisoned; // a store with parked events; tests that write use copies
    QString m_clean;
};

void TestProjectionsTab::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_poisoned = m_dir.filePath(u"poisoned.db"_s);
    m_clean = m_dir.filePath(u"clean.db"_s);
    QVERIFY(simulate(m_poisoned, smallScenario(0.3)));
    QVERIFY(simulate(m_clean, smallScenario(0)));
}

QString TestProjectionsTab::poisonedCopy(const QString &name)
{
    const QString path = m_dir.filePath(name);
    // The store was closed, so its WAL is checkpointed into the file.
    if (!QFile::copy(m_poisoned, path))
        return {};
    return path;
}

void TestProjectionsTab::parkedEventsModelPassesTheTester()
{
    auto store = openStore(m_poisoned);
    QVERIFY(store);
    ParkedEvents parked(*store);
    const QList<ParkedEvent> events = parked.list();
    QVERIFY(!events.isEmpty());

    ParkedEventsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEvents(events);
    QCOMPARE(model.rowCount(), events.size());
    QCOMPARE(model.columnCount(), int(ParkedEventsModel::ColumnCount));
    const ParkedEvent &first = events.constFirst();
    QCOMPARE(model.index(0, ParkedEventsModel::Projection).data().toString(), first.projection);
    QCOMPARE(model.index(0, ParkedEventsModel::Position).data().toLongLong(), first.position);
    QCOMPARE(model.index(0, ParkedEventsModel::Stream).data().toString(), first.streamId);
    QCOMPARE(model.index(0, ParkedEventsModel::Type).data().toString(), u"OrderNoteAdded"_s);
    QCOMPARE(model.index(0, ParkedEventsModel::Attempts).data().toInt(), first.attempts);
    QCOMPARE(model.index(0, ParkedEventsModel::Reason).data().toString(), first.reason);
    QVERIFY(!first.reason.isEmpty());
    model.setEvents({});
    QCOMPARE(model.rowCount(), 0);
}

void TestProjectionsTab::showsCheckpointAndLagOfALaggingStore()
{
    const QString path = m_dir.filePath(u"lagging.db"_s);
    QVERIFY(QFile::copy(m_clean, path));
    qint64 head = 0;
    ProjectionLag expected;
    {
        auto store = openStore(path);
        QVERIFY(store);
        head = store->headPosition();
        QVERIFY(head > 20);
        QVERIFY(store->execute(u"UPDATE checkpoints SET position = ? WHERE projection = ?"_s,
                               { head - 15, u"order_summary"_s }));
        const std::unique_ptr<Projection> projection = createStandardProjection(u"order_summary"_s);
        ProjectionRunner runner(*store, *projection);
        expected = runner.lag(storeClock(*store));
    }
    QCOMPARE(expected.lagEvents, 15);
    QVERIFY(expected.lagMs > 0);

    StoreReader reader;
    reader.setLocation(path);
    ProjectionsTab tab(&reader, nullptr);
    tab.refresh();
    auto *table = tab.findChild<QTableWidget *>(u"projectionTable"_s);
    QVERIFY(table);
    QCOMPARE(table->item(0, Name)->text(), u"order_summary"_s);
    QCOMPARE(table->item(1, Name)->text(), u"service_stats"_s);
    const QLocale locale;
    QTRY_COMPARE(table->item(0, Checkpoint)->text(), locale.toString(head - 15));
    QCOMPARE(table->item(0, Head)->text(), locale.toString(head));
    QCOMPARE(table->item(0, LagEvents)->text(), u"15"_s);
    QCOMPARE(table->item(0, LagMs)->text(), locale.toString(expected.lagMs));
    QVERIFY2(table->item(0, State)->text().contains(u"15 events behind"_s),
             qPrintable(table->item(0, State)->text()));
    QCOMPARE(table->item(1, Checkpoint)->text(), locale.toString(head));
    QCOMPARE(table->item(1, LagEvents)->text(), u"0"_s);
    QCOMPARE(table->item(1, State)->text(), u"Caught up"_s);
}

void TestProjectionsTab::listsTheParkedEventsOfAPoisonedStore()
{
    auto store = openStore(m_poisoned);
    QVERIFY(store);
    const qint64 parked = count(*store, u"SELECT COUNT(*) FROM parked_events"_s);
    const qint64 parkedSummary
        = count(*store, u"SELECT COUNT(*) FROM parked_events WHERE projection = 'order_summary'"_s);
    QVERIFY(parked > 0);

    StoreReader reader;
    reader.setLocation(m_poisoned);
    ProjectionsTab tab(&reader, nullptr);
    tab.refresh();
    auto *view = tab.findChild<QTableView *>(u"parkedTable"_s);
    auto *table = tab.findChild<QTableWidget *>(u"projectionTable"_s);
    QVERIFY(view && table);
    QTRY_COMPARE(qint64(view->model()->rowCount()), parked);
    QCOMPARE(table->item(0, Parked)->text(), QLocale().toString(parkedSummary));
    QCOMPARE(table->item(0, State)->text(), u"Caught up, with parked events"_s);
    QVERIFY(tab.findChild<QPushButton *>(u"replayButton"_s)->isEnabled());

    // The filter lists one projection's parked events.
    tab.findChild<QComboBox *>(u"parkedFilter"_s)->setCurrentIndex(1);
    QTRY_COMPARE(qint64(view->model()->rowCount()), parkedSummary);
    for (int row = 0; row < view->model()->rowCount(); ++row)
        QCOMPARE(view->model()->index(row, ParkedEventsModel::Projection).data().toString(),
                 u"order_summary"_s);
}

void TestProjectionsTab::replayWithoutTheFixKeepsThemParked()
{
    const QString path = poisonedCopy(u"replay-unfixed.db"_s);
    QVERIFY(!path.isEmpty());
    StoreReader reader;
    reader.setLocation(path);
    ProjectionsTab tab(&reader, nullptr);
    tab.refresh();
    auto *view = tab.findChild<QTableView *>(u"parkedTable"_s);
    QTRY_VERIFY(view->model()->rowCount() > 0);
    const int parked = view->model()->rowCount();

    QSignalSpy finished(&tab, &ProjectionsTab::writeFinished);
    tab.replayParked();
    QVERIFY(tab.isWriting());
    QVERIFY(finished.wait(30000));
    QVERIFY(!tab.isWriting());
    QCOMPARE(finished.first().first().toString(),
             u"Replayed 0, failed again %1, still parked %1."_s.arg(parked));
    QTRY_COMPARE(view->model()->index(0, ParkedEventsModel::Attempts).data().toInt(), 2);
    QCOMPARE(view->model()->rowCount(), parked);
}

void TestProjectionsTab::replayWithTheHandlerFixedEmptiesTheList()
{
    const QString path = poisonedCopy(u"replay-fixed.db"_s);
    QVERIFY(!path.isEmpty());
    StoreReader reader;
    reader.setLocation(path);
    ProjectionsTab tab(&reader, nullptr);
    tab.refresh();
    auto *view = tab.findChild<QTableView *>(u"parkedTable"_s);
    auto *table = tab.findChild<QTableWidget *>(u"projectionTable"_s);
    QTRY_VERIFY(view->model()->rowCount() > 0);
    const int parked = view->model()->rowCount();

    tab.findChild<QCheckBox *>(u"handlerFixed"_s)->setChecked(true);
    QSignalSpy finished(&tab, &ProjectionsTab::writeFinished);
    tab.findChild<QPushButton *>(u"replayButton"_s)->click();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().first().toString(),
             u"Replayed %1, failed again 0, still parked 0."_s.arg(parked));
    QTRY_COMPARE(view->model()->rowCount(), 0);
    QTRY_COMPARE(table->item(0, Parked)->text(), u"0"_s);
    QCOMPARE(table->item(1, Parked)->text(), u"0"_s);
    QVERIFY(!tab.findChild<QPushButton *>(u"replayButton"_s)->isEnabled());

    auto store = openStore(path);
    QVERIFY(store);
    QCOMPARE(count(*store, u"SELECT COUNT(*) FROM parked_events"_s), 0);
}

void TestProjectionsTab::rebuildReachesTheHeadWithFullProgress()
{
    const QString path = poisonedCopy(u"rebuild.db"_s);
    QVERIFY(!path.isEmpty());
    StoreReader reader;
    reader.setLocation(path);
    ProjectionsTab tab(&reader, nullptr);
    tab.refresh();
    auto *progress = tab.findChild<QProgressBar *>(u"rebuildProgress"_s);
    auto *table = tab.findChild<QTableWidget *>(u"projectionTable"_s);
    QVERIFY(progress && table);
    QCOMPARE(progress->value(), 0);
    {
        // Set the checkpoint back so that the rebuild has visible work to do.
        auto store = openStore(path);
        QVERIFY(store->execute(u"UPDATE checkpoints SET position = 3 WHERE projection = ?"_s,
                               { u"service_stats"_s }));
    }
    tab.findChild<QComboBox *>(u"rebuildProjection"_s)->setCurrentIndex(1);

    QSignalSpy finished(&tab, &ProjectionsTab::writeFinished);
    tab.findChild<QPushButton *>(u"rebuildButton"_s)->click();
    QVERIFY(tab.isWriting());
    QVERIFY(finished.wait(60000));
    const QString message = finished.first().first().toString();
    QVERIFY2(message.startsWith(u"Rebuilt to checkpoint"_s), qPrintable(message));
    QCOMPARE(progress->value(), 100);
    QCOMPARE(tab.findChild<QLabel *>(u"rebuildEta"_s)->text(), u"ETA: done"_s);

    auto store = openStore(path);
    const qint64 head = store->headPosition();
    QCOMPARE(
        count(*store, u"SELECT position FROM checkpoints WHERE projection = 'service_stats'"_s),
        head);
    QTRY_COMPARE(table->item(1, Checkpoint)->text(), QLocale().toString(head));
    QCOMPARE(table->item(1, LagEvents)->text(), u"0"_s);
    // The skip policy parks the poison notes again: a rebuild does not fix a handler.
    QVERIFY(count(*store,
                  u"SELECT COUNT(*) FROM parked_events WHERE projection = "
                  "'service_stats'"_s)
            > 0);
    const std::unique_ptr<Projection> projection = createStandardProjection(u"service_stats"_s);
    ParkedEvents parked(*store);
    QVERIFY(projection->differencesFromFreshFold(*store, head, parked.positions(u"service_stats"_s))
                .isEmpty());
}

void TestProjectionsTab::lagChartReceivesPointsFromRunProgress()
{
    StoreReader reader;
    reader.setLocation(m_clean);
    ProjectionsTab tab(&reader, nullptr);
    auto *view = tab.findChild<ChartView *>(u"lagChart"_s);
    QVERIFY(view);
    const auto pointCount = [&](const QString &name) {
        for (QAbstractSeries *series : view->chart()->series()) {
            if (series->name() == name)
                return qobject_cast<QLineSeries *>(series)->count();
        }
        return -1;
    };
    QCOMPARE(pointCount(u"order_summary, events (left)"_s), 0);

    RunProgress progress;
    progress.head = 120;
    for (int i = 1; i <= 10; ++i) {
        progress.newLagSamples[u"order_summary"_s].append(
            { i * 500, i * 12, i * 10, i * 2, i * 40 });
        progress.newLagSamples[u"service_stats"_s].append({ i * 500, i * 12, i * 11, i, 20 });
    }
    tab.addProgress(progress);
    QCOMPARE(pointCount(u"order_summary, events (left)"_s), 10);
    QCOMPARE(pointCount(u"order_summary, wait (right)"_s), 10);
    QCOMPARE(pointCount(u"service_stats, events (left)"_s), 10);
    QCOMPARE(pointCount(u"service_stats, wait (right)"_s), 10);
    for (QAbstractSeries *series : view->chart()->series()) {
        if (series->name() == u"order_summary, wait (right)"_s)
            QCOMPARE(qobject_cast<QLineSeries *>(series)->at(9), QPointF(5.0, 400.0));
    }

    // The table follows the newest sample: its checkpoint, head minus it, its lag in ms.
    auto *table = tab.findChild<QTableWidget *>(u"projectionTable"_s);
    QCOMPARE(table->item(0, Head)->text(), u"120"_s);
    QCOMPARE(table->item(0, Checkpoint)->text(), u"100"_s);
    QCOMPARE(table->item(0, LagEvents)->text(), u"20"_s);
    QCOMPARE(table->item(0, LagMs)->text(), u"400"_s);
    QCOMPARE(table->item(1, Checkpoint)->text(), u"110"_s);

    // A later batch appends; many points are reduced to a bounded number per pixel column.
    RunProgress more;
    more.head = 5000;
    for (int i = 11; i <= 20000; ++i)
        more.newLagSamples[u"order_summary"_s].append({ i * 500, 5000, 4000, 1000 + i % 7, 90 });
    tab.addProgress(more);
    const qsizetype reduced = pointCount(u"order_summary, events (left)"_s);
    QVERIFY(reduced > 10);
    QVERIFY2(reduced <= 2 * std::max(100, view->width()), qPrintable(QString::number(reduced)));
    QCOMPARE(pointCount(u"service_stats, events (left)"_s), 10);

    // A wait of a minute is charted in seconds.
    RunProgress halted;
    halted.head = 5100;
    halted.newLagSamples[u"order_summary"_s].append({ 20001 * 500, 5100, 4000, 1100, 60000 });
    tab.addProgress(halted);
    QValueAxis *waitAxis = nullptr;
    for (QAbstractAxis *axis : view->chart()->axes(Qt::Vertical)) {
        if (axis->alignment() == Qt::AlignRight)
            waitAxis = qobject_cast<QValueAxis *>(axis);
    }
    QVERIFY(waitAxis);
    QCOMPARE(waitAxis->titleText(), u"Lag (s)"_s);
    QVERIFY(waitAxis->max() >= 60.0);
    for (QAbstractSeries *series : view->chart()->series()) {
        if (series->name() == u"order_summary, wait (right)"_s) {
            const QList<QPointF> points = qobject_cast<QLineSeries *>(series)->points();
            QCOMPARE(points.constLast(), QPointF(20001 * 0.5, 60.0));
        }
    }

    // One projection is shown at a time unless every one is chosen.
    auto *shown = tab.findChild<QComboBox *>(u"chartProjection"_s);
    QCOMPARE(shown->currentData().toString(), u"order_summary"_s);
    for (QAbstractSeries *series : view->chart()->series())
        QCOMPARE(series->isVisible(), series->name().startsWith(u"order_summary"_s));
    shown->setCurrentIndex(shown->findData(u"service_stats"_s));
    for (QAbstractSeries *series : view->chart()->series())
        QCOMPARE(series->isVisible(), series->name().startsWith(u"service_stats"_s));
    shown->setCurrentIndex(shown->findData(QString()));
    for (QAbstractSeries *series : view->chart()->series())
        QVERIFY(series->isVisible());
}

void TestProjectionsTab::writesAreRefusedWhileARunIsActive()
{
    const QString path = poisonedCopy(u"active.db"_s);
    QVERIFY(!path.isEmpty());
    StoreReader reader;
    reader.setLocation(path);
    SimulationController controller;
    ProjectionsTab tab(&reader, &controller);
    tab.refresh();
    auto *view = tab.findChild<QTableView *>(u"parkedTable"_s);
    QTRY_VERIFY(view->model()->rowCount() > 0);
    const int parked = view->model()->rowCount();

    controller.start(smallScenario(0.3), path, true);
    QTRY_VERIFY(controller.isActive());
    QVERIFY(!tab.findChild<QPushButton *>(u"replayButton"_s)->isEnabled());
    QVERIFY(!tab.findChild<QPushButton *>(u"rebuildButton"_s)->isEnabled());
    QSignalSpy finished(&tab, &ProjectionsTab::writeFinished);
    tab.findChild<QCheckBox *>(u"handlerFixed"_s)->setChecked(true);
    tab.replayParked();
    tab.rebuildProjection();
    QCOMPARE(finished.size(), 2);
    QVERIFY(!tab.isWriting());
    for (const QList<QVariant> &signal : std::as_const(finished))
        QVERIFY(signal.first().toString().contains(u"run is active"_s));
    QVERIFY(tab.findChild<QLabel *>(u"writeNote"_s)->text().contains(u"run is active"_s));

    controller.reset();
    QTRY_VERIFY(!controller.isActive());
    QTRY_VERIFY(tab.findChild<QPushButton *>(u"rebuildButton"_s)->isEnabled());
    auto store = openStore(path);
    QCOMPARE(count(*store, u"SELECT COUNT(*) FROM parked_events"_s), qint64(parked));
}

QTEST_MAIN(TestProjectionsTab)
#include "tst_projectionstab.moc"
