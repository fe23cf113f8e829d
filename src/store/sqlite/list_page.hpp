// The keyset-paginated list query shared by positions, candidates and sessions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/paging.hpp"
#include "store/sqlite/statement.hpp"

namespace irtc::store::sqlite {

struct EqualsFilter {
  std::string_view column;
  std::string value;
};

// One page of `table` for the tenant, newest first. Each table has an index leading with
// (tenant_id[, filter column], created_at DESC, id DESC), so the row-value comparison starts
// the scan at the cursor instead of skipping the earlier pages.
template <typename T, typename ReadRow>
Page<T> listPage(Connection& c, std::string_view table, std::string_view columns, const std::string& tenantId,
                 const std::optional<EqualsFilter>& filter, const PageWindow& window, ReadRow readRow) {
  std::string sql = "SELECT " + std::string(columns) + " FROM " + std::string(table) + " WHERE tenant_id = ?";
  if (filter) sql += " AND " + std::string(filter->column) + " = ?";
  if (window.after) sql += " AND (created_at, id) < (?, ?)";
  sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
  Query q = c.query(sql);
  int index = 0;
  q.bind(++index, tenantId);
  if (filter) q.bind(++index, filter->value);
  if (window.after) {
    q.bind(++index, window.after->createdAt);
    q.bind(++index, window.after->id);
  }
  q.bind(++index, window.limit + 1);
  std::vector<T> rows;
  while (q.step()) rows.push_back(readRow(q));
  return makePage(std::move(rows), window);
}

}  // namespace irtc::store::sqlite
