#include "engine/interviewer/chat_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/log.hpp"

namespace irtc::engine::interviewer {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

constexpr std::size_t kMaxResponseBytes = 256 * 1024;

struct Outcome {
  bool done = false;
  int status = 0;
  std::string body;
  std::string error;  // what failed, for the log
};

// One request/response over an already constructed stream, as a chain of async steps so that a
// single deadline (tcp_stream expiry plus io_context::run_for) bounds all of them.
template <class Stream>
class Exchange {
 public:
  Exchange(asio::io_context& ioc, Stream& stream, const BaseUrl& url,
           http::request<http::string_body>& request, Outcome& out)
      : resolver_(ioc), stream_(stream), url_(url), request_(request), out_(out) {
    parser_.body_limit(kMaxResponseBytes);
  }

  void run() {
    // A numeric host resolves without DNS, so the resolver's helper thread never blocks on it.
    boost::system::error_code ec;
    asio::ip::make_address(url_.host, ec);
    auto flags = ec ? tcp::resolver::flags() : tcp::resolver::numeric_host;
    resolver_.async_resolve(url_.host, url_.port, flags, [this](auto ec, auto results) {
      if (ec) return fail("resolve", ec);
      beast::get_lowest_layer(stream_).async_connect(results, [this](auto ec, auto) {
        if (ec) return fail("connect", ec);
        if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
          stream_.async_handshake(ssl::stream_base::client, [this](auto ec) {
            if (ec) return fail("tls handshake", ec);
            write();
          });
        } else {
          write();
        }
      });
    });
  }

 private:
  void write() {
    http::async_write(stream_, request_, [this](auto ec, auto) {
      if (ec) return fail("write", ec);
      http::async_read(stream_, buffer_, parser_, [this](auto ec, auto) {
        if (ec) return fail("read", ec);
        out_.status = parser_.get().result_int();
        out_.body = std::move(parser_.get().body());
        out_.done = true;
      });
    });
  }

  void fail(const char* step, const boost::system::error_code& ec) {
    out_.error = std::string(step) + ": " + ec.message();
    out_.done = true;
  }

  tcp::resolver resolver_;
  Stream& stream_;
  const BaseUrl& url_;
  http::request<http::string_body>& request_;
  Outcome& out_;
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
};

std::string cleanText(std::string text) {
  // Spoken output: one paragraph, no control characters, no wrapping quotes.
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  auto first = text.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  text = text.substr(first, text.find_last_not_of(' ') - first + 1);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
  std::string collapsed;
  for (char c : text) {
    if (c == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
    collapsed += c;
  }
  return collapsed;
}

}  // namespace

std::optional<BaseUrl> parseBaseUrl(const std::string& url) {
  BaseUrl out;
  std::string rest;
  if (url.rfind("https://", 0) == 0) {
    out.tls = true;
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else {
    return std::nullopt;
  }
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  out.pathPrefix = slash == std::string::npos ? "" : rest.substr(slash);
  while (!out.pathPrefix.empty() && out.pathPrefix.back() == '/') out.pathPrefix.pop_back();
  if (authority.empty() || authority.find('@') != std::string::npos) return std::nullopt;  // no userinfo
  if (out.pathPrefix.find_first_of("?# ") != std::string::npos) return std::nullopt;
  std::string port;
  if (authority.front() == '[') {  // IPv6 literal
    auto close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    out.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return std::nullopt;
      port = authority.substr(close + 2);
    }
  } else {
    auto colon = authority.find(':');
    out.host = authority.substr(0, colon);
    if (colon != std::string::npos) port = authority.substr(colon + 1);
  }
  if (out.host.empty()) return std::nullopt;
  if (port.empty()) port = out.tls ? "443" : "80";
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) == 0 ||
      std::stoi(port) > 65535) {
    return std::nullopt;
  }
  out.port = port;
  return out;
}

ChatCompletionsClient::ChatCompletionsClient(ChatConfig config) : config_(std::move(config)) {
  auto url = parseBaseUrl(config_.baseUrl);
  if (!url) throw std::invalid_argument("the LLM base URL must be an http:// or https:// URL");
  url_ = *url;
}

std::optional<std::string> ChatCompletionsClient::complete(const std::vector<ChatMessage>& messages) const {
  nlohmann::json body = {{"model", config_.model},
                         {"max_tokens", config_.maxTokens},
                         {"temperature", 0.3},
                         {"messages", nlohmann::json::array()}};
  for (const auto& m : messages) body["messages"].push_back({{"role", m.role}, {"content", m.content}});

  http::request<http::string_body> request{http::verb::post, url_.pathPrefix + "/chat/completions", 11};
  bool ipv6 = url_.host.find(':') != std::string::npos;
  bool defaultPort = url_.port == (url_.tls ? "443" : "80");
  request.set(http::field::host,
              (ipv6 ? "[" + url_.host + "]" : url_.host) + (defaultPort ? "" : ":" + url_.port));
  request.set(http::field::content_type, "application/json");
  request.set(http::field::accept, "application/json");
  request.set(http::field::user_agent, "interviewd");
  if (!config_.apiKey.empty()) request.set(http::field::authorization, "Bearer " + config_.apiKey);
  request.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  request.prepare_payload();

  Outcome out;
  try {
    asio::io_context ioc;
    if (url_.tls) {
      ssl::context tls(ssl::context::tls_client);
      tls.set_default_verify_paths();
      if (!config_.caFile.empty()) tls.load_verify_file(config_.caFile);
      tls.set_verify_mode(ssl::verify_peer);
      beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
      // SNI (only for names: RFC 6066 forbids IP literals there), and the certificate must name the
      // host we asked for, DNS name or IP address alike.
      boost::system::error_code notIp;
      asio::ip::make_address(url_.host, notIp);
      if (notIp && !SSL_set_tlsext_host_name(stream.native_handle(), url_.host.c_str())) {
        throw std::runtime_error("cannot set TLS server name");
      }
      stream.set_verify_callback(ssl::host_name_verification(url_.host));
      beast::get_lowest_layer(stream).expires_after(config_.timeout);
      Exchange<beast::ssl_stream<beast::tcp_stream>> exchange(ioc, stream, url_, request, out);
      exchange.run();
      ioc.run_for(config_.timeout);
    } else {
      beast::tcp_stream stream(ioc);
      beast::get_lowest_layer(stream).expires_after(config_.timeout);
      Exchange<beast::tcp_stream> exchange(ioc, stream, url_, request, out);
      exchange.run();
      ioc.run_for(config_.timeout);
    }
  } catch (const std::exception& e) {
    out.done = true;
    out.error = e.what();
  }

  if (!out.done) out.error = "timed out after " + std::to_string(config_.timeout.count()) + " ms";
  if (out.error.empty() && (out.status < 200 || out.status > 299))
    out.error = "HTTP " + std::to_string(out.status);
  std::optional<std::string> content;
  if (out.error.empty()) {
    auto json = nlohmann::json::parse(out.body, nullptr, false);
    const nlohmann::json* text = nullptr;
    if (json.is_object() && json.contains("choices") && json["choices"].is_array() &&
        !json["choices"].empty()) {
      const auto& choice = json["choices"][0];
      if (choice.is_object() && choice.contains("message") && choice["message"].is_object()) {
        auto it = choice["message"].find("content");
        if (it != choice["message"].end() && it->is_string()) text = &*it;
      }
    }
    if (text) content = cleanText(text->get<std::string>());
    if (!content || content->empty()) {
      content.reset();
      out.error = "the response holds no message content";
    }
  }
  if (!content) log::warn("llm request failed; using the scripted interviewer", {{"reason", out.error}});
  return content;
}

}  // namespace irtc::engine::interviewer
