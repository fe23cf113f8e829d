#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

#include "http/url.hpp"

namespace irtc::http {
namespace {

bool isParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// "/" → [""], "/a/b" → ["a", "b"], "/a/" → ["a", ""]: an empty segment only matches an empty one.
std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> segments;
  path.remove_prefix(1);
  while (true) {
    std::size_t slash = path.find('/');
    segments.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

// Segments are decoded one by one so that an encoded '/' ("%2F") stays inside its segment instead
// of shifting the request onto another route.
std::optional<std::vector<std::string>> splitDecoded(const std::string& path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  std::vector<std::string> segments = split(path);
  for (auto& segment : segments) {
    auto decoded = percentDecode(segment);
    if (!decoded) return std::nullopt;
    segment = std::move(*decoded);
  }
  return segments;
}

// Rank of a matching pattern: one flag per segment, literal above parameter, earlier segments first.
using Rank = std::vector<bool>;

std::optional<Rank> matchSegments(const std::vector<std::string>& pattern,
                                  const std::vector<std::string>& path,
                                  std::map<std::string, std::string>* params) {
  if (pattern.size() != path.size()) return std::nullopt;
  Rank rank(pattern.size());
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (isParam(pattern[i])) {
      if (path[i].empty() || path[i].find('/') != std::string::npos) return std::nullopt;
      if (params) (*params)[pattern[i].substr(1, pattern[i].size() - 2)] = path[i];
    } else {
      if (pattern[i] != path[i]) return std::nullopt;
      rank[i] = true;
    }
  }
  return rank;
}

}  // namespace

void Router::addEntry(Entry entry) {
  const Route& route = entry.route;
  if (route.pattern.empty() || route.pattern.front() != '/')
    throw std::invalid_argument("route pattern must start with '/'");
  for (const auto& other : entries_) {
    // A WebSocket route shares its path with at most one plain GET (or event stream) route.
    if (other.route.method == route.method && other.route.pattern == route.pattern &&
        other.route.websocket == route.websocket) {
      throw std::logic_error("route registered twice: " + route.method + " " + route.pattern);
    }
  }
  entry.segments = split(route.pattern);
  entries_.push_back(std::move(entry));
}

void Router::add(std::string method, std::string pattern, Handler handler) {
  addEntry(Entry{Route{std::move(method), std::move(pattern)}, {}, std::move(handler), nullptr, nullptr});
}

void Router::addWebSocket(std::string pattern, WebSocketUpgrade upgrade) {
  addEntry(Entry{Route{"GET", std::move(pattern), true}, {}, nullptr, std::move(upgrade), nullptr});
}

void Router::addEventStream(std::string pattern, EventStreamStart start) {
  addEntry(Entry{Route{"GET", std::move(pattern), false, true}, {}, nullptr, nullptr, std::move(start)});
}

void Router::setFallback(Handler handler) {
  fallback_ = std::move(handler);
}

// Choice among the routes whose pattern matches the path: a WebSocket route for an upgrade request,
// else an HTTP route of the request's method (HEAD is served by GET routes), the most literal pattern
// first and an exact method before HEAD-as-GET. A plain request to a WebSocket-only path gets that
// route with `upgrade` set (the server answers 426); a path no route of the method serves gets the
// allowed methods (405); a path no pattern matches goes to the fallback.
Router::Match Router::match(const std::string& method, const std::string& path, bool websocket) const {
  Match result;
  result.handler = fallback_ ? &fallback_ : nullptr;
  auto segments = splitDecoded(path);
  if (!segments) return result;

  const Entry* best = nullptr;
  std::tuple<bool, Rank, bool> bestRank;
  const Entry* bestAny = nullptr;  // most literal path match of any method, for 405 and 426
  Rank bestAnyRank;
  std::vector<std::string> allowed;
  for (const auto& entry : entries_) {
    auto rank = matchSegments(entry.segments, *segments, nullptr);
    if (!rank) continue;
    allowed.push_back(entry.route.method);
    if (entry.route.method == "GET" && !entry.route.eventStream) allowed.push_back("HEAD");
    if (!bestAny || *rank > bestAnyRank || (*rank == bestAnyRank && entry.route.websocket)) {
      bestAny = &entry;
      bestAnyRank = *rank;
    }
    bool headAsGet = method == "HEAD" && entry.route.method == "GET" && !entry.route.eventStream;
    bool applicable =
        entry.route.websocket ? websocket && method == "GET" : entry.route.method == method || headAsGet;
    if (!applicable) continue;
    std::tuple<bool, Rank, bool> candidate{entry.route.websocket, *rank, entry.route.method == method};
    if (!best || candidate > bestRank) {
      best = &entry;
      bestRank = std::move(candidate);
    }
  }

  if (!bestAny) return result;
  result.handler = nullptr;
  const Entry* chosen = best;
  if (!chosen && bestAny->route.websocket && (method == "GET" || method == "HEAD")) chosen = bestAny;
  if (!chosen) {
    std::sort(allowed.begin(), allowed.end());
    allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
    result.route = &bestAny->route;
    result.allowedMethods = std::move(allowed);
    return result;
  }
  result.route = &chosen->route;
  if (chosen->route.websocket) {
    result.upgrade = &chosen->upgrade;
  } else if (chosen->route.eventStream) {
    result.eventStream = &chosen->eventStream;
  } else {
    result.handler = &chosen->handler;
  }
  matchSegments(chosen->segments, *segments, &result.params);
  return result;
}

std::vector<Route> Router::routes() const {
  std::vector<Route> routes;
  routes.reserve(entries_.size());
  for (const auto& entry : entries_) routes.push_back(entry.route);
  return routes;
}

}  // namespace irtc::http
