#include "model/postgresstatement.h"

#include <QSqlError>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

// PostgreSQL's SQLSTATE for a unique or primary key violation.
constexpr QLatin1StringView UniqueViolation("23505");

} // namespace

PostgresStatement::PostgresStatement(const QSqlDatabase &db, const QByteArray &sql)
    : StoreStatement(sql)
    , m_query(db)
{
    m_prepared = m_query.prepare(QString::fromUtf8(sql));
}

void PostgresStatement::bind(int index, qint64 value)
{
    m_query.bindValue(index - 1, value);
}

void PostgresStatement::bind(int index, double value)
{
    m_query.bindValue(index - 1, value);
}

void PostgresStatement::bind(int index, QByteArrayView utf8)
{
    // Bytes would bind as bytea; every text column holds text.
    m_query.bindValue(index - 1, QString::fromUtf8(utf8));
}

void PostgresStatement::bind(int index, const QString &text)
{
    // A null QString binds NULL; every text column of the store is NOT NULL.
    m_query.bindValue(index - 1, text.isNull() ? QString(u""_s) : text);
}

void PostgresStatement::bindNull(int index)
{
    m_query.bindValue(index - 1, QVariant());
}

StoreStatement::Step PostgresStatement::step()
{
    m_views.clear();
    if (!m_executed) {
        if (!m_query.exec())
            return Step::Failed;
        m_executed = true;
    }
    if (m_query.next())
        return Step::Row;
    return m_query.lastError().isValid() ? Step::Failed : Step::Done;
}

void PostgresStatement::reset()
{
    m_views.clear();
    m_query.finish();
    m_executed = false;
}

qint64 PostgresStatement::int64(int column) const
{
    return m_query.value(column).toLongLong();
}

double PostgresStatement::real(int column) const
{
    return m_query.value(column).toDouble();
}

bool PostgresStatement::isNull(int column) const
{
    return m_query.isNull(column);
}

QByteArray PostgresStatement::bytes(int column) const
{
    return m_query.value(column).toString().toUtf8();
}

QByteArrayView PostgresStatement::view(int column) const
{
    if (m_views.size() <= size_t(column))
        m_views.resize(column + 1);
    m_views[column] = bytes(column);
    return m_views[column];
}

QString PostgresStatement::text(int column) const
{
    return m_query.value(column).toString();
}

QString PostgresStatement::errorString() const
{
    return m_query.lastError().text();
}

bool PostgresStatement::failedOnUniqueKey() const
{
    return m_query.lastError().nativeErrorCode() == UniqueViolation;
}

} // namespace eslab
