#include "api/json_input.hpp"
#include "api/routes.hpp"
#include "api/serializers.hpp"
#include "api/tenant_auth.hpp"
#include "core/limits.hpp"

namespace irtc::api {

void registerPositionRoutes(http::Router& router, const ServiceContext& context) {
  router.add(
      "POST", "/api/v1/positions", translateStoreErrors([&context](const http::Request& request) {
        auto principal = authenticateTenant(context.store, request);
        auto body = parseJsonObject(request);
        store::Position position;
        position.tenantId = principal.tenantId;
        position.title = requireString(body, "title", limits::kMaxTitleLength);
        position.description =
            optionalString(body, "description", limits::kMaxDescriptionLength, Lines::Multiple).value_or("");
        position.questions =
            requireStringArray(body, "questions", limits::kMaxQuestions, limits::kMaxQuestionLength);
        return http::Response::json(201, toJson(context.store.createPosition(position)));
      }));

  router.add("GET", "/api/v1/positions", translateStoreErrors([&context](const http::Request& request) {
               auto principal = authenticateTenant(context.store, request);
               return http::Response::json(
                   200, pageJson(context.store.listPositions(principal.tenantId, pageFromQuery(request))));
             }));

  router.add("GET", "/api/v1/positions/{id}", translateStoreErrors([&context](const http::Request& request) {
               auto principal = authenticateTenant(context.store, request);
               auto position = context.store.getPosition(principal.tenantId, pathId(request, "position"));
               if (!position) notFound("position");
               return http::Response::json(200, toJson(*position));
             }));
}

}  // namespace irtc::api
