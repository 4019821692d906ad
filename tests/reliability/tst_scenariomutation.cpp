#include "model/events.h"
#include "model/eventstore.h"
#include "model/order.h"
#include "simulation/scenario.h"
#include "simulation/simulation.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace eslab;

namespace {

constexpr int ScenarioMutants = 12'000;
constexpr int PayloadMutants = 6'000;
// A parse that takes longer than this hangs, as far as a user can tell.
constexpr qint64 MaxParseMs = 2'000;

quint32 campaignSeed()
{
    bool ok = false;
    const quint32 seed = qEnvironmentVariable("ESLAB_MUTATION_SEED").toUInt(&ok);
    return ok ? seed : 6u;
}

// One step of a path into a JSON document: an object key or an array index.
struct Step
{
    QString key;
    qsizetype index = -1; // >= 0 for an array element
    bool truncated = false; // the key was shortened in the message ("...")
};
using Path = QList<Step>;

// Every node of a JSON value, as paths from the root (the root itself is the empty path).
void collectPaths(const QJsonValue &value, const Path &path, QList<Path> &out)
{
    out.append(path);
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collectPaths(it.value(), Path(path) << Step { it.key() }, out);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            collectPaths(array.at(i), Path(path) << Step { {}, i }, out);
    }
}

QJsonValue valueAt(const QJsonValue &root, const Path &path)
{
    QJsonValue value = root;
    for (const Step &step : path)
        value = step.index >= 0 ? value.toArray().at(step.index) : value.toObject().value(step.key);
    return value;
}

// `root` with the node at `path` replaced (or removed, when `replacement` is undefined).
QJsonValue withValueAt(const QJsonValue &root, const Path &path, qsizetype depth,
                       const QJsonValue &replacement)
{
    if (depth == path.size())
        return replacement;
    const Step &step = path.at(depth);
    if (step.index >= 0) {
        QJsonArray array = root.toArray();
        const QJsonValue child = withValueAt(array.at(step.index), path, depth + 1, replacement);
        if (child.isUndefined())
            array.removeAt(step.index);
        else
            array.replace(step.index, child);
        return array;
    }
    QJsonObject object = root.toObject();
    const QJsonValue child = withValueAt(object.value(step.key), path, depth + 1, replacement);
    if (child.isUndefined())
        object.remove(step.key);
    else
        object.insert(step.key, child);
    return object;
}

// Raw text can go where JSON values cannot express it (duplicate keys, literals beyond a
// double, deep nesting, invalid UTF-8): a marker string is put in the tree and replaced in the
// serialized text.
const QByteArray Marker = "\"@@eslab-raw@@\"";

class Mutator
{
public:
    explicit Mutator(quint32 seed)
        : m_random(seed)
    { }

    int bounded(int n) { return int(m_random.bounded(n)); }
    bool chance(int percent) { return bounded(100) < percent; }

    QByteArray mutate(const QByteArray &base, QStringList *kinds)
    {
        QByteArray text = base;
        const int steps = 1 + bounded(3);
        for (int i = 0; i < steps; ++i) {
            const QJsonDocument document = QJsonDocument::fromJson(text);
            // Tree mutations need a document; bytes are always there.
            const bool tree = document.isObject() && chance(65);
            text = tree ? mutateTree(document.object(), kinds) : mutateBytes(text, kinds);
        }
        return text;
    }

private:
    QByteArray mutateBytes(QByteArray text, QStringList *kinds)
    {
        static const QByteArrayList tokens {
            "{",    "}",    "[",  "]",     ":",    ",",        "\"",      "\\",
            "null", "true", "-",  "1e309", "0x10", "\"\":",    "\\u0000", "\\ud800",
            " ",    "\n",   "\t", "/*",    "NaN",  "Infinity", "0.",      "+1",
        };
        static const QByteArrayList invalidUtf8 { "\xff",         "\xc3\x28",
                                                  "\xed\xa0\x80", "\xf4\x90\x80\x80",
                                                  "\xc0\xaf",     "\xe2\x82" };
        const int size = int(text.size());
        switch (bounded(6)) {
        case 0:
            kinds->append(u"bit flip"_s);
            if (size > 0)
                text[bounded(size)] = char(text.at(bounded(size)) ^ (1 << bounded(8)));
            break;
        case 1:
            kinds->append(u"deletion"_s);
            if (size > 0) {
                const int at = bounded(size);
                text.remove(at, 1 + bounded(std::min(16, size - at)));
            }
            break;
        case 2: {
            kinds->append(u"insertion"_s);
            QByteArray inserted;
            for (int i = 1 + bounded(3); i > 0; --i)
                inserted += chance(70) ? tokens.at(bounded(int(tokens.size())))
                                       : QByteArray(1, char(bounded(256)));
            text.insert(bounded(size + 1), inserted);
            break;
        }
        case 3:
            kinds->append(u"truncation"_s);
            text.truncate(bounded(size + 1));
            break;
        case 4: {
            kinds->append(u"invalid UTF-8"_s);
            // Inside a string when there is one, where a parser must notice it.
            const qsizetype quote = text.indexOf('"', bounded(size + 1));
            text.insert(quote >= 0 ? quote + 1 : bounded(size + 1),
                        invalidUtf8.at(bounded(int(invalidUtf8.size()))));
            break;
        }
        default:
            kinds->append(u"duplicated range"_s);
            if (size > 0) {
                const int at = bounded(size);
                const QByteArray range = text.mid(at, 1 + bounded(24));
                text.insert(bounded(size + 1), range);
            }
            break;
        }
        return text;
    }

    QJsonValue randomValue()
    {
        switch (bounded(9)) {
        case 0:
            return QJsonValue::Null;
        case 1:
            return chance(50);
        case 2:
            return u"likes"_s;
        case 3:
            return QString();
        case 4:
            return QJsonArray { 1, u"OrderStarted"_s };
        case 5:
            return QJsonObject { { u"min"_s, 1 } };
        case 6:
            return double(bounded(2'000'000)) / 1000.0 - 1000.0;
        case 7:
            return qint64(bounded(100));
        default:
            return u"🙂 não"_s;
        }
    }

    QByteArray rawValue()
    {
        static const QByteArrayList literals {
            "123456789012345678901234567890",
            "1e400",
            "-1e400",
            "9007199254740993",
            "-0",
            "0.30000000000000004",
            "1E-400",
            "2e0",
            "10000001",
            "-9223372036854775809",
            "\"\\ud800\"",
            "\"\xff\xfe\"",
            "\"a\\u0000b\"",
            "\"" + QByteArray(5'000, 'x') + "\"",
        };
        if (chance(15)) {
            const int depth = 1 + bounded(3000);
            return chance(50)
                ? QByteArray(depth, '[') + "1" + QByteArray(depth, ']')
                : QByteArray("{\"a\":").repeated(depth) + "1" + QByteArray(depth, '}');
        }
        return literals.at(bounded(int(literals.size())));
    }

    QString mangledKey(const QString &key)
    {
        static const QStringList odd {
            QString(),       u" "_s,      u"a.b"_s,          u"ключ"_s,          u"seed "_s,
            u"\"quoted\""_s, u"orders"_s, QString(QChar(0)), QString(300, u'k'), u"x[0]"_s
        };
        if (key.size() > 2 && chance(60)) {
            QString typo = key;
            const qsizetype at = bounded(int(key.size()) - 1);
            if (chance(50))
                std::swap(typo[at], typo[at + 1]);
            else
                typo.remove(at, 1);
            return typo;
        }
        return odd.at(bounded(int(odd.size())));
    }

    QByteArray mutateTree(const QJsonObject &root, QStringList *kinds)
    {
        QList<Path> paths;
        collectPaths(root, {}, paths);
        const Path path = paths.at(bounded(int(paths.size())));
        const QJsonValue node = valueAt(root, path);
        QJsonValue changed = root;
        QByteArray raw;
        switch (bounded(7)) {
        case 0:
            kinds->append(u"type swap"_s);
            changed = withValueAt(root, path, 0, randomValue());
            break;
        case 1: {
            kinds->append(u"out of range"_s);
            static const double numbers[] = {
                -1,    0,   0.5,  1.0000001, 2, 1e7 + 1, 9007199254740992.0, -9007199254740992.0,
                1e308, 3.5, 1e-9, 86'400'001
            };
            changed = withValueAt(root, path, 0, numbers[bounded(std::size(numbers))]);
            break;
        }
        case 2: {
            kinds->append(u"unknown key"_s);
            // Into the node if it is an object, else into its parent object.
            Path target = path;
            while (!valueAt(root, target).isObject())
                target.removeLast();
            QJsonObject object = valueAt(root, target).toObject();
            const QStringList keys = object.keys();
            object.insert(
                mangledKey(keys.isEmpty() ? u"count"_s : keys.at(bounded(int(keys.size())))),
                randomValue());
            changed = withValueAt(root, target, 0, object);
            break;
        }
        case 3:
            kinds->append(u"removed key"_s);
            if (!path.isEmpty())
                changed = withValueAt(root, path, 0, QJsonValue::Undefined);
            break;
        case 4: {
            kinds->append(u"duplicate key"_s);
            Path target = path;
            while (!valueAt(root, target).isObject())
                target.removeLast();
            const QJsonObject object = valueAt(root, target).toObject();
            if (object.isEmpty())
                break;
            const QString key = object.keys().at(bounded(int(object.size())));
            const QByteArray copy
                = QJsonDocument(
                      QJsonObject { { key, chance(50) ? object.value(key) : randomValue() } })
                      .toJson(QJsonDocument::Compact);
            // Before or after the object's own fields.
            const QByteArray own = QJsonDocument(object).toJson(QJsonDocument::Compact);
            const QByteArray ownFields = own.mid(1).chopped(1);
            const QByteArray comma = ownFields.isEmpty() ? QByteArray() : QByteArray(",");
            if (chance(50))
                raw = copy.chopped(1) + comma + ownFields + "}";
            else
                raw = "{" + ownFields + comma + copy.mid(1);
            changed = withValueAt(root, target, 0,
                                  QJsonValue(QString::fromUtf8(Marker.mid(1).chopped(1))));
            break;
        }
        case 5:
            kinds->append(u"raw value"_s);
            raw = rawValue();
            changed = withValueAt(root, path, 0,
                                  QJsonValue(QString::fromUtf8(Marker.mid(1).chopped(1))));
            break;
        default:
            kinds->append(u"null or empty"_s);
            changed = withValueAt(root, path, 0,
                                  chance(40)       ? QJsonValue(QJsonValue::Null)
                                      : chance(50) ? QJsonValue(QJsonObject())
                                                   : QJsonValue(QJsonArray()));
            break;
        }
        QByteArray text = changed.isObject()
            ? QJsonDocument(changed.toObject())
                  .toJson(chance(50) ? QJsonDocument::Compact : QJsonDocument::Indented)
            : QJsonDocument(QJsonArray { changed })
                  .toJson(QJsonDocument::Compact)
                  .mid(1)
                  .chopped(1);
        if (!raw.isEmpty())
            text.replace(Marker, raw);
        return text;
    }

    QRandomGenerator m_random;
};

// Reads the field path a rejection starts with: plain keys, quoted keys (JSON strings, maybe
// cut short with "..."), and [i] indexes, up to " is ". Empty when the message has none.
std::optional<Path> leadingPath(const QString &message, qsizetype *end)
{
    Path path;
    qsizetype i = 0;
    const qsizetype n = message.size();
    for (;;) {
        Step step;
        if (i < n && message.at(i) == u'"') {
            // A JSON string; a cut one ends in "..." without its closing quote. Either is
            // followed by the next step or by " is ".
            const auto endsStep = [&](qsizetype at) {
                return at >= n || message.at(at) == u'.' || message.at(at) == u'['
                    || QStringView(message).mid(at).startsWith(u" is "_s);
            };
            qsizetype j = i + 1;
            while (j < n && message.at(j) != u'"') {
                if (message.at(j) == u'\\')
                    ++j;
                ++j;
            }
            if (j < n && endsStep(j + 1)) {
                const QJsonDocument parsed
                    = QJsonDocument::fromJson('[' + message.mid(i, j + 1 - i).toUtf8() + ']');
                if (!parsed.isArray())
                    return std::nullopt;
                step.key = parsed.array().at(0).toString();
                i = j + 1;
            } else {
                // Cut short: the text up to "..." is a prefix of the key, escapes and all.
                qsizetype dots = message.indexOf(u"..."_s, i);
                while (dots >= 0 && !endsStep(dots + 3))
                    dots = message.indexOf(u"..."_s, dots + 1);
                if (dots < 0)
                    return std::nullopt;
                step.key = message.mid(i + 1, dots - i - 1);
                step.truncated = true;
                i = dots + 3;
            }
        } else {
            const qsizetype start = i;
            while (i < n && (message.at(i).isLetterOrNumber() || message.at(i) == u'_')
                   && message.at(i).unicode() < 128)
                ++i;
            if (i == start)
                return std::nullopt;
            step.key = message.mid(start, i - start);
        }
        path.append(step);
        while (i < n && message.at(i) == u'[') {
            const qsizetype close = message.indexOf(u']', i);
            bool ok = false;
            const qsizetype index = message.mid(i + 1, close - i - 1).toLongLong(&ok);
            if (close < 0 || !ok)
                return std::nullopt;
            path.append(Step { {}, index });
            i = close + 1;
        }
        if (i < n && message.at(i) == u'.') {
            ++i;
            continue;
        }
        if (!message.mid(i).startsWith(u" is "_s))
            return std::nullopt;
        *end = i;
        return path;
    }
}

bool resolves(const QJsonValue &root, const Path &path)
{
    QJsonValue value = root;
    for (const Step &step : path) {
        if (step.index >= 0) {
            if (!value.isArray() || step.index >= value.toArray().size())
                return false;
            value = value.toArray().at(step.index);
            continue;
        }
        if (!value.isObject())
            return false;
        const QJsonObject object = value.toObject();
        if (object.contains(step.key)) {
            value = object.value(step.key);
            continue;
        }
        if (!step.truncated)
            return false;
        // The message shows a cut JSON-escaped key: compare with each key's escaped form.
        bool found = false;
        for (auto it = object.begin(); it != object.end() && !found; ++it) {
            const QByteArray escaped
                = QJsonDocument(QJsonArray { it.key() }).toJson(QJsonDocument::Compact).mid(2);
            if (QString::fromUtf8(escaped).startsWith(step.key)) {
                value = it.value();
                found = true;
            }
        }
        if (!found)
            return false;
    }
    return true;
}

QString pathText(const Path &path)
{
    QStringList parts;
    for (const Step &step : path)
        parts.append(step.index >= 0 ? u"[%1]"_s.arg(step.index) : step.key);
    return parts.join(u'.');
}

// Every field of the format, "orders.quantity.min", from the default scenario.
QSet<QString> schemaPaths()
{
    QList<Path> paths;
    collectPaths(Scenario().toJson(), {}, paths);
    QSet<QString> texts;
    for (const Path &path : std::as_const(paths))
        texts.insert(pathText(path));
    return texts;
}

// The ranges of DESIGN section 5: what an accepted scenario must satisfy.
QString rangeViolation(const Scenario &s)
{
    const auto rate = [](double r) { return std::isfinite(r) && r >= 0 && r <= 1; };
    if (s.name.trimmed().isEmpty())
        return u"name"_s;
    if (s.seed < 0 || s.seed >= (qint64(1) << 53))
        return u"seed"_s;
    if (s.orders.count < 1 || s.orders.count > 10'000'000)
        return u"orders.count"_s;
    if (!(s.orders.arrivalPerMin > 0) || !std::isfinite(s.orders.arrivalPerMin))
        return u"orders.arrival_per_min"_s;
    bool anyShare = false;
    for (auto it = s.orders.services.cbegin(); it != s.orders.services.cend(); ++it) {
        if (!rate(it.value()))
            return u"orders.services"_s;
        anyShare = anyShare || it.value() > 0;
    }
    if (!anyShare)
        return u"orders.services"_s;
    if (s.orders.quantityMin < 1 || s.orders.quantityMax > 10'000'000
        || s.orders.quantityMin > s.orders.quantityMax)
        return u"orders.quantity"_s;
    if (s.orders.pointsPerUnit < 0 || !rate(s.orders.cancelRate))
        return u"orders"_s;
    const Scenario::Execution &e = s.execution;
    if (e.batchSize < 1 || e.workers < 1 || e.retryMaxAttempts < 1 || e.batchDurationMeanMs < 0
        || e.retryBackoffMs < 0 || !rate(e.batchDurationJitter))
        return u"execution"_s;
    const Scenario::Failures &f = s.failures;
    for (const double r :
         { f.paymentFailureRate, f.batchFailureRate, f.workerCrashRate, f.duplicateDeliveryRate,
           f.projectorCrashRate, f.poisonEventRate, f.concurrentWriterRate, f.legacyEventRate }) {
        if (!rate(r))
            return u"failures"_s;
    }
    if (s.snapshots.n < 1 || s.snapshots.loadBudget < 1)
        return u"snapshots"_s;
    for (const QString &type : s.snapshots.eventTypes) {
        if (!allEventTypeNames().contains(type))
            return u"snapshots.event_types"_s;
    }
    const Scenario::Projections &p = s.projections;
    if (p.pollIntervalMs < 0 || p.batchSize < 1 || p.costPerEventMs < 0 || p.retryAttempts < 1)
        return u"projections"_s;
    if (!(s.run.speed >= 0) || !std::isfinite(s.run.speed))
        return u"run.speed"_s;
    return {};
}

// Why a rejection does not name what was wrong, or an empty string when it does: a syntax error
// gives the offset with its line and column; a document that is not an object says so; every
// other message starts with the path of a field in the input (or of the format, for a rule
// between two fields), then " is ".
QString unnamedRejection(const QByteArray &input, const QString &message,
                         const QSet<QString> &schema)
{
    if (message.isEmpty())
        return u"rejected without a message"_s;
    if (message.contains(u'\n') || message.contains(u'\r'))
        return u"the message is not one line"_s;
    // Input the parser cannot read is named by where it stops.
    static const QRegularExpression syntax(
        u"^invalid JSON at offset (\\d+) \\(line (\\d+), column (\\d+)\\): \\S"_s);
    const QRegularExpressionMatch match = syntax.match(message);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(input, &error);
    if (match.hasMatch()) {
        if (error.error == QJsonParseError::NoError)
            return u"a syntax error reported for valid JSON"_s;
        const qsizetype offset = match.captured(1).toLongLong();
        if (offset < 0 || offset > input.size())
            return u"the offset is outside the input"_s;
        const QByteArray before = input.left(offset);
        if (match.captured(2).toLongLong() != before.count('\n') + 1
            || match.captured(3).toLongLong() != offset - (before.lastIndexOf('\n') + 1) + 1)
            return u"the line and column do not match the offset"_s;
        return {};
    }
    if (message.startsWith(u"the scenario is "_s))
        return document.isObject() ? u"an object reported as not an object"_s : QString();
    if (error.error != QJsonParseError::NoError)
        return u"invalid JSON without its offset"_s;
    qsizetype end = 0;
    const std::optional<Path> path = leadingPath(message, &end);
    if (!path)
        return u"the message does not start with a field path"_s;
    if (!resolves(document.object(), *path) && !schema.contains(pathText(*path)))
        return u"the path %1 is neither in the input nor in the format"_s.arg(pathText(*path));
    // Values are cut short in messages; keys are not, but nothing else may run long.
    if (message.size() - end > 1000)
        return u"the message runs to %1 characters"_s.arg(message.size());
    return {};
}

QByteArray preview(const QByteArray &input)
{
    return input.size() > 300 ? input.left(300) + "..." : input;
}

// One real event of every type, with payloads as the simulation writes them.
QList<RecordedEvent> realEvents()
{
    QTemporaryDir dir;
    QString error;
    auto store = EventStore::open(dir.filePath(u"events.db"_s), EventStore::Access::ReadWriteCreate,
                                  &error);
    if (!store)
        return {};
    ScenarioParseResult parsed = parseScenario(R"({
      "orders": {"count": 30, "quantity": {"min": 50, "max": 300}, "cancel_rate": 0.2},
      "execution": {"batch_size": 50, "retry": {"max_attempts": 2}},
      "failures": {"payment_failure_rate": 0.2, "batch_failure_rate": 0.2,
                   "poison_event_rate": 0.2, "concurrent_writer_rate": 0.2,
                   "legacy_event_rate": 0.3}})");
    if (!parsed.scenario)
        return {};
    Simulation simulation(*parsed.scenario, *store);
    if (!simulation.run())
        return {};
    QList<RecordedEvent> events;
    QSet<QString> seen;
    for (const RecordedEvent &event : store->readAll(0, 100'000)) {
        const QString kind = event.eventType + QString::number(event.schemaVersion);
        if (!seen.contains(kind)) {
            seen.insert(kind);
            events.append(event);
        }
    }
    return events;
}

// The fields a decoder of the type and schema version reads.
QStringList payloadFields(const QString &type, int schemaVersion)
{
    if (type == u"BatchExecuted"_s && schemaVersion == 1)
        return { u"batch_no"_s, u"attempt"_s, u"count"_s, u"worker_id"_s, u"duration_ms"_s };
    static const QHash<QString, QStringList> fields {
        { u"OrderPlaced"_s,
          { u"order_id"_s, u"customer_id"_s, u"service"_s, u"quantity"_s, u"batch_size"_s,
            u"price_points"_s } },
        { u"PointsDeducted"_s, { u"amount"_s } },
        { u"PaymentFailed"_s, { u"reason"_s } },
        { u"OrderStarted"_s, { u"batches_planned"_s } },
        { u"BatchExecuted"_s,
          { u"batch_no"_s, u"attempt"_s, u"requested"_s, u"delivered"_s, u"worker_id"_s,
            u"duration_ms"_s } },
        { u"BatchFailed"_s, { u"batch_no"_s, u"attempt"_s, u"reason"_s, u"will_retry"_s } },
        { u"OrderCompleted"_s, { u"delivered"_s } },
        { u"OrderFailed"_s, { u"reason"_s, u"delivered"_s } },
        { u"OrderCancelled"_s, { u"reason"_s, u"by"_s } },
        { u"PointsRefunded"_s, { u"amount"_s, u"reason"_s } },
        { u"OrderNoteAdded"_s, { u"note"_s, u"poison"_s } },
    };
    return fields.value(type);
}

} // namespace

// A seeded mutation campaign over the scenario parser and the event and state decoders, so
// that CI covers what the libFuzzer targets in fuzz/ explore without clang: no input crashes or
// hangs a parser, and every input is accepted as valid or rejected with a message that names
// what is wrong. ESLAB_MUTATION_SEED replays another campaign.
class TestScenarioMutation : public QObject
{
    Q_OBJECT

private slots:
    void mutatedScenariosAreAcceptedValidOrRejectedNamingTheField();
    void mutatedPayloadsDecodeOrNameTheField();
    void mutatedOrderStatesReadBackOrAreRefused();
    void hugeNamesAreRejectedQuicklyInOneShortLine_data();
    void hugeNamesAreRejectedQuicklyInOneShortLine();
};

void TestScenarioMutation::mutatedScenariosAreAcceptedValidOrRejectedNamingTheField()
{
    QList<QByteArray> corpus { "{}", QJsonDocument(Scenario().toJson()).toJson() };
    const QDir presets(QStringLiteral(ESLAB_SOURCE_DIR "/resources/scenarios"));
    for (const QString &name : presets.entryList({ u"*.json"_s }, QDir::Files, QDir::Name)) {
        QFile file(presets.filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        corpus.append(file.readAll());
    }
    QVERIFY(corpus.size() >= 10);
    const QSet<QString> schema = schemaPaths();

    const quint32 seed = campaignSeed();
    Mutator mutator(seed);
    QMap<QString, int> rejectedBy;
    int accepted = 0;
    qint64 slowestMs = 0;
    QElapsedTimer campaign;
    campaign.start();
    for (int i = 0; i < ScenarioMutants; ++i) {
        QStringList kinds;
        const QByteArray input = mutator.mutate(corpus.at(i % corpus.size()), &kinds);
        const QByteArray context = "mutant " + QByteArray::number(i) + " of seed "
            + QByteArray::number(seed) + " (" + kinds.join(u", "_s).toUtf8() + "): ";
        QElapsedTimer timer;
        timer.start();
        const ScenarioParseResult result = parseScenario(input);
        const qint64 ms = timer.elapsed();
        slowestMs = std::max(slowestMs, ms);
        if (ms > 200)
            qInfo("%s took %lld ms", context.constData(), ms);
        QVERIFY2(ms < MaxParseMs,
                 QByteArray(context + "took " + QByteArray::number(ms) + " ms").constData());
        QVERIFY2(result.scenario.has_value() != !result.error.isEmpty(),
                 QByteArray(context + "both or neither of a scenario and an error").constData());
        if (result.scenario) {
            ++accepted;
            const QString violation = rangeViolation(*result.scenario);
            QVERIFY2(violation.isEmpty(),
                     QByteArray(context + "accepted with " + violation.toUtf8()
                                + " out of range: " + preview(input))
                         .constData());
            const ScenarioParseResult again = parseScenario(result.scenario->toCanonicalJson());
            QVERIFY2(again.scenario && *again.scenario == *result.scenario,
                     QByteArray(context + "does not read back its canonical form").constData());
            continue;
        }
        const QString why = unnamedRejection(input, result.error, schema);
        QVERIFY2(why.isEmpty(),
                 QByteArray(context + why.toUtf8() + ": \"" + result.error.left(400).toUtf8()
                            + "\" for input " + preview(input))
                     .constData());
        const QString cause = result.error.startsWith(u"invalid JSON"_s) ? u"syntax"_s
            : result.error.contains(u"more than once"_s)                 ? u"duplicate key"_s
            : result.error.contains(u"not a known"_s)                    ? u"unknown field"_s
            : result.error.startsWith(u"the scenario is"_s)              ? u"not an object"_s
                                                                         : u"value"_s;
        rejectedBy[cause] += 1;
    }
    qInfo("%d mutants of seed %u in %lld ms (slowest parse %lld ms): %d accepted; rejected: %s",
          ScenarioMutants, seed, campaign.elapsed(), slowestMs, accepted, qPrintable([&] {
              QStringList parts;
              for (auto it = rejectedBy.cbegin(); it != rejectedBy.cend(); ++it)
                  parts.append(u"%1 %2"_s.arg(it.value()).arg(it.key()));
              return parts.join(u", "_s);
          }()));
    // The campaign reaches every kind of rejection and still finds valid scenarios.
    QVERIFY(accepted > ScenarioMutants / 50);
    for (const QString &cause :
         { u"syntax"_s, u"duplicate key"_s, u"unknown field"_s, u"not an object"_s, u"value"_s })
        QVERIFY2(rejectedBy.value(cause) > 20, qPrintable(cause));
}

void TestScenarioMutation::mutatedPayloadsDecodeOrNameTheField()
{
    const QList<RecordedEvent> events = realEvents();
    QSet<QString> kinds;
    for (const RecordedEvent &event : events)
        kinds.insert(event.eventType + QString::number(event.schemaVersion));
    // Every type, and BatchExecuted in both schema versions.
    QCOMPARE(kinds.size(), allEventTypeNames().size() + 1);

    const quint32 seed = campaignSeed() + 1;
    Mutator mutator(seed);
    QRandomGenerator random(seed);
    int decoded = 0;
    for (int i = 0; i < PayloadMutants; ++i) {
        const RecordedEvent &base = events.at(i % events.size());
        QStringList mutations;
        const QByteArray payload = mutator.mutate(base.payload, &mutations);
        // Now and then a payload under another type or schema version.
        QString type = base.eventType;
        int schemaVersion = base.schemaVersion;
        if (random.bounded(10) == 0)
            type = allEventTypeNames().at(random.bounded(int(allEventTypeNames().size())));
        if (random.bounded(20) == 0)
            schemaVersion = int(random.bounded(4));
        const QByteArray context = "payload mutant " + QByteArray::number(i) + " of seed "
            + QByteArray::number(seed) + " as " + type.toUtf8() + " v"
            + QByteArray::number(schemaVersion) + ": " + preview(payload) + ": ";

        const DecodedEvent result = decodeEvent(type, schemaVersion, payload);
        QVERIFY2(result.event.has_value() != !result.error.isEmpty(),
                 QByteArray(context + "both or neither of an event and an error").constData());
        if (result.event) {
            ++decoded;
            QCOMPARE(eventTypeName(*result.event), type);
            // What decodes is written back the same way and decodes to the same event.
            const DecodedEvent again = decodeEvent(type, currentSchemaVersion(type),
                                                   compactJson(eventToJson(*result.event)));
            QVERIFY2(again.event && *again.event == *result.event,
                     QByteArray(context + "does not read back").constData());
            // The aggregate takes any decoded event without crashing.
            OrderState state;
            (void)Order::violation(state, *result.event);
            Order::evolve(state, *result.event);
            (void)state.toJson();
            continue;
        }
        QVERIFY2(!result.error.contains(u'\n'),
                 QByteArray(context + "a message of several lines").constData());
        const QJsonDocument document = QJsonDocument::fromJson(payload);
        const QStringList fields = payloadFields(type, schemaVersion);
        const bool knownVersion = schemaVersion == currentSchemaVersion(type)
            || (type == u"BatchExecuted"_s && schemaVersion == 1);
        if (!document.isObject()) {
            QVERIFY2(result.error.startsWith(u"payload is not a JSON object"_s) || !knownVersion,
                     QByteArray(context + result.error.toUtf8()).constData());
        } else if (knownVersion) {
            static const QRegularExpression field(u"^payload field '([a-z_]+)' is "_s);
            const QRegularExpressionMatch match = field.match(result.error);
            QVERIFY2(
                match.hasMatch() && fields.contains(match.captured(1)),
                QByteArray(context + "does not name a field of the type: " + result.error.toUtf8())
                    .constData());
        } else {
            QVERIFY2(result.error.contains(u"schema version"_s),
                     QByteArray(context + result.error.toUtf8()).constData());
        }
    }
    qInfo("%d payload mutants of seed %u: %d decoded", PayloadMutants, seed, decoded);
    QVERIFY(decoded > PayloadMutants / 20);
}

void TestScenarioMutation::mutatedOrderStatesReadBackOrAreRefused()
{
    // The state JSON of snapshots and `eslab inspect`, as a fold of real events gives it.
    QList<QByteArray> states;
    OrderState state;
    for (const RecordedEvent &event : realEvents()) {
        const DecodedEvent decoded = event.decode();
        QVERIFY(decoded.event);
        Order::evolve(state, *decoded.event);
        states.append(compactJson(state.toJson()));
    }
    QVERIFY(!states.isEmpty());
    const quint32 seed = campaignSeed() + 2;
    Mutator mutator(seed);
    int readBack = 0;
    for (int i = 0; i < 3000; ++i) {
        QStringList mutations;
        const QByteArray json = mutator.mutate(states.at(i % states.size()), &mutations);
        const std::optional<OrderState> read
            = OrderState::fromJson(QJsonDocument::fromJson(json).object());
        if (!read)
            continue;
        ++readBack;
        const std::optional<OrderState> again = OrderState::fromJson(read->toJson());
        QVERIFY2(
            again && *again == *read,
            QByteArray("state mutant " + QByteArray::number(i) + " does not read back: " + json)
                .constData());
    }
    qInfo("3000 state mutants of seed %u: %d read back", seed, readBack);
    QVERIFY(readBack > 30);
}

void TestScenarioMutation::hugeNamesAreRejectedQuicklyInOneShortLine_data()
{
    QTest::addColumn<QByteArray>("json");
    const QByteArray name(300'000, 'x');
    QTest::newRow("event type") << R"({"snapshots": {"event_types": [")" + name + R"("]}})";
    QTest::newRow("top-level key") << "{\"" + name + "\": 1}";
    QTest::newRow("nested key") << R"({"orders": {")" + name + R"(": 1}})";
    QTest::newRow("service") << R"({"orders": {"services": {")" + name + R"(": 1}}})";
}

void TestScenarioMutation::hugeNamesAreRejectedQuicklyInOneShortLine()
{
    // A typo suggestion compares the unknown name with every known one; a name far longer than
    // any known one cannot be a typo of it.
    QFETCH(QByteArray, json);
    QElapsedTimer timer;
    timer.start();
    const ScenarioParseResult result = parseScenario(json);
    const qint64 ms = timer.elapsed();
    QVERIFY(!result.scenario);
    QVERIFY2(ms < 250, qPrintable(u"%1 ms"_s.arg(ms)));
    QVERIFY2(result.error.size() < 1000, qPrintable(u"%1 characters"_s.arg(result.error.size())));
}

QTEST_GUILESS_MAIN(TestScenarioMutation)
#include "tst_scenariomutation.moc"
