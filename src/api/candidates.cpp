#include "api/json_input.hpp"
#include "api/routes.hpp"
#include "api/serializers.hpp"
#include "api/tenant_auth.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"

namespace irtc::api {
namespace {

// Deliverability is not ours to judge; this only catches what is clearly not an address.
void checkEmailShape(const std::string& email) {
  auto at = email.find('@');
  bool ok = at != std::string::npos && at > 0 && at == email.rfind('@') &&
            email.find('.', at) != std::string::npos && email.back() != '.' &&
            email.find_first_of(" \t<>\"") == std::string::npos;
  if (!ok) throw ApiError(ErrorCode::ValidationFailed, "field 'email' is not an e-mail address");
}

}  // namespace

void registerCandidateRoutes(http::Router& router, const ServiceContext& context) {
  router.add("POST", "/api/v1/candidates", translateStoreErrors([&context](const http::Request& request) {
               auto principal = authenticateTenant(context.store, request);
               auto body = parseJsonObject(request);
               store::Candidate candidate;
               candidate.tenantId = principal.tenantId;
               candidate.name = requireString(body, "name", limits::kMaxNameLength);
               candidate.email = requireString(body, "email", limits::kMaxEmailLength);
               checkEmailShape(candidate.email);
               candidate.resumeText =
                   optionalString(body, "resumeText", limits::kMaxResumeLength, Lines::Multiple);
               return http::Response::json(201, toJson(context.store.createCandidate(candidate)));
             }));

  router.add("GET", "/api/v1/candidates", translateStoreErrors([&context](const http::Request& request) {
               auto principal = authenticateTenant(context.store, request);
               return http::Response::json(
                   200, pageJson(context.store.listCandidates(principal.tenantId, pageFromQuery(request))));
             }));

  router.add("GET", "/api/v1/candidates/{id}", translateStoreErrors([&context](const http::Request& request) {
               auto principal = authenticateTenant(context.store, request);
               auto candidate = context.store.getCandidate(principal.tenantId, pathId(request, "candidate"));
               if (!candidate) notFound("candidate");
               return http::Response::json(200, toJson(*candidate));
             }));
}

}  // namespace irtc::api
