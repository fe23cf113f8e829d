// Serves the files under a web root (the pages and the SDK) as the router's fallback.
#pragma once

#include <filesystem>
#include <string>

#include "http/message.hpp"

namespace irtc::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);

  // GET and HEAD of a file under the root; a directory serves its index.html. Anything that would
  // leave the root (dot segments, symlinks pointing outside) and dot-files answer 404, as do missing
  // files; other methods on an existing file answer 405.
  Response serve(const Request& request) const;

 private:
  std::filesystem::path root_;  // canonical when it existed at construction
};

// The Content-Type for a file name, by extension ("application/octet-stream" when unknown).
std::string contentTypeFor(const std::filesystem::path& file);

}  // namespace irtc::http
