// Decodes an HTTP/1.1 chunked body from the raw bytes of a connection and knows whether it ended:
// Poco's chunked stream reports a connection closed mid-body as a normal end, which made a torn
// answer look whole. Pure, no I/O; safe to fuzz.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace iru::heroku::http {

class ChunkedError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ChunkedDecoder {
public:
    using Sink = std::function<void(std::string_view data)>;

    // Feeds raw bytes; body bytes go to sink. Returns how many bytes of `raw` were used: all of
    // them, or fewer once the body ended (the rest is not part of it). Throws ChunkedError on
    // malformed framing.
    std::size_t feed(std::string_view raw, const Sink& sink);
    // True once the last chunk and the trailer's blank line were read.
    bool done() const noexcept { return state_ == State::done; }

private:
    enum class State { size_line, data, data_end, trailer, done };
    State state_ = State::size_line;
    std::string line_;        // the size or trailer line being read
    std::uint64_t left_ = 0;  // bytes of the current chunk still to come
};

}  // namespace iru::heroku::http
