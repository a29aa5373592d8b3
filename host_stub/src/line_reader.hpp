// Reads whole lines of a byte range of an open file, in bounded chunks: what the snapshot index
// and carry_forward read a records file with. One owner; pread only (the file offset is not moved).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace iru::host {

class LineReader {
public:
    static constexpr std::size_t chunk_bytes = std::size_t{1} << 20;
    static constexpr std::size_t max_line_bytes = std::size_t{64} << 20;  // larger: refused

    // Lines of [begin, end) of fd; fd stays the caller's.
    LineReader(int fd, std::uint64_t begin, std::uint64_t end);

    // The next line, without its '\n', valid until the next call, and its offset; false at the
    // end of the range. Throws
    // std::runtime_error on a read error, a line over max_line_bytes, or a range that does not end
    // with '\n'.
    bool next(std::string_view* line, std::uint64_t* offset);

private:
    bool fill();  // reads one more chunk; false at the end of the range

    int fd_;
    std::uint64_t read_at_;
    std::uint64_t end_;
    std::string buffer_;           // unread bytes from buffer_offset_
    std::uint64_t buffer_offset_;  // file offset of buffer_[0]
    std::size_t consumed_ = 0;     // bytes of buffer_ already returned
};

}  // namespace iru::host
