#pragma once

#include <QtGlobal>

#include <map>

namespace eslab {

// Integer samples kept as a count per distinct value: exact count, mean, percentiles and
// maximum in memory that grows with the number of distinct values, not with the samples. A run
// of ten million commands records ten million loads in a few kilobytes. A value type.
class Distribution
{
public:
    void add(qint64 value, qint64 times = 1);

    qint64 count() const { return m_count; }
    bool isEmpty() const { return m_count == 0; }
    double mean() const;
    // The value at the given percentile (nearest rank); 0 when empty.
    qint64 percentile(int percent) const;
    qint64 maximum() const { return m_counts.empty() ? 0 : m_counts.rbegin()->first; }
    qint64 minimum() const { return m_counts.empty() ? 0 : m_counts.begin()->first; }

private:
    std::map<qint64, qint64> m_counts;
    qint64 m_count = 0;
    qint64 m_sum = 0;
};

} // namespace eslab
