// A blocking Server-Sent Events reader for tests (plain HTTP/1.1): opens a stream, then returns its
// events one by one. Every read has a timeout, so a test fails instead of hanging.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "support/http_client.hpp"

namespace irtc::test {

struct SseEvent {
  bool comment = false;  // a ": text" line (heartbeat); then `data` is the text
  std::string id;
  std::string event;
  std::string data;  // data lines joined with "\n"
};

class SseClient {
 public:
  // `receiveBuffer` > 0 shrinks the socket's receive buffer: a client that then stops reading makes
  // the server's writes stall soon.
  SseClient(std::string host, std::uint16_t port, int receiveBuffer = 0);
  ~SseClient();
  SseClient(const SseClient&) = delete;
  SseClient& operator=(const SseClient&) = delete;

  // Sends GET `target` and reads the response header; for anything but a 200 the whole response.
  // Throws on transport failures.
  HttpResponse open(const std::string& target, const std::map<std::string, std::string>& headers = {});
  // The next event or comment; nullopt when `timeout` passes or the stream has ended (ended()).
  std::optional<SseEvent> next(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // The next event that is not a comment.
  std::optional<SseEvent> nextEvent(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // The server ended the response or closed the connection.
  bool ended() const;
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace irtc::test
