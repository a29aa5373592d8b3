#include "http/chunked_decoder.hpp"

namespace iru::heroku::http {
namespace {

constexpr std::size_t max_line = 4096;

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// "1a3f;ext=1" (CR already removed) -> 0x1a3f.
std::uint64_t parse_size(const std::string& line) {
    std::uint64_t size = 0;
    std::size_t digits = 0;
    for (char c : line) {
        if (c == ';' || c == ' ' || c == '\t') break;
        const int v = hex_value(c);
        if (v < 0) throw ChunkedError("invalid chunk size");
        if (++digits > 15) throw ChunkedError("chunk size too large");
        size = size * 16 + static_cast<std::uint64_t>(v);
    }
    if (digits == 0) throw ChunkedError("missing chunk size");
    return size;
}

}  // namespace

std::size_t ChunkedDecoder::feed(std::string_view raw, const Sink& sink) {
    std::size_t at = 0;
    while (at < raw.size() && state_ != State::done) {
        switch (state_) {
            case State::data: {
                const std::size_t n =
                    static_cast<std::size_t>(std::min<std::uint64_t>(left_, raw.size() - at));
                sink(raw.substr(at, n));
                at += n;
                left_ -= n;
                if (left_ == 0) state_ = State::data_end;
                break;
            }
            case State::size_line:
            case State::data_end:
            case State::trailer: {
                const char c = raw[at++];
                if (c != '\n') {
                    if (line_.size() >= max_line) throw ChunkedError("chunk framing line too long");
                    line_.push_back(c);
                    break;
                }
                if (!line_.empty() && line_.back() == '\r') line_.pop_back();
                if (state_ == State::data_end) {
                    if (!line_.empty()) throw ChunkedError("chunk data longer than its size");
                    state_ = State::size_line;
                } else if (state_ == State::size_line) {
                    left_ = parse_size(line_);
                    state_ = left_ == 0 ? State::trailer : State::data;
                } else if (line_.empty()) {
                    state_ = State::done;  // the blank line after the last chunk (and any trailer)
                }
                line_.clear();
                break;
            }
            case State::done:
                break;
        }
    }
    return at;
}

}  // namespace iru::heroku::http
