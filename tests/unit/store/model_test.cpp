#include "store/model.hpp"

#include <gtest/gtest.h>

namespace irtc::store {
namespace {

TEST(SessionStatusTest, NamesRoundTrip) {
  for (SessionStatus status : {SessionStatus::Scheduled, SessionStatus::InProgress, SessionStatus::Completed,
                               SessionStatus::Failed, SessionStatus::Cancelled}) {
    EXPECT_EQ(parseSessionStatus(sessionStatusName(status)), status);
  }
  EXPECT_EQ(sessionStatusName(SessionStatus::InProgress), "in_progress");
  EXPECT_EQ(sessionStatusName(SessionStatus::Cancelled), "cancelled");
}

TEST(SessionStatusTest, RejectsUnknownNames) {
  EXPECT_EQ(parseSessionStatus(""), std::nullopt);
  EXPECT_EQ(parseSessionStatus("In_Progress"), std::nullopt);
  EXPECT_EQ(parseSessionStatus("canceled"), std::nullopt);
}

TEST(SpeakerTest, NamesRoundTrip) {
  for (Speaker speaker : {Speaker::Interviewer, Speaker::Candidate, Speaker::System}) {
    EXPECT_EQ(parseSpeaker(speakerName(speaker)), speaker);
  }
  EXPECT_EQ(speakerName(Speaker::Interviewer), "interviewer");
  EXPECT_EQ(parseSpeaker("assistant"), std::nullopt);
  EXPECT_EQ(parseSpeaker("user"), std::nullopt);
}

}  // namespace
}  // namespace irtc::store
