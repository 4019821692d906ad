#pragma once

#include <QString>
#include <QStringList>

#include <functional>

namespace eslab {

class EventStore;

// Checks every invariant of a store (DESIGN sections 1-4), the heart of `eslab verify`:
// - events: global positions gap-free from 1 to the head; stream versions 1, 2, 3 ... per stream;
//   stream ids `order-<n>` (n zero-padded to at least 6 digits); payloads that decode; the current
//   schema_version (or 1 for a legacy BatchExecuted); metadata with string run_id, correlation_id
//   and causation_id; OrderPlaced.order_id equal to its stream; every rule of Order::violation on
//   replay; no refund still due at the end of a stream;
// - snapshots: each usable one equals the fold of its stream at its version, and names a stream
//   version that exists; old-schema snapshots are counted, never trusted;
// - projections: no checkpoint above the head; a caught-up read model equals a fresh fold of the
//   events not parked for it, and order_summary agrees with the aggregate states (an independent
//   implementation). Parked events and a `stop` halt are noted.
//
// Events are read in pages in one pass, keeping one OrderState per stream; snapshots are compared
// by re-reading their streams in chunks, so memory grows with the number of streams, never with
// the number of events or snapshots. The checks run in one read transaction (when the caller has
// none open), so the report describes one moment of a store that others may be writing.
//
// Borrows the store; same thread rules as the store. Never writes.
class StoreVerifier
{
public:
    // The longest violation list a report holds; the rest are counted in a last line.
    static constexpr int MaxListedViolations = 200;
    static constexpr int PageSize = 2000;

    struct Report
    {
        // One line each, naming where: "position 1234 (order-000042 v17, BatchExecuted): ...".
        // At most MaxListedViolations lines, then "... and N more".
        QStringList violations;
        qint64 violationCount = 0; // all of them, listed or not
        qint64 events = 0;
        qint64 streams = 0;
        qint64 snapshots = 0;
        QStringList projectionsChecked; // caught-up projections whose read model was compared
        QStringList notes; // what was not checked, and why
        QString error; // the store could not be read; the report is incomplete

        bool passed() const { return error.isEmpty() && violationCount == 0; }
    };

    // `checked` counts events and then snapshots; `total` is the head plus the snapshot count.
    using ProgressCallback = std::function<void(qint64 checked, qint64 total)>;

    explicit StoreVerifier(EventStore &store)
        : m_store(store)
    { }

    Report verify(const ProgressCallback &progress = {});

private:
    EventStore &m_store;
};

} // namespace eslab
