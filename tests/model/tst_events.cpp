#include "model/events.h"
#include "model/recordedevent.h"

#include <QJsonDocument>
#include <QSet>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace eslab;

Q_DECLARE_METATYPE(eslab::DomainEvent)

namespace {

// One value of every event type, with every field away from its default so that a field the
// codec forgets cannot round-trip by accident.
QList<std::pair<const char *, DomainEvent>> sampleEvents()
{
    return {
        { "OrderPlaced",
          OrderPlaced { u"order-000042"_s, u"customer-7 \u00e9\u4e2d"_s, u"followers"_s, 12345, 50,
                        24690 } },
        { "OrderPlaced with the largest exact integers",
          OrderPlaced { u"order-1000000"_s, u"c"_s, u"views"_s, 9'007'199'254'740'991LL, 1,
                        9'007'199'254'740'990LL } },
        { "PointsDeducted", PointsDeducted { 24690 } },
        { "PaymentFailed", PaymentFailed { u"card declined: \"insufficient\" \\ funds"_s } },
        { "OrderStarted", OrderStarted { 247 } },
        { "BatchExecuted", BatchExecuted { 17, 3, 50, 48, u"worker-2"_s, 812 } },
        { "BatchFailed will retry", BatchFailed { 4, 2, u"upstream timeout"_s, true } },
        { "BatchFailed gives up", BatchFailed { 4, 3, u"upstream timeout"_s, false } },
        { "OrderCompleted", OrderCompleted { 12345 } },
        { "OrderFailed", OrderFailed { u"batch 4 ran out of retries"_s, 150 } },
        { "OrderCancelled", OrderCancelled { u"customer changed their mind"_s, u"customer"_s } },
        { "PointsRefunded", PointsRefunded { 24390, u"cancelled by customer"_s } },
        { "OrderNoteAdded", OrderNoteAdded { u"from ordering service v3"_s, false } },
        { "OrderNoteAdded poison", OrderNoteAdded { u"poison"_s, true } },
    };
}

QByteArray describe(const DomainEvent &event)
{
    return eventTypeName(event).toUtf8() + ' ' + compactJson(eventToJson(event));
}

QByteArray mismatch(const DomainEvent &actual, const DomainEvent &expected)
{
    return QByteArray(describe(actual) + " != " + describe(expected));
}

} // namespace

class TestEvents : public QObject
{
    Q_OBJECT

private slots:
    void everyEventTypeHasARoundTripRow();
    void everyEventRoundTripsThroughItsStoredJson_data();
    void everyEventRoundTripsThroughItsStoredJson();
    void storedBytesAreQJsonDocumentsCompactForm_data();
    void storedBytesAreQJsonDocumentsCompactForm();
    void batchExecutedIsWrittenAtSchemaVersion2AndOthersAt1();
    void version1BatchExecutedIsUpcastOnRead_data();
    void version1BatchExecutedIsUpcastOnRead();
    void unusablePayloadIsRefusedNamingTheProblem_data();
    void unusablePayloadIsRefusedNamingTheProblem();
};

void TestEvents::everyEventTypeHasARoundTripRow()
{
    QSet<QString> sampled;
    for (const auto &[tag, event] : sampleEvents())
        sampled.insert(eventTypeName(event));
    const QStringList &all = allEventTypeNames();
    QCOMPARE(sampled, QSet<QString>(all.begin(), all.end()));
    QCOMPARE(qsizetype(std::variant_size_v<DomainEvent>), all.size());
}

void TestEvents::everyEventRoundTripsThroughItsStoredJson_data()
{
    QTest::addColumn<DomainEvent>("event");
    for (const auto &[tag, event] : sampleEvents())
        QTest::newRow(tag) << event;
}

void TestEvents::everyEventRoundTripsThroughItsStoredJson()
{
    QFETCH(DomainEvent, event);

    const QString type = eventTypeName(event);
    QVERIFY(allEventTypeNames().contains(type));

    // As an object, the way a caller holding JSON decodes it.
    const QJsonObject json = eventToJson(event);
    const DecodedEvent fromObject = decodeEvent(type, currentSchemaVersion(type), json);
    QVERIFY2(fromObject.event, qPrintable(fromObject.error));
    QVERIFY2(*fromObject.event == event, mismatch(*fromObject.event, event).constData());
    QCOMPARE(eventTypeName(*fromObject.event), type);
    QVERIFY(!fromObject.upcast);
    QVERIFY(fromObject.error.isEmpty());

    // As stored: the bytes a NewEvent carries into the store, read back as a RecordedEvent.
    const NewEvent stored = NewEvent::fromDomainEvent(u"e-1"_s, event, QJsonObject {}, 0);
    QCOMPARE(stored.eventType, type);
    QCOMPARE(stored.schemaVersion, currentSchemaVersion(type));
    QCOMPARE(QJsonDocument::fromJson(stored.payload).object(), json);
    RecordedEvent recorded;
    recorded.eventType = stored.eventType;
    recorded.schemaVersion = stored.schemaVersion;
    recorded.payload = stored.payload;
    const DecodedEvent fromBytes = recorded.decode();
    QVERIFY2(fromBytes.event, qPrintable(fromBytes.error));
    QVERIFY2(*fromBytes.event == event, mismatch(*fromBytes.event, event).constData());
    QVERIFY(!fromBytes.upcast);
}

void TestEvents::storedBytesAreQJsonDocumentsCompactForm_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("plain") << u"the provider timed out on worker-03"_s;
    QTest::newRow("quotes and backslashes") << u"a \"quoted\" C:\\path"_s;
    QTest::newRow("control characters") << u"tab\tnew line\nbell\u0007 nul\u0000 del\u007f"_s;
    QTest::newRow("Korean and an emoji") << u"고객이 취소했습니다 \U0001F600"_s;
    QTest::newRow("ASCII, then Korean") << u"order-000042: 고객 \"취소\""_s;
    QTest::newRow("empty") << QString();
}

// The store's bytes come from JsonObjectWriter, which must write what QJsonDocument writes, so
// that stored payloads do not depend on which of the two wrote them.
void TestEvents::storedBytesAreQJsonDocumentsCompactForm()
{
    QFETCH(QString, text);
    for (const auto &[tag, event] : sampleEvents())
        QCOMPARE(eventPayload(event),
                 QJsonDocument(eventToJson(event)).toJson(QJsonDocument::Compact));
    const DomainEvent cancelled = OrderCancelled { text, u"customer"_s };
    const QJsonObject cancelledJson { { u"reason"_s, text }, { u"by"_s, u"customer"_s } };
    QCOMPARE(eventPayload(cancelled), QJsonDocument(cancelledJson).toJson(QJsonDocument::Compact));
    const DomainEvent note = OrderNoteAdded { text, true };
    const QJsonObject noteJson { { u"note"_s, text }, { u"poison"_s, true } };
    QCOMPARE(eventPayload(note), QJsonDocument(noteJson).toJson(QJsonDocument::Compact));

    const EventMetadata metadata { text, u"run-0001:order-000001"_s, u"run-0001-abc"_s };
    const QJsonObject metadataJson { { u"correlation_id"_s, metadata.correlationId },
                                     { u"causation_id"_s, metadata.causationId },
                                     { u"run_id"_s, metadata.runId } };
    QCOMPARE(metadata.toJson(), QJsonDocument(metadataJson).toJson(QJsonDocument::Compact));
}

void TestEvents::batchExecutedIsWrittenAtSchemaVersion2AndOthersAt1()
{
    for (const QString &type : allEventTypeNames())
        QCOMPARE(currentSchemaVersion(type), type == u"BatchExecuted"_s ? 2 : 1);
}

void TestEvents::version1BatchExecutedIsUpcastOnRead_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<DomainEvent>("expected");

    QTest::newRow("full batch") << QByteArray(
        R"({"batch_no":3,"attempt":2,"count":50,"worker_id":"w-1","duration_ms":800})")
                                << DomainEvent { BatchExecuted { 3, 2, 50, 50, u"w-1"_s, 800 } };
    QTest::newRow("short last batch")
        << QByteArray(R"({"batch_no":21,"attempt":1,"count":7,"worker_id":"w-9","duration_ms":0})")
        << DomainEvent { BatchExecuted { 21, 1, 7, 7, u"w-9"_s, 0 } };
    QTest::newRow("nothing delivered")
        << QByteArray(R"({"batch_no":1,"attempt":1,"count":0,"worker_id":"w-2","duration_ms":5})")
        << DomainEvent { BatchExecuted { 1, 1, 0, 0, u"w-2"_s, 5 } };
}

void TestEvents::version1BatchExecutedIsUpcastOnRead()
{
    QFETCH(QByteArray, payload);
    QFETCH(DomainEvent, expected);

    const DecodedEvent decoded = decodeEvent(u"BatchExecuted"_s, 1, payload);
    QVERIFY2(decoded.event, qPrintable(decoded.error));
    QVERIFY(decoded.upcast);
    QVERIFY2(*decoded.event == expected, mismatch(*decoded.event, expected).constData());

    // Written again, the upcast event has today's fields and no `count`.
    const QJsonObject rewritten = eventToJson(*decoded.event);
    QVERIFY(!rewritten.contains(u"count"_s));
    const qint64 count = QJsonDocument::fromJson(payload).object().value(u"count"_s).toInteger();
    QCOMPARE(rewritten.value(u"requested"_s).toInteger(), count);
    QCOMPARE(rewritten.value(u"delivered"_s).toInteger(), count);
}

void TestEvents::unusablePayloadIsRefusedNamingTheProblem_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("schemaVersion");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QStringList>("mentions");

    QTest::newRow("missing field")
        << u"OrderPlaced"_s << 1
        << QByteArray(R"({"order_id":"order-000001","customer_id":"c","service":"likes",)"
                      R"("batch_size":50,"price_points":2000})")
        << QStringList { u"'quantity'"_s, u"missing"_s };
    QTest::newRow("string where an integer belongs")
        << u"PointsDeducted"_s << 1 << QByteArray(R"({"amount":"100"})")
        << QStringList { u"'amount'"_s, u"\"100\""_s, u"integer"_s };
    QTest::newRow("null where an integer belongs")
        << u"OrderStarted"_s << 1 << QByteArray(R"({"batches_planned":null})")
        << QStringList { u"'batches_planned'"_s, u"integer"_s };
    QTest::newRow("number where a string belongs")
        << u"PaymentFailed"_s << 1 << QByteArray(R"({"reason":5})")
        << QStringList { u"'reason'"_s, u"string"_s };
    QTest::newRow("string where a boolean belongs")
        << u"BatchFailed"_s << 1
        << QByteArray(R"({"batch_no":2,"attempt":1,"reason":"x","will_retry":"yes"})")
        << QStringList { u"'will_retry'"_s };
    QTest::newRow("number where the optional poison flag belongs")
        << u"OrderNoteAdded"_s << 1 << QByteArray(R"({"note":"n","poison":1})")
        << QStringList { u"'poison'"_s };
    QTest::newRow("non-integral number")
        << u"BatchExecuted"_s << 2
        << QByteArray(R"({"batch_no":1,"attempt":1,"requested":50,"delivered":12.5,)"
                      R"("worker_id":"w","duration_ms":3})")
        << QStringList { u"'delivered'"_s, u"12.5"_s, u"integer"_s };
    QTest::newRow("integer too large to hold exactly")
        << u"OrderCompleted"_s << 1 << QByteArray(R"({"delivered":1e300})")
        << QStringList { u"'delivered'"_s, u"integer"_s };
    QTest::newRow("integer just past the exact range")
        << u"PointsDeducted"_s << 1 << QByteArray(R"({"amount":9007199254740992})")
        << QStringList { u"'amount'"_s, u"integer"_s };
    QTest::newRow("version 1 BatchExecuted without count")
        << u"BatchExecuted"_s << 1
        << QByteArray(R"({"batch_no":1,"attempt":1,"requested":50,"delivered":50,)"
                      R"("worker_id":"w","duration_ms":3})")
        << QStringList { u"'count'"_s, u"missing"_s };
    QTest::newRow("unknown event type")
        << u"OrderShipped"_s << 1 << QByteArray(R"({"carrier":"x"})")
        << QStringList { u"unknown event type"_s, u"OrderShipped"_s };
    QTest::newRow("unknown BatchExecuted schema version")
        << u"BatchExecuted"_s << 3
        << QByteArray(R"({"batch_no":1,"attempt":1,"requested":50,"delivered":50,)"
                      R"("worker_id":"w","duration_ms":3})")
        << QStringList { u"BatchExecuted"_s, u"schema version 3"_s };
    QTest::newRow("unknown schema version of another type")
        << u"PointsDeducted"_s << 2 << QByteArray(R"({"amount":100})")
        << QStringList { u"PointsDeducted"_s, u"schema version 2"_s };
    QTest::newRow("payload is an array") << u"PointsDeducted"_s << 1 << QByteArray("[100]")
                                         << QStringList { u"not a JSON object"_s };
    QTest::newRow("payload is not JSON") << u"PointsDeducted"_s << 1 << QByteArray(R"({"amount":)")
                                         << QStringList { u"not a JSON object"_s };
    QTest::newRow("payload is empty")
        << u"PaymentFailed"_s << 1 << QByteArray() << QStringList { u"not a JSON object"_s };
}

void TestEvents::unusablePayloadIsRefusedNamingTheProblem()
{
    QFETCH(QString, type);
    QFETCH(int, schemaVersion);
    QFETCH(QByteArray, payload);
    QFETCH(QStringList, mentions);

    const DecodedEvent decoded = decodeEvent(type, schemaVersion, payload);
    QVERIFY2(!decoded.event, describe(decoded.event.value_or(DomainEvent {})).constData());
    QVERIFY(!decoded.upcast);
    for (const QString &mention : mentions)
        QVERIFY2(decoded.error.contains(mention),
                 qPrintable(u"'%1' does not mention %2"_s.arg(decoded.error, mention)));
}

QTEST_GUILESS_MAIN(TestEvents)
#include "tst_events.moc"
