// libFuzzer target: the stored-payload decoders (model/events.h decodeEvent) and the order
// state's JSON form (model/order.h OrderState::fromJson), and the aggregate on what they give.
//
// Input: a first line "TYPE VERSION" (an event type name and a schema version) and then the
// payload JSON, or a first line "state" and then an order state's JSON. fuzz/corpus/events
// holds real payloads and states in that form.

#include "model/events.h"
#include "model/order.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void broken(const char *what)
{
    std::fprintf(stderr, "%s\n", what);
    std::abort();
}

void fuzzState(const QByteArray &json)
{
    const std::optional<eslab::OrderState> state
        = eslab::OrderState::fromJson(QJsonDocument::fromJson(json).object());
    if (!state)
        return;
    const std::optional<eslab::OrderState> again = eslab::OrderState::fromJson(state->toJson());
    if (!again || !(*again == *state))
        broken("an order state does not read back");
    // Whatever a snapshot says, the aggregate's rules and fold take every event on it.
    eslab::Order order(*state);
    (void)order.executeBatch(eslab::BatchExecuted { state->nextBatchNo, 1, 10, 10, {}, 0 });
    (void)order.cancel(QStringLiteral("fuzz"), QStringLiteral("customer"));
    (void)state->refundDue();
}

void fuzzPayload(const QString &type, int schemaVersion, const QByteArray &payload)
{
    const eslab::DecodedEvent decoded = eslab::decodeEvent(type, schemaVersion, payload);
    if (decoded.event.has_value() == !decoded.error.isEmpty())
        broken("both or neither of an event and an error");
    if (!decoded.event) {
        if (decoded.error.contains(u'\n'))
            broken("a message of several lines");
        return;
    }
    const eslab::DecodedEvent again
        = eslab::decodeEvent(type, eslab::currentSchemaVersion(type),
                             eslab::compactJson(eslab::eventToJson(*decoded.event)));
    if (!again.event || !(*again.event == *decoded.event))
        broken("a decoded event does not read back");
    eslab::OrderState state;
    (void)eslab::Order::violation(state, *decoded.event);
    eslab::Order::evolve(state, *decoded.event);
    (void)state.toJson();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = input.indexOf('\n');
    if (newline < 0)
        return 0;
    const QByteArray header = input.left(newline).trimmed();
    const QByteArray body = input.mid(newline + 1);
    if (header == "state") {
        fuzzState(body);
        return 0;
    }
    const QList<QByteArray> words = header.split(' ');
    if (words.size() != 2)
        return 0;
    bool ok = false;
    const int schemaVersion = words.at(1).toInt(&ok);
    if (ok)
        fuzzPayload(QString::fromUtf8(words.at(0)), schemaVersion, body);
    return 0;
}
