#include "simulation/distribution.h"

#include <algorithm>

namespace eslab {

void Distribution::add(qint64 value, qint64 times)
{
    if (times <= 0)
        return;
    m_counts[value] += times;
    m_count += times;
    m_sum += value * times;
}

double Distribution::mean() const
{
    return m_count == 0 ? 0.0 : double(m_sum) / double(m_count);
}

qint64 Distribution::percentile(int percent) const
{
    if (m_count == 0)
        return 0;
    const qint64 rank = std::clamp<qint64>((m_count * percent + 99) / 100, 1, m_count);
    qint64 seen = 0;
    for (const auto &[value, times] : m_counts) {
        seen += times;
        if (seen >= rank)
            return value;
    }
    return maximum();
}

} // namespace eslab
