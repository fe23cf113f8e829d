// Keyset pagination shared by the store backends. Lists are ordered newest first by
// (createdAt, id); a cursor names the last item of a page, so a page boundary stays put when
// newer items are inserted, unlike an offset.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/limits.hpp"
#include "store/model.hpp"

namespace irtc::store {

// Upper bound on rows returned by the unpaginated lists (events, transcript batches).
inline constexpr int kMaxListRows = 1000;

struct CursorKey {
  std::int64_t createdAt = 0;
  std::string id;
};

// Opaque to clients: base64url of "<createdAt>.<id>".
std::string encodeCursor(const CursorKey& key);
// Throws InvalidCursor unless `cursor` is one encodeCursor could have produced.
CursorKey decodeCursor(const std::string& cursor);

struct PageWindow {
  int limit = limits::kDefaultPageSize;  // clamped to [1, kMaxPageSize]
  std::optional<CursorKey> after;
};

// Throws InvalidCursor for a malformed `after`.
PageWindow pageWindow(const PageRequest& request);

// `rows` holds up to window.limit + 1 rows: the extra one only tells that another page exists.
template <typename T>
Page<T> makePage(std::vector<T> rows, const PageWindow& window) {
  Page<T> page;
  if (rows.size() > static_cast<std::size_t>(window.limit)) {
    rows.resize(static_cast<std::size_t>(window.limit));
    page.nextCursor = encodeCursor({rows.back().createdAt, rows.back().id});
  }
  page.items = std::move(rows);
  return page;
}

inline int clampListLimit(int limit) {
  return std::clamp(limit, 1, kMaxListRows);
}

}  // namespace irtc::store
