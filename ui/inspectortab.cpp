#include "ui/inspectortab.h"

#include "model/eventstore.h"
#include "model/orderrepository.h"
#include "model/snapshotstore.h"
#include "simulation/simulationcontroller.h"
#include "ui/ordereventsmodel.h"
#include "ui/storereader.h"

#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QSqlQuery>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

constexpr int MaxListedOrders = 1000;
constexpr int SearchDebounceMs = 250;
constexpr int VersionDebounceMs = 120;
constexpr int LiveRefreshIntervalMs = 2000;

const char *const Statuses[]
    = { "placed", "paid", "rejected", "in_progress", "completed", "failed", "cancelled" };

// Indented JSON with two spaces a level (QJsonDocument writes four): the panels are narrow.
QString indentedJson(const QJsonObject &object)
{
    QStringList lines = QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented))
                            .trimmed()
                            .split(u'\n');
    for (QString &line : lines) {
        qsizetype spaces = 0;
        while (spaces < line.size() && line.at(spaces) == u' ')
            ++spaces;
        line.remove(0, spaces - spaces / 2);
    }
    return lines.join(u'\n');
}

QString compactValue(const QJsonValue &value)
{
    if (value.isUndefined())
        return u"-"_s;
    // A one-element array renders any value, objects and null included, in JSON form.
    const QByteArray json = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

QColor statusColor(const QString &status)
{
    if (status == u"completed"_s)
        return QColor(0x1b, 0x7f, 0x3b);
    if (status == u"failed"_s || status == u"rejected"_s)
        return QColor(0xc0, 0x39, 0x2b);
    if (status == u"cancelled"_s)
        return QColor(0x7f, 0x7f, 0x7f);
    return QColor(0x1f, 0x5f, 0xa8);
}

QPlainTextEdit *jsonView(const QString &objectName, const QString &placeholder)
{
    auto *view = new QPlainTextEdit;
    view->setObjectName(objectName);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setPlaceholderText(placeholder);
    return view;
}

} // namespace

struct InspectorTab::Listing
{
    struct Row
    {
        QString streamId;
        QString status; // from order_summary; empty when the read model has no row yet
        qint64 version = 0;
    };
    quint64 generation = 0;
    QList<Row> rows;
    bool truncated = false;
    QString error;
};

struct InspectorTab::Events
{
    quint64 generation = 0;
    QString streamId;
    QList<RecordedEvent> events;
    QSet<qint64> snapshotVersions;
    QString error;
};

struct InspectorTab::States
{
    quint64 generation = 0;
    qint64 version = 0;
    qint64 compareVersion = 0;
    LoadedOrder at; // the order at `version`
    LoadedOrder before; // the order at `compareVersion`
};

InspectorTab::InspectorTab(StoreReader *reader, SimulationController *controller, QWidget *parent)
    : QWidget(parent)
    , m_reader(reader)
    , m_controller(controller)
{
    // The order picker.
    m_search = new QLineEdit;
    m_search->setObjectName(u"orderSearch"_s);
    m_search->setPlaceholderText(tr("Search orders, e.g. 42"));
    m_search->setClearButtonEnabled(true);
    m_statusFilter = new QComboBox;
    m_statusFilter->setObjectName(u"statusFilter"_s);
    m_statusFilter->addItem(tr("Every status"), QString());
    for (const char *status : Statuses)
        m_statusFilter->addItem(QString::fromLatin1(status), QString::fromLatin1(status));
    m_statusFilter->setToolTip(tr("The status as the order_summary read model has it"));
    m_orders = new QStandardItemModel(this);
    m_orders->setHorizontalHeaderLabels({ tr("Order"), tr("Status"), tr("Events") });
    m_orderList = new QTreeView;
    m_orderList->setObjectName(u"orderList"_s);
    m_orderList->setModel(m_orders);
    m_orderList->setRootIsDecorated(false);
    m_orderList->setUniformRowHeights(true);
    m_orderList->setAlternatingRowColors(true);
    m_orderList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_orderList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_orderList->header()->setStretchLastSection(false);
    m_orderList->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_orderList->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_orderList->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_orderCount = new QLabel(tr("No orders yet: run a scenario."));
    m_orderCount->setWordWrap(true);

    auto *pickerBox = new QGroupBox(tr("Orders"));
    auto *pickerLayout = new QVBoxLayout(pickerBox);
    pickerLayout->addWidget(m_search);
    pickerLayout->addWidget(m_statusFilter);
    pickerLayout->addWidget(m_orderList, 1);
    pickerLayout->addWidget(m_orderCount);

    // The order's events.
    m_title = new QLabel(tr("Pick an order to see its events."));
    m_title->setObjectName(u"orderTitle"_s);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_events = new OrderEventsModel(this);
    m_eventTable = new QTableView;
    m_eventTable->setObjectName(u"eventTable"_s);
    m_eventTable->setModel(m_events);
    m_eventTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_eventTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_eventTable->setAlternatingRowColors(true);
    m_eventTable->setWordWrap(false);
    m_eventTable->verticalHeader()->hide();
    m_eventTable->verticalHeader()->setDefaultSectionSize(m_eventTable->fontMetrics().height() + 6);
    m_eventTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_eventTable->horizontalHeader()->setStretchLastSection(true);

    auto *eventsBox = new QWidget;
    auto *eventsLayout = new QVBoxLayout(eventsBox);
    eventsLayout->setContentsMargins(0, 0, 0, 0);
    eventsLayout->addWidget(m_title);
    eventsLayout->addWidget(m_eventTable, 1);

    auto *top = new QSplitter(Qt::Horizontal);
    top->addWidget(pickerBox);
    top->addWidget(eventsBox);
    top->setStretchFactor(0, 0);
    top->setStretchFactor(1, 1);
    top->setSizes({ 270, 680 });

    // Time travel.
    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setObjectName(u"versionSlider"_s);
    m_slider->setRange(0, 0);
    m_slider->setEnabled(false);
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_slider->setToolTip(tr("Drag to see the order's state after any of its events"));
    m_versionLabel = new QLabel;
    m_versionLabel->setObjectName(u"versionLabel"_s);
    m_versionLabel->setMinimumWidth(m_versionLabel->fontMetrics().horizontalAdvance(
        tr("Version %1 of %2").arg(9999).arg(9999)));
    auto *sliderRow = new QHBoxLayout;
    sliderRow->addWidget(new QLabel(tr("Time travel:")));
    sliderRow->addWidget(m_slider, 1);
    sliderRow->addWidget(m_versionLabel);

    // The state at the slider's version.
    m_stateBox = new QGroupBox(tr("State"));
    m_source = new QLabel;
    m_source->setObjectName(u"snapshotSource"_s);
    m_source->setWordWrap(true);
    m_state = jsonView(u"stateJson"_s, tr("The order's state appears here."));
    auto *stateLayout = new QVBoxLayout(m_stateBox);
    stateLayout->addWidget(m_source);
    stateLayout->addWidget(m_state, 1);

    // The diff between the compare version and the slider's version.
    m_diffBox = new QGroupBox(tr("Changes"));
    m_compare = new QSpinBox;
    m_compare->setObjectName(u"compareVersion"_s);
    m_compare->setRange(-1, 0);
    m_compare->setSpecialValueText(tr("the version before"));
    m_compare->setValue(-1);
    m_compare->setToolTip(tr("The version to compare the slider's version with"));
    m_diffSummary = new QLabel;
    m_diffSummary->setObjectName(u"diffSummary"_s);
    m_diffSummary->setWordWrap(true);
    m_diff = new QTableWidget(0, 3);
    m_diff->setObjectName(u"diffTable"_s);
    m_diff->setHorizontalHeaderLabels({ tr("Key"), tr("Before"), tr("After") });
    m_diff->verticalHeader()->hide();
    m_diff->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_diff->setWordWrap(false);
    // The values share what the key leaves; a long one is elided, its tooltip has it whole.
    m_diff->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_diff->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_diff->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    auto *compareRow = new QHBoxLayout;
    compareRow->addWidget(new QLabel(tr("Compare with")));
    compareRow->addWidget(m_compare, 1);
    auto *diffLayout = new QVBoxLayout(m_diffBox);
    diffLayout->addLayout(compareRow);
    diffLayout->addWidget(m_diffSummary);
    diffLayout->addWidget(m_diff, 1);

    // The selected event as stored and as read.
    m_eventBox = new QGroupBox(tr("Event"));
    m_storedLabel = new QLabel(tr("Stored"));
    m_readLabel = new QLabel(tr("As read"));
    m_storedLabel->setWordWrap(true);
    m_readLabel->setWordWrap(true);
    m_stored = jsonView(u"storedJson"_s, tr("Select an event."));
    m_read = jsonView(u"upcastJson"_s, tr("Select an event."));
    auto *eventGrid = new QGridLayout(m_eventBox);
    eventGrid->addWidget(m_storedLabel, 0, 0);
    eventGrid->addWidget(m_readLabel, 0, 1);
    eventGrid->addWidget(m_stored, 1, 0);
    eventGrid->addWidget(m_read, 1, 1);
    eventGrid->setRowStretch(1, 1);
    eventGrid->setHorizontalSpacing(4);

    auto *bottom = new QSplitter(Qt::Horizontal);
    bottom->addWidget(m_stateBox);
    bottom->addWidget(m_diffBox);
    bottom->addWidget(m_eventBox);
    bottom->setSizes({ 275, 235, 440 });

    auto *bottomPane = new QWidget;
    auto *bottomLayout = new QVBoxLayout(bottomPane);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addLayout(sliderRow);
    bottomLayout->addWidget(bottom, 1);

    auto *vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(top);
    vertical->addWidget(bottomPane);
    vertical->setSizes({ 300, 430 });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(vertical);

    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(SearchDebounceMs);
    m_versionTimer.setSingleShot(true);
    m_versionTimer.setInterval(VersionDebounceMs);
    connect(&m_searchTimer, &QTimer::timeout, this, &InspectorTab::loadOrders);
    connect(&m_versionTimer, &QTimer::timeout, this, &InspectorTab::loadState);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchTimer.start(); });
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &InspectorTab::loadOrders);
    connect(m_orderList->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &InspectorTab::orderPicked);
    connect(m_eventTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &InspectorTab::eventPicked);
    connect(m_slider, &QSlider::valueChanged, this, &InspectorTab::versionChanged);
    connect(m_compare, &QSpinBox::valueChanged, this, [this] { m_versionTimer.start(); });
    connect(m_reader, &StoreReader::locationChanged, this, [this] {
        m_streamId.clear();
        m_events->clear();
        m_slider->setRange(0, 0);
        m_slider->setEnabled(false);
        m_state->clear();
        m_diff->setRowCount(0);
        m_source->clear();
        m_diffSummary->clear();
        m_title->setText(tr("Pick an order to see its events."));
        showEventJson(-1);
    });
    if (m_controller) {
        connect(m_controller, &SimulationController::progressed, this, [this] {
            // While a run goes on, follow it now and then, not on every batch: the list query
            // and the stream read are not free on a large store.
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            if (isVisible() && now - m_lastLiveRefresh >= LiveRefreshIntervalMs) {
                m_lastLiveRefresh = now;
                refresh();
            }
        });
    }
    versionChanged(0);
    showEventJson(-1);
}

InspectorTab::~InspectorTab() = default;

void InspectorTab::refresh()
{
    loadOrders();
    if (!m_streamId.isEmpty()) {
        // Keep the version the user looks at; one at the end follows the stream as it grows.
        if (m_pendingVersion < 0 && m_slider->value() < m_slider->maximum())
            m_pendingVersion = m_slider->value();
        loadEvents();
    }
}

void InspectorTab::showOrder(const QString &streamId, qint64 version)
{
    if (streamId.isEmpty())
        return;
    m_streamId = streamId;
    m_pendingVersion = version;
    m_title->setText(tr("%1: loading its events...").arg(streamId));
    selectOrderInList();
    loadEvents();
}

void InspectorTab::loadOrders()
{
    QString pattern = m_search->text().trimmed();
    pattern.replace(u"\\"_s, u"\\\\"_s).replace(u"%"_s, u"\\%"_s).replace(u"_"_s, u"\\_"_s);
    pattern = u"%"_s + pattern + u"%"_s;
    const QString status = m_statusFilter->currentData().toString();
    const quint64 generation = ++m_ordersGeneration;
    m_reader->read<Listing>(
        this,
        [generation, pattern, status](EventStore &store) {
            Listing listing;
            listing.generation = generation;
            // Grouping follows the (stream_id, stream_version) index, so the LIMIT ends the
            // scan early on a large store. An order has one summary row: MAX picks its status
            // (PostgreSQL takes no bare column beside an aggregate).
            QString sql = u"SELECT e.stream_id, MAX(e.stream_version), MAX(s.status) "
                          "FROM events e LEFT JOIN order_summary s ON s.order_id = e.stream_id "
                          "WHERE e.stream_id LIKE ? ESCAPE '\\' "_s;
            QVariantList values { pattern };
            if (!status.isEmpty()) {
                sql += u"AND s.status = ? "_s;
                values.append(status);
            }
            sql += u"GROUP BY e.stream_id ORDER BY e.stream_id LIMIT ?"_s;
            values.append(MaxListedOrders + 1);
            QSqlQuery *query = store.execute(sql, values);
            if (!query) {
                listing.error = store.errorString();
                return listing;
            }
            while (query->next()) {
                if (listing.rows.size() == MaxListedOrders) {
                    listing.truncated = true;
                    break;
                }
                listing.rows.append({ query->value(0).toString(), query->value(2).toString(),
                                      query->value(1).toLongLong() });
            }
            query->finish();
            return listing;
        },
        [this](const Listing &listing) { ordersLoaded(listing); }, StoreReader::Lane::Scan);
}

void InspectorTab::ordersLoaded(const Listing &listing)
{
    if (listing.generation != m_ordersGeneration)
        return;
    if (!listing.error.isEmpty()) {
        m_orderCount->setText(tr("Cannot list the orders: %1").arg(listing.error));
        return;
    }
    const QSignalBlocker blocker(m_orderList->selectionModel());
    m_orders->removeRows(0, m_orders->rowCount());
    for (const Listing::Row &row : listing.rows) {
        auto *id = new QStandardItem(row.streamId);
        auto *status = new QStandardItem(row.status.isEmpty() ? tr("(not projected)") : row.status);
        status->setForeground(statusColor(row.status));
        auto *version = new QStandardItem(QString::number(row.version));
        version->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_orders->appendRow({ id, status, version });
    }
    const bool filtered = !m_search->text().trimmed().isEmpty()
        || !m_statusFilter->currentData().toString().isEmpty();
    if (listing.truncated)
        m_orderCount->setText(
            tr("The first %1 orders. Type part of an order number to narrow the list.")
                .arg(MaxListedOrders));
    else if (listing.rows.isEmpty())
        m_orderCount->setText(filtered ? tr("No order matches.")
                                       : tr("No orders yet: run a scenario."));
    else
        m_orderCount->setText(filtered ? tr("%1 matching orders.").arg(listing.rows.size())
                                       : tr("%1 orders.").arg(listing.rows.size()));
    selectOrderInList();
    // Nothing picked yet: show the first order rather than empty panels.
    if (m_streamId.isEmpty() && !listing.rows.isEmpty())
        showOrder(listing.rows.constFirst().streamId);
}

void InspectorTab::selectOrderInList()
{
    const QSignalBlocker blocker(m_orderList->selectionModel());
    const QList<QStandardItem *> found = m_orders->findItems(m_streamId, Qt::MatchExactly, 0);
    if (found.isEmpty()) {
        m_orderList->clearSelection();
        return;
    }
    const QModelIndex index = found.constFirst()->index();
    m_orderList->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_orderList->scrollTo(index);
}

void InspectorTab::orderPicked()
{
    const QModelIndex current = m_orderList->currentIndex();
    if (!current.isValid())
        return;
    const QString streamId = m_orders->item(current.row(), 0)->text();
    if (streamId != m_streamId)
        showOrder(streamId);
}

void InspectorTab::loadEvents()
{
    const quint64 generation = ++m_eventsGeneration;
    m_reader->read<Events>(
        this,
        [generation, streamId = m_streamId](EventStore &store) {
            Events result;
            result.generation = generation;
            result.streamId = streamId;
            result.events = store.readStream(streamId);
            if (!store.errorString().isEmpty()) {
                result.error = store.errorString();
                return result;
            }
            QSqlQuery *query = store.execute(
                u"SELECT stream_version FROM snapshots WHERE stream_id = ?"_s, { streamId });
            if (!query) {
                result.error = store.errorString();
                return result;
            }
            while (query->next())
                result.snapshotVersions.insert(query->value(0).toLongLong());
            query->finish();
            return result;
        },
        [this](const Events &events) { eventsLoaded(events); });
}

void InspectorTab::eventsLoaded(const Events &result)
{
    if (result.generation != m_eventsGeneration || result.streamId != m_streamId)
        return;
    if (!result.error.isEmpty()) {
        m_title->setText(tr("Cannot read %1: %2").arg(result.streamId, result.error));
        return;
    }
    m_events->setEvents(result.events, result.snapshotVersions);
    const qint64 length = result.events.isEmpty() ? 0 : result.events.constLast().streamVersion;
    const QList<QStandardItem *> listed = m_orders->findItems(m_streamId, Qt::MatchExactly, 0);
    const QString status
        = listed.isEmpty() ? QString() : m_orders->item(listed.constFirst()->row(), 1)->text();
    QString title = tr("%1: %2 events, %3 snapshots")
                        .arg(m_streamId)
                        .arg(length)
                        .arg(result.snapshotVersions.size());
    if (!status.isEmpty())
        title += tr(" (status in order_summary: %1)").arg(status);
    m_title->setText(title);

    const qint64 wanted = m_pendingVersion < 0 ? length : std::min(m_pendingVersion, length);
    m_pendingVersion = -1;
    {
        const QSignalBlocker blocker(m_slider);
        m_slider->setRange(0, int(length));
        m_slider->setTickInterval(length > 40 ? int(length / 20) : 1);
        m_slider->setPageStep(std::max(1, int(length / 10)));
        m_slider->setEnabled(length > 0);
        m_slider->setValue(int(wanted));
    }
    m_compare->setMaximum(int(length));
    versionChanged(int(wanted));
    // A new stream's state is wanted now, not after the debounce.
    m_versionTimer.stop();
    loadState();
}

void InspectorTab::versionChanged(int version)
{
    m_versionLabel->setText(tr("Version %1 of %2").arg(version).arg(m_slider->maximum()));
    m_stateBox->setTitle(tr("State at version %1").arg(version));
    const int row = m_events->rowForVersion(version);
    {
        const QSignalBlocker blocker(m_eventTable->selectionModel());
        if (row >= 0) {
            const QModelIndex index = m_events->index(row, 0);
            m_eventTable->selectionModel()->setCurrentIndex(
                index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_eventTable->scrollTo(index);
        } else {
            m_eventTable->clearSelection();
        }
    }
    showEventJson(row);
    if (!m_streamId.isEmpty())
        m_versionTimer.start();
}

void InspectorTab::eventPicked()
{
    const QModelIndex current = m_eventTable->currentIndex();
    if (!current.isValid())
        return;
    // The state after the picked event: the slider follows the table.
    m_slider->setValue(int(m_events->event(current.row()).streamVersion));
}

qint64 InspectorTab::compareVersion() const
{
    const int compare = m_compare->value();
    return compare < 0 ? std::max(0, m_slider->value() - 1) : compare;
}

void InspectorTab::loadState()
{
    if (m_streamId.isEmpty())
        return;
    const quint64 generation = ++m_stateGeneration;
    const qint64 version = m_slider->value();
    const qint64 before = compareVersion();
    m_source->setText(tr("Loading version %1...").arg(version));
    m_reader->read<States>(
        this,
        [generation, streamId = m_streamId, version, before](EventStore &store) {
            SnapshotStore snapshots(store);
            OrderRepository repository(store, snapshots);
            States states;
            states.generation = generation;
            states.version = version;
            states.compareVersion = before;
            states.at = repository.load(streamId, version);
            states.before = repository.load(streamId, before);
            return states;
        },
        [this](const States &states) { stateLoaded(states); });
}

void InspectorTab::stateLoaded(const States &states)
{
    if (states.generation != m_stateGeneration)
        return;
    const LoadedOrder &at = states.at;
    if (!at.isLoaded()) {
        m_source->setText(tr("Cannot load version %1: %2").arg(states.version).arg(at.error));
        m_state->clear();
        return;
    }
    QString source = at.snapshotVersion > 0
        ? (at.eventsReplayed == 1
               ? tr("From the snapshot at version %1, 1 event replayed").arg(at.snapshotVersion)
               : tr("From the snapshot at version %1, %2 events replayed")
                     .arg(at.snapshotVersion)
                     .arg(at.eventsReplayed))
        : (at.eventsReplayed == 1 ? tr("No snapshot, 1 event replayed")
                                  : tr("No snapshot, %1 events replayed").arg(at.eventsReplayed));
    if (at.upcastEvents > 0)
        source += tr(" (%1 of them upcast from an older schema)").arg(at.upcastEvents);
    if (at.snapshotsIgnored > 0)
        source += tr("; %1 newer snapshots ignored (old schema)").arg(at.snapshotsIgnored);
    m_source->setText(source + u"."_s);
    const QJsonObject after = at.order.state().toJson();
    m_state->setPlainText(indentedJson(after));

    m_diff->setRowCount(0);
    if (!states.before.isLoaded()) {
        m_diffSummary->setText(
            tr("Cannot load version %1: %2").arg(states.compareVersion).arg(states.before.error));
        return;
    }
    const QJsonObject before = states.before.order.state().toJson();
    QStringList keys = before.keys();
    for (const QString &key : after.keys()) {
        if (!keys.contains(key))
            keys.append(key);
    }
    keys.sort();
    m_diff->setHorizontalHeaderLabels(
        { tr("Key"), tr("At %1").arg(states.compareVersion), tr("At %1").arg(states.version) });
    for (const QString &key : std::as_const(keys)) {
        const QJsonValue was = before.value(key);
        const QJsonValue is = after.value(key);
        if (was == is)
            continue;
        const int row = m_diff->rowCount();
        m_diff->insertRow(row);
        m_diff->setItem(row, 0, new QTableWidgetItem(key));
        m_diff->setItem(row, 1, new QTableWidgetItem(compactValue(was)));
        m_diff->setItem(row, 2, new QTableWidgetItem(compactValue(is)));
        m_diff->item(row, 1)->setToolTip(compactValue(was));
        m_diff->item(row, 2)->setToolTip(compactValue(is));
    }
    m_diff->resizeRowsToContents();
    const int changed = m_diff->rowCount();
    if (states.compareVersion == states.version)
        m_diffSummary->setText(tr("Comparing version %1 with itself: nothing changes. Pick "
                                  "another version to compare with.")
                                   .arg(states.version));
    else if (changed == 0)
        m_diffSummary->setText(tr("From version %1 to %2 no key changed.")
                                   .arg(states.compareVersion)
                                   .arg(states.version));
    else
        m_diffSummary->setText(tr("From version %1 to %2, %n key(s) changed:", nullptr, changed)
                                   .arg(states.compareVersion)
                                   .arg(states.version));
}

void InspectorTab::showEventJson(int row)
{
    if (row < 0) {
        m_eventBox->setTitle(tr("Event"));
        m_storedLabel->setText(tr("Stored"));
        m_readLabel->setText(tr("As read"));
        m_stored->clear();
        m_read->clear();
        const QString hint = m_streamId.isEmpty()
            ? tr("Select an event.")
            : tr("Version 0 is the order before its first event. Move the slider or select an "
                 "event.");
        m_stored->setPlaceholderText(hint);
        m_read->setPlaceholderText(hint);
        return;
    }
    const RecordedEvent &event = m_events->event(row);
    m_eventBox->setTitle(tr("Event %1: %2").arg(event.streamVersion).arg(event.eventType));
    const QJsonObject stored = QJsonDocument::fromJson(event.payload).object();
    m_stored->setPlainText(indentedJson(stored));
    m_storedLabel->setText(tr("Stored (schema %1)").arg(event.schemaVersion));
    const DecodedEvent decoded = event.decode();
    if (!decoded.event) {
        m_read->setPlainText(decoded.error);
        m_readLabel->setText(tr("Cannot be read"));
        return;
    }
    m_read->setPlainText(indentedJson(eventToJson(*decoded.event)));
    m_readLabel->setText(
        decoded.upcast ? tr("Upcast on read (schema %1)").arg(currentSchemaVersion(event.eventType))
                       : tr("As read: the same, no upcast"));
}

} // namespace eslab
