#include "http/client/tls_context.hpp"

#include <stdexcept>

namespace irtc::http::client {

namespace ssl = boost::asio::ssl;

ssl::context makeTlsContext(const std::string& caFile) {
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  ctx.set_verify_mode(ssl::verify_peer);
  ctx.set_default_verify_paths();
  if (!caFile.empty()) {
    boost::system::error_code ec;
    ctx.load_verify_file(caFile, ec);
    if (ec) throw std::runtime_error("cannot load CA file " + caFile + ": " + ec.message());
  }
  return ctx;
}

}  // namespace irtc::http::client
