#include "terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <ostream>
#include <vector>
#include <algorithm>

#include "text_codec.hpp"

namespace iru::host {

Terminal::Terminal(std::ostream& out, std::ostream& err, bool progress_line,
                   std::chrono::milliseconds plain_progress_interval)
    : out_(out), err_(err), progress_line_(progress_line), plain_interval_(plain_progress_interval) {}

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

std::string Terminal::format_progress(const ProgressView& view, std::size_t width) {
    std::vector<std::pair<std::uint64_t, std::string>> types;
    for (const auto& [type, count] : view.by_type) types.emplace_back(count, type);
    std::sort(types.rbegin(), types.rend());
    std::string line = printable(view.source_id) + ": " + std::to_string(view.records) + " records";
    if (!types.empty()) {
        line += " (";
        for (std::size_t i = 0; i < types.size() && i < 4; ++i) {
            std::string type = types[i].second;
            if (const auto dot = type.find('.'); dot != std::string::npos) type = type.substr(dot + 1);
            line += (i == 0 ? "" : ", ") + printable(type) + " " + std::to_string(types[i].first);
        }
        line += types.size() > 4 ? ", …)" : ")";
    }
    line += " | " + std::to_string(view.requests) + " requests";
    if (view.rate_limit_remaining >= 0) line += " | rate budget " + std::to_string(view.rate_limit_remaining);
    if (!view.phase.empty()) line += " | " + printable(view.phase);
    if (line.size() > width) line = line.substr(0, width);
    return line;
}

void Terminal::progress(const ProgressView& view) {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (!progress_line_) {
        if (now - last_plain_ < plain_interval_) return;
        last_plain_ = now;
        err_ << rfc3339_utc(std::chrono::system_clock::now()) << " progress " << format_progress(view, 400) << "\n"
             << std::flush;
        return;
    }
    if (shown_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    std::size_t width = 120;
    winsize size{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 10) width = size.ws_col - 1u;
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
