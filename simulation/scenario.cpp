#include "simulation/scenario.h"

#include "model/events.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

// Upper bounds DESIGN leaves open. They are far beyond any useful scenario and keep the engine's
// integer arithmetic (counts times durations in ms) well inside qint64.
constexpr qint64 MaxSeed = (qint64(1) << 53) - 1;
constexpr qint64 MaxCount = 10'000'000;
constexpr qint64 MaxDurationMs = 86'400'000;
constexpr qint64 MaxPointsPerUnit = 1'000'000;
constexpr qint64 MaxAttempts = 1000;
// A rate far below one order a day would put arrival times (60000 / rate ms each) beyond qint64.
constexpr double MinArrivalPerMin = 0.0001;
constexpr double MaxArrivalPerMin = 1'000'000;
// Paced runs wait sim / speed wall ms: a tiny positive speed would wait forever.
constexpr double MinSpeed = 0.001;
constexpr double MaxSpeed = 1'000'000;

const QStringList &serviceNames()
{
    static const QStringList names { u"likes"_s, u"followers"_s, u"views"_s };
    return names;
}

const QStringList &snapshotPolicies()
{
    static const QStringList names { u"none"_s, u"every_n"_s, u"on_event"_s, u"load_budget"_s };
    return names;
}

const QStringList &checkpointModes()
{
    static const QStringList names { u"same_transaction"_s, u"separate"_s };
    return names;
}

const QStringList &failurePolicies()
{
    static const QStringList names { u"stop"_s, u"skip"_s, u"retry"_s };
    return names;
}

bool isPlainKey(const QString &key)
{
    if (key.isEmpty())
        return false;
    return std::all_of(key.cbegin(), key.cend(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
            || c == u'_';
    });
}

// Compact JSON for one value, kept short so that a message stays one readable line.
QString compact(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    QString text = QString::fromUtf8(array.mid(1, array.size() - 2));
    constexpr qsizetype Limit = 60;
    if (text.size() > Limit) {
        qsizetype cut = Limit - 3;
        if (text.at(cut - 1).isHighSurrogate())
            --cut;
        text = text.left(cut) + u"..."_s;
    }
    return text;
}

// A key that is not a plain identifier, or is too long to read, is quoted (and shortened), so
// that a message stays one line and unambiguous.
QString join(const QString &path, const QString &key)
{
    constexpr qsizetype LongestPlainKey = 40;
    const QString segment = isPlainKey(key) && key.size() <= LongestPlainKey
        ? key
        : compact(QJsonValue(key));
    return path.isEmpty() ? segment : path + u'.' + segment;
}

QString index(const QString &path, qsizetype i)
{
    return path + u'[' + QString::number(i) + u']';
}

// Optimal string alignment distance: a swapped pair of letters counts as one edit, as typos do.
qsizetype editDistance(const QString &a, const QString &b)
{
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    std::vector<std::vector<qsizetype>> d(n + 1, std::vector<qsizetype>(m + 1));
    for (qsizetype i = 0; i <= n; ++i)
        d[i][0] = i;
    for (qsizetype j = 0; j <= m; ++j)
        d[0][j] = j;
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j) {
            const qsizetype cost = a.at(i - 1) == b.at(j - 1) ? 0 : 1;
            d[i][j] = std::min({ d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost });
            if (i > 1 && j > 1 && a.at(i - 1) == b.at(j - 2) && a.at(i - 2) == b.at(j - 1))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

// The closest known name within two edits (one for short words), or an empty string. Between
// short words two edits change nearly everything: "n" is not a typo of "run".
QString closest(const QString &word, const QStringList &known)
{
    QString best;
    qsizetype bestDistance = 3;
    for (const QString &candidate : known) {
        // The distance is at least the difference in length: a name far longer than every
        // known one (a pasted paragraph) is no typo, and costs nothing to rule out.
        if (std::abs(word.size() - candidate.size()) >= bestDistance)
            continue;
        const qsizetype distance = editDistance(word.toLower(), candidate.toLower());
        const qsizetype allowed = std::min(word.size(), candidate.size()) <= 3 ? 1 : 2;
        if (distance <= allowed && distance < bestDistance && distance < candidate.size()) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

QString integerExpectation(qint64 min, qint64 max, bool designGivesMax)
{
    if (designGivesMax)
        return u"an integer from %1 to %2"_s.arg(min).arg(max);
    return u"an integer of at least %1 and at most %2"_s.arg(min).arg(max);
}

// Reads a scenario object field by field. After the first problem every further call does
// nothing, so the reader names exactly one problem: the first one in the format's order.
class ScenarioReader
{
public:
    bool failed() const { return !m_error.isEmpty(); }
    QString error() const { return m_error; }

    void fail(const QString &path, const QJsonValue &value, const QString &expected)
    {
        failWith(u"%1 is %2; expected %3"_s.arg(path, compact(value), expected));
    }

    void failWith(const QString &message)
    {
        if (!failed())
            m_error = message;
    }

    // Rejects keys outside `known`, naming the closest known one when it looks like a typo.
    void checkKeys(const QJsonObject &object, const QString &path, const QStringList &known)
    {
        if (failed())
            return;
        for (const QString &key : object.keys()) {
            if (known.contains(key))
                continue;
            const QString suggestion = closest(key, known);
            if (!suggestion.isEmpty()) {
                failWith(u"%1 is not a known field (did you mean '%2'?)"_s.arg(join(path, key),
                                                                               suggestion));
            } else {
                failWith(u"%1 is not a known field; expected one of %2"_s.arg(join(path, key),
                                                                              known.join(u", "_s)));
            }
            return;
        }
    }

    // The nested object at `key` (empty when absent), its keys checked against `known`.
    QJsonObject object(const QJsonObject &parent, const QString &parentPath, const QString &key,
                       const QStringList &known)
    {
        const QString path = join(parentPath, key);
        const QJsonValue value = parent.value(key);
        if (failed() || value.isUndefined())
            return {};
        if (!value.isObject()) {
            fail(path, value, u"an object with the fields %1"_s.arg(known.join(u", "_s)));
            return {};
        }
        const QJsonObject object = value.toObject();
        checkKeys(object, path, known);
        return failed() ? QJsonObject() : object;
    }

    void integer(const QJsonObject &parent, const QString &parentPath, const QString &key,
                 qint64 &out, qint64 min, qint64 max, bool designGivesMax = false)
    {
        const QJsonValue value = parent.value(key);
        if (failed() || value.isUndefined())
            return;
        const QString expected = integerExpectation(min, max, designGivesMax);
        if (!value.isDouble()) {
            fail(join(parentPath, key), value, expected);
            return;
        }
        // Compared as a double so that 3.0 is the integer 3 and 1.5 is not an integer; every
        // bound is far below 2^53, where doubles stop being exact.
        const double number = value.toDouble();
        if (!std::isfinite(number) || std::trunc(number) != number || number < double(min)
            || number > double(max)) {
            fail(join(parentPath, key), value, expected);
            return;
        }
        out = static_cast<qint64>(number);
    }

    void number(const QJsonObject &parent, const QString &parentPath, const QString &key,
                double &out, double min, double max, const QString &expected)
    {
        const QJsonValue value = parent.value(key);
        if (failed() || value.isUndefined())
            return;
        const double number = value.toDouble();
        if (!value.isDouble() || !std::isfinite(number) || number < min || number > max) {
            fail(join(parentPath, key), value, expected);
            return;
        }
        out = number;
    }

    void rate(const QJsonObject &parent, const QString &parentPath, const QString &key, double &out)
    {
        number(parent, parentPath, key, out, 0.0, 1.0, u"a number from 0 to 1"_s);
    }

    void boolean(const QJsonObject &parent, const QString &parentPath, const QString &key,
                 bool &out)
    {
        const QJsonValue value = parent.value(key);
        if (failed() || value.isUndefined())
            return;
        if (!value.isBool()) {
            fail(join(parentPath, key), value, u"true or false"_s);
            return;
        }
        out = value.toBool();
    }

    void choice(const QJsonObject &parent, const QString &parentPath, const QString &key,
                QString &out, const QStringList &choices)
    {
        const QJsonValue value = parent.value(key);
        if (failed() || value.isUndefined())
            return;
        if (!value.isString() || !choices.contains(value.toString())) {
            fail(join(parentPath, key), value, u"one of "_s + choices.join(u", "_s));
            return;
        }
        out = value.toString();
    }

    void nonEmptyString(const QJsonObject &parent, const QString &parentPath, const QString &key,
                        QString &out)
    {
        const QJsonValue value = parent.value(key);
        if (failed() || value.isUndefined())
            return;
        if (!value.isString() || value.toString().trimmed().isEmpty()) {
            fail(join(parentPath, key), value, u"a non-empty string"_s);
            return;
        }
        out = value.toString();
    }

private:
    QString m_error;
};

void readDescription(ScenarioReader &r, const QJsonObject &root, QMap<QString, QString> &out)
{
    const QJsonValue value = root.value(u"description"_s);
    if (r.failed() || value.isUndefined())
        return;
    const QString expected
        = u"an object of language -> text, e.g. {\"en\": \"...\", \"ko\": \"...\"}"_s;
    if (!value.isObject()) {
        r.fail(u"description"_s, value, expected);
        return;
    }
    const QJsonObject object = value.toObject();
    QMap<QString, QString> texts;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString path = join(u"description"_s, it.key());
        if (it.key().trimmed().isEmpty()) {
            r.failWith(
                u"%1 is not a language; expected a language code such as \"en\" or \"ko\""_s.arg(
                    path));
            return;
        }
        if (!it.value().isString()) {
            r.fail(path, it.value(), u"a string"_s);
            return;
        }
        texts.insert(it.key(), it.value().toString());
    }
    out = texts;
}

void readServices(ScenarioReader &r, const QJsonObject &orders, QMap<QString, double> &out)
{
    const QString path = u"orders.services"_s;
    const QJsonValue value = orders.value(u"services"_s);
    if (r.failed() || value.isUndefined())
        return;
    const QString names = serviceNames().join(u", "_s);
    if (!value.isObject()) {
        r.fail(path, value, u"an object of service -> share with the services "_s + names);
        return;
    }
    const QJsonObject object = value.toObject();
    for (const QString &key : object.keys()) {
        if (serviceNames().contains(key))
            continue;
        const QString suggestion = closest(key, serviceNames());
        r.failWith(u"%1 is not a known service; expected one of %2%3"_s.arg(
            join(path, key), names,
            suggestion.isEmpty() ? QString() : u" (did you mean '%1'?)"_s.arg(suggestion)));
        return;
    }
    // The object is the whole mix: a service it does not name is not ordered. Shares are
    // relative weights and need not sum to 1; only their ratios matter.
    QMap<QString, double> shares;
    bool anyPositive = false;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        double share = 0;
        r.rate(object, path, it.key(), share);
        if (r.failed())
            return;
        shares.insert(it.key(), share);
        anyPositive = anyPositive || share > 0;
    }
    if (!anyPositive) {
        r.fail(path, value, u"at least one share above 0 (shares are relative weights)"_s);
        return;
    }
    out = shares;
}

void readEventTypes(ScenarioReader &r, const QJsonObject &snapshots, QStringList &out)
{
    const QString path = u"snapshots.event_types"_s;
    const QJsonValue value = snapshots.value(u"event_types"_s);
    if (r.failed() || value.isUndefined())
        return;
    if (!value.isArray()) {
        r.fail(path, value, u"a list of event type names, e.g. [\"OrderStarted\"]"_s);
        return;
    }
    const QJsonArray array = value.toArray();
    QStringList types;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue item = array.at(i);
        const QString name = item.toString();
        if (!item.isString() || !allEventTypeNames().contains(name)) {
            const QString suggestion
                = item.isString() ? closest(name, allEventTypeNames()) : QString();
            r.fail(index(path, i), item,
                   suggestion.isEmpty()
                       ? u"an event type name, one of "_s + allEventTypeNames().join(u", "_s)
                       : u"an event type name (did you mean '%1'?)"_s.arg(suggestion));
            return;
        }
        if (types.contains(name)) {
            r.fail(index(path, i), item, u"each event type listed once"_s);
            return;
        }
        types.append(name);
    }
    out = types;
}

Scenario readScenario(ScenarioReader &r, const QJsonObject &root)
{
    Scenario s;
    r.checkKeys(root, QString(),
                { u"name"_s, u"description"_s, u"seed"_s, u"orders"_s, u"execution"_s,
                  u"failures"_s, u"snapshots"_s, u"projections"_s, u"run"_s });
    r.nonEmptyString(root, QString(), u"name"_s, s.name);
    readDescription(r, root, s.description);
    r.integer(root, QString(), u"seed"_s, s.seed, 0, MaxSeed, true);

    const QString ordersPath = u"orders"_s;
    const QJsonObject orders = r.object(root, QString(), ordersPath,
                                        { u"count"_s, u"arrival_per_min"_s, u"services"_s,
                                          u"quantity"_s, u"points_per_unit"_s, u"cancel_rate"_s });
    r.integer(orders, ordersPath, u"count"_s, s.orders.count, 1, MaxCount, true);
    r.number(orders, ordersPath, u"arrival_per_min"_s, s.orders.arrivalPerMin, MinArrivalPerMin,
             MaxArrivalPerMin,
             u"a number above 0 (from %1 to %2)"_s.arg(MinArrivalPerMin)
                 .arg(MaxArrivalPerMin, 0, 'f', 0));
    readServices(r, orders, s.orders.services);
    const QString quantityPath = u"orders.quantity"_s;
    const QJsonObject quantity
        = r.object(orders, ordersPath, u"quantity"_s, { u"min"_s, u"max"_s });
    r.integer(quantity, quantityPath, u"min"_s, s.orders.quantityMin, 1, MaxCount, true);
    r.integer(quantity, quantityPath, u"max"_s, s.orders.quantityMax, 1, MaxCount, true);
    if (!r.failed() && s.orders.quantityMin > s.orders.quantityMax) {
        r.fail(u"orders.quantity.min"_s, QJsonValue(s.orders.quantityMin),
               u"at most orders.quantity.max (%1)"_s.arg(s.orders.quantityMax));
    }
    r.integer(orders, ordersPath, u"points_per_unit"_s, s.orders.pointsPerUnit, 0,
              MaxPointsPerUnit);
    r.rate(orders, ordersPath, u"cancel_rate"_s, s.orders.cancelRate);

    const QString executionPath = u"execution"_s;
    const QJsonObject execution
        = r.object(root, QString(), executionPath,
                   { u"batch_size"_s, u"workers"_s, u"batch_duration_ms"_s, u"retry"_s });
    r.integer(execution, executionPath, u"batch_size"_s, s.execution.batchSize, 1, MaxCount);
    r.integer(execution, executionPath, u"workers"_s, s.execution.workers, 1, MaxCount);
    const QString durationPath = u"execution.batch_duration_ms"_s;
    const QJsonObject duration
        = r.object(execution, executionPath, u"batch_duration_ms"_s, { u"mean"_s, u"jitter"_s });
    r.integer(duration, durationPath, u"mean"_s, s.execution.batchDurationMeanMs, 0, MaxDurationMs);
    r.rate(duration, durationPath, u"jitter"_s, s.execution.batchDurationJitter);
    const QString retryPath = u"execution.retry"_s;
    const QJsonObject retry
        = r.object(execution, executionPath, u"retry"_s, { u"max_attempts"_s, u"backoff_ms"_s });
    r.integer(retry, retryPath, u"max_attempts"_s, s.execution.retryMaxAttempts, 1, MaxAttempts);
    r.integer(retry, retryPath, u"backoff_ms"_s, s.execution.retryBackoffMs, 0, MaxDurationMs);

    const QString failuresPath = u"failures"_s;
    Scenario::Failures &f = s.failures;
    const std::vector<std::pair<QString, double *>> rates {
        { u"payment_failure_rate"_s, &f.paymentFailureRate },
        { u"batch_failure_rate"_s, &f.batchFailureRate },
        { u"worker_crash_rate"_s, &f.workerCrashRate },
        { u"duplicate_delivery_rate"_s, &f.duplicateDeliveryRate },
        { u"projector_crash_rate"_s, &f.projectorCrashRate },
        { u"poison_event_rate"_s, &f.poisonEventRate },
        { u"concurrent_writer_rate"_s, &f.concurrentWriterRate },
        { u"legacy_event_rate"_s, &f.legacyEventRate },
    };
    QStringList rateKeys;
    for (const auto &[key, field] : rates)
        rateKeys.append(key);
    const QJsonObject failures = r.object(root, QString(), failuresPath, rateKeys);
    for (const auto &[key, field] : rates)
        r.rate(failures, failuresPath, key, *field);

    const QString snapshotsPath = u"snapshots"_s;
    const QJsonObject snapshots
        = r.object(root, QString(), snapshotsPath,
                   { u"policy"_s, u"n"_s, u"event_types"_s, u"load_budget"_s });
    r.choice(snapshots, snapshotsPath, u"policy"_s, s.snapshots.policy, snapshotPolicies());
    r.integer(snapshots, snapshotsPath, u"n"_s, s.snapshots.n, 1, MaxCount);
    readEventTypes(r, snapshots, s.snapshots.eventTypes);
    r.integer(snapshots, snapshotsPath, u"load_budget"_s, s.snapshots.loadBudget, 1, MaxCount);

    const QString projectionsPath = u"projections"_s;
    const QJsonObject projections
        = r.object(root, QString(), projectionsPath,
                   { u"poll_interval_ms"_s, u"batch_size"_s, u"cost_per_event_ms"_s,
                     u"checkpoint"_s, u"idempotent"_s, u"failure_policy"_s, u"retry_attempts"_s });
    Scenario::Projections &p = s.projections;
    r.integer(projections, projectionsPath, u"poll_interval_ms"_s, p.pollIntervalMs, 0,
              MaxDurationMs);
    r.integer(projections, projectionsPath, u"batch_size"_s, p.batchSize, 1, MaxCount);
    r.integer(projections, projectionsPath, u"cost_per_event_ms"_s, p.costPerEventMs, 0,
              MaxDurationMs);
    r.choice(projections, projectionsPath, u"checkpoint"_s, p.checkpoint, checkpointModes());
    r.boolean(projections, projectionsPath, u"idempotent"_s, p.idempotent);
    r.choice(projections, projectionsPath, u"failure_policy"_s, p.failurePolicy, failurePolicies());
    r.integer(projections, projectionsPath, u"retry_attempts"_s, p.retryAttempts, 1, MaxAttempts);

    const QString runPath = u"run"_s;
    const QJsonObject run = r.object(root, QString(), runPath, { u"speed"_s });
    const QJsonValue speed = run.value(u"speed"_s);
    const QString speedExpected
        = u"0 (as fast as possible) or simulated seconds per wall second from %1 to %2"_s
              .arg(MinSpeed)
              .arg(MaxSpeed, 0, 'f', 0);
    r.number(run, runPath, u"speed"_s, s.run.speed, 0, MaxSpeed, speedExpected);
    if (!r.failed() && s.run.speed > 0 && s.run.speed < MinSpeed)
        r.fail(u"run.speed"_s, speed, speedExpected);
    return s;
}

// QJsonDocument keeps the last of duplicate keys, so a repeated key would silently override an
// earlier one. This scans the raw text, already known to be valid JSON, for the first key that an
// object repeats, and returns its path.
std::optional<QString> findDuplicateKey(const QByteArray &json)
{
    struct Frame
    {
        bool isObject = false;
        QString path;
        QSet<QString> keys;
        bool expectKey = false;
        QString lastKey;
        qsizetype index = 0;
    };
    std::vector<Frame> stack;
    const auto childPath = [&stack]() {
        if (stack.empty())
            return QString();
        const Frame &top = stack.back();
        return top.isObject ? join(top.path, top.lastKey) : index(top.path, top.index);
    };
    const qsizetype size = json.size();
    qsizetype i = 0;
    while (i < size) {
        const char c = json.at(i);
        switch (c) {
        case '{':
        case '[': {
            Frame frame;
            frame.isObject = c == '{';
            frame.path = childPath();
            frame.expectKey = frame.isObject;
            stack.push_back(std::move(frame));
            ++i;
            break;
        }
        case '}':
        case ']':
            if (!stack.empty())
                stack.pop_back();
            ++i;
            break;
        case ',':
            if (!stack.empty()) {
                if (stack.back().isObject)
                    stack.back().expectKey = true;
                else
                    ++stack.back().index;
            }
            ++i;
            break;
        case '"': {
            const qsizetype start = i;
            bool escaped = false;
            ++i;
            while (i < size && json.at(i) != '"') {
                if (json.at(i) == '\\') {
                    escaped = true;
                    ++i;
                }
                ++i;
            }
            ++i;
            if (!stack.empty() && stack.back().isObject && stack.back().expectKey) {
                const QByteArray raw = json.mid(start, i - start);
                // Escapes are rare in keys; the JSON parser decodes them exactly.
                const QString key = escaped
                    ? QJsonDocument::fromJson('[' + raw + ']').array().at(0).toString()
                    : QString::fromUtf8(raw.mid(1, raw.size() - 2));
                Frame &top = stack.back();
                if (top.keys.contains(key))
                    return join(top.path, key);
                top.keys.insert(key);
                top.lastKey = key;
                top.expectKey = false;
            }
            break;
        }
        default:
            ++i;
            break;
        }
    }
    return std::nullopt;
}

QString parseErrorMessage(const QByteArray &json, const QJsonParseError &error)
{
    const qsizetype offset = std::clamp<qsizetype>(error.offset, 0, json.size());
    const QByteArray before = json.left(offset);
    const qsizetype line = before.count('\n') + 1;
    const qsizetype column = offset - (before.lastIndexOf('\n') + 1) + 1;
    return u"invalid JSON at offset %1 (line %2, column %3): %4"_s.arg(offset)
        .arg(line)
        .arg(column)
        .arg(error.errorString());
}

} // namespace

QJsonObject Scenario::toJson() const
{
    QJsonObject root;
    root.insert(u"name"_s, name);
    if (!description.isEmpty()) {
        QJsonObject texts;
        for (auto it = description.cbegin(); it != description.cend(); ++it)
            texts.insert(it.key(), it.value());
        root.insert(u"description"_s, texts);
    }
    root.insert(u"seed"_s, seed);

    QJsonObject services;
    for (auto it = orders.services.cbegin(); it != orders.services.cend(); ++it)
        services.insert(it.key(), it.value());
    root.insert(
        u"orders"_s,
        QJsonObject {
            { u"count"_s, orders.count },
            { u"arrival_per_min"_s, orders.arrivalPerMin },
            { u"services"_s, services },
            { u"quantity"_s,
              QJsonObject { { u"min"_s, orders.quantityMin }, { u"max"_s, orders.quantityMax } } },
            { u"points_per_unit"_s, orders.pointsPerUnit },
            { u"cancel_rate"_s, orders.cancelRate },
        });
    root.insert(u"execution"_s,
                QJsonObject {
                    { u"batch_size"_s, execution.batchSize },
                    { u"workers"_s, execution.workers },
                    { u"batch_duration_ms"_s,
                      QJsonObject { { u"mean"_s, execution.batchDurationMeanMs },
                                    { u"jitter"_s, execution.batchDurationJitter } } },
                    { u"retry"_s,
                      QJsonObject { { u"max_attempts"_s, execution.retryMaxAttempts },
                                    { u"backoff_ms"_s, execution.retryBackoffMs } } },
                });
    root.insert(u"failures"_s,
                QJsonObject {
                    { u"payment_failure_rate"_s, failures.paymentFailureRate },
                    { u"batch_failure_rate"_s, failures.batchFailureRate },
                    { u"worker_crash_rate"_s, failures.workerCrashRate },
                    { u"duplicate_delivery_rate"_s, failures.duplicateDeliveryRate },
                    { u"projector_crash_rate"_s, failures.projectorCrashRate },
                    { u"poison_event_rate"_s, failures.poisonEventRate },
                    { u"concurrent_writer_rate"_s, failures.concurrentWriterRate },
                    { u"legacy_event_rate"_s, failures.legacyEventRate },
                });
    root.insert(u"snapshots"_s,
                QJsonObject {
                    { u"policy"_s, snapshots.policy },
                    { u"n"_s, snapshots.n },
                    { u"event_types"_s, QJsonArray::fromStringList(snapshots.eventTypes) },
                    { u"load_budget"_s, snapshots.loadBudget },
                });
    root.insert(u"projections"_s,
                QJsonObject {
                    { u"poll_interval_ms"_s, projections.pollIntervalMs },
                    { u"batch_size"_s, projections.batchSize },
                    { u"cost_per_event_ms"_s, projections.costPerEventMs },
                    { u"checkpoint"_s, projections.checkpoint },
                    { u"idempotent"_s, projections.idempotent },
                    { u"failure_policy"_s, projections.failurePolicy },
                    { u"retry_attempts"_s, projections.retryAttempts },
                });
    root.insert(u"run"_s, QJsonObject { { u"speed"_s, run.speed } });
    return root;
}

QByteArray Scenario::toCanonicalJson() const
{
    // QJsonObject keeps its keys sorted, so the compact form is already canonical.
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

ScenarioParseResult parseScenario(const QByteArray &json)
{
    if (json.trimmed().isEmpty())
        return { std::nullopt, u"the scenario is empty; expected a JSON object"_s };

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // QJsonDocument accepts only an object or an array at the top; a lone value such as 5
        // is valid JSON, just not a scenario, and deserves that message instead.
        const QJsonDocument wrapped = QJsonDocument::fromJson('[' + json + ']');
        if (wrapped.isArray() && wrapped.array().size() == 1) {
            return { std::nullopt,
                     u"the scenario is %1; expected a JSON object"_s.arg(
                         compact(wrapped.array().at(0))) };
        }
        return { std::nullopt, parseErrorMessage(json, parseError) };
    }
    if (!document.isObject()) {
        return { std::nullopt,
                 u"the scenario is %1; expected a JSON object"_s.arg(compact(document.array())) };
    }
    if (const std::optional<QString> path = findDuplicateKey(json)) {
        return { std::nullopt,
                 u"%1 is given more than once; expected each field once"_s.arg(*path) };
    }

    ScenarioReader reader;
    const Scenario scenario = readScenario(reader, document.object());
    if (reader.failed())
        return { std::nullopt, reader.error() };
    return { scenario, QString() };
}

ScenarioParseResult loadScenarioFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return { std::nullopt, u"cannot read scenario %1: %2"_s.arg(path, file.errorString()) };
    const QByteArray json = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return { std::nullopt, u"cannot read scenario %1: %2"_s.arg(path, file.errorString()) };
    ScenarioParseResult result = parseScenario(json);
    if (!result.scenario)
        result.error = path + u": "_s + result.error;
    return result;
}

} // namespace eslab
