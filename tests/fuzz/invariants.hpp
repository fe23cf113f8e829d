// What the fuzz targets assert beyond "no crash": a broken invariant aborts, which libFuzzer
// reports as a crash with the input, and the corpus replay as a failed test.
#pragma once

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace irtc::fuzz {

inline void require(bool condition) {
  if (!condition) std::abort();
}

// Parsed values and errors end up in JSON events and bodies; serialising must not throw (it does
// on invalid UTF-8).
inline std::string dumped(const nlohmann::json& value) {
  try {
    return value.dump();
  } catch (...) {
    std::abort();
  }
}

// True when nlohmann::json would serialise the bytes, i.e. they are valid UTF-8.
inline bool validUtf8(std::string_view text) {
  try {
    (void)nlohmann::json(std::string(text)).dump();
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace irtc::fuzz
