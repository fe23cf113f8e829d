#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "metrics/registry.hpp"

namespace irtc::metrics {
namespace {

// Fields of /proc/self/stat after the command name (which may contain spaces).
std::vector<std::string> selfStatFields() {
  std::ifstream in("/proc/self/stat");
  std::string line;
  std::getline(in, line);
  std::vector<std::string> fields;
  auto close = line.rfind(')');
  if (close == std::string::npos) return fields;
  std::istringstream rest(line.substr(close + 2));
  std::string f;
  while (rest >> f) fields.push_back(f);
  return fields;
}

double fieldAsDouble(const std::vector<std::string>& fields, std::size_t index) {
  return index < fields.size() ? std::stod(fields[index]) : 0.0;
}

double bootTimeSeconds() {
  std::ifstream in("/proc/stat");
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime") {
      in >> value;
      return value;
    }
    in.ignore(4096, '\n');
  }
  return 0;
}

}  // namespace

void registerProcessMetrics(Registry& registry) {
  // Indices below count from field 3 ("state") of proc(5), so utime (14) is index 11.
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double pageSize = static_cast<double>(sysconf(_SC_PAGESIZE));
  registry.gauge("process_cpu_seconds_total", "User and system CPU time spent in seconds.", [ticks] {
    auto f = selfStatFields();
    return (fieldAsDouble(f, 11) + fieldAsDouble(f, 12)) / ticks;
  });
  registry.gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
                 [pageSize] { return fieldAsDouble(selfStatFields(), 21) * pageSize; });
  registry.gauge("process_open_fds", "Number of open file descriptors.", [] {
    std::error_code ec;
    double n = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
      ++n;
    }
    return n;
  });
  const double startTime = bootTimeSeconds() + fieldAsDouble(selfStatFields(), 19) / ticks;
  registry.gauge("process_start_time_seconds", "Start time of the process since the Unix epoch in seconds.",
                 [startTime] { return startTime; });
}

}  // namespace irtc::metrics
