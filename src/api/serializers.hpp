// The JSON shapes of the recruiter API (docs/api/openapi.json). Times are RFC 3339 UTC.
#pragma once

#include <nlohmann/json.hpp>

#include "store/model.hpp"

namespace irtc::api {

nlohmann::json toJson(const store::Position& p);
nlohmann::json toJson(const store::Candidate& c);
nlohmann::json toJson(const store::InterviewSession& s);
nlohmann::json toJson(const store::SessionEvent& e);
nlohmann::json toJson(const store::TranscriptEntry& e);
nlohmann::json toJson(const store::Tenant& t);

template <typename T>
nlohmann::json pageJson(const store::Page<T>& page) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : page.items) items.push_back(toJson(item));
  return {{"items", std::move(items)},
          {"nextCursor", page.nextCursor ? nlohmann::json(*page.nextCursor) : nlohmann::json(nullptr)}};
}

}  // namespace irtc::api
