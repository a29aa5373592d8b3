#include "api/etag.hpp"

#include <algorithm>

namespace iru::heroku {

bool etag_usable(std::string_view etag) noexcept {
    return !etag.empty() && etag.size() <= max_etag_length &&
           std::all_of(etag.begin(), etag.end(),
                       [](unsigned char c) { return c >= 0x21 && c <= 0x7e; });
}

}  // namespace iru::heroku
