// The interviewer's brief: what the realtime voice model is told before the call starts.
#pragma once

#include <string>

#include "store/model.hpp"

namespace irtc::functions {

std::string buildInterviewerInstructions(const std::string& companyName, const store::Position& position,
                                         const store::Candidate& candidate, int maxDurationMinutes);

}  // namespace irtc::functions
