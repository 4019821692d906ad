#pragma once

#include <QByteArray>
#include <QString>

namespace eslab {

// One prepared statement on an event store's connection, kept by the EventStore for reuse
// (EventStore::statement()). The store's hot paths run through it, on SQLite through the C API
// itself (SqliteStatement) and on PostgreSQL through Qt SQL (PostgresStatement); the SQL is
// written once, with `?` placeholders, in the dialect both backends share.
//
// Binds are 1-based, columns 0-based, as in the SQLite C API. Text binds are copied, so the
// bound values need not outlive the call. Owned by the EventStore whose connection it uses and
// destroyed before that connection closes; the store's thread only.
class StoreStatement
{
    Q_DISABLE_COPY_MOVE(StoreStatement)
public:
    enum class Step {
        Row, // a row is ready to read
        Done, // the statement ran to its end
        Failed, // errorString() says why
    };

    virtual ~StoreStatement() = default;

    virtual bool isValid() const = 0;
    const QByteArray &sql() const { return m_sql; }

    virtual void bind(int index, qint64 value) = 0;
    void bind(int index, int value) { bind(index, qint64(value)); }
    virtual void bind(int index, double value) = 0;
    virtual void bind(int index, QByteArrayView utf8) = 0;
    void bind(int index, const QByteArray &utf8) { bind(index, QByteArrayView(utf8)); }
    virtual void bind(int index, const QString &text) = 0;
    virtual void bindNull(int index) = 0;

    virtual Step step() = 0;
    // Steps a statement that returns no rows (or whose rows do not matter) and resets it.
    [[nodiscard]] bool run();
    // Makes the statement ready to run again; bindings stay until rebound.
    virtual void reset() = 0;

    virtual qint64 int64(int column) const = 0;
    virtual double real(int column) const = 0;
    virtual bool isNull(int column) const = 0;
    virtual QByteArray bytes(int column) const = 0;
    // The column's UTF-8 bytes without a copy where the backend allows: valid until the next
    // step() or reset().
    virtual QByteArrayView view(int column) const = 0;
    virtual QString text(int column) const = 0;

    // The connection's error after a failed prepare or step ("UNIQUE constraint failed: ...").
    virtual QString errorString() const = 0;
    // Whether the last step failed on a unique key or primary key.
    virtual bool failedOnUniqueKey() const = 0;

protected:
    explicit StoreStatement(QByteArray sql)
        : m_sql(std::move(sql))
    { }

private:
    QByteArray m_sql;
};

} // namespace eslab
