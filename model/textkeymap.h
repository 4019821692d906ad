#pragma once

#include <QString>

#include <cstring>
#include <unordered_map>

namespace eslab {

// A hash table keyed by short texts (stream ids, bucket names) for the paths that run once per
// event. QHash<QString> compares whole keys at each probe and hashes with a seeded hash; with
// keys that all have the same length (`order-000042`), the compares alone cost a tenth of a run.
// This one hashes with FNV-1a and compares only the keys whose hash matches.
struct TextKeyHash
{
    // Not noexcept on purpose: libstdc++ then stores each node's hash beside it. Without it, a
    // lookup hashes again every key it passes in the bucket, reading each key's text from
    // another cache line, which cost 8% of a run at ten million events.
    size_t operator()(const QString &key) const
    {
        quint64 hash = 14695981039346656037ULL;
        for (const QChar unit : key) {
            hash ^= unit.unicode();
            hash *= 1099511628211ULL;
        }
        return size_t(hash);
    }
};

struct TextKeyEqual
{
    bool operator()(const QString &a, const QString &b) const noexcept
    {
        return a.size() == b.size()
            && std::memcmp(a.constData(), b.constData(), size_t(a.size()) * sizeof(QChar)) == 0;
    }
};

#ifdef __GLIBCXX__
static_assert(std::__cache_default<QString, TextKeyHash>::value,
              "TextKeyMap's nodes should keep their hashes");
#endif

template<class Value>
using TextKeyMap = std::unordered_map<QString, Value, TextKeyHash, TextKeyEqual>;

} // namespace eslab
