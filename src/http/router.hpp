// Maps method + path pattern to a handler. Patterns are literal segments and {name}
// parameters, e.g. "/api/v1/sessions/{id}/transcript".
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "http/event_stream.hpp"
#include "http/message.hpp"
#include "http/websocket.hpp"

namespace irtc::http {

using Handler = std::function<Response(const Request&)>;

struct Route {
  std::string method;   // "GET", "POST", … ("GET" for WebSocket and event stream routes)
  std::string pattern;  // also the route's label in metrics
  bool websocket = false;
  bool eventStream = false;
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);
  void addWebSocket(std::string pattern, WebSocketUpgrade upgrade);
  // A GET answered with Server-Sent Events (HEAD is not served: 405).
  void addEventStream(std::string pattern, EventStreamStart start);
  // Requests no route matches go here (static files); default answers 404.
  void setFallback(Handler handler);

  struct Match {
    const Route* route = nullptr;  // null: fallback
    const Handler* handler = nullptr;
    const WebSocketUpgrade* upgrade = nullptr;
    const EventStreamStart* eventStream = nullptr;
    std::map<std::string, std::string> params;
    std::vector<std::string> allowedMethods;  // non-empty with null handler: 405
  };
  // `websocket`: the request asks for an upgrade.
  Match match(const std::string& method, const std::string& path, bool websocket) const;

  std::vector<Route> routes() const;

 private:
  struct Entry {
    Route route;
    std::vector<std::string> segments;
    Handler handler;
    WebSocketUpgrade upgrade;
    EventStreamStart eventStream;
  };
  void addEntry(Entry entry);
  std::vector<Entry> entries_;
  Handler fallback_;
};

}  // namespace irtc::http
