// docs/configuration.md documents every setting the program accepts.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/config.hpp"

namespace irtc {

TEST(ConfigurationDoc, ListsEverySettingWithItsVariable) {
  std::ifstream in(std::string(IRTC_SOURCE_DIR) + "/docs/configuration.md");
  ASSERT_TRUE(in) << "docs/configuration.md missing";
  std::stringstream text;
  text << in.rdbuf();
  for (const auto& s : configSettings()) {
    std::string row = "| `" + s.key + "` | `" + s.env + "` |";
    EXPECT_NE(text.str().find(row), std::string::npos) << "undocumented setting " << s.key;
  }
}

}  // namespace irtc
