// The outgoing HTTP client against an in-test server: the request it sends, the answer it exposes
// (status, headers, buffered or streamed body), its limits, TLS verification and base URLs.
#include "support/test_certificate.hpp"
#include "support/test_http_server.hpp"
// (the server header goes first: it must include <utility> before asio)
#include <gtest/gtest.h>
#include <unistd.h>

#include "http/client/http_client.hpp"
#include "http/client/multipart_form.hpp"

namespace irtc::http::client {
namespace {

using namespace irtc::test;
using namespace std::chrono_literals;

Client clientFor(const TestHttpServer& server, ClientOptions options = {}) {
  return Client(*parseBaseUrl(server.baseUrl()), std::move(options));
}

TEST(HttpClient, SendsTheRequestAndExposesStatusHeadersAndBody) {
  TestRequest seen;
  TestHttpServer server([&](const TestRequest& rq) {
    seen = rq;
    TestResponse r;
    r.status = 201;
    r.contentType = "application/sdp";
    r.headers = {{"Location", "/v1/realtime/calls/rtc_123"}};
    r.body = "v=0\r\n";
    return r;
  });
  Request rq;
  rq.path = "/realtime/calls";
  rq.headers = {{"Authorization", "Bearer k"}, {"Content-Type", "text/plain"}};
  rq.body = "offer";
  const Response response = clientFor(server).send(rq);
  ASSERT_TRUE(response.ok()) << response.error;
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, "/v1/realtime/calls");
  EXPECT_EQ(seen.header("host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(seen.header("authorization"), "Bearer k");
  EXPECT_EQ(seen.header("content-length"), "5");
  EXPECT_EQ(seen.body, "offer");
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.header("location"), "/v1/realtime/calls/rtc_123");
  EXPECT_EQ(response.header("CONTENT-TYPE"), "application/sdp");
  EXPECT_EQ(response.header("X-Absent"), "");
  EXPECT_EQ(response.body, "v=0\r\n");
}

TEST(HttpClient, StreamsA2xxBodyButBuffersAnError) {
  int status = 200;
  TestHttpServer server([&](const TestRequest&) {
    TestResponse r;
    r.status = status;
    r.contentType = "audio/pcm";
    r.headers = {{"X-Request-Id", "req_1"}};
    r.chunks = {"ab", "cd", "ef"};
    return r;
  });
  const Client client = clientFor(server);
  std::vector<std::string> pieces;
  const auto collect = [&](std::string_view piece) {
    pieces.emplace_back(piece);
    return true;
  };
  Response response = client.send({}, collect);
  ASSERT_TRUE(response.ok()) << response.error;
  EXPECT_EQ(response.header("x-request-id"), "req_1");  // headers of a streamed answer too
  EXPECT_EQ(response.body, "");
  std::string streamed;
  for (const auto& piece : pieces) streamed += piece;
  EXPECT_EQ(streamed, "abcdef");

  status = 500;
  pieces.clear();
  response = client.send({}, collect);
  EXPECT_FALSE(response.ok());
  EXPECT_EQ(response.error, "");
  EXPECT_EQ(response.body, "abcdef");
  EXPECT_TRUE(pieces.empty());
}

TEST(HttpClient, BoundsTheBufferedBodyAndTheTime) {
  TestHttpServer big([](const TestRequest&) {
    TestResponse r;
    r.body = std::string(2000, 'x');
    return r;
  });
  ClientOptions options;
  options.maxBodyBytes = 1000;
  Response response = clientFor(big, options).send({});
  EXPECT_FALSE(response.ok());
  EXPECT_NE(response.error.find("answer larger than 1000 bytes"), std::string::npos) << response.error;

  TestHttpServer slow([](const TestRequest&) {
    TestResponse r;
    r.delayBeforeHeaders = 5s;
    return r;
  });
  const auto start = std::chrono::steady_clock::now();
  options.totalTimeout = 200ms;
  response = clientFor(slow, options).send({});
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);
  EXPECT_TRUE(response.timedOut);
  EXPECT_EQ(response.error, "no complete answer within 200 ms");

  std::atomic<bool> cancel{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(100ms);
    cancel = true;
  });
  response = clientFor(slow).send({}, {}, [&] { return cancel.load(); });
  canceller.join();
  EXPECT_TRUE(response.cancelled);
  EXPECT_EQ(response.error, "cancelled");
}

TEST(HttpClient, ErrorSummaryNamesTheStatusAndTheServiceMessage) {
  Response r;
  r.status = 401;
  r.body = R"({"error":{"message":"Incorrect API key provided"}})";
  EXPECT_EQ(errorSummary(r), "HTTP 401: Incorrect API key provided");
  r.body = R"({"error":"plain"})";
  EXPECT_EQ(errorSummary(r), "HTTP 401: plain");
  r.status = 503;
  r.body = "<html>\nupstream down</html>";
  EXPECT_EQ(errorSummary(r), "HTTP 503: <html> upstream down</html>");
  r.body.clear();
  EXPECT_EQ(errorSummary(r), "HTTP 503: no details");
  r.error = "cannot connect to h:80 failed: refused";
  EXPECT_EQ(errorSummary(r), r.error);
}

TEST(HttpClient, MultipartFormParts) {
  MultipartForm form;
  const std::string contentType = form.contentType();
  const std::string prefix = "multipart/form-data; boundary=";
  ASSERT_TRUE(contentType.starts_with(prefix));
  const std::string boundary = contentType.substr(prefix.size());
  EXPECT_GE(boundary.size(), 24u);
  EXPECT_NE(MultipartForm().contentType(), contentType) << "each form has its own boundary";
  form.addField("model", "whisper-1");
  form.addFile("file", "audio.wav", "audio/wav", std::string("RIFF\0\r\n", 7));
  EXPECT_EQ(std::move(form).finish(), "--" + boundary +
                                          "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n"
                                          "whisper-1\r\n--" +
                                          boundary +
                                          "\r\nContent-Disposition: form-data; name=\"file\"; "
                                          "filename=\"audio.wav\"\r\nContent-Type: audio/wav\r\n\r\n" +
                                          std::string("RIFF\0\r\n", 7) + "\r\n--" + boundary + "--\r\n");
}

TEST(HttpClient, HttpsVerifiesTheServerCertificate) {
  const auto [certPem, keyPem] = test::makeTestCertificate();
  boost::asio::ssl::context serverTls(boost::asio::ssl::context::tls_server);
  serverTls.use_certificate_chain(boost::asio::buffer(certPem));
  serverTls.use_private_key(boost::asio::buffer(keyPem), boost::asio::ssl::context::pem);
  TestHttpServer server(
      [](const TestRequest&) {
        TestResponse r;
        r.body = "secure";
        return r;
      },
      &serverTls);
  const Endpoint endpoint = *parseBaseUrl(server.baseUrl("https"));

  Response response = Client(endpoint, {}).send({});
  EXPECT_NE(response.error.find("certificate verify failed"), std::string::npos) << response.error;

  char path[] = "/tmp/irtc-client-ca-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, certPem.data(), certPem.size()), static_cast<ssize_t>(certPem.size()));
  close(fd);
  ClientOptions trusting;
  trusting.caFile = path;
  response = Client(endpoint, trusting).send({});
  EXPECT_TRUE(response.ok()) << response.error;
  EXPECT_EQ(response.body, "secure");

  // The certificate names 127.0.0.1, not 127.0.0.2: the host name check must refuse it.
  Endpoint wrongName = endpoint;
  wrongName.host = "127.0.0.2";
  response = Client(wrongName, trusting).send({});
  EXPECT_FALSE(response.ok());
  unlink(path);
  EXPECT_THROW((void)Client(endpoint, trusting), std::runtime_error) << "a CA file that is gone";
}

TEST(HttpClient, BaseUrls) {
  auto ep = parseBaseUrl("https://api.openai.com/v1/");
  ASSERT_TRUE(ep);
  EXPECT_TRUE(ep->tls);
  EXPECT_EQ(ep->host, "api.openai.com");
  EXPECT_EQ(ep->port, "443");
  EXPECT_EQ(ep->basePath, "/v1");
  EXPECT_EQ(hostHeader(*ep), "api.openai.com");
  ep = parseBaseUrl("http://[::1]:8000");
  ASSERT_TRUE(ep);
  EXPECT_FALSE(ep->tls);
  EXPECT_EQ(ep->host, "::1");
  EXPECT_EQ(ep->port, "8000");
  EXPECT_EQ(ep->basePath, "");
  EXPECT_EQ(hostHeader(*ep), "[::1]:8000");
  for (const char* bad : {"", "api.openai.com/v1", "ftp://x/v1", "http://", "http://:80/v1", "http://h:0/",
                          "http://h:99999/", "http://h:x/", "http://h:8o/", "http://user:pw@host/v1",
                          "https://h/v1?x=1", "http://h/v1#top", "http://[::1/v1", "http://[::1]x/"}) {
    EXPECT_FALSE(parseBaseUrl(bad)) << bad;
  }
}

}  // namespace
}  // namespace irtc::http::client
