// libFuzzer target: the scenario parser (simulation/scenario.h).
//
// Any bytes are either a valid scenario, which reads back from its canonical JSON unchanged, or
// rejected with one line of message. A crash, a sanitizer report or a broken property stops the
// fuzzer.

#include "simulation/scenario.h"

#include <QByteArray>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const eslab::ScenarioParseResult result = eslab::parseScenario(input);
    if (result.scenario.has_value() == !result.error.isEmpty()) {
        std::fprintf(stderr, "both or neither of a scenario and an error\n");
        std::abort();
    }
    if (result.scenario) {
        const eslab::ScenarioParseResult again
            = eslab::parseScenario(result.scenario->toCanonicalJson());
        if (!again.scenario || !(*again.scenario == *result.scenario)) {
            std::fprintf(stderr, "an accepted scenario does not read back: %s\n",
                         qPrintable(again.error));
            std::abort();
        }
        return 0;
    }
    if (result.error.contains(u'\n')) {
        std::fprintf(stderr, "a message of several lines: %s\n", qPrintable(result.error));
        std::abort();
    }
    return 0;
}
