#include "engine/realtime/ids.hpp"

#include <sodium.h>

#include <stdexcept>

namespace irtc::engine::realtime {

std::string newId(std::string_view prefix) {
  // sodium_init is idempotent and thread-safe; calling it here keeps ids usable from code (and
  // tests) that never ran irtc::initRandom().
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string out(prefix);
  for (int i = 0; i < 22; ++i) out += kAlphabet[randombytes_uniform(62)];
  return out;
}

}  // namespace irtc::engine::realtime
