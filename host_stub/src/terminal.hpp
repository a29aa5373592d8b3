// What the host prints while it works: on a TTY a progress line (stderr) that log lines scroll
// above; otherwise plain log lines only, with a progress log line at most every
// plain_progress_interval. Thread-safe; everything written is made printable first (no terminal
// controls, see printable()).
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <mutex>
#include <string>

#include "progress_line.hpp"
#include "run_status.hpp"

namespace iru::host {

class Terminal {
public:
    // progress_line: draw a progress line (the stream is a TTY); otherwise progress is not shown.
    Terminal(std::ostream& out, std::ostream& err, bool progress_line,
             std::chrono::milliseconds plain_progress_interval = std::chrono::seconds(30));

    void log(const std::string& source_id, LogLevel level, const std::string& text);
    void progress(const ProgressView& view);
    void clear_progress();
    // Writes to stdout (tables, check output), clearing the progress line first; keeps newlines.
    void print(const std::string& text);

    // fit_progress_line (progress_line.hpp).
    static std::string format_progress(const ProgressView& view, std::size_t width) {
        return fit_progress_line(view, width);
    }

private:
    void clear_locked();
    std::mutex mutex_;
    std::ostream& out_;
    std::ostream& err_;
    bool progress_line_;
    std::chrono::milliseconds plain_interval_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point last_draw_{};
    std::chrono::steady_clock::time_point last_plain_ = std::chrono::steady_clock::now();
};

}  // namespace iru::host
