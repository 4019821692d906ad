#pragma once

#include "model/storestatement.h"

#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace eslab {

// A StoreStatement on an SQLite connection that Qt SQL's QSQLITE driver opened
// (QSqlDriver::handle()), through the SQLite C API: QSqlQuery converts every value to a QVariant
// and every text to UTF-16, which costs more than SQLite's own work on a row.
class SqliteStatement final : public StoreStatement
{
    Q_DISABLE_COPY_MOVE(SqliteStatement)
public:
    SqliteStatement(sqlite3 *db, const QByteArray &sql);
    ~SqliteStatement() override;

    bool isValid() const override { return m_statement != nullptr; }

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
    // The extended result code of the last step (SQLITE_CONSTRAINT_UNIQUE, SQLITE_FULL, ...).
    int resultCode() const { return m_resultCode; }

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_statement = nullptr;
    int m_resultCode = 0;
    // The UTF-8 of each parameter's last text bound from a QString, which SQLite reads in place
    // until the parameter is bound again.
    std::vector<QByteArray> m_texts;
};

} // namespace eslab
