// The HTTP client under the speech services: TLS verification against an in-test HTTPS server,
// base URLs, and the factory that picks the services by name.
#include "test_http_server.hpp"
// (the server header goes first: it must include <utility> before asio)
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include "engine/speech/http_client.hpp"
#include "engine/speech/http_speech.hpp"
#include "engine/speech/http_transcriber.hpp"
#include "engine/speech/speech_factory.hpp"
#include "speech_fixtures.hpp"

namespace irtc::engine {
namespace {

using namespace irtc::engine::test;

TestResponse json(std::string body) {
  TestResponse r;
  r.body = std::move(body);
  return r;
}

// A self-signed certificate for 127.0.0.1 / localhost: cert.pem, key.pem.
std::pair<std::string, std::string> selfSignedCertificate() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"),
                             -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost"},
                            std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(cert, key, EVP_sha256());
  auto pem = [](auto write) {
    BIO* bio = BIO_new(BIO_s_mem());
    write(bio);
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(n));
    BIO_free(bio);
    return out;
  };
  std::string certPem = pem([&](BIO* b) { PEM_write_bio_X509(b, cert); });
  std::string keyPem =
      pem([&](BIO* b) { PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr); });
  X509_free(cert);
  EVP_PKEY_free(key);
  return {certPem, keyPem};
}

TEST(HttpClient, HttpsVerifiesTheServerCertificate) {
  const auto [certPem, keyPem] = selfSignedCertificate();
  boost::asio::ssl::context serverTls(boost::asio::ssl::context::tls_server);
  serverTls.use_certificate_chain(boost::asio::buffer(certPem));
  serverTls.use_private_key(boost::asio::buffer(keyPem), boost::asio::ssl::context::pem);
  TestHttpServer server([](const TestRequest&) { return json(R"({"text":"secure"})"); }, &serverTls);

  HttpTranscriberOptions options;
  options.baseUrl = server.baseUrl("https");
  HttpTranscriber untrusted(options);
  Transcription t = untrusted.transcribe(silence(100));
  EXPECT_NE(t.error.find("certificate verify failed"), std::string::npos) << t.error;

  char path[] = "/tmp/irtc-speech-ca-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, certPem.data(), certPem.size()), static_cast<ssize_t>(certPem.size()));
  close(fd);
  options.caFile = path;
  HttpTranscriber trusted(options);
  t = trusted.transcribe(silence(100));
  EXPECT_TRUE(t.ok()) << t.error;
  EXPECT_EQ(t.text, "secure");

  // The certificate names 127.0.0.1, not 127.0.0.2: the host name check must refuse it.
  options.baseUrl = "https://127.0.0.2:" + std::to_string(server.port()) + "/v1";
  HttpTranscriber wrongName(options);
  t = wrongName.transcribe(silence(100));
  EXPECT_FALSE(t.ok());
  unlink(path);
}

TEST(HttpClient, BaseUrls) {
  auto ep = speech_http::parseBaseUrl("https://api.openai.com/v1/");
  ASSERT_TRUE(ep);
  EXPECT_TRUE(ep->tls);
  EXPECT_EQ(ep->host, "api.openai.com");
  EXPECT_EQ(ep->port, "443");
  EXPECT_EQ(ep->basePath, "/v1");
  ep = speech_http::parseBaseUrl("http://[::1]:8000");
  ASSERT_TRUE(ep);
  EXPECT_EQ(ep->host, "::1");
  EXPECT_EQ(ep->port, "8000");
  EXPECT_EQ(ep->basePath, "");
  for (const char* bad : {"ftp://x/v1", "http://", "http://user:pw@host/v1", "http://h:99999/", "http://h:x/",
                          "https://h/v1?x=1", "api.openai.com/v1"}) {
    EXPECT_FALSE(speech_http::parseBaseUrl(bad)) << bad;
  }
}

TEST(SpeechFactory, ChoosesByNameAndNamesTheBadSetting) {
  SpeechConfig config;
  config.stt = "http";
  config.sttBaseUrl = "http://127.0.0.1:9/v1";
  EXPECT_NE(dynamic_cast<HttpTranscriber*>(makeRecognizer(config).get()), nullptr);
  config.tts = "http";  // falls back to the stt URL and key
  EXPECT_NE(dynamic_cast<HttpSpeech*>(makeSynthesizer(config).get()), nullptr);

  config.stt = "whisper.cpp";
  try {
    makeRecognizer(config);
    FAIL() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("whisper.cpp"), std::string::npos);
  }
  config.stt = "http";
  config.sttBaseUrl = "";
  EXPECT_THROW(makeRecognizer(config), std::invalid_argument);
  config.sttBaseUrl = "not a url";
  EXPECT_THROW(makeRecognizer(config), std::invalid_argument);
  config.tts = "festival";
  EXPECT_THROW(makeSynthesizer(config), std::invalid_argument);
}

}  // namespace
}  // namespace irtc::engine
