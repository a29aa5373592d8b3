// Fuzzes the error-answer handling: any body and status map to an ApiError without throwing
// anything else, with a bounded, printable message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/api_error_mapping.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const int status = 100 + (data[0] | (data[1] << 8)) % 500;
    const std::string_view body(reinterpret_cast<const char*>(data + 2), size - 2);

    const auto parsed = iru::heroku::parse_error_body(body);
    if (parsed.message.size() > 1024 || parsed.id.size() > 1024) std::abort();

    const auto error = iru::heroku::error_for_response(status, body, "req-fuzz", "GET /apps");
    const std::string_view message = error.what();
    if (message.empty() || message.size() > 4096) std::abort();
    for (const char c : message)
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') std::abort();
    return 0;
}
