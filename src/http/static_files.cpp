#include "http/static_files.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <system_error>

namespace irtc::http {
namespace fs = std::filesystem;
namespace {

Response notFound() {
  return Response::error(ErrorCode::NotFound, "no such file");
}

bool isUnder(const fs::path& path, const fs::path& root) {
  auto [rootEnd, pathIt] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return rootEnd == root.end();
}

// Resolves the request path to a regular file inside `root`, or nothing. Every segment is checked
// before touching the file system, and the canonical result is checked again because a symlink
// may point anywhere.
std::optional<fs::path> resolve(const fs::path& root, const std::string& requestPath) {
  if (requestPath.find('\0') != std::string::npos || requestPath.find('\\') != std::string::npos) {
    return std::nullopt;
  }
  fs::path relative;
  std::size_t start = 0;
  while (start <= requestPath.size()) {
    std::size_t slash = requestPath.find('/', start);
    std::string segment = requestPath.substr(start, slash - start);
    // Dot segments would climb out of the root; other dot-files (.git, .env) are never meant to be served.
    if (!segment.empty() && segment.front() == '.') return std::nullopt;
    if (!segment.empty()) relative /= segment;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }

  std::error_code ec;
  fs::path candidate = fs::canonical(root / relative, ec);
  if (ec || !isUnder(candidate, root)) return std::nullopt;
  if (fs::is_directory(candidate, ec)) {
    candidate = fs::canonical(candidate / "index.html", ec);
    if (ec || !isUnder(candidate, root)) return std::nullopt;
  }
  if (!fs::is_regular_file(candidate, ec)) return std::nullopt;
  return candidate;
}

}  // namespace

StaticFiles::StaticFiles(const std::string& root) {
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  root_ = ec ? fs::absolute(root).lexically_normal() : canonical;
}

void StaticFiles::addPagePrefix(std::string prefix, std::string page) {
  pagePrefixes_.emplace_back(std::move(prefix), std::move(page));
}

const std::string& StaticFiles::pathFor(const std::string& requestPath) const {
  for (const auto& [prefix, page] : pagePrefixes_) {
    if (requestPath.size() > prefix.size() && requestPath.compare(0, prefix.size(), prefix) == 0 &&
        requestPath.find('/', prefix.size()) == std::string::npos) {
      return page;
    }
  }
  return requestPath;
}

Response StaticFiles::serve(const Request& request) const {
  auto file = resolve(root_, pathFor(request.path));
  if (!file) return notFound();
  if (request.method != "GET" && request.method != "HEAD") {
    Response response = Response::error(ErrorCode::ValidationFailed,
                                        "method " + request.method + " is not allowed for static files");
    response.status = 405;
    response.headers.emplace_back("Allow", "GET, HEAD");
    return response;
  }

  std::ifstream in(*file, std::ios::binary);
  if (!in) return notFound();
  std::ostringstream content;
  content << in.rdbuf();
  Response response = Response::text(200, std::move(content).str(), contentTypeFor(*file));
  response.headers.emplace_back("Cache-Control", "no-cache");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return response;
}

std::string contentTypeFor(const fs::path& file) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json; charset=utf-8"},
      {".svg", "image/svg+xml; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".wav", "audio/wav"},
      {".woff2", "font/woff2"},
  };
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& [ext, type] : kTypes) {
    if (extension == ext) return type;
  }
  return "application/octet-stream";
}

}  // namespace irtc::http
