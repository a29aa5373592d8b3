// Fuzzes the chunked-body decoder: fed whole or in pieces of any size, it emits the same bytes,
// ends at the same byte and refuses the same framing; it never emits more bytes than it was given
// and, until the body ended, uses every byte it is fed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "http/chunked_decoder.hpp"

namespace {

using iru::heroku::http::ChunkedDecoder;
using iru::heroku::http::ChunkedError;

struct Decoded {
    std::string body;
    std::size_t used = 0;
    bool done = false;
    bool refused = false;
};

// Feeds raw in pieces of `step` bytes (0: all at once).
Decoded decode(std::string_view raw, std::size_t step) {
    Decoded out;
    ChunkedDecoder decoder;
    const auto sink = [&](std::string_view data) { out.body.append(data); };
    try {
        std::size_t at = 0;
        while (at < raw.size() && !decoder.done()) {
            const std::size_t n = step == 0 ? raw.size() - at : std::min(step, raw.size() - at);
            const std::size_t used = decoder.feed(raw.substr(at, n), sink);
            if (used > n) std::abort();
            if (used < n && !decoder.done()) std::abort();  // only the end of the body leaves bytes
            at += used;
            if (used < n) break;
        }
        out.used = at;
    } catch (const ChunkedError&) {
        out.refused = true;
    }
    out.done = decoder.done();
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::size_t step = 1 + data[0] % 17;
    const std::string_view raw(reinterpret_cast<const char*>(data + 1), size - 1);

    const Decoded whole = decode(raw, 0);
    const Decoded pieces = decode(raw, step);
    if (whole.refused != pieces.refused || whole.done != pieces.done) std::abort();
    // The same bytes, in the same order, up to the end or the refusal.
    if (whole.body != pieces.body || whole.body.size() > raw.size()) std::abort();
    if (!whole.refused) {
        if (whole.used != pieces.used) std::abort();
        if (!whole.done && whole.used != raw.size()) std::abort();
    }
    return 0;
}
