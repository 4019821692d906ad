#pragma once

#include <QtGlobal>

namespace eslab {

// The project's own seeded generator (xoshiro256** seeded by SplitMix64) with integer-only
// distributions, so that a seed gives the same numbers on every machine and standard library.
// A value type; copy it to fork a sequence. Not thread-safe: one per actor or thread.
class Random
{
public:
    explicit Random(quint64 seed);

    quint64 next();
    // Uniform in [0, bound), bound > 0, without modulo bias.
    quint64 below(quint64 bound);
    // Uniform in [low, high], low <= high.
    qint64 between(qint64 low, qint64 high);
    // True with the given probability in parts per million.
    bool chancePpm(quint32 ppm);

    // A probability in [0, 1] as parts per million, rounded: the one place a scenario's doubles
    // turn into the integers that decide things.
    static quint32 toPpm(double probability);
    // A stable 64-bit mix of a value (SplitMix64's finaliser), for deriving seeds.
    static quint64 mix(quint64 value);

private:
    quint64 m_state[4];
};

} // namespace eslab
