#include "api/context.hpp"

#include "core/log.hpp"

namespace irtc::api {

void rethrowStoreError(const http::Request& request) {
  try {
    throw;
  } catch (const store::StoreUnavailable& e) {
    log::error("database unavailable", {{"requestId", request.requestId}, {"error", e.what()}});
    throw ApiError(ErrorCode::ProviderUnavailable, "the database is unavailable; retry shortly");
  } catch (const store::InvalidCursor&) {
    throw ApiError(ErrorCode::ValidationFailed,
                   "query parameter 'cursor' is not a cursor this API handed out");
  }
}

http::Handler translateStoreErrors(http::Handler handler) {
  return [handler = std::move(handler)](const http::Request& request) {
    return withStoreErrors(request, [&] { return handler(request); });
  };
}

std::string publicBaseUrl(const Config& config, const http::Request& request) {
  std::string base = config.publicUrl.empty() ? request.origin() : config.publicUrl;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

}  // namespace irtc::api
