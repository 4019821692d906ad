#pragma once

#include "model/storestatement.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <vector>

namespace eslab {

// A StoreStatement on a PostgreSQL connection, through Qt SQL's QPSQL driver. The query is not
// forward-only: QPSQL would then stream its rows and drop them as soon as the connection runs
// another statement, which the store's callers may do between two steps. Every result is a page
// or a few rows, so holding it whole costs little.
class PostgresStatement final : public StoreStatement
{
    Q_DISABLE_COPY_MOVE(PostgresStatement)
public:
    PostgresStatement(const QSqlDatabase &db, const QByteArray &sql);

    bool isValid() const override { return m_prepared; }

    using StoreStatement::bind;
    void bind(int index, qint64 value) override;
    void bind(int index, double value) override;
    void bind(int index, QByteArrayView utf8) override;
    void bind(int index, const QString &text) override;
    void bindNull(int index) override;

    Step step() override;
    void reset() override;

    qint64 int64(int column) const override;
    double real(int column) const override;
    bool isNull(int column) const override;
    QByteArray bytes(int column) const override;
    QByteArrayView view(int column) const override;
    QString text(int column) const override;

    QString errorString() const override;
    bool failedOnUniqueKey() const override;

private:
    QSqlQuery m_query;
    bool m_prepared = false;
    bool m_executed = false;
    // view()'s bytes for the current row, one per column asked for.
    mutable std::vector<QByteArray> m_views;
};

} // namespace eslab
