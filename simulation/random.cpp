#include "simulation/random.h"

#include <cmath>

namespace eslab {

namespace {

quint64 rotateLeft(quint64 value, int bits)
{
    return (value << bits) | (value >> (64 - bits));
}

} // namespace

quint64 Random::mix(quint64 value)
{
    value += 0x9e3779b97f4a7c15ULL;
    value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
    value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
    return value ^ (value >> 31);
}

Random::Random(quint64 seed)
{
    quint64 state = seed;
    for (quint64 &word : m_state) {
        state += 0x9e3779b97f4a7c15ULL;
        word = mix(state);
    }
}

quint64 Random::next()
{
    const quint64 result = rotateLeft(m_state[1] * 5, 7) * 9;
    const quint64 t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotateLeft(m_state[3], 45);
    return result;
}

quint64 Random::below(quint64 bound)
{
    Q_ASSERT(bound > 0);
    // Rejection sampling: drop the top partial range so every value is equally likely.
    const quint64 limit = ~0ULL - (~0ULL % bound);
    quint64 value;
    do {
        value = next();
    } while (value >= limit);
    return value % bound;
}

qint64 Random::between(qint64 low, qint64 high)
{
    Q_ASSERT(low <= high);
    return low + static_cast<qint64>(below(static_cast<quint64>(high - low) + 1));
}

bool Random::chancePpm(quint32 ppm)
{
    return below(1000000) < ppm;
}

quint32 Random::toPpm(double probability)
{
    return static_cast<quint32>(std::llround(qBound(0.0, probability, 1.0) * 1000000.0));
}

} // namespace eslab
