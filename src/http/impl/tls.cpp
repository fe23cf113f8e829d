#include "http/impl/tls.hpp"

#include <openssl/ssl.h>

#include <stdexcept>

namespace irtc::http::impl {

namespace ssl = boost::asio::ssl;

std::shared_ptr<ssl::context> makeServerTlsContext(const std::string& certChainFile,
                                                   const std::string& keyFile) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use |
                       SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX* native = context->native_handle();
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(native, "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL") != 1) {
    throw std::runtime_error("TLS: cannot configure protocol versions and ciphers");
  }
  boost::system::error_code ec;
  context->use_certificate_chain_file(certChainFile, ec);
  if (ec)
    throw std::runtime_error("TLS: cannot load certificate chain " + certChainFile + ": " + ec.message());
  context->use_private_key_file(keyFile, ssl::context::pem, ec);
  if (ec) throw std::runtime_error("TLS: cannot load private key " + keyFile + ": " + ec.message());
  if (SSL_CTX_check_private_key(native) != 1) {
    throw std::runtime_error("TLS: private key " + keyFile + " does not match certificate " + certChainFile);
  }
  return context;
}

}  // namespace irtc::http::impl
