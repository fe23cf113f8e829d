// Blocking use of asynchronous Beast operations with a deadline, for the test clients.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <cctype>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>

#include "support/http_client.hpp"

namespace irtc::test::io {

// Starts one asynchronous operation on `stream` (or a layer above it) and runs the context until it
// completes or `timeout` passes. On timeout the operation is cancelled and run to its end before
// returning, because its handler refers to the caller's buffers.
template <class Start>
std::optional<boost::system::error_code> runFor(boost::asio::io_context& ioc,
                                                boost::beast::tcp_stream& stream,
                                                std::chrono::milliseconds timeout, Start&& start) {
  std::optional<boost::system::error_code> result;
  start([&result](boost::system::error_code ec, auto&&...) { result = ec; });
  ioc.restart();
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!result && ioc.run_one_until(deadline) > 0) {
  }
  if (result) return result;
  stream.cancel();
  ioc.restart();
  while (!result && ioc.run_one() > 0) {
  }
  return std::nullopt;
}

inline boost::system::error_code mustFinish(std::optional<boost::system::error_code> result,
                                            const char* what) {
  if (!result) throw std::runtime_error(std::string(what) + ": timed out");
  return *result;
}

inline void check(boost::system::error_code ec, const char* what) {
  if (ec) throw std::runtime_error(std::string(what) + ": " + ec.message());
}

// Status, lower-case headers and body of a Beast message.
template <class Message>
HttpResponse toResponse(const Message& message) {
  HttpResponse response;
  response.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    response.headers[name] = std::string(field.value());
  }
  response.body = message.body();
  return response;
}

}  // namespace irtc::test::io
