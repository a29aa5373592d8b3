// Where the plugin's insides write log lines. Implementations are thread-safe. Messages never carry
// secrets: callers pass only redacted text (see collect/redaction.hpp for values from the API).
#pragma once

#include <string_view>

namespace iru::heroku {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3 };

class Logger {
public:
    virtual ~Logger() = default;
    virtual void log(LogLevel level, std::string_view message) = 0;
};

// Discards everything; for tests and for code paths with no host.
class NullLogger final : public Logger {
public:
    void log(LogLevel, std::string_view) override {}
};

}  // namespace iru::heroku
