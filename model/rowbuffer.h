#pragma once

#include <QHash>
#include <QList>
#include <QString>

namespace eslab {

// The rows of one read-model table that a buffered projection (Projection::setBuffered) holds
// in memory, by key: rows it read from the table (clean), rows its kept polls changed and that
// are not written yet (dirty), and the rows of the poll in progress (staged), which the poll
// keeps or discards as a whole. find() answers from the newest of the three.
//
// Invariant: every dirty key has a kept row; a clean row equals the stored one as long as the
// store's sharedEpoch() stays the same. Owned by its projection; same thread rules as the store.
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
        if (const auto staged = m_staged.constFind(key); staged != m_staged.cend())
            return &*staged;
        if (const auto kept = m_kept.constFind(key); kept != m_kept.cend())
            return &*kept;
        return nullptr;
    }
    // A row as the table holds it (or its absence, with entry.stored false).
    void remember(const QString &key, const Entry &entry)
    {
        if (!m_staged.contains(key) && !m_dirty.contains(key))
            m_kept.insert(key, entry);
    }
    // A row the poll in progress changed.
    void stage(const QString &key, const Entry &entry) { m_staged.insert(key, entry); }
    void keepStaged()
    {
        for (auto staged = m_staged.cbegin(); staged != m_staged.cend(); ++staged) {
            m_kept.insert(staged.key(), staged.value());
            if (!m_dirty.contains(staged.key())) {
                m_dirty.insert(staged.key());
                m_dirtyOrder.append(staged.key());
            }
        }
        m_staged.clear();
    }
    void discardStaged() { m_staged.clear(); }
    bool hasDirty() const { return !m_dirtyOrder.isEmpty(); }

    // Calls `write(key, entry)` for each dirty row, in the order the rows first changed, and
    // marks them clean and stored. False as soon as a write fails: the caller's transaction
    // then rolls back, and forget() drops everything.
    template<class Write> bool writeDirty(Write write)
    {
        for (const QString &key : std::as_const(m_dirtyOrder)) {
            Entry &entry = m_kept[key];
            if (!write(key, entry))
                return false;
            entry.stored = true;
        }
        m_dirty.clear();
        m_dirtyOrder.clear();
        if (m_kept.size() > MaxCleanRows)
            m_kept.clear();
        return true;
    }
    void forget()
    {
        m_kept.clear();
        m_dirty.clear();
        m_dirtyOrder.clear();
        m_staged.clear();
    }

private:
    QHash<QString, Entry> m_kept; // clean and dirty rows
    QSet<QString> m_dirty;
    QList<QString> m_dirtyOrder;
    QHash<QString, Entry> m_staged;
};

} // namespace eslab
