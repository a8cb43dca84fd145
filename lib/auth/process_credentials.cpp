#include "auth/process_credentials.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "auth/credential_fetch.h"

extern char** environ;

namespace s3mirror::auth {
namespace {

constexpr std::size_t kMaxOutput = 1 << 20;

struct Finished {
  int status = 0;  // as from waitpid
  std::string output;
  bool timed_out = false;
  bool too_long = false;
};

// Reads the child's stdout until EOF, the deadline or kMaxOutput; kills it on the last two.
Finished Collect(pid_t child, int out, std::chrono::milliseconds timeout) {
  Finished finished;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buffer[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd descriptor{.fd = out, .events = POLLIN, .revents = 0};
    const int ready = left.count() > 0 ? ::poll(&descriptor, 1, static_cast<int>(left.count())) : 0;
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      finished.timed_out = true;
      break;
    }
    const ssize_t got = ::read(out, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    finished.output.append(buffer, static_cast<std::size_t>(got));
    if (finished.output.size() > kMaxOutput) {
      finished.too_long = true;
      break;
    }
  }
  if (finished.timed_out || finished.too_long) ::kill(child, SIGKILL);
  ::close(out);
  while (::waitpid(child, &finished.status, 0) < 0 && errno == EINTR) {
  }
  return finished;
}

// Starts argv[0] (searched in PATH) with stdout into a pipe and stdin from /dev/null.
Result<pid_t> Spawn(const std::vector<std::string>& arguments, int& out,
                    const std::string& source) {
  int pipe_ends[2];
  if (::pipe2(pipe_ends, O_CLOEXEC) != 0) {
    return Fail(ErrorKind::kLocalIo, source + ": cannot make a pipe: " + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
  std::vector<char*> argv;
  for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  pid_t child = 0;
  const int failed = ::posix_spawnp(&child, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_ends[1]);
  if (failed != 0) {
    ::close(pipe_ends[0]);
    return Fail(ErrorKind::kAuth,
                source + ": cannot run \"" + arguments[0] + "\": " + std::strerror(failed));
  }
  out = pipe_ends[0];
  return child;
}

std::string Describe(const Finished& finished, const CredentialProcess& process) {
  if (finished.timed_out) {
    return "did not finish within " + std::to_string(process.timeout.count()) +
           " ms and was killed";
  }
  if (finished.too_long) return "printed more than 1 MiB and was killed";
  if (WIFSIGNALED(finished.status)) {
    return "was killed by signal " + std::to_string(WTERMSIG(finished.status));
  }
  return "exited with status " + std::to_string(WEXITSTATUS(finished.status));
}

}  // namespace

Result<std::vector<std::string>> SplitCommandLine(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    const bool escapable_in_double =
        i + 1 < command.size() && (command[i + 1] == '"' || command[i + 1] == '\\');
    if (quote == '\'') {
      if (c == '\'')
        quote = 0;
      else
        word += c;
    } else if (quote == '"') {
      if (c == '"')
        quote = 0;
      else if (c == '\\' && escapable_in_double)
        word += command[++i];
      else
        word += c;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      in_word = true;
      if (c == '\'' || c == '"')
        quote = c;
      else if (c == '\\' && i + 1 < command.size())
        word += command[++i];
      else
        word += c;
    }
  }
  if (quote != 0) return Fail(ErrorKind::kConfig, "unterminated quote");
  if (in_word) words.push_back(std::move(word));
  if (words.empty()) return Fail(ErrorKind::kConfig, "empty command");
  return words;
}

Result<Credentials> ParseProcessCredentials(std::string_view output, const std::string& source) {
  Credentials credentials;
  std::string expiration;
  try {
    const nlohmann::json document = nlohmann::json::parse(output);
    if (!document.is_object() || document.value("Version", 0) != 1) {
      return Fail(ErrorKind::kAuth, source + " printed a document without \"Version\": 1");
    }
    credentials.access_key_id = document.at("AccessKeyId").get<std::string>();
    credentials.secret_access_key = document.at("SecretAccessKey").get<std::string>();
    credentials.session_token = document.value("SessionToken", std::string());
    expiration = document.value("Expiration", std::string());
  } catch (const nlohmann::json::exception&) {
    // The text may hold a secret: say what is wrong without quoting it.
    return Fail(ErrorKind::kAuth, source +
                                      " printed something that is not credentials JSON (Version "
                                      "1 with AccessKeyId and SecretAccessKey)");
  }
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    return Fail(ErrorKind::kAuth, source + " printed an empty AccessKeyId or SecretAccessKey");
  }
  if (!expiration.empty()) {
    credentials.expiration = ParseIso8601(expiration);
    if (!credentials.expiration) {
      return Fail(ErrorKind::kAuth, source + " printed an unreadable Expiration");
    }
  }
  credentials.source = source;
  return credentials;
}

Result<Credentials> RunCredentialProcess(const CredentialProcess& process) {
  Result<std::vector<std::string>> arguments = SplitCommandLine(process.command);
  if (!arguments) {
    return Fail(ErrorKind::kConfig, process.source + ": the command cannot be split into words: " +
                                        arguments.error().message);
  }
  int out = -1;
  Result<pid_t> child = Spawn(*arguments, out, process.source);
  if (!child) return Fail(std::move(child).error());
  const Finished finished = Collect(*child, out, process.timeout);
  const bool success = !finished.timed_out && !finished.too_long && WIFEXITED(finished.status) &&
                       WEXITSTATUS(finished.status) == 0;
  if (!success) {
    return Fail(ErrorKind::kAuth,
                process.source + ": \"" + (*arguments)[0] + "\" " + Describe(finished, process));
  }
  return ParseProcessCredentials(finished.output, process.source);
}

}  // namespace s3mirror::auth
