// How deeply the text of a JSON value nests, found by one pass over its bytes without parsing it:
// brackets inside strings do not count. An answer is checked before it is parsed, so a nesting bomb
// costs one scan of its text rather than a tree (and the recursion of whoever walks the tree).
// Pure function, no I/O; safe to fuzz. Malformed text is not diagnosed here, the parser does that.
#pragma once

#include <cstddef>
#include <string_view>

namespace iru::heroku {

// True when no array or object in `text` is nested more than max_depth levels deep
// ("[]" and "{}" are depth 1, "[[1]]" depth 2, a scalar depth 0). Stops at the first level past it.
bool json_depth_within(std::string_view text, std::size_t max_depth) noexcept;

}  // namespace iru::heroku
