#include "core/error.hpp"

#include <gtest/gtest.h>

namespace irtc {

TEST(ErrorCodes, WireNamesAndStatusesFollowTheContract) {
  EXPECT_EQ(errorCodeName(ErrorCode::AuthenticationFailed), "AUTHENTICATION_FAILED");
  EXPECT_EQ(httpStatusFor(ErrorCode::AuthenticationFailed), 401);
  EXPECT_EQ(httpStatusFor(ErrorCode::NotFound), 404);
  EXPECT_EQ(httpStatusFor(ErrorCode::ValidationFailed), 400);
  EXPECT_EQ(httpStatusFor(ErrorCode::PayloadTooLarge), 413);
  EXPECT_EQ(httpStatusFor(ErrorCode::RateLimited), 429);
  EXPECT_EQ(httpStatusFor(ErrorCode::SessionNotStartable), 409);
  EXPECT_EQ(httpStatusFor(ErrorCode::ProviderUnavailable), 503);
  EXPECT_EQ(errorCodeName(ErrorCode::WebrtcConnectionFailed), "WEBRTC_CONNECTION_FAILED");
}

TEST(ErrorCodes, BodyHasCodeAndMessage) {
  auto body = errorBody(ErrorCode::SdpInvalid, "m-line 2: video is not allowed");
  EXPECT_EQ(body["error"]["code"], "SDP_INVALID");
  EXPECT_EQ(body["error"]["message"], "m-line 2: video is not allowed");
}

}  // namespace irtc
