// POST /v1/realtime/calls: both body forms, both credentials, and every refusal.
#include <gtest/gtest.h>

#include <regex>

#include "engine/api/call_request.hpp"
#include "engine/api/engine_auth.hpp"
#include "engine/realtime/ephemeral_key.hpp"
#include "unit/engine_api/realtime_api_fixture.hpp"

namespace irtc::engine::testing {
namespace {

using CallsTest = RealtimeApiTest;

const std::string kSessionPart =
    R"({"type":"realtime","instructions":"Ask about the C++ memory model.","audio":{"output":{"voice":"cedar"}}})";

TEST_F(CallsTest, RawSdpWithEphemeralKeyStartsTheCallWithTheKeysSession) {
  std::string key = mintKey({{"session", {{"type", "realtime"}, {"instructions", "Interview Ada."}}}});
  ASSERT_TRUE(key.starts_with("ek_"));

  auto response = postSdp(key);
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(response.header("content-type"), "application/sdp");
  EXPECT_EQ(response.body, kAnswerSdp);
  auto starts = calls.starts();
  ASSERT_EQ(starts.size(), 1u);
  EXPECT_EQ(starts[0].offerSdp, kOfferSdp);
  EXPECT_EQ(starts[0].config.instructions, "Interview Ada.");
  EXPECT_EQ(starts[0].config.model, "engine-default-model");  // the key's session started from the defaults
}

TEST_F(CallsTest, LocationNamesTheNewCall) {
  auto response = postSdp(kServerKey);
  ASSERT_EQ(response.status, 201) << response.body;
  auto location = response.header("location");
  ASSERT_TRUE(location);
  EXPECT_EQ(*location, "/v1/realtime/calls/rtc_fake1");
  EXPECT_TRUE(std::regex_match(*location, std::regex("/v1/realtime/calls/rtc_[A-Za-z0-9_-]+")));
}

TEST_F(CallsTest, ServerKeyWithRawSdpUsesTheDefaults) {
  auto response = postSdp(kServerKey, kOfferSdp, "application/sdp; charset=utf-8");
  ASSERT_EQ(response.status, 201) << response.body;
  auto starts = calls.starts();
  ASSERT_EQ(starts.size(), 1u);
  EXPECT_EQ(starts[0].config.model, "engine-default-model");
  EXPECT_EQ(starts[0].config.voice, "engine-default-voice");
  EXPECT_EQ(starts[0].config.instructions, "");
}

TEST_F(CallsTest, MultipartWithTypedPartsAppliesTheSessionPart) {
  auto response = postForm(
      kServerKey, {{"sdp", kOfferSdp, "application/sdp"}, {"session", kSessionPart, "application/json"}});
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(response.body, kAnswerSdp);
  auto starts = calls.starts();
  ASSERT_EQ(starts.size(), 1u);
  EXPECT_EQ(starts[0].offerSdp, kOfferSdp);
  EXPECT_EQ(starts[0].config.instructions, "Ask about the C++ memory model.");
  EXPECT_EQ(starts[0].config.voice, "cedar");
  EXPECT_EQ(starts[0].config.model, "engine-default-model");  // not named: the default stays
}

TEST_F(CallsTest, MultipartPartsWithoutContentTypeAreAccepted) {
  auto response =
      postForm(kServerKey, {{"sdp", kOfferSdp, std::nullopt}, {"session", kSessionPart, std::nullopt}});
  ASSERT_EQ(response.status, 201) << response.body;
  auto starts = calls.starts();
  ASSERT_EQ(starts.size(), 1u);
  EXPECT_EQ(starts[0].offerSdp, kOfferSdp);
  EXPECT_EQ(starts[0].config.voice, "cedar");
}

TEST_F(CallsTest, MultipartWithoutSessionPartUsesTheDefaults) {
  auto response = postForm(kServerKey, {{"sdp", kOfferSdp, std::nullopt}});
  ASSERT_EQ(response.status, 201) << response.body;
  auto starts = calls.starts();
  ASSERT_EQ(starts.size(), 1u);
  EXPECT_EQ(starts[0].config.voice, "engine-default-voice");
}

TEST_F(CallsTest, InvalidSessionPartIsRefusedWithItsParam) {
  auto response = postForm(kServerKey, {{"sdp", kOfferSdp, std::nullopt},
                                        {"session", R"({"audio":{"output":{"speed":9}}})", std::nullopt}});
  ASSERT_EQ(response.status, 400) << response.body;
  auto error = errorOf(response);
  EXPECT_EQ(error["type"], "invalid_request_error");
  EXPECT_TRUE(error["param"].is_string() && error["param"].get<std::string>().starts_with("session"))
      << response.body;
  EXPECT_TRUE(calls.starts().empty());
}

TEST_F(CallsTest, MissingKeyIsRefused) {
  auto response = post(api::kCallsPath, kOfferSdp, {{"Content-Type", "application/sdp"}});
  ASSERT_EQ(response.status, 401);
  auto error = errorOf(response);
  EXPECT_EQ(error["type"], "invalid_request_error");
  EXPECT_EQ(error["code"], "invalid_api_key");
  EXPECT_TRUE(calls.starts().empty());
}

TEST_F(CallsTest, WrongKeyIsRefusedWithoutEchoingIt) {
  const std::string wrong = "sk_engine_not-the-right-key-9876";
  for (const auto& key : {wrong, std::string(kServerKey) + "x", std::string(kServerKey).substr(1)}) {
    auto response = postSdp(key);
    ASSERT_EQ(response.status, 401) << key;
    EXPECT_EQ(errorOf(response)["code"], "invalid_api_key");
    EXPECT_EQ(response.body.find(key), std::string::npos) << "the key was echoed: " << response.body;
  }
  EXPECT_TRUE(calls.starts().empty());
}

TEST_F(CallsTest, ExpiredEphemeralKeyIsRefused) {
  std::string key = mintKey({{"expires_after", {{"anchor", "created_at"}, {"seconds", 60}}}});
  now += 59'000;
  EXPECT_EQ(postSdp(key).status, 201);
  now += 1'000;
  auto response = postSdp(key);
  ASSERT_EQ(response.status, 401) << response.body;
  EXPECT_NE(errorOf(response)["message"].get<std::string>().find("expired"), std::string::npos);
  EXPECT_EQ(calls.starts().size(), 1u);
}

TEST_F(CallsTest, TamperedEphemeralKeyIsRefused) {
  std::string key = mintKey();
  std::string payloadFlipped = key;
  payloadFlipped[5] = payloadFlipped[5] == 'A' ? 'B' : 'A';
  std::string macFlipped = key;
  macFlipped.back() = macFlipped.back() == 'A' ? 'B' : 'A';
  for (const auto& bad :
       {payloadFlipped, macFlipped, key.substr(0, key.size() - 4), std::string("ek_nonsense")}) {
    auto response = postSdp(bad);
    EXPECT_EQ(response.status, 401) << bad;
    EXPECT_EQ(response.body.find(bad), std::string::npos);
  }
  EXPECT_TRUE(calls.starts().empty());
}

TEST_F(CallsTest, EphemeralKeySignedWithAnotherSecretIsRefused) {
  auto minted = realtime::mintEphemeralKey(api::ephemeralKeySecret("another engine key"), {}, now.load());
  ASSERT_TRUE(std::holds_alternative<realtime::MintedKey>(minted));
  auto response = postSdp(std::get<realtime::MintedKey>(minted).value);
  EXPECT_EQ(response.status, 401) << response.body;
  EXPECT_TRUE(calls.starts().empty());
}

TEST_F(CallsTest, EphemeralKeyMintedByAnotherInstanceWithTheSameEngineKeyIsAccepted) {
  realtime::SessionConfig config;
  config.instructions = "minted elsewhere";
  auto minted = realtime::mintEphemeralKey(api::ephemeralKeySecret(kServerKey), config, now.load());
  ASSERT_TRUE(std::holds_alternative<realtime::MintedKey>(minted));
  auto response = postSdp(std::get<realtime::MintedKey>(minted).value);
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(calls.starts().at(0).config.instructions, "minted elsewhere");
}

TEST_F(CallsTest, EphemeralKeyCannotSendAForm) {
  auto response =
      postForm(mintKey(), {{"sdp", kOfferSdp, std::nullopt}, {"session", kSessionPart, std::nullopt}});
  ASSERT_EQ(response.status, 401) << response.body;
  EXPECT_EQ(errorOf(response)["code"], "invalid_api_key");
  EXPECT_TRUE(calls.starts().empty());
}

TEST_F(CallsTest, OtherContentTypesAre415) {
  for (const auto& type : {"text/plain", "application/json", "application/sdpx"}) {
    auto response = postSdp(kServerKey, kOfferSdp, type);
    ASSERT_EQ(response.status, 415) << type;
    EXPECT_EQ(errorOf(response)["code"], "unsupported_content_type");
  }
  auto untyped = post(api::kCallsPath, kOfferSdp, bearer(kServerKey));
  EXPECT_EQ(untyped.status, 415);
  EXPECT_TRUE(calls.starts().empty());
}

TEST_F(CallsTest, KeyIsCheckedBeforeTheBody) {
  auto response = postSdp("wrong", "", "text/plain");
  EXPECT_EQ(response.status, 401);
}

TEST_F(CallsTest, OversizeOfferIs413) {
  std::string big = std::string(kOfferSdp) + std::string(api::kMaxOfferSdpBytes, 'a');
  auto raw = postSdp(kServerKey, big);
  ASSERT_EQ(raw.status, 413) << raw.body.substr(0, 200);
  EXPECT_EQ(errorOf(raw)["param"], "sdp");
  auto form = postForm(kServerKey, {{"sdp", big, std::nullopt}});
  EXPECT_EQ(form.status, 413);
  std::string atLimit =
      std::string(kOfferSdp) + std::string(api::kMaxOfferSdpBytes - std::string(kOfferSdp).size(), 'a');
  EXPECT_EQ(postSdp(kServerKey, atLimit).status, 201);
  EXPECT_EQ(calls.starts().size(), 1u);
}

TEST_F(CallsTest, EmptyOrNonSdpOfferIs400) {
  auto empty = postSdp(kServerKey, "");
  ASSERT_EQ(empty.status, 400);
  EXPECT_EQ(errorOf(empty)["code"], "missing_required_parameter");
  EXPECT_NE(errorOf(empty)["message"].get<std::string>().find("empty"), std::string::npos);

  auto notSdp = postSdp(kServerKey, "hello, I am not an offer");
  ASSERT_EQ(notSdp.status, 400);
  EXPECT_NE(errorOf(notSdp)["message"].get<std::string>().find("v=0"), std::string::npos);

  auto emptyPart = postForm(kServerKey, {{"sdp", "", std::nullopt}});
  EXPECT_EQ(emptyPart.status, 400);
  EXPECT_TRUE(calls.starts().empty());
}

TEST_F(CallsTest, MalformedMultipartIs400WithTheReason) {
  auto noBoundary =
      post(api::kCallsPath, multipartBody("b", {{"sdp", kOfferSdp, std::nullopt}}),
           {{"Authorization", std::string("Bearer ") + kServerKey}, {"Content-Type", "multipart/form-data"}});
  ASSERT_EQ(noBoundary.status, 400) << noBoundary.body;
  auto message = errorOf(noBoundary)["message"].get<std::string>();
  EXPECT_NE(message.find("multipart"), std::string::npos) << message;
  EXPECT_NE(message.find("boundary"), std::string::npos) << message;

  auto truncated = post(api::kCallsPath, "--b\r\nContent-Disposition: form-data; name=\"sdp\"\r\n\r\nv=0",
                        {{"Authorization", std::string("Bearer ") + kServerKey},
                         {"Content-Type", "multipart/form-data; boundary=b"}});
  ASSERT_EQ(truncated.status, 400) << truncated.body;
  EXPECT_FALSE(errorOf(truncated)["message"].get<std::string>().empty());

  auto noSdpPart = postForm(kServerKey, {{"session", kSessionPart, std::nullopt}});
  ASSERT_EQ(noSdpPart.status, 400);
  EXPECT_EQ(errorOf(noSdpPart)["param"], "sdp");
  EXPECT_TRUE(calls.starts().empty());
}

TEST_F(CallsTest, RefusalsKeepTheirStatusAndError) {
  struct Case {
    int status;
    const char* type;
    const char* code;
  };
  for (const auto& c :
       {Case{503, "server_error", "engine_at_capacity"}, Case{400, "invalid_request_error", "invalid_offer"},
        Case{500, "server_error", "media_failure"}}) {
    calls.refuseWith(c.status, c.code, std::string("refused: ") + c.code, c.type);
    auto response = postSdp(kServerKey);
    ASSERT_EQ(response.status, c.status) << response.body;
    auto error = errorOf(response);
    EXPECT_EQ(error["code"], c.code);
    EXPECT_EQ(error["type"], c.type);
    EXPECT_EQ(error["message"], std::string("refused: ") + c.code);
    EXPECT_FALSE(response.header("location"));
  }
}

TEST(CallRequestTest, MediaTypeIgnoresCaseAndParameters) {
  auto parsed = api::parseCallRequest(" Application/SDP ;charset=utf-8", kOfferSdp);
  ASSERT_TRUE(std::holds_alternative<api::CallRequest>(parsed));
  EXPECT_FALSE(std::get<api::CallRequest>(parsed).multipart);
  auto none = api::parseCallRequest(std::nullopt, kOfferSdp);
  ASSERT_TRUE(std::holds_alternative<api::RequestRefusal>(none));
  EXPECT_EQ(std::get<api::RequestRefusal>(none).status, 415);
}

}  // namespace
}  // namespace irtc::engine::testing
