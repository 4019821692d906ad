#pragma once

#include "model/recordedevent.h"

#include <QAbstractTableModel>
#include <QCache>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace eslab {

class EventStore;
class StoreReader;

// The global event table, read lazily: rowCount() is known at once (the head, or the number of
// events a filter matches) and rows arrive in pages of PageSize through the StoreReader, so a
// store of ten million events opens at once and any row can be scrolled to.
//
// data() for a row whose page is not cached returns a placeholder and asks for the page; when it
// arrives, dataChanged() and pageLoaded() are emitted. Pages live in an LRU cache of at most
// MaxCachedPages, keyed by the page's first row (without a filter, row r is global_position
// r + 1, so that key is the page's first position minus one). A page is never requested twice
// while in flight, and at most MaxInFlight are in flight at once.
//
// Events are append-only and positions never change, so a cached page stays valid until the
// store or the filter changes (reset(), setFilter(), both of which reset the model). New events
// only add rows at the end (setHead(), refresh()).
//
// GUI thread only; SQL runs only in reader jobs.
class EventStreamModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventStreamModel)
public:
    enum Column {
        PositionColumn,
        StreamColumn,
        VersionColumn,
        TypeColumn,
        SchemaVersionColumn,
        RecordedAtColumn,
        EventIdColumn,
        ColumnCount
    };

    static constexpr int PageSize = 256;
    static constexpr int MaxCachedPages = 64;
    static constexpr int MaxInFlight = 4;
    // Pages asked for but not yet posted, newest first served; older wishes are forgotten (the
    // view asks again for what it still shows).
    static constexpr int MaxWanted = 32;

    // Which events the table shows; empty fields match everything. Times are the simulated
    // recorded_at in ms, both bounds inclusive.
    struct Filter
    {
        QString streamId;
        QString eventType;
        std::optional<qint64> fromMs;
        std::optional<qint64> toMs;

        bool isEmpty() const
        {
            return streamId.isEmpty() && eventType.isEmpty() && !fromMs && !toMs;
        }
        friend bool operator==(const Filter &, const Filter &) = default;
    };

    explicit EventStreamModel(StoreReader *reader, QObject *parent = nullptr);
    ~EventStreamModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const Filter &filter() const { return m_filter; }
    // Resets the model; with a filter, the matching events are counted on the reader thread
    // (isCounting() until then).
    void setFilter(const Filter &filter);

    // Re-reads the store's head; new events become new rows.
    void refresh();
    // The store was replaced: forgets every row and page, then refreshes.
    void reset();
    // A run reported the store's new head: the rows grow to it (with a filter, once the new
    // events are matched on the reader thread).
    void setHead(qint64 head);

    // The highest global position the model knows of.
    qint64 storeHead() const { return m_storeHead; }
    bool isCounting() const { return m_counting; }

    // The event shown in `row` when its page is cached; otherwise null, and the page is asked for.
    const RecordedEvent *eventAt(int row) const;

    // Pages posted to the reader since the model was created.
    int pagesRequested() const { return m_pagesRequested; }
    int cachedPageCount() const { return int(m_pages.count()); }

    // A version-1 BatchExecuted: stored in the older schema, upcast when read.
    static bool isUpcastOnRead(const RecordedEvent &event);
    // The simulated clock as hh:mm:ss.mmm (hours may pass 99).
    static QString formatTime(qint64 ms);

signals:
    void pageLoaded(int firstRow);
    void countingChanged(bool counting);
    void readFailed(const QString &message);

private:
    struct Page
    {
        QList<RecordedEvent> events;
        int rowsWhenRequested = 0; // rows past this may be missing because they did not exist yet
    };
    struct PageResult
    {
        QList<RecordedEvent> events;
        QString error;
    };
    struct MatchResult
    {
        qint64 upTo = 0; // the head the match ran to
        std::vector<qint64> positions;
        QString error;
    };

    template<typename Result>
    quint64 post(std::function<Result(EventStore &)> job, std::function<void(Result)> done) const;
    void arrived(quint64 sequence) const;

    void requestPage(int firstRow) const;
    void postWantedPages() const;
    void pageArrived(int firstRow, int rowsWhenRequested, PageResult result);

    void clearPages();
    void resetRows(bool keepHead);
    void matchNewEvents();
    void matchArrived(qint64 after, MatchResult result);

    StoreReader *m_reader;
    Filter m_filter;
    quint64 m_generation = 0; // bumped on every reset: older results are dropped
    qint64 m_storeHead = 0;
    int m_rows = 0;

    // With a filter: the global positions of the matching events, in order.
    std::vector<qint64> m_index;
    qint64 m_indexedUpTo = 0;
    bool m_counting = false;
    bool m_matchInFlight = false;
    quint64 m_matchSequence = 0;

    mutable QCache<int, Page> m_pages { MaxCachedPages };
    mutable QHash<int, quint64> m_inFlight; // first row -> job sequence
    mutable QList<int> m_wanted; // newest last
    mutable int m_pagesRequested = 0;
    mutable quint64 m_nextSequence = 0;
};

} // namespace eslab
