// A PostgreSQL server outside any one test: the ctest fixture `postgres` and the benchmarks.
//   postgres_fixture start DIR [durable]   sets up and starts a server in DIR (durable: fsync on)
//   postgres_fixture database DIR          creates a database; prints its owner and service URLs
//   postgres_fixture stop DIR              stops the server and removes DIR
#include <exception>
#include <iostream>
#include <string>

#include "support/postgres_server.hpp"

int main(int argc, char** argv) {
  const std::string usage = "usage: postgres_fixture start DIR [durable] | database DIR | stop DIR";
  const std::string command = argc >= 3 ? argv[1] : "";
  const bool durable = argc == 4 && std::string(argv[3]) == "durable";
  if (!(argc == 3 || (command == "start" && durable))) {
    std::cerr << usage << "\n";
    return 2;
  }
  try {
    if (command == "start") {
      irtc::test::PostgresServer::startDetached(argv[2], durable);
    } else if (command == "database") {
      irtc::test::PostgresDatabase db = irtc::test::PostgresServer::attach(argv[2])->createDatabase();
      db.keep();
      std::cout << db.ownerUrl << "\n" << db.serviceUrl << "\n";
    } else if (command == "stop") {
      irtc::test::PostgresServer::stopDetached(argv[2]);
    } else {
      std::cerr << usage << "\n";
      return 2;
    }
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
