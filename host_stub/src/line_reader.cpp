#include "line_reader.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>

#include "text_codec.hpp"

namespace iru::host {

LineReader::LineReader(int fd, std::uint64_t begin, std::uint64_t end)
    : fd_(fd), read_at_(begin), end_(end), buffer_offset_(begin) {}

bool LineReader::fill() {
    if (read_at_ >= end_) return false;
    buffer_.erase(0, consumed_);
    buffer_offset_ += consumed_;
    consumed_ = 0;
    const auto want =
        static_cast<std::size_t>(std::min<std::uint64_t>(chunk_bytes, end_ - read_at_));
    const std::size_t had = buffer_.size();
    buffer_.resize(had + want);
    ssize_t n = -1;
    do {
        n = ::pread(fd_, buffer_.data() + had, want, static_cast<off_t>(read_at_));
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
        buffer_.resize(had);
        throw std::runtime_error(n == 0
                                     ? std::string("the records file is shorter than expected")
                                     : "cannot read the records file: " + system_error_text(errno));
    }
    buffer_.resize(had + static_cast<std::size_t>(n));
    read_at_ += static_cast<std::uint64_t>(n);
    return true;
}

bool LineReader::next(std::string_view* line, std::uint64_t* offset) {
    for (;;) {
        const std::size_t newline = buffer_.find('\n', consumed_);
        if (newline != std::string::npos) {
            *line = std::string_view(buffer_).substr(consumed_, newline - consumed_);
            *offset = buffer_offset_ + consumed_;
            consumed_ = newline + 1;
            return true;
        }
        if (buffer_.size() - consumed_ > max_line_bytes)
            throw std::runtime_error("the records file has a line longer than 64 MiB");
        if (!fill()) {
            if (buffer_.size() > consumed_)
                throw std::runtime_error("the records file does not end with a newline");
            return false;
        }
    }
}

}  // namespace iru::host
