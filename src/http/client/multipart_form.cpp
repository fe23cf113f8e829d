#include "http/client/multipart_form.hpp"

#include <random>

namespace irtc::http::client {

namespace {

// The boundary only has to be absent from the content, not secret: 24 random base-36 characters
// make a collision with audio or text practically impossible.
std::string randomBoundary() {
  static constexpr char kChars[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string b = "----irtc-";
  for (int i = 0; i < 24; ++i) b.push_back(kChars[rng() % (sizeof(kChars) - 1)]);
  return b;
}

}  // namespace

MultipartForm::MultipartForm() : boundary_(randomBoundary()) {}

void MultipartForm::openPart(std::string_view name) {
  body_ += "--";
  body_ += boundary_;
  body_ += "\r\nContent-Disposition: form-data; name=\"";
  body_ += name;
  body_ += '"';
}

void MultipartForm::addField(std::string_view name, std::string_view value, std::string_view contentType) {
  openPart(name);
  if (!contentType.empty()) {
    body_ += "\r\nContent-Type: ";
    body_ += contentType;
  }
  body_ += "\r\n\r\n";
  body_ += value;
  body_ += "\r\n";
}

void MultipartForm::addFile(std::string_view name, std::string_view filename, std::string_view contentType,
                            std::string_view data) {
  openPart(name);
  body_ += "; filename=\"";
  body_ += filename;
  body_ += "\"\r\nContent-Type: ";
  body_ += contentType;
  body_ += "\r\n\r\n";
  body_ += data;
  body_ += "\r\n";
}

std::string MultipartForm::contentType() const {
  return "multipart/form-data; boundary=" + boundary_;
}

std::string MultipartForm::finish() && {
  body_ += "--";
  body_ += boundary_;
  body_ += "--\r\n";
  return std::move(body_);
}

}  // namespace irtc::http::client
