#include "ui/eventstreammodel.h"

#include "model/eventstore.h"
#include "ui/storereader.h"

#include <QColor>
#include <QSqlQuery>
#include <QVariantList>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

const QString Placeholder = u"\u2026"_s;

// Failures, compensations and the happy ending stand out in a long table.
std::optional<QColor> typeColor(const QString &eventType)
{
    static const QHash<QString, QColor> colors {
        { u"PaymentFailed"_s, QColor(0xb0, 0x20, 0x20) },
        { u"BatchFailed"_s, QColor(0xb0, 0x20, 0x20) },
        { u"OrderFailed"_s, QColor(0xb0, 0x20, 0x20) },
        { u"OrderCancelled"_s, QColor(0xa0, 0x50, 0x00) },
        { u"PointsRefunded"_s, QColor(0xa0, 0x50, 0x00) },
        { u"OrderCompleted"_s, QColor(0x1a, 0x7a, 0x2e) },
        { u"OrderNoteAdded"_s, QColor(0x5a, 0x3d, 0x9a) },
    };
    const auto found = colors.constFind(eventType);
    if (found == colors.cend())
        return std::nullopt;
    return *found;
}

} // namespace

bool EventStreamModel::isUpcastOnRead(const RecordedEvent &event)
{
    return event.eventType == u"BatchExecuted"_s && event.schemaVersion < 2;
}

EventStreamModel::EventStreamModel(StoreReader *reader, QObject *parent)
    : QAbstractTableModel(parent)
    , m_reader(reader)
{
    Q_ASSERT(reader);
}

EventStreamModel::~EventStreamModel() = default;

int EventStreamModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int EventStreamModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventStreamModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case PositionColumn:
        case VersionColumn:
        case SchemaVersionColumn:
        case RecordedAtColumn:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return int(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    if (role != Qt::DisplayRole && role != Qt::ForegroundRole && role != Qt::ToolTipRole)
        return {};

    const RecordedEvent *event = eventAt(index.row());
    if (!event) {
        if (role == Qt::DisplayRole)
            return Placeholder;
        if (role == Qt::ForegroundRole)
            return QColor(Qt::gray);
        return {};
    }

    if (role == Qt::ForegroundRole) {
        if (index.column() == TypeColumn)
            if (const auto color = typeColor(event->eventType))
                return *color;
        if (index.column() == SchemaVersionColumn && isUpcastOnRead(*event))
            return QColor(0xa0, 0x50, 0x00);
        return {};
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == EventIdColumn || index.column() == StreamColumn)
            return index.column() == EventIdColumn ? event->eventId : event->streamId;
        if (index.column() == SchemaVersionColumn && isUpcastOnRead(*event))
            return tr("Stored in an older schema; upcast on read");
        return {};
    }

    switch (index.column()) {
    case PositionColumn:
        return event->globalPosition;
    case StreamColumn:
        return event->streamId;
    case VersionColumn:
        return event->streamVersion;
    case TypeColumn:
        return event->eventType;
    case SchemaVersionColumn:
        return event->schemaVersion;
    case RecordedAtColumn:
        return formatTime(event->recordedAt);
    case EventIdColumn:
        return event->eventId;
    default:
        return {};
    }
}

QVariant EventStreamModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case PositionColumn:
            return tr("Position");
        case StreamColumn:
            return tr("Stream");
        case VersionColumn:
            return tr("Version");
        case TypeColumn:
            return tr("Type");
        case SchemaVersionColumn:
            return tr("Schema");
        case RecordedAtColumn:
            return tr("Recorded at");
        case EventIdColumn:
            return tr("Event ID");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case PositionColumn:
            return tr("global_position: gap-free, in commit order");
        case VersionColumn:
            return tr("stream_version: 1, 2, 3 ... within the stream");
        case SchemaVersionColumn:
            return tr("schema_version of the stored payload");
        case RecordedAtColumn:
            return tr("recorded_at: the simulated clock since the run started");
        case EventIdColumn:
            return tr("event_id: the idempotent append key");
        }
    }
    return {};
}

void EventStreamModel::setFilter(const Filter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    resetRows(true);
}

void EventStreamModel::refresh()
{
    post<qint64>([](EventStore &store) { return store.headPosition(); },
                 [this](qint64 head) {
                     if (head < 0)
                         return;
                     if (head < m_storeHead) {
                         // Positions never go back in one store: this is another store.
                         resetRows(false);
                     }
                     setHead(head);
                 });
}

void EventStreamModel::reset()
{
    resetRows(false);
    refresh();
}

void EventStreamModel::setHead(qint64 head)
{
    if (head <= m_storeHead) {
        if (m_matchInFlight)
            matchNewEvents();
        return;
    }
    m_storeHead = head;
    if (!m_filter.isEmpty()) {
        matchNewEvents();
        return;
    }
    const int rows = int(std::min<qint64>(head, std::numeric_limits<int>::max()));
    if (rows <= m_rows)
        return;
    beginInsertRows({}, m_rows, rows - 1);
    m_rows = rows;
    endInsertRows();
}

const RecordedEvent *EventStreamModel::eventAt(int row) const
{
    if (row < 0 || row >= m_rows)
        return nullptr;
    const int firstRow = row / PageSize * PageSize;
    const int offset = row - firstRow;
    if (const Page *page = m_pages.object(firstRow)) {
        if (offset < page->events.size())
            return &page->events.at(offset);
        if (row < page->rowsWhenRequested)
            return nullptr; // the store did not have it: asking again would not help
        m_pages.remove(firstRow); // the page was the tail end, and the tail grew
    }
    requestPage(firstRow);
    return nullptr;
}

QString EventStreamModel::formatTime(qint64 ms)
{
    const qint64 seconds = ms / 1000;
    return u"%1:%2:%3.%4"_s.arg(seconds / 3600, 2, 10, QLatin1Char('0'))
        .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'))
        .arg(ms % 1000, 3, 10, QLatin1Char('0'));
}

// Every job goes through here, numbered, and into the reader's view lane. A lane runs jobs in
// order and drops those it cannot run (no store yet); results come back in order. So when a
// result arrives, any older job of ours that has not answered was dropped, and must not be
// waited for.
template<typename Result>
quint64 EventStreamModel::post(std::function<Result(EventStore &)> job,
                               std::function<void(Result)> done) const
{
    auto *self = const_cast<EventStreamModel *>(this);
    const quint64 sequence = ++m_nextSequence;
    const quint64 generation = m_generation;
    m_reader->read<Result>(self, std::move(job),
                           [self, sequence, generation, done = std::move(done)](Result result) {
                               self->arrived(sequence);
                               if (generation == self->m_generation)
                                   done(std::move(result));
                           });
    return sequence;
}

void EventStreamModel::arrived(quint64 sequence) const
{
    auto *self = const_cast<EventStreamModel *>(this);
    QList<int> dropped;
    for (auto it = m_inFlight.cbegin(); it != m_inFlight.cend(); ++it) {
        if (it.value() < sequence)
            dropped.append(it.key());
    }
    for (int firstRow : dropped) {
        m_inFlight.remove(firstRow);
        // The view asks again for what it still shows.
        const int last = std::min(firstRow + PageSize, m_rows) - 1;
        if (last >= firstRow)
            emit self->dataChanged(index(firstRow, 0), index(last, ColumnCount - 1));
    }
    if (m_matchInFlight && m_matchSequence < sequence) {
        self->m_matchInFlight = false;
        self->matchNewEvents();
    }
}

void EventStreamModel::requestPage(int firstRow) const
{
    if (m_inFlight.contains(firstRow))
        return;
    m_wanted.removeOne(firstRow);
    m_wanted.append(firstRow);
    if (m_wanted.size() > MaxWanted)
        m_wanted.removeFirst();
    postWantedPages();
}

void EventStreamModel::postWantedPages() const
{
    while (m_inFlight.size() < MaxInFlight && !m_wanted.isEmpty()) {
        const int firstRow = m_wanted.takeLast();
        const int rowsWhenRequested = m_rows;
        std::function<PageResult(EventStore &)> job;
        if (m_filter.isEmpty()) {
            job = [firstRow](EventStore &store) {
                PageResult result;
                result.events = store.readAll(firstRow, PageSize);
                result.error = store.errorString();
                return result;
            };
        } else {
            // Rows map to positions through the index; the padding (position 0 never exists)
            // keeps one statement for every page, the last one too.
            QList<qint64> positions;
            positions.reserve(PageSize);
            const auto end = std::min<std::size_t>(firstRow + PageSize, m_index.size());
            for (std::size_t i = firstRow; i < end; ++i)
                positions.append(m_index[i]);
            while (positions.size() < PageSize)
                positions.append(0);
            job = [positions](EventStore &store) {
                PageResult result;
                result.events = store.readPositions(positions);
                result.error = store.errorString();
                return result;
            };
        }
        ++m_pagesRequested;
        const quint64 sequence = post<PageResult>(std::move(job),
                                                  [self = const_cast<EventStreamModel *>(this),
                                                   firstRow, rowsWhenRequested](PageResult result) {
                                                      self->pageArrived(firstRow, rowsWhenRequested,
                                                                        std::move(result));
                                                  });
        m_inFlight.insert(firstRow, sequence);
    }
}

void EventStreamModel::pageArrived(int firstRow, int rowsWhenRequested, PageResult result)
{
    m_inFlight.remove(firstRow);
    if (!result.error.isEmpty())
        emit readFailed(result.error);
    const int count = int(result.events.size());
    m_pages.insert(firstRow, new Page { std::move(result.events), rowsWhenRequested });
    const int last = std::min(firstRow + std::max(count, 1), m_rows) - 1;
    if (last >= firstRow)
        emit dataChanged(index(firstRow, 0), index(last, ColumnCount - 1));
    emit pageLoaded(firstRow);
    postWantedPages();
}

void EventStreamModel::clearPages()
{
    m_pages.clear();
    m_inFlight.clear();
    m_wanted.clear();
}

void EventStreamModel::resetRows(bool keepHead)
{
    const bool wasCounting = m_counting;
    beginResetModel();
    ++m_generation;
    clearPages();
    m_index.clear();
    m_index.shrink_to_fit();
    m_indexedUpTo = 0;
    m_matchInFlight = false;
    if (!keepHead)
        m_storeHead = 0;
    m_counting = !m_filter.isEmpty();
    m_rows = m_filter.isEmpty()
        ? int(std::min<qint64>(m_storeHead, std::numeric_limits<int>::max()))
        : 0;
    endResetModel();
    if (m_counting)
        matchNewEvents();
    if (wasCounting != m_counting)
        emit countingChanged(m_counting);
}

// With a filter, matches the events after the index's end up to the store's head, on the reader
// thread. The index is a plain list of positions (8 bytes a match, 80 MB for ten million) rather
// than keyset paging: with it any row maps to its position at once, so the scroll bar can jump
// anywhere, and counting is one indexed scan that the filter pays once.
void EventStreamModel::matchNewEvents()
{
    if (m_filter.isEmpty())
        return;
    if (m_matchInFlight) {
        // The job may have been dropped (no store yet); a trivial job tells, once the store is
        // there, since the reader answers in order.
        post<bool>([](EventStore &) { return true; }, [](bool) {});
        return;
    }
    if (!m_counting && m_indexedUpTo >= m_storeHead)
        return;

    QString sql = u"SELECT global_position FROM events WHERE global_position > ? "
                  "AND global_position <= ?"_s;
    QVariantList values;
    const qint64 after = m_indexedUpTo;
    values << after;
    if (!m_filter.streamId.isEmpty()) {
        sql += u" AND stream_id = ?"_s;
        values << m_filter.streamId;
    }
    if (!m_filter.eventType.isEmpty()) {
        sql += u" AND event_type = ?"_s;
        values << m_filter.eventType;
    }
    if (m_filter.fromMs) {
        sql += u" AND recorded_at >= ?"_s;
        values << *m_filter.fromMs;
    }
    if (m_filter.toMs) {
        sql += u" AND recorded_at <= ?"_s;
        values << *m_filter.toMs;
    }
    sql += u" ORDER BY global_position"_s;

    m_matchInFlight = true;
    m_matchSequence = post<MatchResult>(
        [sql, values](EventStore &store) {
            MatchResult result;
            result.upTo = store.headPosition();
            if (result.upTo < 0) {
                result.error = store.errorString();
                return result;
            }
            QVariantList bound = values;
            bound.insert(1, result.upTo);
            QSqlQuery *query = store.execute(sql, bound);
            if (!query) {
                result.error = store.errorString();
                return result;
            }
            while (query->next())
                result.positions.push_back(query->value(0).toLongLong());
            query->finish();
            return result;
        },
        [this, after](MatchResult result) { matchArrived(after, std::move(result)); });
}

void EventStreamModel::matchArrived(qint64 after, MatchResult result)
{
    m_matchInFlight = false;
    if (!result.error.isEmpty()) {
        emit readFailed(result.error);
        return;
    }
    if (after != m_indexedUpTo)
        return;
    m_indexedUpTo = std::max(m_indexedUpTo, result.upTo);
    m_storeHead = std::max(m_storeHead, result.upTo);
    const auto room = std::size_t(std::numeric_limits<int>::max()) - m_index.size();
    if (result.positions.size() > room)
        result.positions.resize(room);

    if (m_counting) {
        beginResetModel();
        m_index = std::move(result.positions);
        m_rows = int(m_index.size());
        m_counting = false;
        endResetModel();
        emit countingChanged(false);
    } else if (!result.positions.empty()) {
        // The tail page may be cached short; eventAt() notices and asks for it again.
        beginInsertRows({}, m_rows, m_rows + int(result.positions.size()) - 1);
        m_index.insert(m_index.end(), result.positions.cbegin(), result.positions.cend());
        m_rows = int(m_index.size());
        endInsertRows();
    }
    if (m_indexedUpTo < m_storeHead)
        matchNewEvents();
}

} // namespace eslab
