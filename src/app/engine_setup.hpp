// The local voice engine as configured: ICE settings, call limits, the speech engines and the
// optional language model, shared by every call of this instance.
#pragma once

#include <memory>

#include "core/config.hpp"
#include "engine/call/call_registry.hpp"
#include "metrics/registry.hpp"

namespace irtc::app {

// Starts GStreamer (prewarmed, so the first call answers as fast as the next), loads the speech
// models and builds the registry. Throws std::runtime_error / std::invalid_argument naming the
// setting when the configuration cannot work (bad URL, missing model).
std::unique_ptr<engine::CallRegistry> startVoiceEngine(const Config& config, metrics::Registry& metrics);

}  // namespace irtc::app
