// The interviewer's brain: a deterministic state machine that turns candidate turns into what the
// interviewer says next. It knows nothing about audio or events; the engine feeds it completed
// turns (transcripts or typed text) and performs its actions (speak, then hang up).
//
//   start ─▶ greeting + question 1 ─▶ [answer ─▶ (short? one follow-up) ─▶ ack + next question]…
//         ─▶ after the last answer: ack + closing, EndCall
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/text.hpp"
#include "engine/interviewer/brief.hpp"

namespace irtc::engine::interviewer {

struct Say {
  std::string text;
  bool operator==(const Say&) const = default;
};

// Hang up once everything said before has finished playing.
struct EndCall {
  std::string reason;  // "completed" or "time_up"
  bool operator==(const EndCall&) const = default;
};

using Action = std::variant<Say, EndCall>;

// What a phraser sees when asked to word a reply.
struct TurnContext {
  const InterviewBrief& brief;
  std::size_t questionIndex;  // 0-based index of the question just answered
  std::string_view question;
  std::string_view answer;  // the candidate's turn (all of it, follow-up answer included)
};

// Words acknowledgements and follow-ups, e.g. with a language model. Returning nullopt (failure,
// timeout, nothing usable) makes the interviewer use its scripted text. Calls may block for the
// phraser's timeout, so the engine must drive the interviewer off its media threads.
class Phraser {
 public:
  virtual ~Phraser() = default;
  virtual std::optional<std::string> acknowledgement(const TurnContext& context) = 0;
  virtual std::optional<std::string> followUp(const TurnContext& context) = 0;
};

enum class Phase { NotStarted, AwaitingAnswer, AwaitingFollowUpAnswer, Finished };

// A turn shorter than this many words gets one follow-up (per question).
inline constexpr int kShortAnswerWords = 8;

class Interviewer {
 public:
  // `phraser` may be null (scripted only); it must outlive the interviewer.
  explicit Interviewer(InterviewBrief brief, Phraser* phraser = nullptr);

  // Greeting by name and the first question. Later calls return nothing.
  std::vector<Action> start();

  // A completed candidate turn: a final transcript or typed text. Before start() it starts the
  // interview (the candidate spoke first); after the end it is ignored.
  std::vector<Action> onCandidateTurn(std::string_view text);

  // The session nears its maximum duration: the candidate may finish the current answer, after
  // which the interviewer closes instead of asking more. Says nothing by itself, so a candidate
  // is never cut off mid-answer by the interviewer (the hard limit is the engine's).
  std::vector<Action> onTimeNearlyUp();

  Phase phase() const { return phase_; }
  std::size_t questionIndex() const { return question_; }
  const InterviewBrief& brief() const { return brief_; }

 private:
  std::vector<Action> advance(std::string_view answer);
  std::string scriptedAcknowledgement() const;
  std::string closing(bool timeUp) const;

  InterviewBrief brief_;
  Phraser* phraser_;
  Phase phase_ = Phase::NotStarted;
  std::size_t question_ = 0;
  bool repromptedThisQuestion_ = false;
  bool timeNearlyUp_ = false;
  std::string answer_;  // the current question's answer so far (with the follow-up answer)
};

// Counted as core/text.hpp does; kShortAnswerWords is in those words.
using ::irtc::countWords;

}  // namespace irtc::engine::interviewer
