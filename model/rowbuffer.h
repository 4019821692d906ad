#pragma once

#include "model/textkeymap.h"

#include <QList>
#include <QString>

#include <utility>
#include <vector>

namespace eslab {

// The rows of one read-model table that a buffered projection (Projection::setBuffered) holds
// in memory, by key: rows it read from the table (clean), rows its kept polls changed and that
// are not written yet (dirty), and the rows of the poll in progress (staged), which the poll
// keeps or discards as a whole. find() answers from the newest of the three.
//
// Invariant: every key in the dirty order has a kept row marked dirty; a clean row equals the
// stored one as long as the store's sharedEpoch() stays the same. Owned by its projection; same
// thread rules as the store.
template<class Row> class RowBuffer
{
public:
    struct Entry
    {
        Row row;
        bool stored = false; // the table has a row for the key (as of the last read or write)
    };
    // Clean rows kept at most between two writes; beyond it they are forgotten, so that memory
    // follows the open orders, not the store.
    static constexpr qsizetype MaxCleanRows = 100000;

    // The row held for `key`, or null when the table must be asked.
    const Entry *find(const QString &key) const
    {
        // A poll stages a handful of rows: a scan beats a second hash.
        for (auto staged = m_staged.crbegin(); staged != m_staged.crend(); ++staged) {
            if (TextKeyEqual()(staged->first, key))
                return &staged->second;
        }
        if (const auto kept = m_kept.find(key); kept != m_kept.cend())
            return &kept->second.entry;
        return nullptr;
    }
    // A row as the table holds it, for a key find() holds nothing for.
    void remember(const QString &key, const Entry &entry)
    {
        Q_ASSERT(!find(key));
        m_kept.try_emplace(key, Kept { entry, false });
    }
    // A row the poll in progress changed.
    void stage(const QString &key, Entry entry) { m_staged.emplace_back(key, std::move(entry)); }
    void keepStaged()
    {
        for (auto &[key, entry] : m_staged) {
            auto &kept = *m_kept.try_emplace(key).first;
            if (!kept.second.dirty)
                m_dirtyOrder.push_back(&kept);
            kept.second = Kept { std::move(entry), true };
        }
        m_staged.clear();
    }
    void discardStaged() { m_staged.clear(); }

    // Calls `write(key, entry)` for each dirty row, in the order the rows first changed, and
    // marks them clean and stored. False as soon as a write fails: the caller's transaction
    // then rolls back, and forget() drops everything.
    template<class Write> bool writeDirty(Write write)
    {
        for (auto *kept : m_dirtyOrder) {
            if (!write(kept->first, kept->second.entry))
                return false;
            kept->second.entry.stored = true;
            kept->second.dirty = false;
        }
        m_dirtyOrder.clear();
        if (m_kept.size() > MaxCleanRows)
            m_kept.clear();
        return true;
    }
    void forget()
    {
        m_kept.clear();
        m_dirtyOrder.clear();
        m_staged.clear();
    }

private:
    struct Kept
    {
        Entry entry;
        bool dirty = false; // changed by a kept poll, not written yet
    };
    TextKeyMap<Kept> m_kept; // clean and dirty rows
    // The dirty rows, in the order they first changed. A hash table's elements stay where they
    // are as it grows, so these stay valid until m_kept is cleared, which clears them too.
    std::vector<typename TextKeyMap<Kept>::value_type *> m_dirtyOrder;
    // In the order staged; a later entry for a key replaces an earlier one.
    std::vector<std::pair<QString, Entry>> m_staged;
};

} // namespace eslab
