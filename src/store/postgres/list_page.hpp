// The keyset-paginated list query shared by positions, candidates and sessions (as the SQLite
// store's, in PostgreSQL's placeholders).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/paging.hpp"
#include "store/postgres/connection.hpp"

namespace irtc::store::postgres {

struct EqualsFilter {
  std::string_view column;
  std::string value;
};

// One page of `table` for the tenant, newest first, starting the index scan at the cursor.
template <typename T, typename ReadRow>
Page<T> listPage(Connection& c, std::string_view table, std::string_view columns, const std::string& tenant,
                 const std::optional<EqualsFilter>& filter, const PageWindow& window, ReadRow readRow) {
  std::string sql = "SELECT ";
  sql.append(columns).append(" FROM ").append(table).append(" WHERE tenant_id = $1");
  Params params;
  params.add(tenant);
  int index = 1;
  if (filter) {
    sql.append(" AND ").append(filter->column).append(" = $").append(std::to_string(++index));
    params.add(filter->value);
  }
  if (window.after) {
    sql.append(" AND (created_at, id) < ($").append(std::to_string(++index));
    sql.append(", $").append(std::to_string(++index)).append(")");
    params.add(window.after->createdAt).add(window.after->id);
  }
  sql.append(" ORDER BY created_at DESC, id DESC LIMIT $").append(std::to_string(++index));
  params.add(window.limit + 1);
  Result r = c.query(sql, params);
  std::vector<T> rows;
  rows.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) rows.push_back(readRow(r.row(i)));
  return makePage(std::move(rows), window);
}

}  // namespace irtc::store::postgres
