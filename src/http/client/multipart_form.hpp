// A multipart/form-data request body (RFC 7578), as OpenAI-style upload endpoints take it: form
// fields and files, each part named, under a random boundary. Names, file names and content types
// are the caller's constants and go in unescaped.
#pragma once

#include <string>
#include <string_view>

namespace irtc::http::client {

class MultipartForm {
 public:
  MultipartForm();

  // contentType empty: the part has no Content-Type of its own (text/plain for the receiver).
  void addField(std::string_view name, std::string_view value, std::string_view contentType = {});
  void addFile(std::string_view name, std::string_view filename, std::string_view contentType,
               std::string_view data);

  // The request's Content-Type, naming the boundary.
  std::string contentType() const;
  // The body with its closing delimiter; the form is spent afterwards.
  std::string finish() &&;

 private:
  void openPart(std::string_view name);

  std::string boundary_;
  std::string body_;
};

}  // namespace irtc::http::client
