#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace eslab {

// A scenario (DESIGN section 5): what to simulate and which failures to inject. Every field has
// a default, so `{}` is the default scenario. A value type.
struct Scenario
{
    QString name = QStringLiteral("Default");
    QMap<QString, QString> description; // language ("en", "ko") -> text
    qint64 seed = 42; // [0, 2^53)

    struct Orders
    {
        qint64 count = 200; // 1 .. 10,000,000
        double arrivalPerMin = 60; // > 0
        QMap<QString, double> services { { QStringLiteral("likes"), 0.6 },
                                         { QStringLiteral("followers"), 0.3 },
                                         { QStringLiteral("views"), 0.1 } }; // each in [0, 1]
        qint64 quantityMin = 500; // 1 .. 10,000,000, min <= max
        qint64 quantityMax = 20000;
        qint64 pointsPerUnit = 2; // >= 0
        double cancelRate = 0.01; // [0, 1]
        friend bool operator==(const Orders &, const Orders &) = default;
    } orders;

    struct Execution
    {
        qint64 batchSize = 50; // >= 1
        qint64 workers = 4; // >= 1
        qint64 batchDurationMeanMs = 800; // >= 0
        double batchDurationJitter = 0.3; // [0, 1]
        qint64 retryMaxAttempts = 3; // >= 1
        qint64 retryBackoffMs = 2000; // >= 0
        friend bool operator==(const Execution &, const Execution &) = default;
    } execution;

    struct Failures
    {
        double paymentFailureRate = 0.02;
        double batchFailureRate = 0.02;
        double workerCrashRate = 0.0;
        double duplicateDeliveryRate = 0.0;
        double projectorCrashRate = 0.0;
        double poisonEventRate = 0.0;
        double concurrentWriterRate = 0.0;
        double legacyEventRate = 0.0;
        friend bool operator==(const Failures &, const Failures &) = default;
    } failures; // every rate in [0, 1]

    struct Snapshots
    {
        QString policy = QStringLiteral("every_n"); // none | every_n | on_event | load_budget
        qint64 n = 100; // >= 1
        QStringList eventTypes { QStringLiteral("OrderStarted") }; // known event type names
        qint64 loadBudget = 200; // >= 1
        friend bool operator==(const Snapshots &, const Snapshots &) = default;
    } snapshots;

    struct Projections
    {
        qint64 pollIntervalMs = 500; // >= 0
        qint64 batchSize = 100; // >= 1
        qint64 costPerEventMs = 2; // >= 0
        QString checkpoint = QStringLiteral("same_transaction"); // same_transaction | separate
        bool idempotent = true;
        QString failurePolicy = QStringLiteral("skip"); // stop | skip | retry
        qint64 retryAttempts = 3; // >= 1
        friend bool operator==(const Projections &, const Projections &) = default;
    } projections;

    struct Run
    {
        double speed = 0; // 0 = as fast as possible, else simulated seconds per wall second; >= 0
        friend bool operator==(const Run &, const Run &) = default;
    } run;

    // Every field, defaults included, in the file format's shape. parse(toJson()) gives back an
    // equal scenario.
    QJsonObject toJson() const;
    QByteArray toCanonicalJson() const; // compact, keys sorted: what a run records and hashes

    friend bool operator==(const Scenario &, const Scenario &) = default;
};

// The outcome of reading a scenario: the scenario, or one message naming the field path, the
// value and what was expected ("orders.count is -5; expected an integer from 1 to 10000000").
struct ScenarioParseResult
{
    std::optional<Scenario> scenario;
    QString error;
};

// Parses and validates a scenario strictly: bad JSON, a non-object, a wrong type, null, a value
// out of range and an unknown key are rejected. Missing keys take their defaults.
[[nodiscard]] ScenarioParseResult parseScenario(const QByteArray &json);
// Reads a scenario file; the error names the file when it cannot be read.
[[nodiscard]] ScenarioParseResult loadScenarioFile(const QString &path);

} // namespace eslab
