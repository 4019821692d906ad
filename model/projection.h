#pragma once

#include "model/recordedevent.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace eslab {

class EventStore;

// A read model built from the global stream. The ProjectionRunner calls it inside a write
// transaction on the store's connection and writes the checkpoint in that same transaction.
// Implementations fold a batch in memory and write each touched row once per batch.
class Projection
{
public:
    virtual ~Projection() = default;

    // The projection's name: its row in `checkpoints` and its read-model table.
    virtual QString name() const = 0;
    // Applies events (in global order, all after the checkpoint) to the read model.
    [[nodiscard]] virtual bool apply(EventStore &store, const QList<RecordedEvent> &events,
                                     QString *error)
        = 0;
    // Removes every row of the read model (for a rebuild from zero).
    [[nodiscard]] virtual bool clear(EventStore &store, QString *error) = 0;
    // Folds the whole stream up to `position` afresh in memory and names every row of the stored
    // read model that differs from it ("order_summary order-000042: delivered is 100, a fresh
    // fold gives 150"). Empty when they agree. Meant for a caught-up projection.
    virtual QStringList differencesFromFreshFold(EventStore &store, qint64 position) = 0;
};

// The read models every store has: order_summary and service_stats.
std::vector<std::unique_ptr<Projection>> createStandardProjections();
QStringList standardProjectionNames();

// What the read models share.

// The event a projection handler sees (upcast on read). A payload that fails to decode is an
// error naming the event's position.
[[nodiscard]] std::optional<DomainEvent> decodeForProjection(const RecordedEvent &event,
                                                             QString *error);

// Reads the global stream from the start up to and including `position`, page by page, and calls
// `visit` for each event in order. False with `error` set when a read fails.
[[nodiscard]] bool forEachEventUpTo(EventStore &store, qint64 position,
                                    const std::function<void(const RecordedEvent &)> &visit,
                                    QString *error);

// One row of a read model: its key (the order id, or "service/status") and its other columns.
using ReadModelRow = std::pair<QString, QVariantList>;

// Compares the stored rows of `table` with freshly folded ones and names every difference: a
// differing column ("order_summary order-000042: delivered is 100, a fresh fold gives 150"), a
// row the fresh fold has but the table lacks, and a row the table has but the fold does not.
// Fresh rows are reported in their order, extra rows in the order of `stored`.
QStringList compareReadModel(const QString &table, const QStringList &columns,
                             const QList<ReadModelRow> &stored, const QList<ReadModelRow> &fresh);

// `lines` cut to the first MaxDifferenceLines, plus "... and N more differences" when cut.
inline constexpr int MaxDifferenceLines = 50;
QStringList cappedDifferences(QStringList lines);

} // namespace eslab
