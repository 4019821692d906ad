#include "model/eventstore.h"
#include "model/orderrepository.h"
#include "model/snapshotstore.h"
#include "simulation/simulation.h"
#include "ui/inspectortab.h"
#include "ui/ordereventsmodel.h"
#include "ui/storereader.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSlider>
#include <QSpinBox>
#include <QSqlQuery>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

// Small orders with snapshots every 5 events and old-schema batches, so that loads use
// snapshots and some events are upcast.
Scenario inspectedScenario()
{
    Scenario scenario;
    scenario.name = u"Inspected"_s;
    scenario.seed = 11;
    scenario.orders.count = 12;
    scenario.orders.quantityMin = 200;
    scenario.orders.quantityMax = 600;
    scenario.orders.cancelRate = 0;
    scenario.execution.batchSize = 25;
    scenario.failures.paymentFailureRate = 0;
    scenario.failures.batchFailureRate = 0.2;
    scenario.failures.legacyEventRate = 0.4;
    scenario.snapshots.policy = u"every_n"_s;
    scenario.snapshots.n = 5;
    return scenario;
}

QString expectedSource(const LoadedOrder &loaded)
{
    const QString replayed = loaded.eventsReplayed == 1
        ? u"1 event replayed"_s
        : u"%1 events replayed"_s.arg(loaded.eventsReplayed);
    return loaded.snapshotVersion > 0
        ? u"From the snapshot at version %1, %2"_s.arg(loaded.snapshotVersion).arg(replayed)
        : u"No snapshot, %1"_s.arg(replayed);
}

QJsonObject shownJson(QPlainTextEdit *view)
{
    return QJsonDocument::fromJson(view->toPlainText().toUtf8()).object();
}

} // namespace

class TestInspectorTab : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void orderEventsModelPassesTheTester();
    void orderListShowsEveryOrderWithItsStatus();
    void searchNarrowsTheOrderList();
    void sliderShowsTheStateTheRepositoryLoads();
    void showOrderOpensTheWantedVersion();
    void diffListsExactlyTheChangedKeys();
    void upcastEventShowsStoredBesideUpcastJson();

private:
    struct Widgets
    {
        QTreeView *orders;
        QTableView *events;
        QSlider *slider;
        QSpinBox *compare;
        QPlainTextEdit *state;
        QLabel *source;
        QTableWidget *diff;
        QPlainTextEdit *stored;
        QPlainTextEdit *upcast;
    };
    static Widgets widgets(InspectorTab &tab);
    // The order with the longest stream, so that its loads cross snapshots.
    QString longestOrder();

    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<EventStore> m_store;
};

TestInspectorTab::Widgets TestInspectorTab::widgets(InspectorTab &tab)
{
    Widgets w {
        tab.findChild<QTreeView *>(u"orderList"_s),
        tab.findChild<QTableView *>(u"eventTable"_s),
        tab.findChild<QSlider *>(u"versionSlider"_s),
        tab.findChild<QSpinBox *>(u"compareVersion"_s),
        tab.findChild<QPlainTextEdit *>(u"stateJson"_s),
        tab.findChild<QLabel *>(u"snapshotSource"_s),
        tab.findChild<QTableWidget *>(u"diffTable"_s),
        tab.findChild<QPlainTextEdit *>(u"storedJson"_s),
        tab.findChild<QPlainTextEdit *>(u"upcastJson"_s),
    };
    Q_ASSERT(w.orders && w.events && w.slider && w.compare && w.state && w.source && w.diff
             && w.stored && w.upcast);
    return w;
}

void TestInspectorTab::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(u"inspected.db"_s);
    QString error;
    m_store = EventStore::open(m_path, EventStore::Access::ReadWriteCreate, &error);
    QVERIFY2(m_store, qPrintable(error));
    Simulation simulation(inspectedScenario(), *m_store);
    QVERIFY2(simulation.run(), qPrintable(simulation.errorString()));
    QVERIFY(simulation.report().failures.value(u"legacy_events"_s) > 0);
}

QString TestInspectorTab::longestOrder()
{
    QSqlQuery *query = m_store->execute(u"SELECT stream_id FROM events GROUP BY stream_id "
                                        "ORDER BY MAX(stream_version) DESC, stream_id LIMIT 1"_s);
    if (!query || !query->next())
        return {};
    const QString streamId = query->value(0).toString();
    query->finish();
    return streamId;
}

void TestInspectorTab::orderEventsModelPassesTheTester()
{
    OrderEventsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString streamId = longestOrder();
    const QList<RecordedEvent> events = m_store->readStream(streamId);
    QVERIFY(events.size() > 10);
    model.setEvents(events, { 5, 10 });
    QCOMPARE(model.rowCount(), events.size());
    QCOMPARE(model.columnCount(), int(OrderEventsModel::ColumnCount));
    QCOMPARE(model.index(0, OrderEventsModel::Type).data().toString(), u"OrderPlaced"_s);
    QCOMPARE(model.index(4, OrderEventsModel::Version).data().toString(), u"5 (snapshot)"_s);
    QCOMPARE(model.index(5, OrderEventsModel::Version).data().toString(), u"6"_s);
    QCOMPARE(model.rowForVersion(7), 6);
    QCOMPARE(model.rowForVersion(events.size() + 1), -1);
    for (int row = 0; row < model.rowCount(); ++row) {
        const QString summary = model.index(row, OrderEventsModel::Summary).data().toString();
        QVERIFY(!summary.isEmpty());
        QVERIFY2(!summary.startsWith(u"cannot"_s), qPrintable(summary));
    }
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestInspectorTab::orderListShowsEveryOrderWithItsStatus()
{
    StoreReader reader;
    reader.setLocation(m_path);
    InspectorTab tab(&reader, nullptr);
    tab.refresh();
    const Widgets w = widgets(tab);
    QAbstractItemModelTester tester(w.orders->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QStringList streams = m_store->streamIds();
    QTRY_COMPARE(w.orders->model()->rowCount(), streams.size());
    QSqlQuery *query = m_store->execute(u"SELECT order_id, status FROM order_summary"_s);
    QVERIFY(query);
    QMap<QString, QString> statuses;
    while (query->next())
        statuses.insert(query->value(0).toString(), query->value(1).toString());
    query->finish();
    for (int row = 0; row < w.orders->model()->rowCount(); ++row) {
        const QString id = w.orders->model()->index(row, 0).data().toString();
        QVERIFY(streams.contains(id));
        QCOMPARE(w.orders->model()->index(row, 1).data().toString(), statuses.value(id));
        QCOMPARE(w.orders->model()->index(row, 2).data().toLongLong(), m_store->streamVersion(id));
    }
    // With nothing picked, the first order is shown rather than empty panels.
    QTRY_COMPARE(tab.currentOrder(), streams.constFirst());
}

void TestInspectorTab::searchNarrowsTheOrderList()
{
    StoreReader reader;
    reader.setLocation(m_path);
    InspectorTab tab(&reader, nullptr);
    tab.refresh();
    const Widgets w = widgets(tab);
    QTRY_COMPARE(w.orders->model()->rowCount(), m_store->streamIds().size());
    const QString wanted = m_store->streamIds().at(2);
    tab.findChild<QLineEdit *>(u"orderSearch"_s)->setText(wanted.right(3));
    QTRY_COMPARE(w.orders->model()->rowCount(), 1);
    QCOMPARE(w.orders->model()->index(0, 0).data().toString(), wanted);
}

void TestInspectorTab::sliderShowsTheStateTheRepositoryLoads()
{
    StoreReader reader;
    reader.setLocation(m_path);
    InspectorTab tab(&reader, nullptr);
    const Widgets w = widgets(tab);
    const QString streamId = longestOrder();
    const qint64 length = m_store->streamVersion(streamId);
    tab.showOrder(streamId);
    QTRY_COMPARE(qint64(w.slider->maximum()), length);
    QCOMPARE(qint64(w.slider->value()), length);

    SnapshotStore snapshots(*m_store);
    OrderRepository repository(*m_store, snapshots);
    bool sawSnapshot = false;
    bool sawNoSnapshot = false;
    for (const qint64 version : { qint64(0), qint64(1), qint64(4), qint64(5), qint64(7), length / 2,
                                  length - 1, length }) {
        w.slider->setValue(int(version));
        const LoadedOrder loaded = repository.load(streamId, version);
        QVERIFY(loaded.isLoaded());
        sawSnapshot = sawSnapshot || loaded.snapshotVersion > 0;
        sawNoSnapshot = sawNoSnapshot || loaded.snapshotVersion == 0;
        QTRY_COMPARE(shownJson(w.state), loaded.order.state().toJson());
        QVERIFY2(w.source->text().startsWith(expectedSource(loaded)),
                 qPrintable(w.source->text() + u" / expected "_s + expectedSource(loaded)));
        // The slider and the events table show the same version.
        if (version > 0)
            QCOMPARE(w.events->currentIndex().row(), int(version - 1));
    }
    QVERIFY(sawSnapshot);
    QVERIFY(sawNoSnapshot);
}

void TestInspectorTab::showOrderOpensTheWantedVersion()
{
    StoreReader reader;
    reader.setLocation(m_path);
    InspectorTab tab(&reader, nullptr);
    tab.refresh();
    const Widgets w = widgets(tab);
    const QString streamId = m_store->streamIds().last();
    const qint64 middle = m_store->streamVersion(streamId) / 2;
    tab.showOrder(streamId, middle);
    QTRY_COMPARE(qint64(w.slider->value()), middle);
    QCOMPARE(tab.currentOrder(), streamId);
    QTRY_VERIFY(w.orders->currentIndex().isValid());
    QCOMPARE(w.orders->currentIndex().siblingAtColumn(0).data().toString(), streamId);
    SnapshotStore snapshots(*m_store);
    OrderRepository repository(*m_store, snapshots);
    QTRY_COMPARE(shownJson(w.state), repository.load(streamId, middle).order.state().toJson());

    // Picking the event in the table moves the slider to it.
    w.events->setCurrentIndex(w.events->model()->index(0, 0));
    QCOMPARE(w.slider->value(), 1);
}

void TestInspectorTab::diffListsExactlyTheChangedKeys()
{
    StoreReader reader;
    reader.setLocation(m_path);
    InspectorTab tab(&reader, nullptr);
    const Widgets w = widgets(tab);
    const QString streamId = longestOrder();
    const qint64 length = m_store->streamVersion(streamId);
    tab.showOrder(streamId);
    QTRY_COMPARE(qint64(w.slider->maximum()), length);

    SnapshotStore snapshots(*m_store);
    OrderRepository repository(*m_store, snapshots);
    const auto changedKeys = [&](qint64 from, qint64 to) {
        const QJsonObject before = repository.load(streamId, from).order.state().toJson();
        const QJsonObject after = repository.load(streamId, to).order.state().toJson();
        QStringList keys;
        for (const QString &key : after.keys()) {
            if (before.value(key) != after.value(key))
                keys.append(key);
        }
        return keys;
    };
    const auto shownKeys = [&] {
        QStringList keys;
        for (int row = 0; row < w.diff->rowCount(); ++row)
            keys.append(w.diff->item(row, 0)->text());
        return keys;
    };

    // "The version before": what one event changed.
    QCOMPARE(w.compare->value(), -1);
    w.slider->setValue(3);
    QStringList expected = changedKeys(2, 3);
    QVERIFY(expected.contains(u"version"_s));
    QTRY_COMPARE(shownKeys(), expected);

    // Two versions far apart.
    w.compare->setValue(1);
    w.slider->setValue(int(length));
    expected = changedKeys(1, length);
    QVERIFY(expected.size() > 3);
    QTRY_COMPARE(shownKeys(), expected);
    QCOMPARE(tab.findChild<QLabel *>(u"diffSummary"_s)->text(),
             u"From version 1 to %1, %2 key(s) changed:"_s.arg(length).arg(expected.size()));
    const int row = int(expected.indexOf(u"version"_s));
    QCOMPARE(w.diff->item(row, 1)->text(), u"1"_s);
    QCOMPARE(w.diff->item(row, 2)->text(), QString::number(length));

    // A version compared with itself changes nothing.
    w.compare->setValue(int(length));
    QTRY_COMPARE(w.diff->rowCount(), 0);
}

void TestInspectorTab::upcastEventShowsStoredBesideUpcastJson()
{
    QSqlQuery *query = m_store->execute(
        u"SELECT stream_id, stream_version FROM events WHERE event_type = 'BatchExecuted' "
        "AND schema_version = 1 ORDER BY global_position LIMIT 1"_s);
    QVERIFY(query && query->next());
    const QString streamId = query->value(0).toString();
    const qint64 version = query->value(1).toLongLong();
    query->finish();

    StoreReader reader;
    reader.setLocation(m_path);
    InspectorTab tab(&reader, nullptr);
    const Widgets w = widgets(tab);
    tab.showOrder(streamId, version - 1);
    QTRY_COMPARE(qint64(w.slider->value()), version - 1);
    auto *model = qobject_cast<OrderEventsModel *>(w.events->model());
    QVERIFY(model);
    const int row = model->rowForVersion(version);
    QVERIFY(model->isUpcast(row));
    QCOMPARE(model->index(row, OrderEventsModel::Schema).data().toString(), u"1 (upcast)"_s);

    w.events->setCurrentIndex(model->index(row, OrderEventsModel::Summary));
    QCOMPARE(qint64(w.slider->value()), version);
    const QJsonObject stored = shownJson(w.stored);
    const QJsonObject upcast = shownJson(w.upcast);
    QVERIFY(stored.contains(u"count"_s));
    QVERIFY(!stored.contains(u"delivered"_s));
    QVERIFY(upcast.contains(u"delivered"_s));
    QVERIFY(upcast.contains(u"requested"_s));
    QVERIFY(!upcast.contains(u"count"_s));
    QCOMPARE(upcast.value(u"delivered"_s), stored.value(u"count"_s));
    QCOMPARE(upcast, eventToJson(*model->event(row).decode().event));
}

QTEST_MAIN(TestInspectorTab)
#include "tst_inspectortab.moc"
