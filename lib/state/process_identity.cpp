#include "state/process_identity.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

namespace s3mirror::state {

std::uint64_t ProcessStartTicks(int pid) {
  if (pid <= 0) return 0;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return 0;
  // The command name (field 2) is in parentheses and may contain spaces or ')', so the fields are
  // counted from the last ')': the next field is field 3 (state), starttime is field 22.
  std::size_t close = line.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(line.substr(close + 1));
  std::string field;
  for (int number = 3; number <= 22 && fields >> field; ++number) {
    if (number != 22) continue;
    std::uint64_t ticks = 0;
    auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), ticks);
    return ec == std::errc() && end == field.data() + field.size() ? ticks : 0;
  }
  return 0;
}

bool ProcessAlive(int pid, std::uint64_t start_ticks) {
  if (pid <= 0) return false;
  if (::kill(pid, 0) != 0 && errno != EPERM) return false;
  if (start_ticks == 0) return true;
  std::uint64_t actual = ProcessStartTicks(pid);
  return actual == 0 || actual == start_ticks;
}

std::string HostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "unknown";
  return name;
}

}  // namespace s3mirror::state
