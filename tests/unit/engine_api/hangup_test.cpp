// POST /v1/realtime/calls/{id}/hangup.
#include <gtest/gtest.h>

#include "unit/engine_api/realtime_api_fixture.hpp"

namespace irtc::engine::testing {
namespace {

using HangupTest = RealtimeApiTest;

std::string hangupPath(const std::string& id) {
  return std::string(api::kCallsPath) + "/" + id + "/hangup";
}

TEST_F(HangupTest, HangsUpALiveCall) {
  auto started = postSdp(kServerKey);
  ASSERT_EQ(started.status, 201);
  std::string id = started.header("location")->substr(std::string(api::kCallsPath).size() + 1);

  auto response = post(hangupPath(id), "", bearer(kServerKey));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json(), nlohmann::json::object());
  EXPECT_EQ(calls.hangups(), std::vector<std::string>{id});

  auto again = post(hangupPath(id), "", bearer(kServerKey));
  EXPECT_EQ(again.status, 404);
}

TEST_F(HangupTest, UnknownCallIs404) {
  auto response = post(hangupPath("rtc_doesNotExist"), "", bearer(kServerKey));
  ASSERT_EQ(response.status, 404);
  auto error = errorOf(response);
  EXPECT_EQ(error["code"], "call_not_found");
  EXPECT_EQ(error["type"], "invalid_request_error");
  EXPECT_EQ(calls.hangups(), std::vector<std::string>{"rtc_doesNotExist"});
}

TEST_F(HangupTest, IdsThatCannotNameACallAre404WithoutAskingTheEngine) {
  for (const auto& id : {std::string("sess_abc"), std::string("rtc_"), std::string("rtc_a%20b"),
                         "rtc_" + std::string(100, 'a')}) {
    EXPECT_EQ(post(hangupPath(id), "", bearer(kServerKey)).status, 404) << id;
  }
  EXPECT_TRUE(calls.hangups().empty());
}

TEST_F(HangupTest, NeedsTheServerKey) {
  std::string id = calls.addLiveCall();
  EXPECT_EQ(client->request("POST", hangupPath(id)).status, 401);
  EXPECT_EQ(post(hangupPath(id), "", bearer("sk_wrong")).status, 401);
  EXPECT_EQ(post(hangupPath(id), "", bearer(mintKey())).status, 401);
  EXPECT_TRUE(calls.hangups().empty());
}

}  // namespace
}  // namespace irtc::engine::testing
