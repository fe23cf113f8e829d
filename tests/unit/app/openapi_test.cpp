// Keeps docs/api/openapi.json true: the document the binary embeds (and serves at /openapi.json)
// must list exactly the routes the server registers, be OpenAPI 3.0.3 whose every $ref resolves,
// and name every error code.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "api/context.hpp"
#include "app/resources.hpp"
#include "app/service.hpp"
#include "app/system_routes.hpp"
#include "auth/session_tokens.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "engine/call/call_service.hpp"
#include "metrics/registry.hpp"
#include "store/open_store.hpp"
#include "support/temp_dir.hpp"

namespace irtc::app {
namespace {

using Operation = std::pair<std::string, std::string>;  // lower-case method, path

const std::set<std::string> kHttpMethods = {"get",     "put",  "post",  "delete",
                                            "options", "head", "patch", "trace"};

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string describe(const std::set<Operation>& operations) {
  std::string out;
  for (const auto& [method, path] : operations) out += "\n  " + method + " " + path;
  return out;
}

void collectRefs(const nlohmann::json& node, const std::string& where,
                 std::vector<std::pair<std::string, std::string>>& refs) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "$ref" && value.is_string()) {
        refs.emplace_back(where, value.get<std::string>());
      } else {
        collectRefs(value, where + "/" + key, refs);
      }
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) collectRefs(node[i], where + "/" + std::to_string(i), refs);
  }
}

// Never called: the router only needs a CallService to register the /v1/realtime routes.
class UnusedCallService : public engine::CallService {
 public:
  std::variant<engine::CallStarted, engine::CallRefused> startCall(
      const std::string&, const engine::realtime::SessionConfig&) override {
    return engine::CallRefused{};
  }
  bool hangup(std::string_view) override { return false; }
  std::shared_ptr<engine::SidebandLink> attachSideband(std::string_view, engine::SidebandSink) override {
    return nullptr;
  }
};

// Never called either: the router only needs a provider to register /ws.
class UnusedProvider : public proxy::Provider {
 public:
  std::variant<proxy::ProviderCall, proxy::ProviderFailure> createCall(const std::string&,
                                                                       const proxy::CallSettings&) override {
    return proxy::ProviderFailure{};
  }
  void hangup(const std::string&) override {}
  std::unique_ptr<proxy::SidebandStream> openSideband(const std::string&, proxy::SidebandHandlers) override {
    return nullptr;
  }
  std::string name() const override { return "unused"; }
};

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    initRandom();
    std::string dbPath = dir.path() + "/openapi.db";
    migrator = store::openMigrator(dbPath, IRTC_SOURCE_DIR "/migrations/sqlite");
    migrator->up();
    store = store::openStore(dbPath);
    service = std::make_unique<api::ServiceContext>(api::ServiceContext{config, *store, tokens, feed});
    system = std::make_unique<SystemContext>(
        SystemContext{*store, *migrator, registry, std::chrono::steady_clock::now()});
    // With the local engine's routes, so that /v1/realtime is held to the document as well.
    ASSERT_EQ(config.provider, "local");
    proxyServices = std::make_unique<proxy::ProxyServices>(proxy::ProxyServices{
        *store, provider, [](std::string_view) { return std::nullopt; }, blocking, {}, proxyMetrics, feed});
    router = buildRouter(*service, *system, IRTC_SOURCE_DIR "/web", EngineApi{&calls, "sk_engine_openapi"},
                         ProxyApi{proxyServices.get(), &hub});

    document = nlohmann::json::parse(openApiDocument(), nullptr, false);
    ASSERT_FALSE(document.is_discarded()) << "the embedded docs/api/openapi.json is not valid JSON";
    ASSERT_TRUE(document.is_object());
    ASSERT_TRUE(document.contains("paths") && document["paths"].is_object()) << "document has no paths";
  }

  std::set<Operation> registeredOperations() const {
    std::set<Operation> out;
    for (const auto& route : router->routes()) out.emplace(lower(route.method), route.pattern);
    return out;
  }

  std::set<Operation> documentedOperations() const {
    std::set<Operation> out;
    for (const auto& [path, item] : document["paths"].items()) {
      for (const auto& [key, operation] : item.items()) {
        if (kHttpMethods.count(key)) out.emplace(key, path);
      }
    }
    return out;
  }

  // The object a local $ref points at; fails the test for any other kind of reference.
  const nlohmann::json* resolve(const nlohmann::json& node) const {
    if (!node.is_object() || !node.contains("$ref")) return &node;
    auto ref = node["$ref"].get<std::string>();
    if (ref.rfind("#/", 0) != 0) return nullptr;
    try {
      nlohmann::json::json_pointer pointer(ref.substr(1));
      if (!document.contains(pointer)) return nullptr;
      return &document.at(pointer);
    } catch (const nlohmann::json::exception&) {
      return nullptr;
    }
  }

  test::TempDir dir;
  Config config;
  std::unique_ptr<store::Migrator> migrator;
  std::unique_ptr<store::Store> store;
  auth::SessionTokens tokens{std::string(40, 's'), std::chrono::seconds(900)};
  transcripts::TranscriptFeed feed{4};
  metrics::Registry registry;
  UnusedCallService calls;
  UnusedProvider provider;
  boost::asio::thread_pool blocking{1};
  std::unique_ptr<proxy::ProxyServices> proxyServices;
  proxy::SessionHub hub{10};
  proxy::ProxyMetrics proxyMetrics{registry, [] { return 0.0; }};
  std::unique_ptr<api::ServiceContext> service;
  std::unique_ptr<SystemContext> system;
  std::shared_ptr<http::Router> router;
  nlohmann::json document;
};

TEST_F(OpenApiTest, DocumentIsOpenApi303) {
  EXPECT_EQ(document.value("openapi", ""), "3.0.3");
  ASSERT_TRUE(document.contains("info"));
  EXPECT_FALSE(document["info"].value("title", "").empty());
  EXPECT_FALSE(document["info"].value("version", "").empty());
  EXPECT_TRUE(document.contains("components") && document["components"].contains("schemas"));
}

TEST_F(OpenApiTest, EmbeddedCopyMatchesTheSourceFile) {
  std::ifstream in(IRTC_SOURCE_DIR "/docs/api/openapi.json", std::ios::binary);
  ASSERT_TRUE(in) << "cannot read docs/api/openapi.json";
  std::ostringstream content;
  content << in.rdbuf();
  EXPECT_EQ(openApiDocument(), content.str())
      << "the binary embeds a stale copy of docs/api/openapi.json; rebuild";
}

TEST_F(OpenApiTest, EveryRegisteredRouteIsDocumented) {
  auto registered = registeredOperations();
  ASSERT_FALSE(registered.empty());
  ASSERT_TRUE(registered.count({"post", "/v1/realtime/calls"})) << "the realtime routes were not registered";
  std::set<Operation> missing;
  auto documented = documentedOperations();
  for (const auto& operation : registered) {
    if (!documented.count(operation)) missing.insert(operation);
  }
  EXPECT_TRUE(missing.empty()) << "routes the server registers but docs/api/openapi.json does not describe:"
                               << describe(missing);
}

TEST_F(OpenApiTest, EveryDocumentedOperationIsARegisteredRoute) {
  auto registered = registeredOperations();
  std::set<Operation> extra;
  for (const auto& operation : documentedOperations()) {
    if (!registered.count(operation)) extra.insert(operation);
  }
  EXPECT_TRUE(extra.empty()) << "operations docs/api/openapi.json describes but the server does not register:"
                             << describe(extra);
}

TEST_F(OpenApiTest, EveryRefResolvesWithinTheDocument) {
  std::vector<std::pair<std::string, std::string>> refs;
  collectRefs(document, "", refs);
  EXPECT_FALSE(refs.empty());
  for (const auto& [where, ref] : refs) {
    nlohmann::json node = {{"$ref", ref}};
    EXPECT_NE(resolve(node), nullptr) << "unresolved $ref \"" << ref << "\" at " << where;
  }
}

TEST_F(OpenApiTest, OperationsAreComplete) {
  std::set<std::string> operationIds;
  const std::regex templateParam(R"(\{([^}]+)\})");
  for (const auto& [path, item] : document["paths"].items()) {
    std::set<std::string> pathParams;  // declared for the whole path
    for (const auto& p : item.value("parameters", nlohmann::json::array())) {
      const auto* param = resolve(p);
      ASSERT_NE(param, nullptr) << path;
      if (param->value("in", "") == "path") pathParams.insert(param->value("name", ""));
    }
    for (const auto& [method, operation] : item.items()) {
      if (!kHttpMethods.count(method)) continue;
      std::string label = method + " " + path;
      auto id = operation.value("operationId", "");
      EXPECT_FALSE(id.empty()) << label << " has no operationId";
      EXPECT_TRUE(operationIds.insert(id).second) << "operationId " << id << " is used twice";
      EXPECT_FALSE(operation.value("summary", "").empty()) << label << " has no summary";
      ASSERT_TRUE(operation.contains("responses") && !operation["responses"].empty())
          << label << " has no responses";
      for (const auto& [status, response] : operation["responses"].items()) {
        const auto* resolved = resolve(response);
        ASSERT_NE(resolved, nullptr) << label << " " << status;
        EXPECT_TRUE(resolved->contains("description")) << label << " " << status << " has no description";
      }

      auto params = pathParams;
      for (const auto& p : operation.value("parameters", nlohmann::json::array())) {
        const auto* param = resolve(p);
        ASSERT_NE(param, nullptr) << label;
        if (param->value("in", "") == "path") params.insert(param->value("name", ""));
      }
      for (auto it = std::sregex_iterator(path.begin(), path.end(), templateParam);
           it != std::sregex_iterator(); ++it) {
        EXPECT_TRUE(params.count((*it)[1].str())) << label << " does not declare path parameter " << (*it)[1];
      }
    }
  }
}

TEST_F(OpenApiTest, ErrorCodeSchemaListsEveryErrorCode) {
  nlohmann::json::json_pointer pointer("/components/schemas/ErrorCode/enum");
  ASSERT_TRUE(document.contains(pointer)) << "components.schemas.ErrorCode.enum is missing";
  std::set<std::string> documented;
  for (const auto& name : document.at(pointer)) documented.insert(name.get<std::string>());
  std::set<std::string> actual;
  for (int i = 0; i <= static_cast<int>(ErrorCode::Internal); ++i) {
    actual.insert(std::string(errorCodeName(static_cast<ErrorCode>(i))));
  }
  EXPECT_EQ(documented, actual);
}

}  // namespace
}  // namespace irtc::app
