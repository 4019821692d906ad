#include "simulation/scenario.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace eslab;

Q_DECLARE_METATYPE(eslab::Scenario)

namespace {
// Every field of a scenario, for comparing two. Scenario's defaulted operator== is deleted while
// its nested structs declare none, and this form also shows both sides when a comparison fails.
QByteArray fields(const Scenario &scenario)
{
    return scenario.toCanonicalJson();
}
} // namespace

class TestScenario : public QObject
{
    Q_OBJECT

private slots:
    void emptyObjectGivesDefaults();
    void defaultFileGivesDefaultsWithDescription_data();
    void defaultFileGivesDefaultsWithDescription();
    void toJsonRoundTrips_data();
    void toJsonRoundTrips();
    void canonicalJsonIsCompactWithSortedKeys();
    void readsEveryFieldOfACustomScenario();
    void acceptsEdgeValues_data();
    void acceptsEdgeValues();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void fileErrorsNameTheFile();

private:
    static Scenario customised();
};

Scenario TestScenario::customised()
{
    Scenario s;
    s.name = u"Flaky workers"_s;
    s.description = { { u"en"_s, u"Watch the retries."_s }, { u"ko"_s, u"재시도를 보세요."_s } };
    s.seed = 9007199254740991;
    s.orders.count = 1234;
    s.orders.arrivalPerMin = 12.5;
    s.orders.services = { { u"likes"_s, 0.25 }, { u"views"_s, 0.75 } };
    s.orders.quantityMin = 10;
    s.orders.quantityMax = 10;
    s.orders.pointsPerUnit = 0;
    s.orders.cancelRate = 0.125;
    s.execution.batchSize = 7;
    s.execution.workers = 16;
    s.execution.batchDurationMeanMs = 0;
    s.execution.batchDurationJitter = 1;
    s.execution.retryMaxAttempts = 1000;
    s.execution.retryBackoffMs = 86400000;
    s.failures.paymentFailureRate = 0.1;
    s.failures.batchFailureRate = 0.2;
    s.failures.workerCrashRate = 0.3;
    s.failures.duplicateDeliveryRate = 0.4;
    s.failures.projectorCrashRate = 0.5;
    s.failures.poisonEventRate = 0.6;
    s.failures.concurrentWriterRate = 0.7;
    s.failures.legacyEventRate = 1.0 / 3.0;
    s.snapshots.policy = u"load_budget"_s;
    s.snapshots.n = 1;
    s.snapshots.eventTypes = { u"BatchExecuted"_s, u"OrderCompleted"_s };
    s.snapshots.loadBudget = 17;
    s.projections.pollIntervalMs = 0;
    s.projections.batchSize = 1;
    s.projections.costPerEventMs = 9;
    s.projections.checkpoint = u"separate"_s;
    s.projections.idempotent = false;
    s.projections.failurePolicy = u"retry"_s;
    s.projections.retryAttempts = 5;
    s.run.speed = 2.5;
    return s;
}

void TestScenario::emptyObjectGivesDefaults()
{
    for (const QByteArray &json : { "{}"_ba, " \n{ }\n"_ba }) {
        const ScenarioParseResult result = parseScenario(json);
        QVERIFY2(result.scenario, qPrintable(result.error));
        QVERIFY(result.error.isEmpty());
        QCOMPARE(fields(*result.scenario), fields(Scenario()));
    }
}

void TestScenario::defaultFileGivesDefaultsWithDescription_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("source file") << QStringLiteral(ESLAB_SOURCE_DIR
                                                   "/resources/scenarios/default.json");
    QTest::newRow("compiled-in resource") << u":/eslab/scenarios/default.json"_s;
}

void TestScenario::defaultFileGivesDefaultsWithDescription()
{
    QFETCH(QString, path);
    const ScenarioParseResult result = loadScenarioFile(path);
    QVERIFY2(result.scenario, qPrintable(result.error));
    Scenario scenario = *result.scenario;
    QCOMPARE(scenario.name, u"Default"_s);
    QVERIFY(scenario.description.value(u"en"_s).contains(u"200 orders"_s));
    QVERIFY(!scenario.description.value(u"ko"_s).isEmpty());
    QCOMPARE(scenario.description.keys(), QStringList({ u"en"_s, u"ko"_s }));
    scenario.description.clear();
    QCOMPARE(fields(scenario), fields(Scenario()));
}

void TestScenario::toJsonRoundTrips_data()
{
    QTest::addColumn<Scenario>("scenario");
    QTest::newRow("defaults") << Scenario();
    QTest::newRow("customised") << customised();
    Scenario noSnapshotTypes;
    noSnapshotTypes.snapshots.eventTypes.clear();
    noSnapshotTypes.snapshots.policy = u"none"_s;
    QTest::newRow("empty event types") << noSnapshotTypes;
}

void TestScenario::toJsonRoundTrips()
{
    QFETCH(Scenario, scenario);
    const QByteArray json = QJsonDocument(scenario.toJson()).toJson(QJsonDocument::Indented);
    const ScenarioParseResult result = parseScenario(json);
    QVERIFY2(result.scenario, qPrintable(result.error + u"\n"_s + QString::fromUtf8(json)));
    QCOMPARE(fields(*result.scenario), fields(scenario));

    const ScenarioParseResult canonical = parseScenario(scenario.toCanonicalJson());
    QVERIFY2(canonical.scenario, qPrintable(canonical.error));
    QCOMPARE(fields(*canonical.scenario), fields(scenario));
}

void TestScenario::canonicalJsonIsCompactWithSortedKeys()
{
    const QByteArray canonical = Scenario().toCanonicalJson();
    QVERIFY(!canonical.contains(' '));
    QVERIFY(!canonical.contains('\n'));
    QVERIFY(canonical.startsWith(R"({"execution":{"batch_duration_ms":{"jitter":0.3,"mean":800})"));
    QVERIFY(canonical.contains(R"("run":{"speed":0},"seed":42,"snapshots":)"));
    QVERIFY(!canonical.contains("description"));
    QVERIFY(customised().toCanonicalJson().contains(R"("description":{"en":)"));
    QCOMPARE(Scenario().toCanonicalJson(), Scenario().toCanonicalJson());
    QVERIFY(customised().toCanonicalJson() != canonical);
}

void TestScenario::readsEveryFieldOfACustomScenario()
{
    const QByteArray json = R"({
        "name": "Outage", "description": {"en": "Payments fail.", "ko": "결제 실패"},
        "seed": 7,
        "orders": {"count": 3.0, "arrival_per_min": 0.5, "services": {"followers": 2e-1},
                   "quantity": {"min": 1, "max": 10000000}, "points_per_unit": 1000000,
                   "cancel_rate": 0},
        "execution": {"batch_size": 10000000, "workers": 1,
                      "batch_duration_ms": {"mean": 86400000, "jitter": 0},
                      "retry": {"max_attempts": 1, "backoff_ms": 0}},
        "failures": {"payment_failure_rate": 1, "legacy_event_rate": 0.25},
        "snapshots": {"policy": "on_event", "event_types": ["OrderPlaced", "PaymentFailed"]},
        "projections": {"checkpoint": "separate", "idempotent": false, "failure_policy": "stop",
                        "retry_attempts": 1000},
        "run": {"speed": 60}
    })"_ba;
    const ScenarioParseResult result = parseScenario(json);
    QVERIFY2(result.scenario, qPrintable(result.error));
    const Scenario &s = *result.scenario;
    QCOMPARE(s.name, u"Outage"_s);
    QCOMPARE(s.description.value(u"ko"_s), u"결제 실패"_s);
    QCOMPARE(s.seed, 7);
    QCOMPARE(s.orders.count, 3);
    QCOMPARE(s.orders.arrivalPerMin, 0.5);
    // The services object is the whole mix: the unnamed services are not ordered.
    QCOMPARE(s.orders.services, (QMap<QString, double> { { u"followers"_s, 0.2 } }));
    QCOMPARE(s.orders.quantityMin, 1);
    QCOMPARE(s.orders.quantityMax, 10000000);
    QCOMPARE(s.orders.pointsPerUnit, 1000000);
    QCOMPARE(s.orders.cancelRate, 0.0);
    QCOMPARE(s.execution.batchSize, 10000000);
    QCOMPARE(s.execution.workers, 1);
    QCOMPARE(s.execution.batchDurationMeanMs, 86400000);
    QCOMPARE(s.execution.batchDurationJitter, 0.0);
    QCOMPARE(s.execution.retryMaxAttempts, 1);
    QCOMPARE(s.execution.retryBackoffMs, 0);
    QCOMPARE(s.failures.paymentFailureRate, 1.0);
    QCOMPARE(s.failures.legacyEventRate, 0.25);
    QCOMPARE(s.failures.batchFailureRate, Scenario().failures.batchFailureRate);
    QCOMPARE(s.snapshots.policy, u"on_event"_s);
    QCOMPARE(s.snapshots.eventTypes, QStringList({ u"OrderPlaced"_s, u"PaymentFailed"_s }));
    QCOMPARE(s.snapshots.n, Scenario().snapshots.n);
    QCOMPARE(s.projections.checkpoint, u"separate"_s);
    QCOMPARE(s.projections.idempotent, false);
    QCOMPARE(s.projections.failurePolicy, u"stop"_s);
    QCOMPARE(s.projections.retryAttempts, 1000);
    QCOMPARE(s.projections.pollIntervalMs, Scenario().projections.pollIntervalMs);
    QCOMPARE(s.run.speed, 60.0);
}

void TestScenario::acceptsEdgeValues_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("integral double count") << R"({"orders": {"count": 3.0}})"_ba;
    QTest::newRow("largest seed") << R"({"seed": 9007199254740991})"_ba;
    QTest::newRow("seed zero") << R"({"seed": 0})"_ba;
    QTest::newRow("rates at both ends")
        << R"({"failures": {"worker_crash_rate": 1, "payment_failure_rate": 0}})"_ba;
    QTest::newRow("quantity min equals max")
        << R"({"orders": {"quantity": {"min": 7, "max": 7}}})"_ba;
    QTest::newRow("shares need not sum to 1")
        << R"({"orders": {"services": {"likes": 1, "views": 1, "followers": 0}}})"_ba;
    QTest::newRow("no snapshot event types") << R"({"snapshots": {"event_types": []}})"_ba;
    QTest::newRow("utf-8 byte order mark") << "\xEF\xBB\xBF{}"_ba;
    QTest::newRow("same key in different objects")
        << R"({"execution": {"batch_size": 5}, "projections": {"batch_size": 5}})"_ba;
    QTest::newRow("escaped key") << R"({"see\u0064": 5})"_ba;
}

void TestScenario::acceptsEdgeValues()
{
    QFETCH(QByteArray, json);
    const ScenarioParseResult result = parseScenario(json);
    QVERIFY2(result.scenario, qPrintable(result.error));
}

void TestScenario::rejectsBadInput_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>(
        "message"); // the whole message, or a part of it when `exact` is false
    QTest::addColumn<bool>("exact");

    const auto row = [](const char *name, const QByteArray &json, const QString &message,
                        bool exact = true) { QTest::newRow(name) << json << message << exact; };

    row("bad JSON", "{\"seed\": 1,\n \"orders\": }"_ba,
        u"invalid JSON at offset 24 (line 2, column 13): object is missing after a comma"_s);
    row("trailing comma", R"({"seed": 1,})"_ba, u"invalid JSON at offset"_s, false);
    row("empty document", ""_ba, u"the scenario is empty; expected a JSON object"_s);
    row("top level array", "[1, 2]"_ba, u"the scenario is [1,2]; expected a JSON object"_s);
    row("top level number", "5"_ba, u"the scenario is 5; expected a JSON object"_s);
    row("top level null", "null"_ba, u"the scenario is null; expected a JSON object"_s);

    row("count is a string", R"({"orders": {"count": "200"}})"_ba,
        u"orders.count is \"200\"; expected an integer from 1 to 10000000"_s);
    row("max_attempts is a string", R"({"execution": {"retry": {"max_attempts": "3"}}})"_ba,
        u"execution.retry.max_attempts is \"3\"; expected an integer of at least 1 and at most 1000"_s);
    row("orders is a list", R"({"orders": [1]})"_ba, u"orders is [1]; expected an object"_s, false);
    row("idempotent is a string", R"({"projections": {"idempotent": "yes"}})"_ba,
        u"projections.idempotent is \"yes\"; expected true or false"_s);
    row("name is a number", R"({"name": 5})"_ba, u"name is 5; expected a non-empty string"_s);
    row("name is empty", R"({"name": " "})"_ba, u"name is \" \"; expected a non-empty string"_s);
    row("description is a string", R"({"description": "hi"})"_ba,
        u"description is \"hi\"; expected an object of language -> text"_s, false);
    row("description text is a number", R"({"description": {"en": 1}})"_ba,
        u"description.en is 1; expected a string"_s);
    row("event_types is a string", R"({"snapshots": {"event_types": "OrderStarted"}})"_ba,
        u"snapshots.event_types is \"OrderStarted\"; expected a list of event type names"_s, false);

    row("null count", R"({"orders": {"count": null}})"_ba,
        u"orders.count is null; expected an integer from 1 to 10000000"_s);
    row("null object", R"({"failures": null})"_ba, u"failures is null; expected an object"_s,
        false);
    row("null in a list", R"({"snapshots": {"event_types": ["OrderStarted", null]}})"_ba,
        u"snapshots.event_types[1] is null; expected an event type name"_s, false);
    row("null rate", R"({"failures": {"poison_event_rate": null}})"_ba,
        u"failures.poison_event_rate is null; expected a number from 0 to 1"_s);

    row("negative count", R"({"orders": {"count": -5}})"_ba,
        u"orders.count is -5; expected an integer from 1 to 10000000"_s);
    row("zero count", R"({"orders": {"count": 0}})"_ba,
        u"orders.count is 0; expected an integer from 1 to 10000000"_s);
    row("too many orders", R"({"orders": {"count": 10000001}})"_ba,
        u"orders.count is 10000001; expected an integer from 1 to 10000000"_s);
    row("non-integral count", R"({"orders": {"count": 1.5}})"_ba,
        u"orders.count is 1.5; expected an integer from 1 to 10000000"_s);
    row("seed of 2^53", R"({"seed": 9007199254740992})"_ba,
        u"seed is 9007199254740992; expected an integer from 0 to 9007199254740991"_s);
    row("seed above 2^53", R"({"seed": 9007199254740993})"_ba,
        u"seed is 9007199254740993; expected an integer from 0 to 9007199254740991"_s);
    row("negative seed", R"({"seed": -1})"_ba,
        u"seed is -1; expected an integer from 0 to 9007199254740991"_s);
    row("rate above 1", R"({"failures": {"payment_failure_rate": 1.5}})"_ba,
        u"failures.payment_failure_rate is 1.5; expected a number from 0 to 1"_s);
    row("negative rate", R"({"orders": {"cancel_rate": -0.1}})"_ba,
        u"orders.cancel_rate is -0.1; expected a number from 0 to 1"_s);
    row("jitter above 1", R"({"execution": {"batch_duration_ms": {"jitter": 2}}})"_ba,
        u"execution.batch_duration_ms.jitter is 2; expected a number from 0 to 1"_s);
    row("share above 1", R"({"orders": {"services": {"likes": 1.1}}})"_ba,
        u"orders.services.likes is 1.1; expected a number from 0 to 1"_s);
    row("zero arrival rate", R"({"orders": {"arrival_per_min": 0}})"_ba,
        u"orders.arrival_per_min is 0; expected a number above 0"_s, false);
    row("negative points", R"({"orders": {"points_per_unit": -1}})"_ba,
        u"orders.points_per_unit is -1; expected an integer of at least 0"_s, false);
    row("zero workers", R"({"execution": {"workers": 0}})"_ba,
        u"execution.workers is 0; expected an integer of at least 1"_s, false);
    row("zero batch size", R"({"projections": {"batch_size": 0}})"_ba,
        u"projections.batch_size is 0; expected an integer of at least 1"_s, false);
    row("zero snapshot interval", R"({"snapshots": {"n": 0}})"_ba,
        u"snapshots.n is 0; expected an integer of at least 1"_s, false);
    row("zero load budget", R"({"snapshots": {"load_budget": 0}})"_ba,
        u"snapshots.load_budget is 0; expected an integer of at least 1"_s, false);
    row("zero retry attempts", R"({"projections": {"retry_attempts": 0}})"_ba,
        u"projections.retry_attempts is 0; expected an integer of at least 1"_s, false);
    row("negative backoff", R"({"execution": {"retry": {"backoff_ms": -1}}})"_ba,
        u"execution.retry.backoff_ms is -1; expected an integer of at least 0"_s, false);
    row("negative poll interval", R"({"projections": {"poll_interval_ms": -500}})"_ba,
        u"projections.poll_interval_ms is -500; expected an integer of at least 0"_s, false);
    row("duration beyond a day", R"({"execution": {"batch_duration_ms": {"mean": 86400001}}})"_ba,
        u"execution.batch_duration_ms.mean is 86400001; expected an integer of at least 0 and at most 86400000"_s);
    row("too many attempts", R"({"execution": {"retry": {"max_attempts": 1001}}})"_ba,
        u"execution.retry.max_attempts is 1001; expected an integer of at least 1 and at most 1000"_s);
    row("negative speed", R"({"run": {"speed": -1}})"_ba, u"run.speed is -1; expected 0"_s, false);
    row("tiny speed", R"({"run": {"speed": 1e-9}})"_ba, u"run.speed is 1e-09; expected 0"_s, false);
    row("quantity zero", R"({"orders": {"quantity": {"min": 0}}})"_ba,
        u"orders.quantity.min is 0; expected an integer from 1 to 10000000"_s);
    row("min above max", R"({"orders": {"quantity": {"min": 30000}}})"_ba,
        u"orders.quantity.min is 30000; expected at most orders.quantity.max (20000)"_s);

    row("unknown top level key", R"({"sed": 1})"_ba,
        u"sed is not a known field (did you mean 'seed'?)"_s);
    row("unknown nested key", R"({"orders": {"cout": 1}})"_ba,
        u"orders.cout is not a known field (did you mean 'count'?)"_s);
    row("swapped letters", R"({"execution": {"retry": {"max_attmepts": 3}}})"_ba,
        u"execution.retry.max_attmepts is not a known field (did you mean 'max_attempts'?)"_s);
    row("unknown key without a near one", R"({"projections": {"colour": "red"}})"_ba,
        u"projections.colour is not a known field; expected one of poll_interval_ms, batch_size, "
        u"cost_per_event_ms, checkpoint, idempotent, failure_policy, retry_attempts"_s);
    row("short unknown key", R"({"n": 1})"_ba,
        u"n is not a known field; expected one of name, description, seed, orders, execution, "
        u"failures, snapshots, projections, run"_s);
    row("unknown key with spaces", R"({"run": {"spe ed": 1}})"_ba,
        u"run.\"spe ed\" is not a known field (did you mean 'speed'?)"_s);
    row("duplicate key", "{\"orders\": {\"count\": 5, \"count\": 6}}"_ba,
        u"orders.count is given more than once; expected each field once"_s);
    row("duplicate escaped key", "{\"seed\": 5, \"se\\u0065d\": 6}"_ba,
        u"seed is given more than once; expected each field once"_s);

    row("unknown policy", R"({"snapshots": {"policy": "every"}})"_ba,
        u"snapshots.policy is \"every\"; expected one of none, every_n, on_event, load_budget"_s);
    row("unknown failure policy", R"({"projections": {"failure_policy": "ignore"}})"_ba,
        u"projections.failure_policy is \"ignore\"; expected one of stop, skip, retry"_s);
    row("unknown checkpoint", R"({"projections": {"checkpoint": "same"}})"_ba,
        u"projections.checkpoint is \"same\"; expected one of same_transaction, separate"_s);
    row("policy is a number", R"({"snapshots": {"policy": 1}})"_ba,
        u"snapshots.policy is 1; expected one of none"_s, false);
    row("unknown event type",
        R"({"snapshots": {"event_types": ["OrderStarted", "OrderStartd"]}})"_ba,
        u"snapshots.event_types[1] is \"OrderStartd\"; expected an event type name (did you mean 'OrderStarted'?)"_s);
    row("made-up event type", R"({"snapshots": {"event_types": ["Shipped"]}})"_ba,
        u"snapshots.event_types[0] is \"Shipped\"; expected an event type name, one of OrderPlaced, "_s,
        false);
    row("event type twice",
        R"({"snapshots": {"event_types": ["OrderStarted", "OrderStarted"]}})"_ba,
        u"snapshots.event_types[1] is \"OrderStarted\"; expected each event type listed once"_s);
    row("all shares zero", R"({"orders": {"services": {"likes": 0, "views": 0}}})"_ba,
        u"orders.services is {\"likes\":0,\"views\":0}; expected at least one share above 0"_s,
        false);
    row("no services", R"({"orders": {"services": {}}})"_ba,
        u"orders.services is {}; expected at least one share above 0"_s, false);
    row("unknown service", R"({"orders": {"services": {"like": 1}}})"_ba,
        u"orders.services.like is not a known service; expected one of likes, followers, views "
        u"(did you mean 'likes'?)"_s);
    row("long value is shortened",
        R"({"name": ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]})"_ba,
        u"name is [\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...; expected a non-empty string"_s);
    row("first problem only", R"({"seed": -1, "orders": {"count": 0}})"_ba,
        u"seed is -1; expected an integer from 0 to 9007199254740991"_s);
}

void TestScenario::rejectsBadInput()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    QFETCH(bool, exact);
    const ScenarioParseResult result = parseScenario(json);
    QVERIFY2(!result.scenario, "an invalid scenario was accepted");
    QVERIFY(!result.error.contains(u'\n'));
    if (exact)
        QCOMPARE(result.error, message);
    else
        QVERIFY2(result.error.startsWith(message), qPrintable(result.error));
}

void TestScenario::fileErrorsNameTheFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    const QString missing = dir.filePath(u"missing.json"_s);
    ScenarioParseResult result = loadScenarioFile(missing);
    QVERIFY(!result.scenario);
    QVERIFY2(result.error.startsWith(u"cannot read scenario "_s + missing + u": "_s),
             qPrintable(result.error));

    result = loadScenarioFile(dir.path());
    QVERIFY(!result.scenario);
    QVERIFY2(result.error.startsWith(u"cannot read scenario "_s + dir.path() + u": "_s),
             qPrintable(result.error));

    const QString bad = dir.filePath(u"bad.json"_s);
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"orders": {"count": -5}})");
    file.close();
    result = loadScenarioFile(bad);
    QVERIFY(!result.scenario);
    QCOMPARE(result.error, bad + u": orders.count is -5; expected an integer from 1 to 10000000"_s);
}

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
