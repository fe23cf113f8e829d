// The server's TLS configuration.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

namespace irtc::http::impl {

// TLS 1.2+ with forward-secret AEAD ciphers, from a PEM certificate chain and its private key.
// Throws std::runtime_error naming the file that could not be used.
std::shared_ptr<boost::asio::ssl::context> makeServerTlsContext(const std::string& certChainFile,
                                                                const std::string& keyFile);

}  // namespace irtc::http::impl
