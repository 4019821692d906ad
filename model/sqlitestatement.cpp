#include "model/sqlitestatement.h"

#include <sqlite3.h>

namespace eslab {

SqliteStatement::SqliteStatement(sqlite3 *db, const QByteArray &sql)
    : StoreStatement(sql)
    , m_db(db)
{
    Q_ASSERT(db);
    m_resultCode = sqlite3_prepare_v3(db, sql.constData(), int(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr);
    if (m_resultCode != SQLITE_OK) {
        sqlite3_finalize(m_statement);
        m_statement = nullptr;
        return;
    }
    m_texts.resize(size_t(sqlite3_bind_parameter_count(m_statement)));
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

void SqliteStatement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_statement, index, value);
}

void SqliteStatement::bind(int index, double value)
{
    sqlite3_bind_double(m_statement, index, value);
}

void SqliteStatement::bind(int index, QByteArrayView utf8)
{
    // A null view would bind NULL; every text column of the store is NOT NULL.
    sqlite3_bind_text(m_statement, index, utf8.data() ? utf8.data() : "", int(utf8.size()),
                      SQLITE_TRANSIENT);
}

void SqliteStatement::bind(int index, const QString &text)
{
    if (index < 1 || index > int(m_texts.size())) {
        bind(index, QByteArrayView(text.toUtf8())); // SQLite reports the bad index
        return;
    }
    // The hot paths bind short ASCII texts (ids, types, statuses) on every row: converted into
    // the parameter's own buffer, which keeps its capacity, they cost neither an allocation
    // here nor a copy in SQLite.
    QByteArray &utf8 = m_texts[size_t(index - 1)];
    const qsizetype size = text.size();
    utf8.resize(size);
    char *out = utf8.data();
    const QChar *in = text.constData();
    for (qsizetype i = 0; i < size; ++i) {
        if (in[i].unicode() >= 0x80) {
            utf8 = text.toUtf8();
            break;
        }
        out[i] = char(in[i].unicode());
    }
    sqlite3_bind_text(m_statement, index, utf8.constData(), int(utf8.size()), SQLITE_STATIC);
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_statement, index);
}

SqliteStatement::Step SqliteStatement::step()
{
    m_resultCode = sqlite3_step(m_statement);
    if (m_resultCode == SQLITE_ROW)
        return Step::Row;
    if (m_resultCode == SQLITE_DONE)
        return Step::Done;
    m_resultCode = sqlite3_extended_errcode(m_db);
    return Step::Failed;
}

void SqliteStatement::reset()
{
    // The result of reset repeats the last step's error, which step() has already reported.
    sqlite3_reset(m_statement);
}

qint64 SqliteStatement::int64(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

double SqliteStatement::real(int column) const
{
    return sqlite3_column_double(m_statement, column);
}

bool SqliteStatement::isNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

QByteArray SqliteStatement::bytes(int column) const
{
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_statement, column));
    return QByteArray(data, sqlite3_column_bytes(m_statement, column));
}

QByteArrayView SqliteStatement::view(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    return QByteArrayView(data, sqlite3_column_bytes(m_statement, column));
}

QString SqliteStatement::text(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    return QString::fromUtf8(data, sqlite3_column_bytes(m_statement, column));
}

bool SqliteStatement::failedOnUniqueKey() const
{
    return m_resultCode == SQLITE_CONSTRAINT_UNIQUE || m_resultCode == SQLITE_CONSTRAINT_PRIMARYKEY;
}

QString SqliteStatement::errorString() const
{
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

} // namespace eslab
