#include "model/projection.h"

#include "model/eventstore.h"
#include "model/ordersummaryprojection.h"
#include "model/servicestatsprojection.h"

#include <QHash>
#include <QSet>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

constexpr int FreshFoldPageSize = 1000;

QString describeValue(const QVariant &value)
{
    if (value.isNull())
        return u"NULL"_s;
    switch (value.metaType().id()) {
    case QMetaType::QString:
        return u"'%1'"_s.arg(value.toString());
    case QMetaType::Double:
        return QString::number(value.toDouble(), 'g', 15);
    default:
        return value.toString();
    }
}

} // namespace

std::vector<std::unique_ptr<Projection>> createStandardProjections()
{
    std::vector<std::unique_ptr<Projection>> projections;
    projections.push_back(std::make_unique<OrderSummaryProjection>());
    projections.push_back(std::make_unique<ServiceStatsProjection>());
    return projections;
}

QStringList standardProjectionNames()
{
    return { OrderSummaryProjection::projectionName(), ServiceStatsProjection::projectionName() };
}

std::unique_ptr<Projection> createStandardProjection(const QString &name)
{
    for (auto &projection : createStandardProjections()) {
        if (projection->name() == name)
            return std::move(projection);
    }
    return nullptr;
}

std::optional<DomainEvent> decodeForProjection(const RecordedEvent &event, QString *error)
{
    DecodedEvent decoded = event.decode();
    if (!decoded.event) {
        *error = u"event %1 (%2 in %3) cannot be decoded: %4"_s.arg(event.globalPosition)
                     .arg(event.eventType, event.streamId, decoded.error);
        return std::nullopt;
    }
    return std::move(decoded.event);
}

bool forEachEventUpTo(EventStore &store, qint64 position,
                      const std::function<void(const RecordedEvent &)> &visit, QString *error)
{
    qint64 after = 0;
    while (after < position) {
        const QList<RecordedEvent> page = store.readForProjections(after, FreshFoldPageSize);
        if (!store.errorString().isEmpty()) {
            *error = store.errorString();
            return false;
        }
        if (page.isEmpty())
            return true;
        for (const RecordedEvent &event : page) {
            if (event.globalPosition > position)
                return true;
            visit(event);
        }
        after = page.last().globalPosition;
    }
    return true;
}

QString poisonHandlerFailure(const RecordedEvent &recorded, const DomainEvent &event,
                             bool poisonFails)
{
    const auto *note = std::get_if<OrderNoteAdded>(&event);
    if (!poisonFails || !note || !note->poison)
        return {};
    return u"event %1 in %2 is a poison OrderNoteAdded, which the handler cannot take"_s.arg(
        QString::number(recorded.globalPosition), recorded.streamId);
}

QStringList compareReadModel(const QString &table, const QStringList &columns,
                             const QList<ReadModelRow> &stored, const QList<ReadModelRow> &fresh)
{
    QHash<QString, const QVariantList *> storedByKey;
    storedByKey.reserve(stored.size());
    for (const auto &[key, values] : stored)
        storedByKey.insert(key, &values);

    QStringList lines;
    QSet<QString> freshKeys;
    freshKeys.reserve(fresh.size());
    for (const auto &[key, freshValues] : fresh) {
        freshKeys.insert(key);
        const QVariantList *storedValues = storedByKey.value(key);
        if (!storedValues) {
            lines.append(u"%1 %2: no row, but a fresh fold has one"_s.arg(table, key));
            continue;
        }
        Q_ASSERT(storedValues->size() == columns.size() && freshValues.size() == columns.size());
        for (qsizetype i = 0; i < columns.size(); ++i) {
            if (storedValues->at(i) != freshValues.at(i)) {
                lines.append(u"%1 %2: %3 is %4, a fresh fold gives %5"_s.arg(
                    table, key, columns.at(i), describeValue(storedValues->at(i)),
                    describeValue(freshValues.at(i))));
            }
        }
    }
    for (const auto &[key, values] : stored) {
        if (!freshKeys.contains(key))
            lines.append(u"%1 %2: a row that a fresh fold does not have"_s.arg(table, key));
    }
    return lines;
}

QStringList cappedDifferences(QStringList lines)
{
    if (lines.size() <= MaxDifferenceLines)
        return lines;
    const qsizetype more = lines.size() - MaxDifferenceLines;
    lines.resize(MaxDifferenceLines);
    lines.append(u"... and %1 more differences"_s.arg(more));
    return lines;
}

} // namespace eslab
