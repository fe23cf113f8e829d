#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/http_client.hpp"
#include "support/temp_dir.hpp"
#include "unit/http/server_fixture.hpp"

namespace irtc::http {
namespace {
namespace fs = std::filesystem;

void writeFile(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

std::string headerOf(const Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::path(dir.path()) / "web";
    writeFile(root / "index.html", "<h1>home</h1>");
    writeFile(root / "room" / "index.html", "<h1>room</h1>");
    writeFile(root / "sdk" / "webrtc-manager.js", "export {}");
    writeFile(root / ".env", "SECRET=1");
    writeFile(fs::path(dir.path()) / "secret.txt", "top secret");
    fs::create_symlink(fs::path(dir.path()) / "secret.txt", root / "leak.txt");
    fs::create_directory_symlink(dir.path(), root / "up");
    fs::create_symlink(root / "index.html", root / "alias.html");
  }

  Response get(const std::string& path, const std::string& method = "GET") {
    Request request;
    request.method = method;
    request.path = path;
    request.target = path;
    return StaticFiles(root.string()).serve(request);
  }

  test::TempDir dir;
  fs::path root;
};

TEST_F(StaticFilesTest, ServesFilesWithTypeAndCachingHeaders) {
  Response response = get("/sdk/webrtc-manager.js");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "export {}");
  EXPECT_EQ(response.contentType, "text/javascript; charset=utf-8");
  EXPECT_EQ(headerOf(response, "Cache-Control"), "no-cache");
  EXPECT_EQ(headerOf(response, "X-Content-Type-Options"), "nosniff");
}

TEST_F(StaticFilesTest, DirectoriesServeTheirIndex) {
  EXPECT_EQ(get("/").body, "<h1>home</h1>");
  EXPECT_EQ(get("/").contentType, "text/html; charset=utf-8");
  EXPECT_EQ(get("/room").body, "<h1>room</h1>");
  EXPECT_EQ(get("/room/").body, "<h1>room</h1>");
  EXPECT_EQ(get("/sdk/").status, 404);  // no index.html there
}

TEST_F(StaticFilesTest, MissingFilesAnswerNotFoundJson) {
  Response response = get("/nope.html");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], "NOT_FOUND");
}

TEST_F(StaticFilesTest, NeverLeavesTheRoot) {
  EXPECT_EQ(get("/../secret.txt").status, 404);
  EXPECT_EQ(get("/room/../../secret.txt").status, 404);
  EXPECT_EQ(get("/./index.html").status, 404);
  EXPECT_EQ(get("/leak.txt").status, 404);       // symlink to a file outside
  EXPECT_EQ(get("/up/secret.txt").status, 404);  // symlinked directory outside
  EXPECT_EQ(get(std::string("/index.html\0.png", 16)).status, 404);
  EXPECT_EQ(get("/..\\secret.txt").status, 404);
  EXPECT_EQ(get("/.env").status, 404);
  // A symlink that stays inside is fine.
  EXPECT_EQ(get("/alias.html").body, "<h1>home</h1>");
}

TEST_F(StaticFilesTest, OnlyGetAndHead) {
  EXPECT_EQ(get("/index.html", "HEAD").status, 200);
  Response response = get("/index.html", "POST");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(headerOf(response, "Allow"), "GET, HEAD");
  EXPECT_EQ(get("/missing", "POST").status, 404);
}

TEST_F(StaticFilesTest, PagePrefixServesOnePageForAnyTokenSegment) {
  StaticFiles files(root.string());
  files.addPagePrefix("/interview/", "/room/index.html");
  auto serve = [&](const std::string& path, const std::string& method = "GET") {
    Request request;
    request.method = method;
    request.path = path;
    request.target = path;
    return files.serve(request);
  };
  EXPECT_EQ(serve("/interview/inv_Abc-123_x").body, "<h1>room</h1>");
  EXPECT_EQ(serve("/interview/inv_Abc-123_x").contentType, "text/html; charset=utf-8");
  EXPECT_EQ(serve("/interview/..").body, "<h1>room</h1>");  // a token, never a path: no file is looked up
  EXPECT_EQ(serve("/interview/inv_x", "HEAD").status, 200);
  EXPECT_EQ(serve("/interview/inv_x", "POST").status, 405);
  EXPECT_EQ(serve("/interview/").status, 404);            // no token
  EXPECT_EQ(serve("/interview/inv_x/more").status, 404);  // one segment only
  EXPECT_EQ(serve("/interviews/inv_x").status, 404);
  EXPECT_EQ(serve("/index.html").body, "<h1>home</h1>");  // other paths as before
}

TEST(ContentType, KnownExtensions) {
  EXPECT_EQ(contentTypeFor("a.html"), "text/html; charset=utf-8");
  EXPECT_EQ(contentTypeFor("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(contentTypeFor("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(contentTypeFor("a.json"), "application/json; charset=utf-8");
  EXPECT_EQ(contentTypeFor("a.js.map"), "application/json; charset=utf-8");
  EXPECT_EQ(contentTypeFor("a.svg"), "image/svg+xml; charset=utf-8");
  EXPECT_EQ(contentTypeFor("a.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(contentTypeFor("site.webmanifest"), "application/manifest+json; charset=utf-8");
  EXPECT_EQ(contentTypeFor("a.PNG"), "image/png");
  EXPECT_EQ(contentTypeFor("favicon.ico"), "image/x-icon");
  EXPECT_EQ(contentTypeFor("a.wav"), "audio/wav");
  EXPECT_EQ(contentTypeFor("a.woff2"), "font/woff2");
  EXPECT_EQ(contentTypeFor("a.bin"), "application/octet-stream");
}

// Through the server, so that percent-encoded dot segments are decoded first as they would be.
TEST_F(StaticFilesTest, EncodedTraversalThroughTheServer) {
  auto router = std::make_shared<Router>();
  StaticFiles files(root.string());
  router->setFallback([files](const Request& request) { return files.serve(request); });
  testing::TestServer server(router);

  for (const char* target : {"/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/room/%2e%2e/%2e%2e/secret.txt",
                             "/up/secret.txt", "/..%2fsecret.txt"}) {
    test::RawConnection connection("127.0.0.1", server.port());
    connection.send(std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    std::string received = connection.readUntilClose(std::chrono::seconds(10));
    EXPECT_NE(received.find("HTTP/1.1 404"), std::string::npos) << target << "\n" << received;
    EXPECT_EQ(received.find("top secret"), std::string::npos) << target;
  }

  test::HttpClient client("127.0.0.1", server.port());
  auto response = client.get("/room/");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "<h1>room</h1>");
  auto head = client.request("HEAD", "/index.html");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.header("content-length"), "13");
}

}  // namespace
}  // namespace irtc::http
