#include "ui/benchmark.h"

#include "model/eventstore.h"
#include "model/order.h"
#include "model/orderrepository.h"
#include "model/projection.h"
#include "model/projectionrunner.h"
#include "model/snapshotstore.h"
#include "simulation/scenario.h"
#include "simulation/simulation.h"
#include "ui/commandcontext.h"
#include "ui/rawsqliteceiling.h"
#include "ui/windowbenchmark.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

// Orders of the small run that tells how many events an order of the default scenario makes.
constexpr qint64 EstimateOrders = 24;
// The inserts and appends use the first events of the headless run: this many one at a time,
// and this many in chunks (fewer when the run is smaller). Enough for steady rates; few enough
// that the slowest path (a transaction per event) stays within seconds a round.
constexpr qint64 SampleEvents1 = 20'000;
constexpr qint64 SampleEvents100 = 200'000;
// The same on a PostgreSQL server, where a commit is a round trip and a flush of its own.
constexpr qint64 PostgresSampleEvents1 = 2'000;
constexpr qint64 PostgresSampleEvents100 = 50'000;
constexpr int ChunkSize = 100;
// The raw inserts of the whole run say how far they have got every this many events.
constexpr qint64 WholeRunProgressEvents = 100'000;
// Rounds of raw inserts and appends: at least the minimum, and more (up to the maximum) while a
// side has run for less than InsertMinNs in all, so that a small N is not a few milliseconds of
// noise.
constexpr int InsertMinRounds = 3;
constexpr int InsertMaxRounds = 15;
constexpr qint64 InsertMinNs = 1'000'000'000;
constexpr int ReadPageSize = 10'000;
constexpr int BulkBatchSize = ProjectionRunner::BulkBatchSize; // as `eslab rebuild`
// The long order: 3 events before its batches, then BatchExecuted up to this version. Not a
// multiple of 100, so that the snapshotted load replays the mean tail of every_n 100 (50 events).
constexpr qint64 LongOrderEvents = 10'050;
constexpr qint64 SnapshotEvery = 100;
constexpr int LoadRepeats = 9;
constexpr int RssPollMs = 20;
// The run in the window lasts about this long at the headless run's rate.
constexpr double StallRunSeconds = 5;
constexpr qint64 StallRunMinEvents = 2000;

QString thousands(qint64 value)
{
    return QLocale(QLocale::English).toString(value);
}

void removeStore(const QString &path)
{
    QFile::remove(path);
    QFile::remove(path + u"-wal"_s);
    QFile::remove(path + u"-shm"_s);
}

// Creates an empty store at `path` with eslab's schema, and closes it.
bool createEmptyStore(const QString &path, QString *error)
{
    removeStore(path);
    return EventStore::open(path, EventStore::Access::ReadWriteCreate, error) != nullptr;
}

// The first `limit` events of a store, in global order.
QList<RecordedEvent> readEvents(EventStore &store, qint64 limit, QString *error)
{
    QList<RecordedEvent> events;
    while (events.size() < limit) {
        const int page = int(std::min<qint64>(ReadPageSize, limit - events.size()));
        const QList<RecordedEvent> read
            = store.readAll(events.isEmpty() ? 0 : events.constLast().globalPosition, page);
        if (!store.errorString().isEmpty()) {
            *error = store.errorString();
            return {};
        }
        if (read.isEmpty())
            break;
        events.append(read);
    }
    return events;
}

// Each stream's consecutive events in chunks of up to `size`, in stream-version order: the
// indexes of each chunk's events. Chunks are ordered by their first event's global position, so
// that each stream's chunks come in order.
std::vector<std::vector<int>> chunkByStream(const QList<RecordedEvent> &events, int size)
{
    QHash<QString, std::size_t> open; // stream -> its chunk being filled
    std::vector<std::vector<int>> chunks;
    for (int i = 0; i < events.size(); ++i) {
        const QString &stream = events.at(i).streamId;
        auto found = open.find(stream);
        if (found == open.end() || chunks[*found].size() >= std::size_t(size)) {
            chunks.emplace_back();
            found = open.insert(stream, chunks.size() - 1);
        }
        chunks[*found].push_back(i);
    }
    return chunks;
}

NewEvent toNewEvent(const RecordedEvent &event)
{
    return { event.eventId, event.eventType, event.schemaVersion,
             event.payload, event.metadata,  event.recordedAt };
}

struct AppendCall
{
    QString streamId;
    qint64 expectedVersion = 0;
    QList<NewEvent> events;
};

// Events cut into each stream's chunks of up to a size: laid out chunk after chunk (so that a
// chunk is a range of `ordered`), with the append call of each chunk.
struct ChunkedEvents
{
    QList<RecordedEvent> ordered;
    std::vector<RawSqliteCeiling::Chunk> chunks;
    std::vector<AppendCall> calls;
};

ChunkedEvents chunked(const QList<RecordedEvent> &events, int chunkSize)
{
    ChunkedEvents result;
    result.ordered.reserve(events.size());
    for (const std::vector<int> &chunk : chunkByStream(events, chunkSize)) {
        result.chunks.push_back({ int(result.ordered.size()), int(chunk.size()) });
        for (int i : chunk)
            result.ordered.append(events.at(i));
    }
    result.calls.reserve(result.chunks.size());
    for (const RawSqliteCeiling::Chunk &chunk : result.chunks) {
        AppendCall call;
        const RecordedEvent &first = result.ordered.at(chunk.first);
        call.streamId = first.streamId;
        call.expectedVersion = first.streamVersion - 1;
        for (int i = chunk.first; i < chunk.first + chunk.count; ++i)
            call.events.append(toNewEvent(result.ordered.at(i)));
        result.calls.push_back(std::move(call));
    }
    return result;
}

struct Timing
{
    qint64 events = 0;
    qint64 elapsedNs = 0;
    QString error;

    double eventsPerSecond() const
    {
        return elapsedNs > 0 ? double(events) * 1e9 / double(elapsedNs) : 0;
    }
};

// eslab's append path: each call its own append, and so its own transaction.
Timing appendAll(const QString &path, const std::vector<AppendCall> &calls,
                 const std::function<bool()> &stop)
{
    Timing timing;
    auto store = EventStore::open(path, EventStore::Access::ReadWrite, &timing.error);
    if (!store)
        return timing;
    QElapsedTimer clock;
    clock.start();
    for (const AppendCall &call : calls) {
        const AppendResult result = store->append(call.streamId, call.expectedVersion, call.events);
        if (result.status != AppendResult::Status::Appended) {
            timing.error = result.error.isEmpty()
                ? u"append to %1 at version %2 was not appended"_s.arg(call.streamId)
                      .arg(call.expectedVersion)
                : result.error;
            return timing;
        }
        timing.events += call.events.size();
        if ((timing.events & 1023) == 0 && stop()) {
            timing.error = u"stopped"_s;
            return timing;
        }
    }
    timing.elapsedNs = clock.nsecsElapsed();
    return timing;
}

// The peak RSS (VmHWM) of a live process, in kB, or -1 when it cannot be read.
qint64 highWaterKb(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

Benchmark::Benchmark(Options options, ProgressCallback progress, StopRequest stop)
    : m_options(std::move(options))
    , m_progress(std::move(progress))
    , m_stop(std::move(stop))
{
    m_report.setEventsRequested(m_options.events);
}

Benchmark::~Benchmark() = default;

std::optional<Scenario> Benchmark::defaultScenario(QString *error)
{
    ScenarioParseResult parsed = loadScenarioFile(u":/eslab/scenarios/default.json"_s);
    if (!parsed.scenario)
        *error = parsed.error;
    return parsed.scenario;
}

bool Benchmark::stopRequested()
{
    if (!m_stopped && m_stop && m_stop())
        m_stopped = true;
    return m_stopped;
}

void Benchmark::progress(const QString &line)
{
    if (m_progress)
        m_progress(line);
}

QString Benchmark::path(const QString &name) const
{
    return m_scratch->filePath(name);
}

bool Benchmark::run()
{
    m_scratch = std::make_unique<QTemporaryDir>();
    if (!m_scratch->isValid()) {
        m_error = u"cannot create a temporary folder: %1"_s.arg(m_scratch->errorString());
        return false;
    }
    const double loadAtStart = BenchmarkReport::currentLoadAverage();
    std::vector<bool (Benchmark::*)()> steps {
        &Benchmark::estimateEventsPerOrder, &Benchmark::runHeadless,
        &Benchmark::measureInserts,         &Benchmark::measureWholeRunInsert,
        &Benchmark::measureRebuild,         &Benchmark::measureOrderLoads,
        &Benchmark::measurePeakRss,         &Benchmark::measureWindow,
    };
    if (!m_options.postgres.isEmpty()) {
        // Checked first, not after the SQLite figures: the bench removes the store it makes.
        if (EventStore::exists(m_options.postgres)) {
            // A store, or a server that cannot be reached (open() says why).
            QString error;
            m_error = EventStore::open(m_options.postgres, EventStore::Access::ReadOnly, &error)
                ? u"%1 holds a store; the bench writes and removes a store of its own, so give "
                  "it a database without one"_s.arg(m_options.postgres)
                : error;
            return false;
        }
        steps.insert(steps.begin() + 4, &Benchmark::measurePostgres);
    }
    if (!m_options.windowStore.isEmpty()) {
        steps = { &Benchmark::copyWindowStore, &Benchmark::estimateEventsPerOrder,
                  &Benchmark::measureWindow };
        for (const BenchmarkReport::Target &target : BenchmarkReport::targets()) {
            if (!target.valueKey.startsWith(u"window_"_s) && !target.valueKey.startsWith(u"gui_"_s)
                && !target.valueKey.startsWith(u"chart_"_s))
                m_report.setUnmeasured(target.valueKey,
                                       u"only the window figures were asked for"_s);
        }
    }
    bool ok = true;
    for (auto step : steps) {
        if (stopRequested() || !(this->*step)()) {
            ok = false;
            break;
        }
    }
    m_report.computeRatios();
    m_report.setLoadAverages(loadAtStart, BenchmarkReport::currentLoadAverage());
    m_scratch.reset();
    return ok && !m_stopped;
}

bool Benchmark::estimateEventsPerOrder()
{
    std::optional<Scenario> scenario = defaultScenario(&m_error);
    if (!scenario)
        return false;
    scenario->orders.count = EstimateOrders;
    const QString location = path(u"estimate.db"_s);
    progress(u"estimating events per order (%1 orders)"_s.arg(EstimateOrders));
    {
        auto store = EventStore::open(location, EventStore::Access::ReadWriteCreate, &m_error);
        if (!store)
            return false;
        Simulation simulation(*scenario, *store);
        QElapsedTimer clock;
        clock.start();
        if (!simulation.run(false, [this] { return stopRequested(); })) {
            m_error = simulation.errorString();
            return false;
        }
        if (simulation.report().interrupted)
            return false;
        m_eventsPerOrder = double(simulation.report().events) / double(EstimateOrders);
        m_estimateEventsPerSecond = double(simulation.report().events) * 1e9
            / double(std::max<qint64>(1, clock.nsecsElapsed()));
    }
    removeStore(location);
    m_orders = std::clamp<qint64>(std::llround(double(m_options.events) / m_eventsPerOrder), 1,
                                  10'000'000);
    return true;
}

// The window's store is a copy, since the run in the window adds to it.
bool Benchmark::copyWindowStore()
{
    const QString source = m_options.windowStore;
    const QString location = path(u"window.db"_s);
    qint64 head = 0;
    {
        auto store = EventStore::open(source, EventStore::Access::ReadOnly, &m_error);
        if (!store)
            return false;
        head = store->headPosition();
        if (head < 0) {
            m_error = store->errorString();
            return false;
        }
    }
    progress(u"copying %1 (%2 events)"_s.arg(source, thousands(head)));
    for (const QString &suffix : { QString(), u"-wal"_s }) {
        if (suffix.isEmpty() || QFile::exists(source + suffix)) {
            if (!QFile::copy(source + suffix, location + suffix)) {
                m_error = u"cannot copy %1 to %2"_s.arg(source + suffix, location + suffix);
                return false;
            }
            // On disk before the window opens: gigabytes still being written back would slow
            // its reads, and that is the copy's cost, not the window's.
            QFile copy(location + suffix);
            if (copy.open(QIODevice::ReadOnly))
                ::fsync(copy.handle());
        }
    }
    m_options.events = std::max<qint64>(1, head);
    m_report.setEventsRequested(m_options.events);
    return true;
}

bool Benchmark::runHeadless()
{
    std::optional<Scenario> scenario = defaultScenario(&m_error);
    if (!scenario)
        return false;
    scenario->orders.count = m_orders;
    auto store = EventStore::open(path(u"run.db"_s), EventStore::Access::ReadWriteCreate, &m_error);
    if (!store)
        return false;
    Simulation simulation(*scenario, *store);
    const QString orders = thousands(m_orders);
    QElapsedTimer clock;
    clock.start();
    const bool completed = simulation.run(
        false, [this] { return stopRequested(); },
        [&](const RunReport &report) {
            progress(u"headless run: %1 events (%2 orders planned), %3 s"_s.arg(
                thousands(report.events), orders, QString::number(clock.elapsed() / 1000)));
        });
    const qint64 elapsedNs = clock.nsecsElapsed();
    if (!completed) {
        m_error = u"the headless run failed: %1"_s.arg(simulation.errorString());
        return false;
    }
    if (simulation.report().interrupted)
        return false;
    const qint64 events = simulation.report().events;
    m_report.setFigure(u"run_events"_s, double(events));
    m_report.setFigure(u"run_orders"_s, double(m_orders));
    m_report.setFigure(u"run_wall_ms"_s, BenchmarkReport::msFromNs(elapsedNs));
    m_report.setFigure(u"run_events_per_s"_s, double(events) * 1e9 / double(elapsedNs));
    return true;
}

bool Benchmark::measureInserts()
{
    progress(u"reading the run's first events for the inserts"_s);
    QList<RecordedEvent> sample;
    {
        auto store = EventStore::open(path(u"run.db"_s), EventStore::Access::ReadOnly, &m_error);
        if (!store)
            return false;
        sample = readEvents(*store, std::max(SampleEvents1, SampleEvents100), &m_error);
        if (!m_error.isEmpty())
            return false;
    }

    // One figure pair: the raw inserts, then eslab's appends of the same chunks, each into a
    // fresh store, in alternating rounds so that neither side runs on a quieter machine than
    // the other; each side's figure is its median round.
    const auto measure = [&](const QList<RecordedEvent> &events, int chunkSize,
                             const QString &rawKey, const QString &appendKey) -> bool {
        const auto [ordered, chunks, calls] = chunked(events, chunkSize);
        std::vector<RawSqliteCeiling::Row> rows;
        rows.reserve(std::size_t(ordered.size()));
        for (const RecordedEvent &event : ordered)
            rows.push_back(RawSqliteCeiling::toRow(event));
        // The same events in the order the run wrote them, `chunkSize` consecutive events per
        // transaction: the other way to insert them. Which order SQLite takes faster depends
        // on how the events' keys sort (event_id, stream and version); the run is compared
        // with the faster one.
        const bool bothOrders = chunkSize > 1;
        std::vector<RawSqliteCeiling::Row> inOrderRows;
        std::vector<RawSqliteCeiling::Chunk> inOrderChunks;
        if (bothOrders) {
            inOrderRows.reserve(std::size_t(events.size()));
            for (const RecordedEvent &event : events)
                inOrderRows.push_back(RawSqliteCeiling::toRow(event));
            for (int first = 0; first < int(events.size()); first += chunkSize)
                inOrderChunks.push_back({ first, std::min(chunkSize, int(events.size()) - first) });
        }
        std::vector<double> inOrderRates;
        const QString label = chunkSize == 1 ? u"1 event"_s : u"up to %1 events"_s.arg(chunkSize);
        const QString location = path(u"insert.db"_s);
        std::vector<double> rawRates;
        std::vector<double> appendRates;
        qint64 rawNs = 0;
        qint64 appendNs = 0;
        for (int round = 1; round <= InsertMaxRounds
             && (round <= InsertMinRounds || std::min(rawNs, appendNs) < InsertMinNs);
             ++round) {
            if (!createEmptyStore(location, &m_error))
                return false;
            progress(u"raw sqlite3 inserts, %1 per transaction: %2 events, round %3"_s.arg(
                label, thousands(ordered.size()), QString::number(round)));
            const RawSqliteCeiling::Result raw = RawSqliteCeiling::insert(location, rows, chunks);
            removeStore(location);
            if (!raw.isOk()) {
                m_report.setUnmeasured(rawKey, raw.error);
                rawRates.clear();
            } else if (!m_report.unmeasured().contains(rawKey)) {
                rawRates.push_back(raw.eventsPerSecond());
                rawNs += raw.elapsedNs;
            }
            if (bothOrders) {
                if (stopRequested() || !createEmptyStore(location, &m_error))
                    return false;
                progress(u"raw sqlite3 inserts in the run's order, %1 per transaction: %2 "
                         "events, round %3"_s.arg(QString::number(chunkSize),
                                                  thousands(events.size()),
                                                  QString::number(round)));
                const RawSqliteCeiling::Result inOrder
                    = RawSqliteCeiling::insert(location, inOrderRows, inOrderChunks);
                removeStore(location);
                if (!inOrder.isOk())
                    m_report.setUnmeasured(u"raw_insert100_in_order_events_per_s"_s, inOrder.error);
                else
                    inOrderRates.push_back(inOrder.eventsPerSecond());
            }
            if (stopRequested() || !createEmptyStore(location, &m_error))
                return false;
            progress(u"eslab appends of %1: %2 events, round %3"_s.arg(
                label, thousands(ordered.size()), QString::number(round)));
            const Timing appended = appendAll(location, calls, [this] { return stopRequested(); });
            removeStore(location);
            if (stopRequested())
                return false;
            if (!appended.error.isEmpty()) {
                m_report.setUnmeasured(appendKey, appended.error);
                appendRates.clear();
            } else if (!m_report.unmeasured().contains(appendKey)) {
                appendRates.push_back(appended.eventsPerSecond());
                appendNs += appended.elapsedNs;
            }
        }
        if (!rawRates.empty())
            m_report.setFigure(rawKey, BenchmarkReport::median(rawRates));
        if (bothOrders && !rawRates.empty()
            && !m_report.unmeasured().contains(u"raw_insert100_in_order_events_per_s"_s)) {
            const double inOrder = BenchmarkReport::median(inOrderRates);
            m_report.setFigure(u"raw_insert100_in_order_events_per_s"_s, inOrder);
            m_report.setFigure(u"raw_insert100_faster_order_events_per_s"_s,
                               std::max(inOrder, BenchmarkReport::median(rawRates)));
        }
        if (!appendRates.empty())
            m_report.setFigure(appendKey, BenchmarkReport::median(appendRates));
        if (chunkSize > 1)
            m_report.setFigure(u"insert100_chunks"_s, double(chunks.size()));
        return true;
    };

    const QList<RecordedEvent> sample1 = sample.mid(0, SampleEvents1);
    m_report.setFigure(u"insert1_events"_s, double(sample1.size()));
    if (!measure(sample1, 1, u"raw_insert1_events_per_s"_s, u"append1_events_per_s"_s))
        return false;
    const QList<RecordedEvent> sample100 = sample.mid(0, SampleEvents100);
    m_report.setFigure(u"insert100_events"_s, double(sample100.size()));
    return measure(sample100, ChunkSize, u"raw_insert100_events_per_s"_s,
                   u"append100_events_per_s"_s);
}

bool Benchmark::measureWholeRunInsert()
{
    const qint64 runEvents = qint64(m_report.figure(u"run_events"_s).value_or(0));
    const QString location = path(u"whole-run.db"_s);
    if (!createEmptyStore(location, &m_error))
        return false;
    const RawSqliteCeiling::Result raw = RawSqliteCeiling::insertAllOf(
        path(u"run.db"_s), location, ChunkSize, EventStore::BulkWriterPageCacheKib,
        [&](qint64 inserted) {
            if (inserted % WholeRunProgressEvents == 0)
                progress(u"raw sqlite3 inserts of the whole run, %1 per transaction: %2 of %3 "
                         "events"_s.arg(QString::number(ChunkSize), thousands(inserted),
                                        thousands(runEvents)));
            return !stopRequested();
        });
    removeStore(location);
    if (stopRequested())
        return false;
    if (!raw.isOk())
        m_report.setUnmeasured(u"raw_insert100_whole_run_events_per_s"_s, raw.error);
    else
        m_report.setFigure(u"raw_insert100_whole_run_events_per_s"_s, raw.eventsPerSecond());
    m_report.setFigure(u"raw_insert100_whole_run_events"_s, double(raw.events));
    return true;
}

bool Benchmark::measurePostgres()
{
    const QString location = m_options.postgres;
    m_report.setPostgresServer(location);
    progress(u"reading the run's first events for PostgreSQL"_s);
    QList<RecordedEvent> sample;
    {
        auto store = EventStore::open(path(u"run.db"_s), EventStore::Access::ReadOnly, &m_error);
        if (!store)
            return false;
        sample = readEvents(*store, std::max(PostgresSampleEvents1, PostgresSampleEvents100),
                            &m_error);
        if (!m_error.isEmpty())
            return false;
    }
    // Whatever happens, the server is left as the bench found it.
    const auto dropServerStore = [&] {
        QString error;
        if (EventStore::exists(location) && !EventStore::removePostgresStore(location, &error))
            m_error = error;
    };
    const auto appendInto = [&](qint64 events, int chunkSize, const QString &key) {
        const ChunkedEvents chunks = chunked(sample.mid(0, events), chunkSize);
        dropServerStore();
        if (!m_error.isEmpty()
            || !EventStore::open(location, EventStore::Access::ReadWriteCreate, &m_error))
            return false;
        progress(u"PostgreSQL appends of %1: %2 events"_s.arg(
            chunkSize == 1 ? u"1 event"_s : u"up to %1 events"_s.arg(chunkSize),
            thousands(chunks.ordered.size())));
        const Timing appended
            = appendAll(location, chunks.calls, [this] { return stopRequested(); });
        if (stopRequested())
            return false;
        if (appended.error.isEmpty())
            m_report.setPostgresFigure(key, appended.eventsPerSecond());
        else
            m_report.setUnmeasured(u"postgresql." + key, appended.error);
        m_report.setPostgresFigure(key + u"_events"_s, double(chunks.ordered.size()));
        return true;
    };
    bool ok = appendInto(PostgresSampleEvents1, 1, u"append1_events_per_s"_s)
        && appendInto(PostgresSampleEvents100, ChunkSize, u"append100_events_per_s"_s);
    if (ok) {
        // The rebuild reads what the appends of 100 stored.
        auto store = EventStore::open(location, EventStore::Access::ReadWrite, &m_error);
        ok = store != nullptr;
        for (const QString &name : { u"order_summary"_s, u"service_stats"_s }) {
            if (!ok)
                break;
            const std::unique_ptr<Projection> projection = createStandardProjection(name);
            ProjectionRunner runner(*store, *projection);
            QElapsedTimer clock;
            clock.start();
            const ProjectionRunner::Progress rebuilt = runner.rebuild(
                BulkBatchSize, storeClock(*store), [&](const ProjectionRunner::Progress &step) {
                    progress(u"PostgreSQL rebuild of %1: %2 of %3 events"_s.arg(
                        name, thousands(step.checkpoint), thousands(step.head)));
                    return !stopRequested();
                });
            const qint64 elapsedNs = clock.nsecsElapsed();
            ok = !stopRequested();
            const QString key = u"rebuild_%1_events_per_s"_s.arg(name);
            if (!rebuilt.isOk())
                m_report.setUnmeasured(u"postgresql." + key, rebuilt.error);
            else
                m_report.setPostgresFigure(key,
                                           double(rebuilt.checkpoint) * 1e9 / double(elapsedNs));
        }
    }
    const QString error = m_error;
    dropServerStore();
    if (!error.isEmpty())
        m_error = error;
    return ok && m_error.isEmpty();
}

bool Benchmark::measureRebuild()
{
    const QString location = path(u"run.db"_s);
    progress(u"raw sqlite3 read of the run's events"_s);
    const RawSqliteCeiling::Result read = RawSqliteCeiling::readAll(location);
    if (read.isOk()) {
        m_report.setFigure(u"raw_read_events"_s, double(read.events));
        m_report.setFigure(u"raw_read_events_per_s"_s, read.eventsPerSecond());
    } else {
        m_report.setUnmeasured(u"raw_read_events_per_s"_s, read.error);
    }
    if (stopRequested())
        return false;

    auto store = EventStore::open(location, EventStore::Access::ReadWrite, &m_error);
    if (!store)
        return false;
    const qint64 now = storeClock(*store);
    for (const QString &name : { u"order_summary"_s, u"service_stats"_s }) {
        const std::unique_ptr<Projection> projection = createStandardProjection(name);
        const QString key = u"rebuild_%1_events_per_s"_s.arg(name);
        if (!projection) {
            m_report.setUnmeasured(key, u"there is no projection %1"_s.arg(name));
            continue;
        }
        ProjectionRunner runner(*store, *projection);
        QElapsedTimer clock;
        clock.start();
        const ProjectionRunner::Progress rebuilt
            = runner.rebuild(BulkBatchSize, now, [&](const ProjectionRunner::Progress &step) {
                  progress(u"rebuild of %1: %2 of %3 events"_s.arg(name, thousands(step.checkpoint),
                                                                   thousands(step.head)));
                  return !stopRequested();
              });
        const qint64 elapsedNs = clock.nsecsElapsed();
        if (stopRequested())
            return false;
        if (!rebuilt.isOk())
            m_report.setUnmeasured(key, rebuilt.error);
        else
            m_report.setFigure(key, double(rebuilt.checkpoint) * 1e9 / double(elapsedNs));
    }
    store.reset();
    // The run's store is not needed any more; a large one is gigabytes.
    removeStore(location);
    return true;
}

bool Benchmark::measureOrderLoads()
{
    const QString location = path(u"order.db"_s);
    progress(u"writing an order of %1 events"_s.arg(thousands(LongOrderEvents)));
    auto store = EventStore::open(location, EventStore::Access::ReadWriteCreate, &m_error);
    if (!store)
        return false;
    SnapshotStore snapshots(*store);
    const QString streamId = orderStreamId(1);
    const QJsonObject metadata { { u"correlation_id"_s, u"bench:%1"_s.arg(streamId) },
                                 { u"causation_id"_s, u"bench:%1"_s.arg(streamId) },
                                 { u"run_id"_s, u"bench"_s } };
    constexpr qint64 BatchSize = 50;
    // Far more units than the batches deliver, so that the order stays in progress.
    const OrderPlaced placed { streamId,   u"customer-0001"_s,
                               u"likes"_s, BatchSize * LongOrderEvents * 2,
                               BatchSize,  BatchSize * LongOrderEvents * 4 };

    Order order;
    QList<NewEvent> pending;
    qint64 version = 0;
    qint64 clock = 0;
    const auto decide = [&](const Decision &decision) {
        for (const DomainEvent &event : decision.events) {
            ++version;
            clock += 800;
            pending.append(NewEvent::fromDomainEvent(u"bench:%1:%2"_s.arg(streamId).arg(version),
                                                     event, metadata, clock));
            order.apply(event);
        }
        return decision.isAccepted();
    };
    // Appends what is pending; a snapshot at every multiple of SnapshotEvery, as every_n takes.
    const auto flush = [&]() -> bool {
        const qint64 expected = version - pending.size();
        const AppendResult result = store->append(streamId, expected, pending);
        pending.clear();
        if (result.status != AppendResult::Status::Appended) {
            m_error = u"cannot write the long order: %1"_s.arg(result.error);
            return false;
        }
        if (version % SnapshotEvery == 0 && snapshots.save(streamId, order.state(), clock) < 0) {
            m_error = u"cannot write a snapshot: %1"_s.arg(snapshots.errorString());
            return false;
        }
        return true;
    };
    if (!decide(order.place(placed)) || !decide(order.deductPoints()) || !decide(order.start())) {
        m_error = u"the long order was rejected"_s;
        return false;
    }
    for (qint64 batchNo = 1; version < LongOrderEvents; ++batchNo) {
        const BatchExecuted batch { batchNo, 1, BatchSize, BatchSize, u"worker-1"_s, 800 };
        if (!decide(order.executeBatch(batch))) {
            m_error = u"batch %1 of the long order was rejected"_s.arg(batchNo);
            return false;
        }
        if ((version % SnapshotEvery == 0 || version == LongOrderEvents) && !flush())
            return false;
    }
    m_report.setFigure(u"order_events"_s, double(version));

    // Loads alternate between the two ways so that neither gets a warmer cache; the first of
    // each is a warm-up.
    progress(u"loading the long order"_s);
    OrderRepository repository(*store, snapshots);
    std::vector<double> fullMs;
    std::vector<double> snapshotMs;
    LoadedOrder full;
    LoadedOrder snapshotted;
    for (int i = 0; i <= LoadRepeats; ++i) {
        QElapsedTimer timer;
        timer.start();
        full = repository.load(streamId, OrderRepository::Latest, false);
        const qint64 fullNs = timer.nsecsElapsed();
        timer.restart();
        snapshotted = repository.load(streamId, OrderRepository::Latest, true);
        const qint64 snapshotNs = timer.nsecsElapsed();
        if (!full.isLoaded() || !snapshotted.isLoaded()) {
            m_report.setUnmeasured(u"full_load_ms"_s, full.error + snapshotted.error);
            m_report.setUnmeasured(u"snapshot_load_ms"_s, full.error + snapshotted.error);
            removeStore(location);
            return true;
        }
        if (i > 0) {
            fullMs.push_back(BenchmarkReport::msFromNs(fullNs));
            snapshotMs.push_back(BenchmarkReport::msFromNs(snapshotNs));
        }
        if (stopRequested())
            return false;
    }
    if (!(full.order.state() == snapshotted.order.state())) {
        const QString reason = u"the snapshotted load gave another state than the full load"_s;
        m_report.setUnmeasured(u"full_load_ms"_s, reason);
        m_report.setUnmeasured(u"snapshot_load_ms"_s, reason);
    } else {
        m_report.setFigure(u"full_load_ms"_s, BenchmarkReport::median(fullMs));
        m_report.setFigure(u"snapshot_load_ms"_s, BenchmarkReport::median(snapshotMs));
        m_report.setFigure(u"full_load_events_replayed"_s, full.eventsReplayed);
        m_report.setFigure(u"snapshot_load_events_replayed"_s, snapshotted.eventsReplayed);
    }
    store.reset();
    removeStore(location);
    return true;
}

bool Benchmark::measurePeakRss()
{
    const QString location = path(u"window.db"_s);
    if (m_options.eslabBinary.isEmpty()) {
        m_report.setUnmeasured(u"peak_rss_mb"_s, u"no eslab binary to start"_s);
        return true;
    }
    // A child process, so that the bench's own memory is not counted. VmHWM is read while it
    // runs: the kernel's high-water mark of the child's own address space (wait4's ru_maxrss
    // would also count the parent's pages the child started from).
    QProcess child;
    child.setProgram(m_options.eslabBinary);
    child.setArguments({ u"run"_s, u"--db"_s, location, u"--orders"_s, QString::number(m_orders) });
    child.start();
    if (!child.waitForStarted(30'000)) {
        m_report.setUnmeasured(
            u"peak_rss_mb"_s,
            u"cannot start %1: %2"_s.arg(m_options.eslabBinary, child.errorString()));
        return true;
    }
    const qint64 pid = child.processId();
    qint64 peakKb = -1;
    QElapsedTimer clock;
    clock.start();
    qint64 lastProgress = -1000;
    while (!child.waitForFinished(RssPollMs)) {
        if (child.state() == QProcess::NotRunning)
            break;
        peakKb = std::max(peakKb, highWaterKb(pid));
        if (stopRequested()) {
            child.terminate();
            child.waitForFinished(30'000);
            return false;
        }
        if (clock.elapsed() - lastProgress >= 1000) {
            lastProgress = clock.elapsed();
            progress(u"peak RSS: eslab run of %1 orders, %2 MB so far, %3 s"_s.arg(
                thousands(m_orders), QString::number(double(peakKb) / 1024, 'f', 0),
                QString::number(clock.elapsed() / 1000)));
        }
    }
    const QByteArray output = child.readAllStandardOutput();
    if (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0) {
        const QString why = QString::fromUtf8(child.readAllStandardError()).trimmed();
        m_report.setUnmeasured(u"peak_rss_mb"_s,
                               u"eslab run exited with %1: %2"_s.arg(child.exitCode()).arg(why));
        return true;
    }
    const QJsonObject runReport = QJsonDocument::fromJson(output).object();
    const qint64 events = runReport.value(u"events"_s).toInteger();
    if (peakKb <= 0) {
        m_report.setUnmeasured(u"peak_rss_mb"_s,
                               u"the run ended before its memory could be read"_s);
    } else {
        m_report.setFigure(u"peak_rss_mb"_s, double(peakKb) / 1024.0);
    }
    m_report.setFigure(u"peak_rss_run_events"_s, double(events));
    if (const double wallMs = runReport.value(u"wall_ms"_s).toDouble(); wallMs > 0)
        m_report.setFigure(u"peak_rss_run_events_per_s"_s, double(events) * 1000.0 / wallMs);
    return true;
}

bool Benchmark::measureWindow()
{
    const QString location = path(u"window.db"_s);
    if (!QFile::exists(location)) {
        // No child run (no binary, or it failed): the window opens a store of the same size
        // written here instead.
        std::optional<Scenario> scenario = defaultScenario(&m_error);
        if (!scenario)
            return false;
        scenario->orders.count = m_orders;
        auto store = EventStore::open(location, EventStore::Access::ReadWriteCreate, &m_error);
        if (!store)
            return false;
        Simulation simulation(*scenario, *store);
        progress(u"writing the window's store"_s);
        if (!simulation.run(false, [this] { return stopRequested(); })) {
            m_error = simulation.errorString();
            return false;
        }
        if (simulation.report().interrupted)
            return false;
    }
    const double rate
        = m_report.figure(u"run_events_per_s"_s)
              .value_or(m_estimateEventsPerSecond > 0 ? m_estimateEventsPerSecond : 1000);
    const qint64 stallEvents = std::clamp<qint64>(std::llround(rate * StallRunSeconds),
                                                  StallRunMinEvents, m_options.events);
    WindowBenchmark::Options options;
    options.storePath = location;
    options.settingsPath = path(u"settings"_s);
    options.runOrders = std::max<qint64>(1, std::llround(double(stallEvents) / m_eventsPerOrder));
    WindowBenchmark window(options, m_progress, [this] { return stopRequested(); });
    window.run(m_report);
    return !stopRequested();
}

} // namespace eslab
