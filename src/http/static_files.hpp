// Serves the files under a web root (the pages and the SDK) as the router's fallback.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "http/message.hpp"

namespace irtc::http {

class StaticFiles {
 public:
  explicit StaticFiles(const std::string& root);

  // GET and HEAD of a file under the root; a directory serves its index.html. Anything that would
  // leave the root (dot segments, symlinks pointing outside) and dot-files answer 404, as do missing
  // files; other methods on an existing file answer 405.
  Response serve(const Request& request) const;

  // Serves `page` (a path under the root, e.g. "/room/index.html") for every request path
  // that is `prefix` followed by one non-empty segment (e.g. "/interview/" + an invitation token),
  // so a link can carry a token the page reads from its own URL. The segment never touches the
  // file system.
  void addPagePrefix(std::string prefix, std::string page);

 private:
  const std::string& pathFor(const std::string& requestPath) const;

  std::filesystem::path root_;  // canonical when it existed at construction
  std::vector<std::pair<std::string, std::string>> pagePrefixes_;  // prefix, page
};

// The Content-Type for a file name, by extension ("application/octet-stream" when unknown).
std::string contentTypeFor(const std::filesystem::path& file);

}  // namespace irtc::http
