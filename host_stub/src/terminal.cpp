#include "terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <ostream>

#include "text_codec.hpp"

namespace iru::host {

Terminal::Terminal(std::ostream& out, std::ostream& err, bool progress_line,
                   std::chrono::milliseconds plain_progress_interval)
    : out_(out),
      err_(err),
      progress_line_(progress_line),
      plain_interval_(plain_progress_interval) {}

void Terminal::clear_locked() {
    if (shown_) {
        err_ << "\r\033[K" << std::flush;
        shown_ = false;
    }
}

void Terminal::log(const std::string& source_id, LogLevel level, const std::string& text) {
    std::lock_guard lock(mutex_);
    clear_locked();
    err_ << rfc3339_utc(std::chrono::system_clock::now()) << " " << to_string(level) << " "
         << (source_id.empty() ? "host" : source_id) << ": " << printable(text) << "\n"
         << std::flush;
}

void Terminal::progress(const ProgressView& view) {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (!progress_line_) {
        if (now - last_plain_ < plain_interval_) return;
        last_plain_ = now;
        err_ << rfc3339_utc(std::chrono::system_clock::now()) << " progress "
             << format_progress(view, 400) << "\n"
             << std::flush;
        return;
    }
    if (shown_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    std::size_t width = 120;
    winsize size{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 10)
        width = size.ws_col - 1u;
    err_ << "\r\033[K" << format_progress(view, width) << std::flush;
    shown_ = true;
}

void Terminal::clear_progress() {
    std::lock_guard lock(mutex_);
    clear_locked();
}

void Terminal::print(const std::string& text) {
    std::lock_guard lock(mutex_);
    clear_locked();
    out_ << printable(text, true) << std::flush;
}

}  // namespace iru::host
