#pragma once

#include <QByteArray>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace eslab {

// One prepared statement on an SQLite connection that Qt SQL's QSQLITE driver opened
// (QSqlDriver::handle()). The store's hot paths run through it: QSqlQuery converts every value
// to a QVariant and every text to UTF-16, which costs more than SQLite's own work on a row.
//
// Binds are 1-based, columns 0-based, as in the SQLite C API. Text binds are copied, so the
// bound values need not outlive the call. Owned by the EventStore whose connection it uses,
// finalised before that connection closes; the store's thread only.
class SqliteStatement
{
    Q_DISABLE_COPY_MOVE(SqliteStatement)
public:
    enum class Step {
        Row, // a row is ready to read
        Done, // the statement ran to its end
        Failed, // errorString() says why
    };

    SqliteStatement(sqlite3 *db, const QByteArray &sql);
    ~SqliteStatement();

    bool isValid() const { return m_statement != nullptr; }
    const QByteArray &sql() const { return m_sql; }

    void bind(int index, qint64 value);
    void bind(int index, int value) { bind(index, qint64(value)); }
    void bind(int index, double value);
    void bind(int index, QByteArrayView utf8);
    void bind(int index, const QByteArray &utf8) { bind(index, QByteArrayView(utf8)); }
    void bind(int index, const QString &text) { bind(index, QByteArrayView(text.toUtf8())); }
    void bindNull(int index);

    Step step();
    // Steps a statement that returns no rows (or whose rows do not matter) and resets it.
    [[nodiscard]] bool run();
    // Makes the statement ready to run again; bindings stay until rebound.
    void reset();

    qint64 int64(int column) const;
    double real(int column) const;
    bool isNull(int column) const;
    QByteArray bytes(int column) const;
    // The column's UTF-8 bytes without a copy: valid until the next step() or reset().
    QByteArrayView view(int column) const;
    QString text(int column) const;

    // The connection's error after a failed prepare or step ("UNIQUE constraint failed: ...").
    QString errorString() const;
    // The extended result code of the last step (SQLITE_CONSTRAINT_UNIQUE, SQLITE_FULL, ...).
    int resultCode() const { return m_resultCode; }

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_statement = nullptr;
    QByteArray m_sql;
    int m_resultCode = 0;
};

} // namespace eslab
