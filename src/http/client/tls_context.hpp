// TLS for every outgoing connection (HTTP requests and WebSockets alike): TLS 1.2 or newer, the
// server's certificate verified against the system store plus an optional CA file, and its name
// checked against the host that was asked for.
#pragma once

#include <utility>  // Boost 1.74's asio needs std::exchange declared first
// (keep <utility> first)
#include <openssl/ssl.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <string>

namespace irtc::http::client {

// Throws std::runtime_error when caFile (if not empty) cannot be loaded.
boost::asio::ssl::context makeTlsContext(const std::string& caFile);

// Before the handshake of `stream` (an asio or beast ssl_stream): SNI for a host name (never for an
// address literal) and the host-name check of the certificate.
template <class SslStream>
void prepareTlsHandshake(SslStream& stream, const std::string& host) {
  boost::system::error_code notAnAddress;
  (void)boost::asio::ip::make_address(host, notAnAddress);
  if (notAnAddress) SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
  stream.set_verify_callback(boost::asio::ssl::host_name_verification(host));
}

}  // namespace irtc::http::client
