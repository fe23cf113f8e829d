#include "store/model.hpp"

#include <array>
#include <utility>

namespace irtc::store {
namespace {

constexpr std::array<std::pair<SessionStatus, std::string_view>, 5> kStatusNames{{
    {SessionStatus::Scheduled, "scheduled"},
    {SessionStatus::InProgress, "in_progress"},
    {SessionStatus::Completed, "completed"},
    {SessionStatus::Failed, "failed"},
    {SessionStatus::Cancelled, "cancelled"},
}};

constexpr std::array<std::pair<Speaker, std::string_view>, 3> kSpeakerNames{{
    {Speaker::Interviewer, "interviewer"},
    {Speaker::Candidate, "candidate"},
    {Speaker::System, "system"},
}};

template <typename Enum, std::size_t N>
std::string_view nameOf(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse(const std::array<std::pair<Enum, std::string_view>, N>& names,
                          std::string_view text) {
  for (const auto& [v, name] : names) {
    if (name == text) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view sessionStatusName(SessionStatus status) {
  return nameOf(kStatusNames, status);
}

std::optional<SessionStatus> parseSessionStatus(std::string_view name) {
  return parse(kStatusNames, name);
}

std::string_view speakerName(Speaker speaker) {
  return nameOf(kSpeakerNames, speaker);
}

std::optional<Speaker> parseSpeaker(std::string_view name) {
  return parse(kSpeakerNames, name);
}

}  // namespace irtc::store
