#include "ui/eventstreamtab.h"

#include "model/events.h"
#include "model/eventstore.h"
#include "simulation/simulationcontroller.h"
#include "ui/chartview.h"
#include "ui/eventstreammodel.h"
#include "ui/rowwindowmodel.h"
#include "ui/storereader.h"

#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLocale>
#include <QMap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QScrollBar>
#include <QSplitter>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QStringListModel>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

constexpr int FilterDelayMs = 300;
constexpr int CompletionDelayMs = 150;
constexpr int CompletionLimit = 20;
constexpr int TimelineBuckets = 400; // about; the bucket is a round duration
constexpr int TimelineMinIntervalMs = 1000;

// Round bucket sizes, so that the axis reads "events per 5 s" rather than per 4,327 ms.
qint64 roundBucket(qint64 spanMs)
{
    static constexpr qint64 steps[] = { 100,     200,     500,      1000,     2000,
                                        5000,    10000,   15000,    30000,    60000,
                                        120000,  300000,  600000,   900000,   1800000,
                                        3600000, 7200000, 21600000, 43200000, 86400000 };
    const qint64 wanted = spanMs / TimelineBuckets;
    for (qint64 step : steps) {
        if (step >= wanted)
            return step;
    }
    const qint64 day = steps[std::size(steps) - 1];
    return (wanted + day - 1) / day * day;
}

QString durationText(qint64 ms)
{
    if (ms < 1000)
        return EventStreamTab::tr("%1 ms").arg(ms);
    if (ms < 60000)
        return EventStreamTab::tr("%1 s").arg(ms / 1000);
    if (ms < 3600000)
        return EventStreamTab::tr("%1 min").arg(ms / 60000);
    return EventStreamTab::tr("%1 h").arg(ms / 3600000);
}

bool isDigits(const QString &text)
{
    return !text.isEmpty()
        && std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.isDigit(); });
}

// Stream ids are order-<n> with n zero-padded to 6 digits, so "42" means order-000042.
QString normalizedStreamId(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (isDigits(trimmed) && trimmed.size() <= 9)
        return u"order-%1"_s.arg(trimmed.toLongLong(), 6, 10, QLatin1Char('0'));
    return trimmed;
}

} // namespace

struct EventStreamTab::Timeline
{
    int ticket = 0;
    bool live = false;
    QString runId;
    qint64 firstPosition = 0; // the run's first event
    qint64 upTo = 0; // the last position counted
    qint64 bucketMs = 0;
    QMap<qint64, qint64> buckets; // bucket number -> events, for the next live read to add to
    QList<QPointF> events; // (bucket start in ms, events in the bucket)
    QList<QPointF> snapshots; // (bucket start in ms, snapshots taken in the bucket)
    qint64 eventCount = 0;
    qint64 snapshotCount = 0;
    qint64 costMs = 0;
    QString error;
};

namespace {

// Adds each bucket's count from `query` (bucket number, count) to `buckets`.
void addBuckets(QSqlQuery &query, QMap<qint64, qint64> *buckets)
{
    while (query.next())
        (*buckets)[query.value(0).toLongLong()] += query.value(1).toLongLong();
    query.finish();
}

// Each bucket's count as a point, with empty buckets as zeros so that a quiet stretch shows as
// one and is not drawn across.
QList<QPointF> bucketPoints(const QMap<qint64, qint64> &buckets, qint64 bucketMs, qint64 *total,
                            bool fillGaps)
{
    constexpr qint64 MaxGap = 100000;
    QList<QPointF> points;
    qint64 previous = -1;
    for (auto it = buckets.cbegin(); it != buckets.cend(); ++it) {
        const qint64 bucket = it.key();
        const qint64 count = it.value();
        if (fillGaps && previous >= 0 && bucket - previous > 1) {
            if (bucket - previous <= MaxGap) {
                for (qint64 b = previous + 1; b < bucket; ++b)
                    points.append(QPointF(double(b * bucketMs), 0));
            } else {
                points.append(QPointF(double((previous + 1) * bucketMs), 0));
                points.append(QPointF(double((bucket - 1) * bucketMs), 0));
            }
        }
        points.append(QPointF(double(bucket * bucketMs), double(count)));
        *total += count;
        previous = bucket;
    }
    return points;
}

} // namespace

// On the reader thread. The timeline covers the latest run: recorded_at restarts at 0 with each
// run, so a whole store of several runs would pile its runs on top of each other. A run's events
// are contiguous in the global stream, so its first position is found by a binary search on the
// run_id of single rows (a few dozen primary-key reads, even over ten million events), and one
// GROUP BY over the run's range counts the buckets.
//
// A live read goes on from `previous`, the last read of the same run: the run's first position
// is known, and while the bucket size stays the same only the events after the previous read
// are counted, so that a long run in the window is not counted again from its start every
// second. When the run has grown into a larger bucket, every event of it is counted again.
EventStreamTab::Timeline EventStreamTab::readTimeline(EventStore &store, const Timeline *previous)
{
    QElapsedTimer clock;
    clock.start();
    Timeline timeline;
    const qint64 head = store.headPosition();
    if (head <= 0) {
        if (head < 0)
            timeline.error = store.errorString();
        return timeline;
    }
    const auto eventAt = [&store](qint64 position) -> std::optional<RecordedEvent> {
        const QList<RecordedEvent> events = store.readAll(position - 1, 1);
        if (events.isEmpty())
            return std::nullopt;
        return events.constFirst();
    };
    const auto runOf = [](const RecordedEvent &event) {
        return QJsonDocument::fromJson(event.metadata).object().value(u"run_id"_s).toString();
    };
    const std::optional<RecordedEvent> last = eventAt(head);
    if (!last) {
        timeline.error = store.errorString();
        return timeline;
    }
    timeline.runId = runOf(*last);
    timeline.upTo = head;
    const bool goesOn = previous && previous->runId == timeline.runId && previous->firstPosition > 0
        && previous->upTo <= head;
    if (goesOn) {
        timeline.firstPosition = previous->firstPosition;
    } else {
        qint64 low = 1;
        qint64 high = head;
        while (low < high) {
            const qint64 middle = low + (high - low) / 2;
            const std::optional<RecordedEvent> event = eventAt(middle);
            if (event && runOf(*event) == timeline.runId)
                high = middle;
            else
                low = middle + 1;
        }
        timeline.firstPosition = low;
    }
    const qint64 firstPosition = timeline.firstPosition;
    const std::optional<RecordedEvent> first = eventAt(firstPosition);

    // Simulated time only moves forward within a run, so its last event tells the span.
    timeline.bucketMs = roundBucket(last->recordedAt);
    qint64 countFrom = firstPosition;
    if (goesOn && previous->bucketMs == timeline.bucketMs) {
        timeline.buckets = previous->buckets;
        countFrom = previous->upTo + 1;
    }
    QSqlQuery *events = store.execute(u"SELECT recorded_at / ?, COUNT(*) FROM events "
                                      "WHERE global_position >= ? AND global_position <= ? "
                                      "GROUP BY 1 ORDER BY 1"_s,
                                      { timeline.bucketMs, countFrom, head });
    if (!events) {
        timeline.error = store.errorString();
        return timeline;
    }
    addBuckets(*events, &timeline.buckets);
    timeline.events = bucketPoints(timeline.buckets, timeline.bucketMs, &timeline.eventCount, true);

    // The run's orders are numbered after every earlier one; ids are compared by length first
    // because order-1000000 sorts before order-200000 as text.
    const QString firstStream = firstPosition > 1 && first ? first->streamId : QString();
    QSqlQuery *snapshots
        = store.execute(u"SELECT taken_at / ?, COUNT(*) FROM snapshots WHERE length(stream_id) > ? "
                        "OR (length(stream_id) = ? AND stream_id >= ?) GROUP BY 1 ORDER BY 1"_s,
                        { timeline.bucketMs, firstStream.size(), firstStream.size(), firstStream });
    if (!snapshots) {
        timeline.error = store.errorString();
        return timeline;
    }
    QMap<qint64, qint64> snapshotBuckets;
    addBuckets(*snapshots, &snapshotBuckets);
    timeline.snapshots
        = bucketPoints(snapshotBuckets, timeline.bucketMs, &timeline.snapshotCount, false);
    timeline.costMs = clock.elapsed();
    return timeline;
}

EventStreamTab::EventStreamTab(StoreReader *reader, SimulationController *controller,
                               QWidget *parent)
    : QWidget(parent)
    , m_reader(reader)
    , m_controller(controller)
    , m_model(new EventStreamModel(reader, this))
    , m_window(new RowWindowModel(m_model, this))
{
    auto *filterBar = new QWidget;
    buildFilterBar(filterBar);

    m_table = new QTableView;
    m_table->setObjectName(u"eventTable"_s);
    m_table->setModel(m_window);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setCornerButtonEnabled(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    // The table scrolls a row at a time over the window; the tab's scroll bar, over every row,
    // stands in for its own.
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->installEventFilter(this);
    // A fixed row height keeps the vertical header from measuring any row.
    QHeaderView *rows = m_table->verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    QHeaderView *columns = m_table->horizontalHeader();
    columns->setHighlightSections(false);
    columns->setStretchLastSection(true);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    // Widths from samples rather than ResizeToContents, which would read rows to measure them.
    const QFontMetrics cell = m_table->fontMetrics();
    const QFontMetrics head = columns->fontMetrics();
    const std::pair<int, QString> samples[] = {
        { EventStreamModel::PositionColumn, u"1000000"_s },
        { EventStreamModel::StreamColumn, u"order-000000"_s },
        { EventStreamModel::VersionColumn, u"0000"_s },
        { EventStreamModel::TypeColumn, u"OrderCancelled"_s },
        { EventStreamModel::SchemaVersionColumn, u"0"_s },
        { EventStreamModel::RecordedAtColumn, u"00:00:00.000"_s },
    };
    for (const auto &[column, sample] : samples) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        m_table->setColumnWidth(
            column,
            std::max(cell.horizontalAdvance(sample), head.horizontalAdvance(title) + 6) + 14);
    }

    m_scrollBar = new QScrollBar(Qt::Vertical);
    m_scrollBar->setObjectName(u"eventScrollBar"_s);
    auto *tableBox = new QWidget;
    auto *tableLayout = new QHBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->setSpacing(0);
    tableLayout->addWidget(m_table, 1);
    // Beside the rows, below the column titles, as the table's own scroll bar would be.
    auto *barLayout = new QVBoxLayout;
    barLayout->setContentsMargins(0, m_table->frameWidth() + columns->sizeHint().height(), 0,
                                  m_table->frameWidth());
    barLayout->addWidget(m_scrollBar);
    tableLayout->addLayout(barLayout);

    QWidget *details = buildDetails();
    buildTimeline();

    auto *tableAndDetails = new QSplitter(Qt::Horizontal);
    tableAndDetails->setObjectName(u"tableSplitter"_s);
    tableAndDetails->addWidget(tableBox);
    tableAndDetails->addWidget(details);
    tableAndDetails->setStretchFactor(0, 3);
    tableAndDetails->setStretchFactor(1, 2);
    tableAndDetails->setChildrenCollapsible(false);
    tableAndDetails->setSizes({ 700, 300 });

    auto *vertical = new QSplitter(Qt::Vertical);
    vertical->setObjectName(u"timelineSplitter"_s);
    vertical->addWidget(tableAndDetails);
    vertical->addWidget(m_chartView);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 2);
    vertical->setChildrenCollapsible(false);
    vertical->setSizes({ 420, 250 });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(filterBar);
    layout->addWidget(vertical, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        if (m_remapping)
            return;
        // Not the signal's index: scrolling to the new current row may have moved the
        // window and put the current row back on its event before this is called.
        const QModelIndex current = m_table->currentIndex();
        m_currentRow = current.isValid() ? m_window->mapToSource(current.row()) : -1;
        if (!m_selectingRow)
            m_showingNewest = false;
        showEventDetails();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                if (m_currentRow >= topLeft.row() && m_currentRow <= bottomRight.row())
                    showEventDetails();
            });
    // After the window's own connections: it has taken the change in by then.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &EventStreamTab::rowsGrew);
    // The window resets with the model, and on its own when its capacity changes.
    connect(m_window, &QAbstractItemModel::modelReset, this, [this] {
        m_currentRow = -1;
        updateCount();
        selectSomethingIfNothing();
        showEventDetails();
        syncScrollBar();
    });
    QScrollBar *tableBar = m_table->verticalScrollBar();
    connect(tableBar, &QScrollBar::valueChanged, this, &EventStreamTab::tableScrolled);
    connect(tableBar, &QScrollBar::rangeChanged, this, &EventStreamTab::syncScrollBar);
    connect(m_scrollBar, &QScrollBar::valueChanged, this, &EventStreamTab::scrollBarMoved);
    connect(m_model, &EventStreamModel::countingChanged, this, &EventStreamTab::updateCount);
    connect(m_model, &EventStreamModel::readFailed, this, [this](const QString &message) {
        m_countLabel->setText(tr("Cannot read the store: %1").arg(message));
    });

    connect(
        m_controller, &SimulationController::progressed, this,
        [this](const RunProgress &progress) { progressed(progress.head, progress.storeLocation); });
    connect(m_reader, &StoreReader::locationChanged, this, [this] {
        m_lastTimeline.reset();
        m_model->reset();
        m_eventSeries->clear();
        m_snapshotSeries->clear();
        refreshTimeline();
    });

    updateCount();
    showEventDetails();
    refresh();
}

EventStreamTab::~EventStreamTab() = default;

bool EventStreamTab::isFollowing() const
{
    return m_follow->isChecked();
}

void EventStreamTab::buildFilterBar(QWidget *bar)
{
    m_streamEdit = new QLineEdit;
    m_streamEdit->setObjectName(u"streamFilter"_s);
    m_streamEdit->setPlaceholderText(tr("order-000042 or 42"));
    m_streamEdit->setClearButtonEnabled(true);
    m_streamEdit->setToolTip(tr("Show one stream; a number means that order"));
    m_streamEdit->setMinimumWidth(120);
    m_streamIds = new QStringListModel(this);
    m_completer = new QCompleter(m_streamIds, this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_streamEdit->setCompleter(m_completer);

    m_typeCombo = new QComboBox;
    m_typeCombo->setObjectName(u"typeFilter"_s);
    m_typeCombo->addItem(tr("All types"), QString());
    for (const QString &type : allEventTypeNames())
        m_typeCombo->addItem(type, type);

    const auto timeEdit = [this](const QString &name, const QString &toolTip) {
        auto *edit = new QLineEdit;
        edit->setObjectName(name);
        edit->setPlaceholderText(tr("hh:mm:ss"));
        edit->setToolTip(toolTip);
        edit->setClearButtonEnabled(true);
        edit->setFixedWidth(edit->fontMetrics().horizontalAdvance(u"000:00:00.000"_s) + 36);
        connect(edit, &QLineEdit::textChanged, &m_filterDelay, qOverload<>(&QTimer::start));
        return edit;
    };
    m_fromEdit = timeEdit(u"fromFilter"_s,
                          tr("Events recorded at or after this simulated time (hh:mm:ss.mmm)"));
    m_toEdit = timeEdit(u"toFilter"_s,
                        tr("Events recorded at or before this simulated time (hh:mm:ss.mmm)"));

    auto *clear = new QPushButton(tr("Clear"));
    clear->setObjectName(u"clearFilters"_s);
    clear->setToolTip(tr("Show every event"));
    connect(clear, &QPushButton::clicked, this, &EventStreamTab::clearFilter);

    m_countLabel = new QLabel;
    m_countLabel->setObjectName(u"countLabel"_s);
    m_countLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // Room for counts up to a hundred million from the start: a count that gains a digit would
    // otherwise widen the bar, and the window would lay itself out again (the scenario dock
    // and its long description with it), a tenth of a second on the GUI thread during a run.
    m_countLabel->setMinimumWidth(m_countLabel->fontMetrics().horizontalAdvance(
        tr("%1 events").arg(QLocale().toString(99'999'999))));

    m_follow = new QCheckBox(tr("Follow"));
    m_follow->setObjectName(u"follow"_s);
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Scroll to the newest event as a run appends them; uncheck to pause "
                            "the tail"));
    connect(m_follow, &QCheckBox::toggled, this, [this](bool on) {
        if (on)
            showNewest();
    });

    m_filterDelay.setSingleShot(true);
    m_filterDelay.setInterval(FilterDelayMs);
    connect(&m_filterDelay, &QTimer::timeout, this, &EventStreamTab::applyFilter);
    m_completionDelay.setSingleShot(true);
    m_completionDelay.setInterval(CompletionDelayMs);
    connect(&m_completionDelay, &QTimer::timeout, this, &EventStreamTab::completeStreams);
    connect(m_streamEdit, &QLineEdit::textChanged, &m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_streamEdit, &QLineEdit::textEdited, &m_completionDelay, qOverload<>(&QTimer::start));
    connect(m_typeCombo, &QComboBox::currentIndexChanged, this, &EventStreamTab::applyFilter);

    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    const auto label = [](const QString &text, QWidget *buddy) {
        auto *l = new QLabel(text);
        l->setBuddy(buddy);
        return l;
    };
    layout->addWidget(label(tr("&Stream:"), m_streamEdit));
    layout->addWidget(m_streamEdit);
    layout->addSpacing(8);
    layout->addWidget(label(tr("T&ype:"), m_typeCombo));
    layout->addWidget(m_typeCombo);
    layout->addSpacing(8);
    layout->addWidget(label(tr("&From:"), m_fromEdit));
    layout->addWidget(m_fromEdit);
    layout->addWidget(label(tr("&To:"), m_toEdit));
    layout->addWidget(m_toEdit);
    layout->addWidget(clear);
    layout->addStretch(1);
    layout->addWidget(m_countLabel);
    layout->addSpacing(12);
    layout->addWidget(m_follow);
}

QWidget *EventStreamTab::buildDetails()
{
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const auto jsonView = [&fixed](const QString &name) {
        auto *view = new QPlainTextEdit;
        view->setObjectName(name);
        view->setReadOnly(true);
        view->setFont(fixed);
        // Ids run long; wrapping them beats a horizontal scroll bar in a narrow panel.
        view->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        return view;
    };
    const auto caption = [](const QString &text) {
        auto *label = new QLabel(text);
        QFont font = label->font();
        font.setBold(true);
        label->setFont(font);
        return label;
    };

    m_emptyLabel = new QLabel;
    m_emptyLabel->setObjectName(u"detailsEmpty"_s);
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setEnabled(false);

    m_eventTitle = new QLabel;
    m_eventTitle->setObjectName(u"eventTitle"_s);
    m_eventTitle->setTextFormat(Qt::RichText);
    m_eventTitle->setWordWrap(true);
    m_eventTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_upcastNote = new QLabel;
    m_upcastNote->setObjectName(u"upcastNote"_s);
    m_upcastNote->setWordWrap(true);
    m_upcastNote->setStyleSheet(u"QLabel { background: #fff4d6; color: #5a4300; border: 1px solid "
                                "#e0c070; border-radius: 3px; padding: 4px; }"_s);
    m_upcastNote->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    m_upcastNote->hide();

    m_payload = jsonView(u"payloadView"_s);
    m_upcast = jsonView(u"upcastView"_s);
    m_metadata = jsonView(u"metadataView"_s);
    m_upcastLabel = caption(tr("Read as (upcast)"));
    m_upcastLabel->hide();
    m_upcast->hide();

    auto *event = new QWidget;
    auto *layout = new QVBoxLayout(event);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_eventTitle);
    layout->addWidget(m_upcastNote);
    layout->addWidget(caption(tr("Payload")));
    layout->addWidget(m_payload, 3);
    layout->addWidget(m_upcastLabel);
    layout->addWidget(m_upcast, 3);
    layout->addWidget(caption(tr("Metadata")));
    layout->addWidget(m_metadata, 3);

    m_details = new QStackedWidget;
    m_details->setObjectName(u"eventDetails"_s);
    m_details->addWidget(m_emptyLabel);
    m_details->addWidget(event);
    m_details->setMinimumWidth(220);
    return m_details;
}

void EventStreamTab::buildTimeline()
{
    auto *chart = new QChart;
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignTop);
    QFont titleFont = chart->titleFont();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 0.9);
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);

    m_eventSeries = new QLineSeries;
    m_eventSeries->setName(tr("Events"));
    m_snapshotSeries = new QScatterSeries;
    m_snapshotSeries->setName(tr("Snapshots taken"));
    m_snapshotSeries->setMarkerSize(8);
    m_snapshotSeries->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_snapshotSeries->setColor(QColor(0xe0, 0x8a, 0x00));
    m_snapshotSeries->setBorderColor(QColor(0xe0, 0x8a, 0x00));
    chart->addSeries(m_eventSeries);
    chart->addSeries(m_snapshotSeries);

    m_timeAxis = new QValueAxis;
    m_timeAxis->setTitleText(tr("Simulated time"));
    m_timeAxis->setLabelFormat(u"%.0f"_s);
    m_countAxis = new QValueAxis;
    m_countAxis->setLabelFormat(u"%.0f"_s);
    m_countAxis->setTitleText(tr("Events"));
    m_snapshotAxis = new QValueAxis;
    m_snapshotAxis->setLabelFormat(u"%.0f"_s);
    m_snapshotAxis->setTitleText(tr("Snapshots"));
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_countAxis, Qt::AlignLeft);
    chart->addAxis(m_snapshotAxis, Qt::AlignRight);
    m_eventSeries->attachAxis(m_timeAxis);
    m_eventSeries->attachAxis(m_countAxis);
    m_snapshotSeries->attachAxis(m_timeAxis);
    m_snapshotSeries->attachAxis(m_snapshotAxis);
    m_timeAxis->setTickAnchor(0);
    m_timeAxis->setTickInterval(0.2);
    m_timeAxis->setTickType(QValueAxis::TicksDynamic);
    m_timeAxis->setRange(0, 1);
    m_countAxis->setRange(0, 1);
    m_snapshotAxis->setRange(0, 1);
    chart->setTitle(tr("No events yet"));

    m_chartView = new ChartView(chart);
    m_chartView->setObjectName(u"timeline"_s);
}

void EventStreamTab::refresh()
{
    m_model->refresh();
    refreshTimeline();
}

std::optional<qint64> EventStreamTab::parseTime(const QString &text)
{
    static const QRegularExpression pattern(
        u"^\\s*(?:(?:(\\d+):)?(\\d+):)?(\\d+)(?:\\.(\\d{1,3}))?\\s*$"_s);
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const qint64 hours = match.captured(1).toLongLong();
    const qint64 minutes = match.captured(2).toLongLong();
    const qint64 seconds = match.captured(3).toLongLong();
    const QString fraction = match.captured(4);
    const qint64 ms = fraction.isEmpty() ? 0 : fraction.leftJustified(3, u'0').toLongLong();
    if (match.hasCaptured(2) && (seconds >= 60 || (match.hasCaptured(1) && minutes >= 60)))
        return std::nullopt;
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms;
}

QString EventStreamTab::indentJson(const QByteArray &json)
{
    const QString text = QString::fromUtf8(json);
    QJsonParseError error;
    QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return text;

    // Written by hand because QJsonDocument sorts keys and turns integers into doubles; this
    // keeps the stored text, only laid out.
    QString out;
    out.reserve(text.size() * 2);
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    const auto newline = [&out, &depth] {
        out += u'\n';
        out += QString(depth * 2, u' ');
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == u'\\')
                escaped = true;
            else if (c == u'"')
                inString = false;
            continue;
        }
        if (c.isSpace())
            continue;
        if (c == u'"') {
            inString = true;
            out += c;
        } else if (c == u'{' || c == u'[') {
            qsizetype next = i + 1;
            while (next < text.size() && text.at(next).isSpace())
                ++next;
            const QChar close = c == u'{' ? u'}' : u']';
            if (next < text.size() && text.at(next) == close) {
                out += c;
                out += close;
                i = next;
            } else {
                out += c;
                ++depth;
                newline();
            }
        } else if (c == u'}' || c == u']') {
            --depth;
            newline();
            out += c;
        } else if (c == u',') {
            out += c;
            newline();
        } else if (c == u':') {
            out += u": "_s;
        } else {
            out += c;
        }
    }
    return out;
}

void EventStreamTab::applyFilter()
{
    m_filterDelay.stop();
    EventStreamModel::Filter filter;
    filter.streamId = normalizedStreamId(m_streamEdit->text());
    filter.eventType = m_typeCombo->currentData().toString();
    for (QLineEdit *edit : { m_fromEdit, m_toEdit }) {
        const QString text = edit->text().trimmed();
        const std::optional<qint64> ms = parseTime(text);
        const bool invalid = !text.isEmpty() && !ms;
        // A bound the user is still typing (or mistyped) is shown, not applied.
        edit->setStyleSheet(invalid ? u"QLineEdit { color: #b02020; }"_s : QString());
        if (edit == m_fromEdit)
            filter.fromMs = ms;
        else
            filter.toMs = ms;
    }
    m_model->setFilter(filter);
}

void EventStreamTab::clearFilter()
{
    const QSignalBlocker streamBlocker(m_streamEdit);
    const QSignalBlocker typeBlocker(m_typeCombo);
    const QSignalBlocker fromBlocker(m_fromEdit);
    const QSignalBlocker toBlocker(m_toEdit);
    m_streamEdit->clear();
    m_typeCombo->setCurrentIndex(0);
    m_fromEdit->clear();
    m_toEdit->clear();
    applyFilter();
}

void EventStreamTab::completeStreams()
{
    const QString prefix = m_streamEdit->text().trimmed();
    if (prefix.isEmpty() || isDigits(prefix))
        return;
    // The (stream_id, stream_version) key's index walks the ids in order from the prefix.
    m_reader->read<QStringList>(
        this,
        [prefix](EventStore &store) {
            QStringList ids;
            QSqlQuery *query = store.execute(
                u"SELECT DISTINCT stream_id FROM events WHERE stream_id >= ? AND stream_id < ? "
                "ORDER BY stream_id LIMIT ?"_s,
                { prefix, QString(prefix + QChar(0xffff)), CompletionLimit });
            if (!query)
                return ids;
            while (query->next())
                ids.append(query->value(0).toString());
            query->finish();
            return ids;
        },
        [this, prefix](const QStringList &ids) {
            if (m_streamEdit->text().trimmed() != prefix)
                return;
            m_streamIds->setStringList(ids);
            if (m_streamEdit->hasFocus() && !ids.isEmpty()
                && !(ids.size() == 1 && ids.constFirst() == prefix))
                m_completer->complete();
        });
}

void EventStreamTab::updateCount()
{
    const QLocale locale;
    if (m_model->isCounting()) {
        m_countLabel->setText(tr("Counting matching events..."));
    } else if (m_model->filter().isEmpty()) {
        m_countLabel->setText(tr("%1 events").arg(locale.toString(m_model->rowCount())));
    } else {
        m_countLabel->setText(
            tr("%1 of %2 events match")
                .arg(locale.toString(m_model->rowCount()), locale.toString(m_model->storeHead())));
    }
}

void EventStreamTab::selectSomethingIfNothing()
{
    const int rows = m_model->rowCount();
    if (rows == 0 || m_currentRow >= 0)
        return;
    // Show an event at once: the newest while following the tail, else the first.
    selectRow(isFollowing() ? rows - 1 : 0);
}

void EventStreamTab::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    if (m_window->mapFromSource(row) < 0)
        moveWindowAround(row);
    m_selectingRow = true;
    m_table->setCurrentIndex(m_window->index(m_window->mapFromSource(row), 0));
    m_selectingRow = false;
    // The row may have been current already, put back on its event when the window moved: the
    // table did not scroll to it then.
    m_table->scrollTo(m_window->index(m_window->mapFromSource(row), 0));
    m_showingNewest = isFollowing() && row == m_model->rowCount() - 1;
    syncScrollBar();
}

void EventStreamTab::showNewest()
{
    moveWindow(m_window->lastFirstRow());
    m_table->scrollToBottom();
    syncScrollBar();
}

void EventStreamTab::rowsGrew()
{
    updateCount();
    selectSomethingIfNothing();
    if (isFollowing()) {
        // Until the user picks an event, the side panel follows the newest one too.
        if (m_showingNewest)
            selectRow(m_model->rowCount() - 1);
        showNewest();
    }
    syncScrollBar();
}

void EventStreamTab::moveWindow(int first)
{
    // The table's current row, if it has one, rather than m_currentRow: the window may move
    // while the table scrolls to a new current row, before the tab hears of it.
    const QModelIndex current = m_table->currentIndex();
    const int currentRow = current.isValid() ? m_window->mapToSource(current.row()) : m_currentRow;
    if (!m_window->setFirstRow(first))
        return;
    // The table's current row kept its place in the window, which now shows other events. No
    // scrolling to it meanwhile: whoever moved the window sets the scroll position.
    m_remapping = true;
    const bool autoScroll = m_table->hasAutoScroll();
    m_table->setAutoScroll(false);
    QItemSelectionModel *selection = m_table->selectionModel();
    const int row = m_window->mapFromSource(currentRow);
    if (row >= 0)
        selection->setCurrentIndex(m_window->index(row, 0),
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    else
        selection->clear();
    m_table->setAutoScroll(autoScroll);
    m_remapping = false;
}

// Centres the window on `row`, so that the table can scroll a long way either side of it before
// the window moves again.
void EventStreamTab::moveWindowAround(int row)
{
    moveWindow(row - (m_window->capacity() - m_table->verticalScrollBar()->pageStep()) / 2);
}

// The table scrolled within the window (wheel, keys, a row selected): near the window's edge,
// the window moves so that the table can go on scrolling.
void EventStreamTab::tableScrolled(int value)
{
    if (m_syncing)
        return;
    QScrollBar *tableBar = m_table->verticalScrollBar();
    const int margin = std::max(m_window->capacity() / 4, tableBar->pageStep());
    const int first = m_window->firstRow();
    if ((value < margin && first > 0)
        || (value > tableBar->maximum() - margin && first < m_window->lastFirstRow())) {
        const int top = m_window->mapToSource(value);
        m_syncing = true;
        moveWindowAround(top);
        tableBar->setValue(top - m_window->firstRow());
        m_syncing = false;
    }
    syncScrollBar();
}

// The user moved the tab's scroll bar: the table shows that row at its top, in the window where
// it is, or in a window moved around it.
void EventStreamTab::scrollBarMoved(int value)
{
    if (m_syncing)
        return;
    QScrollBar *tableBar = m_table->verticalScrollBar();
    m_syncing = true;
    if (value < m_window->firstRow() || value > m_window->firstRow() + tableBar->maximum())
        moveWindowAround(value);
    tableBar->setValue(value - m_window->firstRow());
    m_syncing = false;
    syncScrollBar();
}

void EventStreamTab::syncScrollBar()
{
    const QScrollBar *tableBar = m_table->verticalScrollBar();
    const int outside = m_model->rowCount() - m_window->rowCount();
    const bool syncing = m_syncing;
    m_syncing = true;
    m_scrollBar->setRange(0, outside + tableBar->maximum());
    m_scrollBar->setPageStep(tableBar->pageStep());
    m_scrollBar->setSingleStep(tableBar->singleStep());
    m_scrollBar->setValue(m_window->firstRow() + tableBar->value());
    // As the table's own would: shown when there is somewhere to scroll to.
    m_scrollBar->setVisible(m_scrollBar->maximum() > 0);
    m_syncing = syncing;
}

bool EventStreamTab::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_table || event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    const bool control = key->modifiers() & Qt::ControlModifier;
    // The table's own Ctrl+Home and Ctrl+End would stop at the window's ends.
    if (control && (key->key() == Qt::Key_Home || key->key() == Qt::Key_End)
        && m_model->rowCount() > 0) {
        selectRow(key->key() == Qt::Key_Home ? 0 : m_model->rowCount() - 1);
        return true;
    }
    switch (key->key()) {
    case Qt::Key_Up:
    case Qt::Key_Down:
    case Qt::Key_PageUp:
    case Qt::Key_PageDown:
    case Qt::Key_Home:
    case Qt::Key_End:
        // Scrolled away from the selected event: the keys move from it, as in any table.
        if (m_currentRow >= 0 && m_window->mapFromSource(m_currentRow) < 0) {
            moveWindowAround(m_currentRow);
            m_table->scrollTo(m_table->currentIndex());
        }
        break;
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

void EventStreamTab::showEventDetails()
{
    if (m_currentRow < 0 || m_currentRow >= m_model->rowCount()) {
        QString message;
        if (m_model->isCounting())
            message = tr("Counting matching events...");
        else if (m_model->rowCount() > 0)
            message = tr("Select an event to see its payload and metadata.");
        else if (m_model->filter().isEmpty())
            message = tr("No events yet.\nRun a scenario to fill the store.");
        else
            message = tr("No event matches the filter.");
        m_emptyLabel->setText(message);
        m_details->setCurrentIndex(0);
        return;
    }
    m_details->setCurrentIndex(1);
    const RecordedEvent *found = m_model->eventAt(m_currentRow);
    if (!found) {
        // The newest event's page is a moment away; the previous event stays until then rather
        // than blinking ten times a second.
        if (!m_showingNewest)
            m_eventTitle->setText(tr("Loading the event..."));
        return;
    }
    const RecordedEvent event = *found;
    m_eventTitle->setText(
        tr("<b>%1</b> &nbsp; at position %2<br>%3, version %4 &middot; recorded at %5")
            .arg(event.eventType.toHtmlEscaped())
            .arg(event.globalPosition)
            .arg(event.streamId.toHtmlEscaped())
            .arg(event.streamVersion)
            .arg(EventStreamModel::formatTime(event.recordedAt)));
    m_payload->setPlainText(indentJson(event.payload));
    m_metadata->setPlainText(indentJson(event.metadata));

    const bool upcast = EventStreamModel::isUpcastOnRead(event);
    m_upcastNote->setVisible(upcast);
    m_upcastLabel->setVisible(upcast);
    m_upcast->setVisible(upcast);
    if (upcast) {
        m_upcastNote->setText(tr("Stored in schema version %1, upcast on read: its single "
                                 "\"count\" is read as \"requested\" and \"delivered\". The "
                                 "stored JSON stays as it was written.")
                                  .arg(event.schemaVersion));
        const DecodedEvent decoded = event.decode();
        m_upcast->setPlainText(decoded.event ? indentJson(compactJson(eventToJson(*decoded.event)))
                                             : decoded.error);
    }
}

void EventStreamTab::progressed(qint64 head, const QString &storeLocation)
{
    if (m_reader->location().isEmpty()
        || QFileInfo(storeLocation).absoluteFilePath()
            != QFileInfo(m_reader->location()).absoluteFilePath())
        return;
    followHead(head);
}

void EventStreamTab::followHead(qint64 head)
{
    m_model->setHead(head);
    maybeRefreshTimeline();
}

void EventStreamTab::refreshTimeline(bool live)
{
    const int ticket = ++m_timelineTicket;
    m_timelineInFlight = true;
    m_sinceTimeline.start();
    // At rest the run is counted whole: the store may have changed in any way meanwhile.
    std::shared_ptr<const Timeline> previous = live ? m_lastTimeline : nullptr;
    m_reader->read<Timeline>(
        this,
        [ticket, live, previous](EventStore &store) {
            Timeline timeline = readTimeline(store, previous.get());
            timeline.ticket = ticket;
            timeline.live = live;
            return timeline;
        },
        [this](const Timeline &timeline) { timelineArrived(timeline); }, StoreReader::Lane::Scan);
}

// During a run the timeline is re-read at a pace that leaves the machine to the run and the
// table: at most once a second, and never more than a fifth of the time.
void EventStreamTab::maybeRefreshTimeline()
{
    if (m_timelineInFlight) {
        // The reader drops jobs while there is no store; a trivial job posted now in the same
        // lane answers after the timeline's, so if it comes back first, the timeline's was
        // dropped.
        const int ticket = m_timelineTicket;
        m_reader->read<bool>(
            this, [](EventStore &) { return true; },
            [this, ticket](bool) {
                if (m_timelineInFlight && m_timelineTicket == ticket)
                    m_timelineInFlight = false;
            },
            StoreReader::Lane::Scan);
        return;
    }
    if (m_sinceTimeline.isValid()
        && m_sinceTimeline.elapsed()
            < std::max<qint64>(TimelineMinIntervalMs, 5 * m_timelineCostMs))
        return;
    refreshTimeline(true);
}

void EventStreamTab::timelineArrived(const Timeline &timeline)
{
    if (timeline.ticket != m_timelineTicket)
        return;
    m_timelineInFlight = false;
    m_timelineCostMs = timeline.costMs;
    QChart *chart = m_chartView->chart();
    if (!timeline.error.isEmpty()) {
        m_lastTimeline.reset();
        chart->setTitle(tr("Cannot read the timeline: %1").arg(timeline.error));
        return;
    }
    m_lastTimeline
        = timeline.runId.isEmpty() ? nullptr : std::make_shared<const Timeline>(timeline);
    if (timeline.events.isEmpty()) {
        m_eventSeries->clear();
        m_snapshotSeries->clear();
        chart->setTitle(tr("No events yet"));
        return;
    }

    const qint64 spanMs = qint64(timeline.events.constLast().x()) + timeline.bucketMs;
    double unitMs = 1000;
    QString unit = tr("Simulated time (s)");
    if (spanMs > 3 * 3600 * 1000) {
        unitMs = 3600 * 1000;
        unit = tr("Simulated time (h)");
    } else if (spanMs > 3 * 60 * 1000) {
        unitMs = 60 * 1000;
        unit = tr("Simulated time (min)");
    }
    const auto scaled = [unitMs](const QList<QPointF> &points, double *maxY) {
        QList<QPointF> result;
        result.reserve(points.size());
        for (const QPointF &point : points) {
            result.append(QPointF(point.x() / unitMs, point.y()));
            *maxY = std::max(*maxY, point.y());
        }
        return result;
    };
    double maxEvents = 1;
    double maxSnapshots = 1;
    const QList<QPointF> events = scaled(timeline.events, &maxEvents);
    const QList<QPointF> snapshots = scaled(timeline.snapshots, &maxSnapshots);
    const int columns = std::max(100, int(chart->plotArea().width()));
    m_eventSeries->replace(ChartView::reduceMinMax(events, columns));
    m_snapshotSeries->replace(snapshots);

    if (m_timeAxis->titleText() != unit)
        m_timeAxis->setTitleText(unit);
    // At rest the axis ends where the run does, with ticks on round values. During a run it
    // grows by whole ticks: a new range lays every label out again, which once a second is
    // time the GUI thread owes the table.
    const double span = std::max(spanMs / unitMs, 0.001);
    const ChartView::Bound bound = !timeline.live ? ChartView::Bound::Exact
        : unitMs == m_timelineUnitMs              ? ChartView::Bound::Grow
                                                  : ChartView::Bound::Tick;
    m_timelineUnitMs = unitMs;
    ChartView::setRoundRange(m_timeAxis, span, bound);
    if (const QString format = m_timeAxis->max() < 8 ? u"%.1f"_s : u"%.0f"_s;
        m_timeAxis->labelFormat() != format)
        m_timeAxis->setLabelFormat(format);
    // Round bounds that stay put while the counts stay under them: a changed range lays its
    // labels out again.
    ChartView::setRoundRange(m_countAxis, maxEvents * 1.05, ChartView::Bound::Tick, true);
    ChartView::setRoundRange(m_snapshotAxis, maxSnapshots * 1.05, ChartView::Bound::Tick, true);
    const QLocale locale;
    const QString bucket = durationText(timeline.bucketMs);
    chart->setTitle(
        timeline.runId.isEmpty()
            ? tr("Events and snapshots per %1 of simulated time (%2 events, %3 snapshots)")
                  .arg(bucket, locale.toString(timeline.eventCount),
                       locale.toString(timeline.snapshotCount))
            : tr("Events and snapshots per %1 of simulated time, latest run %2 (%3 events, %4 "
                 "snapshots)")
                  .arg(bucket, timeline.runId, locale.toString(timeline.eventCount),
                       locale.toString(timeline.snapshotCount)));
}

} // namespace eslab
