#include "store/migration_files.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.hpp"

namespace irtc::store {
namespace {

class MigrationFilesTest : public ::testing::Test {
 protected:
  void write(const std::string& name, const std::string& content = "SELECT 1;") {
    std::ofstream(dir_.path() + "/" + name) << content;
  }
  void writePair(const std::string& stem) {
    write(stem + ".up.sql", "-- up " + stem);
    write(stem + ".down.sql", "-- down " + stem);
  }
  std::string loadError() {
    try {
      loadMigrationFiles(dir_.path());
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "";
  }

  irtc::test::TempDir dir_;
};

TEST_F(MigrationFilesTest, LoadsPairsInVersionOrder) {
  writePair("0010_later");
  writePair("0002_add_index");
  writePair("0001_initial");
  write(".0001_initial.up.sql.swp");  // editors' droppings are not migrations
  std::vector<MigrationFile> files = loadMigrationFiles(dir_.path());
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].version, 1);
  EXPECT_EQ(files[0].name, "0001_initial");
  EXPECT_EQ(files[0].upSql, "-- up 0001_initial");
  EXPECT_EQ(files[0].downSql, "-- down 0001_initial");
  EXPECT_EQ(files[1].version, 2);
  EXPECT_EQ(files[2].version, 10);
  EXPECT_EQ(files[2].name, "0010_later");
}

TEST_F(MigrationFilesTest, EmptyDirectoryHasNoMigrations) {
  EXPECT_TRUE(loadMigrationFiles(dir_.path()).empty());
}

TEST_F(MigrationFilesTest, MissingDirectoryIsAnError) {
  EXPECT_THROW(loadMigrationFiles(dir_.path() + "/nope"), std::runtime_error);
}

TEST_F(MigrationFilesTest, MissingDownIsAnError) {
  writePair("0001_initial");
  write("0002_add.up.sql");
  std::string error = loadError();
  EXPECT_NE(error.find("0002_add"), std::string::npos) << error;
  EXPECT_NE(error.find(".down.sql"), std::string::npos) << error;
}

TEST_F(MigrationFilesTest, DownWithoutUpIsAnError) {
  write("0003_orphan.down.sql");
  EXPECT_NE(loadError().find("0003_orphan"), std::string::npos);
}

TEST_F(MigrationFilesTest, TwoNamesForOneVersionIsAnError) {
  writePair("0002_one");
  writePair("0002_two");
  std::string error = loadError();
  EXPECT_NE(error.find("0002_one"), std::string::npos) << error;
  EXPECT_NE(error.find("0002_two"), std::string::npos) << error;
}

class BadMigrationNameTest : public MigrationFilesTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(BadMigrationNameTest, IsRejectedByName) {
  writePair("0001_initial");
  write(GetParam());
  std::string error = loadError();
  EXPECT_NE(error.find(GetParam()), std::string::npos) << error;
}

INSTANTIATE_TEST_SUITE_P(Names, BadMigrationNameTest,
                         ::testing::Values("1_initial.up.sql", "00001_initial.up.sql", "0002_Initial.up.sql",
                                           "0002-initial.up.sql", "0002_initial.sql", "0002_initial.UP.sql",
                                           "0002_.up.sql", "0002_a__b.up.sql", "0002_initial.up.sql.bak",
                                           "0000_zero.up.sql", "README.md", "0002_initial.up.sql~"));

}  // namespace
}  // namespace irtc::store
